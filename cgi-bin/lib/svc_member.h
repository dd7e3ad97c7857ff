/* svc_member: members (A2–A5, A7, A8): registration with invitation and
 * attribution, logins, password reset, the referral tree and roles. */
#ifndef PT_SVC_MEMBER_H
#define PT_SVC_MEMBER_H
#include "arena.h"
#include "svc.h"

struct member_new {
	const char	*phone, *password;
	const char	*province, *city, *district, *address, *wallet;
	long long	 inviter_id;		/* 0: a root member (ctl only) */
	long long	 sms_code_id;		/* 0: no code to consume (ctl) */
};

/* Finds a member by ID ("10001") or phone; returns the id or 0. A negative
 * return is a db_err. */
long long member_lookup(arena *a, const char *id_or_phone);
/* A member's full phone number (arena), NULL when unknown. Pages show it
 * masked except to admins. */
const char *member_phone(arena *a, long long id);
/* Checks that province/city/district form one path of GB/T 2260 codes.
 * 1 valid, 0 not, negative db_err. */
int	member_region_ok(arena *a, const char *province, const char *city,
	    const char *district);
/* Creates a member with the closure rows and A8 attribution, in one
 * transaction (consuming the SMS code when one is given). On success *id
 * is the new member's id. 0, or SVC_EREFUSED with e filled (duplicate
 * phone, unknown inviter, bad region, used code …). */
int	member_create(arena *a, const struct member_new *m, long long *id,
	    struct svc_err *e);
/* Full A2 registration: inviter by ID or phone, region path, SMS code,
 * then member_create. 0, or SVC_EREFUSED with e filled. */
int	member_register(arena *a, const struct member_new *m,
	    const char *inviter, const char *sms_code, long long *id,
	    struct svc_err *e);
/* Password login with per-phone and per-IP failure limits. */
int	member_login_password(arena *a, const char *phone, const char *pw,
	    const char *ip, long long *id, struct svc_err *e);
/* SMS-code login (purpose "login"). */
int	member_login_sms(arena *a, const char *phone, const char *code,
	    long long *id, struct svc_err *e);
/* Password reset by SMS (purpose "reset"); *id is the member's id. */
int	member_reset_password(arena *a, const char *phone, const char *code,
	    const char *pw, long long *id, struct svc_err *e);
/* Sends a code for purpose register|login|reset after checking the phone
 * is (not) registered as the purpose needs. */
int	member_send_sms(arena *a, const char *phone, const char *purpose,
	    const char *ip, struct svc_err *e);
/* Grants role (leader owner branch region promoter merchant) with the
 * scope (city/district code) where it applies; records an audit line.
 * admin_id 0 means ctl/system. 0, or SVC_EREFUSED with e filled. */
int	member_grant_role(arena *a, long long member_id, const char *role,
	    const char *scope, long long recommender_id, long long admin_id,
	    struct svc_err *e);

/* The Chinese name of a member role ("leader" → "团长"); role itself
 * when unknown. Static. */
const char *member_role_label(const char *role);

#endif

#ifndef PT_SVC_MEMBER_VIEWS
#define PT_SVC_MEMBER_VIEWS
#include <json-c/json.h>
/* Read models for pages. Each returns a new json object the caller owns
 * (attach it to a view), or NULL on a database error. */
/* The /member/me summary: id, masked phone, inviter, address with region
 * names, roles, team counts, new-member status, registered date. */
struct json_object *member_profile(arena *a, long long id);
/* The member's registered address as one line ("广东省 深圳市 南山区 …"),
 * the default delivery address; in the arena, NULL when unknown. */
const char *member_home_address(arena *a, long long id);
/* The same line from columns col … col+3 (province, city and district
 * names, street line) of row of a result that already carries them, for
 * services that read the address with their own query: they select
 * MEMBER_ADDRESS_COLS from members m joined with MEMBER_ADDRESS_JOINS. In
 * the arena, NULL when all four are NULL. */
#define MEMBER_ADDRESS_COLS	"pr.name, ci.name, di.name, m.address"
#define MEMBER_ADDRESS_JOINS \
    "LEFT JOIN regions pr ON pr.code = m.province " \
    "LEFT JOIN regions ci ON ci.code = m.city " \
    "LEFT JOIN regions di ON di.code = m.district "
const char *member_address_join(arena *a, const db_res *res, size_t row,
	    size_t col);
/* One page of generation gen (1 or 2) below id, newest first; *total is
 * the size of that generation; *counts (when counts is not NULL) receives
 * a new {gen1, gen2} object. */
struct json_object *member_team_page(arena *a, long long id, int gen,
	    long long page, long long per, long long *total,
	    struct json_object **counts);
/* The member's site messages (J4), newest first, one page; marks the
 * shown ones read. *total counts all, *unread those unread before. */
struct json_object *member_messages(arena *a, long long id, long long page,
	    long long per, long long *total, long long *unread);
/* Children of a region code ("" for provinces): [{code, name}]. */
struct json_object *member_regions(arena *a, const char *parent);
/* The Chinese name of a member role ("leader" → "团长"); role itself
 * when unknown. Static. */
const char *member_role_label(const char *role);

/* The member's profile (A9): {nickname, private, phone (masked),
 * seen_as (view_person as other members see it), me (the same without
 * privacy)}. New object, or NULL when there is no such member or on a
 * database error. */
struct json_object *member_face(arena *a, long long member);
/* Saves the nickname (NULL or "" clears it: the default name shows) and
 * the privacy switch. A nickname of seven or more digits is refused (400
 * invalid, field nickname): it would pass for a phone number. 0, or
 * SVC_EREFUSED with e. */
int	member_face_save(arena *a, long long member, const char *nickname,
	    int private, struct svc_err *e);

/* The counts of 我的's shortcuts: {to_ship, to_receive, completed (mall
 * orders by state), unread (site messages): each a count or null for
 * none; is_leader, is_owner,
 * can_join (neither: a leader or owner takes no seat)}. New object, or
 * NULL on a database error. */
struct json_object *member_dashboard(arena *a, long long member);

#endif
