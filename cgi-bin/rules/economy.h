/* economy: the arithmetic of the group-buy economy over time (FEATURES A6,
 * D7, D8, D11). Pure: no I/O, no globals, int64 amounts in the smallest
 * unit, never a float.
 *
 *   release_amount   D7 static 购物金 release: bp of the balance, half-up,
 *                    never more than held.
 *   release_bp_for   D7 the day's rate: accelerated on a day with a join.
 *   split_pro_rata   D8 dividends: a pool shared in proportion to units,
 *                    each share rounded down; the remainder stays in the
 *                    pool (so the sum paid never exceeds the pool).
 *   divpool_window   D8 monthly 分红积分 pool calendar: days 1–5 in and
 *                    out, 6–24 only in, 25 to the month's end frozen.
 *   divpts_redeem_check  D8 分红积分 buy products on days 1–5 only.
 *   box_pick         D11 blind box: a weighted prize from a uniform draw. */
#ifndef PT_ECONOMY_H
#define PT_ECONOMY_H
#include <stddef.h>
#include <stdint.h>

/* bp basis points of held, rounded half-up, at most held; 0 when held or
 * bp is not positive. */
int64_t	release_amount(int64_t held, int64_t bp);
/* D7 acceleration: the rate (bp) of a day's static release for a member
 * who joined a group that day (joined != 0): the accelerated rate fast_bp,
 * never below the base rate; otherwise base_bp. */
int64_t	release_bp_for(int64_t base_bp, int64_t fast_bp, int joined);

/* Splits pool among n holders by units (units[i] >= 0): out[i] =
 * floor(pool * units[i] / total), computed in 128 bits; *remainder = pool
 * - sum(out). With no units at all (or pool <= 0) everything is 0 and the
 * whole pool remains. Returns 0, or -1 on a negative unit. */
int	split_pro_rata(int64_t pool, const int64_t *units, size_t n,
	    int64_t *out, int64_t *remainder);

enum divpool_window {
	DIVPOOL_INOUT,		/* days 1–5: move in and out */
	DIVPOOL_IN_ONLY,	/* days 6–24: only in */
	DIVPOOL_FROZEN		/* day 25 to the end: frozen, then settled */
};

/* Days in a month (1–12) of a Gregorian year; 0 for a bad month. */
int	days_in_month(int year, int month);
/* The window of day (1..days_in_month) of a month. */
enum divpool_window divpool_window(int day);
/* 0 when a move of amount points (smallest units; 2 decimals) in the
 * direction (in: 1, out: 0) is allowed on that day with moves in
 * multiples of step whole points; else a Chinese reason (static). */
const char *divpool_move_check(int day, int in, int64_t amount, int64_t step);

/* D8: 0 when 分红积分 may be redeemed for products on day (1..31) of the
 * month (days 1–5, with moving out of the pool); else a Chinese reason
 * (static). */
const char *divpts_redeem_check(int day);

/* D11: the prize index for a uniform draw u in [0, total weight) over n
 * weights (each > 0): the first i with u < w[0] + … + w[i]; -1 when u is
 * out of range or a weight is not positive. */
int	box_pick(const int64_t *weights, size_t n, uint64_t u);

#endif
