package clip

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

const id = "3b29a4c1-5e6f-4a7b-8c9d-0e1f2a3b8724"

func TestCopy(t *testing.T) {
	tmuxOld := func(_ context.Context, argv []string) error {
		if argv[0] == "tmux" && strings.Contains(strings.Join(argv, " "), " -w") {
			return errors.New("exit status 1: unknown flag -w")
		}
		return nil
	}
	tests := []struct {
		name      string
		method    Method
		goos      string
		vars      map[string]string
		tools     []string
		do        func(context.Context, []string) error
		wantRuns  []string
		wantVia   []string
		wantErr   []string // substrings; nil means no error
		notInErrs []string
	}{
		{
			name:   "auto inside tmux on X11: tmux then xclip, OSC 52 left to the caller",
			method: Auto, goos: "linux", vars: map[string]string{"TMUX": tmuxEnv, "DISPLAY": ":0"}, tools: allTools,
			wantRuns: []string{"tmux -S /tmp/tmux-1000/default load-buffer -w -", "xclip -selection clipboard"},
			wantVia:  []string{"tmux", "xclip"},
		},
		{
			name:   "tmux older than 3.2: -w rejected, retried without",
			method: Tmux, goos: "linux", vars: map[string]string{"TMUX": tmuxEnv}, tools: allTools, do: tmuxOld,
			wantRuns: []string{"tmux -S /tmp/tmux-1000/default load-buffer -w -", "tmux -S /tmp/tmux-1000/default load-buffer -"},
			wantVia:  []string{"tmux"},
		},
		{
			name:   "tmux failing both ways",
			method: Auto, goos: "linux", vars: map[string]string{"TMUX": tmuxEnv}, tools: allTools,
			do:       func(context.Context, []string) error { return errors.New("exit status 1: no server running") },
			wantRuns: []string{"tmux -S /tmp/tmux-1000/default load-buffer -w -", "tmux -S /tmp/tmux-1000/default load-buffer -"},
			wantVia:  nil,
			wantErr:  []string{"tmux: exit status 1: no server running", "load-buffer -: exit status 1"},
		},
		{
			name:   "tool missing from PATH: not run, not an error",
			method: Auto, goos: "linux", vars: map[string]string{"DISPLAY": ":0"}, tools: nil,
			wantRuns: nil, wantVia: nil, wantErr: nil,
		},
		{
			name:   "tool vanished after Plan: not an error",
			method: Native, goos: "darwin", tools: allTools,
			do: func(_ context.Context, argv []string) error {
				return &exec.Error{Name: argv[0], Err: exec.ErrNotFound}
			},
			wantRuns: []string{"pbcopy"}, wantVia: nil, wantErr: nil,
		},
		{
			name:   "native tool failing: reported, tmux still counts",
			method: Auto, goos: "linux", vars: map[string]string{"TMUX": tmuxEnv, "DISPLAY": "localhost:10.0"}, tools: allTools,
			do: func(_ context.Context, argv []string) error {
				if argv[0] == "xclip" {
					return errors.New("exit status 1: Error: Can't open display: localhost:10.0")
				}
				return nil
			},
			wantRuns:  []string{"tmux -S /tmp/tmux-1000/default load-buffer -w -", "xclip -selection clipboard"},
			wantVia:   []string{"tmux"},
			wantErr:   []string{"xclip: exit status 1: Error: Can't open display"},
			notInErrs: []string{"tmux"},
		},
		{
			name:   "explicit osc52 runs nothing",
			method: OSC52, goos: "linux", vars: map[string]string{"TMUX": tmuxEnv, "DISPLAY": ":0"}, tools: allTools,
			wantRuns: nil, wantVia: nil,
		},
		{
			name:   "off runs nothing",
			method: Off, goos: "darwin", vars: map[string]string{"TMUX": tmuxEnv}, tools: allTools,
			wantRuns: nil, wantVia: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fake{goos: tt.goos, vars: tt.vars, tools: tt.tools, do: tt.do}
			r := Copy(context.Background(), tt.method, id, f.env())
			if got := f.argvs(); !reflect.DeepEqual(got, tt.wantRuns) {
				t.Errorf("ran %q, want %q", got, tt.wantRuns)
			}
			for _, c := range f.calls {
				if c.stdin != id {
					t.Errorf("%s got stdin %q", c.argv, c.stdin)
				}
			}
			if !reflect.DeepEqual(r.Via, tt.wantVia) {
				t.Errorf("Via = %q, want %q", r.Via, tt.wantVia)
			}
			if r.Text != id {
				t.Errorf("Text = %q", r.Text)
			}
			checkErr(t, r.Err, tt.wantErr, tt.notInErrs)
		})
	}
}

