package ui

import (
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// tabSegment is one tab's place in the tab bar: its label and the cells
// it covers, padding included. tabSegments makes them; headerView draws
// them, and a mouse click at column x is on the tab whose segment holds
// x (X <= x < X+Width).
type tabSegment struct {
	Tab      catalog.Tab
	Label    string // the label's text: title and count
	X, Width int    // the first cell and the number of cells

	drawn string // the label in its style
}

// shortTitles name the tabs when the full titles do not fit.
var shortTitles = [catalog.NumTabs]string{"All", "OS", "Cloud", "Pre", "Snap"}

// tabSeparator is drawn between two tabs.
const tabSeparator = "│"

// tabSegments lays the tab bar out for width cells. As the bar narrows,
// titles shorten, then counts go, so the active tab always shows; what
// still does not fit is cut by the screen.
func (m *Model) tabSegments(width int) []tabSegment {
	var segs []tabSegment
	for _, form := range []struct{ short, counts bool }{{false, true}, {true, true}, {true, false}} {
		segs = m.tabBar(form.short, form.counts)
		if last := segs[len(segs)-1]; last.X+last.Width <= width {
			break
		}
	}
	return segs
}

func (m *Model) tabBar(short, counts bool) []tabSegment {
	st := m.styles.Tabs
	segs := make([]tabSegment, 0, catalog.NumTabs)
	x := 0
	for i, ts := range m.tabs {
		label := ts.tab.Title()
		if short {
			label = shortTitles[ts.tab]
		}
		rejected := ts.unavailable()
		if n, ok := m.tabCount(ts); counts && ok && !rejected {
			label += " " + n
		}
		var drawn string
		switch {
		case catalog.Tab(i) == m.active:
			drawn = st.Active.Render(label)
		case rejected:
			drawn = st.Unavailable.Render(label)
		default:
			drawn = st.Inactive.Render(label)
		}
		if i > 0 {
			x += text.Width(tabSeparator)
		}
		w := lipgloss.Width(drawn)
		segs = append(segs, tabSegment{Tab: ts.tab, Label: label, X: x, Width: w, drawn: drawn})
		x += w
	}
	return segs
}

// unavailable reports a tab of a type the API does not offer: its label
// has no count, and is dimmed.
func (ts *tabState) unavailable() bool { return ts.feed.Rejected() && ts.feed.Loaded() == 0 }

// tabCount is the count a tab's label shows: how many images it holds
// ("26", "~520", "~26+": see totalText) and, while a text or region
// filter is active, how many of them match first ("3/26"). Matches are
// counted among the images loaded: "3+/~520" while the tab is not
// complete, so more may match; "…/26" while the tab has not been counted
// for the current query yet (the counts of tabs not on screen follow the
// query once it settles: countSoon). ok is false when nothing is known.
func (m *Model) tabCount(ts *tabState) (string, bool) {
	total, ok := totalText(ts.feed)
	if !ok {
		return "", false
	}
	if !m.query.Active() {
		return total, true
	}
	n, ok := ts.matches(m.query)
	if !ok {
		return "…/" + total, true
	}
	s := strconv.Itoa(n)
	if !ts.feed.Done() {
		s += "+"
	}
	return s + "/" + total, true
}

// headerKey is everything the header line is drawn from: headerView
// draws it again only when one of these changes, which a cursor move
// never does (the tab bar's styles were a third of that frame's View).
type headerKey struct {
	width  int
	active catalog.Tab
	region string
	theme  themeKey
	tabs   [catalog.NumTabs]tabLabelKey
}

// tabLabelKey is what a tab's label is drawn from, besides its title.
type tabLabelKey struct {
	count    string // tabCount's text
	counted  bool   // tabCount's ok
	rejected bool
}

// headerCache is the last header line drawn, and what it was drawn from.
type headerCache struct {
	key  headerKey
	line string
	ok   bool
}

func (m *Model) headerKey() headerKey {
	k := headerKey{width: m.width, active: m.active, region: m.query.Region, theme: m.themeKey()}
	for i, ts := range m.tabs {
		n, ok := m.tabCount(ts)
		k.tabs[i] = tabLabelKey{count: n, counted: ok, rejected: ts.unavailable()}
	}
	return k
}

// headerView is the tab bar with counts and, on the right, the region.
func (m *Model) headerView() string {
	k := m.headerKey()
	if !m.headerMemo.ok || m.headerMemo.key != k {
		m.headerMemo = headerCache{key: k, line: m.drawHeader(), ok: true}
	}
	return m.headerMemo.line
}

// drawHeader draws the header line.
func (m *Model) drawHeader() string {
	st := m.styles.Tabs
	region := "all regions"
	if m.query.Region != "" {
		region = "region " + text.Sanitize(m.query.Region)
	}
	right := st.Region.Render(region)
	var b strings.Builder
	for i, seg := range m.tabSegments(m.width) {
		if i > 0 {
			b.WriteString(st.Separator.Render(tabSeparator))
		}
		b.WriteString(seg.drawn)
	}
	left := b.String()
	gap := m.width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		// Narrow: tabs win; the region shows in the status line too.
		return left
	}
	return left + strings.Repeat(" ", gap) + right
}

// countDelay is how long the query must hold still before the tabs not
// on screen are counted for it: each count filters a whole tab, which is
// worth doing once per query, not once per keystroke.
const countDelay = 200 * time.Millisecond

// countMsg asks for the tabs not on screen to be counted, unless the
// query changed again since it was sent (seq).
type countMsg struct{ seq int }

// countSoon asks for the tabs not on screen to be counted once the query
// settles. Tests (no timers) count at once.
func (m *Model) countSoon() tea.Cmd {
	if !m.query.Active() {
		return nil
	}
	m.countSeq++
	return m.after(countDelay, countMsg{seq: m.countSeq})
}

// countTabs brings the rows of every tab not on screen up to date with
// the query, which counts its matches (and makes showing it free).
func (m *Model) countTabs(msg countMsg) {
	if msg.seq != m.countSeq {
		return
	}
	for _, ts := range m.tabs {
		if ts != m.cur() {
			ts.refresh(m.query)
		}
	}
}
