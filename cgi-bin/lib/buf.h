/* buf: a growable byte string on the heap, always NUL-terminated.
 * Used for rendered output, SQL text and anything whose size is unknown. */
#ifndef PT_BUF_H
#define PT_BUF_H
#include <stddef.h>
#include <stdarg.h>

typedef struct buf {
	char	*p;	/* NUL-terminated contents, NULL until the first write */
	size_t	 len;	/* bytes used, not counting the NUL */
	size_t	 cap;	/* bytes allocated */
} buf;

/* Starts empty; no allocation until the first write. */
void	buf_init(buf *b);
/* Frees the contents and leaves b empty; b == NULL is a no-op. */
void	buf_clear(buf *b);
/* Keeps the allocation, drops the contents. */
void	buf_reset(buf *b);
/* Append; each returns 0, or -1 when memory runs out (b unchanged). */
int	buf_add(buf *b, const char *s, size_t n);
int	buf_puts(buf *b, const char *s);
int	buf_putc(buf *b, char c);
int	buf_printf(buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
int	buf_vprintf(buf *b, const char *fmt, va_list ap);
/* The contents as a C string ("" when empty); owned by b. */
const char *buf_str(const buf *b);
/* Hands the contents to the caller (free() it) and leaves b empty. */
char	*buf_steal(buf *b);

#endif
