package ui

// The image acted on is the image chosen: what is highlighted, what the
// open view shows, what the query asked for, whatever arrives meanwhile.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/keymap"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
	"github.com/genesiscloud-tools/gcimg/ui/clip"
)

func pickWith(kind refs.Kind) harnessOpt {
	return withOpts(func(o *Options) { o.Pick, o.Print, o.Clipboard = true, kind, clip.Off })
}

// TestPastedQueryFilters is issue 10's first case: in pick mode on the
// cloud images, a pasted "rocky-9" filters, and enter prints its slug,
// not the first row's. A paste over the list opens the prompt with it.
func TestPastedQueryFilters(t *testing.T) {
	for _, keys := range [][]string{{"/"}, nil} {
		t.Run(fmt.Sprintf("after %v", keys), func(t *testing.T) {
			h := newHarness(t, catalogWith(0), 100, 20, withTab(catalog.TabCloudImage), pickWith(refs.Slug))
			h.key(keys...)
			h.send(tea.PasteMsg{Content: "rocky-9"})
			if h.m.focused() != focusFilter || h.m.query.Text != "rocky-9" {
				t.Fatalf("focus %v, query %q: the paste is not the query", h.m.focused(), h.m.query.Text)
			}
			if r := h.m.cur().cursorRow(); r == nil || r.E.Slug != "rocky-9" {
				t.Fatalf("the highlighted row is not the best match:\n%s", h.screen())
			}
			h.key("enter")
			if v, ok := h.m.Picked(); !ok || v.Value != "rocky-9" {
				t.Fatalf("pick printed %q (%v), want rocky-9", v, ok)
			}
		})
	}
}

// TestPasteIsSanitised: a paste is someone else's text; escapes and line
// breaks never reach the prompt or the query.
func TestPasteIsSanitised(t *testing.T) {
	h := newHarness(t, catalogWith(0), 100, 20)
	h.key("/")
	h.send(tea.PasteMsg{Content: "rocky\x1b]52;c;aGk=\x07\n-9\u202e"})
	if got := h.m.query.Text; got != "rocky -9" {
		t.Fatalf("query %q after a hostile paste", got)
	}
	checkViewSafe(t, h.m.View().Content, 100, 20)
}

// streamRegion is the region the streaming tests filter by.
const streamRegion = "EUC-DE-MUC-1"

// streamCatalog is the demo's public images and 520 snapshots (six pages)
// where each page after the first brings, in streamRegion, a snapshot
// whose name sorts before every earlier one and one that sorts after.
func streamCatalog() []api.Image {
	imgs := catalogWith(520)
	var snaps []int
	for i, im := range imgs {
		if im.Type == api.TypeSnapshot {
			snaps = append(snaps, i)
		}
	}
	for p := 2; p <= 6; p++ {
		early, late := &imgs[snaps[(p-1)*100+5]], &imgs[snaps[(p-1)*100+6]]
		early.Name, late.Name = fmt.Sprintf("0%d early on page %d", 7-p, p), fmt.Sprintf("zz%d late on page %d", p, p)
		early.Regions, late.Regions = []string{streamRegion}, []string{streamRegion}
	}
	return imgs
}

// slowRegion starts a harness on streamCatalog's snapshots with the
// region filter on, with page 1 in, and returns the requests its arrival
// made, unrun: the rest of the tab, which the filter completes.
func slowRegion(t *testing.T, opts ...harnessOpt) (*harness, tea.Cmd) {
	t.Helper()
	srv, c := serve(t, streamCatalog())
	o := Options{Client: c, Now: func() time.Time { return testNow }, Tab: catalog.TabSnapshot, Region: streamRegion}
	for _, f := range opts {
		f(&o)
	}
	m := New(t.Context(), o)
	m.animate = false
	h := &harness{t: t, m: m, srv: srv}
	init := m.Init()
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	var rests []tea.Cmd // what each first page (one per listing read at once) asks for
	for _, p := range pageCmds(init) {
		_, next := h.m.Update(p)
		rests = append(rests, next)
	}
	rest := tea.Batch(rests...)
	if rest == nil {
		t.Fatal("page 1 asked for no more")
	}
	return h, rest
}

