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

// TestFilterCompletesTheTabSeveralPagesAtOnce checks that while a filter
// completes a tab in the background, the model has several pages out at
// once (as `gcimg list` does) of each listing in turn, that replies
// landing in any order are applied in page order, and that without a
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
	first := pageCmds(cmd)
	if len(first) != 1 || first[0].opts.Page != 2 {
		t.Fatalf("typing fetched %v, want page 2 alone (it shows the server pages honestly)", first)
	}
	_, cmd = m.Update(first[0])
	batch := pageCmds(cmd)
	if len(batch) != api.MaxPagesAhead {
		t.Fatalf("after page 2, %d pages out, want %d", len(batch), api.MaxPagesAhead)
	}
	// Replies land last first; the model keeps fetching as the window
	// frees, then walks /snapshots the same way.
	seen := map[api.Endpoint][]int{}
	widest := map[api.Endpoint]int{} // the most pages one reply sent out
	queue := slices.Clone(batch)
	slices.Reverse(queue)
	for len(queue) > 0 {
		msg := queue[0]
		queue = queue[1:]
		seen[msg.opts.Endpoint] = append(seen[msg.opts.Endpoint], msg.opts.Page)
		_, cmd := m.Update(msg)
		next := pageCmds(cmd)
		for _, n := range next {
			widest[n.opts.Endpoint] = max(widest[n.opts.Endpoint], len(next))
		}
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
	for p := 3; p <= 26; p++ {
		want = append(want, p)
	}
	slices.Sort(seen[""])
	if !slices.Equal(seen[""], want) {
		t.Errorf("pages of /images fetched after page 2 = %v, want 3..26 once each", seen[""])
	}
	snaps := seen[api.EndpointSnapshots]
	if len(snaps) < 2 || snaps[0] != 1 || snaps[1] != 2 {
		t.Fatalf("/snapshots pages %v: want 1 and 2 one at a time first", snaps)
	}
	slices.Sort(snaps)
	want = want[:0]
	for p := 1; p <= len(newBenchLister(imgs).snapshots())/benchPage+1; p++ {
		want = append(want, p)
	}
	if !slices.Equal(snaps, want) {
		t.Errorf("pages of /snapshots = %v, want %v once each", snaps, want)
	}
	if widest[api.EndpointSnapshots] != api.MaxPagesAhead {
		t.Errorf("at most %d pages of /snapshots out at once, want %d", widest[api.EndpointSnapshots], api.MaxPagesAhead)
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
// `gcimg list` does, several pages at once once page 2 has shown the
// server pages honestly, with replies landing in any order applied in
// page order; the cursor follows the end as they arrive, and any other
// key makes paging lazy again.
func TestEndFetchesAhead(t *testing.T) {
	imgs := fakeapi.Generate(2050, 21) // /images: 21 pages, the last one short
	l := newBenchLister(imgs)
	for _, order := range []string{"last first", "interleaved"} {
		t.Run(order, func(t *testing.T) {
			m := newBenchModel(l) // page 1 is in
			_, cmd := m.Update(keyMsg("end"))
			first := pageCmds(cmd)
			if len(first) != 1 || first[0].opts.Page != 2 {
				t.Fatalf("end fetched %v, want page 2 alone (it shows the server pages honestly)", first)
			}
			queue := first
			widest := 0
			for len(queue) > 0 {
				i := 0
				if order == "last first" {
					i = len(queue) - 1
				} else if len(queue) > 2 {
					i = 2
				}
				msg := queue[i]
				queue = append(queue[:i:i], queue[i+1:]...)
				_, cmd := m.Update(msg)
				next := pageCmds(cmd)
				widest = max(widest, len(queue)+len(next))
				queue = append(queue, next...)
				ts := m.cur()
				if ts.rows.Len() > 0 && ts.list.Cursor() != ts.rows.Len()-1 {
					t.Fatalf("after page %d of %s, the cursor is on row %d of %d: it does not follow the end", msg.opts.Page, msg.opts.Endpoint, ts.list.Cursor()+1, ts.rows.Len())
				}
			}
			if widest != api.MaxPagesAhead {
				t.Errorf("at most %d pages out at once, want %d", widest, api.MaxPagesAhead)
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
