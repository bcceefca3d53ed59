package fakeapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
)

// do sends one request straight to the handler.
func do(t *testing.T, s *Server, method, target string, header http.Header) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	if header == nil {
		header = http.Header{"Authorization": {"Bearer " + DemoToken}}
	}
	req.Header = header
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

// list sends an authorized GET for query and decodes a 200 listing.
func list(t *testing.T, s *Server, query string) api.ListResponse {
	t.Helper()
	rec := do(t, s, http.MethodGet, "/compute/v1/images"+query, nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: status %d, body %s", query, rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("GET %s: Content-Type %q", query, ct)
	}
	var resp api.ListResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatalf("GET %s: %v in %s", query, err, rec.Body)
	}
	return resp
}

// wantError checks an error response's status and the provider's shape.
func wantError(t *testing.T, rec *httptest.ResponseRecorder, status int) errorBody {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d (body %s)", rec.Code, status, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	var e errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatalf("error body %s: %v", rec.Body, err)
	}
	if len(e.Code) != 5 || strings.Trim(e.Code, "0123456789") != "" || e.Message == "" {
		t.Errorf("error body %+v: want a 5-digit code and a message", e)
	}
	return e
}

func ids(images []api.Image) []string {
	out := make([]string, len(images))
	for i, im := range images {
		out[i] = im.ID
	}
	return out
}

func TestTypeFilter(t *testing.T) {
	catalog := Generate(300, 3)
	s := New(Options{Images: catalog})
	count := map[api.ImageType]int{}
	for _, im := range catalog {
		count[im.Type]++
	}
	tests := []struct {
		name  string
		query string
		want  int
	}{
		{"no filter lists all", "", len(catalog)},
		{"empty filter lists all", "?type=", len(catalog)},
		{"base-os", "?type=base-os", count[api.TypeBaseOS]},
		{"cloud-image", "?type=cloud-image", count[api.TypeCloudImage]},
		{"preconfigured", "?type=preconfigured", count[api.TypePreconfigured]},
		{"snapshot", "?type=snapshot", count[api.TypeSnapshot]},
		{"unknown type is an empty list", "?type=gpu-magic", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sep := "?"
			if tt.query != "" {
				sep = "&"
			}
			resp := list(t, s, tt.query+sep+"per_page=100")
			if resp.TotalCount != tt.want {
				t.Errorf("total_count %d, want %d", resp.TotalCount, tt.want)
			}
			if len(resp.Images) != min(tt.want, 100) {
				t.Errorf("%d images on page 1, want %d", len(resp.Images), min(tt.want, 100))
			}
			typ := strings.TrimPrefix(tt.query, "?type=")
			for _, im := range resp.Images {
				if typ != "" && string(im.Type) != typ {
					t.Errorf("image %s of type %s in a %s listing", im.ID, im.Type, typ)
				}
			}
		})
	}
}

func TestEmptyListIsArrayNotNull(t *testing.T) {
	s := New(Options{Images: []api.Image{}})
	rec := do(t, s, http.MethodGet, "/compute/v1/images", nil)
	if want := `{"images":[],"total_count":0,"page":1,"per_page":50}`; rec.Body.String() != want {
		t.Errorf("body %s, want %s", rec.Body, want)
	}
}

func TestPaging(t *testing.T) {
	catalog := Generate(123, 5)
	s := New(Options{Images: catalog})
	tests := []struct {
		name              string
		query             string
		wantPage, wantPer int
		from, to          int
	}{
		{"defaults are page 1 of 50", "", 1, 50, 0, 50},
		{"page 2 of 50", "?page=2", 2, 50, 50, 100},
		{"last short page", "?page=3", 3, 50, 100, 123},
		{"past the end is empty", "?page=4", 4, 50, 123, 123},
		{"far past the end is empty", "?page=9223372036854775807", 9223372036854775807, 50, 123, 123},
		{"per_page 100", "?per_page=100", 1, 100, 0, 100},
		{"per_page 100 page 2", "?per_page=100&page=2", 2, 100, 100, 123},
		{"per_page 1", "?per_page=1&page=7", 7, 1, 6, 7},
		{"empty values mean defaults", "?page=&per_page=", 1, 50, 0, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := list(t, s, tt.query)
			if resp.Page != tt.wantPage || resp.PerPage != tt.wantPer || resp.TotalCount != len(catalog) {
				t.Errorf("page %d per_page %d total %d, want %d %d %d", resp.Page, resp.PerPage, resp.TotalCount, tt.wantPage, tt.wantPer, len(catalog))
			}
			if got, want := ids(resp.Images), ids(catalog[tt.from:tt.to]); !reflect.DeepEqual(got, want) {
				t.Errorf("got %d images, want catalog[%d:%d] in order", len(got), tt.from, tt.to)
			}
		})
	}
}

