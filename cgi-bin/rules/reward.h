/* reward: reward lines, the one pure description of "what should be paid"
 * (DESIGN.md §4 "One payout path"). Every subsystem that pays people (the
 * group-buy draw, the 购物金 release, the dividend pools, the order-event
 * subscribers: 消费积分, referral, queue rebate, points pool, chain
 * rewards, red packets, ad rewards) plans a list of reward lines with its
 * own rules and hands the list to payout_apply (lib/payout.h), which turns
 * each line into one journal entry in the caller's transaction. No service
 * builds reward postings itself.
 *
 * reward_legs is the whole mapping from a line to ledger legs, kept pure
 * so the unit tests can pin every shape:
 *   CREDIT      source(system) −amount → member main +amount   (currency)
 *   CONVERT,    member main −amount_from (from), issue +amount_from (from),
 *   RELEASE     issue −amount (currency), member main +amount (currency)
 *   POOL_IN     source(system) −amount → pool(system) +amount   (currency)
 *   POOL_SHARE  pool(system) −amount → member main +amount      (currency)
 */
#ifndef PT_REWARD_H
#define PT_REWARD_H
#include <stddef.h>
#include <stdint.h>

enum reward_act {
	REWARD_CREDIT,		/* pay a member from a system account */
	REWARD_CONVERT,		/* a member's `from` becomes `currency` */
	REWARD_RELEASE,		/* as CONVERT; the name says 释放 (购物金 → 零钱) */
	REWARD_POOL_IN,		/* a system account funds a pool */
	REWARD_POOL_SHARE	/* a pool pays a member */
};

struct reward_line {
	enum reward_act	 act;
	long long	 to;		/* beneficiary member id; 0 for POOL_IN */
	const char	*currency;	/* credited / converted into / pooled */
	const char	*from;		/* CONVERT, RELEASE: given up; else NULL */
	const char	*source;	/* CREDIT, POOL_IN: system account kind
					 * debited; NULL means "issue" */
	const char	*pool;		/* POOL_IN, POOL_SHARE: the pool's
					 * system account kind ("pool.daily") */
	int64_t		 amount;	/* what `to` (or the pool) receives, > 0 */
	int64_t		 amount_from;	/* CONVERT, RELEASE: what is given up;
					 * 0 means the same as amount (1:1) */
	int		 capped;	/* CONVERT, RELEASE: take at most what
					 * the member holds (amount and
					 * amount_from scale down together,
					 * 1:1 lines only); 0: refuse */
	const char	*kind;		/* journal kind: "gb.reward", "order.points" */
	const char	*key;		/* idempotency key, unique forever */
	const char	*memo;		/* the member's history line (Chinese) */
	const char	*ref_type;	/* "order", "group", "day"…; NULL: the
					 * payout's default */
	long long	 ref_id;
};

/* One ledger leg of a line, without the ledger's types (rules/ does no
 * I/O and knows no account ids). */
struct reward_leg {
	int		 system;	/* 1: a system account, 0: the member's */
	long long	 member;	/* when !system */
	const char	*kind;		/* "main" for members; system kind */
	const char	*currency;
	int64_t		 amount;	/* signed */
};

enum reward_err {
	REWARD_OK = 0,
	REWARD_EINVAL = -1,	/* missing field, amount <= 0, unknown act */
};

/* Checks l and writes its legs into out (at most 4); returns how many
 * (2 or 4), or REWARD_EINVAL. */
int	 reward_legs(const struct reward_line *l, struct reward_leg out[4]);
/* The Chinese name of an action for pages and the audit ("发放", "转换",
 * "释放", "计入奖池", "奖池分配"). */
const char *reward_act_label(enum reward_act act);

#endif
