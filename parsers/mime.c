/*
 * mime.c: raw message to struct mail_msg with libetpan; see mime.h.
 *
 * Order of work: pre-scan (refuse over-limit input before libetpan sees it),
 * copy into a zero-padded buffer (libetpan's QP decoder reads past a final
 * '='), mailmime_parse(), then one depth-capped walk of the MIME tree that
 * picks the body, the calendars and the delivery-status parts. From,
 * Date, Subject and the ids are read while the copy is made when they are
 * of a common form (hdrscan.h), else by libetpan (its IMF fields); the few
 * raw values (Auto-Submitted...) come from our own scan of the top header
 * section, which keeps them exactly as sent. To and Cc are not read:
 * nothing needs them.
 */
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libetpan/libetpan.h>

#include "hdrscan.h"
#include "html.h"
#include "lex.h"
#include "caps.h"
#include "mime.h"
#include "rawhdr.h"
#include "strbuf.h"

#define MIME_MAX_DEFECTS	32
#define MIME_MAX_REFS		1000
#define MIME_MAX_DSN		256
#define MIME_MAX_CALENDARS	16

/* The top-level fields whose values are kept as sent (see m_raw_top). */
enum m_raw {
	MR_AUTO_SUBMITTED, MR_X_AUTOREPLY, MR_X_AUTORESPOND, MR_PRECEDENCE,
	MR_LIST_ID, MR_X_AUTO_RESPONSE_SUPPRESS, MR_CONTENT_TYPE, MR_MESSAGE_ID,
	MR_N, MR_NONE = -1
};

struct m_ctx {
	struct mail_msg	*msg;
	int		 oom;
	struct strbuf	 body;
	int		 body_parts;	/* text parts appended to body */
	int		 in_report;	/* inside multipart/report */
	/* the first value of each enum m_raw field, as sent (p NULL: none),
	 * found while libetpan's copy is made; valid when top_clean (the copy
	 * saw the whole header section) */
	struct hs_span	 top[MR_N];
	int		 top_clean;
};

static pthread_once_t m_once = PTHREAD_ONCE_INIT;

/* --- small string helpers */

static char *
m_strndup(struct m_ctx *c, const char *s, size_t n)
{
	char *p;

	if ((p = malloc(n + 1)) == NULL) {
		c->oom = 1;
		return NULL;
	}
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void
m_defect(struct m_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
m_defect(struct m_ctx *c, const char *fmt, ...)
{
	struct mail_msg	*m = c->msg;
	char		 buf[200], **nd;
	va_list		 ap;
	size_t		 i;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (i = 0; i < m->ndefects; i++)
		if (strcmp(m->defects[i], buf) == 0)
			return;
	if (m->ndefects >= MIME_MAX_DEFECTS)
		return;
	if ((nd = reallocarray(m->defects, m->ndefects + 1, sizeof(*nd))) == NULL) {
		c->oom = 1;
		return;
	}
	m->defects = nd;
	if ((nd[m->ndefects] = m_strndup(c, buf, strlen(buf))) != NULL)
		m->ndefects++;
}

static int
m_lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

/* --- UTF-8 */

/* Length of the run of ASCII bytes (no NUL) at s: eight bytes at a time,
 * because most mail text is ASCII and this is the hot loop of decoding. */
static size_t
m_ascii_run(const unsigned char *s, size_t n)
{
	size_t		i = 0;
	uint64_t	w;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		/* a high bit set, or a zero byte (the classic haszero test) */
		if ((w & 0x8080808080808080ULL) != 0 ||
		    ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL) != 0)
			break;
	}
	while (i < n && s[i] != 0 && s[i] < 0x80)
		i++;
	return i;
}

/* Count valid multi-byte sequences, invalid bytes and NULs. */
static void
m_utf8_census(const char *s, size_t n, size_t *multi, size_t *bad, size_t *nuls)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, l;

	*multi = *bad = *nuls = 0;
	while (i < n) {
		i += m_ascii_run(p + i, n - i);
		if (i >= n)
			break;
		if (p[i] == 0) {
			(*nuls)++;
			i++;
			continue;
		}
		if ((l = lex_utf8_valid(p + i, n - i)) == 0) {
			(*bad)++;
			i++;
			continue;
		}
		if (l > 1)
			(*multi)++;
		i += l;
	}
}

static int
m_utf8_valid(const char *s, size_t n, int *nonascii)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, l;

	*nonascii = 0;
	while (i < n) {
		if ((l = lex_utf8_valid(p + i, n - i)) == 0)
			return 0;
		if (l > 1)
			*nonascii = 1;
		i += l;
	}
	return 1;
}

/* Copy, replacing invalid sequences with U+FFFD and dropping NULs. Two
 * passes: measure, then copy valid runs whole. */
static char *
m_utf8_fix(const char *s, size_t n, size_t *outlen, int *replaced)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, l, run, out = 0;
	char			*res, *w;

	for (i = 0; i < n; i += l) {
		if ((l = m_ascii_run(p + i, n - i)) > 0) {
			out += l;
			continue;
		}
		if (p[i] == 0)
			l = 1;
		else if ((l = lex_utf8_valid(p + i, n - i)) == 0) {
			l = 1;
			out += 3;
		} else
			out += l;
	}
	if ((res = malloc(out + 1)) == NULL)
		return NULL;
	for (w = res, i = 0; i < n; ) {
		run = i + m_ascii_run(p + i, n - i);
		if (run > i) {
			memcpy(w, p + i, run - i);
			w += run - i;
			i = run;
			continue;
		}
		if (p[i] == 0) {
			i++;
			continue;
		}
		if ((l = lex_utf8_valid(p + i, n - i)) == 0) {
			memcpy(w, "\xef\xbf\xbd", 3);
			w += 3;
			if (replaced != NULL)
				*replaced = 1;
			i++;
			continue;
		}
		memcpy(w, p + i, l);
		w += l;
		i += l;
	}
	*w = '\0';
	if (outlen != NULL)
		*outlen = (size_t)(w - res);
	return res;
}

/* Windows-1252 (which mail calls ISO-8859-1 more often than not) by table. */
static const unsigned short m_cp1252[32] = {
	0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
	0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178
};

