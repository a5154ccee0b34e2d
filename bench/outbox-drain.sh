#!/usr/bin/env bash
# Outbox relay throughput: how fast one (or more) Flashcart instances drain a backlog of outbox rows to Kafka.
#
#   bench/outbox-drain.sh                 # 100,000 rows, one instance
#   ROWS=20000 INSTANCES=2 bench/outbox-drain.sh
#   APP_OPTS=-Dflashcart.outbox.batch-size=2000 bench/outbox-drain.sh     # any extra JVM option for the instances
#
# Needs the infrastructure of ./flashcart infra (MariaDB, Kafka). It never touches the demo database, topics or
# the instances of ./flashcart up: it builds this checkout, starts its own instance(s) on free ports against a
# scratch database (FLASHCART_BENCH_DB, dropped first) and its own topics (bench.payment-completed,
# bench.order-cancelled), inserts the backlog with one SQL statement, and times the relay from that commit
# until no row is unpublished. Prints events/s.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
STATE_DIR=${FLASHCART_STATE_DIR:-$ROOT/.state}
ROWS=${ROWS:-100000}
INSTANCES=${INSTANCES:-1}
DB=${FLASHCART_BENCH_DB:-flashcart_test_outbox_bench}
DB_PORT=${FLASHCART_DB_PRIMARY_PORT:-13306}
KAFKA=127.0.0.1:${FLASHCART_KAFKA_PORT:-19092}
TOPIC_PREFIX=${FLASHCART_BENCH_TOPIC_PREFIX:-bench.}
WORK=$(mktemp -d)
PIDS=()

sql() { mariadb --no-defaults -h127.0.0.1 -P"$DB_PORT" -uflashcart -pflashcart -N -B "$@"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "building (./mvnw package -DskipTests)"
./mvnw -B -q package -DskipTests >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log"; exit 1; }
cp -a target/quarkus-app "$WORK/app"

echo "topics ${TOPIC_PREFIX}payment-completed / ${TOPIC_PREFIX}order-cancelled (6 partitions)"
KAFKA_CP=$(cat "$STATE_DIR/kafka/classpath.txt")
for t in payment-completed order-cancelled; do
  java -cp "$KAFKA_CP" org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA" --create --if-not-exists \
    --topic "$TOPIC_PREFIX$t" --partitions 6 --replication-factor 1 >/dev/null
done

echo "scratch database $DB"
sql -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB"

PORTS=()
for n in $(seq 1 "$INSTANCES"); do
  port=$(free_port)
  PORTS+=("$port")
  # shellcheck disable=SC2086
  java -Xmx512m -XX:+UseG1GC ${APP_OPTS:-} -Dquarkus.profile=local -Dquarkus.http.port="$port" -Dflashcart.instance-id="bench$n" \
    -Dquarkus.datasource.jdbc.url="jdbc:mysql://127.0.0.1:$DB_PORT/$DB" \
    -Dquarkus.datasource.replica.jdbc.url="jdbc:mysql://127.0.0.1:${FLASHCART_DB_REPLICA_PORT:-13307}/$DB" \
    -Dquarkus.redis.hosts="redis://127.0.0.1:${FLASHCART_REDIS_PORT:-16379}/3" \
    -Dflashcart.events.payment-completed-topic="${TOPIC_PREFIX}payment-completed" \
    -Dflashcart.events.order-cancelled-topic="${TOPIC_PREFIX}order-cancelled" \
    -jar "$WORK/app/quarkus-run.jar" >"$WORK/app$n.log" 2>&1 &
  PIDS+=("$!")
done
for port in "${PORTS[@]}"; do
  for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null || { tail -40 "$WORK/app1.log"; exit 1; }
done
echo "instance(s) ready on port(s) ${PORTS[*]}"

echo "inserting $ROWS outbox rows in one transaction"
sql "$DB" -e "
  START TRANSACTION;
  INSERT INTO outbox_event (event_id, event_type, topic, event_key, payload, created_at)
  SELECT UUID(), 'PaymentCompleted', '${TOPIC_PREFIX}payment-completed', CAST(seq AS CHAR),
         CONCAT('{\"eventId\":\"@ID@\",\"type\":\"PaymentCompleted\",\"occurredAt\":\"2026-11-26T01:00:00Z\",\"orderId\":', seq,
                ',\"userId\":7,\"paymentId\":', seq, ',\"paidAmount\":25000,\"discountAmount\":0,\"items\":[{\"productId\":101,\"quantity\":2,\"unitPrice\":12500}]}'),
         UTC_TIMESTAMP(6)
  FROM seq_1_to_${ROWS};
  UPDATE outbox_event SET payload = REPLACE(payload, '@ID@', event_id);
  COMMIT;"
start=$(date +%s.%N)
while :; do
  left=$(sql "$DB" -e "SELECT COUNT(*) FROM outbox_event WHERE published_at IS NULL")
  [[ $left == 0 ]] && break
  sleep 0.2
done
end=$(date +%s.%N)
read -r first last published < <(sql "$DB" -e "SELECT UNIX_TIMESTAMP(MIN(published_at)), UNIX_TIMESTAMP(MAX(published_at)), COUNT(*) FROM outbox_event WHERE published_at IS NOT NULL")
python3 - "$ROWS" "$start" "$end" "$first" "$last" "$published" "$INSTANCES" <<'PY'
import sys
rows, start, end, first, last, published, inst = int(sys.argv[1]), *map(float, sys.argv[2:6]), int(sys.argv[6]), sys.argv[7]
wall = end - start
print(f"drained {published} of {rows} rows with {inst} instance(s) in {wall:.1f} s (wall, polled every 0.2 s): {rows / wall:,.0f} events/s")
print(f"first to last mark: {last - first:.1f} s: {rows / max(last - first, 1e-3):,.0f} events/s")
PY
