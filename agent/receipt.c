/* receipt.c: check-in receipts and the corrections people reply with; see receipt.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "config.h"
#include "db.h"
#include "jsonp.h"
#include "mail.h"
#include "mustache.h"
#include "people.h"
#include "receipt.h"
#include "record.h"
#include "templates.h"
#include "util.h"
#include "validate.h"
#include "worktime.h"

/* "Nov 23": the Monday of the check-in's week, in the person's zone. */
static void
week_of(struct db *db, const struct person *p, int64_t checkin, struct mvalue *d)
{
	char	*period = NULL, buf[32];
	int	 y, w;
	time_t	 s, e;

	if (db_text(db, &period, "SELECT period FROM checkins WHERE id = ?", "i", checkin) != 0 ||
	    period == NULL)
		return;
	if (worktime_parse_week(period, &y, &w) == 0 && worktime_week_bounds(p->tz, y, w, &s, &e) == 0) {
		mail_fmt_date(p->tz, s, 0, buf, sizeof(buf));
		mv_set_str(d, "week", strlen(buf) > 4 ? buf + 4 : buf);
	}
	free(period);
}

static void
answers(struct db *db, int64_t checkin, struct mvalue *c)
{
	sqlite3_stmt	*st;
	const char	*key;
	char		 a[32], b[32];

	st = db_query(db, "SELECT key, text, num, num_max FROM answers WHERE checkin_id = ? "
	    "AND replaced_at IS NULL AND key != 'concern' ORDER BY id", "i", checkin);
	if (st == NULL)
		return;
	while (db_step(st) == 1) {
		key = db_col_text(st, 0);
		if (strcmp(key, "blockers_none") == 0) {
			mv_set_bool(c, "blockers_none", 1);
			continue;
		}
		if (strcmp(key, "hours") == 0 || strcmp(key, "mood") == 0) {
			snprintf(a, sizeof(a), "%g", sqlite3_column_double(st, 2));
			snprintf(b, sizeof(b), "%g", sqlite3_column_double(st, 3));
			if (db_col_is_null(st, 3))
				mv_set_str(c, key, a);
			else
				mv_set_strf(c, key, "%s\xe2\x80\x93%s", a, b);
			continue;
		}
		if (!db_col_is_null(st, 1))
			templates_set_text(c, key, db_col_text(st, 1));
	}
	db_done(st);
}

/* The task updates this message made: "done", "50%", "new date Fri Dec 8", ... */
static void
task_updates(struct db *db, const struct person *p, int64_t msg, struct mvalue *d)
{
	sqlite3_stmt	*st;
	struct mvalue	*l, *t;
	const char	*kind, *reason;
	char		 day[32];
	size_t		 n = 0;

	l = mv_set_list(d, "task_updates");
	st = db_query(db, "SELECT h.task_id, t.text, h.kind, h.new_due, h.percent, h.reason "
	    "FROM task_history h JOIN tasks t ON t.id = h.task_id WHERE h.message_id = ? AND "
	    "h.kind IN ('done', 'reopened', 'progress', 'moved', 'blocked') ORDER BY h.id", "i", msg);
	if (st == NULL)
		return;
	while (db_step(st) == 1) {
		kind = db_col_text(st, 2);
		reason = db_col_text_or_null(st, 5);
		t = mv_push_map(l);
		mv_set_int(t, "id", sqlite3_column_int64(st, 0));
		mv_set_str(t, "title", db_col_text(st, 1));
		if (strcmp(kind, "progress") == 0)
			mv_set_strf(t, "status", "%d%%", sqlite3_column_int(st, 4));
		else if (strcmp(kind, "moved") == 0) {
			mail_fmt_date(p->tz, zone_instant(p->tz, db_col_text(st, 3), 12 * 60), 0, day, sizeof(day));
			mv_set_strf(t, "status", "new date %s%s%s", day, reason != NULL ? ": " : "",
			    reason != NULL ? reason : "");
		} else if (strcmp(kind, "blocked") == 0)
			mv_set_strf(t, "status", "blocked%s%s", reason != NULL ? ": " : "",
			    reason != NULL ? reason : "");
		else
			mv_set_str(t, "status", strcmp(kind, "reopened") == 0 ? "not done" : "done");
		n++;
	}
	db_done(st);
	mv_set_bool(d, "has_task_updates", n > 0);
}

void
receipt_data(struct db *db, const struct person *p, int64_t checkin, int64_t msg, struct mvalue *d)
{
	week_of(db, p, checkin, d);
	answers(db, checkin, mv_set_map(d, "checkin"));
	task_updates(db, p, msg, d);
}

