/* store: the pure rules of offline stores (see store.h). */
#include "amount.h"
#include "store.h"

int
store_split(int64_t amount, int64_t commission_bp, int64_t *commission,
    int64_t *merchant)
{
	int64_t c;

	if (amount < STORE_PAY_MIN || amount > AMT_CAP || commission_bp < 0 ||
	    commission_bp > STORE_COMMISSION_MAX)
		return STORE_EINVAL;
	c = bp_of(amount, commission_bp);
	*commission = c;
	*merchant = amount - c;
	return STORE_OK;
}
