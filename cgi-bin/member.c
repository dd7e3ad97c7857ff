/* member.fcgi: the home page (with today's hot items), registration,
 * login, password reset, the member's own pages (me, team, invite poster)
 * and the region picker.
 * Serves `/`, `/i/:id` and `/member/…`. */
#include <string.h>
#include "app.h"
#include "svc_rp.h"
#include "buf.h"
#include "conf.h"
#include "poster.h"
#include "qr.h"
#include "sess.h"
#include "settings.h"
#include "svc_economy.h"
#include "svc_groupbuy.h"
#include "svc_hot.h"
#include "svc_image.h"
#include "svc_member.h"
#include "svc_roles.h"
#include "svc_wallet.h"

#define TEAM_PER_PAGE 20

/* A local path to return to after login or registration (A1). */
static const char *
next_path(const struct req *r)
{
	const char *n = req_form(r, "next");

	if (n == NULL)
		n = req_query(r, "next");
	if (!local_path_ok(n) || strncmp(n, "/member/log", 11) == 0 ||
	    strncmp(n, "/member/register", 16) == 0)
		return "/member/me";
	return n;
}

static void
view_next(struct req *r)
{
	const char *n = next_path(r);

	if (strcmp(n, "/member/me") != 0) {
		view_str(req_view(r), "next", n);
		view_str(r->view, "next_q", url_encode(r->a, n));
	}
}

static int
h_home(struct req *r)
{
	struct json_object *v = req_view(r), *hot;

	view_str(v, "title", setting_str("site.name"));
	/* A few of today's hot items (C5), the rest on /shop/hot; the home
	 * page still opens without them. */
	if ((hot = hot_today(r->a, 4)) != NULL) {
		view_bool(v, "has_hot", json_object_array_length(hot) > 0);
		json_object_object_add(v, "hot", hot);
	}
	/* groups filling now, with their progress */
	if ((hot = gb_live(r->a, 4)) != NULL) {
		view_bool(v, "has_live", json_object_array_length(hot) > 0);
		json_object_object_add(v, "live", hot);
	}
	/* the poster of the next red-packet rain (E2), when there is one */
	if ((hot = rp_next(r->a)) != NULL)
		json_object_object_add(v, "rp_next", hot);
	return resp_page(r, "home");
}

/* --- registration (A2) --------------------------------------------------- */

static const struct field reg_fields[] = {
	{ .name = "phone", .label = "手机号", .type = V_PHONE, .required = 1 },
	{ .name = "sms_code", .label = "短信验证码", .type = V_CODE,
	  .required = 1, .min = 6, .max = 6 },
	{ .name = "password", .label = "密码", .type = V_STR, .required = 1,
	  .min = 8, .max = 64, .unit = "位", .flags = VF_RAW },
	{ .name = "province", .label = "省份", .type = V_REGION, .required = 1 },
	{ .name = "city", .label = "城市", .type = V_REGION, .required = 1 },
	{ .name = "district", .label = "区县", .type = V_REGION, .required = 1 },
	{ .name = "address", .label = "详细地址", .type = V_STR, .required = 1,
	  .min = 2, .max = 100 },
	{ .name = "wallet", .label = "钱包地址", .type = V_STR, .max = 128 },
	{ .name = "inviter", .label = "邀请人", .type = V_STR, .required = 1,
	  .min = 1, .max = 11, .msg_required = "请填写邀请人的会员ID或手机号" },
	{ .name = "agree", .label = "用户协议", .type = V_BOOL, .required = 1,
	  .msg_required = "请阅读并同意《用户协议》" },
};
#define NREG (sizeof(reg_fields) / sizeof(reg_fields[0]))

static void
register_view(struct req *r)
{
	struct json_object	*v = req_view(r), *inv;
	const char		*s = req_query(r, "inviter");
	long long		 id;

	json_object_object_add(v, "provinces", member_regions(r->a, ""));
	view_str(v, "title", "注册");
	view_next(r);
	if (s == NULL)
		s = req_form(r, "inviter");
	if (s != NULL && (id = member_lookup(r->a, s)) > 0) {
		inv = json_object_new_object();
		view_int(inv, "id", id);
		view_str(inv, "phone", mask_phone(r->a, member_phone(r->a,
		    id)));
		view_str(inv, "given", s);
		json_object_object_add(v, "inviter", inv);
	}
}

