package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// phase is the outcome of one shape's run.
type phase struct {
	gen                   fakeapi.Generation
	want                  [5]tabWant
	got                   [5]string
	ok                    [5]bool
	allOK                 bool
	duration              time.Duration
	driver                string
	sizes                 int
	faults                string
	server                string
	log                   debugLog
	crashes, stuck        []string
	exit                  string
	restore               []string
	idleBefore, idleAfter idle
	loads                 []string
	growth                growth
}

func (p *phase) pass() bool {
	idleOK, _ := judgeIdle(p.idleBefore, p.idleAfter)
	return p.allOK && len(p.crashes) == 0 && len(p.stuck) == 0 && p.exit == "" && len(p.restore) == 0 && p.growth.ok && idleOK
}

// serverCounts is what the fake API answered, by status; 0 is a request
// that got no status (a reset, or a client that left during a delay).
func serverCounts(reqs []fakeapi.Request) string {
	by := map[string]int{}
	for _, r := range reqs {
		k := fmt.Sprint(r.Status)
		switch {
		case r.Status == 0:
			k = "no reply"
		case r.Status >= 500:
			k = "5xx"
		}
		by[k]++
	}
	return fmt.Sprintf("%d (%s)", len(reqs), counts(by))
}

// sortByCount orders keys by their count, most first, then by name.
func sortByCount(keys []string, m map[string]int) {
	slices.SortFunc(keys, func(a, b string) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(a, b)
	})
}

// report is the markdown summary of a run.
type report struct {
	cfg                   config
	commit                string
	started               time.Time
	loadBefore, loadAfter string
	phases                []*phase
}

func mib(b uint64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

func (r *report) write(w io.Writer) {
	verdict := "PASS"
	for _, p := range r.phases {
		if !p.pass() {
			verdict = "FAIL"
		}
	}
	fmt.Fprintf(w, "## gcimg soak run: %s\n\n", verdict)
	fmt.Fprintf(w, "%s, commit %s, %d-image catalog (seed %d) plus %d snapshots only at /snapshots, fake API latency %s, gcimg `--timeout %s --clipboard off --debug-log`. Load average (1, 5, 15 min) before %s, after %s.\n\n",
		r.started.UTC().Format("2006-01-02 15:04 MST"), r.commit, r.cfg.n, r.cfg.seed, onlyAtSnapshots, r.cfg.latency, r.cfg.timeout, r.loadBefore, r.loadAfter)
	for _, p := range r.phases {
		p.write(w)
	}
}

func (p *phase) write(w io.Writer) {
	verdict := "pass"
	if !p.pass() {
		verdict = "FAIL"
	}
	fmt.Fprintf(w, "### %s shape: %s\n\n", p.gen, verdict)
	loads := ""
	if len(p.loads) > 0 {
		loads = "; load average each minute: " + strings.Join(p.loads, "; ")
	}
	fmt.Fprintf(w, "- **Ran** %s of faults and random input after a fault-free load of every tab%s.\n", p.duration.Round(time.Second), loads)
	fmt.Fprintf(w, "- **Input:** %s; %d resizes among %d sizes.\n", p.driver, p.sizes, len(sizes))
	fmt.Fprintf(w, "- **Faults:** %s.\n", p.faults)
	fmt.Fprintf(w, "- **Requests** the fake API saw: %s. gcimg's debug log: %d attempts, replies %s, %d bodies that did not decode, no reply %s; %d retries (%s).\n",
		p.server, p.log.attempts, counts(p.log.statuses), p.log.badBody, counts(p.log.failures), p.log.retries, counts(p.log.why))
	g := p.growth
	fmt.Fprintf(w, "- **Goroutines:** %s.\n", g.goroutines)
	fmt.Fprintf(w, "- **Live heap:** %s.\n", g.heap)
	fmt.Fprintf(w, "- **At rest**, every tab loaded, after the baseline load: %s; after the end check: %s.\n", p.idleBefore, p.idleAfter)
	if ok, why := judgeIdle(p.idleBefore, p.idleAfter); !ok {
		g.note += why + "."
	}
	if g.note != "" {
		fmt.Fprintf(w, "- **Growth:** %s\n", g.note)
	}
	var tabs []string
	for i, want := range p.want {
		mark := "✓"
		if !p.ok[i] {
			mark = "✗"
		}
		tabs = append(tabs, fmt.Sprintf("%s %s (want %s)", want.title, firstLine(p.got[i]), strings.TrimPrefix(want.String(), want.title+": ")))
		tabs[i] += " " + mark
	}
	fmt.Fprintf(w, "- **Every image once the faults stopped** (each tab reloaded and read to its end): %s.\n", strings.Join(tabs, ", "))
	exit := "q exited 0 and restored the terminal (main screen, cursor shown, no mode left on, line mode with echo)"
	if p.exit != "" || len(p.restore) > 0 {
		var what []string
		if p.exit != "" {
			what = append(what, firstLine(p.exit))
		}
		exit = "✗ " + strings.Join(append(what, p.restore...), "; ")
	}
	fmt.Fprintf(w, "- **Exit:** %s.\n", exit)
	fmt.Fprintf(w, "- **Restarts** (gcimg exited or panicked): %d; **stuck screens**: %d.\n\n", len(p.crashes), len(p.stuck))
	for i, got := range p.got {
		if !p.ok[i] {
			fmt.Fprintf(w, "%s tab, want %s:\n\n```text\n%s\n```\n\n", p.want[i].title, p.want[i], got)
		}
	}
	for _, c := range append(append(slices.Clone(p.crashes), p.stuck...), p.exit) {
		if c != "" {
			fmt.Fprintf(w, "```text\n%s\n```\n\n", c)
		}
	}
}

func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}
