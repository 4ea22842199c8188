/*
 * digest.c: the weekly figures per person, the "needs attention" rules, the
 * digest's contents, and its scheduled send; see digest.h. The template
 * data and rendering are in digest_mail.c.
 *
 * Cost: the figures of any range of weeks take a fixed number of indexed
 * queries per person (one per table), whatever the range; the rules are
 * then evaluated in memory. The digest adds about a dozen small queries
 * per person for its details.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "actions.h"
#include "digest.h"
#include "log.h"
#include "mail.h"
#include "mustache.h"
#include "people.h"
#include "strbuf.h"
#include "tzone.h"
#include "util.h"
#include "validate.h"
#include "worktime.h"

#define DAY		86400
#define MISSED_WINDOW	(30 * DAY)	/* two misses within this make DG_MISSED */
#define BOUNCE_WINDOW	(30 * DAY)	/* a failure older than this is not "the address bounces" */
#define INVITE_GRACE	(48 * 3600)	/* an invite unanswered this long is flagged */
#define DIGEST_STALE	(3 * DAY)	/* a digest this late is skipped, like a check-in */
#define MAX_FEEDBACK	8		/* feedback lines per person in the digest */
#define MAX_FAILURES	10

static const char *const rule_names[DG_NRULES] = {
	"silent", "mood", "missed", "concern", "review", "bounce", "inbox"
};

const char *
digest_rule_name(unsigned rule)
{
	int i;

	for (i = 0; i < DG_NRULES; i++)
		if (rule == (1u << i))
			return rule_names[i];
	return "?";
}

/* --- ISO weeks as day numbers (days since 1970-01-01 of their Monday) */

static long
iso_monday(int y, int w)
{
	long jan4 = tzone_days_from_civil(y, 1, 4);

	return jan4 - (tzone_wday(jan4) + 6) % 7 + (long)(w - 1) * 7;
}

static void
iso_week_of(long monday, int *y, int *w)
{
	int m, d;

	tzone_civil_from_days(monday + 3, y, &m, &d);	/* its Thursday decides the year */
	*w = (int)((monday - iso_monday(*y, 1)) / 7) + 1;
}

int
digest_week_add(const char *label, int delta, char *buf, size_t len)
{
	int y, w;

	if (worktime_parse_week(label, &y, &w) == -1 || delta < -100000 || delta > 100000)
		return -1;
	iso_week_of(iso_monday(y, w) + 7L * delta, &y, &w);
	if (y < 1970 || y > 2099)
		return -1;
	snprintf(buf, len, "%04d-W%02d", y, w);
	return 0;
}

int
digest_prev_week(const char *tz, time_t t, char *buf, size_t len)
{
	char cur[16];

	if (worktime_week_label(tz, t, cur, sizeof(cur)) == -1)
		return -1;
	return digest_week_add(cur, -1, buf, len);
}

static int
date_days(const char *date, long *days)
{
	int y, m, d;

	if (date == NULL || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 ||
	    d < 1 || d > 31)
		return -1;
	*days = tzone_days_from_civil(y, m, d);
	return 0;
}

static void
days_date(long days, char *buf, size_t len)
{
	int y, m, d;

	tzone_civil_from_days(days, &y, &m, &d);
	snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
}

/* --- quotes */

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

char *
digest_quote(const char *text, size_t max)
{
	const char	*s = text != NULL ? text : "", *e;
	size_t		 n, cut, i;

	while (is_blank((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && is_blank((unsigned char)e[-1]))
		e--;
	n = (size_t)(e - s);
	if (n <= max)
		return xstrndup(s, n);
	cut = max;
	while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	for (i = cut; i > max / 2; i--)
		if (is_blank((unsigned char)s[i])) {
			cut = i;
			break;
		}
	while (cut > 0 && is_blank((unsigned char)s[cut - 1]))
		cut--;
	return xasprintf("%.*s\xe2\x80\xa6", (int)cut, s);
}

/* --- one person's weeks */

struct loader {
	struct db		*db;
	const struct person	*p;
	struct dg_week		*w;
	int			 n;
	long			 mon0;	/* Monday of w[0] */
};

static int
week_index(const struct loader *L, time_t t)
{
	int lo = 0, hi = L->n - 1, mid;

	if (L->n == 0 || t < L->w[0].start || t >= L->w[L->n - 1].end)
		return -1;
	while (lo < hi) {
		mid = (lo + hi + 1) / 2;
		if (L->w[mid].start <= t)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

static int
date_index(const struct loader *L, const char *date)
{
	long d, i;

	if (date_days(date, &d) == -1 || d < L->mon0)
		return -1;
	i = (d - L->mon0) / 7;
	return i < L->n ? (int)i : -1;
}

static int
period_index(const struct loader *L, const char *period)
{
	int y, w;
	long i;

	if (worktime_parse_week(period, &y, &w) == -1)
		return -1;
	i = (iso_monday(y, w) - L->mon0) / 7;
	return i >= 0 && i < L->n ? (int)i : -1;
}

static int
init_weeks(struct loader *L, const char *last, int n)
{
	struct dg_week	*k;
	int		 y, w, i;

	if (worktime_parse_week(last, &y, &w) == -1)
		return -1;
	L->n = n;
	L->mon0 = iso_monday(y, w) - 7L * (n - 1);
	L->w = xcalloc((size_t)n, sizeof(*L->w));
	for (i = 0; i < n; i++) {
		k = &L->w[i];
		iso_week_of(L->mon0 + 7L * i, &y, &w);
		snprintf(k->period, sizeof(k->period), "%04d-W%02d", y % 10000, w % 100);
		if (worktime_week_bounds(L->p->tz, y, w, &k->start, &k->end) == -1)
			return -1;
		k->hours = k->hours_max = k->mood = k->mood_avg = NAN;
		k->review_id = k->bounce_id = -1;
	}
	return 0;
}

static double
col_num(sqlite3_stmt *st, int i)
{
	return db_col_is_null(st, i) ? NAN : sqlite3_column_double(st, i);
}

static int
load_checkins(struct loader *L)
{
	sqlite3_stmt	*st;
	struct dg_week	*k;
	int		 r, i;

	st = db_query(L->db, "SELECT c.period, c.status, c.answered_at, h.num, h.num_max, m.num, "
	    "(SELECT count(*) FROM answers x WHERE x.checkin_id = c.id AND x.key = 'concern' "
	    "AND x.replaced_at IS NULL) "
	    "FROM checkins c "
	    "LEFT JOIN answers h ON h.checkin_id = c.id AND h.key = 'hours' AND h.replaced_at IS NULL "
	    "LEFT JOIN answers m ON m.checkin_id = c.id AND m.key = 'mood' AND m.replaced_at IS NULL "
	    "WHERE c.person_id = ? AND c.period >= ? AND c.period <= ?", "itt", L->p->id,
	    L->w[0].period, L->w[L->n - 1].period);
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		if ((i = period_index(L, db_col_text(st, 0))) == -1)
			continue;
		k = &L->w[i];
		k->checkin = DG_SENT;
		if (strcmp(db_col_text(st, 1), "answered") == 0 || !db_col_is_null(st, 2)) {
			k->checkin = DG_ANSWERED;
			k->answered_at = (time_t)sqlite3_column_int64(st, 2);
		}
		k->hours = col_num(st, 3);
		k->hours_max = col_num(st, 4);
		k->mood = col_num(st, 5);
		k->concerns = sqlite3_column_int(st, 6);
	}
	db_done(st);
	return r;
}

static int
load_tasks(struct loader *L)
{
	sqlite3_stmt	*st;
	char		 first[16], last[16], done[16];
	int		 r, i;

	st = db_query(L->db, "SELECT t.due, t.done_at, (SELECT count(*) FROM task_history h "
	    "WHERE h.task_id = t.id AND h.kind = 'missed') FROM tasks t WHERE t.person_id = ? "
	    "AND t.status = 'done' AND t.done_at >= ? AND t.done_at < ?", "iii", L->p->id,
	    (int64_t)L->w[0].start, (int64_t)L->w[L->n - 1].end);
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		if ((i = week_index(L, (time_t)sqlite3_column_int64(st, 1))) == -1)
			continue;
		L->w[i].tasks_done++;
		zone_date(L->p->tz, (time_t)sqlite3_column_int64(st, 1), done, sizeof(done));
		if (sqlite3_column_int(st, 2) == 0 && strcmp(done, db_col_text(st, 0)) <= 0)
			L->w[i].tasks_on_time++;
	}
	db_done(st);
	if (r == -1)
		return -1;
	days_date(L->mon0, first, sizeof(first));
	days_date(L->mon0 + 7L * L->n - 1, last, sizeof(last));
	st = db_query(L->db, "SELECT due FROM tasks WHERE person_id = ? AND status != 'cancelled' "
	    "AND due >= ? AND due <= ?", "itt", L->p->id, first, last);
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1)
		if ((i = date_index(L, db_col_text(st, 0))) != -1)
			L->w[i].tasks_due++;
	db_done(st);
	return r;
}

/* Misses, and DG_MISSED: one this week with another within 30 days before it. */
static int
load_missed(struct loader *L)
{
	sqlite3_stmt	*st;
	time_t		 t, prev = 0;
	int		 r, i, have = 0;

	st = db_query(L->db, "SELECT h.at FROM task_history h JOIN tasks t ON t.id = h.task_id "
	    "WHERE t.person_id = ? AND h.kind = 'missed' AND h.at >= ? AND h.at < ? ORDER BY h.at",
	    "iii", L->p->id, (int64_t)(L->w[0].start - MISSED_WINDOW), (int64_t)L->w[L->n - 1].end);
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		t = (time_t)sqlite3_column_int64(st, 0);
		if ((i = week_index(L, t)) != -1) {
			L->w[i].missed++;
			if (have && t - prev <= MISSED_WINDOW)
				L->w[i].attention |= DG_MISSED;
		}
		prev = t;
		have = 1;
	}
	db_done(st);
	return r;
}

