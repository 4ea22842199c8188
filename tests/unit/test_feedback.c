/* Unit tests for parsers/feedback.c */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "feedback.h"

/* Parse a survey reply twice, on its own and with checkin_parse()'s result
 * for the same text: the words of concern must be the same either way. */
static void
survey(const char *t, struct feedback_survey *f)
{
	struct checkin_ctx	 cx = { .date = 1796112000, .tzid = "UTC" };
	struct checkin		 ck;
	struct feedback_survey	 g;
	const char		*err;
	size_t			 i;

	ck_assert_int_eq(feedback_survey_parse(t, strlen(t), NULL, 0, NULL, 0,
	    NULL, f, &err), 0);
	ck_assert_int_eq(checkin_parse(t, strlen(t), NULL, 0, NULL, 0, &cx, &ck,
	    &err), 0);
	ck_assert_int_eq(feedback_survey_parse(t, strlen(t), NULL, 0, NULL, 0,
	    &ck, &g, &err), 0);
	ck_assert_uint_eq(g.nconcerns, f->nconcerns);
	ck_assert_int_eq(g.concerns_truncated, f->concerns_truncated);
	for (i = 0; i < f->nconcerns; i++) {
		ck_assert_str_eq(g.concerns[i].term, f->concerns[i].term);
		ck_assert_uint_eq(g.concerns[i].span.start, f->concerns[i].span.start);
		ck_assert_uint_eq(g.concerns[i].span.end, f->concerns[i].span.end);
	}
	feedback_survey_free(&g);
	checkin_free(&ck);
}

static const char *
txt(const struct checkin_section *s)
{
	return s->text != NULL ? s->text : "(none)";
}

START_TEST(test_numbered_top_post)
{
	struct feedback_survey f;

	survey("Hi,\n\n1. 4\n2) 5/5\n3. 2 - way too much this month\n"
	    "4. More notice before deadlines, please.\n\nThanks!\n", &f);
	ck_assert_int_eq(f.layout, SECTIONS_NUMBERED);
	ck_assert_int_eq(f.ratings[FEEDBACK_CLARITY].value, 4);
	ck_assert_int_eq(f.ratings[FEEDBACK_SUPPORT].value, 5);
	ck_assert_int_eq(f.ratings[FEEDBACK_WORKLOAD].value, 2);
	ck_assert_str_eq(txt(&f.better), "More notice before deadlines, please.");
	ck_assert_str_eq(txt(&f.notes), "Hi,");
	feedback_survey_free(&f);
}
END_TEST

START_TEST(test_inline_under_quoted_questions)
{
	/* body, segments and reply text as reply_extract() gives them */
	static const char body[] =
	    "> 1. Clarity: how clear are your expectations and priorities? "
	    "(1 = unclear, 5 = very clear)\n"
	    "3\n"
	    "> 2. Support: how well do I support you? (1 = not at all, 5 = very "
	    "well)\n"
	    "4 out of 5\n"
	    "> 3. Workload: how manageable is your workload? (1 = far too much, "
	    "5 = very manageable)\n"
	    "> 4. How can I support you better?\n"
	    "Quicker answers on Slack. I feel overwhelmed some weeks.\n";
	const char *q1 = strstr(body, "> 1."), *a1 = strstr(body, "3\n> 2");
	const char *q2 = strstr(body, "> 2."), *a2 = strstr(body, "4 out");
	const char *q3 = strstr(body, "> 3."), *a4 = strstr(body, "Quicker");
	struct reply_seg segs[6];
	char text[256];
	size_t tl = 0;
	struct feedback_survey f;
	const char *err;

	memset(segs, 0, sizeof(segs));
	segs[0].kind = REPLY_QUOTE; segs[0].start = 0; segs[0].end = (size_t)(a1 - body);
	segs[1].kind = REPLY_NEW; segs[1].start = segs[0].end; segs[1].end = (size_t)(q2 - body);
	segs[2].kind = REPLY_QUOTE; segs[2].start = segs[1].end; segs[2].end = (size_t)(a2 - body);
	segs[3].kind = REPLY_NEW; segs[3].start = segs[2].end; segs[3].end = (size_t)(q3 - body);
	segs[4].kind = REPLY_QUOTE; segs[4].start = segs[3].end; segs[4].end = (size_t)(a4 - body);
	segs[5].kind = REPLY_NEW; segs[5].start = segs[4].end; segs[5].end = sizeof(body) - 1;
	(void)q1;
	tl = (size_t)snprintf(text, sizeof(text), "3\n\n4 out of 5\n\n"
	    "Quicker answers on Slack. I feel overwhelmed some weeks.");
	segs[1].out_start = 0; segs[1].out_end = 1;
	segs[3].out_start = 3; segs[3].out_end = 13;
	segs[5].out_start = 15; segs[5].out_end = tl;
	ck_assert_int_eq(feedback_survey_parse(text, tl, body, sizeof(body) - 1,
	    segs, 6, NULL, &f, &err), 0);
	ck_assert_int_eq(f.layout, SECTIONS_INLINE);
	ck_assert_int_eq(f.ratings[FEEDBACK_CLARITY].value, 3);
	ck_assert_int_eq(f.ratings[FEEDBACK_SUPPORT].value, 4);
	ck_assert_int_eq(f.ratings[FEEDBACK_WORKLOAD].value, 0);
	ck_assert_str_eq(txt(&f.better),
	    "Quicker answers on Slack. I feel overwhelmed some weeks.");
	ck_assert_uint_eq(f.nconcerns, 1);
	ck_assert_str_eq(f.concerns[0].term, "overwhelmed");
	feedback_survey_free(&f);
}
END_TEST

