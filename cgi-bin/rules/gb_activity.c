/* gb_activity: an activity's configuration (FEATURES D1, D5, D6). Parses and
 * validates the activity JSON into struct gb_activity with a Chinese message
 * per bad field (all of them, not just the first), writes the canonical JSON
 * back, and describes every active rule and every reward line in plain
 * Chinese for the activity page (DESIGN §1: no hidden rule). Pure: no I/O,
 * no globals, no float. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "amount.h"
#include "gb.h"

/* Bounds. Amounts in 分. */
#define NAME_CHARS	40
#define PRICE_MAX	INT64_C(100000000)	/* 1000000.00 */
#define RED_CAP_MAX	INT64_C(10000000000)	/* 100000000.00 */
#define LINE_AMOUNT_MAX	INT64_C(100000000)	/* 1000000.00 per line */
#define BP_MAX		100000			/* 1000% of the price */
#define TIME_LIMIT_MAX	10080			/* a week, in minutes */
#define DAILY_JOIN_MAX	1000
#define DAILY_WINS_MAX	1000
#define WINS_MAX	1000			/* streak / cumulative wins */
#define SKIP_MAX	10000			/* joins without a win */
#define WINDOW_MAX	64			/* bits in gb_member_state.recent */

static const char *const top_keys[] = { "name", "mode", "price", "seats",
	"winners", "time_limit_min", "daily_join_limit", "products", "vouchers",
	"rules", "rewards", NULL };
static const char *const rules_keys[] = { "red_cap", "member_daily_wins",
	"new_member_daily_wins", "first_of_day_seat1", "new_first_seat1",
	"streak", "cumulative", "window", "relax_order", "conflict", NULL };
static const char *const pair_keys[] = { "wins", "skip", NULL };
static const char *const window_keys[] = { "joins", "max_wins", NULL };
static const char *const line_keys[] = { "on", "to", "do", "currency",
	"from", "amount", "bp", "pool", "promoter_only", NULL };

/* Enum spellings, indexed by the enum value. */
static const char *const mode_keys[] = { "leader", "public", NULL };
static const char *const conflict_keys[] = { "fail", "random", NULL };
static const char *const on_keys[] = { "won", "lost", "seat", "success",
	"failure", NULL };
static const char *const to_keys[] = { "self", "upline1", "upline2",
	"leader", "leader_recommender", "owner", "region", "branch",
	"merchant", NULL };
static const char *const do_keys[] = { "credit", "convert", "release",
	"pool", "share", NULL };
static const char *const pool_keys[] = { "daily", "monthly", NULL };

/* The rules' JSON keys (as gb_rule_key) and the words the relax sentence
 * uses, by enum gb_rule. Kept here so that this file stands alone. */
static const char *const rule_keys[GB_NRULES] = {
	[GB_ELIGIBLE] = "",
	[GB_R_PLATFORM] = "platform",
	[GB_R_RED_CAP] = "red_cap",
	[GB_R_MEMBER_DAILY] = "member_daily_wins",
	[GB_R_NEW_DAILY] = "new_member_daily_wins",
	[GB_R_FIRST_OF_DAY] = "first_of_day_seat1",
	[GB_R_NEW_FIRST] = "new_first_seat1",
	[GB_R_STREAK] = "streak",
	[GB_R_CUMULATIVE] = "cumulative",
	[GB_R_WINDOW] = "window",
};
static const char *const rule_words[GB_NRULES] = {
	[GB_ELIGIBLE] = "",
	[GB_R_PLATFORM] = "平台补位",
	[GB_R_RED_CAP] = "红券持有上限",
	[GB_R_MEMBER_DAILY] = "会员每日中奖上限",
	[GB_R_NEW_DAILY] = "新会员每日中奖上限",
	[GB_R_FIRST_OF_DAY] = "当日首次参团排第 1 位不中奖",
	[GB_R_NEW_FIRST] = "新会员首次参团排第 1 位不中奖",
	[GB_R_STREAK] = "连续中奖限制",
	[GB_R_CUMULATIVE] = "累计中奖限制",
	[GB_R_WINDOW] = "连续参团中奖次数限制",
};

/* --- text helpers ---------------------------------------------------------- */

/* Drops a UTF-8 sequence cut short at the end of s (after truncation). */
static void
utf8_cut_tail(char *s)
{
	size_t n = strlen(s), i = n, need;
	unsigned char c;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	c = (unsigned char)s[i - 1];
	if (c < 0x80)
		return;
	need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if (n - (i - 1) < need)
		s[i - 1] = '\0';
}

/* Copies src into dst (size > 0), cut on a character boundary. */
static void
copy_cut(char *dst, size_t size, const char *src)
{
	if (snprintf(dst, size, "%s", src) >= (int)size)
		utf8_cut_tail(dst);
}

/* The length (1..4) of the UTF-8 sequence at p[0..len), len > 0, or 0
 * when it is not valid UTF-8 (overlong forms, surrogates and C1 controls
 * included). *cp gets the code point. */
static size_t
utf8_next(const unsigned char *p, size_t len, unsigned *cp)
{
	unsigned c = p[0], v;
	size_t need, k;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		v = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		v = c & 0x07;
	} else
		return 0;
	for (k = 1; k <= need; k++) {
		if (k >= len || (p[k] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[k] & 0x3F);
	}
	if ((need == 2 && v < 0x800) || (need == 3 && v < 0x10000) ||
	    v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) ||
	    (v >= 0x80 && v < 0xA0))
		return 0;
	*cp = v;
	return need + 1;
}

static int
is_control(unsigned cp)
{
	return cp < 0x20 || cp == 0x7F;
}

/* Number of code points in s[0..len), or -1 when it is not valid UTF-8
 * or holds a control character. */
static long
utf8_chars(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	unsigned cp;
	long n = 0;

	while (i < len) {
		if ((k = utf8_next(p + i, len - i, &cp)) == 0 || is_control(cp))
			return -1;
		i += k;
		n++;
	}
	return n;
}

/* Input quoted in a message: at most size - 1 bytes of whole characters,
 * with '?' for invalid bytes and control characters. */
static void
show(char *dst, size_t size, const char *src)
{
	const unsigned char *p = (const unsigned char *)src;
	size_t len = strlen(src), i = 0, o = 0, k;
	unsigned cp;

	while (i < len) {
		k = utf8_next(p + i, len - i, &cp);
		if (k == 0 || is_control(cp)) {
			if (o + 1 >= size)
				break;
			dst[o++] = '?';
			i += k == 0 ? 1 : k;
			continue;
		}
		if (o + k >= size)
			break;
		memcpy(dst + o, p + i, k);
		o += k;
		i += k;
	}
	dst[o] = '\0';
}

