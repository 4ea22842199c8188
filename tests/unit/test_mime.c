/* Unit tests for parsers/mime.c, on hand-written real-shaped messages in
 * tests/fixtures/mime/ (one per major client and legacy charset). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "mime.h"
#include "strbuf.h"

static char *
slurp(const char *name, size_t *lenp)
{
	const char	*top = getenv("top_srcdir");
	char		 path[1024];
	FILE		*fp;
	char		*buf;
	long		 n;

	snprintf(path, sizeof(path), "%s/tests/fixtures/mime/%s",
	    top != NULL ? top : ".", name);
	fp = fopen(path, "rb");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	rewind(fp);
	/* exact size: ASan sees any read past the end */
	buf = malloc(n > 0 ? (size_t)n : 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*lenp = (size_t)n;
	return buf;
}

/* Parse a fixture; the caller frees with mail_msg_free(). */
static void
parse_fixture(const char *name, struct mail_msg *m)
{
	char	*raw, err[128];
	size_t	 len;

	raw = slurp(name, &len);
	ck_assert_int_eq(mime_parse(raw, len, NULL, m, err, sizeof(err)),
	    MIME_OK);
	ck_assert_ptr_nonnull(m->body);
	ck_assert_uint_eq(strlen(m->body), m->body_len);
	free(raw);
}

static int
has_defect(const struct mail_msg *m, const char *needle)
{
	size_t i;

	for (i = 0; i < m->ndefects; i++)
		if (strstr(m->defects[i], needle) != NULL)
			return 1;
	return 0;
}

#define ck_contains(hay, needle) \
	ck_assert_msg(strstr((hay), (needle)) != NULL, \
	    "\"%s\" not in:\n%s", (needle), (hay))

START_TEST(test_gmail_html_only)
{
	struct mail_msg m;

	parse_fixture("gmail_html_only.eml", &m);
	ck_assert_str_eq(m.message_id, "CAJx5kQ1-gmail-html@mail.gmail.com");
	ck_assert_str_eq(m.in_reply_to, "checkin.42.1764230520@rapport.example.org");
	ck_assert_uint_eq(m.nreferences, 1);
	ck_assert_str_eq(m.from.addr, "anna.k@example.com");
	ck_assert_str_eq(m.from.name, "Anna Kowalska");
	ck_assert_str_eq(m.subject, "Re: Weekly check-in \xe2\x80\x94 week 48");
	ck_assert_int_eq(m.has_date, 1);
	ck_assert_int_eq((long)m.date, 1795768869L);	/* 2026-11-27T08:41:09Z */
	ck_assert_int_eq(m.date_offset, 480);
	ck_assert_str_eq(m.content_type, "text/html; charset=\"UTF-8\"");
	ck_assert_int_eq(m.body_from_html, 1);
	ck_assert(strncmp(m.body, "Wins: shipped the importer \xe2\x80\x94 "
	    "finally.\nBlocked on: nothing this week.\n\nHours: 32.5\n\n>",
	    60) == 0);
	/* the quoted history is kept, as quotes */
	ck_contains(m.body, "> 1. What went well this week?");
	ck_assert_uint_eq(m.ndefects, 0);
	mail_msg_free(&m);
}
END_TEST

START_TEST(test_outlook_html_only)
{
	struct mail_msg m;

	parse_fixture("outlook_html_only.eml", &m);
	ck_assert_str_eq(m.from.name, "Jo\xc3\xablle Martin");
	ck_assert_int_eq(m.body_from_html, 1);
	ck_assert_str_eq(m.body, "Hi Anna,\n\n#12 done \xe2\x80\x93 the client "
	    "signed off on Tuesday. I\xe2\x80\x99ll start on #14 next.\n"
	    "> From: Rapport <rapport@example.org>\n"
	    "> Sent: Friday, November 27, 2026 9:00 AM\n"
	    "> To: Jo\xc3\xablle Martin <joelle@example.net>\n"
	    "> Subject: Task #12 is past its due date\n"
	    ">\n"
	    "> Task #12 was due on Wednesday. What is its status?");
	mail_msg_free(&m);
}
END_TEST

