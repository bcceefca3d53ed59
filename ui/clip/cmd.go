package clip

import (
	"context"

	tea "charm.land/bubbletea/v2"
)

// CopiedMsg reports a copy started by Cmd. Its Via starts with "OSC 52"
// whenever the sequence was sent.
type CopiedMsg struct{ Result }

// Cmd is what the TUI returns from Update to copy text with method m. It
// sends OSC 52 through Bubble Tea when m allows it, runs the command steps
// (tmux, native) in the background, and always ends with one CopiedMsg —
// also for Off, so the UI can show the value for manual selection from the
// same place it shows the toast.
//
// Nothing here touches the environment during Update: planning, which
// looks tools up on PATH, happens in the background command. The command
// cannot be cancelled; each tool is bounded by env.Timeout instead, so a
// copy finishes within a few seconds even when every tool hangs. Copies
// are not tagged: a UI that lets the user copy twice in quick succession
// should compare CopiedMsg.Text with what it copied last.
func Cmd(m Method, text string, env Env) tea.Cmd {
	osc := m == Auto || m == OSC52
	background := func() tea.Msg {
		r := Copy(context.Background(), m, text, env)
		if osc {
			r.Via = append([]string{"OSC 52"}, r.Via...)
		}
		return CopiedMsg{r}
	}
	if osc {
		return tea.Batch(tea.SetClipboard(text), background)
	}
	return background
}
