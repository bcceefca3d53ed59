// Package api is a client for the Genesis Cloud compute images API
// (GET /compute/v1/images). It knows nothing about terminals: callers
// get typed values and typed errors and decide how to show them.
package api

import "time"

// ImageType is the kind of an image. The provider's enum has changed over
// time, so it is an open string: unknown values are kept and shown, never
// dropped.
type ImageType string

// The image types named by the provider's documentation.
const (
	TypeBaseOS        ImageType = "base-os"
	TypeCloudImage    ImageType = "cloud-image"
	TypePreconfigured ImageType = "preconfigured"
	TypeSnapshot      ImageType = "snapshot"
)

// KnownTypes lists the documented types in the order the UI shows them.
var KnownTypes = []ImageType{TypeBaseOS, TypeCloudImage, TypePreconfigured, TypeSnapshot}

// OS types named by the provider.
const (
	OSLinux   = "linux"
	OSWindows = "windows"
)

// KnownRegions are the region codes used by the provider's current official
// clients, plus ARC-IS-HAF-1 which still appears in older data. There is no
// regions endpoint; the UI merges these with the regions it actually sees.
var KnownRegions = []string{
	"ARC-IS-HAF-1",
	"EUC-DE-MUC-1",
	"EUW-GB-MNC-1",
	"EUW-NL-AMS-1",
	"NA-CA-FTS-1",
	"NA-CA-MNZ-1",
	"NA-CA-PRG-1",
	"NORD-NO-KRS-1",
}

// Image is one entry of the catalog. Nullable fields are pointers or nil
// slices so that "absent" and "empty" stay distinguishable when re-encoded.
type Image struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Type      ImageType `json:"type"`
	Family    *string   `json:"family"`
	Slug      *string   `json:"slug"`
	OSType    string    `json:"os_type"`
	Versions  []string  `json:"versions"`
	Regions   []string  `json:"regions"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// FamilyOr returns the family, or def when it is null.
func (im *Image) FamilyOr(def string) string {
	if im.Family == nil {
		return def
	}
	return *im.Family
}

// SlugOr returns the slug, or def when it is null or empty.
func (im *Image) SlugOr(def string) string {
	if im.Slug == nil || *im.Slug == "" {
		return def
	}
	return *im.Slug
}

// HasRegion reports whether the image can be used in region r.
func (im *Image) HasRegion(r string) bool {
	for _, x := range im.Regions {
		if x == r {
			return true
		}
	}
	return false
}

// ListResponse is one page of GET /images.
type ListResponse struct {
	Images     []Image `json:"images"`
	TotalCount int     `json:"total_count"`
	Page       int     `json:"page"`
	PerPage    int     `json:"per_page"`
}

// ListOptions selects one page. Zero values mean: all types, page 1, and
// the client's default page size (100, the maximum).
type ListOptions struct {
	Type    ImageType
	Page    int
	PerPage int
}

// MaxPerPage is the largest page size the API accepts.
const MaxPerPage = 100
