/* actions.c: carry out the command language; see actions.h. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "actions.h"
#include "digest.h"
#include "caps.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "jsonp.h"
#include "lex.h"
#include "log.h"
#include "mail.h"
#include "mustache.h"
#include "people.h"
#include "record.h"
#include "review.h"
#include "strbuf.h"
#include "tasks.h"
#include "util.h"
#include "validate.h"
#include "worktime.h"

#define LINE_SHOWN	100	/* bytes of a command line quoted back */
#define TITLE_SHOWN	80	/* bytes of a task title in a confirmation */
#define TEXT_SHOWN	160	/* bytes of praise or an answer in a confirmation */
#define SUBJECT_SHOWN	60	/* bytes of the command in the subject */
#define NAME_EDITS	2	/* a name this close to a person's is a typo */
#define IDS_SHOWN	6	/* open task ids listed after "no task #ID" */
#define STATUS_TASKS	8	/* tasks listed by `status NAME` */
#define SUGGEST_DAYS	7	/* a suggested new date is this far from now */

/* One command being carried out. */
struct run {
	const struct actions_ctx	*ctx;
	const char			*text;
	const struct command		*cmd;
	struct actions_result		*res;
	char				*line;		/* the command's line, as written */
	struct strbuf			 why;		/* a refusal: why */
	struct strbuf			 sugg;		/* and the closest valid form */
};

/* ---- small helpers ---- */

/* s[0, n) cut to at most max bytes on a UTF-8 boundary, "…" when cut. Caller frees. */
static char *
clip(const char *s, size_t n, size_t max)
{
	char	*r;
	size_t	 k;

	if (n <= max)
		return xstrndup(s, n);
	for (k = max; k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80; k--)
		;
	r = xmalloc(k + 4);
	memcpy(r, s, k);
	memcpy(r + k, "\xe2\x80\xa6", 4);
	return r;
}

static void
push(char ***v, size_t *n, char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = s;
}

static void done_line(struct run *, const char *, ...) __attribute__((format(printf, 2, 3)));

static void
done_line(struct run *r, const char *fmt, ...)
{
	struct strbuf	sb = STRBUF_INIT;
	va_list		ap;

	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	push(&r->res->done, &r->res->ndone, xstrdup(sb_str(&sb)));
	sb_free(&sb);
}

static int refuse(struct run *, const char *, ...) __attribute__((format(printf, 2, 3)));

/* Say why the command is refused; returns 1. */
static int
refuse(struct run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&r->why, fmt, ap);
	va_end(ap);
	return 1;
}

/* "“LINE”: WHY; did you mean `SUGG`?" */
static void
error_line(struct actions_result *res, const char *line, size_t len, const char *why,
    const char *sugg)
{
	char *l = clip(line, len, LINE_SHOWN);

	if (sugg != NULL && *sugg != '\0')
		push(&res->errors, &res->nerrors,
		    xasprintf("\xe2\x80\x9c%s\xe2\x80\x9d: %s; did you mean `%s`?", l, why, sugg));
	else
		push(&res->errors, &res->nerrors, xasprintf("\xe2\x80\x9c%s\xe2\x80\x9d: %s", l, why));
	free(l);
}

/* "Fri Dec 4" for a YYYY-MM-DD day (noon in the zone avoids DST edges). */
static void
fmt_day(const char *tz, const char *day, char *buf, size_t len)
{
	mail_fmt_date(tz, zone_instant(tz, day, 12 * 60), 0, buf, len);
}

/* "Dec 11": days from t in zone tz, as the command language reads it back. */
static void
fmt_ahead(const char *tz, time_t t, int days, char *buf, size_t len)
{
	char day[16], full[32];

	zone_date(tz, t, day, sizeof(day));
	mail_fmt_date(tz, zone_instant(tz, day, 12 * 60) + (time_t)days * 86400, 0, full, sizeof(full));
	strlcpy_r(buf, strlen(full) > 4 ? full + 4 : full, len);
}

static void
fmt_num(double v, char *buf, size_t len)
{
	snprintf(buf, len, "%g", v);
}

/* Lower-case ASCII copy, for comparing names with lex_distance(). */
static void
fold_name(const char *s, char *buf, size_t len)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i + 1 < len; i++)
		buf[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
	buf[i] = '\0';
}

/* line with the first occurrence of old (case-insensitive) replaced by new; NULL if absent. */
static char *
replace_in(const char *line, const char *old, const char *new)
{
	size_t	n = strlen(old), i;

	if (n == 0)
		return NULL;
	for (i = 0; line[i] != '\0'; i++)
		if (strncasecmp(line + i, old, n) == 0)
			return xasprintf("%.*s%s%s", (int)i, line, new, line + i + n);
	return NULL;
}

/* ---- people ---- */

/* The active person whose name or first name is closest to name (within
 * NAME_EDITS), into buf; 0 found, 1 none, -1 error. */
static int
closest_person(struct db *db, const char *name, char *buf, size_t len)
{
	struct person	*v;
	size_t		 n, i;
	char		 want[128], full[128], first[64];
	int		 d, best = NAME_EDITS + 1;

	if (person_list(db, 0, &v, &n) == -1)
		return -1;
	fold_name(name, want, sizeof(want));
	for (i = 0; i < n; i++) {
		fold_name(v[i].name, full, sizeof(full));
		mail_first_name(full, first, sizeof(first));
		d = lex_distance(want, full, NAME_EDITS);
		if (lex_distance(want, first, NAME_EDITS) < d)
			d = lex_distance(want, first, NAME_EDITS);
		if (d < best && (size_t)d < strlen(want)) {
			best = d;
			strlcpy_r(buf, v[i].name, len);
		}
	}
	person_list_free(v, n);
	return best <= NAME_EDITS ? 0 : 1;
}

/* The active person a command names; 1 refused (why, and the closest name). */
static int
find_person(struct run *r, const char *name, struct person *p)
{
	char	why[256], best[128], *s;
	int	rc;

	memset(p, 0, sizeof(*p));
	if (name == NULL)
		return refuse(r, "whose? the name is missing");
	if ((rc = person_find(r->ctx->db, name, p, why, sizeof(why))) == -1)
		return -1;
	if (rc == 0 && !p->active) {
		refuse(r, "%s was removed", p->name);
		person_clear(p);
		return 1;
	}
	if (rc == 0)
		return 0;
	if ((rc = closest_person(r->ctx->db, name, best, sizeof(best))) == -1)
		return -1;
	if (rc == 0 && (s = replace_in(r->line, name, best)) != NULL) {
		sb_adds(&r->sugg, s);
		free(s);
	}
	if (strstr(why, "matches") != NULL)
		return refuse(r, "\xe2\x80\x9c%s\xe2\x80\x9d is more than one person: use the full name", name);
	return refuse(r, "no one called \xe2\x80\x9c%s\xe2\x80\x9d", name);
}

/* ---- tasks ---- */

/* The open task whose id reads closest to id (by digits, then by value),
 * among person's (-1: everyone's); *list gets up to IDS_SHOWN ids. */
