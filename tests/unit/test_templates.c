/*
 * Unit tests for agent/templates.c and the templates in templates/: every
 * email renders with representative data, the check-in keeps the
 * question/task contract of DESIGN.md, HTML is escaped and parses cleanly
 * (libxml2's HTML parser), and overrides from a directory work file by file.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>

#include "mustache.h"
#include "strbuf.h"
#include "templates.h"
#include "util.h"

#define EVIL	"<script>alert('x')</script> & \"Tom\""

static struct mvalue *
common_data(void)
{
	struct mvalue *d = mv_map(), *m;

	m = mv_set_map(d, "person");
	mv_set_str(m, "name", "Anna Example");
	mv_set_str(m, "first_name", "Anna");
	m = mv_set_map(d, "manager");
	mv_set_str(m, "name", "Sam Boss");
	mv_set_str(m, "first_name", "Sam");
	mv_set_str(m, "email", "sam@example.com");
	m = mv_set_map(d, "agent");
	mv_set_str(m, "address", "rapport@example.com");
	return d;
}

static void
add_task(struct mvalue *list, int id, const char *title, const char *due, int overdue)
{
	struct mvalue *t = mv_push_map(list);

	mv_set_int(t, "id", id);
	mv_set_str(t, "title", title);
	if (due != NULL)
		mv_set_str(t, "due", due);
	mv_set_bool(t, "overdue", overdue);
}

/* Data exercising every variable each email documents; strings carry EVIL where data may. */
static struct mvalue *
email_data(const char *name)
{
	struct mvalue *d = common_data(), *l, *m, *p;

	mv_set_str(d, "week", "Nov 23");
	mv_set_str(d, "month", "November");
	mv_set_str(d, "when", "Thu Dec 3, 10:00–10:30 IST");
	mv_set_str(d, "duration", "30 minutes");
	mv_set_str(d, "where", "https://meet.example.com/abc");
	mv_set_bool(d, "has_tasks", 1);
	mv_set_int(d, "example_id", 12);
	l = mv_set_list(d, "tasks");
	add_task(l, 12, "Prepare Q4 report", "Fri Dec 4", 0);
	add_task(l, 13, EVIL, NULL, 1);
	m = mv_set_map(d, "task");
	mv_set_int(m, "id", 12);
	mv_set_str(m, "title", "Prepare Q4 report");
	mv_set_str(m, "due", "Fri Dec 4");
	mv_set_str(d, "example_date", "Dec 8");
	templates_set_text(d, "note", "Great work on the report.\n" EVIL "\n\nThank you!");
	mv_set_bool(d, "has_agenda", 1);
	l = mv_set_list(d, "agenda");
	mv_push(l, mv_str("Blocked on client figures"));
	mv_push(l, mv_str(EVIL));
	mv_set_bool(d, "has_goals", 1);
	m = mv_push_map(mv_set_list(d, "goals"));
	mv_set_str(m, "title", "Close 10 tickets a week");
	mv_set_str(m, "progress", "8 of 10");
	mv_set_str(d, "sent_on", "Monday");
	mv_set_str(d, "period", "Nov 23 – Nov 29");
	m = mv_set_map(d, "totals");
	mv_set_int(m, "people", 2);
	mv_set_int(m, "answered", 1);
	mv_set_bool(d, "has_attention", 1);
	mv_set_int(d, "attention_count", 1);
	m = mv_push_map(mv_set_list(d, "attention"));
	mv_set_str(m, "person", "Ben");
	mv_set_str(m, "reason", "mood dropped from 4 to 2");
	mv_set_bool(d, "has_celebrate", 1);
	m = mv_push_map(mv_set_list(d, "celebrate"));
	mv_set_str(m, "person", "Anna");
	mv_set_str(m, "text", "finished #12 Prepare Q4 report");
	l = mv_set_list(d, "people");
	p = mv_push_map(l);
	mv_set_str(p, "name", "Anna Example");
	mv_set_bool(p, "answered", 1);
	mv_set_int(p, "mood", 4);
	mv_set_str(p, "hours", "32.5");
	mv_set_bool(p, "has_mood_trend", 1);
	m = mv_push_map(mv_set_list(p, "mood_trend"));
	mv_set_str(m, "label", "Nov 16");
	mv_set_int(m, "mood", 3);
	mv_set_int(m, "height", 18);
	mv_set_str(m, "color", "#28a745");
	mv_set_str(p, "mood_trend_text", "3 4");
	templates_set_text(p, "wins", "Shipped the report.\n" EVIL);
	templates_set_text(p, "blockers", "none");
	mv_set_bool(p, "has_tasks", 1);
	add_task(mv_set_list(p, "tasks"), 12, "Prepare Q4 report", "Fri Dec 4", 0);
	mv_set_bool(p, "has_reviews", 1);
	mv_push(mv_set_list(p, "reviews"), mv_str("1:1 Thu Dec 3: accepted"));
	p = mv_push_map(l);
	mv_set_str(p, "name", "Ben");
	mv_set_bool(p, "answered", 0);
	mv_set_bool(d, "has_failures", 1);
	m = mv_push_map(mv_set_list(d, "failures"));
	mv_set_str(m, "to", "ben@example.com");
	mv_set_str(m, "subject", "Weekly check-in");
	mv_set_str(m, "error", "550 5.1.1 no such user");
	m = mv_set_map(d, "checkin");
	mv_set_str(m, "wins", EVIL);
	mv_set_bool(m, "blockers_none", 1);
	mv_set_str(m, "hours", "30–35");
	mv_set_int(m, "mood", 4);
	mv_set_bool(d, "has_task_updates", 1);
	m = mv_push_map(mv_set_list(d, "task_updates"));
	mv_set_int(m, "id", 12);
	mv_set_str(m, "title", "Prepare Q4 report");
	mv_set_str(m, "status", "done");
	mv_set_str(d, "command", "kudos anna Great report");
	mv_set_bool(d, "ok", 0);
	mv_push(mv_set_list(d, "results"), mv_str("praise sent to Anna"));
	mv_set_bool(d, "has_errors", 1);
	mv_push(mv_set_list(d, "errors"), mv_str("no person called " EVIL));
	mv_set_str(d, "version", "0.1.0");
	mv_set_str(d, "host", "mail.example.com");
	mv_set_str(d, "sent_at", "2026-11-27 16:02 UTC");
	(void)name;
	return d;
}

