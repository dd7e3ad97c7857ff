/* Unit tests for an activity's configuration (rules/gb_activity): parse and
 * validate with a message per field, canonical JSON round trip, the plain
 * Chinese description, and the shipped presets (etc/presets, D6). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>
#include "gb.h"

static const char *const currencies[] = { "CHANGE", "CARD", "POINTS", "RED",
	"GREEN", "DIVPTS", "GOLD", "MALLPTS", "VOUCHER", "GREENPTS", "LOVE",
	NULL };

/* The example of the issue, verbatim. */
static const char full_example[] =
"{ \"name\": \"全民拼购 100元区\", \"mode\": \"public\", \"price\": \"100.00\","
"  \"seats\": 10, \"winners\": 3,"
"  \"time_limit_min\": 120, \"daily_join_limit\": 5, \"products\": [12, 13],"
"  \"rules\": { \"red_cap\": \"1200.00\", \"member_daily_wins\": 2,"
"             \"new_member_daily_wins\": 1,"
"             \"first_of_day_seat1\": true, \"new_first_seat1\": true,"
"             \"streak\": {\"wins\": 3, \"skip\": 2},"
"             \"cumulative\": {\"wins\": 10, \"skip\": 200},"
"             \"window\": {\"joins\": 5, \"max_wins\": 1},"
"             \"relax_order\": [\"member_daily_wins\", \"new_member_daily_wins\"],"
"             \"conflict\": \"fail\" },"
"  \"rewards\": ["
"   {\"on\": \"won\",  \"to\": \"self\",    \"do\": \"credit\",  \"currency\": \"CARD\",  \"amount\": \"300.00\"},"
"   {\"on\": \"won\",  \"to\": \"self\",    \"do\": \"convert\", \"from\": \"RED\", \"currency\": \"GREEN\", \"amount\": \"40.00\"},"
"   {\"on\": \"lost\", \"to\": \"self\",    \"do\": \"credit\",  \"currency\": \"CHANGE\", \"bp\": 500},"
"   {\"on\": \"lost\", \"to\": \"upline1\", \"do\": \"convert\", \"from\": \"RED\", \"currency\": \"GREEN\", \"amount\": \"15.00\"},"
"   {\"on\": \"seat\", \"to\": \"region\",  \"do\": \"credit\",  \"currency\": \"CHANGE\", \"amount\": \"3.00\"},"
"   {\"on\": \"won\",  \"to\": \"self\",    \"do\": \"release\", \"from\": \"GOLD\", \"currency\": \"CHANGE\", \"bp\": 500} ] }";

/* The smallest valid activity; cases append members to it (a repeated key
 * replaces the earlier one). */
#define MINIMAL	"{\"name\": \"A\", \"price\": \"1.00\", \"seats\": 2, \"winners\": 1"

static int
parse_text(const char *text, struct gb_activity *a, struct gb_errors *e)
{
	struct json_object *j = json_tokener_parse(text);
	int rc;

	assert_non_null(j);
	rc = gb_activity_parse(j, currencies, a, e);
	json_object_put(j);
	return rc;
}

static int
has_error(const struct gb_errors *e, const char *field)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->e[i].field, field) == 0)
			return (int)i;
	return -1;
}

static void
print_errors(const struct gb_errors *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		print_message("  %s: %s\n", e->e[i].field, e->e[i].message);
}

static const char *
zh_name(const char *code, void *ud)
{
	static const char *const map[][2] = { { "CHANGE", "零钱" },
		{ "CARD", "购物卡" }, { "POINTS", "积分" }, { "RED", "红券" },
		{ "GREEN", "绿券" }, { "DIVPTS", "分红积分" },
		{ "GOLD", "购物金" }, { "MALLPTS", "消费积分" },
		{ "VOUCHER", "购物券" } };
	size_t i;

	(void)ud;
	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], code) == 0)
			return map[i][1];
	return NULL;
}

/* D1: 购物券 options parse, keep their order, round-trip, and are
 * described in words. */
static void
vouchers_parse_round_trip_and_are_described(void **state)
{
	struct gb_activity a, b;
	struct gb_errors e;
	struct json_object *j, *d, *v;

	(void)state;
	assert_int_equal(parse_text(MINIMAL ", \"products\": [7], "
	    "\"vouchers\": [\"50.00\", \"0.80\"]}", &a, &e), 0);
	assert_int_equal(a.nproducts, 1);
	assert_int_equal(a.nvouchers, 2);
	assert_int_equal(a.vouchers[0], 5000);
	assert_int_equal(a.vouchers[1], 80);
	j = gb_activity_json(&a);
	assert_non_null(j);
	assert_true(json_object_object_get_ex(j, "vouchers", &v));
	assert_string_equal(json_object_get_string(json_object_array_get_idx(
	    v, 1)), "0.80");
	assert_int_equal(gb_activity_parse(j, currencies, &b, &e), 0);
	assert_int_equal(b.nvouchers, 2);
	assert_int_equal(b.vouchers[0], 5000);
	json_object_put(j);
	d = gb_activity_describe(&a, zh_name, NULL);
	assert_non_null(d);
	assert_true(json_object_object_get_ex(d, "vouchers", &v));
	assert_int_equal(json_object_array_length(v), 2);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(
	    v, 0)), "中奖者可选 50.00 购物券 代替商品：参团价不再购买商品，"
	    "中奖后 50.00 购物券 直接到账");
	json_object_put(d);
	/* none: left out of the canonical JSON and of the description */
	assert_int_equal(parse_text(MINIMAL "}", &a, &e), 0);
	assert_int_equal(a.nvouchers, 0);
	j = gb_activity_json(&a);
	assert_false(json_object_object_get_ex(j, "vouchers", &v));
	json_object_put(j);
	d = gb_activity_describe(&a, zh_name, NULL);
	assert_false(json_object_object_get_ex(d, "vouchers", &v));
	json_object_put(d);
}