/* Write cp (< 0x10000) as UTF-8 at w; returns the bytes written. */
static size_t
m_put_cp(char *w, unsigned int cp)
{
	if (cp < 0x80) {
		w[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		w[0] = (char)(0xc0 | (cp >> 6));
		w[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	w[0] = (char)(0xe0 | (cp >> 12));
	w[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
	w[2] = (char)(0x80 | (cp & 0x3f));
	return 3;
}

static char *
m_from_cp1252(const char *s, size_t n, size_t *outlen)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			*res, *w;
	size_t			 i;

	/* at most 3 bytes of UTF-8 per byte */
	if (n > (SIZE_MAX - 1) / 3 || (res = malloc(n * 3 + 1)) == NULL)
		return NULL;
	for (w = res, i = 0; i < n; i++) {
		if (p[i] == 0)
			continue;
		if (p[i] >= 0x80 && p[i] < 0xa0)
			w += m_put_cp(w, m_cp1252[p[i] - 0x80]);
		else
			w += m_put_cp(w, p[i]);
	}
	*w = '\0';
	*outlen = (size_t)(w - res);
	return res;
}

/* Charset names mail uses that iconv knows better under another name. */
static const char *
m_charset_alias(const char *cs)
{
	static const struct { const char *from, *to; } tab[] = {
		{ "shift_jis", "CP932" }, { "shift-jis", "CP932" },
		{ "sjis", "CP932" }, { "x-sjis", "CP932" },
		{ "ms_kanji", "CP932" }, { "windows-31j", "CP932" },
		{ "euc-kr", "CP949" }, { "ks_c_5601-1987", "CP949" },
		{ "gb2312", "GB18030" }, { "gbk", "GB18030" },
		{ "x-gbk", "GB18030" }, { "cn-gb", "GB18030" },
		{ "iso-2022-jp", "ISO-2022-JP-3" },
		{ "unicode-1-1-utf-7", "UTF-7" }, { "x-unicode20utf8", "UTF-8" },
		{ "windows-874", "CP874" }, { "tis-620", "CP874" },
		{ "big5", "BIG5-HKSCS" }, { "x-mac-roman", "MACINTOSH" },
		{ "iso-8859-8-i", "ISO-8859-8" },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcasecmp(cs, tab[i].from) == 0)
			return tab[i].to;
	return cs;
}

static int
m_is_charset(const char *cs, const char *const *names)
{
	for (; *names != NULL; names++)
		if (strcasecmp(cs, *names) == 0)
			return 1;
	return 0;
}

static const char *const m_cs_utf8[] = {
	"utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968", "unknown",
	"unknown-8bit", "x-unknown", "default", "", NULL
};

static const char *const m_cs_latin1[] = {
	"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1",
	"windows-1252", "cp1252", "x-cp1252", "cp819", "ibm819", NULL
};

/*
 * libetpan's charconv() opens an iconv descriptor for every call, and it
 * is called for every word of every Content-Type value and encoded word.
 * This is its conversion hook (extended_charconv): the common cases into
 * UTF-8 directly (US-ASCII, ISO-8859-1, valid UTF-8), the rest with iconv
 * as charconv() would do it, '?' for each byte iconv rejects and stopping
 * at an incomplete sequence or a full buffer. out holds *outlen bytes
 * (charconv gives 6 per input byte); "unknown charset" when iconv has no
 * such conversion, as before.
 */
static int
m_charconv(const char *to, const char *from, const char *s, size_t n,
    char *out, size_t *outlen)
{
	static const char *const ascii[] = {
		"us-ascii", "ascii", "ansi_x3.4-1968", NULL
	};
	static const char *const latin1[] = {
		"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", NULL
	};
	const unsigned char	*p = (const unsigned char *)s;
	char			*ib = (char *)(uintptr_t)s, *ob = out;
	size_t			 i, w = 0, ibl = n, obl = *outlen;
	iconv_t			 cd;
	int			 nonascii;

	if (strcasecmp(to, "utf-8") == 0 && *outlen >= 2 * n) {
		if (m_is_charset(from, ascii)) {
			for (i = 0; i < n; i++)
				out[w++] = p[i] < 0x80 ? (char)p[i] : '?';
			goto done;
		}
		if (m_is_charset(from, latin1)) {
			for (i = 0; i < n; i++)
				w += m_put_cp(out + w, p[i]);
			goto done;
		}
		if ((strcasecmp(from, "utf-8") == 0 || strcasecmp(from, "utf8") == 0) &&
		    m_utf8_valid(s, n, &nonascii)) {
			memcpy(out, s, n);
			w = n;
			goto done;
		}
	}
	if ((cd = iconv_open(to, from)) == (iconv_t)-1)
		return MAIL_CHARCONV_ERROR_UNKNOWN_CHARSET;
	while (iconv(cd, &ib, &ibl, &ob, &obl) == (size_t)-1 && ibl > 0 &&
	    obl > 0 && errno == EILSEQ) {
		*ob++ = '?';
		obl--;
		ib++, ibl--;
	}
	iconv_close(cd);
	w = (size_t)(ob - out);
done:
	*outlen = w;
	return MAIL_CHARCONV_NO_ERROR;
}

static void
m_setup(void)
{
	if (extended_charconv == NULL)
		extended_charconv = m_charconv;
}

/* What mime_to_utf8 noticed, for the defects list. */
#define M_CS_GUESSED	0x01	/* declared charset missing, unknown or wrong */
#define M_CS_REPLACED	0x02	/* invalid sequences replaced */

static char *
m_to_utf8(const char *s, size_t n, const char *charset, size_t *outlen,
    unsigned *flags)
{
	char	 cs[64];
	char	*conv = NULL, *res;
	size_t	 convlen = 0, i, j, multi, bad, nuls;
	int	 nonascii, replaced = 0;

	*flags = 0;
	/* trim and unquote the label */
	for (i = 0, j = 0; charset != NULL && charset[i] != '\0' &&
	    j < sizeof(cs) - 1; i++)
		if (charset[i] != '"' && charset[i] != '\'' &&
		    charset[i] != ' ' && charset[i] != '\t')
			cs[j++] = (char)m_lower((unsigned char)charset[i]);
	cs[j] = '\0';

	if (m_is_charset(cs, m_cs_utf8)) {
		m_utf8_census(s, n, &multi, &bad, &nuls);
		if (bad == 0 && nuls == 0) {	/* valid as it is: a copy */
			if ((res = malloc(n + 1)) == NULL)
				return NULL;
			memcpy(res, s, n);
			res[n] = '\0';
			*outlen = n;
			return res;
		}
		if (bad == 0)
			return m_utf8_fix(s, n, outlen, NULL);
		/* mostly UTF-8 with a few broken bytes: keep it, replace those */
		if (multi >= bad) {
			*flags |= M_CS_REPLACED;
			return m_utf8_fix(s, n, outlen, NULL);
		}
		/* 8-bit text labelled UTF-8 or ASCII: most likely Windows-1252 */
		*flags |= M_CS_GUESSED;
		return m_from_cp1252(s, n, outlen);
	}
	if (m_is_charset(cs, m_cs_latin1)) {
		/* valid UTF-8 with non-ASCII in it is UTF-8 mislabelled */
		if (m_utf8_valid(s, n, &nonascii) && nonascii) {
			*flags |= M_CS_GUESSED;
			return m_utf8_fix(s, n, outlen, NULL);
		}
		return m_from_cp1252(s, n, outlen);
	}
	if (charconv_buffer("utf-8", m_charset_alias(cs), s, n, &conv,
	    &convlen) != MAIL_CHARCONV_NO_ERROR) {
		*flags |= M_CS_GUESSED;
		if (m_utf8_valid(s, n, &nonascii))
			return m_utf8_fix(s, n, outlen, NULL);
		return m_from_cp1252(s, n, outlen);
	}
	res = m_utf8_fix(conv, convlen, outlen, &replaced);
	charconv_buffer_free(conv);
	/* iconv writes '?' for what it cannot convert; count that as
	 * replaced only when our own check found something too */
	if (replaced)
		*flags |= M_CS_REPLACED;
	return res;
}

char *
mime_to_utf8(const char *s, size_t len, const char *charset, size_t *outlen)
{
	unsigned flags;

	return m_to_utf8(s, len, charset, outlen, &flags);
}

/* --- format=flowed (RFC 3676) */

char *
mime_unflow(const char *s, size_t len, int delsp, size_t *outlen)
{
	struct strbuf	 sb;
	const char	*l, *e, *nl;
	size_t		 pos = 0, q, n, k, pq = 0;
	int		 open = 0, flowed;

	sb_init(&sb, 0);
	sb_reserve(&sb, len);
	while (pos < len) {
		l = s + pos;
		nl = memchr(l, '\n', len - pos);
		e = nl != NULL ? nl : s + len;
		pos = (size_t)(e - s) + (nl != NULL);
		n = (size_t)(e - l);
		if (n > 0 && l[n - 1] == '\r')
			n--;
		for (q = 0; q < n && l[q] == '>'; q++)
			;
		k = q;
		if (k < n && l[k] == ' ')	/* space-stuffing */
			k++;
		flowed = n > k && l[n - 1] == ' ' &&
		    !(n - k == 3 && memcmp(l + k, "-- ", 3) == 0);
		if (open && q != pq) {		/* a quote level change ends it */
			sb_addc(&sb, '\n');
			open = 0;
		}
		if (!open) {
			for (size_t i = 0; i < q; i++)
				sb_addc(&sb, '>');
			if (q > 0 && n > k)
				sb_addc(&sb, ' ');
		}
		if (flowed && delsp)
			sb_add(&sb, l + k, n - k - 1);
		else
			sb_add(&sb, l + k, n - k);
		if (flowed) {
			open = 1;
			pq = q;
		} else {
			if (nl != NULL)
				sb_addc(&sb, '\n');
			open = 0;
		}
	}
	if (sb_add(&sb, "", 0) == -1) {
		sb_free(&sb);
		return NULL;
	}
	return sb_detach(&sb, outlen);
}

/* --- headers */

/* Clean a decoded header value: valid UTF-8, no control characters,
 * white space runs collapsed, trimmed. */
static char *
m_clean(struct m_ctx *c, const char *s, size_t n)
{
	char	*fixed, *w, *r;
	size_t	 flen;
	int	 sp = 0;

	if ((fixed = m_utf8_fix(s, n, &flen, NULL)) == NULL) {
		c->oom = 1;
		return NULL;
	}
	for (r = w = fixed; *r != '\0'; r++) {
		if ((unsigned char)*r < 0x20 || *r == 0x7f || *r == ' ') {
			sp = w != fixed;
			continue;
		}
		if (sp)
			*w++ = ' ';
		sp = 0;
		*w++ = *r;
	}
	*w = '\0';
	return fixed;
}

/* RFC 2047 decoding of a phrase or unstructured value, to clean UTF-8. */
static char *
m_decode_words(struct m_ctx *c, const char *s)
{
	char	*out = NULL, *res;
	size_t	 idx = 0, n = strlen(s);
	int	 nonascii;
	const char *deflt;

	deflt = m_utf8_valid(s, n, &nonascii) ? "utf-8" : "windows-1252";
	/* no encoded word: nothing to decode or convert (most values) */
	if (deflt[0] == 'u' && memmem(s, n, "=?", 2) == NULL)
		return m_clean(c, s, n);
	if (mailmime_encoded_phrase_parse(deflt, s, n, &idx, "utf-8", &out) !=
	    MAILIMF_NO_ERROR || out == NULL)
		return m_clean(c, s, n);
	res = m_clean(c, out, strlen(out));
	free(out);
	return res;
}

/* Message-ID without brackets and white space. */
static char *
m_msgid(struct m_ctx *c, const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '<')
		s++;
	for (n = 0; s[n] != '\0' && s[n] != '>' && s[n] != ' ' &&
	    s[n] != '\t' && s[n] != '\r' && s[n] != '\n'; n++)
		;
	if (n == 0)
		return NULL;
	return m_clean(c, s, n);
}

static void
m_addr(struct m_ctx *c, struct mail_addr *a, const struct mailimf_mailbox *mb)
{
	if (mb->mb_addr_spec != NULL)
		a->addr = m_clean(c, mb->mb_addr_spec, strlen(mb->mb_addr_spec));
	if (mb->mb_display_name != NULL && mb->mb_display_name[0] != '\0')
		a->name = m_decode_words(c, mb->mb_display_name);
}

/* Append id (taken over; NULL is skipped) to *v; -1 when out of memory. */
static int
m_id_push(struct m_ctx *c, char ***v, size_t *n, char *id)
{
	char **nv;

	if (id == NULL)
		return 0;
	if ((nv = reallocarray(*v, *n + 1, sizeof(*nv))) == NULL) {
		free(id);
		c->oom = 1;
		return -1;
	}
	*v = nv;
	nv[(*n)++] = id;
	return 0;
}

static void
m_id_list(struct m_ctx *c, char ***v, size_t *n, clist *l)
{
	clistiter *it;

	for (it = clist_begin(l); it != NULL && *n < MIME_MAX_REFS;
	    it = clist_next(it))
		if (m_id_push(c, v, n, m_msgid(c, clist_content(it))) == -1)
			return;
}

static int
m_days_from_civil(long y, unsigned m, unsigned d, long *days)
{
	long		 era;
	unsigned	 yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*days = era * 146097 + (long)doe - 719468;
	return 0;
}

static void
m_date(struct m_ctx *c, const struct mailimf_date_time *dt)
{
	struct mail_msg	*m = c->msg;
	long		 y = dt->dt_year, days;
	int		 z = dt->dt_zone, az = z < 0 ? -z : z;

	if (y >= 0 && y < 50)
		y += 2000;
	else if (y >= 50 && y < 1000)
		y += 1900;
	if (y < 1900 || y > 9999 || dt->dt_month < 1 || dt->dt_month > 12 ||
	    dt->dt_day < 1 || dt->dt_day > 31 || dt->dt_hour < 0 ||
	    dt->dt_hour > 23 || dt->dt_min < 0 || dt->dt_min > 59 ||
	    dt->dt_sec < 0 || dt->dt_sec > 60 || az % 100 > 59 || az > 2359) {
		m_defect(c, "Date out of range");
		return;
	}
	m_days_from_civil(y, (unsigned)dt->dt_month, (unsigned)dt->dt_day, &days);
	m->date_offset = (z < 0 ? -1 : 1) * (az / 100 * 60 + az % 100);
	m->date = (time_t)days * 86400 + dt->dt_hour * 3600 + dt->dt_min * 60 +
	    dt->dt_sec - (time_t)m->date_offset * 60;
	m->has_date = 1;
}

static void
m_imf_fields(struct m_ctx *c, struct mailimf_fields *f)
{
	struct mail_msg		*m = c->msg;
	clistiter		*it;
	struct mailimf_field	*fld;
	clist			*l;

	if (f == NULL)
		return;
	for (it = clist_begin(f->fld_list); it != NULL; it = clist_next(it)) {
		fld = clist_content(it);
		switch (fld->fld_type) {
		case MAILIMF_FIELD_MESSAGE_ID:
			if (m->message_id == NULL)
				m->message_id = m_msgid(c,
				    fld->fld_data.fld_message_id->mid_value);
			break;
		case MAILIMF_FIELD_IN_REPLY_TO:
			l = fld->fld_data.fld_in_reply_to->mid_list;
			if (m->in_reply_to == NULL && l != NULL &&
			    clist_begin(l) != NULL)
				m->in_reply_to = m_msgid(c,
				    clist_content(clist_begin(l)));
			break;
		case MAILIMF_FIELD_REFERENCES:
			if (m->nreferences == 0)
				m_id_list(c, &m->references, &m->nreferences,
				    fld->fld_data.fld_references->mid_list);
			break;
		case MAILIMF_FIELD_FROM:
			l = fld->fld_data.fld_from->frm_mb_list->mb_list;
			if (m->from.addr == NULL && clist_begin(l) != NULL)
				m_addr(c, &m->from, clist_content(clist_begin(l)));
			break;
		case MAILIMF_FIELD_SUBJECT:
			if (m->subject == NULL)
				m->subject = m_decode_words(c,
				    fld->fld_data.fld_subject->sbj_value);
			break;
		case MAILIMF_FIELD_ORIG_DATE:
			if (!m->has_date)
				m_date(c, fld->fld_data.fld_orig_date->dt_date_time);
			break;
		default:
			break;
		}
	}
}

/*
 * The fields m_imf_fields() reads, when hdrscan.c knows their form: read
 * here and not given to libetpan (whose character-at-a-time parse of them
 * was most of its header work). The first field of a kind decides: read
 * here, the later ones are dropped as libetpan's reading would have
 * ignored them; left to libetpan, the later ones go to it too.
 */
enum m_kind { MK_FROM, MK_SUBJECT, MK_DATE, MK_MID, MK_IRT, MK_REFS, MK_N, MK_OTHER = MK_N };

/* A display name with its white space runs made single spaces (as
 * libetpan joins the words of a phrase), RFC 2047-decoded. */
static char *
m_fast_name(struct m_ctx *c, const struct hs_span *sp)
{
	char	*t, *res;
	size_t	 i, w = 0;

	if ((t = malloc(sp->n + 1)) == NULL) {
		c->oom = 1;
		return NULL;
	}
	for (i = 0; i < sp->n; i++) {
		if (sp->p[i] == ' ' || sp->p[i] == '\t' || sp->p[i] == '\r' || sp->p[i] == '\n') {
			if (w == 0 || t[w - 1] != ' ')
				t[w++] = ' ';
		} else
			t[w++] = sp->p[i];
	}
	t[w] = '\0';
	res = m_decode_words(c, t);
	free(t);
	return res;
}

/* The first mailbox of From's list v, when the whole list is of a common
 * form: 0, or -1. */
static int
m_fast_from(struct m_ctx *c, const char *v, size_t n, struct mail_addr *a)
{
	struct hs_mailbox	 mb, first;
	size_t			 pos = 0;
	int			 r;

	if (hs_mailbox_next(v, n, &pos, &first) != 1)
		return -1;
	while ((r = hs_mailbox_next(v, n, &pos, &mb)) == 1)
		;
	if (r == -1)
		return -1;
	/* printable ASCII without spaces (hdrscan checked): nothing to clean */
	a->addr = m_strndup(c, first.addr.p, first.addr.n);
	if (first.name.n > 0)
		a->name = m_fast_name(c, &first.name);
	return 0;
}

/* The ids of a plain message-id list: the number pushed (up to max), or -1. */
static int
m_fast_ids(struct m_ctx *c, const char *v, size_t n, char ***ids, size_t *nids, size_t max)
{
	struct hs_span	id;
	size_t		pos = 0;
	int		r, k = 0;

	while ((r = hs_msgid_next(v, n, &pos, &id)) == 1)
		k++;
	if (r == -1)
		return -1;
	/* printable ASCII without spaces (hdrscan checked): nothing to clean */
	for (pos = 0; *nids < max && hs_msgid_next(v, n, &pos, &id) == 1; )
		if (m_id_push(c, ids, nids, m_strndup(c, id.p, id.n)) == -1)
			break;
	return k;
}

/*
 * Read the value v[0..n) of a field of kind k into the message: 0 when it
 * was read here (or is to be ignored), -1 when libetpan is to read it.
 * *later is set to what happens to the later fields of the kind: 1 they
 * are ignored, 0 they go to libetpan (a Date read here but out of range).
 */
static int
m_fast_field(struct m_ctx *c, enum m_kind k, const char *v, size_t n, int *later)
{
	struct mail_msg		*m = c->msg;
	struct mailimf_date_time dt;
	struct hs_date		 d;
	char			**one = NULL, *t;
	size_t			 none = 0;
	int			 r;

	*later = 1;
	switch (k) {
	case MK_FROM:
		return m_fast_from(c, v, n, &m->from);
	case MK_SUBJECT:
		/* unstructured: from the first non-blank, folds and all */
		while (n > 0 && (*v == ' ' || *v == '\t'))
			v++, n--;
		if ((t = m_strndup(c, v, n)) != NULL) {
			m->subject = m_decode_words(c, t);
			free(t);
		}
		return 0;
	case MK_DATE:
		if (hs_date(v, n, &d) == -1)
			return -1;
		dt.dt_day = d.day;
		dt.dt_month = d.month;
		dt.dt_year = d.year;
		dt.dt_hour = d.hour;
		dt.dt_min = d.min;
		dt.dt_sec = d.sec;
		dt.dt_zone = d.zone;
		m_date(c, &dt);
		*later = m->has_date;
		return 0;
	case MK_MID:
	case MK_IRT:
		/* Message-ID holds one id; In-Reply-To's first one counts */
		if ((r = m_fast_ids(c, v, n, &one, &none, 1)) < 1 || (k == MK_MID && r != 1)) {
			while (none > 0)
				free(one[--none]);
			free(one);
			return -1;
		}
		if (none > 0)
			*(k == MK_MID ? &m->message_id : &m->in_reply_to) = one[0];
		free(one);
		return 0;
	case MK_REFS:
		return m_fast_ids(c, v, n, &m->references, &m->nreferences, MIME_MAX_REFS) > 0 ? 0 : -1;
	default:
		return -1;
	}
}

/*
 * Our own reading of a header section: the first value of each wanted field,
 * unfolded and trimmed, as sent. The section ends like prescan's.
 */
struct m_want {
	const char	*name;
	char		**slot;
};

static void
m_raw_headers(struct m_ctx *c, const char *s, size_t len, struct m_want *w,
    size_t nw)
{
	const char	*l, *nl;
	size_t		 pos = 0, n, namelen, colon, i, cur = nw;
	struct strbuf	 v;

	sb_init(&v, LIMIT_HEADER_SIZE);
	while (pos < len) {
		l = s + pos;
		nl = memchr(l, '\n', len - pos);
		n = nl != NULL ? (size_t)(nl - l) : len - pos;
		pos += n + (nl != NULL);
		if (n > 0 && l[n - 1] == '\r')
			n--;
		if (n > 0 && (l[0] == ' ' || l[0] == '\t')) {
			/* a continuation: of a wanted field, or skipped */
			if (cur < nw)
				sb_add(&v, l, n);
			continue;
		}
		if (cur < nw && *w[cur].slot == NULL)
			*w[cur].slot = m_clean(c, sb_str(&v), v.len);
		cur = nw;
		sb_reset(&v);
		if (n == 0 || (namelen = rawhdr_field_name(l, n, &colon)) == 0)
			break;
		for (i = 0; i < nw; i++)
			if (*w[i].slot == NULL && namelen == strlen(w[i].name) &&
			    strncasecmp(l, w[i].name, namelen) == 0)
				break;
		if (i < nw) {
			cur = i;
			sb_add(&v, l + colon + 1, n - colon - 1);
		}
	}
	if (cur < nw && *w[cur].slot == NULL)
		*w[cur].slot = m_clean(c, sb_str(&v), v.len);
	sb_free(&v);
}

/* --- MIME parts */

struct m_part {
	struct mailmime			*mime;
	struct mailmime_single_fields	 sf;
	const char			*type;		/* "text" */
	const char			*subtype;	/* "plain" */
	int				 attachment;
};

static const char *
m_type_name(const struct mailmime_content *ct)
{
	const struct mailmime_type *t;

	if (ct == NULL || (t = ct->ct_type) == NULL)
		return "text";
	if (t->tp_type == MAILMIME_TYPE_DISCRETE_TYPE) {
		switch (t->tp_data.tp_discrete_type->dt_type) {
		case MAILMIME_DISCRETE_TYPE_TEXT:	return "text";
		case MAILMIME_DISCRETE_TYPE_IMAGE:	return "image";
		case MAILMIME_DISCRETE_TYPE_AUDIO:	return "audio";
		case MAILMIME_DISCRETE_TYPE_VIDEO:	return "video";
		case MAILMIME_DISCRETE_TYPE_APPLICATION: return "application";
		default:
			return t->tp_data.tp_discrete_type->dt_extension != NULL ?
			    t->tp_data.tp_discrete_type->dt_extension : "";
		}
	}
	switch (t->tp_data.tp_composite_type->ct_type) {
	case MAILMIME_COMPOSITE_TYPE_MESSAGE:	return "message";
	case MAILMIME_COMPOSITE_TYPE_MULTIPART:	return "multipart";
	default:
		return t->tp_data.tp_composite_type->ct_token != NULL ?
		    t->tp_data.tp_composite_type->ct_token : "";
	}
}

/* A Content-Type parameter, without quotes; NULL if absent. Points into
 * a static-free scratch buffer owned by the caller. */
static const char *
m_param(struct mailmime_content *ct, const char *name, char *buf, size_t bufsz)
{
	char	*v;
	size_t	 n;

	if (ct == NULL || (v = mailmime_content_param_get(ct, (char *)name)) == NULL)
		return NULL;
	n = strlen(v);
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v++;
		n -= 2;
	}
	if (n >= bufsz)
		n = bufsz - 1;
	memcpy(buf, v, n);
	buf[n] = '\0';
	return buf;
}

static void
m_part_init(struct m_part *p, struct mailmime *mime)
{
	memset(p, 0, sizeof(*p));
	p->mime = mime;
	mailmime_single_fields_init(&p->sf, mime->mm_mime_fields,
	    mime->mm_content_type);
	p->type = m_type_name(mime->mm_content_type);
	p->subtype = mime->mm_content_type != NULL &&
	    mime->mm_content_type->ct_subtype != NULL ?
	    mime->mm_content_type->ct_subtype : "plain";
	p->attachment = p->sf.fld_disposition != NULL &&
	    p->sf.fld_disposition->dsp_type != NULL &&
	    p->sf.fld_disposition->dsp_type->dsp_type ==
	    MAILMIME_DISPOSITION_TYPE_ATTACHMENT;
}

static int
m_is(const struct m_part *p, const char *type, const char *subtype)
{
	return strcasecmp(p->type, type) == 0 &&
	    (subtype == NULL || strcasecmp(p->subtype, subtype) == 0);
}

static const char *
m_filename(const struct m_part *p)
{
	if (p->sf.fld_disposition_filename != NULL)
		return p->sf.fld_disposition_filename;
	return p->sf.fld_content_name;
}

static int
m_has_suffix(const char *s, const char *suf)
{
	size_t n, k = strlen(suf);

	if (s == NULL)
		return 0;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == '"' || s[n - 1] == ' '))
		n--;
	return n >= k && strncasecmp(s + n - k, suf, k) == 0;
}

