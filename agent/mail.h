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

struct config;
struct db;
struct person;
struct task;

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
