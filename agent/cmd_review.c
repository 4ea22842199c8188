/* cmd_review.c: `rapport review ...`: 1:1 and monthly review meetings (review.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

#include "cli.h"
#include "cmds.h"
#include "config.h"
#include "db.h"
#include "json.h"
#include "people.h"
#include "review.h"
#include "table.h"
#include "util.h"
#include "worktime.h"

enum { O_AT = 256, O_MONTHLY, O_DRYRUN, O_OUTPUT, O_JSON, O_ALL };

static const struct option review_opts[] = {
	{ "at", required_argument, NULL, O_AT },
	{ "monthly", no_argument, NULL, O_MONTHLY },
	{ "dry-run", no_argument, NULL, O_DRYRUN },
	{ "output", required_argument, NULL, O_OUTPUT },
	{ "json", no_argument, NULL, O_JSON },
	{ "all", no_argument, NULL, O_ALL },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct rargs {
	const char	*at, *output;
	int		 monthly, dry_run, json, all, help;
};

static const char time_help[] =
    "TIME is the meeting's start in the person's zone: 2026-12-03T10:00 or\n"
    "\"2026-12-03 10:00\"; add Z or an offset (2026-12-03T10:00+05:30) for an\n"
    "absolute instant. It must lie inside both the person's and the manager's\n"
    "working days and hours.\n";

static const char dry_help[] =
    "--dry-run --output FILE.eml writes the email that would be sent to the person\n"
    "to FILE.eml and the manager's copy to FILE-manager.eml, and queues nothing.\n";

static int
getargs(int argc, char **argv, struct rargs *a)
{
	int ch;

	memset(a, 0, sizeof(*a));
	while ((ch = getopt_long(argc, argv, "h", review_opts, NULL)) != -1) {
		switch (ch) {
		case O_AT: a->at = optarg; break;
		case O_MONTHLY: a->monthly = 1; break;
		case O_DRYRUN: a->dry_run = 1; break;
		case O_OUTPUT: a->output = optarg; break;
		case O_JSON: a->json = 1; break;
		case O_ALL: a->all = 1; break;
		case 'h': a->help = 1; break;
		default: return -1;
		}
	}
	return 0;
}

static int
dry_run_ok(const char *cmd, const char *syn, const struct rargs *a)
{
	if (a->dry_run && a->output == NULL)
		return cli_usage(cmd, syn, "--dry-run needs --output FILE.eml");
	if (!a->dry_run && a->output != NULL)
		return cli_usage(cmd, syn, "--output goes with --dry-run");
	return 0;
}

/* "invite.eml" -> "invite-manager.eml"; caller frees. */
static char *
manager_path(const char *path)
{
	const char	*dot = strrchr(path, '.'), *slash = strrchr(path, '/');

	if (dot == NULL || (slash != NULL && dot < slash) || dot == path)
		return xasprintf("%s-manager", path);
	return xasprintf("%.*s-manager%s", (int)(dot - path), path, dot);
}

/* Write the emails queued after outbox row `after` to the dry-run files. */
static int
write_dry_run(struct db *db, int64_t after, const char *output)
{
	sqlite3_stmt	*st;
	char		*mpath = manager_path(output);
	const char	*path;
	int		 r, rc = EX_OK, n = 0;

	st = db_query(db, "SELECT person_id, rcpts, bytes FROM outbox WHERE id > ? ORDER BY id", "i", after);
	if (st == NULL) {
		free(mpath);
		return cli_db_failed(db);
	}
	while ((r = db_step(st)) == 1) {
		path = db_col_is_null(st, 0) ? mpath : output;
		if (write_file_atomic(path, sqlite3_column_blob(st, 2),
		    (size_t)sqlite3_column_bytes(st, 2), 0600) == -1) {
			cli_err("%s: %s", path, strerror(errno));
			rc = EX_CANTCREAT;
			break;
		}
		printf("wrote %s (to %s)\n", path, db_col_text(st, 1));
		n++;
	}
	db_done(st);
	free(mpath);
	if (r == -1)
		return cli_db_failed(db);
	if (rc == EX_OK && n == 0) {
		cli_err("nothing would be sent");
		rc = EX_SOFTWARE;
	}
	if (rc == EX_OK)
		printf("dry run: nothing was queued\n");
	return rc;
}

