package catalog

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
)

// page builds a reply holding images with the given IDs.
func page(total int, ids ...string) *api.ListResponse {
	r := &api.ListResponse{TotalCount: total, Images: []api.Image{}}
	for _, id := range ids {
		r.Images = append(r.Images, api.Image{ID: id, Name: "image " + id})
	}
	return r
}

// ids returns the IDs of the feed's entries, in order.
func ids(f *Feed) []string {
	var out []string
	for _, e := range f.Entries() {
		out = append(out, e.Image.ID)
	}
	return out
}

// imagesFeed is a feed over /images alone, for the walk's own rules; the
// union of listings a tab reads is tested in feed_union_test.go.
func imagesFeed(perPage int, in *Interner) *Feed {
	return NewSourcesFeed([]api.Source{api.ImagesSource("")}, perPage, in)
}

// begin calls Begin and fails the test when it refuses.
func begin(t *testing.T, f *Feed) Request {
	t.Helper()
	req, ok := f.Begin()
	if !ok {
		t.Fatalf("Begin refused (done=%v inFlight=%v)", f.Done(), f.InFlight())
	}
	return req
}

// complete calls Complete and fails the test when the reply is stale.
func complete(t *testing.T, f *Feed, req Request, resp *api.ListResponse, err error) int {
	t.Helper()
	added, stale := f.Complete(req.Gen, resp, err)
	if stale {
		t.Fatalf("reply to %+v dropped as stale", req)
	}
	return added
}

func TestFeedFirstRequestIsPageOne(t *testing.T) {
	f := NewFeed(api.TypeSnapshot, 3, NewInterner())
	if f.Started() || f.InFlight() || f.Done() || f.Loaded() != 0 {
		t.Fatalf("new feed: started=%v inFlight=%v done=%v loaded=%d", f.Started(), f.InFlight(), f.Done(), f.Loaded())
	}
	req := begin(t, f)
	// The Snapshots tab reads the snapshots endpoint first: it says more.
	want := api.ListOptions{Endpoint: api.EndpointSnapshots, Page: 1, PerPage: 3}
	if req.Opts != want {
		t.Errorf("first request = %+v, want %+v", req.Opts, want)
	}
	if !f.Started() || !f.InFlight() {
		t.Errorf("after Begin: started=%v inFlight=%v, want both true", f.Started(), f.InFlight())
	}
	// While it is out, the feed may read the other listing's page 1 (a
	// caller that wants the whole feed does), never a page 2 before the
	// walk knows one is worth asking for.
	other, ok := f.Begin()
	if want := (api.ListOptions{Type: api.TypeSnapshot, Page: 1, PerPage: 3}); !ok || other.Opts != want {
		t.Errorf("Begin while page 1 is out = %+v, %v; want %+v", other.Opts, ok, want)
	}
	if _, ok := f.Begin(); ok {
		t.Error("Begin with page 1 of each listing out succeeded")
	}
	if got := complete(t, f, other, page(0), nil); got != 0 {
		t.Errorf("the second listing added %d before the first was done", got)
	}
	if got := complete(t, f, req, page(9, "a", "b", "c"), nil); got != 3 {
		t.Errorf("added = %d, want 3", got)
	}
	if f.InFlight() {
		t.Error("still in flight after Complete")
	}
	req = begin(t, f)
	if req.Opts.Page != 2 {
		t.Errorf("second request page = %d, want 2", req.Opts.Page)
	}
}

func TestFeedPerPageDefault(t *testing.T) {
	for _, n := range []int{0, -1, 1000} {
		req := begin(t, imagesFeed(n, nil))
		if req.Opts.PerPage != api.MaxPerPage || req.Opts.Type != "" {
			t.Errorf("NewFeed(\"\", %d): request %+v, want all types at %d a page", n, req.Opts, api.MaxPerPage)
		}
	}
}

func TestFeedEntriesInArrivalOrder(t *testing.T) {
	f := imagesFeed(2, NewInterner())
	complete(t, f, begin(t, f), page(0, "b", "a"), nil)
	complete(t, f, begin(t, f), page(0, "d", "c"), nil)
	if got, want := ids(f), []string{"b", "a", "d", "c"}; !slices.Equal(got, want) {
		t.Errorf("entries = %v, want %v", got, want)
	}
	for i, e := range f.Entries() {
		if e.Seq != i {
			t.Errorf("entry %d (%s) has Seq %d", i, e.Image.ID, e.Seq)
		}
	}
}

