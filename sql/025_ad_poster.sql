-- 025_ad_poster: the poster frame of a video ad (FEATURES H1).
--
-- A video ad carries a PNG poster frame uploaded with it (/uploads/…png,
-- checked like every image upload: type by content, size by
-- upload.max_bytes; served by nginx). The member's list shows it as the
-- ad's thumbnail and the player as <video poster>. NULL for image and
-- product ads, and for video ads created before this column: those show
-- a 视频 tile.
--
-- Note on ad_budget.paid (024): from this change it counts all a reward
-- pays, the member's part and the uplines' shares (rules/ad.h); the rows
-- already there are brought to the same measure.
ALTER TABLE ads ADD COLUMN poster VARCHAR(255) NULL AFTER media;

UPDATE ad_budget b SET paid = COALESCE((SELECT SUM(r.amount + r.upline)
  FROM ad_rewards r WHERE r.day = b.day), 0);
