package cli

// End-to-end tests of `gcimg list`, run in-process through run() with an
// environment the test controls (getenv never reads the real environment),
// against fakeapi servers and, for the paging rules, an independent
// loopback server written here so that a bug in fakeapi cannot hide a
// matching bug in the client.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"go.uber.org/goleak"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// TestMain checks for leaked goroutines after the tests, when they
// passed: a failed test may legitimately leave a goroutine behind, and the
// failure is the thing to read first.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// testToken is the token the test servers accept.
const testToken = "gcimg-test-token-5f0c2a"

// result is what one run of the CLI did.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, safe(shorten(r.stdout, 2000)), safe(r.stderr))
}

// safe makes output fit for a failure message: every rune that is not
// graphic (controls, escapes, bidi overrides) is shown as its code, so a
// failing test never replays a hostile sequence into the terminal that
// reads the test log.
func safe(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '\n' || unicode.IsGraphic(r) {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "<%U>", r)
		}
	}
	return b.String()
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + fmt.Sprintf("… (%d more bytes)", len(s)-n)
}

// vars is the environment a run sees; nothing else leaks in.
type vars map[string]string

func (v vars) getenv(k string) string { return v[k] }

// withToken is an environment holding only the test token.
func withToken() vars { return vars{api.EnvToken: testToken} }

// runCLI runs gcimg in-process. A run that outlives its deadline fails the
// test rather than hanging it.
func runCLI(t *testing.T, v vars, args ...string) result {
	t.Helper()
	return runCLITimeout(t, 20*time.Second, v, args...)
}

func runCLITimeout(t *testing.T, d time.Duration, v vars, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, args, env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: v.getenv})
	if ctx.Err() != nil {
		t.Fatalf("gcimg %s did not finish within %s (a paging loop?)\n%s", strings.Join(args, " "), d,
			result{code, stdout.String(), stderr.String()})
	}
	return result{code, stdout.String(), stderr.String()}
}

