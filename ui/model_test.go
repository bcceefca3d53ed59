package ui

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

func ptr(s string) *string { return &s }

// catalogWith returns the demo's public images plus n generated snapshots.
func catalogWith(snapshots int) []api.Image {
	var out []api.Image
	for _, im := range fakeapi.DemoCatalog() {
		if im.Type != api.TypeSnapshot {
			out = append(out, im)
		}
	}
	for _, im := range fakeapi.Generate(snapshots*3, 7) {
		if im.Type == api.TypeSnapshot && snapshots > 0 {
			out = append(out, im)
			snapshots--
		}
	}
	return out
}

// pages names each request by its listing and page: "snapshots:2" for
// page 2 of /snapshots, "snapshot:2" for /images?type=snapshot, ":2" for
// /images of every type.
func pages(reqs []fakeapi.Request) []string {
	out := make([]string, len(reqs))
	for i, r := range reqs {
		name := r.Type
		if r.Endpoint != string(api.EndpointImages) {
			name = r.Endpoint
		}
		out[i] = fmt.Sprintf("%s:%d", name, r.Page)
	}
	return out
}

// walkOf names the requests of pages 1 to n of each listing, in order.
func walkOf(n int, listings ...string) []string {
	var out []string
	for _, l := range listings {
		for p := 1; p <= n; p++ {
			out = append(out, fmt.Sprintf("%s:%d", l, p))
		}
	}
	return out
}

func TestFirstScreenCostsOneRequest(t *testing.T) {
	for _, tab := range []catalog.Tab{catalog.TabAll, catalog.TabSnapshot} {
		t.Run(tab.Title(), func(t *testing.T) {
			h := newHarness(t, catalogWith(520), 100, 30, withTab(tab))
			got := pages(h.requests())
			// The Snapshots tab reads /snapshots first, All /images.
			want := map[catalog.Tab][]string{catalog.TabAll: {":1"}, catalog.TabSnapshot: {"snapshots:1"}}[tab]
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Fatalf("requests = %v, want %v", got, want)
			}
			if !strings.Contains(h.screen(), "100 loaded") {
				t.Errorf("status does not show the loaded count:\n%s", h.screen())
			}
		})
	}
}

func TestPrefetchWithinOneScreenOfTheEnd(t *testing.T) {
	h := newHarness(t, catalogWith(520), 100, 30, withTab(catalog.TabSnapshot))
	screen := h.m.listHeight()
	// Walk down until one screen before the end of page 1: no new request.
	for h.m.cur().list.Cursor() < 100-1-screen {
		h.key("down")
	}
	if n := h.srv.RequestCount(); n != 1 {
		t.Fatalf("%d requests before reaching the last screen, want 1", n)
	}
	h.key("down")
	if got := pages(h.requests()); len(got) != 2 || got[1] != "snapshots:2" {
		t.Fatalf("requests = %v, want page 2 once within a screen of the end", got)
	}
}

func TestEndFetchesTheRestPageByPage(t *testing.T) {
	h := newHarness(t, catalogWith(520), 100, 30, withTab(catalog.TabSnapshot))
	h.key("end")
	// /snapshots, then /images?type=snapshot, which a seed server has
	// too: it brings nothing new here, but only its walk can tell.
	want := walkOf(6, "snapshots", "snapshot")
	if got := pages(h.requests()); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("requests = %v, want %v", got, want)
	}
	ts := h.m.cur()
	if !ts.feed.Done() || ts.list.Cursor() != ts.rows.Len()-1 || ts.rows.Len() != 520 {
		t.Fatalf("done=%v cursor=%d rows=%d, want the cursor on the last of 520", ts.feed.Done(), ts.list.Cursor(), ts.rows.Len())
	}
	for _, r := range allRows(ts.rows) {
		if r.E.Image.StatusOr("") != string(api.SnapshotCreated) || r.E.Image.SizeGiB == nil {
			t.Fatalf("row %q has no status or size from /snapshots", r.E.Name)
		}
	}
	if !strings.Contains(h.screen(), "end of list · 520 images") {
		t.Errorf("no end marker:\n%s", h.screen())
	}
}

