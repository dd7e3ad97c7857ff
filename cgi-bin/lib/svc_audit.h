/* svc_audit: the audit log (I8) as the back office reads it: every admin
 * action (who, when, from which IP, what, on what, old → new), filtered
 * by admin, action and date range, newest first, in Chinese. The lines
 * themselves are written by admin_audit (svc_admin.h) and settings_set. */
#ifndef PT_SVC_AUDIT_H
#define PT_SVC_AUDIT_H
#include <stddef.h>
#include <json-c/json.h>
#include "arena.h"

/* One known action: its code in audit_log.action and its Chinese name. */
struct audit_action {
	const char	*code, *name;
};

/* Every action the code writes, in the filter's order. */
extern const struct audit_action	audit_actions[];
extern const size_t			audit_actions_n;

/* The Chinese name of action code (static); "其他操作" for a code not in
 * the table, never the code itself. */
const char	*audit_action_name(const char *code);

/* The filter of the list. admin: an admin's id, 0 for ctl and the
 * system, -1 for everyone. action: a code of audit_actions or NULL for
 * all. from, to: "YYYY-MM-DD" (both days included) or NULL. */
struct audit_filter {
	long long	 admin;
	const char	*action, *from, *to;
};

/* One page of the log (page from 1, per rows), newest first, as a new
 * array of {id, admin, admin_id, action, action_code, target, old, new,
 * detail, ip, at}; *total is how many lines match. NULL on a database
 * error. */
struct json_object *audit_list(arena *a, const struct audit_filter *f,
	    long long page, long long per, long long *total);

/* The admins who may be picked in the filter, {id, username}, by name: a
 * new array, or NULL on a database error. */
struct json_object *audit_admins(arena *a);

#endif
