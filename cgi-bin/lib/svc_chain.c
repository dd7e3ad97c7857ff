/* svc_chain: the chain rewards' transactions (see svc_chain.h): the
 * order-event subscriber, packages, the pool settlement and ctl verify.
 * The views are in svc_chain_view.c. */
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include "amount.h"
#include "db.h"
#include "payout.h"
#include "settings.h"
#include "svc_admin.h"
#include "svc_chain.h"
#include "verify.h"
#include "view.h"

int
chain_conf_load(struct chain_conf *c, char *msg, size_t msgsz)
{
	struct json_object	*j;
	int			 rc;

	memset(c, 0, sizeof(*c));
	c->direct_agent = setting_amount("chain.direct_agent");
	c->direct_boss = setting_amount("chain.direct_boss");
	c->see = setting_amount("chain.see");
	c->see_gens = (int)setting_int("chain.see_gens");
	c->peer_bp = setting_int("chain.peer_bp");
	c->freeze_bp = setting_int("chain.freeze_bp");
	c->release_orders = setting_int("chain.release_orders");
	c->pool = setting_amount("chain.pool");
	c->spill = strcmp(setting_str("chain.deadline"), "spill") == 0;
	j = setting_json("chain.pool_ranks");
	if ((rc = chain_parse_ranks(j ? json_object_to_json_string(j) : NULL,
	    c, msg, msgsz)) != CHAIN_OK)
		return rc;
	return chain_conf_check(c, msg, msgsz);
}

int
chain_inline(void)
{
	return setting_bool("chain.inline");
}

/* --- the subscriber ------------------------------------------------------- */

static const char SQL_ORDER[] =
    "SELECT o.member_id, o.product_id, o.qty, p.grants, "
    "COALESCE(m.inviter_id, 0) FROM orders o JOIN chain_packages p ON "
    "p.product_id = o.product_id JOIN members m ON m.id = o.member_id "
    "WHERE o.id = ?";
static const char SQL_SEEN[] =
    "SELECT 1 FROM chain_orders WHERE order_id = ?";
/* A member's chain row, locked, with their inviter and the inviter's
 * chain status and freeze. */
static const char SQL_MEMBER[] =
    "SELECT c.status, c.boss_id, c.agents, c.released_at IS NULL, "
    "COALESCE(m.inviter_id, 0) FROM chain_members c JOIN members m ON "
    "m.id = c.member_id WHERE c.member_id = ? FOR UPDATE";
enum { M_STATUS, M_BOSS, M_AGENTS, M_FROZEN, M_INVITER };
static const char SQL_JOIN[] =
    "INSERT INTO chain_members (member_id, status, boss_id, parent_id, "
    "recruiter_id, left_for, left_slot, agent_at, spill_of, spill_line, "
    "spill_level, spill_index) VALUES (?, 'agent', ?, ?, ?, ?, ?, NOW(), "
    "?, ?, ?, ?)";
/* G4: the member at a place of a recruiter's lines, and their team. */
static const char SQL_SPILL_AT[] =
    "SELECT member_id, IF(status = 'boss', member_id, boss_id) FROM "
    "chain_members WHERE spill_of = ? AND spill_line = ? AND spill_level = "
    "? AND spill_index = ?";
static const char SQL_TREE[] =
    "INSERT INTO chain_tree (ancestor, descendant, depth) SELECT ancestor, "
    "?, depth + 1 FROM chain_tree WHERE descendant = ? UNION ALL SELECT ?, "
    "?, 0";
static const char SQL_COUNTED[] =
    "UPDATE chain_members SET agents = agents + 1 WHERE member_id = ?";
static const char SQL_TO_BOSS[] =
    "UPDATE chain_members SET status = 'boss', boss_id = member_id, "
    "boss_at = NOW() WHERE member_id = ?";
static const char SQL_RANK[] =
    "UPDATE chain_members SET rank_name = ? WHERE member_id = ?";
static const char SQL_ORDER_INSERT[] =
    "INSERT INTO chain_orders (order_id, buyer_id, product_id, qty, pool, "
    "created_at) VALUES (?, ?, ?, ?, ?, NOW())";
