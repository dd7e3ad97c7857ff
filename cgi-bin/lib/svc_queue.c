/* svc_queue: the queue rebate's transactions (see svc_queue.h): the
 * order-event subscriber, the payouts from the head cursor, the lottery
 * and the exchange. The back office's (pause, reset, product settings)
 * are in svc_queue_admin.c, the pages' views, the obligations and ctl
 * verify in svc_queue_view.c. Its settings are the registry's group
 * 排队返利 (lib/settings_table.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "amount.h"
#include "crypto.h"
#include "db.h"
#include "payout.h"
#include "queue.h"
#include "settings.h"
#include "svc_member.h"
#include "svc_queue.h"
#include "svc_queue_int.h"

#define BATCH 100	/* waiting entitlements read per round of a payout */

/* --- settings ------------------------------------------------------------ */

/* The plugin's configuration from the settings. QUEUE_OK, or
 * QUEUE_EINVAL with err filled (a value stored behind the settings
 * page's back is refused visibly). */
static int
plugin_conf(struct queue_conf *c, char *err, size_t errlen)
{
	queue_conf_init(c);
	c->ratio_bp = setting_int(QSET_DEFAULT_BP);
	if (c->ratio_bp < 0 || c->ratio_bp > QUEUE_BP_MAX) {
		snprintf(err, errlen, "排队返利默认比例设置有误");
		return QUEUE_EINVAL;
	}
	if (queue_parse_levels(json_object_to_json_string(setting_json(
	    QSET_LEVELS)), c, err, errlen) != QUEUE_OK)
		return QUEUE_EINVAL;
	return queue_parse_lottery(json_object_to_json_string(setting_json(
	    QSET_LOTTERY)), &c->lottery, err, errlen);
}

/* --- the queue row and its payouts ------------------------------------- */

static const char SQL_Q_ENSURE[] =
    "INSERT IGNORE INTO queues (scope, scope_id, name, created_at) "
    "VALUES (?, ?, ?, NOW())";
static const char SQL_Q_LOCK_SCOPE[] =
    "SELECT id, head, tail, balance, paused FROM queues WHERE scope = ? "
    "AND scope_id = ? FOR UPDATE";
static const char SQL_Q_LOCK[] =
    "SELECT id, head, tail, balance, paused FROM queues WHERE id = ? "
    "FOR UPDATE";
static const char SQL_Q_SAVE[] =
    "UPDATE queues SET head = ?, tail = ?, balance = ?, funded = funded + "
    "?, paid_out = paid_out + ? WHERE id = ?";
static const char SQL_WAITING[] =
    "SELECT id, member_id, position, amount - paid - exchanged, order_id, "
    "paid, amount FROM queue_entitlements WHERE queue_id = ? AND status = "
    "'waiting' AND position >= ? ORDER BY position LIMIT ?";
static const char SQL_PAYOUT_INSERT[] =
    "INSERT INTO queue_payouts (queue_id, entitlement_id, amount, "
    "created_at) VALUES (?, ?, ?, NOW())";
static const char SQL_ENT_PAID[] =
    "UPDATE queue_entitlements SET paid = paid + ?, status = IF(? = 1, "
    "'done', 'waiting'), settled_at = IF(? = 1, NOW(), NULL) WHERE id = ?";

/* Reads the locked queue row res (SQL_Q_LOCK's columns) into q. */
static void
q_read(struct qrow *q, const db_res *res)
{
	q->id = db_ll(res, 0, 0);
	q->head = db_ll(res, 0, 1);
	q->tail = db_ll(res, 0, 2);
	q->balance = db_ll(res, 0, 3);
	q->paused = db_ll(res, 0, 4) != 0;
	q->funded = q->paid = 0;
}

int
qrow_lock(arena *a, long long id, struct qrow *q)
{
	db_res	res;
	int	rc;

	if ((rc = db_q(a, &res, SQL_Q_LOCK, DB_ARGS(DB_INT(id)))) != DB_OK)
		return rc;
	if (res.nrows == 0)
		return DB_ENOTFOUND;
	q_read(q, &res);
	return 0;
}

