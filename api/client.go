package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
)

// DefaultEndpoint is the public API base, including the /compute/v1 path,
// exactly as GENESISCLOUD_ENDPOINT is written for the official Terraform
// and Pulumi providers, so one value works for all of them.
const DefaultEndpoint = "https://api.genesiscloud.com/compute/v1"

// Environment variables shared with the provider's official clients.
const (
	EnvEndpoint = "GENESISCLOUD_ENDPOINT"
	EnvToken    = "GENESISCLOUD_TOKEN"
)

// Defaults applied by New for zero Config fields.
const (
	defaultTimeout      = 30 * time.Second
	defaultMaxRetries   = 4 // the Terraform provider retries up to 4 times
	defaultMaxRetryWait = 30 * time.Second
	maxBodyBytes        = 32 << 20 // a full page of 100 images is a few tens of KiB
	maxErrorBodyBytes   = 64 << 10 // only an excerpt of an error body is ever shown
)

// Config configures a Client. The zero value (plus a Token) talks to the
// public API with sensible timeouts and retries.
type Config struct {
	// Endpoint is the base URL including /compute/v1; "" means
	// DefaultEndpoint. A trailing slash is tolerated.
	Endpoint string
	// Token is sent as "Authorization: Bearer <Token>". Surrounding
	// whitespace (a token file's trailing newline) is trimmed.
	Token string
	// Version is gcimg's version, used in the User-Agent
	// "gcimg/<Version> (<GOOS>/<GOARCH>)"; "" means "dev".
	Version string
	// HTTPClient is used for requests; nil means a client with sane
	// transport timeouts. A supplied client is copied, never modified,
	// and its CheckRedirect is wrapped with the same token-protecting
	// redirect policy.
	HTTPClient *http.Client
	// Timeout bounds one attempt (headers and body); 0 means 30s.
	Timeout time.Duration
	// MaxRetries is the number of retries after the first attempt; 0 means
	// 4, negative means none.
	MaxRetries int
	// PerPage is the default page size; 0 means MaxPerPage (100).
	PerPage int
	// MaxRetryWait caps a server-requested Retry-After wait; 0 means 30s.
	MaxRetryWait time.Duration
	// Sleep waits between retries. nil means a real timer that returns
	// early with ctx.Err() when ctx is done. Tests inject a fake so that no
	// real multi-second sleeps happen.
	Sleep func(ctx context.Context, d time.Duration) error
	// Debug, when set, receives one line per request, response and retry
	// (method, URL, status, duration, attempt, wait). The token never
	// appears in these lines.
	Debug func(format string, args ...any)
}

// Client lists images. It is safe for concurrent use: the UI fetches
// several feeds at once through one Client.
type Client struct {
	endpoint     string // normalised, no trailing slash
	token        string
	userAgent    string
	hc           *http.Client
	timeout      time.Duration
	maxRetries   int
	perPage      int
	maxRetryWait time.Duration
	sleep        func(ctx context.Context, d time.Duration) error
	debug        func(format string, args ...any)

	// Unexported knobs so tests can exercise bounds without sending
	// 32 MiB or depending on the wall clock.
	maxBody int64
	now     func() time.Time
}

// ResolveEndpoint picks the endpoint the way the official clients do, with
// an explicit flag on top: flag beats GENESISCLOUD_ENDPOINT beats
// DefaultEndpoint. Blank values count as unset so that `--endpoint ""` or
// an exported-but-empty variable do not produce an unusable URL. getenv
// nil means os.Getenv.
func ResolveEndpoint(flag string, getenv func(string) string) string {
	if s := strings.TrimSpace(flag); s != "" {
		return s
	}
	if getenv == nil {
		getenv = os.Getenv
	}
	if s := strings.TrimSpace(getenv(EnvEndpoint)); s != "" {
		return s
	}
	return DefaultEndpoint
}

