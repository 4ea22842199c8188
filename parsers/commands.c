/*
 * commands.c: the command language; see commands.h.
 *
 * One line at a time: the first word picks a row of verb_tab, and the row's
 * parser reads the rest. A parser either fills a command or writes an error
 * (why, and the closest valid form) into the line's buffers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "lex.h"
#include "caps.h"
#include "strbuf.h"

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#define MSG_MAX		1024	/* bytes of one error message or suggestion */
#define NAME_MAX_LEN	64	/* bytes of a person's name as written */

/* One line being read. */
struct cl {
	const char			*s;
	size_t				 ls, le;	/* the line, trimmed */
	size_t				 rest;		/* after the verb */
	const struct commands_ctx	*ctx;
	const struct dates_ref		*ref;
	struct strbuf			 msg;		/* the error, if any */
	struct strbuf			 sugg;		/* the closest valid form */
};

typedef int (*verb_fn)(struct cl *, struct command *);

static int	p_praise(struct cl *, struct command *);
static int	p_task(struct cl *, struct command *);
static int	p_id(struct cl *, struct command *);
static int	p_move(struct cl *, struct command *);
static int	p_pause(struct cl *, struct command *);
static int	p_resume(struct cl *, struct command *);
static int	p_review(struct cl *, struct command *);
static int	p_accept(struct cl *, struct command *);
static int	p_digest(struct cl *, struct command *);
static int	p_status(struct cl *, struct command *);
static int	p_hours(struct cl *, struct command *);
static int	p_mood(struct cl *, struct command *);

static const struct {
	const char		*word;		/* folded */
	enum command_verb	 verb;
	verb_fn			 fn;
	int			 canonical;	/* suggested for typos */
} verb_tab[] = {
	{ "kudos", COMMAND_KUDOS, p_praise, 1 },
	{ "praise", COMMAND_PRAISE, p_praise, 1 },
	{ "feedback", COMMAND_FEEDBACK, p_praise, 1 },
	{ "task", COMMAND_TASK, p_task, 1 },
	{ "goal", COMMAND_GOAL, p_task, 1 },
	{ "done", COMMAND_DONE, p_id, 1 },
	{ "complete", COMMAND_DONE, p_id, 0 },
	{ "finish", COMMAND_DONE, p_id, 0 },
	{ "cancel", COMMAND_CANCEL, p_id, 1 },
	{ "delete", COMMAND_CANCEL, p_id, 0 },
	{ "drop", COMMAND_CANCEL, p_id, 0 },
	{ "move", COMMAND_MOVE, p_move, 1 },
	{ "reschedule", COMMAND_MOVE, p_move, 0 },
	{ "postpone", COMMAND_MOVE, p_move, 0 },
	{ "pause", COMMAND_PAUSE, p_pause, 1 },
	{ "resume", COMMAND_RESUME, p_resume, 1 },
	{ "unpause", COMMAND_RESUME, p_resume, 0 },
	{ "review", COMMAND_REVIEW, p_review, 1 },
	{ "accept", COMMAND_ACCEPT_COUNTER, p_accept, 1 },
	{ "digest", COMMAND_DIGEST, p_digest, 1 },
	{ "status", COMMAND_STATUS, p_status, 1 },
	{ "hours", COMMAND_HOURS, p_hours, 1 },
	{ "mood", COMMAND_MOOD, p_mood, 1 },
};

static const char *usage_tab[] = {
	"kudos NAME: TEXT", "praise NAME: TEXT", "feedback NAME: TEXT",
	"task NAME: TEXT due DATE", "done #ID", "move #ID to DATE", "cancel #ID",
	"goal NAME: TEXT by DATE", "pause NAME until DATE", "resume NAME",
	"review NAME DAY TIME", "accept counter #ID", "digest", "status",
	"hours NUMBER", "mood 1-5", "#ID not done", "wins: TEXT",
};

static const char *name_tab[] = {
	"kudos", "praise", "feedback", "task", "done", "move", "cancel", "goal",
	"pause", "resume", "review", "accept_counter", "digest", "status",
	"hours", "mood", "task_update", "answer",
};

static const struct lex_phrase answer_tab[] = {
	{ "wins", CHECKIN_WINS }, { "in progress", CHECKIN_IN_PROGRESS },
	{ "in_progress", CHECKIN_IN_PROGRESS }, { "blockers", CHECKIN_BLOCKERS },
	{ "next week", CHECKIN_NEXT_WEEK }, { "next_week", CHECKIN_NEXT_WEEK },
	{ "support", CHECKIN_SUPPORT },
};
static struct lex_table answer_tab_ix = LEX_TABLE(answer_tab);

