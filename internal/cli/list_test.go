package cli

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
)

// demoImages is every image `gcimg --demo list` knows, as JSON gives it.
func demoImages(t *testing.T) []api.Image {
	t.Helper()
	r := runCLI(t, vars{}, "--demo", "list", "-o", "json")
	if r.code != exitOK {
		t.Fatalf("list -o json: %s", r)
	}
	var images []api.Image
	if err := json.Unmarshal([]byte(r.stdout), &images); err != nil {
		t.Fatal(err)
	}
	return images
}

// textFields are what a query reads of an image besides the ID, lower-cased.
func textFields(im *api.Image) []string {
	return []string{strings.ToLower(im.Name), strings.ToLower(im.SlugOr("")), strings.ToLower(im.FamilyOr(""))}
}

func subsequence(s, of string) bool {
	for _, r := range of {
		i := strings.IndexRune(s, r)
		if i < 0 {
			return false
		}
		s = s[i+len(string(r)):]
	}
	return true
}

// TestListQueryDoneWhen is issue 13's "list --query returns exactly the
// right images", each query checked against a plain reading of its
// syntax over every image the demo lists.
func TestListQueryDoneWhen(t *testing.T) {
	t.Parallel()
	all := demoImages(t)
	any := func(im *api.Image, f func(string) bool) bool { return slices.ContainsFunc(textFields(im), f) }
	tests := []struct {
		query string
		want  func(im *api.Image) bool
		least int // at least this many, so a test cannot pass on nothing
	}{
		{"^rocky", func(im *api.Image) bool {
			return any(im, func(s string) bool { return strings.HasPrefix(s, "rocky") })
		}, 4},
		{"debian-12$", func(im *api.Image) bool {
			return any(im, func(s string) bool { return strings.HasSuffix(s, "debian-12") })
		}, 1},
		{"'24.04", func(im *api.Image) bool {
			return any(im, func(s string) bool { return strings.Contains(s, "24.04") })
		}, 5},
		{"ubuntu !cloud", func(im *api.Image) bool {
			return any(im, func(s string) bool { return subsequence(s, "ubuntu") }) &&
				!any(im, func(s string) bool { return strings.Contains(s, "cloud") }) &&
				!strings.Contains(string(im.Type), "cloud")
		}, 10},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			t.Parallel()
			var want []string
			for i := range all {
				if tt.want(&all[i]) {
					want = append(want, all[i].ID)
				}
			}
			r := runCLI(t, vars{}, "--demo", "list", "--query", tt.query, "-o", "ids")
			if r.code != exitOK {
				t.Fatalf("%s", r)
			}
			got := lines(t, r.stdout)
			if !slices.Equal(sorted(got), sorted(want)) || len(want) < tt.least {
				t.Errorf("list --query %q: %d images, want these %d (at least %d):\n got %q\nwant %q",
					tt.query, len(got), len(want), tt.least, got, want)
			}
		})
	}
	// No cloud image survives !cloud, and every one has "ubuntu".
	r := runCLI(t, vars{}, "--demo", "list", "--query", "ubuntu !cloud", "-o", "tsv", "--columns", "type,name")
	for _, line := range lines(t, r.stdout)[1:] {
		if strings.HasPrefix(line, "cloud-image\t") {
			t.Errorf("ubuntu !cloud printed a cloud image: %q", line)
		}
	}
}

