package api_test

// These tests run the client against the demo API (api/fakeapi) in both
// of its shapes: the seed's (four image types at /images, snapshots at
// both endpoints) and today's (cloud-image only, other types rejected,
// snapshots only at /snapshots). They are in package api_test because
// fakeapi imports api.

import (
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

var generations = []fakeapi.Generation{fakeapi.Seed, fakeapi.Today}

// demo starts the demo server in shape gen with faults, and a client for
// it that does not really sleep between retries.
func demo(t *testing.T, gen fakeapi.Generation, faults fakeapi.Faults) (*api.Client, *fakeapi.Server) {
	t.Helper()
	srv := fakeapi.New(fakeapi.Options{Generation: gen})
	srv.SetFaults(faults)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	c, err := api.New(api.Config{
		Endpoint:   hs.URL + "/compute/v1",
		Token:      fakeapi.DemoToken,
		HTTPClient: hs.Client(), // its idle connections close with the server
		Sleep:      func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

// expected is what a client that serves both shapes must list for type
// typ on the demo in shape gen: IDs in order, each once.
func expected(gen fakeapi.Generation, typ api.ImageType) []string {
	var out []string
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	images := func(keep func(api.Image) bool) {
		for _, im := range fakeapi.DemoCatalog() {
			if keep(im) && (gen == fakeapi.Seed || im.Type == api.TypeCloudImage) {
				add(im.ID)
			}
		}
	}
	snapshots := func() {
		for _, s := range fakeapi.DemoSnapshots() {
			add(s.ID)
		}
	}
	switch typ {
	case api.TypeSnapshot:
		snapshots()
		images(func(im api.Image) bool { return im.Type == api.TypeSnapshot })
	case "":
		images(func(api.Image) bool { return true })
		snapshots()
	default:
		images(func(im api.Image) bool { return im.Type == typ })
	}
	return out
}

func ids(images []api.Image) []string {
	out := make([]string, len(images))
	for i := range images {
		out[i] = images[i].ID
	}
	return out
}

// TestListAllBothGenerations: the same calls give every image of both
// endpoints exactly once, with the snapshots endpoint's status on every
// snapshot, on a seed server and on today's; a type today's server
// rejects is an error that says so.
func TestListAllBothGenerations(t *testing.T) {
	statusOf := map[string]api.SnapshotStatus{}
	for _, s := range fakeapi.DemoSnapshots() {
		statusOf[s.ID] = s.Status
	}
	for _, gen := range generations {
		for _, typ := range []api.ImageType{api.TypeSnapshot, "", api.TypeCloudImage, api.TypeBaseOS, api.TypePreconfigured} {
			t.Run(gen.String()+"/"+string(typ), func(t *testing.T) {
				c, _ := demo(t, gen, fakeapi.Faults{})
				got, err := c.ListAll(context.Background(), typ)
				want := expected(gen, typ)
				if gen == fakeapi.Today && (typ == api.TypeBaseOS || typ == api.TypePreconfigured) {
					if !api.IsTypeRejected(err) || got != nil || !strings.Contains(err.Error(), "no "+string(typ)+" images") {
						t.Fatalf("ListAll = %d images, %v; want a type rejection naming %s", len(got), err, typ)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(ids(got), want) {
					t.Fatalf("%d IDs, want %d (first difference matters)", len(got), len(want))
				}
				for _, im := range got {
					st, isSnap := statusOf[im.ID]
					switch {
					case isSnap && (im.Status == nil || *im.Status != st || im.SizeGiB == nil && st != api.SnapshotCreating):
						t.Errorf("snapshot %s lacks its details: %+v", im.ID, im)
					case !isSnap && im.Status != nil:
						t.Errorf("public image %s has a status", im.ID)
					case im.Type == "" || im.Name == "" || len(im.Regions) == 0:
						t.Errorf("%s is missing a field: %+v", im.ID, im)
					}
				}
			})
		}
	}
}

// TestSnapshotsFromOneEndpoint: a seed server without /snapshots, or one
// refusing type=snapshot, still lists its snapshots quietly; with
// neither, the error says this API has no snapshots.
func TestSnapshotsFromOneEndpoint(t *testing.T) {
	onlyImages := expected(fakeapi.Seed, api.TypeCloudImage)[:0]
	for _, im := range fakeapi.DemoCatalog() {
		if im.Type == api.TypeSnapshot {
			onlyImages = append(onlyImages, im.ID)
		}
	}
	var onlySnapshots []string
	for _, s := range fakeapi.DemoSnapshots() {
		onlySnapshots = append(onlySnapshots, s.ID)
	}
	tests := []struct {
		name   string
		gen    fakeapi.Generation
		faults fakeapi.Faults
		want   []string // nil: an error
	}{
		{"seed without /snapshots", fakeapi.Seed, fakeapi.Faults{FailEndpoints: map[string]int{"snapshots": 404}}, onlyImages},
		{"seed refusing /snapshots", fakeapi.Seed, fakeapi.Faults{FailEndpoints: map[string]int{"snapshots": 400}}, onlyImages},
		{"today", fakeapi.Today, fakeapi.Faults{}, onlySnapshots},
		{"today without /snapshots", fakeapi.Today, fakeapi.Faults{FailEndpoints: map[string]int{"snapshots": 404}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := demo(t, tt.gen, tt.faults)
			got, err := c.ListAll(context.Background(), api.TypeSnapshot)
			if tt.want == nil {
				if !api.IsTypeRejected(err) || got != nil {
					t.Fatalf("ListAll = %d, %v; want the error", len(got), err)
				}
				return
			}
			if err != nil || !slices.Equal(ids(got), tt.want) {
				t.Errorf("ListAll = %d images, %v; want %d", len(got), err, len(tt.want))
			}
		})
	}
}

// TestFaultsBothGenerations: the faults of issue 12, on either shape.
func TestFaultsBothGenerations(t *testing.T) {
	tests := []struct {
		name   string
		typ    api.ImageType
		faults fakeapi.Faults
		check  func(t *testing.T, got []api.Image, err error, notices []api.Retry)
	}{
		{
			name: "a server that ignores page: what it has, and why it is not all", typ: api.TypeSnapshot,
			faults: fakeapi.Faults{IgnorePage: true},
			check: func(t *testing.T, got []api.Image, err error, _ []api.Retry) {
				var inc *api.IncompleteError
				if !errors.As(err, &inc) || len(got) < 100 || inc.Received != 100 || inc.Total <= 100 || inc.Page != 2 {
					t.Errorf("%d images, err %v; want the first page and an IncompleteError", len(got), err)
				}
			},
		},
		{
			name: "a page truncated once is retried", typ: "",
			faults: fakeapi.Faults{TruncateOnce: []int{2}},
			check: func(t *testing.T, got []api.Image, err error, notices []api.Retry) {
				if err != nil || len(notices) != 1 || notices[0].Reason != "truncated body" || notices[0].Page != 2 || notices[0].Attempt != 2 {
					t.Errorf("err %v, notices %+v; want one retry of page 2 for a truncated body", err, notices)
				}
			},
		},
		{
			name: "a 5xx retry is announced", typ: api.TypeSnapshot,
			faults: fakeapi.Faults{FailOnce: map[int]int{1: 503}, RetryAfter: "2"},
			check: func(t *testing.T, got []api.Image, err error, notices []api.Retry) {
				if err != nil || len(notices) != 1 {
					t.Fatalf("err %v, notices %+v", err, notices)
				}
				// FailOnce fails the first request for page 1 of either
				// listing, and both are asked for at once: on a seed
				// server, whichever came first.
				n := notices[0]
				want := "retrying page 1 of the snapshots endpoint (2/5) in 2s: 503 Service Unavailable"
				if n.Endpoint == "" {
					want = "retrying page 1 of snapshot images (2/5) in 2s: 503 Service Unavailable"
				}
				if n.Status != 503 || n.Wait != 2*time.Second || n.String() != want {
					t.Errorf("notice %q (%+v), want %q", n, n, want)
				}
			},
		},
		{
			name: "an HTML error page's escape sequence leaves no tail", typ: api.TypeSnapshot,
			faults: fakeapi.Faults{HTMLError: 502, HostileErrors: true},
			check: func(t *testing.T, _ []api.Image, err error, notices []api.Retry) {
				msg := err.Error()
				if strings.ContainsRune(msg, 0x1b) || strings.Contains(msg, "[2J") || strings.Contains(msg, "52;") || !strings.Contains(msg, "502 Bad Gateway") {
					t.Errorf("message %q", msg)
				}
				for _, n := range notices {
					if strings.Contains(n.String(), "[2J") {
						t.Errorf("notice %q", n)
					}
				}
			},
		},
		{
			name: "a JSON error's escape sequence leaves no tail", typ: api.TypeCloudImage,
			faults: fakeapi.Faults{FailPages: map[int]int{1: 500}, HostileErrors: true},
			check: func(t *testing.T, _ []api.Image, err error, _ []api.Retry) {
				if msg := err.Error(); strings.ContainsRune(msg, 0x1b) || strings.Contains(msg, "[2J") || strings.Contains(msg, "pwned") || !strings.Contains(msg, "Internal Server Error") {
					t.Errorf("message %q", msg)
				}
			},
		},
	}
	for _, gen := range generations {
		for _, tt := range tests {
			t.Run(gen.String()+"/"+tt.name, func(t *testing.T) {
				c, _ := demo(t, gen, tt.faults)
				var (
					mu      sync.Mutex
					notices []api.Retry
				)
				ctx := api.WithRetryHook(context.Background(), func(r api.Retry) {
					mu.Lock()
					notices = append(notices, r)
					mu.Unlock()
				})
				got, err := c.ListAll(ctx, tt.typ)
				mu.Lock()
				defer mu.Unlock()
				tt.check(t, got, err, notices)
			})
		}
	}
}

// TestFeedOverUnion walks the Snapshots tab as a lazy TUI feed would:
// one page per request, the first screen from one request, entries that
// never move, and later listings only appending or enriching.
func TestFeedOverUnion(t *testing.T) {
	for _, gen := range generations {
		t.Run(gen.String(), func(t *testing.T) {
			c, srv := demo(t, gen, fakeapi.Faults{})
			u := api.NewUnion(api.SourcesFor(api.TypeSnapshot), 50, 1)
			var shown []api.Image
			at := map[string]int{}
			for step := 0; !u.Done(); step++ {
				o, ok := u.Next()
				if !ok {
					t.Fatal("Next gave nothing before the end")
				}
				resp, err := c.ListImages(context.Background(), o)
				d := u.Deliver(o, resp, err)
				if d.Err != nil {
					t.Fatal(d.Err)
				}
				if step == 0 && (srv.RequestCount() != 1 || len(d.Added) != 50) {
					t.Fatalf("first screen: %d requests, %d images", srv.RequestCount(), len(d.Added))
				}
				for _, im := range d.Added {
					at[im.ID] = len(shown)
					shown = append(shown, im)
				}
				for _, im := range d.Again {
					i, ok := at[im.ID]
					if !ok {
						t.Fatalf("%s handed back but never delivered", im.ID)
					}
					shown[i], _ = api.Merge(shown[i], im)
				}
			}
			if !slices.Equal(ids(shown), expected(gen, api.TypeSnapshot)) {
				t.Errorf("the feed shows %d snapshots, want %d", len(shown), len(expected(gen, api.TypeSnapshot)))
			}
			for _, im := range shown {
				if im.Status == nil {
					t.Errorf("%s has no status", im.ID)
				}
			}
			if n, _ := u.TotalHint(); n != len(shown) {
				t.Errorf("TotalHint %d at the end, want %d", n, len(shown))
			}
		})
	}
}
