/* worktime.c: working days, hours, pauses and check-in rules; see worktime.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libical/ical.h>

#include "strbuf.h"
#include "tzone.h"
#include "worktime.h"

#define DAY_SECS	86400L
#define RRULE_MAX_LEN	512

static const char *const day_abbr[7] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char *const day_full[7] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"
};
static const char *const month_abbr[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

int
worktime_zone_valid(const char *tz)
{
	return tzone_get(tz) != NULL;
}

/* ---------------------------------------------------------------- days */

/* The weekday named by s[0..n), or -1. */
static int
day_lookup(const char *s, size_t n)
{
	int	 i;

	for (i = 0; i < 7; i++) {
		if (n == 3 && strncasecmp(s, day_abbr[i], 3) == 0)
			return i;
		if (n == strlen(day_full[i]) && strncasecmp(s, day_full[i], n) == 0)
			return i;
	}
	return -1;
}

/* Trim spaces around s[*b..*e). */
static void
trim_span(const char *s, size_t *b, size_t *e)
{
	while (*b < *e && (s[*b] == ' ' || s[*b] == '\t'))
		(*b)++;
	while (*e > *b && (s[*e - 1] == ' ' || s[*e - 1] == '\t'))
		(*e)--;
}

/* One list item, "Mon" or "Mon-Fri", into *mask. */
static int
days_item(const char *s, size_t b, size_t e, unsigned *mask, char *err,
    size_t errlen)
{
	const char	*dash;
	size_t		 b2, e1, e2;
	int		 from, to, d;

	trim_span(s, &b, &e);
	if (b == e) {
		errf(err, errlen, "empty item in the list of days");
		return -1;
	}
	dash = memchr(s + b, '-', e - b);
	e1 = dash != NULL ? (size_t)(dash - s) : e;
	b2 = dash != NULL ? e1 + 1 : e;
	e2 = e;
	trim_span(s, &b, &e1);
	trim_span(s, &b2, &e2);
	if ((from = day_lookup(s + b, e1 - b)) == -1) {
		errf(err, errlen, "unknown day '%.*s' (use Mon, Tue, ... Sun)",
		    (int)(e1 - b > 20 ? 20 : e1 - b), s + b);
		return -1;
	}
	if (dash == NULL) {
		*mask |= WT_DAY(from);
		return 0;
	}
	if (b2 == e2) {
		errf(err, errlen, "incomplete range '%.*s'",
		    (int)(e - b > 20 ? 20 : e - b), s + b);
		return -1;
	}
	if ((to = day_lookup(s + b2, e2 - b2)) == -1) {
		errf(err, errlen, "unknown day '%.*s' (use Mon, Tue, ... Sun)",
		    (int)(e2 - b2 > 20 ? 20 : e2 - b2), s + b2);
		return -1;
	}
	/* A range runs forward through the week and may wrap: Fri-Mon. */
	for (d = from;; d = (d + 1) % 7) {
		*mask |= WT_DAY(d);
		if (d == to)
			break;
	}
	return 0;
}

int
worktime_parse_days(const char *spec, unsigned *mask, char *err, size_t errlen)
{
	size_t	 b, e, len;
	unsigned m = 0;

	if (spec == NULL || (len = strlen(spec)) == 0 ||
	    strspn(spec, " \t") == len) {
		errf(err, errlen, "no working days given (e.g. Mon-Fri)");
		return -1;
	}
	if (len > 200) {
		errf(err, errlen, "list of days too long");
		return -1;
	}
	for (b = 0; b <= len; b = e + 1) {
		e = b;
		while (e < len && spec[e] != ',')
			e++;
		if (days_item(spec, b, e, &m, err, errlen) == -1)
			return -1;
	}
	*mask = m;
	return 0;
}

