/* svc_rp: the red-packet rain (see svc_rp.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "amount.h"
#include "clock.h"
#include "crypto.h"
#include "db.h"
#include "ledger.h"
#include "payout.h"
#include "rp.h"
#include "settings.h"
#include "svc_admin.h"
#include "svc_rp.h"
#include "valid.h"
#include "verify.h"
#include "view.h"

#define ESCROW		"rp_escrow"	/* the system account of every rain */
#define CURRENCY	"CHANGE"	/* 零钱: what rains pay (E1 default) */
#define RP_EREPLAY	(-100)		/* grab tx: the key was posted before */

/* --- times ------------------------------------------------------------------ */

/* Parses "YYYY-MM-DD HH:MM[:SS]" (or with a T) as Beijing time into out
 * ("YYYY-MM-DD HH:MM:SS", the DATETIME to store) and *t (epoch). 0, or
 * -1 when it is not a real date and time. */
static int
parse_bj(const char *s, char out[20], time_t *t)
{
	struct tm	 tm, chk;
	char		 buf[64];
	int		 y, mo, d, h, mi, se = 0, n = 0;
	char		 sep;
	time_t		 u;

	if (s == NULL)
		return -1;
	if (sscanf(s, "%4d-%2d-%2d%c%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi,
	    &n) != 6 || (sep != ' ' && sep != 'T'))
		return -1;
	if (s[n] == ':') {
		int m = 0;

		if (sscanf(s + n, ":%2d%n", &se, &m) != 1)
			return -1;
		n += m;
	}
	if (s[n] != '\0')
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	u = timegm(&tm);
	if (u == (time_t)-1 || gmtime_r(&u, &chk) == NULL ||
	    chk.tm_year != y - 1900 || chk.tm_mon != mo - 1 ||
	    chk.tm_mday != d || chk.tm_hour != h || chk.tm_min != mi ||
	    chk.tm_sec != se || y < 2000 || y > 2099)
		return -1;
	/* the fields are in range (checked above): 19 characters */
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d,
	    h, mi, se);
	memcpy(out, buf, 20);
	out[19] = '\0';
	*t = u - 8 * 3600;	/* Beijing is UTC+8, without summer time */
	return 0;
}

/* --- create ----------------------------------------------------------------- */

static const char SQL_RAIN_INSERT[] =
    "INSERT INTO rp_rains (title, currency, total, count, cap, joined_before, "
    "start_at, end_at, seed, commitment, created_by, created_at) "
    "VALUES (?, '" CURRENCY "', ?, ?, ?, ?, ?, ?, ?, ?, ?, NOW())";
static const char SQL_PACKETS_INSERT[] =
    "INSERT INTO rp_packets (rain_id, seq, amount) SELECT ?, t.s, t.a "
    "FROM JSON_TABLE(?, '$[*]' COLUMNS (s INT PATH '$[0]', "
    "a BIGINT PATH '$[1]')) t";
static const char SQL_END_JOB[] =
    "INSERT IGNORE INTO jobs (kind, unique_key, payload, run_at, created_at) "
    "VALUES ('rp.end', CONCAT('rp.end:', ?), ?, ?, NOW())";

struct create_ctx {
	arena			*a;
	const struct rp_new	*n;
	long long		 admin, id;
	const char		*ip;
	char			 start[20], end[20], joined[20];
	int			 has_joined;
	uint8_t			 seed[32];
	char			 hex[65], com[65];
	int64_t			*amounts;
};

