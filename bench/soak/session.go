package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/bench/gcimgscreen"
	"github.com/genesiscloud-tools/gcimg/bench/host"
	"github.com/genesiscloud-tools/gcimg/bench/ptydrive"
)

// gcimg's smallest usable terminal (ui's minWidth × minHeight): below it
// the screen only says it is too small, and keys change nothing on it.
const minCols, minRows = 24, 6

// The size every phase starts and ends at: the status line fits whole.
const homeCols, homeRows = 120, 40

// session is one phase: one API shape, one fake server, gcimg run in a
// pty against it (and run again if it ever exits).
type session struct {
	cfg  config
	gen  fakeapi.Generation
	want [5]tabWant
	srv  *fakeapi.Running
	rng  *rand.Rand
	logf func(format string, args ...any)

	dir      string // this phase's files
	debugLog string
	stderr   *os.File

	term     *ptydrive.Term
	pid      int   // the current gcimg process
	procFrom int64 // stderr's length when the current process started

	drv    driver
	faults faultLog
	// resized is when the driver last resized the terminal: a screen
	// that may not change (too small to draw) may have to from then on.
	resized time.Time

	// What happened, for the report.
	chaosFrom, chaosTo time.Time
	idleBefore         idle // the first runtime line once warm-up was done
	idleAfter          idle // the first once the end check was done
	crashes            []string
	stuck              []string
	got                [5]string // what each tab showed at the end
	ok                 [5]bool
	exit               string // how the final quit went; "" when clean
	restore            []string
	loads              []string
}

// env is gcimg's environment: the fake API, its token, an empty home (no
// user config), no tmux (copies stay in the program: --clipboard off).
func (s *session) env() []string {
	return append([]string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + s.dir,
		"XDG_CONFIG_HOME=" + filepath.Join(s.dir, "config"),
		"TERM=xterm-256color",
		"LANG=C.UTF-8",
		"LC_ALL=C.UTF-8",
		"GENESISCLOUD_ENDPOINT=" + s.srv.URL,
		"GENESISCLOUD_TOKEN=" + fakeapi.DemoToken,
	}, s.cfg.env...)
}

// start runs gcimg at the given size; its stderr goes to a file (the
// pty would mix it into the screen), appended to across restarts.
func (s *session) start(cols, rows int) error {
	args := append(append([]string{}, s.cfg.args...),
		"--clipboard", "off", "--timeout", s.cfg.timeout.String(), "--debug-log", s.debugLog)
	cmd := exec.Command(s.cfg.gcimg, args...)
	cmd.Env = s.env()
	cmd.Stderr = s.stderr
	if info, err := s.stderr.Stat(); err == nil {
		s.procFrom = info.Size()
	}
	t, err := ptydrive.Start(cmd, ptydrive.Options{Cols: cols, Rows: rows, SendTimeout: stuckAfter})
	if err != nil {
		return err
	}
	s.term, s.pid = t, cmd.Process.Pid
	s.drv.cols, s.drv.rows = cols, rows
	return nil
}

// stderrSince is what the current process wrote to stderr.
func (s *session) stderrSince() string {
	f, err := os.Open(s.stderr.Name())
	if err != nil {
		return ""
	}
	defer f.Close()
	if _, err := f.Seek(s.procFrom, io.SeekStart); err != nil {
		return ""
	}
	b, _ := io.ReadAll(io.LimitReader(f, 64<<10))
	return string(b)
}

var panicTrace = regexp.MustCompile(`(?i)\bpanic\b|goroutine \d+ \[`)

// crashed records an exit of gcimg that nobody asked for, with what it
// left on stderr and on the screen, and starts it again.
func (s *session) crashed() error {
	err := s.term.ExitErr()
	screen := s.term.Screen().String()
	_ = s.term.Close(time.Second)
	errText := s.stderrSince()
	what := "exited"
	if panicTrace.MatchString(errText) {
		what = "panicked"
	}
	s.crashes = append(s.crashes, fmt.Sprintf("gcimg %s (%v) at %s into the run\nstderr:\n%s\nlast screen:\n%s",
		what, err, time.Since(s.chaosFrom).Round(time.Second), tail(errText, 60), screen))
	s.logf("gcimg %s (%v); starting it again", what, err)
	return s.start(max(s.drv.cols, minCols), max(s.drv.rows, minRows))
}

