#!/usr/bin/env bash
# How the client comes back from breaks (issue 6): starts 10 storage servers and a helper
# (release `ferry`), then runs the Recovery program of this package against them: an upload
# and a download of FERRY_BENCH_MIB (default 256) MiB through fault proxies cutting every
# 16 MiB, and through a 3 s outage. Prints markdown: bytes sent again per break, and how
# soon data flows once a backoff wait ends (target: within 1 s).
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib.sh
bench_setup recovery 256
swift build -c release --package-path Benchmarks --product Recovery >/dev/null
recovery=$(swift build -c release --package-path Benchmarks --show-bin-path)/Recovery
start_grid 10
FERRY_HELPER=$nurl FERRY_STORAGE=$storage_nurls FERRY_BENCH_MIB=$mib FERRY_BENCH_WORK=$work "$recovery"
