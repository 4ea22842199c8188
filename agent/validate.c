/* validate.c: checks of user-supplied values (zones, addresses, days, hours, RRULEs, dates). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libical/ical.h>

#include "tzone.h"
#include "validate.h"
#include "worktime.h"

static int
fail(char *why, size_t len, const char *msg)
{
	snprintf(why, len, "%s", msg);
	return -1;
}

int
valid_zone(const char *z, char *why, size_t len)
{
	if (z == NULL || *z == '\0')
		return fail(why, len, "empty time zone");
	if (strcmp(z, "UTC") == 0)
		return 0;
	/* tzone_get() checks the name first: libical fopen()s unknown names */
	if (strlen(z) > 64 || strchr(z, '/') == NULL || tzone_get(z) == NULL) {
		snprintf(why, len, "unknown time zone '%s' (use an IANA name like Europe/Berlin)", z);
		return -1;
	}
	return 0;
}

/*
 * A practical addr-spec check: local@domain, printable ASCII or UTF-8, no
 * spaces, no quotes, no angle brackets, one '@', a dotted domain. It is
 * meant to catch typos and injection (CR/LF, commas), not to accept every
 * RFC 5322 oddity.
 */
int
valid_email(const char *s, char *why, size_t len)
{
	const char	*at, *p;
	size_t		 n;

	if (s == NULL || *s == '\0')
		return fail(why, len, "empty address");
	if ((n = strlen(s)) > 254)
		return fail(why, len, "address too long");
	for (p = s; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20 || c == 0x7f || strchr("<>()[]\\,;:\"", c) != NULL) {
			snprintf(why, len, "'%s' is not an email address (bad character)", s);
			return -1;
		}
	}
	if ((at = strchr(s, '@')) == NULL || at == s || strchr(at + 1, '@') != NULL ||
	    at[1] == '\0' || at - s > 64) {
		snprintf(why, len, "'%s' is not an email address", s);
		return -1;
	}
	if (at[1] == '.' || s[n - 1] == '.' || strstr(at, "..") != NULL || s[0] == '.' ||
	    at[-1] == '.') {
		snprintf(why, len, "'%s' is not an email address (bad dots)", s);
		return -1;
	}
	if (strchr(at + 1, '.') == NULL && strcasecmp(at + 1, "localhost") != 0) {
		snprintf(why, len, "'%s' is not an email address (domain has no dot)", s);
		return -1;
	}
	return 0;
}

/* Days and hours are parsed by worktime.c (the schedule's own rules); these
 * wrappers give the CLI and the config one kind of message. */
int
valid_days(const char *s, unsigned *maskp, char *why, size_t len)
{
	char err[160];

	if (worktime_parse_days(s != NULL ? s : "", maskp, err, sizeof(err)) == -1) {
		snprintf(why, len, "bad day range '%s': %s (use e.g. Mon-Fri or Mon,Wed,Fri)",
		    s != NULL ? s : "", err);
		return -1;
	}
	return 0;
}

void
days_format(unsigned mask, char *buf, size_t len)
{
	worktime_format_days(mask, buf, len);
}

int
valid_hours(const char *s, int *startp, int *endp, char *why, size_t len)
{
	char err[160];

	if (worktime_parse_hours(s != NULL ? s : "", startp, endp, err, sizeof(err)) == -1) {
		snprintf(why, len, "bad working hours '%s': %s", s != NULL ? s : "", err);
		return -1;
	}
	return 0;
}

int
valid_rrule(const char *s, char *why, size_t len)
{
	struct icalrecurrencetype	 r;

	if (s == NULL || *s == '\0' || strlen(s) > 256)
		return fail(why, len, "empty or overlong RRULE");
	icalerror_clear_errno();
	r = icalrecurrencetype_from_string(s);
	if (r.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
		icalerror_clear_errno();
		snprintf(why, len, "bad RRULE '%s' (e.g. FREQ=WEEKLY;BYDAY=FR;BYHOUR=15)", s);
		return -1;
	}
	if (r.freq == ICAL_SECONDLY_RECURRENCE || r.freq == ICAL_MINUTELY_RECURRENCE ||
	    r.freq == ICAL_HOURLY_RECURRENCE) {
		snprintf(why, len, "RRULE '%s' repeats more often than daily", s);
		return -1;
	}
	if (r.count != 0 || !icaltime_is_null_time(r.until)) {
		snprintf(why, len, "RRULE '%s' must not end (no COUNT or UNTIL)", s);
		return -1;
	}
	return 0;
}

int
valid_date(const char *s, char *why, size_t len)
{
	int	 y, m, d, n = 0;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (s == NULL || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
	    n != 10 || y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
	    (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))) {
		snprintf(why, len, "bad date '%s' (use YYYY-MM-DD)", s == NULL ? "" : s);
		return -1;
	}
	return 0;
}

static icaltimezone *
zone_get(const char *tz)
{
	icaltimezone *z = NULL;

	if (tz != NULL && strcmp(tz, "UTC") != 0)
		z = tzone_get(tz);
	return z != NULL ? z : icaltimezone_get_utc_timezone();
}

void
zone_date(const char *tz, time_t t, char *buf, size_t len)
{
	struct icaltimetype it;

	it = icaltime_from_timet_with_zone(t, 0, zone_get(tz));
	snprintf(buf, len, "%04d-%02d-%02d", it.year, it.month, it.day);
}

time_t
zone_instant(const char *tz, const char *date, int minutes)
{
	struct icaltimetype	 it = icaltime_null_time();
	icaltimezone		*z = zone_get(tz);
	time_t			 t;
	int			 y, m, d;

	if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return (time_t)-1;
	it.year = y;
	it.month = m;
	it.day = d;
	it.hour = minutes / 60;
	it.minute = minutes % 60;
	it.is_date = 0;
	it = icaltime_normalize(it);
	it.zone = z;
	t = icaltime_as_timet_with_zone(it, z);
	return t;
}
