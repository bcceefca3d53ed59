// Command lines prints a generated catalog one image per line, as the
// benchmarks' stock list filters it: the sanitised name, slug and family
// that gcimg matches a query against (corpus.Line). bench/compare.sh feeds
// it to `fzf --filter`, so that fzf, the stock list and gcimg search the
// same text for the same images.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/bench/corpus"
)

func main() {
	n := flag.Int("n", 100_000, "number of images")
	seed := flag.Int64("seed", 1, "catalog seed (the benchmarks use 1)")
	flag.Parse()
	w := bufio.NewWriter(os.Stdout)
	for _, e := range corpus.Entries(fakeapi.Generate(*n, *seed)) {
		fmt.Fprintln(w, corpus.Line(e))
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
