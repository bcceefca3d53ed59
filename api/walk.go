package api

// Walk is the paging state of one listing (a Source: an endpoint and, for
// /images, a type). It holds no I/O: callers fetch the page named by
// Options and hand the response to Add. Both the full listing and the
// TUI's lazy feeds use it, so the termination rules of the API notes live
// in one place:
//
//   - an empty page ends the feed;
//   - a page shorter than the page size ends the feed;
//   - a page that adds no new ID ends the feed (a server that ignores
//     `page` would otherwise be walked forever); when total_count says
//     there are more images than were received, the walk is Incomplete;
//   - total_count is only a hint: it never ends or extends the walk.
//
// Images are deduplicated by ID across pages.
type Walk struct {
	src        Source
	perPage    int
	next       int
	seen       map[string]struct{}
	done       bool
	total      int
	hasTot     bool
	incomplete *IncompleteError
}

// NewSourceWalk starts a walk over src with the given page size (<= 0
// means MaxPerPage).
func NewSourceWalk(src Source, perPage int) *Walk {
	if perPage <= 0 || perPage > MaxPerPage {
		perPage = MaxPerPage
	}
	return &Walk{src: src.norm(), perPage: perPage, next: 1, seen: make(map[string]struct{})}
}

// Source is the listing this walk pages through.
func (w *Walk) Source() Source { return w.src }

// Type is the image type this walk lists ("" for all, and for /snapshots).
func (w *Walk) Type() ImageType { return w.src.Type }

// PerPage is the page size requested.
func (w *Walk) PerPage() int { return w.perPage }

// NextPage is the 1-based page to request next.
func (w *Walk) NextPage() int { return w.next }

// Done reports whether the feed is complete.
func (w *Walk) Done() bool { return w.done }

// Loaded is the number of distinct images seen so far.
func (w *Walk) Loaded() int { return len(w.seen) }

// TotalHint returns the last total_count the server reported, if any.
// It is a hint for display only.
func (w *Walk) TotalHint() (int, bool) { return w.total, w.hasTot }

// OptionsFor returns the request for an arbitrary page (used when pages are
// fetched ahead concurrently).
func (w *Walk) OptionsFor(page int) ListOptions { return w.src.Options(page, w.perPage) }

// Incomplete is why the walk ended before the listing was complete, or
// nil: a page added no new ID (the server ignores `page`, or keeps
// repeating itself) while total_count said there were more images than
// the walk had received. The walk is Done either way; the images it has
// are all it will get.
func (w *Walk) Incomplete() *IncompleteError { return w.incomplete }

// Add applies the response for the page NextPage named and returns the
// images it adds, in server order, without IDs already seen. It advances
// NextPage and sets Done when a termination rule fires. A nil response is
// treated as an empty page.
func (w *Walk) Add(resp *ListResponse) []Image {
	if w.done {
		return nil
	}
	w.next++
	if resp == nil || len(resp.Images) == 0 {
		w.done = true
		return nil
	}
	// Only a positive total_count is a hint; an absent one decodes as 0
	// and must not be shown as "0 images".
	if resp.TotalCount > 0 {
		w.total, w.hasTot = resp.TotalCount, true
	}
	size := w.perPage
	// A server that caps per_page below what we asked would make every
	// page look short; trust the size it says it used when that is smaller.
	if resp.PerPage > 0 && resp.PerPage < size {
		size = resp.PerPage
	}
	added := make([]Image, 0, len(resp.Images))
	for _, im := range resp.Images {
		if im.ID == "" {
			// No identity: cannot be deduplicated, referenced or copied.
			continue
		}
		if _, dup := w.seen[im.ID]; dup {
			continue
		}
		w.seen[im.ID] = struct{}{}
		added = append(added, im)
	}
	if len(added) == 0 || len(resp.Images) < size {
		w.done = true
	}
	if len(added) == 0 && w.hasTot && w.total > len(w.seen) {
		w.incomplete = &IncompleteError{Source: w.src, Page: w.next - 1, Received: len(w.seen), Total: w.total}
	}
	return added
}