/*
 * Run one change in a transaction: op returns 0, 1 (refused: why) or -1.
 * A dry run writes the queued emails out and rolls everything back.
 */
struct change {
	int		 (*op)(struct db *, const struct config *, void *, char *, size_t);
	void		*arg;
};

static int
run_change(struct db *db, const struct config *c, const struct change *ch, const struct rargs *a,
    int64_t *after)
{
	char	why[512];
	int	r;

	if (db_begin(db) == -1)
		return cli_db_failed(db);
	if (db_int(db, after, "SELECT coalesce(max(id), 0) FROM outbox", "") == -1) {
		db_rollback(db);
		return cli_db_failed(db);
	}
	why[0] = '\0';
	r = ch->op(db, c, ch->arg, why, sizeof(why));
	if (r == 1) {
		db_rollback(db);
		cli_err("%s", why);
		return EX_DATAERR;
	}
	if (r != 0) {
		r = cli_db_failed(db);
		db_rollback(db);
		return r;
	}
	if (a->dry_run) {
		r = write_dry_run(db, *after, a->output);
		db_rollback(db);
		return r;
	}
	if (db_commit(db) == -1) {
		r = cli_db_failed(db);
		db_rollback(db);
		return r;
	}
	return EX_OK;
}

/* The time and the person's working hours; prints why and returns EX_DATAERR. */
static int
check_time(struct db *db, const struct config *c, const struct person *p, time_t s, time_t e,
    int64_t exclude)
{
	char	why[512];
	int64_t	other;

	if (review_slot_ok(c, p, s, e, why, sizeof(why)) != 0) {
		cli_err("%s", why);
		return EX_DATAERR;
	}
	if (db_int(db, &other, "SELECT id FROM reviews WHERE status = 'scheduled' AND id != ? AND "
	    "start_at < ? AND end_at > ? ORDER BY start_at LIMIT 1", "iii", exclude, (int64_t)e,
	    (int64_t)s) == 0)
		cli_warn("this overlaps review #%lld", (long long)other);
	return EX_OK;
}

/* --- list */

struct rsvp_view {
	char	*attendee, *method, *partstat, *comment;
	long	 sequence;
	time_t	 ps, pe, at;
};

struct review_view {
	struct review	 rv;
	char		*person, *email, *ptz;
	struct rsvp_view person_reply, manager_reply, proposal;
	int		 has_person, has_manager, has_proposal;
};

static void
rsvp_view_free(struct rsvp_view *v)
{
	free(v->attendee);
	free(v->method);
	free(v->partstat);
	free(v->comment);
}

static void
rsvp_from_row(sqlite3_stmt *st, struct rsvp_view *v)
{
	rsvp_view_free(v);
	v->attendee = xstrdup(db_col_text(st, 0));
	v->method = xstrdup(db_col_text(st, 1));
	v->partstat = db_col_is_null(st, 2) ? NULL : xstrdup(db_col_text(st, 2));
	v->sequence = (long)sqlite3_column_int64(st, 3);
	v->comment = db_col_is_null(st, 4) ? NULL : xstrdup(db_col_text(st, 4));
	v->ps = db_col_is_null(st, 5) ? 0 : (time_t)sqlite3_column_int64(st, 5);
	v->pe = db_col_is_null(st, 6) ? 0 : (time_t)sqlite3_column_int64(st, 6);
	v->at = (time_t)sqlite3_column_int64(st, 7);
}

static int
load_rsvps(struct db *db, const struct config *c, struct review_view *v)
{
	sqlite3_stmt	*st;
	int		 r;

	st = db_query(db, "SELECT attendee, method, partstat, sequence, comment, proposed_start, "
	    "proposed_end, at, status FROM rsvps WHERE review_id = ? AND status IN ('current', "
	    "'accepted') ORDER BY at, id", "i", v->rv.id);
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		const char *att = db_col_text(st, 0), *method = db_col_text(st, 1);
		int accepted = strcmp(db_col_text(st, 8), "accepted") == 0;

		if (!db_col_is_null(st, 5) && !accepted) {
			rsvp_from_row(st, &v->proposal);
			v->has_proposal = 1;
		}
		if (strcmp(method, "COUNTER") == 0 || accepted)
			continue;
		if (strcasecmp(att, v->email) == 0) {
			rsvp_from_row(st, &v->person_reply);
			v->has_person = 1;
		} else if (strcasecmp(att, c->manager_email) == 0) {
			rsvp_from_row(st, &v->manager_reply);
			v->has_manager = 1;
		}
	}
	db_done(st);
	return r == -1 ? -1 : 0;
}