static int
load_feedback_goals(struct loader *L)
{
	sqlite3_stmt	*st;
	const char	*kind;
	int		 r, i, to;

	st = db_query(L->db, "SELECT direction, kind, at FROM feedback WHERE person_id = ? AND at >= ? "
	    "AND at < ?", "iii", L->p->id, (int64_t)L->w[0].start, (int64_t)L->w[L->n - 1].end);
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		if ((i = week_index(L, (time_t)sqlite3_column_int64(st, 2))) == -1)
			continue;
		to = strcmp(db_col_text(st, 0), "to_person") == 0;
		kind = db_col_text(st, 1);
		if (to)
			L->w[i].fb_to++;
		else
			L->w[i].fb_from++;
		if (to && (strcmp(kind, "praise") == 0 || strcmp(kind, "kudos") == 0))
			L->w[i].praise++;
	}
	db_done(st);
	if (r == -1)
		return -1;
	st = db_query(L->db, "SELECT done_at FROM goals WHERE person_id = ? AND status = 'done' "
	    "AND done_at >= ? AND done_at < ?", "iii", L->p->id, (int64_t)L->w[0].start,
	    (int64_t)L->w[L->n - 1].end);
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1)
		if ((i = week_index(L, (time_t)sqlite3_column_int64(st, 0))) != -1)
			L->w[i].goals_done++;
	db_done(st);
	return r;
}

/*
 * The person's own answers to a review (s), in effect: not the manager's,
 * not a stale SEQUENCE, not one replaced by a later answer or made moot by a
 * reschedule (review.c marks those 'superseded').
 */
#define RSVP_OF_PERSON \
	"s.status IN ('current', 'accepted') AND (s.attendee = (SELECT email FROM people " \
	"WHERE id = r.person_id) COLLATE NOCASE OR s.attendee IN (SELECT email FROM person_aliases " \
	"WHERE person_id = r.person_id))"

/* A REPLY saying DECLINED (a COUNTER proposes another time: not a refusal). */
static int
is_declined(const char *partstat, const char *method)
{
	return str_eq_ci(partstat, "DECLINED") && !str_eq_ci(method, "COUNTER");
}

/* One review's answers, as of a week's end. */
struct rv {
	int64_t	 id;
	time_t	 start, created;
	struct { time_t at; int declined; } s[16];
	int	 ns;
};

static void
review_rule(struct loader *L, const struct rv *v)
{
	struct dg_week	*k;
	int		 i, j, last, declined;

	for (i = 0; i < L->n; i++) {
		k = &L->w[i];
		/* this week's review, or next week's (its invite goes out this week) */
		if (v->start < k->start || v->start >= k->end + 7 * DAY || v->created >= k->end ||
		    (k->attention & DG_REVIEW))
			continue;
		for (j = 0, last = -1; j < v->ns; j++)
			if (v->s[j].at < k->end)
				last = j;
		declined = last >= 0 && v->s[last].declined;
		if (declined || (last < 0 && v->created <= k->end - INVITE_GRACE)) {
			k->attention |= DG_REVIEW;
			k->review_id = v->id;
			k->review_declined = declined;
		}
	}
}

static int
load_reviews(struct loader *L)
{
	sqlite3_stmt	*st;
	struct rv	 v;
	int64_t		 id;
	int		 r;

	st = db_query(L->db, "SELECT r.id, r.start_at, r.created_at, s.at, s.partstat, s.method "
	    "FROM reviews r LEFT JOIN rsvps s ON s.review_id = r.id AND " RSVP_OF_PERSON " "
	    "WHERE r.person_id = ? AND r.status = 'scheduled' AND r.start_at >= ? AND r.start_at < ? "
	    "ORDER BY r.id, s.at, s.id", "iii", L->p->id, (int64_t)L->w[0].start,
	    (int64_t)(L->w[L->n - 1].end + 7 * DAY));
	if (st == NULL)
		return -1;
	v.id = -1;
	while ((r = db_step(st)) == 1) {
		id = sqlite3_column_int64(st, 0);
		if (id != v.id) {
			if (v.id != -1)
				review_rule(L, &v);
			v.id = id;
			v.start = (time_t)sqlite3_column_int64(st, 1);
			v.created = (time_t)sqlite3_column_int64(st, 2);
			v.ns = 0;
		}
		if (db_col_is_null(st, 3))
			continue;
		if (v.ns == (int)nitems(v.s)) {	/* keep the latest ones */
			memmove(&v.s[0], &v.s[1], sizeof(v.s) - sizeof(v.s[0]));
			v.ns--;
		}
		v.s[v.ns].at = (time_t)sqlite3_column_int64(st, 3);
		v.s[v.ns].declined = is_declined(db_col_text(st, 4), db_col_text(st, 5));
		v.ns++;
	}
	db_done(st);
	if (v.id != -1)
		review_rule(L, &v);
	return r;
}

/* DG_BOUNCE: the latest email to the person, as of the week's end, failed. */
struct sent_row {
	int64_t	 id;
	int	 failed;
	time_t	 t;
};

static int
next_sent(sqlite3_stmt *st, struct sent_row *row)
{
	int r;

	if ((r = db_step(st)) != 1)
		return r;
	row->id = sqlite3_column_int64(st, 0);
	row->failed = strcmp(db_col_text(st, 1), "failed") == 0;
	row->t = (time_t)sqlite3_column_int64(st, 2);
	return 1;
}

static int
load_bounces(struct loader *L)
{
	sqlite3_stmt	*st;
	struct sent_row	 cur = { -1, 0, 0 }, nxt = { -1, 0, 0 };
	int		 r, i, have = 0;

	st = db_query(L->db, "SELECT id, state, created_at FROM outbox WHERE person_id = ? "
	    "AND state IN ('sent', 'failed') AND created_at >= ? AND created_at < ? "
	    "ORDER BY created_at, id", "iii", L->p->id, (int64_t)(L->w[0].start - BOUNCE_WINDOW),
	    (int64_t)L->w[L->n - 1].end);
	if (st == NULL)
		return -1;
	r = next_sent(st, &nxt);
	for (i = 0; i < L->n && r != -1; i++) {
		while (r == 1 && nxt.t < L->w[i].end) {
			cur = nxt;
			have = 1;
			r = next_sent(st, &nxt);
		}
		if (have && cur.failed && cur.t >= L->w[i].end - BOUNCE_WINDOW) {
			L->w[i].attention |= DG_BOUNCE;
			L->w[i].bounce_id = cur.id;
		}
	}
	db_done(st);
	return r == -1 ? -1 : 0;
}

