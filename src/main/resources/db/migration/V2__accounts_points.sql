-- Accounts, the points wallet with its ledger, and request idempotency.

CREATE TABLE app_user (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    email         VARCHAR(254) NOT NULL,
    name          VARCHAR(100) NOT NULL,
    -- bcrypt in modular crypt format ($2a$...); never the password itself
    password_hash VARCHAR(100) NOT NULL,
    role          VARCHAR(16)  NOT NULL DEFAULT 'USER',
    created_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT app_user_email_unique UNIQUE (email),
    CONSTRAINT app_user_role_known CHECK (role IN ('USER', 'ADMIN'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One wallet per user. The balance changes only with conditional updates; the CHECKs hold the limits even
-- against a statement that forgets its condition.
CREATE TABLE point_wallet (
    user_id    BIGINT      NOT NULL,
    balance    BIGINT      NOT NULL DEFAULT 0,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (user_id),
    CONSTRAINT point_wallet_user FOREIGN KEY (user_id) REFERENCES app_user (id),
    CONSTRAINT point_wallet_balance_range CHECK (balance >= 0 AND balance <= 10000000)
) ENGINE = InnoDB;

-- Every change of a balance, written in the same transaction as the change: the signed sum of a user's
-- rows (CHARGE and REFUND add, USE subtracts) always equals the wallet's balance.
CREATE TABLE point_ledger (
    id            BIGINT      NOT NULL AUTO_INCREMENT,
    user_id       BIGINT      NOT NULL,
    type          VARCHAR(8)  NOT NULL,
    amount        BIGINT      NOT NULL,
    balance_after BIGINT      NOT NULL,
    order_id      BIGINT      NULL,
    created_at    DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    KEY point_ledger_user_newest (user_id, id),
    CONSTRAINT point_ledger_user FOREIGN KEY (user_id) REFERENCES app_user (id),
    CONSTRAINT point_ledger_type_known CHECK (type IN ('CHARGE', 'USE', 'REFUND')),
    CONSTRAINT point_ledger_amount_positive CHECK (amount > 0)
) ENGINE = InnoDB;

-- Idempotency-Key records, scoped to the user (the operation is part of the request hash, so a key reused on
-- another endpoint is a reuse). The row is inserted first, in the same transaction as the effect, so a
-- concurrent repeat waits on its lock and then replays the stored answer.
CREATE TABLE idempotency_record (
    user_id       BIGINT       NOT NULL,
    idem_key      VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    operation     VARCHAR(32)  NOT NULL,
    request_hash  CHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    status_code   SMALLINT     NOT NULL,
    response_body MEDIUMTEXT   NULL,
    created_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (user_id, idem_key),
    KEY idempotency_record_created (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Written by every instance twice a second; its age on the replica is the replication lag.
CREATE TABLE replica_heartbeat (
    id INT         NOT NULL,
    ts DATETIME(6) NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB;