func TestWalkingAllPagesYieldsTheCatalogInOrder(t *testing.T) {
	catalog := DemoCatalog()
	s := New(Options{})
	var got []api.Image
	for page := 1; ; page++ {
		resp := list(t, s, fmt.Sprintf("?per_page=37&page=%d", page))
		got = append(got, resp.Images...)
		if len(resp.Images) < 37 {
			break
		}
	}
	if !reflect.DeepEqual(got, catalog) {
		t.Errorf("walked %d images, want the %d of DemoCatalog, equal and in order", len(got), len(catalog))
	}
}

func TestBadQuery(t *testing.T) {
	s := New(Options{})
	tests := []struct{ name, query, code string }{
		{"page zero", "?page=0", codeBadPage},
		{"negative page", "?page=-1", codeBadPage},
		{"page not a number", "?page=two", codeBadPage},
		{"page not an integer", "?page=1.5", codeBadPage},
		{"page overflows", "?page=99999999999999999999", codeBadPage},
		{"per_page zero", "?per_page=0", codeBadPerPage},
		{"per_page over 100", "?per_page=101", codeBadPerPage},
		{"per_page not a number", "?per_page=all", codeBadPerPage},
		{"per_page negative", "?per_page=-5", codeBadPerPage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := wantError(t, do(t, s, http.MethodGet, "/compute/v1/images"+tt.query, nil), http.StatusBadRequest)
			if e.Code != tt.code {
				t.Errorf("code %s, want %s", e.Code, tt.code)
			}
		})
	}
}

func TestAuth(t *testing.T) {
	tests := []struct {
		name   string
		token  string // Options.Token
		header http.Header
		ok     bool
	}{
		{"demo token as bearer", "", http.Header{"Authorization": {"Bearer " + DemoToken}}, true},
		{"bearer scheme in lower case", "", http.Header{"Authorization": {"bearer " + DemoToken}}, true},
		{"deprecated X-Auth-Token", "", http.Header{"X-Auth-Token": {DemoToken}}, true},
		{"custom token", "s3cret", http.Header{"Authorization": {"Bearer s3cret"}}, true},
		{"demo token refused when a custom one is set", "s3cret", http.Header{"Authorization": {"Bearer " + DemoToken}}, false},
		{"no header", "", http.Header{}, false},
		{"wrong token", "", http.Header{"Authorization": {"Bearer nope"}}, false},
		{"token without scheme", "", http.Header{"Authorization": {DemoToken}}, false},
		{"basic scheme", "", http.Header{"Authorization": {"Basic " + DemoToken}}, false},
		{"empty bearer", "", http.Header{"Authorization": {"Bearer "}}, false},
		{"wrong X-Auth-Token", "", http.Header{"X-Auth-Token": {"nope"}}, false},
		{"bad bearer, good X-Auth-Token", "", http.Header{"Authorization": {"Bearer nope"}, "X-Auth-Token": {DemoToken}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Options{Token: tt.token, Images: Generate(3, 1)})
			rec := do(t, s, http.MethodGet, "/compute/v1/images", tt.header)
			if tt.ok {
				if rec.Code != http.StatusOK {
					t.Errorf("status %d, want 200", rec.Code)
				}
				return
			}
			e := wantError(t, rec, http.StatusUnauthorized)
			if e.Code != codeUnauthorized {
				t.Errorf("code %s, want %s", e.Code, codeUnauthorized)
			}
			if rec.Header().Get("WWW-Authenticate") == "" {
				t.Error("no WWW-Authenticate header")
			}
		})
	}
}

func TestNotFoundAndMethod(t *testing.T) {
	s := New(Options{})
	for _, path := range []string{"/", "/compute/v1", "/compute/v1/images/", "/compute/v1/images/df3718d1-c738-49e4-9d44-6b39579a2c6a", "/compute/v1/instances", "/images"} {
		t.Run("404 "+path, func(t *testing.T) {
			e := wantError(t, do(t, s, http.MethodGet, path, nil), http.StatusNotFound)
			if e.Code != codeNotFound {
				t.Errorf("code %s", e.Code)
			}
		})
	}
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodHead} {
		t.Run("405 "+method, func(t *testing.T) {
			rec := do(t, s, method, "/compute/v1/images", nil)
			if method == http.MethodHead {
				if rec.Code != http.StatusMethodNotAllowed {
					t.Fatalf("status %d", rec.Code)
				}
			} else if e := wantError(t, rec, http.StatusMethodNotAllowed); e.Code != codeMethod {
				t.Errorf("code %s", e.Code)
			}
			if got := rec.Header().Get("Allow"); got != http.MethodGet {
				t.Errorf("Allow %q, want GET", got)
			}
		})
	}
}

