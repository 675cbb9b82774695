package weights

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/pkg/errors"
)

// The kinds of bad file; every *FormatError wraps one (test with errors.Is).
var (
	// ErrFormat is the kind of a file that breaks its format: truncated,
	// a header that lies, offsets out of range, a bad checksum.
	ErrFormat = errors.New("malformed file")
	// ErrUnsupported is the kind of a well-formed file holding something
	// this package does not read, such as a BF16 tensor.
	ErrUnsupported = errors.New("unsupported content")
)

// Limits on what a reader accepts. They are variables so that a program
// that trusts its files can raise them.
var (
	// MaxHeaderBytes bounds a safetensors JSON header: 100,000,000 bytes,
	// the reference implementation's limit.
	MaxHeaderBytes int64 = 100_000_000
	// MaxNPYHeaderBytes bounds an .npy header (NumPy itself refuses
	// headers over 10,000 bytes unless told otherwise).
	MaxNPYHeaderBytes int64 = 1 << 16
	// MaxBytes bounds the bytes an .npz reader decompresses, per member
	// and in all, and what a reader of a stream that is not a regular
	// file reads: 4 GiB.
	MaxBytes int64 = 4 << 30
)

// maxRank bounds the number of dimensions of a tensor read from a file
// (NumPy 2 allows 64).
const maxRank = 64

// FormatError is the error of a reader on a bad file.
type FormatError struct {
	File   string // the file's path, "" when read from an io.ReaderAt
	Tensor string // the tensor's name or the .npz member's, "" when the error is about the whole file
	// Offset is the byte offset of the problem: in the file for
	// safetensors and for a zip's structure, in the member's uncompressed
	// bytes for an .npy inside an .npz; -1 when unknown.
	Offset int64
	Kind   error  // ErrFormat or ErrUnsupported
	Msg    string // what is wrong
}

// Error returns "weights: <file>: <tensor>: byte <offset>: <msg>", leaving
// out the parts that are empty or unknown.
func (e *FormatError) Error() string {
	var b strings.Builder
	b.WriteString("weights: ")
	if e.File != "" {
		b.WriteString(e.File + ": ")
	}
	if e.Tensor != "" {
		fmt.Fprintf(&b, "%q: ", e.Tensor)
	}
	if e.Offset >= 0 {
		fmt.Fprintf(&b, "byte %d: ", e.Offset)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the error's kind.
func (e *FormatError) Unwrap() error { return e.Kind }

// bad returns a FormatError of kind ErrFormat.
func bad(tensor string, off int64, format string, args ...any) *FormatError {
	return &FormatError{Tensor: tensor, Offset: off, Kind: ErrFormat, Msg: fmt.Sprintf(format, args...)}
}

// unsupported returns a FormatError of kind ErrUnsupported.
func unsupported(tensor string, off int64, format string, args ...any) *FormatError {
	return &FormatError{Tensor: tensor, Offset: off, Kind: ErrUnsupported, Msg: fmt.Sprintf(format, args...)}
}

// inFile sets the file name of err when it is a *FormatError, and wraps
// any other error with it.
func inFile(err error, path string) error {
	if err == nil {
		return nil
	}
	var fe *FormatError
	var pe *fs.PathError
	switch {
	case errors.As(err, &fe) && fe.File == "":
		fe.File = path
		return err
	case errors.As(err, &pe): // it names the file
		return errors.Wrap(err, "weights")
	}
	return errors.Wrapf(err, "weights: %s", path)
}
