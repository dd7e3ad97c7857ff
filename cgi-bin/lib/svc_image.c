/* svc_image: product images (see svc_image.h).
 *
 * A file is shared by every row naming it (same bytes, same name), so
 * writing a file, inserting its row, and removing a file nobody names any
 * more are serialised per file with a MariaDB named lock on its hash:
 * otherwise a delete could remove a file another upload of the same
 * picture has just decided not to write. Everything else is checked
 * before any byte is written, and again under the product's row lock. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "conf.h"
#include "db.h"
#include "settings.h"
#include "svc_image.h"
#include "upload.h"

#define LOCK_WAIT_SEC	10

static const char SQL_MERCHANT[] =
    "SELECT id FROM merchants WHERE member_id = ? AND status = 'approved'";
static const char SQL_OWNER[] = "SELECT merchant_id FROM products WHERE id = ?";
static const char SQL_LOCK[] =
    "SELECT merchant_id FROM products WHERE id = ? FOR UPDATE";
static const char SQL_COUNT[] =
    "SELECT COUNT(*), COALESCE(MAX(position), 0), COALESCE(SUM(path = ?), 0) "
    "FROM product_images WHERE product_id = ?";
static const char SQL_INSERT[] =
    "INSERT INTO product_images (product_id, path, bytes, mime, position, "
    "created_at) VALUES (?, ?, ?, ?, ?, NOW())";
static const char SQL_IMAGE[] =
    "SELECT path FROM product_images WHERE id = ? AND product_id = ?";
static const char SQL_DELETE[] = "DELETE FROM product_images WHERE id = ?";
/* Uploads are stored by content, so one file may be a product's image,
 * a member's avatar and an ad's picture, video or poster (stored with
 * the /uploads/ prefix) at once. */
static const char SQL_USERS[] =
    "SELECT (SELECT COUNT(*) FROM product_images WHERE path = ?) + "
    "(SELECT COUNT(*) FROM members WHERE avatar = ?) + "
    "(SELECT COUNT(*) FROM ads WHERE media = CONCAT('/uploads/', ?) OR "
    "poster = CONCAT('/uploads/', ?))";
static const char SQL_AVATAR[] = "SELECT avatar FROM members WHERE id = ?";
static const char SQL_SET_AVATAR[] =
    "UPDATE members SET avatar = ? WHERE id = ?";
static const char SQL_GET_LOCK[] = "SELECT GET_LOCK(?, ?)";
static const char SQL_RELEASE[] = "SELECT RELEASE_LOCK(?)";
static const char SQL_VIEW[] =
    "SELECT id, path FROM product_images WHERE product_id = ? "
    "ORDER BY position";
static const char SQL_VIEW_MINE[] =
    "SELECT i.product_id, i.id, i.path FROM product_images i "
    "JOIN products p ON p.id = i.product_id "
    "JOIN merchants m ON m.id = p.merchant_id WHERE m.member_id = ? "
    "ORDER BY i.product_id, i.position";

static const char MSG_NOT_MINE[] = "商品不存在或不属于你的店铺";

static const char *
upload_dir(arena *a)
{
	return arena_printf(a, "%s/uploads", conf_get("var", "var"));
}

const char *
image_url(arena *a, const char *path)
{
	return arena_printf(a, "/uploads/%s", path);
}

/* The named lock of a stored file: its hash (the name's first 40 hex
 * digits after the directory) — lock names are at most 64 characters. */
static const char *
lock_name(arena *a, const char *path)
{
	return arena_printf(a, "pt-img:%.40s", path + 3);
}

static int
file_lock(arena *a, const char *path)
{
	db_res	res;
	int	rc;

	rc = db_q(a, &res, SQL_GET_LOCK, DB_ARGS(DB_TEXT(lock_name(a, path)),
	    DB_INT(LOCK_WAIT_SEC)));
	if (rc != DB_OK)
		return rc;
	return db_ll(&res, 0, 0) == 1 ? DB_OK : DB_ERETRY;
}

static void
file_unlock(arena *a, const char *path)
{
	db_res res;

	db_q(a, &res, SQL_RELEASE, DB_ARGS(DB_TEXT(lock_name(a, path))));
}

