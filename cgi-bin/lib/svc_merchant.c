/* svc_merchant: merchant onboarding (see svc_merchant.h). */
#include <string.h>
#include "db.h"
#include "svc_admin.h"
#include "svc_member.h"
#include "svc_merchant.h"

static const char SQL_MINE[] =
    "SELECT id, status FROM merchants WHERE member_id = ? FOR UPDATE";
static const char SQL_INSERT[] =
    "INSERT INTO merchants (member_id, name, contact, phone, license_no, "
    "address, description, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, NOW(), NOW())";
static const char SQL_REAPPLY[] =
    "UPDATE merchants SET name = ?, contact = ?, phone = ?, license_no = ?, "
    "address = ?, description = ?, status = 'pending', reason = NULL, "
    "decided_by = NULL, decided_at = NULL, updated_at = NOW() WHERE id = ?";
static const char SQL_LOCK[] =
    "SELECT member_id, status, name FROM merchants WHERE id = ? FOR UPDATE";
static const char SQL_DECIDE[] =
    "UPDATE merchants SET status = ?, reason = ?, decided_by = ?, "
    "decided_at = NOW(), updated_at = NOW() WHERE id = ?";
static const char SQL_GET[] =
    "SELECT id, name, contact, phone, license_no, address, description, "
    "status, reason, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i') AS created_at "
    "FROM merchants WHERE member_id = ?";
static const char SQL_LIST_N[] =
    "SELECT COUNT(*) FROM merchants WHERE status = ?";
static const char SQL_LIST[] =
    "SELECT id, member_id, name, contact, phone, license_no, address, "
    "description, status, reason, DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i') "
    "AS updated_at FROM merchants WHERE status = ? ORDER BY id LIMIT ? OFFSET ?";

struct apply_ctx {
	arena			*a;
	long long		 member, id;
	const struct merchant_app *m;
	struct svc_err		*e;
};

static int
apply_tx(void *ud)
{
	struct apply_ctx		*c = ud;
	const struct merchant_app	*m = c->m;
	db_res				 res;
	int				 rc;

	if ((rc = db_q(c->a, &res, SQL_MINE, DB_ARGS(DB_INT(c->member)))) != DB_OK)
		return rc;
	if (res.nrows == 1) {
		const char *st = db_str(&res, 0, 1);

		c->id = db_ll(&res, 0, 0);
		if (strcmp(st, "approved") == 0)
			return svc_fail(c->e, 409, "approved", NULL,
			    "您已经是商家了");
		if (strcmp(st, "pending") == 0)
			return svc_fail(c->e, 409, "pending", NULL,
			    "申请正在审核中，请耐心等待");
		return db_q(c->a, NULL, SQL_REAPPLY, DB_ARGS(DB_TEXT(m->name),
		    DB_TEXT(m->contact), DB_TEXT(m->phone),
		    DB_TEXT(m->license_no), DB_TEXT(m->address),
		    DB_TEXT(m->description ? m->description : ""),
		    DB_INT(c->id)));
	}
	rc = db_q(c->a, &res, SQL_INSERT, DB_ARGS(DB_INT(c->member),
	    DB_TEXT(m->name), DB_TEXT(m->contact), DB_TEXT(m->phone),
	    DB_TEXT(m->license_no), DB_TEXT(m->address),
	    DB_TEXT(m->description ? m->description : "")));
	if (rc == DB_EDUP)
		return DB_ERETRY;	/* a concurrent first application: look again */
	if (rc == DB_OK)
		c->id = (long long)res.insert_id;
	return rc;
}

int
merchant_apply(arena *a, long long member, const struct merchant_app *m,
    long long *id, struct svc_err *e)
{
	struct apply_ctx	c = { a, member, 0, m, e };
	int			rc = svc_tx_result(e, db_tx(apply_tx, &c));

	if (rc == 0)
		*id = c.id;
	return rc;
}

static int
decide_tx(void *ud)
{
	struct svc_decision	*d = ud;
	db_res			 res;
	long long		 member;
	const char		*name;
	int			 rc;

	if ((rc = db_q(d->a, &res, SQL_LOCK, DB_ARGS(DB_INT(d->id)))) != DB_OK)
		return rc;
	if ((rc = svc_pending(d->e, &res, 1, "商家申请不存在")) != 0)
		return rc;
	member = db_ll(&res, 0, 0);
	name = arena_strdup(d->a, db_str(&res, 0, 2));
	if (d->approve && (rc = member_grant_role(d->a, member, "merchant",
	    NULL, 0, d->admin, d->e)) != 0)
		return rc;
	if ((rc = db_q(d->a, NULL, SQL_DECIDE, DB_ARGS(DB_TEXT(d->approve ?
	    "approved" : "rejected"), DB_TEXT(d->reason), DB_INT(d->admin),
	    DB_INT(d->id)))) != DB_OK)
		return rc;
	if ((rc = admin_audit(d->a, d->admin, d->approve ? "merchant.approve" :
	    "merchant.reject", "merchant", d->id, NULL, d->ip)) != DB_OK)
		return rc;
	return svc_message(d->a, member, d->approve ? "商家入驻已通过" : "商家入驻未通过", d->approve ? arena_printf(d->a, "「%s」已通过审核，欢迎入驻。",
	    name) : arena_printf(d->a, "「%s」未通过审核。原因：%s。修改后可重新申请。",
	    name, d->reason), "/merchant");
}

int
merchant_decide(arena *a, long long id, int approve, const char *reason,
    long long admin, const char *ip, struct svc_err *e)
{
	return svc_decide(a, id, approve, reason, admin, ip, e, decide_tx);
}

struct json_object *
merchant_of(arena *a, long long member)
{
	struct json_object	*o;
	db_res			 res;

	if (db_q(a, &res, SQL_GET, DB_ARGS(DB_INT(member))) != DB_OK ||
	    res.nrows != 1)
		return NULL;
	o = db_row_json(&res, 0);
	json_object_object_add(o, db_str(&res, 0, 7), json_object_new_boolean(1));
	return o;
}

struct json_object *
merchant_list(arena *a, const char *status, long long page, long long per,
    long long *total)
{
	db_res res;

	if (db_q(a, &res, SQL_LIST_N, DB_ARGS(DB_TEXT(status))) != DB_OK)
		return NULL;
	*total = db_ll(&res, 0, 0);
	if (db_q(a, &res, SQL_LIST, DB_ARGS(DB_TEXT(status), DB_INT(per),
	    DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
	return db_rows_json(&res);
}
