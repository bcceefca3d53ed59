// Package cli is gcimg's command line: the cobra commands, their flags,
// configuration precedence (flags, then environment, then the config
// file, then defaults), token handling and exit codes. main calls Main.
package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/internal/config"
	"github.com/genesiscloud-tools/gcimg/internal/output"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/keymap"
	"github.com/genesiscloud-tools/gcimg/theme"
	"github.com/genesiscloud-tools/gcimg/ui"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
	clipboard "github.com/genesiscloud-tools/gcimg/ui/clip"
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
	typ       string
	region    string
	theme     string
	clipboard string
	debugLog  string
	timeout   time.Duration

	configFile string         // --config
	keys       *keymap.KeyMap // from the config file
	format     string         // the config's default copy/print format ("" = built-in)
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
		fmt.Fprintf(e.stderr, "gcimg: %s\n", text.Sanitize(err.Error()))
		return exitFailure
	}
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

func newRoot(g *globals, e env) *cobra.Command {
	root := &cobra.Command{
		Use:   "gcimg",
		Short: "Browse the Genesis Cloud image catalog and copy an image ID or slug",
		Long: `gcimg finds a Genesis Cloud compute image and gets its ID or slug into your
instance config, fast. Run it with no command for the interactive browser.

Authentication: set GENESISCLOUD_TOKEN (or use --token-file). Try it
without an account: gcimg --demo.`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runBrowse(cmd.Context(), g, e)
		},
	}
	root.SetVersionTemplate("gcimg {{.Version}}\n")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })

	pf := root.PersistentFlags()
	pf.BoolVar(&g.demo, "demo", false, "use the built-in demo catalog (no account or network needed)")
	pf.StringVar(&g.endpoint, "endpoint", "", "API base URL including /compute/v1 (env "+api.EnvEndpoint+")")
	pf.StringVar(&g.tokenFile, "token-file", "", "read the API token from this file (mode 600) instead of "+api.EnvToken)
	pf.StringVar(&g.typ, "type", "", "image type: base-os, cloud-image, preconfigured, snapshot")
	pf.StringVar(&g.region, "region", "", "only images available in this region, e.g. NORD-NO-KRS-1")
	pf.StringVar(&g.theme, "theme", string(theme.Auto), "colour theme: auto, dark, light, none (NO_COLOR also turns colour off)")
	pf.StringVar(&g.configFile, "config", "", "read settings from this file (default: see gcimg config path)")
	pf.StringVar(&g.debugLog, "debug-log", "", "append requests, statuses, timings and retries (never the token) to this file (env GCIMG_DEBUG_LOG)")
	pf.DurationVar(&g.timeout, "timeout", 30*time.Second, "give up on one API request after this long")
	pf.StringVar(&g.clipboard, "clipboard", string(clipboard.Auto), "how copies reach the clipboard: auto, osc52, tmux, native, off")

	_ = root.RegisterFlagCompletionFunc("type", completeFrom(api.KnownTypes))
	_ = root.RegisterFlagCompletionFunc("region", completeFrom(api.KnownRegions))
	_ = root.RegisterFlagCompletionFunc("theme", completeFrom(theme.Modes))

	_ = root.RegisterFlagCompletionFunc("clipboard", completeFrom(clipboard.Methods))

	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		if isCompletion(cmd) {
			return nil
		}
		return applyConfig(cmd, g, e)
	}
	root.AddCommand(newListCmd(g, e), newPickCmd(g, e), newConfigCmd(g, e))
	return root
}

