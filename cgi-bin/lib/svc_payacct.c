/* svc_payacct: payout accounts (see svc_payacct.h). */
#include <string.h>
#include "db.h"
#include "payacct.h"
#include "sms.h"
#include "svc_payacct.h"
#include "view.h"

static const char SQL_GET[] =
    "SELECT kind, real_name, bank, branch, account FROM payout_accounts "
    "WHERE member_id = ?";
static const char SQL_LOCK[] =
    "SELECT COUNT(*) FROM payout_accounts WHERE member_id = ? FOR UPDATE";
static const char SQL_PUT[] =
    "INSERT INTO payout_accounts (member_id, kind, real_name, bank, branch, "
    "account, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, NOW(), NOW()) "
    "ON DUPLICATE KEY UPDATE kind = VALUES(kind), real_name = "
    "VALUES(real_name), bank = VALUES(bank), branch = VALUES(branch), "
    "account = VALUES(account), updated_at = NOW()";

const char *
payacct_kind_name(const char *kind)
{
	return kind != NULL && strcmp(kind, "alipay") == 0 ? "支付宝" : "银行卡";
}

int
payacct_load(arena *a, long long member, struct payacct *p)
{
	db_res	res;
	int	rc;

	memset(p, 0, sizeof(*p));
	if ((rc = db_q(a, &res, SQL_GET, DB_ARGS(DB_INT(member)))) != DB_OK)
		return rc;
	if (res.nrows == 0)
		return 0;
	p->kind = arena_strdup(a, db_str(&res, 0, 0));
	p->name = arena_strdup(a, db_str(&res, 0, 1));
	p->bank = arena_strdup(a, db_str(&res, 0, 2));
	p->branch = arena_strdup(a, db_str(&res, 0, 3));
	p->account = arena_strdup(a, db_str(&res, 0, 4));
	return 1;
}

void
payacct_view(arena *a, struct json_object *o, const struct payacct *p,
    int full)
{
	char	acc[64], name[64];
	int	bank = strcmp(p->kind, "bank") == 0;

	if (full) {
		strncpy(acc, p->account, sizeof(acc) - 1);
		acc[sizeof(acc) - 1] = '\0';
		strncpy(name, p->name, sizeof(name) - 1);
		name[sizeof(name) - 1] = '\0';
	} else {
		payacct_mask(p->account, acc, sizeof(acc));
		payacct_mask_name(p->name, name, sizeof(name));
	}
	view_str(o, "kind", p->kind);
	view_str(o, "kind_name", payacct_kind_name(p->kind));
	view_bool(o, "bank_card", bank);
	view_str(o, "name", name);
	view_str(o, "bank", p->bank);
	view_str(o, "branch", p->branch);
	view_str(o, "account", acc);
	view_str(o, "label", bank ? arena_printf(a, "%s %s（%s）", p->bank, acc,
	    name) : arena_printf(a, "支付宝 %s（%s）", acc, name));
}

/* Checks p's fields: 0, or SVC_EREFUSED with the offending field. */
static int
check(const struct payacct *p, struct svc_err *e)
{
	int bank;

	if (p->kind == NULL || (strcmp(p->kind, "bank") != 0 &&
	    strcmp(p->kind, "alipay") != 0))
		return svc_fail(e, 400, "invalid", "kind", "请选择银行卡或支付宝");
	bank = strcmp(p->kind, "bank") == 0;
	if (p->name == NULL || *p->name == '\0')
		return svc_fail(e, 400, "required", "name", "请填写收款人真实姓名");
	if (payacct_name_check(p->name) != PAYACCT_OK)
		return svc_fail(e, 400, "invalid", "name",
		    "收款人姓名应为 2–20 个汉字或字母，与身份证一致");
	if (p->account == NULL || *p->account == '\0')
		return svc_fail(e, 400, "required", "account", bank ?
		    "请填写银行卡号" : "请填写支付宝账号");
	if (!bank)
		return payacct_alipay_check(p->account) == PAYACCT_OK ? 0 :
		    svc_fail(e, 400, "invalid", "account",
		    "支付宝账号应为手机号或电子邮箱");
	if (p->bank == NULL || *p->bank == '\0')
		return svc_fail(e, 400, "required", "bank", "请填写开户银行");
	if (strlen(p->bank) > 40)
		return svc_fail(e, 400, "too_long", "bank", "开户银行名称太长");
	if (p->branch == NULL || *p->branch == '\0')
		return svc_fail(e, 400, "required", "branch", "请填写开户支行");
	if (strlen(p->branch) > 60)
		return svc_fail(e, 400, "too_long", "branch", "开户支行名称太长");
	switch (payacct_card_check(p->account)) {
	case PAYACCT_OK:
		return 0;
	case PAYACCT_ECHARS:
		return svc_fail(e, 400, "invalid", "account", "银行卡号只能是数字");
	case PAYACCT_ELEN:
		return svc_fail(e, 400, "invalid", "account",
		    "银行卡号应为 12–19 位数字");
	default:
		return svc_fail(e, 400, "luhn", "account",
		    "银行卡号校验位不对，请核对卡号");
	}
}