// TestCursorStaysOnRowOneWhileResultsStream is issue 10's second case: a
// region filter on a partly loaded tab whose results stream in keeps the
// cursor on row 1, the best row so far, however many rows land above.
// Once the user moves, the cursor stays on that image.
func TestCursorStaysOnRowOneWhileResultsStream(t *testing.T) {
	h, rest := slowRegion(t)
	ts := h.m.cur()
	firsts := map[string]bool{}
	h.stepPages(rest, func() {
		if c := ts.list.Cursor(); c != 0 {
			t.Fatalf("after a page the cursor is on row %d of %d", c+1, ts.rows.Len())
		}
		firsts[h.selID()] = true
	})
	if !ts.feed.Done() || len(firsts) < 2 {
		t.Fatalf("done=%v, %d different first rows: the pages never put a row above the first", ts.feed.Done(), len(firsts))
	}
	var images []api.Image
	for _, e := range ts.feed.Entries() {
		images = append(images, *e.Image)
	}
	if want := catalog.Select(images, h.m.query)[0].ID; h.selID() != want {
		t.Fatalf("the cursor is on %s, not on the first row %s", h.selID(), want)
	}
	if s := h.screen(); !strings.Contains(s, "1/") {
		t.Errorf("the status does not say row 1:\n%s", s)
	}
}

func TestCursorStaysOnTheImageTheUserMovedTo(t *testing.T) {
	h, rest := slowRegion(t)
	ts := h.m.cur()
	h.key("down", "down")
	id, rows := h.selID(), map[int]bool{}
	h.stepPages(rest, func() {
		if got := h.selID(); got != id {
			t.Fatalf("a page moved the cursor from %s to %s", id, got)
		}
		rows[ts.list.Cursor()] = true
	})
	if !ts.feed.Done() || len(rows) < 2 {
		t.Fatalf("done=%v; the image stayed on %d row(s): no page landed above it", ts.feed.Done(), len(rows))
	}
}

// TestEnterChoosesTheHighlightedRowWhileResultsStream: in pick mode,
// enter between two pages prints the row highlighted then.
func TestEnterChoosesTheHighlightedRowWhileResultsStream(t *testing.T) {
	h, rest := slowRegion(t, pickWith(refs.ID))
	pages := pageCmds(rest)
	if len(pages) == 0 {
		t.Fatal("no page in flight")
	}
	h.send(pages[0])
	want := h.selID()
	h.key("enter")
	if v, ok := h.m.Picked(); !ok || v.Value != want {
		t.Fatalf("enter picked %q, the highlighted row is %q", v, want)
	}
}

// TestDetailKeepsItsImage is issue 10's third case: end, then enter on a
// filtered tab whose pages are still arriving. The detail view (and the
// menu over it) keep their image while the pages land and the end of
// the list moves on, c copies that image's ID, and back in the list the
// cursor is still on it: enter ended "follow the end".
func TestDetailKeepsItsImage(t *testing.T) {
	fc := &fakeClip{}
	h, rest := slowRegion(t, withOpts(func(o *Options) { o.ClipEnv = fc.env() }))
	h.key("end", "enter")
	im := h.m.detail.e
	if im == nil || h.m.focused() != focusDetail {
		t.Fatal("enter did not open the detail view")
	}
	lastRows := map[string]bool{}
	h.stepPages(rest, func() {
		if h.m.detail.e != im {
			t.Fatalf("a page changed the open detail view from %s to %s", im.Image.ID, h.m.detail.e.Image.ID)
		}
		if h.m.isOpen(focusMenu) && h.m.menu.e != im {
			t.Fatalf("a page changed the open menu from %s to %s", im.Image.ID, h.m.menu.e.Image.ID)
		}
		ts := h.m.cur()
		lastRows[ts.rows.At(ts.rows.Len()-1).E.Image.ID] = true
		if h.m.focused() == focusDetail {
			h.key("C") // the menu, over the detail view, for the same image
		} else {
			h.key("esc")
		}
	})
	if len(lastRows) < 2 {
		t.Fatalf("the last row never changed: the test shows nothing")
	}
	if h.m.focused() == focusMenu {
		h.key("esc")
	}
	if !strings.Contains(h.screen(), im.Image.ID) {
		t.Errorf("the detail view does not show its image's ID %s:\n%s", im.Image.ID, h.screen())
	}
	h.key("c")
	if got := fc.given["tmux"]; got != im.Image.ID {
		t.Fatalf("c copied %q, want the detail view's image %s", got, im.Image.ID)
	}
	h.key("esc")
	if got := h.selID(); got != im.Image.ID {
		t.Errorf("back in the list the cursor is on %s, want %s: enter did not end following the end", got, im.Image.ID)
	}
}

