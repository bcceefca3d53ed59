package e2e

// Real-terminal tests: the gcimg binary that TestMain built runs inside a
// private tmux server (its own socket, no config file, so tmux's default
// options), 100x30 unless a test says otherwise, against a fakeapi server
// the test controls, and the test reads the screen back with
// capture-pane. Every wait polls the screen, or a file the pane writes,
// with a deadline; nothing sleeps for a fixed time.
//
// Covered: browsing (TestTmuxBrowse), hostile names, copying into tmux's
// paste buffer (TestTmuxCopy), gcimg pick in a shell (TestTmuxPick),
// sizes down to too small and a resize during a load, ctrl+c in every
// view, SIGTERM, NO_COLOR, a config file and a conflicting one. After
// every exit the terminal must be back to normal: main screen, cursor
// shown, tty cooked with echo.
//
// These tests skip when tmux is not installed, except under CI=true,
// where CI installs tmux and a missing one is a failure.

import (
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

const (
	termWidth0, termHeight0 = 100, 30
	waitDeadline            = 10 * time.Second
	pollEvery               = 40 * time.Millisecond
	session                 = "gcimg"
	exitMarker              = "gcimg-exit="
	snapshotCount           = 520 // six pages at 100 per page, the last one short
	needleName              = "zebra-needle snapshot"
)

// The hostile payloads. Their base64 decodes to strings that cannot occur
// any other way, so finding one in a tmux paste buffer means a leak.
var (
	leakClipboard = base64.StdEncoding.EncodeToString([]byte("gcimg-clipboard-leak"))
	leakTitle     = "gcimg-pwned-title"
	controlClip   = base64.StdEncoding.EncodeToString([]byte("gcimg-clipboard-control"))
)

// tuiHostile are public images (so they are on page 1 of the All tab and
// sort first) whose names attack the terminal.
func tuiHostile() []api.Image {
	im := func(n int, name string) api.Image {
		return api.Image{
			ID: fmt.Sprintf("33333333-0000-4000-8000-%012d", n), Name: name, Type: api.TypePreconfigured,
			Family: strp("Ubuntu"), OSType: api.OSLinux, Regions: []string{"NORD-NO-KRS-1"},
			CreatedAt: date(2025, 5, 5), UpdatedAt: date(2025, 5, 5),
		}
	}
	return []api.Image{
		im(1, "000 clipboard \x1b]52;c;"+leakClipboard+"\x07 write"),
		im(2, "000 clear \x1b[2J\x1b[H screen"),
		im(3, "000 title \x1b]0;"+leakTitle+"\x07 set"),
		im(4, "000 reset \x1bc terminal"),
		im(5, "000 newline\nin name"),
		im(6, "000 bidi \u202etxt.exe"),
	}
}

// tuiCatalog is the demo's public images, the hostile ones, and 520
// generated snapshots, one of them renamed to a name only a filter finds.
func tuiCatalog(t *testing.T) (images []api.Image, needle api.Image) {
	t.Helper()
	images = tuiHostile()
	for _, im := range fakeapi.DemoCatalog() {
		if im.Type != api.TypeSnapshot {
			images = append(images, im)
		}
	}
	var snaps []api.Image
	for _, im := range fakeapi.Generate(1200, 2024) {
		if im.Type == api.TypeSnapshot && len(snaps) < snapshotCount {
			snaps = append(snaps, im)
		}
	}
	if len(snaps) != snapshotCount {
		t.Fatalf("Generate gave %d snapshots, want %d", len(snaps), snapshotCount)
	}
	snaps[137].Name = needleName
	needle = snaps[137]
	images = append(images, snaps...)
	seen := map[string]bool{}
	for _, im := range images {
		if seen[im.ID] {
			t.Fatalf("duplicate ID %s in the test catalog", im.ID)
		}
		seen[im.ID] = true
	}
	return images, needle
}

var tmuxSeq atomic.Int64

// tmuxTerm is one private tmux server running one session.
type tmuxTerm struct {
	t      *testing.T
	socket string
	api    *fakeapi.Running
	dir    string // newTerm: the pane's $D, for files its script writes
}

func requireTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is not installed, and CI=true: CI must install tmux for these tests")
		}
		t.Skip("tmux is not installed")
	}
	if gcimgBin == "" {
		t.Fatal("TestMain did not build the gcimg binary")
	}
}

// startGcimg starts a fakeapi server with the TUI catalog and gcimg in a
// new private tmux server. setup are tmux commands run before the session
// starts (e.g. {"set-option", "-g", "set-clipboard", "on"}). After gcimg
// exits, the pane prints its exit code, then `stty -a`, then stays open.
func startGcimg(t *testing.T, setup ...[]string) (*tmuxTerm, api.Image) {
	t.Helper()
	requireTmux(t)
	images, needle := tuiCatalog(t)
	srv, err := fakeapi.Start(fakeapi.Options{Images: images, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })

	tm := &tmuxTerm{t: t, socket: fmt.Sprintf("gcimg-test-%d-%d", os.Getpid(), tmuxSeq.Add(1)), api: srv}
	// env -i: the program sees only what the test sets, not the
	// developer's NO_COLOR, COLORTERM or GENESISCLOUD_* variables.
	script := fmt.Sprintf("env -i TERM=xterm-256color %s=%s %s --endpoint %s; echo %s$?; stty -a; sleep 30",
		api.EnvToken, shellQuote(testToken), shellQuote(gcimgBin), shellQuote(srv.URL), exitMarker)
	var args []string
	for _, cmd := range setup {
		args = append(append(args, cmd...), ";")
	}
	args = append(args, "new-session", "-d", "-s", session,
		"-x", strconv.Itoa(termWidth0), "-y", strconv.Itoa(termHeight0), "sh", "-c", script)
	tm.tmux(args...)
	t.Cleanup(func() { _, _ = tm.tmuxErr("kill-server") })
	return tm, needle
}

