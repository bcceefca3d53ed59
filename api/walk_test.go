package api

import (
	"slices"
	"testing"
)

func TestWalk(t *testing.T) {
	page := func(per, total int, ims ...Image) *ListResponse {
		return &ListResponse{Images: ims, PerPage: per, TotalCount: total}
	}
	tests := []struct {
		name      string
		perPage   int
		pages     []*ListResponse
		wantIDs   []string
		wantDone  []bool // Done after each Add
		wantNext  int
		wantTotal int
		wantHint  bool
	}{
		{
			name:     "nil response is an empty page",
			perPage:  2,
			pages:    []*ListResponse{nil},
			wantDone: []bool{true},
			wantNext: 2,
		},
		{
			name:      "full pages then short page",
			perPage:   2,
			pages:     []*ListResponse{page(2, 3, img("a"), img("b")), page(2, 3, img("c"))},
			wantIDs:   []string{"a", "b", "c"},
			wantDone:  []bool{false, true},
			wantNext:  3,
			wantTotal: 3,
			wantHint:  true,
		},
		{
			name:     "duplicates within and across pages",
			perPage:  3,
			pages:    []*ListResponse{page(3, 0, img("a"), img("a"), img("b")), page(3, 0, img("b"), img("c"), img("d"))},
			wantIDs:  []string{"a", "b", "c", "d"},
			wantDone: []bool{false, false},
			wantNext: 3,
		},
		{
			name:     "a full page of known IDs ends the walk",
			perPage:  2,
			pages:    []*ListResponse{page(2, 0, img("a"), img("b")), page(2, 0, img("b"), img("a"))},
			wantIDs:  []string{"a", "b"},
			wantDone: []bool{false, true},
			wantNext: 3,
		},
		{
			name:     "adds after done are ignored",
			perPage:  2,
			pages:    []*ListResponse{page(2, 0), page(2, 0, img("late"))},
			wantDone: []bool{true, true},
			wantNext: 2,
		},
		{
			name:      "absent total_count is not a hint of zero",
			perPage:   2,
			pages:     []*ListResponse{page(2, 0, img("a"), img("b"))},
			wantIDs:   []string{"a", "b"},
			wantDone:  []bool{false},
			wantNext:  2,
			wantTotal: 0,
			wantHint:  false,
		},
		{
			name:     "server's smaller page size is trusted",
			perPage:  5,
			pages:    []*ListResponse{page(2, 0, img("a"), img("b"))},
			wantIDs:  []string{"a", "b"},
			wantDone: []bool{false},
			wantNext: 2,
		},
		{
			name:     "page size 0 means the maximum",
			perPage:  0,
			pages:    []*ListResponse{page(0, 0, img("a"))},
			wantIDs:  []string{"a"},
			wantDone: []bool{true},
			wantNext: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := NewSourceWalk(ImagesSource(TypeSnapshot), tt.perPage)
			var got []string
			for i, p := range tt.pages {
				got = append(got, imageIDs(w.Add(p))...)
				if w.Done() != tt.wantDone[i] {
					t.Errorf("after page %d Done = %v, want %v", i+1, w.Done(), tt.wantDone[i])
				}
			}
			if !slices.Equal(got, tt.wantIDs) {
				t.Errorf("added %v, want %v", got, tt.wantIDs)
			}
			if w.NextPage() != tt.wantNext {
				t.Errorf("NextPage = %d, want %d", w.NextPage(), tt.wantNext)
			}
			if w.Loaded() != len(tt.wantIDs) {
				t.Errorf("Loaded = %d, want %d", w.Loaded(), len(tt.wantIDs))
			}
			if tot, ok := w.TotalHint(); tot != tt.wantTotal || ok != tt.wantHint {
				t.Errorf("TotalHint = %d, %v; want %d, %v", tot, ok, tt.wantTotal, tt.wantHint)
			}
		})
	}
}

func TestWalkPageSize(t *testing.T) {
	for _, tt := range []struct {
		name string
		in   int
		want int
	}{{"zero", 0, MaxPerPage}, {"negative", -1, MaxPerPage}, {"too big", 1000, MaxPerPage}, {"normal", 25, 25}} {
		t.Run(tt.name, func(t *testing.T) {
			if got := NewSourceWalk(ImagesSource(""), tt.in).PerPage(); got != tt.want {
				t.Errorf("NewSourceWalk(ImagesSource(%d).PerPage() = %d), want %d", tt.in, got, tt.want)
			}
		})
	}
}

// TestWalkIncomplete: only a page that brings nothing new while
// total_count promises more marks the walk incomplete; the other ways a
// walk ends are a complete listing, whatever total_count says.
func TestWalkIncomplete(t *testing.T) {
	page := func(total int, ims ...Image) *ListResponse {
		return &ListResponse{Images: ims, PerPage: 2, TotalCount: total}
	}
	tests := []struct {
		name     string
		pages    []*ListResponse
		wantPage int // 0: complete
	}{
		{"repeated page while more are counted", []*ListResponse{page(9, img("a"), img("b")), page(9, img("a"), img("b"))}, 2},
		{"repeated short page while more are counted", []*ListResponse{page(9, img("a"), img("b")), page(9, img("b"))}, 2},
		{"repeated page and the count agrees", []*ListResponse{page(2, img("a"), img("b")), page(2, img("a"), img("b"))}, 0},
		{"repeated page without a count", []*ListResponse{page(0, img("a"), img("b")), page(0, img("a"), img("b"))}, 0},
		{"empty page while more are counted", []*ListResponse{page(9, img("a"), img("b")), page(9)}, 0},
		{"short page while more are counted", []*ListResponse{page(9, img("a"), img("b")), page(9, img("c"))}, 0},
		{"a later count is what counts", []*ListResponse{page(2, img("a"), img("b")), page(5, img("a"), img("b"))}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := NewSourceWalk(SnapshotsSource, 2)
			for _, p := range tt.pages {
				w.Add(p)
			}
			inc := w.Incomplete()
			if !w.Done() {
				t.Fatal("walk not done")
			}
			switch {
			case tt.wantPage == 0 && inc != nil:
				t.Errorf("incomplete: %v", inc)
			case tt.wantPage != 0 && (inc == nil || inc.Page != tt.wantPage || inc.Source != SnapshotsSource || inc.Received != w.Loaded()):
				t.Errorf("Incomplete() = %+v, want page %d of the snapshots endpoint", inc, tt.wantPage)
			}
		})
	}
	if o := NewSourceWalk(SnapshotsSource, 7).OptionsFor(3); o != (ListOptions{Endpoint: EndpointSnapshots, Page: 3, PerPage: 7}) {
		t.Errorf("OptionsFor = %+v", o)
	}
	if o := NewSourceWalk(ImagesSource(TypeBaseOS), 0).OptionsFor(1); o != (ListOptions{Type: TypeBaseOS, Page: 1, PerPage: MaxPerPage}) {
		t.Errorf("OptionsFor(1) = %+v", o)
	}
}