/* libxml2 reports every HTML error it finds through this. */
static int html_errors;

static void
count_error(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
	html_errors++;
}

static void
check_html(const char *name, const char *html)
{
	htmlDocPtr doc;

	ck_assert_msg(strstr(html, "<script") == NULL, "%s: unescaped script", name);
	ck_assert_msg(strstr(html, "<img") == NULL, "%s: image", name);
	ck_assert_msg(strstr(html, "<style") == NULL, "%s: <style> block", name);
	ck_assert_msg(strstr(html, "{{") == NULL, "%s: mustache left over", name);
	html_errors = 0;
	xmlSetGenericErrorFunc(NULL, count_error);
	doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8", HTML_PARSE_NONET);
	xmlSetGenericErrorFunc(NULL, NULL);
	ck_assert_ptr_nonnull(doc);
	xmlFreeDoc(doc);
	ck_assert_msg(html_errors == 0, "%s: %d HTML errors", name, html_errors);
}

START_TEST(test_every_email_renders)
{
	const char	*name = templates_emails[_i];
	struct mvalue	*d = email_data(name);
	char		*s, *t, *h, err[256];

	ck_assert_int_eq(templates_load(NULL, err, sizeof(err)), 0);
	ck_assert_msg(templates_render(name, d, &s, &t, &h, err, sizeof(err)) == 0, "%s: %s", name, err);
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_nonnull(h);
	ck_assert_msg(strlen(s) > 5 && strlen(s) < 200, "%s: subject [%s]", name, s);
	ck_assert_ptr_null(strpbrk(s, "\r\n\t"));
	ck_assert_msg(s[0] != ' ' && s[strlen(s) - 1] != ' ', "%s: subject not trimmed", name);
	ck_assert_msg(strstr(t, "{{") == NULL, "%s: mustache left over in text", name);
	ck_assert_msg(strlen(t) > 100, "%s: text too short", name);
	/* text is not HTML-escaped, HTML is */
	if (strstr(t, "<script>") != NULL)
		ck_assert_msg(strstr(h, "&lt;script&gt;") != NULL, "%s: HTML did not escape", name);
	ck_assert_ptr_null(strstr(t, "&lt;"));
	check_html(name, h);
	free(s);
	free(t);
	free(h);
	mv_free(d);
}
END_TEST

