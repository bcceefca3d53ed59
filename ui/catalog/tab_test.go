package catalog

import (
	"slices"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api"
)

func TestTabs(t *testing.T) {
	tests := []struct {
		tab         Tab
		typ         api.ImageType
		title, noun string
	}{
		{TabAll, "", "All", "images"},
		{TabBaseOS, api.TypeBaseOS, "Base OS", "base OS images"},
		{TabCloudImage, api.TypeCloudImage, "Cloud images", "cloud images"},
		{TabPreconfigured, api.TypePreconfigured, "Preconfigured", "preconfigured images"},
		{TabSnapshot, api.TypeSnapshot, "Snapshots", "snapshot images"},
		{Tab(99), "", "All", "images"},
		{Tab(-1), "", "All", "images"},
	}
	for _, tt := range tests {
		if got := tt.tab.Type(); got != tt.typ {
			t.Errorf("Tab(%d).Type() = %q, want %q", tt.tab, got, tt.typ)
		}
		if got := tt.tab.Title(); got != tt.title {
			t.Errorf("Tab(%d).Title() = %q, want %q", tt.tab, got, tt.title)
		}
		if got := tt.tab.Noun(); got != tt.noun {
			t.Errorf("Tab(%d).Noun() = %q, want %q", tt.tab, got, tt.noun)
		}
	}
	// Every documented type has a tab, in the API's order.
	for i, typ := range api.KnownTypes {
		if got := Tab(i + 1).Type(); got != typ {
			t.Errorf("Tab(%d).Type() = %q, want %q", i+1, got, typ)
		}
	}
}

func TestTabsParse(t *testing.T) {
	if got, want := Tabs.Names(), []string{"all", "base-os", "cloud-image", "preconfigured", "snapshot"}; !slices.Equal(got, want) {
		t.Errorf("Tabs = %q, want %q", got, want)
	}
	tests := []struct {
		in   string
		want Tab
		ok   bool
	}{
		{"all", TabAll, true},
		{" ALL ", TabAll, true},
		{"base-os", TabBaseOS, true},
		{"base_os", TabBaseOS, true},
		{"Base OS", TabBaseOS, true},
		{"cloud-image", TabCloudImage, true},
		{"Cloud images", TabCloudImage, true},
		{"preconfigured", TabPreconfigured, true},
		{"snapshot", TabSnapshot, true},
		{"Snapshots", TabSnapshot, true},
		{"", TabAll, true},
		{"gpu-image", TabAll, false},
		{"s", TabAll, false},
	}
	for _, tt := range tests {
		got, err := Tabs.Parse(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("Tabs.Parse(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}
