package clip

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/genesiscloud-tools/gcimg/internal/text"
)

var goos = runtime.GOOS

// Result is what a copy achieved.
type Result struct {
	// Text is what was copied.
	Text string
	// Via names, in plan order, the ways known to have worked — or, for
	// "OSC 52", assumed to: the terminal never confirms it. Empty when
	// nothing is known to have reached a clipboard, in which case the UI
	// should show Text for the user to select by hand.
	Via []string
	// Err joins the failures of the tools that were tried. A tool that is
	// not installed is not a failure. Err can be set while Via is not:
	// the native tool may fail where tmux worked.
	Err error
}

// Copy runs the steps of Plan(m, env) that are commands (tmux, native
// tools), one after another, each bounded by env.Timeout. It does not
// write OSC 52 — inside a Bubble Tea program only Bubble Tea may write to
// the terminal, which is what Cmd arranges — so "OSC 52" never appears in
// its Via.
func Copy(ctx context.Context, m Method, text string, env Env) Result {
	return run(ctx, Plan(m, env), text, env)
}

func run(ctx context.Context, steps []Step, text string, env Env) Result {
	r := Result{Text: text}
	var errs []error
	for _, s := range steps {
		if s.Argv == nil {
			continue
		}
		if err := ctx.Err(); err != nil {
			errs = append(errs, fmt.Errorf("%s: not tried: %w", s.Name, err))
			continue
		}
		err := runOne(ctx, env, text, s.Argv)
		if err != nil && s.Fallback != nil && ctx.Err() == nil && !errors.Is(err, context.DeadlineExceeded) {
			if ferr := runOne(ctx, env, text, s.Fallback); ferr != nil {
				err = fmt.Errorf("%w; %s: %w", err, strings.Join(s.Fallback, " "), ferr)
			} else {
				err = nil
			}
		}
		switch {
		case err == nil:
			r.Via = append(r.Via, s.Name)
		case errors.Is(err, exec.ErrNotFound):
			// Removed since Plan looked, or never runnable: not a failure.
		default:
			errs = append(errs, fmt.Errorf("%s: %w", s.Name, err))
		}
	}
	r.Err = errors.Join(errs...)
	return r
}

func runOne(ctx context.Context, env Env, text string, argv []string) error {
	if env.Run == nil {
		return fmt.Errorf("%s: %w", argv[0], exec.ErrNotFound)
	}
	ctx, cancel := context.WithTimeout(ctx, env.timeout())
	defer cancel()
	err := env.Run(ctx, text, argv[0], argv[1:]...)
	if err != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		// The process was killed because time ran out or the copy was
		// cancelled; say so rather than just "signal: killed".
		err = fmt.Errorf("%w (%w)", ctx.Err(), err)
	}
	return err
}

// maxStderr is how much of a tool's complaint makes it into an error.
const maxStderr = 300

// runCommand is the real Env.Run. Standard error goes to an unlinked
// temporary file rather than a pipe: xclip and wl-copy fork a child that
// keeps serving the selection and inherits the descriptors, and
// exec.Cmd.Wait would wait for that child to close a pipe.
func runCommand(ctx context.Context, stdin string, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.WaitDelay = 200 * time.Millisecond // bounds the stdin copy after a kill
	errf, ferr := os.CreateTemp("", "gcimg-clip-*")
	if ferr == nil {
		defer errf.Close()
		os.Remove(errf.Name())
		cmd.Stderr = errf
	}
	err := cmd.Run()
	if err == nil || errf == nil {
		return err
	}
	msg := make([]byte, maxStderr)
	n, _ := errf.ReadAt(msg, 0)
	if s := strings.TrimSpace(text.Sanitize(string(msg[:n]))); s != "" {
		return fmt.Errorf("%w: %s", err, s)
	}
	return err
}
