-- 013_groupbuy: the group-buy engine (D1–D6, D9, D10).
--
-- An activity's configuration is JSON (rules/gb.h); every edit is a new
-- immutable version, and a group keeps the version it was opened under,
-- so the rules shown on a group page are the rules its draw used.
CREATE TABLE gb_activities (
  id          BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  version_id  BIGINT UNSIGNED NOT NULL,     -- the current configuration
  name        VARCHAR(120) NOT NULL,
  mode        ENUM('leader','public') NOT NULL,
  price       BIGINT NOT NULL,              -- the stake, 零钱 fen
  zone        INT NOT NULL,                 -- price zone in ¥ (99, 299, …)
  status      ENUM('active','paused') NOT NULL DEFAULT 'active',
  created_at  DATETIME NOT NULL,
  updated_at  DATETIME NOT NULL,
  KEY (status, zone, id)
) ENGINE=InnoDB;

CREATE TABLE gb_versions (
  id          BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  activity_id BIGINT UNSIGNED NOT NULL,
  config      TEXT NOT NULL,                -- canonical JSON
  admin_id    BIGINT UNSIGNED NULL,
  created_at  DATETIME NOT NULL,
  KEY (activity_id, id)
) ENGINE=InnoDB;

-- A group: N seats, M winners. The seed is secret until the draw; its
-- SHA-256 (commitment) is public from the start.
CREATE TABLE gb_groups (
  id          BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  activity_id BIGINT UNSIGNED NOT NULL,
  version_id  BIGINT UNSIGNED NOT NULL,
  mode        ENUM('leader','public') NOT NULL,
  leader_id   BIGINT UNSIGNED NULL,
  owner_id    BIGINT UNSIGNED NULL,
  seats       INT NOT NULL,
  winners     INT NOT NULL,
  price       BIGINT NOT NULL,
  taken       INT NOT NULL DEFAULT 0,
  status      ENUM('open','drawn','failed') NOT NULL DEFAULT 'open',
  fail_reason ENUM('expired','conflict') NULL,
  seed        CHAR(64) NOT NULL,            -- hex, secret until the draw
  commitment  CHAR(64) NOT NULL,
  eligible    VARCHAR(800) NULL,            -- JSON array of seat numbers
  winner_seats VARCHAR(800) NULL,           -- JSON array, in draw order
  outcome     ENUM('ok','random') NULL,
  relaxed     VARCHAR(200) NULL,            -- JSON array of rule keys
  opened_by   BIGINT UNSIGNED NULL,         -- admin who opened it by hand
  reopened_from BIGINT UNSIGNED NULL,       -- conflict "fail" reopens
  expires_at  DATETIME NULL,                -- leader groups
  opened_at   DATETIME NOT NULL,
  drawn_at    DATETIME NULL,
  KEY k_open (activity_id, status, id),
  KEY k_expire (status, expires_at),
  KEY (leader_id, id),
  KEY (owner_id, id),
  CONSTRAINT ck_taken CHECK (taken >= 0 AND taken <= seats)
) ENGINE=InnoDB;

-- A seat. Platform seats (D9) have no member and never win. One seat per
-- member per group is the unique key, not a check-then-insert.
CREATE TABLE gb_seats (
  group_id    BIGINT UNSIGNED NOT NULL,
  seat_no     INT NOT NULL,
  activity_id BIGINT UNSIGNED NOT NULL,
  member_id   BIGINT UNSIGNED NULL,
  platform    BOOLEAN NOT NULL DEFAULT FALSE,
  product_id  BIGINT UNSIGNED NULL,         -- the prize chosen (stock reserved)
  stake       BIGINT NOT NULL,
  first_today BOOLEAN NOT NULL DEFAULT FALSE,
  first_ever  BOOLEAN NOT NULL DEFAULT FALSE,
  result      ENUM('pending','won','lost','refunded') NOT NULL DEFAULT 'pending',
  ineligible  VARCHAR(32) NULL,             -- rule key that excluded it
  order_id    BIGINT UNSIGNED NULL,
  idem_key    VARCHAR(128) NULL,
  day         DATE NOT NULL,                -- Asia/Shanghai day of the join
  joined_at   DATETIME NOT NULL,
  PRIMARY KEY (group_id, seat_no),
  UNIQUE KEY uk_member (group_id, member_id),
  UNIQUE KEY uk_idem (idem_key),
  KEY k_daily (member_id, activity_id, day),
  KEY k_member (member_id, joined_at)
) ENGINE=InnoDB;

-- What the streak, cumulative and window rules remember (rules/gb.h).
CREATE TABLE gb_member_state (
  member_id   BIGINT UNSIGNED NOT NULL,
  activity_id BIGINT UNSIGNED NOT NULL,
  day         INT NOT NULL DEFAULT 0,
  day_wins    INT NOT NULL DEFAULT 0,
  streak      INT NOT NULL DEFAULT 0,
  streak_skip INT NOT NULL DEFAULT 0,
  cum         INT NOT NULL DEFAULT 0,
  cum_skip    INT NOT NULL DEFAULT 0,
  recent      BIGINT UNSIGNED NOT NULL DEFAULT 0,
  nrecent     INT NOT NULL DEFAULT 0,
  PRIMARY KEY (member_id, activity_id)
) ENGINE=InnoDB;

-- Daily-dividend share units (D6 "share", paid out by D8 in issue 6).
CREATE TABLE gb_shares (
  group_id    BIGINT UNSIGNED NOT NULL,
  line_no     INT NOT NULL,
  seat_no     INT NOT NULL,
  member_id   BIGINT UNSIGNED NOT NULL,
  day         DATE NOT NULL,
  units       BIGINT NOT NULL,
  created_at  DATETIME NOT NULL,
  PRIMARY KEY (group_id, line_no, seat_no),
  KEY (day, member_id)
) ENGINE=InnoDB;

ALTER TABLE orders
  ADD COLUMN group_id BIGINT UNSIGNED NULL AFTER hot_id,
  ADD COLUMN seat_no  INT NULL AFTER group_id,
  ADD KEY (group_id);
