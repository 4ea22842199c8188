/* cmd_do.c: `rapport do "TEXT"`: the command language on the command line,
 * carried out by the same executor as the manager's mail (actions.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "actions.h"
#include "cli.h"
#include "cmds.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "strbuf.h"
#include "util.h"

#define DO_SYN		"[--dry-run] 'COMMAND' ... | -"
#define DO_INPUT_MAX	(64u * 1024)	/* bytes read from stdin */

static void
do_help(void)
{
	printf("usage: rapport do " DO_SYN "\n\n"
	    "Carry out commands, one per argument or per line of stdin (-), exactly as in\n"
	    "an email to rapport, and print what was done:\n"
	    "  kudos NAME: TEXT        praise NAME: TEXT        feedback NAME: TEXT\n"
	    "  task NAME: TEXT due DATE                         goal NAME: TEXT [by DATE]\n"
	    "  done #ID     cancel #ID     move #ID to DATE [: reason]\n"
	    "  pause NAME [until DATE]     resume NAME          status [NAME]\n"
	    "  review NAME DAY TIME        accept counter #ID   digest\n"
	    "DATE is e.g. Dec 12, 2026-12-12, friday, next week, in 3 days.\n"
	    "--dry-run shows what would be done and changes nothing.\n"
	    "Exit status: 0 when every line was done, 65 when a line was not.\n");
}

/* The arguments as lines, or stdin for "-". -1 when stdin is too long. */
static int
read_text(int argc, char **argv, struct strbuf *sb)
{
	char	buf[4096];
	size_t	n;
	int	i;

	if (argc == 1 && strcmp(argv[0], "-") == 0) {
		while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
			if (sb_add(sb, buf, n) == -1)
				return -1;
		return ferror(stdin) ? -1 : 0;
	}
	for (i = 0; i < argc; i++)
		if (sb_printf(sb, "%s\n", argv[i]) == -1)
			return -1;
	return 0;
}

int
cmd_do(struct rapport *r, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct actions_ctx	 ctx;
	struct actions_result	 res;
	struct strbuf		 text;
	struct config		*cfg;
	struct db		*db;
	char			*out;
	int			 ch, dry = 0, rc;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, "+nh", opts, NULL)) != -1) {
		switch (ch) {
		case 'n': dry = 1; break;
		case 'h': do_help(); return EX_OK;
		default: return cli_usage("do", DO_SYN, NULL);
		}
	}
	if (optind == argc)
		return cli_usage("do", DO_SYN, "give a command, e.g. rapport do 'done #12'");
	sb_init(&text, DO_INPUT_MAX);
	if (read_text(argc - optind, argv + optind, &text) == -1) {
		sb_free(&text);
		cli_err("the commands are longer than %u bytes", DO_INPUT_MAX);
		return EX_DATAERR;
	}
	if ((cfg = cli_config(r)) == NULL || (db = cli_db(r)) == NULL) {
		sb_free(&text);
		return cli_fail_code(r);
	}
	log_open(cfg->log, r->verbose > 1 ? "debug" : cfg->log_level);
	if (cli_templates(cfg) == -1) {
		sb_free(&text);
		return EX_CONFIG;
	}
	if (db_begin(db) == -1) {
		sb_free(&text);
		return cli_db_failed(db);
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.db = db;
	ctx.cfg = cfg;
	ctx.date = now_utc();
	ctx.source = "cli";
	ctx.message = -1;
	ctx.checkin = -1;
	rc = actions_run(&ctx, sb_str(&text), text.len, &res);
	sb_free(&text);
	/* all or nothing on a database error; a dry run undoes everything */
	if (rc == -1 || (!dry && db_commit(db) == -1)) {
		/* a database error, or an email that could not be made (the log says why) */
		cli_err("could not carry out the commands; nothing was changed (database: %s; "
		    "see the log)", db_errmsg(db));
		db_rollback(db);
		actions_result_free(&res);
		return EX_SOFTWARE;
	}
	if (dry)
		db_rollback(db);
	out = actions_result_text(&res);
	fputs(out, stdout);
	if (dry)
		printf("(dry run: nothing was changed)\n");
	free(out);
	rc = res.nerrors > 0 ? EX_DATAERR : EX_OK;
	actions_result_free(&res);
	return rc;
}