int
qrow_save(arena *a, const struct qrow *q)
{
	return db_q(a, NULL, SQL_Q_SAVE, DB_ARGS(DB_INT(q->head),
	    DB_INT(q->tail), DB_INT(q->balance), DB_INT(q->funded),
	    DB_INT(q->paid), DB_INT(q->id)));
}

/* One payment of a round: the payout row, its ledger entry (key
 * queue.pay:<payout row>) and the entitlement's paid. */
static int
pay_one(arena *a, const struct qrow *q, const db_res *w, size_t i,
    const struct queue_pay *p)
{
	struct payout_opts	 o = { .ref_type = "queue_ent", .ref_id = p->id };
	struct reward_line	 l;
	db_res			 res;
	char			 b1[32], b2[32], b3[32];
	int			 rc;

	if (p->amount > 0) {
		if ((rc = db_q(a, &res, SQL_PAYOUT_INSERT, DB_ARGS(DB_INT(q->id),
		    DB_INT(p->id), DB_INT(p->amount)))) != DB_OK)
			return rc;
		memset(&l, 0, sizeof(l));
		l.act = REWARD_POOL_SHARE;
		l.to = db_ll(w, i, 1);
		l.currency = "CHANGE";
		l.pool = QUEUE_POOL;
		l.amount = p->amount;
		l.kind = "queue.pay";
		l.key = arena_printf(a, "queue.pay:%llu",
		    (unsigned long long)res.insert_id);
		l.memo = arena_printf(a, "排队返利：订单 %lld 返还 %s（已返 %s / "
		    "%s）", db_ll(w, i, 4), amount_format(p->amount, 2, b1),
		    amount_format(db_ll(w, i, 5) + p->amount, 2, b2),
		    amount_format(db_ll(w, i, 6), 2, b3));
		if ((rc = payout_apply(a, &o, &l, 1, NULL, NULL)) != 0)
			return rc;
	}
	return db_q(a, NULL, SQL_ENT_PAID, DB_ARGS(DB_INT(p->amount),
	    DB_INT(p->done), DB_INT(p->done), DB_INT(p->id)));
}

int
qrow_pay(arena *a, struct qrow *q)
{
	struct queue_wait	 w[BATCH];
	struct queue_pay	 p[BATCH];
	db_res			 res;
	size_t			 i, n;
	int64_t			 left;
	size_t			 lim = 4;	/* a funding usually pays 1 or 2 */
	int			 rc;

	/* rows read grow 4, 16, 64, 100…: what a payout reads stays in
	 * proportion to what it pays, however many wait behind */
	for (; !q->paused && q->balance > 0; lim = lim * 4 > BATCH ? BATCH :
	    lim * 4) {
		if ((rc = db_q(a, &res, SQL_WAITING, DB_ARGS(DB_INT(q->id),
		    DB_INT(q->head), DB_INT(lim)))) != DB_OK)
			return rc;
		if (res.nrows == 0) {
			q->head = q->tail + 1;	/* nobody waits: it stays */
			break;
		}
		for (i = 0; i < res.nrows; i++) {
			w[i].id = db_ll(&res, i, 0);
			w[i].owed = db_ll(&res, i, 3);
		}
		n = queue_allocate(q->balance, w, res.nrows, p, &left);
		for (i = 0; i < n; i++) {
			if ((rc = pay_one(a, q, &res, i, &p[i])) != 0)
				return rc;
			q->paid += p[i].amount;
			/* the cursor: past what is settled, on what is not */
			q->head = db_ll(&res, i, 2) + (p[i].done ? 1 : 0);
		}
		q->balance = left;
		if (n < res.nrows || res.nrows < lim) {
			/* all that waited are settled: the cursor passes them */
			if (n == res.nrows && p[n - 1].done)
				q->head = q->tail + 1;
			break;
		}
		if (!p[n - 1].done)
			break;	/* the money ended on the last one read */
	}
	return 0;
}

/* --- the subscriber ---------------------------------------------------- */

static const char SQL_ORDER[] =
    "SELECT o.member_id, o.product_id, o.unit_price * o.qty, p.title "
    "FROM orders o JOIN products p ON p.id = o.product_id WHERE o.id = ?";
static const char SQL_PRODUCT_CONF[] =
    "SELECT enabled, ratio_bp, levels, tiers, lottery FROM queue_products "
    "WHERE product_id = ?";