// TestListOrderFlags: --sort created puts the newest image first,
// --reverse the oldest; --no-headers drops the header.
func TestListOrderFlags(t *testing.T) {
	t.Parallel()
	all := demoImages(t)
	newest, oldest := all[0], all[0]
	for _, im := range all {
		if im.CreatedAt.After(newest.CreatedAt) {
			newest = im
		}
		if im.CreatedAt.Before(oldest.CreatedAt) {
			oldest = im
		}
	}
	first := func(args ...string) string {
		t.Helper()
		r := runCLI(t, vars{}, append([]string{"--demo", "list", "-o", "ids"}, args...)...)
		if r.code != exitOK {
			t.Fatalf("%s", r)
		}
		return lines(t, r.stdout)[0]
	}
	if got := first("--sort", "created"); got != newest.ID {
		t.Errorf("--sort created starts with %s, want the newest, %s (%s)", got, newest.ID, newest.Name)
	}
	if got := first("--sort", "created", "--reverse"); got != oldest.ID {
		t.Errorf("--sort created --reverse starts with %s, want the oldest, %s (%s)", got, oldest.ID, oldest.Name)
	}

	byName := runCLI(t, vars{}, "--demo", "list", "--sort", "name", "-o", "ids")
	if names := lines(t, byName.stdout); first("--reverse") != names[len(names)-1] {
		t.Errorf("--reverse alone does not start with the last by name")
	}

	table := runCLI(t, vars{}, "--demo", "list", "--sort", "created")
	bare := runCLI(t, vars{}, "--demo", "list", "--sort", "created", "--no-headers")
	header, rest, _ := strings.Cut(table.stdout, "\n")
	if !strings.HasPrefix(header, "NAME") || strings.Contains(bare.stdout, "NAME") || !strings.HasPrefix(bare.stdout, newest.Name) {
		t.Errorf("--no-headers:\n%s\nwithout it:\n%s", shorten(bare.stdout, 300), shorten(table.stdout, 300))
	}
	if strings.Count(rest, "\n") != strings.Count(bare.stdout, "\n") {
		t.Errorf("--no-headers changed the rows: %d lines, want %d", strings.Count(bare.stdout, "\n"), strings.Count(rest, "\n"))
	}
	tsv := runCLI(t, vars{}, "--demo", "list", "-o", "tsv", "--no-headers", "--columns", "id", "--sort", "created")
	if got := lines(t, tsv.stdout); got[0] != newest.ID || len(got) != len(all) {
		t.Errorf("tsv --no-headers: %d lines starting %q", len(got), got[0])
	}
	// With --query and no --sort, best match first; --sort orders the
	// same rows by the sort alone.
	ranked := runCLI(t, vars{}, "--demo", "list", "--query", "ubuntu 24", "-o", "ids")
	byDate := runCLI(t, vars{}, "--demo", "list", "--query", "ubuntu 24", "--sort", "created", "-o", "ids")
	if slices.Equal(lines(t, ranked.stdout), lines(t, byDate.stdout)) || !slices.Equal(sorted(lines(t, ranked.stdout)), sorted(lines(t, byDate.stdout))) {
		t.Errorf("--sort with --query: not the same rows in another order")
	}
}

func TestListColumnsFlag(t *testing.T) {
	t.Parallel()
	r := runCLI(t, vars{}, "--demo", "list", "--query", "debian-12$", "--columns", "slug, name,id,status")
	want := "SLUG       NAME       ID                                    STATUS\ndebian-12  Debian 12  "
	if r.code != exitOK || !strings.HasPrefix(r.stdout, want) || !strings.HasSuffix(r.stdout, "  -\n") {
		t.Errorf("--columns: %s\nwant it to start %q", r, want)
	}
	for _, tt := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--columns", "nme"}, `invalid --columns column "nme"; valid values are name, slug`},
		{[]string{"--columns", "name,,id"}, "empty column name"},
		{[]string{"--columns", "name,name"}, "named twice"},
		{[]string{"--columns", "name", "-o", "json"}, "--columns applies to -o table and -o tsv, not -o json"},
		{[]string{"--sort", "size"}, `invalid --sort "size"; valid values are name, created, updated`},
	} {
		r := runCLI(t, vars{}, append([]string{"--demo", "list"}, tt.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tt.msg) || r.stdout != "" {
			t.Errorf("list %q: %s\nwant exit 2 and %q", tt.args, r, tt.msg)
		}
	}
}
