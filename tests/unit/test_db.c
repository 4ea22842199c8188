/* Unit tests for agent/db.c: open, pragmas, migrations, binding, errors. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "fixture.h"

static char dir[] = "/tmp/rapport-test-db.XXXXXX";
static char path[256];

static void
setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sub/r.db", dir);
}

static void
teardown(void)
{
	fixture_remove(dir, "/tmp/rapport-test-db.XXXXXX");
}

START_TEST(test_create_private_and_latest)
{
	char		 err[256], *mode = NULL;
	struct db	*db;
	struct stat	 st;
	int64_t		 v;

	ck_assert_ptr_null(db_open(path, 0, err, sizeof(err)));	/* no CREATE: refused */
	ck_assert_ptr_nonnull(strstr(err, "rapport init"));
	db = db_open(path, DB_OPEN_CREATE, err, sizeof(err));
	ck_assert_msg(db != NULL, "%s", err);
	ck_assert_int_eq(db_version(db), db_latest_version());
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(db_int(db, &v, "PRAGMA foreign_keys", ""), 0);
	ck_assert_int_eq(v, 1);
	ck_assert_int_eq(db_text(db, &mode, "PRAGMA journal_mode", ""), 0);
	ck_assert_str_eq(mode, "wal");
	free(mode);
	db_close(db);
}
END_TEST

/* Build a version-2 database with data, then open it: migration 3 applies
 * in one transaction and the old rows are intact. */
/* 24 MB committed a megabyte at a time: the checkpointer thread keeps the
 * WAL short (SQLite's own checkpoints are off: without the thread the WAL
 * would hold all of it), nothing is lost, and db_sync() makes it durable. */
START_TEST(test_background_checkpoints)
{
	char		 err[256], wal[300], *blob;
	struct db	*db;
	struct stat	 st;
	int64_t		 n;
	off_t		 most = 0;
	int		 i;

	db = db_open(path, DB_OPEN_CREATE, err, sizeof(err));
	ck_assert_msg(db != NULL, "%s", err);
	ck_assert_int_eq(db_background_checkpoints(db), 0);
	ck_assert_int_eq(db_run(db, "CREATE TABLE big (id INTEGER PRIMARY KEY, b BLOB)", ""), 0);
	blob = calloc(1, 1 << 20);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	for (i = 0; i < 24; i++) {
		memset(blob, 'a' + i, 1 << 20);
		ck_assert_int_eq(db_begin(db), 0);
		ck_assert_int_eq(db_run(db, "INSERT INTO big (b) VALUES (?)", "b", blob, (size_t)(1 << 20)), 0);
		ck_assert_int_eq(db_commit(db), 0);
		ck_assert_int_eq(db_sync(db), 0);
		usleep(50 * 1000);	/* time for the checkpointer */
		ck_assert_int_eq(stat(wal, &st), 0);
		if (st.st_size > most)
			most = st.st_size;
	}
	ck_assert_msg(most < 12 << 20, "the WAL grew to %lld bytes", (long long)most);
	ck_assert_int_eq(db_int(db, &n, "SELECT count(*) FROM big WHERE length(b) = 1048576 AND "
	    "hex(substr(b, 1, 1)) = hex(char(96 + id))", ""), 0);
	ck_assert_int_eq(n, 24);
	db_close(db);
	free(blob);
	db = db_open(path, 0, err, sizeof(err));
	ck_assert_msg(db != NULL, "%s", err);
	ck_assert_int_eq(db_int(db, &n, "SELECT count(*) FROM big", ""), 0);
	ck_assert_int_eq(n, 24);
	db_close(db);
}
END_TEST

/* A database from before migration 7 keeps every message's bytes: they move
 * to message_raw, exactly, and the column leaves messages. */