static const char SQL_DEPTH[] =
    "SELECT depth FROM chain_tree WHERE ancestor = ? AND descendant = ?";
static const char SQL_REWARD_INSERT[] =
    "INSERT INTO chain_rewards (order_id, member_id, kind, gen, from_id, "
    "amount, frozen, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, NOW())";
/* The members whose left-behind recruit is the buyer or above them: the
 * order may complete their condition. */
static const char SQL_RELEASE_CAND[] =
    "SELECT DISTINCT l.left_for FROM chain_tree t JOIN chain_members l ON "
    "l.member_id = t.ancestor WHERE t.descendant = ? AND l.left_for > 0 "
    "ORDER BY l.left_for";
static const char SQL_LEFT_COUNT[] =
    "SELECT COUNT(*) FROM chain_members WHERE left_for = ?";
static const char SQL_LEFT_ORDERS[] =
    "SELECT COALESCE(SUM(o.qty), 0) FROM chain_members l JOIN chain_tree t "
    "ON t.ancestor = l.member_id JOIN chain_orders o ON o.buyer_id = "
    "t.descendant WHERE l.left_for = ?";
static const char SQL_UNRELEASED[] =
    "SELECT id, frozen, order_id FROM chain_rewards WHERE member_id = ? AND "
    "released_at IS NULL AND frozen > 0 ORDER BY id FOR UPDATE";
static const char SQL_RELEASED[] =
    "UPDATE chain_rewards SET released_at = NOW() WHERE member_id = ? AND "
    "released_at IS NULL AND frozen > 0";
static const char SQL_MEMBER_RELEASED[] =
    "UPDATE chain_members SET released_at = NOW() WHERE member_id = ?";

struct who_row {
	int		 in;		/* has a chain row */
	int		 status;
	long long	 boss, agents, inviter;
	int		 frozen;
};

static int
who_load(arena *a, long long id, struct who_row *w)
{
	db_res	res;
	int	rc;

	memset(w, 0, sizeof(*w));
	if (id <= 0)
		return 0;
	if ((rc = db_q(a, &res, SQL_MEMBER, DB_ARGS(DB_INT(id)))) != DB_OK)
		return rc;
	if (res.nrows == 0)
		return 0;
	w->in = 1;
	w->status = chain_status_of(db_str(&res, 0, M_STATUS));
	w->boss = db_ll(&res, 0, M_BOSS);
	w->agents = db_ll(&res, 0, M_AGENTS);
	w->frozen = db_ll(&res, 0, M_FROZEN) != 0;
	w->inviter = db_ll(&res, 0, M_INVITER);
	return 0;
}

/* A beneficiary for the rules: id's status and freeze, and their own
 * inviter's. */
static int
who_fill(arena *a, long long id, struct chain_who *w)
{
	struct who_row	r, up;
	int		rc;

	memset(w, 0, sizeof(*w));
	if (id <= 0)
		return 0;
	if ((rc = who_load(a, id, &r)) != 0)
		return rc;
	if (!r.in)
		return 0;
	w->id = id;
	w->status = r.status;
	w->frozen = r.frozen;
	w->inviter = r.inviter;
	if ((rc = who_load(a, r.inviter, &up)) != 0)
		return rc;
	w->inviter_status = up.in ? up.status : CHAIN_NONE;
	w->inviter_frozen = up.frozen;
	return 0;
}

struct ord {
	arena			*a;
	const struct order_ev	*ev;
	char			*err;
	size_t			 errlen;
	long long		 buyer, product, qty, inviter;
	const char		*grants;
	struct chain_conf	 c;
};

struct spill {
	long long	 of, index;
	int		 line, level;
};

/* G4, when chain.deadline is spill: the n-th counted recruit of the
 * buyer's recruiter takes place n of the recruiter's three lines
 * (rules/chain.h chain_spill). From the 4th on, the parent is the member
 * at the place above, and the team theirs (line 3: the recruiter's own;
 * lines 1 and 2: the left-behind line's). A place whose parent is
 * missing (spillover switched on later) keeps the default: under the
 * recruiter. */
