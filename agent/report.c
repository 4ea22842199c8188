/* report.c: the weekly figures over a range of weeks; see report.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "digest.h"
#include "json.h"
#include "people.h"
#include "report.h"
#include "strbuf.h"
#include "table.h"
#include "util.h"

static const char *const checkin_names[] = { "none", "unanswered", "answered" };

int
report_format_parse(const char *s, enum report_format *f)
{
	if (strcmp(s, "text") == 0)
		*f = REPORT_TEXT;
	else if (strcmp(s, "json") == 0)
		*f = REPORT_JSON;
	else if (strcmp(s, "csv") == 0)
		*f = REPORT_CSV;
	else
		return -1;
	return 0;
}

/* "silent,mood" (buf >= 64), or "-" when no rule held. */
static void
rules_str(unsigned a, char sep, char *buf, size_t len)
{
	size_t	used = 0;
	int	i;

	*buf = '\0';
	for (i = 0; i < DG_NRULES; i++) {
		if (!(a & (1u << i)))
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? (sep == ',' ? "," : ";") : "",
		    digest_rule_name(1u << i));
		if (used >= len)
			break;
	}
	if (*buf == '\0')
		strlcpy_r(buf, "-", len);
}

static void
num_str(double v, char *buf, size_t len)
{
	if (isnan(v))
		strlcpy_r(buf, "-", len);
	else
		snprintf(buf, len, "%.5g", v);
}

static void
hours_str(const struct dg_week *w, char *buf, size_t len)
{
	if (isnan(w->hours))
		strlcpy_r(buf, "-", len);
	else if (isnan(w->hours_max))
		snprintf(buf, len, "%.5g", w->hours);
	else
		snprintf(buf, len, "%.5g-%.5g", w->hours, w->hours_max);
}

/* The weeks that ended after the person was added. */
static size_t
first_week(const struct person *p, const struct dg_week *w, int n)
{
	int i;

	for (i = 0; i < n && w[i].end <= (time_t)p->created_at; i++)
		;
	return (size_t)i;
}

struct totals {
	int	 weeks, checkins, answered, done, on_time, due, missed, fb_to, fb_from;
	int	 rules[DG_NRULES];
	double	 hours, mood;
	int	 nhours, nmood;
};

static void
add_totals(struct totals *t, const struct dg_week *w)
{
	int i;

	t->weeks++;
	t->checkins += w->checkin != DG_NONE;
	t->answered += w->checkin == DG_ANSWERED;
	t->done += w->tasks_done;
	t->on_time += w->tasks_on_time;
	t->due += w->tasks_due;
	t->missed += w->missed;
	t->fb_to += w->fb_to;
	t->fb_from += w->fb_from;
	if (!isnan(w->hours)) {
		t->hours += isnan(w->hours_max) ? w->hours : (w->hours + w->hours_max) / 2;
		t->nhours++;
	}
	if (!isnan(w->mood)) {
		t->mood += w->mood;
		t->nmood++;
	}
	for (i = 0; i < DG_NRULES; i++)
		t->rules[i] += (w->attention & (1u << i)) != 0;
}

/* --- text */

