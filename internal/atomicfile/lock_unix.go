//go:build unix

package atomicfile

import (
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// renameOpen: on Unix a file may be renamed while open, so Write holds the
// lock on its temporary file through the rename.
const renameOpen = true

// lock takes the flock that marks f as a temporary file in use. A file
// system without flock leaves it unlocked; the age check then applies.
func lock(f *os.File) { _ = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB) }

// removeIfUnused removes the temporary file p (last seen as fi) when no
// process holds its lock, or, where locks cannot be tested, when it is
// older than UnlockedStaleAge.
func removeIfUnused(p string, fi os.FileInfo, now time.Time) bool {
	fd, err := unix.Open(p, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return false
	}
	f := os.NewFile(uintptr(fd), p)
	defer f.Close()
	switch err := unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB); {
	case err == unix.EWOULDBLOCK:
		return false // a running save holds it
	case err != nil && now.Sub(fi.ModTime()) <= UnlockedStaleAge:
		return false // cannot tell; only the long age decides
	}
	// Remove the very file that was judged: not one created under the same
	// name since.
	if cur, err := f.Stat(); err != nil || !os.SameFile(cur, fi) {
		return false
	}
	if cur, err := os.Lstat(p); err != nil || !os.SameFile(cur, fi) {
		return false
	}
	return os.Remove(p) == nil
}
