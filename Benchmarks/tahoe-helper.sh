#!/usr/bin/env bash
# Upload throughput of a REAL Tahoe-LAFS 1.20 helper on loopback, the figure `ferry helper`
# (helper.sh) is compared against. One introducer, 10 storage nodes, one helper node (no
# storage) and one client node whose [client] helper.furl is the helper's, k=3 happy=7 N=10,
# all `tahoe run` from the test venv on 127.0.0.1. Times `tahoe put` of FERRY_BENCH_MIB
# (default 256) MiB of random bytes through the client (so through the helper), then
# `tahoe get` of the cap to /dev/null. Prints, besides a human line for each:
#   tahoe-helper-put-MBps <MB/s>
#   tahoe-get-MBps <MB/s>
# How the helper is known to have been used: the helper node's /helper_status?t=json counters
# are read before and after the timed put; the run fails unless the put added exactly one
# chk_upload_helper.upload_need_upload and at least the file's size to both
# chk_upload_helper.fetched_bytes (ciphertext the helper pulled from the client) and
# chk_upload_helper.encoded_bytes (what it erasure-coded and pushed). A client that is not
# connected to its helper silently uploads straight to the storage servers, and then those
# counters do not move. The client's own status page of the upload (/status/up-N) must also say
# "Helper?: Yes"; its timings (client uploader total, ciphertext to helper, encode + push,
# helper total) are printed too. Neither `tahoe put` nor the web API's PUT /uri reports this.
# Needs the test venv (./scripts/setup --test makes it); does not build Ferry.
# FERRY_BENCH_TIMEOUT (default 60) bounds each wait for the grid to come up, in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${FERRY_FIXTURE_VENV:-Tests/Fixtures/.venv}
case $venv in /*) ;; *) venv=$(pwd)/$venv ;; esac
tahoe=$venv/bin/tahoe python=$venv/bin/python
[ -x "$tahoe" ] || { echo "tahoe-helper: no $tahoe; run ./scripts/setup --test first" >&2; exit 1; }
mib=${FERRY_BENCH_MIB:-256}
size=$((mib << 20))
timeout=${FERRY_BENCH_TIMEOUT:-60}
work=${TMPDIR:-/tmp}/ferry-tahoe-helper-bench
rm -rf "$work" && mkdir -p "$work"
work=$(cd "$work" && pwd)

# Every node is a `tahoe run` in the background; on exit (success, failure, Ctrl-C) each gets
# SIGTERM, up to 10 s to go, then SIGKILL, and the work directory goes.
pids=()
alive() { [ -e "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
cleanup() {
    local pid tries any
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for tries in $(seq 50); do
        any=false
        for pid in "${pids[@]}"; do if alive "$pid"; then any=true; fi; done
        $any || break
        sleep 0.2
    done
    for pid in "${pids[@]}"; do if alive "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# fail MESSAGE NODE...: the message, the tail of each node's logs, and exit 1.
fail() {
    local message=$1 node; shift
    echo "tahoe-helper: $message" >&2
    for node in "$@"; do
        for log in "$work/$node.out" "$work/$node/logs/twistd.log"; do
            [ -s "$log" ] || continue
            echo "--- tail of $log" >&2
            tail -n 25 "$log" >&2
        done
    done
    exit 1
}

# Distinct free loopback ports, all bound at once so none repeats.
read -r -a ports < <("$python" -c '
import socket
ss = [socket.socket() for _ in range(14)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')
tub() { echo "--port tcp:$1:interface=127.0.0.1 --location tcp:127.0.0.1:$1"; }
start() { # start NODE: `tahoe run` it, output to WORK/NODE.out
    "$tahoe" run --allow-stdin-close "$work/$1" > "$work/$1.out" 2>&1 & pids+=($!)
    eval "pid_$1=$!"
}
# wait_for NODE WHAT COMMAND...: retries COMMAND for up to $timeout s while NODE runs.
wait_for() {
    local node=$1 what=$2 deadline=$((SECONDS + timeout)) pid; shift 2
    pid=$(eval echo "\${pid_$node:-}")
    until "$@" 2>/dev/null; do
        [ -z "$pid" ] || alive "$pid" || fail "$node exited while waiting for $what" "$node"
        ((SECONDS < deadline)) || fail "no $what after ${timeout} s" "$node" introducer
        sleep 0.5
    done
}

# The introducer; its FURL is written once it listens.
"$tahoe" create-introducer $(tub "${ports[0]}") "$work/introducer" > /dev/null
start introducer
wait_for introducer "introducer FURL" test -s "$work/introducer/private/introducer.furl"
furl=$(cat "$work/introducer/private/introducer.furl")

encoding=(--shares-needed 3 --shares-happy 7 --shares-total 10)
for n in 0 1 2 3 4 5 6 7 8 9; do
    "$tahoe" create-node $(tub "${ports[$((n + 1))]}") --webport none --nickname "storage$n" \
        --introducer "$furl" "${encoding[@]}" "$work/storage$n" > /dev/null
    start "storage$n"
done
helper_web=${ports[11]} client_web=${ports[12]}
"$tahoe" create-node --helper --no-storage $(tub "${ports[13]}") --webport "tcp:$helper_web:interface=127.0.0.1" \
    --nickname helper --introducer "$furl" "${encoding[@]}" "$work/helper" > /dev/null
start helper
wait_for helper "helper FURL" test -s "$work/helper/private/helper.furl"
# A client without a storage server (create-client) and without a listener of its own: it only
# dials out, to the introducer, the storage servers and the helper.
"$tahoe" create-client --webport "tcp:$client_web:interface=127.0.0.1" --nickname client \
    --introducer "$furl" "${encoding[@]}" "$work/client" > /dev/null
sed -i "s|^helper.furl =.*|helper.furl = $(cat "$work/helper/private/helper.furl")|" "$work/client/tahoe.cfg"
grep -q "^helper.furl = pb://" "$work/client/tahoe.cfg" || fail "could not set helper.furl in the client's tahoe.cfg"
start client

# connected_servers PORT: how many storage servers the node on web PORT is connected to.
connected_servers() {
    curl -sf "http://127.0.0.1:$1/?t=json" | "$python" -c '
import json, sys
# "connected" for storage over HTTPS (what 1.20 picks when the announcement has NURLs),
# "Connected to tcp:... via tcp" over Foolscap.
print(sum(s["connection_status"].lower().startswith("connected") for s in json.load(sys.stdin)["servers"]))'
}
all_connected() { [ "$(connected_servers "$1")" = 10 ]; }
# The welcome page says "Helper" when connected and "Helper not connected" otherwise.
client_has_helper() { curl -sf "http://127.0.0.1:$client_web/" | grep -q "<div>Helper</div>"; }
helper_stat() { # helper_stat NAME: one counter of the helper
    curl -sf "http://127.0.0.1:$helper_web/helper_status?t=json" |
        "$python" -c "import json,sys; print(json.load(sys.stdin)['chk_upload_helper.$1'])" ||
        fail "cannot read the helper's /helper_status?t=json" helper
}
wait_for helper "10 storage servers connected to the helper" all_connected "$helper_web"
wait_for client "10 storage servers connected to the client" all_connected "$client_web"
wait_for client "connection from the client to the helper" client_has_helper

# A small upload through the helper first, both to check the whole path and to warm it up.
head -c 100000 /dev/urandom > "$work/small"
before=$(helper_stat upload_requests)
"$tahoe" -d "$work/client" put "$work/small" > /dev/null 2> "$work/put.err" ||
    { cat "$work/put.err" >&2; fail "small tahoe put failed" client helper; }
after=$(helper_stat upload_requests)
((after > before)) || fail "small tahoe put did not go through the helper" client helper

head -c "$size" /dev/urandom > "$work/file"
need_before=$(helper_stat upload_need_upload)
fetched_before=$(helper_stat fetched_bytes)
encoded_before=$(helper_stat encoded_bytes)
cli=$({ TIMEFORMAT=%R; time "$tahoe" --version > /dev/null; } 2>&1)
start=$(date +%s.%N)
cap=$("$tahoe" -d "$work/client" put "$work/file" 2> "$work/put.err") ||
    { cat "$work/put.err" >&2; fail "tahoe put of $mib MiB failed" client helper; }
put=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
need_after=$(helper_stat upload_need_upload)
fetched_after=$(helper_stat fetched_bytes)
encoded_after=$(helper_stat encoded_bytes)
need=$((need_after - need_before)) fetched=$((fetched_after - fetched_before)) encoded=$((encoded_after - encoded_before))
((need == 1 && fetched >= size && encoded >= size)) ||
    fail "the put did not go through the helper (helper counters: upload_need_upload +$need, fetched_bytes +$fetched, encoded_bytes +$encoded; expected +1, +$size, +$size)" client helper

# The client's own status page of that upload (/status/up-N): "Helper?: Yes" and its timings.
upload_status() {
    "$python" - "$client_web" "$size" <<'PY'
import re, sys, urllib.request
base, size = f"http://127.0.0.1:{sys.argv[1]}", sys.argv[2]
get = lambda path: urllib.request.urlopen(base + path).read().decode()
for n in sorted(set(re.findall(r"status/up-(\d+)", get("/status")))):
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", get(f"/status/up-{n}")))
    if f"File Size: {size} bytes" not in page:
        continue
    # Times read "790ms", "1.23s" or, from 10 s on, "16 seconds" / "2 minutes".
    time = lambda label: (re.search(re.escape(label) + r": (\d[\d.]*(?: ?[a-z]+)?)", page) or [None, "?"])[1]
    print((re.search(r"Helper\?: (\S+)", page) or [None, "?"])[1], f"client uploader total {time('Total')}:",
          f"ciphertext to helper {time('[Upload Ciphertext To Helper]')},",
          f"helper encode + push {time('Encode And Push')}, helper total {time('[Helper Total]')}")
    break
else:
    print("missing")
PY
}
read -r used timings < <(upload_status) || fail "cannot read the client's upload status" client
[ "$used" = Yes ] || fail "the client's upload status says Helper?: $used" client helper

start=$(date +%s.%N)
"$tahoe" -d "$work/client" get "$cap" /dev/null 2> "$work/get.err" ||
    { cat "$work/get.err" >&2; fail "tahoe get of $mib MiB failed" client; }
get=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')

mbps() { awk -v s="$1" -v b="$size" 'BEGIN { printf "%.1f", b / s / 1e6 }'; }
echo "tahoe-helper-put-MBps $(mbps "$put")"
echo "tahoe-get-MBps $(mbps "$get")"
echo "Tahoe-LAFS $("$tahoe" --version | head -1 | cut -d/ -f2), k=3 happy=7 N=10, 10 storage nodes on loopback:"
echo "  tahoe put of $mib MiB through the helper: $put s, $(mbps "$put") MB/s" \
    "(helper fetched $fetched bytes of ciphertext and encoded $encoded; tahoe CLI start-up alone takes $cli s)"
echo "    $timings"
echo "  tahoe get of it (straight from the storage servers): $get s, $(mbps "$get") MB/s"
