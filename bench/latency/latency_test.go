package main

// These tests run one short round against each program in a real pty, so
// that a change to gcimg's screen (its status line, prompt or selection
// marker) that the probes in programs.go no longer read fails here rather
// than in the next measurement. gcimg's TUI runs in this test binary,
// started again as a child, against a small catalog; fzf is the
// installed one. Times are measured but not checked.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/bench/corpus"
	"github.com/genesiscloud-tools/gcimg/bench/ptydrive"
	"github.com/genesiscloud-tools/gcimg/ui"
)

const (
	childEnv  = "LATENCY_TEST_GCIMG" // set: this binary is gcimg's TUI
	testSize  = 300
	testQuery = "ub"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		if err := runGcimg(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runGcimg is the browser as `gcimg` runs it, against the fake API
// holding the test catalog.
func runGcimg() error {
	srv, err := fakeapi.Start(fakeapi.Options{Images: fakeapi.Generate(testSize, 1)})
	if err != nil {
		return err
	}
	defer srv.Close()
	c, err := api.New(api.Config{Endpoint: srv.URL, Token: fakeapi.DemoToken})
	if err != nil {
		return err
	}
	return ui.Run(context.Background(), ui.Options{Client: c})
}

func testSettings() settings {
	return settings{
		queries: []string{testQuery},
		moves:   2,
		pages:   1,
		quiet:   50 * time.Millisecond,
		timeout: 20 * time.Second,
		n:       testSize,
	}
}

// measureOneRound loads the program and runs a round, which fails when a
// probe does not read what the screen shows.
func measureOneRound(t *testing.T, p *program, cmd *exec.Cmd) {
	t.Helper()
	cmd.Env = append(cmd.Env, "PATH="+os.Getenv("PATH"), "HOME="+t.TempDir(), "TERM=xterm-256color",
		"LANG=C.UTF-8", "GORACE=atexit_sleep_ms=0")
	term, err := ptydrive.Start(cmd, ptydrive.Options{Cols: 120, Rows: 40})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { term.Close(time.Second) })
	s := &session{program: p, term: term, set: testSettings(), rng: rand.New(rand.NewPCG(1, 0))}
	ctx := context.Background()
	if err := s.ready(ctx, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	samples, err := s.round(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := 2*len(testQuery) + 2*2 + 2*1
	if len(samples) != want {
		t.Fatalf("%d samples, want %d", len(samples), want)
	}
	for _, sm := range samples {
		if sm.settled <= 0 || sm.first <= 0 || sm.first > sm.settled {
			t.Fatalf("sample %+v", sm)
		}
	}
}

func TestTheProbesReadGcimg(t *testing.T) {
	p := gcimgProbes
	p.expected = gcimgCounts(corpus.Entries(fakeapi.Generate(testSize, 1)), []string{testQuery})
	if p.expected[""] != testSize || p.expected[testQuery] == 0 || p.expected[testQuery] == testSize {
		t.Fatalf("expected counts %v: the query should keep some images, not all", p.expected)
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = []string{childEnv + "=1"}
	measureOneRound(t, &p, cmd)
}

func TestTheProbesReadFzf(t *testing.T) {
	fzf, err := exec.LookPath("fzf")
	if err != nil {
		t.Skip("fzf is not installed")
	}
	lines := t.TempDir() + "/lines.txt"
	if err := writeLines(lines, corpus.Entries(fakeapi.Generate(testSize, 1))); err != nil {
		t.Fatal(err)
	}
	p := fzfProbes
	if p.expected, err = fzfCounts(fzf, lines, []string{testQuery}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(lines)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd := exec.Command(fzf, "--layout=reverse")
	cmd.Stdin = f
	measureOneRound(t, &p, cmd)
}

func TestSummarize(t *testing.T) {
	ds := make([]time.Duration, 0, 20)
	for i := 20; i >= 1; i-- { // 1..20 ms, out of order
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	got := summarize(ds)
	if got.n != 20 || got.median != 10.5 || got.p90 != 18 || got.max != 20 {
		t.Fatalf("summarize(1..20 ms) = %+v, want median 10.5, p90 18, max 20", got)
	}
	if got := summarize(ds[:3]); got.median != 19 || got.p90 != 20 {
		t.Fatalf("summarize(20, 19, 18 ms) = %+v", got)
	}
	if got := strings.Join(prefixes([]string{"ab", "c"}), ","); got != ",a,ab,c" {
		t.Fatalf("prefixes = %q", got)
	}
}
