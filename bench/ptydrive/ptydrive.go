// Package ptydrive runs a program in a pseudo-terminal and keeps a terminal
// emulator up to date with everything the program writes, so that a caller
// can type keys and wait for what a user would see on the screen.
//
// Output is read continuously, whether or not anyone is waiting, so the
// program never blocks on a full pty. The emulator
// (github.com/charmbracelet/x/vt) parses each read, and once nothing more
// is waiting, if that changed the screen — its text, its colours or the
// cursor — a new [Screen] is recorded with the time the parse finished.
// Like a terminal, it draws once it has read what is there: a write
// larger than the pty's buffer (4 KiB on Linux) arrives in pieces, and
// is one screen, not one a piece. Waiting is done on that sequence of
// screens ([Term.Next], [Term.WaitFor], [Term.Settle]), so no state is
// missed between two polls and every time is the moment a terminal would
// have had the new picture.
//
// Replies the emulator owes the program (device attributes, cursor
// position, colour queries) are copied back into the pty, as a real
// terminal's are. Keys and replies are written in order by one writer,
// from a queue: a program that is not reading its input (busy, or itself
// blocked writing) never stops the screen from being read, as it never
// stops a real terminal from drawing.
//
// A typical use, as in bench/latency:
//
//	cmd := exec.Command("gcimg", "--demo")
//	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
//	t, err := ptydrive.Start(cmd, ptydrive.Options{Cols: 120, Rows: 40})
//	if err != nil { … }
//	defer t.Close(time.Second)
//	before, err := t.WaitFor(ctx, func(s ptydrive.Screen) bool { return strings.Contains(s.String(), "sort name") })
//	sent, _ := t.Send(ptydrive.Down)
//	_, done, err := t.Settle(ctx, before.Seq, 100*time.Millisecond, func(s ptydrive.Screen) bool { … })
//	latency := done.At.Sub(sent)
package ptydrive

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"maps"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// Keys as xterm sends them with default modes. Programs that switch the
// terminal to application cursor keys accept these as well.
const (
	Enter     = "\r"
	Tab       = "\t"
	Backspace = "\x7f"
	Esc       = "\x1b"
	CtrlC     = "\x03"
	Up        = "\x1b[A"
	Down      = "\x1b[B"
	Right     = "\x1b[C"
	Left      = "\x1b[D"
	Home      = "\x1b[H"
	End       = "\x1b[F"
	PageUp    = "\x1b[5~"
	PageDown  = "\x1b[6~"
)

// history is how many screens a Term keeps for Next. A caller that falls
// further behind than this gets ErrLost.
const history = 1024

// ErrLost is returned by Next when the screens after the requested one
// were dropped from the history before they were asked for.
var ErrLost = errors.New("ptydrive: screens were dropped before they were read")

// ErrExited is returned by waits that can no longer succeed because the
// program ended.
var ErrExited = errors.New("ptydrive: the program exited")

// ErrNotRead is returned by Send when the program has not read what was
// sent before it within Options.SendTimeout: it has stopped reading its
// input. The keys stay queued and reach it if it reads again.
var ErrNotRead = errors.New("ptydrive: the program is not reading its input")

// Screen is what the emulator showed after one read from the pty.
type Screen struct {
	// Seq numbers the screens of a Term from 1; each differs from the one
	// before it. 0 is the blank screen before any output.
	Seq uint64
	// At is when the output that produced this screen had been parsed.
	At time.Time
	// Lines is the text of each row, trailing spaces removed: one string
	// per row of the terminal.
	Lines []string
	// CursorX and CursorY are the cursor's cell (0-based).
	CursorX, CursorY int

	styled uint64 // hash of the styled rendering, for change detection
}

// String is the screen's text, one row per line, without the empty rows
// at the bottom.
func (s Screen) String() string {
	return strings.TrimRight(strings.Join(s.Lines, "\n"), "\n")
}

