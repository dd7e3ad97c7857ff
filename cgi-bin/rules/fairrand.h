/* fairrand: the fair random stream (DESIGN.md §10), shared by everything
 * random that decides money (the group-buy draw and its blind boxes; next
 * the red-packet split, the queue lottery, random return groups), so that
 * each stays verifiable by anyone who holds the revealed seed:
 *
 *	block b = HMAC-SHA256(key = seed, message = ASCII "<label>:<b>")
 *
 * for b = 0, 1, … in decimal without leading zeros; each 32-byte block is
 * read as eight big-endian uint32 words, consumed in order. The label
 * names the stream (the group-buy's is the decimal group id, so its
 * stream is the one static/js/gb-verify.js recomputes). uniform(n) draws
 * without modulo bias by rejection; pick is a partial Fisher–Yates. */
#ifndef PT_FAIRRAND_H
#define PT_FAIRRAND_H
#include <stddef.h>
#include <stdint.h>

#define FAIRRAND_KEY_MAX	64	/* HMAC-SHA256's block: longer keys
					 * would be hashed, refused instead */
#define FAIRRAND_LABEL_MAX	64	/* with its NUL */

struct fairrand {
	uint8_t		 key[FAIRRAND_KEY_MAX];
	size_t		 keylen;
	char		 label[FAIRRAND_LABEL_MAX];
	unsigned long long block;	/* the next block to compute */
	uint32_t	 w[8];
	int		 next;		/* next word in w; 8: compute a block */
};

/* Starts the stream of seed[0..seedlen) named label (copied: neither need
 * outlive s). Returns 0, or -1 when seedlen is 0 or above
 * FAIRRAND_KEY_MAX, or label is NULL or too long (s is then unusable). */
int	 fairrand_init(struct fairrand *s, const uint8_t *seed, size_t seedlen,
	    const char *label);
/* The next word of the stream. */
uint32_t fairrand_word(struct fairrand *s);
/* uniform in [0, n), n >= 1: limit = 2^32 - (2^32 mod n); the next word x
 * until x < limit; x mod n. n = 1 still takes one word. */
uint32_t fairrand_uniform(struct fairrand *s, uint32_t n);
/* Partial Fisher–Yates over v[0..n): for i = 0 … m-1, j = i +
 * uniform(n - i), swap v[i] and v[j]; v[0..m) is then the draw in order.
 * Requires m <= n < 2^32. */
void	 fairrand_pick(struct fairrand *s, int *v, size_t n, size_t m);

#endif
