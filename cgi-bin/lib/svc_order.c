/* svc_order: placing, shipping, completing, cancelling and reading mall
 * orders (see svc_order.h). */
#include <stdio.h>
#include <string.h>
#include "amount.h"
#include "buf.h"
#include "convert.h"
#include "economy.h"
#include "db.h"
#include "events.h"
#include "ledger.h"
#include "settings.h"
#include "svc_admin.h"
#include "svc_member.h"
#include "svc_order.h"
#include "svc_pickup.h"
#include "svc_product.h"
#include "view.h"

/* The product; and the buyer's account in its mall's currency (saving the
 * ledger a lookup) and home address (the default delivery address), read
 * with it. */
static const char SQL_PRODUCT[] =
    "SELECT p.merchant_id, p.mall, p.retail_price, p.supply_price, p.title, "
    "p.status, p.stock, (SELECT a.id FROM accounts a WHERE "
    "a.owner_type = 'member' AND a.owner_id = m.id AND a.kind = 'main' AND "
    "a.currency = p.mall AND a.slot = 0), " MEMBER_ADDRESS_COLS " FROM "
    "products p JOIN members m ON m.id = ? " MEMBER_ADDRESS_JOINS
    "WHERE p.id = ?";
enum { P_MERCHANT, P_MALL, P_RETAIL, P_SUPPLY, P_TITLE, P_STATUS, P_STOCK,
    P_ACCOUNT, P_PROVINCE_NAME, P_CITY_NAME, P_DISTRICT_NAME, P_ADDRESS };
static const char SQL_HOT[] =
    "SELECT product_id, price, day = CURDATE(), qty_total - sold FROM "
    "hot_items WHERE id = ?";
static const char SQL_TAKE_HOT[] =
    "UPDATE hot_items SET sold = sold + ? WHERE id = ? AND day = CURDATE() "
    "AND sold + ? <= qty_total";
static const char SQL_TAKE[] =
    "UPDATE products SET stock = stock - ?, updated_at = NOW() "
    "WHERE id = ? AND status = 'listed' AND stock >= ?";
static const char SQL_INSERT[] =
    "INSERT INTO orders (member_id, product_id, hot_id, merchant_id, qty, "
    "unit_price, supply_price, currency, paid_amount, receiver, phone, "
    "address, idem_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?, NOW(), NOW())";
static const char SQL_BY_KEY[] = "SELECT id FROM orders WHERE idem_key = ?";

/* One order, locked for a change, with what a change needs. Only the
 * order's row is locked (the merchant and the product are read by
 * subqueries, which FOR UPDATE leaves unlocked): a change then takes the
 * accounts and last the product's stock, in the order a purchase takes
 * them, so the two never wait on each other in opposite orders. */
static const char SQL_LOCK[] =
    "SELECT o.status, o.member_id, (SELECT mc.member_id FROM merchants mc "
    "WHERE mc.id = o.merchant_id), o.qty, o.supply_price, o.currency, "
    "o.paid_amount, o.product_id, o.hot_id, (SELECT p.title FROM products p "
    "WHERE p.id = o.product_id), o.group_id FROM orders o WHERE o.id = ? "
    "FOR UPDATE";
enum { L_STATUS, L_BUYER, L_MERCHANT, L_QTY, L_SUPPLY, L_CUR, L_PAID,
    L_PRODUCT, L_HOT, L_TITLE, L_GROUP };
static const char SQL_SHIP[] =
    "UPDATE orders SET status = 'shipped', carrier = ?, tracking = ?, "
    "shipped_at = NOW(), updated_at = NOW() WHERE id = ? AND status = 'paid'";
static const char SQL_COMPLETE[] =
    "UPDATE orders SET status = 'completed', completed_at = NOW(), "
    "updated_at = NOW() WHERE id = ? AND status IN ('shipped', 'paid')";
static const char SQL_CANCEL[] =
    "UPDATE orders SET status = 'cancelled', cancelled_at = NOW(), "
    "cancel_reason = ?, updated_at = NOW() WHERE id = ? AND status = 'paid'";
static const char SQL_RESTOCK[] =
    "UPDATE products SET stock = stock + ?, updated_at = NOW() WHERE id = ?";
static const char SQL_UNHOT[] =
    "UPDATE hot_items SET sold = sold - ? WHERE id = ? AND sold >= ?";
static const char SQL_DUE[] =
    "SELECT id FROM orders WHERE status = 'shipped' AND shipped_at < NOW() - "
    "INTERVAL ? DAY ORDER BY shipped_at, id LIMIT ? FOR UPDATE SKIP LOCKED";

