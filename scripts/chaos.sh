# ./flashcart chaos [scenario...]: a steady load of real operations through haproxy (chaos/driver.py) while one
# fault is injected into the running local topology and healed, then the invariants (points, stock, coupons,
# events, ranking, contract) are checked. Sourced by ./flashcart (needs lib.sh, mariadb.sh, redis.sh, kafka.sh,
# app.sh, platform.sh). Scenarios: app-kill kafka replica replica-lag redis primary-restart (default: all of them,
# in that order). Every fault injected here is healed here, also on Ctrl-C or failure. See chaos/README.md.
# shellcheck shell=bash

CHAOS_DIR="$ROOT/chaos"
CHAOS_STATE="$STATE_DIR/chaos"
CHAOS_ALL=(app-kill kafka replica replica-lag redis primary-restart)
CHAOS_WARMUP=${FLASHCART_CHAOS_WARMUP:-15}          # load before the fault (s)
CHAOS_FAULT=${FLASHCART_CHAOS_FAULT:-30}            # how long a stopped part stays down (s)
CHAOS_APP_DOWN=${FLASHCART_CHAOS_APP_DOWN:-15}      # app-kill: how long the killed instance stays dead (s)
CHAOS_PRIMARY_DOWN=${FLASHCART_CHAOS_PRIMARY_DOWN:-5}  # primary-restart: pause between stop and start (s)
CHAOS_SETTLE=${FLASHCART_CHAOS_SETTLE:-20}          # load after the heal (s)
CHAOS_CLIENTS=${FLASHCART_CHAOS_CLIENTS:-16}        # concurrent simulated users
CHAOS_DRIVER_PID=""
CHAOS_MARKS=""

chaos_mark() {  # chaos_mark <name>: "<name> <epoch seconds>" for the driver's timeline
  [[ -n $CHAOS_MARKS ]] && printf '%s %s\n' "$1" "$(date +%s.%N)" >>"$CHAOS_MARKS"
  say "  [chaos $(date +%H:%M:%S)] $1"
}

# chaos_healthy: every part up, replication running, both instances ready (prints what is wrong)
chaos_healthy() {
  local part bad=0
  for part in "${PARTS[@]}"; do
    is_running "$part" || { say "  $part is down"; bad=1; }
  done
  db_replication_running || { say "  replication is not running"; bad=1; }
  app_ready "$APP1_PORT" || { say "  app1 is not ready"; bad=1; }
  app_ready "$APP2_PORT" || { say "  app2 is not ready"; bad=1; }
  return "$bad"
}

# chaos_heal_all: restarts whatever is down with the per-part functions (never rebuilds a running service),
# restarts replication, waits for both instances. The safety net after every scenario and on any exit.
chaos_heal_all() {
  is_running mariadb-primary || db_start primary
  is_running mariadb-replica || db_start replica
  db_replication_running || db_start_replication
  is_running redis || redis_up
  is_running kafka || kafka_up
  is_running platform || platform_up
  is_running app1 || app_start 1 "$APP1_PORT"
  is_running app2 || app_start 2 "$APP2_PORT"
  wait_until 120 "app1" app_ready "$APP1_PORT"
  wait_until 120 "app2" app_ready "$APP2_PORT"
  is_running haproxy || lb_up
}

chaos_on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $CHAOS_DRIVER_PID ]] && kill -0 "$CHAOS_DRIVER_PID" 2>/dev/null; then
    kill -TERM "$CHAOS_DRIVER_PID" 2>/dev/null || true
  fi
  if ! chaos_healthy >/dev/null 2>&1; then
    say "chaos: healing the topology before exiting"
    chaos_heal_all || say "chaos: could not heal everything; see ./flashcart status"
  fi
  exit "$rc"
}

# ---- the faults: each injects, waits, heals, and marks fault_start / healed ----------------------------------
chaos_fault_app-kill() {
  local pid
  pid=$(part_pid app1) || die "app1 is not running"
  chaos_mark fault_start
  kill -KILL "$pid"
  chaos_mark fault_injected
  say "  kill -9 app1 (pid $pid)"
  sleep "$CHAOS_APP_DOWN"
  chaos_mark heal_start
  app_start 1 "$APP1_PORT"
  chaos_mark healed
  wait_until 120 "app1" app_ready "$APP1_PORT"
  chaos_mark app1_ready
}

