/*
 * checkin.h: a person's answers to the weekly check-in, read from their
 * reply: answers by section, blockers "none", hours, mood, task updates and
 * words of concern. Every value carries offsets into the reply text (the
 * text given to checkin_parse(), i.e. reply->text), so the digest can quote
 * it.
 *
 * THE CONTRACT WITH THE CHECK-IN TEMPLATE (templates/_questions.*). The
 * check-in email shows these questions, numbered 1-7 in this order, one per
 * line, each line "N. " followed by the text below (CHECKIN_Q_*, the
 * questions of DESIGN.md; checkin_question() returns them). A hint may
 * follow on the same line after ':' or '-' or on the next line. The parser
 * finds the answers
 *  - under each quoted question (inline replies: it recognises a quoted
 *    line that starts with the question's number or its first words),
 *  - after "N." / "N)" at the start of a line (top-posted numbered answers),
 *  - after the person's own headings in English, German, French, Spanish,
 *    Portuguese or Dutch ("Wins:", "Blocked on:", "Done this week",
 *    "Plans:", "Erfolge:", "Blocages :", "Logros:", "Planos:", "Uren: 32"),
 * and anything else is notes. See sections.h for the exact rules.
 * Open tasks are listed in the email as "#12 Prepare Q4 report — due Fri
 * Dec 4"; a task update may be written anywhere (see checkin_task_updates).
 *
 * Limits: at most LIMIT_ANSWERS task updates and LIMIT_ANSWERS concerns per
 * reply (the *_truncated flags say more were present); reasons are capped
 * at CHECKIN_REASON_MAX bytes.
 *
 * Pure (libical only for the zone of relative dates). Linear in the input.
 */
#ifndef RAPPORT_CHECKIN_H
#define RAPPORT_CHECKIN_H

#include <stddef.h>
#include <time.h>

#include "dates.h"
#include "reply.h"
#include "sections.h"

#define CHECKIN_Q_WINS		"Wins this week"
#define CHECKIN_Q_IN_PROGRESS	"In progress"
#define CHECKIN_Q_BLOCKERS	"Blockers"
#define CHECKIN_Q_NEXT_WEEK	"Plan for next week"
#define CHECKIN_Q_HOURS		"Hours worked"
#define CHECKIN_Q_MOOD		"Mood (1\xe2\x80\x93" "5)"	/* en dash */
#define CHECKIN_Q_SUPPORT	"Anything you need from me"

enum checkin_key {			/* question N is key N-1 */
	CHECKIN_WINS,			/* "wins" */
	CHECKIN_IN_PROGRESS,		/* "in_progress" */
	CHECKIN_BLOCKERS,		/* "blockers" */
	CHECKIN_NEXT_WEEK,		/* "next_week" */
	CHECKIN_HOURS,			/* "hours" */
	CHECKIN_MOOD,			/* "mood" */
	CHECKIN_SUPPORT,		/* "support" */
	CHECKIN_NKEYS
};

#define CHECKIN_SPANS		8	/* spans kept per section */
#define CHECKIN_REASON_MAX	500	/* bytes of one task update's reason */

struct checkin_span {
	size_t	 start, end;		/* bytes in the reply text */
};

struct checkin_section {
	char			*text;	/* owned; NULL when not answered */
	struct checkin_span	 spans[CHECKIN_SPANS];	/* where each part came from */
	size_t			 nspans;
	int			 how;	/* OR of enum sections_how */
};

struct checkin_hours {
	int			 present;
	int			 range;		/* min/max, else value */
	double			 value, min, max;
	struct checkin_span	 span;
};

enum checkin_mood_from {
	CHECKIN_MOOD_NUMBER,	/* "4", "4/5", "4 out of 5", "8/10" */
	CHECKIN_MOOD_WORD,	/* "pretty good", "gut", "bof" */
	CHECKIN_MOOD_EMOJI	/* 🙂, :-) */
};

struct checkin_mood {
	int			 value;		/* 1-5, 0 when none */
	enum checkin_mood_from	 from;
	struct checkin_span	 span;
};

enum checkin_task_status {
	CHECKIN_TASK_DONE,	/* "#12 done", "done #12", "#12 ✅" */
	CHECKIN_TASK_NOT_DONE,	/* "#12 not done": a correction */
	CHECKIN_TASK_PROGRESS,	/* "#12 50%", "#12 in progress" */
	CHECKIN_TASK_NEW_DATE,	/* "#12 new date Dec 8: reason" */
	CHECKIN_TASK_BLOCKED	/* "#12 blocked: reason", "#12 waiting on X" */
};

