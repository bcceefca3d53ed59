// Command report turns the output of bench/compare.sh's runs (`go test
// -bench` text and fzf timings) into the markdown tables of the README's
// Performance section, with medians over the runs, the ratios the issue
// asks for, and whether each target holds.
//
//	go run ./bench/report -fzf fzf.tsv ui.txt api.txt
//
// The fzf file has one line per run: size, query, milliseconds, tab
// separated.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// results holds every value seen for a benchmark and unit.
type results map[string]map[string][]float64

func (r results) add(name, unit string, v float64) {
	if r[name] == nil {
		r[name] = make(map[string][]float64)
	}
	r[name][unit] = append(r[name][unit], v)
}

// get is the median of name's values in unit, and whether there were any.
func (r results) get(name, unit string) (float64, bool) {
	return median(r[name][unit])
}

func median(vs []float64) (float64, bool) {
	if len(vs) == 0 {
		return 0, false
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2], true
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2, true
}

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(-\d+)?\s+\d+\s+(.*)$`)

func parseBench(r io.Reader, res results) error {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		f := strings.Fields(m[3])
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			res.add(strings.TrimPrefix(m[1], "Benchmark"), f[i+1], v)
		}
	}
	return sc.Err()
}

// fzf times by size and query, in ms.
type fzfTimes map[string]map[string][]float64

func parseFzf(r io.Reader) (fzfTimes, error) {
	out := fzfTimes{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 3 {
			continue
		}
		v, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			continue
		}
		if out[f[0]] == nil {
			out[f[0]] = map[string][]float64{}
		}
		out[f[0]][f[1]] = append(out[f[0]][f[1]], v)
	}
	return out, sc.Err()
}

var (
	sizes  = []string{"1k", "10k", "100k"}
	impls  = []string{"gcimg", "stock-default", "stock-best"}
	query  = "ubun"
	checks []string
)

func ms(ns float64) string { return fmtMS(ns / 1e6) }

func fmtMS(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f ms", v)
	case v >= 10:
		return fmt.Sprintf("%.1f ms", v)
	case v >= 1:
		return fmt.Sprintf("%.2f ms", v)
	}
	return fmt.Sprintf("%.3f ms", v)
}

func ratio(a, b float64) string {
	if a == 0 || b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f×", a/b)
}

func check(ok bool, what string) {
	mark := "✅"
	if !ok {
		mark = "❌"
	}
	checks = append(checks, fmt.Sprintf("- %s %s", mark, what))
}

func main() {
	fzfPath := flag.String("fzf", "", "fzf timings (size, query, ms per line)")
	flag.Parse()
	res := results{}
	for _, p := range flag.Args() {
		f, err := os.Open(p)
		if err != nil {
			fatal(err)
		}
		err = parseBench(f, res)
		f.Close()
		if err != nil {
			fatal(err)
		}
	}
	fzf := fzfTimes{}
	if *fzfPath != "" {
		f, err := os.Open(*fzfPath)
		if err != nil {
			fatal(err)
		}
		fzf, err = parseFzf(f)
		f.Close()
		if err != nil {
			fatal(err)
		}
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()

	// Operations measured as ns/op, one table row per operation and size.
	fmt.Fprintln(w, "#### Interaction: one key, Update + View, until the result is on screen")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| operation | images | gcimg | stock list, default | stock list, best | stock best ÷ gcimg |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
	ops := []struct{ label, name string }{
		{"cursor down", "Cursor/%s/down"},
		{"page down", "Cursor/%s/pgdown"},
		{"end", "Cursor/%s/end"},
		{"tab switch", "TabSwitch/%s"},
		{"region change (open picker, move, apply)", "Region/%s"},
		{"append a page of 100", "Append/%s"},
	}
	worstCursor := map[string]float64{}
	worstAppend := 0.0
	for _, op := range ops {
		for _, size := range sizes {
			base := fmt.Sprintf(op.name, size)
			var v [3]float64
			var any bool
			for i, impl := range impls {
				v[i], _ = res.get(base+"/"+impl, "ns/op")
				any = any || v[i] > 0
			}
			if !any {
				continue
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", op.label, size, cell(v[0]), cell(v[1]), cell(v[2]), ratio(v[2], v[0]))
			if strings.HasPrefix(op.name, "Cursor") {
				worstCursor[size] = max(worstCursor[size], v[0])
			}
			if strings.HasPrefix(op.name, "Append") {
				worstAppend = max(worstAppend, v[0])
			}
		}
	}
	fmt.Fprintln(w)

	// Filtering, per keystroke.
	fmt.Fprintf(w, "#### Filter: %q typed one character at a time, each keystroke until its results are on screen\n\n", query)
	fmt.Fprintln(w, "| images | gcimg mean / slowest key | stock default mean / slowest | stock best mean / slowest | fzf --filter mean / slowest | stock best ÷ gcimg | fzf ÷ gcimg | clear: gcimg / stock best |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|")
	var key100, keyMax100, best100, fzf100, fzfMax100 float64
	for _, size := range sizes {
		var mean, worst, clr [3]float64
		for i, impl := range impls {
			name := "Filter/" + size + "/" + impl
			mean[i], _ = res.get(name, "ms/key")
			worst[i], _ = res.get(name, "ms/key-max")
			clr[i], _ = res.get(name, "ms/clear")
		}
		if mean[0] == 0 {
			continue
		}
		var fz []float64
		for i := 1; i <= len(query); i++ {
			if v, ok := median(fzf[size][query[:i]]); ok {
				fz = append(fz, v)
			}
		}
		fzMean, fzMax := 0.0, 0.0
		for _, v := range fz {
			fzMean += v / float64(len(fz))
			fzMax = max(fzMax, v)
		}
		pair := func(a, b float64) string {
			if a == 0 {
				return "–"
			}
			return fmtMS(a) + " / " + fmtMS(b)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s / %s |\n", size,
			pair(mean[0], worst[0]), pair(mean[1], worst[1]), pair(mean[2], worst[2]), pair(fzMean, fzMax),
			ratio(mean[2], mean[0]), ratio(fzMean, mean[0]), fmtMS(clr[0]), fmtMS(clr[2]))
		if size == "100k" {
			key100, keyMax100, best100, fzf100, fzfMax100 = mean[0], worst[0], mean[2], fzMean, fzMax
		}
	}
	if len(fzf["100k"]) > 0 {
		fmt.Fprintln(w)
		fmt.Fprint(w, "fzf --filter per query at 100k:")
		for i := 1; i <= len(query); i++ {
			if v, ok := median(fzf["100k"][query[:i]]); ok {
				fmt.Fprintf(w, " `%s` %s;", query[:i], fmtMS(v))
			}
		}
		if v, ok := median(fzf["100k"]["zzzzqqq"]); ok {
			fmt.Fprintf(w, " a query matching nothing (startup, reading and scanning alone) %s.", fmtMS(v))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)

	// Listing.
	fmt.Fprintln(w, "#### `gcimg list` of the whole catalog, fake API with 20 ms per request, pages of 100")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| images | requests | pages fetched ahead (up to 8) | one page at a time | speed-up |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|")
	list100 := 0.0
	for _, size := range sizes {
		a, ok := res.get("ListAll/ahead/"+size, "ns/op")
		if !ok {
			continue
		}
		s, _ := res.get("ListAll/sequential/"+size, "ns/op")
		reqs, _ := res.get("ListAll/ahead/"+size, "requests")
		fmt.Fprintf(w, "| %s | %.0f | %s | %s | %s |\n", size, reqs, secs(a), secs(s), ratio(s, a))
		if size == "100k" {
			list100 = a
		}
	}
	fmt.Fprintln(w)

	// Memory.
	fmt.Fprintln(w, "#### Retained heap once the All tab holds every image (decoded from JSON, shown)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| images | bytes per image |")
	fmt.Fprintln(w, "|---:|---:|")
	heap100 := 0.0
	for _, size := range sizes {
		if v, ok := res.get("Heap/"+size+"/gcimg", "B/image"); ok {
			fmt.Fprintf(w, "| %s | %.0f B |\n", size, v)
			if size == "100k" {
				heap100 = v
			}
		}
	}
	fmt.Fprintln(w)

	// Targets.
	cur := max(worstCursor["1k"], worstCursor["10k"], worstCursor["100k"])
	check(cur > 0 && cur <= 1e6, fmt.Sprintf("cursor move (down, page down, end) ≤ 1 ms at every size: slowest %s; 1k → 100k: %s → %s", ms(cur), ms(worstCursor["1k"]), ms(worstCursor["100k"])))
	check(keyMax100 > 0 && keyMax100 <= 16, fmt.Sprintf("filter keystroke ≤ 16 ms at 100k: mean %s, slowest key %s", fmtMS(key100), fmtMS(keyMax100)))
	check(key100 > 0 && best100 >= 3*key100, fmt.Sprintf("≥ 3× faster than the stock list at its best settings: %s", ratio(best100, key100)))
	if fzf100 > 0 {
		check(key100 <= 2*fzf100 && keyMax100 <= 2*fzfMax100, fmt.Sprintf("no slower than 2× `fzf --filter`: gcimg %s (slowest %s), fzf %s (slowest %s)", fmtMS(key100), fmtMS(keyMax100), fmtMS(fzf100), fmtMS(fzfMax100)))
	}
	check(worstAppend > 0 && worstAppend <= 1e6, fmt.Sprintf("appending a page ≤ 1 ms at any N: slowest %s", ms(worstAppend)))
	check(list100 > 0 && list100 <= 4e9, fmt.Sprintf("full listing of 100k at 20 ms latency ≤ 4 s: %s", secs(list100)))
	check(heap100 > 0 && heap100 <= 1024, fmt.Sprintf("retained heap ≤ 1 KiB per image: %.0f B", heap100))
	fmt.Fprintln(w, "#### Targets (2-core machine, 100k images)")
	fmt.Fprintln(w)
	for _, c := range checks {
		fmt.Fprintln(w, c)
	}
}

func cell(ns float64) string {
	if ns == 0 {
		return "–"
	}
	return ms(ns)
}

func secs(ns float64) string {
	if ns == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f s", ns/1e9)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "report:", err)
	os.Exit(1)
}
