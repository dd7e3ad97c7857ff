/* union: the pure rules of the union queue (see union.h). */
#include "amount.h"
#include "union.h"

#define UNION_QUOTA_MAX 100000	/* a quota is at most 1000% */

int
union_day_plan(struct union_day *d, int64_t share_bp)
{
	if (d->margin < 0 || d->spread < 0 || d->commission < 0 ||
	    d->rewards < 0 || d->margin > AMT_CAP || d->spread > AMT_CAP ||
	    d->commission > AMT_CAP || d->rewards > AMT_CAP || share_bp < 0 ||
	    share_bp > AMT_BP_WHOLE)
		return UNION_EINVAL;
	d->profit = d->margin + d->spread + d->commission - d->rewards;
	d->moved = d->profit > 0 ? bp_of(d->profit, share_bp) : 0;
	return UNION_OK;
}

int
union_quota(int64_t base, int64_t quota_bp, int64_t *out)
{
	if (base < 0 || base > AMT_CAP || quota_bp < 0 || quota_bp >
	    UNION_QUOTA_MAX)
		return UNION_EINVAL;
	*out = bp_of(base, quota_bp);
	return UNION_OK;
}

size_t
union_allocate(int64_t balance, const int64_t *owed, size_t n, int64_t *left)
{
	size_t k;

	for (k = 0; k < n && owed[k] <= balance; k++)
		balance -= owed[k];
	*left = balance;
	return k;
}
