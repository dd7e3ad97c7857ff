-- 006_recharge: B4 recharges. A recharge is created pending with a unique
-- trade number; the provider's signed callback marks it paid and issues
-- 零钱 1:1 in the same transaction (ledger key recharge:<no>), so a
-- repeated callback never credits twice.
CREATE TABLE recharges (
  id           BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  trade_no     VARCHAR(40) NOT NULL,
  member_id    BIGINT UNSIGNED NOT NULL,
  amount       BIGINT NOT NULL,
  provider     VARCHAR(16) NOT NULL,
  status       ENUM('pending','paid') NOT NULL DEFAULT 'pending',
  provider_ref VARCHAR(64) NULL,
  created_at   DATETIME NOT NULL,
  paid_at      DATETIME NULL,
  UNIQUE KEY uk_trade (trade_no),
  KEY (member_id, id),
  KEY (status, id)
) ENGINE=InnoDB;

