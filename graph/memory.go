package graph

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// Memory limits: see "Memory" in the package documentation.

// ErrMemoryLimit is wrapped by the errors of shapes and programs that would
// take more memory than the limit (see MemoryLimit); test for it with
// errors.Is.
var ErrMemoryLimit = errors.New("above the memory limit")

// fallbackMemoryLimit is the limit where the physical memory is unknown.
const fallbackMemoryLimit = 4 << 30

var (
	memLimit     atomic.Int64 // 0: the default
	defaultLimit = sync.OnceValue(func() int { return physicalLimit("/proc/meminfo", cgroupFiles) })
	cgroupFiles  = []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}
)

// MemoryLimit returns the most memory, in bytes, that one node's value (when
// it is built) and one program's buffers (when it is compiled) may take: the
// value set by SetMemoryLimit, or by default half of the physical memory
// (see the package's memory limits).
func MemoryLimit() int {
	if n := memLimit.Load(); n > 0 {
		return int(n)
	}
	return defaultLimit()
}

// SetMemoryLimit sets the limit that MemoryLimit returns and returns the
// previous one; n <= 0 restores the default. It is safe for concurrent use
// and affects every graph and program built afterwards.
func SetMemoryLimit(n int) (previous int) {
	previous = MemoryLimit()
	if n < 0 {
		n = 0
	}
	memLimit.Store(int64(n))
	return previous
}

// physicalLimit returns half of MemTotal in the meminfo file, lowered to
// half of the first cgroup limit file that holds a number, or
// fallbackMemoryLimit when MemTotal cannot be read.
func physicalLimit(meminfo string, cgroups []string) int {
	total := memTotal(meminfo)
	for _, f := range cgroups {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && n > 0 {
			if total <= 0 || n < total {
				total = n
			}
			break
		}
	}
	if total <= 0 {
		return fallbackMemoryLimit
	}
	return int(min(total/2, math.MaxInt64/2))
}

// memTotal returns MemTotal from a /proc/meminfo file in bytes, or 0.
func memTotal(path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil || kb <= 0 || kb > math.MaxInt64/1024 {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}

// elemSize returns the bytes of one element of dtype dt.
func elemSize(dt tensor.Dtype) int {
	switch dt {
	case tensor.Float32:
		return 4
	case tensor.Float64, tensor.Int:
		return 8
	}
	if dt.Type == nil {
		return 8
	}
	return max(1, int(dt.Size()))
}

// sizeOf returns the element count and byte size of a value of shape s and
// dtype dt, with ok false when either does not fit in an int. Dimensions
// below 1 are left to checkShape: they count as 1 here.
func sizeOf(s []int, dt tensor.Dtype) (elems, bytes int, ok bool) {
	elems = 1
	for _, d := range s {
		d = max(d, 1)
		if elems > math.MaxInt/d {
			return 0, 0, false
		}
		elems *= d
	}
	es := elemSize(dt)
	if elems > math.MaxInt/es {
		return elems, 0, false
	}
	return elems, elems * es, true
}

// CheckSize returns an error, naming where and the shape, when a value of
// shape s and dtype dt has a dimension below 1, more elements or bytes than
// an int can count, or takes more than MemoryLimit (the error then wraps ErrMemoryLimit). Every
// node is checked when it is built; an op that allocates in proportion to its
// result shape inside Infer (a row plan, say) calls it first.
func CheckSize(where string, s tensor.Shape, dt tensor.Dtype) error {
	if err := checkShape(where, s); err != nil {
		return err
	}
	elems, bytes, ok := sizeOf(s, dt)
	switch {
	case !ok && elems == 0:
		return errors.Errorf("%s: shape %s has more elements than an int can count", where, shapeString(s))
	case !ok:
		return errors.Errorf("%s: shape %s of %v takes more bytes than an int can count", where, shapeString(s), dt)
	case bytes > MemoryLimit():
		return fmt.Errorf("%s: shape %s of %v takes %s, %w of %s (graph.SetMemoryLimit)",
			where, shapeString(s), dt, FormatBytes(bytes), ErrMemoryLimit, FormatBytes(MemoryLimit()))
	}
	return nil
}

// FormatBytes formats a byte count for messages, in binary units with one
// decimal: "512 B", "1.5 KiB", "11.8 GiB", "8 TiB".
func FormatBytes(n int) string {
	if n < 1024 {
		return strconv.Itoa(n) + " B"
	}
	v, unit := float64(n)/1024, 0
	units := []string{"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	for v >= 1023.95 && unit < len(units)-1 {
		v /= 1024
		unit++
	}
	return strings.TrimSuffix(strconv.FormatFloat(v, 'f', 1, 64), ".0") + " " + units[unit]
}

// checkProgramSize returns an error when the total bytes of a program's
// count buffers exceed limit (or MemoryLimit() when limit is 0).
func checkProgramSize(limit, count, total int) error {
	if limit <= 0 {
		limit = MemoryLimit()
	}
	if total > limit {
		return fmt.Errorf("graph: Compile: the program's %d buffers take %s, %w of %s (graph.SetMemoryLimit, CompileOptions.MemoryLimit)",
			count, FormatBytes(total), ErrMemoryLimit, FormatBytes(limit))
	}
	return nil
}
