// Command soak runs the real gcimg in a pseudo-terminal for a long while
// against the in-process fake API (api/fakeapi) while the API misbehaves
// at random — 429s with Retry-After, 5xx, truncated, malformed and cut
// bodies, slow and stalled replies, timeouts, connection resets, and
// quiet periods — and a driver sends random keys, pastes, mouse events
// and resizes. It checks that gcimg never panics or exits, that its
// goroutines and live heap do not grow, that its screen keeps answering,
// and that once the faults stop every tab lists every image exactly once;
// then that q exits 0 and leaves the terminal as it found it.
//
//	go run ./bench/soak                      # 10 minutes: 5 against each API shape
//	go run ./bench/soak -d 10m -shape seed   # one shape for the whole time
//	go run ./bench/soak -d 20s -n 500        # a quick try
//	bench/soak.sh                            # both shapes, 10 minutes each, into bench/SOAK.md
//
// gcimg is built from this checkout and run with --clipboard off (copies
// never reach the real clipboard) and --debug-log, whose runtime lines
// (goroutines and live heap every 5 s) are how the run sees inside it.
// See bench/README.md for what is checked and how it is judged.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/bench/host"
	"github.com/genesiscloud-tools/gcimg/bench/ptydrive"
)

type config struct {
	duration time.Duration
	shapes   []fakeapi.Generation
	n        int
	seed     int64
	timeout  time.Duration // gcimg's --timeout
	latency  time.Duration // the fake API's, per request
	load     time.Duration // how long loading one tab may take at the end
	quiet    time.Duration // how long a loaded tab's screen must stay unchanged
	gcimg    string
	args     []string // before gcimg's own flags (tests run a binary that needs none)
	env      []string // more environment
	out      string
	keep     string
	verbose  bool
}

func main() {
	var c config
	var shape string
	flag.DurationVar(&c.duration, "d", 10*time.Minute, "how long to send keys and faults, shared between the shapes")
	flag.StringVar(&shape, "shape", "both", "API shape: seed, today, or both (half the time each)")
	flag.IntVar(&c.n, "n", 3000, "images in the catalog (fakeapi.Generate), before the snapshots only /snapshots lists")
	flag.Int64Var(&c.seed, "seed", 1, "seed of the catalog, the faults and the keys")
	flag.DurationVar(&c.timeout, "timeout", 4*time.Second, "gcimg's --timeout (the slowest faults exceed it)")
	flag.DurationVar(&c.latency, "latency", 20*time.Millisecond, "the fake API's latency per request")
	flag.DurationVar(&c.load, "load", 3*time.Minute, "how long loading one tab may take once the faults stop")
	c.quiet = 2 * time.Second
	flag.StringVar(&c.gcimg, "gcimg", "", "gcimg binary (default: built from this module)")
	flag.StringVar(&c.out, "o", "", "also write the summary to this file")
	flag.StringVar(&c.keep, "keep", "", "keep gcimg's debug logs and stderr in this directory (default: a temporary one, kept only when the run fails)")
	flag.BoolVar(&c.verbose, "v", false, "log every fault period and every resize")
	flag.Parse()
	switch shape {
	case "both":
		c.shapes = []fakeapi.Generation{fakeapi.Seed, fakeapi.Today}
	default:
		g, err := fakeapi.ParseGeneration(shape)
		if err != nil {
			fmt.Fprintln(os.Stderr, "soak: -shape:", err)
			os.Exit(2)
		}
		c.shapes = []fakeapi.Generation{g}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	pass, err := run(ctx, c, os.Stdout, func(format string, args ...any) {
		fmt.Fprintf(os.Stderr, "soak: "+format+"\n", args...)
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(2)
	}
	if !pass {
		os.Exit(1)
	}
}

// run runs every phase and writes the summary to out (and c.out). It
// reports whether every phase passed; err is for a run that could not be
// carried out at all.
func run(ctx context.Context, c config, out *os.File, logf func(string, ...any)) (bool, error) {
	if c.n < 1 || c.duration <= 0 || len(c.shapes) == 0 {
		return false, errors.New("need -n ≥ 1, -d > 0 and a shape")
	}
	dir := c.keep
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "gcimg-soak-"); err != nil {
			return false, err
		}
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		return false, err
	}
	if c.gcimg == "" {
		c.gcimg = filepath.Join(dir, "gcimg")
		logf("building gcimg")
		if err := host.BuildGcimg(c.gcimg); err != nil {
			return false, err
		}
	}
	cat := newCatalog(c.n, c.seed)
	rep := report{cfg: c, commit: host.Commit(), loadBefore: host.Load(), started: time.Now()}
	pass := true
	for i, gen := range c.shapes {
		d := c.duration / time.Duration(len(c.shapes))
		s := &session{
			cfg: c, gen: gen, want: cat.want(gen), logf: logf,
			rng: rand.New(rand.NewPCG(uint64(c.seed), uint64(i))),
			dir: filepath.Join(dir, gen.String()),
		}
		ph, err := s.run(ctx, cat, d)
		if err != nil {
			return false, fmt.Errorf("%s shape: %w (files in %s)", gen, err, dir)
		}
		pass = pass && ph.pass()
		rep.phases = append(rep.phases, ph)
	}
	rep.loadAfter = host.Load()
	var buf bytes.Buffer
	rep.write(&buf)
	if _, err := out.Write(buf.Bytes()); err != nil {
		return false, err
	}
	if c.out != "" {
		if err := os.WriteFile(c.out, buf.Bytes(), 0o644); err != nil {
			return false, err
		}
	}
	switch {
	case c.keep != "":
		logf("gcimg's debug logs and stderr are in %s", dir)
	case !pass:
		logf("the run failed: gcimg's debug logs and stderr are kept in %s", dir)
	default:
		_ = os.RemoveAll(dir)
	}
	return pass, nil
}

