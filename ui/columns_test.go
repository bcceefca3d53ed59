package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/internal/columns"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// demoNaturals are the natural widths of the demo catalog's All tab.
var demoNaturals = map[columns.Column]int{columns.Name: 48, columns.Slug: 27, columns.Type: 13, columns.Regions: 88}

func naturalsOf(m map[columns.Column]int) func(columns.Column) int {
	return func(c columns.Column) int { return m[c] }
}

func widthsOf(lay *listLayout) map[columns.Column]int {
	out := map[columns.Column]int{}
	for _, c := range lay.cols {
		out[c.col] = c.width
	}
	return out
}

// TestLayOutFillsTheWidth: at every width the columns keep their order,
// NAME stays, and marker, cells and gaps add up to the width exactly.
func TestLayOutFillsTheWidth(t *testing.T) {
	for _, tab := range []catalog.Tab{catalog.TabAll, catalog.TabCloudImage, catalog.TabSnapshot} {
		cols := columns.Defaults(tab)
		for width := markerWidth + 1; width <= 300; width++ {
			lay := layOut(cols, width, naturalsOf(demoNaturals), columns.Column.Header)
			total := markerWidth + colGap*(len(lay.cols)-1)
			var shown []columns.Column
			for _, c := range lay.cols {
				total += c.width
				shown = append(shown, c.col)
				if c.width < 1 {
					t.Fatalf("%v at %d: %s is %d wide", tab, width, c.col, c.width)
				}
			}
			if total != width {
				t.Fatalf("%v at %d: the row is %d wide (%v)", tab, width, total, lay.cols)
			}
			if !slices.Contains(shown, columns.Name) {
				t.Fatalf("%v at %d: no NAME", tab, width)
			}
			i := 0
			for _, c := range cols {
				if i < len(shown) && shown[i] == c {
					i++
				}
			}
			if i != len(shown) {
				t.Fatalf("%v at %d: columns %v out of order", tab, width, shown)
			}
		}
	}
}

// TestLayOutSharesTheWidth: the slug is cut last and never while the
// width allows; narrow screens leave out low-priority columns first;
// what is left goes to the columns still cut.
func TestLayOutSharesTheWidth(t *testing.T) {
	all := columns.Defaults(catalog.TabAll) // name, slug, type, regions, created
	cases := []struct {
		width int
		want  map[columns.Column]int
	}{
		// Everything at its natural width; the rest to NAME.
		{220, map[columns.Column]int{columns.Name: 74, columns.Slug: 27, columns.Type: 13, columns.Regions: 88, columns.Created: 8}},
		// NAME and REGIONS are cut: equal shares, NAME up to its 48.
		{180, map[columns.Column]int{columns.Name: 48, columns.Slug: 27, columns.Type: 13, columns.Regions: 74, columns.Created: 8}},
		{100, map[columns.Column]int{columns.Name: 25, columns.Slug: 27, columns.Type: 13, columns.Regions: 17, columns.Created: 8}},
		// REGIONS goes first, then TYPE.
		{80, map[columns.Column]int{columns.Name: 24, columns.Slug: 27, columns.Type: 13, columns.Created: 8}},
		{60, map[columns.Column]int{columns.Name: 24, columns.Slug: 22, columns.Created: 8}},
		// NAME and the slug, cut.
		{40, map[columns.Column]int{columns.Name: 16, columns.Slug: 20}},
		{24, map[columns.Column]int{columns.Name: 22}},
	}
	for _, c := range cases {
		got := widthsOf(layOut(all, c.width, naturalsOf(demoNaturals), columns.Column.Header))
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("at %d: %v, want %v", c.width, got, c.want)
		}
	}
	// A rare 300-cell slug does not set the width (columns.Widths), but
	// when long slugs are common the slug still stops at slugMax.
	long := map[columns.Column]int{columns.Name: 30, columns.Slug: 300, columns.Type: 13, columns.Regions: 20}
	if got := widthsOf(layOut(all, 140, naturalsOf(long), columns.Column.Header)); got[columns.Name] < 30 {
		t.Errorf("long slugs starve the name: %v", got)
	}
}

