package catalog

import (
	"context"

	"github.com/genesiscloud-tools/gcimg/api"
)

// AllLister lists a whole feed; the api client is one.
type AllLister interface {
	ListAll(ctx context.Context, t api.ImageType) ([]api.Image, error)
}

// Select returns the images that pass q, in the order a tab shows them
// for q once every page has arrived: the same rows as the TUI, for
// `gcimg list` and for pick's --select-1 and --exit-0. images is not
// modified.
func Select(images []api.Image, q Query) []api.Image {
	v := NewResults()
	v.Update(newEntries(images), q)
	out := make([]api.Image, 0, v.Len())
	v.rowsView().each(func(it item) bool {
		out = append(out, images[it.seq])
		return true
	})
	return out
}

// newEntries makes an entry of each image, in order, as one page would.
func newEntries(images []api.Image) []*Entry {
	in := NewInterner()
	entries := make([]*Entry, len(images))
	for i := range images {
		entries[i] = NewEntry(images[i], i, in)
	}
	return entries
}

// Matching lists every image of tab t (all pages) and returns those that
// pass q, in q's order (see Select).
func Matching(ctx context.Context, c AllLister, t Tab, q Query) ([]api.Image, error) {
	images, err := c.ListAll(ctx, t.Type())
	if err != nil {
		return nil, err
	}
	return Select(images, q), nil
}
