/*
 * Unit tests for parsers/hdrscan.c: the forms it reads, the forms it leaves
 * to libetpan, and (the contract mime.c relies on) for every value it
 * reads, the values libetpan's own parser gives. The values compared come
 * from the header fields of every message in tests/fixtures and, when
 * present, ../shared/corpus, and from a grid of hand-made variants.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libetpan/libetpan.h>

#include "hdrscan.h"
#include "rawhdr.h"
#include "util.h"

/* --- the forms */

static int
mailboxes(const char *v, struct hs_mailbox *out, int max)
{
	size_t	pos = 0;
	int	r, n = 0;

	while (n < max && (r = hs_mailbox_next(v, strlen(v), &pos, &out[n])) == 1)
		n++;
	return r == -1 ? -1 : n;
}

#define ck_span(sp, s) do {							\
	ck_assert_uint_eq((sp).n, strlen(s));					\
	ck_assert(strncmp((sp).p, (s), (sp).n) == 0);				\
} while (0)

START_TEST(test_addresses)
{
	struct hs_mailbox mb[4];

	ck_assert_int_eq(mailboxes("Anna Lee <anna@example.com>", mb, 4), 1);
	ck_span(mb[0].name, "Anna Lee");
	ck_span(mb[0].addr, "anna@example.com");
	ck_assert_int_eq(mb[0].quoted, 0);
	ck_assert_int_eq(mailboxes(" \"Lee, Anna\" <a@b.org> , bob@x.org,\r\n\t<c@d.org>", mb, 4), 3);
	ck_span(mb[0].name, "Lee, Anna");
	ck_assert_int_eq(mb[0].quoted, 1);
	ck_span(mb[1].addr, "bob@x.org");
	ck_assert_uint_eq(mb[1].name.n, 0);
	ck_span(mb[2].addr, "c@d.org");
	ck_assert_int_eq(mailboxes("=?UTF-8?B?SsO4cmFu?= <j@x.no>", mb, 4), 1);
	ck_span(mb[0].name, "=?UTF-8?B?SsO4cmFu?=");
	ck_assert_int_eq(mailboxes("J\xc3\xb8ran <j@x.no>", mb, 4), 1);
	ck_assert_int_eq(mailboxes("Anna\r\n Lee<a@b.c>", mb, 4), 1);
	ck_span(mb[0].name, "Anna\r\n Lee");

	/* left to libetpan */
	ck_assert_int_eq(mailboxes("", mb, 4), -1);
	ck_assert_int_eq(mailboxes("   ", mb, 4), -1);
	ck_assert_int_eq(mailboxes("anna@example.com (Anna)", mb, 4), -1);
	ck_assert_int_eq(mailboxes("Team: a@b.c, d@e.f;", mb, 4), -1);
	ck_assert_int_eq(mailboxes("undisclosed-recipients:;", mb, 4), -1);
	ck_assert_int_eq(mailboxes("\"Anna \\\"AL\\\" Lee\" <a@b.c>", mb, 4), -1);
	ck_assert_int_eq(mailboxes("\"Anna\" Lee <a@b.c>", mb, 4), -1);
	ck_assert_int_eq(mailboxes("\"=?utf-8?q?Anna?=\" <a@b.c>", mb, 4), -1);
	ck_assert_int_eq(mailboxes("=?utf-8?q?A?=nna <a@b.c>", mb, 4), -1);
	ck_assert_int_eq(mailboxes("a@b.c,", mb, 4), -1);
	ck_assert_int_eq(mailboxes("a@b.c,,d@e.f", mb, 4), -1);
	ck_assert_int_eq(mailboxes("a@b.c d@e.f", mb, 4), -1);
	ck_assert_int_eq(mailboxes("<noat>", mb, 4), -1);
	ck_assert_int_eq(mailboxes("<a@b@c>", mb, 4), -1);
	ck_assert_int_eq(mailboxes("<@route:a@b.c>", mb, 4), -1);
	ck_assert_int_eq(mailboxes("Anna <a@b.c", mb, 4), -1);
	ck_assert_int_eq(mailboxes("Mikel@Lindsaar <r@g.com>", mb, 4), -1);
}
END_TEST

