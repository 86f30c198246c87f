#!/usr/bin/env bash
# Runs every Ferry benchmark in one go and writes the figures to
# Benchmarks/results/<UTC date>.md (quoted in docs/BENCHMARKS.md and issue notes).
# Needs: the fixture venv (Tests/Fixtures/generate.sh creates it) for Python zfec.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p results
out="results/$(date -u +%Y-%m-%d).md"
venv=${FERRY_FIXTURE_VENV:-../Tests/Fixtures/.venv}
[ -x "$venv/bin/python" ] || ../Tests/Fixtures/generate.sh >/dev/null

# throughput_table: turns ordo-one's markdown into "name | ops/s | MB/s" using the
# "[N MiB]" size each benchmark name carries.
throughput_table() {
    awk '/^### /{name=substr($0,5)} /Throughput/{split($0,f,"|"); gsub(/ /,"",f[5]); print name "|" f[5]}' |
        awk -F'|' '{ mib = 1; if (match($1, /\[[0-9.]+ MiB\]/)) mib = substr($1, RSTART + 1, RLENGTH - 6) + 0;
                     printf "| %s | %s | %.0f |\n", $1, $2, $2 * mib * 1.048576 }'
}

{
    echo "# Ferry benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Machine: $(nproc) cores, $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    echo
    echo "## Erasure coding and hashing (p50 of ordo-one/benchmark, release)"
    echo
    echo "| benchmark | ops/s | MB/s |"
    echo "|---|---|---|"
    swift package --disable-sandbox benchmark --format markdown 2>/dev/null | throughput_table
    echo
    echo "## Python zfec in the same run (1 MiB segments, allocates its output per call)"
    echo
    "$venv/bin/python" zfec_encode.py | sed 's/^/    /'
    echo
    echo "## Whole pipeline: ferry debug encode/decode of 1 GiB"
    echo
    ./pipeline.sh 1024
    echo
    ./pipeline.sh 1024 /dev/shm
} | tee "$out"
