/* people.c: the people table; see people.h. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "people.h"
#include "util.h"

#define PERSON_COLS "id, name, email, tz, days, day_start, day_end, checkin_rrule, " \
	"review_pref, receipts, active, paused_from, paused_until, created_at, removed_at"

static char *
dup_or_null(const char *s)
{
	return s == NULL ? NULL : xstrdup(s);
}

static void
from_row(sqlite3_stmt *st, struct person *p)
{
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(st, 0);
	p->name = xstrdup(db_col_text(st, 1));
	p->email = xstrdup(db_col_text(st, 2));
	p->tz = xstrdup(db_col_text(st, 3));
	p->days = (unsigned)sqlite3_column_int(st, 4);
	p->day_start = sqlite3_column_int(st, 5);
	p->day_end = sqlite3_column_int(st, 6);
	p->checkin_rrule = dup_or_null(db_col_text_or_null(st, 7));
	p->review_pref = dup_or_null(db_col_text_or_null(st, 8));
	p->receipts = sqlite3_column_int(st, 9);
	p->active = sqlite3_column_int(st, 10);
	p->paused_from = sqlite3_column_int64(st, 11);
	p->paused_until = sqlite3_column_int64(st, 12);
	p->created_at = sqlite3_column_int64(st, 13);
	p->removed_at = sqlite3_column_int64(st, 14);
}

void
person_clear(struct person *p)
{
	if (p == NULL)
		return;
	free(p->name);
	free(p->email);
	free(p->tz);
	free(p->checkin_rrule);
	free(p->review_pref);
	memset(p, 0, sizeof(*p));
}

void
person_list_free(struct person *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		person_clear(&v[i]);
	free(v);
}

/* key% for LIKE, with %, _ and \ in the key escaped. */
static char *
like_prefix(const char *key)
{
	char	*r = xmalloc(strlen(key) * 2 + 2), *q = r;

	for (; *key != '\0'; key++) {
		if (*key == '%' || *key == '_' || *key == '\\')
			*q++ = '\\';
		*q++ = *key;
	}
	*q++ = '%';
	*q = '\0';
	return r;
}

static int
one_row(sqlite3_stmt *st, struct person *p)
{
	int r;

	if (st == NULL)
		return -1;
	r = db_step(st);
	if (r == 1)
		from_row(st, p);
	db_done(st);
	return r == 1 ? 0 : r == 0 ? 1 : -1;
}

int
person_load(struct db *db, int64_t id, struct person *p)
{
	return one_row(db_query(db, "SELECT " PERSON_COLS " FROM people WHERE id = ?", "i", id), p);
}

int
person_by_address(struct db *db, const char *addr, struct person *p)
{
	int r;

	r = one_row(db_query(db, "SELECT " PERSON_COLS " FROM people WHERE active = 1 AND email = ?",
	    "t", addr), p);
	if (r != 1)
		return r;
	return one_row(db_query(db, "SELECT " PERSON_COLS " FROM people WHERE active = 1 AND id = "
	    "(SELECT person_id FROM person_aliases WHERE email = ?)", "t", addr), p);
}

int
person_find(struct db *db, const char *key, struct person *p, char *why, size_t whylen)
{
	sqlite3_stmt	*st;
	const char	*k = key;
	long		 id;
	int		 r, n = 0;
	char		*like;

	if (*k == '#')
		k++;
	if (parse_long(k, 1, LONG_MAX, &id) == 0) {
		if ((r = person_load(db, id, p)) == 1)
			snprintf(why, whylen, "no person with id %ld", id);
		return r;
	}
	r = one_row(db_query(db, "SELECT " PERSON_COLS " FROM people WHERE name = ? "
	    "ORDER BY active DESC LIMIT 1", "t", key), p);
	if (r != 1)
		return r;
	if (strchr(key, '@') != NULL) {
		if ((r = one_row(db_query(db, "SELECT " PERSON_COLS " FROM people WHERE email = ? "
		    "ORDER BY active DESC LIMIT 1", "t", key), p)) == 1)
			snprintf(why, whylen, "no person with address %s", key);
		return r;
	}
	/* A prefix of the name or of any word in it, among active people. */
	like = like_prefix(key);
	st = db_query(db, "SELECT " PERSON_COLS " FROM people WHERE active = 1 AND "
	    "(name LIKE ?1 ESCAPE '\\' OR name LIKE '% ' || ?1 ESCAPE '\\') ORDER BY name", "t", like);
	free(like);
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		if (n++ == 0)
			from_row(st, p);
	}
	db_done(st);
	if (r == -1) {
		if (n > 0)
			person_clear(p);
		return -1;
	}
	if (n == 1)
		return 0;
	if (n > 1) {
		person_clear(p);
		snprintf(why, whylen, "'%s' matches %d people; use the full name or the id", key, n);
	} else
		snprintf(why, whylen, "no person called '%s' (see `rapport person list`)", key);
	return 1;
}

