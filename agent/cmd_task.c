/* cmd_task.c: `rapport task ...` and `rapport goal ...`. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "cmds.h"
#include "config.h"
#include "db.h"
#include "json.h"
#include "people.h"
#include "table.h"
#include "tasks.h"
#include "util.h"
#include "validate.h"

enum { O_DUE = 256, O_REASON, O_OVERDUE, O_ALL, O_JSON, O_METRIC, O_TARGET };

static const struct option task_opts[] = {
	{ "due", required_argument, NULL, O_DUE },
	{ "reason", required_argument, NULL, O_REASON },
	{ "overdue", no_argument, NULL, O_OVERDUE },
	{ "all", no_argument, NULL, O_ALL },
	{ "json", no_argument, NULL, O_JSON },
	{ "metric", required_argument, NULL, O_METRIC },
	{ "target", required_argument, NULL, O_TARGET },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct targs {
	const char	*due, *reason, *metric, *target;
	int		 overdue, all, json, help;
};

/* Collect options; returns -1 on an unknown one. */
static int
getargs(int argc, char **argv, struct targs *a)
{
	int ch;

	memset(a, 0, sizeof(*a));
	while ((ch = getopt_long(argc, argv, "h", task_opts, NULL)) != -1) {
		switch (ch) {
		case O_DUE: a->due = optarg; break;
		case O_REASON: a->reason = optarg; break;
		case O_OVERDUE: a->overdue = 1; break;
		case O_ALL: a->all = 1; break;
		case O_JSON: a->json = 1; break;
		case O_METRIC: a->metric = optarg; break;
		case O_TARGET: a->target = optarg; break;
		case 'h': a->help = 1; break;
		default: return -1;
		}
	}
	return 0;
}

static int
text_ok(const char *cmd, const char *syn, const char *what, const char *s)
{
	if (*s == '\0' || strlen(s) > 2000 || str_has_ctl(s))
		return cli_usage(cmd, syn, "%s: one line of text, at most 2000 bytes", what);
	return 0;
}

static int
find_person(struct rapport *r, struct db *db, const char *key, struct person *p)
{
	char	why[256];
	int	rc;

	if ((rc = person_find(db, key, p, why, sizeof(why))) == 1) {
		cli_err("%s", why);
		return EX_NOUSER;
	}
	(void)r;
	return rc == -1 ? cli_db_failed(db) : EX_OK;
}

/* Run one change in a transaction and report it. */
static int
finish(struct db *db, int rc, const char *why, const char *msg)
{
	if (rc == 1) {
		db_rollback(db);
		cli_err("%s", why);
		return EX_DATAERR;
	}
	if (rc != 0 || db_commit(db) == -1) {
		rc = cli_db_failed(db);
		db_rollback(db);
		return rc;
	}
	fputs(msg, stdout);
	return EX_OK;
}

#define TADD_SYN "PERSON TEXT --due DATE"

static int
task_add_cmd(struct rapport *r, int argc, char **argv)
{
	struct targs	 a;
	struct person	 p;
	struct db	*db;
	char		 due[16], msg[256];
	int64_t		 id = 0;
	int		 rc;

	if (getargs(argc, argv, &a) == -1)
		return cli_usage("task add", TADD_SYN, NULL);
	if (a.help) {
		printf("usage: rapport task add " TADD_SYN "\n\nDATE: YYYY-MM-DD, today, tomorrow or +N "
		    "days, in the person's zone.\n");
		return EX_OK;
	}
	if (argc - optind != 2 || a.due == NULL)
		return cli_usage("task add", TADD_SYN, a.due == NULL ? "--due DATE is required" :
		    "give PERSON and TEXT (quote the text)");
	if (text_ok("task add", TADD_SYN, "TEXT", argv[optind + 1]) != 0)
		return EX_USAGE;
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if ((rc = find_person(r, db, argv[optind], &p)) != EX_OK)
		return rc;
	if (cli_parse_date("--due", a.due, p.tz, due, sizeof(due)) == -1) {
		person_clear(&p);
		return EX_USAGE;
	}
	if (db_begin(db) == -1) {
		person_clear(&p);
		return cli_db_failed(db);
	}
	rc = task_add(db, p.id, argv[optind + 1], due, "cli", -1, &id);
	snprintf(msg, sizeof(msg), "added task #%lld for %s (due %s)\n", (long long)id, p.name, due);
	rc = finish(db, rc, NULL, msg);
	person_clear(&p);
	return rc;
}