START_TEST(test_apple_mail_alternative)
{
	struct mail_msg m;

	parse_fixture("apple_mail_inline.eml", &m);
	/* text/plain is preferred over the HTML alternative */
	ck_assert_int_eq(m.body_from_html, 0);
	ck_assert_str_eq(m.message_id,
	    "5E8A1B2C-3D4E-4F50-8A9B-0C1D2E3F4A5B@example.fr");
	ck_assert_int_eq(m.date_offset, 60);
	ck_contains(m.body, "Here you go.\n\n> 1. What went well this week?\n\n"
	    "The demo went well");
	ck_contains(m.body, "about 30 hours\n\nSent from my iPhone");
	ck_assert_ptr_null(strchr(m.body, '\r'));
	mail_msg_free(&m);
}
END_TEST

START_TEST(test_thunderbird_flowed_latin1)
{
	struct mail_msg m;

	parse_fixture("thunderbird_flowed_latin1.eml", &m);
	ck_assert_str_eq(m.from.name, "Julien Lef\xc3\xa8vre");
	ck_assert_str_eq(m.subject, "Re: R\xc3\xa9sum\xc3\xa9 de la semaine");
	/* flowed lines joined, the quote joined at its own level, the
	 * signature separator left alone */
	ck_contains(m.body, "J'ai termin\xc3\xa9 la migration de la base hier "
	    "soir et tout a l'air de fonctionner. Prochaine");
	ck_contains(m.body, "> Qu'avez-vous accompli cette semaine ? Vous "
	    "pouvez r\xc3\xa9pondre directement \xc3\xa0 ce message.\n");
	ck_contains(m.body, "\n-- \nJulien");
	mail_msg_free(&m);
}
END_TEST

START_TEST(test_iso2022jp)
{
	struct mail_msg m;

	parse_fixture("iso2022jp.eml", &m);
	ck_assert_str_eq(m.from.name, "\xe5\xb1\xb1\xe7\x94\xb0 \xe5\xa4\xaa\xe9\x83\x8e");
	ck_assert_str_eq(m.subject, "Re: \xe9\x80\xb1\xe6\xac\xa1\xe3\x83\x81"
	    "\xe3\x82\xa7\xe3\x83\x83\xe3\x82\xaf\xe3\x82\xa4\xe3\x83\xb3");
	ck_assert(strncmp(m.body, "\xe4\xbb\x8a\xe9\x80\xb1\xe3\x81\xaf", 9) == 0);
	ck_contains(m.body, "Rapport <rapport@example.org>:\n> ");
	ck_assert_int_eq(m.date_offset, 540);
	ck_assert_uint_eq(m.ndefects, 0);
	mail_msg_free(&m);
}
END_TEST

START_TEST(test_gb2312_base64)
{
	struct mail_msg m;

	parse_fixture("gb2312_base64.eml", &m);
	ck_assert_str_eq(m.from.name, "\xe6\x9d\x8e\xe9\x9b\xb7");
	ck_assert_str_eq(m.subject, "\xe5\x9b\x9e\xe5\xa4\x8d\xef\xbc\x9a"
	    "\xe6\xaf\x8f\xe5\x91\xa8\xe6\x80\xbb\xe7\xbb\x93");
	ck_assert_int_eq(m.body_from_html, 0);
	ck_contains(m.body, "\xe5\x8f\x91\xe4\xbb\xb6\xe4\xba\xba: \"Rapport\"");
	ck_assert_uint_eq(m.ndefects, 0);
	mail_msg_free(&m);
}
END_TEST

START_TEST(test_koi8r)
{
	struct mail_msg m;

	parse_fixture("koi8r.eml", &m);
	ck_assert_str_eq(m.from.name, "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd "
	    "\xd0\x9f\xd0\xb5\xd1\x82\xd1\x80\xd0\xbe\xd0\xb2");
	ck_assert(strncmp(m.body, "\xd0\x92\xd1\x81\xd1\x91 ", 7) == 0);
	ck_contains(m.body, "#7");
	mail_msg_free(&m);
}
END_TEST

