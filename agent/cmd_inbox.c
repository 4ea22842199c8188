/* cmd_inbox.c: `rapport poll` and `rapport inbox list|show|reprocess`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"
#include "config.h"
#include "db.h"
#include "imap.h"
#include "ingest.h"
#include "json.h"
#include "localmail.h"
#include "log.h"
#include "table.h"
#include "util.h"

static void
summary(const struct ingest *in, FILE *fp)
{
	fprintf(fp, "%u new, %u stored, %u recorded, %u quarantined, %u failed, %u ignored, "
	    "%u duplicates, %u too large, %u moved/flagged\n", in->st.listed, in->st.stored,
	    in->st.recorded, in->st.quarantined, in->st.failed, in->st.ignored, in->st.duplicates,
	    in->st.oversize, in->st.server_done);
}

int
cmd_poll(struct rapport *r, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct config	*cfg;
	struct db	*db;
	struct imap	*im;
	struct ingest	 in;
	char		 why[1024];
	const char	*path;
	int		 ch, quiet = 0, rc;

	while ((ch = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (ch) {
		case 'q': quiet = 1; break;
		case 'h':
			printf("usage: rapport poll [--quiet]\n\n"
			    "Fetch new mail from [imap] once, store it, record what it says, then move\n"
			    "(or flag) it on the server. Prints what happened.\n");
			return EX_OK;
		default: return cli_usage("poll", "[--quiet]", NULL);
		}
	}
	if (optind != argc)
		return cli_usage("poll", "[--quiet]", "unexpected argument: %s", argv[optind]);
	if ((cfg = cli_config(r)) == NULL || (db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	log_open(cfg->log, r->verbose > 1 ? "debug" : cfg->log_level);
	if (cli_templates(cfg) == -1)	/* recording may queue confirmations and receipts */
		return EX_CONFIG;
	if (localmail_url(cfg->imap.url, &path)) {
		if (ingest_init(&in, db, cfg, why, sizeof(why)) == -1) {
			cli_err("%s", why);
			return EX_OSERR;
		}
		rc = localmail_poll(&in, path, why, sizeof(why));
		if (rc == -1) {
			log_error("poll: %s", why);
			cli_err("poll: %s", why);
		}
		if (!quiet)
			summary(&in, stdout);
		ingest_free(&in);
		return rc == -1 ? EX_TEMPFAIL : EX_OK;
	}
	if ((im = imap_open(cfg, why, sizeof(why))) == NULL) {
		log_error("imap: %s", why);
		cli_err("imap: %s", why);
		return EX_UNAVAILABLE;
	}
	if (ingest_init(&in, db, cfg, why, sizeof(why)) == -1) {
		imap_close(im);
		cli_err("%s", why);
		return EX_OSERR;
	}
	in.progress = !quiet && isatty(STDERR_FILENO);
	rc = ingest_poll(&in, im, why, sizeof(why));
	if (rc == -1) {
		log_error("poll: %s", why);
		cli_err("poll: %s", why);
	}
	if (!quiet)
		summary(&in, stdout);
	log_info("poll: %s: %u new, %u recorded, %u quarantined, %u failed", in.source, in.st.listed,
	    in.st.recorded, in.st.quarantined, in.st.failed);
	snprintf(why, sizeof(why), "%lld", (long long)now_utc());
	(void)db_kv_set(db, "last_poll", why);
	ingest_free(&in);
	imap_close(im);
	return rc == -1 ? EX_TEMPFAIL : EX_OK;
}

#define LIST_SYN "[--failed | --quarantined | --all] [--json]"

static int
inbox_list(struct rapport *r, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "failed", no_argument, NULL, 'f' },
		{ "quarantined", no_argument, NULL, 'q' },
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *hdr[] = { "ID", "RECEIVED", "STATE", "CLASS", "FROM", "SUBJECT / WHY" };
	const char	*state = NULL;
	struct db	*db;
	sqlite3_stmt	*st;
	struct table	*t;
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;
	int		 ch, json = 0, all = 0, n = 0;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f': state = "failed"; break;
		case 'q': state = "quarantined"; break;
		case 'a': all = 1; break;
		case 'j': json = 1; break;
		case 'h':
			printf("usage: rapport inbox list " LIST_SYN "\n\nThe latest 50 inbound messages "
			    "(--all: every one); --failed and --quarantined show only those.\n");
			return EX_OK;
		default: return cli_usage("inbox list", LIST_SYN, NULL);
		}
	}
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	st = db_query(db, "SELECT id, received_at, state, coalesce(class, ''), coalesce(from_addr, ''), "
	    "coalesce(subject, ''), coalesce(error, ''), size FROM messages WHERE (? IS NULL OR state = ?) "
	    "ORDER BY id DESC LIMIT ?", "tti", state, state, (int64_t)(all ? -1 : 50));
	if (st == NULL)
		return EX_SOFTWARE;
	t = table_new(6, hdr);
	json_init(&j, &sb, 1);
	json_arr_begin(&j, NULL);
	while (db_step(st) == 1) {
		char id[24], when[32];
		const char *row[6];
		fmt_iso_utc((time_t)sqlite3_column_int64(st, 1), when, sizeof(when));
		if (json) {
			json_obj_begin(&j, NULL);
			json_int(&j, "id", sqlite3_column_int64(st, 0));
			json_str(&j, "received", when);
			json_str(&j, "state", db_col_text(st, 2));
			json_str(&j, "class", db_col_text(st, 3));
			json_str(&j, "from", db_col_text(st, 4));
			json_str(&j, "subject", db_col_text(st, 5));
			json_str(&j, "error", *db_col_text(st, 6) ? db_col_text(st, 6) : NULL);
			json_int(&j, "size", sqlite3_column_int64(st, 7));
			json_obj_end(&j);
		}
		snprintf(id, sizeof(id), "%lld", (long long)sqlite3_column_int64(st, 0));
		row[0] = id; row[1] = when; row[2] = db_col_text(st, 2); row[3] = db_col_text(st, 3);
		row[4] = db_col_text(st, 4);
		row[5] = *db_col_text(st, 6) ? db_col_text(st, 6) : db_col_text(st, 5);
		table_row(t, row);
		n++;
	}
	db_done(st);
	json_arr_end(&j);
	if (json)
		fputs(sb_str(&sb), stdout);
	else if (n == 0)
		printf("no %smessages\n", state != NULL ? state : "inbound ");
	else
		table_print(t, stdout);
	table_free(t);
	sb_free(&sb);
	return EX_OK;
}

