/* tmpl: mustache engine (see tmpl.h).
 *
 * Parsing runs three passes over a template's source: lex() cuts it into
 * tokens (text split at newlines, tags read with the delimiters in effect)
 * and pairs sections with their close tags; standalone() finds the lines that
 * hold only whitespace and non-output tags and drops their whitespace; build()
 * turns the rest into a flat array of nodes in preorder, where a node's `end`
 * is the index just past its subtree. Text, names and indentation strings live
 * in one pool per template.
 *
 * Indentation is applied while rendering, because it depends on where a
 * partial or block is included: the renderer keeps the indentation of the
 * current source lines (`ind`, a window at the top of a buffer that grows by
 * appending as partials and blocks nest) and a prefix to strip from those
 * lines (`strip`, a block's indentation at its definition). A node flagged
 * N_BOL begins a source line; there the indentation is armed, and written just
 * before the first byte of that line, so empty lines stay empty.
 *
 * Inheritance follows the spec's cases: a line of several non-output tags is
 * standalone when one of them is a parent or block tag; a block's own
 * indentation is that of its first content line when its opening tag stands
 * alone (else the whitespace starting the tag's line); an argument loses its
 * own indentation and takes that of the block it replaces; and in
 * "{{$b}}\n...text{{/b}}\n" the last newline belongs to the block. Arguments
 * are looked up from the outermost parent inwards, so the page that starts
 * the chain wins. */
#include <assert.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "buf.h"
#include "tmpl.h"

enum ttype {
	T_TEXT, T_VAR, T_RAW, T_SECTION, T_INVERTED, T_CLOSE, T_COMMENT,
	T_DELIM, T_PARTIAL, T_PARENT, T_BLOCK
};

#define NONE	UINT32_MAX

/* Node types are the token types that survive build(). */
#define N_BOL		0x01	/* begins a source line */
#define N_STANDALONE	0x02	/* tag stood alone on its line */

struct node {
	uint8_t		 type;
	uint8_t		 flags;
	uint16_t	 nseg;	/* name segments ("a.b" is 2); 0 for "." */
	uint32_t	 str;	/* TEXT: bytes; tags: NUL-separated name */
	uint32_t	 len;	/* TEXT: byte count */
	uint32_t	 ind;	/* PARTIAL, PARENT: indentation of a standalone */
	uint32_t	 indlen;/*   tag; BLOCK: the block's own indentation */
	uint32_t	 end;	/* index just past this node's subtree */
};

enum { S_OK, S_MISSING, S_BROKEN };

struct tmpl {
	struct tmpl	*next;	/* hash chain */
	uint32_t	 hash;
	int		 state;
	char		*name;
	char		*pool;
	struct node	*nodes;
	uint32_t	 n;
};

struct tmpl_set {
	tmpl_loader	  load;
	void		 *ud;
	char		 *dir;	/* tmpl_set_new_dir: owned copy, also ud */
	struct tmpl	**tab;
	size_t		  ntab;	/* buckets, a power of two */
	size_t		  count;
	buf		  ind, pend;	/* render scratch, kept for reuse */
	size_t		  max_out, max_steps;	/* a render's limits */
	char		  err[256];
};

/* --- parsing ------------------------------------------------------------- */

struct token {
	uint32_t	 start, end;	/* the whole token in the source */
	uint32_t	 name, nlen;	/* tag name, trimmed */
	uint32_t	 lstart;	/* where the token's line begins */
	uint32_t	 lend;		/* standalone: just past its line */
	uint32_t	 match;		/* opener: its close token */
	uint32_t	 up;		/* lex: enclosing opener */
	uint8_t		 type;
	uint8_t		 opener;	/* T_CLOSE: type of what it closes */
	uint8_t		 standalone;
	uint8_t		 removed;	/* whitespace of a standalone line */
};

struct parser {
	tmpl_set	*s;
	const char	*name;
	const char	*src;
	uint32_t	 len;
	struct token	*tok;
	size_t		 ntok, captok;
	struct node	*nodes;
	size_t		 nnode, capnode;
	buf		 pool;
	uint32_t	 merge;	/* text node that may still grow, or NONE */
};

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Records "name: line N: msg" and returns TMPL_ESYNTAX. */
static int
syntax(struct parser *p, uint32_t at, const char *msg, const char *arg,
    size_t arglen)
{
	unsigned	 line = 1;
	uint32_t	 i;

	for (i = 0; i < at && i < p->len; i++)
		if (p->src[i] == '\n')
			line++;
	if (arg != NULL)
		snprintf(p->s->err, sizeof(p->s->err), "%s: line %u: %s \"%.*s\"",
		    p->name, line, msg, (int)(arglen > 64 ? 64 : arglen), arg);
	else
		snprintf(p->s->err, sizeof(p->s->err), "%s: line %u: %s",
		    p->name, line, msg);
	return TMPL_ESYNTAX;
}

/* First occurrence of needle in src[from..len), or NONE. */
static uint32_t
find(const struct parser *p, uint32_t from, const char *needle, size_t n)
{
	const char	*q;

	while (from < p->len && p->len - from >= n) {
		q = memchr(p->src + from, needle[0], p->len - from - n + 1);
		if (q == NULL)
			return NONE;
		if (memcmp(q, needle, n) == 0)
			return (uint32_t)(q - p->src);
		from = (uint32_t)(q - p->src) + 1;
	}
	return NONE;
}

