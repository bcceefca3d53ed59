package api

import (
	"slices"
	"time"
)

// SnapshotStatus is the state of a snapshot as the snapshots endpoint
// reports it. It is an open string: a value not listed here is kept and
// shown as it is, and counts as not ready.
type SnapshotStatus string

// The snapshot statuses of the provider's current spec.
const (
	SnapshotCreated       SnapshotStatus = "created"
	SnapshotCreating      SnapshotStatus = "creating"
	SnapshotDeleting      SnapshotStatus = "deleting"
	SnapshotError         SnapshotStatus = "error"
	SnapshotPendingDelete SnapshotStatus = "pending_delete"
)

// KnownSnapshotStatuses lists the documented statuses, ready first.
var KnownSnapshotStatuses = []SnapshotStatus{SnapshotCreated, SnapshotCreating, SnapshotDeleting, SnapshotError, SnapshotPendingDelete}

// Ready reports whether an instance can be started from a snapshot in
// this state: only "created" can.
func (s SnapshotStatus) Ready() bool { return s == SnapshotCreated }

// Snapshot is one entry of GET /snapshots, the dedicated endpoint that
// describes snapshots in more detail than /images and also lists those
// /images leaves out (one still being created, one that failed). A
// snapshot's ID is what an instance takes as its image, like an image's.
//
// Decoding is lenient where one odd field must not hide a page: a size
// that is not a non-negative whole number of GiB is nil, a status that is
// not a string is "", and timestamps are as for Image. Unknown fields are
// ignored; nulls leave the zero value.
type Snapshot struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	OSType string `json:"os_type"`
	// Region is the one region the snapshot lives in.
	Region string `json:"region"`
	// Size is in GiB; nil when the server did not say.
	Size             *int64         `json:"size"`
	SourceInstanceID *string        `json:"source_instance_id"`
	SourceSnapshotID *string        `json:"source_snapshot_id"`
	Status           SnapshotStatus `json:"status"`
	CreatedAt        time.Time      `json:"created_at"`
	UpdatedAt        time.Time      `json:"updated_at"`
}

// SnapshotList is one page of GET /snapshots.
type SnapshotList struct {
	Snapshots  []Snapshot `json:"snapshots"`
	TotalCount int        `json:"total_count"`
	Page       int        `json:"page"`
	PerPage    int        `json:"per_page"`
}

// Image returns the snapshot as a catalog entry of type snapshot: its one
// region becomes Regions (empty, not nil, when it has none, so a region
// filter matches nothing rather than everything), family, slug and
// versions are nil as /images has them for snapshots, and Status, SizeGiB
// and the source IDs are set. Status is always set, to "" when the server
// gave none, so the entry reads as not ready. The result shares nothing
// with s.
func (s *Snapshot) Image() Image {
	im := Image{
		ID:               s.ID,
		Name:             s.Name,
		Type:             TypeSnapshot,
		OSType:           s.OSType,
		Regions:          []string{},
		CreatedAt:        s.CreatedAt,
		UpdatedAt:        s.UpdatedAt,
		Status:           ptrTo(s.Status),
		SizeGiB:          clonePtr(s.Size),
		SourceInstanceID: clonePtr(s.SourceInstanceID),
		SourceSnapshotID: clonePtr(s.SourceSnapshotID),
	}
	if s.Region != "" {
		im.Regions = []string{s.Region}
	}
	return im
}

// images converts a page of snapshots into a page of images, keeping the
// paging facts, so one Walk serves both endpoints.
func (l *SnapshotList) images() *ListResponse {
	out := &ListResponse{Images: make([]Image, len(l.Snapshots)), TotalCount: l.TotalCount, Page: l.Page, PerPage: l.PerPage}
	for i := range l.Snapshots {
		out.Images[i] = l.Snapshots[i].Image()
	}
	return out
}

// Merge combines two entries for one ID from different listings: one
// from /images and one from the snapshots endpoint (the one with a
// Status). The snapshots endpoint's entry supplies Status, SizeGiB and
// the source IDs; the /images entry supplies the rest (name, type,
// family, slug, os_type, versions, regions, dates) wherever it has them,
// and the other entry fills in what it lacks. So the result does not
// depend on which entry arrived first. When both or neither carry a
// Status, a supplies the rest, and b's snapshot details win where set.
//
// changed reports whether the result differs from a, so a caller holding
// a on screen knows whether there is anything to update. The result may
// share pointers and slices with a and b; none of them is modified.
func Merge(a, b Image) (merged Image, changed bool) {
	base, detail := a, b
	if a.Status != nil && b.Status == nil {
		base, detail = b, a
	}
	m := base
	if m.Name == "" {
		m.Name = detail.Name
	}
	if m.Type == "" {
		m.Type = detail.Type
	}
	m.Family = orPtr(m.Family, detail.Family)
	m.Slug = orPtr(m.Slug, detail.Slug)
	if m.OSType == "" {
		m.OSType = detail.OSType
	}
	if m.Versions == nil {
		m.Versions = detail.Versions
	}
	if len(m.Regions) == 0 && len(detail.Regions) > 0 {
		m.Regions = detail.Regions
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = detail.CreatedAt
	}
	if m.UpdatedAt.IsZero() {
		m.UpdatedAt = detail.UpdatedAt
	}
	m.Status = orPtr(detail.Status, base.Status)
	m.SizeGiB = orPtr(detail.SizeGiB, base.SizeGiB)
	m.SourceInstanceID = orPtr(detail.SourceInstanceID, base.SourceInstanceID)
	m.SourceSnapshotID = orPtr(detail.SourceSnapshotID, base.SourceSnapshotID)
	return m, !sameImage(&a, &m)
}

// sameImage reports whether two images would show and encode the same.
func sameImage(a, b *Image) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Type == b.Type && a.OSType == b.OSType &&
		samePtr(a.Family, b.Family) && samePtr(a.Slug, b.Slug) &&
		(a.Versions == nil) == (b.Versions == nil) && slices.Equal(a.Versions, b.Versions) &&
		(a.Regions == nil) == (b.Regions == nil) && slices.Equal(a.Regions, b.Regions) &&
		a.CreatedAt.Equal(b.CreatedAt) && a.UpdatedAt.Equal(b.UpdatedAt) &&
		samePtr(a.Status, b.Status) && samePtr(a.SizeGiB, b.SizeGiB) &&
		samePtr(a.SourceInstanceID, b.SourceInstanceID) && samePtr(a.SourceSnapshotID, b.SourceSnapshotID)
}

func samePtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// orPtr returns p, or q when p is nil.
func orPtr[T any](p, q *T) *T {
	if p != nil {
		return p
	}
	return q
}

func ptrTo[T any](v T) *T { return &v }

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	return ptrTo(*p)
}
