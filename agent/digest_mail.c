/*
 * digest_mail.c: the digest as template data for templates/digest.*, and
 * its rendering; see digest.h.
 *
 * The plain-text part is laid out here (wrapped at 72 columns, with
 * sparklines), because mustache cannot wrap or align; the template decides
 * what goes where. The HTML charts are tables of coloured cells whose sizes
 * are computed here: Gmail, Outlook and Apple Mail all draw a table cell with
 * a width, a height and a bgcolor, and nothing fancier survives all three.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "digest.h"
#include "mail.h"
#include "mustache.h"
#include "strbuf.h"
#include "templates.h"
#include "util.h"

#define TXT_WIDTH	72
#define BAR_HEIGHT	32	/* px, the tallest bar of a trend chart */
#define TASK_BAR_WIDTH	180	/* px */
#define GOAL_BAR_WIDTH	120	/* px */

#define C_NONE		"#e6e8eb"
#define C_HOURS		"#9ec5f0"
#define C_HOURS_NOW	"#0969da"
#define C_DONE		"#2da44e"
#define C_LATE		"#cf222e"
#define C_OPEN		"#0969da"

static const char *const mood_colors[] = { "#cf222e", "#e16f24", "#d4a72c", "#57ab5a", "#2da44e" };
static const char *const spark[] = { "\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
    "\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88" };
#define NO_DATA		"\xc2\xb7"	/* a middle dot where a week has no answer */
#define ELLIPSIS	"\xe2\x80\xa6"
#define LQ		"\xe2\x80\x9c"
#define RQ		"\xe2\x80\x9d"

/* Round half up, for chart sizes (no libm). */
static int
iround(double x)
{
	return x < 0 ? -(int)(-x + 0.5) : (int)(x + 0.5);
}

static char *
take(struct strbuf *sb)
{
	char *s = sb_detach(sb, NULL);

	return s != NULL ? s : xstrdup("");
}