/* Undo the transfer encoding; *out is malloc'd (NUL-terminated). */
static int
m_decode(struct m_ctx *c, struct m_part *p, char **out, size_t *outlen, int *owned)
{
	struct mailmime_data	*d = p->mime->mm_data.mm_single;
	char			*dec = NULL;
	size_t			 idx = 0, declen = 0;
	int			 enc;

	*out = NULL;
	*outlen = 0;
	*owned = 0;
	if (d == NULL || d->dt_type != MAILMIME_DATA_TEXT)
		return -1;
	enc = p->sf.fld_encoding != NULL ? p->sf.fld_encoding->enc_type :
	    MAILMIME_MECHANISM_8BIT;
	if (enc != MAILMIME_MECHANISM_BASE64 &&
	    enc != MAILMIME_MECHANISM_QUOTED_PRINTABLE) {
		/* 7bit, 8bit, binary (or unknown, read as binary): the bytes
		 * as they are, where they lie (libetpan would copy them) */
		declen = d->dt_data.dt_text.dt_length;
		if (declen > LIMIT_TEXT_SIZE) {
			m_defect(c, "text part cut at %u bytes", LIMIT_TEXT_SIZE);
			declen = LIMIT_TEXT_SIZE;
		}
		*out = (char *)d->dt_data.dt_text.dt_data;
		*outlen = declen;
		return 0;
	}
	/* the data lies inside our zero-padded copy of the message, so a
	 * final "=" read one byte further stays inside the allocation */
	if (mailmime_part_parse(d->dt_data.dt_text.dt_data,
	    d->dt_data.dt_text.dt_length, &idx, enc, &dec, &declen) !=
	    MAILIMF_NO_ERROR || dec == NULL) {
		m_defect(c, "undecodable %s/%s part", p->type, p->subtype);
		return -1;
	}
	if (declen > LIMIT_TEXT_SIZE) {
		m_defect(c, "text part cut at %u bytes", LIMIT_TEXT_SIZE);
		declen = LIMIT_TEXT_SIZE;
	}
	*out = dec;	/* freed with mailmime_decoded_part_free() */
	*owned = 1;
	*outlen = declen;
	return 0;
}

