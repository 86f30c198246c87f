#!/usr/bin/env bash
# A small grid of REAL Tahoe-LAFS 1.20 nodes on loopback, for interop tests: an introducer,
# STORAGE storage nodes and a client node (web API, no storage), all `tahoe run` from the
# test venv, each in its own session.
#
#   tahoe-grid.sh start DIR STORAGE NEEDED HAPPY TOTAL [CONVERGENCE]
#       creates and starts the grid under DIR (which must not exist), waits until the client
#       is connected to every storage node, then prints:
#         storage <NURL>     one line per storage node (as Tahoe builds it: SPKI hash of
#                            node.pem, swissnum of private/storage.furl, the tub location)
#         web <PORT>         the client's web API port on 127.0.0.1
#         client <DIR>       the client's node directory (for `tahoe -d DIR put/get`)
#       CONVERGENCE (base32) becomes the client's convergence secret.
#   tahoe-grid.sh stop DIR
#       SIGTERM to every node, up to 10 s, then SIGKILL; removes DIR.
# Needs the test venv (./scripts/setup --test). FERRY_TAHOE_TIMEOUT (default 90) bounds
# each wait, in seconds.
set -euo pipefail
# Descriptors beyond 0-2 inherited from the caller (a test's pipes, say) are closed, so the
# nodes left running hold none of them: a caller reading our output to EOF is not kept waiting.
for fd in /proc/$$/fd/*; do
    fd=${fd##*/}
    if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
done
cd "$(dirname "$0")/../.."
venv=${FERRY_FIXTURE_VENV:-Tests/Fixtures/.venv}
case $venv in /*) ;; *) venv=$(pwd)/$venv ;; esac
tahoe=$venv/bin/tahoe python=$venv/bin/python
# Generous: in CI's parallel phase the Python nodes start beside every other suite on two
# cores, and a client whose first tries failed waits out foolscap's reconnection backoff
# (session 17: 90 s ran out once, nodes up but not yet all connected). Only a grid that
# never comes up waits this long.
timeout=${FERRY_TAHOE_TIMEOUT:-240}

alive() { [ -e "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

stop() {
    local dir=$1 pid tries any
    [ -f "$dir/pids" ] || { rm -rf "$dir"; return 0; }
    mapfile -t pids < "$dir/pids"
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for tries in $(seq 50); do
        any=false
        for pid in "${pids[@]}"; do if alive "$pid"; then any=true; fi; done
        $any || break
        sleep 0.2
    done
    for pid in "${pids[@]}"; do if alive "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi; done
    rm -rf "$dir"
}

if [ "${1:-}" = stop ]; then stop "$2"; exit 0; fi
[ "${1:-}" = start ] && [ $# -ge 6 ] || { echo "usage: $0 start DIR STORAGE NEEDED HAPPY TOTAL [CONVERGENCE] | stop DIR" >&2; exit 2; }
dir=$2 count=$3 needed=$4 happy=$5 total=$6 convergence=${7:-}
[ -x "$tahoe" ] || { echo "tahoe-grid: no $tahoe; run ./scripts/setup --test first" >&2; exit 1; }
mkdir "$dir"
dir=$(cd "$dir" && pwd)
# On failure: the tail of every log, and the grid stopped.
fail() {
    echo "tahoe-grid: $1" >&2
    for log in "$dir"/*.out; do [ -s "$log" ] && { echo "--- $log" >&2; tail -n 20 "$log" >&2; }; done
    stop "$dir"
    exit 1
}
start_node() { # start_node NAME: `tahoe run` in its own session, output to DIR/NAME.out
    setsid "$tahoe" run --allow-stdin-close "$dir/$1" > "$dir/$1.out" 2>&1 < /dev/null &
    echo $! >> "$dir/pids"
}
wait_for() { # wait_for WHAT COMMAND...
    local what=$1 deadline=$((SECONDS + timeout)); shift
    until "$@" 2>/dev/null; do
        ((SECONDS < deadline)) || fail "no $what after $timeout s"
        sleep 0.3
    done
}

read -r -a ports < <("$python" -c "
import socket
ss = [socket.socket() for _ in range($count + 3)]
for s in ss: s.bind(('127.0.0.1', 0))
print(' '.join(str(s.getsockname()[1]) for s in ss))")
tub() { echo "--port tcp:$1:interface=127.0.0.1 --location tcp:127.0.0.1:$1"; }
encoding=(--shares-needed "$needed" --shares-happy "$happy" --shares-total "$total")

"$tahoe" create-introducer $(tub "${ports[0]}") "$dir/introducer" > /dev/null
start_node introducer
wait_for "introducer FURL" test -s "$dir/introducer/private/introducer.furl"
furl=$(cat "$dir/introducer/private/introducer.furl")
for ((n = 0; n < count; n++)); do
    "$tahoe" create-node $(tub "${ports[$((n + 1))]}") --webport none --nickname "storage$n" \
        --introducer "$furl" "${encoding[@]}" "$dir/storage$n" > /dev/null
    start_node "storage$n"
done
web=${ports[$((count + 1))]}
"$tahoe" create-client --webport "tcp:$web:interface=127.0.0.1" --nickname client \
    --introducer "$furl" "${encoding[@]}" "$dir/client" > /dev/null
if [ -n "$convergence" ]; then printf '%s\n' "$convergence" > "$dir/client/private/convergence"; fi
start_node client

connected() {
    [ "$(curl -sf "http://127.0.0.1:$web/?t=json" | "$python" -c '
import json, sys
print(sum(s["connection_status"].lower().startswith("connected") for s in json.load(sys.stdin)["servers"]))')" = "$count" ]
}
wait_for "$count storage nodes connected to the client" connected
for ((n = 0; n < count; n++)); do
    node=$dir/storage$n port=${ports[$((n + 1))]}
    swissnum=$(sed 's|.*/||' "$node/private/storage.furl")
    hash=$("$python" -c '
import sys
from cryptography.x509 import load_pem_x509_certificate
from allmydata.storage.http_common import get_spki_hash
print(get_spki_hash(load_pem_x509_certificate(open(sys.argv[1], "rb").read())).decode())' "$node/private/node.pem")
    echo "storage pb://$hash@127.0.0.1:$port/$swissnum#v=1"
done
echo "web $web"
echo "client $dir/client"