// Line returns row y, or "" when there is no such row.
func (s Screen) Line(y int) string {
	if y < 0 || y >= len(s.Lines) {
		return ""
	}
	return s.Lines[y]
}

// RowWithPrefix returns the first row at or below from that starts with
// prefix, or -1.
func (s Screen) RowWithPrefix(from int, prefix string) int {
	for y := max(from, 0); y < len(s.Lines); y++ {
		if strings.HasPrefix(s.Lines[y], prefix) {
			return y
		}
	}
	return -1
}

// Options configure Start.
type Options struct {
	// Cols and Rows are the terminal size; 0 means 80 and 24.
	Cols, Rows int
	// SendTimeout bounds how long Send waits for its keys to be written
	// (the pty takes only a few KiB the program has not read); 0 means
	// no bound.
	SendTimeout time.Duration
}

// Term is a running program, its pty and the emulator reading it.
type Term struct {
	cmd  *exec.Cmd
	ptmx *os.File
	rc   syscall.RawConn // ptmx's descriptor, for pending
	seed maphash.Seed

	// emuMu guards the emulator and modes. A parse can block until
	// answer reads a reply, so it is not held with mu, which waiters need.
	emuMu sync.Mutex
	emu   *vt.Emulator
	modes map[ansi.Mode]bool // the last setting of each mode the program changed

	mu      sync.Mutex
	changed *sync.Cond
	screens []Screen // the most recent, oldest first; never empty
	readErr error    // why reading stopped, once it has

	// The input queue: keys and the emulator's replies, written in order
	// by writeInput.
	inMu      sync.Mutex
	inReady   *sync.Cond
	inQueue   []input
	inClosed  bool
	writeDone chan struct{}

	sendTimeout time.Duration

	readDone chan struct{}
	exited   chan struct{}
	waitErr  error // the program's exit status, once exited is closed
	closing  sync.Once
}

// input is bytes waiting to be written to the program; done, when not
// nil, hears when the write began and how it went.
type input struct {
	b    []byte
	done chan written
}

type written struct {
	at  time.Time
	err error
}

// Start runs cmd in a new pseudo-terminal of the given size. cmd's standard
// streams that are nil are connected to the terminal; a caller may set
// Stdin to feed the program data while it reads keys from /dev/tty, as fzf
// does. cmd.Env is used as it is: set TERM there (for example
// "TERM=xterm-256color"), since the emulator speaks xterm.
func Start(cmd *exec.Cmd, o Options) (*Term, error) {
	cols, rows := o.Cols, o.Rows
	if cols <= 0 {
		cols = 80
	}
	if rows <= 0 {
		rows = 24
	}
	// The terminal becomes the program's controlling terminal (its
	// /dev/tty) through the first standard stream connected to it.
	attrs := &syscall.SysProcAttr{Setsid: true}
	for fd, s := range []any{cmd.Stdin, cmd.Stdout, cmd.Stderr} {
		if s == nil {
			attrs.Setctty, attrs.Ctty = true, fd
			break
		}
	}
	ptmx, err := pty.StartWithAttrs(cmd, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)}, attrs)
	if err != nil {
		return nil, fmt.Errorf("ptydrive: start %s: %w", cmd.Path, err)
	}
	if ptmx, err = pollable(ptmx); err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, err
	}
	rc, err := ptmx.SyscallConn()
	if err != nil {
		_ = ptmx.Close()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, fmt.Errorf("ptydrive: pty: %w", err)
	}
	t := &Term{
		cmd:         cmd,
		ptmx:        ptmx,
		rc:          rc,
		seed:        maphash.MakeSeed(),
		emu:         vt.NewEmulator(cols, rows),
		readDone:    make(chan struct{}),
		exited:      make(chan struct{}),
		writeDone:   make(chan struct{}),
		sendTimeout: o.SendTimeout,
	}
	t.inReady = sync.NewCond(&t.inMu)
	t.changed = sync.NewCond(&t.mu)
	t.modes = make(map[ansi.Mode]bool)
	// Called during a parse, with emuMu held.
	t.emu.SetCallbacks(vt.Callbacks{
		EnableMode:  func(m ansi.Mode) { t.modes[m] = true },
		DisableMode: func(m ansi.Mode) { t.modes[m] = false },
	})
	blank := t.snapshot()
	blank.At = time.Now()
	t.screens = []Screen{blank}
	go t.answer()
	go t.writeInput()
	go t.read()
	go func() {
		err := cmd.Wait()
		// What the program wrote is on the screen before anyone hears
		// that it ended: the pty says so (read ends) once every process
		// holding it has ended; one that leaves a child behind holding
		// it is taken as ended a second later.
		select {
		case <-t.readDone:
		case <-time.After(time.Second):
		}
		t.waitErr = err
		close(t.exited)
	}()
	return t, nil
}

