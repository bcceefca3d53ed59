package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// twoEndpoints serves /images (typed or not) and /snapshots from fixed
// lists, honestly paged, or a status for a listing it does not have.
type twoEndpoints struct {
	images    []Image    // every image /images lists
	snapshots []Snapshot // what /snapshots lists
	fail      map[string]int
	ignore    bool // ignore `page`
	mu        sync.Mutex
	log       []string
}

func (s *twoEndpoints) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ep := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	key := ep
	if typ := r.URL.Query().Get("type"); typ != "" {
		key += "?type=" + typ
	}
	s.mu.Lock()
	s.log = append(s.log, key)
	s.mu.Unlock()
	if st := s.fail[key]; st != 0 {
		writeJSON(w, st, map[string]string{"code": "00003", "message": "invalid type"})
		return
	}
	page, per := queryInt(r, "page"), queryInt(r, "per_page")
	if s.ignore {
		page = 1
	}
	cut := func(n int) (int, int) {
		lo := min((page-1)*per, n)
		return lo, min(lo+per, n)
	}
	if ep == "snapshots" {
		lo, hi := cut(len(s.snapshots))
		writeJSON(w, 200, SnapshotList{Snapshots: s.snapshots[lo:hi], TotalCount: len(s.snapshots), Page: page, PerPage: per})
		return
	}
	var ims []Image
	for _, im := range s.images {
		if typ := r.URL.Query().Get("type"); typ == "" || string(im.Type) == typ {
			ims = append(ims, im)
		}
	}
	lo, hi := cut(len(ims))
	writeJSON(w, 200, ListResponse{Images: ims[lo:hi], TotalCount: len(ims), Page: page, PerPage: per})
}

func snap(id string, st SnapshotStatus) Snapshot {
	return Snapshot{ID: id, Name: "image " + id, OSType: OSLinux, Region: "EUC-DE-MUC-1", Size: ptrTo[int64](10), Status: st}
}

