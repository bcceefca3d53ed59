package ui

// FuzzModel drives the root model with arbitrary sequences of keys,
// pastes, clicks, window sizes and API replies (pages, errors, late and stale
// replies) and checks after every step what must always hold: no panic;
// a View that fits the window and holds nothing a terminal would act on;
// the cursor of every list among its visible rows, and the image list's
// cursor row drawn; every cell of the image list exactly its column's
// width; the image of an open detail view or copy menu never changing
// while it is open (but for the user's next or previous image, which is
// the row the cursor moved to); a click on a row selecting the image
// drawn there; the cursor
// staying on row 1, or on the image the user moved to, while rows change
// under it; every value copied or picked being a form of the image on
// screen; and the rows being what the query, as the prompt shows it,
// asks for. No network: the Lister answers from the fuzz input, and
// commands run only when the input says so.

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/theme"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
	"github.com/genesiscloud-tools/gcimg/ui/clip"
)

// fuzzInput reads the fuzz bytes; past the end it reads zeros.
type fuzzInput struct {
	b []byte
	i int
}

func (in *fuzzInput) done() bool { return in.i >= len(in.b) }

func (in *fuzzInput) byte() byte {
	if in.done() {
		return 0
	}
	in.i++
	return in.b[in.i-1]
}

func (in *fuzzInput) intn(n int) int { return int(in.byte()) % n }

func pickOf[T any](in *fuzzInput, xs []T) T { return xs[in.intn(len(xs))] }

// fuzzKeys are the keys the fuzzer presses, by harness name.
var fuzzKeys = []string{
	"up", "down", "pgup", "pgdown", "home", "end", "enter", "esc", "tab", "shift+tab", "backspace",
	"?", "/", "r", "R", "C", "c", "y", "s", "q", "ctrl+r", "ctrl+c", "ctrl+u", "ctrl+d",
	"1", "2", "3", "4", "5", "j", "k", "g", "G", "x", " ",
	"n", "p", "ctrl+n", "ctrl+p", "l", "h",
}

// fuzzRunes are typed into the filter: ASCII, wide, combining, emoji,
// and the query syntax's operators.
var fuzzRunes = []rune{'a', 'u', 'b', '2', '-', '.', ' ', 'Z', '日', 'é', '\u0301', '🚀', 'ü', ':', '"', '!', '^', '$', '|', '\'', '\\'}

// fuzzStrings are what API string fields hold: ordinary, empty, hostile,
// wide and long.
var fuzzStrings = []string{
	"Ubuntu 24.04", "", " ", "snapshot", "NORD-NO-KRS-1", "EUC-DE-MUC-1", "ubuntu-24.04",
	"osc52 \x1b]52;c;aGVsbG8=\x07", "csi \x1b[2J\x1b[H", "c1 \u009b31m\u009d0;x\u009c", "bidi \u202egnp.exe\u2066",
	"nl\nline\r\ttab\x00\x7f", "zw \u200b\ufeff\u00ad\U000e0041", "invalid \xff\xfe", "日本語のイメージ",
	"👩\u200d💻🇯🇵", "e\u0301\u0301", strings.Repeat("long name ", 300), strings.Repeat("語", 2000),
}

var fuzzTypes = []api.ImageType{"", api.TypeSnapshot, api.TypeBaseOS, api.TypeCloudImage, api.TypePreconfigured, "gpu-special", "snap\x1b[31mshot"}

