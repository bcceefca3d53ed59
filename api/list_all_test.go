package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// pager serves pages produced by fn(page, perPage) and records the pages
// requested. fn returns the images and the total_count to report.
type pager struct {
	mu    sync.Mutex
	pages []int
	fn    func(page, perPage int) ([]Image, int)
	// reportPerPage, when set, is the per_page the server claims to use.
	reportPerPage int
}

func (p *pager) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	page, per := queryInt(r, "page"), queryInt(r, "per_page")
	p.mu.Lock()
	p.pages = append(p.pages, page)
	p.mu.Unlock()
	ims, total := p.fn(page, per)
	if p.reportPerPage > 0 {
		per = p.reportPerPage
	}
	writeJSON(w, http.StatusOK, ListResponse{Images: ims, TotalCount: total, Page: page, PerPage: per})
}

func (p *pager) requested() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]int(nil), p.pages...)
}

// catalog pages a fixed list honestly, reporting total as given.
func catalog(all []Image, total int) func(page, per int) ([]Image, int) {
	return func(page, per int) ([]Image, int) {
		lo := (page - 1) * per
		if lo >= len(all) {
			return nil, total
		}
		return all[lo:min(lo+per, len(all))], total
	}
}

func TestListAllTermination(t *testing.T) {
	const per = 3
	tests := []struct {
		name          string
		fn            func(page, per int) ([]Image, int)
		reportPerPage int
		wantIDs       []string
		wantPages     []int
		// wantIncomplete is the page an *IncompleteError names, 0 for none.
		wantIncomplete int
	}{
		{
			name:      "empty catalog: first page empty",
			fn:        catalog(nil, 0),
			wantPages: []int{1},
		},
		{
			name:      "short page ends the walk",
			fn:        catalog(ids("a", 1, 7), 7),
			wantIDs:   imageIDs(ids("a", 1, 7)),
			wantPages: []int{1, 2, 3},
		},
		{
			name:      "exact multiple of the page size ends on an empty page",
			fn:        catalog(ids("a", 1, 6), 6),
			wantIDs:   imageIDs(ids("a", 1, 6)),
			wantPages: []int{1, 2, 3},
		},
		{
			name:           "server ignoring page terminates on the repeat, incomplete",
			fn:             func(int, int) ([]Image, int) { return ids("a", 1, 3), 1000 },
			wantIDs:        imageIDs(ids("a", 1, 3)),
			wantPages:      []int{1, 2},
			wantIncomplete: 2,
		},
		{
			name:      "server ignoring page on a catalog of one page is complete",
			fn:        func(int, int) ([]Image, int) { return ids("a", 1, 3), 3 },
			wantIDs:   imageIDs(ids("a", 1, 3)),
			wantPages: []int{1, 2},
		},
		{
			name:      "server ignoring page without total_count cannot be told from a complete one",
			fn:        func(int, int) ([]Image, int) { return ids("a", 1, 3), 0 },
			wantIDs:   imageIDs(ids("a", 1, 3)),
			wantPages: []int{1, 2},
		},
		{
			name:      "total_count too low does not stop early",
			fn:        catalog(ids("a", 1, 8), 2),
			wantIDs:   imageIDs(ids("a", 1, 8)),
			wantPages: []int{1, 2, 3},
		},
		{
			name:      "total_count too high does not extend the walk",
			fn:        catalog(ids("a", 1, 4), 500),
			wantIDs:   imageIDs(ids("a", 1, 4)),
			wantPages: []int{1, 2},
		},
		{
			name:      "total_count absent",
			fn:        catalog(ids("a", 1, 5), 0),
			wantIDs:   imageIDs(ids("a", 1, 5)),
			wantPages: []int{1, 2},
		},
		{
			name: "duplicate IDs across pages are dropped",
			fn: func(page, _ int) ([]Image, int) {
				switch page {
				case 1:
					return ids("a", 1, 3), 0
				case 2: // the catalog shifted: one repeat, two new
					return append(ids("a", 3, 3), ids("a", 4, 5)...), 0
				case 3:
					return ids("a", 5, 6), 0
				}
				return nil, 0
			},
			wantIDs:   imageIDs(ids("a", 1, 6)),
			wantPages: []int{1, 2, 3},
		},
		{
			name: "page that adds no new ID ends the walk even when full",
			fn: func(page, _ int) ([]Image, int) {
				if page == 1 {
					return ids("a", 1, 3), 0
				}
				return []Image{img("a003"), img("a001"), img("a002")}, 0
			},
			wantIDs:   imageIDs(ids("a", 1, 3)),
			wantPages: []int{1, 2},
		},
		{
			name:          "server using a smaller page size than asked keeps walking",
			fn:            func(page, _ int) ([]Image, int) { return catalog(ids("a", 1, 5), 5)(page, 2) },
			reportPerPage: 2,
			wantIDs:       imageIDs(ids("a", 1, 5)),
			wantPages:     []int{1, 2, 3},
		},
		{
			name: "images without an ID are skipped",
			fn: func(page, _ int) ([]Image, int) {
				if page == 1 {
					return []Image{img("a1"), {Name: "no id"}}, 0
				}
				return nil, 0
			},
			wantIDs:   []string{"a1"},
			wantPages: []int{1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &pager{fn: tt.fn, reportPerPage: tt.reportPerPage}
			c, _, _ := newTestClient(t, p, Config{PerPage: per})
			got, err := c.ListAll(context.Background(), TypeCloudImage)
			var inc *IncompleteError
			switch {
			case tt.wantIncomplete == 0 && err != nil:
				t.Fatal(err)
			case tt.wantIncomplete != 0 && !errors.As(err, &inc):
				t.Fatalf("err = %v, want an *IncompleteError", err)
			case inc != nil && (inc.Page != tt.wantIncomplete || inc.Received != len(tt.wantIDs) || inc.Source != ImagesSource(TypeCloudImage)):
				t.Errorf("IncompleteError = %+v, want page %d, %d received", inc, tt.wantIncomplete, len(tt.wantIDs))
			}
			if got == nil {
				t.Error("ListAll returned nil, want a non-nil slice")
			}
			if gotIDs := imageIDs(got); !slices.Equal(gotIDs, tt.wantIDs) && !(len(gotIDs) == 0 && len(tt.wantIDs) == 0) {
				t.Errorf("IDs = %v\nwant %v", gotIDs, tt.wantIDs)
			}
			if pages := p.requested(); !slices.Equal(pages, tt.wantPages) {
				t.Errorf("pages requested = %v, want %v", pages, tt.wantPages)
			}
		})
	}
}

