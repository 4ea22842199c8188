/*
 * Unit tests for agent/compose.c.  Every built message is read back with
 * libetpan's parsers (headers, MIME tree, transfer decoding), and checked
 * line by line: CRLF only, header lines within limits, encoded words within
 * 75 characters and each one whole UTF-8.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libetpan/libetpan.h>

#include "compose.h"
#include "caps.h"
#include "strbuf.h"
#include "util.h"

/* --- helpers */

static char *
build(const struct compose_msg *m, size_t *lenp)
{
	char	*out = NULL, err[256];
	size_t	 len;

	ck_assert_msg(compose_build(m, &out, &len, err, sizeof(err)) == 0, "build: %s", err);
	ck_assert_uint_eq(strlen(out), len);
	if (lenp != NULL)
		*lenp = len;
	return out;
}

static void
base_msg(struct compose_msg *m, struct compose_addr *to)
{
	memset(m, 0, sizeof(*m));
	to->name = "Anna Example";
	to->addr = "anna@example.com";
	m->from.name = "rapport";
	m->from.addr = "rapport@example.org";
	m->to = to;
	m->nto = 1;
	m->subject = "Weekly check-in";
	m->text = "Hello Anna,\n\nHow was your week?\n";
	m->date = 1795000000;	/* 2026-11-18T11:06:40Z */
	m->message_id = "<rapport.checkin.42.0123456789abcdef@example.org>";
}

/* The header section: up to the first empty line. */
static size_t
header_len(const char *msg)
{
	const char *e = strstr(msg, "\r\n\r\n");

	ck_assert_ptr_nonnull(e);
	return (size_t)(e - msg) + 2;
}

static int
utf8_valid(const unsigned char *p, size_t n)
{
	size_t i = 0, k, need;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if (p[i] >= 0xc2 && p[i] <= 0xdf)
			need = 1;
		else if (p[i] >= 0xe0 && p[i] <= 0xef)
			need = 2;
		else if (p[i] >= 0xf0 && p[i] <= 0xf4)
			need = 3;
		else
			return 0;
		for (k = 1; k <= need; k++)
			if (i + k >= n || (p[i + k] & 0xc0) != 0x80)
				return 0;
		i += need + 1;
	}
	return 1;
}

static int
b64val(int c)
{
	const char *d = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c != 0 ? strchr(d, c) : NULL;

	return p != NULL ? (int)(p - d) : -1;
}

/* Decode one encoded word's text (between "?X?" and "?="); returns bytes. */
static size_t
decode_word(char enc, const char *s, size_t n, unsigned char *out)
{
	size_t	 i, o = 0;
	int	 v, bits = 0, acc = 0;

	for (i = 0; i < n; i++) {
		if (enc == 'B') {
			if (s[i] == '=')
				break;
			v = b64val(s[i]);
			ck_assert_int_ge(v, 0);
			acc = ((acc << 6) | v) & 0xffffff;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				out[o++] = (unsigned char)((acc >> bits) & 0xff);
			}
		} else if (s[i] == '=') {
			ck_assert_uint_lt(i + 2, n + 1);
			out[o++] = (unsigned char)strtol((char[]){ s[i + 1], s[i + 2], 0 }, NULL, 16);
			i += 2;
		} else
			out[o++] = s[i] == '_' ? ' ' : (unsigned char)s[i];
	}
	return o;
}

/*
 * Check the header section: CRLF only, every line at most 76 characters
 * when it holds an encoded word (else 998), encoded words at most 75 and
 * whole UTF-8.  Returns the number of encoded words seen.
 */
static int
check_header_lines(const char *msg)
{
	size_t		 hlen = header_len(msg), i, start = 0, wl;
	const char	*w, *q, *line;
	unsigned char	 dec[128];
	int		 words = 0;

	for (i = 0; i < hlen; i++) {
		ck_assert_msg(msg[i] != '\n' || (i > 0 && msg[i - 1] == '\r'), "bare LF at %zu", i);
		ck_assert_msg(msg[i] != '\r' || msg[i + 1] == '\n', "bare CR at %zu", i);
		if (msg[i] != '\r')
			continue;
		line = msg + start;
		ck_assert_uint_le(i - start, 998);
		for (w = line; (w = strstr(w, "=?UTF-8?")) != NULL && w < msg + i; w = q + 2) {
			q = strstr(w + 10, "?=");
			ck_assert_ptr_nonnull(q);
			wl = (size_t)(q + 2 - w);
			ck_assert_msg(wl <= 75, "encoded word of %zu chars", wl);
			ck_assert_msg(utf8_valid(dec, decode_word(w[8], w + 10, (size_t)(q - w - 10), dec)),
			    "encoded word is not whole UTF-8: %.*s", (int)wl, w);
			ck_assert_msg(i - start <= 76, "line with encoded words of %zu chars: %.*s",
			    i - start, (int)(i - start), line);
			words++;
		}
		start = i + 2;
	}
	return words;
}

