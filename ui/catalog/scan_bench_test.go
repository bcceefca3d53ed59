package catalog

import (
	"syscall"
	"testing"
	"time"
)

// BenchmarkScan is one full scan of 100k entries for a query, the
// keystroke that cannot narrow. cpu-ms/op is the process's CPU time per
// scan, steadier than the wall clock on a shared machine.
func BenchmarkScan(b *testing.B) {
	es := benchEntries(100_000)
	for _, text := range []string{"u", "ubu", "deb1", "snap", "ubuntu !cloud", "'24.04", "^rocky"} {
		b.Run(text, func(b *testing.B) {
			v := NewResults()
			v.Update(es, Query{})
			rows := 0
			cpu0 := cpuTime()
			for b.Loop() {
				v.Update(es, Query{Text: text})
				rows = v.Len()
				v.Update(es, Query{})
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
			b.ReportMetric(float64(rows), "rows")
		})
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
