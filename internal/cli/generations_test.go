package cli

// gcimg list against both generations of the API (issue 12): the seed's,
// whose /images lists four types and whose /snapshots lists the
// snapshots again with details, and today's, whose /images lists
// cloud-image only and rejects other types with 400, snapshots being only
// at /snapshots. And what list says on stderr while and after it works:
// retries, incomplete listings, a rejected type, a region nobody has.

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

var generations = []fakeapi.Generation{fakeapi.Seed, fakeapi.Today}

// startGeneration serves the demo catalog in shape gen with testToken.
// It uses fakeapi.New rather than Start, which would let GCIMG_DEMO_API
// in the developer's environment choose the shape.
func startGeneration(t *testing.T, gen fakeapi.Generation, faults fakeapi.Faults) (url string, srv *fakeapi.Server) {
	t.Helper()
	srv = fakeapi.New(fakeapi.Options{Token: testToken, Generation: gen})
	srv.SetFaults(faults)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return hs.URL + "/compute/v1", srv
}

// demoSnapshotIDs are the IDs of every snapshot the demo has, at either
// endpoint, each once.
func demoSnapshotIDs() []string {
	var out []string
	for _, s := range fakeapi.DemoSnapshots() {
		out = append(out, s.ID)
	}
	for _, im := range fakeapi.DemoCatalog() {
		if im.Type == api.TypeSnapshot && !slices.Contains(out, im.ID) {
			out = append(out, im.ID)
		}
	}
	return out
}

// demoIDs is what a plain listing of the demo in shape gen holds: every
// image /images serves, and every snapshot.
func demoIDs(gen fakeapi.Generation) []string {
	var out []string
	for _, im := range fakeapi.DemoCatalog() {
		if im.Type != api.TypeSnapshot && (gen == fakeapi.Seed || im.Type == api.TypeCloudImage) {
			out = append(out, im.ID)
		}
	}
	return append(out, demoSnapshotIDs()...)
}

// TestListBothGenerations is issue 12's "done when" for gcimg list: every
// snapshot of both endpoints exactly once with --type snapshot, a plain
// listing that includes them, and a snapshot's status and details in
// -o json, against either shape of the API, with nothing on stderr.
func TestListBothGenerations(t *testing.T) {
	t.Parallel()
	if n := len(demoSnapshotIDs()); n <= 200 {
		t.Fatalf("the demo has %d snapshots: too few to span several pages", n)
	}
	for _, gen := range generations {
		t.Run(gen.String(), func(t *testing.T) {
			t.Parallel()
			url, _ := startGeneration(t, gen, fakeapi.Faults{})
			list := func(args ...string) string {
				t.Helper()
				res := runCLI(t, withToken(), append([]string{"list", "--endpoint", url}, args...)...)
				if res.code != exitOK || res.stderr != "" {
					t.Fatalf("gcimg list %s: want exit 0 and nothing on stderr:\n%s", strings.Join(args, " "), res)
				}
				return res.stdout
			}

			checkExactlyOnce(t, lines(t, list("--type", "snapshot", "-o", "ids")), demoSnapshotIDs())
			checkExactlyOnce(t, lines(t, list("-o", "ids")), demoIDs(gen))

			var got []map[string]json.RawMessage
			if err := json.Unmarshal([]byte(list("--type", "snapshot", "-o", "json")), &got); err != nil {
				t.Fatal(err)
			}
			byID := map[string]map[string]json.RawMessage{}
			for _, im := range got {
				var id string
				_ = json.Unmarshal(im["id"], &id)
				byID[id] = im
			}
			statuses := map[string]bool{}
			for _, s := range fakeapi.DemoSnapshots() {
				im, ok := byID[s.ID]
				if !ok {
					continue // checkExactlyOnce said so
				}
				statuses[string(s.Status)] = true
				for _, f := range jsonFields {
					if _, ok := im[f]; !ok {
						t.Errorf("%s: field %q missing", s.ID, f)
					}
				}
				want := map[string]any{"status": s.Status, "size_gib": s.Size, "source_instance_id": s.SourceInstanceID, "source_snapshot_id": s.SourceSnapshotID}
				for f, v := range want {
					b, _ := json.Marshal(v)
					if f != "status" && string(b) == "null" {
						if _, has := im[f]; has {
							t.Errorf("%s: %s = %s, want it left out", s.ID, f, im[f])
						}
						continue
					}
					if string(im[f]) != string(b) {
						t.Errorf("%s: %s = %s, want %s", s.ID, f, im[f], b)
					}
				}
			}
			if len(statuses) < 5 {
				t.Errorf("statuses seen %v: the demo should show every status of the spec", statuses)
			}
		})
	}
}

