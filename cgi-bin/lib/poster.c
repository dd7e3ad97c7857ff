/* poster: share posters as PNG through libgd (see poster.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gd.h>
#include <qrencode.h>
#include "conf.h"
#include "poster.h"
#include "qr.h"
#include "upload.h"

#define W	750
#define H	1200
#define FONT_DEFAULT	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

static const char *
font(void)
{
	return conf_get("poster_font", FONT_DEFAULT);
}

/* The avatars' colour of hue h (CSS hsl(h, 62%, 56%)). */
static int
hue_color(int h)
{
	const double	 sat = 0.62, lig = 0.56;
	double		 c = (1 - fabs(2 * lig - 1)) * sat, hp = (h % 360) / 60.0;
	double		 x = c * (1 - fabs(fmod(hp, 2) - 1)), m = lig - c / 2;
	double		 rgb[6][3] = { { c, x, 0 }, { x, c, 0 }, { 0, c, x },
			    { 0, x, c }, { x, 0, c }, { c, 0, x } };
	int		 k = (int)hp % 6;

	return gdTrueColor((int)((rgb[k][0] + m) * 255),
	    (int)((rgb[k][1] + m) * 255), (int)((rgb[k][2] + m) * 255));
}

/* Text at (x, baseline y) in size pt; returns its width in pixels. */
static int
text(gdImagePtr im, int color, double size, int x, int y, const char *s)
{
	int	br[8];
	char	*f = (char *)font();

	if (gdImageStringFT(im, br, color, f, size, 0, x, y, (char *)s) != NULL)
		return 0;
	return br[2] - br[0];
}

static int
text_width(double size, const char *s)
{
	int br[8];

	if (gdImageStringFT(NULL, br, 0, (char *)font(), size, 0, 0, 0,
	    (char *)s) != NULL)
		return 0;
	return br[2] - br[0];
}

/* s cut to fit max pixels, with "…" when cut; into out (n bytes). */
static const char *
fit(char *out, size_t n, double size, int max, const char *s)
{
	size_t	len;

	snprintf(out, n, "%s", s);
	if (text_width(size, out) <= max)
		return out;
	len = strlen(out);
	while (len > 0) {
		/* drop one UTF-8 character */
		do
			len--;
		while (len > 0 && ((unsigned char)out[len] & 0xc0) == 0x80);
		snprintf(out + len, n - len, "…");
		if (text_width(size, out) <= max)
			break;
		out[len] = '\0';
	}
	return out;
}

static void
rounded(gdImagePtr im, int x1, int y1, int x2, int y2, int rad, int color)
{
	gdImageFilledRectangle(im, x1 + rad, y1, x2 - rad, y2, color);
	gdImageFilledRectangle(im, x1, y1 + rad, x2, y2 - rad, color);
	gdImageFilledEllipse(im, x1 + rad, y1 + rad, 2 * rad, 2 * rad, color);
	gdImageFilledEllipse(im, x2 - rad, y1 + rad, 2 * rad, 2 * rad, color);
	gdImageFilledEllipse(im, x1 + rad, y2 - rad, 2 * rad, 2 * rad, color);
	gdImageFilledEllipse(im, x2 - rad, y2 - rad, 2 * rad, 2 * rad, color);
}

/* A stored upload as an image, or NULL. */
static gdImagePtr
load(const char *name)
{
	char path[512];

	if (name == NULL || !upload_name_ok(name))
		return NULL;
	snprintf(path, sizeof(path), "%s/uploads/%s", conf_get("var", "var"),
	    name);
	return gdImageCreateFromFile(path);
}

/* src scaled to cover the w×h box at (x, y), cropped to its centre. */
static void
cover(gdImagePtr im, gdImagePtr src, int x, int y, int w, int h)
{
	int	sw = gdImageSX(src), sh = gdImageSY(src), cw, ch;

	if ((long)sw * h > (long)sh * w) {
		ch = sh;
		cw = (int)((long)sh * w / h);
	} else {
		cw = sw;
		ch = (int)((long)sw * h / w);
	}
	gdImageCopyResampled(im, src, x, y, (sw - cw) / 2, (sh - ch) / 2, w, h,
	    cw, ch);
}

