package api

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fixedNow is the clock the client sees in Retry-After date tests.
var fixedNow = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// step is one scripted server reply; the last step repeats.
type step struct {
	status     int
	retryAfter string
}

func scripted(calls *counter, steps ...step) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n := calls.inc()
		s := steps[min(n, len(steps))-1]
		if s.status == http.StatusOK {
			okPage(w, r)
			return
		}
		if s.retryAfter != "" {
			w.Header().Set("Retry-After", s.retryAfter)
		}
		writeJSON(w, s.status, map[string]string{"code": "99999", "message": http.StatusText(s.status)})
	}
}

func TestRetries(t *testing.T) {
	inRange := func(lo, hi time.Duration) func(time.Duration) bool {
		return func(d time.Duration) bool { return d >= lo && d <= hi }
	}
	exactly := func(want time.Duration) func(time.Duration) bool {
		return func(d time.Duration) bool { return d == want }
	}
	tests := []struct {
		name       string
		cfg        Config
		steps      []step
		wantCalls  int
		wantStatus int // 0 means success
		wantWaits  []func(time.Duration) bool
		wantMsg    string
	}{
		{
			name:      "429 honours Retry-After seconds",
			steps:     []step{{429, "7"}, {200, ""}},
			wantCalls: 2,
			wantWaits: []func(time.Duration) bool{exactly(7 * time.Second)},
		},
		{
			name:      "429 honours Retry-After HTTP date",
			steps:     []step{{429, fixedNow.Add(9 * time.Second).Format(http.TimeFormat)}, {200, ""}},
			wantCalls: 2,
			wantWaits: []func(time.Duration) bool{exactly(9 * time.Second)},
		},
		{
			name:      "Retry-After is capped by MaxRetryWait default 30s",
			steps:     []step{{429, "3600"}, {200, ""}},
			wantCalls: 2,
			wantWaits: []func(time.Duration) bool{exactly(30 * time.Second)},
		},
		{
			name:      "Retry-After date is capped by a configured MaxRetryWait",
			cfg:       Config{MaxRetryWait: 2 * time.Second},
			steps:     []step{{429, fixedNow.Add(time.Hour).Format(http.TimeFormat)}, {200, ""}},
			wantCalls: 2,
			wantWaits: []func(time.Duration) bool{exactly(2 * time.Second)},
		},
		{
			name:      "Retry-After in the past means now",
			steps:     []step{{429, fixedNow.Add(-time.Minute).Format(http.TimeFormat)}, {200, ""}},
			wantCalls: 2,
			wantWaits: []func(time.Duration) bool{exactly(0)},
		},
		{
			name:      "garbage Retry-After falls back to backoff",
			steps:     []step{{429, "soon-ish"}, {200, ""}},
			wantCalls: 2,
			wantWaits: []func(time.Duration) bool{inRange(125*time.Millisecond, 376*time.Millisecond)},
		},
		{
			name:      "429 without Retry-After backs off",
			steps:     []step{{429, ""}, {200, ""}},
			wantCalls: 2,
			wantWaits: []func(time.Duration) bool{inRange(125*time.Millisecond, 376*time.Millisecond)},
		},
		{
			name:       "429 always ends rate limited",
			steps:      []step{{429, "1"}},
			wantCalls:  5,
			wantStatus: 429,
			wantWaits:  repeat(4, exactly(time.Second)),
			wantMsg:    "rate limited by the API (429 Too Many Requests, code 99999: Too Many Requests, gave up after 5 attempts): try again later",
		},
		{
			name:      "503 once then success",
			steps:     []step{{503, ""}, {200, ""}},
			wantCalls: 2,
			wantWaits: []func(time.Duration) bool{inRange(125*time.Millisecond, 376*time.Millisecond)},
		},
		{
			name:       "503 always gives up after 5 attempts with growing capped backoff",
			steps:      []step{{503, ""}},
			wantCalls:  5,
			wantStatus: 503,
			wantWaits: []func(time.Duration) bool{
				inRange(125*time.Millisecond, 376*time.Millisecond),
				inRange(250*time.Millisecond, 751*time.Millisecond),
				inRange(500*time.Millisecond, 1501*time.Millisecond),
				inRange(time.Second, 3001*time.Millisecond),
			},
			wantMsg: "gave up after 5 attempts",
		},
		{
			name:      "500 once then success",
			steps:     []step{{500, ""}, {200, ""}},
			wantCalls: 2,
			wantWaits: []func(time.Duration) bool{inRange(125*time.Millisecond, 376*time.Millisecond)},
		},
		{
			name:      "502 and 504 are retried",
			steps:     []step{{502, ""}, {504, ""}, {200, ""}},
			wantCalls: 3,
			wantWaits: repeat(2, inRange(0, 5*time.Second)),
		},
		{
			name:       "MaxRetries 2 means 3 attempts",
			cfg:        Config{MaxRetries: 2},
			steps:      []step{{503, ""}},
			wantCalls:  3,
			wantStatus: 503,
			wantWaits:  repeat(2, inRange(0, 5*time.Second)),
		},
		{
			name:       "negative MaxRetries means a single attempt",
			cfg:        Config{MaxRetries: -1},
			steps:      []step{{503, ""}},
			wantCalls:  1,
			wantStatus: 503,
		},
		{
			name:       "400 is not retried",
			steps:      []step{{400, ""}},
			wantCalls:  1,
			wantStatus: 400,
		},
		{
			name:       "404 is not retried",
			steps:      []step{{404, "1"}},
			wantCalls:  1,
			wantStatus: 404,
			wantMsg:    "should end in /compute/v1",
		},
		{
			name:       "401 is not retried and names the token",
			steps:      []step{{401, ""}},
			wantCalls:  1,
			wantStatus: 401,
			wantMsg:    "rejected the token",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := &counter{}
			c, _, rec := newTestClient(t, scripted(calls, tt.steps...), tt.cfg)
			c.now = func() time.Time { return fixedNow }
			_, err := c.ListImages(context.Background(), ListOptions{})
			if tt.wantStatus == 0 {
				if err != nil {
					t.Fatalf("err = %v, want success", err)
				}
			} else {
				var ae *APIError
				if !errors.As(err, &ae) || ae.Status != tt.wantStatus {
					t.Fatalf("err = %v, want APIError %d", err, tt.wantStatus)
				}
				if !strings.Contains(err.Error(), tt.wantMsg) {
					t.Errorf("message %q does not contain %q", err, tt.wantMsg)
				}
			}
			if calls.get() != tt.wantCalls {
				t.Errorf("%d requests, want %d", calls.get(), tt.wantCalls)
			}
			waits := rec.Waits()
			if len(waits) != len(tt.wantWaits) {
				t.Fatalf("waits = %v, want %d waits", waits, len(tt.wantWaits))
			}
			for i, ok := range tt.wantWaits {
				if !ok(waits[i]) {
					t.Errorf("wait %d = %s, out of the expected range (all: %v)", i+1, waits[i], waits)
				}
			}
		})
	}
}