static int
queue(struct db *db, const struct config *cfg, const struct person *p, int64_t checkin, int64_t msg,
    const char *in_reply_to, const struct actions_result *corr, time_t now, int64_t *outbox_id)
{
	struct mvalue	*d = mail_base_data(cfg, p), *l;
	struct mail_out	 o;
	size_t		 i;
	int		 r;

	receipt_data(db, p, checkin, msg, d);
	mv_set_bool(d, "correction", corr != NULL);
	if (corr != NULL) {
		mv_set_bool(d, "has_corrections", corr->ndone > 0);
		l = mv_set_list(d, "corrections");
		for (i = 0; i < corr->ndone; i++)
			mv_push(l, mv_str(corr->done[i]));
		mv_set_bool(d, "has_errors", corr->nerrors > 0);
		l = mv_set_list(d, "errors");
		for (i = 0; i < corr->nerrors; i++)
			mv_push(l, mv_str(corr->errors[i]));
	}
	memset(&o, 0, sizeof(o));
	o.kind = "receipt";
	o.ref = checkin;
	o.person = p;
	o.tmpl = "receipt";
	o.in_reply_to = in_reply_to != NULL && *in_reply_to == '<' ? in_reply_to : NULL;
	o.now = now;
	o.auto_replied = 1;
	r = mail_queue(db, cfg, &o, d);
	mv_free(d);
	*outbox_id = o.outbox_id;
	return r;
}

int
receipt_after_answer(struct db *db, const struct config *cfg, const struct person *p, int64_t checkin,
    int64_t msg, const char *in_reply_to, time_t now)
{
	int64_t	ob = -1;
	int	r;

	if (!cfg->receipts || !p->receipts)
		return 0;
	if ((r = actions_once_seen(db, msg, "receipt", NULL)) != 0)
		return r == 1 ? 0 : -1;
	if (queue(db, cfg, p, checkin, msg, in_reply_to, NULL, now, &ob) == -1)
		return -1;
	return actions_once_mark(db, msg, "receipt", NULL, ob);
}

/* Did the check-in parser find answers (not just loose notes) in the reply? */
static int
has_answers(const struct jp *doc)
{
	static const char	*keys[] = { "wins", "in_progress", "blockers", "next_week", "support" };
	const struct jp		*c = jp_get(doc, "checkin"), *h;
	size_t			 i;

	if (c == NULL || jp_is_null(c))
		return 0;
	for (i = 0; i < nitems(keys); i++)
		if (jp_str(jp_get(jp_get(c, "sections"), keys[i])) != NULL)
			return 1;
	h = jp_get(c, "hours");
	return jp_bool(jp_get(c, "blockers_none"), 0) || !jp_is_null(jp_get(h, "value")) ||
	    !jp_is_null(jp_get(h, "min")) || !jp_is_null(jp_get(c, "mood")) ||
	    jp_len(jp_get(c, "task_updates")) > 0;
}

static void
set_result(struct record_result *res, const char *state, const char *why)
{
	strlcpy_r(res->state, state, sizeof(res->state));
	strlcpy_r(res->why, why != NULL ? why : "", sizeof(res->why));
}

int
receipt_correct(struct db *db, const struct config *cfg, const struct person *p, int64_t checkin,
    int64_t msg, const struct jp *doc, struct record_result *res)
{
	struct actions_ctx	 ctx;
	struct actions_result	 ar;
	const char		*text = jp_str(jp_get(doc, "reply_text"));
	int64_t			 ob = -1;
	time_t			 date = 0;
	int			 r;

	if ((r = actions_once_seen(db, msg, "correction", NULL)) != 0) {
		set_result(res, "recorded", "its corrections were already applied; not again");
		return r == 1 ? 0 : -1;
	}
	if (jp_str(jp_get(doc, "date")) == NULL || parse_iso_time(jp_str(jp_get(doc, "date")), &date) == -1)
		date = now_utc();
	memset(&ctx, 0, sizeof(ctx));
	ctx.db = db;
	ctx.cfg = cfg;
	ctx.date = date;
	ctx.source = "reply";
	ctx.message = msg;
	ctx.person = p;
	ctx.checkin = checkin;
	if (actions_run(&ctx, text != NULL ? text : "", text != NULL ? strlen(text) : 0, &ar) == -1)
		return -1;
	if (ar.ncommands == 0 && has_answers(doc)) {
		actions_result_free(&ar);
		return 2;
	}
	r = 0;
	if (ar.ndone + ar.nerrors > 0)
		r = queue(db, cfg, p, checkin, msg, jp_str(jp_get(doc, "message_id")), &ar, now_utc(), &ob);
	if (r == 0)
		r = actions_once_mark(db, msg, "correction", &ar, ob);
	if (r == 0 && ar.ndone + ar.nerrors > 0)
		r = db_event(db, "checkin.corrected", p->id, checkin, "%zu corrected, %zu not understood",
		    ar.ndone, ar.nerrors);
	set_result(res, "recorded", ar.ndone + ar.nerrors > 0 ? NULL : "a reply to a receipt with nothing "
	    "to correct");
	actions_result_free(&ar);
	return r;
}
