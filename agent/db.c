/* db.c: SQLite access: open, migrate, prepared statements, transactions. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "util.h"

#define DB_CACHE_SLOTS	128

struct db_cached {
	const char	*sql;	/* the literal's address is the key */
	sqlite3_stmt	*stmt;
};

/* WAL frames (4 KB pages) that make the background checkpointer start:
 * SQLite's own automatic checkpoint threshold */
#define DB_CKPT_FRAMES	1000

struct db_ckpt {
	pthread_t	 thread;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	sqlite3		*h;		/* the thread's own connection */
	int		 want, stop;
};

struct db {
	sqlite3			*h;
	char			*path;
	int			 in_tx;
	struct db_cached	 cache[DB_CACHE_SLOTS];
	struct db_ckpt		*ckpt;
};

sqlite3 *
db_handle(struct db *db)
{
	return db->h;
}

const char *
db_path(const struct db *db)
{
	return db->path;
}

const char *
db_errmsg(struct db *db)
{
	return sqlite3_errmsg(db->h);
}

int
db_latest_version(void)
{
	return db_migrations[db_nmigrations - 1].version;
}

static int
exec_simple(struct db *db, const char *sql)
{
	return sqlite3_exec(db->h, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int
db_version(struct db *db)
{
	int64_t v = 0;

	if (db_int(db, &v, "PRAGMA user_version", "") != 0)
		return -1;
	return (int)v;
}

int
db_migrate(struct db *db, int to, char *err, size_t errlen)
{
	int	 cur;
	size_t	 i;
	char	 pragma[64];

	if ((cur = db_version(db)) == -1) {
		snprintf(err, errlen, "%s: cannot read schema version: %s", db->path, db_errmsg(db));
		return -1;
	}
	if (cur > db_latest_version()) {
		snprintf(err, errlen, "%s: schema version %d is newer than this rapport knows (%d); "
		    "upgrade rapport", db->path, cur, db_latest_version());
		return -1;
	}
	if (cur >= to)
		return 0;
	if (db_begin(db) == -1) {
		snprintf(err, errlen, "%s: %s", db->path, db_errmsg(db));
		return -1;
	}
	for (i = 0; i < db_nmigrations; i++) {
		const struct db_migration *m = &db_migrations[i];
		if (m->version <= cur || m->version > to)
			continue;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", m->version);
		if (exec_simple(db, m->sql) == -1 || exec_simple(db, pragma) == -1) {
			snprintf(err, errlen, "%s: migration %d (%s) failed: %s", db->path,
			    m->version, m->summary, db_errmsg(db));
			db_rollback(db);
			return -1;
		}
	}
	if (db_commit(db) == -1) {
		snprintf(err, errlen, "%s: %s", db->path, db_errmsg(db));
		return -1;
	}
	return 0;
}

/* Create the file 0600 (and its directory 0700) before SQLite does, so no
 * umask can make it readable by others; the -wal and -shm files copy its mode. */
static int
create_private(const char *path, char *err, size_t errlen)
{
	char	*dir, *slash;
	int	 fd;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (mkdir_p(dir, 0700) == -1) {
			snprintf(err, errlen, "%s: %s", dir, strerror(errno));
			free(dir);
			return -1;
		}
	}
	free(dir);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

struct db *
db_open(const char *path, int flags, char *err, size_t errlen)
{
	struct db	*db;
	struct stat	 st;
	int		 oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	if (stat(path, &st) == -1) {
		if (errno != ENOENT || !(flags & DB_OPEN_CREATE)) {
			snprintf(err, errlen, "%s: %s%s", path, strerror(errno),
			    errno == ENOENT ? " (run `rapport init` first)" : "");
			return NULL;
		}
		if (create_private(path, err, errlen) == -1)
			return NULL;
	}
	db = xcalloc(1, sizeof(*db));
	db->path = xstrdup(path);
	if (sqlite3_open_v2(path, &db->h, oflags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, db->h ? sqlite3_errmsg(db->h) : "cannot open");
		db_close(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 5000);
	if (exec_simple(db, "PRAGMA journal_mode = WAL") == -1 ||
	    exec_simple(db, "PRAGMA synchronous = NORMAL") == -1 ||
	    exec_simple(db, "PRAGMA cache_size = -256") == -1 ||	/* 256 KB: memory stays small */
	    exec_simple(db, "PRAGMA foreign_keys = ON") == -1) {
		snprintf(err, errlen, "%s: %s", path, db_errmsg(db));
		db_close(db);
		return NULL;
	}
	if (!(flags & DB_OPEN_NOMIGRATE) &&
	    db_migrate(db, db_latest_version(), err, errlen) == -1) {
		db_close(db);
		return NULL;
	}
	return db;
}

/* After each commit (sqlite3_wal_hook, which also turns off SQLite's own
 * automatic checkpoints): wake the checkpointer once the WAL is long. */
static int
ckpt_hook(void *arg, sqlite3 *h, const char *name, int frames)
{
	struct db_ckpt *c = arg;

	(void)h;
	(void)name;
	if (frames >= DB_CKPT_FRAMES) {
		pthread_mutex_lock(&c->mu);
		c->want = 1;
		pthread_cond_signal(&c->cv);
		pthread_mutex_unlock(&c->mu);
	}
	return SQLITE_OK;
}

static void *
ckpt_main(void *arg)
{
	struct db_ckpt *c = arg;

	pthread_mutex_lock(&c->mu);
	for (;;) {
		while (!c->want && !c->stop)
			pthread_cond_wait(&c->cv, &c->mu);
		if (c->stop)
			break;
		c->want = 0;
		pthread_mutex_unlock(&c->mu);
		/* PASSIVE: copies what no reader still needs, never blocks the writer */
		(void)sqlite3_wal_checkpoint_v2(c->h, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&c->mu);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

int
db_sync(struct db *db)
{
	sqlite3_file *f = NULL;

	if (sqlite3_file_control(db->h, "main", SQLITE_FCNTL_JOURNAL_POINTER, &f) != SQLITE_OK)
		return -1;
	if (f == NULL || f->pMethods == NULL)
		return 0;	/* no WAL open: what is committed is in the synced database file */
	return f->pMethods->xSync(f, SQLITE_SYNC_NORMAL) == SQLITE_OK ? 0 : -1;
}

int
db_background_checkpoints(struct db *db)
{
	struct db_ckpt *c;

	if (db->ckpt != NULL)
		return 0;
	c = xcalloc(1, sizeof(*c));
	if (sqlite3_open_v2(db->path, &c->h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_exec(c->h, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_close(c->h);
		free(c);
		return -1;
	}
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->cv, NULL);
	if (pthread_create(&c->thread, NULL, ckpt_main, c) != 0) {
		pthread_cond_destroy(&c->cv);
		pthread_mutex_destroy(&c->mu);
		sqlite3_close(c->h);
		free(c);
		return -1;
	}
	db->ckpt = c;
	sqlite3_wal_hook(db->h, ckpt_hook, c);
	return 0;
}

static void
ckpt_stop(struct db *db)
{
	struct db_ckpt *c = db->ckpt;

	if (c == NULL)
		return;
	sqlite3_wal_autocheckpoint(db->h, DB_CKPT_FRAMES);	/* SQLite's own again */
	pthread_mutex_lock(&c->mu);
	c->stop = 1;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->thread, NULL);
	pthread_cond_destroy(&c->cv);
	pthread_mutex_destroy(&c->mu);
	sqlite3_close(c->h);
	free(c);
	db->ckpt = NULL;
}

void
db_close(struct db *db)
{
	size_t i;

	if (db == NULL)
		return;
	ckpt_stop(db);
	for (i = 0; i < DB_CACHE_SLOTS; i++)
		sqlite3_finalize(db->cache[i].stmt);
	if (db->h != NULL)
		sqlite3_close(db->h);
	free(db->path);
	free(db);
}

int
db_begin(struct db *db)
{
	if (db->in_tx)
		return -1;
	if (exec_simple(db, "BEGIN IMMEDIATE") == -1)
		return -1;
	db->in_tx = 1;
	return 0;
}

int
db_commit(struct db *db)
{
	if (!db->in_tx)
		return -1;
	if (exec_simple(db, "COMMIT") == -1) {
		db_rollback(db);
		return -1;
	}
	db->in_tx = 0;
	return 0;
}

void
db_rollback(struct db *db)
{
	if (db->in_tx)
		(void)exec_simple(db, "ROLLBACK");
	db->in_tx = 0;
}

int
db_in_tx(const struct db *db)
{
	return db->in_tx;
}

static sqlite3_stmt *
prepare(struct db *db, const char *sql)
{
	size_t		 h = ((uintptr_t)sql >> 4) % DB_CACHE_SLOTS, i, slot;
	sqlite3_stmt	*st;

	for (i = 0; i < DB_CACHE_SLOTS; i++) {
		slot = (h + i) % DB_CACHE_SLOTS;
		if (db->cache[slot].sql == sql)
			return db->cache[slot].stmt;
		if (db->cache[slot].sql == NULL)
			break;
	}
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		return NULL;
	if (i < DB_CACHE_SLOTS) {
		db->cache[slot].sql = sql;
		db->cache[slot].stmt = st;
	} else {
		/* Cache full (should not happen: the SQL is a fixed set of literals):
		 * evict the home slot. */
		sqlite3_finalize(db->cache[h].stmt);
		db->cache[h].sql = sql;
		db->cache[h].stmt = st;
	}
	return st;
}

static int
bind_all(sqlite3_stmt *st, const char *fmt, va_list ap)
{
	int		 i, r = SQLITE_OK;
	int64_t		 v;
	const char	*s;
	const void	*b;
	size_t		 n;

	for (i = 1; *fmt != '\0' && r == SQLITE_OK; fmt++, i++) {
		switch (*fmt) {
		case 'i':
			r = sqlite3_bind_int64(st, i, va_arg(ap, int64_t));
			break;
		case 'o':
			v = va_arg(ap, int64_t);
			r = v < 0 ? sqlite3_bind_null(st, i) : sqlite3_bind_int64(st, i, v);
			break;
		case 'l':
			r = sqlite3_bind_int64(st, i, va_arg(ap, long));
			break;
		case 'd':
			r = sqlite3_bind_double(st, i, va_arg(ap, double));
			break;
		case 't':
			s = va_arg(ap, const char *);
			r = s == NULL ? sqlite3_bind_null(st, i) :
			    sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
			break;
		case 'b':
			b = va_arg(ap, const void *);
			n = va_arg(ap, size_t);
			r = sqlite3_bind_blob64(st, i, b == NULL ? "" : b, n, SQLITE_TRANSIENT);
			break;
		case 'n':
			r = sqlite3_bind_null(st, i);
			break;
		default:
			return -1;
		}
	}
	return r == SQLITE_OK ? 0 : -1;
}

static sqlite3_stmt *
vquery(struct db *db, const char *sql, const char *fmt, va_list ap)
{
	sqlite3_stmt *st;

	if ((st = prepare(db, sql)) == NULL)
		return NULL;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if ((size_t)sqlite3_bind_parameter_count(st) != strlen(fmt)) {
		/* a programming error: say so loudly rather than read stray varargs */
		fprintf(stderr, "rapport: internal error: %d SQL parameters, %zu bound: %s\n",
		    sqlite3_bind_parameter_count(st), strlen(fmt), sql);
		return NULL;
	}
	if (bind_all(st, fmt, ap) == -1) {
		sqlite3_reset(st);
		return NULL;
	}
	return st;
}

sqlite3_stmt *
db_query(struct db *db, const char *sql, const char *fmt, ...)
{
	va_list		 ap;
	sqlite3_stmt	*st;

	va_start(ap, fmt);
	st = vquery(db, sql, fmt, ap);
	va_end(ap);
	return st;
}

int
db_step(sqlite3_stmt *st)
{
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		return 1;
	case SQLITE_DONE:
		return 0;
	default:
		return -1;
	}
}

void
db_done(sqlite3_stmt *st)
{
	if (st != NULL) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
}

int
db_run(struct db *db, const char *sql, const char *fmt, ...)
{
	va_list		 ap;
	sqlite3_stmt	*st;
	int		 r;

	va_start(ap, fmt);
	st = vquery(db, sql, fmt, ap);
	va_end(ap);
	if (st == NULL)
		return -1;
	r = sqlite3_step(st);
	/* reset() would overwrite the error message the caller wants to see */
	if (r == SQLITE_DONE || r == SQLITE_ROW) {
		db_done(st);
		return 0;
	}
	sqlite3_clear_bindings(st);
	return (r & 0xff) == SQLITE_CONSTRAINT ? -2 : -1;
}

int
db_int(struct db *db, int64_t *out, const char *sql, const char *fmt, ...)
{
	va_list		 ap;
	sqlite3_stmt	*st;
	int		 r;

	va_start(ap, fmt);
	st = vquery(db, sql, fmt, ap);
	va_end(ap);
	if (st == NULL)
		return -1;
	r = db_step(st);
	if (r == 1)
		*out = sqlite3_column_int64(st, 0);
	db_done(st);
	return r == 1 ? 0 : r == 0 ? 1 : -1;
}

int
db_text(struct db *db, char **out, const char *sql, const char *fmt, ...)
{
	va_list		 ap;
	sqlite3_stmt	*st;
	int		 r;
	const char	*s;

	va_start(ap, fmt);
	st = vquery(db, sql, fmt, ap);
	va_end(ap);
	if (st == NULL)
		return -1;
	r = db_step(st);
	if (r == 1) {
		s = (const char *)sqlite3_column_text(st, 0);
		*out = s == NULL ? NULL : xstrdup(s);
	}
	db_done(st);
	return r == 1 ? 0 : r == 0 ? 1 : -1;
}

int64_t
db_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int
db_changes(struct db *db)
{
	return sqlite3_changes(db->h);
}

const char *
db_col_text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s == NULL ? "" : s;
}

const char *
db_col_text_or_null(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int
db_col_is_null(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL;
}

int
db_event(struct db *db, const char *kind, int64_t person_id, int64_t ref_id, const char *fmt, ...)
{
	va_list	 ap;
	char	*detail;
	int	 r;

	va_start(ap, fmt);
	if (vasprintf(&detail, fmt, ap) == -1)
		detail = NULL;
	va_end(ap);
	r = db_run(db, "INSERT INTO events (at, kind, person_id, ref_id, detail) VALUES (?, ?, ?, ?, ?)",
	    "itoot", (int64_t)now_utc(), kind, person_id, ref_id, detail);
	free(detail);
	return r;
}

int
db_kv_set(struct db *db, const char *key, const char *value)
{
	return db_run(db, "INSERT INTO kv (key, value) VALUES (?, ?) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", "tt", key, value);
}

char *
db_kv_get(struct db *db, const char *key)
{
	char *v = NULL;

	if (db_text(db, &v, "SELECT value FROM kv WHERE key = ?", "t", key) != 0)
		return NULL;
	return v;
}
