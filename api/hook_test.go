package api

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// hookRecorder collects retry notices; it is safe for concurrent calls.
type hookRecorder struct {
	mu  sync.Mutex
	got []Retry
}

func (h *hookRecorder) hook(r Retry) {
	h.mu.Lock()
	h.got = append(h.got, r)
	h.mu.Unlock()
}

func (h *hookRecorder) notices() []Retry {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Retry(nil), h.got...)
}

// TestRetryHook: a caller sees each retry as it is scheduled, with what
// is retried, which attempt of how many, the wait and the reason, in
// the same words the debug log uses.
func TestRetryHook(t *testing.T) {
	type want struct {
		attempt, max int
		status       int
		reason       string
		wait         time.Duration // exact when the server set Retry-After, else 0
	}
	truncated := func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"images":[{"id":"a"`)
	}
	tests := []struct {
		name    string
		opts    ListOptions
		replies []func(w http.ResponseWriter) // the last one is a success
		want    []want
		line    string // String() of the first notice, with the wait replaced by W
	}{
		{
			name: "5xx then 429 with Retry-After",
			opts: ListOptions{Type: TypeSnapshot, Page: 3},
			replies: []func(http.ResponseWriter){
				func(w http.ResponseWriter) { writeJSON(w, 500, map[string]string{"message": "boom"}) },
				func(w http.ResponseWriter) { w.Header().Set("Retry-After", "2"); writeJSON(w, 429, nil) },
			},
			want: []want{{2, 5, 500, "500 Internal Server Error", 0}, {3, 5, 429, "429 Too Many Requests", 2 * time.Second}},
			line: "retrying page 3 of snapshot images (2/5) in W: 500 Internal Server Error",
		},
		{
			name:    "a truncated 200 is retried and said so",
			opts:    ListOptions{Endpoint: EndpointSnapshots, Page: 2},
			replies: []func(http.ResponseWriter){truncated},
			want:    []want{{2, 5, 0, "truncated body", 0}},
			line:    "retrying page 2 of the snapshots endpoint (2/5) in W: truncated body",
		},
		{
			name: "an HTML page on a 200 is retried",
			opts: ListOptions{},
			replies: []func(http.ResponseWriter){func(w http.ResponseWriter) {
				w.Header().Set("Content-Type", "text/html")
				fmt.Fprint(w, "<html>portal</html>")
			}},
			want: []want{{2, 5, 0, "body not JSON", 0}},
			line: "retrying page 1 of images (2/5) in W: body not JSON",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := &counter{}
			c, _, rec := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := calls.inc()
				if n <= len(tt.replies) {
					tt.replies[n-1](w)
					return
				}
				if strings.HasSuffix(r.URL.Path, "/snapshots") {
					writeJSON(w, 200, SnapshotList{Snapshots: []Snapshot{}})
					return
				}
				okPage(w, r)
			}), Config{})
			h := &hookRecorder{}
			if _, err := c.ListImages(WithRetryHook(context.Background(), h.hook), tt.opts); err != nil {
				t.Fatal(err)
			}
			got, waits := h.notices(), rec.Waits()
			if len(got) != len(tt.want) || len(waits) != len(tt.want) {
				t.Fatalf("%d notices and %d waits, want %d: %+v", len(got), len(waits), len(tt.want), got)
			}
			src := tt.opts.Source()
			for i, w := range tt.want {
				g := got[i]
				if g.Endpoint != src.Endpoint || g.Type != src.Type || g.Page != max(tt.opts.Page, 1) {
					t.Errorf("notice %d is about %s %q page %d, want %s %q page %d", i, g.Endpoint, g.Type, g.Page, src.Endpoint, src.Type, max(tt.opts.Page, 1))
				}
				if g.Attempt != w.attempt || g.MaxAttempts != w.max || g.Status != w.status || g.Reason != w.reason {
					t.Errorf("notice %d = attempt %d/%d status %d reason %q, want %d/%d %d %q", i, g.Attempt, g.MaxAttempts, g.Status, g.Reason, w.attempt, w.max, w.status, w.reason)
				}
				if g.Wait != waits[i] || (w.wait != 0 && g.Wait != w.wait) {
					t.Errorf("notice %d says wait %s; the client waited %s (want %s)", i, g.Wait, waits[i], w.wait)
				}
				if g.Err == nil {
					t.Errorf("notice %d has no error", i)
				}
			}
			if line := strings.Replace(got[0].String(), roundWait(got[0].Wait).String(), "W", 1); line != tt.line {
				t.Errorf("String() = %q, want %q", line, tt.line)
			}
		})
	}
}

// A failure with its own smaller budget announces that smaller maximum.
func TestRetryHookMaxFollowsTheBudget(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c, err := New(Config{Endpoint: "http://" + addr + "/compute/v1", Token: testToken, Sleep: (&sleepRecorder{}).Sleep})
	if err != nil {
		t.Fatal(err)
	}
	h := &hookRecorder{}
	_, err = c.ListImages(WithRetryHook(context.Background(), h.hook), ListOptions{})
	if err == nil {
		t.Fatal("a refused connection succeeded")
	}
	got := h.notices()
	if len(got) != 2 || got[0].MaxAttempts != 3 || got[1].Attempt != 3 || got[1].MaxAttempts != 3 || got[0].Reason != "connection refused" || got[0].Status != 0 {
		t.Errorf("notices %+v, want attempts 2/3 and 3/3 for a refused connection", got)
	}
}

func TestRetryHooksChainAndNilIsIgnored(t *testing.T) {
	calls := &counter{}
	c, _, _ := newTestClient(t, scripted(calls, step{503, ""}, step{200, ""}), Config{})
	var order []string
	ctx := WithRetryHook(context.Background(), func(Retry) { order = append(order, "outer") })
	ctx = WithRetryHook(ctx, nil)
	ctx = WithRetryHook(ctx, func(Retry) { order = append(order, "inner") })
	if _, err := c.ListImages(ctx, ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(order, ",") != "outer,inner" {
		t.Errorf("hooks ran %v, want outer then inner", order)
	}
}

// No notice for what is not retried, and none after the last attempt.
func TestRetryHookQuietWithoutRetries(t *testing.T) {
	for _, tt := range []struct {
		name  string
		steps []step
	}{
		{"success", []step{{200, ""}}},
		{"401", []step{{401, ""}}},
		{"400", []step{{400, ""}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := newTestClient(t, scripted(&counter{}, tt.steps...), Config{})
			h := &hookRecorder{}
			_, _ = c.ListImages(WithRetryHook(context.Background(), h.hook), ListOptions{})
			if n := len(h.notices()); n != 0 {
				t.Errorf("%d notices, want none", n)
			}
		})
	}
	c, _, _ := newTestClient(t, scripted(&counter{}, step{503, ""}), Config{MaxRetries: 2})
	h := &hookRecorder{}
	_, err := c.ListImages(WithRetryHook(context.Background(), h.hook), ListOptions{})
	if n := len(h.notices()); err == nil || n != 2 {
		t.Errorf("err %v, %d notices for 3 failed attempts, want 2", err, n)
	}
}

// TestBadBodyRetries: a garbled 200 is retried like a 5xx and, if it
// stays garbled, reported as a DecodeError that says how often it was
// tried; an oversized body is not retried (it would come back the same).
func TestBadBodyRetries(t *testing.T) {
	t.Run("truncated once", func(t *testing.T) {
		calls := &counter{}
		c, _, rec := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if calls.inc() == 1 {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, `{"images":[{"id":"a","na`)
				return
			}
			writeJSON(w, 200, ListResponse{Images: []Image{img("a")}})
		}), Config{})
		lr, err := c.ListImages(context.Background(), ListOptions{})
		if err != nil || len(lr.Images) != 1 || calls.get() != 2 || len(rec.Waits()) != 1 {
			t.Fatalf("err %v, %d calls, waits %v: want the page on the second attempt", err, calls.get(), rec.Waits())
		}
	})
	t.Run("always truncated", func(t *testing.T) {
		calls := &counter{}
		c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			calls.inc()
			fmt.Fprint(w, `{"snapshots":[`)
		}), Config{MaxRetries: 2})
		_, err := c.ListSnapshots(context.Background(), ListOptions{Page: 4})
		var de *DecodeError
		if !errors.As(err, &de) || de.Endpoint != EndpointSnapshots || de.Page != 4 || calls.get() != 3 {
			t.Fatalf("err %v after %d calls, want a DecodeError for page 4 of /snapshots after 3", err, calls.get())
		}
		for _, w := range []string{"page 4 of the snapshots list", "truncated JSON", "gave up after 3 attempts"} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q does not say %q", err, w)
			}
		}
	})
	t.Run("too large is final", func(t *testing.T) {
		calls := &counter{}
		c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			calls.inc()
			fmt.Fprint(w, `{"images":[],"padding":"`+strings.Repeat("x", 2048)+`"}`)
		}), Config{})
		c.maxBody = 1024
		_, err := c.ListImages(context.Background(), ListOptions{})
		if !strings.Contains(fmt.Sprint(err), "larger than 1 KiB") || calls.get() != 1 {
			t.Errorf("err %v after %d calls, want one attempt", err, calls.get())
		}
	})
}