/* Greetings and sign-offs: skipped, never errors. */
static const struct lex_phrase chatter_tab[] = {
	{ "hi", 0 }, { "hello", 0 }, { "hey", 0 }, { "dear", 0 },
	{ "good morning", 0 }, { "thanks", 1 }, { "thank you", 1 },
	{ "thx", 1 }, { "cheers", 1 }, { "best", 1 }, { "regards", 1 },
	{ "kind regards", 1 }, { "best regards", 1 }, { "ok", 0 },
	{ "okay", 0 }, { "please", 0 }, { "hallo", 0 }, { "danke", 1 },
	{ "gruss", 1 }, { "viele grusse", 1 }, { "bonjour", 0 }, { "merci", 1 },
	{ "cordialement", 1 }, { "hola", 0 }, { "gracias", 1 },
	{ "saludos", 1 }, { "ola", 0 }, { "oi", 0 }, { "obrigado", 1 },
	{ "obrigada", 1 }, { "hoi", 0 }, { "bedankt", 1 }, { "groeten", 1 },
};
static struct lex_table chatter_tab_ix = LEX_TABLE(chatter_tab);

static const struct lex_phrase due_tab[] = {
	{ "due", 0 }, { "due by", 0 }, { "due on", 0 }, { "by", 0 },
	{ "until", 0 }, { "before", 0 }, { "deadline", 0 },
};
static struct lex_table due_tab_ix = LEX_TABLE(due_tab);

static const struct lex_phrase until_tab[] = {
	{ "until", 0 }, { "till", 0 }, { "til", 0 }, { "through", 0 },
	{ "to", 0 }, { "for", 0 },
};

static const struct lex_phrase to_tab[] = {
	{ "to", 0 }, { "until", 0 }, { "on", 0 }, { "for", 0 }, { "till", 0 },
};

static const struct lex_phrase because_tab[] = {
	{ "because", 0 }, { "since", 0 }, { "as", 0 }, { "due to", 0 },
};

static const char *month_names[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec",
};

/* ---- helpers ---- */

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static size_t
skip_ws(const struct cl *c, size_t i)
{
	return lex_skip_space(c->s, c->le, i);
}

static void
trim(const char *s, size_t *a, size_t *b)
{
	while (*a < *b && is_space(s[*a]))
		(*a)++;
	while (*b > *a && (is_space(s[*b - 1]) || s[*b - 1] == '\n'))
		(*b)--;
}

static char *
dup_range(const char *s, size_t a, size_t b)
{
	trim(s, &a, &b);
	return strndup(s + a, b - a);
}

/* Fold a name to lower-case ASCII for comparisons. */
static void
fold(const char *s, size_t n, char *out, size_t size)
{
	size_t		 i = 0, o = 0;
	uint32_t	 cp;
	char		 f[2];
	int		 k, nf;

	while (i < n && o + 2 < size) {
		i += lex_utf8(s, n, i, &cp);
		nf = lex_fold(cp, f);
		for (k = 0; k < nf; k++)
			out[o++] = f[k];
	}
	out[o] = '\0';
}

static int
fail(struct cl *c, const char *why, const char *sugg)
{
	sb_adds(&c->msg, why);
	if (sugg != NULL) {
		sb_reset(&c->sugg);
		sb_adds(&c->sugg, sugg);
	}
	return -1;
}

/* The suggestion: the usage with the real words put in where known. */
static void
suggest(struct cl *c, const char *verb, const char *name, size_t namelen,
    const char *tail)
{
	sb_reset(&c->sugg);
	sb_adds(&c->sugg, verb);
	if (name != NULL) {
		sb_addc(&c->sugg, ' ');
		sb_add(&c->sugg, name, namelen);
	}
	if (tail != NULL)
		sb_adds(&c->sugg, tail);
}

static int
fail_usage(struct cl *c, const char *why, enum command_verb v)
{
	if (sb_str(&c->sugg)[0] == '\0')
		sb_adds(&c->sugg, usage_tab[v]);
	sb_adds(&c->msg, why);
	return -1;
}

/* A phrase of tab starting at the next word from i, on this line. */
static int
look_phrase(const struct cl *c, size_t i, const struct lex_phrase *tab,
    size_t n, size_t *endp)
{
	size_t j = skip_ws(c, i);

	if (j >= c->le || !lex_word_start(c->s, c->le, j))
		return -1;
	return lex_lookup(c->s, c->le, j, tab, n, endp);
}

/* "#12" or "12" at i: the id (> 0) and *endp, or 0. */
static long
read_id(struct cl *c, size_t i, size_t *endp)
{
	struct lex_tok t;

	lex_token(c->s, c->le, i, &t);
	if (lex_is_punct(&t, '#'))
		lex_token_adj(c->s, c->le, t.end, &t);
	if (t.kind != LEX_NUM || t.num <= 0 || t.ndig > 9)
		return 0;
	*endp = t.end;
	return t.num;
}