func TestListAllMergesBothEndpoints(t *testing.T) {
	public := Image{ID: "c1", Name: "Ubuntu", Type: TypeCloudImage, OSType: OSLinux, Regions: []string{"EUC-DE-MUC-1"}}
	seed := &twoEndpoints{
		images:    append([]Image{public}, ids("s", 1, 4)...),
		snapshots: []Snapshot{snap("s003", SnapshotCreated), snap("s004", SnapshotError), snap("s005", SnapshotCreating), snap("s001", SnapshotDeleting)},
	}
	tests := []struct {
		name     string
		srv      *twoEndpoints
		typ      ImageType
		wantIDs  string
		wantStat string // status of each image, "-" for none
		wantErr  string // "" for none
		// wantLog is the requests made, sorted: the listings are
		// fetched at the same time, so only each one's order is fixed.
		wantLog string
	}{
		{
			name:     "snapshots: the dedicated endpoint first, then what only /images has",
			srv:      seed,
			typ:      TypeSnapshot,
			wantIDs:  "s003 s004 s005 s001 s002",
			wantStat: "created error creating deleting -",
			wantLog:  "images?type=snapshot images?type=snapshot snapshots snapshots",
		},
		{
			name:     "all types: /images first, enriched, then what only /snapshots has",
			srv:      seed,
			typ:      "",
			wantIDs:  "c1 s001 s002 s003 s004 s005",
			wantStat: "- deleting - created error creating",
			wantLog:  "images images snapshots snapshots",
		},
		{
			name:     "a public type asks /images alone",
			srv:      seed,
			typ:      TypeCloudImage,
			wantIDs:  "c1",
			wantStat: "-",
			wantLog:  "images?type=cloud-image",
		},
		{
			name: "today: type=snapshot rejected, /snapshots alone",
			srv: &twoEndpoints{images: []Image{public}, snapshots: seed.snapshots,
				fail: map[string]int{"images?type=snapshot": 400}},
			typ:      TypeSnapshot,
			wantIDs:  "s003 s004 s005 s001",
			wantStat: "created error creating deleting",
			wantLog:  "images?type=snapshot snapshots snapshots",
		},
		{
			name:     "an old server without /snapshots",
			srv:      &twoEndpoints{images: seed.images, fail: map[string]int{"snapshots": 404}},
			typ:      TypeSnapshot,
			wantIDs:  "s001 s002 s003 s004",
			wantStat: "- - - -",
			wantLog:  "images?type=snapshot images?type=snapshot snapshots",
		},
		{
			name:    "neither listing: an error that says the type is rejected",
			srv:     &twoEndpoints{fail: map[string]int{"snapshots": 404, "images?type=snapshot": 400}},
			typ:     TypeSnapshot,
			wantErr: "this API offers no snapshot images",
			wantLog: "images?type=snapshot snapshots",
		},
		{
			name:    "a rejected public type",
			srv:     &twoEndpoints{fail: map[string]int{"images?type=base-os": 400}},
			typ:     TypeBaseOS,
			wantErr: "this API offers no base-os images: it rejects type=base-os (400 Bad Request, code 00003: invalid type)",
			wantLog: "images?type=base-os",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.srv.log = nil
			c, _, _ := newTestClient(t, tt.srv, Config{PerPage: 3})
			got, err := c.ListAll(context.Background(), tt.typ)
			tt.srv.mu.Lock()
			log := strings.Join(slices.Sorted(slices.Values(tt.srv.log)), " ")
			tt.srv.mu.Unlock()
			if log != tt.wantLog {
				t.Errorf("requests %s\nwant     %s", log, tt.wantLog)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) || !IsTypeRejected(err) || got != nil {
					t.Fatalf("ListAll = %d images, %v; want only the error %q", len(got), err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkIDsAndStatuses(t, got, tt.wantIDs, tt.wantStat)
			for _, im := range got {
				if im.Status != nil && (im.SizeGiB == nil || *im.SizeGiB != 10 || !im.HasRegion("EUC-DE-MUC-1")) {
					t.Errorf("%s lacks the snapshot details: %+v", im.ID, im)
				}
				if im.Type == "" || im.Name == "" {
					t.Errorf("%s lost its type or name: %+v", im.ID, im)
				}
			}
		})
	}
}

// checkIDsAndStatuses checks the IDs of images, in order, and the status
// of each ("-" for none), both as space-separated lists.
func checkIDsAndStatuses(t *testing.T, images []Image, wantIDs, wantStat string) {
	t.Helper()
	var stat []string
	for _, im := range images {
		stat = append(stat, im.StatusOr("-"))
	}
	if ids := strings.Join(imageIDs(images), " "); ids != wantIDs {
		t.Errorf("IDs %s, want %s", ids, wantIDs)
	}
	if s := strings.Join(stat, " "); s != wantStat {
		t.Errorf("statuses %s, want %s", s, wantStat)
	}
}

// A server that ignores `page` gives what it has and says the listing is
// incomplete; other listings of the same call still count.
func TestListAllIncomplete(t *testing.T) {
	srv := &twoEndpoints{images: ids("s", 1, 7), snapshots: []Snapshot{snap("x1", SnapshotCreated)}, ignore: true}
	c, _, _ := newTestClient(t, srv, Config{PerPage: 3})
	got, err := c.ListAll(context.Background(), "")
	var inc *IncompleteError
	if !errors.As(err, &inc) || inc.Source != ImagesSource("") || inc.Received != 3 || inc.Total != 7 {
		t.Fatalf("err = %v, want an IncompleteError for /images with 3 of 7", err)
	}
	if ids := imageIDs(got); !slices.Equal(ids, []string{"s001", "s002", "s003", "x1"}) {
		t.Errorf("ListAll gave %v, want what both listings had", ids)
	}
	if IsTypeRejected(err) || !strings.Contains(err.Error(), "incomplete listing of images") {
		t.Errorf("err = %q", err)
	}
}

// holdUntil serves srv, but holds each request to the listing held (a
// key as twoEndpoints logs it: "images", "snapshots", "images?type=...")
// until the listing by has been answered n times, so by's replies all
// arrive first. A client that walks the listings one after another never
// asks for by while it waits for held: then the hold ends after a few
// seconds, and waited says so.
type holdUntil struct {
	srv      *twoEndpoints
	held, by string
	n        int

	mu       sync.Mutex
	answered int
	release  chan struct{}
	waited   bool
}

func (h *holdUntil) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	if typ := r.URL.Query().Get("type"); typ != "" {
		key += "?type=" + typ
	}
	if key == h.held {
		select {
		case <-h.release:
		case <-time.After(3 * time.Second):
			h.mu.Lock()
			h.waited = true
			h.mu.Unlock()
		}
	}
	h.srv.ServeHTTP(w, r)
	if key == h.by {
		h.mu.Lock()
		if h.answered++; h.answered == h.n {
			close(h.release)
		}
		h.mu.Unlock()
	}
}