static void
vouchers_are_refused_field_by_field(void **state)
{
	static const char *const no_voucher[] = { "CHANGE", "GOLD", NULL };
	struct gb_activity a;
	struct gb_errors e;
	struct json_object *j;
	int k;

	(void)state;
	assert_int_equal(parse_text(MINIMAL ", \"vouchers\": \"50.00\"}",
	    &a, &e), 1);
	assert_true(has_error(&e, "vouchers") >= 0);
	/* each bad option its own message naming it */
	assert_int_equal(parse_text(MINIMAL ", \"vouchers\": [\"50.00\", "
	    "\"0\", 12, \"1.234\", \"50.00\", \"20000000.00\"]}", &a, &e),
	    5);
	print_errors(&e);
	assert_true((k = has_error(&e, "vouchers[1]")) >= 0);
	assert_non_null(strstr(e.e[k].message, "第 2 个购物券选项"));
	assert_true(has_error(&e, "vouchers[2]") >= 0);
	assert_true(has_error(&e, "vouchers[3]") >= 0);
	assert_true((k = has_error(&e, "vouchers[4]")) >= 0);
	assert_non_null(strstr(e.e[k].message, "重复"));
	assert_true(has_error(&e, "vouchers[5]") >= 0);
	/* products and vouchers together at most 10 options */
	assert_int_equal(parse_text(MINIMAL ", \"products\": [1,2,3,4,5,6,7,8],"
	    " \"vouchers\": [\"1.00\", \"2.00\", \"3.00\"]}", &a, &e), 1);
	assert_true((k = has_error(&e, "vouchers")) >= 0);
	assert_non_null(strstr(e.e[k].message, "最多 10 个"));
	/* a platform without the 购物券 currency cannot offer it */
	j = json_tokener_parse(MINIMAL ", \"vouchers\": [\"5.00\"]}");
	assert_int_equal(gb_activity_parse(j, no_voucher, &a, &e), 1);
	assert_true(has_error(&e, "vouchers") >= 0);
	json_object_put(j);
	/* an empty list is no options */
	assert_int_equal(parse_text(MINIMAL ", \"vouchers\": []}", &a, &e), 0);
	assert_int_equal(a.nvouchers, 0);
}

static void
full_example_parses_every_field(void **state)
{
	struct gb_activity a;
	struct gb_errors e;
	const struct gb_rules *r = &a.rules;

	(void)state;
	if (parse_text(full_example, &a, &e) != 0)
		print_errors(&e);
	assert_int_equal(e.n, 0);
	assert_string_equal(a.name, "全民拼购 100元区");
	assert_int_equal(a.mode, GB_PUBLIC);
	assert_int_equal(a.price, 10000);
	assert_int_equal(a.seats, 10);
	assert_int_equal(a.winners, 3);
	assert_int_equal(a.time_limit_min, 120);
	assert_int_equal(a.daily_join_limit, 5);
	assert_int_equal(a.nproducts, 2);
	assert_int_equal(a.products[0], 12);
	assert_int_equal(a.products[1], 13);
	assert_int_equal(r->red_cap, 120000);
	assert_int_equal(r->member_daily_wins, 2);
	assert_int_equal(r->new_member_daily_wins, 1);
	assert_int_equal(r->first_of_day_seat1, 1);
	assert_int_equal(r->new_first_seat1, 1);
	assert_int_equal(r->streak_wins, 3);
	assert_int_equal(r->streak_skip, 2);
	assert_int_equal(r->cum_wins, 10);
	assert_int_equal(r->cum_skip, 200);
	assert_int_equal(r->window_joins, 5);
	assert_int_equal(r->window_max_wins, 1);
	assert_int_equal(r->nrelax, 2);
	assert_int_equal(r->relax_order[0], GB_R_MEMBER_DAILY);
	assert_int_equal(r->relax_order[1], GB_R_NEW_DAILY);
	assert_int_equal(r->conflict, GB_CONFLICT_FAIL);

	assert_int_equal(a.nlines, 6);
	assert_int_equal(a.lines[0].on, GB_ON_WON);
	assert_int_equal(a.lines[0].to, GB_TO_SELF);
	assert_int_equal(a.lines[0].act, GB_DO_CREDIT);
	assert_string_equal(a.lines[0].currency, "CARD");
	assert_int_equal(a.lines[0].amount, 30000);
	assert_int_equal(a.lines[0].bp, 0);
	assert_int_equal(a.lines[1].act, GB_DO_CONVERT);
	assert_string_equal(a.lines[1].from, "RED");
	assert_string_equal(a.lines[1].currency, "GREEN");
	assert_int_equal(a.lines[1].amount, 4000);
	assert_int_equal(a.lines[2].on, GB_ON_LOST);
	assert_int_equal(a.lines[2].bp, 500);
	assert_int_equal(a.lines[2].amount, 0);
	assert_int_equal(a.lines[3].to, GB_TO_UPLINE1);
	assert_int_equal(a.lines[4].on, GB_ON_SEAT);
	assert_int_equal(a.lines[4].to, GB_TO_REGION);
	assert_int_equal(a.lines[4].amount, 300);
	assert_int_equal(a.lines[5].act, GB_DO_RELEASE);
	assert_string_equal(a.lines[5].from, "GOLD");
	assert_string_equal(a.lines[5].currency, "CHANGE");
	assert_int_equal(a.lines[5].bp, 500);
}

static void
absent_optional_fields_take_the_documented_defaults(void **state)
{
	struct gb_activity a;
	struct gb_errors e;

	(void)state;
	assert_int_equal(parse_text(MINIMAL "}", &a, &e), 0);
	assert_int_equal(a.mode, GB_PUBLIC);
	assert_int_equal(a.price, 100);
	assert_int_equal(a.time_limit_min, 1440);
	assert_int_equal(a.daily_join_limit, 0);
	assert_int_equal(a.nproducts, 0);
	assert_int_equal(a.nlines, 0);
	assert_int_equal(a.rules.red_cap, 0);
	assert_int_equal(a.rules.member_daily_wins, 0);
	assert_int_equal(a.rules.streak_wins, 0);
	assert_int_equal(a.rules.window_joins, 0);
	assert_int_equal(a.rules.nrelax, 2);
	assert_int_equal(a.rules.relax_order[0], GB_R_MEMBER_DAILY);
	assert_int_equal(a.rules.relax_order[1], GB_R_NEW_DAILY);
	assert_int_equal(a.rules.conflict, GB_CONFLICT_FAIL);
	/* an empty relax_order means never relax */
	assert_int_equal(parse_text(MINIMAL ", \"rules\": {\"relax_order\": []}}",
	    &a, &e), 0);
	assert_int_equal(a.rules.nrelax, 0);
	/* a pool line's currency defaults to 零钱, a release's to GOLD→CHANGE */
	assert_int_equal(parse_text(MINIMAL ", \"rewards\": ["
	    "{\"on\": \"won\", \"do\": \"pool\", \"pool\": \"daily\", \"bp\": 200},"
	    "{\"on\": \"won\", \"to\": \"self\", \"do\": \"release\", \"bp\": 500}]}",
	    &a, &e), 0);
	assert_string_equal(a.lines[0].currency, "CHANGE");
	assert_string_equal(a.lines[0].pool, "daily");
	assert_string_equal(a.lines[1].from, "GOLD");
	assert_string_equal(a.lines[1].currency, "CHANGE");
}

