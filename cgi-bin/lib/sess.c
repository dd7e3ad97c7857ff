/* sess: cookie sessions and CSRF tokens (see sess.h). */
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include "app.h"
#include "db.h"
#include "sess.h"

#define MEMBER_COOKIE	"pt"
#define ADMIN_COOKIE	"pta"
#define MEMBER_TTL	(30L * 86400)
#define ADMIN_TTL	(12L * 3600)
#define ANON_TTL	(365L * 86400)

static const char SQL_SECRET[] =
    "SELECT value FROM app_secrets WHERE name = 'session'";
static const char SQL_MEMBER[] =
    "SELECT m.id, m.phone FROM sessions s JOIN members m ON m.id = s.user_id "
    "WHERE s.token_hash = ? AND s.kind = 'member' AND s.expires_at > NOW() "
    "AND m.status = 'active'";
static const char SQL_ADMIN[] =
    "SELECT a.id, a.username, a.role FROM sessions s "
    "JOIN admins a ON a.id = s.user_id "
    "WHERE s.token_hash = ? AND s.kind = 'admin' AND s.expires_at > NOW() "
    "AND a.status = 'active'";
static const char SQL_INSERT[] =
    "INSERT INTO sessions (token_hash, kind, user_id, ip, created_at, "
    "expires_at) VALUES (?, ?, ?, ?, NOW(), NOW() + INTERVAL ? SECOND)";
static const char SQL_DELETE[] =
    "DELETE FROM sessions WHERE token_hash = ?";
static const char SQL_DROP_MEMBER[] =
    "DELETE FROM sessions WHERE kind = 'member' AND user_id = ?";
static const char SQL_DROP_ADMIN[] =
    "DELETE FROM sessions WHERE kind = 'admin' AND user_id = ?";

static unsigned char secret[32];
static int have_secret;

int
sess_init(void)
{
	arena	*a = arena_new();
	db_res	 res;
	int	 rc;

	if (a == NULL)
		return DB_ENOMEM;
	rc = db_q(a, &res, SQL_SECRET, DB_NOARGS);
	if (rc == DB_OK && (res.nrows != 1 || res.lens[0] < 32)) {
		fprintf(stderr, "sess: app_secrets has no session secret\n");
		rc = DB_ENOTFOUND;
	}
	if (rc == DB_OK) {
		memcpy(secret, db_str(&res, 0, 0), 32);
		have_secret = 1;
	}
	arena_free(a);
	return rc;
}

void
sess_mac(const void *msg, size_t n, unsigned char out[32])
{
	hmac_sha256(secret, sizeof(secret), msg, n, out);
}

static const char *
cookie_name(const struct req *r)
{
	return r->app->kind == SESS_ADMIN ? ADMIN_COOKIE : MEMBER_COOKIE;
}

static const char *
cookie_path(const struct req *r)
{
	return r->app->kind == SESS_ADMIN ? "/admin" : "/";
}

