package e2e

// TestMain builds the gcimg binary once; the tests run it in tmux and in
// real shells.

import (
	"cmp"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"go.uber.org/goleak"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// gcimgBin is the binary TestMain built.
var gcimgBin string

// testToken is the token the test servers accept.
const testToken = "gcimg-test-token-5f0c2a"

// The exit codes the README documents.
const (
	exitOK       = 0
	exitUsage    = 2
	exitCanceled = 130
)

// TestMain builds the binary, runs the tests, then checks for leaked
// goroutines.
//
// goleak.VerifyTestMain would call os.Exit itself, leaving no place to
// remove the binary after the run, so the leak check is goleak.Find after
// m.Run instead. It runs only when the tests passed: a failed test may
// legitimately leave a goroutine behind, and the failure is the thing to
// read first. Find retries for a while, so connections that are still
// closing when the last test returns are not reported.
func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "gcimg-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "TestMain:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	if gcimgBin, err = buildBinary(dir); err != nil {
		fmt.Fprintln(os.Stderr, "TestMain:", err)
		return 1
	}
	code := m.Run()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak: goroutines left behind after the tests:", err)
			code = 1
		}
	}
	return code
}

// buildBinary builds the gcimg command (the module's root package) into
// dir.
func buildBinary(dir string) (string, error) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	bin := filepath.Join(dir, "gcimg")
	const pkg = "github.com/genesiscloud-tools/gcimg"
	out, err := exec.Command(goTool, "build", "-o", bin, pkg).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build -o %s %s: %v\n%s", bin, pkg, err, out)
	}
	return bin, nil
}

func strp(s string) *string { return &s }

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC) }

func sorted[T cmp.Ordered](s []T) []T {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// shellQuote quotes s for sh.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// startFake serves images on loopback with testToken and closes it when
// the test ends.
func startFake(t *testing.T, images []api.Image) *fakeapi.Running {
	t.Helper()
	srv, err := fakeapi.Start(fakeapi.Options{Images: images, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// safe makes output fit for a failure message: every rune that is not
// graphic (controls, escapes, bidi overrides) is shown as its code, so a
// failing test never replays a hostile sequence into the terminal that
// reads the test log.
func safe(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '\n' || unicode.IsGraphic(r) {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "<%U>", r)
		}
	}
	return b.String()
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + fmt.Sprintf("… (%d more bytes)", len(s)-n)
}
