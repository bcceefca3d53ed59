package ui

import (
	"strings"
	"unicode/utf8"

	"charm.land/lipgloss/v2"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/theme"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// lineCache keeps the list's rendered rows. Styling a row costs a few
// dozen lipgloss renders, which made rendering a screenful of rows the
// most expensive part of a cursor move; with the cache a move re-renders
// the two rows whose selection changed.
//
// A row is rendered again when its data changes (a reload makes new
// entries, a later listing adds a snapshot's status), when its selection
// or a date changes (the CREATED column ages), and the whole cache is
// dropped when the layout (width, tab, columns, their widths), the
// highlight (query text) or the theme changes.
type lineCache struct {
	stamp lineStamp
	lines map[lineKey]string

	paintTheme themeKey
	paint      *listPainters
}

// themeKey is what the styles depend on: the painters are built again only
// when it changes.
type themeKey struct {
	dark bool
	mode theme.Mode
}

// themeKey is the theme the model's styles were built for.
func (m *Model) themeKey() themeKey { return themeKey{dark: m.dark, mode: m.opts.Theme} }

// lineStamp is what every row's rendering depends on.
type lineStamp struct {
	layout *listLayout // the columns and their widths (a new one for any change)
	tab    catalog.Tab
	query  string
	dark   bool
	mode   theme.Mode
}

type lineKey struct {
	e        *catalog.Entry
	im       *api.Image // e.Image: a later listing may enrich it in place
	selected bool
	cells    string // the text of the cells that change by themselves (dates)
}

// maxCachedLines bounds the cache; rows off screen are only kept in case
// the user scrolls back, so a few screens' worth is plenty.
const maxCachedLines = 1024

func (m *Model) lineStamp(lay *listLayout) lineStamp {
	return lineStamp{layout: lay, tab: m.active, query: m.query.Text, dark: m.dark, mode: m.opts.Theme}
}

// row returns the cached line of r, rendering it with render on a miss;
// cells is the text of its cells that can change by themselves.
func (c *lineCache) row(stamp lineStamp, r *catalog.Row, selected bool, cells string, render func() string) string {
	k := lineKey{e: r.E, im: r.E.Image, selected: selected, cells: cells}
	if stamp != c.stamp || len(c.lines) >= maxCachedLines {
		c.stamp, c.lines = stamp, nil
	}
	if line, ok := c.lines[k]; ok {
		return line
	}
	if c.lines == nil {
		c.lines = make(map[lineKey]string)
	}
	line := joinRuns(render())
	c.lines[k] = line
	return line
}

// sgrReset is the sequence lipgloss ends a styled piece of text with.
const sgrReset = "\x1b[m"

// joinRuns drops every reset that is followed at once by the very
// sequences it undid, so that neighbouring pieces in one style become one
// run: "\x1b[31mab\x1b[m\x1b[31mcd\x1b[m" is "\x1b[31mabcd\x1b[m". A row
// is painted a piece at a time (a cell's text, its padding, the gap before
// the next cell), each wrapped in its style's sequences, and Bubble Tea
// parses every line of every frame: in a row of the 100k benchmark the
// repeats were over half of its bytes. Sequences with no text between
// them act as their last reset and what follows it, so a run of them is
// written that way, or dropped when that is the style already in force.
// The line is taken to start with no style, as lipgloss's lines do.
//
// The screen stays the same cell for cell, and a joined line has nothing
// left to join (FuzzJoinRuns). Bubble Tea's parser can end a grapheme
// cluster at a sequence (two regional indicators either side of one are
// two cells, not one flag), so a run is dropped only between two
// printable ASCII characters, which never join into one cluster. A line
// holding anything but SGR sequences and text as text.Sanitize leaves it
// (valid UTF-8 with no control character: a raw C1 byte such as 0x98
// opens a string that swallows what follows) is returned as it is.
func joinRuns(s string) string {
	if !strings.Contains(s, sgrReset) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	open := ""      // the SGR sequences in force since the last reset, as written
	last := byte(0) // the last byte of text written
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '\x1b')
		if j < 0 {
			if !plain(s[i:]) {
				return s
			}
			b.WriteString(s[i:])
			break
		}
		if j > 0 {
			if !plain(s[i : i+j]) {
				return s
			}
			b.WriteString(s[i : i+j])
			last = s[i+j-1]
		}
		i += j
		n := sgrLen(s[i:])
		switch {
		case n == 0:
			return s
		case s[i:i+n] != sgrReset:
			b.WriteString(s[i : i+n])
			open += s[i : i+n]
			i += n
			continue
		}
		// A reset, and the sequences up to the next text: they leave the
		// style that follows their last reset.
		end, from := i+n, i+n // from: where the sequences after the last reset begin
		for end < len(s) {
			k := sgrLen(s[end:])
			if k == 0 {
				if s[end] == '\x1b' {
					return s
				}
				break
			}
			end += k
			if s[end-k:end] == sgrReset {
				from = end
			}
		}
		if tail := s[from:end]; tail != open || !printableASCII(last) || end < len(s) && !printableASCII(s[end]) {
			b.WriteString(sgrReset)
			b.WriteString(tail)
			open = tail
		}
		i = end
	}
	return b.String()
}

