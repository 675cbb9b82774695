package metrics

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// writeFileAtomic writes a file at path through write, so that path holds
// either its old content or the complete new content, never a partial file:
// it writes a temporary file in the same directory, syncs it, and renames it
// over path. The file gets mode 0644.
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = write(f); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	// Make the rename durable; not every platform can sync a directory,
	// so a failure here is not reported.
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