static int
load_inbox(struct loader *L)
{
	sqlite3_stmt	*st;
	int		 r, i;

	st = db_query(L->db, "SELECT received_at FROM messages WHERE state IN ('quarantined', 'failed') "
	    "AND person_id = ? AND received_at >= ? AND received_at < ?", "iii", L->p->id,
	    (int64_t)L->w[0].start, (int64_t)L->w[L->n - 1].end);
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1)
		if ((i = week_index(L, (time_t)sqlite3_column_int64(st, 0))) != -1) {
			L->w[i].inbox_msgs++;
			L->w[i].attention |= DG_INBOX;
		}
	db_done(st);
	return r;
}

/* The rules that need the weeks before: silence and mood. */
static void
week_rules(struct loader *L)
{
	struct dg_week	*k;
	double		 sum;
	int		 i, j, a, b, cnt;

	for (i = 0; i < L->n; i++) {
		k = &L->w[i];
		if (k->concerns > 0)
			k->attention |= DG_CONCERN;
		/* the two latest check-ins, the latest this week or the week before */
		for (a = i; a >= 0 && a >= i - 1 && L->w[a].checkin == DG_NONE; a--)
			;
		if (a >= 0 && a >= i - 1 && L->w[a].checkin == DG_SENT) {
			for (b = a - 1; b >= 0 && L->w[b].checkin == DG_NONE; b--)
				;
			if (b >= 0 && L->w[b].checkin == DG_SENT)
				k->attention |= DG_SILENT;
		}
		if (isnan(k->mood))
			continue;
		for (j = i - DG_LOOKBACK, sum = 0, cnt = 0; j < i; j++)
			if (j >= 0 && !isnan(L->w[j].mood)) {
				sum += L->w[j].mood;
				cnt++;
			}
		if (cnt > 0 && sum / cnt - k->mood >= 2.0 - 1e-9) {
			k->attention |= DG_MOOD;
			k->mood_avg = sum / cnt;
		}
	}
}

int
digest_weeks(struct db *db, const struct person *p, const char *last, int n, struct dg_week **out)
{
	struct loader	L;
	int		r = -1;

	*out = NULL;
	if (n < 1 || n > DG_MAX_WEEKS)
		return -1;
	memset(&L, 0, sizeof(L));
	L.db = db;
	L.p = p;
	if (init_weeks(&L, last, n + DG_LOOKBACK) == 0 && load_checkins(&L) == 0 &&
	    load_tasks(&L) == 0 && load_missed(&L) == 0 && load_feedback_goals(&L) == 0 &&
	    load_reviews(&L) == 0 && load_bounces(&L) == 0 && load_inbox(&L) == 0) {
		week_rules(&L);
		memmove(L.w, L.w + DG_LOOKBACK, (size_t)n * sizeof(*L.w));
		*out = L.w;
		return 0;
	}
	free(L.w);
	return r;
}

/* --- the digest: one person's details for the week */

static const char *const month_abbr[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
    "Sep", "Oct", "Nov", "Dec" };

/* "Fri Dec 4" for a day number. */
static void
fmt_days(long days, int weekday, char *buf, size_t len)
{
	static const char *wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	int y, m, d;

	tzone_civil_from_days(days, &y, &m, &d);
	if (weekday)
		snprintf(buf, len, "%s %s %d", wd[tzone_wday(days)], month_abbr[m - 1], d);
	else
		snprintf(buf, len, "%s %d", month_abbr[m - 1], d);
}

static void
fmt_date(const char *date, char *buf, size_t len)
{
	long days;

	if (date_days(date, &days) == -1)
		strlcpy_r(buf, date != NULL ? date : "?", len);
	else
		fmt_days(days, 1, buf, len);
}

/* 18, 2.5, 1234.75: a number as people write it. */
static void
fmt_num(double v, char *buf, size_t len)
{
	if (isnan(v))
		snprintf(buf, len, "?");
	else
		snprintf(buf, len, "%.6g", v);
}

/* The buffer's text, which the caller frees (never NULL: x*() rules). */
static char *
sb_take(struct strbuf *sb)
{
	char *s = sb_detach(sb, NULL);

	return s != NULL ? s : xstrdup("");
}

struct ctx {
	struct db		*db;
	const struct config	*c;
	struct digest		*d;
	const struct person	*p;
	struct dg_person	*dp;
	struct dg_week		*wk;		/* this week */
	long			 monday;	/* of this week, in days */
	int64_t			 checkin_id;
	time_t			 sent_at;
	char			*concern;	/* the first words of concern */
	int			 nconcerns;
	char			*praise;	/* the first praise received */
	const char		*praise_kind;
};

static struct dg_note *
add_note(struct dg_note **v, size_t *n, int64_t pid, const char *person, unsigned rule)
{
	struct dg_note *x;

	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	x = &(*v)[(*n)++];
	memset(x, 0, sizeof(*x));
	x->person_id = pid;
	x->person = xstrdup(person);
	x->rule = rule;
	return x;
}

static void
kudos_hint(struct ctx *x, struct dg_note *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
kudos_hint(struct ctx *x, struct dg_note *n, const char *fmt, ...)
{
	struct strbuf	sb = STRBUF_INIT;
	va_list		ap;

	sb_printf(&sb, "kudos %s: ", x->dp->first_name);
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	n->hint = sb_take(&sb);
}

static int
person_checkin(struct ctx *x)
{
	sqlite3_stmt	*st;
	int64_t		 n = 0;
	int		 r;

	x->checkin_id = -1;
	st = db_query(x->db, "SELECT id, sent_at FROM checkins WHERE person_id = ? AND period = ?", "it",
	    x->p->id, x->wk->period);
	if (st == NULL)
		return -1;
	if ((r = db_step(st)) == 1) {
		x->checkin_id = sqlite3_column_int64(st, 0);
		x->sent_at = (time_t)sqlite3_column_int64(st, 1);
	}
	db_done(st);
	if (r == -1 || db_int(x->db, &n, "SELECT count(*) FROM checkins WHERE person_id = ? AND period < ?",
	    "it", x->p->id, x->wk->period) == -1)
		return -1;
	x->dp->is_new = n == 0;
	return 0;
}

static void
person_status(struct ctx *x)
{
	char when[200];

	if (x->wk->checkin == DG_ANSWERED) {
		worktime_format_both(x->wk->answered_at, x->p->tz, x->d->manager_tz, when, sizeof(when));
		x->dp->status = xasprintf("answered %s", when);
	} else if (x->wk->checkin == DG_SENT) {
		mail_fmt_date(x->p->tz, x->sent_at, 0, when, sizeof(when));
		x->dp->status = xasprintf("no answer yet to the check-in sent %s", when);
	} else if (x->dp->paused)
		x->dp->status = xstrdup("paused: no check-in this week");
	else if (x->p->created_at >= x->wk->start)
		x->dp->status = xstrdup("new this week: no check-in yet");
	else
		x->dp->status = xstrdup("no check-in this week");
}

static const struct {
	const char	*key, *label;
} answer_keys[] = {
	{ "wins", "Wins this week" },
	{ "in_progress", "In progress" },
	{ "blockers", "Blockers" },
	{ "next_week", "Plan for next week" },
	{ "support", "Needs from you" },
	{ "notes", "Other notes" },
};

/* The answer's text, or the words its offsets point at in the message's reply text. */
static char *
answer_words(sqlite3_stmt *st, size_t max)
{
	const char	*text = db_col_text_or_null(st, 1), *reply = db_col_text_or_null(st, 4);
	int64_t		 a = sqlite3_column_int64(st, 2), b = sqlite3_column_int64(st, 3);
	char		*slice, *q;

	if (text != NULL)
		return digest_quote(text, max);
	if (reply == NULL || db_col_is_null(st, 2) || db_col_is_null(st, 3) || a < 0 || b <= a ||
	    (size_t)b > strlen(reply))
		return NULL;
	slice = xstrndup(reply + a, (size_t)(b - a));
	q = digest_quote(slice, max);
	free(slice);
	return q;
}

static int
person_answers(struct ctx *x)
{
	sqlite3_stmt	*st;
	char		*slot[nitems(answer_keys)], *q;
	const char	*key;
	size_t		 i;
	int		 r;

	if (x->checkin_id < 0)
		return 0;
	memset(slot, 0, sizeof(slot));
	st = db_query(x->db, "SELECT a.key, a.text, a.src_start, a.src_end, "
	    "CASE WHEN a.text IS NULL THEN m.reply_text END FROM answers a "
	    "LEFT JOIN messages m ON m.id = a.message_id "
	    "WHERE a.checkin_id = ? AND a.replaced_at IS NULL ORDER BY a.id", "i", x->checkin_id);
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		key = db_col_text(st, 0);
		if (strcmp(key, "blockers_none") == 0) {
			x->dp->blockers_none = 1;
			continue;
		}
		if (strcmp(key, "concern") == 0) {
			if (x->nconcerns++ == 0)
				x->concern = answer_words(st, DG_NOTE_QUOTE);
			continue;
		}
		for (i = 0; i < nitems(answer_keys); i++)
			if (strcmp(key, answer_keys[i].key) == 0)
				break;
		if (i == nitems(answer_keys) || (q = answer_words(st, DG_QUOTE_MAX)) == NULL)
			continue;
		if (*q == '\0') {
			free(q);
			continue;
		}
		free(slot[i]);
		slot[i] = q;
	}
	db_done(st);
	x->dp->answers = xcalloc(nitems(answer_keys), sizeof(*x->dp->answers));
	for (i = 0; i < nitems(answer_keys); i++) {
		if (slot[i] == NULL)
			continue;
		x->dp->answers[x->dp->nanswers].key = answer_keys[i].key;
		x->dp->answers[x->dp->nanswers].label = answer_keys[i].label;
		x->dp->answers[x->dp->nanswers++].quote = slot[i];
	}
	return r;
}

