-- 018_order_events: the order-event outbox and its deliveries (DESIGN.md §4
-- "Order events").
--
-- Every order source (mall, group-buy purchase, later the store cashier
-- and packages) records paid / completed / refunded / cancelled here inside
-- the order's own transaction (lib/events.c), numbered per order (seq
-- 1, 2, …): one INSERT, so the order path pays nothing more. The scheduler
-- fans each new event out (fanned = 0 → 1) into one delivery row per
-- subscriber that wants it (the subscriber table in lib/events.c), then
-- claims due deliveries with SELECT … FOR UPDATE SKIP LOCKED and runs the
-- subscriber's handler in the transaction that marks the row done. A
-- delivery waits while an earlier event of the same order is not fanned
-- out or its delivery to the same subscriber is not done, so each
-- subscriber sees an order's events in order. A failed handler is retried
-- with exponential backoff, then marked failed and listed on
-- /admin/events. An inline subscriber runs in the order's transaction and
-- writes its delivery row there, already done.
CREATE TABLE order_events (
  id         BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  order_id   BIGINT UNSIGNED NOT NULL,
  seq        INT NOT NULL,
  event      ENUM('paid','completed','refunded','cancelled') NOT NULL,
  source     VARCHAR(16) NOT NULL,          -- mall, groupbuy, …
  fanned     TINYINT NOT NULL DEFAULT 0,     -- deliveries written
  created_at DATETIME NOT NULL,
  UNIQUE KEY uk_order_seq (order_id, seq),
  UNIQUE KEY uk_order_event (order_id, event),
  KEY k_fan (fanned, id)
) ENGINE=InnoDB;

-- One row per (subscriber, event): idem_key is <subscriber>:<order>:<event>,
-- so an event reaches a subscriber once however often it is recorded or
-- the scheduler reruns. order_id, seq, event and source are copied from
-- the event so a claim reads one table.
CREATE TABLE order_event_deliveries (
  id          BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  idem_key    VARCHAR(80) NOT NULL,
  subscriber  VARCHAR(32) NOT NULL,
  event_id    BIGINT UNSIGNED NOT NULL,
  order_id    BIGINT UNSIGNED NOT NULL,
  seq         INT NOT NULL,
  event       ENUM('paid','completed','refunded','cancelled') NOT NULL,
  source      VARCHAR(16) NOT NULL,
  status      ENUM('pending','done','failed') NOT NULL DEFAULT 'pending',
  attempts    INT NOT NULL DEFAULT 0,
  run_at      DATETIME NOT NULL,
  last_error  VARCHAR(200) NULL,
  created_at  DATETIME NOT NULL,
  finished_at DATETIME NULL,
  UNIQUE KEY uk_idem (idem_key),
  KEY k_due (status, run_at),
  KEY k_order (order_id, subscriber, seq)
) ENGINE=InnoDB;
