/* rp: the red-packet rain's split and the checks of a new rain (rp.h). */
#include <assert.h>
#include <stdio.h>
#include "rp.h"

void
rp_stream_init(struct fairrand *s, const uint8_t seed[32],
    unsigned long long rain_id)
{
	char	 label[32];
	int	 rc;

	snprintf(label, sizeof(label), "rp-%llu", rain_id);
	rc = fairrand_init(s, seed, 32, label);
	assert(rc == 0);
	(void)rc;
}

int64_t
rp_hi(int64_t remaining, uint32_t k)
{
	int64_t	 hi = 2 * remaining / (int64_t)k;	/* rounded down */

	if (hi > remaining - (int64_t)(k - 1))
		hi = remaining - (int64_t)(k - 1);
	return hi < 1 ? 1 : hi;
}

int
rp_split(const uint8_t seed[32], unsigned long long rain_id, int64_t total,
    uint32_t count, int64_t *out)
{
	struct fairrand	 s;
	int64_t		 r = total;
	uint32_t	 i;

	if (count < 1 || count > RP_COUNT_MAX || total < (int64_t)count ||
	    total > RP_TOTAL_MAX)
		return RP_EINVAL;
	rp_stream_init(&s, seed, rain_id);
	for (i = 0; i + 1 < count; i++) {
		int64_t hi = rp_hi(r, count - i);

		/* hi <= 2 · RP_TOTAL_MAX / 2 < 2^32: fits uniform's n */
		out[i] = 1 + (int64_t)fairrand_uniform(&s, (uint32_t)hi);
		r -= out[i];
	}
	out[count - 1] = r;
	return RP_OK;
}

int
rp_plan_check(const struct rp_plan *p, const char **field, const char **msg)
{
	if (p->count < 1 || p->count > p->max_count ||
	    p->count > RP_COUNT_MAX) {
		*field = "count";
		*msg = "红包个数超出允许范围（见系统设置 红包雨）";
		return -1;
	}
	if (p->total < p->count) {
		*field = "total";
		*msg = "总金额不足：每个红包至少 0.01";
		return -1;
	}
	if (p->total > p->max_total || p->total > RP_TOTAL_MAX) {
		*field = "total";
		*msg = "总金额超过系统设置的单场上限";
		return -1;
	}
	if (p->cap < 1 || p->cap > RP_CAP_MAX) {
		*field = "cap";
		*msg = "每人可抢个数须为 1 到 1000";
		return -1;
	}
	if (p->end <= p->start) {
		*field = "end_at";
		*msg = "结束时间须晚于开始时间";
		return -1;
	}
	return 0;
}
