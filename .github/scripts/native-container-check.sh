#!/usr/bin/env bash
# Starts the native micro image the way ECS starts it and fails unless it works. Run by native.yml after
# `./flashcart infra` (Redis and Kafka); the database is a MySQL 8.4 container standing in for RDS:
#   1. MySQL 8.4 with the RDS parameter group's essentials: TLS required, GTID consistency, ROW binlog, UTC;
#   2. terraform/modules/db-users/create-users.sh creates the service's DML-only user and the schema owner in it,
#      the very script the users task runs in AWS;
#   3. the image migrates as the schema owner (QUARKUS_INIT_AND_EXIT + FLASHCART_DB_MIGRATE_AT_START, the
#      migration task's settings) over TLS, with the JDBC TLS parameters Terraform passes (sslMode VERIFY_CA:
#      the test server's certificate names no host) and a trust store from the test server's CA mounted where
#      the image keeps the RDS one; it must exit 0;
#   4. the image runs as the service, logged in as the DML-only user: /q/health/live and /q/health/ready must
#      answer 200, and the ECS container health check (bash over /dev/tcp) must pass inside the image;
#   5. the DML-only user must not be able to change the schema.
#
#   .github/scripts/native-container-check.sh <image>
#
# Needs docker, keytool (a JDK) and curl.
set -euo pipefail

image=${1:?usage: $0 <image>}
db_port=${CHECK_DB_PORT:-13406}
redis_url=${CHECK_REDIS_URL:-redis://127.0.0.1:${FLASHCART_REDIS_PORT:-16379}}
kafka=${CHECK_KAFKA:-127.0.0.1:${FLASHCART_KAFKA_PORT:-19092}}
db=flashcart
app_user=flashcart_app
migrator_user=flashcart_migrator
work=$(mktemp -d)
secret() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32; }
root_password=$(secret) app_password=$(secret) migrator_password=$(secret) admin_password=$(secret)

cleanup() {
  local status=$?
  if ((status != 0)); then
    for c in fc-check-migrate fc-check-app fc-check-mysql; do
      docker logs "$c" >"$work/$c.log" 2>&1 && { echo "::group::$c logs"; tail -n 200 "$work/$c.log"; echo "::endgroup::"; }
    done
  fi
  docker rm -f fc-check-migrate fc-check-app fc-check-mysql >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }

step "MySQL 8.4 with TLS required"
docker run -d --name fc-check-mysql -p "127.0.0.1:$db_port:3306" \
  -e MYSQL_ROOT_PASSWORD="$root_password" \
  mysql:8.4 --require-secure-transport=ON --gtid-mode=ON --enforce-gtid-consistency=ON --binlog-format=ROW \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_0900_ai_ci --default-time-zone=+00:00 >/dev/null
for _ in $(seq 90); do
  # TCP is only opened once the entrypoint's initialisation is over
  docker exec fc-check-mysql mysql -h127.0.0.1 -uroot -p"$root_password" --ssl-mode=REQUIRED -e 'SELECT 1' \
    >/dev/null 2>&1 && break
  sleep 2
done
docker exec fc-check-mysql mysql -h127.0.0.1 -uroot -p"$root_password" --ssl-mode=REQUIRED -e 'SELECT 1' >/dev/null

step "users, as modules/db-users creates them"
docker exec -i \
  -e DB_HOST=127.0.0.1 -e DB_PORT=3306 -e DB_NAME="$db" -e DB_SSL_MODE=VERIFY_CA -e DB_CA_FILE=/var/lib/mysql/ca.pem \
  -e MASTER_USER=root -e MASTER_PASSWORD="$root_password" \
  -e APP_USER="$app_user" -e APP_PASSWORD="$app_password" \
  -e MIGRATOR_USER="$migrator_user" -e MIGRATOR_PASSWORD="$migrator_password" \
  fc-check-mysql bash -s <terraform/modules/db-users/create-users.sh