/* Reading: the same columns for every scope. */
#define ORDER_COLS \
    "SELECT o.id, o.product_id, p.title, o.qty, o.unit_price, " \
    "o.supply_price, o.currency, c.name, o.paid_amount, o.status, " \
    "o.receiver, o.phone, o.address, o.carrier, o.tracking, " \
    "DATE_FORMAT(o.created_at, '%Y-%m-%d %H:%i'), " \
    "DATE_FORMAT(o.shipped_at, '%Y-%m-%d %H:%i'), " \
    "DATE_FORMAT(o.completed_at, '%Y-%m-%d %H:%i'), " \
    "DATE_FORMAT(o.cancelled_at, '%Y-%m-%d %H:%i'), o.cancel_reason, " \
    "mc.name, o.member_id, o.hot_id, " \
    "DATE_FORMAT(o.shipped_at + INTERVAL ? DAY, '%Y-%m-%d %H:%i'), " \
    "o.group_id, o.seat_no, g.status, " \
    /* the order number members read: the day and the id (unique) */ \
    "CONCAT(DATE_FORMAT(o.created_at, '%Y%m%d'), LPAD(o.id, 8, '0')) " \
    "FROM orders o JOIN products p ON p.id = o.product_id " \
    "LEFT JOIN gb_groups g ON g.id = o.group_id " \
    "JOIN merchants mc ON mc.id = o.merchant_id " \
    "JOIN currencies c ON c.code = o.currency "
enum { C_ID, C_PRODUCT, C_TITLE, C_QTY, C_UNIT, C_SUPPLY, C_CUR, C_CURNAME,
    C_PAID, C_STATUS, C_RECEIVER, C_PHONE, C_ADDRESS, C_CARRIER, C_TRACKING,
    C_CREATED, C_SHIPPED, C_COMPLETED, C_CANCELLED, C_REASON, C_MERCHANT,
    C_BUYER, C_HOT, C_AUTO, C_GROUP, C_SEAT, C_GSTATUS, C_NO };
#define STATUS_F " AND (? = '' OR o.status = ?)"
#define PAGE_F " ORDER BY o.id DESC LIMIT ? OFFSET ?"
#define GB_F " AND (? = 0 OR o.group_id IS NOT NULL)"
static const char *const SQL_ONE[] = {
	ORDER_COLS "WHERE o.id = ? AND o.member_id = ?",
	ORDER_COLS "WHERE o.id = ? AND mc.member_id = ?",
	ORDER_COLS "WHERE o.id = ? AND (? = 0 OR o.member_id = ?)",
};
static const char *const SQL_PAGE[] = {
	ORDER_COLS "WHERE o.member_id = ?" STATUS_F PAGE_F,
	ORDER_COLS "WHERE mc.member_id = ?" STATUS_F PAGE_F,
	ORDER_COLS "WHERE (? = 0 OR o.member_id = ?)" GB_F STATUS_F PAGE_F,
};
static const char *const SQL_COUNT[] = {
	"SELECT COUNT(*) FROM orders o WHERE o.member_id = ?" STATUS_F,
	"SELECT COUNT(*) FROM orders o JOIN merchants mc ON mc.id = "
	    "o.merchant_id WHERE mc.member_id = ?" STATUS_F,
	"SELECT COUNT(*) FROM orders o WHERE (? = 0 OR o.member_id = ?)"
	    GB_F STATUS_F,
};

/* --- placing -------------------------------------------------------------- */

struct place_ctx {
	arena		*a;
	struct order_new *o;
	const char	*key;
	struct svc_err	*e;
};

static const char SQL_QUOTE_HOT[] =
    "SELECT h.product_id, h.price, h.day = CURDATE(), "
    "LEAST(h.qty_total - h.sold, p.stock) FROM hot_items h "
    "JOIN products p ON p.id = h.product_id AND p.status = 'listed' "
    "WHERE h.id = ?";
static const char SQL_QUOTE[] =
    "SELECT mall, retail_price, stock FROM products WHERE id = ? AND "
    "status = 'listed'";
static const char SQL_CURNAME[] = "SELECT name FROM currencies WHERE code = ?";

/* D8: *why = the reason a mall's currency cannot pay today (分红积分
 * outside days 1–5 of the month), or NULL. Returns a DB_* code. */
static int
divpts_closed(arena *a, const char *mall, const char **why)
{
	db_res	res;
	int	rc;

	*why = NULL;
	if (strcmp(mall, "DIVPTS") != 0)
		return DB_OK;
	if ((rc = db_q(a, &res, "SELECT DAY(CURDATE())", DB_NOARGS)) != DB_OK)
		return rc;
	*why = divpts_redeem_check((int)db_ll(&res, 0, 0));
	return DB_OK;
}

