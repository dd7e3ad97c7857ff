-- 023_queue: the queue rebate (排队返利, FEATURES F1–F6). One table of
-- queues keyed by scope; each has a head cursor (the position of the
-- first entitlement not yet settled), so a payout reads only the rows it
-- pays. Its money is held in the ledger's system account pool.queue
-- (零钱): per queue, funded = paid_out + balance, and the sum of the
-- balances is that account's balance (ctl verify).
CREATE TABLE queues (
  id            BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  scope         ENUM('mall','product','store','cashier','stores','cashiers') NOT NULL,
  scope_id      BIGINT UNSIGNED NOT NULL DEFAULT 0,   -- product/store/cashier; 0 otherwise
  name          VARCHAR(80) NOT NULL,
  head          BIGINT UNSIGNED NOT NULL DEFAULT 1,   -- first unsettled position
  tail          BIGINT UNSIGNED NOT NULL DEFAULT 0,   -- last position given
  balance       BIGINT NOT NULL DEFAULT 0,            -- funded, not yet paid out
  funded        BIGINT NOT NULL DEFAULT 0,
  paid_out      BIGINT NOT NULL DEFAULT 0,
  paused        BOOLEAN NOT NULL DEFAULT FALSE,
  last_reset    DATE NULL,
  created_at    DATETIME NOT NULL,
  UNIQUE KEY uk_scope (scope, scope_id),
  CONSTRAINT ck_queue_money CHECK (balance >= 0 AND funded = paid_out + balance)
) ENGINE=InnoDB;

-- A buyer's entitlement (待返权益): amount = base × ratio_bp, half up.
-- owed = amount - paid - exchanged while waiting. source: the rule that
-- decided the ratio (rules/queue.h codes), words: it in Chinese.
-- lottery: 'open' while the buyer may draw; seed is committed by its
-- SHA-256 (commitment) when the entitlement is made and shown after the
-- draw.
CREATE TABLE queue_entitlements (
  id            BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  queue_id      BIGINT UNSIGNED NOT NULL,
  position      BIGINT UNSIGNED NOT NULL,
  member_id     BIGINT UNSIGNED NOT NULL,
  order_id      BIGINT UNSIGNED NOT NULL,
  order_source  VARCHAR(16) NOT NULL,
  base          BIGINT NOT NULL,                      -- the order's paid value, fen
  ratio_bp      INT NOT NULL,
  source        VARCHAR(16) NOT NULL,
  words         VARCHAR(160) NOT NULL,
  amount        BIGINT NOT NULL,
  paid          BIGINT NOT NULL DEFAULT 0,
  exchanged     BIGINT NOT NULL DEFAULT 0,
  status        ENUM('waiting','done','exchanged','cleared','cancelled') NOT NULL DEFAULT 'waiting',
  lottery       ENUM('none','open','drawn') NOT NULL DEFAULT 'none',
  lottery_src   VARCHAR(16) NULL,
  lottery_conf  VARCHAR(400) NULL,                    -- the options as drawn from
  seed          CHAR(64) NULL,
  commitment    CHAR(64) NULL,
  created_at    DATETIME NOT NULL,
  settled_at    DATETIME NULL,
  UNIQUE KEY uk_order (order_source, order_id),
  UNIQUE KEY uk_pos (queue_id, position),
  KEY k_wait (queue_id, status, position),
  KEY k_member (member_id, id),
  CONSTRAINT ck_ent_money CHECK (paid >= 0 AND exchanged >= 0 AND paid + exchanged <= amount)
) ENGINE=InnoDB;

-- What each qualifying order put into its queue.
CREATE TABLE queue_fundings (
  id            BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  queue_id      BIGINT UNSIGNED NOT NULL,
  order_id      BIGINT UNSIGNED NOT NULL,
  order_source  VARCHAR(16) NOT NULL,
  base          BIGINT NOT NULL,
  extract_bp    INT NOT NULL,
  amount        BIGINT NOT NULL,
  created_at    DATETIME NOT NULL,
  UNIQUE KEY uk_order (order_source, order_id),
  KEY k_queue (queue_id, created_at)
) ENGINE=InnoDB;

-- One row per payment to an entitlement (each its own ledger entry,
-- key queue.pay:<id>), in the order they were made.
CREATE TABLE queue_payouts (
  id             BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  queue_id       BIGINT UNSIGNED NOT NULL,
  entitlement_id BIGINT UNSIGNED NOT NULL,
  amount         BIGINT NOT NULL,
  created_at     DATETIME NOT NULL,
  KEY k_ent (entitlement_id),
  KEY k_queue (queue_id, id)
) ENGINE=InnoDB;

-- A product's own queue settings (per-product switches, F1/F6); a product
-- without a row takes part with the plugin's settings.
CREATE TABLE queue_products (
  product_id    BIGINT UNSIGNED PRIMARY KEY,
  enabled       BOOLEAN NOT NULL DEFAULT TRUE,
  ratio_bp      INT NULL,
  levels        VARCHAR(1000) NULL,                   -- rules/queue.h formats
  tiers         VARCHAR(1000) NULL,
  lottery       VARCHAR(400) NULL,
  updated_at    DATETIME NOT NULL
) ENGINE=InnoDB;
