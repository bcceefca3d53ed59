package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/genesiscloud-tools/gcimg/api"
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
	copy refs.Ref   // what the copy key copies: one of refs; zero when nothing can be
	gone bool       // a reload's listing no longer has the image
	im   *api.Image // the Image of e the lines were rendered from

	textPage
	// The layout the lines were rendered for (and st, in textPage).
	paint *detailPainters
	width int
	now   time.Time
}

// newDetail opens e, whose copy key copies the form kind.
func newDetail(tab catalog.Tab, e *catalog.Entry, kind refs.Kind) detail {
	r, _ := defaultRef(e, kind)
	return detail{tab: tab, e: e, refs: refs.All(e.Image), copy: r, textPage: newTextPage()}
}

// SetSize lays the view out in a box of w×h, rendered with st (and p,
// the same styles as painters); relative dates are as of now.
func (d *detail) SetSize(w, h int, st *theme.Styles, p *detailPainters, now time.Time) {
	d.width, d.st, d.paint, d.now = w, st, p, now
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

// Refresh shows what a later listing added to the image (a snapshot's
// status, size and source; see catalog.Feed): the entry is the same and so
// are its forms, only its Image was enriched.
func (d *detail) Refresh() {
	if d.e != nil && d.e.Image != d.im {
		d.layout()
	}
}

func (d *detail) layout() {
	if d.e == nil || d.paint == nil {
		return
	}
	d.im = d.e.Image
	d.page.SetLines(detailLines(d.e, d.refs, d.gone, d.width, d.paint, d.now))
}

// Update scrolls, or answers what the user asked for: back, copy, the
// copy menu, all for the image the view holds; the next or previous
// image, which the root finds in the list; quit.
func (d *detail) Update(msg tea.Msg, k keymap.DetailKeys) tea.Msg {
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(kp, k.Back):
			return closeMsg{}
		case key.Matches(kp, k.Copy):
			return copyMsg{e: d.e, ref: d.copy}
		case key.Matches(kp, k.CopyMenu):
			return menuMsg{d.e}
		case key.Matches(kp, k.Next):
			return stepMsg{by: 1}
		case key.Matches(kp, k.Prev):
			return stepMsg{by: -1}
		case key.Matches(kp, k.Quit):
			return quitMsg{}
		}
	}
	d.page.Update(msg, k.ScrollKeys)
	return nil
}

