/* mail.c: render, compose and queue the emails rapport sends; see mail.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "config.h"
#include "db.h"
#include "digest.h"
#include "log.h"
#include "mail.h"
#include "mustache.h"
#include "outbox.h"
#include "people.h"
#include "review.h"
#include "tasks.h"
#include "templates.h"
#include "tzone.h"
#include "util.h"
#include "validate.h"
#include "worktime.h"

void
mail_fmt_date(const char *tz, time_t t, int with_time, char *buf, size_t len)
{
	static const char	*wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char	*mo[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
	    "Sep", "Oct", "Nov", "Dec" };
	struct tzone_local	 l;
	icaltimezone		*z = tzone_get(tz);

	if (z == NULL || tzone_to_local(z, t, &l) == -1) {
		snprintf(buf, len, "?");
		return;
	}
	if (with_time)
		snprintf(buf, len, "%s %s %d %02d:%02d", wd[l.wday], mo[l.month - 1], l.day, l.hour, l.min);
	else
		snprintf(buf, len, "%s %s %d", wd[l.wday], mo[l.month - 1], l.day);
}

void
mail_first_name(const char *name, char *buf, size_t len)
{
	size_t n = strcspn(name, " ");

	if (n >= len)
		n = len - 1;
	memcpy(buf, name, n);
	buf[n] = '\0';
}

/* "Fri Dec 4" for a YYYY-MM-DD date (noon in the zone avoids DST edges). */
static void
fmt_day(const char *tz, const char *date, char *buf, size_t len)
{
	mail_fmt_date(tz, zone_instant(tz, date, 12 * 60), 0, buf, len);
}

struct mvalue *
mail_base_data(const struct config *c, const struct person *p)
{
	struct mvalue	*d = mv_map(), *m;
	char		 first[64];

	if (p != NULL) {
		m = mv_set_map(d, "person");
		mv_set_str(m, "name", p->name);
		mail_first_name(p->name, first, sizeof(first));
		mv_set_str(m, "first_name", first);
	}
	m = mv_set_map(d, "manager");
	mv_set_str(m, "name", c->manager_name);
	mail_first_name(c->manager_name, first, sizeof(first));
	mv_set_str(m, "first_name", first);
	mv_set_str(m, "email", c->manager_email);
	m = mv_set_map(d, "agent");
	mv_set_str(m, "address", c->address != NULL ? c->address : c->manager_email);
	return d;
}

/* The person's open tasks, for the check-in and its reminder. */
static void
add_tasks(struct db *db, struct mvalue *d, const struct person *p, time_t now)
{
	struct task	*v;
	struct mvalue	*list, *t;
	size_t		 n, i;
	char		 today[16], due[32];

	if (task_list(db, p->id, TASK_OPEN, NULL, &v, &n) == -1)
		return;
	zone_date(p->tz, now, today, sizeof(today));
	mv_set_bool(d, "has_tasks", n > 0);
	list = mv_set_list(d, "tasks");
	for (i = 0; i < n; i++) {
		t = mv_push_map(list);
		mv_set_int(t, "id", v[i].id);
		mv_set_str(t, "title", v[i].text);
		fmt_day(p->tz, v[i].due, due, sizeof(due));
		mv_set_str(t, "due", due);
		mv_set_bool(t, "overdue", strcmp(v[i].due, today) < 0);
	}
	if (n > 0)
		mv_set_int(d, "example_id", v[0].id);
	task_list_free(v, n);
}