/* ---- people ---- */

/* The longest known name at i (word boundary after it), or the first word. */
static size_t
read_name(struct cl *c, size_t i, size_t stop)
{
	char	 want[NAME_MAX_LEN + 8];
	size_t	 k, n, best = 0, j;
	uint32_t cp;

	i = skip_ws(c, i);
	for (k = 0; c->ctx->names != NULL && k < c->ctx->nnames; k++) {
		n = strlen(c->ctx->names[k]);
		if (n == 0 || n > NAME_MAX_LEN)
			continue;
		fold(c->ctx->names[k], n, want, sizeof(want));
		j = lex_match(c->s, stop, i, want);
		if (j > i && j - i > best)
			best = j - i;
	}
	if (best > 0)
		return i + best;
	for (j = i; j < stop && !is_space(c->s[j]) && c->s[j] != ':'; j++)
		;
	if (j > i) {
		lex_utf8(c->s, stop, lex_prev(c->s, j), &cp);
		if (cp == ',' || cp == '.')	/* "resume anna." */
			j = lex_prev(c->s, j);
	}
	return j;
}

/* Is the name s[a, b) known? If not, write the error (with the closest
 * known name put into the line as the suggestion). */
static int
check_name(struct cl *c, size_t a, size_t b)
{
	char	 got[NAME_MAX_LEN + 8], k_f[NAME_MAX_LEN + 8];
	size_t	 k, n, shown = 0;
	int	 d, best_d = 3, best = -1;

	trim(c->s, &a, &b);
	if (a == b)
		return fail_usage(c, "whose? the name is missing", COMMAND_KUDOS);
	if (b - a > NAME_MAX_LEN)
		return fail(c, "that name is too long", NULL);
	if (c->ctx->names == NULL)
		return 0;
	fold(c->s + a, b - a, got, sizeof(got));
	for (k = 0; k < c->ctx->nnames; k++) {
		n = strlen(c->ctx->names[k]);
		fold(c->ctx->names[k], n, k_f, sizeof(k_f));
		if (strcmp(got, k_f) == 0)
			return 0;
		d = lex_distance(got, k_f, 2);
		if (d < best_d && (size_t)d < strlen(got)) {
			best_d = d;
			best = (int)k;
		}
	}
	sb_adds(&c->msg, "no one called \xe2\x80\x9c");
	sb_add(&c->msg, c->s + a, b - a);
	sb_adds(&c->msg, "\xe2\x80\x9d");
	if (best >= 0) {
		sb_reset(&c->sugg);
		sb_add(&c->sugg, c->s + c->ls, a - c->ls);
		sb_adds(&c->sugg, c->ctx->names[best]);
		sb_add(&c->sugg, c->s + b, c->le - b);
		return -1;
	}
	sb_adds(&c->msg, " (known: ");
	for (k = 0; k < c->ctx->nnames && shown < 5; k++, shown++) {
		if (k > 0)
			sb_adds(&c->msg, ", ");
		sb_adds(&c->msg, c->ctx->names[k]);
	}
	sb_adds(&c->msg, c->ctx->nnames > 5 ? ", ...)" : ")");
	return -1;
}

/* ---- dates ---- */

static int
date_ok(struct cl *c, const struct dates_match *m, enum command_verb v)
{
	char	 buf[160];
	size_t	 n = m->end - m->start;

	if (m->status == DATES_OK)
		return 0;
	if (m->status == DATES_PAST) {
		snprintf(buf, sizeof(buf), "\xe2\x80\x9c%.*s\xe2\x80\x9d is in the "
		    "past (%04d-%02d-%02d)", (int)(n < 60 ? n : 60),
		    c->s + m->start, m->year, m->month, m->day);
		return fail_usage(c, buf, v);
	}
	snprintf(buf, sizeof(buf), "\xe2\x80\x9c%.*s\xe2\x80\x9d could be "
	    "%s %d or %s %d; write the month as a word or use %04d-%02d-%02d",
	    (int)(n < 60 ? n : 60), c->s + m->start, month_names[m->month - 1],
	    m->day, month_names[m->alt_month - 1], m->alt_day, m->year,
	    m->month, m->day);
	return fail_usage(c, buf, v);
}

/* Only punctuation or nothing from i to the end of the line? */
static int
at_end(const struct cl *c, size_t i)
{
	struct lex_tok t;

	for (;;) {
		lex_token(c->s, c->le, i, &t);
		if (t.kind == LEX_END)
			return 1;
		if (t.kind != LEX_PUNCT || (t.c != '.' && t.c != '!' &&
		    t.c != ')' && t.c != ','))
			return 0;
		i = t.end;
	}
}

