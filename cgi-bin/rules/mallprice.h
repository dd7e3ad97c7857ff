/* mallprice: what a mall product costs in the mall's currency (C3).
 * Products are priced in ¥ (fen); each mall is paid in its own currency at
 * the setting mall.<MALL>.rate, written "units:yuan" — `units` of the
 * currency buy `yuan` ¥ ("10:1": ¥1.00 costs 10.00 积分). The conversion is
 * convert_exact's: a price that would leave a fraction of the smallest unit
 * is refused, never rounded. Ordering and every price shown use these two
 * functions, so the price on the list is the price paid. Pure. */
#ifndef PT_MALLPRICE_H
#define PT_MALLPRICE_H
#include <stdint.h>

/* Parses a rate "units:yuan" (two positive integers, nothing after them)
 * into *units and *yuan. Returns CONVERT_OK, or CONVERT_ERATE (outputs
 * untouched) for NULL, bad syntax or a part that is not positive. */
int	mall_rate_parse(const char *rate, int64_t *units, int64_t *yuan);

/* *out = yuan_fen × units / yuan, the cost in the currency's smallest unit
 * (same decimals as ¥). Returns convert_exact's code: CONVERT_OK,
 * CONVERT_ERATE, CONVERT_EINEXACT or CONVERT_ERANGE (*out untouched). */
int	mall_price(int64_t yuan_fen, int64_t units, int64_t yuan, int64_t *out);

#endif
