/* sms: verification codes (A2, A3) behind a provider interface. Codes are
 * six digits, stored only as HMAC(secret, phone:purpose:code), expire, and
 * allow a few attempts. Every message sent is logged in `sms_outbox` (which
 * admins read at /admin/sms) with the code masked. The built-in `log`
 * provider delivers nowhere; on a development stack (app.conf
 * sms_dev_codes = 1) it writes the message with its code to
 * $var/sms-dev/<phone>, where `ctl sms-last` reads it. */
#ifndef PT_SMS_H
#define PT_SMS_H
#include "arena.h"

enum sms_err {
	SMS_OK = 0,
	SMS_ETOOSOON = -10,	/* per-phone interval not yet passed */
	SMS_EDAILY = -11,	/* per-phone daily cap reached */
	SMS_EIP = -12,		/* per-IP hourly cap reached */
	SMS_ENOCODE = -13,	/* no live code: never sent, used or expired */
	SMS_EWRONG = -14,	/* wrong code (attempt counted) */
	SMS_EATTEMPTS = -15,	/* too many wrong attempts: request a new one */
	SMS_EPROVIDER = -16	/* the provider refused */
};

struct sms_provider {
	const char	*name;
	/* Sends body (the code in clear) to phone; 0 or -1. */
	int		(*send)(arena *a, const char *phone, const char *purpose,
			    const char *body);
};

/* Issues and sends a new code after the rate checks. 0, an sms_err, or a
 * negative db_err. Secret must be loaded (sess_init). */
int	sms_send_code(arena *a, const char *phone, const char *purpose,
	    const char *ip);
/* As sms_send_code, but sends text (which carries no code) in place of
 * the code, logged as is: a code is issued and kept all the same, so
 * neither the answer nor sms_check tells the two apart. */
int	sms_send_notice(arena *a, const char *phone, const char *purpose,
	    const char *ip, const char *text);
/* Checks code against the live code for (phone, purpose) without using it
 * up; a wrong code counts an attempt (committed at once, even when the
 * caller's work later fails). On success *code_id names the row for
 * sms_consume. Returns 0 or an sms_err / db_err. */
int	sms_check(arena *a, const char *phone, const char *purpose,
	    const char *code, long long *code_id);
/* Marks the code used, inside the caller's transaction. 0, SMS_ENOCODE
 * when someone else used it first, or a db_err. */
int	sms_consume(arena *a, long long code_id);
/* Chinese name of a purpose ("注册", "更换收款账户" …). */
const char *sms_purpose_name(const char *purpose);
/* Chinese message for an sms_err. */
const char *sms_strerror(int code);

#endif
