/*
 * checkin.c: a person's check-in answers; see checkin.h.
 *
 * The reply is cut into answers by sections.c; each answer is then read by
 * a small table-driven scanner for its kind (hours, mood, "none"). Task
 * updates and words of concern are found anywhere in the text. Everything
 * is a forward scan over lex.h tokens, each step looking at a bounded
 * number of tokens, so the whole parse is linear.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checkin.h"
#include "lex.h"
#include "caps.h"
#include "strbuf.h"

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

#define VF	SECTIONS_VALUE_FOLLOWS
#define CO	SECTIONS_COLON_ONLY

/* Headings and the first words of the questions, by key. */
static const struct lex_phrase heading_tab[] = {
	/* wins */
	{ "wins", CHECKIN_WINS }, { "win", CHECKIN_WINS },
	{ "wins this week", CHECKIN_WINS }, { "weekly wins", CHECKIN_WINS },
	{ "highlights", CHECKIN_WINS }, { "accomplishments", CHECKIN_WINS },
	{ "achievements", CHECKIN_WINS }, { "done this week", CHECKIN_WINS },
	{ "completed this week", CHECKIN_WINS }, { "what went well", CHECKIN_WINS },
	{ "went well", CHECKIN_WINS }, { "successes", CHECKIN_WINS },
	{ "done", CHECKIN_WINS | CO }, { "completed", CHECKIN_WINS | CO },
	{ "finished", CHECKIN_WINS | CO },
	{ "erfolge", CHECKIN_WINS }, { "diese woche erledigt", CHECKIN_WINS },
	{ "erledigt", CHECKIN_WINS | CO }, { "geschafft", CHECKIN_WINS },
	{ "reussites", CHECKIN_WINS }, { "succes", CHECKIN_WINS },
	{ "victoires", CHECKIN_WINS }, { "accomplissements", CHECKIN_WINS },
	{ "fait cette semaine", CHECKIN_WINS },
	{ "logros", CHECKIN_WINS }, { "exitos", CHECKIN_WINS },
	{ "victorias", CHECKIN_WINS }, { "conquistas", CHECKIN_WINS },
	{ "vitorias", CHECKIN_WINS }, { "realizacoes", CHECKIN_WINS },
	{ "successen", CHECKIN_WINS }, { "behaald", CHECKIN_WINS },
	{ "gedaan deze week", CHECKIN_WINS }, { "resultaten", CHECKIN_WINS },
	/* in progress */
	{ "in progress", CHECKIN_IN_PROGRESS }, { "ongoing", CHECKIN_IN_PROGRESS },
	{ "working on", CHECKIN_IN_PROGRESS | CO },
	{ "currently working on", CHECKIN_IN_PROGRESS },
	{ "work in progress", CHECKIN_IN_PROGRESS }, { "wip", CHECKIN_IN_PROGRESS },
	{ "current work", CHECKIN_IN_PROGRESS },
	{ "in arbeit", CHECKIN_IN_PROGRESS }, { "in bearbeitung", CHECKIN_IN_PROGRESS },
	{ "laufend", CHECKIN_IN_PROGRESS }, { "en cours", CHECKIN_IN_PROGRESS },
	{ "en curso", CHECKIN_IN_PROGRESS }, { "en progreso", CHECKIN_IN_PROGRESS },
	{ "en proceso", CHECKIN_IN_PROGRESS }, { "em andamento", CHECKIN_IN_PROGRESS },
	{ "em progresso", CHECKIN_IN_PROGRESS }, { "em curso", CHECKIN_IN_PROGRESS },
	{ "in uitvoering", CHECKIN_IN_PROGRESS }, { "lopend", CHECKIN_IN_PROGRESS },
	{ "bezig met", CHECKIN_IN_PROGRESS }, { "mee bezig", CHECKIN_IN_PROGRESS },
	/* blockers */
	{ "blockers", CHECKIN_BLOCKERS }, { "blocker", CHECKIN_BLOCKERS },
	{ "any blockers", CHECKIN_BLOCKERS }, { "blocked on", CHECKIN_BLOCKERS },
	{ "blocked by", CHECKIN_BLOCKERS }, { "blocked", CHECKIN_BLOCKERS | CO },
	{ "blocking", CHECKIN_BLOCKERS | CO }, { "obstacles", CHECKIN_BLOCKERS },
	{ "issues", CHECKIN_BLOCKERS }, { "problems", CHECKIN_BLOCKERS },
	{ "roadblocks", CHECKIN_BLOCKERS }, { "impediments", CHECKIN_BLOCKERS },
	{ "challenges", CHECKIN_BLOCKERS },
	{ "hindernisse", CHECKIN_BLOCKERS }, { "blockaden", CHECKIN_BLOCKERS },
	{ "blockiert", CHECKIN_BLOCKERS | CO }, { "probleme", CHECKIN_BLOCKERS },
	{ "blocages", CHECKIN_BLOCKERS }, { "blocage", CHECKIN_BLOCKERS },
	{ "bloque par", CHECKIN_BLOCKERS }, { "problemes", CHECKIN_BLOCKERS },
	{ "bloqueos", CHECKIN_BLOCKERS }, { "impedimentos", CHECKIN_BLOCKERS },
	{ "obstaculos", CHECKIN_BLOCKERS }, { "problemas", CHECKIN_BLOCKERS },
	{ "bloqueios", CHECKIN_BLOCKERS }, { "blokkades", CHECKIN_BLOCKERS },
	{ "geblokkeerd", CHECKIN_BLOCKERS | CO }, { "obstakels", CHECKIN_BLOCKERS },
	{ "problemen", CHECKIN_BLOCKERS }, { "knelpunten", CHECKIN_BLOCKERS },
	/* next week */
	{ "plan for next week", CHECKIN_NEXT_WEEK },
	{ "plans for next week", CHECKIN_NEXT_WEEK },
	{ "next week", CHECKIN_NEXT_WEEK }, { "plans", CHECKIN_NEXT_WEEK },
	{ "plan", CHECKIN_NEXT_WEEK }, { "next steps", CHECKIN_NEXT_WEEK },
	{ "coming week", CHECKIN_NEXT_WEEK }, { "upcoming", CHECKIN_NEXT_WEEK },
	{ "to do", CHECKIN_NEXT_WEEK | CO }, { "todo", CHECKIN_NEXT_WEEK | CO },
	{ "next", CHECKIN_NEXT_WEEK | CO },
	{ "nachste woche", CHECKIN_NEXT_WEEK },
	{ "plan fur nachste woche", CHECKIN_NEXT_WEEK },
	{ "plane", CHECKIN_NEXT_WEEK }, { "nachste schritte", CHECKIN_NEXT_WEEK },
	{ "semaine prochaine", CHECKIN_NEXT_WEEK },
	{ "la semaine prochaine", CHECKIN_NEXT_WEEK },
	{ "plan pour la semaine prochaine", CHECKIN_NEXT_WEEK },
	{ "prochaines etapes", CHECKIN_NEXT_WEEK },
	{ "proxima semana", CHECKIN_NEXT_WEEK },
	{ "la proxima semana", CHECKIN_NEXT_WEEK },
	{ "semana que viene", CHECKIN_NEXT_WEEK },
	{ "plan para la proxima semana", CHECKIN_NEXT_WEEK },
	{ "planes", CHECKIN_NEXT_WEEK }, { "proximos pasos", CHECKIN_NEXT_WEEK },
	{ "semana que vem", CHECKIN_NEXT_WEEK },
	{ "plano para a proxima semana", CHECKIN_NEXT_WEEK },
	{ "planos", CHECKIN_NEXT_WEEK }, { "proximos passos", CHECKIN_NEXT_WEEK },
	{ "volgende week", CHECKIN_NEXT_WEEK },
	{ "plan voor volgende week", CHECKIN_NEXT_WEEK },
	{ "plannen", CHECKIN_NEXT_WEEK }, { "volgende stappen", CHECKIN_NEXT_WEEK },
	/* hours */
	{ "hours worked", CHECKIN_HOURS | VF }, { "hours", CHECKIN_HOURS | VF },
	{ "hrs", CHECKIN_HOURS | VF }, { "hours this week", CHECKIN_HOURS | VF },
	{ "time worked", CHECKIN_HOURS | VF }, { "time spent", CHECKIN_HOURS | VF },
	{ "worked hours", CHECKIN_HOURS | VF },
	{ "arbeitsstunden", CHECKIN_HOURS | VF }, { "stunden", CHECKIN_HOURS | VF },
	{ "gearbeitete stunden", CHECKIN_HOURS | VF },
	{ "heures travaillees", CHECKIN_HOURS | VF }, { "heures", CHECKIN_HOURS | VF },
	{ "nombre d'heures", CHECKIN_HOURS | VF },
	{ "horas trabajadas", CHECKIN_HOURS | VF }, { "horas", CHECKIN_HOURS | VF },
	{ "horas trabalhadas", CHECKIN_HOURS | VF },
	{ "gewerkte uren", CHECKIN_HOURS | VF }, { "uren", CHECKIN_HOURS | VF },
	/* mood */
	{ "mood", CHECKIN_MOOD | VF }, { "how are you feeling", CHECKIN_MOOD | VF },
	{ "feeling", CHECKIN_MOOD | CO }, { "morale", CHECKIN_MOOD | VF },
	{ "stimmung", CHECKIN_MOOD | VF }, { "laune", CHECKIN_MOOD | VF },
	{ "befinden", CHECKIN_MOOD | VF }, { "humeur", CHECKIN_MOOD | VF },
	{ "moral", CHECKIN_MOOD | VF }, { "animo", CHECKIN_MOOD | VF },
	{ "estado de animo", CHECKIN_MOOD | VF }, { "humor", CHECKIN_MOOD | VF },
	{ "disposicao", CHECKIN_MOOD | VF }, { "stemming", CHECKIN_MOOD | VF },
	{ "gemoedstoestand", CHECKIN_MOOD | VF },
	/* support */
	{ "anything you need from me", CHECKIN_SUPPORT },
	{ "anything you need", CHECKIN_SUPPORT }, { "support", CHECKIN_SUPPORT },
	{ "support needed", CHECKIN_SUPPORT }, { "need from you", CHECKIN_SUPPORT },
	{ "need from me", CHECKIN_SUPPORT }, { "what i need", CHECKIN_SUPPORT },
	{ "needs", CHECKIN_SUPPORT | CO }, { "help needed", CHECKIN_SUPPORT },
	{ "requests", CHECKIN_SUPPORT | CO }, { "asks", CHECKIN_SUPPORT | CO },
	{ "what do you need", CHECKIN_SUPPORT },
	{ "unterstutzung", CHECKIN_SUPPORT }, { "was ich brauche", CHECKIN_SUPPORT },
	{ "hilfe", CHECKIN_SUPPORT }, { "soutien", CHECKIN_SUPPORT },
	{ "besoins", CHECKIN_SUPPORT }, { "besoin", CHECKIN_SUPPORT | CO },
	{ "aide", CHECKIN_SUPPORT | CO }, { "apoyo", CHECKIN_SUPPORT },
	{ "ayuda", CHECKIN_SUPPORT }, { "necesidades", CHECKIN_SUPPORT },
	{ "apoio", CHECKIN_SUPPORT }, { "ajuda", CHECKIN_SUPPORT },
	{ "necessidades", CHECKIN_SUPPORT }, { "ondersteuning", CHECKIN_SUPPORT },
	{ "hulp", CHECKIN_SUPPORT }, { "nodig", CHECKIN_SUPPORT | CO },
};

