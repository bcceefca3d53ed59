package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/keymap"
	"github.com/genesiscloud-tools/gcimg/theme"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// detail is the detail view: every field of the image it was opened with,
// then the strings a config wants, as a page of lines. It holds that
// image: pages arriving, a reload or a paste never change what it shows
// or what it copies, and when a reload's complete listing no longer has
// the image, it says so.
type detail struct {
	tab  catalog.Tab
	e    *catalog.Entry
	refs []refs.Ref // the config strings, as the copy menu offers them
	copy refs.Ref   // what the copy key copies: one of refs
	gone bool       // a reload's listing no longer has the image

	textPage
	// The layout the lines were rendered for (and st, in textPage).
	width int
	now   time.Time
}

// newDetail opens e, whose copy key copies the form kind.
func newDetail(tab catalog.Tab, e *catalog.Entry, kind refs.Kind) detail {
	return detail{tab: tab, e: e, refs: refs.All(e.Image), copy: defaultRef(e, kind), textPage: newTextPage()}
}

// SetSize lays the view out in a box of w×h, rendered with st; relative
// dates are as of now.
func (d *detail) SetSize(w, h int, st *theme.Styles, now time.Time) {
	d.width, d.st, d.now = w, st, now
	d.page.SetHeight(h)
	d.layout()
}

// SetGone says whether a reload has dropped the image.
func (d *detail) SetGone(gone bool) {
	if gone != d.gone {
		d.gone = gone
		d.layout()
	}
}

func (d *detail) layout() {
	if d.e == nil || d.st == nil {
		return
	}
	d.page.SetLines(detailLines(d.e, d.refs, d.gone, d.width, d.st, d.now))
}

// Update scrolls, or answers what the user asked for: back, copy, the
// copy menu, all for the image the view holds.
func (d *detail) Update(msg tea.Msg, k keymap.DetailKeys) tea.Msg {
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(kp, k.Back):
			return closeMsg{}
		case key.Matches(kp, k.Copy):
			return copyMsg{d.copy}
		case key.Matches(kp, k.CopyMenu):
			return menuMsg{d.e}
		}
	}
	d.page.Update(msg, k.ScrollKeys)
	return nil
}

// detailLines renders e for a box width cells wide: the name, whether it
// is gone, every field, then rs, the strings a config wants. Long values
// wrap, never cut, so an ID can always be read and selected in full.
func detailLines(e *catalog.Entry, rs []refs.Ref, gone bool, width int, styles *theme.Styles, now time.Time) []string {
	st := styles.Detail
	im := e.Image
	w := max(width-2, 10)
	const labelW = 14
	valW := max(w-labelW-2, 8)
	var out []string
	for _, l := range strings.Split(ansi.Hardwrap(e.Name, w, true), "\n") {
		out = append(out, st.Title.Render(l))
	}
	if gone {
		for _, l := range strings.Split(ansi.Wordwrap("✗ No longer in the catalog: a reload did not list this image. It is shown, and copied, as it was.", w, " "), "\n") {
			out = append(out, styles.Error.Render(l))
		}
	}
	out = append(out, "")
	field := func(label, value string, style func(...string) string) {
		for i, l := range strings.Split(ansi.Hardwrap(value, valW, true), "\n") {
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
	when := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.UTC().Format("2006-01-02 15:04 UTC") + " (" + relTime(t, now) + ")"
	}
	val, code := st.Value.Render, st.Code.Render
	field("ID", orDash(text.Sanitize(im.ID)), code) // from the API like every other field
	field("Type", orDash(e.Type), val)
	field("Family", orDash(e.Family), val)
	field("Slug", orDash(e.Slug), val)
	field("OS type", orDash(text.Sanitize(im.OSType)), val)
	field("Versions", orDash(strings.Join(refs.NewestFirst(im.Versions), ", ")), val)
	field("Regions", orDash(strings.Join(e.Regions, ", ")), val)
	field("Created", when(im.CreatedAt), val)
	field("Updated", when(im.UpdatedAt), val)

	out = append(out, "", st.Title.Render("For your config"))
	for _, r := range rs {
		field(formLabels[r.Kind], r.Value, code)
	}
	return out
}
