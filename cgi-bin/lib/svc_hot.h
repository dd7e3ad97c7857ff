/* svc_hot: daily hot items, 每日爆品 (C5). A merchant offers one of its
 * listed products for one day (today up to HOT_DAYS_AHEAD days ahead,
 * Asia/Shanghai dates: the DB session runs at +08:00, so CURDATE() is the
 * day in China) at a 零钱 price (fen, never below the product's supply
 * price) and a quantity (at most the product's stock); one offer per
 * product and day. Members see the day's items with what is left.
 * Buying (the order with a hot id) is the order service's: it takes
 * `sold` by a conditional update, so sold out means sold out. */
#ifndef PT_SVC_HOT_H
#define PT_SVC_HOT_H
#include <stdint.h>
#include <json-c/json.h>
#include "arena.h"
#include "svc.h"

/* How far ahead a merchant may offer, in days after today. */
#define HOT_DAYS_AHEAD 30

struct hot_new {
	long long	 product;	/* one of the merchant's listed products */
	const char	*day;		/* "YYYY-MM-DD" */
	int64_t		 price;		/* 零钱 in fen, > 0, >= supply price */
	long long	 qty;		/* 1 .. the product's stock */
};

/* Offers h as the member's (approved) merchant. 0 with *id set, or
 * SVC_EREFUSED with e filled (403 not_merchant / not_yours, 404
 * not_found, 409 not_listed / duplicate, 400 day / price / qty); nothing
 * changes then. */
int	hot_offer(arena *a, long long member, const struct hot_new *h,
	    long long *id, struct svc_err *e);

/* The member's merchant's offers as a new object {today, max_day,
 * upcoming: [...], past: [...]} (upcoming from today, soonest first;
 * past, latest first, at most 50), each item as in hot_item_json plus
 * day; NULL on a db error. */
struct json_object *hot_of_merchant(arena *a, long long member);

/* Today's hot items whose product is listed, at most limit of them: those
 * still on offer first, each group newest offer first. A new array of
 * hot_item_json objects; NULL on a db error. */
struct json_object *hot_today(arena *a, long long limit);

/* One hot item, as hot_get_today fills it (strings in the arena). */
struct hot_item {
	long long	 id, product_id, merchant_id, qty_total, sold;
	int64_t		 price;		/* 零钱 fen */
	int64_t		 retail_price;	/* the product's ¥ price, fen */
	int64_t		 supply_price;	/* the product's supply price, fen */
	const char	*title, *day;
	const char	*cover;		/* first image URL, or NULL */
};

/* The hot item hot_id when it is today's (day = CURDATE()) and its product
 * is listed: 0 with *out filled; DB_ENOTFOUND when it is not (absent,
 * another day's, product unlisted); another db_err on failure. Reads
 * without locking: an order takes the item with its own conditional
 * update (sold + qty <= qty_total). */
int	hot_get_today(arena *a, long long hot_id, struct hot_item *out);

/* h as a new object: id, product_id, title, price (零钱 text),
 * retail_price (¥ text), qty_total, sold, left, sold_out, percent (sold
 * share, 0..100, rounded down). */
struct json_object *hot_item_json(const struct hot_item *h);

#endif
