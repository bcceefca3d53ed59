// Command latency measures key → screen latency of gcimg and fzf side by
// side, over the same generated catalog, through a pseudo-terminal and a
// terminal emulator (bench/ptydrive): each time runs from the write of a
// key to the pty until the emulated screen shows that key's result, so
// gcimg's renderer and frame rate and both programs' terminal I/O are in
// the figures.
//
//	go run ./bench/latency                  # 100k images, 10 rounds, table on stdout
//	go run ./bench/latency -o latency.md    # also written to a file
//	bench/latency.sh                        # installs fzf when missing, then the above
//
// gcimg is built from this module and talks to the in-process fake API
// (api/fakeapi) holding fakeapi.Generate(n, seed); fzf reads the same
// images as the lines bench/lines prints. Both run at the same size, with
// the same environment (TERM=xterm-256color, C.UTF-8, an empty HOME), one
// pty each, and are measured in alternating rounds, so that load from
// elsewhere on the machine falls on both alike. See bench/README.md for
// what each action is, when a screen counts as settled, and why.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/bench/corpus"
	"github.com/genesiscloud-tools/gcimg/bench/host"
	"github.com/genesiscloud-tools/gcimg/bench/ptydrive"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

type config struct {
	settings
	seed       int64
	cols, rows int
	rounds     int
	warmup     int
	load       time.Duration
	gcimg, fzf string
	out, raw   string
	trace      string
}

