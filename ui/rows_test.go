package ui

import (
	"iter"

	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// allRows is every row of r with its index, in order. It works out every
// row's highlights, which the model never does (it reads the rows on
// screen), so it is for tests of small catalogs.
func allRows(r *catalog.Results) iter.Seq2[int, *catalog.Row] {
	return func(yield func(int, *catalog.Row) bool) {
		for i := range r.Len() {
			if !yield(i, r.At(i)) {
				return
			}
		}
	}
}
