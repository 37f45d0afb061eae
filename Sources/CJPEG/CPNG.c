#include "CJPEG.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

/* 64 MB of RGBA at most for an interlaced PNG. */
#define CPNG_MAX_INTERLACED_PIXELS 16000000ULL

/* Both libraries report errors by longjmp: everything that must survive one lives in this
   heap block, whose pointer does not change after setjmp. */
struct cpng_job {
    png_structp png;
    png_infop info;
    const unsigned char *input;
    size_t input_length;
    size_t offset;
    struct jpeg_compress_struct out;
    struct jpeg_error_mgr out_errors;
    jmp_buf escape;
    int out_created;
    int encode; /* 0: decode only (the check) */
    unsigned char *image;  /* the whole picture, for interlaced files */
    unsigned char *row;    /* one decoded row, RGBA */
    unsigned int *sums;    /* one output row being averaged, RGB */
    unsigned char *line;   /* one output row, RGB */
    unsigned char *buffer; /* the JPEG */
    unsigned long size;
    unsigned int width, height, scale, out_width, rows_summed;
};

static void cpng_error(png_structp png, png_const_charp message) {
    (void)message;
    struct cpng_job *job = (struct cpng_job *)png_get_error_ptr(png);
    longjmp(job->escape, 1);
}

/* Warnings (an unknown chunk, a bad gamma) are not printed: the server's log is not libpng's. */
static void cpng_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static void cpng_read(png_structp png, png_bytep data, size_t length) {
    struct cpng_job *job = (struct cpng_job *)png_get_io_ptr(png);
    if (length > job->input_length - job->offset) png_error(png, "cut short");
    memcpy(data, job->input + job->offset, length);
    job->offset += length;
}

static void cpng_jpeg_error(j_common_ptr info) {
    struct cpng_job *job = (struct cpng_job *)info->client_data;
    longjmp(job->escape, 1);
}

static void cpng_jpeg_quiet(j_common_ptr info, int level) {
    (void)info;
    (void)level;
}

/* Writes the averaged row and starts the next one. */
static void cpng_emit(struct cpng_job *job) {
    unsigned int count = job->rows_summed;
    for (unsigned int x = 0; x < job->out_width; x++) {
        unsigned int columns = job->width - x * job->scale < job->scale ? job->width - x * job->scale : job->scale;
        unsigned int pixels = columns * count;
        for (int c = 0; c < 3; c++) job->line[x * 3 + c] = (unsigned char)((job->sums[x * 3 + c] + pixels / 2) / pixels);
    }
    JSAMPROW rows[1] = {job->line};
    jpeg_write_scanlines(&job->out, rows, 1);
    memset(job->sums, 0, (size_t)job->out_width * 3 * sizeof *job->sums);
    job->rows_summed = 0;
}

/* One RGBA row: alpha flattened on white (a transparent scan is white paper, not black),
   added into the output row; every `scale` rows (and the last) an output row is written. */
static void cpng_feed(struct cpng_job *job, const unsigned char *rgba) {
    if (!job->encode) return;
    for (unsigned int x = 0; x < job->width; x++) {
        const unsigned char *pixel = rgba + (size_t)x * 4;
        unsigned int alpha = pixel[3];
        unsigned int *sum = job->sums + (size_t)(x / job->scale) * 3;
        for (int c = 0; c < 3; c++) sum[c] += (pixel[c] * alpha + 255 * (255 - alpha) + 127) / 255;
    }
    job->rows_summed++;
    if (job->rows_summed == job->scale) cpng_emit(job);
}