START_TEST(test_checkin_contract)
{
	static const char *const q[] = {
		"1. Wins this week", "2. In progress", "3. Blockers", "4. Plan for next week",
		"5. Hours worked", "6. Mood (1–5)", "7. Anything you need from me",
	};
	static const char *const ex[] = {
		"#12 done", "#12 50%", "#12 new date Dec 8: reason", "#12 blocked: reason",
	};
	struct mvalue	*d = email_data("checkin");
	char		*s, *t, *h, err[256], *prev_t, *prev_h, *p;
	size_t		 i;

	ck_assert_int_eq(templates_render("checkin", d, &s, &t, &h, err, sizeof(err)), 0);
	ck_assert_str_eq(s, "Weekly check-in — week of Nov 23");
	prev_t = t;
	prev_h = h;
	for (i = 0; i < nitems(q); i++) {
		/* each question on a line of its own, in order, in both parts */
		p = strstr(prev_t, q[i]);
		ck_assert_msg(p != NULL, "text lacks [%s] after the previous question", q[i]);
		ck_assert(p[-1] == '\n' && p[strlen(q[i])] == '\n');
		prev_t = p;
		p = strstr(prev_h, q[i]);
		ck_assert_msg(p != NULL, "HTML lacks [%s]", q[i]);
		prev_h = p;
	}
	ck_assert_ptr_nonnull(strstr(t, "\n  #12 Prepare Q4 report — due Fri Dec 4\n"));
	ck_assert_ptr_nonnull(strstr(t, "\n  #13 " EVIL " (overdue)\n"));
	for (i = 0; i < nitems(ex); i++) {
		ck_assert_msg(strstr(t, ex[i]) != NULL, "text lacks [%s]", ex[i]);
		ck_assert_msg(strstr(h, ex[i]) != NULL, "HTML lacks [%s]", ex[i]);
	}
	ck_assert_ptr_nonnull(strstr(h, "#12</td><td style=\"padding:2px 0; vertical-align:top;\">Prepare Q4 report — due Fri Dec 4</td>"));
	free(s);
	free(t);
	free(h);

	/* no open tasks: no task block at all */
	mv_set_bool(d, "has_tasks", 0);
	mv_set(d, "tasks", mv_list());
	ck_assert_int_eq(templates_render("checkin", d, NULL, &t, NULL, err, sizeof(err)), 0);
	ck_assert_ptr_null(strstr(t, "open tasks"));
	ck_assert_ptr_null(strstr(t, "#"));
	ck_assert_ptr_nonnull(strstr(t, "7. Anything you need from me"));
	free(t);
	mv_free(d);
}
END_TEST

START_TEST(test_set_text)
{
	struct mvalue		*d = mv_map();
	const struct mvalue	*paras;

	templates_set_text(d, "note", "one\r\ntwo\n\n  \nthree\n");
	ck_assert_str_eq(mv_string(mv_get(d, "note"), NULL), "one\r\ntwo\n\n  \nthree\n");
	paras = mv_get(d, "note_paras");
	ck_assert_uint_eq(mv_len(paras), 2);
	ck_assert_uint_eq(mv_len(mv_at(paras, 0)), 2);
	ck_assert_str_eq(mv_string(mv_at(mv_at(paras, 0), 1), NULL), "two");
	ck_assert_str_eq(mv_string(mv_at(mv_at(paras, 1), 0), NULL), "three");
	templates_set_text(d, "empty", NULL);
	ck_assert_uint_eq(mv_len(mv_get(d, "empty_paras")), 0);
	mv_free(d);
}
END_TEST

/* The compiled-in copies are byte for byte the files in templates/. */
START_TEST(test_builtin_matches_files)
{
	const char	*top = getenv("top_srcdir");
	char		*path, *buf;
	size_t		 i, len;

	if (top == NULL || *top == '\0')
		top = ".";
	for (i = 0; templates_builtin[i].name != NULL; i++) {
		path = xasprintf("%s/templates/%s", top, templates_builtin[i].name);
		ck_assert_msg(read_file(path, &buf, &len, 0) == 0, "%s: %s", path, strerror(errno));
		ck_assert_msg(strcmp(buf, templates_builtin[i].text) == 0, "%s differs", path);
		free(buf);
		free(path);
	}
	ck_assert_uint_ge(i, 3 * 12);
	/* every email has its three files */
	for (i = 0; templates_emails[i] != NULL; i++) {
		char f[80];

		snprintf(f, sizeof(f), "%s.txt", templates_emails[i]);
		ck_assert_msg(templates_get(f, NULL) != NULL, "%s missing", f);
		snprintf(f, sizeof(f), "%s.html", templates_emails[i]);
		ck_assert_msg(templates_get(f, NULL) != NULL, "%s missing", f);
		snprintf(f, sizeof(f), "%s.subject", templates_emails[i]);
		ck_assert_msg(templates_get(f, NULL) != NULL, "%s missing", f);
	}
}
END_TEST