void
worktime_format_days(unsigned mask, char *buf, size_t len)
{
	int	 first = -1, i, d, run, n, used = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	mask &= WT_ALLDAYS;
	if (mask == 0)
		return;
	if (mask == WT_ALLDAYS) {
		snprintf(buf, len, "Mon-Sun");
		return;
	}
	/* Start at the first run start, Monday first, so Sun-Thu stays whole. */
	for (i = 0; i < 7 && first == -1; i++) {
		d = (i + 1) % 7;
		if ((mask & WT_DAY(d)) && !(mask & WT_DAY((d + 6) % 7)))
			first = d;
	}
	for (i = 0; i < 7; i += run) {
		d = (first + i) % 7;
		run = 1;
		if (!(mask & WT_DAY(d)))
			continue;
		while (i + run < 7 && (mask & WT_DAY((d + run) % 7)))
			run++;
		if (run >= 3)
			n = snprintf(buf + used, len - used, "%s%s-%s",
			    used ? "," : "", day_abbr[d], day_abbr[(d + run - 1) % 7]);
		else if (run == 2)
			n = snprintf(buf + used, len - used, "%s%s,%s",
			    used ? "," : "", day_abbr[d], day_abbr[(d + 1) % 7]);
		else
			n = snprintf(buf + used, len - used, "%s%s",
			    used ? "," : "", day_abbr[d]);
		if (n < 0 || (size_t)n >= len - used)
			return;		/* truncated, still NUL-terminated */
		used += n;
	}
}

/* --------------------------------------------------------------- hours */

/* "H:MM" or "HH:MM" at s; the number of bytes used, or 0. */
static size_t
parse_hhmm(const char *s, int *minutes)
{
	size_t	 i = 0;
	int	 h = 0, m;

	while (i < 2 && s[i] >= '0' && s[i] <= '9')
		h = h * 10 + (s[i++] - '0');
	if (i == 0 || s[i] != ':' || s[i + 1] < '0' || s[i + 1] > '5' ||
	    s[i + 2] < '0' || s[i + 2] > '9')
		return 0;
	m = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
	if (h > 24 || (h == 24 && m != 0))
		return 0;
	*minutes = h * 60 + m;
	return i + 3;
}

int
worktime_parse_hours(const char *spec, int *start_min, int *end_min,
    char *err, size_t errlen)
{
	const char	*p = spec;
	size_t		 n;
	int		 a, b;

	if (spec == NULL)
		goto syntax;
	p += strspn(p, " \t");
	if ((n = parse_hhmm(p, &a)) == 0)
		goto syntax;
	p += n;
	p += strspn(p, " \t");
	if (*p++ != '-')
		goto syntax;
	p += strspn(p, " \t");
	if ((n = parse_hhmm(p, &b)) == 0)
		goto syntax;
	p += n;
	p += strspn(p, " \t");
	if (*p != '\0')
		goto syntax;
	if (a >= 1440) {
		errf(err, errlen, "working hours cannot start at 24:00");
		return -1;
	}
	if (b <= a) {
		errf(err, errlen, "working hours end %02d:%02d is not after the "
		    "start %02d:%02d (overnight hours are not supported)",
		    b / 60, b % 60, a / 60, a % 60);
		return -1;
	}
	*start_min = a;
	*end_min = b;
	return 0;
syntax:
	errf(err, errlen, "working hours must look like 09:00-17:00");
	return -1;
}

/* -------------------------------------------------------------- rrules */

static int
by_count(const short *by, int size)
{
	int	 n = 0;

	while (n < size && by[n] != ICAL_RECURRENCE_ARRAY_MAX)
		n++;
	return n;
}