START_TEST(test_dates)
{
	struct hs_date d;

	ck_assert_int_eq(hs_date("Tue, 1 Dec 2026 09:00:00 +0100", 30, &d), 0);
	ck_assert_int_eq(d.day, 1);
	ck_assert_int_eq(d.month, 12);
	ck_assert_int_eq(d.year, 2026);
	ck_assert_int_eq(d.hour, 9);
	ck_assert_int_eq(d.sec, 0);
	ck_assert_int_eq(d.zone, 100);
	ck_assert_int_eq(hs_date(" 27 nov 2026 23:59 -0530 (EST) ", 31, &d), 0);
	ck_assert_int_eq(d.month, 11);
	ck_assert_int_eq(d.min, 59);
	ck_assert_int_eq(d.zone, -530);
#define NOT(s) ck_assert_int_eq(hs_date((s), strlen(s), &d), -1)
	NOT("Tue, 1 Dec 2026 09:00:00 GMT");
	NOT("Tue, 1 Dec 26 09:00:00 +0100");
	NOT("Tue, 1 Dec 2026 9:00:00 +0100");
	NOT("Tues, 1 Dec 2026 09:00:00 +0100");
	NOT("Tue, 1 Dec 2026 09:00:00 +0100 (a (b))");
	NOT("Tue, 1 Dec 2026 09:00:00 +0100 extra");
	NOT("Tue, 1 Dec 2026 09:00:00 +01000");
	NOT("Tue, 1 Dcm 2026 09:00:00 +0100");
	NOT("Wed, 20 Sep 1995 00:19:00 (EDT) -0400");
	NOT("");
#undef NOT
}
END_TEST

/* What the id list v ends with: 0 (all read) or -1. */
static int
last(const char *v, struct hs_span *id)
{
	size_t	pos = 0;
	int	r;

	while ((r = hs_msgid_next(v, strlen(v), &pos, id)) == 1)
		continue;
	return r;
}

START_TEST(test_msgids)
{
	struct hs_span	id;
	size_t		pos = 0;
	const char	*v = " <a@b.example>\r\n <c.d@e>";

	ck_assert_int_eq(hs_msgid_next(v, strlen(v), &pos, &id), 1);
	ck_span(id, "a@b.example");
	ck_assert_int_eq(hs_msgid_next(v, strlen(v), &pos, &id), 1);
	ck_span(id, "c.d@e");
	ck_assert_int_eq(hs_msgid_next(v, strlen(v), &pos, &id), 0);
#define NOT(s) ck_assert_int_eq(last((s), &id), -1)
	NOT("");
	NOT("<a@b>,<c@d>");
	NOT("<a@b><c@d>");
	NOT("<a@b>(comment)");
	NOT("<noat>");
	NOT("a@b");
	NOT("<a b@c>");
#undef NOT
}
END_TEST

/* --- against libetpan */

struct tally {
	unsigned	read, left;
};

/* libetpan's field for "name: v\r\n", or NULL when it is not of that type. */
static struct mailimf_field *
etpan_field(const char *name, const char *v, size_t n, int type, struct mailimf_fields **fp)
{
	char			*buf;
	size_t			 len, idx = 0;
	struct mailimf_field	*f;

	len = strlen(name) + 1 + n + 2;
	buf = xmalloc(len + 1);
	snprintf(buf, len + 1, "%s:%.*s\r\n", name, (int)n, v);
	*fp = NULL;
	if (mailimf_fields_parse(buf, len, &idx, fp) != MAILIMF_NO_ERROR || *fp == NULL ||
	    clist_begin((*fp)->fld_list) == NULL) {
		free(buf);
		return NULL;
	}
	free(buf);
	f = clist_content(clist_begin((*fp)->fld_list));
	return f->fld_type == type ? f : NULL;
}

/* White space runs as single spaces, as mime.c hands a name on. */
static char *
collapse(const struct hs_span *sp)
{
	char	*t = xmalloc(sp->n + 1);
	size_t	 i, w = 0;

	for (i = 0; i < sp->n; i++) {
		if (strchr(" \t\r\n", sp->p[i]) != NULL) {
			if (w == 0 || t[w - 1] != ' ')
				t[w++] = ' ';
		} else
			t[w++] = sp->p[i];
	}
	t[w] = '\0';
	return t;
}

static int
span_is(const struct hs_span *sp, const char *s)
{
	return s != NULL && strlen(s) == sp->n && strncmp(sp->p, s, sp->n) == 0;
}

