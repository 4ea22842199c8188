/* Unit tests for parsers/autoreply.c */
#include <check.h>
#include <string.h>

#include "autoreply.h"

/* Friday 2026-11-27 08:02 UTC */
#define FRI	((time_t)1795766520)

static struct autoreply ar;

static enum autoreply_class
classify(const struct autoreply_header *h, size_t nh, const char *subject,
    const char *body, const char *tz)
{
	const char *err;

	ck_assert_int_eq(autoreply_classify(h, nh, subject, body,
	    body ? strlen(body) : 0, FRI, tz, &ar, &err), 0);
	return ar.class;
}

static int
ret_day(void)
{
	return ar.ret.year * 10000 + ar.ret.month * 100 + ar.ret.day;
}

START_TEST(test_headers)
{
	static const struct autoreply_header replied[] = {
		{ "Auto-Submitted", "auto-replied" },
	};
	static const struct autoreply_header generated[] = {
		{ "auto-submitted", "Auto-Generated; owner-email=x@example.com" },
	};
	static const struct autoreply_header no[] = {
		{ "Auto-Submitted", "no" },
		{ "X-Auto-Response-Suppress", "All" },
	};
	static const struct autoreply_header xar[] = {
		{ "X-Autoreply", "yes" },
	};
	static const struct autoreply_header prec[] = {
		{ "Precedence", "auto_reply" },
	};
	static const struct autoreply_header bulk[] = {
		{ "Precedence", "bulk" },
	};
	const char *body = "Thank you for your message. I am out of the office "
	    "and will be back on December 7.";

	/* auto-replied with an out-of-office body */
	ck_assert_int_eq(classify(replied, 1, "Re: Weekly check-in", body,
	    "UTC"), AUTOREPLY_OOO);
	ck_assert_str_eq(ar.why, "Auto-Submitted");
	ck_assert_int_eq(ar.ret_kind, AUTOREPLY_BACK_ON);
	ck_assert_int_eq(ret_day(), 20261207);
	ck_assert_int_eq(ar.ret.status, DATES_OK);
	/* auto-replied without any absence cue: a ticket system */
	ck_assert_int_eq(classify(replied, 1, "We received your request",
	    "Your ticket number is 4711.", "UTC"), AUTOREPLY_AUTO);
	ck_assert_int_eq(ar.ret_kind, AUTOREPLY_NO_RETURN);
	ck_assert_int_eq(classify(generated, 1, "Delivery report", "hello",
	    "UTC"), AUTOREPLY_AUTO);
	ck_assert_int_eq(classify(xar, 1, "Weekly check-in", body, "UTC"),
	    AUTOREPLY_OOO);
	ck_assert_int_eq(classify(prec, 1, "Weekly check-in", body, "UTC"),
	    AUTOREPLY_OOO);
	ck_assert_int_eq(classify(bulk, 1, "Newsletter", "News!", "UTC"),
	    AUTOREPLY_AUTO);
	/* Auto-Submitted: no and X-Auto-Response-Suppress are not signals */
	ck_assert_int_eq(classify(no, 2, "Re: Weekly check-in",
	    "1. shipped it\n2. the report", "UTC"), AUTOREPLY_NONE);
	ck_assert_ptr_null(ar.why);
}
END_TEST

START_TEST(test_subjects)
{
	static const char *ooo[] = {
		"Out of Office: Weekly check-in", "Automatic reply: Weekly check-in",
		"Autoreply: Weekly check-in", "Auto-Reply", "Abwesenheitsnotiz: Ihr "
		"wöchentlicher Check-in", "Automatische Antwort: Check-in",
		"Réponse automatique : Point hebdomadaire",
		"Respuesta automática: Check-in", "Fuera de la oficina",
		"Resposta automática: Check-in", "Automatisch antwoord: check-in",
		"Anna Smith is out of the office.", "[EXT] Out of Office AutoReply",
	};
	static const char *weak[] = { "Absence", "Ausente", "Afwezig" };
	size_t i;

	for (i = 0; i < sizeof(ooo) / sizeof(ooo[0]); i++)
		ck_assert_msg(classify(NULL, 0, ooo[i], NULL, "UTC") ==
		    AUTOREPLY_OOO, "%s", ooo[i]);
	/* weak subjects need a body phrase too */
	for (i = 0; i < sizeof(weak) / sizeof(weak[0]); i++) {
		ck_assert_msg(classify(NULL, 0, weak[i], "See you.", "UTC") ==
		    AUTOREPLY_NONE, "%s alone", weak[i]);
		ck_assert_msg(classify(NULL, 0, weak[i], "Estou ausente / I am "
		    "on leave until Dec 4.", "UTC") == AUTOREPLY_OOO, "%s",
		    weak[i]);
	}
	ck_assert_int_eq(ar.ret_kind, AUTOREPLY_AWAY_UNTIL);
	ck_assert_int_eq(ret_day(), 20261204);
	/* people writing about absences are not auto-replies */
	ck_assert_int_eq(classify(NULL, 0, "Re: Out of office next week?",
	    "I'll be out of the office until Dec 7.", "UTC"), AUTOREPLY_NONE);
	ck_assert_int_eq(classify(NULL, 0, "Re: Weekly check-in",
	    "I'm on vacation next week, back on Dec 7.", "UTC"), AUTOREPLY_NONE);
	ck_assert_int_eq(classify(NULL, 0, "Automation ideas", "Hi", "UTC"),
	    AUTOREPLY_NONE);
}
END_TEST

