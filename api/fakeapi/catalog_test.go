package fakeapi

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"regexp"
	"testing"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
)

var uuidShape = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func TestDemoCatalogCounts(t *testing.T) {
	c := DemoCatalog()
	byType := map[api.ImageType]int{}
	var windows, nullSlug, nullFamily, nullVersions, emptyVersions, multiVersion, oldRegion int
	for _, im := range c {
		byType[im.Type]++
		if im.OSType == api.OSWindows {
			windows++
		}
		if im.Slug == nil {
			nullSlug++
		}
		if im.Family == nil {
			nullFamily++
		}
		if im.Versions == nil {
			nullVersions++
		} else if len(im.Versions) == 0 {
			emptyVersions++
		}
		if len(im.Versions) > 1 {
			multiVersion++
		}
		if im.HasRegion("ARC-IS-HAF-1") {
			oldRegion++
		}
	}
	public := byType[api.TypeBaseOS] + byType[api.TypeCloudImage] + byType[api.TypePreconfigured]
	t.Logf("catalog: %d images %v", len(c), byType)
	checks := []struct {
		name string
		ok   bool
	}{
		{"at least 40 public images", public >= 40},
		{"every public type present", byType[api.TypeBaseOS] > 0 && byType[api.TypeCloudImage] > 0 && byType[api.TypePreconfigured] > 0},
		{"at least 300 snapshots", byType[api.TypeSnapshot] >= 300},
		{"only the four documented types", len(byType) == 4},
		{"some windows images", windows >= 1},
		{"some null slugs", nullSlug > 0},
		{"some null families", nullFamily > 0},
		{"some null versions", nullVersions > 0},
		{"some empty versions", emptyVersions > 0},
		{"some cloud images with several versions", multiVersion > 0},
		{"some images in the old ARC-IS-HAF-1 region", oldRegion > 0},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("demo catalog: want %s", c.name)
		}
	}
}

func TestDemoCatalogShape(t *testing.T) {
	known := map[string]bool{}
	for _, r := range api.KnownRegions {
		known[r] = true
	}
	lo := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	hi := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	for _, im := range DemoCatalog() {
		if !uuidShape.MatchString(im.ID) {
			t.Errorf("%q: id %q is not UUID-shaped", im.Name, im.ID)
		}
		if seen[im.ID] {
			t.Errorf("duplicate id %s", im.ID)
		}
		seen[im.ID] = true
		if im.Name == "" || im.OSType == "" || len(im.Regions) == 0 {
			t.Errorf("%s: missing name, os_type or regions: %+v", im.ID, im)
		}
		for _, r := range im.Regions {
			if !known[r] {
				t.Errorf("%s: unknown region %q", im.ID, r)
			}
		}
		if im.CreatedAt.Before(lo) || !im.CreatedAt.Before(hi) || im.UpdatedAt.Before(im.CreatedAt) || !im.UpdatedAt.Before(hi) {
			t.Errorf("%s: dates out of range: created %v updated %v", im.ID, im.CreatedAt, im.UpdatedAt)
		}
		switch im.Type {
		case api.TypeSnapshot:
			if im.Slug != nil || len(im.Versions) != 0 {
				t.Errorf("snapshot %s: want null slug and no versions, got %+v", im.ID, im)
			}
		case api.TypeBaseOS, api.TypePreconfigured:
			if im.Versions != nil {
				t.Errorf("%s %s: want null versions, got %v", im.Type, im.ID, im.Versions)
			}
		}
	}
}

// The provider's own example images must be served exactly as documented,
// so that code and docs can quote their IDs.
func TestDemoCatalogKeepsDocumentedImages(t *testing.T) {
	want := map[string]string{
		"df3718d1-c738-49e4-9d44-6b39579a2c6a": "ubuntu-ml-nvidia-pytorch",
		"3b29b09e-138e-11ef-a299-7fd37e9e8724": "ubuntu-24.04",
		"2cd0e25f-a39e-4bc6-aa78-b4c40b87072a": "ubuntu-22.04",
		"55e261aa-f74d-447f-aa0a-c2d39739d995": "debian-12",
	}
	for _, im := range DemoCatalog() {
		if slug, ok := want[im.ID]; ok {
			if im.SlugOr("") != slug || im.Type != api.TypeCloudImage {
				t.Errorf("%s: got type %s slug %s, want cloud-image %s", im.ID, im.Type, im.SlugOr("<nil>"), slug)
			}
			delete(want, im.ID)
		}
	}
	if len(want) > 0 {
		t.Errorf("documented images missing: %v", want)
	}
}

