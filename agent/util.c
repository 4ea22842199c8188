/* util.c: allocation, strings, numbers, files, and the (overridable) clock. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "util.h"

static void
oom(void)
{
	fputs("rapport: out of memory\n", stderr);
	exit(EX_OSERR);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n == 0 ? 1 : n);

	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t m)
{
	void *p = calloc(n == 0 ? 1 : n, m == 0 ? 1 : m);

	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n == 0 ? 1 : n)) == NULL)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		oom();
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (p == NULL)
		oom();
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		oom();
	va_end(ap);
	return s;
}

size_t
strlcpy_r(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size > 0) {
		size_t c = n < size - 1 ? n : size - 1;
		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return n;
}

int
str_eq_ci(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

int
str_starts_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

char *
str_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
str_has_ctl(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

int
parse_long(const char *s, long min, long max, long *out)
{
	char	*end;
	long	 v;

	if (s == NULL || *s == '\0' || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
parse_double(const char *s, double *out)
{
	char	*end;
	double	 v;

	if (s == NULL || *s == '\0' || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || v != v)
		return -1;
	*out = v;
	return 0;
}

int
read_file(const char *path, char **out, size_t *lenp, size_t max)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 len = 0, cap = 0, n;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	for (;;) {
		if (cap - len < 65536) {
			cap = cap == 0 ? 65536 : cap * 2;
			buf = xrealloc(buf, cap + 1);
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (max != 0 && len > max) {
			free(buf);
			fclose(f);
			errno = EFBIG;
			return -1;
		}
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno;
		free(buf);
		fclose(f);
		errno = e;
		return -1;
	}
	fclose(f);
	buf[len] = '\0';
	*out = buf;
	if (lenp != NULL)
		*lenp = len;
	return 0;
}

int
write_file_atomic(const char *path, const void *data, size_t len, int mode)
{
	char	*tmp;
	int	 fd, e;
	ssize_t	 w;
	size_t	 off = 0;

	tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)) == -1) {
		free(tmp);
		return -1;
	}
	while (off < len) {
		if ((w = write(fd, (const char *)data + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)w;
	}
	if (fchmod(fd, mode) == -1 || fsync(fd) == -1)
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) == -1)
		goto fail;
	free(tmp);
	return 0;
fail:
	e = errno;
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(tmp);
	errno = e;
	return -1;
}

int
mkdir_p(const char *path, int mode)
{
	char	*p, *s;
	int	 r = 0;

	p = xstrdup(path);
	for (s = p + 1; *s != '\0' && r == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, mode) == -1 && errno != EEXIST)
			r = -1;
		*s = '/';
	}
	if (r == 0 && mkdir(p, mode) == -1 && errno != EEXIST)
		r = -1;
	free(p);
	return r;
}

void
crash_point(const char *step)
{
	const char *at = getenv("RAPPORT_CRASH_AT");

	if (at != NULL && strcmp(at, step) == 0) {
		fprintf(stderr, "rapport: RAPPORT_CRASH_AT=%s: killing myself\n", step);
		raise(SIGKILL);
	}
}

/* --- the clock */

static int	have_now_override;
static time_t	now_override;

static int
days_from_civil(long y, unsigned m, unsigned d, long *out)
{
	/* Howard Hinnant's algorithm: days since 1970-01-01 in the proleptic Gregorian calendar. */
	long	 era, doe, yoe, doy;

	if (m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*out = era * 146097 + doe - 719468;
	return 0;
}

/*
 * Accepts unix seconds ("1795000000"), or ISO 8601 date-time with a zone:
 * "2026-11-27T15:00:00Z", "2026-11-27T15:00Z", "2026-11-27 15:00:00+08:00".
 * A time without a zone is refused: it would be ambiguous.
 */
int
parse_iso_time(const char *s, time_t *out)
{
	int	 y, mo, d, h, mi, sec = 0, n = 0, tzh, tzm;
	long	 days, v;
	long	 off = 0;
	const char *p;
	char	 sep;

	if (parse_long(s, 0, LONG_MAX, &v) == 0) {
		*out = (time_t)v;
		return 0;
	}
	if (sscanf(s, "%4d-%2d-%2d%c%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &n) != 6 ||
	    (sep != 'T' && sep != ' '))
		return -1;
	p = s + n;
	if (*p == ':') {
		if (!isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]))
			return -1;
		sec = (p[1] - '0') * 10 + (p[2] - '0');
		p += 3;
	}
	if (*p == 'Z' && p[1] == '\0')
		off = 0;
	else if ((*p == '+' || *p == '-') && sscanf(p + 1, "%2d:%2d", &tzh, &tzm) == 2 &&
	    strlen(p) == 6) {
		off = (tzh * 3600L + tzm * 60L) * (*p == '-' ? -1 : 1);
	} else
		return -1;
	if (h > 23 || mi > 59 || sec > 60 || days_from_civil(y, (unsigned)mo, (unsigned)d, &days) == -1)
		return -1;
	*out = (time_t)(days * 86400L + h * 3600L + mi * 60L + sec - off);
	return 0;
}

int
set_now_override(const char *s)
{
	time_t t;

	if (s == NULL) {
		have_now_override = 0;
		return 0;
	}
	if (parse_iso_time(s, &t) == -1)
		return -1;
	now_override = t;
	have_now_override = 1;
	return 0;
}

time_t
now_utc(void)
{
	static int	 env_checked;
	const char	*e;

	if (!env_checked) {
		env_checked = 1;
		if (!have_now_override && (e = getenv("RAPPORT_NOW")) != NULL && *e != '\0')
			(void)set_now_override(e);
	}
	return have_now_override ? now_override : time(NULL);
}

void
fmt_iso_utc(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
