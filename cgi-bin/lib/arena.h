/* arena: per-request bump allocator. Everything allocated from it lives
 * until arena_reset() (end of request) or arena_free(). */
#ifndef PT_ARENA_H
#define PT_ARENA_H
#include <stddef.h>

typedef struct arena arena;

/* A new empty arena, or NULL when memory runs out. */
arena	*arena_new(void);
/* Frees every block; a == NULL is a no-op. */
void	 arena_free(arena *a);
/* Drops everything allocated but keeps the first block for reuse. */
void	 arena_reset(arena *a);
/* n bytes aligned for any type, zeroed; NULL only when memory runs out. */
void	*arena_alloc(arena *a, size_t n);
/* Copies; NULL in gives NULL out. */
char	*arena_strdup(arena *a, const char *s);
char	*arena_strndup(arena *a, const char *s, size_t n);
char	*arena_printf(arena *a, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Bytes handed out since the last reset (for tests and the access log). */
size_t	 arena_used(const arena *a);

#endif
