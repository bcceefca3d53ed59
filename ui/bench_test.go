package ui

// Benchmarks of the root model at 1k, 10k and 100k images, each beside
// the same operation on the stock bubbles/v2 list holding the same items,
// with its default settings ("stock-default") and with its best ones
// ("stock-best": the Arabic paginator; its filter is already the fastest
// that still ranks). The numbers in the README come from these; see
// bench/compare.sh for the command.
//
// Every gcimg benchmark drives the real model through Update and renders
// with View, as the program does for each message; commands are run
// synchronously against an in-memory catalog, so what is measured is the
// UI, not a network. The stock list's filter runs in a command of its
// own: it is run here and its result fed back before View, which is what
// "the keystroke's results are on screen" means for it.

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/paginator"
	tea "charm.land/bubbletea/v2"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

var benchSizes = []int{1_000, 10_000, 100_000}

const (
	benchW, benchH = 120, 40
	benchSeed      = 1 // the seed bench/compare.sh's fzf lines use too
	benchPage      = 100
	benchQuery     = "ubun" // typed one character at a time
)

func sizeName(n int) string { return fmt.Sprintf("%dk", n/1000) }

// benchLister serves a catalog from memory, paged honestly, in the seed's
// shape: /images lists every image and /snapshots every snapshot again,
// with its status, size and source, as the snapshots endpoint does. With
// decode, every page goes through JSON as it does from the real API, so
// that the strings the model keeps are allocated the way they are in the
// program.
type benchLister struct {
	all    []api.Image
	byType map[api.ImageType][]api.Image
	snaps  []api.Image // what /snapshots lists; made when first asked for
	decode bool
}

func newBenchLister(imgs []api.Image) *benchLister {
	l := &benchLister{all: imgs, byType: make(map[api.ImageType][]api.Image)}
	for _, im := range imgs {
		l.byType[im.Type] = append(l.byType[im.Type], im)
	}
	return l
}

// snapshots is what /snapshots lists: every snapshot, with a status, a
// size and a source. Made on the first request for it, so that the
// benchmarks that never get that far do not carry it on the heap.
func (l *benchLister) snapshots() []api.Image {
	if l.snaps == nil {
		for _, s := range fakeapi.SnapshotsOf(l.all) {
			s.SourceInstanceID = &s.ID // any ID: as long as a real one
			l.snaps = append(l.snaps, s.Image())
		}
	}
	return l.snaps
}

func (l *benchLister) PerPage() int { return benchPage }

func (l *benchLister) ListImages(_ context.Context, o api.ListOptions) (*api.ListResponse, error) {
	src := l.all
	switch {
	case o.Endpoint == api.EndpointSnapshots:
		src = l.snapshots()
	case o.Type != "":
		src = l.byType[o.Type]
	}
	lo := min((o.Page-1)*o.PerPage, len(src))
	resp := &api.ListResponse{Images: src[lo:min(lo+o.PerPage, len(src))], TotalCount: len(src), Page: o.Page, PerPage: o.PerPage}
	if !l.decode {
		return resp, nil
	}
	b, err := json.Marshal(resp)
	if err != nil {
		return nil, err
	}
	var out api.ListResponse
	return &out, json.Unmarshal(b, &out)
}

// newBenchModel is the model as the program builds it, sized, without
// timers; set changes its options first.
func newBenchModel(l *benchLister, set ...func(*Options)) *Model {
	o := Options{Client: l, Now: func() time.Time { return time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC) }}
	for _, f := range set {
		f(&o)
	}
	m := New(context.Background(), o)
	m.animate = false
	_, cmd := m.Update(tea.WindowSizeMsg{Width: benchW, Height: benchH})
	benchRun(m, cmd, nil) // the first page, as on start
	return m
}

