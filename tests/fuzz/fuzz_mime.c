/*
 * fuzz_mime: libFuzzer target for the whole untrusted-message pipeline:
 * prescan + mime_parse (libetpan, charsets, HTML via libxml2, DSN,
 * calendars) and reply_extract on the body it yields.
 *
 * Build (from the top of the tree; the parsers instrumented too):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iparsers \
 *       parsers/strbuf.c parsers/prescan.c parsers/html.c parsers/mime.c \
 *       parsers/reply.c tests/fuzz/fuzz_mime.c -o fuzz_mime \
 *       $(pkg-config --cflags libetpan libxml-2.0) \
 *       $(pkg-config --libs libetpan libxml-2.0 | sed 's/-specs=[^ ]\{1,\}//')
 * Seed and run (one minute; ASan quarantine makes big inputs costly, so the
 * RSS limit is generous and inputs are capped at 256 KB; the first directory
 * collects new inputs, the others are read-only seeds):
 *   mkdir -p /tmp/fz/mime
 *   ./fuzz_mime -max_total_time=60 -max_len=262144 -rss_limit_mb=2048 \
 *       -timeout=10 /tmp/fz/mime ../shared/corpus/badinput/files \
 *       ../shared/corpus/replies tests/fixtures/mime
 * A crash input goes to tests/regress/ before the fix (see badinput.md).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mime.h"
#include "reply.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mail_msg	 m;
	struct reply	 r;
	char		 err[128];
	char		*buf;

	/* an exact-size copy: ASan sees a read past the end */
	if ((buf = malloc(size > 0 ? size : 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	if (mime_parse(buf, size, NULL, &m, err, sizeof(err)) == MIME_OK) {
		if (reply_extract(m.body, m.body_len, &r) == 0)
			reply_free(&r);
	}
	mail_msg_free(&m);
	free(buf);
	return 0;
}