// New validates cfg and builds a Client. It fails early, with a message a
// person can act on, for anything that would otherwise fail (or leak the
// token) on the first request: a malformed endpoint, or plain http to a
// host that is not loopback.
func New(cfg Config) (*Client, error) {
	endpoint, err := normaliseEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	token := strings.TrimSpace(cfg.Token)
	if strings.IndexFunc(token, unicode.IsControl) >= 0 {
		// net/http would refuse the header anyway, but with a message that
		// does not say which setting is wrong.
		return nil, fmt.Errorf("%s contains a control character (a stray newline in the token file?); paste the token again", EnvToken)
	}

	c := &Client{
		endpoint:     endpoint,
		token:        token,
		userAgent:    userAgent(cfg.Version),
		timeout:      cfg.Timeout,
		maxRetries:   cfg.MaxRetries,
		perPage:      cfg.PerPage,
		maxRetryWait: cfg.MaxRetryWait,
		sleep:        cfg.Sleep,
		debug:        cfg.Debug,
		maxBody:      maxBodyBytes,
		now:          time.Now,
	}
	if c.timeout <= 0 {
		c.timeout = defaultTimeout
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = defaultMaxRetries
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.perPage <= 0 || c.perPage > MaxPerPage {
		c.perPage = MaxPerPage
	}
	if c.maxRetryWait <= 0 {
		c.maxRetryWait = defaultMaxRetryWait
	}
	if c.sleep == nil {
		c.sleep = sleepCtx
	}

	var hc http.Client
	if cfg.HTTPClient != nil {
		hc = *cfg.HTTPClient // a copy: the caller's client keeps its own policy
	} else {
		hc.Transport = defaultTransport()
	}
	hc.CheckRedirect = protectRedirects(hc.CheckRedirect)
	c.hc = &hc
	return c, nil
}

// PerPage is the page size used when ListOptions.PerPage is zero.
func (c *Client) PerPage() int { return c.perPage }

// normaliseEndpoint checks that the endpoint is an absolute http(s) URL
// and, for plain http, that it is loopback: the token goes in a header on
// every request, and a plain-http hop anywhere else would expose it.
func normaliseEndpoint(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		s = DefaultEndpoint
	}
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() || u.Host == "" || u.Opaque != "" {
		// Parse errors quote the input, which is fine: it is not secret
		// unless it holds userinfo, which we reject below before echoing.
		return "", fmt.Errorf("invalid endpoint %q: want an absolute http or https URL such as %s", s, DefaultEndpoint)
	}
	if u.User != nil {
		// Do not echo the URL: it holds a password.
		return "", fmt.Errorf("invalid endpoint: credentials in the URL are not supported; set %s instead", EnvToken)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("invalid endpoint %q: scheme must be http or https", s)
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", fmt.Errorf("invalid endpoint %q: must not have a query or fragment (the images path and paging are added by gcimg)", s)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return "", fmt.Errorf("refusing to send %s over plain http to %s: use https, or a loopback address for testing", EnvToken, u.Hostname())
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u.String(), nil
}

// isLoopback reports whether host can only be this machine: 127.0.0.0/8,
// ::1 or "localhost". Other names are not resolved: DNS is not a security
// boundary.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func userAgent(version string) string {
	v := strings.Map(func(r rune) rune {
		if r <= ' ' || r >= unicode.MaxASCII || r == '(' || r == ')' {
			return -1
		}
		return r
	}, version)
	if v == "" {
		v = "dev"
	}
	return fmt.Sprintf("gcimg/%s (%s/%s)", v, runtime.GOOS, runtime.GOARCH)
}

// defaultTransport is shared by every Client built without an HTTPClient,
// so clients rebuilt at runtime reuse connections instead of piling up
// idle ones. The per-attempt deadline comes from the request context, so
// the transport only bounds the phases a context cannot see separately.
var defaultTransport = sync.OnceValue(func() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 10 * time.Second
	t.ResponseHeaderTimeout = 0 // covered by Config.Timeout
	t.IdleConnTimeout = 90 * time.Second
	t.MaxIdleConnsPerHost = 8 // the UI fetches a few feeds in parallel
	return t
})

// redirectError is returned by the redirect policy; it is never retried.
type redirectError struct{ from, to string }

func (e *redirectError) Error() string {
	return fmt.Sprintf("refusing to follow a redirect from %s to plain http %s: it would expose %s", e.from, e.to, EnvToken)
}

