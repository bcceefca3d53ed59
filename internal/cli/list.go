package cli

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/genesiscloud-tools/gcimg/internal/output"
)

func newListCmd(g *globals, e env) *cobra.Command {
	format := output.Table
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
			client, cleanup, err := connect(g, e)
			if err != nil {
				return err
			}
			defer cleanup()
			images, err := client.ListAll(cmd.Context(), g.tab.Type())
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
			return output.Write(e.stdout, images, format, output.Options{Width: termWidth(e.stdout), Now: time.Now()})
		},
	}
	enumVar(cmd, cmd.Flags(), &format, "output", "o", "output format", output.Formats)
	return cmd
}
