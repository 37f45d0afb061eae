#include "CJPEG.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

/* Everything that must survive a longjmp lives in this heap block, whose pointer does not
   change after setjmp: locals changed between setjmp and longjmp would be indeterminate. */
struct cjpeg_job {
    struct jpeg_decompress_struct in;
    struct jpeg_compress_struct out;
    struct jpeg_error_mgr in_errors;
    struct jpeg_error_mgr out_errors;
    jmp_buf escape;
    int in_created;
    int out_created;
    unsigned char *buffer;
    unsigned long size;
};

static void cjpeg_error_exit(j_common_ptr info) {
    struct cjpeg_job *job = (struct cjpeg_job *)info->client_data;
    longjmp(job->escape, 1);
}

/* Warnings (a slightly damaged file) are not printed: the server's log is not libjpeg's. */
static void cjpeg_quiet(j_common_ptr info, int level) {
    (void)info;
    (void)level;
}

static struct jpeg_error_mgr *cjpeg_errors(struct jpeg_error_mgr *manager) {
    jpeg_std_error(manager);
    manager->error_exit = cjpeg_error_exit;
    manager->emit_message = cjpeg_quiet;
    return manager;
}

/* Opens `input` for decoding and reads its header, within the caller's setjmp (errors and a
   picture over `max_pixels` jump there); `keep_exif` keeps APP1 (EXIF) for the re-encoding. */
static void cjpeg_open(struct cjpeg_job *job, const unsigned char *input, unsigned long input_length,
                       unsigned long max_pixels, int keep_exif) {
    job->in.err = cjpeg_errors(&job->in_errors);
    job->in.client_data = job;
    jpeg_create_decompress(&job->in);
    job->in_created = 1;
    jpeg_mem_src(&job->in, input, input_length);
    if (keep_exif) jpeg_save_markers(&job->in, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&job->in, TRUE);
    /* A small file may announce a huge image; decoding it would take the memory it says. */
    if ((unsigned long)job->in.image_width * job->in.image_height > max_pixels) longjmp(job->escape, 1);
}

int cjpeg_reencode(const unsigned char *input, unsigned long input_length, int scale_denominator, int quality,
                   unsigned long max_pixels, unsigned char **output, unsigned long *output_length) {
    *output = NULL;
    *output_length = 0;
    struct cjpeg_job *job = calloc(1, sizeof *job);
    if (job == NULL) return -1;
    int result = -1;

    if (setjmp(job->escape) == 0) {
        cjpeg_open(job, input, input_length, max_pixels, 1);
        job->in.scale_num = 1;
        job->in.scale_denom = (unsigned int)scale_denominator;
        job->in.out_color_space = job->in.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
        jpeg_start_decompress(&job->in);

        job->out.err = cjpeg_errors(&job->out_errors);
        job->out.client_data = job;
        jpeg_create_compress(&job->out);
        job->out_created = 1;
        jpeg_mem_dest(&job->out, &job->buffer, &job->size);
        job->out.image_width = job->in.output_width;
        job->out.image_height = job->in.output_height;
        job->out.input_components = job->in.output_components;
        job->out.in_color_space = job->in.out_color_space;
        jpeg_set_defaults(&job->out);
        jpeg_set_quality(&job->out, quality, TRUE);
        job->out.optimize_coding = TRUE;
        jpeg_start_compress(&job->out, TRUE);
        for (jpeg_saved_marker_ptr marker = job->in.marker_list; marker != NULL; marker = marker->next) {
            jpeg_write_marker(&job->out, marker->marker, marker->data, marker->data_length);
        }

        JSAMPARRAY row = (*job->in.mem->alloc_sarray)(
            (j_common_ptr)&job->in, JPOOL_IMAGE, job->in.output_width * (unsigned int)job->in.output_components, 1);
        while (job->in.output_scanline < job->in.output_height) {
            jpeg_read_scanlines(&job->in, row, 1);
            jpeg_write_scanlines(&job->out, row, 1);
        }
        jpeg_finish_compress(&job->out);
        jpeg_finish_decompress(&job->in);
        *output = job->buffer;
        *output_length = job->size;
        job->buffer = NULL;
        result = 0;
    }

    if (job->out_created) jpeg_destroy_compress(&job->out);
    if (job->in_created) jpeg_destroy_decompress(&job->in);
    free(job->buffer);
    free(job);
    return result;
}

