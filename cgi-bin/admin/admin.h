/* admin/admin.h: what the back-office handler files (the .c files in
 * cgi-bin/admin/) share with admin.c, which keeps the one route table
 * (DESIGN.md §3). Each area's file declares its handlers here, next to
 * its rows in the table. */
#ifndef PT_ADMIN_H
#define PT_ADMIN_H
#include "app.h"

#define PER_PAGE 20

/* Marks the navigation entry `active` in the view (the layout's menu). */
void	admin_nav(struct req *r, const char *active);

#endif
