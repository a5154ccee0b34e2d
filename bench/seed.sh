# Bench data, prepared before anything is timed. Sourced by scripts/bench.sh (needs lib.sh, mariadb.sh and
# redis.sh). Everything here is idempotent: a second run inserts only what is missing.
#
#   products  up to FLASHCART_BENCH_PRODUCTS (10,000) in total: `Bench product <n>`, stock 1,000,000
#   users     FLASHCART_BENCH_USERS (50,000) `bench-user-<n>@bench.flashcart.local`, role USER, no password
#             login; each with a wallet of 5,000,000 points and the matching CHARGE ledger row (wallets
#             that earlier runs drained below 1,000,000 are topped up to 5,000,000, with a CHARGE row too)
#   sessions  one fresh session per bench user on every run (Redis, the service's format), the tokens in
#             $STATE_DIR/bench/tokens.txt (line n = the n-th bench user by id); the previous run's are deleted
#   admin     bench-admin@bench.flashcart.local (role ADMIN) and a session, for the coupon and flashsale scenarios (they create a coupon, a product)
# shellcheck shell=bash

BENCH_PRODUCTS=${FLASHCART_BENCH_PRODUCTS:-10000}
BENCH_USERS=${FLASHCART_BENCH_USERS:-50000}
BENCH_WALLET=5000000
# Every run's order and checkout scenarios (warm-up windows included) start again at the first bench users and spend
# about 190,000 points per user and pass, a dozen passes in a full run: a wallet left at 1,000,000 ran dry inside
# one run and its payments were refused INSUFFICIENT_POINTS (1,185 of them in an order run on 2026-11-27), so
# every run starts with at least 4,000,000 in each bench wallet.
BENCH_WALLET_LOW=4000000
BENCH_EMAIL_LIKE='bench-user-%@bench.flashcart.local'
BENCH_ADMIN_EMAIL='bench-admin@bench.flashcart.local'

bench_q() { db_sql primary "$DB_NAME" -N -B -e "$1"; }

# bench_tables_exist <table...>: true when every table exists in the service's database
bench_tables_exist() {
  local t n
  for t in "$@"; do
    n=$(bench_q "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '$DB_NAME' AND table_name = '$t'")
    [[ $n == 1 ]] || return 1
  done
}

# waits until the replica has applied everything the primary has written so far
bench_wait_replica() {
  local gtid
  gtid=$(db_sql primary -N -e 'SELECT @@gtid_binlog_pos')
  [[ -z $gtid ]] || db_sql replica -N -e "SELECT MASTER_GTID_WAIT('$gtid', 120)" | grep -qx 0 \
    || die "the replica did not catch up with the bench data"
}

bench_seed_products() {
  local have missing base
  have=$(bench_q 'SELECT COUNT(*) FROM product')
  missing=$((BENCH_PRODUCTS - have))
  if ((missing > 0)); then
    base=$(bench_q "SELECT COUNT(*) FROM product WHERE name LIKE 'Bench product %'")
    say "seeding $missing bench products ($have exist)"
    bench_q "INSERT INTO product (name, description, price, stock, created_at, updated_at)
      SELECT CONCAT('Bench product ', $base + seq), CONCAT('Seeded by bench/seed.sh: bench product ', $base + seq, '.'),
             1000 * (1 + ($base + seq) * 37 MOD 100), 1000000, NOW(6), NOW(6)
      FROM seq_1_to_$missing"
  fi
  bench_q 'SELECT id FROM product ORDER BY id' >"$BENCH_STATE/products.txt"
  bench_q "SELECT id FROM product WHERE name LIKE 'Bench product %' ORDER BY id" >"$BENCH_STATE/bench-products.txt"
  [[ -s $BENCH_STATE/bench-products.txt ]] || bench_q 'SELECT id FROM product ORDER BY id' >"$BENCH_STATE/bench-products.txt"
}