// fuzzImages makes n images from 8 bytes each, so that zeros make plain
// images with fresh IDs and other bytes make repeats, nulls and attacks.
func fuzzImages(in *fuzzInput, serial *int, n int) []api.Image {
	out := make([]api.Image, n)
	for i := range out {
		*serial++
		b := make([]byte, 8)
		for j := range b {
			b[j] = in.byte()
		}
		im := api.Image{
			ID:        fmt.Sprintf("id-%d", *serial-int(b[0]%64)), // an earlier page's ID when b[0] > 0 (or another listing's)
			Name:      fuzzStrings[int(b[1])%len(fuzzStrings)] + fmt.Sprint(*serial),
			Type:      fuzzTypes[int(b[2])%len(fuzzTypes)],
			OSType:    []string{"linux", "windows", "", "\x1b]0;x\x07"}[b[3]%4],
			CreatedAt: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, int(b[4]), 0),
		}
		if b[0] >= 200 {
			im.ID = fuzzStrings[int(b[0])%len(fuzzStrings)] // empty, hostile or long IDs too
		}
		if b[5] > 0 {
			s := fuzzStrings[int(b[5]-1)%len(fuzzStrings)]
			im.Slug = &s
		}
		if b[6] > 0 {
			s := fuzzStrings[int(b[6]-1)%len(fuzzStrings)]
			im.Family = &s
		}
		for k := range int(b[7] % 4) {
			im.Regions = append(im.Regions, fuzzStrings[(int(b[7])+k)%len(fuzzStrings)])
		}
		for k := range int(b[7] >> 6) {
			im.Versions = append(im.Versions, fuzzStrings[(int(b[7])+k)%len(fuzzStrings)])
		}
		// A snapshot's details, as /snapshots gives them: a later listing
		// merges them into the entry an earlier one delivered.
		if st := b[3] >> 2 % 8; st > 0 {
			status := []api.SnapshotStatus{"created", "creating", "error", "", "pending_delete", "restoring\x1b[2J", "created"}[st-1]
			size := int64(b[4])
			im.Status, im.SizeGiB = &status, &size
		}
		out[i] = im
	}
	return out
}

// fuzzError is any error a Lister may return.
func fuzzError(in *fuzzInput) error {
	msg := pickOf(in, fuzzStrings)
	switch in.intn(6) {
	case 0:
		return &api.APIError{Status: pickOf(in, []int{401, 403, 404, 429, 500, 502, 503, 418}), Code: "05000", Message: msg, URL: "https://api.example/compute/v1/images?page=2"}
	case 1:
		return &api.NetworkError{URL: "https://api.example/compute/v1", Err: errors.New(msg)}
	case 2:
		return &api.DecodeError{URL: "https://api.example/compute/v1/images", Page: in.intn(9), Err: errors.New(msg)}
	case 3:
		return fmt.Errorf("interrupted: %w", context.Canceled)
	default:
		return errors.New(msg)
	}
}

// fuzzReply is a page or an error for a request.
func fuzzReply(in *fuzzInput, serial *int, per int) (*api.ListResponse, error) {
	if in.intn(6) == 0 {
		return nil, fuzzError(in)
	}
	n := in.intn(per + 2) // sometimes short, sometimes full, sometimes over
	return &api.ListResponse{
		Images:     fuzzImages(in, serial, n),
		TotalCount: in.intn(40) - 3,
		Page:       in.intn(5),
		PerPage:    pickOf(in, []int{0, per, per - 1, 100}),
	}, nil
}

// fuzzLister answers every request from the fuzz input.
type fuzzLister struct {
	in     *fuzzInput
	per    int
	serial int // images made so far, for fresh IDs
}

func (l *fuzzLister) PerPage() int { return l.per }

func (l *fuzzLister) ListImages(_ context.Context, _ api.ListOptions) (*api.ListResponse, error) {
	return fuzzReply(l.in, &l.serial, l.per)
}

// fuzzClipEnv is a clipboard with no tools: copies never run a program.
func fuzzClipEnv() *clip.Env {
	return &clip.Env{
		Getenv:   func(string) string { return "" },
		LookPath: func(file string) (string, error) { return "", &exec.Error{Name: file, Err: exec.ErrNotFound} },
		Run:      func(context.Context, string, string, ...string) error { return exec.ErrNotFound },
		GOOS:     "linux",
	}
}

// fuzzDriver holds the commands and replies the model produced and that
// the input has not yet chosen to run or deliver.
type fuzzDriver struct {
	t       *testing.T
	m       *Model
	in      *fuzzInput
	pending []tea.Cmd
	replies []pageMsg
	sent    tea.Msg // the last message the step sent
	sized   bool
	w, h    int
	now     time.Time // what the model's clock reads; steps move it

	// clicked is the image drawn where the step clicked in the list,
	// as the screen showed it before the click; nil for any other step.
	clicked *catalog.Entry
}

