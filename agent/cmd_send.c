/* cmd_send.c: `rapport tick`, `rapport schedule` and `rapport outbox ...`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "cmds.h"
#include "config.h"
#include "db.h"
#include "json.h"
#include "log.h"
#include "mail.h"
#include "outbox.h"
#include "people.h"
#include "schedule.h"
#include "sender.h"
#include "table.h"
#include "templates.h"
#include "util.h"
#include "worktime.h"

/* Templates come from the build, overridden by [agent] templates_dir. */
int
cli_templates(struct config *cfg)
{
	char err[512];

	if (templates_load(cfg->templates_dir, err, sizeof(err)) == -1) {
		cli_err("templates: %s", err);
		return -1;
	}
	return 0;
}

/* One scheduling and sending pass; the daemon runs the same function. */
int
tick_once(struct db *db, struct config *cfg, long long now, int schedule, int send,
    struct tick_stats *ts, struct outbox_stats *os)
{
	struct sender		s;
	struct outbox_transport	tr;
	int			r = 0;

	memset(ts, 0, sizeof(*ts));
	memset(os, 0, sizeof(*os));
	if (schedule && schedule_tick(db, cfg, now, ts) == -1)
		r = -1;
	if (send) {
		sender_init(&s, cfg, &tr);
		do {
			struct outbox_stats one;
			if (outbox_flush(db, cfg, now, 200, &tr, &one) == -1) {
				r = -1;
				break;
			}
			os->sent += one.sent;
			os->tempfail += one.tempfail;
			os->permfail += one.permfail;
			os->deferred += one.deferred;
			if (one.sent + one.tempfail + one.permfail + one.deferred < 200)
				break;
		} while (1);
	}
	return r;
}

