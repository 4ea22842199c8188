/*
 * prescan.c: measure a raw message's shape in one pass; see prescan.h.
 *
 * The scan is a loop over lines (LF-terminated; a CR before the LF is not
 * part of the line). Each line is either in a header section or in a body.
 * A header section ends at an empty line or at the first line that is not a
 * header field (as in libetpan); its Content-Type and
 * Content-Transfer-Encoding then decide whether a container opens:
 * a multipart with a boundary pushes a frame whose boundary lines start new
 * parts, a message/rfc822 pushes a frame whose body starts with another
 * header section. A boundary line closes every frame above the one it
 * belongs to, matching from the outermost frame inwards, as libetpan splits
 * the outer multipart first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "prescan.h"
#include "rawhdr.h"
#include "strbuf.h"

/* RFC 2046 allows 70; a longer boundary is kept but never matched, which can
 * only make the measured depth larger. */
#define PS_BOUNDARY_MAX	256

enum ps_frame_kind { PF_MULTIPART, PF_MESSAGE };

struct ps_frame {
	enum ps_frame_kind	 kind;
	int			 digest;	/* parts default to message/rfc822 */
	int			 matchable;	/* boundary fits in b[] */
	size_t			 blen;
	char			 b[PS_BOUNDARY_MAX];
};

enum ps_field { PSF_NONE, PSF_OTHER, PSF_CTYPE, PSF_CTE };
enum ps_ctype { PSC_NONE, PSC_OTHER, PSC_MULTIPART, PSC_RFC822 };

struct ps_scan {
	const struct prescan_limits	*lim;
	struct prescan_result		*res;
	struct ps_frame			*fr;
	size_t				 nfr, afr;

	int				 in_headers;
	int				 default_rfc822;
	enum ps_field			 field;		/* the field being read */
	struct strbuf			 val;		/* its unfolded value */
	enum ps_ctype			 ctype;		/* from the first Content-Type */
	int				 digest;
	int				 encoded;	/* base64 or quoted-printable */
	int				 matchable;
	size_t				 blen;
	char				 b[PS_BOUNDARY_MAX];
};

void
prescan_limits_default(struct prescan_limits *l)
{
	l->message_size = LIMIT_MESSAGE_SIZE;
	l->header_count = LIMIT_HEADER_COUNT;
	l->header_size = LIMIT_HEADER_SIZE;
	l->line_length = LIMIT_LINE_LENGTH;
	l->mime_depth = LIMIT_MIME_DEPTH;
	l->mime_parts = LIMIT_MIME_PARTS;
}

const char *
prescan_verdict_name(enum prescan_verdict v)
{
	switch (v) {
	case PRESCAN_OK:		return "ok";
	case PRESCAN_TOO_BIG:		return "too-big";
	case PRESCAN_TOO_MANY_HEADERS:	return "too-many-headers";
	case PRESCAN_HEADERS_TOO_BIG:	return "headers-too-big";
	case PRESCAN_LINE_TOO_LONG:	return "line-too-long";
	case PRESCAN_TOO_DEEP:		return "too-deep";
	case PRESCAN_TOO_MANY_PARTS:	return "too-many-parts";
	case PRESCAN_NOMEM:		return "out-of-memory";
	}
	return "unknown";
}

static int
ps_refuse(struct ps_scan *s, enum prescan_verdict v, const char *what,
    size_t got, size_t max)
{
	s->res->verdict = v;
	if (v == PRESCAN_NOMEM)
		snprintf(s->res->reason, sizeof(s->res->reason),
		    "out of memory while scanning the message");
	else
		snprintf(s->res->reason, sizeof(s->res->reason),
		    "%s %zu > %zu", what, got, max);
	return -1;
}

static int
ps_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int
ps_eq_ci(const char *p, size_t n, const char *lit)
{
	size_t i;

	for (i = 0; i < n && lit[i] != '\0'; i++)
		if (ps_lower((unsigned char)p[i]) != lit[i])
			return 0;
	return i == n && lit[i] == '\0';
}

