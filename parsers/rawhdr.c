/* rawhdr.c: bounded header lookups in raw message bytes; see rawhdr.h. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "rawhdr.h"

size_t
rawhdr_field_name(const char *l, size_t n, size_t *colon)
{
	size_t i, end;

	for (i = 0; i < n && l[i] > ' ' && l[i] < 127 && l[i] != ':'; i++)
		;
	end = i;
	while (i < n && (l[i] == ' ' || l[i] == '\t'))
		i++;
	if (end == 0 || i >= n || l[i] != ':')
		return 0;
	*colon = i;
	return end;
}

int
rawhdr_get(const char *raw, size_t len, const char *name, char *out, size_t outlen)
{
	const char	*p = raw, *end = raw + (len < RAWHDR_SCAN ? len : RAWHDR_SCAN), *eol;
	size_t		 nlen = strlen(name), o = 0;
	int		 in_field = 0, found = 0;

	if (outlen == 0)
		return -1;
	out[0] = '\0';
	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		if (eol == p || (eol == p + 1 && *p == '\r'))
			break;		/* end of the header block */
		if (*p == ' ' || *p == '\t') {
			if (!in_field) {
				p = eol + 1;
				continue;
			}
		} else {
			if (found)
				break;	/* the field ended */
			in_field = (size_t)(eol - p) > nlen && strncasecmp(p, name, nlen) == 0 &&
			    p[nlen] == ':';
			if (!in_field) {
				p = eol + 1;
				continue;
			}
			found = 1;
			p += nlen + 1;
		}
		for (; p < eol; p++) {
			unsigned char c = (unsigned char)*p;
			if (c == '\r' || c == '\t')
				c = ' ';
			if (c < 0x20 || c == 0x7f)
				continue;
			if (o + 1 < outlen)
				out[o++] = (char)c;
		}
		p = eol + 1;
	}
	out[o] = '\0';
	if (!found)
		return -1;
	/* trim */
	while (o > 0 && out[o - 1] == ' ')
		out[--o] = '\0';
	if (out[0] == ' ')
		memmove(out, out + strspn(out, " "), strlen(out + strspn(out, " ")) + 1);
	return 0;
}

int
rawhdr_message_id(const char *raw, size_t len, char *out, size_t outlen)
{
	char	 v[1024], *lt, *gt;

	if (rawhdr_get(raw, len, "Message-ID", v, sizeof(v)) == -1 ||
	    (lt = strchr(v, '<')) == NULL || (gt = strchr(lt, '>')) == NULL || gt == lt + 1 ||
	    (size_t)(gt - lt - 1) >= outlen)
		return -1;
	memcpy(out, lt + 1, (size_t)(gt - lt - 1));
	out[gt - lt - 1] = '\0';
	return strchr(out, ' ') != NULL ? -1 : 0;
}

int
rawhdr_from_addr(const char *raw, size_t len, char *out, size_t outlen)
{
	char		 v[1024], *a, *e, *at;
	size_t		 n;

	if (rawhdr_get(raw, len, "From", v, sizeof(v)) == -1)
		return -1;
	if ((a = strrchr(v, '<')) != NULL && (e = strchr(a, '>')) != NULL)
		a++;
	else {
		/* bare address, maybe with a (comment) */
		a = v + strspn(v, " ");
		e = a + strcspn(a, " (");
	}
	n = (size_t)(e - a);
	if (n == 0 || n >= outlen)
		return -1;
	memcpy(out, a, n);
	out[n] = '\0';
	if ((at = strchr(out, '@')) == NULL)
		return -1;
	for (; *at != '\0'; at++)
		*at = (char)tolower((unsigned char)*at);
	return 0;
}
