/* queue: the pure rules of the queue rebate (排队返利, FEATURES F1–F6):
 * which ratio an order's entitlement gets and the words that say why, the
 * entitlement and the funding of an order, the FIFO allocation of a
 * queue's money over its waiting entitlements, the lottery draw on the
 * fair random stream, the exchange, the reset calendar and the wait
 * estimate. No I/O; lib/svc_queue.c reads the state and applies the
 * result through the payout path.
 *
 * Rounding: every amount here is a basis-point share of fen, rounded half
 * up to the fen (rules/amount.h bp_of): paid 168.00 at 130% is 218.40,
 * at 65% 109.20; 0.05 at 50% is 0.03 (0.025 rounds up). */
#ifndef PT_QUEUE_H
#define PT_QUEUE_H
#include <stddef.h>
#include <stdint.h>

#define QUEUE_BP_MAX		100000	/* a ratio is at most 1000% */
#define QUEUE_LEVELS_MAX	8
#define QUEUE_TIERS_MAX		8
#define QUEUE_OPTIONS_MAX	10
#define QUEUE_TIER_DAYS_MAX	366
#define QUEUE_WORDS		160

enum queue_err {
	QUEUE_OK = 0,
	QUEUE_EINVAL = -1,	/* a configuration or an argument is wrong */
	QUEUE_ERANGE = -2	/* an amount outside int64 or AMT_CAP */
};

/* Where a ratio came from, in precedence order (F1): the first that is
 * set for the order wins. The codes are stored with each entitlement. */
enum queue_src {
	QSRC_NONE = 0,
	QSRC_PRODUCT_LEVEL,	/* "product_level": the product's member-level ratio */
	QSRC_PLUGIN_LEVEL,	/* "level": the plugin's member-level ratio */
	QSRC_PRODUCT_TIER,	/* "product_tier": cumulative-spend tiers */
	QSRC_PRODUCT_LOTTERY,	/* "product_lottery": drawn, product's options */
	QSRC_PLUGIN_LOTTERY,	/* "lottery": drawn, the plugin's options */
	QSRC_PRODUCT,		/* "product": the product's own ratio */
	QSRC_DEFAULT		/* "default": the plugin default */
};

struct queue_level {
	char		 level[16];	/* a member role: "leader", "owner"… */
	int64_t		 bp;
};

/* Cumulative-spend tiers: a member whose completed spend over the last
 * days reaches min gets bp (the highest min reached wins). */
struct queue_tiers {
	int		 days;
	size_t		 n;
	struct {
		int64_t	 min, bp;
	}		 t[QUEUE_TIERS_MAX];
};

/* A lottery: nopt fixed options, or (nopt 0, max > 0) any whole bp in
 * [min, max]; neither: no lottery. */
struct queue_lottery {
	size_t		 nopt;
	int64_t		 opt[QUEUE_OPTIONS_MAX];
	int64_t		 min, max;
};

/* One source's configuration: a product's or the plugin's (the plugin
 * has no tiers). ratio_bp -1: not set. */
struct queue_conf {
	size_t			 nlevels;
	struct queue_level	 levels[QUEUE_LEVELS_MAX];
	struct queue_tiers	 tiers;
	struct queue_lottery	 lottery;
	int64_t			 ratio_bp;
};

/* The buyer, as the ratio sees them: their levels (roles) with the
 * Chinese names, and their completed spend over the product's tier days. */
struct queue_member {
	size_t		 nlevels;
	const char	*levels[QUEUE_LEVELS_MAX];
	const char	*labels[QUEUE_LEVELS_MAX];
	int64_t		 spend;
};

struct queue_ratio {
	enum queue_src	 src;
	int64_t		 bp;
	/* QSRC_PRODUCT_LOTTERY or QSRC_PLUGIN_LOTTERY when the buyer may
	 * draw (the lottery comes before the ratio that decided); else
	 * QSRC_NONE. */
	enum queue_src	 lottery;
	char		 words[QUEUE_WORDS];	/* "按会员等级 团长 比例 120%" */
};

/* Empties c: nothing set (ratio_bp -1). */
void	queue_conf_init(struct queue_conf *c);

/* Configuration parsers, JSON text (NULL or "" leaves the part unset):
 *   levels   [{"level":"leader","bp":12000}, …]   (≤ 8, order = priority)
 *   tiers    {"days":30,"tiers":[{"min":"2000.00","bp":5000}, …]}
 *   lottery  [1000,2000,5000] (fixed options) or [{"min":1000,"max":5000}]
 * Each ratio is 0 … QUEUE_BP_MAX. QUEUE_OK, or QUEUE_EINVAL with a Chinese
 * message in err (the part is then left unset). */
