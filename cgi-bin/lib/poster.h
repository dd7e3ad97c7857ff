/* poster: printable PNG posters with a QR code (the store cashier's
 * 收银码, F8), drawn with libgd: a white card, a title and a note in a
 * Debian CJK font (fonts-wqy-microhei), the QR code of a URL from
 * libqrencode between them. */
#ifndef PT_POSTER_H
#define PT_POSTER_H
#include "buf.h"

/* The font the posters are written in. */
#define POSTER_FONT "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

/* Appends a PNG of the poster to out: title (UTF-8, large) above the QR
 * code of url, note (UTF-8, may be NULL) and the url below it. Returns 0,
 * or -1 when url cannot be encoded or the image or font fails. */
int	poster_qr_png(const char *title, const char *note, const char *url,
	    buf *out);

#endif