int
order_quote(arena *a, long long product, long long hot, long long qty,
    struct order_quote *q, struct svc_err *e)
{
	db_res	res;
	int	rc;

	memset(q, 0, sizeof(*q));
	if (hot > 0) {
		if (db_q(a, &res, SQL_QUOTE_HOT, DB_ARGS(DB_INT(hot))) != DB_OK)
			return svc_dberr(e, DB_ESQL);
		if (res.nrows == 0 || db_ll(&res, 0, 0) != product)
			return svc_fail(e, 404, "not_found", "hot", "爆品不存在");
		if (db_ll(&res, 0, 2) != 1)
			return svc_fail(e, 409, "not_today", "hot",
			    "该爆品不在今天抢购");
		q->unit_price = db_ll(&res, 0, 1);
		q->currency = "CHANGE";
		q->max_qty = db_ll(&res, 0, 3);
		if (q->unit_price > AMT_CAP / qty)
			return svc_fail(e, 400, "range", "qty", "购买数量过大");
		q->total = q->unit_price * qty;
	} else {
		if (db_q(a, &res, SQL_QUOTE, DB_ARGS(DB_INT(product))) != DB_OK)
			return svc_dberr(e, DB_ESQL);
		if (res.nrows == 0)
			return svc_fail(e, 404, "not_listed", "product",
			    "商品不存在或已下架");
		q->currency = arena_strdup(a, db_str(&res, 0, 0));
		q->unit_price = db_ll(&res, 0, 1);
		q->max_qty = db_ll(&res, 0, 2);
		if (q->unit_price > AMT_CAP / qty)
			return svc_fail(e, 400, "range", "qty", "购买数量过大");
		if ((rc = product_mall_price(q->currency, q->unit_price * qty,
		    &q->total)) != CONVERT_OK)
			return svc_fail(e, rc == CONVERT_ERATE ? 500 : 400,
			    rc == CONVERT_ERATE ? "settings" : "range", "qty",
			    rc == CONVERT_ERATE ? "商城汇率设置有误" :
			    "订单金额超出范围");
	}
	if (db_q(a, &res, SQL_CURNAME, DB_ARGS(DB_TEXT(q->currency))) != DB_OK ||
	    res.nrows != 1)
		return svc_dberr(e, DB_ESQL);
	q->currency_name = arena_strdup(a, db_str(&res, 0, 0));
	if ((rc = divpts_closed(a, q->currency, &q->closed)) != DB_OK)
		return svc_dberr(e, rc);
	return 0;
}

/* The price the order pays: a hot item's 零钱 price (the item must be
 * today's, with enough of its day quantity left: looked at here, taken at
 * the end of place_tx), or the product's ¥ retail price at the mall's
 * rate. */
static int
place_price(struct place_ctx *c, const char **mall, int64_t *price,
    int64_t *paid)
{
	struct order_new	*o = c->o;
	db_res			 res;
	int			 rc;

	if (o->hot > 0) {
		if ((rc = db_q(c->a, &res, SQL_HOT, DB_ARGS(DB_INT(o->hot)))) !=
		    DB_OK)
			return rc;
		if (res.nrows == 0 || (o->product > 0 &&
		    db_ll(&res, 0, 0) != o->product))
			return svc_fail(c->e, 404, "not_found", "hot",
			    "爆品不存在");
		if (db_ll(&res, 0, 2) != 1)
			return svc_fail(c->e, 409, "not_today", "hot",
			    "该爆品不在今天抢购");
		o->product = db_ll(&res, 0, 0);
		*price = db_ll(&res, 0, 1);
		*mall = "CHANGE";
		if (*price > AMT_CAP / o->qty)
			return svc_fail(c->e, 400, "range", "qty",
			    "购买数量过大");
		*paid = *price * o->qty;
		if (db_ll(&res, 0, 3) < o->qty)
			return svc_fail(c->e, 409, "sold_out", "qty",
			    "爆品已抢光");
		return 0;
	}
	if (*price > AMT_CAP / o->qty)
		return svc_fail(c->e, 400, "range", "qty",
		    "购买数量过大");
	switch (product_mall_price(*mall, *price * o->qty, paid)) {
	case CONVERT_OK:
		break;
	case CONVERT_ERATE:
		return svc_fail(c->e, 500, "settings", NULL,
		    "商城汇率设置有误");
	default:
		return svc_fail(c->e, 400, "range", "qty",
		    "订单金额超出范围");
	}
	return 0;
}

/* One order: checks, the order row, the payment through the ledger, and
 * last the stock (and a hot item's day quantity): the conditional UPDATEs
 * are the oversell guard, and their rows — which every order of the
 * product updates — are held only from there to the COMMIT. The stock
 * read before them only puts "sold out" ahead of other refusals. */