// TestListLaysOutForItsWidth: the list is drawn for the width it is
// given (a pane may sit beside it), each row exactly that wide.
func TestListLaysOutForItsWidth(t *testing.T) {
	h := newHarness(t, fakeapi.DemoCatalog(), 200, 20)
	for _, w := range []int{200, 120, 70, 30} {
		for i, l := range h.m.listView(w, 10) {
			if got := ansi.StringWidth(l); i > 0 && got != w || got > w {
				t.Errorf("at %d, line %d is %d wide: %q", w, i, got, ansi.Strip(l))
			}
		}
	}
}

// TestColumnsPerTab: each tab's default columns, the config file's
// choice, UPDATED in CREATED's place while sorting by it, and the
// header's sort arrow, which S turns and a text query takes away.
func TestColumnsPerTab(t *testing.T) {
	header := func(h *harness) string {
		for _, l := range strings.Split(h.screen(), "\n") {
			if strings.HasPrefix(l, "  NAME") || strings.HasPrefix(l, "  SLUG") {
				return strings.Join(strings.Fields(l), " ")
			}
		}
		t.Fatalf("no header:\n%s", h.screen())
		return ""
	}
	h := newHarness(t, fakeapi.DemoCatalog(), 120, 20)
	steps := []struct {
		keys []string
		want string
	}{
		{nil, "NAME↑ SLUG TYPE REGIONS CREATED"},
		{[]string{"3"}, "NAME↑ SLUG REGIONS CREATED"},
		{[]string{"5"}, "NAME↑ STATUS SIZE REGIONS CREATED"},
		{[]string{"s"}, "NAME STATUS SIZE REGIONS CREATED↓"},
		{[]string{"S"}, "NAME STATUS SIZE REGIONS CREATED↑"},
		{[]string{"s"}, "NAME STATUS SIZE REGIONS UPDATED↑"},
		{[]string{"S", "s"}, "NAME↑ STATUS SIZE REGIONS CREATED"},
		{[]string{"/", "b", "enter"}, "NAME STATUS SIZE REGIONS CREATED"},
	}
	for _, s := range steps {
		h.key(s.keys...)
		if got := header(h); got != s.want {
			t.Errorf("after %v: header %q, want %q", s.keys, got, s.want)
		}
	}
	// The config file's columns for a tab, in its order.
	h = newHarness(t, fakeapi.DemoCatalog(), 120, 20, withOpts(func(o *Options) {
		o.Columns = map[catalog.Tab][]columns.Column{catalog.TabAll: {columns.Slug, columns.ID, columns.Name}}
	}))
	if got := header(h); got != "SLUG ID NAME↑" {
		t.Errorf("configured columns: header %q", got)
	}
	if !strings.Contains(h.screen(), h.selID()) {
		t.Errorf("no ID column:\n%s", h.screen())
	}
}

// TestReverseSort: S reverses the rows and says so in the header, the
// status line and a message, and the status line says what the header
// does.
func TestReverseSort(t *testing.T) {
	imgs := []api.Image{cloudImage(), cloudImage(), cloudImage()}
	for i, n := range []string{"alpha", "bravo", "charlie"} {
		imgs[i].ID = fmt.Sprintf("%08d-0000-4000-8000-000000000000", i)
		imgs[i].Name = n
	}
	h := newHarness(t, imgs, 100, 12)
	first := func() string { return h.m.cur().rows.At(0).E.Name }
	if first() != "alpha" {
		t.Fatalf("first row %q", first())
	}
	h.key("S")
	s := h.screen()
	if first() != "charlie" || !strings.Contains(s, "NAME↓") || !strings.Contains(s, "sort name ↓") || !strings.Contains(s, "Sorted by name, Z to A") {
		t.Errorf("after S, first row %q:\n%s", first(), s)
	}
	h.key("S")
	if first() != "alpha" || !strings.Contains(h.screen(), "sort name ↑") {
		t.Errorf("S twice, first row %q:\n%s", first(), h.screen())
	}
}

