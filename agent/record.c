/* record.c: apply a parsed inbound message to the database; see record.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "actions.h"
#include "config.h"
#include "db.h"
#include "jsonp.h"
#include "log.h"
#include "people.h"
#include "receipt.h"
#include "record.h"
#include "review.h"
#include "tasks.h"
#include "util.h"

struct thread {
	int64_t	 outbox_id;	/* -1 if no thread was found */
	char	 kind[16];
	int64_t	 ref;
	int64_t	 person_id;	/* -1 for the manager's own threads */
};

/* "<id>" -> "id" in buf. */
static const char *
bare_id(const char *id, char *buf, size_t len)
{
	size_t n;

	if (id == NULL)
		return NULL;
	if (*id == '<')
		id++;
	n = strcspn(id, ">");
	if (n >= len)
		n = len - 1;
	memcpy(buf, id, n);
	buf[n] = '\0';
	return buf;
}

static int
thread_by_id(struct db *db, const char *id, struct thread *t)
{
	sqlite3_stmt	*st;
	char		 buf[1000];
	int		 r;

	if (id == NULL)
		return 1;
	st = db_query(db, "SELECT id, kind, ref_id, person_id FROM outbox WHERE message_id = ?", "t",
	    bare_id(id, buf, sizeof(buf)));
	if (st == NULL)
		return -1;
	if ((r = db_step(st)) == 1) {
		t->outbox_id = sqlite3_column_int64(st, 0);
		strlcpy_r(t->kind, db_col_text(st, 1), sizeof(t->kind));
		t->ref = db_col_is_null(st, 2) ? -1 : sqlite3_column_int64(st, 2);
		t->person_id = db_col_is_null(st, 3) ? -1 : sqlite3_column_int64(st, 3);
	}
	db_done(st);
	return r == 1 ? 0 : r == 0 ? 1 : -1;
}

/* In-Reply-To first, then References from the newest. */
static int
find_thread(struct db *db, const struct jp *doc, struct thread *t)
{
	const struct jp	*refs = jp_get(doc, "references");
	size_t		 i;
	int		 r;

	t->outbox_id = -1;
	if ((r = thread_by_id(db, jp_str(jp_get(doc, "in_reply_to")), t)) != 1)
		return r;
	for (i = jp_len(refs); i > 0; i--)
		if ((r = thread_by_id(db, jp_str(jp_at(refs, i - 1)), t)) != 1)
			return r;
	return 1;
}

/* No thread: the sender's latest check-in still waiting for an answer (14 days). */
static int
fallback_thread(struct db *db, int64_t person_id, struct thread *t)
{
	int64_t	id;
	int	r;

	r = db_int(db, &id, "SELECT id FROM checkins WHERE person_id = ? AND status = 'sent' "
	    "AND sent_at >= ? ORDER BY sent_at DESC LIMIT 1", "ii", person_id,
	    (int64_t)now_utc() - 14 * 86400);
	if (r != 0)
		return r;
	strlcpy_r(t->kind, "checkin", sizeof(t->kind));
	t->ref = id;
	t->person_id = person_id;
	return 0;
}

static void
result(struct record_result *res, const char *state, const char *why)
{
	strlcpy_r(res->state, state, sizeof(res->state));
	strlcpy_r(res->why, why != NULL ? why : "", sizeof(res->why));
}

static int
record_bounce(struct db *db, const struct jp *doc, struct record_result *res)
{
	const struct jp	*b = jp_get(doc, "bounce");
	struct thread	 t;
	char		*err;
	int		 r;

	if ((r = thread_by_id(db, jp_str(jp_get(b, "original_message_id")), &t)) == -1)
		return -1;
	if (r == 1 && (r = find_thread(db, doc, &t)) == -1)
		return -1;
	if (r == 1) {
		result(res, "ignored", "a bounce of a message rapport did not send");
		return 0;
	}
	err = xasprintf("bounced: %s %s %s", jp_str(jp_get(b, "recipient")) ? jp_str(jp_get(b, "recipient")) : "",
	    jp_str(jp_get(b, "status")) ? jp_str(jp_get(b, "status")) : "",
	    jp_str(jp_get(b, "diagnostic")) ? jp_str(jp_get(b, "diagnostic")) : "");
	r = db_run(db, "UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?", "ti", err, t.outbox_id);
	if (r == 0)
		r = db_event(db, "outbox.bounce", t.person_id, t.outbox_id, "%s", err);
	free(err);
	res->person_id = t.person_id;
	strlcpy_r(res->thread_kind, t.kind, sizeof(res->thread_kind));
	res->thread_ref = t.outbox_id;
	result(res, "recorded", NULL);
	return r;
}

