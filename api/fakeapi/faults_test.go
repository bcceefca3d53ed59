package fakeapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
)

func statuses(s *Server) []int {
	var out []int
	for _, r := range s.Requests() {
		out = append(out, r.Status)
	}
	return out
}

func TestRateLimit(t *testing.T) {
	tests := []struct {
		name, retryAfter, want string
	}{
		{"default Retry-After", "", "1"},
		{"seconds", "7", "7"},
		{"HTTP date", "Wed, 21 Oct 2026 07:28:00 GMT", "Wed, 21 Oct 2026 07:28:00 GMT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Options{Images: Generate(5, 1)})
			s.SetFaults(Faults{RateLimit: 2, RetryAfter: tt.retryAfter})
			for i := range 2 {
				rec := do(t, s, http.MethodGet, "/compute/v1/images", nil)
				wantError(t, rec, http.StatusTooManyRequests)
				if got := rec.Header().Get("Retry-After"); got != tt.want {
					t.Errorf("request %d: Retry-After %q, want %q", i, got, tt.want)
				}
			}
			list(t, s, "") // the third one goes through
			if got, want := statuses(s), []int{429, 429, 200}; !reflect.DeepEqual(got, want) {
				t.Errorf("statuses %v, want %v", got, want)
			}
		})
	}
}

func TestFailOnce(t *testing.T) {
	s := New(Options{Images: Generate(30, 1)})
	failOnce := map[int]int{2: 503, 3: 500}
	s.SetFaults(Faults{FailOnce: failOnce})
	failOnce[1] = 502 // the server keeps its own copy

	list(t, s, "?per_page=10&page=1")
	rec := do(t, s, http.MethodGet, "/compute/v1/images?per_page=10&page=2", nil)
	if e := wantError(t, rec, http.StatusServiceUnavailable); e.Code != "05003" {
		t.Errorf("code %s, want 05003", e.Code)
	}
	if rec.Header().Get("Retry-After") != "1" {
		t.Error("503 without Retry-After")
	}
	list(t, s, "?per_page=10&page=2")
	wantError(t, do(t, s, http.MethodGet, "/compute/v1/images?per_page=10&page=3", nil), http.StatusInternalServerError)
	list(t, s, "?per_page=10&page=3")
	list(t, s, "?per_page=10&page=1")
	if got, want := statuses(s), []int{200, 503, 200, 500, 200, 200}; !reflect.DeepEqual(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}

	s.SetFaults(Faults{FailOnce: map[int]int{2: 502}})
	s.SetFaults(Faults{FailOnce: map[int]int{2: 502}}) // re-arming twice is still once
	wantError(t, do(t, s, http.MethodGet, "/compute/v1/images?per_page=10&page=2", nil), http.StatusBadGateway)
	list(t, s, "?per_page=10&page=2")
}

func TestFailAlways(t *testing.T) {
	s := New(Options{})
	s.SetFaults(Faults{FailAlways: 502})
	for _, target := range []string{"/compute/v1/images", "/compute/v1/images?page=2", "/elsewhere"} {
		wantError(t, do(t, s, http.MethodGet, target, nil), http.StatusBadGateway)
	}
	s.SetFaults(Faults{})
	list(t, s, "")
}

func TestMalformedJSON(t *testing.T) {
	s := New(Options{Images: Generate(20, 1)})
	s.SetFaults(Faults{MalformedJSON: true})
	rec := do(t, s, http.MethodGet, "/compute/v1/images", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d, want 200", rec.Code)
	}
	var resp api.ListResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err == nil {
		t.Fatalf("body decoded fine: %.80s", rec.Body)
	}
	if !strings.HasPrefix(rec.Body.String(), `{"images":[`) {
		t.Errorf("body %.40s does not look like the start of a listing", rec.Body)
	}
	// Errors stay well-formed: only listings are damaged.
	wantError(t, do(t, s, http.MethodGet, "/compute/v1/images?page=0", nil), http.StatusBadRequest)
}

