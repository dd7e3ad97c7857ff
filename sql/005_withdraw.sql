-- 005_withdraw: B5 withdrawals. The amount is frozen at apply; approval
-- pays net to the bank card (offline), the fee to platform revenue and the
-- owner/leader deduction into the member's goods credit; rejection
-- unfreezes. Every step is a ledger entry keyed by the withdrawal id.
CREATE TABLE withdrawals (
  id          BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  member_id   BIGINT UNSIGNED NOT NULL,
  amount      BIGINT NOT NULL,
  fee         BIGINT NOT NULL,
  deduction   BIGINT NOT NULL,
  net         BIGINT NOT NULL,
  role        VARCHAR(16) NOT NULL DEFAULT '',   -- 'leader'/'owner' when deducted
  status      ENUM('pending','approved','rejected') NOT NULL DEFAULT 'pending',
  reason      VARCHAR(200) NULL,
  idem_key    VARCHAR(128) NOT NULL,
  decided_by  BIGINT UNSIGNED NULL,
  decided_at  DATETIME NULL,
  created_at  DATETIME NOT NULL,
  UNIQUE KEY uk_idem (idem_key),
  KEY (status, id),
  KEY (member_id, id)
) ENGINE=InnoDB;

