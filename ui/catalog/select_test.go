package catalog

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

type listerFunc func(ctx context.Context, t api.ImageType) ([]api.Image, error)

func (f listerFunc) ListAll(ctx context.Context, t api.ImageType) ([]api.Image, error) {
	return f(ctx, t)
}

// demoLister serves the demo catalog by type, as the client's ListAll.
var demoLister = listerFunc(func(_ context.Context, t api.ImageType) ([]api.Image, error) {
	var out []api.Image
	for _, im := range fakeapi.DemoCatalog() {
		if t == "" || im.Type == t {
			out = append(out, im)
		}
	}
	return out, nil
})

func imageNames(images []api.Image) []string {
	var out []string
	for _, im := range images {
		out = append(out, im.Name)
	}
	return out
}

// TestMatching is what --select-1 and --exit-0 decide on: the whole
// tab's images that pass the query and region, in the tab's order.
func TestMatching(t *testing.T) {
	tests := []struct {
		tab  Tab
		q    Query
		want []string
	}{
		{TabAll, Query{Text: "ubuntu 24.04 nvidia"}, []string{"Ubuntu 24.04 with NVIDIA drivers"}},
		{TabCloudImage, Query{Text: "^rocky"}, []string{"Rocky Linux 10", "Rocky Linux 8", "Rocky Linux 9"}},
		{TabBaseOS, Query{Text: "^rocky"}, []string{"Rocky Linux 8.6"}},
		{TabCloudImage, Query{Text: "^rocky", Sort: SortName, Reverse: true}, []string{"Rocky Linux 9", "Rocky Linux 8", "Rocky Linux 10"}},
		{TabAll, Query{Text: "no such image at all"}, nil},
		{TabAll, Query{Text: "debian-12$", Region: "XX-NOWHERE-1"}, nil},
	}
	for _, tt := range tests {
		got, err := Matching(context.Background(), demoLister, tt.tab, tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(imageNames(got), tt.want) {
			t.Errorf("%s %+v: %q, want %q", tt.tab.Title(), tt.q, imageNames(got), tt.want)
		}
	}
	boom := errors.New("boom")
	failing := listerFunc(func(context.Context, api.ImageType) ([]api.Image, error) { return nil, boom })
	if _, err := Matching(context.Background(), failing, TabAll, Query{}); !errors.Is(err, boom) {
		t.Errorf("a failed listing: err = %v", err)
	}
}

// TestSelectIsTheTabsOrder: Select gives the rows a Results shows for the
// same query, image for image.
func TestSelectIsTheTabsOrder(t *testing.T) {
	images := fakeapi.Generate(2000, 3)
	for _, q := range []Query{{}, {Text: "ubu"}, {Text: "snap !prod", Sort: SortCreated, Reverse: true}, {Text: "'24", NoRank: true, Sort: SortUpdated}} {
		got := Select(images, q)
		v := NewResults()
		v.Update(newEntries(images), q)
		rows := rowsOf(v)
		if len(got) != len(rows) {
			t.Fatalf("%+v: %d images, %d rows", q, len(got), len(rows))
		}
		for i := range rows {
			if got[i].ID != rows[i].E.Image.ID {
				t.Fatalf("%+v: image %d is %s, row %d is %s", q, i, got[i].ID, i, rows[i].E.Image.ID)
			}
		}
	}
}