// run is one phase: start the fake API and gcimg, load every tab without
// faults (the baseline), then d of faults and random keys, then the end
// check and the quit.
func (s *session) run(ctx context.Context, cat catalog, d time.Duration) (*phase, error) {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return nil, err
	}
	s.debugLog = filepath.Join(s.dir, "debug.log")
	var err error
	if s.stderr, err = os.OpenFile(filepath.Join(s.dir, "stderr"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600); err != nil {
		return nil, err
	}
	defer s.stderr.Close()
	s.srv, err = fakeapi.Start(fakeapi.Options{Images: cat.images, Snapshots: cat.snapshots, Generation: s.gen, Latency: s.cfg.latency})
	if err != nil {
		return nil, err
	}
	defer s.srv.Close()

	s.logf("%s shape: %s; starting gcimg", s.gen, wantString(s.want))
	if err := s.start(homeCols, homeRows); err != nil {
		return nil, err
	}
	defer func() { _ = s.term.Close(2 * time.Second) }() // the last one started
	// The baseline: every tab loaded once, without faults. If a tab is
	// wrong already, faults have nothing to do with it.
	if ok, err := s.loadAll(ctx, false); err != nil {
		return nil, err
	} else if !ok {
		return nil, fmt.Errorf("before any fault, the tabs do not show every image:\n%s", s.gotString())
	}
	warm := time.Now()
	var ok bool
	if s.idleBefore, ok = s.nextIdle(warm); !ok {
		return nil, errors.New("gcimg's debug log has no runtime lines: is it built from this checkout?")
	}

	s.logf("%s shape: %s of faults and random keys", s.gen, d)
	if err := s.chaos(ctx, d); err != nil {
		return nil, err
	}
	select {
	case <-s.term.Exited():
		if err := s.crashed(); err != nil {
			return nil, err
		}
	default:
	}

	s.logf("%s shape: faults off; reloading every tab", s.gen)
	if err := s.term.Resize(homeCols, homeRows); err != nil {
		return nil, err
	}
	s.drv.cols, s.drv.rows = homeCols, homeRows
	allOK, err := s.loadAll(ctx, true)
	switch {
	case errors.Is(err, ptydrive.ErrNotRead):
		s.stuck = append(s.stuck, "gcimg stopped reading its input during the end check:\n"+s.term.Screen().String())
	case err != nil:
		return nil, err
	}
	checked := time.Now()
	s.idleAfter, _ = s.nextIdle(checked)
	s.quit()

	dl, err := readDebugLog(s.debugLog)
	if err != nil {
		return nil, err
	}
	ph := &phase{
		gen: s.gen, want: s.want, got: s.got, ok: s.ok, allOK: allOK,
		duration: s.chaosTo.Sub(s.chaosFrom), driver: s.drv.String(), sizes: s.drv.resizes,
		faults: s.faults.String(), server: serverCounts(s.srv.Server.Requests()),
		log: dl, crashes: s.crashes, stuck: s.stuck, exit: s.exit, restore: s.restore,
		idleBefore: s.idleBefore, idleAfter: s.idleAfter, loads: s.loads,
	}
	ph.growth = judge(dl.samples, dl.procs, s.chaosFrom, s.chaosTo)
	return ph, nil
}

func (s *session) gotString() string {
	var b strings.Builder
	for i, w := range s.want {
		mark := "✓"
		if !s.ok[i] {
			mark = "✗"
		}
		fmt.Fprintf(&b, "%s %s, want %s\n", mark, s.got[i], w)
	}
	return b.String()
}

func wantString(w [5]tabWant) string {
	parts := make([]string, len(w))
	for i, t := range w {
		parts[i] = t.String()
	}
	return strings.Join(parts, ", ")
}
