/* cmd_export.c: `rapport export --json` and `rapport import --json FILE`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "cmds.h"
#include "db.h"
#include "export.h"
#include "util.h"

#define EXPORT_SYN "--json"
#define IMPORT_SYN "--json FILE"

static int
is_help(int argc, char **argv)
{
	return argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
}

int
cmd_export(struct rapport *r, int argc, char **argv)
{
	struct db	*db;
	char		 why[512];

	if (is_help(argc, argv)) {
		printf("usage: rapport export " EXPORT_SYN "\n\nWrite the whole database (every table, "
		    "every row) as JSON to stdout;\n`rapport import --json FILE` reads it into a new "
		    "database.\n");
		return EX_OK;
	}
	if (argc != 2 || strcmp(argv[1], "--json") != 0)
		return cli_usage("export", EXPORT_SYN, argc == 1 ? "say --json (the only format)" :
		    "unexpected argument: %s", argv[argc == 2 && strcmp(argv[1], "--json") != 0 ? 1 : argc - 1]);
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if (export_json(db, stdout, why, sizeof(why)) == -1) {
		cli_err("export: %s", why);
		return EX_IOERR;
	}
	return EX_OK;
}

int
cmd_import(struct rapport *r, int argc, char **argv)
{
	struct db	*db;
	char		*buf, why[512];
	size_t		 len;
	int		 rc;

	if (is_help(argc, argv)) {
		printf("usage: rapport import " IMPORT_SYN "\n\nRead an export into this database, which "
		    "must be new and empty\n(create one with `rapport init --database FILE`). All or "
		    "nothing: on any error nothing is imported.\n");
		return EX_OK;
	}
	if (argc != 3 || strcmp(argv[1], "--json") != 0)
		return cli_usage("import", IMPORT_SYN, NULL);
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if (read_file(argv[2], &buf, &len, EXPORT_MAX_SIZE) == -1) {
		cli_err("%s: %s", argv[2], errno == EFBIG ? "too large" : strerror(errno));
		return errno == ENOENT ? EX_NOINPUT : EX_IOERR;
	}
	rc = import_json(db, buf, len, why, sizeof(why));
	free(buf);
	if (rc != 0) {
		cli_err("import: %s", why);
		return rc == 1 ? EX_DATAERR : EX_SOFTWARE;
	}
	printf("imported %s\n", argv[2]);
	return EX_OK;
}
