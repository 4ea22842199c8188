/*
 * db.h: the store. SQLite in WAL mode, foreign keys on, a busy timeout,
 * schema migrations by PRAGMA user_version applied in one transaction at
 * open. Every statement is prepared with bound parameters; statements are
 * cached per connection by their SQL text's address (pass string literals).
 *
 * The schema lives in db_schema.c and nowhere else. Database access stays
 * behind this header so that the rest of rapport does not depend on SQLite
 * details beyond sqlite3_stmt column reads.
 *
 * The statement cache is keyed by the address of the SQL text: pass string
 * literals only (never a buffer whose contents change).
 *
 * Binding format strings (db_run, db_query): one letter per parameter:
 *   i  int64_t         l  long         d  double
 *   t  const char *    (NULL binds NULL)
 *   b  const void *, size_t   (blob)
 *   n  binds NULL (no argument)
 *   o  int64_t, bound as NULL when < 0  ("optional id")
 */
#ifndef RAPPORT_DB_H
#define RAPPORT_DB_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

struct db;

#define DB_OPEN_CREATE	0x01	/* create the file (0600) and its directory (0700) if missing */
#define DB_OPEN_NOMIGRATE 0x02	/* tests: open without migrating */

/* Open (and migrate) the database at path. NULL on failure, with why in err. */
struct db	*db_open(const char *path, int flags, char *err, size_t errlen);
void		 db_close(struct db *);
sqlite3		*db_handle(struct db *);
const char	*db_path(const struct db *);
const char	*db_errmsg(struct db *);

/* Schema version: what the file has, and what this build knows. */
/*
 * Checkpoint the WAL from a thread of its own (with its own connection)
 * instead of at the commit that fills it: for bulk writes (an import of
 * mail), whose commits then never wait for the copy into the database file
 * and its fsync. Stopped by db_close(). Returns 0, or -1 (nothing changed).
 */
int		 db_background_checkpoints(struct db *);
/*
 * Make every committed transaction durable now (fsync the WAL). Commits are
 * not synced one by one (synchronous = NORMAL): a power cut may undo the
 * last ones. Call this before acting on a commit outside the database, such
 * as moving mail on the server. Returns 0 or -1.
 */
int		 db_sync(struct db *);
int		 db_version(struct db *);
int		 db_latest_version(void);
/* Apply migrations up to version `to` (tests use a lower `to` to build an old schema). */
int		 db_migrate(struct db *, int to, char *err, size_t errlen);

/* Transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK. Nested calls are an error. */
int		 db_begin(struct db *);
int		 db_commit(struct db *);
void		 db_rollback(struct db *);
int		 db_in_tx(const struct db *);

/*
 * Run a statement that returns no rows. Returns 0, or -1 (db_errmsg()
 * says why). Constraint violations return -2 so callers can report a
 * duplicate as the user's error, not the program's.
 */
int		 db_run(struct db *, const char *sql, const char *fmt, ...);

/*
 * Prepare (from the cache) and bind; the caller steps it with db_step()
 * and must call db_done() when finished (it resets, it does not free).
 */
sqlite3_stmt	*db_query(struct db *, const char *sql, const char *fmt, ...);
int		 db_step(sqlite3_stmt *);	/* 1 = row, 0 = done, -1 = error */
void		 db_done(sqlite3_stmt *);

/* Single-value helpers: 0 and the value if a row came back, 1 if none, -1 on error. */
int		 db_int(struct db *, int64_t *, const char *sql, const char *fmt, ...);
int		 db_text(struct db *, char **, const char *sql, const char *fmt, ...);	/* caller frees */

int64_t		 db_last_id(struct db *);
int		 db_changes(struct db *);

/* Column helpers that never return NULL for text ("" instead) unless asked. */
const char	*db_col_text(sqlite3_stmt *, int);	/* "" for NULL */
const char	*db_col_text_or_null(sqlite3_stmt *, int);
int		 db_col_is_null(sqlite3_stmt *, int);

/* Audit log: one row in events. */
int		 db_event(struct db *, const char *kind, int64_t person_id, int64_t ref_id,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Key/value state (last poll, last send, ...). */
int		 db_kv_set(struct db *, const char *key, const char *value);
char		*db_kv_get(struct db *, const char *key);	/* caller frees; NULL if unset */

/* The migrations, for db_schema.c. */
struct db_migration {
	int		 version;
	const char	*summary;
	const char	*sql;
};
extern const struct db_migration db_migrations[];
extern const size_t db_nmigrations;

#endif
