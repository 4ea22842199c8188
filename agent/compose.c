/*
 * compose.c: outgoing messages, built with libetpan's MIME builders; see
 * compose.h for what is cleaned, encoded and checked on the way.
 *
 * libetpan's constructors only fail on out-of-memory; like the x*()
 * allocators, we then exit (util.h), which keeps ownership simple: every
 * object handed to libetpan belongs to the tree freed by mailmime_free().
 * Body bytes are the exception (libetpan points at them and never frees
 * them), so they are kept in struct bodies until the tree is written.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sysexits.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "compose.h"
#include "strbuf.h"
#include "util.h"

#define ENCWORD_MAX	75	/* RFC 2047: an encoded word is at most 75 characters */
#define ENCWORD_FIRST	62	/* "Subject: " + this fits a 72-column first line */
#define NAME_MAX_BYTES	200	/* cleaned display names are cut here */
#define SUBJECT_MAX_BYTES 500	/* and subjects here */
#define PLAIN_WORD_MAX	66	/* a longer unbroken word gets encoded (and so split) */
#define TEXT_LINE_7BIT	78	/* longer lines go quoted-printable */
#define QP_LINE		75	/* quoted-printable payload per line, plus '=' */
#define MAX_BODIES	8

static const char	 hexdig[] = "0123456789ABCDEF";
static const char	 b64dig[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void *
need(void *p)
{
	if (p == NULL) {
		fputs("rapport: out of memory\n", stderr);
		exit(EX_OSERR);
	}
	return p;
}

static void
need_ok(int r)
{
	if (r != MAILIMF_NO_ERROR && r != 0)
		need(NULL);
}

/* A value from data, fit for an error message: controls shown as '?', cut at 80. */
static const char *
shown(const char *s, char *buf, size_t len)
{
	size_t i;

	if (s == NULL)
		return "(none)";
	for (i = 0; s[i] != '\0' && i + 1 < len && i < 80; i++)
		buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	buf[i] = '\0';
	return buf;
}

/* --- UTF-8 and header text */

/* Length of the valid UTF-8 sequence at p (n bytes left), or 0. */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char	 lo = 0x80, hi = 0xbf;
	size_t		 need_n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		need_n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		need_n = 3;
		if (p[0] == 0xe0)
			lo = 0xa0;
		else if (p[0] == 0xed)
			hi = 0x9f;	/* no surrogates */
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		need_n = 4;
		if (p[0] == 0xf0)
			lo = 0x90;
		else if (p[0] == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (n < need_n || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < need_n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return need_n;
}

/*
 * One line of header text: controls become blanks, blank runs one space,
 * no blanks at either end, bad UTF-8 U+FFFD, at most max bytes (cut
 * between characters).
 */
static void
clean_line(const char *s, size_t max, struct strbuf *out)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 left = strlen(s), n, added = 0;
	int			 blank = 0;

	while (left > 0) {
		if (*p <= 0x20 || *p == 0x7f) {
			blank = added > 0;
			p++;
			left--;
			continue;
		}
		n = utf8_seq(p, left);
		if (added + (size_t)blank + (n == 0 ? 3 : n) > max)
			break;
		if (blank)
			sb_addc(out, ' ');
		if (n == 0)
			sb_add(out, "\xef\xbf\xbd", 3);
		else
			sb_add(out, p, n);
		added += (size_t)blank + (n == 0 ? 3 : n);
		blank = 0;
		p += n == 0 ? 1 : n;
		left -= n == 0 ? 1 : n;
	}
}

static int
needs_encoding(const char *s)
{
	size_t	 word = 0;

	if (strstr(s, "=?") != NULL)
		return 1;	/* would read as an encoded word */
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s >= 0x80)
			return 1;
		word = *s == ' ' ? 0 : word + 1;
		if (word > PLAIN_WORD_MAX)
			return 1;
	}
	return 0;
}

static int
q_literal(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("!*+-/", c) != NULL;
}

/* Characters one byte costs in a Q encoded word (phrase-safe set). */
static size_t
q_cost(unsigned char c)
{
	return q_literal(c) || c == ' ' ? 1 : 3;
}