char *
gb_pct_format(int bp, char out[24])
{
	long long	 v = bp < 0 ? -(long long)bp : bp;
	long long	 whole = v / 100, frac = v % 100;
	const char	*sign = bp < 0 ? "-" : "";

	if (frac == 0)
		snprintf(out, 24, "%s%lld%%", sign, whole);
	else if (frac % 10 == 0)
		snprintf(out, 24, "%s%lld.%lld%%", sign, whole, frac / 10);
	else
		snprintf(out, 24, "%s%lld.%02lld%%", sign, whole, frac);
	return out;
}

/* --- errors ---------------------------------------------------------------- */

static void adderr(struct gb_errors *, const char *, const char *, ...)
	__attribute__((format(printf, 3, 4)));

static void
adderr(struct gb_errors *err, const char *field, const char *fmt, ...)
{
	va_list ap;
	size_t size;

	if (err->n >= GB_MAX_ERRORS)
		return;
	copy_cut(err->e[err->n].field, sizeof err->e[err->n].field, field);
	size = sizeof err->e[err->n].message;
	va_start(ap, fmt);
	if (vsnprintf(err->e[err->n].message, size, fmt, ap) >= (int)size)
		utf8_cut_tail(err->e[err->n].message);
	va_end(ap);
	err->n++;
}

/* base.key, or key at the top. */
static char *
path_key(char *dst, size_t size, const char *base, const char *key)
{
	if (snprintf(dst, size, "%s%s%s", base, *base ? "." : "", key) >=
	    (int)size)
		utf8_cut_tail(dst);
	return dst;
}

static int
key_index(const char *const *keys, const char *s)
{
	int i;

	for (i = 0; keys[i] != NULL; i++)
		if (strcmp(keys[i], s) == 0)
			return i;
	return -1;
}

/* Every key of obj not in allowed is an error naming it: a typo must not
 * silently drop a rule. */
static void
check_keys(struct gb_errors *err, struct json_object *obj, const char *base,
    const char *where, const char *const *allowed)
{
	char path[64], shown[44];

	json_object_object_foreach(obj, key, val) {
		(void)val;
		if (key_index(allowed, key) >= 0)
			continue;
		show(shown, sizeof shown, key);
		adderr(err, path_key(path, sizeof path, base, shown),
		    "%s有未知字段「%s」，请检查拼写", where, shown);
	}
}

/* --- typed readers: each adds its own error and returns -1 ----------------- */

static int
get(struct json_object *obj, const char *key, struct json_object **v)
{
	*v = NULL;
	return json_object_object_get_ex(obj, key, v);
}

static int
read_int(struct gb_errors *err, struct json_object *v, const char *path,
    const char *label, long long min, long long max, long long *out)
{
	long long x;

	if (v == NULL || !json_object_is_type(v, json_type_int)) {
		adderr(err, path, "%s须为整数", label);
		return -1;
	}
	x = (long long)json_object_get_int64(v);
	if (x < min || x > max) {
		adderr(err, path, "%s须在 %lld 到 %lld 之间", label, min, max);
		return -1;
	}
	*out = x;
	return 0;
}

/* An optional int member: absent keeps *out. */
static int
opt_int(struct gb_errors *err, struct json_object *obj, const char *base,
    const char *key, const char *label, long long min, long long max,
    int *out)
{
	struct json_object *v;
	char path[64];
	long long x;

	if (!get(obj, key, &v))
		return 0;
	if (read_int(err, v, path_key(path, sizeof path, base, key), label,
	    min, max, &x) != 0)
		return -1;
	*out = (int)x;
	return 0;
}

static int
read_amount(struct gb_errors *err, struct json_object *v, const char *path,
    const char *label, int64_t min, int64_t max, int64_t *out)
{
	char a[32];
	int64_t x;
	int rc;

	if (v == NULL || !json_object_is_type(v, json_type_string)) {
		adderr(err, path, "%s须为金额文本，如 \"12.34\"", label);
		return -1;
	}
	rc = amount_parse(json_object_get_string(v), 2, &x);
	if (rc != AMT_OK) {
		adderr(err, path, "%s%s", label, amount_errpred(rc, 2));
		return -1;
	}
	if (x < min) {
		if (min == 1)
			adderr(err, path, "%s须大于 0", label);
		else
			adderr(err, path, "%s不能小于 %s", label,
			    amount_format(min, 2, a));
		return -1;
	}
	if (x > max) {
		adderr(err, path, "%s不能超过 %s", label,
		    amount_format(max, 2, a));
		return -1;
	}
	*out = x;
	return 0;
}

static int
read_bool(struct gb_errors *err, struct json_object *v, const char *path,
    const char *label, int *out)
{
	if (v == NULL || !json_object_is_type(v, json_type_boolean)) {
		adderr(err, path, "%s须为 true 或 false", label);
		return -1;
	}
	*out = json_object_get_boolean(v) ? 1 : 0;
	return 0;
}

/* One of keys; returns its index or -1. */
static int
read_enum(struct gb_errors *err, struct json_object *v, const char *path,
    const char *label, const char *const *keys)
{
	char list[200];
	size_t off = 0;
	int i;

	if (v != NULL && json_object_is_type(v, json_type_string) &&
	    (i = key_index(keys, json_object_get_string(v))) >= 0)
		return i;
	list[0] = '\0';
	for (i = 0; keys[i] != NULL && off < sizeof list; i++)
		off += (size_t)snprintf(list + off, sizeof list - off, "%s%s",
		    i ? "、" : "", keys[i]);
	adderr(err, path, "%s须为以下之一：%s", label, list);
	return -1;
}

/* Whether code is one of the known currencies (NULL: none) and fits. */
static int
known_currency(const char *const *currencies, const char *code)
{
	size_t i;

	if (strlen(code) > GB_CODE_LEN)
		return 0;
	for (i = 0; currencies != NULL && currencies[i] != NULL; i++)
		if (strcmp(currencies[i], code) == 0)
			return 1;
	return 0;
}

/* The currency code s into out, when known. */
static int
take_currency(struct gb_errors *err, const char *s, const char *path,
    const char *label, const char *const *currencies,
    char out[GB_CODE_LEN + 1])
{
	char shown[24];

	if (known_currency(currencies, s)) {
		memcpy(out, s, strlen(s) + 1);
		return 0;
	}
	show(shown, sizeof shown, s);
	adderr(err, path, "%s「%s」不是已有的币种", label, shown);
	return -1;
}

/* A currency code from the known list. */
static int
read_currency(struct gb_errors *err, struct json_object *v, const char *path,
    const char *label, const char *const *currencies, char out[GB_CODE_LEN + 1])
{
	if (v == NULL || !json_object_is_type(v, json_type_string)) {
		adderr(err, path, "%s须为币种代码，如 \"CHANGE\"", label);
		return -1;
	}
	return take_currency(err, json_object_get_string(v), path, label,
	    currencies, out);
}

