package cli

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/output"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

func newListCmd(g *globals, e env) *cobra.Command {
	format := output.Table
	var lf listFlags
	cmd := &cobra.Command{
		Use:   "list",
		Short: "Print the image catalog for scripts",
		Long: `Print every image (all pages) to stdout. Errors go to stderr; the exit code
is 1 when the API or the network fails and 2 for bad usage. Retries are
said on stderr as they happen. When the server's paging breaks off early
(it ignores the page parameter), the images received are printed, stderr
says which listing is incomplete, and the exit code is 1. -o ids and
-o slugs print each identifier exactly as the API sent it: a slug that
holds control characters or escape sequences is replaced by the image's
ID, and an image whose ID does is left out (exit 1), each with a warning
on stderr.

Images come in the API's order, unless --query, --sort or --reverse ask
for the browser's: by name, or with --query best match first. --sort
orders by that alone (dates newest first), even with --query; --reverse
reverses the sort, not the ranking. --query takes fzf's extended syntax:
'exact, ^prefix, suffix$, !not, a | b.`,
		Example: `  gcimg list --type cloud-image
  gcimg list --region NORD-NO-KRS-1 -o slugs
  gcimg list --query 'ubuntu !cuda' --sort created --no-headers
  gcimg list --columns slug,id -o tsv | cut -f2
  gcimg list -o json | jq '.[] | select(.os_type == "windows") | .id'`,
		Args: cobra.NoArgs,
		PreRunE: func(cmd *cobra.Command, _ []string) error {
			return lf.check(cmd, format)
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			client, cleanup, err := connect(g, e)
			if err != nil {
				return err
			}
			defer cleanup()
			ctx := api.WithRetryHook(cmd.Context(), retryNotices(e.stderr))
			images, err := client.ListAll(ctx, g.tab.Type())
			// An incomplete listing still prints what it has; the error
			// (one line per listing) follows, with exit 1.
			if _, partial := errors.AsType[*api.IncompleteError](err); err != nil && !partial {
				return err
			}
			if g.region != "" {
				images = inRegion(images, g.region)
			}
			if lf.reorders(cmd) {
				images = catalog.Select(images, lf.query(cmd))
			}
			// An identifier that cannot be printed as it is gives way to
			// the ID, or leaves its image out (exit 1), said on stderr.
			opts := lf.options(g.tab, termWidth(e.stdout), time.Now())
			opts.Warn = func(msg string) { fmt.Fprintf(e.stderr, "gcimg: warning: %s\n", msg) }
			werr := output.Write(e.stdout, images, format, opts)
			if _, leftOut := errors.AsType[*output.LeftOutError](werr); werr != nil && !leftOut {
				return werr
			}
			warnUnknownRegion(e.stderr, g.region, len(images))
			return errors.Join(err, werr)
		},
	}
	enumVar(cmd, cmd.Flags(), &format, "output", "o", "output format", output.Formats)
	lf.define(cmd)
	return cmd
}
