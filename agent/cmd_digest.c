/* cmd_digest.c: `rapport digest`, `rapport report`, `rapport kudos` and `rapport feedback`. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "cmds.h"
#include "config.h"
#include "db.h"
#include "digest.h"
#include "mail.h"
#include "people.h"
#include "report.h"
#include "util.h"
#include "worktime.h"

#define FEEDBACK_MAX	4000	/* bytes of one note */

/* Print text for a terminal: control characters from mail (escape
 * sequences) are shown as '?', as table.h does; newlines and tabs stay. */
static void
print_safe(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		fputc((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ? '?' : c, fp);
	}
}

static int
person_arg(struct db *db, const char *key, struct person *p)
{
	char	why[256];
	int	r;

	if ((r = person_find(db, key, p, why, sizeof(why))) == 1) {
		cli_err("%s", why);
		return EX_NOUSER;
	}
	return r == -1 ? cli_db_failed(db) : EX_OK;
}

/* --- rapport digest */

#define DIGEST_SYN "--print [--week 2026-W48] [--html FILE]"

static int
digest_help(void)
{
	printf("usage: rapport digest " DIGEST_SYN "\n\n"
	    "Render the weekly digest without sending it: --print writes the text part\n"
	    "(with its subject) to stdout, --html FILE the HTML part to FILE. The week\n"
	    "defaults to the last full week in the manager's time zone. The digest itself\n"
	    "is sent on the [manager] digest schedule by `rapport run`.\n");
	return EX_OK;
}

static int
write_html(const char *path, const char *html)
{
	if (write_file_atomic(path, html, strlen(html), 0600) == -1) {
		cli_err("%s: cannot write: %s", path, strerror(errno));
		return EX_CANTCREAT;
	}
	return EX_OK;
}

int
cmd_digest(struct rapport *r, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "print", no_argument, NULL, 'p' },
		{ "week", required_argument, NULL, 'w' },
		{ "html", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct digest	*d;
	struct db	*db;
	const char	*week = NULL, *html_path = NULL;
	char		*subject = NULL, *text = NULL, *html = NULL, why[512];
	int		 ch, print = 0, rc;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'p': print = 1; break;
		case 'w': week = optarg; break;
		case 'H': html_path = optarg; break;
		case 'h': return digest_help();
		default: return cli_usage("digest", DIGEST_SYN, NULL);
		}
	}
	if (optind != argc)
		return cli_usage("digest", DIGEST_SYN, "unexpected argument: %s", argv[optind]);
	if (!print && html_path == NULL)
		return cli_usage("digest", DIGEST_SYN, "say --print or --html FILE (the digest is sent "
		    "on its schedule)");
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if (cli_templates(r->cfg) == -1)
		return EX_CONFIG;
	if ((rc = digest_build(db, r->cfg, week, now_utc(), &d, why, sizeof(why))) != 0) {
		cli_err("%s", why);
		return rc == 1 ? EX_USAGE : EX_SOFTWARE;
	}
	rc = digest_render(d, r->cfg, &subject, &text, &html, why, sizeof(why));
	digest_free(d);
	if (rc == -1) {
		cli_err("digest template: %s", why);
		return EX_CONFIG;
	}
	rc = EX_OK;
	if (print) {
		fputs("Subject: ", stdout);
		print_safe(stdout, subject != NULL ? subject : "");
		fputs("\n\n", stdout);
		print_safe(stdout, text);
	}
	if (html_path != NULL)
		rc = html != NULL ? write_html(html_path, html) :
		    (cli_err("the digest template has no HTML part"), EX_CONFIG);
	free(subject);
	free(text);
	free(html);
	return rc;
}

/* --- rapport report */

#define REPORT_SYN "[PERSON] [--weeks N] [--week 2026-W48] [--format text|json|csv]"

static int
report_help(void)
{
	printf("usage: rapport report " REPORT_SYN "\n\n"
	    "The digest's weekly figures over a range: check-ins, hours, mood, tasks done\n"
	    "on time and due, missed deadlines, feedback, and which \"needs attention\" rules\n"
	    "held (silent, mood, missed, concern, review, bounce, inbox). --weeks N (8) weeks\n"
	    "ending with --week (default: the last full week in the manager's zone).\n");
	return EX_OK;
}