static void
task_json(struct json *j, const struct task *t, int overdue)
{
	json_obj_begin(j, NULL);
	json_int(j, "id", t->id);
	json_int(j, "person_id", t->person_id);
	json_str(j, "person", t->person);
	json_str(j, "text", t->text);
	json_str(j, "due", t->due);
	json_str(j, "status", t->status);
	if (t->percent >= 0)
		json_int(j, "percent", t->percent);
	else
		json_null(j, "percent");
	json_str(j, "blocked", t->blocked);
	json_int(j, "moves", t->moves);
	json_bool(j, "overdue", overdue);
	json_obj_end(j);
}

/* Is an open task overdue in its person's zone? Caches the last zone looked up. */
static int
is_overdue(struct db *db, const struct task *t, int64_t *cache_id, char *today, size_t len)
{
	struct person p;

	if (strcmp(t->status, "open") != 0)
		return 0;
	if (*cache_id != t->person_id) {
		if (person_load(db, t->person_id, &p) != 0)
			return 0;
		zone_date(p.tz, now_utc(), today, len);
		person_clear(&p);
		*cache_id = t->person_id;
	}
	return strcmp(t->due, today) < 0;
}

#define TLIST_SYN "[PERSON] [--overdue] [--all] [--json]"

static int
task_list_cmd(struct rapport *r, int argc, char **argv)
{
	struct targs	 a;
	struct person	 p;
	struct db	*db;
	struct task	*v;
	size_t		 n, i, shown = 0;
	int64_t		 pid = -1, cache = -1;
	char		 today[16];
	int		 rc, od;
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;
	struct table	*t;
	static const char *hdr[] = { "ID", "PERSON", "DUE", "STATUS", "TASK" };

	if (getargs(argc, argv, &a) == -1 || argc - optind > 1)
		return cli_usage("task list", TLIST_SYN, NULL);
	if (a.help) {
		printf("usage: rapport task list " TLIST_SYN "\n\nOpen tasks (--all: also done and "
		    "cancelled); --overdue: open tasks past their due date in the person's zone.\n");
		return EX_OK;
	}
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if (argc - optind == 1) {
		if ((rc = find_person(r, db, argv[optind], &p)) != EX_OK)
			return rc;
		pid = p.id;
		person_clear(&p);
	}
	if (task_list(db, pid, a.all && !a.overdue ? TASK_ANY : TASK_OPEN, NULL, &v, &n) == -1)
		return cli_db_failed(db);
	json_init(&j, &sb, 1);
	json_arr_begin(&j, NULL);
	t = table_new(5, hdr);
	for (i = 0; i < n; i++) {
		char id[24], st[48];
		const char *row[5];

		od = is_overdue(db, &v[i], &cache, today, sizeof(today));
		if (a.overdue && !od)
			continue;
		shown++;
		if (a.json) {
			task_json(&j, &v[i], od);
			continue;
		}
		snprintf(id, sizeof(id), "#%lld", (long long)v[i].id);
		if (od)
			snprintf(st, sizeof(st), "OVERDUE%s", v[i].moves ? " (moved)" : "");
		else if (v[i].blocked != NULL)
			snprintf(st, sizeof(st), "blocked");
		else if (v[i].percent > 0 && strcmp(v[i].status, "open") == 0)
			snprintf(st, sizeof(st), "%d%%", v[i].percent);
		else
			snprintf(st, sizeof(st), "%s", v[i].status);
		row[0] = id; row[1] = v[i].person; row[2] = v[i].due; row[3] = st; row[4] = v[i].text;
		table_row(t, row);
	}
	json_arr_end(&j);
	if (a.json)
		fputs(sb_str(&sb), stdout);
	else if (shown == 0)
		printf("no %stasks\n", a.overdue ? "overdue " : a.all ? "" : "open ");
	else
		table_print(t, stdout);
	table_free(t);
	sb_free(&sb);
	task_list_free(v, n);
	return EX_OK;
}