// benchRun runs cmd and what its messages lead to, feeding every message
// to the model, until nothing is left or stop says so. It returns the
// commands it did not run.
func benchRun(m *Model, cmd tea.Cmd, stop func() bool) []tea.Cmd {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 && (stop == nil || !stop()) {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case nextDueMsg:
			// The next-character index is built off the event loop,
			// between keystrokes; run here it would be timed as part of
			// one. The benchmarks measure every keystroke without it.
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
	return queue
}

// benchLoad pages tab t in until it holds n images or is complete.
func benchLoad(b testing.TB, m *Model, t catalog.Tab, n int) {
	f := m.tabs[t].feed
	enough := func() bool { return f.Loaded() >= n || f.Done() }
	var left []tea.Cmd // commands benchRun stopped before (a request in flight)
	for !enough() {
		cmd := m.fetch(t)
		if cmd == nil && len(left) == 0 {
			b.Fatalf("tab %v: no request to make at %d images", t, f.Loaded())
		}
		left = benchRun(m, tea.Batch(append(left, cmd)...), enough)
	}
}

// benchLoaded is a model whose All tab holds all n images, complete.
func benchLoaded(b *testing.B, n int) *Model {
	m := newBenchModel(newBenchLister(fakeapi.Generate(n, benchSeed)))
	benchLoad(b, m, catalog.TabAll, n+1)
	m.View()
	return m
}

// benchPress is one key press as the program handles it: Update, the
// commands it returns, and View.
func benchPress(m *Model, name string) {
	_, cmd := m.Update(keyMsg(name))
	benchRun(m, cmd, nil)
	m.View()
}

// The stock list, holding the same images.

type stockItem struct{ title, desc, filter string }

func (i stockItem) Title() string       { return i.title }
func (i stockItem) Description() string { return i.desc }
func (i stockItem) FilterValue() string { return i.filter }

// stockItems are the images as a stock list would show them: the same
// sanitised strings gcimg shows, and the same fields to filter on.
func stockItems(imgs []api.Image) []list.Item {
	in := catalog.NewInterner()
	items := make([]list.Item, len(imgs))
	for i, im := range imgs {
		e := catalog.NewEntry(im, i, in)
		items[i] = stockItem{
			title:  e.Name,
			desc:   strings.Join([]string{e.Type, e.Family, e.Slug, strings.Join(e.Regions, ",")}, " · "),
			filter: strings.Join([]string{e.Name, e.Slug, e.Family}, " "),
		}
	}
	return items
}

type stockVariant struct {
	name string
	best bool
}

var stockVariants = []stockVariant{{"stock-default", false}, {"stock-best", true}}

func newStock(items []list.Item, best bool) *list.Model {
	l := list.New(items, list.NewDefaultDelegate(), benchW, benchH)
	l.DisableQuitKeybindings() // v2.2.1 binds quit to "v" by accident
	if best {
		l.Paginator.Type = paginator.Arabic
	}
	l.View()
	return &l
}

// stockPress is one key press on the stock list until its result is on
// screen: when the key changes the filter, the filter command's result
// is waited for and applied before View. Other commands (the cursor's
// blink timer) are left to finish on their own.
func stockPress(l *list.Model, name string) {
	before := l.FilterInput.Value()
	var cmd tea.Cmd
	*l, cmd = l.Update(keyMsg(name))
	stockSettle(l, cmd, l.FilterState() == list.Filtering && l.FilterInput.Value() != before)
	l.View()
}

// stockCmds are the commands stockSettle started. Those it abandons (the
// cursor's blink timer) end within the blink interval; a benchmark waits
// for them, untimed, so that goleak does not report them as leaks.
var stockCmds sync.WaitGroup

func stockSettle(l *list.Model, cmd tea.Cmd, wantMatches bool) {
	if cmd == nil || !wantMatches {
		return
	}
	msgs := make(chan tea.Msg, 64) // abandoned commands never block
	launch := func(c tea.Cmd) {
		stockCmds.Add(1)
		go func() { defer stockCmds.Done(); msgs <- c() }()
	}
	launch(cmd)
	for {
		switch msg := (<-msgs).(type) {
		case tea.BatchMsg:
			for _, c := range msg {
				if c != nil {
					launch(c)
				}
			}
		case list.FilterMatchesMsg:
			*l, _ = l.Update(msg)
			return
		}
	}
}

// BenchmarkCursor is one cursor key, Update and View, with every image
// loaded: down, page down, and end. The cursor bounces between the ends
// of the list so each press moves it.
func BenchmarkCursor(b *testing.B) {
	moves := []struct{ name, fwd, back string }{
		{"down", "down", "up"},
		{"pgdown", "pgdown", "pgup"},
		{"end", "end", "home"},
	}
	for _, n := range benchSizes {
		imgs := fakeapi.Generate(n, benchSeed)
		items := stockItems(imgs)
		for _, mv := range moves {
			b.Run(fmt.Sprintf("%s/%s/gcimg", sizeName(n), mv.name), func(b *testing.B) {
				m := benchLoaded(b, n)
				bn := bounce{fwd: mv.fwd, back: mv.back}
				for b.Loop() {
					bn.press(m, n)
				}
			})
			for _, sv := range stockVariants {
				b.Run(fmt.Sprintf("%s/%s/%s", sizeName(n), mv.name, sv.name), func(b *testing.B) {
					l := newStock(items, sv.best)
					key, fwd := mv.fwd, true
					for b.Loop() {
						stockPress(l, key)
						at := l.Index()
						if fwd && at == n-1 || !fwd && at == 0 {
							fwd = !fwd
							key = map[bool]string{true: mv.fwd, false: mv.back}[fwd]
						}
					}
				})
			}
		}
	}
}

// BenchmarkFilter types benchQuery one character at a time into the
// filter, each keystroke until its results are on screen, then clears
// the filter. ns/op is the whole sequence; ms/key is the mean keystroke,
// ms/key-max the slowest of the four (mean over iterations), ms/clear
// the clearing.
func BenchmarkFilter(b *testing.B) {
	for _, n := range benchSizes {
		imgs := fakeapi.Generate(n, benchSeed)
		items := stockItems(imgs)
		b.Run(sizeName(n)+"/gcimg", func(b *testing.B) {
			m := benchLoaded(b, n)
			benchSteps(b, func(step int) {
				switch {
				case step < 0:
					benchPress(m, "/")
				case step < len(benchQuery):
					benchPress(m, benchQuery[step:step+1])
				default:
					benchPress(m, "esc")
				}
			})
			if m.query.Text != "" || m.cur().rows.Len() != n {
				b.Fatalf("the filter was not cleared")
			}
		})
		for _, sv := range stockVariants {
			b.Run(sizeName(n)+"/"+sv.name, func(b *testing.B) {
				l := newStock(items, sv.best)
				benchSteps(b, func(step int) {
					switch {
					case step < 0:
						stockPress(l, "/")
					case step < len(benchQuery):
						stockPress(l, benchQuery[step:step+1])
					default:
						stockPress(l, "esc")
					}
				})
				stockCmds.Wait()
				if l.FilterState() != list.Unfiltered || len(l.VisibleItems()) != n {
					b.Fatalf("the filter was not cleared")
				}
			})
		}
	}
}

// benchSteps times do(0..len(benchQuery)) (the keys, then the clear) in
// every iteration, after an untimed do(-1) that opens the filter.
func benchSteps(b *testing.B, do func(step int)) {
	steps := len(benchQuery) + 1
	spent := make([]time.Duration, steps)
	iters := 0
	for b.Loop() {
		b.StopTimer()
		do(-1)
		b.StartTimer()
		for s := range steps {
			t0 := time.Now()
			do(s)
			spent[s] += time.Since(t0)
		}
		iters++
	}
	var keys, worst time.Duration
	for _, d := range spent[:steps-1] {
		keys += d
		worst = max(worst, d)
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(iters) / 1e6 }
	b.ReportMetric(ms(keys)/float64(steps-1), "ms/key")
	b.ReportMetric(ms(worst), "ms/key-max")
	b.ReportMetric(ms(spent[steps-1]), "ms/clear")
}

// BenchmarkTabSwitch switches between the All tab and the Snapshots tab,
// both loaded. The stock list has no tabs: its counterpart keeps one
// list per tab and shows the other.
func BenchmarkTabSwitch(b *testing.B) {
	for _, n := range benchSizes {
		imgs := fakeapi.Generate(n, benchSeed)
		b.Run(sizeName(n)+"/gcimg", func(b *testing.B) {
			m := benchLoaded(b, n)
			benchLoad(b, m, catalog.TabSnapshot, n+1)
			// Pages for a tab that is not shown are taken in when it is
			// first shown; that happens here, before timing.
			benchPress(m, "5")
			benchPress(m, "1")
			for i := 0; b.Loop(); i++ {
				benchPress(m, []string{"5", "1"}[i%2])
			}
		})
		var snaps []api.Image
		for _, im := range imgs {
			if im.Type == api.TypeSnapshot {
				snaps = append(snaps, im)
			}
		}
		for _, sv := range stockVariants {
			b.Run(sizeName(n)+"/"+sv.name, func(b *testing.B) {
				tabs := []*list.Model{newStock(stockItems(imgs), sv.best), newStock(stockItems(snaps), sv.best)}
				for i := 0; b.Loop(); i++ {
					tabs[i%2].View()
				}
			})
		}
	}
}

// BenchmarkRegion changes the region through the picker: open it, move
// to the first region (or back to "All regions"), apply; View after each
// key. The stock list has no region filter: its counterpart filters the
// items itself and hands them over with SetItems.
func BenchmarkRegion(b *testing.B) {
	for _, n := range benchSizes {
		imgs := fakeapi.Generate(n, benchSeed)
		b.Run(sizeName(n)+"/gcimg", func(b *testing.B) {
			m := benchLoaded(b, n)
			for i := 0; b.Loop(); i++ {
				benchPress(m, "r")
				benchPress(m, []string{"down", "up"}[i%2])
				benchPress(m, "enter")
			}
		})
		items := stockItems(imgs)
		region := ""
		for _, r := range api.KnownRegions {
			for _, im := range imgs {
				if im.HasRegion(r) {
					region = r
					break
				}
			}
			if region != "" {
				break
			}
		}
		for _, sv := range stockVariants {
			b.Run(sizeName(n)+"/"+sv.name, func(b *testing.B) {
				l := newStock(items, sv.best)
				for i := 0; b.Loop(); i++ {
					shown := items
					if i%2 == 0 {
						shown = nil
						for k, im := range imgs {
							if im.HasRegion(region) {
								shown = append(shown, items[k])
							}
						}
					}
					l.SetItems(shown)
					l.View()
				}
			})
		}
	}
}

// BenchmarkAppend is one page of 100 arriving at a tab that holds n
// images: the reply's Update and the View after it. The cursor is at the
// top, as while a filtered tab completes in the background. Pages come
// from a pool of n/10 (at least 5 pages) past the first n, so the tab
// holds between n and 1.1n; when the pool runs dry the tab is rebuilt,
// untimed.
func BenchmarkAppend(b *testing.B) {
	for _, n := range benchSizes {
		pool := max(n/10, 5*benchPage)
		imgs := fakeapi.Generate(n+pool, benchSeed)
		b.Run(sizeName(n)+"/gcimg", func(b *testing.B) {
			benchPages(b, imgs, n, func(m *Model) bool { return m.cur().feed.Loaded()+benchPage > len(imgs) })
		})
		items := stockItems(imgs)
		for _, sv := range stockVariants {
			b.Run(sizeName(n)+"/"+sv.name, func(b *testing.B) {
				l := newStock(items[:n:n], sv.best)
				shown := n
				for b.Loop() {
					if shown+benchPage > len(items) {
						b.StopTimer()
						l = newStock(items[:n:n], sv.best)
						shown = n
						b.StartTimer()
					}
					shown += benchPage
					l.SetItems(items[:shown:shown])
					l.View()
				}
			})
		}
	}
}

// BenchmarkEnrich is one page of /snapshots arriving at the All tab once
// /images is complete (n images): 100 snapshots it has already, each
// merged with its status and size, then View. Pages come until
// /snapshots is done; then the tab is rebuilt, untimed.
func BenchmarkEnrich(b *testing.B) {
	for _, n := range benchSizes {
		imgs := fakeapi.Generate(n, benchSeed)
		b.Run(sizeName(n)+"/gcimg", func(b *testing.B) {
			// /images is whole at n: the pages are /snapshots'.
			benchPages(b, imgs, n, func(m *Model) bool { return m.cur().feed.Done() })
		})
	}
}

// benchPages times the All tab's next replies, each one's Update and the
// View after it, on a model whose All tab holds n of imgs. When out says
// the pages have run out, the tab is rebuilt, untimed.
func benchPages(b *testing.B, imgs []api.Image, n int, out func(*Model) bool) {
	var m *Model
	reset := func() {
		m = newBenchModel(newBenchLister(imgs))
		benchLoad(b, m, catalog.TabAll, n)
		m.View()
	}
	reset()
	for b.Loop() {
		if out(m) {
			b.StopTimer()
			reset()
			b.StartTimer()
		}
		// The reply is what the request returns; the request itself
		// (here an in-memory slice) is not the UI's cost.
		b.StopTimer()
		msg := benchReply(m)
		b.StartTimer()
		_, cmd := m.Update(msg)
		m.View()
		_ = cmd // a prefetch the next iteration makes itself
	}
}

// benchReply makes the All tab's next request and returns its reply.
func benchReply(m *Model) tea.Msg {
	cmd := m.fetch(catalog.TabAll)
	for cmd != nil {
		msg := cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			cmd = nil
			for _, c := range batch {
				if c != nil {
					cmd = c
					break
				}
			}
			continue
		}
		return msg
	}
	panic("no request to make")
}

