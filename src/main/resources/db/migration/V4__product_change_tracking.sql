-- Lets every instance keep its own copy of the catalog fresh (see LocalCatalog): each change of a product row
-- raises its version by one (done by the UPDATE statements) and stamps changed_at with the database's own
-- clock (done by MariaDB/MySQL itself, so no writer can forget it and no application clock can skew it).
ALTER TABLE product
    ADD COLUMN version    BIGINT      NOT NULL DEFAULT 0,
    ADD COLUMN changed_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    ADD INDEX product_changed (changed_at, version);
