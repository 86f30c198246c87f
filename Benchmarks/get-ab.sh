#!/usr/bin/env bash
# A/B of `ferry get` builds on one grid: puts FERRY_BENCH_MIB (1024) MiB once with the release
# build, then gets it ROUNDS (4) times with each binary in BINS (default: the release build),
# alternating, caches dropped before each; prints seconds and peak RSS (VmHWM) per get.
# Example: cp .build/release/ferry /tmp/old; (change, build); BINS="/tmp/old .build/release/ferry" bash Benchmarks/get-ab.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib.sh
bench_setup get-ab 1024
start_grid 10
export FERRY_CONFIG=$work/client.toml FERRY_STATE_DIR=$work/state FERRY_GRID_DIR=$work/no-grid
export FERRY_HELPER=$nurl FERRY_STORAGE=$storage_nurls
head -c "$size" /dev/urandom > "$work/file"
"$ferry" put "$work/file" > "$work/cap" 2>/dev/null
cap=$(cat "$work/cap")
for ((r = 0; r < ${ROUNDS:-4}; r++)); do
  for bin in ${BINS:-$ferry}; do
    rm -f "$work/copy"; sync; echo 3 > /proc/sys/vm/drop_caches
    read -r t rss < <(peak_rss sh -c "exec '$bin' get '$cap' -o '$work/copy' 2>/dev/null")
    echo "$(basename $(dirname $bin))/$(basename $bin) round $r: $t s, peak $((rss / 1024)).$(( (rss % 1024) * 10 / 1024 )) MiB"
  done
done
