/*
 * reply.h: reply extraction. Given the text body of a reply (already decoded
 * to UTF-8, HTML already converted by html.c), split it into segments and
 * return the person's own new words.
 *
 * Contract (shared with checkin.c, which maps inline answers to the quoted
 * question they follow):
 *  - segs[] covers the input in order, without gaps or overlap;
 *  - the reply text is the REPLY_NEW segments, in order, each without its
 *    leading blank lines and trailing white space; two of them are joined
 *    with a blank line where the person left one before the removed text
 *    between them, else with a line break; out_start/out_end locate each
 *    REPLY_NEW segment in it;
 *  - for inline answers, the REPLY_QUOTE segment just before a REPLY_NEW one
 *    holds the question it answers.
 * Pure: no I/O, no globals. Linear in the input (bounded look-ahead windows).
 */
#ifndef RAPPORT_REPLY_H
#define RAPPORT_REPLY_H

#include <stddef.h>

enum reply_seg_kind {
	REPLY_NEW,		/* the sender's own new text */
	REPLY_QUOTE,		/* '>' quoted lines, or unquoted original after an attribution */
	REPLY_ATTRIBUTION,	/* "On ... wrote:" in any language, 1-4 lines */
	REPLY_HEADERS,		/* Outlook "From: Sent: To: Subject:" block, "-----Original Message-----" */
	REPLY_FORWARD,		/* a forwarded message and everything after it */
	REPLY_SIGNATURE,	/* after a "-- " delimiter */
	REPLY_FOOTER		/* "Sent from my iPhone" and similar client footers */
};

struct reply_seg {
	enum reply_seg_kind	 kind;
	size_t			 start, end;		/* byte range in the input */
	size_t			 out_start, out_end;	/* in reply->text; REPLY_NEW only */
};

struct reply {
	char			*text;		/* NUL-terminated, owned */
	size_t			 len;
	struct reply_seg	*segs;		/* owned */
	size_t			 nsegs;
};

/* 0 on success; -1 on allocation failure (out is then zeroed). */
int	 reply_extract(const char *body, size_t len, struct reply *out);
void	 reply_free(struct reply *);
const char *reply_seg_kind_name(enum reply_seg_kind);

#endif