/* --- parse ----------------------------------------------------------------- */

static void
parse_name(struct gb_errors *err, struct json_object *j, struct gb_activity *a)
{
	struct json_object *v;
	const char *s;
	size_t len;
	long chars;

	if (!get(j, "name", &v)) {
		adderr(err, "name", "请填写活动名称");
		return;
	}
	if (v == NULL || !json_object_is_type(v, json_type_string)) {
		adderr(err, "name", "活动名称须为文本");
		return;
	}
	s = json_object_get_string(v);
	len = (size_t)json_object_get_string_len(v);
	if (strlen(s) != len) {
		adderr(err, "name", "活动名称不能含控制字符");
		return;
	}
	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0) {
		adderr(err, "name", "请填写活动名称");
		return;
	}
	if ((chars = utf8_chars(s, len)) < 0) {
		adderr(err, "name", "活动名称含有无效字符");
		return;
	}
	if (chars > NAME_CHARS || len >= sizeof a->name) {
		adderr(err, "name", "活动名称最多 %d 个字", NAME_CHARS);
		return;
	}
	memcpy(a->name, s, len);
	a->name[len] = '\0';
}

static void
parse_basics(struct gb_errors *err, struct json_object *j,
    struct gb_activity *a, int *mode_ok)
{
	struct json_object *v;
	long long x;
	int seats_ok = 0, i;

	parse_name(err, j, a);

	*mode_ok = 1;
	if (get(j, "mode", &v)) {
		if ((i = read_enum(err, v, "mode", "模式", mode_keys)) < 0)
			*mode_ok = 0;
		else
			a->mode = (enum gb_mode)i;
	}

	if (!get(j, "price", &v))
		adderr(err, "price", "请填写参团价");
	else
		(void)read_amount(err, v, "price", "参团价", 1, PRICE_MAX,
		    &a->price);

	if (!get(j, "seats", &v))
		adderr(err, "seats", "请填写成团人数");
	else if (read_int(err, v, "seats", "成团人数", 2, GB_MAX_SEATS,
	    &x) == 0) {
		a->seats = (int)x;
		seats_ok = 1;
	}

	if (!get(j, "winners", &v))
		adderr(err, "winners", "请填写中奖人数");
	else if (read_int(err, v, "winners", "中奖人数", 1, GB_MAX_SEATS - 1,
	    &x) == 0) {
		if (seats_ok && x >= a->seats)
			adderr(err, "winners", "中奖人数须小于成团人数（%d）",
			    a->seats);
		else
			a->winners = (int)x;
	}

	(void)opt_int(err, j, "", "time_limit_min", "成团时限（分钟）", 1,
	    TIME_LIMIT_MAX, &a->time_limit_min);
	(void)opt_int(err, j, "", "daily_join_limit", "每日参团次数上限", 0,
	    DAILY_JOIN_MAX, &a->daily_join_limit);
}

static void
parse_products(struct gb_errors *err, struct json_object *j,
    struct gb_activity *a)
{
	struct json_object *v, *e;
	char path[48];
	size_t n, i, k;
	long long x;

	if (!get(j, "products", &v))
		return;
	if (v == NULL || !json_object_is_type(v, json_type_array)) {
		adderr(err, "products", "商品须为商品编号的列表，如 [12, 13]");
		return;
	}
	n = json_object_array_length(v);
	if (n > GB_MAX_PRODUCTS) {
		adderr(err, "products", "商品最多 %d 个", GB_MAX_PRODUCTS);
		return;
	}
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(v, i);
		snprintf(path, sizeof path, "products[%zu]", i);
		if (e == NULL || !json_object_is_type(e, json_type_int) ||
		    (x = (long long)json_object_get_int64(e)) <= 0) {
			adderr(err, path, "第 %zu 个商品的编号须为正整数",
			    i + 1);
			continue;
		}
		for (k = 0; k < a->nproducts; k++)
			if (a->products[k] == x)
				break;
		if (k < a->nproducts) {
			adderr(err, path, "商品 %lld 重复", x);
			continue;
		}
		a->products[a->nproducts++] = x;
	}
}

/* D1: "vouchers": ["50.00", …], 购物券 amounts a winner may pick instead
 * of a product; with the products at most GB_MAX_PRODUCTS options. */
static void
parse_vouchers(struct gb_errors *err, struct json_object *j,
    const char *const *currencies, struct gb_activity *a)
{
	struct json_object *v;
	char path[48], label[48];
	size_t n, i, k;
	int64_t x;

	if (!get(j, "vouchers", &v))
		return;
	if (v == NULL || !json_object_is_type(v, json_type_array)) {
		adderr(err, "vouchers",
		    "购物券选项须为金额的列表，如 [\"50.00\"]");
		return;
	}
	n = json_object_array_length(v);
	if (n > 0 && !known_currency(currencies, "VOUCHER")) {
		adderr(err, "vouchers", "平台没有购物券币种，不能设购物券选项");
		return;
	}
	if (n + a->nproducts > GB_MAX_PRODUCTS) {
		adderr(err, "vouchers", "商品与购物券选项合计最多 %d 个",
		    GB_MAX_PRODUCTS);
		return;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "vouchers[%zu]", i);
		snprintf(label, sizeof label, "第 %zu 个购物券选项", i + 1);
		if (read_amount(err, json_object_array_get_idx(v, i), path,
		    label, 1, LINE_AMOUNT_MAX, &x) != 0)
			continue;
		for (k = 0; k < a->nvouchers; k++)
			if (a->vouchers[k] == x)
				break;
		if (k < a->nvouchers) {
			adderr(err, path, "%s与前面的选项重复", label);
			continue;
		}
		a->vouchers[a->nvouchers++] = x;
	}
}

/* {"wins": X, "skip": Y} (or joins / max_wins): both 0 is off, both set is
 * on; one without the other would be a rule that silently does nothing. */
static void
parse_pair(struct gb_errors *err, struct json_object *r, const char *key,
    const char *what, int *wins, int *skip)
{
	struct json_object *v;
	char base[32], path[64], lw[64], ls[64];
	int w = 0, s = 0, bad = 0;

	if (!get(r, key, &v))
		return;
	snprintf(base, sizeof base, "rules.%s", key);
	if (v == NULL || !json_object_is_type(v, json_type_object)) {
		adderr(err, base, "%s须为 {\"wins\": 次数, \"skip\": 次数}", what);
		return;
	}
	check_keys(err, v, base, what, pair_keys);
	snprintf(lw, sizeof lw, "%s的中奖次数", what);
	snprintf(ls, sizeof ls, "%s的不中奖次数", what);
	bad |= opt_int(err, v, base, "wins", lw, 0, WINS_MAX, &w);
	bad |= opt_int(err, v, base, "skip", ls, 0, SKIP_MAX, &s);
	if (bad)
		return;
	if (w > 0 && s == 0)
		adderr(err, path_key(path, sizeof path, base, "skip"),
		    "%s须大于 0（或把中奖次数也设为 0 关闭此规则）", ls);
	else if (w == 0 && s > 0)
		adderr(err, path_key(path, sizeof path, base, "wins"),
		    "%s须大于 0（或把不中奖次数也设为 0 关闭此规则）", lw);
	else {
		*wins = w;
		*skip = s;
	}
}