static void
text_person(const struct person *p, const struct dg_week *w, int n, FILE *fp)
{
	static const char *const hdr[] = { "week", "check-in", "hours", "mood", "done", "on time", "due",
	    "missed", "feedback", "attention" };
	struct table	*t = table_new(10, hdr);
	struct totals	 tot;
	char		 c[10][64];
	const char	*cells[10];
	size_t		 i, k;

	memset(&tot, 0, sizeof(tot));
	for (k = 0; k < 10; k++)
		cells[k] = c[k];
	for (i = first_week(p, w, n); i < (size_t)n; i++) {
		add_totals(&tot, &w[i]);
		strlcpy_r(c[0], w[i].period, sizeof(c[0]));
		strlcpy_r(c[1], checkin_names[w[i].checkin], sizeof(c[1]));
		hours_str(&w[i], c[2], sizeof(c[2]));
		num_str(w[i].mood, c[3], sizeof(c[3]));
		snprintf(c[4], sizeof(c[4]), "%d", w[i].tasks_done);
		snprintf(c[5], sizeof(c[5]), "%d", w[i].tasks_on_time);
		snprintf(c[6], sizeof(c[6]), "%d", w[i].tasks_due);
		snprintf(c[7], sizeof(c[7]), "%d", w[i].missed);
		snprintf(c[8], sizeof(c[8]), "%d/%d", w[i].fb_to, w[i].fb_from);
		rules_str(w[i].attention, ',', c[9], sizeof(c[9]));
		table_row(t, cells);
	}
	fprintf(fp, "%s (%s)\n", p->name, p->tz);
	if (tot.weeks == 0)
		fprintf(fp, "  no weeks in this range since they were added\n\n");
	else {
		table_print(t, fp);
		fprintf(fp, "answered %d of %d check-ins", tot.answered, tot.checkins);
		if (tot.nhours > 0)
			fprintf(fp, "; %.1f hours a week on average", tot.hours / tot.nhours);
		if (tot.nmood > 0)
			fprintf(fp, "; mood %.1f on average", tot.mood / tot.nmood);
		fprintf(fp, "; %d tasks done (%d on time), %d missed deadlines\n\n", tot.done, tot.on_time,
		    tot.missed);
	}
	table_free(t);
}

/* --- JSON */

static void
json_maybe(struct json *j, const char *key, double v)
{
	if (isnan(v))
		json_null(j, key);
	else
		json_num(j, key, v);
}

static void
json_week(struct json *j, const struct dg_week *w)
{
	char	ts[32];
	int	i;

	json_obj_begin(j, NULL);
	json_str(j, "week", w->period);
	json_str(j, "checkin", checkin_names[w->checkin]);
	if (w->answered_at > 0) {
		fmt_iso_utc(w->answered_at, ts, sizeof(ts));
		json_str(j, "answered_at", ts);
	} else
		json_null(j, "answered_at");
	json_maybe(j, "hours", w->hours);
	json_maybe(j, "hours_max", w->hours_max);
	json_maybe(j, "mood", w->mood);
	json_int(j, "concerns", w->concerns);
	json_int(j, "tasks_done", w->tasks_done);
	json_int(j, "tasks_on_time", w->tasks_on_time);
	json_int(j, "tasks_due", w->tasks_due);
	json_int(j, "missed", w->missed);
	json_int(j, "goals_done", w->goals_done);
	json_int(j, "feedback_to", w->fb_to);
	json_int(j, "feedback_from", w->fb_from);
	json_int(j, "praise", w->praise);
	json_arr_begin(j, "attention");
	for (i = 0; i < DG_NRULES; i++)
		if (w->attention & (1u << i))
			json_str(j, NULL, digest_rule_name(1u << i));
	json_arr_end(j);
	json_obj_end(j);
}

static void
json_person(struct json *j, const struct person *p, const struct dg_week *w, int n)
{
	struct totals	tot;
	size_t		i;
	int		k;

	memset(&tot, 0, sizeof(tot));
	json_obj_begin(j, NULL);
	json_int(j, "id", p->id);
	json_str(j, "name", p->name);
	json_str(j, "tz", p->tz);
	json_arr_begin(j, "weeks");
	for (i = first_week(p, w, n); i < (size_t)n; i++) {
		add_totals(&tot, &w[i]);
		json_week(j, &w[i]);
	}
	json_arr_end(j);
	json_obj_begin(j, "totals");
	json_int(j, "weeks", tot.weeks);
	json_int(j, "checkins", tot.checkins);
	json_int(j, "answered", tot.answered);
	json_maybe(j, "hours_avg", tot.nhours > 0 ? tot.hours / tot.nhours : NAN);
	json_maybe(j, "mood_avg", tot.nmood > 0 ? tot.mood / tot.nmood : NAN);
	json_int(j, "tasks_done", tot.done);
	json_int(j, "tasks_on_time", tot.on_time);
	json_int(j, "tasks_due", tot.due);
	json_int(j, "missed", tot.missed);
	json_int(j, "feedback_to", tot.fb_to);
	json_int(j, "feedback_from", tot.fb_from);
	json_obj_begin(j, "attention");
	for (k = 0; k < DG_NRULES; k++)
		json_int(j, digest_rule_name(1u << k), tot.rules[k]);
	json_obj_end(j);
	json_obj_end(j);
	json_obj_end(j);
}

