/* fuzz_queue: libFuzzer harness for the queue rebate's configuration
 * parsers (cgi-bin/rules/queue.c). The first byte picks the parser: 'l'
 * levels, 't' tiers, anything else the lottery; the rest is the JSON text
 * (NUL-terminated copy).
 *
 * Checked: each parser returns QUEUE_OK or QUEUE_EINVAL; on refusal the
 * message is strict UTF-8 and the part is left unset; on success every
 * ratio is within 0 … QUEUE_BP_MAX, counts within their maxima, tiers
 * rising and their days in 1 … QUEUE_TIER_DAYS_MAX, a range min < max;
 * the ratio of a member drawn from the parsed conf is one of its bp, a
 * lottery draw lands on an option or in the range. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "queue.h"
#include "fuzz.h"

static const uint8_t SEED[32] = "fuzz-queue-seed-fuzz-queue-seed";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct queue_conf	 c, plug;
	struct queue_member	 m;
	struct queue_ratio	 r;
	char			*s, err[256];
	size_t			 i;
	int64_t			 bp;
	int			 rc;

	if (size < 1)
		return 0;
	if ((s = malloc(size)) == NULL)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	queue_conf_init(&c);
	err[0] = '\0';
	switch (data[0]) {
	case 'l':
		rc = queue_parse_levels(s, &c, err, sizeof(err));
		break;
	case 't':
		rc = queue_parse_tiers(s, &c, err, sizeof(err));
		break;
	default:
		rc = queue_parse_lottery(s, &c.lottery, err, sizeof(err));
		break;
	}
	CHECK(rc == QUEUE_OK || rc == QUEUE_EINVAL);
	if (rc != QUEUE_OK) {
		CHECK(ref_utf8((const unsigned char *)err, strlen(err)));
		CHECK(c.nlevels == 0 && c.tiers.n == 0 &&
		    !queue_lottery_on(&c.lottery));
		free(s);
		return 0;
	}
	CHECK(c.nlevels <= QUEUE_LEVELS_MAX && c.tiers.n <= QUEUE_TIERS_MAX &&
	    c.lottery.nopt <= QUEUE_OPTIONS_MAX);
	for (i = 0; i < c.nlevels; i++)
		CHECK(c.levels[i].bp >= 0 && c.levels[i].bp <= QUEUE_BP_MAX &&
		    c.levels[i].level[0] != '\0');
	for (i = 0; i < c.tiers.n; i++) {
		CHECK(c.tiers.t[i].bp >= 0 && c.tiers.t[i].bp <= QUEUE_BP_MAX &&
		    c.tiers.t[i].min > 0);
		CHECK(i == 0 || c.tiers.t[i].min > c.tiers.t[i - 1].min);
	}
	if (c.tiers.n > 0)
		CHECK(c.tiers.days >= 1 && c.tiers.days <= QUEUE_TIER_DAYS_MAX);
	if (c.lottery.nopt == 0 && c.lottery.max > 0)
		CHECK(c.lottery.min < c.lottery.max);
	if (queue_lottery_on(&c.lottery)) {
		CHECK(queue_lottery_draw(&c.lottery, SEED, sizeof(SEED), 7, &bp) ==
		    QUEUE_OK);
		if (c.lottery.nopt > 0) {
			for (i = 0; i < c.lottery.nopt && c.lottery.opt[i] != bp; i++)
				;
			CHECK(i < c.lottery.nopt);
		} else
			CHECK(bp >= c.lottery.min && bp <= c.lottery.max);
	}
	/* a member holding the first level and spending the first tier */
	queue_conf_init(&plug);
	plug.ratio_bp = 10000;
	memset(&m, 0, sizeof(m));
	if (c.nlevels > 0) {
		m.levels[0] = c.levels[0].level;
		m.labels[0] = "等级";
		m.nlevels = 1;
	}
	m.spend = c.tiers.n > 0 ? c.tiers.t[0].min : 0;
	CHECK(queue_ratio(&c, &plug, &m, &r) == QUEUE_OK);
	CHECK(r.bp >= 0 && r.bp <= QUEUE_BP_MAX);
	CHECK(ref_utf8((const unsigned char *)r.words, strlen(r.words)));
	free(s);
	return 0;
}
