// Package catalog is the data logic behind the TUI, in plain Go so that it
// is driven by tests without a terminal: the tabs, one lazily paged Feed
// per tab (over every listing of the tab's type, both API generations'), the Entry each image becomes on arrival (sanitised display
// strings and a search key computed once), and a Results per tab, which keeps
// the tab's entries filtered and ordered for a query as pages arrive and
// the query changes (Apply is the same computation done once). The root
// Bubble Tea model owns the I/O: it asks a Feed for the next Requests,
// runs them as commands, and hands the replies back to Complete; replies to
// a walk since reloaded are dropped there, so a reload can never be
// overwritten by a slow page of the walk it replaced.
//
// # Scale
//
// The list must stay instant at 100k images, so nothing that runs per
// page, per keystroke or per frame is O(entries) unless it must be:
//
//   - a page is inserted into each cached sort order (order.go) in
//     O(page · log n), and matched against the current query on its own;
//   - a keystroke that extends the query rescans only the previous
//     matches; the scan reads one allocation per entry (Entry.rec), is
//     split across CPUs, and scores without positions; ranking is a
//     counting sort over candidates already in sort order;
//   - highlight positions are worked out only for rows read with
//     Results.At, which are the rows on screen;
//   - each image is held once, its repeated strings interned.
//
// Nothing here is safe for concurrent use: it is called from the model's
// Update, one message at a time. Filtering runs there too, synchronously
// (a keystroke at 100k images costs a few milliseconds, BenchmarkFilter
// in ui); only its scan is split across goroutines, which it waits for.
//
// # Matcher
//
// Text filtering uses a matcher of our own, modelled on fzf's: its
// scoring (points per matched character, bonuses at word boundaries, after
// delimiters and at camelCase/digit transitions, doubled for the first
// character, bonuses for consecutive runs, penalties for gaps) and its
// "v2" search for the best-scoring alignment, a small dynamic programme
// over the span between the first occurrence of the query's first
// character and the last occurrence of its last ("uml" in "Ubuntu ML"
// highlights U, M and L, not the "u" of "ntu"). A field too long for the
// table falls back to fzf's linear "v1" window. github.com/sahilm/fuzzy
// was considered and not used, because:
//
//   - it matches one string, and a key that joins the fields lets a match
//     start in the name and finish in the slug; its only barrier is NUL,
//     at which it silently stops reading the rest of the key;
//   - its unmatched-character penalty counts bytes of the whole string, so
//     a long ID or a non-ASCII name (3 bytes a rune) lowers every score of
//     that entry, whatever the field that matched;
//   - it commits each character greedily with one character of
//     look-ahead, so it neither finds the best alignment nor highlights
//     it.
//
// Each field is matched on its own, over the sanitised display string,
// folding case rune by rune, so the positions in a Row are byte offsets
// into Entry.Name, Slug and Family, always on rune boundaries, even where
// lower-casing changes a rune's length (U+0130 "İ" is two bytes, its
// lower case "i" one). Entry.Key, the lower-cased fields joined with '\n'
// (which sanitised text and query terms never contain), serves as a cheap
// prefilter: an entry whose key does not hold a term as a subsequence is
// rejected without looking at the fields.
//
// A query is split at white space into terms, as in fzf's extended mode:
// every term must match some field, an entry's score is the sum over terms
// of the best field's score, and every field a term matches is
// highlighted. The image ID is matched differently: a term matches the ID
// only as a contiguous substring of at least [MinIDTerm] characters. A
// UUID is 32 random hex digits, so fuzzily it holds almost any short run
// of the letters a–f ("deb", "bed", "cafe") and every snapshot would
// survive the query "deb"; someone searching by ID pastes or types a
// piece of it.
package catalog
