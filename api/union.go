package api

import (
	"errors"
	"net/http"
)

// SourcesFor returns the listings that together hold the images of type t
// ("" for all types), in the order ListAll walks them:
//
//   - snapshot: /snapshots, then /images?type=snapshot. The dedicated
//     endpoint comes first because it says more (status, size, source)
//     and is the one today's servers have; /images then adds only the
//     snapshots it lacks, if any, and what the snapshots endpoint left
//     blank.
//   - "" (all): /images, then /snapshots, which adds the snapshots /images
//     leaves out (all of them on today's servers) and the status and size
//     of those it lists.
//   - any other type: /images?type=t alone.
func SourcesFor(t ImageType) []Source {
	switch t {
	case TypeSnapshot:
		return []Source{SnapshotsSource, ImagesSource(TypeSnapshot)}
	case "":
		return []Source{ImagesSource(""), SnapshotsSource}
	}
	return []Source{ImagesSource(t)}
}

// Union walks several listings as one feed, one after another: the
// images of both generations of the API, merged by ID. It holds no I/O;
// like Ahead, it names the pages to request and takes the replies, and it
// fetches ahead within a listing exactly as Ahead does. Images are
// delivered listing by listing, each walked by Walk's rules, so the first
// page of a feed costs one request. A caller that wants the whole feed
// fast (calling Next while it answers) also gets the next listing's pages
// while the current one has as many out as it may: their replies are
// applied to that listing's walk and held, and delivered, in order, once
// every earlier listing is done, so a later listing never moves an
// earlier one's entries and the order never depends on which reply came
// first. Each listing keeps its own bound of pages in flight, as
// ListAll's do.
//
// An ID is delivered once, by the first listing that has it (Added);
// when a later listing has it again, its entry is handed back separately
// (Again) for the caller to Merge into the one it holds, since the
// snapshots endpoint knows a snapshot's status and size and /images does
// not. Entries never move: a later listing only appends new IDs and
// enriches delivered ones.
//
// A listing that answers its first page with 400 or 404 (today's server
// rejecting type=snapshot, a seed server without /snapshots) is skipped
// quietly: the Delivery says so in Skipped and the walk moves on. Only
// when every listing is skipped does the feed fail, with the errors of
// all of them joined (so IsTypeRejected still answers for the whole).
//
// Union is not safe for concurrent use: the caller requests the pages
// Next names, from as many goroutines as it likes, and hands each reply
// to Deliver from one goroutine.
type Union struct {
	parts   []*part
	cur     int                 // the part being walked; len(parts) when done
	seen    map[string]struct{} // IDs delivered by any part
	perPage int
	limit   int
	failed  error // every part was skipped; the joined reasons
	// again is a page to ask for once more before any other (when
	// retry is set): one that failed while its listing was read ahead of
	// its turn. There is at most one: advancing stops at the listing
	// that failed, since it is not done.
	again ListOptions
	retry bool
}

// part is one listing of a Union.
type part struct {
	w       *Walk
	a       *Ahead
	skipped error // why the listing was skipped, nil while it counts
	added   int   // images it delivered first
	again   int   // images an earlier listing had delivered

	// A listing after the current one holds what its walk applied until
	// every earlier listing is done: the images and the pages they came
	// in. A failure there (its Ahead's error) stops that listing until
	// its turn, when the page is asked for again: by then the failure is
	// old news, and a listing read ahead must never show an error the
	// walk in turn would not have met.
	held      []Image
	heldPages int
}

// Delivery is what one reply did to a Union.
type Delivery struct {
	// Added are images with IDs not delivered before, in listing order,
	// to append. They may include those of later pages that were waiting
	// for this one.
	Added []Image
	// Again are this listing's entries for IDs an earlier listing already
	// delivered. Combine each with the held entry as Merge(held, again);
	// Merge says whether anything changed.
	Again []Image
	// Applied is the number of pages this reply let the walk apply (0 when
	// it was held back for an earlier page, failed, or was not wanted).
	Applied int
	// Skipped is set when the reply found its listing unavailable (400 or
	// 404 on the first page) and the union moved on to the next listing.
	// It is for logs; the feed is not failed by it unless Err is set too.
	Skipped error
	// Err is set when the reply stopped the feed: a page that failed (Next
	// returns nothing until Retry), or every listing unavailable. Failed
	// is then the request to retry.
	Err    error
	Failed ListOptions
}

