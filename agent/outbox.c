/* outbox.c: the durable outbox; see outbox.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "outbox.h"
#include "people.h"
#include "schedule.h"
#include "util.h"
#include "worktime.h"

#define FLUSH_BATCH	200	/* rows marked sending per transaction */

int
outbox_enqueue(struct db *db, const struct outbox_msg *m, int64_t *id)
{
	time_t	now = now_utc();
	int	r;

	r = db_run(db, "INSERT INTO outbox (kind, ref_id, person_id, message_id, mail_from, rcpts, subject, "
	    "bytes, state, attempts, next_attempt, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, "
	    "?, ?)", "tootttt" "bii", m->kind, m->ref, m->person_id, m->message_id, m->from, m->rcpts,
	    m->subject, m->data, m->len, (int64_t)(m->not_before > 0 ? m->not_before : now), (int64_t)now);
	if (r == 0 && id != NULL)
		*id = db_last_id(db);
	return r;
}

long
outbox_backoff(int attempts, double rnd)
{
	double base;

	if (attempts < 1)
		attempts = 1;
	/* 1 min, 2, 4, ... capped at 6 hours */
	base = 60.0 * (double)(1L << (attempts - 1 > 10 ? 10 : attempts - 1));
	if (base > 6 * 3600.0)
		base = 6 * 3600.0;
	return (long)(base * (0.8 + 0.4 * rnd));
}

struct due {
	int64_t	 id;
	int64_t	 person_id;
	int	 attempts;
	char	*from;
	char	*rcpts;
	char	*data;
	size_t	 len;
};

static void
due_free(struct due *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].from);
		free(v[i].rcpts);
		free(v[i].data);
	}
	free(v);
}

/* Is the person inside their working hours now? If not, when next. */
static int
person_window(struct db *db, int64_t pid, time_t now, time_t *next)
{
	struct person	p;
	struct wt_pause	pause;
	struct worktime	wt;
	int		ok;

	if (pid < 0 || person_load(db, pid, &p) != 0)
		return 1;
	schedule_worktime(&p, &pause, &wt);
	ok = worktime_allowed(&wt, now);
	if (!ok && worktime_next_allowed(&wt, now, next) == -1)
		*next = now + 86400;
	person_clear(&p);
	return ok;
}

/* Load due rows (pending, or sending left over from a crash). */
static int
load_due(struct db *db, time_t now, size_t max, struct due **vp, size_t *np)
{
	sqlite3_stmt	*st;
	struct due	*v = NULL;
	size_t		 n = 0;
	int		 r;

	/* the bytes are read one message at a time, when it is sent: memory stays
	 * at one message, however large the batch */
	st = db_query(db, "SELECT id, coalesce(person_id, -1), attempts, mail_from, rcpts FROM outbox "
	    "WHERE (state = 'pending' AND next_attempt <= ?) OR state = 'sending' ORDER BY id LIMIT ?",
	    "ii", (int64_t)now, (int64_t)max);
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n].id = sqlite3_column_int64(st, 0);
		v[n].person_id = sqlite3_column_int64(st, 1);
		v[n].attempts = sqlite3_column_int(st, 2);
		v[n].from = xstrdup(db_col_text(st, 3));
		v[n].rcpts = xstrdup(db_col_text(st, 4));
		v[n].data = NULL;
		v[n].len = 0;
		n++;
	}
	db_done(st);
	*vp = v;
	*np = n;
	return r == -1 ? -1 : 0;
}

static int
load_bytes(struct db *db, struct due *d)
{
	sqlite3_stmt *st;

	st = db_query(db, "SELECT bytes FROM outbox WHERE id = ?", "i", d->id);
	if (st == NULL || db_step(st) != 1) {
		db_done(st);
		return -1;
	}
	d->len = (size_t)sqlite3_column_bytes(st, 0);
	d->data = xmalloc(d->len + 1);
	memcpy(d->data, sqlite3_column_blob(st, 0), d->len);
	d->data[d->len] = '\0';
	db_done(st);
	return 0;
}

static size_t
split_rcpts(char *s, const char **out, size_t max)
{
	size_t	 n = 0;
	char	*tok, *save = NULL;

	for (tok = strtok_r(s, ",", &save); tok != NULL && n < max; tok = strtok_r(NULL, ",", &save))
		out[n++] = tok;
	return n;
}

struct outcome {
	int64_t			 id;
	enum send_result	 res;
	int			 attempts;
	char			 resp[512];
	time_t			 defer;		/* > 0: not sent, deferred to this time */
};