static int
closest_task(struct db *db, int64_t person, long id, int64_t *best, struct strbuf *list)
{
	struct task	*v;
	size_t		 n, i;
	char		 want[24], have[24];
	int		 d, bd = 99;
	long long	 gap, bgap = 0;

	*best = -1;
	if (task_list(db, person, TASK_OPEN, NULL, &v, &n) == -1)
		return -1;
	snprintf(want, sizeof(want), "%ld", id);
	for (i = 0; i < n; i++) {
		snprintf(have, sizeof(have), "%lld", (long long)v[i].id);
		d = lex_distance(want, have, 3);
		gap = llabs((long long)v[i].id - id);
		if (d < bd || (d == bd && gap < bgap)) {
			bd = d;
			bgap = gap;
			*best = v[i].id;
		}
		if (i < IDS_SHOWN)
			sb_printf(list, "%s#%lld", i > 0 ? ", " : "", (long long)v[i].id);
	}
	if (n > IDS_SHOWN)
		sb_adds(list, ", ...");
	task_list_free(v, n);
	return 0;
}

/* Replace the id in the line ("#12" or a bare "12") with the suggested one. */
static void
suggest_id(struct run *r, long id, int64_t best)
{
	char	 old[32], new[32], *s;

	snprintf(old, sizeof(old), "#%ld", id);
	snprintf(new, sizeof(new), "#%lld", (long long)best);
	if ((s = replace_in(r->line, old, new)) == NULL) {
		snprintf(old, sizeof(old), "%ld", id);
		snprintf(new, sizeof(new), "%lld", (long long)best);
		s = replace_in(r->line, old, new);
	}
	if (s != NULL) {
		sb_reset(&r->sugg);
		sb_adds(&r->sugg, s);
		free(s);
	}
}

/* The task a command names; a person may only name their own. 1 refused. */
static int
find_task(struct run *r, long id, struct task *t)
{
	const struct person	*me = r->ctx->person;
	struct strbuf		 ids = STRBUF_INIT;
	int64_t			 best;
	int			 rc;

	memset(t, 0, sizeof(*t));
	if ((rc = task_load(r->ctx->db, id, t)) == -1)
		return -1;
	if (rc == 0 && (me == NULL || t->person_id == me->id))
		return 0;
	if (rc == 0)
		task_clear(t);
	if (closest_task(r->ctx->db, me != NULL ? me->id : -1, id, &best, &ids) == -1) {
		sb_free(&ids);
		return -1;
	}
	if (best > 0)
		suggest_id(r, id, best);
	if (rc == 0)
		refuse(r, "#%ld is not one of your tasks%s%s%s", id, ids.len > 0 ? " (yours: " : "",
		    sb_str(&ids), ids.len > 0 ? ")" : "");
	else
		refuse(r, "no task #%ld%s%s%s", id, ids.len == 0 ? "" : me != NULL ? " (yours: " :
		    " (open: ", sb_str(&ids), ids.len > 0 ? ")" : "");
	sb_free(&ids);
	return 1;
}

/* "#12 “Prepare Q4 report” (Anna Lee)" into sb. */
static void
task_label(const struct task *t, int with_person, struct strbuf *sb)
{
	char *title = clip(t->text, strlen(t->text), TITLE_SHOWN);

	sb_printf(sb, "#%lld \xe2\x80\x9c%s\xe2\x80\x9d", (long long)t->id, title);
	if (with_person && t->person != NULL)
		sb_printf(sb, " (%s)", t->person);
	free(title);
}

/* The zone a task's dates are shown in: its person's. */
static void
task_tz(struct db *db, const struct task *t, char *buf, size_t len)
{
	char *tz = NULL;

	if (db_text(db, &tz, "SELECT tz FROM people WHERE id = ?", "i", t->person_id) == 0 && tz != NULL)
		strlcpy_r(buf, tz, len);
	else
		strlcpy_r(buf, "UTC", len);
	free(tz);
}

/* ---- the manager's commands ---- */

static int
do_feedback(struct run *r)
{
	const struct command	*c = r->cmd;
	struct person		 p;
	const char		*kind, *shown;
	char			*text;
	int64_t			 fid;
	int			 rc;

	if ((rc = find_person(r, c->person, &p)) != 0)
		return rc;
	kind = c->verb == COMMAND_KUDOS ? "kudos" : c->verb == COMMAND_PRAISE ? "praise" : "constructive";
	shown = c->verb == COMMAND_FEEDBACK ? "feedback" : kind;
	if ((rc = mail_feedback(r->ctx->db, r->ctx->cfg, &p, kind, c->text, now_utc(), &fid)) == 0) {
		text = clip(c->text, strlen(c->text), TEXT_SHOWN);
		done_line(r, "%s sent to %s: \xe2\x80\x9c%s\xe2\x80\x9d", shown, p.name, text);
		free(text);
	}
	person_clear(&p);
	return rc;
}

static int
do_task(struct run *r)
{
	const struct command	*c = r->cmd;
	struct person		 p;
	char			 day[16], shown[32], *title, *sugg;
	int64_t			 id = 0;
	int			 rc;

	if ((rc = find_person(r, c->person, &p)) != 0)
		return rc;
	if (!c->has_date) {
		fmt_ahead(p.tz, r->ctx->date, SUGGEST_DAYS, shown, sizeof(shown));
		sugg = xasprintf("task %s: %s due %s", c->person, c->text, shown);
		sb_adds(&r->sugg, sugg);
		free(sugg);
		person_clear(&p);
		return refuse(r, "when is it due? end the line with a date");
	}
	dates_format_day(&c->date, day, sizeof(day));
	rc = task_add(r->ctx->db, p.id, c->text, day, r->ctx->source, r->ctx->message, &id);
	if (rc == 0) {
		fmt_day(p.tz, day, shown, sizeof(shown));
		title = clip(c->text, strlen(c->text), TITLE_SHOWN);
		done_line(r, "task #%lld for %s: \xe2\x80\x9c%s\xe2\x80\x9d, due %s", (long long)id, p.name,
		    title, shown);
		free(title);
	}
	person_clear(&p);
	return rc;
}

static int
do_goal(struct run *r)
{
	const struct command	*c = r->cmd;
	struct person		 p;
	char			 day[16], shown[32], *title;
	int64_t			 id = 0;
	int			 rc;

	if ((rc = find_person(r, c->person, &p)) != 0)
		return rc;
	if (c->has_date)
		dates_format_day(&c->date, day, sizeof(day));
	rc = goal_add(r->ctx->db, p.id, c->text, NULL, NAN, c->has_date ? day : NULL, &id);
	if (rc == 0) {
		title = clip(c->text, strlen(c->text), TITLE_SHOWN);
		if (c->has_date)
			fmt_day(p.tz, day, shown, sizeof(shown));
		done_line(r, "goal %lld for %s: \xe2\x80\x9c%s\xe2\x80\x9d%s%s", (long long)id, p.name, title,
		    c->has_date ? ", by " : "", c->has_date ? shown : "");
		free(title);
	}
	person_clear(&p);
	return rc;
}

