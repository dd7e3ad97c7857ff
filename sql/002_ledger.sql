-- 002_ledger: currencies, accounts, the double-entry journal (DESIGN.md §5).

-- B1: every currency, with what it may be used for. Names are shown to
-- users and renamable; codes are stable.
CREATE TABLE currencies (
  code         VARCHAR(16) PRIMARY KEY,
  name         VARCHAR(32) NOT NULL,
  decimals     TINYINT NOT NULL DEFAULT 2,
  transferable BOOLEAN NOT NULL DEFAULT FALSE,
  withdrawable BOOLEAN NOT NULL DEFAULT FALSE,
  sort         INT NOT NULL DEFAULT 0
) ENGINE=InnoDB;

INSERT INTO currencies (code, name, decimals, transferable, withdrawable, sort) VALUES
  ('CHANGE',   '零钱',     2, TRUE,  TRUE,  1),
  ('CARD',     '购物卡',   2, TRUE,  FALSE, 2),
  ('POINTS',   '积分',     2, TRUE,  FALSE, 3),
  ('RED',      '红券',     2, FALSE, FALSE, 4),
  ('GREEN',    '绿券',     2, TRUE,  FALSE, 5),
  ('DIVPTS',   '分红积分', 2, FALSE, FALSE, 6),
  ('GOLD',     '购物金',   2, FALSE, FALSE, 7),
  ('MALLPTS',  '消费积分', 2, FALSE, FALSE, 8),
  ('VOUCHER',  '购物券',   2, FALSE, FALSE, 9),
  ('GREENPTS', '绿色积分', 2, FALSE, FALSE, 10),
  ('LOVE',     '爱心值',   2, FALSE, FALSE, 11);

-- An account is (owner, kind, currency, slot). Members have kind 'main'
-- (spendable) and 'frozen' (withdrawals in review). System accounts
-- (owner_type 'system', owner_id 0) are split into slots so concurrent
-- entries do not queue on one row; a system account's balance is the sum
-- of its slots. Only accounts with may_go_negative (the issuing accounts)
-- can go below zero.
CREATE TABLE accounts (
  id              BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  owner_type      ENUM('member','system') NOT NULL,
  owner_id        BIGINT UNSIGNED NOT NULL,
  kind            VARCHAR(24) NOT NULL,
  currency        VARCHAR(16) NOT NULL,
  slot            TINYINT UNSIGNED NOT NULL DEFAULT 0,
  balance         BIGINT NOT NULL DEFAULT 0,
  may_go_negative BOOLEAN NOT NULL DEFAULT FALSE,
  UNIQUE KEY uk_owner (owner_type, owner_id, kind, currency, slot),
  KEY (currency),
  CONSTRAINT fk_acc_cur FOREIGN KEY (currency) REFERENCES currencies (code),
  CONSTRAINT ck_nonneg CHECK (may_go_negative OR balance >= 0)
) ENGINE=InnoDB;

-- One row per money movement. idem_key makes a retry a no-op.
CREATE TABLE journal (
  id         BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  idem_key   VARCHAR(128) NOT NULL,
  kind       VARCHAR(32) NOT NULL,
  ref_type   VARCHAR(32) NULL,
  ref_id     BIGINT UNSIGNED NULL,
  memo       VARCHAR(200) NOT NULL DEFAULT '',
  member_id  BIGINT UNSIGNED NULL,   -- who asked for it, when a member did
  admin_id   BIGINT UNSIGNED NULL,   -- who did it, when an admin did
  created_at DATETIME NOT NULL,
  UNIQUE KEY uk_idem (idem_key),
  KEY (ref_type, ref_id),
  KEY (kind, created_at)
) ENGINE=InnoDB;

CREATE TABLE postings (
  id         BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  entry_id   BIGINT UNSIGNED NOT NULL,
  account_id BIGINT UNSIGNED NOT NULL,
  currency   VARCHAR(16) NOT NULL,
  amount     BIGINT NOT NULL,
  KEY (account_id, id),
  KEY (entry_id)
) ENGINE=InnoDB;
