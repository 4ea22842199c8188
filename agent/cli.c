/* cli.c: global options, the command table, help, and shared CLI plumbing. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "cmds.h"
#include "config.h"
#include "db.h"
#include "util.h"
#include "validate.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif

static int	cmd_help(struct rapport *, int, char **);
static int	cmd_version(struct rapport *, int, char **);

/* Every command: adding one is adding a row. */
static const struct cli_cmd commands[] = {
	{ "init", cmd_init, "[--force] [--manager NAME --email ADDR --tz ZONE] [--database FILE]",
	  "write an example config (0600) and create the database" },
	{ "config", cmd_config, "[--check | --example]", "show or check the configuration" },
	{ "person", cmd_person, "add|list|show|edit|pause|resume|remove ...", "manage the people who report to you" },
	{ "goal", cmd_goal, "add|list|progress|done ...", "goals with a metric and a target" },
	{ "task", cmd_task, "add|list|done|move|cancel ...", "tasks with due dates" },
	{ "do", cmd_do, "[--dry-run] 'COMMAND' ... | -", "carry out commands as in an email (kudos, move, pause ...)" },
	{ "review", cmd_review, "list|schedule|move|cancel|accept-counter ...",
	  "1:1 and monthly review meetings (calendar invites, RSVPs)" },
	{ "run", cmd_run, "[--once]", "the always-on agent (one per database)" },
	{ "status", cmd_status, "", "is the agent running, queues, what is next" },
	{ "doctor", cmd_doctor, "[--no-send]", "check the installation end to end and say what to fix" },
	{ "tick", cmd_tick, "[--no-send] [--no-schedule]", "queue what is due now and send the outbox" },
	{ "schedule", cmd_schedule, "[PERSON]", "the next emails, in their time and yours" },
	{ "outbox", cmd_outbox, "list|show|retry|purge ...", "queued, sent and failed emails" },
	{ "poll", cmd_poll, "[--quiet]", "fetch and record new mail once" },
	{ "inbox", cmd_inbox, "list|show|reprocess ...", "inbound messages: failed, quarantined, all" },
	{ "digest", cmd_digest, "--print [--week 2026-W48] [--html FILE]",
	  "show the weekly digest without sending it" },
	{ "report", cmd_report, "[PERSON] [--weeks N] [--week W] [--format text|json|csv]",
	  "the digest's figures over a range of weeks" },
	{ "kudos", cmd_kudos, "PERSON \"TEXT\"", "thank someone (emailed and recorded)" },
	{ "feedback", cmd_feedback, "PERSON --praise|--constructive \"TEXT\"",
	  "send praise or a constructive note (emailed and recorded)" },
	{ "export", cmd_export, "--json", "the whole database as JSON, to stdout" },
	{ "import", cmd_import, "--json FILE", "read an export into a new, empty database" },
	{ "parse", cmd_parse, "[--json] [--tz ZONE] FILE|-", "show what the parsers understand in a message" },
	{ "help", cmd_help, "[COMMAND]", "show help for rapport or one command" },
	{ "version", cmd_version, "", "print the version" },
};