START_TEST(test_return_dates)
{
	static const struct autoreply_header h[] = {
		{ "Auto-Submitted", "auto-replied" },
	};
	static const struct {
		const char	*body;
		const char	*tz;
		int		 kind, day;
	} c[] = {
		{ "I will be back on December 7 and will reply then.", "UTC",
		    AUTOREPLY_BACK_ON, 20261207 },
		{ "I am away, returning Monday.", "UTC", AUTOREPLY_BACK_ON,
		    20261130 },
		{ "Ich bin bis zum 7.12. nicht im Büro.", "Europe/Berlin",
		    AUTOREPLY_AWAY_UNTIL, 20261207 },
		{ "Ab Montag, 7. Dezember bin ich wieder da.", "Europe/Berlin",
		    AUTOREPLY_BACK_ON, 20261207 },
		{ "Je suis absente, de retour le 7 décembre.", "Europe/Paris",
		    AUTOREPLY_BACK_ON, 20261207 },
		{ "Estoy de vacaciones hasta el 4 de diciembre.", "Europe/Madrid",
		    AUTOREPLY_AWAY_UNTIL, 20261204 },
		{ "Estou de férias até 4 de dezembro.", "America/Sao_Paulo",
		    AUTOREPLY_AWAY_UNTIL, 20261204 },
		{ "Ik ben met vakantie tot en met 4 december, terug op 7 "
		    "december.", "Europe/Amsterdam", AUTOREPLY_BACK_ON, 20261207 },
		{ "Out of the office Dec 1 - Dec 4 with limited access to email.",
		    "UTC", AUTOREPLY_AWAY_UNTIL, 20261204 },
		{ "I am out of the office until 12/4.", "America/New_York",
		    AUTOREPLY_AWAY_UNTIL, 20261204 },
		{ "I am out of the office and have limited access to email.",
		    "UTC", AUTOREPLY_NO_RETURN, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		ck_assert_msg(classify(h, 1, "Automatic reply: check-in",
		    c[i].body, c[i].tz) == AUTOREPLY_OOO, "%s", c[i].body);
		ck_assert_msg((int)ar.ret_kind == c[i].kind && (c[i].kind ==
		    AUTOREPLY_NO_RETURN || ret_day() == c[i].day),
		    "%s: kind %d day %d", c[i].body, ar.ret_kind, ret_day());
	}
	/* the span points into the body */
	{
		const char *b = "Back on Dec 7.";

		classify(h, 1, "Out of office", b, "UTC");
		ck_assert_int_eq((int)(ar.ret.end - ar.ret.start), 5);
		ck_assert_int_eq(memcmp(b + ar.ret.start, "Dec 7", 5), 0);
	}
	/* a past return date is reported as such */
	classify(h, 1, "Out of office", "I was back on Nov 2, 2026.", "UTC");
	ck_assert_int_eq(ar.ret.status, DATES_PAST);
}
END_TEST

START_TEST(test_bad_zone_and_nulls)
{
	const char *err = NULL;

	ck_assert_int_eq(autoreply_classify(NULL, 0, NULL, NULL, 0, FRI,
	    "Mars/Olympus", &ar, &err), -1);
	ck_assert_str_eq(err, "unknown time zone");
	ck_assert_int_eq(classify(NULL, 0, NULL, NULL, NULL), AUTOREPLY_NONE);
	ck_assert_str_eq(autoreply_class_name(AUTOREPLY_OOO), "out_of_office");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("autoreply");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_headers);
	tcase_add_test(tc, test_subjects);
	tcase_add_test(tc, test_return_dates);
	tcase_add_test(tc, test_bad_zone_and_nulls);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
