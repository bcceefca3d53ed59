// Command lines prints a generated catalog one image per line, as the
// benchmarks' stock list filters it: the sanitised name, slug and family
// that gcimg matches a query against. bench/compare.sh feeds it to
// `fzf --filter`, so that fzf, the stock list and gcimg search the same
// text for the same images.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

func main() {
	n := flag.Int("n", 100_000, "number of images")
	seed := flag.Int64("seed", 1, "catalog seed (the benchmarks use 1)")
	flag.Parse()
	w := bufio.NewWriter(os.Stdout)
	in := catalog.NewInterner()
	for i, im := range fakeapi.Generate(*n, *seed) {
		e := catalog.NewEntry(im, i, in)
		fmt.Fprintln(w, strings.Join([]string{e.Name, e.Slug, e.Family}, " "))
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