/* done / cancel / reopen: ID only. */
static int
task_simple(struct rapport *r, int argc, char **argv, const char *which)
{
	struct targs	 a;
	struct db	*db;
	int64_t		 id = 0;
	char		 cmd[32], why[256], msg[64];
	int		 rc;

	snprintf(cmd, sizeof(cmd), "task %s", which);
	if (getargs(argc, argv, &a) == -1)
		return cli_usage(cmd, "ID", NULL);
	if (a.help) {
		printf("usage: rapport %s ID\n", cmd);
		return EX_OK;
	}
	if (argc - optind != 1)
		return cli_usage(cmd, "ID", "give one task ID");
	if (cli_parse_id(cmd, "ID", "an id", argv[optind], &id) != 0)
		return EX_USAGE;
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if (db_begin(db) == -1)
		return cli_db_failed(db);
	if (strcmp(which, "done") == 0)
		rc = task_done(db, id, "cli", -1, why, sizeof(why));
	else if (strcmp(which, "cancel") == 0)
		rc = task_cancel(db, id, "cli", -1, why, sizeof(why));
	else
		rc = task_reopen(db, id, "cli", -1, why, sizeof(why));
	snprintf(msg, sizeof(msg), "task #%lld %s\n", (long long)id, strcmp(which, "done") == 0 ?
	    "done" : strcmp(which, "cancel") == 0 ? "cancelled" : "reopened");
	return finish(db, rc, why, msg);
}

static int task_done_cmd(struct rapport *r, int c, char **v) { return task_simple(r, c, v, "done"); }
static int task_cancel_cmd(struct rapport *r, int c, char **v) { return task_simple(r, c, v, "cancel"); }
static int task_reopen_cmd(struct rapport *r, int c, char **v) { return task_simple(r, c, v, "reopen"); }

#define TMOVE_SYN "ID DATE [--reason TEXT]"

static int
task_move_cmd(struct rapport *r, int argc, char **argv)
{
	struct targs	 a;
	struct db	*db;
	struct task	 t;
	struct person	 p;
	int64_t		 id = 0;
	char		 why[256], due[16], msg[64];
	int		 rc;

	if (getargs(argc, argv, &a) == -1)
		return cli_usage("task move", TMOVE_SYN, NULL);
	if (a.help) {
		printf("usage: rapport task move " TMOVE_SYN "\n\nMove a task's due date; the old date "
		    "and the reason are kept in its history.\n");
		return EX_OK;
	}
	if (argc - optind != 2)
		return cli_usage("task move", TMOVE_SYN, "give a task ID and the new DATE");
	if (cli_parse_id("task move", TMOVE_SYN, "an id", argv[optind], &id) != 0 ||
	    (a.reason != NULL && text_ok("task move", TMOVE_SYN, "--reason", a.reason) != 0))
		return EX_USAGE;
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if ((rc = task_load(db, id, &t)) != 0) {
		if (rc == 1)
			cli_err("no task #%lld", (long long)id);
		return rc == 1 ? EX_DATAERR : cli_db_failed(db);
	}
	rc = person_load(db, t.person_id, &p);
	task_clear(&t);
	if (rc != 0)
		return cli_db_failed(db);
	rc = cli_parse_date("DATE", argv[optind + 1], p.tz, due, sizeof(due));
	person_clear(&p);
	if (rc == -1)
		return EX_USAGE;
	if (db_begin(db) == -1)
		return cli_db_failed(db);
	rc = task_move(db, id, due, a.reason, "cli", -1, why, sizeof(why));
	snprintf(msg, sizeof(msg), "task #%lld now due %s\n", (long long)id, due);
	return finish(db, rc, why, msg);
}

