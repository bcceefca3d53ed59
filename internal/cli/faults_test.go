package cli

// The fault matrix of `gcimg list`: every way the API or the network can
// fail, run in-process with a distinctive token and a debug log, checking
// what the user gets (exit code, stdout, stderr) and that the token
// reaches none of it.

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// faultToken is sent by every run of the matrix; no output may hold it.
// secretPart is the piece to look for, so a token cut by truncation or
// split by a hostile server is still found.
const (
	faultToken = "tok-SECRET-9f8e7d6c"
	secretPart = "SECRET-9f8e"
)

// debugLine matches a request's outcome in the debug log: its status and
// how long it took, or how long it took to fail.
var debugLine = regexp.MustCompile(`GET http\S+ (-> \d{3} [^\n]* in \d[\w.]*s \(attempt \d+|failed after \d[\w.]*s \(attempt \d+)`)

// faultCase is one row of the matrix.
type faultCase struct {
	name   string
	images []api.Image // the catalog; nil means outputCatalog()
	faults fakeapi.Faults
	// serverToken is the token the fake accepts; "" means faultToken.
	serverToken string
	// endpoint rewrites the fake's URL (a wrong path); nil keeps it.
	endpoint func(url string) string
	// handler replaces the fake with a server of the test's own.
	handler http.Handler
	// refused points the endpoint at a port nothing listens on.
	refused bool
	// retryAfterIn, when set, makes faults.RetryAfter the HTTP date this
	// far ahead of the moment the case starts (cases wait their turn).
	retryAfterIn time.Duration
	args         []string // more flags (--timeout)
	formats      []string // -o values to run; nil means ids

	wantCode int
	want     func(all []api.Image) []api.Image // IDs printed on success; nil means all
	mentions []string                          // in stderr on failure
	// retried: the debug log and stderr must show a retry. Without it a
	// run that succeeds must leave stderr empty.
	retried bool
	// slugWarnings: -o slugs prints the ID of an image whose slug is not
	// clean text, with a warning; stderr holds those too.
	slugWarnings bool
	// outcome is the number of lines stderr has besides the retries: 1
	// on failure (0 means 1), none on success, one per listing when
	// several fail.
	outcome int
	// partial: a failure that still prints what it has (an incomplete
	// listing), checked against want as a success is.
	partial bool
	check   func(t *testing.T, srv *fakeapi.Server, took time.Duration)
}

// retryLine is the notice of one retry on stderr.
var retryLine = regexp.MustCompile(`^gcimg: retrying page \d+ of (images|[a-z-]+ images|the snapshots endpoint) \(\d/\d\) in \d[\d.]*m?s: \S.*$`)

// statusesOf lists the statuses the fake sent, in order.
func statusesOf(s *fakeapi.Server) []int {
	var out []int
	for _, r := range s.Requests() {
		out = append(out, r.Status)
	}
	return out
}

// firstAnswered checks that the first request for page 1 was answered
// with status, and a later request for the same listing's page 1 then
// succeeded. (A plain listing reads /images and /snapshots at once, so
// the other listing's page 1 may be logged before or after it.)
func firstAnswered(status int) func(t *testing.T, srv *fakeapi.Server, _ time.Duration) {
	return func(t *testing.T, srv *fakeapi.Server, _ time.Duration) {
		t.Helper()
		reqs := srv.Requests()
		failed := -1
		for i, r := range reqs {
			if r.Page == 1 && r.Status == status {
				failed = i
				break
			}
		}
		if failed < 0 {
			t.Fatalf("statuses %v: no page 1 answered %d", statusesOf(srv), status)
		}
		f := reqs[failed]
		for _, r := range reqs[failed+1:] {
			if r.Endpoint == f.Endpoint && r.Type == f.Type && r.Page == 1 && r.Status == http.StatusOK {
				return
			}
		}
		t.Errorf("requests %+v: page 1 of %s was not retried after its %d", reqs, f.Endpoint, status)
	}
}