static void
b64_chunk(struct strbuf *out, const unsigned char *p, size_t n)
{
	unsigned long	 v;
	size_t		 i;

	for (i = 0; i < n; i += 3) {
		v = (unsigned long)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned long)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		sb_addc(out, b64dig[(v >> 18) & 63]);
		sb_addc(out, b64dig[(v >> 12) & 63]);
		sb_addc(out, i + 1 < n ? b64dig[(v >> 6) & 63] : '=');
		sb_addc(out, i + 2 < n ? b64dig[v & 63] : '=');
	}
}

struct encword {
	struct strbuf	*out;
	int		 b;		/* B encoding, else Q */
	size_t		 max;		/* this word's length limit */
	size_t		 payload;	/* Q: characters so far; B: bytes so far */
	unsigned char	 bytes[64];	/* B: bytes of the open word */
	int		 open;
};

static void
encword_close(struct encword *w)
{
	if (!w->open)
		return;
	if (w->b)
		b64_chunk(w->out, w->bytes, w->payload);
	sb_add(w->out, "?=", 2);
	w->open = 0;
}

/* Add one whole UTF-8 character; a new word starts when it would not fit. */
static void
encword_char(struct encword *w, const unsigned char *c, size_t n)
{
	size_t	 cost = 0, i, room = w->max - 12;	/* "=?UTF-8?Q?" "?=" */

	if (w->b)
		cost = 4 * ((w->payload + n + 2) / 3);
	else {
		for (i = 0; i < n; i++)
			cost += q_cost(c[i]);
		cost += w->payload;
	}
	if (w->open && cost > room) {
		encword_close(w);
		sb_addc(w->out, ' ');
		w->max = ENCWORD_MAX;
	}
	if (!w->open) {
		sb_adds(w->out, w->b ? "=?UTF-8?B?" : "=?UTF-8?Q?");
		w->open = 1;
		w->payload = 0;
	}
	for (i = 0; i < n; i++) {
		if (w->b)
			w->bytes[w->payload++] = c[i];
		else if (q_literal(c[i]))
			sb_addc(w->out, c[i]);
		else if (c[i] == ' ')
			sb_addc(w->out, '_');
		else {
			sb_addc(w->out, '=');
			sb_addc(w->out, hexdig[c[i] >> 4]);
			sb_addc(w->out, hexdig[c[i] & 15]);
		}
		if (!w->b)
			w->payload += q_cost(c[i]);
	}
}

/* Encoded words for already-cleaned (valid UTF-8) text. */
static void
encode_words(const char *s, size_t first_max, struct strbuf *out)
{
	const unsigned char	*p = (const unsigned char *)s;
	struct encword		 w;
	size_t			 len = strlen(s), qlen = 0, n, i;

	memset(&w, 0, sizeof(w));
	w.out = out;
	for (i = 0; i < len; i++)
		qlen += q_cost(p[i]);
	w.b = 4 * ((len + 2) / 3) < qlen;
	w.max = first_max < 16 ? 16 : first_max > ENCWORD_MAX ? ENCWORD_MAX : first_max;
	while (len > 0) {
		n = utf8_seq(p, len);	/* cleaned: never 0 */
		if (n == 0)
			n = 1;
		encword_char(&w, p, n);
		p += n;
		len -= n;
	}
	encword_close(&w);
}

static int
header_text(const char *utf8, size_t max_bytes, size_t first_max, struct strbuf *out)
{
	struct strbuf	 clean = STRBUF_INIT;

	clean_line(utf8 != NULL ? utf8 : "", max_bytes, &clean);
	if (needs_encoding(sb_str(&clean)))
		encode_words(sb_str(&clean), first_max, out);
	else
		sb_add(out, sb_str(&clean), clean.len);
	sb_free(&clean);
	return sb_error(out) ? -1 : 0;
}

int
compose_header_text(const char *utf8, size_t first_max, struct strbuf *out)
{
	return header_text(utf8, SUBJECT_MAX_BYTES, first_max, out);
}

/* --- addresses and Message-IDs */

