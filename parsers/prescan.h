/*
 * prescan.h: one linear pass over a raw message, before any library sees it.
 *
 * libetpan recurses once per nested multipart or message/rfc822 part with no
 * limit, slows down faster than linearly on deep multiparts and accepts
 * anything; so the shape of a message is measured here first and a message
 * over a limit is refused with a reason (parsers/caps.h has the defaults).
 *
 * The scan follows the MIME structure the way libetpan will: header sections
 * (folded lines, "Name : value" allowed, a non-header line ends them),
 * boundaries declared in Content-Type (quoted or not), message/rfc822 bodies
 * (not when base64 or quoted-printable encoded, which libetpan leaves alone),
 * multipart/digest's default of message/rfc822. Where it cannot be sure it
 * errs towards counting deeper, never shallower.
 *
 * Cost: O(len) time; memory O(mime_depth) plus one header value (bounded by
 * header_size). Works on any bytes: NULs, no headers, CR-only, no final LF.
 * Pure: no I/O, no globals.
 */
#ifndef RAPPORT_PRESCAN_H
#define RAPPORT_PRESCAN_H

#include <stddef.h>

struct prescan_limits {
	size_t	 message_size;	/* bytes of the whole message */
	size_t	 header_count;	/* header fields, all header sections */
	size_t	 header_size;	/* bytes of all header sections */
	size_t	 line_length;	/* longest line, without its line ending */
	size_t	 mime_depth;	/* multipart + message/rfc822 nesting */
	size_t	 mime_parts;	/* parts, the message itself included */
};

enum prescan_verdict {
	PRESCAN_OK = 0,
	PRESCAN_TOO_BIG,
	PRESCAN_TOO_MANY_HEADERS,
	PRESCAN_HEADERS_TOO_BIG,
	PRESCAN_LINE_TOO_LONG,
	PRESCAN_TOO_DEEP,
	PRESCAN_TOO_MANY_PARTS,
	PRESCAN_NOMEM
};

/*
 * What was measured. When the scan stops at a limit the figures are those
 * seen up to that point (the refused limit is always over).
 */
struct prescan_result {
	enum prescan_verdict	 verdict;
	size_t			 size;
	size_t			 header_count;
	size_t			 header_size;
	size_t			 longest_line;
	size_t			 depth;		/* deepest nesting seen */
	size_t			 parts;
	char			 reason[128];	/* "MIME nesting depth 101 > 100"; "" when OK */
};

/* The defaults from caps.h. */
void	 prescan_limits_default(struct prescan_limits *);

/*
 * Scan buf[0..len). limits may be NULL for the defaults. Returns 0 when the
 * message is within every limit, -1 when refused (res->verdict and
 * res->reason say why). res is always filled in.
 */
int	 prescan(const char *buf, size_t len, const struct prescan_limits *,
	    struct prescan_result *res);

/* A stable short name ("ok", "too-deep", ...), for logs and the database. */
const char *prescan_verdict_name(enum prescan_verdict);

#endif