/* Parse and vet a check-in rule (see worktime_rrule_check). */
static int
rrule_parse(const char *s, struct icalrecurrencetype *r, char *err,
    size_t errlen)
{
	int	 nh, nm, ns;

	if (s == NULL || *s == '\0') {
		errf(err, errlen, "empty RRULE");
		return -1;
	}
	if (strlen(s) > RRULE_MAX_LEN) {
		errf(err, errlen, "RRULE longer than %d bytes", RRULE_MAX_LEN);
		return -1;
	}
	if (strncasecmp(s, "RRULE:", 6) == 0)
		s += 6;
	icalerror_clear_errno();
	*r = icalrecurrencetype_from_string(s);
	if (r->rscale != NULL) {
		free(r->rscale);
		r->rscale = NULL;
		errf(err, errlen, "RSCALE (non-Gregorian calendars) is not supported");
		return -1;
	}
	if (r->freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
		errf(err, errlen, "not a valid RRULE (RFC 5545 3.3.10): '%.60s'", s);
		return -1;
	}
	switch (r->freq) {
	case ICAL_DAILY_RECURRENCE:
	case ICAL_WEEKLY_RECURRENCE:
	case ICAL_MONTHLY_RECURRENCE:
	case ICAL_YEARLY_RECURRENCE:
		break;
	default:
		errf(err, errlen, "FREQ=%s is too frequent for a check-in "
		    "(use DAILY, WEEKLY, MONTHLY or YEARLY)",
		    icalrecur_freq_to_string(r->freq));
		return -1;
	}
	if (r->interval < 1 || r->interval > 52) {
		errf(err, errlen, "INTERVAL must be 1..52");
		return -1;
	}
	ns = by_count(r->by_second, ICAL_BY_SECOND_SIZE);
	if (ns > 1 || (ns == 1 && r->by_second[0] != 0)) {
		errf(err, errlen, "BYSECOND is not supported in a check-in rule");
		return -1;
	}
	nh = by_count(r->by_hour, ICAL_BY_HOUR_SIZE);
	nm = by_count(r->by_minute, ICAL_BY_MINUTE_SIZE);
	if ((nh ? nh : 1) * (nm ? nm : 1) > WT_RRULE_MAX_PER_DAY) {
		errf(err, errlen, "the rule fires %d times a day (at most %d)",
		    (nh ? nh : 1) * (nm ? nm : 1), WT_RRULE_MAX_PER_DAY);
		return -1;
	}
	return 0;
}

/* An iterator over r in local wall time, starting on anchor's local date. */
/*
 * A series that started long ago would be iterated from its first day at
 * every call (a daily rule of a person added three years ago: 1,100 steps).
 * Without COUNT, moving DTSTART forward by whole periods of the rule
 * (INTERVAL days, weeks, months or years) leaves every occurrence after it
 * where it was, including the defaults taken from DTSTART (its weekday, day
 * of month, month). So start one period before t's. Returns the new anchor
 * (noon on the new local date: only the date is used).
 */
static time_t
rrule_fast_forward(const struct icalrecurrencetype *r, icaltimezone *zone, time_t anchor, time_t t)
{
	struct tzone_local	 a, b;
	long			 da, db, k, step, months;
	int			 interval = r->interval > 0 ? r->interval : 1, y, m, d;
	time_t			 out;

	if (r->count != 0 || t <= anchor || tzone_to_local(zone, anchor, &a) == -1 ||
	    tzone_to_local(zone, t, &b) == -1)
		return anchor;
	switch (r->freq) {
	case ICAL_DAILY_RECURRENCE:
	case ICAL_WEEKLY_RECURRENCE:
		step = (r->freq == ICAL_DAILY_RECURRENCE ? 1L : 7L) * interval;
		da = tzone_days_from_civil(a.year, a.month, a.day);
		db = tzone_days_from_civil(b.year, b.month, b.day);
		k = (db - da) / step - 1;
		if (k <= 0)
			return anchor;
		tzone_civil_from_days(da + k * step, &y, &m, &d);
		break;
	case ICAL_MONTHLY_RECURRENCE:
	case ICAL_YEARLY_RECURRENCE:
		if (a.day > 28)
			return anchor;	/* a 31st (or Feb 29th) cannot move month by month */
		step = (r->freq == ICAL_MONTHLY_RECURRENCE ? 1L : 12L) * interval;
		months = (b.year - a.year) * 12L + (b.month - a.month);
		k = months / step - 1;
		if (k <= 0)
			return anchor;
		months = (a.year * 12L + (a.month - 1)) + k * step;
		y = (int)(months / 12);
		m = (int)(months % 12) + 1;
		d = a.day;
		break;
	default:
		return anchor;
	}
	if (tzone_from_local(zone, y, m, d, 12, 0, 0, &out) == -1)
		return anchor;
	return out;
}

