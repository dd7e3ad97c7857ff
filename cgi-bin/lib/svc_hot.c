/* svc_hot: daily hot items, 每日爆品 (see svc_hot.h). */
#include <string.h>
#include "amount.h"
#include "db.h"
#include "svc_hot.h"
#include "svc_image.h"
#include "view.h"

static const char SQL_MERCHANT[] =
    "SELECT id FROM merchants WHERE member_id = ? AND status = 'approved'";
/* Shared: the product cannot be unlisted or lose stock under the offer. */
static const char SQL_PRODUCT[] =
    "SELECT merchant_id, status, supply_price, stock FROM products "
    "WHERE id = ? LOCK IN SHARE MODE";
static const char SQL_DAYS[] = "SELECT DATEDIFF(?, CURDATE())";
static const char SQL_INSERT[] =
    "INSERT INTO hot_items (product_id, merchant_id, day, price, qty_total, "
    "created_at) VALUES (?, ?, ?, ?, ?, NOW())";
static const char SQL_DATES[] =
    "SELECT DATE_FORMAT(CURDATE(), '%Y-%m-%d'), "
    "DATE_FORMAT(CURDATE() + INTERVAL ? DAY, '%Y-%m-%d')";
/* Every item query selects the columns row_item() reads, in its order. */
#define ITEM_COLS \
    "SELECT h.id, h.product_id, p.title, h.price, p.retail_price, " \
    "p.supply_price, h.qty_total, h.sold, DATE_FORMAT(h.day, '%Y-%m-%d'), " \
    "h.merchant_id, " IMAGE_COVER_SQL " " \
    "FROM hot_items h JOIN products p ON p.id = h.product_id "
static const char SQL_UPCOMING[] = ITEM_COLS
    "JOIN merchants m ON m.id = h.merchant_id WHERE m.member_id = ? "
    "AND h.day >= CURDATE() ORDER BY h.day, h.id LIMIT 100";
static const char SQL_PAST[] = ITEM_COLS
    "JOIN merchants m ON m.id = h.merchant_id WHERE m.member_id = ? "
    "AND h.day < CURDATE() ORDER BY h.day DESC, h.id DESC LIMIT 50";
static const char SQL_TODAY[] = ITEM_COLS
    "WHERE h.day = CURDATE() AND p.status = 'listed' "
    "ORDER BY h.sold >= h.qty_total, h.id DESC LIMIT ?";
static const char SQL_ONE_TODAY[] = ITEM_COLS
    "WHERE h.id = ? AND h.day = CURDATE() AND p.status = 'listed'";

/* 1 when s is a real calendar date written YYYY-MM-DD, else 0. */
static int
day_ok(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int	y = 0, m, d, i;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	for (i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 2000 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29)
		return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return 1;
}

struct offer_ctx {
	arena			*a;
	long long		 member;
	const struct hot_new	*h;
	long long		*id;
	struct svc_err		*e;
};

static int
offer_tx(void *ud)
{
	struct offer_ctx	*c = ud;
	const struct hot_new	*h = c->h;
	db_res			 res;
	long long		 merchant, days, stock;
	int64_t			 supply;
	char			 b[32];
	int			 rc;

	if ((rc = db_q(c->a, &res, SQL_MERCHANT, DB_ARGS(DB_INT(c->member)))) !=
	    DB_OK)
		return rc;
	if (res.nrows == 0)
		return svc_fail(c->e, 403, "not_merchant", NULL,
		    "只有审核通过的商家才能设置爆品");
	merchant = db_ll(&res, 0, 0);
	if ((rc = db_q(c->a, &res, SQL_PRODUCT, DB_ARGS(DB_INT(h->product)))) !=
	    DB_OK)
		return rc;
	if (res.nrows == 0)
		return svc_fail(c->e, 404, "not_found", "product", "商品不存在");
	if (db_ll(&res, 0, 0) != merchant)
		return svc_fail(c->e, 403, "not_yours", "product",
		    "只能为自己店铺的商品设置爆品");
	if (strcmp(db_str(&res, 0, 1), "listed") != 0)
		return svc_fail(c->e, 409, "not_listed", "product",
		    "商品未上架，不能设为爆品");
	supply = db_ll(&res, 0, 2);
	stock = db_ll(&res, 0, 3);
	if ((rc = db_q(c->a, &res, SQL_DAYS, DB_ARGS(DB_TEXT(h->day)))) != DB_OK)
		return rc;
	days = db_ll(&res, 0, 0);
	if (days < 0)
		return svc_fail(c->e, 400, "day", "day", "爆品日期不能早于今天");
	if (days > HOT_DAYS_AHEAD)
		return svc_fail(c->e, 400, "day", "day", arena_printf(c->a,
		    "爆品最多只能提前 %d 天设置", HOT_DAYS_AHEAD));
	if (h->price < supply)
		return svc_fail(c->e, 400, "price", "price", arena_printf(c->a,
		    "爆品价不能低于供货价 ¥%s", amount_format(supply, 2, b)));
	if (h->qty > stock)
		return svc_fail(c->e, 400, "qty", "qty", arena_printf(c->a,
		    "爆品数量不能超过库存（%lld 件）", stock));
	rc = db_q(c->a, &res, SQL_INSERT, DB_ARGS(DB_INT(h->product),
	    DB_INT(merchant), DB_TEXT(h->day), DB_INT(h->price),
	    DB_INT(h->qty)));
	if (rc == DB_EDUP)
		return svc_fail(c->e, 409, "duplicate", "day",
		    arena_printf(c->a, "该商品 %s 已经是爆品了，"
		    "每个商品每天只能设置一次", h->day));
	if (rc != DB_OK)
		return rc;
	*c->id = (long long)res.insert_id;
	return 0;
}