/* done, cancel (and a person's "#12 done"): an open task only. */
static int
do_close(struct run *r, long id, int cancel)
{
	struct task	 t;
	struct strbuf	 label = STRBUF_INIT;
	char		 why[256];
	int		 rc;

	if ((rc = find_task(r, id, &t)) != 0)
		return rc;
	task_label(&t, r->ctx->person == NULL, &label);
	if (strcmp(t.status, cancel ? "cancelled" : "done") == 0) {
		done_line(r, "task %s was already %s", sb_str(&label), t.status);
		rc = 0;
	} else if (strcmp(t.status, "open") != 0)
		rc = refuse(r, "task %s is %s", sb_str(&label), t.status);
	else if (cancel)
		rc = task_cancel(r->ctx->db, id, r->ctx->source, r->ctx->message, why, sizeof(why));
	else
		rc = task_done(r->ctx->db, id, r->ctx->source, r->ctx->message, why, sizeof(why));
	if (rc == 0 && strcmp(t.status, "open") == 0)
		done_line(r, "task %s %s", sb_str(&label), cancel ? "cancelled" : "done");
	else if (rc == 1 && r->why.len == 0)
		refuse(r, "%s", why);
	sb_free(&label);
	task_clear(&t);
	return rc;
}

/* move #ID to DATE [: reason] (and a person's "#12 new date DATE"). */
static int
do_move(struct run *r, long id, const struct dates_match *date, const char *reason)
{
	struct task	 t;
	struct strbuf	 label = STRBUF_INIT;
	char		 day[16], tz[64], was[32], now[32], why[256];
	int		 rc;

	if ((rc = find_task(r, id, &t)) != 0)
		return rc;
	task_label(&t, r->ctx->person == NULL, &label);
	task_tz(r->ctx->db, &t, tz, sizeof(tz));
	dates_format_day(date, day, sizeof(day));
	fmt_day(tz, day, now, sizeof(now));
	fmt_day(tz, t.due, was, sizeof(was));
	if (strcmp(t.status, "open") != 0)
		rc = refuse(r, "task %s is %s: it cannot be moved", sb_str(&label), t.status);
	else if (strcmp(day, t.due) == 0) {
		done_line(r, "task %s was already due %s", sb_str(&label), now);
		rc = 0;
	} else if ((rc = task_move(r->ctx->db, id, day, reason, r->ctx->source, r->ctx->message, why,
	    sizeof(why))) == 0)
		done_line(r, "task %s moved to %s (was %s)", sb_str(&label), now, was);
	else if (rc == 1)
		refuse(r, "%s", why);
	sb_free(&label);
	task_clear(&t);
	return rc;
}

static int
do_pause(struct run *r)
{
	const struct command	*c = r->cmd;
	struct person		 p;
	char			 day[16], shown[32], *sugg;
	time_t			 now = now_utc();
	int			 rc;

	if ((rc = find_person(r, c->person, &p)) != 0)
		return rc;
	p.paused_from = now;
	p.paused_until = 0;
	if (c->has_date) {
		dates_format_day(&c->date, day, sizeof(day));
		p.paused_until = zone_instant(p.tz, day, 0);
		if (p.paused_until <= now) {
			fmt_ahead(p.tz, now, 1, shown, sizeof(shown));
			sugg = xasprintf("pause %s until %s", c->person, shown);
			sb_adds(&r->sugg, sugg);
			free(sugg);
			person_clear(&p);
			return refuse(r, "the pause must end after today: give the first day back");
		}
	}
	if ((rc = person_update(r->ctx->db, &p)) == 0 &&
	    (rc = db_event(r->ctx->db, "person.pause", p.id, r->ctx->message, "%s (%s)", p.name,
	    r->ctx->source)) == 0) {
		if (c->has_date) {
			fmt_day(p.tz, day, shown, sizeof(shown));
			done_line(r, "%s paused until %s (the first day back): no check-ins, reminders "
			    "or follow-ups before then", p.name, shown);
		} else
			done_line(r, "%s paused until you write `resume %s`: no check-ins, reminders or "
			    "follow-ups", p.name, c->person);
	}
	person_clear(&p);
	return rc == -2 ? -1 : rc;
}

static int
do_resume(struct run *r)
{
	struct person	p;
	int		rc;

	if ((rc = find_person(r, r->cmd->person, &p)) != 0)
		return rc;
	if (p.paused_from == 0) {
		rc = refuse(r, "%s is not paused", p.name);
		person_clear(&p);
		return rc;
	}
	p.paused_from = p.paused_until = 0;
	if ((rc = person_update(r->ctx->db, &p)) == 0 &&
	    (rc = db_event(r->ctx->db, "person.resume", p.id, r->ctx->message, "%s (%s)", p.name,
	    r->ctx->source)) == 0)
		done_line(r, "%s resumed: check-ins and reminders start again", p.name);
	person_clear(&p);
	return rc == -2 ? -1 : rc;
}

/* "Dec 3 16:00" in zone tz: a time the command language reads back. */
static void
fmt_slot(const char *tz, time_t t, char *buf, size_t len)
{
	char full[32];

	mail_fmt_date(tz, t, 1, full, sizeof(full));
	strlcpy_r(buf, strlen(full) > 4 ? full + 4 : full, len);
}

/* A slot that fits both people in the week of start, as "review NAME DAY TIME". */
static int
suggest_slot(struct run *r, const struct person *p, time_t start, int minutes)
{
	const char	*mtz = r->ctx->cfg->manager_tz;
	char		 label[16], shown[32], *s;
	time_t		 ws, we, from, slot;
	int		 y, w, rc;

	if (worktime_week_label(p->tz, start, label, sizeof(label)) == -1 ||
	    worktime_parse_week(label, &y, &w) == -1 || worktime_week_bounds(p->tz, y, w, &ws, &we) == -1)
		return 0;
	from = now_utc() + REVIEW_LEAD > ws ? now_utc() + REVIEW_LEAD : ws;
	if (from >= we || (rc = review_find_slot(r->ctx->db, r->ctx->cfg, p, minutes, from, we, -1,
	    &slot)) == 1)
		return 0;
	if (rc == -1)
		return -1;
	fmt_slot(mtz, slot, shown, sizeof(shown));
	s = xasprintf("review %s %s", r->cmd->person, shown);
	sb_adds(&r->sugg, s);
	free(s);
	return 0;
}

/* review NAME DAY TIME: move this week's 1:1, or schedule it. The time is the manager's. */
static int
do_review(struct run *r)
{
	const struct config	*cfg = r->ctx->cfg;
	struct person		 p;
	char			 why[512], label[16], when[128];
	time_t			 start = r->cmd->date.when;
	int64_t			 id = -1;
	int			 rc, moved, minutes = (int)cfg->review_minutes;

	if ((rc = find_person(r, r->cmd->person, &p)) != 0)
		return rc;
	if (review_slot_ok(cfg, &p, start, start + minutes * 60L, why, sizeof(why)) != 0) {
		rc = suggest_slot(r, &p, start, minutes) == -1 ? -1 : refuse(r, "%s", why);
		person_clear(&p);
		return rc;
	}
	if (worktime_week_label(p.tz, start, label, sizeof(label)) == -1) {
		person_clear(&p);
		return refuse(r, "that time cannot be placed in a week");
	}
	rc = db_int(r->ctx->db, &id, "SELECT id FROM reviews WHERE person_id = ? AND kind = 'weekly' AND "
	    "period = ? AND status = 'scheduled'", "it", p.id, label);
	if ((moved = rc == 0))
		rc = review_move(r->ctx->db, cfg, id, start, 0, now_utc(), why, sizeof(why));
	else if (rc == 1)
		rc = review_schedule(r->ctx->db, cfg, &p, REVIEW_WEEKLY, start, 0, now_utc(), &id, why,
		    sizeof(why));
	if (rc == 1)
		refuse(r, "%s", why);
	else if (rc == 0) {
		review_fmt_when(cfg->manager_tz, start, start + minutes * 60L, when, sizeof(when));
		done_line(r, "1:1 with %s %s %s (review #%lld): the invite goes to both of you", p.name,
		    moved ? "moved to" : "scheduled for", when, (long long)id);
	}
	person_clear(&p);
	return rc;
}

