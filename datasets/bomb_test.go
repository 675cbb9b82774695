package datasets

import (
	"bytes"
	"compress/gzip"
	"runtime"
	"testing"
	"time"
)

// measure runs f and returns the bytes allocated while it ran (all
// goroutines; the package's tests do not run in parallel) and its duration.
func measure(f func()) (alloc uint64, took time.Duration) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	took = time.Since(start)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, took
}

// gzipBomb returns head followed by zeros zero bytes, gzip'd: the zeros are
// streamed through a gzip.Writer, so nothing of their size is held.
func gzipBomb(t testing.TB, head []byte, zeros int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write(head)
	z := make([]byte, 1<<20)
	for zeros > 0 {
		n := min(zeros, len(z))
		if _, err := zw.Write(z[:n]); err != nil {
			t.Fatal(err)
		}
		zeros -= n
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// setIDXLimit sets MaxIDXBytes for the rest of the test.
func setIDXLimit(t *testing.T, n int64) {
	old := MaxIDXBytes
	MaxIDXBytes = n
	t.Cleanup(func() { MaxIDXBytes = old })
}

const mib = 1 << 20

// quick is how long a refusal may take: well under a second even on a busy
// machine.
const quick = 500 * time.Millisecond

// wantBounded fails the test unless err is an error containing every want,
// the call allocated at most limit bytes and took under maxTook.
func wantBounded(t *testing.T, what string, err error, alloc, limit uint64, took, maxTook time.Duration, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error", what)
	}
	for _, w := range append(want, "datasets: ") {
		if !bytes.Contains([]byte(err.Error()), []byte(w)) {
			t.Errorf("%s: error %q does not contain %q", what, err, w)
		}
	}
	if alloc > limit {
		t.Errorf("%s: allocated %.1f MiB, want at most %.1f MiB", what, float64(alloc)/mib, float64(limit)/mib)
	}
	if took > maxTook {
		t.Errorf("%s: took %v, want well under a second", what, took)
	}
	t.Logf("%s: %.2f MiB in %v: %v", what, float64(alloc)/mib, took, err)
}

// TestIDXGzipBomb feeds ReadMNIST gzip'd image files of 32 MiB of zeros
// (about 45 KB compressed): a header claiming a 2 GB payload is refused at
// the header under the default limit; with the limit raised, the header is
// read as a lie the data does not fill, costing only the bytes present (and
// the time to inflate them); and a
// header within a 1 MiB limit that is followed by the whole bomb costs that
// limit's worth before the trailing data is refused.
func TestIDXGzipBomb(t *testing.T) {
	_, lab := tinyMNIST()
	const zeros = 32 * mib
	twoGB := idxFile(IDXImagesMagic, []uint32{2_700_000, 28, 28}, nil) // 2,116,800,000 bytes
	bomb := gzipBomb(t, twoGB, zeros)
	read := func(img []byte) (err error) {
		_, err = ReadMNIST(bytes.NewReader(img), bytes.NewReader(lab), "bomb", "lab")
		return err
	}
	var err error
	alloc, took := measure(func() { err = read(bomb) })
	wantBounded(t, "default limit", err, alloc, 1*mib, took, quick, "bomb", "[2700000 28 28]", "MaxIDXBytes = 268435456")

	setIDXLimit(t, 4<<30)
	alloc, took = measure(func() { err = read(bomb) })
	wantBounded(t, "raised limit", err, alloc, zeros+8*mib, took, 5*time.Second, "need 2116800000 data bytes", "holds only 33554432")

	setIDXLimit(t, 1*mib)
	inLimit := gzipBomb(t, idxFile(IDXImagesMagic, []uint32{1 * mib / 16, 4, 4}, nil), zeros)
	alloc, took = measure(func() { err = read(inLimit) })
	wantBounded(t, "1 MiB limit", err, alloc, 1*mib+mib/2, took, quick, "trailing data at byte 1048592")
}

// TestIDXLyingHeader reads a 100-byte image file whose header claims 2^31
// one-pixel images: refused at the header by default, and with the limit
// raised read as a file that ends at byte 100, allocating next to nothing.
func TestIDXLyingHeader(t *testing.T) {
	file := idxFile(IDXImagesMagic, []uint32{1 << 31, 1, 1}, make([]byte, 84))
	if len(file) != 100 {
		t.Fatalf("file of %d bytes", len(file))
	}
	var err error
	read := func() { _, err = ReadIDXImages(bytes.NewReader(file), "liar") }
	alloc, took := measure(read)
	wantBounded(t, "default limit", err, alloc, 64<<10, took, quick, "liar", "offsets 4 to 7", "MaxIDXBytes")
	setIDXLimit(t, 1<<40)
	alloc, took = measure(read)
	wantBounded(t, "raised limit", err, alloc, 128<<10, took, quick, "need 2147483648 data bytes", "holds only 84", "ends at byte offset 100")
	// A raised limit still reads a real file.
	img, _ := tinyMNIST()
	if im, err := ReadIDXImages(bytes.NewReader(img), "tiny"); err != nil || im.Count != 3 {
		t.Fatalf("tiny file under a raised limit: %v", err)
	}
}

// TestIDXLimitIsExact checks that a payload of exactly MaxIDXBytes is read
// and one byte more is refused, and that reading a multi-chunk payload keeps
// every byte in order.
func TestIDXLimitIsExact(t *testing.T) {
	setIDXLimit(t, 3*idxMaxChunk)
	n := 3 * idxMaxChunk
	pix := make([]byte, n)
	for i := range pix {
		pix[i] = byte(i % 251)
	}
	im, err := ReadIDXImages(bytes.NewReader(idxFile(IDXImagesMagic, []uint32{uint32(n / 4), 2, 2}, pix)), "exact")
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range im.Pixels {
		if p != byte(i%251) {
			t.Fatalf("pixel %d is %d, want %d", i, p, i%251)
		}
	}
	_, err = ReadIDXImages(bytes.NewReader(idxFile(IDXImagesMagic, []uint32{uint32(n + 1), 1, 1}, nil)), "over")
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("MaxIDXBytes")) {
		t.Fatalf("one byte over the limit: %v", err)
	}
}
