/* QR codes (libqrencode) as SVG, for enrolment links now and the papers and
 * VietQR payments later. */
#ifndef XASO_MEDIA_QR_H
#define XASO_MEDIA_QR_H

/* A standalone SVG of text at error-correction level M, with the quiet zone;
 * malloc'd, the caller frees. NULL when text cannot be encoded. */
char *qr_svg(const char *text);

#endif