int	queue_parse_levels(const char *json, struct queue_conf *c, char *err,
	    size_t errlen);
int	queue_parse_tiers(const char *json, struct queue_conf *c, char *err,
	    size_t errlen);
int	queue_parse_lottery(const char *json, struct queue_lottery *l,
	    char *err, size_t errlen);
/* Whether l offers a draw. */
int	queue_lottery_on(const struct queue_lottery *l);

/* The ratio of an order (F1): product (NULL: none) and plugin confs, the
 * buyer. Precedence: product level → plugin level → product tiers →
 * product lottery → plugin lottery → product own → plugin default (the
 * plugin's ratio_bp, which must be set). A lottery not yet drawn does not
 * decide: the ratio below it does, and out->lottery says the buyer may
 * draw. QUEUE_OK or QUEUE_EINVAL. */
int	queue_ratio(const struct queue_conf *product,
	    const struct queue_conf *plugin, const struct queue_member *m,
	    struct queue_ratio *out);
/* The words of a drawn lottery ratio ("按抽奖结果 比例 20%"), into out. */
void	queue_lottery_words(enum queue_src src, int64_t bp,
	    char out[QUEUE_WORDS]);
/* A source's stored code ("product_level", …) and back (QSRC_NONE for an
 * unknown code). */
const char *queue_src_code(enum queue_src s);
enum queue_src queue_src_parse(const char *code);
/* A ratio as a percentage: 13000 → "130%", 1250 → "12.5%". */
char	*queue_pct(int64_t bp, char out[32]);

/* The entitlement of an order (paid × ratio) and its funding (paid ×
 * extraction), half up to the fen. QUEUE_OK, QUEUE_EINVAL (a negative
 * input, bp above QUEUE_BP_MAX) or QUEUE_ERANGE (above AMT_CAP). */
int	queue_entitlement(int64_t paid, int64_t ratio_bp, int64_t *out);
int	queue_funding(int64_t paid, int64_t extract_bp, int64_t *out);

/* A waiting entitlement, in queue order: what is still owed on it. */
struct queue_wait {
	long long	 id;
	int64_t		 owed;
};
struct queue_pay {
	long long	 id;
	int64_t		 amount;
	int		 done;		/* the entitlement is paid in full */
};
/* FIFO (F2): pays balance over w[0..n) from the first, each up to what it
 * is owed, until the money runs out. Writes one line per entitlement paid
 * into out (≤ n lines; an entitlement owed 0 is done with a 0 line) and
 * what is left into *left. O(lines written): it stops at the first
 * entitlement the money does not reach. Returns the number of lines. */
size_t	queue_allocate(int64_t balance, const struct queue_wait *w, size_t n,
	    struct queue_pay *out, int64_t *left);

/* The draw of entitlement id's lottery with its seed: the fair random
 * stream (rules/fairrand.h) labelled "queue:<id>"; options: opt[u(nopt)];
 * a range: min + u(max - min + 1). QUEUE_OK with *bp, or QUEUE_EINVAL. */
int	queue_lottery_draw(const struct queue_lottery *l, const uint8_t *seed,
	    size_t seedlen, long long id, int64_t *bp);

/* Exchange (F5): amount (0 < amount ≤ owed) of a waiting entitlement at
 * rate_bp (10000: 1 fen of entitlement for 1 unit) gives *credit, half up.
 * QUEUE_OK, or QUEUE_EINVAL (amount out of range, rate 0, or a credit
 * that rounds to 0). */
int	queue_exchange(int64_t owed, int64_t amount, int64_t rate_bp,
	    int64_t *credit);

/* The reset calendar (F6): whether a reset is due on today given the
 * last ("YYYY-MM-DD", or NULL/"" never) and the period ("daily",
 * "weekly": a new Monday-based week, "monthly": a new month, "never").
 * The first look (no last) is never due: it only marks the day. 1, 0,
 * or QUEUE_EINVAL for a bad date or period. */
int	queue_reset_due(const char *period, const char *last, const char *today);

/* The wait estimate: owed ahead (what is owed up to and including the
 * entitlement, less what the queue holds) over the last 7 days' funding,
 * in whole days rounded up; 0 when nothing is ahead; -1 when nothing was
 * funded in 7 days (no estimate). */
int64_t	queue_wait_days(int64_t ahead, int64_t funded7);

#endif
