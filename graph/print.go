package graph

import (
	"fmt"
	"io"
	"strings"
)

// WriteText writes one line per node: id, label, operands, shape and dtype.
func (g *Graph) WriteText(w io.Writer) error {
	for _, n := range g.nodes {
		if _, err := fmt.Fprintln(w, textLine(n)); err != nil {
			return err
		}
	}
	return nil
}

// String returns the text form of the graph (see WriteText).
func (g *Graph) String() string {
	var b strings.Builder
	_ = g.WriteText(&b)
	return b.String()
}

func textLine(n *Node) string {
	if n.bad {
		return fmt.Sprintf("%4d  %s  <bad>", n.id, n.name)
	}
	var args string
	if n.kind == KindOp {
		ids := make([]string, len(n.in))
		for i, a := range n.in {
			ids[i] = fmt.Sprintf("%%%d", a.id)
		}
		args = "(" + strings.Join(ids, ", ") + ")"
	} else {
		args = " " + n.kind.String()
	}
	return fmt.Sprintf("%4d  %s%s  %s %v", n.id, n.label(), args, shapeString(n.shape), n.dtype)
}

// WriteDOT writes the graph in Graphviz DOT: leaves as boxes (inputs,
// params, constants), ops as ellipses, edges from operands to results.
func (g *Graph) WriteDOT(w io.Writer) error {
	var b strings.Builder
	b.WriteString("digraph chainrule {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n")
	for _, n := range g.nodes {
		style := "shape=ellipse"
		switch n.kind {
		case KindInput:
			style = "shape=box, style=filled, fillcolor=\"#dde8ff\""
		case KindParam:
			style = "shape=box, style=filled, fillcolor=\"#ffe7c2\""
		case KindConst:
			style = "shape=box, style=dashed"
		}
		if n.bad {
			style = "shape=octagon, color=red"
		}
		label := fmt.Sprintf("%s\\n%s", escapeDOT(n.label()), shapeString(n.shape))
		fmt.Fprintf(&b, "  n%d [label=\"%s\", %s];\n", n.id, label, style)
		for _, a := range n.in {
			fmt.Fprintf(&b, "  n%d -> n%d;\n", a.id, n.id)
		}
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func escapeDOT(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}