/* With the file's lock held: removes it when no row names it. */
static void
remove_if_unused(arena *a, const char *path)
{
	db_res res;

	if (db_q(a, &res, SQL_USERS, DB_ARGS(DB_TEXT(path), DB_TEXT(path),
	    DB_TEXT(path), DB_TEXT(path))) != DB_OK ||
	    db_ll(&res, 0, 0) != 0)
		return;
	if (upload_remove(upload_dir(a), path) != 0)
		fprintf(stderr, "svc_image: remove %s: %s\n", path,
		    strerror(errno));
}

/* The member's approved merchant id, and that it owns product. */
static int
owner_check(arena *a, long long member, long long product, long long *merchant,
    struct svc_err *e)
{
	db_res	res;
	int	rc;

	if ((rc = db_q(a, &res, SQL_MERCHANT, DB_ARGS(DB_INT(member)))) != DB_OK)
		return svc_dberr(e, rc);
	if (res.nrows == 0)
		return svc_fail(e, 403, "not_merchant", NULL,
		    "只有审核通过的商家才能管理商品图片");
	*merchant = db_ll(&res, 0, 0);
	if (product <= 0)
		return svc_fail(e, 404, "not_found", NULL, MSG_NOT_MINE);
	if ((rc = db_q(a, &res, SQL_OWNER, DB_ARGS(DB_INT(product)))) != DB_OK)
		return svc_dberr(e, rc);
	if (res.nrows == 0 || db_ll(&res, 0, 0) != *merchant)
		return svc_fail(e, 404, "not_found", NULL, MSG_NOT_MINE);
	return 0;
}

/* The count and duplicate rules, from a SQL_COUNT row. */
static int
room_check(arena *a, const db_res *res, struct svc_err *e)
{
	if (db_ll(res, 0, 2) > 0)
		return svc_fail(e, 409, "duplicate", "image",
		    "这张图片已经上传过了");
	if (db_ll(res, 0, 0) >= IMAGE_MAX)
		return svc_fail(e, 409, "too_many", "image", arena_printf(a,
		    "每个商品最多 %d 张图片，请先删除一张", IMAGE_MAX));
	return 0;
}

struct add_ctx {
	arena		*a;
	long long	 merchant, product, id;
	const char	*path, *mime;
	size_t		 n;
	struct svc_err	*e;
};

static int
add_tx(void *ud)
{
	struct add_ctx	*c = ud;
	db_res		 res;
	int		 rc;

	if ((rc = db_q(c->a, &res, SQL_LOCK, DB_ARGS(DB_INT(c->product)))) !=
	    DB_OK)
		return rc;
	if (res.nrows == 0 || db_ll(&res, 0, 0) != c->merchant)
		return svc_fail(c->e, 404, "not_found", NULL, MSG_NOT_MINE);
	if ((rc = db_q(c->a, &res, SQL_COUNT, DB_ARGS(DB_TEXT(c->path),
	    DB_INT(c->product)))) != DB_OK)
		return rc;
	if ((rc = room_check(c->a, &res, c->e)) != 0)
		return rc;
	rc = db_q(c->a, &res, SQL_INSERT, DB_ARGS(DB_INT(c->product),
	    DB_TEXT(c->path), DB_INT(c->n), DB_TEXT(c->mime),
	    DB_INT(db_ll(&res, 0, 1) + 1)));
	if (rc != DB_OK)
		return rc;
	c->id = (long long)res.insert_id;
	return 0;
}

/* "2 MB", "500 KB", "100 字节" */
static const char *
size_text(arena *a, long long n)
{
	if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
		return arena_printf(a, "%lld MB", n / (1024 * 1024));
	if (n >= 1024)
		return arena_printf(a, "%lld KB", n / 1024);
	return arena_printf(a, "%lld 字节", n);
}

