# Redis without persistence (the local stand-in for ElastiCache). Sourced by ./flashcart.
# shellcheck shell=bash

redis_cli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }

redis_up() {
  if is_running redis; then
    port_open "$REDIS_TLS_PORT" && return 0
    step "restarting Redis with its TLS port"  # a Redis started before it had one
    redis_down
  fi
  port_open "$REDIS_PORT" && die "port $REDIS_PORT is taken by another process (set FLASHCART_REDIS_PORT)"
  port_open "$REDIS_TLS_PORT" && die "port $REDIS_TLS_PORT is taken by another process (set FLASHCART_REDIS_TLS_PORT)"
  mkdir -p "$STATE_DIR/redis"
  redis_tls_files
  local tls=$STATE_DIR/redis-tls
  # ::1 too, where the machine has it: "localhost", the certificate's name, may resolve to either
  start_bg redis redis-server --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save '' --appendonly no \
    --tls-port "$REDIS_TLS_PORT" --tls-cert-file "$tls/server.pem" --tls-key-file "$tls/server.key" \
    --tls-ca-cert-file "$tls/ca.pem" --tls-auth-clients no \
    --dir "$STATE_DIR/redis" --daemonize no --maxclients 4000 --loglevel warning
  wait_until 20 "Redis" sh -c "redis-cli -h 127.0.0.1 -p $REDIS_PORT ping | grep -q PONG"
}

# redis_tls_files: a CA of the state folder's own and a server certificate it signs for the name "localhost" only
# (not 127.0.0.1), made once: RedisTlsTest connects over TLS as the service does to ElastiCache, and checks that a
# certificate without the host's name is refused
redis_tls_files() {
  local dir=$STATE_DIR/redis-tls
  [[ -s $dir/ca.pem && -s $dir/server.pem && -s $dir/server.key ]] && return 0
  mkdir -p "$dir"
  (
    cd "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Flashcart local Redis CA" \
      -keyout ca.key -out ca.pem
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr
    printf 'subjectAltName=DNS:localhost\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 -extfile server.ext \
      -out server.pem
  ) >"$LOG_DIR/redis-tls.log" 2>&1 || die "could not make Redis's TLS certificate (see $LOG_DIR/redis-tls.log)"
}

redis_down() { stop_part redis; }
