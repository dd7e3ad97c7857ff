/* svc_ad: ad rewards (see svc_ad.h, rules/ad.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "ad.h"
#include "adnet.h"
#include "amount.h"
#include "clock.h"
#include "crypto.h"
#include "db.h"
#include "payout.h"
#include "settings.h"
#include "svc_admin.h"
#include "svc_ad.h"
#include "view.h"

/* --- settings ------------------------------------------------------------- */

int
ad_settings(struct ad_cfg *c)
{
	struct json_object	*j = setting_json("ad.upline_bp"), *x;
	size_t			 i, n;

	memset(c, 0, sizeof(*c));
	c->per_day = (int)setting_int("ad.per_day");
	c->tolerance = (int)setting_int("ad.tolerance_sec");
	c->ttl = (int)setting_int("ad.token_ttl_sec");
	c->reward = setting_amount("ad.reward");
	c->points = setting_amount("ad.points_per_reward");
	c->member_cap = setting_amount("ad.member_daily_cap");
	c->budget = setting_amount("ad.daily_budget");
	if (!json_object_is_type(j, json_type_array))
		return AD_ECONFIG;
	n = json_object_array_length(j);
	/* more than AD_MAX_GEN is counted so that the rule refuses it */
	c->nup = n > AD_MAX_GEN ? AD_MAX_GEN + 1 : n;
	for (i = 0; i < c->nup; i++) {
		x = json_object_array_get_idx(j, i);
		if (!json_object_is_type(x, json_type_int))
			return AD_EBP;
		c->up_bp[i] = json_object_get_int64(x);
	}
	return ad_cfg_check(c);
}

static int
ad_refuse(struct svc_err *e, int err)
{
	return svc_fail(e, err == AD_EMEMBER ? 404 : err == AD_ECONFIG ||
	    err == AD_EGEN || err == AD_EBP ? 503 : 409, ad_code(err), NULL,
	    ad_message(err));
}

/* --- shared reads ----------------------------------------------------------- */

/* The server's now: unix seconds, today's date and day number, from the
 * database session (which follows the test clock, see clock.h). */
struct today {
	long long	 now, dayno;
	const char	*day;
};

static int
today(arena *a, struct today *t)
{
	db_res	res;
	int	rc;

	if ((rc = db_q(a, &res, "SELECT UNIX_TIMESTAMP(), DATE_FORMAT("
	    "CURDATE(), '%Y-%m-%d'), TO_DAYS(CURDATE())", DB_NOARGS)) != DB_OK)
		return rc;
	t->now = db_ll(&res, 0, 0);
	t->day = db_str(&res, 0, 1);
	t->dayno = db_ll(&res, 0, 2);
	return 0;
}

static const char SQL_HELD[] =
    "SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE owner_type = "
    "'member' AND owner_id = ? AND kind = 'main' AND currency = 'MALLPTS'";
static const char SQL_DAY_NEW[] =
    "INSERT IGNORE INTO ad_days (member_id, day, watched) VALUES (?, ?, 0)";
static const char SQL_DAY_LOCK[] =
    "SELECT watched FROM ad_days WHERE member_id = ? AND day = ? FOR UPDATE";
static const char SQL_PAID_TODAY[] =
    "SELECT COALESCE(SUM(paid), 0) FROM ad_budget WHERE day = ?";

static int
held(arena *a, long long member, int64_t *out)
{
	db_res	res;
	int	rc;

	if ((rc = db_q(a, &res, SQL_HELD, DB_ARGS(DB_INT(member)))) != DB_OK)
		return rc;
	*out = db_ll(&res, 0, 0);
	return 0;
}

/* Takes the member's day row (the order every ad transaction keeps:
 * the day first, then a view) and reads watched. */
static int
lock_day(arena *a, long long member, const char *day, int *watched)
{
	db_res	res;
	int	rc;

	if ((rc = db_q(a, NULL, SQL_DAY_NEW, DB_ARGS(DB_INT(member),
	    DB_TEXT(day)))) != DB_OK ||
	    (rc = db_q(a, &res, SQL_DAY_LOCK, DB_ARGS(DB_INT(member),
	    DB_TEXT(day)))) != DB_OK)
		return rc;
	*watched = res.nrows == 1 ? (int)db_ll(&res, 0, 0) : 0;
	return 0;
}