// answer queues the emulator's replies to the program's queries. The
// emulator writes them to a synchronous pipe, so without this its parser
// would stop at the first query; and it must not wait for the program to
// read them, or a program blocked writing its output while its input is
// full would never be read again.
func (t *Term) answer() {
	buf := make([]byte, 4096)
	for {
		n, err := t.emu.Read(buf)
		if n > 0 {
			t.enqueue(input{b: slices.Clone(buf[:n])})
		}
		if err != nil {
			return
		}
	}
}

// enqueue adds in to the input queue; it never blocks.
func (t *Term) enqueue(in input) {
	t.inMu.Lock()
	defer t.inMu.Unlock()
	if t.inClosed {
		if in.done != nil {
			in.done <- written{at: time.Now(), err: ErrExited}
		}
		return
	}
	t.inQueue = append(t.inQueue, in)
	t.inReady.Signal()
}

// writeInput writes the input queue to the pty, in order, until Close.
// A write blocks while the pty holds as much as the program has not read.
func (t *Term) writeInput() {
	defer close(t.writeDone)
	var failed error
	for {
		t.inMu.Lock()
		for len(t.inQueue) == 0 && !t.inClosed {
			t.inReady.Wait()
		}
		if len(t.inQueue) == 0 {
			t.inMu.Unlock()
			return
		}
		in := t.inQueue[0]
		t.inQueue = t.inQueue[1:]
		t.inMu.Unlock()
		at, err := time.Now(), failed
		if err == nil {
			if _, err = t.ptmx.Write(in.b); err != nil {
				failed = fmt.Errorf("ptydrive: send keys: %w", err)
				err = failed
			}
		}
		if in.done != nil {
			in.done <- written{at: at, err: err}
		}
	}
}

// read feeds the program's output to the emulator until the pty closes.
func (t *Term) read() {
	defer close(t.readDone)
	buf := make([]byte, 64<<10)
	for {
		n, err := t.ptmx.Read(buf)
		if n > 0 {
			t.emuMu.Lock()
			_, _ = t.emu.Write(buf[:n])
			// Like a terminal, draw only once everything waiting has been
			// read: a frame larger than the pty's buffer (4 KB on Linux)
			// arrives in pieces, and a snapshot after each piece would
			// hold back the next read and count this package's own work
			// in the program's time.
			for err == nil && t.pending() {
				if n, err = t.ptmx.Read(buf); n > 0 {
					_, _ = t.emu.Write(buf[:n])
				}
			}
			parsed := time.Now()
			s := t.snapshot()
			t.emuMu.Unlock()
			t.mu.Lock()
			last := t.screens[len(t.screens)-1]
			if s.styled != last.styled || s.CursorX != last.CursorX || s.CursorY != last.CursorY {
				s.Seq, s.At = last.Seq+1, parsed
				t.screens = append(t.screens, s)
				if len(t.screens) > history {
					t.screens = append(t.screens[:0], t.screens[len(t.screens)-history:]...)
				}
				t.changed.Broadcast()
			}
			t.mu.Unlock()
		}
		if err != nil {
			t.mu.Lock()
			t.readErr = err
			t.changed.Broadcast()
			t.mu.Unlock()
			return
		}
	}
}