/* "... due Jan 10": the last due-cue whose date ends the line. */
static int
due_at_end(struct cl *c, size_t from, size_t *cue, struct dates_match *m)
{
	struct lex_tok	 t;
	size_t		 i = from, e;
	int		 k, saw_cue = 0;

	while (i < c->le) {
		lex_token(c->s, c->le, i, &t);
		if (t.kind == LEX_END)
			break;
		if (t.kind == LEX_WORD && (k = lex_index_lookup(lex_table_index(&due_tab_ix),
		    c->s, c->le, t.start, &e)) >= 0) {
			if (k <= 2 || k == 6)
				saw_cue = 1;	/* "due": a date must follow */
			lex_token(c->s, c->le, e, &t);
			if (lex_is_punct(&t, ':'))
				e = t.end;
			if (dates_parse_at(c->s, c->le, e, c->ref, DATES_DATE, m) &&
			    at_end(c, m->end)) {
				*cue = i;
				return 1;
			}
		}
		i = t.end > i ? t.end : i + 1;
	}
	return saw_cue ? -1 : 0;
}

/* ---- the verbs ---- */

/* Does s[a, b) look like a name: at most three words, no '#'? */
static int
name_like(const char *s, size_t a, size_t b)
{
	int words = 0;

	trim(s, &a, &b);
	if (a == b || b - a > NAME_MAX_LEN || memchr(s + a, '#', b - a) != NULL)
		return 0;
	for (; a < b; a++)
		if (is_space(s[a]) && !is_space(s[a + 1]))
			words++;
	return words < 3;
}

/* After the verb: "NAME: TEXT" (or "NAME TEXT", the name one word or a
 * known name). */
static int
name_and_text(struct cl *c, struct command *cmd, size_t *ts)
{
	const char	*colon;
	size_t		 i = skip_ws(c, c->rest), ne, e;
	struct lex_tok	 t;

	lex_token(c->s, c->le, i, &t);
	if (lex_is_word(&t, "to") || lex_is_word(&t, "for"))
		i = skip_ws(c, t.end);
	colon = memchr(c->s + i, ':', c->le - i);
	if (colon != NULL && name_like(c->s, i, (size_t)(colon - c->s))) {
		ne = (size_t)(colon - c->s);
		*ts = ne + 1;
	} else {
		ne = read_name(c, i, c->le);
		*ts = ne;
	}
	e = ne;
	trim(c->s, &i, &e);
	if (i == e)
		return fail_usage(c, "whose? the name is missing", cmd->verb);
	if (check_name(c, i, e) == -1)
		return -1;
	if ((cmd->person = dup_range(c->s, i, e)) == NULL)
		return -2;
	return 0;
}

static int
p_praise(struct cl *c, struct command *cmd)
{
	size_t	 ts;
	int	 r;

	if ((r = name_and_text(c, cmd, &ts)) != 0)
		return r;
	ts = skip_ws(c, ts);
	if (ts >= c->le) {
		suggest(c, name_tab[cmd->verb], cmd->person, strlen(cmd->person),
		    ": TEXT");
		return fail(c, "nothing to send: write the words after the name",
		    NULL);
	}
	if ((cmd->text = dup_range(c->s, ts, c->le)) == NULL)
		return -2;
	return 0;
}

static int
p_task(struct cl *c, struct command *cmd)
{
	size_t	 ts, cue, te;
	int	 r;

	if ((r = name_and_text(c, cmd, &ts)) != 0)
		return r;
	ts = skip_ws(c, ts);
	te = c->le;
	if ((r = due_at_end(c, ts, &cue, &cmd->date)) == 1) {
		cmd->has_date = 1;
		te = cue;
		if (date_ok(c, &cmd->date, cmd->verb) == -1)
			return -1;
	} else if (r == -1) {
		suggest(c, name_tab[cmd->verb], cmd->person, strlen(cmd->person),
		    cmd->verb == COMMAND_TASK ? ": TEXT due DATE" :
		    ": TEXT by DATE");
		return fail(c, "could not read the due date at the end of the "
		    "line", NULL);
	}
	trim(c->s, &ts, &te);
	while (te > ts && (c->s[te - 1] == ',' || c->s[te - 1] == '-'))
		te--;
	if (ts >= te) {
		suggest(c, name_tab[cmd->verb], cmd->person, strlen(cmd->person),
		    cmd->verb == COMMAND_TASK ? ": TEXT due DATE" :
		    ": TEXT by DATE");
		return fail(c, cmd->verb == COMMAND_TASK ? "what is the task?" :
		    "what is the goal?", NULL);
	}
	if ((cmd->text = dup_range(c->s, ts, te)) == NULL)
		return -2;
	return 0;
}

