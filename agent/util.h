/*
 * util.h: small helpers shared by the agent (not by parsers/, which stay pure).
 *
 * Allocation: x*() functions never return NULL; on out-of-memory they print
 * one line and exit with EX_OSERR, the only sane answer for a CLI and a
 * daemon whose state is all in the database.
 */
#ifndef RAPPORT_UTIL_H
#define RAPPORT_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

size_t	 strlcpy_r(char *, const char *, size_t);	/* like strlcpy */
int	 str_eq_ci(const char *, const char *);
int	 str_starts_ci(const char *, const char *);
char	*str_trim(char *);		/* in place, returns the start */
int	 str_has_ctl(const char *);	/* any C0 control or DEL */

/* Range-checked number parsing: 0 on success, -1 on any junk or overflow. */
int	 parse_long(const char *, long min, long max, long *);
int	 parse_double(const char *, double *);

/* Read a whole file (caller frees); -1 with errno on failure. */
int	 read_file(const char *, char **, size_t *, size_t max);
/* Write a file atomically (tmp + fsync + rename) with the given mode. */
int	 write_file_atomic(const char *, const void *, size_t, int mode);
int	 mkdir_p(const char *, int mode);

/* Tests only: RAPPORT_CRASH_AT=STEP kills the process with SIGKILL when it
 * reaches crash_point(STEP), to prove the next run converges. */
void	 crash_point(const char *step);

/* The clock: RAPPORT_NOW (unix seconds or ISO 8601) overrides it for tests and the demo. */
time_t	 now_utc(void);
int	 set_now_override(const char *);	/* from --now; -1 on a bad value */
int	 parse_iso_time(const char *, time_t *);	/* 2026-11-27T15:00:00Z / +08:00 / unix secs */
void	 fmt_iso_utc(time_t, char *, size_t);	/* 2026-11-27T15:00:00Z, needs 21 bytes */

#endif
