package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// detail is the detail view's scroll state; the image is the list's
// selection, so the two can never disagree.
type detail struct{ off int }

func (d *detail) scroll(delta, lines, height int) {
	d.off = min(max(d.off+delta, 0), max(lines-height, 0))
}

func (m *Model) selected() *catalog.Row {
	ts := m.cur()
	if ts.cursor < 0 || ts.cursor >= ts.rows.Len() {
		return nil
	}
	return ts.rows.At(ts.cursor)
}

func (m *Model) updateDetail(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys.Detail
	h := m.bodyHeight()
	// Only the scroll keys need the line count, and counting builds every
	// line of the view: not for the other keys.
	n := func() int { return len(m.detailLines()) }
	switch {
	case key.Matches(msg, m.keys.Global.Help):
		m.help.ShowAll = !m.help.ShowAll
	case key.Matches(msg, k.Back):
		m.focus = focusList
	case key.Matches(msg, k.Copy):
		return m.copyDefault()
	case key.Matches(msg, k.CopyMenu):
		m.openMenu()
	case key.Matches(msg, k.Up):
		m.detail.scroll(-1, n(), h)
	case key.Matches(msg, k.Down):
		m.detail.scroll(1, n(), h)
	case key.Matches(msg, k.PageUp):
		m.detail.scroll(-h, n(), h)
	case key.Matches(msg, k.PageDown):
		m.detail.scroll(h, n(), h)
	case key.Matches(msg, k.Home):
		m.detail.off = 0
	case key.Matches(msg, k.End):
		l := n()
		m.detail.scroll(l, l, h)
	}
	return nil
}

// detailLines is every field of the selected image, then the exact strings
// a config wants.
func (m *Model) detailLines() []string {
	r := m.selected()
	if r == nil {
		return nil
	}
	st := m.styles.Detail
	im := r.E.Image
	w := max(m.width-2, 10)
	const labelW = 14
	valW := max(w-labelW-2, 8)
	var out []string
	for _, l := range strings.Split(ansi.Hardwrap(r.E.Name, w, true), "\n") {
		out = append(out, st.Title.Render(l))
	}
	out = append(out, "")
	field := func(label, value string, style func(...string) string) {
		lines := strings.Split(ansi.Hardwrap(value, valW, true), "\n")
		for i, l := range lines {
			lab := ""
			if i == 0 {
				lab = label
			}
			out = append(out, "  "+st.Label.Render(text.PadRight(lab, labelW))+style(l))
		}
	}
	orDash := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	val := st.Value.Render
	code := st.Code.Render
	id := text.Sanitize(im.ID) // from the API like every other field
	field("ID", id, code)
	field("Type", orDash(r.E.Type), val)
	field("Family", orDash(r.E.Family), val)
	field("Slug", orDash(r.E.Slug), val)
	field("OS type", orDash(text.Sanitize(im.OSType)), val)
	versions := make([]string, 0, len(im.Versions))
	for _, v := range im.Versions {
		versions = append(versions, text.Sanitize(v))
	}
	field("Versions", orDash(strings.Join(versions, ", ")), val)
	field("Regions", orDash(strings.Join(r.E.Regions, ", ")), val)
	field("Created", m.when(im.CreatedAt), val)
	field("Updated", m.when(im.UpdatedAt), val)

	out = append(out, "", st.Title.Render("For your config"))
	field("ID", id, code)
	if r.E.Slug != "" {
		field("Slug", r.E.Slug, code)
		for _, v := range versions {
			field("slug:version", r.E.Slug+":"+v, code)
		}
	}
	ref := r.E.Slug
	if ref == "" {
		ref = id
	}
	field("Terraform", fmt.Sprintf("image = %q", ref), code)
	return out
}

func (m *Model) when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC") + " (" + relTime(t, m.now()) + ")"
}

func (m *Model) detailView(height int) []string {
	lines := m.detailLines()
	m.detail.scroll(0, len(lines), height)
	end := min(m.detail.off+height, len(lines))
	out := append([]string(nil), lines[m.detail.off:end]...)
	if len(lines) > height && len(out) > 0 {
		more := fmt.Sprintf(" %d–%d of %d ", m.detail.off+1, end, len(lines))
		last := len(out) - 1
		if m.detail.off+height < len(lines) {
			out[last] = m.styles.Detail.Dim.Render("  ↓" + more)
		}
	}
	return out
}