static void
name_counts_characters_not_bytes(void **state)
{
	char text[512], name[256];
	struct gb_activity a;
	struct gb_errors e;
	int i;

	(void)state;
	/* 40 Chinese characters (120 bytes) fit */
	name[0] = '\0';
	for (i = 0; i < 40; i++)
		strcat(name, "拼");
	snprintf(text, sizeof text, MINIMAL ", \"name\": \"%s\"}", name);
	assert_int_equal(parse_text(text, &a, &e), 0);
	assert_string_equal(a.name, name);
	/* 41 do not */
	strcat(name, "团");
	snprintf(text, sizeof text, MINIMAL ", \"name\": \"%s\"}", name);
	assert_int_equal(parse_text(text, &a, &e), 1);
	assert_string_equal(e.e[0].field, "name");
	assert_string_equal(e.e[0].message, "活动名称最多 40 个字");
	/* surrounding spaces are trimmed, only spaces are empty */
	assert_int_equal(parse_text(MINIMAL ", \"name\": \"  团 \"}", &a, &e), 0);
	assert_string_equal(a.name, "团");
	assert_int_equal(parse_text(MINIMAL ", \"name\": \"   \"}", &a, &e), 1);
	assert_string_equal(e.e[0].message, "请填写活动名称");
	/* control characters and bad UTF-8 */
	assert_int_equal(parse_text(MINIMAL ", \"name\": \"a\\nb\"}", &a, &e), 1);
	assert_string_equal(e.e[0].field, "name");
	assert_int_equal(parse_text(MINIMAL ", \"name\": \"a\\u0000b\"}", &a,
	    &e), 1);
	assert_string_equal(e.e[0].field, "name");
	/* a character cut short, an overlong '/', a lone surrogate */
	for (i = 0; i < 3; i++) {
		static const char *const bad[] = { "\xe6\x8b", "\xc0\xaf",
			"\xed\xa0\x80" };
		struct json_object *j = json_tokener_parse(MINIMAL "}");

		json_object_object_add(j, "name", json_object_new_string(bad[i]));
		assert_int_equal(gb_activity_parse(j, currencies, &a, &e), 1);
		assert_string_equal(e.e[0].message, "活动名称含有无效字符");
		json_object_put(j);
	}
	/* an unknown key with bad bytes is quoted safely */
	{
		struct json_object *j = json_tokener_parse(MINIMAL "}");

		json_object_object_add(j, "x\xff\x01y", json_object_new_int(1));
		assert_int_equal(gb_activity_parse(j, currencies, &a, &e), 1);
		assert_string_equal(e.e[0].field, "x??y");
		assert_string_equal(e.e[0].message,
		    "活动配置有未知字段「x??y」，请检查拼写");
		json_object_put(j);
	}
}

/* One bad field each: the error names that field, and nothing else is
 * reported (no cascades). */
