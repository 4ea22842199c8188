/*
 * dates.c: written dates and times; see dates.h for what is understood.
 *
 * A small recursive-descent reader over lex.h tokens. Every rule looks at a
 * fixed number of tokens from its start, so dates_parse_at() is bounded and
 * dates_find(), which tries it at each token start, is linear.
 */
#include <stdio.h>
#include <string.h>

#include "dates.h"
#include "lex.h"
#include "tzone.h"

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

/* Relative phrases: op in the high bits, a day count in the low byte. */
enum rel_op {
	REL_DAYS = 1,		/* today + n */
	REL_YESTERDAY,
	REL_NEXT_WEEK,		/* Monday of next week */
	REL_NEXT_MONTH,		/* the 1st of next month */
	REL_END_WEEK,		/* Friday of this week */
	REL_END_NEXT_WEEK,
	REL_END_MONTH,
	REL_WEEKEND		/* Saturday, or today on a Sunday */
};
#define REL(op, n)	(((op) << 8) | (n))
#define WEAK		0x10000	/* skipped by dates_find when alone */

static const struct lex_phrase rel_tab[] = {
	{ "today", REL(REL_DAYS, 0) }, { "tonight", REL(REL_DAYS, 0) },
	{ "this evening", REL(REL_DAYS, 0) }, { "heute", REL(REL_DAYS, 0) },
	{ "heute abend", REL(REL_DAYS, 0) },
	{ "aujourd'hui", REL(REL_DAYS, 0) }, { "ce soir", REL(REL_DAYS, 0) },
	{ "hoy", REL(REL_DAYS, 0) }, { "esta noche", REL(REL_DAYS, 0) },
	{ "hoje", REL(REL_DAYS, 0) }, { "vandaag", REL(REL_DAYS, 0) },
	{ "vanavond", REL(REL_DAYS, 0) },
	{ "tomorrow", REL(REL_DAYS, 1) }, { "tmrw", REL(REL_DAYS, 1) },
	{ "morgen", REL(REL_DAYS, 1) | WEAK }, { "demain", REL(REL_DAYS, 1) },
	{ "manana", REL(REL_DAYS, 1) | WEAK }, { "amanha", REL(REL_DAYS, 1) },
	{ "day after tomorrow", REL(REL_DAYS, 2) },
	{ "the day after tomorrow", REL(REL_DAYS, 2) },
	{ "ubermorgen", REL(REL_DAYS, 2) }, { "apres-demain", REL(REL_DAYS, 2) },
	{ "apres demain", REL(REL_DAYS, 2) },
	{ "pasado manana", REL(REL_DAYS, 2) },
	{ "depois de amanha", REL(REL_DAYS, 2) },
	{ "overmorgen", REL(REL_DAYS, 2) },
	{ "yesterday", REL(REL_YESTERDAY, 0) }, { "gestern", REL(REL_YESTERDAY, 0) },
	{ "ayer", REL(REL_YESTERDAY, 0) }, { "ontem", REL(REL_YESTERDAY, 0) },
	{ "gisteren", REL(REL_YESTERDAY, 0) },
	{ "next week", REL(REL_NEXT_WEEK, 0) },
	{ "nachste woche", REL(REL_NEXT_WEEK, 0) },
	{ "kommende woche", REL(REL_NEXT_WEEK, 0) },
	{ "la semaine prochaine", REL(REL_NEXT_WEEK, 0) },
	{ "semaine prochaine", REL(REL_NEXT_WEEK, 0) },
	{ "la proxima semana", REL(REL_NEXT_WEEK, 0) },
	{ "proxima semana", REL(REL_NEXT_WEEK, 0) },
	{ "la semana que viene", REL(REL_NEXT_WEEK, 0) },
	{ "semana que viene", REL(REL_NEXT_WEEK, 0) },
	{ "na proxima semana", REL(REL_NEXT_WEEK, 0) },
	{ "semana que vem", REL(REL_NEXT_WEEK, 0) },
	{ "volgende week", REL(REL_NEXT_WEEK, 0) },
	{ "komende week", REL(REL_NEXT_WEEK, 0) },
	{ "next month", REL(REL_NEXT_MONTH, 0) },
	{ "nachsten monat", REL(REL_NEXT_MONTH, 0) },
	{ "le mois prochain", REL(REL_NEXT_MONTH, 0) },
	{ "mois prochain", REL(REL_NEXT_MONTH, 0) },
	{ "el proximo mes", REL(REL_NEXT_MONTH, 0) },
	{ "el mes que viene", REL(REL_NEXT_MONTH, 0) },
	{ "proximo mes", REL(REL_NEXT_MONTH, 0) },
	{ "mes que vem", REL(REL_NEXT_MONTH, 0) },
	{ "volgende maand", REL(REL_NEXT_MONTH, 0) },
	{ "end of week", REL(REL_END_WEEK, 0) },
	{ "end of the week", REL(REL_END_WEEK, 0) },
	{ "end of this week", REL(REL_END_WEEK, 0) },
	{ "eow", REL(REL_END_WEEK, 0) },
	{ "ende der woche", REL(REL_END_WEEK, 0) },
	{ "ende dieser woche", REL(REL_END_WEEK, 0) },
	{ "fin de la semaine", REL(REL_END_WEEK, 0) },
	{ "fin de cette semaine", REL(REL_END_WEEK, 0) },
	{ "final de la semana", REL(REL_END_WEEK, 0) },
	{ "fin de esta semana", REL(REL_END_WEEK, 0) },
	{ "final da semana", REL(REL_END_WEEK, 0) },
	{ "fim da semana", REL(REL_END_WEEK, 0) },
	{ "eind van de week", REL(REL_END_WEEK, 0) },
	{ "einde van de week", REL(REL_END_WEEK, 0) },
	{ "eind deze week", REL(REL_END_WEEK, 0) },
	{ "end of next week", REL(REL_END_NEXT_WEEK, 0) },
	{ "ende nachster woche", REL(REL_END_NEXT_WEEK, 0) },
	{ "ende der nachsten woche", REL(REL_END_NEXT_WEEK, 0) },
	{ "fin de la semaine prochaine", REL(REL_END_NEXT_WEEK, 0) },
	{ "fin de la proxima semana", REL(REL_END_NEXT_WEEK, 0) },
	{ "final de la proxima semana", REL(REL_END_NEXT_WEEK, 0) },
	{ "fim da proxima semana", REL(REL_END_NEXT_WEEK, 0) },
	{ "final da proxima semana", REL(REL_END_NEXT_WEEK, 0) },
	{ "eind volgende week", REL(REL_END_NEXT_WEEK, 0) },
	{ "eind van volgende week", REL(REL_END_NEXT_WEEK, 0) },
	{ "end of month", REL(REL_END_MONTH, 0) },
	{ "end of the month", REL(REL_END_MONTH, 0) },
	{ "end of this month", REL(REL_END_MONTH, 0) },
	{ "eom", REL(REL_END_MONTH, 0) },
	{ "monatsende", REL(REL_END_MONTH, 0) },
	{ "ende des monats", REL(REL_END_MONTH, 0) },
	{ "ende dieses monats", REL(REL_END_MONTH, 0) },
	{ "fin du mois", REL(REL_END_MONTH, 0) },
	{ "fin de mois", REL(REL_END_MONTH, 0) },
	{ "fin de mes", REL(REL_END_MONTH, 0) },
	{ "fin del mes", REL(REL_END_MONTH, 0) },
	{ "final del mes", REL(REL_END_MONTH, 0) },
	{ "fim do mes", REL(REL_END_MONTH, 0) },
	{ "final do mes", REL(REL_END_MONTH, 0) },
	{ "eind van de maand", REL(REL_END_MONTH, 0) },
	{ "einde van de maand", REL(REL_END_MONTH, 0) },
	{ "eind deze maand", REL(REL_END_MONTH, 0) },
	{ "einde maand", REL(REL_END_MONTH, 0) },
	{ "this weekend", REL(REL_WEEKEND, 0) },
	{ "the weekend", REL(REL_WEEKEND, 0) },
	{ "am wochenende", REL(REL_WEEKEND, 0) },
	{ "ce week-end", REL(REL_WEEKEND, 0) },
	{ "este fin de semana", REL(REL_WEEKEND, 0) },
	{ "el fin de semana", REL(REL_WEEKEND, 0) },
	{ "este fim de semana", REL(REL_WEEKEND, 0) },
	{ "no fim de semana", REL(REL_WEEKEND, 0) },
	{ "dit weekend", REL(REL_WEEKEND, 0) },
};