func TestEachTabHasItsOwnFeedAndCursor(t *testing.T) {
	h := newHarness(t, catalogWith(50), 100, 30)
	h.key("down", "down", "down")
	h.key("5")
	h.key("down")
	h.key("1")
	if c := h.m.cur().list.Cursor(); c != 3 {
		t.Errorf("All tab cursor = %d after coming back, want 3", c)
	}
	h.key("5")
	if c := h.m.cur().list.Cursor(); c != 1 {
		t.Errorf("Snapshots cursor = %d after coming back, want 1", c)
	}
	// Visiting a tab again costs nothing: each fetched its one page once.
	want := []string{":1", "snapshots:1"}
	if got := pages(h.requests()); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("requests = %v, want %v", got, want)
	}
}

func TestLateReplyLandsInItsOwnTab(t *testing.T) {
	h := newHarness(t, catalogWith(50), 100, 30)
	// Ask for the snapshots' first page but hold the reply back.
	_, cmd := h.m.Update(keyMsg("5"))
	_, _ = h.m.Update(keyMsg("1"))
	allRows := h.m.cur().rows.Len()
	h.run(cmd) // the snapshot page arrives while All is visible
	if got := h.m.cur().rows.Len(); got != allRows {
		t.Fatalf("All tab rows changed from %d to %d by a snapshot reply", allRows, got)
	}
	if got := h.m.tabs[catalog.TabSnapshot].feed.Loaded(); got != 50 {
		t.Fatalf("snapshot feed loaded %d, want 50", got)
	}
}

func TestStaleReplyAfterReloadIsDropped(t *testing.T) {
	h := newHarness(t, catalogWith(250), 100, 30, withTab(catalog.TabSnapshot))
	_, slow := h.m.Update(keyMsg("end")) // page 2 in flight, reply held
	// The catalog changes, then the user reloads: a new generation, whose
	// first page lists other snapshots.
	fresh := catalogWith(0)
	for _, im := range fakeapi.Generate(900, 99) {
		if im.Type == api.TypeSnapshot {
			fresh = append(fresh, im)
		}
	}
	h.swapCatalog(fresh)
	h.key("ctrl+r")
	want := map[string]bool{}
	for _, im := range fresh {
		want[im.ID] = true
	}
	ts := h.m.cur()
	if n := ts.rows.Len(); n == 0 || !want[ts.rows.At(0).E.Image.ID] {
		t.Fatalf("after the reload the tab does not show the new catalog (%d rows)", n)
	}
	// A filter makes the new walk ask for its page 2 (and more) at once,
	// and the old walk's page 2 arrives first: it must not pass for the
	// new one.
	h.key("/")
	_, more := h.m.Update(keyMsg("e"))
	if more == nil {
		t.Fatal("the filter asked for no more pages")
	}
	h.run(slow)
	h.run(more)
	if !ts.feed.Done() || ts.rows.Len() == 0 {
		t.Fatalf("the new walk did not complete (done=%v, %d rows)", ts.feed.Done(), ts.rows.Len())
	}
	for _, r := range allRows(ts.rows) {
		if !want[r.E.Image.ID] {
			t.Fatalf("row %q (%s) comes from the walk the reload replaced", r.E.Name, r.E.Image.ID)
		}
	}
}

func TestFilterCompletesInTheBackground(t *testing.T) {
	h := newHarness(t, catalogWith(520), 100, 30, withTab(catalog.TabSnapshot))
	var found string
	for _, im := range catalogWith(520) {
		if im.Type == api.TypeSnapshot {
			found = im.Name // the last snapshot: only on page 6
		}
	}
	h.key("/")
	h.typeText(found)
	if !h.m.cur().feed.Done() {
		t.Fatal("a filter on a partly loaded tab did not load the rest")
	}
	ok := false
	for _, r := range allRows(h.m.cur().rows) {
		if r.E.Name == text.Sanitize(found) {
			ok = true
		}
	}
	if !ok {
		t.Fatalf("filter %q did not find the image on the last page", found)
	}
	got, want := pages(h.requests()), walkOf(6, "snapshots", "snapshot")
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("requests %v, want each page of both listings once", got)
	}
}

func TestFilterStatusIsHonestWhilePartial(t *testing.T) {
	h := newHarness(t, catalogWith(520), 100, 30, withTab(catalog.TabSnapshot))
	// Hold the background fetch: type without running its command.
	h.key("/")
	_, _ = h.m.Update(tea.KeyPressMsg{Code: 'a', Text: "a"})
	if s := h.screen(); !strings.Contains(s, "matches in 100 of ~520+ loaded") {
		t.Fatalf("partial results not announced:\n%s", s)
	}
}