func TestRequestLog(t *testing.T) {
	s := New(Options{Images: Generate(10, 1)})
	do(t, s, http.MethodGet, "/compute/v1/images?type=snapshot&page=2&per_page=5", nil)
	do(t, s, http.MethodGet, "/compute/v1/images", http.Header{})
	do(t, s, http.MethodGet, "/compute/v1/images?page=x&per_page=101", nil)
	do(t, s, http.MethodGet, "/nope?type=base-os", nil)
	do(t, s, http.MethodGet, "/compute/v1/snapshots?page=3", nil)
	want := []Request{
		{Endpoint: "images", Type: "snapshot", Page: 2, PerPage: 5, Status: 200},
		{Endpoint: "images", Page: 1, PerPage: 50, Status: 401},
		{Endpoint: "images", Page: 0, PerPage: 0, Status: 400},
		{Endpoint: "/nope", Type: "base-os", Page: 1, PerPage: 50, Status: 404},
		{Endpoint: "snapshots", Page: 3, PerPage: 50, Status: 200},
	}
	if got := s.Requests(); !reflect.DeepEqual(got, want) {
		t.Errorf("Requests() =\n%+v\nwant\n%+v", got, want)
	}
	if n := s.RequestCount(); n != len(want) {
		t.Errorf("RequestCount() = %d, want %d", n, len(want))
	}
	got := s.Requests()
	got[0].Status = 999
	if s.Requests()[0].Status != 200 {
		t.Error("Requests() returned the log itself, not a copy")
	}
	s.ResetRequests()
	if n := s.RequestCount(); n != 0 || len(s.Requests()) != 0 {
		t.Errorf("after reset: %d requests", n)
	}
	do(t, s, http.MethodGet, "/compute/v1/images", nil)
	if got := s.Requests(); len(got) != 1 || got[0].Status != 200 {
		t.Errorf("after reset and one request: %+v", got)
	}
}

func TestOptionsImagesAreCopied(t *testing.T) {
	catalog := Generate(5, 1)
	s := New(Options{Images: catalog})
	want := catalog[0].Name
	catalog[0].Name = "changed"
	catalog[1].Regions[0] = "changed"
	resp := list(t, s, "")
	if resp.Images[0].Name != want || resp.Images[1].Regions[0] == "changed" {
		t.Error("the server serves the caller's slice, not a copy")
	}
}

func TestNullsSurviveTheWire(t *testing.T) {
	s := New(Options{})
	rec := do(t, s, http.MethodGet, "/compute/v1/images?type=base-os", nil)
	var raw struct {
		Images []map[string]json.RawMessage `json:"images"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	var nullSlug, nullVersions bool
	for _, im := range raw.Images {
		nullSlug = nullSlug || string(im["slug"]) == "null"
		nullVersions = nullVersions || string(im["versions"]) == "null"
	}
	if !nullSlug || !nullVersions {
		t.Errorf("base-os listing: want explicit null slug and versions (slug %v versions %v)", nullSlug, nullVersions)
	}
}

func TestLatency(t *testing.T) {
	s := New(Options{Images: Generate(3, 1), Latency: 30 * time.Millisecond})
	start := time.Now()
	do(t, s, http.MethodGet, "/compute/v1/images", nil)
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Errorf("served in %v, want at least the 30ms latency", d)
	}
}

func TestLatencyHonoursCancellation(t *testing.T) {
	s := New(Options{Images: Generate(3, 1), Latency: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/compute/v1/images", nil)
	req.Header.Set("Authorization", "Bearer "+DemoToken)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.ServeHTTP(httptest.NewRecorder(), req)
	}()
	for s.RequestCount() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("handler still waiting after the request was cancelled")
	}
	if got := s.Requests(); len(got) != 1 || got[0].Status != 0 {
		t.Errorf("abandoned request logged as %+v, want status 0", got)
	}
}

func TestConcurrentRequests(t *testing.T) {
	s := New(Options{Images: Generate(500, 9)})
	var wg sync.WaitGroup
	for i := range 32 {
		wg.Go(func() {
			if i%4 == 0 {
				s.SetFaults(Faults{TotalCountDelta: i})
			}
			rec := do(t, s, http.MethodGet, fmt.Sprintf("/compute/v1/images?page=%d&per_page=20", 1+i%5), nil)
			if rec.Code != http.StatusOK {
				t.Errorf("status %d", rec.Code)
			}
			_ = s.Requests()
		})
	}
	wg.Wait()
	if n := s.RequestCount(); n != 32 {
		t.Errorf("RequestCount() = %d, want 32", n)
	}
}

func BenchmarkServeHTTP(b *testing.B) {
	s := New(Options{Images: Generate(10000, 1)})
	req := httptest.NewRequest(http.MethodGet, "/compute/v1/images?type=snapshot&page=40&per_page=100", nil)
	req.Header.Set("Authorization", "Bearer "+DemoToken)
	for b.Loop() {
		s.ServeHTTP(httptest.NewRecorder(), req)
		s.ResetRequests()
	}
}
