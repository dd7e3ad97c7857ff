/* poster: a PNG poster with a QR code, by libgd (see poster.h). */
#include <string.h>
#include <gd.h>
#include <qrencode.h>
#include "poster.h"

#define W	720		/* the card's width, px */
#define H	1000
#define QRPX	520		/* the code's side, quiet zone included */
#define QUIET	4

/* Writes text centred on x = W / 2 with its baseline at y; 0 or -1. */
static int
centred(gdImagePtr im, int color, double size, int y, const char *text)
{
	int	 br[8];
	char	*err;

	err = gdImageStringFT(NULL, br, color, (char *)POSTER_FONT, size, 0, 0,
	    0, (char *)text);
	if (err != NULL)
		return -1;
	err = gdImageStringFT(im, br, color, (char *)POSTER_FONT, size, 0,
	    (W - (br[2] - br[0])) / 2 - br[0], y, (char *)text);
	return err == NULL ? 0 : -1;
}

int
poster_qr_png(const char *title, const char *note, const char *url,
    buf *out)
{
	QRcode		*q;
	gdImagePtr	 im;
	void		*png;
	int		 size = 0, white, black, accent, grey, x, y, m, ox, oy,
			 rc = 0;

	if ((q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) ==
	    NULL)
		return -1;
	if ((im = gdImageCreateTrueColor(W, H)) == NULL) {
		QRcode_free(q);
		return -1;
	}
	white = gdImageColorAllocate(im, 255, 255, 255);
	black = gdImageColorAllocate(im, 0, 0, 0);
	accent = gdImageColorAllocate(im, 7, 193, 96);
	grey = gdImageColorAllocate(im, 110, 110, 110);
	gdImageFilledRectangle(im, 0, 0, W - 1, H - 1, white);
	gdImageFilledRectangle(im, 0, 0, W - 1, 150, accent);
	rc |= centred(im, white, 34, 95, title);
	/* the code: whole pixels per module, centred */
	m = QRPX / (q->width + 2 * QUIET);
	ox = (W - m * q->width) / 2;
	oy = 190 + (QRPX - m * q->width) / 2;
	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1)
				gdImageFilledRectangle(im, ox + x * m, oy + y * m,
				    ox + (x + 1) * m - 1, oy + (y + 1) * m - 1,
				    black);
	rc |= centred(im, black, 30, 790, "微信扫码 · 零钱付款");
	if (note != NULL && *note != '\0')
		rc |= centred(im, grey, 20, 850, note);
	rc |= centred(im, grey, 16, 920, url);
	QRcode_free(q);
	if (rc != 0) {
		gdImageDestroy(im);
		return -1;
	}
	png = gdImagePngPtr(im, &size);
	gdImageDestroy(im);
	if (png == NULL || size <= 0)
		return -1;
	buf_add(out, png, (size_t)size);
	gdFree(png);
	return 0;
}