static int
create_tx(void *ud)
{
	struct create_ctx	*c = ud;
	struct json_object	*j, *p;
	struct reward_line	 l;
	struct payout_opts	 o = { 0 };
	db_res			 res;
	long long		 i;
	int			 rc;
	char			 t[32];

	if ((rc = db_q(c->a, &res, SQL_RAIN_INSERT, DB_ARGS(DB_TEXT(
	    c->n->title), DB_INT(c->n->total), DB_INT(c->n->count),
	    DB_INT(c->n->cap), c->has_joined ? DB_TEXT(c->joined) : DB_NULL,
	    DB_TEXT(c->start), DB_TEXT(c->end), DB_TEXT(c->hex),
	    DB_TEXT(c->com), c->admin > 0 ? DB_INT(c->admin) : DB_NULL))) !=
	    DB_OK)
		return rc;
	c->id = (long long)res.insert_id;
	/* the split needs the id (the stream's label): fixed here, once */
	if (rp_split(c->seed, (unsigned long long)c->id, c->n->total,
	    (uint32_t)c->n->count, c->amounts) != RP_OK)
		return DB_ESQL;		/* rp_plan_check let it through */
	j = json_object_new_array();
	for (i = 0; i < c->n->count; i++) {
		p = json_object_new_array();
		json_object_array_add(p, json_object_new_int64(i + 1));
		json_object_array_add(p, json_object_new_int64(c->amounts[i]));
		json_object_array_add(j, p);
	}
	if ((rc = db_q(c->a, NULL, SQL_PACKETS_INSERT, DB_ARGS(DB_INT(c->id),
	    db_json(c->a, j)))) != DB_OK)
		return rc;
	memset(&l, 0, sizeof(l));
	l.act = REWARD_POOL_IN;
	l.currency = CURRENCY;
	l.pool = ESCROW;
	l.amount = c->n->total;
	l.kind = "rp.fund";
	l.key = arena_printf(c->a, "rp.fund:%lld", c->id);
	l.memo = arena_printf(c->a, "红包雨 #%lld 奖金转入托管（%s 元）", c->id,
	    amount_format(c->n->total, 2, t));
	o.ref_type = "rp";
	o.ref_id = c->id;
	o.admin_id = c->admin;
	if ((rc = payout_apply(c->a, &o, &l, 1, NULL, NULL)) != 0)
		return rc;
	if ((rc = db_q(c->a, NULL, SQL_END_JOB, DB_ARGS(DB_INT(c->id),
	    DB_TEXT(arena_printf(c->a, "%lld", c->id)), DB_TEXT(c->end)))) !=
	    DB_OK)
		return rc;
	j = json_object_new_object();
	view_str(j, "title", c->n->title);
	view_amount(j, "total", c->n->total);
	view_int(j, "count", c->n->count);
	view_int(j, "cap", c->n->cap);
	view_str(j, "start_at", c->start);
	view_str(j, "end_at", c->end);
	rc = admin_audit(c->a, c->admin, "rp.create", "rp", c->id,
	    arena_strdup(c->a, json_object_to_json_string_ext(j,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)), c->ip);
	json_object_put(j);
	return rc;
}

int
rp_create(arena *a, const struct rp_new *n, long long admin, const char *ip,
    long long *id, struct svc_err *e)
{
	struct create_ctx	 c;
	struct rp_plan		 p;
	const char		*field, *msg;
	time_t			 st, en, jb;
	int			 rc;

	memset(&c, 0, sizeof(c));
	if (n->title == NULL || *n->title == '\0')
		return svc_fail(e, 400, "invalid", "title", "请填写标题");
	if (parse_bj(n->start_at, c.start, &st) != 0)
		return svc_fail(e, 400, "invalid", "start_at",
		    "开始时间格式应为 YYYY-MM-DD HH:MM:SS（北京时间）");
	if (parse_bj(n->end_at, c.end, &en) != 0)
		return svc_fail(e, 400, "invalid", "end_at",
		    "结束时间格式应为 YYYY-MM-DD HH:MM:SS（北京时间）");
	if (n->joined_before != NULL && *n->joined_before != '\0') {
		if (parse_bj(n->joined_before, c.joined, &jb) != 0)
			return svc_fail(e, 400, "invalid", "joined_before",
			    "注册时间格式应为 YYYY-MM-DD HH:MM:SS（北京时间）");
		c.has_joined = 1;
	}
	memset(&p, 0, sizeof(p));
	p.total = n->total;
	p.count = n->count;
	p.cap = n->cap;
	p.start = (long long)st;
	p.end = (long long)en;
	p.max_total = setting_amount("rp.max_total");
	p.max_count = setting_int("rp.max_count");
	if (rp_plan_check(&p, &field, &msg) != 0)
		return svc_fail(e, 400, "invalid", field, msg);
	if (en <= clock_now())
		return svc_fail(e, 400, "invalid", "end_at", "结束时间已过");
	c.a = a;
	c.n = n;
	c.admin = admin;
	c.ip = ip;
	rand_bytes(c.seed, sizeof(c.seed));
	hex_encode(c.seed, sizeof(c.seed), c.hex);
	{
		uint8_t h[crypto_hash_sha256_BYTES];

		crypto_hash_sha256(h, c.seed, sizeof(c.seed));
		hex_encode(h, sizeof(h), c.com);
	}
	c.amounts = arena_alloc(a, (size_t)n->count * sizeof(*c.amounts));
	rc = db_tx(create_tx, &c);
	if (rc != 0)
		return svc_dberr(e, rc);
	*id = c.id;
	return 0;
}

/* --- end and cancel --------------------------------------------------------- */

static const char SQL_RAIN_LOCK[] =
    "SELECT status, end_at <= NOW(), start_at > NOW() FROM rp_rains "
    "WHERE id = ? FOR UPDATE";