static void
view_free(struct review_view *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		review_clear(&v[i].rv);
		free(v[i].person);
		free(v[i].email);
		free(v[i].ptz);
		rsvp_view_free(&v[i].person_reply);
		rsvp_view_free(&v[i].manager_reply);
		rsvp_view_free(&v[i].proposal);
	}
	free(v);
}

static int
load_views(struct db *db, const struct config *c, int64_t pid, int all, time_t now,
    struct review_view **out, size_t *np)
{
	sqlite3_stmt		*st;
	struct review_view	*v = NULL;
	size_t			 n = 0, i;
	int			 r;

	st = db_query(db, "SELECT r.id, p.name, p.email, p.tz FROM reviews r JOIN people p ON "
	    "p.id = r.person_id WHERE (?1 < 0 OR r.person_id = ?1) AND (?2 OR r.end_at >= ?3) "
	    "ORDER BY r.start_at, r.id LIMIT 5000", "iii", pid, (int64_t)(all != 0),
	    (int64_t)(now - 28 * 86400));
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		v = xrealloc(v, (n + 1) * sizeof(*v));
		memset(&v[n], 0, sizeof(v[n]));
		v[n].rv.id = sqlite3_column_int64(st, 0);
		v[n].person = xstrdup(db_col_text(st, 1));
		v[n].email = xstrdup(db_col_text(st, 2));
		v[n].ptz = xstrdup(db_col_text(st, 3));
		n++;
	}
	db_done(st);
	*out = v;
	*np = n;
	if (r == -1)
		return -1;
	for (i = 0; i < n; i++) {
		int64_t id = v[i].rv.id;
		if (review_load(db, id, &v[i].rv) != 0 || load_rsvps(db, c, &v[i]) == -1)
			return -1;
	}
	return 0;
}

static void
json_time(struct json *j, const char *key, time_t t)
{
	char buf[32];

	if (t <= 0) {
		json_null(j, key);
		return;
	}
	fmt_iso_utc(t, buf, sizeof(buf));
	json_str(j, key, buf);
}

static void
json_rsvp(struct json *j, const char *key, const struct rsvp_view *r, int has)
{
	if (!has) {
		json_null(j, key);
		return;
	}
	json_obj_begin(j, key);
	json_str(j, "attendee", r->attendee);
	json_str(j, "method", r->method);
	json_str(j, "partstat", r->partstat);
	json_int(j, "sequence", r->sequence);
	json_str(j, "comment", r->comment);
	json_time(j, "proposed_start", r->ps);
	json_time(j, "proposed_end", r->pe);
	json_time(j, "at", r->at);
	json_obj_end(j);
}

static void
view_json(struct json *j, const struct review_view *v, time_t now)
{
	char when[128];

	json_obj_begin(j, NULL);
	json_int(j, "id", v->rv.id);
	json_int(j, "person_id", v->rv.person_id);
	json_str(j, "person", v->person);
	json_str(j, "kind", review_kind_name(v->rv.kind));
	json_str(j, "period", v->rv.period);
	json_str(j, "uid", v->rv.uid);
	json_int(j, "sequence", v->rv.sequence);
	json_str(j, "status", v->rv.status);
	json_bool(j, "past", v->rv.end < now);
	json_time(j, "start", v->rv.start);
	json_time(j, "end", v->rv.end);
	json_str(j, "tz", v->rv.tz);
	review_fmt_when(v->ptz, v->rv.start, v->rv.end, when, sizeof(when));
	json_str(j, "when", when);
	json_rsvp(j, "person_rsvp", &v->person_reply, v->has_person);
	json_rsvp(j, "manager_rsvp", &v->manager_reply, v->has_manager);
	json_rsvp(j, "proposal", &v->proposal, v->has_proposal);
	json_obj_end(j);
}

