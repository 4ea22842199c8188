/* itip.c: iTIP replies, counters and cancels from untrusted calendars; see itip.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libical/ical.h>

#include "itip.h"
#include "caps.h"
#include "strbuf.h"
#include "tzone.h"

#define DAY_SECS	86400L
#define LINE_KEEP	4096	/* bytes of a logical line the pre-scan looks at */
#define MAX_PROPOSALS	8	/* TO-ALL-PROPOSED-NEW-TIME parameters kept */
#define MAX_VTIMEZONES	64
#define ADDR_MAX	254

static const char *const method_names[] = {
	"", "PUBLISH", "REQUEST", "REPLY", "ADD", "CANCEL", "REFRESH",
	"COUNTER", "DECLINECOUNTER", "OTHER"
};
static const char *const partstat_names[] = {
	"", "NEEDS-ACTION", "ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED",
	"OTHER"
};

/* Windows zone names -> IANA (CLDR windowsZones, territory 001), for TZIDs
 * that come without a VTIMEZONE. */
static const struct {
	const char	*win, *iana;
} windows_zones[] = {
	{ "AUS Eastern Standard Time", "Australia/Sydney" },
	{ "Arabian Standard Time", "Asia/Dubai" },
	{ "Central Europe Standard Time", "Europe/Budapest" },
	{ "Central European Standard Time", "Europe/Warsaw" },
	{ "Central Standard Time", "America/Chicago" },
	{ "China Standard Time", "Asia/Shanghai" },
	{ "E. South America Standard Time", "America/Sao_Paulo" },
	{ "Eastern Standard Time", "America/New_York" },
	{ "FLE Standard Time", "Europe/Kiev" },
	{ "GMT Standard Time", "Europe/London" },
	{ "GTB Standard Time", "Europe/Bucharest" },
	{ "India Standard Time", "Asia/Calcutta" },
	{ "Lord Howe Standard Time", "Australia/Lord_Howe" },
	{ "Mountain Standard Time", "America/Denver" },
	{ "Pacific Standard Time", "America/Los_Angeles" },
	{ "Romance Standard Time", "Europe/Paris" },
	{ "Russian Standard Time", "Europe/Moscow" },
	{ "SE Asia Standard Time", "Asia/Bangkok" },
	{ "Singapore Standard Time", "Asia/Singapore" },
	{ "South Africa Standard Time", "Africa/Johannesburg" },
	{ "Tokyo Standard Time", "Asia/Tokyo" },
	{ "UTC", "UTC" },
	{ "W. Europe Standard Time", "Europe/Berlin" },
};

struct proposal {
	char	 addr[ADDR_MAX + 1];
	char	 value[256];
};

/* What the pre-scan of the raw bytes learns. */
struct scan {
	size_t		 depth, comps;
	char		 line[LINE_KEEP];
	size_t		 len;
	int		 truncated;
	struct proposal	 prop[MAX_PROPOSALS];
	size_t		 nprop;
};

struct vetted {
	const char	*tzid;
	int		 ok;
};

/* Everything one parse works with. */
struct ctx {
	struct itip	*it;
	icalcomponent	*cal;
	struct vetted	 tz[MAX_VTIMEZONES];
	size_t		 ntz;
	struct scan	*sc;
};

static void
defect(struct itip *it, const char *what)
{
	size_t	 i;

	for (i = 0; i < it->ndefects; i++)
		if (strcmp(it->defects[i], what) == 0)
			return;
	if (it->ndefects < ITIP_MAX_DEFECTS)
		it->defects[it->ndefects++] = what;
}

const char *
itip_method_name(enum itip_method m)
{
	return (unsigned)m < sizeof(method_names) / sizeof(method_names[0]) ?
	    method_names[m] : "";
}

const char *
itip_partstat_name(enum itip_partstat p)
{
	return (unsigned)p < sizeof(partstat_names) / sizeof(partstat_names[0]) ?
	    partstat_names[p] : "";
}

/* ------------------------------------------------------------ strings */

/* A malloc'd copy of s: valid UTF-8 only (invalid bytes dropped), no control
 * characters but \n and \t, trimmed, at most max bytes (cut on a character
 * boundary). NULL for NULL or on no memory. */
