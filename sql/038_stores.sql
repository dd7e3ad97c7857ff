-- 038_stores: offline stores and their cashier (门店/收银台, FEATURES F8).
-- A merchant opens stores (name, address by region codes, opening hours,
-- the platform's commission, the queue the cashier's orders join); the
-- platform approves them. A cashier payment is a row of orders (one id
-- space with the mall and group-buy orders, so the order events know it)
-- with store_id set and no product: paid in 零钱, completed at once, the
-- merchant credited amount − commission and the commission the
-- platform's revenue, in one ledger entry (cashier.pay:<order>).
CREATE TABLE stores (
  id            BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  merchant_id   BIGINT UNSIGNED NOT NULL,             -- merchants.id
  name          VARCHAR(40) NOT NULL,
  province      CHAR(6) NOT NULL,
  city          CHAR(6) NOT NULL,
  district      CHAR(6) NOT NULL,
  address       VARCHAR(200) NOT NULL,
  hours         VARCHAR(60) NOT NULL,
  commission_bp INT NOT NULL,                         -- of each payment
  queue_mode    ENUM('own','all') NOT NULL DEFAULT 'own',
  ratio_bp      INT NULL,                             -- NULL: the plugin's
  extract_bp    INT NULL,                             -- NULL: the plugin's
  status        ENUM('pending','approved','rejected') NOT NULL DEFAULT 'pending',
  reason        VARCHAR(200) NULL,
  decided_by    BIGINT UNSIGNED NULL,
  decided_at    DATETIME NULL,
  created_at    DATETIME NOT NULL,
  updated_at    DATETIME NOT NULL,
  KEY k_merchant (merchant_id, id),
  KEY k_status (status, id),
  CONSTRAINT ck_store_bp CHECK (commission_bp BETWEEN 0 AND 10000
    AND (ratio_bp IS NULL OR ratio_bp BETWEEN 0 AND 100000)
    AND (extract_bp IS NULL OR extract_bp BETWEEN 0 AND 10000))
) ENGINE=InnoDB;

ALTER TABLE orders
  MODIFY product_id BIGINT UNSIGNED NULL,
  ADD COLUMN store_id   BIGINT UNSIGNED NULL,
  ADD COLUMN commission BIGINT NULL,                  -- cashier: the platform's part
  ADD KEY k_store (store_id, created_at);