static const char *
rsvp_cell(const struct rsvp_view *r, int has, char *buf, size_t len)
{
	if (!has)
		return "no answer";
	snprintf(buf, len, "%s%s%s%s", r->partstat != NULL ? r->partstat : "answered",
	    r->comment != NULL && *r->comment != '\0' ? " \"" : "",
	    r->comment != NULL && *r->comment != '\0' ? r->comment : "",
	    r->comment != NULL && *r->comment != '\0' ? "\"" : "");
	if (strlen(buf) > 60)
		snprintf(buf + 56, len - 56, "...\"");
	return buf;
}

#define LIST_SYN "[PERSON] [--all] [--json]"

static int
review_list_cmd(struct rapport *r, int argc, char **argv)
{
	static const char	*hdr[] = { "ID", "PERSON", "KIND", "WHEN", "STATUS", "PERSON RSVP",
	    "MANAGER RSVP" };
	struct review_view	*v = NULL;
	struct rargs		 a;
	struct person		 p;
	struct db		*db;
	struct table		*t;
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	size_t			 n = 0, i;
	int64_t			 pid = -1;
	time_t			 now = now_utc();
	char			 why[256], id[24], when[128], st[48], pr[128], mr[128];
	int			 rc;

	if (getargs(argc, argv, &a) == -1 || argc - optind > 1)
		return cli_usage("review list", LIST_SYN, NULL);
	if (a.help) {
		printf("usage: rapport review list " LIST_SYN "\n\nUpcoming reviews and those of the "
		    "last four weeks (--all: every one), with each attendee's latest answer and any "
		    "proposed new time. Times are in the person's zone.\n");
		return EX_OK;
	}
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if (argc - optind == 1) {
		if ((rc = person_find(db, argv[optind], &p, why, sizeof(why))) != 0) {
			if (rc == 1)
				cli_err("%s", why);
			return rc == 1 ? EX_NOUSER : cli_db_failed(db);
		}
		pid = p.id;
		person_clear(&p);
	}
	if (load_views(db, r->cfg, pid, a.all, now, &v, &n) == -1) {
		view_free(v, n);
		return cli_db_failed(db);
	}
	if (a.json) {
		json_init(&j, &sb, 1);
		json_arr_begin(&j, NULL);
		for (i = 0; i < n; i++)
			view_json(&j, &v[i], now);
		json_arr_end(&j);
		fputs(sb_str(&sb), stdout);
		fputc('\n', stdout);
		sb_free(&sb);
		view_free(v, n);
		return EX_OK;
	}
	if (n == 0) {
		printf("no reviews\n");
		view_free(v, n);
		return EX_OK;
	}
	t = table_new(7, hdr);
	for (i = 0; i < n; i++) {
		const char *row[7];

		snprintf(id, sizeof(id), "#%lld", (long long)v[i].rv.id);
		review_fmt_when(v[i].ptz, v[i].rv.start, v[i].rv.end, when, sizeof(when));
		snprintf(st, sizeof(st), "%s%s, seq %ld", v[i].rv.end < now ? "past, " : "",
		    v[i].rv.status, v[i].rv.sequence);
		row[0] = id;
		row[1] = v[i].person;
		row[2] = review_kind_name(v[i].rv.kind);
		row[3] = when;
		row[4] = st;
		row[5] = rsvp_cell(&v[i].person_reply, v[i].has_person, pr, sizeof(pr));
		row[6] = rsvp_cell(&v[i].manager_reply, v[i].has_manager, mr, sizeof(mr));
		table_row(t, row);
	}
	table_print(t, stdout);
	table_free(t);
	for (i = 0; i < n; i++) {
		if (!v[i].has_proposal || strcmp(v[i].rv.status, "scheduled") != 0)
			continue;
		review_fmt_when(v[i].ptz, v[i].proposal.ps, v[i].proposal.pe > v[i].proposal.ps ?
		    v[i].proposal.pe : v[i].proposal.ps + (v[i].rv.end - v[i].rv.start), when,
		    sizeof(when));
		printf("review #%lld: %s proposes %s%s%s%s; accept with `rapport review accept-counter "
		    "%lld`\n", (long long)v[i].rv.id, v[i].proposal.attendee, when,
		    v[i].proposal.comment != NULL ? " (\"" : "",
		    v[i].proposal.comment != NULL ? v[i].proposal.comment : "",
		    v[i].proposal.comment != NULL ? "\")" : "", (long long)v[i].rv.id);
	}
	view_free(v, n);
	return EX_OK;
}

