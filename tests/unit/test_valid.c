/* test_valid: the field-table validator, its Chinese messages, phone
 * checks and masking (cgi-bin/lib/valid.c). */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "amount.h"
#include "arena.h"
#include "form.h"
#include "valid.h"

static int
setup(void **state)
{
	*state = arena_new();
	return *state == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* Validates one field against the query string q. */
static int
check1(void **state, const struct field *f, const char *q, struct fval *v,
    struct ferr *e)
{
	kvlist l;

	assert_int_equal(form_parse(*state, q, strlen(q), &l), FORM_OK);
	return valid_form(*state, &l, f, 1, v, e);
}

/* q must pass f; returns the value. */
static struct fval
ok1(void **state, const struct field *f, const char *q)
{
	struct fval v;
	struct ferr e;

	if (check1(state, f, q, &v, &e) != 0)
		fail_msg("\"%s\" refused: %s (%s)", q, e.message, e.code);
	return v;
}

/* q must fail f with code and message. */
static void
bad1(void **state, const struct field *f, const char *q, const char *code,
    const char *message)
{
	struct fval v;
	struct ferr e;

	if (check1(state, f, q, &v, &e) == 0)
		fail_msg("\"%s\" accepted for %s", q, f->name);
	assert_string_equal(e.field, f->name);
	assert_string_equal(e.code, code);
	if (message != NULL)
		assert_string_equal(e.message, message);
}

static void
phone_accepts_mainland_mobiles(void **state)
{
	static const struct field f = { .name = "phone", .label = "手机号",
	    .type = V_PHONE, .required = 1 };
	struct fval v;

	v = ok1(state, &f, "phone=13812345678");
	assert_true(v.present);
	assert_string_equal(v.s, "13812345678");
	v = ok1(state, &f, "phone=+19912345678+");	/* '+' is a space */
	assert_string_equal(v.s, "19912345678");
	ok1(state, &f, "phone=13000000000");
}

static void
phone_refuses_others(void **state)
{
	static const struct field f = { .name = "phone", .label = "手机号",
	    .type = V_PHONE, .required = 1 };

	bad1(state, &f, "phone=12812345678", "invalid", "请输入正确的手机号");
	bad1(state, &f, "phone=1381234567", "invalid", NULL);	/* 10 */
	bad1(state, &f, "phone=138123456789", "invalid", NULL);	/* 12 */
	bad1(state, &f, "phone=1381234567a", "invalid", NULL);
	bad1(state, &f, "phone=138+1234+5678", "invalid", NULL);
	bad1(state, &f, "phone=%2B8613812345678", "invalid", NULL);
	bad1(state, &f, "phone=", "required", "请填写手机号");
	bad1(state, &f, "other=1", "required", "请填写手机号");
	bad1(state, &f, "phone=+++", "required", "请填写手机号");
}

static void
valid_phone_and_mask(void **state)
{
	assert_true(valid_phone("13812345678"));
	assert_false(valid_phone("23812345678"));
	assert_false(valid_phone("11812345678"));
	assert_false(valid_phone(" 13812345678"));
	assert_false(valid_phone(NULL));
	assert_false(valid_phone(""));
	assert_string_equal(mask_phone(*state, "13812345678"), "138****5678");
	assert_string_equal(mask_phone(*state, "85212345678"), "852****5678");
	assert_string_equal(mask_phone(*state, "1234567"), "****");
	assert_string_equal(mask_phone(*state, "手机号码一二三四"), "****");
	assert_null(mask_phone(*state, NULL));
}

static void
str_trims_and_counts_code_points(void **state)
{
	static const struct field f = { .name = "street", .label = "详细地址",
	    .type = V_STR, .required = 1, .min = 2, .max = 5 };
	struct fval v;

	v = ok1(state, &f, "street=+%E4%B8%AD%E6%96%87+");	/* " 中文 " */
	assert_string_equal(v.s, "中文");
	assert_int_equal(v.i, 2);
	v = ok1(state, &f, "street=中文路1号");
	assert_int_equal(v.i, 5);
	bad1(state, &f, "street=中", "too_short", "详细地址至少 2 个字");
	bad1(state, &f, "street=中文路12号", "too_long",
	    "详细地址最多 5 个字");
	bad1(state, &f, "street=%09%0A+", "required", "请填写详细地址");
}

static void
str_refuses_control_characters(void **state)
{
	static const struct field f = { .name = "name", .label = "姓名",
	    .type = V_STR, .max = 20 };
	static const struct field ml = { .name = "desc", .label = "描述",
	    .type = V_STR, .max = 200, .flags = VF_MULTILINE };
	struct fval v;

	bad1(state, &f, "name=a%0Ab", "invalid", "姓名包含不允许的控制字符");
	bad1(state, &f, "name=a%09b", "invalid", NULL);
	bad1(state, &f, "name=a%7Fb", "invalid", NULL);
	bad1(state, &f, "name=a%C2%85b", "invalid", NULL);	/* U+0085 */
	bad1(state, &f, "name=a%1Bb", "invalid", NULL);
	v = ok1(state, &ml, "desc=line1%0D%0Aline2");
	assert_string_equal(v.s, "line1\r\nline2");
	bad1(state, &ml, "desc=a%09b", "invalid", NULL);
}

static void
str_optional_absent_is_not_present(void **state)
{
	static const struct field f = { .name = "wallet", .label = "钱包地址",
	    .type = V_STR, .max = 100 };
	struct fval v;

	v = ok1(state, &f, "x=1");
	assert_false(v.present);
	assert_null(v.s);
	v = ok1(state, &f, "wallet=++");
	assert_false(v.present);
}

static void
str_raw_keeps_spaces_and_uses_unit(void **state)
{
	static const struct field f = { .name = "password", .label = "密码",
	    .type = V_STR, .required = 1, .min = 8, .max = 64, .unit = "位",
	    .flags = VF_RAW };
	struct fval v;

	v = ok1(state, &f, "password=+abc+12345");
	assert_string_equal(v.s, " abc 12345");
	bad1(state, &f, "password=abc1234", "too_short", "密码至少 8 位");
	bad1(state, &f, "password=", "required", "请填写密码");
}

static void
str_without_max_is_unbounded(void **state)
{
	static const struct field f = { .name = "memo", .label = "备注",
	    .type = V_STR };

	ok1(state, &f, "memo=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
}

static void
str_refuses_invalid_utf8_given_directly(void **state)
{
	static const struct field f = { .name = "n", .label = "昵称",
	    .type = V_STR };
	kv pair = { "n", "a\xffz" };
	kvlist l = { &pair, 1 };
	struct fval v;
	struct ferr e;

	assert_int_equal(valid_form(*state, &l, &f, 1, &v, &e), -1);
	assert_string_equal(e.code, "invalid");
	assert_string_equal(e.message, "昵称包含无效字符");
}

static void
utf8_len_counts_code_points(void **state)
{
	(void)state;
	assert_int_equal(valid_utf8_len("中文"), 2);
	assert_int_equal(valid_utf8_len("a中b"), 3);
	assert_int_equal(valid_utf8_len("\xf0\x9f\x98\x80"), 1);
	assert_int_equal(valid_utf8_len(""), 0);
	assert_int_equal(valid_utf8_len(NULL), 0);
	assert_int_equal(valid_utf8_len("\xe4\xb8"), -1);
}

static void
int_accepts_signs_and_bounds(void **state)
{
	static const struct field f = { .name = "qty", .label = "数量",
	    .type = V_INT, .required = 1, .min = 1, .max = 99 };
	static const struct field any = { .name = "n", .label = "数值",
	    .type = V_INT };
	struct fval v;

	v = ok1(state, &f, "qty=5");
	assert_int_equal(v.i, 5);
	assert_string_equal(v.s, "5");
	v = ok1(state, &f, "qty=%2B007");
	assert_int_equal(v.i, 7);
	ok1(state, &f, "qty=99");
	bad1(state, &f, "qty=0", "range", "数量不能小于 1");
	bad1(state, &f, "qty=100", "range", "数量不能大于 99");
	bad1(state, &f, "qty=-3", "range", "数量不能小于 1");
	bad1(state, &f, "qty=1.5", "invalid", "数量须为整数");
	bad1(state, &f, "qty=1e2", "invalid", NULL);
	bad1(state, &f, "qty=-", "invalid", NULL);
	bad1(state, &f, "qty=1+2", "invalid", NULL);
	bad1(state, &f, "qty=99999999999999999999", "range",
	    "数量不能大于 99");
	v = ok1(state, &any, "n=-9223372036854775808");
	assert_true(v.i == LLONG_MIN);
	bad1(state, &any, "n=9223372036854775808", "range", "数值超出范围");
}

static void
amount_default_two_decimals(void **state)
{
	static const struct field f = { .name = "amount", .label = "提现金额",
	    .type = V_AMOUNT, .required = 1, .min = 1 };
	struct fval v;

	v = ok1(state, &f, "amount=12.34");
	assert_int_equal(v.amount, 1234);
	v = ok1(state, &f, "amount=12");
	assert_int_equal(v.amount, 1200);
	bad1(state, &f, "amount=1.234", "precision", "提现金额最多两位小数");
	bad1(state, &f, "amount=abc", "invalid", "提现金额格式不正确");
	bad1(state, &f, "amount=-1", "range", "提现金额不能为负");
	bad1(state, &f, "amount=99999999999999999", "range", "提现金额过大");
	bad1(state, &f, "amount=0", "range", "提现金额须大于 0");
	bad1(state, &f, "amount=", "required", "请填写提现金额");
}

static void
amount_bounds_in_smallest_units(void **state)
{
	static const struct field f = { .name = "amount", .label = "充值金额",
	    .type = V_AMOUNT, .required = 1, .min = 1000, .max = 500000 };

	assert_int_equal(ok1(state, &f, "amount=10").amount, 1000);
	assert_int_equal(ok1(state, &f, "amount=5000.00").amount, 500000);
	bad1(state, &f, "amount=9.99", "range", "充值金额不能小于 10.00");
	bad1(state, &f, "amount=5000.01", "range", "充值金额不能大于 5000.00");
}

static void
amount_other_decimals(void **state)
{
	static const struct field z = { .name = "pts", .label = "积分",
	    .type = V_AMOUNT, .decimals = VALID_DEC0 };
	static const struct field t = { .name = "x", .label = "数额",
	    .type = V_AMOUNT, .decimals = 3 };

	assert_int_equal(ok1(state, &z, "pts=12").amount, 12);
	bad1(state, &z, "pts=12.5", "precision", "积分须为整数");
	assert_int_equal(ok1(state, &t, "x=1.234").amount, 1234);
	bad1(state, &t, "x=1.2345", "precision", "数额最多三位小数");
	assert_int_equal(valid_decimals(0), VALID_DEC0);
	assert_int_equal(valid_decimals(2), 2);
}

static void
amount_signed_flag(void **state)
{
	static const struct field f = { .name = "delta", .label = "调整金额",
	    .type = V_AMOUNT, .required = 1, .flags = VF_SIGNED };
	static const struct field b = { .name = "delta", .label = "调整金额",
	    .type = V_AMOUNT, .flags = VF_SIGNED, .min = -10000,
	    .max = 10000 };

	assert_int_equal(ok1(state, &f, "delta=-0.05").amount, -5);
	assert_int_equal(ok1(state, &f, "delta=3").amount, 300);
	assert_int_equal(ok1(state, &b, "delta=-100").amount, -10000);
	bad1(state, &b, "delta=-100.01", "range", "调整金额不能小于 -100.00");
	bad1(state, &b, "delta=100.01", "range", "调整金额不能大于 100.00");
}

static void
enum_matches_exactly(void **state)
{
	static const char *const pay[] = { "change", "card", "points", NULL };
	static const struct field f = { .name = "pay", .label = "支付方式",
	    .type = V_ENUM, .required = 1, .choices = pay };
	struct fval v;

	v = ok1(state, &f, "pay=card");
	assert_ptr_equal(v.s, pay[1]);
	assert_int_equal(v.i, 1);
	bad1(state, &f, "pay=Card", "invalid", "请选择有效的支付方式");
	bad1(state, &f, "pay=cash", "invalid", NULL);
	bad1(state, &f, "pay=", "required", "请选择支付方式");
}

static void
region_needs_six_digits(void **state)
{
	static const struct field f = { .name = "district", .label = "所在区县",
	    .type = V_REGION, .required = 1 };
	struct fval v;

	v = ok1(state, &f, "district=110105");
	assert_string_equal(v.s, "110105");
	assert_int_equal(v.i, 110105);
	bad1(state, &f, "district=11010", "invalid", "请选择正确的所在区县");
	bad1(state, &f, "district=1101050", "invalid", NULL);
	bad1(state, &f, "district=11010x", "invalid", NULL);
	bad1(state, &f, "district=", "required", "请选择所在区县");
}

static void
bool_values_and_required_message(void **state)
{
	static const struct field opt = { .name = "remember",
	    .label = "记住我", .type = V_BOOL };
	static const struct field agree = { .name = "agree",
	    .label = "用户协议", .type = V_BOOL, .required = 1 };
	static const struct field custom = { .name = "agree",
	    .label = "用户协议", .type = V_BOOL, .required = 1,
	    .msg_required = "请先同意《用户协议》" };

	assert_int_equal(ok1(state, &opt, "remember=1").i, 1);
	assert_int_equal(ok1(state, &opt, "remember=on").i, 1);
	assert_int_equal(ok1(state, &opt, "remember=true").i, 1);
	assert_int_equal(ok1(state, &opt, "remember=0").i, 0);
	assert_int_equal(ok1(state, &opt, "remember=off").i, 0);
	assert_int_equal(ok1(state, &opt, "remember=").i, 0);
	assert_int_equal(ok1(state, &opt, "x=1").i, 0);
	assert_false(ok1(state, &opt, "x=1").present);
	bad1(state, &opt, "remember=yes!", "invalid", "记住我的值无效");
	assert_int_equal(ok1(state, &agree, "agree=on").i, 1);
	bad1(state, &agree, "x=1", "required", "请阅读并同意用户协议");
	bad1(state, &agree, "agree=0", "required", "请阅读并同意用户协议");
	bad1(state, &custom, "x=1", "required", "请先同意《用户协议》");
}

static void
code_digits_and_length(void **state)
{
	static const struct field six = { .name = "code", .label = "验证码",
	    .type = V_CODE, .required = 1 };
	static const struct field range = { .name = "code", .label = "验证码",
	    .type = V_CODE, .required = 1, .min = 4, .max = 6 };

	assert_string_equal(ok1(state, &six, "code=012345").s, "012345");
	bad1(state, &six, "code=12345", "too_short", "验证码应为 6 位数字");
	bad1(state, &six, "code=1234567", "too_long", NULL);
	bad1(state, &six, "code=12345a", "invalid", NULL);
	bad1(state, &six, "code=", "required", "请填写验证码");
	ok1(state, &range, "code=1234");
	bad1(state, &range, "code=123", "too_short",
	    "验证码应为 4 至 6 位数字");
}

static void
first_error_in_table_order(void **state)
{
	static const struct field f[] = {
		{ .name = "phone", .label = "手机号", .type = V_PHONE,
		  .required = 1 },
		{ .name = "code", .label = "验证码", .type = V_CODE,
		  .required = 1 },
		{ .name = "password", .label = "密码", .type = V_STR,
		  .required = 1, .min = 8, .max = 64, .unit = "位",
		  .flags = VF_RAW },
	};
	struct fval v[3];
	struct ferr e;
	kvlist l;
	/* Form order differs from table order; both code and password are
	 * bad: the table's first bad field (code) is reported. */
	const char *q = "password=short&code=12&phone=13812345678";

	assert_int_equal(form_parse(*state, q, strlen(q), &l), FORM_OK);
	assert_int_equal(valid_form(*state, &l, f, 3, v, &e), -1);
	assert_string_equal(e.field, "code");
	assert_string_equal(e.message, "验证码应为 6 位数字");
	assert_string_equal(v[0].s, "13812345678");

	q = "password=longenough&code=123456&phone=13812345678&extra=1";
	assert_int_equal(form_parse(*state, q, strlen(q), &l), FORM_OK);
	assert_int_equal(valid_form(*state, &l, f, 3, v, &e), 0);
	assert_string_equal(v[1].s, "123456");
	assert_string_equal(v[2].s, "longenough");
}

static void
repeated_key_uses_first_value(void **state)
{
	static const struct field f = { .name = "qty", .label = "数量",
	    .type = V_INT, .min = 1, .max = 9 };

	assert_int_equal(ok1(state, &f, "qty=2&qty=100").i, 2);
}

static void
null_list_means_all_absent(void **state)
{
	static const struct field f[] = {
		{ .name = "a", .label = "甲", .type = V_STR },
		{ .name = "b", .label = "乙", .type = V_INT, .required = 1 },
	};
	struct fval v[2];
	struct ferr e;

	assert_int_equal(valid_form(*state, NULL, f, 2, v, &e), -1);
	assert_string_equal(e.field, "b");
	assert_string_equal(e.message, "请填写乙");
	assert_int_equal(valid_form(*state, NULL, f, 1, v, &e), 0);
	assert_false(v[0].present);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(phone_accepts_mainland_mobiles),
		T(phone_refuses_others),
		T(valid_phone_and_mask),
		T(str_trims_and_counts_code_points),
		T(str_refuses_control_characters),
		T(str_optional_absent_is_not_present),
		T(str_raw_keeps_spaces_and_uses_unit),
		T(str_without_max_is_unbounded),
		T(str_refuses_invalid_utf8_given_directly),
		T(utf8_len_counts_code_points),
		T(int_accepts_signs_and_bounds),
		T(amount_default_two_decimals),
		T(amount_bounds_in_smallest_units),
		T(amount_other_decimals),
		T(amount_signed_flag),
		T(enum_matches_exactly),
		T(region_needs_six_digits),
		T(bool_values_and_required_message),
		T(code_digits_and_length),
		T(first_error_in_table_order),
		T(repeated_key_uses_first_value),
		T(null_list_means_all_absent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
