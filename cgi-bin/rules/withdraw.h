/* withdraw: the arithmetic of a withdrawal (B5). Everyone pays the fee
 * (default 5%); a group owner additionally has 10% and a leader 20%
 * deducted into a goods credit (a member holding both roles has the
 * larger, the leader's, deducted). Percentages are basis points, each
 * part rounded half-up on its own, and the member receives the rest.
 * Goods: every time the accumulated deduction passes a threshold (owner
 * 5000, leader 10000) one shipment of goods (500 / 2000) becomes due. */
#ifndef PT_WITHDRAW_H
#define PT_WITHDRAW_H
#include <stdint.h>

struct withdraw_quote {
	int64_t	amount;		/* applied for */
	int64_t	fee;		/* platform fee */
	int64_t	deduction;	/* into the goods credit */
	int64_t	net;		/* paid to the bank card */
};

enum withdraw_err {
	WITHDRAW_OK = 0,
	WITHDRAW_EMIN = -1,	/* below the minimum */
	WITHDRAW_EBP = -2,	/* a rate outside 0..10000 or together above it */
	WITHDRAW_ERANGE = -3	/* amount not positive or above the cap */
};

/* Quotes amount with fee_bp and extra_bp (the role deduction, 0 for
 * ordinary members); min is the smallest amount accepted. */
int	withdraw_quote(int64_t amount, int64_t min, int64_t fee_bp,
	    int64_t extra_bp, struct withdraw_quote *q);
/* Shipments due: floor(total_deducted / threshold) minus those already
 * recorded (shipped or pending), never negative; 0 when threshold <= 0. */
int64_t	withdraw_shipments_due(int64_t total_deducted, int64_t threshold,
	    int64_t recorded);

#endif
