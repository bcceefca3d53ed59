package ui

import (
	"context"
	"fmt"
	"os"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// pickKey handles the keys that mean something else in pick mode:
// accept chooses the image shown (the row under the cursor, or the one
// the detail view holds), choose-as opens the menu of forms and prints
// the one chosen, cancel ends with nothing (except in the detail view
// for the keys that go back to the list: esc goes back, q still ends).
// done reports whether the key was one of them.
func (m *Model) pickKey(k tea.KeyPressMsg) (cmd tea.Cmd, done bool) {
	if !m.opts.Pick {
		return nil, false
	}
	var e *catalog.Entry
	switch m.focused() {
	case focusList, focusFilter:
		if r := m.cur().cursorRow(); r != nil {
			e = r.E
		}
	case focusDetail:
		e = m.detail.e
	default:
		return nil, false
	}
	pk := m.keys.Pick
	switch {
	case key.Matches(k, pk.Accept):
		if e == nil {
			return nil, true
		}
		v, err := refs.For(e.Image, m.opts.Print)
		if err != nil {
			return m.setToast(text.Sanitize(err.Error())), true
		}
		return m.pick(v, refs.Warning(e.Image)), true
	case key.Matches(k, pk.ChooseAs):
		if e != nil {
			m.openMenu(e)
		}
		return nil, true
	case key.Matches(k, pk.Cancel) && (m.focused() != focusDetail || !key.Matches(k, m.keys.Detail.Back)):
		return tea.Quit, true
	}
	return nil, false
}

// Choice is what a pick ended with: the value to print, and when the
// image cannot start an instance yet (a snapshot still being created, say)
// the warning to give beside it, on stderr.
type Choice struct {
	Value   string
	Warning string
}

// pick ends a pick-mode program with v as its value, and warning (see
// Choice).
func (m *Model) pick(v, warning string) tea.Cmd {
	m.picked, m.chosen = Choice{Value: v, Warning: warning}, true
	return tea.Quit
}

// Picked returns the choice once a pick-mode program has ended.
func (m *Model) Picked() (Choice, bool) { return m.picked, m.chosen }

// Pick runs the browser in pick mode on the terminal itself (/dev/tty), so
// it works while stdout is captured (IMAGE=$(gcimg pick)). It returns the
// choice, or ErrCanceled.
func Pick(ctx context.Context, o Options) (Choice, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return Choice{}, fmt.Errorf("gcimg pick draws on the terminal, but /dev/tty cannot be opened (%v): run it from a terminal, or use gcimg list", err)
	}
	defer tty.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	o.Pick = true
	o.Profile = colorprofile.Detect(tty, os.Environ())
	m := New(ctx, o)
	final, err := runProgram(ctx, m, tea.WithInput(tty), tea.WithOutput(tty))
	if err != nil {
		return Choice{}, err
	}
	if c, ok := final.(*Model).Picked(); ok {
		return c, nil
	}
	return Choice{}, ErrCanceled
}
