package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestResolveEndpoint(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == EnvEndpoint {
				return v
			}
			return ""
		}
	}
	tests := []struct {
		name string
		flag string
		env  string
		want string
	}{
		{"nothing set gives the default", "", "", DefaultEndpoint},
		{"env beats default", "", "https://env.example/compute/v1", "https://env.example/compute/v1"},
		{"flag beats env", "https://flag.example/compute/v1", "https://env.example/compute/v1", "https://flag.example/compute/v1"},
		{"blank flag falls through to env", "  ", "https://env.example/compute/v1", "https://env.example/compute/v1"},
		{"blank env falls through to default", "", " ", DefaultEndpoint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ResolveEndpoint(tt.flag, env(tt.env)); got != tt.want {
				t.Errorf("ResolveEndpoint(%q, env=%q) = %q, want %q", tt.flag, tt.env, got, tt.want)
			}
		})
	}
}

func TestNewValidatesEndpoint(t *testing.T) {
	tests := []struct {
		name     string
		endpoint string
		want     string // normalised endpoint when no error
		wantErr  string // substring of the error
	}{
		{"empty means default", "", DefaultEndpoint, ""},
		{"trailing slash tolerated", "https://api.genesiscloud.com/compute/v1/", DefaultEndpoint, ""},
		{"http to localhost allowed", "http://localhost:8080/compute/v1", "http://localhost:8080/compute/v1", ""},
		{"http to 127.0.0.0/8 allowed", "http://127.0.0.2:9/compute/v1", "http://127.0.0.2:9/compute/v1", ""},
		{"http to ::1 allowed", "http://[::1]:8080/compute/v1", "http://[::1]:8080/compute/v1", ""},
		{"upper-case scheme and localhost", "HTTP://LOCALHOST:1/compute/v1", "http://LOCALHOST:1/compute/v1", ""},
		{"plain http to a remote host refused", "http://example.com/compute/v1", "",
			"refusing to send GENESISCLOUD_TOKEN over plain http to example.com: use https, or a loopback address for testing"},
		{"a name that merely starts with localhost is not loopback", "http://localhost.example.com/compute/v1", "", "refusing to send GENESISCLOUD_TOKEN over plain http"},
		{"private address is not loopback", "http://10.0.0.1/compute/v1", "", "refusing to send GENESISCLOUD_TOKEN over plain http to 10.0.0.1"},
		{"missing scheme", "api.genesiscloud.com/compute/v1", "", "want an absolute http or https URL"},
		{"unsupported scheme", "ftp://api.genesiscloud.com/compute/v1", "", "scheme must be http or https"},
		{"no host", "https:///compute/v1", "", "want an absolute http or https URL"},
		{"query not allowed", "https://api.genesiscloud.com/compute/v1?x=1", "", "must not have a query"},
		{"empty query not allowed", "https://api.genesiscloud.com/compute/v1?", "", "must not have a query"},
		{"credentials not echoed", "https://user:hunter2@api.genesiscloud.com/compute/v1", "", "credentials in the URL are not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(Config{Endpoint: tt.endpoint, Token: testToken})
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("New(%q) succeeded with endpoint %q, want error containing %q", tt.endpoint, c.endpoint, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("New(%q) error = %q, want it to contain %q", tt.endpoint, err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "hunter2") {
					t.Errorf("error leaks the URL password: %q", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("New(%q): %v", tt.endpoint, err)
			}
			if got := c.endpoint; got != tt.want {
				t.Errorf("Endpoint() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	tests := []struct {
		name        string
		cfg         Config
		wantPerPage int
		wantRetries int
		wantTimeout time.Duration
	}{
		{"zero config", Config{}, MaxPerPage, 4, 30 * time.Second},
		{"explicit values kept", Config{PerPage: 20, MaxRetries: 2, Timeout: time.Second}, 20, 2, time.Second},
		{"per page above the API maximum is clamped", Config{PerPage: 500}, MaxPerPage, 4, 30 * time.Second},
		{"negative retries mean none", Config{MaxRetries: -1}, MaxPerPage, 0, 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if c.PerPage() != tt.wantPerPage || c.maxRetries != tt.wantRetries || c.timeout != tt.wantTimeout {
				t.Errorf("PerPage=%d maxRetries=%d timeout=%s, want %d %d %s",
					c.PerPage(), c.maxRetries, c.timeout, tt.wantPerPage, tt.wantRetries, tt.wantTimeout)
			}
		})
	}
}

func TestNewTokenHandling(t *testing.T) {
	t.Run("token file newline is trimmed", func(t *testing.T) {
		c, err := New(Config{Token: testToken + "\n"})
		if err != nil {
			t.Fatal(err)
		}
		if c.token != testToken {
			t.Errorf("token = %q, want trimmed %q", c.token, testToken)
		}
	})
	t.Run("embedded newline refused without echoing the token", func(t *testing.T) {
		_, err := New(Config{Token: "abc\ndef-secret"})
		if err == nil || !strings.Contains(err.Error(), EnvToken) {
			t.Fatalf("err = %v, want one naming %s", err, EnvToken)
		}
		if strings.Contains(err.Error(), "def-secret") {
			t.Errorf("error echoes the token: %q", err)
		}
	})
}

func TestListImagesRequest(t *testing.T) {
	tests := []struct {
		name      string
		version   string
		opts      ListOptions
		perPage   int
		wantQuery map[string]string // "" value means the key must be absent
		wantUA    string
	}{
		{
			name:      "type page and size are sent",
			version:   "1.2.3",
			opts:      ListOptions{Type: TypeSnapshot, Page: 3, PerPage: 25},
			wantQuery: map[string]string{"type": "snapshot", "page": "3", "per_page": "25"},
			wantUA:    fmt.Sprintf("gcimg/1.2.3 (%s/%s)", runtime.GOOS, runtime.GOARCH),
		},
		{
			name:      "zero options mean all types page 1 and the client's size",
			perPage:   40,
			wantQuery: map[string]string{"type": "", "page": "1", "per_page": "40"},
			wantUA:    fmt.Sprintf("gcimg/dev (%s/%s)", runtime.GOOS, runtime.GOARCH),
		},
		{
			name:      "page size above the maximum is clamped",
			version:   "v0.1.0",
			opts:      ListOptions{Type: TypeCloudImage, PerPage: 1000},
			wantQuery: map[string]string{"type": "cloud-image", "page": "1", "per_page": "100"},
			wantUA:    fmt.Sprintf("gcimg/v0.1.0 (%s/%s)", runtime.GOOS, runtime.GOARCH),
		},
		{
			name:      "version with spaces, parens and non-ASCII is kept to one product token",
			version:   "1.0 (dirty) é",
			wantQuery: map[string]string{"page": "1"},
			wantUA:    fmt.Sprintf("gcimg/1.0dirty (%s/%s)", runtime.GOOS, runtime.GOARCH),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				mu  sync.Mutex
				got *http.Request
			)
			c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				got = r.Clone(context.Background())
				mu.Unlock()
				okPage(w, r)
			}), Config{Version: tt.version, PerPage: tt.perPage})
			if _, err := c.ListImages(context.Background(), tt.opts); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if got.Method != http.MethodGet || got.URL.Path != "/compute/v1/images" {
				t.Errorf("request = %s %s, want GET /compute/v1/images", got.Method, got.URL.Path)
			}
			q := got.URL.Query()
			for k, want := range tt.wantQuery {
				if want == "" {
					if q.Has(k) {
						t.Errorf("query has %s=%q, want it absent", k, q.Get(k))
					}
					continue
				}
				if q.Get(k) != want {
					t.Errorf("query %s = %q, want %q", k, q.Get(k), want)
				}
			}
			if h := got.Header.Get("Authorization"); h != "Bearer "+testToken {
				t.Errorf("Authorization = %q, want Bearer token", h)
			}
			if h := got.Header.Get("Accept"); h != "application/json" {
				t.Errorf("Accept = %q", h)
			}
			if h := got.Header.Get("User-Agent"); h != tt.wantUA {
				t.Errorf("User-Agent = %q, want %q", h, tt.wantUA)
			}
		})
	}
}