static int cpng_run(struct cpng_job *job, int quality, unsigned long max_pixels) {
    if (setjmp(job->escape) != 0) return -1;
    job->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, job, cpng_error, cpng_warning);
    if (job->png == NULL) return -1;
    job->info = png_create_info_struct(job->png);
    if (job->info == NULL) return -1;
    png_set_read_fn(job->png, job, cpng_read);
    /* A small file may announce a huge image; decoding it would take the memory it says. */
    png_set_user_limits(job->png, 0x7FFFFFFF, 0x7FFFFFFF);
    png_read_info(job->png, job->info);
    job->width = png_get_image_width(job->png, job->info);
    job->height = png_get_image_height(job->png, job->info);
    if ((unsigned long long)job->width * job->height > max_pixels) return -1;

    /* Every colour type, depth and palette becomes 8-bit RGBA. */
    png_byte type = png_get_color_type(job->png, job->info);
    if (type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(job->png);
    if (type == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(job->png, job->info) < 8) png_set_expand_gray_1_2_4_to_8(job->png);
    if (png_get_valid(job->png, job->info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(job->png);
    png_set_strip_16(job->png);
    if (type == PNG_COLOR_TYPE_GRAY || type == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(job->png);
    png_set_filler(job->png, 0xFF, PNG_FILLER_AFTER);
    int passes = png_set_interlace_handling(job->png);
    png_read_update_info(job->png, job->info);
    if (png_get_rowbytes(job->png, job->info) != (size_t)job->width * 4) return -1;

    size_t row_bytes = (size_t)job->width * 4;
    if (passes > 1) {
        /* Interlaced: each pass fills in rows of the whole picture, which is held whole
           (4 bytes a pixel); phones and scanners do not write such PNGs, so they are bounded
           more tightly than the row-by-row kind. */
        if ((unsigned long long)job->width * job->height > CPNG_MAX_INTERLACED_PIXELS) return -1;
        job->image = calloc(job->height, row_bytes);
        if (job->image == NULL) return -1;
    } else {
        job->row = malloc(row_bytes);
        if (job->row == NULL) return -1;
    }
    if (job->encode) {
        job->out_width = (job->width + job->scale - 1) / job->scale;
        job->sums = calloc((size_t)job->out_width * 3, sizeof *job->sums);
        job->line = malloc((size_t)job->out_width * 3);
        if (job->sums == NULL || job->line == NULL) return -1;
        job->out.err = jpeg_std_error(&job->out_errors);
        job->out_errors.error_exit = cpng_jpeg_error;
        job->out_errors.emit_message = cpng_jpeg_quiet;
        job->out.client_data = job;
        jpeg_create_compress(&job->out);
        job->out_created = 1;
        jpeg_mem_dest(&job->out, &job->buffer, &job->size);
        job->out.image_width = job->out_width;
        job->out.image_height = (job->height + job->scale - 1) / job->scale;
        job->out.input_components = 3;
        job->out.in_color_space = JCS_RGB;
        jpeg_set_defaults(&job->out);
        jpeg_set_quality(&job->out, quality, TRUE);
        job->out.optimize_coding = TRUE;
        jpeg_start_compress(&job->out, TRUE);
    }

    if (passes > 1) {
        for (int pass = 0; pass < passes; pass++) {
            for (unsigned int y = 0; y < job->height; y++) png_read_row(job->png, job->image + y * row_bytes, NULL);
        }
        for (unsigned int y = 0; y < job->height; y++) cpng_feed(job, job->image + y * row_bytes);
    } else {
        for (unsigned int y = 0; y < job->height; y++) {
            png_read_row(job->png, job->row, NULL);
            cpng_feed(job, job->row);
        }
    }
    png_read_end(job->png, NULL);
    if (job->encode) {
        if (job->rows_summed > 0) cpng_emit(job);
        jpeg_finish_compress(&job->out);
    }
    return 0;
}

static int cpng_job(const unsigned char *input, unsigned long input_length, int encode, int scale_denominator,
                    int quality, unsigned long max_pixels, unsigned char **output, unsigned long *output_length) {
    if (output != NULL) *output = NULL;
    if (output_length != NULL) *output_length = 0;
    if (scale_denominator < 1) return -1;
    struct cpng_job *job = calloc(1, sizeof *job);
    if (job == NULL) return -1;
    job->input = input;
    job->input_length = input_length;
    job->encode = encode;
    job->scale = (unsigned int)scale_denominator;

    int result = cpng_run(job, quality, max_pixels);
    if (result == 0 && encode) {
        *output = job->buffer;
        *output_length = job->size;
        job->buffer = NULL;
    }

    if (job->out_created) jpeg_destroy_compress(&job->out);
    if (job->png != NULL) png_destroy_read_struct(&job->png, job->info != NULL ? &job->info : NULL, NULL);
    free(job->buffer);
    free(job->image);
    free(job->row);
    free(job->sums);
    free(job->line);
    free(job);
    return result;
}

int cpng_to_jpeg(const unsigned char *input, unsigned long input_length, int scale_denominator, int quality,
                 unsigned long max_pixels, unsigned char **output, unsigned long *output_length) {
    return cpng_job(input, input_length, 1, scale_denominator, quality, max_pixels, output, output_length);
}

int cpng_check(const unsigned char *input, unsigned long input_length, unsigned long max_pixels) {
    return cpng_job(input, input_length, 0, 1, 0, max_pixels, NULL, NULL);
}