int
cmd_tick(struct rapport *r, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "no-send", no_argument, NULL, 'n' },
		{ "no-schedule", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct config		*cfg;
	struct db		*db;
	struct tick_stats	 ts;
	struct outbox_stats	 os;
	int			 ch, send = 1, schedule = 1, rc;
	unsigned		 queued = 0, k;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'n': send = 0; break;
		case 's': schedule = 0; break;
		case 'h':
			printf("usage: rapport tick [--no-send] [--no-schedule]\n\n"
			    "One pass: queue every email that is due now (check-ins, reminders,\n"
			    "deadline follow-ups, surveys, review invites, the digest), inside each\n"
			    "person's working hours and daily cap, then send what is queued.\n"
			    "`rapport --now TIME tick` moves the clock (tests, the demo).\n");
			return EX_OK;
		default:
			return cli_usage("tick", "[--no-send] [--no-schedule]", NULL);
		}
	}
	if (optind != argc)
		return cli_usage("tick", "[--no-send] [--no-schedule]", "unexpected argument: %s", argv[optind]);
	if ((cfg = cli_config(r)) == NULL || (db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	log_open(cfg->log, r->verbose > 1 ? "debug" : cfg->log_level);
	if (cli_templates(cfg) == -1)
		return EX_CONFIG;
	rc = tick_once(db, cfg, now_utc(), schedule, send, &ts, &os);
	for (k = 0; k <= SCHED_DIGEST; k++)
		queued += ts.queued[k];
	printf("queued %u (check-ins %u, reminders %u, follow-ups %u, surveys %u, reviews %u, digests %u); "
	    "capped %u; sent %u, retrying %u, failed %u, waiting for working hours %u\n", queued,
	    ts.queued[SCHED_CHECKIN], ts.queued[SCHED_REMINDER], ts.queued[SCHED_FOLLOWUP],
	    ts.queued[SCHED_SURVEY], ts.queued[SCHED_REVIEW] + ts.queued[SCHED_MONTHLY_REVIEW],
	    ts.queued[SCHED_DIGEST], ts.capped, os.sent, os.tempfail, os.permfail, os.deferred);
	log_info("tick: queued %u, sent %u, retrying %u, failed %u", queued, os.sent, os.tempfail, os.permfail);
	if (os.sent > 0) {
		char when[24];
		snprintf(when, sizeof(when), "%lld", (long long)now_utc());
		(void)db_kv_set(db, "last_send", when);
	}
	return rc == -1 ? EX_SOFTWARE : os.tempfail > 0 ? EX_TEMPFAIL : EX_OK;
}

int
cmd_schedule(struct rapport *r, int argc, char **argv)
{
	struct config		*cfg;
	struct db		*db;
	struct sched_item	*v;
	struct person		 p, who;
	struct table		*t;
	size_t			 n, i;
	int64_t			 only = -1;
	char			 why[256], pt[96], mt[96];
	static const char	*hdr[] = { "PERSON", "WHAT", "THEIR TIME", "YOUR TIME" };

	cli_getopt_reset();
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: rapport schedule [PERSON]\n\nThe next emails rapport will send, in each "
		    "person's time and in yours.\n");
		return EX_OK;
	}
	if (argc > 2)
		return cli_usage("schedule", "[PERSON]", NULL);
	if ((cfg = cli_config(r)) == NULL || (db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if (argc == 2) {
		if (person_find(db, argv[1], &p, why, sizeof(why)) != 0) {
			cli_err("%s", why);
			return EX_NOUSER;
		}
		only = p.id;
		person_clear(&p);
	}
	if (schedule_plan(db, cfg, now_utc(), &v, &n) == -1)
		return EX_SOFTWARE;
	t = table_new(4, hdr);
	for (i = 0; i < n; i++) {
		const char *row[4];
		if (only >= 0 && v[i].person_id != only)
			continue;
		memset(&who, 0, sizeof(who));
		if (v[i].person_id >= 0 && person_load(db, v[i].person_id, &who) != 0)
			continue;
		worktime_format(v[i].send_at, v[i].person_id >= 0 ? who.tz : cfg->manager_tz, pt, sizeof(pt));
		worktime_format(v[i].send_at, cfg->manager_tz, mt, sizeof(mt));
		row[0] = v[i].person_id >= 0 ? who.name : "(you)";
		row[1] = v[i].what;
		row[2] = pt;
		row[3] = mt;
		table_row(t, row);
		person_clear(&who);
	}
	if (table_rows(t) == 0)
		printf("nothing scheduled\n");
	else
		table_print(t, stdout);
	table_free(t);
	free(v);
	return EX_OK;
}

#define OLIST_SYN "[--pending | --failed | --all] [--json]"

static int
outbox_list(struct rapport *r, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pending", no_argument, NULL, 'p' },
		{ "failed", no_argument, NULL, 'f' },
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *hdr[] = { "ID", "KIND", "TO", "STATE", "ATTEMPTS", "WHEN", "SUBJECT / ERROR" };
	const char	*state = NULL;
	struct db	*db;
	sqlite3_stmt	*st;
	struct table	*t;
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;
	int		 ch, json = 0, all = 0;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'p': state = "pending"; break;
		case 'f': state = "failed"; break;
		case 'a': all = 1; break;
		case 'j': json = 1; break;
		case 'h':
			printf("usage: rapport outbox list " OLIST_SYN "\n\nQueued and failed emails "
			    "(--all: also the latest sent ones).\n");
			return EX_OK;
		default: return cli_usage("outbox list", OLIST_SYN, NULL);
		}
	}
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	st = db_query(db, "SELECT id, kind, rcpts, state, attempts, coalesce(sent_at, next_attempt), "
	    "coalesce(last_error, ''), coalesce(subject, ''), message_id FROM outbox WHERE (?1 IS NULL AND "
	    "(?2 OR state != 'sent')) OR state = ?1 ORDER BY id DESC LIMIT 200", "ti", state, (int64_t)all);
	if (st == NULL)
		return EX_SOFTWARE;
	t = table_new(7, hdr);
	json_init(&j, &sb, 1);
	json_arr_begin(&j, NULL);
	while (db_step(st) == 1) {
		char id[24], att[16], when[32];
		const char *row[7];
		fmt_iso_utc((time_t)sqlite3_column_int64(st, 5), when, sizeof(when));
		if (json) {
			json_obj_begin(&j, NULL);
			json_int(&j, "id", sqlite3_column_int64(st, 0));
			json_str(&j, "kind", db_col_text(st, 1));
			json_str(&j, "to", db_col_text(st, 2));
			json_str(&j, "state", db_col_text(st, 3));
			json_int(&j, "attempts", sqlite3_column_int64(st, 4));
			json_str(&j, "when", when);
			json_str(&j, "error", *db_col_text(st, 6) ? db_col_text(st, 6) : NULL);
			json_str(&j, "subject", db_col_text(st, 7));
			json_str(&j, "message_id", db_col_text(st, 8));
			json_obj_end(&j);
		}
		snprintf(id, sizeof(id), "%lld", (long long)sqlite3_column_int64(st, 0));
		snprintf(att, sizeof(att), "%d", sqlite3_column_int(st, 4));
		row[0] = id; row[1] = db_col_text(st, 1); row[2] = db_col_text(st, 2);
		row[3] = db_col_text(st, 3); row[4] = att; row[5] = when;
		row[6] = *db_col_text(st, 6) ? db_col_text(st, 6) : db_col_text(st, 7);
		table_row(t, row);
	}
	db_done(st);
	json_arr_end(&j);
	if (json)
		fputs(sb_str(&sb), stdout);
	else if (table_rows(t) == 0)
		printf("the outbox is empty\n");
	else
		table_print(t, stdout);
	table_free(t);
	sb_free(&sb);
	return EX_OK;
}

