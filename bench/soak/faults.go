package main

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/genesiscloud-tools/gcimg/api/fakeapi"
)

// A fault period is a few seconds in which the fake API misbehaves in one
// way (or two at once), or behaves: the schedule changes the fault set
// with Server.SetFaults every few seconds, so that faults start and stop
// while requests, retries, reloads and filters are under way.
type faultPeriod struct {
	kinds  []string // what was injected; none for a quiet period
	faults fakeapi.Faults
	length time.Duration
}

// The kinds of fault. Each is a way the API notes (or a network) say a
// server can fail; the soak run throws them at random.
const (
	kQuiet      = "quiet"
	kRateLimit  = "429 + Retry-After"
	kFailOnce   = "5xx once"
	kFailPages  = "5xx until the period ends"
	kHTML       = "HTML error page"
	kTruncated  = "truncated body"
	kMalformed  = "malformed JSON"
	kCut        = "connection cut mid-body"
	kReset      = "connection reset"
	kSlow       = "slow reply"
	kTimeout    = "slower than --timeout"
	kStall      = "body stalls"
	kDuplicates = "duplicates across pages"
	kTotalLies  = "wrong total_count"
	kIgnorePage = "page ignored"
	kEndpoint   = "endpoint down"
)

// faultKinds weighs the kinds: mostly the (429s, 5xx, truncated
// bodies, slow replies, resets), a quiet period about one time in four,
// and now and then a server that lies about its paging.
var faultKinds = []struct {
	kind   string
	weight int
}{
	{kQuiet, 25}, {kRateLimit, 10}, {kFailOnce, 10}, {kFailPages, 5}, {kHTML, 5},
	{kTruncated, 8}, {kMalformed, 5}, {kCut, 6}, {kReset, 8},
	{kSlow, 8}, {kTimeout, 3}, {kStall, 5},
	{kDuplicates, 1}, {kTotalLies, 1}, {kIgnorePage, 1}, {kEndpoint, 2},
}

// faultPlan draws fault periods. maxPage is the last page a listing has
// (at 100 a page), so that page faults hit pages that exist; timeout is
// gcimg's --timeout.
type faultPlan struct {
	rng     *rand.Rand
	maxPage int
	timeout time.Duration
}

// next draws the next period: 2 to 8 s of one kind, or of two kinds at
// once one time in five.
func (p *faultPlan) next() faultPeriod {
	fp := faultPeriod{length: time.Duration(2000+p.rng.IntN(6000)) * time.Millisecond}
	first := p.pick()
	if first == kQuiet {
		return fp
	}
	kinds := []string{first}
	if p.rng.IntN(5) == 0 {
		if second := p.pick(); second != kQuiet && second != first {
			kinds = append(kinds, second)
		}
	}
	for _, k := range kinds {
		p.add(&fp.faults, k)
	}
	fp.kinds = kinds
	return fp
}

func (p *faultPlan) pick() string {
	total := 0
	for _, k := range faultKinds {
		total += k.weight
	}
	r := p.rng.IntN(total)
	for _, k := range faultKinds {
		if r < k.weight {
			return k.kind
		}
		r -= k.weight
	}
	panic("unreachable")
}

// pages draws up to n distinct pages.
func (p *faultPlan) pages(n int) []int {
	var out []int
	for range n {
		out = append(out, 1+p.rng.IntN(p.maxPage))
	}
	return out
}

func (p *faultPlan) oneOf(xs ...int) int { return xs[p.rng.IntN(len(xs))] }

// times is how many responses a listing fault shapes: a few, or (0) all
// of them until the period ends.
func (p *faultPlan) times() int { return p.oneOf(0, 1, 2, 3, 5) }

// add sets kind k in f.
func (p *faultPlan) add(f *fakeapi.Faults, k string) {
	switch k {
	case kRateLimit:
		f.RateLimit = 1 + p.rng.IntN(8)
		f.RetryAfter = fmt.Sprint(p.oneOf(0, 1, 1, 2))
	case kFailOnce:
		f.FailOnce = map[int]int{}
		for _, pg := range p.pages(1 + p.rng.IntN(4)) {
			f.FailOnce[pg] = p.oneOf(500, 502, 503, 504)
		}
	case kFailPages:
		f.FailPages = map[int]int{}
		for _, pg := range p.pages(1 + p.rng.IntN(2)) {
			f.FailPages[pg] = p.oneOf(500, 503)
		}
	case kHTML:
		f.HTMLError, f.HostileErrors = p.oneOf(502, 503, 504), p.rng.IntN(2) == 0
		f.Times = max(f.Times, 1+p.rng.IntN(4))
	case kTruncated:
		f.TruncateOnce = p.pages(1 + p.rng.IntN(4))
	case kMalformed:
		f.MalformedJSON, f.Times = true, max(f.Times, p.times())
	case kCut:
		f.CutMidBody, f.Times = true, max(f.Times, p.times())
	case kReset:
		f.Reset, f.Times = true, max(f.Times, p.times())
	case kSlow:
		f.Delay = time.Duration(200+p.rng.IntN(2800)) * time.Millisecond
	case kTimeout:
		f.Delay, f.Times = p.timeout+2*time.Second, max(f.Times, 1+p.rng.IntN(2))
	case kStall:
		f.StallBody, f.Times = time.Duration(500+p.rng.IntN(2500))*time.Millisecond, max(f.Times, p.times())
	case kDuplicates:
		f.DuplicateAcrossPages = true
	case kTotalLies:
		f.TotalCountDelta = p.oneOf(-150, -30, 7, 250)
	case kIgnorePage:
		f.IgnorePage = true
	case kEndpoint:
		f.FailEndpoints = map[string]int{[]string{"images", "snapshots"}[p.rng.IntN(2)]: p.oneOf(404, 503)}
	}
}

// faultLog sums up the periods run.
type faultLog struct {
	periods int
	faulted time.Duration
	quiet   time.Duration
	byKind  map[string]int
}

func (l *faultLog) add(fp faultPeriod, ran time.Duration) {
	if l.byKind == nil {
		l.byKind = map[string]int{}
	}
	l.periods++
	if len(fp.kinds) == 0 {
		l.quiet += ran
		l.byKind[kQuiet]++
		return
	}
	l.faulted += ran
	for _, k := range fp.kinds {
		l.byKind[k]++
	}
}

// String is "143 periods, 71% of the time faulted: quiet ×35, 429 +
// Retry-After ×20, …", kinds by how often they ran.
func (l faultLog) String() string {
	kinds := make([]string, 0, len(l.byKind))
	for k := range l.byKind {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool {
		if l.byKind[kinds[i]] != l.byKind[kinds[j]] {
			return l.byKind[kinds[i]] > l.byKind[kinds[j]]
		}
		return kinds[i] < kinds[j]
	})
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%s ×%d", k, l.byKind[k])
	}
	pct := 0.0
	if total := l.faulted + l.quiet; total > 0 {
		pct = 100 * float64(l.faulted) / float64(total)
	}
	return fmt.Sprintf("%d periods of 2–8 s, faulted %.0f%% of the time: %s", l.periods, pct, strings.Join(parts, ", "))
}
