-- 015_economy: the group-buy economy over time (A6, D7, D8, D11).
--
-- Daily jobs settle a day once: daily_marks remembers the last day whose
-- jobs were queued, so after downtime the scheduler queues each missed day
-- once (the jobs' unique keys make a second queueing a no-op).
CREATE TABLE daily_marks (
  kind      VARCHAR(40) PRIMARY KEY,
  last_day  DATE NOT NULL
) ENGINE=InnoDB;

-- D7 static 购物金 releases and D8 dividend runs: what was paid, to whom.
CREATE TABLE release_runs (
  day        DATE PRIMARY KEY,
  bp         INT NOT NULL,
  members    INT NOT NULL DEFAULT 0,
  amount     BIGINT NOT NULL DEFAULT 0,
  created_at DATETIME NOT NULL
) ENGINE=InnoDB;

CREATE TABLE dividend_runs (
  id         BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  kind       ENUM('daily','monthly') NOT NULL,
  period     DATE NOT NULL,        -- the day; for monthly, the month's last day
  pool       BIGINT NOT NULL,      -- distributable at the run
  paid       BIGINT NOT NULL,
  units      BIGINT NOT NULL,
  members    INT NOT NULL,
  created_at DATETIME NOT NULL,
  UNIQUE KEY uk_period (kind, period)
) ENGINE=InnoDB;

CREATE TABLE dividend_payouts (
  run_id     BIGINT UNSIGNED NOT NULL,
  member_id  BIGINT UNSIGNED NOT NULL,
  units      BIGINT NOT NULL,
  amount     BIGINT NOT NULL,
  PRIMARY KEY (run_id, member_id),
  KEY (member_id, run_id)
) ENGINE=InnoDB;

-- D11 blind boxes: one per won seat, drawn from the group's stream after
-- the winners; the prize table used is kept so anyone can recompute it.
CREATE TABLE gb_boxes (
  group_id   BIGINT UNSIGNED NOT NULL,
  seat_no    INT NOT NULL,
  member_id  BIGINT UNSIGNED NOT NULL,
  k          INT NOT NULL,          -- the winner's index in draw order
  draw       BIGINT UNSIGNED NOT NULL,  -- uniform(total weight)
  prize      INT NOT NULL,          -- index into the table
  label      VARCHAR(60) NOT NULL,
  currency   VARCHAR(16) NOT NULL,
  amount     BIGINT NOT NULL,
  prizes     TEXT NOT NULL,         -- the table at the opening (JSON)
  created_at DATETIME NOT NULL,
  PRIMARY KEY (group_id, seat_no)
) ENGINE=InnoDB;

