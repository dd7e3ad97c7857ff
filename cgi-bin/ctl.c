/* ctl: the operator's command line (DESIGN.md §9). Reads the same config
 * as the programs ($PINTUAN_CONF, else var/app.conf).
 *   admin-create USER PASS ROLE
 *   member-create PHONE PASS [--inviter ID] [--role R]… [--scope CODE]
 *                 [--region PROVINCE,CITY,DISTRICT]
 *   members-create N PASS [member-create's options]
 *                 [--credit CURRENCY AMOUNT MEMO]…   N members on fresh
 *                        phones, "id phone" lines (tests' fixtures)
 *   grant-role MEMBER ROLE [SCOPE]
 *   seed-demo            demo admin, members, roles, a shop, a store with
 *                        its cashier and a service point (idempotent)
 *   demo-logins          prints the demo logins (make run's banner)
 *   sms-last PHONE       the last code sent to PHONE (development stacks:
 *                        what the log provider left in $var/sms-dev)
 *   credit PHONE CURRENCY AMOUNT MEMO   audited adjustment from issuance
 *   verify               ledger, tree, draw, order-event, queue, chain, ad, rp, store, pickup and union invariants;
 *                        exit 1 on violation
 *   verify-draw GROUP    recomputes one group's draw from its revealed seed
 *   activity-import FILE a group-buy activity from its JSON; prints its id
 *   clock …              the test clock (test mode only)
 *   bench-seed N FILE    `make bench` data: a product with ample stock, a
 *                        public activity, N members with 零钱 and a
 *                        session each (FILE: "id token csrf" lines)
 *   help                 lists the commands (the table `cmds` at the end) */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include "clock.h"
#include "svc_ad.h"
#include "conf.h"
#include "crypto.h"
#include "amount.h"
#include "db.h"
#include "events.h"
#include "ledger.h"
#include "sess.h"
#include "svc_rp.h"
#include "settings.h"
#include "svc_admin.h"
#include "buf.h"
#include "svc_groupbuy.h"
#include "svc_hot.h"
#include "svc_member.h"
#include "svc_merchant.h"
#include "svc_product.h"
#include "svc_queue.h"
#include "svc_chain.h"
#include "svc_pickup.h"
#include "svc_store.h"
#include "svc_union.h"

#define DEMO_ADMIN	"admin"
#define DEMO_ADMIN_PW	"admin12345"
#define DEMO_PW		"demo1234"

static arena *A;
static int quiet;	/* seed-demo: no per-credit output */

static int usage(void);
static int
fail(const struct svc_err *e)
{
	fprintf(stderr, "ctl: %s%s%s\n", e->message, e->field ? " — " : "",
	    e->field ? e->field : "");
	return 1;
}

static const char SQL_MEMBER_REGION[] =
    "SELECT province, city, district FROM members WHERE id = ?";
static const char SQL_ADMIN_EXISTS[] =
    "SELECT id FROM admins WHERE username = ?";

/* Grants role to id with the scope a region role needs: the given code,
 * else the member's own city (branch) or district (region). */
static int
grant(long long id, const char *role, const char *scope, long long rec)
{
	struct svc_err	e;
	db_res		res;

	if (scope == NULL && (strcmp(role, "branch") == 0 ||
	    strcmp(role, "region") == 0)) {
		if (db_q(A, &res, SQL_MEMBER_REGION, DB_ARGS(DB_INT(id))) != DB_OK
		    || res.nrows != 1) {
			fprintf(stderr, "ctl: member %lld not found\n", id);
			return 1;
		}
		scope = db_str(&res, 0, strcmp(role, "branch") == 0 ? 1 : 2);
	}
	if (member_grant_role(A, id, role, scope, rec, 0, &e) != 0)
		return fail(&e);
	return 0;
}

#define REFUSED	3	/* try_member: member_create refused, e filled */

/* Creates a member; *id receives the id. Region defaults to the
 * inviter's, else 北京市东城区. Returns 0; REFUSED with e filled and
 * nothing printed (so a caller can tell a taken phone); else the exit
 * status of a failure it has printed. */
static int
try_member(const char *phone, const char *pw, long long inviter,
    const char *region, long long *id, struct svc_err *e)
{
	struct member_new	m;
	db_res			res;
	char			p[8], c[8], d[8];

	memset(&m, 0, sizeof(m));
	m.phone = phone;
	m.password = pw;
	m.inviter_id = inviter;
	m.address = "演示地址 1 号";
	m.province = "110000";
	m.city = "110100";
	m.district = "110101";
	if (region != NULL) {
		if (sscanf(region, "%6[0-9],%6[0-9],%6[0-9]", p, c, d) != 3) {
			fputs("ctl: --region wants PROVINCE,CITY,DISTRICT\n",
			    stderr);
			return 2;
		}
		m.province = p;
		m.city = c;
		m.district = d;
	} else if (inviter > 0 && db_q(A, &res, SQL_MEMBER_REGION,
	    DB_ARGS(DB_INT(inviter))) == DB_OK && res.nrows == 1) {
		m.province = db_str(&res, 0, 0);
		m.city = db_str(&res, 0, 1);
		m.district = db_str(&res, 0, 2);
	}
	if (member_region_ok(A, m.province, m.city, m.district) != 1) {
		fprintf(stderr, "ctl: %s,%s,%s is not a region path\n",
		    m.province, m.city, m.district);
		return 1;
	}
	if (member_create(A, &m, id, e) != 0)
		return REFUSED;
	return 0;
}

/* try_member, printing a refusal: 0 or the exit status. */
static int
create_member(const char *phone, const char *pw, long long inviter,
    const char *region, long long *id)
{
	struct svc_err	e;
	int		rc = try_member(phone, pw, inviter, region, id, &e);

	return rc == REFUSED ? fail(&e) : rc;
}

static int cmd_credit(const char *, const char *, const char *, const char *);

#define MAX_ROLES	8
#define MAX_CREDITS	8

/* The options of member-create and members-create. */
struct member_opts {
	long long	 inviter;
	const char	*roles[MAX_ROLES], *scope, *region;
	int		 nroles;
	const char	*credit[MAX_CREDITS][3];	/* currency, amount, memo */
	int		 ncredits;
};

/* Parses [--inviter ID] [--role R]… [--scope CODE] [--region P,C,D] and,
 * when credits is set, [--credit CURRENCY AMOUNT MEMO]… from argv into o.
 * Returns 0, or the exit status of a failure it has printed. */
