/* autoreply.c: out-of-office and other automatic replies; see autoreply.h. */
#include <string.h>
#include <strings.h>

#include "autoreply.h"
#include "lex.h"

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#define CUE_WINDOW	100	/* bytes after a cue where its date may start */

static const struct lex_phrase strong_subject_tab[] = {
	{ "out of office", 0 }, { "out of the office", 0 },
	{ "out-of-office", 0 }, { "ooo", 0 }, { "automatic reply", 0 },
	{ "auto reply", 0 }, { "auto-reply", 0 }, { "autoreply", 0 },
	{ "automatic response", 0 }, { "auto response", 0 },
	{ "autoresponse", 0 }, { "auto-response", 0 }, { "vacation reply", 0 },
	{ "abwesenheitsnotiz", 0 }, { "automatische antwort", 0 },
	{ "reponse automatique", 0 }, { "absent du bureau", 0 },
	{ "respuesta automatica", 0 }, { "fuera de la oficina", 0 },
	{ "resposta automatica", 0 }, { "fora do escritorio", 0 },
	{ "automatisch antwoord", 0 }, { "afwezigheidsbericht", 0 },
	{ "risposta automatica", 0 }, { "fuori ufficio", 0 },
	{ "automatyczna odpowiedz", 0 }, { "autosvar", 0 },
	{ "automaattinen vastaus", 0 },
};
static struct lex_table strong_subject_tab_ix = LEX_TABLE(strong_subject_tab);

static const struct lex_phrase weak_subject_tab[] = {
	{ "absence", 0 }, { "absent", 0 }, { "absente", 0 }, { "ausente", 0 },
	{ "afwezig", 0 }, { "abwesend", 0 }, { "abwesenheit", 0 },
	{ "vacation", 0 }, { "on vacation", 0 }, { "on leave", 0 },
	{ "away", 0 }, { "holiday", 0 }, { "urlaub", 0 }, { "vacances", 0 },
	{ "vacaciones", 0 }, { "ferias", 0 }, { "vakantie", 0 }, { "auto", 0 },
};
static struct lex_table weak_subject_tab_ix = LEX_TABLE(weak_subject_tab);

/* Reply and forward prefixes: a person writing about an absence. */
static const struct lex_phrase reply_prefix_tab[] = {
	{ "re", 0 }, { "aw", 0 }, { "sv", 0 }, { "antw", 0 }, { "fw", 0 },
	{ "fwd", 0 }, { "wg", 0 }, { "tr", 0 }, { "rv", 0 }, { "r", 0 },
	{ "ref", 0 }, { "res", 0 }, { "enc", 0 },
};
static struct lex_table reply_prefix_tab_ix = LEX_TABLE(reply_prefix_tab);

static const struct lex_phrase body_tab[] = {
	{ "out of the office", 0 }, { "out of office", 0 }, { "i am away", 0 },
	{ "i'm away", 0 }, { "currently away", 0 }, { "on vacation", 0 },
	{ "on holiday", 0 }, { "on leave", 0 }, { "annual leave", 0 },
	{ "parental leave", 0 }, { "maternity leave", 0 },
	{ "limited access to email", 0 }, { "limited access to e-mail", 0 },
	{ "no access to email", 0 }, { "away from the office", 0 },
	{ "upon my return", 0 }, { "when i return", 0 },
	{ "ich bin abwesend", 0 }, { "nicht im buro", 0 }, { "ausser haus", 0 },
	{ "im urlaub", 0 }, { "abwesend", 0 }, { "je suis absent", 0 },
	{ "je suis absente", 0 }, { "absent du bureau", 0 }, { "en conge", 0 },
	{ "en vacances", 0 }, { "a mon retour", 0 },
	{ "fuera de la oficina", 0 }, { "de vacaciones", 0 }, { "ausente", 0 },
	{ "de ferias", 0 }, { "fora do escritorio", 0 }, { "afwezig", 0 },
	{ "met vakantie", 0 }, { "niet op kantoor", 0 }, { "niet aanwezig", 0 },
};
static struct lex_table body_tab_ix = LEX_TABLE(body_tab);