/* Columns (code points) of s[0..n). */
static int
cols(const char *s, size_t n)
{
	size_t	i;
	int	c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

static int
is_sp(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * Append text wrapped at TXT_WIDTH: the first line continues from column
 * col, later lines start with indent spaces. The person's line breaks and
 * each line's leading blanks are kept; only the blanks where a line is
 * wrapped change.
 */
static void
wrap(struct strbuf *sb, const char *text, int col, int indent)
{
	const char	*p = text, *eol, *w, *we;
	int		 first = 1, start, n;

	for (;;) {
		if ((eol = strchr(p, '\n')) == NULL)
			eol = p + strlen(p);
		if (!first) {
			sb_addc(sb, '\n');
			col = 0;
			if (eol > p) {
				sb_printf(sb, "%*s", indent, "");
				col = indent;
			}
		}
		first = 0;
		for (w = p; w < eol && is_sp(*w); w++)
			;
		sb_add(sb, p, (size_t)(w - p));
		col += (int)(w - p);
		start = col;
		while (w < eol) {
			for (we = w; we < eol && !is_sp(*we); we++)
				;
			n = cols(w, (size_t)(we - w));
			if (col > start && col + 1 + n > TXT_WIDTH) {
				sb_printf(sb, "\n%*s", indent, "");
				col = start = indent;
			} else if (col > start) {
				sb_addc(sb, ' ');
				col++;
			}
			sb_add(sb, w, (size_t)(we - w));
			col += n;
			for (w = we; w < eol && is_sp(*w); w++)
				;
		}
		if (*eol == '\0')
			break;
		p = eol + 1;
	}
}

static char *
wrapped(const char *prefix, const char *text, int indent)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*last = strrchr(prefix, '\n');

	last = last != NULL ? last + 1 : prefix;
	sb_adds(&sb, prefix);
	wrap(&sb, text, cols(last, strlen(last)), indent);
	return take(&sb);
}

/* "38", "37.5", or a range "30–35" (buf >= 40). */
static void
fmt_hours(const struct dg_week *w, char *buf, size_t len)
{
	if (isnan(w->hours))
		*buf = '\0';
	else if (isnan(w->hours_max))
		snprintf(buf, len, "%.5g", w->hours);
	else
		snprintf(buf, len, "%.5g\xe2\x80\x93%.5g", w->hours, w->hours_max);
}

static double
hours_mid(const struct dg_week *w)
{
	return isnan(w->hours_max) ? w->hours : (w->hours + w->hours_max) / 2;
}

/* --- notes */

static void
notes_data(struct mvalue *list, const struct dg_note *v, size_t n, const char *mark)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct mvalue	*m;
	char		*s, *prefix;
	size_t		 i;

	for (i = 0; i < n; i++) {
		m = mv_push_map(list);
		mv_set_str(m, "person", v[i].person);
		mv_set_str(m, "text", v[i].text);
		if (v[i].quote != NULL)
			mv_set_str(m, "quote", v[i].quote);
		if (v[i].hint != NULL) {
			mv_set_str(m, "hint", v[i].hint);
			/* a line to send back or run, shown as code */
			mv_set_bool(m, "command", strncmp(v[i].hint, "kudos ", 6) == 0 ||
			    strncmp(v[i].hint, "rapport ", 8) == 0);
		}
		if (v[i].rule != 0)
			mv_set_str(m, "rule", digest_rule_name(v[i].rule));
		prefix = xasprintf("  %s %s: ", mark, v[i].person);
		s = wrapped(prefix, v[i].text, 6);
		sb_adds(&sb, s);
		free(s);
		free(prefix);
		if (v[i].quote != NULL) {
			s = xasprintf(LQ "%s" RQ, v[i].quote);
			sb_adds(&sb, "\n      ");
			wrap(&sb, s, 6, 7);
			free(s);
		}
		if (v[i].hint != NULL) {
			sb_adds(&sb, "\n      \xe2\x86\x92 ");
			wrap(&sb, v[i].hint, 8, 8);
		}
		mv_set(m, "line_txt", mv_str(sb_str(&sb)));
		sb_reset(&sb);
	}
	sb_free(&sb);
}

/* --- trends */

static void
trend_txt(struct mvalue *pm, const char *key, const struct dg_person *p, int mood)
{
	struct strbuf	 sb = STRBUF_INIT;
	const struct dg_week *w;
	char		 v[48];
	double		 max = 1, x;
	int		 i, lvl, any = 0;

	for (i = 0; i < DG_TREND_WEEKS; i++) {
		w = &p->weeks[i];
		x = mood ? w->mood : (isnan(w->hours_max) ? w->hours : w->hours_max);
		if (!isnan(x) && x > max)
			max = x;
		any |= !isnan(x);
	}
	if (!any)
		return;
	w = &p->weeks[DG_TREND_WEEKS - 1];
	if (mood)
		snprintf(v, sizeof(v), isnan(w->mood) ? "\xe2\x80\x93" : "%.0f/5", w->mood);
	else {
		fmt_hours(w, v, sizeof(v));
		if (*v == '\0')
			snprintf(v, sizeof(v), "\xe2\x80\x93");
	}
	sb_printf(&sb, "%-8s%s%*s", mood ? "Mood" : "Hours", v, 8 - cols(v, strlen(v)), "");
	for (i = 0; i < DG_TREND_WEEKS; i++) {
		w = &p->weeks[i];
		x = mood ? w->mood : hours_mid(w);
		if (isnan(x)) {
			sb_adds(&sb, NO_DATA);
			continue;
		}
		lvl = mood ? iround((x - 1) / 4 * 7) : iround(x / max * 7);
		sb_adds(&sb, spark[lvl < 0 ? 0 : lvl > 7 ? 7 : lvl]);
	}
	sb_adds(&sb, "  8 weeks:");
	for (i = 0; i < DG_TREND_WEEKS; i++) {
		w = &p->weeks[i];
		x = mood ? w->mood : hours_mid(w);
		if (isnan(x))
			sb_adds(&sb, " \xe2\x80\x93");
		else
			sb_printf(&sb, " %.0f", x);
	}
	mv_set(pm, key, mv_str(sb_str(&sb)));
	sb_free(&sb);
}

