/*
 * Unit tests for agent/export.c: export -> import -> export is byte for byte
 * the same (with BLOBs, reals, NULLs, quotes, newlines and non-ASCII text),
 * and an import that cannot be done completely is not done at all.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "export.h"
#include "fixture.h"
#include "seed.h"

static char		 dir[] = "/tmp/rapport-test-export.XXXXXX";
static struct db	*a, *b;

static struct db *
open_db(const char *name)
{
	struct db	*db;
	char		 path[300], err[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	db = db_open(path, DB_OPEN_CREATE, err, sizeof(err));
	ck_assert_msg(db != NULL, "%s", err);
	return db;
}

static void
setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	a = open_db("a.db");
	b = open_db("b.db");
}

static void
teardown(void)
{
	db_close(a);
	db_close(b);
	fixture_remove(dir, "/tmp/rapport-test-export.XXXXXX");
}

static char *
export(struct db *db, size_t *len)
{
	char	*buf, why[256];
	FILE	*f;

	ck_assert_ptr_nonnull(f = open_memstream(&buf, len));
	ck_assert_msg(export_json(db, f, why, sizeof(why)) == 0, "%s", why);
	fclose(f);
	return buf;
}

static int64_t
count(struct db *db, const char *sql)
{
	int64_t n = -1;

	ck_assert_int_eq(db_int(db, &n, sql, ""), 0);
	return n;
}

/* Values that are easy to get wrong. */
static void
awkward_rows(struct db *db)
{
	static const unsigned char bytes[] = { 0x00, 0xff, 0x22, 0x5c, 0x0a, 0x7b, 0x7d, 0x80 };

	ck_assert_int_eq(db_run(db, "INSERT INTO people (name, email, tz, days, day_start, day_end, created_at) "
	    "VALUES (?, 'q@example.com', 'UTC', 62, 540, 1020, 1)", "t",
	    "Zo\xc3\xab \"Q\" O'Neil\\ \xf0\x9f\x98\x80\n\ttab"), 0);
	ck_assert_int_eq(db_run(db, "INSERT INTO person_aliases (person_id, email) VALUES (last_insert_rowid(), "
	    "'z@example.com')", ""), 0);
	ck_assert_int_eq(db_run(db, "INSERT INTO goals (person_id, text, target, current, created_at) VALUES "
	    "(1, '{\"not\": \"json\"}', 0.1, ?, 1)", "d", 0.1 + 0.2), 0);
	ck_assert_int_eq(db_run(db, "INSERT INTO messages (source, message_id, size, received_at, reply_text) "
	    "VALUES ('INBOX', '<x@y>', 8, 1, '')", ""), 0);
	ck_assert_int_eq(db_run(db, "INSERT INTO message_raw (id, raw) VALUES (last_insert_rowid(), ?)", "b",
	    bytes, sizeof(bytes)), 0);
	ck_assert_int_eq(db_run(db, "INSERT INTO kv (key, value) VALUES ('imap.last', NULL), ('n', '12')", ""), 0);
}

START_TEST(test_round_trip)
{
	char	*one, *two, why[256];
	size_t	 n1, n2;

	ck_assert_int_eq(seed_demo(a), 0);
	awkward_rows(a);
	one = export(a, &n1);
	ck_assert_ptr_nonnull(strstr(one, "{\"format\":\"rapport-export\",\"version\":1,\"schema\":"));
	ck_assert_ptr_nonnull(strstr(one, "\"raw\":{\"hex\":\"00FF225C0A7B7D80\"}"));
	ck_assert_ptr_nonnull(strstr(one, "\"text\":\"{\\\"not\\\": \\\"json\\\"}\""));
	ck_assert_int_eq(import_json(b, one, n1, why, sizeof(why)), 0);
	two = export(b, &n2);
	ck_assert_uint_eq(n1, n2);
	ck_assert_int_eq(memcmp(one, two, n1), 0);
	/* the values themselves, not only their JSON */
	ck_assert_int_eq(count(b, "SELECT count(*) FROM message_raw WHERE raw = x'00ff225c0a7b7d80' AND "
	    "typeof(raw) = 'blob'"), 1);
	ck_assert_int_eq(count(b, "SELECT count(*) FROM kv WHERE key = 'n' AND typeof(value) = 'text'"), 1);
	ck_assert_int_eq(count(b, "SELECT count(*) FROM people"), 5);
	free(one);
	free(two);
}
END_TEST