static int
h_register_page(struct req *r)
{
	if (r->member_id > 0)
		return resp_redirect(r, next_path(r));
	register_view(r);
	return resp_page(r, "member/register");
}

/* A browser's registration is told every mistake at once: besides the
 * fields' own checks, an inviter nobody has and a phone already
 * registered (what member_register would refuse one at a time) are
 * named beside their fields. Returns how many it found. */
static int
register_precheck(struct req *r, struct svc_err *first)
{
	const char	*inv = req_form(r, "inviter"), *ph = req_form(r, "phone");
	int		 n = 0;

	if (inv != NULL && *inv != '\0' && member_lookup(r->a, inv) == 0) {
		svc_fail(first, 400, "inviter_unknown", "inviter",
		    "邀请人不存在，请核对会员ID或手机号");
		view_field_error(r, first->field, first->message);
		n++;
	}
	if (ph != NULL && strlen(ph) == 11 && member_lookup(r->a, ph) > 0) {
		if (n == 0)
			svc_fail(first, 409, "phone_taken", "phone",
			    "该手机号已注册，请直接登录");
		view_field_error(r, "phone", "该手机号已注册，请直接登录");
		n++;
	}
	return n;
}

static int
h_register(struct req *r)
{
	struct fval		v[NREG];
	struct member_new	m;
	struct svc_err		e, pre;
	long long		id;
	int			st;

	register_view(r);
	r->tmpl = "member/register";
	st = req_valid(r, reg_fields, NREG, v);
	/* only the checks below failed: their first is the error */
	if (!r->want_json && register_precheck(r, &pre) != 0 && st == 0)
		return resp_error(r, 400, pre.code, pre.field, pre.message);
	if (st != 0)
		return st;
	memset(&m, 0, sizeof(m));
	m.phone = v[0].s;
	m.password = v[2].s;
	m.province = v[3].s;
	m.city = v[4].s;
	m.district = v[5].s;
	m.address = v[6].s;
	m.wallet = v[7].s;
	if (member_register(r->a, &m, v[8].s, v[1].s, &id, &e) != 0)
		return resp_svc(r, &e);
	if (sess_login(r, id) != 0)
		return resp_error(r, 503, "busy", NULL, "注册成功，请登录");
	r->member_id = id;
	r->member_phone = v[0].s;
	view_int(req_view(r), "member_id", id);
	return resp_done(r, next_path(r), "注册成功，欢迎加入！");
}

static const char *const sms_purposes[] = { "register", "login", "reset", NULL };

static const struct field sms_fields[] = {
	{ .name = "phone", .label = "手机号", .type = V_PHONE, .required = 1 },
	{ .name = "purpose", .label = "用途", .type = V_ENUM, .required = 1,
	  .choices = sms_purposes },
};

static int
h_sms(struct req *r)
{
	struct fval	v[2];
	struct svc_err	e;
	int		st;

	if ((st = req_valid(r, sms_fields, 2, v)) != 0)
		return st;
	if (member_send_sms(r->a, v[0].s, v[1].s, r->ip, &e) != 0)
		return resp_svc(r, &e);
	view_int(req_view(r), "interval",
	    setting_int("sms.phone_interval_sec"));
	return resp_done(r, arena_printf(r->a, "/member/%s?phone=%s",
	    strcmp(v[1].s, "reset") == 0 ? "reset" : strcmp(v[1].s, "login") == 0
	    ? "login" : "register", v[0].s), "验证码已发送");
}

/* --- login, logout, reset (A3) ------------------------------------------- */

static const struct field login_fields[] = {
	{ .name = "phone", .label = "手机号", .type = V_PHONE, .required = 1 },
	{ .name = "password", .label = "密码", .type = V_STR, .max = 64,
	  .flags = VF_RAW },
	{ .name = "sms_code", .label = "短信验证码", .type = V_CODE,
	  .min = 6, .max = 6 },
};

static int
h_login_page(struct req *r)
{
	if (r->member_id > 0)
		return resp_redirect(r, next_path(r));
	view_str(req_view(r), "title", "登录");
	view_bool(r->view, "by_sms", req_query(r, "by") != NULL &&
	    strcmp(req_query(r, "by"), "sms") == 0);
	view_str(r->view, "phone", req_query(r, "phone"));
	view_next(r);
	return resp_page(r, "member/login");
}