static void
trend_chart(struct mvalue *pm, const char *key, const struct dg_person *p, int mood)
{
	struct mvalue	*list = mv_set_list(pm, key), *b;
	const struct dg_week *w;
	char		 v[48];
	double		 max = 40, x;
	int		 i, h;

	for (i = 0; i < DG_TREND_WEEKS && !mood; i++)
		if (!isnan(hours_mid(&p->weeks[i])) && hours_mid(&p->weeks[i]) > max)
			max = hours_mid(&p->weeks[i]);
	for (i = 0; i < DG_TREND_WEEKS; i++) {
		w = &p->weeks[i];
		b = mv_push_map(list);
		mv_set_str(b, "label", w->period + 6);	/* "48" of 2026-W48 */
		x = mood ? w->mood : hours_mid(w);
		if (isnan(x)) {
			mv_set_int(b, "height", 2);
			mv_set_str(b, "color", C_NONE);
			mv_set_str(b, "value", "no answer");
			continue;
		}
		h = mood ? iround(x / 5 * BAR_HEIGHT) : iround(x / max * BAR_HEIGHT);
		h = h < 2 ? 2 : h > BAR_HEIGHT ? BAR_HEIGHT : h;
		mv_set_int(b, "height", h);
		if (mood) {
			mv_set_str(b, "color", mood_colors[x < 1 ? 0 : x > 5 ? 4 : iround(x) - 1]);
			snprintf(v, sizeof(v), "mood %.0f/5", x);
		} else {
			mv_set_str(b, "color", i == DG_TREND_WEEKS - 1 ? C_HOURS_NOW : C_HOURS);
			fmt_hours(w, v, sizeof(v));
			strlcpy_r(v + strlen(v), " h", sizeof(v) - strlen(v));
		}
		mv_set_str(b, "value", v);
	}
}

/* --- tasks, goals, feedback */

static void
bar_segment(struct mvalue *list, int width, const char *color, const char *label)
{
	struct mvalue *s;

	if (width <= 0)
		return;
	s = mv_push_map(list);
	mv_set_int(s, "width", width);
	mv_set_str(s, "color", color);
	mv_set_str(s, "label", label);
}

