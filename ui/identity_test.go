package ui

// Every row says which image it is, and no identifier is shown or copied
// as something it is not: an escaped slug is never offered, a nameless
// image shows its ID, an unknown region code is said to be one.

import (
	"strings"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/refs"
	"github.com/genesiscloud-tools/gcimg/ui/clip"
)

// hostileSlugImage's slug, sanitised, is the slug of another image: the
// one a tester's server made gcimg print as "ubuntu-24.04".
func hostileSlugImage() api.Image {
	return api.Image{
		ID: "66666666-0000-4000-8000-00000000f001", Name: "0 hostile slug", Type: api.TypeCloudImage,
		Slug: ptr("ubuntu-\x1b[31m24.04\n"), Versions: []string{"20240423", "2024\x1b[2J0611"}, Regions: []string{"NORD-NO-KRS-1"},
	}
}

func TestHostileSlugIsShownEscapedAndNeverOffered(t *testing.T) {
	const escaped = `"ubuntu-\x1b[31m24.04\n"`
	im := hostileSlugImage()
	h := newHarness(t, []api.Image{im, cloudImage()}, 120, 30, withOpts(func(o *Options) { o.Clipboard = clip.Off }))
	if row := rowOf(h.screen(), im.Name); !strings.Contains(row, escaped) {
		t.Errorf("row %q: want the slug escaped", row)
	}
	h.key("enter")
	s := flat(h.screen())
	for _, want := range []string{"Slug " + escaped, "not offered: it holds characters that cannot be printed as they are", `"2024\x1b[2J0611" (not offered)`} {
		if !strings.Contains(s, want) {
			t.Errorf("detail lacks %q:\n%s", want, h.screen())
		}
	}
	for _, r := range h.m.detail.refs {
		if strings.Contains(r.Value, "ubuntu-24.04") {
			t.Errorf("the detail view offers %s %q: another image's slug", r.Kind, r.Value)
		}
	}
	h.key("esc", "C")
	for _, it := range h.m.menu.items {
		if it.Kind == refs.Slug || it.Kind == refs.SlugVersion {
			t.Errorf("the menu offers %s %q", it.Kind, it.Value)
		}
	}
	if s := h.screen(); strings.Contains(s, "ubuntu-24.04") {
		t.Errorf("the menu shows the sanitised slug:\n%s", s)
	}
	// pick --print slug refuses it, saying why; the ID still works.
	h = newHarness(t, []api.Image{im}, 120, 30, withOpts(func(o *Options) { o.Pick, o.Print = true, refs.Slug }))
	h.key("enter")
	if _, ok := h.m.Picked(); ok || !strings.Contains(flat(h.screen()), "cannot be printed as it is") {
		t.Errorf("pick --print slug chose a hostile slug, or did not say why:\n%s", h.screen())
	}
	h = newHarness(t, []api.Image{im}, 120, 30, withOpts(func(o *Options) { o.Pick, o.Print = true, refs.Terraform }))
	h.key("enter")
	if c, _ := h.m.Picked(); c.Value != `image = "`+im.ID+`"` {
		t.Errorf("pick --print terraform gave %q, want the ID in place of the slug", c.Value)
	}
}

// TestHostileIDIsNeverCopied: an ID that is not clean text cannot be
// copied at all; c says so rather than copy it cleaned.
func TestHostileIDIsNeverCopied(t *testing.T) {
	im := api.Image{ID: "77777777-0000-4000-8000-00000000e001\x1b[8m", Name: "hostile id", Type: api.TypeSnapshot}
	h := newHarness(t, []api.Image{im}, 120, 30, withOpts(func(o *Options) { o.Clipboard = clip.Off }))
	h.key("c")
	if len(h.m.copying) != 0 || h.m.focused() == focusNotice {
		t.Fatalf("copied %v", h.m.copying)
	}
	if s := flat(h.screen()); !strings.Contains(s, "Nothing copied") {
		t.Errorf("c does not say why nothing was copied:\n%s", h.screen())
	}
	h.key("C")
	if items := h.m.menu.items; len(items) != 1 || items[0].Kind != refs.Name || !strings.Contains(h.screen(), "neither the ID nor the slug can be copied") {
		t.Errorf("the menu offers %v:\n%s", items, h.screen())
	}
}

// TestNamelessImagesShowTheirID: an empty, blank or all-escapes name is
// shown as (no name) with the ID, so the rows can be told apart.
func TestNamelessImagesShowTheirID(t *testing.T) {
	imgs := []api.Image{
		{ID: "1aaaaaaa-0000-4000-8000-000000000001", Name: "", Type: api.TypeSnapshot},
		{ID: "2aaaaaaa-0000-4000-8000-000000000002", Name: "   ", Type: api.TypeSnapshot},
		{ID: "3aaaaaaa-0000-4000-8000-000000000003", Name: "\x1b[2J\x1b]0;x\x07", Type: api.TypeSnapshot},
	}
	h := newHarness(t, imgs, 120, 20)
	s := h.screen()
	for _, im := range imgs {
		// The start of the ID, as much as the column holds: a UUID is
		// told apart by its first characters.
		if want := noName + " " + im.ID[:24]; !strings.Contains(s, want) {
			t.Errorf("no row shows %q:\n%s", want, s)
		}
	}
	h.key("enter")
	if s := h.screen(); !strings.Contains(s, noName) {
		t.Errorf("the detail view of a nameless image:\n%s", s)
	}
	checkViewSafe(t, h.m.View().Content, 120, 20)
}

// TestUnknownRegionIsSaid: a well-formed region code gcimg does not know,
// in which no loaded image is, is most likely a typo; the empty list says
// so. A region the images do use is not questioned.
func TestUnknownRegionIsSaid(t *testing.T) {
	h := newHarness(t, catalogWith(30), 120, 20, withRegion("XX-FOO-1"))
	h.key("end")
	s := flat(h.screen())
	if !strings.Contains(s, "no loaded image is in XX-FOO-1, which is not a region gcimg knows: check the code") {
		t.Errorf("an unknown region is not said to be one:\n%s", h.screen())
	}
	imgs := catalogWith(30)
	imgs[0].Regions = []string{"MARS-OLYMPUS-1"}
	h = newHarness(t, imgs, 120, 20, withRegion("MARS-OLYMPUS-1"))
	h.key("/")
	h.typeText("zzzz nothing")
	if s := h.screen(); strings.Contains(s, "not a region gcimg knows") {
		t.Errorf("a region the images use is questioned:\n%s", s)
	}
	h = newHarness(t, catalogWith(30), 120, 20, withRegion("EUW-GB-MNC-1"))
	h.key("/")
	h.typeText("zzzz nothing")
	if s := h.screen(); strings.Contains(s, "not a region gcimg knows") {
		t.Errorf("a known region is questioned:\n%s", s)
	}
}