func TestListAllOverlappingFullPagesWalkToTheShortPage(t *testing.T) {
	// Each full page repeats most of the previous one but adds one new ID
	// (a catalog shifting under us): the walk must keep going, dedup, and
	// end at the short page.
	p := &pager{fn: func(page, per int) ([]Image, int) {
		if page > 4 {
			return ids("a", 100, 100), 0
		}
		return ids("a", page, page+per-1), 0
	}}
	c, _, _ := newTestClient(t, p, Config{PerPage: 3})
	got, err := c.ListAll(context.Background(), TypeCloudImage)
	if err != nil {
		t.Fatal(err)
	}
	if want := append(imageIDs(ids("a", 1, 6)), "a100"); !slices.Equal(imageIDs(got), want) {
		t.Errorf("IDs = %v, want %v", imageIDs(got), want)
	}
}

func TestListAllStopsAnEndlessServer(t *testing.T) {
	old := maxListPages
	maxListPages = 5
	t.Cleanup(func() { maxListPages = old })
	p := &pager{fn: func(page, per int) ([]Image, int) {
		return ids(fmt.Sprintf("p%d-", page), 1, per), 0
	}}
	c, _, _ := newTestClient(t, p, Config{PerPage: 3})
	_, err := c.ListAll(context.Background(), TypeCloudImage)
	if err == nil || !strings.Contains(err.Error(), "stopped after 5 pages") {
		t.Fatalf("err = %v, want the page bound to stop the walk", err)
	}
	if n := len(p.requested()); n != 5 {
		t.Errorf("%d pages requested, want 5", n)
	}
}

