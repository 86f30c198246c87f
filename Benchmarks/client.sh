#!/usr/bin/env bash
# The client against curl and nginx in the same run, on loopback, FERRY_BENCH_MIB (default
# 1024) MiB of random bytes:
#  1. `ferry put` through the helper (the whole job: key pass, encryption, upload, the
#     helper's encode and push to 10 storage servers, the check) vs curl PUT to nginx over TLS;
#  2. `ferry get` from the 10 storage servers (k=3: three in parallel, every segment checked
#     against the crypttext tree, decrypted, fsynced, renamed) vs curl GET from nginx over TLS;
#  3. each ferry's peak RSS (sampled VmHWM).
# Targets (issue 6): put >= 0.6x curl, get >= 0.8x curl, RSS < 64 MiB. Needs nginx and the
# test venv. Prints markdown.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib.sh
bench_setup client 1024
start_nginx "$work"
start_grid 10
export FERRY_CONFIG=$work/client.toml FERRY_STATE_DIR=$work/state FERRY_GRID_DIR=$work/no-grid
export FERRY_HELPER=$nurl FERRY_STORAGE=$storage_nurls
mbps() { awk -v s="$1" -v b="$size" 'BEGIN { printf "%.0f", b / s / 1e6 }'; }
sleep 1

# FERRY_BENCH_ROUNDS rounds (default 3), each on a fresh random file: curl PUT, ferry put,
# curl GET, ferry get, with `sync` before each so none pays for the previous one's
# writeback; the medians are reported (single runs here moved by 2x from one to the next).
rounds=${FERRY_BENCH_ROUNDS:-3}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
: > "$work/rounds"
for ((round = 0; round < rounds; round++)); do
    head -c "$size" /dev/urandom > "$work/www/file"
    sync
    curl_put=$(curl -skf -o /dev/null -w '%{time_total}\n' -T "$work/www/file" "https://127.0.0.1:$nginx_port/upload")
    sync
    read -r put put_rss < <(peak_rss sh -c "exec '$ferry' put '$work/www/file' > '$work/cap' 2> '$work/put.log'")
    cap=$(cat "$work/cap")
    sync
    curl_get=$(curl -skf -o "$work/curl-copy" -w '%{time_total}\n' "https://127.0.0.1:$nginx_port/file")
    rm -f "$work/curl-copy" "$work/copy"
    sync
    read -r get get_rss < <(peak_rss sh -c "exec '$ferry' get '$cap' -o '$work/copy' 2> '$work/get.log'")
    cmp -s "$work/copy" "$work/www/file" || { echo "client: the downloaded file differs" >&2; cat "$work/put.log" "$work/get.log" >&2; exit 1; }
    rm -f "$work/copy"
    echo "$curl_put $put $put_rss $curl_get $get $get_rss" >> "$work/rounds"
    echo "round $((round + 1)): curl PUT $curl_put s, ferry put $put s, curl GET $curl_get s, ferry get $get s" >&2
done
med_col() { awk -v c="$1" '{ print $c }' "$work/rounds" | median; }
curl_put=$(med_col 1) put=$(med_col 2) put_rss=$(awk '$3 > m { m = $3 } END { print m }' "$work/rounds")
curl_get=$(med_col 4) get=$(med_col 5) get_rss=$(awk '$6 > m { m = $6 } END { print m }' "$work/rounds")

echo "| $mib MiB on loopback, median of $rounds rounds | seconds | MB/s | ratio | peak RSS (largest) |"
echo "|---|---|---|---|---|"
echo "| curl PUT to nginx over TLS | $curl_put | $(mbps "$curl_put") | | |"
echo "| ferry put through the helper, k=3 N=10, 10 storage servers | $put | $(mbps "$put") | $(awk -v a="$curl_put" -v b="$put" 'BEGIN { printf "%.2f", a / b }')x | $((put_rss / 1024)) MiB |"
echo "| curl GET from nginx over TLS | $curl_get | $(mbps "$curl_get") | | |"
echo "| ferry get from the storage servers | $get | $(mbps "$get") | $(awk -v a="$curl_get" -v b="$get" 'BEGIN { printf "%.2f", a / b }')x | $((get_rss / 1024)) MiB |"