func TestListImagesDecoding(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		check func(t *testing.T, r *ListResponse)
	}{
		{
			name: "nullable fields and unknown fields",
			body: `{"images":[{"id":"a","name":"snap","type":"snapshot","family":null,"slug":null,"versions":null,
				"os_type":"linux","regions":["EUC-DE-MUC-1"],"created_at":"2024-03-19T16:08:40.235Z","updated_at":null,
				"brand_new_field":{"nested":[1,2]}}],"total_count":1,"page":1,"per_page":100,"trace_id":"x"}`,
			check: func(t *testing.T, r *ListResponse) {
				im := r.Images[0]
				if im.Family != nil || im.Slug != nil || im.Versions != nil {
					t.Errorf("nulls decoded as %v %v %v, want nil", im.Family, im.Slug, im.Versions)
				}
				if im.SlugOr("-") != "-" || im.CreatedAt.IsZero() || !im.UpdatedAt.IsZero() {
					t.Errorf("unexpected image %+v", im)
				}
			},
		},
		{
			name:  "images null is an empty page",
			body:  `{"images":null,"total_count":0}`,
			check: func(t *testing.T, r *ListResponse) { assertEmptyNonNil(t, r) },
		},
		{
			name:  "images absent is an empty page",
			body:  `{}`,
			check: func(t *testing.T, r *ListResponse) { assertEmptyNonNil(t, r) },
		},
		{
			name: "unknown type and region are kept",
			body: `{"images":[{"id":"b","type":"gpu-magic","regions":["XX-NEW-1"]}]}`,
			check: func(t *testing.T, r *ListResponse) {
				if r.Images[0].Type != "gpu-magic" || !r.Images[0].HasRegion("XX-NEW-1") {
					t.Errorf("got %+v", r.Images[0])
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, tt.body)
			}), Config{})
			r, err := c.ListImages(context.Background(), ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, r)
		})
	}
}

