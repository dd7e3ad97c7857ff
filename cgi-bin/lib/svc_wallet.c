/* svc_wallet: balances and history (see svc_wallet.h). */
#include <string.h>
#include "amount.h"
#include "db.h"
#include "svc_wallet.h"

static const char SQL_BALANCES[] =
    "SELECT c.code, c.name, c.decimals, c.transferable, c.withdrawable, "
    "COALESCE(SUM(CASE WHEN a.kind = 'main' THEN a.balance END), 0), "
    "COALESCE(SUM(CASE WHEN a.kind = 'frozen' THEN a.balance END), 0) "
    "FROM currencies c LEFT JOIN accounts a ON a.currency = c.code "
    "AND a.owner_type = 'member' AND a.owner_id = ? "
    "GROUP BY c.code, c.name, c.decimals, c.transferable, c.withdrawable, "
    "c.sort ORDER BY c.sort";
static const char SQL_CUR[] = "SELECT decimals FROM currencies WHERE code = ?";
static const char SQL_COUNT[] =
    "SELECT COUNT(*) FROM postings p JOIN accounts a ON a.id = p.account_id "
    "WHERE a.owner_type = 'member' AND a.owner_id = ? AND a.kind = 'main' "
    "AND (? = '' OR p.currency = ?)";
static const char SQL_PAGE[] =
    "SELECT j.id, j.kind, j.memo, p.currency, c.name, c.decimals, p.amount, "
    "DATE_FORMAT(j.created_at, '%Y-%m-%d %H:%i') "
    "FROM postings p JOIN accounts a ON a.id = p.account_id "
    "JOIN journal j ON j.id = p.entry_id JOIN currencies c ON c.code = p.currency "
    "WHERE a.owner_type = 'member' AND a.owner_id = ? AND a.kind = 'main' "
    "AND (? = '' OR p.currency = ?) ORDER BY p.id DESC LIMIT ? OFFSET ?";

static void
add_amount(struct json_object *o, const char *k, int64_t v, int dec)
{
	char b[32];

	json_object_object_add(o, k,
	    json_object_new_string(amount_format(v, dec, b)));
}

struct json_object *
wallet_balances(arena *a, long long member)
{
	struct json_object	*out, *bal, *list, *c;
	db_res			 res;
	size_t			 i;
	int			 dec;

	if (db_q(a, &res, SQL_BALANCES, DB_ARGS(DB_INT(member))) != DB_OK)
		return NULL;
	out = json_object_new_object();
	bal = json_object_new_object();
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		dec = (int)db_ll(&res, i, 2);
		add_amount(bal, db_str(&res, i, 0), db_ll(&res, i, 5), dec);
		c = json_object_new_object();
		json_object_object_add(c, "code",
		    json_object_new_string(db_str(&res, i, 0)));
		json_object_object_add(c, "name",
		    json_object_new_string(db_str(&res, i, 1)));
		add_amount(c, "balance", db_ll(&res, i, 5), dec);
		add_amount(c, "frozen", db_ll(&res, i, 6), dec);
		json_object_object_add(c, "has_frozen",
		    json_object_new_boolean(db_ll(&res, i, 6) != 0));
		json_object_object_add(c, "transferable",
		    json_object_new_boolean(db_ll(&res, i, 3) != 0));
		json_object_object_add(c, "withdrawable",
		    json_object_new_boolean(db_ll(&res, i, 4) != 0));
		json_object_array_add(list, c);
	}
	json_object_object_add(out, "balances", bal);
	json_object_object_add(out, "currencies", list);
	return out;
}

struct json_object *
wallet_history(arena *a, long long member, const char *currency,
    long long page, long long per, long long *total)
{
	struct json_object	*list, *o;
	db_res			 res;
	const char		*cur = currency != NULL ? currency : "";
	size_t			 i;

	*total = 0;
	if (*cur != '\0') {
		if (db_q(a, &res, SQL_CUR, DB_ARGS(DB_TEXT(cur))) != DB_OK)
			return NULL;
		if (res.nrows == 0) {
			*total = -1;
			return NULL;
		}
	}
	if (db_q(a, &res, SQL_COUNT, DB_ARGS(DB_INT(member), DB_TEXT(cur),
	    DB_TEXT(cur))) != DB_OK)
		return NULL;
	*total = db_ll(&res, 0, 0);
	if (db_q(a, &res, SQL_PAGE, DB_ARGS(DB_INT(member), DB_TEXT(cur),
	    DB_TEXT(cur), DB_INT(per), DB_INT((page - 1) * per))) != DB_OK)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		int64_t v = db_ll(&res, i, 6);

		o = json_object_new_object();
		json_object_object_add(o, "entry",
		    json_object_new_int64(db_ll(&res, i, 0)));
		json_object_object_add(o, "kind",
		    json_object_new_string(db_str(&res, i, 1)));
		json_object_object_add(o, "memo",
		    json_object_new_string(db_str(&res, i, 2)));
		json_object_object_add(o, "currency",
		    json_object_new_string(db_str(&res, i, 3)));
		json_object_object_add(o, "currency_name",
		    json_object_new_string(db_str(&res, i, 4)));
		add_amount(o, "amount", v, (int)db_ll(&res, i, 5));
		json_object_object_add(o, "credit", json_object_new_boolean(v > 0));
		json_object_object_add(o, "at",
		    json_object_new_string(db_str(&res, i, 7)));
		json_object_array_add(list, o);
	}
	return list;
}
