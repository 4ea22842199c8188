/* Unit tests for parsers/checkin.c and parsers/sections.c */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin.h"
#include "caps.h"
#include "lex.h"

/* Friday 2026-11-27 16:02 in Singapore (08:02 UTC), as in DESIGN.md. */
#define FRI	((time_t)1795766520)	/* 2026-11-27T08:02:00Z */

static const long open_ids[] = { 12, 14, 15, 20 };

static struct checkin_ctx ctx = { FRI, "Asia/Singapore", open_ids, 4 };

/* Parse plain text (no segments). */
static void
parse_text(const char *text, struct checkin *c)
{
	const char *err = NULL;

	ck_assert_int_eq(checkin_parse(text, strlen(text), NULL, 0, NULL, 0,
	    &ctx, c, &err), 0);
}

/*
 * Build a body, its segments and the reply text the way reply_extract()
 * would: parts alternate kinds; REPLY_NEW parts are joined in the reply
 * text with a blank line where removed text separated them.
 */
struct built {
	char			 body[4096];
	char			 text[4096];
	struct reply_seg	 segs[32];
	size_t			 nsegs, blen, tlen;
};

struct part {
	enum reply_seg_kind	 kind;
	const char		*s;
};

static void
build(const struct part *p, size_t n, struct built *b)
{
	size_t i, l;

	memset(b, 0, sizeof(*b));
	for (i = 0; i < n; i++) {
		l = strlen(p[i].s);
		ck_assert_uint_lt(b->blen + l, sizeof(b->body));
		b->segs[i].kind = p[i].kind;
		b->segs[i].start = b->blen;
		memcpy(b->body + b->blen, p[i].s, l);
		b->blen += l;
		b->segs[i].end = b->blen;
		if (p[i].kind != REPLY_NEW)
			continue;
		if (b->tlen > 0) {
			memcpy(b->text + b->tlen, "\n\n", 2);
			b->tlen += 2;
		}
		b->segs[i].out_start = b->tlen;
		memcpy(b->text + b->tlen, p[i].s, l);
		b->tlen += l;
		while (b->tlen > b->segs[i].out_start &&
		    (b->text[b->tlen - 1] == '\n' || b->text[b->tlen - 1] == ' '))
			b->tlen--;
		b->segs[i].out_end = b->tlen;
	}
	b->nsegs = n;
	b->text[b->tlen] = '\0';
}

static void
parse_built(const struct built *b, struct checkin *c)
{
	const char *err = NULL;

	ck_assert_int_eq(checkin_parse(b->text, b->tlen, b->body, b->blen,
	    b->segs, b->nsegs, &ctx, c, &err), 0);
}

static const char *
sec(const struct checkin *c, enum checkin_key k)
{
	return c->sections[k].text != NULL ? c->sections[k].text : "(none)";
}

/* The text a span points at. */
static const char *
at(const char *text, struct checkin_span sp)
{
	static char buf[512];

	snprintf(buf, sizeof(buf), "%.*s", (int)(sp.end - sp.start),
	    text + sp.start);
	return buf;
}

START_TEST(test_gmail_top_post_numbered)
{
	const char *t =
	    "Hi Mark,\n"
	    "\n"
	    "1. Launched the new landing page, closed 3 client tickets\n"
	    "2. Q1 report draft; onboarding docs for Acme\n"
	    "3. None\n"
	    "4. Finish the Q1 report,\n"
	    "   start the newsletter\n"
	    "5. 32.5h\n"
	    "6. 4/5\n"
	    "7. Could you review the report draft by Thursday?\n"
	    "\n"
	    "#12 done\n"
	    "#14 new date Dec 8: waiting on client\n"
	    "\n"
	    "Thanks,\n"
	    "Anna";
	struct checkin c;

	parse_text(t, &c);
	ck_assert_int_eq(c.layout, SECTIONS_NUMBERED);
	ck_assert_str_eq(sec(&c, CHECKIN_WINS),
	    "Launched the new landing page, closed 3 client tickets");
	ck_assert_str_eq(sec(&c, CHECKIN_IN_PROGRESS),
	    "Q1 report draft; onboarding docs for Acme");
	ck_assert_str_eq(sec(&c, CHECKIN_BLOCKERS), "None");
	ck_assert_int_eq(c.blockers_none, 1);
	ck_assert_str_eq(at(t, c.blockers_none_span), "None");
	ck_assert_str_eq(sec(&c, CHECKIN_NEXT_WEEK),
	    "Finish the Q1 report,\n   start the newsletter");
	ck_assert_int_eq(c.hours.present, 1);
	ck_assert_int_eq(c.hours.range, 0);
	ck_assert(c.hours.value == 32.5);
	ck_assert_str_eq(at(t, c.hours.span), "32.5h");
	ck_assert_int_eq(c.mood.value, 4);
	ck_assert_int_eq(c.mood.from, CHECKIN_MOOD_NUMBER);
	ck_assert_str_eq(at(t, c.mood.span), "4/5");
	/* the trailing task updates and the sign-off are not support text */
	ck_assert_str_eq(sec(&c, CHECKIN_SUPPORT),
	    "Could you review the report draft by Thursday?");
	ck_assert_str_eq(c.notes.text, "Hi Mark,");
	ck_assert_uint_eq(c.nupdates, 2);
	ck_assert_int_eq(c.updates[0].id, 12);
	ck_assert_int_eq(c.updates[0].status, CHECKIN_TASK_DONE);
	ck_assert_ptr_null(c.updates[0].reason);
	ck_assert_str_eq(at(t, c.updates[0].span), "#12 done");
	ck_assert_int_eq(c.updates[1].id, 14);
	ck_assert_int_eq(c.updates[1].status, CHECKIN_TASK_NEW_DATE);
	ck_assert_int_eq(c.updates[1].has_date, 1);
	ck_assert_int_eq(c.updates[1].date.year * 10000 +
	    c.updates[1].date.month * 100 + c.updates[1].date.day, 20261208);
	ck_assert_str_eq(c.updates[1].reason, "waiting on client");
	ck_assert_str_eq(at(t, c.updates[1].reason_span), "waiting on client");
	ck_assert_int_eq(c.updates[1].unknown_id, 0);
	ck_assert_uint_eq(c.nconcerns, 0);
	checkin_free(&c);
}
END_TEST