static struct lex_table heading_ix = LEX_TABLE(heading_tab);

static const struct sections_def checkin_def = { &heading_ix, CHECKIN_NKEYS };

/* ---- small token helpers ---- */

static int
in_tab(const struct lex_tok *t, const struct lex_phrase *tab, size_t n)
{
	size_t i;

	if (t->kind != LEX_WORD || t->trunc)
		return -1;
	for (i = 0; i < n; i++)
		if (tab[i].pat[0] == t->w[0] && strcmp(t->w, tab[i].pat) == 0)
			return (int)i;
	return -1;
}

/* A number with an optional decimal part: 32, 32.5, 32,5. */
static size_t
read_decimal(const char *s, size_t end, const struct lex_tok *t, double *v)
{
	struct lex_tok	 p, f;
	double		 div = 1;
	int		 k;

	*v = (double)t->num;
	lex_token_adj(s, end, t->end, &p);
	if (lex_is_punct(&p, '.') || lex_is_punct(&p, ',')) {
		lex_token_adj(s, end, p.end, &f);
		if (f.kind == LEX_NUM && f.ndig <= 2) {
			for (k = 0; k < f.ndig; k++)
				div *= 10;
			*v += (double)f.num / div;
			return f.end;
		}
	}
	return t->end;
}

/* ---- hours ---- */

static const struct lex_phrase hour_unit_tab[] = {
	{ "h", 0 }, { "hr", 0 }, { "hrs", 0 }, { "hour", 0 }, { "hours", 0 },
	{ "hs", 0 }, { "std", 0 }, { "stunde", 0 }, { "stunden", 0 },
	{ "heure", 0 }, { "heures", 0 }, { "hora", 0 }, { "horas", 0 },
	{ "uur", 0 }, { "u", 0 }, { "uren", 0 },
};

static const struct lex_phrase other_unit_tab[] = {
	{ "day", 0 }, { "days", 0 }, { "week", 0 }, { "weeks", 0 },
	{ "tag", 0 }, { "tage", 0 }, { "tagen", 0 }, { "woche", 0 },
	{ "wochen", 0 }, { "jour", 0 }, { "jours", 0 }, { "semaine", 0 },
	{ "semaines", 0 }, { "dia", 0 }, { "dias", 0 }, { "semana", 0 },
	{ "semanas", 0 }, { "dag", 0 }, { "dagen", 0 }, { "weken", 0 },
	{ "task", 0 }, { "tasks", 0 }, { "client", 0 }, { "clients", 0 },
	{ "email", 0 }, { "emails", 0 }, { "call", 0 }, { "calls", 0 },
	{ "meeting", 0 }, { "meetings", 0 }, { "minute", 0 }, { "minutes", 0 },
	{ "min", 0 }, { "mins", 0 }, { "percent", 0 }, { "people", 0 },
	{ "projects", 0 }, { "times", 0 }, { "x", 0 }, { "of", 0 },
	{ "out", 0 }, { "kids", 0 }, { "tickets", 0 }, { "orders", 0 },
};

static const struct lex_phrase range_tab[] = {
	{ "to", 0 }, { "bis", 0 }, { "a", 0 }, { "tot", 0 }, { "or", 0 },
	{ "oder", 0 }, { "ou", 0 }, { "o", 0 }, { "of", 0 },
};

static const struct lex_phrase work_cue_tab[] = {
	{ "worked", 0 }, { "work", 0 }, { "working", 0 }, { "logged", 0 },
	{ "billed", 0 }, { "total", 0 }, { "put", 0 }, { "clocked", 0 },
	{ "gearbeitet", 0 }, { "arbeitet", 0 }, { "travaille", 0 },
	{ "trabaje", 0 }, { "trabajado", 0 }, { "trabalhei", 0 },
	{ "trabalhado", 0 }, { "gewerkt", 0 },
};

static const struct lex_phrase work_after_tab[] = {
	{ "worked", 0 }, { "of work", 0 }, { "this week", 0 }, { "total", 0 },
	{ "in total", 0 }, { "logged", 0 }, { "billed", 0 },
	{ "gearbeitet", 0 }, { "diese woche", 0 }, { "travaillees", 0 },
	{ "cette semaine", 0 }, { "trabajadas", 0 }, { "esta semana", 0 },
	{ "trabalhadas", 0 }, { "gewerkt", 0 }, { "deze week", 0 },
};
static struct lex_table work_after_tab_ix = LEX_TABLE(work_after_tab);

struct hours_read {
	double	 v, max;
	int	 range, unit, bad;
	size_t	 end;
};

/* A value or range at number token t, and what follows it. */
static void
hours_at(const char *s, size_t end, const struct lex_tok *t,
    struct hours_read *h)
{
	struct lex_tok	 n, m;
	size_t		 e, e2;

	memset(h, 0, sizeof(*h));
	if (t->ndig > 3) {
		h->bad = 1;
		return;
	}
	e = read_decimal(s, end, t, &h->v);
	lex_token_adj(s, end, e, &n);
	if (lex_is_punct(&n, ':') || lex_is_punct(&n, '/') ||
	    lex_is_punct(&n, '%') || lex_is_punct(&n, '.') ||
	    lex_is_punct(&n, '#')) {
		lex_token_adj(s, end, n.end, &m);
		if (m.kind == LEX_NUM || n.c == '%' || n.c == '/') {
			h->bad = 1;	/* 15:00, 4/5, 50%, 1.2.3 */
			return;
		}
	}
	lex_token(s, end, e, &n);
	if (lex_is_punct(&n, '-') || in_tab(&n, range_tab,
	    nitems(range_tab)) >= 0) {
		lex_token(s, end, n.end, &m);
		if (m.kind == LEX_NUM && m.ndig <= 3) {
			e2 = read_decimal(s, end, &m, &h->max);
			if (h->max > h->v) {
				h->range = 1;
				e = e2;
			}
		}
	}
	lex_token(s, end, e, &n);
	if (in_tab(&n, hour_unit_tab, nitems(hour_unit_tab)) >= 0) {
		h->unit = 1;
		e = n.end;
		lex_token(s, end, e, &m);
		if (lex_is_punct(&m, '/'))	/* "32h/week" */
			e = m.end;
	} else if (in_tab(&n, other_unit_tab, nitems(other_unit_tab)) >= 0 ||
	    lex_is_punct(&n, '%'))
		h->bad = 1;
	if (h->v > 168 || (h->range && h->max > 168))
		h->bad = 1;
	h->end = e;
}

/* Not inside a word ("Q4") nor the second half of "15:00", "4/5", "3.5". */
static int
number_start(const char *s, size_t len, size_t i)
{
	char c;

	if (!lex_word_start(s, len, i))
		return 0;
	if (i < 2)
		return 1;
	c = s[i - 1];
	if (c == ':' || c == '/' || c == '.' || c == ',' || c == '#')
		return !(s[i - 2] >= '0' && s[i - 2] <= '9');
	return 1;
}

/* The last four words, by offset: read again only when a candidate needs
 * its context ("worked about 32 hours", "not stressed"). */
struct ring {
	size_t	 at[4];
	int	 n;
};

static void
ring_push_at(struct ring *r, size_t start)
{
	r->at[r->n % 4] = start;
	r->n++;
}

static void
ring_push(struct ring *r, const struct lex_tok *t)
{
	ring_push_at(r, t->start);
}

/* Is one of the last depth words in tab? */
static int
ring_has(const struct ring *r, const char *s, size_t len,
    const struct lex_phrase *tab, size_t n, int depth)
{
	struct lex_tok	 t;
	int		 k;

	for (k = 1; k <= depth && k <= r->n; k++) {
		lex_token(s, len, r->at[(r->n - k) % 4], &t);
		if (in_tab(&t, tab, n) >= 0)
			return 1;
	}
	return 0;
}

/* Hours at number token t (the caller checked number_start): 1 and *out
 * when it is one; *next says where to go on otherwise. */
static int
hours_step(const char *s, size_t end, const struct lex_tok *t,
    const struct ring *cue_ring, int lenient, struct checkin_hours *out,
    size_t *next)
{
	struct hours_read	 h;
	size_t			 e;
	int			 cue;

	hours_at(s, end, t, &h);
	*next = h.end > t->end ? h.end : t->end;
	if (h.bad)
		return 0;
	cue = lenient || (h.unit && (ring_has(cue_ring, s, end, work_cue_tab,
	    nitems(work_cue_tab), 4) || lex_index_lookup(lex_table_index(&work_after_tab_ix),
	    s, end, lex_skip_space(s, end, h.end), &e) >= 0));
	if (!cue)
		return 0;
	memset(out, 0, sizeof(*out));
	out->present = 1;
	out->range = h.range;
	if (h.range) {
		out->min = h.v;
		out->max = h.max;
	} else
		out->value = h.v;
	out->span.start = t->start;
	out->span.end = h.end;
	return 1;
}

/* ---- mood ---- */