// TestListRejectedType: today's API answers type=base-os with 400. gcimg
// list says so in one line that names the type, with nothing added or
// repeated, and exits 1. The seed's API lists base-os images.
func TestListRejectedType(t *testing.T) {
	t.Parallel()
	for _, typ := range []string{"base-os", "preconfigured"} {
		t.Run(typ, func(t *testing.T) {
			t.Parallel()
			url, _ := startGeneration(t, fakeapi.Today, fakeapi.Faults{})
			res := runCLI(t, withToken(), "list", "--endpoint", url, "--type", typ)
			want := fmt.Sprintf("gcimg: this API offers no %s images: it rejects type=%s (400 Bad Request, code 00003: invalid type)\n", typ, typ)
			if res.code != exitFailure || res.stdout != "" || res.stderr != want {
				t.Errorf("want exit 1, nothing on stdout and on stderr\n%s\n%s", want, res)
			}

			url, _ = startGeneration(t, fakeapi.Seed, fakeapi.Faults{})
			if res := runCLI(t, withToken(), "list", "--endpoint", url, "--type", typ, "-o", "ids"); res.code != exitOK || res.stdout == "" {
				t.Errorf("the seed's API lists %s images:\n%s", typ, res)
			}
		})
	}
}

// TestListSaysRetries: a page whose body arrives truncated once is
// retried, the retry is said on stderr in one line while stdout carries
// the whole listing, in both shapes; a listing without retries leaves
// stderr empty (the fault matrix checks that for every other fault).
func TestListSaysRetries(t *testing.T) {
	t.Parallel()
	for _, gen := range generations {
		t.Run(gen.String(), func(t *testing.T) {
			t.Parallel()
			url, srv := startGeneration(t, gen, fakeapi.Faults{TruncateOnce: []int{2}})
			res := runCLI(t, withToken(), "list", "--endpoint", url, "--type", "snapshot", "-o", "ids")
			if res.code != exitOK {
				t.Fatalf("want exit 0:\n%s", res)
			}
			checkExactlyOnce(t, lines(t, res.stdout), demoSnapshotIDs())
			// The first page 2 asked for is the one cut: of /snapshots on
			// today's server, of either listing on the seed's.
			var listing string
			for _, r := range srv.Requests() {
				if r.Page == 2 {
					listing = "the snapshots endpoint"
					if r.Endpoint == "images" {
						listing = "snapshot images"
					}
					break
				}
			}
			checkRetryNotices(t, res.stderr, []string{"gcimg: retrying page 2 of " + listing + " (2/5) in *: truncated body"})
			if n := len(lines(t, res.stderr)); n != 1 {
				t.Errorf("stderr has %d lines, want the one notice:\n%s", n, res.stderr)
			}
		})
	}
}

// TestPickSelectOneSaysRetries: pick --select-1 lists before it draws
// anything, so its retries are said on stderr too; stdout is the value.
func TestPickSelectOneSaysRetries(t *testing.T) {
	t.Parallel()
	url, _ := startGeneration(t, fakeapi.Seed, fakeapi.Faults{FailOnce: map[int]int{1: 503}, RetryAfter: "0"})
	res := runCLI(t, withToken(), "pick", "--endpoint", url, "--select-1", "--query", "ubuntu 24.04 nvidia", "--print", "slug")
	if res.code != exitOK || res.stdout != "ubuntu-24.04-nvidia\n" {
		t.Fatalf("want exit 0 and the slug:\n%s", res)
	}
	checkRetryNotices(t, res.stderr, []string{"gcimg: retrying page 1 of * (2/5) in 0s: 503 Service Unavailable"})
}

