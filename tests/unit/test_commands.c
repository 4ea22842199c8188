/* Unit tests for parsers/commands.c */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "caps.h"

static const char *const names[] = { "Anna", "Bob", "Carla Diaz" };

static struct commands_ctx ctx;
static struct command_list l;

/* Wednesday 2026-11-25, 10:00 in Berlin. */
static void
setup(void)
{
	ctx.date = (time_t)tzone_days_from_civil(2026, 11, 25) * 86400 + 9 * 3600;
	ctx.tzid = "Europe/Berlin";
	ctx.names = names;
	ctx.nnames = 3;
	ctx.allow = COMMANDS_MANAGER;
}

static void
parse(const char *t)
{
	const char *err;

	ck_assert_int_eq(commands_parse(t, strlen(t), &ctx, &l, &err), 0);
}

static int
day(const struct command *c)
{
	return c->date.year * 10000 + c->date.month * 100 + c->date.day;
}

START_TEST(test_every_manager_command)
{
	const char *t =
	    "Hi rapport,\n"
	    "\n"
	    "kudos anna: great work on the launch\n"
	    "praise Bob: thanks for covering Friday\n"
	    "feedback anna: please confirm receipt of client emails within 4 hours\n"
	    "task anna: prepare the Q1 report due Jan 10\n"
	    "done #12\n"
	    "move #12 to Dec 12\n"
	    "cancel #13\n"
	    "goal anna: inbox under 20 emails by Dec 31\n"
	    "pause anna until Jan 3\n"
	    "resume bob\n"
	    "review anna friday 15:00\n"
	    "accept counter #5\n"
	    "digest\n"
	    "status\n"
	    "\n"
	    "Thanks,\n"
	    "Mark\n";
	const struct command *c;

	parse(t);
	ck_assert_uint_eq(l.nerrs, 0);
	ck_assert_uint_eq(l.ncmds, 14);
	c = l.cmds;
	ck_assert_int_eq(c[0].verb, COMMAND_KUDOS);
	ck_assert_str_eq(c[0].person, "anna");
	ck_assert_str_eq(c[0].text, "great work on the launch");
	ck_assert_int_eq(memcmp(t + c[0].line_start, "kudos", 5), 0);
	ck_assert_uint_eq(c[0].line_end - c[0].line_start,
	    strlen("kudos anna: great work on the launch"));
	ck_assert_int_eq(c[1].verb, COMMAND_PRAISE);
	ck_assert_str_eq(c[1].person, "Bob");
	ck_assert_int_eq(c[2].verb, COMMAND_FEEDBACK);
	ck_assert_str_eq(c[2].text,
	    "please confirm receipt of client emails within 4 hours");
	ck_assert_int_eq(c[3].verb, COMMAND_TASK);
	ck_assert_str_eq(c[3].text, "prepare the Q1 report");
	ck_assert_int_eq(c[3].has_date, 1);
	ck_assert_int_eq(day(&c[3]), 20270110);
	ck_assert_int_eq(c[4].verb, COMMAND_DONE);
	ck_assert_int_eq(c[4].task_id, 12);
	ck_assert_ptr_null(c[4].text);
	ck_assert_int_eq(c[5].verb, COMMAND_MOVE);
	ck_assert_int_eq(c[5].task_id, 12);
	ck_assert_int_eq(day(&c[5]), 20261212);
	ck_assert_int_eq(c[6].verb, COMMAND_CANCEL);
	ck_assert_int_eq(c[6].task_id, 13);
	ck_assert_int_eq(c[7].verb, COMMAND_GOAL);
	ck_assert_str_eq(c[7].text, "inbox under 20 emails");
	ck_assert_int_eq(day(&c[7]), 20261231);
	ck_assert_int_eq(c[8].verb, COMMAND_PAUSE);
	ck_assert_int_eq(day(&c[8]), 20270103);
	ck_assert_int_eq(c[9].verb, COMMAND_RESUME);
	ck_assert_str_eq(c[9].person, "bob");
	ck_assert_int_eq(c[10].verb, COMMAND_REVIEW);
	ck_assert_int_eq(day(&c[10]), 20261127);
	ck_assert_int_eq(c[10].date.hour * 100 + c[10].date.minute, 1500);
	/* 15:00 Berlin is 14:00 UTC */
	ck_assert_int_eq((long)c[10].date.when, (long)((time_t)
	    tzone_days_from_civil(2026, 11, 27) * 86400 + 14 * 3600));
	ck_assert_int_eq(c[11].verb, COMMAND_ACCEPT_COUNTER);
	ck_assert_int_eq(c[11].task_id, 5);
	ck_assert_int_eq(c[12].verb, COMMAND_DIGEST);
	ck_assert_int_eq(c[13].verb, COMMAND_STATUS);
	ck_assert_ptr_null(c[13].person);
	commands_free(&l);
}
END_TEST

