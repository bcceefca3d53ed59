package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/keymap"
	"github.com/genesiscloud-tools/gcimg/theme"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
	"github.com/genesiscloud-tools/gcimg/ui/clip"
)

// copyMenu is the "copy as…" menu (in pick mode, "choose as…"): every
// form of the image it was opened with, and its name (refs.Menu), each
// shown with its value before it is chosen. Like the detail view, it holds its image whatever
// arrives while it is open.
type copyMenu struct {
	tab    catalog.Tab
	e      *catalog.Entry
	items  []refs.Ref
	choose bool // pick mode: the entry chosen is printed, not copied
	gone   bool // a reload's listing no longer has the image
	list   scrollList
	width  int
}

func newCopyMenu(tab catalog.Tab, e *catalog.Entry, choose bool) copyMenu {
	cm := copyMenu{tab: tab, e: e, items: refs.Menu(e.Image), choose: choose}
	cm.list.SetLen(len(cm.items))
	return cm
}

// titleRows is the menu's and the region picker's title, above their
// entries: View draws it, and a click below it finds an entry.
const titleRows = 1

// SetSize lays the menu out in a box of w×h: a title, then the entries.
func (cm *copyMenu) SetSize(w, h int) {
	cm.width = w
	cm.list.SetHeight(h - titleRows)
}

// Update moves the cursor, or answers the user's choice: an entry (by
// the cursor, by its digit, or clicked), or cancel.
func (cm *copyMenu) Update(msg tea.Msg, k keymap.MenuKeys) tea.Msg {
	if c, ok := msg.(tea.MouseClickMsg); ok {
		if i, ok := cm.list.At(c.Y - titleRows); ok {
			cm.list.Select(i)
			return cm.choice(i)
		}
		return nil
	}
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(kp, k.Cancel):
			return closeMsg{}
		case key.Matches(kp, k.Apply):
			return cm.choice(cm.list.Cursor())
		}
		for i, b := range k.Entries {
			if key.Matches(kp, b) {
				return cm.choice(i)
			}
		}
	}
	cm.list.Update(msg, k.ScrollKeys)
	return nil
}

func (cm *copyMenu) choice(i int) tea.Msg {
	if i < 0 || i >= len(cm.items) {
		return nil
	}
	return menuChoiceMsg{e: cm.e, ref: cm.items[i]}
}

// View lists the entries in the window, each with the key that chooses
// it (the first nine have one) and its value.
func (cm copyMenu) View(st *theme.Styles, k keymap.MenuKeys) []string {
	if cm.e == nil {
		return nil
	}
	ps := st.Picker
	verb := "Copy"
	if cm.choose {
		verb = "Choose"
	}
	title := verb + " " + text.Truncate(cm.e.Name, max(cm.width-12, 8)) + " as…"
	out := []string{"  " + ps.Title.Render(title)}
	switch {
	case cm.gone:
		out[0] += "  " + st.Error.Render("✗ no longer in the catalog")
	case !cm.e.Image.Ready():
		out[0] += "  " + st.Warn.Render(statusGlyph(cm.e.Image)+" "+shortWarning(cm.e.Image))
	case len(cm.items) > 0 && !slices.ContainsFunc(cm.items, func(r refs.Ref) bool { return r.Kind == refs.ID || r.Kind == refs.Slug }):
		// Only the name is left to copy: say why the rest is not here.
		out[0] += "  " + st.Warn.Render("neither the ID nor the slug can be copied as it is")
	}
	if len(cm.items) == 0 {
		out = append(out, "  "+st.Warn.Render("Nothing can be copied: neither the ID nor the slug can be printed as it is."))
	}
	digit := func(i int) string {
		if i < len(k.Entries) && k.Entries[i].Enabled() {
			return k.Entries[i].Help().Key
		}
		return ""
	}
	keyW, labelW := 1, 0
	for i, it := range cm.items {
		keyW = max(keyW, text.Width(digit(i)))
		labelW = max(labelW, text.Width(formLabels[it.Kind]))
	}
	valW := max(cm.width-keyW-labelW-8, 8)
	from, to := cm.list.Visible()
	for i := from; i < to; i++ {
		it := cm.items[i]
		line := fmt.Sprintf("%s  %s  %s", text.PadRight(digit(i), keyW), text.PadRight(formLabels[it.Kind], labelW),
			text.Truncate(strings.ReplaceAll(it.Value, "\n", " "), valW))
		if i == cm.list.Cursor() {
			out = append(out, "  "+ps.Selected.Render(line))
		} else {
			out = append(out, "  "+ps.Row.Render(line))
		}
	}
	return out
}

