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
			name:      "server ignoring page terminates on the repeat",
			fn:        func(int, int) ([]Image, int) { return ids("a", 1, 3), 1000 },
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
			got, err := c.ListAll(context.Background(), TypeSnapshot)
			if err != nil {
				t.Fatal(err)
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
	got, err := c.ListAll(context.Background(), "")
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
	_, err := c.ListAll(context.Background(), "")
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
	_, err := c.ListAll(ctx, "")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := len(p.requested()); n > 2 {
		t.Errorf("%d pages requested after cancel, want at most 2", n)
	}
}