static void
usage_all(FILE *fp)
{
	size_t i;

	fprintf(fp,
	    "usage: rapport [-v] [-c FILE] [--now TIME] COMMAND [ARGS]\n"
	    "\n"
	    "rapport runs check-ins, feedback, deadlines, 1:1 reviews and a weekly digest\n"
	    "between a manager and the people who work for them, over email.\n"
	    "\n"
	    "Commands:\n");
	for (i = 0; i < nitems(commands); i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(fp,
	    "\n"
	    "Options:\n"
	    "  -c, --config FILE  config file (default: $RAPPORT_CONFIG or\n"
	    "                     ~/.config/rapport/rapport.conf)\n"
	    "  -v, --verbose      more detail on stderr (repeat for debug)\n"
	    "      --now TIME     pretend the time is TIME (ISO 8601 or unix seconds);\n"
	    "                     also $RAPPORT_NOW. For tests and the demo.\n"
	    "  -h, --help         this help\n"
	    "  -V, --version      the version\n"
	    "\n"
	    "`rapport COMMAND --help` shows a command's options; see also rapport(1).\n");
}

static const struct cli_cmd *
find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int
cmd_help(struct rapport *r, int argc, char **argv)
{
	const struct cli_cmd	*c;
	char			*sub[] = { NULL, "--help", NULL };

	if (argc < 2) {
		usage_all(stdout);
		return EX_OK;
	}
	if ((c = find_cmd(argv[1])) == NULL) {
		cli_err("no such command: %s", argv[1]);
		usage_all(stderr);
		return EX_USAGE;
	}
	if (c->fn == cmd_help || c->fn == cmd_version) {
		printf("usage: rapport %s %s\n  %s\n", c->name, c->synopsis, c->summary);
		return EX_OK;
	}
	sub[0] = argv[1];
	return c->fn(r, 2, sub);
}

static int
cmd_version(struct rapport *r, int argc, char **argv)
{
	(void)r;
	if (argc > 1)
		return cli_usage("version", "", "unexpected argument: %s", argv[1]);
	printf("rapport %s\n", PACKAGE_VERSION);
	return EX_OK;
}

void
cli_err(const char *fmt, ...)
{
	va_list ap;

	fputs("rapport: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("rapport: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_usage(const char *cmd, const char *synopsis, const char *fmt, ...)
{
	va_list ap;

	if (fmt != NULL) {
		fputs("rapport: ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fprintf(stderr, "usage: rapport %s %s\n", cmd, synopsis);
	return EX_USAGE;
}

void
cli_getopt_reset(void)
{
	optind = 0;	/* GNU: full reinitialisation */
	opterr = 1;
}

int
cli_dispatch(struct rapport *r, const char *group, const struct cli_cmd *tab, size_t n,
    int argc, char **argv)
{
	size_t i;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		FILE *fp = argc < 2 ? stderr : stdout;
		fprintf(fp, "usage: rapport %s SUBCOMMAND [ARGS]\n\n", group);
		for (i = 0; i < n; i++)
			fprintf(fp, "  rapport %s %s %s\n      %s\n", group, tab[i].name,
			    tab[i].synopsis, tab[i].summary);
		return argc < 2 ? EX_USAGE : EX_OK;
	}
	for (i = 0; i < n; i++)
		if (strcmp(tab[i].name, argv[1]) == 0)
			return tab[i].fn(r, argc - 1, argv + 1);
	cli_err("%s: no such subcommand: %s (see `rapport %s --help`)", group, argv[1], group);
	return EX_USAGE;
}

int
cli_parse_date(const char *opt, const char *s, const char *tz, char *out, size_t len)
{
	char	 why[128];
	long	 n = 0;
	time_t	 t = now_utc();

	if (strcmp(s, "today") == 0 || strcmp(s, "tomorrow") == 0 ||
	    (s[0] == '+' && parse_long(s + 1, 0, 3650, &n) == 0)) {
		if (strcmp(s, "tomorrow") == 0)
			n = 1;
		/* noon avoids DST edges when stepping whole days */
		zone_date(tz, t, out, len);
		t = zone_instant(tz, out, 12 * 60) + n * 86400;
		zone_date(tz, t, out, len);
		return 0;
	}
	if (valid_date(s, why, sizeof(why)) == -1) {
		cli_err("%s: %s (or today, tomorrow, +N days)", opt, why);
		return -1;
	}
	strlcpy_r(out, s, len);
	return 0;
}

static int	last_fail = EX_CONFIG;

int
cli_db_failed(struct db *db)
{
	cli_err("database: %s", db_errmsg(db));
	return EX_SOFTWARE;
}

int
cli_parse_id(const char *cmd, const char *syn, const char *what, const char *s, int64_t *id)
{
	long v;

	if (*s == '#')
		s++;
	if (parse_long(s, 1, 1L << 53, &v) == -1)
		return cli_usage(cmd, syn, "'%s' is not %s", s, what);
	*id = v;
	return 0;
}

int
cli_fail_code(struct rapport *r)
{
	(void)r;
	return last_fail;
}

struct config *
cli_config(struct rapport *r)
{
	struct strbuf	 errs = STRBUF_INIT;
	char		*path;
	int		 missing;

	if (r->cfg != NULL)
		return r->cfg;
	path = r->config_path != NULL ? xstrdup(r->config_path) : config_default_path();
	r->cfg = config_load(path, &errs, &missing);
	if (r->cfg == NULL) {
		fputs(sb_str(&errs), stderr);
		if (missing) {
			cli_err("no config file; create one with `rapport init` or pass -c FILE");
			last_fail = EX_NOINPUT;
		} else
			last_fail = EX_CONFIG;
	}
	sb_free(&errs);
	free(path);
	return r->cfg;
}

struct db *
cli_db(struct rapport *r)
{
	char err[512];

	if (r->db != NULL)
		return r->db;
	if (cli_config(r) == NULL)
		return NULL;
	if ((r->db = db_open(r->cfg->database, 0, err, sizeof(err))) == NULL) {
		cli_err("%s", err);
		last_fail = errno == ENOENT ? EX_NOINPUT : EX_UNAVAILABLE;
	}
	return r->db;
}

int
cli_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "now", required_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct rapport		 r;
	const struct cli_cmd	*c;
	int			 ch, rc;

	memset(&r, 0, sizeof(r));
	r.prog = "rapport";
	while ((ch = getopt_long(argc, argv, "+c:vhV", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			r.config_path = optarg;
			r.config_explicit = 1;
			break;
		case 'v':
			r.verbose++;
			break;
		case 'N':
			if (set_now_override(optarg) == -1) {
				cli_err("--now: bad time '%s' (use 2026-11-27T15:00:00Z or unix seconds)", optarg);
				return EX_USAGE;
			}
			break;
		case 'h':
			usage_all(stdout);
			return EX_OK;
		case 'V':
			printf("rapport %s\n", PACKAGE_VERSION);
			return EX_OK;
		default:
			usage_all(stderr);
			return EX_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage_all(stderr);
		return EX_USAGE;
	}
	if ((c = find_cmd(argv[0])) == NULL) {
		cli_err("no such command: %s", argv[0]);
		usage_all(stderr);
		return EX_USAGE;
	}
	cli_getopt_reset();
	rc = c->fn(&r, argc, argv);
	db_close(r.db);
	config_free(r.cfg);
	return rc;
}