enum mod { MOD_NONE, MOD_THIS, MOD_NEXT, MOD_LAST, MOD_ON };

/* Words before a weekday (MOD_ON also before an absolute date). */
static const struct lex_phrase mod_tab[] = {
	{ "this", MOD_THIS }, { "this coming", MOD_THIS }, { "coming", MOD_THIS },
	{ "on", MOD_ON }, { "on this", MOD_THIS }, { "on the", MOD_ON },
	{ "the", MOD_ON }, { "by", MOD_ON },
	{ "next", MOD_NEXT }, { "on next", MOD_NEXT },
	{ "last", MOD_LAST }, { "on last", MOD_LAST },
	{ "diesen", MOD_THIS }, { "diese", MOD_THIS }, { "dieser", MOD_THIS },
	{ "diesem", MOD_THIS }, { "kommenden", MOD_THIS },
	{ "kommende", MOD_THIS }, { "am", MOD_ON }, { "den", MOD_ON },
	{ "nachsten", MOD_NEXT }, { "nachste", MOD_NEXT }, { "nachster", MOD_NEXT },
	{ "am nachsten", MOD_NEXT }, { "letzten", MOD_LAST },
	{ "letzte", MOD_LAST }, { "am letzten", MOD_LAST },
	{ "ce", MOD_THIS }, { "le", MOD_ON }, { "le prochain", MOD_NEXT },
	{ "el", MOD_ON }, { "este", MOD_THIS }, { "esta", MOD_THIS },
	{ "el proximo", MOD_NEXT }, { "la proxima", MOD_NEXT },
	{ "proximo", MOD_NEXT }, { "proxima", MOD_NEXT },
	{ "el pasado", MOD_LAST },
	{ "nesta", MOD_THIS }, { "neste", MOD_THIS }, { "na", MOD_ON },
	{ "no", MOD_ON }, { "em", MOD_ON }, { "na proxima", MOD_NEXT },
	{ "no proximo", MOD_NEXT }, { "no dia", MOD_ON }, { "dia", MOD_ON },
	{ "deze", MOD_THIS }, { "aanstaande", MOD_THIS }, { "komende", MOD_THIS },
	{ "op", MOD_ON }, { "volgende", MOD_NEXT }, { "vorige", MOD_LAST },
	{ "afgelopen", MOD_LAST },
};

/* Words after a weekday. */
static const struct lex_phrase postmod_tab[] = {
	{ "prochain", MOD_NEXT }, { "prochaine", MOD_NEXT },
	{ "que viene", MOD_NEXT }, { "que vem", MOD_NEXT },
	{ "proximo", MOD_NEXT }, { "proxima", MOD_NEXT },
	{ "dernier", MOD_LAST }, { "pasado", MOD_LAST }, { "passado", MOD_LAST },
};

/* Weekdays: 0 = Sunday; WEAK for abbreviations that are also words. */
static const struct lex_phrase wday_tab[] = {
	{ "sunday", 0 }, { "sun", 0 | WEAK }, { "sonntag", 0 },
	{ "dimanche", 0 }, { "domingo", 0 }, { "zondag", 0 },
	{ "monday", 1 }, { "mon", 1 | WEAK }, { "montag", 1 }, { "lundi", 1 },
	{ "lunes", 1 }, { "segunda", 1 | WEAK }, { "segunda-feira", 1 },
	{ "maandag", 1 },
	{ "tuesday", 2 }, { "tue", 2 | WEAK }, { "tues", 2 | WEAK },
	{ "dienstag", 2 }, { "mardi", 2 }, { "martes", 2 }, { "terca", 2 | WEAK },
	{ "terca-feira", 2 }, { "dinsdag", 2 },
	{ "wednesday", 3 }, { "wed", 3 | WEAK }, { "mittwoch", 3 },
	{ "mercredi", 3 }, { "miercoles", 3 }, { "quarta", 3 | WEAK },
	{ "quarta-feira", 3 }, { "woensdag", 3 },
	{ "thursday", 4 }, { "thu", 4 | WEAK }, { "thur", 4 | WEAK },
	{ "thurs", 4 | WEAK }, { "donnerstag", 4 }, { "jeudi", 4 },
	{ "jueves", 4 }, { "quinta", 4 | WEAK }, { "quinta-feira", 4 },
	{ "donderdag", 4 },
	{ "friday", 5 }, { "fri", 5 | WEAK }, { "freitag", 5 },
	{ "vendredi", 5 }, { "viernes", 5 }, { "sexta", 5 | WEAK },
	{ "sexta-feira", 5 }, { "vrijdag", 5 },
	{ "saturday", 6 }, { "sat", 6 | WEAK }, { "samstag", 6 },
	{ "sonnabend", 6 }, { "samedi", 6 }, { "sabado", 6 }, { "zaterdag", 6 },
};
static struct lex_table wday_tab_ix = LEX_TABLE(wday_tab);

