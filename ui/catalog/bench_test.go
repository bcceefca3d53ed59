package catalog

import (
	"fmt"
	"testing"

	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// benchEntries turns a generated catalog into entries, as a feed would.
func benchEntries(n int) []*Entry {
	in := NewInterner()
	imgs := fakeapi.Generate(n, 1)
	es := make([]*Entry, len(imgs))
	for i, im := range imgs {
		es[i] = NewEntry(im, i, in)
	}
	return es
}

// BenchmarkApply measures one keystroke's worth of filtering and sorting.
func BenchmarkApply(b *testing.B) {
	queries := []struct {
		name string
		q    Query
	}{
		{"none", Query{}},
		{"region", Query{Region: "NORD-NO-KRS-1"}},
		{"text-1", Query{Text: "u"}},
		{"text-2", Query{Text: "ub"}},
		{"text-3", Query{Text: "ubu"}},
		{"text-4", Query{Text: "ubun"}},
		{"text-4-created", Query{Text: "snap", Sort: SortCreated}},
		{"text-2-region", Query{Text: "de", Region: "EUC-DE-MUC-1"}},
	}
	for _, n := range []int{10_000, 100_000} {
		es := benchEntries(n)
		for _, bq := range queries {
			b.Run(fmt.Sprintf("%dk/%s", n/1000, bq.name), func(b *testing.B) {
				rows := 0
				for b.Loop() {
					rows = len(Apply(es, bq.q))
				}
				b.ReportMetric(float64(rows), "rows")
			})
		}
	}
}

func BenchmarkRegionCounts(b *testing.B) {
	es := benchEntries(100_000)
	for _, text := range []string{"", "ubu"} {
		b.Run(fmt.Sprintf("100k/%q", text), func(b *testing.B) {
			for b.Loop() {
				RegionCounts(es, Query{Text: text})
			}
		})
	}
}

func BenchmarkNewEntry(b *testing.B) {
	imgs := fakeapi.Generate(1000, 1)
	in := NewInterner()
	for b.Loop() {
		for i, im := range imgs {
			NewEntry(im, i, in)
		}
	}
}
