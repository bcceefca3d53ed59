package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/genesiscloud-tools/gcimg/bench/ptydrive"
)

// The measured actions, in the order of the report.
const (
	actType      = "filter keystroke"
	actBackspace = "backspace"
	actDown      = "cursor down"
	actUp        = "cursor up"
	actPageDown  = "page down"
	actPageUp    = "page up"
)

var actions = []string{actType, actBackspace, actDown, actUp, actPageDown, actPageUp}

// sample is one measured key.
type sample struct {
	program string
	round   int
	action  string
	query   string        // the query once the key is handled (filter keys)
	first   time.Duration // until the first screen that passed the check
	settled time.Duration // until the screen took its final form
}

// settings are how keys are sent and screens judged, the same for every
// program.
type settings struct {
	queries []string
	moves   int // cursor downs (then ups) per round
	pages   int // page downs (then ups) per round
	quiet   time.Duration
	jitter  time.Duration
	timeout time.Duration
	n       int // catalog size
}

// session drives one program in its terminal.
type session struct {
	*program
	term *ptydrive.Term
	set  settings
	rng  *rand.Rand

	trace io.Writer // when set, every screen after every key is described here
}

// traceKey writes the screens that followed a key, up to the one it
// settled on: when each came, whether it passed the check, and the rows
// that changed.
func (s *session) traceKey(key string, sent time.Time, before, last ptydrive.Screen, check func(before, now ptydrive.Screen) bool) {
	fmt.Fprintf(s.trace, "%s key %q\n", s.name, key)
	prev := before
	for prev.Seq < last.Seq {
		now, err := s.term.Next(context.Background(), prev.Seq)
		if err != nil {
			fmt.Fprintf(s.trace, "  %v\n", err)
			return
		}
		fmt.Fprintf(s.trace, "  %8.3f ms  pass=%-5v cursor %d,%d\n", ms(now.At.Sub(sent)), check(before, now), now.CursorX, now.CursorY)
		for y := range max(len(now.Lines), len(prev.Lines)) {
			if now.Line(y) != prev.Line(y) {
				fmt.Fprintf(s.trace, "    %2d| %s\n", y, now.Line(y))
			}
		}
		prev = now
	}
}

