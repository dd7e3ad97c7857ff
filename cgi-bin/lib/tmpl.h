/* tmpl: mustache templates (spec v1.4.2: interpolation, sections, inverted
 * sections, comments, partials, set-delimiter and inheritance; no lambdas)
 * rendered over json-c values. Every page of the site goes through here.
 *
 * A tmpl_set parses each template once (when added, or on first use when it
 * comes from the loader) into a flat node tree cached by name; renders only
 * walk those trees. Partials and parents come
 * from the same namespace and are fetched through the set's loader the first
 * time they are named (a miss is cached as well and renders as "").
 *
 * Data rules (where the spec leaves the choice to the implementation):
 *   falsy:  a missing name, JSON null, false, [] and the empty string "";
 *           everything else is truthy, including 0, 0.0 and {}.
 *   output: strings verbatim, integers in decimal, doubles as json-c prints
 *           them (a parsed 1.21 stays "1.21"), true/false, null as "",
 *           objects and arrays as compact JSON. {{x}} escapes & < > " ' as
 *           &amp; &lt; &gt; &quot; &#39;; {{{x}}} and {{&x}} do not.
 *   indentation: lines of a standalone partial or parent are indented by the
 *           whitespace before its tag (one sharing its line with other output
 *           is not indented at all); blocks are reindented as the spec's
 *           inheritance cases require. Indentation is never added to an empty
 *           line, nor to lines that come from data.
 *
 * A set is not thread-safe: use one per thread (FastCGI workers have one).
 * Recursion (sections, partials, parents, blocks together) is capped at
 * TMPL_MAX_DEPTH levels; beyond that a render fails with TMPL_EDEPTH.
 * A render's work is capped too, since depth alone does not bound it (a
 * loop over a list inside a loop over it, a partial that includes itself
 * twice per level of the data): beyond TMPL_MAX_OUTPUT bytes written or
 * TMPL_MAX_STEPS steps it fails with TMPL_ELIMIT (see tmpl_set_limits). */
#ifndef PT_TMPL_H
#define PT_TMPL_H
#include <stddef.h>
#include "buf.h"

struct json_object;

#define TMPL_MAX_DEPTH	100
#define TMPL_MAX_OUTPUT	((size_t)32 << 20)	/* bytes one render may write */
#define TMPL_MAX_STEPS	((size_t)10000000)	/* nodes visited and node lists
						 * entered (section passes,
						 * partials) by one render */

enum {
	TMPL_OK = 0,
	TMPL_ENOTFOUND = -1,	/* no template by that name */
	TMPL_ESYNTAX = -2,	/* the template (or a partial of it) is malformed */
	TMPL_ENOMEM = -3,
	TMPL_EDEPTH = -4,	/* nesting deeper than TMPL_MAX_DEPTH */
	TMPL_EINVAL = -5,	/* a required argument was NULL */
	TMPL_ELIMIT = -6	/* the render went past its output or step limit */
};

typedef struct tmpl_set tmpl_set;

/* Loader: append the source of template `name` to out (which arrives
 * empty) and return 0, or return -1 when there is no such template. The set
 * calls it once per name and caches the answer, a miss included (it asks
 * again only after an out-of-memory failure). It must not call back into
 * the set. */
typedef int (*tmpl_loader)(void *ud, const char *name, buf *out);

/* A new empty set. load may be NULL (only tmpl_set_add templates exist);
 * ud is passed to load untouched and stays owned by the caller, who keeps
 * it alive as long as the set. Returns NULL when memory runs out. */
tmpl_set	*tmpl_set_new(tmpl_loader load, void *ud);

/* A set whose loader reads <dir>/<name>.html. Names that are empty, start
 * with "/" or contain ".." are refused (treated as missing). dir is copied.
 * Returns NULL when dir is NULL or memory runs out. */
tmpl_set	*tmpl_set_new_dir(const char *dir);

/* Frees the set and every parsed template; s == NULL is a no-op. */
void		 tmpl_set_free(tmpl_set *s);

/* Sets the limits of the set's later renders: at most max_output bytes
 * written and max_steps steps each; 0 means the default (TMPL_MAX_OUTPUT,
 * TMPL_MAX_STEPS). s == NULL is a no-op. */
void		 tmpl_set_limits(tmpl_set *s, size_t max_output,
		    size_t max_steps);

/* Parses src[0..len) (copied; NUL bytes allowed) and stores it as `name`,
 * replacing any template of that name. Returns TMPL_OK; TMPL_ESYNTAX when
 * src is malformed (the name is then recorded as broken, so rendering it
 * fails with TMPL_ESYNTAX too; tmpl_set_errmsg says why); TMPL_ENOMEM; or
 * TMPL_EINVAL when s or name is NULL, or src is NULL with len > 0. */
int		 tmpl_set_add(tmpl_set *s, const char *name, const char *src,
		    size_t len);

/* Renders template `name` against ctx (NULL behaves like an empty object;
 * ctx is only read, never kept) and appends the result to out. Returns
 * TMPL_OK; TMPL_ENOTFOUND when `name` itself does not exist (missing
 * partials render as ""); TMPL_ESYNTAX when it or a partial it reaches does
 * not parse; TMPL_EDEPTH; TMPL_ELIMIT; TMPL_ENOMEM; TMPL_EINVAL when s,
 * name or out is NULL. On failure out is restored to what it held before the call. */
int		 tmpl_render(tmpl_set *s, const char *name,
		    struct json_object *ctx, buf *out);

/* A short English description of the last parse error in the set, such as
 * "page: line 3: unclosed section \"items\"", or "" when there was none.
 * Owned by the set, valid until the next call on it; s == NULL gives "". */
const char	*tmpl_set_errmsg(const tmpl_set *s);

/* A static English description of a TMPL_* code (never NULL). */
const char	*tmpl_strerror(int code);

#endif
