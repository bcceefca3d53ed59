package e2e

// Issue 12's "done when" for the TUI, on the built binary in tmux, against
// both shapes of the API: the Snapshots tab shows statuses and today's
// Base OS tab is calm; retries show while they happen. The helpers are
// tmux_test.go's.

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// The demo's snapshots that /images does not list: being created, and
// failed.
const (
	creatingSnapshot = "nightly-backup 2026-10-30"
	failedSnapshot   = "prod-db-backup 2026-09-01"
)

// TestTmuxSnapshotStatusAndCalmTypes runs `gcimg --demo` in each shape
// of the API: the Snapshots tab has a STATUS column whose not-ready
// snapshots are marked, and the Base OS tab is either the seed's images
// or, on today's API, a calm note with no error and no retry.
func TestTmuxSnapshotStatusAndCalmTypes(t *testing.T) {
	t.Parallel()
	for _, gen := range []string{"seed", "today"} {
		t.Run(gen, func(t *testing.T) {
			t.Parallel()
			tm := newTerm(t, termOpts{width: 120, height: 30, env: []string{fakeapi.EnvGeneration + "=" + gen}, script: afterExit("gcimg --demo --type snapshot")})
			tm.waitFor("the Snapshots tab", func(s screen) bool { return s.has("STATUS") && s.has("SIZE") && s.has("loaded") })
			tm.keys("/")
			tm.typeText("backup 2026")
			s := tm.waitFor("both not-ready snapshots", func(s screen) bool {
				return s.has(creatingSnapshot) && s.has(failedSnapshot) && s.has("end of list")
			})
			for _, want := range []*regexp.Regexp{
				regexp.MustCompile(`↻ ` + creatingSnapshot + `\s+creating\s`),
				regexp.MustCompile(`✗ ` + failedSnapshot + `\s+error\s+\d+ GiB`),
			} {
				if !s.matches(want) {
					t.Errorf("no row matches %s:\n%s", want, s)
				}
			}
			tm.keys("Escape") // clears the filter; alone, or it reads as alt+ the next key
			tm.waitFor("the filter cleared", func(s screen) bool { return !s.has("/ backup") })
			tm.keys("2")
			switch gen {
			case "seed":
				tm.waitFor("the seed's base OS images", func(s screen) bool {
					return activeTab(s, "Base OS", "Snapshots") && s.has("SLUG") && s.has("Ubuntu") && s.has("end of list")
				})
			case "today":
				s = tm.waitFor("today's calm Base OS tab", func(s screen) bool {
					return activeTab(s, "Base OS", "Snapshots") && !s.has("STATUS") && s.has("this API offers no base OS images")
				})
				for _, bad := range []string{"✗", "retr", "failed"} {
					if s.has(bad) {
						t.Errorf("today's Base OS tab shows %q:\n%s", bad, s)
					}
				}
				if !s.has("it answers type=base-os with 400 Bad Request: invalid type") || !s.has("no base OS images on this API") {
					t.Errorf("today's Base OS tab does not say why:\n%s", s)
				}
				// The tab bar: no count for Base OS, a count for Snapshots;
				// and once another tab is active, Base OS is drawn faint,
				// unlike Preconfigured, which is merely not loaded yet.
				if !strings.Contains(s.row(0), "Base OS │") || !regexp.MustCompile(`Snapshots \d+`).MatchString(s.row(0)) {
					t.Errorf("tab bar %q", s.row(0))
				}
				tm.keys("5")
				s = tm.waitFor("the Snapshots tab again", func(s screen) bool {
					// Its own columns: the frame is drawn for it.
					return s.has("STATUS") && !s.has("offers no") && activeTab(s, "Snapshots", "Preconfigured")
				})
				base, ok1 := sgrAt(s.top, "Base OS")
				pre, ok2 := sgrAt(s.top, "Preconfigured")
				if !ok1 || !ok2 || !strings.Contains(base, "dtrue") || strings.Contains(pre, "dtrue") {
					t.Errorf("Base OS is drawn %q, Preconfigured %q: want Base OS faint, Preconfigured not", base, pre)
				}
			}
			tm.quit("the list")
		})
	}
}

