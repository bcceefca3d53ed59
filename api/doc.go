// Package api is a client for the Genesis Cloud compute images API: the
// images endpoint (GET /compute/v1/images) and the snapshots endpoint
// (GET /compute/v1/snapshots). It knows nothing about terminals: callers
// get typed values and typed errors and decide how to show them.
//
// # Two generations of the API
//
// The provider's images page names four image types (base-os,
// cloud-image, preconfigured, snapshot) at /images. Its current spec
// keeps only cloud-image there, answers other types with 400
// {"code":"00003","message":"invalid type"}, and serves snapshots at
// /snapshots, with a status, a size and their source. This package serves
// both by asking both endpoints and merging by ID:
//
//   - A listing is a Source: an Endpoint and, for /images, a type.
//     SourcesFor(t) names the listings that hold type t, in order.
//   - ListImages reads one page of either endpoint as images (entries of
//     /snapshots are converted with Snapshot.Image); ListSnapshots reads
//     /snapshots as it is.
//   - Image carries a snapshot's Status, SizeGiB and source IDs when the
//     snapshots endpoint listed it (nil otherwise, and left out of JSON).
//     Image.Ready says whether it can start an instance; Merge combines
//     the two endpoints' entries for one ID.
//   - ListAll(t) fetches every listing of t, all at the same time, and
//     merges them in a fixed order: what `gcimg list` prints.
//
// # Errors
//
// Failures are *APIError (any non-2xx; IsAuth for 401/403), *NetworkError
// or *DecodeError, found with errors.As. Transient ones (429, 5xx, resets,
// a truncated or undecodable 200) are retried with backoff first. Two
// answers are not faults and have their own types:
//
//   - *TypeRejectedError (IsTypeRejected): the server has no such image
//     type. Its message names the type; a UI shows a calm "this API
//     offers no base-os images", with no retry offer.
//   - *IncompleteError: a listing ended because a page brought nothing
//     new while total_count promised more (a server that ignores `page`).
//     ListAll returns the images it has together with this error; a CLI
//     prints them, warns on stderr and exits 1; a UI says so in the
//     status line and at the end of the list.
//
// Error messages are sanitised like image names (escape sequences are
// dropped whole) and never hold the token.
//
// # Seeing retries
//
// WithRetryHook puts a hook in a request's context that hears of each
// retry before its wait (Retry: page, attempt of how many, wait, reason),
// so a UI can say "retrying page 3 (2/5) in 2s: 500" while it waits and a
// CLI can say it on stderr.
//
// # Lazy feeds over both endpoints (for the TUI)
//
// A tab walks a Union of the listings of its type instead of one Walk:
//
//	u := api.NewUnion(api.SourcesFor(t), perPage, api.MaxPagesAhead)
//	opts, ok := u.Next()            // or u.Retry() after a failure
//	resp, err := client.ListImages(ctx, opts)
//	d := u.Deliver(opts, resp, err) // on the UI goroutine
//
// Next names one page at a time until a listing has shown that it pages
// honestly, then several (see Ahead); a lazily scrolled tab asks for one
// page when it nears the end, so its first screen costs one request.
// Listings are delivered one after another, each to its end; a caller
// that asks for pages while Next answers (to read the whole feed) also
// gets the next listing's pages meanwhile, whose replies the Union holds
// until their turn. Deliver returns a Delivery:
//
//   - Added: new entries, to append. Entries never move.
//   - Again: a later listing's entries for IDs already shown. Merge each
//     into the entry held (Merge(held, again)); it reports whether
//     anything changed. Nothing may change under the cursor, in the image
//     an open view shows or in what a copy takes because a page arrived,
//     so gcimg's TUI (ui/catalog.Feed) keeps what rows are ordered and
//     filtered by as the first listing gave it, and lets an open view
//     show only the new facts (a snapshot's status, size, source).
//   - Skipped: a listing this server does not have (400 or 404 on its
//     first page) was skipped; the walk went on. Say nothing.
//   - Err and Failed: the feed stopped at that request until Retry. When
//     every listing was skipped, Err answers IsTypeRejected if the type
//     was rejected: show the calm tab, offer no retry.
//   - Applied: pages this reply let the walk apply, for telling a reply
//     that moved the feed (a reload's first page) from one held back. A
//     reply that skipped a listing applies none but moves the feed too.
//
// Done, Loaded, TotalHint (an estimate for "n of ~m") and Incomplete
// report the whole feed. Reload by building a new Union with the same
// Sources and PerPage. SourcesFor(TypeSnapshot) puts /snapshots first,
// so the Snapshots tab has statuses from its first page; for all types
// it puts /images first, so the All tab keeps its order and snapshot
// statuses arrive when /snapshots is reached (Again); until then such an
// entry has no Status and reads as ready. A UI that wants another order
// passes its own []Source.
package api