/* accept counter #ID: move the review to the time its attendee proposed, if it fits. */
static int
do_accept_counter(struct run *r)
{
	const struct config	*cfg = r->ctx->cfg;
	struct review		 rv;
	struct person		 p;
	char			 why[512], when[128], sugg[48];
	time_t			 s, e;
	int64_t			 other;
	int			 rc, found;

	if ((rc = review_load(r->ctx->db, r->cmd->task_id, &rv)) == 1) {
		if (db_int(r->ctx->db, &other, "SELECT review_id FROM rsvps WHERE status = 'current' AND "
		    "proposed_start IS NOT NULL ORDER BY at DESC LIMIT 1", "") == 0) {
			snprintf(sugg, sizeof(sugg), "accept counter #%lld", (long long)other);
			sb_adds(&r->sugg, sugg);
		}
		return refuse(r, "no review #%ld", r->cmd->task_id);
	}
	if (rc == -1)
		return -1;
	if (person_load(r->ctx->db, rv.person_id, &p) != 0) {
		review_clear(&rv);
		return -1;
	}
	found = review_counter(r->ctx->db, rv.id, NULL, &s, &e);
	if (e <= s)
		e = s + (rv.end - rv.start);
	if (found == -1)
		rc = -1;
	else if (s > 0 && review_slot_ok(cfg, &p, s, e, why, sizeof(why)) != 0)
		rc = refuse(r, "the proposed time does not fit: %s; give another with `review %s DAY TIME`",
		    why, p.name);
	else if ((rc = review_accept_counter(r->ctx->db, cfg, rv.id, now_utc(), why, sizeof(why))) == 1)
		refuse(r, "%s", why);
	else if (rc == 0) {
		review_fmt_when(cfg->manager_tz, s, e, when, sizeof(when));
		done_line(r, "review #%lld with %s moved to the proposed time, %s", (long long)rv.id, p.name,
		    when);
	}
	review_clear(&rv);
	person_clear(&p);
	return rc;
}

/*
 * The digest module is built separately (agent/digest.h); until it is
 * part of this build, `digest` says so instead of pretending. Wire it here:
 * digest_build() of the last week, then mail_queue() to the manager.
 */
static int
do_digest(struct run *r)
{
	char err[256];

	if (digest_queue(r->ctx->db, r->ctx->cfg, NULL, now_utc(), 0, err, sizeof(err)) == -1)
		return refuse(r, "the digest could not be built: %s", err);
	done_line(r, "the digest for last week is on its way to you");
	return 0;
}

/* ---- status ---- */

