#!/usr/bin/env bash
# Key → screen latency of gcimg and fzf, side by side at 100k images,
# through a pseudo-terminal and a terminal emulator (bench/latency).
#
#   bench/latency.sh                          # the table on stdout
#   bench/latency.sh -o bench/LATENCY.md      # and in a file; any flag of bench/latency
#
# Installs fzf with apt-get when it is missing (as root, or through sudo);
# gcimg is built from this checkout. Takes about 5 minutes. Measure on an
# otherwise idle machine when you can: the report records the load.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v fzf >/dev/null 2>&1; then
	echo "installing fzf" >&2
	sudo=""
	[ "$(id -u)" = 0 ] || sudo="sudo"
	$sudo apt-get install -y fzf >/dev/null 2>&1 ||
		{ $sudo apt-get update >/dev/null && $sudo apt-get install -y fzf >/dev/null; }
fi

exec go run ./bench/latency "$@"
