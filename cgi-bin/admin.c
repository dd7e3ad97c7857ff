/* admin.fcgi: the back office (管理后台) under /admin: the one route table;
 * the handlers live in cgi-bin/admin/<area>.c (DESIGN.md §3). */
#include "app.h"
#include "sess.h"

#include "admin/admin.h"

static const struct route routes[] = {
	{ "GET",  "/admin/login",	h_login_page,	ACC_PUBLIC, NULL, 0 },
	{ "POST", "/admin/login",	h_login,	ACC_PUBLIC, NULL, 0 },
	{ "POST", "/admin/logout",	h_logout,	ACC_PUBLIC, NULL, 0 },
	{ "GET",  "/admin",		h_dashboard,	ACC_ADMIN, "dashboard", 0 },
	{ "GET",  "/admin/",		h_dashboard,	ACC_ADMIN, "dashboard", 0 },
	{ "GET",  "/admin/members",	h_members,	ACC_ADMIN, "members.view", 0 },
	{ "GET",  "/admin/members/:id",	h_member,	ACC_ADMIN, "members.view", 0 },
	{ "POST", "/admin/members/:id/roles", h_grant_role, ACC_ADMIN, "members.edit", 0 },
	{ "GET",  "/admin/applications", h_applications, ACC_ADMIN, "members.view", 0 },
	{ "POST", "/admin/applications/:id/approve", h_app_approve, ACC_ADMIN, "members.edit", 0 },
	{ "POST", "/admin/applications/:id/reject", h_app_reject, ACC_ADMIN, "members.edit", 0 },
	{ "GET",  "/admin/withdrawals",	h_withdrawals,	ACC_ADMIN, "withdrawals.view", 0 },
	{ "GET",  "/admin/withdrawals.csv", h_withdrawals_csv, ACC_ADMIN, "withdrawals.account", 0 },
	{ "POST", "/admin/withdrawals/batch", h_withdraw_batch, ACC_ADMIN, "withdrawals.edit", 0 },
	{ "GET",  "/admin/withdrawals/:id/approve", h_withdraw_confirm, ACC_ADMIN, "withdrawals.edit", 0 },
	{ "POST", "/admin/withdrawals/:id/approve", h_withdraw_approve, ACC_ADMIN, "withdrawals.edit", 0 },
	{ "POST", "/admin/withdrawals/:id/reject", h_withdraw_reject, ACC_ADMIN, "withdrawals.edit", 0 },
	{ "GET",  "/admin/shipments",	h_shipments,	ACC_ADMIN, "withdrawals.view", 0 },
	{ "POST", "/admin/shipments",	h_ship,		ACC_ADMIN, "withdrawals.edit", 0 },
	{ "POST", "/admin/shipments/:id/cancel", h_ship_cancel, ACC_ADMIN, "withdrawals.edit", 0 },
	{ "GET",  "/admin/merchants",	h_merchants,	ACC_ADMIN, "merchants.view", 0 },
	{ "POST", "/admin/merchants/:id/approve", h_merchant_approve, ACC_ADMIN, "merchants.edit", 0 },
	{ "POST", "/admin/merchants/:id/reject", h_merchant_reject, ACC_ADMIN, "merchants.edit", 0 },
	{ "GET",  "/admin/products",	h_products,	ACC_ADMIN, "products.view", 0 },
	{ "POST", "/admin/products/:id/list", h_product_list, ACC_ADMIN, "products.edit", 0 },
	{ "POST", "/admin/products/:id/unlist", h_product_unlist, ACC_ADMIN, "products.edit", 0 },
	{ "POST", "/admin/products/:id/reject", h_product_reject, ACC_ADMIN, "products.edit", 0 },
	{ "GET",  "/admin/orders",	h_orders,	ACC_ADMIN, "orders.view", 0 },
	{ "GET",  "/admin/orders.csv",	h_orders_csv,	ACC_ADMIN, "orders.view", 0 },
	{ "GET",  "/admin/orders/:id",	h_order,	ACC_ADMIN, "orders.view", 0 },
	{ "POST", "/admin/orders/:id/cancel", h_order_cancel, ACC_ADMIN, "orders.edit", 0 },
	{ "GET",  "/admin/gb/activities", h_gb_activities, ACC_ADMIN, "activities.view", 0 },
	{ "GET",  "/admin/gb/activities/new", h_gb_activity_new, ACC_ADMIN, "activities.edit", 0 },
	{ "POST", "/admin/gb/activities", h_gb_activity_save, ACC_ADMIN, "activities.edit", 0 },
	{ "GET",  "/admin/gb/activities/:id", h_gb_activity, ACC_ADMIN, "activities.view", 0 },
	{ "POST", "/admin/gb/activities/:id", h_gb_activity_save, ACC_ADMIN, "activities.edit", 0 },
	{ "POST", "/admin/gb/activities/:id/pause", h_gb_pause, ACC_ADMIN, "activities.edit", 0 },
	{ "POST", "/admin/gb/activities/:id/resume", h_gb_resume, ACC_ADMIN, "activities.edit", 0 },
	{ "GET",  "/admin/gb/simulate",	h_gb_simulate,	ACC_ADMIN, "activities.view", 0 },
	{ "POST", "/admin/gb/simulate",	h_gb_simulate,	ACC_ADMIN, "activities.view", 0 },
	{ "GET",  "/admin/gb/groups",	h_gb_groups,	ACC_ADMIN, "groups.view", 0 },
	{ "GET",  "/admin/gb/groups/:id", h_gb_group,	ACC_ADMIN, "groups.view", 0 },
	{ "POST", "/admin/gb/groups/:id/fill", h_gb_fill, ACC_ADMIN, "groups.edit", 0 },
	{ "POST", "/admin/gb/open",	h_gb_open,	ACC_ADMIN, "groups.edit", 0 },
	{ "GET",  "/admin/rp",		h_rp_list,	ACC_ADMIN, "activities.view", 0 },
	{ "POST", "/admin/rp",		h_rp_create,	ACC_ADMIN, "activities.edit", 0 },
	{ "POST", "/admin/rp/:id/cancel", h_rp_cancel,	ACC_ADMIN, "activities.edit", 0 },
	{ "GET",  "/admin/economy",	h_economy,	ACC_ADMIN, "reports.view", 0 },
	{ "GET",  "/admin/compliance",	h_compliance,	ACC_ADMIN, "dashboard", 0 },
	{ "GET",  "/admin/reports",	h_reports,	ACC_ADMIN, "reports.view", 0 },
	{ "GET",  "/admin/reports.csv",	h_reports_csv,	ACC_ADMIN, "reports.view", 0 },
	{ "GET",  "/admin/economy/runs/:id", h_economy_run, ACC_ADMIN, "reports.view", 0 },
	{ "GET",  "/admin/queue",	h_queues,	ACC_ADMIN, "activities.view", 0 },
	{ "POST", "/admin/queue/:id/pause", h_queue_pause, ACC_ADMIN, "activities.edit", 0 },
	{ "POST", "/admin/queue/:id/resume", h_queue_resume, ACC_ADMIN, "activities.edit", 0 },
	{ "POST", "/admin/queue/:id/reset", h_queue_reset, ACC_ADMIN, "activities.edit", 0 },
	{ "POST", "/admin/queue/products", h_queue_product, ACC_ADMIN, "activities.edit", 0 },
	{ "POST", "/admin/queue/products/enable-all", h_queue_enable_all, ACC_ADMIN, "activities.edit", 0 },
	{ "GET",  "/admin/ads",		h_ads,		ACC_ADMIN, "activities.view", 0 },
	{ "POST", "/admin/ads",		h_ad_create,	ACC_ADMIN, "activities.edit", 0 },
	{ "POST", "/admin/ads/upload",	h_ad_upload,	ACC_ADMIN, "activities.edit", RF_BIGBODY },
	{ "POST", "/admin/ads/:id/pause", h_ad_pause,	ACC_ADMIN, "activities.edit", 0 },
	{ "POST", "/admin/ads/:id/resume", h_ad_resume,	ACC_ADMIN, "activities.edit", 0 },
	{ "POST", "/admin/ads/:id/budget", h_ad_budget,	ACC_ADMIN, "activities.edit", 0 },
	{ "GET",  "/admin/events",	h_events,	ACC_ADMIN, "reports.view", 0 },
	{ "POST", "/admin/events/:id/retry", h_event_retry, ACC_ADMIN, "ledger.edit", 0 },
	{ "GET",  "/admin/admins",	h_admins,	ACC_ADMIN, "admins", 0 },
	{ "POST", "/admin/admins",	h_admin_create,	ACC_ADMIN, "admins", 0 },
	{ "GET",  "/admin/password",	h_password_page, ACC_ADMIN, NULL, 0 },
	{ "POST", "/admin/password",	h_password,	ACC_ADMIN, NULL, 0 },
	{ "GET",  "/admin/settings",	h_settings,	ACC_ADMIN, "settings.view", 0 },
	{ "POST", "/admin/settings",	h_settings_save, ACC_ADMIN, "settings.edit", 0 },
	{ "GET",  "/admin/sms",		h_sms,		ACC_ADMIN, "sms.view", 0 },
	{ "GET",  "/admin/audit",	h_audit,	ACC_ADMIN, "audit.view", 0 },
	{ "GET",  "/admin/audit.csv",	h_audit_csv,	ACC_ADMIN, "audit.view", 0 },
	{ "GET",  "/admin/log",		h_audit_old,	ACC_ADMIN, "audit.view", 0 },
};

int
main(void)
{
	static const struct app app = {
		"admin", routes, sizeof(routes) / sizeof(routes[0]), SESS_ADMIN
	};

	return app_main(&app);
}