static char *
dup_clean(const char *s, size_t max)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n, i = 0, j = 0, k, need;
	char			*out;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if ((out = malloc((n < max ? n : max) + 1)) == NULL)
		return NULL;
	while (i < n) {
		if (p[i] < 0x80) {
			if ((p[i] >= 0x20 && p[i] != 0x7f) || p[i] == '\n' ||
			    p[i] == '\t') {
				if (j + 1 > max)
					break;
				out[j++] = (char)p[i];
			}
			i++;
			continue;
		}
		need = (p[i] & 0xe0) == 0xc0 ? 1 : (p[i] & 0xf0) == 0xe0 ? 2 :
		    (p[i] & 0xf8) == 0xf0 ? 3 : 0;
		for (k = 1; need && k <= need; k++)
			if (i + k >= n || (p[i + k] & 0xc0) != 0x80)
				need = 0;
		if (need == 0 || (need == 1 && p[i] < 0xc2) ||
		    (need == 2 && p[i] == 0xe0 && p[i + 1] < 0xa0) ||
		    (need == 2 && p[i] == 0xed && p[i + 1] >= 0xa0) ||
		    (need == 3 && p[i] == 0xf0 && p[i + 1] < 0x90) ||
		    (need == 3 && p[i] > 0xf4) ||
		    (need == 3 && p[i] == 0xf4 && p[i + 1] >= 0x90)) {
			i++;		/* invalid: drop the byte */
			continue;
		}
		if (j + need + 1 > max)
			break;
		memcpy(out + j, p + i, need + 1);
		j += need + 1;
		i += need + 1;
	}
	while (j > 0 && (out[j - 1] == ' ' || out[j - 1] == '\n' ||
	    out[j - 1] == '\t'))
		j--;
	out[j] = '\0';
	for (i = 0; out[i] == ' ' || out[i] == '\n' || out[i] == '\t'; i++)
		;
	if (i > 0)
		memmove(out, out + i, j - i + 1);
	return out;
}

/* A mail address out of a calendar address value: "mailto:" (any case)
 * stripped, lower case; NULL unless it looks like local@domain. */
