/* svc_product: products and their review (see svc_product.h). */
#include <stdio.h>
#include <string.h>
#include "amount.h"
#include "chain.h"
#include "convert.h"
#include "db.h"
#include "mallprice.h"
#include "settings.h"
#include "svc_admin.h"
#include "svc_image.h"
#include "svc_product.h"
#include "view.h"

static const char SQL_MERCHANT[] =
    "SELECT id FROM merchants WHERE member_id = ? AND status = 'approved'";
static const char SQL_INSERT[] =
    "INSERT INTO products (merchant_id, title, mall, supply_price, "
    "suggested_price, retail_price, stock, description, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NOW(), NOW())";
static const char SQL_LOCK[] =
    "SELECT status, supply_price, suggested_price FROM products WHERE id = ? "
    "FOR UPDATE";
static const char SQL_LIST[] =
    "UPDATE products SET status = 'listed', retail_price = ?, reason = NULL, "
    "reviewed_by = ?, updated_at = NOW() WHERE id = ?";
static const char SQL_SET_STATUS[] =
    "UPDATE products SET status = ?, reason = ?, reviewed_by = ?, "
    "updated_at = NOW() WHERE id = ?";
static const char SQL_PUBLIC[] =
    "SELECT p.id, p.title, p.mall, p.retail_price, p.stock, p.description, "
    "m.name FROM products p JOIN merchants m ON m.id = p.merchant_id "
    "WHERE p.id = ? AND p.status = 'listed'";
static const char SQL_MINE[] =
    "SELECT p.id, p.title, p.mall, p.supply_price, p.suggested_price, "
    "p.retail_price, p.stock, p.status, p.reason FROM products p "
    "JOIN merchants m ON m.id = p.merchant_id WHERE m.member_id = ? "
    "ORDER BY p.id DESC LIMIT 100";
static const char SQL_ADMIN_N[] = "SELECT COUNT(*) FROM products WHERE status = ?";
static const char SQL_ADMIN[] =
    "SELECT p.id, p.title, p.mall, p.supply_price, p.suggested_price, "
    "p.retail_price, p.stock, p.status, p.reason, p.description, m.name, "
    "m.member_id FROM products p JOIN merchants m ON m.id = p.merchant_id "
    "WHERE p.status = ? ORDER BY p.id LIMIT ? OFFSET ?";
/* The malls: listed products whose title matches a LIKE pattern escaped
 * with '!' (see like_pattern), newest first. */
/* Packages (礼包, chain_packages) are sold in their own zone, not in the
 * mall lists. */
#define NOT_PACKAGE \
    " AND NOT EXISTS (SELECT 1 FROM chain_packages k WHERE k.product_id = " \
    "p.id)"
static const char SQL_MALL_N[] =
    "SELECT COUNT(*) FROM products p WHERE status = 'listed' AND mall = ? "
    "AND title LIKE ? ESCAPE '!'" NOT_PACKAGE;
static const char SQL_MALL[] =
    "SELECT p.id, p.title, p.mall, p.retail_price, p.stock, c.name, "
    "c.decimals, " IMAGE_COVER_SQL " FROM products p "
    "JOIN currencies c ON c.code = p.mall "
    "WHERE p.status = 'listed' AND p.mall = ? AND p.title LIKE ? ESCAPE '!' "
    NOT_PACKAGE " ORDER BY p.id DESC LIMIT ? OFFSET ?";
/* The package zone: listed packages, with what each grants (column 8). */
static const char SQL_PKG_N[] =
    "SELECT COUNT(*) FROM products p JOIN chain_packages k ON k.product_id "
    "= p.id WHERE p.status = 'listed'";
static const char SQL_PKG[] =
    "SELECT p.id, p.title, p.mall, p.retail_price, p.stock, c.name, "
    "c.decimals, " IMAGE_COVER_SQL ", k.grants FROM products p "
    "JOIN chain_packages k ON k.product_id = p.id "
    "JOIN currencies c ON c.code = p.mall "
    "WHERE p.status = 'listed' ORDER BY p.id DESC LIMIT ? OFFSET ?";
static const char SQL_MALL_CUR[] =
    "SELECT code, name FROM currencies WHERE code IN ('CARD', 'POINTS', "
    "'CHANGE', 'DIVPTS')";

/* "<currency name>商城" (B1: the name is a setting); a static buffer,
 * copied by the caller before the next call. */
