/* view: helpers for building views, the JSON objects a template renders
 * or a JSON client gets; for the programs (app.h includes this) and the
 * services alike. */
#ifndef PT_VIEW_H
#define PT_VIEW_H
#include <stdint.h>
#include <json-c/json.h>

struct req;

/* o[k] = v; a NULL v sets null. */
void	view_str(struct json_object *o, const char *k, const char *v);
void	view_int(struct json_object *o, const char *k, long long v);
void	view_bool(struct json_object *o, const char *k, int v);
/* Formats an amount in the smallest unit as a decimal string (2 places;
 * dec places for a currency with others). */
void	view_amount(struct json_object *o, const char *k, int64_t v);
void	view_amount_dec(struct json_object *o, const char *k, int64_t v,
	    int dec);
/* Moves every key of from into o (a key o has is replaced) and releases
 * from: a service's view merged into the page's. from NULL is a no-op. */
void	view_merge(struct json_object *o, struct json_object *from);
/* Pagination block {page, pages, prev, next, total} for a list; the
 * links are this request's routed path and query. */
void	view_pager(struct req *r, struct json_object *o, long long total,
	    long long page, long long per);

/* A member as other members see them (A9), into o: name (the nickname,
 * else "用户" and the phone's last 4 digits; when the member chose privacy,
 * its first character and "**"), initial and hue (0–359, from id) for the
 * generated default avatar, private, and avatar ("/uploads/<avatar>",
 * only when there is one and the member is not private). phone, nickname
 * and avatar (a stored upload name) may be NULL. */
void	view_person(struct json_object *o, long long id, const char *phone,
	    const char *nickname, const char *avatar, int private);

#endif