int
person_list(struct db *db, int all, struct person **out, size_t *np)
{
	sqlite3_stmt	*st;
	struct person	*v = NULL;
	size_t		 n = 0, cap = 0;
	int		 r;

	st = db_query(db, "SELECT " PERSON_COLS " FROM people WHERE active = 1 OR ? "
	    "ORDER BY active DESC, name", "i", (int64_t)(all != 0));
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			v = xrealloc(v, cap * sizeof(*v));
		}
		from_row(st, &v[n++]);
	}
	db_done(st);
	if (r == -1) {
		person_list_free(v, n);
		return -1;
	}
	*out = v;
	*np = n;
	return 0;
}

int
person_insert(struct db *db, struct person *p)
{
	int r;

	if (p->created_at == 0)
		p->created_at = now_utc();
	r = db_run(db, "INSERT INTO people (name, email, tz, days, day_start, day_end, checkin_rrule, "
	    "review_pref, receipts, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
	    "tttiiittii", p->name, p->email, p->tz, (int64_t)p->days, (int64_t)p->day_start,
	    (int64_t)p->day_end, p->checkin_rrule, p->review_pref, (int64_t)p->receipts,
	    p->created_at);
	if (r == 0) {
		p->id = db_last_id(db);
		p->active = 1;
	}
	return r;
}

int
person_update(struct db *db, const struct person *p)
{
	return db_run(db, "UPDATE people SET name = ?, email = ?, tz = ?, days = ?, day_start = ?, "
	    "day_end = ?, checkin_rrule = ?, review_pref = ?, receipts = ?, active = ?, "
	    "paused_from = ?, paused_until = ?, removed_at = ? WHERE id = ?",
	    "tttiiittiioooi", p->name, p->email, p->tz, (int64_t)p->days, (int64_t)p->day_start,
	    (int64_t)p->day_end, p->checkin_rrule, p->review_pref, (int64_t)p->receipts,
	    (int64_t)p->active, p->paused_from > 0 ? p->paused_from : (int64_t)-1,
	    p->paused_until > 0 ? p->paused_until : (int64_t)-1,
	    p->removed_at > 0 ? p->removed_at : (int64_t)-1, p->id);
}

int
person_alias_add(struct db *db, int64_t id, const char *addr)
{
	return db_run(db, "INSERT INTO person_aliases (person_id, email) VALUES (?, ?)", "it", id, addr);
}

int
person_alias_remove(struct db *db, int64_t id, const char *addr)
{
	if (db_run(db, "DELETE FROM person_aliases WHERE person_id = ? AND email = ?", "it", id, addr) == -1)
		return -1;
	return db_changes(db) > 0 ? 0 : 1;
}

char **
person_aliases(struct db *db, int64_t id)
{
	sqlite3_stmt	*st;
	char		**v;
	size_t		 n = 0;

	v = xcalloc(1, sizeof(char *));
	st = db_query(db, "SELECT email FROM person_aliases WHERE person_id = ? ORDER BY email", "i", id);
	if (st == NULL)
		return v;
	while (db_step(st) == 1) {
		v = xrealloc(v, (n + 2) * sizeof(char *));
		v[n++] = xstrdup(db_col_text(st, 0));
		v[n] = NULL;
	}
	db_done(st);
	return v;
}

int
person_paused_at(const struct person *p, time_t t)
{
	if (p->paused_from == 0 || t < p->paused_from)
		return 0;
	return p->paused_until == 0 || t < p->paused_until;
}