// tail is the last n lines of text.
func tail(text string, n int) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"…"}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// loadTab switches to tab i (0-based), reloads it when asked, moves to
// its end (which makes gcimg fetch every page) and waits for its status
// line to come to rest complete (or calmly rejected): cfg.quiet (2 s)
// without any change, which the spinner of a tab still loading never
// allows, and long enough for the keys to have been handled. The keys
// must change the screen, as they do when i is not the tab shown or
// when it is reloaded: it is the next screen that is read.
func (s *session) loadTab(ctx context.Context, i int, reload bool) (ptydrive.Screen, error) {
	keys := []string{fmt.Sprint(i + 1)}
	if reload {
		keys = append(keys, ctrlR)
	}
	keys = append(keys, ptydrive.End)
	before := s.term.Screen()
	for _, k := range keys {
		if _, err := s.term.Send(k); err != nil {
			return before, err
		}
		time.Sleep(50 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.load)
	defer cancel()
	_, last, err := s.term.Settle(ctx, before.Seq, s.cfg.quiet, func(sc ptydrive.Screen) bool {
		_, _, done := gcimgscreen.Count(sc)
		return done || gcimgscreen.Rejected(sc)
	})
	if err != nil {
		return s.term.Screen(), fmt.Errorf("the %s tab did not finish loading in %s: %w", s.want[i].title, s.cfg.load, err)
	}
	return last, nil
}

// checkTab compares what tab i shows with what it must.
func (s *session) checkTab(sc ptydrive.Screen, i int) (string, bool) {
	w := s.want[i]
	if gcimgscreen.Rejected(sc) {
		return "none on this API", w.rejected
	}
	n, total, ok := gcimgscreen.Count(sc)
	if !ok {
		return "not loaded", false
	}
	if _, filtered := gcimgscreen.Query(sc); filtered || n != total {
		return fmt.Sprintf("%d of %d (filtered)", n, total), false
	}
	return fmt.Sprint(n), !w.rejected && n == w.count
}

// toList closes whatever is open (help, detail, menu, a box, the filter
// prompt) and clears the filter and the region, so the list shows every
// image of its tab. Each escape is sent on its own, with a pause: an
// escape followed at once by a key reads as alt+key.
func (s *session) toList() error {
	for range 6 {
		if _, err := s.term.Send(ptydrive.Esc); err != nil {
			return err
		}
		time.Sleep(150 * time.Millisecond)
	}
	// The region picker opens on the region in force; its first entry is
	// "All regions".
	for _, k := range []string{"r", ptydrive.Home, ptydrive.Enter} {
		if _, err := s.term.Send(k); err != nil {
			return err
		}
		time.Sleep(150 * time.Millisecond)
	}
	return nil
}

// loadAll loads every tab (after closing every view and clearing the
// filter and region, and reloading each tab, when asked: the end check)
// and checks what each shows. It reports whether every tab showed what
// it must.
func (s *session) loadAll(ctx context.Context, reload bool) (bool, error) {
	if reload {
		if err := s.toList(); err != nil {
			return false, err
		}
	}
	all := true
	for i := range s.want {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		if since := time.Since(s.term.Screen().At); since > stuckAfter {
			// A screen that changed neither with the run's last keys nor
			// with these is stuck: waiting for each tab would take
			// minutes and tell nothing more.
			s.got[i], s.ok[i] = fmt.Sprintf("not checked: the screen has not changed for %s", since.Round(time.Second)), false
			all = false
			continue
		}
		sc, err := s.loadTab(ctx, i, reload)
		if err != nil {
			s.got[i], s.ok[i] = "did not finish loading:\n"+sc.String(), false
			all = false
			continue
		}
		s.got[i], s.ok[i] = s.checkTab(sc, i)
		if !s.ok[i] {
			s.got[i] += "\n" + sc.String()
			all = false
		}
	}
	return all, nil
}

// idle is gcimg at rest, every tab loaded: its runtime line, and the
// sockets it held just after writing it.
type idle struct {
	sample
	sockets int
}

// spare is the goroutines not accounted for by connections: Go's HTTP
// transport runs two for each connection it keeps open (a read loop and
// a write loop), and keeps up to 8 idle ones for 90 s, so the raw count
// at rest depends on how many requests ran at once lately.
func (i idle) spare() int { return i.goroutines - 2*i.sockets }

func (i idle) String() string {
	return fmt.Sprintf("%d goroutines with %d connections open (%d besides theirs), live heap %s", i.goroutines, i.sockets, i.spare(), mib(i.heapLive))
}

// nextIdle waits (up to 2 intervals) for a runtime line written after t,
// then counts gcimg's sockets.
func (s *session) nextIdle(t time.Time) (idle, bool) {
	for end := time.Now().Add(12 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		l, err := readDebugLog(s.debugLog)
		if err != nil {
			continue
		}
		for _, sm := range l.samples {
			if sm.at.After(t) && !sm.exit {
				return idle{sample: sm, sockets: sockets(s.pid)}, true
			}
		}
	}
	return idle{}, false
}

// sockets counts the sockets process pid has open: its connections to
// the fake API (it listens on none).
func sockets(pid int) int {
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	fds, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	n := 0
	for _, fd := range fds {
		if link, err := os.Readlink(filepath.Join(dir, fd.Name())); err == nil && strings.HasPrefix(link, "socket:") {
			n++
		}
	}
	return n
}

// chaos sends random keys to gcimg for d while the fault periods change.
func (s *session) chaos(ctx context.Context, d time.Duration) error {
	plan := faultPlan{rng: s.rng, maxPage: s.cfg.n/100 + 2, timeout: s.cfg.timeout}
	s.drv.rng = s.rng
	s.chaosFrom = time.Now()
	end := s.chaosFrom.Add(d)
	period := faultPeriod{}
	periodFrom := time.Now()
	nextChange := periodFrom
	nextLoad := periodFrom.Add(time.Minute)
	for now := time.Now(); now.Before(end); now = time.Now() {
		if err := ctx.Err(); err != nil {
			return err
		}
		select {
		case <-s.term.Exited():
			if err := s.crashed(); err != nil {
				return err
			}
		default:
		}
		if !now.Before(nextChange) {
			if nextChange != periodFrom {
				s.faults.add(period, now.Sub(periodFrom))
			}
			period, periodFrom = plan.next(), now
			nextChange = now.Add(period.length)
			s.srv.Server.SetFaults(period.faults)
			if s.cfg.verbose {
				s.logf("faults: %s for %s", describe(period), period.length)
			}
		}
		if !now.Before(nextLoad) {
			s.loads = append(s.loads, host.Load())
			nextLoad = now.Add(time.Minute)
			s.logf("%s of %s; load %s; %d actions; %d restarts", now.Sub(s.chaosFrom).Round(time.Second), d, host.Load(), s.actions(), len(s.crashes))
		}
		switch err := s.act(s.drv.next()); {
		case errors.Is(err, ptydrive.ErrNotRead):
			s.stuck = append(s.stuck, fmt.Sprintf("gcimg has not read its input for %s, at %s into the run:\n%s",
				stuckAfter, time.Since(s.chaosFrom).Round(time.Second), s.term.Screen()))
			return nil // the rest of the run would only wait on it
		case err != nil:
			// A write to a pty whose program has just exited fails; the
			// next round sees the exit.
			select {
			case <-s.term.Exited():
			default:
				return err
			}
		}
		s.checkStuck()
		time.Sleep(time.Duration(20+s.rng.IntN(280)) * time.Millisecond)
	}
	s.faults.add(period, time.Since(periodFrom))
	s.srv.Server.SetFaults(fakeapi.Faults{})
	s.chaosTo = time.Now()
	return nil
}

func (s *session) actions() int {
	n := 0
	for _, c := range s.drv.actions {
		n += c
	}
	return n
}

// act performs one step of the driver.
func (s *session) act(st step) error {
	if st.cols > 0 {
		if s.cfg.verbose {
			s.logf("resize to %dx%d at %s into the run", st.cols, st.rows, time.Since(s.chaosFrom).Round(time.Millisecond))
		}
		s.resized = time.Now()
		return s.term.Resize(st.cols, st.rows)
	}
	for _, w := range st.writes {
		if _, err := s.term.Send(w); err != nil {
			return err
		}
		gap := time.Duration(10+s.rng.IntN(90)) * time.Millisecond
		if w == ptydrive.Esc {
			gap += 120 * time.Millisecond // so that the next key is not read as alt+key
		}
		time.Sleep(gap)
	}
	return nil
}

// stuckAfter is how long the screen may stay unchanged while keys keep
// coming before the run calls it stuck. Random keys change it several
// times a second; a minute leaves room for a loaded machine.
const stuckAfter = time.Minute

// checkStuck notes a screen that nothing has changed for stuckAfter,
// unless the terminal is too small to show anything but that. The time
// counts from the last change or the last resize, whichever came later:
// a screen too small to draw rightly stays the same for as long as the
// terminal does, and the resize that ends that gets its own minute.
func (s *session) checkStuck() {
	if s.drv.cols < minCols || s.drv.rows < minRows {
		return
	}
	sc := s.term.Screen()
	if since := unchangedFor(sc.At, s.resized, time.Now()); since > stuckAfter && (len(s.stuck) == 0 || !strings.HasSuffix(s.stuck[len(s.stuck)-1], sc.String())) {
		s.stuck = append(s.stuck, fmt.Sprintf("no change for %s at %s into the run:\n%s", since.Round(time.Second), time.Since(s.chaosFrom).Round(time.Second), sc.String()))
		s.logf("the screen has not changed for %s", since.Round(time.Second))
	}
}

// unchangedFor is how long a screen last changed at changed has been
// expected to change and has not, at now: since the change, or since the
// terminal was resized at resized if that came later.
func unchangedFor(changed, resized, now time.Time) time.Duration {
	if resized.After(changed) {
		return now.Sub(resized)
	}
	return now.Sub(changed)
}

// defaultOn are the modes a terminal starts with on (xterm's, and the
// emulator's): autowrap and the cursor. Every other mode starts off.
var defaultOn = map[ansi.Mode]bool{ansi.ModeAutoWrap: true, ansi.ModeTextCursorEnable: true}

// quit ends gcimg with q and checks that it exits 0 and restores the
// terminal: main screen, cursor shown, every mode it turned on turned
// off, line mode with echo.
func (s *session) quit() {
	if _, err := s.term.Send("q"); err != nil {
		s.exit = "could not send q: " + err.Error()
		return
	}
	select {
	case <-s.term.Exited():
	case <-time.After(20 * time.Second):
		s.exit = "still running 20 s after q:\n" + s.term.Screen().String()
		return
	}
	if err := s.term.ExitErr(); err != nil {
		s.exit = fmt.Sprintf("exit status %v after q; stderr:\n%s", err, tail(s.stderrSince(), 40))
	}
	for mode, on := range s.term.Modes() {
		switch {
		case on == defaultOn[mode]:
		case mode == ansi.ModeTextCursorEnable:
			s.restore = append(s.restore, "the cursor is left hidden")
		case on:
			s.restore = append(s.restore, fmt.Sprintf("mode %d is left on", mode.Mode()))
		default:
			s.restore = append(s.restore, fmt.Sprintf("mode %d is left off", mode.Mode()))
		}
	}
	if cooked, err := s.term.Cooked(); err != nil || !cooked {
		s.restore = append(s.restore, fmt.Sprintf("the terminal is left in raw mode (%v)", err))
	}
	if out := s.stderrSince(); strings.TrimSpace(out) != "" && s.exit == "" {
		s.exit = "gcimg wrote to stderr:\n" + tail(out, 40)
	}
}

// describe names a period's faults.
func describe(p faultPeriod) string {
	if len(p.kinds) == 0 {
		return kQuiet
	}
	return strings.Join(p.kinds, " + ")
}