func TestErrorKeepsRowsAndRetryResumes(t *testing.T) {
	h := newHarness(t, catalogWith(520), 100, 30, withTab(catalog.TabSnapshot))
	h.srv.SetFaults(fakeapi.Faults{FailAlways: 503})
	h.key("end")
	s := h.screen()
	if !strings.Contains(s, "503") || !strings.Contains(s, "R retries") {
		t.Fatalf("error not shown with its retry key:\n%s", s)
	}
	if got := h.m.cur().rows.Len(); got != 100 {
		t.Fatalf("%d rows after a failure, want the 100 already loaded", got)
	}
	h.srv.SetFaults(fakeapi.Faults{})
	h.srv.ResetRequests()
	h.key("R")
	if got := pages(h.requests()); len(got) == 0 || got[0] != "snapshots:2" {
		t.Fatalf("retry requested %v, want to resume at page 2", got)
	}
}

func TestRegionFilterCombinesWithTabAndText(t *testing.T) {
	const region, text = "EUC-DE-MUC-1", "ubuntu"
	imgs := catalogWith(30)
	h := newHarness(t, imgs, 100, 40, withRegion(region))
	ids := func() map[string]bool {
		out := map[string]bool{}
		for _, r := range allRows(h.m.cur().rows) {
			out[r.E.Image.ID] = true
		}
		return out
	}
	// What each filter alone and the three together must give, worked
	// out from the catalog without the UI's matcher: "ubuntu" is in the
	// name, slug or family of exactly the Ubuntu images.
	inRegion, both := map[string]bool{}, map[string]bool{}
	for _, im := range imgs {
		if !im.HasRegion(region) {
			continue
		}
		inRegion[im.ID] = true
		fields := strings.ToLower(im.Name + " " + deref(im.Slug) + " " + deref(im.Family))
		if im.Type == api.TypeCloudImage && strings.Contains(fields, text) {
			both[im.ID] = true
		}
	}
	if got := ids(); !maps.Equal(got, inRegion) {
		t.Fatalf("the region filter shows %d images, want the %d in %s", len(got), len(inRegion), region)
	}
	h.key("3", "/")
	h.typeText(text)
	h.key("enter")
	got := ids()
	if len(both) < 2 || len(both) >= len(inRegion) {
		t.Fatalf("the test catalog gives %d of %d: it cannot tell the filters apart", len(both), len(inRegion))
	}
	if !maps.Equal(got, both) {
		t.Fatalf("tab, region and text give %d images, want the %d cloud images in %s matching %q", len(got), len(both), region, text)
	}
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func TestRegionPickerAppliesAndCancels(t *testing.T) {
	h := newHarness(t, catalogWith(30), 100, 30)
	h.key("r")
	if h.m.focused() != focusPicker {
		t.Fatal("r did not open the region picker")
	}
	h.key("down", "esc")
	if h.m.query.Region != "" {
		t.Fatal("esc applied the region")
	}
	h.key("r", "down", "enter")
	if h.m.query.Region == "" {
		t.Fatal("enter did not apply a region")
	}
	h.key("r", "home", "enter")
	h.key("r")
	h.key("up", "up", "up", "enter")
	if h.m.query.Region != "" {
		t.Fatalf("All regions not applied, got %q", h.m.query.Region)
	}
}

func TestSortCycles(t *testing.T) {
	h := newHarness(t, catalogWith(30), 100, 30)
	for _, want := range []string{"created", "updated", "name"} {
		h.key("s")
		if got := h.m.query.Sort.String(); got != want {
			t.Fatalf("sort = %s, want %s", got, want)
		}
	}
}

func TestReloadKeepsTheCursorOnTheSameImage(t *testing.T) {
	imgs := catalogWith(30)
	h := newHarness(t, imgs, 100, 30)
	h.key("down", "down", "down", "down")
	id, row := h.selID(), h.m.cur().list.Cursor()

	// The catalog changes before the reload: a new image sorts above the
	// cursor, so keeping the row number would land on another image.
	first := api.Image{ID: "00000000-0000-4000-8000-000000000001", Name: "0 first by name", Type: api.TypeSnapshot}
	h.swapCatalog(append([]api.Image{first}, imgs...))

	h.key("ctrl+r")
	ts := h.m.cur()
	if got := h.selID(); got != id || ts.list.Cursor() != row+1 {
		t.Fatalf("after reload the cursor is on %s (row %d), want %s (row %d)", got, ts.list.Cursor(), id, row+1)
	}
}

func TestQuitKeys(t *testing.T) {
	cases := []struct {
		name string
		keys []string
		quit bool
	}{
		{"q on the list", []string{"q"}, true},
		{"q typed in the filter", []string{"/", "q"}, false},
		{"esc then q from the filter", []string{"/", "esc", "q"}, true},
		{"ctrl+c in the filter", []string{"/", "ctrl+c"}, true},
		{"ctrl+c in detail", []string{"enter", "ctrl+c"}, true},
		{"ctrl+c in the picker", []string{"r", "ctrl+c"}, true},
		{"esc in the picker", []string{"r", "esc"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, catalogWith(10), 100, 30)
			h.key(c.keys...)
			if h.quit != c.quit {
				t.Fatalf("quit = %v, want %v", h.quit, c.quit)
			}
		})
	}
}