int
image_check(arena *a, const void *p, size_t n, char name[UPLOAD_NAME_MAX],
    const char **mime, struct svc_err *e)
{
	const char	*ext;
	long long	 max;

	if (n == 0 || p == NULL)
		return svc_fail(e, 400, "empty", "image", "请选择要上传的图片");
	max = setting_int("upload.max_bytes");
	if (n > (size_t)max)
		return svc_fail(e, 413, "too_large", "image", arena_printf(a,
		    "图片不能超过 %s，请压缩后再上传", size_text(a, max)));
	if ((*mime = upload_sniff(p, n)) == NULL)
		return svc_fail(e, 500, "internal", NULL,
		    "图片检查失败，请稍后再试");
	if ((ext = upload_image_ext(*mime)) == NULL)
		return svc_fail(e, 415, "bad_type", "image",
		    "只能上传 JPG、PNG 或 WebP 格式的图片");
	*mime = upload_ext_mime(upload_name(p, n, ext, name));
	return 0;
}

int
image_avatar_set(arena *a, long long member, const void *p, size_t n,
    const char **url, struct svc_err *e)
{
	char		 name[UPLOAD_NAME_MAX];
	const char	*mime, *dir, *old = NULL;
	db_res		 res;
	int		 rc, wrote;

	if ((rc = image_check(a, p, n, name, &mime, e)) != 0)
		return rc;
	if ((rc = db_q(a, &res, SQL_AVATAR, DB_ARGS(DB_INT(member)))) != DB_OK)
		return svc_dberr(e, rc);
	if (res.nrows == 1 && db_str(&res, 0, 0) != NULL)
		old = arena_strdup(a, db_str(&res, 0, 0));
	dir = upload_dir(a);
	if ((rc = file_lock(a, name)) != DB_OK)
		return svc_dberr(e, rc);
	if ((wrote = upload_store(dir, name, p, n)) < 0) {
		fprintf(stderr, "svc_image: store %s/%s: %s\n", dir, name,
		    strerror(errno));
		file_unlock(a, name);
		return svc_fail(e, 500, "store", NULL,
		    "图片保存失败，请稍后再试");
	}
	rc = db_q(a, &res, SQL_SET_AVATAR, DB_ARGS(DB_TEXT(name),
	    DB_INT(member)));
	if (rc != DB_OK && wrote)
		remove_if_unused(a, name);
	file_unlock(a, name);
	if (rc != DB_OK)
		return svc_dberr(e, rc);
	/* the picture it replaces goes when nothing else shows it */
	if (old != NULL && strcmp(old, name) != 0 && upload_name_ok(old) &&
	    file_lock(a, old) == DB_OK) {
		remove_if_unused(a, old);
		file_unlock(a, old);
	}
	*url = image_url(a, name);
	return 0;
}

int
image_add(arena *a, long long member, long long product, const void *p,
    size_t n, struct image_added *out, struct svc_err *e)
{
	struct add_ctx	 c;
	char		 name[UPLOAD_NAME_MAX];
	const char	*mime, *dir;
	long long	 merchant;
	db_res		 res;
	int		 rc, wrote;

	if ((rc = owner_check(a, member, product, &merchant, e)) != 0)
		return rc;
	if ((rc = image_check(a, p, n, name, &mime, e)) != 0)
		return rc;
	if ((rc = db_q(a, &res, SQL_COUNT, DB_ARGS(DB_TEXT(name),
	    DB_INT(product)))) != DB_OK)
		return svc_dberr(e, rc);
	if ((rc = room_check(a, &res, e)) != 0)
		return rc;

	dir = upload_dir(a);
	if ((rc = file_lock(a, name)) != DB_OK)
		return svc_dberr(e, rc);
	if ((wrote = upload_store(dir, name, p, n)) < 0) {
		fprintf(stderr, "svc_image: store %s/%s: %s\n", dir, name,
		    strerror(errno));
		file_unlock(a, name);
		return svc_fail(e, 500, "store", NULL,
		    "图片保存失败，请稍后再试");
	}
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.merchant = merchant;
	c.product = product;
	c.path = name;
	c.mime = mime;
	c.n = n;
	c.e = e;
	rc = db_tx(add_tx, &c);
	if (rc != 0 && wrote)
		remove_if_unused(a, name);
	file_unlock(a, name);
	if ((rc = svc_tx_result(e, rc)) != 0)
		return rc;
	out->id = c.id;
	out->url = image_url(a, name);
	out->mime = mime;
	out->bytes = n;
	return 0;
}

struct del_ctx {
	arena		*a;
	long long	 merchant, product, img;
	const char	*path;
	struct svc_err	*e;
};

