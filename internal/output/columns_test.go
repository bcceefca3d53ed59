package output

import (
	"slices"
	"strings"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/columns"
	"github.com/genesiscloud-tools/gcimg/internal/text"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

func TestDefaultColumns(t *testing.T) {
	tests := []struct {
		tab  catalog.Tab
		sort catalog.Sort
		want string
	}{
		{catalog.TabAll, catalog.SortName, "name,slug,type,regions,created,id"},
		{catalog.TabCloudImage, catalog.SortCreated, "name,slug,regions,created,id"},
		{catalog.TabCloudImage, catalog.SortUpdated, "name,slug,regions,updated,id"},
		{catalog.TabSnapshot, catalog.SortName, "name,status,size,regions,created,id"},
	}
	for _, tt := range tests {
		var got []string
		for _, c := range DefaultColumns(tt.tab, tt.sort) {
			got = append(got, c.String())
		}
		if strings.Join(got, ",") != tt.want {
			t.Errorf("%s by %s: %v, want %s", tt.tab.Title(), tt.sort, got, tt.want)
		}
	}
}

func TestTableChosenColumns(t *testing.T) {
	cols := []columns.Column{columns.ID, columns.Slug, columns.Family}
	got := write(t, all(), Table, Options{Columns: cols, Chosen: true})
	want := "" +
		"ID                                    SLUG                     FAMILY\n" +
		idUbuntu + "  ubuntu-22.04-nvidia-535  ubuntu\n" +
		idSnapshot + "  -                        -\n" +
		idHostile + "  -                        fam\n" +
		idWide + "  nihongo                  ファミリー\n"
	if got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
	// Chosen columns are cut on a narrow terminal, never left out.
	for w := 1; w <= 120; w++ {
		got := write(t, all(), Table, Options{Width: w, Columns: []columns.Column{columns.Name, columns.Regions, columns.Versions, columns.Created}, Chosen: true})
		header, _, _ := strings.Cut(got, "\n")
		if f := strings.Fields(header); !slices.Equal(f, []string{"NAME", "REGIONS", "VERSIONS", "CREATED"}) && !strings.Contains(header, "…") {
			t.Fatalf("width %d: header %q left a chosen column out", w, header)
		}
	}
}

// TestTableOutliers: one very long name does not pad every row. Piped, it
// is printed whole and only its own row is pushed right; on a terminal it
// is cut to the column.
func TestTableOutliers(t *testing.T) {
	long := ubuntu()
	long.Name = strings.Repeat("very long name ", 20) // 300 cells
	long.ID = idHostile
	images := []api.Image{ubuntu(), snapshot(), long, wide()}
	piped := write(t, images, Table, Options{})
	lines := strings.Split(strings.TrimSuffix(piped, "\n"), "\n")
	for i, line := range lines {
		w := text.Width(line)
		if i == 3 {
			if !strings.Contains(line, strings.TrimSpace(long.Name)) {
				t.Errorf("the long name is not whole: %q", line)
			}
			continue
		}
		if w > 160 {
			t.Errorf("line %d is %d cells wide: padded to the outlier\n%s", i, w, piped)
		}
	}
	if at := strings.Index(lines[1], idUbuntu); at != strings.Index(lines[0], "ID") {
		t.Errorf("the other rows are no longer aligned:\n%s", piped)
	}
	term := write(t, images, Table, Options{Width: 200})
	for _, line := range strings.Split(strings.TrimSuffix(term, "\n"), "\n") {
		if text.Width(line) > 200 {
			t.Errorf("a line exceeds the terminal: %q", line)
		}
	}
	if !strings.Contains(term, "very long name very long name very…  ubuntu-22.04-nvidia-535") {
		t.Errorf("the outlier is not cut on a terminal:\n%s", term)
	}
}

func TestColumnWidth(t *testing.T) {
	tests := []struct {
		values []int
		header int
		want   int
	}{
		{nil, 4, 4},
		{[]int{10, 20, 30}, 4, 30},
		{[]int{35, 11, 16, 300}, 4, 35},                // the outlier does not count
		{[]int{83, 80, 55, 13}, 7, 83},                 // wide, but not an outlier
		{[]int{300, 300, 35, 11}, 4, 300},              // half the column is that wide
		{[]int{20, 20, 20, 20, 47}, 4, 47},             // below outlierMin
		{[]int{20, 20, 20, 20, 49}, 4, 20},             // above it, and over twice the rest
		{[]int{30, 30, 30, 30, 61}, 100, 100},          // the header
		{[]int{13, 13, 27, 27, 55, 67, 67, 13}, 7, 67}, // too many to be outliers
	}
	for _, tt := range tests {
		if got := columnWidth(tt.values, tt.header); got != tt.want {
			t.Errorf("columnWidth(%v, %d) = %d, want %d", tt.values, tt.header, got, tt.want)
		}
	}
}

func TestTSV(t *testing.T) {
	got := write(t, all(), TSV, Options{})
	want := "" +
		"NAME\tSLUG\tTYPE\tREGIONS\tCREATED\tID\n" +
		"Ubuntu 22.04 with NVIDIA driver 535\tubuntu-22.04-nvidia-535\tbase-os\tEUC-DE-MUC-1,NORD-NO-KRS-1\t2024-03-05\t" + idUbuntu + "\n" +
		"my snapshot\t\tsnapshot\t\t2025-01-02\t" + idSnapshot + "\n" +
		"evil namegnp.exe\t\tpreconfigured\tEUW-GB-MNC-1\t2023-11-20\t" + idHostile + "\n" +
		"日本語イメージ 👩\u200D💻 🇯🇵\tnihongo\tcloud-image\tNA-CA-FTS-1\t2024-12-31\t" + idWide + "\n"
	if got != want {
		t.Errorf("tsv:\n%q\nwant:\n%q", got, want)
	}
	if got := write(t, []api.Image{snapshot()}, TSV, Options{NoHeader: true, Columns: []columns.Column{columns.ID, columns.Name}}); got != idSnapshot+"\tmy snapshot\n" {
		t.Errorf("tsv without header = %q", got)
	}
	if got := write(t, nil, TSV, Options{}); got != "NAME\tSLUG\tTYPE\tREGIONS\tCREATED\tID\n" {
		t.Errorf("empty tsv = %q", got)
	}
	// Every line is one record of as many fields as there are columns,
	// whatever the names hold.
	tabs := snapshot()
	tabs.Name = "a\tb\nc\rd\x1b[2Je"
	out := write(t, []api.Image{hostile(), tabs, wide()}, TSV, Options{Columns: []columns.Column{columns.Name, columns.Family, columns.Regions}})
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		checkNoControls(t, strings.ReplaceAll(line, "\t", " "))
		if n := strings.Count(line, "\t"); n != 2 {
			t.Errorf("%q has %d tabs, want 2", line, n)
		}
	}
}

func TestColumnsOnlyForTableAndTSV(t *testing.T) {
	var got []Format
	for _, f := range Formats.Values() {
		if HasColumns(f) {
			got = append(got, f)
		}
	}
	if !slices.Equal(got, []Format{Table, TSV}) {
		t.Errorf("HasColumns: %v", got)
	}
}