static char *
addr_from(const char *v)
{
	size_t	 i, n;
	char	*out;

	if (v == NULL)
		return NULL;
	while (*v == ' ' || *v == '\t')
		v++;
	if (strncasecmp(v, "mailto:", 7) == 0)
		v += 7;
	n = strlen(v);
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	if (n < 3 || n > ADDR_MAX || memchr(v, '@', n) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] <= ' ' || v[i] == 0x7f || v[i] == '<' ||
		    v[i] == '>' || v[i] == '"' || v[i] == ',' || v[i] == ';')
			return NULL;
	if ((out = malloc(n + 1)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		out[i] = (v[i] >= 'A' && v[i] <= 'Z') ? v[i] - 'A' + 'a' : v[i];
	out[n] = '\0';
	return out;
}

/* ORGANIZER / ATTENDEE address: the mailto: value, else an EMAIL parameter
 * (iCloud sends urn:uuid: values). */
static char *
party_addr(struct itip *it, icalproperty *p)
{
	icalparameter	*q;
	icalvalue	*val = icalproperty_get_value(p);
	const char	*v = val != NULL ? icalvalue_get_caladdress(val) : NULL;
	char		*a;

	if (v != NULL && strncasecmp(v, "mailto:", 7) == 0 &&
	    (a = addr_from(v)) != NULL)
		return a;
	if ((q = icalproperty_get_first_parameter(p, ICAL_EMAIL_PARAMETER)) != NULL &&
	    (a = addr_from(icalparameter_get_email(q))) != NULL)
		return a;
	if ((a = addr_from(v)) != NULL) {
		defect(it, "calendar address without mailto:");
		return a;
	}
	defect(it, "calendar address that is not an e-mail address");
	return NULL;
}

/* ----------------------------------------------------------- pre-scan */

/* Keep TO-ALL-PROPOSED-NEW-TIME from an ATTENDEE line: libical 3.0.16 drops
 * unknown IANA parameters while parsing. */
static void
scan_attendee(struct scan *sc)
{
	const char	*s = sc->line, *end = sc->line + sc->len;
	const char	*name, *val, *prop = NULL;
	size_t		 nlen, vlen, plen = 0;
	struct proposal	*pp;
	char		*a;

	s += strlen("ATTENDEE");
	while (s < end && *s == ';') {
		name = ++s;
		while (s < end && *s != '=' && *s != ';' && *s != ':')
			s++;
		nlen = (size_t)(s - name);
		if (s >= end || *s != '=')
			continue;
		val = ++s;
		if (s < end && *s == '"') {
			val = ++s;
			while (s < end && *s != '"')
				s++;
			vlen = (size_t)(s - val);
			if (s < end)
				s++;
		} else {
			while (s < end && *s != ';' && *s != ':')
				s++;
			vlen = (size_t)(s - val);
		}
		if (nlen == 24 && strncasecmp(name, "TO-ALL-PROPOSED-NEW-TIME", 24) == 0) {
			prop = val;
			plen = vlen;
		}
	}
	if (prop == NULL || s >= end || *s != ':' || sc->nprop == MAX_PROPOSALS ||
	    plen >= sizeof(sc->prop[0].value))
		return;
	pp = &sc->prop[sc->nprop];
	memcpy(pp->value, prop, plen);
	pp->value[plen] = '\0';
	sc->line[sc->len] = '\0';
	if ((a = addr_from(s + 1)) == NULL)
		return;
	snprintf(pp->addr, sizeof(pp->addr), "%s", a);
	free(a);
	sc->nprop++;
}

static int
scan_line(struct scan *sc, char *err, size_t errlen)
{
	size_t	 n = strcspn(sc->line, ";:");

	sc->line[sc->len] = '\0';
	if (n == 5 && strncasecmp(sc->line, "BEGIN", 5) == 0) {
		if (++sc->depth > LIMIT_ICAL_DEPTH) {
			errf(err, errlen, "calendar nested deeper than %u levels",
			    LIMIT_ICAL_DEPTH);
			return -1;
		}
		if (++sc->comps > ITIP_MAX_COMPONENTS) {
			errf(err, errlen, "more than %d components",
			    ITIP_MAX_COMPONENTS);
			return -1;
		}
	} else if (n == 3 && strncasecmp(sc->line, "END", 3) == 0) {
		if (sc->depth > 0)
			sc->depth--;
	} else if (n == 8 && strncasecmp(sc->line, "ATTENDEE", 8) == 0 &&
	    !sc->truncated)
		scan_attendee(sc);
	return 0;
}

static void
scan_append(struct scan *sc, const char *s, size_t n)
{
	if (n > LINE_KEEP - 1 - sc->len) {
		n = LINE_KEEP - 1 - sc->len;
		sc->truncated = 1;
	}
	memcpy(sc->line + sc->len, s, n);
	sc->len += n;
}

/* Walk the unfolded lines the way libical will, before it does. */
static int
prescan(const char *d, size_t n, struct scan *sc, char *err, size_t errlen)
{
	const char	*e;
	size_t		 i = 0, pl;
	int		 started = 0;

	if (memchr(d, '\0', n) != NULL) {
		errf(err, errlen, "NUL byte in calendar data");
		return -1;
	}
	while (i < n) {
		e = memchr(d + i, '\n', n - i);
		pl = (e != NULL ? (size_t)(e - d) : n) - i;
		if (pl > 0 && d[i + pl - 1] == '\r')
			pl--;
		if (started && pl > 0 && (d[i] == ' ' || d[i] == '\t')) {
			scan_append(sc, d + i + 1, pl - 1);
		} else {
			if (started && scan_line(sc, err, errlen) == -1)
				return -1;
			sc->len = 0;
			sc->truncated = 0;
			scan_append(sc, d + i, pl);
			started = 1;
		}
		i = e != NULL ? (size_t)(e - d) + 1 : n;
	}
	return started ? scan_line(sc, err, errlen) : 0;
}

/* ---------------------------------------------------------- VTIMEZONE */

static int
by_count(const short *by, int size)
{
	int	 n = 0;

	while (n < size && by[n] != ICAL_RECURRENCE_ARRAY_MAX)
		n++;
	return n;
}

/* 1 if libical may expand this observance's RRULE: yearly, one month, one
 * weekday, at most a week of month days ("Sunday on or after the 8th"),
 * at most one hour/minute/second (Lotus Notes writes BYHOUR=2;BYMINUTE=0):
 * so at most one change a year. */
static int
vet_rrule(struct icalrecurrencetype r, struct icaltimetype dtstart)
{
	return r.freq == ICAL_YEARLY_RECURRENCE && r.interval >= 1 &&
	    dtstart.year >= 1600 && dtstart.year <= 2200 &&
	    by_count(r.by_month, ICAL_BY_MONTH_SIZE) <= 1 &&
	    by_count(r.by_day, ICAL_BY_DAY_SIZE) <= 1 &&
	    by_count(r.by_month_day, ICAL_BY_MONTHDAY_SIZE) <= 7 &&
	    by_count(r.by_hour, ICAL_BY_HOUR_SIZE) <= 1 &&
	    by_count(r.by_minute, ICAL_BY_MINUTE_SIZE) <= 1 &&
	    by_count(r.by_second, ICAL_BY_SECOND_SIZE) <= 1 &&
	    by_count(r.by_year_day, ICAL_BY_YEARDAY_SIZE) == 0 &&
	    by_count(r.by_week_no, ICAL_BY_WEEKNO_SIZE) == 0 &&
	    by_count(r.by_set_pos, ICAL_BY_SETPOS_SIZE) == 0 &&
	    r.rscale == NULL;
}

static int
vet_vtimezone(icalcomponent *vtz, size_t *rdates)
{
	icalcomponent		*obs;
	icalproperty		*p, *ds;
	size_t			 nobs = 0, nrr;

	for (obs = icalcomponent_get_first_component(vtz, ICAL_ANY_COMPONENT);
	    obs != NULL; obs = icalcomponent_get_next_component(vtz,
	    ICAL_ANY_COMPONENT)) {
		if (++nobs > ITIP_MAX_OBSERVANCES)
			return 0;
		ds = icalcomponent_get_first_property(obs, ICAL_DTSTART_PROPERTY);
		nrr = 0;
		for (p = icalcomponent_get_first_property(obs, ICAL_RRULE_PROPERTY);
		    p != NULL; p = icalcomponent_get_next_property(obs,
		    ICAL_RRULE_PROPERTY))
			if (++nrr > 2 || ds == NULL ||
			    !vet_rrule(icalproperty_get_rrule(p),
			    icalproperty_get_dtstart(ds)))
				return 0;
		for (p = icalcomponent_get_first_property(obs, ICAL_RDATE_PROPERTY);
		    p != NULL; p = icalcomponent_get_next_property(obs,
		    ICAL_RDATE_PROPERTY))
			if (++*rdates > ITIP_MAX_RDATES)
				return 0;
	}
	return 1;
}

static void
vet_all(struct ctx *c)
{
	icalcomponent	*vtz;
	icalproperty	*p;
	size_t		 rdates = 0;

	for (vtz = icalcomponent_get_first_component(c->cal,
	    ICAL_VTIMEZONE_COMPONENT); vtz != NULL;
	    vtz = icalcomponent_get_next_component(c->cal,
	    ICAL_VTIMEZONE_COMPONENT)) {
		if ((p = icalcomponent_get_first_property(vtz,
		    ICAL_TZID_PROPERTY)) == NULL)
			continue;
		if (c->ntz == MAX_VTIMEZONES) {
			defect(c->it, "too many VTIMEZONEs (rest ignored)");
			return;
		}
		c->tz[c->ntz].tzid = icalproperty_get_tzid(p);
		c->tz[c->ntz].ok = vet_vtimezone(vtz, &rdates);
		if (!c->tz[c->ntz].ok)
			defect(c->it, "VTIMEZONE too complex to expand (ignored)");
		c->ntz++;
	}
}

/* The zone a TZID names: the message's vetted VTIMEZONE, an IANA name
 * (possibly behind a "/vendor/" prefix), or a Windows zone name. */
static icaltimezone *
resolve_tzid(struct ctx *c, const char *tzid)
{
	icaltimezone	*z;
	const char	*s;
	size_t		 i;
	int		 found = 0, bad = 0, tries;

	if (tzid == NULL || *tzid == '\0')
		return NULL;
	for (i = 0; i < c->ntz; i++) {
		if (c->tz[i].tzid != NULL && strcmp(c->tz[i].tzid, tzid) == 0) {
			found = 1;
			bad |= !c->tz[i].ok;
		}
	}
	if (found && !bad && (z = icalcomponent_get_timezone(c->cal, tzid)) != NULL)
		return z;
	if ((z = tzone_get(tzid)) != NULL)
		return z;
	for (s = tzid, tries = 0; *s == '/' && tries < 4; tries++) {
		if ((s = strchr(s + 1, '/')) == NULL)
			break;
		if ((z = tzone_get(s + 1)) != NULL)
			return z;
	}
	for (i = 0; i < sizeof(windows_zones) / sizeof(windows_zones[0]); i++)
		if (strcasecmp(tzid, windows_zones[i].win) == 0)
			return tzone_get(windows_zones[i].iana);
	return NULL;
}

/* ------------------------------------------------------------- times */

static int
civil_ok(struct icaltimetype tt)
{
	return tt.year >= 1970 && tt.year <= 2099 && tt.month >= 1 &&
	    tt.month <= 12 && tt.day >= 1 &&
	    tt.day <= tzone_days_in_month(tt.year, tt.month) &&
	    (tt.is_date || (tt.hour >= 0 && tt.hour <= 23 && tt.minute >= 0 &&
	    tt.minute <= 59 && tt.second >= 0 && tt.second <= 60));
}

/* A time value read with an optional TZID into out. */
static void
read_time(struct ctx *c, struct icaltimetype tt, const char *tzid,
    struct itip_time *out)
{
	icaltimezone	*z;
	long		 days;
	int		 sec;

	memset(out, 0, sizeof(*out));
	if (icaltime_is_null_time(tt) || !civil_ok(tt)) {
		defect(c->it, "date-time out of range or invalid");
		return;
	}
	days = tzone_days_from_civil(tt.year, tt.month, tt.day);
	sec = tt.second > 59 ? 59 : tt.second;
	out->set = 1;
	if (tt.is_date) {
		out->is_date = 1;
		out->t = (time_t)(days * DAY_SECS);
		return;
	}
	if (!icaltime_is_utc(tt) && tzid != NULL) {
		if ((z = resolve_tzid(c, tzid)) != NULL &&
		    tzone_from_local(z, tt.year, tt.month, tt.day, tt.hour,
		    tt.minute, sec, &out->t) == 0)
			return;
		defect(c->it, "unknown TZID (time read as UTC)");
		out->floating = 1;
	} else if (!icaltime_is_utc(tt)) {
		defect(c->it, "floating time (read as UTC)");
		out->floating = 1;
	}
	out->t = (time_t)(days * DAY_SECS + tt.hour * 3600L + tt.minute * 60L + sec);
}

static void
prop_time(struct ctx *c, icalproperty *p, struct itip_time *out)
{
	icalvalue	*v;
	icalparameter	*q;
	struct icaltimetype tt;

	memset(out, 0, sizeof(*out));
	if (p == NULL || (v = icalproperty_get_value(p)) == NULL)
		return;
	switch (icalvalue_isa(v)) {
	case ICAL_DATETIME_VALUE:
		tt = icalvalue_get_datetime(v);
		break;
	case ICAL_DATE_VALUE:
		tt = icalvalue_get_date(v);
		break;
	default:
		defect(c->it, "date-time property of an unexpected type");
		return;
	}
	q = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	read_time(c, tt, q != NULL ? icalparameter_get_tzid(q) : NULL, out);
}

/* "DTSTART:20201225T083000Z;STATUS:;" (Apple) into proposed start/end. */
static void
apple_proposal(struct ctx *c, const char *v)
{
	struct itip		*it = c->it;
	struct icaltimetype	 tt;
	const char		*p;
	char			 buf[32];
	size_t			 n;

	if ((p = strstr(v, "DTSTART:")) == NULL) {
		defect(it, "TO-ALL-PROPOSED-NEW-TIME without DTSTART");
		return;
	}
	p += 8;
	n = strcspn(p, ";");
	if (n == 0 || n >= sizeof(buf)) {
		defect(it, "TO-ALL-PROPOSED-NEW-TIME without DTSTART");
		return;
	}
	memcpy(buf, p, n);
	buf[n] = '\0';
	tt = icaltime_from_string(buf);
	read_time(c, tt, NULL, &it->proposed_start);
	if (it->proposed_start.set && it->start.set && it->end.set &&
	    it->end.t > it->start.t) {
		it->proposed_end = it->proposed_start;
		it->proposed_end.t += it->end.t - it->start.t;
	}
}

/* ---------------------------------------------------------- the event */

static enum itip_method
method_of(const char *s)
{
	size_t	 i;

	if (s == NULL || *s == '\0')
		return ITIP_NONE;
	for (i = 1; i < ITIP_OTHER; i++)
		if (strcasecmp(s, method_names[i]) == 0)
			return (enum itip_method)i;
	return ITIP_OTHER;
}

/* The Content-Type parameter, without quotes, blanks or a trailing ';'. */
static enum itip_method
ct_method_of(const char *ct)
{
	char	 buf[32];
	size_t	 n;

	if (ct == NULL)
		return ITIP_NONE;
	ct += strspn(ct, " \t\"");
	n = strcspn(ct, " \t\";");
	if (n == 0 || n >= sizeof(buf))
		return n == 0 ? ITIP_NONE : ITIP_OTHER;
	memcpy(buf, ct, n);
	buf[n] = '\0';
	return method_of(buf);
}

static enum itip_partstat
partstat_of(icalproperty *p)
{
	icalparameter	*q;

	if ((q = icalproperty_get_first_parameter(p, ICAL_PARTSTAT_PARAMETER)) == NULL)
		return ITIP_PS_NONE;
	switch (icalparameter_get_partstat(q)) {
	case ICAL_PARTSTAT_NEEDSACTION:
		return ITIP_PS_NEEDS_ACTION;
	case ICAL_PARTSTAT_ACCEPTED:
		return ITIP_PS_ACCEPTED;
	case ICAL_PARTSTAT_DECLINED:
		return ITIP_PS_DECLINED;
	case ICAL_PARTSTAT_TENTATIVE:
		return ITIP_PS_TENTATIVE;
	case ICAL_PARTSTAT_DELEGATED:
		return ITIP_PS_DELEGATED;
	default:
		return ITIP_PS_OTHER;
	}
}

static const char *
xparam(icalproperty *p, const char *name)
{
	icalparameter	*q;

	for (q = icalproperty_get_first_parameter(p, ICAL_X_PARAMETER); q != NULL;
	    q = icalproperty_get_next_parameter(p, ICAL_X_PARAMETER))
		if (icalparameter_get_xname(q) != NULL &&
		    strcasecmp(icalparameter_get_xname(q), name) == 0)
			return icalparameter_get_xvalue(q);
	return NULL;
}

static const char *
xprop(icalcomponent *ev, const char *name)
{
	icalproperty	*p;

	for (p = icalcomponent_get_first_property(ev, ICAL_X_PROPERTY); p != NULL;
	    p = icalcomponent_get_next_property(ev, ICAL_X_PROPERTY))
		if (icalproperty_get_x_name(p) != NULL &&
		    strcasecmp(icalproperty_get_x_name(p), name) == 0)
			return icalproperty_get_x(p);
	return NULL;
}

/* Pick the replying ATTENDEE (see itip_parse). */
static icalproperty *
pick_attendee(struct ctx *c, icalcomponent *ev, const char *from)
{
	icalproperty	*p, *first = NULL, *answered = NULL, *match = NULL;
	char		*a, *f = addr_from(from);
	size_t		 n = 0;

	for (p = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY);
	    p != NULL; p = icalcomponent_get_next_property(ev,
	    ICAL_ATTENDEE_PROPERTY)) {
		n++;
		if (first == NULL)
			first = p;
		if (answered == NULL && partstat_of(p) != ITIP_PS_NEEDS_ACTION &&
		    partstat_of(p) != ITIP_PS_NONE)
			answered = p;
		if (f != NULL && match == NULL &&
		    icalproperty_get_value(p) != NULL &&
		    (a = addr_from(icalvalue_get_caladdress(
		    icalproperty_get_value(p)))) != NULL) {
			if (strcmp(a, f) == 0)
				match = p;
			free(a);
		}
	}
	free(f);
	c->it->nattendees = n;
	if (match != NULL || n <= 1)
		return match != NULL ? match : first;
	if (c->it->method == ITIP_REPLY || c->it->method == ITIP_COUNTER) {
		defect(c->it, "several ATTENDEEs in a reply");
		if (answered != NULL)
			return answered;
	}
	return first;
}