func newListCmd(g *globals, e env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "Print the image catalog for scripts",
		Long: `Print every image (all pages) to stdout. Errors go to stderr; the exit code
is 1 when the API or the network fails and 2 for bad usage.`,
		Example: `  gcimg list --type cloud-image
  gcimg list --region NORD-NO-KRS-1 -o slugs
  gcimg list -o json | jq '.[] | select(.os_type == "windows") | .id'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := output.ParseFormat(format)
			if err != nil {
				return usageError{err}
			}
			tab, err := parseTab(g.typ)
			if err != nil {
				return err
			}
			client, cleanup, err := connect(g, e)
			if err != nil {
				return err
			}
			defer cleanup()
			images, err := client.ListAll(cmd.Context(), tab.Type())
			if err != nil {
				return err
			}
			if g.region != "" {
				kept := images[:0]
				for i := range images {
					if images[i].HasRegion(g.region) {
						kept = append(kept, images[i])
					}
				}
				images = kept
			}
			return output.Write(e.stdout, images, f, output.Options{Width: termWidth(e.stdout), Now: time.Now()})
		},
	}
	cmd.Flags().StringVarP(&format, "output", "o", string(output.Table), "output format: table, json, ids, slugs")
	_ = cmd.RegisterFlagCompletionFunc("output", completeFrom(output.Formats))
	return cmd
}

func runBrowse(ctx context.Context, g *globals, e env) error {
	o, _, cleanup, err := uiOptions(g, e)
	if err != nil {
		return err
	}
	defer cleanup()
	return ui.Run(ctx, o)
}

// uiOptions validates the flags the browser and pick share and connects.
func uiOptions(g *globals, e env) (ui.Options, *api.Client, func(), error) {
	var o ui.Options
	tab, err := parseTab(g.typ)
	if err != nil {
		return o, nil, nil, err
	}
	mode, err := theme.ParseMode(g.theme)
	if err != nil {
		return o, nil, nil, usageError{err}
	}
	if theme.NoColorEnv(e.getenv) {
		mode = theme.None
	}
	method, err := clipboard.ParseMethod(g.clipboard)
	if err != nil {
		return o, nil, nil, usageError{err}
	}
	print := refs.ID
	if g.format != "" {
		if print, err = refs.ParseKind(g.format); err != nil {
			return o, nil, nil, usageError{err}
		}
	}
	client, cleanup, err := connect(g, e)
	if err != nil {
		return o, nil, nil, err
	}
	return ui.Options{
		Print:     print,
		Keys:      g.keys,
		Client:    client,
		Tab:       tab,
		Region:    g.region,
		Theme:     mode,
		Clipboard: method,
	}, client, cleanup, nil
}

func newPickCmd(g *globals, e env) *cobra.Command {
	var (
		print     string
		query     string
		selectOne bool
	)
	cmd := &cobra.Command{
		Use:   "pick",
		Short: "Choose an image interactively and print its ID (or slug) to stdout",
		Long: `Draw the browser on the terminal (/dev/tty) and print the chosen image's
value to stdout, so it works inside $(...). enter chooses; esc, q or
ctrl+c print nothing and exit 130, as fzf does.`,
		Example: `  IMAGE=$(gcimg pick --type cloud-image)
  gcimg pick --print terraform --query ubuntu
  gcimg pick --select-1 --query 'ubuntu 24.04' --print slug`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("print") && g.format != "" {
				print = g.format
			}
			kind, err := refs.ParseKind(print)
			if err != nil {
				return usageError{err}
			}
			o, client, cleanup, err := uiOptions(g, e)
			if err != nil {
				return err
			}
			defer cleanup()
			o.Query, o.Print = query, kind
			if selectOne {
				v, ok, err := ui.SelectOne(cmd.Context(), client, o)
				if err != nil {
					return err
				}
				if ok {
					_, err := fmt.Fprintln(e.stdout, v)
					return err
				}
			}
			v, err := ui.Pick(cmd.Context(), o)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(e.stdout, v)
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&print, "print", string(refs.ID), "what to print: id, slug, slug-version, terraform, json")
	f.StringVar(&query, "query", "", "start with this filter")
	f.BoolVarP(&selectOne, "select-1", "1", false, "print at once, without drawing, when exactly one image matches")
	_ = cmd.RegisterFlagCompletionFunc("print", completeFrom(refs.Kinds))
	return cmd
}

// isCompletion reports whether cmd is shell completion (`gcimg completion
// bash`, and the hidden __complete the scripts call on every tab), which
// must work with a broken config file: the file does not change what
// completes, and otherwise each new shell and each tab would fail.
func isCompletion(cmd *cobra.Command) bool {
	for c := cmd; c != nil; c = c.Parent() {
		switch c.Name() {
		case "completion", cobra.ShellCompRequestCmd, cobra.ShellCompNoDescRequestCmd:
			return true
		}
	}
	return false
}

// applyConfig fills in what the flags left unset from the config file:
// flags beat environment variables, which beat the file, which beats the
// defaults. A config that does not load stops start-up: gcimg never runs
// half-configured.
func applyConfig(cmd *cobra.Command, g *globals, e env) error {
	path, explicit := g.configFile, g.configFile != ""
	if !explicit {
		p, err := config.DefaultPath(e.getenv)
		if err != nil {
			return nil // no home directory: run on the defaults
		}
		path = p
	}
	cfg, err := config.Load(path, explicit)
	if err != nil {
		return usageError{err}
	}
	km, err := cfg.KeyMap()
	if err != nil {
		return usageError{err}
	}
	g.keys, g.format = &km, cfg.Format
	flags := cmd.Flags()
	set := func(flag string, dst *string, val string) {
		if val != "" && !flags.Changed(flag) {
			*dst = val
		}
	}
	if strings.TrimSpace(e.getenv(api.EnvEndpoint)) == "" {
		set("endpoint", &g.endpoint, cfg.Endpoint)
	}
	if cmd.Name() != "list" { // a script's output must not follow the user's TUI defaults
		set("type", &g.typ, cfg.Tab)
		set("region", &g.region, cfg.Region)
	}
	set("theme", &g.theme, cfg.Theme) // NO_COLOR still wins
	set("clipboard", &g.clipboard, cfg.Clipboard)
	return nil
}

func newConfigCmd(g *globals, e env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show where the config file is, or print one to start from",
		Args:  cobra.NoArgs,
		// These must work with a broken or missing file.
		PersistentPreRunE: func(*cobra.Command, []string) error { return nil },
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "path",
		Short: "Print where gcimg looks for its config file",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			path := g.configFile
			if path == "" {
				p, err := config.DefaultPath(e.getenv)
				if err != nil {
					return usageError{err}
				}
				path = p
			}
			_, err := fmt.Fprintln(e.stdout, path)
			return err
		},
	}, &cobra.Command{
		Use:     "default",
		Short:   "Print a commented config file with every setting and key binding",
		Example: `  mkdir -p "$(dirname "$(gcimg config path)")" && gcimg config default > "$(gcimg config path)"`,
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := io.WriteString(e.stdout, config.Default())
			return err
		},
	})
	return cmd
}

