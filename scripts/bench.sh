# ./flashcart bench [scenario...]: load against the local topology (haproxy) with wrk + Lua, the ceilings it
# is compared with (HTTP, Redis, MariaDB), correctness checks, and a dated results file. Sourced by ./flashcart.
# Scenarios: catalog coupon flashsale order checkout points flashmix mixed (default: all). See bench/README.md.
# shellcheck shell=bash

BENCH_DIR="$ROOT/bench"
BENCH_STATE="$STATE_DIR/bench"
BENCH_ALL=(catalog coupon flashsale order checkout points flashmix mixed)
# shellcheck source=bench/seed.sh
source "$BENCH_DIR/seed.sh"

# ---- small helpers --------------------------------------------------------------------------------------------
declare -A BR=()        # results: BR[<run>.<field>] (fields of the BENCH_RESULT line, e.g. rps, p99_ms, stat_paid)
declare -A BCHECK=()    # BCHECK[<scenario>] = "PASS ..." | "FAIL ..." | "skipped: ..."
BENCH_TARGETS=()        # "PASS|MISS|n/a<TAB>text"

calc() { awk "BEGIN { printf \"%.4f\", $* }"; }          # calc '1 / 3' (awk arithmetic)
fmt() { awk -v v="$1" -v d="${2:-1}" 'BEGIN { if (v == "") print "-"; else printf "%.*f", d, v }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && b != "" && a + 0 >= b + 0) }'; }

bench_target() {  # bench_target <PASS|MISS|n/a> <text>
  BENCH_TARGETS+=("$1"$'\t'"$2")
}

bench_target_max() {  # bench_target_max <what> <value> <at most>: PASS when measured and <= the bound
  if [[ -z $2 ]]; then bench_target n/a "$1: not measured"
  elif ge "$3" "$2"; then bench_target PASS "$1 $(fmt "$2" 2) (<= $3)"
  else bench_target MISS "$1 $(fmt "$2" 2) (<= $3)"; fi
}

# bench_new_product <name> <stock>: creates a product with the bench admin session; prints its id, or fails
# printing the answer
bench_new_product() {
  local answer id
  bench_seed_admin
  answer=$(bench_http POST /api/v1/admin/products "$(cat "$BENCH_STATE/admin-token.txt")" \
    "{\"name\":\"$1\",\"description\":\"one hot product\",\"price\":1000,\"stock\":$2}")
  id=$(grep -o '"id" *: *[0-9]*' <<<"$answer" | head -1 | grep -o '[0-9]*$') || true
  if [[ $answer != 201* || -z $id ]]; then
    printf '%s' "${answer:0:200}"; return 1
  fi
  printf '%s' "$id"
}

bench_url() { printf 'http://127.0.0.1:%s%s' "$LB_PORT" "$1"; }

# bench_http <method> <path> [token] [body]: prints "<status> <body>" (curl, 10 s bound)
bench_http() {
  local args=(-sS -m 10 -o "$BENCH_STATE/http.body" -w '%{http_code}' -X "$1")
  [[ -n ${3:-} ]] && args+=(-H "Authorization: Bearer $3")
  [[ -n ${4:-} ]] && args+=(-H 'Content-Type: application/json' --data "$4")
  local status
  status=$(curl "${args[@]}" "$(bench_url "$2")" 2>/dev/null) || status=000
  printf '%s %s' "$status" "$(cat "$BENCH_STATE/http.body" 2>/dev/null)"
}

# The routes the service serves, from its OpenAPI document ("METHOD /path/{}" per line), once per run.
bench_load_routes() {
  rm -f "$BENCH_STATE/routes.txt"
  curl -fsS -m 10 "$(bench_url '/q/openapi?format=json')" 2>/dev/null | python3 -c '
import json, re, sys
doc = json.load(sys.stdin)
for path, ops in doc.get("paths", {}).items():
    for method in ops:
        if method.lower() in ("get", "post", "put", "patch", "delete"):
            print(method.upper(), re.sub(r"\{[^}]*\}", "{}", path))
' >"$BENCH_STATE/routes.txt.new" 2>/dev/null && mv "$BENCH_STATE/routes.txt.new" "$BENCH_STATE/routes.txt"
  rm -f "$BENCH_STATE/routes.txt.new"
}

# bench_has_route <METHOD> <path with {} for ids>: from the OpenAPI document; without one, by probing: a
# 404 NOT_FOUND problem for the route (ids replaced by 0) means it is not there yet.
bench_has_route() {
  if [[ -s $BENCH_STATE/routes.txt ]]; then
    grep -qxF "$1 $2" "$BENCH_STATE/routes.txt"
    return
  fi
  local token="" answer
  [[ -s $BENCH_STATE/tokens.txt ]] && token=$(head -1 "$BENCH_STATE/tokens.txt")
  answer=$(bench_http "$1" "${2//\{\}/0}" "$token" "$([[ $1 == GET ]] || echo '{}')")
  [[ ! ($answer == 404* && $answer == *NOT_FOUND*) && $answer != 000* ]]
}

# bench_missing <route...>: prints the first missing "METHOD path" and fails, or succeeds when all exist
bench_missing() {
  local r
  for r in "$@"; do
    bench_has_route "${r%% *}" "${r#* }" || { printf '%s' "$r"; return 0; }
  done
  return 1
}

