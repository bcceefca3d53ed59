// Package fakeapi is an in-memory stand-in for the Genesis Cloud images
// endpoint (GET /compute/v1/images). `gcimg --demo` runs against it, and
// tests across the project use it to exercise paging, auth and the
// failures the API notes warn about (rate limits, 5xx, proxy HTML pages,
// truncated, cut, stalled, slow or huge bodies, servers that ignore
// `page`, lie in total_count or echo the token back) without a network
// or a real token.
//
// It depends only on the types in package api, never on the client, so a
// client bug cannot hide behind a matching bug in the fake.
package fakeapi

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
)

// DemoToken is the token the server accepts when Options.Token is empty.
const DemoToken = "gcimg-demo-token"

// imagesPath is the one path the server answers; everything else is 404.
const imagesPath = "/compute/v1/images"

// Defaults and limits of the list query, as documented by the provider.
const (
	defaultPerPage = 50
	maxPerPage     = api.MaxPerPage
)

// Error codes. The provider's codes are 5-digit strings ("02035" is the one
// documented); these are made up in the same shape.
const (
	codeUnauthorized = "01001"
	codeBadPage      = "02021"
	codeBadPerPage   = "02022"
	codeNotFound     = "03004"
	codeMethod       = "03005"
	codeRateLimited  = "04029"
	codeServerError  = "05000"
)

// Options configures a Server.
type Options struct {
	// Token is the required bearer token; "" means DemoToken.
	Token string
	// Images is the catalog, served in this order. nil means DemoCatalog();
	// an empty non-nil slice is an empty catalog. The server keeps a copy.
	Images []api.Image
	// Latency is added to every request. A request whose context ends
	// during the wait is abandoned without a response.
	Latency time.Duration
}

// Request is one entry of the request log. Page and PerPage are as
// requested, after defaults (1 and 50); 0 means the value was not a
// valid integer. Status is the status sent, or 0 while the request is
// still being served or when the client went away during Latency.
type Request struct {
	Type    string
	Page    int
	PerPage int
	Status  int
}

// Server serves GET /compute/v1/images from memory. It implements
// http.Handler and is safe for concurrent use; mount it at the root of a
// server (httptest.NewServer(fakeapi.New(...)) then the base URL is
// srv.URL + "/compute/v1"), or use Start.
type Server struct {
	token   string
	latency time.Duration
	all     []api.Image
	byType  map[api.ImageType][]api.Image

	mu       sync.Mutex
	log      []*Request
	faults   Faults
	rateLeft int
	failOnce map[int]int // pages whose one failure has not been served yet
	// timesLeft is what is left of Faults.Times.
	timesLeft int
}

// New returns a server for opts.
func New(opts Options) *Server {
	s := &Server{token: opts.Token, latency: opts.Latency}
	if s.token == "" {
		s.token = DemoToken
	}
	if opts.Images == nil {
		s.all = DemoCatalog()
	} else {
		s.all = cloneImages(opts.Images)
	}
	s.byType = make(map[api.ImageType][]api.Image)
	for _, im := range s.all {
		s.byType[im.Type] = append(s.byType[im.Type], im)
	}
	return s
}

// Requests returns a copy of the request log, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.log))
	for i, r := range s.log {
		out[i] = *r
	}
	return out
}

// RequestCount returns the number of requests received since the last reset.
func (s *Server) RequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.log)
}

// ResetRequests empties the request log.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
}

