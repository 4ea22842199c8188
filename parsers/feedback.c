/* feedback.c: the support survey and replies to feedback; see feedback.h. */
#include <stdlib.h>
#include <string.h>

#include "feedback.h"
#include "lex.h"
#include "caps.h"
#include "sections.h"
#include "strbuf.h"

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

#define VF	SECTIONS_VALUE_FOLLOWS
#define Q	SECTIONS_QUESTION

static const struct lex_phrase heading_tab[] = {
	{ "clarity", FEEDBACK_CLARITY | VF },
	{ "clarity of expectations", FEEDBACK_CLARITY | VF },
	{ "expectations", FEEDBACK_CLARITY | VF },
	{ "how clear", FEEDBACK_CLARITY | VF }, { "klarheit", FEEDBACK_CLARITY | VF },
	{ "clarte", FEEDBACK_CLARITY | VF }, { "claridad", FEEDBACK_CLARITY | VF },
	{ "clareza", FEEDBACK_CLARITY | VF },
	{ "duidelijkheid", FEEDBACK_CLARITY | VF },
	{ "support", FEEDBACK_SUPPORT | VF },
	{ "how well do i support you", FEEDBACK_SUPPORT | VF },
	{ "manager support", FEEDBACK_SUPPORT | VF },
	{ "unterstutzung", FEEDBACK_SUPPORT | VF }, { "soutien", FEEDBACK_SUPPORT | VF },
	{ "apoyo", FEEDBACK_SUPPORT | VF }, { "apoio", FEEDBACK_SUPPORT | VF },
	{ "ondersteuning", FEEDBACK_SUPPORT | VF },
	{ "workload", FEEDBACK_WORKLOAD | VF }, { "work load", FEEDBACK_WORKLOAD | VF },
	{ "arbeitslast", FEEDBACK_WORKLOAD | VF },
	{ "arbeitsbelastung", FEEDBACK_WORKLOAD | VF },
	{ "charge de travail", FEEDBACK_WORKLOAD | VF },
	{ "carga de trabajo", FEEDBACK_WORKLOAD | VF },
	{ "carga de trabalho", FEEDBACK_WORKLOAD | VF },
	{ "werkdruk", FEEDBACK_WORKLOAD | VF }, { "werklast", FEEDBACK_WORKLOAD | VF },
	{ "how can i support you better", FEEDBACK_BETTER | Q },
	{ "what could", FEEDBACK_BETTER | Q }, { "better", FEEDBACK_BETTER },
	{ "do you know what is expected", FEEDBACK_CLARITY | VF | Q },
	{ "do you get the help", FEEDBACK_SUPPORT | VF | Q },
	{ "is the amount of work manageable", FEEDBACK_WORKLOAD | VF | Q },
	{ "how can i help", FEEDBACK_BETTER }, { "suggestions", FEEDBACK_BETTER },
	{ "anything else", FEEDBACK_BETTER }, { "comments", FEEDBACK_BETTER },
	{ "improvements", FEEDBACK_BETTER }, { "ideas", FEEDBACK_BETTER },
	{ "wie kann ich dich besser unterstutzen", FEEDBACK_BETTER },
	{ "wie kann ich sie besser unterstutzen", FEEDBACK_BETTER },
	{ "vorschlage", FEEDBACK_BETTER }, { "anmerkungen", FEEDBACK_BETTER },
	{ "comment puis-je mieux te soutenir", FEEDBACK_BETTER },
	{ "comment puis-je mieux vous soutenir", FEEDBACK_BETTER },
	{ "commentaires", FEEDBACK_BETTER },
	{ "como puedo apoyarte mejor", FEEDBACK_BETTER },
	{ "sugerencias", FEEDBACK_BETTER }, { "comentarios", FEEDBACK_BETTER },
	{ "como posso te apoiar melhor", FEEDBACK_BETTER },
	{ "como posso apoiar voce melhor", FEEDBACK_BETTER },
	{ "sugestoes", FEEDBACK_BETTER },
	{ "hoe kan ik je beter ondersteunen", FEEDBACK_BETTER },
	{ "suggesties", FEEDBACK_BETTER }, { "opmerkingen", FEEDBACK_BETTER },
};

