-- 040_union: the union queue (工会排队, FEATURES F7). Every qualifying
-- order (mall, cashier) gives its buyer an entitlement of paid × the
-- quota ratio (union.quota_bp). Each day the job union.daily computes the
-- previous day's net profit (union_days: its parts, so the report shows
-- how it was reached) and moves union.share_bp of it, when positive,
-- from the platform's revenue into the ledger's pool.union; then pays
-- whole entitlements, oldest first, until the next one no longer fits.
-- union_pool is the one row every writer locks: balance = funded −
-- paid_out = the ledger's pool.union (ctl verify).
CREATE TABLE union_pool (
  id        TINYINT UNSIGNED PRIMARY KEY,
  balance   BIGINT NOT NULL DEFAULT 0,
  funded    BIGINT NOT NULL DEFAULT 0,
  paid_out  BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT ck_union_pool CHECK (balance >= 0 AND funded = paid_out + balance)
) ENGINE=InnoDB;
INSERT INTO union_pool (id) VALUES (1);

CREATE TABLE union_entitlements (
  id            BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,   -- the queue order
  member_id     BIGINT UNSIGNED NOT NULL,
  order_id      BIGINT UNSIGNED NOT NULL,
  order_source  VARCHAR(16) NOT NULL,
  base          BIGINT NOT NULL,
  quota_bp      INT NOT NULL,
  amount        BIGINT NOT NULL,
  status        ENUM('waiting','done','cancelled') NOT NULL DEFAULT 'waiting',
  day           DATE NULL,                                    -- the union day that paid it
  created_at    DATETIME NOT NULL,
  paid_at       DATETIME NULL,
  UNIQUE KEY uk_order (order_source, order_id),
  KEY k_wait (status, id),
  KEY k_member (member_id, id)
) ENGINE=InnoDB;

CREATE TABLE union_days (
  day           DATE PRIMARY KEY,
  margin        BIGINT NOT NULL,
  spread        BIGINT NOT NULL,
  commission    BIGINT NOT NULL,
  rewards       BIGINT NOT NULL,
  profit        BIGINT NOT NULL,
  share_bp      INT NOT NULL,
  moved         BIGINT NOT NULL,
  paid_count    INT NOT NULL,
  paid_amount   BIGINT NOT NULL,
  note          VARCHAR(200) NOT NULL,
  created_at    DATETIME NOT NULL
) ENGINE=InnoDB;
