/*
 * digest.h: the manager's weekly digest, and the weekly figures behind it
 * (which `rapport report` shows over a range of weeks).
 *
 * Weeks. The digest covers one ISO week, named "2026-W48" and taken in the
 * manager's zone for the digest as a whole (when it is due, inbound mail
 * problems). Each person's part covers that person's own ISO week of the
 * same name, in their zone: a check-in answered on Sunday 23:30 in Sydney
 * belongs to that Sydney week, whatever the manager's clock says.
 * Everything that depends on "as of" (overdue, the next review, whether an
 * invite went unanswered) is judged at the end of the person's week, so a
 * digest for a past week prints the same whenever it is asked for, except
 * for answers that arrived late.
 *
 * "Needs attention", one rule each (enum dg_rule). A rule is evaluated for
 * every week, so the report can show it over a range:
 *  DG_SILENT   the two latest check-ins (the latest no older than the week
 *              before) are both unanswered;
 *  DG_MOOD     mood is at least 2 below the average of the person's moods
 *              in the 4 weeks before (at least one of them answered);
 *  DG_MISSED   a deadline was missed this week, and another one in the 30
 *              days before it (task_history kind 'missed');
 *  DG_CONCERN  an answer of this week carries words of concern or conflict
 *              (answers key 'concern', found by the reply parser);
 *  DG_REVIEW   a review starting this week or next was declined, or its
 *              invite is 48 hours old without an answer;
 *  DG_BOUNCE   the latest email to the person (within 30 days) bounced or
 *              failed for good;
 *  DG_INBOX    a message from the person this week was quarantined or
 *              could not be read.
 *
 * "To celebrate": goals reached this week, tasks finished on time or early,
 * answer streaks at 4, 8, 13, 26 and 52 weeks (and every 52 after), and
 * praise or kudos the person received; each with a suggestion (a ready
 * `kudos NAME: ...` line the manager can send back).
 *
 * Quotes are the person's own words, cut at a word boundary with an
 * ellipsis when long (DG_QUOTE_MAX), never rewritten.
 *
 * Ownership: digest_build() returns a digest the caller frees with
 * digest_free(); every string in it belongs to it. digest_weeks() returns
 * an array the caller frees with free().
 */
#ifndef RAPPORT_DIGEST_H
#define RAPPORT_DIGEST_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct config;
struct db;
struct mvalue;
struct person;

#define DG_TREND_WEEKS	8	/* hours and mood trends */
#define DG_LOOKBACK	4	/* weeks before a range that the rules look at */
#define DG_QUOTE_MAX	320	/* bytes of one quoted answer */
#define DG_NOTE_QUOTE	160	/* bytes of a quote in a "needs attention" line */
#define DG_MAX_WEEKS	520	/* the longest range digest_weeks() accepts */

enum dg_rule {
	DG_SILENT	= 0x01,
	DG_MOOD		= 0x02,
	DG_MISSED	= 0x04,
	DG_CONCERN	= 0x08,
	DG_REVIEW	= 0x10,
	DG_BOUNCE	= 0x20,
	DG_INBOX	= 0x40
};
#define DG_NRULES	7

/* The short name of a rule ("silent", "mood", ...), for reports and JSON. */
const char	*digest_rule_name(unsigned rule);

enum dg_checkin { DG_NONE = 0, DG_SENT = 1, DG_ANSWERED = 2 };

/* One person's week: the figures the digest and the report show. */
struct dg_week {
	char		 period[12];	/* "2026-W48" */
	time_t		 start, end;	/* [start, end) in the person's zone */
	enum dg_checkin	 checkin;
	time_t		 answered_at;	/* 0 if not answered */
	double		 hours, hours_max;	/* NAN when not given; hours_max for a range */
	double		 mood;		/* 1-5, NAN when not given */
	int		 concerns;
	int		 tasks_done, tasks_on_time, tasks_due, missed;
	int		 goals_done;
	int		 fb_to, fb_from, praise;	/* feedback sent to / received from the person */
	unsigned	 attention;	/* DG_* rules that hold this week */
	/* why, for the rules that need a detail */
	double		 mood_avg;	/* DG_MOOD: the average it fell from */
	int64_t		 review_id;	/* DG_REVIEW */
	int		 review_declined;
	int64_t		 bounce_id;	/* DG_BOUNCE: the outbox row */
	int		 inbox_msgs;	/* DG_INBOX */
};

/*
 * The figures of n weeks for one person, the last being `last`
 * ("2026-W48"), oldest first. 0, or -1 on a database error or a bad
 * week / zone. *out has n entries; the caller frees it.
 */
int	 digest_weeks(struct db *, const struct person *, const char *last, int n,
	    struct dg_week **out);

/* --- the digest */

struct dg_note {		/* one "needs attention" or "to celebrate" line */
	int64_t		 person_id;	/* -1: not about one person (the inbox) */
	char		*person;	/* display name */
	unsigned	 rule;		/* DG_* for attention; 0 for celebrate */
	char		*text;		/* "mood 2/5, down from 4.3" */
	char		*quote;		/* the person's words, or NULL */
	char		*hint;		/* a suggestion: a command or a next step; may be NULL */
};

