-- D1: a winner may pick a 购物券 option instead of a product: the seat
-- remembers the amount picked (VOUCHER, smallest unit), credited through
-- the payout path when the seat wins.
ALTER TABLE gb_seats ADD COLUMN voucher BIGINT NULL AFTER product_id;
