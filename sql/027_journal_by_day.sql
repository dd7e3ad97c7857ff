-- 027_journal_by_day: the cockpit's money report and dashboard (issue 20)
-- read the journal by date range; without this index every report scans
-- the whole journal.
ALTER TABLE journal ADD KEY k_created (created_at);