/* CRLF and lone CR to LF, in place; returns the new length. */
static size_t
m_lf(char *s, size_t n)
{
	char	*cr;
	size_t	 r = 0, w = 0, k;

	while ((cr = memchr(s + r, '\r', n - r)) != NULL) {
		k = (size_t)(cr - (s + r));
		if (w != r)
			memmove(s + w, s + r, k);
		w += k;
		r += k + 1;
		s[w++] = '\n';
		if (r < n && s[r] == '\n')
			r++;
	}
	if (w != r)
		memmove(s + w, s + r, n - r);
	w += n - r;
	s[w] = '\0';
	return w;
}

/* Decoded and converted to UTF-8 (NUL-terminated, malloc'd); text other
 * than calendars gets LF line endings. */
static char *
m_part_text(struct m_ctx *c, struct m_part *p, size_t *outlen)
{
	char		*raw, *u, cs[64], meta[64];
	const char	*charset;
	size_t		 rawlen;
	unsigned	 flags;
	int		 owned;

	if (m_decode(c, p, &raw, &rawlen, &owned) == -1)
		return NULL;
	charset = m_param(p->mime->mm_content_type, "charset", cs, sizeof(cs));
	if (charset == NULL && m_is(p, "text", "html")) {
		/* <meta charset=...> or http-equiv in the first 2 KB */
		const char *h = raw, *e = raw + (rawlen < 2048 ? rawlen : 2048);
		const char *k;
		size_t i;

		for (k = h; k + 8 < e; k++) {
			if (strncasecmp(k, "charset=", 8) != 0)
				continue;
			k += 8;
			while (k < e && (*k == '"' || *k == '\''))
				k++;
			for (i = 0; k + i < e && i < sizeof(meta) - 1 &&
			    (k[i] == '-' || k[i] == '_' || k[i] == ':' ||
			    (k[i] >= '0' && k[i] <= '9') ||
			    ((k[i] | 32) >= 'a' && (k[i] | 32) <= 'z')); i++)
				meta[i] = k[i];
			meta[i] = '\0';
			if (i > 0)
				charset = meta;
			break;
		}
	}
	u = m_to_utf8(raw, rawlen, charset, outlen, &flags);
	if (owned)
		mailmime_decoded_part_free(raw);
	if (u == NULL) {
		c->oom = 1;
		return NULL;
	}
	if (!m_is(p, "text", "calendar"))
		*outlen = m_lf(u, *outlen);
	if (flags & M_CS_GUESSED)
		m_defect(c, "charset \"%s\" missing, unknown or wrong: guessed",
		    charset != NULL ? charset : "");
	if (flags & M_CS_REPLACED)
		m_defect(c, "invalid %s sequences replaced",
		    charset != NULL ? charset : "UTF-8");
	return u;
}

