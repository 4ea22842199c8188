/* jsonp.c: a capped recursive-descent JSON reader; see jsonp.h. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonp.h"
#include "strbuf.h"
#include "util.h"

struct pstate {
	const char	*p, *end;
	char		*why;
	size_t		 whylen;
	int		 failed;
};

static void
perr(struct pstate *ps, const char *what)
{
	if (!ps->failed)
		snprintf(ps->why, ps->whylen, "JSON: %s", what);
	ps->failed = 1;
}

static void
skip_ws(struct pstate *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int
hex4(const char *p, unsigned *out)
{
	unsigned	v = 0;
	int		i;

	for (i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void
put_utf8(struct strbuf *sb, unsigned cp)
{
	if (cp < 0x80)
		sb_addc(sb, (int)cp);
	else if (cp < 0x800) {
		sb_addc(sb, (int)(0xc0 | (cp >> 6)));
		sb_addc(sb, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		sb_addc(sb, (int)(0xe0 | (cp >> 12)));
		sb_addc(sb, (int)(0x80 | ((cp >> 6) & 0x3f)));
		sb_addc(sb, (int)(0x80 | (cp & 0x3f)));
	} else {
		sb_addc(sb, (int)(0xf0 | (cp >> 18)));
		sb_addc(sb, (int)(0x80 | ((cp >> 12) & 0x3f)));
		sb_addc(sb, (int)(0x80 | ((cp >> 6) & 0x3f)));
		sb_addc(sb, (int)(0x80 | (cp & 0x3f)));
	}
}

static int
parse_string(struct pstate *ps, char **out, size_t *lenp)
{
	struct strbuf	sb;
	unsigned	cp, lo;

	ps->p++;	/* opening quote */
	{
		/* most strings have no escape: one exact copy */
		const char *q = ps->p;

		while (q < ps->end && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
			q++;
		if (q < ps->end && *q == '"' && (size_t)(q - ps->p) < 64u * 1024 * 1024) {
			*out = xmalloc((size_t)(q - ps->p) + 1);
			memcpy(*out, ps->p, (size_t)(q - ps->p));
			(*out)[q - ps->p] = '\0';
			if (lenp != NULL)
				*lenp = (size_t)(q - ps->p);
			ps->p = q + 1;
			return 0;
		}
	}
	sb_init(&sb, 64u * 1024 * 1024);
	while (ps->p < ps->end && *ps->p != '"') {
		const char *run = ps->p;

		/* a run of plain characters in one go */
		while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\\' &&
		    (unsigned char)*ps->p >= 0x20)
			ps->p++;
		if (ps->p > run)
			sb_add(&sb, run, (size_t)(ps->p - run));
		if (ps->p >= ps->end || *ps->p == '"')
			break;
		if ((unsigned char)*ps->p < 0x20) {
			perr(ps, "control character in string");
			goto bad;
		}
		if (ps->end - ps->p < 2) {
			perr(ps, "truncated escape");
			goto bad;
		}
		ps->p++;
		switch (*ps->p++) {
		case '"': sb_addc(&sb, '"'); break;
		case '\\': sb_addc(&sb, '\\'); break;
		case '/': sb_addc(&sb, '/'); break;
		case 'b': sb_addc(&sb, '\b'); break;
		case 'f': sb_addc(&sb, '\f'); break;
		case 'n': sb_addc(&sb, '\n'); break;
		case 'r': sb_addc(&sb, '\r'); break;
		case 't': sb_addc(&sb, '\t'); break;
		case 'u':
			if (ps->end - ps->p < 4 || hex4(ps->p, &cp) == -1) {
				perr(ps, "bad \\u escape");
				goto bad;
			}
			ps->p += 4;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u' ||
				    hex4(ps->p + 2, &lo) == -1 || lo < 0xdc00 || lo > 0xdfff) {
					perr(ps, "unpaired surrogate");
					goto bad;
				}
				ps->p += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			} else if (cp >= 0xdc00 && cp <= 0xdfff) {
				perr(ps, "unpaired surrogate");
				goto bad;
			}
			put_utf8(&sb, cp);
			break;
		default:
			perr(ps, "bad escape");
			goto bad;
		}
	}
	if (ps->p >= ps->end) {
		perr(ps, "unterminated string");
		goto bad;
	}
	ps->p++;
	if (sb_error(&sb)) {
		perr(ps, "string too long");
		goto bad;
	}
	*out = sb_detach(&sb, lenp);
	return 0;
bad:
	sb_free(&sb);
	return -1;
}

static int parse_value(struct pstate *, struct jp *, int);

