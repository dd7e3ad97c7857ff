/* svc_ad: ad rewards (广告电商, FEATURES H1): the transactions around the
 * pure rules of rules/ad.h. Starting a house ad issues a random token
 * (rand_token; only its SHA-256 is stored) bound to the member, the ad and
 * the server's start time; finishing takes the member's day row and the
 * view row FOR UPDATE (in that order, as starting does), so two
 * completions of one token, or two of one member, run one after the other
 * and the second sees the first. The N-th completion of a day pays the
 * day's reward through the payout path (lib/payout.h) in the same
 * transaction: 消费积分 → 零钱 (a CONVERT line) and the uplines' shares
 * (CREDIT lines), and records it in ad_rewards. A third-party network's
 * signed callback (lib/adnet.h) counts as one completed view. Settings:
 * group 广告奖励 (lib/settings_table.c). */
#ifndef PT_SVC_AD_H
#define PT_SVC_AD_H
#include <stdint.h>
#include <json-c/json.h>
#include "ad.h"
#include "adnet.h"
#include "arena.h"
#include "svc.h"

/* The rules' configuration from the settings. AD_OK or an ad_err. */
int	ad_settings(struct ad_cfg *c);

/* The member's page: points held, today {watched, required, rewarded},
 * ads [{id, title, kind, media, link, duration_sec, watched}], the rules
 * in words, budget_spent, history (page of per rewards). NULL on a
 * database error. */
struct json_object *ad_home(arena *a, long long member, long long page,
	    long long per, long long *total);

/* Starts ad for member: *token (in the arena) and *duration. 0, or
 * SVC_EREFUSED with e: 404 no such running ad, 409 daily_limit /
 * watched / no_points / budget / ad_budget. */
int	ad_start(arena *a, long long member, long long ad, const char **token,
	    int *duration, struct svc_err *e);

/* What a completion did. */
struct ad_result {
	int		 watched, required;
	int		 rewarded;	/* the day's reward paid now */
	int64_t		 amount;	/* 零钱 fen paid to the member */
	int64_t		 points;	/* 消费积分 taken */
	const char	*note;		/* why nothing was paid, or NULL */
	int		 duplicate;	/* network: this callback came before */
};

/* Finishes the view of token for member. 0 with out filled, or
 * SVC_EREFUSED with e: 404 not_found (no such token, or another
 * member's), 409 too_early / used / expired / daily_limit; nothing
 * changes when refused. */
int	ad_done(arena *a, long long member, const char *token,
	    struct ad_result *out, struct svc_err *e);

/* A network's reward callback (provider "network"): verified by
 * signature, then one completed view for the member, once per trans. 0
 * with out filled (out->duplicate when seen before), or SVC_EREFUSED
 * with e: 400 bad_signature / bad_callback, 503 no_provider, 404
 * member, 409 daily_limit. */
int	ad_network_callback(arena *a, const struct adnet_cb *cb,
	    struct ad_result *out, struct svc_err *e);

/* What members' 消费积分 can still turn into, in 零钱 fen, at today's
 * reward per point: the obligations report's row. -1 on error. */
int64_t	ad_obligation(arena *a);

/* Back office. */
struct ad_new {
	const char	*kind;		/* "image", "video", "product" */
	const char	*title;
	const char	*media;		/* image, video: "/uploads/…" */
	const char	*poster;	/* video: its PNG poster frame,
					 * "/uploads/….png" (required) */
	long long	 product;	/* product: a listed product */
	const char	*link;		/* local path; product: its page */
	int		 duration;
	int		 daily_views;	/* 0: no cap */
	const char	*starts, *ends;	/* "YYYY-MM-DD HH:MM" or NULL */
};
/* Creates an ad (audited as ad.create by admin). 0 with *id, or
 * SVC_EREFUSED. */
int	ad_create(arena *a, const struct ad_new *n, long long admin,
	    const char *ip, long long *id, struct svc_err *e);
/* Pauses (active 0) or resumes an ad; audited. 0 or SVC_EREFUSED. */
int	ad_set_active(arena *a, long long ad, int active, long long admin,
	    const char *ip, struct svc_err *e);
/* Sets an ad's daily views and schedule; audited. 0 or SVC_EREFUSED. */
int	ad_set_budget(arena *a, long long ad, int daily_views,
	    const char *starts, const char *ends, long long admin,
	    const char *ip, struct svc_err *e);
/* The ads with today's views and completions, and the last `days` days
 * of views / completions / rewards paid (for the chart). NULL on error. */
struct json_object *ad_admin_view(arena *a, int days);

/* `ctl verify`: each reward traceable to N completed views of its day,
 * and to its ledger entry; no member over N completed views a day.
 * and the day's budget counting all it paid (member and uplines).
 * Calls report with each problem; returns how many (or a db_err). */
int	ad_verify(arena *a, void (*report)(const char *msg, void *ud),
	    void *ud);

#endif