/* First close delimiter at or after from that directly follows the byte c
 * (the "}" of a triple mustache, the "=" of a set-delimiter tag). */
static uint32_t
find_after(const struct parser *p, uint32_t from, char c, const char *ctag,
    size_t cl)
{
	uint32_t	 e, at = from;

	while ((e = find(p, at, ctag, cl)) != NONE) {
		if (e > from && p->src[e - 1] == c)
			return e;
		at = e + 1;
	}
	return NONE;
}

static struct token *
add_token(struct parser *p, int type, uint32_t start, uint32_t end,
    uint32_t lstart)
{
	struct token	*t;
	size_t		 cap;

	if (p->ntok == p->captok) {
		cap = p->captok ? p->captok * 2 : 64;
		if ((t = realloc(p->tok, cap * sizeof(*t))) == NULL)
			return NULL;
		p->tok = t;
		p->captok = cap;
	}
	t = &p->tok[p->ntok++];
	memset(t, 0, sizeof(*t));
	t->type = (uint8_t)type;
	t->start = start;
	t->end = end;
	t->lstart = lstart;
	t->match = t->up = NONE;
	return t;
}

/* Reads the tag at src[t] (which starts with otag); *end gets its end. */
static int
lex_tag(struct parser *p, uint32_t t, const char **otag, size_t *ol,
    const char **ctag, size_t *cl, uint32_t lstart, uint32_t *top)
{
	uint32_t	 q = t + (uint32_t)*ol, e, a, b, i, end;
	int		 type = T_VAR;
	char		 c = q < p->len ? p->src[q] : '\0';
	struct token	*tk;

	switch (c) {
	case '!':
		type = T_COMMENT;
		break;
	case '=':
		type = T_DELIM;
		break;
	case '{':
	case '&':
		type = T_RAW;
		break;
	case '#':
		type = T_SECTION;
		break;
	case '^':
		type = T_INVERTED;
		break;
	case '/':
		type = T_CLOSE;
		break;
	case '>':
		type = T_PARTIAL;
		break;
	case '<':
		type = T_PARENT;
		break;
	case '$':
		type = T_BLOCK;
		break;
	default:
		break;
	}
	a = type == T_VAR ? q : q + 1;
	if (c == '{' || c == '=') {
		if ((e = find_after(p, a, c == '{' ? '}' : c, *ctag,
		    *cl)) == NONE)
			return syntax(p, t, "unclosed tag", NULL, 0);
		b = e - 1;
	} else {
		if ((e = find(p, a, *ctag, *cl)) == NONE)
			return syntax(p, t, "unclosed tag", NULL, 0);
		b = e;
	}
	end = e + (uint32_t)*cl;
	while (a < b && is_space(p->src[a]))
		a++;
	while (b > a && is_space(p->src[b - 1]))
		b--;

	if (type == T_DELIM) {
		/* Two non-blank words: the new open and close delimiters. */
		for (i = a; i < b && !is_space(p->src[i]); i++)
			continue;
		e = i;
		while (i < b && is_space(p->src[i]))
			i++;
		if (e == a || i == b || e == i)
			return syntax(p, t, "bad set-delimiter tag", NULL, 0);
		for (q = i; q < b; q++)
			if (is_space(p->src[q]))
				return syntax(p, t, "bad set-delimiter tag",
				    NULL, 0);
		*otag = p->src + a;
		*ol = e - a;
		*ctag = p->src + i;
		*cl = b - i;
	} else if (type != T_COMMENT) {
		if (a == b)
			return syntax(p, t, "empty tag", NULL, 0);
		for (i = a; i < b; i++)
			if (is_space(p->src[i]))
				return syntax(p, t, "space in tag name",
				    p->src + a, b - a);
	}

	if ((tk = add_token(p, type, t, end, lstart)) == NULL)
		return TMPL_ENOMEM;
	tk->name = a;
	tk->nlen = b - a;
	i = (uint32_t)(p->ntok - 1);
	switch (type) {
	case T_SECTION:
	case T_INVERTED:
	case T_PARENT:
	case T_BLOCK:
		tk->up = *top;
		*top = i;
		break;
	case T_CLOSE:
		if (*top == NONE)
			return syntax(p, t, "close tag without a section",
			    p->src + a, b - a);
		e = *top;
		if (p->tok[e].nlen != tk->nlen || memcmp(p->src + a,
		    p->src + p->tok[e].name, tk->nlen) != 0)
			return syntax(p, t, "close tag does not match",
			    p->src + a, b - a);
		tk->opener = p->tok[e].type;
		p->tok[e].match = i;
		*top = p->tok[e].up;
		break;
	default:
		break;
	}
	return (int)end;
}