static struct lex_table heading_ix = LEX_TABLE(heading_tab);

static const struct sections_def survey_def = { &heading_ix, FEEDBACK_NKEYS };

static int
section_add(struct checkin_section *sec, const char *s, size_t start,
    size_t end, int how)
{
	struct strbuf	 sb;

	sb_init(&sb, LIMIT_TEXT_SIZE);
	if (sec->text != NULL) {
		sb_adds(&sb, sec->text);
		sb_addc(&sb, '\n');
	}
	sb_add(&sb, s + start, end - start);
	if (sb_error(&sb)) {
		sb_free(&sb);
		return -1;
	}
	free(sec->text);
	if ((sec->text = sb_detach(&sb, NULL)) == NULL)
		return -1;
	if (sec->nspans < CHECKIN_SPANS) {
		sec->spans[sec->nspans].start = start;
		sec->spans[sec->nspans].end = end;
		sec->nspans++;
	}
	sec->how |= how;
	return 0;
}

/* "4, 5, 2 - more notice please": three ratings at the start. */
static size_t
leading_ratings(const char *s, size_t len, struct feedback_survey *out)
{
	struct feedback_rating	 r[FEEDBACK_NRATINGS];
	struct lex_tok		 t;
	size_t			 i = 0, e, le;
	int			 k = 0;

	while (i < len && (s[i] == '\n' || s[i] == ' ' || s[i] == '\t'))
		i++;
	le = lex_line_end(s, len, i);
	while (k < FEEDBACK_NRATINGS && i < le) {
		lex_token(s, le, i, &t);
		if (t.kind == LEX_PUNCT && (t.c == ',' || t.c == ';' ||
		    t.c == '/' || t.c == '-')) {
			i = t.end;
			continue;
		}
		if (t.kind != LEX_NUM || t.num < 1 || t.num > 5 || t.ndig != 1)
			break;
		lex_token_adj(s, le, t.end, &t);
		if (t.kind == LEX_NUM || lex_is_punct(&t, '.') ||
		    lex_is_punct(&t, '/'))
			return 0;	/* "4.5", "4/5": not a list of ratings */
		lex_token(s, le, i, &t);
		r[k].value = (int)t.num;
		r[k].span.start = t.start;
		r[k].span.end = t.end;
		k++;
		i = t.end;
	}
	if (k != FEEDBACK_NRATINGS)
		return 0;
	memcpy(out->ratings, r, sizeof(r));
	e = i;
	lex_token(s, le, e, &t);
	if (t.kind == LEX_PUNCT && (t.c == '-' || t.c == ':' || t.c == '.' ||
	    t.c == ','))
		e = t.end;
	return e;
}

static int
fill(const char *text, size_t len, const struct sections *secs,
    struct feedback_survey *out)
{
	const struct sections_span	*sp;
	struct checkin_section		*sec;
	size_t				 i, from;
	int				 k;

	for (i = 0; i < secs->nspans; i++) {
		sp = &secs->spans[i];
		if (sp->start == sp->end)
			continue;
		if (sp->key >= 0 && sp->key < FEEDBACK_NRATINGS) {
			k = sp->key;
			if (out->ratings[k].value == 0)
				checkin_rating_in(text, sp->start, sp->end,
				    &out->ratings[k].value, &out->ratings[k].span);
			continue;
		}
		sec = sp->key == FEEDBACK_BETTER ? &out->better : &out->notes;
		if (section_add(sec, text, sp->start, sp->end, sp->how) == -1)
			return -1;
	}
	out->layout = secs->layout;
	if (out->layout != SECTIONS_NONE)
		return 0;
	/* no structure: leading ratings, and the rest answers question 4 */
	free(out->notes.text);
	memset(&out->notes, 0, sizeof(out->notes));
	from = leading_ratings(text, len, out);
	sections_trim(text, &from, &len);
	if (from < len && section_add(&out->better, text, from, len,
	    SECTIONS_NONE) == -1)
		return -1;
	return 0;
}

