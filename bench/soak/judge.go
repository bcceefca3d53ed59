package main

import (
	"fmt"
	"slices"
	"time"
)

// growth is the verdict on gcimg's goroutines and live heap over the
// faulted part of the run, from the runtime lines of its debug log.
type growth struct {
	ok               bool
	goroutines, heap string // the figures, for the report
	note             string // why it failed, or why it was not judged
}

// minThird is the fewest samples a third of the run needs to be judged:
// a leak is a trend, and 3 samples (15 s) cannot show one.
const minThird = 3

// judge compares the last third of the faulted run with the first. It
// uses the samples of the last gcimg process only (a restart starts a
// new heap, and fails the run anyway).
//
// Each third is summed up by its median: what gcimg runs and holds most
// of the time. The highest figures follow bursts (eight pages in flight
// while a filter completes a tab, retries waiting, a reload's listing
// read beside the old one), which come and go at random; a leak moves
// the middle of the range, and never comes back down.
func judge(samples []sample, proc int, from, to time.Time) growth {
	var in []sample
	for _, s := range samples {
		if s.proc == proc && !s.exit && !s.at.Before(from) && !s.at.After(to) {
			in = append(in, s)
		}
	}
	g := growth{ok: true}
	if len(in) == 0 {
		g.goroutines, g.heap, g.note = "no samples", "no samples", "not judged: no runtime lines during the run."
		return g
	}
	third := to.Sub(from) / 3
	var first, last []sample
	for _, s := range in {
		switch {
		case s.at.Before(from.Add(third)):
			first = append(first, s)
		case !s.at.Before(to.Add(-third)):
			last = append(last, s)
		}
	}
	gs := func(ss []sample) []int {
		out := make([]int, len(ss))
		for i, s := range ss {
			out[i] = s.goroutines
		}
		return out
	}
	hs := func(ss []sample) []uint64 {
		out := make([]uint64, len(ss))
		for i, s := range ss {
			out[i] = s.heapLive
		}
		return out
	}
	g.goroutines = fmt.Sprintf("%d samples, %d–%d", len(in), slices.Min(gs(in)), slices.Max(gs(in)))
	g.heap = fmt.Sprintf("%s–%s", mib(slices.Min(hs(in))), mib(slices.Max(hs(in))))
	if len(first) < minThird || len(last) < minThird {
		g.note = fmt.Sprintf("not judged: %d and %d samples in the first and last thirds, fewer than %d (run longer).", len(first), len(last), minThird)
		return g
	}
	fg, lg := median(gs(first)), median(gs(last))
	fh, lh := median(hs(first)), median(hs(last))
	gLimit, hLimit := fg+goroutineSlack, heapLimit(fh)
	g.goroutines += fmt.Sprintf("; median %d in the first third, %d in the last (limit %d)", fg, lg, gLimit)
	g.heap += fmt.Sprintf("; median %s in the first third, %s in the last (limit %s)", mib(fh), mib(lh), mib(hLimit))
	if lg > gLimit {
		g.ok = false
		g.note += fmt.Sprintf("goroutines grew: a median of %d in the first third, %d in the last. ", fg, lg)
	}
	if lh > hLimit {
		g.ok = false
		g.note += fmt.Sprintf("the live heap grew: a median of %s in the first third, %s in the last. ", mib(fh), mib(lh))
	}
	return g
}

// median is the middle value of xs (the upper one of an even count).
func median[T int | uint64](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// goroutineSlack is how many more goroutines the last third's median may
// be than the first's: Go's HTTP transport keeps up to 8 idle keep-alive
// connections (api's MaxIdleConnsPerHost), each with a read and a write
// loop, and how many it holds depends on how many requests ran at once
// lately. A goroutine left behind by each request, retry, reload or
// resize adds tens to hundreds over a run.
const goroutineSlack = 16

// heapLimit is the largest median live heap the last third may have,
// given the first third's: a fifth more, plus 1 MiB. The catalog is the
// same all along (every tab was loaded before the first third), and the
// medians of a flat run differ by a tenth. The middles of the two thirds
// are two thirds of the run apart: over 10 minutes at the run's pace
// (some 2,500 requests and 5,500 keys), at a median of 8 MiB, a leak of
// 1.5 KiB a request, or 0.7 KiB a key, goes past it.
func heapLimit(first uint64) uint64 { return first + first/5 + 1<<20 }

// spareSlack is how many more goroutines besides its connections' gcimg
// may run at rest after the run than before it: a toast's timer or two
// still pending. A goroutine left behind by each failed request, retry
// or reload would be hundreds.
const spareSlack = 4

// judgeIdle compares gcimg at rest after the end check with gcimg at
// rest after the baseline load, the same catalog loaded in every tab: the
// goroutines besides those of open connections. (The live heap at rest is
// reported, not judged: it is what the last collection found, which may
// have run in the middle of the end check's reloads.)
func judgeIdle(before, after idle) (bool, string) {
	if after.spare() > before.spare()+spareSlack {
		return false, fmt.Sprintf("at rest, %d goroutines besides the connections' after the run, %d before it", after.spare(), before.spare())
	}
	return true, ""
}