static int
record_absence(struct db *db, int64_t person_id, int64_t msg, const struct jp *doc)
{
	const char *until = jp_str(jp_get(jp_get(doc, "auto_reply"), "return_date"));

	if (db_run(db, "INSERT INTO absences (person_id, from_at, until_date, message_id) VALUES (?, ?, ?, ?)",
	    "iiti", person_id, (int64_t)now_utc(), until, msg) == -1)
		return -1;
	return db_event(db, "person.away", person_id, msg, "out of office%s%s",
	    until != NULL ? " until " : "", until != NULL ? until : "");
}

/* Replace the current answer for key (history is kept with replaced_at). */
static int
put_answer(struct db *db, int64_t checkin, int64_t msg, const char *key, const char *text,
    double num, double num_max, const struct jp *off, const char *source)
{
	int64_t now = now_utc();

	if (db_run(db, "UPDATE answers SET replaced_at = ? WHERE checkin_id = ? AND key = ? "
	    "AND replaced_at IS NULL", "iit", now, checkin, key) == -1)
		return -1;
	if (isnan(num))
		return db_run(db, "INSERT INTO answers (checkin_id, key, text, src_start, src_end, message_id, "
		    "at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "ittooiit", checkin, key, text,
		    jp_int(jp_at(off, 0), -1), jp_int(jp_at(off, 1), -1), msg, now, source);
	if (isnan(num_max))
		return db_run(db, "INSERT INTO answers (checkin_id, key, text, num, src_start, src_end, "
		    "message_id, at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "ittdooiit", checkin, key,
		    text, num, jp_int(jp_at(off, 0), -1), jp_int(jp_at(off, 1), -1), msg, now, source);
	return db_run(db, "INSERT INTO answers (checkin_id, key, text, num, num_max, src_start, src_end, "
	    "message_id, at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ittddooiit", checkin, key,
	    text, num, num_max, jp_int(jp_at(off, 0), -1), jp_int(jp_at(off, 1), -1), msg, now, source);
}

int
record_put_answer(struct db *db, int64_t checkin, int64_t msg, const char *key, const char *text,
    double num, double num_max, const char *source)
{
	return put_answer(db, checkin, msg, key, text, num, num_max, NULL, source);
}

/* Apply "#12 done" and friends; a task of someone else is ignored. */
static int
record_task_updates(struct db *db, int64_t person_id, int64_t msg, const struct jp *ups)
{
	struct task	 t;
	size_t		 i;
	char		 why[256];
	int		 r;

	for (i = 0; i < jp_len(ups); i++) {
		const struct jp	*u = jp_at(ups, i);
		const char	*status = jp_str(jp_get(u, "status"));
		const char	*reason = jp_str(jp_get(u, "reason"));
		int64_t		 id = jp_int(jp_get(u, "id"), -1);

		if (status == NULL || id < 0 || task_load(db, id, &t) != 0)
			continue;
		r = t.person_id == person_id;
		task_clear(&t);
		if (!r)
			continue;
		if (strcmp(status, "done") == 0)
			r = task_done(db, id, "reply", msg, why, sizeof(why));
		else if (strcmp(status, "progress") == 0)
			r = task_progress(db, id, (int)jp_int(jp_get(u, "percent"), 0), "reply", msg, why, sizeof(why));
		else if (strcmp(status, "new_date") == 0 && jp_str(jp_get(u, "new_date")) != NULL)
			r = task_move(db, id, jp_str(jp_get(u, "new_date")), reason, "reply", msg, why, sizeof(why));
		else if (strcmp(status, "blocked") == 0)
			r = task_block(db, id, reason, "reply", msg, why, sizeof(why));
		else if (strcmp(status, "not_done") == 0 || strcmp(status, "reopened") == 0)
			r = task_reopen(db, id, "reply", msg, why, sizeof(why));
		else
			continue;
		if (r == -1)
			return -1;
		if (r == 1)
			log_info("record: task #%lld update '%s' not applied: %s", (long long)id, status, why);
	}
	return 0;
}

