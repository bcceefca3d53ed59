// Package fakeapi is an in-memory stand-in for the Genesis Cloud images
// and snapshots endpoints (GET /compute/v1/images, GET
// /compute/v1/snapshots). `gcimg --demo` runs against it, and tests
// across the project use it to exercise paging, auth and the failures
// the API notes warn about (rate limits, 5xx, proxy HTML pages with
// escape sequences, truncated, cut, stalled, slow or huge bodies, reset
// connections, servers that ignore `page`, lie in total_count or echo
// the token back) without a network or a real token.
//
// It serves both generations of the API (Options.Generation): the seed's,
// whose /images lists the four documented types, and today's, whose
// /images lists cloud-image only and rejects every other type with 400,
// snapshots being only at /snapshots. `gcimg --demo` uses the seed's
// unless GCIMG_DEMO_API=today (see Start).
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
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
)

// DemoToken is the token the server accepts when Options.Token is empty.
const DemoToken = "gcimg-demo-token"

// The paths the server answers; everything else is 404.
const (
	imagesPath    = "/compute/v1/images"
	snapshotsPath = "/compute/v1/snapshots"
)

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
	codeInvalidType  = "00003" // today's answer to a type it does not have
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
	// Snapshots is what /snapshots lists, in this order. nil means: with
	// Images nil too, DemoSnapshots(); otherwise SnapshotsOf(Images), one
	// created snapshot for each snapshot image, as a server whose two
	// endpoints agree lists them. An empty non-nil slice is an empty
	// listing. The server keeps a copy.
	Snapshots []api.Snapshot
	// Generation is the shape of the API served; the zero value is the
	// seed's (see Start for GCIMG_DEMO_API).
	Generation Generation
	// Latency is added to every request. A request whose context ends
	// during the wait is abandoned without a response.
	Latency time.Duration
	// Getenv is where Start looks up EnvGeneration when Generation is
	// Seed: a command line passes its own, so that what it serves does
	// not depend on the process environment behind its back. nil means
	// no environment. New never reads it.
	Getenv func(string) string
}

// Request is one entry of the request log. Endpoint is "images" or
// "snapshots" (the path, for any other). Page and PerPage are as
// requested, after defaults (1 and 50); 0 means the value was not a
// valid integer. Status is the status sent, or 0 while the request is
// still being served, when the client went away during Latency, or when
// the connection was reset (Faults.Reset).
type Request struct {
	Endpoint string
	Type     string
	Page     int
	PerPage  int
	Status   int
}

// Server serves GET /compute/v1/images and /compute/v1/snapshots from
// memory. It implements http.Handler and is safe for concurrent use;
// mount it at the root of a server (httptest.NewServer(fakeapi.New(...))
// then the base URL is srv.URL + "/compute/v1"), or use Start.
type Server struct {
	token     string
	latency   time.Duration
	gen       Generation
	all       []api.Image // what /images lists with no type
	byType    map[api.ImageType][]api.Image
	snapshots []api.Snapshot

	mu        sync.Mutex
	log       []*Request
	faults    Faults
	rateLeft  int
	failOnce  map[int]int  // pages whose one failure has not been served yet
	truncOnce map[int]bool // pages whose one truncated body has not been served yet
	// timesLeft is what is left of Faults.Times.
	timesLeft int
}

// New returns a server for opts.
func New(opts Options) *Server {
	s := &Server{token: opts.Token, latency: opts.Latency, gen: opts.Generation}
	if s.token == "" {
		s.token = DemoToken
	}
	switch {
	case opts.Snapshots != nil:
		s.snapshots = cloneSnapshots(opts.Snapshots)
	case opts.Images == nil:
		s.snapshots = DemoSnapshots()
	default:
		s.snapshots = SnapshotsOf(opts.Images)
	}
	if opts.Images == nil {
		s.all = DemoCatalog()
	} else {
		s.all = cloneImages(opts.Images)
	}
	if s.gen == Today {
		s.all = slices.DeleteFunc(s.all, func(im api.Image) bool { return im.Type != api.TypeCloudImage })
	}
	s.byType = make(map[api.ImageType][]api.Image)
	for _, im := range s.all {
		s.byType[im.Type] = append(s.byType[im.Type], im)
	}
	return s
}

