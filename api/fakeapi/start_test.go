package fakeapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
)

// start runs a server for the test and a client whose idle connections are
// closed afterwards, so goleak sees nothing left.
func start(t *testing.T, opts Options) (*Running, *http.Client) {
	t.Helper()
	run, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{}
	t.Cleanup(func() {
		if err := run.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		tr.CloseIdleConnections()
	})
	return run, &http.Client{Transport: tr}
}

func get(ctx context.Context, c *http.Client, target string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+DemoToken)
	return c.Do(req)
}

func TestStart(t *testing.T) {
	run, c := start(t, Options{})
	u, err := url.Parse(run.URL)
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "http" || u.Hostname() != "127.0.0.1" || u.Port() == "" || u.Path != "/compute/v1" {
		t.Fatalf("URL %q: want http://127.0.0.1:<port>/compute/v1", run.URL)
	}
	resp, err := get(t.Context(), c, run.URL+"/images?type=snapshot&per_page=100")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var page api.ListResponse
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || len(page.Images) != 100 || page.TotalCount < 300 {
		t.Errorf("status %d, %d images, total %d", resp.StatusCode, len(page.Images), page.TotalCount)
	}
	if got := run.Server.Requests(); len(got) != 1 || got[0] != (Request{Endpoint: "images", Type: "snapshot", Page: 1, PerPage: 100, Status: 200}) {
		t.Errorf("log %+v", got)
	}
}

func TestCloseStopsServingAndIsIdempotent(t *testing.T) {
	run, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := run.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	if resp, err := get(t.Context(), &http.Client{Transport: tr}, run.URL+"/images"); err == nil {
		resp.Body.Close()
		t.Fatal("request succeeded after Close")
	}
}

func TestCloseCancelsLatency(t *testing.T) {
	run, err := Start(Options{Latency: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	errc := make(chan error, 1)
	go func() {
		resp, err := get(context.Background(), &http.Client{Transport: tr}, run.URL+"/images")
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	for run.Server.RequestCount() == 0 {
		time.Sleep(time.Millisecond)
	}
	closed := make(chan error, 1)
	go func() { closed <- run.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Errorf("Close: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited for the latency")
	}
	if err := <-errc; err == nil {
		t.Error("in-flight request succeeded after Close")
	}
}

func TestClientTimeoutDuringLatency(t *testing.T) {
	run, c := start(t, Options{Latency: time.Hour})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if resp, err := get(ctx, c, run.URL+"/images"); !errors.Is(err, context.DeadlineExceeded) {
		if err == nil {
			resp.Body.Close()
		}
		t.Fatalf("err %v, want deadline exceeded", err)
	}
	// The handler notices the dropped connection and gives up.
	deadline := time.Now().Add(5 * time.Second)
	for {
		r := run.Server.Requests()
		if len(r) == 1 && r[0].Status == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("log %+v", r)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestCutMidBodyOverTheWire(t *testing.T) {
	run, c := start(t, Options{})
	run.Server.SetFaults(Faults{CutMidBody: true})
	resp, err := get(t.Context(), c, run.URL+"/images")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.ContentLength <= 0 {
		t.Fatalf("status %d, Content-Length %d", resp.StatusCode, resp.ContentLength)
	}
	body, err := io.ReadAll(resp.Body)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("read %d of %d bytes, err %v; want unexpected EOF", len(body), resp.ContentLength, err)
	}
	if int64(len(body)) != resp.ContentLength/2 {
		t.Errorf("read %d bytes, want half of %d", len(body), resp.ContentLength)
	}

	// The next request, on a new connection, is fine once the fault is off.
	run.Server.SetFaults(Faults{})
	resp2, err := get(t.Context(), c, run.URL+"/images")
	if err != nil {
		t.Fatal(err)
	}
	defer resp2.Body.Close()
	if _, err := io.Copy(io.Discard, resp2.Body); err != nil || resp2.StatusCode != 200 {
		t.Errorf("after clearing the fault: status %d, err %v", resp2.StatusCode, err)
	}
}

func TestHTMLErrorOverTheWire(t *testing.T) {
	run, c := start(t, Options{})
	run.Server.SetFaults(Faults{HTMLError: 502})
	resp, err := get(t.Context(), c, run.URL+"/images")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 502 || !strings.Contains(string(body), "502 Bad Gateway") {
		t.Errorf("status %d body %q", resp.StatusCode, body)
	}
}

func TestResetOverTheWire(t *testing.T) {
	run, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = run.Close() })
	// A new connection for every request: on a reused one Go's transport
	// would re-send the GET itself and the test would see the second try.
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	run.Server.SetFaults(Faults{Reset: true, Times: 1})
	resp, err := get(t.Context(), c, run.URL+"/images")
	if err == nil {
		resp.Body.Close()
		t.Fatalf("status %d; want the connection reset", resp.StatusCode)
	}
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("err %v; want ECONNRESET", err)
	}
	// Times used up: the next request is answered.
	resp, err = get(t.Context(), c, run.URL+"/images")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil || resp.StatusCode != 200 {
		t.Errorf("after the reset: status %d, err %v", resp.StatusCode, err)
	}
	if log := run.Server.Requests(); len(log) != 2 || log[0].Status != 0 || log[1].Status != 200 {
		t.Errorf("request log %+v; want the reset with status 0, then 200", log)
	}
}

func TestResetWithoutHijack(t *testing.T) {
	s := New(Options{Images: Generate(5, 1)})
	s.SetFaults(Faults{Reset: true})
	defer func() {
		if r := recover(); r != http.ErrAbortHandler {
			t.Errorf("recovered %v; want http.ErrAbortHandler, which net/http turns into a dropped connection", r)
		}
	}()
	do(t, s, http.MethodGet, "/compute/v1/images", nil)
}
