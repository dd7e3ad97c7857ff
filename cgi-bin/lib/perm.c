/* perm: admin role → permission table (see perm.h). The super admin holds
 * every permission; the others hold exactly what is listed. "x.view"
 * permissions are read-only; "x.edit" changes things. */
#include <stddef.h>
#include <string.h>
#include "perm.h"

static const struct {
	const char	*role;
	const char	*name;
	const char	*perms[24];
} roles[] = {
	{ "super", "超级管理员", { NULL } },
	{ "operator", "运营", { "dashboard", "members.view", "members.edit",
	    "merchants.view", "merchants.edit", "products.view",
	    "products.edit", "orders.view", "orders.edit", "activities.view",
	    "activities.edit", "groups.view", "groups.edit", "sms.view",
	    "content.edit", NULL } },
	{ "finance", "财务", { "dashboard", "members.view", "ledger.view",
	    "ledger.edit", "withdrawals.view", "withdrawals.edit",
	    "withdrawals.account",
	    "recharges.view", "reports.view", "orders.view", NULL } },
	{ "auditor", "审计", { "dashboard", "members.view", "merchants.view",
	    "products.view", "orders.view", "activities.view", "groups.view",
	    "ledger.view", "withdrawals.view", "recharges.view",
	    "reports.view", "audit.view", "settings.view", NULL } },
};

int
perm_allows(const char *role, const char *perm)
{
	size_t i, j;

	if (role == NULL)
		return 0;
	if (strcmp(role, "super") == 0)
		return 1;
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		if (strcmp(roles[i].role, role) != 0)
			continue;
		if (perm == NULL)
			return 1;
		for (j = 0; roles[i].perms[j] != NULL; j++)
			if (strcmp(roles[i].perms[j], perm) == 0)
				return 1;
		return 0;
	}
	return 0;
}

int
perm_role_valid(const char *role)
{
	size_t i;

	for (i = 0; role != NULL && i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcmp(roles[i].role, role) == 0)
			return 1;
	return 0;
}

const char *
perm_role_name(const char *role)
{
	size_t i;

	for (i = 0; role != NULL && i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcmp(roles[i].role, role) == 0)
			return roles[i].name;
	return role;
}