static icalrecur_iterator *
rrule_iter(struct icalrecurrencetype *r, icaltimezone *zone, time_t anchor,
    int default_min)
{
	struct icaltimetype	 dtstart = icaltime_null_time();
	struct tzone_local	 lt;
	int			 has_h, has_m;

	if (tzone_to_local(zone, anchor, &lt) == -1)
		return NULL;
	has_h = r->by_hour[0] != ICAL_RECURRENCE_ARRAY_MAX;
	has_m = r->by_minute[0] != ICAL_RECURRENCE_ARRAY_MAX;
	if (default_min < 0 || default_min >= 1440)
		default_min = 0;
	dtstart.year = lt.year;
	dtstart.month = lt.month;
	dtstart.day = lt.day;
	/* BYHOUR without BYMINUTE means on the hour, not at default's minute. */
	dtstart.hour = has_h ? 0 : default_min / 60;
	dtstart.minute = has_m || has_h ? 0 : default_min % 60;
	dtstart.second = 0;
	dtstart.is_date = 0;
	dtstart.zone = NULL;		/* floating: iterate in wall time */
	if (!icaltime_is_null_time(r->until) && icaltime_is_utc(r->until) &&
	    !r->until.is_date) {
		time_t u = icaltime_as_timet_with_zone(r->until,
		    icaltimezone_get_utc_timezone());

		if (u >= TZONE_TIME_MAX)
			u = TZONE_TIME_MAX - 1;
		if (u >= TZONE_TIME_MIN && tzone_to_local(zone, u, &lt) == 0) {
			r->until = icaltime_null_time();
			r->until.year = lt.year;
			r->until.month = lt.month;
			r->until.day = lt.day;
			r->until.hour = lt.hour;
			r->until.minute = lt.min;
			r->until.second = lt.sec;
		}
	}
	icalerror_clear_errno();
	return icalrecur_iterator_new(*r, dtstart);
}

static int
rrule_next(struct icalrecurrencetype *r, icaltimezone *zone, time_t anchor,
    int default_min, time_t t, time_t *next, char *err, size_t errlen)
{
	icalrecur_iterator	*it;
	struct icaltimetype	 occ;
	time_t			 ti, limit = t + WT_HORIZON_DAYS * DAY_SECS;
	int			 steps, ret = 1;

	if (anchor < TZONE_TIME_MIN || anchor >= TZONE_TIME_MAX)
		anchor = t;
	anchor = rrule_fast_forward(r, zone, anchor, t);
	if ((it = rrule_iter(r, zone, anchor, default_min)) == NULL) {
		errf(err, errlen, "the rule produces no occurrences");
		return 1;
	}
	errf(err, errlen, "no occurrence within %d days", WT_HORIZON_DAYS);
	for (steps = 0; steps < WT_RRULE_MAX_STEPS; steps++) {
		occ = icalrecur_iterator_next(it);
		if (icaltime_is_null_time(occ)) {
			errf(err, errlen, "the rule has no further occurrence");
			break;
		}
		if (tzone_from_local(zone, occ.year, occ.month, occ.day,
		    occ.hour, occ.minute, occ.second, &ti) == -1 || ti > limit)
			break;
		if (ti >= t) {
			*next = ti;
			ret = 0;
			break;
		}
	}
	icalrecur_iterator_free(it);
	if (ret == 0 && err != NULL && errlen > 0)
		err[0] = '\0';
	return ret;
}

int
worktime_rrule_check(const char *rrule, const char *tz, time_t from,
    char *err, size_t errlen)
{
	struct icalrecurrencetype	 r;
	icaltimezone			*zone;
	time_t				 next;

	if ((zone = tzone_get(tz)) == NULL) {
		errf(err, errlen, "unknown time zone '%.64s'", tz ? tz : "");
		return -1;
	}
	if (rrule_parse(rrule, &r, err, errlen) == -1)
		return -1;
	if (rrule_next(&r, zone, from, 9 * 60, from, &next, err, errlen) != 0)
		return -1;
	return 0;
}

int
worktime_rrule_next(const char *rrule, const char *tz, time_t anchor,
    int default_min, time_t t, time_t *next, char *err, size_t errlen)
{
	struct icalrecurrencetype	 r;
	icaltimezone			*zone;

	if ((zone = tzone_get(tz)) == NULL) {
		errf(err, errlen, "unknown time zone '%.64s'", tz ? tz : "");
		return -1;
	}
	if (t < TZONE_TIME_MIN || t >= TZONE_TIME_MAX) {
		errf(err, errlen, "time out of range");
		return -1;
	}
	if (rrule_parse(rrule, &r, err, errlen) == -1)
		return -1;
	return rrule_next(&r, zone, anchor, default_min, t, next, err, errlen);
}

/* ------------------------------------------------------- allowed times */

