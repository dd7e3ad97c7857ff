/* svc_image: product images (C2) and members' avatars (A9). An approved merchant adds images to
 * one of its own products — JPEG, PNG or WebP by content, at most
 * upload.max_bytes each, at most IMAGE_MAX per product — and removes them.
 * The files are stored by upload.c under <var>/uploads and served by
 * nginx as /uploads/<path>; product_images keeps which product shows which
 * file in what order. */
#ifndef PT_SVC_IMAGE_H
#define PT_SVC_IMAGE_H
#include <stddef.h>
#include <json-c/json.h>
#include "arena.h"
#include "svc.h"
#include "upload.h"

#define IMAGE_MAX	6	/* images per product */

struct image_added {
	long long	 id;
	const char	*url;		/* "/uploads/ab/….png", in the arena */
	const char	*mime;		/* static */
	size_t		 bytes;
};

/* Adds p[0..n) as the last image of product, for the member's approved
 * merchant. Refused (SVC_EREFUSED with e, nothing stored): not a
 * merchant (403), not this merchant's product (404), empty (400), too
 * large (413), not a JPEG/PNG/WebP (415), already IMAGE_MAX images or
 * this very image already on the product (409). 0 with out filled on
 * success. */
int	image_add(arena *a, long long member, long long product,
	    const void *p, size_t n, struct image_added *out,
	    struct svc_err *e);
/* The checks every uploaded image passes (products, avatars): not empty
 * (400), at most upload.max_bytes (413), a JPEG/PNG/WebP by content
 * (415). On success 0 with name, the stored name of the content, and
 * *mime (static) filled; else SVC_EREFUSED with e. */
int	image_check(arena *a, const void *p, size_t n,
	    char name[UPLOAD_NAME_MAX], const char **mime, struct svc_err *e);
/* The member's avatar (A9) becomes p[0..n), checked as product images
 * are; the picture it replaces is removed when nothing else uses it.
 * 0 with *url ("/uploads/…", in a), or SVC_EREFUSED with e. */
int	image_avatar_set(arena *a, long long member, const void *p, size_t n,
	    const char **url, struct svc_err *e);
/* Removes image img of product (same ownership rules); the file goes
 * too when no other product uses it. 0, or SVC_EREFUSED with e. */
int	image_delete(arena *a, long long member, long long product,
	    long long img, struct svc_err *e);
/* Adds "images" ([{id, url, n}] in display order, n counting from 1),
 * "image_count" and "cover" (the first url; absent without images) to the
 * product view o. 0 or a db_err. */
/* The public URL of a stored image path ("ab/….jpg"), in the arena. */
const char *image_url(arena *a, const char *path);
/* SQL: the cover (first image) path of product p.id, for list queries. */
#define IMAGE_COVER_SQL "(SELECT i.path FROM product_images i WHERE " \
    "i.product_id = p.id ORDER BY i.position LIMIT 1)"
int	image_view(arena *a, long long product, struct json_object *o);
/* Adds "images" ([{id, product_id, url}]), "image_count" and
 * "images_full" to every product of list (objects with "id"), the
 * products of the member's merchant. 0 or a db_err. */
int	image_view_merchant(arena *a, long long member,
	    struct json_object *list);

#endif