static const char SQL_FUNDED[] =
    "SELECT 1 FROM queue_fundings WHERE order_source = ? AND order_id = ?";
static const char SQL_ROLES[] =
    "SELECT role FROM member_roles WHERE member_id = ? AND (expires_at IS "
    "NULL OR expires_at > NOW()) ORDER BY role LIMIT 8";
/* Completed spend, mall and supplier products alike (F1). */
static const char SQL_SPEND[] =
    "SELECT COALESCE(SUM(unit_price * qty), 0) FROM orders WHERE "
    "member_id = ? AND status = 'completed' AND updated_at >= NOW() - "
    "INTERVAL ? DAY";
static const char SQL_ENT_INSERT[] =
    "INSERT INTO queue_entitlements (queue_id, position, member_id, "
    "order_id, order_source, base, ratio_bp, source, words, amount, "
    "status, lottery, lottery_src, lottery_conf, seed, commitment, "
    "created_at, settled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "IF(? = 0, 'done', 'waiting'), ?, ?, ?, ?, ?, NOW(), IF(? = 0, NOW(), "
    "NULL))";
static const char SQL_FUND_INSERT[] =
    "INSERT INTO queue_fundings (queue_id, order_id, order_source, base, "
    "extract_bp, amount, created_at) VALUES (?, ?, ?, ?, ?, ?, NOW())";
static const char SQL_CANCEL[] =
    "SELECT id, queue_id FROM queue_entitlements WHERE order_source = ? "
    "AND order_id = ? AND status = 'waiting'";
static const char SQL_ENT_CANCEL[] =
    "UPDATE queue_entitlements SET status = 'cancelled', settled_at = "
    "NOW() WHERE id = ? AND status = 'waiting'";

struct order_ctx {
	arena			*a;
	const struct order_ev	*ev;
	long long		 buyer, product;
	int64_t			 value;
	const char		*title;
	/* the queue the order joins (scope, scope_id, its name when made),
	 * the extraction (a store's own, else the plugin's) and whether
	 * prod is a store's own ratio rather than a product's */
	const char		*scope, *qname;
	long long		 scope_id;
	int64_t			 extract;
	int			 store;
	struct queue_conf	 prod, plug;
	int			 has_prod;
	char			*err;
	size_t			 errlen;
};

/* The product's own settings; *skip when it does not take part. */
static int
product_conf(struct order_ctx *c, int *skip)
{
	db_res	res;
	int	rc;

	*skip = 0;
	queue_conf_init(&c->prod);
	c->has_prod = 0;
	if ((rc = db_q(c->a, &res, SQL_PRODUCT_CONF, DB_ARGS(DB_INT(
	    c->product)))) != DB_OK || res.nrows == 0)
		return rc;
	if (db_ll(&res, 0, 0) == 0) {
		*skip = 1;
		return 0;
	}
	c->has_prod = 1;
	if (db_str(&res, 0, 1) != NULL)
		c->prod.ratio_bp = db_ll(&res, 0, 1);
	if (queue_parse_levels(db_str(&res, 0, 2), &c->prod, c->err,
	    c->errlen) != QUEUE_OK || queue_parse_tiers(db_str(&res, 0, 3),
	    &c->prod, c->err, c->errlen) != QUEUE_OK ||
	    queue_parse_lottery(db_str(&res, 0, 4), &c->prod.lottery, c->err,
	    c->errlen) != QUEUE_OK)
		return QUEUE_EINVAL;
	return 0;
}

/* The buyer as the ratio sees them: roles and completed spend. */
static int
buyer(struct order_ctx *c, struct queue_member *m)
{
	db_res	res;
	size_t	i;
	int	rc;

	memset(m, 0, sizeof(*m));
	if ((rc = db_q(c->a, &res, SQL_ROLES, DB_ARGS(DB_INT(c->buyer)))) !=
	    DB_OK)
		return rc;
	for (i = 0; i < res.nrows && i < QUEUE_LEVELS_MAX; i++) {
		m->levels[i] = arena_strdup(c->a, db_str(&res, i, 0));
		m->labels[i] = member_role_label(m->levels[i]);
		m->nlevels++;
	}
	if (c->has_prod && c->prod.tiers.n > 0) {
		if ((rc = db_q(c->a, &res, SQL_SPEND, DB_ARGS(DB_INT(c->buyer),
		    DB_INT(c->prod.tiers.days)))) != DB_OK)
			return rc;
		m->spend = db_ll(&res, 0, 0);
	}
	return 0;
}

/* Cancelled: what the order's waiting entitlement still owes is
 * cancelled (its payments so far stay paid). */
static int
on_cancel(struct order_ctx *c)
{
	struct qrow	q;
	db_res		res;
	int		rc;

	if ((rc = db_q(c->a, &res, SQL_CANCEL, DB_ARGS(DB_TEXT(c->ev->source),
	    DB_INT(c->ev->order)))) != DB_OK || res.nrows == 0)
		return rc;
	if ((rc = qrow_lock(c->a, db_ll(&res, 0, 1), &q)) != 0)
		return rc;
	return db_q(c->a, NULL, SQL_ENT_CANCEL, DB_ARGS(DB_INT(db_ll(&res, 0,
	    0))));
}

/* A fresh lottery seed and its commitment, hex. */
static void
new_seed(char seed[65], char com[65])
{
	uint8_t		s[32];
	unsigned char	h[32];

	rand_bytes(s, sizeof(s));
	sha256(s, sizeof(s), h);
	hex_encode(s, sizeof(s), seed);
	hex_encode(h, sizeof(h), com);
}

/* The order's ratio (queue_ratio), a store's own ratio said as such. */
static int
order_ratio(const struct order_ctx *c, const struct queue_member *m,
    struct queue_ratio *r)
{
	char p[32];

	if (queue_ratio(c->has_prod ? &c->prod : NULL, &c->plug, m, r) !=
	    QUEUE_OK)
		return QUEUE_EINVAL;
	if (c->store && r->src == QSRC_PRODUCT)
		snprintf(r->words, sizeof(r->words), "按门店返利比例 %s",
		    queue_pct(r->bp, p));
	return QUEUE_OK;
}

static int
queue_order(struct order_ctx *c)
{
	struct queue_member	 m;
	struct queue_ratio	 r;
	struct qrow		 q;
	struct reward_line	 l;
	struct payout_opts	 o = { .ref_type = "order",
				    .ref_id = c->ev->order };
	const struct queue_lottery *lot = NULL;
	db_res			 res;
	int64_t			 amount, fund, extract = c->extract;
	int			 rc;
	char			 seed[65], com[65], lotj[400], b[32], b2[32];
	const char		*src;
	size_t			 i;

	if (extract < 0 || extract > AMT_BP_WHOLE) {
		snprintf(c->err, c->errlen, "排队返利提取比例设置有误");
		return QUEUE_EINVAL;
	}
	/* the queue, by its scope (queue_scope). Locked first and made only
	 * when missing: an INSERT IGNORE that meets the row takes a shared
	 * lock, and two of them then waiting for FOR UPDATE deadlock. */
	if ((rc = db_q(c->a, &res, SQL_Q_LOCK_SCOPE, DB_ARGS(DB_TEXT(c->scope),
	    DB_INT(c->scope_id)))) != DB_OK)
		return rc;
	if (res.nrows == 0 && ((rc = db_q(c->a, NULL, SQL_Q_ENSURE, DB_ARGS(
	    DB_TEXT(c->scope), DB_INT(c->scope_id), DB_TEXT(c->qname)))) !=
	    DB_OK || (rc = db_q(c->a, &res, SQL_Q_LOCK_SCOPE, DB_ARGS(DB_TEXT(
	    c->scope), DB_INT(c->scope_id)))) != DB_OK))
		return rc;
	if (res.nrows == 0)
		return DB_ENOTFOUND;
	q_read(&q, &res);
	/* under the queue's lock: a rerun finds the order funded */
	if ((rc = db_q(c->a, &res, SQL_FUNDED, DB_ARGS(DB_TEXT(c->ev->source),
	    DB_INT(c->ev->order)))) != DB_OK || res.nrows > 0)
		return rc;
	if ((rc = buyer(c, &m)) != 0)
		return rc;
	if (order_ratio(c, &m, &r) != QUEUE_OK) {
		snprintf(c->err, c->errlen, "排队返利比例设置有误");
		return QUEUE_EINVAL;
	}
	src = c->store && r.src == QSRC_PRODUCT ? "store" :
	    queue_src_code(r.src);
	if (queue_entitlement(c->value, r.bp, &amount) != QUEUE_OK ||
	    queue_funding(c->value, extract, &fund) != QUEUE_OK) {
		snprintf(c->err, c->errlen, "排队返利金额超出范围");
		return QUEUE_ERANGE;
	}
	seed[0] = com[0] = lotj[0] = '\0';
	if (r.lottery != QSRC_NONE && amount > 0) {
		lot = r.lottery == QSRC_PRODUCT_LOTTERY ? &c->prod.lottery :
		    &c->plug.lottery;
		new_seed(seed, com);
		/* the options as the draw will read them, kept with it */
		if (lot->nopt > 0) {
			snprintf(lotj, sizeof(lotj), "[");
			for (i = 0; i < lot->nopt; i++)
				snprintf(lotj + strlen(lotj), sizeof(lotj) -
				    strlen(lotj), "%s%lld", i ? "," : "",
				    (long long)lot->opt[i]);
			snprintf(lotj + strlen(lotj), sizeof(lotj) -
			    strlen(lotj), "]");
		} else
			snprintf(lotj, sizeof(lotj), "[{\"min\":%lld,\"max\":"
			    "%lld}]", (long long)lot->min, (long long)lot->max);
	}
	q.tail++;
	if ((rc = db_q(c->a, NULL, SQL_ENT_INSERT, DB_ARGS(DB_INT(q.id),
	    DB_INT(q.tail), DB_INT(c->buyer), DB_INT(c->ev->order),
	    DB_TEXT(c->ev->source), DB_INT(c->value), DB_INT(r.bp),
	    DB_TEXT(src), DB_TEXT(r.words), DB_INT(amount),
	    DB_INT(amount), DB_TEXT(lot ? "open" : "none"),
	    lot ? DB_TEXT(queue_src_code(r.lottery)) : DB_NULL,
	    lot ? DB_TEXT(lotj) : DB_NULL, lot ? DB_TEXT(seed) : DB_NULL,
	    lot ? DB_TEXT(com) : DB_NULL, DB_INT(amount)))) != DB_OK)
		return rc;
	if (amount == 0 && q.head == q.tail)
		q.head++;	/* settled at once: the cursor passes it */
	if ((rc = db_q(c->a, NULL, SQL_FUND_INSERT, DB_ARGS(DB_INT(q.id),
	    DB_INT(c->ev->order), DB_TEXT(c->ev->source), DB_INT(c->value),
	    DB_INT(extract), DB_INT(fund)))) != DB_OK)
		return rc;
	if (fund > 0) {
		memset(&l, 0, sizeof(l));
		l.act = REWARD_POOL_IN;
		l.currency = "CHANGE";
		l.pool = QUEUE_POOL;
		l.amount = fund;
		l.kind = "queue.fund";
		l.key = arena_printf(c->a, "queue.fund:%s:%lld", c->ev->source,
		    c->ev->order);
		l.memo = arena_printf(c->a, "订单 %lld 按 %s 提取 %s 计入排队返利",
		    c->ev->order, queue_pct(extract, b), amount_format(fund, 2,
		    b2));
		if ((rc = payout_apply(c->a, &o, &l, 1, NULL, NULL)) != 0)
			return rc;
		q.balance += fund;
		q.funded += fund;
	}
	if ((rc = qrow_pay(c->a, &q)) != 0)
		return rc;
	return qrow_save(c->a, &q);
}

int
queue_inline(void)
{
	return setting_bool(QSET_INLINE);
}

/* A cashier order's store (svc_store.c): its own queue or the
 * all-cashiers queue, its own ratio and extraction. */
static const char SQL_CASHIER[] =
    "SELECT o.member_id, o.store_id, o.paid_amount, s.name, s.queue_mode, "
    "s.ratio_bp, s.extract_bp FROM orders o JOIN stores s ON s.id = "
    "o.store_id WHERE o.id = ? AND o.product_id IS NULL";

/* Fills c's queue and store settings from a store row (SQL_CASHIER's
 * columns from 1 on: store, value, name, mode, ratio, extraction). */
static void
cashier_ctx(struct order_ctx *c, const db_res *res)
{
	int own = strcmp(db_str(res, 0, 4), "own") == 0;

	c->product = 0;
	c->value = db_ll(res, 0, 2);
	c->store = 1;
	c->scope = own ? "cashier" : "cashiers";
	c->scope_id = own ? db_ll(res, 0, 1) : 0;
	c->qname = own ? arena_printf(c->a, "门店收银排队：%.40s", db_str(res,
	    0, 3)) : "全部门店收银排队";
	queue_conf_init(&c->prod);
	c->has_prod = db_str(res, 0, 5) != NULL;
	if (c->has_prod)
		c->prod.ratio_bp = db_ll(res, 0, 5);
	c->extract = db_str(res, 0, 6) != NULL ? db_ll(res, 0, 6) :
	    setting_int(QSET_EXTRACT_BP);
}

int
queue_on_order(arena *a, const struct order_ev *ev, char *err,
    size_t errlen)
{
	struct order_ctx	c;
	db_res			res;
	int			skip, rc, cashier;

	cashier = strcmp(ev->source, "cashier") == 0;
	if (!setting_bool(QSET_ENABLED) || (!cashier && strcmp(ev->source,
	    "mall") != 0))
		return 0;
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.ev = ev;
	c.err = err;
	c.errlen = errlen;
	if (strcmp(ev->event, "cancelled") == 0)
		return on_cancel(&c);
	if (strcmp(ev->event, setting_str(QSET_SETTLE_ON)) != 0)
		return 0;
	if ((rc = db_q(a, &res, cashier ? SQL_CASHIER : SQL_ORDER, DB_ARGS(
	    DB_INT(ev->order)))) != DB_OK || res.nrows == 0) {
		snprintf(err, errlen, "order %lld: %s", ev->order,
		    rc ? db_strerror(rc) : "not found");
		return rc ? rc : DB_ENOTFOUND;
	}
	c.buyer = db_ll(&res, 0, 0);
	if ((rc = plugin_conf(&c.plug, err, errlen)) != 0)
		return rc;
	if (cashier) {
		cashier_ctx(&c, &res);
		return queue_order(&c);
	}
	c.product = db_ll(&res, 0, 1);
	c.value = db_ll(&res, 0, 2);
	c.title = arena_strdup(a, db_str(&res, 0, 3));
	c.extract = setting_int(QSET_EXTRACT_BP);
	if (setting_bool(QSET_MALL_SCOPE)) {
		c.scope = "mall";
		c.qname = "商城排队";
	} else {
		c.scope = "product";
		c.scope_id = c.product;
		c.qname = arena_printf(a, "商品排队：%.60s", c.title);
	}
	if ((rc = product_conf(&c, &skip)) != 0)
		return rc;
	if (skip)
		return 0;
	return queue_order(&c);
}

static const char SQL_STORE_Q[] =
    "SELECT 0, id, ?, name, queue_mode, ratio_bp, extract_bp FROM stores "
    "WHERE id = ?";

int
queue_cashier_preview(arena *a, long long member, long long store,
    int64_t value, struct queue_preview *out)
{
	struct order_ctx	c;
	struct queue_member	m;
	struct queue_ratio	r;
	db_res			res;
	int64_t			extract;
	int			rc;

	memset(out, 0, sizeof(*out));
	if (!setting_bool(QSET_ENABLED))
		return 0;
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.err = out->words;
	c.errlen = sizeof(out->words);
	c.buyer = member;
	if ((rc = db_q(a, &res, SQL_STORE_Q, DB_ARGS(DB_INT(value),
	    DB_INT(store)))) != DB_OK)
		return rc;
	if (res.nrows == 0)
		return DB_ENOTFOUND;
	if (plugin_conf(&c.plug, out->words, sizeof(out->words)) != 0)
		return 0;	/* the words say what is wrong; on stays 0 */
	cashier_ctx(&c, &res);
	extract = c.extract;
	if (member > 0 && (rc = buyer(&c, &m)) != 0)
		return rc;
	if (member <= 0)
		memset(&m, 0, sizeof(m));
	if (order_ratio(&c, &m, &r) != QUEUE_OK || extract < 0 || extract >
	    AMT_BP_WHOLE || queue_entitlement(value, r.bp, &out->amount) !=
	    QUEUE_OK || queue_funding(value, extract, &out->fund) != QUEUE_OK)
		return 0;
	out->on = 1;
	out->bp = r.bp;
	out->extract_bp = extract;
	out->lottery = r.lottery != QSRC_NONE;
	snprintf(out->words, sizeof(out->words), "%s", r.words);
	snprintf(out->queue, sizeof(out->queue), "%s", c.qname);
	return 0;
}

/* --- the member: lottery and exchange ---------------------------------- */

static const char SQL_ENT_QUEUE[] =
    "SELECT queue_id FROM queue_entitlements WHERE id = ? AND member_id = ?";
static const char SQL_ENT_READ[] =
    "SELECT status, paid, lottery, lottery_src, lottery_conf, seed, base, "
    "amount - paid - exchanged, order_id FROM queue_entitlements WHERE "
    "id = ?";
enum { E_STATUS, E_PAID, E_LOTTERY, E_LSRC, E_LCONF, E_SEED, E_BASE, E_OWED,
    E_ORDER };
static const char SQL_ENT_DRAWN[] =
    "UPDATE queue_entitlements SET ratio_bp = ?, source = ?, words = ?, "
    "amount = ?, lottery = 'drawn' WHERE id = ?";
static const char SQL_ENT_EXCHANGED[] =
    "UPDATE queue_entitlements SET exchanged = exchanged + ?, status = "
    "IF(? = 1, 'exchanged', 'waiting'), settled_at = IF(? = 1, NOW(), "
    "NULL) WHERE id = ?";

struct ent_ctx {
	arena		*a;
	long long	 member, ent;
	const char	*currency, *idem;
	int64_t		 amount, out;
	struct svc_err	*e;
	struct qrow	 q;
	db_res		 row;
};

/* Locks the entitlement's queue, then reads the entitlement: every writer
 * of a queue's entitlements holds the queue's row first. */
static int
ent_lock(struct ent_ctx *c)
{
	db_res	res;
	int	rc;

	if ((rc = db_q(c->a, &res, SQL_ENT_QUEUE, DB_ARGS(DB_INT(c->ent),
	    DB_INT(c->member)))) != DB_OK)
		return rc;
	if (res.nrows == 0)
		return svc_fail(c->e, 404, "not_found", NULL, "没有这条排队权益");
	if ((rc = qrow_lock(c->a, db_ll(&res, 0, 0), &c->q)) != 0)
		return rc;
	if ((rc = db_q(c->a, &c->row, SQL_ENT_READ, DB_ARGS(DB_INT(c->ent))))
	    != DB_OK)
		return rc;
	if (strcmp(db_str(&c->row, 0, E_STATUS), "waiting") != 0)
		return svc_fail(c->e, 409, "settled", NULL,
		    "该权益已返还完毕或已兑换，不能再操作");
	return 0;
}

static int
draw_tx(void *ud)
{
	struct ent_ctx		*c = ud;
	struct queue_lottery	 l;
	uint8_t			 seed[32];
	enum queue_src		 src;
	int64_t			 amount;
	char			 err[200], words[QUEUE_WORDS];
	int			 rc;

	if ((rc = ent_lock(c)) != 0)
		return rc;
	if (strcmp(db_str(&c->row, 0, E_LOTTERY), "open") != 0)
		return svc_fail(c->e, 409, "no_lottery", NULL,
		    strcmp(db_str(&c->row, 0, E_LOTTERY), "drawn") == 0 ?
		    "该权益已抽过奖" : "该权益没有抽奖");
	if (db_ll(&c->row, 0, E_PAID) > 0)
		return svc_fail(c->e, 409, "paid", NULL,
		    "该权益已开始返还，不能再抽奖");
	src = queue_src_parse(db_str(&c->row, 0, E_LSRC));
	if (queue_parse_lottery(db_str(&c->row, 0, E_LCONF), &l, err,
	    sizeof(err)) != QUEUE_OK || hex_decode(db_str(&c->row, 0, E_SEED),
	    seed, sizeof(seed)) != 0 || queue_lottery_draw(&l, seed,
	    sizeof(seed), c->ent, &c->out) != QUEUE_OK ||
	    queue_entitlement(db_ll(&c->row, 0, E_BASE), c->out, &amount) !=
	    QUEUE_OK)
		return svc_fail(c->e, 500, "lottery", NULL, "抽奖数据有误");
	queue_lottery_words(src, c->out, words);
	if ((rc = db_q(c->a, NULL, SQL_ENT_DRAWN, DB_ARGS(DB_INT(c->out),
	    DB_TEXT(queue_src_code(src)), DB_TEXT(words), DB_INT(amount),
	    DB_INT(c->ent)))) != DB_OK)
		return rc;
	if (amount == 0 && (rc = db_q(c->a, NULL, SQL_ENT_PAID, DB_ARGS(
	    DB_INT(0), DB_INT(1), DB_INT(1), DB_INT(c->ent)))) != DB_OK)
		return rc;
	/* what the queue holds (paused, or nobody was waiting) may pay now */
	if ((rc = qrow_pay(c->a, &c->q)) != 0)
		return rc;
	return qrow_save(c->a, &c->q);
}

int
queue_draw(arena *a, long long member, long long ent, int64_t *bp,
    struct svc_err *e)
{
	struct ent_ctx	c;
	int		rc;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.member = member;
	c.ent = ent;
	c.e = e;
	rc = db_tx(draw_tx, &c);
	if (rc == 0)
		*bp = c.out;
	return svc_tx_result(e, rc);
}

static int
exchange_tx(void *ud)
{
	struct ent_ctx		*c = ud;
	struct payout_opts	 o = { .ref_type = "queue_ent", .ref_id = c->ent };
	struct reward_line	 l;
	int64_t			 rate, owed;
	int			 rc, state, all;
	char			 b1[32], b2[32];

	rate = strcmp(c->currency, "POINTS") == 0 ?
	    setting_int(QSET_EXCHANGE_POINTS) : setting_int(QSET_EXCHANGE_VOUCHER);
	if (rate <= 0)
		return svc_fail(c->e, 409, "closed", "currency",
		    "该兑换暂未开放");
	if ((rc = ent_lock(c)) != 0)
		return rc;
	owed = db_ll(&c->row, 0, E_OWED);
	if (c->amount > owed)
		return svc_fail(c->e, 400, "invalid", "amount", arena_printf(
		    c->a, "兑换金额不能超过待返的 %s", amount_format(owed, 2, b1)));
	if (queue_exchange(owed, c->amount, rate, &c->out) != QUEUE_OK)
		return svc_fail(c->e, 400, "invalid", "amount",
		    "兑换金额太小，按比例折算不足 0.01");
	all = c->amount == owed;
	memset(&l, 0, sizeof(l));
	l.act = REWARD_CREDIT;
	l.to = c->member;
	l.currency = c->currency;
	l.amount = c->out;
	l.kind = "queue.exchange";
	l.key = svc_idem_key(c->a, "queue.exchange", c->member, c->idem);
	l.memo = arena_printf(c->a, "排队权益（订单 %lld）%s 兑换%s %s",
	    db_ll(&c->row, 0, E_ORDER), amount_format(c->amount, 2, b1),
	    currency_display_name(c->currency), amount_format(c->out, 2, b2));
	if ((rc = payout_apply(c->a, &o, &l, 1, &state, NULL)) != 0)
		return rc;
	if (state == PAYOUT_DUP)
		return 0;	/* the same request again: done before */
	return db_q(c->a, NULL, SQL_ENT_EXCHANGED, DB_ARGS(DB_INT(c->amount),
	    DB_INT(all), DB_INT(all), DB_INT(c->ent)));
}

int
queue_exchange_do(arena *a, long long member, long long ent,
    const char *currency, int64_t amount, const char *idem, int64_t *credit,
    struct svc_err *e)
{
	struct ent_ctx	c;
	int		rc;

	if (currency == NULL || (strcmp(currency, "POINTS") != 0 &&
	    strcmp(currency, "VOUCHER") != 0))
		return svc_fail(e, 400, "invalid", "currency",
		    "只能兑换为积分或购物券");
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.member = member;
	c.ent = ent;
	c.currency = currency;
	c.amount = amount;
	c.idem = idem;
	c.e = e;
	rc = db_tx(exchange_tx, &c);
	if (rc == 0)
		*credit = c.out;
	return svc_tx_result(e, rc);
}
