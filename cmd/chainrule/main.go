// Command chainrule trains, evaluates and inspects chainrule's networks from
// the command line.
//
//	chainrule train [flags]      train a network and report test metrics
//	chainrule eval [flags]       evaluate a saved model on unseen data
//	chainrule export [flags]     write a saved model as an ONNX file
//	chainrule gradcheck [flags]  finite-difference check of every op
//	chainrule graph [flags]      print a network's expression graph
//	chainrule descent [flags]    the lecture's gradient descent on e(w)
//	chainrule version            version, Go version and BLAS
//	chainrule help [command]     the commands, or a command's flags
//
// Errors are printed on standard error as one line starting with
// "chainrule: "; the exit status is 1 for a failure and 2 for a usage
// error (an unknown command or flag, or a flag value out of range). See
// docs/cli.md for every flag and the JSON output.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// main runs the command line and exits with run's status.
func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// command is one subcommand: its name, a one-line summary and its body.
type command struct {
	name, summary string
	run           func(args []string, stdout, stderr io.Writer) error
}

// commands lists the subcommands in the order usage shows them.
func commands() []command {
	return []command{
		{"train", "train a network on a dataset and report test metrics", runTrain},
		{"eval", "evaluate a saved model on data it never saw", runEval},
		{"export", "write a saved model as an ONNX file (for ONNX Runtime, Triton)", runExport},
		{"gradcheck", "check every op's gradient against finite differences", runGradcheck},
		{"graph", "print a network's expression graph (text or Graphviz DOT)", runGraph},
		{"descent", "gradient descent on the lecture's e(w) = w^4 - 27w^2 + 14w + 120", runDescent},
		{"version", "print the version, Go version and BLAS in use", runVersion},
		{"help", "show this help", nil},
	}
}

// usageError marks an error in the command line itself (exit status 2):
// an unknown flag, a value that does not parse or is out of range, flags
// that contradict each other.
type usageError struct{ msg string }

// Error returns the message.
func (e *usageError) Error() string { return e.msg }

// usagef returns a usage error.
func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// run is the whole command: it parses args (without the program name),
// writes results to stdout and errors to stderr, and returns the exit
// status: 0 on success, 1 on failure, 2 on a usage error. A panic anywhere
// below is recovered and reported as one line.
func run(args []string, stdout, stderr io.Writer) int {
	return dispatch(commands(), args, stdout, stderr)
}

// dispatch runs the command named by args[0] from cmds.
func dispatch(cmds []command, args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "chainrule: internal error: %s\n", oneLine(fmt.Sprint(r)))
			code = 1
		}
	}()
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		return help(cmds, args[1:], stdout, stderr)
	}
	for _, c := range cmds {
		if c.name == name && c.run != nil {
			return report(name, c.run(args[1:], stdout, stderr), stderr)
		}
	}
	fmt.Fprintf(stderr, "chainrule: unknown command %q; run 'chainrule help' for the commands\n", name)
	return 2
}

// help writes the command list, or with one argument that command's flags
// (as `chainrule <command> -h` does); anything else is a usage error.
func help(cmds []command, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stdout)
		return 0
	}
	if len(args) == 1 {
		for _, c := range cmds {
			if c.name == args[0] && c.run != nil {
				return report(c.name, c.run([]string{"-h"}, stdout, stderr), stderr)
			}
		}
		return report("help", usagef("unknown command %q", args[0]), stderr)
	}
	return report("help", usagef("unexpected argument %q", args[1]), stderr)
}

// report prints err (if any) for the command name as one line and returns
// the exit status for it: 2 for a usage error, whose line names the command
// and says how to see its flags, 1 for any other error.
func report(name string, err error, stderr io.Writer) int {
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		msg := oneLine(ue.msg)
		if !strings.HasPrefix(msg, name+": ") {
			msg = name + ": " + msg
		}
		fmt.Fprintf(stderr, "chainrule: %s; run 'chainrule %s -h' for usage\n", msg, name)
		return 2
	}
	fmt.Fprintf(stderr, "chainrule: %s\n", oneLine(err.Error()))
	return 1
}

// usage writes the top-level help.
func usage(w io.Writer) {
	fmt.Fprintln(w, "chainrule: neural networks as expression graphs, trained by reverse-mode autodiff")
	fmt.Fprintln(w, "\nUsage:\n  chainrule <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'chainrule <command> -h' for a command's flags.")
}

// oneLine folds a message onto one line.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	s = strings.ReplaceAll(s, "\r", "")
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " | ")), " ")
}

// newFlags returns a FlagSet for a subcommand that reports errors instead
// of exiting and prints its usage (with the summary line) on stderr.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("chainrule "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: chainrule %s %s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args into fs and rejects positional arguments. A flag that
// is unknown or whose value does not parse comes back as a usage error
// holding the flag package's message (nothing is printed here, so the
// error is one line); -h prints the usage and comes back as flag.ErrHelp.
func parse(fs *flag.FlagSet, args []string) error {
	out, help := fs.Output(), fs.Usage
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.SetOutput(out)
	fs.Usage = help
	if errors.Is(err, flag.ErrHelp) {
		fs.Usage()
		return err
	}
	if err != nil {
		return usagef("%s", err.Error())
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	return givenFlags(fs)[name]
}

// givenFlags returns the names of the flags given on the command line, so
// that a flag's explicit value (even its zero) can be told from its absence.
func givenFlags(fs *flag.FlagSet) map[string]bool {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	return given
}
