package catalog

import (
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// The name sort follows the Unicode Collation Algorithm's root order
// (golang.org/x/text/collate with language.Und), not byte order: "Ömer"
// sorts with "Omar", not after "yolov8"; "éclair" with "eclair". The root
// order is the same on every machine, whatever its locale, so `gcimg list
// --sort name` prints the same order for everyone (a Swedish tailoring
// would put Ö after Z). Case is ignored, as it was before.
//
// Sorting compares collation keys, byte strings whose order is the
// collation's. The key each entry keeps (Entry.collKey) is the primary
// level only (letters, ignoring accents, case and width): about two bytes
// a character, half the full key, which matters at 100k images. Names
// whose primary keys are equal but whose text differs (Omer and Ömer)
// are settled by the full comparison, accents included; only then by
// arrival order. The primary key is a prefix, level by level, of the full
// key, so the two steps give the full collation's order
// (TestCollationConsistent checks it). The sortKey fast path is the
// primary key's first eight bytes.

// collators are reused across goroutines: a collate.Collator is not safe
// for concurrent use, and NewEntry runs wherever pages are decoded.
var collators = sync.Pool{New: func() any {
	return &collator{
		// Without IgnoreWidth (collate.Loose has it) the key is the same,
		// the primary level, at half the cost.
		primary: collate.New(language.Und, collate.IgnoreDiacritics, collate.IgnoreCase),
		full:    collate.New(language.Und, collate.IgnoreCase),
	}
}}

type collator struct {
	primary, full *collate.Collator
	buf           collate.Buffer
}

// collationKey is name's primary collation key ("" for no name).
func collationKey(name string) string {
	if name == "" {
		return ""
	}
	c := collators.Get().(*collator)
	k := string(c.primary.KeyFromString(&c.buf, name))
	c.buf.Reset()
	collators.Put(c)
	return k
}

// compareNames orders two names by the full collation (accents, then
// nothing else: case is ignored). It is only asked about names whose
// primary keys are equal.
func compareNames(a, b string) int {
	if a == b {
		return 0
	}
	c := collators.Get().(*collator)
	defer collators.Put(c)
	return c.full.CompareString(a, b)
}

// compareByName is the name sort: by collation, nameless entries last,
// then by arrival.
func compareByName(a, b *Entry) int {
	if (a.Name == "") != (b.Name == "") {
		if a.Name == "" {
			return 1
		}
		return -1
	}
	if c := strings.Compare(a.collKey, b.collKey); c != 0 {
		return c
	}
	if c := compareNames(a.Name, b.Name); c != 0 {
		return c
	}
	return compareSeq(a, b)
}