/* libetpan's tree points into the parsed buffer: it lives until free_mime() */
static char *parsed_buf;

static struct mailmime *
parse_mime(const char *msg, size_t len)
{
	struct mailmime	*mime = NULL;
	size_t		 idx = 0;

	ck_assert_ptr_null(parsed_buf);
	parsed_buf = xcalloc(1, len + LIBETPAN_PAD);
	memcpy(parsed_buf, msg, len);
	ck_assert_int_eq(mailmime_parse(parsed_buf, len, &idx, &mime), MAILIMF_NO_ERROR);
	return mime;
}

static void
free_mime(struct mailmime *mime)
{
	mailmime_free(mime);
	free(parsed_buf);
	parsed_buf = NULL;
}

/* The decoded body of a leaf part, NUL-terminated; caller frees. */
static char *
part_body(struct mailmime *part)
{
	struct mailmime_data	*d = part->mm_data.mm_single;
	char			*res = NULL, *out;
	size_t			 idx = 0, rlen = 0;
	int			 r;

	ck_assert_ptr_nonnull(d);
	r = mailmime_part_parse(d->dt_data.dt_text.dt_data, d->dt_data.dt_text.dt_length,
	    &idx, d->dt_encoding, &res, &rlen);
	ck_assert_int_eq(r, MAILIMF_NO_ERROR);
	out = xstrndup(res, rlen);
	mailmime_decoded_part_free(res);
	return out;
}

static struct mailimf_fields *
top_fields(struct mailmime *mime)
{
	ck_assert_int_eq(mime->mm_type, MAILMIME_MESSAGE);
	ck_assert_ptr_nonnull(mime->mm_data.mm_message.mm_fields);
	return mime->mm_data.mm_message.mm_fields;
}

static struct mailmime *
top_body(struct mailmime *mime)
{
	ck_assert_ptr_nonnull(mime->mm_data.mm_message.mm_msg_mime);
	return mime->mm_data.mm_message.mm_msg_mime;
}

static char *
decode_header(const char *s)
{
	char	*dec = NULL;
	size_t	 idx = 0;

	ck_assert_int_eq(mailmime_encoded_phrase_parse("utf-8", s, strlen(s), &idx, "utf-8", &dec),
	    MAILIMF_NO_ERROR);
	return dec;
}

static const char *
ctype_sub(struct mailmime *m)
{
	return m->mm_content_type->ct_subtype;
}

static const char *
ctype_param(struct mailmime *m, const char *name)
{
	clistiter *it;

	for (it = clist_begin(m->mm_content_type->ct_parameters); it != NULL; it = clist_next(it)) {
		struct mailmime_parameter *p = clist_content(it);

		if (strcasecmp(p->pa_name, name) == 0)
			return p->pa_value;
	}
	return NULL;
}

static struct mailmime *
subpart(struct mailmime *mp, int n)
{
	clistiter *it;

	ck_assert_int_eq(mp->mm_type, MAILMIME_MULTIPLE);
	for (it = clist_begin(mp->mm_data.mm_multipart.mm_mp_list); it != NULL && n > 0; it = clist_next(it))
		n--;
	ck_assert_ptr_nonnull(it);
	return clist_content(it);
}

static int
nparts(struct mailmime *mp)
{
	return clist_count(mp->mm_data.mm_multipart.mm_mp_list);
}

/* How many header lines (not continuation lines) start with name. */
static int
count_fields(const char *msg, const char *name)
{
	size_t		 hlen = header_len(msg), nl = strlen(name);
	const char	*p = msg;
	int		 n = 0;

	while (p < msg + hlen) {
		if (strncasecmp(p, name, nl) == 0)
			n++;
		p = strstr(p, "\r\n") + 2;
	}
	return n;
}

/* --- tests */

