/*
 * The training run of the decoder's profile-guided build (profile.mjs):
 * built natively with clang's -fprofile-instr-generate from the same C as
 * xz.wasm, it decodes one .xz the way src/worker/xz/xz-stream-decoder.ts
 * does on the whole-buffer path (single-call mode, dec_main() stepped over
 * 128 KiB of input at a time, the output as the dictionary) and hashes the
 * output with kh_crc64(), so the profile counts the branches the browser
 * takes. Written for this project.
 */
#include <stdio.h>
#include <stdlib.h>

#include "xz.h"

struct xz_dec *kh_decoder_new(enum xz_mode mode, uint32_t dict_max);
enum xz_ret kh_run_step(struct xz_dec *s, struct xz_buf *b);
uint64_t kh_crc64(const uint8_t *p, size_t size, uint64_t crc);

/* WHOLE_STEP in xz-stream-decoder.ts. */
#define STEP (128 * 1024)
/* Room for the output; pages never written are never backed. */
#define OUT_MAX ((size_t)1 << 30)

static uint8_t *read_all(const char *name, size_t *size)
{
	FILE *f = fopen(name, "rb");
	uint8_t *bytes;
	long n;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0)
		return NULL;
	bytes = malloc(n ? n : 1);
	if (bytes && fread(bytes, 1, n, f) != (size_t)n) {
		free(bytes);
		bytes = NULL;
	}
	fclose(f);
	*size = n;
	return bytes;
}

int main(int argc, char **argv)
{
	struct xz_buf b = { 0 };
	struct xz_dec *s;
	enum xz_ret ret;
	uint64_t crc = 0;
	size_t size, hashed = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE.xz\n", argv[0]);
		return 2;
	}
	b.in = read_all(argv[1], &size);
	b.out = malloc(OUT_MAX);
	b.out_size = OUT_MAX;
	s = kh_decoder_new(XZ_SINGLE, 0);
	if (!b.in || !b.out || !s) {
		fprintf(stderr, "%s: cannot read it or allocate\n", argv[1]);
		return 1;
	}
	do {
		b.in_size = b.in_size + STEP < size ? b.in_size + STEP : size;
		ret = kh_run_step(s, &b);
		crc = kh_crc64(b.out + hashed, b.out_pos - hashed, crc);
		hashed = b.out_pos;
	} while ((ret == XZ_OK && b.in_pos < size) || ret == XZ_UNSUPPORTED_CHECK);
	if (ret != XZ_STREAM_END) {
		fprintf(stderr, "%s: did not decode (xz_ret %d at byte %zu)\n", argv[1], ret,
			b.in_pos);
		return 1;
	}
	printf("%zu -> %zu bytes, CRC64 %016llx\n", size, b.out_pos, (unsigned long long)crc);
	return 0;
}
