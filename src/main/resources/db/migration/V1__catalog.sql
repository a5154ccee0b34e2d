-- Products. Stock is reserved with conditional updates (stock >= ?), and the CHECK makes a negative stock
-- impossible even for a statement that forgets the condition.
CREATE TABLE product (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    name        VARCHAR(200) NOT NULL,
    description VARCHAR(4000) NOT NULL DEFAULT '',
    price       BIGINT       NOT NULL,
    stock       INT          NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    updated_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT product_price_not_negative CHECK (price >= 0),
    CONSTRAINT product_stock_not_negative CHECK (stock >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
