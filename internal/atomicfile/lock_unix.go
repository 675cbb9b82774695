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

// lock takes the flock that marks the new temporary file f as in use and
// reports whether f is still there: a cleanup that opened it in the
// instant before (it removes a file only while holding its lock) may have
// removed it, and then Write makes another. On a file system without
// flock, f stays unlocked (the age check then protects it) and lock
// reports true.
func lock(f *os.File) bool {
	err := unix.Flock(int(f.Fd()), unix.LOCK_EX) // waits out a cleanup holding it
	for err == unix.EINTR {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX)
	}
	if err != nil {
		return true
	}
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	cur, err := os.Lstat(f.Name())
	return err == nil && os.SameFile(fi, cur)
}

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
