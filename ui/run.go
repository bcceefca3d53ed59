// Package ui is gcimg's terminal interface: one root Bubble Tea model that
// owns the data and routes every input to the component in focus (the
// list, the detail view, the copy menu, the region picker, the help),
// each of which owns its state. Data logic (feeds, filtering, regions)
// lives in ui/catalog so that it is tested without a terminal. DESIGN.md
// explains the shape.
package ui

import (
	"context"
	"errors"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/columns"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/keymap"
	"github.com/genesiscloud-tools/gcimg/theme"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
	"github.com/genesiscloud-tools/gcimg/ui/clip"
	"github.com/genesiscloud-tools/gcimg/ui/layout"
)

// ErrCanceled is returned by a pick that the user abandoned.
var ErrCanceled = errors.New("canceled")

// ErrCrashed is returned when the program caught a panic (a bug): Bubble
// Tea has restored the terminal and printed the trace on stderr. It is
// never ErrCanceled, so a crash never passes for the user's cancel.
var ErrCrashed = errors.New("the browser crashed: this is a bug in gcimg; the trace above says where, please report it")

// Lister is the one API call the UI needs; tests hand it a fake.
type Lister interface {
	ListImages(ctx context.Context, opts api.ListOptions) (*api.ListResponse, error)
	PerPage() int
}

// Options configure the browser.
type Options struct {
	Client Lister
	Tab    catalog.Tab // starting tab
	Region string      // starting region filter ("" for all)
	Theme  theme.Mode
	// Profile is the terminal's colour profile, which the theme's colours
	// are converted to (theme.New). Unknown keeps them in true colour for
	// Bubble Tea's renderer to convert. Run and Pick detect it.
	Profile colorprofile.Profile
	Layout  layout.Mode      // the list alone or beside a preview; "" is layout.Auto
	Now     func() time.Time // clock for relative dates; nil means time.Now
	Query   string           // starting text filter

	Clipboard clip.Method // how copies reach the clipboard; "" means auto
	ClipEnv   *clip.Env   // nil: the real environment (tests inject a fake)

	Keys *keymap.KeyMap // the user's bindings; nil means keymap.Default()

	Columns map[catalog.Tab][]columns.Column // the config file's columns by tab; a tab not in it keeps columns.Defaults

	Pick  bool      // pick mode: enter chooses an image and the program ends
	Print refs.Kind // pick mode: what to return for the chosen image

	// Log writes a line to the debug log (--debug-log); nil when there is
	// none. The model notes there each size the terminal reports.
	Log func(format string, args ...any)
}

// Run opens the full-screen browser and returns when the user quits.
func Run(ctx context.Context, o Options) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	o.Profile = colorprofile.Detect(os.Stdout, os.Environ())
	_, err := runProgram(ctx, New(ctx, o))
	return err
}

// frameRate is how many frames a second Bubble Tea may draw: the most it
// allows (its default is 60). A frame is drawn only when the view has
// changed since the last one, and then only its changed lines are
// written, so an idle screen costs nothing more; what the higher rate
// buys is a shorter wait between a key's Update and its frame: 4 ms on
// average instead of 8, which is most of what a cursor move costs on
// screen (bench/LATENCY.md).
const frameRate = 120

// runProgram runs m with the program options every mode shares and opts;
// the user interrupting or killing it is ErrCanceled, a caught panic
// ErrCrashed. The model gets the program's Send, through which the
// goroutines of its requests tell it of retries.
func runProgram(ctx context.Context, m *Model, opts ...tea.ProgramOption) (tea.Model, error) {
	opts = append([]tea.ProgramOption{tea.WithContext(ctx), tea.WithFPS(frameRate)}, opts...)
	if m.opts.Profile == colorprofile.ANSI256 {
		// The theme is already in the terminal's 256 colours, and so is
		// every colour the bubbles components default to: the renderer
		// is told to pass them through as they are (a true-colour
		// profile converts nothing) instead of looking each cell's
		// colours up again on every frame, which was two thirds of its
		// time on a screen of the 100k benchmark (bench/LATENCY.md).
		opts = append(opts, tea.WithColorProfile(colorprofile.TrueColor))
	}
	if m.opts.Log != nil {
		m.opts.Log("colour profile %v", m.opts.Profile)
	}
	p := tea.NewProgram(m, opts...)
	m.send = p.Send
	final, err := p.Run()
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		// Bubble Tea wraps it in ErrProgramKilled: test it first.
		return nil, ErrCrashed
	case errors.Is(err, tea.ErrProgramKilled), errors.Is(err, tea.ErrInterrupted):
		return nil, ErrCanceled
	}
	return final, err
}
