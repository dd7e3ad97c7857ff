-- 008_merchants: C1 merchant onboarding. One application per member; a
-- rejected one may be corrected and sent again. Approval grants the
-- member the 商家 role.
CREATE TABLE merchants (
  id          BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  member_id   BIGINT UNSIGNED NOT NULL,
  name        VARCHAR(60) NOT NULL,
  contact     VARCHAR(30) NOT NULL,
  phone       CHAR(11) NOT NULL,
  license_no  VARCHAR(40) NOT NULL,
  address     VARCHAR(200) NOT NULL,
  description VARCHAR(500) NOT NULL DEFAULT '',
  status      ENUM('pending','approved','rejected') NOT NULL DEFAULT 'pending',
  reason      VARCHAR(200) NULL,
  decided_by  BIGINT UNSIGNED NULL,
  decided_at  DATETIME NULL,
  created_at  DATETIME NOT NULL,
  updated_at  DATETIME NOT NULL,
  UNIQUE KEY uk_member (member_id),
  KEY (status, id)
) ENGINE=InnoDB;