START_TEST(test_text_only)
{
	struct compose_msg		 m;
	struct compose_addr		 to;
	struct mailmime			*mime, *body;
	struct mailimf_single_fields	 sf;
	char				*out, *txt;
	size_t				 len;

	base_msg(&m, &to);
	m.utc_offset = 8 * 3600;
	m.reply_to.addr = "rapport+replies@example.org";
	out = build(&m, &len);
	check_header_lines(out);
	ck_assert_int_eq(strncmp(out, "Date: Wed, 18 Nov 2026 19:06:40 +0800\r\n", 39), 0);
	ck_assert_ptr_nonnull(strstr(out, "From: rapport <rapport@example.org>\r\n"));
	ck_assert_ptr_nonnull(strstr(out, "\r\nReply-To: rapport+replies@example.org\r\n"));
	ck_assert_ptr_nonnull(strstr(out, "\r\nTo: Anna Example <anna@example.com>\r\n"));
	ck_assert_ptr_nonnull(strstr(out, "\r\nSubject: Weekly check-in\r\n"));
	ck_assert_ptr_nonnull(strstr(out,
	    "\r\nMessage-ID: <rapport.checkin.42.0123456789abcdef@example.org>\r\n"));
	ck_assert_ptr_nonnull(strstr(out, "\r\nAuto-Submitted: auto-generated\r\n"));
	ck_assert_ptr_nonnull(strstr(out, "\r\nMIME-Version: 1.0\r\n"));
	ck_assert_ptr_nonnull(strstr(out, "\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\n"));
	ck_assert_ptr_nonnull(strstr(out, "\r\nContent-Transfer-Encoding: 7bit\r\n"));
	ck_assert_ptr_null(strstr(out, "In-Reply-To"));
	ck_assert_ptr_nonnull(strstr(out, "\r\n\r\nHello Anna,\r\n\r\nHow was your week?\r\n"));

	mime = parse_mime(out, len);
	mailimf_single_fields_init(&sf, top_fields(mime));
	ck_assert_str_eq(sf.fld_message_id->mid_value,
	    "rapport.checkin.42.0123456789abcdef@example.org");
	ck_assert_str_eq(sf.fld_subject->sbj_value, "Weekly check-in");
	body = top_body(mime);
	ck_assert_str_eq(ctype_sub(body), "plain");
	txt = part_body(body);
	ck_assert_str_eq(txt, "Hello Anna,\r\n\r\nHow was your week?\r\n");
	free(txt);
	free_mime(mime);
	free(out);

	/* auto-replied, and none */
	m.auto_submitted = COMPOSE_AUTO_REPLIED;
	out = build(&m, NULL);
	ck_assert_ptr_nonnull(strstr(out, "\r\nAuto-Submitted: auto-replied\r\n"));
	free(out);
	m.auto_submitted = COMPOSE_AUTO_NONE;
	out = build(&m, NULL);
	ck_assert_ptr_null(strstr(out, "Auto-Submitted"));
	free(out);

	/* negative offsets with minutes */
	m.utc_offset = -(9 * 3600 + 30 * 60);
	out = build(&m, NULL);
	ck_assert_int_eq(strncmp(out, "Date: Wed, 18 Nov 2026 01:36:40 -0930\r\n", 39), 0);
	free(out);
}
END_TEST

START_TEST(test_alternative_and_encodings)
{
	struct compose_msg	 m;
	struct compose_addr	 to;
	struct mailmime		*mime, *alt, *p;
	char			*out, *s;
	size_t			 len;
	const char		*text =
	    "Zoë's wins   \n= sign, tab\t\nFrom the start\n.\n"
	    "A very long line that goes on and on and on and on and on and on and on and on, "
	    "with ünïcödé in it, and on.\r\nbad byte \xff here\n";
	const char		*html = "<p>Привет, это всё по-русски и довольно длинно</p>\n";

	base_msg(&m, &to);
	m.text = text;
	m.html = html;
	out = build(&m, &len);
	check_header_lines(out);
	/* QP and base64 body lines stay within 76 characters */
	for (s = strstr(out, "\r\n\r\n"); s != NULL && *s != '\0'; s = strstr(s, "\r\n") + 2) {
		const char *e = strstr(s, "\r\n");

		if (e == NULL)
			break;
		ck_assert_msg(e - s <= 76, "body line of %td chars", e - s);
	}
	mime = parse_mime(out, len);
	alt = top_body(mime);
	ck_assert_str_eq(ctype_sub(alt), "alternative");
	ck_assert_int_eq(nparts(alt), 2);
	ck_assert_int_eq(strncmp(ctype_param(alt, "boundary"), "=_rapport_", 10), 0);

	p = subpart(alt, 0);
	ck_assert_str_eq(ctype_sub(p), "plain");
	ck_assert_str_eq(ctype_param(p, "charset"), "UTF-8");
	ck_assert_int_eq(p->mm_data.mm_single->dt_encoding, MAILMIME_MECHANISM_QUOTED_PRINTABLE);
	s = part_body(p);
	ck_assert_str_eq(s,
	    "Zoë's wins   \r\n= sign, tab\t\r\nFrom the start\r\n.\r\n"
	    "A very long line that goes on and on and on and on and on and on and on and on, "
	    "with ünïcödé in it, and on.\r\nbad byte \xef\xbf\xbd here\r\n");
	free(s);
	/* the trailing blanks and the risky line starts are encoded */
	ck_assert_ptr_nonnull(strstr(out, "Zo=C3=AB's wins  =20\r\n=3D sign, tab=09\r\n=46rom the start\r\n=2E\r\n"));

	p = subpart(alt, 1);
	ck_assert_str_eq(ctype_sub(p), "html");
	ck_assert_int_eq(p->mm_data.mm_single->dt_encoding, MAILMIME_MECHANISM_BASE64);
	s = part_body(p);
	ck_assert_str_eq(s, "<p>Привет, это всё по-русски и довольно длинно</p>\r\n");
	free(s);
	free_mime(mime);
	free(out);
}
END_TEST

