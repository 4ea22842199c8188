/*
 * sections.h: cut a reply into answers by question. Shared by the check-in
 * (checkin.h) and survey (feedback.h) parsers, which give it their keys,
 * their heading words and their question order.
 *
 * An answer starts at (in this order of precedence):
 *  1. inline: the first line of a REPLY_NEW segment whose preceding
 *     REPLY_QUOTE segment ends with a question (one of its last three
 *     non-empty lines, '>' markers stripped, starts with a heading word or
 *     with the question's number "N." / "N)");
 *  2. a heading line in the new text: optional bullet ("-", "*", "•"),
 *     markdown ("#", "**"), optional number, a heading word, an optional
 *     "(...)" and "?", then ':' / '-' / '–' / '=' or the end of the line
 *     ("Wins:", "**Blocked on:**", "## Plans", "3) Blockers - none"),
 *     or a template question (SECTIONS_QUESTION) copied on a line of its
 *     own, ending in '?' or ')' (the answer is below it);
 *     for keys marked SECTIONS_VALUE_FOLLOWS a number or emoji may follow
 *     without a colon ("Hours 32", "Mood 4/5");
 *  3. a numbered line "N." / "N)" / "(N)" with 1 <= N <= nkeys, taken as
 *     the N-th question, but only when the reply has no inline answers and
 *     no unnumbered headings, and only for a strictly increasing run of at
 *     least two numbers (a restart "1." is part of the answer above it).
 * Text before the first answer, and text in a new segment after a quote that
 * is not a question, is notes (key -1). A short sign-off at the end of the
 * last answer ("Thanks,\nAnna") is dropped.
 *
 * Pure. Linear in the text and the quoted segments.
 */
#ifndef RAPPORT_SECTIONS_H
#define RAPPORT_SECTIONS_H

#include <stddef.h>

#include "lex.h"
#include "reply.h"

#define SECTIONS_KEY_MASK	0xff
#define SECTIONS_VALUE_FOLLOWS	0x100	/* heading flag: "Hours 32" */
#define SECTIONS_COLON_ONLY	0x200	/* heading flag: only "Done:", not "Done" alone */
#define SECTIONS_QUESTION	0x400	/* heading flag: starts a question the
					   template asks ("What could ... ?") */

struct sections_def {
	struct lex_table	*headings;	/* val: key | flags */
	int			 nkeys;		/* numbers 1..nkeys map to keys 0.. */
};

enum sections_how {
	SECTIONS_NONE = 0,
	SECTIONS_INLINE = 1,	/* answered under the quoted question */
	SECTIONS_NUMBERED = 2,	/* "1. ..." */
	SECTIONS_HEADINGS = 4	/* "Wins: ..." */
};

struct sections_span {
	int		 key;		/* -1: notes */
	enum sections_how how;
	size_t		 start, end;	/* the answer in the text, trimmed; may be empty */
	size_t		 mark_start, mark_end;	/* the heading or number; empty inline */
};

struct sections {
	struct sections_span	*spans;		/* owned, in text order */
	size_t			 nspans;
	int			 layout;	/* OR of enum sections_how */
	int			 truncated;	/* more answers than the cap */
};

/*
 * Split text (the reply text, len bytes). body/segs are the original body
 * and the reply_extract() segments over it, or NULL/0 for plain text.
 * Returns 0, or -1 on allocation failure (out is then empty).
 * The caller frees out with sections_free().
 */
int	 sections_split(const char *text, size_t len, const char *body,
	    size_t body_len, const struct reply_seg *segs, size_t nsegs,
	    const struct sections_def *, struct sections *out);
void	 sections_free(struct sections *);

/*
 * Classify the line text[start, end) as a question or heading. lenient (for
 * quoted questions): any text may follow the heading word, and a number
 * alone decides. Returns the key or -1; *content gets where the answer
 * starts on that line (end when it starts on the next).
 */
int	 sections_heading(const char *text, size_t start, size_t end,
	    const struct sections_def *, int lenient, size_t *mark_end,
	    size_t *content, int *number);

/* Trim spaces and blank lines from both ends of [*start, *end). */
void	 sections_trim(const char *text, size_t *start, size_t *end);

#endif
