/* chain: the pure rules of the chain rewards (链动2+1, FEATURES G1–G4):
 * the status a member reaches when a recruit becomes an agent (the 2+1
 * split), the reward lines of one package order (direct, 见点, 平级奖),
 * the frozen part of each and the condition that releases it, the split
 * of the chain dividend pool by rank, the 3×3 spillover placement and the
 * rules in Chinese words. No I/O; lib/svc_chain.c reads the state and
 * applies the result through the payout path.
 *
 * Generations: a reward reaches at most CHAIN_MAX_GEN generations above
 * the buyer (DESIGN.md §1): the direct reward is generation 1, a 见点
 * reward is the buyer's depth below the boss in the placement tree, a
 * 平级奖 is one generation above the boss whose earning it shares. A line
 * that would land further up is not paid, whatever the settings say.
 *
 * Rounding: the 平级奖 and the frozen part are basis-point shares of fen,
 * half up (rules/amount.h bp_of): 10% of 300.00 is 30.00, 20% of 0.05 is
 * 0.01. */
#ifndef PT_CHAIN_H
#define PT_CHAIN_H
#include <stddef.h>
#include <stdint.h>

#define CHAIN_MAX_GEN	3	/* DESIGN.md §1 */
#define CHAIN_LEFT	2	/* recruits left behind for the upline (2+1) */
#define CHAIN_RANKS_MAX	9	/* G7: up to 9 ranks */
#define CHAIN_RANK_LEN	24	/* bytes of a rank name, NUL included */
#define CHAIN_LINES_MAX	4	/* lines of one order's plan */
#define CHAIN_WORDS	1200

enum chain_err {
	CHAIN_OK = 0,
	CHAIN_EINVAL = -1,	/* a configuration or an argument is wrong */
	CHAIN_ERANGE = -2	/* an amount outside int64 */
};

enum chain_status { CHAIN_NONE = 0, CHAIN_AGENT = 1, CHAIN_BOSS = 2 };
enum chain_kind { CHAIN_DIRECT = 0, CHAIN_SEE = 1, CHAIN_PEER = 2 };

struct chain_rank {
	char		 name[CHAIN_RANK_LEN];
	int64_t		 bp;		/* its share of the pool */
};

/* The configuration (the settings chain.*). Amounts in fen per package. */
struct chain_conf {
	int64_t		 direct_agent;	/* an agent, per direct recruit's package */
	int64_t		 direct_boss;	/* a boss, per direct recruit's package */
	int64_t		 see;		/* a boss, per package in their team */
	int		 see_gens;	/* 1 … CHAIN_MAX_GEN */
	int64_t		 peer_bp;	/* 平级奖: share of a boss recruit's earning */
	int64_t		 freeze_bp;	/* frozen share of every reward */
	long long	 release_orders; /* left-behind teams need more than this */
	int64_t		 pool;		/* per package, into the dividend pool */
	struct chain_rank ranks[CHAIN_RANKS_MAX];
	size_t		 nranks;
	int		 spill;		/* G4: 3×3 spillover placement on */
};

/* Checks c: amounts ≥ 0, see_gens 1 … CHAIN_MAX_GEN (a larger one is
 * refused with the rule cited: DESIGN.md §1), bp 0 … 10000, the ranks'
 * shares summing to at most 10000. CHAIN_OK, or CHAIN_EINVAL with msg
 * (Chinese) filled. */
int	chain_conf_check(const struct chain_conf *c, char *msg, size_t msgsz);
/* Parses the rank list of chain.pool_ranks ([{"rank":"董事","bp":3000},
 * …]) into c->ranks. CHAIN_OK or CHAIN_EINVAL with msg filled. */
int	chain_parse_ranks(const char *json, struct chain_conf *c, char *msg,
	    size_t msgsz);

/* --- status: the 2+1 split --------------------------------------------- */

/* A member becomes an agent; their recruiter (inviter) was `status` with
 * `agents` recruits who became agents before. */
struct chain_join_in {
	long long	 member;
	long long	 recruiter;	/* 0: none */
	int		 recruiter_status;
	long long	 recruiter_agents;
	long long	 recruiter_boss; /* the team the recruiter is in: its
					  * boss (a boss: itself; 0: none) */
};
struct chain_join_out {
	int		 left_slot;	/* 1 or 2: left behind for the
					 * recruiter's boss (留给上级); 0: not */
	int		 recruiter_to_boss; /* this recruit makes the recruiter
					     * a boss */
	int		 counted;	/* counts as one of the recruiter's
					 * agents */
	long long	 boss;		/* the boss whose team the new agent
					 * joins (0: none) */
};
/* The rule: a recruiter who is an agent leaves their first CHAIN_LEFT
 * recruits who become agents in their own boss's team; the next one makes
 * them a boss, and from then on every recruit joins their team. A
 * recruiter who is not in the chain (none) counts nothing and the new
 * agent is in no team. CHAIN_OK or CHAIN_EINVAL (NULL, member ≤ 0). */