static int
paid_today(arena *a, const char *day, int64_t *out)
{
	db_res	res;
	int	rc;

	if ((rc = db_q(a, &res, SQL_PAID_TODAY, DB_ARGS(DB_TEXT(day)))) !=
	    DB_OK)
		return rc;
	*out = db_ll(&res, 0, 0);
	return 0;
}

/* --- start ------------------------------------------------------------------ */

static const char SQL_AD_RUNNING[] =
    "SELECT duration_sec, daily_views, COALESCE((SELECT completions FROM "
    "ad_stats s WHERE s.ad_id = ads.id AND s.day = ?), 0) FROM ads "
    "WHERE id = ? AND provider = 'house' AND status = 'active' AND "
    "(starts_at IS NULL OR starts_at <= NOW()) AND "
    "(ends_at IS NULL OR ends_at > NOW())";
static const char SQL_VIEW_OF_DAY[] =
    "SELECT id, status FROM ad_views WHERE member_id = ? AND ad_id = ? AND "
    "day = ? FOR UPDATE";
static const char SQL_VIEW_NEW[] =
    "INSERT INTO ad_views (member_id, ad_id, provider, token_hash, day, "
    "started_at, duration_sec) VALUES (?, ?, 'house', ?, ?, "
    "FROM_UNIXTIME(?), ?)";
static const char SQL_VIEW_RESTART[] =
    "UPDATE ad_views SET token_hash = ?, started_at = FROM_UNIXTIME(?), "
    "duration_sec = ? WHERE id = ?";
static const char SQL_STAT_VIEW[] =
    "INSERT INTO ad_stats (ad_id, day, views) VALUES (?, ?, 1) "
    "ON DUPLICATE KEY UPDATE views = views + 1";

struct start_ctx {
	arena		*a;
	struct svc_err	*e;
	struct ad_cfg	 cfg;
	long long	 member, ad;
	unsigned char	 hash[32];
	int		 duration;
};

static int
start_tx(void *ud)
{
	struct start_ctx	*c = ud;
	struct today		 t;
	db_res			 ad, v;
	int64_t			 pts, paid;
	long long		 left;
	int			 watched, rc, err;

	if ((rc = today(c->a, &t)) != 0 ||
	    (rc = db_q(c->a, &ad, SQL_AD_RUNNING, DB_ARGS(DB_TEXT(t.day),
	    DB_INT(c->ad)))) != DB_OK)
		return rc;
	if (ad.nrows == 0)
		return svc_fail(c->e, 404, "not_found", NULL,
		    "没有这个广告，或它已暂停、不在播放时间内");
	c->duration = (int)db_ll(&ad, 0, 0);
	left = db_ll(&ad, 0, 1) > 0 ? db_ll(&ad, 0, 1) - db_ll(&ad, 0, 2) : -1;
	if (left < -1)
		left = 0;
	if ((rc = lock_day(c->a, c->member, t.day, &watched)) != 0 ||
	    (rc = db_q(c->a, &v, SQL_VIEW_OF_DAY, DB_ARGS(DB_INT(c->member),
	    DB_INT(c->ad), DB_TEXT(t.day)))) != DB_OK ||
	    (rc = held(c->a, c->member, &pts)) != 0 ||
	    (rc = paid_today(c->a, t.day, &paid)) != 0)
		return rc;
	err = ad_start_check(&c->cfg, watched, v.nrows == 1 &&
	    strcmp(db_str(&v, 0, 1), "done") == 0, pts, paid, left);
	if (err != AD_OK)
		return ad_refuse(c->e, err);
	/* starting again before finishing replaces the token and the clock */
	if (v.nrows == 1)
		rc = db_q(c->a, NULL, SQL_VIEW_RESTART, DB_ARGS(
		    db_blob(c->hash, 32), DB_INT(t.now), DB_INT(c->duration),
		    DB_INT(db_ll(&v, 0, 0))));
	else
		rc = db_q(c->a, NULL, SQL_VIEW_NEW, DB_ARGS(DB_INT(c->member),
		    DB_INT(c->ad), db_blob(c->hash, 32), DB_TEXT(t.day),
		    DB_INT(t.now), DB_INT(c->duration)));
	if (rc != DB_OK)
		return rc;
	return db_q(c->a, NULL, SQL_STAT_VIEW, DB_ARGS(DB_INT(c->ad),
	    DB_TEXT(t.day)));
}

