/* svc_queue_int: what svc_queue.c (the transactions) and svc_queue_view.c
 * (the pages, the obligations, ctl verify) share. Not for other files. */
#ifndef PT_SVC_QUEUE_INT_H
#define PT_SVC_QUEUE_INT_H
#include <stdint.h>
#include "arena.h"

/* The settings (lib/settings_table.c, group 排队返利). */
#define QSET_ENABLED		"queue.enabled"
#define QSET_DEFAULT_BP		"queue.default_bp"
#define QSET_EXTRACT_BP		"queue.extract_bp"
#define QSET_SETTLE_ON		"queue.settle_on"
#define QSET_MALL_SCOPE		"queue.mall_scope"
#define QSET_INLINE		"queue.inline"
#define QSET_LEVELS		"queue.level_bp"
#define QSET_LOTTERY		"queue.lottery"
#define QSET_EXCHANGE_POINTS	"queue.exchange_points_bp"
#define QSET_EXCHANGE_VOUCHER	"queue.exchange_voucher_bp"
#define QSET_RESET_PERIOD	"queue.reset_period"
#define QSET_RESET_MODE		"queue.reset_mode"

/* The ledger's system account holding every queue's money (零钱). */
#define QUEUE_POOL		"pool.queue"

/* A queue's row, locked (SELECT … FOR UPDATE), with what this
 * transaction added: funded and paid are the increments to save. */
struct qrow {
	long long	 id, head, tail;
	int64_t		 balance, funded, paid;
	int		 paused;
};

/* Locks queue id's row into q: 0, DB_ENOTFOUND or a db_err. */
int	qrow_lock(arena *a, long long id, struct qrow *q);
/* Pays what the locked queue holds to its waiting entitlements, oldest
 * first (nothing when paused), moving q's head, balance and paid. */
int	qrow_pay(arena *a, struct qrow *q);
/* Writes q's head, tail, balance and increments back. */
int	qrow_save(arena *a, const struct qrow *q);

#endif