static void
parse_window(struct gb_errors *err, struct json_object *r,
    struct gb_rules *out)
{
	static const char base[] = "rules.window", what[] = "中奖窗口规则";
	struct json_object *v;
	int joins = 0, max = 0, bad = 0;

	if (!get(r, "window", &v))
		return;
	if (v == NULL || !json_object_is_type(v, json_type_object)) {
		adderr(err, base, "%s须为 {\"joins\": 次数, \"max_wins\": 次数}",
		    what);
		return;
	}
	check_keys(err, v, base, what, window_keys);
	bad |= opt_int(err, v, base, "joins", "中奖窗口规则的参团次数", 0,
	    WINDOW_MAX, &joins);
	bad |= opt_int(err, v, base, "max_wins", "中奖窗口规则的最多中奖次数",
	    0, WINDOW_MAX - 1, &max);
	if (bad)
		return;
	if (joins == 0 && max == 0)
		return;
	if (joins == 0)
		adderr(err, "rules.window.joins",
		    "中奖窗口规则的参团次数须在 2 到 %d 之间（或两项都设为 0 "
		    "关闭此规则）", WINDOW_MAX);
	else if (max < 1 || max >= joins)
		adderr(err, "rules.window.max_wins",
		    "中奖窗口规则的最多中奖次数须在 1 到 %d 之间（小于参团次数"
		    " %d）", joins - 1 > 0 ? joins - 1 : 1, joins);
	else {
		out->window_joins = joins;
		out->window_max_wins = max;
	}
}

static void
parse_relax(struct gb_errors *err, struct json_object *r, struct gb_rules *out)
{
	struct json_object *v, *e;
	char path[48], shown[44];
	size_t n, i, k;
	const char *s;
	int rule;

	if (!get(r, "relax_order", &v))
		return;
	if (v == NULL || !json_object_is_type(v, json_type_array)) {
		adderr(err, "rules.relax_order",
		    "放宽顺序须为规则名的列表，如 [\"member_daily_wins\"]");
		return;
	}
	n = json_object_array_length(v);
	if (n > GB_NRULES - 2) {
		adderr(err, "rules.relax_order", "放宽顺序最多 %d 项",
		    GB_NRULES - 2);
		return;
	}
	out->nrelax = 0;
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(v, i);
		snprintf(path, sizeof path, "rules.relax_order[%zu]", i);
		if (e == NULL || !json_object_is_type(e, json_type_string)) {
			adderr(err, path, "放宽顺序第 %zu 项须为规则名", i + 1);
			continue;
		}
		s = json_object_get_string(e);
		if (strcmp(s, "platform") == 0) {
			adderr(err, path,
			    "平台补位的席位永远不会中奖，不能放宽");
			continue;
		}
		for (rule = GB_R_RED_CAP; rule < GB_NRULES; rule++)
			if (strcmp(rule_keys[rule], s) == 0)
				break;
		if (rule == GB_NRULES) {
			show(shown, sizeof shown, s);
			adderr(err, path, "放宽顺序第 %zu 项「%s」不是可放宽的"
			    "规则", i + 1, shown);
			continue;
		}
		for (k = 0; k < out->nrelax; k++)
			if (out->relax_order[k] == (enum gb_rule)rule)
				break;
		if (k < out->nrelax) {
			adderr(err, path, "放宽顺序中「%s」重复", s);
			continue;
		}
		out->relax_order[out->nrelax++] = (enum gb_rule)rule;
	}
}

static void
parse_rules(struct gb_errors *err, struct json_object *j, struct gb_rules *r)
{
	struct json_object *o, *v;
	int i;

	if (!get(j, "rules", &o))
		return;
	if (o == NULL || !json_object_is_type(o, json_type_object)) {
		adderr(err, "rules", "规则须为 JSON 对象");
		return;
	}
	check_keys(err, o, "rules", "规则", rules_keys);
	if (get(o, "red_cap", &v))
		(void)read_amount(err, v, "rules.red_cap", "红券持有上限", 0,
		    RED_CAP_MAX, &r->red_cap);
	(void)opt_int(err, o, "rules", "member_daily_wins", "会员每日中奖上限",
	    0, DAILY_WINS_MAX, &r->member_daily_wins);
	(void)opt_int(err, o, "rules", "new_member_daily_wins",
	    "新会员每日中奖上限", 0, DAILY_WINS_MAX, &r->new_member_daily_wins);
	if (get(o, "first_of_day_seat1", &v))
		(void)read_bool(err, v, "rules.first_of_day_seat1",
		    "“当日首次参团排第 1 位不中奖”", &r->first_of_day_seat1);
	if (get(o, "new_first_seat1", &v))
		(void)read_bool(err, v, "rules.new_first_seat1",
		    "“新会员首次参团排第 1 位不中奖”", &r->new_first_seat1);
	parse_pair(err, o, "streak", "连续中奖规则", &r->streak_wins,
	    &r->streak_skip);
	parse_pair(err, o, "cumulative", "累计中奖规则", &r->cum_wins,
	    &r->cum_skip);
	parse_window(err, o, r);
	parse_relax(err, o, r);
	if (get(o, "conflict", &v) &&
	    (i = read_enum(err, v, "rules.conflict", "名额不足时的处理",
	    conflict_keys)) >= 0)
		r->conflict = (enum gb_conflict)i;
}

/* "to": one of to_keys; "upline3" and beyond get the 3-generation reason. */
static int
read_to(struct gb_errors *err, struct json_object *v, const char *path,
    const char *label)
{
	const char *s;
	char *end;
	long g;

	if (v != NULL && json_object_is_type(v, json_type_string)) {
		s = json_object_get_string(v);
		if (strncmp(s, "upline", 6) == 0 && s[6] >= '0' &&
		    s[6] <= '9') {
			g = strtol(s + 6, &end, 10);
			if (*end == '\0' && g >= 3) {
				adderr(err, path, "%s最多到上二代（upline2）："
				    "分销奖励最多三代（本人、上一代、上二代），"
				    "不能设置 %s", label, s);
				return -1;
			}
		}
	}
	return read_enum(err, v, path, label, to_keys);
}