static int
spill_place(struct ord *o, long long n, struct spill *sp, long long *parent,
    long long *boss)
{
	db_res	res;
	int	rc;

	if (!o->c.spill)
		return 0;
	if (chain_spill(n, &sp->line, &sp->level, &sp->index) != CHAIN_OK)
		return 0;
	sp->of = o->inviter;
	if (sp->level == 1)
		return 0;
	if ((rc = db_q(o->a, &res, SQL_SPILL_AT, DB_ARGS(DB_INT(o->inviter),
	    DB_INT(sp->line), DB_INT(sp->level - 1), DB_INT(sp->index / 2))))
	    != DB_OK)
		return rc;
	if (res.nrows == 0) {
		memset(sp, 0, sizeof(*sp));
		return 0;
	}
	*parent = db_ll(&res, 0, 0);
	if (sp->line != 3)
		*boss = db_ll(&res, 0, 1);
	return 0;
}

/* The buyer becomes an agent (when not one yet): the 2+1 rule decides
 * their team and whether the recruiter becomes a boss. */
static int
join(struct ord *o)
{
	struct who_row		 me, rec;
	struct chain_join_in	 in;
	struct chain_join_out	 out;
	struct spill		 sp;
	long long		 parent;
	int			 rc;

	if ((rc = who_load(o->a, o->inviter, &rec)) != 0 ||
	    (rc = who_load(o->a, o->buyer, &me)) != 0)
		return rc;
	if (!me.in) {
		memset(&in, 0, sizeof(in));
		in.member = o->buyer;
		in.recruiter = rec.in ? o->inviter : 0;
		in.recruiter_status = rec.in ? rec.status : CHAIN_NONE;
		in.recruiter_agents = rec.agents;
		in.recruiter_boss = rec.boss;
		if (chain_join(&in, &out) != CHAIN_OK)
			return DB_ESQL;
		parent = out.counted ? o->inviter : 0;
		memset(&sp, 0, sizeof(sp));
		if (out.counted && (rc = spill_place(o, rec.agents + 1, &sp,
		    &parent, &out.boss)) != 0)
			return rc;
		if ((rc = db_q(o->a, NULL, SQL_JOIN, DB_ARGS(DB_INT(o->buyer),
		    DB_INT(out.boss), DB_INT(parent), DB_INT(o->inviter),
		    DB_INT(out.left_slot ? o->inviter : 0),
		    DB_INT(out.left_slot), DB_INT(sp.of), DB_INT(sp.line),
		    DB_INT(sp.level), DB_INT(sp.index)))) != DB_OK ||
		    (rc = db_q(o->a, NULL, SQL_TREE, DB_ARGS(DB_INT(o->buyer),
		    DB_INT(parent), DB_INT(o->buyer), DB_INT(o->buyer)))) !=
		    DB_OK)
			return rc;
		if (out.counted && (rc = db_q(o->a, NULL, SQL_COUNTED,
		    DB_ARGS(DB_INT(o->inviter)))) != DB_OK)
			return rc;
		if (out.recruiter_to_boss && (rc = db_q(o->a, NULL,
		    SQL_TO_BOSS, DB_ARGS(DB_INT(o->inviter)))) != DB_OK)
			return rc;
	}
	if (strcmp(o->grants, "agent") != 0)
		return db_q(o->a, NULL, SQL_RANK, DB_ARGS(DB_TEXT(o->grants),
		    DB_INT(o->buyer)));
	return 0;
}

static const char *
reward_memo(struct ord *o, const struct chain_line *l, int64_t paid)
{
	char	b1[32], b2[32];

	amount_format(paid, 2, b1);
	amount_format(l->frozen, 2, b2);
	if (l->frozen > 0)
		return arena_printf(o->a, "链动%s：会员 %lld 购买礼包（订单 %lld），"
		    "到账 %s，冻结 %s", chain_kind_name(l->kind), o->buyer,
		    o->ev->order, b1, b2);
	return arena_printf(o->a, "链动%s：会员 %lld 购买礼包（订单 %lld）",
	    chain_kind_name(l->kind), o->buyer, o->ev->order);
}

