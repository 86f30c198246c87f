# Sourced by the benchmark scripts (from the package root).

# bench_setup NAME DEFAULT_MIB: a fresh WORK directory (removed on exit, with every process
# in `pids`), the release `ferry`, the test venv's python, and the file size (FERRY_BENCH_MIB
# MiB, DEFAULT_MIB unless set). Sets work, pids, ferry, python, mib, size.
bench_setup() {
    work=${TMPDIR:-/tmp}/ferry-$1-bench
    rm -rf "$work" && mkdir -p "$work"
    python=${FERRY_PYTHON:-Tests/Fixtures/.venv/bin/python}
    pids=()
    trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"' EXIT
    swift build -c release --product ferry >/dev/null
    ferry=$(swift build -c release --show-bin-path)/ferry
    mib=${FERRY_BENCH_MIB:-$2}
    size=$((mib << 20))
}

# start_nginx WORK: nginx with TLS and WebDAV PUT on a free loopback port, serving WORK/www;
# sets nginx_port and adds nginx to `pids`.
start_nginx() {
    local work=$1
    # A fresh machine has none (as in CI, which does not run benchmarks).
    command -v nginx >/dev/null || { apt-get install -y -qq nginx-light >/dev/null 2>&1 || apt-get install -y -qq nginx >/dev/null; }
    mkdir -p "$work/nginx" "$work/www"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost \
        -keyout "$work/nginx/key.pem" -out "$work/nginx/cert.pem" 2>/dev/null
    nginx_port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    cat > "$work/nginx/nginx.conf" <<CONF
daemon off; user root; worker_processes 1; pid $work/nginx/pid; error_log $work/nginx/error.log;
events { worker_connections 64; }
http { access_log off; client_body_temp_path $work/nginx/body; client_max_body_size 0;
  server { listen 127.0.0.1:$nginx_port ssl; ssl_certificate $work/nginx/cert.pem; ssl_certificate_key $work/nginx/key.pem;
    root $work/www; location / { dav_methods PUT; create_full_put_path on; } } }
CONF
    nginx -c "$work/nginx/nginx.conf" & pids+=($!)
}

# node_address NURL: sets host_port and auth (the whole Authorization header) for curl.
node_address() {
    local swissnum
    read -r host_port swissnum < <(echo "$1" | sed -E 's|pb://[^@]+@([^/]+)/([^#]+)#v=1|\1 \2|')
    auth="Authorization: Tahoe-LAFS $(printf %s "$swissnum" | base64 -w0)"
}

# start_grid N: N `ferry storage serve` nodes and a `ferry helper serve` pushing to them,
# under WORK; sets storage_nurls (comma-separated), nurl (the helper's) and helper_pid.
start_grid() {
    local n args=()
    for ((n = 0; n < $1; n++)); do
        "$ferry" storage serve --basedir "$work/storage$n" > "$work/storage$n.url" & pids+=($!)
    done
    sleep 2
    storage_nurls=""
    for ((n = 0; n < $1; n++)); do
        args+=(--storage "$(head -1 "$work/storage$n.url")")
        storage_nurls+="${storage_nurls:+,}$(head -1 "$work/storage$n.url")"
    done
    "$ferry" helper serve --basedir "$work/helper" "${args[@]}" > "$work/helper.url" & helper_pid=$!; pids+=($helper_pid)
    sleep 2
    nurl=$(head -1 "$work/helper.url")
}

# peak_rss COMMAND...: runs COMMAND, sampling its VmHWM; prints "SECONDS PEAK_KIB".
peak_rss() {
    local start pid peak=0 now
    start=$(date +%s.%N)
    "$@" & pid=$!
    while [ -e "/proc/$pid" ]; do
        now=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
        [ -n "$now" ] && ((now > peak)) && peak=$now
        sleep 0.1
    done
    wait "$pid"
    echo "$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }') $peak"
}