// nullFields serves one page in which every field but the ID is null,
// which api.Image cannot express, so the fake cannot either.
func nullFields() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+faultToken {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"images":[`+
			`{"id":"33333333-0000-4000-8000-000000000001","name":null,"type":null,"family":null,"slug":null,"os_type":null,"versions":null,"regions":null,"created_at":null,"updated_at":null},`+
			`{"id":"33333333-0000-4000-8000-000000000002","name":"only an id and a name"},`+
			`{"id":"33333333-0000-4000-8000-000000000003","name":"nulls inside lists","versions":[null,"v1"],"regions":[null,"NORD-NO-KRS-1"],"trace":{"x":null}}`+
			`],"total_count":null,"page":null,"per_page":null}`)
	})
}

var nullFieldIDs = []string{"33333333-0000-4000-8000-000000000001", "33333333-0000-4000-8000-000000000002", "33333333-0000-4000-8000-000000000003"}

// strangeImages have types and regions no documentation names.
func strangeImages() []api.Image {
	out := plainImages(3)
	out[0].Type, out[0].Regions = "gpu-special", []string{"MARS-OLYMPUS-1"}
	out[1].Type, out[1].Regions = "", []string{"", "NORD-NO-KRS-1"}
	out[2].Type, out[2].Regions = "base-os-v2", nil
	return out
}

// longNames are names of thousands of characters, ASCII and wide.
func longNames() []api.Image {
	out := plainImages(4)
	out[0].Name = strings.Repeat("a", 10000)
	out[1].Name = strings.Repeat("日本語", 3000)
	out[2].Name = strings.Repeat("👩\u200d💻 ", 2000)
	out[3].Slug = strp(strings.Repeat("s", 5000))
	out[3].Family = strp(strings.Repeat("f", 5000))
	out[3].Regions = []string{strings.Repeat("R", 5000)}
	return out
}

func faultMatrix() []faultCase {
	first := func(n int) func([]api.Image) []api.Image {
		return func(all []api.Image) []api.Image { return all[:n] }
	}
	return []faultCase{
		// The token.
		{
			name: "401: the server does not know the token", serverToken: "another-token",
			wantCode: exitFailure, mentions: []string{"401", "rejected the token", "the token was read from GENESISCLOUD_TOKEN"},
		},
		{
			name: "401 echoing the Authorization header", serverToken: "another-token", faults: fakeapi.Faults{EchoAuth: true},
			wantCode: exitFailure, mentions: []string{"401", "GENESISCLOUD_TOKEN", "[redacted]"},
		},
		{
			name: "403", faults: fakeapi.Faults{FailAlways: http.StatusForbidden},
			wantCode: exitFailure, mentions: []string{"403 Forbidden", "rejected the token", "GENESISCLOUD_TOKEN"},
		},
		// The endpoint.
		{
			name: "404: endpoint without /compute/v1", endpoint: func(u string) string { return strings.TrimSuffix(u, "/compute/v1") },
			// Neither listing exists there: a line for each.
			wantCode: exitFailure, outcome: 2, mentions: []string{"404 Not Found", "/images?", "/snapshots?", "check the endpoint", "/compute/v1", "the endpoint was set by --endpoint"},
		},
		{
			name: "connection refused", refused: true,
			wantCode: exitFailure, mentions: []string{"cannot reach", "connection refused", "gave up after 3 attempts"}, retried: true,
		},
		// Rate limits.
		{
			name: "429 once, Retry-After 1 second", faults: fakeapi.Faults{RateLimit: 1, RetryAfter: "1"},
			wantCode: exitOK, retried: true,
			check: func(t *testing.T, srv *fakeapi.Server, took time.Duration) {
				firstAnswered(http.StatusTooManyRequests)(t, srv, took)
				if took < 900*time.Millisecond {
					t.Errorf("finished in %s: Retry-After 1 was not honoured", took)
				}
			},
		},
		{
			name: "429 once, Retry-After as an HTTP date", faults: fakeapi.Faults{RateLimit: 1}, retryAfterIn: 2 * time.Second,
			wantCode: exitOK, retried: true,
			check: func(t *testing.T, srv *fakeapi.Server, took time.Duration) {
				firstAnswered(http.StatusTooManyRequests)(t, srv, took)
				if took < 900*time.Millisecond { // the date is 1-2 s ahead, to the second
					t.Errorf("finished in %s: the Retry-After date was not honoured", took)
				}
			},
		},
		{
			name: "429 always", faults: fakeapi.Faults{RateLimit: 1000, RetryAfter: "0"},
			wantCode: exitFailure, mentions: []string{"rate limited", "429", "try again later", "gave up after 5 attempts"}, retried: true,
		},
		// Server errors, once and always.
		{
			name: "500 once on page 2", faults: fakeapi.Faults{FailOnce: map[int]int{2: 500}},
			wantCode: exitOK, retried: true,
		},
		{
			name: "502 once on page 1", faults: fakeapi.Faults{FailOnce: map[int]int{1: 502}},
			wantCode: exitOK, retried: true, check: firstAnswered(http.StatusBadGateway),
		},
		{
			name: "503 once on page 3", faults: fakeapi.Faults{FailOnce: map[int]int{3: 503}, RetryAfter: "0"},
			wantCode: exitOK, retried: true,
		},
		{
			name: "500 always", faults: fakeapi.Faults{FailAlways: 500, RetryAfter: "0"},
			wantCode: exitFailure, mentions: []string{"500 Internal Server Error", "try again", "gave up after 5 attempts"}, retried: true,
		},
		{
			name: "502 always", faults: fakeapi.Faults{FailAlways: 502, RetryAfter: "0"},
			wantCode: exitFailure, mentions: []string{"502 Bad Gateway", "try again"}, retried: true,
		},
		{
			name: "503 always", faults: fakeapi.Faults{FailAlways: 503, RetryAfter: "0"},
			wantCode: exitFailure, mentions: []string{"503 Service Unavailable", "try again"}, retried: true,
		},
		{
			name: "503 always on page 3 after two good pages", faults: fakeapi.Faults{FailPages: map[int]int{3: 503}, RetryAfter: "0"},
			wantCode: exitFailure, mentions: []string{"page 3", "503 Service Unavailable", "try again"}, retried: true,
		},
		{
			name: "500 echoing the Authorization header", faults: fakeapi.Faults{FailAlways: 500, RetryAfter: "0", EchoAuth: true},
			wantCode: exitFailure, retried: true, mentions: []string{"500", "[redacted]"},
		},
		// Slow and broken transfers.
		{
			name: "slower than --timeout, always", faults: fakeapi.Faults{Delay: time.Minute}, args: []string{"--timeout", "150ms"},
			wantCode: exitFailure, mentions: []string{"no answer from", "timed out after 150ms", "gave up after 2 attempts"}, retried: true,
		},
		{
			name: "slower than --timeout, once", faults: fakeapi.Faults{Delay: time.Minute, Times: 1}, args: []string{"--timeout", "150ms"},
			wantCode: exitOK, retried: true,
		},
		{
			name: "body stalls past --timeout", faults: fakeapi.Faults{StallBody: time.Minute}, args: []string{"--timeout", "150ms"},
			wantCode: exitFailure, mentions: []string{"timed out after 150ms"}, retried: true,
		},
		{
			name: "connection cut mid-body, once", faults: fakeapi.Faults{CutMidBody: true, Times: 1},
			wantCode: exitOK, retried: true,
		},
		{
			// The only case that waits out real backoff (about 4 s): a
			// 200 cut short carries no Retry-After to shorten it.
			name: "connection cut mid-body, always", faults: fakeapi.Faults{CutMidBody: true},
			wantCode: exitFailure, mentions: []string{"connection closed before the response was complete", "gave up after 5 attempts"}, retried: true,
		},
		{
			// The first request is on a new connection, so Go's transport
			// does not re-send it itself: gcimg's retry must.
			name: "connection reset before the reply, once", faults: fakeapi.Faults{Reset: true, Times: 1},
			wantCode: exitOK, retried: true,
		},
		// Bodies that are not a page.
		{
			name: "truncated JSON", faults: fakeapi.Faults{MalformedJSON: true},
			wantCode: exitFailure, retried: true, mentions: []string{"page 1", "truncated JSON"},
		},
		{
			name: "HTML error page from a proxy, always", faults: fakeapi.Faults{HTMLError: 502, RetryAfter: "0"},
			wantCode: exitFailure, mentions: []string{"502 Bad Gateway", "body:", "nginx", "try again"}, retried: true,
		},
		{
			name: "HTML error page from a proxy, once", faults: fakeapi.Faults{HTMLError: 502, Times: 1, RetryAfter: "0"},
			wantCode: exitOK, retried: true, check: firstAnswered(http.StatusBadGateway),
		},
		{
			name: "HTML page with status 200 (captive portal)", faults: fakeapi.Faults{HTMLError: 200},
			wantCode: exitFailure, retried: true, mentions: []string{"not JSON", "text/html", "200 OK", "nginx"},
		},
		{
			name: "HTML page with status 200 echoing the Authorization header", faults: fakeapi.Faults{HTMLError: 200, EchoAuth: true},
			wantCode: exitFailure, retried: true, mentions: []string{"not JSON", "[redacted]"},
		},
		{
			name: "a body of 40 MiB", faults: fakeapi.Faults{HugeBody: 40},
			wantCode: exitFailure, mentions: []string{"page 1", "larger than 32 MiB"},
		},
		// Paging that lies.
		{
			name: "total_count too low", faults: fakeapi.Faults{TotalCountDelta: -200},
			wantCode: exitOK,
		},
		{
			name: "total_count too high", faults: fakeapi.Faults{TotalCountDelta: 5000},
			wantCode: exitOK,
		},
		{
			name: "duplicate IDs across pages", faults: fakeapi.Faults{DuplicateAcrossPages: true},
			wantCode: exitOK,
		},
		{
			// total_count says there are more: the listing is incomplete
			// (issue 12), which is a failure, not a silent truncation.
			// What arrived is printed, and a line for each listing that
			// broke off says which, why and how many of how many.
			name: "page ignored", faults: fakeapi.Faults{IgnorePage: true}, formats: []string{"ids", "json"},
			wantCode: exitFailure, partial: true, outcome: 2,
			mentions: []string{
				"incomplete listing of images: page 2 repeated images already received while the server counts 250, so only 100 arrived (the server seems to ignore the page parameter)",
				fmt.Sprintf("incomplete listing of the snapshots endpoint: page 2 repeated images already received while the server counts %d, so only 100 arrived",
					len(fakeapi.SnapshotsOf(outputCatalog()))),
			},
			want: func(all []api.Image) []api.Image {
				return unionByID(all[:100], fakeapi.SnapshotsOf(all)[:100])
			},
		},
		{
			// Both listings end at their empty page 2: the first page of
			// /images, then what the first page of /snapshots adds.
			name: "empty pages from page 2", faults: fakeapi.Faults{EmptyFrom: 2},
			wantCode: exitOK, want: func(all []api.Image) []api.Image {
				return unionByID(all[:100], fakeapi.SnapshotsOf(all)[:100])
			},
		},
		{
			name: "every page empty", faults: fakeapi.Faults{EmptyFrom: 1},
			wantCode: exitOK, want: first(0),
		},
		// Data the documentation does not promise.
		{
			name: "null fields", handler: nullFields(), formats: []string{"ids", "table", "json", "slugs"},
			wantCode: exitOK,
		},
		{
			name: "unknown image types and regions", images: strangeImages(), formats: []string{"ids", "table", "json"},
			wantCode: exitOK,
		},
		{
			name: "names thousands of characters long", images: longNames(), formats: []string{"ids", "table", "json", "slugs"},
			wantCode: exitOK,
		},
		{
			name: "hostile strings in every field", images: hostileImages(), formats: []string{"ids", "table", "slugs"},
			wantCode: exitOK, slugWarnings: true,
		},
	}
}

// TestListFaultMatrix runs `gcimg list` against every fault.
func TestListFaultMatrix(t *testing.T) {
	t.Parallel()
	for _, tc := range faultMatrix() {
		for _, format := range cmpOr(tc.formats, []string{"ids"}) {
			name := tc.name
			if len(tc.formats) > 1 {
				name += "/" + format
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				runFault(t, tc, format)
			})
		}
	}
}

func cmpOr[T any](a, b []T) []T {
	if len(a) > 0 {
		return a
	}
	return b
}

func runFault(t *testing.T, tc faultCase, format string) {
	images := tc.images
	if images == nil {
		images = outputCatalog()
	}
	var (
		endpoint string
		fake     *fakeapi.Server
	)
	switch {
	case tc.handler != nil:
		hs := httptest.NewServer(tc.handler)
		t.Cleanup(hs.Close)
		endpoint = hs.URL + "/compute/v1"
	case tc.refused:
		endpoint = "http://" + closedPort(t) + "/compute/v1"
	default:
		tok := tc.serverToken
		if tok == "" {
			tok = faultToken
		}
		srv, err := fakeapi.Start(fakeapi.Options{Images: images, Token: tok})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = srv.Close() })
		f := tc.faults
		if tc.retryAfterIn > 0 {
			f.RetryAfter = time.Now().Add(tc.retryAfterIn).UTC().Format(http.TimeFormat)
		}
		srv.Server.SetFaults(f)
		fake, endpoint = srv.Server, srv.URL
	}
	if tc.endpoint != nil {
		endpoint = tc.endpoint(endpoint)
	}

	logFile := filepath.Join(t.TempDir(), "debug.log")
	args := append([]string{"list", "-o", format, "--endpoint", endpoint, "--debug-log", logFile}, tc.args...)
	start := time.Now()
	res := runCLI(t, vars{api.EnvToken: faultToken}, args...)
	took := time.Since(start)
	logb, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatalf("debug log: %v", err)
	}
	log := string(logb)

	// The token, in any output, is always a failure.
	for where, s := range map[string]string{"stdout": res.stdout, "stderr": res.stderr, "the debug log": log} {
		if strings.Contains(s, secretPart) {
			i := strings.Index(s, secretPart)
			t.Errorf("%s leaks the token: …%s…", where, safe(s[max(i-60, 0):min(i+40, len(s))]))
		}
	}
	checkTerminalSafe(t, res.stderr)
	if !debugLine.MatchString(log) {
		t.Errorf("debug log has no request with its status and timing:\n%s", safe(shorten(log, 2000)))
	}
	if tc.retried && !strings.Contains(log, "retrying in ") {
		t.Errorf("debug log shows no retry:\n%s", safe(shorten(log, 2000)))
	}

	if res.code != tc.wantCode {
		t.Fatalf("exit %d, want %d\n%s", res.code, tc.wantCode, res)
	}
	// Retries are said on stderr while they happen, one line each; the
	// rest of stderr is the outcome.
	var retries, warnings, outcome []string
	for _, l := range lines(t, res.stderr) {
		switch {
		case strings.HasPrefix(l, "gcimg: retrying "):
			retries = append(retries, l)
			if !retryLine.MatchString(l) {
				t.Errorf("retry notice %q", l)
			}
		case strings.HasPrefix(l, "gcimg: warning: ") && tc.slugWarnings && format == "slugs":
			warnings = append(warnings, l)
		default:
			outcome = append(outcome, l)
		}
	}
	switch {
	case tc.retried && len(retries) == 0:
		t.Errorf("stderr says nothing of the retries:\n%s", res.stderr)
	case tc.slugWarnings && format == "slugs" && len(warnings) == 0:
		t.Errorf("stderr says nothing of the slugs printed as IDs:\n%s", res.stderr)
	case !tc.retried && tc.wantCode == exitOK && len(outcome) != 0:
		t.Errorf("stderr should be empty on success, got %q", res.stderr)
	}
	if tc.wantCode != exitOK {
		if res.stdout != "" && !tc.partial {
			t.Errorf("stdout should be empty on failure, got %q", shorten(res.stdout, 300))
		}
		want := max(tc.outcome, 1)
		if len(outcome) != want || !strings.HasPrefix(res.stderr, "gcimg: ") {
			t.Errorf("stderr should end in %d lines starting with \"gcimg: \", got %q", want, res.stderr)
		}
		for _, m := range tc.mentions {
			if !strings.Contains(strings.Join(outcome, "\n"), m) {
				t.Errorf("stderr does not mention %q:\n%s", m, res.stderr)
			}
		}
	} else if len(outcome) != 0 {
		t.Errorf("stderr should say nothing but retries on success, got %q", res.stderr)
	}
	if tc.wantCode == exitOK || tc.partial {
		checkTerminalSafe(t, res.stdout)
		checkOutput(t, tc, format, images, res.stdout)
	}
	if tc.check != nil && fake != nil {
		tc.check(t, fake, took)
	}
}

// checkOutput checks a successful run printed each expected image once.
func checkOutput(t *testing.T, tc faultCase, format string, images []api.Image, out string) {
	t.Helper()
	want := ids(images)
	if tc.want != nil {
		want = ids(tc.want(images))
	}
	if tc.handler != nil {
		want = nullFieldIDs
	}
	switch format {
	case "ids":
		checkExactlyOnce(t, lines(t, out), want)
	case "table":
		if rows := lines(t, out); len(rows) != len(want)+1 {
			t.Errorf("table has %d lines for %d images", len(rows), len(want))
		}
		for _, id := range want {
			if n := strings.Count(out, id); n != 1 {
				t.Errorf("table shows %s %d times", id, n)
			}
		}
	case "json":
		var got []map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("not JSON: %v", err)
		}
		gotIDs := make([]string, len(got))
		for i, im := range got {
			gotIDs[i], _ = im["id"].(string)
		}
		checkExactlyOnce(t, gotIDs, want)
	case "slugs":
		if n := len(lines(t, out)); n != len(want) {
			t.Errorf("%d slugs for %d images", n, len(want))
		}
	}
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// TestListRegionFilterKeepsUnknownRegions checks that a region no
// documentation names is still a region one can filter on.
func TestListRegionFilterKeepsUnknownRegions(t *testing.T) {
	t.Parallel()
	images := strangeImages()
	srv := startFake(t, images)
	res := runCLI(t, withToken(), "list", "-o", "ids", "--endpoint", srv.URL, "--region", "MARS-OLYMPUS-1")
	if res.code != exitOK {
		t.Fatalf("want exit 0:\n%s", res)
	}
	checkExactlyOnce(t, lines(t, res.stdout), ids(images[:1]))
}

// TestDebugLog checks what --debug-log and GCIMG_DEBUG_LOG write: one
// timestamped line per request, status, timing and retry, never the
// token, in a file only its owner can read, appended to across runs.
func TestDebugLog(t *testing.T) {
	t.Parallel()
	srv, err := fakeapi.Start(fakeapi.Options{Images: outputCatalog(), Token: faultToken})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	srv.Server.SetFaults(fakeapi.Faults{FailOnce: map[int]int{2: 503}, RetryAfter: "0"})

	dir := t.TempDir()
	flagLog, envLog := filepath.Join(dir, "flag.log"), filepath.Join(dir, "env.log")
	env := vars{api.EnvToken: faultToken, "GCIMG_DEBUG_LOG": envLog}

	res := runCLI(t, env, "list", "-o", "ids", "--endpoint", srv.URL, "--debug-log", flagLog)
	if res.code != exitOK {
		t.Fatalf("want exit 0:\n%s", res)
	}
	if _, err := os.Stat(envLog); err == nil {
		t.Error("--debug-log should beat GCIMG_DEBUG_LOG, but both files were written")
	}
	b, err := os.ReadFile(flagLog)
	if err != nil {
		t.Fatal(err)
	}
	log := string(b)
	ts := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z `)
	for i, l := range strings.Split(strings.TrimSuffix(log, "\n"), "\n") {
		if !ts.MatchString(l) {
			t.Errorf("line %d has no UTC timestamp: %q", i+1, l)
		}
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`gcimg .* started`),
		regexp.MustCompile(`GET http://127\.0\.0\.1:\d+/compute/v1/images\?page=1&per_page=100 \(attempt 1 of 5\)`),
		regexp.MustCompile(`page=1&per_page=100 -> 200 OK in \d[\w.]*s \(attempt 1, \d+ bytes\)`),
		regexp.MustCompile(`page=2&per_page=100 -> 503 Service Unavailable in \d[\w.]*s \(attempt 1\)`),
		regexp.MustCompile(`retrying in 0s \(attempt 1 of 5 failed: 503 Service Unavailable\)`),
		regexp.MustCompile(`page=2&per_page=100 -> 200 OK in \d[\w.]*s \(attempt 2, \d+ bytes\)`),
		regexp.MustCompile(`page=3&per_page=100 -> 200 OK`),
		regexp.MustCompile(`(?m)^\S+ runtime: goroutines=\d+ heap_live_bytes=\d+ .*\n(.*\n)*\S+ runtime: goroutines=\d+ .* at exit\n$`),
	} {
		if !want.MatchString(log) {
			t.Errorf("debug log lacks %s:\n%s", want, log)
		}
	}
	if strings.Contains(log, secretPart) || strings.Contains(log, "Authorization") {
		t.Errorf("debug log holds the token or its header:\n%s", log)
	}
	checkOwnerOnly(t, flagLog)

	// GCIMG_DEBUG_LOG alone; then a second run appends.
	for range 2 {
		if res := runCLI(t, env, "list", "-o", "ids", "--endpoint", srv.URL); res.code != exitOK {
			t.Fatalf("want exit 0:\n%s", res)
		}
	}
	b, err = os.ReadFile(envLog)
	if err != nil {
		t.Fatalf("GCIMG_DEBUG_LOG was not written: %v", err)
	}
	if n := strings.Count(string(b), " started\n"); n != 2 {
		t.Errorf("GCIMG_DEBUG_LOG has %d runs, want 2 appended:\n%s", n, b)
	}
	if strings.Contains(string(b), secretPart) {
		t.Error("GCIMG_DEBUG_LOG holds the token")
	}
	checkOwnerOnly(t, envLog)
}

