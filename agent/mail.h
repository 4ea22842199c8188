/*
 * mail.h: the emails rapport sends, from "this is due" to a row in the
 * outbox: gather the template data, render (templates.c), build the MIME
 * (compose.c) with a Message-ID that names what it is about, and enqueue
 * (outbox.c) — all inside the caller's transaction, so the state change
 * that caused an email and the email itself commit together.
 *
 * Every function returns 0, or -1 (db_errmsg() or the log says why).
 */
#ifndef RAPPORT_MAIL_H
#define RAPPORT_MAIL_H

#include <stdint.h>
#include <time.h>

#include "compose.h"

struct config;
struct db;
struct mvalue;
struct person;
struct task;

/* One email to queue: fill the inputs, mail_queue() fills the outputs. */
struct mail_out {
	const char		*kind;		/* outbox kind: checkin, review, digest, ... */
	int64_t			 ref;		/* what it is about (check-in id, review id), or -1 */
	const struct person	*person;	/* the recipient; NULL: the manager */
	const char		*tmpl;		/* template name (templates.h) */
	const char		*in_reply_to;	/* "<...>" or NULL */
	const char		*calendar;	/* iCalendar text to attach, or NULL */
	const char		*calendar_method;	/* "REQUEST", "CANCEL" */
	time_t			 now;
	int			 auto_replied;	/* answers the recipient's mail (RFC 3834) */
	int64_t			 outbox_id;	/* out */
	char			 message_id[COMPOSE_MSGID_MAX];	/* out, "<...>" */
};

/* The template data every email gets: person (may be NULL), manager, agent.
 * The caller adds its own keys and frees it with mv_free(). */
struct mvalue	*mail_base_data(const struct config *, const struct person *);
/* Render o->tmpl with data, build the MIME, and enqueue it (caller's transaction). */
int	 mail_queue(struct db *, const struct config *, struct mail_out *, const struct mvalue *data);

int	 mail_checkin(struct db *, const struct config *, const struct person *,
	    int64_t checkin_id, const char *period, time_t now);
int	 mail_reminder(struct db *, const struct config *, const struct person *,
	    int64_t checkin_id, time_t now);
int	 mail_followup(struct db *, const struct config *, const struct person *,
	    const struct task *, time_t now);
int	 mail_survey(struct db *, const struct config *, const struct person *,
	    int64_t survey_id, const char *month, time_t now);
/* Praise or constructive feedback from the manager; records the feedback row. */
int	 mail_feedback(struct db *, const struct config *, const struct person *,
	    const char *kind, const char *text, time_t now, int64_t *feedback_id);

/* Weekly and monthly review invites that are due for this person; *queued counts them. */
int	 mail_tick_reviews(struct db *, const struct config *, const struct person *,
	    time_t now, unsigned *queued);
/* The manager's digest when it is due; *queued counts it. */
int	 mail_tick_digest(struct db *, const struct config *, time_t now, unsigned *queued);

/* "Fri Dec 4" / "Fri Dec 4 15:00" in a zone (buf >= 32). */
void	 mail_fmt_date(const char *tz, time_t t, int with_time, char *buf, size_t len);
/* The first word of a name ("Anna" for "Anna Lee"); buf >= 64. */
void	 mail_first_name(const char *name, char *buf, size_t len);

#endif