int
ad_start(arena *a, long long member, long long ad, const char **token,
    int *duration, struct svc_err *e)
{
	struct start_ctx	 c;
	char			*tok;
	int			 rc, err;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.e = e;
	c.member = member;
	c.ad = ad;
	if ((err = ad_settings(&c.cfg)) != AD_OK)
		return ad_refuse(e, err);
	tok = arena_alloc(a, TOKEN_LEN + 1);
	rand_token(tok);
	sha256(tok, strlen(tok), c.hash);
	rc = db_tx(start_tx, &c);
	if ((rc = svc_tx_result(e, rc)) != 0)
		return rc;
	*token = tok;
	*duration = c.duration;
	return 0;
}

/* --- completion and the day's reward --------------------------------------- */

static const char SQL_UP[] =
    "SELECT ancestor, depth FROM member_tree WHERE descendant = ? AND "
    "depth BETWEEN 1 AND ? ORDER BY depth";
static const char SQL_BUDGET_NEW[] =
    "INSERT IGNORE INTO ad_budget (day) VALUES (?)";
static const char SQL_BUDGET_LOCK[] =
    "SELECT paid FROM ad_budget WHERE day = ? FOR UPDATE";
static const char SQL_BUDGET_ADD[] =
    "UPDATE ad_budget SET paid = paid + ?, rewards = rewards + 1 "
    "WHERE day = ?";
static const char SQL_REWARD[] =
    "INSERT INTO ad_rewards (member_id, day, amount, points, upline, views, "
    "entry_id, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NOW())";
static const char SQL_DAY_ADD[] =
    "UPDATE ad_days SET watched = watched + 1 WHERE member_id = ? AND "
    "day = ?";

/* Counted one more completed view of member's day (watched before it):
 * on the per_day-th, the day's reward through the payout path. */
static int
counted(arena *a, const struct ad_cfg *cfg, long long member,
    const char *day, int watched, struct ad_result *out)
{
	struct payout_opts	 o = { .ref_type = "ad_day", .ref_id = member };
	struct ad_plan		 p;
	long long		 up[AD_MAX_GEN] = { 0 }, entry[1 + AD_MAX_GEN];
	db_res			 res;
	int64_t			 pts, paid;
	size_t			 i;
	int			 rc, err;

	out->watched = watched + 1;
	out->required = cfg->per_day;
	if ((rc = db_q(a, NULL, SQL_DAY_ADD, DB_ARGS(DB_INT(member),
	    DB_TEXT(day)))) != DB_OK)
		return rc;
	if (out->watched != cfg->per_day)
		return 0;
	/* the platform's day, then the member's points and inviters */
	if ((rc = db_q(a, NULL, SQL_BUDGET_NEW, DB_ARGS(DB_TEXT(day)))) !=
	    DB_OK || (rc = db_q(a, &res, SQL_BUDGET_LOCK,
	    DB_ARGS(DB_TEXT(day)))) != DB_OK)
		return rc;
	paid = db_ll(&res, 0, 0);
	if ((rc = held(a, member, &pts)) != 0)
		return rc;
	if (cfg->nup > 0) {
		if ((rc = db_q(a, &res, SQL_UP, DB_ARGS(DB_INT(member),
		    DB_INT(cfg->nup)))) != DB_OK)
			return rc;
		/* depth d is generation d: a gap ends the chain */
		for (i = 0; i < res.nrows && i < AD_MAX_GEN &&
		    (size_t)db_ll(&res, i, 1) == i + 1; i++)
			up[i] = db_ll(&res, i, 0);
	}
	err = ad_plan(cfg, member, day, pts, paid, up, &p);
	if (err != AD_OK) {
		/* watched in full, nothing to pay: said, and recorded */
		out->note = ad_message(err);
		return db_q(a, NULL, SQL_REWARD, DB_ARGS(DB_INT(member),
		    DB_TEXT(day), DB_INT(0), DB_INT(0), DB_INT(0),
		    DB_INT(out->watched), DB_NULL, DB_TEXT(ad_code(err))));
	}
	o.entry = entry;
	if ((rc = payout_apply(a, &o, p.l, p.n, NULL, NULL)) != 0)
		return rc;
	out->rewarded = 1;
	out->amount = p.amount;
	out->points = p.points;
	if ((rc = db_q(a, NULL, SQL_REWARD, DB_ARGS(DB_INT(member),
	    DB_TEXT(day), DB_INT(p.amount), DB_INT(p.points),
	    DB_INT(p.upline), DB_INT(out->watched), DB_INT(entry[0]),
	    DB_NULL))) != DB_OK)
		return rc;
	/* the budget counts the uplines' shares too (rules/ad.h) */
	return db_q(a, NULL, SQL_BUDGET_ADD, DB_ARGS(DB_INT(p.amount +
	    p.upline), DB_TEXT(day)));
}