// TestListIncomplete: a server that ignores `page` gets what it has
// printed, a line on stderr for the listing that broke off (which one,
// why, how many of how many) and exit 1, in both shapes.
func TestListIncomplete(t *testing.T) {
	t.Parallel()
	for _, gen := range generations {
		t.Run(gen.String(), func(t *testing.T) {
			t.Parallel()
			url, _ := startGeneration(t, gen, fakeapi.Faults{IgnorePage: true})
			res := runCLI(t, withToken(), "list", "--endpoint", url, "--type", "snapshot", "-o", "json")
			var got []api.Image
			if err := json.Unmarshal([]byte(res.stdout), &got); err != nil {
				t.Fatalf("stdout is not the JSON of what arrived: %v\n%s", err, res)
			}
			// Page 1 of /snapshots, and on the seed's server what page 1
			// of its snapshot images adds.
			snaps := fakeapi.DemoSnapshots()
			want := "gcimg: incomplete listing of the snapshots endpoint: page 2 repeated images already received while the server counts " +
				fmt.Sprint(len(snaps)) + ", so only 100 arrived (the server seems to ignore the page parameter)\n"
			if gen == fakeapi.Seed {
				n := 0
				for _, im := range fakeapi.DemoCatalog() {
					if im.Type == api.TypeSnapshot {
						n++
					}
				}
				want += fmt.Sprintf("gcimg: incomplete listing of snapshot images: page 2 repeated images already received while the server counts %d, so only 100 arrived (the server seems to ignore the page parameter)\n", n)
			}
			if res.code != exitFailure || res.stderr != want {
				t.Errorf("want exit 1 and on stderr\n%s\n%s", want, res)
			}
			for i := range min(100, len(got)) {
				if got[i].ID != snaps[i].ID || got[i].Status == nil {
					t.Fatalf("entry %d is %s (status %v), want %s with its status", i, got[i].ID, got[i].Status, snaps[i].ID)
				}
			}
			if len(got) < 100 {
				t.Errorf("printed %d images, want the 100 that arrived and more", len(got))
			}
		})
	}
}

