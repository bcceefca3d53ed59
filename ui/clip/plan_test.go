package clip

import (
	"context"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
)

const tmuxEnv = "/tmp/tmux-1000/default,4242,0"

// fake is an Env with chosen variables and installed tools, whose Run
// records each call and answers with do (success when nil).
type fake struct {
	goos  string
	vars  map[string]string
	tools []string
	do    func(ctx context.Context, argv []string) error

	mu    sync.Mutex
	calls []call
}

type call struct {
	argv  string
	stdin string
}

func (f *fake) env() Env {
	return Env{
		Getenv: func(k string) string { return f.vars[k] },
		LookPath: func(file string) (string, error) {
			if slices.Contains(f.tools, file) {
				return "/usr/bin/" + file, nil
			}
			return "", &exec.Error{Name: file, Err: exec.ErrNotFound}
		},
		Run: func(ctx context.Context, stdin, name string, args ...string) error {
			argv := append([]string{name}, args...)
			f.mu.Lock()
			f.calls = append(f.calls, call{strings.Join(argv, " "), stdin})
			f.mu.Unlock()
			if f.do == nil {
				return nil
			}
			return f.do(ctx, argv)
		},
		GOOS: f.goos,
	}
}

func (f *fake) argvs() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, c := range f.calls {
		out = append(out, c.argv)
	}
	return out
}

var allTools = []string{"tmux", "pbcopy", "wl-copy", "xclip", "xsel"}

// describe renders a plan as "Name: argv | fallback" lines, so the tables
// below stay readable.
func describe(steps []Step) []string {
	var out []string
	for _, s := range steps {
		d := s.Name
		if s.Argv != nil {
			d += ": " + strings.Join(s.Argv, " ")
		}
		if s.Fallback != nil {
			d += " | " + strings.Join(s.Fallback, " ")
		}
		out = append(out, d)
	}
	return out
}

func TestPlan(t *testing.T) {
	const (
		osc   = "OSC 52"
		tmux  = "tmux: tmux -S /tmp/tmux-1000/default load-buffer -w - | tmux -S /tmp/tmux-1000/default load-buffer -"
		xclip = "xclip: xclip -selection clipboard"
		xsel  = "xsel: xsel --clipboard --input"
		wl    = "wl-copy: wl-copy"
		pb    = "pbcopy: pbcopy"
	)
	ssh := map[string]string{"SSH_CONNECTION": "10.0.0.2 51234 10.0.0.1 22", "SSH_TTY": "/dev/pts/3"}
	with := func(base map[string]string, kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name   string
		method Method
		goos   string
		vars   map[string]string
		tools  []string
		want   []string
	}{
		{"auto: inside tmux over SSH", Auto, "linux", with(ssh, "TMUX", tmuxEnv), allTools, []string{osc, tmux}},
		{"auto: inside tmux on an X11 desktop", Auto, "linux", map[string]string{"TMUX": tmuxEnv, "DISPLAY": ":0"}, allTools, []string{osc, tmux, xclip}},
		{"auto: inside tmux, tmux binary missing", Auto, "linux", map[string]string{"TMUX": tmuxEnv}, nil, []string{osc}},
		{"auto: $TMUX without a socket path", Auto, "linux", map[string]string{"TMUX": ",1,0"}, allTools,
			[]string{"OSC 52", "tmux: tmux load-buffer -w - | tmux load-buffer -"}},
		{"auto: macOS", Auto, "darwin", nil, allTools, []string{osc, pb}},
		{"auto: macOS over SSH skips pbcopy", Auto, "darwin", ssh, allTools, []string{osc}},
		{"auto: macOS inside tmux", Auto, "darwin", map[string]string{"TMUX": tmuxEnv}, allTools, []string{osc, tmux, pb}},
		{"auto: Wayland", Auto, "linux", map[string]string{"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, allTools, []string{osc, wl}},
		{"auto: Wayland without wl-copy uses XWayland", Auto, "linux", map[string]string{"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, []string{"xsel"}, []string{osc, xsel}},
		{"auto: Wayland without any tool", Auto, "linux", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, []string{"xclip"}, []string{osc}},
		{"auto: X11", Auto, "linux", map[string]string{"DISPLAY": ":0"}, allTools, []string{osc, xclip}},
		{"auto: X11 without xclip", Auto, "freebsd", map[string]string{"DISPLAY": ":0"}, []string{"xsel"}, []string{osc, xsel}},
		{"auto: X11 forwarded over SSH", Auto, "linux", with(ssh, "DISPLAY", "localhost:10.0"), allTools, []string{osc, xclip}},
		{"auto: plain SSH", Auto, "linux", ssh, allTools, []string{osc}},
		{"auto: plain console, no display", Auto, "linux", nil, allTools, []string{osc}},
		{"auto: windows", Auto, "windows", nil, allTools, []string{osc}},

		{"osc52: only OSC 52, even inside tmux", OSC52, "linux", map[string]string{"TMUX": tmuxEnv, "DISPLAY": ":0"}, allTools, []string{osc}},
		{"tmux: only tmux", Tmux, "linux", map[string]string{"TMUX": tmuxEnv, "DISPLAY": ":0"}, allTools, []string{tmux}},
		{"tmux: outside tmux uses the default server", Tmux, "linux", nil, allTools,
			[]string{"tmux: tmux load-buffer -w - | tmux load-buffer -"}},
		{"tmux: binary missing", Tmux, "linux", map[string]string{"TMUX": tmuxEnv}, nil, nil},
		{"native: only the native tool, even over SSH on macOS", Native, "darwin", with(ssh, "TMUX", tmuxEnv), allTools, []string{pb}},
		{"native: X11", Native, "linux", map[string]string{"DISPLAY": ":0", "TMUX": tmuxEnv}, allTools, []string{xclip}},
		{"native: no display", Native, "linux", ssh, allTools, nil},
		{"native: tool missing", Native, "linux", map[string]string{"DISPLAY": ":0"}, []string{"tmux"}, nil},
		{"off: nothing", Off, "linux", map[string]string{"TMUX": tmuxEnv, "DISPLAY": ":0"}, allTools, nil},
		{"unknown method: nothing", Method("carrier-pigeon"), "linux", nil, allTools, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fake{goos: tt.goos, vars: tt.vars, tools: tt.tools}
			steps := Plan(tt.method, f.env())
			if got := describe(steps); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Plan(%s) =\n  %q\nwant\n  %q", tt.method, got, tt.want)
			}
			if len(f.calls) != 0 {
				t.Errorf("Plan ran commands: %q", f.argvs())
			}
		})
	}
}

func TestPlanZeroEnv(t *testing.T) {
	if got := describe(Plan(Auto, Env{})); !reflect.DeepEqual(got, []string{"OSC 52"}) {
		t.Errorf("Plan(Auto, Env{}) = %q", got)
	}
	r := Copy(context.Background(), Tmux, "x", Env{})
	if len(r.Via) != 0 || r.Err != nil {
		t.Errorf("Copy with a zero Env = %+v", r)
	}
}

func TestMethods(t *testing.T) {
	if got, want := Methods.Names(), []string{"auto", "osc52", "tmux", "native", "off"}; !slices.Equal(got, want) {
		t.Errorf("Methods = %q, want %q", got, want)
	}
	if got, err := Methods.Parse(" OSC52 "); err != nil || got != OSC52 {
		t.Errorf("Parse(OSC52) = %q, %v", got, err)
	}
}