static int
ps_wsp(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Skip white space and (nested) comments; linear in the bytes skipped. */
static size_t
ps_skip_cfws(const char *v, size_t n, size_t i)
{
	size_t depth;

	for (;;) {
		while (i < n && ps_wsp((unsigned char)v[i]))
			i++;
		if (i >= n || v[i] != '(')
			return i;
		for (depth = 0; i < n; i++) {
			if (v[i] == '\\' && i + 1 < n)
				i++;
			else if (v[i] == '(')
				depth++;
			else if (v[i] == ')' && --depth == 0) {
				i++;
				break;
			}
		}
	}
}

static int
ps_tspecial(int c)
{
	return c <= ' ' || c >= 127 || strchr("()<>@,;:\\\"/[]?=", c) != NULL;
}

static size_t
ps_token(const char *v, size_t n, size_t i)
{
	while (i < n && !ps_tspecial((unsigned char)v[i]))
		i++;
	return i;
}

static void
ps_set_boundary(struct ps_scan *s, const char *p, size_t n, int quoted)
{
	size_t i;

	s->blen = 0;
	s->matchable = 1;
	for (i = 0; i < n; i++) {
		if (quoted && p[i] == '\\' && i + 1 < n)
			i++;
		if (s->blen == sizeof(s->b)) {
			s->matchable = 0;
			return;
		}
		s->b[s->blen++] = p[i];
	}
	if (s->blen == 0)
		s->matchable = 0;
}

/* Parameters of a Content-Type value, from i on: remember the boundary. */
static void
ps_params(struct ps_scan *s, const char *v, size_t n, size_t i)
{
	size_t	 a0, a1, q;
	int	 got = 0;

	while (i < n) {
		while (i < n && v[i] != ';')	/* junk: skip to the next ';' */
			i++;
		if (i >= n)
			return;
		i = ps_skip_cfws(v, n, i + 1);
		a0 = i;
		i = a1 = ps_token(v, n, i);
		i = ps_skip_cfws(v, n, i);
		if (i >= n || v[i] != '=')
			continue;
		i = ps_skip_cfws(v, n, i + 1);
		if (i < n && v[i] == '"') {
			for (q = ++i; i < n && v[i] != '"'; i++)
				if (v[i] == '\\' && i + 1 < n)
					i++;
			if (!got && ps_eq_ci(v + a0, a1 - a0, "boundary")) {
				ps_set_boundary(s, v + q, i - q, 1);
				got = 1;
			}
			if (i < n)
				i++;
		} else {
			q = i;
			while (i < n && v[i] != ';' && !ps_wsp((unsigned char)v[i]))
				i++;
			if (!got && ps_eq_ci(v + a0, a1 - a0, "boundary")) {
				ps_set_boundary(s, v + q, i - q, 0);
				got = 1;
			}
		}
	}
}

static void
ps_content_type(struct ps_scan *s, const char *v, size_t n)
{
	size_t t0, t1, u0, u1, i;

	if (s->ctype != PSC_NONE)	/* libetpan takes the first one */
		return;
	t0 = ps_skip_cfws(v, n, 0);
	t1 = ps_token(v, n, t0);
	i = ps_skip_cfws(v, n, t1);
	if (t1 == t0 || i >= n || v[i] != '/')
		return;		/* unparseable: libetpan ignores it too */
	u0 = ps_skip_cfws(v, n, i + 1);
	u1 = ps_token(v, n, u0);
	s->ctype = PSC_OTHER;
	if (ps_eq_ci(v + t0, t1 - t0, "multipart")) {
		s->blen = 0;
		s->matchable = 0;
		ps_params(s, v, n, u1);
		if (s->blen > 0 || !s->matchable) {
			s->ctype = PSC_MULTIPART;
			s->digest = ps_eq_ci(v + u0, u1 - u0, "digest");
		}
	} else if (ps_eq_ci(v + t0, t1 - t0, "message") &&
	    ps_eq_ci(v + u0, u1 - u0, "rfc822"))
		s->ctype = PSC_RFC822;
}

static void
ps_cte(struct ps_scan *s, const char *v, size_t n)
{
	size_t t0, t1;

	t0 = ps_skip_cfws(v, n, 0);
	t1 = ps_token(v, n, t0);
	if (ps_eq_ci(v + t0, t1 - t0, "base64") ||
	    ps_eq_ci(v + t0, t1 - t0, "quoted-printable"))
		s->encoded = 1;
}

static void
ps_end_field(struct ps_scan *s)
{
	if (s->field == PSF_CTYPE)
		ps_content_type(s, sb_str(&s->val), s->val.len);
	else if (s->field == PSF_CTE)
		ps_cte(s, sb_str(&s->val), s->val.len);
	s->field = PSF_NONE;
	sb_reset(&s->val);
}

static int
ps_push(struct ps_scan *s, enum ps_frame_kind kind)
{
	struct ps_frame	*nf;
	size_t		 na;

	if (s->nfr + 1 > s->lim->mime_depth)
		return ps_refuse(s, PRESCAN_TOO_DEEP, "MIME nesting depth",
		    s->nfr + 1, s->lim->mime_depth);
	if (s->nfr == s->afr) {
		na = s->afr == 0 ? 8 : s->afr * 2;
		if ((nf = reallocarray(s->fr, na, sizeof(*nf))) == NULL)
			return ps_refuse(s, PRESCAN_NOMEM, NULL, 0, 0);
		s->fr = nf;
		s->afr = na;
	}
	nf = &s->fr[s->nfr++];
	nf->kind = kind;
	nf->digest = s->digest;
	nf->matchable = s->matchable;
	nf->blen = s->blen;
	memcpy(nf->b, s->b, s->blen);
	if (s->nfr > s->res->depth)
		s->res->depth = s->nfr;
	return 0;
}

static int
ps_new_part(struct ps_scan *s)
{
	if (++s->res->parts > s->lim->mime_parts)
		return ps_refuse(s, PRESCAN_TOO_MANY_PARTS, "MIME parts",
		    s->res->parts, s->lim->mime_parts);
	return 0;
}

static void
ps_begin_headers(struct ps_scan *s, int default_rfc822)
{
	s->in_headers = 1;
	s->default_rfc822 = default_rfc822;
	s->field = PSF_NONE;
	s->ctype = PSC_NONE;
	s->digest = 0;
	s->encoded = 0;
	s->matchable = 0;
	s->blen = 0;
	sb_reset(&s->val);
}

/* The header section is over: open the container it declares, if any. */
static int
ps_end_headers(struct ps_scan *s)
{
	enum ps_ctype ct;

	ps_end_field(s);
	s->in_headers = 0;
	ct = s->ctype;
	if (ct == PSC_NONE && s->default_rfc822)
		ct = PSC_RFC822;
	if (ct == PSC_MULTIPART)
		return ps_push(s, PF_MULTIPART);
	if (ct == PSC_RFC822 && !s->encoded) {
		if (ps_push(s, PF_MESSAGE) == -1 || ps_new_part(s) == -1)
			return -1;
		ps_begin_headers(s, 0);
	}
	return 0;
}

/* One line of a header section; *body is set when it was not a header. */
static int
ps_header_line(struct ps_scan *s, const char *l, size_t n, size_t raw,
    int *body)
{
	size_t namelen, colon;

	*body = 0;
	if (n == 0) {
		s->res->header_size += raw;
		if (s->res->header_size > s->lim->header_size)
			goto too_big;
		return ps_end_headers(s);
	}
	if ((l[0] == ' ' || l[0] == '\t') && s->field != PSF_NONE) {
		if (s->field != PSF_OTHER)
			sb_add(&s->val, l, n);
	} else if ((namelen = rawhdr_field_name(l, n, &colon)) > 0) {
		ps_end_field(s);
		if (++s->res->header_count > s->lim->header_count)
			return ps_refuse(s, PRESCAN_TOO_MANY_HEADERS,
			    "header fields", s->res->header_count,
			    s->lim->header_count);
		if (ps_eq_ci(l, namelen, "content-type"))
			s->field = PSF_CTYPE;
		else if (ps_eq_ci(l, namelen, "content-transfer-encoding"))
			s->field = PSF_CTE;
		else
			s->field = PSF_OTHER;
		if (s->field != PSF_OTHER)
			sb_add(&s->val, l + colon + 1, n - colon - 1);
	} else {
		*body = 1;
		return ps_end_headers(s);
	}
	s->res->header_size += raw;
	if (s->res->header_size > s->lim->header_size)
		goto too_big;
	return 0;
too_big:
	return ps_refuse(s, PRESCAN_HEADERS_TOO_BIG, "header bytes",
	    s->res->header_size, s->lim->header_size);
}

/* Is l (after the leading "--") this frame's delimiter? 2 = close. */
static int
ps_match(const struct ps_frame *f, const char *l, size_t n)
{
	if (f->kind != PF_MULTIPART || !f->matchable || n < f->blen ||
	    memcmp(l, f->b, f->blen) != 0)
		return 0;
	if (n == f->blen)
		return 1;
	if (n == f->blen + 2 && l[f->blen] == '-' && l[f->blen + 1] == '-')
		return 2;
	return 0;
}

static int
ps_body_line(struct ps_scan *s, const char *l, size_t n)
{
	size_t	 i;
	int	 m;

	if (n < 2 || l[0] != '-' || l[1] != '-')
		return 0;
	while (n > 2 && (l[n - 1] == ' ' || l[n - 1] == '\t' || l[n - 1] == '\r'))
		n--;
	for (i = 0; i < s->nfr; i++) {
		if ((m = ps_match(&s->fr[i], l + 2, n - 2)) == 0)
			continue;
		if (m == 2) {
			s->nfr = i;
			return 0;
		}
		s->nfr = i + 1;
		if (ps_new_part(s) == -1)
			return -1;
		ps_begin_headers(s, s->fr[i].digest);
		return 0;
	}
	return 0;
}

static int
ps_line(struct ps_scan *s, const char *l, size_t raw)
{
	size_t	 n = raw;
	int	 body = 1;

	if (n > 0 && l[n - 1] == '\n')
		n--;
	if (n > 0 && l[n - 1] == '\r')
		n--;
	if (n > s->res->longest_line) {
		s->res->longest_line = n;
		if (n > s->lim->line_length)
			return ps_refuse(s, PRESCAN_LINE_TOO_LONG, "line length",
			    n, s->lim->line_length);
	}
	/* a header line may end the section and be re-read as the first
	 * line of the body or, for message/rfc822, of the next section */
	while (s->in_headers && body) {
		if (ps_header_line(s, l, n, raw, &body) == -1)
			return -1;
	}
	if (body && !s->in_headers)
		return ps_body_line(s, l, n);
	return 0;
}

int
prescan(const char *buf, size_t len, const struct prescan_limits *lim,
    struct prescan_result *res)
{
	struct prescan_limits	 def;
	struct ps_scan		 s;
	const char		*nl;
	size_t			 pos, next;
	int			 r = 0;

	if (lim == NULL) {
		prescan_limits_default(&def);
		lim = &def;
	}
	memset(res, 0, sizeof(*res));
	memset(&s, 0, sizeof(s));
	s.lim = lim;
	s.res = res;
	res->size = len;
	res->parts = 1;
	if (len > lim->message_size)
		return ps_refuse(&s, PRESCAN_TOO_BIG, "message bytes", len,
		    lim->message_size);
	/* no value kept for a field can exceed all headers together */
	sb_init(&s.val, lim->header_size);
	ps_begin_headers(&s, 0);
	for (pos = 0; pos < len && r == 0; pos = next) {
		nl = memchr(buf + pos, '\n', len - pos);
		next = nl != NULL ? (size_t)(nl - buf) + 1 : len;
		r = ps_line(&s, buf + pos, next - pos);
	}
	sb_free(&s.val);
	free(s.fr);
	return r;
}