static const struct lex_phrase cue_tab[] = {
	{ "back on", AUTOREPLY_BACK_ON }, { "back", AUTOREPLY_BACK_ON },
	{ "back in the office on", AUTOREPLY_BACK_ON },
	{ "back in the office", AUTOREPLY_BACK_ON },
	{ "return on", AUTOREPLY_BACK_ON }, { "return", AUTOREPLY_BACK_ON },
	{ "returning on", AUTOREPLY_BACK_ON }, { "returning", AUTOREPLY_BACK_ON },
	{ "available again", AUTOREPLY_BACK_ON },
	{ "available from", AUTOREPLY_BACK_ON },
	{ "reachable again", AUTOREPLY_BACK_ON },
	{ "zuruck am", AUTOREPLY_BACK_ON }, { "zuruck ab", AUTOREPLY_BACK_ON },
	{ "zuruck", AUTOREPLY_BACK_ON }, { "wieder im buro", AUTOREPLY_BACK_ON },
	{ "wieder erreichbar ab", AUTOREPLY_BACK_ON },
	{ "wieder erreichbar", AUTOREPLY_BACK_ON },
	{ "wieder da", AUTOREPLY_BACK_ON }, { "ab dem", AUTOREPLY_BACK_ON },
	{ "ab", AUTOREPLY_BACK_ON },
	{ "de retour", AUTOREPLY_BACK_ON }, { "retour le", AUTOREPLY_BACK_ON },
	{ "a partir du", AUTOREPLY_BACK_ON }, { "des le", AUTOREPLY_BACK_ON },
	{ "de vuelta", AUTOREPLY_BACK_ON }, { "regreso", AUTOREPLY_BACK_ON },
	{ "regresare", AUTOREPLY_BACK_ON }, { "volvere", AUTOREPLY_BACK_ON },
	{ "a partir del", AUTOREPLY_BACK_ON }, { "de volta", AUTOREPLY_BACK_ON },
	{ "retorno", AUTOREPLY_BACK_ON }, { "retornarei", AUTOREPLY_BACK_ON },
	{ "volto", AUTOREPLY_BACK_ON }, { "a partir de", AUTOREPLY_BACK_ON },
	{ "terug op", AUTOREPLY_BACK_ON }, { "terug", AUTOREPLY_BACK_ON },
	{ "weer aanwezig", AUTOREPLY_BACK_ON }, { "vanaf", AUTOREPLY_BACK_ON },
	{ "weer bereikbaar", AUTOREPLY_BACK_ON },
	{ "until", AUTOREPLY_AWAY_UNTIL }, { "till", AUTOREPLY_AWAY_UNTIL },
	{ "til", AUTOREPLY_AWAY_UNTIL }, { "through", AUTOREPLY_AWAY_UNTIL },
	{ "thru", AUTOREPLY_AWAY_UNTIL }, { "bis", AUTOREPLY_AWAY_UNTIL },
	{ "bis zum", AUTOREPLY_AWAY_UNTIL },
	{ "bis einschliesslich", AUTOREPLY_AWAY_UNTIL },
	{ "jusqu'au", AUTOREPLY_AWAY_UNTIL }, { "jusqu'a", AUTOREPLY_AWAY_UNTIL },
	{ "hasta", AUTOREPLY_AWAY_UNTIL }, { "ate", AUTOREPLY_AWAY_UNTIL },
	{ "tot en met", AUTOREPLY_AWAY_UNTIL }, { "t/m", AUTOREPLY_AWAY_UNTIL },
	{ "tot", AUTOREPLY_AWAY_UNTIL },
};
static struct lex_table cue_tab_ix = LEX_TABLE(cue_tab);

static const struct lex_phrase range_tab[] = {
	{ "-", 0 }, { "to", 0 }, { "bis", 0 }, { "au", 0 }, { "al", 0 },
	{ "a", 0 }, { "tot", 0 }, { "through", 0 }, { "until", 0 },
};
static struct lex_table range_tab_ix = LEX_TABLE(range_tab);

/* Case-insensitive, spaces trimmed, parameters after ';' ignored. */
static int
value_is(const char *v, const char *want)
{
	size_t n = strlen(want);

	while (*v == ' ' || *v == '\t')
		v++;
	if (strncasecmp(v, want, n) != 0)
		return 0;
	v += n;
	while (*v == ' ' || *v == '\t')
		v++;
	return *v == '\0' || *v == ';';
}

