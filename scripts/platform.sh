# The fake external data platform (data-platform/): a small plain-Java Kafka consumer of the payment events
# with its own schema and a live dashboard on 127.0.0.1:$PLATFORM_PORT. Sourced by ./flashcart.
# shellcheck shell=bash

PLATFORM_PORT=${FLASHCART_PLATFORM_PORT:-8090}
PLATFORM_HEAP=${FLASHCART_PLATFORM_HEAP:-128m}
# It runs from a copy in the state folder, so a later build never replaces the jar under the running process.
PLATFORM_DIR="$STATE_DIR/platform"
PLATFORM_JAR="$PLATFORM_DIR/flashcart-data-platform.jar"

# platform_stale: true when the deployed copy is missing or older than a source file
platform_stale() {
  [[ ! -f $PLATFORM_JAR ]] || [[ -n $(find "$ROOT/data-platform/src/main" "$ROOT/data-platform/pom.xml" \
    -type f -newer "$PLATFORM_JAR" -print -quit) ]]
}

platform_build() {
  platform_stale || return 0
  step "building the data platform (data-platform/, package -DskipTests)"
  mkdir -p "$LOG_DIR" "$PLATFORM_DIR"
  "$MVNW" -B -q -f "$ROOT/data-platform/pom.xml" package -DskipTests >"$LOG_DIR/platform-build.log" 2>&1 \
    || { tail -40 "$LOG_DIR/platform-build.log"; die "data platform build failed"; }
  cp "$ROOT/data-platform/target/flashcart-data-platform-all.jar" "$PLATFORM_JAR.new"
  # rename, not overwrite: a running platform keeps reading the file it opened
  mv -f "$PLATFORM_JAR.new" "$PLATFORM_JAR"
}

platform_ready() { curl -fsS "http://127.0.0.1:$PLATFORM_PORT/health" >/dev/null; }

# Builds if a source changed (restarting a running platform onto the new build), starts it, waits for /health.
platform_up() {
  if platform_stale; then
    platform_build
    if is_running platform; then
      step "restarting the data platform onto the new build"
      stop_part platform
    fi
  fi
  if ! is_running platform; then
    port_open "$PLATFORM_PORT" && die "port $PLATFORM_PORT is taken by another process (set FLASHCART_PLATFORM_PORT)"
    start_bg platform env \
      FLASHCART_PLATFORM_PORT="$PLATFORM_PORT" \
      FLASHCART_KAFKA_BOOTSTRAP_SERVERS="${FLASHCART_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:$KAFKA_PORT}" \
      FLASHCART_PLATFORM_DB_URL="${FLASHCART_PLATFORM_DB_URL:-jdbc:mysql://127.0.0.1:$DB_PRIMARY_PORT/${DB_NAME}_platform}" \
      FLASHCART_DB_USERNAME="$PLATFORM_DB_USER" FLASHCART_DB_PASSWORD="$PLATFORM_DB_PASSWORD" \
      java -Xmx"$PLATFORM_HEAP" -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
      -jar "$PLATFORM_JAR"
  fi
  wait_until 60 "data platform" platform_ready
}

platform_down() { stop_part platform; }

# platform_test [maven args]: the data platform's own tests, against the running Kafka and MariaDB
platform_test() { "$MVNW" -B -f "$ROOT/data-platform/pom.xml" verify "$@"; }