/* Pass 1: tokens; sections paired with their close tags. */
static int
lex(struct parser *p)
{
	const char	*otag = "{{", *ctag = "}}";
	size_t		 ol = 2, cl = 2;
	uint32_t	 pos = 0, lstart = 0, t, e, top = NONE;
	const char	*nl;
	int		 rc;

	while (pos < p->len) {
		if ((t = find(p, pos, otag, ol)) == NONE)
			t = p->len;
		while (pos < t) {
			nl = memchr(p->src + pos, '\n', t - pos);
			e = nl != NULL ? (uint32_t)(nl - p->src) + 1 : t;
			if (add_token(p, T_TEXT, pos, e, lstart) == NULL)
				return TMPL_ENOMEM;
			if (nl != NULL)
				lstart = e;
			pos = e;
		}
		if (t == p->len)
			break;
		rc = lex_tag(p, t, &otag, &ol, &ctag, &cl, lstart, &top);
		if (rc < 0)
			return rc;
		pos = (uint32_t)rc;
	}
	if (top != NONE)
		return syntax(p, p->tok[top].start, "unclosed section",
		    p->src + p->tok[top].name, p->tok[top].nlen);
	return 0;
}

static int
is_blank_text(const struct parser *p, const struct token *t)
{
	uint32_t	 i;

	for (i = t->start; i < t->end; i++)
		if (!is_space(p->src[i]))
			return 0;
	return 1;
}

/* Pass 2: a line is standalone when it holds whitespace and tags that
 * print nothing: one such tag, or several when one of them belongs to
 * inheritance ("{{<parent}}{{$block}}", "{{/block}}{{/parent}}"), though a
 * partial must be alone. Its whitespace and newline are dropped. */
static void
standalone(struct parser *p)
{
	size_t		 i = 0, j, k;
	int		 ok, ntag, ninh, npart;
	struct token	*t;

	while (i < p->ntok) {
		for (j = i; j < p->ntok; j++)
			if (p->tok[j].type == T_TEXT &&
			    p->src[p->tok[j].end - 1] == '\n') {
				j++;
				break;
			}
		ok = 1;
		ntag = ninh = npart = 0;
		for (k = i; k < j && ok; k++) {
			t = &p->tok[k];
			switch (t->type) {
			case T_TEXT:
				ok = is_blank_text(p, t);
				break;
			case T_VAR:
			case T_RAW:
				ok = 0;
				break;
			case T_PARTIAL:
				npart++;
				break;
			case T_PARENT:
			case T_BLOCK:
				ninh++;
				break;
			case T_CLOSE:
				if (t->opener == T_PARENT ||
				    t->opener == T_BLOCK)
					ninh++;
				break;
			default:
				break;
			}
			if (t->type != T_TEXT)
				ntag++;
		}
		if (ok && (ntag == 1 || (ntag > 1 && ninh > 0 && npart == 0)))
			for (k = i; k < j; k++) {
				t = &p->tok[k];
				t->standalone = 1;
				t->removed = t->type == T_TEXT;
				t->lend = p->tok[j - 1].end;
			}
		i = j;
	}
}

/* Index of the first non-blank byte of the line starting at ls. */
static uint32_t
skip_blank(const struct parser *p, uint32_t ls)
{
	while (ls < p->len && is_blank(p->src[ls]))
		ls++;
	return ls;
}

static int
pool_add(struct parser *p, const char *s, size_t n, uint32_t *off)
{
	*off = (uint32_t)p->pool.len;
	return buf_add(&p->pool, s, n) == -1 ? TMPL_ENOMEM : 0;
}

static struct node *
add_node(struct parser *p, int type, int flags)
{
	struct node	*n;
	size_t		 cap;

	if (p->nnode == p->capnode) {
		cap = p->capnode ? p->capnode * 2 : 32;
		if ((n = realloc(p->nodes, cap * sizeof(*n))) == NULL)
			return NULL;
		p->nodes = n;
		p->capnode = cap;
	}
	n = &p->nodes[p->nnode++];
	memset(n, 0, sizeof(*n));
	n->type = (uint8_t)type;
	n->flags = (uint8_t)flags;
	n->end = (uint32_t)p->nnode;
	p->merge = NONE;
	return n;
}

/* Appends text, growing the previous text node when nothing came between. */
static int
add_text(struct parser *p, uint32_t from, uint32_t to, int flags)
{
	struct node	*n;
	uint32_t	 off;

	n = p->merge != NONE ? &p->nodes[p->merge] : NULL;
	/* A line start is kept by a node of its own unless it follows a
	 * newline inside the text it would join. */
	if (n != NULL && (!(flags & N_BOL) || (from != to && n->len > 0 &&
	    p->pool.p[n->str + n->len - 1] == '\n'))) {
		if (buf_add(&p->pool, p->src + from, to - from) == -1)
			return TMPL_ENOMEM;
		n->len += to - from;
		return 0;
	}
	if (pool_add(p, p->src + from, to - from, &off) != 0 ||
	    (n = add_node(p, T_TEXT, flags)) == NULL)
		return TMPL_ENOMEM;
	n->str = off;
	n->len = to - from;
	p->merge = (uint32_t)(p->nnode - 1);
	return 0;
}

/* Stores the tag's name; context names are split at dots into
 * NUL-terminated segments. */
