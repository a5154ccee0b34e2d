# Shared helpers for ./flashcart: settings, process bookkeeping, waiting. Sourced, never run.
# shellcheck shell=bash

ROOT=${ROOT:?}

# ---- Settings: every port and path can be overridden from the environment -----------------------------------
STATE_DIR=${FLASHCART_STATE_DIR:-$ROOT/.state}
DB_PRIMARY_PORT=${FLASHCART_DB_PRIMARY_PORT:-13306}
DB_REPLICA_PORT=${FLASHCART_DB_REPLICA_PORT:-13307}
DB_NAME=${FLASHCART_DB_NAME:-flashcart}
DB_USER=${FLASHCART_DB_USERNAME:-flashcart}
DB_PASSWORD=${FLASHCART_DB_PASSWORD:-flashcart}
# the fake data platform is another system: its own database user, so what the service sends to the shared local
# MariaDB can be told from what the platform sends (the bench counts the service's statements by user)
PLATFORM_DB_USER=${FLASHCART_PLATFORM_DB_USERNAME:-${DB_USER}_platform}
PLATFORM_DB_PASSWORD=${FLASHCART_PLATFORM_DB_PASSWORD:-$DB_PASSWORD}
REDIS_PORT=${FLASHCART_REDIS_PORT:-16379}
# the same Redis over TLS, as ElastiCache is reached (rediss://), with a certificate for "localhost" signed by a CA
# of the state folder's own (scripts/redis.sh)
REDIS_TLS_PORT=${FLASHCART_REDIS_TLS_PORT:-16380}
KAFKA_PORT=${FLASHCART_KAFKA_PORT:-19092}
KAFKA_CONTROLLER_PORT=${FLASHCART_KAFKA_CONTROLLER_PORT:-19093}
KAFKA_TOPIC_PARTITIONS=${FLASHCART_KAFKA_TOPIC_PARTITIONS:-6}
APP1_PORT=${FLASHCART_APP1_PORT:-8081}
APP2_PORT=${FLASHCART_APP2_PORT:-8082}
LB_PORT=${FLASHCART_LB_PORT:-8080}
APP_HEAP=${FLASHCART_APP_HEAP:-160m}
NATIVE_HEAP=${FLASHCART_NATIVE_HEAP:-128m}
# more JVM options for the instances, after the defaults (e.g. -XX:NativeMemoryTracking=summary to see where an
# instance's memory goes with jcmd <pid> VM.native_memory summary); word-split, so no option may hold a space
APP_JAVA_OPTS=${FLASHCART_APP_JAVA_OPTS:-}
# the same for native instances (e.g. -Xmn64m: the last -Xmn wins)
NATIVE_OPTS=${FLASHCART_NATIVE_OPTS:-}
KAFKA_HEAP=${FLASHCART_KAFKA_HEAP:-512m}

# the service's configuration (application.properties) reads these
export FLASHCART_DB_PRIMARY_PORT=$DB_PRIMARY_PORT FLASHCART_DB_REPLICA_PORT=$DB_REPLICA_PORT \
  FLASHCART_REDIS_PORT=$REDIS_PORT FLASHCART_KAFKA_PORT=$KAFKA_PORT
# and the tests (RedisTlsTest)
export FLASHCART_REDIS_TLS_PORT=$REDIS_TLS_PORT FLASHCART_REDIS_TLS_CA=$STATE_DIR/redis-tls/ca.pem

MVNW="$ROOT/mvnw"
LOG_DIR="$STATE_DIR/logs"
RUN_DIR="$STATE_DIR/run"

# ---- Output ---------------------------------------------------------------------------------------------------
say()  { printf '%s\n' "$*"; }
step() { printf '==> %s\n' "$*"; }
die()  { printf 'flashcart: %s\n' "$*" >&2; exit 1; }

# ---- Processes we start are tracked by pid file: $RUN_DIR/<part>.pid ---------------------------------------
pid_file() { printf '%s/%s.pid' "$RUN_DIR" "$1"; }

part_pid() {
  local f; f=$(pid_file "$1")
  [[ -s $f ]] || return 1
  local pid; pid=$(<"$f")
  kill -0 "$pid" 2>/dev/null || return 1
  printf '%s' "$pid"
}

is_running() { part_pid "$1" >/dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_until <seconds> <description> <command...>: polls every 0.2 s
wait_until() {
  local limit=$1 what=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      die "$what not ready after ${limit}s (see ./flashcart logs)"
    fi
    sleep 0.2
  done
}

# stop_part <part> [signal-wait-seconds]: TERM, then KILL after the wait; removes the pid file
stop_part() {
  local part=$1 wait=${2:-20} pid
  if ! pid=$(part_pid "$part"); then
    rm -f "$(pid_file "$part")"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + wait))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$(pid_file "$part")"
  say "stopped $part (pid $pid)"
}

# start_bg <part> <command...>: runs in the background, output to $LOG_DIR/<part>.log, pid recorded
start_bg() {
  local part=$1; shift
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  setsid "$@" >>"$LOG_DIR/$part.log" 2>&1 < /dev/null &
  echo $! >"$(pid_file "$part")"
}

# ---- Dependencies -------------------------------------------------------------------------------------------
# Debian packages by the command they provide.
declare -A APT_FOR=(
  [mariadbd]=mariadb-server [mariadb]=mariadb-client [redis-server]=redis-server [redis-cli]=redis-tools
  [haproxy]=haproxy [wrk]=wrk [curl]=curl [java]=openjdk-17-jdk-headless [node]=nodejs [npm]=npm [openssl]=openssl
)

# ensure_commands <cmd...>: installs the Debian packages behind missing commands (as root), or says how
ensure_commands() {
  local missing=() cmd
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null 2>&1 || [[ -x /usr/sbin/$cmd ]] || missing+=("${APT_FOR[$cmd]:-$cmd}")
  done
  ((${#missing[@]})) || return 0
  local pkgs; pkgs=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
  if ((EUID != 0)); then
    die "missing packages; run: sudo apt-get update && sudo apt-get install -y $pkgs"
  fi
  step "installing $pkgs"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
}

mariadbd_bin() { command -v mariadbd 2>/dev/null || echo /usr/sbin/mariadbd; }