static int
status_all(struct run *r)
{
	struct db	*db = r->ctx->db;
	struct person	*v;
	struct strbuf	 paused = STRBUF_INIT, late = STRBUF_INIT;
	sqlite3_stmt	*st;
	size_t		 n, i, np = 0;
	int64_t		 sent = 0, answered = 0, open = 0, overdue = 0, waiting = 0, failed = 0;
	time_t		 now = now_utc();
	char		 today[16], shown[32];

	if (person_list(db, 0, &v, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (!person_paused_at(&v[i], now))
			continue;
		sb_printf(&paused, "%s%s", np++ > 0 ? ", " : "", v[i].name);
		if (v[i].paused_until > 0) {
			mail_fmt_date(v[i].tz, (time_t)v[i].paused_until, 0, shown, sizeof(shown));
			sb_printf(&paused, " until %s", shown);
		}
	}
	if (np > 0)
		done_line(r, "people: %zu active, %zu paused (%s)", n - np, np, sb_str(&paused));
	else
		done_line(r, "people: %zu active", n);
	person_list_free(v, n);
	sb_free(&paused);
	if (db_int(db, &sent, "SELECT count(*) FROM checkins WHERE sent_at >= ?", "i",
	    (int64_t)now - 7 * 86400) == -1 || db_int(db, &answered, "SELECT count(*) FROM checkins "
	    "WHERE sent_at >= ? AND status = 'answered'", "i", (int64_t)now - 7 * 86400) == -1)
		return -1;
	done_line(r, "check-ins of the last 7 days: %lld of %lld answered", (long long)answered,
	    (long long)sent);
	st = db_query(db, "SELECT t.id, p.tz, t.due FROM tasks t JOIN people p ON p.id = t.person_id "
	    "WHERE t.status = 'open' AND p.active = 1 ORDER BY t.due, t.id", "");
	if (st == NULL)
		return -1;
	while (db_step(st) == 1) {
		open++;
		zone_date(db_col_text(st, 1), now, today, sizeof(today));
		if (strcmp(db_col_text(st, 2), today) < 0 && overdue++ < IDS_SHOWN)
			sb_printf(&late, "%s#%lld", overdue > 1 ? ", " : "", (long long)sqlite3_column_int64(st, 0));
	}
	db_done(st);
	done_line(r, "open tasks: %lld, %lld overdue%s%s%s%s", (long long)open, (long long)overdue,
	    overdue > 0 ? " (" : "", sb_str(&late), overdue > IDS_SHOWN ? ", ..." : "", overdue > 0 ? ")" : "");
	sb_free(&late);
	if (db_int(db, &waiting, "SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending')", "") == -1 ||
	    db_int(db, &failed, "SELECT count(*) FROM outbox WHERE state = 'failed'", "") == -1)
		return -1;
	done_line(r, "emails: %lld waiting to be sent, %lld failed", (long long)waiting, (long long)failed);
	return 0;
}

static int
status_person(struct run *r, const struct person *p)
{
	struct db	*db = r->ctx->db;
	struct task	*v;
	struct strbuf	 sb = STRBUF_INIT;
	sqlite3_stmt	*st;
	size_t		 n, i;
	time_t		 now = now_utc();
	char		 shown[32], today[16];

	if (person_paused_at(p, now) && p->paused_until > 0) {
		mail_fmt_date(p->tz, (time_t)p->paused_until, 0, shown, sizeof(shown));
		done_line(r, "%s: paused until %s (%s)", p->name, shown, p->tz);
	} else
		done_line(r, "%s: %s (%s)", p->name, person_paused_at(p, now) ? "paused until resumed" :
		    "active", p->tz);
	st = db_query(db, "SELECT period, status, sent_at, answered_at FROM checkins WHERE person_id = ? "
	    "ORDER BY due_at DESC LIMIT 1", "i", p->id);
	if (st == NULL)
		return -1;
	if (db_step(st) == 1) {
		int answered = strcmp(db_col_text(st, 1), "answered") == 0;
		mail_fmt_date(p->tz, (time_t)sqlite3_column_int64(st, answered ? 3 : 2), 0, shown, sizeof(shown));
		done_line(r, "last check-in (%s): %s %s", db_col_text(st, 0), answered ? "answered" :
		    strcmp(db_col_text(st, 1), "missed") == 0 ? "missed, sent" : "no answer yet, sent", shown);
	} else
		done_line(r, "no check-in sent yet");
	db_done(st);
	if (task_list(db, p->id, TASK_OPEN, NULL, &v, &n) == -1)
		return -1;
	zone_date(p->tz, now, today, sizeof(today));
	for (i = 0; i < n && i < STATUS_TASKS; i++) {
		char *title = clip(v[i].text, strlen(v[i].text), TITLE_SHOWN);
		fmt_day(p->tz, v[i].due, shown, sizeof(shown));
		sb_printf(&sb, "%s#%lld %s (due %s%s)", i > 0 ? "; " : "", (long long)v[i].id, title, shown,
		    strcmp(v[i].due, today) < 0 ? ", overdue" : "");
		free(title);
	}
	if (n > STATUS_TASKS)
		sb_adds(&sb, "; ...");
	done_line(r, n > 0 ? "open tasks: %s" : "no open tasks%s", sb_str(&sb));
	task_list_free(v, n);
	sb_free(&sb);
	return 0;
}

static int
do_status(struct run *r)
{
	struct person	p;
	int		rc;

	if (r->cmd->person == NULL)
		return status_all(r);
	if ((rc = find_person(r, r->cmd->person, &p)) != 0)
		return rc;
	rc = status_person(r, &p);
	person_clear(&p);
	return rc;
}

/* ---- a person's corrections ---- */

static const char *
key_label(enum checkin_key k)
{
	static const char *labels[] = { "wins", "in progress", "blockers", "next week", "hours",
	    "mood", "support" };

	return (unsigned)k < nitems(labels) ? labels[k] : "notes";
}

/* The current answer for key, as shown ("32", "30–35", the text), or NULL. Caller frees. */
static char *
current_answer(struct db *db, int64_t checkin, const char *key)
{
	sqlite3_stmt	*st;
	char		 a[32], b[32], *s = NULL;

	st = db_query(db, "SELECT text, num, num_max FROM answers WHERE checkin_id = ? AND key = ? "
	    "AND replaced_at IS NULL ORDER BY id DESC LIMIT 1", "it", checkin, key);
	if (st == NULL)
		return NULL;
	if (db_step(st) == 1) {
		if (!db_col_is_null(st, 1)) {
			fmt_num(sqlite3_column_double(st, 1), a, sizeof(a));
			fmt_num(sqlite3_column_double(st, 2), b, sizeof(b));
			s = db_col_is_null(st, 2) ? xstrdup(a) : xasprintf("%s\xe2\x80\x93%s", a, b);
		} else if (!db_col_is_null(st, 0))
			s = clip(db_col_text(st, 0), strlen(db_col_text(st, 0)), TEXT_SHOWN);
	}
	db_done(st);
	return s;
}

/* Retire the current answer for key without a new one (blockers vs. "none"). */
static int
retire(struct db *db, int64_t checkin, const char *key)
{
	return db_run(db, "UPDATE answers SET replaced_at = ? WHERE checkin_id = ? AND key = ? "
	    "AND replaced_at IS NULL", "iit", (int64_t)now_utc(), checkin, key);
}

static void
done_was(struct run *r, const char *label, const char *now, const char *was)
{
	if (was != NULL && strcmp(was, now) != 0)
		done_line(r, "%s: %s (was %s)", label, now, was);
	else
		done_line(r, "%s: %s", label, now);
}

static int
do_hours(struct run *r)
{
	const struct checkin_hours	*h = &r->cmd->hours;
	const struct actions_ctx	*x = r->ctx;
	char				 a[32], b[32], now[80], *was;
	int				 rc;

	was = current_answer(x->db, x->checkin, "hours");
	fmt_num(h->range ? h->min : h->value, a, sizeof(a));
	fmt_num(h->max, b, sizeof(b));
	if (h->range)
		snprintf(now, sizeof(now), "%s\xe2\x80\x93%s", a, b);
	else
		snprintf(now, sizeof(now), "%s", a);
	rc = record_put_answer(x->db, x->checkin, x->message, "hours", NULL, h->range ? h->min : h->value,
	    h->range ? h->max : NAN, "correction");
	if (rc == 0)
		done_was(r, "hours", now, was);
	free(was);
	return rc;
}

static int
do_mood(struct run *r)
{
	const struct actions_ctx	*x = r->ctx;
	char				 now[16], *was;
	int				 rc;

	was = current_answer(x->db, x->checkin, "mood");
	snprintf(now, sizeof(now), "%d", r->cmd->mood);
	if ((rc = record_put_answer(x->db, x->checkin, x->message, "mood", NULL, r->cmd->mood, NAN,
	    "correction")) == 0)
		done_was(r, "mood", now, was);
	free(was);
	return rc;
}

static int
is_none(const char *s)
{
	static const char *words[] = { "none", "nothing", "n/a", "na", "no", "-", "no blockers" };
	char	buf[32];
	size_t	i, n = strlen(s);

	while (n > 0 && (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == ' '))
		n--;
	if (n >= sizeof(buf))
		return 0;
	fold_name(s, buf, n + 1);
	for (i = 0; i < nitems(words); i++)
		if (strcmp(buf, words[i]) == 0)
			return 1;
	return 0;
}

static int
do_answer(struct run *r)
{
	const struct actions_ctx	*x = r->ctx;
	const struct command		*c = r->cmd;
	const char			*key = checkin_key_name(c->key);
	char				*shown;
	int				 rc;

	if (c->text == NULL || *c->text == '\0')
		return refuse(r, "nothing after the colon");
	if (c->key == CHECKIN_BLOCKERS && is_none(c->text)) {
		if ((rc = retire(x->db, x->checkin, "blockers")) == 0 &&
		    (rc = record_put_answer(x->db, x->checkin, x->message, "blockers_none", "none", 1, NAN,
		    "correction")) == 0)
			done_line(r, "blockers: none");
		return rc;
	}
	if (c->key == CHECKIN_BLOCKERS && retire(x->db, x->checkin, "blockers_none") == -1)
		return -1;
	if ((rc = record_put_answer(x->db, x->checkin, x->message, key, c->text, NAN, NAN,
	    "correction")) == 0) {
		shown = clip(c->text, strlen(c->text), TEXT_SHOWN);
		done_line(r, "%s: \xe2\x80\x9c%s\xe2\x80\x9d", key_label(c->key), shown);
		free(shown);
	}
	return rc;
}

/* A date a person wrote for "#12 new date ...": refuse past and ambiguous ones. */
static int
person_date_ok(struct run *r, long id, const struct dates_match *m)
{
	static const char *mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
	    "Oct", "Nov", "Dec" };
	const char	*src = r->text + m->start;
	int		 n = (int)(m->end - m->start);
	char		 ahead[32];

	if (m->status == DATES_OK)
		return 0;
	fmt_ahead(r->ctx->person->tz, r->ctx->date, SUGGEST_DAYS, ahead, sizeof(ahead));
	if (m->status == DATES_PAST) {
		sb_printf(&r->sugg, "#%ld new date %s", id, ahead);
		return refuse(r, "\xe2\x80\x9c%.*s\xe2\x80\x9d is in the past (%04d-%02d-%02d)", n < 60 ? n : 60,
		    src, m->year, m->month, m->day);
	}
	sb_printf(&r->sugg, "#%ld new date %s %d", id, mon[m->month - 1], m->day);
	return refuse(r, "\xe2\x80\x9c%.*s\xe2\x80\x9d could be %s %d or %s %d; write the month as a word",
	    n < 60 ? n : 60, src, mon[m->month - 1], m->day, mon[m->alt_month - 1], m->alt_day);
}