static int
place_tx(void *ud)
{
	struct place_ctx	*c = ud;
	struct order_new	*o = c->o;
	struct ledger_leg	 legs[2];
	struct ledger_entry	 e = { NULL, "order.pay", "order", 0, NULL,
				    o->member, 0 };
	db_res			 res;
	const char		*mall = NULL, *title, *closed;
	long long		 merchant, entry;
	int64_t			 price = 0, supply, paid = 0;
	int			 rc;

	if (o->hot > 0 && (rc = place_price(c, &mall, &price, &paid)) != 0)
		return rc;
	if ((rc = db_q(c->a, &res, SQL_PRODUCT, DB_ARGS(DB_INT(o->member),
	    DB_INT(o->product)))) != DB_OK)
		return rc;
	if (res.nrows == 0 || strcmp(db_str(&res, 0, P_STATUS), "listed") != 0)
		return svc_fail(c->e, 404, "not_listed", "product",
		    "商品不存在或已下架");
	if (o->pickup > 0 && (rc = pickup_address(c->a, o->pickup,
	    &o->address, c->e)) != 0)
		return rc;
	if (o->address == NULL) {
		o->address = member_address_join(c->a, &res, 0,
		    P_PROVINCE_NAME);
		if (o->address == NULL)
			return svc_fail(c->e, 400, "required",
			    "address", "请填写收货地址");
	}
	merchant = db_ll(&res, 0, P_MERCHANT);
	supply = db_ll(&res, 0, P_SUPPLY);
	title = arena_strdup(c->a, db_str(&res, 0, P_TITLE));
	if (db_str(&res, 0, P_ACCOUNT) != NULL)
		ledger_note_account(LEDGER_MEMBER, o->member, "main",
		    db_str(&res, 0, P_MALL), db_ll(&res, 0, P_ACCOUNT));
	if (o->hot == 0) {
		mall = arena_strdup(c->a, db_str(&res, 0, P_MALL));
		price = db_ll(&res, 0, P_RETAIL);
		if ((rc = place_price(c, &mall, &price, &paid)) != 0)
			return rc;
	}
	if ((rc = divpts_closed(c->a, mall, &closed)) != DB_OK)
		return rc;
	if (closed != NULL)
		return svc_fail(c->e, 409, "window", "product", closed);
	if (db_ll(&res, 0, P_STOCK) < o->qty)
		return svc_fail(c->e, 409, "sold_out", "qty",
		    "库存不足");
	rc = db_q(c->a, &res, SQL_INSERT, DB_ARGS(DB_INT(o->member),
	    DB_INT(o->product), o->hot > 0 ? DB_INT(o->hot) : DB_NULL,
	    DB_INT(merchant), DB_INT(o->qty), DB_INT(price), DB_INT(supply),
	    DB_TEXT(mall), DB_INT(paid), DB_TEXT(o->receiver), DB_TEXT(o->phone),
	    DB_TEXT(o->address), DB_TEXT(c->key)));
	if (rc == DB_EDUP)
		return LEDGER_EDUP;
	if (rc != DB_OK)
		return rc;
	o->id = (long long)res.insert_id;
	if (o->pickup > 0 && (rc = pickup_attach(c->a, o->id, o->pickup)) != 0)
		return rc;
	legs[0] = (struct ledger_leg){ LEDGER_MEMBER, o->member, "main", mall,
	    -paid };
	legs[1] = (struct ledger_leg){ LEDGER_SYSTEM, 0, "orders", mall, paid };
	e.ref_id = o->id;
	e.idem_key = arena_printf(c->a, "order.pay:%lld", o->id);
	e.memo = arena_printf(c->a, "购买 %s ×%lld（订单 %lld%s）", title,
	    o->qty, o->id, o->hot > 0 ? "，每日爆品" : "");
	rc = ledger_post(c->a, &e, legs, 2, &entry);
	if (rc == LEDGER_EFUNDS)
		return svc_fail(c->e, 400, "insufficient", "product",
		    "余额不足，无法支付");
	if (rc != 0)
		return rc;
	/* The hot rows, last: the product's stock, then the hot item's day
	 * quantity (the order cancelling gives them back in). */
	if ((rc = db_q(c->a, &res, SQL_TAKE, DB_ARGS(DB_INT(o->qty),
	    DB_INT(o->product), DB_INT(o->qty)))) != DB_OK)
		return rc;
	if (res.affected != 1)
		return svc_fail(c->e, 409, "sold_out", "qty",
		    "库存不足");
	if (o->hot > 0) {
		if ((rc = db_q(c->a, &res, SQL_TAKE_HOT, DB_ARGS(DB_INT(o->qty),
		    DB_INT(o->hot), DB_INT(o->qty)))) != DB_OK)
			return rc;
		if (res.affected != 1)
			return svc_fail(c->e, 409, "sold_out", "qty",
			    "爆品已抢光");
	}
	return events_record(c->a, o->id, "mall", "paid");
}

