/* cmd_person.c: `rapport person add|list|show|edit|pause|resume|remove`. */
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
#include "people.h"
#include "table.h"
#include "tasks.h"
#include "util.h"
#include "validate.h"

#define ADD_SYN "NAME --email ADDR --tz ZONE [--days Mon-Fri] [--hours 09:00-17:00] " \
	"[--checkin RRULE] [--alias ADDR]... [--review-slot 'FR 15:00'] [--no-receipts]"
#define EDIT_SYN "PERSON [--name NAME] [--email ADDR] [--tz ZONE] [--days DAYS] [--hours HH:MM-HH:MM] " \
	"[--checkin RRULE|default] [--add-alias ADDR] [--remove-alias ADDR] [--review-slot SLOT|none] " \
	"[--receipts yes|no]"

/* Options shared by add and edit. */
enum {
	O_EMAIL = 256, O_TZ, O_DAYS, O_HOURS, O_CHECKIN, O_ALIAS, O_UNALIAS, O_SLOT, O_NORECEIPTS,
	O_RECEIPTS, O_NAME, O_JSON, O_ALL, O_UNTIL, O_FROM,
};

static const struct option person_opts[] = {
	{ "email", required_argument, NULL, O_EMAIL },
	{ "tz", required_argument, NULL, O_TZ },
	{ "days", required_argument, NULL, O_DAYS },
	{ "hours", required_argument, NULL, O_HOURS },
	{ "checkin", required_argument, NULL, O_CHECKIN },
	{ "alias", required_argument, NULL, O_ALIAS },
	{ "add-alias", required_argument, NULL, O_ALIAS },
	{ "remove-alias", required_argument, NULL, O_UNALIAS },
	{ "review-slot", required_argument, NULL, O_SLOT },
	{ "no-receipts", no_argument, NULL, O_NORECEIPTS },
	{ "receipts", required_argument, NULL, O_RECEIPTS },
	{ "name", required_argument, NULL, O_NAME },
	{ "json", no_argument, NULL, O_JSON },
	{ "all", no_argument, NULL, O_ALL },
	{ "until", required_argument, NULL, O_UNTIL },
	{ "from", required_argument, NULL, O_FROM },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* A review slot preference: "FR 15:00" (two-letter day, local time). */
static int
valid_slot(const char *s, char *why, size_t len)
{
	static const char *days[] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" };
	int	 h, m, n = 0;
	size_t	 i;

	for (i = 0; i < nitems(days); i++)
		if (strncasecmp(s, days[i], 2) == 0 && s[2] == ' ')
			break;
	if (i == nitems(days) || sscanf(s + 3, "%2d:%2d%n", &h, &m, &n) != 2 || s[3 + n] != '\0' ||
	    h > 23 || m > 59) {
		snprintf(why, len, "bad review slot '%s' (use e.g. 'FR 15:00')", s);
		return -1;
	}
	return 0;
}

static int
check_name(const char *cmd, const char *syn, const char *name)
{
	if (*name == '\0' || str_has_ctl(name) || strlen(name) > 100 || name[0] == '#' ||
	    strchr(name, '@') != NULL || strchr(name, ':') != NULL ||
	    strspn(name, "0123456789") == strlen(name))
		return cli_usage(cmd, syn, "bad name '%s' (a name, not a number, address or "
		    "anything with ':' or control characters)", name);
	return 0;
}

struct edits {
	const char	*aliases[16];
	size_t		 naliases;
	const char	*unaliases[16];
	size_t		 nunaliases;
};

/* Apply one add/edit option to p; returns 0 or an exit code. */
static int
apply_opt(const char *cmd, const char *syn, int ch, const char *arg, struct person *p,
    struct edits *ed)
{
	char	why[256];
	int	a, b;

	switch (ch) {
	case O_NAME:
		if (check_name(cmd, syn, arg) != 0)
			return EX_USAGE;
		free(p->name);
		p->name = xstrdup(arg);
		return 0;
	case O_EMAIL:
		if (valid_email(arg, why, sizeof(why)) == -1)
			return cli_usage(cmd, syn, "--email: %s", why);
		free(p->email);
		p->email = xstrdup(arg);
		return 0;
	case O_TZ:
		if (valid_zone(arg, why, sizeof(why)) == -1)
			return cli_usage(cmd, syn, "--tz: %s", why);
		free(p->tz);
		p->tz = xstrdup(arg);
		return 0;
	case O_DAYS:
		if (valid_days(arg, &p->days, why, sizeof(why)) == -1)
			return cli_usage(cmd, syn, "--days: %s", why);
		return 0;
	case O_HOURS:
		if (valid_hours(arg, &a, &b, why, sizeof(why)) == -1)
			return cli_usage(cmd, syn, "--hours: %s", why);
		p->day_start = a;
		p->day_end = b;
		return 0;
	case O_CHECKIN:
		free(p->checkin_rrule);
		p->checkin_rrule = NULL;
		if (strcmp(arg, "default") == 0)
			return 0;
		if (valid_rrule(arg, why, sizeof(why)) == -1)
			return cli_usage(cmd, syn, "--checkin: %s", why);
		p->checkin_rrule = xstrdup(arg);
		return 0;
	case O_SLOT:
		free(p->review_pref);
		p->review_pref = NULL;
		if (strcmp(arg, "none") == 0)
			return 0;
		if (valid_slot(arg, why, sizeof(why)) == -1)
			return cli_usage(cmd, syn, "--review-slot: %s", why);
		p->review_pref = xstrdup(arg);
		for (a = 0; a < 2; a++)
			p->review_pref[a] = (char)(p->review_pref[a] & ~0x20);
		return 0;
	case O_NORECEIPTS:
		p->receipts = 0;
		return 0;
	case O_RECEIPTS:
		if (strcmp(arg, "yes") != 0 && strcmp(arg, "no") != 0)
			return cli_usage(cmd, syn, "--receipts: yes or no");
		p->receipts = strcmp(arg, "yes") == 0;
		return 0;
	case O_ALIAS:
	case O_UNALIAS:
		if (valid_email(arg, why, sizeof(why)) == -1)
			return cli_usage(cmd, syn, "--%s: %s", ch == O_ALIAS ? "alias" : "remove-alias", why);
		if (ch == O_ALIAS && ed->naliases < nitems(ed->aliases))
			ed->aliases[ed->naliases++] = arg;
		else if (ch == O_UNALIAS && ed->nunaliases < nitems(ed->unaliases))
			ed->unaliases[ed->nunaliases++] = arg;
		else
			return cli_usage(cmd, syn, "too many aliases at once");
		return 0;
	default:
		return cli_usage(cmd, syn, NULL);
	}
}

static int
apply_aliases(struct db *db, const struct person *p, const struct edits *ed)
{
	size_t	i;
	int	r;

	for (i = 0; i < ed->naliases; i++) {
		if (strcasecmp(ed->aliases[i], p->email) == 0)
			continue;
		if ((r = person_alias_add(db, p->id, ed->aliases[i])) == -2) {
			cli_err("%s is already someone's alias", ed->aliases[i]);
			return EX_DATAERR;
		} else if (r == -1)
			return EX_SOFTWARE;
	}
	for (i = 0; i < ed->nunaliases; i++) {
		if ((r = person_alias_remove(db, p->id, ed->unaliases[i])) == 1) {
			cli_err("%s is not an alias of %s", ed->unaliases[i], p->name);
			return EX_DATAERR;
		} else if (r == -1)
			return EX_SOFTWARE;
	}
	return EX_OK;
}

static void
fmt_hours(const struct person *p, char *buf, size_t len)
{
	snprintf(buf, len, "%02d:%02d-%02d:%02d", p->day_start / 60, p->day_start % 60,
	    p->day_end / 60, p->day_end % 60);
}

static int
person_add(struct rapport *r, int argc, char **argv)
{
	struct person	 p;
	struct edits	 ed;
	struct db	*db;
	int		 ch, rc;
	char		 days[32], hours[32];

	memset(&p, 0, sizeof(p));
	memset(&ed, 0, sizeof(ed));
	p.days = 0x3e;		/* Mon-Fri */
	p.day_start = 9 * 60;
	p.day_end = 17 * 60;
	p.receipts = 1;
	while ((ch = getopt_long(argc, argv, "h", person_opts, NULL)) != -1) {
		if (ch == 'h') {
			printf("usage: rapport person add " ADD_SYN "\n\n"
			    "Register a person. Working days and hours (in their own zone) are hard\n"
			    "limits: nothing is sent outside them. Defaults: Mon-Fri, 09:00-17:00,\n"
			    "the [schedule] checkin RRULE, receipts on.\n");
			person_clear(&p);
			return EX_OK;
		}
		if (ch == O_JSON || ch == O_ALL || ch == O_UNTIL || ch == O_FROM || ch == O_UNALIAS ||
		    ch == O_RECEIPTS || ch == O_NAME || ch == '?') {
			person_clear(&p);
			return cli_usage("person add", ADD_SYN, NULL);
		}
		if ((rc = apply_opt("person add", ADD_SYN, ch, optarg, &p, &ed)) != 0) {
			person_clear(&p);
			return rc;
		}
	}
	if (argc - optind != 1) {
		person_clear(&p);
		return cli_usage("person add", ADD_SYN, argc - optind == 0 ? "missing NAME" :
		    "one NAME only (quote a name with spaces)");
	}
	if (check_name("person add", ADD_SYN, argv[optind]) != 0 ||
	    p.email == NULL || p.tz == NULL) {
		rc = p.email == NULL || p.tz == NULL ?
		    cli_usage("person add", ADD_SYN, "--email and --tz are required") : EX_USAGE;
		person_clear(&p);
		return rc;
	}
	p.name = xstrdup(argv[optind]);
	if ((db = cli_db(r)) == NULL) {
		person_clear(&p);
		return cli_fail_code(r);
	}
	if (db_begin(db) == -1) {
		person_clear(&p);
		return cli_db_failed(db);
	}
	if ((rc = person_insert(db, &p)) == -2) {
		db_rollback(db);
		cli_err("a person called '%s' or with address %s already exists", p.name, p.email);
		person_clear(&p);
		return EX_DATAERR;
	}
	if (rc == -1 || (rc = apply_aliases(db, &p, &ed)) != EX_OK ||
	    db_event(db, "person.add", p.id, -1, "%s <%s>", p.name, p.email) == -1 ||
	    db_commit(db) == -1) {
		rc = rc == EX_DATAERR ? rc : cli_db_failed(db);
		db_rollback(db);
		person_clear(&p);
		return rc;
	}
	days_format(p.days, days, sizeof(days));
	fmt_hours(&p, hours, sizeof(hours));
	printf("added %s <%s> (id %lld): %s %s %s\n", p.name, p.email, (long long)p.id, days,
	    hours, p.tz);
	person_clear(&p);
	return EX_OK;
}

static const char *
status_of(const struct person *p, time_t now)
{
	if (!p->active)
		return "removed";
	if (person_paused_at(p, now))
		return "paused";
	if (p->paused_from > now)
		return "pause planned";
	return "active";
}

static void
person_json(struct json *j, struct db *db, const struct person *p, const struct config *cfg)
{
	char	 buf[64], **al;
	size_t	 i;

	json_obj_begin(j, NULL);
	json_int(j, "id", p->id);
	json_str(j, "name", p->name);
	json_str(j, "email", p->email);
	json_arr_begin(j, "aliases");
	al = person_aliases(db, p->id);
	for (i = 0; al[i] != NULL; i++) {
		json_str(j, NULL, al[i]);
		free(al[i]);
	}
	free(al);
	json_arr_end(j);
	json_str(j, "tz", p->tz);
	days_format(p->days, buf, sizeof(buf));
	json_str(j, "days", buf);
	fmt_hours(p, buf, sizeof(buf));
	json_str(j, "hours", buf);
	json_str(j, "checkin", p->checkin_rrule != NULL ? p->checkin_rrule : cfg->checkin_rrule);
	json_bool(j, "checkin_default", p->checkin_rrule == NULL);
	json_str(j, "review_slot", p->review_pref);
	json_bool(j, "receipts", p->receipts);
	json_str(j, "status", status_of(p, now_utc()));
	if (p->paused_from > 0) {
		fmt_iso_utc(p->paused_from, buf, sizeof(buf));
		json_str(j, "paused_from", buf);
		if (p->paused_until > 0) {
			fmt_iso_utc(p->paused_until, buf, sizeof(buf));
			json_str(j, "paused_until", buf);
		} else
			json_null(j, "paused_until");
	}
	json_obj_end(j);
}

static int
person_list_cmd(struct rapport *r, int argc, char **argv)
{
	struct person	*v;
	size_t		 n, i;
	struct db	*db;
	int		 ch, json = 0, all = 0;
	static const char *hdr[] = { "ID", "NAME", "EMAIL", "ZONE", "DAYS", "HOURS", "STATUS" };

	while ((ch = getopt_long(argc, argv, "h", person_opts, NULL)) != -1) {
		if (ch == O_JSON)
			json = 1;
		else if (ch == O_ALL)
			all = 1;
		else if (ch == 'h') {
			printf("usage: rapport person list [--all] [--json]\n\n"
			    "List active people (--all: also removed ones).\n");
			return EX_OK;
		} else
			return cli_usage("person list", "[--all] [--json]", NULL);
	}
	if (optind != argc)
		return cli_usage("person list", "[--all] [--json]", "unexpected argument: %s", argv[optind]);
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if (person_list(db, all, &v, &n) == -1)
		return cli_db_failed(db);
	if (json) {
		struct strbuf	sb = STRBUF_INIT;
		struct json	j;

		json_init(&j, &sb, 1);
		json_arr_begin(&j, NULL);
		for (i = 0; i < n; i++)
			person_json(&j, db, &v[i], r->cfg);
		json_arr_end(&j);
		fputs(sb_str(&sb), stdout);
		sb_free(&sb);
	} else {
		struct table *t = table_new(7, hdr);
		for (i = 0; i < n; i++) {
			char id[24], days[32], hours[32];
			const char *row[7];
			snprintf(id, sizeof(id), "%lld", (long long)v[i].id);
			days_format(v[i].days, days, sizeof(days));
			fmt_hours(&v[i], hours, sizeof(hours));
			row[0] = id; row[1] = v[i].name; row[2] = v[i].email; row[3] = v[i].tz;
			row[4] = days; row[5] = hours; row[6] = status_of(&v[i], now_utc());
			table_row(t, row);
		}
		if (n == 0)
			printf("no people yet: add one with `rapport person add NAME --email ADDR --tz ZONE`\n");
		else
			table_print(t, stdout);
		table_free(t);
	}
	person_list_free(v, n);
	return EX_OK;
}

/* Find the single PERSON argument of a subcommand. */
static int
find_arg(struct rapport *r, const char *cmd, const char *syn, int argc, char **argv,
    struct person *p, struct db **dbp)
{
	char	why[256];
	int	rc;

	if (argc - optind != 1)
		return cli_usage(cmd, syn, argc - optind == 0 ? "missing PERSON" : "one PERSON only");
	if ((*dbp = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if ((rc = person_find(*dbp, argv[optind], p, why, sizeof(why))) == 1) {
		cli_err("%s", why);
		return EX_NOUSER;
	}
	return rc == -1 ? cli_db_failed(*dbp) : EX_OK;
}

static int
person_show(struct rapport *r, int argc, char **argv)
{
	struct person	 p;
	struct db	*db;
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;
	struct task	*tv;
	struct goal	*gv;
	size_t		 nt, ng, i;
	char		 buf[64], **al;
	int		 ch, json = 0, rc;

	while ((ch = getopt_long(argc, argv, "h", person_opts, NULL)) != -1) {
		if (ch == O_JSON)
			json = 1;
		else if (ch == 'h') {
			printf("usage: rapport person show PERSON [--json]\n\n"
			    "PERSON is an id, a name, an address, or an unambiguous first name.\n");
			return EX_OK;
		} else
			return cli_usage("person show", "PERSON [--json]", NULL);
	}
	if ((rc = find_arg(r, "person show", "PERSON [--json]", argc, argv, &p, &db)) != EX_OK)
		return rc;
	if (json) {
		json_init(&j, &sb, 1);
		person_json(&j, db, &p, r->cfg);
		fputs(sb_str(&sb), stdout);
		sb_free(&sb);
		person_clear(&p);
		return EX_OK;
	}
	printf("%s <%s> (id %lld, %s)\n", p.name, p.email, (long long)p.id, status_of(&p, now_utc()));
	al = person_aliases(db, p.id);
	for (i = 0; al[i] != NULL; i++) {
		printf("  alias:     %s\n", al[i]);
		free(al[i]);
	}
	free(al);
	days_format(p.days, buf, sizeof(buf));
	printf("  zone:      %s\n  works:     %s ", p.tz, buf);
	fmt_hours(&p, buf, sizeof(buf));
	printf("%s\n", buf);
	printf("  check-in:  %s%s\n", p.checkin_rrule != NULL ? p.checkin_rrule : r->cfg->checkin_rrule,
	    p.checkin_rrule != NULL ? "" : " (default)");
	if (p.review_pref != NULL)
		printf("  1:1 slot:  %s\n", p.review_pref);
	printf("  receipts:  %s\n", p.receipts ? "yes" : "no");
	if (p.paused_from > 0) {
		fmt_iso_utc(p.paused_from, buf, sizeof(buf));
		printf("  paused:    from %s", buf);
		if (p.paused_until > 0) {
			fmt_iso_utc(p.paused_until, buf, sizeof(buf));
			printf(" until %s", buf);
		}
		printf("\n");
	}
	if (task_list(db, p.id, TASK_OPEN, NULL, &tv, &nt) == 0) {
		for (i = 0; i < nt; i++)
			printf("  task #%lld: %s (due %s)\n", (long long)tv[i].id, tv[i].text, tv[i].due);
		task_list_free(tv, nt);
	}
	if (goal_list(db, p.id, 0, &gv, &ng) == 0) {
		for (i = 0; i < ng; i++)
			printf("  goal %lld: %s\n", (long long)gv[i].id, gv[i].text);
		goal_list_free(gv, ng);
	}
	person_clear(&p);
	return EX_OK;
}

static int
person_edit(struct rapport *r, int argc, char **argv)
{
	struct person	 p;
	struct edits	 ed;
	struct db	*db;
	int		 ch, rc, n = 0;
	struct { int ch; const char *arg; } ops[32];

	memset(&ed, 0, sizeof(ed));
	/* Options are applied after the person is found, in the order given. */
	while ((ch = getopt_long(argc, argv, "h", person_opts, NULL)) != -1) {
		if (ch == 'h') {
			printf("usage: rapport person edit " EDIT_SYN "\n");
			return EX_OK;
		}
		if (ch == O_JSON || ch == O_ALL || ch == O_UNTIL || ch == O_FROM || ch == '?')
			return cli_usage("person edit", EDIT_SYN, NULL);
		if (n == (int)nitems(ops))
			return cli_usage("person edit", EDIT_SYN, "too many options");
		ops[n].ch = ch;
		ops[n++].arg = optarg;
	}
	if (n == 0 && argc - optind == 1)
		return cli_usage("person edit", EDIT_SYN, "nothing to change");
	if ((rc = find_arg(r, "person edit", EDIT_SYN, argc, argv, &p, &db)) != EX_OK)
		return rc;
	for (ch = 0; ch < n; ch++) {
		if ((rc = apply_opt("person edit", EDIT_SYN, ops[ch].ch, ops[ch].arg, &p, &ed)) != 0) {
			person_clear(&p);
			return rc;
		}
	}
	if (db_begin(db) == -1) {
		person_clear(&p);
		return cli_db_failed(db);
	}
	if ((rc = person_update(db, &p)) == -2) {
		db_rollback(db);
		cli_err("another person already has that name or address");
		person_clear(&p);
		return EX_DATAERR;
	}
	if (rc == -1 || (rc = apply_aliases(db, &p, &ed)) != EX_OK ||
	    db_event(db, "person.edit", p.id, -1, "%s", p.name) == -1 || db_commit(db) == -1) {
		rc = rc == EX_DATAERR ? rc : cli_db_failed(db);
		db_rollback(db);
		person_clear(&p);
		return rc;
	}
	printf("updated %s (id %lld)\n", p.name, (long long)p.id);
	person_clear(&p);
	return EX_OK;
}

/* pause, resume and remove share one shape: find, change, record. */
static int
person_state(struct rapport *r, int argc, char **argv, const char *which)
{
	struct person	 p;
	struct db	*db;
	const char	*until = NULL, *from = NULL, *syn;
	char		 cmd[32], date[16], buf[32];
	int		 ch, rc;
	time_t		 now = now_utc();

	snprintf(cmd, sizeof(cmd), "person %s", which);
	syn = strcmp(which, "pause") == 0 ? "PERSON [--from DATE] [--until DATE]" : "PERSON";
	while ((ch = getopt_long(argc, argv, "h", person_opts, NULL)) != -1) {
		if (ch == O_UNTIL && strcmp(which, "pause") == 0)
			until = optarg;
		else if (ch == O_FROM && strcmp(which, "pause") == 0)
			from = optarg;
		else if (ch == 'h') {
			printf("usage: rapport %s %s\n", cmd, syn);
			if (strcmp(which, "pause") == 0)
				printf("\nPause a person (a holiday): no check-ins, reminders or follow-ups.\n"
				    "--from DATE starts the pause that day (default: now); --until DATE is\n"
				    "the first day back (default: until `rapport person resume`).\n"
				    "Dates are YYYY-MM-DD, today, tomorrow or +N, in the person's zone.\n");
			else if (strcmp(which, "remove") == 0)
				printf("\nMark a person inactive. Their history is kept.\n");
			return EX_OK;
		} else
			return cli_usage(cmd, syn, NULL);
	}
	if ((rc = find_arg(r, cmd, syn, argc, argv, &p, &db)) != EX_OK)
		return rc;
	if (strcmp(which, "pause") == 0) {
		p.paused_from = now;
		if (from != NULL) {
			if (cli_parse_date("--from", from, p.tz, date, sizeof(date)) == -1)
				goto usage;
			p.paused_from = zone_instant(p.tz, date, 0);
		}
		p.paused_until = 0;
		if (until != NULL) {
			if (cli_parse_date("--until", until, p.tz, date, sizeof(date)) == -1)
				goto usage;
			p.paused_until = zone_instant(p.tz, date, 0);
			if (p.paused_until <= p.paused_from || p.paused_until <= now) {
				cli_err("--until %s is not after the start of the pause", until);
				goto usage;
			}
		}
	} else if (strcmp(which, "resume") == 0) {
		if (p.paused_from == 0) {
			cli_err("%s is not paused", p.name);
			person_clear(&p);
			return EX_DATAERR;
		}
		p.paused_from = p.paused_until = 0;
	} else {
		if (!p.active) {
			cli_err("%s was already removed", p.name);
			person_clear(&p);
			return EX_DATAERR;
		}
		p.active = 0;
		p.removed_at = now;
	}
	if (db_begin(db) == -1 || person_update(db, &p) != 0 ||
	    db_event(db, strcmp(which, "pause") == 0 ? "person.pause" :
	    strcmp(which, "resume") == 0 ? "person.resume" : "person.remove", p.id, -1, "%s", p.name) == -1 ||
	    db_commit(db) == -1) {
		rc = cli_db_failed(db);
		db_rollback(db);
		person_clear(&p);
		return rc;
	}
	if (strcmp(which, "pause") == 0) {
		zone_date(p.tz, p.paused_from, buf, sizeof(buf));
		printf("paused %s from %s", p.name, buf);
		if (p.paused_until > 0) {
			zone_date(p.tz, p.paused_until, buf, sizeof(buf));
			printf(", back on %s\n", buf);
		} else
			printf(" until resumed\n");
	} else
		printf("%s %s\n", strcmp(which, "resume") == 0 ? "resumed" : "removed (history kept):", p.name);
	person_clear(&p);
	return EX_OK;
usage:
	person_clear(&p);
	return EX_USAGE;
}

static int person_pause(struct rapport *r, int c, char **v) { return person_state(r, c, v, "pause"); }
static int person_resume(struct rapport *r, int c, char **v) { return person_state(r, c, v, "resume"); }
static int person_remove(struct rapport *r, int c, char **v) { return person_state(r, c, v, "remove"); }

int
cmd_person(struct rapport *r, int argc, char **argv)
{
	static const struct cli_cmd sub[] = {
		{ "add", person_add, ADD_SYN, "register a person" },
		{ "list", person_list_cmd, "[--all] [--json]", "list people" },
		{ "show", person_show, "PERSON [--json]", "show one person, their tasks and goals" },
		{ "edit", person_edit, EDIT_SYN, "change a person's details" },
		{ "pause", person_pause, "PERSON [--from DATE] [--until DATE]", "pause for a holiday" },
		{ "resume", person_resume, "PERSON", "end a pause" },
		{ "remove", person_remove, "PERSON", "mark inactive (history is kept)" },
	};

	return cli_dispatch(r, "person", sub, nitems(sub), argc, argv);
}
