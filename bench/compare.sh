#!/usr/bin/env bash
# Runs gcimg's benchmarks beside the stock bubbles/v2 list and fzf on the
# same generated catalogs (1k, 10k and 100k images, seed 1), and writes
# the tables of the README's Performance section to bench/RESULTS.md.
#
#   bench/compare.sh            # from the repository root or anywhere
#   COUNT=3 bench/compare.sh    # fewer runs of each benchmark (default 5)
#
# Every figure is the median of COUNT runs (fzf: of FZF_RUNS runs). The
# machine should be otherwise idle: the targets are for a 2-core machine
# with nothing else running, and the Go benchmarks use both cores.
#
# Needs Go and fzf; fzf is installed with apt-get when missing (as root,
# or through sudo). hyperfine is used for fzf when present, else a loop
# timed with date +%s%N.
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-5}
FZF_RUNS=${FZF_RUNS:-15}
OUT=${OUT:-bench/RESULTS.md}
QUERY=ubun # the query the Go benchmarks type, one character at a time
SIZES=(1000 10000 100000)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log() { printf '%s\n' "$*" >&2; }

if ! command -v fzf >/dev/null 2>&1; then
	log "installing fzf"
	sudo=""
	[ "$(id -u)" = 0 ] || sudo="sudo"
	$sudo apt-get install -y fzf >/dev/null 2>&1 ||
		{ $sudo apt-get update >/dev/null && $sudo apt-get install -y fzf >/dev/null; }
fi

size_name() { echo "$(($1 / 1000))k"; }

# fzf --filter over the same lines, for every prefix of the query, plus a
# query that matches nothing (fzf's startup, reading and scanning alone).
log "fzf $(fzf --version | cut -d' ' -f1): timing --filter"
: >"$work/fzf.tsv"
for n in "${SIZES[@]}"; do
	lines="$work/lines-$n.txt"
	go run ./bench/lines -n "$n" -seed 1 >"$lines"
	queries=()
	for ((i = 1; i <= ${#QUERY}; i++)); do queries+=("${QUERY:0:i}"); done
	queries+=(zzzzqqq)
	for q in "${queries[@]}"; do
		if command -v hyperfine >/dev/null 2>&1; then
			hyperfine -i --warmup 3 --runs "$FZF_RUNS" --export-csv "$work/h.csv" \
				"fzf --filter $q <$lines >/dev/null" >/dev/null
			# command,mean,stddev,median,... in seconds
			tail -n +2 "$work/h.csv" | awk -F, -v s="$(size_name "$n")" -v q="$q" '{ printf "%s\t%s\t%.3f\n", s, q, $4 * 1000 }' >>"$work/fzf.tsv"
		else
			for _ in 1 2 3; do fzf --filter "$q" <"$lines" >/dev/null || true; done # warm up
			for ((r = 0; r < FZF_RUNS; r++)); do
				t0=$(date +%s%N)
				fzf --filter "$q" <"$lines" >/dev/null || true # exit 1 when nothing matches
				t1=$(date +%s%N)
				printf '%s\t%s\t%s\n' "$(size_name "$n")" "$q" "$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.3f", d / 1e6 }')" >>"$work/fzf.tsv"
			done
		fi
	done
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")

ui_cmd=(go test -run '^$' -bench '^Benchmark(Cursor|Filter|TabSwitch|Region|Append)$' -count "$COUNT" ./ui/)
heap_cmd=(go test -run '^$' -bench '^BenchmarkHeap$' -benchtime 1x -count 3 ./ui/)
api_cmd=(go test -run '^$' -bench '^BenchmarkListAll$' -benchtime 1x -count 3 ./api/)

log "go benchmarks: ${ui_cmd[*]}"
"${ui_cmd[@]}" | tee "$work/ui.txt" >&2
log "go benchmarks: ${heap_cmd[*]}"
"${heap_cmd[@]}" | tee "$work/heap.txt" >&2
log "go benchmarks: ${api_cmd[*]}"
"${api_cmd[@]}" | tee "$work/api.txt" >&2

load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)

{
	echo "# gcimg performance, measured side by side with the stock list and fzf"
	echo
	echo "Produced by \`bench/compare.sh\` (COUNT=$COUNT) on $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'):"
	echo "$(go version | cut -d' ' -f3-), $(nproc) CPUs (${cpu:-unknown CPU}), fzf $(fzf --version | cut -d' ' -f1)," \
		"load average ${load_before} before and ${load_after} after."
	echo
	echo "Every figure is the median of $COUNT runs (fzf: $FZF_RUNS runs, the heap and the listing: 3)."
	echo "gcimg drives its real root model (\`Update\` then \`View\`, as the program does for each message);"
	echo "the stock \`bubbles/v2\` list holds the same images, with its default settings and with its best ones"
	echo "(the Arabic paginator; its filter already is the fastest one that ranks). Commands:"
	echo
	echo '```sh'
	echo "${ui_cmd[*]}"
	echo "${heap_cmd[*]}"
	echo "${api_cmd[*]}"
	echo "go run ./bench/lines -n 100000 >lines.txt && fzf --filter ubun <lines.txt >/dev/null  # and each prefix"
	echo '```'
	echo
	go run ./bench/report -fzf "$work/fzf.tsv" "$work/ui.txt" "$work/heap.txt" "$work/api.txt"
	echo
	cat <<'NOTES'
#### Notes

- **fzf** is timed as whole `fzf --filter` runs: process start, reading the
  lines and printing the matches are in its figures (a query that matches
  nothing shows that part alone). gcimg's keystroke is `Update` + `View` in
  a running program, which is what a user waits for in either tool; fzf's
  interactive mode cannot be timed per keystroke from a script.
- **The stock list's filter** runs in a command; here it is run and its
  result applied before `View`. In a running program each keystroke starts
  another such command with nothing cancelling the older ones, so results
  can also land out of order; gcimg's filter is tagged with a generation
  and a stale result is dropped (`catalog.Results.Install`).
- **Tab switch and region change** have no stock counterpart: the stock
  figures are one list per tab shown by `View`, and the app filtering the
  items by region itself and handing them over with `SetItems`.
- **Appending** with the stock list's best settings costs less than
  gcimg's at 100k, because `SetItems` only swaps a slice; in the same
  time gcimg also sorts the page into name order, deduplicates IDs and
  builds the search keys. With the default paginator the stock list's
  `View` alone takes hundreds of milliseconds at 100k.
- **Pages in flight**: the issue suggests a bound such as 4, but at 20 ms a
  request 1000 pages need at least 5 in flight to finish within 4 s
  (1000 × 20 ms ÷ 4 s), and 4 would take over 5 s. The bound is 8; page 2
  is always fetched alone and nothing is fetched past the last page
  total_count implies, so a total_count that is too high costs at most 7
  requests, and one that is too low falls back to one page at a time.
- **Heap** is for one tab: the All tab and a type tab each keep their own
  entries for the images both have loaded.
NOTES
	echo
	echo "<details><summary>Raw benchmark output</summary>"
	echo
	echo '```'
	grep -h '^Benchmark' "$work/ui.txt" "$work/heap.txt" "$work/api.txt"
	echo '```'
	echo
	echo "fzf --filter runs (size, query, ms):"
	echo
	echo '```'
	cat "$work/fzf.tsv"
	echo '```'
	echo "</details>"
} >"$OUT"
log "wrote $OUT"