START_TEST(test_outlook_inline_under_quoted_questions)
{
	static const struct part p[] = {
		{ REPLY_NEW, "Answers inline below.\n" },
		{ REPLY_HEADERS, "From: rapport <rapport@example.com>\n"
		    "Sent: Friday, November 27, 2026 9:00 AM\n"
		    "To: Anna\nSubject: Weekly check-in\n\n" },
		{ REPLY_QUOTE, "Hi Anna, here is your weekly check-in.\n\n"
		    "1. Wins this week: what went well or got done?\n" },
		{ REPLY_NEW, "Shipped the invoice automation.\n" },
		{ REPLY_QUOTE, "2. In progress: what are you working on now?\n" },
		{ REPLY_NEW, "Client onboarding for Acme.\n#15 50%\n" },
		{ REPLY_QUOTE, "3. Blockers: is anything in your way?\n" },
		{ REPLY_NEW, "Waiting on Acme's VPN access, I'm getting a bit "
		    "frustrated.\n" },
		{ REPLY_QUOTE, "4. Plan for next week: what will you focus "
		    "on?\n5. Hours worked this week (a number or a range):\n" },
		{ REPLY_NEW, "about 30 hours\n" },
		{ REPLY_QUOTE, "6. Mood, 1 to 5 (1 = rough, 5 = great):\n" },
		{ REPLY_NEW, "\xf0\x9f\x99\x82\n" },	/* 🙂 */
		{ REPLY_QUOTE, "7. Anything you need from me?\n\n"
		    "Your open tasks:\n#12 Prepare Q4 report - due Fri Dec 4\n"
		    "#15 Onboarding docs - due Mon Dec 7\n" },
	};
	struct built	 b;
	struct checkin	 c;

	build(p, sizeof(p) / sizeof(p[0]), &b);
	parse_built(&b, &c);
	ck_assert_int_eq(c.layout, SECTIONS_INLINE);
	ck_assert_str_eq(c.notes.text, "Answers inline below.");
	ck_assert_str_eq(sec(&c, CHECKIN_WINS), "Shipped the invoice automation.");
	ck_assert_str_eq(sec(&c, CHECKIN_IN_PROGRESS),
	    "Client onboarding for Acme.\n#15 50%");
	ck_assert_str_eq(sec(&c, CHECKIN_BLOCKERS),
	    "Waiting on Acme's VPN access, I'm getting a bit frustrated.");
	ck_assert_int_eq(c.blockers_none, 0);
	/* Q4 was skipped: the answer under the 4-and-5 quote is Q5 */
	ck_assert_str_eq(sec(&c, CHECKIN_NEXT_WEEK), "(none)");
	ck_assert(c.hours.present && !c.hours.range && c.hours.value == 30);
	ck_assert_int_eq(c.mood.value, 4);
	ck_assert_int_eq(c.mood.from, CHECKIN_MOOD_EMOJI);
	ck_assert_str_eq(sec(&c, CHECKIN_SUPPORT), "(none)");
	ck_assert_uint_eq(c.nupdates, 1);
	ck_assert_int_eq(c.updates[0].id, 15);
	ck_assert_int_eq(c.updates[0].status, CHECKIN_TASK_PROGRESS);
	ck_assert_int_eq(c.updates[0].percent, 50);
	ck_assert_uint_eq(c.nconcerns, 1);
	ck_assert_str_eq(c.concerns[0].term, "frustrated");
	ck_assert_str_eq(at(b.text, c.concerns[0].span), "frustrated");
	checkin_free(&c);
}
END_TEST