/* --- CSV (RFC 4180) */

static void
csv_field(FILE *fp, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

static void
csv_person(const struct person *p, const struct dg_week *w, int n, FILE *fp)
{
	char	a[32], h[64], m[32], r[128];
	size_t	i;

	for (i = first_week(p, w, n); i < (size_t)n; i++) {
		if (w[i].answered_at > 0)
			fmt_iso_utc(w[i].answered_at, a, sizeof(a));
		else
			*a = '\0';
		hours_str(&w[i], h, sizeof(h));
		num_str(w[i].mood, m, sizeof(m));
		rules_str(w[i].attention, ';', r, sizeof(r));
		fprintf(fp, "%lld,", (long long)p->id);
		csv_field(fp, p->name);
		fprintf(fp, ",%s,%s,%s,%s,%s,%d,%d,%d,%d,%d,%d,%d,%d,%d,%s\r\n", w[i].period,
		    checkin_names[w[i].checkin], a, strcmp(h, "-") == 0 ? "" : h,
		    strcmp(m, "-") == 0 ? "" : m, w[i].concerns, w[i].tasks_done, w[i].tasks_on_time,
		    w[i].tasks_due, w[i].missed, w[i].goals_done, w[i].fb_to, w[i].fb_from, w[i].praise,
		    strcmp(r, "-") == 0 ? "" : r);
	}
}

int
report_write(struct db *db, const struct person *people, size_t n, const char *last, int weeks,
    enum report_format f, FILE *fp)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;
	struct dg_week	*w;
	char		 first[16];
	size_t		 i;
	int		 r = 0;

	if (digest_week_add(last, -(weeks - 1), first, sizeof(first)) == -1)
		return -1;
	if (f == REPORT_JSON) {
		json_init(&j, &sb, 1);
		json_obj_begin(&j, NULL);
		json_str(&j, "from", first);
		json_str(&j, "to", last);
		json_int(&j, "weeks", weeks);
		json_arr_begin(&j, "people");
	} else if (f == REPORT_CSV)
		fputs("person_id,person,week,checkin,answered_at,hours,mood,concerns,tasks_done,"
		    "tasks_on_time,tasks_due,missed,goals_done,feedback_to,feedback_from,praise,attention\r\n", fp);
	else
		fprintf(fp, "Weeks %s to %s (each person's own weeks, in their time zone)\n\n", first, last);
	for (i = 0; i < n && r == 0; i++) {
		if ((r = digest_weeks(db, &people[i], last, weeks, &w)) == -1)
			break;
		if (f == REPORT_JSON)
			json_person(&j, &people[i], w, weeks);
		else if (f == REPORT_CSV)
			csv_person(&people[i], w, weeks, fp);
		else
			text_person(&people[i], w, weeks, fp);
		free(w);
		if (f == REPORT_JSON && sb.len > 65536) {	/* stream it */
			fwrite(sb.s, 1, sb.len, fp);
			sb_truncate(&sb, 0);
		}
	}
	if (f == REPORT_JSON) {
		json_arr_end(&j);
		json_obj_end(&j);
		sb_addc(&sb, '\n');
		if (r == 0)
			fwrite(sb_str(&sb), 1, sb.len, fp);
		sb_free(&sb);
	}
	return r;
}
