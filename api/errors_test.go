package api

import (
	"context"
	"crypto/tls"
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
	"unicode/utf8"
)

func TestAPIErrorMessages(t *testing.T) {
	const u = "https://api.genesiscloud.com/compute/v1/images?page=1&per_page=100"
	tests := []struct {
		name    string
		err     *APIError
		want    []string
		notWant []string
	}{
		{
			name: "401 says where tokens come from",
			err:  &APIError{Status: 401, URL: u},
			want: []string{"the API rejected the token (401 Unauthorized)", "Keys and Tokens"},
		},
		{
			name: "403 with provider message",
			err:  &APIError{Status: 403, Code: "01001", Message: "token has no access", URL: u},
			want: []string{"403 Forbidden, code 01001: token has no access", "rejected the token"},
		},
		{
			name: "404 suggests the endpoint path",
			err:  &APIError{Status: 404, URL: "https://api.genesiscloud.com/images?page=1"},
			want: []string{"404 Not Found", "https://api.genesiscloud.com/images?page=1", "check the endpoint", "should end in /compute/v1"},
		},
		{
			name: "429 after retries says rate limited and try later",
			err:  &APIError{Status: 429, URL: u, attempts: 5},
			want: []string{"rate limited", "429 Too Many Requests", "gave up after 5 attempts", "try again later"},
		},
		{
			name: "503 says the service failed",
			err:  &APIError{Status: 503, URL: u},
			want: []string{"the images service failed (503 Service Unavailable)", "try again"},
		},
		{
			name: "502 from a proxy shows the excerpt",
			err:  &APIError{Status: 502, URL: u, Excerpt: "502 Bad Gateway nginx"},
			want: []string{"502 Bad Gateway", `body: "502 Bad Gateway nginx"`},
		},
		{
			name: "400 shows the request and the provider message",
			err:  &APIError{Status: 400, Code: "02035", Message: "invalid type", URL: u},
			want: []string{"the API refused GET " + u, "400 Bad Request, code 02035: invalid type"},
		},
		{
			name: "unknown status still reads",
			err:  &APIError{Status: 599, URL: u},
			want: []string{"HTTP 599"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := tt.err.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%q\ndoes not contain %q", msg, w)
				}
			}
		})
	}
}

