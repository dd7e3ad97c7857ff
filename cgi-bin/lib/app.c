/* app: the FastCGI request cycle (see app.h). One request at a time per
 * process; everything per-request comes from an arena reset at the end.
 * With PINTUAN_WORKERS set the process is a pre-forking master whose
 * workers run that cycle (prefork.h). */
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <fcgiapp.h>
#include <sodium.h>
#include "amount.h"
#include "app.h"
#include "clock.h"
#include "conf.h"
#include "db.h"
#include "perm.h"
#include "prefork.h"
#include "sess.h"
#include "settings.h"
#include "tmpl.h"

#define BODY_CAP	(64 * 1024)
#define BODY_CAP_BIG	(8 * 1024 * 1024)
#define FLASH_COOKIE	"ptf"

static tmpl_set	*tmpls;
static int	 sess_ready;
static char	**cur_envp;

/* SIGTERM: a process inside FCGX_Accept_r exits at once. That includes
 * one that has accepted a connection and is still reading the request's
 * headers there: that request is dropped (the connection closes without
 * an answer). One serving a request (FCGX_Accept_r has returned) finishes
 * it (answer sent, transaction ended) and then exits. */
static volatile sig_atomic_t	 stop_asked, idle;

static void
on_term(int sig)
{
	(void)sig;
	stop_asked = 1;
	if (idle)
		_exit(0);
}

static const char *
status_text(int s)
{
	switch (s) {
	case 200: return "OK";
	case 201: return "Created";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	}
	return s >= 500 ? "Internal Server Error" : "OK";
}

const char *
req_env(const struct req *r, const char *name)
{
	(void)r;
	return FCGX_GetParam(name, cur_envp);
}

const char *
req_param(const struct req *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->np; i++)
		if (strcmp(r->pname[i], name) == 0)
			return r->pval[i];
	return NULL;
}

const char *
req_query(const struct req *r, const char *name)
{
	return kv_get(&r->q, name);
}

const char *
req_form(const struct req *r, const char *name)
{
	return kv_get(&r->form, name);
}

const char *
req_body(const struct req *r, size_t *len)
{
	*len = r->rawlen;
	return r->raw;
}

long long
req_id(const struct req *r, const char *name)
{
	const char	*s = req_param(r, name);
	long long	 n = 0;

	if (s == NULL || *s == '\0' || strlen(s) > 18)
		return 0;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return 0;
		n = n * 10 + (*s - '0');
	}
	return n;
}

const char *
req_base_url(const struct req *r)
{
	(void)r;
	/* Never the Host header: a client chooses it, and these links are
	 * shared and printed as QR codes. */
	return conf_get("base_url", "http://127.0.0.1:8080");
}

long long
req_page(const struct req *r)
{
	const char	*s = req_query(r, "page");
	long long	 n = 0;

	if (s == NULL || strlen(s) > 9)
		return 1;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return 1;
		n = n * 10 + (*s - '0');
	}
	return n < 1 ? 1 : n;
}

const char *
req_tab(struct req *r, const char *name, const char *const *choices,
    const char *dflt)
{
	const char	*s = req_query(r, name), *v = dflt;
	size_t		 i;

	for (i = 0; s != NULL && choices[i] != NULL; i++)
		if (strcmp(s, choices[i]) == 0) {
			v = choices[i];
			break;
		}
	view_bool(req_view(r), arena_printf(r->a, "show_%s", *v ? v : "all"),
	    1);
	return v;
}

struct json_object *
req_view(struct req *r)
{
	if (r->view == NULL)
		r->view = json_object_new_object();
	return r->view;
}

void
resp_header(struct req *r, const char *name, const char *value)
{
	buf_printf(&r->hdr, "%s: %s\r\n", name, value);
}

void
resp_cookie(struct req *r, const char *name, const char *value,
    const char *path, long max_age)
{
	buf_printf(&r->hdr, "Set-Cookie: %s=%s; Path=%s; HttpOnly; "
	    "SameSite=Lax%s", name, value, path, r->https ? "; Secure" : "");
	if (max_age >= 0)
		buf_printf(&r->hdr, "; Max-Age=%ld", max_age);
	buf_puts(&r->hdr, "\r\n");
}

