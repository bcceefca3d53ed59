package catalog

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

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
					rows = len(apply(es, bq.q))
				}
				b.ReportMetric(float64(rows), "rows")
			})
		}
	}
}

// BenchmarkRegionCounts is opening the region picker on a tab whose rows
// are the query's matches, as the UI does.
func BenchmarkRegionCounts(b *testing.B) {
	es := benchEntries(100_000)
	for _, text := range []string{"", "ubu"} {
		b.Run(fmt.Sprintf("100k/%q", text), func(b *testing.B) {
			v := NewResults()
			v.Update(es, Query{Text: text})
			for b.Loop() {
				v.RegionCounts(es, Query{Text: text})
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

// BenchmarkResultsType is the catalog's part of typing a query one character
// at a time and then clearing it: each step is one keystroke's Update
// plus reading a screenful of rows (which works out their highlights).
func BenchmarkResultsType(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		es := benchEntries(n)
		for _, query := range []string{"ubun", "snap", "deb1"} {
			b.Run(fmt.Sprintf("%dk/%s", n/1000, query), func(b *testing.B) {
				v := NewResults()
				v.Update(es, Query{})
				steps := 0
				for b.Loop() {
					for i := 1; i <= len(query); i++ {
						v.Update(es, Query{Text: query[:i]})
						readScreen(v)
						steps++
					}
					v.Update(es, Query{})
					readScreen(v)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(steps)/1e6, "ms/key")
			})
		}
	}
}

// BenchmarkResultsAppend is a page of 100 arriving at a tab that holds n, for
// no query and for a text query (which matches and inserts the page).
func BenchmarkResultsAppend(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		imgs := fakeapi.Generate(n+100*1000, 1)
		for _, q := range []Query{{}, {Text: "ubu"}} {
			b.Run(fmt.Sprintf("%dk/%q", n/1000, q.Text), func(b *testing.B) {
				in := NewInterner()
				es := make([]*Entry, 0, len(imgs))
				for i := range n {
					es = append(es, NewEntry(imgs[i], i, in))
				}
				v := NewResults()
				v.Update(es, q)
				for b.Loop() {
					b.StopTimer()
					if len(es)+100 > len(imgs) {
						es = es[:n:n]
						v = NewResults()
						v.Update(es, q)
					}
					for range 100 {
						es = append(es, NewEntry(imgs[len(es)], len(es), in))
					}
					b.StartTimer()
					v.Update(es, q)
					readScreen(v)
				}
			})
		}
	}
}

// readScreen reads the rows a 40-line screen shows, as the list does,
// which works out their highlights.
func readScreen(v *Results) {
	for i := range min(40, v.Len()) {
		v.At(i)
	}
}

// BenchmarkNextIndex is the next-character index at 100k entries:
// building it for a query (off the UI's event loop) and its size, and
// the next keystroke, answered by it, beside the same keystroke without
// it (a rescan of the query's matches). Each query is typed a key at a
// time, as a user would, before the timed one.
func BenchmarkNextIndex(b *testing.B) {
	es := benchEntries(100_000)
	typeUpTo := func(v *Results, text string) {
		v.Update(es, Query{}) // a new search, not one the cache holds; drops the index
		for i := 1; i <= len(text); i++ {
			v.Update(es, Query{Text: text[:i]})
		}
	}
	for _, q := range []string{"ub", "de", "ro", "ubu", "deb", "roc", "ubun", "rock"} {
		prefix := q[:len(q)-1]
		b.Run("build/"+prefix, func(b *testing.B) {
			v := NewResults()
			typeUpTo(v, prefix)
			for b.Loop() {
				v.next = nil
				v.SetNext(v.NextWork()(context.Background()))
			}
			// What the index holds, over the whole catalog: a Seq and a
			// score per next character for each entry it keeps.
			held := len(v.next.seqs) * (4 + 2*len(firstChars))
			b.ReportMetric(float64(held)/float64(len(es)), "B/image")
		})
		for _, indexed := range []bool{true, false} {
			name := "rescan/" + q
			if indexed {
				name = "indexed/" + q
			}
			b.Run(name, func(b *testing.B) {
				v := NewResults()
				typeUpTo(v, prefix)
				var x *NextIndex
				if indexed {
					x = v.NextWork()(context.Background())
				}
				for b.Loop() {
					b.StopTimer()
					typeUpTo(v, prefix)
					v.SetNext(x)
					if indexed != (v.next != nil) {
						b.Fatalf("index kept %v, want %v", v.next != nil, indexed)
					}
					b.StartTimer()
					v.Update(es, Query{Text: q})
				}
			})
		}
	}
}

// BenchmarkNextIndexOneCPU is how late the event loop gets to run on a
// machine of one CPU while a next-character index is being built: a
// timer of 0.1 ms set during the build, as a keystroke's arrival would
// be, fires ms/late after it was set. The build yields between blocks of
// entries; without that the timer waited for the build to be preempted,
// 6–22 ms later.
func BenchmarkNextIndexOneCPU(b *testing.B) {
	es := benchEntries(100_000)
	v := NewResults()
	v.Update(es, Query{Text: "u"})
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var late time.Duration
	for b.Loop() {
		work := v.NextWork()
		done := make(chan struct{})
		go func() {
			defer close(done)
			work(context.Background())
		}()
		time.Sleep(time.Millisecond) // the build is under way
		start := time.Now()
		time.Sleep(100 * time.Microsecond)
		late += time.Since(start)
		<-done
	}
	b.ReportMetric(float64(late.Microseconds())/1000/float64(b.N), "ms/late")
}
