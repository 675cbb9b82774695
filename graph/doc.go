// Package graph holds chainrule's symbolic expression graphs and the executor
// that runs them.
//
// # Building
//
// A Graph is an append-only list of nodes; every node refers only to earlier
// ones, so the list is already a topological order (the tape). Leaves are
// inputs (fed at run time), params (trainable, each holding its own value) and
// constants. Op nodes are made by the ops package through Apply.
//
// Building never panics. When an op cannot be built (shapes that do not
// broadcast, a dtype mismatch, a nil operand) Apply returns a node marked bad
// and the graph records the first such error, naming the op, the operand
// shapes and the caller's file:line. Every later op on a bad node is bad too,
// and Err, Compile and autodiff.Grad return the recorded error.
//
// # Running
//
// Compile orders the nodes that the requested outputs need and allocates
// every buffer once. Program.Run reuses them: a steady-state run allocates
// nothing. Inputs are fed by Run's Feeds map, by Program.Set (a copy into the
// input's own buffer) or by Program.Bind (the input reads a caller-owned
// tensor). Params are not copied: the program reads and solvers write the very
// tensor given to Graph.Param. CompileWith(Fast, ...) also fuses activations
// with the op feeding them, hands dead intermediate buffers out again and
// writes in place where ops allow; then only outputs, inputs, params and
// constants can be read with Program.Value (which returns nil for any other
// node; Program.ValueOf says why instead).
//
// A program starts in evaluation mode; Program.SetTraining(true) switches
// it to training, in which each run advances a run counter. Ops that read
// the mode and counter (dropout) implement ModeOp; see Mode.
//
// # Views
//
// Kernels read a tensor's backing array in memory order, so a view whose
// elements are in another order (after tensor's T(), or a Slice that skips
// elements) is read in its logical order where the graph copies it and
// refused where the graph keeps it: Set, Run and Const copy a view's elements
// in logical order; Param and Bind, which keep the caller's tensor, return an
// error naming the node; RowMajor makes the copy they can take. A contiguous
// view (whole rows) is a plain tensor.
//
// The zero value of Graph is an empty graph, like New().
//
// # Memory
//
// Nothing a shape says may make chainrule allocate more than the machine
// holds, or panic. Every node's shape is checked once, when it is built
// (Input, Full, and every op result in Apply; ops that allocate a row plan
// at build time call CheckSize before they do): a dimension below 1, an
// element count or byte size that overflows an int, or a value that alone
// takes more than MemoryLimit gives a bad node and an error naming the shape
// and its size. Compile plans its steps and shared buffers first, adds up
// the bytes it will allocate for inputs and op results, and returns an error
// wrapping ErrMemoryLimit, having allocated nothing, when they exceed
// CompileOptions.MemoryLimit (zero: MemoryLimit). The default limit is half
// of the physical memory (MemTotal in /proc/meminfo, or the cgroup's
// memory.max when lower; 4 GiB where neither can be read); SetMemoryLimit
// changes it for the process. Param and constant tensors are the caller's
// and are not counted; neither is the graph itself, nor the scratch a matrix
// product may take at run time (a packed copy of an operand at most).
//
// # Printing
//
// Graph.String and Graph.WriteText print one line per node; Graph.WriteDOT
// writes Graphviz DOT. Gradient nodes appended by autodiff.Grad are ordinary
// nodes and print like any other.
//
// # Concurrency
//
// Build a Graph on one goroutine. Once built, a graph may be compiled any
// number of times, also concurrently, and each Program run on its own
// goroutine: a Program is not safe for concurrent use, but programs share
// nothing except the graph (read only) and the param and constant tensors.
// Those may be read by many programs at once (inference with frozen
// weights); a solver must not update them while another goroutine runs a
// program that reads them. TestProgramsPerGoroutineShareParams checks this
// under the race detector in CI.
package graph
