/* Unit tests for parsers/dates.c (and the lex.c scanner under it) */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "dates.h"
#include "lex.h"

/* Wednesday 2026-11-25, 10:00 in Berlin (09:00 UTC). */
static time_t
utc(int y, int m, int d, int hh, int mm)
{
	return (time_t)tzone_days_from_civil(y, m, d) * 86400 + hh * 3600 +
	    mm * 60;
}

#define WED	utc(2026, 11, 25, 9, 0)

/* "2026-12-08 15:00 ok [span]" or "none" */
static const char *
show(const char *text, const char *tz, time_t now, unsigned flags, int find)
{
	static char		 buf[160];
	struct dates_ref	 ref;
	struct dates_match	 m;
	int			 ok;
	const char		*st;

	ck_assert_int_eq(dates_ref_init(&ref, now, tz), 0);
	if (find)
		ok = dates_find(text, strlen(text), 0, strlen(text), &ref,
		    flags, &m);
	else
		ok = dates_parse_at(text, strlen(text), 0, &ref, flags, &m);
	if (!ok)
		return "none";
	st = m.status == DATES_OK ? "ok" : m.status == DATES_PAST ? "past" :
	    "ambiguous";
	if (m.has_time)
		snprintf(buf, sizeof(buf), "%04d-%02d-%02d %02d:%02d %s [%.*s]",
		    m.year, m.month, m.day, m.hour, m.minute, st,
		    (int)(m.end - m.start), text + m.start);
	else
		snprintf(buf, sizeof(buf), "%04d-%02d-%02d %s [%.*s]",
		    m.year, m.month, m.day, st, (int)(m.end - m.start),
		    text + m.start);
	return buf;
}

static const char *
at(const char *text)
{
	return show(text, "Europe/Berlin", WED, DATES_ANY, 0);
}

struct dcase {
	const char	*in;
	const char	*want;
};

START_TEST(test_calendar)
{
	int y, m, d;

	ck_assert_int_eq(tzone_days_from_civil(1970, 1, 1), 0);
	ck_assert_int_eq(tzone_wday(tzone_days_from_civil(2026, 11, 25)), 3);
	ck_assert_int_eq(tzone_wday(0), 4);
	ck_assert_int_eq(tzone_days_in_month(2028, 2), 29);
	ck_assert_int_eq(tzone_days_in_month(2100, 2), 28);
	ck_assert_int_eq(tzone_days_in_month(2000, 2), 29);
	tzone_civil_from_days(tzone_days_from_civil(2024, 2, 29) + 1, &y, &m, &d);
	ck_assert_int_eq(y * 10000 + m * 100 + d, 20240301);
	tzone_civil_from_days(-1, &y, &m, &d);
	ck_assert_int_eq(y * 10000 + m * 100 + d, 19691231);
}
END_TEST

