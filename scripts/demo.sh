# Demo data for a fresh local topology, loaded once (a marker in the state folder remembers it).
# Sourced by ./flashcart.
# shellcheck shell=bash

demo_load() {
  local marker="$STATE_DIR/demo-data-loaded"
  [[ -f $marker ]] && return 0
  step "loading demo data"
  db_sql primary "$DB_NAME" <"$ROOT/infra/demo/products.sql" || die "demo products failed"
  date -u +%FT%TZ >"$marker"
}
