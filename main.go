// Command gcimg browses the Genesis Cloud compute image catalog: a
// keyboard-first TUI to find an image and copy its ID or slug, `gcimg
// pick` for shell scripts, and `gcimg list` for everything else. The
// command line lives in internal/cli.
package main

import (
	"os"

	"github.com/genesiscloud-tools/gcimg/internal/cli"
)

func main() { os.Exit(cli.Main()) }
