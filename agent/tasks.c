/* tasks.c: tasks and goals, with their history; see tasks.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "tasks.h"
#include "util.h"

#define TASK_COLS "t.id, t.person_id, p.name, t.text, t.due, t.status, t.percent, t.blocked, " \
	"t.created_at, t.done_at, (SELECT count(*) FROM task_history h WHERE h.task_id = t.id AND h.kind = 'moved')"

static void
task_from_row(sqlite3_stmt *st, struct task *t)
{
	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(st, 0);
	t->person_id = sqlite3_column_int64(st, 1);
	t->person = xstrdup(db_col_text(st, 2));
	t->text = xstrdup(db_col_text(st, 3));
	t->due = xstrdup(db_col_text(st, 4));
	t->status = xstrdup(db_col_text(st, 5));
	t->percent = db_col_is_null(st, 6) ? -1 : sqlite3_column_int(st, 6);
	t->blocked = db_col_is_null(st, 7) ? NULL : xstrdup(db_col_text(st, 7));
	t->created_at = sqlite3_column_int64(st, 8);
	t->done_at = sqlite3_column_int64(st, 9);
	t->moves = sqlite3_column_int(st, 10);
}

void
task_clear(struct task *t)
{
	if (t == NULL)
		return;
	free(t->person);
	free(t->text);
	free(t->due);
	free(t->status);
	free(t->blocked);
	memset(t, 0, sizeof(*t));
}

void
task_list_free(struct task *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		task_clear(&v[i]);
	free(v);
}

int
task_load(struct db *db, int64_t id, struct task *t)
{
	sqlite3_stmt	*st;
	int		 r;

	st = db_query(db, "SELECT " TASK_COLS " FROM tasks t JOIN people p ON p.id = t.person_id "
	    "WHERE t.id = ?", "i", id);
	if (st == NULL)
		return -1;
	if ((r = db_step(st)) == 1)
		task_from_row(st, t);
	db_done(st);
	return r == 1 ? 0 : r == 0 ? 1 : -1;
}

int
task_list(struct db *db, int64_t person_id, int states, const char *due_before,
    struct task **out, size_t *np)
{
	sqlite3_stmt	*st;
	struct task	*v = NULL;
	size_t		 n = 0, cap = 0;
	int		 r;

	st = db_query(db, "SELECT " TASK_COLS " FROM tasks t JOIN people p ON p.id = t.person_id "
	    "WHERE (?1 < 0 OR t.person_id = ?1) "
	    "AND ((?2 & 1 AND t.status = 'open') OR (?2 & 2 AND t.status = 'done') "
	    "     OR (?2 & 4 AND t.status = 'cancelled')) "
	    "AND (?3 = '' OR t.due < ?3) "
	    "ORDER BY t.status = 'open' DESC, t.due, t.id", "iit", person_id, (int64_t)states,
	    due_before == NULL ? "" : due_before);
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			v = xrealloc(v, cap * sizeof(*v));
		}
		task_from_row(st, &v[n++]);
	}
	db_done(st);
	if (r == -1) {
		task_list_free(v, n);
		return -1;
	}
	*out = v;
	*np = n;
	return 0;
}

static int
history(struct db *db, int64_t id, const char *kind, const char *old_due, const char *new_due,
    int percent, const char *reason, const char *source, int64_t message_id)
{
	return db_run(db, "INSERT INTO task_history (task_id, at, kind, old_due, new_due, percent, "
	    "reason, source, message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "iitttotto",
	    id, (int64_t)now_utc(), kind, old_due, new_due, (int64_t)percent, reason, source,
	    message_id);
}

int
task_add(struct db *db, int64_t person_id, const char *text, const char *due,
    const char *source, int64_t message_id, int64_t *idp)
{
	int64_t id;

	if (db_run(db, "INSERT INTO tasks (person_id, text, due, created_at) VALUES (?, ?, ?, ?)",
	    "itti", person_id, text, due, (int64_t)now_utc()) != 0)
		return -1;
	id = db_last_id(db);
	if (history(db, id, "created", NULL, due, -1, NULL, source, message_id) == -1)
		return -1;
	if (idp != NULL)
		*idp = id;
	return 0;
}

/* Load a task and check it is in one of the allowed states. */
static int
load_state(struct db *db, int64_t id, int states, struct task *t, char *why, size_t len)
{
	int r;

	if ((r = task_load(db, id, t)) != 0) {
		if (r == 1)
			snprintf(why, len, "no task #%lld", (long long)id);
		return r;
	}
	if ((!(states & TASK_OPEN) && strcmp(t->status, "open") == 0) ||
	    (!(states & TASK_DONE) && strcmp(t->status, "done") == 0) ||
	    (!(states & TASK_CANCELLED) && strcmp(t->status, "cancelled") == 0)) {
		snprintf(why, len, "task #%lld is %s", (long long)id, t->status);
		task_clear(t);
		return 1;
	}
	return 0;
}