static int
person_streak(struct ctx *x)
{
	sqlite3_stmt	*st;
	int		 r;

	st = db_query(x->db, "SELECT status, answered_at FROM checkins WHERE person_id = ? AND period <= ? "
	    "ORDER BY period DESC LIMIT 1000", "it", x->p->id, x->wk->period);
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1 &&
	    (strcmp(db_col_text(st, 0), "answered") == 0 || !db_col_is_null(st, 1)))
		x->dp->streak++;
	db_done(st);
	return r == -1 ? -1 : 0;
}

static int
streak_milestone(int n)
{
	return n == 4 || n == 8 || n == 13 || n == 26 || (n >= 52 && n % 52 == 0);
}

static struct dg_task *
add_task(struct dg_person *dp, int64_t id, const char *title, int kind)
{
	struct dg_task *t;

	dp->tasks = xrealloc(dp->tasks, (dp->ntasks + 1) * sizeof(*dp->tasks));
	t = &dp->tasks[dp->ntasks++];
	memset(t, 0, sizeof(*t));
	t->id = id;
	t->title = xstrdup(title);
	t->kind = kind;
	return t;
}

static void
percent_suffix(sqlite3_stmt *st, char *buf, size_t len)
{
	if (!db_col_is_null(st, 4) && strcmp(db_col_text(st, 3), "open") == 0)
		snprintf(buf, len, ", %d%% done", sqlite3_column_int(st, 4));
	else
		*buf = '\0';
}

/* A task done this week: on time, early, by a new date, or late. */
static void
task_done_state(struct ctx *x, struct dg_task *t, sqlite3_stmt *st, struct strbuf *sb)
{
	char	 done[16], when[32];
	long	 dd, due;
	int	 missed = sqlite3_column_int(st, 7);

	zone_date(x->p->tz, (time_t)sqlite3_column_int64(st, 6), done, sizeof(done));
	fmt_date(done, when, sizeof(when));
	sb_printf(sb, "done %s", when);
	if (date_days(done, &dd) == -1 || date_days(db_col_text(st, 2), &due) == -1)
		due = dd = 0;
	if (dd > due)
		sb_printf(sb, ", %ld day%s late", dd - due, dd - due == 1 ? "" : "s");
	else if (missed > 0)
		sb_adds(sb, ", by its new date");
	else {
		x->dp->n_on_time++;
		t->on_time = 1;
		if (due > dd)
			sb_printf(sb, ", %ld day%s early", due - dd, due - dd == 1 ? "" : "s");
		else
			sb_adds(sb, ", on time");
	}
	x->dp->n_done++;
	t->state = sb_take(sb);
}

static int
person_tasks(struct ctx *x)
{
	sqlite3_stmt	*st;
	struct strbuf	 sb = STRBUF_INIT;
	struct dg_task	*t;
	char		 sunday[16], next_sunday[16], due[32], was[32], pct[16];
	const char	*status, *duedate, *blocked, *reason;
	time_t		 done_at, moved_at;
	int		 r, moved;

	days_date(x->monday + 6, sunday, sizeof(sunday));
	days_date(x->monday + 13, next_sunday, sizeof(next_sunday));
	st = db_query(x->db, "SELECT t.id, t.text, t.due, t.status, t.percent, t.blocked, t.done_at, "
	    "(SELECT count(*) FROM task_history h WHERE h.task_id = t.id AND h.kind = 'missed' AND h.at < ?), "
	    "mv.old_due, mv.at, mv.reason FROM tasks t "
	    "LEFT JOIN task_history mv ON mv.id = (SELECT h.id FROM task_history h WHERE h.task_id = t.id "
	    "AND h.kind = 'moved' AND h.at < ? ORDER BY h.at DESC, h.id DESC LIMIT 1) "
	    "WHERE t.person_id = ? AND t.created_at < ? AND (t.status = 'open' OR "
	    "(t.status = 'done' AND t.done_at >= ?)) ORDER BY t.due, t.id", "iiiii",
	    (int64_t)x->wk->end, (int64_t)x->wk->end, x->p->id, (int64_t)x->wk->end,
	    (int64_t)x->wk->start);
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		status = db_col_text(st, 3);
		duedate = db_col_text(st, 2);
		done_at = (time_t)sqlite3_column_int64(st, 6);
		blocked = db_col_text_or_null(st, 5);
		moved_at = (time_t)sqlite3_column_int64(st, 9);
		moved = !db_col_is_null(st, 9);
		reason = blocked != NULL ? blocked : db_col_text_or_null(st, 10);
		fmt_date(duedate, due, sizeof(due));
		percent_suffix(st, pct, sizeof(pct));
		if (strcmp(status, "done") == 0 && done_at < x->wk->end) {
			t = add_task(x->dp, sqlite3_column_int64(st, 0), db_col_text(st, 1), DG_T_DONE);
			task_done_state(x, t, st, &sb);
			continue;
		}
		if (strcmp(duedate, sunday) <= 0) {
			x->dp->n_overdue++;
			t = add_task(x->dp, sqlite3_column_int64(st, 0), db_col_text(st, 1), DG_T_OVERDUE);
			sb_printf(&sb, "overdue: was due %s%s%s", due, pct, blocked != NULL ? ", blocked" : "");
		} else if (moved && moved_at >= x->wk->start) {
			x->dp->n_due++;
			t = add_task(x->dp, sqlite3_column_int64(st, 0), db_col_text(st, 1), DG_T_MOVED);
			fmt_date(db_col_text(st, 8), was, sizeof(was));
			sb_printf(&sb, "new date %s (was %s)%s", due, was, pct);
		} else if (strcmp(duedate, next_sunday) <= 0) {
			x->dp->n_due++;
			t = add_task(x->dp, sqlite3_column_int64(st, 0), db_col_text(st, 1), DG_T_DUE);
			sb_printf(&sb, "due %s%s%s", due, pct, blocked != NULL ? ", blocked" : "");
		} else {
			x->dp->n_open_later++;
			continue;
		}
		t->state = sb_take(&sb);
		/* a task due soon shows only why it is blocked; late and moved ones their reason */
		if (reason != NULL && *reason != '\0' && (t->kind != DG_T_DUE || blocked != NULL))
			t->reason = digest_quote(reason, DG_NOTE_QUOTE);
	}
	db_done(st);
	sb_free(&sb);
	x->d->tasks_done += x->dp->n_done;
	x->d->tasks_overdue += x->dp->n_overdue;
	return r;
}

/* How far toward the target: a goal whose first recorded value was above its
 * target counts down ("inbox under 20" from 140), any other counts up. */
static int
goal_percent(double first, double cur, double target)
{
	double f;

	if (isnan(cur) || isnan(target))
		return -1;
	if (!isnan(first) && first > target && first > cur)
		f = (first - cur) / (first - target);
	else if (!isnan(first) && first > target)
		f = 0;
	else if (target > 0)
		f = cur / target;
	else
		return -1;
	if (f < 0)
		f = 0;
	return f >= 1 ? 100 : (int)(f * 100);
}

