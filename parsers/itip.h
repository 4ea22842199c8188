/*
 * itip.h: read an iTIP message (RFC 5546) from a text/calendar part or a
 * bare .ics: what rapport needs from REPLY, COUNTER, CANCEL, DECLINECOUNTER
 * (and, for `rapport parse`, REQUEST).
 *
 * Untrusted input. Before libical sees it, the bytes are checked: size at
 * most LIMIT_ICAL_SIZE, BEGIN nesting at most LIMIT_ICAL_DEPTH (libical's
 * icalcomponent_free() recurses), at most ITIP_MAX_COMPONENTS components.
 * The message's VTIMEZONEs are vetted before libical expands them (only
 * yearly rules with one month and one weekday, bounded RDATEs: a
 * "FREQ=SECONDLY" observance would otherwise expand for minutes), and
 * libical's own TZID resolution (which opens zoneinfo files named by the
 * message) is never used: TZIDs resolve through the message's vetted
 * VTIMEZONE, then IANA names via tzone_get(), then a few Windows zone
 * names. Event RRULEs are never expanded.
 *
 * Liberal in what it reads (notes/itip.md section F): METHOD from the
 * VCALENDAR wins over the Content-Type parameter; MAILTO: in any case;
 * no ORGANIZER (Outlook); COMMENT, X-RESPONSE-COMMENT (ATTENDEE parameter)
 * or X-CALENDARSERVER-PRIVATE-COMMENT; counter-proposals as METHOD:COUNTER
 * (Google, Outlook) or as a REPLY whose ATTENDEE carries
 * TO-ALL-PROPOSED-NEW-TIME (Apple); Windows and display-name TZIDs.
 * What was odd is listed in defects[].
 *
 * Pure apart from libical's caches: no I/O of its own, no globals.
 */
#ifndef RAPPORT_ITIP_H
#define RAPPORT_ITIP_H

#include <stddef.h>
#include <time.h>

#define ITIP_MAX_COMPONENTS	2000	/* BEGIN lines in one calendar */
#define ITIP_MAX_OBSERVANCES	400	/* STANDARD/DAYLIGHT in one VTIMEZONE */
#define ITIP_MAX_RDATES		2000	/* RDATEs over all VTIMEZONEs */
#define ITIP_MAX_TEXT		4096	/* bytes kept of a comment or summary */
#define ITIP_MAX_DEFECTS	16

enum itip_method {
	ITIP_NONE, ITIP_PUBLISH, ITIP_REQUEST, ITIP_REPLY, ITIP_ADD, ITIP_CANCEL,
	ITIP_REFRESH, ITIP_COUNTER, ITIP_DECLINECOUNTER, ITIP_OTHER
};

enum itip_partstat {
	ITIP_PS_NONE, ITIP_PS_NEEDS_ACTION, ITIP_PS_ACCEPTED, ITIP_PS_DECLINED,
	ITIP_PS_TENTATIVE, ITIP_PS_DELEGATED, ITIP_PS_OTHER
};

struct itip_time {
	int	 set;		/* the property was present and understood */
	time_t	 t;		/* the instant (UTC) */
	int	 is_date;	/* a DATE value: t is 00:00 UTC of that day */
	int	 floating;	/* no zone known: read as UTC */
};

struct itip {
	enum itip_method	 method;
	int			 ct_mismatch;	/* Content-Type method= differed */
	char			*uid;		/* NULL if absent */
	long			 sequence;	/* 0 when absent */
	int			 has_sequence;
	struct itip_time	 recurrence_id;
	struct itip_time	 start, end;	/* of the chosen VEVENT */
	char			*summary;
	char			*status;	/* "CANCELLED", ... or NULL */
	char			*organizer;	/* address, lower case, no mailto: */
	char			*attendee;	/* the one replying (see itip_parse) */
	char			*attendee_cn;
	enum itip_partstat	 partstat;
	char			*delegated_to;	/* address, for DELEGATED */
	char			*comment;
	struct itip_time	 proposed_start, proposed_end;	/* COUNTER, Apple */
	size_t			 nevents;	/* VEVENTs in the calendar */
	size_t			 nattendees;	/* ATTENDEEs in the chosen one */
	const char		*defects[ITIP_MAX_DEFECTS];	/* static strings */
	size_t			 ndefects;
};

/*
 * Parse data[0..len). ct_method is the Content-Type method= parameter as
 * found (quotes, case and a trailing ';' tolerated), or NULL; from is the
 * message's From address or NULL. The VEVENT read is the master (no
 * RECURRENCE-ID) if there is one, else the first. The attendee is the one
 * matching from, else the only one, else (REPLY/COUNTER) the first that
 * has answered, else the first.
 * Returns 0 and fills *out (free it with itip_free()), or -1 with *out
 * zeroed and a reason in err: too large, too deeply nested, not iCalendar,
 * no VCALENDAR, no VEVENT, out of memory.
 */
int	 itip_parse(const char *data, size_t len, const char *ct_method,
	    const char *from, struct itip *out, char *err, size_t errlen);
void	 itip_free(struct itip *);

const char *itip_method_name(enum itip_method);		/* "REPLY", "" for NONE */
const char *itip_partstat_name(enum itip_partstat);	/* "ACCEPTED", "" for NONE */

#endif