static int
do_task_update(struct run *r)
{
	const struct checkin_task_update	*u = &r->cmd->update;
	const struct actions_ctx		*x = r->ctx;
	struct task				 t;
	struct strbuf				 label = STRBUF_INIT;
	char					 why[256];
	int					 rc;

	switch (u->status) {
	case CHECKIN_TASK_DONE:
		return do_close(r, u->id, 0);
	case CHECKIN_TASK_NEW_DATE:
		if (!u->has_date)
			return refuse(r, "could not read the new date");
		if ((rc = person_date_ok(r, u->id, &u->date)) != 0)
			return rc;
		return do_move(r, u->id, &u->date, u->reason);
	default:
		break;
	}
	if ((rc = find_task(r, u->id, &t)) != 0)
		return rc;
	task_label(&t, 0, &label);
	if (u->status == CHECKIN_TASK_NOT_DONE && strcmp(t.status, "open") == 0) {
		done_line(r, "task %s is open (it was not marked done)", sb_str(&label));
		rc = 0;
	} else if (u->status == CHECKIN_TASK_NOT_DONE) {
		if ((rc = task_reopen(x->db, u->id, x->source, x->message, why, sizeof(why))) == 0)
			done_line(r, "task %s: not done, open again", sb_str(&label));
	} else if (u->status == CHECKIN_TASK_PROGRESS && u->percent < 0) {
		done_line(r, "task %s: in progress", sb_str(&label));
		rc = 0;
	} else if (u->status == CHECKIN_TASK_PROGRESS) {
		if ((rc = task_progress(x->db, u->id, u->percent, x->source, x->message, why,
		    sizeof(why))) == 0)
			done_line(r, "task %s: %d%%", sb_str(&label), u->percent);
	} else if ((rc = task_block(x->db, u->id, u->reason, x->source, x->message, why,
	    sizeof(why))) == 0)
		done_line(r, "task %s: blocked%s%s", sb_str(&label), u->reason != NULL ? ": " : "",
		    u->reason != NULL ? u->reason : "");
	if (rc == 1)
		refuse(r, "%s", why);
	sb_free(&label);
	task_clear(&t);
	return rc;
}

/* ---- dispatch ---- */

static int
exec_one(struct run *r)
{
	const struct command *c = r->cmd;

	if (r->ctx->person != NULL && c->verb < COMMAND_HOURS)
		return refuse(r, "only the manager can do that");
	if (r->ctx->person == NULL && c->verb >= COMMAND_HOURS)
		return refuse(r, "that corrects a check-in receipt, not a manager command");
	switch (c->verb) {
	case COMMAND_KUDOS:
	case COMMAND_PRAISE:
	case COMMAND_FEEDBACK:
		return do_feedback(r);
	case COMMAND_TASK:
		return do_task(r);
	case COMMAND_GOAL:
		return do_goal(r);
	case COMMAND_DONE:
		return do_close(r, c->task_id, 0);
	case COMMAND_CANCEL:
		return do_close(r, c->task_id, 1);
	case COMMAND_MOVE:
		return do_move(r, c->task_id, &c->date, c->text);
	case COMMAND_PAUSE:
		return do_pause(r);
	case COMMAND_RESUME:
		return do_resume(r);
	case COMMAND_REVIEW:
		return do_review(r);
	case COMMAND_ACCEPT_COUNTER:
		return do_accept_counter(r);
	case COMMAND_DIGEST:
		return do_digest(r);
	case COMMAND_STATUS:
		return do_status(r);
	case COMMAND_HOURS:
		return do_hours(r);
	case COMMAND_MOOD:
		return do_mood(r);
	case COMMAND_ANSWER:
		return do_answer(r);
	case COMMAND_TASK_UPDATE:
		return do_task_update(r);
	}
	return refuse(r, "unknown command");
}

/* One command in its own savepoint: refused means unchanged. */
static int
apply_one(const struct actions_ctx *ctx, const char *text, const struct command *c,
    struct actions_result *res)
{
	struct run	r;
	int		rc;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.text = text;
	r.cmd = c;
	r.res = res;
	r.line = xstrndup(text + c->line_start, c->line_end - c->line_start);
	sb_init(&r.why, 1024);
	sb_init(&r.sugg, 1024);
	if (db_run(ctx->db, "SAVEPOINT action", "") == -1)
		rc = -1;
	else if ((rc = exec_one(&r)) == 0)
		rc = db_run(ctx->db, "RELEASE action", "");
	else if (rc == 1) {
		if (db_run(ctx->db, "ROLLBACK TO action", "") == -1 || db_run(ctx->db, "RELEASE action", "") == -1)
			rc = -1;
		else
			error_line(res, r.line, strlen(r.line), sb_str(&r.why), sb_str(&r.sugg));
	}
	res->ncommands++;
	free(r.line);
	sb_free(&r.why);
	sb_free(&r.sugg);
	return rc == 1 ? 0 : rc;
}

/* Is the line the writer's own name, as a signature ("Maria", "- Maria Rossi")? */
static int
own_name(const struct actions_ctx *ctx, const char *s, size_t n)
{
	const char	*name = ctx->person != NULL ? ctx->person->name : ctx->cfg->manager_name;
	char		 first[64];

	for (;;) {
		if (n > 0 && (*s == '-' || *s == ' ')) {
			s++;
			n--;
		} else if (n >= 3 && strncmp(s, "\xe2\x80\x94", 3) == 0) {	/* an em dash */
			s += 3;
			n -= 3;
		} else
			break;
	}
	while (n > 0 && (s[n - 1] == '.' || s[n - 1] == ' '))
		n--;
	if (name == NULL || n == 0)
		return 0;
	mail_first_name(name, first, sizeof(first));
	return (strlen(name) == n && strncasecmp(s, name, n) == 0) ||
	    (strlen(first) == n && strncasecmp(s, first, n) == 0);
}

int
actions_apply(const struct actions_ctx *ctx, const char *text, const struct command_list *cl,
    struct actions_result *res)
{
	size_t	i = 0, j = 0, first = (size_t)-1, fe = 0, skipped = 0;