func TestListAllErrorNamesTypeAndPage(t *testing.T) {
	calls := &counter{}
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.inc() == 1 {
			writeJSON(w, http.StatusOK, ListResponse{Images: ids("a", 1, 3)})
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
	}), Config{PerPage: 3})
	got, err := c.ListAll(context.Background(), TypeCloudImage)
	if got != nil {
		t.Errorf("partial result returned with an error: %v", imageIDs(got))
	}
	if !IsAuth(err) || !strings.HasPrefix(err.Error(), "list cloud-image images, page 2: the API rejected the token") {
		t.Errorf("err = %v", err)
	}
}

func TestListAllCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	p := &pager{fn: func(page, per int) ([]Image, int) {
		if page == 2 {
			cancel()
		}
		return ids(fmt.Sprintf("p%d-", page), 1, per), 0
	}}
	defer cancel()
	c, _, _ := newTestClient(t, p, Config{PerPage: 3})
	_, err := c.ListAll(ctx, TypeCloudImage)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := len(p.requested()); n > 2 {
		t.Errorf("%d pages requested after cancel, want at most 2", n)
	}
}

// concurrentPager is a pager that also records how many requests were in
// flight at once, and delays each reply by a per-page amount so replies
// arrive out of page order.
type concurrentPager struct {
	pager
	delay func(page int) time.Duration
	// pairUp, when set, holds the first requests for pages 3 and 4 until
	// both have arrived (for at most a few seconds), so that a client
	// that fetches them together is seen to, however fast the server
	// answers.
	pairUp bool

	mu          sync.Mutex
	inFlight    int
	maxInFlight int
	paired      map[int]bool  // pages 3 and 4 once asked for
	both        chan struct{} // closed once both were
}

func (p *concurrentPager) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	page := queryInt(r, "page")
	p.mu.Lock()
	p.inFlight++
	p.maxInFlight = max(p.maxInFlight, p.inFlight)
	hold := p.pairUp && (page == 3 || page == 4) && !p.paired[page]
	if hold {
		if p.paired == nil {
			p.paired, p.both = map[int]bool{}, make(chan struct{})
		}
		p.paired[page] = true
		if len(p.paired) == 2 {
			close(p.both)
		}
	}
	both := p.both
	p.mu.Unlock()
	if hold {
		select {
		case <-both:
		case <-time.After(3 * time.Second):
		}
	}
	defer func() {
		p.mu.Lock()
		p.inFlight--
		p.mu.Unlock()
	}()
	if p.delay != nil {
		select {
		case <-time.After(p.delay(queryInt(r, "page"))):
		case <-r.Context().Done():
			return
		}
	}
	p.pager.ServeHTTP(w, r)
}

func (p *concurrentPager) peak() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.maxInFlight
}

// jitter delays pages so that later pages often answer first.
func jitter(page int) time.Duration { return time.Duration((page*7)%5) * time.Millisecond }

