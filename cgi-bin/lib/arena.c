/* arena: per-request bump allocator (see arena.h). Blocks are chained;
 * reset keeps the first block so a steady request load allocates nothing. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arena.h"

#define ARENA_BLOCK	(64 * 1024)
#define ARENA_ALIGN	16

struct block {
	struct block	*next;
	size_t		 size;
	size_t		 used;
	max_align_t	 data[];
};

struct arena {
	struct block	*head;	/* current block (newest) */
	size_t		 total;
};

static struct block *
block_new(size_t size)
{
	struct block *b = malloc(sizeof(*b) + size);

	if (b == NULL)
		return NULL;
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

arena *
arena_new(void)
{
	arena *a = calloc(1, sizeof(*a));

	if (a == NULL)
		return NULL;
	if ((a->head = block_new(ARENA_BLOCK)) == NULL) {
		free(a);
		return NULL;
	}
	return a;
}

void
arena_free(arena *a)
{
	struct block *b, *n;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = n) {
		n = b->next;
		free(b);
	}
	free(a);
}

void
arena_reset(arena *a)
{
	struct block *b, *n;

	/* Keep only the oldest block (the last in the chain). */
	for (b = a->head; b->next != NULL; b = n) {
		n = b->next;
		free(b);
	}
	a->head = b;
	b->used = 0;
	a->total = 0;
}

void *
arena_alloc(arena *a, size_t n)
{
	struct block	*b = a->head;
	size_t		 need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	void		*p;

	if (need == 0)
		need = ARENA_ALIGN;
	if (b->used + need > b->size) {
		size_t size = need > ARENA_BLOCK ? need : ARENA_BLOCK;

		if ((b = block_new(size)) == NULL)
			return NULL;
		b->next = a->head;
		a->head = b;
	}
	p = (char *)b->data + b->used;
	b->used += need;
	a->total += need;
	memset(p, 0, n);
	return p;
}

char *
arena_strndup(arena *a, const char *s, size_t n)
{
	char *p;

	if (s == NULL)
		return NULL;
	if ((p = arena_alloc(a, n + 1)) == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(arena *a, const char *s)
{
	return s == NULL ? NULL : arena_strndup(a, s, strlen(s));
}

char *
arena_printf(arena *a, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;
	char	*p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (p = arena_alloc(a, (size_t)n + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

size_t
arena_used(const arena *a)
{
	return a->total;
}