static const struct bad_case {
	const char *text;
	const char *field;
	const char *message;	/* exact, or NULL to skip */
} bad_cases[] = {
	{ "{\"price\": \"1.00\", \"seats\": 2, \"winners\": 1}", "name",
	    "请填写活动名称" },
	{ MINIMAL ", \"name\": 7}", "name", "活动名称须为文本" },
	{ MINIMAL ", \"mode\": \"private\"}", "mode",
	    "模式须为以下之一：leader、public" },
	{ "{\"name\": \"A\", \"seats\": 2, \"winners\": 1}", "price",
	    "请填写参团价" },
	{ MINIMAL ", \"price\": \"0.00\"}", "price", "参团价须大于 0" },
	{ MINIMAL ", \"price\": \"1000000.01\"}", "price",
	    "参团价不能超过 1000000.00" },
	{ MINIMAL ", \"price\": \"12.345\"}", "price", "参团价最多两位小数" },
	{ MINIMAL ", \"price\": \"-5\"}", "price", "参团价不能为负" },
	{ MINIMAL ", \"price\": 100}", "price",
	    "参团价须为金额文本，如 \"12.34\"" },
	{ MINIMAL ", \"seats\": 1}", "seats", "成团人数须在 2 到 100 之间" },
	{ MINIMAL ", \"seats\": 101}", "seats", NULL },
	{ MINIMAL ", \"seats\": \"10\"}", "seats", "成团人数须为整数" },
	{ MINIMAL ", \"seats\": 2.5}", "seats", "成团人数须为整数" },
	{ MINIMAL ", \"winners\": 0}", "winners", NULL },
	{ MINIMAL ", \"winners\": 2}", "winners",
	    "中奖人数须小于成团人数（2）" },
	{ MINIMAL ", \"time_limit_min\": 0}", "time_limit_min",
	    "成团时限（分钟）须在 1 到 10080 之间" },
	{ MINIMAL ", \"time_limit_min\": 10081}", "time_limit_min", NULL },
	{ MINIMAL ", \"daily_join_limit\": -1}", "daily_join_limit", NULL },
	{ MINIMAL ", \"daily_join_limit\": 1001}", "daily_join_limit", NULL },
	{ MINIMAL ", \"products\": [1,2,3,4,5,6,7,8,9,10,11]}", "products",
	    "商品最多 10 个" },
	{ MINIMAL ", \"products\": [5, 0]}", "products[1]",
	    "第 2 个商品的编号须为正整数" },
	{ MINIMAL ", \"products\": [12, 12]}", "products[1]", "商品 12 重复" },
	{ MINIMAL ", \"products\": [1.5]}", "products[0]", NULL },
	{ MINIMAL ", \"products\": 12}", "products", NULL },
	{ MINIMAL ", \"rules\": []}", "rules", "规则须为 JSON 对象" },
	{ MINIMAL ", \"rules\": {\"red_cap\": \"-1\"}}", "rules.red_cap",
	    "红券持有上限不能为负" },
	{ MINIMAL ", \"rules\": {\"red_cap\": 1200}}", "rules.red_cap", NULL },
	{ MINIMAL ", \"rules\": {\"member_daily_wins\": -1}}",
	    "rules.member_daily_wins", "会员每日中奖上限须在 0 到 1000 之间" },
	{ MINIMAL ", \"rules\": {\"new_member_daily_wins\": 1001}}",
	    "rules.new_member_daily_wins", NULL },
	{ MINIMAL ", \"rules\": {\"first_of_day_seat1\": 1}}",
	    "rules.first_of_day_seat1", NULL },
	{ MINIMAL ", \"rules\": {\"new_first_seat1\": \"yes\"}}",
	    "rules.new_first_seat1", NULL },
	{ MINIMAL ", \"rules\": {\"streak\": {\"wins\": 3}}}",
	    "rules.streak.skip", NULL },
	{ MINIMAL ", \"rules\": {\"streak\": {\"wins\": 0, \"skip\": 2}}}",
	    "rules.streak.wins", NULL },
	{ MINIMAL ", \"rules\": {\"streak\": {\"wins\": -1, \"skip\": 2}}}",
	    "rules.streak.wins", "连续中奖规则的中奖次数须在 0 到 1000 之间" },
	{ MINIMAL ", \"rules\": {\"streak\": [3, 2]}}", "rules.streak", NULL },
	{ MINIMAL ", \"rules\": {\"cumulative\": {\"wins\": 1, \"skip\": 10001}}}",
	    "rules.cumulative.skip",
	    "累计中奖规则的不中奖次数须在 0 到 10000 之间" },
	{ MINIMAL ", \"rules\": {\"window\": {\"joins\": 65, \"max_wins\": 1}}}",
	    "rules.window.joins", NULL },
	{ MINIMAL ", \"rules\": {\"window\": {\"joins\": 5, \"max_wins\": 5}}}",
	    "rules.window.max_wins", NULL },
	{ MINIMAL ", \"rules\": {\"window\": {\"joins\": 5, \"max_wins\": 0}}}",
	    "rules.window.max_wins", NULL },
	{ MINIMAL ", \"rules\": {\"window\": {\"max_wins\": 1}}}",
	    "rules.window.joins", NULL },
	{ MINIMAL ", \"rules\": {\"relax_order\": [\"platform\"]}}",
	    "rules.relax_order[0]", "平台补位的席位永远不会中奖，不能放宽" },
	{ MINIMAL ", \"rules\": {\"relax_order\": [\"streak\", \"streak\"]}}",
	    "rules.relax_order[1]", "放宽顺序中「streak」重复" },
	{ MINIMAL ", \"rules\": {\"relax_order\": [\"daily\"]}}",
	    "rules.relax_order[0]", "放宽顺序第 1 项「daily」不是可放宽的规则" },
	{ MINIMAL ", \"rules\": {\"relax_order\": \"streak\"}}",
	    "rules.relax_order", NULL },
	{ MINIMAL ", \"rules\": {\"conflict\": \"maybe\"}}", "rules.conflict",
	    "名额不足时的处理须为以下之一：fail、random" },
	{ MINIMAL ", \"rewards\": {}}", "rewards", NULL },
	{ MINIMAL ", \"rewards\": [7]}", "rewards[0]",
	    "第 1 条奖励须为 JSON 对象" },
	{ MINIMAL ", \"rewards\": [{\"on\": \"win\", \"to\": \"self\", "
	    "\"do\": \"credit\", \"currency\": \"CARD\", \"amount\": \"1.00\"}]}",
	    "rewards[0].on",
	    "第 1 条奖励的触发条件须为以下之一：won、lost、seat、success、failure" },
	{ MINIMAL ", \"rewards\": [{\"to\": \"self\", "
	    "\"do\": \"credit\", \"currency\": \"CARD\", \"amount\": \"1.00\"}]}",
	    "rewards[0].on", NULL },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"self\", "
	    "\"do\": \"pay\", \"currency\": \"CARD\", \"amount\": \"1.00\"}]}",
	    "rewards[0].do", NULL },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"boss\", "
	    "\"do\": \"credit\", \"currency\": \"CARD\", \"amount\": \"1.00\"}]}",
	    "rewards[0].to", NULL },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", "
	    "\"do\": \"credit\", \"currency\": \"CARD\", \"amount\": \"1.00\"}]}",
	    "rewards[0].to", "请填写第 1 条奖励的受益人（to）" },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"self\", "
	    "\"do\": \"credit\", \"currency\": \"XYZ\", \"amount\": \"1.00\"}]}",
	    "rewards[0].currency", "第 1 条奖励的币种「XYZ」不是已有的币种" },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"self\", "
	    "\"do\": \"credit\", \"amount\": \"1.00\"}]}",
	    "rewards[0].currency", "请填写第 1 条奖励的币种" },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"self\", "
	    "\"do\": \"credit\", \"currency\": 5, \"amount\": \"1.00\"}]}",
	    "rewards[0].currency", NULL },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"self\", "
	    "\"do\": \"credit\", \"from\": \"RED\", \"currency\": \"CARD\", "
	    "\"amount\": \"1.00\"}]}", "rewards[0].from", NULL },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"self\", "
	    "\"do\": \"convert\", \"currency\": \"GREEN\", \"amount\": \"1.00\"}]}",
	    "rewards[0].from", NULL },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"self\", "
	    "\"do\": \"convert\", \"from\": \"RED\", \"currency\": \"RED\", "
	    "\"amount\": \"1.00\"}]}", "rewards[0].from",
	    "第 1 条奖励的转出币种不能与转入币种相同" },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"self\", "
	    "\"do\": \"release\", \"from\": \"RED\", \"currency\": \"CHANGE\", "
	    "\"bp\": 500}]}", "rewards[0].from",
	    "第 1 条奖励：释放只能从购物金（GOLD）释放" },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"self\", "
	    "\"do\": \"release\", \"from\": \"GOLD\", \"currency\": \"GREEN\", "
	    "\"bp\": 500}]}", "rewards[0].currency", NULL },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"do\": \"pool\", "
	    "\"bp\": 300}]}", "rewards[0].pool", NULL },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"do\": \"pool\", "
	    "\"pool\": \"weekly\", \"bp\": 300}]}", "rewards[0].pool",
	    "第 1 条奖励的奖池须为以下之一：daily、monthly" },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"self\", "
	    "\"do\": \"pool\", \"pool\": \"daily\", \"bp\": 300}]}",
	    "rewards[0].to", NULL },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"self\", "
	    "\"do\": \"credit\", \"currency\": \"CARD\", \"pool\": \"daily\", "
	    "\"amount\": \"1.00\"}]}", "rewards[0].pool", NULL },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"self\", "
	    "\"do\": \"share\", \"currency\": \"DIVPTS\", \"bp\": 10000}]}",
	    "rewards[0].currency", NULL },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"self\", "
	    "\"do\": \"credit\", \"currency\": \"CARD\", \"amount\": \"1.00\", "
	    "\"bp\": 100}]}", "rewards[0].bp", NULL },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"self\", "
	    "\"do\": \"credit\", \"currency\": \"CARD\"}]}", "rewards[0].amount",
	    NULL },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"self\", "
	    "\"do\": \"credit\", \"currency\": \"CARD\", \"amount\": \"0.00\"}]}",
	    "rewards[0].amount", "第 1 条奖励的金额须大于 0" },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"self\", "
	    "\"do\": \"credit\", \"currency\": \"CARD\", \"amount\": 3}]}",
	    "rewards[0].amount", NULL },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"self\", "
	    "\"do\": \"credit\", \"currency\": \"CARD\", \"bp\": 0}]}",
	    "rewards[0].bp", "第 1 条奖励的比例（基点）须在 1 到 100000 之间" },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"self\", "
	    "\"do\": \"credit\", \"currency\": \"CARD\", \"bp\": 100001}]}",
	    "rewards[0].bp", NULL },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"self\", "
	    "\"do\": \"credit\", \"currency\": \"CARD\", \"bp\": \"5%\"}]}",
	    "rewards[0].bp", NULL },
	{ MINIMAL ", \"rewards\": [{\"on\": \"success\", \"to\": \"leader\", "
	    "\"do\": \"credit\", \"currency\": \"CHANGE\", \"amount\": \"1.00\"}]}",
	    "rewards[0].to", NULL },
	/* unknown keys anywhere */
	{ MINIMAL ", \"seat\": 10}", "seat",
	    "活动配置有未知字段「seat」，请检查拼写" },
	{ MINIMAL ", \"rules\": {\"red_capp\": \"1.00\"}}", "rules.red_capp",
	    "规则有未知字段「red_capp」，请检查拼写" },
	{ MINIMAL ", \"rules\": {\"streak\": {\"wins\": 3, \"skip\": 2, "
	    "\"win\": 1}}}", "rules.streak.win", NULL },
	{ MINIMAL ", \"rules\": {\"window\": {\"joins\": 5, \"max_wins\": 1, "
	    "\"max\": 1}}}", "rules.window.max", NULL },
	{ MINIMAL ", \"rewards\": [{\"on\": \"won\", \"to\": \"self\", "
	    "\"do\": \"credit\", \"currency\": \"CARD\", \"amount\": \"1.00\", "
	    "\"note\": \"x\"}]}", "rewards[0].note",
	    "第 1 条奖励有未知字段「note」，请检查拼写" },
	/* not an object at all */
	{ "[1, 2]", "", "活动配置须为 JSON 对象" },
};

