package nets

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestCorruptTensorNamesItsByte checks that a damaged field behind a good
// checksum is reported with its place in the file: the rank byte of the
// first tensor, found by searching the file for the tensor's name (which
// Save writes as a 2-byte length, the name, then the rank), set to 9 (above
// maxRank), fails "at byte" just past that rank byte.
func TestCorruptTensorNamesItsByte(t *testing.T) {
	net, err := New(roundTripSpecs[0], 1)
	if err != nil {
		t.Fatal(err)
	}
	enc := mustEncode(t, net)
	name := net.Params()[0].Name
	field := binary.LittleEndian.AppendUint16(nil, uint16(len(name)))
	field = append(field, name...)
	at := bytes.Index(enc, field)
	if at < 0 {
		t.Fatalf("the name %q is not in the file", name)
	}
	rank := at + len(field)
	enc[rank] = 9
	_, err = decodeNetwork(reseal(enc))
	if !errors.Is(err, ErrCorrupted) {
		t.Fatalf("error %v, want ErrCorrupted", err)
	}
	if want := fmt.Sprintf("at byte %d:", rank+1); !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "rank 9") {
		t.Errorf("error %q, want it to contain %q and the rank", err, want)
	}
}
