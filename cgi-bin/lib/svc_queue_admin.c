/* svc_queue_admin: the queue rebate's back-office transactions (see
 * svc_queue.h): pause and resume, reset (now, or when the daily job finds
 * it due), and a product's own queue settings with 一键启用. Every one
 * locks the queue's row first, as svc_queue.c's payouts do, and is
 * audited. */
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include "db.h"
#include "queue.h"
#include "settings.h"
#include "svc_admin.h"
#include "svc_queue.h"
#include "svc_queue_int.h"

/* --- pause and reset --------------------------------------------------- */

static const char SQL_PAUSE[] = "UPDATE queues SET paused = ? WHERE id = ?";
static const char SQL_CLEAR[] =
    "UPDATE queue_entitlements SET status = 'cleared', settled_at = NOW() "
    "WHERE queue_id = ? AND status = 'waiting'";
static const char SQL_RESET_MARK[] =
    "UPDATE queues SET last_reset = CURDATE() WHERE id = ?";

struct admin_ctx {
	arena		*a;
	long long	 id, admin;
	int		 pause;
	const char	*ip;
	struct svc_err	*e;
};

static int
pause_tx(void *ud)
{
	struct admin_ctx	*c = ud;
	struct qrow		 q;
	int			 rc;

	if ((rc = qrow_lock(c->a, c->id, &q)) != 0)
		return rc == DB_ENOTFOUND ? svc_fail(c->e, 404, "not_found",
		    NULL, "没有这个队列") : rc;
	if ((rc = db_q(c->a, NULL, SQL_PAUSE, DB_ARGS(DB_INT(c->pause),
	    DB_INT(c->id)))) != DB_OK)
		return rc;
	q.paused = c->pause;
	if ((rc = qrow_pay(c->a, &q)) != 0 || (rc = qrow_save(c->a, &q)) != 0)
		return rc;
	return admin_audit(c->a, c->admin, c->pause ? "queue.pause" :
	    "queue.resume", "queue", c->id, NULL, c->ip);
}

int
queue_pause(arena *a, long long id, int pause, long long admin,
    const char *ip, struct svc_err *e)
{
	struct admin_ctx	c = { a, id, admin, pause, ip, e };
	int			rc;

	rc = db_tx(pause_tx, &c);
	return svc_tx_result(e, rc);
}

/* Resets the locked queue q: with clear, its waiting entitlements end
 * (what they were paid stays paid) and the cursor moves past them. */
static int
reset_locked(arena *a, struct qrow *q)
{
	int rc;

	if (strcmp(setting_str(QSET_RESET_MODE), "clear") == 0) {
		if ((rc = db_q(a, NULL, SQL_CLEAR, DB_ARGS(DB_INT(q->id)))) !=
		    DB_OK)
			return rc;
		q->head = q->tail + 1;
		if ((rc = qrow_save(a, q)) != 0)
			return rc;
	}
	return db_q(a, NULL, SQL_RESET_MARK, DB_ARGS(DB_INT(q->id)));
}

static int
reset_tx(void *ud)
{
	struct admin_ctx	*c = ud;
	struct qrow		 q;
	int			 rc;

	if ((rc = qrow_lock(c->a, c->id, &q)) != 0)
		return rc == DB_ENOTFOUND ? svc_fail(c->e, 404, "not_found",
		    NULL, "没有这个队列") : rc;
	if ((rc = reset_locked(c->a, &q)) != 0)
		return rc;
	return admin_audit(c->a, c->admin, "queue.reset", "queue", c->id,
	    arena_printf(c->a, "{\"mode\":\"%s\"}",
	    setting_str(QSET_RESET_MODE)), c->ip);
}

int
queue_reset(arena *a, long long id, long long admin, const char *ip,
    struct svc_err *e)
{
	struct admin_ctx	c = { a, id, admin, 0, ip, e };
	int			rc;

	rc = db_tx(reset_tx, &c);
	return svc_tx_result(e, rc);
}

/* --- a product's own settings ------------------------------------------ */

static const char SQL_PRODUCT_EXISTS[] = "SELECT 1 FROM products WHERE id = ?";
static const char SQL_PRODUCT_SAVE[] =
    "INSERT INTO queue_products (product_id, enabled, ratio_bp, levels, "
    "tiers, lottery, updated_at) VALUES (?, ?, ?, ?, ?, ?, NOW()) ON "
    "DUPLICATE KEY UPDATE enabled = VALUES(enabled), ratio_bp = "
    "VALUES(ratio_bp), levels = VALUES(levels), tiers = VALUES(tiers), "
    "lottery = VALUES(lottery), updated_at = NOW()";
