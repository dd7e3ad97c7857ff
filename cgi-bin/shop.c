/* shop.fcgi: the malls under /shop (C3). For now the product page of a
 * listed product (C2: only listed products are visible); lists, search
 * and orders are the shop issue's next steps. */
#include "app.h"
#include "svc_product.h"

static int
h_product(struct req *r)
{
	long long		 id = req_id(r, "id");
	struct json_object	*p = id > 0 ? product_public(r->a, id) : NULL;

	if (p == NULL)
		return resp_error(r, 404, "not_found", NULL,
		    "商品不存在或已下架");
	json_object_object_add(req_view(r), "product", p);
	view_str(r->view, "title", "商品详情");
	return resp_page(r, "shop/product");
}

static const struct route routes[] = {
	{ "GET", "/shop/product/:id", h_product, ACC_PUBLIC, NULL, 0 },
};

int
main(void)
{
	static const struct app app = {
		"shop", routes, sizeof(routes) / sizeof(routes[0]), SESS_MEMBER
	};

	return app_main(&app);
}
