package e2e

// Issue 10's "done when", on the built binary in a real terminal: the
// image gcimg acts on is the image the user chose, whatever arrives
// meanwhile. Pastes are bracketed pastes from tmux's own buffer; slow
// pages are the fake API's, held until the test lets them through. The
// helpers are tmux_test.go's.

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// paste pastes s as the terminal would: a bracketed paste from a tmux
// buffer (paste-buffer -p), which gcimg asks for.
func (tm *tmuxTerm) paste(s string) {
	tm.t.Helper()
	tm.tmux("set-buffer", "--", s)
	tm.tmux("paste-buffer", "-p", "-d", "-t", session)
}

// waitSeen polls the screen until ok holds on one capture. Unlike
// waitFor it does not wait for the screen to hold still, so it works
// while the spinner turns; ok must check every row it reads.
func (tm *tmuxTerm) waitSeen(what string, ok func(s screen) bool) screen {
	tm.t.Helper()
	deadline := time.Now().Add(waitDeadline)
	for {
		s := tm.capture()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("waited %s for %s; the screen shows:\n%s", waitDeadline, what, s)
		}
		time.Sleep(pollEvery)
	}
}

// selectedRow is the list row the cursor is on ("▌ name …"), trimmed.
func (s screen) selectedRow() string {
	for _, l := range s.lines {
		if r, ok := strings.CutPrefix(l, "▌ "); ok {
			return strings.TrimSpace(r)
		}
	}
	return ""
}

// firstRow is the list's first row: the line after the column header.
func (s screen) firstRow() string {
	for i, l := range s.lines {
		if strings.Contains(l, "NAME") && strings.Contains(l, "CREATED") {
			return strings.TrimSpace(strings.TrimPrefix(s.row(i+1), "▌"))
		}
	}
	return ""
}

// TestTmuxPasteFilters: a pasted query filters, in the prompt and over
// the list, and pick's enter prints its top match: the issue's own case,
// which printed almalinux-10.
func TestTmuxPasteFilters(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		keys  []string
		paste string
		want  string
	}{
		{"into the prompt", []string{"/"}, "rocky-9", "rocky-9"},
		{"over the list", nil, "rocky-9", "rocky-9"},
		{"with a line break", []string{"/"}, "alma 9\n", "almalinux-9"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			tm := newTerm(t, termOpts{script: afterExit(`gcimg pick --demo --type cloud-image --print slug > "$D/out"`)})
			tm.waitFor("the cloud images", func(s screen) bool { return s.firstRow() != "" && strings.HasPrefix(s.selectedRow(), "AlmaLinux 10") })
			tm.keys(c.keys...)
			tm.paste(c.paste)
			s := tm.waitFor("the pasted query applied", func(s screen) bool {
				return s.has("/ "+strings.TrimSpace(c.paste)) && s.has("1/1 match ")
			})
			if !strings.Contains(s.selectedRow(), c.want) {
				t.Errorf("the highlighted row is not the match:\n%s", s)
			}
			tm.keys("Enter")
			code, stty := tm.waitDone()
			if got := tm.file("out"); code != exitOK || got != c.want+"\n" {
				t.Errorf("pick exited %d printing %q, want 0 and %q", code, safe(got), c.want+"\n")
			}
			tm.checkTTY(stty)
		})
	}
}

// streamRegion is the region of the streaming tests, and streamCatalog
// six pages of snapshots where each page after the first brings, in that
// region, a snapshot that sorts before all earlier ones and one after.
const streamRegion = "EUC-DE-MUC-1"

func streamCatalog() []api.Image {
	images := pickCatalog()
	var snaps []api.Image
	for _, im := range fakeapi.Generate(1200, 2024) {
		if im.Type == api.TypeSnapshot && len(snaps) < snapshotCount {
			snaps = append(snaps, im)
		}
	}
	for p := 2; p <= 6; p++ {
		early, late := &snaps[(p-1)*100+5], &snaps[(p-1)*100+6]
		early.Name, late.Name = fmt.Sprintf("0%d early on page %d", 7-p, p), fmt.Sprintf("zz%d late on page %d", p, p)
		early.Regions, late.Regions = []string{streamRegion}, []string{streamRegion}
	}
	return append(images, snaps...)
}