/* A text of the request for svc_idem_bind, unambiguous whatever it
 * holds: its length first; "-" for none. */
static const char *
idem_str(arena *a, const char *s)
{
	return s == NULL ? "-" : arena_printf(a, "%zu:%s", strlen(s), s);
}

int
order_place(arena *a, struct order_new *o, struct svc_err *e)
{
	struct place_ctx	c = { a, o, NULL, e };
	db_res			res;
	int			rc;

	c.key = svc_idem_key(a, "order", o->member, o->idem);
	if (svc_idem_bind(a, o->idem, c.key, arena_printf(a,
	    "product=%lld&qty=%lld&hot=%lld&receiver=%s&phone=%s&address=%s"
	    "&pickup=%lld", o->product, o->qty, o->hot, idem_str(a,
	    o->receiver), idem_str(a, o->phone), idem_str(a, o->address),
	    o->pickup), e) != 0)
		return SVC_EREFUSED;
	rc = db_tx(place_tx, &c);
	if (rc == LEDGER_EDUP) {
		if (db_q(a, &res, SQL_BY_KEY, DB_ARGS(DB_TEXT(c.key))) != DB_OK ||
		    res.nrows != 1)
			return svc_dberr(e, DB_ESQL);
		o->id = db_ll(&res, 0, 0);
		o->replayed = 1;
		return 0;
	}
	return svc_tx_result(e, rc);
}

/* --- after payment -------------------------------------------------------- */

/* The order-event source of the locked order: a group-buy winner's
 * purchase, or a mall order. */
#define SOURCE(c) (db_str(&(c)->o, 0, L_GROUP) != NULL ? "groupbuy" : "mall")

struct change_ctx {
	arena		*a;
	long long	 id, member, merchant, admin;
	const char	*carrier, *tracking, *reason, *ip;
	int		 automatic;
	struct svc_err	*e;
	db_res		 o;		/* the locked order */
};

static const char *
status_name(const char *s)
{
	return strcmp(s, "paid") == 0 ? "待发货" : strcmp(s, "shipped") == 0 ?
	    "已发货" : strcmp(s, "completed") == 0 ? "已完成" : "已取消";
}

/* Locks the order and checks it is the caller's and in state want. */
static int
lock_order(struct change_ctx *c, const char *want)
{
	const char	*s;
	int		 rc;

	if ((rc = db_q(c->a, &c->o, SQL_LOCK, DB_ARGS(DB_INT(c->id)))) != DB_OK)
		return rc;
	if (c->o.nrows == 0 ||
	    (c->member > 0 && db_ll(&c->o, 0, L_BUYER) != c->member) ||
	    (c->merchant > 0 && db_ll(&c->o, 0, L_MERCHANT) != c->merchant))
		return svc_fail(c->e, 404, "not_found", NULL,
		    "订单不存在");
	s = db_str(&c->o, 0, L_STATUS);
	if (strcmp(s, want) == 0)
		return 0;
	return svc_fail(c->e, 409, "state", NULL, arena_printf(c->a,
	    strcmp(want, "paid") == 0 && strcmp(s, "shipped") == 0 ?
	    "订单已发货，不能取消" : strcmp(want, "shipped") == 0 &&
	    strcmp(s, "paid") == 0 ? "订单尚未发货" : "订单%s",
	    status_name(s)));
}

static int
ship_tx(void *ud)
{
	struct change_ctx	*c = ud;
	int			 rc;

	if ((rc = lock_order(c, "paid")) != 0)
		return rc;
	if ((rc = db_q(c->a, NULL, SQL_SHIP, DB_ARGS(DB_TEXT(c->carrier),
	    DB_TEXT(c->tracking), DB_INT(c->id)))) != DB_OK)
		return rc;
	return svc_message(c->a, db_ll(&c->o, 0, L_BUYER), "订单已发货",
	    arena_printf(c->a, "您购买的 %s 已发货：%s，运单号 %s。",
	    db_str(&c->o, 0, L_TITLE), c->carrier, c->tracking),
	    arena_printf(c->a, "/shop/order/%lld", c->id));
}

int
order_ship(arena *a, long long id, long long merchant_member,
    const char *carrier, const char *tracking, struct svc_err *e)
{
	struct change_ctx	c;
	int			rc;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.id = id;
	c.merchant = merchant_member;
	c.carrier = carrier;
	c.tracking = tracking;
	c.e = e;
	rc = db_tx(ship_tx, &c);
	return svc_tx_result(e, rc);
}

