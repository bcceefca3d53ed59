#!/usr/bin/env bash
# gcimg's soak run: the real binary in a pty, 10 minutes against each API
# shape (seed, then today), while the fake API fails at random and a
# driver sends random keys (bench/soak; what it checks: bench/README.md).
#
#   bench/soak.sh                        # the summary on stdout; exit 1 if it failed
#   bench/soak.sh -o bench/SOAK.md       # and in a file; any flag of bench/soak
#
# Takes about 22 minutes. The summary records the load average.
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./bench/soak -d 20m "$@"