static const struct lex_phrase month_tab[] = {
	{ "january", 1 }, { "jan", 1 }, { "januar", 1 }, { "janner", 1 },
	{ "janvier", 1 }, { "janv", 1 }, { "enero", 1 }, { "ene", 1 },
	{ "janeiro", 1 }, { "januari", 1 },
	{ "february", 2 }, { "feb", 2 }, { "februar", 2 }, { "fevrier", 2 },
	{ "fev", 2 }, { "fevr", 2 }, { "febrero", 2 }, { "fevereiro", 2 },
	{ "februari", 2 },
	{ "march", 3 }, { "mar", 3 }, { "marz", 3 }, { "mrz", 3 }, { "mars", 3 },
	{ "marzo", 3 }, { "marco", 3 }, { "maart", 3 }, { "mrt", 3 },
	{ "april", 4 }, { "apr", 4 }, { "avril", 4 }, { "avr", 4 },
	{ "abril", 4 }, { "abr", 4 },
	{ "may", 5 }, { "mai", 5 }, { "mayo", 5 }, { "maio", 5 }, { "mei", 5 },
	{ "june", 6 }, { "jun", 6 }, { "juni", 6 }, { "juin", 6 },
	{ "junio", 6 }, { "junho", 6 },
	{ "july", 7 }, { "jul", 7 }, { "juli", 7 }, { "juillet", 7 },
	{ "juil", 7 }, { "julio", 7 }, { "julho", 7 },
	{ "august", 8 }, { "aug", 8 }, { "aout", 8 }, { "agosto", 8 },
	{ "augustus", 8 },
	{ "september", 9 }, { "sep", 9 }, { "sept", 9 }, { "septembre", 9 },
	{ "septiembre", 9 }, { "setiembre", 9 }, { "setembro", 9 },
	{ "october", 10 }, { "oct", 10 }, { "oktober", 10 }, { "okt", 10 },
	{ "octobre", 10 }, { "octubre", 10 }, { "outubro", 10 },
	{ "november", 11 }, { "nov", 11 }, { "novembre", 11 },
	{ "noviembre", 11 }, { "novembro", 11 },
	{ "december", 12 }, { "dec", 12 }, { "dezember", 12 }, { "dez", 12 },
	{ "decembre", 12 }, { "diciembre", 12 }, { "dic", 12 },
	{ "dezembro", 12 },
};
static struct lex_table month_tab_ix = LEX_TABLE(month_tab);

/* "in N days": the lead word, number words, units. */
static const struct lex_phrase in_tab[] = {
	{ "in", 0 }, { "in about", 0 }, { "within", 0 }, { "dans", 0 },
	{ "en", 0 }, { "em", 0 }, { "over", 0 }, { "binnen", 0 },
};

static const struct lex_phrase numword_tab[] = {
	{ "a", 1 }, { "an", 1 }, { "one", 1 }, { "two", 2 }, { "three", 3 },
	{ "four", 4 }, { "five", 5 }, { "six", 6 }, { "seven", 7 },
	{ "eight", 8 }, { "nine", 9 }, { "ten", 10 }, { "a couple of", 2 },
	{ "a few", 3 },
	{ "ein", 1 }, { "einem", 1 }, { "einer", 1 }, { "zwei", 2 },
	{ "drei", 3 }, { "vier", 4 }, { "funf", 5 }, { "sechs", 6 },
	{ "sieben", 7 }, { "acht", 8 }, { "neun", 9 }, { "zehn", 10 },
	{ "un", 1 }, { "une", 1 }, { "deux", 2 }, { "trois", 3 },
	{ "quatre", 4 }, { "cinq", 5 }, { "sept", 7 }, { "huit", 8 },
	{ "neuf", 9 }, { "dix", 10 },
	{ "una", 1 }, { "uno", 1 }, { "dos", 2 }, { "tres", 3 },
	{ "cuatro", 4 }, { "cinco", 5 }, { "seis", 6 }, { "siete", 7 },
	{ "ocho", 8 }, { "nueve", 9 }, { "diez", 10 },
	{ "um", 1 }, { "uma", 1 }, { "dois", 2 }, { "duas", 2 },
	{ "quatro", 4 }, { "sete", 7 }, { "oito", 8 }, { "nove", 9 },
	{ "dez", 10 },
	{ "een", 1 }, { "twee", 2 }, { "drie", 3 }, { "vijf", 5 },
	{ "zes", 6 }, { "zeven", 7 }, { "negen", 9 }, { "tien", 10 },
};

static const struct lex_phrase unit_tab[] = {
	{ "day", 1 }, { "days", 1 }, { "tag", 1 }, { "tage", 1 },
	{ "tagen", 1 }, { "jour", 1 }, { "jours", 1 }, { "dia", 1 },
	{ "dias", 1 }, { "dag", 1 }, { "dagen", 1 },
	{ "week", 7 }, { "weeks", 7 }, { "woche", 7 }, { "wochen", 7 },
	{ "semaine", 7 }, { "semaines", 7 }, { "semana", 7 },
	{ "semanas", 7 }, { "weken", 7 },
};

