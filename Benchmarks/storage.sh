#!/usr/bin/env bash
# Storage-server throughput over TLS on loopback, against nginx in the same run.
# curl is the client for both: PUT/GET of a 64 MiB file to nginx (WebDAV PUT), and PATCH and
# ranged GET of a 64 MiB share to `ferry storage serve` (release); FERRY_BENCH_MIB changes the
# size. Each row is the median of three runs. Also the server's peak RSS while 8 uploads run at once. Needs nginx
# (apt-get install nginx-light). Prints markdown.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib.sh
bench_setup storage 64
mkdir -p "$work/node"
head -c "$size" /dev/urandom > "$work/share"
start_nginx "$work"
port=$nginx_port
"$ferry" storage serve --basedir "$work/node" > "$work/nurl" & ferry_pid=$!; pids+=($ferry_pid)
sleep 2
nurl=$(head -1 "$work/nurl")
node_address "$nurl"
secret() { printf "%s %s" "$1" "$(head -c 32 /dev/zero | tr '\0' "$2" | base64 -w0)"; }
si=aaaaaaaaaaaaaaaaaaaaaaaaaa
cbor() { "$python" -c "import cbor2,sys; sys.stdout.buffer.write(cbor2.dumps({'share-numbers': set(range(16)), 'allocated-size': $size}))"; }
cbor | curl -sk -o /dev/null -X POST "https://$host_port/storage/v1/immutable/$si" -H "$auth" \
    -H "Content-Type: application/cbor" -H "X-Tahoe-Authorization: $(secret lease-renew-secret r)" \
    -H "X-Tahoe-Authorization: $(secret lease-cancel-secret c)" -H "X-Tahoe-Authorization: $(secret upload-secret u)" --data-binary @-

# once CURL-ARGS...: runs curl, prints its transfer time, or "failed" if it moved too few bytes.
once() {
    local seconds down up
    read -r seconds down up < <(curl -skf -o /dev/null -w '%{time_total} %{size_download} %{size_upload}\n' "$@" || echo "0 0 0")
    if [ "$down" = "$size" ] || [ "$up" = "$size" ]; then echo "$seconds"; else echo failed; fi
}
# rate LABEL CURL-ARGS...: a row with the median time of three runs and its MB/s. An argument
# "{n}" is replaced by the run number (0, 1, 2), to PATCH a fresh share each time.
rate() {
    local label=$1; shift
    local times=()
    for run in 0 1 2; do times+=("$(once "${@//\{n\}/$run}")"); done
    if printf '%s\n' "${times[@]}" | grep -q failed; then echo "| $label | failed: ${times[*]} |"; return; fi
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 2p)
    awk -v l="$label" -v s="$median" -v b="$size" 'BEGIN { printf "| %s | %.3f s | %.0f MB/s |\n", l, s, b / s / 1e6 }'
}
patch() { rate "$1" -X PATCH "https://$host_port/storage/v1/immutable/$si/$2" -H "$auth" \
    -H "X-Tahoe-Authorization: $(secret upload-secret u)" -H "Content-Range: bytes 0-$((size - 1))/*" \
    -H "Content-Type: application/octet-stream" -T "$work/share"; }

echo "| $mib MiB over TLS on loopback, curl as the client (median of 3) | time | MB/s |"
echo "|---|---|---|"
rate "nginx PUT (WebDAV, no fsync)" -T "$work/share" "https://127.0.0.1:$port/share"
patch "ferry PATCH (fdatasync every 8 MiB and before the answer)" "1{n}"
rate "nginx GET" "https://127.0.0.1:$port/share"
rate "nginx GET, one Range of the whole file" "https://127.0.0.1:$port/share" -H "Range: bytes=0-$((size - 1))"
rate "ferry GET, one Range of the whole share" "https://$host_port/storage/v1/immutable/$si/10" -H "$auth" \
    -H "Range: bytes=0-$((size - 1))"
uploads=()
for share in 1 2 3 4 5 6 7 8; do once -X PATCH "https://$host_port/storage/v1/immutable/$si/$share" -H "$auth" \
    -H "X-Tahoe-Authorization: $(secret upload-secret u)" -H "Content-Range: bytes 0-$((size - 1))/*" \
    -T "$work/share" > "$work/upload$share" & uploads+=($!); done
wait "${uploads[@]}"
failed=$(cat "$work"/upload* | grep -c failed || true)
peak=$(awk '/VmHWM/ {print $2}' "/proc/$ferry_pid/status")
echo
echo "ferry storage server peak RSS with 8 concurrent $mib MiB uploads: $((peak / 1024)) MiB ($failed of them failed)"