	/* In the order written: commands and parse errors interleave by line. */
	while (i < cl->ncmds || j < cl->nerrs) {
		if (j >= cl->nerrs || (i < cl->ncmds && cl->cmds[i].line_start <= cl->errs[j].line_start)) {
			if (cl->cmds[i].line_start < first) {
				first = cl->cmds[i].line_start;
				fe = cl->cmds[i].line_end;
			}
			if (apply_one(ctx, text, &cl->cmds[i++], res) == -1)
				return -1;
		} else {
			const struct command_error *e = &cl->errs[j++];
			char *l;
			/* the parser skips a name under "Thanks,"; the writer's name alone is a signature too */
			if (own_name(ctx, text + e->line_start, e->line_end - e->line_start)) {
				skipped++;
				continue;
			}
			l = xstrndup(text + e->line_start, e->line_end - e->line_start);
			if (e->line_start < first) {
				first = e->line_start;
				fe = e->line_end;
			}
			/* the parser's message already ends with "did you mean `...`?" */
			error_line(res, l, strlen(l), e->message, NULL);
			free(l);
		}
	}
	res->nlines = cl->ncmds + cl->nerrs - skipped;
	res->truncated = cl->truncated;
	if (first != (size_t)-1)
		res->first = clip(text + first, fe - first, SUBJECT_SHOWN);
	return 0;
}

/* Everyone's full name and first name, for the parser's typo check. */
static void
known_names(struct db *db, char ***out, size_t *nout)
{
	struct person	*v;
	size_t		 n, i, k;
	char		 first[64];
	const char	*cand[2];
	int		 c, seen;

	*out = NULL;
	*nout = 0;
	if (person_list(db, 0, &v, &n) == -1)
		return;
	for (i = 0; i < n; i++) {
		mail_first_name(v[i].name, first, sizeof(first));
		cand[0] = v[i].name;
		cand[1] = first;
		for (c = 0; c < 2; c++) {
			for (k = 0, seen = 0; k < *nout && !seen; k++)
				seen = strcasecmp((*out)[k], cand[c]) == 0;
			if (!seen)
				push(out, nout, xstrdup(cand[c]));
		}
	}
	person_list_free(v, n);
}

int
actions_run(const struct actions_ctx *ctx, const char *text, size_t len, struct actions_result *res)
{
	struct commands_ctx	 cc;
	struct command_list	 cl;
	const char		*err = NULL;
	char			**names = NULL;
	size_t			 nnames = 0, i;
	int			 rc;

	memset(res, 0, sizeof(*res));
	memset(&cc, 0, sizeof(cc));
	cc.date = ctx->date;
	if (ctx->person != NULL) {
		cc.tzid = ctx->person->tz;
		cc.allow = COMMANDS_PERSON;
	} else {
		cc.tzid = ctx->cfg->manager_tz;
		cc.allow = COMMANDS_MANAGER;
		known_names(ctx->db, &names, &nnames);
		cc.names = (const char *const *)names;
		cc.nnames = nnames;
	}
	if (commands_parse(text, len, &cc, &cl, &err) == -1) {
		push(&res->errors, &res->nerrors, xasprintf("the commands could not be read: %s",
		    err != NULL ? err : "?"));
		rc = 0;
	} else {
		rc = actions_apply(ctx, text, &cl, res);
		commands_free(&cl);
	}
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	return rc;
}

void
actions_result_free(struct actions_result *res)
{
	size_t i;

	for (i = 0; i < res->ndone; i++)
		free(res->done[i]);
	for (i = 0; i < res->nerrors; i++)
		free(res->errors[i]);
	free(res->done);
	free(res->errors);
	free(res->first);
	memset(res, 0, sizeof(*res));
}

/* ---- confirmations ---- */

char *
actions_result_text(const struct actions_result *res)
{
	struct strbuf	sb = STRBUF_INIT;
	size_t		i;
	char		*s;

	if (res->ndone == 0 && res->nerrors == 0)
		sb_adds(&sb, "No commands found. Write one per line, e.g. `kudos NAME: TEXT`, `done #ID`, "
		    "`move #ID to DATE`, `status`.\n");
	if (res->ndone > 0)
		sb_adds(&sb, "Done:\n");
	for (i = 0; i < res->ndone; i++)
		sb_printf(&sb, "  - %s\n", res->done[i]);
	if (res->nerrors > 0)
		sb_printf(&sb, "%sNot done:\n", res->ndone > 0 ? "\n" : "");
	for (i = 0; i < res->nerrors; i++)
		sb_printf(&sb, "  - %s\n", res->errors[i]);
	if (res->truncated)
		sb_printf(&sb, "(only the first %u lines were read)\n", LIMIT_ANSWERS);
	s = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return s;
}

void
actions_confirmation_data(const struct actions_result *res, struct mvalue *d)
{
	struct mvalue	*l;
	size_t		 i;

	if (res->nlines > 1)
		mv_set_strf(d, "command", "%s (+%zu more)", res->first != NULL ? res->first : "",
		    res->nlines - 1);
	else
		mv_set_str(d, "command", res->first != NULL ? res->first : "your commands");
	mv_set_bool(d, "ok", res->nerrors == 0);
	l = mv_set_list(d, "results");
	for (i = 0; i < res->ndone; i++)
		mv_push(l, mv_str(res->done[i]));
	mv_set_bool(d, "has_errors", res->nerrors > 0);
	l = mv_set_list(d, "errors");
	for (i = 0; i < res->nerrors; i++)
		mv_push(l, mv_str(res->errors[i]));
}

/* ---- once per message ---- */

int
actions_once_seen(struct db *db, int64_t msg, const char *kind, int64_t *at)
{
	int64_t	v = 0;
	int	r;

	r = db_int(db, &v, "SELECT a.at FROM mail_actions a JOIN messages m ON m.message_id = a.mail_key "
	    "WHERE m.id = ? AND a.kind = ?", "it", msg, kind);
	if (r == 0 && at != NULL)
		*at = v;
	return r == 0 ? 1 : r == 1 ? 0 : -1;
}

int
actions_once_mark(struct db *db, int64_t msg, const char *kind, const struct actions_result *res,
    int64_t outbox_id)
{
	struct strbuf	sb = STRBUF_INIT;
	size_t		i;
	int		r;

	for (i = 0; res != NULL && i < res->ndone; i++)
		sb_printf(&sb, "done: %s\n", res->done[i]);
	for (i = 0; res != NULL && i < res->nerrors; i++)
		sb_printf(&sb, "not done: %s\n", res->errors[i]);
	r = db_run(db, "INSERT INTO mail_actions (mail_key, kind, message_id, at, done, errors, summary, "
	    "outbox_id) SELECT message_id, ?, id, ?, ?, ?, ?, ? FROM messages WHERE id = ?", "tiiitoi",
	    kind, (int64_t)now_utc(), (int64_t)(res != NULL ? res->ndone : 0),
	    (int64_t)(res != NULL ? res->nerrors : 0), sb.len > 0 ? sb_str(&sb) : NULL, outbox_id, msg);
	sb_free(&sb);
	return r == -2 ? -1 : r;
}

/* ---- the manager's mail ---- */

static void
set_result(struct record_result *res, const char *state, const char *why)
{
	strlcpy_r(res->state, state, sizeof(res->state));
	strlcpy_r(res->why, why != NULL ? why : "", sizeof(res->why));
}