static int
inbox_show(struct rapport *r, int argc, char **argv)
{
	struct db	*db;
	sqlite3_stmt	*st;
	long		 id;
	int		 raw = 0, ch;
	static const struct option opts[] = {
		{ "raw", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (ch == 'r')
			raw = 1;
		else if (ch == 'h') {
			printf("usage: rapport inbox show ID [--raw]\n\nOne inbound message: what was recorded, "
			    "and why; --raw prints the stored bytes exactly.\n");
			return EX_OK;
		} else
			return cli_usage("inbox show", "ID [--raw]", NULL);
	}
	if (argc - optind != 1 || parse_long(argv[optind], 1, 1L << 53, &id) == -1)
		return cli_usage("inbox show", "ID [--raw]", "give one message ID");
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	st = db_query(db, "SELECT r.raw, state, coalesce(class, '-'), coalesce(from_addr, '-'), "
	    "coalesce(subject, '-'), coalesce(error, ''), coalesce(thread_kind, '-'), coalesce(thread_ref, -1), "
	    "coalesce(reply_text, ''), message_id, size, source, uidvalidity, uid "
	    "FROM messages m LEFT JOIN message_raw r USING (id) WHERE m.id = ?",
	    "i", (int64_t)id);
	if (st == NULL || db_step(st) != 1) {
		db_done(st);
		cli_err("no inbound message %ld", id);
		return EX_DATAERR;
	}
	if (raw)
		fwrite(sqlite3_column_blob(st, 0), 1, (size_t)sqlite3_column_bytes(st, 0), stdout);
	else {
		printf("message %ld: %s (%s)\n", id, db_col_text(st, 1), db_col_text(st, 2));
		if (*db_col_text(st, 5))
			printf("  why:      %s\n", db_col_text(st, 5));
		printf("  from:     %s\n  subject:  %s\n  id:       <%s>\n  size:     %lld bytes\n"
		    "  source:   %s uidvalidity %lld uid %lld\n  thread:   %s %lld\n", db_col_text(st, 3),
		    db_col_text(st, 4), db_col_text(st, 9), (long long)sqlite3_column_int64(st, 10),
		    db_col_text(st, 11), (long long)sqlite3_column_int64(st, 12),
		    (long long)sqlite3_column_int64(st, 13), db_col_text(st, 6),
		    (long long)sqlite3_column_int64(st, 7));
		if (*db_col_text(st, 8))
			printf("  reply text:\n%s\n", db_col_text(st, 8));
	}
	db_done(st);
	return EX_OK;
}

static int
inbox_reprocess(struct rapport *r, int argc, char **argv)
{
	struct config	*cfg;
	struct db	*db;
	struct ingest	 in;
	char		 why[512];
	long		 id;
	int		 rc;

	cli_getopt_reset();
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: rapport inbox reprocess ID\n\nParse and record a stored message again "
		    "(after fixing a person's address, or a parser).\n");
		return EX_OK;
	}
	if (argc != 2 || parse_long(argv[1], 1, 1L << 53, &id) == -1)
		return cli_usage("inbox reprocess", "ID", "give one message ID");
	if ((cfg = cli_config(r)) == NULL || (db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if (cli_templates(cfg) == -1)
		return EX_CONFIG;
	if (ingest_init(&in, db, cfg, why, sizeof(why)) == -1) {
		cli_err("%s", why);
		return EX_OSERR;
	}
	rc = ingest_reprocess(&in, id, why, sizeof(why));
	if (rc != 0)
		cli_err("%s", why);
	else
		printf("message %ld reprocessed: %u recorded, %u quarantined, %u failed, %u ignored\n", id,
		    in.st.recorded, in.st.quarantined, in.st.failed, in.st.ignored);
	ingest_free(&in);
	return rc == 0 ? EX_OK : rc == 1 ? EX_DATAERR : EX_SOFTWARE;
}

int
cmd_inbox(struct rapport *r, int argc, char **argv)
{
	static const struct cli_cmd sub[] = {
		{ "list", inbox_list, LIST_SYN, "inbound messages and what became of them" },
		{ "show", inbox_show, "ID [--raw]", "one message" },
		{ "reprocess", inbox_reprocess, "ID", "parse and record a stored message again" },
	};

	return cli_dispatch(r, "inbox", sub, nitems(sub), argc, argv);
}
