package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// TestNextIndexBuiltBetweenKeys: each query of one short term has its
// next-character index built (off the event loop in the program, at once
// here), the next keystroke is answered from it with the rows and the
// screen that matching gives (the same query pasted, with no index), and
// a query that moves past what it answers drops it.
func TestNextIndexBuiltBetweenKeys(t *testing.T) {
	imgs := fakeapi.Generate(3000, 4)
	h := newHarness(t, imgs, 120, 30)
	h.key("/")
	for _, c := range []string{"u", "b", "u", "n"} {
		before, _ := h.m.cur().rows.NextOf()
		h.typeText(c)
		text := h.m.query.Text
		if before != "" && before != text[:len(text)-1] {
			t.Fatalf("typing %q: the index was of %q", text, before)
		}
		if prefix, ok := h.m.cur().rows.NextOf(); !ok || prefix != text {
			t.Fatalf("after %q: next-character index of %q (%v), want one of %q", text, prefix, ok, text)
		}
		got := h.screen()

		fresh := newHarness(t, imgs, 120, 30)
		fresh.key("/")
		fresh.send(tea.PasteMsg{Content: text})
		if want := fresh.screen(); got != want {
			t.Fatalf("%q typed, with the index:\n%s\npasted, without:\n%s", text, got, want)
		}
	}

	h.typeText(" x")
	if prefix, ok := h.m.cur().rows.NextOf(); ok {
		t.Fatalf("the index of %q outlived the queries it answers", prefix)
	}
}
