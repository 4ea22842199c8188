/*
 * mustache.c: value trees and a mustache renderer; see mustache.h.
 *
 * A template is first cut into tokens (text, variables, section bounds,
 * partials).  Comments and delimiter changes leave no token, and the
 * standalone-line rule is applied while cutting, so rendering is a plain
 * walk over the token array.  Sections recurse, bounded by
 * MUSTACHE_MAX_DEPTH; partials are cut when they are reached, with the
 * standalone indentation applied to their source first (as the spec says:
 * interpolated values are not re-indented).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "mustache.h"
#include "strbuf.h"
#include "util.h"

struct mvalue {
	enum mvalue_type	  type;
	int			  b;
	char			 *s;
	size_t			  slen;
	char			**keys;		/* MV_MAP */
	struct mvalue		**items;	/* MV_LIST items, MV_MAP values */
	size_t			  n;
	size_t			  cap;
};

/* --- values */

static struct mvalue *
mv_new(enum mvalue_type type)
{
	struct mvalue *v = xcalloc(1, sizeof(*v));

	v->type = type;
	return v;
}

struct mvalue *
mv_null(void)
{
	return mv_new(MV_NULL);
}

struct mvalue *
mv_bool(int b)
{
	struct mvalue *v = mv_new(MV_BOOL);

	v->b = b != 0;
	return v;
}

struct mvalue *
mv_strn(const char *s, size_t len)
{
	struct mvalue *v = mv_new(MV_STRING);

	v->s = xmalloc(len + 1);
	if (len > 0)
		memcpy(v->s, s, len);
	v->s[len] = '\0';
	v->slen = len;
	return v;
}

struct mvalue *
mv_str(const char *s)
{
	return s == NULL ? mv_null() : mv_strn(s, strlen(s));
}

struct mvalue *
mv_strf(const char *fmt, ...)
{
	struct mvalue	*v = mv_new(MV_STRING);
	va_list		 ap;

	va_start(ap, fmt);
	if (vasprintf(&v->s, fmt, ap) == -1)
		v->s = NULL;
	va_end(ap);
	if (v->s == NULL)
		v->s = xstrdup("");	/* exits: out of memory */
	v->slen = strlen(v->s);
	return v;
}

struct mvalue *
mv_int(long long n)
{
	return mv_strf("%lld", n);
}

struct mvalue *
mv_list(void)
{
	return mv_new(MV_LIST);
}

struct mvalue *
mv_map(void)
{
	return mv_new(MV_MAP);
}

static void
mv_grow(struct mvalue *c)
{
	if (c->n < c->cap)
		return;
	c->cap = c->cap == 0 ? 8 : c->cap * 2;
	c->items = xrealloc(c->items, c->cap * sizeof(*c->items));
	if (c->type == MV_MAP)
		c->keys = xrealloc(c->keys, c->cap * sizeof(*c->keys));
}

static ssize_t
map_find(const struct mvalue *m, const char *key, size_t klen)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strlen(m->keys[i]) == klen && memcmp(m->keys[i], key, klen) == 0)
			return (ssize_t)i;
	return -1;
}

struct mvalue *
mv_set(struct mvalue *map, const char *key, struct mvalue *v)
{
	ssize_t i;

	if (map == NULL || map->type != MV_MAP) {
		mv_free(v);
		return NULL;
	}
	if ((i = map_find(map, key, strlen(key))) != -1) {
		mv_free(map->items[i]);
		map->items[i] = v;
		return v;
	}
	mv_grow(map);
	map->keys[map->n] = xstrdup(key);
	map->items[map->n++] = v;
	return v;
}

struct mvalue *
mv_push(struct mvalue *list, struct mvalue *v)
{
	if (list == NULL || list->type != MV_LIST) {
		mv_free(v);
		return NULL;
	}
	mv_grow(list);
	list->items[list->n++] = v;
	return v;
}

void
mv_set_str(struct mvalue *map, const char *key, const char *s)
{
	mv_set(map, key, mv_str(s));
}

