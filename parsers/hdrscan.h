/*
 * hdrscan.h: the common forms of the address, date and message-id fields,
 * read without libetpan.
 *
 * Most mail writes From, Date, Message-ID, In-Reply-To and References in
 * a handful of plain forms ("Anna Lee <anna@example.com>", "Tue, 1 Dec
 * 2026 09:00:00 +0100", "<id@host>"). These scanners accept exactly those
 * forms and say -1 for everything else: comments, groups, quoted-pairs,
 * obsolete syntax, a quoted name next to other words, an address without
 * one '@', a named time zone, an empty list item, a NUL byte, a CR or LF
 * that is not part of a fold. mime.c hands such a
 * field to libetpan; a field read here is not given to libetpan at all.
 * For what they accept, the values are the ones libetpan gives
 * (tests/unit/test_hdrscan.c compares the two on every field of the test
 * messages and the shared corpus, and on a grid of variants).
 * Values are spans into the caller's bytes, not copies; folding white space
 * (CR, LF, tab, space) may remain inside a name span. Pure, linear.
 */
#ifndef RAPPORT_HDRSCAN_H
#define RAPPORT_HDRSCAN_H

#include <stddef.h>

struct hs_span {
	const char	*p;
	size_t		 n;
};

struct hs_mailbox {
	struct hs_span	name;	/* display name as written, or its quoted
				 * string's content; n == 0 when absent */
	int		quoted;	/* the name was one quoted string */
	struct hs_span	addr;	/* "anna@example.com" */
};

/*
 * The next mailbox of the address list v[0..n) from *pos: 1 (*mb set,
 * *pos moved on), 0 at the end, -1 when the value is not of a common form
 * (the caller then lets libetpan parse the whole field). An empty value is
 * -1. A caller that needs all or nothing runs the list through once first.
 */
int	hs_mailbox_next(const char *v, size_t n, size_t *pos, struct hs_mailbox *mb);

struct hs_date {
	int	day, month, year;	/* month 1-12, year as written (4 digits) */
	int	hour, min, sec;
	int	zone;			/* +0100 -> 100, -0530 -> -530 */
};

/* "[Ddd,] D Mon YYYY HH:MM[:SS] +ZZZZ [(comment)]": 0, or -1. */
int	hs_date(const char *v, size_t n, struct hs_date *d);

/*
 * The next "<id>" of a message-id list (white space between) from *pos:
 * 1 (*id set to the text inside the brackets), 0 at the end, -1 when the
 * value is not a plain list of ids with one '@' each.
 */
int	hs_msgid_next(const char *v, size_t n, size_t *pos, struct hs_span *id);

#endif