static void
each_bad_field_is_named_with_its_message(void **state)
{
	struct gb_activity a;
	struct gb_errors e;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		rc = parse_text(bad_cases[i].text, &a, &e);
		if (rc != 1 || strcmp(e.e[0].field, bad_cases[i].field) != 0 ||
		    (bad_cases[i].message != NULL &&
		    strcmp(e.e[0].message, bad_cases[i].message) != 0)) {
			print_message("case %zu: %s\n", i, bad_cases[i].text);
			print_errors(&e);
		}
		assert_int_equal(rc, 1);
		assert_string_equal(e.e[0].field, bad_cases[i].field);
		if (bad_cases[i].message != NULL)
			assert_string_equal(e.e[0].message,
			    bad_cases[i].message);
		assert_true(strlen(e.e[0].message) > 0);
	}
}

static void
upline3_is_refused_with_the_three_generation_limit(void **state)
{
	struct gb_activity a;
	struct gb_errors e;

	(void)state;
	assert_int_equal(parse_text(MINIMAL ", \"rewards\": [{\"on\": \"lost\", "
	    "\"to\": \"upline3\", \"do\": \"credit\", \"currency\": \"CHANGE\", "
	    "\"amount\": \"1.00\"}]}", &a, &e), 1);
	assert_string_equal(e.e[0].field, "rewards[0].to");
	assert_non_null(strstr(e.e[0].message, "upline2"));
	assert_non_null(strstr(e.e[0].message, "三代"));
	assert_non_null(strstr(e.e[0].message, "upline3"));
	assert_int_equal(parse_text(MINIMAL ", \"rewards\": [{\"on\": \"lost\", "
	    "\"to\": \"upline12\", \"do\": \"credit\", \"currency\": \"CHANGE\", "
	    "\"amount\": \"1.00\"}]}", &a, &e), 1);
	assert_non_null(strstr(e.e[0].message, "三代"));
}

static void
all_errors_are_collected(void **state)
{
	struct gb_activity a;
	struct gb_errors e;

	(void)state;
	assert_int_equal(parse_text("{\"name\": \"\", \"price\": \"abc\", "
	    "\"seats\": 1, \"winners\": 1, \"colour\": \"red\", "
	    "\"rules\": {\"streak\": {\"wins\": \"x\", \"skip\": 2}}, "
	    "\"rewards\": ["
	    "{\"on\": \"won\", \"to\": \"self\", \"do\": \"credit\", "
	    "\"currency\": \"CARD\", \"amount\": \"1.00\"},"
	    "{\"on\": \"won\", \"to\": \"self\", \"do\": \"credit\", "
	    "\"currency\": \"CARD\", \"amount\": \"1.00\"},"
	    "{\"on\": \"won\", \"to\": \"self\", \"do\": \"credit\", "
	    "\"currency\": \"XYZ\", \"amount\": \"1.00\"}]}", &a, &e), 6);
	assert_true(has_error(&e, "colour") >= 0);
	assert_true(has_error(&e, "name") >= 0);
	assert_true(has_error(&e, "price") >= 0);
	assert_true(has_error(&e, "seats") >= 0);
	assert_true(has_error(&e, "rules.streak.wins") >= 0);
	assert_true(has_error(&e, "rewards[2].currency") >= 0);
	assert_string_equal(e.e[has_error(&e, "price")].message,
	    "参团价格式不正确");
	/* err may be NULL: the count alone */
	assert_int_equal(gb_activity_parse(NULL, currencies, &a, NULL), 1);
}

static void
errors_stop_at_the_maximum(void **state)
{
	char text[4096];
	struct gb_activity a;
	struct gb_errors e;
	size_t off;
	int i;

	(void)state;
	off = (size_t)snprintf(text, sizeof text, MINIMAL ", \"rewards\": [");
	for (i = 0; i < 20; i++)
		off += (size_t)snprintf(text + off, sizeof text - off,
		    "%s{\"on\": \"won\", \"to\": \"self\", \"do\": \"credit\", "
		    "\"currency\": \"NOPE\", \"amount\": \"1.00\"}", i ? "," : "");
	snprintf(text + off, sizeof text - off, "]}");
	assert_int_equal(parse_text(text, &a, &e), GB_MAX_ERRORS);
	assert_int_equal(e.n, GB_MAX_ERRORS);
	assert_string_equal(e.e[15].field, "rewards[15].currency");
}