/* The one confirmation: what was done, and each line not understood. */
static int
confirm(struct db *db, const struct config *cfg, const struct actions_result *ar, int64_t msg,
    const char *in_reply_to, int64_t *outbox_id)
{
	struct mvalue	*d = mail_base_data(cfg, NULL);
	struct mail_out	 o;
	int		 r;

	actions_confirmation_data(ar, d);
	memset(&o, 0, sizeof(o));
	o.kind = "confirmation";
	o.ref = msg;
	o.person = NULL;
	o.tmpl = "command_confirmation";
	o.in_reply_to = in_reply_to != NULL && *in_reply_to == '<' ? in_reply_to : NULL;
	o.now = now_utc();
	o.auto_replied = 1;
	r = mail_queue(db, cfg, &o, d);
	mv_free(d);
	*outbox_id = o.outbox_id;
	return r;
}

int
actions_from_mail(struct db *db, const struct config *cfg, int64_t msg, const struct jp *doc,
    struct record_result *res)
{
	struct actions_ctx	 ctx;
	struct actions_result	 ar;
	const char		*cls = jp_str(jp_get(doc, "class")), *text = jp_str(jp_get(doc, "reply_text"));
	char			 why[200], when[32];
	int64_t			 at = 0, ob = -1;
	time_t			 date = 0;
	int			 r;

	if (cls == NULL || strcmp(cls, "command") != 0) {
		set_result(res, "ignored", "mail from the manager that is not commands (an automatic reply?)");
		return 0;
	}
	if ((r = actions_once_seen(db, msg, "commands", &at)) == -1)
		return -1;
	if (r == 1) {
		fmt_iso_utc((time_t)at, when, sizeof(when));
		snprintf(why, sizeof(why), "its commands were carried out at %s; not again", when);
		set_result(res, "recorded", why);
		return 0;
	}
	if (jp_str(jp_get(doc, "date")) == NULL || parse_iso_time(jp_str(jp_get(doc, "date")), &date) == -1)
		date = now_utc();
	memset(&ctx, 0, sizeof(ctx));
	ctx.db = db;
	ctx.cfg = cfg;
	ctx.date = date;
	ctx.source = "email";
	ctx.message = msg;
	ctx.checkin = -1;
	if (actions_run(&ctx, text != NULL ? text : "", text != NULL ? strlen(text) : 0, &ar) == -1)
		return -1;
	if (ar.ndone + ar.nerrors > 0 &&
	    confirm(db, cfg, &ar, msg, jp_str(jp_get(doc, "message_id")), &ob) == -1) {
		actions_result_free(&ar);
		return -1;
	}
	r = actions_once_mark(db, msg, "commands", &ar, ob);
	if (r == 0)
		r = db_event(db, "commands.email", -1, msg, "%zu done, %zu not done", ar.ndone, ar.nerrors);
	if (ar.ndone + ar.nerrors == 0)
		set_result(res, "ignored", "no commands in the manager's mail");
	else
		set_result(res, "recorded", NULL);
	actions_result_free(&ar);
	return r;
}

/* ---- the digest's suggestions ---- */

static void
suggest_push(struct actions_suggestion **v, size_t *n, int64_t pid, const char *kind, int64_t ref,
    char *line)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].person_id = pid;
	(*v)[*n].kind = kind;
	(*v)[*n].ref = ref;
	(*v)[*n].line = line;
	(*n)++;
}

/* How to name a person in a command: the first name when no one else has it. */
static void
short_name(struct db *db, const char *name, char *buf, size_t len)
{
	char	first[64], *like;
	int64_t	n = 0;

	mail_first_name(name, first, sizeof(first));
	like = xasprintf("%s %%", first);
	if (db_int(db, &n, "SELECT count(*) FROM people WHERE active = 1 AND (name = ? OR name LIKE ?)",
	    "tt", first, like) == 0 && n == 1)
		strlcpy_r(buf, first, len);
	else
		strlcpy_r(buf, name, len);
	free(like);
}

static int
suggest_kudos(struct db *db, time_t start, time_t end, struct actions_suggestion **v, size_t *n)
{
	sqlite3_stmt	*st;
	char		 who[128], *title;
	int		 r;

	st = db_query(db, "SELECT 't', t.id, t.person_id, p.name, t.text FROM tasks t JOIN people p "
	    "ON p.id = t.person_id WHERE t.status = 'done' AND t.done_at >= ? AND t.done_at < ? AND p.active = 1 "
	    "UNION ALL SELECT 'g', g.id, g.person_id, p.name, g.text FROM goals g JOIN people p "
	    "ON p.id = g.person_id WHERE g.status = 'done' AND g.done_at >= ? AND g.done_at < ? "
	    "AND p.active = 1 ORDER BY 4, 1 DESC, 2", "iiii", (int64_t)start, (int64_t)end, (int64_t)start,
	    (int64_t)end);
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		short_name(db, db_col_text(st, 3), who, sizeof(who));
		title = clip(db_col_text(st, 4), strlen(db_col_text(st, 4)), TITLE_SHOWN);
		suggest_push(v, n, sqlite3_column_int64(st, 2), "kudos", sqlite3_column_int64(st, 1),
		    *db_col_text(st, 0) == 't' ?
		    xasprintf("kudos %s: thank you for finishing \xe2\x80\x9c%s\xe2\x80\x9d!", who, title) :
		    xasprintf("kudos %s: congratulations on reaching your goal \xe2\x80\x9c%s\xe2\x80\x9d!",
		    who, title));
		free(title);
	}
	db_done(st);
	return r;
}

static int
suggest_moves(struct db *db, time_t end, time_t now, struct actions_suggestion **v, size_t *n)
{
	sqlite3_stmt	*st;
	char		 last[16], ahead[32];
	int		 r;

	st = db_query(db, "SELECT t.id, t.person_id, p.tz, t.due FROM tasks t JOIN people p "
	    "ON p.id = t.person_id WHERE t.status = 'open' AND p.active = 1 ORDER BY p.name, t.due, t.id", "");
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		/* overdue at the end of the week: due before its last day, in the person's zone */
		zone_date(db_col_text(st, 2), end - 1, last, sizeof(last));
		if (strcmp(db_col_text(st, 3), last) >= 0)
			continue;
		fmt_ahead(db_col_text(st, 2), now, SUGGEST_DAYS, ahead, sizeof(ahead));
		suggest_push(v, n, sqlite3_column_int64(st, 1), "move", sqlite3_column_int64(st, 0),
		    xasprintf("move #%lld to %s", (long long)sqlite3_column_int64(st, 0), ahead));
	}
	db_done(st);
	return r;
}

int
actions_suggest(struct db *db, const struct config *cfg, time_t start, time_t end, time_t now,
    struct actions_suggestion **out, size_t *nout)
{
	struct actions_suggestion	*v = NULL;
	size_t				 n = 0;

	(void)cfg;
	if (suggest_kudos(db, start, end, &v, &n) == -1 || suggest_moves(db, end, now, &v, &n) == -1) {
		actions_suggest_free(v, n);
		return -1;
	}
	*out = v;
	*nout = n;
	return 0;
}

void
actions_suggest_free(struct actions_suggestion *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].line);
	free(v);
}
