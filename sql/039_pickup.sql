-- 039_pickup: service points (服务点, FEATURES C6). The platform appoints
-- points (a store may be one) with a staff member who verifies pickups.
-- An order placed with 到店自提 at a point has one pickups row with a
-- 6-digit code (open_code while it waits, so two waiting orders of a point
-- never share a code, and codes are reused once picked up). On
-- verification the order completes and the point's staff member earns the
-- point's reward once (ledger key pickup.reward:<order>).
CREATE TABLE service_points (
  id            BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  name          VARCHAR(40) NOT NULL,
  province      CHAR(6) NOT NULL,
  city          CHAR(6) NOT NULL,
  district      CHAR(6) NOT NULL,
  address       VARCHAR(200) NOT NULL,
  member_id     BIGINT UNSIGNED NOT NULL,             -- the staff member paid the reward
  store_id      BIGINT UNSIGNED NULL,                 -- when a store is the point
  status        ENUM('active','closed') NOT NULL DEFAULT 'active',
  created_by    BIGINT UNSIGNED NOT NULL,
  created_at    DATETIME NOT NULL,
  KEY k_member (member_id),
  KEY k_where (status, district, city)
) ENGINE=InnoDB;

CREATE TABLE pickups (
  order_id      BIGINT UNSIGNED PRIMARY KEY,
  point_id      BIGINT UNSIGNED NOT NULL,
  code          CHAR(6) NOT NULL,
  open_code     CHAR(6) NULL,                         -- code while waiting, else NULL
  status        ENUM('waiting','picked_up','cancelled') NOT NULL DEFAULT 'waiting',
  reward        BIGINT NULL,                          -- paid on pickup, fen
  picked_by     BIGINT UNSIGNED NULL,
  picked_at     DATETIME NULL,
  created_at    DATETIME NOT NULL,
  UNIQUE KEY uk_open (point_id, open_code),
  KEY k_code (point_id, code, order_id)
) ENGINE=InnoDB;