/* The first non-empty of COMMENT, X-RESPONSE-COMMENT (on the attendee),
 * X-CALENDARSERVER-PRIVATE-COMMENT. */
static char *
comment_of(icalcomponent *ev, icalproperty *att)
{
	const char	*cand[3];
	icalproperty	*p;
	char		*s;
	size_t		 i;

	p = icalcomponent_get_first_property(ev, ICAL_COMMENT_PROPERTY);
	cand[0] = p != NULL ? icalproperty_get_comment(p) : NULL;
	cand[1] = att != NULL ? xparam(att, "X-RESPONSE-COMMENT") : NULL;
	cand[2] = xprop(ev, "X-CALENDARSERVER-PRIVATE-COMMENT");
	for (i = 0; i < 3; i++) {
		if (cand[i] == NULL || (s = dup_clean(cand[i], ITIP_MAX_TEXT)) == NULL)
			continue;
		if (*s != '\0')
			return s;
		free(s);
	}
	return NULL;
}

static void
read_attendee(struct ctx *c, icalcomponent *ev, const char *from)
{
	struct itip	*it = c->it;
	icalproperty	*att;
	icalparameter	*q;
	size_t		 i;

	if ((att = pick_attendee(c, ev, from)) == NULL) {
		if (it->method == ITIP_REPLY || it->method == ITIP_COUNTER)
			defect(it, "reply without ATTENDEE");
		it->comment = comment_of(ev, NULL);
		return;
	}
	it->attendee = party_addr(it, att);
	it->partstat = partstat_of(att);
	if ((q = icalproperty_get_first_parameter(att, ICAL_CN_PARAMETER)) != NULL)
		it->attendee_cn = dup_clean(icalparameter_get_cn(q), 256);
	if ((q = icalproperty_get_first_parameter(att,
	    ICAL_DELEGATEDTO_PARAMETER)) != NULL)
		it->delegated_to = addr_from(icalparameter_get_delegatedto(q));
	it->comment = comment_of(ev, att);
	for (i = 0; it->attendee != NULL && i < c->sc->nprop; i++)
		if (strcmp(c->sc->prop[i].addr, it->attendee) == 0)
			apple_proposal(c, c->sc->prop[i].value);
	if ((it->method == ITIP_REPLY || it->method == ITIP_COUNTER) &&
	    (it->partstat == ITIP_PS_NONE || it->partstat == ITIP_PS_NEEDS_ACTION))
		defect(it, "reply without an answer (PARTSTAT)");
}