static int
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int
domain_valid(const char *d, size_t len)
{
	size_t	 label = 0, i;

	if (len == 0 || len > 253)
		return 0;
	for (i = 0; i < len; i++) {
		if (d[i] == '.') {
			if (label == 0 || d[i - 1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!is_alnum((unsigned char)d[i]) && d[i] != '-')
			return 0;
		if (d[i] == '-' && label == 0)
			return 0;
		if (++label > 63)
			return 0;
	}
	return label > 0 && d[len - 1] != '-';
}

int
compose_addr_valid(const char *a)
{
	const char	*at;
	size_t		 len, i, llen;

	if (a == NULL || (len = strlen(a)) < 3 || len > 254 ||
	    (at = strrchr(a, '@')) == NULL)
		return 0;
	llen = (size_t)(at - a);
	if (llen == 0 || llen > 64 || a[0] == '.' || a[llen - 1] == '.')
		return 0;
	for (i = 0; i < llen; i++) {
		if (a[i] == '.' && a[i + 1] == '.')
			return 0;
		if (!is_alnum((unsigned char)a[i]) &&
		    strchr("!#$%&'*+-/=?^_`{|}~.", a[i]) == NULL)
			return 0;
	}
	return domain_valid(at + 1, len - llen - 1);
}

int
compose_msgid_valid(const char *m)
{
	size_t	 len, i, ats = 0;

	if (m == NULL || (len = strlen(m)) < 5 || len > 250 ||
	    m[0] != '<' || m[len - 1] != '>')
		return 0;
	for (i = 1; i < len - 1; i++) {
		if (m[i] <= 32 || m[i] >= 127 || strchr("<>()\"\\,;:[]", m[i]) != NULL)
			return 0;
		if (m[i] == '@')
			ats++;
	}
	return ats == 1 && m[1] != '@' && m[len - 2] != '@';
}

static int
token_valid(const char *s, size_t max, int ref)
{
	size_t	 n = 0;

	for (; s != NULL && *s != '\0'; s++, n++) {
		if (ref ? !(is_alnum((unsigned char)*s) || *s == '_' || *s == '-') :
		    !((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	}
	return n > 0 && n <= max;
}

static int
random_hex(char *buf, size_t nbytes)
{
	unsigned char	 r[32];
	size_t		 i;

	if (nbytes > sizeof(r) || getrandom(r, nbytes, 0) != (ssize_t)nbytes)
		return -1;
	for (i = 0; i < nbytes; i++) {
		buf[2 * i] = "0123456789abcdef"[r[i] >> 4];
		buf[2 * i + 1] = "0123456789abcdef"[r[i] & 15];
	}
	buf[2 * nbytes] = '\0';
	return 0;
}

int
compose_message_id(const char *kind, const char *ref, const char *domain,
    char *buf, size_t len)
{
	char	 rnd[17];
	int	 n;

	if (!token_valid(kind, COMPOSE_KIND_MAX, 0) || !token_valid(ref, COMPOSE_REF_MAX, 1) ||
	    domain == NULL || !domain_valid(domain, strlen(domain)) || random_hex(rnd, 8) == -1)
		return -1;
	n = snprintf(buf, len, "<rapport.%s.%s.%s@%s>", kind, ref, rnd, domain);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int
copy_token(const char *s, size_t n, char *buf, size_t len)
{
	if (n >= len)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return 0;
}

int
compose_parse_message_id(const char *mid, const char *domain,
    char *kind, size_t kindlen, char *ref, size_t reflen)
{
	char		 k[COMPOSE_KIND_MAX + 1], r[COMPOSE_REF_MAX + 1];
	const char	*p, *at, *d1, *d2;
	size_t		 i;

	if (!compose_msgid_valid(mid) || strncmp(mid, "<rapport.", 9) != 0)
		return -1;
	p = mid + 9;
	at = strchr(p, '@');
	if ((d1 = memchr(p, '.', (size_t)(at - p))) == NULL ||
	    (d2 = memchr(d1 + 1, '.', (size_t)(at - d1 - 1))) == NULL ||
	    at - d2 - 1 != 16)
		return -1;
	for (i = 1; i <= 16; i++)
		if (strchr("0123456789abcdef", d2[i]) == NULL)
			return -1;
	if (copy_token(p, (size_t)(d1 - p), k, sizeof(k)) == -1 ||
	    copy_token(d1 + 1, (size_t)(d2 - d1 - 1), r, sizeof(r)) == -1 ||
	    !token_valid(k, COMPOSE_KIND_MAX, 0) || !token_valid(r, COMPOSE_REF_MAX, 1))
		return -1;
	if (domain != NULL && (strlen(at + 1) != strlen(domain) + 1 ||
	    strncasecmp(at + 1, domain, strlen(domain)) != 0))
		return -1;
	if (copy_token(k, strlen(k), kind, kindlen) == -1 ||
	    copy_token(r, strlen(r), ref, reflen) == -1)
		return -1;
	return 0;
}

/* --- bodies */

struct bodies {
	char	*buf[MAX_BODIES];
	size_t	 n;
};

static char *
bodies_keep(struct bodies *b, struct strbuf *sb, size_t *len)
{
	char *s = need(sb_detach(sb, len));

	if (b->n == MAX_BODIES)
		need(NULL);	/* a programming error; cannot happen with our shapes */
	b->buf[b->n++] = s;
	return s;
}

static void
bodies_free(struct bodies *b)
{
	while (b->n > 0)
		free(b->buf[--b->n]);
}

/* CRLF line ends, bad UTF-8 as U+FFFD, controls other than tab dropped, a final CRLF. */
static void
canon_body(const char *s, struct strbuf *out)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 left = strlen(s), n;

	while (left > 0) {
		if (*p == '\r' || *p == '\n') {
			n = (*p == '\r' && left > 1 && p[1] == '\n') ? 2 : 1;
			sb_add(out, "\r\n", 2);
		} else if ((*p < 0x20 && *p != '\t') || *p == 0x7f) {
			n = 1;
		} else if ((n = utf8_seq(p, left)) == 0) {
			sb_add(out, "\xef\xbf\xbd", 3);
			n = 1;
		} else
			sb_add(out, p, n);
		p += n;
		left -= n;
	}
	if (out->len < 2 || memcmp(out->s + out->len - 2, "\r\n", 2) != 0)
		sb_add(out, "\r\n", 2);
}

static int
choose_encoding(const char *s, size_t len, int allow_qp)
{
	size_t	 i, line = 0, longest = 0, high = 0;

	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] >= 0x80)
			high++;
		if (s[i] == '\n')
			line = 0;
		else if (s[i] != '\r' && ++line > longest)
			longest = line;
	}
	if (high == 0 && longest <= TEXT_LINE_7BIT)
		return MAILMIME_MECHANISM_7BIT;
	if (!allow_qp || high * 3 > len)
		return MAILMIME_MECHANISM_BASE64;
	return MAILMIME_MECHANISM_QUOTED_PRINTABLE;
}

static int
qp_literal(const char *s, size_t i, size_t len, size_t col)
{
	unsigned char	 c = (unsigned char)s[i];
	int		 eol = i + 1 == len || s[i + 1] == '\r';

	if (col == 0 && (c == '.' || (c == 'F' && len - i >= 5 && memcmp(s + i, "From ", 5) == 0)))
		return 0;	/* safe through gateways that treat these lines specially */
	if (c == ' ' || c == '\t')
		return !eol;
	return c >= 33 && c <= 126 && c != '=';
}

/* Quoted-printable of canonical (CRLF) text; lines of at most 76 characters. */
static void
qp_encode(const char *s, size_t len, struct strbuf *out)
{
	size_t	 i, col = 0, tok;
	int	 lit;

	for (i = 0; i < len; i++) {
		if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n') {
			sb_add(out, "\r\n", 2);
			col = 0;
			i++;
			continue;
		}
		lit = qp_literal(s, i, len, col);
		tok = lit ? 1 : 3;
		if (col + tok > QP_LINE) {
			sb_add(out, "=\r\n", 3);
			col = 0;
			lit = qp_literal(s, i, len, col);
			tok = lit ? 1 : 3;
		}
		if (lit)
			sb_addc(out, s[i]);
		else {
			sb_addc(out, '=');
			sb_addc(out, hexdig[(unsigned char)s[i] >> 4]);
			sb_addc(out, hexdig[(unsigned char)s[i] & 15]);
		}
		col += tok;
	}
}

/* --- MIME parts */

static void
content_param(struct mailmime_content *ct, const char *name, const char *value)
{
	if (ct->ct_parameters == NULL)
		ct->ct_parameters = need(clist_new());
	need_ok(clist_append(ct->ct_parameters,
	    need(mailmime_param_new_with_data((char *)name, (char *)value))));
}

/*
 * A leaf part.  text is UTF-8 from the caller; binary-safe types are not
 * needed here.  attach names an attachment (Content-Disposition).
 */
static struct mailmime *
leaf_part(struct bodies *b, const char *type, const char *text, int allow_qp,
    const char *attach, const char *const *params)
{
	struct strbuf		 canon = STRBUF_INIT, enc = STRBUF_INIT;
	struct mailmime_content	*ct;
	struct mailmime_fields	*fields;
	struct mailmime_data	*data;
	struct mailmime		*part;
	const char		*body;
	size_t			 len;
	int			 cte;

	canon_body(text, &canon);
	if (sb_error(&canon))
		need(NULL);
	cte = attach != NULL ? MAILMIME_MECHANISM_BASE64 :
	    choose_encoding(canon.s, canon.len, allow_qp);
	if (cte == MAILMIME_MECHANISM_QUOTED_PRINTABLE) {
		qp_encode(canon.s, canon.len, &enc);
		if (sb_error(&enc))
			need(NULL);
		body = bodies_keep(b, &enc, &len);
		sb_free(&canon);
	} else
		body = bodies_keep(b, &canon, &len);
	/* base64 is left to libetpan's encoder; 7bit and QP are already final */
	data = need(mailmime_data_new_data(cte, cte != MAILMIME_MECHANISM_BASE64, body, len));
	if (attach != NULL)
		fields = need(mailmime_fields_new_filename(MAILMIME_DISPOSITION_TYPE_ATTACHMENT,
		    need(strdup(attach)), cte));
	else
		fields = need(mailmime_fields_new_encoding(cte));
	ct = need(mailmime_content_new_with_str(type));
	for (; params != NULL && params[0] != NULL; params += 2)
		content_param(ct, params[0], params[1]);
	part = need(mailmime_new_empty(ct, fields));
	part->mm_data.mm_single = data;
	return part;
}

/* "=_" never occurs in quoted-printable or base64 output, so it cannot clash. */
static struct mailmime *
multipart(const char *type)
{
	struct mailmime		*mp = need(mailmime_multiple_new(type));
	struct mailmime_parameter *pa;
	clistiter		*it;
	char			 rnd[25];

	if (random_hex(rnd, 12) == -1)
		snprintf(rnd, sizeof(rnd), "%lx%lx", (long)getpid(), (long)time(NULL));
	for (it = clist_begin(mp->mm_content_type->ct_parameters); it != NULL; it = clist_next(it)) {
		pa = clist_content(it);
		if (strcasecmp(pa->pa_name, "boundary") == 0) {
			free(pa->pa_value);
			pa->pa_value = xasprintf("=_rapport_%s", rnd);
		}
	}
	return mp;
}

static int
method_valid(const char *m)
{
	static const char *const ok[] = { "PUBLISH", "REQUEST", "REPLY", "ADD", "CANCEL",
	    "REFRESH", "COUNTER", "DECLINECOUNTER" };
	size_t i;

	for (i = 0; i < nitems(ok); i++)
		if (strcmp(m, ok[i]) == 0)
			return 1;
	return 0;
}

static int
filename_valid(const char *f)
{
	size_t n = 0;

	for (; *f != '\0'; f++, n++)
		if (!is_alnum((unsigned char)*f) && strchr("._-", *f) == NULL)
			return 0;
	return n > 0 && n <= 64;
}

static struct mailmime *
build_body(const struct compose_msg *m, struct bodies *b)
{
	static const char *const text_params[] = { "charset", "UTF-8", NULL };
	const char	*cal_params[] = { "method", NULL, "charset", "UTF-8", NULL };
	const char	*att_params[3];
	struct mailmime	*text, *alt, *mixed;

	text = leaf_part(b, "text/plain", m->text, 1, NULL, text_params);
	if (m->html == NULL && m->calendar == NULL)
		return text;
	alt = multipart("multipart/alternative");
	need_ok(mailmime_smart_add_part(alt, text));
	if (m->html != NULL)
		need_ok(mailmime_smart_add_part(alt,
		    leaf_part(b, "text/html", m->html, 1, NULL, text_params)));
	if (m->calendar == NULL)
		return alt;
	/* iCalendar lines are folded by their writer: no QP soft breaks in them */
	cal_params[1] = m->calendar_method != NULL ? m->calendar_method : "REQUEST";
	need_ok(mailmime_smart_add_part(alt,
	    leaf_part(b, "text/calendar", m->calendar, 0, NULL, cal_params)));
	if (m->calendar_attach == NULL)
		return alt;
	mixed = multipart("multipart/mixed");
	need_ok(mailmime_smart_add_part(mixed, alt));
	att_params[0] = "name";
	att_params[1] = m->calendar_attach;
	att_params[2] = NULL;
	need_ok(mailmime_smart_add_part(mixed,
	    leaf_part(b, "application/ics", m->calendar, 0, m->calendar_attach, att_params)));
	return mixed;
}

/* --- header fields */

static struct mailimf_mailbox *
mailbox(const struct compose_addr *a)
{
	struct strbuf	 name = STRBUF_INIT;
	char		*dn = NULL;

	if (header_text(a->name, NAME_MAX_BYTES, ENCWORD_MAX - 15, &name) == -1)
		need(NULL);
	if (name.len > 0)
		dn = need(sb_detach(&name, NULL));
	sb_free(&name);
	return need(mailimf_mailbox_new(dn, need(strdup(a->addr))));
}

static struct mailimf_address_list *
address_list(const struct compose_addr *a, size_t n)
{
	struct mailimf_address_list	*l = need(mailimf_address_list_new_empty());
	size_t				 i;

	for (i = 0; i < n; i++)
		need_ok(mailimf_address_list_add(l, need(mailimf_address_new(
		    MAILIMF_ADDRESS_MAILBOX, mailbox(&a[i]), NULL))));
	return l;
}

static struct mailimf_date_time *
date_field(time_t t, int off)
{
	struct tm	 tm;
	time_t		 local = t + off;
	int		 a = off < 0 ? -off : off, zone;

	gmtime_r(&local, &tm);
	zone = (a / 3600) * 100 + (a % 3600) / 60;
	return need(mailimf_date_time_new(tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? -zone : zone));
}

/* "<id>" to the malloc'ed "id" libetpan wants */
static char *
msgid_inner(const char *m)
{
	return need(strndup(m + 1, strlen(m) - 2));
}

static clist *
msgid_list(const char *const *ids, size_t n)
{
	clist	*l = NULL;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (!compose_msgid_valid(ids[i]))
			continue;	/* from received mail: leave out, never fail */
		if (l == NULL)
			l = need(clist_new());
		need_ok(clist_append(l, msgid_inner(ids[i])));
	}
	return l;
}