# bench_wrk <run name> <lua file> <seconds (0 = count-bound)> [VAR=value...]: runs wrk through haproxy and
# stores the fields of its BENCH_RESULT line in BR[<run name>.<field>]
bench_wrk() {
  local name=$1 lua=$2 seconds=$3; shift 3
  local bound=$((seconds > 0 ? seconds + 20 : BENCH_COUNT_BOUND))
  local out="$BENCH_STATE/$name.out" done_prefix="$BENCH_STATE/$name.done."
  rm -f "$done_prefix"*
  env BENCH_DURATION="$seconds" BENCH_THREADS="$BENCH_THREADS_N" BENCH_STATE="$BENCH_STATE" \
    BENCH_RUN_ID="$BENCH_RUN_ID" BENCH_SCENARIO="$name" BENCH_LUA_DIR="$BENCH_DIR" BENCH_DONE_PREFIX="$done_prefix" "$@" \
    wrk -t "$BENCH_THREADS_N" -c "$BENCH_CONNS" -d "${bound}s" --timeout 5s \
    -s "$BENCH_DIR/$lua" "$(bench_url /)" >"$out" 2>&1 &
  local pid=$! deadline=$((SECONDS + bound + 30)) done_files
  # each wrk thread stops itself when its work is answered; wrk's main thread would still sleep out the -d
  # bound, so it gets SIGINT (wrk's own "stop now": it still prints its summary) once every thread is done
  while kill -0 "$pid" 2>/dev/null; do
    done_files=("$done_prefix"*)
    if [[ -e ${done_files[0]} ]] && ((${#done_files[@]} >= BENCH_THREADS_N)); then
      kill -INT "$pid" 2>/dev/null || true
      break
    fi
    if ((SECONDS > deadline)); then
      kill -TERM "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  wait "$pid" || true
  rm -f "$done_prefix"*
  bench_wrk_result "$name"
}

# bench_wrk_result <run name>: reads the BENCH_RESULT line of a finished run into BR[<run name>.<field>] (bench_wrk
# does it; a run started in the background with bench_wrk has its result read here once it ended)
bench_wrk_result() {
  local name=$1 out="$BENCH_STATE/$1.out" line kv
  line=$(grep -m1 '^BENCH_RESULT ' "$out") || { cat "$out" >&2; die "wrk run '$name' printed no result (see $out)"; }
  for kv in ${line#BENCH_RESULT }; do
    BR[$name.${kv%%=*}]=${kv#*=}
  done
  BR[$name.line]=${line#BENCH_RESULT }
  BR[$name.ran]=1
  BENCH_RUNS+=("$name")
  say "  $name: $(fmt "${BR[$name.rps]}") req/s, p99 $(fmt "${BR[$name.p99_ms]}" 2) ms, statuses ${BR[$name.statuses]}"
}

# bench_5xx <run name>: the number of 5xx answers of a run
bench_5xx() {
  local s=${BR[$1.statuses]:-} n=0 kv
  [[ $s == - ]] && s=""
  for kv in ${s//,/ }; do
    [[ ${kv%%:*} == 5* ]] && n=$((n + ${kv#*:}))
  done
  echo "$n"
}

# bench_non2xx <run name>: "404:3 409:10" (or "-")
bench_non2xx() {
  local s=${BR[$1.statuses]:-} out=() kv
  [[ $s == - ]] && s=""
  for kv in ${s//,/ }; do
    [[ ${kv%%:*} == 2* ]] || out+=("$kv")
  done
  ((${#out[@]})) && echo "${out[*]}" || echo "-"
}

bench_stat() { echo "${BR[$1.stat_$2]:-0}"; }

# ---- ceilings -----------------------------------------------------------------------------------------------
# The JIT compiles the hot paths during the first seconds of load: give it those seconds untimed, on the ping
# and catalog paths and on the write paths of the selected scenarios, so a run right after a (re)start measures
# the service rather than its warm-up (on this 2-core machine C2 otherwise takes a third of an instance's CPU
# during a 15-second write scenario). Warm-up writes are real orders and charges of bench users; each scenario
# takes its "before" figures after them, so its checks stay exact.
bench_warm_up() {
  local runs=(ping catalog) selected=" ${BENCH_SELECTED[*]} " run
  [[ ${FLASHCART_BENCH_WARMUP:-1} != 0 ]] || return 0   # FLASHCART_BENCH_WARMUP=0 turns the warm-up off
  if ((BENCH_HAVE_USERS)); then
    local writes=" order mixed flashmix " charges=" points mixed flashmix " s
    for s in ${BENCH_SELECTED[*]}; do
      [[ $writes == *" $s "* ]] && writes=yes
      [[ $charges == *" $s "* ]] && charges=yes
    done
    [[ $writes == yes ]] && bench_has_route POST /api/v1/orders && runs+=(order)
    [[ $selected == *" checkout "* ]] && bench_has_route POST /api/v1/orders && runs+=(checkout)
    [[ $charges == yes ]] && bench_has_route POST /api/v1/me/points/charges && runs+=(points)
  fi
  # each path is loaded in windows of 10 s until two windows in a row agree within 5% (at most
  # FLASHCART_BENCH_WARMUP_WINDOWS, 6): a timed run then measures the compiled code, not the JIT compiling it
  step "warm-up (not timed): ${runs[*]}, windows of 10s until two agree within 5% (at most $BENCH_WARMUP_MAX each)"
  for run in "${runs[@]}"; do
    bench_until_steady "$run" window req/s bench_warm_window "$run"
  done
  # the flash sale's paths (the stock gate, group commits of orders and of refusals) get small sales of their own,
  # by the same rule: a new product each (200 units, 10,000 buyers, keys of their own) until two sales in a row
  # agree within 5% in attempts/s
  if ((BENCH_HAVE_USERS)) && [[ $selected == *" flashsale "* || $selected == *" flashmix "* ]]; then
    step "warm-up (not timed): flash sales of 200 units to 10,000 buyers until two agree within 5% (at most $BENCH_WARMUP_MAX)"
    bench_until_steady "flash sale" sale attempts/s bench_warm_sale
  fi
}

# bench_agree <rate> <previous rate>: true when the two agree within 5% (the warm-up's rule of a steady state)
bench_agree() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b > 0 && d / b <= 0.05) }'; }

# bench_until_steady <what> <noun> <unit> <load> [args]: runs `<load> <k> [args]` (one untimed load, which leaves
# its rate in BENCH_RATE; failing stops the warm-up of <what>) until two rates in a row agree within 5%, at most
# BENCH_WARMUP_MAX times, and notes after how many loads it settled
bench_until_steady() {
  local what=$1 noun=$2 unit=$3 load=$4 k previous="" settled="not settled"; shift 4
  BENCH_RATE=""
  for ((k = 1; k <= $BENCH_WARMUP_MAX; k++)); do
    "$load" "$k" "$@" || break
    if [[ -n $previous ]] && bench_agree "$BENCH_RATE" "$previous"; then
      settled="settled after $k ${noun}s"
      break
    fi
    previous=$BENCH_RATE
  done
  BENCH_NOTES+=("warm-up $what: $settled (last $noun $(fmt "${BENCH_RATE:-0}") $unit)")
  say "  warm-up $what: $settled ($(fmt "${BENCH_RATE:-0}") $unit)"
}

# bench_warm_window <k> <path>: one 10-second window of the path's scenario
bench_warm_window() {
  bench_wrk "warmup-$2" "$2.lua" 10 >/dev/null
  BENCH_RATE=${BR[warmup-$2.rps]}
}

# bench_warm_sale <k>: one small flash sale of a new product
bench_warm_sale() {
  local id sale="warmup-flashsale-$1"
  id=$(bench_new_product "Flash warm-up $BENCH_RUN_ID-$1" 200) || return 1
  bench_wait_replica
  bench_wrk "$sale" flashsale.lua 0 BENCH_FLASH_PRODUCT="$id" BENCH_FLASH_USERS=10000 \
    BENCH_FLASH_KEYS="${FLASHCART_BENCH_FLASH_KEYS:-1}" >/dev/null
  BENCH_RATE=${BR[$sale.rps]}
}

bench_ceiling_http() {
  local path=/api/v1/ping
  if ! bench_has_route GET /api/v1/ping; then
    path=/q/health/live    # as trivial as it gets among what is deployed; only until ping lands
    BENCH_NOTES+=("HTTP ceiling: /api/v1/ping is not deployed yet; measured on GET /q/health/live instead")
  fi
  step "HTTP ceiling: GET $path through haproxy, $BENCH_CONNS connections, ${BENCH_DURATION}s"
  bench_wrk ceiling-http ping.lua "$BENCH_DURATION" BENCH_PING_PATH="$path"
  BENCH_PING_PATH_USED=$path
  BR[ceiling.http]=${BR[ceiling-http.rps]}
}

bench_ceiling_redis() {
  local n=${FLASHCART_BENCH_REDIS_REQUESTS:-$((BENCH_DURATION * 20000))} sha csv
  step "Redis ceiling: redis-benchmark EVALSHA coupon-issue.lua, $BENCH_CONNS connections, $n requests"
  sha=$(redis_cli SCRIPT LOAD "$(cat "$ROOT/src/main/resources/redis/coupon-issue.lua")")
  redis_cli DEL bench:coupon:holders >/dev/null
  redis_cli SET bench:coupon:total $((n * 10)) >/dev/null
  csv=$(timeout 300 redis-benchmark -h 127.0.0.1 -p "$REDIS_PORT" -c "$BENCH_CONNS" -n "$n" -r 1000000000 --csv \
    EVALSHA "$sha" 3 bench:coupon:holders bench:coupon:total bench:coupon:rate:__rand_int__ __rand_int__ 2000 5 \
    2>/dev/null | tail -1) || true
  BR[ceiling-redis.issued]=$(redis_cli SCARD bench:coupon:holders)
  redis_cli DEL bench:coupon:holders bench:coupon:total >/dev/null
  # "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
  IFS=, read -r _ BR[ceiling-redis.rps] _ _ BR[ceiling-redis.p50_ms] _ BR[ceiling-redis.p99_ms] BR[ceiling-redis.max_ms] \
    <<<"${csv//\"/}"
  [[ ${BR[ceiling-redis.rps]:-} =~ ^[0-9.]+$ ]] || die "redis-benchmark gave no result: $csv"
  BR[ceiling.redis]=${BR[ceiling-redis.rps]}
  say "  ceiling-redis: $(fmt "${BR[ceiling.redis]}") EVALSHA/s, p99 ${BR[ceiling-redis.p99_ms]} ms (${BR[ceiling-redis.issued]} issued)"
}

# single-row autocommit UPDATEs on the primary: flashcart_bench.counter (root only, over the socket)
bench_ceiling_db() {
  local n=${FLASHCART_BENCH_DB_QUERIES:-$((BENCH_DURATION * 4000))} before after out secs
  step "MariaDB ceiling: single-row autocommit UPDATEs on the primary, $BENCH_CONNS connections, $n statements"
  db_sql primary <<'SQL' || die "could not prepare flashcart_bench.counter"
CREATE DATABASE IF NOT EXISTS flashcart_bench;
CREATE TABLE IF NOT EXISTS flashcart_bench.counter (id INT NOT NULL PRIMARY KEY, n BIGINT NOT NULL DEFAULT 0) ENGINE = InnoDB;
INSERT IGNORE INTO flashcart_bench.counter (id) SELECT seq FROM flashcart_bench.seq_1_to_1000;
DROP PROCEDURE IF EXISTS flashcart_bench.bump;
DELIMITER //
-- one autocommit UPDATE of one random row (the id is computed first, so the primary key is used)
CREATE PROCEDURE flashcart_bench.bump() MODIFIES SQL DATA
BEGIN
  DECLARE i INT DEFAULT FLOOR(1 + RAND() * 1000);
  UPDATE flashcart_bench.counter SET n = n + 1 WHERE id = i;
END//
DELIMITER ;
SQL
  before=$(db_sql primary -N -e 'SELECT SUM(n) FROM flashcart_bench.counter')
  out=$(timeout 600 mariadb-slap --no-defaults --protocol=socket --socket="$(db_socket primary)" -uroot \
    --create-schema=flashcart_bench --no-drop --concurrency="$BENCH_CONNS" --iterations=1 \
    --number-of-queries="$n" --query='CALL bump()' 2>&1) || die "mariadb-slap failed: $out"
  after=$(db_sql primary -N -e 'SELECT SUM(n) FROM flashcart_bench.counter')
  secs=$(sed -n 's/.*Average number of seconds to run all queries: \([0-9.]*\).*/\1/p' <<<"$out")
  BR[ceiling-db.updates]=$((after - before))
  BR[ceiling-db.seconds]=$secs
  BR[ceiling-db.rps]=$(calc "($after - $before) / $secs")
  BR[ceiling.db]=${BR[ceiling-db.rps]}
  say "  ceiling-db: $(fmt "${BR[ceiling.db]}") updates/s ($((after - before)) in ${secs}s)"
}

# ---- database probes for the checks ---------------------------------------------------------------------------
bench_users_join="JOIN app_user u ON u.id = l.user_id AND u.email LIKE '$BENCH_EMAIL_LIKE'"

bench_ledger_max() { bench_q 'SELECT COALESCE(MAX(id), 0) FROM point_ledger'; }

# bench users whose signed ledger sum differs from their wallet balance
bench_ledger_mismatches() {
  bench_q "SELECT COUNT(*) FROM (
      SELECT w.user_id FROM point_wallet w JOIN app_user u ON u.id = w.user_id AND u.email LIKE '$BENCH_EMAIL_LIKE'
      LEFT JOIN point_ledger l ON l.user_id = w.user_id
      GROUP BY w.user_id, w.balance
      HAVING COALESCE(SUM(CASE l.type WHEN 'USE' THEN -l.amount ELSE l.amount END), 0) <> w.balance) x"
}

# "<rows> <sum>" of bench users' ledger rows of a type newer than an id
bench_ledger_new() {
  bench_q "SELECT COUNT(*), COALESCE(SUM(l.amount), 0) FROM point_ledger l $bench_users_join
           WHERE l.id > $1 AND l.type = '$2'" | tr '\t' ' '
}

BENCH_STOCK_SQL="SELECT COALESCE(SUM(stock), 0) FROM product WHERE name LIKE 'Bench product %'"

# bench_stock_snapshot: the bench products' stock, then the ids of the orders pending payment (comma-separated, 0
# when none), read in one consistent snapshot: the units of those that expire during a scenario (placed 15 minutes
# earlier by an earlier run, and never paid) come back to the stock meanwhile
bench_stock_snapshot() {
  db_sql primary "$DB_NAME" -N -B -e "SET SESSION group_concat_max_len = 16777216;
    START TRANSACTION WITH CONSISTENT SNAPSHOT;
    $BENCH_STOCK_SQL;
    SELECT COALESCE(GROUP_CONCAT(id), '0') FROM customer_order WHERE status = 'PENDING_PAYMENT';
    COMMIT;" | tr '\n' ' '
}

# bench_stock_after <pending ids>: the bench products' stock, then the units of their lines in those orders that
# have expired or were cancelled since, in one consistent snapshot
bench_stock_after() {
  db_sql primary "$DB_NAME" -N -B -e "START TRANSACTION WITH CONSISTENT SNAPSHOT;
    $BENCH_STOCK_SQL;
    SELECT COALESCE(SUM(l.quantity), 0) FROM customer_order o JOIN order_line l ON l.order_id = o.id
      JOIN product p ON p.id = l.product_id
      WHERE o.id IN ($1) AND o.status IN ('EXPIRED', 'CANCELLED') AND p.name LIKE 'Bench product %';
    COMMIT;" | tr '\n' ' '
}

bench_platform_paid() {
  curl -fsS -m 5 "${FLASHCART_BENCH_PLATFORM_URL:-http://127.0.0.1:8090}/api/v1/stats" 2>/dev/null \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["paidOrders"])' 2>/dev/null
}

bench_outbox_table() {
  bench_q "SELECT table_name FROM information_schema.tables WHERE table_schema = '$DB_NAME'
           AND table_name LIKE '%outbox%' ORDER BY table_name LIMIT 1"
}

# ---- scenarios ----------------------------------------------------------------------------------------------
bench_skip() {  # bench_skip <scenario> <reason>
  BCHECK[$1]="skipped: $2"
  say "  $1 skipped: $2"
}

bench_need_users() {
  ((BENCH_HAVE_USERS)) && return 0
  bench_skip "$1" "endpoint not available yet (user tables not migrated, no bench sessions)"
  return 1
}

bench_catalog() {
  local missing
  if missing=$(bench_missing 'GET /api/v1/products/{}' 'GET /api/v1/products'); then
    bench_skip catalog "endpoint not available yet ($missing)"; return
  fi
  step "catalog: product detail (80%) and list pages (20%), ${BENCH_DURATION}s"
  bench_wrk catalog catalog.lua "$BENCH_DURATION"
  local bad=$(( ${BR[catalog.requests]} - $(bench_2xx catalog) ))
  if ((bad == 0)); then BCHECK[catalog]="PASS every answer 2xx"; else BCHECK[catalog]="FAIL $bad answers not 2xx"; fi
}

bench_2xx() {
  local s=${BR[$1.statuses]:-} n=0 kv
  [[ $s == - ]] && s=""
  for kv in ${s//,/ }; do
    [[ ${kv%%:*} == 2* ]] && n=$((n + ${kv#*:}))
  done
  echo "$n"
}

bench_coupon() {
  local missing
  bench_need_users coupon || return 0
  if missing=$(bench_missing 'POST /api/v1/admin/coupons' 'POST /api/v1/coupons/{}/issue' 'GET /api/v1/coupons/{}'); then
    bench_skip coupon "endpoint not available yet ($missing)"; return
  fi
  bench_seed_admin
  local qty=${FLASHCART_BENCH_COUPON_QUANTITY:-1000} reqs=${FLASHCART_BENCH_COUPON_REQUESTS:-50000}
  local users; users=$(wc -l <"$BENCH_STATE/tokens.txt")
  ((users < reqs)) && { BENCH_NOTES+=("coupon: only $users bench users, so $users requests instead of $reqs"); reqs=$users; }
  local from until answer id
  from=$(date -u -d '-5 min' +%FT%TZ); until=$(date -u -d '+1 day' +%FT%TZ)
  answer=$(bench_http POST /api/v1/admin/coupons "$(cat "$BENCH_STATE/admin-token.txt")" \
    "{\"name\":\"Bench coupon $BENCH_RUN_ID\",\"discountType\":\"FIXED\",\"discountValue\":1000,\"totalQuantity\":$qty,\"validFrom\":\"$from\",\"validUntil\":\"$until\"}")
  id=$(grep -o '"id" *: *[0-9]*' <<<"$answer" | head -1 | grep -o '[0-9]*$') || true
  if [[ $answer != 201* || -z $id ]]; then
    BCHECK[coupon]="FAIL could not create the bench coupon: ${answer:0:200}"; say "  ${BCHECK[coupon]}"; return
  fi
  bench_wait_replica
  step "coupon: $reqs issue requests from distinct users for coupon $id ($qty units)"
  bench_wrk coupon coupon.lua 0 BENCH_COUPON_ID="$id" BENCH_COUPON_REQUESTS="$reqs"
  local issued; issued=$(bench_stat coupon issued)
  answer=$(bench_http GET "/api/v1/coupons/$id")
  local reported; reported=$(grep -o '"issuedQuantity" *: *[0-9]*' <<<"$answer" | grep -o '[0-9]*$') || reported='?'
  BR[coupon.issued]=$issued
  if [[ $issued == "$qty" && $reported == "$qty" ]]; then
    BCHECK[coupon]="PASS $issued issued (201), coupon reports $reported"
  else
    BCHECK[coupon]="FAIL $issued issued (201), coupon reports $reported, expected exactly $qty"
  fi
}

# statements the service's instances have sent to the primary so far: MariaDB's user statistics (turned on by the
# first call) for the service's database user, SELECT + UPDATE + other commands. The server's Questions would also
# count the fake data platform (its own user, about 10 statements per event it stores) and the bench's own queries.
bench_questions() {
  db_sql primary -N -e "SET GLOBAL userstat = 1; SELECT COALESCE((SELECT SELECT_COMMANDS + UPDATE_COMMANDS +
    OTHER_COMMANDS FROM information_schema.USER_STATISTICS WHERE USER = '$DB_USER'), 0)"
}

# CPU the service's instances have used so far, in ms (user + system time of every app*.pid, from /proc/<pid>/stat;
# the JIT's and the collector's threads count: they are part of what a request costs)
bench_app_cpu_ms() { bench_cpu_ms app1 app2; }

# bench_cpu_ms <part>...: CPU the local topology's parts (their $RUN_DIR/<part>.pid) have used so far, in ms
bench_cpu_ms() {
  local part pid ticks=0 t hz; hz=$(getconf CLK_TCK)
  for part in "$@"; do
    pid=$(cat "$RUN_DIR/$part.pid" 2>/dev/null) || continue
    [[ -r /proc/$pid/stat ]] || continue
    t=$(sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')   # fields 14, 15 after "pid (comm) "
    ticks=$((ticks + t))
  done
  echo $((ticks * 1000 / hz))
}

# The parts whose CPU a scenario is measured for, as "label:part part..." (bench_cpu_ms' parts)
BENCH_CPU_PARTS=("instances:app1 app2" "primary:mariadb-primary" "replica:mariadb-replica" "redis:redis"
  "haproxy:haproxy" "kafka:kafka" "platform:platform")

# bench_cpu_snapshot: each of BENCH_CPU_PARTS' CPU so far (ms), space-separated in that order
bench_cpu_snapshot() {
  local entry out=()
  for entry in "${BENCH_CPU_PARTS[@]}"; do
    # shellcheck disable=SC2086 # the parts are words
    out+=("$(bench_cpu_ms ${entry#*:})")
  done
  echo "${out[*]}"
}

# bench_cpu_between "<snapshot before>" "<snapshot after>": "instances 6.9 s, primary 1.1 s, ..." (CPU used between)
bench_cpu_between() {
  local -a before=($1) after=($2)
  local i out=""
  for i in "${!BENCH_CPU_PARTS[@]}"; do
    out+="${out:+, }${BENCH_CPU_PARTS[i]%%:*} $(fmt "$(calc "(${after[i]} - ${before[i]}) / 1000")" 2) s"
  done
  echo "$out"
}

# bench_cpu_per "<snapshot before>" "<snapshot after>" <n>: "instances 4.1, primary 1.2, ..." (CPU ms per one of n)
bench_cpu_per() {
  local -a before=($1) after=($2)
  local i n=$3 out=""
  for i in "${!BENCH_CPU_PARTS[@]}"; do
    out+="${out:+, }${BENCH_CPU_PARTS[i]%%:*} $(fmt "$(calc "(${after[i]} - ${before[i]}) / $n")" 2)"
  done
  echo "$out"
}

# bench_flash_buyers <scenario>: sets BENCH_FLASH_BUYERS, how many buyers a flash sale gets
# (FLASHCART_BENCH_FLASH_USERS, 20,000, at most the bench users there are)
bench_flash_buyers() {
  local have
  BENCH_FLASH_BUYERS=${FLASHCART_BENCH_FLASH_USERS:-20000}
  have=$(wc -l <"$BENCH_STATE/tokens.txt")
  if ((have < BENCH_FLASH_BUYERS)); then
    BENCH_NOTES+=("$1: only $have bench users, so $have buyers instead of $BENCH_FLASH_BUYERS")
    BENCH_FLASH_BUYERS=$have
  fi
}

# bench_sellout_ms <run>: the time to sell out as the buyers saw it, from the earliest first attempt of a wrk thread
# to the latest 201 of one (flashsale.lua's t<n>_first_ms and t<n>_sold_ms, epoch ms), or ? without them. Not from
# the orders' created_at: Connector/J reads MariaDB's version as 5.5.5 and sends times without their fraction, so
# locally they are whole seconds (MySQL keeps them).
bench_sellout_ms() {
  local k first="" last=""
  for k in "${!BR[@]}"; do
    case $k in
      "$1".stat_t*_first_ms) [[ -n $first && ${BR[$k]} -ge $first ]] || first=${BR[$k]} ;;
      "$1".stat_t*_sold_ms) [[ -n $last && ${BR[$k]} -le $last ]] || last=${BR[$k]} ;;
    esac
  done
  if [[ -n $first && -n $last ]]; then echo $((last - first)); else echo "?"; fi
}

# flashsale: the issue's burst, then the same burst with keys. In each, a crowd of distinct users each orders 1 unit
# of ONE new product (count-bound), then every successful buyer pays. `flashsale` is the sale as issue 14 defines it
# (every buyer orders once, without an Idempotency-Key: a refusal is an answer nobody can ask for again, so it
# never reaches the database); `flashsale-keyed` sends every order with a key of its own, as clients that retry must,
# which makes every refusal an answer the contract keeps for a repeat (recorded on the primary before it is given).
# FLASHCART_BENCH_FLASH_KEYED=0 runs the first only.
bench_flashsale() {
  local missing
  bench_need_users flashsale || return 0
  if missing=$(bench_missing 'POST /api/v1/admin/products' 'POST /api/v1/orders' 'POST /api/v1/orders/{}/payment'); then
    bench_skip flashsale "endpoint not available yet ($missing)"; return
  fi
  bench_flash_burst flashsale 0
  ((${FLASHCART_BENCH_FLASH_KEYED:-1})) && bench_flash_burst flashsale-keyed 1
  return 0
}

# bench_flash_burst <run> <keys 0|1>: one flash sale and its buyers' payments (run <run>-pay); checks: exactly the
# stock sold and paid, the rest OUT_OF_STOCK, no 5xx, stock 0, USE rows = payments, the data platform got every
# payment. Leaves BCHECK[<run>] and BR[<run>.*] (sellout_ms, statements, cpu, refusals).
bench_flash_burst() {
  local run=$1 keys=$2 pay="$1-pay"
  local stock=${FLASHCART_BENCH_FLASH_STOCK:-1000} users id
  bench_flash_buyers "$run"; users=$BENCH_FLASH_BUYERS
  if ! id=$(bench_new_product "Flash sale $BENCH_RUN_ID $run" "$stock"); then
    BCHECK[$run]="FAIL could not create the flash product: $id"; say "  ${BCHECK[$run]}"; return
  fi
  bench_topup_wallets
  bench_wait_replica
  local ledger0 platform0 q0 q1
  ledger0=$(bench_ledger_max); platform0=$(bench_platform_paid) || true
  q0=$(bench_questions)
  local cpu0; cpu0=$(bench_cpu_snapshot)
  step "$run: $users distinct buyers of 1 unit of product $id ($stock in stock), Idempotency-Keys: $keys"
  bench_wrk "$run" flashsale.lua 0 BENCH_FLASH_PRODUCT="$id" BENCH_FLASH_USERS="$users" BENCH_FLASH_KEYS="$keys"
  BR[$run.cpu]=$(bench_cpu_between "$cpu0" "$(bench_cpu_snapshot)")
  say "  $run CPU during the burst: ${BR[$run.cpu]}"
  q1=$(bench_questions)
  BR[$run.statements]=$((q1 - q0))
  local ordered refused sellout
  ordered=$(bench_stat "$run" ordered); refused=$(bench_stat "$run" conflict_OUT_OF_STOCK)
  sellout=$(bench_sellout_ms "$run")
  BR[$run.sellout_ms]=$sellout
  # the buyers' tokens with their orders: tokens.txt line n is the n-th bench user by id
  bench_q "SELECT id FROM app_user WHERE email LIKE '$BENCH_EMAIL_LIKE' ORDER BY id" >"$BENCH_STATE/bench-user-ids.txt"
  bench_q "SELECT o.user_id, o.id FROM customer_order o JOIN order_line l ON l.order_id = o.id
    WHERE l.product_id = $id AND o.status = 'PENDING_PAYMENT'" | python3 -c '
import sys
state = sys.argv[1]
ids = [l.strip() for l in open(state + "/bench-user-ids.txt")]
tokens = [l.strip() for l in open(state + "/tokens.txt")]
rank = {uid: n for n, uid in enumerate(ids)}
for line in sys.stdin:
    uid, order = line.split()
    print(tokens[rank[uid]], order)
' "$BENCH_STATE" >"$BENCH_STATE/flashpay.txt"
  step "$run: the $(wc -l <"$BENCH_STATE/flashpay.txt") buyers pay"
  bench_wrk "$pay" flashpay.lua 0
  local paid left uses uses_sum problems=()
  paid=$(bench_stat "$pay" paid)
  left=$(bench_q "SELECT stock FROM product WHERE id = $id")
  ((ordered == stock)) || problems+=("$ordered orders for a stock of $stock")
  ((refused == users - stock)) || problems+=("$refused OUT_OF_STOCK of $((users - stock)) expected")
  ((paid == stock)) || problems+=("$paid paid of $stock")
  ((left == 0)) || problems+=("stock left $left")
  (($(bench_5xx "$run") + $(bench_5xx "$pay") == 0)) || problems+=("5xx answers")
  read -r uses uses_sum <<<"$(bench_ledger_new "$ledger0" USE)"
  [[ $uses == "$paid" ]] || problems+=("$uses USE ledger rows for $paid payments")
  local note="platform not checked"
  if [[ -n $platform0 ]]; then
    local p1 deadline=$((SECONDS + 30))
    while p1=$(bench_platform_paid) && ((p1 - platform0 < paid && SECONDS < deadline)); do sleep 1; done
    note="data platform +$((p1 - platform0)) paid orders"
    ((p1 - platform0 == paid)) || problems+=("$note, expected +$paid")
  fi
  BR[$run.refusals]=$refused
  if ((${#problems[@]} == 0)); then
    BCHECK[$run]="PASS $ordered sold and paid of $stock, $refused OUT_OF_STOCK, stock 0, sold out in ${sellout} ms; $((q1 - q0)) statements on the primary during the burst; CPU during the burst: ${BR[$run.cpu]}; $uses USE rows = payments; $note"
  else
    BCHECK[$run]="FAIL $(printf '%s; ' "${problems[@]}" | sed 's/; $//')"
  fi
}

bench_order() { bench_paid_orders order order.lua "create + pay orders of 1..3 random products"; }
bench_checkout() { bench_paid_orders checkout checkout.lua "one-step checkouts (\"pay\": true) of 1..3 random products"; }

# bench_paid_orders <scenario> <lua> <what>: orders paid with points for BENCH_DURATION, then the checks: stock fell
# by the units ordered, a USE ledger row per payment, ledger = balances, the data platform got every payment
bench_paid_orders() {
  local scenario=$1 lua=$2 what=$3 missing
  bench_need_users "$scenario" || return 0
  if missing=$(bench_missing 'POST /api/v1/orders' 'POST /api/v1/orders/{}/payment'); then
    bench_skip "$scenario" "endpoint not available yet ($missing)"; return
  fi
  local stock0 pending0 ledger0 platform0 outbox outbox0=""
  read -r stock0 pending0 <<<"$(bench_stock_snapshot)"; ledger0=$(bench_ledger_max); platform0=$(bench_platform_paid) || true
  outbox=$(bench_outbox_table)
  [[ -n $outbox ]] && outbox0=$(bench_q "SELECT COUNT(*) FROM \`$outbox\`")
  local t0; t0=$(db_sql primary -N -e 'SELECT UTC_TIMESTAMP(3)')
  local q0 cpu0 parts0; q0=$(bench_questions); cpu0=$(bench_app_cpu_ms); parts0=$(bench_cpu_snapshot)
  step "$scenario: $what, ${BENCH_DURATION}s"
  bench_wrk "$scenario" "$lua" "$BENCH_DURATION"
  BR[$scenario.statements]=$(( $(bench_questions) - q0 ))
  BR[$scenario.cpu_ms]=$(( $(bench_app_cpu_ms) - cpu0 ))
  local parts1; parts1=$(bench_cpu_snapshot)
  local paid units paid_amount stock1 returned uses problems=()
  paid=$(bench_stat "$scenario" paid); units=$(bench_stat "$scenario" reserved_units); paid_amount=$(bench_stat "$scenario" paid_amount)
  BR[$scenario.paid_per_s]=$(calc "$paid / ${BR[$scenario.seconds]}")
  ((paid > 0)) && BR[$scenario.statements_per_paid]=$(calc "${BR[$scenario.statements]} / $paid") \
    && BR[$scenario.cpu_ms_per_paid]=$(calc "${BR[$scenario.cpu_ms]} / $paid") \
    && BR[$scenario.cpu_parts]=$(bench_cpu_per "$parts0" "$parts1" "$paid") \
    && say "  $scenario CPU ms per paid order: ${BR[$scenario.cpu_parts]}"
  read -r stock1 returned <<<"$(bench_stock_after "$pending0")"
  local given_back=""
  ((returned == 0)) || given_back=" (+$returned given back by earlier orders that expired)"
  ((stock0 - stock1 == units - returned)) \
    || problems+=("stock fell by $((stock0 - stock1)), orders reserved $units, earlier orders gave back $returned")
  read -r uses uses_sum <<<"$(bench_ledger_new "$ledger0" USE)"
  [[ $uses == "$paid" && $uses_sum == "$paid_amount" ]] \
    || problems+=("$uses USE ledger rows ($uses_sum points) for $paid payments ($paid_amount points)")
  local mism; mism=$(bench_ledger_mismatches)
  ((mism == 0)) || problems+=("$mism users whose ledger sum differs from the balance")
  local outbox_note
  if [[ -n $platform0 ]]; then
    local p1 deadline=$((SECONDS + 30))
    while p1=$(bench_platform_paid) && ((p1 - platform0 < paid && SECONDS < deadline)); do sleep 1; done
    outbox_note="data platform +$((p1 - platform0)) paid orders"
    ((p1 - platform0 == paid)) || problems+=("$outbox_note, expected +$paid")
    # payment (occurredAt, inside the paying transaction) -> the data platform has it (its received_at)
    local delay
    delay=$(db_sql primary -N -e "SELECT CONCAT(ROUND(MAX(p50)), ' ', ROUND(MAX(p99))) FROM (
        SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY d) OVER () p50,
               PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY d) OVER () p99
        FROM (SELECT TIMESTAMPDIFF(MICROSECOND, occurred_at, received_at) / 1000 d
              FROM \`${DB_NAME}_platform\`.platform_event
              WHERE event_type = 'PaymentCompleted' AND received_at >= '$t0') t) x") || delay=""
    if [[ -n $delay && $delay != NULL ]]; then
      read -r BR[$scenario.event_p50_ms] BR[$scenario.event_p99_ms] <<<"$delay"
      outbox_note+="; payment -> data platform p50 ${BR[$scenario.event_p50_ms]} ms, p99 ${BR[$scenario.event_p99_ms]} ms"
    fi
  elif [[ -n $outbox ]]; then
    local o1; o1=$(bench_q "SELECT COUNT(*) FROM \`$outbox\`")
    outbox_note="$outbox +$((o1 - outbox0)) rows (info: rows may be removed once published)"
  else
    outbox_note="outbox not checked (no data platform, no outbox table)"
  fi
  if ((${#problems[@]} == 0)); then
    BCHECK[$scenario]="PASS $paid paid; $(fmt "${BR[$scenario.statements_per_paid]:-}" 1) primary statements and $(fmt "${BR[$scenario.cpu_ms_per_paid]:-}" 2) ms of the instances' CPU per paid order (CPU ms of each part per paid order: ${BR[$scenario.cpu_parts]:-?}); stock -$units$given_back; $uses USE rows = payments; ledger = balances; $outbox_note"
  else
    BCHECK[$scenario]="FAIL $(printf '%s; ' "${problems[@]}" | sed 's/; $//')"
  fi
}

bench_points() {
  local missing
  bench_need_users points || return 0
  if missing=$(bench_missing 'GET /api/v1/me/points' 'POST /api/v1/me/points/charges'); then
    bench_skip points "endpoint not available yet ($missing)"; return
  fi
  local ledger0 q0 cpu0; ledger0=$(bench_ledger_max); q0=$(bench_questions); cpu0=$(bench_app_cpu_ms)
  step "points: charges with distinct Idempotency-Keys by many users, ${BENCH_DURATION}s"
  bench_wrk points points.lua "$BENCH_DURATION"
  BR[points.statements]=$(( $(bench_questions) - q0 ))
  BR[points.cpu_ms]=$(( $(bench_app_cpu_ms) - cpu0 ))
  local ok amount rows sum mism
  ok=$(bench_stat points charged); amount=$(bench_stat points charged_amount)
  ((ok > 0)) && BR[points.statements_per_charge]=$(calc "${BR[points.statements]} / $ok") \
    && BR[points.cpu_ms_per_charge]=$(calc "${BR[points.cpu_ms]} / $ok")
  read -r rows sum <<<"$(bench_ledger_new "$ledger0" CHARGE)"
  mism=$(bench_ledger_mismatches)
  if [[ $rows == "$ok" && $sum == "$amount" ]] && ((mism == 0)); then
    BCHECK[points]="PASS $ok answers 200 = $rows new CHARGE rows ($sum points); ledger sum = balance for every bench user; $(fmt "${BR[points.statements_per_charge]:-}" 1) primary statements and $(fmt "${BR[points.cpu_ms_per_charge]:-}" 2) ms of the instances' CPU per charge"
  else
    BCHECK[points]="FAIL $ok answers 200 ($amount points) vs $rows new CHARGE rows ($sum points); $mism users with ledger sum != balance"
  fi
}

# flashmix: a flash sale while the rest of the shop is busy. The mixed blend (reads, charges, orders) runs alone for
# BENCH_DURATION, then again for BENCH_DURATION + 15 s with the flash sale's burst (a new product of FLASH_STOCK
# units, FLASH_USERS buyers, keyed as in flashsale) starting 3 s in. The blend counts its answers per second
# (BENCH_TIMELINE): its seconds inside the burst are compared with its seconds alone (first and last seconds of each
# run left out, as partial). Checks: the sale exact (stock orders, every other buyer OUT_OF_STOCK, stock 0) and
# ledger = balances; the buyers do not pay (their orders expire).
bench_flashmix() {
  local missing
  bench_need_users flashmix || return 0
  if missing=$(bench_missing 'POST /api/v1/admin/products' 'POST /api/v1/orders' 'POST /api/v1/orders/{}/payment' \
    'POST /api/v1/me/points/charges'); then
    bench_skip flashmix "endpoint not available yet ($missing)"; return
  fi
  local stock=${FLASHCART_BENCH_FLASH_STOCK:-1000} keys=${FLASHCART_BENCH_FLASH_KEYS:-1} users id
  bench_flash_buyers flashmix; users=$BENCH_FLASH_BUYERS
  if ! id=$(bench_new_product "Flash sale under load $BENCH_RUN_ID" "$stock"); then
    BCHECK[flashmix]="FAIL could not create the flash product: $id"; say "  ${BCHECK[flashmix]}"; return
  fi
  bench_wait_replica
  local blend=(BENCH_MIXED_FEATURES=points,orders BENCH_TIMELINE=1)
  step "flashmix: the mixed blend alone, ${BENCH_DURATION}s"
  bench_wrk flashmix-alone mixed.lua "$BENCH_DURATION" "${blend[@]}"
  step "flashmix: the blend again, and from 3 s in $users buyers of 1 unit of product $id ($stock in stock)"
  bench_wrk flashmix-blend mixed.lua $((BENCH_DURATION + 15)) "${blend[@]}" >/dev/null &
  local blend_pid=$! b0 b1
  sleep 3
  b0=$(date +%s.%N)
  bench_wrk flashmix flashsale.lua 0 BENCH_FLASH_PRODUCT="$id" BENCH_FLASH_USERS="$users" BENCH_FLASH_KEYS="$keys"
  b1=$(date +%s.%N)
  wait "$blend_pid" || true
  bench_wrk_result flashmix-blend
  local alone during
  read -r alone during <<<"$(python3 - "$b0" "$b1" "${BR[flashmix-alone.line]}" "${BR[flashmix-blend.line]}" <<'PY'
import math, sys
b0, b1 = float(sys.argv[1]), float(sys.argv[2])
def seconds(line):
    at = {int(k[8:]): int(v) for k, v in (kv.split("=", 1) for kv in line.split()) if k.startswith("stat_at_")}
    inner = sorted(at)[1:-1]                       # the first and last seconds are partial
    return {s: at[s] for s in inner}
alone = seconds(sys.argv[3])
blend = seconds(sys.argv[4])
inside = [n for s, n in blend.items() if s >= math.ceil(b0) and s + 1 <= b1]
mean = lambda xs: sum(xs) / len(xs) if xs else 0
print("%.1f %s" % (mean(list(alone.values())), "%.1f" % mean(inside) if inside else ""))
PY
)"
  BR[flashmix.blend_alone]=$alone; BR[flashmix.blend_during]=$during
  [[ -n $during ]] && BR[flashmix.drop]=$(calc "1 - $during / $alone")
  local ordered refused left mism problems=()
  ordered=$(bench_stat flashmix ordered); refused=$(bench_stat flashmix conflict_OUT_OF_STOCK)
  left=$(bench_q "SELECT stock FROM product WHERE id = $id")
  ((ordered == stock)) || problems+=("$ordered orders for a stock of $stock")
  ((refused == users - stock)) || problems+=("$refused OUT_OF_STOCK of $((users - stock)) expected")
  ((left == 0)) || problems+=("stock left $left")
  mism=$(bench_ledger_mismatches)
  ((mism == 0)) || problems+=("$mism users whose ledger sum differs from the balance")
  [[ -n $during ]] || problems+=("the burst ended before a whole second of the blend ran beside it")
  if ((${#problems[@]} == 0)); then
    BCHECK[flashmix]="PASS $ordered sold of $stock, $refused OUT_OF_STOCK, stock 0, ledger = balances; the blend answered $(fmt "$during") req/s during the burst, $(fmt "$alone") alone"
  else
    BCHECK[flashmix]="FAIL $(printf '%s; ' "${problems[@]}" | sed 's/; $//')"
  fi
}

# bench_mib <kB>: whole MiB, or - when empty
bench_mib() { [[ -n ${1:-} ]] && calc "$1 / 1024" | xargs printf '%.0f' || echo -; }

# bench_rss_kb <file> <part>: the part's RSS in kB from a bench_rss file (rss-start/end/settled.txt), or nothing
bench_rss_kb() { awk -v p="$2" '$1 == p { print $2 }' "$1" 2>/dev/null; }

bench_rss() {  # prints "<part> <rss kB>" for every process in $RUN_DIR
  local f pid
  for f in "$RUN_DIR"/*.pid; do
    pid=$(<"$f")
    [[ -r /proc/$pid/status ]] || continue
    printf '%s %s\n' "$(basename "$f" .pid)" "$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")"
  done
}

# bench_sample_memory <seconds>: every 5 s, "<elapsed s> <part> <RSS kB> <live heap kB or ->" for every process in
# $RUN_DIR, into rss-samples.txt. The live heap is measured on the instances every 15 s from the first minute on:
# jcmd GC.class_histogram runs a full collection and counts the objects it left in the same safepoint, so what it
# totals is the live set at that instant. (Reading the old generation with jstat after jcmd GC.run counted the
# objects young collections had promoted in the second between the two commands under load: 2-3 MiB of noise
# that one early sample turned into a slope.) What survives a full collection is what a leak grows; RSS also
# grows while a JVM's heap and code cache are still settling.
bench_sample_memory() {
  local seconds=$1 start=$SECONDS f pid part live elapsed measure next_live=60
  : >"$BENCH_STATE/rss-samples.txt"
  while ((SECONDS - start <= seconds)); do
    elapsed=$((SECONDS - start)) measure=0
    if ((elapsed >= next_live)); then measure=1 next_live=$((next_live + 15)); fi
    for f in "$RUN_DIR"/*.pid; do
      pid=$(<"$f"); part=$(basename "$f" .pid)
      [[ -r /proc/$pid/status ]] || continue
      live=""
      if ((measure)) && [[ $part == app* ]]; then
        live=$(jcmd "$pid" GC.class_histogram 2>/dev/null | awk '$1 == "Total" { printf "%d", $3 / 1024 }') || live=""
      fi
      printf '%s %s %s %s\n' "$elapsed" "$part" "$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")" \
        "${live:--}" >>"$BENCH_STATE/rss-samples.txt"
    done
    sleep 5
  done
}

# bench_memory_slopes: "<part> <highest RSS sampled MiB> <RSS slope MiB/min> <live-heap slope MiB/min or ->" per
# process, least squares over the samples after the first minute (warm-up growth is not a leak)
bench_memory_slopes() {
  python3 - "$BENCH_STATE/rss-samples.txt" <<'PY'
import sys, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    t, part, rss, live = line.split()
    rows[part].append((int(t), int(rss) / 1024, None if live == '-' else int(live) / 1024))
def slope(points):
    points = [(t, v) for t, v in points if v is not None]
    if len(points) < 3:
        return None
    n = len(points); mt = sum(t for t, _ in points) / n; mv = sum(v for _, v in points) / n
    den = sum((t - mt) ** 2 for t, _ in points)
    return None if den == 0 else 60 * sum((t - mt) * (v - mv) for t, v in points) / den
for part, samples in sorted(rows.items()):
    late = [s for s in samples if s[0] >= 60] or samples
    rs = slope([(t, r) for t, r, _ in late]); ls = slope([(t, h) for t, _, h in late])
    fmt = lambda v: '-' if v is None else f'{v:.2f}'
    print(part, f'{max(r for _, r, _ in samples):.0f}', fmt(rs), fmt(ls))
PY
}

bench_mixed() {
  local missing features=()
  if missing=$(bench_missing 'GET /api/v1/products/{}' 'GET /api/v1/products'); then
    bench_skip mixed "endpoint not available yet ($missing)"; return
  fi
  if ((BENCH_HAVE_USERS)); then
    bench_missing 'GET /api/v1/me/points' 'POST /api/v1/me/points/charges' >/dev/null || features+=(points)
    bench_missing 'POST /api/v1/orders' 'POST /api/v1/orders/{}/payment' >/dev/null || features+=(orders)
  fi
  local blend="reads only (no write endpoints yet)"
  ((${#features[@]})) && blend="reads + ${features[*]}"
  local ledger0=""; ((BENCH_HAVE_USERS)) && ledger0=$(bench_ledger_max)
  bench_rss >"$BENCH_STATE/rss-start.txt"
  step "mixed: soak of ${BENCH_SOAK}s, 80% reads ($blend)"
  bench_sample_memory "$BENCH_SOAK" &
  local sampler=$!
  bench_wrk mixed mixed.lua "$BENCH_SOAK" BENCH_MIXED_FEATURES="$(IFS=,; echo "${features[*]}")"
  wait "$sampler" 2>/dev/null || true
  bench_rss >"$BENCH_STATE/rss-end.txt"
  # the RSS at the moment the load stops catches the young generation, the compiler's arenas and the malloc trim
  # half-way (two identical instances differed there by 16 MiB, bench/results/memory-malloc-mmap-threshold-ab-*):
  # after the soak, an instance is measured once it has settled, one native heap trim (10 s) and one cleaning of
  # the compiler's chunk pool (5 s) later
  sleep "$BENCH_SETTLE"
  bench_rss >"$BENCH_STATE/rss-settled.txt"
  bench_memory_slopes >"$BENCH_STATE/memory-slopes.txt"
  BR[mixed.blend]=$blend
  local problems=() mism
  if ((BENCH_HAVE_USERS)); then
    mism=$(bench_ledger_mismatches)
    ((mism == 0)) || problems+=("$mism users with ledger sum != balance")
    local rows sum
    read -r rows sum <<<"$(bench_ledger_new "$ledger0" CHARGE)"
    [[ $rows == "$(bench_stat mixed charged)" ]] || problems+=("$rows new CHARGE rows for $(bench_stat mixed charged) charges answered 200")
    read -r rows sum <<<"$(bench_ledger_new "$ledger0" USE)"
    [[ $rows == "$(bench_stat mixed paid)" ]] || problems+=("$rows new USE rows for $(bench_stat mixed paid) payments answered 200")
  fi
  if ((${#problems[@]} == 0)); then
    BCHECK[mixed]="PASS $blend; charged $(bench_stat mixed charged), paid $(bench_stat mixed paid)"
    if ((BENCH_HAVE_USERS)); then
      BCHECK[mixed]+="; CHARGE/USE rows = 200 answers; ledger sum = balance for every bench user"
    fi
  else
    BCHECK[mixed]="FAIL $(printf '%s; ' "${problems[@]}" | sed 's/; $//')"
  fi
}

# ---- report -------------------------------------------------------------------------------------------------
bench_ratio() {  # bench_ratio <value> <ceiling>
  [[ -n ${1:-} && -n ${2:-} ]] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }' || echo "-"
}

# bench_app_options: the -X options app1 runs with (heap, collector, JIT; FLASHCART_APP_JAVA_OPTS or
# FLASHCART_NATIVE_OPTS included), read from its command line: what ran, whatever this shell's settings say
bench_app_options() {
  local pid; pid=$(cat "$(pid_file app1)" 2>/dev/null) || { echo unknown; return; }
  tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep '^-X' | paste -sd' ' - || echo unknown
}

bench_report() {
  local s ceiling ratio name
  echo "# Flashcart benchmark $BENCH_STAMP"
  echo
  echo "- machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) memory, $(java -version 2>&1 | head -1)"
  echo "- commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$([[ -n $(git -C "$ROOT" status --porcelain 2>/dev/null | head -1) ]] && echo ' (working tree has uncommitted changes)')"
  echo "- instances: $(app_running_mode)$( [[ $(app_running_mode) == native ]] && echo " executable" || echo " (java)"); options of app1: $(bench_app_options)"
  echo "- settings: $BENCH_CONNS connections, $BENCH_THREADS_N wrk threads, ${BENCH_DURATION}s per scenario, soak ${BENCH_SOAK}s; through haproxy 127.0.0.1:$LB_PORT to 2 instances"
  echo "- scenarios asked for: ${BENCH_SELECTED[*]}"
  echo
  echo "## Ceilings"
  echo
  echo "| ceiling | ops/s | p50 ms | p99 ms | max ms | how |"
  echo "| --- | ---: | ---: | ---: | ---: | --- |"
  echo "| HTTP | $(fmt "${BR[ceiling.http]:-}") | $(fmt "${BR[ceiling-http.p50_ms]:-}" 2) | $(fmt "${BR[ceiling-http.p99_ms]:-}" 2) | $(fmt "${BR[ceiling-http.max_ms]:-}" 2) | wrk GET ${BENCH_PING_PATH_USED:-/api/v1/ping} through haproxy |"
  echo "| Redis | $(fmt "${BR[ceiling.redis]:-}") | $(fmt "${BR[ceiling-redis.p50_ms]:-}" 2) | $(fmt "${BR[ceiling-redis.p99_ms]:-}" 2) | $(fmt "${BR[ceiling-redis.max_ms]:-}" 2) | redis-benchmark EVALSHA coupon-issue.lua |"
  echo "| MariaDB | $(fmt "${BR[ceiling.db]:-}") | - | - | - | mariadb-slap single-row autocommit UPDATE on the primary |"
  echo
  echo "## Scenarios"
  echo
  echo "| scenario | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | ratio | check |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |"
  local rows=()
  for s in "${BENCH_SELECTED[@]}"; do
    rows+=("$s")
    [[ $s == flashsale && -n ${BR[flashsale-keyed.ran]:-}${BCHECK[flashsale-keyed]:-} ]] && rows+=(flashsale-keyed)
  done
  for s in "${rows[@]}"; do
    if [[ -z ${BR[$s.ran]:-} ]]; then
      echo "| $s | - | - | - | - | - | - | - | ${BCHECK[$s]:-not run} |"
      continue
    fi
    case $s in
      catalog|mixed) ratio="$(bench_ratio "${BR[$s.rps]}" "${BR[ceiling.http]:-}") of HTTP" ;;
      coupon) ratio="$(bench_ratio "${BR[$s.rps]}" "${BR[ceiling.http]:-}") of HTTP, $(bench_ratio "${BR[$s.rps]}" "${BR[ceiling.redis]:-}") of Redis" ;;
      flashsale|flashsale-keyed) ratio="$(bench_ratio "${BR[$s.rps]}" "${BR[ceiling.http]:-}") of HTTP; sold out in ${BR[$s.sellout_ms]:-?} ms; ${BR[$s.statements]:-?} primary statements" ;;
      order) ratio="$(fmt "${BR[order.paid_per_s]}") paid/s = $(bench_ratio "${BR[order.paid_per_s]}" "$(calc "${BR[ceiling.db]:-0} / $BENCH_COMMITS_PER_ORDER")") of MariaDB/$BENCH_COMMITS_PER_ORDER" ;;
      checkout) ratio="$(fmt "${BR[checkout.paid_per_s]}") paid/s = $(bench_ratio "${BR[checkout.paid_per_s]}" "${BR[ceiling.db]:-0}") of MariaDB" ;;
      flashmix) ratio="the blend $(fmt "${BR[flashmix.blend_during]:-}") req/s during the burst vs $(fmt "${BR[flashmix.blend_alone]:-}") alone" ;;
      points) ratio="$(bench_ratio "${BR[$s.rps]}" "${BR[ceiling.db]:-}") of MariaDB, $(bench_ratio "${BR[$s.rps]}" "${BR[ceiling.http]:-}") of HTTP" ;;
    esac
    local errs="" e
    for e in connect read write timeout; do
      ((${BR[$s.err_$e]:-0} > 0)) && errs+=" $e-errors:${BR[$s.err_$e]}"
    done
    echo "| $s | $(fmt "${BR[$s.rps]}") | $(fmt "${BR[$s.p50_ms]}" 2) | $(fmt "${BR[$s.p90_ms]}" 2) | $(fmt "${BR[$s.p99_ms]}" 2) | $(fmt "${BR[$s.max_ms]}" 2) | $(bench_non2xx "$s")$errs | $ratio | ${BCHECK[$s]:-} |"
  done
  echo
  echo "## Targets"
  echo
  local t
  for t in "${BENCH_TARGETS[@]}"; do
    echo "- **${t%%$'\t'*}** ${t#*$'\t'}"
  done
  if [[ -s $BENCH_STATE/rss-start.txt && -n ${BR[mixed.ran]:-} ]]; then
    echo
    echo "## Memory around the soak"
    echo
    echo "RSS sampled every 5 s; for the JVM instances, the live heap (what a full collection leaves, jcmd"
    echo "GC.class_histogram) every 15 s from the first minute on. Slopes by least squares over the samples after"
    echo "the first minute: a process that leaks keeps a positive slope; one settling does not. End: the moment the"
    echo "load stopped; settled: ${BENCH_SETTLE} s later, with no load."
    echo
    echo "| process | start MiB | end MiB | settled MiB | highest sample MiB | RSS slope MiB/min | live heap slope MiB/min |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    local part kb0 kb1 kb2 slopes
    while read -r part kb0; do
      kb1=$(bench_rss_kb "$BENCH_STATE/rss-end.txt" "$part")
      [[ -n $kb1 ]] || continue
      kb2=$(bench_rss_kb "$BENCH_STATE/rss-settled.txt" "$part")
      slopes=$(awk -v p="$part" '$1 == p { print $2 " | " $3 " | " $4 }' "$BENCH_STATE/memory-slopes.txt" 2>/dev/null)
      echo "| $part | $(bench_mib "$kb0") | $(bench_mib "$kb1") | $(bench_mib "$kb2") | ${slopes:-- | - | -} |"
    done <"$BENCH_STATE/rss-start.txt"
  fi
  if ((${#BENCH_NOTES[@]})); then
    echo
    echo "## Notes"
    echo
    for name in "${BENCH_NOTES[@]}"; do echo "- $name"; done
  fi
}

bench_targets() {
  local http=${BR[ceiling.http]:-} ratio
  if [[ -n ${BR[catalog.ran]:-} ]]; then
    ratio=$(bench_ratio "${BR[catalog.rps]}" "$http")
    if ge "$ratio" 0.6; then bench_target PASS "catalog reads $ratio of the HTTP ceiling (>= 0.6)"
    else bench_target MISS "catalog reads $ratio of the HTTP ceiling (>= 0.6)"; fi
    if ge 25 "${BR[catalog.p99_ms]}"; then bench_target PASS "catalog p99 $(fmt "${BR[catalog.p99_ms]}" 2) ms at $BENCH_CONNS connections (<= 25 ms)"
    else bench_target MISS "catalog p99 $(fmt "${BR[catalog.p99_ms]}" 2) ms at $BENCH_CONNS connections (<= 25 ms)"; fi
  elif [[ " ${BENCH_SELECTED[*]} " == *" catalog "* ]]; then
    bench_target n/a "catalog: ${BCHECK[catalog]:-not run}"
  fi
  if [[ -n ${BR[coupon.ran]:-} ]]; then
    local qty=${FLASHCART_BENCH_COUPON_QUANTITY:-1000}
    if [[ ${BCHECK[coupon]} == PASS* ]]; then bench_target PASS "coupon burst: exactly $qty issued"
    else bench_target MISS "coupon burst: ${BCHECK[coupon]#FAIL }"; fi
    ratio=$(bench_ratio "${BR[coupon.rps]}" "$http")
    if ge "$ratio" 0.5; then bench_target PASS "coupon burst $ratio of the HTTP ceiling (>= 0.5)"
    else bench_target MISS "coupon burst $ratio of the HTTP ceiling (>= 0.5)"; fi
  elif [[ " ${BENCH_SELECTED[*]} " == *" coupon "* ]]; then
    bench_target n/a "coupon: ${BCHECK[coupon]:-not run}"
  fi
  if [[ -n ${BR[flashsale.ran]:-} ]]; then
    # issue 14's targets, on its burst (buyers order once, without keys); the keyed burst is judged on exactness and
    # p99, and its rate is shown beside them: each of its refusals waits for its record's commit on the primary
    local run what
    for run in flashsale flashsale-keyed; do
      [[ -n ${BR[$run.ran]:-} ]] || continue
      what="flash sale"; [[ $run == flashsale-keyed ]] && what="keyed flash sale"
      if [[ ${BCHECK[$run]} == PASS* ]]; then bench_target PASS "$what exact: ${BCHECK[$run]%%;*}"
      else bench_target MISS "$what: ${BCHECK[$run]#FAIL }"; fi
      ratio=$(bench_ratio "${BR[$run.rps]}" "$http")
      if [[ $run == flashsale-keyed ]]; then bench_target n/a "$what burst $ratio of the HTTP ceiling (each refusal recorded first)"
      elif ge "$ratio" 0.15; then bench_target PASS "$what burst $ratio of the HTTP ceiling (>= 0.15)"
      else bench_target MISS "$what burst $ratio of the HTTP ceiling (>= 0.15)"; fi
      if ge 250 "${BR[$run.p99_ms]}"; then bench_target PASS "$what p99 $(fmt "${BR[$run.p99_ms]}") ms (<= 250)"
      else bench_target MISS "$what p99 $(fmt "${BR[$run.p99_ms]}") ms (<= 250)"; fi
      bench_target n/a "$what: ${BR[$run.statements]:-?} statements on the primary during the burst of $(( $(bench_stat "$run" ordered) + $(bench_stat "$run" conflict_OUT_OF_STOCK) )) attempts ($(bench_stat "$run" ordered) orders, $(bench_stat "$run" conflict_OUT_OF_STOCK) refusals); CPU during it: ${BR[$run.cpu]:-?}"
    done
  elif [[ " ${BENCH_SELECTED[*]} " == *" flashsale "* ]]; then
    bench_target n/a "flashsale: ${BCHECK[flashsale]:-not run}"
  fi
  if [[ -n ${BR[order.ran]:-} ]]; then
    local want; want=$(calc "${BR[ceiling.db]:-0} / $BENCH_COMMITS_PER_ORDER")
    ratio=$(bench_ratio "${BR[order.paid_per_s]}" "$want")
    if ge "$ratio" 0.5; then bench_target PASS "orders paid/s $(fmt "${BR[order.paid_per_s]}") = $ratio of MariaDB ceiling / $BENCH_COMMITS_PER_ORDER commits (>= 0.5)"
    else bench_target MISS "orders paid/s $(fmt "${BR[order.paid_per_s]}") = $ratio of MariaDB ceiling / $BENCH_COMMITS_PER_ORDER commits (>= 0.5)"; fi
    if [[ ${BCHECK[order]} == PASS* ]]; then bench_target PASS "order: stock, ledger and outbox add up"
    else bench_target MISS "order: ${BCHECK[order]#FAIL }"; fi
    bench_target_max "order: primary statements per paid order (place + pay + the relay's share)" \
      "${BR[order.statements_per_paid]:-}" 12
    bench_target_max "order: ms of the instances' CPU per paid order" "${BR[order.cpu_ms_per_paid]:-}" 3
  elif [[ " ${BENCH_SELECTED[*]} " == *" order "* ]]; then
    bench_target n/a "order: ${BCHECK[order]:-not run}"
  fi
  if [[ -n ${BR[checkout.ran]:-} ]]; then
    if [[ ${BCHECK[checkout]} == PASS* ]]; then bench_target PASS "checkout: stock, ledger and outbox add up"
    else bench_target MISS "checkout: ${BCHECK[checkout]#FAIL }"; fi
    bench_target n/a "checkout: $(fmt "${BR[checkout.paid_per_s]:-}") paid orders/s, $(fmt "${BR[checkout.statements_per_paid]:-}" 1) statements and $(fmt "${BR[checkout.cpu_ms_per_paid]:-}" 2) ms CPU per paid order (one request per order)"
  elif [[ " ${BENCH_SELECTED[*]} " == *" checkout "* ]]; then
    bench_target n/a "checkout: ${BCHECK[checkout]:-not run}"
  fi
  if [[ -n ${BR[points.ran]:-} ]]; then
    if [[ ${BCHECK[points]} == PASS* ]]; then bench_target PASS "points: 200 answers = new CHARGE rows, ledger sum = balance"
    else bench_target MISS "points: ${BCHECK[points]#FAIL }"; fi
    bench_target_max "points: primary statements per charge" "${BR[points.statements_per_charge]:-}" 5
  elif [[ " ${BENCH_SELECTED[*]} " == *" points "* ]]; then
    bench_target n/a "points: ${BCHECK[points]:-not run}"
  fi
  if [[ -n ${BR[flashmix.ran]:-} ]]; then
    if [[ ${BCHECK[flashmix]} == PASS* ]]; then bench_target PASS "flash sale under the mixed load exact"
    else bench_target MISS "flashmix: ${BCHECK[flashmix]#FAIL }"; fi
    bench_target_max "flashmix: the mixed blend's throughput drop while the burst runs" "${BR[flashmix.drop]:-}" 0.30
  elif [[ " ${BENCH_SELECTED[*]} " == *" flashmix "* ]]; then
    bench_target n/a "flashmix: ${BCHECK[flashmix]:-not run}"
  fi
  local run n total=0 where=()
  for run in "${BENCH_RUNS[@]}"; do
    n=$(bench_5xx "$run")
    ((n > 0)) && where+=("$run:$n")
    total=$((total + n))
  done
  if ((total == 0)); then bench_target PASS "zero 5xx in every run (${BENCH_RUNS[*]})"
  else bench_target MISS "$total 5xx answers (${where[*]})"; fi
  if [[ -n ${BR[mixed.ran]:-} ]]; then
    local part peak rss_slope live_slope end settled grew=() big=() after=""
    while read -r part peak rss_slope live_slope; do
      [[ $part == app1 || $part == app2 ]] || continue
      # growth: the RSS still rising 2 MiB/min after the first minute, or the live heap 1 MiB/min
      if ge "$rss_slope" 2 || { [[ $live_slope != - ]] && ge "$live_slope" 1; }; then
        grew+=("$part RSS ${rss_slope} MiB/min, live heap ${live_slope} MiB/min")
      fi
      # after the soak: once settled without load (the table's settled column); the moment the load stopped and the
      # highest sample under load are shown beside it, as the RSS of a loaded JVM moves by several MiB between samples
      end=$(bench_mib "$(bench_rss_kb "$BENCH_STATE/rss-end.txt" "$part")")
      settled=$(bench_mib "$(bench_rss_kb "$BENCH_STATE/rss-settled.txt" "$part")")
      after+="${after:+, }$part $settled MiB (when the load stopped $end, highest sample during the soak $peak)"
      # no settled reading (-) is no proof of the bound
      [[ $settled != - ]] && ge 300 "$settled" || big+=("$part $settled MiB")
    done <"$BENCH_STATE/memory-slopes.txt"
    if ((${#grew[@]} == 0)); then bench_target PASS "no instance's memory grows after the first minute of the ${BENCH_SOAK}s soak (RSS slope < 2 MiB/min, live heap after a full collection < 1 MiB/min)"
    else bench_target MISS "memory grows during the soak: ${grew[*]}"; fi
    if ((${#big[@]} == 0)); then bench_target PASS "each instance <= 300 MiB RSS after the soak: $after"
    else bench_target MISS "instances over 300 MiB RSS after the soak: ${big[*]} ($after)"; fi
  elif [[ " ${BENCH_SELECTED[*]} " == *" mixed "* ]]; then
    bench_target n/a "mixed: ${BCHECK[mixed]:-not run}"
  fi
}

# ---- entry point ----------------------------------------------------------------------------------------------
cmd_bench() {
  local s
  BENCH_SELECTED=()
  for s in "$@"; do
    [[ " ${BENCH_ALL[*]} " == *" $s "* ]] || die "unknown bench scenario '$s' (scenarios: ${BENCH_ALL[*]})"
  done
  for s in "${BENCH_ALL[@]}"; do                       # always in the canonical order
    if (($# == 0)) || [[ " $* " == *" $s "* ]]; then BENCH_SELECTED+=("$s"); fi
  done
  BENCH_DURATION=${FLASHCART_BENCH_DURATION:-15}
  BENCH_CONNS=${FLASHCART_BENCH_CONNECTIONS:-64}
  BENCH_THREADS_N=${FLASHCART_BENCH_THREADS:-2}
  BENCH_SOAK=${FLASHCART_BENCH_SOAK:-180}
  BENCH_SETTLE=${FLASHCART_BENCH_SETTLE:-20}
  BENCH_COMMITS_PER_ORDER=${FLASHCART_BENCH_COMMITS_PER_ORDER:-2}
  BENCH_COUNT_BOUND=${FLASHCART_BENCH_COUNT_BOUND:-120}
  BENCH_WARMUP_MAX=${FLASHCART_BENCH_WARMUP_WINDOWS:-6}
  local v
  for v in BENCH_DURATION BENCH_CONNS BENCH_THREADS_N BENCH_SOAK BENCH_COMMITS_PER_ORDER BENCH_COUNT_BOUND BENCH_WARMUP_MAX; do
    [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive whole number (got '${!v}')"
  done
  ((BENCH_CONNS <= 1000 && BENCH_DURATION <= 3600 && BENCH_SOAK <= 7200)) \
    || die "bench settings out of bounds (connections <= 1000, duration <= 3600 s, soak <= 7200 s)"
  ((BENCH_THREADS_N <= BENCH_CONNS)) || die "more wrk threads than connections"

  APT_FOR[redis-benchmark]=redis-tools
  APT_FOR[mariadb-slap]=mariadb-client
  APT_FOR[python3]=python3
  ensure_commands wrk redis-benchmark mariadb-slap python3 curl
  if [[ ${FLASHCART_BENCH_SKIP_UP:-0} == 1 ]]; then
    app_ready "$LB_PORT" || die "the topology is not up (FLASHCART_BENCH_SKIP_UP=1 skips ./flashcart up)"
  else
    cmd_up
  fi

  mkdir -p "$BENCH_STATE" "$BENCH_DIR/results"
  BENCH_RUN_ID=$(date -u +%Y%m%d%H%M%S)-$$
  BENCH_STAMP=$(date -u +%Y-%m-%d-%H%M)
  BENCH_NOTES=() BENCH_RUNS=() BENCH_TARGETS=()
  BR=() BCHECK=()

  step "preparing bench data (not timed)"
  bench_seed
  bench_load_routes
  [[ -s $BENCH_STATE/routes.txt ]] \
    || BENCH_NOTES+=("no OpenAPI document: endpoints detected by probing for 404 NOT_FOUND")

  bench_warm_up
  bench_ceiling_http
  bench_ceiling_redis
  bench_ceiling_db

  for s in "${BENCH_SELECTED[@]}"; do
    "bench_$s"
  done

  bench_targets
  # every figure of the run, for tools that compare runs (./flashcart native bench)
  local key
  for key in "${!BR[@]}"; do printf '%s\t%s\n' "$key" "${BR[$key]}"; done | sort >"$BENCH_STATE/last-run.tsv"
  cp "$BENCH_STATE/rss-settled.txt" "$BENCH_STATE/last-run-rss.txt" 2>/dev/null || true
  local file="$BENCH_DIR/results/$BENCH_STAMP.md"
  echo
  bench_report | tee "$file"
  cp "$file" "$BENCH_DIR/results/LATEST.md"
  echo "$file" >"$BENCH_STATE/last-run-file.txt"
  echo
  say "results: ${file#"$ROOT"/} (copied to bench/results/LATEST.md)"
}
