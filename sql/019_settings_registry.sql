-- 019_settings_registry: the defaults of settings live in one place, the
-- C registry (cgi-bin/lib/settings_table.c); the settings table keeps only
-- what an operator set. Earlier migrations seeded a row per setting (those
-- seeds are gone from them); here an existing database drops each row that
-- still holds the value its seed wrote, so that it reads the registry's
-- default from now on, and keeps every row an operator changed. The list
-- below is that history (what the seeds wrote), not a source of defaults:
-- nothing reads it. member.password_min was seeded but never read: it goes.
CREATE TEMPORARY TABLE old_seeds (k VARCHAR(64) PRIMARY KEY, v TEXT NOT NULL);
INSERT INTO old_seeds (k, v) VALUES
  ('site.name',                '"拼团"'),
  ('sms.provider',             '"log"'),
  ('sms.code_ttl_sec',         '300'),
  ('sms.max_attempts',         '5'),
  ('sms.phone_interval_sec',   '60'),
  ('sms.phone_daily_max',      '10'),
  ('sms.ip_hourly_max',        '30'),
  ('login.phone_fail_max',     '5'),
  ('login.ip_fail_max',        '30'),
  ('login.fail_window_sec',    '900'),
  ('member.new_days',          '7'),
  ('member.new_hours',         '0'),
  ('member.password_min',      '8'),
  ('convert.GREEN.CHANGE',  '"1:1"'),
  ('convert.POINTS.CHANGE', '"10:1"'),
  ('withdraw.min',              '"1.00"'),
  ('withdraw.fee_bp',           '500'),
  ('withdraw.owner_bp',         '1000'),
  ('withdraw.leader_bp',        '2000'),
  ('withdraw.owner_threshold',  '"5000.00"'),
  ('withdraw.owner_shipment',   '"500.00"'),
  ('withdraw.leader_threshold', '"10000.00"'),
  ('withdraw.leader_shipment',  '"2000.00"'),
  ('recharge.min', '"1.00"'),
  ('recharge.max', '"50000.00"'),
  ('recharge.sandbox', 'true'),
  ('mall.CHANGE.rate', '"1:1"'),
  ('mall.CARD.rate',   '"1:1"'),
  ('mall.POINTS.rate', '"10:1"'),
  ('order.auto_confirm_days', '7'),
  ('upload.max_bytes', '2097152'),
  ('gold.release_bp', '3'),
  ('divpool.step', '100'),
  ('gb.blindbox', '[{"label":"幸运零钱 2 元","currency":"CHANGE","amount":"2.00","weight":60},{"label":"幸运零钱 10 元","currency":"CHANGE","amount":"10.00","weight":30},{"label":"积分 100","currency":"POINTS","amount":"100.00","weight":9},{"label":"大奖 零钱 88 元","currency":"CHANGE","amount":"88.00","weight":1}]'),
  ('currency.CHANGE.cash_value_bp',   '10000'),
  ('currency.CARD.cash_value_bp',     '0'),
  ('currency.POINTS.cash_value_bp',   '1000'),
  ('currency.RED.cash_value_bp',      '0'),
  ('currency.GREEN.cash_value_bp',    '10000'),
  ('currency.DIVPTS.cash_value_bp',   '0'),
  ('currency.GOLD.cash_value_bp',     '0'),
  ('currency.MALLPTS.cash_value_bp',  '0'),
  ('currency.VOUCHER.cash_value_bp',  '0'),
  ('currency.GREENPTS.cash_value_bp', '0'),
  ('currency.LOVE.cash_value_bp',     '0'),
  ('sim.cost_bp',                     '3000'),
  ('sim.uplines',                     'true'),
  ('sim.gold_held',                   'true');
DELETE s FROM settings s JOIN old_seeds o ON o.k = s.k AND o.v = s.v;
DELETE FROM settings WHERE k = 'member.password_min';
DROP TEMPORARY TABLE old_seeds;
UPDATE settings_meta SET version = version + 1 WHERE id = 1;
