package main

// Real-terminal tests: the gcimg binary that TestMain built runs inside a
// private tmux server (its own socket, no config), 100x30, against a
// fakeapi server the test controls, and the test reads the screen back
// with capture-pane. Every wait polls the screen with a deadline; nothing
// sleeps for a fixed time.
//
// These tests skip when tmux is not installed, except under CI=true,
// where CI installs tmux and a missing one is a failure.

import (
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
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

// shellQuote quotes s for sh.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

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
			continue
		}
		prev = nil
		if time.Now().After(deadline) {
			tm.t.Fatalf("waited %s for %s; the screen shows:\n%s", waitDeadline, what, s)
		}
		time.Sleep(pollEvery)
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
	fields := map[string]bool{}
	for _, l := range s.joined {
		for _, f := range strings.Fields(strings.ReplaceAll(l, ";", " ")) {
			fields[f] = true
		}
	}
	for _, want := range []string{"echo", "icanon", "isig"} {
		if !fields[want] || fields["-"+want] {
			tm.t.Errorf("tty not restored: stty shows %q=%v, %q=%v\n%s", want, fields[want], "-"+want, fields["-"+want], s)
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

type pageReq struct {
	Type string
	Page int
}

func requestsOf(srv *fakeapi.Running) []pageReq {
	var out []pageReq
	for _, r := range srv.Server.Requests() {
		out = append(out, pageReq{r.Type, r.Page})
	}
	return out
}

func pagesFor(srv *fakeapi.Running, typ string) []int {
	var out []int
	for _, r := range srv.Server.Requests() {
		if r.Type == typ {
			out = append(out, r.Page)
		}
	}
	return out
}

var (
	loadedRe     = regexp.MustCompile(`\b100 loaded\b`)
	snapLoadedRe = regexp.MustCompile(fmt.Sprintf(`/~?%d · 100 loaded\b`, snapshotCount)) // the Snapshots tab's status
	matchesRe    = regexp.MustCompile(`\d+(/\d+)? matches`)
	uuidRe       = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
)

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
	if got := requestsOf(srv); !slices.Equal(got, []pageReq{{"", 1}, {"snapshot", 1}}) {
		t.Errorf("after 5 the server saw %v, want page 1 of All then page 1 of snapshots", got)
	}

	// end fetches the rest, page by page, and shows the end marker.
	tm.keys("End")
	s = tm.waitFor("the end of the snapshots list", func(s screen) bool { return s.has("end of list") })
	if got, want := pagesFor(srv, "snapshot"), []int{1, 2, 3, 4, 5, 6}; !slices.Equal(got, want) {
		t.Errorf("snapshot pages requested: %v, want %v in order, each once", got, want)
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
		// Clearing a filter keeps the cursor on the image it found (the
		// list keeps the selection across recomputes). Known UI bug at
		// the time of writing: the "follow the end" mode that `end` turns
		// on survives typing a filter, so clearing the filter throws the
		// cursor to the last row instead.
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

	// Over the whole session: one page of All, six of snapshots, nothing
	// else.
	if got := pagesFor(srv, ""); !slices.Equal(got, []int{1}) {
		t.Errorf("All pages requested over the session: %v, want [1]", got)
	}
	if got := pagesFor(srv, "snapshot"); !slices.Equal(got, []int{1, 2, 3, 4, 5, 6}) {
		t.Errorf("snapshot pages requested over the session: %v, want [1 2 3 4 5 6]", got)
	}
	if n := srv.Server.RequestCount(); n != 7 {
		t.Errorf("%d requests over the session, want 7: %v", n, requestsOf(srv))
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
	s := tm.waitFirstScreen()
	s = tm.waitFor("the hostile names, sanitised, at the top of the list", func(s screen) bool {
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

// TestTmuxCtrlC quits with ctrl+c from every view that takes keys for
// itself, and checks the terminal is restored each time.
func TestTmuxCtrlC(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		enter func(tm *tmuxTerm)
		shown func(s screen) bool
	}{
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
