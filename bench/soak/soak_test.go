package main

// The soak run itself is too long for the unit suite (bench/soak.sh runs
// it). These tests check its parts: that what it reads off the real
// gcimg's screen, what it expects each tab to hold, and how it sees the
// exit are right, on a small catalog without faults; and how it reads
// the debug log and judges growth.

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/bench/ptydrive"
	"github.com/genesiscloud-tools/gcimg/internal/cli"
)

// childEnv set: this test binary is gcimg (its real command line).
const childEnv = "SOAK_TEST_GCIMG"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(cli.Main())
	}
	os.Exit(m.Run())
}

// testSession runs gcimg against a fake API of generation gen holding a
// small catalog.
func testSession(t *testing.T, gen fakeapi.Generation) *session {
	t.Helper()
	cat := newCatalog(250, 1)
	srv, err := fakeapi.Start(fakeapi.Options{Images: cat.images, Snapshots: cat.snapshots, Generation: gen})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	s := &session{
		cfg: config{
			gcimg: os.Args[0], env: []string{childEnv + "=1", "GORACE=atexit_sleep_ms=0"},
			timeout: 4 * time.Second, load: 30 * time.Second, quiet: 300 * time.Millisecond,
		},
		gen: gen, want: cat.want(gen), srv: srv, logf: t.Logf, dir: t.TempDir(),
		rng: rand.New(rand.NewPCG(1, 2)),
	}
	s.debugLog = filepath.Join(s.dir, "debug.log")
	if s.stderr, err = os.Create(filepath.Join(s.dir, "stderr")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.stderr.Close() })
	if err := s.start(homeCols, homeRows); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.term.Close(time.Second) })
	return s
}

// TestTheChecksReadGcimg loads every tab of the real program in both API
// shapes and checks that the soak run reads each count (or the calm
// note of a type the API refuses) as it must be: the expectations, the
// screen probes and the keys that get there all agree with gcimg. Then
// a reload with the end check's keys, and q.
func TestTheChecksReadGcimg(t *testing.T) {
	for _, gen := range []fakeapi.Generation{fakeapi.Seed, fakeapi.Today} {
		t.Run(gen.String(), func(t *testing.T) {
			t.Parallel()
			s := testSession(t, gen)
			ctx := context.Background()
			ok, err := s.loadAll(ctx, false)
			if err != nil || !ok {
				t.Fatalf("loadAll: %v\n%s", err, s.gotString())
			}
			// A count one off is seen as wrong.
			sc, err := s.loadTab(ctx, 0, false)
			if err != nil {
				t.Fatalf("%v\n%s", err, sc)
			}
			s.want[0].count++
			if got, ok := s.checkTab(sc, 0); ok {
				t.Errorf("the All tab reads %s, and passes for %s", got, s.want[0])
			}
			s.want[0].count--
			if gen == fakeapi.Today {
				// The end check: from a filtered list with the prompt open
				// and a region, back to every image of every tab.
				for _, k := range []string{"/", "ubu", ptydrive.Esc, "r", ptydrive.End, ptydrive.Enter, "/", "x"} {
					s.act(step{writes: []string{k}})
				}
				if ok, err := s.loadAll(ctx, true); err != nil || !ok {
					t.Fatalf("loadAll after a filter and a region: %v\n%s", err, s.gotString())
				}
			}
			s.quit()
			if s.exit != "" || len(s.restore) > 0 {
				t.Errorf("quit: %s %v", s.exit, s.restore)
			}
			l, err := readDebugLog(s.debugLog)
			if err != nil {
				t.Fatal(err)
			}
			if l.procs != 1 || len(l.samples) < 2 || !l.samples[len(l.samples)-1].exit || l.attempts == 0 || l.statuses["200"] == 0 {
				t.Errorf("debug log read as %+v", l)
			}
		})
	}
}

