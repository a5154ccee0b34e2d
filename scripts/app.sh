# The Flashcart service as two instances behind haproxy (the local stand-in for the ALB). Sourced by ./flashcart.
# shellcheck shell=bash

# The instances run from a copy of the build in the state folder, so a build or test run that rewrites
# target/ never pulls jars from under a running instance.
APP_DIR="$STATE_DIR/app"
APP_JAR="$APP_DIR/quarkus-run.jar"
# FLASHCART_NATIVE=1: the instances run the native executable that `./flashcart native build` made (a copy of
# target/*-runner in the state folder) instead of the JVM build
APP_NATIVE=${FLASHCART_NATIVE:-0}
NATIVE_BIN="$STATE_DIR/app-native/flashcart"
APP_MODE_FILE="$RUN_DIR/app.mode"

app_mode() { ((APP_NATIVE)) && echo native || echo jvm; }

# app_running_mode: the mode the running instances were started in (jvm when unknown)
app_running_mode() { [[ -s $APP_MODE_FILE ]] && cat "$APP_MODE_FILE" || echo jvm; }

native_runner() { compgen -G "$ROOT/target/*-runner" | head -1; }

# app_stale: true when the deployed copy is missing or older than a source file, or runs in the other mode
app_stale() {
  if ((APP_NATIVE)); then
    local runner; runner=$(native_runner) || return 0
    [[ ! -x $NATIVE_BIN || $runner -nt $NATIVE_BIN ]] && return 0
  else
    # this script too: it holds the instances' JVM options, which only a restart applies
    [[ ! -f $APP_JAR ]] \
      || [[ -n $(find "$ROOT/src/main" "$ROOT/pom.xml" "$ROOT/scripts/app.sh" -type f -newer "$APP_JAR" -print -quit) ]] \
      && return 0
  fi
  { is_running app1 || is_running app2; } && [[ $(app_running_mode) != "$(app_mode)" ]]
}

app_build() {
  ((APP_NATIVE)) && { native_deploy; return; }
  local built="$ROOT/target/quarkus-app/quarkus-run.jar"
  if [[ ! -f $built || -n $(find "$ROOT/src/main" "$ROOT/pom.xml" -type f -newer "$built" -print -quit) ]]; then
    step "building the service (./mvnw package -DskipTests)"
    "$MVNW" -B -q package -DskipTests >"$LOG_DIR/build.log" 2>&1 || { tail -40 "$LOG_DIR/build.log"; die "build failed"; }
  fi
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
  mkdir -p "$RUN_DIR"
  app_mode >"$APP_MODE_FILE"
  if ((APP_NATIVE)); then
    # a small young generation: the serial collector's default one would touch (and keep) far more than needed
    start_bg "$part" "$NATIVE_BIN" -Xmx"$NATIVE_HEAP" -Xmn16m $NATIVE_OPTS \
      -Dquarkus.profile=local -Dquarkus.http.port="$port" -Dflashcart.instance-id="app$n"
    return
  fi
  # a heap sized for the work (160 MB by default) that grows from 48 MB and gives back what it stops needing, with a
  # 16 MB young generation (requests' garbage dies young); the serial collector's young collections are short at
  # this size, and it needs no memory of its own; fewer malloc arenas (glibc keeps one per thread otherwise); what
  # the compilers and class loading freed given back to the system every 10 s (glibc keeps 30-40 MB otherwise);
  # C2 alone (no tiered compilation: 20 MB of code cache instead of 47, and less profile data), which starts in 8 s
  # instead of 4: an instance stays under 300 MB RSS (bench/README.md, "Memory")
  MALLOC_ARENA_MAX=2 start_bg "$part" java -Xms48m -Xmx"$APP_HEAP" -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 \
    -XX:MaxHeapFreeRatio=30 -XX:ReservedCodeCacheSize=80m -XX:MaxMetaspaceSize=192m -Xss512k \
    -XX:TrimNativeHeapInterval=10000 -Xmn16m -XX:-TieredCompilation -XX:+ExitOnOutOfMemoryError \
    $APP_JAVA_OPTS -Dquarkus.profile=local -Dquarkus.http.port="$port" -Dflashcart.instance-id="app$n" -jar "$APP_JAR"
}

# native_deploy: copies the native executable into the state folder; it must be newer than every source file,
# as a native build takes minutes and is never started behind the user's back
native_deploy() {
  local runner; runner=$(native_runner) || die "no native executable in target/; build it first: ./flashcart native build"
  if [[ -n $(find "$ROOT/src/main" "$ROOT/pom.xml" -type f -newer "$runner" -print -quit) ]]; then
    die "the native executable $runner is older than the sources; rebuild it: ./flashcart native build"
  fi
  mkdir -p "$(dirname "$NATIVE_BIN")"
  cp "$runner" "$NATIVE_BIN.new"
  mv -f "$NATIVE_BIN.new" "$NATIVE_BIN"
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
