/* economy: release, pro-rata split, the monthly pool calendar, blind-box
 * weights (see economy.h). */
#include "amount.h"
#include "economy.h"

int64_t
release_amount(int64_t held, int64_t bp)
{
	int64_t r;

	if (held <= 0 || bp <= 0)
		return 0;
	r = bp_of(held, bp);
	return r > held ? held : r;
}

int64_t
release_bp_for(int64_t base_bp, int64_t fast_bp, int joined)
{
	if (!joined || fast_bp < base_bp)
		return base_bp;
	return fast_bp;
}

int
split_pro_rata(int64_t pool, const int64_t *units, size_t n, int64_t *out,
    int64_t *remainder)
{
	__int128	total = 0;
	int64_t		paid = 0;
	size_t		i;

	for (i = 0; i < n; i++) {
		if (units[i] < 0)
			return -1;
		total += units[i];
		out[i] = 0;
	}
	if (pool <= 0 || total == 0) {
		*remainder = pool;
		return 0;
	}
	for (i = 0; i < n; i++) {
		out[i] = (int64_t)(((__int128)pool * units[i]) / total);
		paid += out[i];
	}
	*remainder = pool - paid;
	return 0;
}

int
days_in_month(int year, int month)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	if (month < 1 || month > 12)
		return 0;
	return month == 2 && leap ? 29 : d[month - 1];
}

enum divpool_window
divpool_window(int day)
{
	if (day <= 5)
		return DIVPOOL_INOUT;
	if (day <= 24)
		return DIVPOOL_IN_ONLY;
	return DIVPOOL_FROZEN;
}

const char *
divpool_move_check(int day, int in, int64_t amount, int64_t step)
{
	enum divpool_window w = divpool_window(day);

	if (amount <= 0 || step <= 0 || amount % (step * 100) != 0)
		return "分红积分须按整百移入或移出";
	if (w == DIVPOOL_FROZEN)
		return "每月 25 日至月底分红池冻结结算，暂不能移入或移出";
	if (!in && w != DIVPOOL_INOUT)
		return "每月 1–5 日才能移出分红积分，6–24 日只能移入";
	return 0;
}

const char *
divpts_redeem_check(int day)
{
	if (day >= 1 && divpool_window(day) == DIVPOOL_INOUT)
		return 0;
	return "分红积分每月 1–5 日才能兑换商品，今天不能兑换，请下月 1 日再来";
}

int
box_pick(const int64_t *weights, size_t n, uint64_t u)
{
	uint64_t	acc = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		if (weights[i] <= 0)
			return -1;
	for (i = 0; i < n; i++) {
		acc += (uint64_t)weights[i];
		if (u < acc)
			return (int)i;
	}
	return -1;
}
