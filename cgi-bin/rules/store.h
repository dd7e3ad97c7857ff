/* store: the pure rules of offline stores and their cashier (门店/收银台,
 * FEATURES F8): how a cashier payment splits between the merchant and the
 * platform's commission, and the bounds of a store's configuration. No
 * I/O; lib/svc_store.c applies the split through the ledger.
 * Rounding: the commission is a basis-point share of the payment rounded
 * half up to the fen (rules/amount.h bp_of); the merchant gets the rest,
 * so the two always add up to the payment: 168.00 at 5% → commission
 * 8.40, merchant 159.60; 0.10 at 5% → 0.01 (0.005 rounds up), 0.09. */
#ifndef PT_STORE_H
#define PT_STORE_H
#include <stdint.h>

#define STORE_COMMISSION_MAX	5000	/* a commission is at most 50% */
#define STORE_PAY_MIN		1	/* a payment is at least 0.01 */

enum store_err {
	STORE_OK = 0,
	STORE_EINVAL = -1	/* an amount ≤ 0 or above AMT_CAP, a bp out of range */
};

/* The split of a cashier payment of amount at commission_bp: *commission
 * to the platform, *merchant the rest. STORE_OK, or STORE_EINVAL (outputs
 * untouched). */
int	store_split(int64_t amount, int64_t commission_bp, int64_t *commission,
	    int64_t *merchant);

#endif
