package ui

import (
	"slices"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// pageCmds runs cmd's batch (not what its messages lead to) and returns
// the page replies it holds.
func pageCmds(cmd tea.Cmd) []pageMsg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case pageMsg:
		return []pageMsg{msg}
	case tea.BatchMsg:
		var out []pageMsg
		for _, c := range msg {
			out = append(out, pageCmds(c)...)
		}
		return out
	}
	return nil
}

// paging follows the pages a model asks for, listing by listing: how
// many of each are out at once, and whether a page after 2 was asked for
// before page 2 had shown the server pages honestly.
type paging struct {
	t       *testing.T
	out     map[api.Endpoint]int
	widest  map[api.Endpoint]int
	seen    map[api.Endpoint][]int
	page2   map[api.Endpoint]bool // page 2 has landed
	overlap bool                  // pages of both listings were out at once
}

func newPaging(t *testing.T) *paging {
	return &paging{t: t, out: map[api.Endpoint]int{}, widest: map[api.Endpoint]int{}, seen: map[api.Endpoint][]int{}, page2: map[api.Endpoint]bool{}}
}

// asked notes pages the model asked for.
func (p *paging) asked(msgs []pageMsg) {
	p.t.Helper()
	for _, m := range msgs {
		ep := m.opts.Endpoint
		if m.opts.Page > 2 && !p.page2[ep] {
			p.t.Fatalf("page %d of %q asked for before page 2 landed (page 2 shows the server pages honestly)", m.opts.Page, ep)
		}
		p.seen[ep] = append(p.seen[ep], m.opts.Page)
		p.out[ep]++
		p.widest[ep] = max(p.widest[ep], p.out[ep])
	}
	p.overlap = p.overlap || p.out[""] > 0 && p.out[api.EndpointSnapshots] > 0
}

// landed notes a reply handed to the model.
func (p *paging) landed(m pageMsg) {
	p.out[m.opts.Endpoint]--
	if m.opts.Page == 2 {
		p.page2[m.opts.Endpoint] = true
	}
}

// TestFilterCompletesTheTabSeveralPagesAtOnce checks that while a filter
// completes a tab in the background, the model has several pages out at
// once of each listing (as `gcimg list` does, reading /images and
// /snapshots at the same time), that replies landing in any order are
// applied in page order, listing after listing, and that without a
// filter paging stays lazy.
func TestFilterCompletesTheTabSeveralPagesAtOnce(t *testing.T) {
	imgs := fakeapi.Generate(2500, 9)
	m := newBenchModel(newBenchLister(imgs)) // page 1 is in
	if got := m.cur().feed.Loaded(); got != benchPage {
		t.Fatalf("%d loaded at start, want one page", got)
	}
	_, cmd := m.Update(keyMsg("/"))
	if pages := pageCmds(cmd); len(pages) != 0 {
		t.Fatalf("opening the filter fetched %d pages", len(pages))
	}
	_, cmd = m.Update(keyMsg("u"))
	p := newPaging(t)
	first := pageCmds(cmd)
	p.asked(first)
	if p.out[""] != 1 || first[0].opts.Page != 2 {
		t.Fatalf("typing fetched %v, want page 2 of /images alone (it shows the server pages honestly)", first)
	}
	// Replies land last first; the model keeps fetching as the window
	// frees.
	queue := slices.Clone(first)
	slices.Reverse(queue)
	for len(queue) > 0 {
		msg := queue[0]
		queue = queue[1:]
		p.landed(msg)
		_, cmd := m.Update(msg)
		next := pageCmds(cmd)
		p.asked(next)
		slices.Reverse(next)
		queue = append(queue, next...)
	}
	f := m.cur().feed
	if !f.Done() || f.Loaded() != len(imgs) {
		t.Fatalf("done=%v loaded=%d, want all %d", f.Done(), f.Loaded(), len(imgs))
	}
	for i, e := range f.Entries() {
		if e.Image.ID != imgs[i].ID {
			t.Fatalf("entry %d is %s, want %s: pages applied out of order", i, e.Image.ID, imgs[i].ID)
		}
		if e.Image.Type == api.TypeSnapshot && e.Image.StatusOr("") != string(api.SnapshotCreated) {
			t.Fatalf("entry %d, a snapshot, has no status from /snapshots", i)
		}
	}
	var want []int // 25 full pages, then the empty page 26 ends the walk
	for p := 2; p <= 26; p++ {
		want = append(want, p)
	}
	slices.Sort(p.seen[""])
	if !slices.Equal(p.seen[""], want) {
		t.Errorf("pages of /images fetched after page 1 = %v, want 2..26 once each", p.seen[""])
	}
	snaps := slices.Sorted(slices.Values(p.seen[api.EndpointSnapshots]))
	want = want[:0]
	for p := 1; p <= len(newBenchLister(imgs).snapshots())/benchPage+1; p++ {
		want = append(want, p)
	}
	if !slices.Equal(snaps, want) {
		t.Errorf("pages of /snapshots = %v, want %v once each", snaps, want)
	}
	if p.widest[""] != api.MaxPagesAhead || p.widest[api.EndpointSnapshots] != api.MaxPagesAhead {
		t.Errorf("at most %v pages out at once, want %d of each listing", p.widest, api.MaxPagesAhead)
	}
	if !p.overlap {
		t.Error("/snapshots was not read while /images was")
	}

	// Without a filter, paging is lazy: one page, when the cursor nears
	// the end.
	m = newBenchModel(newBenchLister(imgs))
	_, cmd = m.Update(keyMsg("down"))
	if pages := pageCmds(cmd); len(pages) != 0 {
		t.Fatalf("a move far from the end fetched %d pages", len(pages))
	}
}

