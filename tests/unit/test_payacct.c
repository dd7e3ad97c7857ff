/* Unit tests for payout account checks and masks (rules/payacct). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "payacct.h"

static void
luhn(void **state)
{
	(void)state;
	assert_true(payacct_luhn("79927398713"));
	assert_false(payacct_luhn("79927398710"));
	assert_true(payacct_luhn("4111111111111111"));
	assert_false(payacct_luhn("4111111111111112"));
	assert_false(payacct_luhn("41111x1111111111"));
	assert_false(payacct_luhn(""));
}

static void
cards(void **state)
{
	(void)state;
	assert_int_equal(payacct_card_check("4111111111111111"), PAYACCT_OK);
	assert_int_equal(payacct_card_check("6222020200112233441"),
	    payacct_luhn("6222020200112233441") ? PAYACCT_OK : PAYACCT_ELUHN);
	assert_int_equal(payacct_card_check("4111111111111112"), PAYACCT_ELUHN);
	assert_int_equal(payacct_card_check("4111 1111 1111 1111"), PAYACCT_ECHARS);
	assert_int_equal(payacct_card_check("79927398713"), PAYACCT_ELEN);
	assert_int_equal(payacct_card_check("41111111111111111111"), PAYACCT_ELEN);
}

static void
alipay(void **state)
{
	(void)state;
	assert_int_equal(payacct_alipay_check("13800138000"), PAYACCT_OK);
	assert_int_equal(payacct_alipay_check("pay.me@example.com"), PAYACCT_OK);
	assert_int_equal(payacct_alipay_check("12800138000"), PAYACCT_EALIPAY);
	assert_int_equal(payacct_alipay_check("1380013800"), PAYACCT_EALIPAY);
	assert_int_equal(payacct_alipay_check("@example.com"), PAYACCT_EALIPAY);
	assert_int_equal(payacct_alipay_check("a@b@c.com"), PAYACCT_EALIPAY);
	assert_int_equal(payacct_alipay_check("a@com"), PAYACCT_EALIPAY);
	assert_int_equal(payacct_alipay_check("a b@c.com"), PAYACCT_EALIPAY);
	assert_int_equal(payacct_alipay_check("a<b@c.com"), PAYACCT_EALIPAY);
}

static void
names(void **state)
{
	(void)state;
	assert_int_equal(payacct_name_check("张三"), PAYACCT_OK);
	assert_int_equal(payacct_name_check("阿依古丽·买买提"), PAYACCT_OK);
	assert_int_equal(payacct_name_check("John Smith"), PAYACCT_OK);
	assert_int_equal(payacct_name_check("张"), PAYACCT_ENAME);
	assert_int_equal(payacct_name_check("张三1"), PAYACCT_ENAME);
	assert_int_equal(payacct_name_check("<b>张三"), PAYACCT_ENAME);
	assert_int_equal(payacct_name_check(" 张三"), PAYACCT_ENAME);
	assert_int_equal(payacct_name_check("一二三四五六七八九十一二三四五六七八九十一"),
	    PAYACCT_ENAME);
}

static void
masks(void **state)
{
	char b[64];

	(void)state;
	payacct_mask("6222020200112233441", b, sizeof(b));
	assert_string_equal(b, "6222****3441");
	payacct_mask("13800138000", b, sizeof(b));
	assert_string_equal(b, "138****8000");
	payacct_mask("pay.me@example.com", b, sizeof(b));
	assert_string_equal(b, "p***@example.com");
	payacct_mask("1234", b, sizeof(b));
	assert_string_equal(b, "****");
	payacct_mask_name("张三", b, sizeof(b));
	assert_string_equal(b, "*三");
	payacct_mask_name("欧阳娜娜", b, sizeof(b));
	assert_string_equal(b, "***娜");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(luhn),
		cmocka_unit_test(cards),
		cmocka_unit_test(alipay),
		cmocka_unit_test(names),
		cmocka_unit_test(masks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
