#ifndef C_JPEG_H
#define C_JPEG_H

/* Re-encoding a JPEG through the system's libjpeg (libjpeg-turbo). libjpeg reports errors
   by longjmp, which Swift cannot catch, so the whole decode-encode pass lives here in C and
   speaks in plain return codes. */

/* Decodes the JPEG `input` at 1/`scale_denominator` of its size (1, 2, 4 or 8) and encodes
   it again as a baseline JPEG of `quality` (1-100), keeping its EXIF block (orientation).
   On success returns 0 and sets `*output` (free it with cjpeg_free) and `*output_length`;
   returns -1 when libjpeg cannot read the input (not a JPEG, damaged, CMYK, or more than
   `max_pixels` pixels). */
int cjpeg_reencode(const unsigned char *input, unsigned long input_length, int scale_denominator, int quality,
                   unsigned long max_pixels, unsigned char **output, unsigned long *output_length);

/* Decodes the JPEG `input` whole (at 1/8 of its size, which still reads every byte of the
   compressed data) and returns 0 when it is a picture, -1 when libjpeg cannot read it, when
   its compressed data is damaged or cut short (a JPEG header followed by something else),
   or when it announces more than `max_pixels` pixels. */
int cjpeg_check(const unsigned char *input, unsigned long input_length, unsigned long max_pixels);

/* Decodes the PNG `input` (any colour type, bit depth, palette or interlace; alpha flattened
   on white) at 1/`scale_denominator` of its size (averaging each square of pixels) and
   encodes it as a baseline JPEG of `quality` (1-100). Returns 0 and sets `*output` (free it
   with cjpeg_free) and `*output_length`, or -1 when libpng cannot read the input (not a PNG,
   damaged, cut short, more than `max_pixels` pixels, or an interlaced PNG of more than 16
   million, which is decoded whole rather than row by row). libpng reports errors by longjmp
   too, so this is C as well. */
int cpng_to_jpeg(const unsigned char *input, unsigned long input_length, int scale_denominator, int quality,
                 unsigned long max_pixels, unsigned char **output, unsigned long *output_length);

/* Decodes the PNG `input` whole (every chunk's CRC and the compressed data) and returns 0 when
   it is a picture of at most `max_pixels` pixels (16 million when interlaced), -1 otherwise. */
int cpng_check(const unsigned char *input, unsigned long input_length, unsigned long max_pixels);

/* Decodes the JPEG `input` to 8-bit RGB rows (`*width` × `*height` × 3 bytes in `*output`,
   free it with cjpeg_free): what a photo looks like, for checking a conversion. Returns 0, or
   -1 when libjpeg cannot read it or it has more than `max_pixels` pixels. */
int cjpeg_decode_rgb(const unsigned char *input, unsigned long input_length, unsigned long max_pixels,
                     unsigned char **output, unsigned int *width, unsigned int *height);

void cjpeg_free(unsigned char *buffer);

#endif
