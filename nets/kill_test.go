package nets

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chainrule/chainrule/internal/atomicfile"
)

// saveLoopEnv names the model path the helper process saves to in a loop.
const saveLoopEnv = "CHAINRULE_TEST_SAVE_LOOP"

// killSpec is a DFF with about 4.8 MB of float64 weights.
var killSpec = Spec{Kind: KindDFF, Inputs: 1000, Hidden: []int{600}, Outputs: 10}

// killVersions returns the encoded models the helper saves in turn.
func killVersions(t *testing.T) (nets []Network, enc [][]byte) {
	t.Helper()
	for seed := uint64(1); seed <= 3; seed++ {
		net, err := New(killSpec, seed)
		if err != nil {
			t.Fatal(err)
		}
		nets, enc = append(nets, net), append(enc, mustEncode(t, net))
	}
	return nets, enc
}

// TestHelperSaveLoop is not a test: run as a child process by
// TestSaveSurvivesKill, it saves three models in turn to one path, forever,
// writing slowly so that a kill lands mid-write, and prints a line after
// every complete save.
func TestHelperSaveLoop(t *testing.T) {
	path := os.Getenv(saveLoopEnv)
	if path == "" {
		t.Skip("helper process for TestSaveSurvivesKill")
	}
	writeData = func(f io.Writer, data []byte) error {
		for len(data) > 0 {
			n := min(len(data), 64<<10)
			if _, err := f.Write(data[:n]); err != nil {
				return err
			}
			data = data[n:]
			time.Sleep(time.Millisecond)
		}
		return nil
	}
	nets, _ := killVersions(t)
	for i := 0; ; i++ {
		if err := Save(nets[i%len(nets)], path); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("saved", i)
	}
}

// TestSaveSurvivesKill kills a process that is saving a large model over
// and over with SIGKILL at random moments, and checks that the file then
// loads and is byte for byte one of the complete versions. Killed saves
// leave their .tmp files behind; a later Save still works, and removes
// them once they are stale.
func TestSaveSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	_, versions := killVersions(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "big.model")
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	for round := 0; round < 4; round++ {
		killMidSave(t, path, time.Duration(rng.IntN(120))*time.Millisecond)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !isOneOf(data, versions) {
			t.Fatalf("round %d: the file (%d bytes) is none of the complete versions", round, len(data))
		}
		net, err := Load(path)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if !isOneOf(mustEncode(t, net), versions) {
			t.Fatalf("round %d: the loaded model is none of the versions", round)
		}
	}
	tmps := countTemps(path)
	t.Logf("%d of 4 kills left a temporary file behind (killed mid-write)", tmps)
	if tmps == 0 {
		t.Error("no kill landed mid-write: the test proves nothing")
	}
	// The kills can take longer than atomicfile.StaleAge on a loaded
	// machine (or under -race): make their files fresh, so that the next
	// save must keep them whatever the test's duration.
	temps, _ := filepath.Glob(filepath.Join(dir, "."+filepath.Base(path)+".tmp-*"))
	now := time.Now()
	for _, tmp := range temps {
		if err := os.Chtimes(tmp, now, now); err != nil {
			t.Fatal(err)
		}
	}
	small, _ := New(Spec{Kind: KindPerceptron, Inputs: 2, Outputs: 1}, 1)
	if err := Save(small, path); err != nil {
		t.Fatalf("Save after the kills: %v", err)
	}
	if back, err := Load(path); err != nil || !bytes.Equal(mustEncode(t, back), mustEncode(t, small)) {
		t.Fatalf("Load after the kills: %v", err)
	}
	// The killed saves' files are fresh, so that save kept them; once they
	// are older than atomicfile.StaleAge the next save removes them.
	if n := countTemps(path); n != tmps {
		t.Errorf("%d temporary files after a save right after the kills, want the %d fresh ones kept", n, tmps)
	}
	old := time.Now().Add(-2 * atomicfile.StaleAge)
	for _, tmp := range temps {
		if err := os.Chtimes(tmp, old, old); err != nil {
			t.Fatal(err)
		}
	}
	if err := Save(small, path); err != nil {
		t.Fatal(err)
	}
	if n := countTemps(path); n != 0 {
		t.Errorf("%d stale temporary files left after the next save", n)
	}
}