int
mail_queue(struct db *db, const struct config *c, struct mail_out *o, const struct mvalue *data)
{
	struct compose_msg	 m;
	struct compose_addr	 to;
	struct outbox_msg	 ob;
	char			*subject = NULL, *text = NULL, *html = NULL, *bytes = NULL, err[512];
	char			 ref[32], *rcpt, *bare;
	const char		*refs[1];
	size_t			 len;
	int			 r = -1, off = 0;
	icaltimezone		*z;

	snprintf(ref, sizeof(ref), "%lld", (long long)(o->ref >= 0 ? o->ref : 0));
	if (compose_message_id(o->kind, ref, c->domain, o->message_id, sizeof(o->message_id)) == -1) {
		log_error("mail: cannot make a Message-ID for %s", o->kind);
		return -1;
	}
	if (templates_render(o->tmpl, data, &subject, &text, &html, err, sizeof(err)) == -1) {
		log_error("mail: template %s: %s", o->tmpl, err);
		return -1;
	}
	memset(&m, 0, sizeof(m));
	m.from.name = c->from_name;
	m.from.addr = c->from != NULL ? c->from : c->address;
	m.reply_to.addr = c->address;
	to.name = o->person != NULL ? o->person->name : c->manager_name;
	to.addr = o->person != NULL ? o->person->email : c->manager_email;
	m.to = &to;
	m.nto = 1;
	m.subject = subject;
	m.text = text;
	m.html = html;
	m.date = o->now;
	/* the Date shows the recipient's own offset */
	if ((z = tzone_get(o->person != NULL ? o->person->tz : c->manager_tz)) != NULL)
		(void)tzone_offset(z, o->now, &off, NULL);
	m.utc_offset = off;
	m.message_id = o->message_id;
	if (o->in_reply_to != NULL) {
		m.in_reply_to = o->in_reply_to;
		refs[0] = o->in_reply_to;
		m.references = refs;
		m.nreferences = 1;
	}
	m.auto_submitted = o->auto_replied ? COMPOSE_AUTO_REPLIED : COMPOSE_AUTO_GENERATED;
	m.calendar = o->calendar;
	m.calendar_method = o->calendar_method;
	m.calendar_attach = o->calendar != NULL ? "invite.ics" : NULL;
	if (m.from.addr == NULL) {
		log_error("mail: no sender address: set [smtp] from");
		goto out;
	}
	if (compose_build(&m, &bytes, &len, err, sizeof(err)) == -1) {
		log_error("mail: %s to %s: %s", o->kind, to.addr, err);
		goto out;
	}
	memset(&ob, 0, sizeof(ob));
	ob.kind = o->kind;
	ob.ref = o->ref;
	ob.person_id = o->person != NULL ? o->person->id : -1;
	bare = xstrndup(o->message_id + 1, strlen(o->message_id) - 2);	/* stored without brackets */
	ob.message_id = bare;
	ob.from = m.from.addr;
	rcpt = xstrdup(to.addr);
	ob.rcpts = rcpt;
	ob.subject = subject;
	ob.data = bytes;
	ob.len = len;
	r = outbox_enqueue(db, &ob, &o->outbox_id);
	free(rcpt);
	free(bare);
out:
	free(subject);
	free(text);
	free(html);
	free(bytes);
	return r;
}

/* The Message-ID ("<...>") of the check-in email, for threading its reminder. */
static char *
checkin_message_id(struct db *db, int64_t checkin)
{
	char	*mid = NULL, *r;

	if (db_text(db, &mid, "SELECT o.message_id FROM outbox o JOIN checkins c ON c.outbox_id = o.id "
	    "WHERE c.id = ?", "i", checkin) != 0 || mid == NULL)
		return NULL;
	r = xasprintf("<%s>", mid);
	free(mid);
	return r;
}

static void
week_start(const struct person *p, const char *period, char *buf, size_t len)
{
	int	y, w;
	time_t	s, e;

	if (worktime_parse_week(period, &y, &w) == 0 && worktime_week_bounds(p->tz, y, w, &s, &e) == 0) {
		mail_fmt_date(p->tz, s, 0, buf, len);
		memmove(buf, buf + 4, strlen(buf + 4) + 1);	/* "Nov 23" */
	} else
		strlcpy_r(buf, period, len);
}

int
mail_checkin(struct db *db, const struct config *c, const struct person *p, int64_t checkin,
    const char *period, time_t now)
{
	struct mvalue	*d = mail_base_data(c, p);
	struct mail_out	 o;
	char		 week[32];
	int		 r;

	week_start(p, period, week, sizeof(week));
	mv_set_str(d, "week", week);
	add_tasks(db, d, p, now);
	memset(&o, 0, sizeof(o));
	o.kind = "checkin";
	o.ref = checkin;
	o.person = p;
	o.tmpl = "checkin";
	o.now = now;
	r = mail_queue(db, c, &o, d);
	mv_free(d);
	if (r == 0)
		r = db_run(db, "UPDATE checkins SET outbox_id = ? WHERE id = ?", "ii", o.outbox_id, checkin);
	return r;
}