func repeat(n int, f func(time.Duration) bool) []func(time.Duration) bool {
	out := make([]func(time.Duration) bool, n)
	for i := range out {
		out[i] = f
	}
	return out
}

func TestRetryAfterParsing(t *testing.T) {
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{" 12 ", 12 * time.Second, true},
		{"-3", 0, false},
		{"1.5", 0, false},
		{"tomorrow", 0, false},
		{fixedNow.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{fixedNow.Add(-90 * time.Second).Format(http.TimeFormat), 0, true},
		{fixedNow.Add(5 * time.Second).Format(time.RFC850), 5 * time.Second, true},
		{"99999999999999999999", 0, false},
		{"999999999", 24 * time.Hour, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.in), func(t *testing.T) {
			got, ok := retryAfter(tt.in, fixedNow)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("retryAfter(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestCancelDuringRetryWaitReturnsPromptly(t *testing.T) {
	calls := &counter{}
	// Real sleep: the point is that the default timer honours ctx.
	c, _, _ := newTestClient(t, scripted(calls, step{503, "20"}), Config{Sleep: sleepCtx})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.ListImages(ctx, ListOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("returned after %s, want promptly after cancel", d)
	}
	if calls.get() != 1 {
		t.Errorf("%d requests, want 1", calls.get())
	}
}

func TestCancelledContextMakesNoRequest(t *testing.T) {
	calls := &counter{}
	c, _, rec := newTestClient(t, scripted(calls, step{200, ""}), Config{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.ListImages(ctx, ListOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if calls.get() != 0 || len(rec.Waits()) != 0 {
		t.Errorf("requests=%d waits=%v, want none", calls.get(), rec.Waits())
	}
}

func TestWaitPastDeadlineIsSkipped(t *testing.T) {
	calls := &counter{}
	c, _, rec := newTestClient(t, scripted(calls, step{429, "20"}), Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := c.ListImages(ctx, ListOptions{})
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != 429 {
		t.Fatalf("err = %v, want the 429 rather than a later deadline error", err)
	}
	if len(rec.Waits()) != 0 || calls.get() != 1 {
		t.Errorf("waits=%v requests=%d, want no wait and 1 request", rec.Waits(), calls.get())
	}
}

func TestConnectionRefusedIsBounded(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	rec := &sleepRecorder{}
	c, err := New(Config{Endpoint: "http://" + addr + "/compute/v1", Token: testToken, Sleep: rec.Sleep})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListImages(context.Background(), ListOptions{})
	var ne *NetworkError
	if !errors.As(err, &ne) || !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("err = %v (%T), want NetworkError wrapping ECONNREFUSED", err, err)
	}
	want := "cannot reach http://" + addr + "/compute/v1: connection refused"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("message %q does not contain %q", err, want)
	}
	if n := len(rec.Waits()); n != 2 {
		t.Errorf("%d retries on a refused connection, want 2", n)
	}
}

func TestTimeoutIsReportedAndRetriedOnce(t *testing.T) {
	calls := &counter{}
	c, _, rec := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.inc()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}), Config{Timeout: 50 * time.Millisecond})
	_, err := c.ListImages(context.Background(), ListOptions{})
	var ne *NetworkError
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("err = %v, want a timeout NetworkError", err)
	}
	if !strings.Contains(err.Error(), "timed out after 50ms") {
		t.Errorf("message %q does not say how long", err)
	}
	if calls.get() != 2 || len(rec.Waits()) != 1 {
		t.Errorf("requests=%d waits=%v, want 2 requests and 1 wait", calls.get(), rec.Waits())
	}
}

func TestConnectionCutMidBodyIsRetried(t *testing.T) {
	calls := &counter{}
	c, _, rec := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.inc() == 1 {
			conn, buf, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			writeCut(buf)
			return
		}
		okPage(w, r)
	}), Config{})
	if _, err := c.ListImages(context.Background(), ListOptions{}); err != nil {
		t.Fatalf("err = %v, want success after the cut connection is retried", err)
	}
	if calls.get() != 2 || len(rec.Waits()) != 1 {
		t.Errorf("requests=%d waits=%v, want 2 and 1", calls.get(), rec.Waits())
	}
}