/* Locks every open packet: waits for the grabs in flight, which a
 * SKIP LOCKED claim lets through and this must not pay twice. */
static const char SQL_OPEN_SUM[] =
    "SELECT COALESCE(SUM(amount), 0) FROM rp_packets WHERE rain_id = ? "
    "AND state = 0 FOR UPDATE";
static const char SQL_OPEN_RETURN[] =
    "UPDATE rp_packets SET state = 2 WHERE rain_id = ? AND state = 0";
static const char SQL_RAIN_CLOSE[] =
    "UPDATE rp_rains SET status = ?, returned = ?, ended_at = NOW() "
    "WHERE id = ?";

/* Returns the open packets of rain id to the platform and closes it as
 * status; inside the caller's transaction. */
static int
close_rain(arena *a, long long id, const char *status, long long admin)
{
	struct reward_line	 l;
	struct payout_opts	 o = { 0 };
	db_res			 res;
	int64_t			 left;
	int			 rc;

	if ((rc = db_q(a, &res, SQL_OPEN_SUM, DB_ARGS(DB_INT(id)))) != DB_OK)
		return rc;
	left = db_ll(&res, 0, 0);
	if ((rc = db_q(a, NULL, SQL_OPEN_RETURN, DB_ARGS(DB_INT(id)))) !=
	    DB_OK)
		return rc;
	if (left > 0) {
		char t[32];

		memset(&l, 0, sizeof(l));
		l.act = REWARD_POOL_IN;
		l.currency = CURRENCY;
		l.source = ESCROW;
		l.pool = "issue";
		l.amount = left;
		l.kind = "rp.return";
		l.key = arena_printf(a, "rp.return:%lld", id);
		l.memo = arena_printf(a, "红包雨 #%lld %s，未抢的 %s 元退回平台",
		    id, strcmp(status, "ended") == 0 ? "结束" : "取消",
		    amount_format(left, 2, t));
		o.ref_type = "rp";
		o.ref_id = id;
		o.admin_id = admin;
		if ((rc = payout_apply(a, &o, &l, 1, NULL, NULL)) != 0)
			return rc;
	}
	return db_q(a, NULL, SQL_RAIN_CLOSE, DB_ARGS(DB_TEXT(status),
	    DB_INT(left), DB_INT(id)));
}

struct end_ctx {
	arena		*a;
	long long	 id, admin;
	const char	*ip;
	struct svc_err	*e;
	int		 cancel, early;
};

static int
end_tx(void *ud)
{
	struct end_ctx	*c = ud;
	db_res		 res;
	int		 rc;

	c->early = 0;
	if ((rc = db_q(c->a, &res, SQL_RAIN_LOCK, DB_ARGS(DB_INT(c->id)))) !=
	    DB_OK)
		return rc;
	if (res.nrows == 0)
		return c->cancel ? svc_fail(c->e, 404, "not_found", NULL,
		    "红包雨不存在") : 0;
	if (strcmp(db_str(&res, 0, 0), "scheduled") != 0)
		return c->cancel ? svc_fail(c->e, 409, "not_scheduled", NULL,
		    "红包雨已结束或已取消") : 0;
	if (c->cancel) {
		if (db_ll(&res, 0, 2) == 0)
			return svc_fail(c->e, 409, "not_scheduled", NULL,
			    "红包雨已开始，不能取消");
		if ((rc = close_rain(c->a, c->id, "cancelled", c->admin)) != 0)
			return rc;
		return admin_audit(c->a, c->admin, "rp.cancel", "rp", c->id,
		    NULL, c->ip);
	}
	if (db_ll(&res, 0, 1) == 0) {
		c->early = 1;		/* the clock moved back: not yet */
		return 0;
	}
	return close_rain(c->a, c->id, "ended", 0);
}

static const char SQL_END_AGAIN[] =
    "INSERT IGNORE INTO jobs (kind, unique_key, payload, run_at, created_at) "
    "SELECT 'rp.end', CONCAT('rp.end:', id, ':', UNIX_TIMESTAMP(NOW())), "
    "id, end_at, NOW() FROM rp_rains WHERE id = ?";

int
rp_end(arena *a, long long id)
{
	struct svc_err	 e;
	struct end_ctx	 c = { a, id, 0, NULL, &e, 0, 0 };
	int		 rc;

	if ((rc = db_tx(end_tx, &c)) != 0)
		return rc;
	/* run early (a test clock set back): once more at its end */
	if (c.early)
		return db_q(a, NULL, SQL_END_AGAIN, DB_ARGS(DB_INT(id)));
	return 0;
}

int
rp_cancel(arena *a, long long id, long long admin, const char *ip,
    struct svc_err *e)
{
	struct end_ctx	 c = { a, id, admin, ip, e, 1, 0 };
	int		 rc;