static void
tasks_data(struct mvalue *pm, const struct dg_person *p)
{
	static const char *marks[] = { "", "\xe2\x9c\x93", "!", "\xe2\x86\x92", "\xc2\xb7" };
	struct strbuf	 sb = STRBUF_INIT;
	struct mvalue	*list, *t, *bar;
	char		*s, *prefix;
	size_t		 i;
	int		 total = p->n_done + p->n_overdue + p->n_due, w[3], k;

	if (p->n_done > 0)
		sb_printf(&sb, "%d done", p->n_done);
	if (p->n_done > 0 && p->n_on_time < p->n_done)
		sb_printf(&sb, " (%d on time)", p->n_on_time);
	if (p->n_overdue > 0)
		sb_printf(&sb, "%s%d overdue", sb.len ? " \xc2\xb7 " : "", p->n_overdue);
	if (p->n_due > 0)
		sb_printf(&sb, "%s%d due next week", sb.len ? " \xc2\xb7 " : "", p->n_due);
	if (p->n_open_later > 0)
		sb_printf(&sb, "%s%d later", sb.len ? " \xc2\xb7 " : "", p->n_open_later);
	mv_set_str(pm, "tasks_summary", sb_str(&sb));
	sb_reset(&sb);
	mv_set_bool(pm, "has_tasks", p->ntasks > 0);
	list = mv_set_list(pm, "tasks");
	for (i = 0; i < p->ntasks; i++) {
		const struct dg_task *x = &p->tasks[i];
		t = mv_push_map(list);
		mv_set_int(t, "id", x->id);
		mv_set_str(t, "title", x->title);
		mv_set_str(t, "state", x->state);
		if (x->reason != NULL)
			mv_set_str(t, "reason", x->reason);
		mv_set_bool(t, "done", x->kind == DG_T_DONE);
		mv_set_bool(t, "overdue", x->kind == DG_T_OVERDUE);
		mv_set_bool(t, "moved", x->kind == DG_T_MOVED);
		mv_set_bool(t, "due", x->kind == DG_T_DUE);
		mv_set_str(t, "mark", marks[x->kind]);
		s = xasprintf("%s \xe2\x80\x94 %s%s%s%s", x->title, x->state, x->reason != NULL ? ": " LQ : "",
		    x->reason != NULL ? x->reason : "", x->reason != NULL ? RQ : "");
		prefix = xasprintf("    %s #%lld ", marks[x->kind], (long long)x->id);
		sb_adds(&sb, prefix);
		wrap(&sb, s, cols(prefix, strlen(prefix)), 8);
		mv_set(t, "line_txt", mv_str(sb_str(&sb)));
		sb_reset(&sb);
		free(prefix);
		free(s);
	}
	sb_free(&sb);
	mv_set_bool(pm, "has_task_bar", total > 0);
	bar = mv_set_list(pm, "task_bar");
	if (total == 0)
		return;
	w[0] = p->n_done * TASK_BAR_WIDTH / total;
	w[1] = p->n_overdue * TASK_BAR_WIDTH / total;
	w[2] = TASK_BAR_WIDTH - w[0] - w[1];
	if (p->n_due == 0) {		/* give the rounding to the last segment shown */
		k = p->n_overdue > 0 ? 1 : 0;
		w[k] += w[2];
		w[2] = 0;
	}
	bar_segment(bar, w[0], C_DONE, "done");
	bar_segment(bar, w[1], C_LATE, "overdue");
	bar_segment(bar, w[2], C_OPEN, "due next week");
}

static void
goals_data(struct mvalue *pm, const struct dg_person *p)
{
	struct mvalue	*list, *g, *bar;
	struct strbuf	 sb = STRBUF_INIT;
	size_t		 i;
	int		 fill;

	mv_set_bool(pm, "has_goals", p->ngoals > 0);
	list = mv_set_list(pm, "goals");
	for (i = 0; i < p->ngoals; i++) {
		const struct dg_goal *x = &p->goals[i];
		g = mv_push_map(list);
		mv_set_str(g, "title", x->title);
		mv_set_str(g, "progress", x->progress);
		mv_set_bool(g, "done", x->done);
		mv_set_bool(g, "has_percent", x->percent >= 0);
		if (x->percent >= 0)
			mv_set_strf(g, "percent", "%d%%", x->percent);
		bar = mv_set_list(g, "bar");
		if (x->percent >= 0) {
			fill = x->percent * GOAL_BAR_WIDTH / 100;
			bar_segment(bar, fill, x->done ? C_DONE : C_OPEN, "done");
			bar_segment(bar, GOAL_BAR_WIDTH - fill, C_NONE, "to go");
		}
		sb_printf(&sb, "    %s %s", x->done ? "\xe2\x9c\x93" : "\xc2\xb7", x->title);
		if (*x->progress != '\0')
			sb_printf(&sb, ": %s", x->progress);
		if (x->done)
			sb_adds(&sb, ", reached this week");
		else if (x->percent >= 0)
			sb_printf(&sb, " (%d%%)", x->percent);
		mv_set(g, "line_txt", mv_str(sb_str(&sb)));
		sb_reset(&sb);
	}
	sb_free(&sb);
}

