/*
 * feedback.h: the monthly support survey and replies to the manager's
 * feedback.
 *
 * THE CONTRACT WITH THE SURVEY TEMPLATE (templates/survey.*). The survey
 * email shows these four questions, numbered 1-4 in this order, one per
 * line, each line "N. " followed by the text below (FEEDBACK_Q_*;
 * feedback_question() returns them; in question 4 the template puts the
 * manager's first name). Questions 1-3 take a rating 1-5, question 4 free
 * text. Answers are found like check-in answers (sections.h): under the
 * quoted question, after "N." / "N)", or after the person's headings
 * ("Clarity: 4", "Workload - 2", "Suggestions:", and the same in German,
 * French, Spanish, Portuguese, Dutch); a copied "(1–5)" is skipped. A reply
 * with no structure that starts with three ratings ("4, 5, 2 - more notice
 * on deadlines please") gives them in order; the rest of an unstructured
 * reply is the answer to question 4.
 *
 * A reply to feedback is free text, with a signal: acknowledgement ("thanks,
 * got it", "makes sense", "will do", "verstanden", "d'accord", "entendido",
 * "begrepen") or disagreement ("I disagree", "that's not fair", "not
 * true", "sehe ich anders", "pas d'accord", "no estoy de acuerdo", "não
 * concordo", "niet mee eens"), MIXED when both, NONE when neither. The cues
 * found are returned with their offsets, so the digest can show why.
 *
 * Pure. Offsets are into the text given (the reply text).
 */
#ifndef RAPPORT_FEEDBACK_H
#define RAPPORT_FEEDBACK_H

#include <stddef.h>

#include "checkin.h"
#include "reply.h"

#define FEEDBACK_Q_CLARITY \
	"Clarity: do you know what is expected of you? (1\xe2\x80\x93" "5)"
#define FEEDBACK_Q_SUPPORT \
	"Support: do you get the help and answers you need? (1\xe2\x80\x93" "5)"
#define FEEDBACK_Q_WORKLOAD \
	"Workload: is the amount of work manageable? (1\xe2\x80\x93" "5)"
#define FEEDBACK_Q_BETTER \
	"What could {{manager.first_name}} do better, or differently?"

enum feedback_key {			/* question N is key N-1 */
	FEEDBACK_CLARITY,		/* "clarity", rating */
	FEEDBACK_SUPPORT,		/* "support", rating */
	FEEDBACK_WORKLOAD,		/* "workload", rating */
	FEEDBACK_BETTER,		/* "better", text */
	FEEDBACK_NKEYS
};
#define FEEDBACK_NRATINGS	3

struct feedback_rating {
	int			 value;		/* 1-5, 0 when not given */
	struct checkin_span	 span;
};

struct feedback_survey {
	struct feedback_rating	 ratings[FEEDBACK_NRATINGS];
	struct checkin_section	 better;	/* question 4 */
	struct checkin_section	 notes;		/* words that belong to no question */
	int			 layout;	/* OR of enum sections_how */
	struct checkin_concern	*concerns;	/* owned */
	size_t			 nconcerns;
	int			 concerns_truncated;
};

/*
 * Parse a survey reply; text/body/segs as for checkin_parse(). ck is NULL,
 * or checkin_parse()'s result for the same text: its words of concern are
 * copied rather than looked for again. Returns 0, or -1 on allocation
 * failure (*errp set, out empty). Free with feedback_survey_free().
 */
int	 feedback_survey_parse(const char *text, size_t len, const char *body,
	    size_t body_len, const struct reply_seg *segs, size_t nsegs,
	    const struct checkin *ck, struct feedback_survey *out,
	    const char **errp);
void	 feedback_survey_free(struct feedback_survey *);
const char *feedback_key_name(enum feedback_key);	/* "clarity" */
const char *feedback_question(enum feedback_key);	/* FEEDBACK_Q_* */

enum feedback_signal {
	FEEDBACK_NONE,
	FEEDBACK_ACK,
	FEEDBACK_DISAGREE,
	FEEDBACK_MIXED
};

#define FEEDBACK_CUES	8

struct feedback_cue {
	const char		*term;		/* static: the folded phrase */
	int			 disagree;
	struct checkin_span	 span;
};

struct feedback_reply {
	enum feedback_signal	 signal;
	struct feedback_cue	 cues[FEEDBACK_CUES];	/* the first ones found */
	size_t			 ncues;
};

/* The signal in a reply to feedback (text is the reply text). Never fails. */
void	 feedback_reply_parse(const char *text, size_t len,
	    struct feedback_reply *out);
const char *feedback_signal_name(enum feedback_signal);	/* "ack" */

#endif
