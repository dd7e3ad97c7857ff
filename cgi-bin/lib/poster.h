/* poster: the share posters of the invite page and of group pages
 * (issue 21), drawn on the server as PNG with libgd and a Debian CJK font
 * (fonts-wqy-microhei; config poster_font), the QR code from qr.c. What
 * WeChat users save with 保存图片 and send on; and the store cashier's
 * printable QR poster. */
#ifndef PT_POSTER_H
#define PT_POSTER_H
#include "buf.h"

struct poster {
	const char	*title;		/* the activity or the site, required */
	const char	*price;		/* "100.00" or NULL */
	const char	*line;		/* "还差 3 人成团", required */
	const char	*who;		/* the inviter's name, or NULL */
	const char	*initial;	/* its default avatar's character */
	int		 hue;		/* and colour (0–359) */
	const char	*avatar;	/* a stored upload name ("ab/….png") or NULL */
	const char	*picture;	/* a stored upload name or NULL */
	const char	*url;		/* what the QR code says, required */
	const char	*hint;		/* under the QR code */
};

/* Draws p as a 750×1200 PNG. On success 0, *png a buffer to release
 * with poster_free and *len its size; -1 when the QR code or the image
 * cannot be made. Uploaded pictures are read from <var>/uploads; one
 * that cannot be read is left out. */
int	poster_png(const struct poster *p, void **png, int *len);
void	poster_free(void *png);

/* The store cashier's printable 收银码 (F8): appends to out a PNG with
 * title (UTF-8, large) above the QR code of url, note (UTF-8, may be
 * NULL) and the url below it. Returns 0, or -1 when url cannot be
 * encoded or the image or font fails. */
int	poster_qr_png(const char *title, const char *note, const char *url,
	    buf *out);

#endif
