/* json.c: streaming JSON writer; see json.h. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "lex.h"

void
json_init(struct json *j, struct strbuf *sb, int pretty)
{
	memset(j, 0, sizeof(*j));
	j->sb = sb;
	j->pretty = pretty;
}

static void
indent(struct json *j)
{
	int i;

	if (!j->pretty)
		return;
	sb_addc(j->sb, '\n');
	for (i = 0; i < j->depth; i++)
		sb_adds(j->sb, "  ");
}

/* Are the eight bytes at p all printable ASCII other than '"' and '\\'? */
static int
json_plain8(const unsigned char *p)
{
	uint64_t	x;
	const uint64_t	ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;

	memcpy(&x, p, 8);
#define HAS_ZERO(v)	(((v) - ones) & ~(v) & highs)
	return (x & highs) == 0 &&			/* ASCII */
	    ((x - 0x20 * ones) & highs) == 0 &&		/* none below 0x20 */
	    !HAS_ZERO(x ^ (0x22 * ones)) &&		/* no '"' */
	    !HAS_ZERO(x ^ (0x5c * ones)) &&		/* no '\\' */
	    !HAS_ZERO(x ^ (0x7f * ones));		/* no DEL */
#undef HAS_ZERO
}

void
json_quote(struct strbuf *sb, const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s, *e = p + n, *run;
	size_t			 l;

	sb_reserve(sb, n + 2);
	sb_addc(sb, '"');
	while (p < e) {
		/* copy runs of printable ASCII and valid UTF-8 in one go */
		for (run = p; p < e; p += l) {
			/* eight plain bytes at a time (no control, quote,
			 * backslash, DEL or non-ASCII byte among them) */
			while (e - p >= 8 && json_plain8(p))
				p += 8;
			if (p >= e)
				break;
			if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\') {
				l = 1;
				continue;
			}
			if (*p < 0x80 || (l = lex_utf8_valid(p, (size_t)(e - p))) == 0)
				break;
		}
		if (p > run)
			sb_add(sb, run, (size_t)(p - run));
		if (p >= e)
			break;
		switch (*p) {
		case '"': sb_adds(sb, "\\\""); break;
		case '\\': sb_adds(sb, "\\\\"); break;
		case '\n': sb_adds(sb, "\\n"); break;
		case '\r': sb_adds(sb, "\\r"); break;
		case '\t': sb_adds(sb, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				sb_printf(sb, "\\u%04x", *p);
			else
				sb_adds(sb, "\xef\xbf\xbd");	/* invalid UTF-8 */
		}
		p++;
	}
	sb_addc(sb, '"');
}

/* A byte of a key from the code: printable ASCII, nothing to escape. */
static int
key_char(char c)
{
	return c > 0x20 && c < 0x7f && c != '"' && c != '\\';
}

/* A key from the code (plain ASCII, nothing to escape) in compact output:
 * the comma, the key and the colon written in one go. 0, or -1 when the
 * key is not plain or there is no room (nothing is then written). */
static int
member_fast(struct json *j, const char *key, int comma)
{
	struct strbuf	*sb = j->sb;
	size_t		 n = strlen(key), i;
	char		*w;

	if (!sb_room(sb, n + 4))
		return -1;
	w = sb->s + sb->len;
	if (comma)
		*w++ = ',';
	*w++ = '"';
	for (i = 0; i < n; i++) {
		if (!key_char(key[i]))
			return -1;
		*w++ = key[i];
	}
	*w++ = '"';
	*w++ = ':';
	*w = '\0';
	sb->len = (size_t)(w - sb->s);
	return 0;
}

static void
member(struct json *j, const char *key)
{
	int comma = j->count[j->depth]++ > 0;

	if (key != NULL && !j->pretty && member_fast(j, key, comma) == 0)
		return;
	if (comma)
		sb_addc(j->sb, ',');
	if (j->depth > 0)
		indent(j);
	if (key != NULL) {
		size_t n = strlen(key), i;

		for (i = 0; i < n && key_char(key[i]); i++)
			;
		if (i == n) {
			sb_addc(j->sb, '"');
			sb_add(j->sb, key, n);
			sb_adds(j->sb, j->pretty ? "\": " : "\":");
		} else {
			json_quote(j->sb, key, n);
			sb_adds(j->sb, j->pretty ? ": " : ":");
		}
	}
}

static void
open_(struct json *j, const char *key, char c)
{
	member(j, key);
	sb_addc(j->sb, c);
	if (j->depth + 1 < JSON_MAXDEPTH)
		j->depth++;
	j->count[j->depth] = 0;
}

static void
close_(struct json *j, char c)
{
	int had = j->count[j->depth] > 0;

	if (j->depth > 0)
		j->depth--;
	if (had)
		indent(j);
	sb_addc(j->sb, c);
	if (j->depth == 0 && j->pretty)
		sb_addc(j->sb, '\n');
}

void json_obj_begin(struct json *j, const char *key) { open_(j, key, '{'); }
void json_obj_end(struct json *j) { close_(j, '}'); }
void json_arr_begin(struct json *j, const char *key) { open_(j, key, '['); }
void json_arr_end(struct json *j) { close_(j, ']'); }

void
json_str(struct json *j, const char *key, const char *s)
{
	if (s == NULL) {
		json_null(j, key);
		return;
	}
	json_strn(j, key, s, strlen(s));
}

void
json_strn(struct json *j, const char *key, const char *s, size_t n)
{
	member(j, key);
	json_quote(j->sb, s, n);
}

void
json_int(struct json *j, const char *key, int64_t v)
{
	char		 buf[24], *p = buf + sizeof(buf);
	uint64_t	 u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	member(j, key);
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		*--p = '-';
	sb_add(j->sb, p, (size_t)(buf + sizeof(buf) - p));
}

void
json_num(struct json *j, const char *key, double v)
{
	member(j, key);
	if (!isfinite(v))
		sb_adds(j->sb, "null");
	else if (v == (double)(long long)v && fabs(v) < 1e15)
		sb_printf(j->sb, "%lld", (long long)v);
	else
		sb_printf(j->sb, "%.10g", v);
}

void
json_bool(struct json *j, const char *key, int v)
{
	member(j, key);
	sb_adds(j->sb, v ? "true" : "false");
}

void
json_null(struct json *j, const char *key)
{
	member(j, key);
	sb_adds(j->sb, "null");
}

void
json_raw(struct json *j, const char *key, const char *raw)
{
	member(j, key);
	sb_adds(j->sb, raw != NULL ? raw : "null");
}