// protectRedirects wraps next (nil means Go's default of at most 10
// redirects) so that the Authorization header never leaves the original
// host:port, not even to a subdomain or another port (Go's own rule would
// allow those), and so that an https endpoint is never downgraded to
// plain http. Once stripped, the header stays stripped for the rest of
// the chain.
func protectRedirects(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) == 0 {
			return nil
		}
		orig := via[0].URL
		for _, r := range via {
			if r.URL.Scheme == "https" && req.URL.Scheme != "https" {
				return &redirectError{from: r.URL.Redacted(), to: req.URL.Redacted()}
			}
		}
		moved := !strings.EqualFold(req.URL.Host, orig.Host)
		for _, r := range via[1:] {
			if !strings.EqualFold(r.URL.Host, orig.Host) {
				moved = true
			}
		}
		if moved {
			req.Header.Del("Authorization")
			req.Header.Del("X-Auth-Token") // in case a wrapping transport adds the legacy header
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

// ListImages fetches one page of images from opts.Endpoint, retrying
// transient failures (see retry.go): from /images, filtered by opts.Type;
// from /snapshots, every snapshot converted with Snapshot.Image, so that
// walks over either endpoint see the same type. Zero fields of opts mean
// /images, all types, page 1 and the client's page size. The returned
// Images is never nil.
//
// Errors are *APIError, *NetworkError or *DecodeError (use errors.As), or
// wrap ctx.Err() when ctx ends. A 400 to a typed /images request that
// says the type is invalid is a *TypeRejectedError (see IsTypeRejected),
// which wraps the *APIError. A retry hook in ctx (WithRetryHook) hears of
// each retry before its wait.
func (c *Client) ListImages(ctx context.Context, opts ListOptions) (*ListResponse, error) {
	opts = c.normOptions(opts)
	if opts.Endpoint == EndpointSnapshots {
		sl, err := c.ListSnapshots(ctx, opts)
		if err != nil {
			return nil, err
		}
		return sl.images(), nil
	}
	return fetch(ctx, c, opts, c.decodeList)
}

// ListSnapshots fetches one page of GET /snapshots as the endpoint gives
// it; opts.Endpoint and opts.Type are ignored. Retries, errors and hooks
// are as for ListImages. The returned Snapshots is never nil.
func (c *Client) ListSnapshots(ctx context.Context, opts ListOptions) (*SnapshotList, error) {
	opts = c.normOptions(opts)
	opts.Endpoint, opts.Type = EndpointSnapshots, ""
	return fetch(ctx, c, opts, c.decodeSnapshots)
}

// normOptions fills in the defaults of opts.
func (c *Client) normOptions(opts ListOptions) ListOptions {
	src := opts.Source()
	opts.Endpoint, opts.Type = src.Endpoint, src.Type
	if opts.Page <= 0 {
		opts.Page = 1
	}
	if opts.PerPage <= 0 {
		opts.PerPage = c.perPage
	}
	opts.PerPage = min(opts.PerPage, MaxPerPage)
	return opts
}

// fetch GETs the page opts names (defaults filled in) with retries and
// decodes a 2xx body with decode, whose failure is retried like a 5xx.
// The result is nil exactly when the error is not.
func fetch[T any](ctx context.Context, c *Client, opts ListOptions, decode func(*attemptResult) (*T, error)) (*T, error) {
	src := opts.Source()
	if src.Endpoint != "" && src.Endpoint != EndpointSnapshots {
		return nil, fmt.Errorf("unknown list endpoint %q", opts.Endpoint)
	}
	q := url.Values{}
	if opts.Type != "" {
		q.Set("type", string(opts.Type))
	}
	q.Set("page", strconv.Itoa(opts.Page))
	q.Set("per_page", strconv.Itoa(opts.PerPage))
	reqURL := c.endpoint + "/" + src.path() + "?" + q.Encode()

	var out *T
	err := c.withRetries(ctx, opts, reqURL, func(res *attemptResult) (err error) {
		out, err = decode(res)
		if err != nil {
			return &DecodeError{URL: reqURL, Endpoint: Endpoint(src.path()), Page: opts.Page, Err: err}
		}
		return nil
	})
	var (
		tl *tooLargeError
		ae *APIError
	)
	switch {
	case err == nil:
		return out, nil
	case errors.As(err, &tl):
		err = &DecodeError{URL: reqURL, Endpoint: Endpoint(src.path()), Page: opts.Page, Err: tl}
	case errors.As(err, &ae) && opts.Type != "" && ae.rejectsType():
		err = &TypeRejectedError{Type: opts.Type, Err: ae}
	}
	return nil, err
}

// attemptResult is one completed HTTP exchange with its body read.
type attemptResult struct {
	status      int
	header      http.Header
	body        []byte
	contentType string
}

// tooLargeError reports a success body over the bound. It is not retried:
// the same request would return the same body.
type tooLargeError struct{ limit int64 }

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("response larger than %s", formatBytes(e.limit))
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// attempt performs one GET under its own deadline and reads the body
// while that deadline still applies, so a server that stalls mid-body is
// bounded too.
func (c *Client) attempt(ctx context.Context, reqURL string) (*attemptResult, error) {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, reqURL, nil)
	if err != nil {
		return nil, err
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)

	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	limit := c.maxBody
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		limit = min(limit, maxErrorBodyBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	res := &attemptResult{
		status:      resp.StatusCode,
		header:      resp.Header,
		contentType: resp.Header.Get("Content-Type"),
	}
	if err != nil {
		return res, err
	}
	if int64(len(body)) > limit {
		if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
			return res, &tooLargeError{limit: limit}
		}
		body = body[:limit] // an error body is only excerpted
	}
	res.body = body
	return res, nil
}

// Logf writes one line to the debug log (Config.Debug), when there is
// one, for the program's other parts: the UI notes the terminal's size
// there. The token is redacted from it as from the client's own lines.
func (c *Client) Logf(format string, args ...any) { c.debugf(format, args...) }

// debugf sends one line to Config.Debug. The token is redacted from the
// formatted line as a last line of defence: nothing should put it there,
// but a server echoing headers into an error could.
func (c *Client) debugf(format string, args ...any) {
	if c.debug == nil {
		return
	}
	c.debug("%s", c.redact(fmt.Sprintf(format, args...)))
}

// excerpt is the short, clean line of a body shown in an error. A proxy
// may echo the request's headers into the body, so the token is redacted
// before the excerpt is cut: cut first, a token straddling the cut would
// leave its start behind, which redact cannot recognise.
func (c *Client) excerpt(body []byte) string {
	return excerpt([]byte(c.redact(string(body))), excerptLen)
}

// redact removes the token from text that came from elsewhere (error
// bodies, debug lines). Very short tokens are left alone: replacing a
// one-letter "token" would mangle every message and protect nothing.
func (c *Client) redact(s string) string {
	if len(c.token) < 4 {
		return s
	}
	return strings.ReplaceAll(s, c.token, "[redacted]")
}
