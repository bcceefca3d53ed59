package main

import (
	"fmt"
	"slices"
	"strings"
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
	gs := make([]int, len(in))
	hs := make([]uint64, len(in))
	for i, s := range in {
		gs[i], hs[i] = s.goroutines, s.heapLive
	}
	third := (to.Sub(from)) / 3
	var first, last []sample
	for _, s := range in {
		switch {
		case s.at.Before(from.Add(third)):
			first = append(first, s)
		case !s.at.Before(to.Add(-third)):
			last = append(last, s)
		}
	}
	g.goroutines = fmt.Sprintf("%d samples, %d–%d", len(in), slices.Min(gs), slices.Max(gs))
	g.heap = fmt.Sprintf("first %s, last %s, %s–%s", mib(hs[0]), mib(hs[len(hs)-1]), mib(slices.Min(hs)), mib(slices.Max(hs)))
	if len(first) < minThird || len(last) < minThird {
		g.note = fmt.Sprintf("not judged: %d and %d samples in the first and last thirds, fewer than %d (run longer).", len(first), len(last), minThird)
		return g
	}
	fg, lg := maxOf(first, func(s sample) int { return s.goroutines }), maxOf(last, func(s sample) int { return s.goroutines })
	fh, lh := maxOf(first, func(s sample) uint64 { return s.heapLive }), maxOf(last, func(s sample) uint64 { return s.heapLive })
	gLimit := goroutineLimit(fg)
	hLimit := heapLimit(fh)
	g.goroutines += fmt.Sprintf("; the first third's highest %d, the last third's %d (limit %d)", fg, lg, gLimit)
	g.heap += fmt.Sprintf("; the first third's highest %s, the last third's %s (limit %s)", mib(fh), mib(lh), mib(hLimit))
	if lg > gLimit {
		g.ok = false
		g.note += fmt.Sprintf("goroutines grew from at most %d to %d. ", fg, lg)
	}
	if lh > hLimit {
		g.ok = false
		g.note += fmt.Sprintf("the live heap grew from at most %s to %s. ", mib(fh), mib(lh))
	}
	return g
}

func maxOf[T int | uint64](ss []sample, f func(sample) T) T {
	var m T
	for _, s := range ss {
		m = max(m, f(s))
	}
	return m
}

// goroutineLimit is the most goroutines the last third may reach, given
// the first third's highest count: a quarter more, and at least 16 more.
// What runs at once is bounded by the work in flight, not by time: a
// request and its retries in each of 5 tabs, up to 8 pages at once
// while a filter completes a tab, each with the transport's connection
// goroutines, and up to 8 idle keep-alive connections (2 goroutines
// each). Both thirds see bursts of that; a leak of one goroutine per
// request, retry or reload adds hundreds over minutes.
func goroutineLimit(first int) int { return first + max(first/4, 16) }

// heapLimit is the largest live heap the last third may reach, given the
// first third's largest: a quarter more, plus 4 MiB. The catalog is the
// same all along (every tab was loaded before the first third), and what
// comes and goes — a reload's listing read beside the old one, a
// filter's results, each sort order's index, replies being decoded — is
// in both thirds; a leak of what each request, key or reload allocates
// grows without bound.
func heapLimit(first uint64) uint64 { return first + first/4 + 4<<20 }

// spareSlack is how many more goroutines besides its connections' gcimg
// may run at rest after the run than before it: a toast's timer or two
// still pending. A goroutine left behind by each failed request, retry
// or reload would be hundreds.
const spareSlack = 4

// judgeIdle compares gcimg at rest after the end check with gcimg at
// rest after the baseline load: the same catalog loaded in every tab.
func judgeIdle(before, after idle) (bool, string) {
	var why []string
	if after.spare() > before.spare()+spareSlack {
		why = append(why, fmt.Sprintf("at rest, %d goroutines besides the connections' after the run, %d before it", after.spare(), before.spare()))
	}
	if limit := heapLimit(before.heapLive); after.heapLive > limit {
		why = append(why, fmt.Sprintf("at rest, a live heap of %s after the run, %s before it (limit %s)", mib(after.heapLive), mib(before.heapLive), mib(limit)))
	}
	return len(why) == 0, strings.Join(why, "; ")
}