/* libjpeg only warns about damaged compressed data (and decodes grey in its place): these
   warnings mean the bytes after the header are not all picture. */
static int cjpeg_is_damage(int code) {
    return code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER || code == JWRN_HUFF_BAD_CODE ||
           code == JWRN_ARITH_BAD_CODE || code == JWRN_MUST_RESYNC;
}

struct cjpeg_check_job {
    struct jpeg_decompress_struct in;
    struct jpeg_error_mgr errors;
    jmp_buf escape;
    int created;
    int damaged;
};

static void cjpeg_check_error_exit(j_common_ptr info) {
    struct cjpeg_check_job *job = (struct cjpeg_check_job *)info->client_data;
    longjmp(job->escape, 1);
}

static void cjpeg_check_message(j_common_ptr info, int level) {
    struct cjpeg_check_job *job = (struct cjpeg_check_job *)info->client_data;
    if (level < 0 && cjpeg_is_damage(info->err->msg_code)) job->damaged = 1;
}

int cjpeg_check(const unsigned char *input, unsigned long input_length, unsigned long max_pixels) {
    struct cjpeg_check_job *job = calloc(1, sizeof *job);
    if (job == NULL) return -1;
    int result = -1;

    if (setjmp(job->escape) == 0) {
        job->in.err = jpeg_std_error(&job->errors);
        job->errors.error_exit = cjpeg_check_error_exit;
        job->errors.emit_message = cjpeg_check_message;
        job->in.client_data = job;
        jpeg_create_decompress(&job->in);
        job->created = 1;
        jpeg_mem_src(&job->in, input, input_length);
        jpeg_read_header(&job->in, TRUE);
        if ((unsigned long)job->in.image_width * job->in.image_height > max_pixels) longjmp(job->escape, 1);
        job->in.scale_num = 1;
        job->in.scale_denom = 8;
        job->in.dct_method = JDCT_IFAST;
        job->in.do_fancy_upsampling = FALSE;
        jpeg_start_decompress(&job->in);
        JSAMPARRAY row = (*job->in.mem->alloc_sarray)(
            (j_common_ptr)&job->in, JPOOL_IMAGE, job->in.output_width * (unsigned int)job->in.output_components, 1);
        while (job->in.output_scanline < job->in.output_height && !job->damaged) {
            jpeg_read_scanlines(&job->in, row, 1);
        }
        if (!job->damaged) jpeg_finish_decompress(&job->in);
        result = job->damaged ? -1 : 0;
    }

    if (job->created) jpeg_destroy_decompress(&job->in);
    free(job);
    return result;
}

int cjpeg_decode_rgb(const unsigned char *input, unsigned long input_length, unsigned long max_pixels,
                     unsigned char **output, unsigned int *width, unsigned int *height) {
    *output = NULL;
    *width = 0;
    *height = 0;
    struct cjpeg_job *job = calloc(1, sizeof *job);
    if (job == NULL) return -1;
    int result = -1;

    if (setjmp(job->escape) == 0) {
        cjpeg_open(job, input, input_length, max_pixels, 0);
        job->in.out_color_space = JCS_RGB;
        jpeg_start_decompress(&job->in);
        size_t stride = (size_t)job->in.output_width * 3;
        job->buffer = malloc(stride * job->in.output_height);
        if (job->buffer == NULL) longjmp(job->escape, 1);
        while (job->in.output_scanline < job->in.output_height) {
            JSAMPROW row = job->buffer + stride * job->in.output_scanline;
            jpeg_read_scanlines(&job->in, &row, 1);
        }
        jpeg_finish_decompress(&job->in);
        *output = job->buffer;
        *width = job->in.output_width;
        *height = job->in.output_height;
        job->buffer = NULL;
        result = 0;
    }

    if (job->in_created) jpeg_destroy_decompress(&job->in);
    free(job->buffer);
    free(job);
    return result;
}

void cjpeg_free(unsigned char *buffer) { free(buffer); }