void
mv_set_strf(struct mvalue *map, const char *key, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		s = NULL;
	va_end(ap);
	if (s == NULL)
		s = xstrdup("");
	mv_set(map, key, mv_str(s));
	free(s);
}

void
mv_set_int(struct mvalue *map, const char *key, long long n)
{
	mv_set(map, key, mv_int(n));
}

void
mv_set_bool(struct mvalue *map, const char *key, int b)
{
	mv_set(map, key, mv_bool(b));
}

struct mvalue *
mv_set_map(struct mvalue *map, const char *key)
{
	return mv_set(map, key, mv_map());
}

struct mvalue *
mv_set_list(struct mvalue *map, const char *key)
{
	return mv_set(map, key, mv_list());
}

struct mvalue *
mv_push_map(struct mvalue *list)
{
	return mv_push(list, mv_map());
}

enum mvalue_type
mv_type(const struct mvalue *v)
{
	return v == NULL ? MV_NULL : v->type;
}

const struct mvalue *
mv_get(const struct mvalue *map, const char *key)
{
	ssize_t i;

	if (map == NULL || map->type != MV_MAP)
		return NULL;
	if ((i = map_find(map, key, strlen(key))) == -1)
		return NULL;
	return map->items[i];
}

const char *
mv_string(const struct mvalue *v, size_t *lenp)
{
	if (v == NULL || v->type != MV_STRING)
		return NULL;
	if (lenp != NULL)
		*lenp = v->slen;
	return v->s;
}

int
mv_truthy(const struct mvalue *v)
{
	if (v == NULL)
		return 0;
	switch (v->type) {
	case MV_NULL:
		return 0;
	case MV_BOOL:
		return v->b;
	case MV_STRING:
		return v->slen > 0;
	case MV_LIST:
		return v->n > 0;
	case MV_MAP:
		return 1;
	}
	return 0;
}

size_t
mv_len(const struct mvalue *v)
{
	if (v == NULL || (v->type != MV_LIST && v->type != MV_MAP))
		return 0;
	return v->n;
}

const struct mvalue *
mv_at(const struct mvalue *list, size_t i)
{
	if (list == NULL || list->type != MV_LIST || i >= list->n)
		return NULL;
	return list->items[i];
}

/* Iterative: a tree built from data must not be able to overflow the stack. */
void
mv_free(struct mvalue *root)
{
	struct mvalue	**work = NULL, *v;
	size_t		  n = 0, cap = 0, i;

	if (root == NULL)
		return;
	work = xmalloc(16 * sizeof(*work));
	cap = 16;
	work[n++] = root;
	while (n > 0) {
		v = work[--n];
		for (i = 0; i < v->n; i++) {
			if (n == cap) {
				cap *= 2;
				work = xrealloc(work, cap * sizeof(*work));
			}
			work[n++] = v->items[i];
			if (v->type == MV_MAP)
				free(v->keys[i]);
		}
		free(v->items);
		free(v->keys);
		free(v->s);
		free(v);
	}
	free(work);
}

/* --- templates: cutting into tokens */

enum tok_type {
	TK_TEXT,
	TK_VAR,
	TK_RAW,
	TK_SECTION,
	TK_INVERTED,
	TK_CLOSE,
	TK_PARTIAL
};

struct tok {
	enum tok_type	 type;
	const char	*s;		/* text, or the trimmed name */
	size_t		 len;
	size_t		 end;		/* SECTION/INVERTED: index of its CLOSE */
	const char	*indent;	/* PARTIAL: standalone indentation */
	size_t		 indentlen;
};

struct tmpl {
	struct tok	*v;
	size_t		 n;
	size_t		 cap;
};

#define DELIM_MAX	16	/* longest custom delimiter */

struct cutter {
	const char	*src;
	size_t		 len;
	char		 otag[DELIM_MAX];
	size_t		 olen;
	char		 ctag[DELIM_MAX + 1];	/* room for a leading '}' or '=' */
	size_t		 clen;
	size_t		 open[MUSTACHE_MAX_DEPTH];
	size_t		 nopen;
	struct tmpl	*t;
	char		*err;
	size_t		 errlen;
};

