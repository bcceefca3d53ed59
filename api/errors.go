package api

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/genesiscloud-tools/gcimg/internal/text"
)

// excerptLen bounds the part of a non-JSON body shown to a person: enough
// to recognise "502 Bad Gateway nginx" or a captive portal, short enough
// for one status line.
const excerptLen = 120

// messageLen bounds a provider message; they are one sentence in practice.
const messageLen = 200

// APIError is a non-2xx response. Error() is worded for the person at the
// terminal: it says what failed and what to do next. Callers that need to
// branch use Status (or IsAuth) via errors.As.
type APIError struct {
	Status  int    // HTTP status code
	Code    string // provider error code such as "02035", if the body had one
	Message string // provider message, sanitised and bounded
	URL     string // the request URL (never holds the token)
	Excerpt string // sanitised excerpt of a non-JSON body (e.g. a proxy page)

	attempts int // attempts made when retries were involved; 0 if unknown
}

// Error implements error.
func (e *APIError) Error() string {
	st := statusText(e.Status)
	detail := e.detail()
	tried := ""
	if e.attempts > 1 {
		tried = fmt.Sprintf(", gave up after %d attempts", e.attempts)
	}
	switch {
	case e.authFailed():
		return fmt.Sprintf("the API rejected the token (%s%s): tokens are created in the console under Keys and Tokens", st, detail)
	case e.Status == http.StatusNotFound:
		return fmt.Sprintf("the API answered %s%s for %s: check the endpoint; it should end in /compute/v1", st, parenDetail(detail), e.URL)
	case e.Status == http.StatusTooManyRequests:
		return fmt.Sprintf("rate limited by the API (%s%s%s): try again later", st, detail, tried)
	case e.Status >= 500:
		return fmt.Sprintf("the images service failed (%s%s%s): try again in a few minutes", st, detail, tried)
	default:
		return fmt.Sprintf("the API refused GET %s (%s%s)", e.URL, st, detail)
	}
}

// detail renders the provider's code and message, or the body excerpt,
// as a suffix for the status inside parentheses.
func (e *APIError) detail() string {
	switch {
	case e.Message != "" && e.Code != "":
		return fmt.Sprintf(", code %s: %s", e.Code, e.Message)
	case e.Message != "":
		return ": " + e.Message
	case e.Code != "":
		return ", code " + e.Code
	case e.Excerpt != "":
		return fmt.Sprintf(", body: %q", e.Excerpt)
	}
	return ""
}

func parenDetail(d string) string {
	if d == "" {
		return ""
	}
	return " (" + strings.TrimLeft(d, ",: ") + ")"
}

func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprintf("HTTP %d", code)
}

// IsAuth reports whether err is (or wraps) a 401 or 403 from the API, so
// the UI can point at the token instead of offering a retry.
func IsAuth(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.authFailed()
}

func (e *APIError) authFailed() bool {
	return e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden
}

// newAPIError builds an APIError from a non-2xx exchange. The provider's
// body is {"code":"02035","message":"..."} with possible extra fields;
// anything else (an HTML proxy page, plain text) becomes an excerpt.
func (c *Client) newAPIError(reqURL string, res *attemptResult) *APIError {
	e := &APIError{Status: res.status, URL: reqURL}
	var body struct {
		Code    json.RawMessage `json:"code"`
		Message string          `json:"message"`
		Error   string          `json:"error"`
	}
	if err := json.Unmarshal(res.body, &body); err == nil {
		e.Code = cleanText(c.redact(rawToString(body.Code)), 16)
		msg := body.Message
		if msg == "" {
			msg = body.Error
		}
		e.Message = cleanText(c.redact(msg), messageLen)
	}
	if e.Code == "" && e.Message == "" {
		e.Excerpt = c.excerpt(res.body)
	}
	return e
}