int
hot_offer(arena *a, long long member, const struct hot_new *h, long long *id,
    struct svc_err *e)
{
	struct offer_ctx	c = { a, member, h, id, e };

	if (!day_ok(h->day))
		return svc_fail(e, 400, "day", "day",
		    "日期格式不正确，请按 2025-01-31 的格式填写");
	if (h->price <= 0)
		return svc_fail(e, 400, "price", "price", "爆品价必须大于 0");
	if (h->qty < 1)
		return svc_fail(e, 400, "qty", "qty", "爆品数量至少 1 件");
	return svc_tx_result(e, db_tx(offer_tx, &c));
}

static void
row_item(arena *a, const db_res *res, size_t i, struct hot_item *h)
{
	h->id = db_ll(res, i, 0);
	h->product_id = db_ll(res, i, 1);
	h->title = arena_strdup(a, db_str(res, i, 2));
	h->price = db_ll(res, i, 3);
	h->retail_price = db_ll(res, i, 4);
	h->supply_price = db_ll(res, i, 5);
	h->qty_total = db_ll(res, i, 6);
	h->sold = db_ll(res, i, 7);
	h->day = arena_strdup(a, db_str(res, i, 8));
	h->merchant_id = db_ll(res, i, 9);
	h->cover = db_str(res, i, 10) ? image_url(a, db_str(res, i, 10)) : NULL;
}

struct json_object *
hot_item_json(const struct hot_item *h)
{
	struct json_object	*o = json_object_new_object();
	long long		 left = h->qty_total - h->sold;

	json_object_object_add(o, "id", json_object_new_int64(h->id));
	json_object_object_add(o, "product_id",
	    json_object_new_int64(h->product_id));
	json_object_object_add(o, "title", json_object_new_string(h->title));
	if (h->cover != NULL)
		json_object_object_add(o, "cover", json_object_new_string(h->cover));
	view_amount(o, "price", h->price);
	view_amount(o, "retail_price", h->retail_price);
	json_object_object_add(o, "qty_total",
	    json_object_new_int64(h->qty_total));
	json_object_object_add(o, "sold", json_object_new_int64(h->sold));
	json_object_object_add(o, "left",
	    json_object_new_int64(left > 0 ? left : 0));
	json_object_object_add(o, "sold_out", json_object_new_boolean(left <= 0));
	json_object_object_add(o, "percent", json_object_new_int64(
	    h->qty_total > 0 ? h->sold * 100 / h->qty_total : 100));
	return o;
}

/* The rows of res as a new array of items; for the merchant (today not
 * NULL) with day, is_today and supply_price. */
static struct json_object *
items_json(arena *a, const db_res *res, const char *today)
{
	struct json_object	*list = json_object_new_array(), *o;
	struct hot_item		 h;
	size_t			 i;

	for (i = 0; i < res->nrows; i++) {
		row_item(a, res, i, &h);
		o = hot_item_json(&h);
		if (today != NULL) {
			json_object_object_add(o, "day",
			    json_object_new_string(h.day));
			json_object_object_add(o, "is_today",
			    json_object_new_boolean(strcmp(h.day, today) == 0));
			view_amount(o, "supply_price", h.supply_price);
		}
		json_object_array_add(list, o);
	}
	return list;
}

struct json_object *
hot_of_merchant(arena *a, long long member)
{
	struct json_object	*o;
	db_res			 dates, up, past;

	if (db_q(a, &dates, SQL_DATES, DB_ARGS(DB_INT(HOT_DAYS_AHEAD))) !=
	    DB_OK ||
	    db_q(a, &up, SQL_UPCOMING, DB_ARGS(DB_INT(member))) != DB_OK ||
	    db_q(a, &past, SQL_PAST, DB_ARGS(DB_INT(member))) != DB_OK)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "today",
	    json_object_new_string(db_str(&dates, 0, 0)));
	json_object_object_add(o, "max_day",
	    json_object_new_string(db_str(&dates, 0, 1)));
	json_object_object_add(o, "upcoming",
	    items_json(a, &up, db_str(&dates, 0, 0)));
	json_object_object_add(o, "past",
	    items_json(a, &past, db_str(&dates, 0, 0)));
	return o;
}

struct json_object *
hot_today(arena *a, long long limit)
{
	db_res res;

	if (db_q(a, &res, SQL_TODAY, DB_ARGS(DB_INT(limit))) != DB_OK)
		return NULL;
	return items_json(a, &res, NULL);
}

int
hot_get_today(arena *a, long long hot_id, struct hot_item *out)
{
	db_res	res;
	int	rc;

	if ((rc = db_q(a, &res, SQL_ONE_TODAY, DB_ARGS(DB_INT(hot_id)))) !=
	    DB_OK)
		return rc;
	if (res.nrows != 1)
		return DB_ENOTFOUND;
	row_item(a, &res, 0, out);
	return 0;
}
