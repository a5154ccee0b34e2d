# The Flashcart service as two instances behind haproxy (the local stand-in for the ALB). Sourced by ./flashcart.
# shellcheck shell=bash

# The instances run from a copy of the build in the state folder, so a build or test run that rewrites
# target/ never pulls jars from under a running instance.
APP_DIR="$STATE_DIR/app"
APP_JAR="$APP_DIR/quarkus-run.jar"

# app_stale: true when the deployed copy is missing or older than a source file
app_stale() {
  [[ ! -f $APP_JAR ]] || [[ -n $(find "$ROOT/src/main" "$ROOT/pom.xml" -type f -newer "$APP_JAR" -print -quit) ]]
}

app_build() {
  step "building the service (./mvnw package -DskipTests)"
  "$MVNW" -B -q package -DskipTests >"$LOG_DIR/build.log" 2>&1 || { tail -40 "$LOG_DIR/build.log"; die "build failed"; }
  rm -rf "$APP_DIR.new"
  cp -a "$ROOT/target/quarkus-app" "$APP_DIR.new"
  touch "$APP_DIR.new/quarkus-run.jar"
  rm -rf "$APP_DIR"
  mv "$APP_DIR.new" "$APP_DIR"
}

app_ready() { curl -fsS "http://127.0.0.1:$1/q/health/ready" >/dev/null; }

# app_start <instance number> <port>
app_start() {
  local n=$1 port=$2 part="app$1"
  is_running "$part" && return 0
  port_open "$port" && die "port $port is taken by another process (set FLASHCART_APP${n}_PORT)"
  # the whole heap is reserved and touched at start, as on a server sized for its load: memory then stays flat
  # unless something outside the heap's working size grows (what the bench soak watches for)
  start_bg "$part" java -Xms"$APP_HEAP" -Xmx"$APP_HEAP" -XX:+AlwaysPreTouch -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
    -Dquarkus.profile=local -Dquarkus.http.port="$port" -Dflashcart.instance-id="app$n" -jar "$APP_JAR"
}

# Starts both instances; after a code change, rebuilds and restarts them one at a time so the balancer
# always has one to send requests to.
apps_up() {
  if app_stale; then
    app_build
    if is_running app1 || is_running app2; then
      step "rolling restart onto the new build"
      stop_part app1 30; app_start 1 "$APP1_PORT"; wait_until 90 "app1" app_ready "$APP1_PORT"
      stop_part app2 30; app_start 2 "$APP2_PORT"; wait_until 90 "app2" app_ready "$APP2_PORT"
      return 0
    fi
  fi
  app_start 1 "$APP1_PORT"
  app_start 2 "$APP2_PORT"
  wait_until 90 "app1" app_ready "$APP1_PORT"
  wait_until 90 "app2" app_ready "$APP2_PORT"
}

apps_down() {
  stop_part app1 30
  stop_part app2 30
}

lb_up() {
  is_running haproxy && return 0
  port_open "$LB_PORT" && die "port $LB_PORT is taken by another process (set FLASHCART_LB_PORT)"
  local cfg="$STATE_DIR/haproxy.cfg"
  sed -e "s/@LB_PORT@/$LB_PORT/g" -e "s/@APP1_PORT@/$APP1_PORT/g" -e "s/@APP2_PORT@/$APP2_PORT/g" \
    -e "s|@ERRORS@|$ROOT/infra/haproxy-errors|g" \
    "$ROOT/infra/haproxy.cfg" >"$cfg"
  haproxy -c -q -f "$cfg" || die "invalid haproxy configuration $cfg"
  # -db: stay in the foreground so the pid we record is haproxy's own
  start_bg haproxy haproxy -db -f "$cfg"
  wait_until 30 "haproxy" curl -fsS "http://127.0.0.1:$LB_PORT/q/health/ready"
}

lb_down() { stop_part haproxy; }