static void
parse_line(struct gb_errors *err, struct json_object *o, size_t idx,
    const char *const *currencies, const struct gb_activity *a, int mode_ok,
    struct gb_line *l)
{
	struct json_object *v, *vamt, *vbp;
	char base[24], where[32], path[48], label[64];
	int i, has_amt, has_bp;
	long long x;

#define F(key)	path_key(path, sizeof path, base, key)
#define L(word)	(snprintf(label, sizeof label, "%s的%s", where, word), label)

	snprintf(base, sizeof base, "rewards[%zu]", idx);
	snprintf(where, sizeof where, "第 %zu 条奖励", idx + 1);
	if (o == NULL || !json_object_is_type(o, json_type_object)) {
		adderr(err, base, "%s须为 JSON 对象", where);
		return;
	}
	check_keys(err, o, base, where, line_keys);

	if (!get(o, "on", &v))
		adderr(err, F("on"), "请填写%s", L("触发条件（on）"));
	else if ((i = read_enum(err, v, F("on"), L("触发条件"), on_keys)) >= 0)
		l->on = (enum gb_on)i;

	if (!get(o, "do", &v)) {
		adderr(err, F("do"), "请填写%s", L("动作（do）"));
		return;
	}
	if ((i = read_enum(err, v, F("do"), L("动作"), do_keys)) < 0)
		return;
	l->act = (enum gb_do)i;

	if (l->act == GB_DO_POOL) {
		if (get(o, "to", &v))
			adderr(err, F("to"), "%s计入奖池，不需要受益人（to）",
			    where);
	} else if (!get(o, "to", &v))
		adderr(err, F("to"), "请填写%s", L("受益人（to）"));
	else if ((i = read_to(err, v, F("to"), L("受益人"))) >= 0) {
		l->to = (enum gb_to)i;
		if (mode_ok && a->mode == GB_PUBLIC &&
		    (l->to == GB_TO_LEADER || l->to == GB_TO_OWNER ||
		    l->to == GB_TO_LEADER_RECOMMENDER))
			adderr(err, F("to"), "%s：全民拼团（public）没有团长和"
			    "群主，受益人不能是 %s", where, to_keys[i]);
	}

	/* currency and from, by action */
	switch (l->act) {
	case GB_DO_CREDIT:
	case GB_DO_CONVERT:
		if (!get(o, "currency", &v))
			adderr(err, F("currency"), "请填写%s", L("币种"));
		else
			(void)read_currency(err, v, F("currency"), L("币种"),
			    currencies, l->currency);
		if (l->act == GB_DO_CREDIT) {
			if (get(o, "from", &v))
				adderr(err, F("from"), "%s是发放（credit），"
				    "不需要转出币种（from）", where);
			break;
		}
		if (!get(o, "from", &v))
			adderr(err, F("from"), "请填写%s", L("转出币种（from）"));
		else if (read_currency(err, v, F("from"), L("转出币种"),
		    currencies, l->from) == 0 && l->currency[0] != '\0' &&
		    strcmp(l->from, l->currency) == 0)
			adderr(err, F("from"), "%s不能与转入币种相同", L("转出币种"));
		break;
	case GB_DO_RELEASE:
		/* Only 购物金 → 零钱 (D7); both may be left out. */
		if (get(o, "from", &v) && (v == NULL ||
		    !json_object_is_type(v, json_type_string) ||
		    strcmp(json_object_get_string(v), "GOLD") != 0))
			adderr(err, F("from"), "%s：释放只能从购物金（GOLD）释放",
			    where);
		else if (get(o, "currency", &v) && (v == NULL ||
		    !json_object_is_type(v, json_type_string) ||
		    strcmp(json_object_get_string(v), "CHANGE") != 0))
			adderr(err, F("currency"), "%s：释放只能释放到零钱"
			    "（CHANGE）", where);
		else {
			(void)take_currency(err, "GOLD", F("from"),
			    L("转出币种"), currencies, l->from);
			(void)take_currency(err, "CHANGE", F("currency"),
			    L("币种"), currencies, l->currency);
		}
		break;
	case GB_DO_POOL:
		if (!get(o, "currency", &v))	/* defaults to 零钱 */
			(void)take_currency(err, "CHANGE", F("currency"),
			    L("币种"), currencies, l->currency);
		else
			(void)read_currency(err, v, F("currency"), L("币种"),
			    currencies, l->currency);
		if (get(o, "from", &v))
			adderr(err, F("from"), "%s计入奖池，不需要转出币种（from）",
			    where);
		if (!get(o, "pool", &v))
			adderr(err, F("pool"), "请填写%s（daily 或 monthly）",
			    L("奖池"));
		else if ((i = read_enum(err, v, F("pool"), L("奖池"),
		    pool_keys)) >= 0)
			snprintf(l->pool, sizeof l->pool, "%s", pool_keys[i]);
		break;
	case GB_DO_SHARE:
		if (get(o, "currency", &v))
			adderr(err, F("currency"), "%s发放分红份额，不需要币种"
			    "（currency）", where);
		if (get(o, "from", &v))
			adderr(err, F("from"), "%s发放分红份额，不需要转出币种"
			    "（from）", where);
		break;
	}
	if (get(o, "promoter_only", &v)) {
		if (l->act == GB_DO_POOL)
			adderr(err, F("promoter_only"), "%s计入奖池，不能限定推广员",
			    where);
		else
			(void)read_bool(err, v, F("promoter_only"),
			    L("“仅限推广员”"), &l->promoter_only);
	}
	if (l->act != GB_DO_POOL && get(o, "pool", &v))
		adderr(err, F("pool"), "%s不是计入奖池（pool），不需要奖池", where);

	/* exactly one of amount and bp */
	has_amt = get(o, "amount", &vamt);
	has_bp = get(o, "bp", &vbp);
	if (has_amt && has_bp)
		adderr(err, F("bp"), "%s只能填写固定金额（amount）或参团价比例"
		    "（bp）其中之一", where);
	else if (!has_amt && !has_bp)
		adderr(err, F("amount"), "%s须填写固定金额（amount）或参团价"
		    "比例（bp）", where);
	else if (has_amt)
		(void)read_amount(err, vamt, F("amount"), L("金额"), 1,
		    LINE_AMOUNT_MAX, &l->amount);
	else if (read_int(err, vbp, F("bp"), L("比例（基点）"), 1, BP_MAX,
	    &x) == 0)
		l->bp = (int)x;
#undef F
#undef L
}

static void
parse_rewards(struct gb_errors *err, struct json_object *j,
    const char *const *currencies, struct gb_activity *a, int mode_ok)
{
	struct json_object *v;
	size_t n, i;

	if (!get(j, "rewards", &v))
		return;
	if (v == NULL || !json_object_is_type(v, json_type_array)) {
		adderr(err, "rewards", "奖励须为奖励条目的列表");
		return;
	}
	n = json_object_array_length(v);
	if (n > GB_MAX_LINES) {
		adderr(err, "rewards", "奖励最多 %d 条", GB_MAX_LINES);
		return;
	}
	for (i = 0; i < n; i++)
		parse_line(err, json_object_array_get_idx(v, i), i, currencies,
		    a, mode_ok, &a->lines[i]);
	a->nlines = n;
}

