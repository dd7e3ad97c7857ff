/* svc: service refusals (see svc.h). */
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include "app.h"
#include "crypto.h"
#include "db.h"
#include "svc.h"

int
svc_fail(struct svc_err *e, int status, const char *code, const char *field,
    const char *message)
{
	e->status = status;
	e->code = code;
	e->field = field;
	e->message = message;
	return SVC_EREFUSED;
}

int
svc_dberr(struct svc_err *e, int db_rc)
{
	if (db_rc == DB_ERETRY || db_rc == DB_ECONN)
		return svc_fail(e, 503, "busy", NULL, "系统繁忙，请稍后再试");
	if (db_rc == DB_EUNSURE)
		return svc_fail(e, 503, "unsure", NULL, "系统连接中断，操作可能"
		    "已经完成：请稍后在记录中核对，再决定是否重试");
	fprintf(stderr, "svc: %s\n", db_strerror(db_rc));
	return svc_fail(e, 500, "internal", NULL, "系统出错了，请稍后再试");
}

int
resp_svc(struct req *r, const struct svc_err *e)
{
	return resp_error(r, e->status, e->code, e->field, e->message);
}

const char *
svc_idem_key(arena *a, const char *prefix, long long member,
    const char *client_key)
{
	char tok[TOKEN_LEN + 1];

	if (client_key != NULL && *client_key != '\0')
		return arena_printf(a, "%s:%lld:%.80s", prefix, member,
		    client_key);
	rand_token(tok);
	return arena_printf(a, "%s:%lld:%s", prefix, member, tok);
}

static const char SQL_IDEM_BIND[] =
    "INSERT IGNORE INTO idem_requests (idem_key, req_hash, created_at) "
    "VALUES (?, ?, NOW())";
static const char SQL_IDEM_HASH[] =
    "SELECT req_hash FROM idem_requests WHERE idem_key = ?";

int
svc_idem_bind(arena *a, const char *client_key, const char *key,
    const char *request, struct svc_err *e)
{
	unsigned char	 h[32];
	const char	*p;
	db_res		 res;
	int		 rc;

	if (client_key == NULL || *client_key == '\0')
		return 0;
	sha256(request, strlen(request), h);
	/* Its own statement, before the service's transaction: the first
	 * request binds the key even when it then fails, and of two at once
	 * the second waits for the first's row. */
	if ((rc = db_q(a, &res, SQL_IDEM_BIND, DB_ARGS(DB_TEXT(key),
	    db_blob(h, 32)))) != DB_OK)
		return svc_dberr(e, rc);
	if (res.affected == 1)
		return 0;
	if ((rc = db_q(a, &res, SQL_IDEM_HASH, DB_ARGS(DB_TEXT(key)))) !=
	    DB_OK)
		return svc_dberr(e, rc);
	if (res.nrows == 1 && res.lens[0] == 32 &&
	    ct_equal(h, db_str(&res, 0, 0), 32))
		return 0;
	/* The key as the client sent it, when it is plain ASCII (the
	 * message must stay valid UTF-8). */
	for (p = client_key; *p > ' ' && *p < 0x7f; p++)
		;
	return svc_fail(e, 409, "idem_conflict", "idem", arena_printf(a,
	    "请求标识（Idempotency-Key）%s%.80s%s已用于另一笔不同的请求，"
	    "请换一个新的标识再提交", *p ? "" : "“", *p ? "" : client_key,
	    *p ? "" : "”"));
}

int
svc_pending(struct svc_err *e, const db_res *res, size_t col,
    const char *missing)
{
	if (res->nrows == 0)
		return svc_fail(e, 404, "not_found", NULL, missing);
	if (strcmp(db_str(res, 0, col), "pending") != 0)
		return svc_fail(e, 409, "decided", NULL, "该申请已经处理过了");
	return 0;
}

int
svc_decide(arena *a, long long id, int approve, const char *reason,
    long long admin, const char *ip, struct svc_err *e, int (*tx)(void *))
{
	struct svc_decision d = { a, id, admin, approve, reason, ip, e };

	if (!approve && (reason == NULL || *reason == '\0'))
		return svc_fail(e, 400, "required", "reason", "请填写驳回原因");
	return svc_tx_result(e, db_tx(tx, &d));
}

int
svc_tx_result(struct svc_err *e, int rc)
{
	if (rc == 0)
		return 0;
	/* The callback refused in an attempt db_tx kept: e is its answer.
	 * One from an attempt db_tx abandoned (tx_broken) never gets here:
	 * the attempt runs again, or db_tx gives up with DB_ERETRY. */
	if (rc == SVC_EREFUSED)
		return SVC_EREFUSED;
	return svc_dberr(e, rc);
}

static const char SQL_MESSAGE[] =
    "INSERT INTO messages (member_id, title, body, link, created_at) "
    "VALUES (?, ?, ?, ?, NOW())";

int
svc_message(arena *a, long long member, const char *title, const char *body,
    const char *link)
{
	return db_q(a, NULL, SQL_MESSAGE, DB_ARGS(DB_INT(member), DB_TEXT(title),
	    DB_TEXT(body), link ? DB_TEXT(link) : DB_NULL));
}

int
svc_messages(arena *a, const struct svc_msg *m, size_t n)
{
	struct json_object	*j, *x;
	size_t			 i;

	if (n == 0)
		return DB_OK;
	j = json_object_new_array();
	for (i = 0; i < n; i++) {
		x = json_object_new_array();
		json_object_array_add(x, json_object_new_int64(m[i].member));
		json_object_array_add(x, json_object_new_string(m[i].title));
		json_object_array_add(x, json_object_new_string(m[i].body));
		json_object_array_add(x, m[i].link ? json_object_new_string(
		    m[i].link) : NULL);
		json_object_array_add(j, x);
	}
	return db_q(a, NULL, "INSERT INTO messages (member_id, title, body, "
	    "link, created_at) SELECT t.m, t.t, t.b, t.l, NOW() FROM "
	    "JSON_TABLE(?, '$[*]' COLUMNS (m BIGINT PATH '$[0]', t VARCHAR(400) "
	    "PATH '$[1]', b VARCHAR(4000) PATH '$[2]', l VARCHAR(1000) PATH "
	    "'$[3]')) t", DB_ARGS(db_json(a, j)));
}
