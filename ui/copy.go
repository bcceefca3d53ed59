package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/ui/clip"
)

// menu is the "copy as…" menu for the selected image. It keeps the view it
// was opened from, so esc returns there.
type menu struct {
	items  []refs.Ref
	cursor int
	back   focus
}

func (mn *menu) move(d int) {
	mn.cursor = min(max(mn.cursor+d, 0), max(len(mn.items)-1, 0))
}

// copyRef copies one reference through the configured clipboard. The copy
// runs as a command, never in Update, and ends in a clip.CopiedMsg.
func (m *Model) copyRef(r refs.Ref) tea.Cmd {
	m.copying[r.Value] = r.Label
	env := clip.DefaultEnv()
	if m.opts.ClipEnv != nil {
		env = *m.opts.ClipEnv
	}
	return clip.Cmd(m.opts.Clipboard, r.Value, env)
}

// copyDefault copies the selected image in the default format: the ID,
// unless the config names another; an image without that form (a
// snapshot has no slug) gets its ID, which every config accepts.
func (m *Model) copyDefault() tea.Cmd {
	r := m.selected()
	if r == nil {
		return nil
	}
	for _, ref := range refs.All(r.E.Image) {
		if ref.Kind == m.opts.Print {
			return m.copyRef(ref)
		}
	}
	return m.copyRef(refs.Ref{Kind: refs.ID, Label: "ID", Value: text.Sanitize(r.E.Image.ID)})
}

func (m *Model) onCopied(msg clip.CopiedMsg) tea.Cmd {
	label, ok := m.copying[msg.Text]
	if !ok {
		label = "value"
	}
	delete(m.copying, msg.Text)
	return m.setToast(msg.Summary(label))
}

func (m *Model) openMenu() {
	r := m.selected()
	if r == nil {
		return
	}
	m.menu = menu{items: refs.All(r.E.Image), back: m.focus}
	m.focus = focusMenu
}

func (m *Model) updateMenu(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys.Menu
	switch {
	case key.Matches(msg, m.keys.Global.Help):
		m.help.ShowAll = !m.help.ShowAll
	case key.Matches(msg, k.Up):
		m.menu.move(-1)
	case key.Matches(msg, k.Down):
		m.menu.move(1)
	case key.Matches(msg, k.Cancel):
		m.focus = m.menu.back
	case key.Matches(msg, k.Apply):
		return m.chooseMenu(m.menu.cursor)
	default:
		// 1–9 choose directly, as the menu numbers its entries.
		if s := msg.String(); len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
			return m.chooseMenu(int(s[0] - '1'))
		}
	}
	return nil
}

func (m *Model) chooseMenu(i int) tea.Cmd {
	if i < 0 || i >= len(m.menu.items) {
		return nil
	}
	m.focus = m.menu.back
	return m.copyRef(m.menu.items[i])
}

// menuView lists each format with its value in full, so the user sees
// exactly what will land in the clipboard before choosing.
func (m *Model) menuView(height int) []string {
	st := m.styles.Picker
	r := m.selected()
	if r == nil {
		return nil
	}
	out := []string{"  " + st.Title.Render("Copy "+text.Truncate(r.E.Name, max(m.width-10, 8))+" as…")}
	labelW := 0
	for _, it := range m.menu.items {
		labelW = max(labelW, text.Width(it.Label))
	}
	valW := max(m.width-labelW-10, 8)
	for i, it := range m.menu.items {
		if len(out) >= height {
			break
		}
		line := fmt.Sprintf("%d  %s  %s", i+1, text.PadRight(it.Label, labelW), text.Truncate(strings.ReplaceAll(it.Value, "\n", " "), valW))
		if i == m.menu.cursor {
			out = append(out, "  "+st.Selected.Render(line))
		} else {
			out = append(out, "  "+st.Row.Render(line))
		}
	}
	return out
}