START_TEST(test_encoded_headers)
{
	struct compose_msg		 m;
	struct compose_addr		 to[2];
	struct mailmime			*mime;
	struct mailimf_single_fields	 sf;
	struct mailimf_mailbox		*mb;
	char				*out, *dec, subject[2048];
	size_t				 len, n = 0;
	int				 i;

	base_msg(&m, &to[0]);
	to[0].name = "Zoë Ünïcödé-Łukasiewicz, \"the Third\"";
	to[1].name = "O'Brien, Pat";
	to[1].addr = "pat@example.com";
	m.nto = 2;
	/* long, mixed, with 3- and 4-byte characters at every offset */
	for (i = 0; i < 12; i++)
		n += (size_t)snprintf(subject + n, sizeof(subject) - n, "Check-in %d — 日本語 😀 ", i);
	subject[n - 1] = '\0';
	m.subject = subject;
	out = build(&m, &len);
	ck_assert_int_gt(check_header_lines(out), 10);
	ck_assert_int_eq(count_fields(out, "Subject:"), 1);

	mime = parse_mime(out, len);
	mailimf_single_fields_init(&sf, top_fields(mime));
	dec = decode_header(sf.fld_subject->sbj_value);
	ck_assert_str_eq(dec, subject);
	free(dec);
	mb = clist_content(clist_begin(sf.fld_to->to_addr_list->ad_list));
	ck_assert_ptr_nonnull(mb);
	mb = ((struct mailimf_address *)clist_content(clist_begin(sf.fld_to->to_addr_list->ad_list)))->ad_data.ad_mailbox;
	dec = decode_header(mb->mb_display_name);
	ck_assert_str_eq(dec, "Zoë Ünïcödé-Łukasiewicz, \"the Third\"");
	ck_assert_str_eq(mb->mb_addr_spec, "anna@example.com");
	free(dec);
	mb = ((struct mailimf_address *)clist_content(clist_next(clist_begin(sf.fld_to->to_addr_list->ad_list))))->ad_data.ad_mailbox;
	ck_assert_str_eq(mb->mb_display_name, "O'Brien, Pat");
	free_mime(mime);
	free(out);
}
END_TEST

START_TEST(test_header_text_words)
{
	struct strbuf	 sb = STRBUF_INIT, folded;
	size_t		 i;

	/* plain ASCII stays plain, blanks collapse, ends trimmed */
	compose_header_text("  Hello \t  world  ", 62, &sb);
	ck_assert_str_eq(sb_str(&sb), "Hello world");
	sb_reset(&sb);
	/* mostly ASCII: Q; spaces as '_' inside the word */
	compose_header_text("Café time", 62, &sb);
	ck_assert_str_eq(sb_str(&sb), "=?UTF-8?Q?Caf=C3=A9_time?=");
	sb_reset(&sb);
	/* looks like an encoded word: encoded, so it reads back as itself */
	compose_header_text("=?UTF-8?Q?x?=", 62, &sb);
	ck_assert_str_eq(sb_str(&sb), "=?UTF-8?B?PT9VVEYtOD9RP3g/PQ==?=");
	sb_reset(&sb);
	/* invalid UTF-8: U+FFFD for each bad byte (a lone continuation, a cut sequence) */
	compose_header_text("a\x80" "b\xe2\x82", 62, &sb);
	ck_assert_str_eq(sb_str(&sb), "=?UTF-8?B?Ye+/vWLvv73vv70=?=");
	sb_reset(&sb);
	/* a 4-byte character is never split between words, even tiny ones */
	sb_reset(&sb);
	compose_header_text("a😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀", 16, &sb);
	/* words hold no blanks, so each blank is a place libetpan may fold */
	sb_init(&folded, 0);
	sb_adds(&folded, "X: ");
	for (i = 0; i < sb.len; i++)
		sb_adds(&folded, sb.s[i] == ' ' ? "\r\n " : (char[]){ sb.s[i], 0 });
	sb_adds(&folded, "\r\n\r\n");
	ck_assert_int_eq(check_header_lines(sb_str(&folded)), 3);
	sb_free(&folded);
	sb_free(&sb);
}
END_TEST

