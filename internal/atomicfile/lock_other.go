//go:build !unix

package atomicfile

import (
	"os"
	"time"
)

// renameOpen: Write closes its temporary file before renaming it, which not
// every system allows for an open file.
const renameOpen = false

// lock does nothing and reports true: without flock the age alone decides.
func lock(*os.File) bool { return true }

// removeIfUnused removes the temporary file p (last seen as fi) when it is
// older than UnlockedStaleAge.
func removeIfUnused(p string, fi os.FileInfo, now time.Time) bool {
	if now.Sub(fi.ModTime()) <= UnlockedStaleAge {
		return false
	}
	if cur, err := os.Lstat(p); err != nil || !os.SameFile(cur, fi) {
		return false
	}
	return os.Remove(p) == nil
}
