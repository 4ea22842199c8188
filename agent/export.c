/* export.c: the database to JSON and back; see export.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "export.h"
#include "json.h"
#include "strbuf.h"
#include "util.h"

#define MAX_COLUMNS	60	/* json_object() takes at most 127 arguments */

struct table {
	char	 *name;
	char	**cols;
	size_t	  ncols;
};

static void
tables_free(struct table *t, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < t[i].ncols; k++)
			free(t[i].cols[k]);
		free(t[i].cols);
		free(t[i].name);
	}
	free(t);
}

static int
load_columns(struct db *db, struct table *t)
{
	sqlite3_stmt	*st;
	int		 r;

	st = db_query(db, "SELECT name FROM pragma_table_info(?) ORDER BY cid", "t", t->name);
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		t->cols = xrealloc(t->cols, (t->ncols + 1) * sizeof(*t->cols));
		t->cols[t->ncols++] = xstrdup(db_col_text(st, 0));
	}
	db_done(st);
	return r;
}

/* The schema's tables, by name, with their columns. */
static int
load_tables(struct db *db, struct table **out, size_t *np, char *why, size_t len)
{
	sqlite3_stmt	*st;
	struct table	*t = NULL;
	size_t		 n = 0, i;
	int		 r;

	st = db_query(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
	    "ORDER BY name", "");
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		t = xrealloc(t, (n + 1) * sizeof(*t));
		memset(&t[n], 0, sizeof(*t));
		t[n++].name = xstrdup(db_col_text(st, 0));
	}
	db_done(st);
	for (i = 0; i < n && r == 0; i++) {
		r = load_columns(db, &t[i]);
		if (r == 0 && t[i].ncols > MAX_COLUMNS) {
			snprintf(why, len, "table %s has more than %d columns", t[i].name, MAX_COLUMNS);
			r = -1;
		}
	}
	if (r == -1) {
		if (*why == '\0')
			snprintf(why, len, "database: %s", db_errmsg(db));
		tables_free(t, n);
		return -1;
	}
	*out = t;
	*np = n;
	return 0;
}

/* "name" as an SQL identifier, and 'name' as an SQL string. */
static void
sql_ident(struct strbuf *sb, const char *s)
{
	sb_addc(sb, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			sb_addc(sb, '"');
		sb_addc(sb, *s);
	}
	sb_addc(sb, '"');
}

static void
sql_string(struct strbuf *sb, const char *s)
{
	sb_addc(sb, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			sb_addc(sb, '\'');
		sb_addc(sb, *s);
	}
	sb_addc(sb, '\'');
}

