/*
 * jsonp.h: a small JSON reader (RFC 8259) into a tree. Used to read the
 * parser worker's answers and `rapport import --json` files. Depth, size
 * and string length are capped; invalid UTF-8 is refused. Lookups on a
 * missing key or a node of the wrong type return NULL / the default, so
 * callers can chain them without checking each step.
 */
#ifndef RAPPORT_JSONP_H
#define RAPPORT_JSONP_H

#include <stddef.h>
#include <stdint.h>

enum jp_type { JP_NULL, JP_BOOL, JP_NUM, JP_STR, JP_ARR, JP_OBJ };

struct jp {
	enum jp_type	 type;
	char		*key;		/* member name, in an object */
	char		*str;		/* JP_STR (NUL-terminated; may contain \u0000 as is) */
	size_t		 len;		/* JP_STR length */
	double		 num;		/* JP_NUM, JP_BOOL */
	struct jp	*kids;		/* JP_ARR, JP_OBJ */
	size_t		 nkids;
};

#define JP_MAXDEPTH	64

/* Parse; NULL with why on error. Free with jp_free(). */
struct jp	*jp_parse(const char *, size_t, char *why, size_t);
void		 jp_free(struct jp *);

const struct jp	*jp_get(const struct jp *, const char *key);	/* object member */
const struct jp	*jp_at(const struct jp *, size_t);		/* array element */
size_t		 jp_len(const struct jp *);			/* array/object size, else 0 */
const char	*jp_str(const struct jp *);			/* NULL unless a string */
double		 jp_num(const struct jp *, double dflt);
int64_t		 jp_int(const struct jp *, int64_t dflt);
int		 jp_bool(const struct jp *, int dflt);
int		 jp_is_null(const struct jp *);			/* missing or null */

#endif