/* --- schedule */

struct sched_arg {
	const struct person	*p;
	enum review_kind	 kind;
	time_t			 start;
	int64_t			 id;
};

static int
op_schedule(struct db *db, const struct config *c, void *arg, char *why, size_t len)
{
	struct sched_arg *s = arg;

	return review_schedule(db, c, s->p, s->kind, s->start, 0, now_utc(), &s->id, why, len);
}

/* Without --at: the earliest free slot this week or next (monthly: within 14 days). */
static int
auto_slot(struct db *db, const struct config *c, const struct person *p, enum review_kind k,
    time_t now, time_t *start)
{
	char	label[16];
	time_t	ws, we, from;
	int	y, w, i, r;
	int64_t	id;

	if (k == REVIEW_MONTHLY)
		return review_find_slot(db, c, p, (int)c->monthly_review_minutes, now + REVIEW_LEAD,
		    now + REVIEW_MONTHLY_WINDOW, -1, start);
	if (worktime_iso_week(p->tz, now, &y, &w) == -1)
		return -1;
	for (i = 0; i < 2; i++) {
		if (i == 1 && ++w > worktime_iso_weeks_in_year(y)) {
			y++;
			w = 1;
		}
		snprintf(label, sizeof(label), "%04d-W%02d", y, w);
		if (db_int(db, &id, "SELECT id FROM reviews WHERE person_id = ? AND kind = 'weekly' AND "
		    "period = ? AND status = 'scheduled'", "it", p->id, label) != 1)
			continue;
		if (worktime_week_bounds(p->tz, y, w, &ws, &we) == -1)
			return -1;
		from = now + REVIEW_LEAD > ws ? now + REVIEW_LEAD : ws;
		if (from >= we)
			continue;
		if ((r = review_find_slot(db, c, p, (int)c->review_minutes, from, we, -1, start)) != 1)
			return r;
	}
	return 1;
}

#define SCHED_SYN "PERSON [--at TIME] [--monthly] [--dry-run --output FILE.eml]"

static int
review_schedule_cmd(struct rapport *r, int argc, char **argv)
{
	struct rargs	 a;
	struct person	 p;
	struct db	*db;
	struct sched_arg s;
	struct change	 ch;
	struct review	 rv;
	char		 why[512], when[128];
	time_t		 now = now_utc();
	int64_t		 after;
	int		 rc, minutes;

	if (getargs(argc, argv, &a) == -1)
		return cli_usage("review schedule", SCHED_SYN, NULL);
	if (a.help) {
		printf("usage: rapport review schedule " SCHED_SYN "\n\nInvite PERSON and the manager to "
		    "a 1:1 (or, with --monthly, the monthly review). Without --at, the earliest common "
		    "working time is taken (the person's preferred slot first): this week or next for "
		    "a 1:1, within two weeks for a monthly review.\n\n%s\n%s", time_help, dry_help);
		return EX_OK;
	}
	if (argc - optind != 1)
		return cli_usage("review schedule", SCHED_SYN, "give one PERSON");
	if (dry_run_ok("review schedule", SCHED_SYN, &a) != 0)
		return EX_USAGE;
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if ((rc = person_find(db, argv[optind], &p, why, sizeof(why))) != 0) {
		if (rc == 1)
			cli_err("%s", why);
		return rc == 1 ? EX_NOUSER : cli_db_failed(db);
	}
	memset(&s, 0, sizeof(s));
	s.p = &p;
	s.kind = a.monthly ? REVIEW_MONTHLY : REVIEW_WEEKLY;
	minutes = (int)(a.monthly ? r->cfg->monthly_review_minutes : r->cfg->review_minutes);
	if (a.at != NULL) {
		if (review_parse_time(a.at, p.tz, &s.start, why, sizeof(why)) == -1) {
			person_clear(&p);
			return cli_usage("review schedule", SCHED_SYN, "--at: %s", why);
		}
		if ((rc = check_time(db, r->cfg, &p, s.start, s.start + minutes * 60L, -1)) != EX_OK) {
			person_clear(&p);
			return rc;
		}
	} else if ((rc = auto_slot(db, r->cfg, &p, s.kind, now, &s.start)) != 0) {
		person_clear(&p);
		if (rc == -1)
			return cli_db_failed(db);
		cli_err("no common free working time for %s and %s %s; give --at TIME", p.name,
		    r->cfg->manager_name, a.monthly ? "in the next two weeks" : "this week or next");
		return EX_DATAERR;
	}
	ch.op = op_schedule;
	ch.arg = &s;
	rc = run_change(db, r->cfg, &ch, &a, &after);
	if (rc == EX_OK && !a.dry_run && review_load(db, s.id, &rv) == 0) {
		review_fmt_when(p.tz, rv.start, rv.end, when, sizeof(when));
		printf("review #%lld: %s %s with %s, %s; invites queued to %s and %s\n",
		    (long long)rv.id, rv.kind == REVIEW_MONTHLY ? "monthly review" : "1:1", rv.period,
		    p.name, when, p.email, r->cfg->manager_email);
		review_clear(&rv);
	}
	person_clear(&p);
	return rc;
}

