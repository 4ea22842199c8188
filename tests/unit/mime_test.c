/* mime_test.c: test-only text/calendar extraction; see mime_test.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mime_test.h"

#define MT_DEPTH	8

/* The unfolded value of header name in hdr[0..n), or "" (static buffer). */
static const char *
header(const char *hdr, size_t n, const char *name)
{
	static char	 val[2048];
	size_t		 i = 0, nl = strlen(name), j = 0;

	val[0] = '\0';
	while (i < n) {
		if ((i == 0 || hdr[i - 1] == '\n') && n - i > nl &&
		    strncasecmp(hdr + i, name, nl) == 0 && hdr[i + nl] == ':') {
			i += nl + 1;
			while (i < n && j < sizeof(val) - 1) {
				if (hdr[i] == '\r' || hdr[i] == '\n') {
					while (i < n && (hdr[i] == '\r' || hdr[i] == '\n'))
						i++;
					if (i >= n || (hdr[i] != ' ' && hdr[i] != '\t'))
						break;
				}
				val[j++] = hdr[i] == '\t' ? ' ' : hdr[i];
				i++;
			}
			val[j] = '\0';
			return val;
		}
		i++;
	}
	return val;
}

/* Parameter name= of a Content-Type value, quotes removed. */
static void
param(const char *ct, const char *name, char *out, size_t olen)
{
	const char	*p = ct;
	size_t		 nl = strlen(name), k = 0;

	out[0] = '\0';
	while ((p = strchr(p, ';')) != NULL) {
		p++;
		p += strspn(p, " \t");
		if (strncasecmp(p, name, nl) != 0 || p[nl] != '=')
			continue;
		p += nl + 1;
		if (*p == '"') {
			p++;
			while (*p && *p != '"' && k < olen - 1)
				out[k++] = *p++;
		} else {
			while (*p && *p != ';' && *p != ' ' && k < olen - 1)
				out[k++] = *p++;
		}
		out[k] = '\0';
		return;
	}
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static char *
decode(const char *s, size_t n, const char *cte, size_t *olen)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char		*out = malloc(n + 1);
	const char	*q;
	size_t		 i, j = 0;
	unsigned	 acc = 0;
	int		 bits = 0;

	if (out == NULL)
		return NULL;
	if (strncasecmp(cte, "base64", 6) == 0) {
		for (i = 0; i < n; i++) {
			if ((q = memchr(b64, s[i], 64)) == NULL || s[i] == '\0')
				continue;
			acc = acc << 6 | (unsigned)(q - b64);
			if ((bits += 6) >= 8) {
				bits -= 8;
				out[j++] = (char)(acc >> bits & 0xff);
			}
		}
	} else if (strncasecmp(cte, "quoted-printable", 16) == 0) {
		for (i = 0; i < n; i++) {
			if (s[i] != '=') {
				out[j++] = s[i];
			} else if (i + 1 < n && s[i + 1] == '\n') {
				i++;
			} else if (i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n') {
				i += 2;
			} else if (i + 2 < n && hexval(s[i + 1]) >= 0 &&
			    hexval(s[i + 2]) >= 0) {
				out[j++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
				i += 2;
			} else
				out[j++] = s[i];
		}
	} else {
		memcpy(out, s, n);
		j = n;
	}
	out[j] = '\0';
	*olen = j;
	return out;
}

/* Where the body starts (after the blank line), or n. */
static size_t
body_start(const char *m, size_t n, size_t *hlen)
{
	size_t	 i;

	for (i = 0; i + 1 < n; i++) {
		if (m[i] == '\n' && m[i + 1] == '\n') {
			*hlen = i + 1;
			return i + 2;
		}
		if (m[i] == '\n' && m[i + 1] == '\r' && i + 2 < n && m[i + 2] == '\n') {
			*hlen = i + 1;
			return i + 3;
		}
	}
	*hlen = n;
	return n;
}

static int
find(const char *m, size_t n, char **cal, size_t *cal_len, char *method,
    size_t mlen, int depth)
{
	char		 ct[2048], cte[64], bnd[256], delim[260];
	const char	*p, *next, *end = m + n;
	size_t		 hlen, b = body_start(m, n, &hlen), dl;

	snprintf(ct, sizeof(ct), "%s", header(m, hlen, "Content-Type"));
	snprintf(cte, sizeof(cte), "%s", header(m, hlen, "Content-Transfer-Encoding"));
	p = ct + strspn(ct, " ");
	if (strncasecmp(p, "text/calendar", 13) == 0) {
		param(ct, "method", method, mlen);
		*cal = decode(m + b, n - b, cte + strspn(cte, " "), cal_len);
		return *cal != NULL;
	}
	if (strncasecmp(p, "multipart/", 10) != 0 || depth >= MT_DEPTH)
		return 0;
	param(ct, "boundary", bnd, sizeof(bnd));
	if (bnd[0] == '\0')
		return 0;
	dl = (size_t)snprintf(delim, sizeof(delim), "--%s", bnd);
	/* each part runs from after a delimiter line to the next delimiter */
	for (p = m + b; p < end; p = next) {
		if ((p = memmem(p, (size_t)(end - p), delim, dl)) == NULL)
			return 0;
		p += dl;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0;
		while (p < end && *p != '\n')
			p++;
		p++;
		if ((next = memmem(p, (size_t)(end - p), delim, dl)) == NULL)
			next = end;
		if (find(p, (size_t)(next - p), cal, cal_len, method, mlen,
		    depth + 1))
			return 1;
	}
	return 0;
}

int
mt_find_calendar(const char *msg, size_t len, char **cal, size_t *cal_len,
    char *method, size_t mlen, char *from, size_t flen)
{
	const char	*f, *lt;
	size_t		 hlen;

	*cal = NULL;
	method[0] = '\0';
	body_start(msg, len, &hlen);
	f = header(msg, hlen, "From");
	if ((lt = strrchr(f, '<')) != NULL)
		snprintf(from, flen, "%.*s", (int)strcspn(lt + 1, ">"), lt + 1);
	else
		snprintf(from, flen, "%s", f + strspn(f, " "));
	return find(msg, len, cal, cal_len, method, mlen, 0);
}