static unsigned
header_signals(const struct autoreply_header *h, size_t nh, const char **why)
{
	unsigned	 sig = 0, s;
	size_t		 i;
	const char	*n, *v, *w;

	for (i = 0; i < nh; i++) {
		if ((n = h[i].name) == NULL || (v = h[i].value) == NULL)
			continue;
		s = 0;
		w = NULL;
		if (strcasecmp(n, "Auto-Submitted") == 0) {
			w = "Auto-Submitted";
			if (value_is(v, "auto-replied"))
				s = AUTOREPLY_SIG_HEADER;
			else if (!value_is(v, "no") && !value_is(v, ""))
				s = AUTOREPLY_SIG_MACHINE;
		} else if (strcasecmp(n, "X-Autoreply") == 0 ||
		    strcasecmp(n, "X-Autorespond") == 0 ||
		    strcasecmp(n, "X-Autoresponder") == 0 ||
		    strcasecmp(n, "X-Autoresponse") == 0) {
			w = "X-Autoreply";
			if (!value_is(v, "no") && !value_is(v, "false"))
				s = AUTOREPLY_SIG_HEADER;
		} else if (strcasecmp(n, "Precedence") == 0) {
			w = "Precedence";
			if (value_is(v, "auto_reply"))
				s = AUTOREPLY_SIG_HEADER;
			else if (value_is(v, "bulk") || value_is(v, "junk"))
				s = AUTOREPLY_SIG_MACHINE;
		}
		if (s != 0 && *why == NULL)
			*why = w;
		sig |= s;
	}
	return sig;
}

/* Skip "Re: AW: [tag]" at the start; *replied says a prefix was there. */
static size_t
skip_prefixes(const char *s, size_t len, int *replied)
{
	struct lex_tok	 t, c;
	const char	*rb;
	size_t		 i = 0, e;
	int		 k;

	*replied = 0;
	for (k = 0; k < 8; k++) {
		lex_token(s, len, i, &t);
		if (lex_is_punct(&t, '[')) {	/* "[EXT]" */
			if ((rb = memchr(s + t.end, ']', len - t.end)) == NULL)
				break;
			i = (size_t)(rb - s) + 1;
			continue;
		}
		if (t.kind != LEX_WORD || lex_index_lookup(lex_table_index(&reply_prefix_tab_ix),
		    s, len, t.start, &e) < 0 ||
		    e != t.end)
			break;
		lex_token(s, len, t.end, &c);
		if (!lex_is_punct(&c, ':'))
			break;
		*replied = 1;
		i = c.end;
	}
	return lex_skip_space(s, len, i);
}

static unsigned
subject_signals(const char *s, const char **why)
{
	struct lex_tok	 t;
	size_t		 len, i, start, e;
	unsigned	 sig = 0;
	int		 replied, k;

	if (s == NULL)
		return 0;
	len = strlen(s);
	start = skip_prefixes(s, len, &replied);
	if (replied)
		return 0;	/* a person's "Re: out of office next week?" */
	if ((k = lex_index_lookup(lex_table_index(&weak_subject_tab_ix),
	    s, len, start, &e)) >= 0) {
		sig |= AUTOREPLY_SIG_WEAK;
		*why = weak_subject_tab[k].pat;
	}
	for (i = start; i < len; i = t.end) {
		lex_token(s, len, i, &t);
		if (t.kind == LEX_END)
			break;
		if (t.kind == LEX_WORD && lex_word_start(s, len, t.start) &&
		    (k = lex_index_lookup(lex_table_index(&strong_subject_tab_ix),
		    s, len, t.start, &e)) >= 0) {
			*why = strong_subject_tab[k].pat;
			return sig | AUTOREPLY_SIG_SUBJECT;
		}
	}
	return sig;
}

static unsigned
body_signals(const char *s, size_t len)
{
	struct lex_tok	 t;
	size_t		 i, e;

	for (i = 0; i < len; i = t.end) {
		lex_token(s, len, i, &t);
		if (t.kind == LEX_END)
			break;
		if (t.kind == LEX_WORD && lex_word_start(s, len, t.start) &&
		    lex_index_lookup(lex_table_index(&body_tab_ix),
		    s, len, t.start, &e) >= 0)
			return AUTOREPLY_SIG_BODY;
	}
	return 0;
}

/* The date a cue points at: within CUE_WINDOW bytes, on its line. */
static int
date_after(const char *s, size_t len, size_t e, const struct dates_ref *ref,
    struct dates_match *m)
{
	size_t to = lex_line_end(s, len, e);

	if (to > e + CUE_WINDOW)
		to = e + CUE_WINDOW;
	return dates_find(s, len, e, to, ref, DATES_DATE, m);
}