START_TEST(test_variants)
{
	parse("Kudos to Carla Diaz: the migration went perfectly\n"
	    "status carla diaz\n"
	    "kudos bob great call today\n"
	    "move #7 to next Friday: client asked for more time\n"
	    "complete 8\n"
	    "reschedule #9 tomorrow\n"
	    "review Carla Diaz tomorrow at 3pm\n"
	    "pause bob\n"
	    "task bob: send the invoices\n"
	    "digest now\n");
	ck_assert_uint_eq(l.nerrs, 0);
	ck_assert_uint_eq(l.ncmds, 10);
	ck_assert_str_eq(l.cmds[0].person, "Carla Diaz");
	ck_assert_str_eq(l.cmds[0].text, "the migration went perfectly");
	ck_assert_str_eq(l.cmds[1].person, "carla diaz");
	ck_assert_str_eq(l.cmds[2].person, "bob");
	ck_assert_str_eq(l.cmds[2].text, "great call today");
	ck_assert_int_eq(day(&l.cmds[3]), 20261204);
	ck_assert_str_eq(l.cmds[3].text, "client asked for more time");
	ck_assert_int_eq(l.cmds[4].verb, COMMAND_DONE);
	ck_assert_int_eq(l.cmds[4].task_id, 8);
	ck_assert_int_eq(l.cmds[5].verb, COMMAND_MOVE);
	ck_assert_int_eq(day(&l.cmds[5]), 20261126);
	ck_assert_int_eq(l.cmds[6].date.hour, 15);
	ck_assert_int_eq(l.cmds[7].has_date, 0);
	ck_assert_int_eq(l.cmds[8].has_date, 0);
	ck_assert_str_eq(l.cmds[8].text, "send the invoices");
	commands_free(&l);
}
END_TEST

struct ecase {
	const char	*line;
	const char	*message;
};

START_TEST(test_errors_with_the_closest_form)
{
	static const struct ecase e[] = {
		{ "kudso anna: great work",
		    "unknown command \xe2\x80\x9c" "kudso\xe2\x80\x9d; did you mean "
		    "`kudos anna: great work`?" },
		{ "kudos ana: great work",
		    "no one called \xe2\x80\x9c" "ana\xe2\x80\x9d; did you mean "
		    "`kudos Anna: great work`?" },
		{ "pause zed until Jan 3",
		    "no one called \xe2\x80\x9czed\xe2\x80\x9d (known: Anna, Bob, "
		    "Carla Diaz)" },
		{ "done", "which task? give its number; did you mean `done #ID`?" },
		{ "done the report", "which task? give its number; did you mean "
		    "`done #ID`?" },
		{ "move #12 to someday", "could not read the new date; did you "
		    "mean `move #12 to DATE`?" },
		{ "move 12", "could not read the new date; did you mean "
		    "`move #12 to DATE`?" },
		{ "move #12 to Nov 1, 2026", "\xe2\x80\x9cNov 1, 2026\xe2\x80\x9d "
		    "is in the past (2026-11-01); did you mean `move #12 to DATE`?" },
		{ "review anna friday", "at what time? give a time after the day; "
		    "did you mean `review anna friday 15:00`?" },
		{ "review anna yesterday 10:00", "\xe2\x80\x9cyesterday 10:00"
		    "\xe2\x80\x9d is in the past (2026-11-24); did you mean "
		    "`review NAME DAY TIME`?" },
		{ "task anna: do the thing due whenever", "could not read the due "
		    "date at the end of the line; did you mean `task anna: TEXT "
		    "due DATE`?" },
		{ "kudos anna:", "nothing to send: write the words after the name; "
		    "did you mean `kudos anna: TEXT`?" },
		{ "resume anna tomorrow please", "unexpected words after the name; "
		    "did you mean `resume anna`?" },
		{ "Let's talk tomorrow about the budget", "not a command (one per "
		    "line, e.g. `kudos NAME: TEXT`, `done #ID`, `move #ID to "
		    "DATE`, `digest`)" },
		{ "#12 done", "put the verb first; did you mean `done #12`?" },
		{ "hours 30", "that corrects a check-in receipt, not a manager "
		    "command" },
	};
	size_t i;

	for (i = 0; i < sizeof(e) / sizeof(e[0]); i++) {
		parse(e[i].line);
		ck_assert_msg(l.ncmds == 0 && l.nerrs == 1, "%s: %zu cmds %zu errs",
		    e[i].line, l.ncmds, l.nerrs);
		ck_assert_msg(strcmp(l.errs[0].message, e[i].message) == 0,
		    "%s:\n got  %s\n want %s", e[i].line, l.errs[0].message,
		    e[i].message);
		ck_assert_uint_eq(l.errs[0].line_start, 0);
		ck_assert_uint_eq(l.errs[0].line_end, strlen(e[i].line));
		commands_free(&l);
	}
}
END_TEST