/* --- move, cancel, accept-counter */

struct id_arg {
	int64_t	 id;
	time_t	 start;
	int	 which;		/* 0 move, 1 cancel, 2 accept-counter */
};

static int
op_by_id(struct db *db, const struct config *c, void *arg, char *why, size_t len)
{
	struct id_arg *x = arg;

	if (x->which == 0)
		return review_move(db, c, x->id, x->start, 0, now_utc(), why, len);
	if (x->which == 1)
		return review_cancel(db, c, x->id, now_utc(), why, len);
	return review_accept_counter(db, c, x->id, now_utc(), why, len);
}

/* Load review id with its person; prints why. */
static int
load_review(struct db *db, int64_t id, struct review *rv, struct person *p)
{
	int r;

	if ((r = review_load(db, id, rv)) != 0) {
		if (r == 1)
			cli_err("no review #%lld (see `rapport review list --all`)", (long long)id);
		return r == 1 ? EX_DATAERR : cli_db_failed(db);
	}
	if (person_load(db, rv->person_id, p) != 0) {
		review_clear(rv);
		return cli_db_failed(db);
	}
	return EX_OK;
}

static void
report(struct db *db, int64_t id, const char *what)
{
	struct review	rv;
	struct person	p;
	char		when[128];

	if (review_load(db, id, &rv) != 0)
		return;
	if (person_load(db, rv.person_id, &p) == 0) {
		review_fmt_when(p.tz, rv.start, rv.end, when, sizeof(when));
		printf("review #%lld %s: %s, SEQUENCE %ld; sent to %s and the manager\n",
		    (long long)id, what, when, rv.sequence, p.email);
		person_clear(&p);
	}
	review_clear(&rv);
}

#define MOVE_SYN "ID TIME [--dry-run --output FILE.eml]"

static int
review_move_cmd(struct rapport *r, int argc, char **argv)
{
	struct rargs	 a;
	struct review	 rv;
	struct person	 p;
	struct db	*db;
	struct id_arg	 x;
	struct change	 ch;
	char		 why[512];
	int64_t		 after;
	int		 rc;

	if (getargs(argc, argv, &a) == -1)
		return cli_usage("review move", MOVE_SYN, NULL);
	if (a.help) {
		printf("usage: rapport review move " MOVE_SYN "\n\nReschedule a review: the same "
		    "calendar event (UID) with SEQUENCE+1 goes to both attendees; earlier answers no "
		    "longer count.\n\n%s\n%s", time_help, dry_help);
		return EX_OK;
	}
	if (argc - optind != 2)
		return cli_usage("review move", MOVE_SYN, "give a review ID and the new TIME");
	memset(&x, 0, sizeof(x));
	if (cli_parse_id("review move", MOVE_SYN, "a review id", argv[optind], &x.id) != 0 ||
	    dry_run_ok("review move", MOVE_SYN, &a) != 0)
		return EX_USAGE;
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if ((rc = load_review(db, x.id, &rv, &p)) != EX_OK)
		return rc;
	if (review_parse_time(argv[optind + 1], p.tz, &x.start, why, sizeof(why)) == -1)
		rc = cli_usage("review move", MOVE_SYN, "TIME: %s", why);
	else
		rc = check_time(db, r->cfg, &p, x.start, x.start + (rv.end - rv.start), rv.id);
	review_clear(&rv);
	person_clear(&p);
	if (rc != EX_OK)
		return rc;
	ch.op = op_by_id;
	ch.arg = &x;
	if ((rc = run_change(db, r->cfg, &ch, &a, &after)) == EX_OK && !a.dry_run)
		report(db, x.id, "moved");
	return rc;
}