func TestFeedDone(t *testing.T) {
	tests := []struct {
		name   string
		pages  []*api.ListResponse
		loaded int
	}{
		{"short page", []*api.ListResponse{page(0, "a", "b", "c"), page(0, "d")}, 4},
		{"empty page", []*api.ListResponse{page(0, "a", "b", "c"), page(0)}, 3},
		{"nil page", []*api.ListResponse{page(0, "a", "b", "c"), nil}, 3},
		{"empty first page", []*api.ListResponse{page(0)}, 0},
		{"page with no new ID", []*api.ListResponse{page(0, "a", "b", "c"), page(0, "a", "b", "c")}, 3},
		{"page with some new IDs goes on", []*api.ListResponse{page(0, "a", "b", "c"), page(0, "c", "d", "e"), page(0)}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := imagesFeed(3, nil)
			for i, p := range tt.pages {
				if f.Done() {
					t.Fatalf("done after %d of %d pages", i, len(tt.pages))
				}
				req := begin(t, f)
				if req.Opts.Page != i+1 {
					t.Fatalf("request %d is for page %d", i+1, req.Opts.Page)
				}
				complete(t, f, req, p, nil)
			}
			if !f.Done() {
				t.Fatal("not done after the last page")
			}
			if _, ok := f.Begin(); ok {
				t.Error("Begin succeeded on a done feed")
			}
			if f.Loaded() != tt.loaded {
				t.Errorf("loaded %d, want %d", f.Loaded(), tt.loaded)
			}
			if f.ShouldPrefetch(0, f.Loaded(), 10, true) {
				t.Error("ShouldPrefetch on a done feed")
			}
		})
	}
}

func TestFeedErrorRetriesSamePage(t *testing.T) {
	f := imagesFeed(2, nil)
	complete(t, f, begin(t, f), page(10, "a", "b"), nil)
	req := begin(t, f)
	boom := errors.New("503 service unavailable")
	if added := complete(t, f, req, nil, boom); added != 0 {
		t.Errorf("error reply added %d", added)
	}
	if !errors.Is(f.Err(), boom) {
		t.Errorf("Err() = %v, want %v", f.Err(), boom)
	}
	if got := ids(f); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("entries after error = %v, want [a b]", got)
	}
	if f.InFlight() || f.Done() {
		t.Errorf("after error: inFlight=%v done=%v, want both false", f.InFlight(), f.Done())
	}
	// Neither for a filter nor for the cursor on the last row.
	if f.ShouldPrefetch(1, 2, 10, true) || f.ShouldPrefetch(1, 2, 10, false) {
		t.Error("ShouldPrefetch true while the last page failed")
	}
	retry := begin(t, f)
	if retry.Opts != req.Opts {
		t.Errorf("retry asks %+v, want the failed %+v", retry.Opts, req.Opts)
	}
	complete(t, f, retry, page(10, "c", "d"), nil)
	if f.Err() != nil {
		t.Errorf("Err() = %v after a successful page, want nil", f.Err())
	}
	if got := ids(f); !slices.Equal(got, []string{"a", "b", "c", "d"}) {
		t.Errorf("entries = %v", got)
	}
}

func TestFeedStaleReplies(t *testing.T) {
	t.Run("old generation after Reload", func(t *testing.T) {
		f := imagesFeed(2, nil)
		old := begin(t, f)
		f.Reload()
		cur := begin(t, f)
		if cur.Gen == old.Gen {
			t.Fatal("Reload kept the generation")
		}
		if cur.Opts.Page != 1 {
			t.Errorf("request after Reload is for page %d, want 1", cur.Opts.Page)
		}
		// The old walk's reply arrives after the new request went out.
		if added, stale := f.Complete(old.Gen, page(0, "old1", "old2"), nil); !stale || added != 0 {
			t.Errorf("old reply: added=%d stale=%v, want 0, true", added, stale)
		}
		if f.Loaded() != 0 || !f.InFlight() {
			t.Errorf("stale reply changed the feed: loaded=%d inFlight=%v", f.Loaded(), f.InFlight())
		}
		// An old error must not land either.
		if _, stale := f.Complete(old.Gen, nil, errors.New("old")); !stale || f.Err() != nil {
			t.Errorf("old error: stale=%v Err=%v", stale, f.Err())
		}
		complete(t, f, cur, page(0, "new"), nil)
		if got := ids(f); !slices.Equal(got, []string{"new"}) {
			t.Errorf("entries = %v, want [new]", got)
		}
	})
	t.Run("reply nobody waits for", func(t *testing.T) {
		f := imagesFeed(2, nil)
		req := begin(t, f)
		complete(t, f, req, page(0, "a", "b"), nil)
		if _, stale := f.Complete(req.Gen, page(0, "x", "y"), nil); !stale {
			t.Error("a second reply to the same request was accepted")
		}
		if got := ids(f); !slices.Equal(got, []string{"a", "b"}) {
			t.Errorf("entries = %v", got)
		}
	})
	t.Run("another feed's generation", func(t *testing.T) {
		f, g := imagesFeed(2, nil), imagesFeed(2, nil)
		begin(t, f)
		other := begin(t, g)
		if _, stale := f.Complete(other.Gen, page(0, "x"), nil); !stale {
			t.Error("f accepted g's reply")
		}
	})
}