func TestHTMLError(t *testing.T) {
	s := New(Options{})
	s.SetFaults(Faults{HTMLError: 504})
	rec := do(t, s, http.MethodGet, "/compute/v1/images", nil)
	if rec.Code != http.StatusGatewayTimeout {
		t.Fatalf("status %d, want 504", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type %q", ct)
	}
	if body := rec.Body.String(); !strings.Contains(body, "<title>504 Gateway Timeout</title>") {
		t.Errorf("body %q", body)
	}
	if json.Valid(rec.Body.Bytes()) {
		t.Error("HTML page is valid JSON")
	}
}

func TestTotalCountDelta(t *testing.T) {
	s := New(Options{Images: Generate(10, 1)})
	for _, tt := range []struct{ delta, want int }{{0, 10}, {5, 15}, {-8, 2}, {-10, 0}, {-1000, 0}} {
		t.Run(fmt.Sprint(tt.delta), func(t *testing.T) {
			s.SetFaults(Faults{TotalCountDelta: tt.delta})
			resp := list(t, s, "")
			if resp.TotalCount != tt.want || len(resp.Images) != 10 {
				t.Errorf("total_count %d with %d images, want %d with 10", resp.TotalCount, len(resp.Images), tt.want)
			}
		})
	}
}

func TestIgnorePage(t *testing.T) {
	catalog := Generate(30, 1)
	s := New(Options{Images: catalog})
	s.SetFaults(Faults{IgnorePage: true})
	for page := 1; page <= 4; page++ {
		resp := list(t, s, fmt.Sprintf("?per_page=10&page=%d", page))
		if !reflect.DeepEqual(ids(resp.Images), ids(catalog[:10])) || resp.Page != 1 {
			t.Errorf("page %d: served page %d, want page 1's images", page, resp.Page)
		}
	}
	if got := s.Requests()[3].Page; got != 4 {
		t.Errorf("log records page %d, want the requested 4", got)
	}
}

func TestDuplicateAcrossPages(t *testing.T) {
	catalog := Generate(25, 1)
	s := New(Options{Images: catalog})
	s.SetFaults(Faults{DuplicateAcrossPages: true})
	var prev []api.Image
	seen := map[string]bool{}
	for page := 1; ; page++ {
		resp := list(t, s, fmt.Sprintf("?per_page=10&page=%d", page))
		if page > 1 && len(resp.Images) > 0 && resp.Images[0].ID != prev[len(prev)-1].ID {
			t.Errorf("page %d starts with %s, want the previous page's last %s", page, resp.Images[0].ID, prev[len(prev)-1].ID)
		}
		for _, im := range resp.Images {
			seen[im.ID] = true
		}
		if len(resp.Images) < 10 {
			break
		}
		prev = resp.Images
	}
	if len(seen) != len(catalog) {
		t.Errorf("walk saw %d distinct images, want all %d", len(seen), len(catalog))
	}

	// per_page=1 cannot advance: every page is the first one.
	for page := 1; page <= 3; page++ {
		if resp := list(t, s, fmt.Sprintf("?per_page=1&page=%d", page)); resp.Images[0].ID != catalog[0].ID {
			t.Errorf("per_page=1 page %d: got %s", page, resp.Images[0].ID)
		}
	}
}

func TestCutMidBodyWithoutHijack(t *testing.T) {
	// A ResponseRecorder cannot be hijacked: the handler stops after half
	// the announced body.
	s := New(Options{Images: Generate(20, 1)})
	s.SetFaults(Faults{CutMidBody: true})
	rec := do(t, s, http.MethodGet, "/compute/v1/images", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	announced := rec.Header().Get("Content-Length")
	if announced != fmt.Sprint(2*rec.Body.Len()) && announced != fmt.Sprint(2*rec.Body.Len()+1) {
		t.Errorf("Content-Length %s for a body of %d", announced, rec.Body.Len())
	}
}

func TestSetFaultsReplaces(t *testing.T) {
	s := New(Options{Images: Generate(5, 1)})
	s.SetFaults(Faults{RateLimit: 5, FailAlways: 500})
	wantError(t, do(t, s, http.MethodGet, "/compute/v1/images", nil), http.StatusTooManyRequests)
	s.SetFaults(Faults{FailAlways: 500})
	wantError(t, do(t, s, http.MethodGet, "/compute/v1/images", nil), http.StatusInternalServerError)
	s.SetFaults(Faults{})
	list(t, s, "")
}

func TestFaultPrecedence(t *testing.T) {
	// Gateway faults come before routing and auth: they hit every request.
	s := New(Options{})
	s.SetFaults(Faults{HTMLError: 502, FailAlways: 500})
	if rec := do(t, s, http.MethodPost, "/nowhere", http.Header{}); rec.Code != http.StatusBadGateway {
		t.Errorf("status %d, want the HTML 502", rec.Code)
	}
	// FailOnce comes after auth and validation, so a bad request does not
	// use it up.
	s.SetFaults(Faults{FailOnce: map[int]int{1: 500}})
	wantError(t, do(t, s, http.MethodGet, "/compute/v1/images", http.Header{}), http.StatusUnauthorized)
	wantError(t, do(t, s, http.MethodGet, "/compute/v1/images?per_page=0", nil), http.StatusBadRequest)
	wantError(t, do(t, s, http.MethodGet, "/compute/v1/images", nil), http.StatusInternalServerError)
	list(t, s, "")
}
