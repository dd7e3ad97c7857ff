/* svc_order: mall orders (C3). Placing an order is one transaction: the
 * stock is taken by `UPDATE … SET stock = stock - qty WHERE stock >= qty`
 * (so it is never oversold), the total is converted at the mall's rate
 * and paid through the ledger into the platform's order account. */
#ifndef PT_SVC_ORDER_H
#define PT_SVC_ORDER_H
#include <json-c/json.h>
#include "arena.h"
#include "svc.h"

struct order_new {
	long long	 member, product, qty;
	const char	*receiver, *phone, *address;
	const char	*idem;		/* client key or NULL */
	/* out */
	long long	 id;
	int		 replayed;
};

int	order_place(arena *a, struct order_new *o, struct svc_err *e);
/* The order for its buyer, or NULL (absent or someone else's). */
struct json_object *order_get(arena *a, long long id, long long member);

#endif
