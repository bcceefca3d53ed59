package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A sample is one runtime line of gcimg's debug log (internal/cli writes
// one every 5 s while --debug-log is on): its goroutines and the heap its
// last garbage collection found live.
type sample struct {
	at         time.Time
	proc       int // which run of gcimg (restarts start a new one)
	goroutines int
	heapLive   uint64
	exit       bool // the line written as the log closed
}

var (
	runtimeLine = regexp.MustCompile(`^(\S+) runtime: goroutines=(\d+) heap_live_bytes=(\d+)\b.*?( at exit)?$`)
	startedLine = regexp.MustCompile(`^\S+ gcimg .* started$`)
	attemptLine = regexp.MustCompile(`^\S+ GET \S+ \(attempt \d+ of \d+\)$`)
	statusLine  = regexp.MustCompile(`^\S+ GET \S+ -> (\d{3})\b`)
	failedLine  = regexp.MustCompile(`^\S+ GET \S+ failed after \S+ \(attempt \d+\): (.*)$`)
	badBodyLine = regexp.MustCompile(`^\S+ GET \S+: .* \(attempt \d+\)$`)
	retryLine   = regexp.MustCompile(`^\S+ retrying in \S+ \(attempt \d+ of \d+ failed: (.*)\)$`)
)

// debugLog is what gcimg's debug log says.
type debugLog struct {
	samples  []sample
	procs    int
	attempts int            // requests sent, retries included
	statuses map[string]int // replies by status class ("200", "429", "5xx")
	failures map[string]int // attempts that got no reply, by reason
	badBody  int            // 2xx replies whose body did not decode
	retries  int
	why      map[string]int // retries by reason
	lines    int
}

// readDebugLog parses the whole log.
func readDebugLog(path string) (debugLog, error) {
	f, err := os.Open(path)
	if err != nil {
		return debugLog{}, err
	}
	defer f.Close()
	return parseDebugLog(f)
}

func parseDebugLog(r io.Reader) (debugLog, error) {
	l := debugLog{statuses: map[string]int{}, failures: map[string]int{}, why: map[string]int{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		l.lines++
		switch {
		case startedLine.MatchString(line):
			l.procs++
		case runtimeLine.MatchString(line):
			m := runtimeLine.FindStringSubmatch(line)
			at, err := time.Parse(time.RFC3339Nano, m[1])
			if err != nil {
				return l, fmt.Errorf("debug log: %q: %w", line, err)
			}
			g, _ := strconv.Atoi(m[2])
			h, _ := strconv.ParseUint(m[3], 10, 64)
			l.samples = append(l.samples, sample{at: at, proc: l.procs, goroutines: g, heapLive: h, exit: m[4] != ""})
		case attemptLine.MatchString(line):
			l.attempts++
		case statusLine.MatchString(line):
			st := statusLine.FindStringSubmatch(line)[1]
			if st[0] == '5' {
				st = "5xx"
			}
			l.statuses[st]++
		case failedLine.MatchString(line):
			l.failures[reason(failedLine.FindStringSubmatch(line)[1])]++
		case retryLine.MatchString(line):
			l.retries++
			l.why[reason(retryLine.FindStringSubmatch(line)[1])]++
		case badBodyLine.MatchString(line):
			l.badBody++
		}
	}
	return l, sc.Err()
}

// reason shortens a failure to its kind: "503 Service Unavailable" to
// "5xx", "timed out after 4s" to "timed out".
func reason(s string) string {
	switch {
	case len(s) >= 3 && s[0] == '5' && s[1] >= '0' && s[1] <= '9':
		return "5xx"
	case strings.HasPrefix(s, "429"):
		return "429"
	case strings.Contains(s, "timed out"), strings.Contains(s, "deadline"):
		return "timed out"
	case strings.Contains(s, "reset"):
		return "reset"
	case strings.Contains(s, "closed"), strings.Contains(s, "EOF"):
		return "cut"
	case strings.Contains(s, "JSON"), strings.Contains(s, "truncated"), strings.Contains(s, "decode"):
		return "bad body"
	}
	if i := strings.IndexAny(s, ":("); i > 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// counts is "200 ×5,000, 429 ×120" in a fixed order.
func counts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortByCount(keys, m)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s ×%d", k, m[k])
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