START_TEST(test_bottom_post_after_whole_quote_is_notes)
{
	static const struct part p[] = {
		{ REPLY_ATTRIBUTION, "On Fri, Nov 27, 2026 at 9:00 AM rapport "
		    "wrote:\n" },
		{ REPLY_QUOTE, "> 1. Wins this week: what went well?\n"
		    "> 7. Anything you need from me?\n>\n> Your open tasks:\n"
		    "> #12 Prepare Q4 report\n> #14 Budget\n> #15 Docs\n" },
		{ REPLY_NEW, "Sorry, busy week, will answer on Monday.\n" },
	};
	struct built	 b;
	struct checkin	 c;

	build(p, 3, &b);
	parse_built(&b, &c);
	ck_assert_int_eq(c.layout, SECTIONS_NONE);
	ck_assert_str_eq(c.notes.text, "Sorry, busy week, will answer on Monday.");
	ck_assert_str_eq(sec(&c, CHECKIN_SUPPORT), "(none)");
	checkin_free(&c);
}
END_TEST

START_TEST(test_free_form_paragraphs)
{
	const char *t =
	    "Hey! Good week overall. I wrapped up the onboarding docs and "
	    "#12 is finished.\n"
	    "Worked about 32 hours this week, mostly on the Q1 report. "
	    "Mood: pretty good.\n"
	    "#1 priority next week is the client launch.\n";
	struct checkin c;

	parse_text(t, &c);
	ck_assert_int_eq(c.layout, SECTIONS_NONE);
	ck_assert_ptr_nonnull(c.notes.text);
	ck_assert_uint_eq(c.notes.nspans, 1);
	ck_assert_str_eq(sec(&c, CHECKIN_WINS), "(none)");
	ck_assert(c.hours.present && c.hours.value == 32);
	ck_assert_str_eq(at(t, c.hours.span), "32 hours");
	ck_assert_int_eq(c.mood.value, 4);
	ck_assert_int_eq(c.mood.from, CHECKIN_MOOD_WORD);
	ck_assert_str_eq(at(t, c.mood.span), "pretty good");
	/* "#1 priority" is not a task update */
	ck_assert_uint_eq(c.nupdates, 1);
	ck_assert_int_eq(c.updates[0].id, 12);
	ck_assert_int_eq(c.updates[0].status, CHECKIN_TASK_DONE);
	checkin_free(&c);
}
END_TEST

START_TEST(test_german_headings)
{
	const char *t =
	    "Hallo Mark,\n\n"
	    "**Erfolge:**\n"
	    "- Website ist live\n"
	    "- Newsletter verschickt\n"
	    "In Arbeit: Q1-Bericht\n"
	    "Blockiert: keine\n"
	    "Nächste Woche: Bericht fertigstellen\n"
	    "Stunden: 38\n"
	    "Stimmung: gut, aber etwas gestresst\n"
	    "Unterstützung: bitte Zugang zum CRM\n\n"
	    "Viele Grüße\nAnna\n";
	struct checkin c;

	parse_text(t, &c);
	ck_assert_int_eq(c.layout, SECTIONS_HEADINGS);
	ck_assert_str_eq(sec(&c, CHECKIN_WINS),
	    "- Website ist live\n- Newsletter verschickt");
	ck_assert_str_eq(sec(&c, CHECKIN_IN_PROGRESS), "Q1-Bericht");
	ck_assert_str_eq(sec(&c, CHECKIN_BLOCKERS), "keine");
	ck_assert_int_eq(c.blockers_none, 1);
	ck_assert_str_eq(sec(&c, CHECKIN_NEXT_WEEK), "Bericht fertigstellen");
	ck_assert(c.hours.present && c.hours.value == 38);
	ck_assert_int_eq(c.mood.value, 4);
	ck_assert_str_eq(sec(&c, CHECKIN_SUPPORT), "bitte Zugang zum CRM");
	ck_assert_str_eq(c.notes.text, "Hallo Mark,");
	ck_assert_uint_eq(c.nconcerns, 1);
	ck_assert_str_eq(c.concerns[0].term, "gestresst");
	checkin_free(&c);
}
END_TEST