// gatedAPI is the fake API with every page after the first held until
// the test lets it through, so that what arrives while the user looks
// at the screen arrives when the test says, however fast the machine.
type gatedAPI struct {
	srv *fakeapi.Server
	url string

	mu    sync.Mutex
	gates map[int]chan struct{}
}

func startGated(t *testing.T, images []api.Image) *gatedAPI {
	t.Helper()
	g := &gatedAPI{srv: fakeapi.New(fakeapi.Options{Images: images, Token: testToken}), gates: map[int]chan struct{}{}}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && p > 1 {
			select {
			case <-g.gate(p):
			case <-r.Context().Done():
				return
			}
		}
		g.srv.ServeHTTP(w, r)
	}))
	g.url = hs.URL + "/compute/v1"
	t.Cleanup(hs.Close)
	t.Cleanup(func() { g.release(0) }) // runs first: no handler waits for ever
	return g
}

func (g *gatedAPI) gate(page int) chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.gates[page] == nil {
		g.gates[page] = make(chan struct{})
	}
	return g.gates[page]
}

// release lets page p through (and later requests for it), or every
// page when p is 0.
func (g *gatedAPI) release(p int) {
	for page := 2; page <= 7; page++ {
		if p == 0 || p == page {
			ch := g.gate(page)
			g.mu.Lock()
			select {
			case <-ch:
			default:
				close(ch)
			}
			g.mu.Unlock()
		}
	}
}

// env points gcimg at the gated API.
func (g *gatedAPI) env() []string { return []string{api.EnvEndpoint + "=" + g.url} }

// served reports whether pages 1 to n of the snapshots have been
// answered.
func (g *gatedAPI) served(n int) bool {
	seen := map[int]bool{}
	for _, r := range g.srv.Requests() {
		if r.Type == string(api.TypeSnapshot) && r.Status == http.StatusOK {
			seen[r.Page] = true
		}
	}
	for p := 1; p <= n; p++ {
		if !seen[p] {
			return false
		}
	}
	return true
}

var (
	streamedRe = regexp.MustCompile(fmt.Sprintf(`(\d+)/(\d+) match(es)? of %d\b`, snapshotCount))
)

// TestTmuxCursorStaysOnRowOneWhileResultsStream: with a region filter
// over pages that come in one by one, the cursor stays on row 1 as better
// rows land above it; once the user moves, it stays on the image moved
// to.
func TestTmuxCursorStaysOnRowOneWhileResultsStream(t *testing.T) {
	t.Parallel()
	script := afterExit("gcimg --type snapshot --region " + streamRegion)
	onRow1 := func(t *testing.T, s screen) {
		t.Helper()
		if p, _, ok := s.pos(); !ok || p != 1 || s.selectedRow() != s.firstRow() {
			t.Fatalf("the cursor left row 1:\n%s", s)
		}
	}

	t.Run("before the user moves", func(t *testing.T) {
		t.Parallel()
		g := startGated(t, streamCatalog())
		tm := newTerm(t, termOpts{env: g.env(), script: script})
		s := tm.waitSeen("page 1", func(s screen) bool { return s.has("in 100 of") && s.selectedRow() != "" })
		onRow1(t, s)
		first := s.firstRow()
		g.release(2)
		s = tm.waitSeen("page 2", func(s screen) bool { return s.has("in 200 of") && s.selectedRow() != "" })
		onRow1(t, s)
		if !strings.HasPrefix(s.firstRow(), "05 early on page 2") || s.firstRow() == first {
			t.Errorf("page 2's early row is not first:\n%s", s)
		}
		g.release(0)
		s = tm.waitSeen("the complete results", func(s screen) bool { return s.matches(streamedRe) && s.selectedRow() != "" })
		onRow1(t, s)
		if !strings.HasPrefix(s.selectedRow(), "01 early on page 6") {
			t.Errorf("the cursor is not on the best row of the complete results:\n%s", s)
		}
		tm.keys("q")
		if code, _ := tm.waitDone(); code != exitOK {
			t.Errorf("q exited %d", code)
		}
	})

	t.Run("after the user moves", func(t *testing.T) {
		t.Parallel()
		g := startGated(t, streamCatalog())
		tm := newTerm(t, termOpts{env: g.env(), script: script})
		tm.waitSeen("page 1", func(s screen) bool { return s.has("in 100 of") && s.selectedRow() != "" })
		tm.keys("j")
		s := tm.waitSeen("the cursor on row 2", func(s screen) bool {
			p, _, ok := s.pos()
			return ok && p == 2 && s.selectedRow() != ""
		})
		chosen := s.selectedRow()
		g.release(0)
		s = tm.waitSeen("the complete results", func(s screen) bool { return s.matches(streamedRe) && s.selectedRow() != "" })
		if got := s.selectedRow(); got != chosen {
			t.Errorf("the pages moved the cursor from %q to %q:\n%s", chosen, got, s)
		}
		if p, _, _ := s.pos(); p <= 2 {
			t.Errorf("no row landed above the chosen one (it is on row %d): the test shows nothing\n%s", p, s)
		}
		tm.keys("q")
		tm.waitDone()
	})
}

