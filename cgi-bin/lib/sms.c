/* sms: verification codes and the provider interface (see sms.h). */
#include <sys/stat.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "ratelimit.h"
#include "sess.h"
#include "settings.h"
#include "sms.h"

static const char SQL_OUTBOX[] =
    "INSERT INTO sms_outbox (phone, purpose, body, provider, created_at) "
    "VALUES (?, ?, ?, ?, NOW())";
static const char SQL_INSERT[] =
    "INSERT INTO sms_codes (phone, purpose, code_hash, created_at, expires_at) "
    "VALUES (?, ?, ?, NOW(), NOW() + INTERVAL ? SECOND)";
static const char SQL_LAST[] =
    "SELECT id, code_hash, attempts, expires_at > NOW() FROM sms_codes "
    "WHERE phone = ? AND purpose = ? AND used_at IS NULL "
    "ORDER BY id DESC LIMIT 1";
static const char SQL_ATTEMPT[] =
    "UPDATE sms_codes SET attempts = attempts + 1 WHERE id = ?";
static const char SQL_USE[] =
    "UPDATE sms_codes SET used_at = NOW() WHERE id = ? AND used_at IS NULL";
static const char SQL_RETIRE[] =
    "UPDATE sms_codes SET used_at = NOW() WHERE phone = ? AND purpose = ? "
    "AND used_at IS NULL";

/* The log provider delivers nowhere. On a development stack (app.conf
 * sms_dev_codes = 1, which etc/stack.sh writes) it leaves the message with
 * its code in $var/sms-dev/<phone>, readable by the stack's user only, for
 * `ctl sms-last`; never in the database, whose SMS log admins read. */
static int
log_send(arena *a, const char *phone, const char *purpose, const char *body)
{
	const char	*dir, *path, *tmp;
	size_t		 n = strlen(body);
	int		 fd, ok;

	(void)purpose;
	if (conf_int("sms_dev_codes", 0) != 1)
		return 0;
	if (*phone == '\0' || strspn(phone, "0123456789") != strlen(phone))
		return -1;
	dir = arena_printf(a, "%s/sms-dev", conf_get("var", "var"));
	path = arena_printf(a, "%s/%s", dir, phone);
	tmp = arena_printf(a, "%s/.%s.%ld", dir, phone, (long)getpid());
	(void)mkdir(dir, 0700);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0)
		return -1;
	ok = write(fd, body, n) == (ssize_t)n;
	if (close(fd) != 0 || !ok || rename(tmp, path) != 0) {
		(void)unlink(tmp);
		return -1;
	}
	return 0;
}

static const struct sms_provider providers[] = {
	{ "log", log_send },
};

static const struct sms_provider *
provider(void)
{
	const char	*name = setting_str("sms.provider");
	size_t		 i;

	for (i = 0; i < sizeof(providers) / sizeof(providers[0]); i++)
		if (strcmp(providers[i].name, name) == 0)
			return &providers[i];
	return &providers[0];
}

static void
code_mac(const char *phone, const char *purpose, const char *code,
    unsigned char out[32])
{
	char msg[64];

	snprintf(msg, sizeof(msg), "%s:%s:%s", phone, purpose, code);
	sess_mac(msg, strlen(msg), out);
}

const char *
sms_purpose_name(const char *purpose)
{
	if (strcmp(purpose, "register") == 0)
		return "注册";
	if (strcmp(purpose, "login") == 0)
		return "登录";
	if (strcmp(purpose, "payout") == 0)
		return "更换收款账户";
	if (strcmp(purpose, "reset") == 0)
		return "重置密码";
	return "其他";
}

/* The text of a code message; code may be the mask. */
static const char *
code_body(arena *a, const char *purpose, const char *code, long ttl)
{
	return arena_printf(a, "【拼团】您的%s验证码是%s，%ld分钟内有效。"
	    "请勿告诉他人。", sms_purpose_name(purpose), code, ttl / 60);
}

/* The per-phone interval and daily cap and the per-IP cap; counts the
 * message when it may go. 0, an sms_err or a db_err. */
static int
may_send(arena *a, const char *phone, const char *ip)
{
	const char	*b;
	int		 n, rc;

	b = arena_printf(a, "sms:int:%s", phone);
	if ((n = rl_count(a, b, setting_int("sms.phone_interval_sec"))) < 0)
		return n;
	if (n > 0)
		return SMS_ETOOSOON;
	b = arena_printf(a, "sms:day:%s", phone);
	if ((n = rl_count(a, b, 86400)) < 0)
		return n;
	if (n >= setting_int("sms.phone_daily_max"))
		return SMS_EDAILY;
	b = arena_printf(a, "sms:ip:%s", ip);
	if ((n = rl_hit(a, b, 3600)) < 0)
		return n;
	if (n > setting_int("sms.ip_hourly_max"))
		return SMS_EIP;
	if ((rc = rl_hit(a, arena_printf(a, "sms:int:%s", phone),
	    setting_int("sms.phone_interval_sec"))) < 0)
		return rc;
	if ((rc = rl_hit(a, arena_printf(a, "sms:day:%s", phone), 86400)) < 0)
		return rc;
	return 0;
}

