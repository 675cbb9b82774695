package main

import (
	"fmt"
	"io"

	"github.com/chainrule/chainrule/datasets"
)

// loadMNISTDir trains on a directory's train files and tests on its t10k
// files, pixels scaled to [0.01, 0.99].
func loadMNISTDir(dir string) (*prepared, error) {
	train, err := datasets.LoadMNISTDir(dir, "train")
	if err != nil {
		return nil, err
	}
	test, err := datasets.LoadMNISTDir(dir, "t10k")
	if err != nil {
		return nil, err
	}
	for _, ds := range []*datasets.Dataset{train, test} {
		if err := ds.ScaleRange(0.01, 0.99, 0, 255); err != nil {
			return nil, err
		}
	}
	p := &prepared{name: dir, key: "mnist", train: train, test: test, split: "the directory's t10k files"}
	p.steps, p.feat = layout(train)
	return p, nil
}

// loadFER trains on the rows whose Usage is Training and tests on the
// PublicTest and PrivateTest rows, reading the stream r (the file at path)
// once; a file without test rows is split into a stratified held-out fifth
// instead. Pixels are scaled to [0.01, 0.99]. With lecture, only the slide's
// five expressions are kept, renumbered 0 Angry, 1 Disgust, 2 Sad, 3 Happy,
// 4 Surprise (datasets.FERLectureFive).
func loadFER(r io.Reader, path string, seed uint64, lecture bool) (*prepared, error) {
	var emotions []int
	if lecture {
		emotions = datasets.FERLectureFive.Emotions
	}
	parts, err := datasets.LoadFER2013Parts(r, path, emotions,
		[]datasets.FERUsage{datasets.FERTraining}, []datasets.FERUsage{datasets.FERPublicTest, datasets.FERPrivateTest})
	if err != nil {
		return nil, err
	}
	train, test := parts[0], parts[1]
	if train == nil {
		return nil, fmt.Errorf("%s: no Training rows (of the selected classes) to train on", path)
	}
	var p *prepared
	if test == nil { // no test rows: hold out a fifth of the training rows
		if p, err = stratified("fer2013", train, seed); err != nil {
			return nil, err
		}
	} else {
		p = &prepared{key: "fer2013", train: train, test: test, split: "the PublicTest and PrivateTest rows"}
		p.steps, p.feat = layout(train)
	}
	p.name = path
	for _, ds := range []*datasets.Dataset{p.train, p.test} {
		if err := ds.ScaleRange(0.01, 0.99, 0, 255); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// keypointsScale maps pixel coordinates 0..96 to −1..1 and back.
const keypointsScale = datasets.KeypointsSide / 2

// loadKeypoints reads a facial-keypoints training CSV from r (the file at
// path), keeps every row with a mask of the present coordinates, scales
// pixels to [0.01, 0.99] and coordinates to [−1, 1], and holds out a random
// fifth.
func loadKeypoints(r io.Reader, path string, seed uint64) (*prepared, error) {
	ds, err := datasets.LoadKeypoints(r, path, datasets.KeypointsOptions{})
	if err != nil {
		return nil, err
	}
	if err := ds.ScaleRange(0.01, 0.99, 0, 255); err != nil {
		return nil, err
	}
	ys := ds.Y.Float64s()
	for i, v := range ys {
		ys[i] = (v - keypointsScale) / keypointsScale
	}
	if ds.Mask != nil {
		for i, m := range ds.Mask.Float64s() {
			if m == 0 {
				ys[i] = 0
			}
		}
	}
	train, test, err := datasets.Split(ds, testFraction, seed)
	if err != nil {
		return nil, err
	}
	p := &prepared{name: path, key: "keypoints", train: train, test: test, yScale: keypointsScale,
		split: fmt.Sprintf("random held-out fifth, seed %d", seed)}
	p.steps, p.feat = layout(ds)
	return p, nil
}
