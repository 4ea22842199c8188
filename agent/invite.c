/* invite.c: iTIP review invitations and slot finding; see invite.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "invite.h"
#include "strbuf.h"
#include "tzone.h"

#define DAY_SECS	86400L
#define ICS_MAX		(1024u * 1024)	/* the largest calendar we emit */
#define TZ_WINDOW	(400 * DAY_SECS) /* dated transitions around a meeting */
#define TZ_RULE_WINDOW	(4 * 366 * DAY_SECS) /* years a yearly rule must explain */
#define TZ_STEP		(6 * 3600L)	/* offsets change less often than this */
#define TZ_MAX_TRANS	32
#define SLOT_STEP	(15 * 60)
#define SLOT_MAX_WINDOW	(62 * DAY_SECS)

#define TEXT_ONE_LINE	0x1	/* newlines and tabs become spaces */
#define TEXT_NAME	0x2	/* and '"' becomes '\'' (a parameter value) */

const char *
invite_method_name(enum invite_method m)
{
	return m == INVITE_CANCEL ? "CANCEL" : "REQUEST";
}

/* ------------------------------------------------------------- checks */

int
invite_addr_ok(const char *addr)
{
	static const char	 extra[] = ".!$&'*+/=^_`{|}~-";
	size_t			 i, len, at = 0, nat = 0;
	unsigned char		 c;

	if (addr == NULL || (len = strlen(addr)) < 3 || len > 254)
		return 0;
	for (i = 0; i < len; i++) {
		c = (unsigned char)addr[i];
		if (c == '@') {
			at = i;
			nat++;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr(extra, c) != NULL))
			return 0;
	}
	return nat == 1 && at > 0 && at < len - 1 && addr[len - 1] != '.' &&
	    addr[at + 1] != '.';
}

/* Strict UTF-8: no overlongs, no surrogates, nothing above U+10FFFF. */
static int
utf8_valid(const unsigned char *s, size_t n)
{
	size_t	 i = 0, k, need;
	unsigned cp, min;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0) {
			need = 1;
			cp = s[i] & 0x1f;
			min = 0x80;
		} else if ((s[i] & 0xf0) == 0xe0) {
			need = 2;
			cp = s[i] & 0x0f;
			min = 0x800;
		} else if ((s[i] & 0xf8) == 0xf0) {
			need = 3;
			cp = s[i] & 0x07;
			min = 0x10000;
		} else
			return 0;
		if (n - i <= need)
			return 0;
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += need + 1;
	}
	return 1;
}

/* A cleaned, malloc'd copy of text (see invite_build), one-line texts
 * trimmed; NULL and err on invalid UTF-8, excess length or no memory.
 * what names the text in errors. */
