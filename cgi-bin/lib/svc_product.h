/* svc_product: products (C2). A merchant submits a product with supply
 * price, suggested retail price, stock and description; an admin lists it
 * (optionally at another retail price, never below the supply price),
 * rejects it with a reason, or unlists it. Only listed products are
 * visible to members. */
#ifndef PT_SVC_PRODUCT_H
#define PT_SVC_PRODUCT_H
#include <stdint.h>
#include <json-c/json.h>
#include "arena.h"
#include "svc.h"

struct product_new {
	const char	*title, *mall, *description;
	int64_t		 supply_price, retail_price;
	long long	 stock;
};

/* Submits for review as the member's (approved) merchant. */
int	product_create(arena *a, long long member, const struct product_new *p,
	    long long *id, struct svc_err *e);
/* Lists (action "list", retail_price 0 keeps the suggestion), unlists
 * ("unlist") or rejects ("reject", reason required). Audited. */
int	product_review(arena *a, long long id, const char *action,
	    int64_t retail_price, const char *reason, long long admin,
	    const char *ip, struct svc_err *e);
/* A listed product for members; NULL when absent or not listed. */
struct json_object *product_public(arena *a, long long id);
/* The merchant's own products (member = the merchant's member id). */
struct json_object *product_of_merchant(arena *a, long long member);
/* Products with a status for the back office, one page. */
struct json_object *product_admin_list(arena *a, const char *status,
	    long long page, long long per, long long *total);

#endif
