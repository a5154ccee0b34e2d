-- Stock has a documented maximum, and giving units back can never break it. `held` counts the units that orders
-- took and can still give back (pending payment or paid: expiry and cancellation return them); taking stock moves
-- units from `stock` to `held`, giving back moves them home, so stock + held is only ever changed by an admin, who
-- is held to the bound. (Before, repeated admin increases could push stock past the INT column, and then every
-- later admin change and every cancellation that gave stock back failed.)
ALTER TABLE product ADD COLUMN held INT NOT NULL DEFAULT 0;

UPDATE product p SET held = (
    SELECT COALESCE(SUM(l.quantity), 0) FROM order_line l JOIN customer_order o ON o.id = l.order_id
    WHERE l.product_id = p.id AND o.status IN ('PENDING_PAYMENT', 'PAID'));

-- a product already past the bound (only possible through the old overflow) is brought down to it
UPDATE product SET stock = GREATEST(0, 1000000000 - held) WHERE stock + held > 1000000000;

ALTER TABLE product
    ADD CONSTRAINT product_held_not_negative CHECK (held >= 0),
    ADD CONSTRAINT product_units_bounded CHECK (stock + held <= 1000000000);