static int
person_goals(struct ctx *x)
{
	sqlite3_stmt	*st;
	struct dg_goal	*g;
	struct dg_note	*n;
	char		 cur[32], tgt[32];
	const char	*metric;
	double		 target, current;
	int		 r;

	st = db_query(x->db, "SELECT g.text, g.metric, g.target, g.current, g.status, "
	    "(SELECT p.value FROM goal_progress p WHERE p.goal_id = g.id ORDER BY p.at, p.id LIMIT 1) "
	    "FROM goals g WHERE g.person_id = ? AND g.created_at < ? AND (g.status = 'open' OR "
	    "(g.status = 'done' AND g.done_at >= ? AND g.done_at < ?)) ORDER BY g.id", "iiii", x->p->id,
	    (int64_t)x->wk->end, (int64_t)x->wk->start, (int64_t)x->wk->end);
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		x->dp->goals = xrealloc(x->dp->goals, (x->dp->ngoals + 1) * sizeof(*x->dp->goals));
		g = &x->dp->goals[x->dp->ngoals++];
		memset(g, 0, sizeof(*g));
		g->title = xstrdup(db_col_text(st, 0));
		metric = db_col_text(st, 1);
		target = col_num(st, 2);
		current = col_num(st, 3);
		g->done = strcmp(db_col_text(st, 4), "done") == 0;
		fmt_num(current, cur, sizeof(cur));
		fmt_num(target, tgt, sizeof(tgt));
		if (!isnan(target))
			g->progress = xasprintf("%s / %s%s%s", isnan(current) ? "–" : cur, tgt,
			    *metric != '\0' ? " " : "", metric);
		else if (!isnan(current))
			g->progress = xasprintf("%s%s%s", cur, *metric != '\0' ? " " : "", metric);
		else
			g->progress = xstrdup("");
		g->percent = g->done ? 100 : goal_percent(col_num(st, 5), current, target);
		if (!g->done)
			continue;
		n = add_note(&x->d->celebrate, &x->d->ncelebrate, x->p->id, x->p->name, 0);
		n->text = *g->progress != '\0' ? xasprintf("reached the goal \xe2\x80\x9c%s\xe2\x80\x9d (%s)",
		    g->title, g->progress) : xasprintf("reached the goal \xe2\x80\x9c%s\xe2\x80\x9d", g->title);
		kudos_hint(x, n, "Congratulations on reaching \xe2\x80\x9c%s\xe2\x80\x9d!", g->title);
	}
	db_done(st);
	return r;
}

static int
person_feedback(struct ctx *x)
{
	sqlite3_stmt		*st;
	struct dg_feedback	*f;
	char			 when[32];
	int			 r, to;

	st = db_query(x->db, "SELECT direction, kind, text, at FROM feedback WHERE person_id = ? "
	    "AND at >= ? AND at < ? ORDER BY at, id", "iii", x->p->id, (int64_t)x->wk->start,
	    (int64_t)x->wk->end);
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		to = strcmp(db_col_text(st, 0), "to_person") == 0;
		if (to && x->praise == NULL && (strcmp(db_col_text(st, 1), "praise") == 0 ||
		    strcmp(db_col_text(st, 1), "kudos") == 0)) {
			x->praise = digest_quote(db_col_text(st, 2), DG_NOTE_QUOTE);
			x->praise_kind = strcmp(db_col_text(st, 1), "kudos") == 0 ? "kudos" : "praise";
		}
		if (x->dp->nfeedback == MAX_FEEDBACK)
			continue;
		x->dp->feedback = xrealloc(x->dp->feedback, (x->dp->nfeedback + 1) * sizeof(*f));
		f = &x->dp->feedback[x->dp->nfeedback++];
		f->to_person = to;
		f->kind = xstrdup(db_col_text(st, 1));
		mail_fmt_date(x->p->tz, (time_t)sqlite3_column_int64(st, 3), 0, when, sizeof(when));
		f->when = xstrdup(when);
		f->quote = digest_quote(db_col_text(st, 2), DG_QUOTE_MAX);
	}
	db_done(st);
	return r;
}

/* "accepted", "declined: comment", "proposed Fri Dec 4 15:00", "no answer yet". */
static int
rsvp_text(struct ctx *x, int64_t review, time_t asof, struct strbuf *sb)
{
	sqlite3_stmt	*st;
	char		 when[64];
	const char	*ps;
	int		 r;

	st = db_query(x->db, "SELECT s.partstat, s.method, s.proposed_start, s.comment FROM rsvps s "
	    "JOIN reviews r ON r.id = s.review_id WHERE s.review_id = ? AND " RSVP_OF_PERSON " AND "
	    "s.at < ? ORDER BY s.at DESC, s.id DESC LIMIT 1", "ii", review, (int64_t)asof);
	if (st == NULL)
		return -1;
	if ((r = db_step(st)) == 1) {
		ps = db_col_text(st, 0);
		if (str_eq_ci(db_col_text(st, 1), "COUNTER") && !db_col_is_null(st, 2)) {
			mail_fmt_date(x->p->tz, (time_t)sqlite3_column_int64(st, 2), 1, when, sizeof(when));
			sb_printf(sb, "proposed %s instead", when);
		} else if (str_eq_ci(ps, "ACCEPTED"))
			sb_adds(sb, "accepted");
		else if (str_eq_ci(ps, "DECLINED"))
			sb_adds(sb, "declined");
		else if (str_eq_ci(ps, "TENTATIVE"))
			sb_adds(sb, "tentative");
		else
			sb_printf(sb, "answered %s", *ps != '\0' ? ps : "(no status)");
	} else if (r == 0)
		sb_adds(sb, "no answer yet");
	db_done(st);
	return r == -1 ? -1 : 0;
}

static int
person_review(struct ctx *x)
{
	sqlite3_stmt	*st;
	struct strbuf	 sb = STRBUF_INIT;
	char		 when[200];
	int64_t		 id = -1;
	time_t		 start = 0;
	int		 r, monthly = 0;

	st = db_query(x->db, "SELECT id, kind, start_at FROM reviews WHERE person_id = ? AND "
	    "status = 'scheduled' AND start_at >= ? ORDER BY start_at LIMIT 1", "ii", x->p->id,
	    (int64_t)x->wk->end);
	if (st == NULL)
		return -1;
	if ((r = db_step(st)) == 1) {
		id = sqlite3_column_int64(st, 0);
		monthly = strcmp(db_col_text(st, 1), "monthly") == 0;
		start = (time_t)sqlite3_column_int64(st, 2);
	}
	db_done(st);
	if (r != 1)
		return r;
	worktime_format_both(start, x->p->tz, x->d->manager_tz, when, sizeof(when));
	if (rsvp_text(x, id, x->wk->end, &sb) == -1) {
		sb_free(&sb);
		return -1;
	}
	x->dp->review_kind = monthly ? "monthly review" : "1:1";
	x->dp->review_when = xstrdup(when);
	x->dp->review_rsvp = sb_take(&sb);
	x->dp->review = xasprintf("%s %s: %s", x->dp->review_kind, when, x->dp->review_rsvp);
	return 0;
}

static const char *const month_names[] = { "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December" };

/* The latest monthly survey, if answered in the 5 weeks before the week's end,
 * with the month before it for comparison. */
