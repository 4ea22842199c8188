/*
 * validate.h: checks of user-supplied values shared by the config file and
 * the CLI. Each returns 0 when the value is good, or -1 and a reason in
 * why (a short phrase, no trailing period).
 */
#ifndef RAPPORT_VALIDATE_H
#define RAPPORT_VALIDATE_H

#include <stddef.h>
#include <time.h>

int	 valid_zone(const char *, char *why, size_t);		/* IANA zone known to libical, or UTC */
int	 valid_email(const char *, char *why, size_t);		/* addr-spec, no display name */
int	 valid_days(const char *, unsigned *mask, char *why, size_t);	/* Mon-Fri, Mon,Wed,Fri; bit 0 = Sunday */
int	 valid_hours(const char *, int *start_min, int *end_min, char *why, size_t);	/* 09:00-17:00 */
int	 valid_rrule(const char *, char *why, size_t);		/* FREQ=WEEKLY;BYDAY=FR;BYHOUR=15 */
int	 valid_date(const char *, char *why, size_t);		/* YYYY-MM-DD */

/* The calendar date (YYYY-MM-DD, buf >= 11) of instant t in zone tz. */
void	 zone_date(const char *tz, time_t t, char *buf, size_t);
/* The instant of local time date + minutes after midnight in zone tz
 * (a time skipped by DST moves forward to the first valid minute). */
time_t	 zone_instant(const char *tz, const char *date, int minutes);

/* Format a day mask back as "Mon-Fri" / "Mon,Wed,Fri" (buf >= 32). */
void	 days_format(unsigned mask, char *buf, size_t);

#endif