func main() {
	var c config
	var queries string
	flag.IntVar(&c.n, "n", 100_000, "number of images")
	flag.Int64Var(&c.seed, "seed", 1, "catalog seed (the benchmarks use 1)")
	flag.IntVar(&c.cols, "cols", 120, "terminal width")
	flag.IntVar(&c.rows, "rows", 40, "terminal height")
	flag.IntVar(&c.rounds, "rounds", 10, "measured rounds per program")
	flag.IntVar(&c.warmup, "warmup", 1, "rounds run first and not counted")
	flag.StringVar(&queries, "queries", "ubun,deb,rocky 9", "comma-separated queries, typed a key at a time")
	flag.IntVar(&c.moves, "moves", 10, "cursor downs (then ups) per round")
	flag.IntVar(&c.pages, "pages", 3, "page downs (then ups) per round")
	flag.DurationVar(&c.quiet, "quiet", 150*time.Millisecond, "how long a screen must stay unchanged to count as settled")
	flag.DurationVar(&c.jitter, "jitter", 50*time.Millisecond, "keys are sent this much at most (uniformly) after the quiet period")
	flag.DurationVar(&c.timeout, "timeout", 10*time.Second, "how long one key may take to settle")
	flag.DurationVar(&c.load, "load", 5*time.Minute, "how long loading the catalog may take")
	flag.StringVar(&c.gcimg, "gcimg", "", "gcimg binary to measure (default: built from this module)")
	flag.StringVar(&c.fzf, "fzf", "fzf", "fzf binary")
	flag.StringVar(&c.out, "o", "", "also write the report to this file")
	flag.StringVar(&c.raw, "raw", "", "write every sample to this file (tab-separated)")
	flag.StringVar(&c.trace, "trace", "", "describe every screen after every measured key in this file")
	flag.Parse()
	c.queries = strings.Split(queries, ",")
	if err := run(context.Background(), c); err != nil {
		fmt.Fprintln(os.Stderr, "latency:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, c config) error {
	if c.n < 1 || c.rounds < 1 || c.moves < 1 || c.moves > c.rows/2 || c.pages < 1 {
		return errors.New("need -n, -rounds and -pages of at least 1, and -moves from 1 to half of -rows")
	}
	dir, err := os.MkdirTemp("", "gcimg-latency-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	logf := func(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }

	fzfVersion, err := output(c.fzf, "--version")
	if err != nil {
		return fmt.Errorf("fzf is needed (apt-get install -y fzf, or bench/latency.sh): %w", err)
	}
	if c.gcimg == "" {
		c.gcimg = filepath.Join(dir, "gcimg")
		logf("building gcimg")
		if err := host.BuildGcimg(c.gcimg); err != nil {
			return err
		}
	}

	logf("generating %d images (seed %d)", c.n, c.seed)
	images := fakeapi.Generate(c.n, c.seed)
	entries := corpus.Entries(images)
	linesFile := filepath.Join(dir, "lines.txt")
	if err := writeLines(linesFile, entries); err != nil {
		return err
	}
	srv, err := fakeapi.Start(fakeapi.Options{Images: images})
	if err != nil {
		return err
	}
	defer srv.Close()

	gc, fz := gcimgProbes, fzfProbes
	logf("working out the expected matches")
	gc.expected = gcimgCounts(entries, c.queries)
	if fz.expected, err = fzfCounts(c.fzf, linesFile, c.queries); err != nil {
		return err
	}
	// Only the counts are needed from here on (the server keeps its own
	// copy of the images): a smaller heap keeps this process's garbage
	// collector from taking CPU from the programs.
	images, entries = nil, nil
	runtime.GC()

	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + dir,
		"XDG_CONFIG_HOME=" + filepath.Join(dir, "config"),
		"TERM=xterm-256color",
		"LANG=C.UTF-8",
		"LC_ALL=C.UTF-8",
	}
	size := ptydrive.Options{Cols: c.cols, Rows: c.rows}
	rng := rand.New(rand.NewPCG(uint64(c.seed), 0))

	gcmd := exec.Command(c.gcimg)
	gcmd.Env = append(env, "GENESISCLOUD_ENDPOINT="+srv.URL, "GENESISCLOUD_TOKEN="+fakeapi.DemoToken)
	fcmd := exec.Command(c.fzf, "--layout=reverse")
	fcmd.Env = env
	lines, err := os.Open(linesFile)
	if err != nil {
		return err
	}
	defer lines.Close()
	fcmd.Stdin = lines

	var trace io.Writer
	if c.trace != "" {
		f, err := os.Create(c.trace)
		if err != nil {
			return err
		}
		defer f.Close()
		trace = f
	}

	loads := []string{host.Load()}
	var sessions []*session
	for _, p := range []struct {
		prog *program
		cmd  *exec.Cmd
	}{{&gc, gcmd}, {&fz, fcmd}} {
		logf("starting %s and loading %d images", p.prog.name, c.n)
		t, err := ptydrive.Start(p.cmd, size)
		if err != nil {
			return err
		}
		defer t.Close(2 * time.Second)
		s := &session{program: p.prog, term: t, set: c.settings, rng: rng}
		if err := s.ready(ctx, c.load); err != nil {
			return err
		}
		s.trace = trace
		sessions = append(sessions, s)
	}

	var samples []sample
	for r := -c.warmup; r < c.rounds; r++ {
		loads = append(loads, host.Load())
		// Alternate which program goes first, so neither always follows
		// the other's work.
		order := sessions
		if r%2 != 0 {
			order = []*session{sessions[1], sessions[0]}
		}
		for _, s := range order {
			what := fmt.Sprintf("round %d/%d", r+1, c.rounds)
			if r < 0 {
				what = "warm-up"
			}
			logf("%s: %s (load %s)", what, s.name, loads[len(loads)-1])
			got, err := s.round(ctx, r)
			if err != nil {
				return err
			}
			if r >= 0 {
				samples = append(samples, got...)
			}
		}
	}
	loads = append(loads, host.Load())

	rep := report{
		config:   c,
		programs: []*program{&gc, &fz},
		samples:  samples,
		loads:    loads,
		fzf:      strings.TrimSpace(fzfVersion),
		commit:   host.Commit(),
	}
	var buf bytes.Buffer
	rep.write(&buf)
	if _, err := os.Stdout.Write(buf.Bytes()); err != nil {
		return err
	}
	if c.out != "" {
		if err := os.WriteFile(c.out, buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	if c.raw != "" {
		return writeRaw(c.raw, samples)
	}
	return nil
}

func writeLines(path string, entries []*catalog.Entry) error {
	var b strings.Builder
	for _, e := range entries {
		b.WriteString(corpus.Line(e))
		b.WriteByte('\n')
	}
	return os.WriteFile(path, []byte(b.String()), 0o600)
}

// prefixes are every query's prefixes, the empty one included.
func prefixes(queries []string) []string {
	out := []string{""}
	for _, q := range queries {
		for i := 1; i <= len(q); i++ {
			out = append(out, q[:i])
		}
	}
	return out
}

// gcimgCounts counts gcimg's matches for every prefix with its catalog
// package, as the All tab filters (name order, no region).
func gcimgCounts(entries []*catalog.Entry, queries []string) map[string]int {
	out := make(map[string]int)
	for _, p := range prefixes(queries) {
		v := catalog.NewResults()
		v.Update(entries, catalog.Query{Text: p})
		out[p] = v.Len()
	}
	return out
}

// fzfCounts counts fzf's matches for every prefix with `fzf --filter` over
// the same lines.
func fzfCounts(fzf, linesFile string, queries []string) (map[string]int, error) {
	out := make(map[string]int)
	for _, p := range prefixes(queries) {
		f, err := os.Open(linesFile)
		if err != nil {
			return nil, err
		}
		cmd := exec.Command(fzf, "--filter", p)
		cmd.Stdin = f
		var matched bytes.Buffer
		cmd.Stdout = &matched
		err = cmd.Run()
		f.Close()
		var exit *exec.ExitError
		if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) { // 1: no match
			return nil, fmt.Errorf("fzf --filter %q: %w", p, err)
		}
		out[p] = bytes.Count(matched.Bytes(), []byte{'\n'})
	}
	return out, nil
}

func output(name string, args ...string) (string, error) {
	b, err := exec.Command(name, args...).Output()
	return string(b), err
}

func writeRaw(path string, samples []sample) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := io.Writer(f)
	fmt.Fprintln(w, "program\tround\taction\tquery\tfirst_ms\tsettled_ms")
	for _, s := range samples {
		fmt.Fprintf(w, "%s\t%d\t%s\t%s\t%.3f\t%.3f\n", s.program, s.round, s.action, s.query, ms(s.first), ms(s.settled))
	}
	return f.Close()
}