START_TEST(test_header_injection)
{
	static const char *const evil[] = {
		"Hi\r\nBcc: x@y", "Hi\nBcc: x@y", "Hi\rBcc: x@y", "Hi\r\n\r\nBody: x",
		"Hi\x0b\x0c\x1b[31m\x7f" "Bcc: x@y", "Zoë\r\nBcc: x@y",
	};
	struct compose_msg		 m;
	struct compose_addr		 to;
	struct mailmime			*mime;
	struct mailimf_single_fields	 sf;
	char				*out, *dec, err[200], *o2;
	const char			*refs[2];
	size_t				 len, i, l2;

	for (i = 0; i < nitems(evil); i++) {
		base_msg(&m, &to);
		m.subject = evil[i];
		m.from.name = evil[i];
		to.name = evil[i];
		refs[0] = "<a@b>\r\nBcc: x@y";
		refs[1] = "<ok@example.com>";
		m.references = refs;
		m.nreferences = 2;
		m.in_reply_to = "<x@y>\nBcc: x@y";
		out = build(&m, &len);
		check_header_lines(out);
		ck_assert_msg(count_fields(out, "Bcc") == 0, "case %zu made a Bcc:\n%s", i, out);
		ck_assert_msg(count_fields(out, "Body") == 0, "case %zu made a field:\n%s", i, out);
		ck_assert_int_eq(count_fields(out, "Subject:"), 1);
		ck_assert_int_eq(count_fields(out, "From:"), 1);
		ck_assert_int_eq(count_fields(out, "To:"), 1);
		ck_assert_ptr_null(strstr(out, "In-Reply-To"));
		ck_assert_ptr_nonnull(strstr(out, "\r\nReferences: <ok@example.com>\r\n"));
		mime = parse_mime(out, len);
		mailimf_single_fields_init(&sf, top_fields(mime));
		ck_assert_ptr_null(sf.fld_bcc);
		dec = decode_header(sf.fld_subject->sbj_value);
		ck_assert_msg(strstr(dec, "Bcc: x@y") != NULL || strstr(dec, "Body: x") != NULL,
		    "subject text kept on one line: [%s]", dec);
		ck_assert_ptr_null(strpbrk(dec, "\r\n"));
		free(dec);
		free_mime(mime);
		free(out);
	}

	/* addresses from data are validated, never cleaned into something else */
	base_msg(&m, &to);
	to.addr = "anna@example.com\r\nBcc: x@y";
	ck_assert_int_eq(compose_build(&m, &o2, &l2, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "invalid To address"));
	ck_assert_ptr_null(strpbrk(err, "\r\n"));
	base_msg(&m, &to);
	m.from.addr = "a@b\n.com";
	ck_assert_int_eq(compose_build(&m, &o2, &l2, err, sizeof(err)), -1);
	base_msg(&m, &to);
	m.reply_to.addr = "<r@x.org>";
	ck_assert_int_eq(compose_build(&m, &o2, &l2, err, sizeof(err)), -1);
	base_msg(&m, &to);
	m.message_id = "<a@b>\r\nBcc: x@y";
	ck_assert_int_eq(compose_build(&m, &o2, &l2, err, sizeof(err)), -1);
	base_msg(&m, &to);
	m.calendar = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
	m.calendar_method = "REQUEST\r\nBcc: x@y";
	ck_assert_int_eq(compose_build(&m, &o2, &l2, err, sizeof(err)), -1);
	m.calendar_method = NULL;
	m.calendar_attach = "../invite\r\n.ics";
	ck_assert_int_eq(compose_build(&m, &o2, &l2, err, sizeof(err)), -1);
}
END_TEST

