-- 004_convert: B2 conversion rates (convert.FROM.TO, "from:to" in whole
-- units) are settings with their defaults in the registry
-- (cgi-bin/lib/settings_table.c); this migration once seeded them.
SELECT 1;