static sqlite3_stmt *
prepare(struct db *db, struct strbuf *sql, char *why, size_t len)
{
	sqlite3_stmt *st = NULL;

	if (sb_error(sql)) {
		snprintf(why, len, "out of memory");
		return NULL;
	}
	if (sqlite3_prepare_v2(db_handle(db), sb_str(sql), -1, &st, NULL) != SQLITE_OK) {
		snprintf(why, len, "database: %s", sqlite3_errmsg(db_handle(db)));
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* SELECT json_object('c', CASE typeof("c") WHEN 'blob' THEN json_object('hex', hex("c")) ELSE "c" END, ...) FROM "t" ORDER BY rowid */
static void
export_sql(struct strbuf *sb, const struct table *t)
{
	size_t k;

	sb_adds(sb, "SELECT json_object(");
	for (k = 0; k < t->ncols; k++) {
		if (k > 0)
			sb_adds(sb, ", ");
		sql_string(sb, t->cols[k]);
		sb_adds(sb, ", CASE typeof(");
		sql_ident(sb, t->cols[k]);
		sb_adds(sb, ") WHEN 'blob' THEN json_object('hex', hex(");
		sql_ident(sb, t->cols[k]);
		sb_adds(sb, ")) ELSE ");
		sql_ident(sb, t->cols[k]);
		sb_adds(sb, " END");
	}
	sb_adds(sb, ") FROM ");
	sql_ident(sb, t->name);
	sb_adds(sb, " ORDER BY rowid");
}

static int
export_table(struct db *db, const struct table *t, FILE *fp, char *why, size_t len)
{
	struct strbuf	 sql = STRBUF_INIT;
	sqlite3_stmt	*st;
	int		 r, rows = 0;

	export_sql(&sql, t);
	st = prepare(db, &sql, why, len);
	sb_free(&sql);
	if (st == NULL)
		return -1;
	fputc('[', fp);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		fputs(rows++ ? ",\n" : "\n", fp);
		fwrite(sqlite3_column_text(st, 0), 1, (size_t)sqlite3_column_bytes(st, 0), fp);
	}
	fputs(rows ? "\n]" : "]", fp);
	if (r != SQLITE_DONE)
		snprintf(why, len, "database: %s", sqlite3_errmsg(db_handle(db)));
	sqlite3_finalize(st);
	return r == SQLITE_DONE ? 0 : -1;
}

int
export_json(struct db *db, FILE *fp, char *why, size_t len)
{
	struct table	*t;
	struct strbuf	 name = STRBUF_INIT;
	size_t		 n, i;
	int		 r = 0;

	*why = '\0';
	if (load_tables(db, &t, &n, why, len) == -1)
		return -1;
	/* one consistent snapshot of every table */
	if (db_run(db, "BEGIN", "") == -1) {
		snprintf(why, len, "database: %s", db_errmsg(db));
		tables_free(t, n);
		return -1;
	}
	fprintf(fp, "{\"format\":\"%s\",\"version\":%d,\"schema\":%d,\"tables\":{", EXPORT_FORMAT,
	    EXPORT_VERSION, db_version(db));
	for (i = 0; i < n && r == 0; i++) {
		sb_reset(&name);
		json_quote(&name, t[i].name, strlen(t[i].name));
		fprintf(fp, "%s\n%s:", i > 0 ? "," : "", sb_str(&name));
		r = export_table(db, &t[i], fp, why, len);
	}
	fputs("}}\n", fp);
	(void)db_run(db, "COMMIT", "");
	sb_free(&name);
	tables_free(t, n);
	if (r == 0 && (fflush(fp) == EOF || ferror(fp))) {
		snprintf(why, len, "write error");
		r = -1;
	}
	return r;
}

/* --- import */

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* rapport_unhex(TEXT) -> BLOB: SQLite 3.40 has no unhex(). */
static void
unhex_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char	*s;
	unsigned char		*out;
	int			 n, i, hi, lo;

	(void)argc;
	if ((s = sqlite3_value_text(argv[0])) == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	n = sqlite3_value_bytes(argv[0]);
	if (n % 2 != 0) {
		sqlite3_result_error(ctx, "a BLOB's hex has an odd length", -1);
		return;
	}
	if ((out = sqlite3_malloc(n / 2 + 1)) == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	for (i = 0; i < n / 2; i++) {
		if ((hi = hexval(s[2 * i])) == -1 || (lo = hexval(s[2 * i + 1])) == -1) {
			sqlite3_free(out);
			sqlite3_result_error(ctx, "a BLOB's hex has a character that is not hex", -1);
			return;
		}
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	sqlite3_result_blob(ctx, out, n / 2, sqlite3_free);
}

static int
check_header(struct db *db, const char *json, char *why, size_t len)
{
	sqlite3_stmt	*st;
	int64_t		 valid = 0;
	int		 r, ok = 0;

	/* json_extract() on malformed JSON is an error, not NULL: check first */
	if (db_int(db, &valid, "SELECT CASE WHEN json_valid(?1) THEN json_type(?1) = 'object' ELSE 0 END",
	    "t", json) == -1)
		return -1;
	if (!valid) {
		snprintf(why, len, "not valid JSON, or not a rapport export");
		return 1;
	}
	st = db_query(db, "SELECT 1, json_extract(?1, '$.format'), json_extract(?1, '$.version'), "
	    "json_extract(?1, '$.schema'), json_type(?1, '$.tables')", "t", json);
	if (st == NULL)
		return -1;
	if ((r = db_step(st)) == 1) {
		if (strcmp(db_col_text(st, 1), EXPORT_FORMAT) != 0 || sqlite3_column_int(st, 2) != EXPORT_VERSION)
			snprintf(why, len, "not a rapport export (version %d)", EXPORT_VERSION);
		else if (sqlite3_column_int(st, 3) != db_version(db))
			snprintf(why, len, "the export has schema version %d, this database %d: import it "
			    "with the rapport that made it", sqlite3_column_int(st, 3), db_version(db));
		else if (strcmp(db_col_text(st, 4), "object") != 0)
			snprintf(why, len, "no \"tables\" object");
		else
			ok = 1;
	}
	db_done(st);
	return r == -1 ? -1 : ok ? 0 : 1;
}

static const struct table *
find_table(const struct table *t, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	return NULL;
}

/* Every table in the export exists here, holds an array, and this database is empty. */
static int
check_tables(struct db *db, const char *json, const struct table *t, size_t n, char *why, size_t len)
{
	struct strbuf	 sql = STRBUF_INIT;
	sqlite3_stmt	*st;
	size_t		 i;
	int		 r, bad = 0;

	st = db_query(db, "SELECT key, type FROM json_each(?1, '$.tables')", "t", json);
	if (st == NULL)
		return -1;
	while (!bad && (r = db_step(st)) == 1) {
		if (find_table(t, n, db_col_text(st, 0)) == NULL) {
			snprintf(why, len, "table %s is not in this database", db_col_text(st, 0));
			bad = 1;
		} else if (strcmp(db_col_text(st, 1), "array") != 0) {
			snprintf(why, len, "table %s is not an array of rows", db_col_text(st, 0));
			bad = 1;
		}
	}
	db_done(st);
	if (bad || r == -1)
		return bad ? 1 : -1;
	for (i = 0; i < n && !bad; i++) {
		sb_reset(&sql);
		sb_adds(&sql, "SELECT 1 FROM ");
		sql_ident(&sql, t[i].name);
		sb_adds(&sql, " LIMIT 1");
		if ((st = prepare(db, &sql, why, len)) == NULL) {
			sb_free(&sql);
			return -1;
		}
		if ((r = sqlite3_step(st)) == SQLITE_ROW) {
			snprintf(why, len, "the database is not empty (table %s has rows): import needs a new "
			    "one (rapport init --database FILE)", t[i].name);
			bad = 1;
		}
		sqlite3_finalize(st);
	}
	sb_free(&sql);
	return bad;
}

/* Rows that are not objects, or carry a column this table does not have. */
static int
check_rows(struct db *db, const char *json, const char *path, const struct table *t, char *why, size_t len)
{
	struct strbuf	 cols = STRBUF_INIT;
	int64_t		 bad = 0;
	size_t		 k;
	int		 r;

	sb_addc(&cols, '[');
	for (k = 0; k < t->ncols; k++) {
		if (k > 0)
			sb_addc(&cols, ',');
		json_quote(&cols, t->cols[k], strlen(t->cols[k]));
	}
	sb_addc(&cols, ']');
	r = db_int(db, &bad, "SELECT count(*) FROM json_each(?1, ?2) AS r LEFT JOIN json_each(r.value) AS k "
	    "WHERE r.type != 'object' OR k.key NOT IN (SELECT value FROM json_each(?3))", "ttt", json, path,
	    sb_str(&cols));
	sb_free(&cols);
	if (r == -1)
		return -1;
	if (bad > 0) {
		snprintf(why, len, "table %s: %lld rows are not objects or have columns this database does "
		    "not know", t->name, (long long)bad);
		return 1;
	}
	return 0;
}

static void
import_sql(struct strbuf *sb, const struct table *t)
{
	struct strbuf	path = STRBUF_INIT;
	size_t		k;

	sb_adds(sb, "INSERT INTO ");
	sql_ident(sb, t->name);
	sb_adds(sb, " (");
	for (k = 0; k < t->ncols; k++) {
		if (k > 0)
			sb_adds(sb, ", ");
		sql_ident(sb, t->cols[k]);
	}
	sb_adds(sb, ") SELECT ");
	for (k = 0; k < t->ncols; k++) {
		sb_reset(&path);
		sb_adds(&path, "$.");
		json_quote(&path, t->cols[k], strlen(t->cols[k]));
		if (k > 0)
			sb_adds(sb, ", ");
		sb_adds(sb, "CASE json_type(r.value, ");
		sql_string(sb, sb_str(&path));
		sb_adds(sb, ") WHEN 'object' THEN rapport_unhex(json_extract(r.value, ");
		sb_adds(&path, ".hex");
		sql_string(sb, sb_str(&path));
		sb_truncate(&path, path.len - 4);
		sb_adds(sb, ")) ELSE json_extract(r.value, ");
		sql_string(sb, sb_str(&path));
		sb_adds(sb, ") END");
	}
	sb_adds(sb, " FROM json_each(?1, ?2) AS r ORDER BY r.key");
	sb_free(&path);
}

static int
import_table(struct db *db, const char *json, const struct table *t, char *why, size_t len)
{
	struct strbuf	 sql = STRBUF_INIT, path = STRBUF_INIT;
	sqlite3_stmt	*st;
	int		 r;

	sb_adds(&path, "$.tables.");
	json_quote(&path, t->name, strlen(t->name));
	if ((r = check_rows(db, json, sb_str(&path), t, why, len)) != 0) {
		sb_free(&path);
		return r;
	}
	import_sql(&sql, t);
	st = prepare(db, &sql, why, len);
	sb_free(&sql);
	if (st == NULL) {
		sb_free(&path);
		return -1;
	}
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sb_str(&path), -1, SQLITE_TRANSIENT);
	if ((r = sqlite3_step(st)) != SQLITE_DONE)
		snprintf(why, len, "table %s: %s", t->name, sqlite3_errmsg(db_handle(db)));
	sqlite3_finalize(st);
	sb_free(&path);
	return r == SQLITE_DONE ? 0 : 1;
}

/* Said before COMMIT, which would only say "FOREIGN KEY constraint failed". */
static int
check_foreign_keys(struct db *db, char *why, size_t len)
{
	sqlite3_stmt	*st;
	int		 r;

	if ((st = db_query(db, "PRAGMA foreign_key_check", "")) == NULL)
		return -1;
	if ((r = db_step(st)) == 1)
		snprintf(why, len, "FOREIGN KEY: table %s, row %lld, refers to a missing row of %s",
		    db_col_text(st, 0), (long long)sqlite3_column_int64(st, 1), db_col_text(st, 2));
	db_done(st);
	return r == 1 ? 1 : r;
}

int
import_json(struct db *db, const char *json, size_t len, char *why, size_t wlen)
{
	struct table	*t;
	size_t		 n, i;
	int		 r;

	*why = '\0';
	if (memchr(json, '\0', len) != NULL) {
		snprintf(why, wlen, "the file contains a NUL byte");
		return 1;
	}
	if ((r = check_header(db, json, why, wlen)) != 0)
		return r;
	if (load_tables(db, &t, &n, why, wlen) == -1)
		return -1;
	if ((r = check_tables(db, json, t, n, why, wlen)) != 0) {
		tables_free(t, n);
		return r;
	}
	if (sqlite3_create_function(db_handle(db), "rapport_unhex", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
	    NULL, unhex_fn, NULL, NULL) != SQLITE_OK || db_begin(db) == -1 ||
	    db_run(db, "PRAGMA defer_foreign_keys = ON", "") == -1) {
		snprintf(why, wlen, "database: %s", db_errmsg(db));
		if (db_in_tx(db))
			db_rollback(db);
		tables_free(t, n);
		return -1;
	}
	for (i = 0; i < n && r == 0; i++)
		r = import_table(db, json, &t[i], why, wlen);
	if (r == 0)
		r = check_foreign_keys(db, why, wlen);
	if (r == 0 && db_commit(db) == -1) {
		snprintf(why, wlen, "at commit: %s", db_errmsg(db));
		r = 1;
	}
	if (r != 0)
		db_rollback(db);
	tables_free(t, n);
	return r;
}