static int
member_opts_parse(int argc, char **argv, int credits, struct member_opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--inviter") == 0 && i + 1 < argc) {
			o->inviter = member_lookup(A, argv[++i]);
			if (o->inviter <= 0) {
				fprintf(stderr, "ctl: inviter %s not found\n",
				    argv[i]);
				return 1;
			}
		} else if (strcmp(argv[i], "--role") == 0 && i + 1 < argc &&
		    o->nroles < MAX_ROLES)
			o->roles[o->nroles++] = argv[++i];
		else if (strcmp(argv[i], "--scope") == 0 && i + 1 < argc)
			o->scope = argv[++i];
		else if (strcmp(argv[i], "--region") == 0 && i + 1 < argc)
			o->region = argv[++i];
		else if (credits && strcmp(argv[i], "--credit") == 0 &&
		    i + 3 < argc && o->ncredits < MAX_CREDITS) {
			o->credit[o->ncredits][0] = argv[++i];
			o->credit[o->ncredits][1] = argv[++i];
			o->credit[o->ncredits++][2] = argv[++i];
		} else
			return usage();
	}
	return 0;
}

/* The roles of o for member id: 0 or the exit status. */
static int
grant_roles(long long id, const struct member_opts *o)
{
	int i, rc;

	for (i = 0; i < o->nroles; i++)
		if ((rc = grant(id, o->roles[i], o->scope, 0)) != 0)
			return rc;
	return 0;
}

/* member-create PHONE PASS [options]: prints the new member's id. */
static int
cmd_member_create(int argc, char **argv)
{
	struct member_opts	o;
	long long		id;
	int			rc;

	if ((rc = member_opts_parse(argc - 2, argv + 2, 0, &o)) != 0 ||
	    (rc = create_member(argv[0], argv[1], o.inviter, o.region,
	    &id)) != 0 || (rc = grant_roles(id, &o)) != 0)
		return rc;
	printf("%lld\n", id);
	return 0;
}

/* members-create N PASS [options] [--credit CURRENCY AMOUNT MEMO]…: N
 * members made one by one exactly as member-create makes them (each in its own
 * transaction, roles granted, then each credit an audited adjustment
 * from issuance like `credit`), on fresh random 139 phones: a phone that
 * is taken (also by a concurrent caller) is replaced by another. One
 * process for all, so a test's hundreds of members cost seconds, not a
 * process start each. Prints "id phone" per member as it is made; stops
 * at the first failure (the members before it stay). */
static int
cmd_members_create(int argc, char **argv)
{
	struct member_opts	 o;
	struct svc_err		 e;
	char			 phone[16], *end;
	long long		 n = strtoll(argv[0], &end, 10), i, id;
	int			 rc, tries, c;

	if (end == argv[0] || *end != '\0' || n < 1 || n > 100000) {
		fprintf(stderr, "ctl: members-create: N must be 1 to 100000, "
		    "not %s\n", argv[0]);
		return 2;
	}
	if ((rc = member_opts_parse(argc - 2, argv + 2, 1, &o)) != 0)
		return rc;
	quiet = 1;	/* credits print no entry ids */
	for (i = 0; i < n; i++) {
		arena_reset(A);
		for (tries = 0;; tries++) {
			snprintf(phone, sizeof(phone), "139%08u",
			    rand_below(100000000));
			rc = try_member(phone, argv[1], o.inviter, o.region,
			    &id, &e);
			if (rc != REFUSED || tries == 20 ||
			    strcmp(e.code, "phone_taken") != 0)
				break;
		}
		if (rc == REFUSED)
			rc = fail(&e);
		if (rc != 0 || (rc = grant_roles(id, &o)) != 0)
			return rc;
		for (c = 0; c < o.ncredits; c++)
			if ((rc = cmd_credit(phone, o.credit[c][0],
			    o.credit[c][1], o.credit[c][2])) != 0)
				return rc;
		printf("%lld %s\n", id, phone);
		fflush(stdout);
	}
	return 0;
}

struct demo {
	const char	*phone;
	int		 inviter;	/* index into demos, -1 root */
	const char	*role, *label;
};

static const struct demo demos[] = {
	{ "13800000001", -1, NULL,     "平台首位会员（深圳南山）" },
	{ "13800000002", 0,  "leader", "团长" },
	{ "13800000003", 0,  "branch", "分公司（深圳）" },
	{ "13800000004", 0,  "region", "区域（南山区）" },
	{ "13800000005", 1,  "owner",  "群主（团长 13800000002 邀请）" },
	{ "13800000006", 1,  NULL,     "会员（团长邀请）" },
	{ "13800000007", 4,  NULL,     "会员（群主邀请）" },
	{ "13800000008", 5,  NULL,     "会员（三代）" },
	{ "13800000009", 0,  NULL,     "商家（鲜果小铺，有商品、今日爆品、门店收银台与自提点）" },
};
#define DEMO_MERCHANT	8	/* index of the demo merchant */
#define DEMO_BUYER	5	/* index of the member given 零钱 to spend */
#define NDEMO (sizeof(demos) / sizeof(demos[0]))

static const struct {
	const char	*title, *mall, *supply, *retail, *description;
	int		 stock;
} demo_products[] = {
	{ "赣南脐橙 5 斤装", "CHANGE", "30.00", "49.90",
	  "江西赣州果园直发，当季现摘，坏果包赔。", 200 },
	{ "五常稻花香大米 10 斤", "CHANGE", "58.00", "89.00",
	  "黑龙江五常核心产区，当年新米。", 120 },
	{ "海南妃子笑荔枝 3 斤", "CARD", "45.00", "66.60",
	  "产地冷链直发，48 小时内送达。", 80 },
	{ "云南高山蓝莓 4 盒装", "POINTS", "39.00", "59.00",
	  "每盒 125 克，果径 15mm+。", 60 },
};

/* The demo shop: an approved merchant with listed products in the three
 * malls and today's hot item; once (skipped when the merchant exists). */