static int
record_checkin(struct db *db, int64_t checkin, int64_t person_id, int64_t msg, const struct jp *doc)
{
	static const char	*keys[] = { "wins", "in_progress", "blockers", "next_week", "support" };
	const struct jp		*c = jp_get(doc, "checkin"), *sec, *offs, *h;
	size_t			 i;

	if (db_run(db, "UPDATE checkins SET status = 'answered', answered_at = coalesce(answered_at, ?), "
	    "message_id = ? WHERE id = ?", "iii", (int64_t)now_utc(), msg, checkin) == -1)
		return -1;
	sec = jp_get(c, "sections");
	offs = jp_get(c, "offsets");
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *text = jp_str(jp_get(sec, keys[i]));
		if (text != NULL && put_answer(db, checkin, msg, keys[i], text, NAN, NAN,
		    jp_get(offs, keys[i]), "reply") == -1)
			return -1;
	}
	if (jp_bool(jp_get(c, "blockers_none"), 0) &&
	    put_answer(db, checkin, msg, "blockers_none", "none", 1, NAN, NULL, "reply") == -1)
		return -1;
	h = jp_get(c, "hours");
	if (!jp_is_null(jp_get(h, "value"))) {
		if (put_answer(db, checkin, msg, "hours", NULL, jp_num(jp_get(h, "value"), NAN), NAN,
		    jp_get(offs, "hours"), "reply") == -1)
			return -1;
	} else if (!jp_is_null(jp_get(h, "min"))) {
		if (put_answer(db, checkin, msg, "hours", NULL, jp_num(jp_get(h, "min"), NAN),
		    jp_num(jp_get(h, "max"), NAN), jp_get(offs, "hours"), "reply") == -1)
			return -1;
	}
	if (!jp_is_null(jp_get(c, "mood")) &&
	    put_answer(db, checkin, msg, "mood", NULL, jp_num(jp_get(c, "mood"), NAN), NAN,
	    jp_get(offs, "mood"), "reply") == -1)
		return -1;
	if (jp_str(jp_get(c, "notes")) != NULL && *jp_str(jp_get(c, "notes")) != '\0' &&
	    put_answer(db, checkin, msg, "notes", jp_str(jp_get(c, "notes")), NAN, NAN,
	    jp_get(offs, "notes"), "reply") == -1)
		return -1;
	for (i = 0; i < jp_len(jp_get(c, "concerns")); i++) {
		const struct jp *k = jp_at(jp_get(c, "concerns"), i);
		if (db_run(db, "INSERT INTO answers (checkin_id, key, text, src_start, src_end, message_id, at, "
		    "source) VALUES (?, 'concern', ?, ?, ?, ?, ?, 'reply')", "itooii", checkin,
		    jp_str(jp_get(k, "text")), jp_int(jp_get(k, "start"), -1), jp_int(jp_get(k, "end"), -1),
		    msg, (int64_t)now_utc()) == -1)
			return -1;
	}
	if (record_task_updates(db, person_id, msg, jp_get(c, "task_updates")) == -1)
		return -1;
	return db_event(db, "checkin.answered", person_id, checkin, "message %lld", (long long)msg);
}

static int
record_feedback_reply(struct db *db, int64_t feedback, int64_t person_id, int64_t msg, const char *text)
{
	if (text == NULL || *text == '\0')
		return 0;
	return db_run(db, "INSERT INTO feedback (person_id, direction, kind, text, at, message_id, reply_to) "
	    "VALUES (?, 'from_person', 'reply', ?, ?, ?, ?)", "itiio", person_id, text, (int64_t)now_utc(),
	    msg, feedback);
}

