/* The fuzz harness's generator and filter scan (gen.c). */
#ifndef KH_FUZZ_H
#define KH_FUZZ_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct generated {
	uint8_t *bytes; /* malloc'd; the caller frees */
	size_t size;
};

/* Builds a .xz with liblzma from a recipe (see gen.c); false if none. */
bool generate(const uint8_t *recipe, size_t size, struct generated *out);

/*
 * True when a block of this (liblzma-readable) file uses what the kernel's
 * copy documents it lacks: Delta, BCJ filters newer than 6.1 (ARM64,
 * RISC-V), a BCJ start offset, or a chain of more than two filters.
 */
bool uses_unsupported_filter(const uint8_t *in, size_t size);
#endif