func TestDetailShowsConfigStrings(t *testing.T) {
	im := api.Image{
		ID: "3b29b09e-138e-11ef-a299-7fd37e9e8724", Name: "Ubuntu 24.04", Type: api.TypeCloudImage,
		Family: ptr("Ubuntu"), Slug: ptr("ubuntu-24.04"), OSType: "linux",
		Versions: []string{"20240423", "20240611"}, Regions: []string{"NORD-NO-KRS-1"},
		CreatedAt: time.Date(2024, 6, 3, 10, 7, 9, 0, time.UTC), UpdatedAt: time.Date(2024, 7, 5, 13, 29, 29, 0, time.UTC),
	}
	h := newHarness(t, []api.Image{im}, 100, 40)
	h.key("enter")
	s := h.screen()
	for _, want := range []string{im.ID, "ubuntu-24.04:20240423", "ubuntu-24.04:20240611", `image = "ubuntu-24.04"`, "2024-06-03 10:07 UTC", "linux", "Ubuntu"} {
		if !strings.Contains(s, want) {
			t.Errorf("detail lacks %q:\n%s", want, s)
		}
	}
	h.key("backspace")
	if h.m.focused() != focusList {
		t.Error("backspace did not go back to the list")
	}
}

func TestViewNeverExceedsTheWindow(t *testing.T) {
	long := strings.Repeat("very long name 日本語 🎉 ", 200)
	imgs := catalogWith(40)
	imgs = append(imgs, api.Image{ID: "long-1", Name: long, Type: api.TypeSnapshot, Regions: []string{"X-" + long}})
	for _, size := range [][2]int{{1, 1}, {5, 3}, {20, 5}, {40, 10}, {60, 20}, {80, 24}, {160, 40}} {
		for _, keys := range [][]string{nil, {"end"}, {"end", "enter"}, {"r"}, {"/"}, {"?"}} {
			h := newHarness(t, imgs, size[0], size[1])
			h.key(keys...)
			lines := strings.Split(h.screen(), "\n")
			if len(lines) > size[1] {
				t.Errorf("%v after %v: %d lines", size, keys, len(lines))
			}
			for _, l := range lines {
				if w := text.Width(l); w > size[0] {
					t.Errorf("%v after %v: line of width %d: %q", size, keys, w, l)
				}
			}
		}
	}
}

func TestHostileNamesNeverReachTheScreen(t *testing.T) {
	imgs := []api.Image{
		{ID: "a", Name: "clip\x1b]52;c;aGVsbG8=\x07board", Type: api.TypeSnapshot},
		{ID: "b", Name: "clear\x1b[2Jscreen\x1bc", Type: api.TypeSnapshot, Family: ptr("\x1b]0;title\x07fam")},
		{ID: "c", Name: "bidi \u202egnp.exe", Type: api.TypeSnapshot, Regions: []string{"\x9b31mREG"}},
	}
	h := newHarness(t, imgs, 100, 20)
	for _, keys := range [][]string{nil, {"enter"}, {"esc", "r"}} {
		h.key(keys...)
		content := h.m.View().Content
		for _, bad := range []string{"]52;", "[2J", "\x1bc", "]0;", "\u202e", "\x9b"} {
			if strings.Contains(content, bad) {
				t.Fatalf("after %v the view holds %q", keys, bad)
			}
		}
	}
}

