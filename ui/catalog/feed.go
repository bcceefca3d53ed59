package catalog

import (
	"sync/atomic"

	"github.com/genesiscloud-tools/gcimg/api"
)

// Feed is the lazily loaded pages of one tab. It does no I/O: Begin names
// the next request, the caller runs it, and Complete takes the reply. The
// paging termination rules and the dedupe by ID are api.Walk's, and which
// pages may be fetched ahead is api.Ahead's (as for `gcimg list`): while a
// filter completes a tab in the background, several pages are out at once
// and applied in page order. Feed adds what the UI needs on top: tags so
// that replies to an abandoned walk are dropped, retry of a failed page,
// and a reload that keeps the old entries on screen until the new ones
// arrive.
type Feed struct {
	in *Interner

	walk    *api.Walk  // the walk requests are made for
	ahead   *api.Ahead // which of walk's pages to request
	shown   *api.Walk  // the walk entries came from (differs while reloading)
	entries []*Entry
	out     map[uint64]int // page of each request in flight, by tag

	started bool
	err     error
	failed  int // the page err is about
}

// Request is one page to fetch. Gen tags the request: it must come back to
// Complete unchanged.
type Request struct {
	Gen  uint64
	Opts api.ListOptions
}

// generations numbers requests across all feeds so that a tag is never
// reused, not even by another feed: a reply routed to the wrong feed, or
// to a walk since reloaded, is stale.
var generations atomic.Uint64

// NewFeed returns an empty feed of images of type t ("" for all types)
// fetched perPage at a time (<= 0 means api.MaxPerPage). Entries share
// strings through in, which may be nil.
func NewFeed(t api.ImageType, perPage int, in *Interner) *Feed {
	w := api.NewWalk(t, perPage)
	return &Feed{
		in:    in,
		walk:  w,
		ahead: api.NewAhead(w, api.MaxPagesAhead),
		shown: w,
		out:   make(map[uint64]int),
	}
}

// Entries returns the loaded entries in arrival order. The slice is the
// feed's own: callers must not modify it. A later page appends beyond its
// length and a reload replaces it, so a slice held across those stays
// valid and unchanged.
func (f *Feed) Entries() []*Entry { return f.entries }

// Loaded is the number of entries shown.
func (f *Feed) Loaded() int { return len(f.entries) }

// Done reports whether the current walk has every page.
func (f *Feed) Done() bool { return f.walk.Done() }

// Started reports whether a request was ever made.
func (f *Feed) Started() bool { return f.started }

// InFlight reports whether a request is out and not yet completed.
func (f *Feed) InFlight() bool { return len(f.out) > 0 }

// FailedPage is the page Err is about, 0 without an error.
func (f *Feed) FailedPage() int {
	if f.err == nil {
		return 0
	}
	return f.failed
}

// Err is the last error, cleared by the next successful page and by Reload.
func (f *Feed) Err() error { return f.err }

// Reloading reports whether a reload's first page has not arrived yet, so
// the entries shown are those of the previous walk.
func (f *Feed) Reloading() bool { return f.shown != f.walk }

// Total is the number of images the tab holds: exact (the number loaded)
// once the walk is done, otherwise the server's total_count hint, never
// less than what is loaded, or -1 when nothing is known. total_count is
// not reliable (the provider's own example under-reports it), hence exact
// is false until the walk ends.
func (f *Feed) Total() (n int, exact bool) {
	if f.shown.Done() {
		// While reloading, the old walk's count is the best guess but is
		// about to be replaced, so it is not exact.
		return len(f.entries), !f.Reloading()
	}
	if hint, ok := f.shown.TotalHint(); ok {
		return max(hint, len(f.entries)), false
	}
	if len(f.entries) > 0 {
		return len(f.entries), false
	}
	return -1, false
}

// Begin returns the request for the next page and marks it in flight, or
// false when the walk is done or no more may be out: one at a time until
// the server has shown it pages honestly, then up to api.MaxPagesAhead
// as far as total_count says there are pages (see api.Ahead). Callers
// that want one page at a time (lazy paging) call it once and wait for
// InFlight to clear. After an error it requests the page that failed.
func (f *Feed) Begin() (Request, bool) {
	var page int
	var ok bool
	if f.err != nil {
		// Replies still out for pages after the failed one are dropped
		// when they land; the walk asks for those pages again.
		page, ok = f.ahead.Retry()
	} else {
		page, ok = f.ahead.Next()
	}
	if !ok {
		return Request{}, false
	}
	f.started = true
	tag := generations.Add(1)
	f.out[tag] = page
	return Request{Gen: tag, Opts: f.walk.OptionsFor(page)}, true
}

// Complete takes the reply to the request of generation gen. A reply from
// another generation, or one that no request is waiting for, is stale: it
// is dropped and nothing changes. On error the loaded entries stay, Err is
// set and the next Begin asks for the same page again. On success the new
// images are appended (or, for the first page after Reload, replace the
// old entries) and added is their number.
func (f *Feed) Complete(gen uint64, resp *api.ListResponse, err error) (added int, stale bool) {
	page, ok := f.out[gen]
	if !ok {
		return 0, true
	}
	delete(f.out, gen)
	before := f.walk.NextPage()
	images, failed, ferr := f.ahead.Deliver(page, resp, err)
	if f.Reloading() && f.walk.NextPage() > 1 {
		// The new walk's first page is in: it replaces the old entries.
		f.shown = f.walk
		// A new slice, not entries[:0]: callers may still hold the old one.
		f.entries = make([]*Entry, 0, len(images))
	}
	for _, im := range images {
		f.entries = append(f.entries, NewEntry(im, len(f.entries), f.in))
	}
	switch {
	case ferr != nil:
		f.err, f.failed = ferr, failed
	case f.walk.NextPage() > before:
		f.err = nil // the walk moved on: a retried page came through
	}
	return len(images), false
}

// Reload starts the walk over from page 1 under a new generation, so a
// reply still out for the old walk will be stale. The old entries stay
// visible until the first page of the new walk arrives and replaces them;
// if that page fails they stay, with Err set, and the next Begin retries
// it. The caller calls Begin to fetch.
func (f *Feed) Reload() {
	f.walk = api.NewWalk(f.walk.Type(), f.walk.PerPage())
	f.ahead = api.NewAhead(f.walk, api.MaxPagesAhead)
	f.out = make(map[uint64]int) // replies to the old walk are stale now
	f.err = nil
	if !f.started {
		f.shown = f.walk // nothing to keep on screen
	}
}

// ShouldPrefetch reports whether a page should be requested now: the walk
// is not done, the last page did not fail (a failed page waits for the
// user to retry, rather than hammering a failing server), and either a
// filter is active and Begin would hand out another page (a filter's
// results are only complete once every page is in, so paging continues
// in the background, several pages at once), or nothing is in flight and
// the cursor is within one screen of the last loaded row.
func (f *Feed) ShouldPrefetch(cursor, rows, screen int, filtering bool) bool {
	if f.walk.Done() || f.err != nil {
		return false
	}
	if filtering {
		return f.ahead.Ready()
	}
	return !f.InFlight() && rows-1-cursor < screen
}
