-- D7: the static 购物金 release is accelerated for a member who joined a
-- group that day (setting gold.release_join_bp). A day's run records the
-- accelerated rate it used and how many members it applied to.
ALTER TABLE release_runs
  ADD COLUMN fast_bp      INT NOT NULL DEFAULT 0 AFTER bp,
  ADD COLUMN fast_members INT NOT NULL DEFAULT 0 AFTER members;