// TestTmuxDetailKeepsItsImage: a detail view opened after end, on a
// filtered tab whose pages are still arriving, keeps its image for as
// long as it is open, and c copies that image's ID.
func TestTmuxDetailKeepsItsImage(t *testing.T) {
	t.Parallel()
	g := startGated(t, streamCatalog())
	tm := newTerm(t, termOpts{env: g.env(), script: afterExit("gcimg --type snapshot --region " + streamRegion)})
	tm.waitSeen("page 1", func(s screen) bool { return s.has("in 100 of") && s.selectedRow() != "" })
	tm.keys("End", "Enter")
	s := tm.waitSeen("the detail view", func(s screen) bool {
		return s.has("For your config") && uuidRe.MatchString(strings.Join(s.lines, "\n"))
	})
	id, name := uuidRe.FindString(strings.Join(s.lines, "\n")), strings.TrimSpace(s.row(1))
	g.release(0)
	s = tm.waitSeen("the complete results", func(s screen) bool { return g.served(6) && s.matches(streamedRe) })
	if !s.has(id) || strings.TrimSpace(s.row(1)) != name {
		t.Errorf("the detail view of %q (%s) changed as pages arrived:\n%s", name, id, s)
	}
	tm.keys("c")
	tm.waitFor("the copy", func(s screen) bool { return s.has("Copied ID") })
	if got, _ := tm.buffer(); got != id {
		t.Errorf("c copied %q, want the detail view's image %s", safe(got), id)
	}
	tm.keys("Escape")
	s = tm.waitFor("the list", func(s screen) bool { return s.selectedRow() != "" })
	if shown, _, _ := strings.Cut(s.selectedRow(), "  "); !strings.HasPrefix(name, strings.TrimSuffix(shown, "…")) {
		t.Errorf("back in the list the cursor is on %q, want %q:\n%s", s.selectedRow(), name, s)
	}
	tm.keys("q")
	tm.waitDone()
}

// TestTmuxCopyMenuAt80x8: the copy menu scrolls to the entry under its
// cursor, and that entry is highlighted.
func TestTmuxCopyMenuAt80x8(t *testing.T) {
	t.Parallel()
	tm := newTerm(t, termOpts{width: 80, height: 8, script: afterExit("gcimg --demo --type cloud-image --clipboard off")})
	tm.waitFor("the list", func(s screen) bool { return s.selectedRow() != "" })
	tm.keys("/")
	tm.typeText("tensorflow")
	tm.keys("Enter", "C")
	tm.waitFor("the menu", func(s screen) bool { return s.has("as…") && s.has("choose entry") })
	for _, c := range []struct{ keys, shows string }{
		{"G", "ubuntu-ml-nvidia-tensorflow:20240308"},
		{"g", `"image": "`},
		{"j", "ID"},
	} {
		tm.keys(c.keys)
		s := tm.waitFor("the entry under the cursor after "+c.keys, func(s screen) bool { return s.has(c.shows) })
		checkFits(t, s, 80, 8)
	}
	tm.keys("End")
	s := tm.waitFor("the last entry", func(s screen) bool { return s.has(":20240308") })
	raw := strings.Split(tm.captureAll(), "\n")
	cursorLine, otherLine := -1, -1
	for i, l := range s.lines {
		switch {
		case strings.Contains(l, ":20240308"):
			cursorLine = i
		case strings.Contains(l, ":20240611"):
			otherLine = i
		}
	}
	if cursorLine < 0 || otherLine < 0 {
		t.Fatalf("the last two entries are not both on screen:\n%s", s)
	}
	a, _ := sgrAt(raw[cursorLine], "slug:version")
	b, _ := sgrAt(raw[otherLine], "slug:version")
	if a == b {
		t.Errorf("the entry under the cursor is drawn like the others (%s):\n%s", a, s)
	}
	tm.keys("Enter")
	s = tm.waitFor("the value, not copied, in full", func(s screen) bool { return s.has("Not copied") })
	if !strings.Contains(strings.Join(strings.Fields(strings.Join(s.lines, "")), ""), "ubuntu-ml-nvidia-tensorflow:20240308") {
		t.Errorf("the box does not show the chosen value:\n%s", s)
	}
	tm.keys("Escape") // alone: escape then q at once reads as alt+q
	tm.waitFor("the list", func(s screen) bool { return s.selectedRow() != "" })
	tm.keys("q")
	if code, _ := tm.waitDone(); code != exitOK {
		t.Errorf("q exited %d", code)
	}
}