// TestCopyMenuScrollsToItsCursor is issue 10's fourth case: at 80×8 the
// menu shows the entry under the cursor, wherever it is, and the digits
// choose the first nine, whose keys it shows.
func TestCopyMenuScrollsToItsCursor(t *testing.T) {
	im := cloudImage()
	im.Versions = nil
	for i := range 12 {
		im.Versions = append(im.Versions, fmt.Sprintf("2024%02d01", i+1))
	}
	fc := &fakeClip{}
	h := newHarness(t, []api.Image{im}, 80, 8, withOpts(func(o *Options) { o.ClipEnv = fc.env() }))
	h.key("C")
	items := h.m.menu.items
	if len(items) != 17 { // ID, slug, Terraform, JSON, name, 12 versions
		t.Fatalf("%d entries, want 17", len(items))
	}
	for i, keys := range [][]string{{"end"}, {"up", "up"}, {"pgup"}, {"home"}, {"pgdown", "down"}} {
		h.key(keys...)
		it := items[h.m.menu.list.Cursor()]
		s := h.screen()
		var line string
		for _, l := range strings.Split(s, "\n") {
			if strings.Contains(l, it.Value) {
				line = l
			}
		}
		if line == "" {
			t.Fatalf("step %d (%v): the entry under the cursor (%s) is not on screen:\n%s", i, keys, it.Value, s)
		}
	}
	h.key("end")
	if s := h.screen(); strings.Contains(s, "17 ") || strings.Contains(s, "10 ") {
		t.Errorf("entries past the ninth show a number no key types:\n%s", s)
	}
	h.key("enter")
	if got := fc.given["tmux"]; got != items[16].Value {
		t.Fatalf("enter on the last entry copied %q, want %q", got, items[16].Value)
	}
	h.key("C", "9")
	if got := fc.given["tmux"]; got != items[8].Value {
		t.Fatalf("9 copied %q, want the ninth entry %q", got, items[8].Value)
	}
}

// TestPickChooseAs is issue 10's fifth case: C in pick mode is "choose
// as…": the form chosen is printed, and the program ends as enter does.
func TestPickChooseAs(t *testing.T) {
	for _, c := range []struct {
		keys []string
		want string
	}{
		{[]string{"C", "3"}, `image = "ubuntu-24.04"`},
		{[]string{"C", "down", "enter"}, "ubuntu-24.04"},
		{[]string{"l", "C", "2"}, "ubuntu-24.04"},
		{[]string{"C", "end", "enter"}, "ubuntu-24.04:20240423"},
	} {
		t.Run(strings.Join(c.keys, " "), func(t *testing.T) {
			h := newHarness(t, []api.Image{cloudImage(), snapshot()}, 100, 20, pickWith(refs.ID))
			h.key(c.keys...)
			if v, ok := h.m.Picked(); !h.quit || !ok || v.Value != c.want {
				t.Fatalf("quit=%v chosen=%v value=%q, want %q", h.quit, ok, v, c.want)
			}
		})
	}
	h := newHarness(t, []api.Image{cloudImage()}, 100, 20, pickWith(refs.ID))
	h.key("C")
	if s := h.screen(); !strings.Contains(s, "Choose Ubuntu 24.04 as…") || !strings.Contains(s, "enter choose") {
		t.Errorf("the menu does not say it chooses:\n%s", s)
	}
	h.key("esc")
	if h.quit || h.m.focused() != focusList {
		t.Errorf("esc in the menu: quit=%v focus=%v, want back to the list", h.quit, h.m.focused())
	}
}

