package catalog

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
)

// A tab's feed over several listings (api.SourcesFor): the Snapshots tab
// reads /snapshots, then /images?type=snapshot; All reads /images, then
// /snapshots.

// listings serves each listing's images, paged honestly, or fails every
// page of a listing with its error.
type listings struct {
	images map[api.Source][]api.Image
	errs   map[api.Source]error
	ignore bool // the server ignores page
}

func (l listings) serve(o api.ListOptions) (*api.ListResponse, error) {
	src := o.Source()
	if err := l.errs[src]; err != nil {
		return nil, err
	}
	all := l.images[src]
	page := o.Page
	if l.ignore {
		page = 1
	}
	lo := min((page-1)*o.PerPage, len(all))
	return &api.ListResponse{Images: all[lo:min(lo+o.PerPage, len(all))], TotalCount: len(all), PerPage: o.PerPage}, nil
}

// walk requests the feed's pages one at a time until it is done or fails,
// and returns the requests made, as "listing:page".
func walk(t *testing.T, f *Feed, l listings) []string {
	t.Helper()
	var reqs []string
	for range 100 {
		req, ok := f.Begin()
		if !ok {
			return reqs
		}
		reqs = append(reqs, reqName(req.Opts))
		resp, err := l.serve(req.Opts)
		complete(t, f, req, resp, err)
		if f.Err() != nil {
			return reqs
		}
	}
	t.Fatal("the feed never ended")
	return nil
}

func reqName(o api.ListOptions) string {
	if o.Endpoint == api.EndpointSnapshots {
		return fmt.Sprintf("snapshots:%d", o.Page)
	}
	return fmt.Sprintf("%s:%d", o.Type, o.Page)
}

func size(n int64) *int64 { return &n }

// snapshotsOf is what /snapshots says of the snapshot images: their one
// region, a status, a size.
func snapshotsOf(images []api.Image, st api.SnapshotStatus) []api.Image {
	var out []api.Image
	for _, im := range images {
		s := api.Snapshot{ID: im.ID, Name: im.Name, OSType: im.OSType, Status: st, Size: size(80), CreatedAt: im.CreatedAt, UpdatedAt: im.UpdatedAt}
		if len(im.Regions) > 0 {
			s.Region = im.Regions[0]
		}
		out = append(out, s.Image())
	}
	return out
}

// snapshotImages are n snapshots as /images lists them: a family, no
// status.
func snapshotImages(prefix string, n int) []api.Image {
	var out []api.Image
	for i := range n {
		out = append(out, api.Image{
			ID: fmt.Sprintf("%s-%02d", prefix, i), Name: fmt.Sprintf("%s snapshot %02d", prefix, i), Type: api.TypeSnapshot,
			Family: ptr("Ubuntu"), Regions: []string{"NORD-NO-KRS-1"}, Versions: []string{},
			CreatedAt: time.Date(2025, 1, 1+i, 0, 0, 0, 0, time.UTC), UpdatedAt: time.Date(2025, 2, 1+i, 0, 0, 0, 0, time.UTC),
		})
	}
	return out
}

func ptr(s string) *string { return &s }

func TestFeedSnapshotsTabReadsBothListings(t *testing.T) {
	images := snapshotImages("s", 5)
	onlyHere := snapshotsOf(snapshotImages("new", 2), api.SnapshotCreating) // still being made: /images lacks them
	l := listings{images: map[api.Source][]api.Image{
		api.SnapshotsSource:                append(snapshotsOf(images, api.SnapshotCreated), onlyHere...),
		api.ImagesSource(api.TypeSnapshot): images,
	}}
	f := NewFeed(api.TypeSnapshot, 3, NewInterner())
	reqs := walk(t, f, l)
	if want := []string{"snapshots:1", "snapshots:2", "snapshots:3", "snapshot:1", "snapshot:2"}; !slices.Equal(reqs, want) {
		t.Fatalf("requests %v, want %v", reqs, want)
	}
	if !f.Done() || f.Err() != nil || f.Loaded() != 7 {
		t.Fatalf("done=%v err=%v loaded=%d, want all 7 snapshots once", f.Done(), f.Err(), f.Loaded())
	}
	if n, exact := f.Total(); n != 7 || !exact {
		t.Errorf("Total = %d, %v", n, exact)
	}
	for i, e := range f.Entries() {
		im := e.Image
		if i < 5 {
			// /images added its family; /snapshots' status, size and
			// single region stay, and so does what rows are built on.
			if im.StatusOr("") != "created" || im.SizeGiB == nil || im.FamilyOr("") != "Ubuntu" {
				t.Errorf("entry %d: status %q, size %v, family %q: not merged", i, im.StatusOr(""), im.SizeGiB, im.FamilyOr(""))
			}
			if e.Family != "" {
				t.Errorf("entry %d: the row's family changed to %q after it was shown", i, e.Family)
			}
		} else if im.StatusOr("") != "creating" || im.Ready() {
			t.Errorf("entry %d (only at /snapshots): status %q", i, im.StatusOr(""))
		}
		if e.Seq != i {
			t.Errorf("entry %d has Seq %d", i, e.Seq)
		}
	}
}