static int
h_login(struct req *r)
{
	struct fval	v[3];
	struct svc_err	e;
	long long	id;
	int		st, rc;

	view_str(req_view(r), "title", "登录");
	view_next(r);
	r->tmpl = "member/login";
	if ((st = req_valid(r, login_fields, 3, v)) != 0)
		return st;
	view_bool(r->view, "by_sms", v[2].present);
	if (v[2].present)
		rc = member_login_sms(r->a, v[0].s, v[2].s, &id, &e);
	else if (v[1].present)
		rc = member_login_password(r->a, v[0].s, v[1].s, r->ip, &id, &e);
	else
		return resp_error(r, 400, "required", "password", "请填写密码");
	if (rc != 0)
		return resp_svc(r, &e);
	if (sess_login(r, id) != 0)
		return resp_busy(r);
	r->member_id = id;
	r->member_phone = v[0].s;
	view_int(r->view, "member_id", id);
	return resp_done(r, next_path(r), "登录成功");
}

static int
h_logout(struct req *r)
{
	sess_logout(r);
	return resp_done(r, "/", "已退出登录");
}

static const struct field reset_fields[] = {
	{ .name = "phone", .label = "手机号", .type = V_PHONE, .required = 1 },
	{ .name = "sms_code", .label = "短信验证码", .type = V_CODE,
	  .required = 1, .min = 6, .max = 6 },
	{ .name = "password", .label = "新密码", .type = V_STR, .required = 1,
	  .min = 8, .max = 64, .unit = "位", .flags = VF_RAW },
};

static int
h_reset_page(struct req *r)
{
	view_str(req_view(r), "title", "找回密码");
	view_str(r->view, "phone", req_query(r, "phone"));
	return resp_page(r, "member/reset");
}

static int
h_reset(struct req *r)
{
	struct fval	v[3];
	struct svc_err	e;
	long long	id;
	int		st;

	view_str(req_view(r), "title", "找回密码");
	r->tmpl = "member/reset";
	if ((st = req_valid(r, reset_fields, 3, v)) != 0)
		return st;
	if (member_reset_password(r->a, v[0].s, v[1].s, v[2].s, &id, &e) != 0)
		return resp_svc(r, &e);
	/* Every other session of this member ends with the old password. */
	sess_drop_member(r, id);
	if (sess_login(r, id) != 0)
		return resp_done(r, "/member/login", "密码已重置，请登录");
	return resp_done(r, "/member/me", "密码已重置");
}

/* --- the member's own pages (A4) ----------------------------------------- */

static int
h_me(struct req *r)
{
	struct json_object *m = member_profile(r->a, r->member_id);

	if (m == NULL)
		return resp_busy(r);
	json_object_object_add(req_view(r), "member", m);
	if ((m = member_face(r->a, r->member_id)) != NULL)
		json_object_object_add(r->view, "face", m);
	if ((m = member_dashboard(r->a, r->member_id)) != NULL)
		json_object_object_add(r->view, "dash", m);
	/* the balance strip: the first three currencies */
	if ((m = wallet_balances(r->a, r->member_id)) != NULL) {
		struct json_object *list, *strip = json_object_new_array();
		size_t i;

		if (json_object_object_get_ex(m, "currencies", &list))
			for (i = 0; i < 3 && i < json_object_array_length(list);
			    i++)
				json_object_array_add(strip, json_object_get(
				    json_object_array_get_idx(list, i)));
		json_object_object_add(r->view, "strip", strip);
		json_object_put(m);
	}
	view_str(r->view, "title", "我的");
	view_str(r->view, "invite_url", arena_printf(r->a, "%s/i/%lld",
	    req_base_url(r), r->member_id));
	return resp_page(r, "member/me");
}

/* --- profile (A9): nickname, avatar, privacy ------------------------------- */

static void
profile_view(struct req *r)
{
	struct json_object *f = member_face(r->a, r->member_id);

	view_str(req_view(r), "title", "个人资料");
	if (f != NULL)
		json_object_object_add(r->view, "profile", f);
}

static int
h_profile_page(struct req *r)
{
	profile_view(r);
	return resp_page(r, "member/profile");
}

static const struct field profile_fields[] = {
	{ .name = "nickname", .label = "昵称", .type = V_STR, .max = 16 },
	{ .name = "private", .label = "隐私", .type = V_BOOL },
};
#define NPROFILE (sizeof(profile_fields) / sizeof(profile_fields[0]))