static void
m_body_append(struct m_ctx *c, const char *s, size_t n)
{
	if (c->body_parts++ > 0 && c->body.len > 0)
		sb_adds(&c->body, "\n\n");
	sb_add(&c->body, s, n);
}

/* A text/plain or text/html part that is part of the body. */
static void
m_body_part(struct m_ctx *c, struct m_part *p)
{
	struct html_result	 h;
	char			*t, *u, buf[32], err[128];
	const char		*fmt, *delsp;
	size_t			 n, un;

	if ((t = m_part_text(c, p, &n)) == NULL)
		return;
	if (m_is(p, "text", "html")) {
		if (html_to_text(t, n, HTML_QUOTES_MARK, &h, err,
		    sizeof(err)) == -1) {
			free(t);
			c->oom = 1;
			return;
		}
		if (h.flags & HTML_F_DEEP)
			m_defect(c, "HTML nested too deeply: flattened");
		if (h.flags & HTML_F_TRUNC)
			m_defect(c, "HTML text cut at %u bytes", LIMIT_TEXT_SIZE);
		m_body_append(c, h.text, h.len);
		c->msg->body_from_html = 1;
		html_result_free(&h);
		free(t);
		return;
	}
	fmt = m_param(p->mime->mm_content_type, "format", buf, sizeof(buf));
	if (fmt != NULL && strcasecmp(fmt, "flowed") == 0) {
		delsp = m_param(p->mime->mm_content_type, "delsp", buf,
		    sizeof(buf));
		u = mime_unflow(t, n, delsp != NULL && strcasecmp(delsp, "yes") == 0,
		    &un);
		free(t);
		if (u == NULL) {
			c->oom = 1;
			return;
		}
		t = u;
		n = un;
	}
	m_body_append(c, t, n);
	free(t);
}