static void
feedback_data(struct mvalue *pm, const struct dg_person *p)
{
	struct mvalue	*list, *f;
	char		*who, *prefix, *s;
	size_t		 i;

	mv_set_bool(pm, "has_feedback", p->nfeedback > 0);
	list = mv_set_list(pm, "feedback");
	for (i = 0; i < p->nfeedback; i++) {
		const struct dg_feedback *x = &p->feedback[i];
		f = mv_push_map(list);
		who = x->to_person ? xasprintf("You \xe2\x86\x92 %s", p->first_name) :
		    xasprintf("%s \xe2\x86\x92 you", p->first_name);
		mv_set_str(f, "who", who);
		mv_set_str(f, "kind", x->kind);
		mv_set_str(f, "when", x->when);
		templates_set_text(f, "quote", x->quote);
		prefix = xasprintf("    %s (%s, %s): ", who, x->kind, x->when);
		s = xasprintf(LQ "%s" RQ, x->quote);
		free(who);
		who = wrapped(prefix, s, 6);
		mv_set(f, "line_txt", mv_str(who));
		free(who);
		free(prefix);
		free(s);
	}
}

static void
survey_data(struct mvalue *pm, const struct dg_person *p)
{
	struct strbuf	 sb = STRBUF_INIT;
	char		*s;

	mv_set_str(pm, "survey", p->survey);
	s = wrapped("  Survey, ", p->survey, 4);
	sb_adds(&sb, s);
	free(s);
	if (p->survey_comment != NULL) {
		templates_set_text(pm, "survey_comment", p->survey_comment);
		s = xasprintf(LQ "%s" RQ, p->survey_comment);
		sb_adds(&sb, "\n    ");
		wrap(&sb, s, 4, 5);
		free(s);
	}
	mv_set(pm, "survey_txt", mv_str(sb_str(&sb)));
	sb_free(&sb);
}

static void
person_data(struct mvalue *pm, const struct dg_person *p)
{
	const struct dg_week	*w = &p->weeks[DG_TREND_WEEKS - 1];
	struct mvalue		*list, *a;
	char			 v[48], *s;
	size_t			 i;
	int			 any = 0;

	mv_set_str(pm, "name", p->name);
	mv_set_str(pm, "first_name", p->first_name);
	mv_set_str(pm, "tz", p->tz);
	mv_set_str(pm, "status", p->status);
	mv_set_bool(pm, "answered", w->checkin == DG_ANSWERED);
	mv_set_bool(pm, "is_new", p->is_new);
	mv_set_bool(pm, "paused", p->paused);
	mv_set_int(pm, "streak", p->streak);
	for (i = 0; i < p->nanswers && strcmp(p->answers[i].key, "blockers") != 0; i++)
		;
	/* "none" alone, unless the person's own words about blockers are shown */
	mv_set_bool(pm, "blockers_none", p->blockers_none && i == p->nanswers);
	mv_set_bool(pm, "has_answers", p->nanswers > 0 || p->blockers_none);
	list = mv_set_list(pm, "answers");
	for (i = 0; i < p->nanswers; i++) {
		a = mv_push_map(list);
		mv_set_str(a, "key", p->answers[i].key);
		mv_set_str(a, "label", p->answers[i].label);
		templates_set_text(a, "quote", p->answers[i].quote);
		s = wrapped("    ", p->answers[i].quote, 4);
		mv_set(a, "quote_txt", mv_str(s));
		free(s);
	}
	fmt_hours(w, v, sizeof(v));
	if (*v != '\0')
		mv_set_str(pm, "hours", v);
	if (!isnan(w->mood))
		mv_set_strf(pm, "mood", "%.0f", w->mood);
	for (i = 0; i < DG_TREND_WEEKS; i++)
		any |= !isnan(p->weeks[i].hours) || !isnan(p->weeks[i].mood);
	mv_set_bool(pm, "has_trends", any);
	trend_txt(pm, "hours_txt", p, 0);
	trend_txt(pm, "mood_txt", p, 1);
	trend_chart(pm, "hours_chart", p, 0);
	trend_chart(pm, "mood_chart", p, 1);
	tasks_data(pm, p);
	goals_data(pm, p);
	feedback_data(pm, p);
	if (p->review != NULL) {
		mv_set_str(pm, "review", p->review);
		mv_set_str(pm, "review_kind", p->review_kind);
		mv_set_str(pm, "review_when", p->review_when);
		mv_set_str(pm, "review_rsvp", p->review_rsvp);
		s = xasprintf("  Next %s: %s\n    %s", p->review_kind, p->review_rsvp, p->review_when);
		mv_set(pm, "review_txt", mv_str(s));
		free(s);
	}
	s = wrapped("", p->status, 2);
	mv_set(pm, "status_txt", mv_str(s));
	free(s);
	mv_set_bool(pm, "attention", w->attention != 0);
	if (p->survey != NULL)
		survey_data(pm, p);
}

