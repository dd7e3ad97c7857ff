-- 010_orders: C3/C4 orders. Placing an order takes the stock with one
-- conditional UPDATE (never oversold) and pays the total in the mall's
-- currency into the platform's order account, all in one transaction.
CREATE TABLE orders (
  id           BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  member_id    BIGINT UNSIGNED NOT NULL,
  product_id   BIGINT UNSIGNED NOT NULL,
  merchant_id  BIGINT UNSIGNED NOT NULL,
  qty          INT NOT NULL,
  unit_price   BIGINT NOT NULL,            -- ¥ fen at the time of the order
  supply_price BIGINT NOT NULL,
  currency     VARCHAR(16) NOT NULL,
  paid_amount  BIGINT NOT NULL,            -- in currency's smallest unit
  receiver     VARCHAR(30) NOT NULL,
  phone        CHAR(11) NOT NULL,
  address      VARCHAR(260) NOT NULL,
  status       ENUM('paid','shipped','completed','cancelled') NOT NULL DEFAULT 'paid',
  carrier      VARCHAR(30) NULL,
  tracking     VARCHAR(40) NULL,
  idem_key     VARCHAR(128) NOT NULL,
  created_at   DATETIME NOT NULL,
  updated_at   DATETIME NOT NULL,
  UNIQUE KEY uk_idem (idem_key),
  KEY (member_id, id),
  KEY (merchant_id, id),
  KEY (status, updated_at),
  CONSTRAINT ck_qty CHECK (qty > 0)
) ENGINE=InnoDB;

