package metrics

import (
	"fmt"
	"io"

	"github.com/chainrule/chainrule/internal/atomicfile"
)

// writeFileAtomic writes a file at path through write, so that path holds
// either its old content or the complete new content, never a partial file
// (internal/atomicfile: a synced temporary file renamed over path, mode
// 0644; stale temporaries of killed writes are removed on the next write).
func writeFileAtomic(path string, write func(io.Writer) error) error {
	var werr error
	err := atomicfile.Write(path, func(w io.Writer) error { werr = write(w); return werr })
	if err != nil && err != werr { // write's own errors already say "metrics: "
		return fmt.Errorf("metrics: %w", err)
	}
	return err
}