/* Between a date and its time, and between a time and its date. */
static const struct lex_phrase at_tab[] = {
	{ "at", 1 }, { "um", 1 }, { "a", 1 }, { "a las", 1 }, { "a la", 1 },
	{ "as", 1 }, { "om", 1 }, { "@", 1 }, { ",", 0 }, { "from", 1 },
	{ "ab", 1 }, { "des", 1 }, { "vers", 1 }, { "around", 1 },
};
static const struct lex_phrase on_tab[] = {
	{ "on", 0 }, { "am", 0 }, { "le", 0 }, { "el", 0 }, { "op", 0 },
	{ "em", 0 }, { "no", 0 }, { "na", 0 }, { ",", 0 },
};

static const struct lex_phrase noon_tab[] = {
	{ "noon", 12 }, { "midday", 12 }, { "mittag", 12 }, { "midi", 12 },
	{ "mediodia", 12 }, { "meio-dia", 12 }, { "middag", 12 },
};

struct dp {
	const char		*s;
	size_t			 len;
	const struct dates_ref	*ref;
	int			 strict;	/* dates_find: skip weak forms */
};

/* A date as read, before resolution. */
struct rd {
	int	 y, m, d;	/* y == 0: no year written */
	int	 ay, am, ad;	/* the other reading of an ambiguous date */
	int	 ambiguous;
	long	 day;		/* resolved day number, for relative forms */
	int	 relative;	/* day is set */
	int	 past;		/* written as past: yesterday, last Friday */
	int	 soft;		/* a bare weekday: may roll a week for a time */
	int	 iso_t;		/* ended with ISO 'T': a time must follow */
};

static size_t
tk(const struct dp *p, size_t i, struct lex_tok *t)
{
	return lex_token(p->s, p->len, i, t);
}

/* The next token starts right where the previous one ended. */
static size_t
tk_adj(const struct dp *p, size_t i, struct lex_tok *t)
{
	tk(p, i, t);
	if (t->start != i) {
		t->kind = LEX_END;
		t->end = i;
	}
	return t->end;
}

/* Look a phrase up at i after spaces, not across a newline. */
static int
look(const struct dp *p, size_t i, const struct lex_phrase *tab, size_t n,
    size_t *endp)
{
	size_t	 j = lex_skip_space(p->s, p->len, i), e;
	int	 k;

	if (j < p->len && !lex_word_start(p->s, p->len, j)) {
		uint32_t cp;

		lex_utf8(p->s, p->len, j, &cp);
		if (lex_is_alnum(cp))
			return -1;	/* inside a word: "3days" */
	}
	if ((k = lex_lookup(p->s, p->len, j, tab, n, &e)) < 0)
		return -1;
	if (memchr(p->s + j, '\n', e - j) != NULL)
		return -1;
	*endp = e;
	return k;
}

static long
today(const struct dates_ref *r)
{
	return tzone_days_from_civil(r->year, r->month, r->day);
}

static long
monday_this_week(const struct dates_ref *r)
{
	return today(r) - (r->wday + 6) % 7;
}

static int
valid_ymd(int y, int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= tzone_days_in_month(y, m);
}

/* ---- absolute dates ---- */

static int
year_of(const struct lex_tok *t, int two_digit_ok)
{
	if (t->kind != LEX_NUM)
		return 0;
	if (t->ndig == 4 && t->num >= 1970 && t->num <= 2099)
		return (int)t->num;
	if (two_digit_ok && t->ndig == 2)
		return 2000 + (int)t->num;
	return 0;
}

/* The next adjacent token must not continue a number (12/8/, 7.12.3.4). */
static int
ends_number(const struct dp *p, size_t e)
{
	struct lex_tok t;

	tk_adj(p, e, &t);
	if (t.kind == LEX_NUM)
		return 0;
	if ((t.kind == LEX_PUNCT) && (t.c == '/' || t.c == '-' || t.c == '.' ||
	    t.c == ':')) {
		struct lex_tok u;

		tk_adj(p, t.end, &u);
		return u.kind != LEX_NUM;
	}
	return t.kind != LEX_WORD;
}

/* 2026-12-08, optionally followed by T and a time. */
static size_t
abs_iso(const struct dp *p, size_t i, struct rd *r)
{
	struct lex_tok	 y, d1, m, d2, d, t, h;
	size_t		 e;

	tk(p, i, &y);
	if (y.start != i || y.kind != LEX_NUM || y.ndig != 4 || !year_of(&y, 0))
		return 0;
	tk_adj(p, y.end, &d1);
	tk_adj(p, d1.end, &m);
	tk_adj(p, m.end, &d2);
	e = tk_adj(p, d2.end, &d);
	if (!lex_is_punct(&d1, '-') || !lex_is_punct(&d2, '-') ||
	    m.kind != LEX_NUM || m.ndig > 2 || d.kind != LEX_NUM || d.ndig > 2)
		return 0;
	if (!valid_ymd((int)y.num, (int)m.num, (int)d.num))
		return 0;
	r->y = (int)y.num;
	r->m = (int)m.num;
	r->d = (int)d.num;
	tk_adj(p, e, &t);
	if (lex_is_word(&t, "t")) {
		tk_adj(p, t.end, &h);
		if (h.kind == LEX_NUM) {
			r->iso_t = 1;
			return t.end;
		}
	}
	return ends_number(p, e) ? e : 0;
}

/* 7.12. or 7.12.2026 or 07.12.26: always day.month. */
static size_t
abs_dotted(const struct dp *p, size_t i, struct rd *r)
{
	struct lex_tok	 d, p1, m, p2, y;
	size_t		 e;

	tk(p, i, &d);
	if (d.start != i || d.kind != LEX_NUM || d.ndig > 2)
		return 0;
	tk_adj(p, d.end, &p1);
	tk_adj(p, p1.end, &m);
	e = tk_adj(p, m.end, &p2);
	if (!lex_is_punct(&p1, '.') || m.kind != LEX_NUM || m.ndig > 2 ||
	    !lex_is_punct(&p2, '.'))
		return 0;
	tk_adj(p, e, &y);
	r->y = 0;
	if (y.kind == LEX_NUM) {
		if ((r->y = year_of(&y, 1)) == 0)
			return 0;
		e = y.end;
		if (!ends_number(p, e))
			return 0;
	}
	r->d = (int)d.num;
	r->m = (int)m.num;
	if (!valid_ymd(r->y ? r->y : 2000, r->m, r->d))
		return 0;
	return e;
}

