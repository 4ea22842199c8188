/* hdrscan.c: common forms of address, date and id fields; see hdrscan.h. */
#include <string.h>
#include <strings.h>

#include "hdrscan.h"

static int
hs_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* No NUL, and every CR and LF part of a fold ("\r\n " or "\n "):
 * libetpan reads a stray one in ways of its own. */
static int
hs_plain(const char *v, size_t n)
{
	size_t i;

	if (memchr(v, '\0', n) != NULL)
		return 0;
	for (i = 0; i < n; i++) {
		if (v[i] == '\r' && (i + 1 >= n || v[i + 1] != '\n'))
			return 0;
		if (v[i] == '\n' && (i + 1 >= n || (v[i + 1] != ' ' && v[i + 1] != '\t')))
			return 0;
	}
	return 1;
}

static size_t
hs_skip_ws(const char *v, size_t n, size_t i)
{
	while (i < n && hs_ws((unsigned char)v[i]))
		i++;
	return i;
}

/* A character of an address or id: printable ASCII, no specials. */
static int
hs_addr_char(unsigned char c)
{
	/* bit c of the 128-bit set: '!' to '~' but "(),:;<>[\] */
	static const unsigned long long set[2] = {
		0xa3ffecfa00000000ULL, 0x7fffffffc7ffffffULL
	};

	return c < 128 && (set[c >> 6] >> (c & 63) & 1);
}

/* A character of an unquoted display name: also 8-bit bytes (raw UTF-8 or
 * Latin-1 names, which mime.c converts), never '@' or a special. */
static int
hs_name_char(unsigned char c)
{
	if (c >= 0x80)
		return 1;
	return hs_addr_char(c) && c != '@';
}

/* An address as written: allowed characters, exactly one '@' inside. */
static int
hs_addr_ok(const char *p, size_t n)
{
	size_t i, at = 0, ats = 0;

	for (i = 0; i < n; i++) {
		if (!hs_addr_char((unsigned char)p[i]))
			return 0;
		if (p[i] == '@')
			ats++, at = i;
	}
	return ats == 1 && at > 0 && at + 1 < n;
}

/* A word of a name holding "=?" must be one whole encoded word
 * ("=?charset?Q?text?="): libetpan reads those apart from atoms. */
static int
hs_word_ok(const char *p, size_t n)
{
	size_t i, q = 0;

	if (memmem(p, n, "=?", 2) == NULL)
		return 1;
	if (n < 8 || p[0] != '=' || p[1] != '?' || p[n - 2] != '?' || p[n - 1] != '=')
		return 0;
	for (i = 0; i < n; i++)
		q += p[i] == '?';
	return q == 4;
}

/* The unquoted name v[b..e): words of name characters, each one fine. */
static int
hs_phrase_ok(const char *v, size_t b, size_t e)
{
	size_t i = b, w;

	while (i < e) {
		for (w = i; i < e && !hs_ws((unsigned char)v[i]); i++)
			if (!hs_name_char((unsigned char)v[i]))
				return 0;
		if (!hs_word_ok(v + w, i - w))
			return 0;
		i = hs_skip_ws(v, e, i);
	}
	return 1;
}

int
hs_mailbox_next(const char *v, size_t n, size_t *pos, struct hs_mailbox *mb)
{
	size_t	i = *pos, b, e, a;

	memset(mb, 0, sizeof(*mb));
	if (i == 0 && !hs_plain(v, n))
		return -1;
	i = hs_skip_ws(v, n, i);
	if (i >= n)
		return *pos > 0 ? 0 : -1;	/* the end, or an empty value */
	if (v[i] == '"') {
		b = ++i;
		while (i < n && v[i] != '"') {
			if (v[i] == '\\' || v[i] == '\0')
				return -1;
			i++;
		}
		if (i >= n || memmem(v + b, i - b, "=?", 2) != NULL)
			return -1;
		mb->name.p = v + b;
		mb->name.n = i - b;
		mb->quoted = 1;
		i = hs_skip_ws(v, n, i + 1);
		if (i >= n || v[i] != '<')
			return -1;
	} else {
		b = i;
		while (i < n && v[i] != '<' && v[i] != ',')
			i++;
		for (e = i; e > b && hs_ws((unsigned char)v[e - 1]); e--)
			;
		if (i >= n || v[i] == ',') {
			/* a bare address: one token */
			if (!hs_addr_ok(v + b, e - b))
				return -1;
			mb->addr.p = v + b;
			mb->addr.n = e - b;
			goto next;
		}
		if (!hs_phrase_ok(v, b, e))
			return -1;
		mb->name.p = v + b;
		mb->name.n = e - b;
	}
	/* v[i] == '<' */
	a = ++i;
	while (i < n && v[i] != '>')
		i++;
	if (i >= n || !hs_addr_ok(v + a, i - a))
		return -1;
	mb->addr.p = v + a;
	mb->addr.n = i - a;
	i = hs_skip_ws(v, n, i + 1);
next:
	if (i < n) {
		if (v[i] != ',')
			return -1;
		/* a comma must lead to another item */
		if (hs_skip_ws(v, n, i + 1) >= n)
			return -1;
		i++;
	}
	*pos = i;
	return 1;
}

