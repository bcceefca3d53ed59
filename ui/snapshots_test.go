package ui

// Issue 12 in the TUI: snapshots from both listings, their status and
// size, the mark of a snapshot that cannot start an instance, and the
// warning when one is copied or picked.

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
	"github.com/genesiscloud-tools/gcimg/ui/clip"
)

// The demo's snapshots that only /snapshots lists (fakeapi), by status.
const (
	creatingName = "nightly-backup 2026-10-30"
	errorName    = "prod-db-backup 2026-09-01"
	createdName  = "ComfyUI + SDXL after migration"
)

// demo is the demo API itself: its catalog, and its snapshots in every
// status, some of them at /snapshots only.
func demo() fakeapi.Options { return fakeapi.Options{} }

// rowOf is the list row that shows name, "" when none does.
func rowOf(screen, name string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, name) && !strings.HasPrefix(l, "/ ") {
			return l
		}
	}
	return ""
}

// find filters the active tab for q (which completes it in the
// background) and keeps the filter.
func (h *harness) find(q string) {
	h.t.Helper()
	if h.m.query.Text != "" {
		h.key("esc") // the list's: clears the filter
	}
	h.key("/")
	h.typeText(q)
	h.key("enter")
}

func TestSnapshotsTabShowsStatusAndSize(t *testing.T) {
	h := newHarnessOn(t, demo(), 120, 30, withTab(catalog.TabSnapshot))
	s := h.screen()
	if !strings.Contains(s, "STATUS") || !strings.Contains(s, "SIZE") || strings.Contains(s, "FAMILY") {
		t.Fatalf("the Snapshots tab's columns are not NAME, STATUS, SIZE, REGIONS, CREATED:\n%s", s)
	}
	for _, c := range []struct{ name, mark, status string }{
		{creatingName, "↻ " + creatingName, "creating"},
		{errorName, "✗ " + errorName, "error"},
		{createdName, createdName, "created"},
	} {
		h.find(c.name)
		row := rowOf(h.screen(), c.name)
		if !strings.Contains(row, c.mark) || !strings.Contains(row, " "+c.status+" ") {
			t.Errorf("%s: row %q, want the mark %q and the status %q", c.name, row, c.mark, c.status)
		}
		if c.status == "created" && strings.ContainsAny(row, "↻✗↓?") {
			t.Errorf("a created snapshot is marked: %q", row)
		}
		if !strings.Contains(row, " GiB") && c.status != "creating" {
			t.Errorf("%s: no size in %q", c.name, row)
		}
	}
}

// TestNotReadyIsMarkedOnEveryTab: the All tab has no STATUS column; the
// mark and, where there is room, the status word follow the name.
func TestNotReadyIsMarkedOnEveryTab(t *testing.T) {
	h := newHarnessOn(t, demo(), 120, 30)
	h.find(errorName) // completes the tab: /images, then /snapshots
	row := rowOf(h.screen(), errorName)
	if !strings.Contains(row, "✗ "+errorName+"  error") {
		t.Errorf("All tab row %q: want the mark and the status after the name", row)
	}
	// Narrow: the name keeps its room, the word goes, the mark stays.
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	if row := rowOf(h.screen(), "prod-db"); !strings.Contains(row, "✗ prod-db") || strings.Contains(row, "error") {
		t.Errorf("narrow row %q: want the mark, and no room for the word", row)
	}
}

// TestDetailShowsSnapshotFields: status, size and where the snapshot
// came from, and that an instance cannot start from it yet.
func TestDetailShowsSnapshotFields(t *testing.T) {
	h := newHarnessOn(t, demo(), 120, 40, withTab(catalog.TabSnapshot))
	h.find(creatingName)
	h.key("enter")
	s := flat(h.screen())
	for _, want := range []string{"Status creating — an instance cannot start from it yet", "From instance "} {
		if !strings.Contains(s, want) {
			t.Errorf("detail lacks %q:\n%s", want, h.screen())
		}
	}
	h.key("esc")
	h.find(createdName)
	h.key("enter")
	s = flat(h.screen())
	for _, want := range []string{"Status created", "Size ", " GiB"} {
		if !strings.Contains(s, want) {
			t.Errorf("detail lacks %q:\n%s", want, h.screen())
		}
	}
	if strings.Contains(s, "cannot start") {
		t.Errorf("a created snapshot is said not to be ready:\n%s", h.screen())
	}
}

