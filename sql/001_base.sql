-- 001_base: members, referral tree, roles, admins, sessions, SMS, rate
-- limits, settings, secrets, audit log, scheduler jobs, site messages.
-- Applied once by etc/stack.sh (recorded in schema_migrations).

CREATE TABLE regions (
  code    CHAR(6) PRIMARY KEY,          -- GB/T 2260
  name    VARCHAR(64) NOT NULL,
  parent  CHAR(6) NULL,
  level   TINYINT NOT NULL,             -- 1 province, 2 city, 3 district
  KEY (parent)
) ENGINE=InnoDB;

-- Member IDs start at 10001 so that an ID is never mistaken for a phone.
CREATE TABLE members (
  id             BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  phone          CHAR(11) NOT NULL,
  pass_hash      VARCHAR(128) NOT NULL,
  nickname       VARCHAR(32) NULL,
  inviter_id     BIGINT UNSIGNED NULL,
  province       CHAR(6) NOT NULL,
  city           CHAR(6) NOT NULL,
  district       CHAR(6) NOT NULL,
  address        VARCHAR(200) NOT NULL,
  wallet_addr    VARCHAR(128) NULL,
  -- A8: fixed at registration from the inviter's registered address.
  branch_city    CHAR(6) NULL,
  region_district CHAR(6) NULL,
  status         ENUM('active','frozen') NOT NULL DEFAULT 'active',
  created_at     DATETIME NOT NULL,
  UNIQUE KEY uk_phone (phone),
  KEY (inviter_id),
  KEY (branch_city),
  KEY (region_district),
  KEY (created_at)
) ENGINE=InnoDB AUTO_INCREMENT=10001;

-- A4 closure table: one row per (ancestor, descendant) pair, depth 0 is
-- the member itself. Ancestors within N generations and whole subtrees are
-- both single index range scans.
CREATE TABLE member_tree (
  ancestor   BIGINT UNSIGNED NOT NULL,
  descendant BIGINT UNSIGNED NOT NULL,
  depth      INT NOT NULL,
  PRIMARY KEY (ancestor, depth, descendant),
  KEY (descendant, depth)
) ENGINE=InnoDB;

-- A5 roles. scope: the city (branch) or district (region) code.
-- recommender_id: the leader who recommended this leader (D6 leader_recommender).
CREATE TABLE member_roles (
  member_id      BIGINT UNSIGNED NOT NULL,
  role           ENUM('leader','owner','branch','region','promoter','merchant') NOT NULL,
  scope          CHAR(6) NULL,
  recommender_id BIGINT UNSIGNED NULL,
  expires_at     DATETIME NULL,
  granted_by     BIGINT UNSIGNED NULL,  -- admin id, NULL for the system
  granted_at     DATETIME NOT NULL,
  PRIMARY KEY (member_id, role),
  -- one branch per city, one region per district
  UNIQUE KEY uk_scope (role, scope)
) ENGINE=InnoDB;

CREATE TABLE admins (
  id            BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  username      VARCHAR(32) NOT NULL,
  pass_hash     VARCHAR(128) NOT NULL,
  role          ENUM('super','operator','finance','auditor') NOT NULL,
  status        ENUM('active','disabled') NOT NULL DEFAULT 'active',
  created_at    DATETIME NOT NULL,
  last_login_at DATETIME NULL,
  UNIQUE KEY uk_username (username)
) ENGINE=InnoDB;

CREATE TABLE sessions (
  token_hash BINARY(32) PRIMARY KEY,    -- SHA-256 of the cookie token
  kind       ENUM('member','admin') NOT NULL,
  user_id    BIGINT UNSIGNED NOT NULL,
  ip         VARCHAR(45) NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL,
  expires_at DATETIME NOT NULL,
  KEY (kind, user_id),
  KEY (expires_at)
) ENGINE=InnoDB;

CREATE TABLE sms_codes (
  id         BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  phone      CHAR(11) NOT NULL,
  purpose    ENUM('register','login','reset') NOT NULL,
  code_hash  BINARY(32) NOT NULL,       -- HMAC(secret, phone:purpose:code)
  attempts   INT NOT NULL DEFAULT 0,
  created_at DATETIME NOT NULL,
  expires_at DATETIME NOT NULL,
  used_at    DATETIME NULL,
  KEY (phone, purpose, id),
  KEY (expires_at)
) ENGINE=InnoDB;

-- What the SMS provider was asked to send. The `log` provider only writes
-- here; admins read it in development (A3).
CREATE TABLE sms_outbox (
  id         BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  phone      CHAR(11) NOT NULL,
  purpose    VARCHAR(16) NOT NULL,
  body       VARCHAR(255) NOT NULL,
  provider   VARCHAR(16) NOT NULL,
  created_at DATETIME NOT NULL,
  KEY (phone, id)
) ENGINE=InnoDB;

CREATE TABLE rate_limits (
  bucket       VARCHAR(120) PRIMARY KEY,
  window_start BIGINT NOT NULL,
  hits         INT NOT NULL
) ENGINE=InnoDB;

CREATE TABLE settings (
  k          VARCHAR(64) PRIMARY KEY,
  v          TEXT NOT NULL,             -- a JSON value
  updated_at DATETIME NOT NULL
) ENGINE=InnoDB;

CREATE TABLE settings_meta (
  id      TINYINT PRIMARY KEY,
  version BIGINT NOT NULL
) ENGINE=InnoDB;
INSERT INTO settings_meta VALUES (1, 1);

CREATE TABLE app_secrets (
  name  VARCHAR(32) PRIMARY KEY,
  value VARBINARY(64) NOT NULL
) ENGINE=InnoDB;
INSERT INTO app_secrets VALUES ('session', RANDOM_BYTES(32));

CREATE TABLE audit_log (
  id          BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  admin_id    BIGINT UNSIGNED NULL,     -- NULL: ctl or the system
  action      VARCHAR(64) NOT NULL,
  target_type VARCHAR(32) NULL,
  target_id   BIGINT UNSIGNED NULL,
  detail      TEXT NULL,                -- JSON
  ip          VARCHAR(45) NULL,
  created_at  DATETIME NOT NULL,
  KEY (admin_id, id),
  KEY (target_type, target_id)
) ENGINE=InnoDB;

-- The scheduler's work list (DESIGN.md §4). unique_key makes enqueueing
-- idempotent ("cleanup:2026-11-21T10").
CREATE TABLE jobs (
  id          BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  kind        VARCHAR(32) NOT NULL,
  unique_key  VARCHAR(128) NULL,
  payload     TEXT NULL,
  run_at      DATETIME NOT NULL,
  status      ENUM('due','running','done','failed') NOT NULL DEFAULT 'due',
  attempts    INT NOT NULL DEFAULT 0,
  last_error  VARCHAR(255) NULL,
  created_at  DATETIME NOT NULL,
  finished_at DATETIME NULL,
  UNIQUE KEY uk_unique (unique_key),
  KEY (status, run_at)
) ENGINE=InnoDB;

-- J4 site messages.
CREATE TABLE messages (
  id         BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  member_id  BIGINT UNSIGNED NOT NULL,
  title      VARCHAR(100) NOT NULL,
  body       VARCHAR(1000) NOT NULL,
  link       VARCHAR(200) NULL,
  read_at    DATETIME NULL,
  created_at DATETIME NOT NULL,
  KEY (member_id, id)
) ENGINE=InnoDB;