int
cmd_task(struct rapport *r, int argc, char **argv)
{
	static const struct cli_cmd sub[] = {
		{ "add", task_add_cmd, TADD_SYN, "give a person a task with a due date" },
		{ "list", task_list_cmd, TLIST_SYN, "list tasks" },
		{ "done", task_done_cmd, "ID", "mark a task done" },
		{ "move", task_move_cmd, TMOVE_SYN, "move a task's due date" },
		{ "cancel", task_cancel_cmd, "ID", "cancel a task" },
		{ "reopen", task_reopen_cmd, "ID", "reopen a done or cancelled task" },
	};

	return cli_dispatch(r, "task", sub, nitems(sub), argc, argv);
}

/* --- goals */

#define GADD_SYN "PERSON TEXT [--metric TEXT] [--target N] [--due DATE]"

static int
goal_add_cmd(struct rapport *r, int argc, char **argv)
{
	struct targs	 a;
	struct person	 p;
	struct db	*db;
	char		 due[16], msg[256];
	double		 target = NAN;
	int64_t		 id = 0;
	int		 rc;

	if (getargs(argc, argv, &a) == -1)
		return cli_usage("goal add", GADD_SYN, NULL);
	if (a.help) {
		printf("usage: rapport goal add " GADD_SYN "\n\nA clear, measurable expectation: "
		    "e.g. --metric \"emails in inbox\" --target 20.\n");
		return EX_OK;
	}
	if (argc - optind != 2)
		return cli_usage("goal add", GADD_SYN, "give PERSON and TEXT (quote the text)");
	if (text_ok("goal add", GADD_SYN, "TEXT", argv[optind + 1]) != 0 ||
	    (a.metric != NULL && text_ok("goal add", GADD_SYN, "--metric", a.metric) != 0))
		return EX_USAGE;
	if (a.target != NULL && (parse_double(a.target, &target) == -1 || !isfinite(target)))
		return cli_usage("goal add", GADD_SYN, "--target: '%s' is not a number", a.target);
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if ((rc = find_person(r, db, argv[optind], &p)) != EX_OK)
		return rc;
	if (a.due != NULL && cli_parse_date("--due", a.due, p.tz, due, sizeof(due)) == -1) {
		person_clear(&p);
		return EX_USAGE;
	}
	if (db_begin(db) == -1) {
		person_clear(&p);
		return cli_db_failed(db);
	}
	rc = goal_add(db, p.id, argv[optind + 1], a.metric, target, a.due != NULL ? due : NULL, &id);
	snprintf(msg, sizeof(msg), "added goal %lld for %s\n", (long long)id, p.name);
	rc = finish(db, rc, NULL, msg);
	person_clear(&p);
	return rc;
}

static void
fmt_progress(const struct goal *g, char *buf, size_t len)
{
	if (isnan(g->current) && isnan(g->target))
		snprintf(buf, len, "-");
	else if (isnan(g->target))
		snprintf(buf, len, "%g", g->current);
	else if (isnan(g->current))
		snprintf(buf, len, "? / %g", g->target);
	else
		snprintf(buf, len, "%g / %g", g->current, g->target);
}