static int
seed_shop(long long member, long long buyer_phone_idx)
{
	struct merchant_app	 m = { "鲜果小铺", "王店长", "13800000009",
				    "91440300MA5DEMO001", "深圳市南山区科技园 1 号",
				    "水果生鲜、粮油" };
	struct product_new	 p;
	struct hot_new		 h;
	struct svc_err		 e;
	struct json_object	*mine = merchant_of(A, member);
	db_res			 res;
	long long		 mid, pid, first = 0, hid;
	size_t			 i;

	if (mine != NULL) {
		json_object_put(mine);
		return 0;
	}
	if (merchant_apply(A, member, &m, &mid, &e) != 0 ||
	    merchant_decide(A, mid, 1, NULL, 0, NULL, &e) != 0)
		return fail(&e);
	for (i = 0; i < sizeof(demo_products) / sizeof(demo_products[0]); i++) {
		memset(&p, 0, sizeof(p));
		p.title = demo_products[i].title;
		p.mall = demo_products[i].mall;
		p.description = demo_products[i].description;
		p.stock = demo_products[i].stock;
		amount_parse(demo_products[i].supply, 2, &p.supply_price);
		amount_parse(demo_products[i].retail, 2, &p.retail_price);
		if (product_create(A, member, &p, &pid, &e) != 0 ||
		    product_review(A, pid, "list", 0, NULL, 0, NULL, &e) != 0)
			return fail(&e);
		if (first == 0)
			first = pid;
	}
	if (db_q(A, &res, "SELECT DATE_FORMAT(CURDATE(), '%Y-%m-%d')",
	    DB_NOARGS) != DB_OK)
		return 1;
	h.product = first;
	h.day = arena_strdup(A, db_str(&res, 0, 0));
	h.price = 3990;
	h.qty = 20;
	if (hot_offer(A, member, &h, &hid, &e) != 0)
		return fail(&e);
	return cmd_credit(demos[buyer_phone_idx].phone, "CHANGE", "500.00",
	    "演示入账");
}

/* The demo store of the demo merchant (鲜果小铺): approved, its own
 * cashier queue at 5% commission; and a service point at it, staffed by
 * the merchant. Once (skipped when the merchant has a store). */
static int
seed_store(long long member)
{
	struct store_new	 s = { "鲜果小铺（科技园店）", "440000", "440300",
				    "440305", "科技园南区 1 号一楼", "08:00-22:00",
				    500, "own", 13000, 6500 };
	struct point_new	 p = { "鲜果小铺自提点", "440000", "440300",
				    "440305", "科技园南区 1 号一楼", "13800000009",
				    0 };
	struct json_object	*mine = store_mine(A, member);
	struct svc_err		 e;
	long long		 id, pid;
	size_t			 n = mine ? json_object_array_length(mine) : 0;

	json_object_put(mine);
	if (mine == NULL)
		return 1;
	if (n > 0)
		return 0;
	if (store_open(A, member, &s, &id, &e) != 0 ||
	    store_decide(A, id, 1, NULL, 0, NULL, &e) != 0)
		return fail(&e);
	p.store = id;
	if (pickup_point_create(A, &p, 0, NULL, &pid, &e) != 0)
		return fail(&e);
	return 0;
}