struct bind_ctx {
	arena			*a;
	long long		 member, code_id;
	const struct payacct	*p;
	struct svc_err		*e;
	int			 changed;
};

static int
bind_tx(void *ud)
{
	struct bind_ctx	*c = ud;
	int		 bank = strcmp(c->p->kind, "bank") == 0, rc;
	db_res		 res;
	char		 acc[64];

	if ((rc = db_q(c->a, &res, SQL_LOCK, DB_ARGS(DB_INT(c->member)))) !=
	    DB_OK)
		return rc;
	c->changed = db_ll(&res, 0, 0) > 0;
	if (c->changed && c->code_id == 0)
		return svc_fail(c->e, 400, "required", "sms_code",
		    "更换收款账户需要短信验证码");
	if (c->code_id != 0 && (rc = sms_consume(c->a, c->code_id)) != 0)
		return rc == SMS_ENOCODE ? svc_fail(c->e, 400, "sms_code",
		    "sms_code", sms_strerror(rc)) : rc;
	if ((rc = db_q(c->a, NULL, SQL_PUT, DB_ARGS(DB_INT(c->member),
	    DB_TEXT(c->p->kind), DB_TEXT(c->p->name),
	    DB_TEXT(bank ? c->p->bank : ""), DB_TEXT(bank ? c->p->branch : ""),
	    DB_TEXT(c->p->account)))) != DB_OK)
		return rc;
	if (!c->changed)
		return 0;
	payacct_mask(c->p->account, acc, sizeof(acc));
	return svc_message(c->a, c->member, "收款账户已更换", arena_printf(c->a,
	    "您的提现收款账户已更换为%s %s。如非本人操作，请立即联系客服。",
	    payacct_kind_name(c->p->kind), acc), "/wallet/account");
}

int
payacct_bind(arena *a, long long member, const char *phone,
    const struct payacct *p, const char *code, struct svc_err *e)
{
	struct bind_ctx	c = { a, member, 0, p, e, 0 };
	struct payacct	old;
	int		rc;

	if (check(p, e) != 0)
		return SVC_EREFUSED;
	if ((rc = payacct_load(a, member, &old)) < 0)
		return svc_dberr(e, rc);
	if (rc == 1) {
		if (code == NULL || *code == '\0')
			return svc_fail(e, 400, "required", "sms_code",
			    "更换收款账户需要短信验证码");
		rc = sms_check(a, phone, "payout", code, &c.code_id);
		if (rc != 0)
			return rc < -9 ? svc_fail(e, 400, "sms_code", "sms_code",
			    sms_strerror(rc)) : svc_dberr(e, rc);
	}
	return svc_tx_result(e, db_tx(bind_tx, &c));
}

int
payacct_send_code(arena *a, const char *phone, const char *ip,
    struct svc_err *e)
{
	int rc = sms_send_code(a, phone, "payout", ip);

	if (rc == 0)
		return 0;
	if (rc < -9)
		return svc_fail(e, 429, "sms_rate", "sms_code", sms_strerror(rc));
	return svc_dberr(e, rc);
}