// TestTmuxRetriesShowWhileTheyHappen: page 2 of the snapshots fails with
// 503 until the test has seen the retry in the status line; then the
// server mends, the retry goes through, and the notice goes. Nothing here
// depends on how fast anything is: the server fails for as long as the
// test needs.
func TestTmuxRetriesShowWhileTheyHappen(t *testing.T) {
	t.Parallel()
	for _, gen := range []fakeapi.Generation{fakeapi.Seed, fakeapi.Today} {
		t.Run(gen.String(), func(t *testing.T) {
			t.Parallel()
			srv, err := fakeapi.Start(fakeapi.Options{Images: retryCatalog(), Token: testToken, Generation: gen})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = srv.Close() })
			tm := newTerm(t, termOpts{width: 120, height: 30, api: srv, script: afterExit("gcimg --type snapshot")})
			tm.waitFor("page 1", func(s screen) bool { return s.has("100 loaded") })
			srv.Server.SetFaults(fakeapi.Faults{FailPages: map[int]int{2: 503}, RetryAfter: "1"})
			tm.keys("End")
			// Page 2 of either listing of snapshots (the seed's server has
			// two, read at once to the end): the latest retry shows.
			retrying := regexp.MustCompile(`↻ retrying page 2 of (the snapshots endpoint|snapshot images) \(2/5\) in 1s: 503 Service Unavailable`)
			s := tm.waitSeen("the retry in the status line", func(s screen) bool {
				return retrying.MatchString(strings.Join(s.lines, "\n"))
			})
			if s.has("✗") || s.has("failed") {
				t.Errorf("an error shows while the retry waits:\n%s", s)
			}
			srv.Server.SetFaults(fakeapi.Faults{})
			s = tm.waitFor("the rest of the snapshots", func(s screen) bool { return s.has("end of list · 250 images") })
			if s.has("retrying") {
				t.Errorf("the notice outlives the retry:\n%s", s)
			}
			pages := pagesFor(srv, "snapshots")
			if tries := len(slices.DeleteFunc(slices.Clone(pages), func(p int) bool { return p != 2 })); tries < 2 || !slices.Contains(pages, 3) {
				t.Errorf("pages of /snapshots %v: want page 2 retried, then the rest", pages)
			}
			tm.keys("q")
			tm.waitDone()
		})
	}
}

// retryCatalog is the demo's public images and 250 snapshots: three
// pages of each listing of snapshots.
func retryCatalog() []api.Image {
	var out []api.Image
	for _, im := range fakeapi.DemoCatalog() {
		if im.Type != api.TypeSnapshot {
			out = append(out, im)
		}
	}
	snaps := 0
	for _, im := range fakeapi.Generate(900, 12) {
		if im.Type == api.TypeSnapshot && snaps < 250 {
			out = append(out, im)
			snaps++
		}
	}
	return out
}

// TestTmuxPickNotReadyWarns: picking a snapshot that is still being made
// prints its ID on stdout, as asked, and a warning on stderr.
func TestTmuxPickNotReadyWarns(t *testing.T) {
	t.Parallel()
	var id string
	for _, s := range fakeapi.DemoSnapshots() {
		if s.Name == creatingSnapshot {
			id = s.ID
		}
	}
	tm := newTerm(t, termOpts{script: afterExit(`gcimg pick --demo --type snapshot --query "` + creatingSnapshot + `" > "$D/out" 2> "$D/err"`)})
	tm.waitFor("the snapshot", func(s screen) bool { return strings.Contains(s.selectedRow(), "↻ "+creatingSnapshot) })
	tm.keys("Enter")
	code, stty := tm.waitDone()
	want := `gcimg: warning: snapshot "` + creatingSnapshot + `" is creating: an instance cannot start from it yet` + "\n"
	if out, errs := tm.file("out"), tm.file("err"); code != exitOK || out != id+"\n" || errs != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0, %q and %q", code, safe(out), safe(errs), id+"\n", want)
	}
	tm.checkTTY(stty)
}