func TestFeedReloadKeepsOldEntriesUntilFirstPage(t *testing.T) {
	f := imagesFeed(2, NewInterner())
	complete(t, f, begin(t, f), page(3, "a", "b"), nil)
	complete(t, f, begin(t, f), page(3, "c"), nil)
	if !f.Done() {
		t.Fatal("not done")
	}
	held := f.Entries()

	f.Reload()
	if !f.Reloading() || f.Done() || f.InFlight() {
		t.Fatalf("after Reload: reloading=%v done=%v inFlight=%v", f.Reloading(), f.Done(), f.InFlight())
	}
	if got := ids(f); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("entries right after Reload = %v, want the old ones", got)
	}
	if n, exact := f.Total(); n != 3 || exact {
		t.Errorf("Total while reloading = %d, %v; want 3, false", n, exact)
	}

	// The first page of the new walk fails: the old entries stay.
	req := begin(t, f)
	if req.Opts.Page != 1 {
		t.Fatalf("reload asks page %d", req.Opts.Page)
	}
	complete(t, f, req, nil, errors.New("timeout"))
	if f.Err() == nil || !f.Reloading() {
		t.Errorf("after failed reload: Err=%v reloading=%v", f.Err(), f.Reloading())
	}
	if got := ids(f); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("entries after failed reload = %v, want the old ones", got)
	}

	// The retry asks page 1 again and, when it lands, replaces them.
	req = begin(t, f)
	if req.Opts.Page != 1 {
		t.Fatalf("retry asks page %d, want 1", req.Opts.Page)
	}
	complete(t, f, req, page(4, "x", "a"), nil)
	if f.Reloading() || f.Err() != nil {
		t.Errorf("after reload: reloading=%v Err=%v", f.Reloading(), f.Err())
	}
	if got := ids(f); !slices.Equal(got, []string{"x", "a"}) {
		t.Errorf("entries after reload = %v, want [x a]", got)
	}
	if f.Entries()[1].Seq != 1 {
		t.Errorf("Seq not restarted: %d", f.Entries()[1].Seq)
	}
	if n, exact := f.Total(); n != 4 || exact {
		t.Errorf("Total = %d, %v; want the new hint 4, false", n, exact)
	}
	// A slice taken before the reload is untouched.
	if held[0].Image.ID != "a" || held[1].Image.ID != "b" || len(held) != 3 {
		t.Error("reload modified a slice returned earlier")
	}
	// The new walk goes on from page 2.
	if req := begin(t, f); req.Opts.Page != 2 {
		t.Errorf("next request page %d, want 2", req.Opts.Page)
	}
}

func TestFeedReloadBeforeStart(t *testing.T) {
	f := imagesFeed(2, nil)
	f.Reload()
	if f.Reloading() {
		t.Error("Reloading on a feed that never loaded")
	}
	if req := begin(t, f); req.Opts.Page != 1 {
		t.Errorf("page %d", req.Opts.Page)
	}
}

func TestFeedTotal(t *testing.T) {
	type want struct {
		n     int
		exact bool
	}
	f := imagesFeed(3, nil)
	check := func(step string, w want) {
		t.Helper()
		if n, exact := f.Total(); n != w.n || exact != w.exact {
			t.Errorf("%s: Total() = %d, %v; want %d, %v", step, n, exact, w.n, w.exact)
		}
	}
	check("new feed", want{-1, false})
	req := begin(t, f)
	check("first page in flight", want{-1, false})
	complete(t, f, req, page(10, "a", "b", "c"), nil)
	check("hint above loaded", want{10, false})
	// The provider's own example under-reports total_count.
	complete(t, f, begin(t, f), page(2, "d", "e", "f"), nil)
	check("hint below loaded", want{6, false})
	complete(t, f, begin(t, f), page(2, "g"), nil)
	check("done", want{7, true})
}

