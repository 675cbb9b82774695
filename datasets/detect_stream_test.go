package datasets

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// onceReader serves its bytes once, like a pipe, and records how often it
// was read after its end.
type onceReader struct {
	r         io.Reader
	afterEOF  int
	exhausted bool
}

func (o *onceReader) Read(p []byte) (int, error) {
	if o.exhausted {
		o.afterEOF++
		return 0, io.EOF
	}
	n, err := o.r.Read(p)
	if err == io.EOF {
		o.exhausted = true
	}
	return n, err
}

// TestDetectReaderReadsOnce detects and then loads FER2013 and keypoints
// streams, raw and gzip'd, from one pass over a reader: the loader sees the
// whole content, the sniffed prefix included.
func TestDetectReaderReadsOnce(t *testing.T) {
	fer, err := os.ReadFile(filepath.Join("testdata", "fer2013", "fer2013.csv"))
	if err != nil {
		t.Fatal(err)
	}
	kp, err := os.ReadFile(filepath.Join("testdata", "keypoints", "training.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := LoadFER2013(bytes.NewReader(fer), "fer", FEROptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantKP, err := LoadKeypoints(bytes.NewReader(kp), "kp", KeypointsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		data   []byte
		format Format
		n      int
	}{
		{"fer", fer, FormatFER2013, want.Len()}, {"fer.gz", gzipped(fer), FormatFER2013, want.Len()},
		{"kp", kp, FormatKeypointsTrain, wantKP.Len()}, {"kp.gz", gzipped(kp), FormatKeypointsTrain, wantKP.Len()},
	} {
		src := &onceReader{r: bytes.NewReader(tc.data)}
		f, r, err := DetectReader(src, tc.name)
		if err != nil || f != tc.format {
			t.Fatalf("%s: format %v, %v; want %v", tc.name, f, err, tc.format)
		}
		var ds *Dataset
		if f == FormatFER2013 {
			ds, err = LoadFER2013(r, tc.name, FEROptions{})
		} else {
			ds, err = LoadKeypoints(r, tc.name, KeypointsOptions{})
		}
		if err != nil || ds.Len() != tc.n {
			t.Fatalf("%s: loaded after detection: %v", tc.name, err)
		}
		if src.afterEOF > 1 {
			t.Errorf("%s: read %d times after its end", tc.name, src.afterEOF)
		}
	}
	// A long first line without a line end is still judged, from 64 KiB.
	if _, _, err := DetectReader(strings.NewReader(strings.Repeat("a", 1<<20)), "long"); err == nil ||
		!strings.Contains(err.Error(), "unrecognised CSV header") {
		t.Errorf("long first line: %v", err)
	}
	if _, _, err := DetectReader(nil, "nil"); err == nil {
		t.Error("nil reader: no error")
	}
}

// TestDetectFormatFollowsSymlinks detects an MNIST directory that holds
// only symbolic links to the IDX files, and ignores a link to a directory
// and a dangling link.
func TestDetectFormatFollowsSymlinks(t *testing.T) {
	target, links := t.TempDir(), t.TempDir()
	img, lab := tinyMNIST()
	for name, b := range map[string][]byte{"img": img, "lab": gzipped(lab)} {
		p := detectWrite(t, target, name, b, false)
		if err := os.Symlink(p, filepath.Join(links, name)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	if err := os.Symlink(target, filepath.Join(links, "dir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(target, "missing"), filepath.Join(links, "dangling")); err != nil {
		t.Fatal(err)
	}
	if f, err := DetectFormat(links); err != nil || f != FormatMNISTDir {
		t.Fatalf("format %v, %v; want %v", f, err, FormatMNISTDir)
	}
}
