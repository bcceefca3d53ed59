package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/genesiscloud-tools/gcimg/internal/config"
)

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