func assertEmptyNonNil(t *testing.T, r *ListResponse) {
	t.Helper()
	if r.Images == nil || len(r.Images) != 0 {
		t.Errorf("Images = %#v, want empty non-nil", r.Images)
	}
}

func TestListImagesDecodeErrors(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		body        string
		want        []string
	}{
		{"truncated JSON", "application/json", `{"images":[{"id":"a","name":"x`, []string{"page 2", "/compute/v1/images", "truncated JSON"}},
		{"malformed JSON", "application/json", `{"images":[{"id":"a",,]}`, []string{"page 2", "malformed JSON"}},
		{"wrong JSON shape", "application/json", `{"images":{"id":"a"}}`, []string{"page 2", "unexpected JSON"}},
		{"HTML on a 200", "text/html", "<html><body><h1>Sign in to the hotel wifi</h1></body></html>", []string{"not JSON (Content-Type text/html)", "Sign in to the hotel wifi"}},
		{"empty body", "application/json", "", []string{"empty response body"}},
		{"a JSON array is not a page", "application/json", `[]`, []string{"not JSON"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := &counter{}
			c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.inc()
				w.Header().Set("Content-Type", tt.contentType)
				fmt.Fprint(w, tt.body)
			}), Config{})
			_, err := c.ListImages(context.Background(), ListOptions{Page: 2})
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v (%T), want *DecodeError", err, err)
			}
			if de.Page != 2 {
				t.Errorf("DecodeError.Page = %d, want 2", de.Page)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			// A garbled 200 is retried like a 5xx (bounded), then reported.
			if calls.get() != 1+defaultMaxRetries {
				t.Errorf("%d requests, want %d: a bad body is retried like a 5xx", calls.get(), 1+defaultMaxRetries)
			}
			if want := fmt.Sprintf("gave up after %d attempts", 1+defaultMaxRetries); !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		})
	}
}