// completeFrom completes a flag's value from a fixed list.
func completeFrom[S ~string](values []S) cobra.CompletionFunc {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// parseTab maps --type to the tab it opens; "" means All.
func parseTab(s string) (catalog.Tab, error) {
	tab, ok := catalog.TabForType(s)
	if !ok {
		return tab, usageError{fmt.Errorf("unknown --type %q: valid types are base-os, cloud-image, preconfigured, snapshot", s)}
	}
	return tab, nil
}

// connect builds the API client: the demo server, or the real endpoint
// with the user's token. Flags beat the environment, which beats defaults.
func connect(g *globals, e env) (*api.Client, func(), error) {
	cfg := api.Config{Version: version(), Timeout: g.timeout}
	var closers []func()
	cleanup := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
	if path := cmp.Or(g.debugLog, e.getenv("GCIMG_DEBUG_LOG")); path != "" {
		debug, closeLog, err := openDebugLog(path)
		if err != nil {
			return nil, nil, usageError{err}
		}
		cfg.Debug = debug
		closers = append(closers, closeLog)
	}
	if g.demo {
		srv, err := fakeapi.Start(fakeapi.Options{Latency: demoLatency})
		if err != nil {
			cleanup()
			return nil, nil, fmt.Errorf("start the demo API: %w", err)
		}
		cfg.Endpoint, cfg.Token = srv.URL, fakeapi.DemoToken
		closers = append(closers, func() { _ = srv.Close() })
	} else {
		cfg.Endpoint = api.ResolveEndpoint(g.endpoint, e.getenv)
		tok, err := token(g.tokenFile, e.getenv)
		if err != nil {
			cleanup()
			return nil, nil, err
		}
		cfg.Token = tok
	}
	c, err := api.New(cfg)
	if err != nil {
		cleanup()
		return nil, nil, usageError{err}
	}
	return c, cleanup, nil
}

// openDebugLog opens the --debug-log file for appending (mode 600: it
// holds URLs and timings a user may not want to share by accident) and
// returns a line writer for api.Config.Debug, which never passes the token.
func openDebugLog(path string) (func(string, ...any), func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("open --debug-log: %w", err)
	}
	var mu sync.Mutex
	write := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(f, "%s %s\n", time.Now().UTC().Format(time.RFC3339Nano), fmt.Sprintf(format, args...))
	}
	write("gcimg %s (%s/%s) started", version(), runtime.GOOS, runtime.GOARCH)
	return write, func() { _ = f.Close() }, nil
}

// token reads --token-file, else GENESISCLOUD_TOKEN. The token is never a
// plain flag: it would leak into shell history and ps.
func token(file string, getenv func(string) string) (string, error) {
	if file != "" {
		info, err := os.Stat(file)
		if err != nil {
			return "", usageError{fmt.Errorf("read --token-file: %w", err)}
		}
		if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
			return "", usageError{fmt.Errorf("--token-file %s is readable by others (mode %04o): run chmod 600 %s", file, info.Mode().Perm(), file)}
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return "", usageError{fmt.Errorf("read --token-file: %w", err)}
		}
		tok := strings.TrimSpace(string(b))
		if tok == "" {
			return "", usageError{fmt.Errorf("--token-file %s is empty", file)}
		}
		return tok, nil
	}
	if tok := strings.TrimSpace(getenv(api.EnvToken)); tok != "" {
		return tok, nil
	}
	return "", usageError{errors.New("no API token: set " + api.EnvToken + " (create one in the Genesis Cloud console under Keys and Tokens), use --token-file, or try --demo")}
}

// termWidth is the width of w when it is a terminal, else 0 (unlimited).
func termWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return width
}

// version is the module version and VCS revision from the build info.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "-dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" {
		return fmt.Sprintf("%s (commit %s%s)", v, rev, modified)
	}
	return v
}