static unsigned
line_of(const char *src, size_t off)
{
	unsigned	 line = 1;
	size_t		 i;

	for (i = 0; i < off; i++)
		if (src[i] == '\n')
			line++;
	return line;
}

static int
cut_fail(struct cutter *c, size_t off, const char *what)
{
	snprintf(c->err, c->errlen, "line %u: %s", line_of(c->src, off), what);
	return -1;
}

static struct tok *
tok_add(struct tmpl *t, enum tok_type type, const char *s, size_t len)
{
	struct tok *k;

	if (t->n == t->cap) {
		t->cap = t->cap == 0 ? 32 : t->cap * 2;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	k = &t->v[t->n++];
	memset(k, 0, sizeof(*k));
	k->type = type;
	k->s = s;
	k->len = len;
	return k;
}

static int
is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static int
is_space(char ch)
{
	return is_blank(ch) || ch == '\r' || ch == '\n' || ch == '\f' || ch == '\v';
}

static int
sigil_in(char ch, const char *set)
{
	return ch != '\0' && strchr(set, ch) != NULL;
}

static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && is_space((*s)[*len - 1]))
		(*len)--;
}

/* {{=<% %>=}}: the content between the '='s names two new delimiters. */
static int
cut_delims(struct cutter *c, const char *s, size_t len, size_t off)
{
	size_t	 a, b;

	trim(&s, &len);
	for (a = 0; a < len && !is_space(s[a]); a++)
		;
	for (b = a; b < len && is_space(s[b]); b++)
		;
	if (a == 0 || b == a || b == len || a > DELIM_MAX || len - b > DELIM_MAX)
		return cut_fail(c, off, "bad set-delimiter tag");
	if (memchr(s, '=', a) != NULL || memchr(s + b, '=', len - b) != NULL)
		return cut_fail(c, off, "a delimiter may not contain '='");
	for (size_t i = b; i < len; i++)
		if (is_space(s[i]))
			return cut_fail(c, off, "bad set-delimiter tag");
	memcpy(c->otag, s, a);
	c->olen = a;
	memcpy(c->ctag, s + b, len - b);
	c->clen = len - b;
	return 0;
}

/*
 * A section, inverted, close, comment, partial or delimiter tag alone on
 * its line (only blanks around it) takes the whole line with it.  Returns
 * where the text after it resumes, or 0 if the tag is not standalone.
 */
static size_t
standalone_end(const struct cutter *c, size_t tagstart, size_t tagend, size_t *ls)
{
	size_t e;

	*ls = tagstart;
	while (*ls > 0 && is_blank(c->src[*ls - 1]))
		(*ls)--;
	if (*ls > 0 && c->src[*ls - 1] != '\n')
		return 0;
	for (e = tagend; e < c->len && is_blank(c->src[e]); e++)
		;
	if (e == c->len)
		return e;
	if (c->src[e] == '\n')
		return e + 1;
	if (c->src[e] == '\r' && e + 1 < c->len && c->src[e + 1] == '\n')
		return e + 2;
	return 0;
}

static int
cut_name(struct cutter *c, enum tok_type type, const char *s, size_t len,
    size_t off, struct tok **kp)
{
	trim(&s, &len);
	if (len == 0)
		return cut_fail(c, off, "empty tag name");
	*kp = tok_add(c->t, type, s, len);
	return 0;
}

static int
cut_section_open(struct cutter *c, enum tok_type type, const char *s, size_t len, size_t off)
{
	struct tok *k;

	if (c->nopen == MUSTACHE_MAX_DEPTH)
		return cut_fail(c, off, "sections nested too deeply");
	if (cut_name(c, type, s, len, off, &k) == -1)
		return -1;
	c->open[c->nopen++] = c->t->n - 1;
	return 0;
}

static int
cut_section_close(struct cutter *c, const char *s, size_t len, size_t off)
{
	struct tok	*open, *k;
	size_t		 oi;

	trim(&s, &len);
	if (c->nopen == 0)
		return cut_fail(c, off, "close tag without an open section");
	oi = c->open[--c->nopen];
	open = &c->t->v[oi];
	if (open->len != len || memcmp(open->s, s, len) != 0)
		return cut_fail(c, off, "close tag does not match the open section");
	k = tok_add(c->t, TK_CLOSE, s, len);
	(void)k;
	c->t->v[oi].end = c->t->n - 1;
	return 0;
}

