/* svc_order: placing and reading mall orders (see svc_order.h). */
#include <stdio.h>
#include <string.h>
#include "amount.h"
#include "convert.h"
#include "db.h"
#include "ledger.h"
#include "settings.h"
#include "svc_order.h"

static const char SQL_PRODUCT[] =
    "SELECT merchant_id, mall, retail_price, supply_price, title, status, "
    "stock FROM products WHERE id = ?";
static const char SQL_TAKE[] =
    "UPDATE products SET stock = stock - ?, updated_at = NOW() "
    "WHERE id = ? AND status = 'listed' AND stock >= ?";
static const char SQL_INSERT[] =
    "INSERT INTO orders (member_id, product_id, merchant_id, qty, unit_price, "
    "supply_price, currency, paid_amount, receiver, phone, address, idem_key, "
    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "NOW(), NOW())";
static const char SQL_BY_KEY[] = "SELECT id FROM orders WHERE idem_key = ?";
static const char SQL_GET[] =
    "SELECT o.id, o.product_id, p.title, o.qty, o.unit_price, o.currency, "
    "c.name, o.paid_amount, o.status, o.receiver, o.phone, o.address, "
    "o.carrier, o.tracking, DATE_FORMAT(o.created_at, '%Y-%m-%d %H:%i') AS created_at "
    "FROM orders o JOIN products p ON p.id = o.product_id "
    "JOIN currencies c ON c.code = o.currency WHERE o.id = ? AND o.member_id = ?";

struct place_ctx {
	arena		*a;
	struct order_new *o;
	const char	*key;
	struct svc_err	*e;
	int		 refused;
};

static int
refuse(struct place_ctx *c, int status, const char *code, const char *field,
    const char *msg)
{
	c->refused = svc_fail(c->e, status, code, field, msg);
	return -1;
}

static int
place_tx(void *ud)
{
	struct place_ctx	*c = ud;
	struct order_new	*o = c->o;
	struct ledger_leg	 legs[2];
	struct ledger_entry	 e = { NULL, "order.pay", "order", 0, NULL,
				    o->member, 0 };
	db_res			 res;
	const char		*mall, *rate, *title;
	long long		 merchant, f = 0, t = 0, entry;
	int64_t			 price, supply, yuan, paid;
	char			 tail, b[32];
	int			 rc;

	c->refused = 0;
	if ((rc = db_q(c->a, &res, SQL_PRODUCT, DB_ARGS(DB_INT(o->product)))) !=
	    DB_OK)
		return rc;
	if (res.nrows == 0 || strcmp(db_str(&res, 0, 5), "listed") != 0)
		return refuse(c, 404, "not_listed", "product", "商品不存在或已下架");
	merchant = db_ll(&res, 0, 0);
	mall = arena_strdup(c->a, db_str(&res, 0, 1));
	price = db_ll(&res, 0, 2);
	supply = db_ll(&res, 0, 3);
	title = arena_strdup(c->a, db_str(&res, 0, 4));
	rate = setting_str(arena_printf(c->a, "mall.%s.rate", mall), "1:1");
	if (sscanf(rate, "%lld:%lld%c", &f, &t, &tail) != 2 || f <= 0 || t <= 0)
		return refuse(c, 500, "settings", NULL, "商城汇率设置有误");
	if (o->qty > 0 && price > AMT_CAP / o->qty)
		return refuse(c, 400, "range", "qty", "购买数量过大");
	yuan = price * o->qty;
	/* units:yuan — f units of the mall's currency per t ¥ */
	if (convert_exact(yuan, t, f, &paid) != CONVERT_OK)
		return refuse(c, 400, "range", "qty", "订单金额超出范围");
	/* Stock first: the conditional update is the oversell guard. */
	if ((rc = db_q(c->a, &res, SQL_TAKE, DB_ARGS(DB_INT(o->qty),
	    DB_INT(o->product), DB_INT(o->qty)))) != DB_OK)
		return rc;
	if (res.affected != 1)
		return refuse(c, 409, "sold_out", "qty", "库存不足");
	rc = db_q(c->a, &res, SQL_INSERT, DB_ARGS(DB_INT(o->member),
	    DB_INT(o->product), DB_INT(merchant), DB_INT(o->qty), DB_INT(price),
	    DB_INT(supply), DB_TEXT(mall), DB_INT(paid), DB_TEXT(o->receiver),
	    DB_TEXT(o->phone), DB_TEXT(o->address), DB_TEXT(c->key)));
	if (rc == DB_EDUP)
		return LEDGER_EDUP;
	if (rc != DB_OK)
		return rc;
	o->id = (long long)res.insert_id;
	legs[0] = (struct ledger_leg){ LEDGER_MEMBER, o->member, "main", mall,
	    -paid };
	legs[1] = (struct ledger_leg){ LEDGER_SYSTEM, 0, "orders", mall, paid };
	e.ref_id = o->id;
	e.idem_key = arena_printf(c->a, "order.pay:%lld", o->id);
	e.memo = arena_printf(c->a, "购买 %s ×%lld（订单 %lld，¥%s）", title,
	    o->qty, o->id, amount_format(yuan, 2, b));
	rc = ledger_post(c->a, &e, legs, 2, &entry);
	if (rc == LEDGER_EFUNDS)
		return refuse(c, 400, "insufficient", "product",
		    "余额不足，无法支付");
	return rc;
}

int
order_place(arena *a, struct order_new *o, struct svc_err *e)
{
	struct place_ctx	c = { a, o, NULL, e, 0 };
	db_res			res;
	int			rc;

	c.key = svc_idem_key(a, "order", o->member, o->idem);
	rc = db_tx(place_tx, &c);
	if (rc == 0)
		return 0;
	if (rc == LEDGER_EDUP) {
		if (db_q(a, &res, SQL_BY_KEY, DB_ARGS(DB_TEXT(c.key))) != DB_OK ||
		    res.nrows != 1)
			return svc_dberr(e, DB_ESQL);
		o->id = db_ll(&res, 0, 0);
		o->replayed = 1;
		return 0;
	}
	return c.refused ? -1 : svc_dberr(e, rc);
}

struct json_object *
order_get(arena *a, long long id, long long member)
{
	struct json_object	*o;
	db_res			 res;
	char			 b[32];

	if (db_q(a, &res, SQL_GET, DB_ARGS(DB_INT(id), DB_INT(member))) !=
	    DB_OK || res.nrows != 1)
		return NULL;
	o = db_row_json(&res, 0);
	/* Renamed and formatted fields for the page and the JSON view. */
	json_object_object_add(o, "title", json_object_new_string(db_str(&res, 0, 2)));
	json_object_object_add(o, "unit_price", json_object_new_string(
	    amount_format(db_ll(&res, 0, 4), 2, b)));
	json_object_object_add(o, "currency_name", json_object_new_string(db_str(&res, 0, 6)));
	json_object_object_add(o, "paid_amount", json_object_new_string(
	    amount_format(db_ll(&res, 0, 7), 2, b)));
	json_object_object_add(o, db_str(&res, 0, 8), json_object_new_boolean(1));
	return o;
}
