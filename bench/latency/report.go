package main

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The targets at 100k images.
const (
	targetFilterRatio = 0.6 // median filter keystroke, gcimg ÷ fzf
	targetCursorMS    = 8.0 // median cursor move, gcimg
)

type report struct {
	config
	programs []*program // gcimg, then fzf
	samples  []sample
	loads    []string // load averages: before the rounds, at each round, after
	fzf      string   // fzf's version
	commit   string
}

// stats are the summary of some durations, in milliseconds.
type stats struct {
	n                int
	median, p90, max float64
}

func summarize(ds []time.Duration) stats {
	if len(ds) == 0 {
		return stats{}
	}
	v := make([]float64, len(ds))
	for i, d := range ds {
		v[i] = ms(d)
	}
	slices.Sort(v)
	med := v[len(v)/2]
	if len(v)%2 == 0 {
		med = (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	// p90 by nearest rank: the smallest value with 90% of values at or below.
	p90 := v[(9*len(v)+9)/10-1]
	return stats{n: len(v), median: med, p90: p90, max: v[len(v)-1]}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// settled is the settled times of the samples that pass keep.
func (r *report) settled(keep func(sample) bool) []time.Duration {
	var out []time.Duration
	for _, s := range r.samples {
		if keep(s) {
			out = append(out, s.settled)
		}
	}
	return out
}

func (r *report) write(w io.Writer) {
	gc, fz := r.programs[0], r.programs[1]
	fmt.Fprintf(w, "### Key → screen latency at %s images, gcimg and fzf side by side\n\n", thousands(r.n))
	fmt.Fprintf(w, "`go run ./bench/latency` on %s, commit %s: %s, %d CPUs, fzf %s; a %d×%d pty each, "+
		"TERM=xterm-256color, screens read by `github.com/charmbracelet/x/vt`. ",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), r.commit, runtime.Version(), runtime.NumCPU(), r.fzf, r.cols, r.rows)
	fmt.Fprintf(w, "%d rounds after %d warm-up, the programs alternating. Load average (1, 5, 15 min): %s before, %s after, "+
		"%s over the rounds (1 min).\n\n", r.rounds, r.warmup, r.loads[0], r.loads[len(r.loads)-1], loadRange(r.loads[1:len(r.loads)-1]))

	fmt.Fprintln(w, "| action | keys | gcimg median | p90 | max | fzf median | p90 | max | gcimg ÷ fzf | target |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
	for _, a := range actions {
		g := summarize(r.settled(func(s sample) bool { return s.program == gc.name && s.action == a }))
		f := summarize(r.settled(func(s sample) bool { return s.program == fz.name && s.action == a }))
		ratio := g.median / f.median
		target := ""
		switch a {
		case actType:
			target = fmt.Sprintf("≤ %.1f× fzf %s", targetFilterRatio, check(ratio <= targetFilterRatio))
		case actDown, actUp:
			target = fmt.Sprintf("≤ %.0f ms %s", targetCursorMS, check(g.median <= targetCursorMS))
		}
		fmt.Fprintf(w, "| %s | %d | %.1f ms | %.1f | %.1f | %.1f ms | %.1f | %.1f | %.2f | %s |\n",
			a, g.n, g.median, g.p90, g.max, f.median, f.p90, f.max, ratio, target)
	}

	fmt.Fprintln(w, "\nEach filter keystroke, by the query it makes (median ms, and the matches each program shows):")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| typed | gcimg | matches | fzf | matches |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: |")
	for _, q := range prefixes(r.queries)[1:] {
		typed := func(p *program) stats {
			return summarize(r.settled(func(s sample) bool { return s.program == p.name && s.action == actType && s.query == q }))
		}
		fmt.Fprintf(w, "| `%s` | %.1f | %d | %.1f | %d |\n", q, typed(gc).median, gc.expected[q], typed(fz).median, fz.expected[q])
	}

	fmt.Fprintln(w, "\nHow it was measured:")
	fmt.Fprintln(w)
	for _, p := range r.programs {
		fmt.Fprintf(w, "- a round of %s: %s;\n", p.name, r.describe(p))
	}
	fmt.Fprintf(w, "- a key is timed from its write to the pty until the emulated screen took its final form: "+
		"the last change before %v without one, which must show the key's result — the query in the prompt and "+
		"the number of matches worked out beforehand (gcimg's catalog package, `fzf --filter`), or the selection "+
		"marker one row further. The quiet period itself is not counted. A screen is taken once the emulator has "+
		"parsed all the output waiting, as a terminal draws: a write larger than the pty's buffer (4 KiB) is one "+
		"screen, not one for each piece;\n", r.quiet)
	for _, p := range r.programs {
		var same, all int
		for _, s := range r.samples {
			if s.program == p.name {
				all++
				if s.first == s.settled {
					same++
				}
			}
		}
		fmt.Fprintf(w, "- %s: the first screen showing the result was the final one for %d of %d keys;\n", p.name, same, all)
	}
	fmt.Fprintf(w, "- keys are sent 0–%v (uniformly) after the quiet period, so they fall at any point of a program's frame clock.\n", r.jitter)
}

func check(ok bool) string {
	if ok {
		return "✅"
	}
	return "❌"
}

// loadRange is the lowest and highest 1-minute load in loads.
func loadRange(loads []string) string {
	var v []float64
	for _, l := range loads {
		f, err := strconv.ParseFloat(strings.Fields(l + " ?")[0], 64)
		if err == nil {
			v = append(v, f)
		}
	}
	if len(v) == 0 {
		return "?"
	}
	return fmt.Sprintf("%.2f–%.2f", slices.Min(v), slices.Max(v))
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