func printableASCII(c byte) bool { return c >= 0x20 && c < 0x7f }

// plain reports text as text.Sanitize leaves it: valid UTF-8 holding no C0
// or C1 control and no DEL.
func plain(s string) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r >= 0x80 && r < 0xa0 {
			return false
		}
		i += size
	}
	return true
}

// sgrLen is the length of the SGR sequence (CSI, parameters, "m") s
// starts with, or 0.
func sgrLen(s string) int {
	if len(s) < 3 || s[0] != '\x1b' || s[1] != '[' {
		return 0
	}
	for i := 2; i < len(s); i++ {
		switch c := s[i]; {
		case c == 'm':
			return i + 1
		case c >= '0' && c <= '9', c == ';', c == ':':
		default:
			return 0
		}
	}
	return 0
}

// painter renders text in one style as lipgloss does, but by wrapping it
// in the escape sequences lipgloss puts around a sample, which costs a
// concatenation instead of a full Render (style resolution, width
// measurement, margins, borders). newPainter checks on probes that the
// two agree, and falls back to Render for a style where they do not (a
// width, padding or border, say).
type painter struct {
	st        lipgloss.Style
	pre, post string
	fast      bool
}

func newPainter(st lipgloss.Style) painter {
	const sentinel = "\uE000" // private use: never in a probe
	p := painter{st: st}
	pre, post, ok := strings.Cut(st.Render(sentinel), sentinel)
	if !ok {
		return p
	}
	for _, probe := range []string{"a", "ab c", "  ", "é…x", "▌"} {
		if st.Render(probe) != pre+probe+post {
			return p
		}
	}
	p.pre, p.post, p.fast = pre, post, true
	return p
}

// Render is lipgloss.Style.Render for one line of sanitised text.
func (p painter) Render(s string) string {
	if !p.fast || s == "" || strings.ContainsAny(s, "\t\n\r") {
		return p.st.Render(s)
	}
	return p.pre + s + p.post
}

// listPainters are the list's row styles as painters, named as in
// theme.Styles.List.
type listPainters struct {
	Row, Selected, Dim, Match, SelectedMatch, Cursor, Warn, SelectedWarn painter
}

// painters returns the list's row styles as painters.
func (m *Model) painters() *listPainters {
	return m.lines.painters(m.themeKey(), &m.styles)
}

// painters returns the row styles of st, built once per theme (each is
// six lipgloss renders): not again for each keystroke, tab or layout,
// which only empty the lines.
func (c *lineCache) painters(k themeKey, st *theme.Styles) *listPainters {
	if c.paint == nil || c.paintTheme != k {
		l := st.List
		c.paint = &listPainters{
			Row: newPainter(l.Row), Selected: newPainter(l.Selected), Dim: newPainter(l.Dim),
			Match: newPainter(l.Match), SelectedMatch: newPainter(l.SelectedMatch), Cursor: newPainter(l.Cursor),
			Warn: newPainter(l.Warn), SelectedWarn: newPainter(l.SelectedWarn),
		}
		c.paintTheme = k
	}
	return c.paint
}

