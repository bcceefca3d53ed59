package api

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// listing is a fake server for Union tests: for each source, the images
// it pages through honestly with their total_count, or the error its
// every page fails with.
type listing struct {
	images map[Source][]Image
	errs   map[Source]error
	total  map[Source]int // total_count to report; 0 means the true count
	ignore map[Source]bool
}

func (l listing) serve(o ListOptions) (*ListResponse, error) {
	src := o.Source()
	if err := l.errs[src]; err != nil {
		return nil, err
	}
	all := l.images[src]
	total := l.total[src]
	if total == 0 {
		total = len(all)
	}
	page := o.Page
	if l.ignore[src] {
		page = 1
	}
	lo := min((page-1)*o.PerPage, len(all))
	return &ListResponse{Images: all[lo:min(lo+o.PerPage, len(all))], TotalCount: total, PerPage: o.PerPage}, nil
}

// run walks u to its end or first error, one request at a time, and
// returns the requests made and what was delivered.
func run(t *testing.T, u *Union, l listing) (reqs []string, added, again []string, d Delivery) {
	t.Helper()
	for range 1000 {
		o, ok := u.Next()
		if !ok {
			return reqs, added, again, d
		}
		reqs = append(reqs, fmt.Sprintf("%s/%s:%d", o.Source().path(), o.Type, o.Page))
		d = deliver(u, l, o)
		added = append(added, imageIDs(d.Added)...)
		again = append(again, imageIDs(d.Again)...)
		if d.Err != nil {
			return reqs, added, again, d
		}
	}
	t.Fatal("the union never ended")
	return
}

// deliver serves o from l and hands the reply to u.
func deliver(u *Union, l listing, o ListOptions) Delivery {
	resp, err := l.serve(o)
	return u.Deliver(o, resp, err)
}

func apiErr(status int, code, msg string) error {
	return &APIError{Status: status, Code: code, Message: msg}
}

func TestUnion(t *testing.T) {
	snaps, imgs := SnapshotsSource, ImagesSource(TypeSnapshot)
	both := []Source{snaps, imgs}
	rejected := &TypeRejectedError{Type: TypeSnapshot, Err: apiErr(400, "00003", "invalid type").(*APIError)}
	tests := []struct {
		name      string
		sources   []Source
		l         listing
		wantReqs  string
		wantAdded string
		wantAgain string
		wantSkip  bool // the last delivery skipped a listing
		wantErr   func(error) bool
	}{
		{
			name:      "overlapping listings: each ID once, the repeats handed back",
			sources:   both,
			l:         listing{images: map[Source][]Image{snaps: ids("s", 1, 5), imgs: append(ids("s", 4, 5), ids("s", 6, 7)...)}},
			wantReqs:  "snapshots/:1 snapshots/:2 images/snapshot:1 images/snapshot:2",
			wantAdded: "s001 s002 s003 s004 s005 s006 s007",
			wantAgain: "s004 s005",
		},
		{
			name:      "disjoint listings: the second appends",
			sources:   []Source{ImagesSource(""), snaps},
			l:         listing{images: map[Source][]Image{ImagesSource(""): ids("c", 1, 2), snaps: ids("s", 1, 2)}},
			wantReqs:  "images/:1 snapshots/:1",
			wantAdded: "c001 c002 s001 s002",
		},
		{
			name:      "a rejected type is skipped quietly",
			sources:   []Source{imgs, snaps},
			l:         listing{images: map[Source][]Image{snaps: ids("s", 1, 2)}, errs: map[Source]error{imgs: rejected}},
			wantReqs:  "images/snapshot:1 snapshots/:1",
			wantAdded: "s001 s002",
		},
		{
			name:      "a missing endpoint after one that worked is skipped quietly",
			sources:   both,
			l:         listing{images: map[Source][]Image{snaps: ids("s", 1, 2)}, errs: map[Source]error{imgs: apiErr(404, "", "")}},
			wantReqs:  "snapshots/:1 images/snapshot:1",
			wantAdded: "s001 s002",
			wantSkip:  true,
		},
		{
			name:     "every listing unavailable is an error that still says the type is rejected",
			sources:  both,
			l:        listing{errs: map[Source]error{snaps: apiErr(404, "", "not found"), imgs: rejected}},
			wantReqs: "snapshots/:1 images/snapshot:1",
			wantSkip: true,
			wantErr:  IsTypeRejected,
		},
		{
			name:     "one listing rejected is the error itself",
			sources:  []Source{ImagesSource(TypeBaseOS)},
			l:        listing{errs: map[Source]error{ImagesSource(TypeBaseOS): rejected}},
			wantReqs: "images/base-os:1",
			wantSkip: true,
			wantErr:  IsTypeRejected,
		},
		{
			name:     "a 5xx is a failure, not an absence",
			sources:  both,
			l:        listing{images: map[Source][]Image{imgs: ids("s", 1, 2)}, errs: map[Source]error{snaps: apiErr(503, "", "")}},
			wantReqs: "snapshots/:1",
			wantErr:  func(err error) bool { return !IsTypeRejected(err) && strings.Contains(err.Error(), "503") },
		},
		{
			name:      "an empty listing counts as working",
			sources:   both,
			l:         listing{images: map[Source][]Image{snaps: {}}, errs: map[Source]error{imgs: rejected}},
			wantReqs:  "snapshots/:1 images/snapshot:1",
			wantAdded: "",
			wantSkip:  true,
		},
		{
			name:      "repeated sources are walked once",
			sources:   []Source{snaps, {Endpoint: EndpointSnapshots, Type: TypeBaseOS}, ImagesSource(TypeCloudImage), {Endpoint: EndpointImages, Type: TypeCloudImage}},
			l:         listing{images: map[Source][]Image{snaps: ids("s", 1, 1), ImagesSource(TypeCloudImage): ids("c", 1, 1)}},
			wantReqs:  "snapshots/:1 images/cloud-image:1",
			wantAdded: "s001 c001",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := NewUnion(tt.sources, 3, 1)
			reqs, added, again, d := run(t, u, tt.l)
			if got := strings.Join(reqs, " "); got != tt.wantReqs {
				t.Errorf("requests %s\nwant     %s", got, tt.wantReqs)
			}
			if got := strings.Join(added, " "); got != tt.wantAdded {
				t.Errorf("added %s, want %s", got, tt.wantAdded)
			}
			if got := strings.Join(again, " "); got != tt.wantAgain {
				t.Errorf("again %s, want %s", got, tt.wantAgain)
			}
			if (d.Skipped != nil) != tt.wantSkip {
				t.Errorf("last delivery skipped %v, want %v", d.Skipped, tt.wantSkip)
			}
			switch {
			case tt.wantErr == nil && d.Err != nil:
				t.Errorf("unexpected error %v", d.Err)
			case tt.wantErr != nil && (d.Err == nil || !tt.wantErr(d.Err)):
				t.Errorf("error %v is not the one wanted", d.Err)
			case tt.wantErr == nil && !u.Done():
				t.Error("the union is not done")
			}
			if u.Loaded() != len(added) {
				t.Errorf("Loaded %d, delivered %d", u.Loaded(), len(added))
			}
		})
	}
}

