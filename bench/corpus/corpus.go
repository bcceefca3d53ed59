// Package corpus is the catalog the benchmarks compare gcimg and fzf on:
// the images fakeapi.Generate makes, the entries gcimg's catalog turns
// them into, and the line of text fzf gets for each.
package corpus

import (
	"strings"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// Entries are images as gcimg's All tab holds them, in arrival order.
func Entries(images []api.Image) []*catalog.Entry {
	in := catalog.NewInterner()
	out := make([]*catalog.Entry, len(images))
	for i, im := range images {
		out[i] = catalog.NewEntry(im, i, in)
	}
	return out
}

// Line is the text fzf filters for e: the sanitised name, slug and family
// that gcimg matches a query against, separated by spaces.
func Line(e *catalog.Entry) string {
	return strings.Join([]string{e.Name, e.Slug, e.Family}, " ")
}
