/* posting: pure validation of journal entries (see posting.h). */
#include <stdlib.h>
#include <string.h>
#include "amount.h"
#include "posting.h"

static int
by_account(const void *a, const void *b)
{
	const struct posting *x = a, *y = b;

	return (x->account > y->account) - (x->account < y->account);
}

void
posting_sort(struct posting *p, size_t n)
{
	qsort(p, n, sizeof(*p), by_account);
}

int
posting_check(const struct posting *p, size_t n)
{
	size_t	i, j;
	int64_t	sum;

	if (n < 2)
		return POSTING_ETOOFEW;
	for (i = 0; i < n; i++) {
		if (p[i].currency == NULL || p[i].currency[0] == '\0')
			return POSTING_ECURRENCY;
		if (p[i].amount == 0)
			return POSTING_EZERO;
		if (p[i].amount > AMT_CAP || p[i].amount < -AMT_CAP)
			return POSTING_ERANGE;
		for (j = 0; j < i; j++)
			if (p[j].account == p[i].account)
				return POSTING_EDUPACCOUNT;
	}
	/* Per currency: sum the postings of each currency once, at its
	 * first occurrence. |amount| <= 10^15 and n is small, so the sum
	 * of up to 9000 postings cannot overflow int64. */
	if (n > 9000)
		return POSTING_ERANGE;
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(p[j].currency, p[i].currency) == 0)
				break;
		if (j < i)
			continue;
		sum = 0;
		for (j = i; j < n; j++)
			if (strcmp(p[j].currency, p[i].currency) == 0)
				sum += p[j].amount;
		if (sum != 0)
			return POSTING_EUNBALANCED;
	}
	return POSTING_OK;
}

const char *
posting_strerror(int code)
{
	switch (code) {
	case POSTING_OK:		return "ok";
	case POSTING_ETOOFEW:		return "an entry needs at least two postings";
	case POSTING_EZERO:		return "a posting of zero";
	case POSTING_EUNBALANCED:	return "postings do not balance per currency";
	case POSTING_EDUPACCOUNT:	return "the same account twice in one entry";
	case POSTING_ERANGE:		return "amount out of range";
	case POSTING_ECURRENCY:		return "posting without a currency";
	}
	return "unknown posting error";
}
