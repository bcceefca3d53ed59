package catalog

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// fakeServer serves imgs through the real client. The client uses the test
// server's own http.Client, whose connections Close shuts, so goleak sees
// no idle-connection goroutines.
func fakeServer(t *testing.T, imgs []api.Image, faults fakeapi.Faults) (*fakeapi.Server, *api.Client) {
	t.Helper()
	fake := fakeapi.New(fakeapi.Options{Images: imgs})
	fake.SetFaults(faults)
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	c, err := api.New(api.Config{
		Endpoint:   srv.URL + "/compute/v1",
		Token:      fakeapi.DemoToken,
		HTTPClient: srv.Client(),
		MaxRetries: -1, // the feed's own retry is under test, not the client's
	})
	if err != nil {
		t.Fatal(err)
	}
	return fake, c
}

// drain runs the feed's requests one after another, as the model does
// while a filter is active, until Begin refuses or maxRequests is reached.
func drain(t *testing.T, f *Feed, c *api.Client, maxRequests int) (errs int) {
	t.Helper()
	ctx := t.Context()
	for range maxRequests {
		req, ok := f.Begin()
		if !ok {
			return errs
		}
		resp, err := c.ListImages(ctx, req.Opts)
		if err != nil {
			errs++
		}
		if _, stale := f.Complete(req.Gen, resp, err); stale {
			t.Fatalf("reply to %+v stale", req)
		}
	}
	if !f.Done() {
		t.Fatalf("not done after %d requests", maxRequests)
	}
	return errs
}

// pages is the pages requested, as "listing:page" (see reqName).
func pages(fake *fakeapi.Server) []string {
	var out []string
	for _, r := range fake.Requests() {
		o := api.ListOptions{Type: api.ImageType(r.Type), Page: r.Page}
		if r.Endpoint == string(api.EndpointSnapshots) {
			o.Endpoint = api.EndpointSnapshots
		}
		out = append(out, reqName(o))
	}
	return out
}

func idsOf(imgs []api.Image) []string {
	out := make([]string, len(imgs))
	for i, im := range imgs {
		out[i] = im.ID
	}
	return out
}

// TestIntegrationWalkToCompletion walks the All tab against the seed's
// API: /images, then /snapshots, which lists the snapshots again with
// their status and size.
func TestIntegrationWalkToCompletion(t *testing.T) {
	imgs := fakeapi.Generate(250, 7)
	fake, c := fakeServer(t, imgs, fakeapi.Faults{})
	f := NewFeed("", 100, NewInterner())
	drain(t, f, c, 10)
	if !f.Done() || f.Err() != nil {
		t.Fatalf("done=%v err=%v", f.Done(), f.Err())
	}
	if got := ids(f); !slices.Equal(got, idsOf(imgs)) {
		t.Errorf("loaded %d entries, want the %d served, in order", len(got), len(imgs))
	}
	snaps := len(fakeapi.SnapshotsOf(imgs))
	var want []string
	for p := range snaps/100 + 1 {
		want = append(want, fmt.Sprintf("snapshots:%d", p+1))
	}
	if got := pages(fake); !slices.Equal(got, append([]string{":1", ":2", ":3"}, want...)) {
		t.Errorf("pages requested %v, want :1-3 (the short third page ends the walk), then %v", got, want)
	}
	for _, r := range fake.Requests() {
		if r.PerPage != 100 || r.Type != "" || r.Status != 200 {
			t.Errorf("request %+v", r)
		}
	}
	if n, exact := f.Total(); n != 250 || !exact {
		t.Errorf("Total = %d, %v", n, exact)
	}
	for _, e := range f.Entries() {
		if e.Image.Type == api.TypeSnapshot && (e.Image.StatusOr("") != "created" || e.Image.SizeGiB == nil) {
			t.Fatalf("snapshot %s has no status or size from /snapshots", e.Image.ID)
		}
	}
}