/* "Dec 1 - Dec 4", "vom 1. bis 4.12.": the end of a range. */
static int
range_end(const char *s, size_t len, const struct dates_ref *ref,
    struct dates_match *m)
{
	struct dates_match	 a;
	size_t			 i = 0, e;
	int			 n;

	for (n = 0; n < 32 && dates_find(s, len, i, len, ref, DATES_DATE, &a);
	    n++) {
		if (lex_index_lookup(lex_table_index(&range_tab_ix),
		    s, len, lex_skip_space(s, len, a.end), &e) >= 0 && dates_parse_at(s, len, e,
		    ref, DATES_DATE, m))
			return 1;
		i = a.end;
	}
	return 0;
}

static void
find_return(const char *s, size_t len, const struct dates_ref *ref,
    struct autoreply *out)
{
	struct lex_tok		 t;
	struct dates_match	 m, until;
	size_t			 i, e;
	int			 k, have_until = 0;

	for (i = 0; i < len; i = t.end) {
		lex_token(s, len, i, &t);
		if (t.kind == LEX_END)
			break;
		if (t.kind != LEX_WORD || !lex_word_start(s, len, t.start) ||
		    (k = lex_index_lookup(lex_table_index(&cue_tab_ix),
		    s, len, t.start, &e)) < 0)
			continue;
		if (!date_after(s, len, e, ref, &m))
			continue;
		if (cue_tab[k].val == AUTOREPLY_BACK_ON) {
			out->ret_kind = AUTOREPLY_BACK_ON;
			out->ret = m;
			return;
		}
		if (!have_until) {
			until = m;
			have_until = 1;
		}
	}
	if (have_until || range_end(s, len, ref, &until)) {
		out->ret_kind = AUTOREPLY_AWAY_UNTIL;
		out->ret = until;
	}
}

int
autoreply_classify(const struct autoreply_header *headers, size_t nh,
    const char *subject, const char *body, size_t body_len, time_t date,
    const char *tzid, struct autoreply *out, const char **errp)
{
	struct dates_ref	 ref;
	unsigned		 sig;
	int			 ooo_cue;

	memset(out, 0, sizeof(*out));
	if (dates_ref_init(&ref, date, tzid) == -1) {
		if (errp != NULL)
			*errp = "unknown time zone";
		return -1;
	}
	if (body == NULL)
		body_len = 0;
	if (body_len > AUTOREPLY_SCAN_MAX)
		body_len = AUTOREPLY_SCAN_MAX;
	sig = subject_signals(subject, &out->why);
	sig |= header_signals(headers, headers != NULL ? nh : 0, &out->why);
	if (!(sig & (AUTOREPLY_SIG_HEADER | AUTOREPLY_SIG_MACHINE |
	    AUTOREPLY_SIG_SUBJECT | AUTOREPLY_SIG_WEAK))) {
		out->signals = sig;
		return 0;	/* a body phrase alone decides nothing: don't read it */
	}
	sig |= body_signals(body, body_len);
	out->signals = sig;
	find_return(body, body_len, &ref, out);
	ooo_cue = (sig & (AUTOREPLY_SIG_SUBJECT | AUTOREPLY_SIG_BODY)) ||
	    out->ret_kind != AUTOREPLY_NO_RETURN;
	if ((sig & AUTOREPLY_SIG_SUBJECT) ||
	    ((sig & (AUTOREPLY_SIG_HEADER | AUTOREPLY_SIG_MACHINE)) && ooo_cue) ||
	    ((sig & AUTOREPLY_SIG_WEAK) && (sig & AUTOREPLY_SIG_BODY)))
		out->class = AUTOREPLY_OOO;
	else if (sig & (AUTOREPLY_SIG_HEADER | AUTOREPLY_SIG_MACHINE))
		out->class = AUTOREPLY_AUTO;
	if (out->class != AUTOREPLY_OOO) {
		out->ret_kind = AUTOREPLY_NO_RETURN;
		memset(&out->ret, 0, sizeof(out->ret));
	}
	if (out->class == AUTOREPLY_NONE)
		out->why = NULL;
	return 0;
}

const char *
autoreply_class_name(enum autoreply_class c)
{
	switch (c) {
	case AUTOREPLY_OOO:
		return "out_of_office";
	case AUTOREPLY_AUTO:
		return "auto_reply";
	default:
		return "none";
	}
}