// TestEndFetchesAhead: end on a partly loaded tab fetches the rest as
// `gcimg list` does, several pages of each listing at once once page 2
// has shown the server pages honestly, with replies landing in any order
// applied in page order; the cursor follows the end as they arrive, and
// any other key makes paging lazy again.
func TestEndFetchesAhead(t *testing.T) {
	imgs := fakeapi.Generate(2050, 21) // /images: 21 pages, the last one short
	l := newBenchLister(imgs)
	for _, order := range []string{"last first", "interleaved"} {
		t.Run(order, func(t *testing.T) {
			m := newBenchModel(l) // page 1 is in
			_, cmd := m.Update(keyMsg("end"))
			p := newPaging(t)
			first := pageCmds(cmd)
			p.asked(first)
			if p.out[""] != 1 || first[0].opts.Page != 2 {
				t.Fatalf("end fetched %v, want page 2 of /images alone (it shows the server pages honestly)", first)
			}
			queue := first
			for len(queue) > 0 {
				i := 0
				if order == "last first" {
					i = len(queue) - 1
				} else if len(queue) > 2 {
					i = 2
				}
				msg := queue[i]
				queue = append(queue[:i:i], queue[i+1:]...)
				p.landed(msg)
				_, cmd := m.Update(msg)
				next := pageCmds(cmd)
				p.asked(next)
				queue = append(queue, next...)
				ts := m.cur()
				if ts.rows.Len() > 0 && ts.list.Cursor() != ts.rows.Len()-1 {
					t.Fatalf("after page %d of %s, the cursor is on row %d of %d: it does not follow the end", msg.opts.Page, msg.opts.Endpoint, ts.list.Cursor()+1, ts.rows.Len())
				}
			}
			if p.widest[""] != api.MaxPagesAhead || p.widest[api.EndpointSnapshots] != api.MaxPagesAhead || !p.overlap {
				t.Errorf("at most %v pages out at once (overlapping: %v), want %d of each listing, at once", p.widest, p.overlap, api.MaxPagesAhead)
			}
			ts := m.cur()
			if !ts.feed.Done() || ts.feed.Loaded() != len(imgs) {
				t.Fatalf("done=%v loaded=%d, want all %d", ts.feed.Done(), ts.feed.Loaded(), len(imgs))
			}
			for i, e := range ts.feed.Entries() {
				if e.Image.ID != imgs[i].ID {
					t.Fatalf("entry %d is %s, want %s: pages applied out of order", i, e.Image.ID, imgs[i].ID)
				}
			}
			if got, want := ts.cursorRow().E, ts.rows.At(ts.rows.Len()-1).E; got != want {
				t.Errorf("the cursor is on %q, want the last row %q", got.Name, want.Name)
			}
		})
	}

	// Any other key ends following: the pages out still land, and paging
	// is lazy again: nothing more while they are out, then one page at a
	// time, and only near the end.
	m := newBenchModel(l)
	_, cmd := m.Update(keyMsg("end"))
	_, cmd = m.Update(pageCmds(cmd)[0])
	out := pageCmds(cmd)
	if len(out) != api.MaxPagesAhead {
		t.Fatalf("%d pages out after page 2, want %d", len(out), api.MaxPagesAhead)
	}
	m.Update(keyMsg("up"))
	for i, msg := range out {
		_, cmd := m.Update(msg)
		if n := len(pageCmds(cmd)); i < len(out)-1 && n != 0 || n > 1 {
			t.Fatalf("page %d, landing after the user moved up, fetched %d more", msg.opts.Page, n)
		}
	}
	if m.cur().anchor != atImage {
		t.Errorf("the cursor still follows the end after up")
	}
}
