/* sections.c: cut a reply into answers by question; see sections.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "sections.h"

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_MARKS	(LIMIT_ANSWERS * 4)	/* answers and headings per reply */
#define PAREN_MAX	60	/* "(1 = rough, 5 = great)" after a heading */

struct mark {
	size_t		 line;		/* the answer before ends here */
	size_t		 mark_end;
	size_t		 content;
	int		 key;		/* -1: notes */
	int		 how;
	int		 number;	/* 0 when none was written */
	char		 style;		/* '.', ')', ':' or '(' after/around it */
};

struct marks {
	struct mark	*v;
	size_t		 n, cap;
	int		 truncated;
};

static const struct lex_phrase signoff_tab[] = {
	{ "thanks", 0 }, { "thank you", 0 }, { "thx", 0 }, { "cheers", 0 },
	{ "best", 0 }, { "best regards", 0 }, { "kind regards", 0 },
	{ "regards", 0 }, { "warm regards", 0 }, { "all the best", 0 },
	{ "br", 0 }, { "talk soon", 0 }, { "many thanks", 0 },
	{ "danke", 0 }, { "vielen dank", 0 }, { "viele grusse", 0 },
	{ "beste grusse", 0 }, { "liebe grusse", 0 }, { "lg", 0 },
	{ "mfg", 0 }, { "gruss", 0 }, { "grusse", 0 },
	{ "merci", 0 }, { "cordialement", 0 }, { "bien a vous", 0 },
	{ "bonne journee", 0 }, { "a bientot", 0 },
	{ "gracias", 0 }, { "saludos", 0 }, { "un saludo", 0 },
	{ "atentamente", 0 }, { "obrigado", 0 }, { "obrigada", 0 },
	{ "abracos", 0 }, { "att", 0 }, { "atenciosamente", 0 },
	{ "bedankt", 0 }, { "groeten", 0 }, { "met vriendelijke groet", 0 },
	{ "mvg", 0 }, { "groet", 0 },
};
static struct lex_table signoff_tab_ix = LEX_TABLE(signoff_tab);

static int
marks_add(struct marks *m, const struct mark *k)
{
	struct mark	*nv;
	size_t		 ncap;

	if (m->n >= MAX_MARKS) {
		m->truncated = 1;
		return 0;
	}
	if (m->n == m->cap) {
		ncap = m->cap == 0 ? 16 : m->cap * 2;
		if ((nv = realloc(m->v, ncap * sizeof(*nv))) == NULL)
			return -1;
		m->v = nv;
		m->cap = ncap;
	}
	m->v[m->n++] = *k;
	return 0;
}

