/*
 * schedule.h: what is due, for whom, when. Each person's check-ins follow
 * an RRULE in their own zone; working days and hours, pauses and a daily
 * cap are hard limits: a due email waits for the next allowed minute.
 *
 * Due items (one of each per period, never two):
 *  - check-in: the latest occurrence of the person's rule, once per ISO week;
 *  - reminder: one, after [schedule] reminder_after of working time without
 *    an answer, unless the person is away (an out-of-office reply);
 *  - follow-up: the working morning after a task's due date passes;
 *  - survey: the monthly "how can I support you better?", per [schedule] survey;
 *  - review: the weekly 1:1 invite for the next week, once the week's
 *    check-in is answered (or its reminder went unanswered); the monthly
 *    review in the first week of the month;
 *  - digest: the manager's, per [manager] digest, in the manager's zone.
 *
 * schedule_tick() creates what is due now and queues its email, each item
 * in one transaction with its outbox row. schedule_plan() only looks.
 */
#ifndef RAPPORT_SCHEDULE_H
#define RAPPORT_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "worktime.h"

struct config;
struct db;
struct person;

enum sched_kind {
	SCHED_CHECKIN, SCHED_REMINDER, SCHED_FOLLOWUP, SCHED_SURVEY, SCHED_REVIEW,
	SCHED_MONTHLY_REVIEW, SCHED_DIGEST
};

struct sched_item {
	enum sched_kind	 kind;
	int64_t		 person_id;	/* -1 for the digest */
	int64_t		 ref;		/* check-in / task id, or -1 */
	time_t		 due;		/* when it became due */
	time_t		 send_at;	/* the first allowed minute at or after due */
	char		 period[16];	/* "2026-W48", "2026-11", or a due date */
	char		 what[160];	/* a short description for `rapport schedule` */
};

struct tick_stats {
	unsigned	queued[SCHED_DIGEST + 1];
	unsigned	capped;		/* deferred by the daily cap */
	unsigned	errors;
};

const char	*sched_kind_name(enum sched_kind);

/* The person's work time (zone, days, hours, pause), for worktime.h. */
void	 schedule_worktime(const struct person *, struct wt_pause *, struct worktime *);
/* The manager's. */
int	 schedule_manager_worktime(const struct config *, struct worktime *);

/* Add `seconds` of working time to t. 0, or -1 when there is no working time. */
int	 schedule_working_add(const struct worktime *, time_t t, long seconds, time_t *out);

/* Emails this person was sent (or has queued) in their local day around t. */
int	 schedule_sent_today(struct db *, const struct person *, time_t t, int64_t *n);

/* May this person get an email now? 1 yes; 0 not now (hours, pause or the
 * daily cap, counted in ts->capped when ts is not NULL). */
int	 schedule_may_send(struct db *, const struct config *, const struct person *, time_t now,
	    struct tick_stats *ts);

/* The next items per person (and the digest) after now; caller frees *items. */
int	 schedule_plan(struct db *, const struct config *, time_t now,
	    struct sched_item **items, size_t *n);

/* Create and queue everything due at now. -1 only on a database error. */
int	 schedule_tick(struct db *, const struct config *, time_t now, struct tick_stats *);

#endif