START_TEST(test_headings_and_languages)
{
	struct feedback_survey f;

	survey("Clarity: 5\nSupport - 4\nWorkload 2/5\n"
	    "Suggestions: fewer meetings\n", &f);
	ck_assert_int_eq(f.ratings[0].value, 5);
	ck_assert_int_eq(f.ratings[1].value, 4);
	ck_assert_int_eq(f.ratings[2].value, 2);
	ck_assert_str_eq(txt(&f.better), "fewer meetings");
	feedback_survey_free(&f);

	survey("Klarheit: 4\nUnterstützung: 5\nArbeitslast: 3\n"
	    "Vorschläge: mehr Feedback\n", &f);
	ck_assert_int_eq(f.ratings[0].value * 100 + f.ratings[1].value * 10 +
	    f.ratings[2].value, 453);
	ck_assert_str_eq(txt(&f.better), "mehr Feedback");
	feedback_survey_free(&f);

	survey("Charge de travail : 1\nClarté : 2\n", &f);
	ck_assert_int_eq(f.ratings[FEEDBACK_WORKLOAD].value, 1);
	ck_assert_int_eq(f.ratings[FEEDBACK_CLARITY].value, 2);
	ck_assert_int_eq(f.ratings[FEEDBACK_SUPPORT].value, 0);
	feedback_survey_free(&f);
}
END_TEST

START_TEST(test_unstructured)
{
	struct feedback_survey f;

	survey("4, 5, 2 - more notice on deadlines please", &f);
	ck_assert_int_eq(f.layout, SECTIONS_NONE);
	ck_assert_int_eq(f.ratings[0].value * 100 + f.ratings[1].value * 10 +
	    f.ratings[2].value, 452);
	ck_assert_str_eq(txt(&f.better), "more notice on deadlines please");
	feedback_survey_free(&f);

	/* two numbers are not the three ratings; "4.5" is not a list */
	survey("4, 5 and all good", &f);
	ck_assert_int_eq(f.ratings[0].value, 0);
	ck_assert_str_eq(txt(&f.better), "4, 5 and all good");
	feedback_survey_free(&f);
	survey("4.5, 3, 2", &f);
	ck_assert_int_eq(f.ratings[0].value, 0);
	feedback_survey_free(&f);

	survey("Honestly everything is fine, keep doing what you do.", &f);
	ck_assert_int_eq(f.ratings[0].value, 0);
	ck_assert_str_eq(txt(&f.better),
	    "Honestly everything is fine, keep doing what you do.");
	ck_assert_str_eq(txt(&f.notes), "(none)");
	feedback_survey_free(&f);
}
END_TEST