// NewUnion walks sources in order (repeats are dropped) with the given
// page size (<= 0 means MaxPerPage) and at most limit pages in flight
// within a listing (limit < 1 means 1).
func NewUnion(sources []Source, perPage, limit int) *Union {
	u := &Union{seen: make(map[string]struct{}), perPage: perPage, limit: limit}
	for _, s := range sources {
		s = s.norm()
		if !u.has(s) {
			u.parts = append(u.parts, u.newPart(s))
		}
	}
	return u
}

func (u *Union) has(s Source) bool {
	for _, p := range u.parts {
		if p.w.Source() == s {
			return true
		}
	}
	return false
}

func (u *Union) newPart(s Source) *part {
	w := NewSourceWalk(s, u.perPage)
	return &part{w: w, a: NewAhead(w, u.limit)}
}

// Sources are the listings walked, in order.
func (u *Union) Sources() []Source {
	out := make([]Source, len(u.parts))
	for i, p := range u.parts {
		out[i] = p.w.Source()
	}
	return out
}

// PerPage is the page size requested.
func (u *Union) PerPage() int {
	if len(u.parts) == 0 {
		return 0
	}
	return u.parts[0].w.PerPage()
}

// Done reports whether every listing has been walked to its end or
// skipped. A union whose every listing was skipped is done and failed.
func (u *Union) Done() bool { return u.cur >= len(u.parts) }

// Loaded is the number of distinct images delivered.
func (u *Union) Loaded() int { return len(u.seen) }

// Next returns a page to request now, or false when the union is done,
// failed, or every listing not yet done has as many pages out as it may.
// The current listing's pages come first; a later listing's only while
// the current one has none to hand out (so one request at a time walks
// the listings strictly in turn). Call it until it returns false after
// every Deliver.
func (u *Union) Next() (ListOptions, bool) {
	if u.retry {
		u.retry = false
		return u.again, true
	}
	p := u.ready()
	if p == nil {
		return ListOptions{}, false
	}
	page, _ := p.a.Next()
	return p.w.OptionsFor(page), true
}

// Ready reports whether Next would hand out a page now.
func (u *Union) Ready() bool { return u.retry || u.ready() != nil }

// ready is the listing Next takes a page of, or nil. A later listing
// waits while the current one has failed: its error is the user's to
// see and retry first.
func (u *Union) ready() *part {
	if u.Done() {
		return nil
	}
	if cur := u.parts[u.cur]; cur.a.Ready() {
		return cur
	} else if cur.a.err != nil {
		return nil
	}
	for _, p := range u.parts[u.cur+1:] {
		if p.skipped == nil && p.a.Ready() { // not Ready after a failure
			return p
		}
	}
	return nil
}

// partFor is the index of the listing opts belongs to, if the union
// still walks it (the current listing or a later one).
func (u *Union) partFor(opts ListOptions) (int, bool) {
	for i := u.cur; i < len(u.parts); i++ {
		if u.parts[i].w.Source() == opts.Source() {
			return i, true
		}
	}
	return 0, false
}

// Retry hands out again the page that failed, after a Delivery with Err.
// When every listing was unavailable it starts them all over. It returns
// false when there is no failure to retry.
func (u *Union) Retry() (ListOptions, bool) {
	if u.failed != nil {
		u.failed, u.retry = nil, false
		for i, p := range u.parts {
			u.parts[i] = u.newPart(p.w.Source())
		}
		u.cur = 0
		return u.Next()
	}
	if u.Done() {
		return ListOptions{}, false
	}
	p := u.parts[u.cur]
	page, ok := p.a.Retry()
	if !ok {
		return ListOptions{}, false
	}
	return p.w.OptionsFor(page), true
}

// Deliver takes the reply (or failure) for a request Next or Retry handed
// out. Replies for a listing the union has moved past, or for pages not
// wanted any more, are ignored (a zero Delivery).
func (u *Union) Deliver(opts ListOptions, resp *ListResponse, err error) Delivery {
	var d Delivery
	i, ok := u.partFor(opts)
	if !ok {
		return d
	}
	p := u.parts[i]
	if err != nil && opts.Page == 1 && p.w.NextPage() == 1 && unavailable(err) {
		p.skipped = err
		d.Skipped = err
		u.advance(&d)
		if u.Done() && u.allSkipped() {
			errs := make([]error, len(u.parts))
			for i, p := range u.parts {
				errs[i] = p.skipped
			}
			u.failed = unavailableAll(errs)
			d.Err, d.Failed = u.failed, opts
		}
		return d
	}
	before := p.w.NextPage()
	images, failed, ferr := p.a.Deliver(opts.Page, resp, err)
	if i > u.cur {
		// A later listing: hold it until its turn.
		p.held = append(p.held, images...)
		p.heldPages += p.w.NextPage() - before
		return d // a failure (ferr) stays in p.a until its turn
	}
	d.Applied = p.w.NextPage() - before
	u.take(&d, p, images)
	if ferr != nil {
		d.Err, d.Failed = ferr, p.w.OptionsFor(failed)
	}
	u.advance(&d)
	return d
}

