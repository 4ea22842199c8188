/* strbuf.c: growable byte buffer with a hard cap; see strbuf.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

#define SB_NOCAP	(SIZE_MAX / 2)

void
sb_init(struct strbuf *sb, size_t max)
{
	memset(sb, 0, sizeof(*sb));
	sb->max = max;
}

void
sb_free(struct strbuf *sb)
{
	free(sb->s);
	sb_init(sb, sb->max);
}

void
sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->err = 0;
	if (sb->s != NULL)
		sb->s[0] = '\0';
}

static size_t
sb_cap(const struct strbuf *sb)
{
	return sb->max == 0 ? SB_NOCAP : sb->max;
}

/* Make room for extra more bytes plus the terminating NUL. */
int
sb_reserve(struct strbuf *sb, size_t extra)
{
	size_t	 need, ncap;
	char	*ns;

	if (sb->err)
		return -1;
	if (extra > sb_cap(sb) - sb->len) {
		sb->err = E2BIG;
		return -1;
	}
	need = sb->len + extra + 1;
	if (need <= sb->cap)
		return 0;
	ncap = sb->cap < 64 ? 64 : sb->cap;
	while (ncap < need)
		ncap = ncap > SB_NOCAP ? need : ncap * 2;
	if ((ns = realloc(sb->s, ncap)) == NULL) {
		sb->err = ENOMEM;
		return -1;
	}
	sb->s = ns;
	sb->cap = ncap;
	return 0;
}

int
sb_add_grow(struct strbuf *sb, const void *p, size_t n)
{
	if (sb_reserve(sb, n) == -1)
		return -1;
	if (n > 0)
		memcpy(sb->s + sb->len, p, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
	return 0;
}

int
sb_addc_grow(struct strbuf *sb, int c)
{
	if (sb_reserve(sb, 1) == -1)
		return -1;
	sb->s[sb->len++] = (char)c;
	sb->s[sb->len] = '\0';
	return 0;
}

int
sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list	 aq;
	int	 n;

	if (sb->err)
		return -1;
	/* format into the room there is; again only when it did not fit */
	va_copy(aq, ap);
	n = vsnprintf(sb->s != NULL ? sb->s + sb->len : NULL,
	    sb->s != NULL ? sb->cap - sb->len : 0, fmt, aq);
	va_end(aq);
	if (n >= 0 && sb->s != NULL && (size_t)n < sb->cap - sb->len &&
	    (sb->max == 0 || (size_t)n <= sb->max - sb->len)) {
		sb->len += (size_t)n;
		return 0;
	}
	if (sb->s != NULL)
		sb->s[sb->len] = '\0';
	if (n < 0 || sb_reserve(sb, (size_t)n) == -1) {
		if (n < 0)
			sb->err = EINVAL;
		return -1;
	}
	vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
	return 0;
}

int
sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list	 ap;
	int	 r;

	va_start(ap, fmt);
	r = sb_vprintf(sb, fmt, ap);
	va_end(ap);
	return r;
}

void
sb_truncate(struct strbuf *sb, size_t len)
{
	if (len < sb->len) {
		sb->len = len;
		sb->s[len] = '\0';
	}
}

int
sb_error(const struct strbuf *sb)
{
	return sb->err;
}

const char *
sb_str(const struct strbuf *sb)
{
	return sb->s != NULL ? sb->s : "";
}

char *
sb_detach(struct strbuf *sb, size_t *lenp)
{
	char *s;

	if (sb->s == NULL && sb_reserve(sb, 0) == -1)
		return NULL;
	s = sb->s;
	s[sb->len] = '\0';
	if (lenp != NULL)
		*lenp = sb->len;
	sb->s = NULL;
	sb->len = sb->cap = 0;
	return s;
}

int
errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}