/* One tag: src[tagstart..] starts with the open delimiter. Sets *next. */
static int
cut_tag(struct cutter *c, size_t tagstart, size_t *textstart, size_t *next)
{
	const char	*src = c->src, *q, *content;
	char		 close[DELIM_MAX + 2];
	size_t		 inner = tagstart + c->olen, clen, ncontent, tagend, ls, resume;
	char		 sigil;
	struct tok	*k;

	if (inner >= c->len)
		return cut_fail(c, tagstart, "unclosed tag");
	sigil = src[inner];
	clen = 0;
	if (sigil == '{' || sigil == '=')
		close[clen++] = sigil == '{' ? '}' : '=';
	memcpy(close + clen, c->ctag, c->clen);
	clen += c->clen;
	content = src + inner + sigil_in(sigil, "#^/!>=&{");
	q = memmem(content, (size_t)(src + c->len - content), close, clen);
	if (q == NULL)
		return cut_fail(c, tagstart, "unclosed tag");
	ncontent = (size_t)(q - content);
	tagend = (size_t)(q - src) + clen;

	if (tagstart > *textstart)
		tok_add(c->t, TK_TEXT, src + *textstart, tagstart - *textstart);
	resume = 0;
	if (sigil_in(sigil, "#^/!>=") &&
	    (resume = standalone_end(c, tagstart, tagend, &ls)) != 0) {
		/* drop the blanks before the tag from the text token just added */
		if (ls < tagstart && c->t->n > 0) {
			k = &c->t->v[c->t->n - 1];
			k->len -= tagstart - ls;
			if (k->len == 0)
				c->t->n--;
		}
	}
	*next = resume != 0 ? resume : tagend;
	*textstart = *next;

	switch (sigil) {
	case '!':
		return 0;
	case '=':
		return cut_delims(c, content, ncontent, tagstart);
	case '#':
		return cut_section_open(c, TK_SECTION, content, ncontent, tagstart);
	case '^':
		return cut_section_open(c, TK_INVERTED, content, ncontent, tagstart);
	case '/':
		return cut_section_close(c, content, ncontent, tagstart);
	case '>':
		if (cut_name(c, TK_PARTIAL, content, ncontent, tagstart, &k) == -1)
			return -1;
		if (resume != 0) {
			k->indent = src + ls;
			k->indentlen = tagstart - ls;
		}
		return 0;
	case '&':
	case '{':
		return cut_name(c, TK_RAW, content, ncontent, tagstart, &k);
	default:
		return cut_name(c, TK_VAR, content, ncontent, tagstart, &k);
	}
}

static int
tmpl_cut(const char *src, size_t len, struct tmpl *t, char *err, size_t errlen)
{
	struct cutter	 c;
	const char	*p;
	size_t		 pos = 0, textstart = 0, next;

	memset(&c, 0, sizeof(c));
	c.src = src;
	c.len = len;
	memcpy(c.otag, "{{", 2);
	c.olen = 2;
	memcpy(c.ctag, "}}", 2);
	c.clen = 2;
	c.t = t;
	c.err = err;
	c.errlen = errlen;
	while (pos < len &&
	    (p = memmem(src + pos, len - pos, c.otag, c.olen)) != NULL) {
		if (cut_tag(&c, (size_t)(p - src), &textstart, &next) == -1)
			return -1;
		pos = next;
	}
	if (textstart < len)
		tok_add(t, TK_TEXT, src + textstart, len - textstart);
	if (c.nopen > 0)
		return cut_fail(&c, (size_t)(t->v[c.open[c.nopen - 1]].s - src),
		    "section is never closed");
	return 0;
}

/* --- rendering */

