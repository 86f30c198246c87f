#!/usr/bin/env bash
# The screen as a person uses it (issue 7), with the release `ferry` in tmux on a grid of
# 10 storage servers and a helper: 20 uploads added with keys, all active under a 2 MB/s
# global limit; then
#  1. idle CPU over 30 s while nobody types: the screen process and its drawing thread
#     ("ferry-screen"), and the background agent that runs the transfers and streams their
#     events to the screen over its socket (target: the screen under 1 %);
#  2. key-to-screen latency: `?` sent to tmux until the help shows in capture-pane, and
#     again until it is gone, 20 times (target < 50 ms; includes tmux's own work).
# Prints markdown.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib.sh
bench_setup screen 16
command -v tmux >/dev/null || { echo "screen.sh needs tmux" >&2; exit 1; }
socket=ferry-bench-$$
agent_env=(FERRY_STATE_DIR="$work/state")  # enough for `agent stop`; the grid's NURLs join below
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; env "${agent_env[@]}" "$ferry" agent stop >/dev/null 2>&1 || true; for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"' EXIT
start_grid 10
agent_env=(FERRY_CONFIG="$work/client.toml" FERRY_STATE_DIR="$work/state" FERRY_GRID_DIR="$work/no-grid" FERRY_HELPER="$nurl" FERRY_STORAGE="$storage_nurls")
mkdir -p "$work/files"
for n in $(seq 1 20); do head -c "$size" /dev/urandom > "$work/files/file$n"; done
printf '[transfers]\nmaximum_active = 20\nrate_limit = "2M"\n' > "$work/client.toml"
tmux -L "$socket" -f /dev/null new-session -d -x 100 -y 30 \
    "env FERRY_CONFIG=$work/client.toml FERRY_STATE_DIR=$work/state FERRY_GRID_DIR=$work/no-grid FERRY_HELPER=$nurl FERRY_STORAGE=$storage_nurls TERM=xterm-256color LANG=C.UTF-8 $ferry"
screen() { tmux -L "$socket" capture-pane -p; }
wait_for() {  # wait_for PATTERN [tenths]
    for ((i = 0; i < ${2:-300}; i++)); do screen | grep -q -- "$1" && return 0; sleep 0.1; done
    echo "screen.sh: never saw '$1'" >&2; screen >&2; exit 1
}
wait_for "helper"
for n in $(seq 1 20); do
    tmux -L "$socket" send-keys a
    wait_for "Add an upload"
    tmux -L "$socket" send-keys -l "$work/files/file$n"
    tmux -L "$socket" send-keys Enter
done
wait_for "20 active"
sleep 3
pid=$(pgrep -f "^$ferry\$" | head -1)
agent=$(cat "$work/state/run/agent.lock")
ticks() { awk '{ print $14 + $15 }' "$1"; }
thread=$(grep -l '^ferry-screen$' /proc/"$pid"/task/*/comm | head -1 | xargs dirname)
hz=$(getconf CLK_TCK)
p0=$(ticks /proc/"$pid"/stat); t0=$(ticks "$thread"/stat); a0=$(ticks /proc/"$agent"/stat); s0=$(date +%s.%N)
sleep 30
p1=$(ticks /proc/"$pid"/stat); t1=$(ticks "$thread"/stat); a1=$(ticks /proc/"$agent"/stat); s1=$(date +%s.%N)
cpu() { awk -v a="$1" -v b="$2" -v s0="$s0" -v s1="$s1" -v hz="$hz" 'BEGIN { printf "%.2f", (b - a) / hz / (s1 - s0) * 100 }'; }
counts=$(screen | tail -1 | awk -F"  +" "{ print \$NF }")

latencies=()
for round in $(seq 1 20); do
    for want in shown gone; do
        start=$(date +%s%N)
        tmux -L "$socket" send-keys '?'
        while true; do
            if screen | grep -q "Ferry keys"; then [ "$want" = shown ] && break; else [ "$want" = gone ] && break; fi
        done
        latencies+=($(( ($(date +%s%N) - start) / 1000000 )))
    done
done
sorted=$(printf '%s\n' "${latencies[@]}" | sort -n)
median=$(echo "$sorted" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
p95=$(echo "$sorted" | awk '{ a[NR] = $1 } END { print a[int(NR * 0.95)] }')
worst=$(echo "$sorted" | tail -1)

echo "| screen, 20 uploads active (2 MB/s global limit), 100x30 in tmux | figure |"
echo "|---|---|"
echo "| status bar counts at the end of the idle period | $counts |"
echo "| CPU of the screen process (events from the agent, drawing), 30 s idle | $(cpu "$p0" "$p1") % |"
echo "| CPU of the screen thread, 30 s idle | $(cpu "$t0" "$t1") % |"
echo "| CPU of the agent (engine, 20 uploads over TLS, events to the screen), same 30 s | $(cpu "$a0" "$a1") % |"
echo "| key to screen (tmux send-keys to capture-pane), 40 presses: median / p95 / max | $median / $p95 / $worst ms |"
