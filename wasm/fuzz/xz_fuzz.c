/*
 * libFuzzer harness: the same C the browser runs (the kernel's lib/xz,
 * wasm/src/xz_glue.c, wasm/src/checks.c), built natively with ASan and
 * UBSan, decoding every input the way src/worker/xz does (single-call mode
 * in steps, output grown in place, concatenated streams and padding,
 * CRC64/SHA-256 verified from the index) and differential against liblzma.
 *
 * Input byte 0 picks the mode: even = structured (the rest is a recipe for
 * liblzma: preset, check, filter, blocks, streams, padding, mutations, and
 * a payload; see gen.c), odd = raw (the rest is the .xz data itself).
 * Byte 1 is the input chunk size ours is fed in.
 * A difference between the decoders aborts with "MISMATCH".
 */
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xz_glue.c"
#include "checks.c"
#include "fuzz.h"

/* Largest output either side produces; past it the input counts as a bomb. */
#define MAX_OUT (8u << 20)

static uint64_t vli(const uint8_t *p, size_t end, size_t *pos)
{
	uint64_t v = 0;
	for (int i = 0; i < 9 && *pos < end; i++) {
		uint8_t b = p[(*pos)++];
		v |= (uint64_t)(b & 0x7F) << (7 * i);
		if (!(b & 0x80))
			break;
	}
	return v;
}

/*
 * Verifies the CRC64/SHA-256 fields of one stream that ours decoded (so its
 * index is valid), as src/worker/xz/xz-check.ts does: block offsets and
 * sizes from the index, each check right after the block's padded data.
 */
static bool verify_stream(const uint8_t *in, size_t start, size_t end,
			  const uint8_t *out, size_t out_start)
{
	unsigned check = in[start + 7] & 0x0F;
	size_t check_size = check == 0 ? 0 : 4 << ((check - 1) / 3);
	size_t backward = ((size_t)get_le32(in + end - 8) + 1) * 4;
	size_t pos = end - 12 - backward + 1; /* past the indicator byte */
	size_t index_end = end - 12;
	uint64_t count = vli(in, index_end, &pos);
	size_t block = start + 12;

	for (uint64_t i = 0; i < count; i++) {
		uint64_t unpadded = vli(in, index_end, &pos);
		uint64_t size = vli(in, index_end, &pos);
		const uint8_t *stored = in + block + ((unpadded + 3) & ~3ull) - check_size;
		if (check == XZ_CHECK_CRC64) {
			uint64_t crc = kh_crc64(out + out_start, size, 0);
			uint8_t le[8];
			for (int k = 0; k < 8; k++)
				le[k] = (uint8_t)(crc >> (8 * k));
			if (memcmp(le, stored, 8) != 0)
				return false;
		} else if (check == 10) {
			struct kh_sha256 st;
			uint8_t digest[32];
			kh_sha256_init(&st);
			kh_sha256_update(&st, out + out_start, size);
			kh_sha256_final(&st, digest);
			if (memcmp(digest, stored, 32) != 0)
				return false;
		}
		block += (unpadded + 3) & ~3ull;
		out_start += size;
	}
	return true;
}

/*
 * The one leniency of the kernel's copy found by this harness: its range
 * decoder shifts out the first byte of each LZMA chunk that resets it
 * (rc_read_init()), where liblzma requires that byte to be 0x00; the output
 * does not depend on it. Zeroes those bytes in a copy of an input ours
 * accepted (streams and blocks from its index) and returns how many it
 * changed, so the caller can check that liblzma then agrees.
 */
static struct { size_t start, end; } streams_seen[64];
static size_t streams_count;

