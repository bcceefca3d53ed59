package ui

// Issue 13's views: the preview beside the list, next and previous image
// in the detail view, q there, the menu's Name entry, the help key that
// always shows and the help that reflows, and the mouse.

import (
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/keymap"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
	"github.com/genesiscloud-tools/gcimg/ui/clip"
	"github.com/genesiscloud-tools/gcimg/ui/layout"
)

// The demo's PyTorch image: its slug is the one issue 13 found cut.
const (
	pytorchID   = "df3718d1-c738-49e4-9d44-6b39579a2c6a"
	pytorchSlug = "ubuntu-ml-nvidia-pytorch"
)

func withLayout(l layout.Mode) harnessOpt { return withOpts(func(o *Options) { o.Layout = l }) }

// paneText is the screen's text right of the list, where the preview is.
func paneText(h *harness) string {
	lw := h.m.listWidth()
	var b strings.Builder
	for _, l := range strings.Split(h.screen(), "\n") {
		if r := []rune(l); len(r) > lw {
			b.WriteString(string(r[lw:]))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestPreviewFollowsTheCursor is issue 13's first "done when", in the
// model: at 180 columns the highlighted image's ID shows beside the list
// without enter, its slug and config lines uncut, and the pane follows
// the cursor.
func TestPreviewFollowsTheCursor(t *testing.T) {
	h := newHarness(t, fakeapi.DemoCatalog(), 180, 40, withTab(catalog.TabCloudImage))
	h.key("/")
	h.typeText("pytorch")
	h.key("enter")
	if r := h.m.cur().cursorRow(); r == nil || r.E.Image.ID != pytorchID {
		t.Fatalf("the cursor is not on the PyTorch image:\n%s", h.screen())
	}
	pane := paneText(h)
	for _, want := range []string{pytorchID, pytorchSlug, `image = "` + pytorchSlug + `"`, `"image": "` + pytorchID + `"`, pytorchSlug + ":20240308"} {
		if !strings.Contains(pane, want) {
			t.Errorf("the preview does not show %q whole:\n%s", want, h.screen())
		}
	}
	if h.m.focused() != focusList {
		t.Fatal("the preview took the focus")
	}
	h.key("esc", "down")
	id := h.selID()
	if pane := paneText(h); !strings.Contains(pane, id) || strings.Contains(pane, pytorchID) && id != pytorchID {
		t.Errorf("after a move the preview does not show the row under the cursor (%s):\n%s", id, h.screen())
	}
}

// TestPreviewWidths: auto shows the preview from 140 columns; split from
// 100; list never; the preview key switches it, and says so when there
// is no room.
func TestPreviewWidths(t *testing.T) {
	for _, tt := range []struct {
		mode  layout.Mode
		width int
		want  bool
	}{
		{layout.Auto, 139, false}, {layout.Auto, 140, true}, {"", 200, true},
		{layout.List, 250, false}, {layout.Split, 99, false}, {layout.Split, 100, true},
	} {
		h := newHarness(t, catalogWith(20), tt.width, 24, withLayout(tt.mode))
		if got := strings.Contains(paneText(h), h.selID()); got != tt.want {
			t.Errorf("%q at %d columns: preview shown %v, want %v:\n%s", tt.mode, tt.width, got, tt.want, h.screen())
		}
		h.key("p")
		if got := strings.Contains(paneText(h), h.selID()); got == tt.want && tt.width >= layout.MinSplitWidth {
			t.Errorf("%q at %d columns: p left the preview shown=%v", tt.mode, tt.width, got)
		}
		if tt.width < layout.MinSplitWidth && !strings.Contains(h.screen(), "needs a terminal 100 columns wide") {
			t.Errorf("%q at %d columns: p does not say why there is no preview:\n%s", tt.mode, tt.width, h.screen())
		}
	}
}

// TestPreviewRendersOnce: a frame that moves nothing renders no image
// again, and a move renders the one image it reaches.
func TestPreviewRendersOnce(t *testing.T) {
	h := newHarness(t, catalogWith(50), 180, 40)
	h.m.View()
	first := &h.m.previewMemo.lines[0]
	h.m.View()
	if &h.m.previewMemo.lines[0] != first {
		t.Fatal("a frame with nothing changed rendered the preview again")
	}
	h.key("down")
	h.m.View()
	if h.m.previewMemo.key.e != h.m.cur().cursorRow().E {
		t.Fatal("the preview's cache is not the row under the cursor")
	}
}

// TestDetailNextAndPrevious: n and p show the next and previous rows'
// images without leaving the detail view, moving the list's cursor
// with them, so that esc finds the list on the image reached; at either
// end they say so.
func TestDetailNextAndPrevious(t *testing.T) {
	h := newHarness(t, catalogWith(0), 100, 30, withTab(catalog.TabCloudImage))
	rows := h.m.cur().rows
	h.key("enter")
	for i, step := range []struct {
		key  string
		want int
	}{{"n", 1}, {"n", 2}, {"ctrl+n", 3}, {"p", 2}, {"ctrl+p", 1}} {
		h.key(step.key)
		want := rows.At(step.want).E
		if h.m.focused() != focusDetail || h.m.detail.e != want {
			t.Fatalf("step %d (%s): the detail view shows %v, want row %d, %s", i, step.key, h.m.detail.e.Name, step.want, want.Name)
		}
		if !strings.Contains(h.screen(), want.Image.ID) {
			t.Fatalf("step %d: the screen does not show %s:\n%s", i, want.Image.ID, h.screen())
		}
	}
	h.key("esc")
	if got := h.m.cur().list.Cursor(); got != 1 || h.m.focused() != focusList {
		t.Fatalf("back in the list the cursor is on row %d, want 2", got+1)
	}
	h.key("home", "enter", "p")
	if h.m.detail.e != rows.At(0).E || !strings.Contains(h.screen(), "This is the first image") {
		t.Errorf("p on the first row:\n%s", h.screen())
	}
	h.key("esc", "end", "enter", "n")
	if h.m.detail.e != rows.At(rows.Len()-1).E || !strings.Contains(h.screen(), "This is the last image") {
		t.Errorf("n on the last row:\n%s", h.screen())
	}
}

// TestDetailStepsFromTheRowsAsTheyAre: pages that land while the detail
// view is open never change it; n then shows the row after the view's
// image in the rows as they are at that moment, and the cursor goes
// there. The view is opened from row 1 without a move, so the cursor
// stays on row 1 while better matches land above the view's image.
func TestDetailStepsFromTheRowsAsTheyAre(t *testing.T) {
	h, rest := slowRegion(t)
	h.key("enter")
	im := h.m.detail.e
	ts := h.m.cur()
	h.stepPages(rest, func() {
		if h.m.detail.e != im {
			t.Fatalf("a page changed the open detail view")
		}
	})
	i := ts.rows.IndexOf(im)
	if i < 1 || ts.list.Cursor() != 0 {
		t.Fatalf("the view's image is on row %d, the cursor on %d: no page landed above it", i+1, ts.list.Cursor()+1)
	}
	h.key("n")
	if want := ts.rows.At(i + 1).E; h.m.detail.e != want || ts.cursorRow().E != want {
		t.Fatalf("n shows %q with the cursor on %q, want the row after the view's image, %q", h.m.detail.e.Name, ts.cursorRow().E.Name, want.Name)
	}
	h.key("esc")
	if ts.cursorRow().E != ts.rows.At(i+1).E || h.m.focused() != focusList {
		t.Fatal("back in the list the cursor is not on the image reached")
	}
}

// TestQuitInDetail: q quits from the detail view as it does from the
// list; in pick mode it cancels (nothing chosen), and esc still goes back.
func TestQuitInDetail(t *testing.T) {
	h := newHarness(t, catalogWith(0), 100, 30)
	h.key("enter", "q")
	if !h.quit {
		t.Fatal("q in the detail view did not quit")
	}
	h = newHarness(t, catalogWith(0), 100, 30, pickWith(refs.ID))
	h.key("right", "esc")
	if h.quit || h.m.focused() != focusList {
		t.Fatalf("esc in pick's detail view: quit=%v, focus %v; want back in the list", h.quit, h.m.focused())
	}
	h.key("right", "q")
	if _, chosen := h.m.Picked(); !h.quit || chosen {
		t.Fatalf("q in pick's detail view: quit=%v chosen=%v; want a cancel", h.quit, chosen)
	}
	// pick.cancel says q cancels, even with detail.quit unbound.
	km := keymap.Default()
	if err := km.Apply(map[string][]string{"detail.quit": {}}, nil, ""); err != nil {
		t.Fatal(err)
	}
	h = newHarness(t, catalogWith(0), 100, 30, pickWith(refs.ID), withOpts(func(o *Options) { o.Keys = &km }))
	h.key("right", "q")
	if !h.quit {
		t.Fatal("q in pick's detail view does not cancel with detail.quit unbound")
	}
}

// TestCopyMenuOffersTheName: the menu's Name entry copies the name as
// the API sent it, and in pick mode prints it; a name that is not clean
// text is not offered.
func TestCopyMenuOffersTheName(t *testing.T) {
	fc := &fakeClip{}
	im := cloudImage()
	im.Name = "Ubuntu 24.04 «LTS» for NVIDIA®"
	h := newHarness(t, []api.Image{im}, 100, 20, withOpts(func(o *Options) { o.ClipEnv = fc.env() }))
	h.key("C", "5")
	if got := fc.given["tmux"]; got != im.Name {
		t.Fatalf("the fifth entry copied %q, want the name %q:\n%s", got, im.Name, h.screen())
	}
	p := newHarness(t, []api.Image{im}, 100, 20, pickWith(refs.ID))
	p.key("C")
	if !strings.Contains(p.screen(), "5  Name") {
		t.Fatalf("the menu has no Name entry:\n%s", p.screen())
	}
	p.key("5")
	if v, ok := p.m.Picked(); !ok || v.Value != im.Name {
		t.Fatalf("choosing the name printed %q (%v)", v.Value, ok)
	}
	im.Name = "Ubuntu \x1b[31m24.04"
	h = newHarness(t, []api.Image{im}, 100, 20)
	h.key("C")
	for _, it := range h.m.menu.items {
		if it.Kind == refs.Name {
			t.Fatalf("a name holding an escape is offered: %q", it.Value)
		}
	}
}

// TestHelpKeyAlwaysShows: ? stays in the hint bar at every width down to
// the smallest screen, in every view it opens from; other hints go first.
func TestHelpKeyAlwaysShows(t *testing.T) {
	views := map[string][]string{"list": nil, "detail": {"enter"}, "picker": {"r"}, "menu": {"C"}}
	for name, keys := range views {
		for w := minWidth; w <= 200; w++ {
			h := newHarness(t, catalogWith(5), w, 12)
			h.key(keys...)
			lines := strings.Split(h.screen(), "\n")
			last := lines[len(lines)-1]
			if !strings.HasSuffix(strings.TrimRight(last, " "), "? help") || strings.Contains(last, " …") {
				t.Fatalf("%s at %d columns: the hint bar is %q", name, w, last)
			}
			if w == 80 && name == "list" && strings.Count(last, "•") < 4 {
				t.Errorf("at 80 columns the list's hint bar shows too little: %q", last)
			}
		}
	}
}

// TestFullHelpReflows: the full help shows every key in as many columns
// as fit, one at 40 columns, and scrolls when even that is too tall.
func TestFullHelpReflows(t *testing.T) {
	k := newHarness(t, nil, 100, 30).m
	_, groups := k.fullHelp(focusList)
	var descs []string
	for _, g := range groups {
		for _, b := range g {
			if b.Enabled() {
				descs = append(descs, b.Help().Desc)
			}
		}
	}
	for _, tt := range []struct{ w, h, cols int }{{200, 40, 5}, {100, 40, 4}, {60, 40, 2}, {40, 60, 1}, {80, 8, 3}} {
		h := newHarness(t, catalogWith(5), tt.w, tt.h)
		h.key("?")
		lines := h.m.full.page.lines
		all := strings.Join(lines, "\n")
		for _, d := range descs {
			if !strings.Contains(all, d) {
				t.Errorf("%dx%d: the help leaves out %q", tt.w, tt.h, d)
			}
		}
		if cols := strings.Count(stripped(lines[1]), "  up ") + strings.Count(stripped(lines[1]), "next tab") +
			strings.Count(stripped(lines[1]), "filter") + strings.Count(stripped(lines[1]), "copy ID") + strings.Count(stripped(lines[1]), "  help"); cols != tt.cols {
			t.Errorf("%dx%d: %d columns, want %d:\n%s", tt.w, tt.h, cols, tt.cols, h.screen())
		}
		for _, l := range lines {
			if w := text.Width(stripped(l)); w > tt.w {
				t.Errorf("%dx%d: a help line %d wide: %q", tt.w, tt.h, w, stripped(l))
			}
		}
		if tt.h == 8 {
			h.key("end")
			if s := h.screen(); !strings.Contains(s, "of "+strconv.Itoa(len(lines))) || !strings.Contains(s, "ctrl+c") {
				t.Errorf("80x8: the help does not scroll to its end:\n%s", s)
			}
		}
	}
}

// TestClickSelectsTheRowDrawnThere: the list's hit-test and its renderer
// agree, with and without the prompt, beside the preview, scrolled: a
// click on the line showing a row selects that row, and lines that show
// no row select nothing.
func TestClickSelectsTheRowDrawnThere(t *testing.T) {
	for _, tt := range []struct {
		name string
		w, h int
		keys []string
	}{
		{"list", 100, 20, nil},
		{"scrolled", 100, 12, []string{"pgdown", "pgdown", "down"}},
		{"prompt", 100, 16, []string{"/", "u"}},
		{"filter kept", 100, 16, []string{"/", "u", "enter", "down"}},
		{"beside the preview", 180, 20, []string{"pgdown"}},
		{"at the end", 80, 10, []string{"end"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, catalogWith(30), tt.w, tt.h)
			h.key(tt.keys...)
			ts := h.m.cur()
			lines := strings.Split(h.screen(), "\n")
			from, to := ts.list.Visible()
			hit := map[int]bool{}
			for y := range lines {
				i, ok := h.m.listRowAt(2, y-bodyTop)
				if !ok {
					continue
				}
				name := []rune(text.Sanitize(ts.rows.At(i).E.Name))
				if len(name) > 10 {
					name = name[:10]
				}
				if hit[i] || i < from || i >= to || !strings.Contains(lines[y], string(name)) {
					t.Fatalf("line %d is taken for row %d (%q), which it does not show:\n%s", y, i, string(name), h.screen())
				}
				hit[i] = true
				wait := h.m.focused() == focusFilter
				h.wait(time.Second)
				h.click(2, y)
				if ts.list.Cursor() != i || (wait && h.m.focused() != focusFilter) {
					t.Fatalf("a click on line %d put the cursor on row %d, want %d", y, ts.list.Cursor(), i)
				}
				if ts.anchor != atImage {
					t.Fatal("a click is not the user's move")
				}
			}
			if len(hit) != to-from {
				t.Fatalf("%d of the %d rows drawn can be clicked", len(hit), to-from)
			}
		})
	}
}

// TestClickOutsideTheRowsDoesNothing: the header, the prompt, the
// markers, the preview, the status and help lines, and any button but the
// left one leave the cursor and the focus where they are.
func TestClickOutsideTheRowsDoesNothing(t *testing.T) {
	h := newHarness(t, catalogWith(3), 180, 30, withTab(catalog.TabSnapshot))
	h.key("down")
	ts := h.m.cur()
	lw := h.m.listWidth()
	for _, at := range [][2]int{{2, 1}, {lw + 3, 2}, {lw + 10, 5}, {2, 28}, {2, 29}, {2, 27}, {179, 29}} {
		h.wait(time.Second)
		h.click(at[0], at[1])
		h.click(at[0], at[1])
		if ts.list.Cursor() != 1 || h.m.focused() != focusList {
			t.Fatalf("a click at %v moved the cursor to %d or the focus to %v", at, ts.list.Cursor(), h.m.focused())
		}
	}
	h.send(tea.MouseClickMsg{X: 2, Y: 2, Button: tea.MouseRight})
	if ts.list.Cursor() != 1 {
		t.Fatal("a right click selected a row")
	}
}

// TestDoubleClickOpensTheDetail: two clicks on the same row within 400 ms
// (by the clock the model reads, which the test moves) open its detail
// view; slower clicks, or clicks on two rows, only select.
func TestDoubleClickOpensTheDetail(t *testing.T) {
	for _, tt := range []struct {
		name  string
		gap   time.Duration
		other bool // the second click is on another row
		open  bool
	}{
		{"quick", 150 * time.Millisecond, false, true},
		{"at the limit", doubleClick, false, true},
		{"slow", doubleClick + time.Millisecond, false, false},
		{"two rows", 100 * time.Millisecond, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, catalogWith(10), 100, 20)
			y := bodyTop + listHeaderRows + 3
			h.click(5, y)
			h.wait(tt.gap)
			if tt.other {
				y++
			}
			h.click(5, y)
			want := h.m.cur().rows.At(y - bodyTop - listHeaderRows).E
			if open := h.m.focused() == focusDetail; open != tt.open {
				t.Fatalf("detail open = %v, want %v", open, tt.open)
			}
			if tt.open && h.m.detail.e != want {
				t.Fatalf("the detail view opened on %q, not the row clicked, %q", h.m.detail.e.Name, want.Name)
			}
			if !tt.open {
				// A third click right after the second is its double.
				h.wait(10 * time.Millisecond)
				h.click(5, y)
				if h.m.focused() != focusDetail {
					t.Fatal("the click after it did not make a double-click")
				}
			}
		})
	}
	// From the prompt, a double-click keeps the filter and opens the row.
	h := newHarness(t, catalogWith(10), 100, 20)
	h.key("/")
	h.typeText("ubu")
	y := bodyTop + 1 + listHeaderRows + 1
	h.click(5, y)
	h.click(5, y)
	if h.m.focused() != focusDetail || h.m.query.Text != "ubu" {
		t.Fatalf("a double-click in the prompt: focus %v, query %q", h.m.focused(), h.m.query.Text)
	}
	h.key("esc")
	if h.m.focused() != focusList {
		t.Fatalf("esc from that detail view goes to %v, want the list", h.m.focused())
	}
}