/* The master VEVENT, else the first one. */
static icalcomponent *
pick_event(struct ctx *c)
{
	icalcomponent	*ev, *first = NULL;
	size_t		 n = 0;

	for (ev = icalcomponent_get_first_component(c->cal, ICAL_VEVENT_COMPONENT);
	    ev != NULL; ev = icalcomponent_get_next_component(c->cal,
	    ICAL_VEVENT_COMPONENT)) {
		if (n++ == 0)
			first = ev;
		if (icalcomponent_get_first_property(ev,
		    ICAL_RECURRENCEID_PROPERTY) == NULL) {
			c->it->nevents = n;
			while (icalcomponent_get_next_component(c->cal,
			    ICAL_VEVENT_COMPONENT) != NULL)
				c->it->nevents++;
			return ev;
		}
	}
	c->it->nevents = n;
	return first;
}

static void
read_event(struct ctx *c, icalcomponent *ev, const char *from)
{
	struct itip		*it = c->it;
	icalproperty		*p;
	struct icaldurationtype	 d;

	if ((p = icalcomponent_get_first_property(ev, ICAL_UID_PROPERTY)) != NULL)
		it->uid = dup_clean(icalproperty_get_uid(p), 1000);
	if (it->uid == NULL || *it->uid == '\0')
		defect(it, "no UID");
	if ((p = icalcomponent_get_first_property(ev, ICAL_SEQUENCE_PROPERTY)) != NULL) {
		it->sequence = icalproperty_get_sequence(p);
		it->has_sequence = 1;
		if (it->sequence < 0) {
			it->sequence = 0;
			defect(it, "negative SEQUENCE");
		}
	}
	prop_time(c, icalcomponent_get_first_property(ev,
	    ICAL_RECURRENCEID_PROPERTY), &it->recurrence_id);
	prop_time(c, icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY),
	    &it->start);
	prop_time(c, icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY),
	    &it->end);
	if (!it->end.set && it->start.set && (p = icalcomponent_get_first_property(
	    ev, ICAL_DURATION_PROPERTY)) != NULL) {
		d = icalproperty_get_duration(p);
		if (!d.is_neg && icaldurationtype_as_int(d) <= 366 * DAY_SECS) {
			it->end = it->start;
			it->end.t += icaldurationtype_as_int(d);
		}
	}
	if ((p = icalcomponent_get_first_property(ev, ICAL_SUMMARY_PROPERTY)) != NULL)
		it->summary = dup_clean(icalproperty_get_summary(p), ITIP_MAX_TEXT);
	if ((p = icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY)) != NULL)
		it->status = dup_clean(icalproperty_get_value_as_string(p), 32);
	if ((p = icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY)) != NULL)
		it->organizer = party_addr(it, p);
	read_attendee(c, ev, from);
	if (it->method == ITIP_COUNTER) {
		it->proposed_start = it->start;
		it->proposed_end = it->end;
	}
}