static icaltimezone *
wt_zone(const struct worktime *w)
{
	if (w == NULL || (w->days & WT_ALLDAYS) == 0 || w->start_min < 0 ||
	    w->start_min >= 1440 || w->end_min <= w->start_min ||
	    w->end_min > 1440 || (w->npauses > 0 && w->pauses == NULL))
		return NULL;
	return tzone_get(w->tz);
}

/* If t is inside a pause, the end of that pause. */
static int
in_pause(const struct worktime *w, time_t t, time_t *until)
{
	size_t	 i;

	for (i = 0; i < w->npauses; i++) {
		if (w->pauses[i].from <= t && t < w->pauses[i].to) {
			*until = w->pauses[i].to;
			return 1;
		}
	}
	return 0;
}

static int
allowed_local(const struct worktime *w, const struct tzone_local *lt)
{
	long	 sod = lt->hour * 3600L + lt->min * 60L + lt->sec;

	return (w->days & WT_DAY(lt->wday)) && sod >= w->start_min * 60L &&
	    sod < w->end_min * 60L;
}

int
worktime_allowed(const struct worktime *w, time_t t)
{
	struct tzone_local	 lt;
	icaltimezone		*zone;
	time_t			 until;

	if ((zone = wt_zone(w)) == NULL || in_pause(w, t, &until) ||
	    tzone_to_local(zone, t, &lt) == -1)
		return 0;
	return allowed_local(w, &lt);
}

/* The start of working hours on the local date days (since 1970). */
static int
day_start(const struct worktime *w, icaltimezone *zone, long days, time_t *out)
{
	int	 y, m, d;

	tzone_civil_from_days(days, &y, &m, &d);
	return tzone_from_local(zone, y, m, d, w->start_min / 60,
	    w->start_min % 60, 0, out);
}

int
worktime_next_allowed(const struct worktime *w, time_t t, time_t *out)
{
	struct tzone_local	 lt;
	icaltimezone		*zone;
	time_t			 limit, cand, until;
	long			 days, sod;
	size_t			 i, cap;

	if ((zone = wt_zone(w)) == NULL || t < TZONE_TIME_MIN ||
	    t >= TZONE_TIME_MAX)
		return -1;
	limit = t + WT_HORIZON_DAYS * DAY_SECS;
	cap = 2 * WT_HORIZON_DAYS + w->npauses + 8;
	for (i = 0; i < cap && t < limit; i++) {
		if (in_pause(w, t, &until)) {
			t = until;
			continue;
		}
		if (tzone_to_local(zone, t, &lt) == -1)
			return -1;
		if (allowed_local(w, &lt)) {
			*out = t;
			return 0;
		}
		days = tzone_days_from_civil(lt.year, lt.month, lt.day);
		sod = lt.hour * 3600L + lt.min * 60L + lt.sec;
		if (!((w->days & WT_DAY(lt.wday)) && sod < w->start_min * 60L))
			days++;		/* after hours or a day off: next day */
		if (day_start(w, zone, days, &cand) == -1)
			return -1;
		t = cand > t ? cand : t + 60;
	}
	return -1;
}

int
worktime_morning_after(const struct worktime *w, int year, int month, int day,
    time_t *out)
{
	time_t	 start, end;

	if (wt_zone(w) == NULL ||
	    worktime_day_bounds(w->tz, year, month, day, &start, &end) == -1)
		return -1;
	return worktime_next_allowed(w, end, out);
}

/* ---------------------------------------------------- days and weeks */

int
worktime_day_bounds(const char *tz, int year, int month, int day,
    time_t *start, time_t *end)
{
	icaltimezone	*zone;
	long		 days;
	int		 y, m, d;

	if ((zone = tzone_get(tz)) == NULL || month < 1 || month > 12 ||
	    day < 1 || day > tzone_days_in_month(year, month))
		return -1;
	days = tzone_days_from_civil(year, month, day) + 1;
	tzone_civil_from_days(days, &y, &m, &d);
	if (tzone_from_local(zone, year, month, day, 0, 0, 0, start) == -1 ||
	    tzone_from_local(zone, y, m, d, 0, 0, 0, end) == -1)
		return -1;
	return 0;
}

