/* tzone.c: safe IANA zone lookup and civil-time conversion; see tzone.h. */
#include <string.h>
#include <time.h>

#include "tzone.h"

#define DAY	86400L

int
tzone_name_ok(const char *name)
{
	size_t	 i, len;
	int	 start = 1;
	char	 c;

	if (name == NULL || (len = strlen(name)) == 0 || len > TZONE_NAME_MAX)
		return 0;
	if (strcmp(name, "Factory") == 0)	/* a real file meaning "unset" */
		return 0;
	for (i = 0; i < len; i++) {
		c = name[i];
		if (start) {
			if (c < 'A' || c > 'Z')
				return 0;
			start = 0;
			continue;
		}
		if (c == '/') {
			start = 1;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '+'))
			return 0;
	}
	return !start;		/* no trailing '/' */
}

icaltimezone *
tzone_get(const char *name)
{
	if (name == NULL)
		return NULL;
	if (strcmp(name, "UTC") == 0 || strcmp(name, "GMT") == 0)
		return icaltimezone_get_utc_timezone();
	if (!tzone_name_ok(name))
		return NULL;
	return icaltimezone_get_builtin_timezone(name);
}

int
tzone_is_utc(icaltimezone *zone)
{
	return zone == icaltimezone_get_utc_timezone();
}

long
tzone_days_from_civil(int year, int month, int day)
{
	long	 y = year - (month <= 2);
	long	 era = (y >= 0 ? y : y - 399) / 400;
	long	 yoe = y - era * 400;
	long	 doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	long	 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
tzone_civil_from_days(long days, int *year, int *month, int *day)
{
	long	 z = days + 719468;
	long	 era = (z >= 0 ? z : z - 146096) / 146097;
	long	 doe = z - era * 146097;
	long	 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long	 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long	 mp = (5 * doy + 2) / 153;
	int	 m = (int)(mp < 10 ? mp + 3 : mp - 9);

	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = m;
	*year = (int)(yoe + era * 400 + (m <= 2));
}

int
tzone_days_in_month(int year, int month)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int	 leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	if (month < 1 || month > 12)
		return 0;
	return mdays[month - 1] + (month == 2 && leap);
}

int
tzone_wday(long days)
{
	long	 w = (days + 4) % 7;	/* 1970-01-01 was a Thursday */

	return (int)(w < 0 ? w + 7 : w);
}

int
tzone_offset(icaltimezone *zone, time_t t, int *offset, int *is_dst)
{
	struct icaltimetype	 tt;
	int			 dst = 0;

	if (zone == NULL || t < TZONE_TIME_MIN || t >= TZONE_TIME_MAX)
		return -1;
	if (tzone_is_utc(zone)) {
		*offset = 0;
		if (is_dst != NULL)
			*is_dst = 0;
		return 0;
	}
	tt = icaltime_from_timet_with_zone(t, 0, icaltimezone_get_utc_timezone());
	*offset = icaltimezone_get_utc_offset_of_utc_time(zone, &tt, &dst);
	if (is_dst != NULL)
		*is_dst = dst;
	return 0;
}

int
tzone_to_local(icaltimezone *zone, time_t t, struct tzone_local *lt)
{
	long	 secs, days, sod;
	int	 off, dst;

	if (tzone_offset(zone, t, &off, &dst) == -1)
		return -1;
	secs = (long)t + off;
	days = secs / DAY;
	sod = secs % DAY;
	if (sod < 0) {		/* before 1970 in local time (UTC-x at t=0) */
		sod += DAY;
		days--;
	}
	memset(lt, 0, sizeof(*lt));
	tzone_civil_from_days(days, &lt->year, &lt->month, &lt->day);
	lt->hour = (int)(sod / 3600);
	lt->min = (int)(sod / 60 % 60);
	lt->sec = (int)(sod % 60);
	lt->wday = tzone_wday(days);
	lt->utc_offset = off;
	lt->is_dst = dst;
	return 0;
}

/* The offset in effect at t, clamped into the supported range. */
static int
offset_near(icaltimezone *zone, time_t t, int *off)
{
	if (t < TZONE_TIME_MIN)
		t = TZONE_TIME_MIN;
	if (t >= TZONE_TIME_MAX)
		t = TZONE_TIME_MAX - 1;
	return tzone_offset(zone, t, off, NULL);
}

/* 1 if reading local seconds L with offset off gives an instant where off
 * is really in effect. */
static int
offset_fits(icaltimezone *zone, long L, int off, time_t *t)
{
	int	 real;

	*t = (time_t)(L - off);
	if (*t < TZONE_TIME_MIN || *t >= TZONE_TIME_MAX)
		return 0;
	return tzone_offset(zone, *t, &real, NULL) == 0 && real == off;
}

int
tzone_from_local(icaltimezone *zone, int year, int month, int day,
    int hour, int min, int sec, time_t *out)
{
	long	 L;
	int	 before, after, ok1, ok2;
	time_t	 t1, t2;

	if (zone == NULL || year < 1969 || year > 2100 || month < 1 ||
	    month > 12 || day < 1 || day > tzone_days_in_month(year, month) ||
	    hour < 0 || hour > 23 || min < 0 || min > 59 || sec < 0 || sec > 59)
		return -1;
	L = tzone_days_from_civil(year, month, day) * DAY +
	    hour * 3600L + min * 60L + sec;
	/* DST changes are months apart: one day either side brackets any one. */
	if (offset_near(zone, (time_t)(L - DAY), &before) == -1 ||
	    offset_near(zone, (time_t)(L + DAY), &after) == -1)
		return -1;
	ok1 = offset_fits(zone, L, before, &t1);
	ok2 = offset_fits(zone, L, after, &t2);
	if (ok1 && ok2)
		*out = t1 < t2 ? t1 : t2;	/* repeated hour: the first */
	else if (ok1)
		*out = t1;
	else if (ok2)
		*out = t2;
	else {
		/* skipped hour: the offset before the gap moves it forward */
		*out = (time_t)(L - before);
		if (*out < TZONE_TIME_MIN || *out >= TZONE_TIME_MAX)
			return -1;
	}
	return 0;
}
