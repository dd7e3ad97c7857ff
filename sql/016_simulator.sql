-- 016_simulator: D12 economics simulator settings (currency cash values,
-- the default assumptions) have their defaults in the registry
-- (cgi-bin/lib/settings_table.c); this migration once seeded them.
SELECT 1;
