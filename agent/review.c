/* review.c: review meetings over iCalendar; see review.h. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "db.h"
#include "invite.h"
#include "jsonp.h"
#include "log.h"
#include "mail.h"
#include "mustache.h"
#include "people.h"
#include "record.h"
#include "review.h"
#include "schedule.h"
#include "tasks.h"
#include "tzone.h"
#include "util.h"
#include "validate.h"
#include "worktime.h"

#define REVIEW_COLS "id, person_id, kind, period, uid, sequence, start_at, end_at, tz, status, " \
	"agenda, outbox_id, created_at, updated_at"
#define MAX_BUSY	2000	/* other reviews considered when placing one */
#define MOOD_WEEKS	6	/* the mood trend covers this many check-ins */

static const char *const month_names[] = { "January", "February", "March", "April", "May",
    "June", "July", "August", "September", "October", "November", "December" };
static const char *const wday_abbr[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const month_abbr[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
    "Aug", "Sep", "Oct", "Nov", "Dec" };

/* ------------------------------------------------------------- rows */

const char *
review_kind_name(enum review_kind k)
{
	return k == REVIEW_MONTHLY ? "monthly" : "weekly";
}

void
review_clear(struct review *r)
{
	free(r->uid);
	free(r->tz);
	free(r->agenda);
	memset(r, 0, sizeof(*r));
}

static void
review_from_row(sqlite3_stmt *st, struct review *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->person_id = sqlite3_column_int64(st, 1);
	r->kind = strcmp(db_col_text(st, 2), "monthly") == 0 ? REVIEW_MONTHLY : REVIEW_WEEKLY;
	strlcpy_r(r->period, db_col_text(st, 3), sizeof(r->period));
	r->uid = xstrdup(db_col_text(st, 4));
	r->sequence = (long)sqlite3_column_int64(st, 5);
	r->start = (time_t)sqlite3_column_int64(st, 6);
	r->end = (time_t)sqlite3_column_int64(st, 7);
	r->tz = xstrdup(db_col_text(st, 8));
	strlcpy_r(r->status, db_col_text(st, 9), sizeof(r->status));
	r->agenda = db_col_is_null(st, 10) ? NULL : xstrdup(db_col_text(st, 10));
	r->outbox_id = db_col_is_null(st, 11) ? -1 : sqlite3_column_int64(st, 11);
	r->created_at = (time_t)sqlite3_column_int64(st, 12);
	r->updated_at = (time_t)sqlite3_column_int64(st, 13);
}

static int
review_one(sqlite3_stmt *st, struct review *r)
{
	int	rc;

	if (st == NULL)
		return -1;
	if ((rc = db_step(st)) == 1)
		review_from_row(st, r);
	db_done(st);
	return rc == 1 ? 0 : rc == 0 ? 1 : -1;
}

int
review_load(struct db *db, int64_t id, struct review *r)
{
	return review_one(db_query(db, "SELECT " REVIEW_COLS " FROM reviews WHERE id = ?", "i", id), r);
}

int
review_by_uid(struct db *db, const char *uid, struct review *r)
{
	return review_one(db_query(db, "SELECT " REVIEW_COLS " FROM reviews WHERE uid = ?", "t", uid), r);
}

static int
review_by_period(struct db *db, int64_t person, enum review_kind k, const char *period,
    struct review *r)
{
	return review_one(db_query(db, "SELECT " REVIEW_COLS " FROM reviews WHERE person_id = ? AND "
	    "kind = ? AND period = ?", "itt", person, review_kind_name(k), period), r);
}

/* ------------------------------------------------------------- times */

/* "Thu Dec 3" / "Thu Dec 3 10:00" / "10:00" pieces of an instant in tz. */
static int
local(const char *tz, time_t t, struct tzone_local *l)
{
	icaltimezone *z = tzone_get(tz);

	return z == NULL ? -1 : tzone_to_local(z, t, l);
}

/* "Thu Dec 3, 10:00–10:30 (Asia/Manila)" */
void
review_fmt_when(const char *tz, time_t s, time_t e, char *buf, size_t len)
{
	struct tzone_local	a, b;

	if (local(tz, s, &a) == -1 || local(tz, e, &b) == -1) {
		snprintf(buf, len, "?");
		return;
	}
	if (a.year == b.year && a.month == b.month && a.day == b.day)
		snprintf(buf, len, "%s %s %d, %02d:%02d\xe2\x80\x93%02d:%02d (%s)", wday_abbr[a.wday],
		    month_abbr[a.month - 1], a.day, a.hour, a.min, b.hour, b.min, tz);
	else
		snprintf(buf, len, "%s %s %d, %02d:%02d \xe2\x80\x93 %s %s %d, %02d:%02d (%s)",
		    wday_abbr[a.wday], month_abbr[a.month - 1], a.day, a.hour, a.min,
		    wday_abbr[b.wday], month_abbr[b.month - 1], b.day, b.hour, b.min, tz);
}

/* "Fri Dec 4" for a YYYY-MM-DD date. */
static void
fmt_date(const char *date, char *buf, size_t len)
{
	int	y, m, d;

	if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31) {
		snprintf(buf, len, "%s", date);
		return;
	}
	snprintf(buf, len, "%s %s %d", wday_abbr[tzone_wday(tzone_days_from_civil(y, m, d))],
	    month_abbr[m - 1], d);
}

/* The ISO week after "2026-W48". */
static int
next_week(const char *period, int *y, int *w)
{
	if (worktime_parse_week(period, y, w) == -1)
		return -1;
	if (++*w > worktime_iso_weeks_in_year(*y)) {
		++*y;
		*w = 1;
	}
	return 0;
}

/* [start, end) of month y-m in tz (local midnights). */
static int
month_bounds(const char *tz, int y, int m, time_t *start, time_t *end)
{
	time_t	e;

	if (worktime_day_bounds(tz, y, m, 1, start, &e) == -1)
		return -1;
	if (m == 12) {
		y++;
		m = 1;
	} else
		m++;
	return worktime_day_bounds(tz, y, m, 1, end, &e);
}

int
review_parse_time(const char *s, const char *tz, time_t *out, char *why, size_t len)
{
	struct tzone_local	 l;
	icaltimezone		*z;
	int			 y, mo, d, h, mi, sec = 0, n = 0, oh, om;
	const char		*p;
	char			 sep;
	long			 off = 0;
	int			 absolute = 0;

	if (sscanf(s, "%4d-%2d-%2d%c%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &n) != 6 ||
	    (sep != 'T' && sep != 't' && sep != ' ') || n != 16)
		goto bad;
	p = s + n;
	if (p[0] == ':' && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2])) {
		sec = (p[1] - '0') * 10 + (p[2] - '0');
		p += 3;
	}
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
		absolute = 1;
	else if ((*p == '+' || *p == '-') && strlen(p) == 6 && isdigit((unsigned char)p[1]) &&
	    isdigit((unsigned char)p[2]) && p[3] == ':' && isdigit((unsigned char)p[4]) &&
	    isdigit((unsigned char)p[5])) {
		oh = (p[1] - '0') * 10 + (p[2] - '0');
		om = (p[4] - '0') * 10 + (p[5] - '0');
		if (oh > 14 || om > 59)
			goto bad;
		off = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
		absolute = 1;
	} else if (*p != '\0')
		goto bad;
	if (mo < 1 || mo > 12 || d < 1 || d > tzone_days_in_month(y, mo) || h > 23 || mi > 59 ||
	    sec != 0 || y < 1971 || y > 2099) {
		errf(why, len, "'%s' is not a date and time (seconds, if any, must be :00)", s);
		return -1;
	}
	if (absolute) {
		*out = (time_t)(tzone_days_from_civil(y, mo, d) * 86400L + h * 3600L + mi * 60L - off);
		return 0;
	}
	if ((z = tzone_get(tz)) == NULL || tzone_from_local(z, y, mo, d, h, mi, 0, out) == -1 ||
	    tzone_to_local(z, *out, &l) == -1) {
		errf(why, len, "cannot read '%s' in zone %s", s, tz);
		return -1;
	}
	if (l.year != y || l.month != mo || l.day != d || l.hour != h || l.min != mi) {
		errf(why, len, "%04d-%02d-%02d %02d:%02d does not exist in %s (a daylight-saving "
		    "change skips it)", y, mo, d, h, mi, tz);
		return -1;
	}
	return 0;
