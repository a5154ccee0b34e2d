-- Coupons (issued first-come-first-served), orders with their lines, payments, and the outbox of events.

CREATE TABLE coupon (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    name            VARCHAR(200) NOT NULL,
    discount_type   VARCHAR(8)   NOT NULL,
    discount_value  BIGINT       NOT NULL,
    total_quantity  INT          NOT NULL,
    -- the source of truth for first-come-first-served: raised only by issued < total_quantity updates
    issued_quantity INT          NOT NULL DEFAULT 0,
    valid_from      DATETIME(6)  NOT NULL,
    valid_until     DATETIME(6)  NOT NULL,
    created_at      DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT coupon_type_known CHECK (discount_type IN ('FIXED', 'RATE')),
    CONSTRAINT coupon_value_range CHECK (discount_value > 0 AND (discount_type = 'FIXED' OR discount_value <= 100)),
    CONSTRAINT coupon_issued_range CHECK (issued_quantity >= 0 AND issued_quantity <= total_quantity),
    CONSTRAINT coupon_validity CHECK (valid_from < valid_until)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A coupon held by a user. order_id is set while an order holds it (reserved) and stays once it is USED.
CREATE TABLE user_coupon (
    id         BIGINT      NOT NULL AUTO_INCREMENT,
    coupon_id  BIGINT      NOT NULL,
    user_id    BIGINT      NOT NULL,
    status     VARCHAR(10) NOT NULL DEFAULT 'AVAILABLE',
    order_id   BIGINT      NULL,
    issued_at  DATETIME(6) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    used_at    DATETIME(6) NULL,
    PRIMARY KEY (id),
    CONSTRAINT user_coupon_once_per_user UNIQUE (coupon_id, user_id),
    KEY user_coupon_by_user (user_id, id),
    CONSTRAINT user_coupon_coupon FOREIGN KEY (coupon_id) REFERENCES coupon (id),
    CONSTRAINT user_coupon_user FOREIGN KEY (user_id) REFERENCES app_user (id),
    CONSTRAINT user_coupon_status_known CHECK (status IN ('AVAILABLE', 'USED', 'EXPIRED'))
) ENGINE = InnoDB;

CREATE TABLE customer_order (
    id              BIGINT      NOT NULL AUTO_INCREMENT,
    user_id         BIGINT      NOT NULL,
    status          VARCHAR(16) NOT NULL,
    total_amount    BIGINT      NOT NULL,
    discount_amount BIGINT      NOT NULL,
    pay_amount      BIGINT      NOT NULL,
    user_coupon_id  BIGINT      NULL,
    created_at      DATETIME(6) NOT NULL,
    expires_at      DATETIME(6) NOT NULL,
    paid_at         DATETIME(6) NULL,
    cancelled_at    DATETIME(6) NULL,
    updated_at      DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    KEY customer_order_by_user (user_id, id),
    KEY customer_order_due (status, expires_at),
    CONSTRAINT customer_order_user FOREIGN KEY (user_id) REFERENCES app_user (id),
    CONSTRAINT customer_order_status_known CHECK (status IN ('PENDING_PAYMENT', 'PAID', 'CANCELLED', 'EXPIRED')),
    CONSTRAINT customer_order_amounts CHECK (total_amount >= 0 AND discount_amount >= 0
        AND discount_amount <= total_amount AND pay_amount = total_amount - discount_amount)
) ENGINE = InnoDB;

-- Prices and names are copied at order time: later catalog changes do not rewrite an order.
CREATE TABLE order_line (
    order_id     BIGINT       NOT NULL,
    product_id   BIGINT       NOT NULL,
    product_name VARCHAR(200) NOT NULL,
    unit_price   BIGINT       NOT NULL,
    quantity     INT          NOT NULL,
    PRIMARY KEY (order_id, product_id),
    KEY order_line_product (product_id),
    CONSTRAINT order_line_order FOREIGN KEY (order_id) REFERENCES customer_order (id),
    CONSTRAINT order_line_quantity_range CHECK (quantity BETWEEN 1 AND 1000)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One payment per order at most: the unique key makes a second payment impossible whatever the code does.
CREATE TABLE payment (
    id          BIGINT      NOT NULL AUTO_INCREMENT,
    order_id    BIGINT      NOT NULL,
    user_id     BIGINT      NOT NULL,
    amount      BIGINT      NOT NULL,
    status      VARCHAR(10) NOT NULL,
    paid_at     DATETIME(6) NOT NULL,
    refunded_at DATETIME(6) NULL,
    PRIMARY KEY (id),
    CONSTRAINT payment_once_per_order UNIQUE (order_id),
    CONSTRAINT payment_order FOREIGN KEY (order_id) REFERENCES customer_order (id),
    CONSTRAINT payment_status_known CHECK (status IN ('PAID', 'REFUNDED'))
) ENGINE = InnoDB;

-- Events to publish, written in the same transaction as the change they describe. The relay publishes
-- unpublished rows in id order per aggregate key and marks them published only after Kafka acknowledged.
CREATE TABLE outbox_event (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    event_id      CHAR(36)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    event_type    VARCHAR(32)  NOT NULL,
    topic         VARCHAR(100) NOT NULL,
    event_key     VARCHAR(64)  NOT NULL,
    payload       TEXT         NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    published_at  DATETIME(6)  NULL,
    attempts      INT          NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    CONSTRAINT outbox_event_id_unique UNIQUE (event_id),
    KEY outbox_event_pending (published_at, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
