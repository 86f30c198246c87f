#!/usr/bin/env bash
# Whole-pipeline figures for `ferry debug encode/decode` on a large random file (release
# build): wall time, MB/s of plaintext, peak RSS, and an end-to-end SHA-256 check.
# Usage: Benchmarks/pipeline.sh [SIZE_MIB] [DIR]   (default 1024 MiB in $TMPDIR or /tmp).
# Run it once on a disk directory and once on tmpfs (/dev/shm) to tell disk from CPU.
# Prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-1024}
work=${2:-${TMPDIR:-/tmp}}/ferry-bench
rm -rf "$work" && mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

swift build -c release --product ferry >/dev/null
ferry=$(swift build -c release --show-bin-path)/ferry
head -c "$((size_mib << 20))" /dev/urandom > "$work/input"
want=$(sha256sum "$work/input" | cut -d' ' -f1)
secret=aaaqeayeaudaocajbifqydiob4ibceqtcqkrmfyydenbwha5dypq
bytes=$((size_mib << 20))
fs=$(df --output=fstype "$work" | tail -1)

# measure LABEL COMMAND...: runs it under /usr/bin/time, prints a table row.
measure() {
    local label=$1; shift
    sync
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/stdout" 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
    read -r seconds rss_kib < "$work/time"
    awk -v l="$label" -v s="$seconds" -v r="$rss_kib" -v b="$bytes" \
        'BEGIN { printf "| %s | %.2f s | %.0f MB/s | %.1f MiB |\n", l, s, b / s / 1e6, r / 1024 }'
}

echo "| ${size_mib} MiB random file on ${fs}, k=3 N=10, 1 MiB segments | time | plaintext MB/s | peak RSS |"
echo "|---|---|---|---|"
measure "encode, convergent key (2 read passes), fsync" "$ferry" debug encode "$work/input" --out "$work/shares" --convergence "$secret"
cap=$(cat "$work/stdout")
rm -rf "$work/shares"
measure "encode, convergent key, no fsync" "$ferry" debug encode "$work/input" --out "$work/shares" --convergence "$secret" --no-fsync
rm -rf "$work/shares"
measure "encode, random key (1 read pass), no fsync" "$ferry" debug encode "$work/input" --out "$work/shares2" --no-fsync
rm -rf "$work/shares2"
"$ferry" debug encode "$work/input" --out "$work/shares" --convergence "$secret" > /dev/null 2>&1
index=$(ls "$work/shares")
rm -f "$work/shares/$index"/{0,1,2}   # force real erasure decoding from parity shares
measure "decode from shares 3-5 (parity), fsync" "$ferry" debug decode "$cap" --shares "$work/shares" -o "$work/output"
got=$(sha256sum "$work/output" | cut -d' ' -f1)
echo
if [ "$got" = "$want" ]; then echo "round trip: SHA-256 identical ($want)"; else echo "round trip: SHA-256 MISMATCH ($got vs $want)"; exit 1; fi