static void
too_many_reward_lines_are_refused(void **state)
{
	char text[8192];
	struct gb_activity a;
	struct gb_errors e;
	size_t off;
	int i;

	(void)state;
	off = (size_t)snprintf(text, sizeof text, MINIMAL ", \"rewards\": [");
	for (i = 0; i < GB_MAX_LINES + 1; i++)
		off += (size_t)snprintf(text + off, sizeof text - off,
		    "%s{\"on\": \"won\", \"to\": \"self\", \"do\": \"credit\", "
		    "\"currency\": \"CARD\", \"amount\": \"1.00\"}", i ? "," : "");
	snprintf(text + off, sizeof text - off, "]}");
	assert_int_equal(parse_text(text, &a, &e), 1);
	assert_string_equal(e.e[0].field, "rewards");
	assert_string_equal(e.e[0].message, "奖励最多 32 条");
}

static void
null_currency_list_knows_no_currency(void **state)
{
	struct json_object *j = json_tokener_parse(MINIMAL ", \"rewards\": ["
	    "{\"on\": \"won\", \"to\": \"self\", \"do\": \"share\", \"bp\": 100},"
	    "{\"on\": \"won\", \"to\": \"self\", \"do\": \"credit\", "
	    "\"currency\": \"CARD\", \"amount\": \"1.00\"}]}");
	struct gb_errors e;

	(void)state;
	assert_int_equal(gb_activity_parse(j, NULL, NULL, &e), 1);
	assert_string_equal(e.e[0].field, "rewards[1].currency");
	json_object_put(j);
}

/* parse → json → parse gives the same activity and the same JSON. */
static void
round_trip(const char *text)
{
	struct gb_activity a, b;
	struct gb_errors e;
	struct json_object *ja, *jb;
	char *sa;

	assert_int_equal(parse_text(text, &a, &e), 0);
	ja = gb_activity_json(&a);
	assert_non_null(ja);
	sa = strdup(json_object_to_json_string_ext(ja, JSON_C_TO_STRING_PLAIN));
	if (gb_activity_parse(ja, currencies, &b, &e) != 0)
		print_errors(&e);
	assert_int_equal(e.n, 0);
	assert_memory_equal(&a, &b, sizeof a);
	jb = gb_activity_json(&b);
	assert_string_equal(sa,
	    json_object_to_json_string_ext(jb, JSON_C_TO_STRING_PLAIN));
	free(sa);
	json_object_put(ja);
	json_object_put(jb);
}

static void
canonical_json_round_trips(void **state)
{
	(void)state;
	round_trip(full_example);
	round_trip(MINIMAL "}");
	round_trip(MINIMAL ", \"mode\": \"leader\", \"rules\": {\"conflict\": "
	    "\"random\", \"relax_order\": [\"window\", \"red_cap\"]}, "
	    "\"rewards\": ["
	    "{\"on\": \"won\", \"do\": \"pool\", \"pool\": \"monthly\", \"bp\": 300},"
	    "{\"on\": \"success\", \"to\": \"owner\", \"do\": \"credit\", "
	    "\"currency\": \"CHANGE\", \"amount\": \"5.00\"},"
	    "{\"on\": \"failure\", \"to\": \"merchant\", \"do\": \"share\", "
	    "\"amount\": \"0.01\"}]}");
}

static void
canonical_json_spells_defaults_and_leaves_off_rules_out(void **state)
{
	struct gb_activity a;
	struct gb_errors e;
	struct json_object *j;

	(void)state;
	assert_int_equal(parse_text(MINIMAL ", \"rules\": {\"member_daily_wins\": "
	    "0, \"streak\": {\"wins\": 0, \"skip\": 0}, \"first_of_day_seat1\": "
	    "false}, \"rewards\": [{\"on\": \"won\", \"do\": \"pool\", "
	    "\"pool\": \"daily\", \"bp\": 200}]}", &a, &e), 0);
	j = gb_activity_json(&a);
	assert_string_equal(json_object_to_json_string_ext(j,
	    JSON_C_TO_STRING_PLAIN),
	    "{\"name\":\"A\",\"mode\":\"public\",\"price\":\"1.00\","
	    "\"seats\":2,\"winners\":1,\"time_limit_min\":1440,"
	    "\"daily_join_limit\":0,\"products\":[],\"rules\":{"
	    "\"relax_order\":[\"member_daily_wins\",\"new_member_daily_wins\"],"
	    "\"conflict\":\"fail\"},\"rewards\":[{\"on\":\"won\",\"do\":\"pool\","
	    "\"currency\":\"CHANGE\",\"bp\":200,\"pool\":\"daily\"}]}");
	json_object_put(j);
	assert_null(gb_activity_json(NULL));
}

/* The description's sentences, in order, against expected[]. */
static void
check_sentences(struct json_object *d, const char *key,
    const char *const *expected)
{
	struct json_object *arr;
	size_t i, n;

	assert_true(json_object_object_get_ex(d, key, &arr));
	n = json_object_array_length(arr);
	for (i = 0; expected[i] != NULL; i++) {
		assert_true(i < n);
		assert_string_equal(json_object_get_string(
		    json_object_array_get_idx(arr, i)), expected[i]);
	}
	assert_int_equal(n, i);
}

static void
describe_states_every_rule_and_reward_with_numbers(void **state)
{
	static const char *const rules[] = {
		"10 人成团，抽 3 人中奖",
		"会员直接参加活动，系统把你排进最早开出、仍有空位的团",
		"参团价 100.00 零钱：中奖者以参团价购得商品，未中奖者退回参团价",
		"每人每天最多参加本活动 5 次",
		"平台补位的席位永远不会中奖",
		"开奖前公布种子承诺（SHA-256），开奖后公开种子，任何人都可验证"
		    "中奖结果",
		"持有红券达到 1200.00 时不能中奖",
		"同一会员在本活动每天最多中奖 2 次",
		"新会员在本活动每天最多中奖 1 次",
		"当天第一次参加本活动且排在第 1 位时不中奖",
		"新会员第一次参团且排在第 1 位时不中奖",
		"连续中奖 3 次后，接下来 2 次参团不能中奖",
		"累计中奖 10 次后，接下来 200 次参团不能中奖",
		"任意连续 5 次参团中最多中奖 1 次",
		"符合条件的会员不足 3 人时依次放宽：会员每日中奖上限、新会员"
		    "每日中奖上限",
		"仍不足时：本团失败，全额退款，不消耗任何中奖资格",
		NULL };
	static const char *const rewards[] = {
		"中奖者获得 300.00 购物卡",
		"中奖者把 40.00 红券转为绿券（以持有为限）",
		"未中奖者获得参团价 5% 的零钱（5.00）",
		"未中奖者的上一代邀请人把 15.00 红券转为绿券（以持有为限）",
		"每个席位的区域代理获得 3.00 零钱",
		"中奖者从购物金中释放参团价 5% 的金额（5.00）到零钱（以持有为限）",
		NULL };
	struct gb_activity a;
	struct gb_errors e;
	struct json_object *d;

	(void)state;
	assert_int_equal(parse_text(full_example, &a, &e), 0);
	d = gb_activity_describe(&a, zh_name, NULL);
	assert_non_null(d);
	check_sentences(d, "rules", rules);
	check_sentences(d, "rewards", rewards);
	json_object_put(d);
	assert_null(gb_activity_describe(NULL, zh_name, NULL));
}

