/*
 * Structure-aware inputs for the harness: a recipe of a few bytes drives
 * liblzma's encoder (preset, dictionary, check, filter, block layout,
 * streams, padding), then a few light mutations, so that most inputs
 * decode and the decoders' success paths are compared, not only errors.
 *
 * Recipe: [0] preset (and bit 7: extreme) [1] check (bits 0-1) and filter
 * (bits 2-7) [2] dictionary [3] block layout [4] streams and padding
 * [5] payload repeats [6] mutations [7..8] mutation seed [9..] payload.
 */
#include <lzma.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static const lzma_check CHECKS[4] = { LZMA_CHECK_NONE, LZMA_CHECK_CRC32, LZMA_CHECK_CRC64,
				      LZMA_CHECK_SHA256 };
/* LZMA_VLI_UNKNOWN: no filter before LZMA2. 0x0A is ARM64 (liblzma 5.4). */
static const lzma_vli FILTERS[10] = { LZMA_VLI_UNKNOWN, LZMA_FILTER_X86,   LZMA_FILTER_POWERPC,
				      LZMA_FILTER_IA64, LZMA_FILTER_ARM,   LZMA_FILTER_ARMTHUMB,
				      LZMA_FILTER_SPARC, LZMA_FILTER_DELTA, 0x0A,
				      LZMA_FILTER_X86 /* with a start offset */ };

static uint32_t next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* One stream of `data` into out (grown), as the recipe says. */
static bool encode(const uint8_t *r, const uint8_t *data, size_t size, uint8_t **out,
		   size_t *out_size, size_t *cap)
{
	lzma_options_lzma lz;
	if (lzma_lzma_preset(&lz, (r[0] % 10) | (r[0] & 0x80 ? LZMA_PRESET_EXTREME : 0)))
		return false;
	/* Small dictionaries keep the encoder's tables (and the run) fast. */
	lz.dict_size = 4096u << (r[2] % 5);
	lzma_options_delta delta = { .type = LZMA_DELTA_TYPE_BYTE, .dist = 1 + r[2] % 4 };
	lzma_options_bcj bcj = { .start_offset = 16 };
	lzma_filter filters[3];
	int n = 0;
	lzma_vli f = FILTERS[(r[1] >> 2) % 10];
	if (f != LZMA_VLI_UNKNOWN) {
		void *opt = f == LZMA_FILTER_DELTA ? (void *)&delta
			: (r[1] >> 2) % 10 == 9 ? (void *)&bcj : NULL;
		filters[n++] = (lzma_filter){ .id = f, .options = opt };
	}
	filters[n++] = (lzma_filter){ .id = LZMA_FILTER_LZMA2, .options = &lz };
	filters[n] = (lzma_filter){ .id = LZMA_VLI_UNKNOWN };

	lzma_stream s = LZMA_STREAM_INIT;
	lzma_check check = CHECKS[r[1] & 3];
	unsigned layout = r[3] & 3;
	size_t step = ((size_t)(r[3] >> 2) + 1) * (layout == 3 ? 1024 : 256);
	lzma_ret ret;
	if (layout == 2) {
		lzma_mt mt = { .threads = 1, .block_size = step * 2, .filters = filters,
			       .check = check };
		ret = lzma_stream_encoder_mt(&s, &mt);
	} else {
		ret = lzma_stream_encoder(&s, filters, check);
	}
	if (ret != LZMA_OK)
		return false;
	size_t fed = 0;
	for (;;) {
		size_t room = *cap - *out_size;
		if (room < 4096) {
			*cap = *cap * 2 + 65536;
			*out = realloc(*out, *cap);
			room = *cap - *out_size;
		}
		/* Layouts 1 and 3 end a block every `step` bytes (LZMA_FULL_FLUSH). */
		size_t take = size - fed;
		lzma_action action = LZMA_FINISH;
		if ((layout == 1 || layout == 3) && take > step) {
			take = step;
			action = LZMA_FULL_FLUSH;
		}
		s.next_in = data + fed;
		s.avail_in = take;
		s.next_out = *out + *out_size;
		s.avail_out = room;
		ret = lzma_code(&s, action);
		fed += take - s.avail_in;
		*out_size = (size_t)(s.next_out - *out);
		if (ret == LZMA_STREAM_END)
			break;
		if (ret != LZMA_OK) {
			lzma_end(&s);
			return false;
		}
	}
	lzma_end(&s);
	return true;
}

