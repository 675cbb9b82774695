package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/chainrule/chainrule/nets"
)

// modelMeta is what `chainrule train --out FILE` writes beside the model,
// in FILE.meta.json, so that eval can rebuild the same test part without
// being told the data and seed again.
type modelMeta struct {
	Data    string `json:"data"`              // the --data value
	Seed    uint64 `json:"seed"`              // the --seed value (makes the split)
	Classes string `json:"classes,omitempty"` // the --classes value
}

// metaPath is where the settings of the model at path are kept.
func metaPath(path string) string { return path + ".meta.json" }

// saveModel writes the model with nets.Save and its settings beside it.
func saveModel(net nets.Network, path string, meta modelMeta) error {
	if err := nets.Save(net, path); err != nil {
		return err
	}
	b, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(metaPath(path), append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("saving model settings: %w", err)
	}
	return nil
}

// loadMeta reads the settings saved beside a model; ok is false when there
// are none.
func loadMeta(path string) (meta modelMeta, ok bool, err error) {
	b, err := os.ReadFile(metaPath(path))
	if os.IsNotExist(err) {
		return meta, false, nil
	}
	if err != nil {
		return meta, false, err
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return meta, false, fmt.Errorf("%s: %w", metaPath(path), err)
	}
	return meta, true, nil
}
