package main

import (
	"slices"
	"testing"

	"github.com/chainrule/chainrule/nets"
)

// The cnn's MNIST defaults are chosen by the training part's size: the
// embedded 8,000 images and a directory of largeMNIST−1 training images
// keep the small-set recipe; one of largeMNIST images gets the large one.
func TestCNNDefaultsLargeMNIST(t *testing.T) {
	small, err := loadData("mnist", 1, "")
	if err != nil {
		t.Fatal(err)
	}
	dir := func(n int) *prepared {
		d := t.TempDir()
		writeIDX(t, d, "train", n)
		writeIDX(t, d, "t10k", 10)
		p, err := loadData(d, 1, "")
		if err != nil {
			t.Fatal(err)
		}
		if p.key != "mnist" || p.train.Len() != n {
			t.Fatalf("directory: key %q, %d training images, want mnist, %d", p.key, p.train.Len(), n)
		}
		return p
	}
	// The small-set recipe's epochs and decay are tuned elsewhere (branch
	// bn); here both small parts must get the same ones.
	embedded := defaults(nets.KindCNN, small)
	smallRecipe := hyper{channels: []int{16, 32}, batchNorm: true, epochs: embedded.epochs, decay: embedded.decay, shift: 2}
	if embedded.epochs < 15 || embedded.decay < 0.8 {
		t.Errorf("embedded MNIST: %d epochs, decay %v: not the small-set recipe's many passes", embedded.epochs, embedded.decay)
	}
	for _, tc := range []struct {
		name string
		p    *prepared
		want hyper
	}{
		{"embedded", small, smallRecipe},
		{"below", dir(largeMNIST - 1), smallRecipe},
		{"large", dir(largeMNIST), hyper{channels: []int{32, 64}, batchNorm: false, epochs: 12, decay: 0.8, shift: 2}},
	} {
		h := defaults(nets.KindCNN, tc.p)
		w := tc.want
		if !slices.Equal(h.channels, w.channels) || h.batchNorm != w.batchNorm || h.epochs != w.epochs || h.decay != w.decay || h.shift != w.shift {
			t.Errorf("%s (%d images): channels %v, batch norm %v, %d epochs, decay %v, shift %d; want %v, %v, %d, %v, %d",
				tc.name, tc.p.train.Len(), h.channels, h.batchNorm, h.epochs, h.decay, h.shift,
				w.channels, w.batchNorm, w.epochs, w.decay, w.shift)
		}
	}
	if largeMNIST != 30000 {
		t.Errorf("largeMNIST = %d, docs/cli.md says 30,000", largeMNIST)
	}
}