bool generate(const uint8_t *r, size_t size, struct generated *g)
{
	if (size < 9)
		return false;
	const uint8_t *payload = r + 9;
	size_t plen = size - 9, repeats = 1 + r[5] % 4;
	uint8_t *data = malloc(plen * repeats + 1);
	for (size_t i = 0; i < repeats; i++)
		memcpy(data + i * plen, payload, plen);
	size_t total = plen * repeats, streams = 1 + r[4] % 3;
	size_t padding = 4 * ((r[4] >> 2) % 4) + (r[4] & 0x80 ? 1 + r[4] % 3 : 0);
	size_t cap = 0, len = 0;
	uint8_t *out = NULL;
	bool ok = true;
	for (size_t k = 0; k < streams && ok; k++) {
		size_t a = total * k / streams, b = total * (k + 1) / streams;
		ok = encode(r, data + a, b - a, &out, &len, &cap);
		if (ok && (k + 1 < streams || (r[4] & 0x40))) {
			if (cap - len < padding) {
				cap = len + padding;
				out = realloc(out, cap);
			}
			memset(out + len, 0, padding);
			len += padding;
		}
	}
	free(data);
	if (!ok) {
		free(out);
		return false;
	}
	/* Light mutations: none for half the recipes, up to three otherwise. */
	uint32_t seed = (uint32_t)r[7] << 8 | r[8] | 1u << 31;
	unsigned m = r[6] % 8, mutations = m < 4 ? 0 : m - 3;
	for (unsigned i = 0; i < mutations && len > 0; i++) {
		size_t at = next(&seed) % len;
		if (next(&seed) & 1)
			out[at] ^= (uint8_t)(1u << (next(&seed) % 8));
		else
			out[at] = (uint8_t)next(&seed);
	}
	if ((r[6] & 0x08) && len > 0)
		len = next(&seed) % len;
	g->bytes = out;
	g->size = len;
	return true;
}

bool uses_unsupported_filter(const uint8_t *in, size_t size)
{
	lzma_index *idx = NULL;
	lzma_stream s = LZMA_STREAM_INIT;
	bool found = false;
	if (lzma_file_info_decoder(&s, &idx, UINT64_MAX, size) != LZMA_OK)
		return false;
	s.next_in = in;
	s.avail_in = size;
	lzma_ret ret;
	while ((ret = lzma_code(&s, LZMA_RUN)) == LZMA_OK || ret == LZMA_SEEK_NEEDED) {
		if (ret == LZMA_SEEK_NEEDED) {
			s.next_in = in + s.seek_pos;
			s.avail_in = size - s.seek_pos;
		} else if (s.avail_in == 0) {
			break;
		}
	}
	lzma_end(&s);
	if (ret != LZMA_STREAM_END || !idx)
		return false;
	lzma_index_iter it;
	lzma_index_iter_init(&it, idx);
	while (!found && !lzma_index_iter_next(&it, LZMA_INDEX_ITER_BLOCK)) {
		size_t off = it.block.compressed_file_offset;
		lzma_filter filters[LZMA_FILTERS_MAX + 1];
		lzma_block block = { .version = 1, .check = it.stream.flags->check,
				     .filters = filters };
		block.header_size = lzma_block_header_size_decode(in[off]);
		if (lzma_block_header_decode(&block, NULL, in + off) != LZMA_OK)
			continue;
		int n = 0;
		for (; filters[n].id != LZMA_VLI_UNKNOWN; n++) {
			lzma_vli id = filters[n].id;
			const lzma_options_bcj *bcj = filters[n].options;
			if (id == LZMA_FILTER_DELTA || id == 0x0A || id == 0x0B)
				found = true;
			if (id >= LZMA_FILTER_X86 && id <= LZMA_FILTER_SPARC && bcj
			    && bcj->start_offset != 0)
				found = true;
			free(filters[n].options);
		}
		if (n > 2)
			found = true;
	}
	lzma_index_end(idx, NULL);
	return found;
}