func TestParseDebugLog(t *testing.T) {
	// Lines as internal/cli and the api client write them.
	log := `2026-12-01T01:03:42.151586119Z gcimg (devel) (linux/amd64) started
2026-12-01T01:03:42.151654319Z runtime: goroutines=11 heap_live_bytes=0 heap_objects_bytes=1000 gc_cycles=0
2026-12-01T01:04:24.100000000Z GET http://127.0.0.1:42319/compute/v1/images?page=1&per_page=100&type=base-os (attempt 1 of 5)
2026-12-01T01:04:24.107096042Z GET http://127.0.0.1:42319/compute/v1/images?page=1&per_page=100&type=base-os -> 504 Gateway Timeout in 21ms (attempt 1)
2026-12-01T01:04:24.107195418Z retrying in 300.610308ms (attempt 1 of 5 failed: 504 Gateway Timeout)
2026-12-01T01:04:44.563944489Z GET http://127.0.0.1:42319/compute/v1/images?page=1&per_page=100&type=cloud-image: truncated body (attempt 1)
2026-12-01T01:04:44.563952075Z retrying in 307.514679ms (attempt 1 of 5 failed: truncated body)
2026-12-01T01:04:49.82701616Z GET http://127.0.0.1:42319/compute/v1/images?page=1&per_page=100&type=cloud-image failed after 22ms (attempt 1): connection closed before the response was complete
2026-12-01T01:04:49.827070903Z retrying in 212.802304ms (attempt 1 of 5 failed: connection closed before the response was complete)
2026-12-01T01:05:48.625413473Z GET http://127.0.0.1:42319/compute/v1/images?page=1&per_page=100&type=base-os failed after 4.002s (attempt 1): timed out after 4s
2026-12-01T01:05:49.000000000Z GET http://127.0.0.1:42319/compute/v1/snapshots?page=2&per_page=100 -> 200 OK in 21ms (attempt 2, 28067 bytes)
2026-12-01T01:05:50.152204492Z runtime: goroutines=35 heap_live_bytes=8992736 heap_objects_bytes=9000000 gc_cycles=30
2026-12-01T01:05:50.225643497Z runtime: goroutines=27 heap_live_bytes=9721592 heap_objects_bytes=9000000 gc_cycles=31 at exit
`
	l, err := parseDebugLog(strings.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	if l.procs != 1 || l.attempts != 1 || l.retries != 3 || l.badBody != 1 {
		t.Errorf("procs %d, attempts %d, retries %d, bad bodies %d", l.procs, l.attempts, l.retries, l.badBody)
	}
	if got := counts(l.statuses); got != "200 ×1, 5xx ×1" {
		t.Errorf("statuses %s", got)
	}
	if got := counts(l.failures); got != "cut ×1, timed out ×1" {
		t.Errorf("failures %s", got)
	}
	if got := counts(l.why); got != "5xx ×1, bad body ×1, cut ×1" {
		t.Errorf("retries %s", got)
	}
	if len(l.samples) != 3 || l.samples[1].goroutines != 35 || l.samples[1].heapLive != 8992736 || !l.samples[2].exit || l.samples[0].exit {
		t.Errorf("samples %+v", l.samples)
	}
}

func TestJudge(t *testing.T) {
	from := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	to := from.Add(10 * time.Minute)
	series := func(g func(i int) int, h func(i int) uint64) []sample {
		var out []sample
		for i := range 120 { // every 5 s
			out = append(out, sample{at: from.Add(time.Duration(i) * 5 * time.Second), proc: 1, goroutines: g(i), heapLive: h(i)})
		}
		return out
	}
	flat := func(i int) int { return 30 + i%7 } // bursts, no trend
	flatHeap := func(i int) uint64 { return 8<<20 + uint64(i%5)<<20 }
	if g := judge(series(flat, flatHeap), 1, from, to); !g.ok {
		t.Errorf("a flat run judged as growing: %s", g.note)
	}
	if g := judge(series(func(i int) int { return 30 + i/2 }, flatHeap), 1, from, to); g.ok {
		t.Errorf("a goroutine a 10 s judged flat: %s", g.goroutines)
	}
	if g := judge(series(flat, func(i int) uint64 { return 8<<20 + uint64(i)<<17 }), 1, from, to); g.ok {
		t.Errorf("128 KiB more heap each 5 s judged flat: %s", g.heap)
	}
	if g := judge(series(flat, flatHeap)[:4], 1, from, to); !g.ok || !strings.Contains(g.note, "not judged") {
		t.Errorf("4 samples: %+v", g)
	}
	// A burst in the last third is not growth.
	burst := series(flat, flatHeap)
	for i := 100; i < 110; i++ {
		burst[i].goroutines, burst[i].heapLive = 90, 30<<20
	}
	if g := judge(burst, 1, from, to); !g.ok {
		t.Errorf("a burst judged as growth: %s", g.note)
	}

	before := idle{sample: sample{goroutines: 22}, sockets: 1}
	if ok, why := judgeIdle(before, idle{sample: sample{goroutines: 36}, sockets: 8}); !ok {
		t.Errorf("7 more connections and their goroutines judged a leak: %s", why)
	}
	if ok, _ := judgeIdle(before, idle{sample: sample{goroutines: 36}, sockets: 1}); ok {
		t.Error("14 more goroutines at rest, with no more connections, judged fine")
	}
}

// A screen left "too small" for minutes is not stuck the moment the
// terminal grows: the 30-minute run with seed 2 reported exactly that,
// 2 ms after resizing from 20x5 (gcimg had redrawn within milliseconds).
func TestUnchangedCountsFromTheLastResize(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 5, 16, 0, 0, time.UTC)
	for _, c := range []struct {
		name             string
		changed, resized time.Duration // after t0
		now              time.Duration
		want             time.Duration
	}{
		{"no resize since the change", 10 * time.Second, 0, 90 * time.Second, 80 * time.Second},
		{"resized after a long quiet", 0, 65 * time.Second, 65*time.Second + 2*time.Millisecond, 2 * time.Millisecond},
		{"resized, and still unchanged a minute later", 0, 65 * time.Second, 130 * time.Second, 65 * time.Second},
	} {
		if got := unchangedFor(t0.Add(c.changed), t0.Add(c.resized), t0.Add(c.now)); got != c.want {
			t.Errorf("%s: unchanged for %s, want %s", c.name, got, c.want)
		}
	}
}
