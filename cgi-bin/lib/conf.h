/* conf: the process configuration, `key = value` lines in the file named by
 * the environment variable PINTUAN_CONF (default var/app.conf). Written by
 * etc/stack.sh; read once at start by every program and by ctl. */
#ifndef PT_CONF_H
#define PT_CONF_H

/* Loads path (NULL: $PINTUAN_CONF, else var/app.conf). Returns 0, or -1 when
 * the file cannot be read (errno set). Calling it again replaces the values. */
int		 conf_load(const char *path);
/* The value of key, or def when absent. The string is owned by conf. */
const char	*conf_get(const char *key, const char *def);
/* Integer value of key, or def when absent or not a number. */
long		 conf_int(const char *key, long def);
/* Non-zero when the stack runs for tests (test_mode = 1): enables the
 * settable clock and other test-only conveniences; never set in production. */
int		 conf_test_mode(void);

#endif