static int
parse_container(struct pstate *ps, struct jp *n, int depth, char close)
{
	size_t	cap = 0;

	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		return 0;
	}
	for (;;) {
		struct jp *kid;

		if (n->nkids == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			n->kids = xrealloc(n->kids, cap * sizeof(*n->kids));
		}
		kid = &n->kids[n->nkids];
		memset(kid, 0, sizeof(*kid));
		n->nkids++;
		skip_ws(ps);
		if (close == '}') {
			if (ps->p >= ps->end || *ps->p != '"' || parse_string(ps, &kid->key, NULL) == -1) {
				perr(ps, "expected a member name");
				return -1;
			}
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':') {
				perr(ps, "expected ':'");
				return -1;
			}
			ps->p++;
		}
		if (parse_value(ps, kid, depth + 1) == -1)
			return -1;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			return 0;
		}
		perr(ps, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
		return -1;
	}
}

static int
parse_value(struct pstate *ps, struct jp *n, int depth)
{
	char	*end, buf[64];
	size_t	 len;

	if (depth > JP_MAXDEPTH) {
		perr(ps, "nested too deeply");
		return -1;
	}
	skip_ws(ps);
	if (ps->p >= ps->end) {
		perr(ps, "unexpected end");
		return -1;
	}
	switch (*ps->p) {
	case '{':
		n->type = JP_OBJ;
		return parse_container(ps, n, depth, '}');
	case '[':
		n->type = JP_ARR;
		return parse_container(ps, n, depth, ']');
	case '"':
		n->type = JP_STR;
		return parse_string(ps, &n->str, &n->len);
	case 't':
	case 'f':
	case 'n':
		len = (size_t)(ps->end - ps->p);
		if (len >= 4 && memcmp(ps->p, "true", 4) == 0) {
			n->type = JP_BOOL, n->num = 1, ps->p += 4;
			return 0;
		}
		if (len >= 5 && memcmp(ps->p, "false", 5) == 0) {
			n->type = JP_BOOL, n->num = 0, ps->p += 5;
			return 0;
		}
		if (len >= 4 && memcmp(ps->p, "null", 4) == 0) {
			n->type = JP_NULL, ps->p += 4;
			return 0;
		}
		perr(ps, "bad literal");
		return -1;
	default:
		len = strspn(ps->p, "+-0123456789.eE");
		if (len == 0 || len >= sizeof(buf) || (size_t)(ps->end - ps->p) < len) {
			perr(ps, "unexpected character");
			return -1;
		}
		memcpy(buf, ps->p, len);
		buf[len] = '\0';
		errno = 0;
		n->num = strtod(buf, &end);
		if (*end != '\0' || errno != 0 || !isfinite(n->num)) {
			perr(ps, "bad number");
			return -1;
		}
		n->type = JP_NUM;
		ps->p += len;
		return 0;
	}
}

static void
free_kids(struct jp *n)
{
	size_t i;

	for (i = 0; i < n->nkids; i++) {
		free_kids(&n->kids[i]);
		free(n->kids[i].key);
		free(n->kids[i].str);
	}
	free(n->kids);
}

struct jp *
jp_parse(const char *s, size_t len, char *why, size_t whylen)
{
	struct pstate	 ps = { s, s + len, why, whylen, 0 };
	struct jp	*root = xcalloc(1, sizeof(*root));

	if (parse_value(&ps, root, 0) == 0) {
		skip_ws(&ps);
		if (ps.p == ps.end)
			return root;
		perr(&ps, "trailing data");
	}
	jp_free(root);
	return NULL;
}

void
jp_free(struct jp *n)
{
	if (n == NULL)
		return;
	free_kids(n);
	free(n->str);
	free(n->key);
	free(n);
}

const struct jp *
jp_get(const struct jp *n, const char *key)
{
	size_t i;

	if (n == NULL || n->type != JP_OBJ)
		return NULL;
	for (i = 0; i < n->nkids; i++)
		if (strcmp(n->kids[i].key, key) == 0)
			return &n->kids[i];
	return NULL;
}

const struct jp *
jp_at(const struct jp *n, size_t i)
{
	if (n == NULL || (n->type != JP_ARR && n->type != JP_OBJ) || i >= n->nkids)
		return NULL;
	return &n->kids[i];
}

size_t
jp_len(const struct jp *n)
{
	return n != NULL && (n->type == JP_ARR || n->type == JP_OBJ) ? n->nkids : 0;
}

const char *
jp_str(const struct jp *n)
{
	return n != NULL && n->type == JP_STR ? n->str : NULL;
}

double
jp_num(const struct jp *n, double dflt)
{
	return n != NULL && n->type == JP_NUM ? n->num : dflt;
}

int64_t
jp_int(const struct jp *n, int64_t dflt)
{
	if (n == NULL || n->type != JP_NUM || n->num < -9e18 || n->num > 9e18)
		return dflt;
	return (int64_t)n->num;
}

int
jp_bool(const struct jp *n, int dflt)
{
	return n != NULL && n->type == JP_BOOL ? n->num != 0 : dflt;
}

int
jp_is_null(const struct jp *n)
{
	return n == NULL || n->type == JP_NULL;
}