// press sends key and waits until the screen settles in a state that
// passes check, which is given the screen before the key as well.
func (s *session) press(ctx context.Context, key string, timeout time.Duration, check func(before, now ptydrive.Screen) bool) (sent time.Time, first, last ptydrive.Screen, err error) {
	// Keys land at a random point of the program's frame clock, as a
	// person's do. A fixed pause after the last change would always hit
	// the same phase of a 60 fps renderer (150 ms is 9 frames: just after
	// a frame) and add nearly a whole frame to every key.
	time.Sleep(time.Duration(s.rng.Int64N(int64(s.set.jitter) + 1)))
	before := s.term.Screen()
	if sent, err = s.term.Send(key); err != nil {
		return sent, first, last, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	first, last, err = s.term.Settle(ctx, before.Seq, s.set.quiet, func(now ptydrive.Screen) bool { return check(before, now) })
	if err != nil {
		err = fmt.Errorf("%s: key %q: the screen did not settle as expected: %w\nlast screen:\n%s", s.name, key, err, s.term.Screen())
	}
	if s.trace != nil {
		s.traceKey(key, sent, before, last, check)
	}
	return sent, first, last, err
}

// step measures one key of action.
func (s *session) step(ctx context.Context, action, key string, check func(before, now ptydrive.Screen) bool) (sample, error) {
	sent, first, last, err := s.press(ctx, key, s.set.timeout, check)
	if err != nil {
		return sample{}, fmt.Errorf("%s: %w", action, err)
	}
	return sample{program: s.name, action: action, first: first.At.Sub(sent), settled: last.At.Sub(sent)}, nil
}

// ready waits, up to load, until the program has the whole catalog and
// shows it unfiltered. fzf only has to read its input. gcimg's list
// fetches pages as it scrolls, but a filter completes the tab in the
// background: it is given a query until the tab is complete, and the
// query is then deleted and the prompt closed.
func (s *session) ready(ctx context.Context, load time.Duration) error {
	n := s.set.n
	if s.openFilter == "" {
		if _, err := s.term.WaitFor(ctx, func(now ptydrive.Screen) bool { return s.shows(now, "", n) }); err != nil {
			return fmt.Errorf("%s: the catalog did not load: %w\n%s", s.name, err, s.term.Screen())
		}
		return nil
	}
	if _, err := s.term.WaitFor(ctx, func(now ptydrive.Screen) bool { return s.selected(now) >= 0 }); err != nil {
		return fmt.Errorf("%s: no list on screen: %w\n%s", s.name, err, s.term.Screen())
	}
	for _, k := range []struct {
		key   string
		check func(before, now ptydrive.Screen) bool
	}{
		{s.openFilter, func(_, now ptydrive.Screen) bool { _, shown := s.query(now); return shown }},
		{"z", func(_, now ptydrive.Screen) bool { _, total, ok := s.count(now); return ok && total == n }},
		{ptydrive.Backspace, s.unfiltered(true)},
		{s.closeFilter, s.unfiltered(false)},
	} {
		if _, _, _, err := s.press(ctx, k.key, load, k.check); err != nil {
			return fmt.Errorf("loading the catalog: %w", err)
		}
	}
	return nil
}

// unfiltered checks for the whole catalog on screen, with the filter
// prompt shown or not.
func (s *session) unfiltered(prompt bool) func(_, now ptydrive.Screen) bool {
	return func(_, now ptydrive.Screen) bool {
		_, shown := s.query(now)
		return shown == prompt && s.shows(now, "", s.set.n)
	}
}

// round measures one round of every action, from and back to the
// unfiltered list with the cursor on the first row:
//
//   - each query typed one key at a time, then deleted one key at a time;
//     a key is done when the prompt shows the query and the count shows
//     the number of matches expected for it;
//   - moves × down then up, each done when the marker is one row further;
//   - pages × page down then page up, each done when the screen changed
//     with the marker still on it.
//
// Every key also waits for the quiet period (see ptydrive.Term.Settle).
func (s *session) round(ctx context.Context, round int) ([]sample, error) {
	var out []sample
	add := func(sm sample, err error) error {
		if err != nil {
			return err
		}
		sm.round = round
		out = append(out, sm)
		return nil
	}
	n := s.set.n
	if s.openFilter != "" {
		if _, _, _, err := s.press(ctx, s.openFilter, s.set.timeout, s.unfiltered(true)); err != nil {
			return nil, err
		}
	}
	for _, q := range s.set.queries {
		typed := func(prefix string) func(_, now ptydrive.Screen) bool {
			return func(_, now ptydrive.Screen) bool { return s.shows(now, prefix, s.expected[prefix]) }
		}
		for i := 1; i <= len(q); i++ {
			sm, err := s.step(ctx, actType, q[i-1:i], typed(q[:i]))
			sm.query = q[:i]
			if err := add(sm, err); err != nil {
				return nil, err
			}
		}
		for i := len(q) - 1; i >= 0; i-- {
			sm, err := s.step(ctx, actBackspace, ptydrive.Backspace, typed(q[:i]))
			sm.query = q[:i]
			if err := add(sm, err); err != nil {
				return nil, err
			}
		}
	}
	if s.closeFilter != "" {
		if _, _, _, err := s.press(ctx, s.closeFilter, s.set.timeout, s.unfiltered(false)); err != nil {
			return nil, err
		}
	}
	by := func(d int) func(before, now ptydrive.Screen) bool {
		return func(before, now ptydrive.Screen) bool {
			return s.selected(now) == s.selected(before)+d && s.shows(now, "", n)
		}
	}
	page := func(_, now ptydrive.Screen) bool { return s.selected(now) >= 0 && s.shows(now, "", n) }
	for _, m := range []struct {
		action, key string
		times       int
		check       func(before, now ptydrive.Screen) bool
	}{
		{actDown, ptydrive.Down, s.set.moves, by(1)},
		{actUp, ptydrive.Up, s.set.moves, by(-1)},
		{actPageDown, ptydrive.PageDown, s.set.pages, page},
		{actPageUp, ptydrive.PageUp, s.set.pages, page},
	} {
		for range m.times {
			if err := add(s.step(ctx, m.action, m.key, m.check)); err != nil {
				return nil, err
			}
		}
	}
	if sel := s.selected(s.term.Screen()); sel < 0 {
		return nil, fmt.Errorf("%s: no selection after a round:\n%s", s.name, s.term.Screen())
	}
	return out, nil
}

// describe is the round's keys, for the report.
func (set settings) describe(p *program) string {
	var b strings.Builder
	if p.openFilter != "" {
		fmt.Fprintf(&b, "%q, ", p.openFilter)
	}
	for _, q := range set.queries {
		fmt.Fprintf(&b, "%q typed then deleted, ", q)
	}
	if p.closeFilter != "" {
		fmt.Fprintf(&b, "%q, ", p.closeFilter)
	}
	fmt.Fprintf(&b, "down ×%d, up ×%d, page down ×%d, page up ×%d", set.moves, set.moves, set.pages, set.pages)
	return b.String()
}