// TestClickOnATab: a click on a tab's label, wherever the tab bar draws
// it at this width, switches to that tab; over another view it does
// nothing.
func TestClickOnATab(t *testing.T) {
	for _, w := range []int{180, 100, 60, 40} {
		h := newHarness(t, catalogWith(5), w, 20)
		for _, tab := range []catalog.Tab{catalog.TabSnapshot, catalog.TabCloudImage, catalog.TabAll, catalog.TabPreconfigured, catalog.TabBaseOS} {
			top := []rune(strings.Split(h.screen(), "\n")[0])
			x := strings.Index(string(top), shortTitles[tab]) // byte offset before any wide rune: the titles come first
			if x < 0 {
				t.Fatalf("%d columns: no %q in the tab bar %q", w, shortTitles[tab], string(top))
			}
			x = len([]rune(string(top)[:x]))
			h.click(x+1, 0)
			if h.m.active != tab {
				t.Fatalf("%d columns: a click at %d on %q left tab %v active", w, x+1, string(top), h.m.active)
			}
		}
	}
	h := newHarness(t, catalogWith(5), 100, 20)
	h.key("enter")
	top := strings.Split(h.screen(), "\n")[0]
	h.click(len([]rune(top[:strings.Index(top, "Snapshots")]))+2, 0)
	if h.m.active != catalog.TabAll || h.m.focused() != focusDetail {
		t.Fatal("a click on the tab bar over the detail view switched the tab")
	}
}