// startFake serves images on loopback with testToken and closes it when
// the test ends.
func startFake(t *testing.T, images []api.Image) *fakeapi.Running {
	t.Helper()
	srv, err := fakeapi.Start(fakeapi.Options{Images: images, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

func strp(s string) *string { return &s }

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC) }

// edgeCases are images with every shape the API notes warn about: nulls,
// an empty (not null) versions list, an unknown type, Windows.
func edgeCases() []api.Image {
	return []api.Image{
		{
			ID: "11111111-0000-4000-8000-000000000001", Name: "Ubuntu 24.04", Type: api.TypeCloudImage,
			Family: strp("Ubuntu"), Slug: strp("ubuntu-24.04"), OSType: api.OSLinux,
			Versions: []string{"20240601", "20241001"}, Regions: []string{"NORD-NO-KRS-1", "EUC-DE-MUC-1"},
			CreatedAt: date(2024, 6, 1), UpdatedAt: date(2024, 10, 1),
		},
		{
			ID: "11111111-0000-4000-8000-000000000002", Name: "my snapshot, every nullable field null", Type: api.TypeSnapshot,
			OSType: api.OSLinux, Regions: []string{"EUW-GB-MNC-1"},
			CreatedAt: date(2025, 1, 2), UpdatedAt: date(2025, 1, 2),
		},
		{
			ID: "11111111-0000-4000-8000-000000000003", Name: "snapshot with empty versions", Type: api.TypeSnapshot,
			OSType: api.OSLinux, Versions: []string{}, Regions: []string{},
			CreatedAt: date(2023, 3, 3), UpdatedAt: date(2023, 3, 4),
		},
		{
			ID: "11111111-0000-4000-8000-000000000004", Name: "Future GPU image", Type: "gpu-special",
			Family: strp("Ubuntu"), Slug: strp(""), OSType: api.OSLinux, Regions: []string{"NA-CA-FTS-1"},
			CreatedAt: date(2026, 2, 2), UpdatedAt: date(2026, 2, 2),
		},
		{
			ID: "11111111-0000-4000-8000-000000000005", Name: "Windows Server 2022", Type: api.TypeBaseOS,
			Family: strp("Windows Server"), OSType: api.OSWindows, Regions: []string{"EUC-DE-MUC-1"},
			CreatedAt: date(2022, 9, 9), UpdatedAt: date(2022, 9, 9),
		},
	}
}

// outputCatalog spans three pages at the client's 100 per page.
func outputCatalog() []api.Image {
	return append(edgeCases(), fakeapi.Generate(245, 7)...)
}

// unionByID is what `gcimg list` prints for images plus what the
// snapshots endpoint lists: each ID once, a snapshot with its details.
func unionByID(images []api.Image, snaps []api.Snapshot) []api.Image {
	out := slices.Clone(images)
	at := map[string]int{}
	for i := range out {
		at[out[i].ID] = i
	}
	for i := range snaps {
		im := snaps[i].Image()
		if j, ok := at[im.ID]; ok {
			out[j], _ = api.Merge(out[j], im)
			continue
		}
		at[im.ID] = len(out)
		out = append(out, im)
	}
	return out
}

func ids(images []api.Image) []string {
	out := make([]string, len(images))
	for i := range images {
		out[i] = images[i].ID
	}
	return out
}

// lines splits output into lines; a missing final newline is an error.
func lines(t *testing.T, out string) []string {
	t.Helper()
	if out == "" {
		return nil
	}
	if !strings.HasSuffix(out, "\n") {
		t.Errorf("output does not end with a newline: %q", shorten(out[max(len(out)-80, 0):], 80))
	}
	return strings.Split(strings.TrimSuffix(out, "\n"), "\n")
}

// checkExactlyOnce reports IDs that are missing, repeated or unexpected.
func checkExactlyOnce(t *testing.T, got, want []string) {
	t.Helper()
	seen := make(map[string]int, len(got))
	for _, id := range got {
		seen[id]++
	}
	wantSet := make(map[string]bool, len(want))
	for _, id := range want {
		wantSet[id] = true
		switch n := seen[id]; n {
		case 1:
		case 0:
			t.Errorf("ID %s missing", id)
		default:
			t.Errorf("ID %s printed %d times", id, n)
		}
	}
	for id := range seen {
		if !wantSet[id] {
			t.Errorf("unexpected ID %q", id)
		}
	}
	if len(got) != len(want) {
		t.Errorf("printed %d IDs, want %d", len(got), len(want))
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// TestListOutputModes runs `gcimg list -o <mode>` over a catalog of three
// pages with nulls, empty lists and an unknown type.
func TestListOutputModes(t *testing.T) {
	t.Parallel()
	catalog := outputCatalog()
	srv := startFake(t, catalog)

	tests := []struct {
		name  string
		args  []string
		check func(t *testing.T, out string)
	}{
		{
			name: "ids prints every ID exactly once",
			args: []string{"-o", "ids"},
			check: func(t *testing.T, out string) {
				checkExactlyOnce(t, lines(t, out), ids(catalog))
			},
		},
		{
			name: "slugs prints the slug, or the ID where the slug is null or empty",
			args: []string{"-o", "slugs"},
			check: func(t *testing.T, out string) {
				want := make([]string, len(catalog))
				for i := range catalog {
					want[i] = catalog[i].ID
					if s := catalog[i].Slug; s != nil && *s != "" {
						want[i] = *s
					}
				}
				got := lines(t, out)
				if !slices.Equal(sorted(got), sorted(want)) {
					t.Errorf("slugs differ:\ngot  %q\nwant %q", shorten(strings.Join(sorted(got), " "), 600), shorten(strings.Join(sorted(want), " "), 600))
				}
				for _, l := range got {
					if l == "" || l == "null" || l == "-" {
						t.Errorf("slugs printed a placeholder line %q instead of the ID", l)
					}
				}
			},
		},
		{
			name:  "json is an array with every field and nulls kept",
			args:  []string{"-o", "json"},
			check: func(t *testing.T, out string) { checkJSON(t, out, unionByID(catalog, fakeapi.SnapshotsOf(catalog))) },
		},
		{
			name:  "table has a header, one row per image and aligned columns",
			args:  []string{"-o", "table"},
			check: func(t *testing.T, out string) { checkTable(t, out, catalog) },
		},
		{
			name:  "table is the default",
			args:  nil,
			check: func(t *testing.T, out string) { checkTable(t, out, catalog) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"list", "--endpoint", srv.URL}, tt.args...)
			res := runCLI(t, withToken(), args...)
			if res.code != exitOK || res.stderr != "" {
				t.Fatalf("want exit 0 and nothing on stderr:\n%s", res)
			}
			tt.check(t, res.stdout)
		})
	}
}

// jsonFields is every field of an image in the API's JSON.
var jsonFields = []string{"id", "name", "type", "family", "slug", "os_type", "versions", "regions", "created_at", "updated_at"}

func checkJSON(t *testing.T, out string, want []api.Image) {
	t.Helper()
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("output is not a JSON array: %v\n%s", err, safe(shorten(out, 500)))
	}
	var got []api.Image
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output does not decode as images: %v", err)
	}
	checkExactlyOnce(t, ids(got), ids(want))
	byID := make(map[string]int, len(got))
	for i := range got {
		byID[got[i].ID] = i
	}
	for _, w := range want {
		i, ok := byID[w.ID]
		if !ok {
			continue // reported above
		}
		for _, f := range jsonFields {
			if _, ok := raw[i][f]; !ok {
				t.Errorf("%s: field %q missing", w.ID, f)
			}
		}
		// Re-encoding both sides compares every field, with nil and empty
		// slices and pointers told apart.
		gotJSON, _ := json.Marshal(got[i])
		wantJSON, _ := json.Marshal(w)
		if !bytes.Equal(gotJSON, wantJSON) {
			t.Errorf("image differs:\ngot  %s\nwant %s", safe(string(gotJSON)), safe(string(wantJSON)))
		}
		nullIf := func(field string, isNull bool) {
			if isNull && string(raw[i][field]) != "null" {
				t.Errorf("%s: %s = %s, want null", w.ID, field, raw[i][field])
			}
		}
		nullIf("slug", w.Slug == nil)
		nullIf("family", w.Family == nil)
		nullIf("versions", w.Versions == nil)
		if w.Versions != nil && len(w.Versions) == 0 && string(raw[i]["versions"]) != "[]" {
			t.Errorf("%s: versions = %s, want [] (empty, not null)", w.ID, raw[i]["versions"])
		}
	}
}