bad:
	errf(why, len, "bad time '%s' (use 2026-12-03T10:00 or \"2026-12-03 10:00\" in the "
	    "person's zone, or add Z or +05:30)", s);
	return -1;
}

/* ------------------------------------------------------------- agenda */

void
review_agenda_free(struct review_agenda *a)
{
	size_t	i, k;

	for (i = 0; i < a->nsections; i++) {
		free(a->sections[i].title);
		for (k = 0; k < a->sections[i].nitems; k++)
			free(a->sections[i].items[k]);
	}
	free(a->sections);
	free(a->intro);
	memset(a, 0, sizeof(*a));
}

/*
 * One line of agenda text: controls and line breaks become spaces, blank
 * runs collapse, a leading bullet is dropped, and the result is cut at
 * REVIEW_ITEM_MAX bytes on a character boundary. NULL when nothing is left.
 */
static char *
clean_line(const char *s, size_t n)
{
	struct strbuf	 sb;
	size_t		 i;
	int		 space = 0;
	unsigned char	 c;
	char		*out;

	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '-' || *s == '*' || *s == '\r')) {
		s++;
		n--;
	}
	if (n >= 3 && memcmp(s, "\xe2\x80\xa2", 3) == 0) {	/* • */
		s += 3;
		n -= 3;
	}
	sb_init(&sb, REVIEW_ITEM_MAX * 2);
	for (i = 0; i < n && sb.len <= REVIEW_ITEM_MAX; i++) {
		c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f || c == ' ') {
			space = 1;
			continue;
		}
		if (space && sb.len > 0)
			sb_addc(&sb, ' ');
		space = 0;
		sb_addc(&sb, (char)c);
	}
	if (sb.len > REVIEW_ITEM_MAX) {
		i = REVIEW_ITEM_MAX - 3;
		while (i > 0 && ((unsigned char)sb.s[i] & 0xc0) == 0x80)
			i--;
		sb.len = i;
		sb.s[i] = '\0';
		sb_adds(&sb, "\xe2\x80\xa6");	/* … */
	}
	if (sb_error(&sb) || sb.len == 0) {
		sb_free(&sb);
		return NULL;
	}
	out = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return out;
}

static struct review_section *
add_section(struct review_agenda *a, const char *title)
{
	struct review_section	*s;
	size_t			 i;

	for (i = 0; i < a->nsections; i++)
		if (strcmp(a->sections[i].title, title) == 0)
			return &a->sections[i];
	a->sections = xrealloc(a->sections, (a->nsections + 1) * sizeof(*a->sections));
	s = &a->sections[a->nsections++];
	memset(s, 0, sizeof(*s));
	s->title = xstrdup(title);
	return s;
}

/* Add one item; when the section is full its last item says how many more. */
static void
add_item(struct review_section *s, const char *text)
{
	char	*line;

	if (text == NULL || (line = clean_line(text, strlen(text))) == NULL)
		return;
	if (s->nitems < REVIEW_SECTION_ITEMS) {
		s->items[s->nitems++] = line;
		return;
	}
	free(line);
	line = s->items[REVIEW_SECTION_ITEMS - 1];
	if (strncmp(line, "(and ", 5) == 0) {
		long k = strtol(line + 5, NULL, 10);
		free(line);
		s->items[REVIEW_SECTION_ITEMS - 1] = xasprintf("(and %ld more)", k + 1);
	} else {
		free(line);
		s->items[REVIEW_SECTION_ITEMS - 1] = xstrdup("(and 2 more)");
	}
}