func TestFeedAllTabAddsStatusesInPlace(t *testing.T) {
	public := []api.Image{{ID: "pub", Name: "Ubuntu 24.04", Type: api.TypeCloudImage, Regions: []string{"NORD-NO-KRS-1"}}}
	snaps := snapshotImages("s", 4)
	l := listings{images: map[api.Source][]api.Image{
		api.ImagesSource(""): append(slices.Clone(public), snaps...),
		api.SnapshotsSource:  snapshotsOf(snaps, api.SnapshotError),
	}}
	f := NewFeed("", 2, NewInterner())
	// The first listing's walk, before /snapshots is read: no status.
	for f.Loaded() < 5 {
		req := begin(t, f)
		resp, err := l.serve(req.Opts)
		complete(t, f, req, resp, err)
	}
	held := slices.Clone(f.Entries())
	images := make([]*api.Image, len(held))
	for i, e := range held {
		images[i] = e.Image
		if e.Image.Status != nil || !e.Image.Ready() {
			t.Fatalf("entry %d has a status before /snapshots was read", i)
		}
	}
	reqs := walk(t, f, l)
	if want := []string{"snapshots:1", "snapshots:2", "snapshots:3"}; !slices.Equal(reqs, want) {
		t.Fatalf("requests after /images %v, want %v", reqs, want)
	}
	for i, e := range f.Entries() {
		if e != held[i] {
			t.Fatalf("entry %d was replaced: rows and views hold entries", i)
		}
		if i == 0 {
			if e.Image != images[0] {
				t.Error("the public image changed though /snapshots does not list it")
			}
			continue
		}
		if e.Image == images[i] {
			t.Errorf("entry %d: Image not replaced by the enriched copy", i)
		}
		if images[i].Status != nil || images[i].SizeGiB != nil {
			t.Errorf("entry %d: the Image it had was modified, not replaced", i)
		}
		if e.Image.StatusOr("") != "error" || e.Image.Ready() || e.Image.SizeGiB == nil {
			t.Errorf("entry %d: status %q size %v, want /snapshots' error and size", i, e.Image.StatusOr(""), e.Image.SizeGiB)
		}
	}
}

// TestFeedMergeNeverMovesARow: whatever a later listing says of an image
// (another name, region, dates), the row keeps what it was shown with,
// so no order or filter result changes under the user.
func TestFeedMergeNeverMovesARow(t *testing.T) {
	first := snapshotImages("s", 1)
	again := slices.Clone(first)
	again[0].Name = "renamed"
	again[0].Regions = []string{"EUC-DE-MUC-1", "NORD-NO-KRS-1"}
	again[0].CreatedAt = again[0].CreatedAt.AddDate(-3, 0, 0)
	again[0].UpdatedAt = again[0].UpdatedAt.AddDate(1, 0, 0)
	l := listings{images: map[api.Source][]api.Image{
		api.SnapshotsSource:                snapshotsOf(first, api.SnapshotCreated),
		api.ImagesSource(api.TypeSnapshot): again,
	}}
	f := NewFeed(api.TypeSnapshot, 10, nil)
	walk(t, f, l)
	e := f.Entries()[0]
	if e.Name != first[0].Name || !slices.Equal(e.Regions, []string{"NORD-NO-KRS-1"}) {
		t.Errorf("row shows %q in %v, want what /snapshots said first", e.Name, e.Regions)
	}
	if !e.Image.CreatedAt.Equal(first[0].CreatedAt) || !e.Image.UpdatedAt.Equal(first[0].UpdatedAt) {
		t.Errorf("dates moved to %v / %v: rows are ordered by them", e.Image.CreatedAt, e.Image.UpdatedAt)
	}
	if e.Image.StatusOr("") != "created" {
		t.Errorf("status %q lost", e.Image.StatusOr(""))
	}
}

