/*
 * Unit tests for agent/json.c: string quoting against a byte-at-a-time
 * reading of the same rules (json_quote() reads plain text eight bytes at
 * a time), compact and pretty documents.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "lex.h"
#include "strbuf.h"

/* The rules, one byte at a time. */
static void
quote_ref(struct strbuf *sb, const unsigned char *p, size_t n)
{
	const unsigned char	*e = p + n;
	size_t			 l;

	sb_addc(sb, '"');
	while (p < e) {
		if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\') {
			sb_addc(sb, *p++);
			continue;
		}
		if (*p >= 0x80 && (l = lex_utf8_valid(p, (size_t)(e - p))) > 0) {
			sb_add(sb, p, l);
			p += l;
			continue;
		}
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
				sb_adds(sb, "\xef\xbf\xbd");
		}
		p++;
	}
	sb_addc(sb, '"');
}

static void
check_quote(const unsigned char *s, size_t n)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	json_quote(&a, (const char *)s, n);
	quote_ref(&b, s, n);
	ck_assert_msg(a.len == b.len && memcmp(a.s, b.s, a.len) == 0,
	    "quoting %zu bytes: [%s] vs [%s]", n, sb_str(&a), sb_str(&b));
	sb_free(&a);
	sb_free(&b);
}

START_TEST(test_quote_every_byte_at_every_offset)
{
	static const unsigned char specials[] = {
		'"', '\\', '\n', '\r', '\t', 0x00, 0x01, 0x1f, 0x7f, 0x80, 0xbf,
		0xc3, 0xe2, 0xf0, 0xff,
	};
	unsigned char	buf[40];
	size_t		i, k, n;
	int		c;

	/* each byte value, alone and inside plain text, at each offset of
	 * an eight-byte block, in strings of each length up to 24 */
	for (c = 0; c < 256; c++)
		for (n = 1; n <= 24; n++)
			for (i = 0; i < n; i++) {
				memset(buf, 'a', n);
				buf[i] = (unsigned char)c;
				check_quote(buf, n);
			}
	/* two specials, and valid UTF-8 across a block edge */
	for (i = 0; i < 16; i++)
		for (k = 0; k < sizeof(specials); k++) {
			memset(buf, 'x', 24);
			buf[i] = specials[k];
			buf[23 - i] = specials[(k + 3) % sizeof(specials)];
			check_quote(buf, 24);
			memset(buf, 'y', 24);
			memcpy(buf + i, "\xe2\x82\xac", 3);	/* € */
			check_quote(buf, 24);
		}
	check_quote((const unsigned char *)"", 0);
}
END_TEST

START_TEST(test_documents)
{
	struct strbuf	sb = STRBUF_INIT;
	struct json	j;

	json_init(&j, &sb, 0);
	json_obj_begin(&j, NULL);
	json_str(&j, "name", "Anna \"AL\" Lee");
	json_int(&j, "n", -42);
	json_null(&j, "none");
	json_arr_begin(&j, "list");
	json_bool(&j, NULL, 1);
	json_strn(&j, NULL, "a\nb", 3);
	json_arr_end(&j);
	json_obj_end(&j);
	ck_assert_str_eq(sb_str(&sb),
	    "{\"name\":\"Anna \\\"AL\\\" Lee\",\"n\":-42,\"none\":null,\"list\":[true,\"a\\nb\"]}");
	sb_reset(&sb);
	json_init(&j, &sb, 1);
	json_obj_begin(&j, NULL);
	json_int(&j, "n", 1);
	json_obj_end(&j);
	ck_assert_str_eq(sb_str(&sb), "{\n  \"n\": 1\n}\n");
	sb_free(&sb);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("json");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_quote_every_byte_at_every_offset);
	tcase_add_test(tc, test_documents);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
