package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/theme"
	"github.com/genesiscloud-tools/gcimg/ui"
)

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
	client, cleanup, err := connect(g, e)
	if err != nil {
		return ui.Options{}, nil, nil, err
	}
	mode := g.theme
	if theme.NoColorEnv(e.getenv) {
		mode = theme.None
	}
	return ui.Options{
		Print:     g.print,
		Keys:      g.keys,
		Client:    hinted{client, g},
		Tab:       g.tab,
		Region:    g.region,
		Theme:     mode,
		Clipboard: g.clipboard,
	}, client, cleanup, nil
}

func newPickCmd(g *globals, e env) *cobra.Command {
	var (
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
			o, client, cleanup, err := uiOptions(g, e)
			if err != nil {
				return err
			}
			defer cleanup()
			o.Query = query
			if selectOne {
				// Nothing is drawn yet: retries are said on stderr.
				ctx := api.WithRetryHook(cmd.Context(), retryNotices(e.stderr))
				c, ok, err := ui.SelectOne(ctx, client, o)
				if err != nil {
					return err
				}
				if ok {
					return printChoice(e, c)
				}
			}
			c, err := ui.Pick(cmd.Context(), o)
			if err != nil {
				return err
			}
			return printChoice(e, c)
		},
	}
	f := cmd.Flags()
	enumVar(cmd, f, &g.print, "print", "", "what to print", refs.Kinds)
	f.StringVar(&query, "query", "", "start with this filter")
	f.BoolVarP(&selectOne, "select-1", "1", false, "print at once, without drawing, when exactly one image matches")
	return cmd
}

// printChoice prints the value chosen on stdout. A snapshot that cannot
// start an instance yet is said beside it, on stderr: the value is still
// what was asked for.
func printChoice(e env, c ui.Choice) error {
	if c.Warning != "" {
		fmt.Fprintf(e.stderr, "gcimg: warning: %s\n", text.Sanitize(c.Warning))
	}
	_, err := fmt.Fprintln(e.stdout, c.Value)
	return err
}

// hinted is the client as the browser sees it: the API's errors carry the
// same hint they get on stderr, so the screen says which setting to fix.
type hinted struct {
	*api.Client
	g *globals
}

func (h hinted) ListImages(ctx context.Context, opts api.ListOptions) (*api.ListResponse, error) {
	resp, err := h.Client.ListImages(ctx, opts)
	if hint := h.g.hint(err); hint != "" {
		err = fmt.Errorf("%w%s", err, hint)
	}
	return resp, err
}
