/*
 * fuzz_itip: libFuzzer target for parsers/itip.c (iCalendar ingest).
 *
 *	clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
 *	    -iquote parsers tests/fuzz/fuzz_itip.c parsers/itip.c parsers/tzone.c \
 *	    $(pkg-config --cflags --libs libical) -o fuzz_itip
 *	./fuzz_itip -max_len=262144 -timeout=2 -rss_limit_mb=512 CORPUS_DIR
 *
 * Seed it with ../shared/corpus/itip (.ics, and the calendars of the .eml
 * files) and ../shared/corpus/badinput.
 */
#include <stddef.h>
#include <stdint.h>

#include "itip.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct itip	 it;
	char		 err[128];

	if (itip_parse((const char *)data, len, "REPLY", "a@example.org", &it,
	    err, sizeof(err)) == 0)
		itip_free(&it);
	return 0;
}