// TestHighlightFollowsTheMatch: a match beyond the cut of a cell comes
// into view, for every column that highlights, and negations highlight
// nothing.
func TestHighlightFollowsTheMatch(t *testing.T) {
	im := cloudImage()
	im.Name = "Ubuntu 24.04 with NVIDIA drivers and the PyTorch toolchain"
	slug := "ubuntu-ml-nvidia-pytorch-toolchain-for-the-long-haul"
	im.Slug = &slug
	h := newHarness(t, []api.Image{im}, 80, 12)
	h.key("/")
	h.typeText("'toolchain")
	h.key("enter")
	ts := h.m.cur()
	lay := h.m.listLayout(80)
	cells := h.m.rowCells(ts.rows.At(0), true, lay)
	for i, c := range lay.cols {
		cell := ansi.Strip(cells[1+2*i])
		if w := text.Width(cell); w != c.width {
			t.Errorf("%s cell %q is %d wide, want %d", c.col, cell, w, c.width)
		}
		if c.col == columns.Name || c.col == columns.Slug {
			if !strings.HasPrefix(cell, "…") || !strings.Contains(cell, "toolchain") {
				t.Errorf("%s cell %q does not bring the match into view", c.col, cell)
			}
		}
	}
	h.key("/", "ctrl+u")
	h.typeText("ubuntu !toolchain")
	if n := h.m.cur().rows.Len(); n != 0 || h.m.query.Text != "ubuntu !toolchain" {
		t.Errorf("%d rows for a negation of their name", n)
	}
	h.key("ctrl+u")
	h.typeText("!zebra")
	if h.m.cur().rows.Len() != 1 {
		t.Fatalf("!zebra leaves %d rows", h.m.cur().rows.Len())
	}
	r := h.m.cur().rows.At(0)
	if len(r.NameMatch)+len(r.SlugMatch)+len(r.FamilyMatch)+len(r.TypeMatch) != 0 {
		t.Errorf("a negation highlights %v %v %v %v", r.NameMatch, r.SlugMatch, r.FamilyMatch, r.TypeMatch)
	}
}

// TestFamilySaysWhy: a row that matched a query term only in the family,
// which no column shows, has the family after its name, highlighted; a
// row whose name says why has not.
func TestFamilySaysWhy(t *testing.T) {
	fam := "Ubuntu"
	var imgs []api.Image
	for i, n := range []string{"anna-sandbox-5", "k8s-node after upgrade", "Ubuntu 24.04"} {
		im := cloudImage()
		im.ID, im.Name, im.Family = fmt.Sprintf("11111111-0000-4000-8000-00000000000%d", i), n, &fam
		if i < 2 {
			im.Type, im.Slug = api.TypeSnapshot, nil
		}
		imgs = append(imgs, im)
	}
	h := newHarness(t, imgs, 100, 12)
	names := func(query string) map[string]string {
		h.key("/", "ctrl+u")
		h.typeText(query)
		lay := h.m.listLayout(100)
		cells := map[string]string{}
		for i := range h.m.cur().rows.Len() {
			r := h.m.cur().rows.At(i)
			cells[r.E.Name] = h.m.rowCells(r, false, lay)[1]
		}
		return cells
	}
	hi := func() painter { return h.m.painters().Match }
	cells := names("ubuntu")
	for _, n := range []string{"anna-sandbox-5", "k8s-node after upgrade"} {
		if got := ansi.Strip(cells[n]); !strings.HasPrefix(got, n+" · Ubuntu ") {
			t.Errorf("the family-only match shows %q", got)
		}
		if !strings.Contains(cells[n], hi().Render("Ubuntu")) {
			t.Errorf("the family is not highlighted: %q", cells[n])
		}
	}
	if got := ansi.Strip(cells["Ubuntu 24.04"]); strings.Contains(got, "·") {
		t.Errorf("a name that says why shows %q", got)
	}
	// One term matched in the name, the other in the family.
	cells = names("ubuntu upgrade")
	if got := ansi.Strip(cells["k8s-node after upgrade"]); !strings.HasPrefix(got, "k8s-node after upgrade · Ubuntu ") || len(cells) != 1 {
		t.Errorf("for two terms: %q (%d rows)", got, len(cells))
	}
}
