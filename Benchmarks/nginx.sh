# Sourced by the benchmark scripts: start_nginx WORK starts nginx with TLS and WebDAV PUT on
# a free loopback port, serving WORK/www; sets nginx_port and nginx_pid. Needs $python.
start_nginx() {
    local work=$1
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
    nginx -c "$work/nginx/nginx.conf" & nginx_pid=$!
}
