package main

import (
	"io"
	"time"
)

// runEval loads a saved model and evaluates it, weights frozen, on the test
// part of a dataset: an MNIST directory's t10k files, a FER2013 file's test
// rows, or the held-out part that train made with the same seed. The data,
// seed and classes default to those saved in the model file (or, for a
// model saved before format 2, in FILE.meta.json beside it).
func runEval(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval", "--model FILE [--data NAME|PATH] [--seed S] [--json]", stderr)
	model := fs.String("model", "", "model file written by train --out (required)")
	data := fs.String("data", "", "data set, as for train (default: the one saved in FILE)")
	seed := fs.Uint64("seed", 1, "seed of the split (default: the one saved in FILE, else 1)")
	classes := fs.String("classes", "", "FER2013 only: all or lecture (default: the one saved in FILE, else all)")
	asJSON := fs.Bool("json", false, "print one JSON object on one line instead of tables")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *model == "" {
		return usagef("eval: --model FILE is required")
	}
	if _, err := parseClasses(*classes); err != nil {
		return err
	}
	if err := notEmpty(givenFlags(fs), "data", *data, "a built-in name or a path"); err != nil {
		return err
	}
	start := time.Now()
	net, meta, ok, err := loadModel(*model)
	if err != nil {
		return err
	}
	if ok && !flagSet(fs, "seed") {
		*seed = meta.Seed
	}
	if ok && !flagSet(fs, "classes") {
		*classes = meta.Classes
	}
	if *data == "" {
		if !ok {
			return usagef("eval: --data is required (%s holds no data settings and has no %s beside it)", *model, metaPath(*model))
		}
		*data = meta.Data
	}
	p, err := loadData(*data, *seed, *classes)
	if err != nil {
		return err
	}
	if ok {
		if err := checkMeta(meta, *data, *model, p); err != nil {
			return err
		}
	}
	res, err := evaluate(net, p)
	if err != nil {
		return err
	}
	res.Command, res.Seed, res.Model = "eval", *seed, *model
	res.describe(net)
	res.TotalSeconds = round3(time.Since(start).Seconds())
	res.Seconds = res.TotalSeconds
	if *asJSON {
		return writeJSON(stdout, res)
	}
	res.print(stdout)
	return nil
}