// rawToString accepts the code as a JSON string or number.
func rawToString(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

var (
	reHiddenHTML = regexp.MustCompile(`(?is)<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->`)
	reTag        = regexp.MustCompile(`(?s)<[^>]*>`)
)

// excerpt turns an arbitrary body into one short readable line: HTML
// tags (and script/style contents) removed, entities decoded, then
// cleaned by cleanText, at most n runes.
func excerpt(body []byte, n int) string {
	s := string(body)
	if strings.Contains(s, "<") {
		s = reHiddenHTML.ReplaceAllString(s, " ")
		s = reTag.ReplaceAllString(s, " ")
		s = html.UnescapeString(s)
	}
	return cleanText(s, n)
}

// cleanText makes text from a response body safe to show: it goes through
// the same sanitiser as image names (text.Sanitize), so an escape sequence
// is dropped whole, payload and all, rather than losing only its ESC and
// leaving a tail such as "[2J"; control, format and bidi characters go,
// invalid UTF-8 becomes U+FFFD. Whitespace is then collapsed and the
// result bounded to n runes.
func cleanText(s string, n int) string {
	s = strings.Join(strings.Fields(text.Sanitize(s)), " ")
	if utf8.RuneCountInString(s) > n {
		r := []rune(s)
		s = strings.TrimSpace(string(r[:n-1])) + "…"
	}
	return s
}

// NetworkError is a failure to get a response from the endpoint at all:
// refused, reset, unresolvable, TLS trouble or a timeout. URL is the
// endpoint, which is what the person can check or change.
type NetworkError struct {
	URL string
	Err error

	attempts int
}

// Error implements error.
func (e *NetworkError) Error() string {
	tried := ""
	if e.attempts > 1 {
		tried = fmt.Sprintf(" (gave up after %d attempts)", e.attempts)
	}
	if e.Timeout() {
		return fmt.Sprintf("no answer from %s: %s%s", e.URL, describeNetErr(e.Err), tried)
	}
	return fmt.Sprintf("cannot reach %s: %s%s", e.URL, describeNetErr(e.Err), tried)
}

// Unwrap exposes the cause, so errors.Is(err, syscall.ECONNREFUSED) works.
func (e *NetworkError) Unwrap() error { return e.Err }

// Timeout reports whether the attempt ran out of time.
func (e *NetworkError) Timeout() bool {
	var te *timeoutError
	if errors.As(e.Err, &te) {
		return true
	}
	var ne net.Error
	return errors.As(e.Err, &ne) && ne.Timeout()
}

// timeoutError replaces a bare "context deadline exceeded" with the
// configured limit, which is what a person can reason about.
type timeoutError struct {
	after time.Duration
	err   error
}

func (e *timeoutError) Error() string { return fmt.Sprintf("timed out after %s", e.after) }
func (e *timeoutError) Unwrap() error { return e.err }

// describeNetErr gives the short cause: Go's own message repeats the
// method and full URL and ends in syscall jargon.
func describeNetErr(err error) string {
	var (
		te  *timeoutError
		dns *net.DNSError
		ua  x509.UnknownAuthorityError
		hn  x509.HostnameError
		ci  x509.CertificateInvalidError
		rh  tls.RecordHeaderError
	)
	switch {
	case errors.As(err, &te):
		return te.Error()
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset by the server"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "connection closed before the response was complete"
	case errors.As(err, &dns):
		if dns.IsNotFound {
			return fmt.Sprintf("cannot resolve host %q (no such host)", dns.Name)
		}
		return fmt.Sprintf("cannot resolve host %q: %s", dns.Name, dns.Err)
	case errors.As(err, &ua), errors.As(err, &hn), errors.As(err, &ci):
		return "TLS certificate problem: " + innermost(err)
	case errors.As(err, &rh):
		return "the server did not speak TLS (is the endpoint http rather than https?)"
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timed out: " + innermost(err)
	}
	return innermost(err)
}

// innermost strips *url.Error's `Get "https://...":` prefix.
func innermost(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err.Error()
	}
	return err.Error()
}

// DecodeError is a 2xx response that could not be used: not JSON,
// truncated or malformed JSON, or larger than the body bound. Only the
// last is final at once; the others are retried like a 5xx first, since
// a proxy or a cut connection can garble one reply.
type DecodeError struct {
	URL      string
	Endpoint Endpoint // EndpointImages or EndpointSnapshots
	Page     int
	Err      error

	attempts int
}

// Error implements error.
func (e *DecodeError) Error() string {
	tried := ""
	if e.attempts > 1 {
		tried = fmt.Sprintf(" (gave up after %d attempts)", e.attempts)
	}
	return fmt.Sprintf("cannot read page %d of the %s list from %s: %v%s", e.Page, Source{Endpoint: e.Endpoint}.path(), e.URL, e.Err, tried)
}

// Unwrap exposes the cause.
func (e *DecodeError) Unwrap() error { return e.Err }

// TypeRejectedError is the API saying it has no such image type: a 400
// to /images?type=T whose body blames the type, as today's servers
// answer base-os, preconfigured and snapshot ({"code":"00003","message":
// "invalid type"}). It is not a failure to retry or to alarm anyone
// about: this API simply offers no images of that type. Err is the
// server's answer.
type TypeRejectedError struct {
	Type ImageType
	Err  *APIError
}

// Error implements error. It names the type, so a command line tool can
// print it as is.
func (e *TypeRejectedError) Error() string {
	return fmt.Sprintf("this API offers no %s images: it rejects type=%s (%s%s)", e.Type, e.Type, statusText(e.Err.Status), e.Err.detail())
}

// Unwrap exposes the APIError, so errors.As(err, &apiErr) still works.
func (e *TypeRejectedError) Unwrap() error { return e.Err }

// IsTypeRejected reports whether err is (or wraps) a *TypeRejectedError:
// the API offers no images of the type asked for. Other 400s are not.
func IsTypeRejected(err error) bool {
	var te *TypeRejectedError
	return errors.As(err, &te)
}

// codeInvalidType is the provider's code for a type it does not know.
const codeInvalidType = "00003"

var reTypeWord = regexp.MustCompile(`(?i)\btype\b`)

// rejectsType reports whether a 400 blames the type parameter: the
// provider's code for it, or a message that names "type" (a server of
// another build may word it differently, but a 400 about paging does
// not say "type").
func (e *APIError) rejectsType() bool {
	return e.Status == http.StatusBadRequest && (e.Code == codeInvalidType || reTypeWord.MatchString(e.Message))
}

// IncompleteError says a listing ended before it was complete: page Page
// of Source brought no image not seen before while the server's
// total_count said there were Total, of which only Received arrived. It
// is what a server that ignores the `page` parameter looks like (every
// page is page 1). The images received are still good; callers show them
// and say that more exist.
type IncompleteError struct {
	Source   Source
	Page     int
	Received int
	Total    int
}

// Error implements error.
func (e *IncompleteError) Error() string {
	return fmt.Sprintf("incomplete listing of %s: page %d repeated images already received while the server counts %d, so only %d arrived (the server seems to ignore the page parameter)",
		e.Source, e.Page, e.Total, e.Received)
}