// TestClickInPickerAndMenu: a click on a region applies it; a click on a
// menu entry copies it (in pick mode, prints it); a click on a title does
// nothing.
func TestClickInPickerAndMenu(t *testing.T) {
	h := newHarness(t, catalogWith(5), 100, 20)
	h.key("r")
	h.click(10, bodyTop) // the title
	if h.m.focused() != focusPicker {
		t.Fatal("a click on the picker's title closed it")
	}
	want := h.m.picker.items[2].Region
	h.click(10, bodyTop+titleRows+2)
	if h.m.focused() != focusList || h.m.query.Region != want {
		t.Fatalf("a click on the third region: focus %v, region %q, want %q", h.m.focused(), h.m.query.Region, want)
	}

	fc := &fakeClip{}
	h = newHarness(t, []api.Image{cloudImage()}, 80, 8, withOpts(func(o *Options) { o.ClipEnv = fc.env() }))
	h.key("C", "end") // scrolled: the window does not start at entry 1
	from, _ := h.m.menu.list.Visible()
	if from == 0 {
		t.Fatal("the menu did not scroll")
	}
	item := h.m.menu.items[from+1]
	h.click(10, bodyTop+titleRows+1)
	if got := fc.given["tmux"]; got != item.Value || h.m.focused() != focusList {
		t.Fatalf("a click on the second entry shown copied %q, want %q:\n%s", got, item.Value, h.screen())
	}

	p := newHarness(t, []api.Image{cloudImage()}, 100, 20, pickWith(refs.ID))
	p.key("C")
	p.click(10, bodyTop+titleRows+1)
	if v, ok := p.m.Picked(); !ok || v.Value != "ubuntu-24.04" || !p.quit {
		t.Fatalf("a click on the slug in pick's menu printed %q (%v)", v.Value, ok)
	}
}