static void
m_calendar(struct m_ctx *c, struct m_part *p)
{
	struct mail_msg		*m = c->msg;
	struct mail_calendar	*nc, *cal;
	char			*t, buf[64];
	const char		*method;
	size_t			 n;

	if (m->ncalendars >= MIME_MAX_CALENDARS) {
		m_defect(c, "more than %d calendars", MIME_MAX_CALENDARS);
		return;
	}
	if ((t = m_part_text(c, p, &n)) == NULL)
		return;
	if (n > LIMIT_ICAL_SIZE) {
		m_defect(c, "calendar over %u bytes ignored", LIMIT_ICAL_SIZE);
		free(t);
		return;
	}
	if ((nc = reallocarray(m->calendars, m->ncalendars + 1,
	    sizeof(*nc))) == NULL) {
		free(t);
		c->oom = 1;
		return;
	}
	m->calendars = nc;
	cal = &nc[m->ncalendars++];
	cal->data = t;
	cal->len = n;
	cal->method = NULL;
	method = m_param(p->mime->mm_content_type, "method", buf, sizeof(buf));
	if (method != NULL)
		cal->method = m_clean(c, method, strlen(method));
}

/* --- delivery status (RFC 3464) */

static void
m_dsn_field(struct m_ctx *c, struct mail_dsn_rcpt *r, const char *name,
    size_t namelen, const char *v, size_t n)
{
	char **slot = NULL;

	if (namelen == 15 && strncasecmp(name, "Final-Recipient", 15) == 0)
		slot = &r->final_recipient;
	else if (namelen == 6 && strncasecmp(name, "Action", 6) == 0)
		slot = &r->action;
	else if (namelen == 6 && strncasecmp(name, "Status", 6) == 0)
		slot = &r->status;
	else if (namelen == 15 && strncasecmp(name, "Diagnostic-Code", 15) == 0)
		slot = &r->diagnostic;
	if (slot != NULL && *slot == NULL)
		*slot = m_clean(c, v, n);
}

static void
m_dsn_rcpt_free(struct mail_dsn_rcpt *r)
{
	free(r->final_recipient);
	free(r->action);
	free(r->status);
	free(r->diagnostic);
}

static struct mail_dsn_rcpt *
m_dsn_new(struct m_ctx *c)
{
	struct mail_msg		*m = c->msg;
	struct mail_dsn_rcpt	*nr;

	if (m->ndsn >= MIME_MAX_DSN)
		return NULL;
	if ((nr = reallocarray(m->dsn, m->ndsn + 1, sizeof(*nr))) == NULL) {
		c->oom = 1;
		return NULL;
	}
	m->dsn = nr;
	memset(&nr[m->ndsn], 0, sizeof(nr[m->ndsn]));
	return &nr[m->ndsn++];
}

/*
 * The delivery-status body is groups of header-like fields separated by
 * blank lines: the first about the message, then one per recipient.
 */
static void
m_dsn(struct m_ctx *c, const char *s, size_t len)
{
	const char		*l, *nl, *name = NULL;
	size_t			 pos = 0, n, namelen = 0, colon;
	struct strbuf		 v;
	struct mail_dsn_rcpt	 cur;
	struct mail_dsn_rcpt	*r;
	int			 more = 1;

	memset(&cur, 0, sizeof(cur));
	sb_init(&v, LIMIT_HEADER_SIZE);
	while (more) {
		more = pos < len;
		l = s + pos;
		nl = more ? memchr(l, '\n', len - pos) : NULL;
		n = !more ? 0 : nl != NULL ? (size_t)(nl - l) : len - pos;
		pos += n + (nl != NULL);
		if (n > 0 && l[n - 1] == '\r')
			n--;
		if (n > 0 && (l[0] == ' ' || l[0] == '\t') && name != NULL) {
			sb_add(&v, l, n);
			continue;
		}
		if (name != NULL)
			m_dsn_field(c, &cur, name, namelen, sb_str(&v), v.len);
		name = NULL;
		sb_reset(&v);
		if (n > 0 && (namelen = rawhdr_field_name(l, n, &colon)) > 0) {
			name = l;
			sb_add(&v, l + colon + 1, n - colon - 1);
			continue;
		}
		/* end of a group: keep it if it is about a recipient */
		if ((cur.final_recipient != NULL || cur.action != NULL ||
		    cur.status != NULL) && (r = m_dsn_new(c)) != NULL)
			*r = cur;
		else
			m_dsn_rcpt_free(&cur);
		memset(&cur, 0, sizeof(cur));
	}
	sb_free(&v);
}

static void
m_dsn_original(struct m_ctx *c, struct mailimf_fields *f)
{
	clistiter		*it;
	struct mailimf_field	*fld;
	struct mailimf_optional_field *of;

	if (f == NULL || c->msg->dsn_message_id != NULL)
		return;
	for (it = clist_begin(f->fld_list); it != NULL; it = clist_next(it)) {
		fld = clist_content(it);
		if (fld->fld_type == MAILIMF_FIELD_MESSAGE_ID) {
			c->msg->dsn_message_id = m_msgid(c,
			    fld->fld_data.fld_message_id->mid_value);
			return;
		}
		if (fld->fld_type == MAILIMF_FIELD_OPTIONAL_FIELD) {
			of = fld->fld_data.fld_optional_field;
			if (strcasecmp(of->fld_name, "Message-ID") == 0) {
				c->msg->dsn_message_id = m_msgid(c, of->fld_value);
				return;
			}
		}
	}
}

/* --- the walk */

static void m_walk(struct m_ctx *, struct mailmime *, size_t depth, int body);

static void
m_leaf(struct m_ctx *c, struct mailmime *mime, int body)
{
	struct m_part	 p;
	char		*t;
	size_t		 n;
	struct m_want	 w;
	char		*mid = NULL;

	m_part_init(&p, mime);
	if (m_is(&p, "text", "calendar") || m_is(&p, "application", "ics") ||
	    m_has_suffix(m_filename(&p), ".ics")) {
		m_calendar(c, &p);
		return;
	}
	if (c->in_report && m_is(&p, "message", "delivery-status")) {
		if ((t = m_part_text(c, &p, &n)) != NULL) {
			m_dsn(c, t, n);
			free(t);
		}
		return;
	}
	if (c->in_report && m_is(&p, "text", "rfc822-headers")) {
		if ((t = m_part_text(c, &p, &n)) != NULL) {
			w.name = "Message-ID";
			w.slot = &mid;
			m_raw_headers(c, t, n, &w, 1);
			if (mid != NULL && c->msg->dsn_message_id == NULL)
				c->msg->dsn_message_id = m_msgid(c, mid);
			free(mid);
			free(t);
		}
		return;
	}
	if (!body || p.attachment || m_filename(&p) != NULL)
		return;
	if (m_is(&p, "text", "plain") || m_is(&p, "text", "html"))
		m_body_part(c, &p);
}