func TestFeedSkipsAListingTheServerLacks(t *testing.T) {
	snaps := snapshotImages("s", 3)
	t.Run("today: type=snapshot rejected", func(t *testing.T) {
		l := listings{
			images: map[api.Source][]api.Image{api.SnapshotsSource: snapshotsOf(snaps, api.SnapshotCreated)},
			errs:   map[api.Source]error{api.ImagesSource(api.TypeSnapshot): typeRejected(api.TypeSnapshot)},
		}
		f := NewFeed(api.TypeSnapshot, 10, nil)
		if reqs := walk(t, f, l); !slices.Equal(reqs, []string{"snapshots:1", "snapshot:1"}) {
			t.Errorf("requests %v", reqs)
		}
		if !f.Done() || f.Err() != nil || f.Rejected() || f.Loaded() != 3 {
			t.Errorf("done=%v err=%v rejected=%v loaded=%d: a listing the server lacks is skipped quietly", f.Done(), f.Err(), f.Rejected(), f.Loaded())
		}
	})
	t.Run("seed without /snapshots", func(t *testing.T) {
		l := listings{
			images: map[api.Source][]api.Image{api.ImagesSource(api.TypeSnapshot): snaps},
			errs:   map[api.Source]error{api.SnapshotsSource: &api.APIError{Status: http.StatusNotFound}},
		}
		f := NewFeed(api.TypeSnapshot, 10, nil)
		walk(t, f, l)
		if !f.Done() || f.Err() != nil || f.Loaded() != 3 {
			t.Errorf("done=%v err=%v loaded=%d", f.Done(), f.Err(), f.Loaded())
		}
	})
}

func typeRejected(t api.ImageType) error {
	return &api.TypeRejectedError{Type: t, Err: &api.APIError{Status: http.StatusBadRequest, Code: "00003", Message: "invalid type"}}
}

func TestFeedRejectedType(t *testing.T) {
	l := listings{errs: map[api.Source]error{api.ImagesSource(api.TypeBaseOS): typeRejected(api.TypeBaseOS)}}
	f := NewFeed(api.TypeBaseOS, 10, nil)
	if reqs := walk(t, f, l); !slices.Equal(reqs, []string{"base-os:1"}) {
		t.Fatalf("requests %v", reqs)
	}
	if !f.Rejected() || !f.Done() || !api.IsTypeRejected(f.Err()) || f.Loaded() != 0 {
		t.Fatalf("rejected=%v done=%v err=%v: want a done feed that says the type is rejected", f.Rejected(), f.Done(), f.Err())
	}
	if f.ShouldPrefetch(0, 0, 10, true) || f.ShouldPrefetch(0, 0, 10, false) {
		t.Error("a rejected type is fetched again by itself")
	}
	// A reload asks again (the server may have changed), nothing else.
	f.Reload()
	if f.Rejected() || f.Err() != nil {
		t.Error("still rejected after a reload")
	}
	if req := begin(t, f); req.Opts != (api.ListOptions{Type: api.TypeBaseOS, Page: 1, PerPage: 10}) {
		t.Errorf("reload asks %+v", req.Opts)
	}
	// A 400 that is not about the type is a failure, not a rejection.
	f = NewFeed(api.TypeBaseOS, 10, nil)
	walk(t, f, listings{errs: map[api.Source]error{api.ImagesSource(api.TypeBaseOS): &api.APIError{Status: 400, Message: "bad per_page"}}})
	if f.Rejected() || f.Err() == nil {
		t.Errorf("rejected=%v err=%v for a 400 about paging", f.Rejected(), f.Err())
	}
}

func TestFeedIncomplete(t *testing.T) {
	snaps := snapshotImages("s", 8)
	l := listings{ignore: true, images: map[api.Source][]api.Image{
		api.SnapshotsSource:                snapshotsOf(snaps, api.SnapshotCreated),
		api.ImagesSource(api.TypeSnapshot): snaps,
	}}
	f := NewFeed(api.TypeSnapshot, 3, nil)
	reqs := walk(t, f, l)
	if want := []string{"snapshots:1", "snapshots:2", "snapshot:1", "snapshot:2"}; !slices.Equal(reqs, want) {
		t.Fatalf("requests %v, want %v", reqs, want)
	}
	if !f.Done() || f.Err() != nil || f.Loaded() != 3 {
		t.Fatalf("done=%v err=%v loaded=%d", f.Done(), f.Err(), f.Loaded())
	}
	var inc *api.IncompleteError
	if err := f.Incomplete(); !errors.As(err, &inc) || inc.Total != 8 || inc.Received != 3 {
		t.Fatalf("Incomplete() = %v, want the listing that stopped at 3 of 8", err)
	}
	if f = NewFeed(api.TypeSnapshot, 3, nil); f.Incomplete() != nil {
		t.Error("a new feed is incomplete")
	}
}