/* The CSRF token of a cookie token: HMAC(secret, token), base64url. */
static void
csrf_of(const char *token, char csrf[TOKEN_LEN + 1])
{
	unsigned char mac[32];

	sess_mac(token, strlen(token), mac);
	sodium_bin2base64(csrf, TOKEN_LEN + 1, mac, sizeof(mac),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void
derive_csrf(struct req *r)
{
	csrf_of(r->token, r->csrf);
}

static void
new_token(struct req *r, char prefix, long ttl)
{
	r->token[0] = prefix;
	rand_token(r->token + 1);
	derive_csrf(r);
	resp_cookie(r, cookie_name(r), r->token, cookie_path(r), ttl);
}

int
sess_token_valid(const char *t)
{
	size_t i;

	if (t == NULL || strlen(t) != TOKEN_LEN + 1 ||
	    (t[0] != 'a' && t[0] != 's'))
		return 0;
	for (i = 1; t[i] != '\0'; i++)
		if (!(t[i] >= 'a' && t[i] <= 'z') && !(t[i] >= 'A' &&
		    t[i] <= 'Z') && !(t[i] >= '0' && t[i] <= '9') &&
		    t[i] != '-' && t[i] != '_')
			return 0;
	return 1;
}

int
sess_peek(struct req *r)
{
	const char	*t = kv_get(&r->cookies, cookie_name(r));

	if (!sess_token_valid(t)) {
		new_token(r, 'a', ANON_TTL);
		return 0;
	}
	memcpy(r->token, t, TOKEN_LEN + 2);
	derive_csrf(r);
	return t[0] != 'a';
}

int
sess_load(struct req *r)
{
	unsigned char	 h[32];
	db_res		 res;
	int		 rc;

	/* r->token and r->csrf from the cookie; only a login token is
	 * looked up. */
	if (!sess_peek(r))
		return 0;
	sha256(r->token, strlen(r->token), h);
	if (r->app->kind == SESS_ADMIN) {
		rc = db_q(r->a, &res, SQL_ADMIN, DB_ARGS(db_blob(h, 32)));
		if (rc == DB_OK && res.nrows == 1) {
			r->admin_id = db_ll(&res, 0, 0);
			r->admin_name = db_str(&res, 0, 1);
			r->admin_role = db_str(&res, 0, 2);
		}
	} else {
		rc = db_q(r->a, &res, SQL_MEMBER, DB_ARGS(db_blob(h, 32)));
		if (rc == DB_OK && res.nrows == 1) {
			r->member_id = db_ll(&res, 0, 0);
			r->member_phone = db_str(&res, 0, 1);
		}
	}
	if (rc != DB_OK)
		return rc;
	if (res.nrows == 0)	/* expired or logged out elsewhere */
		new_token(r, 'a', ANON_TTL);
	return 0;
}

/* Stores a login token (as its SHA-256) for user_id of kind "member" or
 * "admin", valid ttl seconds. 0 or a negative db_err. */
static int
insert_session(arena *a, const char *token, const char *kind,
    long long user_id, const char *ip, long ttl)
{
	unsigned char h[32];

	sha256(token, strlen(token), h);
	return db_q(a, NULL, SQL_INSERT, DB_ARGS(db_blob(h, 32), DB_TEXT(kind),
	    DB_INT(user_id), DB_TEXT(ip), DB_INT(ttl)));
}

int
sess_login(struct req *r, long long user_id)
{
	unsigned char	 h[32];
	long		 ttl = r->app->kind == SESS_ADMIN ? ADMIN_TTL : MEMBER_TTL;

	if (r->token[0] == 's') {
		sha256(r->token, strlen(r->token), h);
		db_q(r->a, NULL, SQL_DELETE, DB_ARGS(db_blob(h, 32)));
	}
	new_token(r, 's', ttl);
	return insert_session(r->a, r->token, r->app->kind == SESS_ADMIN ?
	    "admin" : "member", user_id, r->ip, ttl);
}

int
sess_mint_member(arena *a, long long member_id, long ttl, char *token,
    char *csrf)
{
	token[0] = 's';
	rand_token(token + 1);
	csrf_of(token, csrf);
	return insert_session(a, token, "member", member_id, "127.0.0.1", ttl);
}

int
sess_logout(struct req *r)
{
	unsigned char h[32];

	if (r->token[0] == 's') {
		sha256(r->token, strlen(r->token), h);
		db_q(r->a, NULL, SQL_DELETE, DB_ARGS(db_blob(h, 32)));
	}
	r->member_id = r->admin_id = 0;
	new_token(r, 'a', ANON_TTL);
	return 0;
}

int
sess_drop_member(struct req *r, long long member_id)
{
	return db_q(r->a, NULL, SQL_DROP_MEMBER, DB_ARGS(DB_INT(member_id)));
}

int
sess_drop_admin(struct req *r, long long admin_id)
{
	return db_q(r->a, NULL, SQL_DROP_ADMIN, DB_ARGS(DB_INT(admin_id)));
}

int
sess_csrf_ok(const struct req *r)
{
	const char *t = req_form(r, "_csrf");

	if (t == NULL)
		t = req_env(r, "HTTP_X_CSRF_TOKEN");
	if (t == NULL || strlen(t) != strlen(r->csrf) || !have_secret)
		return 0;
	return ct_equal(t, r->csrf, strlen(r->csrf));
}