// writeCut promises 1000 bytes and sends a few, so the client sees
// io.ErrUnexpectedEOF while reading the body.
func writeCut(buf *bufio.ReadWriter) {
	fmt.Fprint(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"images\":[")
	buf.Flush()
}

func TestClassifyNetErr(t *testing.T) {
	wrap := func(err error) error {
		return &url.Error{Op: "Get", URL: "https://api.example/images", Err: &net.OpError{Op: "read", Net: "tcp", Err: err}}
	}
	tests := []struct {
		name string
		err  error
		want failure
	}{
		{"refused", wrap(syscall.ECONNREFUSED), failRefused},
		{"reset", wrap(syscall.ECONNRESET), failReset},
		{"broken pipe", wrap(syscall.EPIPE), failReset},
		{"cut short", wrap(io.ErrUnexpectedEOF), failReset},
		{"closed", io.EOF, failReset},
		{"attempt deadline", wrap(context.DeadlineExceeded), failTimeout},
		{"unknown host", wrap(&net.DNSError{Name: "api.example", IsNotFound: true}), failFatal},
		{"anything else", errors.New("x509: certificate signed by unknown authority"), failFatal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := classifyNetErr(tt.err); got != tt.want {
				t.Errorf("classifyNetErr(%v) = %d, want %d", tt.err, got, tt.want)
			}
		})
	}
}
