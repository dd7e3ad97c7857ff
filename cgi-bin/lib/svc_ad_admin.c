/* svc_ad_admin: ad rewards in the back office and in `ctl verify` (see
 * svc_ad.h): ads created, paused, scheduled and budgeted (each audited),
 * the daily chart, and the invariants. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include "ad.h"
#include "conf.h"
#include "db.h"
#include "settings.h"
#include "svc_admin.h"
#include "svc_ad.h"
#include "upload.h"
#include "view.h"

/* "YYYY-MM-DD HH:MM" or the browser's "YYYY-MM-DDTHH:MM"; NULL/"" is
 * none. The database parses it: NULL back means it did not parse. */
#define SQL_WHEN(x) "STR_TO_DATE(REPLACE(" x ", 'T', ' '), '%Y-%m-%d %H:%i')"

static const char SQL_PRODUCT[] =
    "SELECT title FROM products WHERE id = ? AND status = 'listed'";
static const char SQL_WHEN_OK[] =
    "SELECT " SQL_WHEN("?") " IS NOT NULL, " SQL_WHEN("?") " IS NOT NULL, "
    SQL_WHEN("?") " < " SQL_WHEN("?");
static const char SQL_CREATE[] =
    "INSERT INTO ads (provider, kind, title, media, poster, product_id, "
    "link, duration_sec, daily_views, starts_at, ends_at, created_by, "
    "created_at) VALUES ('house', ?, ?, ?, ?, ?, ?, ?, ?, " SQL_WHEN("?")
    ", "
    SQL_WHEN("?") ", ?, NOW())";
static const char SQL_STATUS[] =
    "UPDATE ads SET status = ? WHERE id = ?";
static const char SQL_BUDGET[] =
    "UPDATE ads SET daily_views = ?, starts_at = " SQL_WHEN("?") ", "
    "ends_at = " SQL_WHEN("?") " WHERE id = ?";