func TestDemoCatalogIsAFreshCopy(t *testing.T) {
	a := DemoCatalog()
	b := DemoCatalog()
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two calls differ")
	}
	for i := range a {
		if a[i].Family != nil {
			*a[i].Family = "changed"
		}
		if a[i].Slug != nil {
			*a[i].Slug = "changed"
		}
		if len(a[i].Versions) > 0 {
			a[i].Versions[0] = "changed"
		}
		a[i].Regions[0] = "changed"
		a[i].Name = "changed"
	}
	if !reflect.DeepEqual(b, DemoCatalog()) {
		t.Fatal("modifying one copy changed another")
	}
}

// fingerprint hashes the JSON encoding, which covers every field.
func fingerprint(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// The catalogs must be the same on every run, machine and Go release:
// screenshots, goldens and benchmarks elsewhere depend on it. If a change
// to the generators is intended, update these fingerprints.
func TestCatalogsAreStable(t *testing.T) {
	if got, want := fingerprint(t, DemoCatalog()), demoFingerprint; got != want {
		t.Errorf("DemoCatalog fingerprint = %s, want %s", got, want)
	}
	if got, want := fingerprint(t, Generate(500, 42)), generateFingerprint; got != want {
		t.Errorf("Generate(500, 42) fingerprint = %s, want %s", got, want)
	}
}

const (
	demoFingerprint     = "365b6937eaf1c9ac"
	generateFingerprint = "3e583c342c7abf5b"
)

func TestGenerate(t *testing.T) {
	if got := Generate(0, 1); got == nil || len(got) != 0 {
		t.Errorf("Generate(0) = %#v, want empty non-nil", got)
	}
	if got := Generate(-3, 1); got == nil || len(got) != 0 {
		t.Errorf("Generate(-3) = %#v, want empty non-nil", got)
	}
	a, b := Generate(2000, 7), Generate(2000, 7)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different catalogs")
	}
	if reflect.DeepEqual(a, Generate(2000, 8)) {
		t.Fatal("different seeds gave the same catalog")
	}
	if !reflect.DeepEqual(a[:100], Generate(100, 7)) {
		t.Error("a shorter catalog of the same seed is not a prefix")
	}

	byType := map[api.ImageType]int{}
	ids := map[string]bool{}
	slugs := map[string]bool{}
	names := map[string]bool{}
	var windows int
	for _, im := range a {
		byType[im.Type]++
		names[im.Name] = true
		if !uuidShape.MatchString(im.ID) || ids[im.ID] {
			t.Fatalf("bad or duplicate id %q", im.ID)
		}
		ids[im.ID] = true
		if im.Slug != nil {
			if slugs[*im.Slug] {
				t.Errorf("duplicate slug %q", *im.Slug)
			}
			slugs[*im.Slug] = true
		}
		if im.OSType == api.OSWindows {
			windows++
		}
		if len(im.Regions) == 0 || im.UpdatedAt.Before(im.CreatedAt) {
			t.Errorf("%s: bad regions or dates: %+v", im.ID, im)
		}
	}
	t.Logf("Generate(2000): %v, %d distinct names, %d windows", byType, len(names), windows)
	if snap := byType[api.TypeSnapshot]; snap < len(a)*7/10 || snap > len(a)*9/10 {
		t.Errorf("snapshots = %d of %d, want mostly snapshots (70-90%%)", snap, len(a))
	}
	for _, typ := range []api.ImageType{api.TypeBaseOS, api.TypeCloudImage, api.TypePreconfigured} {
		if byType[typ] == 0 {
			t.Errorf("no %s images", typ)
		}
	}
	if len(names) < len(a)/2 {
		t.Errorf("only %d distinct names in %d images", len(names), len(a))
	}
	if windows == 0 {
		t.Error("no windows images")
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		Generate(10000, 1)
	}
}

func BenchmarkDemoCatalog(b *testing.B) {
	for b.Loop() {
		DemoCatalog()
	}
}