func TestMouseWheelMovesTheCursor(t *testing.T) {
	h := newHarness(t, catalogWith(30), 100, 30)
	h.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if c := h.m.cur().list.Cursor(); c != 3 {
		t.Fatalf("cursor = %d after a wheel step down, want 3", c)
	}
	h.send(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if c := h.m.cur().list.Cursor(); c != 0 {
		t.Fatalf("cursor = %d after a wheel step up, want 0", c)
	}
	h.key("enter")
	h.send(tea.WindowSizeMsg{Width: 100, Height: 12}) // shorter than the detail
	if n, body := len(h.m.detail.page.lines), h.m.bodyHeight(); n <= body {
		t.Fatalf("the detail view has %d lines in a body of %d: nothing to scroll", n, body)
	}
	h.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if from, _ := h.m.detail.page.scroll.Visible(); from == 0 {
		t.Fatal("the wheel did not scroll a tall detail view")
	}
}

func TestResizeKeepsTheCursorVisible(t *testing.T) {
	h := newHarness(t, catalogWith(60), 100, 40)
	h.key("pgdown", "pgdown")
	h.send(tea.WindowSizeMsg{Width: 60, Height: 10})
	ts := h.m.cur()
	if !cursorShown(ts.list, h.m.listHeight()) {
		t.Fatalf("cursor %d outside the window from %d after a resize", ts.list.Cursor(), ts.list.offset)
	}
	if !strings.Contains(h.screen(), "▌") {
		t.Fatalf("selected row not on screen:\n%s", h.screen())
	}
}

// Every size the terminal reports reaches the debug log, in the order
// the model was told, so a screen left at the wrong size can be traced
// to the message that put it there.
func TestTerminalSizesAreLogged(t *testing.T) {
	var logged []string
	h := newHarness(t, catalogWith(0), 100, 30, withOpts(func(o *Options) {
		o.Log = func(format string, args ...any) { logged = append(logged, fmt.Sprintf(format, args...)) }
	}))
	h.send(tea.WindowSizeMsg{Width: 20, Height: 5})
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	want := []string{"terminal size 100x30", "terminal size 20x5", "terminal size 120x40"}
	if !slices.Equal(logged, want) {
		t.Fatalf("debug log lines %q, want %q", logged, want)
	}
}

func TestClearingAFilterAfterEndKeepsTheChosenImage(t *testing.T) {
	h := newHarness(t, catalogWith(250), 100, 30, withTab(catalog.TabSnapshot))
	h.key("end", "/")
	// A name from the middle: the first row would still be under the
	// cursor if clearing the filter kept the index instead of the image.
	want := h.m.cur().rows.At(h.m.cur().rows.Len() / 2).E.Name
	h.typeText(want)
	id := h.selID()
	h.key("enter", "esc")
	if got := h.selID(); got != id {
		t.Fatalf("cursor on %s after clearing the filter, want %s (%q)", got, id, want)
	}
}

func TestFooterStaysAtTheBottom(t *testing.T) {
	h := newHarness(t, []api.Image{cloudImage()}, 80, 30)
	for _, keys := range [][]string{nil, {"enter"}, {"esc", "r"}, {"esc", "C"}} {
		h.key(keys...)
		lines := strings.Split(h.screen(), "\n")
		if len(lines) != 30 || !strings.Contains(lines[29], " • ") {
			t.Fatalf("after %v: %d lines, last %q", keys, len(lines), lines[len(lines)-1])
		}
	}
}

// clamp counts the marker rows without rendering them; the count must
// be what listView draws, or the last row hides behind the markers.
func TestMarkerCountMatchesMarkerLines(t *testing.T) {
	check := func(name string, h *harness) {
		t.Helper()
		if got, want := h.m.markerCount(), len(h.m.markerLines()); got != want {
			t.Errorf("%s: markerCount %d, markerLines %d", name, got, want)
		}
	}
	check("done", newHarness(t, catalogWith(30), 100, 30))
	h := newHarness(t, catalogWith(520), 100, 30, withTab(catalog.TabSnapshot))
	check("idle, more to load", h)
	_, _ = h.m.Update(keyMsg("end")) // page 2 in flight, reply held
	check("in flight", h)
	h = newHarness(t, catalogWith(520), 30, 30, withTab(catalog.TabSnapshot))
	h.srv.SetFaults(fakeapi.Faults{FailAlways: 503})
	h.key("end")
	check("failed", h)
	if h.m.markerCount() < 2 {
		t.Errorf("failed: the error should wrap on a narrow screen, got %d line(s)", h.m.markerCount())
	}
}
