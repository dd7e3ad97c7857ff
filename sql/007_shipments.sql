-- 007_shipments: B5 goods for group owners and leaders. Their withdrawal
-- deductions go to the platform's goods fund; each time a member's
-- accumulated deduction passes the threshold (owner 5000, leader 10000)
-- one shipment of goods (500 / 2000) falls due. Admins confirm a shipment
-- (the goods' value moves from the fund to goods cost) or cancel it
-- (reversed). System accounts are debited slot by slot, so a single slot
-- may dip below zero; `ctl verify` checks every non-issuing system
-- account's slots sum to zero or more.
UPDATE accounts SET may_go_negative = TRUE WHERE owner_type = 'system';

CREATE TABLE shipments (
  id           BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  member_id    BIGINT UNSIGNED NOT NULL,
  role         VARCHAR(16) NOT NULL,
  amount       BIGINT NOT NULL,
  seq          INT NOT NULL,           -- the n-th threshold this ships for
  status       ENUM('shipped','cancelled') NOT NULL DEFAULT 'shipped',
  note         VARCHAR(200) NOT NULL DEFAULT '',
  admin_id     BIGINT UNSIGNED NOT NULL,
  created_at   DATETIME NOT NULL,
  cancelled_at DATETIME NULL,
  live_key     VARCHAR(40) AS (IF(status = 'shipped',
                 CONCAT(member_id, ':', seq), NULL)) PERSISTENT,
  UNIQUE KEY uk_live (live_key),
  KEY (member_id, id),
  KEY (created_at)
) ENGINE=InnoDB;
