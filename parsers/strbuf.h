/*
 * strbuf.h: a growable byte buffer with a hard cap.
 *
 * Every buffer that input can grow has a maximum, fixed when it is created.
 * Once an append fails (allocation failure or the cap reached) the buffer
 * is "in error": later appends do nothing and return -1, so a caller may
 * append many times and check sb_error() once at the end.
 *
 * The contents are always NUL-terminated once anything was appended
 * (sb->s may be NULL for an untouched buffer; sb_str() never returns NULL).
 * Ownership: the buffer owns sb->s until sb_detach() hands it to the caller,
 * who then frees it with free().
 */
#ifndef RAPPORT_STRBUF_H
#define RAPPORT_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct strbuf {
	char	*s;
	size_t	 len;
	size_t	 cap;
	size_t	 max;	/* the most bytes it may hold, 0 = no cap (SIZE_MAX/2) */
	int	 err;	/* 0, or ENOMEM / E2BIG once an append failed */
};

#define STRBUF_INIT { NULL, 0, 0, 0, 0 }

void	 sb_init(struct strbuf *, size_t max);
void	 sb_free(struct strbuf *);
void	 sb_reset(struct strbuf *);	/* len = 0, keeps memory, clears err */
/* sb_add(), sb_adds(), sb_addc(): inline when there is room, else these */
int	 sb_add_grow(struct strbuf *, const void *, size_t);
int	 sb_addc_grow(struct strbuf *, int);
int	 sb_printf(struct strbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 sb_vprintf(struct strbuf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
int	 sb_reserve(struct strbuf *, size_t extra);
void	 sb_truncate(struct strbuf *, size_t len);
int	 sb_error(const struct strbuf *);
const char *sb_str(const struct strbuf *);
char	*sb_detach(struct strbuf *, size_t *lenp);	/* caller frees */

/* Room for n more bytes and the NUL, no error, the cap not in the way? */
static inline int
sb_room(const struct strbuf *sb, size_t n)
{
	return sb->len + n < sb->cap && sb->err == 0 &&
	    (sb->max == 0 || n <= sb->max - sb->len);
}

static inline int
sb_add(struct strbuf *sb, const void *p, size_t n)
{
	if (!sb_room(sb, n))
		return sb_add_grow(sb, p, n);
	memcpy(sb->s + sb->len, p, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
	return 0;
}

static inline int
sb_adds(struct strbuf *sb, const char *s)
{
	return sb_add(sb, s, strlen(s));
}

static inline int
sb_addc(struct strbuf *sb, int c)
{
	if (!sb_room(sb, 1))
		return sb_addc_grow(sb, c);
	sb->s[sb->len++] = (char)c;
	sb->s[sb->len] = '\0';
	return 0;
}

/* Format a message into a caller's fixed error buffer (nothing when err is
 * NULL or errlen is 0). Returns -1, so that `return errf(...)` reports it. */
int	 errf(char *err, size_t errlen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