int
task_done(struct db *db, int64_t id, const char *source, int64_t message_id, char *why, size_t len)
{
	struct task	t;
	int		r;

	if ((r = load_state(db, id, TASK_OPEN, &t, why, len)) != 0)
		return r;
	r = db_run(db, "UPDATE tasks SET status = 'done', done_at = ?, percent = 100, blocked = NULL "
	    "WHERE id = ?", "ii", (int64_t)now_utc(), id);
	if (r == 0)
		r = history(db, id, "done", NULL, NULL, 100, NULL, source, message_id);
	task_clear(&t);
	return r;
}

int
task_reopen(struct db *db, int64_t id, const char *source, int64_t message_id, char *why, size_t len)
{
	struct task	t;
	int		r;

	if ((r = load_state(db, id, TASK_DONE | TASK_CANCELLED, &t, why, len)) != 0)
		return r;
	r = db_run(db, "UPDATE tasks SET status = 'open', done_at = NULL WHERE id = ?", "i", id);
	if (r == 0)
		r = history(db, id, "reopened", NULL, NULL, -1, NULL, source, message_id);
	task_clear(&t);
	return r;
}

int
task_move(struct db *db, int64_t id, const char *new_due, const char *reason,
    const char *source, int64_t message_id, char *why, size_t len)
{
	struct task	t;
	int		r;

	if ((r = load_state(db, id, TASK_OPEN, &t, why, len)) != 0)
		return r;
	r = db_run(db, "UPDATE tasks SET due = ? WHERE id = ?", "ti", new_due, id);
	if (r == 0)
		r = history(db, id, "moved", t.due, new_due, -1, reason, source, message_id);
	task_clear(&t);
	return r;
}

int
task_cancel(struct db *db, int64_t id, const char *source, int64_t message_id, char *why, size_t len)
{
	struct task	t;
	int		r;

	if ((r = load_state(db, id, TASK_OPEN, &t, why, len)) != 0)
		return r;
	r = db_run(db, "UPDATE tasks SET status = 'cancelled', done_at = ? WHERE id = ?", "ii",
	    (int64_t)now_utc(), id);
	if (r == 0)
		r = history(db, id, "cancelled", NULL, NULL, -1, NULL, source, message_id);
	task_clear(&t);
	return r;
}

int
task_progress(struct db *db, int64_t id, int percent, const char *source, int64_t message_id,
    char *why, size_t len)
{
	struct task	t;
	int		r;

	if (percent < 0 || percent > 100) {
		snprintf(why, len, "progress must be 0-100%%");
		return 1;
	}
	if (percent == 100)
		return task_done(db, id, source, message_id, why, len);
	if ((r = load_state(db, id, TASK_OPEN, &t, why, len)) != 0)
		return r;
	r = db_run(db, "UPDATE tasks SET percent = ? WHERE id = ?", "ii", (int64_t)percent, id);
	if (r == 0)
		r = history(db, id, "progress", NULL, NULL, percent, NULL, source, message_id);
	task_clear(&t);
	return r;
}

int
task_block(struct db *db, int64_t id, const char *reason, const char *source,
    int64_t message_id, char *why, size_t len)
{
	struct task	t;
	int		r;

	if ((r = load_state(db, id, TASK_OPEN, &t, why, len)) != 0)
		return r;
	r = db_run(db, "UPDATE tasks SET blocked = ? WHERE id = ?", "ti",
	    reason != NULL && *reason != '\0' ? reason : "blocked", id);
	if (r == 0)
		r = history(db, id, "blocked", NULL, NULL, -1, reason, source, message_id);
	task_clear(&t);
	return r;
}

/* --- goals */

#define GOAL_COLS "g.id, g.person_id, p.name, g.text, g.metric, g.target, g.current, g.due, " \
	"g.status, g.created_at, g.done_at"

