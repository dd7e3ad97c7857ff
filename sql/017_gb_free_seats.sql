-- 017_gb_free_seats: the free seats of open groups, one row each
-- (DESIGN.md §7: hot paths avoid hot rows).
--
-- A joiner claims the lowest free seat of the oldest open group with
-- SELECT … FOR UPDATE SKIP LOCKED and deletes the row, so joiners of one
-- group take different seats at the same time instead of queueing on the
-- group's row; the group's `taken` is still counted, by the last statements
-- of the join. A group is opened (with a row per seat) only when every
-- free seat of the activity's open groups is taken or being taken: groups
-- fill in order. Drawn, failed and filled groups have no rows here.
CREATE TABLE gb_free_seats (
  group_id    BIGINT UNSIGNED NOT NULL,
  seat_no     INT NOT NULL,
  activity_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (group_id, seat_no),
  KEY k_next (activity_id, group_id, seat_no)
) ENGINE=InnoDB;

-- The open groups of before: seats 1..taken are taken, the rest free.
INSERT INTO gb_free_seats (group_id, seat_no, activity_id)
  WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
  SELECT g.id, n.i, g.activity_id FROM gb_groups g JOIN n ON n.i > g.taken AND n.i <= g.seats
  WHERE g.status = 'open';