START_TEST(test_windows1252_and_mislabels)
{
	struct mail_msg m;

	parse_fixture("windows1252_as_latin1.eml", &m);
	ck_assert_str_eq(m.body, "It\xe2\x80\x99s done \xe2\x80\x93 budget was "
	    "\xe2\x82\xac" "1,200 \xe2\x80\x9c" "as agreed\xe2\x80\x9d.\n");
	ck_assert_int_eq(m.date_offset, -300);
	mail_msg_free(&m);

	parse_fixture("mislabelled_utf8.eml", &m);
	ck_assert_str_eq(m.body, "Caf\xc3\xa9 ouvert \xe2\x9c\x93\n");
	mail_msg_free(&m);

	parse_fixture("mislabelled_latin1.eml", &m);
	ck_assert_str_eq(m.body, "Caf\xc3\xa9 \xc3\xa0 midi\n");
	ck_assert(has_defect(&m, "guessed"));
	mail_msg_free(&m);
}
END_TEST

START_TEST(test_calendars)
{
	struct mail_msg m;

	parse_fixture("invite_reply.eml", &m);
	ck_assert_str_eq(m.body, "Anna Kowalska has accepted this invitation.\n");
	ck_assert_uint_eq(m.ncalendars, 2);
	ck_assert_str_eq(m.calendars[0].method, "REPLY");
	ck_assert(strncmp(m.calendars[0].data, "BEGIN:VCALENDAR\r\nMETHOD:REPLY",
	    29) == 0);
	ck_contains(m.calendars[0].data, "PARTSTAT=ACCEPTED");
	ck_assert_uint_eq(strlen(m.calendars[0].data), m.calendars[0].len);
	/* the .ics attachment, found by its file name */
	ck_assert_ptr_null(m.calendars[1].method);
	ck_contains(m.calendars[1].data, "METHOD:REPLY");
	mail_msg_free(&m);
}
END_TEST

START_TEST(test_delivery_status)
{
	struct mail_msg m;

	parse_fixture("dsn_postfix.eml", &m);
	ck_assert_int_eq(m.is_dsn, 1);
	ck_assert_str_eq(m.auto_submitted, "auto-replied");
	ck_assert_uint_eq(m.ndsn, 1);
	ck_assert_str_eq(m.dsn[0].final_recipient, "rfc822; nobody@example.net");
	ck_assert_str_eq(m.dsn[0].action, "failed");
	ck_assert_str_eq(m.dsn[0].status, "5.1.1");
	ck_assert_str_eq(m.dsn[0].diagnostic, "smtp; 550 5.1.1 "
	    "<nobody@example.net>: Recipient address rejected: User unknown");
	ck_assert_str_eq(m.dsn_message_id,
	    "checkin.45.1764230520@rapport.example.org");
	ck_contains(m.body, "could not\nbe delivered");
	mail_msg_free(&m);
}
END_TEST

/* The 45-byte reproducer of libetpan's quoted-printable over-read, in an
 * exact-size heap buffer: under ASan this fails if mime_parse() hands the
 * caller's buffer to libetpan without padding. */
START_TEST(test_qp_overread_is_padded)
{
	static const char	 rep[] =
	    "Content-Transfer-Encoding:quoted-printable\n=-";
	struct mail_msg		 m;
	char			*buf, err[128];

	ck_assert_uint_eq(sizeof(rep) - 1, 45);
	buf = malloc(45);
	memcpy(buf, rep, 45);
	ck_assert_int_eq(mime_parse(buf, 45, NULL, &m, err, sizeof(err)),
	    MIME_OK);
	ck_assert_ptr_nonnull(m.body);
	mail_msg_free(&m);
	free(buf);
}
END_TEST

START_TEST(test_refused_over_limits)
{
	struct strbuf		 sb;
	struct mail_msg		 m;
	struct prescan_limits	 l;
	char			 err[128];
	char			*raw;
	size_t			 len;
	int			 i;

	/* 60,000 nested message/rfc822 would overflow libetpan's stack */
	sb_init(&sb, 0);
	for (i = 0; i < 60000; i++)
		sb_adds(&sb, "Content-Type: message/rfc822\n\n");
	sb_adds(&sb, "\nx\n");
	raw = sb_detach(&sb, &len);
	ck_assert_int_eq(mime_parse(raw, len, NULL, &m, err, sizeof(err)),
	    MIME_REFUSED);
	ck_assert_str_eq(err, "MIME nesting depth 101 > 100");
	ck_assert_int_eq(m.prescan.verdict, PRESCAN_TOO_DEEP);
	ck_assert_ptr_null(m.body);
	mail_msg_free(&m);
	ck_assert_int_eq(m.prescan.verdict, PRESCAN_TOO_DEEP);
	free(raw);

	prescan_limits_default(&l);
	l.message_size = 10;
	ck_assert_int_eq(mime_parse("Subject: hello\n\nbody\n", 21, &l, &m, err,
	    sizeof(err)), MIME_REFUSED);
	ck_assert_str_eq(err, "message bytes 21 > 10");
	mail_msg_free(&m);
}
END_TEST