static const char *
blank_null(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

/* The schedule: each given time parses, and starts before ends. */
static int
when_check(arena *a, const char *starts, const char *ends, struct svc_err *e)
{
	db_res	res;
	int	rc;

	if (starts == NULL && ends == NULL)
		return 0;
	if ((rc = db_q(a, &res, SQL_WHEN_OK, DB_ARGS(DB_TEXT(starts),
	    DB_TEXT(ends), DB_TEXT(starts), DB_TEXT(ends)))) != DB_OK)
		return svc_dberr(e, rc);
	if (starts != NULL && db_ll(&res, 0, 0) != 1)
		return svc_fail(e, 400, "invalid", "starts",
		    "开始时间格式应为 2027-01-31 08:00");
	if (ends != NULL && db_ll(&res, 0, 1) != 1)
		return svc_fail(e, 400, "invalid", "ends",
		    "结束时间格式应为 2027-01-31 22:00");
	if (starts != NULL && ends != NULL && db_ll(&res, 0, 2) != 1)
		return svc_fail(e, 400, "invalid", "ends", "结束时间须晚于开始时间");
	return 0;
}

int
ad_create(arena *a, const struct ad_new *n, long long admin, const char *ip,
    long long *id, struct svc_err *e)
{
	const char	*starts = blank_null(n->starts), *ends = blank_null(n->ends);
	const char	*link = blank_null(n->link), *media = NULL;
	const char	*poster = NULL;
	db_res		 res;
	const char	*want;
	int		 rc, product = strcmp(n->kind, "product") == 0;
	int		 video = strcmp(n->kind, "video") == 0;

	if (!product && !video && strcmp(n->kind, "image") != 0)
		return svc_fail(e, 400, "invalid", "kind",
		    "广告类型须为图片、视频或商品");
	if (n->duration < 3 || n->duration > 600)
		return svc_fail(e, 400, "invalid", "duration",
		    "广告时长须为 3 到 600 秒");
	if (n->daily_views < 0)
		return svc_fail(e, 400, "invalid", "daily_views",
		    "每日播放次数不能为负（0 即不限）");
	if (product) {
		if ((rc = db_q(a, &res, SQL_PRODUCT, DB_ARGS(DB_INT(n->product))))
		    != DB_OK)
			return svc_dberr(e, rc);
		if (res.nrows == 0)
			return svc_fail(e, 400, "invalid", "product",
			    "没有这个在售商品");
		if (link == NULL)
			link = arena_printf(a, "/shop/product/%lld", n->product);
	} else {
		media = blank_null(n->media);
		if (link == NULL)	/* an image or video ad lands in the mall */
			link = "/shop";
		if (media == NULL || strncmp(media, "/uploads/", 9) != 0 ||
		    !upload_name_ok(media + 9))
			return svc_fail(e, 400, "invalid", "media", video ?
			    "请先上传广告视频" : "请先上传广告图片");
		/* the file is of the ad's kind (by its stored type) */
		want = upload_ext_mime(media + 9);
		if (strncmp(want, video ? "video/" : "image/", 6) != 0)
			return svc_fail(e, 400, "invalid", "media", video ?
			    "视频广告须上传 MP4 或 WebM 视频" :
			    "图片广告须上传 JPG、PNG 或 WebP 图片");
		/* a video shows its poster frame until it plays, in the
		 * member's list and the player: a PNG uploaded as images are */
		if (video && (poster = blank_null(n->poster)) == NULL)
			return svc_fail(e, 400, "required", "poster",
			    "视频广告须上传视频封面（PNG 图片）");
		if (poster != NULL && (strncmp(poster, "/uploads/", 9) != 0 ||
		    !upload_name_ok(poster + 9) ||
		    strcmp(upload_ext_mime(poster + 9), "image/png") != 0))
			return svc_fail(e, 400, "invalid", "poster",
			    "视频封面须为已上传的 PNG 图片");
	}
	/* the landing page is inside the platform: a local path */
	if (link == NULL || link[0] != '/' || link[1] == '/' ||
	    strchr(link, '\\') != NULL || strlen(link) > 200)
		return svc_fail(e, 400, "invalid", "link",
		    "落地页须为站内路径，如 /shop/product/12");
	if (when_check(a, starts, ends, e) != 0)
		return SVC_EREFUSED;
	if ((rc = db_q(a, &res, SQL_CREATE, DB_ARGS(DB_TEXT(n->kind),
	    DB_TEXT(n->title), DB_TEXT(media), DB_TEXT(poster),
	    product ? DB_INT(n->product) :
	    DB_NULL, DB_TEXT(link), DB_INT(n->duration),
	    DB_INT(n->daily_views), DB_TEXT(starts), DB_TEXT(ends),
	    admin > 0 ? DB_INT(admin) : DB_NULL))) != DB_OK)
		return svc_dberr(e, rc);
	*id = (long long)res.insert_id;
	admin_audit(a, admin, "ad.create", "ad", *id, arena_printf(a,
	    "{\"kind\":\"%s\",\"duration\":%d,\"daily_views\":%d}", n->kind,
	    n->duration, n->daily_views), ip);
	return 0;
}

int
ad_set_active(arena *a, long long ad, int active, long long admin,
    const char *ip, struct svc_err *e)
{
	db_res	res;
	int	rc;

	if ((rc = db_q(a, &res, SQL_STATUS, DB_ARGS(DB_TEXT(active ? "active" :
	    "paused"), DB_INT(ad)))) != DB_OK)
		return svc_dberr(e, rc);
	if (db_q(a, &res, "SELECT 1 FROM ads WHERE id = ?",
	    DB_ARGS(DB_INT(ad))) != DB_OK || res.nrows == 0)
		return svc_fail(e, 404, "not_found", NULL, "没有这个广告");
	admin_audit(a, admin, active ? "ad.resume" : "ad.pause", "ad", ad,
	    NULL, ip);
	return 0;
}

int
ad_set_budget(arena *a, long long ad, int daily_views, const char *starts,
    const char *ends, long long admin, const char *ip, struct svc_err *e)
{
	db_res	res;
	int	rc;

	starts = blank_null(starts);
	ends = blank_null(ends);
	if (daily_views < 0)
		return svc_fail(e, 400, "invalid", "daily_views",
		    "每日播放次数不能为负（0 即不限）");
	if (db_q(a, &res, "SELECT 1 FROM ads WHERE id = ?",
	    DB_ARGS(DB_INT(ad))) != DB_OK || res.nrows == 0)
		return svc_fail(e, 404, "not_found", NULL, "没有这个广告");
	if (when_check(a, starts, ends, e) != 0)
		return SVC_EREFUSED;
	if ((rc = db_q(a, NULL, SQL_BUDGET, DB_ARGS(DB_INT(daily_views),
	    DB_TEXT(starts), DB_TEXT(ends), DB_INT(ad)))) != DB_OK)
		return svc_dberr(e, rc);
	admin_audit(a, admin, "ad.budget", "ad", ad, arena_printf(a,
	    "{\"daily_views\":%d}", daily_views), ip);
	return 0;
}

static const char SQL_ADS[] =
    "SELECT a.id, a.kind, a.title, a.media, a.link, a.duration_sec, "
    "a.daily_views, DATE_FORMAT(a.starts_at, '%Y-%m-%d %H:%i'), "
    "DATE_FORMAT(a.ends_at, '%Y-%m-%d %H:%i'), a.status, "
    "COALESCE(s.views, 0), COALESCE(s.completions, 0), a.poster FROM ads a "
    "LEFT JOIN ad_stats s ON s.ad_id = a.id AND s.day = CURDATE() "
    "ORDER BY a.id DESC LIMIT 200";
static const char SQL_CHART[] =
    "SELECT DATE_FORMAT(d.day, '%m-%d'), "
    "COALESCE((SELECT SUM(views) FROM ad_stats s WHERE s.day = d.day), 0), "
    "(SELECT COUNT(*) FROM ad_views v WHERE v.day = d.day AND "
    "v.status = 'done'), "
    "COALESCE((SELECT SUM(amount + upline) FROM ad_rewards r WHERE "
    "r.day = d.day), 0) FROM (SELECT CURDATE() - INTERVAL seq DAY AS day "
    "FROM (SELECT 0 seq UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL "
    "SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 "
    "UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9 UNION ALL "
    "SELECT 10 UNION ALL SELECT 11 UNION ALL SELECT 12 UNION ALL SELECT 13) "
    "n WHERE seq < ?) d ORDER BY d.day";

struct json_object *
ad_admin_view(arena *a, int days)
{
	struct json_object	*o, *list, *x, *labels, *views, *done, *paid;
	db_res			 res;
	size_t			 i;
	int64_t			 ob;

	if (db_q(a, &res, SQL_ADS, DB_NOARGS) != DB_OK)
		return NULL;
	o = json_object_new_object();
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		x = json_object_new_object();
		view_int(x, "id", db_ll(&res, i, 0));
		view_str(x, "kind", strcmp(db_str(&res, i, 1), "product") == 0 ?
		    "商品" : strcmp(db_str(&res, i, 1), "video") == 0 ? "视频" :
		    "图片");
		view_str(x, "title", db_str(&res, i, 2));
		view_str(x, "media", db_str(&res, i, 3));
		view_str(x, "link", db_str(&res, i, 4));
		view_int(x, "duration_sec", db_ll(&res, i, 5));
		view_int(x, "daily_views", db_ll(&res, i, 6));
		view_str(x, "starts", db_str(&res, i, 7));
		view_str(x, "ends", db_str(&res, i, 8));
		view_bool(x, "active", strcmp(db_str(&res, i, 9), "active") == 0);
		view_int(x, "views_today", db_ll(&res, i, 10));
		view_int(x, "completions_today", db_ll(&res, i, 11));
		view_str(x, "poster", db_str(&res, i, 12));
		json_object_array_add(list, x);
	}
	json_object_object_add(o, "ads", list);
	if (db_q(a, &res, SQL_CHART, DB_ARGS(DB_INT(days))) != DB_OK) {
		json_object_put(o);
		return NULL;
	}
	labels = json_object_new_array();
	views = json_object_new_array();
	done = json_object_new_array();
	paid = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		json_object_array_add(labels, json_object_new_string(
		    db_str(&res, i, 0)));
		json_object_array_add(views, json_object_new_int64(
		    db_ll(&res, i, 1)));
		json_object_array_add(done, json_object_new_int64(
		    db_ll(&res, i, 2)));
		/* yuan with 2 places for the chart's axis */
		json_object_array_add(paid, json_object_new_double(
		    (double)db_ll(&res, i, 3) / 100));
	}
	x = json_object_new_object();
	json_object_object_add(x, "days", labels);
	json_object_object_add(x, "views", views);
	json_object_object_add(x, "completions", done);
	json_object_object_add(x, "paid", paid);
	view_str(o, "chart_json", json_object_to_json_string_ext(x,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(x);
	if ((ob = ad_obligation(a)) >= 0)
		view_amount(o, "obligation", ob);
	return o;
}

/* --- ctl verify --------------------------------------------------------------- */

static const struct {
	const char *what, *sql;
} checks[] = {
	/* a rewarded day had the N of its day (ad_rewards.views); a day
	 * without a reward fewer than that: today's N bounds it only when
	 * no reward says otherwise, so lowering ad.per_day does not turn
	 * earlier days into violations */
	{ "a member's day with more completed views than its N",
	  "SELECT CONCAT('member ', v.member_id, ' ', v.day, ': ', COUNT(*)) "
	  "FROM ad_views v LEFT JOIN ad_rewards r ON r.member_id = "
	  "v.member_id AND r.day = v.day WHERE v.status = 'done' "
	  "GROUP BY v.member_id, v.day, r.views "
	  "HAVING COUNT(*) > COALESCE(r.views, GREATEST(?, (SELECT "
	  "MAX(x.views) FROM ad_rewards x)))" },
	{ "ad_days.watched differs from the completed views",
	  "SELECT CONCAT('member ', d.member_id, ' ', d.day) FROM ad_days d "
	  "WHERE d.watched <> (SELECT COUNT(*) FROM ad_views v WHERE "
	  "v.member_id = d.member_id AND v.day = d.day AND v.status = 'done') "
	  "AND ? > 0" },
	{ "a reward not resting on its N completed views",
	  "SELECT CONCAT('member ', r.member_id, ' ', r.day) FROM ad_rewards r "
	  "WHERE r.views <> (SELECT COUNT(*) FROM ad_views v WHERE "
	  "v.member_id = r.member_id AND v.day = r.day AND v.status = 'done' "
	  "AND v.seq <= r.views) OR r.views < 1 OR ? < 1" },
	{ "a paid reward without its ledger entry",
	  "SELECT CONCAT('member ', r.member_id, ' ', r.day) FROM ad_rewards r "
	  "LEFT JOIN journal j ON j.id = r.entry_id AND j.idem_key = CONCAT("
	  "'ad.reward:', r.member_id, ':', DATE_FORMAT(r.day, '%Y-%m-%d')) "
	  "WHERE r.amount > 0 AND j.id IS NULL AND ? > 0" },
	{ "an ad.reward ledger entry without its reward row",
	  "SELECT j.idem_key FROM journal j LEFT JOIN ad_rewards r ON "
	  "r.entry_id = j.id WHERE j.kind = 'ad.reward' AND r.member_id IS NULL "
	  "AND ? > 0" },
	/* the platform's day counts all a reward paid: the member's part
	 * and the uplines' shares (what the daily budget caps) */
	{ "ad_budget.paid differs from the day's rewards and shares",
	  "SELECT CONCAT(b.day, ': ', b.paid, ' <> ', COALESCE((SELECT "
	  "SUM(r.amount + r.upline) FROM ad_rewards r WHERE r.day = b.day), 0)) "
	  "FROM ad_budget b WHERE b.paid <> COALESCE((SELECT SUM(r.amount + "
	  "r.upline) FROM ad_rewards r WHERE r.day = b.day), 0) AND ? > 0" },
};

int
ad_verify(arena *a, void (*report)(const char *msg, void *ud), void *ud)
{
	struct ad_cfg	 cfg;
	db_res		 res;
	size_t		 i, k;
	int		 bad = 0, rc;
	char		 msg[300];

	if (ad_settings(&cfg) != AD_OK) {
		report("ad: the 广告奖励 settings are refused by the rules", ud);
		return 1;
	}
	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		if ((rc = db_q(a, &res, checks[i].sql,
		    DB_ARGS(DB_INT(cfg.per_day)))) != DB_OK)
			return rc;
		for (k = 0; k < res.nrows; k++, bad++) {
			const char *x = db_str(&res, k, 0);

			snprintf(msg, sizeof(msg), "ad: %s: %s", checks[i].what,
			    x != NULL ? x : "NULL");
			report(msg, ud);
		}
	}
	return bad;
}