# users + wallets (+ the CHARGE ledger row that makes the ledger sum equal the balance), in one transaction
bench_seed_users() {
  local have
  have=$(bench_q "SELECT COUNT(*) FROM app_user WHERE email LIKE '$BENCH_EMAIL_LIKE'")
  if ((have < BENCH_USERS)); then
    say "seeding bench users ($have of $BENCH_USERS exist)"
    bench_q "INSERT IGNORE INTO app_user (email, name, password_hash, role, created_at)
      SELECT CONCAT('bench-user-', seq, '@bench.flashcart.local'), CONCAT('Bench user ', seq), '!bench-no-login',
             'USER', NOW(6)
      FROM seq_1_to_$BENCH_USERS"
  fi
  db_sql primary "$DB_NAME" <<SQL
START TRANSACTION;
CREATE TEMPORARY TABLE bench_new_wallet (user_id BIGINT PRIMARY KEY) ENGINE = InnoDB
  SELECT u.id AS user_id FROM app_user u LEFT JOIN point_wallet w ON w.user_id = u.id
  WHERE u.email LIKE '$BENCH_EMAIL_LIKE' AND w.user_id IS NULL;
INSERT INTO point_wallet (user_id, balance, updated_at) SELECT user_id, $BENCH_WALLET, NOW(6) FROM bench_new_wallet;
INSERT INTO point_ledger (user_id, type, amount, balance_after, order_id, created_at)
  SELECT user_id, 'CHARGE', $BENCH_WALLET, $BENCH_WALLET, NULL, NOW(6) FROM bench_new_wallet;
COMMIT;
DROP TEMPORARY TABLE bench_new_wallet;
SQL
  bench_topup_wallets
}

# bench_topup_wallets: bench wallets that earlier runs' or scenarios' orders drained below BENCH_WALLET_LOW are
# topped up again to BENCH_WALLET, ledger row included (before a flash sale too: its buyers must be able to pay)
bench_topup_wallets() {
  db_sql primary "$DB_NAME" <<SQL
START TRANSACTION;
CREATE TEMPORARY TABLE bench_topup (user_id BIGINT PRIMARY KEY, amount BIGINT NOT NULL) ENGINE = InnoDB
  SELECT w.user_id, $BENCH_WALLET - w.balance AS amount FROM point_wallet w
  JOIN app_user u ON u.id = w.user_id AND u.email LIKE '$BENCH_EMAIL_LIKE'
  WHERE w.balance < $BENCH_WALLET_LOW FOR UPDATE;
UPDATE point_wallet w JOIN bench_topup t ON t.user_id = w.user_id SET w.balance = $BENCH_WALLET, w.updated_at = NOW(6);
INSERT INTO point_ledger (user_id, type, amount, balance_after, order_id, created_at)
  SELECT user_id, 'CHARGE', amount, $BENCH_WALLET, NULL, NOW(6) FROM bench_topup;
COMMIT;
DROP TEMPORARY TABLE bench_topup;
SQL
}

bench_seed_sessions() {
  bench_q "SELECT id FROM app_user WHERE email LIKE '$BENCH_EMAIL_LIKE' ORDER BY id LIMIT $BENCH_USERS" \
    | python3 "$BENCH_DIR/sessions.py" --out "$BENCH_STATE/tokens.txt" --old "$BENCH_STATE/tokens.txt" \
    | redis_cli --pipe >"$BENCH_STATE/sessions.log" 2>&1 || { cat "$BENCH_STATE/sessions.log"; die "loading bench sessions failed"; }
}

bench_seed_admin() {
  bench_q "INSERT IGNORE INTO app_user (email, name, password_hash, role, created_at)
    VALUES ('$BENCH_ADMIN_EMAIL', 'Bench admin', '!bench-no-login', 'ADMIN', NOW(6))"
  bench_q "SELECT id FROM app_user WHERE email = '$BENCH_ADMIN_EMAIL'" \
    | python3 "$BENCH_DIR/sessions.py" --role ADMIN --out "$BENCH_STATE/admin-token.txt" \
        --old "$BENCH_STATE/admin-token.txt" \
    | redis_cli --pipe >>"$BENCH_STATE/sessions.log" 2>&1 || die "loading the bench admin session failed"
}

# bench_seed: everything the selected scenarios need; sets BENCH_HAVE_USERS=1 when users and sessions exist
bench_seed() {
  BENCH_HAVE_USERS=0
  bench_seed_products
  if bench_tables_exist app_user point_wallet point_ledger; then
    bench_seed_users
    bench_seed_sessions
    BENCH_HAVE_USERS=1
    say "$(wc -l <"$BENCH_STATE/tokens.txt") bench users with fresh sessions"
  else
    say "no user tables yet (app_user, point_wallet, point_ledger): users and sessions not seeded"
  fi
  bench_wait_replica
}