static void
add_itemf(struct review_section *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
add_itemf(struct review_section *s, const char *fmt, ...)
{
	va_list	 ap;
	char	 buf[REVIEW_ITEM_MAX * 2];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	add_item(s, buf);
}

/* A person's multi-line answer: one item per line. */
static void
add_lines(struct review_section *s, const char *text)
{
	const char	*p, *e;
	char		*line;

	for (p = text; p != NULL && *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		if ((line = clean_line(p, (size_t)(e - p))) != NULL) {
			add_item(s, line);
			free(line);
		}
	}
}

/* Drop sections that ended up empty. */
static void
prune(struct review_agenda *a)
{
	size_t	i, k = 0;

	for (i = 0; i < a->nsections; i++) {
		if (a->sections[i].nitems == 0) {
			free(a->sections[i].title);
			continue;
		}
		a->sections[k++] = a->sections[i];
	}
	a->nsections = k;
}

static const char *
mood_word(double first, double last)
{
	if (last - first >= 1)
		return "rising";
	if (first - last >= 1)
		return "falling";
	return "steady";
}

static void
agenda_mood(struct db *db, const struct person *p, const char *period, struct review_section *s)
{
	sqlite3_stmt	*st;
	double		 v[MOOD_WEEKS];
	char		 per[MOOD_WEEKS][16], buf[200];
	size_t		 n = 0, i, off = 0;

	st = db_query(db, "SELECT c.period, a.num FROM checkins c JOIN answers a ON a.checkin_id = c.id "
	    "WHERE c.person_id = ? AND c.period <= ? AND a.key = 'mood' AND a.replaced_at IS NULL "
	    "AND a.num IS NOT NULL ORDER BY c.period DESC LIMIT 6", "it", p->id, period);
	if (st == NULL)
		return;
	while (n < MOOD_WEEKS && db_step(st) == 1) {
		strlcpy_r(per[n], db_col_text(st, 0), sizeof(per[n]));
		v[n++] = sqlite3_column_double(st, 1);
	}
	db_done(st);
	if (n == 0)
		return;
	if (strcmp(per[0], period) == 0)
		add_itemf(s, "This week: %g/5", v[0]);
	else
		add_item(s, "No mood given this week");
	if (n < 2)
		return;
	for (i = n; i > 0 && off < sizeof(buf); i--)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%g", i == n ? "" : ", ", v[i - 1]);
	add_itemf(s, "Trend over %zu check-ins: %s (%s)", n, buf, mood_word(v[n - 1], v[0]));
}

/* The latest reason given for a task (a move, a block, a follow-up answer). */
static char *
task_reason(struct db *db, int64_t task)
{
	char	*r = NULL;

	if (db_text(db, &r, "SELECT reason FROM task_history WHERE task_id = ? AND reason IS NOT NULL "
	    "AND reason != '' ORDER BY at DESC, id DESC LIMIT 1", "i", task) != 0)
		return NULL;
	return r;
}

static void
agenda_overdue(struct db *db, const struct person *p, time_t now, struct review_section *s)
{
	struct task	*v;
	size_t		 n, i;
	char		 today[16], due[32], *why, moved[32];

	zone_date(p->tz, now, today, sizeof(today));
	if (task_list(db, p->id, TASK_OPEN, today, &v, &n) == -1)
		return;
	for (i = 0; i < n; i++) {
		fmt_date(v[i].due, due, sizeof(due));
		moved[0] = '\0';
		if (v[i].moves == 1)
			snprintf(moved, sizeof(moved), ", moved once");
		else if (v[i].moves > 1)
			snprintf(moved, sizeof(moved), ", moved %d times", v[i].moves);
		why = task_reason(db, v[i].id);
		add_itemf(s, "#%lld %s (due %s%s): %s", (long long)v[i].id, v[i].text, due, moved,
		    why != NULL ? why : "no reason given yet");
		free(why);
	}
	task_list_free(v, n);
}

static void
goal_line(const struct goal *g, char *buf, size_t len)
{
	char	cur[48] = "", tgt[48] = "";

	if (!isnan(g->current))
		snprintf(cur, sizeof(cur), "%g", g->current);
	if (!isnan(g->target))
		snprintf(tgt, sizeof(tgt), "%g", g->target);
	if (*tgt != '\0')
		snprintf(buf, len, "%s: %s of %s%s%s%s%s", g->text, *cur != '\0' ? cur : "0", tgt,
		    g->metric != NULL ? " " : "", g->metric != NULL ? g->metric : "",
		    g->due != NULL ? ", due " : "", g->due != NULL ? g->due : "");
	else
		snprintf(buf, len, "%s%s%s", g->text, g->due != NULL ? ", due " : "",
		    g->due != NULL ? g->due : "");
}

static void
agenda_goals(struct db *db, const struct person *p, struct review_section *s)
{
	struct goal	*v;
	size_t		 n, i;
	char		 buf[REVIEW_ITEM_MAX * 2];

	if (goal_list(db, p->id, 0, &v, &n) == -1)
		return;
	for (i = 0; i < n; i++) {
		goal_line(&v[i], buf, sizeof(buf));
		add_item(s, buf);
	}
	goal_list_free(v, n);
}

int
review_agenda_weekly(struct db *db, const struct person *p, const char *period, time_t now,
    struct review_agenda *a)
{
	sqlite3_stmt	*st;
	char		 first[64], status[16] = "", label[32];
	int64_t		 checkin = -1;
	time_t		 ws = 0, we = 0;
	int		 y, w, blockers_none = 0;

	memset(a, 0, sizeof(*a));
	mail_first_name(p->name, first, sizeof(first));
	if (worktime_parse_week(period, &y, &w) == 0 && worktime_week_bounds(p->tz, y, w, &ws, &we) == 0)
		mail_fmt_date(p->tz, ws, 0, label, sizeof(label));
	else
		strlcpy_r(label, period, sizeof(label));
	st = db_query(db, "SELECT id, status FROM checkins WHERE person_id = ? AND period = ?", "it",
	    p->id, period);
	if (st == NULL)
		return -1;
	if (db_step(st) == 1) {
		checkin = sqlite3_column_int64(st, 0);
		strlcpy_r(status, db_col_text(st, 1), sizeof(status));
	}
	db_done(st);
	(void)add_section(a, "To celebrate");
	(void)add_section(a, "Blockers");
	(void)add_section(a, "Concerns");
	(void)add_section(a, "Overdue tasks");
	(void)add_section(a, "Support needed");
	(void)add_section(a, "Mood");
	(void)add_section(a, "Open goals");
	if (strcmp(status, "answered") == 0) {
		a->intro = xasprintf("From %s's check-in for the week of %s", first, label);
		st = db_query(db, "SELECT key, text FROM answers WHERE checkin_id = ? AND replaced_at IS NULL "
		    "ORDER BY id", "i", checkin);
		if (st == NULL)
			return -1;
		while (db_step(st) == 1) {
			const char *k = db_col_text(st, 0), *t = db_col_text_or_null(st, 1);
			if (strcmp(k, "wins") == 0)
				add_lines(add_section(a, "To celebrate"), t);
			else if (strcmp(k, "blockers") == 0)
				add_lines(add_section(a, "Blockers"), t);
			else if (strcmp(k, "blockers_none") == 0)
				blockers_none = 1;
			else if (strcmp(k, "support") == 0)
				add_lines(add_section(a, "Support needed"), t);
			else if (strcmp(k, "concern") == 0)
				add_lines(add_section(a, "Concerns"), t);
		}
		db_done(st);
		if (blockers_none)
			for (size_t i = 0; i < a->nsections; i++)
				if (strcmp(a->sections[i].title, "Blockers") == 0) {
					/* "none" was the answer: only blocked tasks stay */
					while (a->sections[i].nitems > 0)
						free(a->sections[i].items[--a->sections[i].nitems]);
				}
	} else if (*status != '\0')
		a->intro = xasprintf("%s's check-in for the week of %s was not answered: start with "
		    "how the week went", first, label);
	else if (*period != '\0')
		a->intro = xasprintf("No check-in for the week of %s", label);
	else
		a->intro = xasprintf("No check-in from %s yet", first);
	if (ws > 0) {
		st = db_query(db, "SELECT id, text FROM tasks WHERE person_id = ? AND status = 'done' AND "
		    "done_at >= ? AND done_at < ? ORDER BY done_at", "iii", p->id, (int64_t)ws, (int64_t)we);
		if (st == NULL)
			return -1;
		while (db_step(st) == 1)
			add_itemf(add_section(a, "To celebrate"), "Done: #%lld %s",
			    (long long)sqlite3_column_int64(st, 0), db_col_text(st, 1));
		db_done(st);
		st = db_query(db, "SELECT text FROM goals WHERE person_id = ? AND status = 'done' AND "
		    "done_at >= ? AND done_at < ? ORDER BY done_at", "iii", p->id, (int64_t)ws, (int64_t)we);
		if (st == NULL)
			return -1;
		while (db_step(st) == 1)
			add_itemf(add_section(a, "To celebrate"), "Goal reached: %s", db_col_text(st, 0));
		db_done(st);
	}
	st = db_query(db, "SELECT id, text, blocked FROM tasks WHERE person_id = ? AND status = 'open' "
	    "AND blocked IS NOT NULL ORDER BY due", "i", p->id);
	if (st == NULL)
		return -1;
	while (db_step(st) == 1)
		add_itemf(add_section(a, "Blockers"), "#%lld %s is blocked: %s",
		    (long long)sqlite3_column_int64(st, 0), db_col_text(st, 1), db_col_text(st, 2));
	db_done(st);
	agenda_overdue(db, p, now, add_section(a, "Overdue tasks"));
	agenda_mood(db, p, period, add_section(a, "Mood"));
	agenda_goals(db, p, add_section(a, "Open goals"));
	prune(a);
	return 0;
}

int
review_agenda_monthly(struct db *db, const struct config *c, const struct person *p,
    const char *month, time_t now, struct review_agenda *a)
{
	static const char *const questions[] = {
		"What went well this month, and what are you proud of?",
		"What was hard, and what would have helped?",
		"Which goals moved forward, and which need a new plan?",
		"What would you like to learn or take on next?",
		"How can %s support you better?",
	};
	struct review_section	*s;
	sqlite3_stmt		*st;
	struct goal		*gv;
	size_t			 gn, i;
	time_t			 ps, pe;
	int			 y, m, py, pm;
	int64_t			 sent = 0, answered = 0;
	char			 first[64], mfirst[64], buf[REVIEW_ITEM_MAX * 2], day[32], *why;

	memset(a, 0, sizeof(*a));
	(void)now;
	if (sscanf(month, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12)
		return -1;
	py = m == 1 ? y - 1 : y;
	pm = m == 1 ? 12 : m - 1;
	if (month_bounds(p->tz, py, pm, &ps, &pe) == -1)
		return -1;
	mail_first_name(p->name, first, sizeof(first));
	mail_first_name(c->manager_name, mfirst, sizeof(mfirst));
	a->intro = xasprintf("Monthly review for %s %d: points to prepare", month_names[pm - 1], py);

	s = add_section(a, "Goals and progress");
	if (goal_list(db, p->id, 1, &gv, &gn) == -1)
		return -1;
	for (i = 0; i < gn; i++) {
		double was = NAN;
		if (strcmp(gv[i].status, "open") != 0 && !(strcmp(gv[i].status, "done") == 0 &&
		    gv[i].done_at >= ps && gv[i].done_at < pe))
			continue;
		goal_line(&gv[i], buf, sizeof(buf));
		st = db_query(db, "SELECT value FROM goal_progress WHERE goal_id = ? AND at < ? "
		    "ORDER BY at DESC, id DESC LIMIT 1", "ii", gv[i].id, (int64_t)ps);
		if (st != NULL && db_step(st) == 1)
			was = sqlite3_column_double(st, 0);
		db_done(st);
		if (strcmp(gv[i].status, "done") == 0)
			add_itemf(s, "Reached: %s", buf);
		else if (!isnan(was) && !isnan(gv[i].current) && was != gv[i].current)
			add_itemf(s, "%s (was %g on %s 1)", buf, was, month_abbr[pm - 1]);
		else
			add_item(s, buf);
	}
	goal_list_free(gv, gn);

	s = add_section(a, "Missed deadlines");
	st = db_query(db, "SELECT t.id, t.text, h.old_due, h.at FROM task_history h JOIN tasks t ON "
	    "t.id = h.task_id WHERE t.person_id = ? AND h.kind = 'missed' AND h.at >= ? AND h.at < ? "
	    "ORDER BY h.at", "iii", p->id, (int64_t)ps, (int64_t)pe);
	if (st == NULL)
		return -1;
	while (db_step(st) == 1) {
		fmt_date(db_col_text(st, 2), day, sizeof(day));
		snprintf(buf, sizeof(buf), "#%lld %s (due %s)", (long long)sqlite3_column_int64(st, 0),
		    db_col_text(st, 1), day);
		add_item(s, buf);
	}
	db_done(st);
	/* the reasons, once the list is read (one statement at a time) */
	for (i = 0; i < s->nitems; i++) {
		long long id = strtoll(s->items[i] + 1, NULL, 10);
		if (id > 0 && (why = task_reason(db, id)) != NULL) {
			char *old = s->items[i];
			snprintf(buf, sizeof(buf), "%s: %s", old, why);
			s->items[i] = clean_line(buf, strlen(buf));
			if (s->items[i] == NULL)
				s->items[i] = old;
			else
				free(old);
			free(why);
		}
	}

	s = add_section(a, "Feedback exchanged");
	st = db_query(db, "SELECT direction, kind, text, at FROM feedback WHERE person_id = ? AND "
	    "at >= ? AND at < ? ORDER BY at", "iii", p->id, (int64_t)ps, (int64_t)pe);
	if (st == NULL)
		return -1;
	while (db_step(st) == 1) {
		const char *dir = db_col_text(st, 0), *kind = db_col_text(st, 1);
		mail_fmt_date(p->tz, (time_t)sqlite3_column_int64(st, 3), 0, day, sizeof(day));
		if (strcmp(dir, "to_person") == 0)
			add_itemf(s, "%s, %s from %s: %s", day + 4, kind, mfirst, db_col_text(st, 2));
		else
			add_itemf(s, "%s, %s %s: %s", day + 4, first, strcmp(kind, "reply") == 0 ?
			    "replied" : kind, db_col_text(st, 2));
	}
	db_done(st);

	s = add_section(a, "Survey");
	st = db_query(db, "SELECT period, clarity, support, workload, comment FROM surveys WHERE "
	    "person_id = ? AND answered_at IS NOT NULL ORDER BY period DESC LIMIT 1", "i", p->id);
	if (st == NULL)
		return -1;
	if (db_step(st) == 1) {
		int sm = 0;
		char sc[3][16];
		for (i = 0; i < 3; i++) {
			if (db_col_is_null(st, (int)i + 1))
				snprintf(sc[i], sizeof(sc[i]), "-");
			else
				snprintf(sc[i], sizeof(sc[i]), "%lld/5",
				    (long long)sqlite3_column_int64(st, (int)i + 1));
		}
		(void)sscanf(db_col_text(st, 0), "%*d-%d", &sm);
		add_itemf(s, "%s: clarity %s, support %s, workload %s",
		    sm >= 1 && sm <= 12 ? month_names[sm - 1] : db_col_text(st, 0), sc[0], sc[1], sc[2]);
		if (!db_col_is_null(st, 4))
			add_lines(s, db_col_text(st, 4));
	}
	db_done(st);

	s = add_section(a, "Check-ins");
	if (db_int(db, &sent, "SELECT count(*) FROM checkins WHERE person_id = ? AND due_at >= ? AND "
	    "due_at < ?", "iii", p->id, (int64_t)ps, (int64_t)pe) == -1 ||
	    db_int(db, &answered, "SELECT count(*) FROM checkins WHERE person_id = ? AND due_at >= ? "
	    "AND due_at < ? AND status = 'answered'", "iii", p->id, (int64_t)ps, (int64_t)pe) == -1)
		return -1;
	if (sent > 0)
		add_itemf(s, "%lld of %lld answered", (long long)answered, (long long)sent);

	s = add_section(a, "Questions to prepare");
	for (i = 0; i < nitems(questions); i++) {
		if (strstr(questions[i], "%s") != NULL)
			add_itemf(s, "How can %s support you better?", mfirst);
		else
			add_item(s, questions[i]);
	}
	prune(a);
	return 0;
}

char *
review_agenda_text(const struct review_agenda *a)
{
	struct strbuf	 sb;
	size_t		 i, k;

	sb_init(&sb, INVITE_MAX_TEXT);
	if (a->intro != NULL)
		sb_printf(&sb, "%s\n", a->intro);
	for (i = 0; i < a->nsections; i++) {
		if (sb.len > 0)
			sb_addc(&sb, '\n');
		sb_printf(&sb, "%s:\n", a->sections[i].title);
		for (k = 0; k < a->sections[i].nitems; k++)
			sb_printf(&sb, "- %s\n", a->sections[i].items[k]);
	}
	if (sb_error(&sb)) {
		/* over INVITE_MAX_TEXT: cannot happen with the item caps, but stay valid */
		sb_free(&sb);
		return xstrdup(a->intro != NULL ? a->intro : "");
	}
	return sb_detach(&sb, NULL);
}

void
review_agenda_parse(const char *text, struct review_agenda *a)
{
	struct review_section	*s = NULL;
	const char		*p, *e;
	char			*line;
	size_t			 n;

	memset(a, 0, sizeof(*a));
	for (p = text; p != NULL && *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		n = (size_t)(e - p);
		if (n >= 2 && p[0] == '-' && p[1] == ' ' && s != NULL) {
			if ((line = clean_line(p + 2, n - 2)) != NULL && s->nitems < REVIEW_SECTION_ITEMS)
				s->items[s->nitems++] = line;
			else
				free(line);
			continue;
		}
		if ((line = clean_line(p, n)) == NULL)
			continue;
		if (line[strlen(line) - 1] == ':' && strlen(line) > 1) {
			line[strlen(line) - 1] = '\0';
			s = add_section(a, line);
			free(line);
		} else if (a->intro == NULL && a->nsections == 0)
			a->intro = line;
		else
			free(line);
	}
}

void
review_agenda_data(const struct review_agenda *a, struct mvalue *d)
{
	struct mvalue	*list, *sec, *items;
	size_t		 i, k;

	mv_set_bool(d, "has_agenda", a->nsections > 0);
	if (a->intro != NULL)
		mv_set_str(d, "agenda_intro", a->intro);
	list = mv_set_list(d, "agenda");
	for (i = 0; i < a->nsections; i++) {
		sec = mv_push_map(list);
		mv_set_str(sec, "title", a->sections[i].title);
		items = mv_set_list(sec, "items");
		for (k = 0; k < a->sections[i].nitems; k++)
			mv_push(items, mv_str(a->sections[i].items[k]));
	}
}

/* ------------------------------------------------------------- slots */

void
review_parse_pref(const char *pref, int *wday, int *min)
{
	static const char *const days[] = { "SU", "MO", "TU", "WE", "TH", "FR", "SA" };
	int	h, m, i, n = 0;

	*wday = *min = -1;
	if (pref == NULL || strlen(pref) < 2)
		return;
	for (i = 0; i < 7; i++)
		if (strncasecmp(pref, days[i], 2) == 0)
			break;
	if (i == 7)
		return;
	if (pref[2] == '\0') {
		*wday = i;
		return;
	}
	if (pref[2] != ' ' || sscanf(pref + 3, "%2d:%2d%n", &h, &m, &n) != 2 || pref[3 + n] != '\0' ||
	    h < 0 || h > 23 || m < 0 || m > 59)
		return;
	*wday = i;
	*min = h * 60 + m;
}

int
review_find_slot(struct db *db, const struct config *c, const struct person *p, int minutes,
    time_t from, time_t to, int64_t exclude, time_t *start)
{
	struct wt_pause	 own, *busy;
	struct worktime	 pw, mw;
	sqlite3_stmt	*st;
	size_t		 n = 0, off = 0;
	int		 wday, min, r;

	if (to - from < (time_t)minutes * 60)
		return 1;
	schedule_worktime(p, &own, &pw);
	if (schedule_manager_worktime(c, &mw) == -1) {
		log_error("review: the manager's days or hours are invalid");
		return -1;
	}
	st = db_query(db, "SELECT start_at, end_at FROM reviews WHERE status = 'scheduled' AND id != ? "
	    "AND end_at > ? AND start_at < ? ORDER BY start_at LIMIT 2000", "iii", exclude,
	    (int64_t)from, (int64_t)to);
	if (st == NULL)
		return -1;
	/* the person's own pause (a holiday) first, then every scheduled
	 * review, which both people must avoid (the manager attends them all) */
	busy = xcalloc(MAX_BUSY + 1, sizeof(*busy));
	if (pw.npauses > 0)
		busy[off++] = own;
	n = off;
	while (n <= MAX_BUSY && db_step(st) == 1) {
		busy[n].from = (time_t)sqlite3_column_int64(st, 0);
		busy[n].to = (time_t)sqlite3_column_int64(st, 1);
		n++;
	}
	db_done(st);
	pw.pauses = busy;
	pw.npauses = n;
	mw.pauses = busy + off;
	mw.npauses = n - off;
	review_parse_pref(p->review_pref, &wday, &min);
	r = invite_find_slot(&pw, &mw, wday, min, minutes, from, to, start);
	free(busy);
	return r;
}

/* 1 if [s, e) lies in one working day of w, inside its hours and pauses. */
static int
fits(const struct worktime *w, time_t s, time_t e)
{
	struct tzone_local	a, b;
	size_t			i;

	for (i = 0; i < w->npauses; i++)
		if (w->pauses[i].from < e && s < w->pauses[i].to)
			return 0;
	if (local(w->tz, s, &a) == -1 || local(w->tz, e - 1, &b) == -1)
		return 0;
	return a.year == b.year && a.month == b.month && a.day == b.day &&
	    (w->days & WT_DAY(a.wday)) && a.hour * 60 + a.min >= w->start_min &&
	    b.hour * 60 + b.min < w->end_min;
}

static void
describe_hours(const struct worktime *w, char *buf, size_t len)
{
	char	days[64];

	worktime_format_days(w->days, days, sizeof(days));
	snprintf(buf, len, "%s %02d:%02d-%02d:%02d %s", days, w->start_min / 60, w->start_min % 60,
	    w->end_min / 60, w->end_min % 60, w->tz);
}

int
review_slot_ok(const struct config *c, const struct person *p, time_t s, time_t e, char *why,
    size_t len)
{
	struct wt_pause	 own;
	struct worktime	 pw, mw;
	char		 when[96], hours[128];

	if (e <= s) {
		errf(why, len, "the meeting must end after it starts");
		return 1;
	}
	schedule_worktime(p, &own, &pw);
	if (schedule_manager_worktime(c, &mw) == -1) {
		errf(why, len, "the manager's days or hours in the config are invalid");
		return 1;
	}
	if (!fits(&pw, s, e)) {
		review_fmt_when(p->tz, s, e, when, sizeof(when));
		describe_hours(&pw, hours, sizeof(hours));
		errf(why, len, "%s is outside %s's working hours (%s)%s", when, p->name, hours,
		    pw.npauses > 0 && own.from < e && s < own.to ? " or inside their pause" : "");
		return 1;
	}
	if (!fits(&mw, s, e)) {
		review_fmt_when(c->manager_tz, s, e, when, sizeof(when));
		describe_hours(&mw, hours, sizeof(hours));
		errf(why, len, "%s is outside %s's working hours (%s)", when, c->manager_name, hours);
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------------- sending */

static const char *
organizer_addr(const struct config *c)
{
	return c->from != NULL ? c->from : c->address;
}

static struct mvalue *
mail_data(const struct config *c, const struct person *p, const struct review *rv,
    int for_manager, enum invite_method m, int update)
{
	struct review_agenda	 a;
	struct mvalue		*d = mail_base_data(c, p);
	char			 when[128], first[64];
	const char		*mine = for_manager ? c->manager_tz : p->tz;
	const char		*other = for_manager ? p->tz : c->manager_tz;
	int			 y, mo;

	mv_set_bool(d, "for_manager", for_manager);
	mail_first_name(for_manager ? c->manager_name : p->name, first, sizeof(first));
	mv_set_str(d, "greeting_name", first);
	mv_set_str(d, "with", for_manager ? p->name : c->manager_name);
	review_fmt_when(mine, rv->start, rv->end, when, sizeof(when));
	mv_set_str(d, "when", when);
	if (strcmp(mine, other) != 0) {
		review_fmt_when(other, rv->start, rv->end, when, sizeof(when));
		mv_set_str(d, "when_other", when);
	}
	mv_set_strf(d, "duration", "%ld min", (long)((rv->end - rv->start) / 60));
	mv_set_bool(d, "is_update", update && m == INVITE_REQUEST);
	mv_set_bool(d, "is_cancel", m == INVITE_CANCEL);
	mv_set_int(d, "sequence", rv->sequence);
	if (rv->kind == REVIEW_MONTHLY && sscanf(rv->period, "%4d-%2d", &y, &mo) == 2 && mo >= 1 &&
	    mo <= 12)
		mv_set_strf(d, "month", "%s %d", month_names[mo - 1], y);
	review_agenda_parse(rv->agenda, &a);
	review_agenda_data(&a, d);
	review_agenda_free(&a);
	return d;
}

/* The calendar of this review as it stands (method, SEQUENCE, times). */
static int
build_ics(const struct config *c, const struct person *p, const struct review *rv,
    enum invite_method m, time_t now, char **ics)
{
	struct invite		 iv;
	struct invite_party	 att[2];
	char			 summary[400], err[256];
	size_t			 len;
	int			 y, mo;

	memset(&iv, 0, sizeof(iv));
	if (rv->kind == REVIEW_MONTHLY && sscanf(rv->period, "%4d-%2d", &y, &mo) == 2 && mo >= 1 &&
	    mo <= 12)
		snprintf(summary, sizeof(summary), "Monthly review: %s and %s (%s %d)", p->name,
		    c->manager_name, month_names[mo - 1], y);
	else
		snprintf(summary, sizeof(summary), "1:1: %s and %s", p->name, c->manager_name);
	att[0].name = p->name;
	att[0].addr = p->email;
	att[1].name = c->manager_name;
	att[1].addr = c->manager_email;
	iv.method = m;
	iv.uid = rv->uid;
	iv.sequence = rv->sequence;
	iv.dtstamp = now;
	iv.start = rv->start;
	iv.end = rv->end;
	iv.tz = rv->tz;
	iv.organizer.name = c->manager_name;
	iv.organizer.addr = organizer_addr(c);
	iv.attendees = att;
	iv.nattendees = 2;
	iv.summary = summary;
	iv.description = rv->agenda;
	if (invite_build(&iv, ics, &len, err, sizeof(err)) == -1) {
		log_error("review #%lld: cannot build the invite: %s", (long long)rv->id, err);
		return -1;
	}
	return 0;
}

/* Queue the calendar to the person and to the manager. */
static int
review_send(struct db *db, const struct config *c, const struct person *p, const struct review *rv,
    enum invite_method m, int update, time_t now)
{
	struct mail_out	 o;
	struct mvalue	*d;
	char		*ics = NULL;
	int64_t		 person_copy = -1;
	int		 i, r = 0;

	if (organizer_addr(c) == NULL) {
		log_error("review: no sender address: set [smtp] from");
		return -1;
	}
	if (build_ics(c, p, rv, m, now, &ics) == -1)
		return -1;
	for (i = 0; i < 2 && r == 0; i++) {
		d = mail_data(c, p, rv, i == 1, m, update);
		memset(&o, 0, sizeof(o));
		o.kind = "review";
		o.ref = rv->id;
		o.person = i == 0 ? p : NULL;
		o.tmpl = rv->kind == REVIEW_MONTHLY ? "review_monthly" : "review_invite";
		o.calendar = ics;
		o.calendar_method = invite_method_name(m);
		o.now = now;
		r = mail_queue(db, c, &o, d);
		mv_free(d);
		if (i == 0)
			person_copy = o.outbox_id;
	}
	free(ics);
	if (r == 0)
		r = db_run(db, "UPDATE reviews SET outbox_id = ? WHERE id = ?", "ii", person_copy, rv->id);
	return r;
}

/* ------------------------------------------------------------- changes */

/* The agenda text for a new review of this kind and period. */
static char *
new_agenda(struct db *db, const struct config *c, const struct person *p, enum review_kind k,
    const char *period, time_t now)
{
	struct review_agenda	 a;
	char			*from = NULL, *text;
	int			 r;

	if (k == REVIEW_MONTHLY)
		r = review_agenda_monthly(db, c, p, period, now, &a);
	else {
		/* the check-in of the week before the meeting's, or the latest before it */
		if (db_text(db, &from, "SELECT period FROM checkins WHERE person_id = ? AND period < ? "
		    "ORDER BY period DESC LIMIT 1", "it", p->id, period) != 0 || from == NULL)
			from = xstrdup("");
		r = review_agenda_weekly(db, p, from, now, &a);
		free(from);
	}
	if (r == -1) {
		review_agenda_free(&a);
		return NULL;
	}
	text = review_agenda_text(&a);
	review_agenda_free(&a);
	return text;
}

int
review_schedule(struct db *db, const struct config *c, const struct person *p, enum review_kind k,
    time_t start, int minutes, time_t now, int64_t *id, char *why, size_t len)
{
	struct review	 rv;
	char		 period[16], uid[320], when[128], *agenda;
	int		 y, n, r, revived = 0;

	if (minutes <= 0)
		minutes = (int)(k == REVIEW_MONTHLY ? c->monthly_review_minutes : c->review_minutes);
	if (k == REVIEW_WEEKLY) {
		if (worktime_week_label(p->tz, start, period, sizeof(period)) == -1 ||
		    worktime_parse_week(period, &y, &n) == -1)
			return -1;
	} else {
		zone_date(p->tz, start, period, sizeof(period));
		period[7] = '\0';
		if (sscanf(period, "%4d-%2d", &y, &n) != 2)
			return -1;
	}
	if ((r = review_by_period(db, p->id, k, period, &rv)) == -1)
		return -1;
	if (r == 0 && strcmp(rv.status, "scheduled") == 0) {
		review_fmt_when(p->tz, rv.start, rv.end, when, sizeof(when));
		errf(why, len, "%s already has its %s review #%lld (%s): use `rapport review move %lld "
		    "TIME`", period, review_kind_name(k), (long long)rv.id, when, (long long)rv.id);
		review_clear(&rv);
		return 1;
	}
	if ((agenda = new_agenda(db, c, p, k, period, now)) == NULL) {
		if (r == 0)
			review_clear(&rv);
		return -1;
	}
	if (r == 0) {
		/* a cancelled period comes back: the same UID, a higher SEQUENCE */
		revived = 1;
		r = db_run(db, "UPDATE reviews SET status = 'scheduled', sequence = sequence + 1, "
		    "start_at = ?, end_at = ?, tz = ?, agenda = ?, updated_at = ? WHERE id = ?", "iittii",
		    (int64_t)start, (int64_t)(start + minutes * 60L), p->tz, agenda, (int64_t)now, rv.id);
		*id = rv.id;
		review_clear(&rv);
	} else {
		if (invite_uid(uid, sizeof(uid), k == REVIEW_MONTHLY ? INVITE_MONTHLY : INVITE_WEEKLY,
		    (long)p->id, y, n, c->domain) == -1) {
			log_error("review: cannot make a UID for %s (domain %s)", period, c->domain);
			free(agenda);
			return -1;
		}
		r = db_run(db, "INSERT INTO reviews (person_id, kind, period, uid, sequence, start_at, "
		    "end_at, tz, status, agenda, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?, "
		    "'scheduled', ?, ?, ?)", "ittti" "itt" "ii", p->id, review_kind_name(k), period, uid,
		    (int64_t)start, (int64_t)(start + minutes * 60L), p->tz, agenda, (int64_t)now,
		    (int64_t)now);
		*id = db_last_id(db);
	}
	free(agenda);
	if (r != 0 || (r = review_load(db, *id, &rv)) != 0)
		return -1;
	r = review_send(db, c, p, &rv, INVITE_REQUEST, 0, now);
	if (r == 0)
		r = db_event(db, revived ? "review.rescheduled" : "review.scheduled", p->id, rv.id,
		    "%s %s, SEQUENCE %ld, %s", review_kind_name(k), period, rv.sequence, rv.uid);
	review_clear(&rv);
	return r == 0 ? 0 : -1;
}

/* Load a scheduled review and its person; 1 with why when it cannot change. */
static int
load_live(struct db *db, int64_t id, struct review *rv, struct person *p, char *why, size_t len)
{
	int	r;

	if ((r = review_load(db, id, rv)) != 0) {
		if (r == 1)
			errf(why, len, "no review #%lld", (long long)id);
		return r;
	}
	if (strcmp(rv->status, "scheduled") != 0) {
		errf(why, len, "review #%lld is cancelled: schedule its period again with "
		    "`rapport review schedule`", (long long)id);
		review_clear(rv);
		return 1;
	}
	if ((r = person_load(db, rv->person_id, p)) != 0) {
		review_clear(rv);
		return -1;
	}
	return 0;
}

int
review_move(struct db *db, const struct config *c, int64_t id, time_t start, time_t end, time_t now,
    char *why, size_t len)
{
	struct review	 rv;
	struct person	 p;
	int		 r;

	if ((r = load_live(db, id, &rv, &p, why, len)) != 0)
		return r;
	if (end <= start)
		end = start + (rv.end - rv.start);
	rv.start = start;
	rv.end = end;
	rv.sequence++;
	r = db_run(db, "UPDATE reviews SET sequence = ?, start_at = ?, end_at = ?, updated_at = ? "
	    "WHERE id = ?", "liiii", rv.sequence, (int64_t)start, (int64_t)end, (int64_t)now, id);
	/* answers to the old time no longer hold */
	if (r == 0)
		r = db_run(db, "UPDATE rsvps SET status = 'superseded' WHERE review_id = ? AND "
		    "status = 'current'", "i", id);
	if (r == 0)
		r = review_send(db, c, &p, &rv, INVITE_REQUEST, 1, now);
	if (r == 0)
		r = db_event(db, "review.moved", p.id, id, "SEQUENCE %ld, %lld-%lld", rv.sequence,
		    (long long)start, (long long)end);
	review_clear(&rv);
	person_clear(&p);
	return r == 0 ? 0 : -1;
}

int
review_cancel(struct db *db, const struct config *c, int64_t id, time_t now, char *why, size_t len)
{
	struct review	 rv;
	struct person	 p;
	int		 r;

	if ((r = load_live(db, id, &rv, &p, why, len)) != 0)
		return r;
	rv.sequence++;
	strlcpy_r(rv.status, "cancelled", sizeof(rv.status));
	r = db_run(db, "UPDATE reviews SET status = 'cancelled', sequence = ?, updated_at = ? "
	    "WHERE id = ?", "lii", rv.sequence, (int64_t)now, id);
	if (r == 0)
		r = review_send(db, c, &p, &rv, INVITE_CANCEL, 0, now);
	if (r == 0)
		r = db_event(db, "review.cancelled", p.id, id, "SEQUENCE %ld", rv.sequence);
	review_clear(&rv);
	person_clear(&p);
	return r == 0 ? 0 : -1;
}

int
review_counter(struct db *db, int64_t id, int64_t *rsvp, time_t *start, time_t *end)
{
	sqlite3_stmt	*st;
	int		 r;

	*start = *end = 0;
	st = db_query(db, "SELECT id, proposed_start, proposed_end FROM rsvps WHERE review_id = ? AND "
	    "status = 'current' AND proposed_start IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1",
	    "i", id);
	if (st == NULL)
		return -1;
	if ((r = db_step(st)) == 1) {
		if (rsvp != NULL)
			*rsvp = sqlite3_column_int64(st, 0);
		*start = (time_t)sqlite3_column_int64(st, 1);
		*end = db_col_is_null(st, 2) ? 0 : (time_t)sqlite3_column_int64(st, 2);
	}
	db_done(st);
	return r;
}

int
review_accept_counter(struct db *db, const struct config *c, int64_t id, time_t now, char *why,
    size_t len)
{
	int64_t		 rsvp = -1;
	time_t		 s, e;
	int		 r;

	if ((r = review_counter(db, id, &rsvp, &s, &e)) == -1)
		return -1;
	if (r == 0) {
		errf(why, len, "review #%lld has no counter-proposal to accept", (long long)id);
		return 1;
	}
	if ((r = review_move(db, c, id, s, e, now, why, len)) != 0)
		return r;
	return db_run(db, "UPDATE rsvps SET status = 'accepted' WHERE id = ?", "i", rsvp) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------- the tick */

/* Log "no slot" once per person and period (the tick retries quietly). */
static int
no_slot(struct db *db, const struct person *p, const char *period)
{
	int64_t	n = 0;

	if (db_int(db, &n, "SELECT count(*) FROM events WHERE kind = 'review.no_slot' AND person_id = ? "
	    "AND detail = ?", "it", p->id, period) == -1)
		return -1;
	if (n > 0)
		return 0;
	log_warn("review: no common working time for %s's review in %s", p->name, period);
	return db_event(db, "review.no_slot", p->id, -1, "%s", period);
}

/* Schedule one review in its own transaction. */
static int
schedule_tx(struct db *db, const struct config *c, const struct person *p, enum review_kind k,
    time_t start, time_t now, unsigned *queued)
{
	char	why[256];
	int64_t	id;
	int	r;

	if (db_begin(db) == -1)
		return -1;
	r = review_schedule(db, c, p, k, start, 0, now, &id, why, sizeof(why));
	if (r == 0 && db_commit(db) == 0) {
		if (queued != NULL)
			(*queued)++;
		log_info("review: %s review #%lld for %s", review_kind_name(k), (long long)id, p->name);
		return 0;
	}
	db_rollback(db);
	if (r == 1)
		log_info("review: %s: %s", p->name, why);
	return r == 1 ? 0 : -1;
}

/* Does check-in (status, reminder_at) let week W+1's 1:1 be scheduled now? */
static int
checkin_done(const struct config *c, const struct person *p, const char *status,
    int64_t reminder_at, time_t now)
{
	struct wt_pause	 pause;
	struct worktime	 wt;
	time_t		 due;

	if (strcmp(status, "answered") == 0 || strcmp(status, "missed") == 0)
		return 1;
	if (reminder_at <= 0)
		return 0;
	schedule_worktime(p, &pause, &wt);
	return schedule_working_add(&wt, (time_t)reminder_at, c->reminder_after, &due) == 0 &&
	    due <= now;
}

static int
tick_weekly(struct db *db, const struct config *c, const struct person *p, time_t now,
    unsigned *queued)
{
	sqlite3_stmt	*st;
	struct review	 rv;
	char		 period[2][16], status[2][16], next[16];
	int64_t		 rem[2];
	time_t		 ws, we, from, start;
	int		 i, n = 0, y, w, r;

	st = db_query(db, "SELECT period, status, reminder_at FROM checkins WHERE person_id = ? "
	    "ORDER BY period DESC LIMIT 2", "i", p->id);
	if (st == NULL)
		return -1;
	while (n < 2 && db_step(st) == 1) {
		strlcpy_r(period[n], db_col_text(st, 0), sizeof(period[n]));
		strlcpy_r(status[n], db_col_text(st, 1), sizeof(status[n]));
		rem[n] = db_col_is_null(st, 2) ? 0 : sqlite3_column_int64(st, 2);
		n++;
	}
	db_done(st);
	for (i = n - 1; i >= 0; i--) {
		if (!checkin_done(c, p, status[i], rem[i], now) || next_week(period[i], &y, &w) == -1 ||
		    snprintf(next, sizeof(next), "%04d-W%02d", y, w) >= (int)sizeof(next) ||
		    worktime_week_bounds(p->tz, y, w, &ws, &we) == -1)
			continue;
		from = now + REVIEW_LEAD > ws ? now + REVIEW_LEAD : ws;
		if (from + c->review_minutes * 60 > we)
			continue;	/* that week has passed */
		if ((r = review_by_period(db, p->id, REVIEW_WEEKLY, next, &rv)) != 1) {
			if (r == 0)
				review_clear(&rv);
			if (r == -1)
				return -1;
			continue;
		}
		if (!schedule_may_send(db, c, p, now, NULL))
			return 0;
		r = review_find_slot(db, c, p, (int)c->review_minutes, from, we, -1, &start);
		if (r == -1)
			return -1;
		if (r == 1) {
			if (no_slot(db, p, next) == -1)
				return -1;
			continue;
		}
		if (schedule_tx(db, c, p, REVIEW_WEEKLY, start, now, queued) == -1)
			return -1;
	}
	return 0;
}

static int
tick_monthly(struct db *db, const struct config *c, const struct person *p, time_t now,
    unsigned *queued)
{
	struct wt_pause	 pause;
	struct worktime	 wt;
	struct review	 rv;
	char		 date[16];
	time_t		 ms, me, due, start;
	int		 y, m, r;

	zone_date(p->tz, now, date, sizeof(date));
	if (sscanf(date, "%4d-%2d", &y, &m) != 2 || month_bounds(p->tz, y, m, &ms, &me) == -1)
		return 0;
	schedule_worktime(p, &pause, &wt);
	/* the first working minute of the month, ignoring a pause (a holiday
	 * at the start of the month must not move the review out of it) */
	wt.npauses = 0;
	if (worktime_next_allowed(&wt, ms, &due) == -1 || now < due || now >= due + REVIEW_MONTHLY_STALE)
		return 0;
	date[7] = '\0';
	if ((r = review_by_period(db, p->id, REVIEW_MONTHLY, date, &rv)) != 1) {
		if (r == 0)
			review_clear(&rv);
		return r == -1 ? -1 : 0;
	}
	if (!schedule_may_send(db, c, p, now, NULL))
		return 0;
	r = review_find_slot(db, c, p, (int)c->monthly_review_minutes, now + REVIEW_LEAD,
	    now + REVIEW_MONTHLY_WINDOW, -1, &start);
	if (r == -1)
		return -1;
	if (r == 1 || start >= me)	/* (the first week + 14 days stays in the month) */
		return no_slot(db, p, date);
	return schedule_tx(db, c, p, REVIEW_MONTHLY, start, now, queued);
}

int
review_tick(struct db *db, const struct config *c, const struct person *p, time_t now,
    unsigned *queued)
{
	if (!p->active)
		return 0;
	if (c->weekly_reviews && tick_weekly(db, c, p, now, queued) == -1)
		return -1;
	if (c->monthly_reviews && tick_monthly(db, c, p, now, queued) == -1)
		return -1;
	return 0;
}

/* ------------------------------------------------------------- replies */

static void
res_set(struct record_result *res, const char *state, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
res_set(struct record_result *res, const char *state, const char *fmt, ...)
{
	va_list	ap;

	strlcpy_r(res->state, state, sizeof(res->state));
	res->why[0] = '\0';
	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(res->why, sizeof(res->why), fmt, ap);
		va_end(ap);
	}
}

/* "mailto:Anna@X" -> "Anna@X" (case kept; compared without case). */
static const char *
strip_mailto(const char *s)
{
	if (s != NULL && strncasecmp(s, "mailto:", 7) == 0)
		return s + 7;
	return s;
}

/* Which party of review rv an address is: 0 the person, 1 the manager, -1 none. */
static int
party_of(struct db *db, const struct config *c, const struct person *p, const char *addr)
{
	int64_t	n = 0;

	if (addr == NULL || *addr == '\0')
		return -1;
	if (strcasecmp(addr, p->email) == 0)
		return 0;
	if (strcasecmp(addr, c->manager_email) == 0)
		return 1;
	if (db_int(db, &n, "SELECT count(*) FROM person_aliases WHERE person_id = ? AND email = ?",
	    "it", p->id, addr) == 0 && n > 0)
		return 0;
	return -1;
}

static int
unknown_uid(struct db *db, const struct config *c, const char *from, const char *uid,
    struct record_result *res)
{
	struct person	p;
	int		r;

	memset(&p, 0, sizeof(p));
	if (from != NULL && strcasecmp(from, c->manager_email) == 0)
		r = 0;
	else if ((r = from != NULL ? person_by_address(db, from, &p) : 1) == -1)
		return -1;
	if (r == 0) {
		if (p.id > 0)
			res->person_id = p.id;
		person_clear(&p);
		res_set(res, "ignored", "a calendar message about %s, which is no rapport review",
		    uid != NULL ? uid : "(no UID)");
	} else
		res_set(res, "quarantined", "unknown sender %s", from != NULL ? from : "(none)");
	return 0;
}

static int
store_rsvp(struct db *db, const struct review *rv, int64_t msg, const char *method,
    const char *attendee, const struct jp *it, struct record_result *res)
{
	const char	*partstat = jp_str(jp_get(it, "partstat"));
	const char	*comment = jp_str(jp_get(it, "comment"));
	int64_t		 seq = jp_int(jp_get(it, "sequence"), 0);
	time_t		 ps = 0, pe = 0;
	int		 stale, proposal, counter = strcmp(method, "COUNTER") == 0;

	if (jp_str(jp_get(it, "proposed_start")) != NULL)
		(void)parse_iso_time(jp_str(jp_get(it, "proposed_start")), &ps);
	if (jp_str(jp_get(it, "proposed_end")) != NULL)
		(void)parse_iso_time(jp_str(jp_get(it, "proposed_end")), &pe);
	if (counter && ps <= 0 && jp_str(jp_get(it, "start")) != NULL)
		(void)parse_iso_time(jp_str(jp_get(it, "start")), &ps);	/* COUNTER: DTSTART proposes */
	if (counter && pe <= 0 && ps > 0 && jp_str(jp_get(it, "end")) != NULL)
		(void)parse_iso_time(jp_str(jp_get(it, "end")), &pe);
	if (pe <= ps)
		pe = 0;
	proposal = ps > 0;
	stale = seq < rv->sequence;
	if (!stale) {
		if (!counter && db_run(db, "UPDATE rsvps SET status = 'superseded' WHERE review_id = ? AND "
		    "attendee = ? AND status = 'current' AND method != 'COUNTER'", "it", rv->id,
		    attendee) == -1)
			return -1;
		if (proposal && db_run(db, "UPDATE rsvps SET status = 'superseded' WHERE review_id = ? AND "
		    "attendee = ? AND status = 'current' AND proposed_start IS NOT NULL", "it", rv->id,
		    attendee) == -1)
			return -1;
	}
	if (db_run(db, "INSERT INTO rsvps (review_id, attendee, method, partstat, sequence, comment, "
	    "proposed_start, proposed_end, at, message_id, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?)", "ittti" "too" "iot", rv->id, attendee, method, partstat, seq, comment,
	    proposal ? (int64_t)ps : (int64_t)-1, proposal && pe > 0 ? (int64_t)pe : (int64_t)-1,
	    (int64_t)now_utc(), msg, stale ? "stale" : "current") == -1)
		return -1;
	if (stale)
		res_set(res, "recorded", "stale %s (SEQUENCE %lld, the review is at %ld): kept, not applied",
		    method, (long long)seq, rv->sequence);
	else
		res_set(res, "recorded", NULL);
	return db_event(db, proposal ? "review.counter" : "review.rsvp", rv->person_id, rv->id,
	    "%s %s %s SEQUENCE %lld%s", attendee, method, partstat != NULL ? partstat : "-",
	    (long long)seq, stale ? " (stale)" : "");
}

int
review_record_itip(struct db *db, const struct config *c, int64_t msg, const struct jp *doc,
    struct record_result *res)
{
	const struct jp	*it = jp_get(doc, "itip");
	const char	*from = jp_str(jp_get(doc, "from"));
	const char	*uid = jp_str(jp_get(it, "uid")), *method = jp_str(jp_get(it, "method"));
	const char	*att = strip_mailto(jp_str(jp_get(it, "attendee")));
	const char	*rid = jp_str(jp_get(it, "recurrence_id"));
	struct review	 rv;
	struct person	 p;
	time_t		 t;
	int		 r, from_party, att_party;

	if (jp_is_null(it) || uid == NULL)
		return unknown_uid(db, c, from, NULL, res);
	if ((r = review_by_uid(db, uid, &rv)) != 0)
		return r == 1 ? unknown_uid(db, c, from, uid, res) : -1;
	if ((r = person_load(db, rv.person_id, &p)) != 0) {
		review_clear(&rv);
		return -1;
	}
	strlcpy_r(res->thread_kind, "review", sizeof(res->thread_kind));
	res->thread_ref = rv.id;
	from_party = party_of(db, c, &p, from);
	if (from_party == 0)
		res->person_id = p.id;
	r = 0;
	if (from_party < 0)
		res_set(res, "quarantined", "sender %s is not an attendee of review #%lld",
		    from != NULL ? from : "(none)", (long long)rv.id);
	else if (method == NULL || (strcmp(method, "REPLY") != 0 && strcmp(method, "COUNTER") != 0))
		res_set(res, "ignored", "METHOD:%s for review #%lld: rapport organizes its reviews, so "
		    "only REPLY and COUNTER are read", method != NULL ? method : "(none)",
		    (long long)rv.id);
	else if ((att_party = party_of(db, c, &p, att)) < 0)
		res_set(res, "quarantined", "ATTENDEE %s is not invited to review #%lld",
		    att != NULL ? att : "(none)", (long long)rv.id);
	else if (rid != NULL && (parse_iso_time(rid, &t) == -1 || t != rv.start))
		res_set(res, "ignored", "RECURRENCE-ID %s is not an occurrence of review #%lld", rid,
		    (long long)rv.id);
	else
		r = store_rsvp(db, &rv, msg, method, att_party == 0 ? p.email : c->manager_email, it,
		    res);
	review_clear(&rv);
	person_clear(&p);
	return r;
}