/* In multipart/alternative, the part to read: text/plain, else a nested
 * multipart (which may hold one), else text/html. *html is the HTML
 * alternative, for when the plain one turns out empty. */
static struct mailmime *
m_alternative(struct mailmime *mime, struct mailmime **htmlp)
{
	clistiter	*it;
	struct mailmime	*sub, *multi = NULL, *html = NULL, *plain = NULL;
	struct m_part	 p;

	for (it = clist_begin(mime->mm_data.mm_multipart.mm_mp_list);
	    it != NULL; it = clist_next(it)) {
		sub = clist_content(it);
		if (sub->mm_type == MAILMIME_MULTIPLE) {
			if (multi == NULL)
				multi = sub;
			continue;
		}
		if (sub->mm_type != MAILMIME_SINGLE)
			continue;
		m_part_init(&p, sub);
		if (p.attachment)
			continue;
		if (m_is(&p, "text", "plain") && plain == NULL)
			plain = sub;
		if (m_is(&p, "text", "html") && html == NULL)
			html = sub;
	}
	*htmlp = html;
	if (plain != NULL)
		return plain;
	return multi != NULL ? multi : html;
}

/* Only white space in the body since offset from? */
static int
m_blank_since(const struct m_ctx *c, size_t from)
{
	const char	*s = sb_str(&c->body);
	size_t		 i;

	for (i = from; i < c->body.len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return 0;
	return 1;
}

static void
m_multipart(struct m_ctx *c, struct mailmime *mime, size_t depth, int body)
{
	clistiter	*it;
	struct mailmime	*sub, *chosen = NULL, *html = NULL;
	struct m_part	 p;
	char		 buf[64];
	const char	*rt;
	int		 first = 1, was_report = c->in_report, parts = c->body_parts;
	size_t		 len = c->body.len;

	m_part_init(&p, mime);
	if (strcasecmp(p.subtype, "alternative") == 0)
		chosen = m_alternative(mime, &html);
	if (strcasecmp(p.subtype, "encrypted") == 0)
		m_defect(c, "encrypted content not read");
	if (strcasecmp(p.subtype, "report") == 0) {
		rt = m_param(mime->mm_content_type, "report-type", buf, sizeof(buf));
		if (rt != NULL && strcasecmp(rt, "delivery-status") == 0) {
			c->msg->is_dsn = 1;
			c->in_report = 1;
		}
	}
	for (it = clist_begin(mime->mm_data.mm_multipart.mm_mp_list);
	    it != NULL; it = clist_next(it), first = 0) {
		sub = clist_content(it);
		if (chosen != NULL)	/* alternatives: read one, list calendars */
			m_walk(c, sub, depth + 1, body && sub == chosen);
		else if (strcasecmp(p.subtype, "related") == 0 ||
		    strcasecmp(p.subtype, "signed") == 0 ||
		    strcasecmp(p.subtype, "report") == 0)
			m_walk(c, sub, depth + 1, body && first);
		else
			m_walk(c, sub, depth + 1, body);
	}
	/* an empty text/plain next to a real HTML part: read the HTML */
	if (body && chosen != NULL && html != NULL && chosen != html &&
	    chosen->mm_type == MAILMIME_SINGLE && m_blank_since(c, len)) {
		sb_truncate(&c->body, len);
		c->body_parts = parts;
		m_walk(c, html, depth + 1, 1);
	}
	c->in_report = was_report;
}

static void
m_walk(struct m_ctx *c, struct mailmime *mime, size_t depth, int body)
{
	if (mime == NULL || c->oom)
		return;
	if (depth > LIMIT_MIME_DEPTH + 1) {	/* prescan makes this unreachable */
		m_defect(c, "MIME nesting over %u: rest ignored", LIMIT_MIME_DEPTH);
		return;
	}
	switch (mime->mm_type) {
	case MAILMIME_SINGLE:
		m_leaf(c, mime, body);
		break;
	case MAILMIME_MULTIPLE:
		m_multipart(c, mime, depth, body);
		break;
	case MAILMIME_MESSAGE:
		/* an attached message: not our body; a bounce's original */
		if (c->in_report)
			m_dsn_original(c, mime->mm_data.mm_message.mm_fields);
		break;
	}
}

/* --- entry points */

/*
 * The top-level fields looked at by name, and what each is to the copy for
 * libetpan: the kind m_fast_field() reads (MK_OTHER: none), the value kept
 * as sent (enum m_raw), and whether libetpan is given it (when the fast path
 * did not read it). libetpan is given these and the other "Content-*"
 * fields: m_imf_fields() reads the first, the MIME fields decide the
 * structure.
 */
static const struct m_field {
	const char	*name;
	size_t		 len;
	enum m_kind	 kind;
	enum m_raw	 raw;
	int		 etpan;
} m_fields[] = {
#define F(s, k, r, e)	{ s, sizeof(s) - 1, k, r, e }
	F("from", MK_FROM, MR_NONE, 1),
	F("subject", MK_SUBJECT, MR_NONE, 1),
	F("date", MK_DATE, MR_NONE, 1),
	F("message-id", MK_MID, MR_MESSAGE_ID, 1),
	F("in-reply-to", MK_IRT, MR_NONE, 1),
	F("references", MK_REFS, MR_NONE, 1),
	F("mime-version", MK_OTHER, MR_NONE, 1),
	F("content-type", MK_OTHER, MR_CONTENT_TYPE, 1),
	F("auto-submitted", MK_OTHER, MR_AUTO_SUBMITTED, 0),
	F("x-autoreply", MK_OTHER, MR_X_AUTOREPLY, 0),
	F("x-autorespond", MK_OTHER, MR_X_AUTORESPOND, 0),
	F("precedence", MK_OTHER, MR_PRECEDENCE, 0),
	F("list-id", MK_OTHER, MR_LIST_ID, 0),
	F("x-auto-response-suppress", MK_OTHER, MR_X_AUTO_RESPONSE_SUPPRESS, 0),
#undef F
};

/* The entry of m_fields a field's name is (looked up by length and first
 * letter), or a stand-in for any other name. */
static const struct m_field *
m_classify(const char *name, size_t n)
{
	static const struct m_field other = { "", 0, MK_OTHER, MR_NONE, 0 };
	static const struct m_field content = { "", 0, MK_OTHER, MR_NONE, 1 };
	size_t	i;
	int	c = name[0] >= 'A' && name[0] <= 'Z' ? name[0] + 32 : name[0];

	for (i = 0; i < sizeof(m_fields) / sizeof(m_fields[0]); i++)
		if (m_fields[i].len == n && m_fields[i].name[0] == c &&
		    strncasecmp(name, m_fields[i].name, n) == 0)
			return &m_fields[i];
	return n > 8 && strncasecmp(name, "content-", 8) == 0 ? &content : &other;
}

static void
m_raw_top(struct m_ctx *c, const char *raw, size_t len)
{
	struct mail_msg	*m = c->msg;
	char		*raw_mid = NULL;
	char		**slot[MR_N] = {
		[MR_AUTO_SUBMITTED] = &m->auto_submitted,
		[MR_X_AUTOREPLY] = &m->x_autoreply,
		[MR_X_AUTORESPOND] = &m->x_autorespond,
		[MR_PRECEDENCE] = &m->precedence,
		[MR_LIST_ID] = &m->list_id,
		[MR_X_AUTO_RESPONSE_SUPPRESS] = &m->x_auto_response_suppress,
		[MR_CONTENT_TYPE] = &m->content_type,
		[MR_MESSAGE_ID] = &raw_mid,
	};
	struct m_want	 w[MR_N];
	size_t		 i;

	for (i = 0; i < sizeof(m_fields) / sizeof(m_fields[0]); i++)
		if (m_fields[i].raw != MR_NONE) {
			w[m_fields[i].raw].name = m_fields[i].name;
			w[m_fields[i].raw].slot = slot[m_fields[i].raw];
		}

	if (c->top_clean) {
		/* the values the copy found (m_clean() unfolds as it goes) */
		for (i = 0; i < MR_N; i++)
			if (c->top[i].p != NULL)
				*w[i].slot = m_clean(c, c->top[i].p, c->top[i].n);
	} else
		m_raw_headers(c, raw, len, w, MR_N);
	/* an id libetpan could not parse ("<a b@c>", no brackets) */
	if (m->message_id == NULL && raw_mid != NULL) {
		m->message_id = m_msgid(c, raw_mid);
		m_defect(c, "malformed Message-ID");
	}
	free(raw_mid);
}

/*
 * The copy of the message libetpan parses: of the top header section only
 * the fields it is asked about (m_fields) and not read here already
 * (m_fast_field), in their order and folded as sent, then everything from
 * the end of the section on, then zero padding (its QP decoder reads past
 * a final '='). The rest of a header (Received, DKIM-Signature, ARC,
 * X-...) is often most of it, and libetpan would parse each of those a
 * character at a time for nothing. The section ends where libetpan's own
 * header parser stops: at the first line that is neither a field nor the
 * continuation of one, or has no newline.
 */
static char *
m_etpan_copy(struct m_ctx *c, const char *raw, size_t len, size_t *outlen)
{
	const char	*l, *nl;
	char		*buf;
	size_t		 pos = 0, w = 0, end, colon, namelen, vn;
	enum m_kind	 k;
	const struct m_field *fd;
	int		 keep, whole, later, state[MK_N] = { 0 };	/* 1 read here, 2 libetpan's */

	if ((buf = malloc(len + LIBETPAN_PAD)) == NULL)
		return NULL;
	c->top_clean = 1;
	while (pos < len) {
		l = raw + pos;
		if ((nl = memchr(l, '\n', len - pos)) == NULL ||
		    l[0] == ' ' || l[0] == '\t') {
			/* a field ends with a newline; a section starts with one */
			c->top_clean = 0;
			break;
		}
		if ((namelen = rawhdr_field_name(l, (size_t)(nl - l) + 1, &colon)) == 0)
			break;
		/* the field and its continuation lines */
		end = (size_t)(nl - raw) + 1;
		whole = 1;
		while (end < len && (raw[end] == ' ' || raw[end] == '\t')) {
			if ((nl = memchr(raw + end, '\n', len - end)) == NULL) {
				whole = 0;
				break;
			}
			end = (size_t)(nl - raw) + 1;
		}
		vn = end - pos - colon - 2;	/* the value, without the newline */
		if (vn > 0 && l[colon + 1 + vn - 1] == '\r')
			vn--;
		fd = m_classify(l, namelen);
		if (fd->raw != MR_NONE && c->top[fd->raw].p == NULL) {
			c->top[fd->raw].p = l + colon + 1;
			c->top[fd->raw].n = vn;
		}
		k = fd->kind;
		if (k == MK_OTHER)
			keep = fd->etpan;
		else if (!whole || state[k] == 2)
			keep = 1;
		else if (state[k] == 1)
			keep = 0;
		else {
			if (colon == namelen &&
			    m_fast_field(c, k, l + colon + 1, vn, &later) == 0) {
				state[k] = later ? 1 : 2;
				keep = 0;
			} else {
				state[k] = 2;
				keep = 1;
			}
		}
		if (keep) {
			memcpy(buf + w, l, end - pos);
			w += end - pos;
		}
		pos = end;
		if (!whole) {
			c->top_clean = 0;
			break;
		}
	}
	memcpy(buf + w, raw + pos, len - pos);
	w += len - pos;
	memset(buf + w, 0, LIBETPAN_PAD);
	*outlen = w;
	return buf;
}

static void
m_err(char *err, size_t errlen, const char *msg)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s", msg);
}