static const struct lex_phrase mood_tab[] = {
	{ "great", 5 }, { "excellent", 5 }, { "amazing", 5 }, { "fantastic", 5 },
	{ "awesome", 5 }, { "wonderful", 5 }, { "brilliant", 5 },
	{ "superb", 5 }, { "very good", 5 }, { "really good", 5 },
	{ "super", 5 }, { "never better", 5 }, { "thriving", 5 },
	{ "toll", 5 }, { "ausgezeichnet", 5 }, { "hervorragend", 5 },
	{ "sehr gut", 5 }, { "super gut", 5 }, { "genial", 5 },
	{ "tres bien", 5 }, { "formidable", 5 }, { "excelente", 5 },
	{ "estupendo", 5 }, { "muy bien", 5 }, { "muy bueno", 5 },
	{ "otimo", 5 }, { "otima", 5 }, { "maravilhoso", 5 },
	{ "muito bem", 5 }, { "muito bom", 5 }, { "geweldig", 5 },
	{ "uitstekend", 5 }, { "fantastisch", 5 }, { "heel goed", 5 },
	{ "good", 4 }, { "pretty good", 4 }, { "quite good", 4 },
	{ "positive", 4 }, { "happy", 4 }, { "solid", 4 }, { "productive", 4 },
	{ "motivated", 4 }, { "content", 4 }, { "upbeat", 4 },
	{ "gut", 4 }, { "ganz gut", 4 }, { "bien", 4 }, { "plutot bien", 4 },
	{ "pas mal", 4 }, { "bueno", 4 }, { "buena", 4 }, { "contento", 4 },
	{ "contenta", 4 }, { "bom", 4 }, { "boa", 4 }, { "bem", 4 },
	{ "feliz", 4 }, { "goed", 4 }, { "prima", 4 }, { "lekker", 4 },
	{ "ok", 3 }, { "okay", 3 }, { "oke", 3 }, { "fine", 3 },
	{ "alright", 3 }, { "all right", 3 }, { "so-so", 3 }, { "so so", 3 },
	{ "neutral", 3 }, { "average", 3 }, { "not bad", 3 }, { "mixed", 3 },
	{ "busy", 3 }, { "steady", 3 }, { "geht so", 3 }, { "mittel", 3 },
	{ "ca va", 3 }, { "moyen", 3 }, { "comme ci comme ca", 3 },
	{ "regular", 3 }, { "normal", 3 }, { "mas o menos", 3 },
	{ "mais ou menos", 3 }, { "gaat wel", 3 }, { "redelijk", 3 },
	{ "niet slecht", 3 }, { "nicht schlecht", 3 },
	{ "meh", 2 }, { "rough", 2 }, { "bad", 2 }, { "low", 2 }, { "down", 2 },
	{ "not great", 2 }, { "not good", 2 }, { "not so good", 2 },
	{ "not too good", 2 }, { "stressed", 2 }, { "tired", 2 },
	{ "frustrated", 2 }, { "overwhelmed", 2 }, { "tough", 2 },
	{ "schlecht", 2 }, { "mies", 2 }, { "nicht gut", 2 },
	{ "nicht so gut", 2 }, { "naja", 2 }, { "bof", 2 },
	{ "pas terrible", 2 }, { "pas bien", 2 }, { "mal", 2 },
	{ "no muy bien", 2 }, { "nao muito bem", 2 }, { "ruim", 2 },
	{ "cansado", 2 }, { "cansada", 2 }, { "slecht", 2 }, { "niet goed", 2 },
	{ "niet zo goed", 2 }, { "matig", 2 }, { "moe", 2 },
	{ "terrible", 1 }, { "awful", 1 }, { "horrible", 1 }, { "miserable", 1 },
	{ "burned out", 1 }, { "burnt out", 1 }, { "exhausted", 1 },
	{ "very bad", 1 }, { "really bad", 1 }, { "the worst", 1 },
	{ "furchtbar", 1 }, { "schrecklich", 1 }, { "sehr schlecht", 1 },
	{ "katastrophal", 1 }, { "ausgebrannt", 1 }, { "affreux", 1 },
	{ "epuise", 1 }, { "epuisee", 1 }, { "fatal", 1 }, { "pesimo", 1 },
	{ "horrivel", 1 }, { "pessimo", 1 }, { "pessima", 1 },
	{ "vreselijk", 1 }, { "verschrikkelijk", 1 }, { "heel slecht", 1 },
	{ "uitgeput", 1 },
};
static struct lex_table mood_tab_ix = LEX_TABLE(mood_tab);

static const struct {
	uint32_t	 cp;
	int		 val;
} emoji_tab[] = {
	{ 0x1f600, 5 }, { 0x1f603, 5 }, { 0x1f604, 5 }, { 0x1f601, 5 },
	{ 0x1f929, 5 }, { 0x1f60d, 5 }, { 0x1f973, 5 }, { 0x1f60e, 5 },
	{ 0x1f389, 5 }, { 0x1f4aa, 5 }, { 0x1f680, 5 }, { 0x1f606, 5 },
	{ 0x1f642, 4 }, { 0x1f60a, 4 }, { 0x1f60c, 4 }, { 0x1f44d, 4 },
	{ 0x263a, 4 }, { 0x1f917, 4 }, { 0x1f609, 4 },
	{ 0x1f610, 3 }, { 0x1f611, 3 }, { 0x1f636, 3 }, { 0x1f937, 3 },
	{ 0x1f914, 3 }, { 0x1f644, 3 }, { 0x1fae4, 3 },
	{ 0x1f615, 2 }, { 0x1f641, 2 }, { 0x2639, 2 }, { 0x1f61f, 2 },
	{ 0x1f614, 2 }, { 0x1f61e, 2 }, { 0x1f612, 2 }, { 0x1f613, 2 },
	{ 0x1f625, 2 }, { 0x1f634, 2 }, { 0x1f44e, 2 }, { 0x1f623, 2 },
	{ 0x1f629, 1 }, { 0x1f62b, 1 }, { 0x1f622, 1 }, { 0x1f62d, 1 },
	{ 0x1f621, 1 }, { 0x1f620, 1 }, { 0x1f92f, 1 }, { 0x1f480, 1 },
	{ 0x1f616, 1 }, { 0x1f630, 1 }, { 0x1f631, 1 },
};

static const struct lex_phrase emoticon_tab[] = {
	{ ":)", 4 }, { ":-)", 4 }, { "(:", 4 }, { ";)", 4 }, { ";-)", 4 },
	{ "=)", 4 }, { ":d", 5 }, { ":-d", 5 }, { ":(", 2 }, { ":-(", 2 },
	{ ":|", 3 }, { ":-|", 3 }, { ":'(", 1 }, { ":/", 2 }, { ":-/", 2 },
};
static struct lex_table emoticon_tab_ix = LEX_TABLE(emoticon_tab);

static const struct lex_phrase mood_cue_tab[] = {
	{ "mood", 0 }, { "feeling", 0 }, { "morale", 0 }, { "stimmung", 0 },
	{ "laune", 0 }, { "humeur", 0 }, { "moral", 0 }, { "animo", 0 },
	{ "humor", 0 }, { "stemming", 0 },
};
static struct lex_table mood_cue_ix = LEX_TABLE(mood_cue_tab);

static const struct lex_phrase mood_filler_tab[] = {
	{ "is", 0 }, { "was", 0 }, { "today", 0 }, { "overall", 0 },
	{ "this", 0 }, { "week", 0 }, { "ist", 0 }, { "est", 0 }, { "es", 0 },
	{ "esta", 0 }, { "e", 0 }, { "de", 0 }, { "rather", 0 }, { "a", 0 },
	{ "solid", 0 }, { "around", 0 }, { "about", 0 }, { "like", 0 },
};
static struct lex_table mood_filler_ix = LEX_TABLE(mood_filler_tab);

static const struct lex_phrase scale_tab[] = {
	{ "out of", 0 }, { "of", 0 }, { "von", 0 }, { "sur", 0 }, { "de", 0 },
	{ "van", 0 }, { "em", 0 }, { "on", 0 },
};
static struct lex_table scale_tab_ix = LEX_TABLE(scale_tab);

/* A rating at number token t: "4", "4/5", "4 out of 5", "8/10", "3.5". */
static int
rating_at(const char *s, size_t end, const struct lex_tok *t, int *val,
    size_t *endp)
{
	struct lex_tok	 n, m;
	double		 v;
	size_t		 e, e2;
	int		 scale = 5;

	if (t->ndig > 2)
		return 0;
	e = read_decimal(s, end, t, &v);
	lex_token(s, end, e, &n);
	e2 = n.end;
	if (!lex_is_punct(&n, '/')) {
		if (lex_index_lookup(lex_table_index(&scale_tab_ix),
		    s, end, n.start, &e2) < 0)
			e2 = 0;
	}
	if (e2 != 0) {
		lex_token(s, end, e2, &m);
		if (m.kind == LEX_NUM && (m.num == 5 || m.num == 10)) {
			scale = (int)m.num;
			e = m.end;
		} else if (lex_is_punct(&n, '/'))
			return 0;
	} else {
		if (in_tab(&n, hour_unit_tab, nitems(hour_unit_tab)) >= 0 ||
		    in_tab(&n, other_unit_tab, nitems(other_unit_tab)) >= 0 ||
		    lex_is_punct(&n, '%') || lex_is_punct(&n, ':') ||
		    lex_is_punct(&n, '='))
			return 0;	/* "4 hours", "1 = rough" */
	}
	if (scale == 10)
		v = v / 2;
	if (v < 1 || v > 5)
		return 0;
	*val = (int)(v + 0.5);
	*endp = e;
	return 1;
}

static int
emoji_at(const struct lex_tok *t)
{
	size_t i;

	for (i = 0; i < nitems(emoji_tab); i++)
		if (emoji_tab[i].cp == t->cp)
			return emoji_tab[i].val;
	return 0;
}

/* One mood value at token t (lenient). */
static int
mood_value_at(const char *s, size_t end, const struct lex_tok *t,
    struct checkin_mood *m)
{
	size_t	 e;
	int	 k, v;

	if (t->kind == LEX_NUM && rating_at(s, end, t, &v, &e)) {
		m->from = CHECKIN_MOOD_NUMBER;
	} else if (t->kind == LEX_WORD && lex_word_start(s, end, t->start) &&
	    (k = lex_index_lookup(lex_table_index(&mood_tab_ix),
	    s, end, t->start, &e)) >= 0) {
		v = mood_tab[k].val;
		m->from = CHECKIN_MOOD_WORD;
	} else if (t->kind == LEX_PUNCT && (v = emoji_at(t)) != 0) {
		e = t->end;
		m->from = CHECKIN_MOOD_EMOJI;
	} else if (t->kind == LEX_PUNCT && (k = lex_index_lookup(
	    lex_table_index(&emoticon_tab_ix), s, end, t->start, &e)) >= 0) {
		v = emoticon_tab[k].val;
		m->from = CHECKIN_MOOD_EMOJI;
	} else
		return 0;
	m->value = v;
	m->span.start = t->start;
	m->span.end = e;
	return 1;
}

/* "mood: 4", "my mood is good", "mood today 🙂": a value after a mood
 * word t, within four tokens. */