/* Parses and validates an activity's JSON (see gb.h). j is borrowed and
 * may be NULL (an error). currencies is borrowed; NULL is an empty list, so
 * every line that names a currency is refused. out may be NULL to validate
 * only; it is zeroed first and every default filled in. err may be NULL to
 * only count; err->n is the return value. Errors past GB_MAX_ERRORS are
 * dropped: the return value is at most GB_MAX_ERRORS. */
int
gb_activity_parse(struct json_object *j, const char *const *currencies,
    struct gb_activity *out, struct gb_errors *err)
{
	struct gb_activity scratch;
	struct gb_errors none;
	int mode_ok;

	if (err == NULL)
		err = &none;
	if (out == NULL)
		out = &scratch;
	err->n = 0;
	memset(out, 0, sizeof *out);
	out->mode = GB_PUBLIC;
	out->time_limit_min = 1440;
	out->rules.relax_order[0] = GB_R_MEMBER_DAILY;
	out->rules.relax_order[1] = GB_R_NEW_DAILY;
	out->rules.nrelax = 2;
	out->rules.conflict = GB_CONFLICT_FAIL;

	if (j == NULL || !json_object_is_type(j, json_type_object)) {
		adderr(err, "", "活动配置须为 JSON 对象");
		return (int)err->n;
	}
	check_keys(err, j, "", "活动配置", top_keys);
	parse_basics(err, j, out, &mode_ok);
	parse_products(err, j, out);
	parse_vouchers(err, j, currencies, out);
	parse_rules(err, j, &out->rules);
	parse_rewards(err, j, currencies, out, mode_ok);
	return (int)err->n;
}

/* --- canonical JSON -------------------------------------------------------- */

/* Adds v under k; remembers a failed allocation in *bad. */
static void
put(struct json_object *o, const char *k, struct json_object *v, int *bad)
{
	if (v == NULL || json_object_object_add(o, k, v) != 0) {
		json_object_put(v);
		*bad = 1;
	}
}

/* Whether a line's enums are in range (a struct not from parse may hold
 * anything). */
static int
line_ok(const struct gb_line *l)
{
	return (unsigned)l->on <= GB_ON_FAILURE &&
	    (unsigned)l->to <= GB_TO_MERCHANT &&
	    (unsigned)l->act <= GB_DO_SHARE && l->bp >= 0 && l->amount >= 0;
}

/* Appends v to arr; remembers a failure in *bad. */
static void
push(struct json_object *arr, struct json_object *v, int *bad)
{
	if (v == NULL || json_object_array_add(arr, v) != 0) {
		json_object_put(v);
		*bad = 1;
	}
}

static struct json_object *
amount_json(int64_t v)
{
	char s[32];

	return json_object_new_string(amount_format(v, 2, s));
}

static struct json_object *
pair_json(const char *k1, int v1, const char *k2, int v2, int *bad)
{
	struct json_object *o = json_object_new_object();

	if (o == NULL) {
		*bad = 1;
		return NULL;
	}
	put(o, k1, json_object_new_int(v1), bad);
	put(o, k2, json_object_new_int(v2), bad);
	return o;
}

static struct json_object *
rules_json(const struct gb_rules *r, int *bad)
{
	struct json_object *o = json_object_new_object(), *arr;
	size_t i;

	if (o == NULL) {
		*bad = 1;
		return NULL;
	}
	if (r->red_cap > 0)
		put(o, "red_cap", amount_json(r->red_cap), bad);
	if (r->member_daily_wins > 0)
		put(o, "member_daily_wins",
		    json_object_new_int(r->member_daily_wins), bad);
	if (r->new_member_daily_wins > 0)
		put(o, "new_member_daily_wins",
		    json_object_new_int(r->new_member_daily_wins), bad);
	if (r->first_of_day_seat1)
		put(o, "first_of_day_seat1", json_object_new_boolean(1), bad);
	if (r->new_first_seat1)
		put(o, "new_first_seat1", json_object_new_boolean(1), bad);
	if (r->streak_wins > 0)
		put(o, "streak", pair_json("wins", r->streak_wins, "skip",
		    r->streak_skip, bad), bad);
	if (r->cum_wins > 0)
		put(o, "cumulative", pair_json("wins", r->cum_wins, "skip",
		    r->cum_skip, bad), bad);
	if (r->window_joins > 0)
		put(o, "window", pair_json("joins", r->window_joins,
		    "max_wins", r->window_max_wins, bad), bad);
	if ((arr = json_object_new_array()) == NULL)
		*bad = 1;
	else {
		for (i = 0; i < r->nrelax && i < GB_NRULES; i++)
			if ((unsigned)r->relax_order[i] < GB_NRULES)
				push(arr, json_object_new_string(
				    rule_keys[r->relax_order[i]]), bad);
		put(o, "relax_order", arr, bad);
	}
	put(o, "conflict", json_object_new_string(
	    conflict_keys[r->conflict == GB_CONFLICT_RANDOM]), bad);
	return o;
}

static struct json_object *
line_json(const struct gb_line *l, int *bad)
{
	struct json_object *o = json_object_new_object();

	if (o == NULL || !line_ok(l)) {
		json_object_put(o);
		*bad = 1;
		return NULL;
	}
	put(o, "on", json_object_new_string(on_keys[l->on]), bad);
	if (l->act != GB_DO_POOL)
		put(o, "to", json_object_new_string(to_keys[l->to]), bad);
	put(o, "do", json_object_new_string(do_keys[l->act]), bad);
	if (l->act == GB_DO_CONVERT || l->act == GB_DO_RELEASE)
		put(o, "from", json_object_new_string(l->from), bad);
	if (l->act != GB_DO_SHARE)
		put(o, "currency", json_object_new_string(l->currency), bad);
	if (l->bp > 0)
		put(o, "bp", json_object_new_int(l->bp), bad);
	else
		put(o, "amount", amount_json(l->amount), bad);
	if (l->act == GB_DO_POOL)
		put(o, "pool", json_object_new_string(l->pool), bad);
	if (l->promoter_only)
		put(o, "promoter_only", json_object_new_boolean(1), bad);
	return o;
}

/* The canonical JSON of a (parsed, hence valid) activity: every field,
 * defaults spelled out, rules that are off left out, amounts as "12.34".
 * a is borrowed; NULL gives NULL. Returns a new object the caller puts, or
 * NULL when memory ran out. */