func TestIsAuth(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"401", &APIError{Status: 401}, true},
		{"403 wrapped", fmt.Errorf("list images, page 1: %w", &APIError{Status: 403}), true},
		{"404", &APIError{Status: 404}, false},
		{"network", &NetworkError{URL: "x", Err: syscall.ECONNREFUSED}, false},
		{"nil", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsAuth(tt.err); got != tt.want {
				t.Errorf("IsAuth(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestErrorBodies(t *testing.T) {
	nginx := "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	tests := []struct {
		name        string
		status      int
		body        string
		wantCode    string
		wantMessage string
		wantExcerpt string
	}{
		{"provider JSON", 400, `{"code":"02035","message":"the selected image cannot be run on this instance","trace_id":"abc"}`, "02035", "the selected image cannot be run on this instance", ""},
		{"numeric code", 400, `{"code":2035,"message":"x"}`, "2035", "x", ""},
		{"error field instead of message", 400, `{"error":"bad page"}`, "", "bad page", ""},
		{"nginx HTML page", 502, nginx, "", "", "502 Bad Gateway 502 Bad Gateway nginx"},
		{"script and style are not text", 503, `<html><style>body{color:red}</style><script>var x=1<2;</script><p>Down &amp; out</p></html>`, "", "", "Down & out"},
		{"terminal escapes are stripped whole", 500, "oops\x1b[31m red\x07\u202e", "", "", "oops red"},
		{"an HTML page's screen clear leaves no tail", 502, "<html><body>\x1b[2J\x1b[HBad Gateway</body></html>", "", "", "Bad Gateway"},
		{"an escape spelled as an entity is dropped too", 502, "<p>&#27;[2J&#x1b;]0;pwned&#7;Bad Gateway</p>", "", "", "Bad Gateway"},
		{"a provider message is sanitised like a name", 400, "{\"code\":\"0\\u001b[2J1\",\"message\":\"bad\\u001b]52;c;aGk=\\u0007 page\\n\\u001b[1mnow\"}", "01", "bad page now", ""},
		{"plain text", 500, "upstream connect error", "", "", "upstream connect error"},
		{"JSON without code or message", 500, `{"status":"down"}`, "", "", `{"status":"down"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			}), Config{MaxRetries: -1})
			_, err := c.ListImages(context.Background(), ListOptions{})
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %v (%T), want *APIError", err, err)
			}
			if ae.Status != tt.status || ae.Code != tt.wantCode || ae.Message != tt.wantMessage || ae.Excerpt != tt.wantExcerpt {
				t.Errorf("got status=%d code=%q message=%q excerpt=%q\nwant status=%d code=%q message=%q excerpt=%q",
					ae.Status, ae.Code, ae.Message, ae.Excerpt, tt.status, tt.wantCode, tt.wantMessage, tt.wantExcerpt)
			}
		})
	}
}

func TestExcerptIsShortAndClean(t *testing.T) {
	long := "<html><body>" + strings.Repeat("word\t\n ", 200) + "</body></html>"
	got := excerpt([]byte(long), excerptLen)
	if n := utf8.RuneCountInString(got); n > excerptLen {
		t.Errorf("excerpt has %d runes, want <= %d", n, excerptLen)
	}
	if !strings.HasSuffix(got, "…") || strings.ContainsAny(got, "\t\n<>") {
		t.Errorf("excerpt = %q", got)
	}
	if got := excerpt([]byte("bad \xff utf8"), excerptLen); !utf8.ValidString(got) {
		t.Errorf("excerpt of invalid UTF-8 is invalid: %q", got)
	}
}

func TestNetworkErrorMessages(t *testing.T) {
	const ep = "https://api.genesiscloud.com/compute/v1"
	tests := []struct {
		name string
		err  *NetworkError
		want string
		is   error
	}{
		{"refused", &NetworkError{URL: ep, Err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}},
			"cannot reach " + ep + ": connection refused", syscall.ECONNREFUSED},
		{"reset", &NetworkError{URL: ep, Err: syscall.ECONNRESET}, "cannot reach " + ep + ": connection reset by the server", syscall.ECONNRESET},
		{"cut short", &NetworkError{URL: ep, Err: io.ErrUnexpectedEOF}, "connection closed before the response was complete", io.ErrUnexpectedEOF},
		{"unknown host", &NetworkError{URL: ep, Err: &net.DNSError{Name: "api.example", Err: "no such host", IsNotFound: true}},
			`cannot reach ` + ep + `: cannot resolve host "api.example" (no such host)`, nil},
		{"timeout", &NetworkError{URL: ep, Err: &timeoutError{after: 30 * time.Second, err: context.DeadlineExceeded}},
			"no answer from " + ep + ": timed out after 30s", context.DeadlineExceeded},
		{"attempts shown", &NetworkError{URL: ep, Err: syscall.ECONNREFUSED, attempts: 3}, "connection refused (gave up after 3 attempts)", nil},
		{"plain http behind an https endpoint", &NetworkError{URL: ep, Err: &url.Error{Op: "Get", URL: ep, Err: tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}}},
			"cannot reach " + ep + ": the server did not speak TLS (is the endpoint http rather than https?)", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); !strings.Contains(got, tt.want) {
				t.Errorf("Error() = %q, want it to contain %q", got, tt.want)
			}
			if tt.is != nil && !errors.Is(tt.err, tt.is) {
				t.Errorf("errors.Is(%v) = false", tt.is)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	tests := []struct {
		token, in, want string
	}{
		{testToken, "Authorization: Bearer " + testToken, "Authorization: Bearer [redacted]"},
		{testToken, "nothing secret", "nothing secret"},
		// A token this short would mangle every message and protect nothing.
		{"abc", "abc abcdef", "abc abcdef"},
		{"", "text", "text"},
	}
	for _, tt := range tests {
		if got := (&Client{token: tt.token}).redact(tt.in); got != tt.want {
			t.Errorf("token %q: redact(%q) = %q, want %q", tt.token, tt.in, got, tt.want)
		}
	}
}