static int
mood_cue_step(const char *s, size_t end, const struct lex_tok *t,
    struct checkin_mood *out)
{
	struct lex_tok	 u;
	size_t		 j = t->end;
	int		 k;

	if (lex_index_word(lex_table_index(&mood_cue_ix), t) < 0)
		return 0;
	for (k = 0; k < 4; k++) {
		lex_token(s, end, j, &u);
		if (u.kind == LEX_END || u.kind == LEX_NL)
			return 0;
		if (mood_value_at(s, end, &u, out))
			return 1;
		if (!(u.kind == LEX_PUNCT && (u.c == ':' || u.c == '-' ||
		    u.c == '=')) && lex_index_word(lex_table_index(&mood_filler_ix), &u) < 0)
			return 0;
		j = u.end;
	}
	return 0;
}

/* The end of a short "(...)" on one line, or 0. */
static size_t
paren_end(const char *s, size_t end, size_t i)
{
	size_t		 n = end - i < 80 ? end - i : 80;
	const char	*p = memchr(s + i, ')', n), *nl = memchr(s + i, '\n', n);

	if (nl != NULL && (p == NULL || nl < p))
		return 0;

	return p == NULL ? 0 : (size_t)(p - s) + 1;
}

int
checkin_rating_in(const char *s, size_t start, size_t end, int *value,
    struct checkin_span *span)
{
	struct lex_tok	 t;
	size_t		 i = start, e;

	while (i < end) {
		lex_token(s, end, i, &t);
		if (t.kind == LEX_END)
			break;
		if (t.kind == LEX_NUM && lex_word_start(s, end, t.start) &&
		    rating_at(s, end, &t, value, &e)) {
			span->start = t.start;
			span->end = e;
			return 1;
		}
		if (lex_is_punct(&t, '(') && (e = paren_end(s, end, t.end)) != 0) {
			i = e;		/* a copied legend: "(1 = unclear ...)" */
			continue;
		}
		i = t.end;
	}
	return 0;
}

/* ---- "none" ---- */

static const struct lex_phrase none_tab[] = {
	{ "none", 0 }, { "no", 0 }, { "nope", 0 }, { "n/a", 0 }, { "na", 0 },
	{ "nothing", 0 }, { "no blockers", 0 }, { "no blocker", 0 },
	{ "nothing blocking", 0 }, { "nothing blocking me", 0 },
	{ "not really", 0 }, { "all good", 0 }, { "nil", 0 }, { "zero", 0 },
	{ "no issues", 0 }, { "no problems", 0 }, { "nothing major", 0 },
	{ "keine", 0 }, { "keine blocker", 0 }, { "nichts", 0 }, { "nix", 0 },
	{ "keine probleme", 0 }, { "aucun", 0 }, { "aucune", 0 }, { "rien", 0 },
	{ "pas de blocage", 0 }, { "pas de blocages", 0 },
	{ "rien a signaler", 0 }, { "ras", 0 }, { "ninguno", 0 },
	{ "ninguna", 0 }, { "nada", 0 }, { "sin bloqueos", 0 },
	{ "nenhum", 0 }, { "nenhuma", 0 }, { "sem bloqueios", 0 },
	{ "geen", 0 }, { "niets", 0 }, { "geen blokkades", 0 },
	{ "geen problemen", 0 },
};
static struct lex_table none_tab_ix = LEX_TABLE(none_tab);

static const struct lex_phrase none_filler_tab[] = {
	{ "thanks", 0 }, { "thank", 0 }, { "you", 0 }, { "for", 0 },
	{ "now", 0 }, { "at", 0 }, { "the", 0 }, { "moment", 0 }, { "this", 0 },
	{ "week", 0 }, { "so", 0 }, { "far", 0 }, { "right", 0 },
	{ "currently", 0 }, { "really", 0 }, { "all", 0 }, { "good", 0 },
	{ "here", 0 }, { "yet", 0 }, { "today", 0 }, { "blockers", 0 },
	{ "danke", 0 }, { "merci", 0 }, { "gracias", 0 }, { "obrigado", 0 },
	{ "obrigada", 0 }, { "bedankt", 0 }, { "momentan", 0 },
	{ "aktuell", 0 }, { "im", 0 }, { "zurzeit", 0 }, { "bisher", 0 },
	{ "pour", 0 }, { "le", 0 }, { "l'instant", 0 }, { "por", 0 },
	{ "ahora", 0 }, { "agora", 0 }, { "enquanto", 0 }, { "de", 0 },
	{ "momento", 0 }, { "op", 0 }, { "dit", 0 }, { "so", 0 },
};

int
checkin_is_none(const char *s, size_t start, size_t end)
{
	struct lex_tok	 t;
	size_t		 i, e;
	int		 punct_only = 1;

	sections_trim(s, &start, &end);
	if (start == end)
		return 0;
	for (i = start; i < end; i = t.end) {
		lex_token(s, end, i, &t);
		if (t.kind == LEX_END)
			break;
		if (t.kind != LEX_PUNCT || (t.c != '-' && t.c != '.' &&
		    t.c != '/'))
			punct_only = 0;
	}
	if (punct_only)
		return 1;	/* "-", "--", "—", "./." */
	lex_token(s, end, start, &t);
	if (t.kind == LEX_NUM && t.num == 0 && t.ndig == 1 && t.end == end)
		return 1;
	if (lex_index_lookup(lex_table_index(&none_tab_ix),
	    s, end, start, &e) < 0)
		return 0;
	for (i = e; i < end; i = t.end) {
		lex_token(s, end, i, &t);
		if (t.kind == LEX_END)
			break;
		if (t.kind == LEX_NUM)
			return 0;
		if (t.kind == LEX_WORD && in_tab(&t, none_filler_tab,
		    nitems(none_filler_tab)) < 0)
			return 0;
	}
	return 1;
}

/* ---- concerns ---- */

static const struct lex_phrase concern_tab[] = {
	{ "burned out", 0 }, { "burnt out", 0 }, { "burnout", 0 },
	{ "burn-out", 0 }, { "burning out", 0 }, { "overwhelmed", 0 },
	{ "overworked", 0 }, { "frustrated", 0 }, { "frustrating", 0 },
	{ "conflict with", 0 }, { "conflicts with", 0 },
	{ "thinking of quitting", 0 }, { "thinking about quitting", 0 },
	{ "want to quit", 0 }, { "going to quit", 0 },
	{ "thinking of leaving", 0 }, { "thinking about leaving", 0 },
	{ "considering leaving", 0 }, { "looking for another job", 0 },
	{ "resign", 0 }, { "resigning", 0 }, { "unfair", 0 }, { "not fair", 0 },
	{ "stressed", 0 }, { "stressful", 0 }, { "exhausted", 0 },
	{ "anxious", 0 }, { "anxiety", 0 }, { "struggling", 0 },
	{ "can't cope", 0 }, { "cannot cope", 0 }, { "too much work", 0 },
	{ "too much on my plate", 0 }, { "underpaid", 0 },
	{ "haven't been paid", 0 }, { "not been paid", 0 },
	{ "harassed", 0 }, { "harassment", 0 }, { "disrespected", 0 },
	{ "disrespectful", 0 }, { "toxic", 0 }, { "depressed", 0 },
	{ "unhappy", 0 }, { "demotivated", 0 }, { "upset", 0 }, { "angry", 0 },
	{ "sick", 0 }, { "at my limit", 0 }, { "breaking point", 0 },
	{ "uberfordert", 0 }, { "ausgebrannt", 0 }, { "gestresst", 0 },
	{ "frustriert", 0 }, { "kundigen", 0 }, { "kundigung", 0 },
	{ "konflikt mit", 0 }, { "erschopft", 0 }, { "uberlastet", 0 },
	{ "krank", 0 }, { "demotiviert", 0 }, { "am limit", 0 },
	{ "epuise", 0 }, { "epuisee", 0 }, { "deborde", 0 }, { "debordee", 0 },
	{ "stresse", 0 }, { "stressee", 0 }, { "frustre", 0 }, { "frustree", 0 },
	{ "injuste", 0 }, { "conflit avec", 0 }, { "demissionner", 0 },
	{ "surcharge", 0 }, { "surchargee", 0 }, { "malade", 0 },
	{ "a bout", 0 },
	{ "agotado", 0 }, { "agotada", 0 }, { "agobiado", 0 }, { "agobiada", 0 },
	{ "estresado", 0 }, { "estresada", 0 }, { "frustrado", 0 },
	{ "frustrada", 0 }, { "injusto", 0 }, { "injusta", 0 },
	{ "conflicto con", 0 }, { "renunciar", 0 }, { "quemado", 0 },
	{ "quemada", 0 }, { "sobrecargado", 0 }, { "sobrecargada", 0 },
	{ "enfermo", 0 }, { "enferma", 0 },
	{ "esgotado", 0 }, { "esgotada", 0 }, { "sobrecarregado", 0 },
	{ "sobrecarregada", 0 }, { "estressado", 0 }, { "estressada", 0 },
	{ "conflito com", 0 }, { "pedir demissao", 0 }, { "doente", 0 },
	{ "exausto", 0 }, { "exausta", 0 },
	{ "overspannen", 0 }, { "overbelast", 0 }, { "gestrest", 0 },
	{ "gefrustreerd", 0 }, { "oneerlijk", 0 }, { "conflict met", 0 },
	{ "ontslag nemen", 0 }, { "uitgeput", 0 }, { "ziek", 0 },
	{ "overweldigd", 0 },
};

static struct lex_table concern_ix = LEX_TABLE(concern_tab);

static const struct lex_phrase negation_tab[] = {
	{ "not", 0 }, { "no", 0 }, { "never", 0 }, { "without", 0 },
	{ "less", 0 }, { "isn't", 0 }, { "wasn't", 0 }, { "don't", 0 },
	{ "nicht", 0 }, { "kein", 0 }, { "keine", 0 }, { "nie", 0 },
	{ "ohne", 0 }, { "weniger", 0 }, { "pas", 0 }, { "jamais", 0 },
	{ "sans", 0 }, { "moins", 0 }, { "sin", 0 }, { "nunca", 0 },
	{ "menos", 0 }, { "nao", 0 }, { "nem", 0 }, { "niet", 0 },
	{ "geen", 0 }, { "nooit", 0 }, { "minder", 0 },
};

