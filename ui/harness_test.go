package ui

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

// testNow pins the clock so relative dates in goldens never move.
var testNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// harness drives the root model without a terminal: it runs every command
// synchronously (timers are off), so a test sees the state a user would
// see once the network has answered.
type harness struct {
	t    *testing.T
	m    *Model
	srv  *fakeapi.Server
	quit bool
	// now is what the model's clock reads (m.clock, which times
	// clicks): it moves only when the test says (wait).
	now time.Time
}

type harnessOpt func(*Options)

func withTab(t catalog.Tab) harnessOpt     { return func(o *Options) { o.Tab = t } }
func withRegion(r string) harnessOpt       { return func(o *Options) { o.Region = r } }
func withTheme(m theme.Mode) harnessOpt    { return func(o *Options) { o.Theme = m } }
func withOpts(f func(*Options)) harnessOpt { return f }

func newHarness(t *testing.T, images []api.Image, w, h int, opts ...harnessOpt) *harness {
	t.Helper()
	return newHarnessOn(t, fakeapi.Options{Images: images}, w, h, opts...)
}

// newHarnessOn is newHarness against a server made with so: the demo's
// own (Images nil: the demo catalog and its snapshots, in every status),
// today's API (Generation), a /snapshots listing of its own.
func newHarnessOn(t *testing.T, so fakeapi.Options, w, h int, opts ...harnessOpt) *harness {
	t.Helper()
	srv, c := serveOn(t, so)
	o := Options{Client: c, Now: func() time.Time { return testNow }, Theme: theme.Dark}
	for _, f := range opts {
		f(&o)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	m := New(ctx, o)
	m.animate = false
	hr := &harness{t: t, m: m, srv: srv, now: testNow}
	m.clock = func() time.Time { return hr.now }
	hr.start(w, h)
	return hr
}

// wait moves the model's clock on by d: no test sleeps.
func (h *harness) wait(d time.Duration) { h.now = h.now.Add(d) }

// click clicks the left button at (x, y) of the screen, as the terminal
// reports it.
func (h *harness) click(x, y int) {
	h.t.Helper()
	h.send(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
}

// serve serves images on a fake API over HTTP for the test's life, and
// returns a client of it that never retries.
func serve(t *testing.T, images []api.Image) (*fakeapi.Server, *api.Client) {
	t.Helper()
	return serveOn(t, fakeapi.Options{Images: images})
}

func serveOn(t *testing.T, so fakeapi.Options) (*fakeapi.Server, *api.Client) {
	t.Helper()
	srv := fakeapi.New(so)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	c, err := api.New(api.Config{Endpoint: hs.URL + "/compute/v1", Token: fakeapi.DemoToken, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

// swapCatalog points the model at a new server holding images, as if the
// catalog changed behind the API: requests already made still answer
// from the old one.
func (h *harness) swapCatalog(images []api.Image) {
	h.t.Helper()
	h.srv, h.m.client = serve(h.t, images)
}

// stepPages runs cmd's requests and delivers the replies one at a time,
// calling each after every one, and the requests each reply leads to,
// until none is left.
func (h *harness) stepPages(cmd tea.Cmd, each func()) {
	h.t.Helper()
	queue := pageCmds(cmd)
	for len(queue) > 0 {
		msg := queue[0]
		queue = queue[1:]
		_, next := h.m.Update(msg)
		each()
		queue = append(queue, pageCmds(next)...)
	}
}

// start starts the model as the real program does: Init, then the window
// size, which arrives before anything Init asked for comes back.
func (h *harness) start(w, ht int) {
	h.t.Helper()
	cmd := h.m.Init()
	h.send(tea.WindowSizeMsg{Width: w, Height: ht})
	h.run(cmd)
}

// selID is the ID of the image under the list's cursor, "" without rows.
func (h *harness) selID() string {
	if r := h.m.cur().cursorRow(); r != nil {
		return r.E.Image.ID
	}
	return ""
}

// cursorShown reports whether l's cursor is among the rows drawn in a
// box height rows high (trivially so without rows).
func cursorShown(l scrollList, height int) bool {
	from, to := l.Visible()
	c := l.Cursor()
	return l.n == 0 || from <= c && c < to && c < from+height
}

// run executes a command and feeds what it returns back into Update,
// depth first, until nothing is left.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	if cmd == nil {
		return
	}
	msg := cmd()
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
	case tea.QuitMsg:
		h.quit = true
	default:
		h.send(msg)
	}
}

func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

// key presses one key by name ("down", "ctrl+r", "G", "/").
func (h *harness) key(names ...string) {
	h.t.Helper()
	for _, n := range names {
		h.send(keyMsg(n))
	}
}

// typeText types literal text.
func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// specialKeys are the key names keyMsg knows besides single characters;
// a package variable, not a literal in keyMsg, because the benchmarks
// press keys through keyMsg and must not measure building this map.
var specialKeys = map[string]rune{
	"up": tea.KeyUp, "down": tea.KeyDown, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
	"home": tea.KeyHome, "end": tea.KeyEnd, "enter": tea.KeyEnter, "esc": tea.KeyEscape,
	"tab": tea.KeyTab, "backspace": tea.KeyBackspace,
}

func keyMsg(name string) tea.KeyPressMsg {
	switch {
	case name == "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case strings.HasPrefix(name, "ctrl+"):
		return tea.KeyPressMsg{Code: rune(name[len("ctrl+")]), Mod: tea.ModCtrl}
	}
	if c, ok := specialKeys[name]; ok {
		return tea.KeyPressMsg{Code: c}
	}
	r := []rune(name)[0]
	code := r
	if r >= 'A' && r <= 'Z' {
		return tea.KeyPressMsg{Code: r + ('a' - 'A'), ShiftedCode: r, Mod: tea.ModShift, Text: name}
	}
	return tea.KeyPressMsg{Code: code, Text: name}
}

// screen is the plain text of the current view.
func (h *harness) screen() string { return ansi.Strip(h.m.View().Content) }

func (h *harness) requests() []fakeapi.Request { return h.srv.Requests() }