START_TEST(test_absolute_forms)
{
	static const struct dcase c[] = {
		{ "2026-12-08", "2026-12-08 ok [2026-12-08]" },
		{ "2026-12-08T15:00", "2026-12-08 15:00 ok [2026-12-08T15:00]" },
		{ "Dec 8", "2026-12-08 ok [Dec 8]" },
		{ "Dec. 8: waiting", "2026-12-08 ok [Dec. 8]" },
		{ "December 8th", "2026-12-08 ok [December 8th]" },
		{ "december 8th, 2027.", "2027-12-08 ok [december 8th, 2027]" },
		{ "8 December", "2026-12-08 ok [8 December]" },
		{ "8th of December", "2026-12-08 ok [8th of December]" },
		{ "8 Dec 2026", "2026-12-08 ok [8 Dec 2026]" },
		{ "8. Dezember", "2026-12-08 ok [8. Dezember]" },
		{ "7.12.", "2026-12-07 ok [7.12.]" },
		{ "7.12.2026", "2026-12-07 ok [7.12.2026]" },
		{ "07.12.26", "2026-12-07 ok [07.12.26]" },
		{ "le 7 décembre", "2026-12-07 ok [le 7 décembre]" },
		{ "1er décembre", "2026-12-01 ok [1er décembre]" },
		{ "8 de diciembre de 2026", "2026-12-08 ok [8 de diciembre de 2026]" },
		{ "8 de dezembro", "2026-12-08 ok [8 de dezembro]" },
		{ "8 MÄRZ", "2027-03-08 ok [8 MÄRZ]" },
		{ "8 maart", "2027-03-08 ok [8 maart]" },
		{ "Fri, Dec 4", "2026-12-04 ok [Fri, Dec 4]" },
		{ "Freitag, 4.12.", "2026-12-04 ok [Freitag, 4.12.]" },
		{ "Jan 10", "2027-01-10 ok [Jan 10]" },
		{ "Nov 25", "2026-11-25 ok [Nov 25]" },
		{ "Nov 24", "2027-11-24 ok [Nov 24]" },
		{ "the 8th", "2026-12-08 ok [the 8th]" },
		{ "the 30th", "2026-11-30 ok [the 30th]" },
		{ "2026-11-01", "2026-11-01 past [2026-11-01]" },
		{ "Nov 1, 2026", "2026-11-01 past [Nov 1, 2026]" },
		{ "Feb 29", "2028-02-29 ok [Feb 29]" },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		ck_assert_msg(strcmp(at(c[i].in), c[i].want) == 0,
		    "%s: got %s, want %s", c[i].in, at(c[i].in), c[i].want);
}
END_TEST

START_TEST(test_not_dates)
{
	static const char *c[] = {
		"30-35", "32.5h", "Feb 30", "2026-13-01", "May 2026", "7.12",
		"12/8/", "1.2.3.4", "32", "Fridays", "next", "in days",
		"4 out of 5", "13/13", "3 days ago", "2026-12-0",
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		ck_assert_msg(strcmp(show(c[i], "Europe/Berlin", WED, DATES_DATE,
		    0), "none") == 0, "%s parsed as %s", c[i],
		    show(c[i], "Europe/Berlin", WED, DATES_DATE, 0));
}
END_TEST

START_TEST(test_relative)
{
	static const struct dcase c[] = {
		{ "today", "2026-11-25 ok [today]" },
		{ "tomorrow", "2026-11-26 ok [tomorrow]" },
		{ "the day after tomorrow", "2026-11-27 ok [the day after tomorrow]" },
		{ "yesterday", "2026-11-24 past [yesterday]" },
		{ "Friday", "2026-11-27 ok [Friday]" },
		{ "this Friday", "2026-11-27 ok [this Friday]" },
		{ "on friday", "2026-11-27 ok [on friday]" },
		{ "next Friday", "2026-12-04 ok [next Friday]" },
		{ "next Monday", "2026-11-30 ok [next Monday]" },
		{ "Wednesday", "2026-11-25 ok [Wednesday]" },
		{ "next wednesday", "2026-12-02 ok [next wednesday]" },
		{ "last Friday", "2026-11-20 past [last Friday]" },
		{ "in 3 days", "2026-11-28 ok [in 3 days]" },
		{ "in two weeks", "2026-12-09 ok [in two weeks]" },
		{ "in a week", "2026-12-02 ok [in a week]" },
		{ "next week", "2026-11-30 ok [next week]" },
		{ "end of month", "2026-11-30 ok [end of month]" },
		{ "end of the week", "2026-11-27 ok [end of the week]" },
		{ "end of next week", "2026-12-04 ok [end of next week]" },
		{ "next month", "2026-12-01 ok [next month]" },
		{ "this weekend", "2026-11-28 ok [this weekend]" },
		/* German, French, Spanish, Portuguese, Dutch */
		{ "morgen", "2026-11-26 ok [morgen]" },
		{ "übermorgen", "2026-11-27 ok [übermorgen]" },
		{ "nächsten Freitag", "2026-12-04 ok [nächsten Freitag]" },
		{ "am Freitag", "2026-11-27 ok [am Freitag]" },
		{ "in 3 Tagen", "2026-11-28 ok [in 3 Tagen]" },
		{ "Ende des Monats", "2026-11-30 ok [Ende des Monats]" },
		{ "nächste Woche", "2026-11-30 ok [nächste Woche]" },
		{ "demain", "2026-11-26 ok [demain]" },
		{ "après-demain", "2026-11-27 ok [après-demain]" },
		{ "vendredi prochain", "2026-12-04 ok [vendredi prochain]" },
		{ "ce vendredi", "2026-11-27 ok [ce vendredi]" },
		{ "dans 3 jours", "2026-11-28 ok [dans 3 jours]" },
		{ "fin du mois", "2026-11-30 ok [fin du mois]" },
		{ "aujourd’hui", "2026-11-25 ok [aujourd’hui]" },
		{ "mañana", "2026-11-26 ok [mañana]" },
		{ "el próximo viernes", "2026-12-04 ok [el próximo viernes]" },
		{ "el viernes", "2026-11-27 ok [el viernes]" },
		{ "en 3 días", "2026-11-28 ok [en 3 días]" },
		{ "la semana que viene", "2026-11-30 ok [la semana que viene]" },
		{ "amanhã", "2026-11-26 ok [amanhã]" },
		{ "sexta-feira", "2026-11-27 ok [sexta-feira]" },
		{ "na próxima sexta", "2026-12-04 ok [na próxima sexta]" },
		{ "fim do mês", "2026-11-30 ok [fim do mês]" },
		{ "volgende vrijdag", "2026-12-04 ok [volgende vrijdag]" },
		{ "over 3 dagen", "2026-11-28 ok [over 3 dagen]" },
		{ "eind van de maand", "2026-11-30 ok [eind van de maand]" },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		ck_assert_msg(strcmp(at(c[i].in), c[i].want) == 0,
		    "%s: got %s, want %s", c[i].in, at(c[i].in), c[i].want);
}
END_TEST

START_TEST(test_next_weekday_rule)
{
	/* Saturday Nov 28: "Friday" and "next Friday" are both Dec 4 */
	ck_assert_str_eq(show("Friday", "UTC", utc(2026, 11, 28, 12, 0),
	    DATES_DATE, 0), "2026-12-04 ok [Friday]");
	ck_assert_str_eq(show("next Friday", "UTC", utc(2026, 11, 28, 12, 0),
	    DATES_DATE, 0), "2026-12-04 ok [next Friday]");
	/* Sunday: end of week is the next Friday; weekend is today */
	ck_assert_str_eq(show("end of week", "UTC", utc(2026, 11, 29, 12, 0),
	    DATES_DATE, 0), "2026-12-04 ok [end of week]");
	ck_assert_str_eq(show("this weekend", "UTC", utc(2026, 11, 29, 12, 0),
	    DATES_DATE, 0), "2026-11-29 ok [this weekend]");
	/* end of month on the last day is that day; Dec → Jan for Jan 10 */
	ck_assert_str_eq(show("end of month", "UTC", utc(2026, 11, 30, 12, 0),
	    DATES_DATE, 0), "2026-11-30 ok [end of month]");
	ck_assert_str_eq(show("Jan 10", "UTC", utc(2026, 12, 20, 12, 0),
	    DATES_DATE, 0), "2027-01-10 ok [Jan 10]");
	ck_assert_str_eq(show("Dec 8", "UTC", utc(2026, 11, 27, 12, 0),
	    DATES_DATE, 0), "2026-12-08 ok [Dec 8]");
}
END_TEST

START_TEST(test_zone_decides_today)
{
	/* 23:30 UTC on Nov 25 is already Nov 26 in Tokyo and still Nov 25 in LA */
	time_t late = utc(2026, 11, 25, 23, 30);

	ck_assert_str_eq(show("today", "Asia/Tokyo", late, DATES_DATE, 0),
	    "2026-11-26 ok [today]");
	ck_assert_str_eq(show("today", "America/Los_Angeles", late, DATES_DATE,
	    0), "2026-11-25 ok [today]");
	{
		struct dates_ref ref;

		ck_assert_int_eq(dates_ref_init(&ref, late, "Not/AZone"), -1);
		/* names are checked before libical sees them */
		ck_assert_int_eq(dates_ref_init(&ref, late,
		    "../../../../etc/passwd"), -1);
		ck_assert_int_eq(dates_ref_init(&ref, late, "Etc/UTC"), 0);
		ck_assert_int_eq(dates_ref_init(&ref, late, NULL), 0);
		ck_assert_int_eq(ref.hour, 23);
	}
}
END_TEST

START_TEST(test_slashes)
{
	ck_assert_str_eq(show("12/8", "America/New_York", WED, DATES_DATE, 0),
	    "2026-12-08 ok [12/8]");
	ck_assert_str_eq(show("12/8", "Europe/Paris", WED, DATES_DATE, 0),
	    "2027-08-12 ok [12/8]");
	ck_assert_str_eq(show("12/8", "America/Sao_Paulo", WED, DATES_DATE, 0),
	    "2027-08-12 ok [12/8]");
	ck_assert_str_eq(show("12/8", "UTC", WED, DATES_DATE, 0),
	    "2027-08-12 ambiguous [12/8]");
	ck_assert_str_eq(show("12/8", "America/Toronto", WED, DATES_DATE, 0),
	    "2027-08-12 ambiguous [12/8]");
	ck_assert_str_eq(show("13/12", "UTC", WED, DATES_DATE, 0),
	    "2026-12-13 ok [13/12]");
	ck_assert_str_eq(show("12/13", "Europe/Paris", WED, DATES_DATE, 0),
	    "2026-12-13 ok [12/13]");
	ck_assert_str_eq(show("12/12/2026", "UTC", WED, DATES_DATE, 0),
	    "2026-12-12 ok [12/12/2026]");
	{
		struct dates_ref	 ref;
		struct dates_match	 m;

		dates_ref_init(&ref, WED, "UTC");
		ck_assert_int_eq(dates_parse_at("3/4", 3, 0, &ref, DATES_DATE,
		    &m), 1);
		ck_assert_int_eq(m.status, DATES_AMBIGUOUS);
		ck_assert_int_eq(m.month * 100 + m.day, 403);
		ck_assert_int_eq(m.alt_month * 100 + m.alt_day, 304);
		ck_assert_int_eq(m.alt_year, 2027);
	}
	ck_assert_int_eq(dates_zone_order("US/Pacific"), DATES_ORDER_MD);
	ck_assert_int_eq(dates_zone_order("America/Indiana/Knox"),
	    DATES_ORDER_MD);
	ck_assert_int_eq(dates_zone_order("Australia/Sydney"), DATES_ORDER_DM);
	ck_assert_int_eq(dates_zone_order(NULL), DATES_ORDER_UNKNOWN);
}
END_TEST

START_TEST(test_times)
{
	static const struct dcase c[] = {
		{ "friday 15:00", "2026-11-27 15:00 ok [friday 15:00]" },
		{ "Friday at 3pm", "2026-11-27 15:00 ok [Friday at 3pm]" },
		{ "friday 3:30 p.m.", "2026-11-27 15:30 ok [friday 3:30 p.m.]" },
		{ "tomorrow at 10am", "2026-11-26 10:00 ok [tomorrow at 10am]" },
		{ "Dec 8 at 3", "2026-12-08 15:00 ok [Dec 8 at 3]" },
		{ "Dec 8 at 9", "2026-12-08 09:00 ok [Dec 8 at 9]" },
		{ "15:00 on Friday", "2026-11-27 15:00 ok [15:00 on Friday]" },
		{ "vendredi 15h30", "2026-11-27 15:30 ok [vendredi 15h30]" },
		{ "vendredi à 15h", "2026-11-27 15:00 ok [vendredi à 15h]" },
		{ "Freitag um 15 Uhr", "2026-11-27 15:00 ok [Freitag um 15 Uhr]" },
		{ "Freitag 15:00 Uhr", "2026-11-27 15:00 ok [Freitag 15:00 Uhr]" },
		{ "15:00 am Freitag", "2026-11-27 15:00 ok [15:00 am Freitag]" },
		{ "viernes a las 15:00", "2026-11-27 15:00 ok [viernes a las 15:00]" },
		{ "12pm", "2026-11-25 12:00 ok [12pm]" },
		{ "12am tomorrow", "2026-11-26 00:00 ok [12am tomorrow]" },
		{ "noon tomorrow", "2026-11-26 12:00 ok [noon tomorrow]" },
		{ "today 9:00", "2026-11-25 09:00 past [today 9:00]" },
		{ "9:00", "2026-11-25 09:00 past [9:00]" },
		/* a bare weekday whose time has passed today: a week later */
		{ "wednesday 9:00", "2026-12-02 09:00 ok [wednesday 9:00]" },
		{ "this wednesday 9:00", "2026-11-25 09:00 past [this wednesday 9:00]" },
		{ "2026-12-08 10:00", "2026-12-08 10:00 ok [2026-12-08 10:00]" },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		ck_assert_msg(strcmp(at(c[i].in), c[i].want) == 0,
		    "%s: got %s, want %s", c[i].in, at(c[i].in), c[i].want);
	/* 25:00, 13pm and a bare number are not times */
	ck_assert_str_eq(at("25:00"), "none");
	ck_assert_str_eq(at("13pm"), "none");
	ck_assert_str_eq(at("3"), "none");
	/* without DATES_TIME a trailing time is not read */
	ck_assert_str_eq(show("friday 15:00", "Europe/Berlin", WED, DATES_DATE,
	    0), "2026-11-27 ok [friday]");
}
END_TEST

START_TEST(test_when_is_in_zone)
{
	struct dates_ref	 ref;
	struct dates_match	 m;
	const char		*s = "Dec 8 at 15:00";

	dates_ref_init(&ref, WED, "America/New_York");
	ck_assert_int_eq(dates_parse_at(s, strlen(s), 0, &ref, DATES_ANY, &m), 1);
	ck_assert_int_eq((long)m.when, (long)utc(2026, 12, 8, 20, 0));
	dates_ref_init(&ref, WED, "Europe/Berlin");
	ck_assert_int_eq(dates_parse_at(s, strlen(s), 0, &ref, DATES_DATE, &m), 1);
	ck_assert_int_eq((long)m.when, (long)utc(2026, 12, 7, 23, 0));
}
END_TEST

START_TEST(test_find)
{
	const char	*s;
	char		 day[16];
	struct dates_ref ref;
	struct dates_match m;

	ck_assert_str_eq(show("I will be back on Monday, December 7.", "UTC",
	    WED, DATES_DATE, 1), "2026-12-07 ok [on Monday, December 7]");
	ck_assert_str_eq(show("Ich bin bis zum 7.12. nicht im Büro.",
	    "Europe/Berlin", WED, DATES_DATE, 1), "2026-12-07 ok [7.12.]");
	ck_assert_str_eq(show("de retour le 7 décembre", "Europe/Paris", WED,
	    DATES_DATE, 1), "2026-12-07 ok [le 7 décembre]");
	/* weak forms are skipped when searching */
	ck_assert_str_eq(show("Guten Morgen! Ich sat hier.", "Europe/Berlin",
	    WED, DATES_DATE, 1), "none");
	ck_assert_str_eq(show("back on sat", "UTC", WED, DATES_DATE, 1),
	    "2026-11-28 ok [on sat]");
	/* not inside numbers or task ids */
	ck_assert_str_eq(show("version 1.2.3 and #12/8", "UTC", WED,
	    DATES_DATE, 1), "none");
	s = "x returning tomorrow";
	dates_ref_init(&ref, WED, "UTC");
	ck_assert_int_eq(dates_find(s, strlen(s), 0, 5, &ref, DATES_DATE, &m), 0);
	ck_assert_int_eq(dates_find(s, strlen(s), 2, strlen(s), &ref,
	    DATES_DATE, &m), 1);
	dates_format_day(&m, day, sizeof(day));
	ck_assert_str_eq(day, "2026-11-26");
}
END_TEST

START_TEST(test_lex)
{
	const char	*s = "Größe ÉTÉ naïve Œuvre";
	struct lex_tok	 t;
	size_t		 i = 0, e;
	static const struct lex_phrase tab[] = {
		{ "grosse", 1 }, { "grosse ete", 2 }, { "ete", 3 },
	};

	ck_assert_int_eq(lex_lookup(s, strlen(s), 0, tab, 3, &e), 1);
	ck_assert_uint_eq(e, strlen("Größe ÉTÉ"));
	i = lex_token(s, strlen(s), 0, &t);
	ck_assert_str_eq(t.w, "grosse");
	i = lex_token(s, strlen(s), i, &t);
	i = lex_token(s, strlen(s), i, &t);
	ck_assert_str_eq(t.w, "naive");
	lex_token(s, strlen(s), i, &t);
	ck_assert_str_eq(t.w, "oeuvre");
	/* word boundary at the end of a pattern */
	ck_assert_uint_eq(lex_match("dones", 5, 0, "done"), 0);
	ck_assert_uint_eq(lex_match("done.", 5, 0, "done"), 4);
	/* a space matches a run with at most one newline */
	ck_assert_uint_eq(lex_match("next\n week", 10, 0, "next week"), 10);
	ck_assert_uint_eq(lex_match("next\n\nweek", 10, 0, "next week"), 0);
	/* ß must fold whole */
	ck_assert_uint_eq(lex_match("ß", 2, 0, "s"), 0);
	ck_assert_int_eq(lex_distance("anna", "ana", 2), 1);
	ck_assert_int_eq(lex_distance("kudos", "kduos", 2), 2);
	ck_assert_int_eq(lex_distance("kudos", "status", 2), 3);
	/* invalid UTF-8 decodes byte by byte, never past the end */
	{
		uint32_t cp;

		ck_assert_uint_eq(lex_utf8("\xe2\x80", 2, 0, &cp), 1);
		ck_assert_uint_eq(cp, 0xfffd);
		ck_assert_uint_eq(lex_utf8("\xc0\xaf", 2, 0, &cp), 1);
		ck_assert_uint_eq(lex_utf8("\xf0\x9f\x98\x80", 4, 0, &cp), 4);
		ck_assert_uint_eq(cp, 0x1f600);
	}
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("dates");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_calendar);
	tcase_add_test(tc, test_absolute_forms);
	tcase_add_test(tc, test_not_dates);
	tcase_add_test(tc, test_relative);
	tcase_add_test(tc, test_next_weekday_rule);
	tcase_add_test(tc, test_zone_decides_today);
	tcase_add_test(tc, test_slashes);
	tcase_add_test(tc, test_times);
	tcase_add_test(tc, test_when_is_in_zone);
	tcase_add_test(tc, test_find);
	tcase_add_test(tc, test_lex);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