static const char *
mall_name(const char *mall)
{
	static char b[64];

	snprintf(b, sizeof(b), "%s商城", currency_display_name(
	    strcmp(mall, "CARD") == 0 || strcmp(mall, "POINTS") == 0 ||
	    strcmp(mall, "DIVPTS") == 0 ?
	    mall : "CHANGE"));
	return b;
}

int
product_create(arena *a, long long member, const struct product_new *p,
    long long *id, struct svc_err *e)
{
	db_res	res;
	int	rc;

	if ((rc = db_q(a, &res, SQL_MERCHANT, DB_ARGS(DB_INT(member)))) != DB_OK)
		return svc_dberr(e, rc);
	if (res.nrows == 0)
		return svc_fail(e, 403, "not_merchant", NULL,
		    "只有审核通过的商家才能发布商品");
	if (p->retail_price < p->supply_price)
		return svc_fail(e, 400, "price", "retail_price",
		    "建议零售价不能低于供货价");
	rc = db_q(a, &res, SQL_INSERT, DB_ARGS(DB_INT(db_ll(&res, 0, 0)),
	    DB_TEXT(p->title), DB_TEXT(p->mall), DB_INT(p->supply_price),
	    DB_INT(p->retail_price), DB_INT(p->retail_price), DB_INT(p->stock),
	    DB_TEXT(p->description ? p->description : "")));
	if (rc != DB_OK)
		return svc_dberr(e, rc);
	*id = (long long)res.insert_id;
	return 0;
}

struct review_ctx {
	arena		*a;
	long long	 id, admin;
	const char	*action, *reason, *ip;
	int64_t		 price;
	struct svc_err	*e;
};

static int
review_tx(void *ud)
{
	struct review_ctx	*c = ud;
	db_res			 res;
	const char		*st;
	int			 rc;

	if ((rc = db_q(c->a, &res, SQL_LOCK, DB_ARGS(DB_INT(c->id)))) != DB_OK)
		return rc;
	if (res.nrows == 0)
		return svc_fail(c->e, 404, "not_found", NULL, "商品不存在");
	st = db_str(&res, 0, 0);
	if (strcmp(c->action, "list") == 0) {
		int64_t price = c->price > 0 ? c->price : db_ll(&res, 0, 2);

		if (strcmp(st, "listed") == 0)
			return svc_fail(c->e, 409, "listed", NULL,
			    "商品已经上架");
		if (price < db_ll(&res, 0, 1))
			return svc_fail(c->e, 400, "price", "retail_price",
			    "零售价不能低于供货价");
		rc = db_q(c->a, NULL, SQL_LIST, DB_ARGS(DB_INT(price),
		    DB_INT(c->admin), DB_INT(c->id)));
	} else {
		int unlist = strcmp(c->action, "unlist") == 0;

		if (unlist ? strcmp(st, "listed") != 0 :
		    strcmp(st, "pending") != 0)
			return svc_fail(c->e, 409, "state", NULL, unlist ?
			    "只有上架的商品可以下架" : "只有待审核的商品可以驳回");
		rc = db_q(c->a, NULL, SQL_SET_STATUS, DB_ARGS(DB_TEXT(unlist ?
		    "unlisted" : "rejected"), DB_TEXT(c->reason),
		    DB_INT(c->admin), DB_INT(c->id)));
	}
	if (rc != DB_OK)
		return rc;
	return admin_audit(c->a, c->admin, arena_printf(c->a, "product.%s",
	    c->action), "product", c->id, c->price > 0 ? arena_printf(c->a,
	    "{\"retail_price\":%lld}", (long long)c->price) : NULL, c->ip);
}

int
product_review(arena *a, long long id, const char *action,
    int64_t retail_price, const char *reason, long long admin,
    const char *ip, struct svc_err *e)
{
	struct review_ctx	c = { a, id, admin, action, reason, ip,
				    retail_price, e };

	if (strcmp(action, "reject") == 0 && (reason == NULL || *reason == '\0'))
		return svc_fail(e, 400, "required", "reason", "请填写驳回原因");
	return svc_tx_result(e, db_tx(review_tx, &c));
}