START_TEST(test_ambiguous_date_is_an_error)
{
	ctx.tzid = "UTC";
	parse("move #12 to 3/4");
	ck_assert_uint_eq(l.nerrs, 1);
	ck_assert_str_eq(l.errs[0].message, "\xe2\x80\x9c" "3/4\xe2\x80\x9d "
	    "could be Apr 3 or Mar 4; write the month as a word or use "
	    "2027-04-03; did you mean `move #12 to DATE`?");
	ck_assert_str_eq(l.errs[0].suggestion, "move #12 to DATE");
	commands_free(&l);
	/* in a US zone it reads month/day */
	ctx.tzid = "America/Chicago";
	parse("move #12 to 3/4");
	ck_assert_uint_eq(l.nerrs, 0);
	ck_assert_int_eq(day(&l.cmds[0]), 20270304);
	commands_free(&l);
}
END_TEST

START_TEST(test_person_corrections)
{
	const struct command *c;

	ctx.allow = COMMANDS_PERSON;
	parse("hours 30\nmood: 4/5\n#12 not done\n#14 new date Dec 9: waiting "
	    "on legal\nwins: closed the Acme deal\nhours 30-35\n"
	    "kudos anna: x\nThanks!\n");
	ck_assert_uint_eq(l.ncmds, 6);
	ck_assert_uint_eq(l.nerrs, 1);
	c = l.cmds;
	ck_assert_int_eq(c[0].verb, COMMAND_HOURS);
	ck_assert(c[0].hours.present && c[0].hours.value == 30);
	ck_assert_int_eq(c[1].verb, COMMAND_MOOD);
	ck_assert_int_eq(c[1].mood, 4);
	ck_assert_int_eq(c[2].verb, COMMAND_TASK_UPDATE);
	ck_assert_int_eq(c[2].task_id, 12);
	ck_assert_int_eq(c[2].update.status, CHECKIN_TASK_NOT_DONE);
	ck_assert_int_eq(c[3].update.status, CHECKIN_TASK_NEW_DATE);
	ck_assert_int_eq(day(&c[3]), 20261209);
	ck_assert_str_eq(c[3].update.reason, "waiting on legal");
	ck_assert_int_eq(c[4].verb, COMMAND_ANSWER);
	ck_assert_int_eq(c[4].key, CHECKIN_WINS);
	ck_assert_str_eq(c[4].text, "closed the Acme deal");
	ck_assert(c[5].hours.range && c[5].hours.min == 30 &&
	    c[5].hours.max == 35);
	ck_assert_str_eq(l.errs[0].message, "only the manager can do that");
	commands_free(&l);

	parse("#12 finally\nmood whatever\n");
	ck_assert_uint_eq(l.nerrs, 2);
	ck_assert_str_eq(l.errs[0].message, "could not read the task update; "
	    "did you mean `#12 not done`?");
	ck_assert_str_eq(l.errs[1].message, "could not read the mood (1 to 5); "
	    "did you mean `mood 1-5`?");
	commands_free(&l);
}
END_TEST

START_TEST(test_chatter_and_limits)
{
	char	*t;
	size_t	 i, n;

	parse("Hi,\n\ndigest\n\nThanks,\nMark Smith\n");
	ck_assert_uint_eq(l.ncmds, 1);
	ck_assert_uint_eq(l.nerrs, 0);
	commands_free(&l);

	n = LIMIT_ANSWERS + 6;
	t = malloc(n * 7 + 1);
	ck_assert_ptr_nonnull(t);
	for (i = 0; i < n; i++)
		memcpy(t + i * 7, "digest\n", 7);
	t[n * 7] = '\0';
	parse(t);
	ck_assert_uint_eq(l.ncmds, LIMIT_ANSWERS);
	ck_assert_int_eq(l.truncated, 1);
	commands_free(&l);
	free(t);

	/* without known names any name is taken as written */
	ctx.names = NULL;
	ctx.nnames = 0;
	parse("kudos zed: nice\n");
	ck_assert_uint_eq(l.ncmds, 1);
	ck_assert_str_eq(l.cmds[0].person, "zed");
	commands_free(&l);
	ck_assert_str_eq(commands_verb_name(COMMAND_ACCEPT_COUNTER),
	    "accept_counter");
	ck_assert_str_eq(commands_usage(COMMAND_MOVE), "move #ID to DATE");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("commands");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_every_manager_command);
	tcase_add_test(tc, test_variants);
	tcase_add_test(tc, test_errors_with_the_closest_form);
	tcase_add_test(tc, test_ambiguous_date_is_an_error);
	tcase_add_test(tc, test_person_corrections);
	tcase_add_test(tc, test_chatter_and_limits);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