static int
h_profile(struct req *r)
{
	struct fval	v[NPROFILE];
	struct svc_err	e;
	int		st;

	profile_view(r);
	r->tmpl = "member/profile";
	if ((st = req_valid(r, profile_fields, NPROFILE, v)) != 0)
		return st;
	if (member_face_save(r->a, r->member_id, v[0].s, v[1].i, &e) != 0)
		return resp_svc(r, &e);
	json_object_put(r->view);
	r->view = member_face(r->a, r->member_id);
	return resp_done(r, "/member/profile", "资料已保存");
}

/* POST /member/profile/avatar: the body is the image itself (upload.js,
 * as product images), checked by content and size. */
static int
h_avatar(struct req *r)
{
	struct svc_err	 e;
	const char	*p, *url;
	size_t		 n;

	p = req_body(r, &n);
	if (image_avatar_set(r->a, r->member_id, p, n, &url, &e) != 0)
		return resp_svc(r, &e);
	view_str(req_view(r), "avatar", url);
	return resp_done(r, "/member/profile", "头像已更新");
}

static int
h_team(struct req *r)
{
	struct json_object	*v = req_view(r), *list, *counts = NULL;
	const char		*g = req_query(r, "gen");
	int			 gen = g != NULL && strcmp(g, "2") == 0 ? 2 : 1;
	long long		 page = req_page(r), total;

	list = member_team_page(r->a, r->member_id, gen, page, TEAM_PER_PAGE,
	    &total, &counts);
	if (list == NULL)
		return resp_busy(r);
	json_object_object_add(v, "members", list);
	json_object_object_add(v, "counts", counts);
	view_int(v, "gen", gen);
	view_bool(v, "gen1", gen == 1);
	view_bool(v, "gen2", gen == 2);
	view_str(v, "title", "我的团队");
	view_pager(r, v, total, page, TEAM_PER_PAGE);
	return resp_page(r, "member/team");
}

static int
h_invite(struct req *r)
{
	struct json_object *v = req_view(r), *m;

	m = member_profile(r->a, r->member_id);
	if (m == NULL)
		return resp_busy(r);
	json_object_object_add(v, "member", m);
	view_str(v, "title", "邀请好友");
	view_str(v, "invite_url", arena_printf(r->a, "%s/i/%lld",
	    req_base_url(r),
	    r->member_id));
	view_str(v, "site_name", setting_str("site.name"));
	return resp_page(r, "member/invite");
}

static int
h_invite_qr(struct req *r)
{
	buf	svg;
	int	st;

	buf_init(&svg);
	if (qr_svg(arena_printf(r->a, "%s/i/%lld", req_base_url(r), r->member_id),
	    &svg) != 0) {
		buf_clear(&svg);
		return resp_error(r, 500, "qr", NULL, "二维码生成失败");
	}
	st = resp_raw(r, "image/svg+xml", svg.p, svg.len);
	buf_clear(&svg);
	return st;
}

/* GET /member/invite/poster.png: the invite poster — the member's
 * nickname and avatar, the site's name and the QR code of the invite
 * link. */
static int
h_invite_poster(struct req *r)
{
	struct json_object	*f = member_face(r->a, r->member_id), *me, *x;
	struct poster		 p;
	void			*png;
	int			 len, st;

	if (f == NULL)
		return resp_busy(r);
	memset(&p, 0, sizeof(p));
	json_object_object_get_ex(f, "me", &me);
	json_object_object_get_ex(me, "name", &x);
	p.who = arena_strdup(r->a, json_object_get_string(x));
	json_object_object_get_ex(me, "initial", &x);
	p.initial = arena_strdup(r->a, json_object_get_string(x));
	json_object_object_get_ex(me, "hue", &x);
	p.hue = json_object_get_int(x);
	if (json_object_object_get_ex(me, "avatar", &x) &&
	    strncmp(json_object_get_string(x), "/uploads/", 9) == 0)
		p.avatar = arena_strdup(r->a, json_object_get_string(x) + 9);
	json_object_put(f);
	p.title = setting_str("site.name");
	p.line = "注册即成为我的好友";
	p.url = arena_printf(r->a, "%s/i/%lld", req_base_url(r), r->member_id);
	p.hint = "扫码注册，邀请人已填好";
	if (poster_png(&p, &png, &len) != 0)
		return resp_error(r, 500, "poster", NULL, "海报生成失败");
	st = resp_raw(r, "image/png", png, (size_t)len);
	poster_free(png);
	return st;
}

