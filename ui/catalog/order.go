package catalog

import (
	"slices"
	"sort"
)

// item is one row of an order: an entry, named by its Seq (its index in
// the feed's entries), and its score for the query the order was built
// for. Eight bytes and no pointers, so an order of 100k rows is 800 KiB
// that the garbage collector never scans.
type item struct {
	seq   int32
	score int32
}

// Chunk sizes of an order. Built orders fill chunks to chunkFill so the
// first inserts into a chunk do not split it; a chunk that grows past
// chunkMax is split in two.
const (
	chunkFill = 512
	chunkMax  = 1024
)

// order is a sequence of items kept sorted by a comparison the caller
// passes in, stored as a list of chunks. Inserting an item costs a binary
// search over the chunks, a binary search inside one, and moving at most
// chunkMax items: O(log n + chunkMax), not the O(n) of inserting into one
// flat slice, so adding a page to an order of 100k stays as cheap as
// adding it to an order of 1k. Reading row i costs a binary search over
// the chunk starts, recomputed once after a batch of inserts.
type order struct {
	chunks [][]item
	starts []int // starts[c] is the index of chunks[c][0]; nil when stale
	n      int
}

// newOrder takes items already in order. It keeps no reference to the
// slice's spare capacity, so the caller may reuse it.
func newOrder(items []item) *order {
	o := &order{n: len(items)}
	for len(items) > 0 {
		k := min(len(items), chunkFill)
		o.chunks = append(o.chunks, slices.Clip(items[:k]))
		items = items[k:]
	}
	return o
}

// Len is the number of items.
func (o *order) Len() int {
	if o == nil {
		return 0
	}
	return o.n
}

func (o *order) index() {
	if o.starts != nil {
		return
	}
	o.starts = make([]int, len(o.chunks))
	at := 0
	for c, ch := range o.chunks {
		o.starts[c] = at
		at += len(ch)
	}
}

// locate returns the chunk holding item i and i's offset in it.
func (o *order) locate(i int) (c, off int) {
	o.index()
	c = sort.Search(len(o.starts), func(c int) bool { return o.starts[c] > i }) - 1
	return c, i - o.starts[c]
}

// At returns item i, 0 <= i < Len().
func (o *order) At(i int) item {
	c, off := o.locate(i)
	return o.chunks[c][off]
}

// From calls yield with the items from index i on, in order, until yield
// returns false.
func (o *order) From(i int, yield func(item) bool) {
	if o == nil || i >= o.n {
		return
	}
	c, off := o.locate(max(i, 0))
	for ; c < len(o.chunks); c, off = c+1, 0 {
		for _, it := range o.chunks[c][off:] {
			if !yield(it) {
				return
			}
		}
	}
}

// appendTo appends every item, in order, to dst.
func (o *order) appendTo(dst []item) []item {
	if o == nil {
		return dst
	}
	dst = slices.Grow(dst, o.n)
	for _, ch := range o.chunks {
		dst = append(dst, ch...)
	}
	return dst
}

// search returns where it is or would be inserted, comparing with cmp,
// which must be a total order consistent with the order's. found reports
// an item comparing equal.
func (o *order) search(it item, cmp func(a, b item) int) (i int, found bool) {
	if o == nil || o.n == 0 {
		return 0, false
	}
	// The first chunk whose last item is not before it.
	c := sort.Search(len(o.chunks), func(c int) bool {
		ch := o.chunks[c]
		return cmp(ch[len(ch)-1], it) >= 0
	})
	if c == len(o.chunks) {
		return o.n, false
	}
	ch := o.chunks[c]
	off, found := slices.BinarySearchFunc(ch, it, cmp)
	o.index()
	return o.starts[c] + off, found
}

// insert adds it at its place by cmp.
func (o *order) insert(it item, cmp func(a, b item) int) {
	o.n++
	o.starts = nil
	if len(o.chunks) == 0 {
		o.chunks = [][]item{{it}}
		return
	}
	c := sort.Search(len(o.chunks), func(c int) bool {
		ch := o.chunks[c]
		return cmp(ch[len(ch)-1], it) >= 0
	})
	if c == len(o.chunks) {
		c-- // after everything: the end of the last chunk
	}
	ch := o.chunks[c]
	off, _ := slices.BinarySearchFunc(ch, it, cmp)
	ch = slices.Insert(ch, off, it)
	if len(ch) <= chunkMax {
		o.chunks[c] = ch
		return
	}
	half := len(ch) / 2
	left := slices.Clone(ch[:half])
	right := slices.Clone(ch[half:])
	o.chunks[c] = left
	o.chunks = slices.Insert(o.chunks, c+1, right)
}

// insertAll adds every item of batch, which it sorts by cmp. A batch
// large next to the order is merged in one pass and the order rebuilt;
// a small one is inserted item by item.
func (o *order) insertAll(batch []item, cmp func(a, b item) int) {
	if len(batch) == 0 {
		return
	}
	slices.SortFunc(batch, cmp)
	if len(batch)*16 < o.n {
		for _, it := range batch {
			o.insert(it, cmp)
		}
		return
	}
	merged := make([]item, 0, o.n+len(batch))
	old := o.appendTo(nil)
	i, j := 0, 0
	for i < len(old) && j < len(batch) {
		if cmp(batch[j], old[i]) < 0 {
			merged = append(merged, batch[j])
			j++
		} else {
			merged = append(merged, old[i])
			i++
		}
	}
	merged = append(append(merged, old[i:]...), batch[j:]...)
	*o = *newOrder(merged)
}