START_TEST(test_raw_bytes_move_out)
{
	static const char	 bytes[] = "From: a@b\r\n\r\n\0\xff body";
	char			 err[256];
	struct db		*db;
	int64_t			 n;

	db = db_open(path, DB_OPEN_CREATE | DB_OPEN_NOMIGRATE, err, sizeof(err));
	ck_assert_msg(db != NULL, "%s", err);
	ck_assert_int_eq(db_migrate(db, 6, err, sizeof(err)), 0);
	ck_assert_int_eq(db_run(db, "INSERT INTO messages (source, message_id, size, raw, received_at) "
	    "VALUES ('INBOX', 'm@x', ?, ?, 1)", "ib", (int64_t)(sizeof(bytes) - 1), bytes,
	    sizeof(bytes) - 1), 0);
	db_close(db);

	db = db_open(path, 0, err, sizeof(err));
	ck_assert_msg(db != NULL, "%s", err);
	ck_assert_int_eq(db_int(db, &n, "SELECT count(*) FROM message_raw r JOIN messages m USING (id) "
	    "WHERE m.message_id = 'm@x' AND r.raw = ?", "b", bytes, sizeof(bytes) - 1), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(db_int(db, &n, "SELECT count(*) FROM pragma_table_info('messages') "
	    "WHERE name = 'raw'", ""), 0);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(db_int(db, &n, "SELECT count(*) FROM pragma_index_list('messages') "
	    "WHERE name = 'messages_mid'", ""), 0);
	ck_assert_int_eq(n, 0);
	db_close(db);
}
END_TEST

START_TEST(test_migrate_old_schema_keeps_data)
{
	char		 err[256], *name = NULL;
	struct db	*db;
	int64_t		 n;

	db = db_open(path, DB_OPEN_CREATE | DB_OPEN_NOMIGRATE, err, sizeof(err));
	ck_assert_msg(db != NULL, "%s", err);
	ck_assert_int_eq(db_version(db), 0);
	ck_assert_int_eq(db_migrate(db, 2, err, sizeof(err)), 0);
	ck_assert_int_eq(db_version(db), 2);
	ck_assert_int_eq(db_run(db, "INSERT INTO people (name, email, tz, days, day_start, day_end, "
	    "created_at) VALUES ('Anna', 'anna@example.com', 'Asia/Manila', 62, 540, 1020, 1)", ""), 0);
	ck_assert_int_eq(db_run(db, "INSERT INTO tasks (person_id, text, due, created_at) "
	    "VALUES (1, 'Q4 report', '2026-12-04', 1)", ""), 0);
	ck_assert_int_eq(db_run(db, "INSERT INTO checkins (person_id, period, due_at) "
	    "VALUES (1, '2026-W48', 5)", ""), 0);
	/* version 2 has no outbox yet */
	ck_assert_int_eq(db_int(db, &n, "SELECT count(*) FROM sqlite_master WHERE name = 'outbox'", ""), 0);
	ck_assert_int_eq(n, 0);
	db_close(db);

	db = db_open(path, 0, err, sizeof(err));
	ck_assert_msg(db != NULL, "%s", err);
	ck_assert_int_eq(db_version(db), db_latest_version());
	ck_assert_int_eq(db_text(db, &name, "SELECT p.name || '/' || t.text || '/' || c.period FROM people p "
	    "JOIN tasks t ON t.person_id = p.id JOIN checkins c ON c.person_id = p.id", ""), 0);
	ck_assert_str_eq(name, "Anna/Q4 report/2026-W48");
	free(name);
	ck_assert_int_eq(db_int(db, &n, "SELECT count(*) FROM outbox", ""), 0);
	ck_assert_int_eq(n, 0);
	db_close(db);
}
END_TEST

START_TEST(test_newer_schema_refused)
{
	char		 err[256];
	struct db	*db;

	db = db_open(path, DB_OPEN_CREATE, err, sizeof(err));
	ck_assert_ptr_nonnull(db);
	ck_assert_int_eq(db_run(db, "PRAGMA user_version = 999", ""), 0);
	db_close(db);
	ck_assert_ptr_null(db_open(path, 0, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "newer than this rapport knows"));
}
END_TEST

START_TEST(test_failed_migration_rolls_back)
{
	char		 err[256];
	struct db	*db;

	db = db_open(path, DB_OPEN_CREATE | DB_OPEN_NOMIGRATE, err, sizeof(err));
	ck_assert_ptr_nonnull(db);
	ck_assert_int_eq(db_migrate(db, 1, err, sizeof(err)), 0);
	/* a table that migration 2 wants to create makes it fail midway */
	ck_assert_int_eq(db_run(db, "CREATE TABLE surveys (x)", ""), 0);
	ck_assert_int_eq(db_migrate(db, 3, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "migration 2"));
	ck_assert_int_eq(db_version(db), 1);	/* nothing half-applied */
	ck_assert_int_eq(db_in_tx(db), 0);
	db_close(db);
}
END_TEST

START_TEST(test_binding_and_constraints)
{
	char		 err[256], *s = NULL;
	struct db	*db;
	int64_t		 n;
	const char	 blob[] = { 'a', '\0', 'b' };
	sqlite3_stmt	*st;

	db = db_open(path, DB_OPEN_CREATE, err, sizeof(err));
	ck_assert_ptr_nonnull(db);
	/* hostile text is data, never SQL */
	ck_assert_int_eq(db_kv_set(db, "k", "x'); DROP TABLE people; --"), 0);
	s = db_kv_get(db, "k");
	ck_assert_str_eq(s, "x'); DROP TABLE people; --");
	free(s);
	ck_assert_int_eq(db_int(db, &n, "SELECT count(*) FROM people", ""), 0);
	ck_assert_int_eq(db_run(db, "INSERT INTO outbox (kind, message_id, mail_from, rcpts, bytes, "
	    "next_attempt, created_at) VALUES ('test', '<a@b>', 'f', 'r', ?, 0, 0)", "b", blob, sizeof(blob)), 0);
	ck_assert_int_eq(db_run(db, "INSERT INTO outbox (kind, message_id, mail_from, rcpts, bytes, "
	    "next_attempt, created_at) VALUES ('test', '<a@b>', 'f', 'r', ?, 0, 0)", "b", blob, sizeof(blob)), -2);
	st = db_query(db, "SELECT bytes FROM outbox WHERE message_id = ?", "t", "<a@b>");
	ck_assert_int_eq(db_step(st), 1);
	ck_assert_int_eq(sqlite3_column_bytes(st, 0), 3);
	ck_assert_int_eq(memcmp(sqlite3_column_blob(st, 0), blob, 3), 0);
	db_done(st);
	/* foreign keys are enforced */
	ck_assert_int_eq(db_run(db, "INSERT INTO tasks (person_id, text, due, created_at) "
	    "VALUES (42, 't', '2026-01-01', 0)", ""), -2);
	/* optional ids bind NULL */
	ck_assert_int_eq(db_run(db, "INSERT INTO events (at, kind, person_id) VALUES (1, 'x', ?)", "o",
	    (int64_t)-1), 0);
	ck_assert_int_eq(db_int(db, &n, "SELECT person_id IS NULL FROM events WHERE kind = 'x'", ""), 0);
	ck_assert_int_eq(n, 1);
	/* transactions */
	ck_assert_int_eq(db_begin(db), 0);
	ck_assert_int_eq(db_begin(db), -1);
	ck_assert_int_eq(db_kv_set(db, "t", "1"), 0);
	db_rollback(db);
	ck_assert_ptr_null(db_kv_get(db, "t"));
	db_close(db);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("db");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_create_private_and_latest);
	tcase_add_test(tc, test_migrate_old_schema_keeps_data);
	tcase_add_test(tc, test_newer_schema_refused);
	tcase_add_test(tc, test_failed_migration_rolls_back);
	tcase_add_test(tc, test_binding_and_constraints);
	tcase_add_test(tc, test_background_checkpoints);
	tcase_add_test(tc, test_raw_bytes_move_out);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