START_TEST(test_odd_messages)
{
	struct mail_msg	 m;
	char		 err[128];
	const char	*s;
	static const char nul[] = "Subject: a\0b\n\nbo\0dy \xff\n";

	ck_assert_int_eq(mime_parse("", 0, NULL, &m, err, sizeof(err)), MIME_OK);
	ck_assert_str_eq(m.body, "");
	ck_assert(has_defect(&m, "no valid Date"));
	mail_msg_free(&m);

	s = "just text, no headers\n";
	ck_assert_int_eq(mime_parse(s, strlen(s), NULL, &m, err, sizeof(err)),
	    MIME_OK);
	ck_assert_str_eq(m.body, s);
	mail_msg_free(&m);

	/* NULs dropped, an invalid byte in "UTF-8" made valid */
	ck_assert_int_eq(mime_parse(nul, sizeof(nul) - 1, NULL, &m, err,
	    sizeof(err)), MIME_OK);
	ck_assert_ptr_null(memchr(m.body, '\0', m.body_len));
	ck_assert_str_eq(m.body, "body \xc3\xbf\n");
	mail_msg_free(&m);

	s = "From: x@y\nDate: Mon, 32 Foo 2026 99:99:99 +9999\n"
	    "Message-ID: <not an id>\nContent-Type: text/plain; charset=x-bogus\n"
	    "\n\xe9t\xe9\n";
	ck_assert_int_eq(mime_parse(s, strlen(s), NULL, &m, err, sizeof(err)),
	    MIME_OK);
	ck_assert_int_eq(m.has_date, 0);
	ck_assert_str_eq(m.body, "\xc3\xa9t\xc3\xa9\n");
	ck_assert(has_defect(&m, "guessed"));
	ck_assert_ptr_nonnull(m.message_id);
	mail_msg_free(&m);
}
END_TEST

/* Encoded words in each charset the conversion hook does itself, and in
 * ones left to iconv: the results iconv gives ('?' for what it rejects). */
START_TEST(test_encoded_words)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "=?us-ascii?Q?caf=E9?=", "caf?" },
		{ "=?ISO-8859-1?Q?caf=E9?=", "caf\xc3\xa9" },
		{ "=?latin1?B?Y2Fm6Q==?=", "caf\xc3\xa9" },
		{ "=?utf-8?Q?caf=C3=A9?=", "caf\xc3\xa9" },
		{ "=?UTF-8?Q?caf=E9_ok?=", "caf? ok" },
		{ "=?utf-8?Q?a=F0=9F=98=80b?=", "a\xf0\x9f\x98\x80" "b" },
		{ "=?koi8-r?Q?=F0=D2=C9=D7=C5=D4?=", "\xd0\x9f\xd1\x80\xd0\xb8"
		    "\xd0\xb2\xd0\xb5\xd1\x82" },
		{ "=?windows-1252?Q?=80_5?=", "\xe2\x82\xac 5" },
		{ "=?x-no-such-charset?Q?caf=E9?=", "caf\xc3\xa9" },
		{ "plain words, no encoding", "plain words, no encoding" },
	};
	struct mail_msg	 m;
	struct strbuf	 sb = STRBUF_INIT;
	char		 err[128];
	size_t		 i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		sb_reset(&sb);
		sb_printf(&sb, "From: a@b\nSubject: %s\n\nbody\n", v[i].in);
		ck_assert_int_eq(mime_parse(sb_str(&sb), sb.len, NULL, &m, err,
		    sizeof(err)), MIME_OK);
		ck_assert_msg(m.subject != NULL && strcmp(m.subject, v[i].out) == 0,
		    "%s: got \"%s\"", v[i].in, m.subject);
		mail_msg_free(&m);
	}
	sb_free(&sb);
}
END_TEST

/* Trace fields libetpan is not given still end the header section where
 * they would: the fields after them are read, a line that is not a field
 * starts the body. */
