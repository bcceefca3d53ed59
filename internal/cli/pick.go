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
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
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
		Columns:   g.columns,
		Client:    hinted{client, g},
		Tab:       g.tab,
		Region:    g.region,
		Theme:     mode,
		Layout:    g.layout,
		Clipboard: g.clipboard,
		Log:       client.Logf,
	}, client, cleanup, nil
}

func newPickCmd(g *globals, e env) *cobra.Command {
	var (
		query           string
		selectOne, exit bool
	)
	cmd := &cobra.Command{
		Use:   "pick",
		Short: "Choose an image interactively and print its ID (or slug) to stdout",
		Long: `Draw the browser on the terminal (/dev/tty) and print the chosen image's
value to stdout, so it works inside $(...). enter chooses; esc, q or
ctrl+c print nothing and exit 130, as fzf does. --query takes fzf's
extended syntax ('exact, ^prefix, suffix$, !not, a | b).`,
		Example: `  IMAGE=$(gcimg pick --type cloud-image)
  gcimg pick --print terraform --query ubuntu
  gcimg pick --select-1 --query 'ubuntu 24.04' --print slug
  IMAGE=$(gcimg pick --exit-0 --query '^rocky') || echo "no Rocky image"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o, client, cleanup, err := uiOptions(g, e)
			if err != nil {
				return err
			}
			defer cleanup()
			o.Query = query
			if selectOne || exit {
				// Decided on the whole tab before anything is drawn, so
				// retries are said on stderr.
				ctx := api.WithRetryHook(cmd.Context(), retryNotices(e.stderr))
				matches, err := catalog.Matching(ctx, client, o.Tab, catalog.Query{Text: o.Query, Region: o.Region})
				switch {
				case err != nil:
					return err
				case len(matches) == 0 && exit:
					return errNoMatch{query: o.Query, region: o.Region}
				case len(matches) == 1 && selectOne:
					v, err := refs.For(&matches[0], o.Print)
					if err != nil {
						return err
					}
					return printChoice(e, ui.Choice{Value: v, Warning: refs.Warning(&matches[0])})
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
	f.BoolVarP(&exit, "exit-0", "0", false, "exit 1 at once, without drawing, when no image matches")
	return cmd
}

// errNoMatch is pick --exit-0 finding nothing: exit 1, as fzf's --exit-0,
// with a line on stderr that says what found nothing.
type errNoMatch struct{ query, region string }

func (e errNoMatch) Error() string {
	msg := "no image matches"
	if e.query != "" {
		msg += fmt.Sprintf(" the query %q", e.query)
	}
	if e.region != "" {
		msg += " in region " + e.region
	}
	return msg
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