// ServeHTTP answers one request. The order of checks is: Latency; the
// server-wide faults (RateLimit, then HTMLError, then FailAlways), which
// act like a gateway in front of the API and so hit every request; path
// (404); method (405); token (401); query (400); FailOnce, then
// FailPages, for the page; Delay; then the listing, shaped by the
// remaining faults (HugeBody, then CutMidBody, then StallBody, then
// MalformedJSON).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, pageErr := intParam(q, "page", 1)
	perPage, perPageErr := intParam(q, "per_page", defaultPerPage)
	if perPage > maxPerPage {
		perPageErr = errOutOfRange
	}
	entry := &Request{Type: q.Get("type")}
	if pageErr == nil {
		entry.Page = page
	}
	if perPageErr == nil {
		entry.PerPage = perPage
	}
	s.mu.Lock()
	s.log = append(s.log, entry)
	s.mu.Unlock()

	if !sleep(r.Context(), s.latency) {
		return
	}
	// Faults are read when the answer is due, so a request abandoned
	// during Latency does not use one up.
	s.mu.Lock()
	f := s.faults
	rateLimited := s.rateLeft > 0
	if rateLimited {
		s.rateLeft--
	}
	s.mu.Unlock()
	reply := replier{s: s, w: w, entry: entry}
	if f.EchoAuth {
		reply.echo = r.Header.Get("Authorization")
	}

	switch {
	case rateLimited:
		w.Header().Set("Retry-After", f.retryAfter())
		reply.sendError(http.StatusTooManyRequests, codeRateLimited, "too many requests, slow down")
		return
	case f.HTMLError != 0 && s.takeTimes(f):
		reply.sendHTML(f.HTMLError, f)
		return
	case f.FailAlways != 0:
		reply.sendFailure(f.FailAlways, f)
		return
	}

	if r.URL.Path != imagesPath {
		reply.sendError(http.StatusNotFound, codeNotFound, "resource not found: "+r.URL.Path)
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		reply.sendError(http.StatusMethodNotAllowed, codeMethod, "method "+r.Method+" not allowed on "+imagesPath)
		return
	}
	if !s.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="genesiscloud"`)
		reply.sendError(http.StatusUnauthorized, codeUnauthorized, "invalid or missing API token")
		return
	}
	if pageErr != nil {
		reply.sendError(http.StatusBadRequest, codeBadPage, "page must be a positive integer")
		return
	}
	if perPageErr != nil {
		reply.sendError(http.StatusBadRequest, codeBadPerPage, "per_page must be an integer between 1 and 100")
		return
	}
	if status := s.takeFailOnce(page); status != 0 {
		reply.sendFailure(status, f)
		return
	}
	if status := f.FailPages[page]; status != 0 {
		reply.sendFailure(status, f)
		return
	}
	if f.shapesListing() && !s.takeTimes(f) {
		f = f.withoutListingFaults()
	}
	if !sleep(r.Context(), f.Delay) {
		return
	}

	resp := s.list(api.ImageType(entry.Type), page, perPage, f)
	body, err := json.Marshal(resp)
	if err != nil {
		reply.sendError(http.StatusInternalServerError, codeServerError, "encode response: "+err.Error())
		return
	}
	switch {
	case f.HugeBody > 0:
		reply.sendHuge(body, f.HugeBody)
	case f.CutMidBody:
		reply.sendCut(body)
	case f.StallBody > 0:
		reply.sendStalled(r.Context(), body, f.StallBody)
	case f.MalformedJSON:
		reply.sendJSON(http.StatusOK, body[:len(body)/2])
	default:
		reply.sendJSON(http.StatusOK, body)
	}
}

// list builds one page of the listing for type t ("" for all).
func (s *Server) list(t api.ImageType, page, perPage int, f Faults) api.ListResponse {
	images := s.all
	if t != "" {
		images = s.byType[t]
	}
	empty := f.EmptyFrom > 0 && page >= f.EmptyFrom
	if f.IgnorePage {
		page = 1
	}
	// With DuplicateAcrossPages each page starts with the previous page's
	// last image, so pages advance by perPage-1 instead of perPage.
	stride := perPage
	if f.DuplicateAcrossPages && page > 1 {
		stride = perPage - 1
	}
	start := len(images)
	switch {
	case stride == 0: // per_page=1 with duplicates: every page is the first
		start = 0
	case page-1 <= len(images)/stride: // guards the product against overflow
		start = min((page-1)*stride, len(images))
	}
	end := min(start+perPage, len(images))
	out := images[start:end:end]
	if len(out) == 0 || empty {
		out = []api.Image{} // encode as [], never null
	}
	return api.ListResponse{
		Images:     out,
		TotalCount: max(len(images)+f.TotalCountDelta, 0),
		Page:       page,
		PerPage:    perPage,
	}
}

// authorized accepts `Authorization: Bearer <token>` (scheme matched
// case-insensitively) and the deprecated `X-Auth-Token: <token>`.
func (s *Server) authorized(r *http.Request) bool {
	if scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok &&
		strings.EqualFold(scheme, "Bearer") && s.tokenMatches(strings.TrimSpace(tok)) {
		return true
	}
	return s.tokenMatches(r.Header.Get("X-Auth-Token"))
}

func (s *Server) tokenMatches(tok string) bool {
	return tok != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(s.token)) == 1
}

type paramError string

func (e paramError) Error() string { return string(e) }

const errOutOfRange = paramError("out of range")

// intParam parses a positive integer query parameter; absent or empty
// means def.
func intParam(q url.Values, name string, def int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, err
	}
	if n < 1 {
		return 0, errOutOfRange
	}
	return n, nil
}

// sleep waits d, or until ctx ends; it reports whether the wait completed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