	rc = db_tx(end_tx, &c);
	return svc_tx_result(e, rc);
}

/* --- grab ------------------------------------------------------------------- */

static const char SQL_GRAB_RAIN[] =
    "SELECT status, start_at <= NOW() AND end_at > NOW(), cap, count, "
    "joined_before IS NULL OR (SELECT created_at < r.joined_before FROM "
    "members WHERE id = ?) FROM rp_rains r WHERE id = ?";
static const char SQL_BY_KEY[] =
    "SELECT seq, amount FROM rp_packets WHERE idem_key = ?";
/* The member's count of packets in the rain, one more while under the
 * cap, in one statement: affected rows 1 (the first), 2 (one more) or 0
 * (at the cap: the row is left as it was; the connection does not ask
 * for found rows, see db.c). */
static const char SQL_GRABBER[] =
    "INSERT INTO rp_grabbers (rain_id, member_id, n) VALUES (?, ?, 1) "
    "ON DUPLICATE KEY UPDATE n = IF(n < ?, n + 1, n)";
/* From a random packet on: concurrent grabs start apart instead of all
 * stepping over the same locked rows (and over the index entries of
 * packets taken moments ago, which InnoDB purges later); wrapping round
 * to the first packet when none is open from there. Which open packet a
 * grab gets decides nothing: every amount was fixed at creation.
 * FORCE INDEX: once the table holds more than one rain, the optimizer
 * may read k_open by ref on (rain_id, state) and check seq >= ? on each
 * entry (index condition pushdown): from the rain's first open packet,
 * locking every entry it passes before the check — tens of thousands of
 * row locks per grab, the grabs waiting on each other's (SKIP LOCKED or
 * not) and on the packets they take. The range on all three columns
 * starts at the random packet and stops at the first open one. */
static const char SQL_CLAIM_SKIP[] =
    "SELECT seq, amount FROM rp_packets FORCE INDEX (k_open) "
    "WHERE rain_id = ? AND state = 0 AND seq >= ? ORDER BY seq LIMIT 1 "
    "FOR UPDATE SKIP LOCKED";
static const char SQL_ANY_OPEN[] =
    "SELECT 1 FROM rp_packets WHERE rain_id = ? AND state = 0 LIMIT 1";
static const char SQL_CLAIM_WAIT[] =
    "SELECT seq, amount FROM rp_packets WHERE rain_id = ? AND state = 0 "
    "ORDER BY seq LIMIT 1 FOR UPDATE";
static const char SQL_TAKE[] =
    "UPDATE rp_packets SET state = 1, member_id = ?, idem_key = ?, "
    "entry_id = ?, grabbed_at = NOW(3) WHERE rain_id = ? AND seq = ? "
    "AND state = 0";
static const char SQL_MINE[] =
    "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM rp_packets "
    "WHERE member_id = ? AND rain_id = ? AND state = 1";

struct grab_ctx {
	arena		*a;
	struct rp_grab	*g;
	const char	*key;
	long long	 cap, count;
	struct svc_err	*e;
};