static int
del_tx(void *ud)
{
	struct del_ctx	*c = ud;
	db_res		 res;
	int		 rc;

	if ((rc = db_q(c->a, &res, SQL_LOCK, DB_ARGS(DB_INT(c->product)))) !=
	    DB_OK)
		return rc;
	if (res.nrows == 0 || db_ll(&res, 0, 0) != c->merchant)
		return svc_fail(c->e, 404, "not_found", NULL, MSG_NOT_MINE);
	if ((rc = db_q(c->a, &res, SQL_IMAGE, DB_ARGS(DB_INT(c->img),
	    DB_INT(c->product)))) != DB_OK)
		return rc;
	if (res.nrows == 0)
		return svc_fail(c->e, 404, "not_found", NULL,
		    "图片不存在或已删除");
	c->path = arena_strdup(c->a, db_str(&res, 0, 0));
	return db_q(c->a, NULL, SQL_DELETE, DB_ARGS(DB_INT(c->img)));
}

int
image_delete(arena *a, long long member, long long product, long long img,
    struct svc_err *e)
{
	struct del_ctx	c;
	long long	merchant;
	int		rc;

	if ((rc = owner_check(a, member, product, &merchant, e)) != 0)
		return rc;
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.merchant = merchant;
	c.product = product;
	c.img = img;
	c.e = e;
	if ((rc = svc_tx_result(e, db_tx(del_tx, &c))) != 0)
		return rc;
	/* The row is gone; the file goes when nothing else names it. A busy
	 * lock leaves it (an unnamed file is harmless, a named one missing
	 * is not). */
	if (upload_name_ok(c.path) && file_lock(a, c.path) == DB_OK) {
		remove_if_unused(a, c.path);
		file_unlock(a, c.path);
	}
	return 0;
}

static struct json_object *
image_obj(arena *a, long long id, const char *path)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_int64(id));
	json_object_object_add(o, "url",
	    json_object_new_string(image_url(a, path)));
	return o;
}

int
image_view(arena *a, long long product, struct json_object *o)
{
	struct json_object	*list;
	db_res			 res;
	size_t			 i;
	int			 rc;

	if ((rc = db_q(a, &res, SQL_VIEW, DB_ARGS(DB_INT(product)))) != DB_OK)
		return rc;
	list = json_object_new_array();
	for (i = 0; i < res.nrows; i++) {
		struct json_object *img = image_obj(a, db_ll(&res, i, 0),
		    db_str(&res, i, 1));

		json_object_object_add(img, "n", json_object_new_int64(
		    (int64_t)i + 1));
		json_object_array_add(list, img);
	}
	json_object_object_add(o, "image_count",
	    json_object_new_int64((int64_t)res.nrows));
	if (res.nrows > 0)
		json_object_object_add(o, "cover",
		    json_object_new_string(image_url(a, db_str(&res, 0, 1))));
	json_object_object_add(o, "images", list);
	return DB_OK;
}

int
image_view_merchant(arena *a, long long member, struct json_object *list)
{
	struct json_object	*p, *x, *imgs, *img;
	db_res			 res;
	size_t			 i, j, k;
	int			 rc;

	if ((rc = db_q(a, &res, SQL_VIEW_MINE, DB_ARGS(DB_INT(member)))) !=
	    DB_OK)
		return rc;
	for (i = 0; i < json_object_array_length(list); i++) {
		long long id;

		p = json_object_array_get_idx(list, i);
		if (!json_object_object_get_ex(p, "id", &x))
			continue;
		id = json_object_get_int64(x);
		imgs = json_object_new_array();
		/* rows are few (6 per product, 100 products at most) */
		for (j = 0, k = 0; j < res.nrows; j++) {
			if (db_ll(&res, j, 0) != id)
				continue;
			img = image_obj(a, db_ll(&res, j, 1), db_str(&res, j, 2));
			json_object_object_add(img, "product_id",
			    json_object_new_int64(id));
			json_object_array_add(imgs, img);
			k++;
		}
		json_object_object_add(p, "images", imgs);
		json_object_object_add(p, "image_count",
		    json_object_new_int64((int64_t)k));
		json_object_object_add(p, "images_full",
		    json_object_new_boolean(k >= IMAGE_MAX));
	}
	return DB_OK;
}