/* Completes the locked shipped order: the merchant is credited the supply
 * price in 零钱. Paid in 零钱, the rest is the platform's revenue; paid in
 * another currency, that is retired and the 零钱 issued. */
static int
complete(struct change_ctx *c)
{
	struct ledger_leg	 legs[4];
	struct ledger_entry	 e = { NULL, "order.settle", "order", c->id,
				    NULL, 0, 0 };
	const char		*cur = db_str(&c->o, 0, L_CUR);
	long long		 merchant = db_ll(&c->o, 0, L_MERCHANT);
	int64_t			 paid = db_ll(&c->o, 0, L_PAID), supply;
	long long		 entry;
	size_t			 n = 0;
	char			 b[32];
	int			 rc;

	supply = db_ll(&c->o, 0, L_SUPPLY) * db_ll(&c->o, 0, L_QTY);
	if ((rc = db_q(c->a, NULL, SQL_COMPLETE, DB_ARGS(DB_INT(c->id)))) !=
	    DB_OK)
		return rc;
	legs[n++] = (struct ledger_leg){ LEDGER_SYSTEM, 0, "orders", cur, -paid };
	if (strcmp(cur, "CHANGE") == 0) {
		if (paid != supply)
			legs[n++] = (struct ledger_leg){ LEDGER_SYSTEM, 0,
			    "revenue", "CHANGE", paid - supply };
	} else {
		legs[n++] = (struct ledger_leg){ LEDGER_SYSTEM, 0, "issue", cur,
		    paid };
		legs[n++] = (struct ledger_leg){ LEDGER_SYSTEM, 0, "issue",
		    "CHANGE", -supply };
	}
	legs[n++] = (struct ledger_leg){ LEDGER_MEMBER, merchant, "main",
	    "CHANGE", supply };
	e.idem_key = arena_printf(c->a, "order.settle:%lld", c->id);
	e.memo = arena_printf(c->a, "订单 %lld 完成，货款（供货价 %s ×%lld）",
	    c->id, amount_format(db_ll(&c->o, 0, L_SUPPLY), 2, b),
	    db_ll(&c->o, 0, L_QTY));
	if ((rc = ledger_post(c->a, &e, legs, n, &entry)) != LEDGER_OK)
		return rc;
	if ((rc = events_record(c->a, c->id, SOURCE(c), "completed")) != 0)
		return rc;
	if ((rc = svc_message(c->a, db_ll(&c->o, 0, L_BUYER), "订单已完成",
	    arena_printf(c->a, "%s的订单 %lld（%s）已完成，感谢您的购买。",
	    c->automatic ? "已超过确认期限，系统自动确认收货，您" : "您",
	    c->id, db_str(&c->o, 0, L_TITLE)),
	    arena_printf(c->a, "/shop/order/%lld", c->id))) != DB_OK)
		return rc;
	return svc_message(c->a, merchant, "货款已到账", arena_printf(c->a,
	    "订单 %lld（%s）已完成，供货款 ¥%s 已计入您的%s。", c->id,
	    db_str(&c->o, 0, L_TITLE), amount_format(supply, 2, b),
	    currency_display_name("CHANGE")),
	    arena_printf(c->a, "/merchant/orders/%lld", c->id));
}

static int
confirm_tx(void *ud)
{
	struct change_ctx	*c = ud;
	int			 rc;

	if ((rc = lock_order(c, "shipped")) != 0)
		return rc;
	return complete(c);
}

int
order_confirm(arena *a, long long id, long long member, struct svc_err *e)
{
	struct change_ctx	c;
	int			rc;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.id = id;
	c.member = member;
	c.e = e;
	rc = db_tx(confirm_tx, &c);
	return svc_tx_result(e, rc);
}

int
order_pickup_complete(arena *a, long long id, struct svc_err *e)
{
	struct change_ctx	c;
	int			rc;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.id = id;
	c.e = e;
	if ((rc = lock_order(&c, "paid")) != 0)
		return rc;
	return complete(&c);
}

