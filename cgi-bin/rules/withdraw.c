/* withdraw: withdrawal fee, deduction and shipment arithmetic (see withdraw.h). */
#include "amount.h"
#include "withdraw.h"

int
withdraw_quote(int64_t amount, int64_t min, int64_t fee_bp, int64_t extra_bp,
    struct withdraw_quote *q)
{
	if (fee_bp < 0 || extra_bp < 0 || fee_bp + extra_bp > AMT_BP_WHOLE)
		return WITHDRAW_EBP;
	if (amount <= 0 || amount > AMT_CAP)
		return WITHDRAW_ERANGE;
	if (amount < min)
		return WITHDRAW_EMIN;
	q->amount = amount;
	q->fee = bp_of(amount, fee_bp);
	q->deduction = bp_of(amount, extra_bp);
	/* Rounding both parts up could exceed the amount only when the
	 * rates add up to the whole, which leaves nothing to pay anyway. */
	if (q->fee + q->deduction > amount)
		q->deduction = amount - q->fee;
	q->net = amount - q->fee - q->deduction;
	return WITHDRAW_OK;
}

int64_t
withdraw_shipments_due(int64_t total_deducted, int64_t threshold,
    int64_t recorded)
{
	int64_t due;

	if (threshold <= 0 || total_deducted <= 0)
		return 0;
	due = total_deducted / threshold - recorded;
	return due > 0 ? due : 0;
}