/* A preset's JSON with its products replaced, as text in the arena. */
static const char *
preset_with(const char *name, const long long *products, size_t n)
{
	struct json_object	*j, *list;
	const char		*out;
	size_t			 i;

	j = json_object_from_file(arena_printf(A, "%s/%s.json",
	    conf_get("presets", "etc/presets"), name));
	if (j == NULL)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(list, json_object_new_int64(products[i]));
	json_object_object_add(j, "products", list);
	out = arena_strdup(A, json_object_to_json_string_ext(j,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(j);
	return out;
}

static int
demo_join(long long member, long long group, long long activity)
{
	struct gb_join	j;
	struct svc_err	e;

	memset(&j, 0, sizeof(j));
	j.member = member;
	j.group = group;
	j.activity = activity;
	return gb_join(A, &j, &e) == 0 ? 0 : fail(&e);
}

/* The demo group-buy: the three presets (with the demo shop's products as
 * prizes), two groups drawn with platform fill, an open leader group and
 * an open public one; once (skipped when any activity exists). */
static int
seed_groupbuy(const long long *ids)
{
	static const char *const names[] = { "lianbeihang", "quanmin", "tequan" };
	struct gb_errors	 errs;
	struct svc_err		 e;
	db_res			 res;
	long long		 prod[2] = { 0, 0 }, act[3], g, admin;
	const long long		 joiners[] = { ids[0], ids[5], ids[6], ids[7] };
	size_t			 i, np = 0;
	int			 rc;

	if (db_q(A, &res, "SELECT COUNT(*) FROM gb_activities", DB_NOARGS) !=
	    DB_OK)
		return 1;
	if (db_ll(&res, 0, 0) > 0)
		return 0;
	if (db_q(A, &res, "SELECT p.id FROM products p JOIN merchants m ON "
	    "m.id = p.merchant_id WHERE m.member_id = ? AND p.status = 'listed' "
	    "ORDER BY p.id LIMIT 2", DB_ARGS(DB_INT(ids[DEMO_MERCHANT]))) !=
	    DB_OK)
		return 1;
	for (i = 0; i < res.nrows; i++)
		prod[np++] = db_ll(&res, i, 0);
	for (i = 0; i < 3; i++) {
		const char *text = preset_with(names[i], prod, i == 0 ? 1 :
		    i == 1 ? np : 0);

		if (text == NULL) {
			fprintf(stderr, "ctl: preset %s not found\n", names[i]);
			return 1;
		}
		if (gb_activity_save(A, 0, text, 0, NULL, &act[i], &errs, &e) != 0)
			return fail(&e);
	}
	for (i = 0; i < sizeof(joiners) / sizeof(joiners[0]); i++) {
		db_q(A, &res, "SELECT phone FROM members WHERE id = ?",
		    DB_ARGS(DB_INT(joiners[i])));
		if ((rc = cmd_credit(arena_strdup(A, db_str(&res, 0, 0)),
		    "CHANGE", "2000.00", "演示入账")) != 0)
			return rc;
	}
	if (db_q(A, &res, "SELECT id FROM admins WHERE username = ?",
	    DB_ARGS(DB_TEXT(DEMO_ADMIN))) != DB_OK || res.nrows != 1)
		return 1;
	admin = db_ll(&res, 0, 0);
	/* 全民拼购 and 特权: four members join, the platform fills, drawn */
	for (i = 1; i < 3; i++) {
		size_t k;

		g = 0;
		for (k = 0; k < 4; k++)
			if ((rc = demo_join(joiners[k], 0, act[i])) != 0)
				return rc;
		if (db_q(A, &res, "SELECT id FROM gb_groups WHERE activity_id = ? "
		    "AND status = 'open' ORDER BY id LIMIT 1", DB_ARGS(DB_INT(
		    act[i]))) != DB_OK || res.nrows != 1)
			return 1;
		g = db_ll(&res, 0, 0);
		if (gb_fill(A, g, admin, NULL, &e) != 0)
			return fail(&e);
	}
	/* 链贝行: the demo leader opens with the demo owner; two join */
	if (gb_open(A, act[0], ids[1], ids[4], 0, NULL, &g, &e) != 0)
		return fail(&e);
	for (i = 1; i < 3; i++)
		if ((rc = demo_join(joiners[i], g, 0)) != 0)
			return rc;
	/* and one member waits in a fresh 全民拼购 group */
	return demo_join(joiners[1], 0, act[1]);
}

/* The demo package (礼包, G1): a 链动 agent package in the demo shop,
 * made and listed once. */
static int
seed_chain(long long merchant)
{
	static const char	 q[] = "SELECT p.id, p.title, p.retail_price, "
	    "k.grants FROM chain_packages k JOIN products p ON p.id = "
	    "k.product_id ORDER BY p.id LIMIT 1";
	struct product_new	 p;
	struct svc_err		 e;
	db_res			 res;
	long long		 pid;
	char			 b[32];

	if (db_q(A, &res, q, DB_NOARGS) != DB_OK)
		return 1;
	if (res.nrows == 0) {
		memset(&p, 0, sizeof(p));
		p.title = "链动代理礼包";
		p.mall = "CHANGE";
		p.description = "购买即成为链动代理（规则见“我的团队”页）";
		p.stock = 9999;
		p.supply_price = 10000;
		p.retail_price = 39900;
		if (product_create(A, merchant, &p, &pid, &e) != 0 ||
		    product_review(A, pid, "list", 0, NULL, 0, NULL, &e) != 0 ||
		    chain_package_set(A, pid, "agent", 0, NULL, &e) != 0)
			return fail(&e);
		if (db_q(A, &res, q, DB_NOARGS) != DB_OK || res.nrows != 1)
			return 1;
	}
	printf("seed-demo: demo package %lld %s ¥%s grants %s "
	    "(/shop/packages)\n", db_ll(&res, 0, 0), db_str(&res, 0, 1),
	    amount_format(db_ll(&res, 0, 2), 2, b), db_str(&res, 0, 3));
	return 0;
}

static int
chain_settle_tx(void *ud)
{
	int	*settled = ud;
	char	 err[300];
	int	 rc;

	err[0] = '\0';
	if ((rc = chain_pool_settle(A, settled, err, sizeof(err))) != 0)
		fprintf(stderr, "ctl: chain-settle: %s\n", err[0] ? err :
		    db_strerror(rc));
	return rc;
}

/* ctl chain-settle: shares the chain dividend pool now, as the daily job
 * does (once per period). */
static int
run_chain_settle(int argc, char **argv)
{
	int settled = 0;

	(void)argc;
	(void)argv;
	if (db_tx(chain_settle_tx, &settled) != 0)
		return 1;
	printf("chain-settle: %s\n", settled ? "shared" :
	    "already shared this period");
	return 0;
}

static int
cmd_seed_demo(void)
{
	struct svc_err	e;
	db_res		res;
	long long	ids[NDEMO];
	size_t		i;
	int		rc, made = 0;

	if (db_q(A, &res, SQL_ADMIN_EXISTS, DB_ARGS(DB_TEXT(DEMO_ADMIN))) !=
	    DB_OK)
		return 1;
	if (res.nrows == 0 && admin_create(A, DEMO_ADMIN, DEMO_ADMIN_PW,
	    "super", 0, &e) != 0)
		return fail(&e);
	for (i = 0; i < NDEMO; i++) {
		ids[i] = member_lookup(A, demos[i].phone);
		if (ids[i] < 0)
			return 1;
		if (ids[i] > 0)
			continue;
		rc = create_member(demos[i].phone, DEMO_PW, demos[i].inviter < 0
		    ? 0 : ids[demos[i].inviter], demos[i].inviter < 0 ?
		    "440000,440300,440305" : NULL, &ids[i]);
		if (rc != 0)
			return rc;
		if (demos[i].role != NULL && (rc = grant(ids[i], demos[i].role,
		    NULL, 0)) != 0)
			return rc;
		made++;
	}
	quiet = 1;
	if ((rc = seed_shop(ids[DEMO_MERCHANT], DEMO_BUYER)) != 0 ||
	    (rc = seed_store(ids[DEMO_MERCHANT])) != 0 ||
	    (rc = seed_groupbuy(ids)) != 0 ||
	    (rc = seed_chain(ids[DEMO_MERCHANT])) != 0)
		return rc;
	printf("seed-demo: %d new members, %zu demo members in all\n", made,
	    NDEMO);
	return 0;
}

static int
cmd_demo_logins(void)
{
	size_t i;

	printf("  管理后台   %s / %s\n", DEMO_ADMIN, DEMO_ADMIN_PW);
	for (i = 0; i < NDEMO; i++)
		printf("  会员 %s / %s  %s\n", demos[i].phone, DEMO_PW,
		    demos[i].label);
	return 0;
}

/* The database keeps codes hashed and the SMS log masked: the code comes
 * from the file the log provider writes on a development stack (sms.h). */
static int
cmd_sms_last(const char *phone)
{
	char		 body[256];
	const char	*b;
	FILE		*f;
	size_t		 n;

	if (*phone == '\0' || strspn(phone, "0123456789") != strlen(phone)) {
		fprintf(stderr, "ctl: %s is not a phone number\n", phone);
		return 1;
	}
	snprintf(body, sizeof(body), "%s/sms-dev/%s", conf_get("var", "var"),
	    phone);
	if ((f = fopen(body, "r")) == NULL) {
		fprintf(stderr, "ctl: no code sent to %s (or sms_dev_codes is "
		    "not set in app.conf)\n", phone);
		return 1;
	}
	n = fread(body, 1, sizeof(body) - 1, f);
	fclose(f);
	body[n] = '\0';
	/* The code is the first run of six digits in the message. */
	for (b = body; *b; b++)
		if (strspn(b, "0123456789") >= 6) {
			printf("%.6s\n", b);
			return 0;
		}
	fprintf(stderr, "ctl: no code in the last message to %s\n", phone);
	return 1;
}

struct credit {
	long long	 member;
	const char	*currency, *memo;
	int64_t		 amount;
	long long	 entry;
};

static int
credit_tx(void *ud)
{
	struct credit		*c = ud;
	char			 key[TOKEN_LEN + 16];
	struct ledger_leg	 legs[2] = {
		{ LEDGER_SYSTEM, 0, "issue", c->currency, -c->amount },
		{ LEDGER_MEMBER, c->member, "main", c->currency, c->amount },
	};
	struct ledger_entry	 e = { NULL, "adjust", "member", c->member,
				    c->memo, 0, 0 };
	int			 rc;

	/* Every adjustment is its own movement: a fresh key each time. */
	memcpy(key, "ctl-credit:", 11);
	rand_token(key + 11);
	e.idem_key = key;
	if ((rc = ledger_post(A, &e, legs, 2, &c->entry)) != LEDGER_OK)
		return rc;
	return admin_audit(A, 0, "ledger.adjust", "member", c->member,
	    arena_printf(A, "{\"currency\":\"%s\",\"amount\":%lld,"
	    "\"entry\":%lld}", c->currency, (long long)c->amount, c->entry),
	    NULL);
}

static int
cmd_credit(const char *who, const char *cur, const char *amt, const char *memo)
{
	struct credit	c;
	int		rc;

	memset(&c, 0, sizeof(c));
	if ((c.member = member_lookup(A, who)) <= 0) {
		fprintf(stderr, "ctl: member %s not found\n", who);
		return 1;
	}
	if ((rc = amount_parse_signed(amt, 2, &c.amount)) != 0 || c.amount == 0) {
		fprintf(stderr, "ctl: amount %s: %s\n", amt, rc ?
		    amount_strerror(rc) : "金额不能为 0");
		return 1;
	}
	c.currency = cur;
	c.memo = memo;
	rc = db_tx(credit_tx, &c);
	if (rc != 0) {
		fprintf(stderr, "ctl: credit refused: %s\n", ledger_strerror(rc));
		return 1;
	}
	if (!quiet)
		printf("%lld\n", c.entry);
	return 0;
}

static void
print_violation(const char *msg, void *ud)
{
	(void)ud;
	printf("VIOLATION %s\n", msg);
}

/* Every drawn group's draw, recomputed (DESIGN.md §5: draws are part of
 * what verify checks), and every group's seat accounting. Returns the
 * number of violations; a query that fails is said on stderr and counts
 * as one. */
static int
verify_draws(void)
{
	db_res	res;
	size_t	i;
	char	msg[200];
	int	bad = 0, rc;

	if ((rc = db_q(A, &res, "SELECT id FROM gb_groups WHERE status = "
	    "'drawn' ORDER BY id", DB_NOARGS)) != DB_OK) {
		fprintf(stderr, "ctl: verify: drawn groups: %s\n",
		    db_strerror(rc));
		return 1;
	}
	for (i = 0; i < res.nrows; i++)
		if (gb_verify_draw(A, db_ll(&res, i, 0), msg, sizeof(msg)) != 0) {
			printf("VIOLATION %s\n", msg);
			bad++;
		}
	/* Seat accounting: a group's taken counts its seats; an open group's
	 * free-seat rows are exactly its untaken seats; a closed one has none
	 * (sql/017_gb_free_seats.sql). */
	if ((rc = db_q(A, &res, "SELECT g.id, g.status, g.seats, g.taken, "
	    "(SELECT COUNT(*) FROM gb_seats s WHERE s.group_id = g.id) AS n, "
	    "(SELECT COUNT(*) FROM gb_free_seats f WHERE f.group_id = g.id) "
	    "AS free FROM gb_groups g HAVING n <> g.taken OR free <> "
	    "IF(g.status = 'open', g.seats - g.taken, 0) ORDER BY g.id",
	    DB_NOARGS)) != DB_OK) {
		fprintf(stderr, "ctl: verify: seat accounting: %s\n",
		    db_strerror(rc));
		return bad + 1;
	}
	for (i = 0; i < res.nrows; i++) {
		printf("VIOLATION group %lld (%s): %lld of %lld seats taken, "
		    "%lld seat rows, %lld free-seat rows\n", db_ll(&res, i, 0),
		    db_str(&res, i, 1), db_ll(&res, i, 3), db_ll(&res, i, 2),
		    db_ll(&res, i, 4), db_ll(&res, i, 5));
		bad++;
	}
	/* D1: a seat that picked a 购物券 option reserved no product, and
	 * its member was credited exactly its amount of 购物券 when (and
	 * only when) it won. */
	if ((rc = db_q(A, &res, "SELECT s.group_id, s.seat_no, s.voucher AS "
	    "picked, s.result AS result, s.product_id IS NOT NULL AS "
	    "with_product, (SELECT COALESCE(SUM("
	    "p.amount), 0) FROM journal j JOIN postings p ON p.entry_id = j.id "
	    "JOIN accounts a ON a.id = p.account_id WHERE j.idem_key = CONCAT("
	    "'gb.voucher:', s.group_id, ':', s.seat_no) AND "
	    "a.owner_type = 'member' AND a.owner_id = s.member_id AND "
	    "a.currency = 'VOUCHER') AS paid FROM gb_seats s WHERE "
	    "s.voucher IS NOT NULL HAVING paid <> IF(result = 'won', picked, "
	    "0) OR with_product ORDER BY s.group_id, s.seat_no", DB_NOARGS)) !=
	    DB_OK) {
		fprintf(stderr, "ctl: verify: voucher seats: %s\n",
		    db_strerror(rc));
		return bad + 1;
	}
	for (i = 0; i < res.nrows; i++) {
		printf("VIOLATION group %lld seat %lld picked %lld (购物券, "
		    "smallest unit), result %s%s, credited %lld\n",
		    db_ll(&res, i, 0), db_ll(&res, i, 1), db_ll(&res, i, 2),
		    db_str(&res, i, 3), db_ll(&res, i, 4) ? ", with a product" :
		    "", db_ll(&res, i, 5));
		bad++;
	}
	return bad;
}

static int
cmd_verify_draw(const char *id)
{
	char	msg[200];
	int	rc = gb_verify_draw(A, strtoll(id, NULL, 10), msg, sizeof(msg));

	if (rc < 0) {
		fprintf(stderr, "ctl: verify-draw: %s\n", db_strerror(rc));
		return 1;
	}
	printf("%s\n", msg);
	return rc == 0 ? 0 : 1;
}

/* activity-import FILE: a new activity from its JSON; prints its id. */
static int
cmd_activity_import(const char *path)
{
	struct gb_errors	 errs;
	struct svc_err		 e;
	FILE			*f = fopen(path, "r");
	buf			 b;
	char			 chunk[4096];
	size_t			 n, i;
	long long		 id;
	int			 rc;

	if (f == NULL) {
		fprintf(stderr, "ctl: cannot open %s\n", path);
		return 1;
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	rc = gb_activity_save(A, 0, buf_str(&b), 0, NULL, &id, &errs, &e);
	buf_clear(&b);
	if (rc != 0) {
		for (i = 0; i < errs.n; i++)
			fprintf(stderr, "ctl: %s: %s\n", errs.e[i].field,
			    errs.e[i].message);
		if (errs.n == 0)
			fail(&e);
		return 1;
	}
	printf("%lld\n", id);
	return 0;
}

/* clock [set 'YYYY-MM-DD HH:MM:SS' | advance N[smhd] | reset]: the test
 * clock (test mode only; see clock.h). Prints the time it is now. */
static int
cmd_clock(int argc, char **argv)
{
	db_res		 res;
	long long	 off = clock_offset(), n;
	char		*end;

	if (argc >= 1 && !conf_test_mode()) {
		fputs("ctl: the clock moves only in test mode\n", stderr);
		return 1;
	}
	if (argc == 2 && strcmp(argv[0], "set") == 0) {
		if (db_q(A, &res, "SELECT UNIX_TIMESTAMP(?)", DB_ARGS(
		    DB_TEXT(argv[1]))) != DB_OK || db_str(&res, 0, 0) == NULL) {
			fprintf(stderr, "ctl: not a time: %s\n", argv[1]);
			return 1;
		}
		off = db_ll(&res, 0, 0) - (long long)time(NULL);
	} else if (argc == 2 && strcmp(argv[0], "advance") == 0) {
		n = strtoll(argv[1], &end, 10);
		switch (*end) {
		case 'd': n *= 86400; break;
		case 'h': n *= 3600; break;
		case 'm': n *= 60; break;
		case 's': case '\0': break;
		default:
			fprintf(stderr, "ctl: advance N[smhd]\n");
			return 1;
		}
		off += n;
	} else if (argc == 1 && strcmp(argv[0], "reset") == 0)
		off = 0;
	else if (argc != 0)
		return usage();
	if (argc > 0 && (clock_set_offset(off) != 0 || clock_apply() != 0)) {
		fputs("ctl: cannot set the test clock\n", stderr);
		return 1;
	}
	if (db_q(A, &res, "SELECT DATE_FORMAT(NOW(), '%Y-%m-%d %H:%i:%s')",
	    DB_NOARGS) != DB_OK)
		return 1;
	printf("%s (offset %+lld s)\n", db_str(&res, 0, 0), off);
	return 0;
}

/* --- make bench ------------------------------------------------------------ */

#define BENCH_PRODUCT	"压测商品（整箱矿泉水）"
#define BENCH_ACTIVITY	"压测全民拼购"
#define BENCH_PHONE0	19900000000LL	/* bench member i has phone +i */
#define BENCH_CREDIT	"100000.00"

/* The bench product: listed by the demo merchant in the 零钱 mall, with
 * stock for any run (made once). */
static long long
bench_product(long long merchant)
{
	struct product_new	p;
	struct svc_err		e;
	db_res			res;
	long long		id;

	if (db_q(A, &res, "SELECT id FROM products WHERE title = ? AND "
	    "status = 'listed' ORDER BY id LIMIT 1", DB_ARGS(
	    DB_TEXT(BENCH_PRODUCT))) != DB_OK)
		return -1;
	if (res.nrows == 1)
		return db_ll(&res, 0, 0);
	memset(&p, 0, sizeof(p));
	p.title = BENCH_PRODUCT;
	p.mall = "CHANGE";
	p.description = "压测用商品，库存充足。";
	p.stock = 100000000;
	p.supply_price = 500;
	p.retail_price = 1000;
	if (product_create(A, merchant, &p, &id, &e) != 0 ||
	    product_review(A, id, "list", 0, NULL, 0, NULL, &e) != 0) {
		fail(&e);
		return -1;
	}
	return id;
}

/* The bench activity: the 全民拼购 preset (public, 10 seats, 3 winners,
 * no daily limit) with the bench product as its prize (made once). */
static long long
bench_activity(long long product)
{
	struct gb_errors	 errs;
	struct svc_err		 e;
	struct json_object	*j;
	db_res			 res;
	const char		*text;
	long long		 id;

	if (db_q(A, &res, "SELECT id FROM gb_activities WHERE name = ? ORDER BY "
	    "id LIMIT 1", DB_ARGS(DB_TEXT(BENCH_ACTIVITY))) != DB_OK)
		return -1;
	if (res.nrows == 1)
		return db_ll(&res, 0, 0);
	if ((text = preset_with("quanmin", &product, 1)) == NULL ||
	    (j = json_tokener_parse(text)) == NULL)
		return -1;
	json_object_object_add(j, "name", json_object_new_string(BENCH_ACTIVITY));
	json_object_object_add(j, "daily_join_limit", json_object_new_int(0));
	text = arena_strdup(A, json_object_to_json_string_ext(j,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(j);
	if (gb_activity_save(A, 0, text, 0, NULL, &id, &errs, &e) != 0) {
		fail(&e);
		return -1;
	}
	return id;
}

/* bench-seed N FILE: the demo data, then the bench product and activity,
 * then N members (phones 19900000000 + i, each invited by an earlier one
 * so the reward schedule has uplines to pay) with 零钱 credited through
 * the ledger when short, and a fresh logged-in session each, written to
 * FILE as "id token csrf" lines. Prints product= and activity=. */
static int
cmd_bench_seed(const char *count, const char *path)
{
	char		 phone[16], pw[TOKEN_LEN + 1], token[TOKEN_LEN + 2];
	char		 csrf[TOKEN_LEN + 1];
	char		*end;
	long long	 n = strtoll(count, &end, 10), i, merchant, product;
	long long	 activity, id, inviter, *ids;
	int64_t		 have, want;
	FILE		*f;
	int		 rc;

	/* The whole argument a number ("10k" is not 10); an overflow gives
	 * LLONG_MAX, out of range too. */
	if (end == count || *end != '\0' || n < 1 || n > 1000000) {
		fprintf(stderr, "ctl: bench-seed: N must be 1 to 1000000, not "
		    "%s\n", count);
		return 2;
	}
	if ((rc = cmd_seed_demo()) != 0)
		return rc;
	if ((merchant = member_lookup(A, demos[DEMO_MERCHANT].phone)) <= 0 ||
	    (product = bench_product(merchant)) <= 0 ||
	    (activity = bench_activity(product)) <= 0) {
		fputs("ctl: bench-seed: cannot make the bench product or "
		    "activity\n", stderr);
		return 1;
	}
	if ((f = fopen(path, "w")) == NULL) {
		fprintf(stderr, "ctl: cannot write %s\n", path);
		return 1;
	}
	if ((ids = calloc((size_t)n, sizeof(*ids))) == NULL) {
		fclose(f);
		return 1;
	}
	/* Bench members never log in by password: a random one, hashed
	 * with the quick limits so thousands are made in seconds. */
	pw_fast_for_tests(1);
	amount_parse(BENCH_CREDIT, 2, &want);
	inviter = member_lookup(A, demos[0].phone);
	for (i = 0, rc = 0; i < n && rc == 0; i++) {
		arena_reset(A);
		snprintf(phone, sizeof(phone), "%lld", BENCH_PHONE0 + i);
		if ((id = member_lookup(A, phone)) < 0) {
			rc = 1;
			break;
		}
		if (id == 0) {
			rand_token(pw);
			if ((rc = create_member(phone, pw, i == 0 ? inviter :
			    ids[(i - 1) / 4], NULL, &id)) != 0)
				break;
		}
		ids[i] = id;
		if (ledger_balance(A, id, "main", "CHANGE", &have) != DB_OK) {
			rc = 1;
			break;
		}
		if (have < want / 2 && (rc = cmd_credit(phone, "CHANGE",
		    BENCH_CREDIT, "压测入账")) != 0)
			break;
		if (sess_mint_member(A, id, 86400, token, csrf) != DB_OK) {
			rc = 1;
			break;
		}
		fprintf(f, "%lld %s %s\n", id, token, csrf);
	}
	free(ids);
	if (fclose(f) != 0 || rc != 0) {
		fprintf(stderr, "ctl: bench-seed failed at member %lld\n", i);
		return rc ? rc : 1;
	}
	printf("product=%lld\nactivity=%lld\nmembers=%lld\n", product, activity,
	    n);
	return 0;
}

static int
cmd_verify(void)
{
	int bad = ledger_verify(A, print_violation, NULL), s;

	if (bad >= 0)
		bad += verify_draws();
	if (bad >= 0 && (s = settings_verify()) != 0)	/* settings registry */
		bad = s < 0 ? s : bad + s;
	if (bad >= 0 && (s = events_verify(A, print_violation, NULL)) != 0)
		bad = s < 0 ? s : bad + s;
	if (bad >= 0 && (s = queue_verify(A, print_violation, NULL)) != 0)
		bad = s < 0 ? s : bad + s;
	/* chain rewards */
	if (bad >= 0 && (s = chain_verify(A, print_violation, NULL)) != 0)
		bad = s < 0 ? s : bad + s;
	/* ad rewards */
	if (bad >= 0 && (s = ad_verify(A, print_violation, NULL)) != 0)
		bad = s < 0 ? s : bad + s;
	if (bad >= 0 && (s = rp_verify(A, print_violation, NULL)) != 0)
		bad = s < 0 ? s : bad + s;
	/* stores: cashier orders against their ledger entries */
	if (bad >= 0 && (s = store_verify(A, print_violation, NULL)) != 0)
		bad = s < 0 ? s : bad + s;
	/* pickups at service points: completed and rewarded once */
	if (bad >= 0 && (s = pickup_verify_all(A, print_violation, NULL)) != 0)
		bad = s < 0 ? s : bad + s;
	/* the union queue's pool */
	if (bad >= 0 && (s = union_verify(A, print_violation, NULL)) != 0)
		bad = s < 0 ? s : bad + s;
	if (bad < 0) {
		fprintf(stderr, "ctl: verify: %s\n", db_strerror(bad));
		return 1;
	}
	if (bad > 0) {
		printf("verify: %d violation(s)\n", bad);
		return 1;
	}
	printf("verify: all invariants hold\n");
	return 0;
}

/* --- the command table ---------------------------------------------------- */

/* Each handler gets the arguments after the command's name. */
static int
run_admin_create(int argc, char **argv)
{
	struct svc_err e;

	(void)argc;
	return admin_create(A, argv[0], argv[1], argv[2], 0, &e) == 0 ? 0 :
	    fail(&e);
}

static int
run_grant_role(int argc, char **argv)
{
	return grant(member_lookup(A, argv[0]), argv[1], argc == 3 ? argv[2] :
	    NULL, 0);
}

static int
run_seed_demo(int argc, char **argv)
{
	(void)argc, (void)argv;
	return cmd_seed_demo();
}

static int
run_demo_logins(int argc, char **argv)
{
	(void)argc, (void)argv;
	return cmd_demo_logins();
}

static int
run_sms_last(int argc, char **argv)
{
	(void)argc;
	return cmd_sms_last(argv[0]);
}

static int
run_credit(int argc, char **argv)
{
	(void)argc;
	return cmd_credit(argv[0], argv[1], argv[2], argv[3]);
}

/* rp-create TITLE TOTAL COUNT CAP START END: a red-packet rain made as
 * the back office makes it (escrow, split, end job, audit line by the
 * system), for `make bench` and operators' scripts; prints its id. */
static int
run_rp_create(int argc, char **argv)
{
	struct rp_new	 n;
	struct svc_err	 e;
	long long	 id;
	char		*end;

	(void)argc;
	memset(&n, 0, sizeof(n));
	n.title = argv[0];
	if (amount_parse(argv[1], 2, &n.total) != 0) {
		fprintf(stderr, "ctl: rp-create: bad total %s\n", argv[1]);
		return 2;
	}
	n.count = strtoll(argv[2], &end, 10);
	if (*end != '\0')
		n.count = 0;
	n.cap = strtoll(argv[3], &end, 10);
	if (*end != '\0')
		n.cap = 0;
	n.start_at = argv[4];
	n.end_at = argv[5];
	if (rp_create(A, &n, 0, NULL, &id, &e) != 0)
		return fail(&e);
	printf("%lld\n", id);
	return 0;
}

static int
run_verify(int argc, char **argv)
{
	(void)argc, (void)argv;
	return cmd_verify();
}

static int
run_verify_draw(int argc, char **argv)
{
	(void)argc;
	return cmd_verify_draw(argv[0]);
}

static int
run_activity_import(int argc, char **argv)
{
	(void)argc;
	return cmd_activity_import(argv[0]);
}

static int
run_bench_seed(int argc, char **argv)
{
	(void)argc;
	return cmd_bench_seed(argv[0], argv[1]);
}

/* union-run [DAY]: the union queue's day now (the job union.daily runs
 * yesterday's at 00:00); a day run before is left alone. */
static int
run_union_run(int argc, char **argv)
{
	char	err[200];
	int	ran = 0, rc;

	rc = union_run_day(A, argc > 0 ? argv[0] : NULL, &ran, err,
	    sizeof(err));
	if (rc != 0) {
		fprintf(stderr, "ctl: union-run: %s\n", err);
		return 1;
	}
	printf("union-run: %s\n", ran ? "done" : "already run");
	return 0;
}

static int run_help(int, char **);

#define ANY	-1	/* max: no limit (the handler checks what it needs) */

/* Every command of ctl, in the order `ctl help` lists them: its name,
 * its arguments, its handler, and how many arguments it takes. */
static const struct cmd {
	const char	*name, *args, *about;
	int		(*run)(int argc, char **argv);
	int		 min, max;
} cmds[] = {
	{ "admin-create", "USER PASS ROLE", "a back-office account",
	  run_admin_create, 3, 3 },
	{ "member-create", "PHONE PASS [--inviter ID] [--role R]... "
	  "[--scope CODE] [--region P,C,D]", "a member; prints its id",
	  cmd_member_create, 2, ANY },
	{ "members-create", "N PASS [--inviter ID] [--role R]... "
	  "[--scope CODE] [--region P,C,D] [--credit CURRENCY AMOUNT MEMO]...",
	  "N members on fresh 139 phones; prints \"id phone\" lines",
	  cmd_members_create, 2, ANY },
	{ "grant-role", "MEMBER ROLE [SCOPE]", "a role for a member",
	  run_grant_role, 2, 3 },
	{ "seed-demo", "", "demo admin, members, roles, a shop, a store with "
	  "its cashier, a service point (idempotent)",
	  run_seed_demo, 0, ANY },
	{ "demo-logins", "", "the demo logins (make run's banner)",
	  run_demo_logins, 0, ANY },
	{ "sms-last", "PHONE", "the last code sent to PHONE (development "
	  "stacks: the log provider's $var/sms-dev)", run_sms_last, 1, 1 },
	{ "credit", "PHONE CURRENCY AMOUNT MEMO",
	  "audited adjustment from issuance; prints the entry", run_credit,
	  4, 4 },
	{ "verify", "",
	  "ledger, tree, draw, order-event, queue, store, pickup and union "
	  "invariants; exit 1 on "
	  "violation",
	  run_verify, 0, 0 },
	{ "verify-draw", "GROUP", "recomputes one group's draw",
	  run_verify_draw, 1, 1 },
	{ "activity-import", "FILE.json", "a group-buy activity; prints its id",
	  run_activity_import, 1, 1 },
	{ "clock", "[set 'YYYY-MM-DD HH:MM:SS' | advance N[smhd] | reset]",
	  "the test clock (test mode only)", cmd_clock, 0, ANY },
	{ "bench-seed", "N FILE", "`make bench` data", run_bench_seed, 2, 2 },
	{ "rp-create", "TITLE TOTAL COUNT CAP 'START' 'END'",
	  "a red-packet rain (Beijing times); prints its id", run_rp_create,
	  6, 6 },
	{ "chain-settle", "", "shares the chain dividend pool for the period "
	  "due (as the daily job)", run_chain_settle, 0, 0 },
	{ "union-run", "[YYYY-MM-DD]", "the union queue's day (default "
	  "yesterday): profit, funding, whole payouts", run_union_run, 0, 1 },
	{ "help", "", "this list", run_help, 0, 0 },
};
#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

/* The command table as "ctl NAME ARGS" lines (with what each does when
 * about is set) on f. */
static void
list_cmds(FILE *f, int about)
{
	size_t i;

	for (i = 0; i < NCMDS; i++) {
		fprintf(f, "%s ctl %s%s%s\n", i == 0 ? "usage:" : "      ",
		    cmds[i].name, *cmds[i].args ? " " : "", cmds[i].args);
		if (about)
			fprintf(f, "           %s\n", cmds[i].about);
	}
}

static int
usage(void)
{
	list_cmds(stderr, 0);
	return 2;
}

static int
run_help(int argc, char **argv)
{
	(void)argc, (void)argv;
	list_cmds(stdout, 1);
	return 0;
}

int
main(int argc, char **argv)
{
	const struct cmd	*c = NULL;
	size_t			 i;
	int			 rc, nargs = argc - 2;

	for (i = 0; argc >= 2 && i < NCMDS; i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			c = &cmds[i];
	if (c == NULL || nargs < c->min || (c->max != ANY && nargs > c->max))
		return usage();
	if (c->run == run_help)
		return run_help(nargs, argv + 2);
	if (conf_load(NULL) != 0) {
		fputs("ctl: cannot read the config ($PINTUAN_CONF or "
		    "var/app.conf); is the stack set up (make run)?\n", stderr);
		return 1;
	}
	if (crypto_init() != 0 || (A = arena_new()) == NULL)
		return 1;
	/* Test mode only (etc/test-stack.sh): argon2id at libsodium's MIN
	 * limits, so fixtures with hundreds of members are quick. The
	 * programs, and ctl outside test mode, hash with INTERACTIVE. */
	if (conf_test_mode())
		pw_fast_for_tests(1);
	if (db_connect() != DB_OK || clock_apply() != DB_OK ||
	    sess_init() != DB_OK || settings_refresh() != DB_OK) {
		fputs("ctl: cannot reach the database\n", stderr);
		return 1;
	}
	rc = c->run(nargs, argv + 2);
	db_close();
	arena_free(A);
	return rc;
}