START_TEST(test_header_section)
{
	struct mail_msg	 m;
	char		 err[128];
	const char	*s;

	s = "Received: from a by b;\n\tMon, 1 Dec 2026 09:00:00 +0000\n"
	    "DKIM-Signature: v=1; a=rsa-sha256;\n b=abc\n"
	    "From: Anna <anna@example.com>\nX-Mailer: x\n"
	    "Content-Type: text/plain;\n charset=iso-8859-1\n"
	    "Subject: hi\n\ncaf\xe9\n";
	ck_assert_int_eq(mime_parse(s, strlen(s), NULL, &m, err, sizeof(err)),
	    MIME_OK);
	ck_assert_str_eq(m.from.addr, "anna@example.com");
	ck_assert_str_eq(m.subject, "hi");
	ck_assert_str_eq(m.body, "caf\xc3\xa9\n");
	mail_msg_free(&m);

	s = "From: anna@example.com\nnot a field\nSubject: hi\n\nbody\n";
	ck_assert_int_eq(mime_parse(s, strlen(s), NULL, &m, err, sizeof(err)),
	    MIME_OK);
	ck_assert_str_eq(m.from.addr, "anna@example.com");
	ck_assert_ptr_null(m.subject);
	ck_assert_ptr_nonnull(strstr(m.body, "not a field"));
	mail_msg_free(&m);
}
END_TEST

/* The fields kept as sent (Auto-Submitted, Precedence, List-Id...) are
 * found after folded ones, in a clean header section and in one the copy
 * for libetpan stops early in (a final line without a newline), and in the
 * returned header of a bounce. */
START_TEST(test_raw_fields_after_folded_ones)
{
	struct mail_msg	 m;
	char		 err[128];
	const char	*s;
	size_t		 cut;

	s = "Received: from a by b;\r\n\tMon, 1 Dec 2026 09:00:00 +0000\r\n"
	    "DKIM-Signature: v=1; a=rsa-sha256;\r\n b=abc\r\n"
	    "From: Anna <anna@example.com>\r\n"
	    "Auto-Submitted: auto-replied\r\n"
	    "X-Header: a\r\n folded\r\n"
	    "Precedence:\r\n bulk\r\n"
	    "List-Id: Team <team.example.com>\r\n"
	    "Message-ID: <a@b\r\n"
	    "Subject: Out of office\r\n\r\nAway.\r\n";
	ck_assert_int_eq(mime_parse(s, strlen(s), NULL, &m, err, sizeof(err)), MIME_OK);
	ck_assert_str_eq(m.auto_submitted, "auto-replied");
	ck_assert_str_eq(m.precedence, "bulk");
	ck_assert_str_eq(m.list_id, "Team <team.example.com>");
	/* libetpan (and hdrscan) refuse this id: the raw value stands in */
	ck_assert_str_eq(m.message_id, "a@b");
	ck_assert(has_defect(&m, "malformed Message-ID"));
	mail_msg_free(&m);

	/* no body, no final newline: the copy stops at the last line */
	cut = strstr(s, "Subject:") - s;
	ck_assert_int_eq(mime_parse(s, cut + 12, NULL, &m, err, sizeof(err)), MIME_OK);
	ck_assert_str_eq(m.auto_submitted, "auto-replied");
	ck_assert_str_eq(m.list_id, "Team <team.example.com>");
	mail_msg_free(&m);

	s = "From: MAILER-DAEMON@mx.example.org\r\n"
	    "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n"
	    "\r\n--b\r\nContent-Type: text/plain\r\n\r\nNot delivered.\r\n"
	    "--b\r\nContent-Type: message/delivery-status\r\n\r\n"
	    "Reporting-MTA: dns; mx.example.org\r\n\r\n"
	    "Final-Recipient: rfc822; bob@example.net\r\nAction: failed\r\nStatus: 5.1.1\r\n"
	    "\r\n--b\r\nContent-Type: text/rfc822-headers\r\n\r\n"
	    "Received: from rapport by mx.example.org;\r\n Mon, 1 Dec 2026 09:00:00 +0000\r\n"
	    "Message-ID: <checkin.7.1@rapport.example.org>\r\n"
	    "\r\n--b--\r\n";
	ck_assert_int_eq(mime_parse(s, strlen(s), NULL, &m, err, sizeof(err)), MIME_OK);
	ck_assert_int_eq(m.is_dsn, 1);
	ck_assert_str_eq(m.dsn_message_id, "checkin.7.1@rapport.example.org");
	mail_msg_free(&m);
}
END_TEST