// BenchmarkHeap reports the heap retained per image once n images are
// loaded into the All tab from JSON pages, as from the API, and shown:
// /images, then /snapshots, whose statuses, sizes and sources are merged
// into the snapshots /images listed. "typed" is also after a search typed
// and partly deleted, so that the results of every query typed are cached
// (catalog's queryCache, which bounds them) along with the scan's score
// table.
func BenchmarkHeap(b *testing.B) {
	for _, n := range benchSizes {
		for _, typed := range []bool{false, true} {
			name := sizeName(n) + "/gcimg"
			if typed {
				name += "-typed"
			}
			b.Run(name, func(b *testing.B) {
				l := newBenchLister(fakeapi.Generate(n, benchSeed))
				l.decode = true
				l.snapshots() // the server's, not the model's
				var perImage float64
				for b.Loop() {
					before := heapInUse()
					m := newBenchModel(l)
					benchLoad(b, m, catalog.TabAll, n+1)
					if typed {
						benchPress(m, "/")
						for _, k := range []string{"u", "b", "u", "n", "t", "u", " ", "2", "backspace", "backspace", "d", "e"} {
							benchPress(m, k)
						}
					}
					m.View()
					after := heapInUse()
					runtime.KeepAlive(m)
					perImage = float64(after-before) / float64(n)
				}
				b.ReportMetric(perImage, "B/image")
			})
		}
	}
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}