// formLabels name the forms in the menu and the detail view: the value
// beside the label says which version, so the label need not (refs'
// own "slug:version 20240423" is for the toast, which abbreviates the
// value).
var formLabels = map[refs.Kind]string{
	refs.ID: "ID", refs.Slug: "Slug", refs.SlugVersion: "slug:version", refs.Terraform: "Terraform", refs.JSON: "JSON", refs.Name: "Name",
}

// defaultRef is what the copy key copies for e: the form kind (the
// config's format, the ID by default), or the ID where e has no such
// form (a snapshot has no slug), which every config accepts. ok is false
// when e has no form that can be copied (its ID is not verbatim; see
// refs.Show).
func defaultRef(e *catalog.Entry, kind refs.Kind) (r refs.Ref, ok bool) {
	all := refs.All(e.Image)
	for _, r := range all {
		if r.Kind == kind {
			return r, true
		}
	}
	for _, r := range all {
		if r.Kind == refs.ID {
			return r, true
		}
	}
	return refs.Ref{}, false
}

// kindName names a form in the help of the copy key ("copy slug").
func kindName(k refs.Kind) string {
	switch k {
	case refs.Slug:
		return "slug"
	case refs.SlugVersion:
		return "slug:version"
	case refs.Terraform:
		return "Terraform line"
	case refs.JSON:
		return "JSON member"
	}
	return "ID"
}

// copying is a copy under way: what the toast calls the value, and the
// warning that goes with it (a snapshot that cannot start an instance),
// in full for the not-copied box and short for the toast.
type copying struct {
	label, warning, short string
}

// copyRef copies r, a form of e's image, through the configured
// clipboard. The copy runs as a command, never in Update, and ends in a
// clip.CopiedMsg. An image with nothing that can be copied says so.
func (m *Model) copyRef(e *catalog.Entry, r refs.Ref) tea.Cmd {
	if r.Value == "" {
		return m.setWarning("Nothing copied: the ID of this image holds characters that cannot be copied as they are (" + refs.Show(e.Image.ID) + ")")
	}
	m.copying[r.Value] = copying{label: r.Label, warning: refs.Warning(e.Image), short: shortWarning(e.Image)}
	env := clip.DefaultEnv()
	if m.opts.ClipEnv != nil {
		env = *m.opts.ClipEnv
	}
	return clip.Cmd(m.opts.Clipboard, r.Value, env)
}

// shortWarning is refs.Warning for the status line, where the toast has
// already said which value was copied: "snapshot creating: it cannot
// start an instance yet".
func shortWarning(im *api.Image) string {
	if im.Ready() {
		return ""
	}
	return "snapshot " + statusWord(im) + ": it cannot start an instance yet"
}

// onCopied says how a copy went: a toast when a clipboard took the value,
// and otherwise the value itself, whole, in a box that stays until the
// user closes it, so it can be selected by hand. A copy of a snapshot
// that cannot start an instance yet says so either way.
func (m *Model) onCopied(msg clip.CopiedMsg) tea.Cmd {
	c, ok := m.copying[msg.Text]
	if !ok {
		c.label = "value"
	}
	delete(m.copying, msg.Text)
	if len(msg.Via) == 0 {
		m.notice = newNotice(c.label, msg.Text, c.warning)
		m.notice.SetSize(m.width, m.bodyHeight(), &m.styles, m.keys.Notice)
		if m.focused() != focusNotice {
			m.open(focusNotice)
		}
		return nil
	}
	if c.short != "" {
		return m.setWarning(msg.Summary(c.label) + " — " + c.short)
	}
	return m.setToast(msg.Summary(c.label))
}
