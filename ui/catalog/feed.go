package catalog

import (
	"sync/atomic"

	"github.com/genesiscloud-tools/gcimg/api"
)

// Feed is the lazily loaded pages of one tab. It does no I/O: Begin names
// the next request, the caller runs it, and Complete takes the reply.
//
// A tab's images may come from several listings (api.SourcesFor: the
// Snapshots tab reads /snapshots and /images?type=snapshot, the All tab
// /images and /snapshots), which an api.Union delivers one after another
// as one feed (reading the next listing meanwhile when several pages may
// be out): the paging termination rules, the dedupe by ID, which pages
// may be fetched ahead (while a filter completes a tab in the background,
// several pages are out at once and applied in page order), listings the
// server lacks (skipped quietly) and types it rejects are the Union's, as
// for `gcimg list`. Feed adds what the UI needs on top: tags so that
// replies to an abandoned walk are dropped, retry of a failed page, a
// reload that keeps the old entries on screen until the new ones arrive,
// and the enrichment of an entry when a later listing has its image again.
//
// Entries never move and are never replaced: a later listing appends
// the images it adds, and an image it lists again is merged (api.Merge)
// into the entry already held, which gets the merged Image in place of
// its own (a snapshot's status, size and source IDs, and whatever the
// first listing left out). What rows are shown, matched, filtered and
// ordered by stays as the first listing delivered it: the entry's Name,
// Slug, Family, Type and Regions, which are computed once, and the
// Image's ID and dates, which the merged Image keeps. So a merge moves no
// row and changes no match, however two listings disagree, and a cursor
// or an open view holding the entry keeps it.
type Feed struct {
	in *Interner

	union   *api.Union // the walk requests are made for
	shown   *api.Union // the walk entries came from (differs while reloading)
	entries []*Entry
	byID    map[string]int32           // Seq by image ID, while a later listing may repeat one
	out     map[uint64]api.ListOptions // the request in flight, by tag

	started bool
	err     error
	failed  api.ListOptions // the request err is about
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
// from every listing that holds them (api.SourcesFor), fetched perPage at
// a time (<= 0 means api.MaxPerPage). Entries share strings through in,
// which may be nil.
func NewFeed(t api.ImageType, perPage int, in *Interner) *Feed {
	return NewSourcesFeed(api.SourcesFor(t), perPage, in)
}

// NewSourcesFeed is NewFeed over the given listings, walked in order.
func NewSourcesFeed(sources []api.Source, perPage int, in *Interner) *Feed {
	u := api.NewUnion(sources, perPage, api.MaxPagesAhead)
	return &Feed{
		in:    in,
		union: u,
		shown: u,
		out:   make(map[uint64]api.ListOptions),
	}
}

// Entries returns the loaded entries in arrival order. The slice is the
// feed's own: callers must not modify it. A later page appends beyond its
// length and a reload replaces it, so a slice held across those stays
// valid and unchanged (an entry's Image may be enriched; see Feed).
func (f *Feed) Entries() []*Entry { return f.entries }

// Loaded is the number of entries shown.
func (f *Feed) Loaded() int { return len(f.entries) }

// Done reports whether the current walk has every page of every listing.
// A feed whose every listing the server refused is done, with Err set.
func (f *Feed) Done() bool { return f.union.Done() }

// Started reports whether a request was ever made.
func (f *Feed) Started() bool { return f.started }

// InFlight reports whether a request is out and not yet completed.
func (f *Feed) InFlight() bool { return len(f.out) > 0 }

// Waiting reports whether the request tagged gen is out and its reply is
// still wanted: what a notice about it (a retry) needs to be shown.
func (f *Feed) Waiting(gen uint64) bool {
	_, ok := f.out[gen]
	return ok
}

// Failed is the request Err is about: its listing and page. Zero without
// an error.
func (f *Feed) Failed() api.ListOptions {
	if f.err == nil {
		return api.ListOptions{}
	}
	return f.failed
}

// Err is the last error, cleared when the failed page is asked for again
// (Begin) and by Reload. When every listing was refused, it is that
// refusal: api.IsTypeRejected tells a type the server does not have.
func (f *Feed) Err() error { return f.err }

// Rejected reports whether the server has no images of the feed's type:
// it refused the type on every listing (a 400 to type=base-os from
// today's API). That is an answer, not a fault: there is nothing to
// retry.
func (f *Feed) Rejected() bool { return f.err != nil && api.IsTypeRejected(f.err) }

// Incomplete says why the walk ended before a listing was complete (a
// server that ignores `page`: a page repeated what earlier pages had
// while total_count promised more), or is nil. Only a finished walk is
// known to be incomplete.
func (f *Feed) Incomplete() error { return f.shown.Incomplete() }

// Reloading reports whether a reload's first page has not arrived yet, so
// the entries shown are those of the previous walk.
func (f *Feed) Reloading() bool { return f.shown != f.union }

// Total is the number of images the tab holds: exact (the number loaded)
// once the walk is done, otherwise an estimate from the listings'
// total_count hints (api.Union.TotalHint), never less than what is
// loaded, or -1 when nothing is known. total_count is not reliable (the
// provider's own example under-reports it), hence exact is false until
// the walk ends.
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

// Unheard reports whether a listing of the walk shown counts nothing in
// Total yet (see api.Union.Uncounted): today's All tab shows its cloud
// images long before /snapshots is reached. Only a walk that is not done
// can have one.
func (f *Feed) Unheard() bool {
	return !f.shown.Done() && f.shown.Uncounted()
}

// Begin returns the request for the next page and marks it in flight, or
// false when the walk is done or no more may be out: one at a time until
// a listing has shown it pages honestly, then up to api.MaxPagesAhead as
// far as total_count says there are pages (see api.Ahead). Callers that
// want one page at a time (lazy paging) call it once and wait for
// InFlight to clear. After an error it requests the page that failed (or,
// when every listing was refused, starts them over) and clears the
// error: the request in flight is now what there is to say.
func (f *Feed) Begin() (Request, bool) {
	var opts api.ListOptions
	var ok bool
	if f.err != nil {
		// Replies still out for pages after the failed one are dropped
		// when they land; the walk asks for those pages again.
		opts, ok = f.union.Retry()
	} else {
		opts, ok = f.union.Next()
	}
	if !ok {
		return Request{}, false
	}
	f.err = nil
	f.started = true
	tag := generations.Add(1)
	f.out[tag] = opts
	return Request{Gen: tag, Opts: opts}, true
}

// Complete takes the reply to the request of generation gen. A reply from
// another generation, or one that no request is waiting for, is stale: it
// is dropped and nothing changes. On error the loaded entries stay, Err is
// set and the next Begin asks for the same page again. On success the new
// images are appended (or, for the first reply that moves a reload's
// walk, replace the old entries) and added is their number; images a
// later listing has again are merged into their entries.
func (f *Feed) Complete(gen uint64, resp *api.ListResponse, err error) (added int, stale bool) {
	opts, ok := f.out[gen]
	if !ok {
		return 0, true
	}
	delete(f.out, gen)
	d := f.union.Deliver(opts, resp, err)
	if f.Reloading() && (d.Applied > 0 || f.union.Done() && d.Err == nil) {
		// The new walk has moved: its entries replace the old ones. A
		// new slice, not entries[:0]: callers may still hold the old one.
		f.shown = f.union
		f.entries = make([]*Entry, 0, len(d.Added))
		f.byID = nil
	}
	for _, im := range d.Added {
		e := NewEntry(im, len(f.entries), f.in)
		f.entries = append(f.entries, e)
		if f.byID != nil {
			f.byID[e.Image.ID] = int32(e.Seq)
		}
	}
	if !f.Reloading() {
		f.enrich(d.Again)
	}
	if f.union.Done() {
		f.byID = nil // no listing is left to repeat an ID: 40 bytes an image
	}
	if d.Err != nil {
		f.err, f.failed = d.Err, d.Failed
	}
	return len(d.Added), false
}

// enrich merges images a later listing delivered again into the entries
// holding them (see Feed).
func (f *Feed) enrich(again []api.Image) {
	if len(again) == 0 {
		return
	}
	if f.byID == nil {
		f.byID = make(map[string]int32, len(f.entries))
		for _, e := range f.entries {
			f.byID[e.Image.ID] = int32(e.Seq)
		}
	}
	for _, im := range again {
		seq, ok := f.byID[im.ID]
		if !ok {
			continue
		}
		e := f.entries[seq]
		merged, changed := api.Merge(*e.Image, im)
		if !changed {
			continue
		}
		// Rows are ordered by the dates, as the first listing gave them.
		merged.CreatedAt, merged.UpdatedAt = e.Image.CreatedAt, e.Image.UpdatedAt
		f.in.intern(&merged)
		e.Image = &merged
	}
}

// Reload starts the walk over from the first page of the first listing
// under a new generation, so a reply still out for the old walk will be
// stale. The old entries stay visible until the new walk's first page
// arrives and replaces them; if that page fails they stay, with Err set,
// and the next Begin retries it. The caller calls Begin to fetch.
func (f *Feed) Reload() {
	f.union = api.NewUnion(f.union.Sources(), f.union.PerPage(), api.MaxPagesAhead)
	f.out = make(map[uint64]api.ListOptions) // replies to the old walk are stale now
	f.err = nil
	if !f.started {
		f.shown = f.union // nothing to keep on screen
	}
}

// ShouldPrefetch reports whether a page should be requested now: the walk
// is not done, the last page did not fail (a failed page waits for the
// user to retry, rather than hammering a failing server), and either the
// caller wants the whole feed (eager: a filter is active, whose results
// are only complete once every page is in, or the user asked for the end
// of the list) and Begin would hand out another page, so paging goes on
// several pages at once, or nothing is in flight and the cursor is within
// one screen of the last loaded row.
func (f *Feed) ShouldPrefetch(cursor, rows, screen int, eager bool) bool {
	if f.union.Done() || f.err != nil {
		return false
	}
	if eager {
		return f.union.Ready()
	}
	return !f.InFlight() && rows-1-cursor < screen
}