// pending reports whether the program's output has more bytes waiting to
// be read, without waiting for any.
func (t *Term) pending() bool {
	ready := false
	_ = t.rc.Control(func(fd uintptr) {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, 0)
		ready = err == nil && n > 0 && fds[0].Revents&unix.POLLIN != 0
	})
	return ready
}

// snapshot captures the emulator's screen, without Seq and At; t.emuMu
// must be held (or t not yet shared).
func (t *Term) snapshot() Screen {
	pos := t.emu.CursorPosition()
	return Screen{
		Lines:   strings.Split(t.emu.String(), "\n"),
		CursorX: pos.X,
		CursorY: pos.Y,
		styled:  maphash.String(t.seed, t.emu.Render()),
	}
}

// Send writes keys to the program, as typed, after any replies the
// emulator owes it, and returns the time just before the write. With
// Options.SendTimeout it returns ErrNotRead when the keys could not be
// written in that time.
func (t *Term) Send(keys string) (time.Time, error) {
	done := make(chan written, 1)
	t.enqueue(input{b: []byte(keys), done: done})
	var timeout <-chan time.Time
	if t.sendTimeout > 0 {
		timer := time.NewTimer(t.sendTimeout)
		defer timer.Stop()
		timeout = timer.C
	}
	select {
	case w := <-done:
		return w.at, w.err
	case <-timeout:
		return time.Now(), ErrNotRead
	}
}

// Resize changes the terminal's size; the program gets SIGWINCH.
func (t *Term) Resize(cols, rows int) error {
	t.emuMu.Lock()
	t.emu.Resize(cols, rows)
	t.emuMu.Unlock()
	var err error
	ws := &unix.Winsize{Col: uint16(cols), Row: uint16(rows)}
	if cerr := t.rc.Control(func(fd uintptr) { err = unix.IoctlSetWinsize(int(fd), unix.TIOCSWINSZ, ws) }); cerr != nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("ptydrive: resize: %w", err)
	}
	return nil
}

// pollable gives the pty's master to Go's poller, in place of f: a copy
// of its descriptor in non-blocking mode. creack/pty hands it over in
// blocking mode, where a write to a program that reads nothing blocks in
// the kernel, and Linux does not end that write when the program exits,
// so Close could never stop writeInput; on the poller, Close ends a
// blocked read or write at once. (f.Fd would put it back in blocking
// mode: nothing here calls it; Resize and pending go through SyscallConn.)
func pollable(f *os.File) (*os.File, error) {
	defer f.Close()
	rc, err := f.SyscallConn()
	if err != nil {
		return nil, fmt.Errorf("ptydrive: pty: %w", err)
	}
	nfd := -1
	if cerr := rc.Control(func(fd uintptr) { nfd, err = unix.FcntlInt(fd, unix.F_DUPFD_CLOEXEC, 0) }); cerr != nil {
		err = cerr
	}
	if err == nil {
		err = unix.SetNonblock(nfd, true)
	}
	if err != nil {
		if nfd >= 0 {
			_ = unix.Close(nfd)
		}
		return nil, fmt.Errorf("ptydrive: pty: %w", err)
	}
	return os.NewFile(uintptr(nfd), f.Name()), nil
}

// Modes returns the terminal modes the program has set or reset (the
// DEC private modes such as the alternate screen, 1049, the cursor, 25,
// mouse reporting and bracketed paste, and the ANSI modes), each with its
// last setting: true when set. A program that restores the terminal
// leaves the cursor mode set and every mode it turned on reset.
func (t *Term) Modes() map[ansi.Mode]bool {
	t.emuMu.Lock()
	defer t.emuMu.Unlock()
	return maps.Clone(t.modes)
}

// Screen returns the current screen.
func (t *Term) Screen() Screen {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.screens[len(t.screens)-1]
}