static size_t zero_rc_init_bytes(uint8_t *in, size_t size)
{
	size_t changed = 0;
	for (size_t k = 0; k < streams_count; k++) {
		size_t end = streams_seen[k].end, block = streams_seen[k].start + 12;
		size_t backward = ((size_t)get_le32(in + end - 8) + 1) * 4;
		size_t ipos = end - 12 - backward + 1, iend = end - 12;
		uint64_t count = vli(in, iend, &ipos);
		for (uint64_t i = 0; i < count; i++) {
			uint64_t unpadded = vli(in, iend, &ipos);
			vli(in, iend, &ipos);
			size_t p = block + (in[block] + 1) * 4;
			size_t data_end = block + unpadded;
			while (p + 5 < data_end && p < size && in[p] != 0) {
				uint8_t c = in[p];
				if (c < 0x80) { /* an uncompressed chunk */
					p += 3 + ((size_t)in[p + 1] << 8 | in[p + 2]) + 1;
					continue;
				}
				/* Every LZMA chunk starts its range coder again. */
				size_t packed = ((size_t)in[p + 3] << 8 | in[p + 4]) + 1;
				size_t rc = p + 5 + (c >= 0xC0);
				if (rc < size && in[rc] != 0) {
					in[rc] = 0;
					changed++;
				}
				p = rc + packed;
			}
			block += (unpadded + 3) & ~3ull;
		}
	}
	return changed;
}

/*
 * Ours: returns the xz_ret that stopped it (XZ_STREAM_END = accepted, with
 * *out_len bytes in out), XZ_DATA_ERROR for truncation, padding or a check
 * mismatch, XZ_MEMLIMIT_ERROR for output past MAX_OUT.
 */
static enum xz_ret ours(const uint8_t *in, size_t size, size_t chunk,
			uint8_t *out, size_t *out_len)
{
	struct xz_dec *dec = kh_decoder_new(XZ_SINGLE, 0);
	struct xz_buf b = { .in = in, .out = out, .out_size = 1024 };
	enum xz_ret ret = XZ_STREAM_END;
	size_t pos = 0, streams = 0;
	streams_count = 0;

	while (pos < size || streams == 0) {
		size_t padding = 0;
		if (streams > 0) {
			while (pos < size && in[pos] == 0)
				pos++, padding++;
			if (padding % 4) {
				ret = XZ_DATA_ERROR;
				break;
			}
			if (pos == size)
				break;
		}
		size_t stream_start = pos, out_start = b.out_pos;
		bool whole = false;
	again:
		kh_decoder_reset(dec);
		b.in_pos = stream_start;
		b.out_pos = out_start;
		b.in_size = whole ? size : stream_start + (chunk < size - stream_start ? chunk : size - stream_start);
		for (;;) {
			size_t in_before = b.in_pos, out_before = b.out_pos;
			ret = kh_run_step(dec, &b);
			if (ret == XZ_UNSUPPORTED_CHECK)
				continue;
			if (ret != XZ_OK)
				break;
			bool full = b.out_pos == b.out_size;
			if (full && b.out_size == MAX_OUT) {
				ret = XZ_MEMLIMIT_ERROR;
				break;
			}
			size_t grown = b.out_size * 2 < MAX_OUT ? b.out_size * 2 : MAX_OUT;
			/* A BCJ block must decode in one call: all the input, room for all the output. */
			if (kh_step_split_bcj(dec) && (!whole || full)) {
				if (full)
					kh_out_grown(dec, &b, grown);
				whole = true;
				goto again;
			}
			if (full) {
				kh_out_grown(dec, &b, grown);
				continue;
			}
			if (b.in_pos < b.in_size) {
				/* Room and input, yet nothing moved: corrupt (xz_dec_run's XZ_BUF_ERROR). */
				if (b.in_pos == in_before && b.out_pos == out_before) {
					ret = XZ_BUF_ERROR;
					break;
				}
				continue;
			}
			if (b.in_size == size) {
				ret = XZ_DATA_ERROR; /* truncated */
				break;
			}
			b.in_size = b.in_size + chunk < size ? b.in_size + chunk : size;
		}
		if (ret != XZ_STREAM_END)
			break;
		if (!verify_stream(in, stream_start, b.in_pos, out, out_start)) {
			ret = XZ_DATA_ERROR;
			break;
		}
		if (streams < 64) {
			streams_seen[streams].start = stream_start;
			streams_seen[streams].end = b.in_pos;
		}
		pos = b.in_pos;
		streams++;
		streams_count = streams;
	}
	kh_decoder_free(dec);
	*out_len = b.out_pos;
	return ret;
}