// TestRegionFlag: --region is checked as the config file's region is,
// for the browser, pick and list alike, before any request; matched
// without regard to case; and an unknown but well-formed code is
// accepted, with a warning from list when it matches nothing.
func TestRegionFlag(t *testing.T) {
	t.Parallel()
	srv := startFake(t, edgeCases())
	t.Run("a near miss is a usage error naming the known code", func(t *testing.T) {
		for _, args := range [][]string{{"list"}, {"pick"}, {}} {
			res := runCLI(t, withToken(), append(args, "--endpoint", srv.URL, "--region", "NORD-NO-KSR-1")...)
			want := `gcimg: invalid --region "NORD-NO-KSR-1" (did you mean "NORD-NO-KRS-1"?); known regions are ` + strings.Join(api.KnownRegions, ", ") + "\n"
			if res.code != exitUsage || res.stdout != "" || res.stderr != want {
				t.Errorf("gcimg %s: want exit 2 and on stderr\n%s\n%s", strings.Join(args, " "), want, res)
			}
		}
		if res := runCLI(t, withToken(), "list", "--endpoint", srv.URL, "--region", "somewhere nice"); res.code != exitUsage || !strings.Contains(res.stderr, `invalid --region "somewhere nice"; known regions are`) {
			t.Errorf("a string that is no code: want exit 2:\n%s", res)
		}
		if n := srv.Server.RequestCount(); n != 0 {
			t.Errorf("a bad --region still sent %d requests", n)
		}
	})
	t.Run("the config file's region is checked the same way", func(t *testing.T) {
		v, path := writeConfig(t, "region: NORD-NO-KSR-1\n")
		res := runCLI(t, v, "pick", "--endpoint", srv.URL)
		want := path + `:1: invalid region "NORD-NO-KSR-1" (did you mean "NORD-NO-KRS-1"?); known regions are `
		if res.code != exitUsage || !strings.Contains(res.stderr, want) {
			t.Errorf("want exit 2 and %q:\n%s", want, res)
		}
	})
	t.Run("any case, for list and pick", func(t *testing.T) {
		ubuntu := edgeCases()[0] // the one image in NORD-NO-KRS-1
		for _, region := range []string{"nord-no-krs-1", "Nord-No-Krs-1"} {
			res := runCLI(t, withToken(), "list", "--endpoint", srv.URL, "-o", "ids", "--region", region)
			if res.code != exitOK || res.stdout != ubuntu.ID+"\n" || res.stderr != "" {
				t.Errorf("list --region %s: want %s alone:\n%s", region, ubuntu.ID, res)
			}
			// "u" matches several names; the region leaves one.
			res = runCLI(t, withToken(), "pick", "--endpoint", srv.URL, "--select-1", "--query", "u", "--region", region)
			if res.code != exitOK || res.stdout != ubuntu.ID+"\n" {
				t.Errorf("pick --select-1 --region %s: want %s:\n%s", region, ubuntu.ID, res)
			}
		}
		// A server that spells a code in lower case.
		lower := plainImages(2)
		lower[1].Regions = []string{"nord-no-krs-1"}
		low := startFake(t, lower)
		res := runCLI(t, withToken(), "list", "--endpoint", low.URL, "-o", "ids", "--region", "NORD-NO-KRS-1")
		checkExactlyOnce(t, lines(t, res.stdout), ids(lower))
		res = runCLI(t, withToken(), "pick", "--endpoint", low.URL, "--select-1", "--query", "image 2", "--region", "NORD-NO-KRS-1")
		if res.code != exitOK || res.stdout != lower[1].ID+"\n" {
			t.Errorf("pick --select-1 --region NORD-NO-KRS-1 of an image in nord-no-krs-1: want %s:\n%s", lower[1].ID, res)
		}
	})
	t.Run("an unknown code is accepted, and said when nothing is in it", func(t *testing.T) {
		res := runCLI(t, withToken(), "list", "--endpoint", srv.URL, "-o", "ids", "--region", "xx-foo-1")
		want := "gcimg: no image is in region XX-FOO-1, which is not a known region (" + strings.Join(api.KnownRegions, ", ") + "); check the code\n"
		if res.code != exitOK || res.stdout != "" || res.stderr != want {
			t.Errorf("want exit 0, nothing on stdout and on stderr\n%s\n%s", want, res)
		}
		// A known region with nothing in it is just empty.
		if res := runCLI(t, withToken(), "list", "--endpoint", srv.URL, "-o", "ids", "--region", "NA-CA-PRG-1"); res.code != exitOK || res.stdout != "" || res.stderr != "" {
			t.Errorf("a known region with no image: want exit 0 and no output:\n%s", res)
		}
	})
}

// TestDemoGenerationComesFromTheCommandsEnvironment: --demo serves the
// shape GCIMG_DEMO_API asks for in the environment the command line was
// given, never the test process's own.
func TestDemoGenerationComesFromTheCommandsEnvironment(t *testing.T) {
	t.Setenv(fakeapi.EnvGeneration, "today") // the process's: ignored
	res := runCLI(t, vars{}, "--demo", "list", "--type", "base-os", "-o", "ids")
	if res.code != exitOK || res.stdout == "" {
		t.Errorf("with GCIMG_DEMO_API only in the process environment, want the seed's base-os images:\n%s", res)
	}
	log := filepath.Join(t.TempDir(), "debug.log")
	res = runCLI(t, vars{fakeapi.EnvGeneration: "today"}, "--demo", "--debug-log", log, "list", "--type", "base-os", "-o", "ids")
	if res.code != exitFailure || !strings.Contains(res.stderr, "this API offers no base-os images") {
		t.Errorf("with GCIMG_DEMO_API=today given, want today's rejection:\n%s", res)
	}
	// The debug log says which shape the demo serves.
	if b, err := os.ReadFile(log); err != nil || !strings.Contains(string(b), "in the today shape (GCIMG_DEMO_API)") {
		t.Errorf("debug log (%v):\n%s", err, b)
	}
}
