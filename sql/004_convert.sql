-- 004_convert: B2 conversion rates as settings, "from:to" in whole units
-- of each currency (积分→零钱 10:1: 10.00 积分 buy 1.00 零钱).
INSERT INTO settings (k, v, updated_at) VALUES
  ('convert.GREEN.CHANGE',  '"1:1"',  NOW()),
  ('convert.POINTS.CHANGE', '"10:1"', NOW());
UPDATE settings_meta SET version = version + 1 WHERE id = 1;