// take delivers images of listing p: new IDs are Added, others Again.
func (u *Union) take(d *Delivery, p *part, images []Image) {
	for _, im := range images {
		if _, dup := u.seen[im.ID]; dup {
			d.Again = append(d.Again, im)
			p.again++
			continue
		}
		u.seen[im.ID] = struct{}{}
		d.Added = append(d.Added, im)
		p.added++
	}
}

// advance moves past listings that are walked or skipped, and delivers
// into d what the listing it reaches held; a page that failed there is
// asked for again (Next hands it out first).
func (u *Union) advance(d *Delivery) {
	for u.cur < len(u.parts) && d.Err == nil && (u.parts[u.cur].w.Done() || u.parts[u.cur].skipped != nil) {
		u.cur++
		if u.cur == len(u.parts) {
			break
		}
		p := u.parts[u.cur]
		u.take(d, p, p.held)
		d.Applied += p.heldPages
		if page, ok := p.a.Retry(); ok { // it failed while read ahead
			u.again, u.retry = p.w.OptionsFor(page), true
		}
		p.held, p.heldPages = nil, 0
	}
}

func (u *Union) allSkipped() bool {
	for _, p := range u.parts {
		if p.skipped == nil {
			return false
		}
	}
	return len(u.parts) > 0
}

// unavailableAll is the error of a feed whose every listing is
// unavailable, given why each was skipped: "this API offers no such
// images" is the news, so a rejected type comes first, and the rest (a
// 404 for an endpoint the server lacks) follows it. IsTypeRejected
// answers for the whole when a type was rejected.
func unavailableAll(skipped []error) error {
	var rejected, other []error
	for _, err := range skipped {
		if IsTypeRejected(err) {
			rejected = append(rejected, err)
		} else {
			other = append(other, err)
		}
	}
	return errors.Join(append(rejected, other...)...)
}

// unavailable reports whether a first page's failure means the listing
// does not exist on this server (400 or 404), rather than a fault.
func unavailable(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && (ae.Status == http.StatusBadRequest || ae.Status == http.StatusNotFound)
}

// Incomplete joins the IncompleteError of every listing that ended early
// (see Walk.Incomplete), or is nil. errors.As finds each.
func (u *Union) Incomplete() error {
	var errs []error
	for _, p := range u.parts {
		if inc := p.w.Incomplete(); inc != nil {
			errs = append(errs, inc)
		}
	}
	return errors.Join(errs...)
}

// TotalHint estimates how many distinct images the union holds, for
// display only; ok is false until some listing reported a total_count.
// Listings overlap on some servers (a seed server lists every snapshot at
// both endpoints) and not on others, so totals are not simply added: what
// a listing still has to come counts in the proportion its pages so far
// brought new IDs. Listings not yet started count nothing.
func (u *Union) TotalHint() (n int, ok bool) {
	n = len(u.seen)
	for i, p := range u.parts {
		total, has := p.w.TotalHint()
		if !has {
			continue
		}
		ok = true
		// What its walk applied but still holds has yet to come.
		left := total - p.w.Loaded() + len(p.held)
		if p.w.Done() && len(p.held) == 0 || p.skipped != nil || left <= 0 || u.unreached(i) {
			continue
		}
		if got := p.added + p.again; got > 0 {
			left = left * p.added / got
		}
		n += left
	}
	return n, ok
}

// unreached reports whether listing i is one TotalHint cannot estimate:
// it comes after the current one and has delivered nothing, so how many
// of its images are new is unknown (they may all repeat an earlier
// listing's, as a seed server's /snapshots does).
func (u *Union) unreached(i int) bool {
	p := u.parts[i]
	return i > u.cur && p.added+p.again == 0
}

// Uncounted reports whether some listing still to walk counts nothing in
// TotalHint: it has not answered, or is not reached yet. A display of
// the total then says more may come.
func (u *Union) Uncounted() bool {
	for i, p := range u.parts {
		if p.skipped != nil || p.w.Done() && len(p.held) == 0 {
			continue
		}
		if _, has := p.w.TotalHint(); !has || u.unreached(i) {
			return true
		}
	}
	return false
}
