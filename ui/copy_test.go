package ui

import (
	"context"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/ui/clip"
)

// fakeClip is a clipboard environment inside tmux with no display: it
// records what each tool was given.
type fakeClip struct {
	mu    sync.Mutex
	given map[string]string // tool -> stdin of its last run
}

func (f *fakeClip) env() *clip.Env {
	f.given = map[string]string{}
	vars := map[string]string{"TMUX": "/tmp/tmux-0/default,1,0", "SSH_TTY": "/dev/pts/1"}
	return &clip.Env{
		Getenv: func(k string) string { return vars[k] },
		LookPath: func(file string) (string, error) {
			if file == "tmux" {
				return "/usr/bin/tmux", nil
			}
			return "", &exec.Error{Name: file, Err: exec.ErrNotFound}
		},
		Run: func(_ context.Context, stdin, name string, _ ...string) error {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.given[name] = stdin
			return nil
		},
		GOOS: "linux",
	}
}

func cloudImage() api.Image {
	return api.Image{
		ID: "3b29b09e-138e-11ef-a299-7fd37e9e8724", Name: "Ubuntu 24.04", Type: api.TypeCloudImage,
		Family: ptr("Ubuntu"), Slug: ptr("ubuntu-24.04"), OSType: "linux",
		Versions: []string{"20240423", "20240611"}, Regions: []string{"NORD-NO-KRS-1"},
	}
}

func snapshot() api.Image {
	return api.Image{ID: "0f0e5d1c-1111-4a2b-9c3d-222233334444", Name: "weekly snapshot", Type: api.TypeSnapshot}
}

func TestCopyIDReachesTmuxAndSaysHow(t *testing.T) {
	fc := &fakeClip{}
	env := fc.env()
	for _, from := range [][]string{{"c"}, {"y"}, {"enter", "c"}} {
		h := newHarness(t, []api.Image{cloudImage()}, 100, 30, withOpts(func(o *Options) { o.ClipEnv = env }))
		h.key(from...)
		if got := fc.given["tmux"]; got != cloudImage().ID {
			t.Fatalf("%v: tmux got %q, want the ID", from, got)
		}
		if !strings.Contains(h.screen(), "Copied ID 3b29…8724 (OSC 52 + tmux)") {
			t.Fatalf("%v: no toast saying what was copied and how:\n%s", from, h.screen())
		}
	}
}

func TestCopyMenuShowsEveryFormatAndCopiesTheChosenOne(t *testing.T) {
	fc := &fakeClip{}
	h := newHarness(t, []api.Image{cloudImage()}, 100, 30, withOpts(func(o *Options) { o.ClipEnv = fc.env() }))
	h.key("C")
	s := h.screen()
	for _, want := range []string{"3b29b09e-138e-11ef-a299-7fd37e9e8724", "ubuntu-24.04:20240611", "ubuntu-24.04:20240423", `image = "ubuntu-24.04"`, `"image": "3b29b09e-138e-11ef-a299-7fd37e9e8724"`} {
		if !strings.Contains(s, want) {
			t.Errorf("menu lacks %q:\n%s", want, s)
		}
	}
	// Move to the Terraform entry and choose it.
	items := h.m.menu.items
	i := slices.IndexFunc(items, func(r refs.Ref) bool { return r.Kind == refs.Terraform })
	for range i {
		h.key("down")
	}
	h.key("enter")
	if got := fc.given["tmux"]; got != `image = "ubuntu-24.04"` {
		t.Fatalf("tmux got %q, want the Terraform line", got)
	}
	if h.m.focused() != focusList {
		t.Fatal("the menu stayed open after copying")
	}
	h.key("C", "2") // digits choose directly: 2 is the slug
	if got := fc.given["tmux"]; got != "ubuntu-24.04" {
		t.Fatalf("tmux got %q after pressing 2, want the slug", got)
	}
	h.key("C", "esc")
	if h.m.focused() != focusList {
		t.Fatal("esc did not close the menu")
	}
}

func TestCopyWithNoClipboardShowsTheValue(t *testing.T) {
	h := newHarness(t, []api.Image{cloudImage()}, 100, 30, withOpts(func(o *Options) { o.Clipboard = clip.Off }))
	h.key("c")
	if s := h.screen(); !strings.Contains(s, "3b29b09e-138e-11ef-a299-7fd37e9e8724") || !strings.Contains(s, "Not copied") {
		t.Fatalf("the value is not shown for manual selection:\n%s", s)
	}
}

func TestPickMode(t *testing.T) {
	imgs := []api.Image{cloudImage(), snapshot()}
	pick := func(print refs.Kind) harnessOpt {
		return withOpts(func(o *Options) { o.Pick, o.Print, o.Clipboard = true, print, clip.Off })
	}
	cases := []struct {
		name   string
		print  refs.Kind
		keys   []string
		typed  string
		chosen bool
		value  string
	}{
		{name: "enter chooses the ID", print: refs.ID, keys: []string{"enter"}, chosen: true, value: "3b29b09e-138e-11ef-a299-7fd37e9e8724"},
		{name: "filter then enter", print: refs.ID, keys: []string{"/"}, typed: "weekly", chosen: true, value: "0f0e5d1c-1111-4a2b-9c3d-222233334444"},
		{name: "terraform", print: refs.Terraform, keys: []string{"enter"}, chosen: true, value: `image = "ubuntu-24.04"`},
		{name: "slug-version takes the newest", print: refs.SlugVersion, keys: []string{"enter"}, chosen: true, value: "ubuntu-24.04:20240611"},
		{name: "esc cancels", print: refs.ID, keys: []string{"esc"}},
		{name: "q cancels", print: refs.ID, keys: []string{"q"}},
		{name: "esc in the prompt cancels", print: refs.ID, keys: []string{"/", "esc"}},
		{name: "ctrl+c cancels", print: refs.ID, keys: []string{"ctrl+c"}},
		{name: "detail then enter chooses", print: refs.ID, keys: []string{"l", "enter"}, chosen: true, value: "3b29b09e-138e-11ef-a299-7fd37e9e8724"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, imgs, 100, 20, pick(c.print))
			h.key(c.keys...)
			if c.typed != "" {
				h.typeText(c.typed)
				h.key("enter")
			}
			v, ok := h.m.Picked()
			if !h.quit || ok != c.chosen || v.Value != c.value {
				t.Fatalf("quit=%v chosen=%v value=%q, want quit, chosen=%v value=%q", h.quit, ok, v.Value, c.chosen, c.value)
			}
		})
	}
}

func TestPickSlugOfAnImageWithoutOneExplains(t *testing.T) {
	h := newHarness(t, []api.Image{snapshot()}, 100, 20, withOpts(func(o *Options) { o.Pick, o.Print = true, refs.Slug }))
	h.key("enter")
	if h.quit {
		t.Fatal("pick ended on an image that has no slug")
	}
	if s := h.screen(); !strings.Contains(s, "no slug") {
		t.Fatalf("no explanation:\n%s", s)
	}
}