// After a failure the union waits for Retry, which asks for the failed
// page again; when every listing was absent, Retry starts them all over.
func TestUnionRetry(t *testing.T) {
	snaps, imgs := SnapshotsSource, ImagesSource(TypeSnapshot)
	t.Run("a failed page", func(t *testing.T) {
		u := NewUnion([]Source{snaps, imgs}, 2, 1)
		l := listing{images: map[Source][]Image{snaps: ids("s", 1, 5), imgs: ids("s", 1, 1)}}
		o, _ := u.Next()
		deliver(u, l, o)
		o, _ = u.Next()
		d := u.Deliver(o, nil, apiErr(500, "", ""))
		if d.Err == nil || d.Failed != o || d.Applied != 0 {
			t.Fatalf("delivery %+v, want the failure of %+v", d, o)
		}
		if _, ok := u.Next(); ok || u.Ready() {
			t.Fatal("Next hands out a page after a failure")
		}
		r, ok := u.Retry()
		if !ok || r != o {
			t.Fatalf("Retry = %+v %v, want %+v", r, ok, o)
		}
		d = deliver(u, l, r)
		if d.Err != nil || d.Applied != 1 || strings.Join(imageIDs(d.Added), " ") != "s003 s004" {
			t.Fatalf("delivery after retry %+v", d)
		}
		_, added, again, _ := run(t, u, l)
		if strings.Join(added, " ") != "s005" || strings.Join(again, " ") != "s001" || !u.Done() {
			t.Errorf("rest of the walk added %v again %v", added, again)
		}
		if _, ok := u.Retry(); ok {
			t.Error("Retry without a failure")
		}
	})
	t.Run("every listing absent", func(t *testing.T) {
		u := NewUnion([]Source{snaps, imgs}, 2, 1)
		l := listing{errs: map[Source]error{snaps: apiErr(404, "", ""), imgs: apiErr(400, "", "")}}
		if _, _, _, d := run(t, u, l); d.Err == nil || !u.Done() {
			t.Fatalf("delivery %+v, want an error", d)
		}
		r, ok := u.Retry()
		if !ok || r.Source() != snaps || r.Page != 1 || u.Done() {
			t.Fatalf("Retry = %+v %v, want page 1 of the first listing", r, ok)
		}
		l.errs[snaps] = nil
		l.images = map[Source][]Image{snaps: ids("s", 1, 1)}
		d := deliver(u, l, r)
		_, added, _, last := run(t, u, l)
		if d.Err != nil || last.Err != nil || len(d.Added) != 1 || len(added) != 0 || !u.Done() {
			t.Errorf("after the retry: %+v, then %v %+v", d, added, last)
		}
	})
}