/* The VCALENDAR: the root, or the first one under libical's XROOT. */
static icalcomponent *
find_calendar(icalcomponent *root, struct itip *it)
{
	icalcomponent	*c;

	if (icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT)
		return root;
	if (icalcomponent_isa(root) != ICAL_XROOT_COMPONENT)
		return NULL;
	c = icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT);
	if (c != NULL && icalcomponent_get_next_component(root,
	    ICAL_VCALENDAR_COMPONENT) != NULL)
		defect(it, "several VCALENDARs (first used)");
	return c;
}

static void
read_method(struct ctx *c, const char *ct_method)
{
	struct itip	*it = c->it;
	icalproperty	*p;
	enum itip_method ct = ct_method_of(ct_method);
	size_t		 n = 0;

	for (p = icalcomponent_get_first_property(c->cal, ICAL_METHOD_PROPERTY);
	    p != NULL; p = icalcomponent_get_next_property(c->cal,
	    ICAL_METHOD_PROPERTY)) {
		if (n++ == 0)
			it->method = method_of(icalproperty_get_value_as_string(p));
	}
	if (n > 1)
		defect(it, "several METHODs (first used)");
	if (it->method == ITIP_NONE && ct != ITIP_NONE) {
		defect(it, "no METHOD in the calendar (Content-Type method= used)");
		it->method = ct;
	} else if (it->method == ITIP_NONE)
		defect(it, "no METHOD: not an iTIP message");
	if (ct_method != NULL && ct != it->method) {
		it->ct_mismatch = 1;
		defect(it, "Content-Type method= differs from METHOD");
	}
}