// TestPickCancelFollowsTheKeymap: pick.cancel rebound works in the
// prompt too, and a typed character there is text, never a command.
func TestPickCancelFollowsTheKeymap(t *testing.T) {
	km := keymap.Default()
	if err := km.Apply(map[string][]string{"pick.cancel": {"ctrl+g", "x"}}, nil, ""); err != nil {
		t.Fatal(err)
	}
	rebound := withOpts(func(o *Options) { o.Keys = &km })
	for _, c := range []struct {
		name string
		keys []string
		quit bool
	}{
		{"the new key cancels from the prompt", []string{"/", "ctrl+g"}, true},
		{"the old esc no longer cancels from the prompt", []string{"/", "esc"}, false},
		{"a rebound typed key types in the prompt", []string{"/", "x"}, false},
		{"a rebound typed key cancels from the list", []string{"x"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, []api.Image{cloudImage()}, 100, 20, pickWith(refs.ID), rebound)
			h.key(c.keys...)
			if h.quit != c.quit {
				t.Fatalf("quit = %v, want %v", h.quit, c.quit)
			}
			if _, ok := h.m.Picked(); ok {
				t.Fatal("a cancel picked something")
			}
		})
	}
}

// TestRejectedTokenOffersNoRetry is issue 10's sixth case at the model:
// the screen says the token was rejected and what to do (the command line
// adds where the token came from: see internal/e2e), says nothing of R,
// and R sends nothing.
func TestRejectedTokenOffersNoRetry(t *testing.T) {
	h := newFaultHarness(t, faultSetup{images: catalogWith(0), w: 100, h: 20, faults: fakeapi.Faults{FailAlways: 401}})
	s := flat(h.screen())
	for _, want := range []string{"rejected the token", "Fix the token, then start gcimg again", "✗ token rejected", "press q to quit"} {
		if !strings.Contains(s, want) {
			t.Errorf("screen lacks %q:\n%s", want, h.screen())
		}
	}
	if strings.Contains(s, "R ") || strings.Contains(s, "retr") {
		t.Errorf("screen offers a retry:\n%s", h.screen())
	}
	h.srv.ResetRequests()
	h.key("R")
	if n := len(h.requests()); n != 0 {
		t.Errorf("R sent %d requests", n)
	}
}

// TestNoClipboardShowsTheWholeValueUntilClosed: with no clipboard the
// value stays on screen, whole and wrapped, until the user closes it.
func TestNoClipboardShowsTheWholeValueUntilClosed(t *testing.T) {
	h := newHarness(t, []api.Image{cloudImage()}, 30, 14, withOpts(func(o *Options) { o.Clipboard = clip.Off }))
	h.key("C", "4") // the JSON member, wider than the screen
	want := `"image": "` + cloudImage().ID + `"`
	s := h.screen()
	if h.m.focused() != focusNotice || !strings.Contains(strings.Join(strings.Fields(s), ""), strings.ReplaceAll(want, " ", "")) {
		t.Fatalf("the value %s is not shown whole:\n%s", want, s)
	}
	h.send(toastExpiredMsg{seq: h.m.toastSeq}) // time passes
	if h.m.focused() != focusNotice {
		t.Fatal("the box went away by itself")
	}
	h.key("j") // keys that are not close keep it
	if h.m.focused() != focusNotice {
		t.Fatal("the box closed on a scroll key")
	}
	h.key("esc")
	if h.m.focused() != focusList {
		t.Fatalf("esc left focus %v, want the list", h.m.focused())
	}
}

// TestDetailSaysWhenAReloadDroppedItsImage: a reload that lands while
// the detail view and the menu over it are open leaves their image alone;
// when its listing no longer has the image, they say so.
func TestDetailSaysWhenAReloadDroppedItsImage(t *testing.T) {
	imgs := []api.Image{cloudImage(), snapshot()} // the cloud image is row 1
	for _, dropped := range []bool{false, true} {
		t.Run(fmt.Sprintf("dropped=%v", dropped), func(t *testing.T) {
			h := newHarness(t, imgs, 100, 30)
			if dropped {
				h.swapCatalog(imgs[1:])
			}
			_, reload := h.m.Update(keyMsg("ctrl+r")) // held until the views are open
			h.key("enter", "C")
			im := h.m.detail.e
			h.run(reload)
			if h.m.detail.e != im || h.m.menu.e != im {
				t.Fatal("the reload changed the open views' image")
			}
			if h.m.detail.gone != dropped || h.m.menu.gone != dropped {
				t.Fatalf("gone = %v/%v, want %v", h.m.detail.gone, h.m.menu.gone, dropped)
			}
			if s := h.screen(); strings.Contains(s, "no longer in the catalog") != dropped || !strings.Contains(s, im.Name) {
				t.Errorf("the menu over the reload:\n%s", s)
			}
			h.key("esc")
			if s := flat(h.screen()); strings.Contains(s, "No longer in the catalog") != dropped || !strings.Contains(s, im.Image.ID) {
				t.Errorf("the detail view over the reload:\n%s", h.screen())
			}
		})
	}
}

