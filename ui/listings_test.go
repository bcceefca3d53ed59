package ui

// How the TUI tells the state of its listings: a type the API does not
// offer, a listing the server's paging cut short, and retries while they
// wait.

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/theme"
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

// TestRejectedTypeKeepsTheToasts: the calm note takes the left of the
// status line; the right still says what the user's keys did.
func TestRejectedTypeKeepsTheToasts(t *testing.T) {
	h := newHarnessOn(t, today(), 100, 12, withTab(catalog.TabBaseOS))
	h.key("s")
	if s := statusLine(h.screen()); !strings.Contains(s, "Sorted by") || !strings.Contains(s, "no base OS images on this API") {
		t.Errorf("status line %q", s)
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

// retryHarness is a harness whose client retries (without sleeping) and
// whose model hears of retries as the program would, through send. At
// each wait the test's atWait runs, with the notices sent so far
// delivered: what the user sees while the retry is pending.
type retryHarness struct {
	*harness
	sent   []tea.Msg
	atWait func()
}

func newRetryHarness(t *testing.T, images []api.Image, faults fakeapi.Faults) *retryHarness {
	t.Helper()
	rh := &retryHarness{}
	srv := fakeapi.New(fakeapi.Options{Images: images})
	srv.SetFaults(faults)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	c, err := api.New(api.Config{
		Endpoint: hs.URL + "/compute/v1", Token: fakeapi.DemoToken, MaxRetries: 2,
		Sleep: func(ctx context.Context, _ time.Duration) error {
			// The notice came before the wait; the program would have it
			// now. Deliver it, and look.
			for len(rh.sent) > 0 {
				msg := rh.sent[0]
				rh.sent = rh.sent[1:]
				rh.send(msg)
			}
			if rh.atWait != nil {
				rh.atWait()
			}
			return ctx.Err()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	m := New(ctx, Options{Client: c, Now: func() time.Time { return testNow }, Theme: theme.Dark, Tab: catalog.TabSnapshot})
	m.animate = false
	m.send = func(msg tea.Msg) { rh.sent = append(rh.sent, msg) }
	rh.harness = &harness{t: t, m: m, srv: srv}
	rh.start(110, 24)
	return rh
}

func TestRetriesShowWhileTheyHappen(t *testing.T) {
	rh := newRetryHarness(t, catalogWith(250), fakeapi.Faults{FailOnce: map[int]int{2: 503}})
	var during []string
	rh.atWait = func() { during = append(during, rh.screen()) }
	rh.key("end")
	if len(during) != 1 {
		t.Fatalf("%d waits, want 1", len(during))
	}
	status := statusLine(during[0])
	if !strings.Contains(status, "↻ retrying page 2 of the snapshots endpoint (2/3) in ") || !strings.HasSuffix(status, ": 503 Service Unavailable") {
		t.Errorf("while the retry waits, the status line is %q", status)
	}
	// Once the request completes, the notice goes.
	if s := rh.screen(); strings.Contains(s, "retrying") || !strings.Contains(s, "end of list · 250 images") {
		t.Errorf("after the retry:\n%s", s)
	}
	if len(rh.m.cur().retries) != 0 {
		t.Errorf("notices left: %v", rh.m.cur().retries)
	}
}

// TestRetryReplacesTheOldError: R after a failure; while the retried
// request waits to retry again, the old error is gone from the screen.
func TestRetryReplacesTheOldError(t *testing.T) {
	rh := newRetryHarness(t, catalogWith(250), fakeapi.Faults{FailPages: map[int]int{2: 500}})
	rh.key("end")
	if s := rh.screen(); !strings.Contains(s, "✗ page 2 failed") {
		t.Fatalf("no error after the retries ran out:\n%s", s)
	}
	rh.srv.SetFaults(fakeapi.Faults{FailOnce: map[int]int{2: 502}})
	var during string
	rh.atWait = func() { during = rh.screen() }
	rh.key("R")
	if strings.Contains(during, "failed") || strings.Contains(during, "✗") || !strings.Contains(statusLine(during), "retrying page 2 of the snapshots endpoint (2/3)") {
		t.Errorf("while R's request waits to retry:\n%s", during)
	}
	if s := rh.screen(); strings.Contains(s, "retrying") || strings.Contains(s, "✗") {
		t.Errorf("after the retry succeeded:\n%s", s)
	}
}

// TestStaleRetryNoticesAreDropped: a notice for a request that is no
// longer waiting (it completed, or a reload abandoned it) never shows.
func TestStaleRetryNoticesAreDropped(t *testing.T) {
	rh := newRetryHarness(t, catalogWith(250), fakeapi.Faults{})
	r := api.Retry{Endpoint: api.EndpointSnapshots, Page: 2, Attempt: 2, MaxAttempts: 3, Reason: "503 Service Unavailable"}
	rh.send(retryMsg{tab: catalog.TabSnapshot, gen: 1 << 40, r: r})
	_, held := rh.m.Update(keyMsg("end")) // page 2 goes out; its reply is held
	gen := pageCmds(held)[0].gen
	rh.key("ctrl+r") // the reload abandons it
	rh.send(retryMsg{tab: catalog.TabSnapshot, gen: gen, r: r})
	if s := rh.screen(); strings.Contains(s, "retrying") {
		t.Errorf("a stale notice shows:\n%s", s)
	}
	// One for a request that still waits shows, in its own tab only,
	// until its reply comes.
	rh = newRetryHarness(t, catalogWith(250), fakeapi.Faults{})
	_, held = rh.m.Update(keyMsg("end"))
	reply := pageCmds(held)[0]
	rh.send(retryMsg{tab: catalog.TabSnapshot, gen: reply.gen, r: r})
	if !strings.Contains(rh.screen(), "retrying page 2") {
		t.Errorf("the notice of a waiting request does not show:\n%s", rh.screen())
	}
	rh.key("1")
	if strings.Contains(rh.screen(), "retrying") {
		t.Errorf("another tab shows the Snapshots tab's retry:\n%s", rh.screen())
	}
	rh.key("5")
	rh.send(reply)
	if strings.Contains(rh.screen(), "retrying") {
		t.Errorf("the notice outlives its request:\n%s", rh.screen())
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