func TestListImagesBodyIsBounded(t *testing.T) {
	// The server streams forever; the client must stop at the bound.
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"images":[`)
		chunk := []byte(strings.Repeat(`{"id":"x","name":"padding"},`, 100))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}), Config{})
	c.maxBody = 64 << 10
	start := time.Now()
	_, err := c.ListImages(context.Background(), ListOptions{})
	var de *DecodeError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "response larger than 64 KiB") {
		t.Fatalf("err = %v, want a DecodeError saying the response is larger than 64 KiB", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("took %s to give up on an endless body", time.Since(start))
	}
	if got := (&tooLargeError{limit: maxBodyBytes}).Error(); got != "response larger than 32 MiB" {
		t.Errorf("default bound reads %q", got)
	}
}

func TestErrorBodyIsReadOnlyForItsExcerpt(t *testing.T) {
	// An error body is only excerpted, so the client reads at most
	// maxErrorBodyBytes of it, not the full success bound. The server
	// counts what it managed to write before the client hung up; socket
	// buffers absorb a few MiB, far below the 32 MiB success bound.
	var written atomic.Int64
	done := make(chan struct{})
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(done)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadRequest)
		chunk := bytes.Repeat([]byte("<p>bad</p>"), 6<<10)
		for written.Load() < 2*maxBodyBytes {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}), Config{MaxRetries: -1})
	_, err := c.ListImages(context.Background(), ListOptions{})
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != http.StatusBadRequest {
		t.Fatalf("err = %v, want a 400 APIError", err)
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the server is still writing: the client never hung up")
	}
	if n := written.Load(); n >= maxBodyBytes/2 {
		t.Errorf("the server wrote %d bytes before the client stopped reading, want far fewer than %d", n, maxBodyBytes)
	}
}

func TestDebugNeverContainsToken(t *testing.T) {
	calls := &counter{}
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch calls.inc() {
		case 1:
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		case 2:
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			// A misbehaving proxy that echoes the request headers.
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprintf(w, "bad header: Authorization: %s", r.Header.Get("Authorization"))
		}
	}), Config{})
	var (
		mu    sync.Mutex
		lines []string
	)
	c.debug = func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, fmt.Sprintf(format, args...))
	}
	_, err := c.ListImages(context.Background(), ListOptions{Type: TypeBaseOS})
	if !IsAuth(err) {
		t.Fatalf("err = %v, want auth error", err)
	}
	if strings.Contains(err.Error(), testToken) {
		t.Errorf("error message contains the token: %q", err)
	}
	mu.Lock()
	defer mu.Unlock()
	all := strings.Join(lines, "\n")
	if strings.Contains(all, testToken) {
		t.Errorf("debug output contains the token:\n%s", all)
	}
	for _, want := range []string{"GET http", "type=base-os", "429 Too Many Requests", "attempt 1", "retrying in 1s", "503 Service Unavailable", "401 Unauthorized"} {
		if !strings.Contains(all, want) {
			t.Errorf("debug output lacks %q:\n%s", want, all)
		}
	}
}

// redirectTarget records what a redirect destination received.
type redirectTarget struct {
	srv  *httptest.Server
	mu   sync.Mutex
	hits int
	auth string
}

func newRedirectTarget(t *testing.T) *redirectTarget {
	rt := &redirectTarget{}
	rt.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rt.mu.Lock()
		rt.hits++
		rt.auth = r.Header.Get("Authorization")
		rt.mu.Unlock()
		okPage(w, r)
	}))
	t.Cleanup(rt.srv.Close)
	return rt
}

// wantOneHitWithoutAuth checks that the redirect reached the target once
// and without the token; why is appended to the failure.
func (rt *redirectTarget) wantOneHitWithoutAuth(t *testing.T, why string) {
	t.Helper()
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.hits != 1 || rt.auth != "" {
		t.Errorf("target hits=%d Authorization=%q, want 1 hit without Authorization%s", rt.hits, rt.auth, why)
	}
}

func TestRedirects(t *testing.T) {
	t.Run("to another host drops Authorization", func(t *testing.T) {
		target := newRedirectTarget(t)
		// Same port, different name: Go alone would strip here too, so
		// check the other-port case below as well.
		other := strings.Replace(target.srv.URL, "127.0.0.1", "localhost", 1)
		c, _, _ := newTestClient(t, http.RedirectHandler(other+"/compute/v1/images", http.StatusFound), Config{})
		if _, err := c.ListImages(context.Background(), ListOptions{}); err != nil {
			t.Fatal(err)
		}
		target.wantOneHitWithoutAuth(t, "")
	})
	t.Run("to another port on the same host drops Authorization", func(t *testing.T) {
		target := newRedirectTarget(t)
		c, _, _ := newTestClient(t, http.RedirectHandler(target.srv.URL+"/compute/v1/images", http.StatusMovedPermanently), Config{})
		if _, err := c.ListImages(context.Background(), ListOptions{}); err != nil {
			t.Fatal(err)
		}
		target.wantOneHitWithoutAuth(t, " (Go's default keeps it across ports)")
	})
	t.Run("within the same host keeps Authorization", func(t *testing.T) {
		var (
			mu   sync.Mutex
			auth string
		)
		c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/compute/v1/images" {
				http.Redirect(w, r, "/compute/v1/images/", http.StatusFound)
				return
			}
			mu.Lock()
			auth = r.Header.Get("Authorization")
			mu.Unlock()
			okPage(w, r)
		}), Config{})
		if _, err := c.ListImages(context.Background(), ListOptions{}); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		defer mu.Unlock()
		if auth != "Bearer "+testToken {
			t.Errorf("Authorization after same-host redirect = %q", auth)
		}
	})
	t.Run("https to http downgrade is refused", func(t *testing.T) {
		target := newRedirectTarget(t)
		tlsSrv := httptest.NewTLSServer(http.RedirectHandler(target.srv.URL+"/compute/v1/images", http.StatusFound))
		t.Cleanup(tlsSrv.Close)
		rec := &sleepRecorder{}
		c, err := New(Config{Endpoint: tlsSrv.URL + "/compute/v1", Token: testToken, HTTPClient: tlsSrv.Client(), Sleep: rec.Sleep})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ListImages(context.Background(), ListOptions{})
		if err == nil || !strings.Contains(err.Error(), "refusing to follow a redirect") {
			t.Fatalf("err = %v, want a refused redirect", err)
		}
		target.mu.Lock()
		defer target.mu.Unlock()
		if target.hits != 0 {
			t.Errorf("plain http target was hit %d times", target.hits)
		}
		if len(rec.Waits()) != 0 {
			t.Errorf("a refused redirect was retried: waits %v", rec.Waits())
		}
	})
	t.Run("a supplied client keeps its own policy and is not modified", func(t *testing.T) {
		target := newRedirectTarget(t)
		var called int
		user := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
			called++
			return http.ErrUseLastResponse
		}}
		before := fmt.Sprintf("%p", user.CheckRedirect)
		srv := httptest.NewServer(http.RedirectHandler(target.srv.URL+"/compute/v1/images", http.StatusFound))
		t.Cleanup(srv.Close)
		c, err := New(Config{Endpoint: srv.URL + "/compute/v1", Token: testToken, HTTPClient: user, Sleep: (&sleepRecorder{}).Sleep})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ListImages(context.Background(), ListOptions{})
		var ae *APIError
		if !errors.As(err, &ae) || ae.Status != http.StatusFound {
			t.Fatalf("err = %v, want the 302 surfaced because the user's policy stops redirects", err)
		}
		if called != 1 {
			t.Errorf("user CheckRedirect called %d times, want 1", called)
		}
		if fmt.Sprintf("%p", user.CheckRedirect) != before {
			t.Error("the caller's http.Client was modified")
		}
		user.CloseIdleConnections()
	})
}

func TestProtectRedirectsChain(t *testing.T) {
	mk := func(u string) *http.Request {
		r, _ := http.NewRequest(http.MethodGet, u, nil)
		r.Header.Set("Authorization", "Bearer x")
		return r
	}
	check := protectRedirects(nil)
	tests := []struct {
		name     string
		chain    []string // via..., then the next request
		wantAuth bool
		wantErr  bool
	}{
		{"same host", []string{"https://a.example/x", "https://a.example/y"}, true, false},
		{"subdomain counts as another host", []string{"https://example.com/x", "https://api.example.com/y"}, false, false},
		{"back to the original host after leaving stays stripped", []string{"https://a.example/x", "https://b.example/y", "https://a.example/z"}, false, false},
		{"http upgraded to https on the same host", []string{"http://localhost:1/x", "https://localhost:1/y"}, true, false},
		{"https downgraded to http refused", []string{"https://a.example/x", "http://a.example/y"}, false, true},
		{"downgrade later in the chain refused", []string{"https://a.example/x", "https://a.example/y", "http://a.example/z"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var via []*http.Request
			for _, u := range tt.chain[:len(tt.chain)-1] {
				via = append(via, mk(u))
			}
			next := mk(tt.chain[len(tt.chain)-1])
			err := check(next, via)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if got := next.Header.Get("Authorization") != ""; got != tt.wantAuth {
				t.Errorf("Authorization kept = %v, want %v", got, tt.wantAuth)
			}
		})
	}
	t.Run("ten redirects is the limit", func(t *testing.T) {
		var via []*http.Request
		for range 10 {
			via = append(via, mk("https://a.example/x"))
		}
		if err := check(mk("https://a.example/y"), via); err == nil {
			t.Error("11th hop allowed")
		}
	})
}
