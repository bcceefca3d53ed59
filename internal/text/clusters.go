package text

import "unicode"

// Columns are built by concatenating strings: a cell, its padding, the
// separator, the next cell, an ellipsis. Width of the whole equals the sum
// of the widths of the parts only if no grapheme cluster spans a seam.
// Two kinds of rune make clusters span seams (UAX #29 rules GB9, GB9a and
// GB9b):
//
//   - a mark at the start of a string (Extend, SpacingMark, or an emoji
//     skin-tone modifier) joins the space before it, and " "+"\u0903" is
//     one cell where the parts measured two;
//   - a Prepend rune joins whatever follows it, even a space or "…".
//
// Sanitize therefore drops marks that have no base to sit on (they are at
// the very start of the text) and drops the few Prepend runes that are not
// already removed as format characters. The Prepend runes are letters of
// historic or minority scripts (Malayalam dot reph, Sharada, Kawi, …) that
// no image name is expected to use. TestClusterTablesMatchSegmenter checks
// both tables against the segmenter we measure with, so a Unicode update
// in that library fails a test instead of misaligning a table.

// attachesToPrevious reports whether r, placed after a space, would join
// the space's grapheme cluster.
func attachesToPrevious(r rune) bool {
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc) {
		return true
	}
	for _, rg := range markRanges {
		if r >= rg.lo && r <= rg.hi {
			return true
		}
	}
	return false
}

// isPrepend reports whether r is a Prepend rune that classify would
// otherwise keep (the Cf ones are dropped as format characters anyway).
func isPrepend(r rune) bool {
	if r < 0x0d4e || r > 0x11f02 {
		return false
	}
	for _, rg := range prependRanges {
		if r >= rg.lo && r <= rg.hi {
			return true
		}
	}
	return false
}

type runeRange struct{ lo, hi rune }

// markRanges are runes the segmenter treats as Extend or SpacingMark but
// which are not in category M, or are too new for this Go's unicode
// tables (Unicode 15.0).
var markRanges = []runeRange{
	{0x0897, 0x0897}, // ARABIC PEPET (Unicode 16)
	{0x0e33, 0x0e33}, // THAI CHARACTER SARA AM
	{0x0eb3, 0x0eb3}, // LAO VOWEL SIGN AM
	{0x1acf, 0x1add}, // Combining Diacritical Marks Extended (Unicode 17)
	{0x1ae0, 0x1aeb},
	{0xff9e, 0xff9f},   // HALFWIDTH KATAKANA VOICED SOUND MARKS
	{0x10d69, 0x10d6d}, // Garay (Unicode 16)
	{0x10efa, 0x10efc}, // Arabic Extended-C (Unicode 16)
	{0x113b8, 0x113c0}, // Tulu-Tigalari (Unicode 16)
	{0x113c2, 0x113c2},
	{0x113c5, 0x113c5},
	{0x113c7, 0x113ca},
	{0x113cc, 0x113d0},
	{0x113d2, 0x113d2},
	{0x113e1, 0x113e2},
	{0x11b60, 0x11b67}, // Sharada Supplement (Unicode 17)
	{0x11f5a, 0x11f5a}, // Kawi (Unicode 16)
	{0x1611e, 0x1612f}, // Gurung Khema (Unicode 16)
	{0x1e5ee, 0x1e5ef}, // Ol Onal (Unicode 16)
	{0x1e6e3, 0x1e6e3}, // Tai Yo (Unicode 17)
	{0x1e6e6, 0x1e6e6},
	{0x1e6ee, 0x1e6ef},
	{0x1e6f5, 0x1e6f5},
	{0x1f3fb, 0x1f3ff}, // EMOJI MODIFIER FITZPATRICK TYPE-1-2 … TYPE-6
}

// prependRanges are the Prepend runes outside category Cf.
var prependRanges = []runeRange{
	{0x0d4e, 0x0d4e},   // MALAYALAM LETTER DOT REPH
	{0x111c2, 0x111c3}, // SHARADA SIGN JIHVAMULIYA, UPADHMANIYA
	{0x113d1, 0x113d1}, // TULU-TIGALARI REPHA (Unicode 16)
	{0x1193f, 0x1193f}, // DIVES AKURU PREFIXED NASAL SIGN
	{0x11941, 0x11941}, // DIVES AKURU INITIAL RA
	{0x11a3a, 0x11a3a}, // ZANABAZAR SQUARE CLUSTER-INITIAL LETTER RA
	{0x11a84, 0x11a89}, // SOYOMBO SIGN JIHVAMULIYA … CLUSTER-INITIAL LETTER SA
	{0x11d46, 0x11d46}, // MASARAM GONDI REPHA
	{0x11f02, 0x11f02}, // KAWI SIGN REPHA
}