static int
record_survey(struct db *db, int64_t survey, int64_t msg, const struct jp *doc)
{
	const struct jp *s = jp_get(doc, "survey");

	return db_run(db, "UPDATE surveys SET answered_at = ?, clarity = ?, support = ?, workload = ?, "
	    "comment = ?, message_id = ? WHERE id = ?", "iooo" "tii", (int64_t)now_utc(),
	    jp_int(jp_get(s, "clarity"), -1), jp_int(jp_get(s, "support"), -1),
	    jp_int(jp_get(s, "workload"), -1),
	    jp_str(jp_get(s, "comment")) != NULL ? jp_str(jp_get(s, "comment")) : jp_str(jp_get(doc, "reply_text")),
	    msg, survey);
}

/* A check-in answer, then its receipt. */
static int
record_checkin_receipt(struct db *db, const struct config *cfg, int64_t checkin, const struct person *p,
    int64_t msg, const struct jp *doc)
{
	if (record_checkin(db, checkin, p->id, msg, doc) == -1)
		return -1;
	return receipt_after_answer(db, cfg, p, checkin, msg, jp_str(jp_get(doc, "message_id")), now_utc());
}

/* An answer in a person's thread: what it records depends on what it answers. */
static int
record_answer(struct db *db, const struct config *cfg, const struct thread *t, const struct person *p,
    int64_t msg, const struct jp *doc, struct record_result *res)
{
	const char	*text = jp_str(jp_get(doc, "reply_text"));
	int64_t		 person_id = p->id;
	int		 r;

	result(res, "recorded", NULL);
	if (strcmp(t->kind, "checkin") == 0 || strcmp(t->kind, "reminder") == 0)
		return t->ref > 0 ? record_checkin_receipt(db, cfg, t->ref, p, msg, doc) : 0;
	if (strcmp(t->kind, "receipt") == 0) {
		/* corrections; a reply with fresh answers and no correction is an answer */
		if (t->ref <= 0)
			return 0;
		if ((r = receipt_correct(db, cfg, p, t->ref, msg, doc, res)) != 2)
			return r;
		return record_checkin_receipt(db, cfg, t->ref, p, msg, doc);
	}
	if (strcmp(t->kind, "followup") == 0) {
		if (record_task_updates(db, person_id, msg, jp_get(jp_get(doc, "checkin"), "task_updates")) == -1)
			return -1;
		return db_event(db, "task.followup_answered", person_id, t->ref, "%s", text != NULL ? text : "");
	}
	if (strcmp(t->kind, "feedback") == 0)
		return record_feedback_reply(db, t->ref, person_id, msg, text);
	if (strcmp(t->kind, "survey") == 0)
		return t->ref > 0 ? record_survey(db, t->ref, msg, doc) : 0;
	return db_event(db, "message.answer", person_id, msg, "reply to %s", t->kind);
}

static int
finish(struct db *db, int64_t msg, const struct jp *doc, const struct record_result *res)
{
	time_t when = 0;

	if (jp_str(jp_get(doc, "date")) != NULL)
		(void)parse_iso_time(jp_str(jp_get(doc, "date")), &when);
	return db_run(db, "UPDATE messages SET state = ?, class = ?, error = ?, "
	    "from_addr = coalesce(?, from_addr), subject = coalesce(?, subject), "
	    "date = ?, person_id = ?, thread_kind = ?, thread_ref = ?, reply_text = ?, processed_at = ? "
	    "WHERE id = ?", "tttttootot" "ii", res->state, jp_str(jp_get(doc, "class")),
	    *res->why != '\0' ? res->why : NULL, jp_str(jp_get(doc, "from")), jp_str(jp_get(doc, "subject")),
	    when > 0 ? (int64_t)when : (int64_t)-1, res->person_id,
	    *res->thread_kind != '\0' ? res->thread_kind : NULL, res->thread_ref,
	    jp_str(jp_get(doc, "reply_text")), (int64_t)now_utc(), msg);
}