void
digest_data(const struct digest *d, struct mvalue *m)
{
	struct mvalue	*t, *list, *f;
	struct strbuf	 sb = STRBUF_INIT;
	char		*s, *prefix;
	size_t		 i;

	mv_set_str(m, "period", d->period);
	mv_set_str(m, "range", d->range);
	t = mv_set_map(m, "totals");
	mv_set_int(t, "people", (long long)d->npeople);
	mv_set_int(t, "answered", d->answered);
	mv_set_int(t, "tasks_done", d->tasks_done);
	mv_set_int(t, "tasks_overdue", d->tasks_overdue);
	if (d->npeople == 0)
		sb_adds(&sb, "No one to report on this week.");
	else {
		sb_printf(&sb, "%d of %zu %s answered the check-in", d->answered, d->npeople,
		    d->npeople == 1 ? "person" : "people");
		if (d->tasks_done > 0)
			sb_printf(&sb, " \xc2\xb7 %d task%s done", d->tasks_done, d->tasks_done == 1 ? "" : "s");
		if (d->tasks_overdue > 0)
			sb_printf(&sb, " \xc2\xb7 %d overdue", d->tasks_overdue);
		sb_addc(&sb, '.');
	}
	mv_set_str(m, "summary", sb_str(&sb));
	s = xasprintf("Your digest for %s (%s). %s", d->period, d->range, sb_str(&sb));
	prefix = wrapped("", s, 0);
	mv_set(m, "intro_txt", mv_str(prefix));
	free(prefix);
	free(s);
	sb_free(&sb);
	mv_set_bool(m, "has_attention", d->nattention > 0);
	mv_set_int(m, "attention_count", (long long)d->nattention);
	mv_set_strf(m, "attention_phrase", "%zu %s attention", d->nattention,
	    d->nattention == 1 ? "needs" : "need");
	notes_data(mv_set_list(m, "attention"), d->attention, d->nattention, "!");
	mv_set_bool(m, "has_celebrate", d->ncelebrate > 0);
	mv_set_int(m, "celebrate_count", (long long)d->ncelebrate);
	notes_data(mv_set_list(m, "celebrate"), d->celebrate, d->ncelebrate, "*");
	mv_set_bool(m, "has_people", d->npeople > 0);
	list = mv_set_list(m, "people");
	for (i = 0; i < d->npeople; i++)
		person_data(mv_push_map(list), &d->people[i]);
	mv_set_bool(m, "has_failures", d->nfailures > 0);
	list = mv_set_list(m, "failures");
	for (i = 0; i < d->nfailures; i++) {
		f = mv_push_map(list);
		mv_set_str(f, "to", d->failures[i].to);
		mv_set_str(f, "subject", d->failures[i].subject);
		mv_set_str(f, "error", d->failures[i].error);
		prefix = xasprintf("  - to %s, \"%s\":\n    ", d->failures[i].to, d->failures[i].subject);
		s = wrapped(prefix, d->failures[i].error, 4);
		mv_set(f, "line_txt", mv_str(s));
		free(s);
		free(prefix);
	}
}

int
digest_render(const struct digest *d, const struct config *c, char **subject, char **text,
    char **html, char *err, size_t errlen)
{
	struct mvalue	*data = mail_base_data(c, NULL);
	int		 r;

	digest_data(d, data);
	r = templates_render("digest", data, subject, text, html, err, errlen);
	mv_free(data);
	return r;
}
