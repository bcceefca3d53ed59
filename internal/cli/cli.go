// Package cli is gcimg's command line: the cobra commands, their flags,
// configuration precedence (flags, then environment, then the config
// file, then defaults), token handling and exit codes. main calls Main.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/columns"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/keymap"
	"github.com/genesiscloud-tools/gcimg/theme"
	"github.com/genesiscloud-tools/gcimg/ui"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
	"github.com/genesiscloud-tools/gcimg/ui/clip"
	"github.com/genesiscloud-tools/gcimg/ui/layout"
)

// Exit codes. 130 matches fzf for a cancelled pick.
const (
	exitOK       = 0
	exitFailure  = 1
	exitUsage    = 2
	exitCanceled = 130
)

// demoLatency makes paging visible in the demo without making it slow.
const demoLatency = 120 * time.Millisecond

// Main runs gcimg with the process's arguments, standard streams and
// environment, and returns the exit code. SIGINT and SIGTERM cancel the
// run.
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run(ctx, os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
}

// env is what a run may touch of the outside world, so tests can run the
// whole command line in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// usageError marks errors that are the user's to fix (exit 2).
type usageError struct{ error }

// globals are the flags shared by every command.
type globals struct {
	demo      bool
	endpoint  string
	tokenFile string
	tab       catalog.Tab // --type
	region    string
	theme     theme.Mode
	layout    layout.Mode
	clipboard clip.Method
	debugLog  string
	timeout   time.Duration

	configFile string                           // --config
	keys       *keymap.KeyMap                   // from the config file
	columns    map[catalog.Tab][]columns.Column // the browser's, from the config file
	print      refs.Kind                        // what c copies and pick prints (pick's --print, the config's format)

	// Where the token and the endpoint came from, for hint; "" for the
	// demo, and for the default endpoint.
	tokenFrom, endpointFrom string
}

func run(ctx context.Context, args []string, e env) int {
	var g globals
	root := newRoot(&g, e)
	root.SetArgs(args)
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	err := root.ExecuteContext(ctx)
	if err == nil && ctx.Err() != nil {
		// SIGINT or SIGTERM ended the run. Bubble Tea hears the signal too
		// and may turn it into a clean quit before it sees ctx end: exit
		// 130 either way, not 0 one time in two.
		return exitCanceled
	}
	if err == nil {
		return exitOK
	}
	var ue usageError
	switch {
	case errors.Is(err, ui.ErrCanceled):
		return exitCanceled
	case errors.As(err, &ue), isFlagError(err):
		fmt.Fprintf(e.stderr, "gcimg: %s\n", text.Sanitize(err.Error()))
		return exitUsage
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		return exitCanceled
	default:
		for _, err := range parts(err) {
			fmt.Fprintf(e.stderr, "gcimg: %s%s\n", text.Sanitize(err.Error()), text.Sanitize(g.hint(err)))
		}
		return exitFailure
	}
}

// parts are the errors that errors.Join joined into err, each to be said
// on a line of its own (every listing that is incomplete, or unavailable),
// or err alone.
func parts(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, parts(e)...) // a join of joins: list's
		}
		return out
	}
	return []error{err}
}

// hint adds to an API error what only the command line knows (the api
// package speaks only of itself): where the token it sent, or the
// endpoint it asked, came from.
func (g *globals) hint(err error) string {
	ae, ok := errors.AsType[*api.APIError](err)
	switch {
	case !ok:
		return ""
	case api.IsAuth(err) && g.tokenFrom != "":
		return "; the token was read from " + g.tokenFrom
	case ae.Status == http.StatusNotFound && g.endpointFrom != "":
		return "; the endpoint was set by " + g.endpointFrom
	case ae.Status == http.StatusNotFound:
		return "; set it with --endpoint or " + api.EnvEndpoint
	}
	return ""
}

// isFlagError recognises cobra's argument and flag parsing errors, which it
// returns as plain errors.
func isFlagError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown flag", "unknown shorthand", "flag needs an argument", "invalid argument", "unknown command", "accepts ", "requires "} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}
