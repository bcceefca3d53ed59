package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/config"
	"github.com/genesiscloud-tools/gcimg/internal/enum"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/theme"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
	"github.com/genesiscloud-tools/gcimg/ui/clip"
	"github.com/genesiscloud-tools/gcimg/ui/layout"
)

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
	root.SetFlagErrorFunc(flagError)

	pf := root.PersistentFlags()
	pf.BoolVar(&g.demo, "demo", false, "use the built-in demo catalog (no account or network needed)")
	pf.StringVar(&g.endpoint, "endpoint", "", "API base URL including /compute/v1 (env "+api.EnvEndpoint+")")
	pf.StringVar(&g.tokenFile, "token-file", "", "read the API token from this file (mode 600) instead of "+api.EnvToken)
	enumVar(root, pf, &g.tab, "type", "", "image type (the tab to start on)", catalog.Tabs)
	pf.StringVar(&g.region, "region", "", "only images available in this region, e.g. NORD-NO-KRS-1 (any case)")
	_ = root.RegisterFlagCompletionFunc("region", cobra.FixedCompletions(api.KnownRegions, cobra.ShellCompDirectiveNoFileComp))
	g.theme = theme.Auto
	enumVar(root, pf, &g.theme, "theme", "", "colour theme (NO_COLOR also turns colour off)", theme.Modes)
	g.layout = layout.Auto
	enumVar(root, pf, &g.layout, "layout", "", fmt.Sprintf("the browser's layout (auto: a preview beside the list from %d columns)", layout.AutoWidth), layout.Modes)
	pf.StringVar(&g.configFile, "config", "", "read settings from this file (default: see gcimg config path)")
	pf.StringVar(&g.debugLog, "debug-log", "", "append requests, statuses, timings and retries (never the token) to this file (env GCIMG_DEBUG_LOG)")
	pf.DurationVar(&g.timeout, "timeout", 30*time.Second, "give up on one API request after this long")
	g.clipboard = clip.Auto
	enumVar(root, pf, &g.clipboard, "clipboard", "", "how copies reach the clipboard", clip.Methods)
	g.print = refs.ID

	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		if isCompletion(cmd) {
			return nil
		}
		if err := checkRegion(g); err != nil {
			return err
		}
		return applyConfig(cmd, g, e)
	}
	root.AddCommand(newListCmd(g, e), newPickCmd(g, e), newConfigCmd(g, e))
	return root
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
	g.keys = &km
	g.columns = cfg.Columns // the browser's; list has its own
	// The file's values are valid names (Load checked them), set through
	// the flags' own parsers.
	var errs []error
	set := func(flag, val string) {
		if f := cmd.Flags().Lookup(flag); f != nil && val != "" && !f.Changed {
			errs = append(errs, f.Value.Set(val))
		}
	}
	if strings.TrimSpace(e.getenv(api.EnvEndpoint)) == "" {
		if f := cmd.Flags().Lookup("endpoint"); f != nil && !f.Changed && cfg.Endpoint != "" {
			g.endpointFrom = "the config file " + cfg.Path
		}
		set("endpoint", cfg.Endpoint)
	}
	if cmd.Name() != "list" { // a script's output must not follow the user's TUI defaults
		set("type", cfg.Tab)
		set("region", cfg.Region)
	}
	set("theme", cfg.Theme) // NO_COLOR still wins
	set("layout", cfg.Layout)
	set("clipboard", cfg.Clipboard)
	if cmd.Flags().Lookup("print") != nil {
		set("print", cfg.Format)
	} else if cfg.Format != "" { // the browser has no --print, but c copies the format
		var err error
		g.print, err = refs.Kinds.Parse(cfg.Format)
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return usageError{fmt.Errorf("config file %s: %w", cfg.Path, err)}
	}
	return nil
}

// enumVar defines a flag of cmd whose value is one of set: its help ends
// with the valid values, and shell completion offers them.
func enumVar[T comparable](cmd *cobra.Command, fs *pflag.FlagSet, p *T, name, short, usage string, set *enum.Set[T]) {
	fs.VarP(set.Var(p), name, short, usage+": "+set.String())
	_ = cmd.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(set.Names(), cobra.ShellCompDirectiveNoFileComp))
}

// flagError makes a flag parsing error a usage error (exit 2). A value
// outside an enum flag's set is said as `invalid --theme "x"; valid
// values are …`, the config file's wording.
func flagError(_ *cobra.Command, err error) error {
	var bad *pflag.InvalidValueError
	if ee, ok := errors.AsType[*enum.Error](err); ok && errors.As(err, &bad) {
		ee.What = "--" + bad.GetFlag().Name
		return usageError{ee}
	}
	return usageError{err}
}