/* One reward: its row, the paid part to the member's 零钱, the frozen
 * part into pool.chainfrozen. */
static int
pay_line(struct ord *o, const struct chain_line *l)
{
	struct payout_opts	 po = { .ref_type = "order", .ref_id = o->ev->order };
	struct reward_line	 r[2];
	db_res			 res;
	size_t			 n = 0;
	int64_t			 paid = l->amount - l->frozen;
	int			 rc;

	if ((rc = db_q(o->a, &res, SQL_REWARD_INSERT, DB_ARGS(
	    DB_INT(o->ev->order), DB_INT(l->to),
	    DB_TEXT(chain_kind_code(l->kind)), DB_INT(l->gen),
	    DB_INT(l->from), DB_INT(l->amount), DB_INT(l->frozen)))) != DB_OK)
		return rc;
	memset(r, 0, sizeof(r));
	if (paid > 0) {
		r[n].act = REWARD_CREDIT;
		r[n].to = l->to;
		r[n].currency = "CHANGE";
		r[n].amount = paid;
		r[n].kind = "chain.pay";
		r[n].key = arena_printf(o->a, "chain.pay:%llu",
		    (unsigned long long)res.insert_id);
		r[n].memo = reward_memo(o, l, paid);
		n++;
	}
	if (l->frozen > 0) {
		r[n].act = REWARD_POOL_IN;
		r[n].currency = "CHANGE";
		r[n].pool = CHAIN_FROZEN;
		r[n].amount = l->frozen;
		r[n].kind = "chain.freeze";
		r[n].key = arena_printf(o->a, "chain.freeze:%llu",
		    (unsigned long long)res.insert_id);
		r[n].memo = arena_printf(o->a, "链动奖励冻结部分（会员 %lld，"
		    "订单 %lld）", l->to, o->ev->order);
		n++;
	}
	return payout_apply(o->a, &po, r, n, NULL, NULL);
}

/* Releases every unreleased frozen reward of member x, at once: each its
 * own POOL_SHARE out of pool.chainfrozen. */
static int
release(arena *a, long long x, long long order)
{
	struct payout_opts	 po = { .ref_type = "order", .ref_id = order };
	struct reward_line	 l;
	db_res			 res;
	size_t			 i;
	char			 b[32];
	int			 rc;

	if ((rc = db_q(a, &res, SQL_UNRELEASED, DB_ARGS(DB_INT(x)))) != DB_OK)
		return rc;
	for (i = 0; i < res.nrows; i++) {
		memset(&l, 0, sizeof(l));
		l.act = REWARD_POOL_SHARE;
		l.to = x;
		l.currency = "CHANGE";
		l.pool = CHAIN_FROZEN;
		l.amount = db_ll(&res, i, 1);
		l.kind = "chain.release";
		l.key = arena_printf(a, "chain.release:%lld", db_ll(&res, i, 0));
		l.memo = arena_printf(a, "链动奖励解冻 %s（订单 %lld 的奖励）",
		    amount_format(l.amount, 2, b), db_ll(&res, i, 2));
		l.ref_type = "order";
		l.ref_id = db_ll(&res, i, 2);
		if ((rc = payout_apply(a, &po, &l, 1, NULL, NULL)) != 0)
			return rc;
	}
	if ((rc = db_q(a, NULL, SQL_RELEASED, DB_ARGS(DB_INT(x)))) != DB_OK)
		return rc;
	return db_q(a, NULL, SQL_MEMBER_RELEASED, DB_ARGS(DB_INT(x)));
}

/* G3: the members whose condition this order completes get their frozen
 * rewards now. */
