/* fuzz.h: what the libFuzzer harnesses in tests/fuzz/ share — CHECK, which
 * aborts (a crash to libFuzzer) with the failed condition, and a strict
 * UTF-8 test written apart from the library's own validators so that the
 * two check each other. Header-only: each harness is one program. */
#ifndef PT_FUZZ_H
#define PT_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do {							\
	if (!(c)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
		    __LINE__, #c);					\
		abort();						\
	}								\
} while (0)

/* 1 when s[0..n) is strict UTF-8, after RFC 3629's table of well-formed
 * byte sequences (no overlongs, no surrogates, nothing above U+10FFFF). */
static inline int
ref_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0, k, need;

	while (i < n) {
		unsigned char c = s[i], lo = 0x80, hi = 0xbf;

		if (c <= 0x7f) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			need = 1;
		else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			if (c == 0xe0)
				lo = 0xa0;
			if (c == 0xed)
				hi = 0x9f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			if (c == 0xf0)
				lo = 0x90;
			if (c == 0xf4)
				hi = 0x8f;
		} else
			return 0;
		if (n - i <= need)
			return 0;
		for (k = 1; k <= need; k++) {
			unsigned char b = s[i + k];

			if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xbf))
				return 0;
		}
		i += need + 1;
	}
	return 1;
}

#endif
