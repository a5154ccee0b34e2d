# Demo data for a fresh local topology, loaded once (a marker in the state folder remembers it): a few dozen
# products, a first-come-first-served coupon, and a demo user with points. Sourced by ./flashcart.
# shellcheck shell=bash

DEMO_EMAIL=demo@flashcart.local
DEMO_PASSWORD=flashcart-demo
DEMO_ADMIN_EMAIL=${FLASHCART_ADMIN_EMAIL:-admin@flashcart.local}
DEMO_ADMIN_PASSWORD=${FLASHCART_ADMIN_PASSWORD:-flashcart-admin}

# demo_api <method> <path> <json body> [bearer token]: prints the body, fails on anything but 2xx
demo_api() {
  local method=$1 path=$2 body=$3 token=${4:-}
  local args=(-fsS -X "$method" -H 'Content-Type: application/json' --data "$body")
  [[ -n $token ]] && args+=(-H "Authorization: Bearer $token")
  curl "${args[@]}" "http://127.0.0.1:$LB_PORT$path"
}

demo_token() {
  demo_api POST /api/v1/sessions "{\"email\":\"$1\",\"password\":\"$2\"}" \
    | sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}

demo_load() {
  local marker="$STATE_DIR/demo-data-v2-loaded"
  [[ -f $marker ]] && return 0
  step "loading demo data"
  db_sql primary "$DB_NAME" <"$ROOT/infra/demo/products.sql" || die "demo products failed"
  # the user signs up through the API like anyone else (409 when a previous attempt got that far)
  curl -sS -o /dev/null -X POST -H 'Content-Type: application/json' \
    --data "{\"email\":\"$DEMO_EMAIL\",\"password\":\"$DEMO_PASSWORD\",\"name\":\"Demo Shopper\"}" \
    "http://127.0.0.1:$LB_PORT/api/v1/users"
  local user admin from until
  user=$(demo_token "$DEMO_EMAIL" "$DEMO_PASSWORD") || die "demo login failed"
  demo_api POST /api/v1/me/points/charges '{"amount":500000}' "$user" >/dev/null || die "demo points failed"
  admin=$(demo_token "$DEMO_ADMIN_EMAIL" "$DEMO_ADMIN_PASSWORD") || die "admin login failed"
  from=$(date -u +%FT%TZ)
  until=$(date -u -d '+30 days' +%FT%TZ)
  demo_api POST /api/v1/admin/coupons "{\"name\":\"Flash sale 10% off\",\"discountType\":\"RATE\",\"discountValue\":10,\
\"totalQuantity\":100,\"validFrom\":\"$from\",\"validUntil\":\"$until\"}" "$admin" >/dev/null || die "demo coupon failed"
  date -u +%FT%TZ >"$marker"
  say "demo user $DEMO_EMAIL / $DEMO_PASSWORD (500,000 points); coupon 'Flash sale 10% off' (100 to give away)"
}

# demo_walkthrough_ready: the README's walk-through buys 2 units of product 1 and pays 99,800 points as the demo
# user; where earlier runs (or anyone) used those up, the demo user gets points and product 1 stock first
demo_walkthrough_ready() {
  local user admin balance stock
  user=$(demo_token "$DEMO_EMAIL" "$DEMO_PASSWORD") || die "demo login failed"
  balance=$(curl -fsS -H "Authorization: Bearer $user" "http://127.0.0.1:$LB_PORT/api/v1/me/points" \
    | sed -n 's/.*"balance":\([0-9]*\).*/\1/p')
  if ((balance < 100000)); then
    demo_api POST /api/v1/me/points/charges '{"amount":100000}' "$user" >/dev/null || die "demo points failed"
  fi
  stock=$(curl -fsS "http://127.0.0.1:$LB_PORT/api/v1/products/1" | sed -n 's/.*"stock":\([0-9]*\).*/\1/p')
  if ((stock < 2)); then
    admin=$(demo_token "$DEMO_ADMIN_EMAIL" "$DEMO_ADMIN_PASSWORD") || die "admin login failed"
    demo_api PATCH /api/v1/admin/products/1 '{"stockDelta":100}' "$admin" >/dev/null || die "demo stock failed"
  fi
}