struct render {
	const struct mustache_opts	*o;
	struct strbuf			*out;
	size_t				 outmax;	/* out->len may not pass this */
	const struct mvalue		*stack[MUSTACHE_MAX_DEPTH + 1];
	size_t				 nstack;
	unsigned			 depth;
	unsigned			 npartials;
	char				*err;
	size_t				 errlen;
};

static int
render_fail(struct render *r, const char *what)
{
	snprintf(r->err, r->errlen, "%s", what);
	return -1;
}

static int
emit(struct render *r, const char *s, size_t n)
{
	if (n > r->outmax - r->out->len)
		return render_fail(r, "rendered output too large");
	if (sb_add(r->out, s, n) == -1)
		return render_fail(r, "out of memory rendering a template");
	return 0;
}

static int
emit_html(struct render *r, const char *s, size_t n)
{
	size_t		 i, run = 0;
	const char	*rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		if (emit(r, s + run, i - run) == -1 || emit(r, rep, strlen(rep)) == -1)
			return -1;
		run = i + 1;
	}
	return emit(r, s + run, n - run);
}

/*
 * "." is the top of the stack; "a.b.c" finds "a" in the nearest context that
 * has it, then "b" and "c" inside that value only (a broken chain is a miss).
 */
static const struct mvalue *
lookup(const struct render *r, const char *name, size_t len)
{
	const struct mvalue	*v = NULL;
	const char		*dot, *end = name + len;
	size_t			 seg, i;
	ssize_t			 k;

	if (len == 1 && name[0] == '.')
		return r->nstack > 0 ? r->stack[r->nstack - 1] : NULL;
	dot = memchr(name, '.', len);
	seg = (dot != NULL ? (size_t)(dot - name) : len);
	for (i = r->nstack; i > 0 && v == NULL; i--) {
		const struct mvalue *ctx = r->stack[i - 1];

		if (ctx != NULL && ctx->type == MV_MAP &&
		    (k = map_find(ctx, name, seg)) != -1)
			v = ctx->items[k];
	}
	while (v != NULL && dot != NULL) {
		name = dot + 1;
		dot = memchr(name, '.', (size_t)(end - name));
		seg = (dot != NULL ? (size_t)(dot - name) : (size_t)(end - name));
		if (v->type != MV_MAP || (k = map_find(v, name, seg)) == -1)
			return NULL;
		v = v->items[k];
	}
	return v;
}

static int
interpolate(struct render *r, const struct tok *k)
{
	const struct mvalue	*v = lookup(r, k->s, k->len);
	const char		*s;
	size_t			 n;

	if (v == NULL)
		return 0;
	switch (v->type) {
	case MV_STRING:
		s = v->s;
		n = v->slen;
		break;
	case MV_BOOL:
		s = v->b ? "true" : "false";
		n = strlen(s);
		break;
	default:
		return 0;
	}
	if (k->type == TK_VAR && r->o->escape == MUSTACHE_ESCAPE_HTML)
		return emit_html(r, s, n);
	return emit(r, s, n);
}

static int render_range(struct render *, const struct tmpl *, size_t, size_t);

static int
push_render(struct render *r, const struct tmpl *t, const struct mvalue *ctx,
    size_t from, size_t to)
{
	int rv;

	r->stack[r->nstack++] = ctx;
	rv = render_range(r, t, from, to);
	r->nstack--;
	return rv;
}

static int
render_section(struct render *r, const struct tmpl *t, size_t i)
{
	const struct tok	*k = &t->v[i];
	const struct mvalue	*v = lookup(r, k->s, k->len);
	size_t			 j;
	int			 rv = 0;

	if (k->type == TK_INVERTED)
		return mv_truthy(v) ? 0 : render_range(r, t, i + 1, k->end);
	if (!mv_truthy(v))
		return 0;
	if (r->depth >= MUSTACHE_MAX_DEPTH)
		return render_fail(r, "sections nested too deeply");
	r->depth++;
	if (v->type == MV_LIST) {
		for (j = 0; j < v->n && rv == 0; j++)
			rv = push_render(r, t, v->items[j], i + 1, k->end);
	} else
		rv = push_render(r, t, v, i + 1, k->end);
	r->depth--;
	return rv;
}