// TestConcurrentSavesKeepEachOthersTemps runs a process saving a large
// model slowly, over and over, while this one saves to the same path and
// removes stale temporaries judged an hour from now (so that age protects
// nothing): the other process's temporary file is locked while written,
// and a file taken before its lock is replaced, so none of its saves fails.
func TestConcurrentSavesKeepEachOthersTemps(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	path := filepath.Join(t.TempDir(), "shared.model")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperSaveLoop$")
	cmd.Env = append(os.Environ(), saveLoopEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	small, _ := New(Spec{Kind: KindPerceptron, Inputs: 2, Outputs: 1}, 1)
	saves, removed := 0, 0
	for deadline := time.Now().Add(20 * time.Second); saves < 5 && time.Now().Before(deadline); {
		select {
		case line, ok := <-lines:
			if !ok || !strings.HasPrefix(line, "saved") {
				t.Fatalf("the other process: %q (its save failed)", line)
			}
			saves++
		default:
			if countTemps(path) > 0 {
				removed += atomicfile.RemoveStale(path, time.Now().Add(time.Hour))
				if err := Save(small, path); err != nil {
					t.Fatal(err)
				}
			}
			time.Sleep(time.Millisecond)
		}
	}
	if saves < 5 {
		t.Fatalf("the other process completed %d saves in 20 s", saves)
	}
	// A cleanup may take a file in the instant between its creation and
	// its lock (only because this one ignores the age); the save then
	// made another, as the saves that all succeeded show.
	t.Logf("%d of the other process's saves completed; %d just-created temporary files were taken before their lock", saves, removed)
}

// killMidSave starts the helper, waits for its first complete save and for
// the temporary file of the next one to appear, waits delay more (a save
// writes for at least 75 ms) and kills it.
func killMidSave(t *testing.T, path string, delay time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperSaveLoop$")
	cmd.Env = append(os.Environ(), saveLoopEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	saved := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case saved <- sc.Text():
			default:
			}
		}
		close(saved)
	}()
	select {
	case line, ok := <-saved:
		if !ok || len(line) < 5 || line[:5] != "saved" {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("helper: %q", line)
		}
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatal("helper saved nothing in 20 s")
	}
	before := countTemps(path)
	for deadline := time.Now().Add(5 * time.Second); countTemps(path) == before && time.Now().Before(deadline); {
		time.Sleep(200 * time.Microsecond)
	}
	time.Sleep(delay)
	if err := cmd.Process.Kill(); err != nil { // SIGKILL on Unix
		t.Fatal(err)
	}
	_ = cmd.Wait()
}

func countTemps(path string) int {
	m, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*"))
	return len(m)
}

func isOneOf(b []byte, versions [][]byte) bool {
	for _, v := range versions {
		if bytes.Equal(b, v) {
			return true
		}
	}
	return false
}

// TestFailedSaveRemovesTemp makes the write fail and checks that the old
// file is intact and no temporary file is left.
func TestFailedSaveRemovesTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.model")
	net, _ := New(Spec{Kind: KindFF, Inputs: 2, Hidden: []int{3}, Outputs: 1}, 1)
	if err := Save(net, path); err != nil {
		t.Fatal(err)
	}
	old := writeData
	defer func() { writeData = old }()
	writeData = func(f io.Writer, data []byte) error {
		_, _ = f.Write(data[:len(data)/2])
		return errors.New("disk full")
	}
	other, _ := New(Spec{Kind: KindFF, Inputs: 2, Hidden: []int{3}, Outputs: 1}, 2)
	if err := Save(other, path); err == nil {
		t.Fatal("Save with a failing write: no error")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after a failed save, want 1", len(entries))
	}
	if back, err := Load(path); err != nil || !bytes.Equal(mustEncode(t, back), mustEncode(t, net)) {
		t.Errorf("the old file did not survive a failed save: %v", err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644 (%v)", fi.Mode().Perm(), err)
	}
}