static const char SQL_TOKEN[] =
    "SELECT member_id, DATE_FORMAT(day, '%Y-%m-%d') FROM ad_views "
    "WHERE token_hash = ?";
static const char SQL_TOKEN_LOCK[] =
    "SELECT id, ad_id, UNIX_TIMESTAMP(started_at), TO_DAYS(day), "
    "duration_sec, status = 'done' FROM ad_views WHERE token_hash = ? "
    "FOR UPDATE";
static const char SQL_VIEW_DONE[] =
    "UPDATE ad_views SET status = 'done', done_at = FROM_UNIXTIME(?), "
    "seq = ? WHERE id = ?";
static const char SQL_STAT_DONE[] =
    "INSERT INTO ad_stats (ad_id, day, completions) VALUES (?, ?, 1) "
    "ON DUPLICATE KEY UPDATE completions = completions + 1";

struct done_ctx {
	arena		*a;
	struct svc_err	*e;
	struct ad_cfg	 cfg;
	long long	 member;
	unsigned char	 hash[32];
	struct ad_result *out;
};

static int
done_tx(void *ud)
{
	struct done_ctx	*c = ud;
	struct ad_view	 v;
	struct today	 t;
	db_res		 res;
	const char	*day;
	int		 watched, rc, err;

	memset(c->out, 0, sizeof(*c->out));
	if ((rc = today(c->a, &t)) != 0 ||
	    (rc = db_q(c->a, &res, SQL_TOKEN, DB_ARGS(db_blob(c->hash, 32)))) !=
	    DB_OK)
		return rc;
	/* another member's token is as unknown as a made-up one */
	if (res.nrows == 0 || db_ll(&res, 0, 0) != c->member)
		return ad_refuse(c->e, AD_EMEMBER);
	day = db_str(&res, 0, 1);
	if ((rc = lock_day(c->a, c->member, day, &watched)) != 0 ||
	    (rc = db_q(c->a, &res, SQL_TOKEN_LOCK,
	    DB_ARGS(db_blob(c->hash, 32)))) != DB_OK)
		return rc;
	if (res.nrows == 0)	/* replaced by a restart meanwhile */
		return ad_refuse(c->e, AD_EMEMBER);
	v.member = c->member;
	v.ad = db_ll(&res, 0, 1);
	v.started = db_ll(&res, 0, 2);
	v.day = db_ll(&res, 0, 3);
	v.duration = (int)db_ll(&res, 0, 4);
	v.done = (int)db_ll(&res, 0, 5);
	if ((err = ad_done_check(&c->cfg, &v, c->member, t.now, t.dayno,
	    watched)) == AD_EEARLY)
		return svc_fail(c->e, 409, "too_early", NULL, arena_printf(c->a,
		    "广告还没有看完（还差 %lld 秒），本次不计入，也不发放奖励",
		    ad_wait(&c->cfg, &v, t.now)));
	if (err != AD_OK)
		return ad_refuse(c->e, err);
	if ((rc = db_q(c->a, NULL, SQL_VIEW_DONE, DB_ARGS(DB_INT(t.now),
	    DB_INT(watched + 1), DB_INT(db_ll(&res, 0, 0))))) != DB_OK ||
	    (rc = db_q(c->a, NULL, SQL_STAT_DONE, DB_ARGS(DB_INT(v.ad),
	    DB_TEXT(day)))) != DB_OK)
		return rc;
	return counted(c->a, &c->cfg, c->member, day, watched, c->out);
}

