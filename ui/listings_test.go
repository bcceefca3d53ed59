package ui

// How the TUI tells the state of its listings: a type the API does not
// offer, and a listing the server's paging cut short.

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// today is the demo catalog on today's API: cloud images at /images,
// every other type refused, snapshots at /snapshots only.
func today() fakeapi.Options { return fakeapi.Options{Generation: fakeapi.Today} }

func TestRejectedTypeIsCalm(t *testing.T) {
	for _, tab := range []catalog.Tab{catalog.TabBaseOS, catalog.TabPreconfigured} {
		t.Run(tab.Title(), func(t *testing.T) {
			h := newHarnessOn(t, today(), 100, 20, withTab(tab))
			s := flat(h.screen())
			for _, want := range []string{
				"this API offers no " + tab.Noun(),
				"it answers type=" + string(tab.Type()) + " with 400 Bad Request: invalid type",
				"no " + tab.Noun() + " on this API",
			} {
				if !strings.Contains(s, want) {
					t.Errorf("screen lacks %q:\n%s", want, h.screen())
				}
			}
			for _, bad := range []string{"✗", "retr", "failed", "R "} {
				if strings.Contains(s, bad) {
					t.Errorf("screen shows %q:\n%s", bad, h.screen())
				}
			}
			// R does nothing; the tab has no count and is drawn unlike
			// a tab that is merely not loaded yet.
			h.srv.ResetRequests()
			h.key("R")
			if n := len(h.requests()); n != 0 {
				t.Errorf("R made %d requests", n)
			}
			h.key("1")
			top := strings.SplitN(h.m.View().Content, "\n", 2)[0]
			if !strings.Contains(ansi.Strip(top), tab.Title()+" │") {
				t.Errorf("tab bar %q: want the title with no count", ansi.Strip(top))
			}
			if !strings.Contains(top, h.m.styles.Tabs.Unavailable.Render(tab.Title())) {
				t.Errorf("the tab is not drawn as unavailable: %q", top)
			}
		})
	}
}

// TestTodaysSnapshotsTab: today's API refuses type=snapshot; the tab reads
// /snapshots and skips the refusal quietly.
func TestTodaysSnapshotsTab(t *testing.T) {
	h := newHarnessOn(t, today(), 100, 20, withTab(catalog.TabSnapshot))
	h.key("end")
	s := h.screen()
	if !strings.Contains(s, "end of list · 337 images") || strings.Contains(s, "✗") || strings.Contains(s, "offers no") {
		t.Errorf("today's Snapshots tab:\n%s", s)
	}
	if got := pages(h.requests()); strings.Join(got, " ") != "snapshots:1 snapshots:2 snapshots:3 snapshots:4 snapshot:1" {
		t.Errorf("requests %v", got)
	}
}

// TestIncompleteListingIsSaid: a server that ignores page ends the walk
// as before, and the status line and the end of the list say so.
func TestIncompleteListingIsSaid(t *testing.T) {
	h := newFaultHarness(t, faultSetup{images: catalogWith(250), w: 120, h: 30, tab: catalog.TabSnapshot, faults: fakeapi.Faults{IgnorePage: true}})
	h.key("end")
	s := flat(h.screen())
	for _, want := range []string{
		"end of list · 100 images · incomplete",
		"Incomplete: the snapshots endpoint stopped at 100 of the 250 the server counts: page 2 brought only images already listed; snapshot images stopped at 100 of the 250",
		"The server seems to ignore the page parameter",
		"incomplete: 100 of 250 listed (the server ignores page)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("screen lacks %q:\n%s", want, h.screen())
		}
	}
	// An honest server's end says nothing of the kind.
	h = newFaultHarness(t, faultSetup{images: catalogWith(250), w: 120, h: 30, tab: catalog.TabSnapshot})
	h.key("end")
	if s := h.screen(); strings.Contains(s, "ncomplete") {
		t.Errorf("an honest listing is called incomplete:\n%s", s)
	}
}

// statusLine is the screen's status line (the one above the help).
func statusLine(screen string) string {
	lines := strings.Split(screen, "\n")
	if len(lines) < 2 {
		return ""
	}
	return strings.TrimSpace(lines[len(lines)-2])
}
