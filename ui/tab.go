package ui

import (
	"slices"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/columns"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// anchor is what the cursor of a tab holds on to while its rows change
// under the user: pages arriving, background completion, a reload.
type anchor int

const (
	// atTop keeps the cursor on row 1, whatever it holds: the best match,
	// or the first by sort. A tab starts here, and so does a new query.
	atTop anchor = iota
	// atImage keeps the cursor on the image under it, wherever that
	// image's row moves: the user put it there.
	atImage
	// atEnd keeps the cursor on the last row as pages arrive ("follow
	// the end", after the end key) until the user presses any other key.
	atEnd
)

// tabState is one tab's feed, its rows for the current query, and the
// user's place in them. The cursor is remembered per tab.
type tabState struct {
	tab    catalog.Tab
	feed   *catalog.Feed
	rows   *catalog.Results // the feed after filter and sort
	dirty  bool             // rows must be brought up to date with the feed and query
	list   scrollList       // the cursor and the window over rows
	anchor anchor

	// retries are the notices of this tab's requests that are waiting
	// to retry, oldest first; a request's notice goes when it completes.
	retries []retryNotice

	regionMemo regionMemo // hasRegion's last answer
	widths     colWidths  // how wide the loaded entries' values are, by column
	counted    countMemo  // the number of rows the last refresh left
}

// countMemo is how many rows a tab had for a query's text and region over
// the entries loaded then: what its label says of it until it is
// counted again. The sort does not change it.
type countMemo struct {
	text, region string
	first        *catalog.Entry // entries[0]: a reload makes new entries
	loaded, n    int
	set          bool
}

// matches is the number of rows the tab has for q, as last counted, and
// whether that count is for q over the entries loaded now.
func (ts *tabState) matches(q catalog.Query) (int, bool) {
	c := ts.counted
	entries := ts.feed.Entries()
	var first *catalog.Entry
	if len(entries) > 0 {
		first = entries[0]
	}
	return c.n, c.set && c.text == q.Text && c.region == q.Region && c.loaded == len(entries) && c.first == first
}

// retryNotice is a request's latest retry, as api.WithRetryHook told it.
type retryNotice struct {
	gen uint64
	r   api.Retry
}

func newTabState(tab catalog.Tab, feed *catalog.Feed, cols []columns.Column) *tabState {
	return &tabState{tab: tab, feed: feed, rows: catalog.NewResults(), dirty: true, list: scrollList{wheel: 3}, widths: newColWidths(cols)}
}

// cursorRow is the row under the cursor, or nil when there are no rows.
func (ts *tabState) cursorRow() *catalog.Row {
	if i := ts.list.Cursor(); i < ts.rows.Len() {
		return ts.rows.At(i)
	}
	return nil
}

// refresh brings the rows up to date with the feed and q, then puts the
// cursor where its anchor says: row 1, the same image, or the end. An
// image that is no longer among the rows (a new query left it out, a
// reload dropped it) sends the cursor back to row 1.
func (ts *tabState) refresh(q catalog.Query) {
	if !ts.dirty {
		return
	}
	// The image under the cursor, read before the rows change; found
	// again in O(log n) by its entry.
	var held *catalog.Entry
	if r := ts.cursorRow(); r != nil && ts.anchor == atImage {
		held = r.E
	}
	entries := ts.feed.Entries()
	ts.rows.Update(entries, q)
	ts.dirty = false
	n := ts.rows.Len()
	ts.counted = countMemo{text: q.Text, region: q.Region, loaded: len(entries), n: n, set: true}
	if len(entries) > 0 {
		ts.counted.first = entries[0]
	}
	ts.list.SetLen(n)
	switch ts.anchor {
	case atEnd:
		ts.list.Select(n - 1)
	case atImage:
		if i := ts.rows.IndexOf(held); i >= 0 {
			ts.list.Select(i)
			return
		}
		ts.anchor = atTop
		fallthrough
	default:
		ts.list.Select(0)
	}
}

// userMoved records that the user put the cursor where it is: from now
// on it stays on that image.
func (ts *tabState) userMoved() {
	if ts.rows.Len() > 0 {
		ts.anchor = atImage
	}
}

// follow puts the cursor on the last row and keeps it there as pages
// arrive.
func (ts *tabState) follow() {
	ts.list.Select(ts.rows.Len() - 1)
	ts.anchor = atEnd
}

// stopFollowing ends "follow the end": the cursor stays on the image it
// is on.
func (ts *tabState) stopFollowing() {
	if ts.anchor == atEnd {
		ts.userMoved()
	}
}

// noteRetry keeps the notice of request gen's retry, replacing the
// request's earlier one.
func (ts *tabState) noteRetry(gen uint64, r api.Retry) {
	ts.forgetRetry(gen)
	ts.retries = append(ts.retries, retryNotice{gen: gen, r: r})
}

// forgetRetry drops request gen's notice: it completed, or its reply is
// no longer wanted.
func (ts *tabState) forgetRetry(gen uint64) {
	ts.retries = slices.DeleteFunc(ts.retries, func(n retryNotice) bool { return n.gen == gen })
}

// retrying is the latest notice of a request still waiting to retry.
func (ts *tabState) retrying() (api.Retry, bool) {
	if len(ts.retries) == 0 {
		return api.Retry{}, false
	}
	return ts.retries[len(ts.retries)-1].r, true
}

// hasRegion reports whether any loaded entry of the tab is in region
// (a code as the entries spell it, in upper case). It reads every entry,
// so the answer is kept until the entries change.
func (ts *tabState) hasRegion(region string) bool {
	entries := ts.feed.Entries()
	var first *catalog.Entry
	if len(entries) > 0 {
		first = entries[0] // a reload makes new entries
	}
	memo := &ts.regionMemo
	if memo.set && memo.region == region && memo.first == first && memo.n == len(entries) {
		return memo.has
	}
	*memo = regionMemo{region: region, first: first, n: len(entries), set: true}
	memo.has = slices.ContainsFunc(entries, func(e *catalog.Entry) bool { return slices.Contains(e.Regions, region) })
	return memo.has
}

// regionMemo is hasRegion's last answer.
type regionMemo struct {
	region   string
	first    *catalog.Entry
	n        int
	has, set bool
}
