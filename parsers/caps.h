/*
 * caps.h: every cap rapport applies to untrusted input, in one place.
 * The agent's [limits] config section may lower or raise the runtime ones;
 * these are the defaults (Dovecot-like where Dovecot has one).
 */
#ifndef RAPPORT_CAPS_H
#define RAPPORT_CAPS_H

#define LIMIT_MESSAGE_SIZE	(50u * 1024 * 1024)	/* bytes of one raw message */
#define LIMIT_HEADER_COUNT	10000u			/* header fields, all parts */
#define LIMIT_HEADER_SIZE	(1u * 1024 * 1024)	/* bytes of all headers, all parts */
#define LIMIT_LINE_LENGTH	(1u * 1024 * 1024)	/* longest physical line */
#define LIMIT_MIME_DEPTH	100u			/* multipart + message/rfc822 nesting */
#define LIMIT_MIME_PARTS	10000u			/* parts in one message */
#define LIMIT_HTML_DEPTH	256u			/* element nesting handed to the HTML walker */
#define LIMIT_TEXT_SIZE		(4u * 1024 * 1024)	/* decoded text kept for one body */
#define LIMIT_ICAL_SIZE		(1u * 1024 * 1024)	/* one text/calendar part */
#define LIMIT_ICAL_DEPTH	16u			/* BEGIN: nesting in a calendar */
#define LIMIT_ANSWERS		64u			/* task updates / commands per reply */
#define LIMIT_REPLY_LINES	100000u			/* lines reply.c classifies; the rest follows the last segment */

/* Zero bytes after every buffer handed to libetpan (its QP decoder reads
 * one byte past a trailing '=' at the end of the buffer). */
#define LIBETPAN_PAD		16u

#endif