/* 12/8 or 12/8/2026: see "Slashes" in dates.h. */
static size_t
abs_slash(const struct dp *p, size_t i, struct rd *r)
{
	struct lex_tok	 a, s1, b, s2, y;
	size_t		 e;
	int		 yy = 0, x, z;

	tk(p, i, &a);
	if (a.start != i || a.kind != LEX_NUM || a.ndig > 2)
		return 0;
	tk_adj(p, a.end, &s1);
	e = tk_adj(p, s1.end, &b);
	if (!lex_is_punct(&s1, '/') || b.kind != LEX_NUM || b.ndig > 2)
		return 0;
	tk_adj(p, e, &s2);
	if (lex_is_punct(&s2, '/')) {
		tk_adj(p, s2.end, &y);
		if ((yy = year_of(&y, 1)) == 0)
			return 0;
		e = y.end;
	}
	if (!ends_number(p, e))
		return 0;
	x = (int)a.num;
	z = (int)b.num;
	r->y = yy;
	if (x == z || x > 12 || (z <= 12 && p->ref->order != DATES_ORDER_MD)) {
		r->d = x;
		r->m = z;
	} else {
		r->m = x;
		r->d = z;
	}
	if (x != z && x <= 12 && z <= 12 &&
	    p->ref->order == DATES_ORDER_UNKNOWN) {
		/* both readings possible and the zone does not decide */
		r->ambiguous = 1;
		r->ay = yy;
		r->am = x;
		r->ad = z;
	}
	return valid_ymd(yy ? yy : 2000, r->m, r->d) ? e : 0;
}

/* An ordinal suffix glued to a day number: 8th, 1st, 1er, 8., 8º. */
static size_t
ordinal(const struct dp *p, size_t e, int dot_ok, int *had)
{
	struct lex_tok t;

	*had = 0;
	tk_adj(p, e, &t);
	if (lex_is_word(&t, "st") || lex_is_word(&t, "nd") ||
	    lex_is_word(&t, "rd") || lex_is_word(&t, "th") ||
	    lex_is_word(&t, "er") || lex_is_word(&t, "o") ||
	    (dot_ok && lex_is_punct(&t, '.'))) {
		*had = 1;
		return t.end;
	}
	return e;
}

static int
month_at(const struct dp *p, size_t i, size_t *e)
{
	struct lex_tok	 t;
	int		 k;

	tk(p, i, &t);
	if (t.kind != LEX_WORD || t.start != lex_skip_space(p->s, p->len, i))
		return 0;
	if ((k = lex_index_lookup(lex_table_index(&month_tab_ix),
	    p->s, p->len, t.start, e)) < 0 || *e != t.end)
		return 0;
	tk_adj(p, *e, &t);
	if (lex_is_punct(&t, '.'))
		*e = t.end;
	return month_tab[k].val;
}

/* An optional ", 2026" / " 2026" / " de 2026" after a day and month. */
static size_t
opt_year(const struct dp *p, size_t e, int *y)
{
	struct lex_tok	 t;
	size_t		 j = e;

	tk(p, j, &t);
	if (lex_is_punct(&t, ','))
		j = tk(p, t.end, &t);
	if (lex_is_word(&t, "de") || lex_is_word(&t, "del"))
		j = tk(p, t.end, &t);
	if ((*y = year_of(&t, 0)) != 0 && ends_number(p, t.end))
		return t.end;
	*y = 0;
	return e;
}

/* Dec 8, December 8th, Dec. 8, 2026 */
static size_t
abs_month_day(const struct dp *p, size_t i, struct rd *r)
{
	struct lex_tok	 t;
	size_t		 e;
	int		 m, had;

	if ((m = month_at(p, i, &e)) == 0)
		return 0;
	tk(p, e, &t);
	if (lex_is_word(&t, "the"))
		tk(p, t.end, &t);
	if (t.kind != LEX_NUM || t.ndig > 2 || t.num < 1)
		return 0;
	e = ordinal(p, t.end, 0, &had);
	if (!had && !ends_number(p, e))
		return 0;
	r->m = m;
	r->d = (int)t.num;
	e = opt_year(p, e, &r->y);
	return valid_ymd(r->y ? r->y : 2000, r->m, r->d) ? e : 0;
}

/* 8 December, 8th of December, 8. Dezember 2026, 8 de diciembre de 2026 */
static size_t
abs_day_month(const struct dp *p, size_t i, struct rd *r)
{
	struct lex_tok	 d, t;
	size_t		 e;
	int		 m, had;

	tk(p, i, &d);
	if (d.start != i || d.kind != LEX_NUM || d.ndig > 2 || d.num < 1)
		return 0;
	e = ordinal(p, d.end, 1, &had);
	tk(p, e, &t);
	if (lex_is_word(&t, "of") || lex_is_word(&t, "de") ||
	    lex_is_word(&t, "del"))
		e = t.end;
	if ((m = month_at(p, e, &e)) == 0)
		return 0;
	r->d = (int)d.num;
	r->m = m;
	e = opt_year(p, e, &r->y);
	return valid_ymd(r->y ? r->y : 2000, r->m, r->d) ? e : 0;
}

