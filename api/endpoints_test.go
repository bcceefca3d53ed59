package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestSnapshotsRequest: /snapshots is asked with the paging of /images and
// never a type, through ListSnapshots and through ListImages, which hands
// back its entries as images.
func TestSnapshotsRequest(t *testing.T) {
	var (
		mu   sync.Mutex
		seen []string
	)
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.Path+"?"+r.URL.RawQuery)
		mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer "+testToken {
			t.Errorf("no token on %s", r.URL)
		}
		writeJSON(w, 200, map[string]any{
			"snapshots":   []map[string]any{{"id": "s1", "name": "n", "region": "EUC-DE-MUC-1", "size": 50, "status": "creating"}},
			"total_count": 7, "page": queryInt(r, "page"), "per_page": queryInt(r, "per_page"),
		})
	}), Config{PerPage: 30})

	sl, err := c.ListSnapshots(context.Background(), ListOptions{Type: TypeBaseOS, Page: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(sl.Snapshots) != 1 || sl.Snapshots[0].Status != SnapshotCreating || *sl.Snapshots[0].Size != 50 || sl.TotalCount != 7 {
		t.Errorf("ListSnapshots = %+v", sl)
	}
	lr, err := c.ListImages(context.Background(), ListOptions{Endpoint: EndpointSnapshots, Type: TypeSnapshot, PerPage: 500})
	if err != nil {
		t.Fatal(err)
	}
	im := lr.Images[0]
	if len(lr.Images) != 1 || im.Type != TypeSnapshot || !im.HasRegion("EUC-DE-MUC-1") || im.Ready() || lr.TotalCount != 7 || lr.PerPage != 100 {
		t.Errorf("ListImages of /snapshots = %+v", lr)
	}
	want := []string{"/compute/v1/snapshots?page=2&per_page=30", "/compute/v1/snapshots?page=1&per_page=100"}
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(seen, " ") != strings.Join(want, " ") {
		t.Errorf("requests %v, want %v", seen, want)
	}
}

func TestUnknownEndpointIsAnError(t *testing.T) {
	calls := &counter{}
	c, _, _ := newTestClient(t, scripted(calls, step{200, ""}), Config{})
	_, err := c.ListImages(context.Background(), ListOptions{Endpoint: "instances"})
	if err == nil || calls.get() != 0 {
		t.Errorf("err %v after %d requests, want an error before any request", err, calls.get())
	}
}

// TestTypeRejected: a 400 that blames the type of a typed /images request
// is a TypeRejectedError naming the type; other 400s, other statuses and
// untyped requests are not.
func TestTypeRejected(t *testing.T) {
	tests := []struct {
		name   string
		opts   ListOptions
		status int
		body   string
		want   bool
	}{
		{"today's answer to base-os", ListOptions{Type: TypeBaseOS}, 400, `{"code":"00003","message":"invalid type"}`, true},
		{"the code alone", ListOptions{Type: TypePreconfigured}, 400, `{"code":"00003","message":"bad request"}`, true},
		{"another build's wording", ListOptions{Type: TypeSnapshot}, 400, `{"code":"09999","message":"Unknown image Type 'snapshot'"}`, true},
		{"a 400 about paging", ListOptions{Type: TypeBaseOS}, 400, `{"code":"02021","message":"page must be a positive integer"}`, false},
		{"a 400 with an HTML page", ListOptions{Type: TypeBaseOS}, 400, `<html>400 Bad Request</html>`, false},
		{"no type was sent", ListOptions{}, 400, `{"code":"00003","message":"invalid type"}`, false},
		{"the snapshots endpoint takes no type", ListOptions{Endpoint: EndpointSnapshots, Type: TypeSnapshot}, 400, `{"code":"00003","message":"invalid type"}`, false},
		{"404", ListOptions{Type: TypeBaseOS}, 404, `{"code":"00003","message":"invalid type"}`, false},
		{"422", ListOptions{Type: TypeBaseOS}, 422, `{"code":"00003","message":"invalid type"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := &counter{}
			c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.inc()
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}), Config{})
			_, err := c.ListImages(context.Background(), tt.opts)
			if got := IsTypeRejected(err); got != tt.want {
				t.Fatalf("IsTypeRejected(%v) = %v, want %v", err, got, tt.want)
			}
			var ae *APIError
			if !errors.As(err, &ae) || ae.Status != tt.status {
				t.Errorf("err %v does not unwrap to the APIError", err)
			}
			if calls.get() != 1 {
				t.Errorf("%d requests: a 4xx is not retried", calls.get())
			}
			var te *TypeRejectedError
			if tt.want && (!errors.As(err, &te) || te.Type != tt.opts.Type || !strings.Contains(err.Error(), "no "+string(tt.opts.Type)+" images")) {
				t.Errorf("err = %q, want a TypeRejectedError naming %s", err, tt.opts.Type)
			}
		})
	}
	if IsTypeRejected(nil) || IsTypeRejected(errors.New("invalid type")) {
		t.Error("IsTypeRejected accepts what is not an API answer")
	}
}