START_TEST(test_other_languages_and_own_words)
{
	struct checkin c;

	parse_text("Réussites : contrat signé\nBlocages : rien\n"
	    "Heures : 30-35\nHumeur : bof\n", &c);
	ck_assert_str_eq(sec(&c, CHECKIN_WINS), "contrat signé");
	ck_assert_int_eq(c.blockers_none, 1);
	ck_assert(c.hours.present && c.hours.range && c.hours.min == 30 &&
	    c.hours.max == 35);
	ck_assert_int_eq(c.mood.value, 2);
	checkin_free(&c);

	parse_text("Logros: cerré dos clientes\nProblemas: nada\n"
	    "Horas: 40\nÁnimo: muy bien\nPlanes: seguir con la web\n", &c);
	ck_assert_str_eq(sec(&c, CHECKIN_WINS), "cerré dos clientes");
	ck_assert_int_eq(c.blockers_none, 1);
	ck_assert(c.hours.value == 40);
	ck_assert_int_eq(c.mood.value, 5);
	ck_assert_str_eq(sec(&c, CHECKIN_NEXT_WEEK), "seguir con la web");
	checkin_free(&c);

	parse_text("Conquistas: site no ar\nBloqueios: nenhum\n"
	    "Horas trabalhadas: 32,5\nHumor: 3\n", &c);
	ck_assert(c.hours.value == 32.5);
	ck_assert_int_eq(c.blockers_none, 1);
	ck_assert_int_eq(c.mood.value, 3);
	checkin_free(&c);

	parse_text("Successen: nieuwe klant\nKnelpunten: geen\nUren: 24\n"
	    "Stemming: goed\nVolgende week: facturen\n", &c);
	ck_assert_int_eq(c.blockers_none, 1);
	ck_assert(c.hours.value == 24);
	ck_assert_int_eq(c.mood.value, 4);
	ck_assert_str_eq(sec(&c, CHECKIN_NEXT_WEEK), "facturen");
	checkin_free(&c);

	/* the person's own English headings */
	parse_text("Done this week\nInvoices sent\n\nBlocked on: legal review "
	    "of the contract\nPlans: newsletter\nHours 25\nMood 3 out of 5\n",
	    &c);
	ck_assert_str_eq(sec(&c, CHECKIN_WINS), "Invoices sent");
	ck_assert_str_eq(sec(&c, CHECKIN_BLOCKERS),
	    "legal review of the contract");
	ck_assert_int_eq(c.blockers_none, 0);
	ck_assert_str_eq(sec(&c, CHECKIN_NEXT_WEEK), "newsletter");
	ck_assert(c.hours.value == 25);
	ck_assert_int_eq(c.mood.value, 3);
	checkin_free(&c);
}
END_TEST

START_TEST(test_numbered_forms_and_restarts)
{
	struct checkin c;

	/* "2)" style, with a nested list that restarts at 1 */
	parse_text("1) Wins:\n1. invoices\n2. new site\n2) the CRM move\n"
	    "3) -\n", &c);
	/* "Wins:" is a numbered heading; its list stays inside it */
	ck_assert_str_eq(sec(&c, CHECKIN_WINS), "1. invoices\n2. new site");
	ck_assert_str_eq(sec(&c, CHECKIN_IN_PROGRESS), "the CRM move");
	ck_assert_int_eq(c.blockers_none, 1);
	checkin_free(&c);

	/* a single numbered line is not a layout */
	parse_text("1. I was sick most of the week.\n", &c);
	ck_assert_int_eq(c.layout, SECTIONS_NONE);
	ck_assert_str_eq(sec(&c, CHECKIN_WINS), "(none)");
	ck_assert_uint_eq(c.nconcerns, 1);
	checkin_free(&c);

	/* numbered lines under plain headings are a list, not answers */
	parse_text("Wins:\n1. invoices\n2. new site\n3. onboarding\n"
	    "Blockers: none\n", &c);
	ck_assert_str_eq(sec(&c, CHECKIN_WINS),
	    "1. invoices\n2. new site\n3. onboarding");
	ck_assert_int_eq(c.blockers_none, 1);
	checkin_free(&c);
}
END_TEST