step "a trust store of the test server's CA, where the image keeps the RDS CA bundle"
docker cp fc-check-mysql:/var/lib/mysql/ca.pem "$work/ca.pem"
keytool -importcert -noprompt -storetype PKCS12 -keystore "$work/truststore.p12" -storepass changeit \
  -alias ci-mysql -file "$work/ca.pem" >/dev/null 2>&1
chmod 644 "$work/truststore.p12"

# The TLS parameters of terraform/modules/flashcart (local.jdbc_tls), but VERIFY_CA for the test certificate.
jdbc="jdbc:mysql://127.0.0.1:$db_port/$db?sslMode=VERIFY_CA&trustCertificateKeyStoreUrl=file:/work/rds-truststore.p12&trustCertificateKeyStoreType=PKCS12&trustCertificateKeyStorePassword=changeit"
run_image() {
  local name=$1; shift
  docker run --name "$name" --network host \
    -v "$work/truststore.p12:/work/rds-truststore.p12:ro" \
    -e FLASHCART_DB_PRIMARY_URL="$jdbc" -e FLASHCART_DB_REPLICA_URL="$jdbc" \
    -e FLASHCART_REDIS_URL="$redis_url" \
    -e FLASHCART_KAFKA_BOOTSTRAP_SERVERS="$kafka" -e FLASHCART_KAFKA_SECURITY_PROTOCOL=PLAINTEXT \
    -e FLASHCART_ADMIN_EMAIL=admin@flashcart.ci -e FLASHCART_ADMIN_PASSWORD="$admin_password" \
    "$@"
}

step "migration task: migrate as $migrator_user, then exit"
run_image fc-check-migrate \
  -e FLASHCART_DB_USERNAME="$migrator_user" -e FLASHCART_DB_PASSWORD="$migrator_password" \
  -e FLASHCART_DB_MIGRATE_AT_START=true -e QUARKUS_INIT_AND_EXIT=true \
  "$image"
migrated=$(docker exec fc-check-mysql mysql -h127.0.0.1 -uroot -p"$root_password" --ssl-mode=REQUIRED -N \
  -e "SELECT COUNT(*) FROM $db.flyway_schema_history WHERE success = 1" 2>/dev/null)
echo "applied migrations: $migrated"
((migrated > 0))

step "service: as $app_user (DML only), no migration"
run_image fc-check-app -d \
  -e FLASHCART_DB_USERNAME="$app_user" -e FLASHCART_DB_PASSWORD="$app_password" \
  -e FLASHCART_DB_MIGRATE_AT_START=false \
  "$image" >/dev/null
for path in /q/health/live /q/health/ready; do
  ok=
  for _ in $(seq 60); do
    if curl -fsS -o /dev/null "http://127.0.0.1:8080$path"; then ok=1; break; fi
    sleep 1
  done
  [[ -n $ok ]] || { echo "$path never answered 200"; curl -sS "http://127.0.0.1:8080$path" || true; exit 1; }
  echo "$path: 200"
done

# The command of the ECS container health check (terraform/modules/ecs-service, local.liveness_probe).
probe='exec 3<>/dev/tcp/127.0.0.1/8080 && printf '"'"'GET /q/health/live HTTP/1.0\r\nHost: localhost\r\n\r\n'"'"' >&3 && read -r status <&3 && [[ "$status" == *" 200 "* ]]'
docker exec fc-check-app /bin/bash -c "$probe"
echo "ECS health check: passes inside the image"

step "$app_user cannot change the schema"
if docker exec fc-check-mysql mysql -h127.0.0.1 -u"$app_user" -p"$app_password" --ssl-mode=REQUIRED "$db" \
  -e 'CREATE TABLE ci_probe (id INT PRIMARY KEY)' 2>/dev/null; then
  echo "$app_user could create a table: its grants are too wide" >&2
  exit 1
fi
echo "refused, as it should be"

step "the image works as ECS will run it"
