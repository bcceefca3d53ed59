package ptydrive

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/term"
)

// The tests run this test binary again as the program in the terminal;
// childEnv selects what it does there.
const childEnv = "PTYDRIVE_TEST_CHILD"

func TestMain(m *testing.M) {
	if mode := os.Getenv(childEnv); mode != "" {
		if err := child(mode); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(3)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// child is the program under test, by mode:
//   - echo: says "ready>", then names each key byte it reads until 'q';
//   - query: asks the terminal for its device attributes and shows the
//     reply;
//   - tty: copies its standard input to /dev/tty, then names one key read
//     from /dev/tty, as fzf reads its list and its keys;
//   - modes: a full-screen program that restores the terminal on 'r'
//     and exits without restoring it on any other key;
//   - size: says its size at the start and on every SIGWINCH;
//   - flood: writes a lot, with queries, before it reads any input;
//   - burst: on a key, draws 64 KiB in one write, ending with "done";
//   - deaf: raw mode, and never reads;
//   - stubborn: ignores SIGTERM and waits forever.
func child(mode string) error {
	switch mode {
	case "echo":
		restore, err := raw(os.Stdin)
		if err != nil {
			return err
		}
		defer restore()
		fmt.Print("ready>")
		b := make([]byte, 1)
		for {
			if _, err := os.Stdin.Read(b); err != nil {
				return err
			}
			fmt.Printf("\r\ngot %q", b)
			if b[0] == 'q' {
				return nil
			}
		}
	case "query":
		restore, err := raw(os.Stdin)
		if err != nil {
			return err
		}
		defer restore()
		fmt.Print("\x1b[c")
		reply, err := bufio.NewReader(os.Stdin).ReadString('c')
		if err != nil {
			return err
		}
		fmt.Printf("reply %q\r\n", reply)
		select {} // until killed: the test reads the screen
	case "tty":
		tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
		if err != nil {
			return err
		}
		restore, err := raw(tty)
		if err != nil {
			return err
		}
		defer restore()
		data, err := io.ReadAll(os.Stdin)
		if err != nil {
			return err
		}
		fmt.Fprintf(tty, "stdin %q\r\n", data)
		b := make([]byte, 1)
		if _, err := tty.Read(b); err != nil {
			return err
		}
		fmt.Fprintf(tty, "key %q\r\n", b)
		return nil
	case "modes":
		// A full-screen program: raw mode, the alternate screen, bracketed
		// paste, no cursor; key 'r' restores all of it before exiting,
		// any other key exits as a crash would, leaving it all behind.
		restore, err := raw(os.Stdin)
		if err != nil {
			return err
		}
		fmt.Print("\x1b[?1049h\x1b[?2004h\x1b[?25lfull screen")
		b := make([]byte, 1)
		if _, err := os.Stdin.Read(b); err != nil {
			return err
		}
		if b[0] != 'r' {
			os.Exit(2)
		}
		fmt.Print("\x1b[?2004l\x1b[?1049l\x1b[?25h")
		restore()
		return nil
	case "flood":
		// Writes, asking the terminal for its attributes again and again,
		// without reading its input; then reads 64 KiB of it.
		restore, err := raw(os.Stdin)
		if err != nil {
			return err
		}
		defer restore()
		line := strings.Repeat("x", 1000)
		for range 300 {
			fmt.Print("\x1b[c\r" + line)
		}
		fmt.Print("\r\nflooded\r\n")
		got := 0
		b := make([]byte, 4096)
		for got < 64<<10 {
			n, err := os.Stdin.Read(b)
			if err != nil {
				return err
			}
			got += n
		}
		fmt.Printf("read all\r\n")
		select {}
	case "size":
		// Says its size at the start and on every SIGWINCH.
		winch := make(chan os.Signal, 1)
		signal.Notify(winch, syscall.SIGWINCH)
		for {
			w, h, err := term.GetSize(int(os.Stdout.Fd()))
			if err != nil {
				return err
			}
			fmt.Printf("size %dx%d\r\n", w, h)
			<-winch
		}
	case "burst":
		// One write far larger than the pty's buffer, which reaches the
		// terminal in pieces; every piece changes the screen.
		restore, err := raw(os.Stdin)
		if err != nil {
			return err
		}
		defer restore()
		fmt.Print("ready>")
		if _, err := os.Stdin.Read(make([]byte, 1)); err != nil {
			return err
		}
		var b strings.Builder
		for i := 0; b.Len() < 64<<10; i++ {
			fmt.Fprintf(&b, "\r\nline %05d %s", i, strings.Repeat(".", 20))
		}
		b.WriteString("\r\ndone")
		fmt.Print(b.String())
		select {}
	case "deaf":
		// Raw mode (where a full input blocks the writer rather than
		// dropping keys), and never a read.
		restore, err := raw(os.Stdin)
		if err != nil {
			return err
		}
		defer restore()
		fmt.Print("deaf")
		select {}
	case "stubborn":
		signal.Ignore(syscall.SIGTERM)
		fmt.Print("stubborn")
		select {}
	}
	return fmt.Errorf("unknown mode %q", mode)
}

func raw(f *os.File) (func(), error) {
	st, err := term.MakeRaw(int(f.Fd()))
	if err != nil {
		return nil, err
	}
	return func() { _ = term.Restore(int(f.Fd()), st) }, nil
}

// start runs the child in mode in a 40×10 terminal.
func start(t *testing.T, mode string, stdin io.Reader) *Term {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	// Under -race a child would wait a second at exit for late reports.
	cmd.Env = append(os.Environ(), childEnv+"="+mode, "TERM=xterm-256color", "GORACE=atexit_sleep_ms=0")
	cmd.Stdin = stdin
	term, err := Start(cmd, Options{Cols: 40, Rows: 10})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { term.Close(time.Second) })
	return term
}

// ctx bounds a wait that should end at once; the limit only keeps a
// broken test from hanging.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

func shows(text string) func(Screen) bool {
	return func(s Screen) bool { return strings.Contains(s.String(), text) }
}

func TestKeysReachTheProgramAndEveryScreenIsSeen(t *testing.T) {
	term := start(t, "echo", nil)
	ready, err := term.WaitFor(ctx(t), shows("ready>"))
	if err != nil {
		t.Fatal(err)
	}
	if ready.Line(0) != "ready>" || ready.CursorX != len("ready>") || ready.CursorY != 0 {
		t.Fatalf("screen %q, cursor %d,%d", ready, ready.CursorX, ready.CursorY)
	}

	sent, err := term.Send("ab")
	if err != nil {
		t.Fatal(err)
	}
	first, last, err := term.Settle(ctx(t), ready.Seq, 50*time.Millisecond, shows(`got "b"`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "ready>\ngot \"a\"\ngot \"b\""; last.String() != want {
		t.Fatalf("settled on %q, want %q", last, want)
	}
	if first.Seq == 0 || first.Seq > last.Seq || first.At.Before(sent) || last.At.Before(first.At) {
		t.Fatalf("first %d at %v, last %d at %v, sent at %v", first.Seq, first.At, last.Seq, last.At, sent)
	}

	// Next visits every screen in order, each different from the last.
	prev := ready
	for prev.Seq < last.Seq {
		s, err := term.Next(ctx(t), prev.Seq)
		if err != nil {
			t.Fatal(err)
		}
		if s.Seq != prev.Seq+1 || s.At.Before(prev.At) || s.String() == prev.String() && s.CursorX == prev.CursorX && s.CursorY == prev.CursorY {
			t.Fatalf("after screen %d %q came %d %q", prev.Seq, prev, s.Seq, s)
		}
		prev = s
	}

	if _, err := term.Send("q"); err != nil {
		t.Fatal(err)
	}
	<-term.Exited()
	if err := term.ExitErr(); err != nil {
		t.Fatalf("exit: %v", err)
	}
	// The screens still to be read come, then the end.
	seq := term.Screen().Seq
	for {
		s, err := term.Next(ctx(t), seq)
		if errors.Is(err, ErrExited) {
			break
		}
		if err != nil {
			t.Fatalf("Next after the exit: %v, want ErrExited", err)
		}
		seq = s.Seq
	}
	if got := term.Screen().Line(3); got != `got "q"` {
		t.Fatalf("last line %q", got)
	}
	if err := term.Close(time.Second); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

// A frame larger than the pty's buffer comes in pieces. A terminal reads
// what is waiting before it draws, and so does Term: with a snapshot after
// every piece (of 4 KiB on Linux), the pieces after the first would wait
// for it, and a program's time would include this package's work.
func TestOneWriteInPiecesIsOneScreen(t *testing.T) {
	term := start(t, "burst", nil)
	ready, err := term.WaitFor(ctx(t), shows("ready>"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := term.Send("x"); err != nil {
		t.Fatal(err)
	}
	_, last, err := term.Settle(ctx(t), ready.Seq, 50*time.Millisecond, shows("done"))
	if err != nil {
		t.Fatal(err)
	}
	// Sixteen pieces or more; the writer may be caught between two of
	// its own (the kernel copies a write in 2 KiB chunks), so allow a
	// few screens, not one for each piece.
	if n := last.Seq - ready.Seq; n > 4 {
		t.Fatalf("one write of 64 KiB made %d screens", n)
	}
}

func TestTheEmulatorAnswersQueries(t *testing.T) {
	term := start(t, "query", nil)
	s, err := term.WaitFor(ctx(t), shows("reply"))
	if err != nil {
		t.Fatal(err)
	}
	// A primary device attributes reply: CSI ? … c.
	if !strings.HasPrefix(s.Line(0), `reply "\x1b[?`) || !strings.HasSuffix(s.Line(0), `c"`) {
		t.Fatalf("reply line %q", s.Line(0))
	}
}

func TestInputOnStdinKeysOnTheTerminal(t *testing.T) {
	term := start(t, "tty", strings.NewReader("one\ntwo\n"))
	if _, err := term.WaitFor(ctx(t), shows(`stdin "one\ntwo\n"`)); err != nil {
		t.Fatalf("%v: %q", err, term.Screen())
	}
	if _, err := term.Send("k"); err != nil {
		t.Fatal(err)
	}
	if _, err := term.WaitFor(ctx(t), shows(`key "k"`)); err != nil {
		t.Fatalf("%v: %q", err, term.Screen())
	}
}

func TestSettleFailsWhenTheCheckNeverPasses(t *testing.T) {
	term := start(t, "echo", nil)
	ready, err := term.WaitFor(ctx(t), shows("ready>"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := term.Send("x"); err != nil {
		t.Fatal(err)
	}
	c, cancel := context.WithTimeout(ctx(t), 200*time.Millisecond)
	defer cancel()
	if _, _, err := term.Settle(c, ready.Seq, 10*time.Millisecond, shows("never")); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Settle: %v, want the deadline", err)
	}
	// The key's screen came all the same.
	if _, err := term.WaitFor(ctx(t), shows(`got "x"`)); err != nil {
		t.Fatal(err)
	}
}

func TestCloseKillsAProgramThatIgnoresSIGTERM(t *testing.T) {
	term := start(t, "stubborn", nil)
	if _, err := term.WaitFor(ctx(t), shows("stubborn")); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { term.Close(50 * time.Millisecond); close(done) }()
	select {
	case <-done:
	case <-ctx(t).Done():
		_ = syscall.Kill(-term.cmd.Process.Pid, syscall.SIGKILL) // for the cleanup's Close
		t.Fatal("Close did not return")
	}
	select {
	case <-term.Exited():
	default:
		t.Fatal("the program is still running")
	}
}

func TestResizeReachesTheProgram(t *testing.T) {
	term := start(t, "size", nil)
	if _, err := term.WaitFor(ctx(t), shows("size 40x10")); err != nil {
		t.Fatal(err)
	}
	if err := term.Resize(60, 12); err != nil {
		t.Fatal(err)
	}
	s, err := term.WaitFor(ctx(t), shows("size 60x12"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Lines) != 12 || len(s.Lines[0]) > 60 {
		t.Errorf("the emulator is %d rows after the resize, want 12:\n%s", len(s.Lines), s)
	}
}

func TestModesAndLineModeAfterExit(t *testing.T) {
	for _, tc := range []struct {
		key      string
		restored bool
	}{{"r", true}, {"x", false}} {
		t.Run(tc.key, func(t *testing.T) {
			term := start(t, "modes", nil)
			if _, err := term.WaitFor(ctx(t), shows("full screen")); err != nil {
				t.Fatal(err)
			}
			if cooked, err := term.Cooked(); err != nil || cooked {
				t.Errorf("Cooked() = %v, %v in raw mode", cooked, err)
			}
			if _, err := term.Send(tc.key); err != nil {
				t.Fatal(err)
			}
			<-term.Exited()
			if err := term.ExitErr(); (err == nil) != tc.restored {
				t.Errorf("exit status %v", err)
			}
			modes := term.Modes()
			want := map[ansi.Mode]bool{ansi.ModeAltScreenSaveCursor: !tc.restored, ansi.ModeBracketedPaste: !tc.restored, ansi.ModeTextCursorEnable: tc.restored}
			if !reflect.DeepEqual(modes, want) {
				t.Errorf("Modes() = %v, want %v", modes, want)
			}
			if cooked, err := term.Cooked(); err != nil || cooked != tc.restored {
				t.Errorf("Cooked() = %v, %v after the exit; want %v", cooked, err, tc.restored)
			}
		})
	}
}

func TestRowWithPrefix(t *testing.T) {
	s := Screen{Lines: []string{"> a", "  b", "> c"}}
	for _, tc := range []struct{ from, want int }{{0, 0}, {1, 2}, {3, -1}, {-5, 0}} {
		if got := s.RowWithPrefix(tc.from, ">"); got != tc.want {
			t.Errorf("RowWithPrefix(%d) = %d, want %d", tc.from, got, tc.want)
		}
	}
}

// A program busy writing while its input is full must not stall the
// terminal: the replies it is owed queue up behind the keys instead of
// stopping the emulator, which would stop reading its output, which
// would stop it ever reading its input again.
func TestKeysAndRepliesNeverStallTheScreen(t *testing.T) {
	term := start(t, "flood", nil)
	sent := make(chan error, 1)
	go func() {
		chunk := strings.Repeat("k", 1024)
		for range 64 {
			if _, err := term.Send(chunk); err != nil {
				sent <- err
				return
			}
		}
		sent <- nil
	}()
	if _, err := term.WaitFor(ctx(t), shows("flooded")); err != nil {
		t.Fatalf("the program could not write while its input was full: %v", err)
	}
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
}

func TestSendTimesOutWhenTheProgramDoesNotRead(t *testing.T) {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childEnv+"=deaf", "TERM=xterm-256color", "GORACE=atexit_sleep_ms=0")
	term, err := Start(cmd, Options{Cols: 40, Rows: 10, SendTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { term.Close(time.Second) })
	if _, err := term.WaitFor(ctx(t), shows("deaf")); err != nil {
		t.Fatal(err)
	}
	// The pty takes a few KiB, then Send gives up.
	for i := range 1000 {
		if _, err := term.Send(strings.Repeat("k", 1024)); err != nil {
			if !errors.Is(err, ErrNotRead) {
				t.Fatalf("Send %d: %v, want ErrNotRead", i, err)
			}
			return
		}
	}
	t.Fatal("1000 KiB sent to a program that reads nothing")
}
