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

/* --- the malls (C3) ------------------------------------------------------ */

/* The mall codes in display order (CARD, POINTS, CHANGE, DIVPTS),
 * NULL-terminated. */
extern const char *const product_mall_codes[];
/* 1 when s is one of them (exactly), else 0. NULL gives 0. */
int	product_mall_ok(const char *s);
/* What yuan_fen (a ¥ price in fen) costs in the mall's currency at the
 * setting mall.<MALL>.rate ("units:yuan", default "1:1"), the one
 * conversion ordering and the mall pages share (rules/mallprice). Returns
 * CONVERT_OK with *out set, CONVERT_ERATE when the setting is malformed,
 * or CONVERT_EINEXACT / CONVERT_ERANGE from the conversion. */
int	product_mall_price(const char *mall, int64_t yuan_fen, int64_t *out);
/* The three malls as a new array of {code, name, currency_name, rate}
 * (rate: "¥1 = 10 积分"), in display order; NULL on a db error. */
struct json_object *product_malls(arena *a);
/* One page of a mall's listed products, newest first, with titles
 * containing q (NULL or "" for all; % and _ match themselves). Each item:
 * id, title, mall, price (¥ text), stock, sold_out, currency,
 * currency_name, mall_price (text in the currency, or null when the rate
 * cannot price it exactly). *total counts every match. New array, or
 * NULL on a db error. */
struct json_object *product_mall_list(arena *a, const char *mall,
	    const char *q, long long page, long long per, long long *total);

/* One page of the package zone (礼包专区): the listed packages, newest
 * first, items as product_mall_list's with a package object {grants,
 * grants_name}. New array, or NULL on a db error. */
struct json_object *product_package_list(arena *a, long long page,
	    long long per, long long *total);

#endif