// checkTable checks that every image has one row ending in its ID and that
// every column starts at the display column of its header on every row.
func checkTable(t *testing.T, out string, want []api.Image) {
	t.Helper()
	rows := lines(t, out)
	if len(rows) != len(want)+1 {
		t.Fatalf("table has %d lines, want a header and %d rows", len(rows), len(want))
	}
	header := rows[0]
	if !strings.HasPrefix(header, "NAME") || !strings.HasSuffix(header, "ID") {
		t.Fatalf("header %q should start with NAME and end with ID", header)
	}
	var got []string
	for _, r := range rows[1:] {
		f := strings.Fields(r)
		if len(f) == 0 {
			t.Errorf("empty row")
			continue
		}
		got = append(got, f[len(f)-1])
	}
	checkExactlyOnce(t, got, ids(want))
	checkAligned(t, rows)
}

// checkAligned checks, for each header word after the first, that every
// row has a cell starting at that display column, after at least one
// space: columns line up on screen whatever the width of the runes before.
func checkAligned(t *testing.T, rows []string) {
	t.Helper()
	header := cellGrid(rows[0])
	var starts []int
	for c := 1; c < len(header); c++ {
		if header[c] != " " && header[c-1] == " " {
			starts = append(starts, c)
		}
	}
	if len(starts) == 0 {
		t.Fatalf("header %q has a single column", rows[0])
	}
	bad := 0
	for _, r := range rows[1:] {
		g := cellGrid(r)
		for _, c := range starts {
			if c >= len(g) || g[c] == " " || g[c] == "" || g[c-1] != " " {
				t.Errorf("row is not aligned with the header at display column %d:\n%s\n%s", c, safe(rows[0]), safe(r))
				bad++
				break
			}
		}
		if bad >= 5 {
			t.Fatal("too many misaligned rows")
		}
	}
}

// cellGrid maps display columns to grapheme clusters; the second cell of a
// wide cluster is "".
func cellGrid(line string) []string {
	var g []string
	for line != "" {
		cl, w := ansi.FirstGraphemeCluster(line, ansi.GraphemeWidth)
		line = line[len(cl):]
		if w == 0 {
			if len(g) > 0 {
				g[len(g)-1] += cl
			}
			continue
		}
		g = append(g, cl)
		for i := 1; i < w; i++ {
			g = append(g, "")
		}
	}
	return g
}

// TestListFilters checks --type (sent to the API) and --region (applied
// client-side) over every page.
func TestListFilters(t *testing.T) {
	t.Parallel()
	catalog := fakeapi.Generate(330, 11) // 4 pages of All at 100 per page

	where := func(keep func(im *api.Image) bool) []string {
		var out []string
		for i := range catalog {
			if keep(&catalog[i]) {
				out = append(out, catalog[i].ID)
			}
		}
		return out
	}
	// lastPageHas guards the test itself: a filter whose matches all sit on
	// page 1 would not show that every page was read.
	lastPageHas := func(t *testing.T, want []string) {
		t.Helper()
		for _, id := range want {
			if slices.Index(ids(catalog), id) >= 200 {
				return
			}
		}
		t.Fatalf("test catalog has no match beyond the second page; pick another seed")
	}

	tests := []struct {
		name     string
		args     []string
		want     []string
		wantType string // the type query every request must carry
		warning  string // the start of the one line on stderr; "" for none
	}{
		{
			name:     "type snapshot",
			args:     []string{"--type", "snapshot"},
			want:     where(func(im *api.Image) bool { return im.Type == api.TypeSnapshot }),
			wantType: "snapshot",
		},
		{
			name:     "type base-os",
			args:     []string{"--type", "base-os"},
			want:     where(func(im *api.Image) bool { return im.Type == api.TypeBaseOS }),
			wantType: "base-os",
		},
		{
			name: "region NORD-NO-KRS-1",
			args: []string{"--region", "NORD-NO-KRS-1"},
			want: where(func(im *api.Image) bool { return im.HasRegion("NORD-NO-KRS-1") }),
		},
		{
			name: "retired region ARC-IS-HAF-1",
			args: []string{"--region", "ARC-IS-HAF-1"},
			want: where(func(im *api.Image) bool { return im.HasRegion("ARC-IS-HAF-1") }),
		},
		{
			name: "type and region together",
			args: []string{"--type", "snapshot", "--region", "EUC-DE-MUC-1"},
			want: where(func(im *api.Image) bool {
				return im.Type == api.TypeSnapshot && im.HasRegion("EUC-DE-MUC-1")
			}),
			wantType: "snapshot",
		},
		{
			name: "known region, any case",
			args: []string{"--region", "nord-no-krs-1"},
			want: where(func(im *api.Image) bool { return im.HasRegion("NORD-NO-KRS-1") }),
		},
		{
			// Accepted, as a region newer than gcimg may be, but said.
			name:    "region nobody has",
			args:    []string{"--region", "XX-NOWHERE-1"},
			want:    nil,
			warning: "gcimg: no image is in region XX-NOWHERE-1, which is not a known region (ARC-IS-HAF-1, ",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if len(tt.want) > 0 && tt.wantType == "" {
				lastPageHas(t, tt.want)
			}
			srv := startFake(t, catalog)
			args := append([]string{"list", "-o", "ids", "--endpoint", srv.URL}, tt.args...)
			res := runCLI(t, withToken(), args...)
			if res.code != exitOK || (tt.warning == "") != (res.stderr == "") ||
				!strings.HasPrefix(res.stderr, tt.warning) || strings.Count(res.stderr, "\n") > 1 {
				t.Fatalf("want exit 0 and on stderr %q:\n%s", tt.warning, res)
			}
			checkExactlyOnce(t, lines(t, res.stdout), tt.want)
			reqs := srv.Server.Requests()
			if len(reqs) == 0 {
				t.Fatal("no request reached the server")
			}
			for _, r := range reqs {
				if r.Endpoint == "images" && r.Type != tt.wantType {
					t.Errorf("request for page %d had type=%q, want %q", r.Page, r.Type, tt.wantType)
				}
			}
		})
	}
}