static struct mailimf_fields *
build_fields(const struct compose_msg *m, const char *msgid)
{
	struct mailimf_fields		*f;
	struct mailimf_mailbox_list	*from;
	struct mailimf_address_list	*reply_to = NULL, *cc = NULL;
	struct strbuf			 subj = STRBUF_INIT;
	const char			*auto_value;

	from = need(mailimf_mailbox_list_new_empty());
	need_ok(mailimf_mailbox_list_add(from, mailbox(&m->from)));
	if (m->reply_to.addr != NULL)
		reply_to = address_list(&m->reply_to, 1);
	if (m->ncc > 0)
		cc = address_list(m->cc, m->ncc);
	if (header_text(m->subject, SUBJECT_MAX_BYTES, ENCWORD_FIRST, &subj) == -1)
		need(NULL);
	f = need(mailimf_fields_new_with_data_all(
	    date_field(m->date != 0 ? m->date : now_utc(), m->utc_offset),
	    from, NULL, reply_to, address_list(m->to, m->nto), cc, NULL,
	    msgid_inner(msgid),
	    m->in_reply_to != NULL ? msgid_list(&m->in_reply_to, 1) : NULL,
	    msgid_list(m->references, m->nreferences),
	    need(sb_detach(&subj, NULL))));
	switch (m->auto_submitted) {
	case COMPOSE_AUTO_GENERATED:
		auto_value = "auto-generated";
		break;
	case COMPOSE_AUTO_REPLIED:
		auto_value = "auto-replied";
		break;
	default:
		auto_value = NULL;
		break;
	}
	if (auto_value != NULL)
		need_ok(mailimf_fields_add(f, need(mailimf_field_new_custom(
		    need(strdup("Auto-Submitted")), need(strdup(auto_value))))));
	return f;
}

