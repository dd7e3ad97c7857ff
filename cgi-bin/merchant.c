/* merchant.fcgi: the merchant's mobile pages under /merchant (C1): apply
 * to become a merchant, see the review's outcome (and the reason of a
 * rejection), apply again. Products, orders and shipping (C2–C5) are the
 * shop issue's next steps. */
#include <string.h>
#include "app.h"
#include "svc_merchant.h"

static int
h_home(struct req *r)
{
	struct json_object *m = merchant_of(r->a, r->member_id);

	view_str(req_view(r), "title", "商家中心");
	json_object_object_add(r->view, "merchant", m);
	if (r->tmpl == NULL)
		r->tmpl = "merchant/home";
	return 200;
}

static const struct field apply_fields[] = {
	{ .name = "name", .label = "店铺名称", .type = V_STR, .required = 1,
	  .min = 2, .max = 60 },
	{ .name = "contact", .label = "联系人", .type = V_STR, .required = 1,
	  .min = 2, .max = 30 },
	{ .name = "phone", .label = "联系电话", .type = V_PHONE, .required = 1 },
	{ .name = "license_no", .label = "营业执照号", .type = V_STR,
	  .required = 1, .min = 8, .max = 40 },
	{ .name = "address", .label = "经营地址", .type = V_STR, .required = 1,
	  .min = 4, .max = 200 },
	{ .name = "description", .label = "经营范围", .type = V_STR, .max = 500,
	  .flags = VF_MULTILINE },
};
#define NAPPLY (sizeof(apply_fields) / sizeof(apply_fields[0]))

static int
h_apply(struct req *r)
{
	struct fval		v[NAPPLY];
	struct merchant_app	m;
	struct svc_err		e;
	long long		id;
	int			st;

	r->tmpl = "merchant/home";
	h_home(r);
	if ((st = req_valid(r, apply_fields, NAPPLY, v)) != 0)
		return st;
	m.name = v[0].s;
	m.contact = v[1].s;
	m.phone = v[2].s;
	m.license_no = v[3].s;
	m.address = v[4].s;
	m.description = v[5].s;
	if (merchant_apply(r->a, r->member_id, &m, &id, &e) != 0)
		return resp_svc(r, &e);
	json_object_put(r->view);
	r->view = json_object_new_object();
	view_int(r->view, "merchant_id", id);
	return resp_done(r, "/merchant", "入驻申请已提交，请等待审核");
}

static const struct route routes[] = {
	{ "GET",  "/merchant",		h_home,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/merchant/",		h_home,	ACC_MEMBER, NULL, 0 },
	{ "POST", "/merchant/apply",	h_apply, ACC_MEMBER, NULL, 0 },
};

int
main(void)
{
	static const struct app app = {
		"merchant", routes, sizeof(routes) / sizeof(routes[0]), SESS_MEMBER
	};

	return app_main(&app);
}
