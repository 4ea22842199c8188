/*
 * worktime.h: when rapport may write to a person. Pure time computations
 * over a person's zone, working days, working hours and pauses: no database,
 * no clock (every function takes the instant it reasons about).
 *
 * Conventions
 *  - Instants are time_t UTC seconds in [TZONE_TIME_MIN, TZONE_TIME_MAX).
 *  - Zones are IANA names ("Asia/Kolkata") or "UTC", checked by tzone_get().
 *  - Days are a bitmask, bit 0 = Sunday .. bit 6 = Saturday (struct tm).
 *  - Working hours are [start, end) in minutes after local midnight: a
 *    message due at exactly the end (17:00 for "09:00-17:00") waits for the
 *    next working day. end may be 1440 ("24:00"); end <= start (overnight
 *    shifts) is refused: a night shift is written as its own hours of the
 *    local day it starts on and ends on, which rapport does not model.
 *  - Pauses are [from, to) instants (holidays, out-of-office); nothing is
 *    sent inside one.
 *  - Functions that can fail return 0 / -1 and, when given an err buffer,
 *    write a one-line reason into it ("unknown day 'Mox'").
 * Nothing here allocates; nothing returned needs freeing.
 */
#ifndef RAPPORT_WORKTIME_H
#define RAPPORT_WORKTIME_H

#include <stddef.h>
#include <time.h>

#define WT_DAY(wday)	(1u << (wday))		/* wday 0 = Sunday */
#define WT_ALLDAYS	0x7fu
#define WT_MONFRI	0x3eu

/* The longest a search looks ahead for an allowed minute or an occurrence. */
#define WT_HORIZON_DAYS		(2 * 366)
/* RRULE iterator steps before giving up (a daily rule for 20 years is 7,300). */
#define WT_RRULE_MAX_STEPS	100000
/* At most this many occurrences per day in a check-in rule (BYHOUR x BYMINUTE). */
#define WT_RRULE_MAX_PER_DAY	4

struct wt_pause {
	time_t	 from, to;		/* [from, to) */
};

struct worktime {
	const char		*tz;		/* IANA name or "UTC" */
	unsigned		 days;		/* WT_DAY() bits */
	int			 start_min;	/* 0..1439 */
	int			 end_min;	/* start_min+1..1440 */
	const struct wt_pause	*pauses;	/* may be NULL */
	size_t			 npauses;
};

/* 1 if tz is a usable zone name (IANA via libical's database, or "UTC"). */
int	 worktime_zone_valid(const char *tz);

/* "Mon-Fri", "Mon,Wed,Fri", "Sun-Thu", "tue-sat", "Fri-Mon" (wraps over the
 * weekend), "Monday, Thursday": 3-letter or full English names, any case,
 * ranges and lists mixed. */
int	 worktime_parse_days(const char *spec, unsigned *mask, char *err, size_t errlen);
/* The mask as text, "Mon-Fri" or "Mon,Wed,Fri" (Monday first); "" for 0. */
void	 worktime_format_days(unsigned mask, char *buf, size_t len);

/* "09:00-17:00", "9:30-18:00", "00:00-24:00". */
int	 worktime_parse_hours(const char *spec, int *start_min, int *end_min,
	    char *err, size_t errlen);

/* Validate a check-in rule such as "FREQ=WEEKLY;BYDAY=FR;BYHOUR=15": libical
 * must parse it; FREQ is DAILY, WEEKLY, MONTHLY or YEARLY (no HOURLY,
 * MINUTELY, SECONDLY; no BYSECOND; no RSCALE); INTERVAL 1..52; at most
 * WT_RRULE_MAX_PER_DAY times a day; and it must produce an occurrence
 * within WT_HORIZON_DAYS of `from`, evaluated in zone tz. */
int	 worktime_rrule_check(const char *rrule, const char *tz, time_t from,
	    char *err, size_t errlen);

/* The first occurrence at or after t of rrule in zone tz. The series starts
 * (DTSTART) on the local date of anchor (the person's start date, which keeps
 * INTERVAL=2 on the right weeks; a negative anchor means t), at the rule's
 * BYHOUR/BYMINUTE, or at
 * default_min minutes after midnight for the parts the rule leaves open.
 * Occurrences are local wall times (15:00 stays 15:00 across DST). Returns
 * 0 and *next, 1 if the rule has no further occurrence (COUNT/UNTIL, or none
 * within WT_HORIZON_DAYS / WT_RRULE_MAX_STEPS), -1 on a bad rule or zone. */
int	 worktime_rrule_next(const char *rrule, const char *tz, time_t anchor,
	    int default_min, time_t t, time_t *next, char *err, size_t errlen);

/* 1 if rapport may send to this person at instant t. */
int	 worktime_allowed(const struct worktime *, time_t t);
/* The first allowed instant >= t (t itself when allowed; otherwise the start
 * of working hours of the next allowed day, or the end of a pause, to the
 * minute). 0, or -1 when there is none within WT_HORIZON_DAYS or the
 * worktime is invalid (no days, bad hours or zone). */
int	 worktime_next_allowed(const struct worktime *, time_t t, time_t *out);
/* "The morning after date D": the first allowed instant from the local
 * midnight that ends date D (y-m-d in the person's zone). */
int	 worktime_morning_after(const struct worktime *, int year, int month,
	    int day, time_t *out);

/* Local day / ISO week helpers, all in zone tz. Bounds are [start, end). */
int	 worktime_day_bounds(const char *tz, int year, int month, int day,
	    time_t *start, time_t *end);
int	 worktime_iso_week(const char *tz, time_t t, int *iso_year, int *iso_week);
int	 worktime_week_bounds(const char *tz, int iso_year, int iso_week,
	    time_t *start, time_t *end);
/* "2026-W48" <-> (2026, 48); the parser checks the week exists in the year. */
int	 worktime_week_label(const char *tz, time_t t, char *buf, size_t len);
int	 worktime_parse_week(const char *label, int *iso_year, int *iso_week);
int	 worktime_iso_weeks_in_year(int iso_year);	/* 52 or 53 */

/* "Fri Dec 4 15:00 (Asia/Kolkata)"; -1 (and "?") on a bad zone or instant. */
int	 worktime_format(time_t t, const char *tz, char *buf, size_t len);
/* Both zones: "Fri Dec 4 15:00 (Asia/Kolkata) / Fri Dec 4 10:30 (Europe/Berlin)",
 * or one when the zones are equal. */
int	 worktime_format_both(time_t t, const char *tz_person,
	    const char *tz_manager, char *buf, size_t len);

#endif
