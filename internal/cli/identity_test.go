package cli

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// TestListNeverPrintsAnIdentifierCleaned: a tester's server sent the slug
// "ubuntu-\x1b[31m24.04\n", which sanitised is another image's slug, and
// `list -o slugs` printed it so. Now it prints the ID instead, with a
// warning; an ID that is not clean text leaves its image out, exit 1.
func TestListNeverPrintsAnIdentifierCleaned(t *testing.T) {
	t.Parallel()
	const good, bad = "3b29b09e-138e-11ef-a299-7fd37e9e8724", "8c3e1f0a-0000-4000-8000-00000000c001"
	images := []api.Image{
		{ID: good, Name: "Ubuntu 24.04", Type: api.TypeCloudImage, Slug: strp("ubuntu-24.04")},
		{ID: bad, Name: "hostile", Type: api.TypeCloudImage, Slug: strp("ubuntu-\x1b[31m24.04\n")},
		{ID: bad + "\x1b[8m", Name: "hostile id", Type: api.TypeCloudImage},
	}
	srv := fakeapi.New(fakeapi.Options{Images: images, Token: testToken})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	url := hs.URL + "/compute/v1"

	res := runCLI(t, withToken(), "list", "--endpoint", url, "--type", "cloud-image", "-o", "slugs")
	if res.code != exitFailure || res.stdout != "ubuntu-24.04\n"+bad+"\n" {
		t.Errorf("list -o slugs: want the good slug, the ID for the hostile one, and exit 1 for the image left out\n%s", res)
	}
	for _, want := range []string{
		`gcimg: warning: image "hostile": its slug "ubuntu-\x1b[31m24.04\n" holds characters that cannot be printed as they are; printed its ID ` + bad + " instead\n",
		`gcimg: warning: image "hostile id" left out: its ID "` + bad + `\x1b[8m" holds characters that cannot be printed as they are` + "\n",
		"gcimg: 1 image was left out: their ID holds characters that cannot be printed as they are\n",
	} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("stderr lacks %q\n%s", want, res)
		}
	}
	res = runCLI(t, withToken(), "list", "--endpoint", url, "--type", "cloud-image", "-o", "ids")
	if res.code != exitFailure || res.stdout != good+"\n"+bad+"\n" || strings.Count(res.stderr, "left out") != 2 {
		t.Errorf("list -o ids:\n%s", res)
	}
}

// TestPickSelectOneWarnsOfANotReadySnapshot: --select-1 prints the one
// match's value on stdout, as asked, and says on stderr that an instance
// cannot start from it yet.
func TestPickSelectOneWarnsOfANotReadySnapshot(t *testing.T) {
	t.Parallel()
	var id string
	for _, s := range fakeapi.DemoSnapshots() {
		if s.Name == "nightly-backup 2026-10-30" {
			id = s.ID
		}
	}
	res := runCLI(t, vars{}, "--demo", "pick", "--type", "snapshot", "--select-1", "--query", "nightly-backup 2026-10-30")
	want := `gcimg: warning: snapshot "nightly-backup 2026-10-30" is creating: an instance cannot start from it yet` + "\n"
	if res.code != exitOK || res.stdout != id+"\n" || res.stderr != want {
		t.Errorf("want exit 0, %s on stdout and %q on stderr\n%s", id, want, res)
	}
}