// helpCache keeps the help line. Rendering it is a dozen lipgloss
// renders, for every frame; it only changes with the focus, the width,
// the theme and pick mode (the bindings are fixed once the program
// starts).
type helpCache struct {
	key  helpKey
	line string
	ok   bool
}

type helpKey struct {
	focus focus
	width int
	dark  bool
	mode  theme.Mode
	pick  bool
}

// get returns the cached line, rendering it with render on a miss.
func (c *helpCache) get(k helpKey, render func() string) string {
	if !c.ok || c.key != k {
		c.key, c.line, c.ok = k, render(), true
	}
	return c.line
}

func (m *Model) helpKey() helpKey {
	return helpKey{focus: m.focused(), width: m.width, dark: m.dark, mode: m.opts.Theme, pick: m.opts.Pick}
}

// countWidth counts the width of s when the text between CSI sequences
// is printable ASCII or one of the narrow symbols the views draw with
// (box drawing, bullets, ellipsis, Latin letters); ok is false for
// anything else (a wide character, an emoji, a control character), whose
// width takes grapheme segmentation.
func countWidth(s string) (w int, ok bool) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b && i+1 < len(s) && s[i+1] == '[':
			// CSI: parameters and intermediates, then a final byte.
			j := i + 2
			for j < len(s) && s[j] >= 0x20 && s[j] <= 0x3f {
				j++
			}
			if j >= len(s) || s[j] < 0x40 || s[j] > 0x7e {
				return 0, false
			}
			i = j + 1
		case c >= 0x20 && c < 0x7f:
			w++
			i++
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !narrow(r) {
				return 0, false
			}
			w++
			i += size
		default:
			return 0, false
		}
	}
	return w, true
}

// widthMemo measures the lines of a frame, remembering for one frame
// more the widths that countWidth could not count. fit measures every
// line of every frame, and a row holding an emoji or a CJK name took
// grapheme segmentation each time: with a screen of them, about a third
// of a cursor move's View. The rows of a frame are mostly the rows of
// the one before, so two generations (this frame's lines and the last
// one's) find them, and hold no more than two screens of lines.
type widthMemo struct {
	cur, prev map[string]int
}

// width is lipgloss.Width(s), counted directly where countWidth can.
func (m *widthMemo) width(s string) int {
	if w, ok := countWidth(s); ok {
		return w
	}
	w, ok := m.cur[s]
	if ok {
		return w
	}
	if w, ok = m.prev[s]; !ok {
		w = lipgloss.Width(s)
	}
	if m.cur == nil {
		m.cur = make(map[string]int)
	}
	m.cur[s] = w
	return w
}

// frame starts the next frame's generation; the one before the last is
// forgotten.
func (m *widthMemo) frame() {
	m.prev, m.cur = m.cur, m.prev
	clear(m.cur)
}

// narrow reports runes that are one cell wide on their own and never
// join the rune before them into one cluster, so a line made of them and
// ASCII is as wide as it has runes. The test checks every one against
// lipgloss.
func narrow(r rune) bool {
	switch {
	case r >= 0xa1 && r <= 0x24f && r != 0xad: // Latin-1 and Latin Extended, not the soft hyphen
		return true
	case r >= 0x2010 && r <= 0x2027, r >= 0x2030 && r <= 0x205e: // dashes, quotes, bullets, ellipsis
		return true
	case r >= 0x2190 && r <= 0x21ff: // arrows
		return true
	case r == '✗': // the mark of a failed snapshot
		return true
	case r >= 0x2500 && r <= 0x259f: // box drawing, blocks
		return true
	}
	return false
}