static int
id_or_fail(struct cl *c, struct command *cmd, size_t i, size_t *e)
{
	if ((cmd->task_id = read_id(c, i, e)) > 0)
		return 0;
	cmd->task_id = -1;
	return fail_usage(c, "which task? give its number", cmd->verb);
}

static int
p_id(struct cl *c, struct command *cmd)
{
	size_t	 e, ts;

	if (id_or_fail(c, cmd, c->rest, &e) == -1)
		return -1;
	ts = skip_ws(c, e);
	if (ts < c->le && c->s[ts] == ':')
		ts++;
	if (!at_end(c, ts) && (cmd->text = dup_range(c->s, ts, c->le)) == NULL)
		return -2;
	return 0;
}

static int
p_move(struct cl *c, struct command *cmd)
{
	char	 tail[40];
	size_t	 e, d, rs;
	int	 k;

	if (id_or_fail(c, cmd, c->rest, &e) == -1)
		return -1;
	snprintf(tail, sizeof(tail), " #%ld to DATE", cmd->task_id);
	if (look_phrase(c, e, to_tab, nitems(to_tab), &d) < 0)
		d = e;
	if (!dates_parse_at(c->s, c->le, d, c->ref, DATES_DATE, &cmd->date)) {
		suggest(c, "move", NULL, 0, tail);
		return fail(c, "could not read the new date", NULL);
	}
	cmd->has_date = 1;
	if (date_ok(c, &cmd->date, cmd->verb) == -1) {
		suggest(c, "move", NULL, 0, tail);
		return -1;
	}
	rs = skip_ws(c, cmd->date.end);
	if (rs < c->le && (c->s[rs] == ':' || c->s[rs] == '-' ||
	    c->s[rs] == ','))
		rs = skip_ws(c, rs + 1);
	else if ((k = look_phrase(c, rs, because_tab, nitems(because_tab),
	    &e)) >= 0)
		rs = skip_ws(c, e);
	else if (!at_end(c, rs)) {
		suggest(c, "move", NULL, 0, tail);
		return fail(c, "could not read the new date", NULL);
	}
	if (!at_end(c, rs) && (cmd->text = dup_range(c->s, rs, c->le)) == NULL)
		return -2;
	return 0;
}

/* pause NAME [until DATE] */
static int
p_pause(struct cl *c, struct command *cmd)
{
	size_t	 i = skip_ws(c, c->rest), ne, d;

	ne = read_name(c, i, c->le);
	if (ne == i)
		return fail_usage(c, "whose? the name is missing", cmd->verb);
	if (check_name(c, i, ne) == -1)
		return -1;
	if ((cmd->person = dup_range(c->s, i, ne)) == NULL)
		return -2;
	if (at_end(c, ne))
		return 0;	/* until resumed */
	if (look_phrase(c, ne, until_tab, nitems(until_tab), &d) < 0)
		d = ne;
	if (!dates_parse_at(c->s, c->le, d, c->ref, DATES_DATE, &cmd->date) ||
	    !at_end(c, cmd->date.end)) {
		suggest(c, "pause", cmd->person, strlen(cmd->person),
		    " until DATE");
		return fail(c, "could not read the date to pause until", NULL);
	}
	cmd->has_date = 1;
	return date_ok(c, &cmd->date, cmd->verb);
}

/* resume NAME, status [NAME] */
static int
one_name(struct cl *c, struct command *cmd, int optional)
{
	size_t i = skip_ws(c, c->rest), ne;

	ne = read_name(c, i, c->le);
	if (ne == i) {
		if (optional)
			return 0;
		return fail_usage(c, "whose? the name is missing", cmd->verb);
	}
	if (check_name(c, i, ne) == -1)
		return -1;
	if ((cmd->person = dup_range(c->s, i, ne)) == NULL)
		return -2;
	if (!at_end(c, ne)) {
		suggest(c, name_tab[cmd->verb], cmd->person,
		    strlen(cmd->person), NULL);
		return fail(c, "unexpected words after the name", NULL);
	}
	return 0;
}

static int
p_resume(struct cl *c, struct command *cmd)
{
	return one_name(c, cmd, 0);
}

static int
p_status(struct cl *c, struct command *cmd)
{
	return one_name(c, cmd, 1);
}

