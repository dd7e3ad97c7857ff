/* buf: growable heap string (see buf.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"

void
buf_init(buf *b)
{
	b->p = NULL;
	b->len = b->cap = 0;
}

void
buf_clear(buf *b)
{
	if (b == NULL)
		return;
	free(b->p);
	buf_init(b);
}

void
buf_reset(buf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

static int
buf_grow(buf *b, size_t need)
{
	size_t	 cap;
	char	*p;

	if (b->len + need + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < b->len + need + 1)
		cap *= 2;
	if ((p = realloc(b->p, cap)) == NULL)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

int
buf_add(buf *b, const char *s, size_t n)
{
	if (buf_grow(b, n) == -1)
		return -1;
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int
buf_puts(buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int
buf_putc(buf *b, char c)
{
	return buf_add(b, &c, 1);
}

int
buf_vprintf(buf *b, const char *fmt, va_list ap)
{
	va_list	 aq;
	int	 n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || buf_grow(b, (size_t)n) == -1)
		return -1;
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int
buf_printf(buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *
buf_str(const buf *b)
{
	return b->p != NULL ? b->p : "";
}

char *
buf_steal(buf *b)
{
	char	*p = b->p;

	if (p == NULL)
		p = calloc(1, 1);
	buf_init(b);
	return p;
}
