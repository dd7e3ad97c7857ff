/* app: the FastCGI request cycle every program shares (DESIGN.md §4):
 * parse → route → session → csrf → handler → respond → finish.
 * A program is a route table and handlers; it calls app_main() from main. */
#ifndef PT_APP_H
#define PT_APP_H
#include <stdint.h>
#include <time.h>
#include <json-c/json.h>
#include "arena.h"
#include "buf.h"
#include "crypto.h"
#include "form.h"
#include "valid.h"
#include "view.h"

enum access {
	ACC_PUBLIC = 0,		/* anyone, visitors included */
	ACC_MEMBER = 1,		/* a logged-in member */
	ACC_ADMIN = 2		/* a logged-in admin holding route.perm */
};

enum route_flag {
	RF_NOCSRF = 1 << 0,	/* signed callbacks from payment providers */
	RF_BIGBODY = 1 << 1,	/* uploads: body cap 8 MiB instead of 64 KiB */
	RF_NOSESS = 1 << 2	/* a public GET page that is the same for
				 * everyone: the session row is not looked up
				 * (member_id stays 0; the view's signed_in
				 * only says a login cookie was presented);
				 * app_main refuses to start when a route
				 * that is not a public GET carries it */
};

struct req;
/* A handler returns the HTTP status it produced (200, 303, 400 …). */
typedef int (*handler_fn)(struct req *r);

struct route {
	const char	*method;	/* "GET" (also serves HEAD) or "POST" */
	const char	*path;		/* "/gb/group/:id"; ":name" matches one segment */
	handler_fn	 h;
	enum access	 access;
	const char	*perm;		/* ACC_ADMIN: permission name, see perm.h */
	unsigned	 flags;
};

enum sess_kind { SESS_MEMBER, SESS_ADMIN };

struct app {
	const char		*name;		/* "member", "admin", … */
	const struct route	*routes;
	size_t			 nroutes;
	enum sess_kind		 kind;
};

#define REQ_MAXPARAM 8

struct req {
	arena			*a;
	const struct app	*app;
	const struct route	*route;
	/* input */
	const char	*method;	/* HEAD is reported as GET */
	const char	*path;		/* decoded path without the query */
	const char	*uri;		/* path?query as requested (for ?next=) */
	const char	*ip, *ua;
	kvlist		 q, form, cookies;
	struct json_object *jbody;	/* JSON request body, or NULL */
	const char	*raw;		/* the body as received (NUL-terminated), or NULL */
	size_t		 rawlen;
	const char	*pname[REQ_MAXPARAM], *pval[REQ_MAXPARAM];
	size_t		 np;
	int		 want_json;	/* Accept: application/json */
	int		 https;
	int		 head;
	/* session (filled by sess_load) */
	char		 token[TOKEN_LEN + 2];	/* cookie value */
	char		 csrf[TOKEN_LEN + 1];
	long long	 member_id;		/* 0: visitor */
	const char	*member_phone;
	long long	 admin_id;		/* 0: no admin */
	const char	*admin_name, *admin_role;
	/* response */
	int		 status;
	buf		 hdr;		/* extra header lines, CRLF-terminated */
	buf		 body;
	struct json_object *view;	/* the view model; owned by req */
	const char	*tmpl;		/* template to render the view with */
	const char	*ctype;		/* overrides the content type */
};

/* Runs the FastCGI accept loop until the process is told to stop.
 * Returns the process exit status. */
int	app_main(const struct app *app);

/* Matches a route pattern ("/gb/group/:id") against a path. Returns the
 * number of path parameters filled into names/vals (copied into a), or
 * (size_t)-1 when it does not match. A parameter matches one non-empty
 * segment; more than max parameters do not match. */
size_t	route_match(arena *a, const char *pat, const char *path,
	    const char **names, const char **vals, size_t max);

/* Input accessors; strings live in the request arena. NULL when absent. */
const char *req_param(const struct req *r, const char *name);
const char *req_query(const struct req *r, const char *name);
const char *req_form(const struct req *r, const char *name);
/* Path parameter as a positive integer id; 0 when absent or malformed. */
long long   req_id(const struct req *r, const char *name);
/* The request body as received, whatever its type (an uploaded file):
 * its length in *len (0 when there is none). The bytes live in the request
 * arena; NULL when there is no body. */
const char *req_body(const struct req *r, size_t *len);
/* Header by CGI name ("HTTP_USER_AGENT"), NULL when absent. */
const char *req_env(const struct req *r, const char *name);

/* Validates the form against the field table into out. Returns 0, or the
 * 400 response already prepared (see resp_error) to return from the handler. */
int	req_valid(struct req *r, const struct field *f, size_t n,
	    struct fval *out);

/* The view of this request (created on first use). */
struct json_object *req_view(struct req *r);
/* Renders tmpl with the view; returns 200. */
int	resp_page(struct req *r, const char *tmpl);
/* 1 when s is a safe local path to redirect to: starts with one "/", no
 * control bytes, no backslash. */
int	local_path_ok(const char *s);
/* 303 See Other to url (a local path; anything else goes to "/"). */
int	resp_redirect(struct req *r, const char *url);
/* Success of a POST: a JSON client gets {"ok":true} merged with the view;
 * a browser is redirected to next with an optional flash message. */
int	resp_done(struct req *r, const char *next, const char *flash);
/* A refused request. JSON: {"ok":false,"error":{code,field,message}}.
 * HTML: when r->tmpl is set (a form page) it is rendered again with the
 * submitted values and the message; otherwise the error page. */
int	resp_error(struct req *r, int status, const char *code,
	    const char *field, const char *message);
/* A form shown again: msg beside field (the view's errors.<field>, what
 * the templates print under the field); a field's first message stays. */
void	view_field_error(struct req *r, const char *field, const char *msg);
/* Adds a header line (copied). */
void	resp_header(struct req *r, const char *name, const char *value);
/* Sets a cookie; max_age < 0 means a session cookie, 0 deletes. */
void	resp_cookie(struct req *r, const char *name, const char *value,
	    const char *path, long max_age);
/* 503 busy, "系统繁忙，请稍后再试": what a handler answers when a read
 * it needs failed (the database is away or overloaded). */
int	resp_busy(struct req *r);
/* Raw body with a content type (images, CSV, SVG). Returns 200. */
int	resp_raw(struct req *r, const char *ctype, const char *p, size_t n);

/* "scheme://host" of the site for absolute links (invites, shares, QR
 * codes): the config's base_url, whatever Host the request names. */
const char *req_base_url(const struct req *r);
/* ?page=N as an integer >= 1. */
long long req_page(const struct req *r);
/* The query parameter name when it is one of choices (NULL-terminated),
 * else dflt ("" for "all"); sets view flag show_<value> (show_all for "")
 * for the list's tabs. */
const char *req_tab(struct req *r, const char *name,
	    const char *const *choices, const char *dflt);

/* Percent-encodes s (RFC 3986 unreserved kept) into the arena. */
char	*url_encode(arena *a, const char *s);

/* The current time: real time, or in test mode the test clock (issue 6). */
time_t	app_now(void);

#endif