int
ad_done(arena *a, long long member, const char *token, struct ad_result *out,
    struct svc_err *e)
{
	struct done_ctx	c;
	int		rc, err;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.e = e;
	c.member = member;
	c.out = out;
	if (token == NULL || strlen(token) != TOKEN_LEN)
		return ad_refuse(e, AD_EMEMBER);
	if ((err = ad_settings(&c.cfg)) != AD_OK)
		return ad_refuse(e, err);
	sha256(token, TOKEN_LEN, c.hash);
	rc = db_tx(done_tx, &c);
	return svc_tx_result(e, rc);
}

/* --- the network's callback ------------------------------------------------- */

static const char SQL_MEMBER[] = "SELECT 1 FROM members WHERE id = ?";
static const char SQL_NET_SEEN[] =
    "SELECT 1 FROM ad_views WHERE provider = 'network' AND ext_ref = ?";
static const char SQL_NET_VIEW[] =
    "INSERT INTO ad_views (member_id, provider, ext_ref, day, started_at, "
    "duration_sec, done_at, seq, status) VALUES (?, 'network', ?, ?, "
    "FROM_UNIXTIME(?), 0, FROM_UNIXTIME(?), ?, 'done')";

struct net_ctx {
	arena		*a;
	struct svc_err	*e;
	struct ad_cfg	 cfg;
	long long	 member;
	const char	*trans;
	struct ad_result *out;
};

static int
net_tx(void *ud)
{
	struct net_ctx	*c = ud;
	struct today	 t;
	db_res		 res;
	int		 watched, rc;

	memset(c->out, 0, sizeof(*c->out));
	if ((rc = today(c->a, &t)) != 0 ||
	    (rc = db_q(c->a, &res, SQL_MEMBER, DB_ARGS(DB_INT(c->member)))) !=
	    DB_OK)
		return rc;
	if (res.nrows == 0)
		return svc_fail(c->e, 404, "not_found", "member", "没有这个会员");
	if ((rc = lock_day(c->a, c->member, t.day, &watched)) != 0 ||
	    (rc = db_q(c->a, &res, SQL_NET_SEEN, DB_ARGS(DB_TEXT(c->trans)))) !=
	    DB_OK)
		return rc;
	/* the network retries a callback until answered: count it once */
	if (res.nrows > 0) {
		c->out->duplicate = 1;
		c->out->watched = watched;
		c->out->required = c->cfg.per_day;
		return 0;
	}
	if (watched >= c->cfg.per_day)
		return ad_refuse(c->e, AD_ELIMIT);
	if ((rc = db_q(c->a, NULL, SQL_NET_VIEW, DB_ARGS(DB_INT(c->member),
	    DB_TEXT(c->trans), DB_TEXT(t.day), DB_INT(t.now), DB_INT(t.now),
	    DB_INT(watched + 1)))) != DB_OK)
		return rc;
	return counted(c->a, &c->cfg, c->member, t.day, watched, c->out);
}

int
ad_network_callback(arena *a, const struct adnet_cb *cb,
    struct ad_result *out, struct svc_err *e)
{
	const struct ad_provider	*p = ad_provider_find("network");
	const char			*key = setting_str("ad.network_pubkey");
	struct net_ctx			 c;
	int				 rc, err;

