/*
 * tzone.h: IANA time zones (through libical's builtin zone database) and
 * civil-time arithmetic.
 *
 * Why a module of its own: libical 3.0.16's icaltimezone_get_builtin_timezone()
 * falls back to fopen(zoneinfo_dir "/" name) for any name not in zone.tab,
 * so an untrusted name ("../../../dev/zero", a FIFO, "/etc/passwd") is a
 * path traversal. Every zone name from a config, the database or a message
 * goes through tzone_get(), which checks the name's syntax first.
 *
 * Instants are time_t (UTC seconds); the supported range is [TZONE_TIME_MIN,
 * TZONE_TIME_MAX), 1970-01-01 to 2100-01-01: outside it functions fail.
 * Local times convert to instants with RFC 5545's rules (3.3.5): a local time
 * that does not exist (skipped by a DST change) is read with the offset
 * before the gap (02:30 becomes 03:30); one that exists twice is the first.
 *
 * This is the one module in parsers/ that touches files: libical reads the
 * system zone database (read-only, cached in libical's globals).
 */
#ifndef RAPPORT_TZONE_H
#define RAPPORT_TZONE_H

#include <time.h>

#include <libical/ical.h>

#define TZONE_TIME_MIN	((time_t)0)		/* 1970-01-01T00:00:00Z */
#define TZONE_TIME_MAX	((time_t)4102444800)	/* 2100-01-01T00:00:00Z */
#define TZONE_NAME_MAX	64			/* longest zone name accepted */

struct tzone_local {
	int	year, month, day;	/* month 1-12, day 1-31 */
	int	hour, min, sec;
	int	wday;			/* 0 = Sunday .. 6 = Saturday */
	int	utc_offset;		/* seconds east of UTC */
	int	is_dst;
};

/* 1 if name looks like an IANA zone name ("Europe/Berlin", "EST5EDT",
 * "Etc/GMT+5", "UTC"): [A-Za-z0-9_+-] components separated by single '/',
 * each starting with an upper-case letter (so no "..", "posix/", "right/",
 * "localtime" or "posixrules"), at most TZONE_NAME_MAX bytes. */
int	 tzone_name_ok(const char *name);

/* The zone for an IANA name, or NULL if the name is unsafe or unknown.
 * "UTC" (and "GMT") give libical's UTC zone. The zone belongs to libical:
 * never free it. */
icaltimezone *tzone_get(const char *name);

/* 1 for libical's UTC zone (which has no VTIMEZONE component). */
int	 tzone_is_utc(icaltimezone *);

/* The UTC offset (seconds east) in effect at instant t; 0 or -1 (t out of range). */
int	 tzone_offset(icaltimezone *, time_t t, int *offset, int *is_dst);

/* Instant -> local wall time in the zone; 0 or -1. */
int	 tzone_to_local(icaltimezone *, time_t t, struct tzone_local *);

/* Local wall time -> instant (rules above); 0 or -1 (bad fields, range). */
int	 tzone_from_local(icaltimezone *, int year, int month, int day,
	    int hour, int min, int sec, time_t *out);

/* Proleptic Gregorian calendar arithmetic (days since 1970-01-01). */
long	 tzone_days_from_civil(int year, int month, int day);
void	 tzone_civil_from_days(long days, int *year, int *month, int *day);
int	 tzone_days_in_month(int year, int month);
int	 tzone_wday(long days);		/* 0 = Sunday */

#endif