/* 1-2 (min..max) digits at v[*i]; the number, or -1. */
static int
hs_num(const char *v, size_t n, size_t *i, int min, int max)
{
	int	x = 0, k = 0;

	while (*i < n && k < max && v[*i] >= '0' && v[*i] <= '9') {
		x = x * 10 + (v[*i] - '0');
		(*i)++, k++;
	}
	if (k < min || (*i < n && v[*i] >= '0' && v[*i] <= '9'))
		return -1;
	return x;
}

/* At least one space or tab at v[*i]. */
static int
hs_sp(const char *v, size_t n, size_t *i)
{
	size_t j = *i;

	while (*i < n && (v[*i] == ' ' || v[*i] == '\t'))
		(*i)++;
	return *i > j ? 0 : -1;
}

int
hs_date(const char *v, size_t n, struct hs_date *d)
{
	static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	static const char days[] = "montuewedthufrisatsun";
	size_t	i = 0, k;
	int	sign;

	memset(d, 0, sizeof(*d));
	if (!hs_plain(v, n))
		return -1;
	while (i < n && (v[i] == ' ' || v[i] == '\t'))
		i++;
	if (i + 4 <= n && v[i + 3] == ',') {
		for (k = 0; k < 21; k += 3)
			if (strncasecmp(v + i, days + k, 3) == 0)
				break;
		if (k == 21)
			return -1;
		i += 4;
		while (i < n && (v[i] == ' ' || v[i] == '\t'))
			i++;
	}
	if ((d->day = hs_num(v, n, &i, 1, 2)) < 0 || hs_sp(v, n, &i) == -1 || i + 3 > n)
		return -1;
	for (k = 0; k < 36; k += 3)
		if (strncasecmp(v + i, months + k, 3) == 0)
			break;
	if (k == 36)
		return -1;
	d->month = (int)k / 3 + 1;
	i += 3;
	if (hs_sp(v, n, &i) == -1 || (d->year = hs_num(v, n, &i, 4, 4)) < 0 ||
	    hs_sp(v, n, &i) == -1 || (d->hour = hs_num(v, n, &i, 2, 2)) < 0 ||
	    i >= n || v[i++] != ':' || (d->min = hs_num(v, n, &i, 2, 2)) < 0)
		return -1;
	if (i < n && v[i] == ':') {
		i++;
		if ((d->sec = hs_num(v, n, &i, 2, 2)) < 0)
			return -1;
	}
	if (hs_sp(v, n, &i) == -1 || i >= n || (v[i] != '+' && v[i] != '-'))
		return -1;
	sign = v[i++] == '-' ? -1 : 1;
	if ((d->zone = hs_num(v, n, &i, 4, 4)) < 0)
		return -1;
	d->zone *= sign;
	i = hs_skip_ws(v, n, i);
	if (i < n && v[i] == '(') {
		/* a trailing comment, "(UTC)": no nesting, no quoted-pairs */
		for (i++; i < n && v[i] != ')'; i++)
			if (v[i] == '(' || v[i] == '\\')
				return -1;
		if (i >= n)
			return -1;
		i = hs_skip_ws(v, n, i + 1);
	}
	return i == n ? 0 : -1;
}

int
hs_msgid_next(const char *v, size_t n, size_t *pos, struct hs_span *id)
{
	size_t	i = hs_skip_ws(v, n, *pos), b;

	if (*pos == 0 && !hs_plain(v, n))
		return -1;
	if (i >= n)
		return *pos > 0 ? 0 : -1;
	if (v[i] != '<')
		return -1;
	for (b = ++i; i < n && v[i] != '>'; i++)
		;
	if (i >= n || !hs_addr_ok(v + b, i - b))
		return -1;
	id->p = v + b;
	id->n = i - b;
	i++;
	if (i < n && !hs_ws((unsigned char)v[i]))
		return -1;
	*pos = i;
	return 1;
}