static size_t
count_errors(icalcomponent *comp)
{
	icalcomponent	*sub;
	size_t		 n;

	/* the tree is at most LIMIT_ICAL_DEPTH deep (pre-scan) */
	n = (size_t)icalcomponent_count_properties(comp, ICAL_XLICERROR_PROPERTY);
	for (sub = icalcomponent_get_first_component(comp, ICAL_ANY_COMPONENT);
	    sub != NULL; sub = icalcomponent_get_next_component(comp,
	    ICAL_ANY_COMPONENT))
		n += count_errors(sub);
	return n;
}

int
itip_parse(const char *data, size_t len, const char *ct_method,
    const char *from, struct itip *out, char *err, size_t errlen)
{
	struct scan	*sc;
	struct ctx	 c;
	icalcomponent	*root, *ev;
	char		*copy;

	memset(out, 0, sizeof(*out));
	if (len > LIMIT_ICAL_SIZE) {
		errf(err, errlen, "calendar larger than %u bytes", LIMIT_ICAL_SIZE);
		return -1;
	}
	if ((sc = calloc(1, sizeof(*sc))) == NULL ||
	    (copy = malloc(len + 1)) == NULL) {
		free(sc);
		errf(err, errlen, "out of memory");
		return -1;
	}
	if (prescan(data, len, sc, err, errlen) == -1) {
		free(sc);
		free(copy);
		return -1;
	}
	memcpy(copy, data, len);
	copy[len] = '\0';
	icalerror_clear_errno();
	root = icalparser_parse_string(copy);
	free(copy);
	memset(&c, 0, sizeof(c));
	c.it = out;
	c.sc = sc;
	if (root == NULL || (c.cal = find_calendar(root, out)) == NULL) {
		if (root != NULL)
			icalcomponent_free(root);
		free(sc);
		errf(err, errlen, "no VCALENDAR in the data");
		return -1;
	}
	if (count_errors(c.cal) > 0)
		defect(out, "malformed properties (libical dropped them)");
	vet_all(&c);
	read_method(&c, ct_method);
	if ((ev = pick_event(&c)) == NULL) {
		icalcomponent_free(root);
		free(sc);
		itip_free(out);
		errf(err, errlen, "no VEVENT in the calendar");
		return -1;
	}
	read_event(&c, ev, from);
	icalcomponent_free(root);
	free(sc);
	return 0;
}

void
itip_free(struct itip *it)
{
	if (it == NULL)
		return;
	free(it->uid);
	free(it->summary);
	free(it->status);
	free(it->organizer);
	free(it->attendee);
	free(it->attendee_cn);
	free(it->delegated_to);
	free(it->comment);
	memset(it, 0, sizeof(*it));
}
