/*
 * mime.h: a raw message to the values rapport needs, with libetpan.
 *
 * mime_parse() pre-scans the message (prescan.h) and refuses it when a limit
 * is exceeded, then parses it with libetpan from a copy padded with
 * LIBETPAN_PAD zero bytes, and fills a struct mail_msg:
 *  - the threading and sender headers, decoded (RFC 2047) to UTF-8;
 *  - the raw values of the headers that mark automatic mail;
 *  - the body as UTF-8 text: the first inline text/plain in preference to
 *    text/html (which is converted by html.c, its quoted history kept as
 *    "> " lines), transfer encoding undone, the declared charset (or the
 *    likely one, when the declaration is missing or wrong) converted,
 *    invalid bytes replaced, format=flowed (RFC 3676, DelSp) joined;
 *  - every text/calendar part or .ics attachment, as UTF-8;
 *  - for a delivery status notification (RFC 3464), the per-recipient
 *    fields and the Message-ID of the returned message;
 *  - a list of defects noticed on the way.
 * The MIME tree walk is depth-capped (LIMIT_MIME_DEPTH, which the pre-scan
 * already enforced). Pure: no I/O, no globals of ours.
 *
 * Ownership: every pointer in a struct mail_msg, and every array and string
 * it points to, is owned by the struct and released by mail_msg_free().
 * All strings are NUL-terminated UTF-8 without CR or LF; NULL means absent.
 */
#ifndef RAPPORT_MIME_H
#define RAPPORT_MIME_H

#include <stddef.h>
#include <time.h>

#include "prescan.h"

struct mail_addr {
	char	*addr;		/* "anna@example.com"; NULL for a group name */
	char	*name;		/* display name, decoded; NULL if none */
};

struct mail_calendar {
	char	*data;		/* the calendar, UTF-8, NUL-terminated */
	size_t	 len;
	char	*method;	/* Content-Type's method= ("REQUEST"...), or NULL */
};

struct mail_dsn_rcpt {
	char	*final_recipient;	/* "rfc822; bob@example.com" as written */
	char	*action;		/* "failed", "delayed", ... */
	char	*status;		/* "5.1.1" */
	char	*diagnostic;		/* Diagnostic-Code, unfolded */
};

struct mail_msg {
	/* message identifiers, without the angle brackets */
	char			*message_id;
	char			*in_reply_to;	/* the first id of In-Reply-To */
	char			**references;	/* oldest first */
	size_t			 nreferences;

	struct mail_addr	 from;		/* the first From: mailbox */
	char			*subject;	/* decoded */

	int			 has_date;	/* Date: present and parsed */
	time_t			 date;		/* UTC */
	int			 date_offset;	/* the sender's offset, minutes east of UTC */

	/* raw (unfolded, trimmed) header values; NULL when absent */
	char			*auto_submitted;
	char			*x_autoreply;
	char			*x_autorespond;
	char			*precedence;
	char			*list_id;
	char			*x_auto_response_suppress;
	char			*content_type;	/* of the top-level part */

	char			*body;		/* UTF-8 text, never NULL after success */
	size_t			 body_len;
	int			 body_from_html;

	struct mail_calendar	*calendars;
	size_t			 ncalendars;

	/* multipart/report; report-type=delivery-status */
	int			 is_dsn;
	struct mail_dsn_rcpt	*dsn;
	size_t			 ndsn;
	char			*dsn_message_id;	/* of the returned message */

	char			**defects;	/* human-readable, capped in number */
	size_t			 ndefects;

	struct prescan_result	 prescan;	/* the measured shape */
};

enum mime_status {
	MIME_OK = 0,
	MIME_REFUSED,		/* over a pre-scan limit: see msg->prescan */
	MIME_NOMEM,
	MIME_BAD		/* libetpan could not parse it at all */
};

/*
 * Parse len bytes of raw message. limits may be NULL (the defaults).
 * On MIME_OK, *msg is filled in; on any other status it is left empty
 * except msg->prescan, and err says why ("MIME nesting depth 101 > 100").
 * mail_msg_free() is safe on *msg in every case.
 */
enum mime_status mime_parse(const char *raw, size_t len,
	    const struct prescan_limits *limits, struct mail_msg *msg,
	    char *err, size_t errlen);
void	 mail_msg_free(struct mail_msg *);

/*
 * Helpers also used by other parsers. Each returns a new string the caller
 * frees with free(), or NULL on allocation failure.
 */
/* bytes in charset to valid UTF-8 (unknown or wrong charsets are guessed;
 * invalid sequences become U+FFFD; NUL bytes are dropped) */
char	*mime_to_utf8(const char *s, size_t len, const char *charset,
	    size_t *outlen);
/* RFC 3676 format=flowed text (already UTF-8) to plain lines */
char	*mime_unflow(const char *s, size_t len, int delsp, size_t *outlen);

#endif