START_TEST(test_contract)
{
	struct feedback_survey	 f;
	char			 t[1024];

	/* the survey as the template renders it, answered under each line */
	snprintf(t, sizeof(t), "1. %s\n4\n\n2. %s\n5\n\n3. %s\n2\n\n"
	    "4. What could Mark do better, or differently?\nMore notice on "
	    "deadlines.\n", FEEDBACK_Q_CLARITY, FEEDBACK_Q_SUPPORT,
	    FEEDBACK_Q_WORKLOAD);
	survey(t, &f);
	ck_assert_int_eq(f.ratings[FEEDBACK_CLARITY].value, 4);
	ck_assert_int_eq(f.ratings[FEEDBACK_SUPPORT].value, 5);
	ck_assert_int_eq(f.ratings[FEEDBACK_WORKLOAD].value, 2);
	ck_assert_str_eq(txt(&f.better), "More notice on deadlines.");
	ck_assert_str_eq(txt(&f.notes), "(none)");
	feedback_survey_free(&f);
	/* and answered on the question's own line */
	snprintf(t, sizeof(t), "1. %s 3\n2. %s 4\n3. %s 1\n", FEEDBACK_Q_CLARITY,
	    FEEDBACK_Q_SUPPORT, FEEDBACK_Q_WORKLOAD);
	survey(t, &f);
	ck_assert_int_eq(f.ratings[0].value * 100 + f.ratings[1].value * 10 +
	    f.ratings[2].value, 341);
	feedback_survey_free(&f);
	ck_assert_str_eq(feedback_key_name(FEEDBACK_WORKLOAD), "workload");
	ck_assert_str_eq(feedback_question(FEEDBACK_BETTER), FEEDBACK_Q_BETTER);
}
END_TEST

struct scase {
	const char		*in;
	enum feedback_signal	 sig;
};

START_TEST(test_reply_signal)
{
	static const struct scase c[] = {
		{ "Thanks, got it. I'll confirm receipt within 4 hours from now on.",
		    FEEDBACK_ACK },
		{ "Makes sense, will do.", FEEDBACK_ACK },
		{ "Understood!", FEEDBACK_ACK },
		{ "I disagree, the client never sent the files.", FEEDBACK_DISAGREE },
		{ "That's not fair. I was on leave that day.", FEEDBACK_DISAGREE },
		{ "I don't agree with this.", FEEDBACK_DISAGREE },
		{ "Thanks for the note, but I don't think that's accurate.",
		    FEEDBACK_MIXED },
		{ "Verstanden, mache ich.", FEEDBACK_ACK },
		{ "Das sehe ich anders.", FEEDBACK_DISAGREE },
		{ "D'accord, merci.", FEEDBACK_ACK },
		{ "Je ne suis pas d'accord.", FEEDBACK_DISAGREE },
		{ "Entendido, gracias.", FEEDBACK_ACK },
		{ "No estoy de acuerdo.", FEEDBACK_DISAGREE },
		{ "Não concordo.", FEEDBACK_DISAGREE },
		{ "Begrepen, bedankt!", FEEDBACK_ACK },
		{ "Daar ben ik het niet mee eens.", FEEDBACK_DISAGREE },
		{ "Not ok.", FEEDBACK_NONE },
		{ "The files are in the shared folder.", FEEDBACK_NONE },
	};
	struct feedback_reply	 r;
	size_t			 i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		feedback_reply_parse(c[i].in, strlen(c[i].in), &r);
		ck_assert_msg(r.signal == c[i].sig, "%s: %s", c[i].in,
		    feedback_signal_name(r.signal));
	}
	feedback_reply_parse("I disagree", 10, &r);
	ck_assert_uint_eq(r.ncues, 1);
	ck_assert_int_eq(r.cues[0].disagree, 1);
	ck_assert_uint_eq(r.cues[0].span.start, 0);
	ck_assert_uint_eq(r.cues[0].span.end, 10);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("feedback");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_numbered_top_post);
	tcase_add_test(tc, test_inline_under_quoted_questions);
	tcase_add_test(tc, test_headings_and_languages);
	tcase_add_test(tc, test_unstructured);
	tcase_add_test(tc, test_contract);
	tcase_add_test(tc, test_reply_signal);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