START_TEST(test_hours_forms)
{
	static const struct {
		const char	*in;
		int		 ok, range;
		double		 v, lo, hi;
	} h[] = {
		{ "32", 1, 0, 32, 0, 0 }, { "32.5h", 1, 0, 32.5, 0, 0 },
		{ "about 30 hours", 1, 0, 30, 0, 0 }, { "30-35", 1, 1, 0, 30, 35 },
		{ "~30", 1, 0, 30, 0, 0 }, { "30 to 35", 1, 1, 0, 30, 35 },
		{ "30 – 35 hrs", 1, 1, 0, 30, 35 }, { "32,5 Stunden", 1, 0, 32.5, 0, 0 },
		{ "5 days, about 40 hours", 1, 0, 40, 0, 0 },
		{ "I worked 5 days", 0, 0, 0, 0, 0 },
		{ "not sure", 0, 0, 0, 0, 0 }, { "200", 0, 0, 0, 0, 0 },
		{ "50%", 0, 0, 0, 0, 0 }, { "10 tasks", 0, 0, 0, 0, 0 },
	};
	struct checkin_hours	 x;
	size_t			 i;
	int			 ok;

	for (i = 0; i < sizeof(h) / sizeof(h[0]); i++) {
		ok = checkin_hours_in(h[i].in, 0, strlen(h[i].in), 1, &x);
		ck_assert_msg(ok == h[i].ok, "%s: %d", h[i].in, ok);
		if (!ok)
			continue;
		ck_assert_msg(x.range == h[i].range, "%s range", h[i].in);
		if (x.range)
			ck_assert_msg(x.min == h[i].lo && x.max == h[i].hi,
			    "%s: %g-%g", h[i].in, x.min, x.max);
		else
			ck_assert_msg(x.value == h[i].v, "%s: %g", h[i].in,
			    x.value);
	}
	/* in free text only a unit and a work cue count */
	ck_assert_int_eq(checkin_hours_in("I worked 5 days", 0, 15, 0, &x), 0);
	ck_assert_int_eq(checkin_hours_in("spent 5 hours in meetings", 0, 25, 0,
	    &x), 0);
	ck_assert_int_eq(checkin_hours_in("logged 38h", 0, 10, 0, &x), 1);
	ck_assert_int_eq(checkin_hours_in("38 hours in total", 0, 17, 0, &x), 1);
	ck_assert_int_eq(checkin_hours_in("meeting at 15:00", 0, 16, 1, &x), 0);
}
END_TEST

START_TEST(test_mood_forms)
{
	static const struct {
		const char	*in;
		int		 v;
	} m[] = {
		{ "4", 4 }, { "4/5", 4 }, { "4 out of 5", 4 }, { "8/10", 4 },
		{ "great", 5 }, { "Good", 4 }, { "ok", 3 }, { "meh", 2 },
		{ "rough", 2 }, { "terrible", 1 }, { "not great", 2 },
		{ "not bad", 3 }, { "pas mal", 4 }, { "gut", 4 },
		{ "muito bem", 5 }, { "slecht", 2 }, { "ça va", 3 },
		{ "\xf0\x9f\x98\x80", 5 }, { "\xf0\x9f\x99\x82", 4 },
		{ "\xf0\x9f\x98\x90", 3 }, { "\xf0\x9f\x99\x81", 2 },
		{ "\xf0\x9f\x98\x9e", 2 }, { "\xf0\x9f\x98\xad", 1 },
		{ ":-)", 4 }, { ":(", 2 }, { "3.5", 4 },
		{ "6", 0 }, { "0", 0 }, { "4 hours", 0 }, { "no idea", 0 },
	};
	struct checkin_mood	 x;
	size_t			 i;
	int			 ok;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		ok = checkin_mood_in(m[i].in, 0, strlen(m[i].in), 1, &x);
		ck_assert_msg(ok == (m[i].v != 0) && x.value == m[i].v,
		    "%s: got %d want %d", m[i].in, x.value, m[i].v);
	}
	/* strict: only after a mood word */
	ck_assert_int_eq(checkin_mood_in("It was a great launch", 0, 21, 0, &x),
	    0);
	ck_assert_int_eq(checkin_mood_in("my mood is good", 0, 15, 0, &x), 1);
	ck_assert_int_eq(x.value, 4);
}
END_TEST

