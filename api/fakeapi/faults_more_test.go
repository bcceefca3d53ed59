package fakeapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
)

// Tests of the faults that outlast one request or shape a body in time:
// FailPages, Delay, StallBody, HugeBody, EmptyFrom, EchoAuth, Times, and
// Retry-After on every injected status.

func TestFailPages(t *testing.T) {
	s := New(Options{Images: Generate(30, 1)})
	pages := map[int]int{2: 502}
	s.SetFaults(Faults{FailPages: pages})
	pages[1] = 500 // the server keeps its own copy

	list(t, s, "?per_page=10&page=1")
	for range 3 {
		if e := wantError(t, do(t, s, http.MethodGet, "/compute/v1/images?per_page=10&page=2", nil), http.StatusBadGateway); e.Code != "05002" {
			t.Errorf("code %s, want 05002", e.Code)
		}
	}
	list(t, s, "?per_page=10&page=3")
	// Auth comes first: a bad token is still a 401 on a failing page.
	wantError(t, do(t, s, http.MethodGet, "/compute/v1/images?per_page=10&page=2", http.Header{}), http.StatusUnauthorized)

	s.SetFaults(Faults{})
	list(t, s, "?per_page=10&page=2")
}

func TestRetryAfterOnEveryInjectedStatusWhenSet(t *testing.T) {
	s := New(Options{Images: Generate(5, 1)})
	// By default only 429 and 503 carry it.
	s.SetFaults(Faults{FailAlways: 500})
	if got := do(t, s, http.MethodGet, "/compute/v1/images", nil).Header().Get("Retry-After"); got != "" {
		t.Errorf("500 carries Retry-After %q without Faults.RetryAfter", got)
	}
	for _, f := range []Faults{
		{FailAlways: 500, RetryAfter: "0"},
		{FailOnce: map[int]int{1: 502}, RetryAfter: "0"},
		{FailPages: map[int]int{1: 504}, RetryAfter: "0"},
		{HTMLError: 502, RetryAfter: "0"},
		{RateLimit: 1, RetryAfter: "0"},
	} {
		s.SetFaults(f)
		rec := do(t, s, http.MethodGet, "/compute/v1/images", nil)
		if rec.Code < 400 || rec.Header().Get("Retry-After") != "0" {
			t.Errorf("%+v: status %d, Retry-After %q; want an error with Retry-After 0", f, rec.Code, rec.Header().Get("Retry-After"))
		}
	}
}

func TestDelay(t *testing.T) {
	s := New(Options{Images: Generate(5, 1)})
	s.SetFaults(Faults{Delay: 60 * time.Millisecond})
	start := time.Now()
	list(t, s, "")
	if took := time.Since(start); took < 60*time.Millisecond {
		t.Errorf("answered after %s, want at least the 60ms delay", took)
	}
	// Errors are not delayed: the delay is the listing's.
	s.SetFaults(Faults{Delay: time.Hour})
	wantError(t, do(t, s, http.MethodGet, "/compute/v1/images", http.Header{}), http.StatusUnauthorized)
}

func TestDelayLongerThanTheClientTimeout(t *testing.T) {
	run, c := start(t, Options{Images: Generate(5, 1)})
	run.Server.SetFaults(Faults{Delay: time.Hour})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	resp, err := get(ctx, c, run.URL+"/images")
	if err == nil {
		resp.Body.Close()
		t.Fatalf("status %d, want the client to give up", resp.StatusCode)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the client's deadline", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("gave up after %s", took)
	}
	// The handler leaves with the client (Close, in cleanup, would hang
	// otherwise) and logs no status: nothing was sent.
	if reqs := run.Server.Requests(); len(reqs) != 1 || reqs[0].Status != 0 {
		t.Errorf("log %+v, want one request with no status", reqs)
	}
}

