/* svc_roles: A5 role applications. A member applies for 团长, 群主,
 * 分公司 or 区域; a leader recommends a member for 团长; an admin approves
 * (the role is granted, recording the recommender) or rejects with a
 * reason. The member gets a site message either way (J4). */
#ifndef PT_SVC_ROLES_H
#define PT_SVC_ROLES_H
#include <json-c/json.h>
#include "arena.h"
#include "svc.h"

/* Applies for role (leader owner branch region) for oneself. The scope
 * of 分公司/区域 is the member's own registered city/district. 群主 needs
 * an inviter who is a leader. 0, or SVC_EREFUSED with e filled; *id the
 * application. */
int	role_apply(arena *a, long long member, const char *role,
	    const char *note, long long *id, struct svc_err *e);
/* A leader recommends another member (ID or phone) for 团长. */
int	role_recommend(arena *a, long long leader, const char *who,
	    const char *note, long long *id, struct svc_err *e);
/* Approves (approve = 1) or rejects with reason. 0, or SVC_EREFUSED
 * with e filled. */
int	role_decide(arena *a, long long app, int approve, const char *reason,
	    long long admin, const char *ip, struct svc_err *e);
/* The member's applications, newest first. New array or NULL. */
struct json_object *role_member_apps(arena *a, long long member);
/* Applications with a status ("pending", …), oldest first for pending.
 * New array or NULL. */
struct json_object *role_admin_apps(arena *a, const char *status,
	    long long page, long long per, long long *total);

#endif