// detailLines renders e for a box width cells wide: the name, whether it
// is gone, every field, then rs, the strings a config wants. Long values
// wrap, never cut, so an ID can always be read and selected in full.
func detailLines(e *catalog.Entry, rs []refs.Ref, gone bool, width int, st *detailPainters, now time.Time) []string {
	im := e.Image
	w := max(width-2, 10)
	const labelW = 14
	valW := max(w-labelW-2, 8)
	var out []string
	if e.Name == "" {
		out = append(out, st.Dim.Render(noName))
	}
	for _, l := range wrapWords(e.Name, w) {
		if strings.TrimSpace(l) != "" {
			out = append(out, st.Title.Render(l))
		}
	}
	if gone {
		for _, l := range strings.Split(ansi.Wordwrap("✗ No longer in the catalog: a reload did not list this image. It is shown, and copied, as it was.", w, " "), "\n") {
			out = append(out, st.Error.Render(l))
		}
	}
	out = append(out, "")
	// Beside their labels the values are valW wide; where that would
	// wrap an ID (a narrow preview, a narrow screen), each value goes
	// under its label instead, as wide as the box.
	stacked := valW < idWidth
	if stacked {
		valW = max(w-2, 8)
	}
	put := func(label string, lines []string, style func(string) string) {
		if stacked && label != "" {
			out = append(out, "  "+st.Label.Render(label))
		}
		for i, l := range lines {
			switch {
			case stacked:
				out = append(out, "  "+style(l))
			case i == 0:
				out = append(out, "  "+st.Label.Render(text.PadRight(label, labelW))+style(l))
			default:
				out = append(out, "  "+strings.Repeat(" ", labelW)+style(l))
			}
		}
	}
	// A field of words and lists wraps between them; an identifier, or a
	// line for a config, wraps at the width, so that every character
	// stays where it is.
	field := func(label, value string, style func(string) string) {
		put(label, wrapWords(value, valW), style)
	}
	exact := func(label, value string, style func(string) string) {
		if text.Width(value) <= valW {
			put(label, []string{value}, style)
			return
		}
		put(label, strings.Split(ansi.Hardwrap(value, valW, true), "\n"), style)
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
	val, code, warn := st.Value.Render, st.Code.Render, st.Warn.Render
	// An identifier the API sent with characters a terminal acts on is
	// shown escaped, said so, and not offered below.
	ident := func(label, raw string) {
		shown := refs.Show(raw)
		if shown == raw || shown == "" {
			exact(label, orDash(shown), code)
			return
		}
		exact(label, shown, warn)
		field("", "not offered: it holds characters that cannot be printed as they are", warn)
	}
	ident("ID", im.ID)
	field("Type", orDash(e.Type), val)
	// The name, type and regions are the row's (see catalog.Feed); the
	// rest is the image as every listing of it told, merged.
	field("Family", orDash(text.Sanitize(im.FamilyOr(""))), val)
	ident("Slug", orEmpty(im.Slug))
	field("OS type", orDash(text.Sanitize(im.OSType)), val)
	versions := refs.NewestFirst(im.Versions)
	for _, v := range im.Versions {
		if s := refs.Show(v); s != v && s != "" {
			versions = append(versions, s+" (not offered)")
		}
	}
	field("Versions", orDash(strings.Join(versions, ", ")), val)
	field("Regions", orDash(strings.Join(e.Regions, ", ")), val)
	if im.Status != nil || im.Type == api.TypeSnapshot {
		status, style := statusText(im), val
		if !im.Ready() {
			style = warn
		}
		field("Status", status, style)
	}
	if im.SizeGiB != nil {
		field("Size", fmt.Sprintf("%d GiB", *im.SizeGiB), val)
	}
	if id := orEmpty(im.SourceInstanceID); id != "" {
		ident("From instance", id)
	}
	if id := orEmpty(im.SourceSnapshotID); id != "" {
		ident("Copy of", id)
	}
	field("Created", when(im.CreatedAt), val)
	field("Updated", when(im.UpdatedAt), val)

	out = append(out, "", st.Title.Render("For your config"))
	for _, r := range rs {
		exact(formLabels[r.Kind], r.Value, code)
	}
	if len(rs) == 0 {
		field("", "nothing: neither the ID nor the slug can be printed as it is", warn)
	}
	return out
}

// detailPainters are the detail view's styles as painters
// (rendercache.go): the preview renders an image on every move of the
// cursor, and a painter costs a concatenation where a Render resolves
// the style every time. The Model builds them once per theme.
type detailPainters struct {
	Title, Label, Value, Code, Dim, Warn, Error painter
}

func newDetailPainters(st *theme.Styles) *detailPainters {
	d := st.Detail
	return &detailPainters{
		Title: newPainter(d.Title), Label: newPainter(d.Label), Value: newPainter(d.Value), Code: newPainter(d.Code),
		Dim: newPainter(d.Dim), Warn: newPainter(st.Warn), Error: newPainter(st.Error),
	}
}

// wrapWords wraps s at its spaces into lines at most w cells wide,
// keeping every other space; a word wider than w is cut into lines of w.
// Unlike ansi.Wrap it never breaks at a hyphen, which names, region
// codes and dates are full of.
func wrapWords(s string, w int) []string {
	if text.Width(s) <= w {
		return []string{s}
	}
	var out []string
	line, started := "", false
	for _, word := range strings.Split(s, " ") {
		if started && text.Width(line)+1+text.Width(word) <= w {
			line += " " + word
			continue
		}
		if started {
			out = append(out, line)
		}
		parts := strings.Split(ansi.Hardwrap(word, w, true), "\n")
		out = append(out, parts[:len(parts)-1]...)
		line, started = parts[len(parts)-1], true
	}
	return append(out, line)
}

// idWidth is the width of an image ID (a UUID).
const idWidth = 36

// statusText says a snapshot's status in the detail view: the word, and
// what it means for starting an instance.
func statusText(im *api.Image) string {
	switch {
	case im.Status == nil:
		return "not known: the snapshots endpoint has not listed it"
	case im.Ready():
		return "created"
	}
	s := strings.TrimSpace(text.Sanitize(im.StatusOr("")))
	if s == "" {
		s = "unknown (the server sent none)"
	}
	return s + " — an instance cannot start from it yet"
}

func orEmpty(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