/* The partial's source with indent put before each of its lines. */
static char *
indent_source(const char *s, size_t len, const char *indent, size_t ilen, size_t *outlen)
{
	struct strbuf	 sb = STRBUF_INIT;
	size_t		 i, bol = 0;

	for (i = 0; i < len; i++) {
		if (s[i] != '\n')
			continue;
		sb_add(&sb, indent, ilen);
		sb_add(&sb, s + bol, i + 1 - bol);
		bol = i + 1;
	}
	if (bol < len) {
		sb_add(&sb, indent, ilen);
		sb_add(&sb, s + bol, len - bol);
	}
	return sb_detach(&sb, outlen);
}

static int
render_partial(struct render *r, const struct tok *k)
{
	struct tmpl	 pt = { NULL, 0, 0 };
	char		 name[256], cuterr[200];
	const char	*src;
	char		*copy = NULL;
	size_t		 len;
	int		 rv;

	if (r->o->partial == NULL || k->len >= sizeof(name))
		return 0;
	memcpy(name, k->s, k->len);
	name[k->len] = '\0';
	if (r->o->partial(r->o->partial_arg, name, &src, &len) == -1)
		return 0;
	if (r->npartials >= MUSTACHE_MAX_PARTIALS || r->depth >= MUSTACHE_MAX_DEPTH)
		return render_fail(r, "partials nested too deeply");
	if (k->indentlen > 0) {
		if ((copy = indent_source(src, len, k->indent, k->indentlen, &len)) == NULL)
			return render_fail(r, "out of memory rendering a partial");
		src = copy;
	}
	if (tmpl_cut(src, len, &pt, cuterr, sizeof(cuterr)) == -1) {
		snprintf(r->err, r->errlen, "partial %s: %s", name, cuterr);
		rv = -1;
	} else {
		r->npartials++;
		r->depth++;
		rv = render_range(r, &pt, 0, pt.n);
		r->depth--;
		r->npartials--;
	}
	free(pt.v);
	free(copy);
	return rv;
}

static int
render_range(struct render *r, const struct tmpl *t, size_t from, size_t to)
{
	size_t	 i;
	int	 rv = 0;

	for (i = from; i < to && rv == 0; i++) {
		const struct tok *k = &t->v[i];

		switch (k->type) {
		case TK_TEXT:
			rv = emit(r, k->s, k->len);
			break;
		case TK_VAR:
		case TK_RAW:
			rv = interpolate(r, k);
			break;
		case TK_SECTION:
		case TK_INVERTED:
			rv = render_section(r, t, i);
			i = k->end;
			break;
		case TK_PARTIAL:
			rv = render_partial(r, k);
			break;
		case TK_CLOSE:
			break;
		}
	}
	return rv;
}

int
mustache_render(const char *tmpl, size_t len, const struct mvalue *data,
    const struct mustache_opts *o, struct strbuf *out, char *err, size_t errlen)
{
	static const struct mustache_opts defaults = { MUSTACHE_ESCAPE_NONE, NULL, NULL, 0 };
	struct tmpl	 t = { NULL, 0, 0 };
	struct render	 r;
	size_t		 max;
	int		 rv;

	if (o == NULL)
		o = &defaults;
	if (tmpl_cut(tmpl, len, &t, err, errlen) == -1) {
		free(t.v);
		return -1;
	}
	memset(&r, 0, sizeof(r));
	r.o = o;
	r.out = out;
	max = o->max_output != 0 ? o->max_output : MUSTACHE_MAX_OUTPUT;
	r.outmax = out->len + max < out->len ? (size_t)-1 : out->len + max;
	r.err = err;
	r.errlen = errlen;
	if (data != NULL)
		r.stack[r.nstack++] = data;
	rv = render_range(&r, &t, 0, t.n);
	free(t.v);
	return rv;
}

int
mustache_check(const char *tmpl, size_t len, char *err, size_t errlen)
{
	struct tmpl	 t = { NULL, 0, 0 };
	int		 rv;

	rv = tmpl_cut(tmpl, len, &t, err, errlen);
	free(t.v);
	return rv;
}