func TestStallBodyOverTheWire(t *testing.T) {
	run, c := start(t, Options{Images: Generate(20, 1)})
	run.Server.SetFaults(Faults{StallBody: time.Hour})
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	resp, err := get(ctx, c, run.URL+"/images")
	if err != nil {
		t.Fatalf("headers should arrive before the stall: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.ContentLength <= 0 {
		t.Fatalf("status %d, Content-Length %d", resp.StatusCode, resp.ContentLength)
	}
	body, err := io.ReadAll(resp.Body)
	if err == nil {
		t.Fatalf("read the whole body (%d bytes) through an hour's stall", len(body))
	}
	if int64(len(body)) != resp.ContentLength/2 {
		t.Errorf("read %d bytes before the stall, want half of %d", len(body), resp.ContentLength)
	}

	// With a short stall the body completes and decodes.
	run.Server.SetFaults(Faults{StallBody: 20 * time.Millisecond})
	resp2, err := get(t.Context(), c, run.URL+"/images")
	if err != nil {
		t.Fatal(err)
	}
	defer resp2.Body.Close()
	var page api.ListResponse
	if err := json.NewDecoder(resp2.Body).Decode(&page); err != nil || len(page.Images) != 20 {
		t.Errorf("after a short stall: %d images, err %v", len(page.Images), err)
	}
}

func TestHugeBody(t *testing.T) {
	catalog := Generate(3, 1)
	s := New(Options{Images: catalog})
	s.SetFaults(Faults{HugeBody: 2})
	rec := do(t, s, http.MethodGet, "/compute/v1/images", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	if n := rec.Body.Len(); n < 2<<20 || n > 2<<20+64<<10 {
		t.Errorf("body of %d bytes, want about 2 MiB", n)
	}
	if cl, _ := strconv.Atoi(rec.Header().Get("Content-Length")); cl != rec.Body.Len() {
		t.Errorf("Content-Length %d for %d bytes", cl, rec.Body.Len())
	}
	// It is a valid listing with one unknown field: only its size is wrong.
	var page api.ListResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if !reflect.DeepEqual(ids(page.Images), ids(catalog)) || page.TotalCount != 3 {
		t.Errorf("decoded %v total %d, want the catalog", ids(page.Images), page.TotalCount)
	}
}

func TestHugeBodyStopsWhenTheClientDoes(t *testing.T) {
	run, c := start(t, Options{Images: Generate(3, 1)})
	run.Server.SetFaults(Faults{HugeBody: 1024}) // a GiB, never sent in full
	resp, err := get(t.Context(), c, run.URL+"/images")
	if err != nil {
		t.Fatal(err)
	}
	if resp.ContentLength <= 1<<30 {
		t.Fatalf("Content-Length %d", resp.ContentLength)
	}
	if _, err := io.CopyN(io.Discard, resp.Body, 1<<20); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close() // the handler must notice and return, or Close hangs
}

func TestEmptyFrom(t *testing.T) {
	catalog := Generate(30, 1)
	s := New(Options{Images: catalog})
	s.SetFaults(Faults{EmptyFrom: 2})
	if resp := list(t, s, "?per_page=10&page=1"); len(resp.Images) != 10 {
		t.Errorf("page 1 has %d images, want 10", len(resp.Images))
	}
	for page := 2; page <= 4; page++ {
		resp := list(t, s, fmt.Sprintf("?per_page=10&page=%d", page))
		if len(resp.Images) != 0 || resp.TotalCount != 30 {
			t.Errorf("page %d: %d images, total_count %d; want none and the real 30", page, len(resp.Images), resp.TotalCount)
		}
	}
	s.SetFaults(Faults{EmptyFrom: 1})
	rec := do(t, s, http.MethodGet, "/compute/v1/images", nil)
	if !strings.Contains(rec.Body.String(), `"images":[]`) {
		t.Errorf("an empty page is not an empty array: %s", rec.Body)
	}
}

func TestEchoAuth(t *testing.T) {
	const secret = "Bearer " + DemoToken
	s := New(Options{Images: Generate(3, 1)})
	s.SetFaults(Faults{EchoAuth: true, FailAlways: 500})
	if e := wantError(t, do(t, s, http.MethodGet, "/compute/v1/images", nil), 500); !strings.Contains(e.Message, secret) {
		t.Errorf("500 message %q does not echo the header", e.Message)
	}
	s.SetFaults(Faults{EchoAuth: true, HTMLError: 200})
	if rec := do(t, s, http.MethodGet, "/compute/v1/images", nil); !strings.Contains(rec.Body.String(), secret) {
		t.Errorf("HTML page %q does not echo the header", rec.Body)
	}
	s.SetFaults(Faults{EchoAuth: true})
	bad := http.Header{"Authorization": {"Bearer wrong-token"}}
	if e := wantError(t, do(t, s, http.MethodGet, "/compute/v1/images", bad), 401); !strings.Contains(e.Message, "wrong-token") {
		t.Errorf("401 message %q does not echo the header", e.Message)
	}
	if e := wantError(t, do(t, s, http.MethodGet, "/elsewhere", nil), 404); !strings.Contains(e.Message, secret) {
		t.Errorf("404 message %q does not echo the header", e.Message)
	}
	list(t, s, "") // listings are untouched
}

func TestTimesLimitsTheFaults(t *testing.T) {
	s := New(Options{Images: Generate(20, 1)})
	s.SetFaults(Faults{MalformedJSON: true, Times: 2})
	for i := range 2 {
		rec := do(t, s, http.MethodGet, "/compute/v1/images", nil)
		if json.Valid(rec.Body.Bytes()) {
			t.Errorf("response %d is valid JSON, want the fault", i+1)
		}
	}
	list(t, s, "")
	list(t, s, "")

	// Errors do not use up a listing fault.
	s.SetFaults(Faults{HugeBody: 1, Times: 1})
	wantError(t, do(t, s, http.MethodGet, "/compute/v1/images", http.Header{}), http.StatusUnauthorized)
	if rec := do(t, s, http.MethodGet, "/compute/v1/images", nil); rec.Body.Len() < 1<<20 {
		t.Errorf("first listing is %d bytes, want the huge one", rec.Body.Len())
	}
	list(t, s, "")

	// HTMLError counts too; SetFaults re-arms the count.
	for range 2 {
		s.SetFaults(Faults{HTMLError: 502, Times: 1})
		if rec := do(t, s, http.MethodGet, "/compute/v1/images", nil); rec.Code != http.StatusBadGateway {
			t.Errorf("status %d, want the HTML 502 once", rec.Code)
		}
		list(t, s, "")
	}
}

func TestSetFaultsCopiesItsMaps(t *testing.T) {
	// The caller may reuse the maps after SetFaults; the armed faults
	// must not change with them.
	s := New(Options{Images: Generate(20, 1)})
	once := map[int]int{1: http.StatusBadGateway}
	pages := map[int]int{2: http.StatusServiceUnavailable}
	s.SetFaults(Faults{FailOnce: once, FailPages: pages})
	clear(once)
	clear(pages)
	wantError(t, do(t, s, http.MethodGet, "/compute/v1/images?page=1&per_page=5", nil), http.StatusBadGateway)
	wantError(t, do(t, s, http.MethodGet, "/compute/v1/images?page=2&per_page=5", nil), http.StatusServiceUnavailable)
}