static int
person_survey(struct ctx *x)
{
	static const char	*names[] = { "clarity", "support", "workload" };
	sqlite3_stmt		*st;
	struct strbuf		 sb = STRBUF_INIT;
	char			 period[16] = "", *comment = NULL;
	int64_t			 answered = 0;
	int			 v[2][3], n = 0, r = 0, i, mo = 0, shown = 0;

	st = db_query(x->db, "SELECT period, clarity, support, workload, comment, answered_at FROM surveys "
	    "WHERE person_id = ? AND answered_at IS NOT NULL AND answered_at < ? "
	    "ORDER BY period DESC LIMIT 2", "ii", x->p->id, (int64_t)x->wk->end);
	if (st == NULL)
		return -1;
	while (n < 2 && (r = db_step(st)) == 1) {
		for (i = 0; i < 3; i++)
			v[n][i] = db_col_is_null(st, i + 1) ? 0 : sqlite3_column_int(st, i + 1);
		if (n++ > 0)
			continue;
		strlcpy_r(period, db_col_text(st, 0), sizeof(period));
		answered = sqlite3_column_int64(st, 5);
		if (*db_col_text(st, 4) != '\0')
			comment = digest_quote(db_col_text(st, 4), DG_QUOTE_MAX);
	}
	db_done(st);
	if (r == -1 || n == 0 || answered < (int64_t)x->wk->end - 35 * DAY) {
		free(comment);
		return r == -1 ? -1 : 0;
	}
	if (sscanf(period, "%*d-%d", &mo) == 1 && mo >= 1 && mo <= 12)
		sb_printf(&sb, "%s: ", month_names[mo - 1]);
	else
		sb_printf(&sb, "%s: ", period);
	for (i = 0; i < 3; i++) {
		if (v[0][i] == 0)
			continue;
		sb_printf(&sb, "%s%s %d/5", shown++ ? " \xc2\xb7 " : "", names[i], v[0][i]);
		if (n == 2 && v[1][i] > 0 && v[1][i] != v[0][i])
			sb_printf(&sb, " (was %d)", v[1][i]);
	}
	if (!shown)
		sb_adds(&sb, "answered, no scores");
	x->dp->survey = sb_take(&sb);
	x->dp->survey_comment = comment;
	return 0;
}

/* --- needs attention, to celebrate */

static int
note_silent(struct ctx *x, struct dg_note *n)
{
	int64_t	last = 0;
	char	when[32];

	if (db_int(x->db, &last, "SELECT max(answered_at) FROM checkins WHERE person_id = ? AND "
	    "answered_at < ?", "ii", x->p->id, (int64_t)x->wk->end) == -1)
		return -1;
	if (last > 0) {
		mail_fmt_date(x->p->tz, (time_t)last, 0, when, sizeof(when));
		n->text = xasprintf("no check-in answered two weeks in a row (last answer %s)", when);
	} else
		n->text = xstrdup("no check-in answered two weeks in a row (never answered yet)");
	n->hint = xstrdup("a personal word may help more than another reminder");
	return 0;
}

/* The deadlines missed in the 30 days before the week's end, by task:
 * "#3 Clean up the CRM (due Fri Nov 13, then Fri Nov 20), #4 ...". */
static int
note_missed(struct ctx *x, struct dg_note *n)
{
	struct {
		int64_t		 id;
		struct strbuf	 sb;
	}		 v[4];
	sqlite3_stmt	*st;
	struct strbuf	 out = STRBUF_INIT;
	char		 due[32];
	size_t		 nv = 0, i;
	int		 r, more = 0;

	st = db_query(x->db, "SELECT t.id, t.text, h.old_due FROM task_history h JOIN tasks t "
	    "ON t.id = h.task_id WHERE t.person_id = ? AND h.kind = 'missed' AND h.at >= ? AND h.at < ? "
	    "ORDER BY h.at, h.id", "iii", x->p->id, (int64_t)(x->wk->start - MISSED_WINDOW),
	    (int64_t)x->wk->end);
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		fmt_date(db_col_text(st, 2), due, sizeof(due));
		for (i = 0; i < nv && v[i].id != sqlite3_column_int64(st, 0); i++)
			;
		if (i < nv) {
			sb_printf(&v[i].sb, ", then %s", due);
			continue;
		}
		if (nv == nitems(v)) {
			more = 1;
			continue;
		}
		v[nv].id = sqlite3_column_int64(st, 0);
		sb_init(&v[nv].sb, 0);
		sb_printf(&v[nv++].sb, "#%lld %s (due %s", (long long)sqlite3_column_int64(st, 0),
		    db_col_text(st, 1), due);
	}
	db_done(st);
	sb_adds(&out, "a second missed deadline in 30 days:");
	for (i = 0; i < nv; i++) {
		sb_printf(&out, "%s %s)", i > 0 ? "," : "", sb_str(&v[i].sb));
		sb_free(&v[i].sb);
	}
	if (more)
		sb_adds(&out, ", \xe2\x80\xa6");
	n->text = sb_take(&out);
	return r;
}

static int
note_review(struct ctx *x, struct dg_note *n)
{
	sqlite3_stmt	*st;
	char		 when[200], sent[32];
	const char	*what = "1:1";
	int		 r;

	st = db_query(x->db, "SELECT r.kind, r.start_at, r.created_at, (SELECT s.comment FROM rsvps s "
	    "WHERE s.review_id = r.id AND " RSVP_OF_PERSON " AND s.at < ? ORDER BY s.at DESC, s.id DESC "
	    "LIMIT 1) FROM reviews r WHERE r.id = ?", "ii", (int64_t)x->wk->end, x->wk->review_id);
	if (st == NULL)
		return -1;
	if ((r = db_step(st)) == 1) {
		if (strcmp(db_col_text(st, 0), "monthly") == 0)
			what = "monthly review";
		worktime_format_both((time_t)sqlite3_column_int64(st, 1), x->p->tz, x->d->manager_tz, when,
		    sizeof(when));
		mail_fmt_date(x->d->manager_tz, (time_t)sqlite3_column_int64(st, 2), 0, sent, sizeof(sent));
		if (x->wk->review_declined) {
			n->text = xasprintf("declined the %s on %s", what, when);
			if (*db_col_text(st, 3) != '\0')
				n->quote = digest_quote(db_col_text(st, 3), DG_NOTE_QUOTE);
		} else
			n->text = xasprintf("has not answered the invite to the %s on %s (sent %s)", what,
			    when, sent);
	}
	db_done(st);
	if (r == 0)
		n->text = xstrdup("a review invite was declined or not answered");
	return r == -1 ? -1 : 0;
}

static int
note_bounce(struct ctx *x, struct dg_note *n)
{
	sqlite3_stmt	*st;
	const char	*err;
	char		*e;
	int		 r;

	st = db_query(x->db, "SELECT rcpts, last_error FROM outbox WHERE id = ?", "i", x->wk->bounce_id);
	if (st == NULL)
		return -1;
	if ((r = db_step(st)) == 1) {
		err = db_col_text(st, 1);
		if (str_starts_ci(err, "bounced"))
			err += strlen("bounced");
		err += strspn(err, ": ");
		e = digest_quote(*err != '\0' ? err : "no reason given", DG_NOTE_QUOTE);
		n->text = xasprintf("email to %s %s (%s)", db_col_text(st, 0),
		    str_starts_ci(db_col_text(st, 1), "bounced") ? "bounced" : "could not be delivered", e);
		free(e);
	}
	db_done(st);
	if (r != 1)
		n->text = xstrdup("email to them bounced");
	n->hint = xasprintf(strchr(x->dp->first_name, ' ') != NULL ? "rapport person edit \"%s\" --email NEW" :
	    "rapport person edit %s --email NEW", x->dp->first_name);
	return r == -1 ? -1 : 0;
}

static int
notes_attention(struct ctx *x)
{
	struct dg_note	*n;
	char		 mood[16];
	unsigned	 rule;
	int		 i, r = 0;

	for (i = 0; i < DG_NRULES && r == 0; i++) {
		rule = 1u << i;
		if (!(x->wk->attention & rule))
			continue;
		n = add_note(&x->d->attention, &x->d->nattention, x->p->id, x->p->name, rule);
		switch (rule) {
		case DG_SILENT:
			r = note_silent(x, n);
			break;
		case DG_MOOD:
			fmt_num(x->wk->mood, mood, sizeof(mood));
			n->text = xasprintf("mood %s/5, down from an average of %.1f in the weeks before", mood,
			    x->wk->mood_avg);
			break;
		case DG_MISSED:
			r = note_missed(x, n);
			break;
		case DG_CONCERN:
			n->text = x->nconcerns > 1 ? xasprintf("words of concern in the check-in (%d places)",
			    x->nconcerns) : xstrdup("words of concern in the check-in");
			n->quote = x->concern != NULL ? xstrdup(x->concern) : NULL;
			break;
		case DG_REVIEW:
			r = note_review(x, n);
			break;
		case DG_BOUNCE:
			r = note_bounce(x, n);
			break;
		case DG_INBOX:
			n->text = xasprintf("%d message%s from them could not be read (quarantined or failed)",
			    x->wk->inbox_msgs, x->wk->inbox_msgs == 1 ? "" : "s");
			n->hint = xstrdup("rapport inbox list");
			break;
		}
		if (n->text == NULL)
			n->text = xstrdup(digest_rule_name(rule));
	}
	return r;
}