static int
cancel_tx(void *ud)
{
	struct change_ctx	*c = ud;
	struct ledger_leg	 legs[2];
	struct ledger_entry	 e = { NULL, "order.refund", "order", c->id,
				    NULL, c->member, c->admin };
	const char		*cur;
	long long		 buyer, qty, hot, entry;
	int64_t			 paid;
	int			 rc;

	if ((rc = lock_order(c, "paid")) != 0)
		return rc;
	cur = db_str(&c->o, 0, L_CUR);
	buyer = db_ll(&c->o, 0, L_BUYER);
	qty = db_ll(&c->o, 0, L_QTY);
	hot = db_ll(&c->o, 0, L_HOT);
	paid = db_ll(&c->o, 0, L_PAID);
	if ((rc = db_q(c->a, NULL, SQL_CANCEL, DB_ARGS(c->reason ?
	    DB_TEXT(c->reason) : DB_NULL, DB_INT(c->id)))) != DB_OK)
		return rc;
	legs[0] = (struct ledger_leg){ LEDGER_SYSTEM, 0, "orders", cur, -paid };
	legs[1] = (struct ledger_leg){ LEDGER_MEMBER, buyer, "main", cur, paid };
	e.idem_key = arena_printf(c->a, "order.refund:%lld", c->id);
	e.memo = arena_printf(c->a, "订单 %lld 取消退款（%s）", c->id,
	    db_str(&c->o, 0, L_TITLE));
	if ((rc = ledger_post(c->a, &e, legs, 2, &entry)) != LEDGER_OK)
		return rc;
	/* the stock back, last (as a purchase takes it) */
	if ((rc = db_q(c->a, NULL, SQL_RESTOCK, DB_ARGS(DB_INT(qty),
	    DB_INT(db_ll(&c->o, 0, L_PRODUCT))))) != DB_OK)
		return rc;
	if (hot > 0 && (rc = db_q(c->a, NULL, SQL_UNHOT, DB_ARGS(DB_INT(qty),
	    DB_INT(hot), DB_INT(qty)))) != DB_OK)
		return rc;
	/* cancelling before shipping refunds the whole payment: both */
	if ((rc = events_record(c->a, c->id, SOURCE(c), "refunded")) != 0 ||
	    (rc = events_record(c->a, c->id, SOURCE(c), "cancelled")) != 0)
		return rc;
	if (c->admin > 0) {
		if ((rc = svc_message(c->a, buyer, "订单已取消", arena_printf(c->a,
		    "您的订单 %lld（%s）已由平台取消并全额退款。原因：%s",
		    c->id, db_str(&c->o, 0, L_TITLE), c->reason),
		    arena_printf(c->a, "/shop/order/%lld", c->id))) != DB_OK)
			return rc;
		if ((rc = admin_audit(c->a, c->admin, "order.cancel", "order",
		    c->id, NULL, c->ip)) != 0)
			return rc;
	}
	return svc_message(c->a, db_ll(&c->o, 0, L_MERCHANT), "订单已取消",
	    arena_printf(c->a, "订单 %lld（%s）在发货前已取消，无需发货。",
	    c->id, db_str(&c->o, 0, L_TITLE)),
	    arena_printf(c->a, "/merchant/orders/%lld", c->id));
}

int
order_cancel(arena *a, long long id, long long member, long long admin,
    const char *reason, const char *ip, struct svc_err *e)
{
	struct change_ctx	c;
	int			rc;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.id = id;
	c.member = member;
	c.admin = admin;
	c.reason = reason;
	c.ip = ip;
	c.e = e;
	rc = db_tx(cancel_tx, &c);
	return svc_tx_result(e, rc);
}

int
order_autoconfirm(arena *a, int limit)
{
	struct change_ctx	c;
	struct svc_err		e;
	db_res			due;
	size_t			i;
	int			rc;

	if ((rc = db_q(a, &due, SQL_DUE, DB_ARGS(DB_INT(setting_int(
	    "order.auto_confirm_days")), DB_INT(limit)))) != DB_OK)
		return rc;
	for (i = 0; i < due.nrows; i++) {
		memset(&c, 0, sizeof(c));
		c.a = a;
		c.id = db_ll(&due, i, 0);
		c.automatic = 1;
		c.e = &e;
		if ((rc = lock_order(&c, "shipped")) != 0)
			return rc == SVC_EREFUSED ? DB_ESQL : rc;
		if ((rc = complete(&c)) != 0)
			return rc;
	}
	return (int)due.nrows;
}

/* --- reading -------------------------------------------------------------- */