func pageRange(from, to int) []int {
	var out []int
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

func TestListAllConcurrent(t *testing.T) {
	const per = 10
	all := ids("a", 1, 195) // 19 full pages and a short one
	tests := []struct {
		name  string
		total int
		// wantPages is the exact set of pages requested; extraAtMost
		// allows that many more, all after the last page of the walk.
		wantPages   []int
		extraAtMost int
		// wantPeak is the most requests that may be in flight at once;
		// wantConcurrent says more than one must have been.
		wantPeak       int
		wantConcurrent bool
		// serverPer, when set, is the page size the server uses (and
		// reports) whatever the client asks for.
		serverPer int
	}{
		{name: "honest total_count", total: 195, wantPages: pageRange(1, 20), wantPeak: MaxPagesAhead, wantConcurrent: true},
		{name: "total_count far too high costs at most a few requests", total: 100000, wantPages: pageRange(1, 20), extraAtMost: MaxPagesAhead - 1, wantPeak: MaxPagesAhead, wantConcurrent: true},
		{name: "total_count too low walks on one page at a time", total: 35, wantPages: pageRange(1, 20), wantPeak: MaxPagesAhead, wantConcurrent: true},
		{name: "total_count one page short", total: 20, wantPages: pageRange(1, 20), wantPeak: 1},
		{name: "no total_count is sequential", total: 0, wantPages: pageRange(1, 20), wantPeak: 1},
		{name: "server's smaller page size still fetches ahead", total: 195, serverPer: 5, wantPages: pageRange(1, 40), wantPeak: MaxPagesAhead, wantConcurrent: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fn := catalog(all, tt.total)
			if tt.serverPer > 0 {
				fn = func(page, _ int) ([]Image, int) { return catalog(all, tt.total)(page, tt.serverPer) }
			}
			p := &concurrentPager{pager: pager{fn: fn, reportPerPage: tt.serverPer}, delay: jitter, pairUp: tt.wantConcurrent}
			c, _, _ := newTestClient(t, p, Config{PerPage: per})
			got, err := c.ListAll(context.Background(), TypeCloudImage)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(imageIDs(got), imageIDs(all)) {
				t.Fatalf("got %d images, want the %d in server order", len(got), len(all))
			}
			pages := slices.Sorted(slices.Values(p.requested()))
			if len(pages) < len(tt.wantPages) || !slices.Equal(pages[:len(tt.wantPages)], tt.wantPages) {
				t.Fatalf("pages requested = %v, want %v", pages, tt.wantPages)
			}
			if extra := pages[len(tt.wantPages):]; len(extra) > tt.extraAtMost {
				t.Errorf("%d wasted requests %v, want at most %d", len(extra), extra, tt.extraAtMost)
			}
			if !slices.Equal(slices.Compact(slices.Clone(pages)), pages) {
				t.Errorf("a page was requested twice: %v", pages)
			}
			if peak := p.peak(); peak > tt.wantPeak || tt.wantConcurrent && peak < 2 {
				t.Errorf("peak in flight = %d, want <= %d (concurrent: %v)", peak, tt.wantPeak, tt.wantConcurrent)
			}
		})
	}
}

