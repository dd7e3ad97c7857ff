/* mallprice: a mall product's price in the mall's currency (see
 * mallprice.h). */
#include <stdio.h>
#include "convert.h"
#include "mallprice.h"

int
mall_rate_parse(const char *rate, int64_t *units, int64_t *yuan)
{
	long long	u = 0, y = 0;
	char		tail;

	if (rate == NULL ||
	    sscanf(rate, "%lld:%lld%c", &u, &y, &tail) != 2 || u <= 0 || y <= 0)
		return CONVERT_ERATE;
	*units = u;
	*yuan = y;
	return CONVERT_OK;
}

int
mall_price(int64_t yuan_fen, int64_t units, int64_t yuan, int64_t *out)
{
	/* yuan ¥ buy units: converting ¥ → currency is "from yuan to units" */
	return convert_exact(yuan_fen, yuan, units, out);
}