/* --- the whole message */

static int
check_msg(const struct compose_msg *m, char *err, size_t errlen)
{
	char	 b[88];
	size_t	 i;

	if (!compose_addr_valid(m->from.addr))
		return errf(err, errlen, "invalid From address: %s", shown(m->from.addr, b, sizeof(b)));
	if (m->reply_to.addr != NULL && !compose_addr_valid(m->reply_to.addr))
		return errf(err, errlen, "invalid Reply-To address: %s", shown(m->reply_to.addr, b, sizeof(b)));
	if (m->nto == 0 || m->to == NULL)
		return errf(err, errlen, "no recipient");
	for (i = 0; i < m->nto; i++)
		if (!compose_addr_valid(m->to[i].addr))
			return errf(err, errlen, "invalid To address: %s", shown(m->to[i].addr, b, sizeof(b)));
	for (i = 0; i < m->ncc; i++)
		if (!compose_addr_valid(m->cc[i].addr))
			return errf(err, errlen, "invalid Cc address: %s", shown(m->cc[i].addr, b, sizeof(b)));
	if (m->text == NULL)
		return errf(err, errlen, "no text body");
	if (m->message_id != NULL && !compose_msgid_valid(m->message_id))
		return errf(err, errlen, "invalid Message-ID: %s", shown(m->message_id, b, sizeof(b)));
	if (m->calendar_method != NULL && !method_valid(m->calendar_method))
		return errf(err, errlen, "invalid calendar method: %s", shown(m->calendar_method, b, sizeof(b)));
	if (m->calendar_attach != NULL && !filename_valid(m->calendar_attach))
		return errf(err, errlen, "invalid attachment name: %s", shown(m->calendar_attach, b, sizeof(b)));
	if (m->calendar_attach != NULL && m->calendar == NULL)
		return errf(err, errlen, "attachment name without a calendar");
	if (m->utc_offset < -18 * 3600 || m->utc_offset > 18 * 3600)
		return errf(err, errlen, "UTC offset out of range");
	return 0;
}

