/* admin/settings.c: the settings page (I5), generated from the registry
 * (lib/settings_table.c): every setting grouped, with its label, help,
 * unit, current value and default; a POST changes one or several, all or
 * none. No per-setting code: a new row in the registry appears here. */
#include <string.h>
#include "app.h"
#include "perm.h"
#include "settings.h"

#include "admin.h"

/* The groups of the registry, in order, each with its settings. */
static struct json_object *
settings_groups(struct req *r)
{
	struct json_object	*groups = json_object_new_array(), *g = NULL,
				*list = NULL, *o, *dv;
	const char		*last = NULL;
	char			 b1[64], b2[64];
	size_t			 i;

	for (i = 0; i < settings_table_n; i++) {
		const struct setting_def *d = &settings_table[i];

		if (last == NULL || strcmp(last, d->group) != 0) {
			size_t k;

			/* a group met again later joins its first section */
			for (k = 0, g = NULL; k < json_object_array_length(
			    groups); k++) {
				o = json_object_array_get_idx(groups, k);
				if (strcmp(json_object_get_string(
				    json_object_object_get(o, "name")),
				    d->group) == 0)
					g = o;
			}
			if (g == NULL) {
				g = json_object_new_object();
				view_str(g, "name", d->group);
				json_object_object_add(g, "settings",
				    json_object_new_array());
				json_object_array_add(groups, g);
			}
			list = json_object_object_get(g, "settings");
			last = d->group;
		}
		dv = json_tokener_parse(d->def);
		o = json_object_new_object();
		view_str(o, "key", d->key);
		view_str(o, "type", setting_type_code(d->type));
		view_str(o, "type_name", setting_type_name(d->type));
		view_str(o, "label", d->label);
		view_str(o, "help", d->help);
		view_str(o, "unit", d->unit);
		if (d->type == SET_INT || d->type == SET_BP) {
			json_object_object_add(o, "value", json_object_new_int64(
			    setting_int(d->key)));
			json_object_object_add(o, "default",
			    json_object_get(dv));
		} else if (d->type == SET_BOOL) {
			view_bool(o, "value", setting_bool(d->key));
			json_object_object_add(o, "default",
			    json_object_get(dv));
			view_bool(o, "is_bool", 1);
		} else {
			view_str(o, "value", setting_format(d,
			    setting_json(d->key), b1, sizeof(b1)));
			view_str(o, "default", setting_format(d, dv, b2,
			    sizeof(b2)));
		}
		/* what the form field shows and whether it differs */
		view_str(o, "text", setting_format(d, setting_json(d->key), b1,
		    sizeof(b1)));
		view_str(o, "default_text", setting_format(d, dv, b2,
		    sizeof(b2)));
		view_bool(o, "changed", !json_object_equal(dv,
		    setting_json(d->key)));
		view_bool(o, "long", d->type == SET_JSON);
		json_object_put(dv);
		json_object_array_add(list, o);
	}
	(void)r;
	return groups;
}

static void
settings_page(struct req *r)
{
	struct json_object *v = req_view(r);

	json_object_object_add(v, "groups", settings_groups(r));
	view_bool(v, "can_edit", perm_allows(r->admin_role, "settings.edit"));
	view_str(v, "title", "系统设置");
	admin_nav(r, "settings");
	r->tmpl = "admin/settings";
}

int
h_settings(struct req *r)
{
	if (settings_refresh() != 0)
		return resp_busy(r);
	settings_page(r);
	return resp_page(r, r->tmpl);
}

/* POST: every form field but _csrf is key=value; all or none. */
int
h_settings_save(struct req *r)
{
	struct setting_change	*c;
	const char		*field;
	char			 msg[300];
	size_t			 i, n = 0;
	int			 rc;

	if (settings_refresh() != 0)
		return resp_busy(r);
	settings_page(r);
	if ((c = arena_alloc(r->a, (r->form.n + 1) * sizeof(*c))) == NULL)
		return resp_busy(r);
	for (i = 0; i < r->form.n; i++) {
		if (strcmp(r->form.v[i].key, "_csrf") == 0)
			continue;
		c[n].key = r->form.v[i].key;
		c[n].text = r->form.v[i].val;
		n++;
	}
	if (n == 0)
		return resp_error(r, 400, "required", NULL, "没有要修改的设置");
	rc = settings_set(c, n, r->admin_id, r->ip, &field, msg, sizeof(msg));
	if (rc == -1)
		return resp_error(r, 400, "invalid", field, arena_strdup(r->a,
		    msg));
	if (rc != 0)
		return resp_busy(r);
	json_object_put(r->view);
	r->view = json_object_new_object();
	view_int(r->view, "changed", (long long)n);
	return resp_done(r, "/admin/settings", arena_printf(r->a,
	    "已保存 %zu 项设置，1 秒内在所有进程生效", n));
}