// TestDebugLogRuntimeLines checks the runtime lines of the debug log,
// which bench/soak reads to tell a leak from load: one when the log
// opens, one every interval while it is open, one when it closes, and
// nothing after that (goleak checks that their goroutine ended).
func TestDebugLogRuntimeLines(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "debug.log")
	_, closeLog, err := openDebugLog(path, time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`(?m)^\S+ runtime: goroutines=([1-9]\d*) heap_live_bytes=\d+ heap_objects_bytes=[1-9]\d* gc_cycles=\d+( at exit)?$`)
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(5 * time.Millisecond) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(line.FindAllString(string(b), -1)) >= 3 { // the first, then two ticks
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no runtime lines after a minute:\n%s", b)
		}
	}
	closeLog()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	for i, l := range lines[1:] { // after "gcimg … started"
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("line %d is not a runtime line: %q", i+2, l)
		}
		if last := i+2 == len(lines); (m[2] != "") != last {
			t.Errorf("line %d: only the last line says \"at exit\": %q", i+2, l)
		}
	}
	time.Sleep(10 * time.Millisecond) // ten intervals: a tick still running would write
	if after, err := os.ReadFile(path); err != nil || len(after) != len(b) {
		t.Errorf("the log grew after it was closed (%v):\n%s", err, after)
	}
}

func checkOwnerOnly(t *testing.T, path string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		return
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("%s has mode %04o, want 0600", filepath.Base(path), perm)
	}
}