func (d *fuzzDriver) update(msg tea.Msg) {
	d.sent = msg
	_, cmd := d.m.Update(msg)
	if cmd != nil {
		d.pending = append(d.pending, cmd)
	}
}

// runOne runs a pending command (safe: the Lister and the clipboard are
// fakes) and routes what it returns: replies are held back, batches are
// split, everything else goes to Update.
func (d *fuzzDriver) runOne(i int) {
	cmd := d.pending[i]
	d.pending = append(d.pending[:i], d.pending[i+1:]...)
	switch msg := cmd().(type) {
	case nil, tea.QuitMsg:
	case tea.BatchMsg:
		for _, c := range msg {
			if c != nil {
				d.pending = append(d.pending, c)
			}
		}
	case pageMsg:
		d.replies = append(d.replies, msg)
	default:
		d.update(msg)
	}
}

func (d *fuzzDriver) step() {
	in := d.in
	switch op := in.intn(18); op {
	case 0, 1, 2, 3, 4, 5:
		d.update(keyMsg(pickOf(in, fuzzKeys)))
	case 15:
		var b strings.Builder
		for range 1 + in.intn(6) {
			b.WriteRune(pickOf(in, fuzzRunes))
		}
		if in.intn(4) == 0 {
			b.WriteString(pickOf(in, fuzzStrings)) // line breaks, escapes, bidi
		}
		d.update(tea.PasteMsg{Content: b.String()})
	case 6:
		for range 1 + in.intn(4) {
			r := pickOf(in, fuzzRunes)
			d.update(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	case 7:
		d.w, d.h, d.sized = 1+in.intn(250), 1+in.intn(80), true
		d.update(tea.WindowSizeMsg{Width: d.w, Height: d.h})
	case 8, 9:
		if len(d.pending) > 0 {
			d.runOne(in.intn(len(d.pending)))
		}
	case 10, 11:
		if len(d.replies) > 0 {
			i := in.intn(len(d.replies))
			msg := d.replies[i]
			if in.intn(2) == 0 { // keep it for a late, duplicate delivery
				d.replies = append(d.replies[:i], d.replies[i+1:]...)
			}
			d.update(msg)
		}
	case 12:
		// A reply nobody asked for: a generation that is not the feed's,
		// or a real one for another tab or page.
		msg := pageMsg{tab: catalog.Tab(in.intn(int(catalog.NumTabs))), opts: api.ListOptions{Page: in.intn(9)}, gen: uint64(in.byte())}
		if len(d.replies) > 0 && in.intn(2) == 0 {
			msg.gen = d.replies[in.intn(len(d.replies))].gen
		}
		l := d.m.client.(*fuzzLister)
		msg.resp, msg.err = fuzzReply(in, &l.serial, l.per)
		d.update(msg)
	case 13:
		d.update(tea.MouseWheelMsg{Button: pickOf(in, []tea.MouseButton{tea.MouseWheelUp, tea.MouseWheelDown, tea.MouseLeft})})
	case 14:
		d.update(tea.BackgroundColorMsg{Color: pickOf(in, []color.Color{color.Black, color.White})})
	case 17:
		// A click anywhere (or its release), a moment after the last:
		// twice on one row within doubleClick is a double-click.
		d.now = d.now.Add(pickOf(in, []time.Duration{0, 50 * time.Millisecond, doubleClick, doubleClick + 1, 3 * time.Second}))
		mo := tea.Mouse{X: in.intn(d.w + 2), Y: in.intn(d.h + 2), Button: pickOf(in, []tea.MouseButton{tea.MouseLeft, tea.MouseLeft, tea.MouseLeft, tea.MouseRight})}
		if in.intn(4) == 0 {
			d.update(tea.MouseReleaseMsg(mo))
			return
		}
		if f := d.m.focused(); mo.Button == tea.MouseLeft && (f == focusList || f == focusFilter) && d.w >= minWidth && d.h >= minHeight &&
			mo.Y >= bodyTop && mo.Y < bodyTop+d.m.bodyHeight() {
			if i, ok := d.m.listRowAt(mo.X, mo.Y-bodyTop); ok {
				d.clicked = d.m.cur().rows.At(i).E
			}
		}
		d.update(tea.MouseClickMsg(mo))
	case 16:
		// A retry notice from a request's goroutine: for one whose reply
		// is held (it may still wait), or for none.
		msg := retryMsg{tab: catalog.Tab(in.intn(int(catalog.NumTabs))), gen: uint64(in.byte())}
		if len(d.replies) > 0 && in.intn(2) == 0 {
			rep := d.replies[in.intn(len(d.replies))]
			msg.tab, msg.gen = rep.tab, rep.gen
		}
		msg.r = api.Retry{Page: in.intn(9), Attempt: 2, MaxAttempts: 5, Wait: time.Second, Reason: pickOf(in, fuzzStrings)}
		d.update(msg)
	}
}

// userInput reports whether msg is the user's doing (a key, the mouse, a
// paste); everything else (pages, resizes, copies ending) must leave what
// the user chose alone.
func userInput(msg tea.Msg) bool {
	switch msg.(type) {
	case tea.KeyPressMsg, tea.MouseMsg, tea.PasteMsg:
		return true
	}
	return false
}

// shown is what the user sees before a step, to hold the step to.
type shown struct {
	detail, menu *catalog.Entry // the images of the open detail view and menu
	detailRefs   []refs.Ref     // the detail view's forms
	items        []refs.Ref     // the menu's entries
	onScreen     *catalog.Entry // the image whose forms a copy or pick may take
	tab          catalog.Tab
	anchor       anchor
	cursorImage  *catalog.Entry
	copying      map[string]bool // values being copied
	picked       bool
}

func (d *fuzzDriver) snapshot() shown {
	m := d.m
	s := shown{tab: m.active, anchor: m.cur().anchor, copying: map[string]bool{}}
	for v := range m.copying {
		s.copying[v] = true
	}
	_, s.picked = m.Picked()
	if m.isOpen(focusDetail) {
		s.detail, s.detailRefs = m.detail.e, m.detail.refs
	}
	if m.isOpen(focusMenu) {
		s.menu, s.items = m.menu.e, m.menu.items
	}
	if r := m.cur().cursorRow(); r != nil {
		s.cursorImage = r.E
	}
	switch m.focused() {
	case focusDetail:
		s.onScreen = s.detail
	case focusMenu:
		s.onScreen = s.menu
	case focusList, focusFilter:
		s.onScreen = s.cursorImage
	}
	return s
}

// isFormOf reports whether v is a form of e that a copy or pick may give.
func isFormOf(v string, e *catalog.Entry) bool {
	if e == nil {
		return false
	}
	return slices.ContainsFunc(refs.Menu(e.Image), func(r refs.Ref) bool { return r.Value == v })
}

// check asserts the invariants after a step that sent msg (nil when the
// step sent nothing), given what was shown before it.
func (d *fuzzDriver) check(step int, msg tea.Msg, before shown) {
	t, m := d.t, d.m
	content := m.View().Content
	if !d.sized {
		if content != "" {
			t.Fatalf("step %d: a view before any window size: %q", step, content)
		}
		return
	}
	checkViewSafe(t, content, d.w, d.h)
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("step %d (%T) at %dx%d: %s\n%s", append([]any{step, msg, d.w, d.h, fmt.Sprintf(format, args...)}, safeScreen(content))...)
	}
	ts := m.cur()
	drawn := d.w >= minWidth && d.h >= minHeight
	if n := ts.rows.Len(); n > 0 && (ts.list.Cursor() < 0 || ts.list.Cursor() >= n) {
		fail("cursor %d outside the %d rows", ts.list.Cursor(), n)
	}

	// Every list's cursor is among the rows it draws.
	switch f := m.focused(); {
	case !drawn:
	case f == focusList || f == focusFilter:
		if !cursorShown(ts.list, m.listHeight()) {
			fail("list cursor %d not among the rows shown from %d", ts.list.Cursor(), ts.list.offset)
		}
	case f == focusPicker:
		if !cursorShown(m.picker.list, m.bodyHeight()-1) {
			fail("picker cursor %d not shown", m.picker.list.Cursor())
		}
	case f == focusMenu:
		if !cursorShown(m.menu.list, m.bodyHeight()-1) {
			fail("menu cursor %d not shown", m.menu.list.Cursor())
		}
	}

	// Every cell on screen is exactly its column's width, every row the
	// list's, and the cursor's row is drawn where the list puts it.
	if f := m.focused(); drawn && (f == focusList || f == focusFilter) && ts.rows.Len() > 0 {
		lay := m.listLayout(d.w)
		from, to := ts.list.Visible()
		for i := from; i < to; i++ {
			cells := m.rowCells(ts.rows.At(i), i == ts.list.Cursor(), lay)
			if len(cells) != 2*len(lay.cols) {
				fail("row %d has %d parts for %d columns", i, len(cells), len(lay.cols))
			}
			total := 0
			for k, c := range cells {
				w := ansi.StringWidth(c)
				total += w
				if k%2 == 1 && w != lay.cols[k/2].width {
					fail("row %d: the %s cell %q is %d wide, its column %d", i, lay.cols[k/2].col, ansi.Strip(c), w, lay.cols[k/2].width)
				}
			}
			if total != d.w {
				fail("row %d is %d wide, the list %d", i, total, d.w)
			}
		}
		lines := strings.Split(content, "\n")
		y := 2 + ts.list.Cursor() - from // the tab bar, the header
		if m.filterShown() {
			y++
		}
		if y >= len(lines)-2 || !strings.HasPrefix(ansi.Strip(lines[y]), "▌") {
			fail("the cursor's row %d is not drawn on line %d", ts.list.Cursor(), y)
		}
	}

	// The prompt and the query never disagree, and the rows are what the
	// query asks for.
	if m.focused() == focusFilter && m.filter.Value() != m.query.Text {
		fail("the prompt holds %q but the query is %q", m.filter.Value(), m.query.Text)
	}
	if !ts.dirty {
		// The same query over the same images from scratch.
		images := make([]api.Image, 0, ts.feed.Loaded())
		for _, e := range ts.feed.Entries() {
			images = append(images, *e.Image)
		}
		want := catalog.Select(images, m.query)
		if len(want) != ts.rows.Len() {
			fail("%d rows, the query %+v gives %d", ts.rows.Len(), m.query, len(want))
		}
		for i := range want {
			if got := ts.rows.At(i).E.Image; want[i].ID != got.ID {
				fail("row %d is %q, the query gives %q", i, got.Name, want[i].Name)
			}
		}
	}

	// The header drawn from its cache is the one drawn afresh.
	if got, want := m.headerView(), m.drawHeader(); got != want {
		fail("the header from the cache is %q, drawn afresh %q", got, want)
	}

	// A retry is said only while its request waits.
	for _, ts := range m.tabs {
		for _, n := range ts.retries {
			if !ts.feed.Waiting(n.gen) {
				fail("tab %v says a request retries that no longer waits", ts.tab)
			}
		}
	}

	after := d.snapshot()
	// An open detail view or menu holds its image, and what it copies;
	// only the user's next or previous image changes the detail view's,
	// and then to the row the list's cursor moved to.
	if before.detail != nil && after.detail != nil && (before.detail != after.detail || !slices.Equal(before.detailRefs, after.detailRefs)) &&
		(!userInput(msg) || after.detail != after.cursorImage || !slices.Equal(after.detailRefs, refs.All(after.detail.Image))) {
		fail("the open detail view changed from %q to %q", before.detail.Image.ID, after.detail.Image.ID)
	}
	// A click on a row selects the image drawn there, or opens it.
	if d.clicked != nil && after.cursorImage != d.clicked && after.detail != d.clicked {
		fail("a click on %q selected %v", d.clicked.Image.ID, after.cursorImage)
	}
	if before.menu != nil && after.menu != nil && (before.menu != after.menu || !slices.Equal(before.items, after.items)) {
		fail("the open menu changed from %q to %q", before.menu.Image.ID, after.menu.Image.ID)
	}
	if after.menu != nil && after.detail != nil && before.menu == nil && after.menu != after.detail {
		fail("the menu opened over the detail of %q is for %q", after.detail.Image.ID, after.menu.Image.ID)
	}
	// A value copied or picked is a form of the image on screen.
	for v := range m.copying {
		if !before.copying[v] && !isFormOf(v, before.onScreen) {
			fail("copied %q, which is no form of the image shown", v)
		}
	}
	if v, ok := m.Picked(); ok && !before.picked && !isFormOf(v.Value, before.onScreen) {
		fail("picked %q, which is no form of the image shown", v)
	}
	// Rows that change under the user leave the cursor where its anchor
	// says.
	if !userInput(msg) && after.tab == before.tab {
		switch {
		case after.anchor == atTop && ts.list.Cursor() != 0:
			fail("the cursor left row 1 (now %d) though the user never moved it", ts.list.Cursor())
		case before.anchor == atImage && after.anchor == atImage && before.cursorImage.Image.ID != after.cursorImage.Image.ID:
			fail("the cursor moved from %q to %q without the user", before.cursorImage.Image.ID, after.cursorImage.Image.ID)
		}
	}
}

// safeScreen shows a view in a failure message without its escapes.
func safeScreen(content string) string {
	return fmt.Sprintf("%+q", sgr.ReplaceAllString(content, ""))
}

// maxFuzzSteps bounds one input's run.
const maxFuzzSteps = 200

func FuzzModel(f *testing.F) {
	for _, seed := range fuzzModelSeeds() {
		f.Add(seed)
	}
	f.Fuzz(runModel)
}

// runModel is one FuzzModel run: a model set up from the first bytes,
// then steps until the input or maxFuzzSteps runs out.
func runModel(t *testing.T, data []byte) {
	d := newFuzzDriver(t, data)
	d.check(0, nil, d.snapshot())
	for step := 1; step <= maxFuzzSteps && !d.in.done(); step++ {
		before := d.snapshot()
		d.sent, d.clicked = nil, nil
		d.step()
		d.check(step, d.sent, before)
	}
}

// newFuzzDriver builds the model the first bytes of data describe.
func newFuzzDriver(t *testing.T, data []byte) *fuzzDriver {
	in := &fuzzInput{b: data}
	lister := &fuzzLister{in: in, per: 1 + in.intn(12)}
	o := Options{
		Client: lister, Now: func() time.Time { return testNow },
		Tab:    catalog.Tab(in.intn(int(catalog.NumTabs))),
		Region: pickOf(in, []string{"", "", "NORD-NO-KRS-1", "\x1b]0;x\x07"}),
		Theme:  pickOf(in, []theme.Mode{theme.Dark, theme.Light, theme.None, theme.Auto}),
		Query:  pickOf(in, []string{"", "", "ubu", "日"}),
		Pick:   in.intn(4) == 0, Clipboard: clip.Off, ClipEnv: fuzzClipEnv(),
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	m := New(ctx, o)
	m.animate = false
	d := &fuzzDriver{t: t, m: m, in: in, now: testNow}
	m.clock = func() time.Time { return d.now }
	if cmd := m.Init(); cmd != nil {
		d.pending = append(d.pending, cmd)
	}
	return d
}

// fuzzModelSeeds are scripted sessions in the input's encoding, besides
// the corpus in testdata/fuzz/FuzzModel.
func fuzzModelSeeds() [][]byte {
	// Op bytes: 0 key, 6 text, 7 size, 8 run a command, 10 deliver a
	// reply, 12 a stray reply, 15 a paste, 17 a click; see
	// fuzzDriver.step.
	const (
		opKey, opText, opSize, opRun, opDeliver, opStray, opPaste, opClick = 0, 6, 7, 8, 10, 12, 15, 17
	)
	key := func(name string) []byte {
		for i, k := range fuzzKeys {
			if k == name {
				return []byte{opKey, byte(i)}
			}
		}
		panic(name)
	}
	// A page of n images: not an error (1), n, then 8 bytes an image
	// (zeros: plain, fresh IDs), then total_count, page and per_page.
	page := func(n byte) []byte { return append([]byte{1, n}, make([]byte, int(n)*8+3)...) }
	// The same with every name fuzzStrings[name] and the serial.
	named := func(n, name byte) []byte {
		b := page(n)
		for i := range int(n) {
			b[2+i*8+1] = name
		}
		return b
	}
	early := func(n byte) []byte { return named(n, 1) } // "" and the serial: before "Ubuntu 24.04…"
	late := func(n byte) []byte { return named(n, 14) } // Japanese: after
	// The images of the page back, again, as a later listing gives them:
	// each an earlier ID, now with a status (creating).
	again := func(n, back byte) []byte {
		b := page(n)
		for i := range int(n) {
			b[2+i*8], b[2+i*8+3] = back, 2<<2
		}
		return b
	}
	// An error: 0, the message (an OSC 52 attack), APIError, status 500.
	fail := []byte{0, 7, 0, 4}
	cat := func(parts ...[]byte) []byte {
		var b []byte
		for _, p := range parts {
			b = append(b, p...)
		}
		return b
	}
	header := []byte{9, 4, 0, 0, 0, 1}   // 10 per page, snapshots tab, no region, dark, no query, no pick
	querying := []byte{9, 4, 0, 0, 2, 1} // the same with the query "ubu"
	// One image with a slug and three versions: a menu of seven entries.
	versioned := []byte{1, 1, 0, 0, 0, 0, 0, 1, 0, 0xC0, 0, 0, 0}
	// A paste of "ub", then nothing more.
	paste := []byte{opPaste, 1, 1, 2, 1}
	size := func(w, h byte) []byte { return []byte{opSize, w - 1, h - 1} }
	run := []byte{opRun, 0}
	deliver := []byte{opDeliver, 0, 0}
	// A left click at (x, y), after a pause: 0 none, 1 50 ms, 4 three
	// seconds (see the click step).
	click := func(x, y, pause byte) []byte { return []byte{opClick, pause, x, y, 0, 1} }
	return [][]byte{
		cat(header, size(100, 30), run, page(10), deliver, key("end"), run, page(10), deliver),
		cat(header, size(80, 24), run, page(10), deliver, key("end"), run, fail, deliver, key("R"), run, page(4), deliver),
		cat(header, size(24, 6), run, fail, deliver, key("R"), size(30, 7), run, page(10), deliver, key("end")),
		cat(header, size(24, 6), run, page(10), deliver, key("end"), run, fail, deliver, key("up"), key("end")),
		cat(header, size(60, 20), run, page(10), deliver, key("/"), []byte{opText, 3, 8, 9, 10}, key("enter"), key("ctrl+r"), run, page(10), deliver, deliver),
		cat(header, size(100, 30), run, page(10), []byte{opDeliver, 0, 1}, []byte{opDeliver, 0, 0}, []byte{opStray, 4, 2, 0, 1, 3}, key("enter"), key("C"), key("esc"), key("r")),
		cat(header, size(250, 80), run, page(11), deliver, key("?"), key("end"), size(1, 1), size(23, 5), size(24, 6)),
		// The detail view and the menu opened after end, while the next
		// page is on its way: it lands, and c copies.
		cat(header, size(100, 30), run, page(10), deliver, key("end"), run, late(10), key("enter"), key("C"), deliver, key("esc"), key("c")),
		// Pastes into the prompt, then over the list; c copies the row
		// they found.
		cat(header, size(80, 24), run, page(10), deliver, key("/"), paste, key("enter"), key("esc"), paste, key("enter"), key("c")),
		// A query's results streaming in; then the user moves, and more
		// arrive.
		cat(querying, size(60, 20), run, page(10), deliver, run, page(10), deliver, key("down"), run, page(10), deliver, run, page(3), deliver),
		// Pages whose rows sort above the cursor: before the user moves,
		// and after.
		cat(header, size(60, 30), run, page(10), deliver, run, early(10), deliver, key("pgdown"), run, early(10), deliver),
		// A short list window, moved through.
		cat(header, size(30, 7), run, page(10), deliver, key("down"), key("down"), key("down"), key("down"), key("pgdown"), key("up")),
		// The copy menu at 80x8, scrolled.
		cat(header, size(80, 8), run, versioned, deliver, key("C"), key("end"), key("up"), key("pgdown"), key("home")),
		// The Snapshots tab's first listing ends; the detail view is open
		// on row 1 when the second lists its images again, with a status:
		// the view keeps its image and forms, and c copies them.
		cat(header, size(100, 30), run, page(10), deliver, key("enter"), run, page(3), deliver,
			run, again(10, 13), deliver, key("c"), key("esc"), key("C"), key("esc")),
		// A retry notice for a request that waits, then its reply.
		cat(header, size(100, 30), run, page(10), deliver, key("end"), run, page(3), []byte{16, 4, 0, 0, 0, 2, 0}, deliver),
		// A double-click opens row 3; the next image, a page landing,
		// the previous one, back.
		cat(header, size(100, 30), run, page(10), deliver, click(5, 4, 4), click(5, 4, 1), key("n"), run, late(10), deliver, key("p"), key("esc")),
		// Beside the preview: a click in it; a double-click from the
		// prompt; the preview off and on; a click on a tab.
		cat(querying, size(180, 30), run, page(10), deliver, click(150, 5, 4), key("/"), click(5, 3, 4), click(5, 3, 0), key("esc"),
			key("p"), click(150, 5, 4), key("p"), click(2, 0, 4)),
		// A click on a menu entry and on a region.
		cat(header, size(80, 8), run, versioned, deliver, key("C"), key("end"), click(10, 3, 4), key("r"), click(10, 2, 4)),
	}
}

// FuzzPasteMatchesTyping pastes a string (a bracketed paste, into the
// prompt or over the list) into one model and types it, key by key, into
// another: both must end with the same query and the same rows, with the
// cursor on row 1. What is typed is the text as the prompt keeps it
// (line breaks as spaces, no control characters), which is all a paste
// may put there.
func FuzzPasteMatchesTyping(f *testing.F) {
	for _, s := range []string{"rocky-9", "ubuntu 24", "  llama  ", "日本語", "e\u0301", "a\nb\tc", "\x1b[31mred\x1b[0m", "bidi \u202egnp", ""} {
		f.Add(s, false)
		f.Add(s, true)
	}
	imgs := fakeapi.Generate(300, 3)
	f.Fuzz(func(t *testing.T, s string, overList bool) {
		pasted, typed := newBenchModel(newBenchLister(imgs)), newBenchModel(newBenchLister(imgs))
		press := func(m *Model, msg tea.Msg) {
			_, cmd := m.Update(msg)
			benchRun(m, cmd, nil)
		}
		if !overList {
			press(pasted, keyMsg("/"))
		}
		press(pasted, tea.PasteMsg{Content: s})
		press(typed, keyMsg("/"))
		for _, r := range pasted.filter.Value() {
			press(typed, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		if pasted.query != typed.query || pasted.filter.Value() != typed.filter.Value() {
			t.Fatalf("pasting %q gives the query %+v, typing it %+v", s, pasted.query, typed.query)
		}
		a, b := pasted.cur(), typed.cur()
		if a.rows.Len() != b.rows.Len() || a.list.Cursor() != 0 || b.list.Cursor() != 0 {
			t.Fatalf("pasting %q: %d rows, cursor %d; typing: %d rows, cursor %d", s, a.rows.Len(), a.list.Cursor(), b.rows.Len(), b.list.Cursor())
		}
		for i := range a.rows.Len() {
			if a.rows.At(i).E.Image.ID != b.rows.At(i).E.Image.ID {
				t.Fatalf("pasting %q: row %d is %q, typing gives %q", s, i, a.rows.At(i).E.Name, b.rows.At(i).E.Name)
			}
		}
		if strings.ContainsFunc(text.Sanitize(s), func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) && pasted.query.Text == "" {
			t.Fatalf("pasting %q left no query", s)
		}
	})
}
