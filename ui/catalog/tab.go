package catalog

import (
	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/enum"
)

// Tab is one of the catalog's tabs: all images, or one documented type.
type Tab int

// The tabs, in the order the UI shows them.
const (
	TabAll Tab = iota
	TabBaseOS
	TabCloudImage
	TabPreconfigured
	TabSnapshot
)

// NumTabs is the number of tabs.
const NumTabs = 5

var tabInfo = [NumTabs]struct {
	typ         api.ImageType
	title, noun string
}{
	TabAll:           {"", "All", "images"},
	TabBaseOS:        {api.TypeBaseOS, "Base OS", "base OS images"},
	TabCloudImage:    {api.TypeCloudImage, "Cloud images", "cloud images"},
	TabPreconfigured: {api.TypePreconfigured, "Preconfigured", "preconfigured images"},
	TabSnapshot:      {api.TypeSnapshot, "Snapshots", "snapshot images"},
}

func (t Tab) valid() bool { return t >= 0 && t < NumTabs }

// Type is the image type the tab lists, "" for TabAll (and for a Tab out
// of range, which is treated as TabAll everywhere).
func (t Tab) Type() api.ImageType {
	if !t.valid() {
		return ""
	}
	return tabInfo[t].typ
}

// Title is the tab's label.
func (t Tab) Title() string {
	if !t.valid() {
		t = TabAll
	}
	return tabInfo[t].title
}

// Noun names what the tab lists, for empty states ("No snapshot images").
func (t Tab) Noun() string {
	if !t.valid() {
		t = TabAll
	}
	return tabInfo[t].noun
}

// Tabs is every tab, named as --type and the config file's tab name them:
// "all" and the API's types. A tab's title ("Snapshots", "Cloud images")
// is accepted too, since it is what the screen shows, and so is "" for
// All, so that a script's --type "$TYPE" with TYPE unset lists every type.
var Tabs = func() *enum.Set[Tab] {
	s := enum.New("type", Tab.name, TabAll, TabBaseOS, TabCloudImage, TabPreconfigured, TabSnapshot)
	for t := range Tab(NumTabs) {
		s.Alias(t, t.Title())
	}
	return s.Alias(TabAll, "")
}()

// name is the tab's name in Tabs.
func (t Tab) name() string {
	if t == TabAll {
		return "all"
	}
	return string(t.Type())
}