enum mime_status
mime_parse(const char *raw, size_t len, const struct prescan_limits *limits,
    struct mail_msg *msg, char *err, size_t errlen)
{
	struct m_ctx	 c;
	struct mailmime	*root = NULL;
	char		*buf;
	size_t		 idx = 0, blen;
	int		 r;

	memset(msg, 0, sizeof(*msg));
	pthread_once(&m_once, m_setup);
	if (prescan(raw, len, limits, &msg->prescan) == -1) {
		m_err(err, errlen, msg->prescan.reason);
		return msg->prescan.verdict == PRESCAN_NOMEM ? MIME_NOMEM :
		    MIME_REFUSED;
	}
	memset(&c, 0, sizeof(c));
	c.msg = msg;
	if ((buf = m_etpan_copy(&c, raw, len, &blen)) == NULL) {
		mail_msg_free(msg);
		m_err(err, errlen, "out of memory");
		return MIME_NOMEM;
	}
	sb_init(&c.body, LIMIT_TEXT_SIZE);

	r = mailmime_parse(buf, blen, &idx, &root);
	if (r != MAILIMF_NO_ERROR || root == NULL) {
		free(buf);
		sb_free(&c.body);
		mail_msg_free(msg);
		m_err(err, errlen, r == MAILIMF_ERROR_MEMORY ? "out of memory" :
		    "not a MIME message");
		return r == MAILIMF_ERROR_MEMORY ? MIME_NOMEM : MIME_BAD;
	}
	if (root->mm_type == MAILMIME_MESSAGE) {
		m_imf_fields(&c, root->mm_data.mm_message.mm_fields);
		m_walk(&c, root->mm_data.mm_message.mm_msg_mime, 0, 1);
	} else
		m_walk(&c, root, 0, 1);
	m_raw_top(&c, raw, len);
	mailmime_free(root);
	free(buf);

	if (!msg->has_date)
		m_defect(&c, "no valid Date");
	if (msg->from.addr == NULL)
		m_defect(&c, "no valid From");
	if (c.body_parts == 0)
		m_defect(&c, "no text body");
	if (sb_error(&c.body) == E2BIG)
		m_defect(&c, "body cut at %u bytes", LIMIT_TEXT_SIZE);
	else if (sb_error(&c.body) != 0)
		c.oom = 1;
	c.body.err = 0;
	if (!c.oom && sb_add(&c.body, "", 0) == -1)
		c.oom = 1;
	if (c.oom) {
		sb_free(&c.body);
		mail_msg_free(msg);
		m_err(err, errlen, "out of memory");
		return MIME_NOMEM;
	}
	msg->body = sb_detach(&c.body, &msg->body_len);
	return MIME_OK;
}

void
mail_msg_free(struct mail_msg *m)
{
	struct prescan_result	 ps = m->prescan;
	size_t			 i;

	free(m->message_id);
	free(m->in_reply_to);
	for (i = 0; i < m->nreferences; i++)
		free(m->references[i]);
	free(m->references);
	free(m->from.addr);
	free(m->from.name);
	free(m->subject);
	free(m->auto_submitted);
	free(m->x_autoreply);
	free(m->x_autorespond);
	free(m->precedence);
	free(m->list_id);
	free(m->x_auto_response_suppress);
	free(m->content_type);
	free(m->body);
	for (i = 0; i < m->ncalendars; i++) {
		free(m->calendars[i].data);
		free(m->calendars[i].method);
	}
	free(m->calendars);
	for (i = 0; i < m->ndsn; i++)
		m_dsn_rcpt_free(&m->dsn[i]);
	free(m->dsn);
	free(m->dsn_message_id);
	for (i = 0; i < m->ndefects; i++)
		free(m->defects[i]);
	free(m->defects);
	memset(m, 0, sizeof(*m));
	m->prescan = ps;
}