// TestTmuxPickChooseAs: C in pick mode prints the form chosen and exits
// 0, from the list and from the detail view.
func TestTmuxPickChooseAs(t *testing.T) {
	t.Parallel()
	srv := startFake(t, pickCatalog())
	for _, c := range []struct {
		name string
		keys []string
		want string
	}{
		{"digit", []string{"C", "3"}, `image = "` + targetSlug + `"`},
		{"arrows and enter", []string{"C", "Down", "Enter"}, targetSlug},
		{"from the detail view", []string{"l", "C", "1"}, targetID},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			tm := newTerm(t, termOpts{api: srv, script: afterExit(`gcimg pick --type cloud-image > "$D/out"`)})
			tm.waitFor("the picker", atPos(1))
			for _, k := range c.keys {
				tm.keys(k)
				if k == "C" {
					tm.waitFor("the menu", func(s screen) bool { return s.has("Choose " + targetName + " as…") })
				}
				if k == "l" {
					tm.waitFor("the detail view", func(s screen) bool { return s.has("For your config") })
				}
			}
			code, stty := tm.waitDone()
			if got := tm.file("out"); code != exitOK || got != c.want+"\n" {
				t.Errorf("exit %d, stdout %q; want 0 and %q", code, safe(got), c.want+"\n")
			}
			tm.checkTTY(stty)
		})
	}
}

// TestTmuxRejectedToken: a wrong token names GENESISCLOUD_TOKEN, where it
// was read from, offers no retry, and R sends nothing.
func TestTmuxRejectedToken(t *testing.T) {
	t.Parallel()
	srv := startFake(t, pickCatalog())
	tm := newTerm(t, termOpts{api: srv, env: []string{api.EnvToken + "=not-the-token"}, script: afterExit("gcimg")})
	s := tm.waitFor("the error", func(s screen) bool { return s.has("token rejected") })
	text := strings.Join(strings.Fields(strings.Join(s.lines, " ")), " ")
	for _, want := range []string{"the token was read from " + api.EnvToken, "start gcimg again", "press q to quit"} {
		if !strings.Contains(text, want) {
			t.Errorf("the screen does not say %q:\n%s", want, s)
		}
	}
	if strings.Contains(text, "retr") {
		t.Errorf("a rejected token is offered a retry:\n%s", s)
	}
	// R, then a key whose effect shows: if R did anything, it did it
	// before the tab switch.
	tm.keys("R", "2")
	tm.waitFor("the Base OS tab's own error", func(s screen) bool {
		return activeTab(s, "Base OS", "Snapshots") && s.has("page 1 of base OS images failed")
	})
	if got := requestsOf(srv); !slices.Equal(got, []pageReq{{"", 1}, {"base-os", 1}}) {
		t.Errorf("requests %v: R asked again", got)
	}
	tm.keys("q")
	if code, _ := tm.waitDone(); code != exitOK {
		t.Errorf("q exited %d", code)
	}
}