static int
releases(struct ord *o)
{
	struct who_row	w;
	db_res		cand, res;
	long long	left, orders;
	size_t		i;
	int		rc;

	if ((rc = db_q(o->a, &cand, SQL_RELEASE_CAND, DB_ARGS(
	    DB_INT(o->buyer)))) != DB_OK)
		return rc;
	for (i = 0; i < cand.nrows; i++) {
		long long x = db_ll(&cand, i, 0);

		if ((rc = who_load(o->a, x, &w)) != 0)
			return rc;
		if (!w.in || !w.frozen)
			continue;
		if ((rc = db_q(o->a, &res, SQL_LEFT_COUNT, DB_ARGS(DB_INT(x))))
		    != DB_OK)
			return rc;
		left = db_ll(&res, 0, 0);
		if ((rc = db_q(o->a, &res, SQL_LEFT_ORDERS, DB_ARGS(DB_INT(x))))
		    != DB_OK)
			return rc;
		orders = db_ll(&res, 0, 0);
		if (chain_release_due(&o->c, (int)left, orders) &&
		    (rc = release(o->a, x, o->ev->order)) != 0)
			return rc;
	}
	return 0;
}

static int
rewards(struct ord *o)
{
	struct chain_order_in	 in;
	struct chain_plan	 p;
	struct payout_opts	 po = { .ref_type = "order", .ref_id = o->ev->order };
	struct reward_line	 l;
	struct who_row		 me;
	db_res			 res;
	size_t			 i;
	int			 rc;

	memset(&in, 0, sizeof(in));
	in.buyer = o->buyer;
	in.qty = o->qty;
	if ((rc = who_load(o->a, o->buyer, &me)) != 0 ||
	    (rc = who_fill(o->a, o->inviter, &in.direct)) != 0 ||
	    (rc = who_fill(o->a, me.boss, &in.boss)) != 0)
		return rc;
	if (me.boss > 0 && me.boss != o->buyer) {
		if ((rc = db_q(o->a, &res, SQL_DEPTH, DB_ARGS(DB_INT(me.boss),
		    DB_INT(o->buyer)))) != DB_OK)
			return rc;
		in.boss_depth = res.nrows ? (int)db_ll(&res, 0, 0) : 0;
	}
	if ((rc = chain_plan_order(&o->c, &in, &p)) != CHAIN_OK) {
		snprintf(o->err, o->errlen, "chain plan: %d", rc);
		return DB_ESQL;
	}
	if ((rc = db_q(o->a, NULL, SQL_ORDER_INSERT, DB_ARGS(
	    DB_INT(o->ev->order), DB_INT(o->buyer), DB_INT(o->product),
	    DB_INT(o->qty), DB_INT(p.pool)))) != DB_OK)
		return rc;
	for (i = 0; i < p.n; i++)
		if ((rc = pay_line(o, &p.l[i])) != 0)
			return rc;
	if (p.pool > 0) {
		memset(&l, 0, sizeof(l));
		l.act = REWARD_POOL_IN;
		l.currency = "CHANGE";
		l.pool = CHAIN_POOL;
		l.amount = p.pool;
		l.kind = "chain.pool";
		l.key = arena_printf(o->a, "chain.pool:%lld", o->ev->order);
		l.memo = arena_printf(o->a, "链动分红池：订单 %lld", o->ev->order);
		if ((rc = payout_apply(o->a, &po, &l, 1, NULL, NULL)) != 0)
			return rc;
	}
	return 0;
}

int
chain_on_order(arena *a, const struct order_ev *ev, char *err,
    size_t errlen)
{
	struct ord	o;
	db_res		res;
	char		msg[300];
	int		rc;

	if (strcmp(ev->source, "mall") != 0 ||
	    strcmp(ev->event, setting_str("chain.grant_on")) != 0)
		return 0;
	if ((rc = db_q(a, &res, SQL_ORDER, DB_ARGS(DB_INT(ev->order)))) !=
	    DB_OK)
		return rc;
	if (res.nrows == 0)
		return 0;	/* not a package */
	memset(&o, 0, sizeof(o));
	o.a = a;
	o.ev = ev;
	o.err = err;
	o.errlen = errlen;
	o.buyer = db_ll(&res, 0, 0);
	o.product = db_ll(&res, 0, 1);
	o.qty = db_ll(&res, 0, 2);
	o.grants = arena_strdup(a, db_str(&res, 0, 3));
	o.inviter = db_ll(&res, 0, 4);
	if ((rc = db_q(a, &res, SQL_SEEN, DB_ARGS(DB_INT(ev->order)))) !=
	    DB_OK)
		return rc;
	if (res.nrows > 0)
		return 0;	/* granted before */
	if (chain_conf_load(&o.c, msg, sizeof(msg)) != CHAIN_OK) {
		snprintf(err, errlen, "链动设置有误：%s", msg);
		return DB_ESQL;
	}
	if ((rc = join(&o)) != 0 || (rc = rewards(&o)) != 0 ||
	    (rc = releases(&o)) != 0) {
		if (err[0] == '\0')
			snprintf(err, errlen, "chain order %lld: %d", ev->order,
			    rc);
		return rc;
	}
	return 0;
}

