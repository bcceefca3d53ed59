package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// label is tab t's label as the tab bar shows it.
func label(h *harness, t catalog.Tab) string {
	for _, s := range h.m.tabSegments(h.m.width) {
		if s.Tab == t {
			return s.Label
		}
	}
	h.t.Fatalf("no segment for %v", t)
	return ""
}

// demoCount is how many of the demo's images of type typ ("" for all)
// are in region and match text, which is what a tab label counts.
func demoCount(typ api.ImageType, region, text string) int {
	var imgs []api.Image
	for _, im := range fakeapi.DemoCatalog() {
		if typ == "" || im.Type == typ {
			imgs = append(imgs, im)
		}
	}
	return len(catalog.Select(imgs, catalog.Query{Region: region, Text: text}))
}

// TestTabCountsFollowTheFilter: under a region or text filter a tab says
// how many of its images match, the tabs not on screen too once the
// query settles, with + while a tab is not complete and … until it has
// been counted for the query; without a filter, only the total.
func TestTabCountsFollowTheFilter(t *testing.T) {
	const region = "EUC-DE-MUC-1"
	h := newHarness(t, fakeapi.DemoCatalog(), 160, 20, withTab(catalog.TabCloudImage), withRegion(region))
	cloud := demoCount(api.TypeCloudImage, region, "")
	if got, want := label(h, catalog.TabCloudImage), fmt.Sprintf("Cloud images %d/26", cloud); got != want {
		t.Errorf("with --region: %q, want %q", got, want)
	}
	if cloud == 0 || cloud == 26 {
		t.Fatalf("the region keeps %d of 26 cloud images: the test shows nothing", cloud)
	}
	// A tab never visited has nothing to count.
	if got := label(h, catalog.TabAll); got != "All" {
		t.Errorf("the All tab, never loaded: %q", got)
	}

	// Without a filter, a tab holds its first page; a query typed on
	// another tab counts it among the images it has, as partial.
	h = newHarness(t, fakeapi.DemoCatalog(), 160, 20)
	if got := label(h, catalog.TabAll); got != "All ~389+" {
		t.Errorf("no filter: %q", got)
	}
	h.key("3", "/")
	h.typeText("ubuntu")
	cloud = demoCount(api.TypeCloudImage, "", "ubuntu")
	if got, want := label(h, catalog.TabCloudImage), fmt.Sprintf("Cloud images %d/26", cloud); got != want {
		t.Errorf("with a query: %q, want %q", got, want)
	}
	all := h.m.tabs[catalog.TabAll]
	if all.feed.Loaded() != 100 || all.rows.Len() == 0 {
		t.Fatalf("All holds %d images, %d of them match: the test shows nothing", all.feed.Loaded(), all.rows.Len())
	}
	if got, want := label(h, catalog.TabAll), fmt.Sprintf("All %d+/~389+", all.rows.Len()); got != want {
		t.Errorf("All, not on screen, one page loaded: %q, want %q", got, want)
	}
	// Until the query settles, a tab not on screen says it is not
	// counted yet.
	_, cmd := h.m.Update(keyMsg("x"))
	if got := label(h, catalog.TabAll); got != "All …/~389+" {
		t.Errorf("before the count: %q", got)
	}
	h.run(cmd)
	var loaded []api.Image
	for _, e := range all.feed.Entries() {
		loaded = append(loaded, *e.Image)
	}
	n := len(catalog.Select(loaded, catalog.Query{Text: "ubuntux"}))
	if got, want := label(h, catalog.TabAll), fmt.Sprintf("All %d+/~389+", n); got != want {
		t.Errorf("after the count: %q, want %q", got, want)
	}
	// Visited while filtered, All completes and is counted whole.
	h.key("enter", "1")
	if got, want := label(h, catalog.TabAll), fmt.Sprintf("All %d/389", demoCount("", "", "ubuntux")); got != want {
		t.Errorf("All, complete: %q, want %q", got, want)
	}
	// Without a filter, the totals.
	h.key("esc")
	if got := label(h, catalog.TabCloudImage); got != "Cloud images 26" {
		t.Errorf("no filter: %q", got)
	}
	if got := label(h, catalog.TabAll); got != "All 389" {
		t.Errorf("no filter: %q", got)
	}
}

// TestTabSegmentsAreWhereTheyAreDrawn: each tab's segment covers its
// label on the screen, at every width, so a click at a column finds the
// tab drawn there.
func TestTabSegmentsAreWhereTheyAreDrawn(t *testing.T) {
	h := newHarness(t, fakeapi.DemoCatalog(), 200, 20, withRegion("NORD-NO-KRS-1"))
	h.key("3", "5")
	for _, w := range []int{200, 120, 100, 70, 40, 24} {
		h.send(tea.WindowSizeMsg{Width: w, Height: 20})
		bar := []rune(ansi.Strip(strings.SplitN(h.m.View().Content, "\n", 2)[0]))
		for _, s := range h.m.tabSegments(w) {
			if s.X+s.Width > len(bar) {
				if s.X < w {
					t.Errorf("at %d, %s's segment [%d,%d) is cut by the screen at %d", w, s.Label, s.X, s.X+s.Width, len(bar))
				}
				continue
			}
			if got := string(bar[s.X : s.X+s.Width]); got != " "+s.Label+" " {
				t.Errorf("at %d, %s's segment [%d,%d) holds %q", w, s.Label, s.X, s.X+s.Width, got)
			}
		}
	}
}

// TestHeaderFollowsTheRegion: the header line is drawn from a cache
// (headerKey); a change of region that leaves every count as it was must
// still draw the new region.
func TestHeaderFollowsTheRegion(t *testing.T) {
	imgs := []api.Image{
		{ID: "a", Name: "alpha", Type: api.TypeSnapshot, Regions: []string{"ARC-IS-HAF-1"}},
		{ID: "b", Name: "beta", Type: api.TypeSnapshot, Regions: []string{"EUC-DE-MUC-1"}},
	}
	h := newHarness(t, imgs, 100, 20)
	header := func() string { return strings.Split(h.screen(), "\n")[0] }
	h.key("r", "down", "enter")
	first, count := h.m.query.Region, label(h, catalog.TabAll)
	if first == "" || !strings.Contains(header(), "region "+first) {
		t.Fatalf("region %q, header %q", first, header())
	}
	h.key("r", "down", "enter")
	second := h.m.query.Region
	if second == "" || second == first {
		t.Fatalf("the second pick gave region %q after %q", second, first)
	}
	if got := label(h, catalog.TabAll); got != count {
		t.Fatalf("the All tab says %q in %s and %q in %s: the test needs them equal", count, first, got, second)
	}
	if got := header(); !strings.Contains(got, "region "+second) {
		t.Fatalf("after picking %s the header says %q", second, got)
	}
}
