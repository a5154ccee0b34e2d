# Redis without persistence (the local stand-in for ElastiCache). Sourced by ./flashcart.
# shellcheck shell=bash

redis_cli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }

redis_up() {
  is_running redis && return 0
  port_open "$REDIS_PORT" && die "port $REDIS_PORT is taken by another process (set FLASHCART_REDIS_PORT)"
  mkdir -p "$STATE_DIR/redis"
  start_bg redis redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
    --dir "$STATE_DIR/redis" --daemonize no --maxclients 4000 --loglevel warning
  wait_until 20 "Redis" sh -c "redis-cli -h 127.0.0.1 -p $REDIS_PORT ping | grep -q PONG"
}

redis_down() { stop_part redis; }