static int
simple_cmd(struct rapport *r, int argc, char **argv, int which)
{
	static const char *names[] = { "", "review cancel", "review accept-counter" };
	static const char *syns[] = { "", "ID [--dry-run --output FILE.eml]",
	    "ID [--dry-run --output FILE.eml]" };
	struct rargs	 a;
	struct review	 rv;
	struct person	 p;
	struct db	*db;
	struct id_arg	 x;
	struct change	 ch;
	char		 why[512];
	int64_t		 after;
	int		 rc;

	if (getargs(argc, argv, &a) == -1)
		return cli_usage(names[which], syns[which], NULL);
	if (a.help) {
		if (which == 1)
			printf("usage: rapport review cancel %s\n\nCancel a review: METHOD:CANCEL with "
			    "STATUS:CANCELLED and SEQUENCE+1 goes to both attendees.\n\n%s", syns[1],
			    dry_help);
		else
			printf("usage: rapport review accept-counter %s\n\nAccept the latest time an "
			    "attendee proposed (`rapport review list` shows it): the review moves there "
			    "(SEQUENCE+1, to both attendees). To decline a proposal, do nothing or "
			    "`rapport review move` it elsewhere.\n\n%s", syns[2], dry_help);
		return EX_OK;
	}
	if (argc - optind != 1)
		return cli_usage(names[which], syns[which], "give one review ID");
	memset(&x, 0, sizeof(x));
	x.which = which;
	if (cli_parse_id(names[which], syns[which], "a review id", argv[optind], &x.id) != 0 ||
	    dry_run_ok(names[which], syns[which], &a) != 0)
		return EX_USAGE;
	if ((db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if (which == 2) {
		/* the proposal must fit both people's hours, as a TIME given here would */
		time_t s, e;
		if ((rc = load_review(db, x.id, &rv, &p)) != EX_OK)
			return rc;
		if (review_counter(db, x.id, NULL, &s, &e) == -1) {
			review_clear(&rv);
			person_clear(&p);
			return cli_db_failed(db);
		}
		if (e <= s)
			e = s + (rv.end - rv.start);
		rc = s > 0 && review_slot_ok(r->cfg, &p, s, e, why, sizeof(why)) != 0 ? EX_DATAERR : EX_OK;
		if (rc != EX_OK)
			cli_err("the proposed time does not fit: %s; move the review with `rapport review "
			    "move %lld TIME` instead", why, (long long)x.id);
		review_clear(&rv);
		person_clear(&p);
		if (rc != EX_OK)
			return rc;
	}
	ch.op = op_by_id;
	ch.arg = &x;
	if ((rc = run_change(db, r->cfg, &ch, &a, &after)) == EX_OK && !a.dry_run)
		report(db, x.id, which == 1 ? "cancelled" : "moved to the proposed time");
	return rc;
}

static int review_cancel_cmd(struct rapport *r, int c, char **v) { return simple_cmd(r, c, v, 1); }
static int review_accept_cmd(struct rapport *r, int c, char **v) { return simple_cmd(r, c, v, 2); }

int
cmd_review(struct rapport *r, int argc, char **argv)
{
	static const struct cli_cmd sub[] = {
		{ "list", review_list_cmd, LIST_SYN, "reviews with their RSVPs and proposed times" },
		{ "schedule", review_schedule_cmd, SCHED_SYN, "invite a person to a 1:1 or monthly review" },
		{ "move", review_move_cmd, MOVE_SYN, "reschedule a review (SEQUENCE+1)" },
		{ "cancel", review_cancel_cmd, "ID [--dry-run --output FILE.eml]", "cancel a review" },
		{ "accept-counter", review_accept_cmd, "ID [--dry-run --output FILE.eml]",
		  "move a review to the time an attendee proposed" },
	};

	return cli_dispatch(r, "review", sub, nitems(sub), argc, argv);
}