/* --- packages ------------------------------------------------------------- */

static const char SQL_PRODUCT[] = "SELECT id FROM products WHERE id = ?";
static const char SQL_PKG_SET[] =
    "INSERT INTO chain_packages (product_id, grants, created_at) VALUES "
    "(?, ?, NOW()) ON DUPLICATE KEY UPDATE grants = VALUES(grants)";
static const char SQL_PKG_DEL[] =
    "DELETE FROM chain_packages WHERE product_id = ?";

struct pkg_ctx {
	arena		*a;
	long long	 product, admin;
	const char	*grants, *ip;
	struct svc_err	*e;
};

static int
pkg_tx(void *ud)
{
	struct pkg_ctx	*c = ud;
	db_res		 res;
	int		 rc;

	if ((rc = db_q(c->a, &res, SQL_PRODUCT, DB_ARGS(DB_INT(c->product))))
	    != DB_OK)
		return rc;
	if (res.nrows == 0)
		return svc_fail(c->e, 404, "not_found", "product", "没有这个商品");
	if (c->grants == NULL) {
		if ((rc = db_q(c->a, NULL, SQL_PKG_DEL, DB_ARGS(
		    DB_INT(c->product)))) != DB_OK)
			return rc;
	} else if ((rc = db_q(c->a, NULL, SQL_PKG_SET, DB_ARGS(
	    DB_INT(c->product), DB_TEXT(c->grants)))) != DB_OK)
		return rc;
	return admin_audit(c->a, c->admin, "chain.package", "product",
	    c->product, c->grants ? c->grants : "（取消礼包）", c->ip);
}

int
chain_package_set(arena *a, long long product, const char *grants,
    long long admin, const char *ip, struct svc_err *e)
{
	struct pkg_ctx		c = { a, product, admin, NULL, ip, e };
	struct chain_conf	conf;
	char			msg[300];
	size_t			i;

	if (grants != NULL && grants[0] != '\0') {
		if (chain_conf_load(&conf, msg, sizeof(msg)) != CHAIN_OK)
			return svc_fail(e, 409, "bad_settings", NULL,
			    arena_strdup(a, msg));
		for (i = 0; i < conf.nranks &&
		    strcmp(conf.ranks[i].name, grants) != 0; i++)
			;
		if (strcmp(grants, "agent") != 0 && i == conf.nranks)
			return svc_fail(e, 400, "invalid", "grants",
			    "礼包只能授予代理资格或分红设置中的等级");
		c.grants = grants;
	}
	return svc_tx_result(e, db_tx(pkg_tx, &c));
}

/* --- the dividend pool ---------------------------------------------------- */

static const char SQL_PERIOD[] =
    "SELECT IF(? = 'daily', DATE_FORMAT(CURDATE() - INTERVAL 1 DAY, "
    "'%Y-%m-%d'), DATE_FORMAT(CURDATE() - INTERVAL 1 MONTH, '%Y-%m'))";
static const char SQL_SETTLED[] =
    "SELECT 1 FROM chain_settlements WHERE period = ?";
static const char SQL_POOL_BAL[] =
    "SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE owner_type = "
    "'system' AND kind = '" CHAIN_POOL "' AND currency = 'CHANGE'";