static int
is_hspace(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Skip spaces and decoration: bullets, markdown emphasis and heading marks. */
static size_t
skip_deco(const char *s, size_t i, size_t end, int bullets)
{
	uint32_t	 cp;
	size_t		 n;

	while (i < end) {
		n = lex_utf8(s, end, i, &cp);
		if (lex_is_space(cp) || cp == '*' || cp == '_' ||
		    (bullets && (cp == '-' || cp == '#' || cp == '+' ||
		    cp == 0x2022 || cp == 0x00b7 || cp == 0x2023 ||
		    cp == 0x25e6 || cp == 0x25aa || cp == 0x2013)))
			i += n;
		else
			break;
	}
	return i;
}

/* "3." "3)" "3:" "(3)" at i: the number, or 0; *after gets the next byte,
 * *style the delimiter. */
static int
read_number(const char *s, size_t i, size_t end, size_t *after, char *style)
{
	int	 n = 0, paren = 0;
	size_t	 j = i;

	if (j < end && s[j] == '(') {
		paren = 1;
		j++;
	}
	while (j < end && s[j] >= '0' && s[j] <= '9' && n < 100)
		n = n * 10 + (s[j++] - '0');
	if (j == i + (size_t)paren || n >= 100 || j >= end)
		return 0;
	if (paren ? s[j] != ')' : (s[j] != '.' && s[j] != ')' && s[j] != ':'))
		return 0;
	*style = paren ? '(' : s[j];
	j++;
	/* "5.5 hours" and "1:30" are numbers, not question numbers */
	if (j < end && s[j] >= '0' && s[j] <= '9')
		return 0;
	*after = j;
	return n;
}

/* After a heading word: "(1-5)", "?", then the delimiter. */
static int
after_heading(const char *s, size_t i, size_t end, int flags, size_t *mark_end,
    size_t *content)
{
	const char	*close;
	uint32_t	 cp;
	char		 f[2];

	i = skip_deco(s, i, end, 0);
	if (flags & SECTIONS_COLON_ONLY) {
		if (i >= end || s[i] != ':')
			return 0;
		*mark_end = i + 1;
		*content = skip_deco(s, i + 1, end, 0);
		return 1;
	}
	if (i < end && s[i] == '(' && (close = memchr(s + i, ')',
	    end - i < PAREN_MAX ? end - i : PAREN_MAX)) != NULL)
		i = skip_deco(s, (size_t)(close - s) + 1, end, 0);
	if (i < end && s[i] == '?')
		i = skip_deco(s, i + 1, end, 0);
	if (i >= end) {
		*mark_end = *content = end;
		return 1;
	}
	lex_utf8(s, end, i, &cp);
	if (cp == ':' || cp == '=' || cp == 0x2192 ||
	    (lex_fold(cp, f) == 1 && f[0] == '-')) {
		i += lex_utf8(s, end, i, &cp);
		if (i < end && s[i] == '>')	/* "->" */
			i++;
		*mark_end = i;
		*content = skip_deco(s, i, end, 0);
		return 1;
	}
	if ((flags & SECTIONS_VALUE_FOLLOWS) && ((cp >= '0' && cp <= '9') ||
	    cp == '~' || (cp >= 0x2600 && lex_fold(cp, f) == 0))) {
		*mark_end = *content = i;
		return 1;
	}
	return 0;
}

/* "What could Mark do better, or differently?": a question copied on a
 * line of its own (it ends with '?' or a "(1–5)"), the answer below it. */
static int
copied_question(const char *s, size_t i, size_t end)
{
	while (end > i && (is_hspace(s[end - 1]) || s[end - 1] == '*'))
		end--;
	return end > i && (s[end - 1] == '?' || s[end - 1] == ')');
}

static int
heading_at(const char *s, size_t start, size_t end,
    const struct sections_def *def, const struct lex_index *ix, int lenient,
    size_t *mark_end, size_t *content, int *number, char *style)
{
	size_t	 i, e, after;
	int	 k, n, val = 0;

	*number = 0;
	i = skip_deco(s, start, end, 1);
	if ((n = read_number(s, i, end, &after, style)) > 0) {
		*number = n;
		i = skip_deco(s, after, end, 1);
	}
	if (i >= end)
		return -1;
	k = lex_index_lookup(ix, s, end, i, &e);
	if (k >= 0)
		val = def->headings->tab[k].val;
	if (k >= 0 && after_heading(s, e, end, val, mark_end, content))
		return val & SECTIONS_KEY_MASK;
	if (k >= 0 && (lenient || ((val & SECTIONS_QUESTION) &&
	    copied_question(s, e, end)))) {
		*mark_end = *content = end;
		return val & SECTIONS_KEY_MASK;
	}
	if (lenient && n >= 1 && n <= def->nkeys) {
		*mark_end = *content = end;
		return n - 1;
	}
	return -1;
}

int
sections_heading(const char *s, size_t start, size_t end,
    const struct sections_def *def, int lenient, size_t *mark_end,
    size_t *content, int *number)
{
	char style;

	return heading_at(s, start, end, def, lex_table_index(def->headings),
	    lenient, mark_end, content, number, &style);
}

/* A plain numbered line: "2) still on the report". */
static int
numbered_line(const char *s, size_t start, size_t end, int nkeys,
    size_t *mark_end, size_t *content, char *style)
{
	size_t	 i, after;
	int	 n;

	i = skip_deco(s, start, end, 0);
	if ((n = read_number(s, i, end, &after, style)) < 1 || n > nkeys)
		return 0;
	if (after < end && !is_hspace(s[after]) && s[after] != '*')
		return 0;	/* "1.Launch" is rare; "1.x" is a version */
	*mark_end = after;
	*content = skip_deco(s, after, end, 0);
	return n;
}

void
sections_trim(const char *s, size_t *start, size_t *end)
{
	uint32_t	 cp;
	size_t		 i = *start, e = *end, n, p;

	while (i < e) {
		n = lex_utf8(s, e, i, &cp);
		if (!lex_is_space(cp) && cp != '\n')
			break;
		i += n;
	}
	while (e > i) {
		p = lex_prev(s, e);
		lex_utf8(s, e, p, &cp);
		if (!lex_is_space(cp) && cp != '\n')
			break;
		e = p;
	}
	*start = i;
	*end = e;
}

/* Strip '>' quote markers and spaces at the start of a quoted line. */
static size_t
unquote(const char *s, size_t i, size_t end)
{
	while (i < end && (is_hspace(s[i]) || s[i] == '>'))
		i++;
	return i;
}

/* The question a quoted segment ends with, or -1. */
static int
quote_key(const char *body, const struct reply_seg *q,
    const struct sections_def *def, const struct lex_index *ix)
{
	size_t	 e = q->end, ls, le, me, c;
	int	 seen = 0, key, number;
	char	 style;

	while (e > q->start && seen < 3) {
		le = e;
		ls = le;
		while (ls > q->start && body[ls - 1] != '\n')
			ls--;
		e = ls > q->start ? ls - 1 : q->start;
		ls = unquote(body, ls, le);
		while (le > ls && (is_hspace(body[le - 1]) || body[le - 1] == '\n'))
			le--;
		if (ls >= le)
			continue;
		seen++;
		if ((key = heading_at(body, ls, le, def, ix, 1, &me, &c,
		    &number, &style)) >= 0)
			return key;
	}
	return -1;
}

static int
inline_marks(const char *body, size_t body_len, const struct reply_seg *segs,
    size_t nsegs, size_t len, const struct sections_def *def,
    const struct lex_index *ix, struct marks *out)
{
	struct mark	 m;
	size_t		 k;

	for (k = 1; k < nsegs; k++) {
		if (segs[k].kind != REPLY_NEW || segs[k - 1].kind == REPLY_NEW ||
		    segs[k].out_start > len)
			continue;
		memset(&m, 0, sizeof(m));
		m.line = m.mark_end = m.content = segs[k].out_start;
		m.key = -1;
		if (segs[k - 1].kind == REPLY_QUOTE && body != NULL &&
		    segs[k - 1].end <= body_len && segs[k - 1].start <
		    segs[k - 1].end &&
		    (m.key = quote_key(body, &segs[k - 1], def, ix)) >= 0)
			m.how = SECTIONS_INLINE;
		if (out->n > 0 && out->v[out->n - 1].line >= m.line)
			continue;	/* out of order: ignore */
		if (marks_add(out, &m) == -1)
			return -1;
	}
	return 0;
}

/* Headings and numbered lines of the new text. */
static int
line_marks(const char *s, size_t len, const struct sections_def *def,
    const struct lex_index *ix, struct marks *heads, struct marks *nums)
{
	struct mark	 m;
	struct marks	*to;
	size_t		 ls, le;

	for (ls = 0; ls < len; ls = le + 1) {
		le = lex_line_end(s, len, ls);
		memset(&m, 0, sizeof(m));
		m.line = ls;
		if ((m.key = heading_at(s, ls, le, def, ix, 0, &m.mark_end,
		    &m.content, &m.number, &m.style)) >= 0) {
			m.how = SECTIONS_HEADINGS;
			to = heads;
		} else if ((m.number = numbered_line(s, ls, le, def->nkeys,
		    &m.mark_end, &m.content, &m.style)) > 0) {
			m.key = m.number - 1;
			m.how = SECTIONS_NUMBERED;
			to = nums;
		} else
			continue;
		if (m.content == le)	/* the answer starts on the next line */
			m.content = le < len ? le + 1 : le;
		if (marks_add(to, &m) == -1)
			return -1;
	}
	return 0;
}

/*
 * Numbered answers count only in a reply without inline answers or plain
 * headings, as a strictly increasing run of two or more written in one
 * style ("1." or "1)": a nested list in the other style stays inside its
 * answer). Numbered headings ("2. In progress: ...") join the run when
 * their number agrees.
 */
/* Is number n written again later in the run's style (so the n here, in
 * another style, belongs to a nested list)? */
static int
restated(const struct marks *nums, size_t from, int n, char style)
{
	size_t i;

	for (i = from; i < nums->n; i++)
		if (nums->v[i].number == n && nums->v[i].style == style)
			return 1;
	return 0;
}

static int
numbered_mode(const struct marks *inl, const struct marks *heads,
    struct marks *nums)
{
	size_t	 i, j, n = 0, w = 0;
	int	 last = 0;
	char	 style = 0;

	for (i = 0; i < inl->n; i++)
		if (inl->v[i].key >= 0)
			return 0;
	for (i = 0; i < heads->n; i++) {
		if (heads->v[i].number == 0 ||
		    heads->v[i].number != heads->v[i].key + 1)
			return 0;
	}
	/* merge-walk both lists in text order */
	for (i = j = 0; i < heads->n || j < nums->n;) {
		const struct mark *m;
		int is_num = j < nums->n && (i >= heads->n ||
		    nums->v[j].line < heads->v[i].line);

		m = is_num ? &nums->v[j++] : &heads->v[i++];
		if (m->number == 0 || (style != 0 && m->style != style &&
		    restated(nums, j, m->number, style)))
			continue;
		if (m->number > last) {
			if (style == 0)
				style = m->style;
			last = m->number;
			n++;
			if (is_num)
				nums->v[w++] = *m;
		}
	}
	nums->n = w;
	return n >= 2;
}

static int
merge(const struct marks *a, const struct marks *b, struct marks *out)
{
	size_t		 i = 0, j = 0;
	const struct mark *m;

	while (i < a->n || j < b->n) {
		if (j >= b->n || (i < a->n && a->v[i].line < b->v[j].line))
			m = &a->v[i++];
		else if (i < a->n && a->v[i].line == b->v[j].line) {
			m = &b->v[j++];		/* the written heading wins */
			i++;
		} else
			m = &b->v[j++];
		if (marks_add(out, m) == -1)
			return -1;
	}
	out->truncated |= a->truncated | b->truncated;
	return 0;
}

/*
 * A sign-off line: the phrase alone ("Thanks!", "Cheers") or followed by a
 * comma and at most three words ("Best, Anna Lee"); not "Thanks for ...".
 */
static int
signoff_line(const char *s, size_t ls, size_t le)
{
	size_t		 e;
	int		 words = 0, comma = 0;
	struct lex_tok	 t;

	ls = skip_deco(s, ls, le, 0);
	if (lex_index_lookup(lex_table_index(&signoff_tab_ix),
	    s, le, ls, &e) < 0)
		return 0;
	while (e < le) {
		e = lex_token(s, le, e, &t);
		if (t.kind == LEX_END)
			break;
		if (t.kind == LEX_NUM)
			return 0;
		if (t.kind == LEX_PUNCT && (t.c == ',' || t.c == '-'))
			comma = 1;
		if (t.kind == LEX_WORD && (!comma || ++words > 3))
			return 0;
	}
	return 1;
}

/* Drop a sign-off from the last three lines of an answer. */
static void
trim_signoff(const char *s, struct sections_span *sp)
{
	size_t	 ls, le = sp->end, cut = SIZE_MAX;
	int	 k;

	for (k = 0; k < 3 && le > sp->start; k++) {
		ls = le;
		while (ls > sp->start && s[ls - 1] != '\n')
			ls--;
		if (signoff_line(s, ls, le))
			cut = ls;
		le = ls > sp->start ? ls - 1 : sp->start;
	}
	if (cut != SIZE_MAX) {
		sp->end = cut;
		sections_trim(s, &sp->start, &sp->end);
		if (sp->end < sp->start)
			sp->end = sp->start;
	}
}

static int
spans_add(struct sections *out, int key, int how, size_t ms, size_t me,
    size_t start, size_t end, const char *s, size_t *cap)
{
	struct sections_span	*nv;
	size_t			 ncap;

	if (end < start)
		end = start;
	sections_trim(s, &start, &end);
	if (key < 0 && start == end)
		return 0;
	if (out->nspans == *cap) {
		ncap = *cap == 0 ? 8 : *cap * 2;
		if ((nv = realloc(out->spans, ncap * sizeof(*nv))) == NULL)
			return -1;
		out->spans = nv;
		*cap = ncap;
	}
	nv = &out->spans[out->nspans++];
	nv->key = key;
	nv->how = how;
	nv->mark_start = ms;
	nv->mark_end = me;
	nv->start = start;
	nv->end = end;
	if (key >= 0)
		out->layout |= how;
	return 0;
}

static int
build_spans(const char *s, size_t len, const struct marks *all,
    struct sections *out)
{
	size_t	 i, cap = 0, next, c;
	const struct mark *m;

	if ((all->n == 0 || all->v[0].line > 0) &&
	    spans_add(out, -1, SECTIONS_NONE, 0, 0, 0, all->n ? all->v[0].line :
	    len, s, &cap) == -1)
		return -1;
	for (i = 0; i < all->n; i++) {
		m = &all->v[i];
		next = i + 1 < all->n ? all->v[i + 1].line : len;
		c = m->content < next ? m->content : next;
		if (spans_add(out, m->key, m->how, m->line, m->mark_end, c, next,
		    s, &cap) == -1)
			return -1;
	}
	if (out->nspans > 0 && out->spans[out->nspans - 1].key >= 0)
		trim_signoff(s, &out->spans[out->nspans - 1]);
	return 0;
}

int
sections_split(const char *text, size_t len, const char *body,
    size_t body_len, const struct reply_seg *segs, size_t nsegs,
    const struct sections_def *def, struct sections *out)
{
	struct marks		 inl = { 0 }, heads = { 0 }, nums = { 0 };
	struct marks		 lines = { 0 }, all = { 0 };
	const struct lex_index	*ix = lex_table_index(def->headings);
	int			 r = -1;

	memset(out, 0, sizeof(*out));
	if (segs != NULL && inline_marks(body, body_len, segs, nsegs, len, def,
	    ix, &inl) == -1)
		goto done;
	if (line_marks(text, len, def, ix, &heads, &nums) == -1)
		goto done;
	if (!numbered_mode(&inl, &heads, &nums))
		nums.n = 0;
	if (merge(&heads, &nums, &lines) == -1 || merge(&inl, &lines, &all) == -1)
		goto done;
	if (build_spans(text, len, &all, out) == -1)
		goto done;
	out->truncated = all.truncated | inl.truncated;
	r = 0;
done:
	free(inl.v);
	free(heads.v);
	free(nums.v);
	free(lines.v);
	free(all.v);
	if (r == -1)
		sections_free(out);
	return r;
}

void
sections_free(struct sections *s)
{
	free(s->spans);
	memset(s, 0, sizeof(*s));
}
