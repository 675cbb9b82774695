package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/nets"
)

// maxGraphSeq bounds graph --seq: each step adds some 16 nodes (with
// --grad) to the text printed.
const maxGraphSeq = 1000

// graphMemory bounds what graph may allocate for weights and buffers.
const graphMemory = 1 << 30

// runGraph builds a small network's training graph with nets.Compile and
// prints it as text or Graphviz DOT, with its gradient nodes when asked.
func runGraph(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("graph", "[--net ff] [--in 2] [--hidden 2] [--out 2] [--batch 1] [--grad] [--dot]", stderr)
	net := fs.String("net", "ff", "network: perceptron, ff, dff, rnn, lstm, gru or cnn")
	in := fs.Int("in", 2, "inputs per sample (per step for rnn, lstm and gru; for cnn a square image's pixels, default 16: 4×4)")
	channels := fs.String("channels", "2", "cnn only: filters of each conv block")
	hidden := fs.String("hidden", "", "hidden sizes, comma-separated (default 2; 2,2 for dff; none for perceptron)")
	out := fs.Int("out", 2, "outputs")
	batch := fs.Int("batch", 1, "batch size (rows of the input)")
	seq := fs.Int("seq", 3, "time steps (rnn, lstm and gru only)")
	act := fs.String("act", "", "hidden activation: sigmoid, tanh or relu (default: the net's)")
	loss := fs.String("loss", "", "loss: sse, bce, softmax-ce or mse (default: the net's)")
	grad := fs.Bool("grad", false, "also build and print the gradient nodes (autodiff.Grad)")
	dot := fs.Bool("dot", false, "print Graphviz DOT instead of text")
	if err := parse(fs, args); err != nil {
		return err
	}
	kind, err := parseKind(*net)
	if err != nil {
		return err
	}
	if err := checkGraphFlags(fs, kind, *in, *out, *batch, *seq, *act, *loss, *hidden); err != nil {
		return err
	}
	if *hidden == "" {
		*hidden = map[nets.Kind]string{nets.KindPerceptron: "", nets.KindDFF: "2,2"}[kind]
		if kind == nets.KindFF || kind.Recurrent() || kind == nets.KindCNN {
			*hidden = "2"
		}
	}
	hs, err := parseHidden(*hidden)
	if err != nil {
		return err
	}
	if err := checkHidden(kind, hs, *hidden); err != nil {
		return err
	}
	if kind.Recurrent() && (*seq < 1 || *seq > maxGraphSeq) {
		return usagef("--seq %d, want 1..%d (the unrolled graph is printed whole)", *seq, maxGraphSeq)
	}
	// The program is built, never run: refuse weights and buffers beyond
	// graphMemory rather than allocate them.
	defer graph.SetMemoryLimit(graph.SetMemoryLimit(min(graphMemory, graph.MemoryLimit())))
	spec := nets.Spec{Kind: kind, Inputs: *in, Hidden: hs, Outputs: *out,
		Activation: nets.Activation(strings.ToLower(*act)), Loss: nets.Loss(strings.ToLower(*loss))}
	if kind.Recurrent() {
		spec.SeqLen = *seq
	}
	if err := graphCNN(fs, kind, &spec, *channels); err != nil {
		return err
	}
	n, err := nets.New(spec, 1)
	if err != nil {
		return err
	}
	c, err := nets.Compile(n, *batch, *grad)
	if err != nil {
		return err
	}
	if *dot {
		return c.Graph.WriteDOT(stdout)
	}
	s := n.Spec()
	fmt.Fprintf(stdout, "# %s: %d inputs, hidden %v, %d outputs, %s hidden units, loss %s, batch %d; %d nodes\n",
		s.Kind, s.Inputs, s.Hidden, s.Outputs, s.Activation, s.Loss, *batch, c.Graph.Len())
	if err := c.Graph.WriteText(stdout); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "# output = %%%d, loss = %%%d\n", c.Output.ID(), c.Loss.ID())
	for i, g := range c.Grads {
		fmt.Fprintf(stdout, "# dloss/d%s = %%%d\n", c.ParamNames[i], g.ID())
	}
	return nil
}

// checkGraphFlags checks graph's values before anything is built: every
// size at least 1, and activation, loss and hidden sizes given explicitly
// as "" are errors rather than the net's defaults.
func checkGraphFlags(fs *flag.FlagSet, kind nets.Kind, in, out, batch, seq int, act, loss, hidden string) error {
	for _, n := range []struct {
		name string
		v    int
	}{{"in", in}, {"out", out}, {"batch", batch}, {"seq", seq}} {
		if n.v < 1 {
			return usagef("--%s %d, want >= 1", n.name, n.v)
		}
	}
	given := givenFlags(fs)
	if err := notEmpty(given, "act", act, "sigmoid, tanh or relu"); err != nil {
		return err
	}
	if err := notEmpty(given, "loss", loss, "sse, bce, softmax-ce or mse"); err != nil {
		return err
	}
	if kind != nets.KindPerceptron {
		if err := notEmpty(given, "hidden", hidden, "hidden sizes such as 2 or 2,2"); err != nil {
			return err
		}
	}
	if _, err := parseAct(act); err != nil {
		return err
	}
	_, err := parseLoss(loss)
	return err
}