struct json_object *
product_public(arena *a, long long id)
{
	struct json_object	*o;
	db_res			 res;

	if (db_q(a, &res, SQL_PUBLIC, DB_ARGS(DB_INT(id))) != DB_OK ||
	    res.nrows != 1)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_int64(db_ll(&res, 0, 0)));
	json_object_object_add(o, "title", json_object_new_string(db_str(&res, 0, 1)));
	json_object_object_add(o, "mall", json_object_new_string(db_str(&res, 0, 2)));
	json_object_object_add(o, "mall_name",
	    json_object_new_string(mall_name(db_str(&res, 0, 2))));
	view_amount(o, "price", db_ll(&res, 0, 3));
	json_object_object_add(o, "stock", json_object_new_int64(db_ll(&res, 0, 4)));
	json_object_object_add(o, "sold_out", json_object_new_boolean(db_ll(&res, 0, 4) == 0));
	json_object_object_add(o, "description", json_object_new_string(db_str(&res, 0, 5)));
	json_object_object_add(o, "merchant", json_object_new_string(db_str(&res, 0, 6)));
	if (image_view(a, id, o) != DB_OK) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static struct json_object *
product_rows(const db_res *res)
{
	struct json_object	*list = json_object_new_array(), *o;
	size_t			 i;

	for (i = 0; i < res->nrows; i++) {
		o = db_row_json(res, i);
		view_amount(o, "supply_price", db_ll(res, i, 3));
		view_amount(o, "suggested_price", db_ll(res, i, 4));
		view_amount(o, "retail_price", db_ll(res, i, 5));
		json_object_object_add(o, "mall_name",
		    json_object_new_string(mall_name(db_str(res, i, 2))));
		json_object_object_add(o, db_str(res, i, 7),
		    json_object_new_boolean(1));
		json_object_array_add(list, o);
	}
	return list;
}

struct json_object *
product_of_merchant(arena *a, long long member)
{
	struct json_object	*list;
	db_res			 res;

	if (db_q(a, &res, SQL_MINE, DB_ARGS(DB_INT(member))) != DB_OK)
		return NULL;
	list = product_rows(&res);
	if (image_view_merchant(a, member, list) != DB_OK) {
		json_object_put(list);
		return NULL;
	}
	return list;
}