static struct json_object *
order_json(const db_res *res, size_t i, enum order_scope s)
{
	struct json_object	*o = json_object_new_object();
	const char		*st = db_str(res, i, C_STATUS);

	json_object_object_add(o, "id", json_object_new_int64(db_ll(res, i, C_ID)));
	view_str(o, "no", db_str(res, i, C_NO));
	json_object_object_add(o, "product_id", json_object_new_int64(db_ll(res, i, C_PRODUCT)));
	view_str(o, "title", db_str(res, i, C_TITLE));
	json_object_object_add(o, "qty", json_object_new_int64(db_ll(res, i, C_QTY)));
	view_amount(o, "unit_price", db_ll(res, i, C_UNIT));
	if (s != ORDER_BUYER) {
		view_amount(o, "supply_price", db_ll(res, i, C_SUPPLY));
		view_amount(o, "supply_total", db_ll(res, i, C_SUPPLY) *
		    db_ll(res, i, C_QTY));
		json_object_object_add(o, "member_id", json_object_new_int64(db_ll(res, i, C_BUYER)));
	}
	view_str(o, "currency", db_str(res, i, C_CUR));
	view_str(o, "currency_name", db_str(res, i, C_CURNAME));
	view_amount(o, "paid_amount", db_ll(res, i, C_PAID));
	view_str(o, "status", st);
	view_str(o, "status_name", status_name(st));
	json_object_object_add(o, st, json_object_new_boolean(1));
	view_str(o, "receiver", db_str(res, i, C_RECEIVER));
	view_str(o, "phone", db_str(res, i, C_PHONE));
	view_str(o, "address", db_str(res, i, C_ADDRESS));
	view_str(o, "carrier", db_str(res, i, C_CARRIER));
	view_str(o, "tracking", db_str(res, i, C_TRACKING));
	view_str(o, "created_at", db_str(res, i, C_CREATED));
	view_str(o, "shipped_at", db_str(res, i, C_SHIPPED));
	view_str(o, "completed_at", db_str(res, i, C_COMPLETED));
	view_str(o, "cancelled_at", db_str(res, i, C_CANCELLED));
	view_str(o, "cancel_reason", db_str(res, i, C_REASON));
	view_str(o, "merchant", db_str(res, i, C_MERCHANT));
	view_str(o, "auto_confirm_at", db_str(res, i, C_AUTO));
	json_object_object_add(o, "hot", json_object_new_boolean(
	    db_str(res, i, C_HOT) != NULL));
	if (db_str(res, i, C_GROUP) != NULL) {
		const char *gs = db_str(res, i, C_GSTATUS);

		json_object_object_add(o, "group_id", json_object_new_int64(
		    db_ll(res, i, C_GROUP)));
		json_object_object_add(o, "seat_no", json_object_new_int64(
		    db_ll(res, i, C_SEAT)));
		view_str(o, "group_status", gs == NULL ? NULL :
		    strcmp(gs, "drawn") == 0 ? "已开奖" : strcmp(gs, "open") == 0 ?
		    "拼团中" : "未成团");
	}
	return o;
}

struct json_object *
order_get(arena *a, long long id, enum order_scope s, long long who)
{
	db_res		res;
	long long	days = setting_int("order.auto_confirm_days");
	int		rc;

	if (s == ORDER_ADMIN)
		rc = db_q(a, &res, SQL_ONE[s], DB_ARGS(DB_INT(days), DB_INT(id),
		    DB_INT(who), DB_INT(who)));
	else
		rc = db_q(a, &res, SQL_ONE[s], DB_ARGS(DB_INT(days), DB_INT(id),
		    DB_INT(who)));
	if (rc != DB_OK || res.nrows != 1)
		return NULL;
	return order_json(&res, 0, s);
}

struct json_object *
order_list(arena *a, enum order_scope s, long long who, const char *status,
    int gb_only, long long page, long long per, long long *total)
{
	struct json_object	*list;
	db_res			 res;
	const char		*st = status ? status : "";
	long long		 days = setting_int("order.auto_confirm_days");
	size_t			 i;
	int			 rc;

	if (s == ORDER_ADMIN)
		rc = db_q(a, &res, SQL_COUNT[s], DB_ARGS(DB_INT(who), DB_INT(who),
		    DB_INT(gb_only), DB_TEXT(st), DB_TEXT(st)));
	else
		rc = db_q(a, &res, SQL_COUNT[s], DB_ARGS(DB_INT(who), DB_TEXT(st),
		    DB_TEXT(st)));
	if (rc != DB_OK)
		return NULL;
	*total = db_ll(&res, 0, 0);
	if (s == ORDER_ADMIN)
		rc = db_q(a, &res, SQL_PAGE[s], DB_ARGS(DB_INT(days), DB_INT(who),
		    DB_INT(who), DB_INT(gb_only), DB_TEXT(st), DB_TEXT(st),
		    DB_INT(per), DB_INT((page - 1) * per)));
	else
		rc = db_q(a, &res, SQL_PAGE[s], DB_ARGS(DB_INT(days), DB_INT(who),
		    DB_TEXT(st), DB_TEXT(st), DB_INT(per),
		    DB_INT((page - 1) * per)));
	if (rc != DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++)
		json_object_array_add(list, order_json(&res, i, s));
	return list;
}