static void
goal_from_row(sqlite3_stmt *st, struct goal *g)
{
	memset(g, 0, sizeof(*g));
	g->id = sqlite3_column_int64(st, 0);
	g->person_id = sqlite3_column_int64(st, 1);
	g->person = xstrdup(db_col_text(st, 2));
	g->text = xstrdup(db_col_text(st, 3));
	g->metric = db_col_is_null(st, 4) ? NULL : xstrdup(db_col_text(st, 4));
	g->target = db_col_is_null(st, 5) ? NAN : sqlite3_column_double(st, 5);
	g->current = db_col_is_null(st, 6) ? NAN : sqlite3_column_double(st, 6);
	g->due = db_col_is_null(st, 7) ? NULL : xstrdup(db_col_text(st, 7));
	g->status = xstrdup(db_col_text(st, 8));
	g->created_at = sqlite3_column_int64(st, 9);
	g->done_at = sqlite3_column_int64(st, 10);
}

void
goal_clear(struct goal *g)
{
	if (g == NULL)
		return;
	free(g->person);
	free(g->text);
	free(g->metric);
	free(g->due);
	free(g->status);
	memset(g, 0, sizeof(*g));
}

void
goal_list_free(struct goal *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		goal_clear(&v[i]);
	free(v);
}

int
goal_load(struct db *db, int64_t id, struct goal *g)
{
	sqlite3_stmt	*st;
	int		 r;

	st = db_query(db, "SELECT " GOAL_COLS " FROM goals g JOIN people p ON p.id = g.person_id "
	    "WHERE g.id = ?", "i", id);
	if (st == NULL)
		return -1;
	if ((r = db_step(st)) == 1)
		goal_from_row(st, g);
	db_done(st);
	return r == 1 ? 0 : r == 0 ? 1 : -1;
}

int
goal_list(struct db *db, int64_t person_id, int all, struct goal **out, size_t *np)
{
	sqlite3_stmt	*st;
	struct goal	*v = NULL;
	size_t		 n = 0, cap = 0;
	int		 r;

	st = db_query(db, "SELECT " GOAL_COLS " FROM goals g JOIN people p ON p.id = g.person_id "
	    "WHERE (?1 < 0 OR g.person_id = ?1) AND (?2 OR g.status = 'open') "
	    "ORDER BY g.status = 'open' DESC, p.name, g.id", "ii", person_id, (int64_t)(all != 0));
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			v = xrealloc(v, cap * sizeof(*v));
		}
		goal_from_row(st, &v[n++]);
	}
	db_done(st);
	if (r == -1) {
		goal_list_free(v, n);
		return -1;
	}
	*out = v;
	*np = n;
	return 0;
}

int
goal_add(struct db *db, int64_t person_id, const char *text, const char *metric,
    double target, const char *due, int64_t *idp)
{
	int r;

	if (isnan(target))
		r = db_run(db, "INSERT INTO goals (person_id, text, metric, target, due, created_at) "
		    "VALUES (?, ?, ?, NULL, ?, ?)", "ittti", person_id, text, metric, due,
		    (int64_t)now_utc());
	else
		r = db_run(db, "INSERT INTO goals (person_id, text, metric, target, due, created_at) "
		    "VALUES (?, ?, ?, ?, ?, ?)", "ittdti", person_id, text, metric, target, due,
		    (int64_t)now_utc());
	if (r == 0 && idp != NULL)
		*idp = db_last_id(db);
	return r;
}

static int
goal_open(struct db *db, int64_t id, struct goal *g, char *why, size_t len)
{
	int r;

	if ((r = goal_load(db, id, g)) != 0) {
		if (r == 1)
			snprintf(why, len, "no goal %lld", (long long)id);
		return r;
	}
	if (strcmp(g->status, "open") != 0) {
		snprintf(why, len, "goal %lld is %s", (long long)id, g->status);
		goal_clear(g);
		return 1;
	}
	return 0;
}

int
goal_progress(struct db *db, int64_t id, double value, const char *source, char *why, size_t len)
{
	struct goal	g;
	int		r;

	if ((r = goal_open(db, id, &g, why, len)) != 0)
		return r;
	r = db_run(db, "UPDATE goals SET current = ? WHERE id = ?", "di", value, id);
	if (r == 0)
		r = db_run(db, "INSERT INTO goal_progress (goal_id, value, at, source) VALUES (?, ?, ?, ?)",
		    "idit", id, value, (int64_t)now_utc(), source);
	goal_clear(&g);
	return r;
}

int
goal_done(struct db *db, int64_t id, const char *source, char *why, size_t len)
{
	struct goal	g;
	int		r;

	if ((r = goal_open(db, id, &g, why, len)) != 0)
		return r;
	r = db_run(db, "UPDATE goals SET status = 'done', done_at = ? WHERE id = ?", "ii",
	    (int64_t)now_utc(), id);
	if (r == 0)
		r = db_event(db, "goal.done", g.person_id, id, "%s (%s)", g.text, source);
	goal_clear(&g);
	return r;
}