// TestListUsageErrors checks that bad flags exit 2 with a message naming
// the valid values, print nothing on stdout, and send no request.
func TestListUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		mentions []string
	}{
		{"unknown type", []string{"--type", "gpu"}, []string{"gpu", "base-os", "cloud-image", "preconfigured", "snapshot"}},
		{"unknown output format", []string{"-o", "yaml"}, []string{"yaml", "table", "json", "ids", "slugs"}},
		{"unknown output format, long flag", []string{"--output", "csv"}, []string{"csv", "table", "json", "ids", "slugs"}},
		{"unknown flag", []string{"--token", "abc"}, []string{"--token"}},
		{"stray argument", []string{"ubuntu"}, []string{"ubuntu"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := startFake(t, edgeCases())
			args := append([]string{"list", "--endpoint", srv.URL}, tt.args...)
			res := runCLI(t, withToken(), args...)
			if res.code != exitUsage {
				t.Errorf("exit %d, want %d", res.code, exitUsage)
			}
			if res.stdout != "" {
				t.Errorf("stdout should be empty on error, got %q", shorten(res.stdout, 300))
			}
			for _, m := range tt.mentions {
				if !strings.Contains(res.stderr, m) {
					t.Errorf("stderr %q does not mention %q", res.stderr, m)
				}
			}
			if n := srv.Server.RequestCount(); n != 0 {
				t.Errorf("a usage error still sent %d requests", n)
			}
		})
	}
}

// TestListExitCodes checks the exit code contract and that stdout carries
// only results while errors go to stderr alone.
func TestListExitCodes(t *testing.T) {
	t.Parallel()
	srv := startFake(t, edgeCases())
	const wrongToken = "wrong-token-must-not-be-echoed"

	tests := []struct {
		name       string
		env        vars
		args       []string
		wantCode   int
		oneLine    bool     // stderr must be exactly one line
		mentions   []string // in stderr
		notInError []string // must not appear in stderr
	}{
		{
			name:     "no token and no --demo is a usage error naming both ways out",
			env:      vars{},
			args:     []string{"list", "--endpoint", srv.URL},
			wantCode: exitUsage,
			oneLine:  true,
			mentions: []string{"GENESISCLOUD_TOKEN", "--demo"},
		},
		{
			name:     "blank token counts as none",
			env:      vars{api.EnvToken: "   "},
			args:     []string{"list", "--endpoint", srv.URL},
			wantCode: exitUsage,
			oneLine:  true,
			mentions: []string{"GENESISCLOUD_TOKEN", "--demo"},
		},
		{
			name:       "wrong token is a failure naming GENESISCLOUD_TOKEN",
			env:        vars{api.EnvToken: wrongToken},
			args:       []string{"list", "--endpoint", srv.URL},
			wantCode:   exitFailure,
			oneLine:    true,
			mentions:   []string{"GENESISCLOUD_TOKEN"},
			notInError: []string{wrongToken},
		},
		{
			name:       "plain http to a non-loopback host via --endpoint",
			env:        withToken(),
			args:       []string{"list", "--endpoint", "http://api.example.com/compute/v1"},
			wantCode:   exitUsage,
			mentions:   []string{"http"},
			notInError: []string{testToken},
		},
		{
			name:       "plain http to a non-loopback host via GENESISCLOUD_ENDPOINT",
			env:        vars{api.EnvToken: testToken, api.EnvEndpoint: "http://10.1.2.3:8080/compute/v1"},
			args:       []string{"list"},
			wantCode:   exitUsage,
			mentions:   []string{"http"},
			notInError: []string{testToken},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := runCLI(t, tt.env, tt.args...)
			if res.code != tt.wantCode {
				t.Errorf("exit %d, want %d\n%s", res.code, tt.wantCode, res)
			}
			if res.stdout != "" {
				t.Errorf("stdout should carry only results, got %q", shorten(res.stdout, 300))
			}
			if res.stderr == "" {
				t.Fatal("nothing on stderr")
			}
			if tt.oneLine && (strings.Count(res.stderr, "\n") != 1 || !strings.HasSuffix(res.stderr, "\n")) {
				t.Errorf("stderr should be exactly one line, got %q", res.stderr)
			}
			for _, m := range tt.mentions {
				if !strings.Contains(res.stderr, m) {
					t.Errorf("stderr %q does not mention %q", res.stderr, m)
				}
			}
			for _, m := range tt.notInError {
				if strings.Contains(res.stderr, m) {
					t.Errorf("stderr %q leaks %q", res.stderr, m)
				}
			}
		})
	}

	t.Run("demo needs no token", func(t *testing.T) {
		t.Parallel()
		res := runCLI(t, vars{}, "list", "--demo", "-o", "ids")
		if res.code != exitOK || res.stderr != "" {
			t.Fatalf("want exit 0 and nothing on stderr:\n%s", res)
		}
		got := lines(t, res.stdout)
		checkExactlyOnce(t, got, ids(unionByID(fakeapi.DemoCatalog(), fakeapi.DemoSnapshots())))
	})
}