/* Logs body (masked: no code in it) and has the provider send text. */
static int
send_logged(arena *a, const char *phone, const char *purpose,
    const char *masked, const char *text)
{
	const struct sms_provider	*p = provider();
	int				 rc;

	if ((rc = db_q(a, NULL, SQL_OUTBOX, DB_ARGS(DB_TEXT(phone),
	    DB_TEXT(purpose), DB_TEXT(masked), DB_TEXT(p->name)))) != DB_OK)
		return rc;
	return p->send(a, phone, purpose, text) == 0 ? SMS_OK : SMS_EPROVIDER;
}

/* Issues a new code for (phone, purpose) after the rate checks and sends
 * it, or, when notice is set, sends notice in its place: the code is kept
 * all the same, so checking a code answers alike whether one was sent or
 * not. */
static int
issue(arena *a, const char *phone, const char *purpose, const char *ip,
    const char *notice)
{
	char		 code[8];
	unsigned char	 mac[32];
	long		 ttl = (long)setting_int("sms.code_ttl_sec");
	int		 rc;

	if ((rc = may_send(a, phone, ip)) != 0)
		return rc;
	snprintf(code, sizeof(code), "%06u", rand_below(1000000));
	code_mac(phone, purpose, code, mac);
	/* A new code retires the older ones. */
	if ((rc = db_q(a, NULL, SQL_RETIRE, DB_ARGS(DB_TEXT(phone),
	    DB_TEXT(purpose)))) != DB_OK)
		return rc;
	if ((rc = db_q(a, NULL, SQL_INSERT, DB_ARGS(DB_TEXT(phone),
	    DB_TEXT(purpose), db_blob(mac, 32), DB_INT(ttl)))) != DB_OK)
		return rc;
	if (notice != NULL)
		return send_logged(a, phone, purpose, notice, notice);
	/* The SMS log (sms_outbox, shown at /admin/sms) keeps the message
	 * with the code masked; only the provider sees the code. */
	return send_logged(a, phone, purpose,
	    code_body(a, purpose, "******", ttl), code_body(a, purpose, code, ttl));
}

int
sms_send_code(arena *a, const char *phone, const char *purpose,
    const char *ip)
{
	return issue(a, phone, purpose, ip, NULL);
}

int
sms_send_notice(arena *a, const char *phone, const char *purpose,
    const char *ip, const char *text)
{
	return issue(a, phone, purpose, ip, text);
}

int
sms_check(arena *a, const char *phone, const char *purpose, const char *code,
    long long *code_id)
{
	unsigned char	 mac[32];
	db_res		 res;
	int		 rc;

	if ((rc = db_q(a, &res, SQL_LAST, DB_ARGS(DB_TEXT(phone),
	    DB_TEXT(purpose)))) != DB_OK)
		return rc;
	if (res.nrows == 0 || db_ll(&res, 0, 3) == 0)
		return SMS_ENOCODE;
	if (db_ll(&res, 0, 2) >= setting_int("sms.max_attempts"))
		return SMS_EATTEMPTS;
	code_mac(phone, purpose, code, mac);
	if (res.lens[1] != 32 || !ct_equal(mac, db_str(&res, 0, 1), 32)) {
		if ((rc = db_q(a, NULL, SQL_ATTEMPT,
		    DB_ARGS(DB_INT(db_ll(&res, 0, 0))))) != DB_OK)
			return rc;
		return SMS_EWRONG;
	}
	*code_id = db_ll(&res, 0, 0);
	return SMS_OK;
}

int
sms_consume(arena *a, long long code_id)
{
	db_res	res;
	int	rc;

	if ((rc = db_q(a, &res, SQL_USE, DB_ARGS(DB_INT(code_id)))) != DB_OK)
		return rc;
	return res.affected == 1 ? SMS_OK : SMS_ENOCODE;
}

const char *
sms_strerror(int code)
{
	switch (code) {
	case SMS_ETOOSOON:	return "验证码发送太频繁，请稍后再试";
	case SMS_EDAILY:	return "该手机号今日获取验证码次数已达上限";
	case SMS_EIP:		return "请求过于频繁，请稍后再试";
	case SMS_ENOCODE:	return "验证码已失效，请重新获取";
	case SMS_EWRONG:	return "验证码不正确";
	case SMS_EATTEMPTS:	return "验证码错误次数过多，请重新获取";
	case SMS_EPROVIDER:	return "短信发送失败，请稍后再试";
	}
	return "系统繁忙，请稍后再试";
}