static const char SQL_RANK_MEMBERS[] =
    "SELECT member_id FROM chain_members WHERE rank_name = ? ORDER BY "
    "member_id";
static const char SQL_SETTLE_INSERT[] =
    "INSERT INTO chain_settlements (period, balance, paid, detail, "
    "created_at) VALUES (?, ?, ?, ?, NOW())";
static const char SQL_SETTLE_PAID[] =
    "UPDATE chain_settlements SET paid = ? WHERE id = ?";

int
chain_pool_settle(arena *a, int *settled, char *err, size_t errlen)
{
	struct chain_conf	 c;
	struct payout_opts	 po = { .ref_type = "chain_settle" };
	struct reward_line	 l;
	db_res			 res, mem[CHAIN_RANKS_MAX];
	long long		 count[CHAIN_RANKS_MAX];
	int64_t			 per[CHAIN_RANKS_MAX], paid, bal;
	struct json_object	*d, *x;
	const char		*period;
	char			 msg[300], b[32];
	size_t			 i, k;
	int			 rc;

	*settled = 0;
	if (chain_conf_load(&c, msg, sizeof(msg)) != CHAIN_OK) {
		snprintf(err, errlen, "链动设置有误：%s", msg);
		return DB_ESQL;
	}
	if ((rc = db_q(a, &res, SQL_PERIOD, DB_ARGS(DB_TEXT(setting_str(
	    "chain.pool_period"))))) != DB_OK)
		return rc;
	period = arena_strdup(a, db_str(&res, 0, 0));
	if ((rc = db_q(a, &res, SQL_SETTLED, DB_ARGS(DB_TEXT(period)))) !=
	    DB_OK)
		return rc;
	if (res.nrows > 0)
		return 0;
	if ((rc = db_q(a, &res, SQL_POOL_BAL, DB_NOARGS)) != DB_OK)
		return rc;
	bal = db_ll(&res, 0, 0);
	for (i = 0; i < c.nranks; i++) {
		if ((rc = db_q(a, &mem[i], SQL_RANK_MEMBERS, DB_ARGS(
		    DB_TEXT(c.ranks[i].name)))) != DB_OK)
			return rc;
		count[i] = (long long)mem[i].nrows;
	}
	if (chain_pool_split(&c, bal, count, per, &paid) != CHAIN_OK)
		return DB_ESQL;
	d = json_object_new_array();
	for (i = 0; i < c.nranks; i++) {
		x = json_object_new_object();
		view_str(x, "rank", c.ranks[i].name);
		view_int(x, "bp", c.ranks[i].bp);
		view_int(x, "count", count[i]);
		view_amount(x, "per", per[i]);
		json_object_array_add(d, x);
	}
	if ((rc = db_q(a, &res, SQL_SETTLE_INSERT, DB_ARGS(DB_TEXT(period),
	    DB_INT(bal), DB_INT(0), db_json(a, d)))) != DB_OK)
		return rc;
	po.ref_id = (long long)res.insert_id;
	for (i = 0; i < c.nranks; i++)
		for (k = 0; per[i] > 0 && k < mem[i].nrows; k++) {
			memset(&l, 0, sizeof(l));
			l.act = REWARD_POOL_SHARE;
			l.to = db_ll(&mem[i], k, 0);
			l.currency = "CHANGE";
			l.pool = CHAIN_POOL;
			l.amount = per[i];
			l.kind = "chain.share";
			l.key = arena_printf(a, "chain.share:%s:%lld", period,
			    l.to);
			l.memo = arena_printf(a, "链动分红（%s，%s）：%s", period,
			    c.ranks[i].name, amount_format(per[i], 2, b));
			if ((rc = payout_apply(a, &po, &l, 1, NULL, NULL)) != 0)
				return rc;
		}
	if ((rc = db_q(a, NULL, SQL_SETTLE_PAID, DB_ARGS(DB_INT(paid),
	    DB_INT(po.ref_id)))) != DB_OK)
		return rc;
	*settled = 1;
	return 0;
}

/* --- ctl verify ----------------------------------------------------------- */