static int
add_name(struct parser *p, const struct token *t, struct node *n, int split)
{
	const char	*s = p->src + t->name;
	uint32_t	 i, seg = 0, off;
	char		*d;

	if (pool_add(p, s, t->nlen, &off) != 0 || buf_putc(&p->pool, '\0'))
		return TMPL_ENOMEM;
	n->str = off;
	if (!split)
		return 0;
	if (t->nlen == 1 && s[0] == '.')
		return 0;
	d = p->pool.p + off;
	for (i = 0; i <= t->nlen; i++)
		if (i == t->nlen || d[i] == '.') {
			if (i == 0 || d[i - 1] == '\0' || seg == UINT16_MAX)
				return syntax(p, t->start, "bad name", s,
				    t->nlen);
			d[i] = '\0';
			seg++;
		}
	n->nseg = (uint16_t)seg;
	return 0;
}

/* A block's own indentation. When its opening tag stands alone and the
 * block spans lines, that of its first non-blank line; otherwise the
 * whitespace that starts the tag's line. */
static int
block_indent(struct parser *p, const struct token *t, struct node *n)
{
	uint32_t	 ls = t->lstart, e, close = p->tok[t->match].start;

	if (t->standalone && t->lend > 0 && p->src[t->lend - 1] == '\n' &&
	    close >= t->lend) {
		for (ls = t->lend; ; ls = e + 1) {
			e = skip_blank(p, ls);
			if (e >= close || (p->src[e] != '\n' &&
			    (p->src[e] != '\r' || p->src[e + 1] != '\n')))
				break;
			while (p->src[e] != '\n')	/* before close */
				e++;
		}
	}
	n->indlen = skip_blank(p, ls) - ls;
	return pool_add(p, p->src + ls, n->indlen, &n->ind);
}

/* Pass 3: the node array. */
static int
build(struct parser *p)
{
	struct token	*t;
	struct node	*n;
	uint32_t	 cur = NONE, prev;
	size_t		 k;
	int		 bol, rc = 0;

	p->merge = NONE;
	for (k = 0; k < p->ntok && rc == 0; k++) {
		t = &p->tok[k];
		if (t->removed)
			continue;
		bol = t->start == t->lstart && !t->standalone ? N_BOL : 0;
		/* Only blocks matter inside a parent tag. */
		if (cur != NONE && p->nodes[cur].type == T_PARENT &&
		    t->type != T_BLOCK && t->type != T_CLOSE &&
		    t->type != T_SECTION && t->type != T_INVERTED &&
		    t->type != T_PARENT)
			continue;
		switch (t->type) {
		case T_TEXT:
			rc = add_text(p, t->start, t->end, bol);
			break;
		case T_VAR:
		case T_RAW:
			if ((n = add_node(p, t->type, bol)) == NULL)
				return TMPL_ENOMEM;
			rc = add_name(p, t, n, 1);
			break;
		case T_SECTION:
		case T_INVERTED:
		case T_PARENT:
		case T_BLOCK:
		case T_PARTIAL:
			if ((n = add_node(p, t->type, bol |
			    (t->standalone ? N_STANDALONE : 0))) == NULL)
				return TMPL_ENOMEM;
			rc = add_name(p, t, n, t->type == T_SECTION ||
			    t->type == T_INVERTED);
			if (rc == 0 && t->type == T_BLOCK)
				rc = block_indent(p, t, n);
			else if (rc == 0 && (t->type == T_PARTIAL ||
			    t->type == T_PARENT) && t->standalone) {
				n->indlen = skip_blank(p, t->lstart) -
				    t->lstart;
				rc = pool_add(p, p->src + t->lstart,
				    n->indlen, &n->ind);
			}
			if (t->type != T_PARTIAL) {
				n->end = cur;	/* parent link until closed */
				cur = (uint32_t)(p->nnode - 1);
			}
			break;
		case T_CLOSE:
			assert(cur != NONE);
			/* "text{{/block}}\n" after a standalone "{{$block}}"
			 * keeps its line's newline inside the block. */
			if (t->opener == T_BLOCK && !t->standalone &&
			    (p->nodes[cur].flags & N_STANDALONE) &&
			    k + 1 < p->ntok && p->tok[k + 1].type == T_TEXT &&
			    p->src[p->tok[k + 1].end - 1] == '\n' &&
			    is_blank_text(p, &p->tok[k + 1])) {
				rc = add_text(p, p->tok[k + 1].start,
				    p->tok[k + 1].end, 0);
				p->tok[++k].removed = 1;
				bol = 0;
			}
			prev = p->nodes[cur].end;
			p->nodes[cur].end = (uint32_t)p->nnode;
			cur = prev;
			p->merge = NONE;
			/* FALLTHROUGH */
		case T_COMMENT:
		case T_DELIM:
			/* Keep the line start of a line that begins here. */
			if (bol && rc == 0)
				rc = add_text(p, t->end, t->end, bol);
			break;
		default:
			assert(!"unexpected token");
			return TMPL_ESYNTAX;
		}
	}
	return rc;
}

static void
tmpl_clear(struct tmpl *t)
{
	free(t->pool);
	free(t->nodes);
	t->pool = NULL;
	t->nodes = NULL;
	t->n = 0;
}

/* Parses src into t (whose name is set). On success t->state is S_OK;
 * on TMPL_ESYNTAX it is S_BROKEN with s->err set; on ENOMEM t is untouched. */