func TestFeedShouldPrefetch(t *testing.T) {
	const screen = 10
	tests := []struct {
		name      string
		cursor    int
		rows      int
		filtering bool
		want      bool
	}{
		{"nothing loaded", 0, 0, false, true},
		{"top of a long list", 0, 100, false, false},
		{"exactly one screen from the end", 89, 100, false, false},
		{"just inside the last screen", 90, 100, false, true},
		{"on the last row", 99, 100, false, true},
		{"list shorter than a screen", 0, 5, false, true},
		{"filter active far from the end", 0, 100, true, true},
		{"filter with no rows", 0, 0, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := imagesFeed(2, nil)
			complete(t, f, begin(t, f), page(0, "a", "b"), nil)
			if got := f.ShouldPrefetch(tt.cursor, tt.rows, screen, tt.filtering); got != tt.want {
				t.Errorf("ShouldPrefetch(%d, %d, %d, %v) = %v, want %v", tt.cursor, tt.rows, screen, tt.filtering, got, tt.want)
			}
			// Never while a page is out.
			begin(t, f)
			if f.ShouldPrefetch(tt.cursor, tt.rows, screen, tt.filtering) {
				t.Error("ShouldPrefetch true while in flight")
			}
		})
	}
}

// TestFeedFakePager walks a feed to the end the way the model does, with a
// pager that serves a slice and counts requests.
func TestFeedFakePager(t *testing.T) {
	var all []string
	for i := range 23 {
		all = append(all, fmt.Sprintf("id-%02d", i))
	}
	requests := 0
	serve := func(o api.ListOptions) *api.ListResponse {
		requests++
		lo := min((o.Page-1)*o.PerPage, len(all))
		hi := min(lo+o.PerPage, len(all))
		return page(len(all), all[lo:hi]...)
	}
	f := imagesFeed(5, nil)
	cursor := 0
	for f.ShouldPrefetch(cursor, f.Loaded(), 5, false) {
		req := begin(t, f)
		complete(t, f, req, serve(req.Opts), nil)
		cursor = f.Loaded() - 1 // the user holds the down key
	}
	if !f.Done() || !slices.Equal(ids(f), all) {
		t.Errorf("done=%v entries=%v", f.Done(), ids(f))
	}
	if requests != 5 { // 5+5+5+5+3: the short fifth page ends the walk
		t.Errorf("%d requests, want 5", requests)
	}
}

// fullPage is page p of a catalog of ids "p<page>-<i>", per to a page.
func fullPage(total, p, per int) *api.ListResponse {
	var ids []string
	for i := range per {
		ids = append(ids, fmt.Sprintf("p%02d-%d", p, i))
	}
	r := page(total, ids...)
	r.PerPage = per
	return r
}

// beginAll begins every request the feed allows now.
func beginAll(f *Feed) []Request {
	var reqs []Request
	for {
		req, ok := f.Begin()
		if !ok {
			return reqs
		}
		reqs = append(reqs, req)
	}
}

// fetchingAhead returns a feed of total images that has pages 1 and 2 and
// every request it allows after them out.
func fetchingAhead(t *testing.T, per, total int) (*Feed, []Request) {
	t.Helper()
	f := imagesFeed(per, nil)
	for p := 1; p <= 2; p++ {
		complete(t, f, begin(t, f), fullPage(total, p, per), nil)
	}
	return f, beginAll(f)
}

