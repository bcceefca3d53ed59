package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/config"
	"github.com/genesiscloud-tools/gcimg/theme"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
	"github.com/genesiscloud-tools/gcimg/ui/clip"
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
	pf.StringVar(&g.clipboard, "clipboard", string(clip.Auto), "how copies reach the clipboard: auto, osc52, tmux, native, off")

	_ = root.RegisterFlagCompletionFunc("type", completeFrom(api.KnownTypes))
	_ = root.RegisterFlagCompletionFunc("region", completeFrom(api.KnownRegions))
	_ = root.RegisterFlagCompletionFunc("theme", completeFrom(theme.Modes))

	_ = root.RegisterFlagCompletionFunc("clipboard", completeFrom(clip.Methods))

	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		if isCompletion(cmd) {
			return nil
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