func checkErr(t *testing.T, err error, want, notWant []string) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Errorf("Err = %v, want none", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("Err = nil, want one holding %q", want)
	}
	for _, s := range want {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("Err %q does not contain %q", err, s)
		}
	}
	for _, s := range notWant {
		if strings.Contains(err.Error(), s) {
			t.Errorf("Err %q contains %q", err, s)
		}
	}
}

// hang is a tool that never finishes on its own.
func hang(ctx context.Context, _ []string) error {
	<-ctx.Done()
	return errors.New("signal: killed")
}

func TestCopyTimeout(t *testing.T) {
	f := &fake{goos: "linux", vars: map[string]string{"TMUX": tmuxEnv, "DISPLAY": ":0"}, tools: allTools, do: hang}
	env := f.env()
	env.Timeout = 20 * time.Millisecond
	start := time.Now()
	r := Copy(context.Background(), Auto, id, env)
	if d := time.Since(start); d > time.Second {
		t.Errorf("Copy took %s with a 20ms timeout per tool", d)
	}
	// A tmux that timed out is not retried without -w: it would only
	// time out again.
	want := []string{"tmux -S /tmp/tmux-1000/default load-buffer -w -", "xclip -selection clipboard"}
	if got := f.argvs(); !reflect.DeepEqual(got, want) {
		t.Errorf("ran %q, want %q", got, want)
	}
	if len(r.Via) != 0 {
		t.Errorf("Via = %q", r.Via)
	}
	if !errors.Is(r.Err, context.DeadlineExceeded) {
		t.Errorf("Err = %v, want a deadline", r.Err)
	}
	checkErr(t, r.Err, []string{"tmux: context deadline exceeded (signal: killed)", "xclip: context deadline exceeded"}, nil)
}

func TestCopyDefaultTimeoutApplies(t *testing.T) {
	var got time.Duration
	f := &fake{goos: "darwin", tools: allTools, do: func(ctx context.Context, _ []string) error {
		dl, ok := ctx.Deadline()
		if !ok {
			return errors.New("no deadline")
		}
		got = time.Until(dl)
		return nil
	}}
	r := Copy(context.Background(), Native, id, f.env())
	if r.Err != nil || got <= DefaultTimeout-time.Second || got > DefaultTimeout {
		t.Errorf("deadline %s ahead (want about %s), Err %v", got, DefaultTimeout, r.Err)
	}
}

func TestCopyCancelled(t *testing.T) {
	f := &fake{goos: "linux", vars: map[string]string{"TMUX": tmuxEnv, "DISPLAY": ":0"}, tools: allTools}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := Copy(ctx, Auto, id, f.env())
	if got := f.argvs(); got != nil {
		t.Errorf("ran %q after cancel", got)
	}
	if !errors.Is(r.Err, context.Canceled) || len(r.Via) != 0 {
		t.Errorf("Result = %+v", r)
	}
}

func TestCopyCancelledWhileRunning(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := &fake{goos: "linux", vars: map[string]string{"TMUX": tmuxEnv, "DISPLAY": ":0"}, tools: allTools,
		do: func(c context.Context, argv []string) error {
			cancel()
			return hang(c, argv)
		}}
	r := Copy(ctx, Auto, id, f.env())
	if got, want := f.argvs(), []string{"tmux -S /tmp/tmux-1000/default load-buffer -w -"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ran %q, want %q (no retry, no xclip)", got, want)
	}
	checkErr(t, r.Err, []string{"tmux: context canceled", "xclip: not tried: context canceled"}, nil)
}