START_TEST(test_blockers_none)
{
	static const char *yes[] = {
		"none", "None.", "n/a", "N/A", "nothing", "No blockers",
		"no blockers this week", "-", "—", "Nothing, thanks!", "nope",
		"Keine", "rien", "nada", "geen", "none so far", "0",
	};
	static const char *no[] = {
		"None, but the client is slow to respond", "waiting on legal",
		"no access to the CRM", "nothing works", "",
	};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ck_assert_msg(checkin_is_none(yes[i], 0, strlen(yes[i])), "%s",
		    yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ck_assert_msg(!checkin_is_none(no[i], 0, strlen(no[i])), "%s",
		    no[i]);
}
END_TEST

struct ucase {
	const char	*in;
	long		 id;
	int		 status;	/* -1: no update */
	int		 pct;
	const char	*date;		/* NULL: none */
	const char	*reason;	/* NULL: none */
};

START_TEST(test_task_update_forms)
{
	static const struct ucase u[] = {
		{ "#12 done", 12, CHECKIN_TASK_DONE, -1, NULL, NULL },
		{ "done #12", 12, CHECKIN_TASK_DONE, -1, NULL, NULL },
		{ "#12 finished.", 12, CHECKIN_TASK_DONE, -1, NULL, NULL },
		{ "#12: Done!", 12, CHECKIN_TASK_DONE, -1, NULL, NULL },
		{ "#12 is now complete", 12, CHECKIN_TASK_DONE, -1, NULL, NULL },
		{ "#12 \xe2\x9c\x85", 12, CHECKIN_TASK_DONE, -1, NULL, NULL },
		{ "#12 erledigt", 12, CHECKIN_TASK_DONE, -1, NULL, NULL },
		{ "#12 terminé", 12, CHECKIN_TASK_DONE, -1, NULL, NULL },
		{ "#12 50%", 12, CHECKIN_TASK_PROGRESS, 50, NULL, NULL },
		{ "#12 at 80% complete", 12, CHECKIN_TASK_PROGRESS, 80, NULL, NULL },
		{ "#12 - 30 percent", 12, CHECKIN_TASK_PROGRESS, 30, NULL, NULL },
		{ "#12 half done", 12, CHECKIN_TASK_PROGRESS, 50, NULL, NULL },
		{ "#12 in progress", 12, CHECKIN_TASK_PROGRESS, -1, NULL, NULL },
		{ "#12 new date Dec 8: waiting on client", 12,
		    CHECKIN_TASK_NEW_DATE, -1, "2026-12-08", "waiting on client" },
		{ "#12 moved to Friday because the client is away", 12,
		    CHECKIN_TASK_NEW_DATE, -1, "2026-11-27", "the client is away" },
		{ "#12 moved to next Friday", 12, CHECKIN_TASK_NEW_DATE, -1,
		    "2026-12-04", NULL },
		{ "#12 will be done by Dec 10", 12, CHECKIN_TASK_NEW_DATE, -1,
		    "2026-12-10", NULL },
		{ "#12 Dec 8 - client on holiday", 12, CHECKIN_TASK_NEW_DATE, -1,
		    "2026-12-08", "client on holiday" },
		{ "#12 postponed (budget freeze)", 12, CHECKIN_TASK_NEW_DATE, -1,
		    NULL, "budget freeze" },
		{ "#12 verschoben auf 7.12., weil der Kunde krank ist", 12,
		    CHECKIN_TASK_NEW_DATE, -1, "2026-12-07",
		    "der Kunde krank ist" },
		{ "#12 reporté au 15 décembre", 12, CHECKIN_TASK_NEW_DATE, -1,
		    "2026-12-15", NULL },
		{ "#12 blocked: no VPN access", 12, CHECKIN_TASK_BLOCKED, -1, NULL,
		    "no VPN access" },
		{ "#12 blocked by legal", 12, CHECKIN_TASK_BLOCKED, -1, NULL,
		    "legal" },
		{ "#12 waiting on the client", 12, CHECKIN_TASK_BLOCKED, -1, NULL,
		    "waiting on the client" },
		{ "#12 not done", 12, CHECKIN_TASK_NOT_DONE, -1, NULL, NULL },
		{ "#12 is not done yet: the bank rejected it", 12,
		    CHECKIN_TASK_NOT_DONE, -1, NULL, "the bank rejected it" },
		/* near misses */
		{ "#1 priority is the client", 0, -1, -1, NULL, NULL },
		{ "Is #12 done?", 0, -1, -1, NULL, NULL },
		{ "I love C#12 done right", 0, -1, -1, NULL, NULL },
		{ "&#12; done", 0, -1, -1, NULL, NULL },
		{ "#12a done", 0, -1, -1, NULL, NULL },
		{ "#12 by the way, thanks", 0, -1, -1, NULL, NULL },
		{ "#12", 0, -1, -1, NULL, NULL },
		{ "see #12 for details", 0, -1, -1, NULL, NULL },
		{ "done with the report", 0, -1, -1, NULL, NULL },
	};
	struct dates_ref		 ref;
	struct checkin_task_update	*v;
	size_t				 i, n;
	int				 trunc;
	char				 day[16];

	dates_ref_init(&ref, FRI, "Asia/Singapore");
	for (i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
		v = NULL;
		n = 0;
		trunc = 0;
		ck_assert_int_eq(checkin_task_updates(u[i].in, 0,
		    strlen(u[i].in), &ref, NULL, 0, &v, &n, &trunc), 0);
		if (u[i].status < 0) {
			ck_assert_msg(n == 0, "%s: parsed as an update", u[i].in);
			free(v);
			continue;
		}
		ck_assert_msg(n == 1, "%s: %zu updates", u[i].in, n);
		ck_assert_int_eq(v[0].id, u[i].id);
		ck_assert_msg(v[0].status == (enum checkin_task_status)u[i].status,
		    "%s: status %s", u[i].in, checkin_task_status_name(v[0].status));
		ck_assert_msg(v[0].percent == u[i].pct, "%s: pct %d", u[i].in,
		    v[0].percent);
		dates_format_day(&v[0].date, day, sizeof(day));
		ck_assert_msg(strcmp(v[0].has_date ? day : "-", u[i].date ?
		    u[i].date : "-") == 0, "%s: date %s", u[i].in,
		    v[0].has_date ? day : "-");
		ck_assert_msg(strcmp(v[0].reason ? v[0].reason : "-",
		    u[i].reason ? u[i].reason : "-") == 0, "%s: reason [%s]",
		    u[i].in, v[0].reason ? v[0].reason : "-");
		checkin_task_update_free(&v[0]);
		free(v);
	}
}
END_TEST

START_TEST(test_task_updates_in_a_line_and_unknown_ids)
{
	const char *t = "Finished #12 and #14. #15 blocked: waiting on #20, "
	    "#99 done; #20 30%";
	struct checkin c;

	parse_text(t, &c);
	ck_assert_uint_eq(c.nupdates, 5);
	ck_assert_int_eq(c.updates[0].id, 12);
	ck_assert_int_eq(c.updates[1].id, 14);
	ck_assert_int_eq(c.updates[1].status, CHECKIN_TASK_DONE);
	ck_assert_int_eq(c.updates[2].id, 15);
	ck_assert_int_eq(c.updates[2].status, CHECKIN_TASK_BLOCKED);
	/* the reason stops where the next update starts */
	ck_assert_str_eq(c.updates[2].reason, "waiting on #20");
	ck_assert_int_eq(c.updates[3].id, 99);
	ck_assert_int_eq(c.updates[3].unknown_id, 1);
	ck_assert_int_eq(c.updates[4].id, 20);
	ck_assert_int_eq(c.updates[4].percent, 30);
	ck_assert_int_eq(c.updates[4].unknown_id, 0);
	checkin_free(&c);
}
END_TEST

START_TEST(test_past_and_ambiguous_dates_are_reported)
{
	const char *t = "#12 new date Nov 20, 2026\n#14 moved to 3/4\n";
	struct checkin		 c;
	struct checkin_ctx	 x = { FRI, "UTC", NULL, 0 };
	const char		*err;

	ck_assert_int_eq(checkin_parse(t, strlen(t), NULL, 0, NULL, 0, &x, &c,
	    &err), 0);
	ck_assert_uint_eq(c.nupdates, 2);
	ck_assert_int_eq(c.updates[0].date.status, DATES_PAST);
	ck_assert_int_eq(c.updates[1].date.status, DATES_AMBIGUOUS);
	checkin_free(&c);
	x.tzid = "Nowhere/Land";
	ck_assert_int_eq(checkin_parse(t, strlen(t), NULL, 0, NULL, 0, &x, &c,
	    &err), -1);
	ck_assert_str_eq(err, "unknown time zone");
}
END_TEST

START_TEST(test_concerns)
{
	const char *t = "Honestly I'm burned out and thinking of quitting. "
	    "Not stressed about the deadline though, no conflict with Bob. "
	    "There is a conflict with the design team.";
	struct checkin c;

	parse_text(t, &c);
	ck_assert_uint_eq(c.nconcerns, 3);
	ck_assert_str_eq(c.concerns[0].term, "burned out");
	ck_assert_str_eq(at(t, c.concerns[0].span), "burned out");
	ck_assert_str_eq(c.concerns[1].term, "thinking of quitting");
	ck_assert_str_eq(c.concerns[2].term, "conflict with");
	checkin_free(&c);
}
END_TEST

START_TEST(test_limits)
{
	char		*t;
	size_t		 i, n = LIMIT_ANSWERS + 10, len = 0;
	struct checkin	 c;

	t = malloc(n * 16 + 1);
	ck_assert_ptr_nonnull(t);
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(t + len, 17, "#%zu done\n", i + 1);
	parse_text(t, &c);
	ck_assert_uint_eq(c.nupdates, LIMIT_ANSWERS);
	ck_assert_int_eq(c.updates_truncated, 1);
	checkin_free(&c);
	free(t);
}
END_TEST

START_TEST(test_contract_names)
{
	ck_assert_str_eq(checkin_key_name(CHECKIN_NEXT_WEEK), "next_week");
	ck_assert_str_eq(checkin_question(CHECKIN_MOOD), CHECKIN_Q_MOOD);
	ck_assert_str_eq(checkin_task_status_name(CHECKIN_TASK_NEW_DATE),
	    "new_date");
}
END_TEST

/* The template's questions, answered under each line as rendered
 * (templates/_questions.txt), and quoted one by one. */
START_TEST(test_template_rendering)
{
	char		 t[1024];
	size_t		 n = 0;
	struct checkin	 c;
	int		 k;
	static const char *answers[] = {
		"Invoices out", "CRM move", "none", "Newsletter", "38", "4",
		"Nothing, thanks",
	};

	for (k = 0; k < CHECKIN_NKEYS; k++)
		n += (size_t)snprintf(t + n, sizeof(t) - n, "%d. %s\n%s\n\n",
		    k + 1, checkin_question((enum checkin_key)k), answers[k]);
	parse_text(t, &c);
	ck_assert_str_eq(sec(&c, CHECKIN_WINS), "Invoices out");
	ck_assert_str_eq(sec(&c, CHECKIN_IN_PROGRESS), "CRM move");
	ck_assert_int_eq(c.blockers_none, 1);
	ck_assert_str_eq(sec(&c, CHECKIN_NEXT_WEEK), "Newsletter");
	ck_assert(c.hours.present && c.hours.value == 38);
	ck_assert_int_eq(c.mood.value, 4);
	ck_assert_str_eq(sec(&c, CHECKIN_SUPPORT), "Nothing, thanks");
	ck_assert_ptr_null(c.notes.text);
	checkin_free(&c);
}
END_TEST

/* The template's own questions, quoted, must each map to their key. */
START_TEST(test_template_questions_are_recognised)
{
	char		 q[256];
	struct built	 b;
	struct checkin	 c;
	int		 k;

	for (k = 0; k < CHECKIN_NKEYS; k++) {
		struct part p[2];

		snprintf(q, sizeof(q), "> %d. %s\n", k + 1,
		    checkin_question((enum checkin_key)k));
		p[0].kind = REPLY_QUOTE;
		p[0].s = q;
		p[1].kind = REPLY_NEW;
		p[1].s = "3\n";
		build(p, 2, &b);
		parse_built(&b, &c);
		ck_assert_msg(c.sections[k].text != NULL, "question %d", k + 1);
		checkin_free(&c);
	}
}
END_TEST

/* The scanners' shortcut past plain words agrees with lex_token(). */
START_TEST(test_plain_word)
{
	static const struct lex_phrase tab[] = { { "burned out", 0 }, { "tired", 0 } };
	struct lex_index		 ix;
	const struct lex_index		*v[2];
	struct lex_tok			 t;
	size_t				 a, b, i;
	static const char *const texts[] = {
		"  hello world", "\thi", "abc1", "Zoe, ok", "x", "don't", "caf\xc3\xa9",
		"burned out", "Tired", "tiredness", "123", " ", "", "\rx", "a-b",
	};

	lex_index_init(&ix, tab, 2);
	v[0] = &ix;
	v[1] = NULL;
	ck_assert_int_eq(lex_plain_word("  hello world", 13, 0, v, 2, &a, &b), 1);
	ck_assert_uint_eq(a, 2);
	ck_assert_uint_eq(b, 7);
	ck_assert_int_eq(lex_plain_word("don't", 5, 0, v, 2, &a, &b), 0);	/* apostrophe */
	ck_assert_int_eq(lex_plain_word("caf\xc3\xa9", 5, 0, v, 2, &a, &b), 0);	/* é */
	ck_assert_int_eq(lex_plain_word("burned out", 10, 0, v, 2, &a, &b), 0);	/* a phrase */
	ck_assert_int_eq(lex_plain_word("Tired", 5, 0, v, 2, &a, &b), 0);
	ck_assert_int_eq(lex_plain_word("123", 3, 0, v, 2, &a, &b), 0);
	/* whenever it says a word, lex_token() reads that same word */
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		size_t n = strlen(texts[i]);

		if (lex_plain_word(texts[i], n, 0, v, 2, &a, &b) == 0)
			continue;
		lex_token(texts[i], n, 0, &t);
		ck_assert_int_eq(t.kind, LEX_WORD);
		ck_assert_uint_eq(t.start, a);
		ck_assert_uint_eq(t.end, b);
		ck_assert_int_eq(lex_index_lookup_tok(&ix, texts[i], n, &t, &b), -1);
	}
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("checkin");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_gmail_top_post_numbered);
	tcase_add_test(tc, test_outlook_inline_under_quoted_questions);
	tcase_add_test(tc, test_bottom_post_after_whole_quote_is_notes);
	tcase_add_test(tc, test_free_form_paragraphs);
	tcase_add_test(tc, test_german_headings);
	tcase_add_test(tc, test_other_languages_and_own_words);
	tcase_add_test(tc, test_numbered_forms_and_restarts);
	tcase_add_test(tc, test_hours_forms);
	tcase_add_test(tc, test_mood_forms);
	tcase_add_test(tc, test_blockers_none);
	tcase_add_test(tc, test_task_update_forms);
	tcase_add_test(tc, test_task_updates_in_a_line_and_unknown_ids);
	tcase_add_test(tc, test_past_and_ambiguous_dates_are_reported);
	tcase_add_test(tc, test_concerns);
	tcase_add_test(tc, test_plain_word);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_contract_names);
	tcase_add_test(tc, test_template_questions_are_recognised);
	tcase_add_test(tc, test_template_rendering);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