// TestListAllConcurrentMatchesSequential checks that fetching ahead never
// changes the result: for servers that misbehave in the ways the API notes
// warn about, the concurrent walk returns exactly what a walk of one page
// at a time returns.
func TestListAllConcurrentMatchesSequential(t *testing.T) {
	const per = 5
	base := ids("a", 1, 73)
	servers := []struct {
		name string
		fn   func(page, per int) ([]Image, int)
	}{
		{"honest", catalog(base, 73)},
		{"total_count too high", catalog(base, 10000)},
		{"total_count too low", catalog(base, 12)},
		{"ignores page", func(int, int) ([]Image, int) { return base[:per], 1000 }},
		{"ignores page after page 6", func(page, per int) ([]Image, int) {
			return catalog(base, 1000)(min(page, 6), per)
		}},
		{"catalog shifts: pages overlap by one", func(page, per int) ([]Image, int) {
			lo := (page - 1) * (per - 1)
			if lo >= len(base) {
				return nil, 1000
			}
			return base[lo:min(lo+per, len(base))], 1000
		}},
		{"page 9 repeats page 8 (no new IDs) though more follow", func(page, per int) ([]Image, int) {
			if page == 9 {
				page = 8
			}
			return catalog(base, 1000)(page, per)
		}},
		{"duplicate IDs inside later pages", func(page, per int) ([]Image, int) {
			ims, total := catalog(base, 1000)(page, per)
			if page > 3 && len(ims) > 0 {
				ims = append([]Image{base[0]}, ims[1:]...)
			}
			return ims, total
		}},
		{"pages without IDs", func(page, per int) ([]Image, int) {
			ims, total := catalog(base, 73)(page, per)
			if page == 4 {
				ims = append(slices.Clone(ims[:per-1]), Image{Name: "no id"})
			}
			return ims, total
		}},
	}
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			seq := &pager{fn: s.fn}
			c1, _, _ := newTestClient(t, seq, Config{PerPage: per})
			want, wantErr := c1.listAll(context.Background(), TypeCloudImage, 1)
			var inc *IncompleteError
			if wantErr != nil && !errors.As(wantErr, &inc) {
				t.Fatal(wantErr)
			}
			con := &concurrentPager{pager: pager{fn: s.fn}, delay: jitter}
			c2, _, _ := newTestClient(t, con, Config{PerPage: per})
			got, err := c2.ListAll(context.Background(), TypeCloudImage)
			if fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Errorf("concurrent err = %v\nsequential err = %v", err, wantErr)
			}
			if !slices.Equal(imageIDs(got), imageIDs(want)) {
				t.Errorf("concurrent IDs = %v\nsequential IDs = %v", imageIDs(got), imageIDs(want))
			}
			if extra := len(con.requested()) - len(seq.requested()); extra > MaxPagesAhead-1 || extra < 0 {
				t.Errorf("concurrent walk made %d requests, sequential %d", len(con.requested()), len(seq.requested()))
			}
		})
	}
}

func TestListAllConcurrentFailureCancelsTheRest(t *testing.T) {
	const per = 4
	all := ids("a", 1, 400)
	var mu sync.Mutex
	cancelled := 0
	// Page 6 fails only once a later page is out, so there is always a
	// request for the failure to cancel, however the goroutines run.
	later := make(chan struct{})
	var laterOnce sync.Once
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page := queryInt(r, "page")
		switch {
		case page == 6:
			<-later
			w.WriteHeader(http.StatusUnauthorized)
			return
		case page > 6:
			laterOnce.Do(func() { close(later) })
			// Hang until the client gives up on the request.
			<-r.Context().Done()
			mu.Lock()
			cancelled++
			mu.Unlock()
			return
		}
		ims, total := catalog(all, len(all))(page, per)
		writeJSON(w, http.StatusOK, ListResponse{Images: ims, TotalCount: total, Page: page, PerPage: per})
	}), Config{PerPage: per})

	done := make(chan struct{})
	var got []Image
	var err error
	go func() {
		defer close(done)
		got, err = c.ListAll(context.Background(), TypeCloudImage)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("ListAll did not return: requests after the failed page were not cancelled")
	}
	if got != nil {
		t.Errorf("partial result returned with an error: %d images", len(got))
	}
	if !IsAuth(err) || !strings.HasPrefix(err.Error(), "list cloud-image images, page 6: ") {
		t.Errorf("err = %v, want the auth failure of page 6", err)
	}
	// ListAll waits for its fetchers, and the server sees each cancelled
	// request end; give the handlers a moment to record it.
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		n := cancelled
		mu.Unlock()
		if n > 0 || time.Now().After(deadline) {
			if n == 0 {
				t.Error("no request after the failed page was cancelled")
			}
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestListAllFailureBeyondTheEndIsNoError(t *testing.T) {
	// total_count claims far more than there is; the pages fetched ahead
	// past the real end fail. The walk ends on the short page before it
	// reaches them, so their failure must not fail the listing.
	const per = 5
	all := ids("a", 1, 48)
	p := &concurrentPager{pager: pager{fn: catalog(all, 10000)}, delay: jitter}
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if queryInt(r, "page") > 10 {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		p.ServeHTTP(w, r)
	}), Config{PerPage: per})
	got, err := c.ListAll(context.Background(), TypeCloudImage)
	if err != nil {
		t.Fatalf("err = %v, want none: the failed pages lie past the end", err)
	}
	if !slices.Equal(imageIDs(got), imageIDs(all)) {
		t.Errorf("IDs = %v", imageIDs(got))
	}
}

func TestListAllConcurrentCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := &concurrentPager{pager: pager{fn: func(page, per int) ([]Image, int) {
		if page == 5 {
			cancel()
		}
		return ids(fmt.Sprintf("p%d-", page), 1, per), 1000
	}}, delay: jitter}
	c, _, _ := newTestClient(t, p, Config{PerPage: 3})
	_, err := c.ListAll(ctx, TypeCloudImage)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestAheadRetryAfterFailure(t *testing.T) {
	// The TUI keeps a failed walk and retries the page later.
	w := NewSourceWalk(ImagesSource(""), 2)
	a := NewAhead(w, 4)
	page := func(p int) *ListResponse {
		return &ListResponse{Images: ids(fmt.Sprintf("p%d-", p), 1, 2), TotalCount: 20, PerPage: 2}
	}
	var got []Image
	deliver := func(p int, resp *ListResponse, err error) error {
		ims, _, ferr := a.Deliver(p, resp, err)
		got = append(got, ims...)
		return ferr
	}
	for _, p := range []int{1, 2} {
		if n, ok := a.Next(); !ok || n != p {
			t.Fatalf("Next = %d, %v; want %d", n, ok, p)
		}
		if err := deliver(p, page(p), nil); err != nil {
			t.Fatal(err)
		}
	}
	var out []int
	for {
		n, ok := a.Next()
		if !ok {
			break
		}
		out = append(out, n)
	}
	if !slices.Equal(out, []int{3, 4, 5, 6}) {
		t.Fatalf("pages out after two honest pages = %v, want 3..6", out)
	}
	// Page 5 answers first, then 3 fails: 4 and 5 are not applied.
	_ = deliver(5, page(5), nil)
	if err := deliver(3, nil, errors.New("boom")); err == nil {
		t.Fatal("the failure of page 3 was not reported")
	}
	_ = deliver(4, page(4), nil)
	if _, ok := a.Next(); ok {
		t.Fatal("Next handed out a page after a failure")
	}
	if n, ok := a.Retry(); !ok || n != 3 {
		t.Fatalf("Retry = %d, %v; want 3", n, ok)
	}
	if n, ok := a.Next(); ok {
		t.Fatalf("Next handed out page %d beside the retried page; after a failure pages go one at a time", n)
	}
	if err := deliver(3, page(3), nil); err != nil {
		t.Fatal(err)
	}
	if n, ok := a.Next(); !ok || n != 4 {
		t.Fatalf("after the retry Next = %d, %v; want 4", n, ok)
	}
	want := imageIDs(slices.Concat(page(1).Images, page(2).Images, page(3).Images))
	if !slices.Equal(imageIDs(got), want) {
		t.Errorf("IDs = %v, want %v", imageIDs(got), want)
	}
	// Page 5's reply from before the failure was dropped: once page 4
	// is in, page 5 is asked for again and its new reply is the one used.
	if err := deliver(4, page(4), nil); err != nil {
		t.Fatal(err)
	}
	if n, ok := a.Next(); !ok || n != 5 {
		t.Fatalf("after page 4 Next = %d, %v; want 5 (asked again)", n, ok)
	}
	fresh := &ListResponse{Images: ids("fresh5-", 1, 2), TotalCount: 20, PerPage: 2}
	if err := deliver(5, fresh, nil); err != nil {
		t.Fatal(err)
	}
	want = append(want, imageIDs(slices.Concat(page(4).Images, fresh.Images))...)
	if !slices.Equal(imageIDs(got), want) {
		t.Errorf("IDs after pages 4 and 5 = %v, want %v", imageIDs(got), want)
	}
}
