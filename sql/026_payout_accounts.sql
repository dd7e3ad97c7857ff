-- 026_payout_accounts: where a withdrawal is paid (B5, issue 20). A member
-- binds one payout account before the first withdrawal: the payee's real
-- name and a bank card (bank, branch, number passing the Luhn check) or an
-- Alipay account. Changing it needs an SMS code (purpose 'payout', hashed
-- like every code in sms_codes). Each withdrawal keeps a copy of the
-- account it was applied for, so a later change never redirects money
-- already asked for, and the back office pays what the member confirmed.
ALTER TABLE sms_codes
  MODIFY purpose ENUM('register','login','reset','payout') NOT NULL;

CREATE TABLE payout_accounts (
  member_id   BIGINT UNSIGNED PRIMARY KEY,
  kind        ENUM('bank','alipay') NOT NULL,
  real_name   VARCHAR(40) NOT NULL,
  bank        VARCHAR(40) NOT NULL DEFAULT '',
  branch      VARCHAR(60) NOT NULL DEFAULT '',
  account     VARCHAR(64) NOT NULL,
  created_at  DATETIME NOT NULL,
  updated_at  DATETIME NOT NULL
) ENGINE=InnoDB;

ALTER TABLE withdrawals
  ADD COLUMN payee_kind    VARCHAR(8) NOT NULL DEFAULT '',
  ADD COLUMN payee_name    VARCHAR(40) NOT NULL DEFAULT '',
  ADD COLUMN payee_bank    VARCHAR(40) NOT NULL DEFAULT '',
  ADD COLUMN payee_branch  VARCHAR(60) NOT NULL DEFAULT '',
  ADD COLUMN payee_account VARCHAR(64) NOT NULL DEFAULT '';
