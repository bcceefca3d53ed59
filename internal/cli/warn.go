package cli

// What gcimg says on stderr while it works and once it is done, beside
// the results on stdout: retries as they are scheduled, and a region code
// that matched nothing.

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/text"
)

// retryNotices is an api.WithRetryHook hook that says each retry on w
// before its wait, one line each ("gcimg: retrying page 3 of snapshot
// images (2/5) in 2s: 500 Internal Server Error"), so that a listing
// waiting out a backoff is not taken for a hung one. ListAll's fetchers
// call it concurrently; lines never mix.
func retryNotices(w io.Writer) func(api.Retry) {
	var mu sync.Mutex
	return func(r api.Retry) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "gcimg: %s\n", text.Sanitize(r.String()))
	}
}

// inRegion keeps the images available in region, comparing codes without
// regard to case.
func inRegion(images []api.Image, region string) []api.Image {
	kept := images[:0]
	for _, im := range images {
		if slices.ContainsFunc(im.Regions, func(r string) bool { return strings.EqualFold(r, region) }) {
			kept = append(kept, im)
		}
	}
	return kept
}

// warnUnknownRegion says on w that region, a code gcimg does not know,
// matched none of the images listed: a new region, or a mistyped one
// that is not near a known code.
func warnUnknownRegion(w io.Writer, region string, matched int) {
	if region == "" || matched > 0 || slices.Contains(api.KnownRegions, region) {
		return
	}
	fmt.Fprintf(w, "gcimg: no image is in region %s, which is not a known region (%s); check the code\n",
		text.Sanitize(region), strings.Join(api.KnownRegions, ", "))
}