static void
check_from(const char *v, size_t n, struct tally *t)
{
	struct mailimf_fields	*fs;
	struct mailimf_field	*f;
	struct hs_mailbox	 mb;
	struct mailimf_mailbox	*em;
	clistiter		*it;
	size_t			 pos = 0;
	char			*name;
	int			 r;

	for (pos = 0; (r = hs_mailbox_next(v, n, &pos, &mb)) == 1; )
		;
	if (r == -1) {
		t->left++;
		return;
	}
	t->read++;
	f = etpan_field("From", v, n, MAILIMF_FIELD_FROM, &fs);
	ck_assert_msg(f != NULL, "libetpan refuses From:%.*s", (int)n, v);
	it = clist_begin(f->fld_data.fld_from->frm_mb_list->mb_list);
	for (pos = 0; hs_mailbox_next(v, n, &pos, &mb) == 1; it = clist_next(it)) {
		ck_assert_msg(it != NULL, "libetpan has fewer mailboxes in From:%.*s", (int)n, v);
		em = clist_content(it);
		ck_assert_msg(span_is(&mb.addr, em->mb_addr_spec), "address of From:%.*s: %s",
		    (int)n, v, em->mb_addr_spec);
		name = collapse(&mb.name);
		if (em->mb_display_name == NULL || em->mb_display_name[0] == '\0')
			ck_assert_msg(name[0] == '\0', "name of From:%.*s", (int)n, v);
		else
			ck_assert_msg(strcmp(name, em->mb_display_name) == 0,
			    "name of From:%.*s: [%s] vs libetpan's [%s]", (int)n, v, name, em->mb_display_name);
		free(name);
	}
	ck_assert_msg(it == NULL, "libetpan has more mailboxes in From:%.*s", (int)n, v);
	mailimf_fields_free(fs);
}

static void
check_date(const char *v, size_t n, struct tally *t)
{
	struct mailimf_fields		*fs;
	struct mailimf_field		*f;
	struct mailimf_date_time	*dt;
	struct hs_date			 d;

	if (hs_date(v, n, &d) == -1) {
		t->left++;
		return;
	}
	t->read++;
	f = etpan_field("Date", v, n, MAILIMF_FIELD_ORIG_DATE, &fs);
	ck_assert_msg(f != NULL, "libetpan refuses Date:%.*s", (int)n, v);
	dt = f->fld_data.fld_orig_date->dt_date_time;
	ck_assert_msg(dt->dt_day == d.day && dt->dt_month == d.month && dt->dt_year == d.year &&
	    dt->dt_hour == d.hour && dt->dt_min == d.min && dt->dt_sec == d.sec &&
	    dt->dt_zone == d.zone, "Date:%.*s read otherwise by libetpan", (int)n, v);
	mailimf_fields_free(fs);
}

static void
check_ids(const char *name, int type, const char *v, size_t n, struct tally *t)
{
	struct mailimf_fields	*fs;
	struct mailimf_field	*f;
	struct hs_span		 id;
	clist			*l;
	clistiter		*it;
	size_t			 pos = 0;
	int			 r, k = 0;

	while ((r = hs_msgid_next(v, n, &pos, &id)) == 1)
		k++;
	if (r == -1 || (type == MAILIMF_FIELD_MESSAGE_ID && k != 1)) {
		t->left++;
		return;
	}
	t->read++;
	f = etpan_field(name, v, n, type, &fs);
	ck_assert_msg(f != NULL, "libetpan refuses %s:%.*s", name, (int)n, v);
	if (type == MAILIMF_FIELD_MESSAGE_ID) {
		pos = 0;
		hs_msgid_next(v, n, &pos, &id);
		ck_assert_msg(span_is(&id, f->fld_data.fld_message_id->mid_value), "%s:%.*s", name, (int)n, v);
		mailimf_fields_free(fs);
		return;
	}
	l = type == MAILIMF_FIELD_REFERENCES ? f->fld_data.fld_references->mid_list :
	    f->fld_data.fld_in_reply_to->mid_list;
	for (pos = 0, it = clist_begin(l); hs_msgid_next(v, n, &pos, &id) == 1; it = clist_next(it))
		ck_assert_msg(it != NULL && span_is(&id, clist_content(it)), "%s:%.*s", name, (int)n, v);
	ck_assert_msg(it == NULL, "libetpan has more ids in %s:%.*s", name, (int)n, v);
	mailimf_fields_free(fs);
}

