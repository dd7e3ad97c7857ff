-- D8: 分红积分 redeem products in their own mall (paid in DIVPTS at the
-- setting mall.DIVPTS.rate), on days 1–5 of the month only.
ALTER TABLE products MODIFY mall ENUM('CARD','POINTS','CHANGE','DIVPTS') NOT NULL;
