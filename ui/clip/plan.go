// Package clip puts a value on the user's clipboard from wherever gcimg
// runs: a local terminal, a terminal over SSH, or a pane inside tmux.
//
// No single way works everywhere, so a copy tries several, in order:
//
//   - OSC 52, the terminal escape sequence, written by Bubble Tea
//     (tea.SetClipboard). It travels over SSH to terminals that support
//     it, but nothing tells us whether it landed, so it is reported as
//     assumed to have worked. tmux with its default options
//     (set-clipboard external) ignores it when an application sends it.
//   - tmux itself, inside tmux: `tmux load-buffer -w -` puts the text in
//     a tmux buffer and, from tmux 3.2, has tmux forward it to the outer
//     terminal as its own OSC 52, which default options allow. Older tmux
//     has no -w; the buffer alone is still pasteable with prefix-].
//   - The native clipboard tool where a desktop is reachable: pbcopy on
//     macOS (not over SSH, where it would fill the remote Mac's
//     pasteboard), wl-copy under Wayland, xclip or xsel under X11
//     (including X11 forwarded over SSH).
//
// [Plan] says which of these apply to an environment, [Copy] runs the
// ones that are commands, and [Cmd] is what the TUI returns from Update.
// The environment is an [Env] value so that every decision can be tested
// without a terminal, a tmux server or a display.
package clip

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"

	"github.com/genesiscloud-tools/gcimg/internal/enum"
)

// Method is the user's choice of how to copy (`--clipboard <method>`).
type Method string

// The methods. Auto tries every way that can work here; the others do
// exactly one way, or nothing.
const (
	Auto   Method = "auto"
	OSC52  Method = "osc52"
	Tmux   Method = "tmux"
	Native Method = "native"
	Off    Method = "off"
)

// Methods is every method, Auto first, for --clipboard, the config file
// and completion.
var Methods = enum.Of("clipboard method", Auto, OSC52, Tmux, Native, Off)

// DefaultTimeout bounds each clipboard command. A healthy one takes
// milliseconds; one that hangs (a dead X forwarding, a wedged tmux server)
// must not hold the copy up for longer than a user would wait for a toast.
const DefaultTimeout = 2 * time.Second

// Env is everything Plan and Copy learn from, or do to, the outside
// world. DefaultEnv returns the real one; tests build their own. A nil
// function field means: no variables are set, no tool is installed, and
// nothing can be run.
type Env struct {
	Getenv   func(key string) string
	LookPath func(file string) (string, error)
	// Run runs the named program with stdin as its standard input and
	// waits for it. It must return soon after ctx is done. An error that
	// wraps exec.ErrNotFound means the tool is missing, which Copy does
	// not report as a failure.
	Run  func(ctx context.Context, stdin string, name string, args ...string) error
	GOOS string
	// Timeout bounds each Run; 0 means DefaultTimeout.
	Timeout time.Duration
}

// DefaultEnv is the process's own environment, PATH and OS.
func DefaultEnv() Env {
	return Env{
		Getenv:   os.Getenv,
		LookPath: exec.LookPath,
		Run:      runCommand,
		GOOS:     goos,
	}
}

func (e Env) getenv(k string) string {
	if e.Getenv == nil {
		return ""
	}
	return e.Getenv(k)
}

func (e Env) has(tool string) bool {
	if e.LookPath == nil {
		return false
	}
	_, err := e.LookPath(tool)
	return err == nil
}

func (e Env) timeout() time.Duration {
	if e.Timeout > 0 {
		return e.Timeout
	}
	return DefaultTimeout
}

// overSSH reports whether the process was started by an SSH login. Inside
// tmux these variables are those of the tmux session, which tmux updates
// from the attaching client by default.
func (e Env) overSSH() bool {
	return e.getenv("SSH_CONNECTION") != "" || e.getenv("SSH_TTY") != "" || e.getenv("SSH_CLIENT") != ""
}

// Step is one way a copy will be tried.
type Step struct {
	// Method is the way this step belongs to: OSC52, Tmux or Native.
	Method Method
	// Name is how Result.Via reports the step when it works: "OSC 52",
	// "tmux", or the native tool's name ("pbcopy", "wl-copy", "xclip",
	// "xsel").
	Name string
	// Argv is the command that receives the text on its standard input.
	// It is nil for OSC 52, which the terminal receives from Bubble Tea.
	Argv []string
	// Fallback is run when Argv fails for a reason other than a timeout:
	// tmux before 3.2 rejects load-buffer -w. Nil when there is none.
	Fallback []string
}

// Plan returns the steps a copy with method m will try in env, in order.
// Tools that are not installed are left out: a missing tool is not a
// failure, just a way that does not apply. Off plans nothing.
func Plan(m Method, env Env) []Step {
	var steps []Step
	add := func(s Step, ok bool) {
		if ok {
			steps = append(steps, s)
		}
	}
	switch m {
	case Auto:
		add(osc52Step(), true)
		if env.getenv("TMUX") != "" {
			add(tmuxStep(env))
		}
		if nativeReachable(env) {
			add(nativeStep(env))
		}
	case OSC52:
		add(osc52Step(), true)
	case Tmux:
		add(tmuxStep(env))
	case Native:
		add(nativeStep(env))
	}
	return steps
}

func osc52Step() Step {
	return Step{Method: OSC52, Name: "OSC 52"}
}

// tmuxStep targets the server named by $TMUX ("socket,pid,session"), the
// one tmux itself would use, but says so with -S so that the command does
// not depend on the environment Run passes on. Without $TMUX (an explicit
// --clipboard tmux outside tmux) it uses tmux's default server.
func tmuxStep(env Env) (Step, bool) {
	if !env.has("tmux") {
		return Step{}, false
	}
	base := []string{"tmux"}
	if sock, _, _ := strings.Cut(env.getenv("TMUX"), ","); sock != "" {
		base = append(base, "-S", sock)
	}
	return Step{
		Method:   Tmux,
		Name:     "tmux",
		Argv:     append(slices.Clip(base), "load-buffer", "-w", "-"),
		Fallback: append(slices.Clip(base), "load-buffer", "-"),
	}, true
}

// nativeReachable reports whether Auto should try the native clipboard:
// only where the desktop it belongs to is the user's.
func nativeReachable(env Env) bool {
	switch {
	case env.GOOS == "darwin":
		return !env.overSSH()
	case env.GOOS == "windows":
		return false
	}
	return env.getenv("WAYLAND_DISPLAY") != "" || env.getenv("DISPLAY") != ""
}

// nativeStep picks the first installed tool for the desktop in env.
func nativeStep(env Env) (Step, bool) {
	var tools [][]string
	if env.GOOS == "darwin" {
		tools = append(tools, []string{"pbcopy"})
	} else {
		if env.getenv("WAYLAND_DISPLAY") != "" {
			tools = append(tools, []string{"wl-copy"})
		}
		// Also under Wayland: XWayland serves X11 tools when wl-copy is
		// missing.
		if env.getenv("DISPLAY") != "" {
			tools = append(tools,
				[]string{"xclip", "-selection", "clipboard"},
				[]string{"xsel", "--clipboard", "--input"})
		}
	}
	for _, argv := range tools {
		if env.has(argv[0]) {
			return Step{Method: Native, Name: argv[0], Argv: argv}, true
		}
	}
	return Step{}, false
}