// TestListTokenFile checks --token-file and its permission check.
func TestListTokenFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		mode     os.FileMode
		content  string
		env      vars
		wantCode int
		mentions []string
	}{
		{name: "mode 0600 works", mode: 0o600, content: testToken + "\n", env: vars{}, wantCode: exitOK},
		{name: "the file beats GENESISCLOUD_TOKEN", mode: 0o600, content: testToken, env: vars{api.EnvToken: "stale-token"}, wantCode: exitOK},
		{name: "mode 0644 is refused", mode: 0o644, content: testToken, env: vars{}, wantCode: exitUsage, mentions: []string{"chmod 600"}},
		{name: "mode 0640 is refused", mode: 0o640, content: testToken, env: vars{}, wantCode: exitUsage, mentions: []string{"chmod 600"}},
		{name: "empty file", mode: 0o600, content: "\n", env: vars{}, wantCode: exitUsage, mentions: []string{"empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := startFake(t, edgeCases())
			file := filepath.Join(t.TempDir(), "token")
			if err := os.WriteFile(file, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(file, tt.mode); err != nil { // WriteFile's mode is subject to umask
				t.Fatal(err)
			}
			res := runCLI(t, tt.env, "list", "-o", "ids", "--endpoint", srv.URL, "--token-file", file)
			if res.code != tt.wantCode {
				t.Fatalf("exit %d, want %d\n%s", res.code, tt.wantCode, res)
			}
			if tt.wantCode == exitOK {
				if res.stderr != "" {
					t.Errorf("stderr should be empty, got %q", res.stderr)
				}
				checkExactlyOnce(t, lines(t, res.stdout), ids(edgeCases()))
				return
			}
			if res.stdout != "" {
				t.Errorf("stdout should be empty on error, got %q", res.stdout)
			}
			for _, m := range tt.mentions {
				if !strings.Contains(res.stderr, m) {
					t.Errorf("stderr %q does not mention %q", res.stderr, m)
				}
			}
			if strings.Contains(res.stderr, testToken) {
				t.Errorf("stderr leaks the token: %q", res.stderr)
			}
			if n := srv.Server.RequestCount(); n != 0 {
				t.Errorf("a refused token file still sent %d requests", n)
			}
		})
	}
}