// TestListAllFetchesListingsTogether checks that ListAll asks for its
// listings at the same time, and that its result does not depend on which
// listing answers first: the merge order, the entries kept and the
// snapshot details are those of walking the listings in order.
func TestListAllFetchesListingsTogether(t *testing.T) {
	public := Image{ID: "c1", Name: "Ubuntu", Type: TypeCloudImage, OSType: OSLinux, Regions: []string{"EUC-DE-MUC-1"}}
	newSrv := func() *twoEndpoints {
		return &twoEndpoints{
			images:    append([]Image{public}, ids("s", 1, 4)...),
			snapshots: []Snapshot{snap("s003", SnapshotCreated), snap("s004", SnapshotError), snap("s005", SnapshotCreating), snap("s001", SnapshotDeleting)},
		}
	}
	tests := []struct {
		typ      ImageType
		listings [2]string // the keys of the two listings
		wantIDs  string
		wantStat string
	}{
		{"", [2]string{"images", "snapshots"}, "c1 s001 s002 s003 s004 s005", "- deleting - created error creating"},
		{TypeSnapshot, [2]string{"snapshots", "images?type=snapshot"}, "s003 s004 s005 s001 s002", "created error creating deleting -"},
	}
	for _, tt := range tests {
		var first string // JSON of the first order's result
		for _, order := range [][2]string{tt.listings, {tt.listings[1], tt.listings[0]}} {
			t.Run(fmt.Sprintf("%q, %s after %s", tt.typ, order[0], order[1]), func(t *testing.T) {
				// Each listing here is two pages of 3.
				h := &holdUntil{srv: newSrv(), held: order[0], by: order[1], n: 2, release: make(chan struct{})}
				c, _, _ := newTestClient(t, h, Config{PerPage: 3})
				got, err := c.ListAll(context.Background(), tt.typ)
				if err != nil {
					t.Fatal(err)
				}
				h.mu.Lock()
				waited := h.waited
				h.mu.Unlock()
				if waited {
					t.Errorf("%s was not asked for while %s waited: the listings were fetched one after another", order[1], order[0])
				}
				checkIDsAndStatuses(t, got, tt.wantIDs, tt.wantStat)
				b, err := json.Marshal(got)
				if err != nil {
					t.Fatal(err)
				}
				if first == "" {
					first = string(b)
				} else if string(b) != first {
					t.Errorf("the result depends on which listing answered first:\n%s\n%s", first, b)
				}
			})
		}
	}
}

// TestListAllFailureStopsEveryListing: when one listing fails, ListAll
// cancels the other's requests and reports the failure, not the
// cancellation it caused.
func TestListAllFailureStopsEveryListing(t *testing.T) {
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/snapshots") {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"code": "01001", "message": "invalid token"})
			return
		}
		<-r.Context().Done() // /images answers nothing until the client gives up
	}), Config{PerPage: 3})
	done := make(chan struct{})
	var (
		got []Image
		err error
	)
	go func() {
		defer close(done)
		got, err = c.ListAll(context.Background(), "")
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("ListAll did not return: the other listing's requests were not cancelled")
	}
	if got != nil || !IsAuth(err) || !strings.HasPrefix(err.Error(), "list the snapshots endpoint, page 1: ") {
		t.Errorf("ListAll = %d images, %v; want only the 401 of /snapshots", len(got), err)
	}
}
