package fakeapi

import (
	"hash/fnv"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
)

// snapshotSeed drives the details of the demo's snapshots (status, size,
// source). It is its own rng, separate from demoSeed, so that the demo's
// /images listing stays exactly what it was before /snapshots existed:
// screenshots and goldens depend on it.
const snapshotSeed = 0x736e617073 // "snaps"

// sizesGiB are the disk sizes snapshots are taken of.
var sizesGiB = []int64{20, 40, 50, 80, 80, 100, 100, 120, 160, 200, 250, 320, 500, 1000}

// onlyAtSnapshots are the demo's snapshots that /images does not list,
// as the API notes say happens: ones still being created, ones that
// failed, one just finished that the images list has not caught up with,
// and one on its way out.
var onlyAtSnapshots = []struct {
	name   string
	at     string
	status api.SnapshotStatus
	osType string
}{
	{name: "nightly-backup 2026-10-30", at: "2026-10-30T23:50:00Z", status: api.SnapshotCreating},
	{name: "llama3-ft before dist-upgrade", at: "2026-10-30T17:12:09Z", status: api.SnapshotCreating},
	{name: "render-node golden (win)", at: "2026-10-29T08:03:44Z", status: api.SnapshotCreating, osType: api.OSWindows},
	{name: "ComfyUI + SDXL after migration", at: "2026-10-27T11:40:00Z", status: api.SnapshotCreated},
	{name: "prod-db-backup 2026-09-01", at: "2026-09-01T02:00:00Z", status: api.SnapshotError},
	{name: "disk full (do not use)", at: "2025-12-24T19:22:31Z", status: api.SnapshotError},
	{name: "thesis-experiments old copy", at: "2023-05-02T14:00:00Z", status: api.SnapshotPendingDelete},
}

// demoSnapshotList builds the demo's /snapshots listing once.
var demoSnapshotList = sync.OnceValue(func() []api.Snapshot {
	images := demoCatalog()
	g := newGenerator(snapshotSeed, images) // IDs collide with no image
	r := &g.r
	var out []api.Snapshot
	for i := range images {
		im := &images[i]
		if im.Type != api.TypeSnapshot {
			continue
		}
		s := snapshotOf(im)
		s.Size = ptr(pick(r, sizesGiB))
		switch roll := r.intn(100); {
		case roll < 2:
			s.Status = api.SnapshotDeleting
		case roll < 4:
			s.Status = api.SnapshotPendingDelete
		}
		switch {
		case len(out) > 0 && r.percent(6):
			// A copy of an earlier snapshot, taken without an instance.
			s.SourceSnapshotID = ptr(pick(r, out).ID)
		case r.percent(92):
			s.SourceInstanceID = ptr(g.id())
		}
		out = append(out, s)
	}
	for _, x := range onlyAtSnapshots {
		at, err := time.Parse(time.RFC3339, x.at)
		if err != nil {
			panic("fakeapi: " + x.name + ": " + err.Error())
		}
		osType := x.osType
		if osType == "" {
			osType = api.OSLinux
		}
		s := api.Snapshot{
			ID: g.id(), Name: x.name, OSType: osType, Region: g.regions(at, 1)[0],
			Size: ptr(pick(r, sizesGiB)), SourceInstanceID: ptr(g.id()), Status: x.status,
			CreatedAt: at, UpdatedAt: at.Add(time.Duration(1+r.intn(600)) * time.Second),
		}
		if x.status == api.SnapshotCreating {
			s.Size = nil // not known until the copy is done
		}
		out = append(out, s)
	}
	// Oldest first, as /images lists them, so the two listings agree on
	// the order of the snapshots they share.
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.Before(out[j].CreatedAt) })
	return out
})

// DemoSnapshots returns the demo's /snapshots listing: every snapshot of
// DemoCatalog, most created, a few being deleted, with sizes and sources,
// plus a few that only this endpoint lists (being created, failed, just
// finished, pending deletion). Every status of the current spec appears.
// Every call returns a fresh deep copy.
func DemoSnapshots() []api.Snapshot {
	return cloneSnapshots(demoSnapshotList())
}

// SnapshotsOf returns what /snapshots lists on a seed server whose two
// endpoints agree about images: one created snapshot for each image of
// type snapshot, in order, with its first region and a size derived from
// its ID (so the same images always give the same sizes). It is the
// default Options.Snapshots for a catalog given in Options.Images.
func SnapshotsOf(images []api.Image) []api.Snapshot {
	out := []api.Snapshot{}
	for i := range images {
		if images[i].Type != api.TypeSnapshot {
			continue
		}
		s := snapshotOf(&images[i])
		h := fnv.New64a()
		h.Write([]byte(s.ID))
		s.Size = ptr(sizesGiB[h.Sum64()%uint64(len(sizesGiB))])
		out = append(out, s)
	}
	return out
}

// snapshotOf is the snapshots endpoint's view of a snapshot image,
// created, without size or source.
func snapshotOf(im *api.Image) api.Snapshot {
	s := api.Snapshot{
		ID: im.ID, Name: im.Name, OSType: im.OSType, Status: api.SnapshotCreated,
		CreatedAt: im.CreatedAt, UpdatedAt: im.UpdatedAt,
	}
	if len(im.Regions) > 0 {
		s.Region = im.Regions[0]
	}
	return s
}

// cloneSnapshots deep-copies snapshots so that no pointer is shared.
func cloneSnapshots(src []api.Snapshot) []api.Snapshot {
	out := slices.Clone(src)
	for i := range out {
		out[i].Size = clonePtr(out[i].Size)
		out[i].SourceInstanceID = clonePtr(out[i].SourceInstanceID)
		out[i].SourceSnapshotID = clonePtr(out[i].SourceSnapshotID)
	}
	return out
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	return ptr(*p)
}
