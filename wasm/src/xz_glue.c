/*
 * The C side of the playground's xz decoder: thin wrappers that let the
 * TypeScript side drive xz-embedded (the kernel's lib/xz) over a shared
 * struct xz_buf. Every function returns an enum xz_ret code or a pointer;
 * src/worker/xz/ turns codes into errors with offsets.
 *
 * The kernel's sources are compiled in this one translation unit so that
 * kh_run_single() can reach the file-local dec_main() (see below).
 */
#include "xz_crc32.c"
#include "xz_dec_stream.c"
#include "xz_dec_lzma2.c"
#include "xz_dec_bcj.c"

#include <unistd.h>

#define KH_EXPORT __attribute__((used, visibility("default")))

/* Stream Header size: magic (6) + flags (2) + CRC32 (4), from the .xz spec. */
#define KH_STREAM_HEADER_SIZE 12

KH_EXPORT struct xz_dec *kh_decoder_new(enum xz_mode mode, uint32_t dict_max)
{
	static bool crc32_ready;

	if (!crc32_ready) {
		xz_crc32_init();
		crc32_ready = true;
	}
	return xz_dec_init(mode, dict_max);
}

KH_EXPORT void kh_decoder_free(struct xz_dec *s)
{
	xz_dec_end(s);
}

KH_EXPORT void kh_decoder_reset(struct xz_dec *s)
{
	xz_dec_reset(s);
}

KH_EXPORT struct xz_buf *kh_buf_new(void)
{
	return calloc(1, sizeof(struct xz_buf));
}

KH_EXPORT void kh_buf_free(struct xz_buf *b)
{
	free(b);
}

/* Multi-call step: XZ_UNSUPPORTED_CHECK is passed up; calling again goes on. */
KH_EXPORT enum xz_ret kh_run(struct xz_dec *s, struct xz_buf *b)
{
	return xz_dec_run(s, b);
}

/*
 * Single-call decode of one stream, output straight into b->out.
 *
 * The kernel's copy verifies only CRC32. Built with XZ_DEC_ANY_CHECK it
 * reports other check types with XZ_UNSUPPORTED_CHECK right after the Stream
 * Header, which single-call xz_dec_run() treats as the end of the call (it
 * rewinds in_pos and would reset the state on the next call). The decoder
 * state is still valid at that point, so we resume dec_main() after the
 * header; the skipped CRC64/SHA-256 fields are verified by the caller.
 */
KH_EXPORT enum xz_ret kh_run_single(struct xz_dec *s, struct xz_buf *b)
{
	size_t in_start = b->in_pos;
	size_t out_start = b->out_pos;
	enum xz_ret ret = xz_dec_run(s, b);

	if (ret != XZ_UNSUPPORTED_CHECK)
		return ret;

	b->in_pos = in_start + KH_STREAM_HEADER_SIZE;
	ret = dec_main(s, b);
	if (ret == XZ_OK)
		ret = b->in_pos == b->in_size ? XZ_DATA_ERROR : XZ_BUF_ERROR;
	if (ret != XZ_STREAM_END) {
		b->in_pos = in_start;
		b->out_pos = out_start;
	}
	return ret;
}

/*
 * One step of a single-call-mode decode that takes its input in pieces:
 * the output is the dictionary (no window, no copy out), the input may
 * stop anywhere. This is dec_main() itself, the loop xz_dec_run() wraps,
 * without the single-call wrapper's reset and rewind; the kernel's input
 * handling (s->temp, lzma2_lzma()) is the same in every mode. Returns
 * XZ_OK when it needs more input or more output room (kh_out_grown()),
 * XZ_UNSUPPORTED_CHECK after a CRC64/SHA-256 Stream Header (call again),
 * XZ_STREAM_END at the end of the stream, or the error. The caller resets
 * the decoder (kh_decoder_reset()) before each stream.
 */
KH_EXPORT enum xz_ret kh_run_step(struct xz_dec *s, struct xz_buf *b)
{
	return dec_main(s, b);
}

/*
 * In single-call mode the kernel's BCJ filter runs only when a block's
 * LZMA2 data ends within one call (xz_dec_bcj_run() returns early while
 * s->single_call). A step that stops inside a BCJ block has left its output
 * unfiltered: the caller must decode that stream again with all its input.
 */
KH_EXPORT bool kh_step_split_bcj(struct xz_dec *s)
{
#ifdef XZ_DEC_BCJ
	return s->sequence == SEQ_BLOCK_UNCOMPRESS && s->bcj_active;
#else
	return false;
#endif
}

/*
 * The output buffer grew in place (same b->out, larger b->out_size). In
 * single-call mode the dictionary's end was fixed from b->out_size when it
 * was reset; move it by the same amount so LZMA2 may write into the room.
 */
KH_EXPORT void kh_out_grown(struct xz_dec *s, struct xz_buf *b, size_t out_size)
{
	s->lzma2->dict.end += out_size - b->out_size;
	b->out_size = out_size;
}

/*
 * The output region sits above the allocator's heap, taken with sbrk(), so
 * it can grow in place while nothing is allocated after it (emmalloc takes
 * any later memory beyond it). Never freed: the instance goes with it.
 */
KH_EXPORT uint8_t *kh_out_new(size_t size)
{
	uintptr_t brk = (uintptr_t)sbrk(0);
	size_t pad = (16 - brk % 16) % 16;
	uint8_t *p = sbrk(pad + size);

	return p == (void *)-1 ? NULL : p + pad;
}

/* Extends the region from kh_out_new() to out_size; false if it cannot. */
KH_EXPORT bool kh_out_extend(const struct xz_buf *b, size_t out_size)
{
	if (b->out + b->out_size != (uint8_t *)sbrk(0))
		return false;
	return sbrk(out_size - b->out_size) != (void *)-1;
}

KH_EXPORT uint32_t kh_crc32(const uint8_t *buf, size_t size, uint32_t crc)
{
	return xz_crc32(buf, size, crc);
}