static struct tally t_from, t_date, t_ids;

/* Check one field's value as mime.c hands it on (after the colon, without
 * the final newline). */
static void
check_field(const char *name, size_t namelen, const char *v, size_t n)
{
#define IS(s) (namelen == strlen(s) && strncasecmp(name, (s), namelen) == 0)
	if (IS("From"))
		check_from(v, n, &t_from);
	else if (IS("Date"))
		check_date(v, n, &t_date);
	else if (IS("Message-ID"))
		check_ids("Message-ID", MAILIMF_FIELD_MESSAGE_ID, v, n, &t_ids);
	else if (IS("In-Reply-To"))
		check_ids("In-Reply-To", MAILIMF_FIELD_IN_REPLY_TO, v, n, &t_ids);
	else if (IS("References"))
		check_ids("References", MAILIMF_FIELD_REFERENCES, v, n, &t_ids);
#undef IS
}

/* Every field of the top header section of a file. */
static void
check_file(const char *path)
{
	char	*raw;
	size_t	 len, pos = 0, end, colon, namelen, vn;
	const char *l, *nl;

	if (read_file(path, &raw, &len, 16u << 20) == -1)
		return;
	while (pos < len) {
		l = raw + pos;
		if ((nl = memchr(l, '\n', len - pos)) == NULL || l[0] == ' ' || l[0] == '\t' ||
		    (namelen = rawhdr_field_name(l, (size_t)(nl - l) + 1, &colon)) == 0)
			break;
		end = (size_t)(nl - raw) + 1;
		while (end < len && (raw[end] == ' ' || raw[end] == '\t') &&
		    (nl = memchr(raw + end, '\n', len - end)) != NULL)
			end = (size_t)(nl - raw) + 1;
		vn = end - pos - colon - 2;
		if (vn > 0 && l[colon + vn] == '\r')
			vn--;
		if (colon == namelen)
			check_field(l, namelen, l + colon + 1, vn);
		pos = end;
	}
	free(raw);
}

static unsigned
check_dir(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	char		 path[2048];
	unsigned	 n = 0;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_type == DT_DIR) {
			n += check_dir(path);
			continue;
		}
		check_file(path);
		n++;
	}
	closedir(d);
	return n;
}

START_TEST(test_same_as_libetpan_on_messages)
{
	const char	*top = getenv("top_srcdir");
	char		 dir[1024];
	unsigned	 files;

	memset(&t_from, 0, sizeof(t_from));
	memset(&t_date, 0, sizeof(t_date));
	memset(&t_ids, 0, sizeof(t_ids));
	snprintf(dir, sizeof(dir), "%s/tests/fixtures", top != NULL ? top : ".");
	files = check_dir(dir);
	snprintf(dir, sizeof(dir), "%s/../shared/corpus", top != NULL ? top : ".");
	files += check_dir(dir);
	ck_assert_uint_gt(files, 15);	/* tests/fixtures alone has 21 */
	/* most real fields are of the common forms */
	ck_assert_uint_gt(t_from.read, 3 * t_from.left);
	ck_assert_uint_gt(t_date.read, 3 * t_date.left);
	ck_assert_uint_gt(t_ids.read, 3 * t_ids.left);
}
END_TEST