	memset(&c, 0, sizeof(c));
	if (*key == '\0')
		return svc_fail(e, 503, "no_provider", NULL,
		    adnet_strerror(ADNET_EKEY));
	if ((rc = p->verify(key, cb, (long long)clock_now(), &c.member)) !=
	    ADNET_OK)
		return svc_fail(e, rc == ADNET_EKEY ? 503 : 400, rc == ADNET_ESIG ?
		    "bad_signature" : rc == ADNET_EKEY ? "no_provider" :
		    "bad_callback", NULL, adnet_strerror(rc));
	if ((err = ad_settings(&c.cfg)) != AD_OK)
		return ad_refuse(e, err);
	c.a = a;
	c.e = e;
	c.trans = cb->trans;
	c.out = out;
	rc = db_tx(net_tx, &c);
	return svc_tx_result(e, rc);
}

/* --- the member's page ------------------------------------------------------ */

#define AD_RUNNING_SQL "a.provider = 'house' AND a.status = 'active' AND " \
    "(a.starts_at IS NULL OR a.starts_at <= NOW()) AND " \
    "(a.ends_at IS NULL OR a.ends_at > NOW())"

static const char SQL_HOME_DAY[] =
    "SELECT COALESCE((SELECT watched FROM ad_days WHERE member_id = ? AND "
    "day = ?), 0), (SELECT amount FROM ad_rewards WHERE member_id = ? AND "
    "day = ?), (SELECT reason FROM ad_rewards WHERE member_id = ? AND "
    "day = ?)";
static const char SQL_HOME_ADS[] =
    "SELECT a.id, a.title, a.kind, COALESCE(a.media, CONCAT('/uploads/', "
    "(SELECT i.path FROM product_images i WHERE i.product_id = a.product_id "
    "ORDER BY i.position LIMIT 1))), a.link, a.duration_sec, "
    "v.status = 'done', a.poster FROM ads a LEFT JOIN ad_views v ON "
    "v.ad_id = a.id "
    "AND v.member_id = ? AND v.day = ? WHERE " AD_RUNNING_SQL " AND "
    "(a.daily_views = 0 OR v.status = 'done' OR a.daily_views > "
    "COALESCE((SELECT completions FROM ad_stats s WHERE s.ad_id = a.id AND "
    "s.day = ?), 0)) ORDER BY a.id LIMIT 50";
static const char SQL_HISTORY[] =
    "SELECT DATE_FORMAT(day, '%Y-%m-%d'), amount, points, views, reason "
    "FROM ad_rewards WHERE member_id = ? ORDER BY day DESC LIMIT ? OFFSET ?";
static const char SQL_HISTORY_N[] =
    "SELECT COUNT(*) FROM ad_rewards WHERE member_id = ?";

static void
home_ads(arena *a, struct json_object *o, long long member, const char *day)
{
	struct json_object	*list = json_object_new_array(), *x;
	db_res			 res;
	size_t			 i;

	if (db_q(a, &res, SQL_HOME_ADS, DB_ARGS(DB_INT(member), DB_TEXT(day),
	    DB_TEXT(day))) == DB_OK)
		for (i = 0; i < res.nrows; i++) {
			x = json_object_new_object();
			view_int(x, "id", db_ll(&res, i, 0));
			view_str(x, "title", db_str(&res, i, 1));
			view_str(x, "kind", db_str(&res, i, 2));
			view_str(x, "media", db_str(&res, i, 3));
			view_str(x, "link", db_str(&res, i, 4));
			view_int(x, "duration_sec", db_ll(&res, i, 5));
			view_bool(x, "watched", db_ll(&res, i, 6) == 1);
			view_bool(x, "is_video", strcmp(db_str(&res, i, 2),
			    "video") == 0);
			/* a video's PNG poster frame (NULL before 025) */
			view_str(x, "poster", db_str(&res, i, 7));
			json_object_array_add(list, x);
		}
	json_object_object_add(o, "ads", list);
}