/* /i/10001: the short invite link printed on posters. */
static int
h_short_invite(struct req *r)
{
	long long id = req_id(r, "id");

	if (id == 0)
		return resp_redirect(r, "/member/register");
	return resp_redirect(r, arena_printf(r->a, "/member/register?inviter=%lld",
	    id));
}

static int
h_regions(struct req *r)
{
	const char		*p = req_query(r, "parent");
	struct json_object	*list;
	size_t			 i;

	if (p != NULL && *p != '\0') {
		for (i = 0; p[i]; i++)
			if (p[i] < '0' || p[i] > '9')
				break;
		if (i != 6 || p[i] != '\0')
			return resp_error(r, 400, "invalid", "parent",
			    "地区代码应为 6 位数字");
	}
	if ((list = member_regions(r->a, p)) == NULL)
		return resp_busy(r);
	json_object_object_add(req_view(r), "regions", list);
	r->want_json = 1;
	r->tmpl = NULL;
	return 200;
}

static int
h_agreement(struct req *r)
{
	view_str(req_view(r), "title", "用户协议");
	view_str(r->view, "site_name", setting_str("site.name"));
	return resp_page(r, "member/agreement");
}

static int
h_messages(struct req *r)
{
	struct json_object	*v = req_view(r), *list;
	long long		 page = req_page(r), total, unread;

	list = member_messages(r->a, r->member_id, page, TEAM_PER_PAGE, &total,
	    &unread);
	if (list == NULL)
		return resp_busy(r);
	json_object_object_add(v, "messages", list);
	view_int(v, "unread", unread);
	view_str(v, "title", "消息");
	view_pager(r, v, total, page, TEAM_PER_PAGE);
	return resp_page(r, "member/messages");
}

/* --- dividends (D8) -------------------------------------------------------- */

static int
dividend_page(struct req *r)
{
	struct json_object *d = eco_member_view(r->a, r->member_id);

	if (d == NULL)
		return resp_busy(r);
	json_object_object_add(req_view(r), "dividend", d);
	view_str(r->view, "title", "分红");
	r->tmpl = "member/dividend";
	return 200;
}

static int
h_dividend(struct req *r)
{
	int st = dividend_page(r);

	return st == 200 ? resp_page(r, r->tmpl) : st;
}

static const char *const directions[] = { "in", "out", NULL };

static const struct field move_fields[] = {
	{ .name = "direction", .label = "方向", .type = V_ENUM, .required = 1,
	  .choices = directions },
	{ .name = "amount", .label = "分红积分", .type = V_AMOUNT, .required = 1,
	  .min = 1 },
};

static int
h_dividend_move(struct req *r)
{
	struct fval	v[2];
	struct svc_err	e;
	int		st, in;

	if ((st = dividend_page(r)) != 200 ||
	    (st = req_valid(r, move_fields, 2, v)) != 0)
		return st;
	in = strcmp(v[0].s, "in") == 0;
	if (eco_divpool_move(r->a, r->member_id, in, v[1].amount, &e) != 0)
		return resp_svc(r, &e);
	json_object_put(r->view);
	r->view = NULL;
	return resp_done(r, "/member/dividend", in ? "已移入月度分红池" :
	    "已移出月度分红池");
}

/* --- roles (A5) ------------------------------------------------------------ */

static int
h_roles(struct req *r)
{
	struct json_object	*v = req_view(r), *m, *apps, *roles;
	size_t			 i;

	if ((m = member_profile(r->a, r->member_id)) == NULL ||
	    (apps = role_member_apps(r->a, r->member_id)) == NULL) {
		json_object_put(m);
		return resp_busy(r);
	}
	if (json_object_object_get_ex(m, "roles", &roles))
		for (i = 0; i < json_object_array_length(roles); i++) {
			struct json_object *x, *o = json_object_array_get_idx(roles, i);

			if (json_object_object_get_ex(o, "role", &x))
				view_bool(v, arena_printf(r->a, "is_%s",
				    json_object_get_string(x)), 1);
		}
	json_object_object_add(v, "member", m);
	json_object_object_add(v, "applications", apps);
	view_str(v, "title", "角色申请");
	if (r->tmpl == NULL)
		r->tmpl = "member/roles";
	return 200;
}

static const char *const apply_roles[] = {
	"leader", "owner", "branch", "region", NULL
};

