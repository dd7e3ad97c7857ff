/* perm: admin roles (I1) and the permissions each holds. Routes name a
 * permission; the dispatcher asks perm_allows() before the handler runs.
 * "withdrawals.account" (finance; super holds all): payees' full account
 * numbers, the bank bulk-transfer CSV; every other role sees them
 * masked. */
#ifndef PT_PERM_H
#define PT_PERM_H

/* 1 when an admin with role may use perm (NULL perm: any admin). */
int		 perm_allows(const char *role, const char *perm);
/* 1 when role is one of super, operator, finance, auditor. */
int		 perm_role_valid(const char *role);
/* Chinese name of a role ("超级管理员"), or the code itself. */
const char	*perm_role_name(const char *role);

#endif