/* Days since 1970 of the Monday of ISO week 1 of iso_year. */
static long
iso_week1_monday(int iso_year)
{
	long	 jan4 = tzone_days_from_civil(iso_year, 1, 4);

	return jan4 - (tzone_wday(jan4) + 6) % 7;
}

static void
iso_week_of(long days, int *iso_year, int *iso_week)
{
	long	 thursday = days - (tzone_wday(days) + 6) % 7 + 3;
	int	 y, m, d;

	tzone_civil_from_days(thursday, &y, &m, &d);
	*iso_year = y;
	*iso_week = (int)((thursday - tzone_days_from_civil(y, 1, 1)) / 7 + 1);
}

int
worktime_iso_weeks_in_year(int iso_year)
{
	int	 y, w;

	iso_week_of(tzone_days_from_civil(iso_year, 12, 28), &y, &w);
	return w;
}

int
worktime_iso_week(const char *tz, time_t t, int *iso_year, int *iso_week)
{
	struct tzone_local	 lt;
	icaltimezone		*zone;

	if ((zone = tzone_get(tz)) == NULL || tzone_to_local(zone, t, &lt) == -1)
		return -1;
	iso_week_of(tzone_days_from_civil(lt.year, lt.month, lt.day),
	    iso_year, iso_week);
	return 0;
}

int
worktime_week_bounds(const char *tz, int iso_year, int iso_week,
    time_t *start, time_t *end)
{
	icaltimezone	*zone;
	long		 monday;
	int		 y, m, d;

	if ((zone = tzone_get(tz)) == NULL || iso_year < 1970 ||
	    iso_year > 2099 || iso_week < 1 ||
	    iso_week > worktime_iso_weeks_in_year(iso_year))
		return -1;
	monday = iso_week1_monday(iso_year) + (iso_week - 1) * 7L;
	tzone_civil_from_days(monday, &y, &m, &d);
	if (tzone_from_local(zone, y, m, d, 0, 0, 0, start) == -1)
		return -1;
	tzone_civil_from_days(monday + 7, &y, &m, &d);
	return tzone_from_local(zone, y, m, d, 0, 0, 0, end);
}

int
worktime_week_label(const char *tz, time_t t, char *buf, size_t len)
{
	int	 y, w, n;

	if (worktime_iso_week(tz, t, &y, &w) == -1)
		return -1;
	n = snprintf(buf, len, "%04d-W%02d", y, w);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int
worktime_parse_week(const char *label, int *iso_year, int *iso_week)
{
	int	 i, y = 0, w;

	if (label == NULL || strlen(label) != 8 || label[4] != '-' ||
	    label[5] != 'W')
		return -1;
	for (i = 0; i < 4; i++) {
		if (label[i] < '0' || label[i] > '9')
			return -1;
		y = y * 10 + (label[i] - '0');
	}
	if (label[6] < '0' || label[6] > '9' || label[7] < '0' || label[7] > '9')
		return -1;
	w = (label[6] - '0') * 10 + (label[7] - '0');
	if (y < 1970 || y > 2099 || w < 1 || w > worktime_iso_weeks_in_year(y))
		return -1;
	*iso_year = y;
	*iso_week = w;
	return 0;
}

/* ---------------------------------------------------------- formatting */

int
worktime_format(time_t t, const char *tz, char *buf, size_t len)
{
	struct tzone_local	 lt;
	icaltimezone		*zone;
	int			 n;

	if (len == 0)
		return -1;
	if ((zone = tzone_get(tz)) == NULL || tzone_to_local(zone, t, &lt) == -1) {
		snprintf(buf, len, "?");
		return -1;
	}
	n = snprintf(buf, len, "%s %s %d %02d:%02d (%s)", day_abbr[lt.wday],
	    month_abbr[lt.month - 1], lt.day, lt.hour, lt.min, tz);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int
worktime_format_both(time_t t, const char *tz_person, const char *tz_manager,
    char *buf, size_t len)
{
	size_t	 used;

	if (worktime_format(t, tz_person, buf, len) == -1)
		return -1;
	if (tz_manager == NULL || strcmp(tz_person, tz_manager) == 0)
		return 0;
	used = strlen(buf);
	if (len - used < 4)
		return -1;
	memcpy(buf + used, " / ", 4);
	used += 3;
	return worktime_format(t, tz_manager, buf + used, len - used);
}
