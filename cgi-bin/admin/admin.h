/* admin/admin.h: what the back-office handler files (the .c files in
 * cgi-bin/admin/) share with admin.c, which keeps the one route table
 * (DESIGN.md §3). Each area's file declares its handlers here, next to
 * its rows in the table. */
#ifndef PT_ADMIN_H
#define PT_ADMIN_H
#include "app.h"
#include "buf.h"
#include "svc.h"

#define PER_PAGE 20

/* Marks the navigation entry `active` in the view (the layout's menu). */
void	admin_nav(struct req *r, const char *active);

/* --- common.c: shared by several areas ---------------------------------- */

/* The tab of a review queue (?status=pending|approved|rejected, default
 * pending), marked in the view as show_<status>; a static string. */
const char	*admin_queue_status(struct req *r);
/* The one field of a rejection: the reason (required, ≤ 200 chars). */
extern const struct field admin_reject_fields[1];

/* A review queue: the service that decides an item, where to go back to,
 * and what to say. */
struct review {
	svc_decide_fn	 decide;
	const char	*back, *missing, *approved, *rejected;
};

/* POST …/:id/approve or …/:id/reject (with a reason); an HTTP status. */
int		 admin_review(struct req *r, const struct review *rv,
		    int approve);
/* Appends s (NULL: empty) as one CSV field to b, then "," or, when last,
 * CRLF; quoted when needed, formula prefixes neutralised. */
void		 admin_csv_field(buf *b, const char *s, int last);
/* The string value of o's member k (borrowed), or NULL. */
const char	*admin_jget(struct json_object *o, const char *k);

/* --- the handlers, by file (their rows are in admin.c) ------------------- */

/* account.c */
int	h_login_page(struct req *);
int	h_login(struct req *);
int	h_logout(struct req *);
int	h_dashboard(struct req *);
int	h_admins(struct req *);
int	h_admin_create(struct req *);
int	h_password_page(struct req *);
int	h_password(struct req *);
int	h_sms(struct req *);
/* members.c */
int	h_members(struct req *);
int	h_member(struct req *);
int	h_grant_role(struct req *);
int	h_applications(struct req *);
int	h_app_approve(struct req *);
int	h_app_reject(struct req *);
/* chain.c */
int	h_chain(struct req *);
int	h_chain_package(struct req *);
/* money.c */
int	h_withdrawals(struct req *);
int	h_withdraw_approve(struct req *);
int	h_withdraw_reject(struct req *);
int	h_withdraw_confirm(struct req *);
int	h_withdraw_batch(struct req *);
int	h_withdrawals_csv(struct req *);
int	h_shipments(struct req *);
int	h_ship(struct req *);
int	h_ship_cancel(struct req *);
/* shop.c */
int	h_merchants(struct req *);
int	h_merchant_approve(struct req *);
int	h_merchant_reject(struct req *);
int	h_products(struct req *);
int	h_product_list(struct req *);
int	h_product_unlist(struct req *);
int	h_product_reject(struct req *);
int	h_orders(struct req *);
int	h_orders_csv(struct req *);
int	h_order(struct req *);
int	h_order_cancel(struct req *);
/* rp.c */
int	h_rp_list(struct req *);
int	h_rp_create(struct req *);
int	h_rp_cancel(struct req *);
/* gb.c */
int	h_gb_activities(struct req *);
int	h_gb_activity(struct req *);
int	h_gb_activity_new(struct req *);
int	h_gb_activity_save(struct req *);
int	h_gb_pause(struct req *);
int	h_gb_resume(struct req *);
int	h_gb_simulate(struct req *);
int	h_gb_groups(struct req *);
int	h_gb_group(struct req *);
int	h_gb_fill(struct req *);
int	h_gb_open(struct req *);
/* settings.c */
int	h_settings(struct req *);
int	h_settings_save(struct req *);
/* audit.c */
int	h_audit(struct req *);
int	h_audit_csv(struct req *);
int	h_audit_old(struct req *);
/* ad.c */
int	h_ads(struct req *);
int	h_ad_create(struct req *);
int	h_ad_upload(struct req *);
int	h_ad_pause(struct req *);
int	h_ad_resume(struct req *);
int	h_ad_budget(struct req *);
/* cockpit.c: compliance check and money report (issue 20) */
int	h_compliance(struct req *);
int	h_reports(struct req *);
int	h_reports_csv(struct req *);
/* economy.c */
int	h_economy(struct req *);
int	h_economy_run(struct req *);
/* events.c: order-event deliveries (failed, pending) and a retry */
int	h_events(struct req *);
int	h_event_retry(struct req *);

/* store.c */
int	h_stores(struct req *);
int	h_store_approve(struct req *);
int	h_store_reject(struct req *);
int	h_points(struct req *);
int	h_point_create(struct req *);
/* union.c */
int	h_union(struct req *);
/* queue.c */
int	h_queues(struct req *);
int	h_queue_pause(struct req *);
int	h_queue_resume(struct req *);
int	h_queue_reset(struct req *);
int	h_queue_product(struct req *);
int	h_queue_enable_all(struct req *);

#endif
