/* posting: the pure checks every journal entry passes before it touches
 * the database (DESIGN.md §5): at least two postings, no zero amounts, no
 * account twice, amounts within range, and per currency a sum of zero.
 * Also the lock order: accounts are locked in ascending id order. */
#ifndef PT_POSTING_H
#define PT_POSTING_H
#include <stddef.h>
#include <stdint.h>

struct posting {
	long long	 account;	/* accounts.id */
	const char	*currency;	/* "CHANGE", … */
	int64_t		 amount;	/* signed, smallest unit */
};

enum posting_err {
	POSTING_OK = 0,
	POSTING_ETOOFEW = -1,		/* fewer than two postings */
	POSTING_EZERO = -2,		/* an amount of zero */
	POSTING_EUNBALANCED = -3,	/* a currency does not sum to zero */
	POSTING_EDUPACCOUNT = -4,	/* the same account twice */
	POSTING_ERANGE = -5,		/* |amount| above the cap, or overflow */
	POSTING_ECURRENCY = -6		/* missing currency code */
};

/* Checks p[0..n). Returns POSTING_OK or the first problem found. */
int		 posting_check(const struct posting *p, size_t n);
/* Sorts p by account id ascending (the lock order). */
void		 posting_sort(struct posting *p, size_t n);
const char	*posting_strerror(int code);

#endif
