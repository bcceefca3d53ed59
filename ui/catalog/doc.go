// Package catalog is the data logic behind the TUI, in plain Go so that it
// is driven by tests without a terminal: the tabs, one lazily paged Feed
// per tab (over every listing of the tab's type, both API generations'), the Entry each image becomes on arrival (sanitised display
// strings and a search key computed once), and a Results per tab, which keeps
// the tab's entries filtered and ordered for a query as pages arrive and
// the query changes (Select is the same computation done once, for the
// command line). The root Bubble Tea model owns the I/O: it asks a Feed
// for the next Requests, runs them as commands, and hands the replies back
// to Complete; replies to a walk since reloaded are dropped there, so a
// reload can never be overwritten by a slow page of the walk it replaced.
//
// # Scale
//
// The list must stay instant at 100k images, so nothing that runs per
// page, per keystroke or per frame is O(entries) unless it must be:
//
//   - a page is inserted into each cached sort order (order.go) in
//     O(page · log n), and matched against the current query on its own;
//   - a keystroke that extends the query rescans only the previous
//     matches (and, when a term reaches the length at which the type or
//     the ID is searched too, the entries of the types it now holds);
//     the scan rules out most entries by a word of character bits
//     before reading them, reads one rec per entry, written one after
//     another (Entry.rec), is shared across CPUs in blocks, reuses its
//     score table, and scores without positions; ranking is a counting
//     sort over candidates already in sort order;
//   - a query of one letter or digit, the first keystroke of a search and
//     the one that matches the most, is not matched at all: each entry's
//     score for each such character is worked out as it arrives and kept
//     in 4 bits (first.go), so that keystroke reads 50 KB at 100k;
//   - the keystrokes after it, while the query is one term of up to five
//     characters ("ub", "ubu", "rock"), are answered from the
//     next-character index of the query before (next.go): each entry's
//     score for that term followed by each letter or digit, worked out in
//     one pass per field while the user is between keystrokes, and
//     dropped once the query moves on;
//   - the results of every query typed since the text was last empty are
//     kept, bounded (cache.go), so deleting a character, retyping, or
//     white space costs no scan;
//   - highlight positions are worked out only for rows read with
//     Results.At, which are the rows on screen;
//   - each image is held once, its repeated strings interned.
//
// Nothing here is safe for concurrent use: it is called from the model's
// Update, one message at a time. Filtering runs there too, synchronously
// (a keystroke at 100k images costs a few milliseconds, BenchmarkFilter
// in ui); only its scan is split across goroutines, which it waits for.
// The one piece of work meant for another goroutine is the
// next-character index's (Results.NextWork), which reads only what no
// later call changes, and whose result the caller hands back to
// Results.SetNext.
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
// # Query syntax
//
// A query is fzf's extended search syntax (query.go follows fzf's
// src/pattern.go rule for rule), so an fzf user's habits carry over:
//
//	ubuntu 24     terms separated by spaces must all match (fuzzily)
//	'24.04        an exact run
//	'cuda'        an exact run at word boundaries
//	^rocky        at the start of a field
//	debian-12$    at the end of a field
//	^debian-12$   a whole field
//	!cloud        must not occur (also !^term, !term$, !'term')
//	!'cud         must not match even fuzzily
//	a | b         either term (| binds tighter than the space)
//	a\ b          a space inside a term
//
// fzf matches one line; an image is several fields, so each term is
// matched against each of them on its own and an anchor applies to each
// field: ^debian matches the name "Debian 12" and the slug "debian-12",
// 12$ names and slugs ending in 12. A term matches an entry when it
// matches its name, slug or family, or the ID or the type as described
// below; a negation excludes the entry when its text is found in any of
// them. As in fzf, a term with an upper-case letter is matched as typed
// (smart case); the others fold case rune by rune.
//
// An entry's score is the sum over groups of the score of the first term
// that matches (fzf's rule for |); a term's score is its best field's,
// and every field it matches is highlighted. Unlike fzf, a term found as
// a contiguous run (every exact, prefix or suffix match, and a fuzzy term
// found unbroken) scores a bonus that puts it above any scattered match of
// the same term: "cuda" ranks "CUDA 12" above "Cu Deep Ai" even though
// fzf would let word-start bonuses decide. Negations score and highlight
// nothing.
//
// The image ID is matched differently: a term matches the ID only as a
// contiguous run of at least [MinIDTerm] characters, whatever its case. A
// UUID is 32 random hex digits, so fuzzily it holds almost any short run
// of the letters a–f ("deb", "bed", "cafe") and every snapshot would
// survive the query "deb"; someone searching by ID pastes or types a
// piece of it. The type ("cloud-image", "snapshot") is matched only as a
// contiguous run of at least three characters, and only when no other
// field matches: it scores nothing (it says what kind of image this is,
// not how well it matches), but it lets "snapshot" find snapshots and
// "ubuntu !cloud" drop cloud images, as the type column shows them.
//
// Narrowing: a query that keeps no entry the previous one dropped (a
// character typed at the end of a term, a new term, a shorter negation)
// rescans only the previous matches; pattern.narrowsTo decides it term
// by term, and FuzzQuery checks that the incremental rows always equal
// the rows computed from scratch.
package catalog
