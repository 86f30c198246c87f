#!/usr/bin/env bash
# Helper throughput on loopback, against nginx in the same run (curl is the client for both):
#  1. ciphertext ingest: PATCH of a 1 GiB file to `ferry helper serve` vs PUT of it to nginx
#     over TLS (nginx does not fsync; the helper does, before every answer);
#  2. encode and push: from the last byte in to every share placed, k=3 happy=7 N=10 on 10
#     local `ferry storage serve` nodes;
#  3. a whole `ferry put` of a plaintext file through that helper (key pass, encryption,
#     upload, encode, push, check), the figure to set beside `tahoe put` through a helper;
#  4. the helper's peak RSS while 4 uploads of FERRY_BENCH_MIB (default 1024) MiB run at once;
#  5. unless FERRY_BENCH_TAHOE=0, Benchmarks/tahoe-helper.sh on the same size, in the same
#     run: a real Tahoe-LAFS helper as the anchor.
# Needs nginx and the test venv (for cbor2 and tahoe). Prints markdown.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib.sh
bench_setup helper 1024
head -c "$size" /dev/urandom > "$work/ciphertext"
start_nginx "$work"
port=$nginx_port

# Ten storage servers and a helper pushing to them.
start_grid 10
node_address "$nurl"
ask() {
    "$python" -c "import cbor2,sys; sys.stdout.buffer.write(cbor2.dumps({'size': $size, 'needed': 3, 'happy': 7, 'total': 10, 'segment-size': 1048576}))" |
        curl -skf -o /dev/null -X POST "https://$host_port/helper/v1/upload/$1" -H "$auth" -H "Content-Type: application/cbor" --data-binary @-
}
patch() {
    curl -skf -o /dev/null -w '%{time_total}\n' -X PATCH "https://$host_port/helper/v1/upload/$1" -H "$auth" \
        -H "Upload-Offset: 0" -H "Upload-Complete: ?1" -H "Content-Type: application/octet-stream" -T "$work/ciphertext"
}
wait_done() {
    while :; do
        state=$(curl -skf "https://$host_port/helper/v1/upload/$1/progress" -H "$auth" |
            "$python" -c 'import cbor2,sys; print(cbor2.loads(sys.stdin.buffer.read())["state"])')
        case $state in done) return 0 ;; failed) echo "push of $1 failed" >&2; return 1 ;; esac
        sleep 0.2
    done
}
si() { "$python" -c "import base64,os; print(base64.b32encode(bytes([$1])*16).decode().lower().rstrip('='))"; }
mbps() { awk -v s="$1" -v b="$size" 'BEGIN { printf "%.0f", b / s / 1e6 }'; }

put=$(curl -skf -o /dev/null -w '%{time_total}\n' -T "$work/ciphertext" "https://127.0.0.1:$port/ciphertext")
ask "$(si 1)"
ingest=$(patch "$(si 1)")
start=$(date +%s.%N)
wait_done "$(si 1)"
push=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
echo "| $mib MiB on loopback | seconds | MB/s |"
echo "|---|---|---|"
echo "| nginx PUT over TLS (no fsync) | $put | $(mbps "$put") |"
echo "| ferry helper PATCH over TLS (fsynced) | $ingest | $(mbps "$ingest") |"
echo "| ferry helper encode + push, k=3 N=10, 10 storage servers | $push | $(mbps "$push") |"

head -c "$size" /dev/urandom > "$work/plaintext"
start=$(date +%s.%N)
FERRY_CONFIG=$work/client.toml FERRY_HELPER=$nurl "$ferry" put "$work/plaintext" > "$work/cap" 2> "$work/put.log"
whole=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
echo "| ferry put through the helper (key pass, encrypt, send, encode, push, check) | $whole | $(mbps "$whole") |"

for n in 2 3 4 5; do ask "$(si "$n")"; done
uploads=()
for n in 2 3 4 5; do (patch "$(si "$n")" > /dev/null; wait_done "$(si "$n")") & uploads+=($!); done
wait "${uploads[@]}"
peak=$(awk '/VmHWM/ {print $2}' "/proc/$helper_pid/status")
echo
echo "helper peak RSS with 4 concurrent $mib MiB uploads (ingest, encode, push): $((peak / 1024)) MiB"

if [ "${FERRY_BENCH_TAHOE:-1}" != 0 ]; then
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"/storage* "$work"/helper "$work"/ciphertext
    echo
    tahoe_out=$(FERRY_BENCH_MIB=$mib Benchmarks/tahoe-helper.sh)
    echo "$tahoe_out" | sed -n '3,$p'
    tahoe_put=$(echo "$tahoe_out" | awk '/^tahoe-helper-put-MBps/ {print $2}')
    echo
    echo "ferry put / tahoe put via helper: $(awk -v f="$(mbps "$whole")" -v t="$tahoe_put" 'BEGIN { printf "%.1f", f / t }')x"
fi
