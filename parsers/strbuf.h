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
int	 sb_add(struct strbuf *, const void *, size_t);
int	 sb_adds(struct strbuf *, const char *);
int	 sb_addc(struct strbuf *, int);
int	 sb_printf(struct strbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 sb_vprintf(struct strbuf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
int	 sb_reserve(struct strbuf *, size_t extra);
void	 sb_truncate(struct strbuf *, size_t len);
int	 sb_error(const struct strbuf *);
const char *sb_str(const struct strbuf *);
char	*sb_detach(struct strbuf *, size_t *lenp);	/* caller frees */

/* Format a message into a caller's fixed error buffer (nothing when err is
 * NULL or errlen is 0). Returns -1, so that `return errf(...)` reports it. */
int	 errf(char *err, size_t errlen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
