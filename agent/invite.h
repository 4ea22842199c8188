/*
 * invite.h: iTIP/iMIP review invitations (RFC 5545, 5546, 6047) built with
 * libical, and the slot finder that places them.
 *
 * invite_build() returns the text/calendar body only (CRLF lines folded at
 * 75 octets on UTF-8 character boundaries). The MIME around it belongs to
 * agent/compose.c: multipart/mixed > multipart/alternative(text/plain,
 * text/html, text/calendar; charset="UTF-8"; method=REQUEST|CANCEL, last and
 * without a Content-Disposition) + the same bytes as application/ics
 * invite.ics attachment; base64 (or 7bit when pure ASCII). The method=
 * parameter must be invite_method_name(method). The From (or Sender) must be
 * the ORGANIZER address, or the SENT-BY one.
 *
 * One VEVENT per meeting (no RRULE): a stable UID per person and week or
 * month (invite_uid()), SEQUENCE bumped by the caller on every reschedule,
 * CANCEL with the same UID, a higher SEQUENCE and STATUS:CANCELLED.
 * DTSTART/DTEND carry TZID=<IANA name> with a VTIMEZONE generated from
 * libical's zone data for the transitions around the meeting: the two
 * yearly rules (Google/Outlook's shape) when the zone follows them, else
 * each transition in the window (see invite.c). UTC meetings use "Z" times.
 */
#ifndef RAPPORT_INVITE_H
#define RAPPORT_INVITE_H

#include <stddef.h>
#include <time.h>

#include "worktime.h"

#define INVITE_MAX_ATTENDEES	16
#define INVITE_MAX_TEXT		(64u * 1024)	/* DESCRIPTION bytes */
#define INVITE_MAX_LINE		1000u		/* SUMMARY, LOCATION bytes */
#define INVITE_MAX_NAME		200u		/* a CN */

enum invite_method {
	INVITE_REQUEST,		/* new meeting, or reschedule (SEQUENCE+1) */
	INVITE_CANCEL		/* STATUS:CANCELLED, SEQUENCE+1 */
};

enum invite_kind {
	INVITE_WEEKLY,		/* the weekly 1:1, one per ISO week */
	INVITE_MONTHLY		/* the monthly performance review */
};

struct invite_party {
	const char	*name;		/* CN, UTF-8; NULL or "" for none */
	const char	*addr;		/* bare address: "anna@example.com" */
};

struct invite {
	enum invite_method	 method;
	const char		*prodid;	/* NULL: "-//rapport//rapport VERSION//EN" */
	const char		*uid;
	long			 sequence;	/* 0 for the first REQUEST */
	time_t			 dtstamp;	/* when this message is made (UTC) */
	time_t			 start, end;	/* the meeting, end > start */
	const char		*tz;		/* zone DTSTART/DTEND are written in */
	struct invite_party	 organizer;	/* the From address */
	const char		*sent_by;	/* NULL, or the agent's address when
						 * the organizer is the manager */
	const struct invite_party *attendees;	/* 1..INVITE_MAX_ATTENDEES */
	size_t			 nattendees;
	const char		*summary;
	const char		*description;	/* agenda, may be NULL; \n for lines */
	const char		*location;	/* may be NULL */
};

/* Build the calendar. On success *ics is a NUL-terminated malloc'd string
 * the caller frees, *len its length, and 0 is returned; on bad input -1 and
 * a reason in err (invalid UTF-8, an address that is not a plain addr-spec,
 * end <= start, unknown zone, ...). Control characters in texts are dropped,
 * CR LF becomes a line break, and '"' in names becomes '\''. */
int	 invite_build(const struct invite *, char **ics, size_t *len,
	    char *err, size_t errlen);

/* "REQUEST" or "CANCEL", for the Content-Type method= parameter. */
const char *invite_method_name(enum invite_method);

/* A stable UID: "rapport-1on1-<person_id>-2026-W48@<domain>" (weekly, period
 * = ISO week) or "rapport-review-<person_id>-2026-12@<domain>" (monthly,
 * period = month). domain is the agent's mail domain. 0, or -1 on bad
 * arguments or a short buffer. */
int	 invite_uid(char *buf, size_t len, enum invite_kind, long person_id,
	    int year, int period, const char *domain);

/* 1 if addr is a plain addr-spec usable in a mailto: URI (ASCII, one '@',
 * no characters that a URI or a header would treat specially). */
int	 invite_addr_ok(const char *addr);

/*
 * The earliest start in [from, to) (15-minute steps, aligned in both zones)
 * for a meeting of duration_min minutes that lies inside both people's
 * working days and hours and outside their pauses. With a preference (the
 * person's local weekday pref_wday 0=Sunday..6, and/or pref_min minutes
 * after the person's midnight; -1 for none) the order is: the preferred day
 * at the preferred time; the preferred day, earliest; the preferred time on
 * another day, earliest; then the earliest overlap. 0 and *start; 1 when
 * the two never overlap in the window; -1 on invalid arguments.
 */
int	 invite_find_slot(const struct worktime *person,
	    const struct worktime *manager, int pref_wday, int pref_min,
	    int duration_min, time_t from, time_t to, time_t *start);

#endif