START_TEST(test_addr_valid)
{
	static const char *const good[] = {
		"a@b", "anna@example.com", "first.last+tag@sub.example.co.uk", "o'brien@x-y.org",
		"bob@localhost", "a!#$%&'*+-/=?^_`{|}~@example.com",
	};
	static const char *const bad[] = {
		"", "@", "a@", "@b", "ab", "a@@b", "a b@c", "a@b c", "<a@b>", "a@b>", "\"a\"@b",
		".a@b", "a.@b", "a..b@c", "a@-b", "a@b-", "a@b..c", "a@.b", "a@b.", "a@b\r\n",
		"a\n@b", "a@b\x7f", "zoë@example.com", "a@exämple.com", "a,b@c", "a@b,c", "a@[1.2.3.4]",
	};
	char	 big[300];
	size_t	 i;

	for (i = 0; i < nitems(good); i++)
		ck_assert_msg(compose_addr_valid(good[i]), "%s should be valid", good[i]);
	for (i = 0; i < nitems(bad); i++)
		ck_assert_msg(!compose_addr_valid(bad[i]), "%s should be invalid", bad[i]);
	ck_assert(!compose_addr_valid(NULL));
	memset(big, 'a', 65);
	snprintf(big + 65, sizeof(big) - 65, "@example.com");
	ck_assert(!compose_addr_valid(big));	/* local part > 64 */
	ck_assert(compose_addr_valid(big + 1));	/* 64 is fine */

	ck_assert(compose_msgid_valid("<CA+x=y_z@mail.gmail.com>"));
	ck_assert(!compose_msgid_valid("<a b@c>"));
	ck_assert(!compose_msgid_valid("a@b"));
	ck_assert(!compose_msgid_valid("<ab>"));
	ck_assert(!compose_msgid_valid("<a@b@c>"));
	ck_assert(!compose_msgid_valid("<@b>"));
	ck_assert(!compose_msgid_valid("<a@b>\r\n"));
}
END_TEST

START_TEST(test_message_ids)
{
	char	 mid[COMPOSE_MSGID_MAX], mid2[COMPOSE_MSGID_MAX], kind[40], ref[80];

	ck_assert_int_eq(compose_message_id("checkin", "42", "example.com", mid, sizeof(mid)), 0);
	ck_assert_int_eq(strncmp(mid, "<rapport.checkin.42.", 20), 0);
	ck_assert_uint_eq(strlen(mid), strlen("<rapport.checkin.42.0123456789abcdef@example.com>"));
	ck_assert(compose_msgid_valid(mid));
	ck_assert_int_eq(compose_parse_message_id(mid, "EXAMPLE.com", kind, sizeof(kind), ref, sizeof(ref)), 0);
	ck_assert_str_eq(kind, "checkin");
	ck_assert_str_eq(ref, "42");
	ck_assert_int_eq(compose_parse_message_id(mid, NULL, kind, sizeof(kind), ref, sizeof(ref)), 0);
	ck_assert_int_eq(compose_parse_message_id(mid, "example.org", kind, sizeof(kind), ref, sizeof(ref)), -1);
	ck_assert_int_eq(compose_parse_message_id(mid, "ample.com", kind, sizeof(kind), ref, sizeof(ref)), -1);
	/* random: two ids differ */
	ck_assert_int_eq(compose_message_id("checkin", "42", "example.com", mid2, sizeof(mid2)), 0);
	ck_assert_str_ne(mid, mid2);

	ck_assert_int_eq(compose_message_id("deadline_followup", "task-12_3", "x.org", mid, sizeof(mid)), 0);
	ck_assert_int_eq(compose_parse_message_id(mid, "x.org", kind, sizeof(kind), ref, sizeof(ref)), 0);
	ck_assert_str_eq(kind, "deadline_followup");
	ck_assert_str_eq(ref, "task-12_3");
	/* too small output buffers */
	ck_assert_int_eq(compose_parse_message_id(mid, NULL, kind, 5, ref, sizeof(ref)), -1);
	ck_assert_int_eq(compose_message_id("checkin", "42", "example.com", mid, 30), -1);

	/* bad parts are refused */
	ck_assert_int_eq(compose_message_id("Check", "42", "example.com", mid, sizeof(mid)), -1);
	ck_assert_int_eq(compose_message_id("checkin", "4.2", "example.com", mid, sizeof(mid)), -1);
	ck_assert_int_eq(compose_message_id("checkin", "42", "exa mple.com", mid, sizeof(mid)), -1);
	ck_assert_int_eq(compose_message_id("checkin", "", "example.com", mid, sizeof(mid)), -1);
	ck_assert_int_eq(compose_message_id("checkin", "42\r\nX", "example.com", mid, sizeof(mid)), -1);

	/* not ours */
	ck_assert_int_eq(compose_parse_message_id("<CA+x@mail.gmail.com>", NULL, kind, sizeof(kind), ref, sizeof(ref)), -1);
	ck_assert_int_eq(compose_parse_message_id("<rapport.checkin.42@example.com>", NULL, kind, sizeof(kind), ref, sizeof(ref)), -1);
	ck_assert_int_eq(compose_parse_message_id("<rapport.checkin.42.0123456789ABCDEF@example.com>", NULL, kind, sizeof(kind), ref, sizeof(ref)), -1);
	ck_assert_int_eq(compose_parse_message_id("<rapport.checkin.4.2.0123456789abcdef@example.com>", NULL, kind, sizeof(kind), ref, sizeof(ref)), -1);
	ck_assert_int_eq(compose_parse_message_id("<rapport.checkin.42.0123456789abcdef@example.com", NULL, kind, sizeof(kind), ref, sizeof(ref)), -1);
	ck_assert_int_eq(compose_parse_message_id(NULL, NULL, kind, sizeof(kind), ref, sizeof(ref)), -1);
}
END_TEST

