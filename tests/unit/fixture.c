/* fixture.c: the unit tests' scratch directory; see fixture.h. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "fixture.h"
#include "strbuf.h"

void
fixture_open(const char *dir, const char *conf, struct config **cfg, struct db **db)
{
	struct strbuf	 text = STRBUF_INIT, errs = STRBUF_INIT;
	const char	*p, *at;
	char		 path[600], err[256];
	FILE		*f;

	for (p = conf; (at = strstr(p, "@DIR@")) != NULL; p = at + 5) {
		sb_add(&text, p, (size_t)(at - p));
		sb_adds(&text, dir);
	}
	sb_adds(&text, p);
	snprintf(path, sizeof(path), "%s/rapport.conf", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_uint_eq(fwrite(sb_str(&text), 1, text.len, f), text.len);
	fclose(f);
	sb_free(&text);
	*cfg = config_load(path, &errs, NULL);
	ck_assert_msg(*cfg != NULL, "%s", sb_str(&errs));
	sb_free(&errs);
	*db = db_open((*cfg)->database, DB_OPEN_CREATE, err, sizeof(err));
	ck_assert_msg(*db != NULL, "%s", err);
}

void
fixture_remove(char *dir, const char *template)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(dir, strlen(template) + 1, "%s", template);
}