/* review NAME DAY TIME */
static int
p_review(struct cl *c, struct command *cmd)
{
	size_t	 i = skip_ws(c, c->rest), ne;

	ne = read_name(c, i, c->le);
	if (ne == i)
		return fail_usage(c, "whose review? the name is missing",
		    cmd->verb);
	if (check_name(c, i, ne) == -1)
		return -1;
	if ((cmd->person = dup_range(c->s, i, ne)) == NULL)
		return -2;
	if (!dates_parse_at(c->s, c->le, ne, c->ref, DATES_ANY, &cmd->date) ||
	    !at_end(c, cmd->date.end)) {
		suggest(c, "review", cmd->person, strlen(cmd->person),
		    " friday 15:00");
		return fail(c, "could not read the day and time", NULL);
	}
	cmd->has_date = 1;
	if (!cmd->date.has_time) {
		suggest(c, "review", cmd->person, strlen(cmd->person),
		    " friday 15:00");
		return fail(c, "at what time? give a time after the day", NULL);
	}
	return date_ok(c, &cmd->date, cmd->verb);
}

/* accept counter #ID */
static int
p_accept(struct cl *c, struct command *cmd)
{
	struct lex_tok	 t;
	size_t		 i = c->rest, e;

	lex_token(c->s, c->le, i, &t);
	if (lex_is_word(&t, "counter") || lex_is_word(&t, "proposal"))
		i = t.end;
	if (id_or_fail(c, cmd, i, &e) == -1)
		return -1;
	if (!at_end(c, e)) {
		suggest(c, "accept counter", NULL, 0, NULL);
		sb_printf(&c->sugg, " #%ld", cmd->task_id);
		return fail(c, "unexpected words after the number", NULL);
	}
	return 0;
}

static int
p_digest(struct cl *c, struct command *cmd)
{
	struct lex_tok t;

	lex_token(c->s, c->le, c->rest, &t);
	if (lex_is_word(&t, "now") || lex_is_word(&t, "please"))
		return 0;
	if (!at_end(c, c->rest))
		return fail_usage(c, "digest takes no arguments", cmd->verb);
	return 0;
}

static int
p_hours(struct cl *c, struct command *cmd)
{
	size_t i = skip_ws(c, c->rest);

	if (i < c->le && c->s[i] == ':')
		i++;
	if (!checkin_hours_in(c->s, i, c->le, 1, &cmd->hours))
		return fail_usage(c, "could not read the hours", cmd->verb);
	return 0;
}

static int
p_mood(struct cl *c, struct command *cmd)
{
	struct checkin_mood	 m;
	size_t			 i = skip_ws(c, c->rest);

	if (i < c->le && c->s[i] == ':')
		i++;
	if (!checkin_mood_in(c->s, i, c->le, 1, &m))
		return fail_usage(c, "could not read the mood (1 to 5)",
		    cmd->verb);
	cmd->mood = m.value;
	return 0;
}

/* ---- lines ---- */

struct out {
	struct command_list	*l;
	size_t			 room;	/* LIMIT_ANSWERS - commands - errors */
};

static int
grow(void **v, size_t n, size_t size)
{
	void *nv;

	if ((n & (n - 1)) != 0)
		return 0;	/* capacity is the next power of two */
	if ((nv = realloc(*v, (n == 0 ? 1 : n * 2) * size)) == NULL)
		return -1;
	*v = nv;
	return 0;
}

static int
add_error(struct out *o, struct cl *c)
{
	struct command_error	*e;
	struct strbuf		 m;

	if (o->room == 0) {
		o->l->truncated = 1;
		return 0;
	}
	if (grow((void **)&o->l->errs, o->l->nerrs, sizeof(*e)) == -1)
		return -1;
	e = &o->l->errs[o->l->nerrs];
	memset(e, 0, sizeof(*e));
	e->line_start = c->ls;
	e->line_end = c->le;
	sb_init(&m, MSG_MAX);
	sb_adds(&m, sb_str(&c->msg));
	if (sb_str(&c->sugg)[0] != '\0') {
		sb_printf(&m, "; did you mean `%s`?", sb_str(&c->sugg));
		if ((e->suggestion = strdup(sb_str(&c->sugg))) == NULL) {
			sb_free(&m);
			return -1;
		}
	}
	if ((e->message = sb_detach(&m, NULL)) == NULL) {
		free(e->suggestion);
		return -1;
	}
	o->l->nerrs++;
	o->room--;
	return 0;
}

static void
command_clear(struct command *cmd)
{
	free(cmd->person);
	free(cmd->text);
	checkin_task_update_free(&cmd->update);
	memset(cmd, 0, sizeof(*cmd));
}

