#!/usr/bin/env bash
# Creates the service's own MySQL users, idempotently, as the master user:
#   APP_USER       reads and writes rows in DB_NAME: SELECT, INSERT, UPDATE, DELETE, and REPLICATION CLIENT so the
#                  dependencies health check can read SHOW REPLICA STATUS; no DDL, no other schema
#   MIGRATOR_USER  owns the schema of DB_NAME (Flyway, run as a one-off task before each deploy); nothing else
# Passwords are set only when a user is created: afterwards the Secrets Manager rotation function owns them (it
# alternates each user with a "<user>_clone" copy of its grants). Grants are re-applied to both of the pair.
#
# The ECS task of modules/db-users runs it in the mysql image; .github/scripts/native-container-check.sh runs the
# same file against a MySQL 8.4 container in CI, so the grants the service really gets are tested.
#
#   DB_HOST DB_PORT DB_NAME MASTER_USER MASTER_PASSWORD APP_USER APP_PASSWORD MIGRATOR_USER MIGRATOR_PASSWORD
#   DB_SSL_MODE  (default VERIFY_IDENTITY)   DB_CA_FILE (PEM; downloaded from DB_CA_URL when missing)
#   USER_HOST    (default %)
set -euo pipefail

: "${DB_HOST:?}" "${DB_PORT:?}" "${DB_NAME:?}" "${MASTER_USER:?}" "${MASTER_PASSWORD:?}"
: "${APP_USER:?}" "${APP_PASSWORD:?}" "${MIGRATOR_USER:?}" "${MIGRATOR_PASSWORD:?}"
ssl_mode=${DB_SSL_MODE:-VERIFY_IDENTITY}
ca_file=${DB_CA_FILE:-/tmp/rds-ca.pem}
user_host=${USER_HOST:-%}

if [[ ! -s $ca_file ]]; then
  : "${DB_CA_URL:?set DB_CA_URL or DB_CA_FILE: the server certificate is verified}"
  curl -fsSL --retry 3 -o "$ca_file" "$DB_CA_URL"
fi

# The password goes through a client option file, not the command line (visible to ps) or MYSQL_PWD.
defaults=$(mktemp)
trap 'rm -f "$defaults"' EXIT
chmod 600 "$defaults"
printf '[client]\nhost=%s\nport=%s\nuser=%s\npassword="%s"\nssl-mode=%s\nssl-ca=%s\n' \
  "$DB_HOST" "$DB_PORT" "$MASTER_USER" "$MASTER_PASSWORD" "$ssl_mode" "$ca_file" >"$defaults"
sql() { mysql --defaults-extra-file="$defaults" --batch --skip-column-names "$@"; }

# Generated passwords are alphanumeric (modules/db-users); refuse anything that would need SQL quoting.
for value in "$APP_USER" "$APP_PASSWORD" "$MIGRATOR_USER" "$MIGRATOR_PASSWORD" "$DB_NAME"; do
  [[ $value =~ ^[A-Za-z0-9_]+$ ]] || { echo "create-users: refusing a name or password outside [A-Za-z0-9_]" >&2; exit 1; }
done

exists() { [[ $(sql -e "SELECT COUNT(*) FROM mysql.user WHERE user = '$1' AND host = '$user_host'") == 1 ]]; }

grant_app() {
  sql -e "GRANT SELECT, INSERT, UPDATE, DELETE ON \`$DB_NAME\`.* TO '$1'@'$user_host';
          GRANT REPLICATION CLIENT ON *.* TO '$1'@'$user_host';"
}

grant_migrator() {
  sql -e "GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$1'@'$user_host';"
}

sql -e "CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;"
sql -e "CREATE USER IF NOT EXISTS '$APP_USER'@'$user_host' IDENTIFIED BY '$APP_PASSWORD';"
sql -e "CREATE USER IF NOT EXISTS '$MIGRATOR_USER'@'$user_host' IDENTIFIED BY '$MIGRATOR_PASSWORD';"
for user in "$APP_USER" "${APP_USER}_clone"; do
  if exists "$user"; then grant_app "$user"; fi
done
for user in "$MIGRATOR_USER" "${MIGRATOR_USER}_clone"; do
  if exists "$user"; then grant_migrator "$user"; fi
done

sql -e "SHOW GRANTS FOR '$APP_USER'@'$user_host'; SHOW GRANTS FOR '$MIGRATOR_USER'@'$user_host';"
echo "create-users: $APP_USER and $MIGRATOR_USER are in place on $DB_HOST/$DB_NAME"