static int
parse(tmpl_set *s, struct tmpl *t, const char *src, size_t len)
{
	struct parser	 p;
	int		 rc;

	memset(&p, 0, sizeof(p));
	p.s = s;
	p.name = t->name;
	p.src = src != NULL ? src : "";
	p.len = (uint32_t)len;
	buf_init(&p.pool);
	if (len >= UINT32_MAX / 2)
		rc = syntax(&p, 0, "template too large", NULL, 0);
	else if (buf_add(&p.pool, "", 0) == -1)	/* pool never NULL */
		rc = TMPL_ENOMEM;
	else if ((rc = lex(&p)) == 0) {
		standalone(&p);
		rc = build(&p);
	}
	free(p.tok);
	if (rc == TMPL_ENOMEM) {
		buf_clear(&p.pool);
		free(p.nodes);
		return rc;
	}
	tmpl_clear(t);
	if (rc == 0) {
		t->pool = buf_steal(&p.pool);
		t->nodes = p.nodes;
		t->n = (uint32_t)p.nnode;
		t->state = S_OK;
	} else {
		buf_clear(&p.pool);
		free(p.nodes);
		t->state = S_BROKEN;
	}
	return rc;
}

/* --- the set ------------------------------------------------------------- */

static uint32_t
hash(const char *s)
{
	uint32_t	 h = 2166136261u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static struct tmpl **
slot(tmpl_set *s, const char *name, uint32_t h)
{
	struct tmpl	**pp;

	for (pp = &s->tab[h & (s->ntab - 1)]; *pp != NULL; pp = &(*pp)->next)
		if ((*pp)->hash == h && strcmp((*pp)->name, name) == 0)
			break;
	return pp;
}

static void
tmpl_free(struct tmpl *t)
{
	if (t == NULL)
		return;
	tmpl_clear(t);
	free(t->name);
	free(t);
}

/* Inserts t (not yet in the set), growing the table when it fills. */
static int
insert(tmpl_set *s, struct tmpl *t)
{
	struct tmpl	**tab, *e, *next;
	size_t		  i, n;

	if (s->count >= s->ntab) {
		n = s->ntab * 2;
		if ((tab = calloc(n, sizeof(*tab))) == NULL)
			return TMPL_ENOMEM;
		for (i = 0; i < s->ntab; i++)
			for (e = s->tab[i]; e != NULL; e = next) {
				next = e->next;
				e->next = tab[e->hash & (n - 1)];
				tab[e->hash & (n - 1)] = e;
			}
		free(s->tab);
		s->tab = tab;
		s->ntab = n;
	}
	t->next = s->tab[t->hash & (s->ntab - 1)];
	s->tab[t->hash & (s->ntab - 1)] = t;
	s->count++;
	return 0;
}

static struct tmpl *
tmpl_new(const char *name, uint32_t h)
{
	struct tmpl	*t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	if ((t->name = strdup(name)) == NULL) {
		free(t);
		return NULL;
	}
	t->hash = h;
	t->state = S_MISSING;
	return t;
}

/* The parsed template `name`, loading it on first use. NULL with *rc 0
 * when it does not exist, or with a negative *rc on failure. */
static struct tmpl *
fetch(tmpl_set *s, const char *name, int *rc)
{
	struct tmpl	*t;
	uint32_t	 h = hash(name);
	buf		 src;
	int		 lr;

	*rc = 0;
	if ((t = *slot(s, name, h)) == NULL) {
		if (s->load == NULL)
			return NULL;
		if ((t = tmpl_new(name, h)) == NULL) {
			*rc = TMPL_ENOMEM;
			return NULL;
		}
		buf_init(&src);
		lr = s->load(s->ud, name, &src);
		if (lr == 0 && parse(s, t, src.p, src.len) == TMPL_ENOMEM)
			*rc = TMPL_ENOMEM;
		buf_clear(&src);
		if (*rc == 0)
			*rc = insert(s, t);
		if (*rc != 0) {
			tmpl_free(t);
			return NULL;
		}
	}
	if (t->state == S_BROKEN)
		*rc = TMPL_ESYNTAX;
	return t->state == S_OK ? t : NULL;
}

tmpl_set *
tmpl_set_new(tmpl_loader load, void *ud)
{
	tmpl_set	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->ntab = 16;
	if ((s->tab = calloc(s->ntab, sizeof(*s->tab))) == NULL) {
		free(s);
		return NULL;
	}
	s->load = load;
	s->ud = ud;
	s->max_out = TMPL_MAX_OUTPUT;
	s->max_steps = TMPL_MAX_STEPS;
	buf_init(&s->ind);
	buf_init(&s->pend);
	return s;
}

/* The tmpl_set_new_dir loader: <dir>/<name>.html. */
static int
load_dir(void *ud, const char *name, buf *out)
{
	char		*path = NULL;
	char		 chunk[8192];
	FILE		*f;
	size_t		 n;
	int		 rc = 0;

	if (name[0] == '\0' || name[0] == '/' || strstr(name, "..") != NULL)
		return -1;
	if (asprintf(&path, "%s/%s.html", (const char *)ud, name) == -1)
		return -1;
	f = fopen(path, "rb");
	free(path);
	if (f == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(out, chunk, n) == -1) {
			rc = -1;
			break;
		}
	if (ferror(f))
		rc = -1;
	fclose(f);
	return rc;
}

tmpl_set *
tmpl_set_new_dir(const char *dir)
{
	tmpl_set	*s;
	char		*d;

	if (dir == NULL || (d = strdup(dir)) == NULL)
		return NULL;
	if ((s = tmpl_set_new(load_dir, d)) == NULL) {
		free(d);
		return NULL;
	}
	s->dir = d;
	return s;
}

void
tmpl_set_free(tmpl_set *s)
{
	struct tmpl	*t, *next;
	size_t		 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->ntab; i++)
		for (t = s->tab[i]; t != NULL; t = next) {
			next = t->next;
			tmpl_free(t);
		}
	free(s->tab);
	free(s->dir);
	buf_clear(&s->ind);
	buf_clear(&s->pend);
	free(s);
}