struct dg_task {
	int64_t		 id;
	char		*title;
	char		*state;		/* "done Thu Nov 26, 1 day early", "overdue since ..." */
	char		*reason;	/* the person's reason for a new date / blocker, or NULL */
	int		 kind;		/* DG_T_* */
	int		 on_time;	/* done on time or early */
};
#define DG_T_DONE	1	/* done this week */
#define DG_T_OVERDUE	2	/* open, due this week or before */
#define DG_T_MOVED	3	/* given a new date this week */
#define DG_T_DUE	4	/* due next week */

struct dg_goal {
	char		*title;
	char		*progress;	/* "18 / 20 emails in inbox", or "" */
	int		 percent;	/* 0-100 toward the target, -1 if unknown */
	int		 done;		/* reached this week */
};

struct dg_feedback {
	int		 to_person;	/* 1: the manager's, 0: the person's */
	char		*kind;		/* praise, constructive, kudos, reply */
	char		*when;		/* "Tue Nov 24" */
	char		*quote;
};

struct dg_answer {
	const char	*key;		/* wins, in_progress, blockers, next_week, support, notes */
	const char	*label;		/* "Wins this week" */
	char		*quote;
};

struct dg_person {
	int64_t		 id;
	char		*name;
	char		*first_name;	/* or the full name when the first name is shared */
	char		*tz;
	int		 is_new;	/* no check-in before this week */
	int		 paused;	/* paused at the end of the week */
	char		*status;	/* "answered Fri Nov 27 16:02 (Asia/Manila) / ..." */
	struct dg_week	 weeks[DG_TREND_WEEKS];	/* oldest first; the last is this week */
	struct dg_answer *answers;
	size_t		 nanswers;
	int		 blockers_none;
	int		 streak;	/* answered check-ins in a row, ending this week */
	struct dg_task	*tasks;
	size_t		 ntasks;
	int		 n_done, n_on_time, n_overdue, n_due, n_open_later;
	struct dg_goal	*goals;
	size_t		 ngoals;
	struct dg_feedback *feedback;
	size_t		 nfeedback;
	char		*review;	/* "1:1 Thu Dec 3 10:00 (...) / ...: accepted", or NULL */
	const char	*review_kind;	/* "1:1", "monthly review" */
	char		*review_when;	/* "Thu Dec 3 10:00 (Asia/Manila) / Thu Dec 3 03:00 (Europe/Rome)" */
	char		*review_rsvp;	/* "accepted", "declined", "no answer yet", "proposed ... instead" */
	char		*survey;	/* "November: clarity 4/5 · support 5/5 · workload 3/5", or NULL */
	char		*survey_comment;
};

struct dg_failure {		/* an email that could not be sent, this week */
	char		*to;
	char		*subject;
	char		*error;
};

struct digest {
	char		 period[12];
	char		 range[40];	/* "Nov 23 – Nov 29" */
	time_t		 start, end;	/* the week in the manager's zone */
	time_t		 now;
	char		*manager_tz;
	struct dg_person *people;
	size_t		 npeople;
	struct dg_note	*attention;
	size_t		 nattention;
	struct dg_note	*celebrate;
	size_t		 ncelebrate;
	struct dg_failure *failures;
	size_t		 nfailures;
	int		 answered, tasks_done, tasks_overdue;
};

/*
 * Gather the digest for week `period` ("2026-W48"; NULL: the week before
 * the one containing now, in the manager's zone). now is the time the
 * digest is made (it appears in no figure). Returns 0, -1 on a database
 * error, 1 on a bad week (why says so).
 */
int	 digest_build(struct db *, const struct config *, const char *period, time_t now,
	    struct digest **, char *why, size_t);
void	 digest_free(struct digest *);

/* The template data for the digest email (templates/README.md lists it);
 * adds to base (from mail_base_data()). */
void	 digest_data(const struct digest *, struct mvalue *base);

/* Render the digest's subject, text and HTML (each malloc'ed, caller frees). */
int	 digest_render(const struct digest *, const struct config *, char **subject,
	    char **text, char **html, char *err, size_t);

/*
 * The scheduled send, from schedule_tick() (through mail_tick_digest()):
 * once the latest occurrence of the manager's digest rule (in the manager's
 * zone) has passed, by no more than 3 days, and no digest for the ISO week
 * before it has been recorded, build it, queue it to the manager and record
 * it in `digests`, in one transaction. Nothing is sent while no one who was
 * already added at that occurrence is active. *queued is incremented when
 * one was queued.
 */
int	 digest_tick(struct db *, const struct config *, time_t now, unsigned *queued);

/*
 * Build and queue the digest for `period` (NULL: last week) to the manager,
 * in the caller's transaction; with record, also the `digests` row that
 * stops the scheduled send from repeating it (an on-demand digest — the
 * manager's "digest" command — is not recorded). 0, or -1 (err says why).
 */
int	 digest_queue(struct db *, const struct config *, const char *period, time_t now,
	    int record, char *err, size_t errlen);

/* The week before the one containing t, in zone tz ("2026-W47"). 0 or -1. */
int	 digest_prev_week(const char *tz, time_t t, char *buf, size_t len);
/* Label arithmetic: the week `delta` weeks from `label`. 0 or -1. */
int	 digest_week_add(const char *label, int delta, char *buf, size_t len);

/* The person's own words at most max bytes long: cut at a word boundary,
 * never inside a UTF-8 sequence, with "…" when cut; surrounding blank
 * space trimmed. Caller frees. */
char	*digest_quote(const char *text, size_t max);

#endif