static void
celebrate_tasks(struct ctx *x)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct dg_note	*n;
	struct dg_task	*one = NULL;
	size_t		 i;
	int		 k = 0;

	if (x->dp->n_on_time == 0)
		return;
	n = add_note(&x->d->celebrate, &x->d->ncelebrate, x->p->id, x->p->name, 0);
	if (x->dp->n_on_time == 1)
		sb_adds(&sb, "finished");
	else
		sb_printf(&sb, "finished %d tasks on time:", x->dp->n_on_time);
	for (i = 0; i < x->dp->ntasks; i++) {
		struct dg_task *t = &x->dp->tasks[i];
		if (!t->on_time)
			continue;
		one = t;
		if (k++ == 3) {
			sb_adds(&sb, " \xe2\x80\xa6");
			break;
		}
		/* "done Thu Nov 26, 1 day early" -> "1 day early" */
		sb_printf(&sb, "%s #%lld %s (%s)", k > 1 ? "," : "", (long long)t->id, t->title,
		    strchr(t->state, ',') != NULL ? strchr(t->state, ',') + 2 : t->state);
	}
	n->text = sb_take(&sb);
	if (x->dp->n_on_time == 1 && one != NULL)
		kudos_hint(x, n, "Thank you for finishing \xe2\x80\x9c%s\xe2\x80\x9d %s!", one->title,
		    strstr(one->state, "early") != NULL ? "early" : "on time");
	else
		kudos_hint(x, n, "Thank you for getting %d tasks done on time this week!", x->dp->n_on_time);
}

static void
notes_celebrate(struct ctx *x)
{
	struct dg_note *n;

	celebrate_tasks(x);
	if (x->wk->checkin == DG_ANSWERED && streak_milestone(x->dp->streak)) {
		n = add_note(&x->d->celebrate, &x->d->ncelebrate, x->p->id, x->p->name, 0);
		n->text = xasprintf("answered %d check-ins in a row", x->dp->streak);
		kudos_hint(x, n, "Thank you for checking in %d weeks in a row, it helps me a lot.",
		    x->dp->streak);
	}
	if (x->praise != NULL) {
		n = add_note(&x->d->celebrate, &x->d->ncelebrate, x->p->id, x->p->name, 0);
		n->text = xasprintf("received %s from you", x->praise_kind);
		n->quote = xstrdup(x->praise);
		n->hint = x->dp->review != NULL ? xstrdup("bring it up again at the next 1:1") :
		    xstrdup("bring it up again when you next talk");
	}
}

/* --- building */

static int
build_person(struct db *db, const struct config *c, struct digest *d, const struct person *p,
    const char *first, struct dg_person *dp)
{
	struct ctx	 x;
	struct dg_week	*w;
	int		 y, wk, r;

	memset(&x, 0, sizeof(x));
	x.db = db;
	x.c = c;
	x.d = d;
	x.p = p;
	x.dp = dp;
	if (digest_weeks(db, p, d->period, DG_TREND_WEEKS, &w) == -1)
		return -1;
	memcpy(dp->weeks, w, sizeof(dp->weeks));
	free(w);
	x.wk = &dp->weeks[DG_TREND_WEEKS - 1];
	if (p->created_at >= x.wk->end)
		return 1;	/* not one of the people yet that week */
	(void)worktime_parse_week(d->period, &y, &wk);
	x.monday = iso_monday(y, wk);
	dp->id = p->id;
	dp->name = xstrdup(p->name);
	dp->first_name = xstrdup(first);
	dp->tz = xstrdup(p->tz);
	dp->paused = person_paused_at(p, x.wk->end - 1);
	r = person_checkin(&x);
	if (r == 0)
		r = person_answers(&x);
	if (r == 0)
		r = person_streak(&x);
	if (r == 0)
		r = person_tasks(&x);
	if (r == 0)
		r = person_goals(&x);
	if (r == 0)
		r = person_feedback(&x);
	if (r == 0)
		r = person_review(&x);
	if (r == 0)
		r = person_survey(&x);
	if (r == 0) {
		person_status(&x);
		r = notes_attention(&x);
	}
	if (r == 0)
		notes_celebrate(&x);
	free(x.concern);
	free(x.praise);
	return r;
}

/* Messages from no known person that could not be read this week. */
static int
digest_inbox(struct db *db, struct digest *d)
{
	sqlite3_stmt	*st;
	struct strbuf	 sb = STRBUF_INIT;
	struct dg_note	*n;
	int64_t		 quarantined = 0, failed = 0;
	int		 r, k = 0;

	if (db_int(db, &quarantined, "SELECT count(*) FROM messages WHERE state = 'quarantined' AND "
	    "person_id IS NULL AND received_at >= ? AND received_at < ?", "ii", (int64_t)d->start,
	    (int64_t)d->end) == -1 ||
	    db_int(db, &failed, "SELECT count(*) FROM messages WHERE state = 'failed' AND "
	    "person_id IS NULL AND received_at >= ? AND received_at < ?", "ii", (int64_t)d->start,
	    (int64_t)d->end) == -1)
		return -1;
	if (quarantined + failed == 0)
		return 0;
	if (quarantined > 0)
		sb_printf(&sb, "%lld message%s quarantined", (long long)quarantined, quarantined == 1 ? "" : "s");
	if (failed > 0)
		sb_printf(&sb, "%s%lld could not be read", quarantined > 0 ? ", " : "", (long long)failed);
	st = db_query(db, "SELECT DISTINCT from_addr FROM messages WHERE state IN ('quarantined', 'failed') "
	    "AND person_id IS NULL AND received_at >= ? AND received_at < ? AND from_addr IS NOT NULL "
	    "ORDER BY from_addr LIMIT 4", "ii", (int64_t)d->start, (int64_t)d->end);
	if (st == NULL) {
		sb_free(&sb);
		return -1;
	}
	while ((r = db_step(st)) == 1) {
		sb_adds(&sb, k == 0 ? " (from " : ", ");
		sb_adds(&sb, k < 3 ? db_col_text(st, 0) : "\xe2\x80\xa6");
		k++;
	}
	db_done(st);
	if (k > 0)
		sb_addc(&sb, ')');
	n = add_note(&d->attention, &d->nattention, -1, "Inbox", DG_INBOX);
	n->text = sb_take(&sb);
	n->hint = xstrdup("rapport inbox list");
	return r;
}

static int
digest_failures(struct db *db, struct digest *d)
{
	sqlite3_stmt		*st;
	struct dg_failure	*f;
	int			 r;

	st = db_query(db, "SELECT rcpts, subject, last_error FROM outbox WHERE state = 'failed' AND "
	    "created_at >= ? AND created_at < ? ORDER BY id LIMIT 10", "ii", (int64_t)d->start,
	    (int64_t)d->end);
	if (st == NULL)
		return -1;
	while ((r = db_step(st)) == 1 && d->nfailures < MAX_FAILURES) {
		d->failures = xrealloc(d->failures, (d->nfailures + 1) * sizeof(*d->failures));
		f = &d->failures[d->nfailures++];
		f->to = xstrdup(db_col_text(st, 0));
		f->subject = digest_quote(db_col_text(st, 1), 120);
		f->error = digest_quote(db_col_text(st, 2), DG_NOTE_QUOTE);
	}
	db_done(st);
	return r == -1 ? -1 : 0;
}

/* First names, or the full name where two people share a first name. */
static char **
short_names(const struct person *v, size_t n)
{
	char	**names = xcalloc(n + 1, sizeof(*names)), a[64], b[64];
	size_t	  i, j;
	int	  shared;

	for (i = 0; i < n; i++) {
		mail_first_name(v[i].name, a, sizeof(a));
		for (j = 0, shared = 0; j < n && !shared; j++) {
			mail_first_name(v[j].name, b, sizeof(b));
			shared = j != i && str_eq_ci(a, b);
		}
		names[i] = xstrdup(shared ? v[i].name : a);
	}
	return names;
}