START_TEST(test_same_as_libetpan_on_variants)
{
	static const char *const names[] = {
		"", "Anna Lee", "Anna  M. Lee", "\"Lee, Anna\"", "\"\"", "\"  \"", " \" Anna \" ",
		"J\xc3\xb8ran \xc3\x98yg\xc3\xa5rdv\xc3\xa6r", "J\xf8ran", "=?UTF-8?B?SsO4cmFu?=",
		"=?utf-8?q?J=C3=B8ran?= Lee", "=?utf-8?q?A?= =?utf-8?q?B?=", "Anna (work)", "O'Brien",
		"Dr. No", "a@b", "Anna=?utf-8?q?x?=", "=?utf-8?q?a b?=", "\"Anna\"Lee", "Anna\t Lee",
		"\"Anna\r\n Lee\"", "Anna\r\n Lee", "\"Anna \\\"AL\\\" Lee\"", "Anna.", "#1 fan",
		"\"J\xc3\xb8ran \xc3\x98yg\xc3\xa5rdv\xc3\xa6r\"", "\"J\xf8ran\"", "\"A\x7f\x01\"",
		"Anna\rLee", "\"Anna\rLee\"", "Anna\nLee", "\"Anna\r\nLee\"",
	};
	static const char *const addrs[] = {
		"anna@example.com", "a.b+c@ex-ample.co.uk", "Anna@Example.COM", "x@[1.2.3.4]",
		"noat", "a@b@c", "\"q\"@x.org", "a b@c", "a@b.c ", " a@b.c", "@b.c", "a@",
	};
	static const char *const seps[] = { ", ", ",", " , ", ",\r\n ", ",\r\n\t" };
	static const char *const dates[] = {
		"Tue, 1 Dec 2026 09:00:00 +0100", "1 Dec 2026 09:00 -0530",
		"tue, 01 dec 2026 23:59:60 +0000 (UTC)", "Tue,1 Dec 2026 09:00:00 +0100",
		"Tue, 31 Feb 2026 09:00:00 +0100", "Tue, 1 Dec 2026 09:00:00 +9999",
		"Thu, 1 Jan 1970 00:00:00 +0000", " Tue,  1  Dec  2026  09:00:00  +0100 ",
		"Tue, 1 Dec 2026\r\n 09:00:00 +0100", "Tue, 1 Dec 2026 24:00:00 +0100",
		"Mon, 7 Sep 2026 09:00:00 -0000 (GMT+00:00)", "Sun, 29 Mar 2026 01:30:00 +0545",
		"Tue, 1 Dec 2026 09:00:00 +0100\r", "Tue, 1 Dec 2026\r09:00:00 +0100",
	};
	static const char *const ids[] = {
		"<a@b>", " <a.b.c@x.example> ", "<a@b> <c@d>", "<a@b>\r\n <c@d>", "<a@b>\r\n\t<c@d>\t",
		"<CAJx5kQ1-gmail=x@mail.gmail.com>", "<1234.5678@[127.0.0.1]>", "<a+b/c=d@e_f>",
		"<a@b>\r", "<a@b>\r<c@d>", "<a@b>\n<c@d>",
	};
	char	v[512];
	size_t	i, j, k;

	memset(&t_from, 0, sizeof(t_from));
	memset(&t_date, 0, sizeof(t_date));
	memset(&t_ids, 0, sizeof(t_ids));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		for (j = 0; j < sizeof(addrs) / sizeof(addrs[0]); j++) {
			snprintf(v, sizeof(v), " %s <%s>", names[i], addrs[j]);
			check_from(v, strlen(v), &t_from);
			snprintf(v, sizeof(v), "%s<%s>", names[i], addrs[j]);
			check_from(v, strlen(v), &t_from);
			for (k = 0; k < sizeof(seps) / sizeof(seps[0]); k++) {
				snprintf(v, sizeof(v), " %s%s%s <%s>", addrs[j], seps[k], names[i],
				    addrs[(i + j) % (sizeof(addrs) / sizeof(addrs[0]))]);
				check_from(v, strlen(v), &t_from);
			}
		}
	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		snprintf(v, sizeof(v), " %s", dates[i]);
		check_date(v, strlen(v), &t_date);
	}
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		snprintf(v, sizeof(v), " %s", ids[i]);
		check_ids("Message-ID", MAILIMF_FIELD_MESSAGE_ID, v, strlen(v), &t_ids);
		check_ids("In-Reply-To", MAILIMF_FIELD_IN_REPLY_TO, v, strlen(v), &t_ids);
		check_ids("References", MAILIMF_FIELD_REFERENCES, v, strlen(v), &t_ids);
	}
	/* both kinds were met: some read here, some left to libetpan */
	ck_assert_uint_gt(t_from.read, 200);
	ck_assert_uint_gt(t_from.left, 1000);
	ck_assert_uint_gt(t_date.read, 8);
	ck_assert_uint_gt(t_ids.read, 15);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("hdrscan");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_addresses);
	tcase_add_test(tc, test_dates);
	tcase_add_test(tc, test_msgids);
	tcase_add_test(tc, test_same_as_libetpan_on_messages);
	tcase_add_test(tc, test_same_as_libetpan_on_variants);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
