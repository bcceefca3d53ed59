package api

import (
	"context"
	"fmt"
)

// maxListPages is a last-resort bound for ListAll. Walk already ends a
// feed on an empty, short or all-duplicate page; this only stops a server
// that keeps inventing new IDs on full pages, which would otherwise be
// walked until memory runs out. At 100 per page it is a million images,
// far beyond any real account.
var maxListPages = 10000 // a var only so tests can lower it

// ListAll fetches every page of images of type t ("" for all types), one
// page at a time, and returns them deduplicated by ID in server order.
// Paging stops by Walk's rules, never by total_count. Pages are fetched
// sequentially on purpose: the API publishes no rate limits, and a dump
// of a few pages gains little from parallel requests. On error nothing
// partial is returned; the error names the type and page.
func (c *Client) ListAll(ctx context.Context, t ImageType) ([]Image, error) {
	w := NewWalk(t, c.perPage)
	all := []Image{}
	for !w.Done() {
		page := w.NextPage()
		if page > maxListPages {
			return nil, fmt.Errorf("list %s: stopped after %d pages: the server keeps returning new images on full pages", typeLabel(t), maxListPages)
		}
		resp, err := c.ListImages(ctx, w.Options())
		if err != nil {
			return nil, fmt.Errorf("list %s, page %d: %w", typeLabel(t), page, err)
		}
		all = append(all, w.Add(resp)...)
	}
	return all, nil
}

func typeLabel(t ImageType) string {
	if t == "" {
		return "images"
	}
	return string(t) + " images"
}