int
tmpl_set_add(tmpl_set *s, const char *name, const char *src, size_t len)
{
	struct tmpl	*t, **pp;
	int		 rc;

	if (s == NULL || name == NULL || (src == NULL && len > 0))
		return TMPL_EINVAL;
	if ((t = tmpl_new(name, hash(name))) == NULL)
		return TMPL_ENOMEM;
	if ((rc = parse(s, t, src, len)) == TMPL_ENOMEM) {
		tmpl_free(t);
		return rc;
	}
	pp = slot(s, name, t->hash);
	if (*pp != NULL) {
		t->next = (*pp)->next;
		tmpl_free(*pp);
		*pp = t;
	} else if (insert(s, t) != 0) {
		tmpl_free(t);
		return TMPL_ENOMEM;
	}
	return rc;
}

void
tmpl_set_limits(tmpl_set *s, size_t max_output, size_t max_steps)
{
	if (s == NULL)
		return;
	s->max_out = max_output > 0 ? max_output : TMPL_MAX_OUTPUT;
	s->max_steps = max_steps > 0 ? max_steps : TMPL_MAX_STEPS;
}

const char *
tmpl_set_errmsg(const tmpl_set *s)
{
	return s == NULL ? "" : s->err;
}

const char *
tmpl_strerror(int code)
{
	switch (code) {
	case TMPL_OK:
		return "success";
	case TMPL_ENOTFOUND:
		return "no such template";
	case TMPL_ESYNTAX:
		return "template syntax error";
	case TMPL_ENOMEM:
		return "out of memory";
	case TMPL_EDEPTH:
		return "template nesting too deep";
	case TMPL_EINVAL:
		return "invalid argument";
	case TMPL_ELIMIT:
		return "template output or work over the limit";
	default:
		return "unknown template error";
	}
}

/* --- rendering ----------------------------------------------------------- */

struct frame {
	const struct tmpl	*t;
	uint32_t		 at;	/* a T_PARENT node: its blocks are args */
};

struct render {
	tmpl_set		*s;
	buf			*out;
	int			 bol;	/* output is at the start of a line */
	int			 armed;	/* pend goes before the line's 1st byte */
	buf			*pend;	/* the indentation armed */
	buf			*ind;	/* indentation is ind->p[ioff..ind->len) */
	size_t			 ioff;
	const char		*strip;	/* removed from the start of lines */
	size_t			 nstrip;
	int			 depth;
	size_t			 nctx, nframe;
	size_t			 mark;	/* out->len when the render began */
	size_t			 steps;	/* counted against s->max_steps */
	struct json_object	*ctx[TMPL_MAX_DEPTH + 1];
	struct frame		 frame[TMPL_MAX_DEPTH];
};

/* Saved indentation state around an included partial or block. */
struct scope {
	size_t		 len, ioff, nstrip;
	const char	*strip;
};

static int	run(struct render *, const struct tmpl *, uint32_t, uint32_t);

static int
put(struct render *r, const char *p, size_t n)
{
	size_t	 add = n;

	if (n == 0)
		return 0;
	if (r->armed && p[0] != '\n' && p[0] != '\r')
		add += r->pend->len;
	if (add > r->s->max_out - (r->out->len - r->mark))
		return TMPL_ELIMIT;
	if (r->armed) {
		r->armed = 0;
		if (p[0] != '\n' && p[0] != '\r' &&
		    buf_add(r->out, r->pend->p, r->pend->len) == -1)
			return TMPL_ENOMEM;
	}
	if (buf_add(r->out, p, n) == -1)
		return TMPL_ENOMEM;
	r->bol = p[n - 1] == '\n';
	return 0;
}