static void
describe_leaves_off_rules_out_and_names_fall_back_to_codes(void **state)
{
	static const char *const rules[] = {
		"5 人成团，抽 1 人中奖",
		"由团长开团，2 小时内未满 5 人则拼团失败，全额退款",
		"参团价 393.00 CHANGE：中奖者以参团价购得商品，未中奖者退回参团价",
		"平台补位的席位永远不会中奖",
		"开奖前公布种子承诺（SHA-256），开奖后公开种子，任何人都可验证"
		    "中奖结果",
		"任意连续 10 次参团中最多中奖 2 次",
		"符合条件的会员不足时：在所有参团会员中随机抽取，上述限制不再适用",
		NULL };
	static const char *const rewards[] = {
		"成团时团长获得 19.00 CHANGE",
		"拼团失败时群主获得参团价 0.5% 的CHANGE（1.97）",
		"每有一位中奖者，团长的推荐人获得 2.00 CHANGE",
		"每个席位的分公司获得参团价 1.25% 的CHANGE（4.91）",
		"成团时每位参团者获得 1.00 份每日分红份额",
		"中奖者的上二代邀请人获得参团价 100% 的每日分红份额（393.00 份）",
		"每有一位中奖者，参团价的 3%（11.79 CHANGE）计入月度分红池",
		"每个席位，2.00 CHANGE计入每日分红池",
		"未中奖者所选商品的商家获得 1.00 CARD",
		NULL };
	struct gb_activity a;
	struct gb_errors e;
	struct json_object *d;

	(void)state;
	/* Only the window rule is on; the default relax order names rules
	 * that are off, so no relax sentence. */
	assert_int_equal(parse_text("{\"name\": \"链\", \"mode\": \"leader\", "
	    "\"price\": \"393.00\", \"seats\": 5, \"winners\": 1, "
	    "\"time_limit_min\": 120, \"rules\": {\"window\": {\"joins\": 10, "
	    "\"max_wins\": 2}, \"conflict\": \"random\"}, \"rewards\": ["
	    "{\"on\": \"success\", \"to\": \"leader\", \"do\": \"credit\", "
	    "\"currency\": \"CHANGE\", \"amount\": \"19.00\"},"
	    "{\"on\": \"failure\", \"to\": \"owner\", \"do\": \"credit\", "
	    "\"currency\": \"CHANGE\", \"bp\": 50},"
	    "{\"on\": \"won\", \"to\": \"leader_recommender\", \"do\": \"credit\", "
	    "\"currency\": \"CHANGE\", \"amount\": \"2.00\"},"
	    "{\"on\": \"seat\", \"to\": \"branch\", \"do\": \"credit\", "
	    "\"currency\": \"CHANGE\", \"bp\": 125},"
	    "{\"on\": \"success\", \"to\": \"self\", \"do\": \"share\", "
	    "\"amount\": \"1.00\"},"
	    "{\"on\": \"won\", \"to\": \"upline2\", \"do\": \"share\", "
	    "\"bp\": 10000},"
	    "{\"on\": \"won\", \"do\": \"pool\", \"pool\": \"monthly\", "
	    "\"bp\": 300},"
	    "{\"on\": \"seat\", \"do\": \"pool\", \"pool\": \"daily\", "
	    "\"amount\": \"2.00\"},"
	    "{\"on\": \"lost\", \"to\": \"merchant\", \"do\": \"credit\", "
	    "\"currency\": \"CARD\", \"amount\": \"1.00\"}]}", &a, &e), 0);
	d = gb_activity_describe(&a, NULL, NULL);
	assert_non_null(d);
	check_sentences(d, "rules", rules);
	check_sentences(d, "rewards", rewards);
	json_object_put(d);
}

static void
describe_relaxes_only_rules_that_are_on(void **state)
{
	struct gb_activity a;
	struct gb_errors e;
	struct json_object *d, *arr;
	size_t n;

	(void)state;
	assert_int_equal(parse_text(MINIMAL ", \"rules\": {\"member_daily_wins\": "
	    "1, \"streak\": {\"wins\": 2, \"skip\": 1}, \"relax_order\": "
	    "[\"streak\", \"new_member_daily_wins\", \"member_daily_wins\"]}}",
	    &a, &e), 0);
	d = gb_activity_describe(&a, zh_name, NULL);
	assert_true(json_object_object_get_ex(d, "rules", &arr));
	n = json_object_array_length(arr);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(
	    arr, n - 2)), "符合条件的会员不足 1 人时依次放宽：连续中奖限制、"
	    "会员每日中奖上限");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(
	    arr, n - 1)), "仍不足时：本团失败，全额退款，不消耗任何中奖资格");
	json_object_put(d);
}

/* --- presets --------------------------------------------------------------- */

static void
load_preset(const char *path, struct gb_activity *a)
{
	struct json_object *j = json_object_from_file(path);
	struct gb_errors e;

	if (j == NULL)
		print_message("cannot read %s (run from the repo root)\n", path);
	assert_non_null(j);
	if (gb_activity_parse(j, currencies, a, &e) != 0)
		print_errors(&e);
	assert_int_equal(e.n, 0);
	json_object_put(j);
}

