-- 024_ad: ad rewards (广告电商, FEATURES H1; rules/ad.h, lib/svc_ad.c).
--
-- A member who holds 消费积分 watches N ads a day (setting ad.per_day);
-- after the N-th completed view 1 消费积分 becomes 1.00 零钱 (settings)
-- through the payout path. The server times every view: starting one
-- issues a random single-use token (only its SHA-256 is stored) bound to
-- the member, the ad and the start time; completion is accepted only once
-- the ad's duration has passed on the server clock.

-- The ads. provider 'house': the platform's own (an uploaded image or a
-- listed product); daily_views caps completed views per day (0: no cap);
-- an ad runs from starts_at to ends_at (NULL: open) while active.
CREATE TABLE ads (
  id            BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  provider      VARCHAR(16) NOT NULL DEFAULT 'house',
  kind          ENUM('image','video','product') NOT NULL,
  title         VARCHAR(60) NOT NULL,
  media         VARCHAR(255) NULL,          -- /uploads/… for image and video
  product_id    BIGINT UNSIGNED NULL,       -- kind product
  link          VARCHAR(255) NOT NULL,      -- a local path: the landing page
  duration_sec  INT NOT NULL,
  daily_views   INT NOT NULL DEFAULT 0,
  starts_at     DATETIME NULL,
  ends_at       DATETIME NULL,
  status        ENUM('active','paused') NOT NULL DEFAULT 'active',
  created_by    BIGINT UNSIGNED NULL,       -- admin
  created_at    DATETIME NOT NULL,
  KEY k_status (status, id)
) ENGINE=InnoDB;

-- One row per view. A house view has a token (its hash) and an ad; one row
-- per (member, ad, day): starting the same ad again the same day replaces
-- an unfinished view's token, and a finished one cannot start again. A
-- network view (provider 'network') comes from a signed reward callback:
-- no token and no ad of ours; ext_ref is the network's transaction id,
-- unique, so a replayed callback counts once. seq numbers a member's
-- completed views of the day from 1, unique: never more than N.
CREATE TABLE ad_views (
  id            BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  member_id     BIGINT UNSIGNED NOT NULL,
  ad_id         BIGINT UNSIGNED NULL,
  provider      VARCHAR(16) NOT NULL DEFAULT 'house',
  token_hash    BINARY(32) NULL,
  ext_ref       VARCHAR(64) NULL,
  day           DATE NOT NULL,
  started_at    DATETIME NOT NULL,
  duration_sec  INT NOT NULL,
  done_at       DATETIME NULL,
  seq           INT NULL,
  status        ENUM('started','done') NOT NULL DEFAULT 'started',
  UNIQUE KEY uk_token (token_hash),
  UNIQUE KEY uk_member_ad_day (member_id, ad_id, day),
  UNIQUE KEY uk_member_day_seq (member_id, day, seq),
  UNIQUE KEY uk_ext (provider, ext_ref),
  KEY k_day (day, status)
) ENGINE=InnoDB;

-- A member's day: how many views they completed; locked FOR UPDATE by
-- every completion, so a member's completions run one at a time.
CREATE TABLE ad_days (
  member_id     BIGINT UNSIGNED NOT NULL,
  day           DATE NOT NULL,
  watched       INT NOT NULL DEFAULT 0,
  PRIMARY KEY (member_id, day),
  KEY k_day (day)
) ENGINE=InnoDB;

-- The reward of a member's day (at most one: the primary key), the ledger
-- entry that paid it and the points it took. amount 0 with reason: the N
-- views were watched but nothing was paid (points used up, budget spent).
CREATE TABLE ad_rewards (
  member_id     BIGINT UNSIGNED NOT NULL,
  day           DATE NOT NULL,
  amount        BIGINT NOT NULL,            -- 零钱 fen paid to the member
  points        BIGINT NOT NULL,            -- 消费积分 (0.01) taken
  upline        BIGINT NOT NULL DEFAULT 0,  -- 零钱 fen paid to the uplines
  views         INT NOT NULL,               -- completed views it rests on
  entry_id      BIGINT UNSIGNED NULL,       -- journal entry of the convert
  reason        VARCHAR(16) NULL,           -- no_points, budget (amount 0)
  created_at    DATETIME NOT NULL,
  PRIMARY KEY (member_id, day),
  KEY k_day (day)
) ENGINE=InnoDB;

-- The platform's day: rewards paid against the daily budget (setting
-- ad.daily_budget); locked by each reward.
CREATE TABLE ad_budget (
  day           DATE PRIMARY KEY,
  paid          BIGINT NOT NULL DEFAULT 0,
  rewards       INT NOT NULL DEFAULT 0
) ENGINE=InnoDB;

-- Per ad and day, for its daily view budget and the back office chart.
CREATE TABLE ad_stats (
  ad_id         BIGINT UNSIGNED NOT NULL,
  day           DATE NOT NULL,
  views         INT NOT NULL DEFAULT 0,
  completions   INT NOT NULL DEFAULT 0,
  PRIMARY KEY (ad_id, day)
) ENGINE=InnoDB;