int
resp_page(struct req *r, const char *tmpl)
{
	req_view(r);
	r->tmpl = tmpl;
	return 200;
}

int
local_path_ok(const char *s)
{
	const unsigned char *p;

	if (s == NULL || s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return 0;
	/* No control bytes (header injection; browsers drop tabs and
	 * newlines, so "/\t/evil" would become "//evil") and no backslash. */
	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return 0;
	return 1;
}

int
resp_redirect(struct req *r, const char *url)
{
	/* Only local paths: an open redirect would help phishing. */
	if (!local_path_ok(url))
		url = "/";
	resp_header(r, "Location", url);
	r->tmpl = NULL;
	return 303;
}

static void
set_flash(struct req *r, const char *msg)
{
	char enc[512];

	if (msg == NULL || strlen(msg) > 300)
		return;
	sodium_bin2base64(enc, sizeof(enc), (const unsigned char *)msg,
	    strlen(msg), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	resp_cookie(r, FLASH_COOKIE, enc, "/", 60);
}

int
resp_done(struct req *r, const char *next, const char *flash)
{
	if (r->want_json) {
		struct json_object *v = req_view(r);

		json_object_object_add(v, "ok", json_object_new_boolean(1));
		r->tmpl = NULL;
		return 200;
	}
	set_flash(r, flash);
	return resp_redirect(r, next);
}

static void echo_form(struct req *r);

int
resp_error(struct req *r, int status, const char *code, const char *field,
    const char *message)
{
	struct json_object *v, *e;

	e = json_object_new_object();
	view_str(e, "code", code);
	view_str(e, "field", field);
	view_str(e, "message", message);
	if (r->want_json) {
		/* A refusal carries only the error, not a half-built view. */
		if (r->view != NULL)
			json_object_put(r->view);
		r->view = v = json_object_new_object();
		json_object_object_add(v, "ok", json_object_new_boolean(0));
		json_object_object_add(v, "error", e);
		r->tmpl = NULL;
		return status;
	}
	v = req_view(r);
	json_object_object_add(v, "error", e);
	if (field != NULL)
		view_field_error(r, field, message);
	/* A form posted by a browser is shown again, whatever the refusal
	 * (an unknown recipient, a role that may not, a conflict): the
	 * message beside its field, what was typed kept; only a server
	 * failure or a page that is not a form gets the error page. */
	if (r->tmpl != NULL && strcmp(r->method, "POST") == 0 &&
	    status < 500 && status != 405) {
		echo_form(r);
		return status;
	}
	if (r->tmpl == NULL || status >= 500 || status == 404 ||
	    status == 403 || status == 405) {
		view_int(v, "status", status);
		r->tmpl = r->app->kind == SESS_ADMIN ? "admin/error" : "error";
	}
	return status;
}

void
view_field_error(struct req *r, const char *field, const char *msg)
{
	struct json_object *v = req_view(r), *errs;

	if (!json_object_object_get_ex(v, "errors", &errs)) {
		errs = json_object_new_object();
		json_object_object_add(v, "errors", errs);
	}
	if (!json_object_object_get_ex(errs, field, NULL))
		view_str(errs, field, msg);
}

int
resp_busy(struct req *r)
{
	return resp_error(r, 503, "busy", NULL, "系统繁忙，请稍后再试");
}

int
resp_raw(struct req *r, const char *ctype, const char *p, size_t n)
{
	buf_reset(&r->body);
	buf_add(&r->body, p, n);
	r->ctype = ctype;
	r->tmpl = NULL;
	return 200;
}

/* The submitted values go back into a form page shown again, except
 * secrets: passwords, codes and the CSRF token. */
static void
echo_form(struct req *r)
{
	struct json_object	*f = json_object_new_object();
	size_t			 i;

	for (i = 0; i < r->form.n; i++) {
		const char *k = r->form.v[i].key;

		if (strstr(k, "password") != NULL || strcmp(k, "_csrf") == 0 ||
		    strcmp(k, "sms_code") == 0)
			continue;
		view_str(f, k, r->form.v[i].val);
	}
	json_object_object_add(req_view(r), "form", f);
}

int
req_valid(struct req *r, const struct field *f, size_t n, struct fval *out)
{
	struct ferr err;

	struct fval	one;
	size_t		k;
	int		st;

	if (valid_form(r->a, &r->form, f, n, out, &err) == 0)
		return 0;
	st = resp_error(r, 400, err.code, err.field, err.message);
	/* A browser sees every mistake at once, each beside its field; a
	 * JSON client keeps the one error of its shape. */
	for (k = 0; !r->want_json && k < n; k++)
		if (valid_form(r->a, &r->form, &f[k], 1, &one, &err) != 0 &&
		    err.field != NULL)
			view_field_error(r, err.field, err.message);
	return st;
}

time_t
app_now(void)
{
	return clock_now();
}

/* --- routing ------------------------------------------------------------ */

size_t
route_match(arena *a, const char *pat, const char *path, const char **names,
    const char **vals, size_t max)
{
	size_t np = 0;

	if (*pat != '/' || *path != '/')
		return (size_t)-1;
	while (*pat != '\0' && *path != '\0') {
		if (*pat == ':') {
			const char *ns = ++pat, *vs = path;

			while (*pat != '\0' && *pat != '/')
				pat++;
			while (*path != '\0' && *path != '/')
				path++;
			if (path == vs || np == max)
				return (size_t)-1;
			names[np] = arena_strndup(a, ns, (size_t)(pat - ns));
			vals[np] = arena_strndup(a, vs, (size_t)(path - vs));
			np++;
			continue;
		}
		if (*pat != *path)
			return (size_t)-1;
		pat++;
		path++;
	}
	if (*pat != '\0' || *path != '\0')
		return (size_t)-1;
	return np;
}

static int
match(struct req *r, const char *pat, const char *path)
{
	size_t n = route_match(r->a, pat, path, r->pname, r->pval,
	    REQ_MAXPARAM);

	if (n == (size_t)-1)
		return 0;
	r->np = n;
	return 1;
}

/* 0 found; 404 no path; 405 path matched with another method. */
static int
route(struct req *r)
{
	const struct app	*app = r->app;
	size_t			 i;
	int			 path_seen = 0;
	buf			 allow;

	for (i = 0; i < app->nroutes; i++) {
		if (!match(r, app->routes[i].path, r->path))
			continue;
		if (strcmp(app->routes[i].method, r->method) == 0) {
			r->route = &app->routes[i];
			return 0;
		}
		path_seen = 1;
	}
	if (!path_seen)
		return 404;
	buf_init(&allow);
	for (i = 0; i < app->nroutes; i++)
		if (match(r, app->routes[i].path, r->path)) {
			if (allow.len)
				buf_puts(&allow, ", ");
			buf_puts(&allow, app->routes[i].method);
		}
	resp_header(r, "Allow", buf_str(&allow));
	buf_clear(&allow);
	r->np = 0;
	return 405;
}

/* --- input -------------------------------------------------------------- */

static int
read_body(struct req *r, FCGX_Stream *in, size_t cap)
{
	const char	*cl = req_env(r, "CONTENT_LENGTH");
	const char	*ct = req_env(r, "CONTENT_TYPE");
	long		 n;
	char		*p;

	if (cl == NULL || *cl == '\0')
		return 0;
	n = strtol(cl, NULL, 10);
	if (n < 0)
		return 400;
	if ((size_t)n > cap)
		return 413;
	if (n == 0)
		return 0;
	if ((p = arena_alloc(r->a, (size_t)n + 1)) == NULL)
		return 413;
	if (FCGX_GetStr(p, (int)n, in) != n)
		return 400;
	p[n] = '\0';
	r->raw = p;
	r->rawlen = (size_t)n;
	if (ct != NULL && strncasecmp(ct, "application/x-www-form-urlencoded",
	    33) == 0) {
		if (form_parse(r->a, p, (size_t)n, &r->form) != 0)
			return 400;
	} else if (ct != NULL && strncasecmp(ct, "application/json", 16) == 0) {
		if (form_parse_json(r->a, p, (size_t)n, &r->jbody, &r->form) != 0)
			return 400;
	}
	return 0;
}

static void
decorate(struct req *r)
{
	struct json_object	*v = req_view(r), *me;
	const char		*flash = kv_get(&r->cookies, FLASH_COOKIE);

	view_str(v, "csrf", r->csrf);
	if (r->member_id > 0) {
		char masked[16];

		me = json_object_new_object();
		view_int(me, "id", r->member_id);
		if (r->member_phone != NULL && strlen(r->member_phone) == 11) {
			snprintf(masked, sizeof(masked), "%.3s****%s",
			    r->member_phone, r->member_phone + 7);
			view_str(me, "phone", masked);
		}
		json_object_object_add(v, "me", me);
	}
	if (r->admin_id > 0) {
		me = json_object_new_object();
		view_int(me, "id", r->admin_id);
		view_str(me, "name", r->admin_name);
		view_str(me, "role", r->admin_role);
		view_str(me, "role_name", perm_role_name(r->admin_role));
		json_object_object_add(v, "admin", me);
	}
	if (flash != NULL && !r->want_json) {
		unsigned char	dec[400];
		size_t		n = 0;

		if (sodium_base642bin(dec, sizeof(dec) - 1, flash,
		    strlen(flash), NULL, &n, NULL,
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0) {
			dec[n] = '\0';
			view_str(v, "flash", (const char *)dec);
		}
		resp_cookie(r, FLASH_COOKIE, "", "/", 0);
	}
}

static void
write_response(struct req *r, FCGX_Stream *out, int status)
{
	const char	*ctype = r->ctype;
	buf		 head;

	if (r->tmpl != NULL && !r->want_json) {
		int rc;

		decorate(r);
		/* the currency names (B1, renamable) for {{cur.CHANGE}} … */
		if (!json_object_object_get_ex(r->view, "cur", NULL))
			json_object_object_add(r->view, "cur",
			    currency_names_json());
		buf_reset(&r->body);
		rc = tmpl_render(tmpls, r->tmpl, r->view, &r->body);
		if (rc != 0) {
			fprintf(stderr, "%s: template %s: %s\n", r->app->name,
			    r->tmpl, tmpl_strerror(rc));
			status = 500;
			buf_reset(&r->body);
			buf_puts(&r->body, "<!doctype html><meta charset=utf-8>"
			    "<p>页面出错了，请稍后再试。</p>");
		}
		ctype = "text/html; charset=utf-8";
	} else if (ctype == NULL && (r->view != NULL || r->want_json)) {
		if (r->want_json)
			decorate(r);
		buf_reset(&r->body);
		buf_puts(&r->body, json_object_to_json_string_ext(req_view(r),
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		ctype = "application/json; charset=utf-8";
	}
	if (ctype == NULL)
		ctype = "text/plain; charset=utf-8";
	/* libfcgi's own printf knows no %zu: the head is built with buf. */
	buf_init(&head);
	buf_printf(&head, "Status: %d %s\r\nContent-Type: %s\r\n"
	    "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "X-Frame-Options: DENY\r\n"
	    "Referrer-Policy: same-origin\r\n"
	    "Content-Security-Policy: default-src 'self'; img-src 'self' "
	    "data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
	    "frame-ancestors 'none'; form-action 'self'\r\n"
	    "Content-Length: %zu\r\n%s\r\n", status, status_text(status),
	    ctype, r->head ? (size_t)0 : r->body.len, buf_str(&r->hdr));
	FCGX_PutStr(head.p, (int)head.len, out);
	buf_clear(&head);
	if (!r->head && r->body.len > 0)
		FCGX_PutStr(r->body.p, (int)r->body.len, out);
}

char *
url_encode(arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char	*o, *p;

	if ((o = p = arena_alloc(a, strlen(s) * 3 + 1)) == NULL)
		return NULL;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
			*p++ = (char)c;
		else {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	*p = '\0';
	return o;
}

/* The local path of this site's page named by the Referer header (same
 * scheme-less host as the request or the base URL), or NULL. */
static const char *
referer_path(struct req *r)
{
	const char	*ref = req_env(r, "HTTP_REFERER"), *host, *p;
	size_t		 n;

	if (ref == NULL)
		return NULL;
	if (strncmp(ref, "https://", 8) == 0)
		p = ref + 8;
	else if (strncmp(ref, "http://", 7) == 0)
		p = ref + 7;
	else
		return NULL;
	n = strcspn(p, "/");
	host = req_env(r, "HTTP_HOST");
	if (host == NULL || strlen(host) != n || strncmp(p, host, n) != 0) {
		const char *base = req_base_url(r), *b;

		b = strstr(base, "://");
		b = b != NULL ? b + 3 : base;
		if (strlen(b) != n || strncmp(p, b, n) != 0)
			return NULL;
	}
	p += n;
	if (!local_path_ok(p) || strncmp(p, "/member/log", 11) == 0)
		return NULL;
	return p;
}

static int
login_redirect(struct req *r)
{
	const char *login = r->app->kind == SESS_ADMIN ? "/admin/login" :
	    "/member/login";

	if (r->want_json)
		return resp_error(r, 401, "login_required", NULL,
		    r->app->kind == SESS_ADMIN ? "请先登录管理后台" :
		    "请先登录或注册");
	if (strcmp(r->method, "GET") != 0) {
		/* A form posted by a visitor: back to the page it was on. */
		const char *from = referer_path(r);

		if (from == NULL)
			return resp_redirect(r, login);
		return resp_redirect(r, arena_printf(r->a, "%s?next=%s",
		    login, url_encode(r->a, from)));
	}
	return resp_redirect(r, arena_printf(r->a, "%s?next=%s", login,
	    url_encode(r->a, r->uri)));
}

static int
dispatch(struct req *r, FCGX_Stream *in)
{
	const char	*sfs;
	int		 st;

	if ((st = route(r)) != 0)
		return resp_error(r, st, st == 404 ? "not_found" :
		    "method_not_allowed", NULL, st == 404 ? "页面不存在" :
		    "不支持的请求方法");
	st = read_body(r, in, (r->route->flags & RF_BIGBODY) ? BODY_CAP_BIG :
	    BODY_CAP);
	if (st != 0)
		return resp_error(r, st, st == 413 ? "too_large" : "bad_body",
		    NULL, st == 413 ? "提交的内容过大" : "请求格式不正确");
	if (!sess_ready) {
		if (sess_init() != DB_OK)
			return resp_error(r, 503, "unavailable", NULL,
			    "系统维护中，请稍后再试");
		sess_ready = 1;
	}
	if (clock_apply() != 0 || settings_refresh() != 0)
		return resp_error(r, 503, "unavailable", NULL,
		    "系统繁忙，请稍后再试");
	db_request_start((int)setting_int("db.replica_max_lag"));
	/* Only public GET routes carry RF_NOSESS (routes_ok, at start-up)
	 * and route() matched the method (HEAD as GET): a POST or a
	 * member's or admin's page always has its session looked up. */
	if (r->route->flags & RF_NOSESS) {
		if (sess_peek(r))
			view_bool(req_view(r), "signed_in", 1);
	} else if (sess_load(r) != 0)
		return resp_error(r, 503, "unavailable", NULL,
		    "系统繁忙，请稍后再试");
	if (r->route->access == ACC_MEMBER && r->member_id == 0)
		return login_redirect(r);
	if (r->route->access == ACC_ADMIN) {
		if (r->admin_id == 0)
			return login_redirect(r);
		if (!perm_allows(r->admin_role, r->route->perm))
			return resp_error(r, 403, "forbidden", NULL,
			    "没有权限执行此操作");
	}
	if (strcmp(r->method, "POST") == 0 &&
	    !(r->route->flags & RF_NOCSRF)) {
		sfs = req_env(r, "HTTP_SEC_FETCH_SITE");
		if ((sfs != NULL && strcmp(sfs, "cross-site") == 0) ||
		    !sess_csrf_ok(r))
			return resp_error(r, 403, "csrf", NULL,
			    "页面已过期，请刷新后重试");
	}
	return r->route->h(r);
}

/* The route table's promises that dispatch relies on: RF_NOSESS only on
 * public GET routes (HEAD is served as GET). 1 when they hold; else 0,
 * naming the route on stderr. */
static int
routes_ok(const struct app *app)
{
	const struct route	*rt;
	size_t			 i;

	for (i = 0; i < app->nroutes; i++) {
		rt = &app->routes[i];
		if ((rt->flags & RF_NOSESS) && (rt->access != ACC_PUBLIC ||
		    strcmp(rt->method, "GET") != 0)) {
			fprintf(stderr, "%s: route %s %s: RF_NOSESS is only for "
			    "public GET routes\n", app->name, rt->method,
			    rt->path);
			return 0;
		}
	}
	return 1;
}

int
app_main(const struct app *app)
{
	FCGX_Request	 fr;
	struct req	 r;
	struct sigaction sa;
	arena		*a;
	const char	*tdir;
	struct timespec	 t0, t1;
	int		 workers;

	if (!routes_ok(app))
		return 1;
	if (conf_load(NULL) != 0)
		fprintf(stderr, "%s: no config file (PINTUAN_CONF)\n", app->name);
	if (crypto_init() != 0 || FCGX_Init() != 0)
		return 1;
	tdir = conf_get("templates", "templates");
	if ((tmpls = tmpl_set_new_dir(tdir)) == NULL)
		return 1;
	/* The set is empty until a page is rendered: each worker parses a
	 * template the first time it renders it and keeps it (tmpl.h), so
	 * every worker parses its own. No DB connection is open before the
	 * fork (each process connects on its first request). */
	if ((workers = prefork_workers()) < 0) {
		fprintf(stderr, "%s: PINTUAN_WORKERS must be 1 to %d\n",
		    app->name, PREFORK_MAX);
		tmpl_set_free(tmpls);
		return 1;
	}
	if (workers > 0 && !FCGX_IsCGI()) {
		int rc = prefork_run(app->name, workers);

		if (rc != 0) {
			if (rc < 0)
				perror("prefork");
			tmpl_set_free(tmpls);
			return rc < 0 ? 1 : 0;
		}
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if ((a = arena_new()) == NULL) {
		tmpl_set_free(tmpls);
		return 1;
	}
	FCGX_InitRequest(&fr, 0, 0);
	for (;;) {
		const char *m, *uri, *acc, *q;
		int st;

		idle = 1;
		if (stop_asked)
			break;
		st = FCGX_Accept_r(&fr);
		idle = 0;
		if (st < 0)
			break;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		cur_envp = fr.envp;
		memset(&r, 0, sizeof(r));
		r.a = a;
		r.app = app;
		buf_init(&r.hdr);
		buf_init(&r.body);
		m = req_env(&r, "REQUEST_METHOD");
		/* Copies: FCGX_Finish_r frees the environment before the
		 * access log line is written. */
		r.method = m == NULL ? "GET" : arena_strdup(a, m);
		if (strcmp(r.method, "HEAD") == 0) {
			r.method = "GET";
			r.head = 1;
		}
		uri = req_env(&r, "REQUEST_URI");
		r.uri = uri == NULL ? "/" : uri;
		r.path = arena_strdup(a, req_env(&r, "DOCUMENT_URI"));
		if (r.path == NULL) {
			q = strchr(r.uri, '?');
			r.path = q ? arena_strndup(a, r.uri, (size_t)(q - r.uri)) :
			    r.uri;
		}
		r.ip = req_env(&r, "REMOTE_ADDR");
		if (r.ip == NULL)
			r.ip = "";
		r.ua = req_env(&r, "HTTP_USER_AGENT");
		acc = req_env(&r, "HTTP_ACCEPT");
		r.want_json = acc != NULL && strstr(acc, "application/json");
		q = req_env(&r, "HTTPS");
		r.https = q != NULL && strcasecmp(q, "on") == 0;
		q = req_env(&r, "QUERY_STRING");
		if (q != NULL && form_parse(a, q, strlen(q), &r.q) != 0)
			memset(&r.q, 0, sizeof(r.q));
		q = req_env(&r, "HTTP_COOKIE");
		if (q != NULL)
			form_parse_cookies(a, q, &r.cookies);
		st = dispatch(&r, fr.in);
		write_response(&r, fr.out, st);
		FCGX_Finish_r(&fr);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		fprintf(stderr, "%s %s %s %d %.1fms\n", app->name, r.method,
		    r.path, st, (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
		if (r.view != NULL)
			json_object_put(r.view);
		if (r.jbody != NULL)
			json_object_put(r.jbody);
		buf_clear(&r.hdr);
		buf_clear(&r.body);
		arena_reset(a);
	}
	db_close();
	tmpl_set_free(tmpls);
	arena_free(a);
	return 0;
}
