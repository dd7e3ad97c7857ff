/* payacct: the checks and masks of a member's payout account (B5): a
 * bank card number (digits, 12–19 long, its last digit the Luhn check
 * digit of the rest), an Alipay account (a mainland mobile number or an
 * e-mail address), a payee name (2–20 characters, no digits or
 * punctuation but the middle dot of minority names), and the masked forms
 * shown to the member and to back-office roles that may not see the full
 * account. Pure functions, no I/O. */
#ifndef PT_PAYACCT_H
#define PT_PAYACCT_H
#include <stddef.h>

enum payacct_err {
	PAYACCT_OK = 0,
	PAYACCT_ECHARS = -1,	/* characters a card number cannot hold */
	PAYACCT_ELEN = -2,	/* too short or too long */
	PAYACCT_ELUHN = -3,	/* the check digit does not match */
	PAYACCT_EALIPAY = -4,	/* neither a mobile number nor an e-mail */
	PAYACCT_ENAME = -5	/* not a person's name */
};

/* 1 when the digit string s passes the Luhn check (mod 10), else 0. */
int	payacct_luhn(const char *s);
/* Checks a bank card number: PAYACCT_OK or an error above. */
int	payacct_card_check(const char *s);
/* Checks an Alipay account: PAYACCT_OK or PAYACCT_EALIPAY. */
int	payacct_alipay_check(const char *s);
/* Checks a payee's real name (UTF-8): PAYACCT_OK or PAYACCT_ENAME. */
int	payacct_name_check(const char *s);
/* Masks an account into out (size n, at least 64): a card keeps its
 * first 4 and last 4 digits ("6222 **** **** 0123" shape: "6222****0123"),
 * a mobile number its first 3 and last 4, an e-mail its first character
 * and domain. */
void	payacct_mask(const char *account, char *out, size_t n);
/* Masks a name into out (size n ≥ 64): every character but the last
 * becomes '*' ("张三" → "*三"). */
void	payacct_mask_name(const char *name, char *out, size_t n);

#endif
