package fakeapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
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
}

func (f Faults) retryAfter() string {
	if f.RetryAfter == "" {
		return "1"
	}
	return f.RetryAfter
}

// SetFaults replaces the fault set. It restarts the RateLimit countdown and
// re-arms every FailOnce page. The map is copied; the caller may reuse it.
func (s *Server) SetFaults(f Faults) {
	once := make(map[int]int, len(f.FailOnce))
	for page, status := range f.FailOnce {
		once[page] = status
	}
	f.FailOnce = nil // the armed copy lives in s.failOnce
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
	s.rateLeft = f.RateLimit
	s.failOnce = once
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

// replier writes one response and records its status in the request log
// before the first byte goes out, so a client that has its answer always
// finds it logged.
type replier struct {
	s     *Server
	w     http.ResponseWriter
	entry *Request
}

func (p replier) record(status int) {
	p.s.mu.Lock()
	p.entry.Status = status
	p.s.mu.Unlock()
}

func (p replier) sendJSON(status int, body []byte) {
	p.record(status)
	h := p.w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	p.w.WriteHeader(status)
	_, _ = p.w.Write(body) // a write error means the client left; nothing to do
}

// errorBody is the provider's error shape.
type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (p replier) sendError(status int, code, message string) {
	body, _ := json.Marshal(errorBody{Code: code, Message: message}) // cannot fail for two strings
	p.sendJSON(status, body)
}

// sendFailure answers with an injected status and a JSON error body.
func (p replier) sendFailure(status int, f Faults) {
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
		p.w.Header().Set("Retry-After", f.retryAfter())
	}
	msg := http.StatusText(status)
	if msg == "" {
		msg = "injected failure"
	}
	p.sendError(status, statusCode(status), msg)
}

// sendHTML answers like a reverse proxy whose upstream failed.
func (p replier) sendHTML(status int) {
	p.record(status)
	title := fmt.Sprintf("%d %s", status, http.StatusText(status))
	body := "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
		"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	h := p.w.Header()
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
		h := p.w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Content-Length", strconv.Itoa(len(body)))
		p.w.WriteHeader(http.StatusOK)
		_, _ = p.w.Write(half)
		return
	}
	defer conn.Close()
	_, _ = fmt.Fprintf(rw, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body))
	_, _ = rw.Write(half)
	_ = rw.Flush()
}

// statusCode makes a provider-shaped code for an HTTP status: 503 -> "05003".
// It agrees with the named codes (429 -> codeRateLimited, 500 ->
// codeServerError).
func statusCode(status int) string {
	return fmt.Sprintf("%02d%03d", status/100%100, status%100)
}
