/*
 * mustache.h: a small mustache renderer, and the value tree it renders.
 *
 * Supported (mustache spec v1.3, non-optional modules): variables {{name}}
 * (HTML-escaped when the escape mode says so), {{{raw}}} and {{& raw}},
 * sections {{#name}}...{{/name}} over lists, booleans and nested contexts
 * (names are looked up the context stack; dotted names a.b.c resolve the
 * first part up the stack and the rest inside it), inverted sections
 * {{^name}}, comments {{! ... }}, partials {{> name}} (through a callback,
 * indented when standalone), set-delimiter {{=<% %>=}}, and the standalone
 * line rules.  Not supported: lambdas, inheritance ({{<parent}}, {{$block}}),
 * dynamic partial names ({{>*name}}).
 *
 * Truthiness, for sections: null, false, an empty list and an empty string
 * are false; everything else is true.  A list renders its section once per
 * item with the item on top of the context stack; any other true value
 * renders it once with the value on top.
 *
 * Ownership: every mv_*() constructor returns a new value the caller owns
 * until it is added to a container (mv_set/mv_push take ownership); free the
 * root with mv_free().  Allocation failures exit (util.h's x*() rule).
 */
#ifndef RAPPORT_MUSTACHE_H
#define RAPPORT_MUSTACHE_H

#include <stddef.h>

struct strbuf;

enum mvalue_type {
	MV_NULL,
	MV_BOOL,
	MV_STRING,
	MV_LIST,
	MV_MAP
};

struct mvalue;

/* Constructors.  Strings are copied; mv_strn may hold NULs but renders up to len. */
struct mvalue	*mv_null(void);
struct mvalue	*mv_bool(int);
struct mvalue	*mv_str(const char *);		/* NULL gives mv_null() */
struct mvalue	*mv_strn(const char *, size_t);
struct mvalue	*mv_strf(const char *, ...) __attribute__((format(printf, 1, 2)));
struct mvalue	*mv_int(long long);		/* a string of its decimal digits */
struct mvalue	*mv_list(void);
struct mvalue	*mv_map(void);

/*
 * Containers.  mv_set replaces an existing key (freeing the old value) and
 * returns v; mv_push appends v and returns it.  Both take ownership of v.
 */
struct mvalue	*mv_set(struct mvalue *map, const char *key, struct mvalue *v);
struct mvalue	*mv_push(struct mvalue *list, struct mvalue *v);

/* Shorthands: the new child is owned by the container. */
void		 mv_set_str(struct mvalue *map, const char *key, const char *);
void		 mv_set_strf(struct mvalue *map, const char *key, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
void		 mv_set_int(struct mvalue *map, const char *key, long long);
void		 mv_set_bool(struct mvalue *map, const char *key, int);
struct mvalue	*mv_set_map(struct mvalue *map, const char *key);
struct mvalue	*mv_set_list(struct mvalue *map, const char *key);
struct mvalue	*mv_push_map(struct mvalue *list);

/* Reading (borrowed pointers, valid while the tree lives). */
enum mvalue_type mv_type(const struct mvalue *);
const struct mvalue *mv_get(const struct mvalue *map, const char *key); /* NULL if absent */
const char	*mv_string(const struct mvalue *, size_t *lenp);  /* NULL unless MV_STRING */
int		 mv_truthy(const struct mvalue *);
size_t		 mv_len(const struct mvalue *);			/* list items / map keys */
const struct mvalue *mv_at(const struct mvalue *list, size_t);

void		 mv_free(struct mvalue *);	/* NULL is fine; iterative */

/* --- rendering */

enum mustache_escape {
	MUSTACHE_ESCAPE_NONE,	/* plain-text templates */
	MUSTACHE_ESCAPE_HTML	/* {{var}} escapes & < > " ' */
};

/*
 * Find a partial by name: set *tmpl and *len to its text (borrowed; it must
 * stay valid until mustache_render returns) and return 0, or return -1 when
 * there is none (it then renders as nothing, as the spec says).
 */
typedef int (*mustache_partial_fn)(void *arg, const char *name,
    const char **tmpl, size_t *len);

struct mustache_opts {
	enum mustache_escape	 escape;
	mustache_partial_fn	 partial;	/* NULL: no partials */
	void			*partial_arg;
	size_t			 max_output;	/* 0: MUSTACHE_MAX_OUTPUT */
};

#define MUSTACHE_MAX_OUTPUT	(8u * 1024 * 1024)
#define MUSTACHE_MAX_DEPTH	64u	/* nested sections + partials, together */
#define MUSTACHE_MAX_PARTIALS	16u	/* partials within partials */

/*
 * Render tmpl[0..len) with data (may be NULL: an empty context) and append
 * the result to out.  Returns 0, or -1 with a message in err: a syntax error
 * (unclosed tag or section, mismatched close, bad delimiters; with the line
 * number), the nesting limits, or the output cap.  On error out holds a
 * partial result the caller should discard.
 */
int	 mustache_render(const char *tmpl, size_t len, const struct mvalue *data,
	    const struct mustache_opts *, struct strbuf *out, char *err, size_t errlen);

/* Check a template's syntax without rendering (partials are not followed). */
int	 mustache_check(const char *tmpl, size_t len, char *err, size_t errlen);

#endif
