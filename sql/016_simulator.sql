-- 016_simulator: D12 economics simulator. What one unit of each currency is
-- worth in cash (basis points of its face value: 10000 = 1 零钱 per unit,
-- 1000 = a tenth, 0 = no cash value), used to value reward lines; and the
-- default assumptions of the back office's simulator (product cost as bp
-- of the price, whether seats have 1代/2代 uplines, whether members hold
-- 购物金). Keep in step with gb_sim_defaults (cgi-bin/rules/gb_sim.c).
--
-- 零钱 and 绿券 (convertible 1:1) count in full; 积分 at 10:1 as it
-- converts; 红券 and 分红积分 have no cash value of their own; 购物金 counts
-- when it is released into 零钱, not when credited; 购物卡, 消费积分, 购物券,
-- 绿色积分 and 爱心值 are 0 until the operator sets them.
INSERT INTO settings (k, v, updated_at) VALUES
  ('currency.CHANGE.cash_value_bp',   '10000', NOW()),
  ('currency.CARD.cash_value_bp',     '0', NOW()),
  ('currency.POINTS.cash_value_bp',   '1000', NOW()),
  ('currency.RED.cash_value_bp',      '0', NOW()),
  ('currency.GREEN.cash_value_bp',    '10000', NOW()),
  ('currency.DIVPTS.cash_value_bp',   '0', NOW()),
  ('currency.GOLD.cash_value_bp',     '0', NOW()),
  ('currency.MALLPTS.cash_value_bp',  '0', NOW()),
  ('currency.VOUCHER.cash_value_bp',  '0', NOW()),
  ('currency.GREENPTS.cash_value_bp', '0', NOW()),
  ('currency.LOVE.cash_value_bp',     '0', NOW()),
  ('sim.cost_bp',                     '3000', NOW()),
  ('sim.uplines',                     'true', NOW()),
  ('sim.gold_held',                   'true', NOW());
UPDATE settings_meta SET version = version + 1 WHERE id = 1;