chaos_fault_kafka() {
  chaos_mark fault_start
  kafka_down
  chaos_mark fault_injected
  sleep "$CHAOS_FAULT"
  chaos_mark heal_start
  kafka_up
  chaos_mark healed
}

chaos_fault_replica() {
  chaos_mark fault_start
  stop_part mariadb-replica 60
  chaos_mark fault_injected
  sleep "$CHAOS_FAULT"
  chaos_mark heal_start
  db_start replica
  chaos_mark healed
  db_start_replication
  chaos_mark replication_ok
}

chaos_fault_replica-lag() {
  chaos_mark fault_start
  db_sql replica -e 'STOP SLAVE SQL_THREAD'
  chaos_mark fault_injected
  sleep "$CHAOS_FAULT"
  chaos_mark heal_start
  db_sql replica -e 'START SLAVE SQL_THREAD'
  chaos_mark healed
  db_start_replication    # waits until both threads run and the replica has caught up
  chaos_mark replication_ok
}

chaos_fault_redis() {
  chaos_mark fault_start
  redis_down
  chaos_mark fault_injected
  sleep "$CHAOS_FAULT"
  chaos_mark heal_start
  redis_up
  chaos_mark healed
}

chaos_fault_primary-restart() {
  chaos_mark fault_start
  stop_part mariadb-primary 60
  chaos_mark fault_injected
  sleep "$CHAOS_PRIMARY_DOWN"
  chaos_mark heal_start
  db_start primary
  chaos_mark healed
  # the replica's IO thread reconnects by itself (MASTER_CONNECT_RETRY=1); if not, restart it
  local deadline=$((SECONDS + 30))
  until db_replication_running; do
    if ((SECONDS >= deadline)); then db_start_replication; break; fi
    sleep 1
  done
  chaos_mark replication_ok
}

# chaos_scenario <name> <results file>: one run of the driver with one fault; returns the driver's status
chaos_scenario() {
  local name=$1 out=$2 work="$CHAOS_STATE/$CHAOS_RUN_ID/$1" rc=0
  mkdir -p "$work"
  CHAOS_MARKS="$work/marks"
  : >"$CHAOS_MARKS"
  step "chaos $name: $CHAOS_CLIENTS clients, ${CHAOS_WARMUP}s warm-up, fault, heal, ${CHAOS_SETTLE}s settle"
  if ! chaos_healthy; then
    say "  the topology is not healthy before '$name'; healing first"
    chaos_heal_all
    chaos_healthy || die "the topology is not healthy; not injecting faults into it (./flashcart status)"
  fi
  python3 "$CHAOS_DIR/driver.py" --scenario "$name" --run-id "$CHAOS_RUN_ID" --workdir "$work" \
    --results "$work/report.md" --lb "127.0.0.1:$LB_PORT" --instances "$APP1_PORT,$APP2_PORT" \
    --platform "http://127.0.0.1:$PLATFORM_PORT" --db-socket "$(db_socket primary)" --db-name "$DB_NAME" \
    --redis-port "$REDIS_PORT" --clients "$CHAOS_CLIENTS" --settle "$CHAOS_SETTLE" \
    --events-deadline "$([[ $name == kafka ]] && echo 120 || echo 60)" &
  CHAOS_DRIVER_PID=$!
  local deadline=$((SECONDS + 180))
  until [[ -f $work/started ]]; do
    kill -0 "$CHAOS_DRIVER_PID" 2>/dev/null || { wait "$CHAOS_DRIVER_PID" || true; CHAOS_DRIVER_PID="";
      say "  the driver stopped during setup; no fault injected"; return 1; }
    ((SECONDS < deadline)) || { chaos_mark abort; die "the driver's setup took over 180 s"; }
    sleep 0.5
  done
  sleep "$CHAOS_WARMUP"
  "chaos_fault_$name"
  wait "$CHAOS_DRIVER_PID" || rc=$?
  CHAOS_DRIVER_PID=""
  if ! chaos_healthy; then
    say "  not healthy after '$name': healing"
    chaos_heal_all
  fi
  {
    chaos_header "$name"
    cat "$work/report.md" 2>/dev/null || say "(the driver wrote no report; exit status $rc)"
  } >"$out"
  return "$rc"
}