// TestClicksOverPagesOfTextDoNothing: a click in the detail view, the
// help and the not-copied box changes nothing.
func TestClicksOverPagesOfTextDoNothing(t *testing.T) {
	h := newHarness(t, catalogWith(5), 100, 20, withOpts(func(o *Options) { o.Clipboard = clip.Off }))
	h.key("enter")
	e := h.m.detail.e
	for _, keys := range [][]string{nil, {"?"}, {"esc", "c"}} {
		h.key(keys...)
		f := h.m.focused()
		for y := range 20 {
			h.click(3, y)
			h.click(3, y)
		}
		if h.m.focused() != f || h.m.detail.e != e {
			t.Fatalf("after %v: clicks moved the focus from %v to %v", keys, f, h.m.focused())
		}
	}
}

func stripped(s string) string { return sgr.ReplaceAllString(s, "") }

// TestPreviewSaysHowToSeeTheRest: a preview too tall for the screen says
// how many lines are left and the key that shows them, which in pick
// mode is not enter (enter chooses there).
func TestPreviewSaysHowToSeeTheRest(t *testing.T) {
	for _, pick := range []bool{false, true} {
		h := newHarness(t, catalogWith(0), 180, 12, withTab(catalog.TabCloudImage), withOpts(func(o *Options) { o.Pick = pick }))
		want := "more lines · enter shows them"
		if pick {
			want = "more lines · →/l shows them"
		}
		if !strings.Contains(paneText(h), want) {
			t.Errorf("pick=%v: the cut preview does not say %q:\n%s", pick, want, h.screen())
		}
	}
}
