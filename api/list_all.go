package api

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// maxListPages is a last-resort bound for ListAll. Walk already ends a
// feed on an empty, short or all-duplicate page; this only stops a server
// that keeps inventing new IDs on full pages, which would otherwise be
// walked until memory runs out. At 100 per page it is a million images,
// far beyond any real account.
var maxListPages = 10000 // a var only so tests can lower it

// MaxPagesAhead is how many pages a full listing keeps in flight at most.
// At 100 images a page, 100k images are 1000 pages: one at a time at
// 20 ms a round trip that is 20 s; with 8 in flight it is about 2.5 s.
// Four would still need 5 s, which is why the bound is 8 and not 4.
const MaxPagesAhead = 8

// Ahead decides which pages of a Walk to request while earlier ones are
// still in flight, and applies the replies to the Walk strictly in page
// order, so every termination rule of Walk holds exactly as if the pages
// had been fetched one by one: a reply for page k is held back until
// pages 1..k-1 are applied, and is dropped unread if the walk ended
// before it.
//
// It fetches ahead only when that is safe and cheap to get wrong:
//
//   - page 2 is always fetched alone, so a server that ignores `page`
//     (which repeats page 1) is found before any request is wasted;
//   - after that, only while every page was full and all new, and never
//     beyond the last page total_count implies, so a total_count that is
//     too high costs at most limit-1 extra requests, and one that is too
//     low or absent just falls back to one page at a time until a short,
//     empty or no-new page ends the walk.
//
// Ahead does no I/O and is not safe for concurrent use: the caller
// requests the pages Next names, from as many goroutines as it likes, and
// hands each reply to Deliver from one goroutine.
type Ahead struct {
	w      *Walk
	limit  int
	window int             // pages allowed out (in flight or held back)
	issued int             // highest page handed out by Next
	size   int             // the page size the server says it uses
	held   map[int]pending // replies for pages after the walk's next
	err    error           // the first error reached in page order
	errAt  int
	// maxAhead, when > 0, is a page Next never fetches ahead beyond
	// (ListAll's last-resort bound).
	maxAhead int
}

type pending struct {
	resp *ListResponse
	err  error
}

// NewAhead schedules the pages of w with at most limit in flight
// (limit < 1 means 1). w must not have been advanced by anyone else.
func NewAhead(w *Walk, limit int) *Ahead {
	return &Ahead{w: w, limit: max(limit, 1), window: 1, issued: w.NextPage() - 1, size: w.PerPage(), held: make(map[int]pending)}
}

// Outstanding is the number of pages handed out by Next and not yet
// applied or dropped (in flight, or held back waiting for earlier pages).
func (a *Ahead) Outstanding() int { return max(a.issued-a.w.NextPage()+1, 0) }

// Next returns a page to request now, or false when the walk is done,
// failed, or the window is full. Call it until it returns false after
// every Deliver.
func (a *Ahead) Next() (page int, ok bool) {
	page, ok = a.peek()
	if ok {
		a.issued = page
	}
	return page, ok
}

// Ready reports whether Next would hand out a page now.
func (a *Ahead) Ready() bool {
	_, ok := a.peek()
	return ok
}

func (a *Ahead) peek() (int, bool) {
	if a.w.Done() || a.err != nil || a.Outstanding() >= a.window {
		return 0, false
	}
	page := a.issued + 1
	if page > a.w.NextPage() && (page > a.lastHinted() || a.maxAhead > 0 && page > a.maxAhead) {
		return 0, false // speculative and past what total_count promises
	}
	return page, true
}

// Retry hands out again a page that failed, for callers that keep going
// after an error (the TUI retries a failed page on request). It returns
// false when there is no failure to retry.
func (a *Ahead) Retry() (page int, ok bool) {
	if a.err == nil {
		return 0, false
	}
	page = a.errAt
	a.err, a.errAt = nil, 0
	a.window = 1
	return page, true
}

// lastHinted is the last page total_count implies, 0 without a hint.
func (a *Ahead) lastHinted() int {
	total, ok := a.w.TotalHint()
	if !ok || a.size <= 0 {
		return 0
	}
	return (total + a.size - 1) / a.size
}

// Deliver takes the reply (or failure) for a page Next or Retry handed
// out and returns the images it makes available, in server order, which
// may include those of later pages that were waiting for this one. When
// that reaches a page that failed, ferr is its error and failed its page
// number, and the walk stops (Next returns false) until Retry; images
// applied before it are still returned. A failure of a page the walk
// never reaches (it ended earlier) is no error. Replies that are not
// wanted any more (the walk has passed or ended, or stopped on a
// failure) are ignored.
func (a *Ahead) Deliver(page int, resp *ListResponse, err error) (images []Image, failed int, ferr error) {
	if a.err != nil || a.w.Done() || page < a.w.NextPage() || page > a.issued {
		return nil, 0, nil
	}
	a.held[page] = pending{resp: resp, err: err}
	for !a.w.Done() && a.err == nil {
		p, ok := a.held[a.w.NextPage()]
		if !ok {
			break
		}
		next := a.w.NextPage()
		delete(a.held, next)
		if p.err != nil {
			a.err, a.errAt = p.err, next
			// Replies after the failed page are dropped: the retry asks
			// for them again, in order, one at a time.
			clear(a.held)
			a.issued = next
			break
		}
		before := a.w.Loaded()
		added := a.w.Add(p.resp)
		images = append(images, added...)
		a.adapt(next, p.resp, a.w.Loaded()-before)
	}
	if a.w.Done() {
		clear(a.held)
	}
	return images, a.errAt, a.err
}

