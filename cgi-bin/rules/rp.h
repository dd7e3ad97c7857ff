/* rp: the pure rules of the red-packet rain (红包雨, FEATURES E1–E3): the
 * split of a rain's total into its packets, and the checks of a new rain.
 *
 * The split (E1), fixed when the rain is created, "double the mean":
 * with R fen and k packets still to cut, the next packet is uniform in
 * [1, hi] fen, hi = min(floor(2R / k), R − (k − 1)) (twice the mean of
 * what remains, rounded down, and never so much that a later packet
 * would get less than 0.01); the last packet takes the remainder R. So
 * every packet is at least 0.01 and they sum to the total exactly.
 *
 * The random numbers are the fair random stream (fairrand.h) of the
 * rain's seed named "rp-<rain id>", one uniform(hi) draw per packet but
 * the last: anyone holding the revealed seed recomputes every amount
 * (static/js/rp-verify.js does, in the browser; tests/unit/test_rp.c and
 * tests/http/rp_verify_js.test.mjs check the two on the same vectors). */
#ifndef PT_RP_H
#define PT_RP_H
#include <stddef.h>
#include <stdint.h>
#include "fairrand.h"

#define RP_COUNT_MAX	100000		/* packets in one rain */
#define RP_TOTAL_MAX	2000000000LL	/* fen: 2·R/k stays below 2^32 */
#define RP_CAP_MAX	1000		/* packets one member may grab */

enum rp_err {
	RP_OK = 0,
	RP_EINVAL = -1		/* count or total out of range, total < count */
};

/* The stream of rain id with seed[0..32): fairrand named "rp-<id>". */
void	rp_stream_init(struct fairrand *s, const uint8_t seed[32],
	    unsigned long long rain_id);
/* Splits total fen into count packets into out[0..count) as above.
 * RP_OK, or RP_EINVAL (out untouched) unless 1 <= count <= RP_COUNT_MAX
 * and count <= total <= RP_TOTAL_MAX. */
int	rp_split(const uint8_t seed[32], unsigned long long rain_id,
	    int64_t total, uint32_t count, int64_t *out);
/* The split's bound for the next packet, R fen left for k packets
 * (k >= 1, R >= k): what the draw above picks in [1, hi]. */
int64_t	rp_hi(int64_t remaining, uint32_t k);

/* A rain as the operator asks for it (times: seconds since the epoch). */
struct rp_plan {
	int64_t		 total;
	long long	 count, cap;
	long long	 start, end;
	int64_t		 max_total;	/* the setting rp.max_total */
	long long	 max_count;	/* the setting rp.max_count */
};
/* Checks p; 0, or -1 with *field and *msg (static Chinese) naming the
 * first problem. */
int	rp_plan_check(const struct rp_plan *p, const char **field,
	    const char **msg);

#endif
