package datasets

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// repeatReader yields pat over and over, n bytes in all, without holding
// more than pat: a 1 GB line costs the test nothing.
type repeatReader struct {
	pat []byte
	n   int64
	off int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && r.n > 0 {
		c := copy(p[k:min(len(p), k+int(min(r.n, int64(len(p)))))], r.pat[r.off:])
		r.off = (r.off + c) % len(r.pat)
		k += c
		r.n -= int64(c)
	}
	return k, nil
}

// longLine returns head, then a line of n bytes of pat, then tail.
func longLine(head, pat string, n int64, tail string) io.Reader {
	return io.MultiReader(strings.NewReader(head), &repeatReader{pat: []byte(pat), n: n}, strings.NewReader(tail))
}

// TestCSVLongLineBounded feeds every CSV reader a 1 GB line after a valid
// one (and one quoted field of 1 GB of short lines): each stops at its line
// limit with an error naming the file and the line, having allocated at most
// a few hundred KB, in well under a second.
func TestCSVLongLineBounded(t *testing.T) {
	const gb = 1 << 30
	fer := "emotion,pixels,Usage\n0," + ferPixels(2304, "1") + ",Training\n"
	kp := keypointsHeader() + "\n" + strings.Repeat("1.5,", 30) + ferPixels(9216, "7") + "\n"
	kpTest := "ImageId,Image\n1," + ferPixels(9216, "7") + "\n"
	loaders := []struct {
		name string
		load func(r io.Reader) error
		in   io.Reader
		want string
	}{
		{"fer", func(r io.Reader) error { _, err := LoadFER2013(r, "fer.csv", FEROptions{}); return err },
			longLine(fer+"1,", "255 ", gb, ",Training\n"), "fer.csv:3: line longer than 10240 bytes, the most a FER2013 row of 2304 pixels"},
		{"fer quoted", func(r io.Reader) error { _, err := LoadFER2013(r, "fer.csv", FEROptions{}); return err },
			longLine(fer+"1,\"", "1\n", gb, "\",Training\n"), "fer.csv:3: line longer than 10240 bytes"},
		{"keypoints", func(r io.Reader) error { _, err := LoadKeypoints(r, "kp.csv", KeypointsOptions{}); return err },
			longLine(kp+strings.Repeat("1,", 30), "7 ", gb, "\n"), "kp.csv:3: line longer than 39808 bytes, the most a keypoints row of 30 coordinates and 9216 pixels"},
		{"keypoints coordinate", func(r io.Reader) error { _, err := LoadKeypoints(r, "kp.csv", KeypointsOptions{}); return err },
			longLine(kp, "1", gb, "\n"), "kp.csv:3: line longer than 39808 bytes"},
		{"keypoints test", func(r io.Reader) error { _, _, err := LoadKeypointsTest(r, "test.csv"); return err },
			longLine(kpTest+"2,", "7 ", gb, "\n"), "test.csv:3: line longer than 39808 bytes"},
		{"digits", func(r io.Reader) error { _, err := ReadDigitsCSV(r, "digits.csv"); return err },
			longLine(digitsLine("1", "2"), "1,", gb, "\n"), "digits.csv:2: line longer than 4096 bytes"},
		{"iris", func(r io.Reader) error { _, err := ReadIrisCSV(r, "iris.csv"); return err },
			longLine("1,1,a\n", "1", gb, ",0\n"), "iris.csv:2: line longer than 262144 bytes"},
	}
	for _, tc := range loaders {
		var err error
		alloc, took := measure(func() { err = tc.load(tc.in) })
		wantBounded(t, tc.name, err, alloc, 1*mib, took, quick, tc.want)
	}
}

// TestCSVLongLineGzipFile reads a gzip'd FER2013 and keypoints file of one
// valid row and a 4 MiB line (a few KB on disk) through the File
// loaders.
func TestCSVLongLineGzipFile(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, head, pat string
		load            func(string) error
		want            string
	}{
		{"fer.csv.gz", "emotion,pixels,Usage\n0," + ferPixels(2304, "1") + ",Training\n1,", "128 ",
			func(p string) error { _, err := LoadFER2013File(p, FEROptions{}); return err }, ":3: line longer than 10240 bytes"},
		{"kp.csv.gz", keypointsHeader() + "\n", "9.25,",
			func(p string) error { _, err := LoadKeypointsFile(p, KeypointsOptions{}); return err }, ":2: line longer than 39808 bytes"},
	} {
		var b strings.Builder
		b.WriteString(tc.head)
		b.WriteString(strings.Repeat(tc.pat, (4*mib)/len(tc.pat)))
		p := filepath.Join(dir, tc.name)
		if err := os.WriteFile(p, gzipBomb(t, []byte(b.String()), 0), 0o644); err != nil {
			t.Fatal(err)
		}
		b.Reset()
		var err error
		alloc, took := measure(func() { err = tc.load(p) })
		wantBounded(t, tc.name, err, alloc, 3*mib, took, quick, p+tc.want)
	}
}

// TestCSVLineLimitIsExact checks that a FER2013 row of exactly
// MaxFER2013Line bytes (padded with spaces, which the pixel parser skips) is
// read and one byte more is refused, and that the documented limits are the
// ones the readers use.
func TestCSVLineLimitIsExact(t *testing.T) {
	if MaxFER2013Line != 10240 || MaxKeypointsLine != 39808 || pixelLine(2304, 0) != MaxFER2013Line ||
		pixelLine(9216, 64*30) != MaxKeypointsLine {
		t.Fatalf("limits %d %d, want 10240 39808", MaxFER2013Line, MaxKeypointsLine)
	}
	row := func(n int) string {
		r := "0," + ferPixels(2304, "1") + ",Training"
		return "0," + ferPixels(2304, "1") + strings.Repeat(" ", n-len(r)) + ",Training\r\n"
	}
	h := "emotion,pixels,Usage\n"
	if d, err := LoadFER2013(strings.NewReader(h+row(MaxFER2013Line)), "fer.csv", FEROptions{}); err != nil || d.Len() != 1 {
		t.Fatalf("row of exactly %d bytes: %v", MaxFER2013Line, err)
	}
	_, err := LoadFER2013(strings.NewReader(h+row(MaxFER2013Line)+row(MaxFER2013Line+1)), "fer.csv", FEROptions{})
	if err == nil || !strings.Contains(err.Error(), "fer.csv:3: line longer than 10240 bytes") {
		t.Fatalf("row of %d bytes: %v", MaxFER2013Line+1, err)
	}
	if _, _, err := parseSeriesCSV("k,v\n1,2\n"+strings.Repeat("1", 300)+",2\n", "s.csv", "k,v"); err == nil ||
		!strings.Contains(err.Error(), "s.csv:3: line longer than 256 bytes") {
		t.Fatalf("long series line: %v", err)
	}
	if _, err := ReadIrisCSV(strings.NewReader("1,1,a\n1."+strings.Repeat("0", MaxIrisLine-4)+",0\n"), "iris"); err != nil {
		t.Fatalf("iris row of exactly %d bytes: %v", MaxIrisLine, err)
	}
}
