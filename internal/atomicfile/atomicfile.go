// Package atomicfile writes a file so that readers see either its old
// content or the complete new one, never a mix, and removes the temporary
// files that killed writes left behind. nets.Save, nets.SaveNPZ and the
// metrics PNGs all write through it.
//
// # Temporary files and their cleanup
//
// Write(path, …) writes into a new file named .<base>.tmp-<digits> in path's
// directory (os.CreateTemp's random digits), syncs it, renames it over path
// and syncs the directory. A write that fails removes its temporary file; a
// process killed mid-write cannot, so before creating its own temporary
// file Write removes the stale ones of the same target. A file is stale
// when all of these hold:
//
//   - its name is exactly "." + base + ".tmp-" followed by one or more
//     decimal digits (so a save to m never touches the temporaries of
//     m.tmp-1, of another target, or anything a user named);
//   - it is a regular file, not a symlink or a directory (Lstat);
//   - it was last modified more than StaleAge ago;
//   - on Unix, no process holds the flock(2) that every Write takes on its
//     temporary file from right after creating it until after the rename:
//     the kernel drops that lock when its process dies, so a locked file
//     belongs to a save that is still running, however long it takes, and
//     is kept. Where flock is not available (other systems, or a file
//     system that refuses it) the age alone decides, with UnlockedStaleAge.
//
// Two concurrent saves to one target therefore never remove each other's
// file: each one's temporary is locked while it is written. A cleanup
// removes a file only while holding its lock, and a save, having locked
// its new file, checks that the file is still there (making another if a
// cleanup took it in the instant between creation and lock), so even the
// age check is only a second line of defence where flock works. A save
// whose temporary is nevertheless removed under it (a process stopped for
// longer than UnlockedStaleAge on a system without flock) fails its rename
// with an error and leaves path as it was.
package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// StaleAge is how long ago an unlocked temporary file must have been last
// modified before Write removes it (see the package doc).
const StaleAge = time.Minute

// UnlockedStaleAge is the age after which Write removes a temporary file
// whose lock it cannot test.
const UnlockedStaleAge = 24 * time.Hour

// Write writes path through write as the package doc describes: path holds
// its old content until the new content is complete and synced, and gets
// mode 0644. It returns write's error, or the file system's (these name the
// file), leaving path untouched and no temporary file behind.
func Write(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	RemoveStale(path, time.Now())
	f, err := createLocked(dir, base)
	if err != nil {
		return err
	}
	tmp := f.Name()
	open := true
	defer func() {
		if open {
			_ = f.Close()
		}
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	if err = write(f); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil { // CreateTemp makes 0600
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if !renameOpen { // the lock is only held through the rename where renaming an open file is allowed
		open = false
		if err = f.Close(); err != nil {
			return err
		}
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	if open { // the content is synced; a close error can no longer lose it
		open = false
		_ = f.Close()
	}
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync() // not every file system can sync a directory
		_ = d.Close()
	}
	return nil
}

// createLocked creates and locks a new temporary file for the target base
// in dir. A cleanup can remove a file in the instant between its creation
// and its lock; lock sees that, and a fresh file is made.
func createLocked(dir, base string) (*os.File, error) {
	for try := 0; try < 10; try++ {
		f, err := os.CreateTemp(dir, "."+base+".tmp-*")
		if err != nil {
			return nil, err
		}
		if lock(f) {
			return f, nil
		}
		_ = f.Close()
	}
	return nil, errors.New("atomicfile: ten new temporary files in " + dir + " were removed as soon as they were made")
}

// WriteBytes is Write for data already in memory.
func WriteBytes(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// IsTemp reports whether name (a base name) is one of the temporary files
// Write makes for a target whose base name is base.
func IsTemp(name, base string) bool {
	rest, ok := strings.CutPrefix(name, "."+base+".tmp-")
	if !ok || rest == "" {
		return false
	}
	for _, c := range rest {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// RemoveStale removes the stale temporary files (see the package doc) of
// the target path, judging their age at now, and returns how many it
// removed. Errors are ignored: cleaning up is a courtesy, never a reason
// for a save to fail.
func RemoveStale(path string, now time.Time) int {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	d, err := os.Open(dir)
	if err != nil {
		return 0
	}
	names, _ := d.Readdirnames(-1)
	_ = d.Close()
	removed := 0
	for _, name := range names {
		if !IsTemp(name, base) {
			continue
		}
		p := filepath.Join(dir, name)
		fi, err := os.Lstat(p)
		if err != nil || !fi.Mode().IsRegular() || now.Sub(fi.ModTime()) <= StaleAge {
			continue
		}
		if removeIfUnused(p, fi, now) {
			removed++
		}
	}
	return removed
}