int
record_message(struct db *db, const struct config *cfg, int64_t msg, const struct jp *doc,
    struct record_result *res)
{
	struct person	 p;
	struct thread	 t;
	const char	*cls = jp_str(jp_get(doc, "class")), *from = jp_str(jp_get(doc, "from"));
	int		 r, is_manager, found;
	char		 why[300];

	memset(res, 0, sizeof(*res));
	res->person_id = -1;
	res->thread_ref = -1;
	memset(&p, 0, sizeof(p));
	memset(&t, 0, sizeof(t));
	if (cls == NULL)
		cls = "unknown";
	if (jp_str(jp_get(doc, "error")) != NULL) {
		result(res, "failed", jp_str(jp_get(doc, "error")));
		return finish(db, msg, doc, res);
	}
	{
		/* our own email, come back (rapport doctor's round trip, a copy to self) */
		struct thread self;
		memset(&self, 0, sizeof(self));
		if ((r = thread_by_id(db, jp_str(jp_get(doc, "message_id")), &self)) == -1)
			return -1;
		if (r == 0) {
			result(res, "ignored", "an email rapport sent itself");
			return finish(db, msg, doc, res);
		}
	}
	if (strcmp(cls, "bounce") == 0) {
		if (record_bounce(db, doc, res) == -1)
			return -1;
		return finish(db, msg, doc, res);
	}
	if (strcmp(cls, "itip") == 0) {
		/* issue 6: RSVPs route by UID to their review, see review.c */
		if (review_record_itip(db, cfg, msg, doc, res) == -1)
			return -1;
		return finish(db, msg, doc, res);
	}
	is_manager = from != NULL && strcasecmp(from, cfg->manager_email) == 0;
	found = from != NULL && !is_manager ? person_by_address(db, from, &p) : 1;
	if (found == -1 || (r = find_thread(db, doc, &t)) == -1)
		return -1;
	if (found == 0)
		res->person_id = p.id;
	if (r == 0) {
		strlcpy_r(res->thread_kind, t.kind, sizeof(res->thread_kind));
		res->thread_ref = t.ref;
	}
	/* The address decides, never the display name. */
	if (r == 0 && t.person_id >= 0 && (found != 0 || p.id != t.person_id) && !is_manager) {
		snprintf(why, sizeof(why), "sender %s is not the person this thread belongs to",
		    from != NULL ? from : "(none)");
		result(res, "quarantined", why);
		goto done;
	}
	if (r == 0 && t.person_id < 0 && !is_manager) {
		snprintf(why, sizeof(why), "sender %s is not the manager", from != NULL ? from : "(none)");
		result(res, "quarantined", why);
		goto done;
	}
	if (is_manager) {
		/* The manager's mail is commands (a reply to any rapport email, or new mail). */
		if (actions_from_mail(db, cfg, msg, doc, res) == -1)
			goto dberr;
		goto done;
	}
	if (found != 0) {
		snprintf(why, sizeof(why), "unknown sender %s", from != NULL ? from : "(none)");
		result(res, "quarantined", why);
		goto done;
	}
	if (strcmp(cls, "unknown") == 0) {
		result(res, "ignored", "an automatic message, or nothing new in it");
		goto done;
	}
	if (strcmp(cls, "auto_reply") == 0) {
		if (record_absence(db, p.id, msg, doc) == -1)
			goto dberr;
		result(res, "recorded", NULL);
		goto done;
	}
	if (r == 1 && fallback_thread(db, p.id, &t) == -1)
		goto dberr;
	if (t.outbox_id == -1 && *t.kind == '\0') {
		result(res, "recorded", "no open item to match: kept as a message from the person");
		goto done;
	}
	strlcpy_r(res->thread_kind, t.kind, sizeof(res->thread_kind));
	res->thread_ref = t.ref;
	if (record_answer(db, cfg, &t, &p, msg, doc, res) == -1)
		goto dberr;
done:
	person_clear(&p);
	return finish(db, msg, doc, res);
dberr:
	person_clear(&p);
	return -1;
}