START_TEST(test_empty_round_trip)
{
	char	*one, *two, why[256];
	size_t	 n1, n2;

	one = export(a, &n1);
	ck_assert_int_eq(import_json(b, one, n1, why, sizeof(why)), 0);
	two = export(b, &n2);
	ck_assert_uint_eq(n1, n2);
	ck_assert_int_eq(memcmp(one, two, n1), 0);
	free(one);
	free(two);
}
END_TEST

static void
refused(const char *json, const char *why_part)
{
	char why[256];

	int	r = import_json(b, json, strlen(json), why, sizeof(why));

	ck_assert_msg(r == 1, "%d: %s / %s", r, why, db_errmsg(b));
	ck_assert_msg(strstr(why, why_part) != NULL, "'%s' is not in '%s'", why_part, why);
	ck_assert_int_eq(count(b, "SELECT (SELECT count(*) FROM people) + (SELECT count(*) FROM goals)"), 0);
	ck_assert_int_eq(db_in_tx(b), 0);
}

START_TEST(test_refused)
{
	char	*one, *bad, why[256], head[128];
	size_t	 n;

	refused("{\"format\":", "not valid JSON");
	refused("[1, 2]", "not a rapport export");
	refused("{\"format\": \"other\"}", "not a rapport export");
	snprintf(head, sizeof(head), "{\"format\":\"rapport-export\",\"version\":1,\"schema\":%d,",
	    db_version(b));
	refused("{\"format\":\"rapport-export\",\"version\":1,\"schema\":999,\"tables\":{}}", "schema version 999");
	bad = NULL;
	if (asprintf(&bad, "%s\"tables\":{\"nonsense\":[]}}", head) < 0)
		ck_abort();
	refused(bad, "table nonsense is not in this database");
	free(bad);
	/* a column this schema does not have */
	if (asprintf(&bad, "%s\"tables\":{\"people\":[{\"id\":1,\"name\":\"A\",\"email\":\"a@x\",\"tz\":\"UTC\","
	    "\"days\":62,\"day_start\":0,\"day_end\":60,\"created_at\":1,\"shoe_size\":44}]}}", head) < 0)
		ck_abort();
	refused(bad, "columns this database does not know");
	free(bad);
	/* a constraint fails halfway: the rows before it are rolled back too */
	if (asprintf(&bad, "%s\"tables\":{\"people\":[{\"id\":1,\"name\":\"A\",\"email\":\"a@x\",\"tz\":\"UTC\","
	    "\"days\":62,\"day_start\":0,\"day_end\":60,\"created_at\":1},{\"id\":1,\"name\":\"B\"}]}}", head) < 0)
		ck_abort();
	refused(bad, "people");
	free(bad);
	/* a goal of a person who is not there: foreign keys are checked at commit */
	if (asprintf(&bad, "%s\"tables\":{\"goals\":[{\"id\":1,\"person_id\":7,\"text\":\"x\",\"status\":\"open\","
	    "\"created_at\":1}]}}", head) < 0)
		ck_abort();
	refused(bad, "FOREIGN KEY");
	free(bad);
	/* only into an empty database */
	ck_assert_int_eq(seed_demo(a), 0);
	one = export(a, &n);
	ck_assert_int_eq(import_json(a, one, n, why, sizeof(why)), 1);
	ck_assert_ptr_nonnull(strstr(why, "not empty"));
	free(one);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("export");
	TCase	*tc = tcase_create("export");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_empty_round_trip);
	tcase_add_test(tc, test_refused);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
