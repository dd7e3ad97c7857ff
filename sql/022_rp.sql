-- 022_rp: the red-packet rain (红包雨, FEATURES E1–E3).
--
-- A rain's total moves into the system escrow account rp_escrow when it
-- is created and is split at once into its packets (rules/rp.h), one row
-- each: a grab claims one open row with SELECT … FOR UPDATE SKIP LOCKED,
-- so thousands of members tapping at once never queue on one hot row.
-- The seed is secret until the rain ends; its SHA-256 (commitment) is
-- public from the start. "live" is not stored: a scheduled rain is live
-- between start_at and end_at (Beijing time, as every DATETIME here).
CREATE TABLE rp_rains (
  id          BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  title       VARCHAR(60) NOT NULL,
  currency    VARCHAR(16) NOT NULL DEFAULT 'CHANGE',
  total       BIGINT NOT NULL,              -- fen
  count       INT NOT NULL,                 -- packets
  cap         INT NOT NULL,                 -- packets one member may grab
  joined_before DATETIME NULL,              -- only members registered before
  start_at    DATETIME NOT NULL,
  end_at      DATETIME NOT NULL,
  status      ENUM('scheduled','ended','cancelled') NOT NULL DEFAULT 'scheduled',
  seed        CHAR(64) NOT NULL,            -- hex, secret until the end
  commitment  CHAR(64) NOT NULL,
  returned    BIGINT NOT NULL DEFAULT 0,    -- unclaimed, back to the platform
  created_by  BIGINT UNSIGNED NULL,         -- admin
  created_at  DATETIME NOT NULL,
  ended_at    DATETIME NULL,
  KEY k_next (status, start_at),
  CONSTRAINT ck_rp_count CHECK (count >= 1 AND total >= count)
) ENGINE=InnoDB;

-- state: 0 open, 1 grabbed (member_id, idem_key, entry_id set), 2 returned
-- to the platform at the end (or at a cancellation).
CREATE TABLE rp_packets (
  rain_id     BIGINT UNSIGNED NOT NULL,
  seq         INT NOT NULL,                 -- 1 … count, the split's order
  amount      BIGINT NOT NULL,
  state       TINYINT NOT NULL DEFAULT 0,
  member_id   BIGINT UNSIGNED NULL,
  idem_key    VARCHAR(128) NULL,            -- the grab's ledger key
  entry_id    BIGINT UNSIGNED NULL,
  grabbed_at  DATETIME(3) NULL,
  PRIMARY KEY (rain_id, seq),
  KEY k_open (rain_id, state, seq),
  KEY k_member (member_id, rain_id),
  UNIQUE KEY uk_idem (idem_key),
  CONSTRAINT ck_rp_amount CHECK (amount >= 1)
) ENGINE=InnoDB;

-- How many packets a member took from a rain: the row a member's grabs
-- serialise on (never the rain's), so the cap holds under any
-- concurrency.
CREATE TABLE rp_grabbers (
  rain_id     BIGINT UNSIGNED NOT NULL,
  member_id   BIGINT UNSIGNED NOT NULL,
  n           INT NOT NULL,
  PRIMARY KEY (rain_id, member_id)
) ENGINE=InnoDB;
