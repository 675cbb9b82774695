package graph

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPhysicalLimitIsHalfOfMemTotalOrCgroup(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	meminfo := write("meminfo", "MemFree:  100 kB\nMemTotal:       24683652 kB\nSwapTotal: 0 kB\n")
	unlimited := write("unlimited", "max\n")
	small := write("small", "1073741824\n")
	huge := write("huge", "9223372036854771712\n")
	for _, c := range []struct {
		name    string
		meminfo string
		cgroups []string
		want    int
	}{
		{"MemTotal", meminfo, nil, 24683652 * 1024 / 2},
		{"cgroup max is no limit", meminfo, []string{unlimited}, 24683652 * 1024 / 2},
		{"lower cgroup limit", meminfo, []string{filepath.Join(dir, "missing"), small}, 512 << 20},
		{"higher cgroup limit", meminfo, []string{huge}, 24683652 * 1024 / 2},
		{"no meminfo, cgroup", filepath.Join(dir, "none"), []string{small}, 512 << 20},
		{"nothing readable", filepath.Join(dir, "none"), nil, 4 << 30},
		{"garbled meminfo", write("bad", "MemTotal: lots kB\n"), nil, 4 << 30},
	} {
		if got := physicalLimit(c.meminfo, c.cgroups); got != c.want {
			t.Errorf("%s: limit %d, want %d", c.name, got, c.want)
		}
	}
}

func TestFormatBytes(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{
		{0, "0 B"}, {1023, "1023 B"}, {1024, "1 KiB"}, {1536, "1.5 KiB"},
		{12638029824, "11.8 GiB"}, // 11.77 GiB
		{1<<40 - 1, "1 TiB"},      // rounds up into the next unit
		{8 << 40, "8 TiB"}, {1 << 62, "4 EiB"},
	} {
		if got := FormatBytes(c.n); got != c.want {
			t.Errorf("FormatBytes(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