static void
home_history(arena *a, struct json_object *o, long long member,
    long long page, long long per, long long *total)
{
	struct json_object	*list = json_object_new_array(), *x;
	db_res			 res;
	size_t			 i;

	*total = 0;
	if (db_q(a, &res, SQL_HISTORY_N, DB_ARGS(DB_INT(member))) == DB_OK)
		*total = db_ll(&res, 0, 0);
	if (db_q(a, &res, SQL_HISTORY, DB_ARGS(DB_INT(member), DB_INT(per),
	    DB_INT((page - 1) * per))) == DB_OK)
		for (i = 0; i < res.nrows; i++) {
			x = json_object_new_object();
			view_str(x, "day", db_str(&res, i, 0));
			view_amount(x, "amount", db_ll(&res, i, 1));
			view_amount(x, "points", db_ll(&res, i, 2));
			view_int(x, "views", db_ll(&res, i, 3));
			view_bool(x, "paid", db_ll(&res, i, 1) > 0);
			if (db_str(&res, i, 4) != NULL)
				view_str(x, "note", ad_message(
				    strcmp(db_str(&res, i, 4), "budget") == 0 ?
				    AD_EBUDGET : AD_ENOPOINTS));
			json_object_array_add(list, x);
		}
	json_object_object_add(o, "history", list);
}

struct json_object *
ad_home(arena *a, long long member, long long page, long long per,
    long long *total)
{
	struct json_object	*o, *d;
	struct ad_cfg		 cfg;
	struct today		 t;
	db_res			 res;
	int64_t			 pts, paid;
	char			 words[1024];
	int			 cfg_ok = ad_settings(&cfg) == AD_OK;

	if (today(a, &t) != 0 || held(a, member, &pts) != 0 ||
	    paid_today(a, t.day, &paid) != 0 ||
	    db_q(a, &res, SQL_HOME_DAY, DB_ARGS(DB_INT(member), DB_TEXT(t.day),
	    DB_INT(member), DB_TEXT(t.day), DB_INT(member),
	    DB_TEXT(t.day))) != DB_OK)
		return NULL;
	o = json_object_new_object();
	view_amount(o, "points", pts);
	view_bool(o, "has_points", pts > 0);
	d = json_object_new_object();
	view_int(d, "watched", db_ll(&res, 0, 0));
	view_int(d, "required", cfg.per_day);
	view_str(d, "day", t.day);
	view_bool(d, "done", db_ll(&res, 0, 0) >= cfg.per_day);
	view_bool(d, "rewarded", db_str(&res, 0, 1) != NULL &&
	    db_ll(&res, 0, 1) > 0);
	if (db_str(&res, 0, 1) != NULL)
		view_amount(d, "amount", db_ll(&res, 0, 1));
	json_object_object_add(o, "today", d);
	view_amount(o, "reward", cfg.reward);
	view_amount(o, "points_per_reward", cfg.points);
	view_bool(o, "budget_spent", !cfg_ok || ad_start_check(&cfg, 0, 0,
	    1, paid, -1) == AD_EBUDGET);
	view_str(o, "words", cfg_ok ? ad_words(&cfg, words, sizeof(words)) :
	    ad_message(AD_ECONFIG));
	home_ads(a, o, member, t.day);
	home_history(a, o, member, page, per, total);
	return o;
}

int64_t
ad_obligation(arena *a)
{
	struct ad_cfg	cfg;
	db_res		res;

	if (ad_settings(&cfg) != AD_OK || db_q(a, &res, "SELECT COALESCE("
	    "SUM(balance), 0) FROM accounts WHERE owner_type = 'member' AND "
	    "kind = 'main' AND currency = 'MALLPTS'", DB_NOARGS) != DB_OK)
		return -1;
	/* each reward turns `points` into at most `reward` 零钱 */
	return (int64_t)((__int128)db_ll(&res, 0, 0) * (cfg.reward <
	    cfg.member_cap ? cfg.reward : cfg.member_cap) / cfg.points);
}