static int
grab_tx(void *ud)
{
	struct grab_ctx		*c = ud;
	struct rp_grab		*g = c->g;
	struct reward_line	 l;
	struct payout_opts	 o = { 0 };
	db_res			 res;
	long long		 entry = 0;
	int			 rc, state;

	/* the member's row first: their grabs queue on it, nobody else's */
	if ((rc = db_q(c->a, &res, SQL_GRABBER, DB_ARGS(DB_INT(g->rain),
	    DB_INT(g->member), DB_INT(c->cap)))) != DB_OK)
		return rc;
	if (res.affected == 0)
		return svc_fail(c->e, 409, "cap", NULL, arena_printf(c->a,
		    "已达上限：每人最多抢 %lld 个", c->cap));
	if ((rc = db_q(c->a, &res, SQL_CLAIM_SKIP, DB_ARGS(DB_INT(g->rain),
	    DB_INT(1 + (long long)randombytes_uniform((uint32_t)c->count))))) !=
	    DB_OK)
		return rc;
	if (res.nrows == 0 && (rc = db_q(c->a, &res, SQL_CLAIM_SKIP,
	    DB_ARGS(DB_INT(g->rain), DB_INT(1)))) != DB_OK)
		return rc;
	if (res.nrows == 0) {
		/* Every open packet is locked by a grab in flight, which may
		 * yet roll back: wait for one rather than say none are left
		 * while some are. Only the last few grabs of a rain get here. */
		if ((rc = db_q(c->a, &res, SQL_ANY_OPEN,
		    DB_ARGS(DB_INT(g->rain)))) != DB_OK)
			return rc;
		if (res.nrows > 0 && (rc = db_q(c->a, &res, SQL_CLAIM_WAIT,
		    DB_ARGS(DB_INT(g->rain)))) != DB_OK)
			return rc;
		if (res.nrows == 0)
			return svc_fail(c->e, 409, "empty", NULL,
			    "手慢了，红包已抢完");
	}
	g->seq = db_ll(&res, 0, 0);
	g->amount = db_ll(&res, 0, 1);
	memset(&l, 0, sizeof(l));
	l.act = REWARD_POOL_SHARE;
	l.to = g->member;
	l.currency = CURRENCY;
	l.pool = ESCROW;
	l.amount = g->amount;
	l.kind = "rp.grab";
	l.key = c->key;
	l.memo = arena_printf(c->a, "红包雨 #%lld 抢到红包", g->rain);
	o.ref_type = "rp";
	o.ref_id = g->rain;
	o.entry = &entry;
	if ((rc = payout_apply(c->a, &o, &l, 1, &state, NULL)) != 0)
		return rc;
	if (state == PAYOUT_DUP)
		return RP_EREPLAY;	/* the same key, at the same time */
	if ((rc = db_q(c->a, &res, SQL_TAKE, DB_ARGS(DB_INT(g->member),
	    DB_TEXT(c->key), DB_INT(entry), DB_INT(g->rain), DB_INT(g->seq))))
	    != DB_OK)
		return rc == DB_EDUP ? RP_EREPLAY : rc;
	return res.affected == 1 ? 0 : DB_ERETRY;
}

/* The first result of key, if it was posted: 1 with g filled, 0, or a
 * db_err. */
static int
replay(arena *a, struct rp_grab *g, const char *key)
{
	db_res	res;
	int	rc;

	if ((rc = db_q(a, &res, SQL_BY_KEY, DB_ARGS(DB_TEXT(key)))) != DB_OK)
		return rc;
	if (res.nrows == 0)
		return 0;
	g->seq = db_ll(&res, 0, 0);
	g->amount = db_ll(&res, 0, 1);
	g->replayed = 1;
	return 1;
}

int
rp_grab(arena *a, struct rp_grab *g, struct svc_err *e)
{
	struct grab_ctx	 c = { a, g, NULL, 0, 0, e };
	db_res		 res;
	int		 rc;

	g->replayed = 0;
	/* The key names the rain and the member, so it binds the request
	 * by itself (no svc_idem_bind: there is nothing else to compare). */
	c.key = svc_idem_key(a, arena_printf(a, "rp.%lld", g->rain), g->member,
	    g->client_key);
	if (g->client_key != NULL && *g->client_key != '\0' &&
	    (rc = replay(a, g, c.key)) != 0) {
		if (rc < 0)
			return svc_dberr(e, rc);
		goto mine;
	}
	if ((rc = db_q(a, &res, SQL_GRAB_RAIN, DB_ARGS(DB_INT(g->member),
	    DB_INT(g->rain)))) != DB_OK)
		return svc_dberr(e, rc);
	if (res.nrows == 0)
		return svc_fail(e, 404, "not_found", NULL, "红包雨不存在");
	if (strcmp(db_str(&res, 0, 0), "scheduled") != 0 ||
	    db_ll(&res, 0, 1) == 0)
		return svc_fail(e, 409, "not_live", NULL,
		    "红包雨未开始或已结束");
	if (db_ll(&res, 0, 4) == 0)
		return svc_fail(e, 403, "not_eligible", NULL,
		    "本场红包雨仅限在指定日期前注册的会员参加");
	c.cap = db_ll(&res, 0, 2);
	c.count = db_ll(&res, 0, 3);
	rc = db_tx(grab_tx, &c);
	if (rc == RP_EREPLAY) {
		if ((rc = replay(a, g, c.key)) <= 0)
			return svc_dberr(e, rc == 0 ? DB_ERETRY : rc);
	} else if (rc != 0)
		return svc_tx_result(e, rc);
mine:
	if ((rc = db_q(a, &res, SQL_MINE, DB_ARGS(DB_INT(g->member),
	    DB_INT(g->rain)))) != DB_OK)
		return svc_dberr(e, rc);
	g->count = db_ll(&res, 0, 0);
	g->mine = db_ll(&res, 0, 1);
	return 0;
}

/* --- views ------------------------------------------------------------------ */