static int
record_outcomes(struct db *db, const struct outcome *o, size_t n, time_t now, struct outbox_stats *st)
{
	size_t	i;
	int	r = 0;

	if (db_begin(db) == -1)
		return -1;
	for (i = 0; i < n && r == 0; i++) {
		if (o[i].defer > 0) {
			st->deferred++;
			r = db_run(db, "UPDATE outbox SET state = 'pending', next_attempt = ? WHERE id = ?", "ii",
			    (int64_t)o[i].defer, o[i].id);
		} else if (o[i].res == SEND_OK) {
			st->sent++;
			r = db_run(db, "UPDATE outbox SET state = 'sent', sent_at = ?, attempts = ?, last_error = NULL "
			    "WHERE id = ?", "iii", (int64_t)now, (int64_t)o[i].attempts, o[i].id);
		} else if (o[i].res == SEND_PERMFAIL || o[i].attempts >= OUTBOX_MAX_ATTEMPTS) {
			st->permfail++;
			log_warn("outbox: message %lld failed for good: %s", (long long)o[i].id, o[i].resp);
			r = db_run(db, "UPDATE outbox SET state = 'failed', attempts = ?, last_error = ? WHERE id = ?",
			    "iti", (int64_t)o[i].attempts, o[i].resp, o[i].id);
		} else {
			st->tempfail++;
			r = db_run(db, "UPDATE outbox SET state = 'pending', attempts = ?, last_error = ?, "
			    "next_attempt = ? WHERE id = ?", "itii", (int64_t)o[i].attempts, o[i].resp,
			    (int64_t)(now + outbox_backoff(o[i].attempts, drand48())), o[i].id);
		}
	}
	if (r == 0 && db_commit(db) == 0)
		return 0;
	db_rollback(db);
	return -1;
}

int
outbox_flush(struct db *db, const struct config *c, time_t now, size_t max,
    const struct outbox_transport *tr, struct outbox_stats *st)
{
	struct due	*v = NULL;
	struct outcome	*o;
	size_t		 n, i, nr;
	const char	*rcpts[64];
	char		 why[512];
	int		 opened = 0, r = 0;

	(void)c;
	memset(st, 0, sizeof(*st));
	if (max == 0 || max > FLUSH_BATCH)
		max = FLUSH_BATCH;
	if (load_due(db, now, max, &v, &n) == -1)
		return -1;
	if (n == 0)
		return 0;
	o = xcalloc(n, sizeof(*o));
	/* Mark the batch 'sending' before any byte goes out (one transaction). */
	if (db_begin(db) == -1)
		goto dberr;
	for (i = 0; i < n; i++) {
		o[i].id = v[i].id;
		o[i].attempts = v[i].attempts;
		if (!person_window(db, v[i].person_id, now, &o[i].defer))
			continue;
		if (db_run(db, "UPDATE outbox SET state = 'sending' WHERE id = ?", "i", v[i].id) == -1) {
			db_rollback(db);
			goto dberr;
		}
	}
	if (db_commit(db) == -1)
		goto dberr;
	for (i = 0; i < n; i++) {
		if (o[i].defer > 0)
			continue;
		if (!opened) {
			if (tr->open(tr->ctx, why, sizeof(why)) == -1) {
				/* nobody to talk to: everything left is a temporary failure */
				for (; i < n; i++) {
					if (o[i].defer > 0)
						continue;
					o[i].res = SEND_TEMPFAIL;
					o[i].attempts++;
					strlcpy_r(o[i].resp, why, sizeof(o[i].resp));
				}
				log_warn("outbox: %s", why);
				break;
			}
			opened = 1;
		}
		nr = split_rcpts(v[i].rcpts, rcpts, sizeof(rcpts) / sizeof(rcpts[0]));
		o[i].attempts++;
		if (load_bytes(db, &v[i]) == -1) {
			o[i].res = SEND_TEMPFAIL;
			strlcpy_r(o[i].resp, "could not read the message from the database", sizeof(o[i].resp));
			continue;
		}
		o[i].res = tr->send(tr->ctx, v[i].from, rcpts, nr, v[i].data, v[i].len, o[i].resp,
		    sizeof(o[i].resp));
		free(v[i].data);
		v[i].data = NULL;
	}
	if (opened)
		tr->close(tr->ctx);
	crash_point("after-send");
	r = record_outcomes(db, o, n, now, st);
	free(o);
	due_free(v, n);
	return r;
dberr:
	free(o);
	due_free(v, n);
	return -1;
}

int
outbox_retry(struct db *db, int64_t id)
{
	if (db_run(db, "UPDATE outbox SET state = 'pending', next_attempt = ?, attempts = 0 "
	    "WHERE id = ? AND state != 'sent'", "ii", (int64_t)now_utc(), id) == -1)
		return -1;
	return db_changes(db) > 0 ? 0 : 1;
}

int
outbox_purge_sent(struct db *db, time_t now, long age, int64_t *n)
{
	if (db_run(db, "DELETE FROM outbox WHERE state = 'sent' AND sent_at < ?", "i",
	    (int64_t)(now - age)) == -1)
		return -1;
	*n = db_changes(db);
	return 0;
}

int
outbox_next_due(struct db *db, time_t *when)
{
	int64_t	t;
	int	r;

	r = db_int(db, &t, "SELECT min(next_attempt) FROM outbox WHERE state IN ('pending', 'sending')", "");
	if (r == -1)
		return -1;
	*when = r == 0 ? (time_t)t : 0;
	return 0;
}
