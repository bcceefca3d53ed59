package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain fails the package if any test leaves a goroutine behind: a
// retry loop or body read that outlives its request would show up here.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

const testToken = "s3cret-test-token-0123456789"

// sleepRecorder is a fake Config.Sleep: it records each wait and returns
// at once, so retry tests assert durations without sleeping.
type sleepRecorder struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleepRecorder) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleepRecorder) Waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// newTestClient starts an httptest server for h and a Client pointed at
// it with a fake sleep. cfg's Endpoint is overwritten; a zero Token gets
// testToken.
func newTestClient(t *testing.T, h http.Handler, cfg Config) (*Client, *httptest.Server, *sleepRecorder) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	rec := &sleepRecorder{}
	cfg.Endpoint = srv.URL + "/compute/v1"
	if cfg.Token == "" {
		cfg.Token = testToken
	}
	if cfg.Sleep == nil {
		cfg.Sleep = rec.Sleep
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, srv, rec
}

// counter counts requests safely across handler goroutines.
type counter struct {
	mu sync.Mutex
	n  int
}

func (c *counter) inc() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return c.n
}

func (c *counter) get() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// img builds a minimal image with the given ID.
func img(id string) Image {
	return Image{ID: id, Name: "image " + id, Type: TypeSnapshot, OSType: OSLinux}
}

func ids(prefix string, from, to int) []Image {
	var out []Image
	for i := from; i <= to; i++ {
		out = append(out, img(fmt.Sprintf("%s%03d", prefix, i)))
	}
	return out
}

func imageIDs(ims []Image) []string {
	out := make([]string, len(ims))
	for i, im := range ims {
		out[i] = im.ID
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func queryInt(r *http.Request, key string) int {
	n, _ := strconv.Atoi(r.URL.Query().Get(key))
	return n
}

// okPage answers any request with an empty catalog page.
func okPage(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, ListResponse{Images: []Image{}, Page: queryInt(r, "page"), PerPage: queryInt(r, "per_page")})
}