#define RAIN_COLS \
    "r.id, r.title, r.status, r.total, r.count, r.cap, r.commitment, " \
    "r.seed, DATE_FORMAT(r.start_at, '%Y-%m-%d %H:%i:%s'), " \
    "DATE_FORMAT(r.end_at, '%Y-%m-%d %H:%i:%s'), UNIX_TIMESTAMP(r.start_at), " \
    "UNIX_TIMESTAMP(r.end_at), UNIX_TIMESTAMP(), r.returned, " \
    "DATE_FORMAT(r.joined_before, '%Y-%m-%d %H:%i'), " \
    "(SELECT COUNT(*) FROM rp_packets p WHERE p.rain_id = r.id " \
    "AND p.state = 1), (SELECT COALESCE(SUM(amount), 0) FROM rp_packets p " \
    "WHERE p.rain_id = r.id AND p.state = 1)"
enum { R_ID, R_TITLE, R_STATUS, R_TOTAL, R_COUNT, R_CAP, R_COM, R_SEED,
    R_START, R_END, R_START_TS, R_END_TS, R_NOW, R_RETURNED, R_JOINED,
    R_GRABBED, R_PAID };

static const char SQL_RAIN[] = "SELECT " RAIN_COLS " FROM rp_rains r "
    "WHERE r.id = ?";
static const char SQL_NEXT[] = "SELECT " RAIN_COLS " FROM rp_rains r "
    "WHERE r.status = 'scheduled' AND r.end_at > NOW() "
    "AND r.start_at <= NOW() + INTERVAL ? HOUR ORDER BY r.start_at, r.id "
    "LIMIT 1";
static const char SQL_LIST[] = "SELECT " RAIN_COLS ", COUNT(*) OVER () "
    "FROM rp_rains r WHERE r.status <> 'cancelled' "
    "ORDER BY r.status = 'scheduled' DESC, r.start_at DESC, r.id DESC "
    "LIMIT ? OFFSET ?";
static const char SQL_MY_PACKETS[] =
    "SELECT seq, amount, DATE_FORMAT(grabbed_at, '%H:%i:%s') FROM rp_packets "
    "WHERE member_id = ? AND rain_id = ? AND state = 1 ORDER BY grabbed_at";

/* status as members see it: a scheduled rain is live between its times;
 * past its end it is ended even before the job returned the rest (the
 * seed shows once it did). */
static const char *
rain_status(const db_res *res, size_t i)
{
	const char	*s = db_str(res, i, R_STATUS);
	long long	 now = db_ll(res, i, R_NOW);

	if (strcmp(s, "scheduled") != 0)
		return s;
	if (now < db_ll(res, i, R_START_TS))
		return "scheduled";
	return now < db_ll(res, i, R_END_TS) ? "live" : "ended";
}

static struct json_object *
rain_json(const db_res *res, size_t i)
{
	struct json_object	*o = json_object_new_object();
	const char		*st = rain_status(res, i);
	int			 closed = strcmp(db_str(res, i, R_STATUS),
				    "scheduled") != 0;
	int64_t			 paid = db_ll(res, i, R_PAID);

	view_int(o, "id", db_ll(res, i, R_ID));
	view_str(o, "title", db_str(res, i, R_TITLE));
	view_str(o, "status", st);
	view_bool(o, strcmp(st, "live") == 0 ? "is_live" :
	    strcmp(st, "scheduled") == 0 ? "is_scheduled" :
	    strcmp(st, "ended") == 0 ? "is_ended" : "is_cancelled", 1);
	view_str(o, "status_label", strcmp(st, "live") == 0 ? "进行中" :
	    strcmp(st, "scheduled") == 0 ? "未开始" :
	    strcmp(st, "ended") == 0 ? "已结束" : "已取消");
	view_amount(o, "total", db_ll(res, i, R_TOTAL));
	view_int(o, "count", db_ll(res, i, R_COUNT));
	view_int(o, "cap", db_ll(res, i, R_CAP));
	view_int(o, "grabbed", db_ll(res, i, R_GRABBED));
	view_int(o, "left", db_ll(res, i, R_COUNT) - db_ll(res, i,
	    R_GRABBED));
	view_amount(o, "paid", paid);
	view_amount(o, "returned", db_ll(res, i, R_RETURNED));
	view_str(o, "commitment", db_str(res, i, R_COM));
	if (closed) {
		view_str(o, "seed", db_str(res, i, R_SEED));
		view_bool(o, "settled", 1);
	}
	view_str(o, "start_at", db_str(res, i, R_START));
	view_str(o, "end_at", db_str(res, i, R_END));
	view_int(o, "start_ts", db_ll(res, i, R_START_TS));
	view_int(o, "end_ts", db_ll(res, i, R_END_TS));
	view_int(o, "now_ts", db_ll(res, i, R_NOW));
	if (db_str(res, i, R_JOINED) != NULL)
		view_str(o, "joined_before", db_str(res, i, R_JOINED));
	return o;
}

