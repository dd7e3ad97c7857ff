/* fuzz_chain: libFuzzer harness for the chain rewards' configuration
 * parser (cgi-bin/rules/chain.c chain_parse_ranks, chain_conf_check): the
 * input is the JSON text of chain.pool_ranks (NUL-terminated copy).
 *
 * Checked: the parser returns CHAIN_OK or CHAIN_EINVAL, its message is
 * strict UTF-8 on refusal; on success at most CHAIN_RANKS_MAX ranks with
 * non-empty, distinct, NUL-terminated names and bp within 0 … 10000; when
 * the shares also pass the check, a pool split never pays more than the
 * pool, nor more than a rank's share to its members. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct chain_conf	 c;
	long long		 count[CHAIN_RANKS_MAX];
	int64_t			 per[CHAIN_RANKS_MAX], paid;
	char			*s, err[256];
	size_t			 i, k;
	int			 rc;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	memset(&c, 0, sizeof(c));
	c.see_gens = 3;
	err[0] = '\0';
	rc = chain_parse_ranks(s, &c, err, sizeof(err));
	CHECK(rc == CHAIN_OK || rc == CHAIN_EINVAL);
	if (rc != CHAIN_OK) {
		CHECK(err[0] != '\0');
		CHECK(ref_utf8((const unsigned char *)err, strlen(err)));
		free(s);
		return 0;
	}
	CHECK(c.nranks <= CHAIN_RANKS_MAX);
	for (i = 0; i < c.nranks; i++) {
		CHECK(c.ranks[i].name[0] != '\0');
		CHECK(memchr(c.ranks[i].name, '\0', CHAIN_RANK_LEN) != NULL);
		CHECK(c.ranks[i].bp >= 0 && c.ranks[i].bp <= 10000);
		for (k = 0; k < i; k++)
			CHECK(strcmp(c.ranks[i].name, c.ranks[k].name) != 0);
	}
	if (chain_conf_check(&c, err, sizeof(err)) == CHAIN_OK) {
		for (i = 0; i < c.nranks; i++)
			count[i] = (long long)(i % 3);
		CHECK(chain_pool_split(&c, 123456789, count, per, &paid) ==
		    CHAIN_OK);
		CHECK(paid >= 0 && paid <= 123456789);
		for (i = 0; i < c.nranks; i++)
			CHECK(per[i] * count[i] <= 123456789LL *
			    c.ranks[i].bp / 10000);
	}
	free(s);
	return 0;
}