int
feedback_survey_parse(const char *text, size_t len, const char *body,
    size_t body_len, const struct reply_seg *segs, size_t nsegs,
    const struct checkin *ck, struct feedback_survey *out, const char **errp)
{
	struct sections secs;

	memset(out, 0, sizeof(*out));
	if (sections_split(text, len, body, body_len, segs, nsegs, &survey_def,
	    &secs) == -1)
		goto fail;
	if (fill(text, len, &secs, out) == -1) {
		sections_free(&secs);
		goto fail;
	}
	sections_free(&secs);
	if (ck != NULL) {
		if (ck->nconcerns > 0 && (out->concerns = malloc(ck->nconcerns *
		    sizeof(*out->concerns))) == NULL)
			goto fail;
		if (ck->nconcerns > 0)
			memcpy(out->concerns, ck->concerns, ck->nconcerns *
			    sizeof(*out->concerns));
		out->nconcerns = ck->nconcerns;
		out->concerns_truncated = ck->concerns_truncated;
	} else if (checkin_concerns(text, 0, len, &out->concerns,
	    &out->nconcerns, &out->concerns_truncated) == -1)
		goto fail;
	return 0;
fail:
	feedback_survey_free(out);
	if (errp != NULL)
		*errp = "out of memory";
	return -1;
}

void
feedback_survey_free(struct feedback_survey *f)
{
	free(f->better.text);
	free(f->notes.text);
	free(f->concerns);
	memset(f, 0, sizeof(*f));
}

const char *
feedback_key_name(enum feedback_key k)
{
	static const char *names[] = { "clarity", "support", "workload",
	    "better" };

	return (unsigned)k < nitems(names) ? names[k] : "?";
}

const char *
feedback_question(enum feedback_key k)
{
	static const char *q[] = { FEEDBACK_Q_CLARITY, FEEDBACK_Q_SUPPORT,
	    FEEDBACK_Q_WORKLOAD, FEEDBACK_Q_BETTER };

	return (unsigned)k < nitems(q) ? q[k] : "?";
}

/* ---- replies to feedback ---- */

/* val: 1 disagreement, 0 acknowledgement. Longest match wins, so
 * "don't agree" beats "agree" and "pas d'accord" beats "d'accord". */
static const struct lex_phrase signal_tab[] = {
	{ "i disagree", 1 }, { "disagree", 1 }, { "don't agree", 1 },
	{ "do not agree", 1 }, { "dont agree", 1 }, { "not sure i agree", 1 },
	{ "not fair", 1 }, { "unfair", 1 }, { "that's not fair", 1 },
	{ "not true", 1 }, { "that's not true", 1 }, { "not accurate", 1 },
	{ "not correct", 1 }, { "that's not right", 1 }, { "not right", 1 },
	{ "i don't think that's", 1 }, { "i don't think so", 1 },
	{ "beg to differ", 1 }, { "not what happened", 1 },
	{ "misunderstanding", 1 }, { "not my fault", 1 }, { "not sure", 1 },
	{ "not convinced", 1 }, { "don't think", 1 },
	{ "nicht einverstanden", 1 }, { "sehe ich anders", 1 },
	{ "sehe das anders", 1 }, { "stimmt nicht", 1 }, { "nicht fair", 1 },
	{ "pas d'accord", 1 }, { "pas juste", 1 },
	{ "injuste", 1 }, { "c'est faux", 1 }, { "pas vrai", 1 },
	{ "no estoy de acuerdo", 1 }, { "no es justo", 1 }, { "injusto", 1 },
	{ "no es cierto", 1 }, { "no es verdad", 1 }, { "nao concordo", 1 },
	{ "nao e justo", 1 }, { "nao e verdade", 1 }, { "niet mee eens", 1 },
	{ "niet eerlijk", 1 }, { "oneerlijk", 1 }, { "klopt niet", 1 },
	{ "thanks", 0 }, { "thank you", 0 }, { "thx", 0 }, { "got it", 0 },
	{ "will do", 0 }, { "understood", 0 }, { "noted", 0 },
	{ "makes sense", 0 }, { "agreed", 0 }, { "i agree", 0 }, { "agree", 0 },
	{ "sounds good", 0 }, { "fair point", 0 }, { "fair enough", 0 },
	{ "you're right", 0 }, { "good point", 0 }, { "ok", 0 }, { "okay", 0 },
	{ "sure", 0 }, { "absolutely", 0 }, { "of course", 0 },
	{ "no problem", 0 }, { "on it", 0 }, { "appreciate", 0 },
	{ "i'll", 0 }, { "will fix", 0 }, { "sorry", 0 }, { "my bad", 0 },
	{ "danke", 0 }, { "verstanden", 0 }, { "mache ich", 0 },
	{ "einverstanden", 0 }, { "stimmt", 0 }, { "guter punkt", 0 },
	{ "merci", 0 }, { "compris", 0 }, { "d'accord", 0 }, { "entendu", 0 },
	{ "bien recu", 0 }, { "gracias", 0 }, { "entendido", 0 },
	{ "de acuerdo", 0 }, { "vale", 0 }, { "tienes razon", 0 },
	{ "obrigado", 0 }, { "obrigada", 0 }, { "entendi", 0 },
	{ "combinado", 0 }, { "concordo", 0 }, { "com certeza", 0 },
	{ "bedankt", 0 }, { "begrepen", 0 }, { "akkoord", 0 },
	{ "komt goed", 0 }, { "duidelijk", 0 },
};