func TestFeedFetchesAheadInTheBackground(t *testing.T) {
	const per, total = 2, 2 * 20 // 20 full pages
	f := imagesFeed(per, nil)
	// Pages 1 and 2 go one at a time: page 2 shows the server pages.
	for p := 1; p <= 2; p++ {
		req := begin(t, f)
		if _, ok := f.Begin(); ok {
			t.Fatalf("a second request went out before page %d was in", p)
		}
		complete(t, f, req, fullPage(total, p, per), nil)
	}
	if !f.ShouldPrefetch(0, 4, 10, true) {
		t.Fatal("ShouldPrefetch false for a filter with pages to fetch")
	}
	reqs := beginAll(f)
	if len(reqs) != api.MaxPagesAhead {
		t.Fatalf("%d requests out, want %d", len(reqs), api.MaxPagesAhead)
	}
	if f.ShouldPrefetch(0, 4, 10, true) || f.ShouldPrefetch(3, 4, 10, false) {
		t.Error("ShouldPrefetch true with the window full")
	}
	// Replies land last first: nothing is applied until page 3 is in.
	for i := len(reqs) - 1; i >= 1; i-- {
		if added := complete(t, f, reqs[i], fullPage(total, reqs[i].Opts.Page, per), nil); added != 0 {
			t.Fatalf("page %d applied before page 3", reqs[i].Opts.Page)
		}
	}
	if added := complete(t, f, reqs[0], fullPage(total, 3, per), nil); added != per*len(reqs) {
		t.Fatalf("page 3 released %d entries, want %d", added, per*len(reqs))
	}
	got := ids(f)
	for i, id := range got {
		if want := fmt.Sprintf("p%02d-%d", i/per+1, i%per); id != want {
			t.Fatalf("entry %d = %s, want %s (server order)", i, id, want)
		}
	}
	// The rest, never past the last page total_count promises, then the
	// empty page that ends the walk.
	for !f.Done() {
		req := begin(t, f)
		if req.Opts.Page > total/per+1 {
			t.Fatalf("asked for page %d past the end", req.Opts.Page)
		}
		if req.Opts.Page > total/per {
			complete(t, f, req, page(total), nil)
		} else {
			complete(t, f, req, fullPage(total, req.Opts.Page, per), nil)
		}
	}
	if f.Loaded() != total {
		t.Errorf("loaded %d, want %d", f.Loaded(), total)
	}
}

func TestFeedFailureWhileFetchingAhead(t *testing.T) {
	const per, total = 2, 2 * 20
	f, reqs := fetchingAhead(t, per, total)
	boom := errors.New("502 bad gateway")
	// Page 4 fails first; page 5 comes back; then page 3.
	complete(t, f, reqs[1], nil, boom)
	complete(t, f, reqs[2], fullPage(total, 5, per), nil)
	if f.Err() != nil {
		t.Fatal("a failure after a page still out was reported early")
	}
	complete(t, f, reqs[0], fullPage(total, 3, per), nil)
	if !errors.Is(f.Err(), boom) || f.Failed().Page != 4 {
		t.Fatalf("Err = %v on page %d, want the failure of page 4", f.Err(), f.Failed().Page)
	}
	if f.Loaded() != 3*per {
		t.Fatalf("loaded %d, want pages 1-3", f.Loaded())
	}
	if f.ShouldPrefetch(0, 6, 10, true) {
		t.Error("ShouldPrefetch true after a failure")
	}
	retry := begin(t, f)
	if retry.Opts.Page != 4 {
		t.Fatalf("retry asks for page %d, want 4", retry.Opts.Page)
	}
	// Late replies for pages after the failed one are not applied.
	for _, req := range reqs[3:] {
		if added, _ := f.Complete(req.Gen, fullPage(total, req.Opts.Page, per), nil); added != 0 {
			t.Fatalf("late page %d applied after the failure", req.Opts.Page)
		}
	}
	complete(t, f, retry, fullPage(total, 4, per), nil)
	if f.Err() != nil || f.Loaded() != 4*per {
		t.Fatalf("after the retry: Err = %v, loaded %d", f.Err(), f.Loaded())
	}
	if next := begin(t, f); next.Opts.Page != 5 {
		t.Errorf("after the retry the walk asks for page %d, want 5", next.Opts.Page)
	}
}

func TestFeedReloadDropsEveryRequestOut(t *testing.T) {
	const per, total = 2, 2 * 20
	f, reqs := fetchingAhead(t, per, total)
	f.Reload()
	first := begin(t, f)
	for _, req := range reqs {
		if _, stale := f.Complete(req.Gen, fullPage(total, req.Opts.Page, per), nil); !stale {
			t.Fatalf("reply for page %d of the old walk accepted", req.Opts.Page)
		}
	}
	if f.Loaded() != 2*per || !f.Reloading() {
		t.Fatalf("loaded %d, reloading %v: the old entries must stay until page 1", f.Loaded(), f.Reloading())
	}
	complete(t, f, first, page(total, "new"), nil)
	if got := ids(f); !slices.Equal(got, []string{"new"}) {
		t.Errorf("entries = %v, want [new]", got)
	}
}
