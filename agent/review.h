/*
 * review.h: 1:1 and monthly review meetings over iCalendar (issue 6).
 *
 * A review is one row of the reviews table and one calendar object: a
 * single VEVENT (no RRULE) whose UID is stable per person and week
 * ("weekly", period "2026-W49", the ISO week of the meeting in the
 * person's zone) or per person and month ("monthly", period "2026-12").
 * ORGANIZER is the agent's From address ([smtp] from, else [agent]
 * address) with CN = the manager's name, so that calendar replies come
 * back to the mailbox rapport reads; the attendees are the person and the
 * manager. The same calendar goes to each attendee as its own email
 * (mail_queue(), kind "review", ref = the review id), in the transaction
 * that writes the row.
 *
 * Changes follow RFC 5546: a reschedule is a REQUEST with the same UID and
 * SEQUENCE+1; a cancel is a CANCEL with STATUS:CANCELLED and SEQUENCE+1;
 * scheduling a cancelled period again revives its row (same UID, SEQUENCE+1).
 * rapport never sends DECLINECOUNTER: a counter-proposal is accepted with
 * review_accept_counter() or left alone.
 *
 * When: the weekly 1:1 for ISO week W+1 is scheduled once the person's
 * check-in for week W is answered, or its reminder has gone unanswered
 * for [schedule] reminder_after of working time; the monthly review is
 * scheduled in the first working week of the month, within 14 days. Slots
 * come from invite_find_slot() inside both people's working hours, with
 * the person's review_pref ("FR 15:00") as the preference, and never on
 * top of another scheduled review of the manager's.
 *
 * All functions run inside the caller's transaction unless said otherwise,
 * and return 0, 1 for a refusal of the user's request (why says what to
 * do), or -1 on a database or internal error (db_errmsg() or the log).
 */
#ifndef RAPPORT_REVIEW_H
#define RAPPORT_REVIEW_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct config;
struct db;
struct jp;
struct mvalue;
struct person;
struct record_result;

#define REVIEW_LEAD		(2 * 3600)	/* an invite comes at least this early */
#define REVIEW_MONTHLY_WINDOW	(14 * 86400)	/* the monthly review lies within */
#define REVIEW_MONTHLY_STALE	(7 * 86400)	/* first working week of the month */
#define REVIEW_ITEM_MAX		400u		/* bytes of one agenda line */
#define REVIEW_SECTION_ITEMS	12u		/* lines of one agenda section */

enum review_kind { REVIEW_WEEKLY, REVIEW_MONTHLY };

struct review {
	int64_t	 id;
	int64_t	 person_id;
	enum review_kind kind;
	char	 period[16];		/* "2026-W49" or "2026-12" */
	char	*uid;
	long	 sequence;
	time_t	 start, end;
	char	*tz;			/* the zone DTSTART/DTEND are written in */
	char	 status[16];		/* "scheduled" or "cancelled" */
	char	*agenda;		/* the DESCRIPTION, or NULL */
	int64_t	 outbox_id;		/* the person's copy of the last email, or -1 */
	time_t	 created_at, updated_at;
};

/* Fields are owned by the struct; review_clear() frees them. */
void	 review_clear(struct review *);
const char *review_kind_name(enum review_kind);	/* "weekly", "monthly" */
/* 0 found, 1 none, -1 error. */
int	 review_load(struct db *, int64_t id, struct review *);
int	 review_by_uid(struct db *, const char *uid, struct review *);

/*
 * The agenda: titled sections of one-line items. As text (the DESCRIPTION
 * and reviews.agenda) it is an optional intro line, then per section a
 * "Title:" line and "- item" lines, separated by blank lines; the text
 * form reads back with review_agenda_parse(), which is how a reschedule
 * re-sends the agenda it first sent.
 */
struct review_section {
	char	*title;
	char	*items[REVIEW_SECTION_ITEMS];
	size_t	 nitems;
};

struct review_agenda {
	char			*intro;
	struct review_section	*sections;
	size_t			 nsections;
};

void	 review_agenda_free(struct review_agenda *);
/* The weekly agenda from the check-in of ISO week `period` ("2026-W48"),
 * the mood trend of the weeks before it, overdue tasks (with the reasons
 * given in task_history) and open goals, as of now. */
int	 review_agenda_weekly(struct db *, const struct person *, const char *period,
	    time_t now, struct review_agenda *);