static int
concern_add(struct checkin_concern **v, size_t *n, int *truncated, int k,
    size_t start, size_t end)
{
	struct checkin_concern	*nv;

	if (*n >= LIMIT_ANSWERS) {
		*truncated = 1;
		return 0;
	}
	/* grow at powers of two: the count tells the capacity */
	if ((*n & (*n - 1)) == 0) {
		if ((nv = realloc(*v, (*n == 0 ? 1 : *n * 2) * sizeof(*nv))) ==
		    NULL)
			return -1;
		*v = nv;
	}
	(*v)[*n].term = concern_tab[k].pat;
	(*v)[*n].span.start = start;
	(*v)[*n].span.end = end;
	(*n)++;
	return 0;
}

/*
 * One pass over free text for what may be anywhere: words of concern, and
 * hours and mood when no answer gave them. A NULL target is not wanted.
 */
struct fscan {
	struct checkin_hours	*hours;
	struct checkin_mood	*mood;
	struct checkin_concern	**v;
	size_t			*n;
	int			*truncated;
};

static int
fscan_run(const char *s, size_t start, size_t end, struct fscan *f)
{
	struct lex_tok		 t;
	struct ring		 neg, cue;
	const struct lex_index	*ix = lex_table_index(&concern_ix), *plain[2];
	const struct lex_index	*cue_ix = lex_table_index(&mood_cue_ix);
	size_t			 i = start, e, ws, we;
	int			 k;

	memset(&neg, 0, sizeof(neg));
	memset(&cue, 0, sizeof(cue));
	while (i < end) {
		/* a word that is no concern and no mood cue: only remembered */
		plain[0] = f->v != NULL ? ix : NULL;
		plain[1] = f->mood != NULL ? cue_ix : NULL;
		if (lex_plain_word(s, end, i, plain, 2, &ws, &we)) {
			ring_push_at(&neg, ws);
			ring_push_at(&cue, ws);
			i = we;
			continue;
		}
		lex_token(s, end, i, &t);
		if (t.kind == LEX_END)
			break;
		if (t.kind == LEX_NL)
			neg.n = 0;
		if (t.kind == LEX_WORD && f->v != NULL &&
		    lex_word_start(s, end, t.start) &&
		    (k = lex_index_lookup_tok(ix, s, end, &t, &e)) >= 0) {
			if (!ring_has(&neg, s, end, negation_tab,
			    nitems(negation_tab), 2) && concern_add(f->v, f->n,
			    f->truncated, k, t.start, e) == -1)
				return -1;
			neg.n = 0;
			i = e;
			continue;
		}
		if (t.kind == LEX_WORD) {
			if (f->mood != NULL && mood_cue_step(s, end, &t, f->mood))
				f->mood = NULL;		/* found */
			ring_push(&neg, &t);
			ring_push(&cue, &t);
		} else if (t.kind == LEX_NUM && f->hours != NULL &&
		    number_start(s, end, t.start)) {
			if (hours_step(s, end, &t, &cue, 0, f->hours, &e))
				f->hours = NULL;	/* found */
			else {
				i = e;
				continue;
			}
		}
		i = t.end;
	}
	return 0;
}

int
checkin_concerns(const char *s, size_t start, size_t end,
    struct checkin_concern **v, size_t *n, int *truncated)
{
	struct fscan f = { NULL, NULL, v, n, truncated };

	return fscan_run(s, start, end, &f);
}

int
checkin_hours_in(const char *s, size_t start, size_t end, int lenient,
    struct checkin_hours *out)
{
	struct lex_tok	 t;
	struct ring	 none;
	struct fscan	 f = { out, NULL, NULL, NULL, NULL };
	size_t		 i = start, next;

	memset(out, 0, sizeof(*out));
	if (!lenient) {
		fscan_run(s, start, end, &f);
		return out->present;
	}
	memset(&none, 0, sizeof(none));
	while (i < end) {
		lex_token(s, end, i, &t);
		if (t.kind == LEX_END)
			break;
		if (t.kind == LEX_NUM && number_start(s, end, t.start)) {
			if (hours_step(s, end, &t, &none, 1, out, &next))
				return 1;
			i = next;
			continue;
		}
		i = t.end;
	}
	return 0;
}

int
checkin_mood_in(const char *s, size_t start, size_t end, int lenient,
    struct checkin_mood *out)
{
	struct lex_tok	 t;
	struct fscan	 f = { NULL, out, NULL, NULL, NULL };
	size_t		 i = start;

	memset(out, 0, sizeof(*out));
	if (!lenient) {
		fscan_run(s, start, end, &f);
		return out->value != 0;
	}
	while (i < end) {
		lex_token(s, end, i, &t);
		if (t.kind == LEX_END)
			break;
		if (mood_value_at(s, end, &t, out))
			return 1;
		i = t.end;
	}
	memset(out, 0, sizeof(*out));
	return 0;
}

/* ---- task updates ---- */

#define TU_STRONG	0x100	/* a new-date cue that stands without a date */
#define TU_NEEDS_DATE	0x200	/* a new-date cue that needs one: "due", "by" */
#define TU_CUE_REASON	0x400	/* the cue starts the reason: "waiting on X" */
#define TU_AFTER	0x800	/* the words after the cue are the reason */
#define TU_HALF		0x1000	/* 50% */
#define TU_STATUS(v)	((enum checkin_task_status)((v) & 0xff))

#define DONE		CHECKIN_TASK_DONE
#define NOT_DONE	CHECKIN_TASK_NOT_DONE
#define PROGRESS	CHECKIN_TASK_PROGRESS
#define NEW_DATE	CHECKIN_TASK_NEW_DATE
#define BLOCKED		CHECKIN_TASK_BLOCKED

