/*
 * Userspace shims that xz-embedded expects when it is built outside the
 * kernel (see the "#include "xz_config.h"" branch of lib/xz/xz_private.h).
 * Written for this project; the kernel provides these through
 * <linux/kernel.h>, <linux/slab.h> and <asm/unaligned.h>.
 */
#ifndef KH_XZ_CONFIG_H
#define KH_XZ_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xz.h"

/* Allocation: wasm has one flat heap, so every kernel allocator is malloc. */
#define kmalloc(size, flags) malloc(size)
#define kfree(ptr) free(ptr)
#define vmalloc(size) malloc(size)
#define vfree(ptr) free(ptr)

#define memeq(a, b, size) (memcmp(a, b, size) == 0)
#define memzero(buf, size) memset(buf, 0, size)

#ifndef min
#	define min(x, y) ((x) < (y) ? (x) : (y))
#endif
#define min_t(type, x, y) min((type)(x), (type)(y))

#define fallthrough __attribute__((__fallthrough__))
/* glibc defines it too when this is built natively (wasm/fuzz, wasm/pgo). */
#ifndef __always_inline
#	define __always_inline inline __attribute__((__always_inline__))
#endif

/*
 * wasm loads are little-endian and allow unaligned access, but going
 * through memcpy keeps the compiler honest about alignment.
 */
static inline uint32_t get_unaligned_le32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint32_t get_unaligned_be32(const uint8_t *p)
{
	return __builtin_bswap32(get_unaligned_le32(p));
}

static inline void put_unaligned_le32(uint32_t v, uint8_t *p)
{
	memcpy(p, &v, sizeof(v));
}

static inline void put_unaligned_be32(uint32_t v, uint8_t *p)
{
	put_unaligned_le32(__builtin_bswap32(v), p);
}

#define get_le32(p) get_unaligned_le32((const uint8_t *)(p))

#endif
