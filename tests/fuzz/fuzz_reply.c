/*
 * fuzz_reply: libFuzzer target for reply_extract(), checking the contract
 * of reply.h on every input: the segments cover the input in order without
 * gaps, and each REPLY_NEW segment's out range lies inside the text.
 *
 * Build (from the top of the tree):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iparsers \
 *       parsers/strbuf.c parsers/reply.c tests/fuzz/fuzz_reply.c -o fuzz_reply
 * Seed and run (one minute; the bodies of the reply corpus are good seeds):
 *   mkdir -p /tmp/fz/reply
 *   ./fuzz_reply -max_total_time=60 -max_len=65536 -timeout=10 /tmp/fz/reply \
 *       ../shared/corpus/replies
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reply.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reply	 r;
	char		*buf;
	size_t		 k, at = 0;

	if ((buf = malloc(size > 0 ? size : 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	if (reply_extract(buf, size, &r) == 0) {
		for (k = 0; k < r.nsegs; k++) {
			if (r.segs[k].start != at || r.segs[k].end < at)
				abort();
			at = r.segs[k].end;
			if (r.segs[k].kind == REPLY_NEW &&
			    (r.segs[k].out_start > r.segs[k].out_end ||
			    r.segs[k].out_end > r.len))
				abort();
		}
		if (at != size || strlen(r.text) > r.len)
			abort();
		reply_free(&r);
	}
	free(buf);
	return 0;
}