/* The monthly prep: goals and progress, missed deadlines, feedback both ways
 * in the month before `month` ("2026-12"), the latest survey answers, and
 * the prep questions. */
int	 review_agenda_monthly(struct db *, const struct config *, const struct person *,
	    const char *month, time_t now, struct review_agenda *);
/* Text form; the caller frees it. */
char	*review_agenda_text(const struct review_agenda *);
/* Parse the text form back (never fails; unknown lines become the intro). */
void	 review_agenda_parse(const char *text, struct review_agenda *);
/* Template data: has_agenda, agenda_intro, agenda [title, items [text]]. */
void	 review_agenda_data(const struct review_agenda *, struct mvalue *map);

/* "Thu Dec 3, 10:00–10:30 (Asia/Manila)" (buf >= 96). */
void	 review_fmt_when(const char *tz, time_t start, time_t end, char *buf, size_t len);

/* "FR 15:00" -> 5 (0 = Sunday) and 900 minutes; -1/-1 when unset or bad. */
void	 review_parse_pref(const char *pref, int *wday, int *min);

/*
 * The earliest slot of `minutes` in [from, to) inside both people's working
 * hours, off the person's pause and every other scheduled review (any
 * person's: the manager attends them all) except review `exclude` (-1: none).
 * 0 and *start; 1 when there is none; -1 on error.
 */
int	 review_find_slot(struct db *, const struct config *, const struct person *,
	    int minutes, time_t from, time_t to, int64_t exclude, time_t *start);
/* 0 if [start, end) lies inside both people's working days and hours (and
 * outside the person's pause); else 1 and a sentence in why. */
int	 review_slot_ok(const struct config *, const struct person *, time_t start,
	    time_t end, char *why, size_t);

/*
 * A meeting time from the command line, in zone tz: "2026-12-03T10:00",
 * "2026-12-03 10:00" (seconds ":00" allowed), or either with "Z" or
 * "+05:30" for an absolute instant. A local time that a DST change skips
 * is refused. 0, or -1 and why.
 */
int	 review_parse_time(const char *s, const char *tz, time_t *out, char *why, size_t);

/* Schedule (or revive) the review of this kind for the period of `start`
 * (weekly: its ISO week; monthly: its month), and queue the invites.
 * minutes <= 0: the configured length. 1 if that period already has a
 * scheduled review (why names it). */
int	 review_schedule(struct db *, const struct config *, const struct person *,
	    enum review_kind, time_t start, int minutes, time_t now, int64_t *id,
	    char *why, size_t);
/* Reschedule (SEQUENCE+1, same length unless end > start). */
int	 review_move(struct db *, const struct config *, int64_t id, time_t start,
	    time_t end, time_t now, char *why, size_t);
int	 review_cancel(struct db *, const struct config *, int64_t id, time_t now,
	    char *why, size_t);
/* The latest current counter-proposal for review id: 1 found (*end 0 when it
 * names no end), 0 none, -1 database error. rsvp may be NULL. */
int	 review_counter(struct db *, int64_t id, int64_t *rsvp, time_t *start, time_t *end);
/* Reschedule to the latest current counter-proposal; 1 if there is none. */
int	 review_accept_counter(struct db *, const struct config *, int64_t id, time_t now,
	    char *why, size_t);

/*
 * What is due for this person at now (the schedule's tick, through
 * mail_tick_reviews()): the weekly 1:1 and the monthly review, each in its
 * own transaction (the caller must not hold one). *queued counts reviews
 * scheduled. -1 only on a database error.
 */
int	 review_tick(struct db *, const struct config *, const struct person *, time_t now,
	    unsigned *queued);

/*
 * An inbound iTIP message (class "itip" in the parse document), inside
 * the caller's transaction: find the review by UID (and RECURRENCE-ID, if
 * any, which must be the review's start), check that the sender and the
 * ATTENDEE are on the invite (the person's address or an alias, or the
 * manager), else quarantine; store a REPLY or COUNTER in rsvps ('stale'
 * when its SEQUENCE is below the review's, so it overrides nothing).
 * Other methods are ignored with the reason. Fills res (state, why,
 * person, thread "review"); the caller writes the messages row.
 */
int	 review_record_itip(struct db *, const struct config *, int64_t message_row,
	    const struct jp *doc, struct record_result *res);

#endif