static int
add_command(struct out *o, struct command *cmd)
{
	if (o->room == 0) {
		o->l->truncated = 1;
		command_clear(cmd);
		return 0;
	}
	if (grow((void **)&o->l->cmds, o->l->ncmds, sizeof(*cmd)) == -1) {
		command_clear(cmd);
		return -1;
	}
	o->l->cmds[o->l->ncmds++] = *cmd;
	o->room--;
	return 0;
}

static int
allowed(const struct cl *c, enum command_verb v)
{
	unsigned need = v >= COMMAND_HOURS ? COMMANDS_PERSON : COMMANDS_MANAGER;

	return (c->ctx->allow & need) != 0;
}

/* "#12 not done", "#12 done, #13 50%": the person's task corrections. */
static int
task_line(struct out *o, struct cl *c)
{
	struct checkin_task_update	*v = NULL;
	struct command			 cmd;
	size_t				 n = 0, k;
	int				 trunc = 0, r = 0;
	long				 id;

	if (checkin_task_updates(c->s, c->ls, c->le, c->ref, NULL, 0, &v, &n,
	    &trunc) == -1)
		return -1;
	if (n == 0 || v[0].span.start != c->ls) {
		for (k = 0; k < n; k++)
			checkin_task_update_free(&v[k]);
		free(v);
		sb_reset(&c->sugg);
		id = read_id(c, c->ls, &k);
		sb_printf(&c->sugg, "#%ld not done", id > 0 ? id : 12);
		fail(c, "could not read the task update", NULL);
		return add_error(o, c);
	}
	for (k = 0; k < n; k++) {
		memset(&cmd, 0, sizeof(cmd));
		cmd.verb = COMMAND_TASK_UPDATE;
		cmd.task_id = v[k].id;
		cmd.update = v[k];
		cmd.has_date = v[k].has_date;
		cmd.date = v[k].date;
		cmd.line_start = c->ls;
		cmd.line_end = c->le;
		if (r == 0 && add_command(o, &cmd) == -1)
			r = -1;
		else if (r != 0)
			checkin_task_update_free(&v[k]);
	}
	free(v);
	return r;
}

/* "wins: shipped it" */
static int
answer_line(struct out *o, struct cl *c, int key, size_t e)
{
	struct command cmd;

	memset(&cmd, 0, sizeof(cmd));
	cmd.verb = COMMAND_ANSWER;
	cmd.key = (enum checkin_key)key;
	cmd.task_id = -1;
	cmd.line_start = c->ls;
	cmd.line_end = c->le;
	if ((cmd.text = dup_range(c->s, e, c->le)) == NULL)
		return -1;
	return add_command(o, &cmd);
}

/* A typo'd verb: the closest one within two edits, or -1. */
static int
closest_verb(const struct lex_tok *t)
{
	size_t	 k;
	int	 d, best = -1, best_d = 3;

	if (t->kind != LEX_WORD || t->trunc || strlen(t->w) < 3)
		return -1;
	for (k = 0; k < nitems(verb_tab); k++) {
		if (!verb_tab[k].canonical)
			continue;
		d = lex_distance(t->w, verb_tab[k].word, 2);
		if (d < best_d && d < (int)strlen(t->w) - 1) {
			best_d = d;
			best = (int)k;
		}
	}
	return best;
}

static int
unknown_line(struct out *o, struct cl *c, const struct lex_tok *t)
{
	int k;

	if ((k = closest_verb(t)) >= 0 && allowed(c, verb_tab[k].verb)) {
		sb_reset(&c->sugg);
		sb_adds(&c->sugg, verb_tab[k].word);
		sb_add(&c->sugg, c->s + t->end, c->le - t->end);
		sb_adds(&c->msg, "unknown command \xe2\x80\x9c");
		sb_add(&c->msg, c->s + t->start, t->end - t->start);
		sb_adds(&c->msg, "\xe2\x80\x9d");
		return add_error(o, c);
	}
	if (c->ctx->allow & COMMANDS_MANAGER)
		sb_adds(&c->msg, "not a command (one per line, e.g. `kudos NAME: "
		    "TEXT`, `done #ID`, `move #ID to DATE`, `digest`)");
	else
		sb_adds(&c->msg, "not a correction (one per line, e.g. `hours "
		    "30`, `mood 4`, `#ID not done`, `wins: TEXT`)");
	return add_error(o, c);
}