func (tm *tmuxTerm) tmuxErr(args ...string) (string, error) {
	cmd := exec.Command("tmux", append([]string{"-L", tm.socket, "-f", "/dev/null"}, args...)...)
	// A test run from inside tmux must not talk to the user's server.
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "TMUX=") || strings.HasPrefix(kv, "TMUX_PANE=")
	})
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func (tm *tmuxTerm) tmux(args ...string) string {
	tm.t.Helper()
	out, err := tm.tmuxErr(args...)
	if err != nil {
		tm.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// keys sends tmux key names (Enter, Escape, End, C-c, ...).
func (tm *tmuxTerm) keys(keys ...string) {
	tm.t.Helper()
	tm.tmux(append([]string{"send-keys", "-t", session}, keys...)...)
}

// typeText sends s literally.
func (tm *tmuxTerm) typeText(s string) {
	tm.t.Helper()
	tm.tmux("send-keys", "-t", session, "-l", s)
}

func (tm *tmuxTerm) display(format string) string {
	tm.t.Helper()
	return strings.TrimSpace(tm.tmux("display-message", "-p", "-t", session, format))
}

// screen is one capture of the pane.
type screen struct {
	lines  []string // visible rows, plain text
	joined []string // the same with wrapped lines joined (capture-pane -J)
	top    string   // row 0 with its SGR escapes
}

func (s screen) String() string {
	var b strings.Builder
	b.WriteString("┌" + strings.Repeat("─", termWidth0) + "\n")
	for _, l := range s.lines {
		b.WriteString("│" + l + "\n")
	}
	b.WriteString("└" + strings.Repeat("─", termWidth0))
	return b.String()
}

func (s screen) has(sub string) bool { return strings.Contains(strings.Join(s.lines, "\n"), sub) }

func (s screen) matches(re *regexp.Regexp) bool { return re.MatchString(strings.Join(s.lines, "\n")) }

func (s screen) row(i int) string {
	if i < 0 || i >= len(s.lines) {
		return ""
	}
	return s.lines[i]
}

func (tm *tmuxTerm) capture() screen {
	tm.t.Helper()
	split := func(out string) []string { return strings.Split(strings.TrimSuffix(out, "\n"), "\n") }
	return screen{
		lines:  split(tm.tmux("capture-pane", "-p", "-t", session)),
		joined: split(tm.tmux("capture-pane", "-p", "-J", "-t", session)),
		top:    strings.TrimSuffix(tm.tmux("capture-pane", "-p", "-e", "-t", session, "-S", "0", "-E", "0"), "\n"),
	}
}

// waitFor polls the screen until ok holds on two captures in a row that
// are identical, and fails the test with the last screen when the
// deadline passes. The second capture guards against reading a frame that
// tmux has only partly drawn (top rows new, bottom rows old).
func (tm *tmuxTerm) waitFor(what string, ok func(s screen) bool) screen {
	tm.t.Helper()
	deadline := time.Now().Add(waitDeadline)
	var prev *screen
	for {
		s := tm.capture()
		if ok(s) {
			if prev != nil && slices.Equal(prev.lines, s.lines) && prev.top == s.top {
				return s
			}
			prev = &s
		} else {
			prev = nil
		}
		// Checked on both paths: a screen that matches but never holds
		// still (a spinner in view) must not poll forever.
		if time.Now().After(deadline) {
			tm.t.Fatalf("waited %s for %s; the screen shows:\n%s", waitDeadline, what, s)
		}
		if prev == nil {
			time.Sleep(pollEvery)
		}
	}
}

// waitExit waits for the shell line gcimg's exit prints and returns the
// exit code.
func (tm *tmuxTerm) waitExit() (int, screen) {
	tm.t.Helper()
	s := tm.waitFor("gcimg to exit", func(s screen) bool { return s.has(exitMarker) && s.has("echo") })
	for _, l := range s.lines {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), exitMarker); ok {
			code, err := strconv.Atoi(rest)
			if err != nil {
				tm.t.Fatalf("bad exit line %q", l)
			}
			return code, s
		}
	}
	tm.t.Fatalf("no exit line on the screen:\n%s", s)
	return 0, s
}

// checkRestored checks that the terminal is back to normal after gcimg
// exited: main screen, visible cursor, and a cooked tty with echo (from
// the `stty -a` the pane ran after gcimg).
func (tm *tmuxTerm) checkRestored(s screen) {
	tm.t.Helper()
	if v := tm.display("#{alternate_on}"); v != "0" {
		tm.t.Errorf("alternate screen still on after exit (alternate_on=%s)", v)
	}
	if v := tm.display("#{cursor_flag}"); v != "1" {
		tm.t.Errorf("cursor hidden after exit (cursor_flag=%s)", v)
	}
	checkCooked(tm.t, strings.Join(s.joined, "\n"))
}

// checkCooked checks the output of `stty -a` for a tty back in cooked
// mode: echo, line editing and signal keys on.
func checkCooked(t *testing.T, stty string) {
	t.Helper()
	fields := map[string]bool{}
	for _, f := range strings.Fields(strings.ReplaceAll(stty, ";", " ")) {
		fields[f] = true
	}
	for _, want := range []string{"echo", "icanon", "isig"} {
		if !fields[want] || fields["-"+want] {
			t.Errorf("tty not restored: stty shows %q=%v, %q=%v\n%s", want, fields[want], "-"+want, fields["-"+want], stty)
		}
	}
}

// sgrAt returns the SGR state in force where sub first starts in a line
// captured with escapes, normalised so that equal looks compare equal.
func sgrAt(line, sub string) (string, bool) {
	var bold, dim, italic, under, blink, reverse, strike bool
	var fg, bg string
	for i := 0; i < len(line); {
		if strings.HasPrefix(line[i:], sub) {
			return fmt.Sprintf("b%v d%v i%v u%v k%v r%v s%v fg=%s bg=%s", bold, dim, italic, under, blink, reverse, strike, fg, bg), true
		}
		if line[i] != 0x1b {
			i++
			continue
		}
		seq := line[i:]
		end := strings.IndexFunc(seq[min(2, len(seq)):], func(r rune) bool { return r >= 0x40 && r <= 0x7e })
		if !strings.HasPrefix(seq, "\x1b[") || end < 0 {
			i++
			continue
		}
		body, final := seq[2:2+end], seq[2+end]
		i += 2 + end + 1
		if final != 'm' {
			continue
		}
		ps := strings.FieldsFunc(body, func(r rune) bool { return r == ';' || r == ':' })
		if len(ps) == 0 {
			ps = []string{"0"}
		}
		for j := 0; j < len(ps); j++ {
			n, _ := strconv.Atoi(ps[j])
			switch {
			case n == 0:
				bold, dim, italic, under, blink, reverse, strike, fg, bg = false, false, false, false, false, false, false, "", ""
			case n == 1:
				bold = true
			case n == 2:
				dim = true
			case n == 3:
				italic = true
			case n == 4:
				under = true
			case n == 5:
				blink = true
			case n == 7:
				reverse = true
			case n == 9:
				strike = true
			case n == 22:
				bold, dim = false, false
			case n == 23:
				italic = false
			case n == 24:
				under = false
			case n == 25:
				blink = false
			case n == 27:
				reverse = false
			case n == 29:
				strike = false
			case n == 38 || n == 48:
				var c string
				if j+1 < len(ps) && ps[j+1] == "5" && j+2 < len(ps) {
					c, j = "5;"+ps[j+2], j+2
				} else if j+1 < len(ps) && ps[j+1] == "2" && j+4 < len(ps) {
					c, j = "2;"+strings.Join(ps[j+2:j+5], ";"), j+4
				}
				if n == 38 {
					fg = c
				} else {
					bg = c
				}
			case n == 39:
				fg = ""
			case n == 49:
				bg = ""
			case n >= 30 && n <= 37, n >= 90 && n <= 97:
				fg = ps[j]
			case n >= 40 && n <= 47, n >= 100 && n <= 107:
				bg = ps[j]
			}
		}
	}
	return "", false
}

// activeTab reports whether tab is drawn unlike the inactive tab other,
// which is how the tab bar marks the active tab whatever the theme.
func activeTab(s screen, tab, other string) bool {
	a, ok1 := sgrAt(s.top, tab)
	b, ok2 := sgrAt(s.top, other)
	return ok1 && ok2 && a != b
}

// pageReq is one request: its listing (the type asked of /images, "" for
// every type, or "snapshots" for the snapshots endpoint) and its page.
type pageReq struct {
	Listing string
	Page    int
}

func listingOf(r fakeapi.Request) string {
	if r.Endpoint == string(api.EndpointSnapshots) {
		return r.Endpoint
	}
	return r.Type
}

func requestsOf(srv *fakeapi.Running) []pageReq {
	var out []pageReq
	for _, r := range srv.Server.Requests() {
		out = append(out, pageReq{listingOf(r), r.Page})
	}
	return out
}

// pagesFor is the pages requested of a listing, named as in pageReq.
func pagesFor(srv *fakeapi.Running, listing string) []int {
	var out []int
	for _, r := range srv.Server.Requests() {
		if listingOf(r) == listing {
			out = append(out, r.Page)
		}
	}
	return out
}

var (
	loadedRe     = regexp.MustCompile(`\b100 loaded\b`)
	snapLoadedRe = regexp.MustCompile(fmt.Sprintf(`/~?%d\+? · 100 loaded\b`, snapshotCount)) // the Snapshots tab's status
	matchesRe    = regexp.MustCompile(`\d+(/\d+)? match(es)?\b`)
	uuidRe       = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
)

