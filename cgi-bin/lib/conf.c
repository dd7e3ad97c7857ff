/* conf: `key = value` configuration file (see conf.h). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conf.h"

#define CONF_MAX 64

static struct { char *k, *v; } conf_kv[CONF_MAX];
static size_t conf_n;

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
conf_load(const char *path)
{
	FILE	*f;
	char	 line[1024], *eq, *k, *v;
	size_t	 i;

	if (path == NULL && (path = getenv("PINTUAN_CONF")) == NULL)
		path = "var/app.conf";
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	for (i = 0; i < conf_n; i++) {
		free(conf_kv[i].k);
		free(conf_kv[i].v);
	}
	conf_n = 0;
	while (fgets(line, sizeof(line), f) != NULL && conf_n < CONF_MAX) {
		k = trim(line);
		if (*k == '#' || (eq = strchr(k, '=')) == NULL)
			continue;
		*eq = '\0';
		k = trim(k);
		v = trim(eq + 1);
		conf_kv[conf_n].k = strdup(k);
		conf_kv[conf_n].v = strdup(v);
		if (conf_kv[conf_n].k == NULL || conf_kv[conf_n].v == NULL) {
			fclose(f);
			errno = ENOMEM;
			return -1;
		}
		conf_n++;
	}
	fclose(f);
	return 0;
}

const char *
conf_get(const char *key, const char *def)
{
	size_t i;

	for (i = 0; i < conf_n; i++)
		if (strcmp(conf_kv[i].k, key) == 0)
			return conf_kv[i].v;
	return def;
}

long
conf_int(const char *key, long def)
{
	const char	*v = conf_get(key, NULL);
	char		*end;
	long		 n;

	if (v == NULL || *v == '\0')
		return def;
	n = strtol(v, &end, 10);
	return *end == '\0' ? n : def;
}

int
conf_test_mode(void)
{
	return conf_int("test_mode", 0) == 1;
}
