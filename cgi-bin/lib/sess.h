/* sess: member and admin sessions and CSRF tokens (DESIGN.md §6).
 * Every visitor holds a cookie token. Anonymous tokens ("a…") live only in
 * the cookie; logged-in tokens ("s…") are stored as SHA-256 in `sessions`,
 * so a stolen database cannot be replayed as cookies. The CSRF token is
 * HMAC(secret, cookie token): it changes whenever the token does (login,
 * logout) and needs no storage. Members use cookie "pt" on path /, admins
 * "pta" on path /admin: the two never share a session. */
#ifndef PT_SESS_H
#define PT_SESS_H

struct arena;
struct req;

/* Loads the process secret from the database; 0 or a negative db_err. */
int	sess_init(void);
/* Fills r->token, r->csrf and the member/admin fields from the cookie,
 * issuing an anonymous token when there is none. 0 or a negative db_err. */
int	sess_load(struct req *r);
/* sess_load without the database: r->token and r->csrf from the cookie
 * (an anonymous token when there is none or it is malformed); who the
 * token belongs to is not looked up, so member_id/admin_id stay 0. For
 * RF_NOSESS pages. Returns 1 when the cookie is a login session's token
 * (unverified: it may have expired), else 0. */
int	sess_peek(struct req *r);
/* Starts a logged-in session for user_id (member or admin, per the
 * program), replacing the token. 0 or a negative db_err. */
int	sess_login(struct req *r, long long user_id);
/* A logged-in member session made outside a request (ctl bench-seed: the
 * load test logs thousands of members in without their passwords): the
 * cookie token into token (TOKEN_LEN + 2 bytes) and its CSRF token into
 * csrf (TOKEN_LEN + 1 bytes). The query allocates in the caller's arena a
 * (freed with it). sess_init must have run. 0 or db_err. */
int	sess_mint_member(struct arena *a, long long member_id, long ttl,
	    char *token, char *csrf);
/* Ends the session and issues a fresh anonymous token. */
int	sess_logout(struct req *r);
/* Ends every session of a member (password reset); 0 or db_err. */
int	sess_drop_member(struct req *r, long long member_id);
/* Ends every session of an admin (password change); 0 or db_err. */
int	sess_drop_admin(struct req *r, long long admin_id);
/* 1 when the POST carries this session's CSRF token (form field _csrf or
 * header X-CSRF-Token), 0 otherwise. */
int	sess_csrf_ok(const struct req *r);
/* 1 when the session cookie's value t has a token's shape: "a" or "s"
 * then TOKEN_LEN base64url characters; 0 otherwise, and for NULL. Only
 * such a value is looked up; anything else gets a fresh anonymous token.
 * Pure (no database), exported for the fuzz harness. */
int	sess_token_valid(const char *t);
/* HMAC-SHA256 with the process secret (for signed links and SMS code
 * hashes); out is 32 bytes. */
void	sess_mac(const void *msg, size_t n, unsigned char out[32]);

#endif