// Generation is the shape of the API the server serves.
func (s *Server) Generation() Generation { return s.gen }

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
// (404); method (405); token (401); query (400, and today's 400 for a
// type it lacks); FailEndpoints; FailOnce, then FailPages, then
// TruncateOnce, for the page; Delay; Reset; then the listing, shaped by the
// remaining faults (HugeBody, then CutMidBody, then StallBody, then
// MalformedJSON). Every fault applies to both endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, pageErr := intParam(q, "page", 1)
	perPage, perPageErr := intParam(q, "per_page", defaultPerPage)
	if perPage > maxPerPage {
		perPageErr = errOutOfRange
	}
	entry := &Request{Endpoint: endpointOf(r.URL.Path), Type: q.Get("type")}
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
	reply := replier{s: s, w: w, entry: entry, hostile: f.HostileErrors}
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

	if r.URL.Path != imagesPath && r.URL.Path != snapshotsPath {
		reply.sendError(http.StatusNotFound, codeNotFound, "resource not found: "+r.URL.Path)
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		reply.sendError(http.StatusMethodNotAllowed, codeMethod, "method "+r.Method+" not allowed on "+r.URL.Path)
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
	if s.gen == Today && entry.Endpoint == endpointImages && entry.Type != "" && entry.Type != string(api.TypeCloudImage) {
		reply.sendError(http.StatusBadRequest, codeInvalidType, "invalid type")
		return
	}
	if status := f.FailEndpoints[entry.Endpoint]; status != 0 {
		reply.sendFailure(status, f)
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
	truncate := s.takeTruncateOnce(page)
	if f.shapesListing() && !s.takeTimes(f) {
		f = f.withoutListingFaults()
	}
	if !sleep(r.Context(), f.Delay) {
		return
	}
	if f.Reset {
		reply.sendReset()
		return
	}

	var resp any
	if entry.Endpoint == endpointSnapshots {
		resp = s.listSnapshots(page, perPage, f)
	} else {
		resp = s.list(api.ImageType(entry.Type), page, perPage, f)
	}
	body, err := json.Marshal(resp)
	if err != nil {
		reply.sendError(http.StatusInternalServerError, codeServerError, "encode response: "+err.Error())
		return
	}
	switch {
	case truncate:
		reply.sendJSON(http.StatusOK, body[:len(body)/2])
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

// list builds one page of /images for type t ("" for all).
func (s *Server) list(t api.ImageType, page, perPage int, f Faults) api.ListResponse {
	images := s.all
	if t != "" {
		images = s.byType[t]
	}
	out, total, served := pageOf(images, page, perPage, f)
	return api.ListResponse{Images: out, TotalCount: total, Page: served, PerPage: perPage}
}

// listSnapshots builds one page of /snapshots.
func (s *Server) listSnapshots(page, perPage int, f Faults) api.SnapshotList {
	out, total, served := pageOf(s.snapshots, page, perPage, f)
	return api.SnapshotList{Snapshots: out, TotalCount: total, Page: served, PerPage: perPage}
}

// pageOf cuts page of items as the listing faults shape it, and returns
// it (never nil, so it encodes as []), the total_count to report and the
// page number to report.
func pageOf[T any](items []T, page, perPage int, f Faults) (out []T, total, served int) {
	empty := f.EmptyFrom > 0 && page >= f.EmptyFrom
	if f.IgnorePage {
		page = 1
	}
	// With DuplicateAcrossPages each page starts with the previous page's
	// last item, so pages advance by perPage-1 instead of perPage.
	stride := perPage
	if f.DuplicateAcrossPages && page > 1 {
		stride = perPage - 1
	}
	start := len(items)
	switch {
	case stride == 0: // per_page=1 with duplicates: every page is the first
		start = 0
	case page-1 <= len(items)/stride: // guards the product against overflow
		start = min((page-1)*stride, len(items))
	}
	end := min(start+perPage, len(items))
	out = items[start:end:end]
	if len(out) == 0 || empty {
		out = []T{} // encode as [], never null
	}
	return out, max(len(items)+f.TotalCountDelta, 0), page
}

// The endpoints, as Request.Endpoint and Faults.FailEndpoints name them.
const (
	endpointImages    = string(api.EndpointImages)
	endpointSnapshots = string(api.EndpointSnapshots)
)

// endpointOf names the endpoint a path is for, or returns the path.
func endpointOf(path string) string {
	switch path {
	case imagesPath:
		return endpointImages
	case snapshotsPath:
		return endpointSnapshots
	}
	return path
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
