package api

import "context"

// ListAllAhead is ListAll with a chosen bound on pages in flight, for the
// benchmark's sequential baseline.
func ListAllAhead(c *Client, ctx context.Context, t ImageType, ahead int) ([]Image, error) {
	return c.listAll(ctx, t, ahead)
}
