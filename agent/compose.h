/*
 * compose.h: build the RFC 5322 / MIME bytes of an email rapport sends.
 *
 * The MIME structure (header fields, multiparts, boundaries, content types,
 * parameters, base64) is built and written by libetpan.  What this module
 * adds around it is the part libetpan leaves to its caller:
 *  - header values from data are cleaned first: every C0 control and DEL
 *    becomes a space (so CR/LF in a name or subject can never start a new
 *    header line), invalid UTF-8 becomes U+FFFD, runs of blanks collapse;
 *  - non-ASCII display names and subjects become RFC 2047 encoded words
 *    (Q or B, whichever is shorter), each at most 75 characters, split only
 *    between UTF-8 characters, so that folded lines stay within 76;
 *  - addresses must pass compose_addr_valid() and Message-IDs
 *    compose_msgid_valid(); an invalid From/To/Cc/Reply-To is an error, an
 *    invalid In-Reply-To/References entry (they come from received mail) is
 *    left out;
 *  - text bodies are canonicalised to CRLF and sent as 7bit when they are
 *    short-lined ASCII, quoted-printable when mostly ASCII (our own encoder:
 *    libetpan 1.9.4's doubles trailing blanks), base64 otherwise.
 *
 * Shapes:
 *  text only:          text/plain
 *  text + html:        multipart/alternative (text/plain, text/html)
 *  with a calendar:    multipart/alternative (text/plain, [text/html],
 *                      text/calendar; method=M; charset=UTF-8)
 *  ... and an attachment name: multipart/mixed (that alternative,
 *                      application/ics; name=FILE as an attachment)
 */
#ifndef RAPPORT_COMPOSE_H
#define RAPPORT_COMPOSE_H

#include <stddef.h>
#include <time.h>

struct strbuf;

struct compose_addr {
	const char	*name;		/* display name, UTF-8; NULL or "" for none */
	const char	*addr;		/* addr-spec: local@domain */
};

/* RFC 3834 Auto-Submitted */
enum compose_auto {
	COMPOSE_AUTO_GENERATED = 0,	/* "auto-generated": check-ins, reminders, digests */
	COMPOSE_AUTO_REPLIED,		/* "auto-replied": receipts answering a person's mail */
	COMPOSE_AUTO_NONE		/* no Auto-Submitted field */
};

struct compose_msg {
	struct compose_addr		 from;		/* required */
	struct compose_addr		 reply_to;	/* .addr NULL: no Reply-To */
	const struct compose_addr	*to;		/* at least one */
	size_t				 nto;
	const struct compose_addr	*cc;
	size_t				 ncc;
	const char			*subject;	/* UTF-8; NULL is "" */
	const char			*text;		/* UTF-8, LF or CRLF; required */
	const char			*html;		/* NULL: no HTML part */
	time_t				 date;		/* 0: now_utc() */
	int				 utc_offset;	/* Date zone, seconds east of UTC */
	const char			*message_id;	/* "<...>"; NULL: one is made */
	const char			*in_reply_to;	/* "<...>" or NULL */
	const char *const		*references;	/* "<...>" each, oldest first */
	size_t				 nreferences;
	enum compose_auto		 auto_submitted;
	const char			*calendar;	/* iCalendar text, or NULL */
	const char			*calendar_method;	/* "REQUEST", "CANCEL"...; NULL: REQUEST */
	const char			*calendar_attach;	/* e.g. "invite.ics"; NULL: no attachment */
};

/*
 * Build the message.  On success *out holds the bytes (CRLF line ends,
 * NUL-terminated for convenience; the caller frees it) and *outlen their
 * length.  Returns -1 with a reason in err for invalid input (an address,
 * a missing body or recipient, a bad Message-ID or calendar method).
 */
int	 compose_build(const struct compose_msg *, char **out, size_t *outlen,
	    char *err, size_t errlen);

/* An addr-spec we are willing to put in a header: dot-atom@domain, ASCII. */
int	 compose_addr_valid(const char *);

/* "<left@right>" with printable ASCII, no blanks or brackets inside, <= 250. */
int	 compose_msgid_valid(const char *);

/*
 * Message-IDs that name what a message is about, so a reply's In-Reply-To
 * or References can be traced back: <rapport.KIND.REF.RANDOM@DOMAIN>.
 * KIND is [a-z0-9_], REF is [A-Za-z0-9_-] (e.g. a check-in or task id),
 * RANDOM is 16 hex digits from the kernel's random source.
 * compose_message_id returns -1 if an argument has other characters or
 * buf (COMPOSE_MSGID_MAX is enough) is too small.
 */
#define COMPOSE_MSGID_MAX	256
#define COMPOSE_KIND_MAX	32
#define COMPOSE_REF_MAX		64
int	 compose_message_id(const char *kind, const char *ref, const char *domain,
	    char *buf, size_t len);

/*
 * The inverse: 0 and kind/ref filled if mid is one of ours (for domain, if
 * domain is not NULL; compared without case), -1 otherwise.
 */
int	 compose_parse_message_id(const char *mid, const char *domain,
	    char *kind, size_t kindlen, char *ref, size_t reflen);

/*
 * A header value from data, as it will be written: cleaned, and made of
 * encoded words when needed (first word at most first_max characters, the
 * others at most 75).  Appends to out; -1 only if out is in error.
 * Exposed for tests and for callers that add their own fields.
 */
int	 compose_header_text(const char *utf8, size_t first_max, struct strbuf *out);

#endif
