/* svc_admin: back-office accounts (I1) and the member list (I2). */
#ifndef PT_SVC_ADMIN_H
#define PT_SVC_ADMIN_H
#include <json-c/json.h>
#include "arena.h"
#include "svc.h"

/* Creates an admin; 0, or SVC_EREFUSED with e (bad role, duplicate
 * name …). by_admin 0 means ctl. */
int	admin_create(arena *a, const char *user, const char *pw,
	    const char *role, long long by_admin, struct svc_err *e);
/* Password login with per-username and per-IP failure limits. */
int	admin_login(arena *a, const char *user, const char *pw,
	    const char *ip, long long *id, struct svc_err *e);
/* Changes an admin's password after checking the old one. */
int	admin_change_password(arena *a, long long id, const char *old_pw,
	    const char *new_pw, struct svc_err *e);
/* Writes one audit line (I8); detail is a JSON text or NULL. */
int	admin_audit(arena *a, long long admin_id, const char *action,
	    const char *target_type, long long target_id, const char *detail,
	    const char *ip);
/* Members matching q (member ID, phone or part of a phone; NULL/"" = all),
 * newest first, one page; *total is the number matching. New object. */
struct json_object *admin_member_list(arena *a, const char *q,
	    long long page, long long per, long long *total);
/* Dashboard figures: members, today's registrations, … New object. */
struct json_object *admin_dashboard(arena *a);
/* Admin accounts. New array. */
struct json_object *admin_list(arena *a);
/* The last SMS messages sent by the log provider. New array. */
struct json_object *admin_sms_outbox(arena *a, long long page, long long per,
	    long long *total);

#endif