int	chain_join(const struct chain_join_in *in, struct chain_join_out *out);

/* --- one package order's rewards --------------------------------------- */

/* A beneficiary as the rules need it. id 0: nobody. */
struct chain_who {
	long long	 id;
	int		 status;
	int		 frozen;	/* their rewards still freeze */
	long long	 inviter;	/* their own recruiter, for 平级奖 */
	int		 inviter_status;
	int		 inviter_frozen;
};
struct chain_order_in {
	long long	 buyer;
	long long	 qty;		/* packages in the order, ≥ 1 */
	struct chain_who direct;	/* the buyer's recruiter */
	struct chain_who boss;		/* the boss of the buyer's team */
	int		 boss_depth;	/* the buyer's depth below that boss in
					 * the placement tree (≥ 1) */
};
struct chain_line {
	long long	 to;
	enum chain_kind	 kind;
	int		 gen;		/* generations above the buyer */
	long long	 from;		/* CHAIN_PEER: whose earning it shares */
	int64_t		 amount;	/* the whole reward */
	int64_t		 frozen;	/* of it, frozen */
};
struct chain_plan {
	struct chain_line l[CHAIN_LINES_MAX];
	size_t		 n;
	int64_t		 pool;		/* into the dividend pool */
};
/* The rewards of one package order: the direct reward to an agent or
 * boss recruiter; 见点 to the team's boss when the buyer is not their
 * direct recruit and sits at most see_gens deep; 平级奖 to a boss's
 * recruiter who is a boss, on each of that boss's two rewards, when it
 * stays within CHAIN_MAX_GEN generations; the frozen part of each for a
 * beneficiary whose rewards still freeze; the pool's part. No reward to
 * the buyer. CHAIN_OK, CHAIN_EINVAL, or CHAIN_ERANGE. */
int	chain_plan_order(const struct chain_conf *c,
	    const struct chain_order_in *in, struct chain_plan *p);

/* G3: the frozen part of a member's rewards is released when both their
 * left-behind recruits are in the chain (left == CHAIN_LEFT) and the
 * teams under them have more than release_orders package orders. */
int	chain_release_due(const struct chain_conf *c, int left,
	    long long team_orders);

/* --- the dividend pool (G2) --------------------------------------------- */

/* Splits balance over the ranks of c: rank i gets balance × bp / 10000
 * rounded down (not bp_of's half up: the ranks together never take more
 * than the pool), in equal whole fen to its count[i] members (the
 * remainder stays), and a
 * rank with nobody keeps its whole share in the pool. per[i] receives
 * what one member of rank i gets; *paid the total paid out. CHAIN_OK or
 * CHAIN_EINVAL. */
int	chain_pool_split(const struct chain_conf *c, int64_t balance,
	    const long long count[], int64_t per[], int64_t *paid);

/* --- G4: 3×3 spillover --------------------------------------------------- */

/* Where the n-th (1-based) direct recruit of a member is placed under the
 * 3×3 spillover rule (三三滑落): recruits 1–3 open lines 1–3 directly under
 * the member; each line then grows as a tree of two places under every
 * member (level L of a line, counted from its head at level 1, has
 * 2^(L-1) places), and further recruits alternate between the member's
 * own line (line 3) and the two left-behind lines (1 and 2), a level at a
 * time: recruits 4–5 fill level 2 of line 3, 6–9 level 2 of lines 1 and 2
 * (line 1, line 2, line 1, line 2), 10–13 level 3 of line 3, 14–21 level
 * 3 of lines 1 and 2 (8 places), 22–29 level 4 of line 3, and so on.
 * *line receives 1 … 3, *level the depth below the member (1: directly
 * under), *index the place within that line's level (0-based, left to
 * right: its parent is place index / 2 of the level above). CHAIN_OK or
 * CHAIN_EINVAL (n < 1 or past level 40). */
int	chain_spill(long long n, int *line, int *level, long long *index);

/* The rules in Chinese words, from c, for the member page: each entry
 * one sentence. Writes at most max entries of at most CHAIN_WORDS bytes
 * into out; returns how many. */
size_t	chain_words(const struct chain_conf *c, char out[][CHAIN_WORDS],
	    size_t max);

/* "direct" → "直推奖", "see" → "见点奖", "peer" → "平级奖". */
const char *chain_kind_name(enum chain_kind k);
const char *chain_kind_code(enum chain_kind k);
const char *chain_status_code(int status);	/* none | agent | boss */
const char *chain_status_name(int status);	/* 会员 | 代理 | 老板 */
/* The status of a chain_members.status value: NULL (no chain row) is
 * CHAIN_NONE, "boss" CHAIN_BOSS, any other CHAIN_AGENT. */
int	chain_status_of(const char *code);
/* The enum chain_kind of a code of chain_kind_code, or -1 (NULL too). */
int	chain_kind_of(const char *code);
/* What a package grants, for pages: "agent" → "代理资格", a rank its
 * name; NULL → "". */
const char *chain_grants_name(const char *grants);

#endif