func TestIntegrationTypedFeed(t *testing.T) {
	imgs := fakeapi.Generate(300, 3)
	var snaps []string
	for _, im := range imgs {
		if im.Type == api.TypeSnapshot {
			snaps = append(snaps, im.ID)
		}
	}
	fake, c := fakeServer(t, imgs, fakeapi.Faults{})
	f := NewFeed(TabSnapshot.Type(), 50, nil)
	drain(t, f, c, 20)
	if got := ids(f); !slices.Equal(got, snaps) {
		t.Errorf("loaded %d snapshots, want %d", len(got), len(snaps))
	}
	// Each listing in turn: every full page is followed by another
	// request; an exact multiple of the page size needs one more, empty,
	// page to know it is done.
	var want []string
	for _, listing := range []string{"snapshots", "snapshot"} {
		for p := range len(snaps)/50 + 1 {
			want = append(want, fmt.Sprintf("%s:%d", listing, p+1))
		}
	}
	if got := pages(fake); !slices.Equal(got, want) {
		t.Errorf("requests %v, want %v", got, want)
	}
}

func TestIntegrationMisbehavingServers(t *testing.T) {
	imgs := fakeapi.Generate(120, 11)
	tests := []struct {
		name      string
		faults    fakeapi.Faults
		wantPages []string
		wantErrs  int
		wantIDs   []string
	}{
		{"ignores page", fakeapi.Faults{IgnorePage: true}, []string{":1", ":2"}, 0, idsOf(imgs[:50])},
		{"repeats an image across pages", fakeapi.Faults{DuplicateAcrossPages: true}, nil, 0, idsOf(imgs)},
		{"page 2 fails once", fakeapi.Faults{FailOnce: map[int]int{2: 500}}, []string{":1", ":2", ":2", ":3"}, 1, idsOf(imgs)},
		{"under-reported total", fakeapi.Faults{TotalCountDelta: -100}, []string{":1", ":2", ":3"}, 0, idsOf(imgs)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake, c := fakeServer(t, imgs, tt.faults)
			f := imagesFeed(50, nil) // the walk's rules; listings together: feed_union_test.go
			if errs := drain(t, f, c, 20); errs != tt.wantErrs {
				t.Errorf("%d errors, want %d", errs, tt.wantErrs)
			}
			if got := ids(f); !slices.Equal(got, tt.wantIDs) {
				t.Errorf("loaded %d entries, want %d", len(got), len(tt.wantIDs))
			}
			if tt.wantPages != nil && !slices.Equal(pages(fake), tt.wantPages) {
				t.Errorf("pages %v, want %v", pages(fake), tt.wantPages)
			}
			if f.Err() != nil {
				t.Errorf("Err = %v after the walk completed", f.Err())
			}
		})
	}
}

// TestIntegrationReloadRace fetches the way the model does, in commands
// running on their own goroutines with replies delivered back to one
// loop, and reloads while a slow page is out: whichever reply lands
// first, the old walk's must be dropped.
func TestIntegrationReloadRace(t *testing.T) {
	imgs := fakeapi.Generate(30, 5)
	fake := fakeapi.New(fakeapi.Options{Images: imgs, Latency: 20 * time.Millisecond})
	srv := httptest.NewServer(fake)
	defer srv.Close()
	c, err := api.New(api.Config{Endpoint: srv.URL + "/compute/v1", Token: fakeapi.DemoToken, HTTPClient: srv.Client(), MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	type reply struct {
		gen  uint64
		resp *api.ListResponse
		err  error
	}
	replies := make(chan reply)
	fetch := func(req Request) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		resp, err := c.ListImages(ctx, req.Opts)
		replies <- reply{req.Gen, resp, err}
	}

	f := imagesFeed(100, nil)
	old, _ := f.Begin()
	go fetch(old)
	f.Reload()
	cur, ok := f.Begin()
	if !ok {
		t.Fatal("Begin refused after Reload")
	}
	go fetch(cur)

	var stales int
	for range 2 {
		r := <-replies
		if _, stale := f.Complete(r.gen, r.resp, r.err); stale {
			stales++
			if r.gen != old.Gen {
				t.Errorf("current reply dropped")
			}
		} else if r.err != nil {
			t.Fatalf("current reply failed: %v", r.err)
		}
	}
	if stales != 1 {
		t.Errorf("%d stale replies, want 1", stales)
	}
	if !f.Done() || f.Loaded() != len(imgs) || f.Reloading() {
		t.Errorf("done=%v loaded=%d reloading=%v", f.Done(), f.Loaded(), f.Reloading())
	}
}