static int
outbox_show(struct rapport *r, int argc, char **argv)
{
	struct db	*db;
	sqlite3_stmt	*st;
	long		 id;

	if (argc != 2 || parse_long(argv[1], 1, 1L << 53, &id) == -1)
		return cli_usage("outbox show", "ID", "give one message ID");
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	st = db_query(db, "SELECT bytes FROM outbox WHERE id = ?", "i", (int64_t)id);
	if (st == NULL || db_step(st) != 1) {
		db_done(st);
		cli_err("no outbox message %ld", id);
		return EX_DATAERR;
	}
	fwrite(sqlite3_column_blob(st, 0), 1, (size_t)sqlite3_column_bytes(st, 0), stdout);
	db_done(st);
	return EX_OK;
}

static int
outbox_retry_cmd(struct rapport *r, int argc, char **argv)
{
	struct db	*db;
	long		 id;
	int		 rc;

	if (argc != 2 || parse_long(argv[1], 1, 1L << 53, &id) == -1)
		return cli_usage("outbox retry", "ID", "give one message ID");
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if ((rc = outbox_retry(db, id)) == 1) {
		cli_err("no unsent outbox message %ld", id);
		return EX_DATAERR;
	}
	if (rc == -1)
		return EX_SOFTWARE;
	printf("message %ld will be sent at the next tick\n", id);
	return EX_OK;
}

static int
outbox_purge(struct rapport *r, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "sent", no_argument, NULL, 's' },
		{ "older-than", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct db	*db;
	long		 days = 30;
	int64_t		 n;
	int		 ch, sent = 0;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 's': sent = 1; break;
		case 'o': {
			size_t l = strlen(optarg);
			char *d = xstrdup(optarg);
			if (l > 1 && d[l - 1] == 'd')
				d[l - 1] = '\0';
			if (parse_long(d, 0, 36500, &days) == -1) {
				free(d);
				return cli_usage("outbox purge", "--sent [--older-than 30d]", "--older-than: days, e.g. 30d");
			}
			free(d);
			break;
		}
		case 'h':
			printf("usage: rapport outbox purge --sent [--older-than 30d]\n\nDelete sent emails older "
			    "than the given number of days (default 30). Failed and queued ones are never purged.\n");
			return EX_OK;
		default: return cli_usage("outbox purge", "--sent [--older-than 30d]", NULL);
		}
	}
	if (!sent)
		return cli_usage("outbox purge", "--sent [--older-than 30d]", "only --sent emails can be purged");
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if (outbox_purge_sent(db, now_utc(), days * 86400L, &n) == -1)
		return EX_SOFTWARE;
	printf("purged %lld sent emails older than %ld days\n", (long long)n, days);
	return EX_OK;
}

int
cmd_outbox(struct rapport *r, int argc, char **argv)
{
	static const struct cli_cmd sub[] = {
		{ "list", outbox_list, OLIST_SYN, "queued and failed emails" },
		{ "show", outbox_show, "ID", "the exact bytes of one email" },
		{ "retry", outbox_retry_cmd, "ID", "send a failed email again" },
		{ "purge", outbox_purge, "--sent [--older-than 30d]", "delete old sent emails" },
	};

	return cli_dispatch(r, "outbox", sub, nitems(sub), argc, argv);
}
