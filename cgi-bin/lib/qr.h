/* qr: QR codes for invite links and posters (A2), drawn by libqrencode and
 * written as SVG, so it scales sharply; or as modules for a raster poster. */
#ifndef PT_QR_H
#define PT_QR_H
#include "buf.h"

/* Appends an SVG of text as a QR code (error correction M, 4-module quiet
 * zone) to out. Returns 0, or -1 when text cannot be encoded. */
int	qr_svg(const char *text, buf *out);

/* The modules of text as a QR code (error correction M, no quiet zone):
 * a malloc'd width*width array, 1 for a dark module, row by row, its
 * width in *width; the caller frees it. NULL when text cannot be
 * encoded or memory runs out. For raster images (posters, poster.c). */
unsigned char *qr_modules(const char *text, int *width);

#endif