static const struct lex_phrase status_tab[] = {
	{ "done", DONE }, { "all done", DONE }, { "finished", DONE },
	{ "finalized", DONE }, { "complete", DONE }, { "completed", DONE },
	{ "closed", DONE }, { "shipped", DONE }, { "fixed", DONE },
	{ "resolved", DONE }, { "wrapped up", DONE },
	{ "erledigt", DONE }, { "fertig", DONE }, { "abgeschlossen", DONE },
	{ "gemacht", DONE }, { "termine", DONE }, { "terminee", DONE },
	{ "fait", DONE }, { "faite", DONE }, { "fini", DONE }, { "finie", DONE },
	{ "boucle", DONE }, { "hecho", DONE }, { "hecha", DONE },
	{ "terminado", DONE }, { "terminada", DONE }, { "listo", DONE },
	{ "lista", DONE }, { "completado", DONE }, { "completada", DONE },
	{ "finalizado", DONE }, { "finalizada", DONE }, { "feito", DONE },
	{ "feita", DONE }, { "concluido", DONE }, { "concluida", DONE },
	{ "pronto", DONE }, { "pronta", DONE }, { "klaar", DONE },
	{ "gedaan", DONE }, { "af", DONE }, { "afgerond", DONE },
	{ "voltooid", DONE }, { "gereed", DONE },
	{ "not done", NOT_DONE }, { "not yet done", NOT_DONE },
	{ "not done yet", NOT_DONE }, { "not finished", NOT_DONE },
	{ "not yet finished", NOT_DONE }, { "not complete", NOT_DONE },
	{ "not completed", NOT_DONE }, { "isn't done", NOT_DONE },
	{ "isnt done", NOT_DONE }, { "wasn't done", NOT_DONE },
	{ "still open", NOT_DONE }, { "reopened", NOT_DONE },
	{ "undone", NOT_DONE }, { "nicht erledigt", NOT_DONE },
	{ "noch nicht erledigt", NOT_DONE }, { "nicht fertig", NOT_DONE },
	{ "noch nicht fertig", NOT_DONE }, { "pas fini", NOT_DONE },
	{ "pas termine", NOT_DONE }, { "pas fait", NOT_DONE },
	{ "pas encore fait", NOT_DONE }, { "no terminado", NOT_DONE },
	{ "no hecho", NOT_DONE }, { "no esta hecho", NOT_DONE },
	{ "sin terminar", NOT_DONE }, { "nao feito", NOT_DONE },
	{ "nao concluido", NOT_DONE }, { "nao terminado", NOT_DONE },
	{ "niet klaar", NOT_DONE }, { "niet af", NOT_DONE },
	{ "niet gedaan", NOT_DONE }, { "nog niet klaar", NOT_DONE },
	{ "nog niet af", NOT_DONE },
	{ "in progress", PROGRESS }, { "ongoing", PROGRESS },
	{ "started", PROGRESS }, { "underway", PROGRESS },
	{ "under way", PROGRESS }, { "working on it", PROGRESS },
	{ "wip", PROGRESS }, { "almost done", PROGRESS },
	{ "nearly done", PROGRESS }, { "half done", PROGRESS | TU_HALF },
	{ "halfway", PROGRESS | TU_HALF }, { "halfway done", PROGRESS | TU_HALF },
	{ "half way", PROGRESS | TU_HALF }, { "in arbeit", PROGRESS },
	{ "begonnen", PROGRESS }, { "angefangen", PROGRESS },
	{ "halb fertig", PROGRESS | TU_HALF }, { "fast fertig", PROGRESS },
	{ "en cours", PROGRESS }, { "commence", PROGRESS },
	{ "a moitie", PROGRESS | TU_HALF }, { "presque fini", PROGRESS },
	{ "en curso", PROGRESS }, { "en progreso", PROGRESS },
	{ "en proceso", PROGRESS }, { "empezado", PROGRESS },
	{ "a medias", PROGRESS | TU_HALF }, { "casi listo", PROGRESS },
	{ "casi terminado", PROGRESS }, { "em andamento", PROGRESS },
	{ "em progresso", PROGRESS }, { "iniciado", PROGRESS },
	{ "comecado", PROGRESS }, { "quase pronto", PROGRESS },
	{ "pela metade", PROGRESS | TU_HALF }, { "bezig", PROGRESS },
	{ "onderhanden", PROGRESS }, { "gestart", PROGRESS },
	{ "half klaar", PROGRESS | TU_HALF }, { "bijna klaar", PROGRESS },
	{ "bijna af", PROGRESS },
	{ "blocked", BLOCKED | TU_AFTER }, { "blocked by", BLOCKED | TU_AFTER },
	{ "blocked on", BLOCKED | TU_AFTER }, { "stuck", BLOCKED | TU_AFTER },
	{ "stuck on", BLOCKED | TU_AFTER }, { "on hold", BLOCKED | TU_AFTER },
	{ "paused", BLOCKED | TU_AFTER },
	{ "waiting on", BLOCKED | TU_CUE_REASON },
	{ "waiting for", BLOCKED | TU_CUE_REASON },
	{ "awaiting", BLOCKED | TU_CUE_REASON },
	{ "blockiert", BLOCKED | TU_AFTER }, { "wartet auf", BLOCKED | TU_CUE_REASON },
	{ "warte auf", BLOCKED | TU_CUE_REASON },
	{ "bloque", BLOCKED | TU_AFTER }, { "bloquee", BLOCKED | TU_AFTER },
	{ "en attente", BLOCKED | TU_CUE_REASON },
	{ "bloqueado", BLOCKED | TU_AFTER }, { "bloqueada", BLOCKED | TU_AFTER },
	{ "esperando", BLOCKED | TU_CUE_REASON },
	{ "en espera", BLOCKED | TU_AFTER }, { "em espera", BLOCKED | TU_AFTER },
	{ "aguardando", BLOCKED | TU_CUE_REASON },
	{ "geblokkeerd", BLOCKED | TU_AFTER },
	{ "wacht op", BLOCKED | TU_CUE_REASON },
	{ "wachten op", BLOCKED | TU_CUE_REASON },
	{ "new date", NEW_DATE | TU_STRONG }, { "new due date", NEW_DATE | TU_STRONG },
	{ "new deadline", NEW_DATE | TU_STRONG }, { "moved to", NEW_DATE | TU_STRONG },
	{ "moved", NEW_DATE | TU_STRONG }, { "move to", NEW_DATE | TU_STRONG },
	{ "moving to", NEW_DATE | TU_STRONG },
	{ "postponed to", NEW_DATE | TU_STRONG },
	{ "postponed until", NEW_DATE | TU_STRONG },
	{ "postponed", NEW_DATE | TU_STRONG }, { "pushed to", NEW_DATE | TU_STRONG },
	{ "pushed back to", NEW_DATE | TU_STRONG },
	{ "pushed back", NEW_DATE | TU_STRONG },
	{ "rescheduled to", NEW_DATE | TU_STRONG },
	{ "rescheduled for", NEW_DATE | TU_STRONG },
	{ "rescheduled", NEW_DATE | TU_STRONG },
	{ "delayed to", NEW_DATE | TU_STRONG },
	{ "delayed until", NEW_DATE | TU_STRONG },
	{ "delayed", NEW_DATE | TU_STRONG }, { "slipped to", NEW_DATE | TU_STRONG },
	{ "extended to", NEW_DATE | TU_STRONG },
	{ "neues datum", NEW_DATE | TU_STRONG },
	{ "neuer termin", NEW_DATE | TU_STRONG },
	{ "verschoben auf", NEW_DATE | TU_STRONG },
	{ "verschoben", NEW_DATE | TU_STRONG },
	{ "nouvelle date", NEW_DATE | TU_STRONG },
	{ "nouvelle echeance", NEW_DATE | TU_STRONG },
	{ "reporte a", NEW_DATE | TU_STRONG }, { "reporte au", NEW_DATE | TU_STRONG },
	{ "reporte", NEW_DATE | TU_STRONG }, { "repousse a", NEW_DATE | TU_STRONG },
	{ "repousse au", NEW_DATE | TU_STRONG },
	{ "decale a", NEW_DATE | TU_STRONG }, { "decale au", NEW_DATE | TU_STRONG },
	{ "nueva fecha", NEW_DATE | TU_STRONG },
	{ "movido a", NEW_DATE | TU_STRONG }, { "movido al", NEW_DATE | TU_STRONG },
	{ "pospuesto", NEW_DATE | TU_STRONG },
	{ "pospuesto al", NEW_DATE | TU_STRONG },
	{ "pospuesto hasta", NEW_DATE | TU_STRONG },
	{ "aplazado", NEW_DATE | TU_STRONG }, { "aplazado al", NEW_DATE | TU_STRONG },
	{ "nova data", NEW_DATE | TU_STRONG }, { "novo prazo", NEW_DATE | TU_STRONG },
	{ "adiado para", NEW_DATE | TU_STRONG }, { "adiado", NEW_DATE | TU_STRONG },
	{ "remarcado para", NEW_DATE | TU_STRONG },
	{ "nieuwe datum", NEW_DATE | TU_STRONG },
	{ "nieuwe deadline", NEW_DATE | TU_STRONG },
	{ "verplaatst naar", NEW_DATE | TU_STRONG },
	{ "verplaatst", NEW_DATE | TU_STRONG },
	{ "uitgesteld tot", NEW_DATE | TU_STRONG },
	{ "uitgesteld naar", NEW_DATE | TU_STRONG },
	{ "uitgesteld", NEW_DATE | TU_STRONG },
	{ "due", NEW_DATE | TU_NEEDS_DATE }, { "due on", NEW_DATE | TU_NEEDS_DATE },
	{ "due by", NEW_DATE | TU_NEEDS_DATE }, { "by", NEW_DATE | TU_NEEDS_DATE },
	{ "will be done by", NEW_DATE | TU_NEEDS_DATE },
	{ "will finish by", NEW_DATE | TU_NEEDS_DATE },
	{ "will be ready by", NEW_DATE | TU_NEEDS_DATE },
	{ "ready by", NEW_DATE | TU_NEEDS_DATE },
	{ "eta", NEW_DATE | TU_NEEDS_DATE }, { "until", NEW_DATE | TU_NEEDS_DATE },
	{ "bis", NEW_DATE | TU_NEEDS_DATE }, { "bis zum", NEW_DATE | TU_NEEDS_DATE },
	{ "fertig bis", NEW_DATE | TU_NEEDS_DATE },
	{ "pour", NEW_DATE | TU_NEEDS_DATE }, { "d'ici", NEW_DATE | TU_NEEDS_DATE },
	{ "para", NEW_DATE | TU_NEEDS_DATE }, { "hasta", NEW_DATE | TU_NEEDS_DATE },
	{ "ate", NEW_DATE | TU_NEEDS_DATE }, { "tegen", NEW_DATE | TU_NEEDS_DATE },
	{ "voor", NEW_DATE | TU_NEEDS_DATE },
};

/* "done #12": a status before the id. */
static const struct lex_phrase prefix_tab[] = {
	{ "done", DONE }, { "done with", DONE }, { "finished", DONE },
	{ "finished with", DONE }, { "completed", DONE }, { "closed", DONE },
	{ "erledigt", DONE }, { "fertig mit", DONE }, { "abgeschlossen", DONE },
	{ "termine", DONE }, { "fini", DONE }, { "terminado", DONE },
	{ "termine", DONE }, { "hecho", DONE }, { "conclui", DONE },
	{ "terminei", DONE }, { "finalizei", DONE }, { "afgerond", DONE },
	{ "klaar met", DONE },
	{ "not done", NOT_DONE }, { "reopen", NOT_DONE },
	{ "reopened", NOT_DONE }, { "started", PROGRESS },
	{ "started on", PROGRESS }, { "working on", PROGRESS },
};

static const struct lex_phrase filler_tab[] = {
	{ "is", 0 }, { "was", 0 }, { "has been", 0 }, { "have been", 0 },
	{ "been", 0 }, { "got", 0 }, { "now", 0 }, { "just", 0 },
	{ "already", 0 }, { "finally", 0 }, { "also", 0 }, { "status", 0 },
	{ "task", 0 }, { "are", 0 }, { "all", 0 }, { "currently", 0 },
	{ "at", 0 }, { "about", 0 }, { "around", 0 }, { "approximately", 0 },
	{ "approx", 0 }, { "ca", 0 }, { "roughly", 0 },
	{ "ist", 0 }, { "wurde", 0 }, { "jetzt", 0 }, { "schon", 0 },
	{ "bei", 0 }, { "est", 0 }, { "a ete", 0 }, { "maintenant", 0 },
	{ "deja", 0 }, { "esta", 0 }, { "fue", 0 }, { "ya", 0 },
	{ "ahora", 0 }, { "al", 0 }, { "foi", 0 }, { "ja", 0 }, { "agora", 0 },
	{ "nu", 0 }, { "inmiddels", 0 }, { "al", 0 }, { "op", 0 },
};

static const struct lex_phrase percent_word_tab[] = {
	{ "percent", 0 }, { "per cent", 0 }, { "pct", 0 }, { "prozent", 0 },
	{ "pour cent", 0 }, { "por ciento", 0 }, { "por cento", 0 },
	{ "procent", 0 },
};
static struct lex_table percent_word_tab_ix = LEX_TABLE(percent_word_tab);

static const struct lex_phrase because_tab[] = {
	{ "because", 0 }, { "because of", 0 }, { "since", 0 }, { "as", 0 },
	{ "due to", 0 }, { "bc", 0 }, { "b/c", 0 }, { "cause", 0 },
	{ "weil", 0 }, { "da", 0 }, { "wegen", 0 }, { "denn", 0 },
	{ "car", 0 }, { "parce que", 0 }, { "a cause de", 0 },
	{ "porque", 0 }, { "pois", 0 }, { "omdat", 0 }, { "want", 0 },
	{ "vanwege", 0 },
};
static struct lex_table because_tab_ix = LEX_TABLE(because_tab);

static const struct lex_phrase and_tab[] = {
	{ "and", 0 }, { "und", 0 }, { "et", 0 }, { "y", 0 }, { "e", 0 },
	{ "en", 0 },
};

#define CHAIN_MAX	8

/* What the task-update scanner needs, built once per scan. */
struct tctx {
	const struct dates_ref	*ref;
	const struct lex_index	*status, *prefix, *filler;
};

static struct lex_table status_ix = LEX_TABLE(status_tab);
static struct lex_table prefix_ix = LEX_TABLE(prefix_tab);
static struct lex_table filler_ix = LEX_TABLE(filler_tab);

static void
tctx_init(struct tctx *x, const struct dates_ref *ref)
{
	x->ref = ref;
	x->status = lex_table_index(&status_ix);
	x->prefix = lex_table_index(&prefix_ix);
	x->filler = lex_table_index(&filler_ix);
}

struct tu {
	long		 ids[CHAIN_MAX];
	size_t		 id_start[CHAIN_MAX];
	int		 nids;
	int		 status, flags, percent;
	int		 has_date;
	struct dates_match date;
	size_t		 start;		/* the update begins here */
	size_t		 status_start, status_end;
	size_t		 rs, re;	/* reason */
};

/* A '#' that starts a task id: not "C#12", "&#12;", "##12", "page/#12". */
static int
id_start_ok(const char *s, size_t len, size_t i)
{
	uint32_t cp;

	if (i == 0)
		return 1;
	lex_utf8(s, len, lex_prev(s, i), &cp);
	return !lex_is_alnum(cp) && cp != '&' && cp != '#' && cp != '/' &&
	    cp != '_';
}

/*
 * The word just before i is a preposition or an object marker: in
 * "waiting on #20" or "see #12", #20 and #12 are not updates of their own.
 */