// pagesOnce reports whether pages are 1 to n, each once, as a walk that
// fetches ahead requests them: 1 and 2 in order (page 2 shows whether the
// server pages honestly), the rest in any order.
func pagesOnce(pages []int, n int) bool {
	want := make([]int, n)
	for i := range want {
		want[i] = i + 1
	}
	return len(pages) == n && (n < 2 || pages[0] == 1 && pages[1] == 2) && slices.Equal(sorted(pages), want)
}

// waitFirstScreen waits for page 1 of the All tab.
func (tm *tmuxTerm) waitFirstScreen() screen {
	tm.t.Helper()
	return tm.waitFor("the All tab's first page", func(s screen) bool {
		return strings.Contains(s.row(0), "All") && s.matches(loadedRe) && s.has("NAME")
	})
}

// TestTmuxBrowse is issue 3's "done when", on a real terminal.
func TestTmuxBrowse(t *testing.T) {
	t.Parallel()
	tm, needle := startGcimg(t)
	srv := tm.api

	// At start only page 1 of the active tab (All) is requested.
	s := tm.waitFirstScreen()
	if !activeTab(s, "All", "Base OS") {
		t.Errorf("the All tab is not highlighted at start:\n%q", s.top)
	}
	if got := requestsOf(srv); !slices.Equal(got, []pageReq{{"", 1}}) {
		t.Errorf("at start the server saw %v, want only page 1 of All", got)
	}

	// 5 switches to Snapshots: highlighted, first page loaded.
	tm.keys("5")
	s = tm.waitFor("the Snapshots tab highlighted with its first page loaded", func(s screen) bool {
		return activeTab(s, "Snapshots", "Base OS") && !activeTab(s, "All", "Base OS") && s.matches(snapLoadedRe)
	})
	if got := requestsOf(srv); !slices.Equal(got, []pageReq{{"", 1}, {"snapshots", 1}}) {
		t.Errorf("after 5 the server saw %v, want page 1 of All then page 1 of /snapshots", got)
	}

	// end fetches the rest of /snapshots and then of
	// /images?type=snapshot (which on this server lists them all again),
	// as gcimg list does: page 2 alone, then the others at once, and
	// shows the end marker.
	tm.keys("End")
	s = tm.waitFor("the end of the snapshots list", func(s screen) bool { return s.has("end of list") })
	for _, listing := range []string{"snapshots", "snapshot"} {
		if got := pagesFor(srv, listing); !pagesOnce(got, 6) {
			t.Errorf("%s pages requested: %v, want 1 and 2, then 3 to 6 in any order, each once", listing, got)
		}
	}
	if !s.has(fmt.Sprintf("%d/%d", snapshotCount, snapshotCount)) {
		t.Errorf("status should show the last of %d snapshots selected:\n%s", snapshotCount, s)
	}

	// / and a query filter; the status counts matches.
	tm.keys("/")
	tm.waitFor("the filter prompt", func(s screen) bool { return s.has("keep filter") })
	tm.typeText("zebra-needle")
	s = tm.waitFor("the filtered list", func(s screen) bool {
		return s.matches(matchesRe) && s.has(needleName) && !s.has("end of list · 520")
	})

	// enter keeps the filter and gives the keys back to the list.
	tm.keys("Enter")
	s = tm.waitFor("the kept filter", func(s screen) bool {
		return !s.has("keep filter") && s.has("↓/j down") && s.has("/ zebra-needle") && s.matches(matchesRe)
	})

	// enter opens the detail of the only match; esc returns.
	tm.keys("Enter")
	s = tm.waitFor("the needle's detail view", func(s screen) bool { return s.has("For your config") })
	if !s.has(needle.ID) {
		t.Errorf("the detail view does not show the selected image's ID %s:\n%s", needle.ID, s)
	}
	tm.keys("Escape")
	tm.waitFor("the list again, filter still on", func(s screen) bool {
		return !s.has("For your config") && s.has("NAME") && s.has("/ zebra-needle")
	})

	// esc clears the filter.
	tm.keys("Escape")
	s = tm.waitFor("the unfiltered list", func(s screen) bool {
		return !s.matches(matchesRe) && !s.has("/ zebra-needle") && s.has(fmt.Sprintf("/%d", snapshotCount))
	})

	// enter on the selection opens its detail view, with its ID.
	tm.keys("Enter")
	s = tm.waitFor("the detail view", func(s screen) bool { return s.has("For your config") })
	if !s.has(needle.ID) {
		// Clearing a filter keeps the cursor on the image it found, and
		// the "follow the end" that `end` turned on ended with the next
		// key.
		t.Errorf("after end, / zebra-needle, enter, enter, esc, esc: the cursor left the needle (%s) for another row:\n%s", needle.ID, s)
	}
	if !uuidRe.MatchString(strings.Join(s.lines, "\n")) {
		t.Errorf("the detail view shows no ID:\n%s", s)
	}
	tm.keys("Escape")
	tm.waitFor("the list after the detail view", func(s screen) bool {
		return !s.has("For your config") && s.has("NAME") && s.has("↓/j down")
	})

	// A smaller terminal: the screen is redrawn and nothing wraps.
	tm.tmux("resize-window", "-t", session, "-x", "60", "-y", "20")
	if got := tm.display("#{pane_width}x#{pane_height}"); got != "60x20" {
		t.Fatalf("pane is %s after resize-window, want 60x20", got)
	}
	tm.waitFor("a redraw at 60x20 with no line wider than 60", func(s screen) bool {
		for _, l := range s.joined {
			if ansi.StringWidth(l) > 60 {
				return false
			}
		}
		return len(s.lines) == 20 && strings.HasPrefix(strings.TrimSpace(s.row(0)), "All") &&
			strings.Contains(s.row(1), "NAME") && strings.Contains(s.row(18), fmt.Sprintf("/%d", snapshotCount)) &&
			strings.Contains(s.row(19), "down")
	})

	// q quits and leaves the terminal as it found it.
	tm.keys("q")
	code, s := tm.waitExit()
	if code != exitOK {
		t.Errorf("q exited with %d, want 0", code)
	}
	tm.checkRestored(s)

	// Over the whole session: one page of All, six of each listing of
	// snapshots, nothing else.
	if got := pagesFor(srv, ""); !slices.Equal(got, []int{1}) {
		t.Errorf("All pages requested over the session: %v, want [1]", got)
	}
	for _, listing := range []string{"snapshots", "snapshot"} {
		if got := pagesFor(srv, listing); !pagesOnce(got, 6) {
			t.Errorf("%s pages requested over the session: %v, want pages 1 to 6 once each", listing, got)
		}
	}
	if n := srv.Server.RequestCount(); n != 13 {
		t.Errorf("%d requests over the session, want 13: %v", n, requestsOf(srv))
	}
}