// adapt opens the window once the walk has shown the server pages
// honestly (page 2 or later full and all new) and closes it again on
// anything else.
func (a *Ahead) adapt(page int, resp *ListResponse, added int) {
	if resp == nil {
		return
	}
	if resp.PerPage > 0 && resp.PerPage < a.size {
		a.size = resp.PerPage
	}
	healthy := len(resp.Images) >= a.size && added == len(resp.Images)
	switch {
	case !healthy:
		a.window = 1
	case page >= 2:
		a.window = a.limit
	}
}

// ListAll fetches every page of images of type t ("" for all types) from
// every listing that holds them (SourcesFor: for snapshots and for all
// types that includes /snapshots), merged by ID, in listing order. An
// image listed twice appears once, where it first appeared, with the
// snapshots endpoint's status, size and source IDs added (see Merge). A
// listing the server does not have (400 or 404 on its first page) is
// skipped, unless no listing is left, which is an error.
//
// The listings are fetched at the same time, each by its own paging
// rules, and merged once all are in, in the order SourcesFor gives: the
// result does not depend on which reply arrives first, and is exactly
// that of walking the listings one after another.
//
// Paging stops by Walk's rules, never by total_count. Once the first two
// pages of a listing have shown that the server pages honestly, up to
// MaxPagesAhead pages of it are fetched at once, but only as far as
// total_count says there are pages (see Ahead), and replies are applied in
// page order, so the result is exactly that of a sequential walk.
//
// On error nothing partial is returned, requests still in flight (of
// every listing) are cancelled, and the error names the listing and page
// (a type the server rejects is a *TypeRejectedError, see
// IsTypeRejected), with one exception: when a listing ended early because
// the server ignores `page` (see Walk.Incomplete), ListAll returns every
// image it has together with an error that errors.As finds an
// *IncompleteError in, one for each listing that ended early.
func (c *Client) ListAll(ctx context.Context, t ImageType) ([]Image, error) {
	return c.listAll(ctx, t, MaxPagesAhead)
}

func (c *Client) listAll(ctx context.Context, t ImageType, limit int) ([]Image, error) {
	sources := SourcesFor(t)
	walks, cancel := context.WithCancel(ctx)
	defer cancel()
	ls := make([]walked, len(sources))
	var wg sync.WaitGroup
	for i, src := range sources {
		wg.Go(func() {
			ls[i] = c.walkAll(walks, src, limit)
			if ls[i].err != nil {
				cancel() // the call fails: the other listings are not needed
			}
		})
	}
	wg.Wait()

	var skipped, incomplete []error
	for _, l := range ls {
		// A listing cancelled because another failed reports that
		// cancellation; the failure that caused it is the news.
		if l.err != nil && (ctx.Err() != nil || !errors.Is(l.err, context.Canceled)) {
			return nil, l.err
		}
		if l.skipped != nil {
			c.debugf("skipping %s: %v", l.src, l.skipped)
			skipped = append(skipped, l.skipped)
		}
		if l.incomplete != nil {
			incomplete = append(incomplete, l.incomplete)
		}
	}
	if len(skipped) == len(ls) {
		return nil, unavailableAll(skipped) // each error says which listing
	}

	all := []Image{}
	at := make(map[string]int) // index in all, by ID
	for _, l := range ls {
		for _, im := range l.images {
			if i, dup := at[im.ID]; dup {
				all[i], _ = Merge(all[i], im)
				continue
			}
			at[im.ID] = len(all)
			all = append(all, im)
		}
	}
	return all, errors.Join(incomplete...)
}

// walked is what walking one listing to its end gave.
type walked struct {
	src        Source
	images     []Image // in page order, each ID once
	skipped    error   // the server does not have the listing (400 or 404 on page 1)
	err        error   // the walk failed
	incomplete *IncompleteError
}

// walkAll walks one listing to its end, fetching ahead as Ahead allows.
func (c *Client) walkAll(ctx context.Context, src Source, limit int) walked {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w := NewSourceWalk(src, c.perPage)
	a := NewAhead(w, limit)
	a.maxAhead = maxListPages
	l := walked{src: w.Source()}

	type reply struct {
		page int
		resp *ListResponse
		err  error
	}
	// Buffered for every request that can be out, so no fetcher ever
	// blocks on a send after walkAll has returned.
	replies := make(chan reply, max(limit, 1))
	out := 0
	defer func() {
		cancel()
		for ; out > 0; out-- {
			<-replies // wait for every fetcher: none outlives the call
		}
	}()

	for !w.Done() {
		for {
			page, ok := a.Next()
			if !ok {
				break
			}
			if page > maxListPages {
				l.err = fmt.Errorf("list %s: stopped after %d pages: the server keeps returning new images on full pages", l.src, maxListPages)
				return l
			}
			out++
			opts := w.OptionsFor(page)
			go func() {
				resp, err := c.ListImages(ctx, opts)
				replies <- reply{page: page, resp: resp, err: err}
			}()
		}
		if out == 0 {
			break // cannot happen: Next always allows the listing's next page
		}
		r := <-replies
		out--
		// Page 1 is always fetched alone, so nothing else is out.
		if r.err != nil && r.page == 1 && w.NextPage() == 1 && unavailable(r.err) {
			l.skipped = r.err
			return l
		}
		images, failed, err := a.Deliver(r.page, r.resp, r.err)
		l.images = append(l.images, images...)
		if err != nil {
			l.err = fmt.Errorf("list %s, page %d: %w", l.src, failed, err)
			return l
		}
	}
	l.incomplete = w.Incomplete()
	return l
}

func typeLabel(t ImageType) string {
	if t == "" {
		return "images"
	}
	return string(t) + " images"
}
