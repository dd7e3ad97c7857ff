/* qr: libqrencode → SVG (see qr.h). Each dark module becomes part of one
 * path, one horizontal run at a time, which keeps the SVG small. */
#include <stdlib.h>
#include <qrencode.h>
#include "qr.h"

#define QUIET 4

int
qr_svg(const char *text, buf *out)
{
	QRcode	*q;
	int	 x, y, run, w;

	if ((q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) == NULL)
		return -1;
	w = q->width + 2 * QUIET;
	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
	    "<path fill=\"#000\" d=\"", w, w, w, w);
	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; x += run > 0 ? run : 1) {
			run = 0;
			while (x + run < q->width &&
			    (q->data[y * q->width + x + run] & 1))
				run++;
			if (run > 0)
				buf_printf(out, "M%d %dh%dv1h-%dz", x + QUIET,
				    y + QUIET, run, run);
		}
	buf_puts(out, "\"/></svg>");
	QRcode_free(q);
	return 0;
}

unsigned char *
qr_modules(const char *text, int *width)
{
	QRcode		*q;
	unsigned char	*m;
	int		 i, n;

	if ((q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) == NULL)
		return NULL;
	n = q->width * q->width;
	if ((m = malloc((size_t)n)) != NULL) {
		for (i = 0; i < n; i++)
			m[i] = q->data[i] & 1;
		*width = q->width;
	}
	QRcode_free(q);
	return m;
}