// TestTmuxHostileNames shows names holding an OSC 52 clipboard write, a
// screen clear, a title change and a terminal reset, in the list and in
// the detail view, with tmux set to capture OSC 52 into its paste buffers
// (a control write proves that a leak would be caught).
func TestTmuxHostileNames(t *testing.T) {
	t.Parallel()
	tm, _ := startGcimg(t, []string{"set-option", "-g", "set-clipboard", "on"})

	// Control: a real OSC 52 from another window does land in a buffer.
	tm.tmux("new-window", "-d", "sh", "-c", `printf '\033]52;c;`+controlClip+`\007'; sleep 30`)
	deadline := time.Now().Add(waitDeadline)
	for !strings.Contains(tm.buffers(), "gcimg-clipboard-control") {
		if time.Now().After(deadline) {
			t.Fatalf("a control OSC 52 write never reached tmux's buffers, so a leak could not be detected; buffers:\n%s", tm.buffers())
		}
		time.Sleep(pollEvery)
	}

	tabBarOnTop := func(s screen) bool {
		return strings.HasPrefix(strings.TrimSpace(s.row(0)), "All") && strings.Contains(s.row(0), "Snapshots")
	}
	// The list's frame holds: the tab bar on the first line, the help on
	// the last, and no name broken over two lines.
	listFrame := func(s screen) bool {
		return tabBarOnTop(s) && strings.Contains(s.row(termHeight0-1), "down") && !s.has("\nin name")
	}
	tm.waitFirstScreen()
	s := tm.waitFor("the hostile names, sanitised, at the top of the list", func(s screen) bool {
		return s.has("000 clipboard") && s.has("000 clear") && s.has("000 title") && s.has("000 reset") &&
			s.has("000 newline in") && s.has("000 bidi txt.exe")
	})
	if !listFrame(s) {
		t.Errorf("the list lost its frame (tab bar first, help last, one line per image):\n%s", s)
	}

	// Each hostile name in the detail view, where it is drawn in full.
	for i := range tuiHostile() {
		if i > 0 {
			tm.keys("Down")
		}
		tm.keys("Enter")
		s = tm.waitFor("a hostile image's detail view", func(s screen) bool { return s.has("For your config") && s.has("000 ") })
		if !tabBarOnTop(s) {
			t.Errorf("the tab bar left the first line in the detail view:\n%s", s)
		}
		tm.keys("Escape")
		s = tm.waitFor("the list again", func(s screen) bool { return !s.has("For your config") && s.has("NAME") })
		if !listFrame(s) {
			t.Errorf("the list lost its frame (tab bar first, help last, one line per image):\n%s", s)
		}
	}
	if title := tm.display("#{pane_title}"); strings.Contains(title, leakTitle) {
		t.Errorf("a name set the terminal title to %q", title)
	}

	tm.keys("q")
	code, s := tm.waitExit()
	if code != exitOK {
		t.Errorf("q exited with %d, want 0", code)
	}
	tm.checkRestored(s)
	if b := tm.buffers(); strings.Contains(b, "gcimg-clipboard-leak") || strings.Contains(b, leakClipboard) {
		t.Errorf("a name wrote to the clipboard; tmux buffers:\n%s", b)
	}
	if title := tm.display("#{pane_title}"); strings.Contains(title, leakTitle) {
		t.Errorf("a name set the terminal title to %q", title)
	}
}

// buffers returns the content of every tmux paste buffer.
func (tm *tmuxTerm) buffers() string {
	tm.t.Helper()
	names, err := tm.tmuxErr("list-buffers", "-F", "#{buffer_name}")
	if err != nil {
		return ""
	}
	var b strings.Builder
	for _, n := range strings.Fields(names) {
		b.WriteString(tm.tmux("show-buffer", "-b", n))
		b.WriteString("\n")
	}
	return b.String()
}

// TestTmuxCtrlC quits with ctrl+c from every view (the list, the filter
// prompt, the detail view, the region picker, the copy menu and the full
// help), and checks the terminal is restored each time.
func TestTmuxCtrlC(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		enter func(tm *tmuxTerm)
		shown func(s screen) bool
	}{
		{
			name:  "list",
			enter: func(*tmuxTerm) {},
			shown: func(s screen) bool { return s.has("NAME") && s.has("↓/j down") },
		},
		{
			name:  "filter prompt",
			enter: func(tm *tmuxTerm) { tm.keys("/"); tm.typeText("ubu") },
			shown: func(s screen) bool { return s.has("keep filter") && s.has("/ ubu") },
		},
		{
			name:  "detail view",
			enter: func(tm *tmuxTerm) { tm.keys("Enter") },
			shown: func(s screen) bool { return s.has("For your config") },
		},
		{
			name:  "region picker",
			enter: func(tm *tmuxTerm) { tm.keys("r") },
			shown: func(s screen) bool { return s.has("All regions") && s.has("apply") },
		},
		{
			name:  "copy menu",
			enter: func(tm *tmuxTerm) { tm.keys("C") },
			shown: func(s screen) bool { return s.has("as…") && s.has("Terraform") },
		},
		{
			name:  "full help",
			enter: func(tm *tmuxTerm) { tm.keys("?") },
			shown: func(s screen) bool { return s.has("shift+tab") && s.has("prev tab") },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tm, _ := startGcimg(t)
			tm.waitFirstScreen()
			tt.enter(tm)
			tm.waitFor("the "+tt.name, tt.shown)
			tm.keys("C-c")
			code, s := tm.waitExit()
			if code != exitOK && code != exitCanceled {
				t.Errorf("ctrl+c exited with %d, want 0 or %d", code, exitCanceled)
			}
			t.Logf("ctrl+c from the %s: exit %d", tt.name, code)
			tm.checkRestored(s)
		})
	}
}

// The tests below run each pane in an environment of their own making
// (newTerm): a clean `env -i` with the gcimg binary on PATH as `gcimg`,
// the test token and server in GENESISCLOUD_TOKEN and
// GENESISCLOUD_ENDPOINT, $TMUX passed on (as it is for any program in a
// tmux pane, so copies take the tmux path), and a private HOME and
// XDG_CONFIG_HOME so the developer's config is never read. The pane runs
// a script, or an interactive sh that the test types into.

// termOpts configures a pane for newTerm.
type termOpts struct {
	width, height int              // 0: termWidth0 x termHeight0
	api           *fakeapi.Running // GENESISCLOUD_ENDPOINT points here when set
	env           []string         // NAME=value added to the pane's environment
	config        string           // written to $XDG_CONFIG_HOME/gcimg/config.yaml when set
	script        string           // what the pane's sh runs; "" for an interactive sh
	record        bool             // copy everything the pane prints to $D/pane.log
}

