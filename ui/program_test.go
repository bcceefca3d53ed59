package ui

import (
	"bytes"
	"context"
	"errors"
	"image/color"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/theme"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// TestProgramEndToEnd runs the real Bubble Tea program (renderer, timers,
// commands in goroutines) against the fake API over HTTP, as a user would
// drive it: switch tabs, filter, open and close the detail view, quit.
func TestProgramEndToEnd(t *testing.T) {
	srv := fakeapi.New(fakeapi.Options{Images: fakeapi.DemoCatalog(), Latency: 5 * time.Millisecond})
	hs := httptest.NewServer(srv)
	defer hs.Close()
	c, err := api.New(api.Config{Endpoint: hs.URL + "/compute/v1", Token: fakeapi.DemoToken})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m := New(ctx, Options{Client: c, Now: func() time.Time { return testNow }, Theme: theme.Auto})

	// Pin the profile and environment in one option list (a second
	// WithProgramOptions call would replace the first).
	tm := teatest.NewTestModel(t, m,
		teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(
			tea.WithColorProfile(colorprofile.TrueColor),
			tea.WithEnvironment([]string{"TERM=xterm-256color"}),
		),
	)
	// Terminal replies never arrive in tests: answer the background query.
	tm.Send(tea.BackgroundColorMsg{Color: color.Black})

	waitFor := func(what string) { t.Helper(); waitForText(t, tm, what) }
	// The renderer paints only what changed, so wait for text that appears
	// fresh on each screen.
	waitFor("AlmaLinux")
	tm.Send(keyMsg("5"))
	tm.Send(keyMsg("/"))
	tm.Type("jupyter")
	// A snapshot row: the tab loaded and the filter applied; and the All
	// tab, not on screen, counted once the query settled: three matches
	// among the 100 images it has loaded. Either may be drawn first.
	waitForText(t, tm, "gpu-2025-03-01", "3+/~389+")
	tm.Send(keyMsg("enter"))
	tm.Send(keyMsg("enter"))
	waitFor("For your config")
	tm.Send(keyMsg("esc"))
	waitFor("end of list") // background completion finished: results are whole
	tm.Send(keyMsg("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	final := tm.FinalModel(t).(*Model)
	if final.focused() != focusList || final.query.Text != "jupyter" {
		t.Fatalf("focus=%v query=%q, want the list with the filter kept", final.focused(), final.query.Text)
	}
	out := ansi.Strip(final.View().Content)
	if !strings.Contains(out, "jupyter") {
		t.Fatalf("final screen lacks the filtered rows:\n%s", out)
	}
	golden.RequireEqual(t, final.View().Content)
}

// TestProgramShowsRetries runs the real program, whose requests run on
// goroutines of their own, against a server that fails page 2 of the
// snapshots: the retry's notice reaches the screen through the program's
// Send while the retry waits (the client's Sleep holds it until the test
// has seen the notice), and is gone once the page came through. Under
// -race this is where a notice touching the model from the request's
// goroutine would show.
func TestProgramShowsRetries(t *testing.T) {
	srv := fakeapi.New(fakeapi.Options{Images: catalogWith(250)})
	hs := httptest.NewServer(srv)
	defer hs.Close()
	seen := make(chan struct{})
	c, err := api.New(api.Config{
		Endpoint: hs.URL + "/compute/v1", Token: fakeapi.DemoToken, MaxRetries: 2,
		Sleep: func(ctx context.Context, _ time.Duration) error {
			select {
			case <-seen:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m := New(ctx, Options{Client: c, Now: func() time.Time { return testNow }, Theme: theme.None, Tab: catalog.TabSnapshot})
	// The program's Send, as runProgram wires it; tm exists only once
	// the program runs, so the notices go through a channel to it.
	notices := make(chan tea.Msg, 8)
	m.send = func(msg tea.Msg) { notices <- msg }
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 30))
	go func() {
		for msg := range notices {
			tm.Send(msg)
		}
	}()
	defer close(notices)
	waitFor := func(what string) { t.Helper(); waitForText(t, tm, what) }
	waitFor("100 loaded")
	srv.SetFaults(fakeapi.Faults{FailPages: map[int]int{2: 503}})
	tm.Send(keyMsg("end"))
	// Page 2 of either listing: the Snapshots tab reads /snapshots and
	// /images?type=snapshot at once while it fetches to the end.
	waitForText(t, tm, "retrying page 2 of", "(2/3) in")
	srv.SetFaults(fakeapi.Faults{})
	close(seen)
	waitFor("end of list")
	tm.Send(keyMsg("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if final := tm.FinalModel(t).(*Model); len(final.cur().retries) != 0 || strings.Contains(ansi.Strip(final.View().Content), "retrying") {
		t.Errorf("the notice outlived its request:\n%s", ansi.Strip(final.View().Content))
	}
}

// waitForText waits until the program has drawn each of what (escapes
// aside), in any order.
func waitForText(t *testing.T, tm *teatest.TestModel, what ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		out := []byte(ansi.Strip(string(b)))
		for _, w := range what {
			if !bytes.Contains(out, []byte(w)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// panicLister is a client with a bug: its requests panic.
type panicLister struct{}

func (panicLister) ListImages(context.Context, api.ListOptions) (*api.ListResponse, error) {
	panic("a bug in a request")
}

func (panicLister) PerPage() int { return api.MaxPerPage }

// TestProgramPanicIsNotACancel runs the real program with a request that
// panics, as gcimg runs it: Bubble Tea catches the panic (printing its
// trace on stderr) and reports it wrapped in ErrProgramKilled, which
// used to read as the user's cancel, so gcimg exited 130 and pick's
// caller took a crash for "nothing chosen". It is ErrCrashed. (Found by
// bench/soak, whose restarts counted exit 130 after a panic.)
func TestProgramPanicIsNotACancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in, feed := io.Pipe() // keys that never come
	defer feed.Close()
	_, err := runProgram(ctx, New(ctx, Options{Client: panicLister{}}),
		tea.WithInput(in), tea.WithOutput(io.Discard), tea.WithWindowSize(80, 24))
	if !errors.Is(err, ErrCrashed) || errors.Is(err, ErrCanceled) {
		t.Fatalf("runProgram = %v; want ErrCrashed, not ErrCanceled", err)
	}
}
