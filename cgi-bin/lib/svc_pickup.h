/* svc_pickup: service points and 到店自提 (服务点, FEATURES C6). The
 * platform appoints points (name, address by region codes, the staff
 * member who verifies pickups; a store may be one). A mall order placed
 * with a point gets a 6-digit pickup code (and its QR); the point's staff
 * verify it: the order completes (as a confirmed receipt: the merchant
 * credited, the completed event) and the staff member earns the reward
 * (the setting pickup.reward) once, through the payout path, keyed by the
 * order. A second verification is refused (409 picked_up). */
#ifndef PT_SVC_PICKUP_H
#define PT_SVC_PICKUP_H
#include <stdint.h>
#include <json-c/json.h>
#include "arena.h"
#include "svc.h"

struct point_new {
	const char	*name, *province, *city, *district, *address;
	const char	*staff;		/* the staff member's phone */
	long long	 store;		/* 0: not a store */
};

/* Admin appoints a point; audited. *id receives it. 0, or SVC_EREFUSED
 * with e filled (the field named). */
int	pickup_point_create(arena *a, const struct point_new *p, long long admin,
	    const char *ip, long long *id, struct svc_err *e);
/* Every point for the back office ({points: [{id, name, address, staff,
 * store_id, status, waiting, picked}]}); NULL on a database error. */
struct json_object *pickup_points_admin(arena *a);
/* The active points for member's checkout, nearest first: same district,
 * then same city, then the rest ([{id, name, address, near}]); NULL on a
 * database error. */
struct json_object *pickup_points_near(arena *a, long long member);

/* Inside order placement: the delivery address of an order picked up at
 * point ("到店自提：<name>，<address>") into *address (arena). 0, or
 * SVC_EREFUSED (404 field pickup when the point is not active), or a
 * db_err. */
int	pickup_address(arena *a, long long point, const char **address,
	    struct svc_err *e);
/* Inside order placement, after the order row: its pickup row with a
 * fresh code no waiting order of the point has. 0 or a db_err. */
int	pickup_attach(arena *a, long long order, long long point);
/* The pickup of member's order id ({code, point, address, status,
 * status_name}), or NULL when it has none. */
struct json_object *pickup_of_order(arena *a, long long order,
	    long long member);
/* The code of member's waiting pickup order (for its QR), or NULL. */
const char *pickup_code(arena *a, long long order, long long member);

/* The staff member verifies code at their point(s): the order completes
 * and the reward is paid once. *order and *reward receive them. 0, or
 * SVC_EREFUSED with e filled (404 no such code at their points, 409
 * picked_up once picked up, 409 state when the order was cancelled). */
int	pickup_verify(arena *a, long long staff, const char *code,
	    long long *order, int64_t *reward, struct svc_err *e);
/* The points member staffs, for their page ({points: [{id, name}],
 * recent: [{order, code, picked_at, reward}]}); NULL on a database
 * error. */
struct json_object *pickup_staff_view(arena *a, long long member);

/* ctl verify: a picked-up order is completed and has exactly one reward
 * entry paying the pickup's reward to the point's staff; a waiting or
 * cancelled one has none; at most one waiting pickup per point and code.
 * Calls report per violation; their number or a negative db_err. */
int	pickup_verify_all(arena *a, void (*report)(const char *msg, void *ud),
	    void *ud);

#endif