START_TEST(test_thread_headers)
{
	struct compose_msg		 m;
	struct compose_addr		 to;
	struct mailmime			*mime;
	struct mailimf_single_fields	 sf;
	const char			*refs[] = { "<root@example.org>", "<mid@example.org>" };
	char				*out;
	size_t				 len;

	base_msg(&m, &to);
	m.in_reply_to = "<mid@example.org>";
	m.references = refs;
	m.nreferences = 2;
	out = build(&m, &len);
	ck_assert_ptr_nonnull(strstr(out, "\r\nIn-Reply-To: <mid@example.org>\r\n"));
	ck_assert_ptr_nonnull(strstr(out, "\r\nReferences: <root@example.org> <mid@example.org>\r\n"));
	mime = parse_mime(out, len);
	mailimf_single_fields_init(&sf, top_fields(mime));
	ck_assert_int_eq(clist_count(sf.fld_references->mid_list), 2);
	ck_assert_str_eq(clist_content(clist_begin(sf.fld_in_reply_to->mid_list)), "mid@example.org");
	free_mime(mime);
	free(out);

	/* no Message-ID given: one is made in the sender's domain */
	m.message_id = NULL;
	out = build(&m, NULL);
	ck_assert_ptr_nonnull(strstr(out, "\r\nMessage-ID: <rapport.mail.0."));
	ck_assert_ptr_nonnull(strstr(out, "@example.org>\r\n"));
	free(out);
}
END_TEST

START_TEST(test_calendar_invite)
{
	struct compose_msg	 m;
	struct compose_addr	 to;
	struct mailmime		*mime, *mixed, *alt, *p;
	char			*out, *s;
	size_t			 len;
	const char		*ics =
	    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
	    "SUMMARY:1:1 with Zoë\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

	base_msg(&m, &to);
	m.html = "<p>Agenda</p>";
	m.calendar = ics;
	m.calendar_attach = "invite.ics";
	out = build(&m, &len);
	check_header_lines(out);
	mime = parse_mime(out, len);
	mixed = top_body(mime);
	ck_assert_str_eq(ctype_sub(mixed), "mixed");
	ck_assert_int_eq(nparts(mixed), 2);
	alt = subpart(mixed, 0);
	ck_assert_str_eq(ctype_sub(alt), "alternative");
	ck_assert_int_eq(nparts(alt), 3);
	ck_assert_str_ne(ctype_param(alt, "boundary"), ctype_param(mixed, "boundary"));
	ck_assert_str_eq(ctype_sub(subpart(alt, 0)), "plain");
	ck_assert_str_eq(ctype_sub(subpart(alt, 1)), "html");
	p = subpart(alt, 2);
	ck_assert_str_eq(ctype_sub(p), "calendar");
	ck_assert_str_eq(ctype_param(p, "method"), "REQUEST");
	ck_assert_str_eq(ctype_param(p, "charset"), "UTF-8");
	ck_assert_int_eq(p->mm_data.mm_single->dt_encoding, MAILMIME_MECHANISM_BASE64);
	s = part_body(p);
	ck_assert_str_eq(s, ics);
	free(s);
	p = subpart(mixed, 1);
	ck_assert_int_eq(p->mm_content_type->ct_type->tp_data.tp_discrete_type->dt_type,
	    MAILMIME_DISCRETE_TYPE_APPLICATION);
	ck_assert_str_eq(ctype_sub(p), "ics");
	ck_assert_str_eq(ctype_param(p, "name"), "invite.ics");
	ck_assert_ptr_nonnull(strstr(out, "Content-Disposition: attachment; filename=\"invite.ics\"\r\n"));
	s = part_body(p);
	ck_assert_str_eq(s, ics);
	free(s);
	free_mime(mime);
	free(out);

	/* no attachment, CANCEL, ASCII: alternative only, 7bit calendar */
	m.html = NULL;
	m.calendar_attach = NULL;
	m.calendar_method = "CANCEL";
	m.calendar = "BEGIN:VCALENDAR\nMETHOD:CANCEL\nEND:VCALENDAR\n";
	out = build(&m, &len);
	mime = parse_mime(out, len);
	alt = top_body(mime);
	ck_assert_str_eq(ctype_sub(alt), "alternative");
	ck_assert_int_eq(nparts(alt), 2);
	p = subpart(alt, 1);
	ck_assert_str_eq(ctype_param(p, "method"), "CANCEL");
	ck_assert_int_eq(p->mm_data.mm_single->dt_encoding, MAILMIME_MECHANISM_7BIT);
	ck_assert_ptr_nonnull(strstr(out, "\r\n\r\nBEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n"));
	free_mime(mime);
	free(out);
}
END_TEST