static void
person_free(struct dg_person *dp)
{
	size_t i;

	free(dp->name);
	free(dp->first_name);
	free(dp->tz);
	free(dp->status);
	for (i = 0; i < dp->nanswers; i++)
		free(dp->answers[i].quote);
	free(dp->answers);
	for (i = 0; i < dp->ntasks; i++) {
		free(dp->tasks[i].title);
		free(dp->tasks[i].state);
		free(dp->tasks[i].reason);
	}
	free(dp->tasks);
	for (i = 0; i < dp->ngoals; i++) {
		free(dp->goals[i].title);
		free(dp->goals[i].progress);
	}
	free(dp->goals);
	for (i = 0; i < dp->nfeedback; i++) {
		free(dp->feedback[i].kind);
		free(dp->feedback[i].when);
		free(dp->feedback[i].quote);
	}
	free(dp->feedback);
	free(dp->review);
	free(dp->review_when);
	free(dp->review_rsvp);
	free(dp->survey);
	free(dp->survey_comment);
	memset(dp, 0, sizeof(*dp));
}

static void
notes_free(struct dg_note *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].person);
		free(v[i].text);
		free(v[i].quote);
		free(v[i].hint);
	}
	free(v);
}

void
digest_free(struct digest *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->npeople; i++)
		person_free(&d->people[i]);
	free(d->people);
	notes_free(d->attention, d->nattention);
	notes_free(d->celebrate, d->ncelebrate);
	for (i = 0; i < d->nfailures; i++) {
		free(d->failures[i].to);
		free(d->failures[i].subject);
		free(d->failures[i].error);
	}
	free(d->failures);
	free(d->manager_tz);
	free(d);
}

static int
digest_week(const struct config *c, const char *period, time_t now, struct digest *d,
    char *why, size_t len)
{
	char	a[16], b[16];
	int	y, w;

	if (period == NULL) {
		if (digest_prev_week(c->manager_tz, now, d->period, sizeof(d->period)) == -1) {
			snprintf(why, len, "cannot tell the week in zone '%s'", c->manager_tz);
			return 1;
		}
	} else if (worktime_parse_week(period, &y, &w) == -1 ||
	    strlen(period) >= sizeof(d->period)) {
		snprintf(why, len, "'%s' is not an ISO week such as 2026-W48", period);
		return 1;
	} else
		strlcpy_r(d->period, period, sizeof(d->period));
	if (worktime_parse_week(d->period, &y, &w) == -1 ||
	    worktime_week_bounds(c->manager_tz, y, w, &d->start, &d->end) == -1) {
		snprintf(why, len, "week %s is out of range", d->period);
		return 1;
	}
	fmt_days(iso_monday(y, w), 0, a, sizeof(a));
	fmt_days(iso_monday(y, w) + 6, 0, b, sizeof(b));
	snprintf(d->range, sizeof(d->range), "%s \xe2\x80\x93 %s", a, b);
	return 0;
}

int
digest_build(struct db *db, const struct config *c, const char *period, time_t now,
    struct digest **out, char *why, size_t len)
{
	struct digest	 *d = xcalloc(1, sizeof(*d));
	struct person	 *v = NULL;
	char		**names = NULL;
	size_t		  n = 0, i;
	int		  r;

	*out = NULL;
	d->now = now;
	d->manager_tz = xstrdup(c->manager_tz);
	if ((r = digest_week(c, period, now, d, why, len)) != 0) {
		digest_free(d);
		return r;
	}
	if (person_list(db, 0, &v, &n) == -1) {
		digest_free(d);
		return -1;
	}
	names = short_names(v, n);
	d->people = xcalloc(n + 1, sizeof(*d->people));
	for (i = 0, r = 0; i < n && r != -1; i++) {
		r = build_person(db, c, d, &v[i], names[i], &d->people[d->npeople]);
		if (r == 0) {
			if (d->people[d->npeople].weeks[DG_TREND_WEEKS - 1].checkin == DG_ANSWERED)
				d->answered++;
			d->npeople++;
		} else
			person_free(&d->people[d->npeople]);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	person_list_free(v, n);
	if (r != -1)
		r = digest_inbox(db, d);
	if (r != -1)
		r = digest_failures(db, d);
	if (r == -1) {
		snprintf(why, len, "database: %s", db_errmsg(db));
		digest_free(d);
		return -1;
	}
	*out = d;
	return 0;
}

/* --- the scheduled send */

/* The latest occurrence of the manager's digest rule at or before now, unless
 * it is more than DIGEST_STALE old (the agent was off for days: the next one
 * will do; a week-old digest arriving on a Sunday would only confuse). */
static int
digest_due(const struct config *c, time_t now, time_t *due)
{
	time_t	t = now - 7 * DAY, next;
	int	i;

	*due = 0;
	for (i = 0; i < 64; i++) {
		if (worktime_rrule_next(c->digest_rrule, c->manager_tz, now - 7 * DAY, 8 * 60, t, &next,
		    NULL, 0) != 0 || next > now)
			break;
		*due = next;
		t = next + 60;
	}
	return *due > 0 && now - *due <= DIGEST_STALE ? 0 : 1;
}

/* The digest ends with the commands that fit the week: reply with a line to act. */
static void
add_commands(struct db *db, const struct config *c, const struct digest *d, struct mvalue *data)
{
	struct actions_suggestion	*v;
	struct mvalue			*list, *it;
	size_t				 n, i;

	if (actions_suggest(db, c, d->start, d->end, d->now, &v, &n) == -1)
		return;
	mv_set_bool(data, "has_commands", n > 0);
	list = mv_set_list(data, "commands");
	for (i = 0; i < n; i++) {
		it = mv_push_map(list);
		mv_set_str(it, "line", v[i].line);
	}
	actions_suggest_free(v, n);
}

static int
queue_digest(struct db *db, const struct config *c, const char *week, time_t now)
{
	return digest_queue(db, c, week, now, 1, NULL, 0);
}

int
digest_queue(struct db *db, const struct config *c, const char *week, time_t now, int record,
    char *err, size_t errlen)
{
	struct digest	*d;
	struct mvalue	*data;
	struct mail_out	 o;
	char		 why[256];
	int64_t		 id = -1;
	int		 r;

	if (digest_build(db, c, week, now, &d, why, sizeof(why)) != 0) {
		log_error("digest: %s: %s", week != NULL ? week : "last week", why);
		if (err != NULL)
			snprintf(err, errlen, "%s", why);
		return -1;
	}
	if (record) {
		if (db_run(db, "INSERT INTO digests (period) VALUES (?)", "t", week) != 0) {
			digest_free(d);
			return -1;
		}
		id = db_last_id(db);
	}
	data = mail_base_data(c, NULL);
	digest_data(d, data);
	add_commands(db, c, d, data);
	memset(&o, 0, sizeof(o));
	o.kind = "digest";
	o.ref = id;
	o.tmpl = "digest";
	o.now = now;
	r = mail_queue(db, c, &o, data);
	if (r == 0 && record)
		r = db_run(db, "UPDATE digests SET sent_at = ?, outbox_id = ? WHERE id = ?", "iii",
		    (int64_t)now, o.outbox_id, id);
	if (r == 0)
		r = db_event(db, "digest.queued", -1, id, "%s: %zu people, %zu need attention",
		    week != NULL ? week : "last week", d->npeople, d->nattention);
	mv_free(data);
	digest_free(d);
	return r;
}

int
digest_tick(struct db *db, const struct config *c, time_t now, unsigned *queued)
{
	char	cur[16], week[16];
	time_t	due;
	int64_t	id, n = 0;
	int	r;

	if (digest_due(c, now, &due) != 0)
		return 0;
	if (worktime_week_label(c->manager_tz, due, cur, sizeof(cur)) == -1 ||
	    digest_week_add(cur, -1, week, sizeof(week)) == -1)
		return -1;
	if ((r = db_int(db, &id, "SELECT id FROM digests WHERE period = ?", "t", week)) != 1)
		return r == -1 ? -1 : 0;	/* already queued */
	if (db_int(db, &n, "SELECT count(*) FROM people WHERE active = 1 AND created_at <= ?", "i",
	    (int64_t)due) == -1)
		return -1;
	if (n == 0)
		return 0;	/* nobody to report on when it fell due */
	if (db_begin(db) == -1)
		return -1;
	if (queue_digest(db, c, week, now) == 0 && db_commit(db) == 0) {
		(*queued)++;
		log_info("digest: queued the digest for %s", week);
		return 0;
	}
	db_rollback(db);
	return -1;
}