int
mail_reminder(struct db *db, const struct config *c, const struct person *p, int64_t checkin, time_t now)
{
	struct mvalue	*d = mail_base_data(c, p);
	struct mail_out	 o;
	char		 week[32], sent[32], *period = NULL, *parent;
	int64_t		 sent_at = 0;
	int		 r;

	if (db_text(db, &period, "SELECT period FROM checkins WHERE id = ?", "i", checkin) == 0 && period != NULL) {
		week_start(p, period, week, sizeof(week));
		mv_set_str(d, "week", week);
	}
	free(period);
	if (db_int(db, &sent_at, "SELECT sent_at FROM checkins WHERE id = ?", "i", checkin) == 0) {
		mail_fmt_date(p->tz, (time_t)sent_at, 0, sent, sizeof(sent));
		sent[3] = '\0';
		mv_set_str(d, "sent_on", sent);
	}
	add_tasks(db, d, p, now);
	parent = checkin_message_id(db, checkin);
	memset(&o, 0, sizeof(o));
	o.kind = "reminder";
	o.ref = checkin;
	o.person = p;
	o.tmpl = "checkin_reminder";
	o.in_reply_to = parent;
	o.now = now;
	r = mail_queue(db, c, &o, d);
	free(parent);
	mv_free(d);
	return r;
}

int
mail_followup(struct db *db, const struct config *c, const struct person *p, const struct task *t,
    time_t now)
{
	struct mvalue	*d = mail_base_data(c, p), *tm;
	struct mail_out	 o;
	char		 due[32], ex[32];
	int		 r;

	tm = mv_set_map(d, "task");
	mv_set_int(tm, "id", t->id);
	mv_set_str(tm, "title", t->text);
	fmt_day(p->tz, t->due, due, sizeof(due));
	mv_set_str(tm, "due", due);
	mail_fmt_date(p->tz, now + 7 * 86400, 0, ex, sizeof(ex));
	mv_set_str(d, "example_date", ex + 4);
	memset(&o, 0, sizeof(o));
	o.kind = "followup";
	o.ref = t->id;
	o.person = p;
	o.tmpl = "deadline_followup";
	o.now = now;
	r = mail_queue(db, c, &o, d);
	mv_free(d);
	return r;
}

int
mail_survey(struct db *db, const struct config *c, const struct person *p, int64_t survey,
    const char *month, time_t now)
{
	static const char *names[] = { "January", "February", "March", "April", "May", "June", "July",
	    "August", "September", "October", "November", "December" };
	struct mvalue	*d = mail_base_data(c, p);
	struct mail_out	 o;
	int		 mo = 0, r;

	if (sscanf(month, "%*d-%d", &mo) == 1 && mo >= 1 && mo <= 12)
		mv_set_str(d, "month", names[mo - 1]);
	memset(&o, 0, sizeof(o));
	o.kind = "survey";
	o.ref = survey;
	o.person = p;
	o.tmpl = "survey";
	o.now = now;
	r = mail_queue(db, c, &o, d);
	mv_free(d);
	if (r == 0)
		r = db_run(db, "UPDATE surveys SET outbox_id = ? WHERE id = ?", "ii", o.outbox_id, survey);
	return r;
}

int
mail_feedback(struct db *db, const struct config *c, const struct person *p, const char *kind,
    const char *text, time_t now, int64_t *fid)
{
	struct mvalue	*d = mail_base_data(c, p);
	struct mail_out	 o;
	int		 r;

	if (db_run(db, "INSERT INTO feedback (person_id, direction, kind, text, at) VALUES (?, 'to_person', "
	    "?, ?, ?)", "itti", p->id, kind, text, (int64_t)now) == -1) {
		mv_free(d);
		return -1;
	}
	*fid = db_last_id(db);
	templates_set_text(d, "note", text);
	memset(&o, 0, sizeof(o));
	o.kind = "feedback";
	o.ref = *fid;
	o.person = p;
	o.tmpl = strcmp(kind, "constructive") == 0 ? "feedback_constructive" : "feedback_praise";
	o.now = now;
	r = mail_queue(db, c, &o, d);
	mv_free(d);
	if (r == 0)
		r = db_run(db, "UPDATE feedback SET outbox_id = ? WHERE id = ?", "ii", o.outbox_id, *fid);
	return r;
}

int
mail_tick_reviews(struct db *db, const struct config *c, const struct person *p, time_t now,
    unsigned *queued)
{
	/* issue 6: review invites are scheduled by review.c */
	return review_tick(db, c, p, now, queued);
}

int
mail_tick_digest(struct db *db, const struct config *c, time_t now, unsigned *queued)
{
	return digest_tick(db, c, now, queued);
}
