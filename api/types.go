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

	// The fields below are what the snapshots endpoint says about a
	// snapshot beyond /images (see Snapshot). They are nil for an image
	// that endpoint did not list, every public image among them, and are
	// then left out of JSON, so the fields above keep their names and
	// shape for scripts. Merge and Snapshot.Image fill them in.

	// Status is the snapshot's state; see Ready.
	Status *SnapshotStatus `json:"status,omitempty"`
	// SizeGiB is the snapshot's size in GiB.
	SizeGiB *int64 `json:"size_gib,omitempty"`
	// SourceInstanceID is the instance the snapshot was taken of.
	SourceInstanceID *string `json:"source_instance_id,omitempty"`
	// SourceSnapshotID is the snapshot this one is a copy of.
	SourceSnapshotID *string `json:"source_snapshot_id,omitempty"`
}

// Ready reports whether an instance can be started from the image now.
// Only a status other than "created" (an unknown or empty one included)
// makes an image not ready. An image without a status is ready: /images
// lists what can be used, and a public image has no status at all.
func (im *Image) Ready() bool { return im.Status == nil || im.Status.Ready() }

// StatusOr returns the snapshot status as the server wrote it, or def
// when the image has none. An empty status is returned as "", which the
// caller may want to show as unknown.
func (im *Image) StatusOr(def string) string {
	if im.Status == nil {
		return def
	}
	return string(*im.Status)
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

// ListOptions selects one page. Zero values mean: the images endpoint,
// all types, page 1, and the client's default page size (100, the
// maximum).
type ListOptions struct {
	// Endpoint is where the page is read from; "" (as walks write it) or
	// EndpointImages means /images.
	Endpoint Endpoint
	// Type filters /images; "" means every type. The snapshots endpoint
	// takes no type and ignores it.
	Type    ImageType
	Page    int
	PerPage int
}

// Source is the listing these options page through.
func (o ListOptions) Source() Source { return Source{Endpoint: o.Endpoint, Type: o.Type}.norm() }

// Endpoint is one of the API's list endpoints, named by the last element
// of its path.
type Endpoint string

// The list endpoints. Both page the same way and both answer with images
// (ListImages converts the snapshots endpoint's entries).
const (
	EndpointImages    Endpoint = "images"    // GET /images?type=
	EndpointSnapshots Endpoint = "snapshots" // GET /snapshots
)

// Source is one paged listing: an endpoint and, for /images, the type
// asked for. Walks, Unions and errors name the listing by its Source.
// Sources compare equal when they name the same listing once normalised
// (see ListOptions.Source): /images is written with Endpoint "", the form
// requests have always had, and /snapshots without a type.
type Source struct {
	Endpoint Endpoint // "" or EndpointImages: /images
	Type     ImageType
}

// ImagesSource is the listing of /images for type t ("" for every type).
func ImagesSource(t ImageType) Source { return Source{Type: t} }

// SnapshotsSource is the listing of /snapshots.
var SnapshotsSource = Source{Endpoint: EndpointSnapshots}

// norm writes /images as "" and drops a type the endpoint does not take,
// so that equal listings compare equal.
func (s Source) norm() Source {
	switch s.Endpoint {
	case EndpointImages:
		s.Endpoint = ""
	case EndpointSnapshots:
		s.Type = ""
	}
	return s
}

// path is the last element of the endpoint's path.
func (s Source) path() string {
	if s.Endpoint == "" {
		return string(EndpointImages)
	}
	return string(s.Endpoint)
}

// String names the listing for messages: "snapshot images",
// "images" (all types), "the snapshots endpoint".
func (s Source) String() string {
	s = s.norm()
	if s.Endpoint != "" {
		return "the " + string(s.Endpoint) + " endpoint"
	}
	return typeLabel(s.Type)
}

// Options returns the request for page of this listing.
func (s Source) Options(page, perPage int) ListOptions {
	s = s.norm()
	return ListOptions{Endpoint: s.Endpoint, Type: s.Type, Page: page, PerPage: perPage}
}

// MaxPerPage is the largest page size the API accepts.
const MaxPerPage = 100
