package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/keymap"
	"github.com/genesiscloud-tools/gcimg/theme"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// regionPicker is the region picker: "All regions", then every region with
// the number of the active tab's images there that pass the text filter,
// counted from what was loaded when it opened (its title says how much).
type regionPicker struct {
	title   string
	items   []catalog.RegionCount // items[0] is "All regions" (Region "")
	current string                // the region in force, marked ✓
	list    scrollList
}

// newRegionPicker counts ts's loaded images by region for q's text, with
// the cursor on q's region.
func newRegionPicker(ts *tabState, q catalog.Query) regionPicker {
	n, counts := ts.rows.RegionCounts(ts.feed.Entries(), q)
	p := regionPicker{
		title:   "Region · " + ts.tab.Title(),
		items:   append([]catalog.RegionCount{{Region: "", Count: n}}, counts...),
		current: q.Region,
	}
	if f := ts.feed; !f.Done() {
		s := "?"
		if t, ok := totalText(f); ok {
			s = t
		}
		p.title = fmt.Sprintf("Region · counts from %d of %s %s loaded", f.Loaded(), s, ts.tab.Noun())
	}
	p.list.SetLen(len(p.items))
	for i, it := range p.items {
		if it.Region == q.Region {
			p.list.Select(i)
		}
	}
	return p
}

// SetSize lays the picker out in a box of w×h: a title, then the regions.
func (p *regionPicker) SetSize(_, h int) { p.list.SetHeight(h - titleRows) }

// Update moves the cursor, or answers the user's choice: the region
// under the cursor, or clicked.
func (p *regionPicker) Update(msg tea.Msg, k keymap.PickerKeys) tea.Msg {
	if c, ok := msg.(tea.MouseClickMsg); ok {
		if i, ok := p.list.At(c.Y - titleRows); ok {
			p.list.Select(i)
			return regionMsg{p.items[i].Region}
		}
		return nil
	}
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(kp, k.Cancel):
			return closeMsg{}
		case key.Matches(kp, k.Apply):
			if len(p.items) == 0 {
				return closeMsg{}
			}
			return regionMsg{p.items[p.list.Cursor()].Region}
		}
	}
	p.list.Update(msg, k.ScrollKeys)
	return nil
}

// View lists the regions in the window.
func (p regionPicker) View(st *theme.Styles) []string {
	ps := st.Picker
	out := []string{"  " + ps.Title.Render(p.title)}
	from, to := p.list.Visible()
	for i := from; i < to; i++ {
		it := p.items[i]
		name := it.Region
		if name == "" {
			name = "All regions"
		}
		mark := "  "
		if it.Region == p.current {
			mark = "✓ "
		}
		line := fmt.Sprintf("%s%s %5d", mark, text.PadRight(text.Sanitize(name), 20), it.Count)
		if i == p.list.Cursor() {
			out = append(out, "  "+ps.Selected.Render(line))
		} else {
			out = append(out, "  "+ps.Row.Render(line))
		}
	}
	return out
}