static const struct field apply_fields[] = {
	{ .name = "role", .label = "申请角色", .type = V_ENUM, .required = 1,
	  .choices = apply_roles },
	{ .name = "note", .label = "申请说明", .type = V_STR, .max = 200 },
};

static int
h_role_apply(struct req *r)
{
	struct fval	v[2];
	struct svc_err	e;
	long long	id;
	int		st;

	r->tmpl = "member/roles";
	h_roles(r);
	if ((st = req_valid(r, apply_fields, 2, v)) != 0)
		return st;
	if (role_apply(r->a, r->member_id, v[0].s, v[1].s, &id, &e) != 0)
		return resp_svc(r, &e);
	view_int(r->view, "application_id", id);
	return resp_done(r, "/member/roles", "申请已提交，请等待审核");
}

static const struct field recommend_fields[] = {
	{ .name = "member", .label = "被推荐会员", .type = V_STR, .required = 1,
	  .max = 11, .msg_required = "请填写被推荐会员的ID或手机号" },
	{ .name = "note", .label = "推荐说明", .type = V_STR, .max = 200 },
};

static int
h_role_recommend(struct req *r)
{
	struct fval	v[2];
	struct svc_err	e;
	long long	id;
	int		st;

	r->tmpl = "member/roles";
	h_roles(r);
	if ((st = req_valid(r, recommend_fields, 2, v)) != 0)
		return st;
	if (role_recommend(r->a, r->member_id, v[0].s, v[1].s, &id, &e) != 0)
		return resp_svc(r, &e);
	view_int(r->view, "application_id", id);
	return resp_done(r, "/member/roles", "推荐已提交，请等待审核");
}

static const struct route routes[] = {
	{ "GET",  "/",				h_home,		ACC_PUBLIC, NULL, 0 },
	{ "GET",  "/i/:id",			h_short_invite,	ACC_PUBLIC, NULL, 0 },
	{ "GET",  "/member/register",		h_register_page, ACC_PUBLIC, NULL, 0 },
	{ "POST", "/member/register",		h_register,	ACC_PUBLIC, NULL, 0 },
	{ "POST", "/member/sms",		h_sms,		ACC_PUBLIC, NULL, 0 },
	{ "GET",  "/member/login",		h_login_page,	ACC_PUBLIC, NULL, 0 },
	{ "POST", "/member/login",		h_login,	ACC_PUBLIC, NULL, 0 },
	{ "POST", "/member/logout",		h_logout,	ACC_PUBLIC, NULL, 0 },
	{ "GET",  "/member/reset",		h_reset_page,	ACC_PUBLIC, NULL, 0 },
	{ "POST", "/member/reset",		h_reset,	ACC_PUBLIC, NULL, 0 },
	{ "GET",  "/member/regions",		h_regions,	ACC_PUBLIC, NULL, 0 },
	{ "GET",  "/member/agreement",		h_agreement,	ACC_PUBLIC, NULL, 0 },
	{ "GET",  "/member/me",			h_me,		ACC_MEMBER, NULL, 0 },
	{ "GET",  "/member/profile",		h_profile_page,	ACC_MEMBER, NULL, 0 },
	{ "POST", "/member/profile",		h_profile,	ACC_MEMBER, NULL, 0 },
	{ "POST", "/member/profile/avatar",	h_avatar,	ACC_MEMBER, NULL, RF_BIGBODY },
	{ "GET",  "/member/team",		h_team,		ACC_MEMBER, NULL, 0 },
	{ "GET",  "/member/invite",		h_invite,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/member/invite/qr.svg",	h_invite_qr,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/member/invite/poster.png",	h_invite_poster, ACC_MEMBER, NULL, 0 },
	{ "GET",  "/member/roles",		h_roles,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/member/messages",		h_messages,	ACC_MEMBER, NULL, 0 },
	{ "GET",  "/member/dividend",		h_dividend,	ACC_MEMBER, NULL, 0 },
	{ "POST", "/member/dividend/move",	h_dividend_move, ACC_MEMBER, NULL, 0 },
	{ "POST", "/member/roles/apply",	h_role_apply,	ACC_MEMBER, NULL, 0 },
	{ "POST", "/member/roles/recommend",	h_role_recommend, ACC_MEMBER, NULL, 0 },
};

int
main(void)
{
	static const struct app app = {
		"member", routes, sizeof(routes) / sizeof(routes[0]), SESS_MEMBER
	};

	return app_main(&app);
}