static const struct lex_phrase object_tab[] = {
	{ "on", 0 }, { "for", 0 }, { "to", 0 }, { "with", 0 }, { "by", 0 },
	{ "of", 0 }, { "from", 0 }, { "after", 0 }, { "before", 0 },
	{ "than", 0 }, { "like", 0 }, { "about", 0 }, { "see", 0 },
	{ "into", 0 }, { "under", 0 }, { "until", 0 }, { "auf", 0 },
	{ "fur", 0 }, { "mit", 0 }, { "von", 0 }, { "nach", 0 }, { "vor", 0 },
	{ "sur", 0 }, { "pour", 0 }, { "avec", 0 }, { "de", 0 }, { "du", 0 },
	{ "con", 0 }, { "para", 0 }, { "por", 0 }, { "com", 0 }, { "do", 0 },
	{ "da", 0 }, { "op", 0 }, { "voor", 0 }, { "met", 0 }, { "van", 0 },
	{ "naar", 0 },
};

static int
after_object_word(const char *s, size_t i)
{
	struct lex_tok	 t;
	size_t		 j = i, ws;

	while (j > 0 && (s[j - 1] == ' ' || s[j - 1] == '\t'))
		j--;
	ws = j;
	while (j > 0 && i - j < 8 && (((unsigned char)s[j - 1] >= 'a' &&
	    (unsigned char)s[j - 1] <= 'z') || ((unsigned char)s[j - 1] >= 'A' &&
	    (unsigned char)s[j - 1] <= 'Z') || (unsigned char)s[j - 1] >= 0x80))
		j--;
	if (j == ws || !lex_word_start(s, ws, j))
		return 0;
	lex_token(s, ws, j, &t);
	return t.end == ws && in_tab(&t, object_tab, nitems(object_tab)) >= 0;
}

/* "#12" at i: the id, or 0; *endp after the digits. */
static long
read_id(const char *s, size_t end, size_t i, size_t *endp)
{
	struct lex_tok	 h, n, a, b;

	lex_token_adj(s, end, i, &h);
	if (!lex_is_punct(&h, '#') || !id_start_ok(s, end, i))
		return 0;
	lex_token_adj(s, end, h.end, &n);
	if (n.kind != LEX_NUM || n.num <= 0 || n.ndig > 9)
		return 0;
	lex_token_adj(s, end, n.end, &a);
	if (a.kind == LEX_WORD || a.kind == LEX_NUM)
		return 0;	/* "#12a" */
	if (lex_is_punct(&a, '.') || lex_is_punct(&a, ',')) {
		lex_token_adj(s, end, a.end, &b);
		if (b.kind == LEX_NUM)
			return 0;	/* "#1.5" */
	}
	*endp = n.end;
	return n.num;
}

/* More ids: "#12, #13 and #14". */
static size_t
read_chain(const char *s, size_t end, size_t e, struct tu *u)
{
	struct lex_tok	 t;
	size_t		 e2;
	long		 id;

	while (u->nids < CHAIN_MAX) {
		lex_token(s, end, e, &t);
		if (t.kind == LEX_PUNCT && (t.c == ',' || t.c == '&' ||
		    t.c == '+' || t.c == '/'))
			lex_token(s, end, t.end, &t);
		else if (in_tab(&t, and_tab, nitems(and_tab)) >= 0)
			lex_token(s, end, t.end, &t);
		if (t.kind != LEX_PUNCT || t.c != '#' ||
		    (id = read_id(s, end, t.start, &e2)) == 0)
			break;
		u->id_start[u->nids] = t.start;
		u->ids[u->nids++] = id;
		e = e2;
	}
	return e;
}

static int
done_emoji(uint32_t cp)
{
	return cp == 0x2705 || cp == 0x2714 || cp == 0x2611 || cp == 0x2713;
}

/* "50%", "50 percent", "50% done" at token t. */
static int
percent_at(const char *s, size_t end, const struct lex_tok *t, int *pct,
    size_t *endp)
{
	struct lex_tok	 n;
	size_t		 e;
	int		 k;

	if (t->kind != LEX_NUM || t->num > 100 || t->ndig > 3)
		return 0;
	lex_token(s, end, t->end, &n);
	if (lex_is_punct(&n, '%'))
		e = n.end;
	else if (lex_index_lookup(lex_table_index(&percent_word_tab_ix),
	    s, end, n.start, &e) < 0)
		return 0;
	*pct = (int)t->num;
	lex_token(s, end, e, &n);
	if ((k = in_tab(&n, status_tab, nitems(status_tab))) >= 0 &&
	    TU_STATUS(status_tab[k].val) == DONE)
		e = n.end;	/* "50% done" */
	*endp = e;
	return 1;
}

/* The status after the ids (and fillers). 1 if one was found. */
static int
read_status(const char *s, size_t end, size_t e, const struct tctx *x,
    struct tu *u)
{
	struct lex_tok	 t;
	size_t		 e2, d;
	int		 k, steps;

	for (steps = 0; steps < 6; steps++) {
		lex_token(s, end, e, &t);
		if (t.kind == LEX_END || t.kind == LEX_NL)
			return 0;
		u->status_start = t.start;
		if (t.kind == LEX_PUNCT && done_emoji(t.cp)) {
			u->status = DONE;
			u->status_end = t.end;
			return 1;
		}
		if (percent_at(s, end, &t, &u->percent, &e2)) {
			u->status = PROGRESS;
			u->status_end = e2;
			return 1;
		}
		if (t.kind == LEX_WORD && (k = lex_index_lookup_tok(x->status,
		    s, end, &t, &e2)) >= 0) {
			u->status = TU_STATUS(status_tab[k].val);
			u->flags = status_tab[k].val & ~0xff;
			u->status_end = e2;
			if (u->flags & TU_HALF)
				u->percent = 50;
			if (u->status != NEW_DATE)
				return 1;
			lex_token(s, end, e2, &t);
			d = lex_is_punct(&t, ':') ? t.end : e2;
			if (dates_parse_at(s, end, d, x->ref, DATES_DATE,
			    &u->date)) {
				u->has_date = 1;
				u->status_end = u->date.end;
				return 1;
			}
			return (u->flags & TU_STRONG) != 0;
		}
		if (dates_parse_at(s, end, t.start, x->ref, DATES_DATE,
		    &u->date)) {
			u->status = NEW_DATE;	/* "#12 Dec 8: ..." */
			u->has_date = 1;
			u->status_end = u->date.end;
			return 1;
		}
		if (t.kind == LEX_PUNCT && (t.c == ':' || t.c == '-' ||
		    t.c == '=' || t.c == '(' || t.c == '>' || t.c == '~' ||
		    t.c == ',' || t.cp == 0x2192))
			e = t.end;
		else if (t.kind == LEX_WORD && lex_index_lookup_tok(x->filler,
		    s, end, &t, &e2) >= 0)
			e = e2;
		else
			return 0;
	}
	return 0;
}

static int	 update_at(const char *, size_t, size_t, const struct tctx *,
		    int, struct tu *);

/* Where a reason ends: the line's end, the cap, or another update. */
static size_t
reason_end(const char *s, size_t end, size_t rs, const struct tctx *x)
{
	size_t		 le = lex_line_end(s, end, rs), i;
	struct tu	 other;

	if (le - rs > CHECKIN_REASON_MAX) {
		le = rs + CHECKIN_REASON_MAX;
		while (le > rs && ((unsigned char)s[le] & 0xc0) == 0x80)
			le--;	/* not inside a UTF-8 sequence */
	}
	for (i = rs; i < le; i++) {
		if (s[i] == '#' && update_at(s, end, i, x, 1, &other))
			return i;
	}
	return le;
}

static void
read_reason(const char *s, size_t end, const struct tctx *x, struct tu *u)
{
	struct lex_tok	 t;
	size_t		 i = u->status_end, e, rs, re;
	int		 paren = 0;

	u->rs = u->re = 0;
	if (u->flags & TU_CUE_REASON)
		rs = u->status_start;
	else {
		lex_token(s, end, i, &t);
		if (t.kind == LEX_PUNCT && (t.c == ':' || t.c == '-' ||
		    t.c == ';' || t.c == ',' || t.c == '(')) {
			paren = t.c == '(';
			i = t.end;
			lex_token(s, end, i, &t);
		}
		if (t.kind == LEX_END || t.kind == LEX_NL)
			return;
		if (t.kind == LEX_WORD && lex_index_lookup(lex_table_index(&because_tab_ix),
		    s, end, t.start, &e) >= 0)
			i = e;
		else if (i == u->status_end && !(u->flags & TU_AFTER))
			return;		/* no delimiter: not a reason */
		rs = lex_skip_space(s, end, i);
	}
	re = reason_end(s, end, rs, x);
	sections_trim(s, &rs, &re);
	while (re > rs && (s[re - 1] == ',' || s[re - 1] == ';' ||
	    s[re - 1] == '.' || (paren && s[re - 1] == ')')))
		re--;
	if (re > rs) {
		u->rs = rs;
		u->re = re;
	}
}

/* An update that starts with "#N" at i. no_reason: only check. */
static int
update_at(const char *s, size_t end, size_t i, const struct tctx *x,
    int no_reason, struct tu *u)
{
	struct lex_tok	 t;
	size_t		 e;

	memset(u, 0, sizeof(*u));
	u->percent = -1;
	if (after_object_word(s, i) || (u->ids[0] = read_id(s, end, i,
	    &e)) == 0)
		return 0;
	u->id_start[0] = i;
	u->nids = 1;
	u->start = i;
	e = read_chain(s, end, e, u);
	if (!read_status(s, end, e, x, u))
		return 0;
	lex_token(s, end, u->status_end, &t);
	if (lex_is_punct(&t, '?'))
		return 0;	/* "is #12 done?" asks */
	if (!no_reason)
		read_reason(s, end, x, u);
	return 1;
}

/* "done #12", "finished #12 and #13". */
static int
prefix_at(const char *s, size_t end, const struct lex_tok *w,
    const struct tctx *x, struct tu *u)
{
	struct lex_tok	 t;
	size_t		 e, e2, i = w->start;
	int		 k;

	if ((k = lex_index_lookup_tok(x->prefix, s, end, w, &e)) < 0)
		return 0;
	memset(u, 0, sizeof(*u));
	u->percent = -1;
	lex_token(s, end, e, &t);
	if (!lex_is_punct(&t, '#') || (u->ids[0] = read_id(s, end, t.start,
	    &e2)) == 0)
		return 0;
	u->id_start[0] = t.start;
	u->nids = 1;
	u->start = i;
	u->status = TU_STATUS(prefix_tab[k].val);
	u->status_start = i;
	u->status_end = read_chain(s, end, e2, u);
	lex_token(s, end, u->status_end, &t);
	return !lex_is_punct(&t, '?');
}

