package datasets

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzDetectReader checks that sniffing a stream and then loading from the
// reader DetectReader returns gives what loading the bytes directly gives:
// the sniffed prefix is handed on whole, whatever its length.
func FuzzDetectReader(f *testing.F) {
	f.Add([]byte("emotion,pixels,Usage\n0,1 2 3 4,Training\n"))
	f.Add([]byte("ImageId,Image\n1,0 0 0 255\n"))
	f.Add([]byte(keypointsHeader() + "\n" + strings.Repeat("1.5,", 30) + "0 1 2 3\n"))
	f.Add(gzipped([]byte("emotion,pixels,Usage\n0,1 2 3 4,Training\n")))
	f.Add([]byte("emotion,pixels,Usage" + strings.Repeat(" ", 1<<16) + "\n")) // header past the sniffed prefix
	f.Fuzz(func(t *testing.T, data []byte) {
		format, r, err := DetectReader(bytes.NewReader(data), "fuzz")
		if err != nil {
			if r != nil || !strings.HasPrefix(err.Error(), "datasets: fuzz") {
				t.Fatalf("error %v with reader %v", err, r)
			}
			return
		}
		if bytes.HasPrefix(data, gzipMagic) {
			return // the direct loaders do not gunzip
		}
		switch format {
		case FormatFER2013:
			a, errA := loadFER(r, "fuzz", FEROptions{}, 2)
			b, errB := loadFER(bytes.NewReader(data), "fuzz", FEROptions{}, 2)
			if (errA == nil) != (errB == nil) || (errA == nil && a.Len() != b.Len()) ||
				(errA != nil && errA.Error() != errB.Error()) {
				t.Fatalf("after detection: %v; direct: %v", errA, errB)
			}
		case FormatKeypointsTest:
			a, _, errA := loadKeypointsTest(r, "fuzz", 2)
			b, _, errB := loadKeypointsTest(bytes.NewReader(data), "fuzz", 2)
			if (errA == nil) != (errB == nil) || (errA == nil && a.Len() != b.Len()) {
				t.Fatalf("after detection: %v; direct: %v", errA, errB)
			}
		}
	})
}
