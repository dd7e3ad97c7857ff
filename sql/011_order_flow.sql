-- 011_order_flow: C4 shipping, receipt and cancellation, C5 hot items.
-- A paid order is shipped by its merchant (carrier, tracking), completed
-- by its buyer or automatically order.auto_confirm_days after shipping
-- (the scheduler), or cancelled before shipping (refund, stock back).
ALTER TABLE orders
  ADD COLUMN hot_id       BIGINT UNSIGNED NULL AFTER product_id,
  ADD COLUMN shipped_at   DATETIME NULL,
  ADD COLUMN completed_at DATETIME NULL,
  ADD COLUMN cancelled_at DATETIME NULL,
  ADD COLUMN cancel_reason VARCHAR(100) NULL,
  ADD KEY k_ship (status, shipped_at);

-- C5 每日爆品: a merchant offers one of its listed products for one day at
-- a 零钱 price (fen, never below the supply price) and a quantity. Buying
-- takes `sold` by a conditional update (sold + qty <= qty_total) as well
-- as the product's stock, so a sold-out hot item is sold out.
CREATE TABLE hot_items (
  id          BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  product_id  BIGINT UNSIGNED NOT NULL,
  merchant_id BIGINT UNSIGNED NOT NULL,
  day         DATE NOT NULL,
  price       BIGINT NOT NULL,
  qty_total   INT NOT NULL,
  sold        INT NOT NULL DEFAULT 0,
  created_at  DATETIME NOT NULL,
  UNIQUE KEY uk_product_day (product_id, day),
  KEY (day, id),
  KEY (merchant_id, day),
  CONSTRAINT ck_hot CHECK (price > 0 AND qty_total > 0 AND sold >= 0
    AND sold <= qty_total)
) ENGINE=InnoDB;