struct json_object *
product_admin_list(arena *a, const char *status, long long page, long long per,
    long long *total)
{
	db_res res;

	if (db_q(a, &res, SQL_ADMIN_N, DB_ARGS(DB_TEXT(status))) != DB_OK)
		return NULL;
	*total = db_ll(&res, 0, 0);
	if (db_q(a, &res, SQL_ADMIN, DB_ARGS(DB_TEXT(status), DB_INT(per),
	    DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
	return product_rows(&res);
}

/* --- the malls (C3) ------------------------------------------------------ */

const char *const product_mall_codes[] = { "CARD", "POINTS", "CHANGE",
    "DIVPTS", NULL };

int
product_mall_ok(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && product_mall_codes[i] != NULL; i++)
		if (strcmp(s, product_mall_codes[i]) == 0)
			return 1;
	return 0;
}

/* The mall's rate setting, parsed. */
static int
mall_rate(const char *mall, int64_t *units, int64_t *yuan)
{
	char key[40];

	snprintf(key, sizeof(key), "mall.%s.rate", mall);
	return mall_rate_parse(setting_find(key) != NULL ? setting_str(key) :
	    NULL, units, yuan);
}

int
product_mall_price(const char *mall, int64_t yuan_fen, int64_t *out)
{
	int64_t	units, yuan;
	int	rc;

	if ((rc = mall_rate(mall, &units, &yuan)) != CONVERT_OK)
		return rc;
	return mall_price(yuan_fen, units, yuan, out);
}

struct json_object *
product_malls(arena *a)
{
	struct json_object	*list, *o;
	db_res			 res;
	const char		*cur;
	int64_t			 units, yuan;
	size_t			 i, k;

	if (db_q(a, &res, SQL_MALL_CUR, DB_NOARGS) != DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; product_mall_codes[i] != NULL; i++) {
		cur = product_mall_codes[i];
		for (k = 0; k < res.nrows; k++)
			if (strcmp(db_str(&res, k, 0), product_mall_codes[i]) == 0)
				cur = db_str(&res, k, 1);
		o = json_object_new_object();
		json_object_object_add(o, "code",
		    json_object_new_string(product_mall_codes[i]));
		json_object_object_add(o, "name",
		    json_object_new_string(mall_name(product_mall_codes[i])));
		json_object_object_add(o, "currency_name",
		    json_object_new_string(cur));
		if (mall_rate(product_mall_codes[i], &units, &yuan) == CONVERT_OK)
			json_object_object_add(o, "rate", json_object_new_string(
			    arena_printf(a, "¥%lld = %lld %s", (long long)yuan,
			    (long long)units, cur)));
		if (strcmp(product_mall_codes[i], "DIVPTS") == 0)
			json_object_object_add(o, "note", json_object_new_string(
			    "每月 1–5 日可用分红积分兑换商品，其余日子只能浏览"));
		json_object_array_add(list, o);
	}
	return list;
}

/* "%q%" for LIKE with '!' as the escape character, so that %, _ and !
 * in q match themselves. NULL or "" gives "%". */
static const char *
like_pattern(arena *a, const char *q)
{
	size_t	 n = q == NULL ? 0 : strlen(q), i, k = 0;
	char	*p = arena_alloc(a, 2 * n + 3);

	if (p == NULL)
		return NULL;
	p[k++] = '%';
	for (i = 0; i < n; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '!')
			p[k++] = '!';
		p[k++] = q[i];
	}
	if (n > 0)
		p[k++] = '%';
	p[k] = '\0';
	return p;
}

/* The items of a product list query (columns as SQL_MALL; a 9th column,
 * when there is one, is the package's grants). A new array. */
static struct json_object *
mall_items(arena *a, const db_res *r)
{
	const db_res		 res = *r;
	struct json_object	*list, *o, *k;
	int64_t			 paid;
	int			 dec;
	size_t			 i;
	char			 b[32];

	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "id",
		    json_object_new_int64(db_ll(&res, i, 0)));
		json_object_object_add(o, "title",
		    json_object_new_string(db_str(&res, i, 1)));
		json_object_object_add(o, "mall",
		    json_object_new_string(db_str(&res, i, 2)));
		view_amount(o, "price", db_ll(&res, i, 3));
		json_object_object_add(o, "stock",
		    json_object_new_int64(db_ll(&res, i, 4)));
		json_object_object_add(o, "sold_out",
		    json_object_new_boolean(db_ll(&res, i, 4) <= 0));
		json_object_object_add(o, "currency",
		    json_object_new_string(db_str(&res, i, 2)));
		json_object_object_add(o, "currency_name",
		    json_object_new_string(db_str(&res, i, 5)));
		if (db_str(&res, i, 7) != NULL)
			json_object_object_add(o, "cover", json_object_new_string(
			    image_url(a, db_str(&res, i, 7))));
		dec = (int)db_ll(&res, i, 6);
		json_object_object_add(o, "mall_price",
		    product_mall_price(db_str(&res, i, 2), db_ll(&res, i, 3),
		    &paid) == CONVERT_OK ? json_object_new_string(
		    amount_format(paid, dec, b)) : NULL);
		if (res.ncols > 8 && db_str(&res, i, 8) != NULL) {
			k = json_object_new_object();
			view_str(k, "grants", db_str(&res, i, 8));
			view_str(k, "grants_name", chain_grants_name(
			    db_str(&res, i, 8)));
			json_object_object_add(o, "package", k);
		}
		json_object_array_add(list, o);
	}
	return list;
}

struct json_object *
product_mall_list(arena *a, const char *mall, const char *q, long long page,
    long long per, long long *total)
{
	const char		*pat = like_pattern(a, q);
	db_res			 res;

	/* public: from the read replica when it is in step (db.h) */
	if (pat == NULL || db_qr(a, &res, SQL_MALL_N, DB_ARGS(DB_TEXT(mall),
	    DB_TEXT(pat))) != DB_OK)
		return NULL;
	*total = db_ll(&res, 0, 0);
	if (db_qr(a, &res, SQL_MALL, DB_ARGS(DB_TEXT(mall), DB_TEXT(pat),
	    DB_INT(per), DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
	return mall_items(a, &res);
}

struct json_object *
product_package_list(arena *a, long long page, long long per,
    long long *total)
{
	db_res	res;

	if (db_qr(a, &res, SQL_PKG_N, DB_NOARGS) != DB_OK)
		return NULL;
	*total = db_ll(&res, 0, 0);
	if (db_qr(a, &res, SQL_PKG, DB_ARGS(DB_INT(per), DB_INT((page - 1) *
	    per))) != DB_OK)
		return NULL;
	return mall_items(a, &res);
}