static const struct lex_phrase negation_tab[] = {
	{ "not", 0 }, { "no", 0 }, { "never", 0 }, { "nicht", 0 },
	{ "kein", 0 }, { "pas", 0 }, { "nao", 0 }, { "niet", 0 },
	{ "don't", 0 }, { "isn't", 0 },
};

static struct lex_table signal_ix = LEX_TABLE(signal_tab);
static struct lex_table negation_ix = LEX_TABLE(negation_tab);

void
feedback_reply_parse(const char *s, size_t len, struct feedback_reply *out)
{
	const struct lex_index	*sig = lex_table_index(&signal_ix);
	const struct lex_index	*neg = lex_table_index(&negation_ix);
	struct lex_tok		 t, w;
	size_t			 i = 0, e, ne, last = 0, ws, we;
	int			 k, ack = 0, dis = 0, negated, have_last = 0;

	memset(out, 0, sizeof(*out));
	while (i < len) {
		if (lex_plain_word(s, len, i, &sig, 1, &ws, &we)) {
			last = ws;	/* a word that starts no cue */
			have_last = 1;
			i = we;
			continue;
		}
		lex_token(s, len, i, &t);
		if (t.kind == LEX_END)
			break;
		if (t.kind == LEX_WORD && lex_word_start(s, len, t.start) &&
		    (k = lex_index_lookup_tok(sig, s, len, &t, &e)) >= 0) {
			/* negated by the word just before, looked at only now
			 * (most words are followed by no cue) */
			negated = 0;
			if (!signal_tab[k].val && have_last) {
				lex_token(s, len, last, &w);
				negated = lex_index_lookup_tok(neg, s, len, &w, &ne) >= 0;
			}
			if (signal_tab[k].val || !negated) {
				if (signal_tab[k].val)
					dis = 1;
				else
					ack = 1;
				if (out->ncues < FEEDBACK_CUES) {
					out->cues[out->ncues].term =
					    signal_tab[k].pat;
					out->cues[out->ncues].disagree =
					    signal_tab[k].val;
					out->cues[out->ncues].span.start = t.start;
					out->cues[out->ncues].span.end = e;
					out->ncues++;
				}
			}
			have_last = 0;
			i = e;
			continue;
		}
		if (t.kind == LEX_WORD) {
			last = t.start;
			have_last = 1;
		} else if (t.kind == LEX_NL || (t.kind == LEX_PUNCT && t.c != '\''))
			have_last = 0;
		i = t.end;
	}
	out->signal = dis && ack ? FEEDBACK_MIXED : dis ? FEEDBACK_DISAGREE :
	    ack ? FEEDBACK_ACK : FEEDBACK_NONE;
}

const char *
feedback_signal_name(enum feedback_signal sig)
{
	static const char *names[] = { "none", "ack", "disagree", "mixed" };

	return (unsigned)sig < nitems(names) ? names[sig] : "?";
}
