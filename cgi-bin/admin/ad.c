/* admin/ad.c: ad rewards in the back office (H1): the ads (an uploaded
 * image or a listed product; duration, landing page, daily views,
 * schedule), pause and resume, the daily views / completions / rewards
 * chart and the outstanding obligation. Every change is audited by the
 * service. */
#include <string.h>
#include "app.h"
#include "conf.h"
#include "perm.h"
#include "svc_ad.h"
#include "svc_image.h"
#include "settings.h"
#include "upload.h"

#include "admin.h"

#define CHART_DAYS 14

/* The page's view; also what a refused form shows again. 0 or -1. */
static int
ads_view(struct req *r)
{
	struct json_object *o = ad_admin_view(r->a, CHART_DAYS);

	if (o == NULL)
		return -1;
	json_object_object_add(req_view(r), "ad", o);
	view_int(r->view, "duration_default", setting_int("ad.duration_sec"));
	view_bool(r->view, "can_edit", perm_allows(r->admin_role,
	    "activities.edit"));
	view_str(r->view, "title", "广告奖励");
	admin_nav(r, "ads");
	r->tmpl = "admin/ads";
	return 0;
}

int
h_ads(struct req *r)
{
	if (ads_view(r) != 0)
		return resp_busy(r);
	return resp_page(r, "admin/ads");
}

static const struct field ad_fields[] = {
	{ .name = "kind", .label = "广告类型", .type = V_STR, .required = 1,
	  .max = 16 },
	{ .name = "title", .label = "广告标题", .type = V_STR, .required = 1,
	  .max = 60, .msg_required = "请填写广告标题" },
	{ .name = "media", .label = "广告图片", .type = V_STR, .max = 255 },
	{ .name = "product", .label = "商品编号", .type = V_INT, .min = 1,
	  .max = 1000000000000LL },
	{ .name = "link", .label = "落地页", .type = V_STR, .max = 200 },
	{ .name = "duration", .label = "时长（秒）", .type = V_INT,
	  .required = 1, .min = 3, .max = 600 },
	{ .name = "daily_views", .label = "每日播放次数", .type = V_INT,
	  .min = 0, .max = 100000000 },
	{ .name = "starts", .label = "开始时间", .type = V_STR, .max = 20 },
	{ .name = "ends", .label = "结束时间", .type = V_STR, .max = 20 },
	{ .name = "poster", .label = "视频封面", .type = V_STR, .max = 255 },
};
#define NAD (sizeof(ad_fields) / sizeof(ad_fields[0]))

int
h_ad_create(struct req *r)
{
	struct fval	 v[NAD];
	struct ad_new	 n;
	struct svc_err	 e;
	long long	 id;
	int		 st;

	if (!r->want_json && ads_view(r) != 0)
		return resp_busy(r);
	if ((st = req_valid(r, ad_fields, NAD, v)) != 0)
		return st;
	memset(&n, 0, sizeof(n));
	n.kind = v[0].s;
	n.title = v[1].s;
	n.media = v[2].present ? v[2].s : NULL;
	n.product = v[3].present ? v[3].i : 0;
	n.link = v[4].present ? v[4].s : NULL;
	n.duration = (int)v[5].i;
	n.daily_views = v[6].present ? (int)v[6].i : 0;
	n.starts = v[7].present ? v[7].s : NULL;
	n.ends = v[8].present ? v[8].s : NULL;
	n.poster = v[9].present ? v[9].s : NULL;
	if (ad_create(r->a, &n, r->admin_id, r->ip, &id, &e) != 0)
		return resp_svc(r, &e);
	view_int(req_view(r), "id", id);
	return resp_done(r, "/admin/ads", "广告已创建");
}

/* The image or video of an ad, uploaded as the request body (as
 * merchants upload product images): the type by content with libmagic
 * (JPEG, PNG, WebP; MP4, WebM), the size by upload.max_bytes or
 * upload.video_max_bytes; stored by its hash under uploads and served by
 * nginx. The answer is its URL and kind for the create form.
 * ?for=poster: a video's poster frame, PNG only (the same checks as any
 * image otherwise). */
int
h_ad_upload(struct req *r)
{
	const char	*p, *mime, *ext, *dir;
	char		 name[UPLOAD_NAME_MAX];
	size_t		 n;
	int		 video, poster;

	poster = (p = req_query(r, "for")) != NULL && strcmp(p, "poster") == 0;
	p = req_body(r, &n);
	if (p == NULL || n == 0)
		return resp_error(r, 400, "empty", "media", "请选择要上传的图片或视频");
	if ((mime = upload_sniff(p, n)) == NULL)
		return resp_error(r, 500, "internal", NULL, "文件检查失败");
	if (poster && strcmp(mime, "image/png") != 0)
		return resp_error(r, 415, "bad_type", "poster",
		    "视频封面只能上传 PNG 图片");
	video = upload_video_ext(mime) != NULL;
	if ((ext = video ? upload_video_ext(mime) : upload_image_ext(mime)) ==
	    NULL)
		return resp_error(r, 415, "bad_type", "media",
		    "只能上传 JPG、PNG、WebP 图片或 MP4、WebM 视频");
	if ((long long)n > setting_int(video ? "upload.video_max_bytes" :
	    "upload.max_bytes"))
		return resp_error(r, 413, "too_large", "media", video ?
		    "视频太大，请压缩或剪短后再上传" : "图片太大，请压缩后再上传");
	upload_name(p, n, ext, name);
	dir = arena_printf(r->a, "%s/uploads", conf_get("var", "var"));
	if (upload_store(dir, name, p, n) < 0)
		return resp_error(r, 500, "store", NULL, "文件保存失败，请稍后再试");
	r->want_json = 1;
	view_str(req_view(r), "url", image_url(r->a, name));
	view_str(r->view, "kind", video ? "video" : "image");
	return resp_done(r, "/admin/ads", NULL);
}

static int
set_active(struct req *r, int active)
{
	struct svc_err e;

	if (ad_set_active(r->a, req_id(r, "id"), active, r->admin_id, r->ip,
	    &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, "/admin/ads", active ? "广告已恢复" : "广告已暂停");
}

int
h_ad_pause(struct req *r)
{
	return set_active(r, 0);
}

int
h_ad_resume(struct req *r)
{
	return set_active(r, 1);
}

int
h_ad_budget(struct req *r)
{
	struct fval	v[3];
	struct svc_err	e;
	int		st;

	if (!r->want_json && ads_view(r) != 0)
		return resp_busy(r);
	if ((st = req_valid(r, ad_fields + 6, 3, v)) != 0)
		return st;
	if (ad_set_budget(r->a, req_id(r, "id"), v[0].present ? (int)v[0].i : 0,
	    v[1].present ? v[1].s : NULL, v[2].present ? v[2].s : NULL,
	    r->admin_id, r->ip, &e) != 0)
		return resp_svc(r, &e);
	return resp_done(r, "/admin/ads", "排期与预算已保存");
}
