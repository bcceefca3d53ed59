package columns

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/enum"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

func strp(s string) *string { return &s }

func TestValue(t *testing.T) {
	size := int64(40)
	status := api.SnapshotStatus("active")
	im := api.Image{
		ID: "0b9d2a2e-4d1f-4c52-9c43-5bd7c5e1a001", Name: "  evil\x1b]52;c;eA==\x07 name\tx\n ", Type: api.TypeSnapshot,
		Family: strp("Ubuntu"), Slug: strp("ubuntu-24.04"), OSType: "linux",
		Versions: []string{"24.04", "", "24.10"}, Regions: []string{"NORD-NO-KRS-1", "EUC-DE-MUC-1\x1b[0m"},
		CreatedAt: time.Date(2025, 1, 2, 23, 30, 0, 0, time.UTC), Status: &status, SizeGiB: &size,
	}
	want := map[Column]string{
		Name: "evil name x", Slug: "ubuntu-24.04", Family: "Ubuntu", Type: "snapshot", ID: im.ID,
		Regions: "NORD-NO-KRS-1,EUC-DE-MUC-1", Created: "2025-01-02", Updated: "", Status: "active",
		Size: "40 GiB", OS: "linux", Versions: "24.04,24.10",
	}
	for _, c := range Columns.Values() {
		if got := c.Value(&im, nil); got != want[c] {
			t.Errorf("%s = %q, want %q", c, got, want[c])
		}
		if strings.ContainsAny(c.Value(&im, nil), "\t\n\x1b") {
			t.Errorf("%s holds a control character", c)
		}
	}
	if got := Created.Value(&im, time.FixedZone("CET", 3600)); got != "2025-01-03" {
		t.Errorf("created in UTC+1 = %q", got)
	}
	var null api.Image
	for _, c := range Columns.Values() {
		if got := c.Value(&null, nil); got != "" {
			t.Errorf("%s of an image with nothing = %q, want empty", c, got)
		}
	}
	if len(Columns.Values()) != int(numColumns) {
		t.Errorf("Columns lists %d of %d columns", len(Columns.Values()), numColumns)
	}
	for _, c := range Columns.Values() {
		if c.Header() != strings.ToUpper(c.String()) {
			t.Errorf("%s's header is %q", c, c.Header())
		}
	}
}

func TestParse(t *testing.T) {
	got, err := Parse(" name,SLUG , region,created")
	if err != nil || !slices.Equal(got, []Column{Name, Slug, Regions, Created}) {
		t.Errorf("Parse = %v, %v", got, err)
	}
	var ee *enum.Error
	if _, err := Parse("name,sluggish"); !errors.As(err, &ee) || ee.Value != "sluggish" || !slices.Contains(ee.Valid, "slug") {
		t.Errorf("an unknown column: %v", err)
	}
	for _, bad := range []string{"", "name,,id", "name,slug,name"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) succeeded", bad)
		}
	}
}

func TestDefaultsAndForSort(t *testing.T) {
	for tab := range catalog.Tab(catalog.NumTabs) {
		d := Defaults(tab)
		if d[0] != Name || !slices.Contains(d, Regions) || !slices.Contains(d, Created) {
			t.Errorf("%s: %v", tab.Title(), d)
		}
		if (tab == catalog.TabSnapshot) != (slices.Contains(d, Status) && slices.Contains(d, Size)) {
			t.Errorf("%s: status and size: %v", tab.Title(), d)
		}
		if tab != catalog.TabSnapshot && !slices.Contains(d, Slug) {
			t.Errorf("%s has no slug column: %v", tab.Title(), d)
		}
	}
	d := Defaults(catalog.TabCloudImage)
	if got := ForSort(d, catalog.SortUpdated); !slices.Equal(got, []Column{Name, Slug, Regions, Updated}) {
		t.Errorf("ForSort(updated) = %v", got)
	}
	if !slices.Equal(d, []Column{Name, Slug, Regions, Created}) {
		t.Errorf("ForSort modified its argument: %v", d)
	}
	both := []Column{Name, Created, Updated}
	if got := ForSort(both, catalog.SortUpdated); !slices.Equal(got, both) {
		t.Errorf("ForSort with both = %v", got)
	}
}

// TestWidthsNatural: the outlier rule, and that adding values one at a
// time gives what adding them all at once does, whatever the order.
func TestWidthsNatural(t *testing.T) {
	cases := []struct {
		name   string
		values []int
		want   int
	}{
		{"nothing", nil, 0},
		{"the widest", []int{3, 9, 5}, 9},
		{"one outlier", []int{20, 22, 25, 300}, 25},
		{"two outliers among few are not rare", []int{20, 22, 300, 310}, 310},
		{"rare outliers among many", append(slices.Repeat([]int{30}, 40), 300, 310), 30},
		{"a gradual rise", []int{13, 26, 40, 54, 68, 82}, 82},
		{"under the threshold", []int{10, 47}, 47},
		{"one value", []int{300}, 300},
	}
	for _, c := range cases {
		var ws Widths
		for _, v := range c.values {
			ws.Add(v)
		}
		if got := ws.Natural(); got != c.want {
			t.Errorf("%s: Natural(%v) = %d, want %d", c.name, c.values, got, c.want)
		}
		// Read between adds, in reverse: the same answer at the end.
		var inc Widths
		for i := len(c.values) - 1; i >= 0; i-- {
			inc.Add(c.values[i])
			inc.Natural()
		}
		if got := inc.Natural(); got != c.want || inc.Len() != len(c.values) {
			t.Errorf("%s: added one at a time, Natural = %d (of %d), want %d", c.name, got, inc.Len(), c.want)
		}
	}
}