static int
is_open(long id, const long *open, size_t nopen)
{
	size_t i;

	for (i = 0; i < nopen; i++)
		if (open[i] == id)
			return 1;
	return 0;
}

static int
emit(const char *s, const struct tu *u, const long *open, size_t nopen,
    struct checkin_task_update **v, size_t *n, int *truncated)
{
	struct checkin_task_update	*nv, *x;
	int				 k;

	for (k = 0; k < u->nids; k++) {
		if (*n >= LIMIT_ANSWERS) {
			*truncated = 1;
			return 0;
		}
		if ((*n & (*n - 1)) == 0) {
			if ((nv = realloc(*v, (*n == 0 ? 1 : *n * 2) *
			    sizeof(*nv))) == NULL)
				return -1;
			*v = nv;
		}
		x = &(*v)[*n];
		memset(x, 0, sizeof(*x));
		x->id = u->ids[k];
		x->status = (enum checkin_task_status)u->status;
		x->percent = u->percent;
		x->has_date = u->has_date;
		x->date = u->date;
		x->unknown_id = open != NULL && !is_open(x->id, open, nopen);
		x->span.start = u->start;
		x->span.end = u->re > u->status_end ? u->re : u->status_end;
		if (u->re > u->rs) {
			x->reason_span.start = u->rs;
			x->reason_span.end = u->re;
			if ((x->reason = strndup(s + u->rs, u->re - u->rs)) == NULL)
				return -1;
		}
		(*n)++;
	}
	return 0;
}

static int
task_updates(const char *s, size_t start, size_t end, const struct tctx *x,
    const long *open, size_t nopen, struct checkin_task_update **v,
    size_t *n, int *truncated)
{
	struct lex_tok	 t;
	struct tu	 u;
	size_t		 i = start;
	int		 found;

	/* every form of update names a task as #N */
	if (start >= end || memchr(s + start, '#', end - start) == NULL)
		return 0;
	while (i < end && *n < LIMIT_ANSWERS) {
		lex_token(s, end, i, &t);
		if (t.kind == LEX_END)
			break;
		found = 0;
		if (t.kind == LEX_PUNCT && t.c == '#')
			found = update_at(s, end, t.start, x, 0, &u);
		else if (t.kind == LEX_WORD && lex_word_start(s, end, t.start))
			found = prefix_at(s, end, &t, x, &u);
		if (found) {
			if (emit(s, &u, open, nopen, v, n, truncated) == -1)
				return -1;
			i = u.status_end > t.end ? u.status_end : t.end;
			continue;
		}
		i = t.end;
	}
	if (i < end && *n >= LIMIT_ANSWERS)
		*truncated = 1;
	return 0;
}

int
checkin_task_updates(const char *s, size_t start, size_t end,
    const struct dates_ref *ref, const long *open, size_t nopen,
    struct checkin_task_update **v, size_t *n, int *truncated)
{
	struct tctx x;

	tctx_init(&x, ref);
	return task_updates(s, start, end, &x, open, nopen, v, n, truncated);
}

void
checkin_task_update_free(struct checkin_task_update *u)
{
	free(u->reason);
	u->reason = NULL;
}

/* ---- the whole reply ---- */

/* Is the line s[ls, le) a task update from its first word? */
static int
update_line(const char *s, size_t ls, size_t le, const struct tctx *x)
{
	struct tu	 u;
	struct lex_tok	 t;

	lex_token(s, le, ls, &t);
	if (lex_is_punct(&t, '-') || lex_is_punct(&t, '*'))
		lex_token(s, le, t.end, &t);
	if (t.kind == LEX_PUNCT && t.c == '#')
		return update_at(s, le, t.start, x, 1, &u);
	return t.kind == LEX_WORD && prefix_at(s, le, &t, x, &u);
}

/*
 * "7. Could you review the draft?\n\n#12 done\n#14 50%": a trailing
 * paragraph of task updates belongs to no answer (the updates are read
 * anyway), so the last answer ends before it.
 */
static void
trim_trailing_updates(const char *s, struct sections *secs,
    const struct tctx *x)
{
	struct sections_span	*sp;
	size_t			 le, ls, para_end;
	int			 all;

	if (secs->nspans == 0 || secs->spans[secs->nspans - 1].key < 0)
		return;
	sp = &secs->spans[secs->nspans - 1];
	for (;;) {
		para_end = le = sp->end;
		all = 1;
		while (le > sp->start) {
			ls = le;
			while (ls > sp->start && s[ls - 1] != '\n')
				ls--;
			if (ls == le || lex_skip_space(s, le, ls) == le)
				break;		/* a blank line ends the paragraph */
			if (!update_line(s, ls, le, x))
				all = 0;
			le = ls > sp->start ? ls - 1 : sp->start;
		}
		if (!all || le <= sp->start || para_end == le)
			return;
		sp->end = le;
		sections_trim(s, &sp->start, &sp->end);
	}
}

static int
section_add(struct checkin_section *sec, const char *s, size_t start,
    size_t end, int how)
{
	struct strbuf	 sb;
	size_t		 old = sec->text != NULL ? strlen(sec->text) : 0;

	sb_init(&sb, LIMIT_TEXT_SIZE);
	if (sec->text != NULL) {
		sb_add(&sb, sec->text, old);
		sb_addc(&sb, '\n');
	}
	sb_add(&sb, s + start, end - start);
	if (sb_error(&sb)) {
		sb_free(&sb);
		return -1;
	}
	free(sec->text);
	sec->text = sb_detach(&sb, NULL);
	if (sec->text == NULL)
		return -1;
	if (sec->nspans < CHECKIN_SPANS) {
		sec->spans[sec->nspans].start = start;
		sec->spans[sec->nspans].end = end;
		sec->nspans++;
	}
	sec->how |= how;
	return 0;
}

static int
fill_sections(const char *text, const struct sections *secs, struct checkin *c)
{
	const struct sections_span	*sp;
	struct checkin_section		*sec;
	size_t				 i;

	for (i = 0; i < secs->nspans; i++) {
		sp = &secs->spans[i];
		sec = sp->key < 0 ? &c->notes : &c->sections[sp->key];
		if (sp->start == sp->end)
			continue;
		if (section_add(sec, text, sp->start, sp->end, sp->how) == -1)
			return -1;
	}
	c->layout = secs->layout;
	return 0;
}

static int
read_values(const char *text, size_t len, struct checkin *c)
{
	const struct checkin_section	*sec;
	struct fscan			 f;
	size_t				 i;

	sec = &c->sections[CHECKIN_BLOCKERS];
	if (sec->nspans > 0) {
		c->blockers_none = 1;
		for (i = 0; i < sec->nspans; i++)
			if (!checkin_is_none(text, sec->spans[i].start,
			    sec->spans[i].end))
				c->blockers_none = 0;
		if (c->blockers_none)
			c->blockers_none_span = sec->spans[0];
	}
	sec = &c->sections[CHECKIN_HOURS];
	for (i = 0; i < sec->nspans && !c->hours.present; i++)
		checkin_hours_in(text, sec->spans[i].start, sec->spans[i].end, 1,
		    &c->hours);
	sec = &c->sections[CHECKIN_MOOD];
	for (i = 0; i < sec->nspans && c->mood.value == 0; i++)
		checkin_mood_in(text, sec->spans[i].start, sec->spans[i].end, 1,
		    &c->mood);
	/* the rest, in one pass over the whole text */
	f.hours = c->hours.present ? NULL : &c->hours;
	f.mood = c->mood.value != 0 ? NULL : &c->mood;
	f.v = &c->concerns;
	f.n = &c->nconcerns;
	f.truncated = &c->concerns_truncated;
	return fscan_run(text, 0, len, &f);
}

int
checkin_parse(const char *text, size_t len, const char *body,
    size_t body_len, const struct reply_seg *segs, size_t nsegs,
    const struct checkin_ctx *ctx, struct checkin *out, const char **errp)
{
	struct dates_ref	 ref;
	struct sections		 secs;
	struct tctx		 x;
	const char		*err = "out of memory";

	memset(out, 0, sizeof(*out));
	if (dates_ref_init(&ref, ctx->date, ctx->tzid) == -1) {
		if (errp != NULL)
			*errp = "unknown time zone";
		return -1;
	}
	if (sections_split(text, len, body, body_len, segs, nsegs,
	    &checkin_def, &secs) == -1)
		goto fail;
	tctx_init(&x, &ref);
	trim_trailing_updates(text, &secs, &x);
	if (fill_sections(text, &secs, out) == -1) {
		sections_free(&secs);
		goto fail;
	}
	sections_free(&secs);
	if (read_values(text, len, out) == -1)
		goto fail;
	if (task_updates(text, 0, len, &x, ctx->open_ids, ctx->nopen_ids,
	    &out->updates, &out->nupdates, &out->updates_truncated) == -1)
		goto fail;
	return 0;
fail:
	checkin_free(out);
	if (errp != NULL)
		*errp = err;
	return -1;
}

void
checkin_free(struct checkin *c)
{
	size_t i;

	for (i = 0; i < CHECKIN_NKEYS; i++)
		free(c->sections[i].text);
	free(c->notes.text);
	for (i = 0; i < c->nupdates; i++)
		checkin_task_update_free(&c->updates[i]);
	free(c->updates);
	free(c->concerns);
	memset(c, 0, sizeof(*c));
}

const char *
checkin_key_name(enum checkin_key k)
{
	static const char *names[] = {
		"wins", "in_progress", "blockers", "next_week", "hours", "mood",
		"support",
	};

	return (unsigned)k < nitems(names) ? names[k] : "?";
}

const char *
checkin_question(enum checkin_key k)
{
	static const char *q[] = {
		CHECKIN_Q_WINS, CHECKIN_Q_IN_PROGRESS, CHECKIN_Q_BLOCKERS,
		CHECKIN_Q_NEXT_WEEK, CHECKIN_Q_HOURS, CHECKIN_Q_MOOD,
		CHECKIN_Q_SUPPORT,
	};

	return (unsigned)k < nitems(q) ? q[k] : "?";
}

const char *
checkin_task_status_name(enum checkin_task_status st)
{
	static const char *names[] = {
		"done", "not_done", "progress", "new_date", "blocked",
	};

	return (unsigned)st < nitems(names) ? names[st] : "?";
}