/* liblzma, as `xz -dc` decodes: concatenated streams, every check verified. */
static lzma_ret theirs(const uint8_t *in, size_t size, uint8_t *out, size_t *out_len)
{
	lzma_stream strm = LZMA_STREAM_INIT;
	lzma_ret ret = lzma_stream_decoder(&strm, UINT64_MAX, LZMA_CONCATENATED);
	if (ret != LZMA_OK)
		abort();
	strm.next_in = in;
	strm.avail_in = size;
	strm.next_out = out;
	strm.avail_out = MAX_OUT;
	do
		ret = lzma_code(&strm, LZMA_FINISH);
	while (ret == LZMA_OK && strm.avail_out > 0);
	*out_len = MAX_OUT - strm.avail_out;
	lzma_end(&strm);
	return ret == LZMA_OK ? LZMA_MEMLIMIT_ERROR : ret;
}

static uint8_t *our_out, *their_out;
/* Counted for docs/figures.md: how many inputs each side accepted. */
static unsigned long runs, both_decoded, structured, unsupported, lenient_rc;

static void report(void)
{
	fprintf(stderr, "kh-fuzz: %lu inputs (%lu structured), %lu decoded by both, %lu unsupported as documented, %lu accepted by ours with a non-zero range-coder first byte\n",
		runs, structured, both_decoded, unsupported, lenient_rc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	if (!our_out) {
		atexit(report);
		our_out = malloc(MAX_OUT);
		their_out = malloc(MAX_OUT);
	}
	size_t chunk = data[1] == 0 ? SIZE_MAX / 2 : (size_t)data[1] * data[1] + 1;
	struct generated xz = { 0 };
	const uint8_t *in = data + 2;
	size_t in_size = size - 2;
	if ((data[0] & 1) == 0) {
		if (!generate(data + 2, size - 2, &xz))
			return 0;
		in = xz.bytes;
		in_size = xz.size;
		structured++;
	}
	runs++;
	/* scripts/fuzz-native.mjs keeps a crash's .xz as a regression fixture. */
	const char *write_to = getenv("KH_FUZZ_WRITE");
	if (write_to) {
		FILE *f = fopen(write_to, "wb");
		fwrite(in, 1, in_size, f);
		fclose(f);
	}

	size_t our_len = 0, their_len = 0;
	enum xz_ret o = ours(in, in_size, chunk, our_out, &our_len);
	lzma_ret t = theirs(in, in_size, their_out, &their_len);
	bool our_ok = o == XZ_STREAM_END, their_ok = t == LZMA_STREAM_END;
	bool agree = our_ok == their_ok
		&& (!our_ok || (our_len == their_len && memcmp(our_out, their_out, our_len) == 0));
	/* Documented gaps of the kernel's copy: they must fail as unsupported. */
	if (!agree && their_ok && o == XZ_OPTIONS_ERROR && uses_unsupported_filter(in, in_size))
		agree = true, unsupported++;
	if (our_ok && their_ok)
		both_decoded++;
	/* The kernel's range decoder ignores the byte liblzma requires to be 0x00. */
	if (!agree && our_ok && t == LZMA_DATA_ERROR && streams_count <= 64) {
		uint8_t *copy = malloc(in_size);
		memcpy(copy, in, in_size);
		size_t their2_len = 0;
		if (zero_rc_init_bytes(copy, in_size) > 0
		    && theirs(copy, in_size, their_out, &their2_len) == LZMA_STREAM_END
		    && their2_len == our_len && memcmp(our_out, their_out, our_len) == 0)
			agree = true, lenient_rc++;
		free(copy);
	}
	/* One side's bomb limit is not a disagreement. */
	if (o == XZ_MEMLIMIT_ERROR || t == LZMA_MEMLIMIT_ERROR)
		agree = true;
	if (!agree) {
		fprintf(stderr, "MISMATCH: ours %d (%zu bytes), liblzma %d (%zu bytes)\n", o,
			our_len, t, their_len);
		abort();
	}
	free(xz.bytes);
	return 0;
}