chaos_header() {
  printf '# Flashcart chaos: %s\n\n' "$1"
  printf 'Run `%s` on %s UTC. Machine: %s cores, %s RAM, %s. Commit `%s`%s. Settings: %s clients, warm-up %ss, ' \
    "$CHAOS_RUN_ID" "$(date -u '+%Y-%m-%d %H:%M')" "$(nproc)" \
    "$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)" \
    "$(java -version 2>&1 | head -1 | tr -d '"')" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')" \
    "$(git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || echo ' (with uncommitted changes under src/)')" \
    "$CHAOS_CLIENTS" "$CHAOS_WARMUP"
  printf 'fault %ss (app-kill %ss, primary down %ss), settle %ss. How to read this: chaos/README.md.\n\n' \
    "$CHAOS_FAULT" "$CHAOS_APP_DOWN" "$CHAOS_PRIMARY_DOWN" "$CHAOS_SETTLE"
}

# one summary row per scenario, from the driver's summary.json
chaos_summary_row() {
  python3 - "$1" "$2" <<'PY'
import json, sys
name, path = sys.argv[1], sys.argv[2]
try:
    s = json.load(open(path))
except (OSError, ValueError):
    print("| %s | no result | - | - | - | - |" % name); sys.exit()
f = lambda v: "-" if v is None else "%.1f s" % v
bad = [i["name"] for i in s["invariants"] if not i["ok"]]
statuses = ", ".join("%s: %d" % kv for kv in sorted(s["by_status"].items()))
print("| %s | %s | %d | %s | %s | %s | %s |" % (name, "PASS" if not bad else "**FAIL**", s["requests"], statuses,
      f(s["healed_to_first_write_s"]), f(s["healed_to_ready_s"]), "; ".join(bad) or "-"))
PY
}

cmd_chaos() {
  local scenarios=("$@") s
  ((${#scenarios[@]})) || scenarios=(all)
  if [[ ${scenarios[0]} == all ]]; then scenarios=("${CHAOS_ALL[@]}"); fi
  for s in "${scenarios[@]}"; do
    [[ " ${CHAOS_ALL[*]} " == *" $s "* ]] || die "unknown chaos scenario '$s' (scenarios: ${CHAOS_ALL[*]} all)"
  done
  ensure_commands python3 curl mariadb redis-cli
  chaos_healthy || die "the topology is not fully up; start it with ./flashcart up first"
  mkdir -p "$CHAOS_STATE" "$CHAOS_DIR/results"
  CHAOS_RUN_ID=$(date -u +%Y%m%d%H%M%S)
  local stamp; stamp=$(date -u +%Y-%m-%d-%H%M)
  trap chaos_on_exit EXIT
  trap 'exit 130' INT TERM
  local failed=() rows=() rc file
  for s in "${scenarios[@]}"; do
    file="$CHAOS_DIR/results/$stamp-$s.md"
    rc=0
    chaos_scenario "$s" "$file" || rc=$?
    ((rc == 0)) || failed+=("$s")
    rows+=("$(chaos_summary_row "$s" "$CHAOS_STATE/$CHAOS_RUN_ID/$s/summary.json")")
    say "  -> $file"
  done
  trap - EXIT INT TERM
  chaos_healthy || { chaos_heal_all; chaos_healthy || die "the topology is not healthy after the chaos run"; }
  local summary="$CHAOS_STATE/$CHAOS_RUN_ID/summary.md"
  {
    chaos_header "${scenarios[*]}"
    printf '| scenario | result | requests | answers by status | healed -> first write | healed -> both ready | failed invariants |\n'
    printf '| --- | --- | --- | --- | --- | --- | --- |\n'
    printf '%s\n' "${rows[@]}"
    printf '\n'
    for s in "${scenarios[@]}"; do
      cat "$CHAOS_STATE/$CHAOS_RUN_ID/$s/report.md" 2>/dev/null || printf '## `%s` — no report\n\n' "$s"
    done
  } >"$summary"
  if ((${#scenarios[@]} == ${#CHAOS_ALL[@]})); then
    cp "$summary" "$CHAOS_DIR/results/$stamp-all.md"
    cp "$summary" "$CHAOS_DIR/results/LATEST.md"
    say "full run: $CHAOS_DIR/results/$stamp-all.md (and LATEST.md)"
  fi
  step "chaos summary"
  printf '%s\n' "${rows[@]}"
  say "topology healthy again (./flashcart status)"
  ((${#failed[@]} == 0)) || die "invariants failed in: ${failed[*]}"
}