// TestFeedRetryClearsTheError: once the failed page is asked for again,
// the old failure is no longer what there is to say.
func TestFeedRetryClearsTheError(t *testing.T) {
	f := imagesFeed(2, nil)
	complete(t, f, begin(t, f), page(10, "a", "b"), nil)
	complete(t, f, begin(t, f), nil, errors.New("503"))
	if f.Err() == nil {
		t.Fatal("no error")
	}
	req := begin(t, f)
	if f.Err() != nil || !f.Waiting(req.Gen) {
		t.Errorf("while the retry is out: err=%v waiting=%v", f.Err(), f.Waiting(req.Gen))
	}
	if _, ok := f.Begin(); ok {
		t.Error("a second retry went out while the first is in flight")
	}
	complete(t, f, req, nil, errors.New("503 again"))
	if f.Err() == nil || f.Failed().Page != 2 || f.Waiting(req.Gen) {
		t.Errorf("after the retry failed: err=%v page=%d waiting=%v", f.Err(), f.Failed().Page, f.Waiting(req.Gen))
	}
}

func TestFeedReloadAcrossListings(t *testing.T) {
	snaps := snapshotImages("s", 4)
	l := listings{
		images: map[api.Source][]api.Image{api.SnapshotsSource: snapshotsOf(snaps, api.SnapshotCreated)},
		errs:   map[api.Source]error{api.ImagesSource(api.TypeSnapshot): typeRejected(api.TypeSnapshot)},
	}
	f := NewFeed(api.TypeSnapshot, 10, nil)
	walk(t, f, l)
	old := f.Entries()
	f.Reload()
	// The reload's first request is /snapshots again; until it lands the
	// old entries stay.
	req := begin(t, f)
	if req.Opts.Endpoint != api.EndpointSnapshots || req.Opts.Page != 1 || f.Loaded() != 4 || !f.Reloading() {
		t.Fatalf("reload asks %+v with %d entries shown", req.Opts, f.Loaded())
	}
	l.images[api.SnapshotsSource] = snapshotsOf(snaps[:2], api.SnapshotCreated)
	resp, err := l.serve(req.Opts)
	complete(t, f, req, resp, err)
	if f.Reloading() || f.Loaded() != 2 || &old[0] == &f.Entries()[0] {
		t.Fatalf("after the reload's first page: reloading=%v loaded=%d", f.Reloading(), f.Loaded())
	}
	walk(t, f, l)
	if !f.Done() || f.Loaded() != 2 {
		t.Errorf("done=%v loaded=%d", f.Done(), f.Loaded())
	}
}

// TestFeedUnheard: while a listing has not answered, Total cannot count
// it, and Unheard says so: today's All tab has all its cloud images long
// before /snapshots is reached.
func TestFeedUnheard(t *testing.T) {
	snaps := snapshotImages("s", 4)
	l := listings{images: map[api.Source][]api.Image{
		api.ImagesSource(""): {{ID: "pub", Name: "Ubuntu", Type: api.TypeCloudImage}},
		api.SnapshotsSource:  snapshotsOf(snaps, api.SnapshotCreated),
	}}
	f := NewFeed("", 10, nil)
	if f.Unheard() != true {
		t.Error("a new feed has heard from every listing")
	}
	req := begin(t, f)
	resp, err := l.serve(req.Opts)
	complete(t, f, req, resp, err)
	if n, _ := f.Total(); n != 1 || !f.Unheard() {
		t.Errorf("after /images: Total %d, Unheard %v; want 1 and true", n, f.Unheard())
	}
	req = begin(t, f)
	resp, err = l.serve(req.Opts)
	complete(t, f, req, resp, err)
	if n, exact := f.Total(); n != 5 || !exact || f.Unheard() {
		t.Errorf("after /snapshots: Total %d %v, Unheard %v", n, exact, f.Unheard())
	}
	f.Reload()
	if f.Unheard() {
		t.Error("a reload's old entries are counted as unheard before the new walk moves")
	}

	// A reload whose first listing the server lacks: heard, though it
	// answered before the reload's entries replaced the old ones.
	l = listings{
		images: map[api.Source][]api.Image{api.ImagesSource(api.TypeSnapshot): snaps},
		errs:   map[api.Source]error{api.SnapshotsSource: &api.APIError{Status: http.StatusNotFound}},
	}
	f = NewFeed(api.TypeSnapshot, 2, nil)
	walk(t, f, l)
	f.Reload()
	for range 2 { // /snapshots: 404; /images page 1
		req := begin(t, f)
		resp, err := l.serve(req.Opts)
		complete(t, f, req, resp, err)
	}
	if f.Reloading() || f.Done() || f.Unheard() {
		t.Errorf("reloading=%v done=%v unheard=%v: both listings have answered", f.Reloading(), f.Done(), f.Unheard())
	}
}
