// Package atomicfile writes a file so that readers see the old content or
// the new, never a mix.
//
// It is a copy of the private writeAtomic of package nets (nets/save.go),
// made so that package layers can use it without importing nets; nets can
// switch to it when its save code next changes.
package atomicfile

import (
	"os"
	"path/filepath"

	"github.com/pkg/errors"
)

// Write writes data to a temporary file next to path (named
// .<base>.tmp-<random>), syncs it, makes it 0644, renames it to path and
// syncs the directory. A failed write removes the temporary file; a process
// killed mid-write leaves it behind with path untouched, and later writes
// use fresh names.
func Write(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return errors.WithStack(err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err == nil {
		err = f.Chmod(0o644) // CreateTemp makes 0600; a model is a shareable file
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		return errors.WithStack(err)
	}
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync() // not every file system can sync a directory
		_ = d.Close()
	}
	return nil
}