// TestListEndpointPrecedence checks that GENESISCLOUD_ENDPOINT is used and
// that --endpoint beats it. The two servers hold different catalogs, so
// the output also tells which one answered.
func TestListEndpointPrecedence(t *testing.T) {
	t.Parallel()
	fromEnv, fromFlag := edgeCases()[:2], edgeCases()[2:]
	tests := []struct {
		name     string
		useEnv   bool
		useFlag  bool
		wantFlag bool // the flag's server answers, not the env's
	}{
		{name: "GENESISCLOUD_ENDPOINT is used", useEnv: true},
		{name: "--endpoint beats GENESISCLOUD_ENDPOINT", useEnv: true, useFlag: true, wantFlag: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			envSrv, flagSrv := startFake(t, fromEnv), startFake(t, fromFlag)
			v := withToken()
			v[api.EnvEndpoint] = envSrv.URL
			args := []string{"list", "-o", "ids"}
			if tt.useFlag {
				args = append(args, "--endpoint", flagSrv.URL)
			}
			res := runCLI(t, v, args...)
			if res.code != exitOK {
				t.Fatalf("want exit 0:\n%s", res)
			}
			want, used, unused := fromEnv, envSrv, flagSrv
			if tt.wantFlag {
				want, used, unused = fromFlag, flagSrv, envSrv
			}
			checkExactlyOnce(t, lines(t, res.stdout), ids(want))
			if used.Server.RequestCount() == 0 {
				t.Error("the expected server got no request")
			}
			if n := unused.Server.RequestCount(); n != 0 {
				t.Errorf("the other server got %d requests", n)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	res := runCLI(t, vars{}, "--version")
	if res.code != exitOK || res.stderr != "" {
		t.Fatalf("want exit 0 and nothing on stderr:\n%s", res)
	}
	v, ok := strings.CutPrefix(res.stdout, "gcimg ")
	if !ok || strings.TrimSpace(v) == "" || strings.Count(res.stdout, "\n") != 1 {
		t.Errorf("--version printed %q, want one line \"gcimg <version>\"", res.stdout)
	}
}

// pagedServer is an images endpoint written independently of fakeapi, with
// the misbehaviours the "done when" lists.
type pagedServer struct {
	images []api.Image

	rateLimitFirst bool        // the first request gets 429 with Retry-After: 1
	failOnce       map[int]int // page -> status of its first response
	totalCount     func(n int) int
	ignorePage     bool // always serve page 1

	mu   sync.Mutex
	log  []pagedRequest
	sent map[int]bool // pages whose one failure was served
}

type pagedRequest struct {
	page   int
	status int
	at     time.Time
}

func (s *pagedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasSuffix(r.URL.Path, "/images") {
		// A server that predates /snapshots; gcimg skips it quietly, and
		// these tests count the pages of /images.
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	page, err := strconv.Atoi(q.Get("page"))
	if q.Get("page") == "" {
		page, err = 1, nil
	}
	perPage, perErr := strconv.Atoi(q.Get("per_page"))
	if q.Get("per_page") == "" {
		perPage, perErr = 50, nil
	}
	status := http.StatusOK
	var body any
	s.mu.Lock()
	n := len(s.log)
	switch {
	case r.Header.Get("Authorization") != "Bearer "+testToken:
		status, body = http.StatusUnauthorized, map[string]string{"code": "01001", "message": "invalid token"}
	case err != nil || perErr != nil || page < 1 || perPage < 1 || perPage > 100:
		status, body = http.StatusBadRequest, map[string]string{"code": "02021", "message": "bad paging"}
	case s.rateLimitFirst && n == 0:
		w.Header().Set("Retry-After", "1")
		status, body = http.StatusTooManyRequests, map[string]string{"code": "04029", "message": "slow down"}
	case s.failOnce[page] != 0 && !s.sent[page]:
		if s.sent == nil {
			s.sent = map[int]bool{}
		}
		s.sent[page] = true
		status, body = s.failOnce[page], map[string]string{"code": "05000", "message": "internal error"}
	default:
		p := page
		if s.ignorePage {
			p = 1
		}
		start := min((p-1)*perPage, len(s.images))
		end := min(start+perPage, len(s.images))
		total := len(s.images)
		if s.totalCount != nil {
			total = s.totalCount(total)
		}
		body = api.ListResponse{Images: append([]api.Image{}, s.images[start:end]...), TotalCount: total, Page: p, PerPage: perPage}
	}
	s.log = append(s.log, pagedRequest{page: page, status: status, at: time.Now()})
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// retriedOnce checks that page was asked for twice: the injected failure
// happened, and one retry got past it.
func retriedOnce(page int) func(t *testing.T, reqs []pagedRequest) {
	return func(t *testing.T, reqs []pagedRequest) {
		t.Helper()
		n := 0
		for _, r := range reqs {
			if r.page == page {
				n++
			}
		}
		if n != 2 {
			t.Errorf("page %d requested %d times, want 2 (the failure and one retry); requests: %v", page, n, pagesOf(reqs))
		}
	}
}

func pagesOf(reqs []pagedRequest) []string {
	out := make([]string, len(reqs))
	for i, r := range reqs {
		out[i] = fmt.Sprintf("%d:%d", r.page, r.status)
	}
	return out
}

func (s *pagedServer) requests() []pagedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log)
}

// plainImages is a catalog of n minimal images with predictable IDs.
func plainImages(n int) []api.Image {
	out := make([]api.Image, n)
	for i := range out {
		out[i] = api.Image{
			ID:   fmt.Sprintf("00000000-0000-4000-8000-%012d", i+1),
			Name: fmt.Sprintf("image %d", i+1), Type: api.TypeSnapshot, OSType: api.OSLinux,
			Regions: []string{"NORD-NO-KRS-1"}, CreatedAt: date(2024, 1, 1), UpdatedAt: date(2024, 1, 1),
		}
	}
	return out
}

// TestListDoneWhen is the acceptance list: every ID exactly once
// whatever the server does wrong, and no endless paging.
func TestListDoneWhen(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		server *pagedServer
		want   func(all []api.Image) []api.Image
		// maxRequests bounds the requests: the pages needed, plus the
		// failures, plus what a too-high total_count may cost (ListAll
		// fetches ahead as far as total_count promises, at most
		// api.MaxPagesAhead-1 pages too many).
		maxRequests int
		check       func(t *testing.T, reqs []pagedRequest)
		// incomplete: total_count promises more than the walk could get,
		// which is exit 1 with the reason on stderr (issue 12).
		incomplete bool
		// retries are the retry notices stderr must hold, in order.
		retries []string
	}{
		{
			// The only test that really waits: Retry-After is one second.
			name:        "first request rate limited with Retry-After 1",
			server:      &pagedServer{images: plainImages(250), rateLimitFirst: true},
			maxRequests: 1 + 3,
			retries:     []string{"gcimg: retrying page 1 of images (2/5) in 1s: 429 Too Many Requests"},
			check: func(t *testing.T, reqs []pagedRequest) {
				if len(reqs) < 2 || reqs[0].status != http.StatusTooManyRequests {
					t.Fatalf("want a 429 then a retry, got %+v", reqs)
				}
				if wait := reqs[1].at.Sub(reqs[0].at); wait < 900*time.Millisecond {
					t.Errorf("retried after %s, Retry-After asked for 1s", wait)
				}
			},
		},
		{
			name:        "page 2 fails once with 500",
			server:      &pagedServer{images: plainImages(250), failOnce: map[int]int{2: http.StatusInternalServerError}},
			maxRequests: 1 + 3,
			retries:     []string{"gcimg: retrying page 2 of images (2/5) in *: 500 Internal Server Error"},
			check:       retriedOnce(2),
		},
		{
			name:        "total_count too low",
			server:      &pagedServer{images: plainImages(250), totalCount: func(int) int { return 2 }},
			maxRequests: 3,
		},
		{
			name:        "total_count too high",
			server:      &pagedServer{images: plainImages(250), totalCount: func(n int) int { return n + 1000 }},
			maxRequests: 3 + api.MaxPagesAhead - 1,
		},
		{
			name:        "total_count too high, catalog a multiple of the page size",
			server:      &pagedServer{images: plainImages(200), totalCount: func(n int) int { return n * 10 }},
			maxRequests: 3 + api.MaxPagesAhead - 1, // page 3 is empty and ends the walk
		},
		{
			name:        "total_count missing",
			server:      &pagedServer{images: plainImages(250), totalCount: func(int) int { return 0 }},
			maxRequests: 3,
		},
		{
			name:        "honest server, twelve pages fetched ahead",
			server:      &pagedServer{images: plainImages(1150)},
			maxRequests: 12,
		},
		{
			name:        "page 6 fails once with 500 while later pages are in flight",
			server:      &pagedServer{images: plainImages(1150), failOnce: map[int]int{6: http.StatusInternalServerError}},
			maxRequests: 12 + 1,
			retries:     []string{"gcimg: retrying page 6 of images (2/5) in *: 500 Internal Server Error"},
			check:       retriedOnce(6),
		},
		{
			name:        "total_count too high, twelve pages fetched ahead",
			server:      &pagedServer{images: plainImages(1150), totalCount: func(n int) int { return n * 3 }},
			maxRequests: 12 + api.MaxPagesAhead - 1,
		},
		{
			name:        "server ignores page",
			server:      &pagedServer{images: plainImages(250), ignorePage: true},
			want:        func(all []api.Image) []api.Image { return all[:100] },
			maxRequests: 2, // page 2 repeats page 1: no new ID ends the feed
			incomplete:  true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hs := httptest.NewServer(tt.server)
			t.Cleanup(hs.Close)
			res := runCLITimeout(t, 15*time.Second, withToken(), "list", "-o", "ids", "--endpoint", hs.URL+"/compute/v1")
			switch {
			case tt.incomplete:
				// What arrived is printed; stderr says which listing
				// broke off, why, and how many of how many arrived.
				want := fmt.Sprintf("gcimg: incomplete listing of images: page 2 repeated images already received while the server counts %d, so only 100 arrived (the server seems to ignore the page parameter)\n", len(tt.server.images))
				if res.code != exitFailure || res.stderr != want {
					t.Fatalf("want exit 1 and on stderr\n%s\n%s", want, res)
				}
			case res.code != exitOK:
				t.Fatalf("want exit 0:\n%s", res)
			}
			checkRetryNotices(t, res.stderr, tt.retries)
			want := tt.server.images
			if tt.want != nil {
				want = tt.want(want)
			}
			checkExactlyOnce(t, lines(t, res.stdout), ids(want))
			reqs := tt.server.requests()
			if len(reqs) > tt.maxRequests {
				t.Errorf("%d requests, want at most %d; pages asked for: %v", len(reqs), tt.maxRequests, pagesOf(reqs))
			}
			if tt.check != nil {
				tt.check(t, reqs)
			}
		})
	}
}

// checkRetryNotices checks that stderr is the retry notices want, in
// order; a * in want stands for the wait, which is jittered.
func checkRetryNotices(t *testing.T, stderr string, want []string) {
	t.Helper()
	var got []string
	for _, l := range lines(t, stderr) {
		if strings.HasPrefix(l, "gcimg: retrying ") {
			got = append(got, l)
		}
	}
	ok := len(got) == len(want)
	for i := 0; ok && i < len(want); i++ {
		pre, post, wild := strings.Cut(want[i], "*")
		ok = got[i] == want[i] || wild && strings.HasPrefix(got[i], pre) && strings.HasSuffix(got[i], post)
	}
	if !ok {
		t.Errorf("retry notices on stderr:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// hostileImages are catalog entries crafted to attack the terminal that
// prints them, plus wide runes that a naive table would misalign.
func hostileImages() []api.Image {
	im := func(n int, name string) api.Image {
		return api.Image{
			ID: fmt.Sprintf("22222222-0000-4000-8000-%012d", n), Name: name, Type: api.TypeSnapshot,
			OSType: api.OSLinux, Regions: []string{"NORD-NO-KRS-1"}, CreatedAt: date(2025, 5, 5), UpdatedAt: date(2025, 5, 5),
		}
	}
	out := []api.Image{
		im(1, "clipboard \x1b]52;c;aGVsbG8=\x07 write"),
		im(2, "clear \x1b[2J\x1b[H screen"),
		im(3, "reset \x1bc terminal"),
		im(4, "title \x1b]0;pwned\x1b\\ set"),
		im(5, "multi\nline\r\nname\tand tab"),
		im(6, "c1 \u009b31m csi \u0085 nel \u009d0;osc\u009c st \u0090dcs\u009c"),
		im(7, "bidi \u202egnp.exe \u2066isolate\u2069"),
		im(8, "日本語のイメージ"),
		im(9, "emoji 🚀 👩\u200d💻 🇯🇵 done"),
		im(10, "bell\a del\x7f nul\x00 backspace\b"),
		im(11, "unterminated osc \x1b]52;c;aGVsbG8="),
		im(12, "plain name"),
	}
	// Hostile values outside the name too.
	out[0].Slug = strp("slug\x1b[31m-red")
	out[1].Family = strp("fam\u009b2J")
	out[2].Regions = []string{"NORD-NO-KRS-1\x1b]52;c;aGVsbG8=\x07"}
	out[3].Type = "snapshot\x1bc"
	out[7].Family = strp("ファミリー")
	out[8].Slug = strp("🚀-slug")
	return out
}

// checkTerminalSafe fails on any byte or rune a terminal could act on.
func checkTerminalSafe(t *testing.T, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("output is not valid UTF-8")
	}
	for i, r := range out {
		bad := ""
		switch {
		case r == '\n':
		case r == 0x1b:
			bad = "ESC"
		case r < 0x20:
			bad = "a C0 control"
		case r == 0x7f:
			bad = "DEL"
		case r >= 0x80 && r <= 0x9f:
			bad = "a C1 control"
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			bad = "a bidi control"
		}
		if bad != "" {
			t.Errorf("output has %s (%U) at byte %d: %q", bad, r, i, out[max(i-20, 0):min(i+20, len(out))])
		}
	}
}

// TestListHostileNames checks that no output format lets a catalog entry
// reach the terminal as a control sequence, and that the table stays
// aligned around wide runes.
func TestListHostileNames(t *testing.T) {
	t.Parallel()
	catalog := hostileImages()
	srv := startFake(t, catalog)
	for _, format := range []string{"table", "ids", "slugs", "json"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			res := runCLI(t, withToken(), "list", "-o", format, "--endpoint", srv.URL)
			// Slugs that are not clean text give way to the ID, each
			// with a warning (TestListNeverPrintsAnIdentifierCleaned).
			if res.code != exitOK || (res.stderr != "" && format != "slugs") {
				t.Fatalf("want exit 0 and nothing on stderr:\n%s", res)
			}
			checkTerminalSafe(t, res.stdout)
			checkTerminalSafe(t, res.stderr)
			switch format {
			case "table":
				rows := lines(t, res.stdout)
				if len(rows) != len(catalog)+1 {
					t.Fatalf("%d lines for %d images: a newline in a name split a row?\n%s", len(rows), len(catalog), safe(res.stdout))
				}
				// The ID column starts at the same display column on every line.
				known := make(map[string]bool, len(catalog))
				for _, id := range ids(catalog) {
					known[id] = true
				}
				col := -1
				for i, r := range rows {
					f := strings.Fields(r)
					if len(f) == 0 {
						t.Errorf("empty line %d", i)
						continue
					}
					id := f[len(f)-1]
					if (i == 0 && id != "ID") || (i > 0 && !known[id]) {
						t.Errorf("line does not end with an ID: %+q", r)
						continue
					}
					c := ansi.StringWidth(strings.TrimSuffix(r, id))
					if col == -1 {
						col = c
					} else if c != col {
						t.Errorf("ID starts at display column %d, want %d:\n%s\n%s", c, col, safe(rows[0]), safe(r))
					}
				}
				checkTable(t, res.stdout, catalog)
			case "json":
				var got []api.Image
				if err := json.Unmarshal([]byte(res.stdout), &got); err != nil {
					t.Fatalf("not JSON: %v", err)
				}
				// JSON keeps the data exactly; only its encoding is escaped.
				for i := range got {
					if i < len(catalog) && got[i].Name != catalog[i].Name {
						t.Errorf("name %q came back as %q", catalog[i].Name, got[i].Name)
					}
				}
			default:
				if n := len(lines(t, res.stdout)); n != len(catalog) {
					t.Errorf("%d lines for %d images", n, len(catalog))
				}
			}
		})
	}
}

// TestRunHasNoHiddenInputs guards the harness itself: run must not reach
// the real environment, or these tests would depend on the developer's
// shell.
func TestRunHasNoHiddenInputs(t *testing.T) {
	t.Setenv(api.EnvToken, testToken)
	t.Setenv(api.EnvEndpoint, "http://127.0.0.1:1/compute/v1")
	res := runCLI(t, vars{}, "list", "-o", "ids", "--endpoint", "http://127.0.0.1:1/compute/v1")
	if res.code != exitUsage || !strings.Contains(res.stderr, "GENESISCLOUD_TOKEN") {
		t.Errorf("with a token only in the real environment, want the no-token usage error:\n%s", res)
	}
}
