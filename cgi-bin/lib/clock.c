/* clock: real time, or in test mode real time plus a settable offset
 * (see clock.h). */
#include <stdio.h>
#include <stdlib.h>
#include "arena.h"
#include "clock.h"
#include "conf.h"
#include "db.h"

static const char *
clock_file(char *buf, size_t n)
{
	snprintf(buf, n, "%s/test-clock", conf_get("var", "var"));
	return buf;
}

long long
clock_offset(void)
{
	char		 path[512], line[64];
	FILE		*f;
	long long	 off = 0;

	if (!conf_test_mode())
		return 0;
	if ((f = fopen(clock_file(path, sizeof(path)), "r")) == NULL)
		return 0;
	if (fgets(line, sizeof(line), f) != NULL)
		off = strtoll(line, NULL, 10);
	fclose(f);
	return off;
}

time_t
clock_now(void)
{
	return time(NULL) + (time_t)clock_offset();
}

int
clock_apply(void)
{
	static int	 was_set;
	long long	 off = clock_offset();
	char		 sql[80];

	if (off == 0 && !was_set)
		return 0;
	was_set = off != 0;
	if (off == 0)
		return db_exec_plain("SET timestamp = DEFAULT");
	snprintf(sql, sizeof(sql), "SET timestamp = %lld",
	    (long long)time(NULL) + off);
	return db_exec_plain(sql);
}

int
clock_set_offset(long long seconds)
{
	char	 path[512], tmp[520];
	FILE	*f;

	if (!conf_test_mode())
		return -1;
	clock_file(path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL)
		return -1;
	fprintf(f, "%lld\n", seconds);
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		return -1;
	return 0;
}