static char tmpdir[64];

static void
put(const char *name, const char *text)
{
	char	*path = xasprintf("%s/%s", tmpdir, name);
	FILE	*f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	free(path);
}

static void
rm(const char *name)
{
	char *path = xasprintf("%s/%s", tmpdir, name);

	unlink(path);
	free(path);
}

START_TEST(test_overrides)
{
	struct mvalue	*d = email_data("checkin");
	char		*s, *t, *h, err[512];
	int		 ov;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/rapport-tpl-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	put("checkin.subject", "Check-in for {{person.first_name}}\n\n");
	put("_footer.txt", "-- \nfrom {{manager.first_name}}'s own footer\n");
	put("notes.md", "not a template: ignored\n");
	ck_assert_int_eq(templates_load(tmpdir, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(templates_get("checkin.subject", &ov));
	ck_assert_int_eq(ov, 1);
	ck_assert_ptr_nonnull(templates_get("checkin.txt", &ov));
	ck_assert_int_eq(ov, 0);
	ck_assert_int_eq(templates_render("checkin", d, &s, &t, &h, err, sizeof(err)), 0);
	ck_assert_str_eq(s, "Check-in for Anna");
	ck_assert_ptr_nonnull(strstr(t, "-- \nfrom Sam's own footer\n"));
	ck_assert_ptr_nonnull(strstr(t, "1. Wins this week"));	/* the rest is built-in */
	free(s);
	free(t);
	free(h);

	/* a syntax error is reported with file and line; the loaded set stays */
	put("survey.txt", "Hi {{person.first_name}},\n{{#x}}\nnever closed\n");
	ck_assert_int_eq(templates_load(tmpdir, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "/survey.txt: line 2: section is never closed") != NULL, "%s", err);
	ck_assert_int_eq(templates_render("checkin", d, &s, &t, NULL, err, sizeof(err)), 0);
	ck_assert_str_eq(s, "Check-in for Anna");
	free(s);
	free(t);
	rm("survey.txt");

	/* a misspelt name is refused */
	put("chekin.txt", "Hi\n");
	ck_assert_int_eq(templates_load(tmpdir, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "chekin.txt: not a template rapport knows") != NULL, "%s", err);
	rm("chekin.txt");

	/* a missing directory is an error; NULL goes back to the built-ins */
	ck_assert_int_eq(templates_load("/nonexistent/rapport", err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "No such file"));
	ck_assert_int_eq(templates_load(NULL, err, sizeof(err)), 0);
	ck_assert_int_eq(templates_render("checkin", d, &s, &t, NULL, err, sizeof(err)), 0);
	ck_assert_str_eq(s, "Weekly check-in — week of Nov 23");
	free(s);
	free(t);

	/* bad names */
	ck_assert_int_eq(templates_render("nope", d, &s, &t, NULL, err, sizeof(err)), -1);
	ck_assert_int_eq(templates_render("_tasks", d, &s, &t, NULL, err, sizeof(err)), -1);
	ck_assert_int_eq(templates_render("../etc/passwd", d, &s, &t, NULL, err, sizeof(err)), -1);

	rm("checkin.subject");
	rm("_footer.txt");
	rm("notes.md");
	rmdir(tmpdir);
	templates_unload();
	mv_free(d);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("templates");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;
	size_t	 n = 0;

	while (templates_emails[n] != NULL)
		n++;
	tcase_add_loop_test(tc, test_every_email_renders, 0, (int)n);
	tcase_add_test(tc, test_checkin_contract);
	tcase_add_test(tc, test_set_text);
	tcase_add_test(tc, test_builtin_matches_files);
	tcase_add_test(tc, test_overrides);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