// TestStatusSaysWhatIsTrue: one match is "match", rows ranked by a text
// query say so rather than naming a sort they do not follow, and a toast
// takes whole parts from the left, never half a word.
func TestStatusSaysWhatIsTrue(t *testing.T) {
	status := func(h *harness) string {
		lines := strings.Split(h.screen(), "\n")
		return lines[len(lines)-2]
	}
	h := newHarness(t, catalogWith(0), 100, 20, withTab(catalog.TabCloudImage))
	if s := status(h); !strings.Contains(s, "sort name") {
		t.Errorf("unfiltered status %q does not name the sort", s)
	}
	h.key("/")
	h.typeText("rocky-9")
	if s := status(h); !strings.Contains(s, "1/1 match of") || strings.Contains(s, "matches") || !strings.Contains(s, "best match, then name") {
		t.Errorf("one ranked match: status %q", s)
	}
	h.key("enter", "s") // sorting shows a toast
	const toast = "Sorted by created, newest first"
	for _, w := range []int{100, 60, 50, 44} {
		h.send(tea.WindowSizeMsg{Width: w, Height: 20})
		s := strings.TrimSpace(status(h))
		if !strings.HasSuffix(s, toast) {
			t.Errorf("at %d columns the toast is cut: %q", w, s)
		}
		left := strings.TrimSpace(strings.TrimSuffix(s, toast))
		whole := left == "1/1 match of 26 · best match, then created ↓" || left == "1/1 match of 26"
		cut, ok := strings.CutSuffix(left, "…")
		if !whole && !(ok && strings.HasPrefix("1/1 match of 26", cut)) {
			t.Errorf("at %d columns the status left of the toast is %q: not whole parts", w, left)
		}
	}
}

// TestCopyKeySaysWhatItCopies: with a format configured, the help of c
// names it, and c copies it.
func TestCopyKeySaysWhatItCopies(t *testing.T) {
	fc := &fakeClip{}
	h := newHarness(t, []api.Image{cloudImage()}, 100, 20, withOpts(func(o *Options) { o.Print, o.ClipEnv = refs.Slug, fc.env() }))
	if s := h.screen(); !strings.Contains(s, "c/y copy slug") {
		t.Errorf("the help does not say c copies the slug:\n%s", s)
	}
	h.key("c")
	if got := fc.given["tmux"]; got != "ubuntu-24.04" {
		t.Errorf("c copied %q, want the slug", got)
	}
	h.key("enter")
	if s := h.screen(); !strings.Contains(s, "c/y copy slug") {
		t.Errorf("the detail view's help does not say c copies the slug:\n%s", s)
	}
}

// TestVersionsAreNewestFirstEverywhere: the detail view lists versions in
// the order the menu offers them.
func TestVersionsAreNewestFirstEverywhere(t *testing.T) {
	im := cloudImage()
	im.Versions = []string{"20240101", "20250301", "20240611"}
	h := newHarness(t, []api.Image{im}, 100, 40)
	h.key("enter")
	if s := h.screen(); !strings.Contains(s, "20250301, 20240611, 20240101") {
		t.Errorf("the detail view does not list the versions newest first:\n%s", s)
	}
	var detailOrder []string
	for _, l := range strings.Split(h.screen(), "\n") {
		if f := strings.Fields(l); len(f) == 2 && f[0] == "slug:version" {
			detailOrder = append(detailOrder, f[1])
		}
	}
	var menuOrder []string
	for _, r := range newCopyMenu(catalog.TabAll, h.m.detail.e, false).items {
		if r.Kind == refs.SlugVersion {
			menuOrder = append(menuOrder, r.Value)
		}
	}
	if strings.Join(detailOrder, " ") != strings.Join(menuOrder, " ") || len(menuOrder) != 3 {
		t.Errorf("detail lists %v, the menu %v", detailOrder, menuOrder)
	}
}