int
poster_png(const struct poster *p, void **png, int *len)
{
	gdImagePtr	 im, pic;
	unsigned char	*qr;
	char		 b[256];
	int		 white, red, dark, grey, soft, y, qw, mod, qx, qy, i, j;

	if ((qr = qr_modules(p->url, &qw)) == NULL)
		return -1;
	if ((im = gdImageCreateTrueColor(W, H)) == NULL) {
		free(qr);
		return -1;
	}
	white = gdTrueColor(255, 255, 255);
	red = gdTrueColor(232, 69, 44);
	dark = gdTrueColor(34, 34, 34);
	grey = gdTrueColor(136, 136, 136);
	soft = gdTrueColor(255, 241, 236);
	/* the brand gradient behind everything */
	for (y = 0; y < H; y++)
		gdImageLine(im, 0, y, W - 1, y, gdTrueColor(232 + 23 * y / H,
		    69 + 53 * y / H, 44 + 25 * y / H));

	/* the inviter: avatar and name on the band */
	if (p->who != NULL) {
		if ((pic = load(p->avatar)) != NULL) {
			gdImageFilledRectangle(im, 46, 46, 154, 154, white);
			cover(im, pic, 50, 50, 100, 100);
			gdImageDestroy(pic);
		} else {
			gdImageFilledEllipse(im, 100, 100, 108, 108, white);
			gdImageFilledEllipse(im, 100, 100, 100, 100,
			    hue_color(p->hue));
			if (p->initial != NULL)
				text(im, white, 34, 100 - text_width(34,
				    p->initial) / 2, 118, p->initial);
		}
		text(im, white, 30, 180, 92, fit(b, sizeof(b), 30, 520,
		    p->who));
		text(im, white, 22, 180, 136, "邀请你一起来拼团");
	} else
		text(im, white, 34, 50, 120, "一起来拼团");

	/* the card */
	rounded(im, 40, 190, W - 40, H - 40, 24, white);
	if ((pic = load(p->picture)) != NULL) {
		cover(im, pic, 70, 220, W - 140, 400);
		gdImageDestroy(pic);
		text(im, dark, 32, 70, 690, fit(b, sizeof(b), 32, W - 140,
		    p->title));
	} else {
		rounded(im, 70, 220, W - 70, 620, 16, soft);
		text(im, red, 44, 100, 400, fit(b, sizeof(b), 44, W - 200,
		    p->title));
		text(im, grey, 24, 100, 470, "规则公开 · 开奖可验证");
	}
	if (p->price != NULL) {
		snprintf(b, sizeof(b), "¥%s", p->price);
		i = text(im, red, 50, 70, 775, b);
		text(im, grey, 22, 70 + i + 16, 775, "参团价");
	}
	rounded(im, 70, 810, 70 + text_width(28, p->line) + 48, 870, 30, soft);
	text(im, red, 28, 94, 852, p->line);

	/* the QR code, bottom right, with its hint beside it */
	mod = 260 / (qw + 8);
	qx = W - 70 - mod * (qw + 8);
	qy = H - 70 - mod * (qw + 8);
	gdImageFilledRectangle(im, qx, qy, qx + mod * (qw + 8) - 1,
	    qy + mod * (qw + 8) - 1, white);
	for (j = 0; j < qw; j++)
		for (i = 0; i < qw; i++)
			if (qr[j * qw + i])
				gdImageFilledRectangle(im, qx + mod * (i + 4),
				    qy + mod * (j + 4), qx + mod * (i + 5) - 1,
				    qy + mod * (j + 5) - 1, dark);
	free(qr);
	text(im, dark, 26, 70, qy + 90, "长按识别二维码");
	text(im, grey, 22, 70, qy + 140, p->hint != NULL ? p->hint :
	    "打开即可查看");

	*png = gdImagePngPtrEx(im, len, 9);
	gdImageDestroy(im);
	return *png != NULL ? 0 : -1;
}

void
poster_free(void *png)
{
	if (png != NULL)
		gdFree(png);
}

/* --- the store cashier's 收银码 (F8) ------------------------------------- */

#define QW	720		/* the card's width, px */
#define QH	1000
#define QRPX	520		/* the code's side, quiet zone included */
#define QUIET	4

/* Writes text centred on x = W / 2 with its baseline at y; 0 or -1. */
static int
centred(gdImagePtr im, int color, double size, int y, const char *s)
{
	int	 br[8];
	char	*err;

	err = gdImageStringFT(NULL, br, color, (char *)font(), size, 0, 0,
	    0, (char *)s);
	if (err != NULL)
		return -1;
	err = gdImageStringFT(im, br, color, (char *)font(), size, 0,
	    (QW - (br[2] - br[0])) / 2 - br[0], y, (char *)s);
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
	if ((im = gdImageCreateTrueColor(QW, QH)) == NULL) {
		QRcode_free(q);
		return -1;
	}
	white = gdImageColorAllocate(im, 255, 255, 255);
	black = gdImageColorAllocate(im, 0, 0, 0);
	accent = gdImageColorAllocate(im, 7, 193, 96);
	grey = gdImageColorAllocate(im, 110, 110, 110);
	gdImageFilledRectangle(im, 0, 0, QW - 1, QH - 1, white);
	gdImageFilledRectangle(im, 0, 0, QW - 1, 150, accent);
	rc |= centred(im, white, 34, 95, title);
	/* the code: whole pixels per module, centred */
	m = QRPX / (q->width + 2 * QUIET);
	ox = (QW - m * q->width) / 2;
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
