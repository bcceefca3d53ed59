package main

import (
	"fmt"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// catalog is what the fake API serves: /images and /snapshots, which
// overlap as the API notes say they do. Most snapshots are at both
// endpoints, one in fifty only at /images (its /snapshots entry not yet
// there), and a few only at /snapshots (being created, failed, on their
// way out), so that only a client that merges both listings by ID shows
// every image exactly once.
type catalog struct {
	images    []api.Image
	snapshots []api.Snapshot
}

// onlyAtSnapshots is how many snapshots /images does not list.
const onlyAtSnapshots = 8

func newCatalog(n int, seed int64) catalog {
	images := fakeapi.Generate(n, seed)
	var snaps []api.Snapshot
	for i, s := range fakeapi.SnapshotsOf(images) {
		if i%50 != 7 {
			snaps = append(snaps, s)
		}
	}
	statuses := []api.SnapshotStatus{api.SnapshotCreating, api.SnapshotError, api.SnapshotCreated, api.SnapshotPendingDelete}
	at := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for i := range onlyAtSnapshots {
		size := int64(40 * (i + 1))
		snaps = append(snaps, api.Snapshot{
			ID:     fmt.Sprintf("50a50a50-0000-4000-8000-%012d", i+1),
			Name:   fmt.Sprintf("soak snapshot %d only at /snapshots", i+1),
			OSType: api.OSLinux, Region: "NORD-NO-KRS-1", Size: &size,
			Status:    statuses[i%len(statuses)],
			CreatedAt: at.Add(time.Duration(i) * time.Minute), UpdatedAt: at.Add(time.Duration(i) * time.Minute),
		})
	}
	return catalog{images: images, snapshots: snaps}
}

// tabWant is what a tab must show once every listing has been read
// without a fault: its number of images, or the calm note that the API
// has no images of its type.
type tabWant struct {
	title    string
	count    int
	rejected bool
}

func (w tabWant) String() string {
	if w.rejected {
		return w.title + ": none on this API"
	}
	return fmt.Sprintf("%s: %d", w.title, w.count)
}

// want is what each tab (in the order of keys 1 to 5) must show against
// a server of generation gen holding c: the distinct IDs of the listings
// the tab reads. Today's /images has cloud-image only and refuses the
// other types; snapshots are then only at /snapshots.
func (c catalog) want(gen fakeapi.Generation) [5]tabWant {
	served := c.images
	if gen == fakeapi.Today {
		served = nil
		for _, im := range c.images {
			if im.Type == api.TypeCloudImage {
				served = append(served, im)
			}
		}
	}
	all, snaps := map[string]bool{}, map[string]bool{}
	byType := map[api.ImageType]int{}
	for _, im := range served {
		all[im.ID] = true
		byType[im.Type]++
		if im.Type == api.TypeSnapshot {
			snaps[im.ID] = true
		}
	}
	for _, s := range c.snapshots {
		all[s.ID], snaps[s.ID] = true, true
	}
	today := gen == fakeapi.Today
	return [5]tabWant{
		{title: "All", count: len(all)},
		{title: "Base OS", count: byType[api.TypeBaseOS], rejected: today},
		{title: "Cloud images", count: byType[api.TypeCloudImage]},
		{title: "Preconfigured", count: byType[api.TypePreconfigured], rejected: today},
		{title: "Snapshots", count: len(snaps)},
	}
}