// TestCopyingANotReadySnapshotWarns: c, the copy menu and the
// no-clipboard box all say that an instance cannot start from it yet.
func TestCopyingANotReadySnapshotWarns(t *testing.T) {
	fc := &fakeClip{}
	h := newHarnessOn(t, demo(), 160, 30, withTab(catalog.TabSnapshot), withOpts(func(o *Options) {
		o.Clipboard, o.ClipEnv = clip.Auto, fc.env()
	}))
	h.find(creatingName)
	id := h.selID()
	for _, keys := range [][]string{{"c"}, {"C", "1"}, {"enter", "c"}} {
		fc.given = map[string]string{}
		h.key(keys...)
		s := flat(h.screen())
		if !strings.Contains(s, "Copied ID") || !strings.Contains(s, "creating: it cannot start an instance yet") {
			t.Errorf("after %v the status line does not warn:\n%s", keys, h.screen())
		}
		if got := fc.given["tmux"]; got != id {
			t.Errorf("after %v copied %q, want the ID %s", keys, got, id)
		}
	}
	// A ready one copies without a word of warning.
	h.key("esc")
	h.find(createdName)
	h.key("c")
	if s := h.screen(); strings.Contains(s, "cannot start") {
		t.Errorf("a created snapshot's copy warns:\n%s", s)
	}

	h = newHarnessOn(t, demo(), 100, 30, withTab(catalog.TabSnapshot), withOpts(func(o *Options) { o.Clipboard = clip.Off }))
	h.find(errorName)
	h.key("c")
	if s := flat(h.screen()); h.m.focused() != focusNotice || !strings.Contains(s, `snapshot "`+errorName+`" is error: an instance cannot start from it yet`) {
		t.Errorf("the not-copied box does not warn:\n%s", h.screen())
	}
}

func TestPickingANotReadySnapshotWarns(t *testing.T) {
	for _, keys := range [][]string{{"enter"}, {"C", "1"}} {
		h := newHarnessOn(t, demo(), 100, 30, withTab(catalog.TabSnapshot), withOpts(func(o *Options) { o.Pick, o.Query = true, creatingName }))
		id := h.selID()
		h.key(keys...)
		c, ok := h.m.Picked()
		if !ok || c.Value != id || !strings.Contains(c.Warning, "is creating: an instance cannot start from it yet") {
			t.Errorf("after %v: picked %+v, want %s and the warning", keys, c, id)
		}
	}
	h := newHarnessOn(t, demo(), 100, 30, withTab(catalog.TabSnapshot), withOpts(func(o *Options) { o.Pick = true }))
	h.key("/")
	h.typeText(createdName)
	h.key("enter")
	if c, ok := h.m.Picked(); !ok || c.Warning != "" {
		t.Errorf("picked %+v: a created snapshot warns", c)
	}
}

// TestOpenDetailGainsTheStatusOfItsImage: on the All tab a snapshot's
// status arrives with /snapshots, after /images. A detail view open on it
// meanwhile shows the status when it comes, and is still the same image,
// with the same forms to copy.
func TestOpenDetailGainsTheStatusOfItsImage(t *testing.T) {
	imgs := catalogWith(150)
	var snap api.Image
	for _, im := range imgs {
		if im.Type == api.TypeSnapshot {
			snap = im
		}
	}
	h := newHarnessOn(t, fakeapi.Options{Images: imgs, Snapshots: []api.Snapshot{{
		ID: snap.ID, Name: snap.Name, Region: snap.Regions[0], Status: api.SnapshotPendingDelete,
		CreatedAt: snap.CreatedAt, UpdatedAt: snap.UpdatedAt,
	}}}, 120, 40)
	// Hold back the completion a filter starts; find the row by name.
	h.key("/")
	var pending []pageMsg
	for _, r := range snap.Name {
		_, cmd := h.m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		pending = append(pending, pageCmds(cmd)...)
	}
	// /images' pages land; /snapshots' (asked for at the same time) wait.
	for h.m.cur().feed.Loaded() < len(imgs) {
		i := slices.IndexFunc(pending, func(p pageMsg) bool { return p.opts.Endpoint != api.EndpointSnapshots })
		if i < 0 {
			t.Fatal("/images ran out of pages before every image was in")
		}
		msg := pending[i]
		pending = slices.Delete(pending, i, i+1)
		_, cmd := h.m.Update(msg)
		pending = append(pending, pageCmds(cmd)...)
	}
	h.key("enter")
	if r := h.m.cur().cursorRow(); r == nil || r.E.Image.ID != snap.ID {
		t.Fatalf("the cursor is not on %s", snap.ID)
	}
	h.key("enter")
	e, forms := h.m.detail.e, h.m.detail.refs
	if s := flat(h.screen()); !strings.Contains(s, "Status not known: the snapshots endpoint has not listed it") {
		t.Fatalf("before /snapshots is read, the detail view says:\n%s", h.screen())
	}
	for len(pending) > 0 {
		msg := pending[0]
		pending = pending[1:]
		_, cmd := h.m.Update(msg)
		pending = append(pending, pageCmds(cmd)...)
	}
	if !h.m.cur().feed.Done() {
		t.Fatal("the walk did not reach /snapshots")
	}
	if h.m.detail.e != e || !equalRefs(h.m.detail.refs, forms) || e.Image.ID != snap.ID {
		t.Fatal("the detail view changed image or forms")
	}
	if s := flat(h.screen()); !strings.Contains(s, "Status pending_delete — an instance cannot start from it yet") {
		t.Errorf("after /snapshots, the detail view says:\n%s", h.screen())
	}
}

func equalRefs(a, b []refs.Ref) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