/* Greetings, sign-offs and the name under a sign-off. */
static int
chatter(const struct cl *c, const struct lex_tok *t, int *after_signoff)
{
	struct lex_tok	 u;
	size_t		 i, e;
	int		 k, words = 0;

	for (i = c->ls; i < c->le; i = u.end) {
		lex_token(c->s, c->le, i, &u);
		if (u.kind == LEX_END)
			break;
		if (u.kind == LEX_WORD || u.kind == LEX_NUM)
			words++;
	}
	if (words == 0)
		return 1;	/* punctuation only: "--", "..." */
	if (*after_signoff && words <= 3)
		return 1;	/* the name under "Thanks," */
	if (t->kind != LEX_WORD || words > 8 || (k = lex_index_lookup(
	    lex_table_index(&chatter_tab_ix), c->s, c->le, t->start, &e)) < 0)
		return 0;
	if (chatter_tab[k].val)
		*after_signoff = 1;
	return 1;
}

static int
one_line(struct out *o, struct cl *c, int *after_signoff)
{
	struct command	 cmd;
	struct lex_tok	 t, u;
	size_t		 e;
	long		 id;
	int		 k, r;

	lex_token(c->s, c->le, c->ls, &t);
	if (lex_is_punct(&t, '#')) {
		if (allowed(c, COMMAND_TASK_UPDATE))
			return task_line(o, c);
		if ((id = read_id(c, c->ls, &e)) > 0)
			sb_printf(&c->sugg, "done #%ld", id);
		fail_usage(c, "put the verb first", COMMAND_DONE);
		return add_error(o, c);
	}
	for (k = 0; k < (int)nitems(verb_tab); k++)
		if (lex_is_word(&t, verb_tab[k].word))
			break;
	if (k == (int)nitems(verb_tab)) {
		if ((r = lex_index_lookup(lex_table_index(&answer_tab_ix),
		    c->s, c->le, c->ls, &e)) >= 0 && allowed(c, COMMAND_ANSWER)) {
			lex_token(c->s, c->le, e, &u);
			if (lex_is_punct(&u, ':'))
				return answer_line(o, c, answer_tab[r].val, u.end);
		}
		if (chatter(c, &t, after_signoff))
			return 0;
		return unknown_line(o, c, &t);
	}
	*after_signoff = 0;
	if (!allowed(c, verb_tab[k].verb)) {
		sb_adds(&c->msg, verb_tab[k].verb >= COMMAND_HOURS ?
		    "that corrects a check-in receipt, not a manager command" :
		    "only the manager can do that");
		return add_error(o, c);
	}
	memset(&cmd, 0, sizeof(cmd));
	cmd.verb = verb_tab[k].verb;
	cmd.task_id = -1;
	cmd.line_start = c->ls;
	cmd.line_end = c->le;
	c->rest = t.end;
	if ((r = verb_tab[k].fn(c, &cmd)) == 0)
		return add_command(o, &cmd);
	command_clear(&cmd);
	return r == -2 ? -1 : add_error(o, c);
}

int
commands_parse(const char *text, size_t len, const struct commands_ctx *ctx,
    struct command_list *out, const char **errp)
{
	struct dates_ref	 ref;
	struct cl		 c;
	struct out		 o = { out, LIMIT_ANSWERS };
	size_t			 ls, le;
	int			 after_signoff = 0, r = 0;

	memset(out, 0, sizeof(*out));
	if (dates_ref_init(&ref, ctx->date, ctx->tzid) == -1) {
		if (errp != NULL)
			*errp = "unknown time zone";
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.s = text;
	c.ctx = ctx;
	c.ref = &ref;
	sb_init(&c.msg, MSG_MAX);
	sb_init(&c.sugg, MSG_MAX);
	for (ls = 0; ls < len && r == 0; ls = le + 1) {
		le = lex_line_end(text, len, ls);
		c.ls = ls;
		c.le = le;
		trim(text, &c.ls, &c.le);
		if (c.ls == c.le) {
			after_signoff = 0;
			continue;
		}
		if (o.room == 0) {
			out->truncated = 1;
			break;
		}
		sb_reset(&c.msg);
		sb_reset(&c.sugg);
		r = one_line(&o, &c, &after_signoff);
	}
	sb_free(&c.msg);
	sb_free(&c.sugg);
	if (r != 0) {
		commands_free(out);
		if (errp != NULL)
			*errp = "out of memory";
		return -1;
	}
	return 0;
}

void
commands_free(struct command_list *l)
{
	size_t i;

	for (i = 0; i < l->ncmds; i++)
		command_clear(&l->cmds[i]);
	for (i = 0; i < l->nerrs; i++) {
		free(l->errs[i].message);
		free(l->errs[i].suggestion);
	}
	free(l->cmds);
	free(l->errs);
	memset(l, 0, sizeof(*l));
}

const char *
commands_verb_name(enum command_verb v)
{
	return (unsigned)v < nitems(name_tab) ? name_tab[v] : "?";
}

const char *
commands_usage(enum command_verb v)
{
	return (unsigned)v < nitems(usage_tab) ? usage_tab[v] : "?";
}