START_TEST(test_qp_limits)
{
	struct compose_msg	 m;
	struct compose_addr	 to;
	struct mailmime		*mime;
	struct strbuf		 in = STRBUF_INIT, want = STRBUF_INIT;
	char			*out, *s, *line;
	size_t			 len, i;

	/* escapes at every position around the soft-break column, trailing blanks */
	for (i = 0; i < 200; i++) {
		sb_printf(&in, "%.*s%s%s\n", (int)(i % 80), "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", i % 3 == 0 ? "é=" : "=", i % 5 == 0 ? " " : "");
		sb_printf(&want, "%.*s%s%s\r\n", (int)(i % 80), "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", i % 3 == 0 ? "é=" : "=", i % 5 == 0 ? " " : "");
	}
	base_msg(&m, &to);
	m.text = sb_str(&in);
	out = build(&m, &len);
	ck_assert_ptr_nonnull(strstr(out, "quoted-printable"));
	for (line = strstr(out, "\r\n\r\n") + 4; *line != '\0'; line = strstr(line, "\r\n") + 2) {
		size_t ll = (size_t)(strstr(line, "\r\n") - line);

		ck_assert_msg(ll <= 76, "QP line of %zu", ll);
		ck_assert_msg(ll == 0 || (line[ll - 1] != ' ' && line[ll - 1] != '\t'),
		    "QP line ends in a blank");
	}
	mime = parse_mime(out, len);
	s = part_body(top_body(mime));
	ck_assert_str_eq(s, sb_str(&want));
	free(s);
	free_mime(mime);
	free(out);
	sb_free(&in);
	sb_free(&want);
}
END_TEST

START_TEST(test_invalid_input)
{
	struct compose_msg	 m;
	struct compose_addr	 to;
	char			*o, err[200];
	size_t			 l;

	base_msg(&m, &to);
	m.nto = 0;
	ck_assert_int_eq(compose_build(&m, &o, &l, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "no recipient");
	base_msg(&m, &to);
	m.text = NULL;
	ck_assert_int_eq(compose_build(&m, &o, &l, err, sizeof(err)), -1);
	base_msg(&m, &to);
	m.utc_offset = 19 * 3600;
	ck_assert_int_eq(compose_build(&m, &o, &l, err, sizeof(err)), -1);
	base_msg(&m, &to);
	m.calendar_attach = "invite.ics";
	ck_assert_int_eq(compose_build(&m, &o, &l, err, sizeof(err)), -1);
	/* empty display names and subject are fine */
	base_msg(&m, &to);
	to.name = " \r\n ";
	m.from.name = NULL;
	m.subject = NULL;
	o = build(&m, &l);
	ck_assert_ptr_nonnull(strstr(o, "\r\nTo: anna@example.com\r\n"));
	ck_assert_ptr_nonnull(strstr(o, "\r\nFrom: rapport@example.org\r\n"));
	free(o);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("compose");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_text_only);
	tcase_add_test(tc, test_alternative_and_encodings);
	tcase_add_test(tc, test_encoded_headers);
	tcase_add_test(tc, test_header_text_words);
	tcase_add_test(tc, test_header_injection);
	tcase_add_test(tc, test_addr_valid);
	tcase_add_test(tc, test_message_ids);
	tcase_add_test(tc, test_thread_headers);
	tcase_add_test(tc, test_calendar_invite);
	tcase_add_test(tc, test_qp_limits);
	tcase_add_test(tc, test_invalid_input);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
