/*
 * fuzz_html: libFuzzer target for html_to_text() in both quote modes.
 *
 * Build (from the top of the tree):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iparsers \
 *       parsers/strbuf.c parsers/html.c tests/fuzz/fuzz_html.c -o fuzz_html \
 *       $(pkg-config --cflags --libs libxml-2.0)
 * Seed and run (one minute):
 *   mkdir -p /tmp/fz/html
 *   ./fuzz_html -max_total_time=60 -max_len=262144 -timeout=10 /tmp/fz/html \
 *       ../shared/corpus/badinput/files ../shared/corpus/replies
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct html_result	 h;
	char			 err[64];
	char			*buf;

	if ((buf = malloc(size > 0 ? size : 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	if (html_to_text(buf, size, HTML_QUOTES_MARK, &h, err, sizeof(err)) == 0)
		html_result_free(&h);
	if (html_to_text(buf, size, HTML_QUOTES_DROP, &h, err, sizeof(err)) == 0)
		html_result_free(&h);
	free(buf);
	return 0;
}