// Replies for a listing the union has left, and for pages not asked for,
// change nothing.
func TestUnionIgnoresStaleReplies(t *testing.T) {
	snaps, imgs := SnapshotsSource, ImagesSource(TypeSnapshot)
	u := NewUnion([]Source{snaps, imgs}, 2, 1)
	l := listing{images: map[Source][]Image{snaps: ids("s", 1, 1), imgs: ids("i", 1, 3)}}
	o, _ := u.Next()
	deliver(u, l, o) // a short page: /snapshots is done
	if u.Done() || u.Loaded() != 1 {
		t.Fatal("the union did not move on to /images")
	}
	for _, stale := range []ListOptions{snaps.Options(1, 2), snaps.Options(2, 2), imgs.Options(5, 2)} {
		if d := u.Deliver(stale, &ListResponse{Images: ids("x", 1, 2)}, nil); len(d.Added)+len(d.Again)+d.Applied != 0 || d.Err != nil {
			t.Errorf("stale reply for %+v delivered %+v", stale, d)
		}
	}
	// Even while the current listing's page 1 is out, a late page 1 of
	// the listing before is not taken for it.
	if o, _ := u.Next(); o != imgs.Options(1, 2) {
		t.Fatalf("next request %+v", o)
	}
	if d := u.Deliver(snaps.Options(1, 2), &ListResponse{Images: ids("x", 1, 2)}, nil); len(d.Added)+d.Applied != 0 {
		t.Errorf("a late reply of the previous listing delivered %+v", d)
	}
	if u.Loaded() != 1 {
		t.Errorf("Loaded %d after stale replies, want 1", u.Loaded())
	}
}

// Within a listing the union fetches ahead as Ahead does, and the
// replies, in any order, give what a sequential walk gives.
func TestUnionFetchesAheadWithinAListing(t *testing.T) {
	snaps, all := SnapshotsSource, ImagesSource("")
	l := listing{images: map[Source][]Image{all: ids("a", 1, 40), snaps: append(ids("a", 31, 40), ids("s", 1, 25)...)}}
	u := NewUnion([]Source{all, snaps}, 5, 4)
	var added, again []string
	maxOut := map[Source]int{}
	overlap := false // a batch held pages of both listings
	for !u.Done() {
		var batch []ListOptions
		out := map[Source]int{}
		for {
			o, ok := u.Next()
			if !ok {
				break
			}
			batch = append(batch, o)
			out[o.Source()]++
		}
		for src, n := range out {
			maxOut[src] = max(maxOut[src], n)
		}
		overlap = overlap || len(out) == 2
		slices.Reverse(batch) // the last asked answers first: the later listing before the earlier
		for _, o := range batch {
			d := deliver(u, l, o)
			if d.Err != nil {
				t.Fatal(d.Err)
			}
			added = append(added, imageIDs(d.Added)...)
			again = append(again, imageIDs(d.Again)...)
		}
	}
	want := append(imageIDs(ids("a", 1, 40)), imageIDs(ids("s", 1, 25))...)
	if !slices.Equal(added, want) || !slices.Equal(again, imageIDs(ids("a", 31, 40))) {
		t.Errorf("added %v\nagain %v", added, again)
	}
	if maxOut[all] != 4 || maxOut[snaps] != 4 {
		t.Errorf("at most %v pages out per listing, want 4 each", maxOut)
	}
	if !overlap {
		t.Error("the second listing was never read while the first had pages out")
	}
}

