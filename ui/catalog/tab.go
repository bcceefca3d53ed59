package catalog

import (
	"strings"

	"github.com/genesiscloud-tools/gcimg/api"
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

// tabAliases maps normalised spellings (lower case, '-' for '_' and
// spaces) to tabs. Plural forms are handled by trimming one trailing "s".
var tabAliases = map[string]Tab{
	"":                    TabAll,
	"all":                 TabAll,
	"any":                 TabAll,
	"image":               TabAll,
	"base-os":             TabBaseOS,
	"baseos":              TabBaseOS,
	"base":                TabBaseOS,
	"os":                  TabBaseOS,
	"base-os-image":       TabBaseOS,
	"cloud-image":         TabCloudImage,
	"cloudimage":          TabCloudImage,
	"cloud":               TabCloudImage,
	"preconfigured":       TabPreconfigured,
	"pre-configured":      TabPreconfigured,
	"preconfig":           TabPreconfigured,
	"preconfigured-image": TabPreconfigured,
	"snapshot":            TabSnapshot,
	"snap":                TabSnapshot,
	"snapshot-image":      TabSnapshot,
}

// TabForType returns the tab for a type name as a user would write it on
// the command line: "", "all", "base-os", "cloud-image", "preconfigured",
// "snapshot", and forgiving forms ("snapshots", "Cloud images",
// "base_os").
func TabForType(s string) (Tab, bool) {
	n := strings.ToLower(strings.TrimSpace(s))
	n = strings.NewReplacer("_", "-", " ", "-").Replace(n)
	if t, ok := tabAliases[n]; ok {
		return t, true
	}
	if one, ok := strings.CutSuffix(n, "s"); ok && one != "" {
		if t, ok := tabAliases[one]; ok {
			return t, true
		}
	}
	return TabAll, false
}