static int
put_escaped(struct render *r, const char *p, size_t n)
{
	size_t		 i, from = 0;
	const char	*rep;
	int		 rc;

	for (i = 0; i < n; i++) {
		switch (p[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		if ((rc = put(r, p + from, i - from)) != 0 ||
		    (rc = put(r, rep, strlen(rep))) != 0)
			return rc;
		from = i + 1;
	}
	return put(r, p + from, n - from);
}

/* A source line starts: arm the indentation if output is at a line start
 * and none is armed yet (an enclosing line start wins). */
static int
line_start(struct render *r)
{
	if (r->ind->len == r->ioff || !r->bol || r->armed)
		return 0;
	buf_reset(r->pend);
	if (buf_add(r->pend, r->ind->p + r->ioff, r->ind->len - r->ioff) == -1)
		return TMPL_ENOMEM;
	r->armed = 1;
	return 0;
}

static int
text(struct render *r, const struct node *n, const char *pool)
{
	const char	*p = pool + n->str, *e = p + n->len, *nl;
	size_t		 k;
	int		 bol = n->flags & N_BOL, rc;

	if (r->ind->len == r->ioff && r->nstrip == 0)
		return put(r, p, n->len);
	do {
		if (bol) {
			for (k = 0; k < r->nstrip && p + k < e &&
			    p[k] == r->strip[k]; k++)
				continue;
			p += k;
			if ((rc = line_start(r)) != 0)
				return rc;
		}
		if (p == e)	/* an empty marker of a line start */
			break;
		nl = memchr(p, '\n', (size_t)(e - p));
		nl = nl != NULL ? nl + 1 : e;
		if ((rc = put(r, p, (size_t)(nl - p))) != 0)
			return rc;
		p = nl;
		bol = 1;
	} while (p < e);
	return 0;
}

/* Resolves a (dotted) name against the context stack; NULL for a miss. */
static struct json_object *
lookup(const struct render *r, const char *name, unsigned nseg)
{
	struct json_object	*v = NULL;
	size_t			 i;

	if (nseg == 0)
		return r->ctx[r->nctx - 1];
	for (i = r->nctx; i > 0; i--)
		if (json_object_object_get_ex(r->ctx[i - 1], name, &v))
			break;
	if (i == 0)
		return NULL;
	while (--nseg > 0) {
		name += strlen(name) + 1;
		/* "list.0": a segment of digits indexes an array. */
		if (json_object_is_type(v, json_type_array) && *name != '\0' &&
		    strspn(name, "0123456789") == strlen(name) &&
		    strlen(name) < 10) {
			size_t k = (size_t)strtoul(name, NULL, 10);

			if (k >= json_object_array_length(v))
				return NULL;
			v = json_object_array_get_idx(v, k);
			continue;
		}
		if (!json_object_object_get_ex(v, name, &v))
			return NULL;
	}
	return v;
}

static int
truthy(struct json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_null:
		return 0;
	case json_type_boolean:
		return json_object_get_boolean(v);
	case json_type_array:
		return json_object_array_length(v) > 0;
	case json_type_string:
		return json_object_get_string_len(v) > 0;
	default:
		return 1;
	}
}

static int
interpolate(struct render *r, struct json_object *v, int escape)
{
	char		 num[32];
	const char	*s;
	int64_t		 i;
	size_t		 n;

	switch (json_object_get_type(v)) {
	case json_type_null:
		return 0;
	case json_type_boolean:
		s = json_object_get_boolean(v) ? "true" : "false";
		n = strlen(s);
		break;
	case json_type_int:
		if ((i = json_object_get_int64(v)) == INT64_MAX)
			snprintf(num, sizeof(num), "%" PRIu64,
			    json_object_get_uint64(v));
		else
			snprintf(num, sizeof(num), "%" PRId64, i);
		s = num;
		n = strlen(s);
		break;
	case json_type_string:
		s = json_object_get_string(v);
		n = (size_t)json_object_get_string_len(v);
		break;
	default:	/* doubles as json-c prints them; objects, arrays */
		if ((s = json_object_to_json_string_ext(v,
		    JSON_C_TO_STRING_PLAIN)) == NULL)
			return TMPL_ENOMEM;
		n = strlen(s);
		break;
	}
	return escape ? put_escaped(r, s, n) : put(r, s, n);
}

static int
push(struct render *r, struct json_object *v)
{
	if (r->nctx == sizeof(r->ctx) / sizeof(r->ctx[0]))
		return TMPL_EDEPTH;
	r->ctx[r->nctx++] = v;
	return 0;
}

static int
section(struct render *r, const struct tmpl *t, uint32_t i)
{
	const struct node	*n = &t->nodes[i];
	struct json_object	*v = lookup(r, t->pool + n->str, n->nseg);
	size_t			 k, len;
	int			 rc = 0;

	if (json_object_is_type(v, json_type_array)) {
		len = json_object_array_length(v);
		for (k = 0; k < len && rc == 0; k++) {
			if ((rc = push(r, json_object_array_get_idx(v, k))))
				break;
			rc = run(r, t, i + 1, n->end);
			r->nctx--;
		}
	} else if (truthy(v) && (rc = push(r, v)) == 0) {
		rc = run(r, t, i + 1, n->end);
		r->nctx--;
	}
	return rc;
}

/* Enters a scope whose lines get the current indentation plus add (less
 * what the current lines strip), or none at all when !keep; its own lines
 * then lose strip. */
static int
enter(struct render *r, struct scope *sc, int keep, const char *add,
    size_t addlen, const char *strip, size_t nstrip)
{
	size_t		 k;

	sc->len = r->ind->len;
	sc->ioff = r->ioff;
	sc->strip = r->strip;
	sc->nstrip = r->nstrip;
	if (!keep)
		r->ioff = r->ind->len;
	else {
		for (k = 0; k < addlen && k < r->nstrip &&
		    add[k] == r->strip[k]; k++)
			continue;
		if (buf_add(r->ind, add + k, addlen - k) == -1)
			return TMPL_ENOMEM;
	}
	r->strip = strip;
	r->nstrip = nstrip;
	return 0;
}

static void
leave(struct render *r, const struct scope *sc)
{
	r->ind->len = sc->len;
	if (r->ind->p != NULL)
		r->ind->p[sc->len] = '\0';
	r->ioff = sc->ioff;
	r->strip = sc->strip;
	r->nstrip = sc->nstrip;
}

/* {{>partial}} and {{<parent}}...{{/parent}}. */
static int
include(struct render *r, const struct tmpl *t, uint32_t i)
{
	const struct node	*n = &t->nodes[i];
	const struct tmpl	*p;
	struct scope		 sc;
	int			 rc;

	if ((p = fetch(r->s, t->pool + n->str, &rc)) == NULL)
		return rc;
	if (n->type == T_PARENT) {
		if (r->nframe == TMPL_MAX_DEPTH)
			return TMPL_EDEPTH;
		r->frame[r->nframe].t = t;
		r->frame[r->nframe++].at = i;
	}
	if ((rc = enter(r, &sc, n->flags & N_STANDALONE, t->pool + n->ind,
	    n->indlen, NULL, 0)) == 0)
		rc = run(r, p, 0, p->n);
	leave(r, &sc);
	if (n->type == T_PARENT)
		r->nframe--;
	return rc;
}

/* {{$block}}: the outermost argument of that name, else its own content. */
static int
block(struct render *r, const struct tmpl *t, uint32_t i)
{
	const struct node	*n = &t->nodes[i], *a;
	const struct tmpl	*ft;
	const char		*name = t->pool + n->str;
	struct scope		 sc;
	size_t			 f;
	uint32_t		 j;
	int			 rc;

	for (f = 0; f < r->nframe; f++) {
		ft = r->frame[f].t;
		for (j = r->frame[f].at + 1; j < ft->nodes[r->frame[f].at].end;
		    j = ft->nodes[j].end) {
			a = &ft->nodes[j];
			if (a->type != T_BLOCK ||
			    strcmp(ft->pool + a->str, name) != 0)
				continue;
			if ((rc = enter(r, &sc, 1, t->pool + n->ind,
			    n->indlen, ft->pool + a->ind, a->indlen)) == 0)
				rc = run(r, ft, j + 1, a->end);
			leave(r, &sc);
			return rc;
		}
	}
	return run(r, t, i + 1, n->end);
}

/* Renders nodes [i, end) of t. */
static int
run(struct render *r, const struct tmpl *t, uint32_t i, uint32_t end)
{
	const struct node	*n;
	int			 rc = 0;

	if (r->depth == TMPL_MAX_DEPTH)
		return TMPL_EDEPTH;
	if (r->steps++ >= r->s->max_steps)
		return TMPL_ELIMIT;
	r->depth++;
	for (; i < end && rc == 0; i = n->end) {
		n = &t->nodes[i];
		if (r->steps++ >= r->s->max_steps) {
			rc = TMPL_ELIMIT;
			break;
		}
		if ((n->flags & N_BOL) && n->type != T_TEXT &&
		    (rc = line_start(r)) != 0)
			break;
		switch (n->type) {
		case T_TEXT:
			rc = text(r, n, t->pool);
			break;
		case T_VAR:
		case T_RAW:
			rc = interpolate(r, lookup(r, t->pool + n->str,
			    n->nseg), n->type == T_VAR);
			break;
		case T_SECTION:
			rc = section(r, t, i);
			break;
		case T_INVERTED:
			if (!truthy(lookup(r, t->pool + n->str, n->nseg)))
				rc = run(r, t, i + 1, n->end);
			break;
		case T_PARTIAL:
		case T_PARENT:
			rc = include(r, t, i);
			break;
		case T_BLOCK:
			rc = block(r, t, i);
			break;
		default:
			assert(!"unexpected node");
			rc = TMPL_ESYNTAX;
			break;
		}
	}
	r->depth--;
	return rc;
}

int
tmpl_render(tmpl_set *s, const char *name, struct json_object *ctx, buf *out)
{
	struct render		 r;
	const struct tmpl	*t;
	int			 rc;

	if (s == NULL || name == NULL || out == NULL)
		return TMPL_EINVAL;
	if ((t = fetch(s, name, &rc)) == NULL)
		return rc != 0 ? rc : TMPL_ENOTFOUND;
	memset(&r, 0, offsetof(struct render, ctx));
	r.s = s;
	r.out = out;
	r.bol = 1;
	r.ind = &s->ind;
	r.pend = &s->pend;
	buf_reset(r.ind);
	r.ctx[0] = ctx;
	r.nctx = 1;
	r.mark = out->len;
	rc = run(&r, t, 0, t->n);
	if (rc != 0 && out->p != NULL) {
		out->len = r.mark;
		out->p[r.mark] = '\0';
	}
	return rc;
}
