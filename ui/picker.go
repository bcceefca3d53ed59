package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// picker is the region picker: "All regions" then every region with its
// count on the active tab.
type picker struct {
	items  []catalog.RegionCount // items[0] is "All regions" (Region "")
	cursor int
	off    int
}

func (p *picker) move(d int) {
	p.cursor = min(max(p.cursor+d, 0), max(len(p.items)-1, 0))
}

func (m *Model) openPicker() {
	ts := m.cur()
	q := m.query
	n, counts := ts.rows.RegionCounts(ts.feed.Entries(), q)
	all := catalog.RegionCount{Region: "", Count: n}
	m.picker = picker{items: append([]catalog.RegionCount{all}, counts...)}
	for i, it := range m.picker.items {
		if it.Region == m.query.Region {
			m.picker.cursor = i
		}
	}
	m.focus = focusPicker
}

func (m *Model) updatePicker(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys.Picker
	switch {
	case key.Matches(msg, k.Up):
		m.picker.move(-1)
	case key.Matches(msg, k.Down):
		m.picker.move(1)
	case key.Matches(msg, k.Cancel):
		m.focus = focusList
	case key.Matches(msg, k.Apply):
		m.focus = focusList
		q := m.query
		if len(m.picker.items) > 0 {
			q.Region = m.picker.items[m.picker.cursor].Region
		}
		return m.setQuery(q)
	}
	return nil
}

func (m *Model) pickerView(height int) []string {
	st := m.styles.Picker
	ts := m.cur()
	title := "Region"
	if !ts.feed.Done() {
		n, _ := ts.feed.Total()
		tot := "?"
		if n >= 0 {
			tot = fmt.Sprintf("~%d", n)
		}
		title += fmt.Sprintf(" · counts from %d of %s %s loaded", ts.feed.Loaded(), tot, ts.tab.Noun())
	} else {
		title += " · " + ts.tab.Title()
	}
	out := []string{"  " + st.Title.Render(title)}
	rows := max(height-1, 1)
	p := &m.picker
	if p.cursor < p.off {
		p.off = p.cursor
	}
	if p.cursor >= p.off+rows {
		p.off = p.cursor - rows + 1
	}
	for i := p.off; i < min(p.off+rows, len(p.items)); i++ {
		it := p.items[i]
		name := it.Region
		if name == "" {
			name = "All regions"
		}
		mark := "  "
		if it.Region == m.query.Region {
			mark = "✓ "
		}
		line := fmt.Sprintf("%s%s %5d", mark, text.PadRight(text.Sanitize(name), 20), it.Count)
		if i == p.cursor {
			out = append(out, "  "+st.Selected.Render(line))
		} else {
			out = append(out, "  "+st.Row.Render(line))
		}
	}
	return out
}
