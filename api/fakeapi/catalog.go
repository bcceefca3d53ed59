package fakeapi

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
)

// catalogJSON holds the demo catalog's public images, written by hand to
// look like the provider's: the four images of the provider's own example
// response (with their IDs), older base-os and preconfigured images without
// slug or versions, cloud images with several versions, both OS types and
// the retired ARC-IS-HAF-1 region.
//
//go:embed catalog.json
var catalogJSON []byte

// The demo's snapshots are generated rather than stored: a few hundred
// entries of free-form names would bury the public images in catalog.json.
// A fixed seed and splitmix64 keep them identical on every run and machine.
const (
	demoSeed      = 0x6763696d67 // "gcimg"
	demoSnapshots = 330
)

// handmadeSnapshots are names users really type, kept verbatim so the demo
// shows the awkward cases: dates in names, spaces, non-ASCII, an emoji,
// very long names. at, when set, is the day the snapshot was taken, so a
// date in the name agrees with created_at.
var handmadeSnapshots = []struct {
	name, at, osType string
}{
	{name: "train-run-42 before upgrade"},
	{name: "jupyter-gpu-2025-03-01", at: "2025-03-01"},
	{name: "prod-db-backup"},
	{name: "prod-db-backup", at: "2023-02-14"},
	{name: "学習サーバー backup", at: "2024-09-12"},
	{name: "推論テスト v2"},
	{name: "🚀 launch-day snapshot", at: "2025-06-17"},
	{name: "sd-webui 🎨 working config", at: "2023-03-09"},
	{name: "final-final-v3 (really final)"},
	{name: "llama-3-70b-instruct-qlora-finetune-customer-support-dataset-v7-before-switching-to-deepspeed-zero3", at: "2024-08-05"},
	{name: "Copy of ubuntu-22.04 with drivers + conda + my dotfiles, please do not delete this one, it took two days to set up"},
	{name: "test"},
	{name: "test2"},
	{name: "asdf"},
	{name: "backup"},
	{name: "backup (1)"},
	{name: "before kernel update"},
	{name: "windows-render-node-golden", osType: api.OSWindows},
	{name: "Windows Server 2022 + Blender 4.1", at: "2024-05-02", osType: api.OSWindows},
	{name: "win2019 3dsmax license server", at: "2021-06-30", osType: api.OSWindows},
	{name: "ComfyUI + SDXL models (120 GB)", at: "2024-02-19"},
	{name: "whisper-large-v3 server", at: "2024-01-08"},
	{name: "minecraft-server-2023-12-24", at: "2023-12-24"},
	{name: "thesis-experiments-do-not-touch"},
	{name: "ollama llama3.1 8b/70b", at: "2024-07-29"},
	{name: "kaggle-comp-env"},
	{name: "Ömer's dev box"},
	{name: "rag-demo@customer-x"},
	{name: "gpu-node-07 20240611", at: "2024-06-11"},
	{name: "sandbox"},
	{name: "  leading and trailing spaces  "},
	{name: "old-haf-cluster-node-1", at: "2020-08-19"},
	{name: "old-haf-cluster-node-2", at: "2020-08-19"},
	{name: "cuda 11.8 + torch 2.0 (works!!)", at: "2023-04-03"},
	{name: "pre-migration-to-MUC", at: "2022-11-28"},
	{name: "Grafana/Prometheus monitoring stack"},
	{name: "a"},
	{name: "snapshot"},
	{name: "データ前処理 pipeline"},
	{name: "new-year-2026 clean state", at: "2026-01-01"},
}

// demoCatalog builds the demo catalog once; DemoCatalog hands out copies.
var demoCatalog = sync.OnceValue(func() []api.Image {
	var public []api.Image
	if err := json.Unmarshal(catalogJSON, &public); err != nil {
		panic(fmt.Sprintf("fakeapi: embedded catalog.json: %v", err))
	}
	g := newGenerator(demoSeed, public)
	snaps := make([]api.Image, 0, demoSnapshots)
	for _, h := range handmadeSnapshots {
		created := g.created()
		if h.at != "" {
			day, err := time.Parse(time.DateOnly, h.at)
			if err != nil {
				panic(fmt.Sprintf("fakeapi: snapshot %q: %v", h.name, err))
			}
			created = g.between(day.Add(8*time.Hour), day.Add(23*time.Hour))
		}
		osType := h.osType
		if osType == "" {
			osType = api.OSLinux
		}
		snaps = append(snaps, g.snapshot(h.name, created, osType))
	}
	for len(snaps) < demoSnapshots {
		created := g.created()
		osType := api.OSLinux
		if g.r.percent(3) {
			osType = api.OSWindows
		}
		snaps = append(snaps, g.snapshot(g.snapshotName(created), created, osType))
	}
	// Snapshots are listed oldest first after the public images, as a
	// catalog that grows by appending would list them.
	sort.SliceStable(snaps, func(i, j int) bool {
		return snaps[i].CreatedAt.Before(snaps[j].CreatedAt)
	})
	return append(public, snaps...)
})

// DemoCatalog returns the demo catalog: about sixty public images of the
// three public types followed by a few hundred snapshots. Every call
// returns a fresh deep copy, so callers may modify it.
func DemoCatalog() []api.Image {
	return cloneImages(demoCatalog())
}

// cloneImages deep-copies images so that no pointer or slice is shared.
// Nil stays nil and empty stays empty: the distinction is visible in JSON.
func cloneImages(src []api.Image) []api.Image {
	out := make([]api.Image, len(src))
	for i, im := range src {
		if im.Family != nil {
			im.Family = ptr(*im.Family)
		}
		if im.Slug != nil {
			im.Slug = ptr(*im.Slug)
		}
		im.Versions = slices.Clone(im.Versions) // keeps nil nil and empty empty
		im.Regions = slices.Clone(im.Regions)
		im.Status = clonePtr(im.Status)
		im.SizeGiB = clonePtr(im.SizeGiB)
		im.SourceInstanceID = clonePtr(im.SourceInstanceID)
		im.SourceSnapshotID = clonePtr(im.SourceSnapshotID)
		out[i] = im
	}
	return out
}