int
compose_build(const struct compose_msg *m, char **out, size_t *outlen,
    char *err, size_t errlen)
{
	struct bodies	 b = { { NULL }, 0 };
	struct mailmime	*msg;
	MMAPString	*s;
	char		 mid[COMPOSE_MSGID_MAX];
	const char	*domain;
	int		 col = 0, r;

	if (check_msg(m, err, errlen) == -1)
		return -1;
	if (m->message_id == NULL) {
		domain = strrchr(m->from.addr, '@') + 1;
		if (compose_message_id("mail", "0", domain, mid, sizeof(mid)) == -1)
			return errf(err, errlen, "cannot make a Message-ID (no randomness?)");
	} else
		snprintf(mid, sizeof(mid), "%s", m->message_id);

	msg = need(mailmime_new_message_data(NULL));
	mailmime_set_imf_fields(msg, build_fields(m, mid));
	need_ok(mailmime_smart_add_part(msg, build_body(m, &b)));
	s = need(mmap_string_new(""));
	r = mailmime_write_mem(s, &col, msg);
	mailmime_free(msg);
	bodies_free(&b);
	if (r != MAILIMF_NO_ERROR) {
		mmap_string_free(s);
		snprintf(err, errlen, "libetpan could not write the message (error %d)", r);
		return -1;
	}
	*out = xmalloc(s->len + 1);
	memcpy(*out, s->str, s->len);
	(*out)[s->len] = '\0';
	*outlen = s->len;
	mmap_string_free(s);
	return 0;
}