// run executes cmd the way Bubble Tea would, flattening batches.
func runCmd(t *testing.T, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runCmd(t, c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

func TestCmd(t *testing.T) {
	setClipboard := tea.SetClipboard(id)()
	tests := []struct {
		name    string
		method  Method
		vars    map[string]string
		wantOSC bool
		wantVia []string
	}{
		{"auto inside tmux", Auto, map[string]string{"TMUX": tmuxEnv}, true, []string{"OSC 52", "tmux"}},
		{"auto over plain SSH", Auto, map[string]string{"SSH_TTY": "/dev/pts/1"}, true, []string{"OSC 52"}},
		{"osc52", OSC52, map[string]string{"TMUX": tmuxEnv}, true, []string{"OSC 52"}},
		{"tmux", Tmux, map[string]string{"TMUX": tmuxEnv}, false, []string{"tmux"}},
		{"off still answers", Off, map[string]string{"TMUX": tmuxEnv}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fake{goos: "linux", vars: tt.vars, tools: allTools}
			cmd := Cmd(tt.method, id, f.env())
			if len(f.calls) != 0 {
				t.Fatalf("Cmd ran %q before being run", f.argvs())
			}
			var sawOSC bool
			var copied []CopiedMsg
			for _, msg := range runCmd(t, cmd) {
				switch msg := msg.(type) {
				case CopiedMsg:
					copied = append(copied, msg)
				default:
					if !reflect.DeepEqual(msg, setClipboard) {
						t.Errorf("unexpected message %T %v", msg, msg)
					}
					sawOSC = true
				}
			}
			if sawOSC != tt.wantOSC {
				t.Errorf("OSC 52 sent: %v, want %v", sawOSC, tt.wantOSC)
			}
			if len(copied) != 1 {
				t.Fatalf("got %d CopiedMsg, want 1", len(copied))
			}
			if r := copied[0].Result; !reflect.DeepEqual(r.Via, tt.wantVia) || r.Text != id || r.Err != nil {
				t.Errorf("CopiedMsg = %+v, want Via %q", r, tt.wantVia)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		name  string
		r     Result
		label string
		want  string
	}{
		{"UUID abbreviated", Result{Text: id, Via: []string{"OSC 52", "tmux"}}, "ID",
			"Copied ID 3b29…8724 (OSC 52 + tmux)"},
		{"short value whole", Result{Text: "ubuntu-24.04", Via: []string{"wl-copy"}}, "Slug",
			"Copied Slug ubuntu-24.04 (wl-copy)"},
		{"slug:version fits", Result{Text: "ubuntu-ml-nvidia-pytorch:20240423", Via: []string{"OSC 52"}}, "slug:version 20240423",
			"Copied slug:version 20240423 ubuntu-ml-nvidia-pytorch:20240423 (OSC 52)"},
		{"UUID inside JSON", Result{Text: `"image": "` + id + `"`, Via: []string{"OSC 52"}}, "JSON",
			`Copied JSON "image": "3b29…8724" (OSC 52)`},
		{"long value cut in the middle", Result{Text: strings.Repeat("a", 30) + strings.Repeat("b", 30), Via: []string{"xclip"}}, "Slug",
			"Copied Slug " + strings.Repeat("a", 19) + "…" + strings.Repeat("b", 20) + " (xclip)"},
		{"wide runes cut on cluster boundaries", Result{Text: strings.Repeat("日", 30), Via: []string{"pbcopy"}}, "Slug",
			"Copied Slug " + strings.Repeat("日", 9) + "…" + strings.Repeat("日", 10) + " (pbcopy)"},
		{"not copied: whole value for manual selection", Result{Text: id}, "ID",
			"Not copied (no clipboard reached): ID " + id},
		{"not copied despite an error", Result{Text: id, Err: errors.New("xclip: boom")}, "ID",
			"Not copied (no clipboard reached): ID " + id},
		{"hostile text and label are sanitised", Result{Text: "a\x1b]52;c;Zm9v\x07b\nc", Via: []string{"tmux"}}, "S\x1b[2Jlug",
			"Copied Slug ab c (tmux)"},
		{"no label", Result{Text: "x", Via: []string{"tmux"}}, "", "Copied x (tmux)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.Summary(tt.label); got != tt.want {
				t.Errorf("Summary() =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestAbbreviateWidth(t *testing.T) {
	for _, s := range []string{strings.Repeat("x", 41), strings.Repeat("日", 21) + "x", "x" + strings.Repeat("👩‍💻", 30)} {
		got := abbreviate(s)
		if w := ansi.StringWidth(got); w > maxShown {
			t.Errorf("abbreviate(%q) = %q, width %d > %d", s, got, w, maxShown)
		}
		if !strings.Contains(got, "…") {
			t.Errorf("abbreviate(%q) = %q, not cut", s, got)
		}
	}
}

func ExampleResult_Summary() {
	r := Result{Text: id, Via: []string{"OSC 52", "tmux"}}
	fmt.Println(r.Summary("ID"))
	// Output: Copied ID 3b29…8724 (OSC 52 + tmux)
}