struct json_object *
rp_view(arena *a, long long id, long long member, int *found)
{
	struct json_object	*o, *mine, *list, *x;
	db_res			 res, p;
	int64_t			 sum = 0;
	size_t			 i;

	*found = 1;
	if (db_q(a, &res, SQL_RAIN, DB_ARGS(DB_INT(id))) != DB_OK)
		return NULL;
	if (res.nrows == 0) {
		*found = 0;
		return NULL;
	}
	o = rain_json(&res, 0);
	if (member <= 0)
		return o;
	if (db_q(a, &p, SQL_MY_PACKETS, DB_ARGS(DB_INT(member), DB_INT(id))) !=
	    DB_OK) {
		json_object_put(o);
		return NULL;
	}
	mine = json_object_new_object();
	list = json_object_new_array();
	for (i = 0; i < p.nrows; i++) {
		x = json_object_new_object();
		view_int(x, "seq", db_ll(&p, i, 0));
		view_amount(x, "amount", db_ll(&p, i, 1));
		view_str(x, "at", db_str(&p, i, 2));
		json_object_array_add(list, x);
		sum += db_ll(&p, i, 1);
	}
	view_int(mine, "count", (long long)p.nrows);
	view_bool(mine, "full", (long long)p.nrows >= db_ll(&res, 0, R_CAP));
	view_amount(mine, "total", sum);
	json_object_object_add(mine, "packets", list);
	json_object_object_add(o, "mine", mine);
	return o;
}

struct json_object *
rp_next(arena *a)
{
	db_res res;

	if (db_q(a, &res, SQL_NEXT, DB_ARGS(DB_INT(setting_int(
	    "rp.poster_hours")))) != DB_OK || res.nrows == 0)
		return NULL;
	return rain_json(&res, 0);
}

