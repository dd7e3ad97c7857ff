/* valid: the field-table validator behind every handler's input, with
 * natural Chinese messages that name the field. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "amount.h"
#include "arena.h"
#include "form.h"
#include "valid.h"

/* Used when the arena cannot hold a formatted message. */
#define FALLBACK_MSG "输入有误，请检查后重试"

long long
valid_utf8_len(const char *s)
{
	long long n = 0;

	if (s == NULL)
		return 0;
	if (!form_utf8_valid(s, strlen(s)))
		return -1;
	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

int
valid_phone(const char *s)
{
	int i;

	if (s == NULL || s[0] != '1' || s[1] < '3' || s[1] > '9')
		return 0;
	for (i = 2; i < 11; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return s[11] == '\0';
}

char *
mask_phone(arena *a, const char *phone)
{
	size_t i, len;

	if (phone == NULL)
		return NULL;
	len = strlen(phone);
	for (i = 0; i < len; i++)
		if ((unsigned char)phone[i] >= 0x80)
			return arena_strdup(a, "****");
	if (len < 8)
		return arena_strdup(a, "****");
	return arena_printf(a, "%.3s****%s", phone, phone + len - 4);
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

/* A copy of s without surrounding ASCII whitespace, in a. */
static const char *
trimmed(arena *a, const char *s)
{
	size_t len;

	while (is_space(*s))
		s++;
	len = strlen(s);
	while (len > 0 && is_space(s[len - 1]))
		len--;
	return arena_strndup(a, s, len);
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* 1 when valid UTF-8 s holds a control character (C0, DEL, C1), else 0;
 * '\n' and '\r' are allowed when multiline. */
static int
has_controls(const char *s, int multiline)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (multiline && (*p == '\n' || *p == '\r'))
			continue;
		if (*p < 0x20 || *p == 0x7f)
			return 1;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 1;	/* U+0080..U+009F */
	}
	return 0;
}

static int fail(arena *a, struct ferr *err, const struct field *f,
    const char *code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Fills *err for f and returns -1. */
static int
fail(arena *a, struct ferr *err, const struct field *f, const char *code,
    const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len >= 0 && (msg = arena_alloc(a, (size_t)len + 1)) != NULL) {
		va_start(ap, fmt);
		vsnprintf(msg, (size_t)len + 1, fmt, ap);
		va_end(ap);
	}
	err->field = f->name;
	err->code = code;
	err->message = msg != NULL ? msg : FALLBACK_MSG;
	return -1;
}

static const char *
label_of(const struct field *f)
{
	return f->label != NULL ? f->label : f->name;
}

static int
fail_required(arena *a, struct ferr *err, const struct field *f)
{
	const char *l = label_of(f);

	if (f->msg_required != NULL)
		return fail(a, err, f, "required", "%s", f->msg_required);
	switch (f->type) {
	case V_ENUM:
	case V_REGION:
		return fail(a, err, f, "required", "请选择%s", l);
	case V_BOOL:
		return fail(a, err, f, "required", "请阅读并同意%s", l);
	default:
		return fail(a, err, f, "required", "请填写%s", l);
	}
}

static int
check_str(arena *a, const struct field *f, const char *s, struct fval *v,
    struct ferr *err)
{
	const char *l = label_of(f), *unit = f->unit != NULL ? f->unit : "个字";
	long long len = valid_utf8_len(s);

	if (len < 0)
		return fail(a, err, f, "invalid", "%s包含无效字符", l);
	if (has_controls(s, (f->flags & VF_MULTILINE) != 0))
		return fail(a, err, f, "invalid", "%s包含不允许的控制字符", l);
	if (len < f->min)
		return fail(a, err, f, "too_short", "%s至少 %lld %s", l,
		    f->min, unit);
	if (f->max > 0 && len > f->max)
		return fail(a, err, f, "too_long", "%s最多 %lld %s", l,
		    f->max, unit);
	v->i = len;
	return 0;
}

static int
check_int(arena *a, const struct field *f, const char *s, struct fval *v,
    struct ferr *err)
{
	const char *l = label_of(f), *digits = s;
	int bounded = f->min != 0 || f->max != 0;
	long long x;
	char *end;

	if (*digits == '+' || *digits == '-')
		digits++;
	if (!all_digits(digits))
		return fail(a, err, f, "invalid", "%s须为整数", l);
	errno = 0;
	x = strtoll(s, &end, 10);
	if (errno == ERANGE) {
		if (!bounded)
			return fail(a, err, f, "range", "%s超出范围", l);
		if (*s == '-')
			return fail(a, err, f, "range", "%s不能小于 %lld", l,
			    f->min);
		return fail(a, err, f, "range", "%s不能大于 %lld", l, f->max);
	}
	if (bounded && x < f->min)
		return fail(a, err, f, "range", "%s不能小于 %lld", l, f->min);
	if (bounded && x > f->max)
		return fail(a, err, f, "range", "%s不能大于 %lld", l, f->max);
	v->i = x;
	return 0;
}

static int
check_amount(arena *a, const struct field *f, const char *s, struct fval *v,
    struct ferr *err)
{
	const char *l = label_of(f);
	int signed_ = (f->flags & VF_SIGNED) != 0;
	int dec = f->decimals == 0 ? 2 :
	    f->decimals == VALID_DEC0 ? 0 : f->decimals;
	char buf[32];
	int64_t x = 0;
	int rc;

	rc = signed_ ? amount_parse_signed(s, dec, &x) :
	    amount_parse(s, dec, &x);
	switch (rc) {
	case AMT_OK:
		break;
	case AMT_EPRECISION:
		return fail(a, err, f, "precision", "%s%s", l,
		    amount_errpred(rc, dec));
	case AMT_ERANGE:
	case AMT_ENEGATIVE:
		return fail(a, err, f, "range", "%s%s", l,
		    amount_errpred(rc, dec));
	default:
		return fail(a, err, f, "invalid", "%s%s", l,
		    amount_errpred(rc, dec));
	}
	if (!(signed_ && f->min == 0 && f->max == 0)) {
		if (x < f->min && f->min == 1)
			return fail(a, err, f, "range", "%s须大于 0", l);
		if (x < f->min)
			return fail(a, err, f, "range", "%s不能小于 %s", l,
			    amount_format(f->min, dec, buf));
		if (f->max != 0 && x > f->max)
			return fail(a, err, f, "range", "%s不能大于 %s", l,
			    amount_format(f->max, dec, buf));
	}
	v->amount = x;
	return 0;
}

static int
check_code(arena *a, const struct field *f, const char *s, struct ferr *err)
{
	const char *l = label_of(f);
	long long min = f->min, max = f->max, len = (long long)strlen(s);
	const char *code;

	if (min == 0 && max == 0)
		min = max = 6;
	if (all_digits(s) && len >= min && len <= max)
		return 0;
	code = !all_digits(s) ? "invalid" : len < min ? "too_short" :
	    "too_long";
	if (min == max)
		return fail(a, err, f, code, "%s应为 %lld 位数字", l, min);
	return fail(a, err, f, code, "%s应为 %lld 至 %lld 位数字", l, min, max);
}

static int
check_enum(arena *a, const struct field *f, const char *s, struct fval *v,
    struct ferr *err)
{
	long long k;

	for (k = 0; f->choices != NULL && f->choices[k] != NULL; k++)
		if (strcmp(f->choices[k], s) == 0) {
			v->s = f->choices[k];
			v->i = k;
			return 0;
		}
	return fail(a, err, f, "invalid", "请选择有效的%s", label_of(f));
}

/* V_BOOL's value: 1, 0, or -1 when it is neither. */
static int
bool_value(const char *s)
{
	if (strcmp(s, "1") == 0 || strcasecmp(s, "on") == 0 ||
	    strcasecmp(s, "true") == 0)
		return 1;
	if (*s == '\0' || strcmp(s, "0") == 0 || strcasecmp(s, "off") == 0 ||
	    strcasecmp(s, "false") == 0)
		return 0;
	return -1;
}

/* Validates one field into *v; 0 or -1 with *err filled. */
static int
check_field(arena *a, const kvlist *in, const struct field *f,
    struct fval *v, struct ferr *err)
{
	const char *raw = kv_get(in, f->name), *s;
	int b;

	memset(v, 0, sizeof(*v));

	if (f->type == V_BOOL) {
		if ((b = raw != NULL ? bool_value(raw) : 0) < 0)
			return fail(a, err, f, "invalid", "%s的值无效",
			    label_of(f));
		v->i = b;
		v->present = raw != NULL;
		if (f->required && v->i == 0)
			return fail_required(a, err, f);
		return 0;
	}

	if (raw == NULL)
		s = NULL;
	else if (f->type == V_STR && (f->flags & VF_RAW) != 0)
		s = arena_strdup(a, raw);
	else
		s = trimmed(a, raw);
	if (raw != NULL && s == NULL)
		return fail(a, err, f, "invalid", FALLBACK_MSG);
	if (s == NULL || *s == '\0') {
		if (f->required)
			return fail_required(a, err, f);
		return 0;
	}

	switch (f->type) {
	case V_STR:
		if (check_str(a, f, s, v, err) != 0)
			return -1;
		break;
	case V_INT:
		if (check_int(a, f, s, v, err) != 0)
			return -1;
		break;
	case V_AMOUNT:
		if (check_amount(a, f, s, v, err) != 0)
			return -1;
		break;
	case V_PHONE:
		if (!valid_phone(s))
			return fail(a, err, f, "invalid", "请输入正确的%s",
			    label_of(f));
		break;
	case V_ENUM:
		if (check_enum(a, f, s, v, err) != 0)
			return -1;
		v->present = 1;
		return 0;	/* v->s is the table's string */
	case V_REGION:
		if (strlen(s) != 6 || !all_digits(s))
			return fail(a, err, f, "invalid", "请选择正确的%s",
			    label_of(f));
		v->i = strtoll(s, NULL, 10);
		break;
	case V_CODE:
		if (check_code(a, f, s, err) != 0)
			return -1;
		break;
	default:
		return fail(a, err, f, "invalid", FALLBACK_MSG);
	}
	v->s = s;
	v->present = 1;
	return 0;
}

int
valid_form(arena *a, const kvlist *in, const struct field *f, size_t n,
    struct fval *out, struct ferr *err)
{
	size_t k;

	memset(err, 0, sizeof(*err));
	for (k = 0; k < n; k++)
		if (check_field(a, in, &f[k], &out[k], err) != 0)
			return -1;
	return 0;
}
