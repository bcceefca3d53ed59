package cli

import (
	"fmt"
	"io"
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
