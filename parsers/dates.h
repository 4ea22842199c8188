/*
 * dates.h: written dates and times, resolved against a reference instant in
 * an IANA time zone (the message's Date in the sender's zone).
 *
 * Understood (case- and accent-insensitive; English, German, French,
 * Spanish, Portuguese, Dutch):
 *  - ISO 2026-12-08 (and 2026-12-08T15:00);
 *  - month names: "Dec 8", "December 8th", "Dec. 8, 2026", "8 December",
 *    "8th of December", "8 Dec 2026", "8. Dezember", "le 8 décembre",
 *    "8 de diciembre de 2026", "8 de dezembro", "8 december";
 *    a leading weekday is allowed ("Fri, Dec 4") and not checked;
 *  - numeric: "7.12." and "7.12.2026" (always day.month), "12/8" and
 *    "12/8/2026" (see "Slashes" below), "the 8th" (next 8th of a month);
 *  - today, tonight, tomorrow, the day after tomorrow, yesterday;
 *    heute/morgen/übermorgen, aujourd'hui/demain/après-demain,
 *    hoy/mañana/pasado mañana, hoje/amanhã/depois de amanhã,
 *    vandaag/morgen/overmorgen;
 *  - weekdays: "Friday", "this Friday", "on Friday", "next Friday",
 *    "last Friday", "Freitag", "nächsten Freitag", "vendredi (prochain)",
 *    "el próximo viernes", "sexta-feira", "volgende vrijdag";
 *  - "in 3 days", "in two weeks", "in a week", "dans 3 jours", "in 3 Tagen",
 *    "en 3 días", "em 3 dias", "over 3 dagen";
 *  - next week (its Monday), next month (its 1st), end of (the) week (its
 *    Friday), end of next week, end of (the) month (its last day), this
 *    weekend (its Saturday), and their equivalents in the languages above;
 *  - times: "15:00", "3pm", "3:30 pm", "15h", "15h30", "15 Uhr", "noon",
 *    after or before a date: "friday 15:00", "tomorrow at 3pm",
 *    "15:00 on Friday"; "at 3" alone means 15:00 (1-7 → pm, 8-12 → am).
 *
 * Resolution rules (the reference day is "today" in the zone):
 *  - a date without a year is its next occurrence on or after today
 *    ("Dec 8" on Nov 27 → this year; "Jan 10" in December → next year);
 *  - "Friday"/"this Friday" is the next Friday on or after today; with a
 *    time that has already passed today, the Friday a week later;
 *  - "next Friday" is the Friday of next week (weeks start on Monday):
 *    on Wednesday Nov 25 it is Dec 4, on Saturday Nov 28 also Dec 4;
 *  - "last Friday", "yesterday" and dates with an explicit year before
 *    today resolve as written, with status DATES_PAST; so does a time
 *    earlier than now today ("today 9:00" at 10:00).
 * Slashes: "13/12" and "12/13" are unambiguous. When both numbers are 12 or
 * less and differ, the zone decides: month/day in US zones (America/New_York,
 * Chicago, Denver, Los_Angeles, Phoenix, Anchorage, Honolulu, the
 * America/Indiana and Kentucky zones, the US/ zones) and Asia/Manila; day/month in
 * the other zones of Europe, Africa, Asia, Australia, Latin America; and in
 * UTC, the Etc/ zones and Canadian zones the date is DATES_AMBIGUOUS, with both
 * readings returned. A hyphen between two small numbers ("30-35") is never
 * a date.
 *
 * Zones come from tzone.h (which guards libical's zone loader); local times
 * convert with its RFC 5545 rules. Dates are limited to 1970-2099.
 */
#ifndef RAPPORT_DATES_H
#define RAPPORT_DATES_H

#include <stddef.h>
#include <time.h>

#include "tzone.h"

enum dates_order {
	DATES_ORDER_UNKNOWN,	/* refuse to guess: DATES_AMBIGUOUS */
	DATES_ORDER_MD,		/* 12/8 = December 8 */
	DATES_ORDER_DM		/* 12/8 = 12 August */
};

/* The reference: "now" in one zone. Filled by dates_ref_init(). */
struct dates_ref {
	time_t		 now;
	icaltimezone	*zone;		/* from tzone_get(); libical's */
	enum dates_order order;
	int		 year, month, day;	/* today in the zone */
	int		 wday;			/* 0 = Sunday */
	int		 hour, minute;
};

/* tzid NULL, "UTC", "GMT" or "Etc/UTC" is UTC. Returns 0, or -1 when the
 * zone is unknown or its name unsafe (tzone_get()), or now is outside
 * 1970-2099. */
int	 dates_ref_init(struct dates_ref *, time_t now, const char *tzid);
/* The slash convention of a zone (see above); tzid may be NULL. */
enum dates_order dates_zone_order(const char *tzid);

enum dates_status {
	DATES_OK,
	DATES_AMBIGUOUS,	/* two readings: year/month/day and alt_* */
	DATES_PAST		/* before today (or, with a time, before now) */
};

struct dates_match {
	size_t		 start, end;	/* the span read, in the input */
	int		 has_date, has_time;
	int		 year, month, day;	/* today when only a time was read */
	int		 hour, minute;		/* -1 without a time */
	int		 alt_year, alt_month, alt_day;	/* DATES_AMBIGUOUS only */
	enum dates_status status;
	time_t		 when;	/* the instant: the time, or 00:00 of the day, in the zone */
};

#define DATES_DATE	0x1	/* read dates */
#define DATES_TIME	0x2	/* read times (with or without a date) */
#define DATES_ANY	(DATES_DATE | DATES_TIME)

/*
 * Read a date and/or time starting at s[pos] (after optional horizontal
 * space), never across a newline. Returns 1 and fills *m, or 0.
 * Bounded work: it looks at no more than a dozen tokens.
 */
int	 dates_parse_at(const char *s, size_t len, size_t pos,
	    const struct dates_ref *, unsigned flags, struct dates_match *m);

/*
 * The first date/time in s[from, to) (to <= len; reading may continue past
 * to to finish a date that starts before it). Weak forms that are also
 * common words are skipped here: bare 3-letter weekdays ("sat", "sun"),
 * "morgen"/"mañana" alone. Returns 1 and fills *m, or 0. Linear in to-from.
 */
int	 dates_find(const char *s, size_t len, size_t from, size_t to,
	    const struct dates_ref *, unsigned flags, struct dates_match *m);

/* "2026-12-08" into buf (at least 11 bytes); "" when there is no date. */
void	 dates_format_day(const struct dates_match *, char *buf, size_t size);

#endif