// Next returns the screen that followed the one numbered after, waiting
// for it if need be. Walking with Next from a Screen's Seq visits every
// later screen in order.
func (t *Term) Next(ctx context.Context, after uint64) (Screen, error) {
	stop := context.AfterFunc(ctx, func() {
		t.mu.Lock()
		t.changed.Broadcast()
		t.mu.Unlock()
	})
	defer stop()
	t.mu.Lock()
	defer t.mu.Unlock()
	for {
		first := t.screens[0].Seq
		if after+1 < first {
			return Screen{}, ErrLost
		}
		if i := int(after + 1 - first); i < len(t.screens) {
			return t.screens[i], nil
		}
		if t.readErr != nil {
			return Screen{}, ErrExited
		}
		if err := ctx.Err(); err != nil {
			return Screen{}, err
		}
		t.changed.Wait()
	}
}

// WaitFor returns the first screen, the current one included, for which ok
// is true.
func (t *Term) WaitFor(ctx context.Context, ok func(Screen) bool) (Screen, error) {
	s := t.Screen()
	for !ok(s) {
		var err error
		if s, err = t.Next(ctx, s.Seq); err != nil {
			return s, err
		}
	}
	return s, nil
}

// Settle waits for the screen to come to rest after the screen numbered
// after: for a screen for which ok is true and that nothing replaces for
// the quiet period. It returns that screen (last, whose At is when the
// screen took its final form, so the quiet period is not in it) and the
// first screen after `after` for which ok was true. A screen for which ok
// is false restarts the wait. The error is ctx's when the screen did not
// settle in time.
func (t *Term) Settle(ctx context.Context, after uint64, quiet time.Duration, ok func(Screen) bool) (first, last Screen, err error) {
	found := false // last is a candidate
	seq := after
	for {
		var s Screen
		if found {
			wait, cancel := context.WithDeadline(ctx, last.At.Add(quiet))
			s, err = t.Next(wait, seq)
			cancel()
			switch {
			case err == nil && s.At.Sub(last.At) >= quiet:
				return first, last, nil // the next change came after the quiet period
			case ctx.Err() == nil && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrExited)):
				return first, last, nil // quiet, or the program ended at rest
			}
		} else {
			s, err = t.Next(ctx, seq)
		}
		if err != nil {
			return first, last, err
		}
		seq = s.Seq
		found = ok(s)
		if !found {
			continue
		}
		if first.Seq == 0 {
			first = s
		}
		last = s
	}
}

// Exited is closed when the program has ended and what it wrote has
// been read.
func (t *Term) Exited() <-chan struct{} { return t.exited }

// ExitErr is the program's exit status (nil for a clean exit); only valid
// once Exited is closed.
func (t *Term) ExitErr() error { return t.waitErr }

// Close ends the program if it is still running — SIGTERM to its process
// group, then SIGKILL after grace — and releases the pty. It returns the
// program's exit status when it had exited on its own, else nil.
func (t *Term) Close(grace time.Duration) error {
	var err error
	t.closing.Do(func() {
		select {
		case <-t.exited:
			err = t.waitErr
		default:
			// Start made the program a session (and group) leader.
			_ = syscall.Kill(-t.cmd.Process.Pid, syscall.SIGTERM)
			select {
			case <-t.exited:
			case <-time.After(grace):
				_ = syscall.Kill(-t.cmd.Process.Pid, syscall.SIGKILL)
				<-t.exited
			}
		}
		// Closing the emulator's reply pipe ends answer, and a parse
		// blocked on a reply that nobody reads. (Not Emulator.Close,
		// which sets a flag that Read reads without a lock.)
		if pw, ok := t.emu.InputPipe().(io.Closer); ok {
			_ = pw.Close()
		}
		t.inMu.Lock()
		t.inClosed = true
		t.inReady.Signal()
		t.inMu.Unlock()
		_ = t.ptmx.Close()
		<-t.readDone
		<-t.writeDone
	})
	return err
}
