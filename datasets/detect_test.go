package datasets

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// detectWrite writes data to dir/name, gzip-compressed if zip is set.
func detectWrite(t *testing.T, dir, name string, data []byte, zip bool) string {
	t.Helper()
	if zip {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(data)
		zw.Close()
		data = b.Bytes()
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDetectFormat(t *testing.T) {
	tmp := t.TempDir()
	images := []byte{0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 255}
	labels := []byte{0, 0, 8, 1, 0, 0, 0, 1, 7}
	mnist := filepath.Join(tmp, "mnist")
	onlyLabels := filepath.Join(tmp, "labels")
	for _, d := range []string{mnist, onlyLabels} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// Names say nothing: detection must read the content.
	detectWrite(t, mnist, "a.bin", images, true)
	detectWrite(t, mnist, "b", labels, false)
	detectWrite(t, mnist, "README", []byte("hello"), false)
	detectWrite(t, onlyLabels, "x", labels, false)
	fer, err := os.ReadFile(filepath.Join("testdata", "fer2013", "fer2013.csv"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want Format
		err  string
	}{
		{mnist, FormatMNISTDir, ""},
		{filepath.Join("testdata", "fer2013", "fer2013.csv"), FormatFER2013, ""},
		{detectWrite(t, tmp, "faces.gz", fer, true), FormatFER2013, ""},
		{detectWrite(t, tmp, "f.txt", []byte(" pixels , Usage,emotion\r\n"), false), FormatFER2013, ""},
		{filepath.Join("testdata", "keypoints", "training.csv"), FormatKeypointsTrain, ""},
		{filepath.Join("testdata", "keypoints", "test.csv"), FormatKeypointsTest, ""},
		{detectWrite(t, tmp, "training.csv", []byte("ImageId,Image"), false), FormatKeypointsTest, ""},
		{onlyLabels, FormatUnknown, "1 IDX label files"},
		{filepath.Join(tmp, "missing"), FormatUnknown, "no such file"},
		{detectWrite(t, tmp, "fer2013.csv", []byte("a,b,c\n1,2,3\n"), false), FormatUnknown, `unrecognised CSV header "a,b,c"`},
		{detectWrite(t, tmp, "one.idx", images, false), FormatUnknown, "single IDX file"},
		{detectWrite(t, tmp, "empty.csv", nil, false), FormatUnknown, "not a CSV header"},
		{detectWrite(t, tmp, "quote.csv", []byte("\"a\n"), false), FormatUnknown, "not a CSV header"},
	}
	for _, tc := range tests {
		got, err := DetectFormat(tc.path)
		if got != tc.want {
			t.Errorf("%s: format %v, want %v", tc.path, got, tc.want)
		}
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%s: %v", tc.path, err)
		case tc.err != "" && (err == nil || !strings.HasPrefix(err.Error(), "datasets") ||
			!strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: error %v, want %q", tc.path, err, tc.err)
		}
	}
	for f, s := range map[Format]string{FormatUnknown: "unknown", FormatMNISTDir: "mnist-idx-dir",
		FormatFER2013: "fer2013-csv", FormatKeypointsTrain: "keypoints-train-csv", FormatKeypointsTest: "keypoints-test-csv"} {
		if f.String() != s {
			t.Errorf("%d.String() = %q, want %q", int(f), f.String(), s)
		}
	}
}