// newTerm starts a private tmux server whose one pane runs o.script (or
// an interactive sh) in a clean environment. $D in the pane is tm.dir.
func newTerm(t *testing.T, o termOpts) *tmuxTerm {
	t.Helper()
	requireTmux(t)
	if o.width == 0 {
		o.width, o.height = termWidth0, termHeight0
	}
	dir := t.TempDir()
	tm := &tmuxTerm{t: t, socket: fmt.Sprintf("gcimg-test-%d-%d", os.Getpid(), tmuxSeq.Add(1)), api: o.api, dir: dir}
	home, xdg := filepath.Join(dir, "home"), filepath.Join(dir, "config")
	if err := os.MkdirAll(filepath.Join(xdg, "gcimg"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	if o.config != "" {
		if err := os.WriteFile(tm.configPath(), []byte(o.config), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	vars := []string{
		"TERM=xterm-256color",
		"PATH=" + shellQuote(filepath.Dir(gcimgBin)) + `:"$PATH"`,
		`TMUX="$TMUX"`, `TMUX_PANE="$TMUX_PANE"`,
		"HOME=" + shellQuote(home),
		"XDG_CONFIG_HOME=" + shellQuote(xdg),
		"PS1=" + shellQuote("$ "),
		"D=" + shellQuote(dir),
		api.EnvToken + "=" + shellQuote(testToken),
	}
	if o.api != nil {
		vars = append(vars, api.EnvEndpoint+"="+shellQuote(o.api.URL))
	}
	for _, kv := range o.env {
		name, val, _ := strings.Cut(kv, "=")
		vars = append(vars, name+"="+shellQuote(val))
	}
	inner := "sh"
	if o.script != "" {
		inner = "sh -c " + shellQuote(o.script)
	}
	args := []string{"new-session", "-d", "-s", session, "-x", strconv.Itoa(o.width), "-y", strconv.Itoa(o.height),
		"sh", "-c", "exec env -i " + strings.Join(vars, " ") + " " + inner}
	if o.record {
		// In the same command list as new-session, so the pipe is in
		// place before tmux reads the pane's first byte.
		args = append(args, ";", "pipe-pane", "-t", session, "cat >> "+shellQuote(filepath.Join(dir, "pane.log")))
	}
	tm.tmux(args...)
	t.Cleanup(func() { _, _ = tm.tmuxErr("kill-server") })
	return tm
}

// configPath is where gcimg in a newTerm pane looks for its config.
func (tm *tmuxTerm) configPath() string {
	return filepath.Join(tm.dir, "config", "gcimg", "config.yaml")
}

// afterExit runs cmd, then saves its exit code to $D/rc and `stty -a` to
// $D/stty, prints paneDone, and keeps the pane open so tmux can still be
// asked about it. Files rather than the screen, so that a 5-line pane
// works too.
func afterExit(cmd string) string {
	return cmd + `; echo $? > "$D/rc"; stty -a > "$D/stty"; echo ` + paneDone + `; : > "$D/done"; exec sleep 600`
}

// waitDone waits for afterExit's files and returns the exit code and the
// `stty -a` taken after it.
func (tm *tmuxTerm) waitDone() (code int, stty string) {
	tm.t.Helper()
	tm.waitFile("done")
	rc := strings.TrimSpace(tm.file("rc"))
	code, err := strconv.Atoi(rc)
	if err != nil {
		tm.t.Fatalf("bad exit code %q", rc)
	}
	return code, tm.file("stty")
}

// waitFile waits until the pane has created $D/name.
func (tm *tmuxTerm) waitFile(name string) {
	tm.t.Helper()
	deadline := time.Now().Add(waitDeadline)
	for {
		if _, err := os.Stat(filepath.Join(tm.dir, name)); err == nil {
			return
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("waited %s for the pane to create $D/%s; the screen shows:\n%s", waitDeadline, name, tm.capture())
		}
		time.Sleep(pollEvery)
	}
}

// file returns $D/name, "" when it does not exist.
func (tm *tmuxTerm) file(name string) string {
	tm.t.Helper()
	b, err := os.ReadFile(filepath.Join(tm.dir, name))
	if err != nil && !os.IsNotExist(err) {
		tm.t.Fatal(err)
	}
	return string(b)
}

// checkTTY checks that the terminal is back to normal: main screen,
// visible cursor, and stty (taken after the exit) in cooked mode.
func (tm *tmuxTerm) checkTTY(stty string) {
	tm.t.Helper()
	if v := tm.display("#{alternate_on}"); v != "0" {
		tm.t.Errorf("alternate screen still on after exit (alternate_on=%s)", v)
	}
	if v := tm.display("#{cursor_flag}"); v != "1" {
		tm.t.Errorf("cursor hidden after exit (cursor_flag=%s)", v)
	}
	checkCooked(tm.t, stty)
}

// typeLine types a command line into the pane's shell and presses enter.
func (tm *tmuxTerm) typeLine(line string) {
	tm.t.Helper()
	tm.typeText(line)
	tm.keys("Enter")
}

// recorded waits until the pane's recording (termOpts.record) holds
// marker, which the pane prints after the part under test, and returns
// it all: the pipe to the log lags the screen a little.
func (tm *tmuxTerm) recorded(marker string) string {
	tm.t.Helper()
	deadline := time.Now().Add(waitDeadline)
	for {
		log := tm.file("pane.log")
		if strings.Contains(log, marker) {
			return log
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the pane's recording never showed %q; it holds:\n%s", marker, safe(shorten(log, 3000)))
		}
		time.Sleep(pollEvery)
	}
}

// paneDone is what afterExit prints last.
const paneDone = "pane-script-done"

// The copy & pick catalog: the demo's public images and two of our own
// whose names sort first (by name, the default sort), so the first row is
// the target and the second the decoy. One page; names that fit the
// narrowest name column (16 cells).
const (
	targetName = "00 quokka-target"
	targetSlug = "quokka-target-24.04"
	targetID   = "44444444-0000-4000-8000-00000000a001"
	decoyName  = "01 quokka decoy"
	decoyID    = "55555555-0000-4000-8000-00000000b002"
)

func pickCatalog() []api.Image {
	images := []api.Image{
		{
			ID: targetID, Name: targetName, Type: api.TypeCloudImage, Family: strp("Ubuntu"), Slug: strp(targetSlug),
			OSType: api.OSLinux, Versions: []string{"20250101", "20250301"}, Regions: []string{"NORD-NO-KRS-1"},
			CreatedAt: date(2025, 1, 1), UpdatedAt: date(2025, 3, 1),
		},
		{
			ID: decoyID, Name: decoyName, Type: api.TypeCloudImage, Family: strp("Debian"), Slug: strp("quokka-decoy"),
			OSType: api.OSLinux, Versions: []string{"20240101"}, Regions: []string{"EUC-DE-MUC-1"},
			CreatedAt: date(2024, 1, 1), UpdatedAt: date(2024, 1, 1),
		},
	}
	for _, im := range fakeapi.DemoCatalog() {
		if im.Type != api.TypeSnapshot {
			images = append(images, im)
		}
	}
	return images
}

// statusPos reads "<position>/<count>" from the status line (the
// second-to-last row, or the last when the help is hidden).
var statusPosRe = regexp.MustCompile(`(?:^|\s)(\d+)/~?(\d+)\b`)

func (s screen) pos() (pos, count int, ok bool) {
	for _, r := range []int{len(s.lines) - 2, len(s.lines) - 1} {
		if m := statusPosRe.FindStringSubmatch(s.row(r)); m != nil {
			p, _ := strconv.Atoi(m[1])
			c, _ := strconv.Atoi(m[2])
			return p, c, true
		}
	}
	return 0, 0, false
}

// atPos is a waitFor condition: the list is loaded (exactly, not ~) and
// the cursor is on row pos.
func atPos(pos int) func(s screen) bool {
	return func(s screen) bool {
		p, _, ok := s.pos()
		return ok && p == pos && s.has("NAME")
	}
}

// buffer is the newest tmux paste buffer, exactly (show-buffer adds
// nothing), and how many buffers there are.
func (tm *tmuxTerm) buffer() (string, int) {
	tm.t.Helper()
	names, err := tm.tmuxErr("list-buffers", "-F", "#{buffer_name}")
	if err != nil || strings.TrimSpace(names) == "" {
		return "", 0
	}
	return tm.tmux("show-buffer"), len(strings.Fields(names))
}

// TestTmuxCopy is the copy half of the "copy & pick" issue, as a new user
// would meet it: tmux with its default options (set-clipboard external,
// where an application's own OSC 52 is ignored), where a copy must land
// in tmux's paste buffer with nothing around it.
func TestTmuxCopy(t *testing.T) {
	t.Parallel()
	srv := startFake(t, pickCatalog())
	tm := newTerm(t, termOpts{api: srv, script: afterExit("gcimg")})
	if v := strings.TrimSpace(tm.tmux("show-options", "-gv", "set-clipboard")); v != "external" {
		t.Fatalf("tmux set-clipboard is %q, want tmux's default, external", v)
	}
	s := tm.waitFor("the list with the target first", atPos(1))
	if !strings.Contains(s.row(2), targetName) {
		t.Fatalf("the first row is not the target %q:\n%s", targetName, s)
	}
	if b, n := tm.buffer(); n != 0 {
		t.Fatalf("tmux has %d buffers before any copy: %q", n, b)
	}

	copied := func(what, toast, want string, wantN int) {
		t.Helper()
		s := tm.waitFor("the toast for "+what, func(s screen) bool { return s.has(toast) })
		if !s.has("tmux)") {
			t.Errorf("the toast does not say the copy went through tmux:\n%s", s)
		}
		got, n := tm.buffer()
		if got != want || n != wantN {
			t.Errorf("%s: tmux's newest buffer is %q (%d buffers), want exactly %q (%d buffers)", what, safe(got), n, want, wantN)
		}
	}

	// c in the list copies the ID of the image under the cursor.
	tm.keys("c")
	copied("c on the first row", "Copied ID 4444…a001", targetID, 1)

	// j, then y (c's other key): the next image's ID.
	tm.keys("j")
	tm.waitFor("the cursor on the second row", atPos(2))
	tm.keys("y")
	copied("y on the second row", "Copied ID 5555…b002", decoyID, 2)

	// Back on the target, C opens the menu; the Terraform entry, reached
	// with the arrow keys and chosen with enter, copies its line.
	tm.keys("k")
	tm.waitFor("the cursor back on the first row", atPos(1))
	tm.keys("C")
	s = tm.waitFor("the copy menu", func(s screen) bool { return s.has("as…") && s.has("Terraform") })
	entry := -1
	for _, l := range s.lines {
		f := strings.Fields(l)
		if len(f) >= 2 && f[1] == "Terraform" {
			entry, _ = strconv.Atoi(f[0])
		}
	}
	if entry < 2 {
		t.Fatalf("no numbered Terraform entry in the menu:\n%s", s)
	}
	if !s.has(`image = "` + targetSlug + `"`) {
		t.Errorf("the menu does not show the Terraform line in full:\n%s", s)
	}
	for range entry - 1 {
		tm.keys("Down")
	}
	tm.keys("Enter")
	want := `image = "` + targetSlug + `"`
	copied("the Terraform entry", "Copied Terraform", want, 3)

	// The digit of an entry chooses it too: 1 is the ID. From the detail
	// view this time.
	tm.keys("Enter")
	tm.waitFor("the detail view", func(s screen) bool { return s.has("For your config") })
	tm.keys("C")
	tm.waitFor("the copy menu over the detail view", func(s screen) bool { return s.has("as…") })
	tm.keys("2")
	copied("entry 2 (the slug) from the detail view", "Copied Slug "+targetSlug, targetSlug, 4)

	tm.keys("C-c")
	code, stty := tm.waitDone()
	if code != exitOK && code != exitCanceled {
		t.Errorf("ctrl+c exited with %d", code)
	}
	tm.checkTTY(stty)
}

// pickLineRe is what the shell prints after IMAGE=$(gcimg pick), and
// selectDoneRe after --select-1 (the typed lines show $?, not digits).
var (
	pickLineRe   = regexp.MustCompile(`\[([^\]\n]*)\] rc=(\d+)`)
	selectDoneRe = regexp.MustCompile(`rc=\d+ select-done`)
)

// checkNotDrawn checks that nothing of the picker reached the pane before
// the shell printed done: no alternate screen, no tab, no header.
func checkNotDrawn(t *testing.T, tm *tmuxTerm, done, flag string) {
	t.Helper()
	log := tm.recorded(done)
	for _, drawing := range []string{"\x1b[?1049h", "Snapshots", "NAME"} {
		if strings.Contains(log, drawing) {
			t.Errorf("the pane received %q: %s drew the picker\n%s", drawing, flag, safe(shorten(log, 3000)))
		}
	}
	if v := tm.display("#{alternate_on}"); v != "0" {
		t.Errorf("alternate_on=%s after %s", v, flag)
	}
}

// TestTmuxPick is the pick half of the "copy & pick" issue: gcimg pick
// typed into a shell, with stdout captured, redirected, or (with
// --select-1 and one match) not drawn at all.
func TestTmuxPick(t *testing.T) {
	t.Parallel()
	srv := startFake(t, pickCatalog())
	drawn := func(s screen) bool { return strings.HasPrefix(strings.TrimSpace(s.row(0)), "All") && s.has(targetName) }

	t.Run("IMAGE=$(gcimg pick), a filter and enter", func(t *testing.T) {
		t.Parallel()
		tm := newTerm(t, termOpts{api: srv})
		tm.waitFor("the shell prompt", func(s screen) bool { return strings.HasPrefix(s.row(0), "$") })
		tm.typeLine(`IMAGE=$(gcimg pick); printf '[%s] rc=%d\n' "$IMAGE" $?; printf %s "$IMAGE" > "$D/image"; stty -a > "$D/stty"; : > "$D/done"`)
		tm.waitFor("the picker", drawn)
		tm.keys("/")
		tm.waitFor("the filter prompt", func(s screen) bool { return s.has("/ ") && s.has("choose") })
		tm.typeText("quokka-target")
		tm.waitFor("one match", func(s screen) bool { return s.has("1/1 match ") && s.has(targetName) })
		tm.keys("Enter")
		s := tm.waitFor("the shell's line", func(s screen) bool { return s.matches(pickLineRe) })
		m := pickLineRe.FindStringSubmatch(strings.Join(s.lines, "\n"))
		if m[1] != targetID || m[2] != "0" {
			t.Errorf("the shell printed [%s] rc=%s, want [%s] rc=0:\n%s", m[1], m[2], targetID, s)
		}
		if got := tm.file("image"); got != targetID {
			t.Errorf("$IMAGE is %q, want exactly %q", safe(got), targetID)
		}
		tm.waitFile("done")
		tm.checkTTY(tm.file("stty"))
	})

	t.Run("enter prints one line and nothing else", func(t *testing.T) {
		t.Parallel()
		tm := newTerm(t, termOpts{api: srv, script: afterExit(`gcimg pick > "$D/out"`)})
		tm.waitFor("the picker", drawn)
		tm.keys("Enter")
		code, stty := tm.waitDone()
		if code != exitOK {
			t.Errorf("exit %d, want 0", code)
		}
		if got := tm.file("out"); got != targetID+"\n" {
			t.Errorf("stdout is %q, want exactly %q", safe(got), targetID+"\n")
		}
		tm.checkTTY(stty)
	})

	t.Run("--select-1 with one match prints without drawing", func(t *testing.T) {
		t.Parallel()
		tm := newTerm(t, termOpts{api: srv, record: true})
		tm.waitFor("the shell prompt", func(s screen) bool { return strings.HasPrefix(s.row(0), "$") })
		start := time.Now()
		tm.typeLine(`gcimg pick --select-1 --query quokka-target > "$D/out"; echo rc=$? select-done`)
		s := tm.waitFor("gcimg to return", func(s screen) bool { return s.matches(selectDoneRe) })
		took := time.Since(start)
		if !s.has("rc=0 select-done") {
			t.Errorf("exit status is not 0:\n%s", s)
		}
		if took > 5*time.Second {
			t.Errorf("took %s to return", took)
		}
		if got := tm.file("out"); got != targetID+"\n" {
			t.Errorf("stdout is %q, want exactly %q", safe(got), targetID+"\n")
		}
		checkNotDrawn(t, tm, "rc=0 select-done", "--select-1")
	})

	t.Run("--exit-0 with no match exits 1 without drawing", func(t *testing.T) {
		t.Parallel()
		tm := newTerm(t, termOpts{api: srv, record: true})
		tm.waitFor("the shell prompt", func(s screen) bool { return strings.HasPrefix(s.row(0), "$") })
		tm.typeLine(`gcimg pick --exit-0 --query "quokka !target !decoy" > "$D/out" 2> "$D/err"; echo rc=$? select-done`)
		s := tm.waitFor("gcimg to return", func(s screen) bool { return s.matches(selectDoneRe) })
		if !s.has("rc=1 select-done") {
			t.Errorf("exit status is not 1:\n%s", s)
		}
		if got := tm.file("out"); got != "" {
			t.Errorf("stdout is %q, want nothing", safe(got))
		}
		if got := tm.file("err"); !strings.Contains(got, "no image matches") {
			t.Errorf("stderr is %q, want the reason", safe(got))
		}
		checkNotDrawn(t, tm, "rc=1 select-done", "--exit-0")
	})

	t.Run("--select-1 with two matches draws the picker", func(t *testing.T) {
		t.Parallel()
		tm := newTerm(t, termOpts{api: srv, script: afterExit(`gcimg pick -1 --query quokka > "$D/out"`)})
		s := tm.waitFor("the picker with both matches", func(s screen) bool {
			return drawn(s) && s.has(decoyName) && s.has("/2 matches")
		})
		if !s.has("/ quokka") {
			t.Errorf("the query is not in the prompt:\n%s", s)
		}
		tm.keys("Escape")
		code, stty := tm.waitDone()
		if code != exitCanceled || tm.file("out") != "" {
			t.Errorf("esc: exit %d, stdout %q; want %d and nothing", code, tm.file("out"), exitCanceled)
		}
		tm.checkTTY(stty)
	})

	for _, k := range []struct{ name, key string }{{"esc", "Escape"}, {"q", "q"}, {"ctrl+c", "C-c"}} {
		t.Run(k.name+" cancels with 130 and prints nothing", func(t *testing.T) {
			t.Parallel()
			tm := newTerm(t, termOpts{api: srv, script: afterExit(`gcimg pick > "$D/out"`)})
			tm.waitFor("the picker", drawn)
			tm.keys(k.key)
			code, stty := tm.waitDone()
			if code != exitCanceled {
				t.Errorf("%s: exit %d, want %d", k.name, code, exitCanceled)
			}
			if got := tm.file("out"); got != "" {
				t.Errorf("%s: stdout is %q, want nothing", k.name, safe(got))
			}
			tm.checkTTY(stty)
		})
	}
}

// TestTmuxSizes draws the browser at several sizes, down to one too small
// for the layout, and checks that nothing wraps and the tab bar stays on
// the first line.
func TestTmuxSizes(t *testing.T) {
	t.Parallel()
	srv := startFake(t, pickCatalog())
	for _, sz := range []struct{ w, h int }{{200, 50}, {80, 24}, {40, 10}, {20, 5}} {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			t.Parallel()
			tm := newTerm(t, termOpts{width: sz.w, height: sz.h, api: srv, script: afterExit("gcimg")})
			tooSmall := sz.w < 24 || sz.h < 6 // the layout's minimum (ui's minWidth, minHeight)
			s := tm.waitFor("the first screen", func(s screen) bool {
				if tooSmall {
					return s.has("terminal too small")
				}
				p, n, ok := s.pos()
				return ok && p == 1 && n == len(pickCatalog()) && s.has("NAME")
			})
			checkFits(t, s, sz.w, sz.h)
			if !tooSmall {
				other := "Base OS"
				if !strings.Contains(s.row(0), other) {
					other = "OS"
				}
				if !strings.HasPrefix(strings.TrimSpace(s.row(0)), "All") || !activeTab(s, "All", other) {
					t.Errorf("the first line is not the tab bar with All highlighted:\n%s", s)
				}
				if !strings.Contains(s.row(1), "NAME") {
					t.Errorf("the second line is not the column header:\n%s", s)
				}
			}
			tm.keys("q")
			code, stty := tm.waitDone()
			if code != exitOK {
				t.Errorf("q exited with %d", code)
			}
			tm.checkTTY(stty)
		})
	}
}

// checkFits fails when the screen is not exactly h rows of at most w
// cells: a line the program wrote wider than the pane shows up in
// capture-pane -J as rows joined into one.
func checkFits(t *testing.T, s screen, w, h int) {
	t.Helper()
	if len(s.lines) != h {
		t.Errorf("captured %d rows, want %d", len(s.lines), h)
	}
	if len(s.joined) != len(s.lines) {
		t.Errorf("%d rows join into %d lines: a line wrapped\n%s", len(s.lines), len(s.joined), s)
	}
	for i, l := range s.joined {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide in a %d-cell pane: %q", i, n, w, l)
		}
	}
}

// TestTmuxResizeWhileLoading resizes the window twice while the first
// page is still on its way, then checks the screen the data lands on.
func TestTmuxResizeWhileLoading(t *testing.T) {
	t.Parallel()
	requireTmux(t)
	srv, err := fakeapi.Start(fakeapi.Options{Images: pickCatalog(), Token: testToken, Latency: 1500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	inFlight := func() bool {
		reqs := srv.Server.Requests()
		return len(reqs) == 1 && reqs[0].Status == 0
	}
	tm := newTerm(t, termOpts{api: srv, script: afterExit("gcimg")})
	tm.waitFor("the empty frame while page 1 loads", func(s screen) bool {
		return strings.HasPrefix(strings.TrimSpace(s.row(0)), "All") && !s.has(targetName)
	})
	if !inFlight() {
		t.Fatalf("page 1 is not in flight before the resize (requests: %v); the test could not resize during the load", srv.Server.Requests())
	}
	tm.tmux("resize-window", "-t", session, "-x", "150", "-y", "40")
	tm.tmux("resize-window", "-t", session, "-x", "60", "-y", "20")
	if !inFlight() {
		t.Fatalf("page 1 arrived before the resizes were done (requests: %v)", srv.Server.Requests())
	}
	if got := tm.display("#{pane_width}x#{pane_height}"); got != "60x20" {
		t.Fatalf("pane is %s after resize-window, want 60x20", got)
	}
	s := tm.waitFor("the data at 60x20", func(s screen) bool {
		p, n, ok := s.pos()
		return ok && p == 1 && n == len(pickCatalog()) && s.has(targetName) && len(s.lines) == 20
	})
	checkFits(t, s, 60, 20)
	if !strings.HasPrefix(strings.TrimSpace(s.row(0)), "All") || !strings.Contains(s.row(1), "NAME") || !strings.Contains(s.row(19), "down") {
		t.Errorf("the frame is not tab bar, header … help:\n%s", s)
	}
	tm.keys("q")
	code, stty := tm.waitDone()
	if code != exitOK {
		t.Errorf("q exited with %d", code)
	}
	tm.checkTTY(stty)
}

// TestTmuxSIGTERM stops gcimg with SIGTERM, as a closing terminal or a
// supervisor would, and checks it exits and gives the terminal back.
func TestTmuxSIGTERM(t *testing.T) {
	t.Parallel()
	srv := startFake(t, pickCatalog())
	for _, tt := range []struct{ name, cmd string }{
		{"browser", "gcimg"},
		{"pick", `gcimg pick > "$D/out"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// The inner sh writes its pid, then becomes gcimg.
			tm := newTerm(t, termOpts{api: srv, script: afterExit(`sh -c 'echo $$ > "$D/pid"; exec ` + tt.cmd + `'`)})
			tm.waitFor("the first screen", atPos(1))
			pid, err := strconv.Atoi(strings.TrimSpace(tm.file("pid")))
			if err != nil {
				t.Fatalf("no pid: %v", err)
			}
			if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
				t.Fatalf("kill -TERM %d: %v", pid, err)
			}
			code, stty := tm.waitDone()
			// 130, as for any run a signal ends. Bubble Tea also hears
			// SIGTERM and quits cleanly, so without care the browser
			// exits 0 or 130 by a race.
			if code != exitCanceled {
				t.Errorf("SIGTERM: exit %d, want %d", code, exitCanceled)
			}
			if got := tm.file("out"); got != "" {
				t.Errorf("pick printed %q after SIGTERM", safe(got))
			}
			tm.checkTTY(stty)
		})
	}
}

// colourSGRs returns the SGR sequences in s that set a colour.
func colourSGRs(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if !strings.HasPrefix(s[i:], "\x1b[") {
			continue
		}
		j := i + 2
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
			j++
		}
		if j >= len(s) || s[j] != 'm' {
			continue
		}
		ps := strings.Split(s[i+2:j], ";")
		for k := 0; k < len(ps); k++ {
			n, _ := strconv.Atoi(strings.SplitN(ps[k], ":", 2)[0])
			switch {
			case n == 38 || n == 48 || n == 58,
				n >= 30 && n <= 37, n >= 40 && n <= 47, n >= 90 && n <= 97, n >= 100 && n <= 107:
				out = append(out, s[i:j+1])
			}
			if n == 38 || n == 48 || n == 58 {
				break // the rest are the colour's own numbers
			}
		}
		i = j
	}
	return out
}

// captureAll is the whole pane with its escapes (capture-pane -e).
func (tm *tmuxTerm) captureAll() string {
	tm.t.Helper()
	return tm.tmux("capture-pane", "-p", "-e", "-t", session)
}

// TestTmuxNoColor checks that NO_COLOR=1 leaves no colour on the screen,
// and, so that the check can fail, that colour is there without it: in
// the terminal's 256 colours (TERM=xterm-256color, where the theme is
// built in them and the renderer passes them through), or in true colour
// where COLORTERM says the terminal has it.
func TestTmuxNoColor(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name        string
		env         []string
		colour, rgb bool
	}{
		{"NO_COLOR=1", []string{"NO_COLOR=1"}, false, false},
		{"without NO_COLOR", nil, true, false},
		{"COLORTERM=truecolor", []string{"COLORTERM=truecolor"}, true, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tm := newTerm(t, termOpts{env: tt.env, script: afterExit("gcimg --demo")})
			s := tm.waitFor("the demo's first screen", func(s screen) bool {
				p, n, ok := s.pos()
				return ok && p == 1 && n > 1 && s.has("NAME")
			})
			// The selection must still show without colour.
			tm.keys("j")
			tm.waitFor("the cursor on row 2", atPos(2))
			raw := tm.captureAll()
			got := colourSGRs(raw)
			if tt.colour && len(got) == 0 {
				t.Errorf("no colour on the screen without NO_COLOR:\n%s", s)
			}
			if !tt.colour && len(got) > 0 {
				t.Errorf("NO_COLOR=1 but the screen has colour: %q", got[:min(len(got), 10)])
			}
			rgb := 0
			for _, sgr := range got {
				if strings.Contains(sgr, "8;2;") {
					rgb++
				}
			}
			if tt.rgb && rgb == 0 {
				t.Errorf("COLORTERM=truecolor but no colour on the screen is a true colour: %q", got[:min(len(got), 10)])
			}
			if !tt.rgb && rgb > 0 {
				t.Errorf("a 256-colour terminal got %d true colours: %q", rgb, got[:min(len(got), 10)])
			}
			if !tt.colour && !strings.Contains(raw, "\x1b[7m") && !strings.Contains(raw, ";7m") && !strings.Contains(raw, "[7;") {
				t.Errorf("without colour the selection should be reverse video; the screen has no SGR 7:\n%s", safe(raw))
			}
			tm.keys("q")
			code, stty := tm.waitDone()
			if code != exitOK {
				t.Errorf("q exited with %d", code)
			}
			tm.checkTTY(stty)
		})
	}
}

// bgLuminance is the relative luminance (0 black … 1 white) of the
// background in an sgrAt state ("… bg=5;195" or "bg=2;r;g;b"); ok is false
// for the default background or a basic colour.
func bgLuminance(state string) (float64, bool) {
	_, bg, _ := strings.Cut(state, "bg=")
	ps := strings.Split(bg, ";")
	var r, g, b int
	switch {
	case len(ps) == 2 && ps[0] == "5":
		n, _ := strconv.Atoi(ps[1])
		switch {
		case n >= 16 && n <= 231:
			level := []int{0, 95, 135, 175, 215, 255}
			n -= 16
			r, g, b = level[n/36], level[n/6%6], level[n%6]
		case n >= 232 && n <= 255:
			r = 8 + 10*(n-232)
			g, b = r, r
		default:
			return 0, false
		}
	case len(ps) == 4 && ps[0] == "2":
		r, _ = strconv.Atoi(ps[1])
		g, _ = strconv.Atoi(ps[2])
		b, _ = strconv.Atoi(ps[3])
	default:
		return 0, false
	}
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 255, true
}

// TestTmuxConfig starts gcimg with a config file that rebinds down and up
// to n and e, unbinds q, picks the light theme and a default region.
func TestTmuxConfig(t *testing.T) {
	t.Parallel()
	srv := startFake(t, pickCatalog())
	const config = `# a user's config
theme: light
region: NORD-NO-KRS-1
keys:
  list.down: [n]
  list.up: [e]
  list.quit: []
`
	tm := newTerm(t, termOpts{api: srv, config: config, script: afterExit("gcimg")})
	s := tm.waitFor("the first screen", atPos(1))

	if !strings.Contains(s.row(0), "region NORD-NO-KRS-1") {
		t.Errorf("the header does not show the config's region:\n%s", s)
	}
	if s.has(decoyName) {
		t.Errorf("%q (not in NORD-NO-KRS-1) is listed: the region filter is not applied\n%s", decoyName, s)
	}
	help := s.row(len(s.lines) - 1)
	if !strings.Contains(help, "n down") || strings.Contains(help, "j down") || strings.Contains(help, "quit") {
		t.Errorf("the help bar should show n for down and no quit key: %q", help)
	}
	if l, ok := bgLuminance(mustSGR(t, s.top, "All")); !ok || l < 0.6 {
		t.Errorf("the active tab's background is not light (luminance %.2f, %v): the light theme is not applied\n%q", l, ok, s.top)
	}

	tm.keys("n")
	tm.waitFor("n to move the cursor down", atPos(2))
	tm.keys("e")
	tm.waitFor("e to move the cursor up", atPos(1))
	tm.keys("j")
	// q is unbound: it must not quit. The n after it is only handled if
	// gcimg is still running.
	tm.keys("q", "n")
	s = tm.waitFor("the n after q to move the cursor", atPos(2))
	if !s.has("NAME") {
		t.Errorf("the list is gone after q:\n%s", s)
	}
	tm.keys("C-c")
	code, stty := tm.waitDone()
	if code != exitOK && code != exitCanceled {
		t.Errorf("ctrl+c exited with %d", code)
	}
	tm.checkTTY(stty)
}

func mustSGR(t *testing.T, line, sub string) string {
	t.Helper()
	st, ok := sgrAt(line, sub)
	if !ok {
		t.Fatalf("%q is not on the line %q", sub, line)
	}
	return st
}

// TestTmuxConfigConflict starts gcimg with two actions bound to one key:
// it must stop before drawing, exit 2, and say which actions and where.
func TestTmuxConfigConflict(t *testing.T) {
	t.Parallel()
	const config = "theme: dark\nkeys:\n  list.down: [n]\n  list.filter: [n]\n"
	tm := newTerm(t, termOpts{config: config, record: true,
		script: afterExit(`echo recording-on; gcimg --demo 2> "$D/err"`)})
	code, stty := tm.waitDone()
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	stderr := tm.file("err")
	for _, want := range []string{tm.configPath() + ":3:", "list.down", "list.filter", `"n"`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not name %q:\n%s", want, safe(stderr))
		}
	}
	if n := strings.Count(strings.TrimSpace(stderr), "\n"); n != 0 {
		t.Errorf("stderr is %d lines, want one:\n%s", n+1, safe(stderr))
	}
	log := tm.recorded(paneDone)
	if !strings.HasPrefix(log, "recording-on") {
		t.Fatalf("the recording missed the start of the pane's output:\n%s", safe(shorten(log, 2000)))
	}
	for _, drawing := range []string{"\x1b[?1049h", "\x1b[?25l", "NAME"} {
		if strings.Contains(log, drawing) {
			t.Errorf("gcimg wrote %q to the terminal before stopping\n%s", drawing, safe(shorten(log, 2000)))
		}
	}
	tm.checkTTY(stty)
}