int
cmd_report(struct rapport *r, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "weeks", required_argument, NULL, 'n' },
		{ "week", required_argument, NULL, 'w' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum report_format	 fmt = REPORT_TEXT;
	struct person		*v = NULL, one;
	struct db		*db;
	const char		*week = NULL;
	char			 last[16];
	size_t			 n = 0;
	long			 weeks = 8;
	int			 ch, rc, y, w;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			if (parse_long(optarg, 1, DG_MAX_WEEKS, &weeks) == -1)
				return cli_usage("report", REPORT_SYN, "--weeks: a number from 1 to %d",
				    DG_MAX_WEEKS);
			break;
		case 'w': week = optarg; break;
		case 'f':
			if (report_format_parse(optarg, &fmt) == -1)
				return cli_usage("report", REPORT_SYN, "--format: text, json or csv");
			break;
		case 'h': return report_help();
		default: return cli_usage("report", REPORT_SYN, NULL);
		}
	}
	if (argc - optind > 1)
		return cli_usage("report", REPORT_SYN, "unexpected argument: %s", argv[optind + 1]);
	if (week != NULL && worktime_parse_week(week, &y, &w) == -1)
		return cli_usage("report", REPORT_SYN, "--week: '%s' is not an ISO week such as 2026-W48",
		    week);
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if (week != NULL)
		strlcpy_r(last, week, sizeof(last));
	else if (digest_prev_week(r->cfg->manager_tz, now_utc(), last, sizeof(last)) == -1) {
		cli_err("cannot tell the week in zone %s", r->cfg->manager_tz);
		return EX_CONFIG;
	}
	if (optind < argc) {
		if ((rc = person_arg(db, argv[optind], &one)) != EX_OK)
			return rc;
		v = &one;
		n = 1;
	} else if (person_list(db, 0, &v, &n) == -1)
		return cli_db_failed(db);
	rc = report_write(db, v, n, last, (int)weeks, fmt, stdout) == -1 ? cli_db_failed(db) : EX_OK;
	if (v == &one)
		person_clear(&one);
	else
		person_list_free(v, n);
	return rc;
}

/* --- rapport kudos, rapport feedback */

/* Multi-line text is fine; other control characters are not. */
static int
note_ok(const char *cmd, const char *syn, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
			break;
	if (*s == '\0' || strlen(s) > FEEDBACK_MAX || *p != '\0')
		return cli_usage(cmd, syn, "TEXT: up to %d bytes, no control characters", FEEDBACK_MAX);
	return EX_OK;
}

/* Record the note and queue its email, in one transaction. */
static int
send_note(struct rapport *r, const char *key, const char *kind, const char *text)
{
	struct person	 p;
	struct db	*db;
	int64_t		 fid = -1;
	int		 rc;

	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if (r->cfg->from == NULL && r->cfg->address == NULL) {
		cli_err("no sender address for rapport's emails: set [smtp] from in %s", r->cfg->path);
		return EX_CONFIG;
	}
	if (cli_templates(r->cfg) == -1)
		return EX_CONFIG;
	if ((rc = person_arg(db, key, &p)) != EX_OK)
		return rc;
	if (!p.active) {
		cli_err("%s was removed: nothing is sent to them", p.name);
		person_clear(&p);
		return EX_DATAERR;
	}
	if (db_begin(db) == -1) {
		person_clear(&p);
		return cli_db_failed(db);
	}
	if (mail_feedback(db, r->cfg, &p, kind, text, now_utc(), &fid) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		cli_err("could not queue the email to %s (the log says why)", p.name);
		person_clear(&p);
		return EX_SOFTWARE;
	}
	printf("queued %s for %s (feedback #%lld); it goes out in their working hours\n",
	    strcmp(kind, "constructive") == 0 ? "a note" : kind, p.name, (long long)fid);
	person_clear(&p);
	return EX_OK;
}

#define KUDOS_SYN "PERSON \"TEXT\""

int
cmd_kudos(struct rapport *r, int argc, char **argv)
{
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: rapport kudos " KUDOS_SYN "\n\nThank someone: the note is emailed to "
		    "them and recorded as kudos.\n");
		return EX_OK;
	}
	if (argc != 3)
		return cli_usage("kudos", KUDOS_SYN, "give PERSON and TEXT (quote the text)");
	if (note_ok("kudos", KUDOS_SYN, argv[2]) != EX_OK)
		return EX_USAGE;
	return send_note(r, argv[1], "kudos", argv[2]);
}

#define FEEDBACK_SYN "PERSON --praise|--constructive \"TEXT\""

int
cmd_feedback(struct rapport *r, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "praise", no_argument, NULL, 'p' },
		{ "constructive", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*kind = NULL;
	int		 ch;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'p':
		case 'c':
			if (kind != NULL)
				return cli_usage("feedback", FEEDBACK_SYN, "--praise or --constructive, not both");
			kind = ch == 'p' ? "praise" : "constructive";
			break;
		case 'h':
			printf("usage: rapport feedback " FEEDBACK_SYN "\n\nSend praise or a constructive "
			    "note; it is emailed and recorded, and their reply is recorded too.\n");
			return EX_OK;
		default:
			return cli_usage("feedback", FEEDBACK_SYN, NULL);
		}
	}
	if (kind == NULL)
		return cli_usage("feedback", FEEDBACK_SYN, "say --praise or --constructive");
	if (argc - optind != 2)
		return cli_usage("feedback", FEEDBACK_SYN, "give PERSON and TEXT (quote the text)");
	if (note_ok("feedback", FEEDBACK_SYN, argv[optind + 1]) != EX_OK)
		return EX_USAGE;
	return send_note(r, argv[optind], kind, argv[optind + 1]);
}