static char *
clean_text(const char *s, size_t max, int flags, const char *what, char *err,
    size_t errlen)
{
	size_t	 i, j, n = strlen(s);
	char	*out;
	char	 c;

	if (n > max) {
		errf(err, errlen, "%s longer than %zu bytes", what, max);
		return NULL;
	}
	if (!utf8_valid((const unsigned char *)s, n)) {
		errf(err, errlen, "%s is not valid UTF-8", what);
		return NULL;
	}
	if ((out = malloc(n + 1)) == NULL) {
		errf(err, errlen, "out of memory");
		return NULL;
	}
	for (i = j = 0; i < n; i++) {
		c = s[i];
		if (c == '\r') {
			if (s[i + 1] == '\n')
				continue;
			c = '\n';
		}
		if ((c == '\n' || c == '\t') && (flags & TEXT_ONE_LINE))
			c = ' ';
		if (c == '"' && (flags & TEXT_NAME))
			c = '\'';
		if ((c >= 0 && c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			continue;
		if (c == ' ' && j == 0 && (flags & TEXT_ONE_LINE))
			continue;
		out[j++] = c;
	}
	while (j > 0 && out[j - 1] == ' ' && (flags & TEXT_ONE_LINE))
		j--;
	out[j] = '\0';
	return out;
}

/* ---------------------------------------------------------- VTIMEZONE */

struct tz_trans {
	time_t	 at;		/* first second of the new offset */
	int	 from, to;	/* UTC offsets before and after */
	int	 dst;		/* the new offset is daylight time */
};

/* Offset changes in [a, b]; -1 if there are more than max. */
static int
tz_transitions(icaltimezone *z, time_t a, time_t b, struct tz_trans *tr,
    size_t max, size_t *n)
{
	time_t	 t, lo, hi, mid;
	int	 po, o, dst;

	*n = 0;
	if (tzone_offset(z, a, &po, NULL) == -1)
		return -1;
	for (t = a + TZ_STEP; t <= b; t += TZ_STEP) {
		if (tzone_offset(z, t, &o, &dst) == -1)
			return -1;
		if (o == po)
			continue;
		for (lo = t - TZ_STEP, hi = t; hi - lo > 1;) {
			mid = lo + (hi - lo) / 2;
			if (tzone_offset(z, mid, &o, NULL) == -1)
				return -1;
			if (o == po)
				lo = mid;
			else
				hi = mid;
		}
		if (*n == max)
			return -1;
		tzone_offset(z, hi, &o, &dst);
		tr[*n].at = hi;
		tr[*n].from = po;
		tr[*n].to = o;
		tr[*n].dst = dst;
		(*n)++;
		po = o;
	}
	return 0;
}

/* Local wall time of instant t read with offset off, as a floating time. */
static struct icaltimetype
wall_time(time_t t, int off)
{
	struct icaltimetype	 tt = icaltime_null_time();
	long			 secs = (long)t + off, days = secs / DAY_SECS;
	long			 sod = secs % DAY_SECS;

	if (sod < 0) {
		sod += DAY_SECS;
		days--;
	}
	tzone_civil_from_days(days, &tt.year, &tt.month, &tt.day);
	tt.hour = (int)(sod / 3600);
	tt.minute = (int)(sod / 60 % 60);
	tt.second = (int)(sod % 60);
	return tt;
}

/* The zone's abbreviation for an observance (CET, PDT, +1030), from
 * libical's own VTIMEZONE; NULL if it has none that matches. */
static const char *
tz_abbrev(icaltimezone *z, int off, int dst, struct icaltimetype at)
{
	icalcomponent		*vtz, *c;
	icalproperty		*p;
	icalcomponent_kind	 want = dst ? ICAL_XDAYLIGHT_COMPONENT :
				    ICAL_XSTANDARD_COMPONENT;
	struct icaltimetype	 best = icaltime_null_time(), ds;
	const char		*name = NULL;

	if ((vtz = icaltimezone_get_component(z)) == NULL)
		return NULL;
	for (c = icalcomponent_get_first_component(vtz, want); c != NULL;
	    c = icalcomponent_get_next_component(vtz, want)) {
		p = icalcomponent_get_first_property(c, ICAL_TZOFFSETTO_PROPERTY);
		if (p == NULL || icalproperty_get_tzoffsetto(p) != off)
			continue;
		if ((p = icalcomponent_get_first_property(c,
		    ICAL_DTSTART_PROPERTY)) == NULL)
			continue;
		ds = icalproperty_get_dtstart(p);
		if (icaltime_compare(ds, at) > 0 ||
		    (name != NULL && icaltime_compare(ds, best) < 0))
			continue;
		if ((p = icalcomponent_get_first_property(c,
		    ICAL_TZNAME_PROPERTY)) == NULL)
			continue;
		name = icalproperty_get_tzname(p);
		best = ds;
	}
	return name;
}

static icalcomponent *
tz_observance(icaltimezone *z, int dst, struct icaltimetype start, int from,
    int to, const char *rrule)
{
	icalcomponent	*c;
	const char	*abbr;

	c = icalcomponent_new(dst ? ICAL_XDAYLIGHT_COMPONENT :
	    ICAL_XSTANDARD_COMPONENT);
	if ((abbr = tz_abbrev(z, to, dst, start)) != NULL)
		icalcomponent_add_property(c, icalproperty_new_tzname(abbr));
	icalcomponent_add_property(c, icalproperty_new_tzoffsetfrom(from));
	icalcomponent_add_property(c, icalproperty_new_tzoffsetto(to));
	icalcomponent_add_property(c, icalproperty_new_dtstart(start));
	if (rrule != NULL)
		icalcomponent_add_property(c, icalproperty_new_rrule(
		    icalrecurrencetype_from_string(rrule)));
	return c;
}

/* The yearly rule "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" that every transition
 * of the group (dst or not) follows, written into buf; -1 if none does. */
static int
tz_yearly_rule(const struct tz_trans *tr, size_t n, int dst, char *buf,
    size_t len, size_t *first)
{
	static const char *const wd[7] = { "SU", "MO", "TU", "WE", "TH", "FR", "SA" };
	struct icaltimetype	 w, w0 = icaltime_null_time();
	size_t			 i, count = 0;
	int			 nth = 0, all_last = 1, same_nth = 1, k, last;
	long			 days;

	for (i = 0; i < n; i++) {
		if (tr[i].dst != dst)
			continue;
		w = wall_time(tr[i].at, tr[i].from);
		days = tzone_days_from_civil(w.year, w.month, w.day);
		k = (w.day - 1) / 7 + 1;
		last = w.day + 7 > tzone_days_in_month(w.year, w.month);
		if (count == 0) {
			*first = i;
			w0 = w;
			nth = k;
		} else if (w.month != w0.month || w.hour != w0.hour ||
		    w.minute != w0.minute || w.second != w0.second ||
		    tzone_wday(days) != tzone_wday(tzone_days_from_civil(w0.year,
		    w0.month, w0.day)) || tr[i].from != tr[*first].from ||
		    tr[i].to != tr[*first].to)
			return -1;
		same_nth &= k == nth;
		all_last &= last;
		count++;
	}
	if (count < 4 || (!same_nth && !all_last))
		return -1;
	days = tzone_days_from_civil(w0.year, w0.month, w0.day);
	k = snprintf(buf, len, "FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s", w0.month,
	    all_last ? -1 : nth, wd[tzone_wday(days)]);
	return k < 0 || (size_t)k >= len ? -1 : 0;
}

/*
 * A VTIMEZONE named tzid for zone z, valid around [start, end]. If the
 * zone's changes over TZ_RULE_WINDOW either side follow two yearly rules,
 * they are sent as two RRULE observances, the shape Google and Outlook send
 * (eight years of data tell "last Sunday" from "4th Sunday"). Otherwise
 * (a zone that changed its rules) each change within TZ_WINDOW becomes a
 * dated observance after one for the offset at the window's start; a zone
 * without changes gets one STANDARD observance from 1970.
 */
static icalcomponent *
tz_vtimezone(icaltimezone *z, const char *tzid, time_t start, time_t end)
{
	struct tz_trans		 tr[TZ_MAX_TRANS];
	struct icaltimetype	 epoch = icaltime_null_time();
	icalcomponent		*vtz;
	char			 rstd[64], rdst[64];
	size_t			 n, i, fstd = 0, fdst = 0, used = 0;
	time_t			 a, b;
	int			 off, dst;

	a = start - TZ_RULE_WINDOW;
	b = end + TZ_RULE_WINDOW;
	a = a < TZONE_TIME_MIN ? TZONE_TIME_MIN : a;
	b = b >= TZONE_TIME_MAX ? TZONE_TIME_MAX - 1 : b;
	if (tz_transitions(z, a, b, tr, TZ_MAX_TRANS, &n) == -1)
		return NULL;
	vtz = icalcomponent_new(ICAL_VTIMEZONE_COMPONENT);
	icalcomponent_add_property(vtz, icalproperty_new_tzid(tzid));
	if (tz_yearly_rule(tr, n, 0, rstd, sizeof(rstd), &fstd) == 0 &&
	    tz_yearly_rule(tr, n, 1, rdst, sizeof(rdst), &fdst) == 0 &&
	    tr[fstd].from == tr[fdst].to && tr[fstd].to == tr[fdst].from) {
		icalcomponent_add_component(vtz, tz_observance(z, 0,
		    wall_time(tr[fstd].at, tr[fstd].from), tr[fstd].from,
		    tr[fstd].to, rstd));
		icalcomponent_add_component(vtz, tz_observance(z, 1,
		    wall_time(tr[fdst].at, tr[fdst].from), tr[fdst].from,
		    tr[fdst].to, rdst));
		return vtz;
	}
	a = start - TZ_WINDOW < TZONE_TIME_MIN ? TZONE_TIME_MIN : start - TZ_WINDOW;
	b = end + TZ_WINDOW >= TZONE_TIME_MAX ? TZONE_TIME_MAX - 1 : end + TZ_WINDOW;
	if (tzone_offset(z, a, &off, &dst) == -1) {
		icalcomponent_free(vtz);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (tr[i].at < a || tr[i].at > b)
			continue;
		if (used++ == 0)
			icalcomponent_add_component(vtz, tz_observance(z, dst,
			    wall_time(a, off), off, off, NULL));
		icalcomponent_add_component(vtz, tz_observance(z, tr[i].dst,
		    wall_time(tr[i].at, tr[i].from), tr[i].from, tr[i].to, NULL));
	}
	if (used == 0) {
		epoch.year = 1970;
		epoch.month = epoch.day = 1;
		icalcomponent_add_component(vtz, tz_observance(z, 0, epoch,
		    off, off, NULL));
	}
	return vtz;
}

/* ------------------------------------------------------------- output */

/*
 * Re-fold libical's output. libical 3.0.16 folds after ';', ':' or ' ' and
 * can, when none is near, cut a line ending in CRLF between the CR and the
 * LF; so unfold everything and fold again: at most 75 octets a line, cut
 * only before a UTF-8 lead byte, CRLF + one space.
 */
static int
refold(const char *s, struct strbuf *out)
{
	struct strbuf	 line = STRBUF_INIT;
	size_t		 i, n = strlen(s), pos, cut, limit;

	sb_init(&line, ICS_MAX);
	for (i = 0; i < n; i++) {
		if (s[i] == '\r' && s[i + 1] == '\n' &&
		    (s[i + 2] == ' ' || s[i + 2] == '\t')) {
			i += 2;
			continue;
		}
		if (s[i] == '\r' && s[i + 1] == '\n') {
			for (pos = 0, limit = 75; line.len - pos > limit; limit = 74) {
				cut = pos + limit;
				while (cut > pos &&
				    ((unsigned char)line.s[cut] & 0xc0) == 0x80)
					cut--;
				sb_add(out, line.s + pos, cut - pos);
				sb_adds(out, "\r\n ");
				pos = cut;
			}
			sb_add(out, sb_str(&line) + pos, line.len - pos);
			sb_adds(out, "\r\n");
			sb_reset(&line);
			i++;
			continue;
		}
		if (s[i] == '\r' || s[i] == '\n')
			continue;	/* never in libical's output; never in ours */
		sb_addc(&line, s[i]);
	}
	i = line.len;
	sb_free(&line);
	return sb_error(out) || i != 0 ? -1 : 0;
}

/* ---------------------------------------------------------- the event */

struct texts {
	char	*summary, *description, *location, *org_cn;
	char	*att_cn[INVITE_MAX_ATTENDEES];
};

static void
texts_free(struct texts *tx)
{
	size_t	 i;

	free(tx->summary);
	free(tx->description);
	free(tx->location);
	free(tx->org_cn);
	for (i = 0; i < INVITE_MAX_ATTENDEES; i++)
		free(tx->att_cn[i]);
}

static int
check_invite(const struct invite *iv, struct texts *tx, char *err, size_t errlen)
{
	size_t	 i;

	if (iv->uid == NULL || *iv->uid == '\0' || strlen(iv->uid) > 255 ||
	    strspn(iv->uid, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-_.@+=") != strlen(iv->uid)) {
		errf(err, errlen, "bad UID");
		return -1;
	}
	if (iv->sequence < 0 || iv->sequence > 0x7fffffffL) {
		errf(err, errlen, "SEQUENCE out of range");
		return -1;
	}
	if (iv->end <= iv->start || iv->start < TZONE_TIME_MIN ||
	    iv->end >= TZONE_TIME_MAX || iv->dtstamp < TZONE_TIME_MIN ||
	    iv->dtstamp >= TZONE_TIME_MAX) {
		errf(err, errlen, "bad meeting times");
		return -1;
	}
	if (!invite_addr_ok(iv->organizer.addr) ||
	    (iv->sent_by != NULL && !invite_addr_ok(iv->sent_by))) {
		errf(err, errlen, "bad organizer address");
		return -1;
	}
	if (iv->nattendees == 0 || iv->nattendees > INVITE_MAX_ATTENDEES ||
	    iv->attendees == NULL) {
		errf(err, errlen, "need 1 to %d attendees", INVITE_MAX_ATTENDEES);
		return -1;
	}
	for (i = 0; i < iv->nattendees; i++) {
		if (!invite_addr_ok(iv->attendees[i].addr)) {
			errf(err, errlen, "bad attendee address");
			return -1;
		}
		if (iv->attendees[i].name != NULL && (tx->att_cn[i] = clean_text(
		    iv->attendees[i].name, INVITE_MAX_NAME, TEXT_ONE_LINE |
		    TEXT_NAME, "attendee name", err, errlen)) == NULL)
			return -1;
	}
	if (iv->organizer.name != NULL && (tx->org_cn = clean_text(
	    iv->organizer.name, INVITE_MAX_NAME, TEXT_ONE_LINE | TEXT_NAME,
	    "organizer name", err, errlen)) == NULL)
		return -1;
	if ((tx->summary = clean_text(iv->summary ? iv->summary : "",
	    INVITE_MAX_LINE, TEXT_ONE_LINE, "summary", err, errlen)) == NULL)
		return -1;
	if (*tx->summary == '\0') {
		errf(err, errlen, "empty summary");
		return -1;
	}
	if (iv->description != NULL && (tx->description = clean_text(
	    iv->description, INVITE_MAX_TEXT, 0, "description", err,
	    errlen)) == NULL)
		return -1;
	if (iv->location != NULL && (tx->location = clean_text(iv->location,
	    INVITE_MAX_LINE, TEXT_ONE_LINE, "location", err, errlen)) == NULL)
		return -1;
	return 0;
}

static icalproperty *
party_prop(icalproperty *p, const char *cn)
{
	if (cn != NULL && *cn != '\0')
		icalproperty_add_parameter(p, icalparameter_new_cn(cn));
	return p;
}

static char *
mailto(const char *addr)
{
	size_t	 n = strlen(addr) + 8;
	char	*s;

	if ((s = malloc(n)) != NULL)
		snprintf(s, n, "mailto:%s", addr);
	return s;
}

/* DTSTART/DTEND: "Z" for UTC, else local time with TZID. */
static icalproperty *
time_prop(icalproperty *(*mk)(struct icaltimetype), icaltimezone *z,
    const char *tzid, time_t t)
{
	struct tzone_local	 lt;
	struct icaltimetype	 tt = icaltime_null_time();
	icalproperty		*p;

	if (tzone_is_utc(z))
		return mk(icaltime_from_timet_with_zone(t, 0,
		    icaltimezone_get_utc_timezone()));
	tzone_to_local(z, t, &lt);
	tt.year = lt.year;
	tt.month = lt.month;
	tt.day = lt.day;
	tt.hour = lt.hour;
	tt.minute = lt.min;
	tt.second = lt.sec;
	p = mk(tt);
	icalproperty_add_parameter(p, icalparameter_new_tzid(tzid));
	return p;
}

static int
add_parties(icalcomponent *ev, const struct invite *iv, const struct texts *tx)
{
	icalproperty	*p;
	char		*uri;
	size_t		 i;

	if ((uri = mailto(iv->organizer.addr)) == NULL)
		return -1;
	p = party_prop(icalproperty_new_organizer(uri), tx->org_cn);
	free(uri);
	if (iv->sent_by != NULL) {
		if ((uri = mailto(iv->sent_by)) == NULL) {
			icalproperty_free(p);
			return -1;
		}
		icalproperty_add_parameter(p, icalparameter_new_sentby(uri));
		free(uri);
	}
	icalcomponent_add_property(ev, p);
	for (i = 0; i < iv->nattendees; i++) {
		if ((uri = mailto(iv->attendees[i].addr)) == NULL)
			return -1;
		p = icalproperty_new_attendee(uri);
		free(uri);
		icalproperty_add_parameter(p,
		    icalparameter_new_cutype(ICAL_CUTYPE_INDIVIDUAL));
		icalproperty_add_parameter(p,
		    icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
		icalproperty_add_parameter(p,
		    icalparameter_new_partstat(ICAL_PARTSTAT_NEEDSACTION));
		if (iv->method == INVITE_REQUEST)
			icalproperty_add_parameter(p,
			    icalparameter_new_rsvp(ICAL_RSVP_TRUE));
		icalcomponent_add_property(ev, party_prop(p, tx->att_cn[i]));
	}
	return 0;
}

static icalcomponent *
make_event(const struct invite *iv, const struct texts *tx, icaltimezone *z)
{
	icalcomponent	*ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);

	icalcomponent_add_property(ev, icalproperty_new_uid(iv->uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(
	    icaltime_from_timet_with_zone(iv->dtstamp, 0,
	    icaltimezone_get_utc_timezone())));
	icalcomponent_add_property(ev, icalproperty_new_sequence((int)iv->sequence));
	icalcomponent_add_property(ev, time_prop(icalproperty_new_dtstart, z,
	    iv->tz, iv->start));
	icalcomponent_add_property(ev, time_prop(icalproperty_new_dtend, z,
	    iv->tz, iv->end));
	icalcomponent_add_property(ev, icalproperty_new_summary(tx->summary));
	if (tx->description != NULL && *tx->description != '\0')
		icalcomponent_add_property(ev,
		    icalproperty_new_description(tx->description));
	if (tx->location != NULL && *tx->location != '\0')
		icalcomponent_add_property(ev,
		    icalproperty_new_location(tx->location));
	if (add_parties(ev, iv, tx) == -1) {
		icalcomponent_free(ev);
		return NULL;
	}
	icalcomponent_add_property(ev, icalproperty_new_status(
	    iv->method == INVITE_CANCEL ? ICAL_STATUS_CANCELLED :
	    ICAL_STATUS_CONFIRMED));
	icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_OPAQUE));
	return ev;
}

int
invite_build(const struct invite *iv, char **ics, size_t *len, char *err,
    size_t errlen)
{
	struct texts	 tx;
	struct strbuf	 out;
	icalcomponent	*cal, *ev, *vtz = NULL;
	icaltimezone	*z;
	char		*raw, prodid[64];

	*ics = NULL;
	memset(&tx, 0, sizeof(tx));
	if ((z = tzone_get(iv->tz)) == NULL) {
		errf(err, errlen, "unknown time zone '%.64s'", iv->tz ? iv->tz : "");
		return -1;
	}
	if (check_invite(iv, &tx, err, errlen) == -1) {
		texts_free(&tx);
		return -1;
	}
	if (!tzone_is_utc(z) &&
	    (vtz = tz_vtimezone(z, iv->tz, iv->start, iv->end)) == NULL) {
		texts_free(&tx);
		errf(err, errlen, "cannot describe zone %s", iv->tz);
		return -1;
	}
	if ((ev = make_event(iv, &tx, z)) == NULL) {
		texts_free(&tx);
		if (vtz != NULL)
			icalcomponent_free(vtz);
		errf(err, errlen, "out of memory");
		return -1;
	}
	texts_free(&tx);
	snprintf(prodid, sizeof(prodid), "-//rapport//rapport %s//EN",
	    PACKAGE_VERSION);
	cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	icalcomponent_add_property(cal, icalproperty_new_prodid(
	    iv->prodid != NULL ? iv->prodid : prodid));
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_method(
	    iv->method == INVITE_CANCEL ? ICAL_METHOD_CANCEL : ICAL_METHOD_REQUEST));
	if (vtz != NULL)
		icalcomponent_add_component(cal, vtz);
	icalcomponent_add_component(cal, ev);
	raw = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	sb_init(&out, ICS_MAX);
	if (raw == NULL || refold(raw, &out) == -1) {
		free(raw);
		sb_free(&out);
		errf(err, errlen, "cannot serialise the calendar");
		return -1;
	}
	free(raw);
	*ics = sb_detach(&out, len);
	return 0;
}

/* --------------------------------------------------------------- UIDs */

int
invite_uid(char *buf, size_t len, enum invite_kind kind, long person_id,
    int year, int period, const char *domain)
{
	int	 n;

	if (domain == NULL || *domain == '\0' || strlen(domain) > 253 ||
	    strspn(domain, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") != strlen(domain) ||
	    person_id < 0 || year < 1970 || year > 2099)
		return -1;
	if (kind == INVITE_WEEKLY && period >= 1 && period <= 53)
		n = snprintf(buf, len, "rapport-1on1-%ld-%04d-W%02d@%s",
		    person_id, year, period, domain);
	else if (kind == INVITE_MONTHLY && period >= 1 && period <= 12)
		n = snprintf(buf, len, "rapport-review-%ld-%04d-%02d@%s",
		    person_id, year, period, domain);
	else
		return -1;
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* ------------------------------------------------------------- slots */

/* 1 if [s, e) lies in one of w's working days, inside its hours, and
 * outside its pauses. */
static int
slot_fits(const struct worktime *w, icaltimezone *z, time_t s, time_t e)
{
	struct tzone_local	 a, b;
	size_t			 i;

	for (i = 0; i < w->npauses; i++)
		if (w->pauses[i].from < e && s < w->pauses[i].to)
			return 0;
	if (tzone_to_local(z, s, &a) == -1 || tzone_to_local(z, e - 1, &b) == -1)
		return 0;
	return a.year == b.year && a.month == b.month && a.day == b.day &&
	    (w->days & WT_DAY(a.wday)) &&
	    a.hour * 60 + a.min >= w->start_min &&
	    b.hour * 60 + b.min < w->end_min;
}

/* The earliest fitting start whose person-local weekday / minute match
 * (-1 matches anything). */
static int
slot_scan(const struct worktime *p, icaltimezone *pz, const struct worktime *m,
    icaltimezone *mz, int wday, int min, long dur, time_t from, time_t to,
    time_t *start)
{
	struct tzone_local	 lt;
	time_t			 t;

	for (t = from; t + dur <= to; t += SLOT_STEP) {
		if (wday >= 0 || min >= 0) {
			if (tzone_to_local(pz, t, &lt) == -1)
				return 0;
			if ((wday >= 0 && lt.wday != wday) ||
			    (min >= 0 && lt.hour * 60 + lt.min != min))
				continue;
		}
		if (slot_fits(p, pz, t, t + dur) && slot_fits(m, mz, t, t + dur)) {
			*start = t;
			return 1;
		}
	}
	return 0;
}

static icaltimezone *
slot_zone(const struct worktime *w)
{
	if (w == NULL || (w->days & WT_ALLDAYS) == 0 || w->start_min < 0 ||
	    w->end_min > 1440 || w->end_min <= w->start_min ||
	    (w->npauses > 0 && w->pauses == NULL))
		return NULL;
	return tzone_get(w->tz);
}

int
invite_find_slot(const struct worktime *person, const struct worktime *manager,
    int pref_wday, int pref_min, int duration_min, time_t from, time_t to,
    time_t *start)
{
	icaltimezone	*pz, *mz;
	long		 dur = duration_min * 60L;

	if ((pz = slot_zone(person)) == NULL || (mz = slot_zone(manager)) == NULL ||
	    duration_min < 5 || duration_min > 600 || from < TZONE_TIME_MIN ||
	    to >= TZONE_TIME_MAX || to <= from || to - from > SLOT_MAX_WINDOW ||
	    pref_wday < -1 || pref_wday > 6 || pref_min < -1 || pref_min >= 1440)
		return -1;
	/* Start on a quarter hour: every zone's offset is a multiple of 15 min. */
	if (from % SLOT_STEP != 0)
		from += SLOT_STEP - from % SLOT_STEP;
	if (pref_wday >= 0 && pref_min >= 0 && slot_scan(person, pz, manager, mz,
	    pref_wday, pref_min, dur, from, to, start))
		return 0;
	if (pref_wday >= 0 && slot_scan(person, pz, manager, mz, pref_wday, -1,
	    dur, from, to, start))
		return 0;
	if (pref_min >= 0 && slot_scan(person, pz, manager, mz, -1, pref_min, dur,
	    from, to, start))
		return 0;
	return slot_scan(person, pz, manager, mz, -1, -1, dur, from, to, start) ?
	    0 : 1;
}