static const char SQL_ENABLE_ALL[] =
    "UPDATE queue_products SET enabled = TRUE, updated_at = NOW() WHERE "
    "NOT enabled";

struct product_ctx {
	arena				*a;
	const struct queue_product_conf	*p;
	long long			 admin, n;
	const char			*ip;
	struct svc_err			*e;
};

static db_arg
text_or_null(const char *s)
{
	return s != NULL && *s != '\0' ? DB_TEXT(s) : DB_NULL;
}

static int
product_tx(void *ud)
{
	struct product_ctx	*c = ud;
	db_res			 res;
	int			 rc;

	if ((rc = db_q(c->a, &res, SQL_PRODUCT_EXISTS, DB_ARGS(DB_INT(
	    c->p->product)))) != DB_OK)
		return rc;
	if (res.nrows == 0)
		return svc_fail(c->e, 404, "not_found", "product", "没有这个商品");
	if ((rc = db_q(c->a, NULL, SQL_PRODUCT_SAVE, DB_ARGS(DB_INT(
	    c->p->product), DB_INT(c->p->enabled), c->p->ratio_bp >= 0 ?
	    DB_INT(c->p->ratio_bp) : DB_NULL, text_or_null(c->p->levels),
	    text_or_null(c->p->tiers), text_or_null(c->p->lottery)))) != DB_OK)
		return rc;
	return admin_audit(c->a, c->admin, "queue.product", "product",
	    c->p->product, NULL, c->ip);
}

int
queue_product_save(arena *a, const struct queue_product_conf *p,
    long long admin, const char *ip, struct svc_err *e)
{
	struct product_ctx	 c = { a, p, admin, 0, ip, e };
	struct queue_conf	 q;
	char			 err[200];
	int			 rc;

	queue_conf_init(&q);
	if (p->ratio_bp > QUEUE_BP_MAX)
		return svc_fail(e, 400, "invalid", "ratio_bp",
		    "商品返利比例须为 0 到 100000 基点");
	if (queue_parse_levels(p->levels, &q, err, sizeof(err)) != QUEUE_OK)
		return svc_fail(e, 400, "invalid", "levels", arena_strdup(a, err));
	if (queue_parse_tiers(p->tiers, &q, err, sizeof(err)) != QUEUE_OK)
		return svc_fail(e, 400, "invalid", "tiers", arena_strdup(a, err));
	if (queue_parse_lottery(p->lottery, &q.lottery, err, sizeof(err)) !=
	    QUEUE_OK)
		return svc_fail(e, 400, "invalid", "lottery", arena_strdup(a,
		    err));
	rc = db_tx(product_tx, &c);
	return svc_tx_result(e, rc);
}

static int
enable_all_tx(void *ud)
{
	struct product_ctx	*c = ud;
	db_res			 res;
	int			 rc;

	if ((rc = db_q(c->a, &res, SQL_ENABLE_ALL, DB_NOARGS)) != DB_OK)
		return rc;
	c->n = (long long)res.affected;
	return admin_audit(c->a, c->admin, "queue.enable_all", NULL, 0,
	    arena_printf(c->a, "{\"products\":%lld}", c->n), c->ip);
}

int
queue_products_enable_all(arena *a, long long admin, const char *ip,
    long long *n, struct svc_err *e)
{
	struct product_ctx	c = { a, NULL, admin, 0, ip, e };
	int			rc;

	rc = db_tx(enable_all_tx, &c);
	*n = c.n;
	return svc_tx_result(e, rc);
}

static const char SQL_Q_DUE[] =
    "SELECT id, COALESCE(DATE_FORMAT(last_reset, '%Y-%m-%d'), ''), "
    "DATE_FORMAT(CURDATE(), '%Y-%m-%d') FROM queues ORDER BY id";

int
queue_reset_due_all(arena *a, char *err, size_t errlen)
{
	struct qrow	 q;
	db_res		 res;
	size_t		 i;
	int		 rc, due;

	if ((rc = db_q(a, &res, SQL_Q_DUE, DB_NOARGS)) != DB_OK)
		return rc;
	for (i = 0; i < res.nrows; i++) {
		due = queue_reset_due(setting_str(QSET_RESET_PERIOD),
		    db_str(&res, i, 1), db_str(&res, i, 2));
		if (due < 0) {
			snprintf(err, errlen, "queue.reset_period: %s",
			    setting_str(QSET_RESET_PERIOD));
			return -1;
		}
		if ((rc = qrow_lock(a, db_ll(&res, i, 0), &q)) != 0)
			return rc;
		/* the first look only marks the day */
		if ((rc = due ? reset_locked(a, &q) : db_q(a, NULL,
		    SQL_RESET_MARK, DB_ARGS(DB_INT(q.id)))) != 0)
			return rc;
	}
	return 0;
}
