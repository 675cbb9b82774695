package main

import (
	"fmt"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/nets"
)

// checkHiddenSize fails, before any data is read, when the float64 weights
// between the hidden layers alone (Wh of an RNN, the middle matrices of a
// DFF) would take more than graph.MemoryLimit; nets.New checks the whole
// network once the data gives the input and output widths.
func checkHiddenSize(kind nets.Kind, hs []int) error {
	n := 0 // each size is at most 65536 (parseHidden), so this cannot overflow
	switch {
	case kind == nets.KindRNN && len(hs) == 1:
		n = hs[0] * hs[0]
	case kind == nets.KindLSTM || kind == nets.KindGRU:
		for i, h := range hs { // each layer's Wh, and the Wx of a layer above the first
			in := h
			if i > 0 {
				in = hs[i-1] + h
			}
			n += map[nets.Kind]int{nets.KindLSTM: 4, nets.KindGRU: 3}[kind] * in * h
		}
	case kind == nets.KindDFF:
		for i := 0; i+1 < len(hs); i++ {
			n += hs[i] * hs[i+1]
		}
	}
	if b, limit := 8*n, graph.MemoryLimit(); b > limit {
		return fmt.Errorf("train: --hidden %s: the %d weights between the hidden layers alone take %s, %w of %s",
			joinInts(hs, ","), n, graph.FormatBytes(b), graph.ErrMemoryLimit, graph.FormatBytes(limit))
	}
	return nil
}
