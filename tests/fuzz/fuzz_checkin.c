/*
 * fuzz_checkin.c: libFuzzer target for the parsers that read what people
 * wrote: check-in answers (sections, hours, mood, task updates, concerns),
 * the survey, feedback replies, commands, auto-replies and dates.
 *
 *	clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
 *	    -iquote parsers tests/fuzz/fuzz_checkin.c \
 *	    parsers/{lex,dates,sections,checkin,feedback,autoreply,commands}.c \
 *	    parsers/{strbuf,tzone}.c $(pkg-config --cflags --libs libical) \
 *	    -o fuzz_checkin
 *	./fuzz_checkin -max_len=16384 -timeout=5 -rss_limit_mb=1024 \
 *	    CORPUS_DIR tests/fuzz/seeds/checkin ../shared/corpus/badinput/files
 *
 * The input is the body. Lines starting with '>' become REPLY_QUOTE
 * segments and the rest REPLY_NEW, so the inline-answer path sees quoted
 * questions followed by answers as reply_extract() would hand them over.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "autoreply.h"
#include "checkin.h"
#include "commands.h"
#include "feedback.h"

#define MAX_INPUT	(256 * 1024)
#define MAX_SEGS	512

static const long open_ids[] = { 1, 5, 12, 14 };
static const char *const names[] = { "Anna", "Bob", "Carla Diaz" };

/* Segments and reply text from '>' lines, as reply_extract() would. */
static size_t
segment(const char *b, size_t len, struct reply_seg *segs, char *text,
    size_t *tlen)
{
	size_t			 n = 0, i = 0, le, ol = 0;
	enum reply_seg_kind	 k;

	while (i < len && n < MAX_SEGS) {
		const char *nl = memchr(b + i, '\n', len - i);

		le = nl == NULL ? len : (size_t)(nl - b) + 1;
		k = b[i] == '>' ? REPLY_QUOTE : REPLY_NEW;
		if (n > 0 && segs[n - 1].kind == k) {
			segs[n - 1].end = le;
		} else {
			memset(&segs[n], 0, sizeof(segs[n]));
			segs[n].kind = k;
			segs[n].start = i;
			segs[n].end = le;
			n++;
		}
		i = le;
	}
	if (n > 0)
		segs[n - 1].end = len;
	for (i = 0; i < n; i++) {
		if (segs[i].kind != REPLY_NEW)
			continue;
		if (ol > 0) {
			memcpy(text + ol, "\n\n", 2);
			ol += 2;
		}
		segs[i].out_start = ol;
		memcpy(text + ol, b + segs[i].start, segs[i].end - segs[i].start);
		ol += segs[i].end - segs[i].start;
		segs[i].out_end = ol;
	}
	text[ol] = '\0';
	*tlen = ol;
	return n;
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct reply_seg		 segs[MAX_SEGS];
	struct checkin			 c;
	struct checkin_ctx		 cx = { 1795766520, "Europe/Berlin",
					    open_ids, 4 };
	struct feedback_survey		 f;
	struct feedback_reply		 fr;
	struct command_list		 cl;
	struct commands_ctx		 mx = { 1795766520, "UTC", names, 3,
					    COMMANDS_MANAGER | COMMANDS_PERSON };
	struct autoreply		 ar;
	struct autoreply_header		 h[2];
	struct dates_ref		 ref;
	struct dates_match		 m;
	const char			*err;
	char				*body, *text, *subject;
	size_t				 nsegs, tlen, i;

	if (size > MAX_INPUT)
		return 0;
	/* exactly size bytes, no terminator: overreads show up in ASan */
	body = malloc(size ? size : 1);
	text = malloc(2 * size + MAX_SEGS * 2 + 1);
	if (body == NULL || text == NULL)
		abort();
	memcpy(body, data, size);
	nsegs = segment(body, size, segs, text, &tlen);

	if (checkin_parse(text, tlen, body, size, segs, nsegs, &cx, &c,
	    &err) == 0) {
		if (feedback_survey_parse(text, tlen, body, size, segs, nsegs,
		    &c, &f, &err) == 0)
			feedback_survey_free(&f);
		checkin_free(&c);
	}
	cx.tzid = "UTC";
	cx.open_ids = NULL;
	if (checkin_parse(body, size, NULL, 0, NULL, 0, &cx, &c, &err) == 0)
		checkin_free(&c);
	if (feedback_survey_parse(text, tlen, body, size, segs, nsegs, NULL,
	    &f, &err) == 0)
		feedback_survey_free(&f);
	feedback_reply_parse(body, size, &fr);
	if (commands_parse(body, size, &mx, &cl, &err) == 0)
		commands_free(&cl);

	/* the first line as the subject, the rest as the body */
	for (i = 0; i < size && body[i] != '\n' && body[i] != '\0'; i++)
		;
	if ((subject = strndup(body, i)) == NULL)
		abort();
	h[0].name = "Auto-Submitted";
	h[0].value = size > 0 && (data[0] & 1) ? "auto-replied" : "no";
	h[1].name = "Precedence";
	h[1].value = subject;
	if (autoreply_classify(h, 2, subject, body + i, size - i, 1795766520,
	    "America/New_York", &ar, &err) != 0)
		abort();
	free(subject);

	if (dates_ref_init(&ref, 1795766520, "Asia/Tokyo") == 0) {
		for (i = 0; i < size && i < 64; i++)
			(void)dates_parse_at(body, size, i, &ref, DATES_ANY, &m);
		(void)dates_find(body, size, 0, size, &ref, DATES_ANY, &m);
	}
	free(body);
	free(text);
	return 0;
}