/* "the 8th": the next 8th of a month. */
static size_t
abs_ordinal_day(const struct dp *p, size_t i, struct rd *r)
{
	struct lex_tok	 t;
	size_t		 e;
	int		 had, y, m, k;
	long		 t0 = today(p->ref);

	tk(p, i, &t);
	if (t.start != i || t.kind != LEX_NUM || t.ndig > 2 || t.num < 1 ||
	    t.num > 31)
		return 0;
	e = ordinal(p, t.end, 0, &had);
	if (!had)
		return 0;
	y = p->ref->year;
	m = p->ref->month;
	for (k = 0; k < 13; k++) {
		if (t.num <= tzone_days_in_month(y, m) &&
		    tzone_days_from_civil(y, m, (int)t.num) >= t0)
			break;
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	r->relative = 1;
	r->day = tzone_days_from_civil(y, m, (int)t.num);
	return e;
}

static size_t
abs_date(const struct dp *p, size_t i, struct rd *r, int after_the)
{
	size_t e;

	i = lex_skip_space(p->s, p->len, i);
	if ((e = abs_iso(p, i, r)) || (e = abs_dotted(p, i, r)) ||
	    (e = abs_slash(p, i, r)) || (e = abs_month_day(p, i, r)) ||
	    (e = abs_day_month(p, i, r)))
		return e;
	if (after_the)
		return abs_ordinal_day(p, i, r);
	return 0;
}

/* ---- relative dates ---- */

static size_t
rel_phrase(const struct dp *p, size_t i, struct rd *r)
{
	const struct dates_ref	*ref = p->ref;
	size_t			 e;
	long			 t0 = today(ref), mon = monday_this_week(ref);
	int			 k, op, n, y, m;

	if ((k = look(p, i, rel_tab, nitems(rel_tab), &e)) < 0)
		return 0;
	if ((rel_tab[k].val & WEAK) && p->strict)
		return 0;
	op = (rel_tab[k].val & 0xff00) >> 8;
	n = rel_tab[k].val & 0xff;
	r->relative = 1;
	switch (op) {
	case REL_DAYS:
		r->day = t0 + n;
		break;
	case REL_YESTERDAY:
		r->day = t0 - 1;
		r->past = 1;
		break;
	case REL_NEXT_WEEK:
		r->day = mon + 7;
		break;
	case REL_NEXT_MONTH:
		y = ref->year + (ref->month == 12);
		m = ref->month % 12 + 1;
		r->day = tzone_days_from_civil(y, m, 1);
		break;
	case REL_END_WEEK:
		r->day = mon + 4 >= t0 ? mon + 4 : mon + 11;
		break;
	case REL_END_NEXT_WEEK:
		r->day = mon + 11;
		break;
	case REL_END_MONTH:
		r->day = tzone_days_from_civil(ref->year, ref->month,
		    tzone_days_in_month(ref->year, ref->month));
		break;
	case REL_WEEKEND:
	default:
		r->day = ref->wday == 0 ? t0 : t0 + (6 - ref->wday);
		break;
	}
	return e;
}

/* in 3 days, in two weeks, dans 3 jours, over 2 weken */
static size_t
rel_in(const struct dp *p, size_t i, struct rd *r)
{
	struct lex_tok	 t;
	size_t		 e;
	int		 k, n;

	if (look(p, i, in_tab, nitems(in_tab), &e) < 0)
		return 0;
	tk(p, e, &t);
	if (t.kind == LEX_NUM && t.num >= 0 && t.num <= 3650) {
		n = (int)t.num;
		e = t.end;
	} else if ((k = look(p, e, numword_tab, nitems(numword_tab), &e)) >= 0)
		n = numword_tab[k].val;
	else
		return 0;
	if ((k = look(p, e, unit_tab, nitems(unit_tab), &e)) < 0)
		return 0;
	r->relative = 1;
	r->day = today(p->ref) + (long)n * unit_tab[k].val;
	return e;
}

static int
weekday_at(const struct dp *p, size_t i, size_t *e, int *weak)
{
	struct lex_tok	 t;
	int		 k;

	i = lex_skip_space(p->s, p->len, i);
	tk(p, i, &t);
	if (t.kind != LEX_WORD)
		return -1;
	if ((k = lex_index_lookup(lex_table_index(&wday_tab_ix),
	    p->s, p->len, i, e)) < 0)
		return -1;
	*weak = (wday_tab[k].val & WEAK) != 0;
	tk_adj(p, *e, &t);
	if (*weak && lex_is_punct(&t, '.'))
		*e = t.end;	/* "Fri." */
	return wday_tab[k].val & 0xff;
}

static void
resolve_weekday(const struct dates_ref *ref, int wd, int mod, struct rd *r)
{
	long t0 = today(ref);

	r->relative = 1;
	switch (mod) {
	case MOD_NEXT:
		r->day = monday_this_week(ref) + 7 + (wd + 6) % 7;
		break;
	case MOD_LAST:
		r->day = t0 - ((ref->wday - wd + 7) % 7 == 0 ? 7 :
		    (ref->wday - wd + 7) % 7);
		r->past = 1;
		break;
	default:
		r->day = t0 + (wd - ref->wday + 7) % 7;
		r->soft = (mod == MOD_NONE || mod == MOD_ON);
		break;
	}
}

/* [mod] weekday [postmod] [, absolute date] */
static size_t
rel_weekday(const struct dp *p, size_t i, int mod, int has_mod,
    struct rd *r)
{
	size_t		 e, e2;
	int		 wd, weak, k;
	struct lex_tok	 t;
	struct rd	 abs;

	if ((wd = weekday_at(p, i, &e, &weak)) < 0)
		return 0;
	if ((k = look(p, e, postmod_tab, nitems(postmod_tab), &e2)) >= 0 &&
	    (mod == MOD_NONE || mod == MOD_ON)) {
		mod = postmod_tab[k].val;
		e = e2;
		has_mod = 1;
	}
	/* "Fri, Dec 4" / "vendredi 4 décembre": the date decides */
	memset(&abs, 0, sizeof(abs));
	tk(p, e, &t);
	e2 = lex_is_punct(&t, ',') ? t.end : e;
	if ((e2 = abs_date(p, e2, &abs, 0)) != 0) {
		*r = abs;
		return e2;
	}
	if (weak && !has_mod && p->strict)
		return 0;
	resolve_weekday(p->ref, wd, mod, r);
	return e;
}

static size_t
date_expr(const struct dp *p, size_t i, struct rd *r)
{
	size_t	 e, e1;
	int	 k, mod = MOD_NONE;

	memset(r, 0, sizeof(*r));
	if ((e = rel_phrase(p, i, r)) || (e = rel_in(p, i, r)))
		return e;
	if ((e = rel_weekday(p, i, MOD_NONE, 0, r)))
		return e;
	if ((e = abs_date(p, i, r, 0)))
		return e;
	if ((k = look(p, i, mod_tab, nitems(mod_tab), &e1)) < 0)
		return 0;
	mod = mod_tab[k].val;
	if ((e = rel_weekday(p, e1, mod, 1, r)))
		return e;
	memset(r, 0, sizeof(*r));
	if (mod == MOD_ON || mod == MOD_THIS) {
		if ((e = rel_phrase(p, e1, r)))
			return e;
		return abs_date(p, e1, r, 1);
	}
	return 0;
}

/* ---- times ---- */

static size_t
ampm(const struct dp *p, size_t i, int *pm)
{
	struct lex_tok	 t, u, v;

	tk(p, i, &t);
	if (t.start != i && t.start != lex_skip_space(p->s, p->len, i))
		return 0;
	if (lex_is_word(&t, "am") || lex_is_word(&t, "pm")) {
		*pm = t.w[0] == 'p';
		tk_adj(p, t.end, &u);
		return lex_is_punct(&u, '.') ? u.end : t.end;
	}
	if (lex_is_word(&t, "a") || lex_is_word(&t, "p")) {	/* a.m. p.m. */
		tk_adj(p, t.end, &u);
		tk_adj(p, u.end, &v);
		if (lex_is_punct(&u, '.') && lex_is_word(&v, "m")) {
			*pm = t.w[0] == 'p';
			tk_adj(p, v.end, &u);
			return lex_is_punct(&u, '.') ? u.end : v.end;
		}
	}
	return 0;
}

static size_t
opt_suffix(const struct dp *p, size_t e)
{
	struct lex_tok t;

	tk(p, e, &t);
	if (lex_is_word(&t, "uhr") || lex_is_word(&t, "h") ||
	    lex_is_word(&t, "hrs") || lex_is_word(&t, "horas") ||
	    lex_is_word(&t, "uur"))
		return t.end;
	return e;
}

static size_t
time_expr(const struct dp *p, size_t i, int *hh, int *mm, int after_at)
{
	struct lex_tok	 h, c, m, s;
	size_t		 e, e2;
	int		 pm, k, min = 0, colon = 0;

	i = lex_skip_space(p->s, p->len, i);
	if ((k = look(p, i, noon_tab, nitems(noon_tab), &e)) >= 0) {
		*hh = noon_tab[k].val;
		*mm = 0;
		return e;
	}
	tk(p, i, &h);
	if (h.start != i || h.kind != LEX_NUM || h.ndig > 2)
		return 0;
	e = h.end;
	tk_adj(p, e, &c);
	if (lex_is_punct(&c, ':') || lex_is_punct(&c, '.') ||
	    lex_is_word(&c, "h")) {
		tk_adj(p, c.end, &m);
		if (m.kind == LEX_NUM && m.ndig == 2 && m.num < 60) {
			min = (int)m.num;
			e = m.end;
			colon = c.c == ':' || c.kind == LEX_WORD;
			tk_adj(p, e, &s);	/* seconds */
			if (lex_is_punct(&s, ':')) {
				tk_adj(p, s.end, &s);
				if (s.kind != LEX_NUM || s.ndig != 2)
					return 0;
				e = s.end;
			}
		} else if (lex_is_word(&c, "h")) {
			e = c.end;	/* 15h */
			colon = 1;
		} else if (c.c != '.')
			return 0;
	}
	/* 12-hour clock; "15:00 am Freitag" is German "on", not a.m. */
	if ((e2 = ampm(p, e, &pm)) != 0 && h.num >= 1 && h.num <= 12) {
		*hh = (int)(h.num % 12) + (pm ? 12 : 0);
		*mm = min;
		return e2;
	}
	e2 = opt_suffix(p, e);
	if (!colon && e2 == e && !(after_at && e == h.end))
		return 0;
	if (!colon && e2 == e) {	/* "at 3": working hours */
		if (h.num < 1 || h.num > 12)
			return 0;
		*hh = (int)h.num + (h.num <= 7 ? 12 : 0);
		*mm = 0;
		return e;
	}
	if (h.num > 23 || (e2 == e && !ends_number(p, e)))
		return 0;
	*hh = (int)h.num;
	*mm = min;
	return e2;
}

/* ---- resolution ---- */

/* The instant of a local time in the reference's zone (RFC 5545 rules for
 * DST gaps and overlaps, see tzone.h); -1 outside 1970-2099. */
static time_t
local_to_utc(const struct dates_ref *ref, int y, int m, int d, int hh, int mm)
{
	time_t t;

	if (tzone_from_local(ref->zone, y, m, d, hh, mm, 0, &t) == -1)
		return (time_t)-1;
	return t;
}

/* The next occurrence of m/d on or after today. */
static long
next_occurrence(const struct dates_ref *ref, int m, int d, int *y)
{
	long	 t0 = today(ref);
	int	 k;

	*y = ref->year;
	for (k = 0; k < 9; k++, (*y)++) {
		if (valid_ymd(*y, m, d) && tzone_days_from_civil(*y, m, d) >= t0)
			break;
	}
	return tzone_days_from_civil(*y, m, d);
}

static void
resolve(const struct dp *p, const struct rd *r, int hh, int mm,
    struct dates_match *out)
{
	const struct dates_ref	*ref = p->ref;
	long			 day, t0 = today(ref);
	int			 y;

	if (r->relative)
		day = r->day;
	else if (r->y != 0)
		day = tzone_days_from_civil(r->y, r->m, r->d);
	else
		day = next_occurrence(ref, r->m, r->d, &y);
	if (hh >= 0 && r->soft && day == t0 &&
	    hh * 60 + mm < ref->hour * 60 + ref->minute)
		day += 7;
	tzone_civil_from_days(day, &out->year, &out->month, &out->day);
	out->hour = hh;
	out->minute = mm;
	out->has_time = hh >= 0;
	out->when = local_to_utc(ref, out->year, out->month, out->day,
	    hh >= 0 ? hh : 0, hh >= 0 ? mm : 0);
	out->status = DATES_OK;
	if (r->ambiguous) {
		out->status = DATES_AMBIGUOUS;
		if (r->ay != 0)
			day = tzone_days_from_civil(r->ay, r->am, r->ad);
		else
			day = next_occurrence(ref, r->am, r->ad, &y);
		tzone_civil_from_days(day, &out->alt_year, &out->alt_month,
		    &out->alt_day);
	} else if (r->past || day < t0 || (hh >= 0 && out->when < ref->now))
		out->status = DATES_PAST;
}

static int
parse(const struct dp *p, size_t pos, unsigned flags, struct dates_match *m)
{
	struct rd	 r;
	size_t		 start, e = 0, e2, e3;
	int		 hh = -1, mm = 0, k, has_date = 0;

	memset(m, 0, sizeof(*m));
	start = lex_skip_space(p->s, p->len, pos);
	memset(&r, 0, sizeof(r));
	if ((flags & DATES_DATE) && (e = date_expr(p, start, &r)) != 0) {
		has_date = 1;
		if (r.iso_t) {
			if ((e2 = time_expr(p, e, &hh, &mm, 0)) == 0)
				e = lex_prev(p->s, e);	/* drop the 'T' */
			else
				e = e2;
		} else if (flags & DATES_TIME) {
			k = look(p, e, at_tab, nitems(at_tab), &e2);
			if (k < 0)
				e2 = e;
			if ((e3 = time_expr(p, e2, &hh, &mm,
			    k >= 0 && at_tab[k].val)) != 0)
				e = e3;
		}
	} else if (flags & DATES_TIME) {
		k = look(p, start, at_tab, nitems(at_tab), &e2);
		if (k < 0 || at_tab[k].val == 0)
			e2 = start;
		if ((e = time_expr(p, e2, &hh, &mm, k >= 0 &&
		    at_tab[k].val)) == 0)
			return 0;
		if (flags & DATES_DATE) {
			if (look(p, e, on_tab, nitems(on_tab), &e2) < 0)
				e2 = e;
			if ((e3 = date_expr(p, e2, &r)) != 0) {
				e = e3;
				has_date = 1;
			}
		}
		if (!has_date) {
			memset(&r, 0, sizeof(r));
			r.relative = 1;
			r.day = today(p->ref);
		}
	} else
		return 0;
	resolve(p, &r, hh, mm, m);
	if (m->when == (time_t)-1)
		return 0;	/* outside 1970-2099 */
	m->has_date = has_date;
	m->start = start;
	m->end = e;
	return 1;
}

int
dates_parse_at(const char *s, size_t len, size_t pos,
    const struct dates_ref *ref, unsigned flags, struct dates_match *m)
{
	struct dp p = { s, len, ref, 0 };

	if (pos > len)
		return 0;
	return parse(&p, pos, flags, m);
}

/* A good place to start a date: not inside a word, a number or "#12". */
static int
start_ok(const char *s, size_t len, size_t i)
{
	uint32_t	 cp;
	size_t		 j;

	if (i == 0)
		return 1;
	j = lex_prev(s, i);
	lex_utf8(s, len, j, &cp);
	if (lex_is_alnum(cp) || cp == '#' || cp == '$')
		return 0;
	if (cp == '.' || cp == '/' || cp == '-' || cp == ':' || cp == ',')
		return !(j > 0 && s[j - 1] >= '0' && s[j - 1] <= '9');
	return 1;
}

int
dates_find(const char *s, size_t len, size_t from, size_t to,
    const struct dates_ref *ref, unsigned flags, struct dates_match *m)
{
	struct dp	 p = { s, len, ref, 1 };
	struct lex_tok	 t;
	size_t		 i = from;

	if (to > len)
		to = len;
	while (i < to) {
		tk(&p, i, &t);
		if (t.kind == LEX_END || t.start >= to)
			break;
		if (t.kind != LEX_NL && start_ok(s, len, t.start) &&
		    parse(&p, t.start, flags, m))
			return 1;
		i = t.end;
	}
	return 0;
}

void
dates_format_day(const struct dates_match *m, char *buf, size_t size)
{
	if (size == 0)
		return;
	if (!m->has_date && !m->has_time)
		buf[0] = '\0';
	else
		snprintf(buf, size, "%04d-%02d-%02d", m->year, m->month, m->day);
}

/* ---- the reference ---- */

static int
has_prefix(const char *s, const char *pre)
{
	return strncmp(s, pre, strlen(pre)) == 0;
}

enum dates_order
dates_zone_order(const char *tzid)
{
	static const char *md[] = {
		"America/New_York", "America/Chicago", "America/Denver",
		"America/Los_Angeles", "America/Phoenix", "America/Anchorage",
		"America/Juneau", "America/Sitka", "America/Metlakatla",
		"America/Yakutat", "America/Nome", "America/Adak",
		"America/Boise", "America/Detroit", "America/Indiana/",
		"America/Kentucky/", "America/North_Dakota/",
		"America/Menominee", "America/Louisville", "America/Puerto_Rico",
		"Pacific/Honolulu", "Pacific/Guam", "US/", "Asia/Manila",
	};
	static const char *unknown[] = {
		"UTC", "GMT", "Etc/", "Universal", "Zulu", "Canada/",
		"America/Toronto", "America/Vancouver", "America/Edmonton",
		"America/Winnipeg", "America/Halifax", "America/St_Johns",
		"America/Regina", "America/Montreal", "America/Moncton",
		"America/Whitehorse", "America/Yellowknife", "America/Iqaluit",
		"America/Glace_Bay", "America/Goose_Bay", "America/Dawson",
		"America/Swift_Current", "America/Rankin_Inlet",
		"America/Cambridge_Bay", "America/Inuvik", "America/Resolute",
		"America/Atikokan", "America/Creston", "America/Fort_Nelson",
		"America/Nipigon", "America/Thunder_Bay", "America/Rainy_River",
		"America/Pangnirtung", "America/Blanc-Sablon",
		"America/Dawson_Creek",
	};
	size_t i;

	if (tzid == NULL || *tzid == '\0')
		return DATES_ORDER_UNKNOWN;
	for (i = 0; i < nitems(md); i++)
		if (has_prefix(tzid, md[i]))
			return DATES_ORDER_MD;
	for (i = 0; i < nitems(unknown); i++)
		if (has_prefix(tzid, unknown[i]))
			return DATES_ORDER_UNKNOWN;
	return DATES_ORDER_DM;
}

int
dates_ref_init(struct dates_ref *ref, time_t now, const char *tzid)
{
	icaltimezone		*z;
	struct tzone_local	 loc;

	memset(ref, 0, sizeof(*ref));
	/* tzone_get() checks the name: libical would open any path */
	if ((z = tzone_get(tzid != NULL ? tzid : "UTC")) == NULL &&
	    (tzid == NULL || strcmp(tzid, "Etc/UTC") != 0 ||
	    (z = tzone_get("UTC")) == NULL))
		return -1;
	if (tzone_to_local(z, now, &loc) == -1)
		return -1;
	ref->now = now;
	ref->zone = z;
	ref->order = dates_zone_order(tzid);
	ref->year = loc.year;
	ref->month = loc.month;
	ref->day = loc.day;
	ref->hour = loc.hour;
	ref->minute = loc.min;
	ref->wday = loc.wday;
	return 0;
}