static int
goal_list_cmd(struct rapport *r, int argc, char **argv)
{
	struct targs	 a;
	struct person	 p;
	struct db	*db;
	struct goal	*v;
	size_t		 n, i;
	int64_t		 pid = -1;
	int		 rc;
	static const char *hdr[] = { "ID", "PERSON", "STATUS", "PROGRESS", "DUE", "GOAL" };

	if (getargs(argc, argv, &a) == -1 || argc - optind > 1)
		return cli_usage("goal list", "[PERSON] [--all] [--json]", NULL);
	if (a.help) {
		printf("usage: rapport goal list [PERSON] [--all] [--json]\n");
		return EX_OK;
	}
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if (argc - optind == 1) {
		if ((rc = find_person(r, db, argv[optind], &p)) != EX_OK)
			return rc;
		pid = p.id;
		person_clear(&p);
	}
	if (goal_list(db, pid, a.all, &v, &n) == -1)
		return cli_db_failed(db);
	if (a.json) {
		struct strbuf	sb = STRBUF_INIT;
		struct json	j;

		json_init(&j, &sb, 1);
		json_arr_begin(&j, NULL);
		for (i = 0; i < n; i++) {
			json_obj_begin(&j, NULL);
			json_int(&j, "id", v[i].id);
			json_str(&j, "person", v[i].person);
			json_str(&j, "text", v[i].text);
			json_str(&j, "metric", v[i].metric);
			json_num(&j, "target", v[i].target);
			json_num(&j, "current", v[i].current);
			json_str(&j, "due", v[i].due);
			json_str(&j, "status", v[i].status);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		fputs(sb_str(&sb), stdout);
		sb_free(&sb);
	} else if (n == 0)
		printf("no goals\n");
	else {
		struct table *t = table_new(6, hdr);
		for (i = 0; i < n; i++) {
			char id[24], prog[64];
			const char *row[6];
			snprintf(id, sizeof(id), "%lld", (long long)v[i].id);
			fmt_progress(&v[i], prog, sizeof(prog));
			row[0] = id; row[1] = v[i].person; row[2] = v[i].status; row[3] = prog;
			row[4] = v[i].due; row[5] = v[i].text;
			table_row(t, row);
		}
		table_print(t, stdout);
		table_free(t);
	}
	goal_list_free(v, n);
	return EX_OK;
}

static int
goal_progress_cmd(struct rapport *r, int argc, char **argv)
{
	struct targs	 a;
	struct db	*db;
	int64_t		 id = 0;
	double		 val;
	char		 why[256], msg[96];

	if (getargs(argc, argv, &a) == -1)
		return cli_usage("goal progress", "ID VALUE", NULL);
	if (a.help) {
		printf("usage: rapport goal progress ID VALUE\n\nRecord the goal's metric now.\n");
		return EX_OK;
	}
	if (argc - optind != 2)
		return cli_usage("goal progress", "ID VALUE", "give a goal ID and a VALUE");
	if (cli_parse_id("goal progress", "ID VALUE", "an id", argv[optind], &id) != 0)
		return EX_USAGE;
	if (parse_double(argv[optind + 1], &val) == -1 || !isfinite(val))
		return cli_usage("goal progress", "ID VALUE", "'%s' is not a number", argv[optind + 1]);
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if (db_begin(db) == -1)
		return cli_db_failed(db);
	snprintf(msg, sizeof(msg), "goal %lld: %g recorded\n", (long long)id, val);
	return finish(db, goal_progress(db, id, val, "cli", why, sizeof(why)), why, msg);
}

static int
goal_done_cmd(struct rapport *r, int argc, char **argv)
{
	struct targs	 a;
	struct db	*db;
	int64_t		 id = 0;
	char		 why[256], msg[64];

	if (getargs(argc, argv, &a) == -1)
		return cli_usage("goal done", "ID", NULL);
	if (a.help) {
		printf("usage: rapport goal done ID\n");
		return EX_OK;
	}
	if (argc - optind != 1)
		return cli_usage("goal done", "ID", "give one goal ID");
	if (cli_parse_id("goal done", "ID", "an id", argv[optind], &id) != 0)
		return EX_USAGE;
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if (db_begin(db) == -1)
		return cli_db_failed(db);
	snprintf(msg, sizeof(msg), "goal %lld done\n", (long long)id);
	return finish(db, goal_done(db, id, "cli", why, sizeof(why)), why, msg);
}

int
cmd_goal(struct rapport *r, int argc, char **argv)
{
	static const struct cli_cmd sub[] = {
		{ "add", goal_add_cmd, GADD_SYN, "set a goal for a person" },
		{ "list", goal_list_cmd, "[PERSON] [--all] [--json]", "list goals" },
		{ "progress", goal_progress_cmd, "ID VALUE", "record progress toward the target" },
		{ "done", goal_done_cmd, "ID", "mark a goal reached" },
	};

	return cli_dispatch(r, "goal", sub, nitems(sub), argc, argv);
}
