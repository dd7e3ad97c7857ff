/* ad: the rules of ad rewards (广告电商, FEATURES H1), pure: the view
 * token's state machine, the daily count and caps, and the reward of a
 * member's day as reward lines (rules/reward.h) for the payout path.
 * lib/svc_ad.c reads the state under row locks, asks these, and applies.
 *
 * The rules, in words (ad_words renders them with the live settings):
 * - A member who holds 消费积分 may watch per_day ads a day (default 4),
 *   each in full: starting an ad issues a single-use token bound to the
 *   member, the ad and the server's start time; finishing is accepted
 *   only once the ad's duration has passed on the server's clock (less a
 *   tolerance of a few seconds for the network), once per token, before
 *   the token's lifetime ends and on the day it was started. Each ad
 *   counts at most once a day. The client is never trusted for time or
 *   count.
 * - After the per_day-th completed view of a day the member receives
 *   `reward` 零钱 (default 1.00) and `points` 消费积分 (default 1) are
 *   taken: one reward a day. A member holding less than `points` is paid
 *   pro rata for what they hold (rounded down to the fen), and nothing
 *   once their points are used up. So a member with 200 points who
 *   watches every day receives 200.00 over 200 days.
 * - The reward is capped per member and day (member_cap) and by the
 *   platform's daily budget, which counts everything a reward pays: the
 *   member's part and the uplines' shares. A reward is paid whole or
 *   not at all: when what it would pay (member plus shares) exceeds
 *   what is left of the day's budget, nothing is paid (今日额度已发完),
 *   and no view starts once what is left cannot pay a full reward with
 *   the shares of every configured generation.
 * - The member's inviter (1代) and the inviter's inviter (2代) earn
 *   up_bp[i] basis points of the reward paid, rounded half-up to the fen;
 *   never more than AD_MAX_GEN generations (DESIGN.md §1). */
#ifndef PT_AD_H
#define PT_AD_H
#include <stddef.h>
#include <stdint.h>
#include "reward.h"

#define AD_MAX_GEN	3
#define AD_BP_MAX	10000

enum ad_err {
	AD_OK = 0,
	AD_EEARLY = -1,		/* the duration has not passed yet */
	AD_EUSED = -2,		/* the token was used before */
	AD_EMEMBER = -3,	/* the token is another member's */
	AD_ELATE = -4,		/* the token's lifetime or day has ended */
	AD_ELIMIT = -5,		/* per_day views done today already */
	AD_EWATCHED = -6,	/* this ad was watched today already */
	AD_ENOPOINTS = -7,	/* no 消费积分 held */
	AD_EBUDGET = -8,	/* the platform's budget for today is spent */
	AD_EADBUDGET = -9,	/* the ad's daily views are used up */
	AD_EGEN = -10,		/* more than AD_MAX_GEN generations */
	AD_EBP = -11,		/* a share outside 0 … AD_BP_MAX */
	AD_ECONFIG = -12	/* a setting out of range */
};

struct ad_cfg {
	int		 per_day;	/* views for the day's reward, >= 1 */
	int		 tolerance;	/* seconds, >= 0 */
	int		 ttl;		/* a token lives this long past its
					 * duration, seconds, >= 0 */
	int64_t		 reward;	/* 零钱 fen per reward, > 0 */
	int64_t		 points;	/* 消费积分 (0.01) per reward, > 0 */
	int64_t		 member_cap;	/* 零钱 fen a member may get a day */
	int64_t		 budget;	/* 零钱 fen for all members a day */
	int64_t		 up_bp[AD_MAX_GEN + 1];
	size_t		 nup;
};

/* A view as stored. */
struct ad_view {
	long long	 member;
	long long	 ad;
	long long	 started;	/* server time, seconds */
	long long	 day;		/* the start's day number (any epoch) */
	int		 duration;	/* seconds */
	int		 done;		/* 1: used */
};

/* Checks cfg; AD_OK, AD_EGEN, AD_EBP or AD_ECONFIG. */
int	ad_cfg_check(const struct ad_cfg *c);

/* May member start an ad? watched: completed views today; ad_done: 1
 * when this ad was completed today; held: 消费积分 held; paid_today:
 * platform rewards and shares paid today; ad_left: the ad's views left
 * today (<0: no cap). AD_OK or the reason it may not. */
int	ad_start_check(const struct ad_cfg *c, int watched, int ad_done,
	    int64_t held, int64_t paid_today, long long ad_left);

/* May member finish view v at now (today: the day number of now),
 * having completed watched views today? AD_OK, or in this order:
 * AD_EMEMBER, AD_EUSED, AD_ELATE, AD_EEARLY, AD_ELIMIT. */
int	ad_done_check(const struct ad_cfg *c, const struct ad_view *v,
	    long long member, long long now, long long today, int watched);
/* Seconds until v may be finished at now (0: it may). */
long long ad_wait(const struct ad_cfg *c, const struct ad_view *v,
	    long long now);

/* What a reward of amount costs the day's budget when nup inviters are
 * paid: amount plus their shares (each bp_of, half-up to the fen). */
int64_t	ad_cost(const struct ad_cfg *c, int64_t amount, size_t nup);

/* What the day's reward is: given the points held, the platform's
 * paid_today (member parts and shares) and nup inviters to be paid,
 * *amount (零钱 fen, >= 0) and *points (消费积分 taken). AD_OK with
 * both > 0; AD_ENOPOINTS or AD_EBUDGET (what is left is less than
 * ad_cost) with both 0. */
int	ad_reward_amount(const struct ad_cfg *c, int64_t held,
	    int64_t paid_today, size_t nup, int64_t *amount, int64_t *points);

/* The lines of one day's reward. */
struct ad_plan {
	size_t			 n;
	int64_t			 amount, points, upline;
	struct reward_line	 l[1 + AD_MAX_GEN];
	char			 key[1 + AD_MAX_GEN][64];
	char			 memo[1 + AD_MAX_GEN][96];
};

/* The reward of member's day `day` ("2026-12-05"): one CONVERT line
 * (消费积分 → 零钱, kind "ad.reward", key "ad.reward:<member>:<day>") and
 * one CREDIT line per inviter paid (up[i] > 0, nearest first; a 0 ends
 * the chain; kind "ad.upline", key "ad.upline:<member>:<day>:<gen>").
 * Fills p; AD_OK or an error as ad_reward_amount / ad_cfg_check. */
int	ad_plan(const struct ad_cfg *c, long long member, const char *day,
	    int64_t held, int64_t paid_today, const long long *up,
	    struct ad_plan *p);

/* The rules in Chinese words with c's numbers, into buf. */
const char *ad_words(const struct ad_cfg *c, char *buf, size_t n);
/* The code and Chinese message of an ad_err for services. */
const char *ad_code(int err);
const char *ad_message(int err);

#endif
