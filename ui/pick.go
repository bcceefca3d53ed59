package ui

import (
	"context"
	"fmt"
	"os"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/internal/text"
)

// updatePick handles the keys that mean something else in pick mode:
// enter chooses (from the list, the filter prompt or the detail view) and
// esc or q cancel. done reports whether the key was consumed.
func (m *Model) updatePick(msg tea.KeyPressMsg) (cmd tea.Cmd, done bool) {
	k := m.keys.Pick
	switch m.focus {
	case focusList, focusFilter, focusDetail:
	default:
		return nil, false
	}
	switch {
	case key.Matches(msg, k.Accept):
		r := m.selected()
		if r == nil {
			return nil, true
		}
		v, err := refs.For(r.E.Image, m.opts.Print)
		if err != nil {
			return m.setToast(text.Sanitize(err.Error())), true
		}
		m.picked, m.chosen = v, true
		return tea.Quit, true
	case key.Matches(msg, k.Cancel):
		// q is text in the filter prompt; esc cancels from anywhere, as in fzf.
		if m.focus == focusFilter && msg.String() != "esc" {
			return nil, false
		}
		if m.focus == focusDetail {
			return nil, false
		}
		return tea.Quit, true
	}
	return nil, false
}

// Picked returns the chosen value once a pick-mode program has ended.
func (m *Model) Picked() (string, bool) { return m.picked, m.chosen }

// Pick runs the browser in pick mode on the terminal itself (/dev/tty), so
// it works while stdout is captured (IMAGE=$(gcimg pick)). It returns the
// chosen value, or ErrCanceled.
func Pick(ctx context.Context, o Options) (string, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return "", fmt.Errorf("gcimg pick draws on the terminal, but /dev/tty cannot be opened (%v): run it from a terminal, or use gcimg list", err)
	}
	defer tty.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	o.Pick = true
	m := New(ctx, o)
	final, err := runProgram(tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(tty), tea.WithOutput(tty)))
	if err != nil {
		return "", err
	}
	if v, ok := final.(*Model).Picked(); ok {
		return v, nil
	}
	return "", ErrCanceled
}