struct json_object *
gb_activity_json(const struct gb_activity *a)
{
	struct json_object *o, *arr;
	size_t i;
	int bad = 0;

	if (a == NULL || (o = json_object_new_object()) == NULL)
		return NULL;
	put(o, "name", json_object_new_string(a->name), &bad);
	put(o, "mode", json_object_new_string(mode_keys[a->mode == GB_PUBLIC]),
	    &bad);
	put(o, "price", amount_json(a->price), &bad);
	put(o, "seats", json_object_new_int(a->seats), &bad);
	put(o, "winners", json_object_new_int(a->winners), &bad);
	put(o, "time_limit_min", json_object_new_int(a->time_limit_min), &bad);
	put(o, "daily_join_limit", json_object_new_int(a->daily_join_limit),
	    &bad);
	if ((arr = json_object_new_array()) == NULL)
		bad = 1;
	else {
		for (i = 0; i < a->nproducts && i < GB_MAX_PRODUCTS; i++)
			push(arr, json_object_new_int64(a->products[i]), &bad);
		put(o, "products", arr, &bad);
	}
	/* left out when there are none: the canonical JSON of an activity
	 * without vouchers is what it was before vouchers existed */
	if (a->nvouchers > 0) {
		if ((arr = json_object_new_array()) == NULL)
			bad = 1;
		else {
			for (i = 0; i < a->nvouchers && i < GB_MAX_PRODUCTS;
			    i++)
				push(arr, amount_json(a->vouchers[i]), &bad);
			put(o, "vouchers", arr, &bad);
		}
	}
	put(o, "rules", rules_json(&a->rules, &bad), &bad);
	if ((arr = json_object_new_array()) == NULL)
		bad = 1;
	else {
		for (i = 0; i < a->nlines && i < GB_MAX_LINES; i++)
			push(arr, line_json(&a->lines[i], &bad), &bad);
		put(o, "rewards", arr, &bad);
	}
	if (bad) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* --- describe -------------------------------------------------------------- */

struct names {
	const char *(*fn)(const char *, void *);
	void *ud;
};

static const char *
cur_name(const struct names *nm, const char *code)
{
	const char *s = NULL;

	if (nm->fn != NULL)
		s = nm->fn(code, nm->ud);
	return s != NULL && *s != '\0' ? s : code;
}

static void say(struct json_object *, int *, const char *, ...)
	__attribute__((format(printf, 3, 4)));

/* Appends one sentence to arr. */
static void
say(struct json_object *arr, int *bad, const char *fmt, ...)
{
	char s[512];
	va_list ap;

	va_start(ap, fmt);
	if (vsnprintf(s, sizeof s, fmt, ap) >= (int)sizeof s)
		utf8_cut_tail(s);
	va_end(ap);
	push(arr, json_object_new_string(s), bad);
}

/* "2 小时", "1 天", "90 分钟". */
static char *
duration_format(int min, char out[32])
{
	if (min % 1440 == 0)
		snprintf(out, 32, "%d 天", min / 1440);
	else if (min % 60 == 0)
		snprintf(out, 32, "%d 小时", min / 60);
	else
		snprintf(out, 32, "%d 分钟", min);
	return out;
}

static int
rule_active(const struct gb_rules *r, enum gb_rule rule)
{
	switch (rule) {
	case GB_R_RED_CAP:
		return r->red_cap > 0;
	case GB_R_MEMBER_DAILY:
		return r->member_daily_wins > 0;
	case GB_R_NEW_DAILY:
		return r->new_member_daily_wins > 0;
	case GB_R_FIRST_OF_DAY:
		return r->first_of_day_seat1 != 0;
	case GB_R_NEW_FIRST:
		return r->new_first_seat1 != 0;
	case GB_R_STREAK:
		return r->streak_wins > 0;
	case GB_R_CUMULATIVE:
		return r->cum_wins > 0;
	case GB_R_WINDOW:
		return r->window_joins > 0;
	default:
		return 0;
	}
}

static void
describe_rules(const struct gb_activity *a, const struct names *nm,
    struct json_object *arr, int *bad)
{
	const struct gb_rules *r = &a->rules;
	char m[32], relax[320];
	size_t i, off = 0;
	int any = 0, rule;

	say(arr, bad, "%d 人成团，抽 %d 人中奖", a->seats, a->winners);
	if (a->mode == GB_LEADER)
		say(arr, bad, "由团长开团，%s内未满 %d 人则拼团失败，全额退款",
		    duration_format(a->time_limit_min, m), a->seats);
	else
		say(arr, bad, "会员直接参加活动，系统把你排进最早开出、仍有空位的团");
	say(arr, bad, "参团价 %s %s：中奖者以参团价购得商品，未中奖者退回参团价",
	    amount_format(a->price, 2, m), cur_name(nm, "CHANGE"));
	if (a->daily_join_limit > 0)
		say(arr, bad, "每人每天最多参加本活动 %d 次",
		    a->daily_join_limit);
	say(arr, bad, "平台补位的席位永远不会中奖");
	say(arr, bad, "开奖前公布种子承诺（SHA-256），开奖后公开种子，"
	    "任何人都可验证中奖结果");

	if (r->red_cap > 0)
		say(arr, bad, "持有%s达到 %s 时不能中奖", cur_name(nm, "RED"),
		    amount_format(r->red_cap, 2, m));
	if (r->member_daily_wins > 0)
		say(arr, bad, "同一会员在本活动每天最多中奖 %d 次",
		    r->member_daily_wins);
	if (r->new_member_daily_wins > 0)
		say(arr, bad, "新会员在本活动每天最多中奖 %d 次",
		    r->new_member_daily_wins);
	if (r->first_of_day_seat1)
		say(arr, bad, "当天第一次参加本活动且排在第 1 位时不中奖");
	if (r->new_first_seat1)
		say(arr, bad, "新会员第一次参团且排在第 1 位时不中奖");
	if (r->streak_wins > 0)
		say(arr, bad, "连续中奖 %d 次后，接下来 %d 次参团不能中奖",
		    r->streak_wins, r->streak_skip);
	if (r->cum_wins > 0)
		say(arr, bad, "累计中奖 %d 次后，接下来 %d 次参团不能中奖",
		    r->cum_wins, r->cum_skip);
	if (r->window_joins > 0)
		say(arr, bad, "任意连续 %d 次参团中最多中奖 %d 次",
		    r->window_joins, r->window_max_wins);

	for (rule = GB_R_RED_CAP; rule < GB_NRULES; rule++)
		any |= rule_active(r, (enum gb_rule)rule);
	if (!any)
		return;	/* only platform seats are ever excluded */
	relax[0] = '\0';
	for (i = 0; i < r->nrelax && i < GB_NRULES; i++) {
		if (!rule_active(r, r->relax_order[i]))
			continue;
		if (off < sizeof relax)
			off += (size_t)snprintf(relax + off, sizeof relax - off,
			    "%s%s", off ? "、" : "",
			    rule_words[r->relax_order[i]]);
	}
	if (off > 0)
		say(arr, bad, "符合条件的会员不足 %d 人时依次放宽：%s",
		    a->winners, relax);
	if (r->conflict == GB_CONFLICT_RANDOM)
		say(arr, bad, "%s：在所有参团会员中随机抽取，上述限制不再适用",
		    off > 0 ? "仍不足时" : "符合条件的会员不足时");
	else
		say(arr, bad, "%s：本团失败，全额退款，不消耗任何中奖资格",
		    off > 0 ? "仍不足时" : "符合条件的会员不足时");
}

/* Who a line pays, as the sentence's subject. */
static void
subject(const struct gb_line *l, char *s, size_t size)
{
	static const char *const self[] = { "中奖者", "未中奖者", "每位参团者",
		"成团时每位参团者", "拼团失败时每位参团者" };
	static const char *const seat[] = { "中奖者", "未中奖者", "每个席位",
		"成团时每个席位", "拼团失败时每个席位" };
	static const char *const once[] = { "每有一位中奖者，", "每有一位未中奖者，",
		"每有一位参团者，", "成团时", "拼团失败时" };

	switch (l->to) {
	case GB_TO_SELF:
		snprintf(s, size, "%s", self[l->on]);
		break;
	case GB_TO_UPLINE1:
		snprintf(s, size, "%s的上一代邀请人", seat[l->on]);
		break;
	case GB_TO_UPLINE2:
		snprintf(s, size, "%s的上二代邀请人", seat[l->on]);
		break;
	case GB_TO_REGION:
		snprintf(s, size, "%s的区域代理", seat[l->on]);
		break;
	case GB_TO_BRANCH:
		snprintf(s, size, "%s的分公司", seat[l->on]);
		break;
	case GB_TO_MERCHANT:
		snprintf(s, size, "%s所选商品的商家", seat[l->on]);
		break;
	case GB_TO_LEADER:
		snprintf(s, size, "%s团长", once[l->on]);
		break;
	case GB_TO_LEADER_RECOMMENDER:
		snprintf(s, size, "%s团长的推荐人", once[l->on]);
		break;
	case GB_TO_OWNER:
		snprintf(s, size, "%s群主", once[l->on]);
		break;
	}
}

static void
describe_line(const struct gb_activity *a, const struct gb_line *l,
    const struct names *nm, struct json_object *arr, int *bad)
{
	static const char *const pool_head[] = { "每有一位中奖者", "每有一位未中奖者",
		"每个席位", "成团时每个席位", "拼团失败时每个席位" };
	char who[96], amt[32], pct[24];
	const char *cur = l->currency[0] ? cur_name(nm, l->currency) : "";
	const char *from = l->from[0] ? cur_name(nm, l->from) : "";
	int fixed = l->bp == 0;

	if (!line_ok(l)) {
		*bad = 1;
		return;
	}
	amount_format(fixed ? l->amount : bp_of(a->price, l->bp), 2, amt);
	gb_pct_format(l->bp, pct);
	subject(l, who, sizeof who);
	if (l->promoter_only) {
		size_t w = strlen(who);

		snprintf(who + w, sizeof who - w, "（须为有效推广员）");
	}
	switch (l->act) {
	case GB_DO_CREDIT:
		if (fixed)
			say(arr, bad, "%s获得 %s %s", who, amt, cur);
		else
			say(arr, bad, "%s获得参团价 %s 的%s（%s）", who, pct, cur,
			    amt);
		break;
	case GB_DO_CONVERT:
		if (fixed)
			say(arr, bad, "%s把 %s %s转为%s（以持有为限）", who, amt,
			    from, cur);
		else
			say(arr, bad, "%s把参团价 %s 的%s（%s）转为%s（以持有为限）",
			    who, pct, from, amt, cur);
		break;
	case GB_DO_RELEASE:
		if (fixed)
			say(arr, bad, "%s从%s中释放 %s 到%s（以持有为限）", who,
			    from, amt, cur);
		else
			say(arr, bad, "%s从%s中释放参团价 %s 的金额（%s）到%s"
			    "（以持有为限）", who, from, pct, amt, cur);
		break;
	case GB_DO_SHARE:
		if (fixed)
			say(arr, bad, "%s获得 %s 份每日分红份额", who, amt);
		else
			say(arr, bad, "%s获得参团价 %s 的每日分红份额（%s 份）",
			    who, pct, amt);
		break;
	case GB_DO_POOL:
		if (fixed)
			say(arr, bad, "%s，%s %s计入%s", pool_head[l->on], amt,
			    cur, strcmp(l->pool, "daily") == 0 ? "每日分红池" :
			    "月度分红池");
		else
			say(arr, bad, "%s，参团价的 %s（%s %s）计入%s",
			    pool_head[l->on], pct, amt, cur,
			    strcmp(l->pool, "daily") == 0 ? "每日分红池" :
			    "月度分红池");
		break;
	}
}

/* Every active rule and every reward line as Chinese sentences (see gb.h).
 * a is borrowed (a parsed activity); NULL gives NULL. name may be NULL (or
 * return NULL or ""): the currency code is shown instead. Returns a new
 * object the caller puts, or NULL when memory ran out. */
struct json_object *
gb_activity_describe(const struct gb_activity *a,
    const char *(*name)(const char *code, void *ud), void *ud)
{
	struct json_object *o, *rules, *rewards;
	struct names nm = { name, ud };
	size_t i;
	int bad = 0;

	if (a == NULL || (o = json_object_new_object()) == NULL)
		return NULL;
	rules = json_object_new_array();
	rewards = json_object_new_array();
	put(o, "rules", rules, &bad);
	put(o, "rewards", rewards, &bad);
	if (bad) {
		json_object_put(o);
		return NULL;
	}
	describe_rules(a, &nm, rules, &bad);
	for (i = 0; i < a->nlines && i < GB_MAX_LINES; i++)
		describe_line(a, &a->lines[i], &nm, rewards, &bad);
	if (a->nvouchers > 0) {
		struct json_object *vs = json_object_new_array();
		char amt[32];

		put(o, "vouchers", vs, &bad);
		for (i = 0; !bad && i < a->nvouchers && i < GB_MAX_PRODUCTS;
		    i++)
			say(vs, &bad, "中奖者可选 %s %s 代替商品：参团价不再购买"
			    "商品，中奖后 %s %s 直接到账", amount_format(
			    a->vouchers[i], 2, amt), cur_name(&nm, "VOUCHER"),
			    amt, cur_name(&nm, "VOUCHER"));
	}
	if (bad) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

int64_t
gb_zone_of(int64_t price, const int64_t *zones, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (zones[i] >= 0 && zones[i] <= INT64_MAX / 100 &&
		    price <= zones[i] * 100)
			return zones[i];
	return zones[n - 1];
}