START_TEST(test_empty_plain_falls_back_to_html)
{
	struct mail_msg	 m;
	char		 err[128];
	const char	*s = "From: a@example.com\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/alternative; boundary=b\n\n"
	    "--b\nContent-Type: text/plain; charset=utf-8\n\n \n\n"
	    "--b\nContent-Type: text/html; charset=utf-8\n\n<p>Real text</p>\n"
	    "--b--\n";

	ck_assert_int_eq(mime_parse(s, strlen(s), NULL, &m, err, sizeof(err)),
	    MIME_OK);
	ck_assert_str_eq(m.body, "Real text");
	ck_assert_int_eq(m.body_from_html, 1);
	mail_msg_free(&m);
}
END_TEST

START_TEST(test_unflow)
{
	char	*s;
	size_t	 n;
	const char *in = "one \r\ntwo\r\n> quoted \r\n> more\r\n>> deep \r\n"
	    "new level\r\n \r\n-- \r\nsig\r\n";

	s = mime_unflow(in, strlen(in), 0, &n);
	ck_assert_str_eq(s, "one two\n> quoted more\n>> deep \nnew level\n\n"
	    "-- \nsig\n");
	ck_assert_uint_eq(strlen(s), n);
	free(s);
	/* DelSp: the space before the soft break goes */
	s = mime_unflow("Ge \nhen\n", 8, 1, &n);
	ck_assert_str_eq(s, "Gehen\n");
	free(s);
	/* space-stuffed lines lose one space */
	s = mime_unflow("  From here\n", 12, 0, &n);
	ck_assert_str_eq(s, " From here\n");
	free(s);
}
END_TEST

START_TEST(test_to_utf8)
{
	char	*s;
	size_t	 n;

	s = mime_to_utf8("\xe9", 1, "ISO-8859-1", &n);
	ck_assert_str_eq(s, "\xc3\xa9");
	free(s);
	s = mime_to_utf8("\x80", 1, "\"windows-1252\"", &n);
	ck_assert_str_eq(s, "\xe2\x82\xac");
	free(s);
	/* mostly UTF-8 with one broken byte: U+FFFD for that byte only */
	s = mime_to_utf8("\xc3\xa9t\xc3\xa9 \xff", 7, "utf-8", &n);
	ck_assert_str_eq(s, "\xc3\xa9t\xc3\xa9 \xef\xbf\xbd");
	free(s);
	/* invalid ISO-2022-JP escape: replaced, never a crash */
	s = mime_to_utf8("\x1b$B\xff\xfe\x1b(B ok", 11, "iso-2022-jp", &n);
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_nonnull(strstr(s, "ok"));
	free(s);
	s = mime_to_utf8("\xc4\xe3\xba\xc3", 4, "gb2312", &n);
	ck_assert_str_eq(s, "\xe4\xbd\xa0\xe5\xa5\xbd");
	free(s);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("mime");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_gmail_html_only);
	tcase_add_test(tc, test_outlook_html_only);
	tcase_add_test(tc, test_apple_mail_alternative);
	tcase_add_test(tc, test_thunderbird_flowed_latin1);
	tcase_add_test(tc, test_iso2022jp);
	tcase_add_test(tc, test_gb2312_base64);
	tcase_add_test(tc, test_koi8r);
	tcase_add_test(tc, test_windows1252_and_mislabels);
	tcase_add_test(tc, test_calendars);
	tcase_add_test(tc, test_delivery_status);
	tcase_add_test(tc, test_qp_overread_is_padded);
	tcase_add_test(tc, test_refused_over_limits);
	tcase_add_test(tc, test_odd_messages);
	tcase_add_test(tc, test_encoded_words);
	tcase_add_test(tc, test_header_section);
	tcase_add_test(tc, test_raw_fields_after_folded_ones);
	tcase_add_test(tc, test_empty_plain_falls_back_to_html);
	tcase_add_test(tc, test_unflow);
	tcase_add_test(tc, test_to_utf8);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