struct checkin_task_update {
	long			 id;
	enum checkin_task_status status;
	int			 percent;	/* PROGRESS: 0-100, or -1 */
	int			 has_date;	/* NEW_DATE: date is set */
	struct dates_match	 date;		/* status may be PAST or AMBIGUOUS */
	char			*reason;	/* owned; NULL when none */
	int			 unknown_id;	/* not among the open ids given */
	struct checkin_span	 span;		/* the whole update */
	struct checkin_span	 reason_span;
};

struct checkin_concern {
	const char		*term;	/* static: the folded phrase matched */
	struct checkin_span	 span;
};

struct checkin {
	struct checkin_section	 sections[CHECKIN_NKEYS];
	struct checkin_section	 notes;		/* words that belong to no section */
	int			 layout;	/* OR of enum sections_how */
	int			 blockers_none;
	struct checkin_span	 blockers_none_span;
	struct checkin_hours	 hours;
	struct checkin_mood	 mood;
	struct checkin_task_update *updates;	/* owned */
	size_t			 nupdates;
	int			 updates_truncated;
	struct checkin_concern	*concerns;	/* owned */
	size_t			 nconcerns;
	int			 concerns_truncated;
};

struct checkin_ctx {
	time_t		 date;		/* the reply's Date: relative dates start here */
	const char	*tzid;		/* the person's zone; NULL = UTC */
	const long	*open_ids;	/* the person's open task ids, or NULL: any */
	size_t		 nopen_ids;
};

/*
 * Parse a check-in reply. text/len is the reply text (reply->text); body and
 * segs are the original body and reply->segs, or NULL/0 when the input is
 * plain text. Returns 0; or -1 with *errp set to a static message (unknown
 * zone, out of memory), out then empty. Free out with checkin_free().
 */
int	 checkin_parse(const char *text, size_t len, const char *body,
	    size_t body_len, const struct reply_seg *segs, size_t nsegs,
	    const struct checkin_ctx *, struct checkin *out, const char **errp);
void	 checkin_free(struct checkin *);

const char *checkin_key_name(enum checkin_key);		/* "in_progress" */
const char *checkin_question(enum checkin_key);		/* CHECKIN_Q_* */
const char *checkin_task_status_name(enum checkin_task_status);	/* "new_date" */

/*
 * The pieces, for the receipt-correction commands (commands.h) and the
 * survey. All read s[start, end) only.
 *
 * Task updates in s[start, end): "#12 done", "done #12", "#12 finished",
 * "#12 50%", "#12 at 80% complete", "#12 in progress",
 * "#12 new date Dec 8: waiting on client", "#12 moved to Friday because ...",
 * "#12 blocked: reason", "#12 waiting on the client", "#12 not done",
 * "#12 and #13 done", "#12 ✅", and the same in the other five languages. Not
 * an update: "#1 priority is the client", "is #12 done?". Appends to the
 * array *v of *n updates, which must be NULL/0 or come from this function
 * (it grows it with realloc; the caller frees each update's reason with
 * checkin_task_update_free() and then *v). At most LIMIT_ANSWERS in all.
 * Returns 0, or -1 on allocation failure.
 */
int	 checkin_task_updates(const char *s, size_t start, size_t end,
	    const struct dates_ref *, const long *open_ids, size_t nopen,
	    struct checkin_task_update **v, size_t *n, int *truncated);
void	 checkin_task_update_free(struct checkin_task_update *);

/* Hours in s[start, end): in an answer to the hours question (lenient) a
 * bare number counts ("32", "~30", "30-35", "32,5"); elsewhere (strict) only
 * "worked about 32 hours", "32h total" and similar. Returns 1 if found. */
int	 checkin_hours_in(const char *s, size_t start, size_t end, int lenient,
	    struct checkin_hours *);
/* Mood 1-5 in s[start, end): lenient in the mood answer; strict elsewhere
 * ("mood: 4", "my mood is good"). Returns 1 if found. */
int	 checkin_mood_in(const char *s, size_t start, size_t end, int lenient,
	    struct checkin_mood *);
/* A rating 1-5 ("4", "4/5", "4 out of 5", "8/10"); 1 if found. */
int	 checkin_rating_in(const char *s, size_t start, size_t end,
	    int *value, struct checkin_span *);
/* Words of concern in s[start, end) ("burned out", "overwhelmed", "conflict
 * with", "thinking of quitting", "unfair", "stressed", "überfordert",
 * "épuisé", "agobiado", "sobrecarregado", "overspannen" ...), not after a
 * negation ("not stressed", "no conflict with"). Appends like
 * checkin_task_updates(), at most LIMIT_ANSWERS; the caller frees *v. */
int	 checkin_concerns(const char *s, size_t start, size_t end,
	    struct checkin_concern **v, size_t *n, int *truncated);
/* "none", "n/a", "nothing", "no blockers", "-", "keine", "rien", "nada"... */
int	 checkin_is_none(const char *s, size_t start, size_t end);

#endif