struct json_object *
rp_list(arena *a, long long page, long long per, long long *total)
{
	struct json_object	*list;
	db_res			 res;
	size_t			 i;

	*total = 0;
	if (db_q(a, &res, SQL_LIST, DB_ARGS(DB_INT(per),
	    DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		json_object_array_add(list, rain_json(&res, i));
		*total = db_ll(&res, i, R_PAID + 1);
	}
	return list;
}

static const char SQL_ALL_PACKETS[] =
    "SELECT seq, amount, state FROM rp_packets WHERE rain_id = ? ORDER BY seq";

struct json_object *
rp_packets(arena *a, long long id)
{
	struct json_object	*o, *list, *x;
	db_res			 res;
	size_t			 i;
	int			 found;

	if ((o = rp_view(a, id, 0, &found)) == NULL)
		return NULL;
	if (json_object_object_get(o, "seed") == NULL ||
	    db_q(a, &res, SQL_ALL_PACKETS, DB_ARGS(DB_INT(id))) != DB_OK) {
		json_object_put(o);
		return NULL;
	}
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		x = json_object_new_object();
		view_int(x, "seq", db_ll(&res, i, 0));
		view_amount(x, "amount", db_ll(&res, i, 1));
		view_int(x, "fen", db_ll(&res, i, 1));
		view_bool(x, "grabbed", db_ll(&res, i, 2) == 1);
		json_object_array_add(list, x);
	}
	json_object_object_add(o, "packets", list);
	return o;
}

/* --- back office ------------------------------------------------------------ */

static const char SQL_ADMIN_LIST[] = "SELECT " RAIN_COLS ", COUNT(*) OVER () "
    "FROM rp_rains r WHERE (? = '' "
    "OR (? = 'live' AND r.status = 'scheduled' AND r.start_at <= NOW() "
    "AND r.end_at > NOW()) "
    "OR (? = 'scheduled' AND r.status = 'scheduled' AND r.start_at > NOW()) "
    "OR (? = 'ended' AND (r.status = 'ended' OR (r.status = 'scheduled' "
    "AND r.end_at <= NOW()))) "
    "OR (? = 'cancelled' AND r.status = 'cancelled')) "
    "ORDER BY r.id DESC LIMIT ? OFFSET ?";
static const char SQL_TOP[] =
    "SELECT m.phone, COUNT(*), SUM(p.amount) FROM rp_packets p "
    "JOIN members m ON m.id = p.member_id WHERE p.rain_id = ? AND p.state = 1 "
    "GROUP BY p.member_id, m.phone ORDER BY SUM(p.amount) DESC, "
    "p.member_id LIMIT 3";

struct json_object *
rp_admin_list(arena *a, const char *status, long long page, long long per,
    long long *total)
{
	struct json_object	*list, *o, *top, *x;
	db_res			 res, t;
	const char		*s = status != NULL ? status : "";
	size_t			 i, k;

	*total = 0;
	if (db_q(a, &res, SQL_ADMIN_LIST, DB_ARGS(DB_TEXT(s), DB_TEXT(s),
	    DB_TEXT(s), DB_TEXT(s), DB_TEXT(s), DB_INT(per),
	    DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		o = rain_json(&res, i);
		*total = db_ll(&res, i, R_PAID + 1);
		view_amount(o, "unclaimed", db_ll(&res, i, R_TOTAL) -
		    db_ll(&res, i, R_PAID));
		view_bool(o, "can_cancel", strcmp(rain_status(&res, i),
		    "scheduled") == 0);
		top = json_object_new_array();
		if (db_q(a, &t, SQL_TOP, DB_ARGS(DB_INT(db_ll(&res, i, R_ID)))) ==
		    DB_OK)
			for (k = 0; k < t.nrows; k++) {
				x = json_object_new_object();
				view_str(x, "phone", mask_phone(a,
				    db_str(&t, k, 0)));
				view_int(x, "count", db_ll(&t, k, 1));
				view_amount(x, "amount", db_ll(&t, k, 2));
				json_object_array_add(top, x);
			}
		json_object_object_add(o, "top", top);
		json_object_array_add(list, o);
	}
	return list;
}

/* --- ctl verify ------------------------------------------------------------- */

static const struct verify_check checks[] = {
	/* escrow share = total − paid − returned */
	{ "SELECT r.id, r.total - COALESCE(p.paid, 0) - r.returned - "
	  "COALESCE(x.bal, 0) FROM rp_rains r LEFT JOIN (SELECT rain_id, "
	  "SUM(amount) paid FROM rp_packets WHERE state = 1 GROUP BY rain_id) p "
	  "ON p.rain_id = r.id LEFT JOIN (SELECT j.ref_id, SUM(po.amount) bal "
	  "FROM journal j JOIN postings po ON po.entry_id = j.id JOIN accounts a "
	  "ON a.id = po.account_id WHERE j.ref_type = 'rp' AND "
	  "a.owner_type = 'system' AND a.kind = '" ESCROW "' GROUP BY j.ref_id) x "
	  "ON x.ref_id = r.id WHERE r.total - COALESCE(p.paid, 0) - r.returned "
	  "<> COALESCE(x.bal, 0)",
	  "红包雨 #%s: escrow differs from total - paid - returned by %s" },
	/* a closed rain holds nothing */
	{ "SELECT r.id, r.total - COALESCE(SUM(p.amount), 0) - r.returned "
	  "FROM rp_rains r LEFT JOIN rp_packets p ON p.rain_id = r.id "
	  "AND p.state = 1 WHERE r.status <> 'scheduled' "
	  "GROUP BY r.id, r.total, r.returned "
	  "HAVING r.total - COALESCE(SUM(p.amount), 0) - r.returned <> 0",
	  "红包雨 #%s: closed with %s fen still in escrow" },
	/* grabbed packets = rp.grab journal entries */
	{ "SELECT r.id, CONCAT(COALESCE(p.n, 0), ' packets, ', "
	  "COALESCE(j.n, 0), ' entries') FROM rp_rains r LEFT JOIN (SELECT "
	  "rain_id, COUNT(*) n FROM rp_packets WHERE state = 1 GROUP BY rain_id) p "
	  "ON p.rain_id = r.id LEFT JOIN (SELECT ref_id, COUNT(*) n FROM journal "
	  "WHERE kind = 'rp.grab' AND ref_type = 'rp' GROUP BY ref_id) j "
	  "ON j.ref_id = r.id WHERE COALESCE(p.n, 0) <> COALESCE(j.n, 0)",
	  "红包雨 #%s: grabbed %s" },
	{ "SELECT CONCAT(p.rain_id, ' member ', p.member_id), COUNT(*) FROM "
	  "rp_packets p JOIN rp_rains r ON r.id = p.rain_id WHERE p.state = 1 "
	  "GROUP BY p.rain_id, p.member_id, r.cap HAVING COUNT(*) > r.cap",
	  "红包雨 #%s: took %s packets, above the cap" },
	{ "SELECT rain_id, COUNT(*) FROM rp_packets WHERE state = 1 AND "
	  "(member_id IS NULL OR entry_id IS NULL) GROUP BY rain_id",
	  "红包雨 #%s: %s grabbed packets without member or entry" },
};

int
rp_verify(arena *a, void (*report)(const char *msg, void *ud), void *ud)
{
	return verify_run(a, checks, sizeof(checks) / sizeof(checks[0]),
	    report, ud);
}