// TestUnionHoldsALaterListing: pages of the second listing, read while
// the first is still being walked, are delivered only once the first is
// done; a page of it that failed meanwhile stops that listing only, and
// is asked for again when its turn comes, before anything else, so an
// error met while reading ahead is never shown for its own sake.
func TestUnionHoldsALaterListing(t *testing.T) {
	snaps, all := SnapshotsSource, ImagesSource("")
	l := listing{images: map[Source][]Image{all: ids("a", 1, 12), snaps: append(ids("a", 1, 2), ids("s", 1, 12)...)}}
	u := NewUnion([]Source{all, snaps}, 5, 4)
	a1, _ := u.Next() // the first listing's page 1, alone
	s1, ok := u.Next()
	if !ok || s1.Source() != snaps || s1.Page != 1 {
		t.Fatalf("second request %+v, %v; want the second listing's page 1 while the first's is out", s1, ok)
	}
	if d := deliver(u, l, s1); len(d.Added)+len(d.Again) != 0 || d.Applied != 0 {
		t.Fatalf("the second listing delivered before the first: %+v", d)
	}
	s2, _ := u.Next()
	if s2.Source() != snaps || s2.Page != 2 {
		t.Fatalf("third request %+v; want the second listing's page 2", s2)
	}
	// Page 2 of the second listing fails; the first listing goes on.
	if d := u.Deliver(s2, nil, apiErr(500, "", "boom")); d.Err != nil {
		t.Fatalf("a failure read ahead stopped the feed: %v", d.Err)
	}
	var added []string
	d := deliver(u, l, a1)
	added = append(added, imageIDs(d.Added)...)
	var last ListOptions
	for !u.Done() {
		o, ok := u.Next()
		if !ok {
			t.Fatalf("nothing to request before the end (last %+v)", last)
		}
		if last.Source() == all && o.Source() == snaps && o.Page != 2 {
			t.Fatalf("after the first listing, %+v; want the failed page 2 of the second again first", o)
		}
		if last.Source() != all && o.Source() == all && last.Page != 0 {
			t.Fatalf("back to the first listing with %+v", o)
		}
		d = deliver(u, l, o)
		if d.Err != nil {
			t.Fatal(d.Err)
		}
		added = append(added, imageIDs(d.Added)...)
		last = o
	}
	want := append(imageIDs(ids("a", 1, 12)), imageIDs(ids("s", 1, 12))...)
	if !slices.Equal(added, want) {
		t.Errorf("added %v, want %v", added, want)
	}
}

func TestUnionIncomplete(t *testing.T) {
	snaps, imgs := SnapshotsSource, ImagesSource(TypeSnapshot)
	l := listing{
		images: map[Source][]Image{snaps: ids("s", 1, 9), imgs: ids("s", 1, 2)},
		ignore: map[Source]bool{snaps: true},
	}
	u := NewUnion([]Source{snaps, imgs}, 3, 1)
	_, added, _, d := run(t, u, l)
	if d.Err != nil || !u.Done() || len(added) != 3 {
		t.Fatalf("added %v, last delivery %+v", added, d)
	}
	var inc *IncompleteError
	if !errors.As(u.Incomplete(), &inc) || inc.Source != snaps || inc.Page != 2 || inc.Received != 3 || inc.Total != 9 {
		t.Fatalf("Incomplete() = %v", u.Incomplete())
	}
	for _, w := range []string{"the snapshots endpoint", "page 2", "counts 9", "only 3 arrived", "ignore the page parameter"} {
		if !strings.Contains(inc.Error(), w) {
			t.Errorf("%q does not say %q", inc, w)
		}
	}
	if NewUnion([]Source{snaps}, 3, 1).Incomplete() != nil {
		t.Error("a fresh union is incomplete")
	}
}

// TotalHint counts what a listing has still to come in the proportion
// its pages were new so far: listings overlap on a seed server and are
// disjoint on today's.
func TestUnionTotalHint(t *testing.T) {
	snaps, all, imgs := SnapshotsSource, ImagesSource(""), ImagesSource(TypeSnapshot)
	type step struct {
		loaded, hint int
	}
	tests := []struct {
		name    string
		sources []Source
		l       listing
		want    []step // after each request
	}{
		{
			name:    "disjoint listings add up",
			sources: []Source{all, snaps},
			l:       listing{images: map[Source][]Image{all: ids("c", 1, 6), snaps: ids("s", 1, 6)}},
			want:    []step{{4, 6}, {6, 6}, {10, 12}, {12, 12}},
		},
		{
			name:    "overlapping listings do not double",
			sources: []Source{snaps, imgs},
			l:       listing{images: map[Source][]Image{snaps: ids("s", 1, 6), imgs: ids("s", 1, 8)}},
			want:    []step{{4, 6}, {6, 6}, {6, 6}, {8, 8}, {8, 8}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := NewUnion(tt.sources, 4, 1)
			if _, ok := u.TotalHint(); ok {
				t.Error("a hint before any page")
			}
			var got []step
			for {
				o, ok := u.Next()
				if !ok {
					break
				}
				deliver(u, tt.l, o)
				n, _ := u.TotalHint()
				got = append(got, step{u.Loaded(), n})
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("(loaded, hint) = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSourcesFor(t *testing.T) {
	tests := []struct {
		t    ImageType
		want string
	}{
		{TypeSnapshot, "the snapshots endpoint, snapshot images"},
		{"", "images, the snapshots endpoint"},
		{TypeBaseOS, "base-os images"},
		{"gpu-magic", "gpu-magic images"},
	}
	for _, tt := range tests {
		var names []string
		for _, s := range SourcesFor(tt.t) {
			names = append(names, s.String())
		}
		if got := strings.Join(names, ", "); got != tt.want {
			t.Errorf("SourcesFor(%q) = %s, want %s", tt.t, got, tt.want)
		}
	}
}
