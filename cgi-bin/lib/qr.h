/* qr: QR codes for invite links and posters (A2), drawn by libqrencode and
 * written as SVG, so no image library is needed and it scales sharply. */
#ifndef PT_QR_H
#define PT_QR_H
#include "buf.h"

/* Appends an SVG of text as a QR code (error correction M, 4-module quiet
 * zone) to out. Returns 0, or -1 when text cannot be encoded. */
int	qr_svg(const char *text, buf *out);

#endif
