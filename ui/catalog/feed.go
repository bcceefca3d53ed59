package catalog

import (
	"sync/atomic"

	"github.com/genesiscloud-tools/gcimg/api"
)

// Feed is the lazily loaded pages of one tab. It does no I/O: Begin names
// the next request, the caller runs it, and Complete takes the reply. The
// paging termination rules and the dedupe by ID are api.Walk's; Feed adds
// what the UI needs on top: one request in flight at a time, generations
// so that replies to an abandoned walk are dropped, retry of a failed page,
// and a reload that keeps the old entries on screen until the new ones
// arrive.
type Feed struct {
	typ     api.ImageType
	perPage int
	in      *Interner

	walk    *api.Walk // the walk requests are made for
	shown   *api.Walk // the walk entries came from (differs while reloading)
	entries []*Entry
	gen     uint64

	started   bool
	inFlight  bool
	reloading bool
	err       error
}

// Request is one page to fetch. Gen must come back to Complete unchanged.
type Request struct {
	Gen  uint64
	Opts api.ListOptions
}

// generations is shared by all feeds so that a generation is never reused,
// not even by another feed: a reply routed to the wrong feed is stale too.
var generations atomic.Uint64

// NewFeed returns an empty feed of images of type t ("" for all types)
// fetched perPage at a time (<= 0 means api.MaxPerPage). Entries share
// strings through in, which may be nil.
func NewFeed(t api.ImageType, perPage int, in *Interner) *Feed {
	w := api.NewWalk(t, perPage)
	return &Feed{
		typ:     t,
		perPage: w.PerPage(),
		in:      in,
		walk:    w,
		shown:   w,
		gen:     generations.Add(1),
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
func (f *Feed) InFlight() bool { return f.inFlight }

// Err is the last error, cleared by the next successful page and by Reload.
func (f *Feed) Err() error { return f.err }

// Reloading reports whether a reload's first page has not arrived yet, so
// the entries shown are those of the previous walk.
func (f *Feed) Reloading() bool { return f.reloading }

// Total is the number of images the tab holds: exact (the number loaded)
// once the walk is done, otherwise the server's total_count hint, never
// less than what is loaded, or -1 when nothing is known. total_count is
// not reliable (the provider's own example under-reports it), hence exact
// is false until the walk ends.
func (f *Feed) Total() (n int, exact bool) {
	if f.shown.Done() {
		// While reloading, the old walk's count is the best guess but is
		// about to be replaced, so it is not exact.
		return len(f.entries), !f.reloading
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
// false when the walk is done or a request is already out. After an error
// it requests the page that failed.
func (f *Feed) Begin() (Request, bool) {
	if f.inFlight || f.walk.Done() {
		return Request{}, false
	}
	f.inFlight = true
	f.started = true
	return Request{Gen: f.gen, Opts: f.walk.Options()}, true
}

// Complete takes the reply to the request of generation gen. A reply from
// another generation, or one that no request is waiting for, is stale: it
// is dropped and nothing changes. On error the loaded entries stay, Err is
// set and the next Begin asks for the same page again. On success the new
// images are appended (or, for the first page after Reload, replace the
// old entries) and added is their number.
func (f *Feed) Complete(gen uint64, resp *api.ListResponse, err error) (added int, stale bool) {
	if gen != f.gen || !f.inFlight {
		return 0, true
	}
	f.inFlight = false
	if err != nil {
		f.err = err
		return 0, false
	}
	f.err = nil
	images := f.walk.Add(resp)
	if f.reloading {
		f.reloading = false
		f.shown = f.walk
		// A new slice, not entries[:0]: callers may still hold the old one.
		f.entries = make([]*Entry, 0, len(images))
	}
	for _, im := range images {
		f.entries = append(f.entries, NewEntry(im, len(f.entries), f.in))
	}
	return len(images), false
}

// Reload starts the walk over from page 1 under a new generation, so a
// reply still out for the old walk will be stale. The old entries stay
// visible until the first page of the new walk arrives and replaces them;
// if that page fails they stay, with Err set, and the next Begin retries
// it. The caller calls Begin to fetch.
func (f *Feed) Reload() {
	f.gen = generations.Add(1)
	f.walk = api.NewWalk(f.typ, f.perPage)
	f.inFlight = false
	f.err = nil
	f.reloading = f.started
	if !f.reloading {
		f.shown = f.walk
	}
}

// ShouldPrefetch reports whether the next page should be requested now:
// the walk is not done, nothing is in flight, the last page did not fail
// (a failed page waits for the user to retry, rather than hammering a
// failing server), and either the cursor is within one screen of the last
// loaded row or a filter is active (a filter's results are only complete
// once every page is in, so paging continues in the background).
func (f *Feed) ShouldPrefetch(cursor, rows, screen int, filtering bool) bool {
	if f.walk.Done() || f.inFlight || f.err != nil {
		return false
	}
	return filtering || rows-1-cursor < screen
}