static const struct verify_check checks[] = {
	{ "SELECT r.id, r.order_id FROM chain_rewards r LEFT JOIN chain_orders "
	  "c ON c.order_id = r.order_id LEFT JOIN orders o ON o.id = "
	  "r.order_id WHERE c.order_id IS NULL OR o.id IS NULL OR c.product_id <> "
	  "o.product_id LIMIT 50",
	  "chain reward %s: order %s is not a package order" },
	{ "SELECT r.id, r.gen FROM chain_rewards r WHERE r.gen < 1 OR "
	  "r.gen > 3 LIMIT 50",
	  "chain reward %s: generation %s is past 3 (DESIGN.md §1)" },
	{ "SELECT r.id, 'chain.pay' FROM chain_rewards r WHERE r.amount > "
	  "r.frozen AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.idem_key "
	  "= CONCAT('chain.pay:', r.id)) UNION ALL SELECT r.id, "
	  "'chain.freeze' FROM chain_rewards r WHERE r.frozen > 0 AND NOT "
	  "EXISTS (SELECT 1 FROM journal j WHERE j.idem_key = "
	  "CONCAT('chain.freeze:', r.id)) UNION ALL SELECT r.id, "
	  "'chain.release' FROM chain_rewards r WHERE r.frozen > 0 AND "
	  "r.released_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM journal j "
	  "WHERE j.idem_key = CONCAT('chain.release:', r.id)) LIMIT 50",
	  "chain reward %s: its %s entry is missing" },
	{ "SELECT j.id, j.idem_key FROM journal j WHERE j.kind IN "
	  "('chain.pay', 'chain.freeze', 'chain.release') AND NOT EXISTS "
	  "(SELECT 1 FROM chain_rewards r WHERE r.id = "
	  "SUBSTRING_INDEX(j.idem_key, ':', -1)) LIMIT 50",
	  "journal %s (%s): no chain reward behind it" },
	/* the system account's balance against what the chain tables say */
	{ "SELECT '" CHAIN_FROZEN "', CONCAT(x.bal, ' <> ', x.want) FROM "
	  "(SELECT COALESCE((SELECT SUM(balance) FROM accounts WHERE owner_type "
	  "= 'system' AND kind = '" CHAIN_FROZEN "' AND currency = 'CHANGE'), "
	  "0) bal, COALESCE((SELECT SUM(frozen) FROM chain_rewards WHERE "
	  "released_at IS NULL), 0) want) x WHERE x.bal <> x.want",
	  "%s: the ledger holds other than the unreleased frozen rewards (%s)" },
	{ "SELECT '" CHAIN_POOL "', CONCAT(x.bal, ' <> ', x.pin, ' - ', "
	  "x.paid) FROM (SELECT COALESCE((SELECT SUM(balance) FROM accounts "
	  "WHERE owner_type = 'system' AND kind = '" CHAIN_POOL "' AND currency "
	  "= 'CHANGE'), 0) bal, COALESCE((SELECT SUM(pool) FROM chain_orders), "
	  "0) pin, COALESCE((SELECT SUM(paid) FROM chain_settlements), 0) paid) "
	  "x WHERE x.bal <> x.pin - x.paid",
	  "%s: the pool is not what packages put in less what was shared (%s)" },
	{ "SELECT m.member_id, m.left_for FROM chain_members m WHERE "
	  "m.left_for > 0 AND m.left_slot NOT IN (1, 2) LIMIT 50",
	  "chain member %s: left behind for %s in no slot" },
	{ "SELECT m.member_id, m.released_at FROM chain_members m WHERE "
	  "m.released_at IS NULL AND EXISTS (SELECT 1 FROM chain_rewards r "
	  "WHERE r.member_id = m.member_id AND r.released_at IS NOT NULL AND "
	  "r.frozen > 0) LIMIT 50",
	  "chain member %s: rewards released but the member not (%s)" },
};

int
chain_verify(arena *a, void (*report)(const char *msg, void *ud), void *ud)
{
	return verify_run(a, checks, sizeof(checks) / sizeof(checks[0]),
	    report, ud);
}