static void
preset_lianbeihang_loads(void **state)
{
	struct gb_activity a;

	(void)state;
	load_preset("etc/presets/lianbeihang.json", &a);
	assert_string_equal(a.name, "链贝行");
	/* seed 000 §4.2.5: holding 1200 红券 or more, a seat does not win */
	assert_int_equal(a.rules.red_cap, 120000);
	assert_int_equal(a.mode, GB_LEADER);
	assert_int_equal(a.price, 39300);
	assert_int_equal(a.seats, 5);
	assert_int_equal(a.winners, 1);
	assert_int_equal(a.nproducts, 0);
	assert_int_equal(a.nlines, 13);
	assert_string_equal(a.lines[0].currency, "CARD");
	assert_int_equal(a.lines[0].amount, 30000);
	assert_int_equal(a.lines[3].act, GB_DO_CONVERT);
	assert_int_equal(a.lines[3].amount, 4000);
	assert_int_equal(a.lines[6].to, GB_TO_UPLINE2);
	assert_int_equal(a.lines[6].amount, 2000);
	assert_int_equal(a.lines[7].to, GB_TO_LEADER);
	assert_int_equal(a.lines[7].amount, 1900);
	assert_int_equal(a.lines[12].on, GB_ON_SEAT);
	assert_int_equal(a.lines[12].to, GB_TO_UPLINE1);
	assert_int_equal(a.lines[12].amount, 300);
}

static void
preset_quanmin_loads(void **state)
{
	struct gb_activity a;

	(void)state;
	load_preset("etc/presets/quanmin.json", &a);
	assert_string_equal(a.name, "全民拼购");
	assert_int_equal(a.mode, GB_PUBLIC);
	assert_int_equal(a.price, 10000);
	assert_int_equal(a.seats, 10);
	assert_int_equal(a.winners, 3);
	assert_int_equal(a.nlines, 14);
	assert_int_equal(a.lines[2].act, GB_DO_RELEASE);
	assert_int_equal(a.lines[2].bp, 500);
	assert_int_equal(a.lines[3].act, GB_DO_SHARE);
	assert_int_equal(a.lines[3].bp, 10000);
	assert_int_equal(a.lines[8].to, GB_TO_UPLINE1);
	assert_int_equal(a.lines[8].bp, 200);
	assert_int_equal(a.lines[12].act, GB_DO_POOL);
	assert_string_equal(a.lines[12].pool, "monthly");
	assert_int_equal(a.lines[12].bp, 300);
	assert_string_equal(a.lines[13].pool, "daily");
	assert_int_equal(a.lines[13].bp, 200);
}

static void
preset_tequan_loads(void **state)
{
	struct gb_activity a;

	(void)state;
	load_preset("etc/presets/tequan.json", &a);
	assert_int_equal(a.price, 20000);
	assert_int_equal(a.seats, 10);
	assert_int_equal(a.winners, 1);
	assert_int_equal(a.daily_join_limit, 5);
	assert_int_equal(a.rules.cum_wins, 10);
	assert_int_equal(a.rules.cum_skip, 200);
	assert_int_equal(a.nlines, 1);
	assert_int_equal(a.lines[0].on, GB_ON_LOST);
	assert_string_equal(a.lines[0].currency, "CHANGE");
	assert_int_equal(a.lines[0].amount, 1000);
}

static void
presets_round_trip(void **state)
{
	static const char *const files[] = { "etc/presets/lianbeihang.json",
		"etc/presets/quanmin.json", "etc/presets/tequan.json" };
	struct json_object *j;
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		j = json_object_from_file(files[i]);
		assert_non_null(j);
		round_trip(json_object_to_json_string(j));
		json_object_put(j);
	}
}

/* Percentages for people: the shortest exact form, negatives signed. */
static void
pct_format_is_exact_and_signed(void **state)
{
	char b[24];

	(void)state;
	assert_string_equal(gb_pct_format(500, b), "5%");
	assert_string_equal(gb_pct_format(250, b), "2.5%");
	assert_string_equal(gb_pct_format(1, b), "0.01%");
	assert_string_equal(gb_pct_format(0, b), "0%");
	assert_string_equal(gb_pct_format(-1626, b), "-16.26%");
	assert_string_equal(gb_pct_format(-50, b), "-0.5%");
}

/* D1: a zone holds what costs up to its amount; ¥100 is not in the 99 元区. */
static void
zone_is_the_smallest_at_least_the_price(void **state)
{
	static const int64_t z[] = { 99, 199, 299, 10000, 50000, 1000000 };
	const size_t n = sizeof(z) / sizeof(z[0]);

	(void)state;
	assert_int_equal(gb_zone_of(1, z, n), 99);
	assert_int_equal(gb_zone_of(9900, z, n), 99);
	assert_int_equal(gb_zone_of(9901, z, n), 199);
	assert_int_equal(gb_zone_of(10000, z, n), 199);	/* ¥100 */
	assert_int_equal(gb_zone_of(19900, z, n), 199);
	assert_int_equal(gb_zone_of(29901, z, n), 10000);
	assert_int_equal(gb_zone_of(1000000, z, n), 10000);	/* 万元区 */
	assert_int_equal(gb_zone_of(1000001, z, n), 50000);
	assert_int_equal(gb_zone_of(100000000, z, n), 1000000);
	assert_int_equal(gb_zone_of(200000000, z, n), 1000000);	/* past the last */
	assert_int_equal(gb_zone_of(100, NULL, 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_example_parses_every_field),
		cmocka_unit_test(zone_is_the_smallest_at_least_the_price),
		cmocka_unit_test(absent_optional_fields_take_the_documented_defaults),
		cmocka_unit_test(name_counts_characters_not_bytes),
		cmocka_unit_test(each_bad_field_is_named_with_its_message),
		cmocka_unit_test(upline3_is_refused_with_the_three_generation_limit),
		cmocka_unit_test(all_errors_are_collected),
		cmocka_unit_test(errors_stop_at_the_maximum),
		cmocka_unit_test(too_many_reward_lines_are_refused),
		cmocka_unit_test(null_currency_list_knows_no_currency),
		cmocka_unit_test(canonical_json_round_trips),
		cmocka_unit_test(canonical_json_spells_defaults_and_leaves_off_rules_out),
		cmocka_unit_test(describe_states_every_rule_and_reward_with_numbers),
		cmocka_unit_test(describe_leaves_off_rules_out_and_names_fall_back_to_codes),
		cmocka_unit_test(describe_relaxes_only_rules_that_are_on),
		cmocka_unit_test(preset_lianbeihang_loads),
		cmocka_unit_test(preset_quanmin_loads),
		cmocka_unit_test(preset_tequan_loads),
		cmocka_unit_test(presets_round_trip),
		cmocka_unit_test(pct_format_is_exact_and_signed),
		cmocka_unit_test(vouchers_parse_round_trip_and_are_described),
		cmocka_unit_test(vouchers_are_refused_field_by_field),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
