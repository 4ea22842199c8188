/*
 * bench_parse: the parsers in one process, on messages already in memory,
 * the way the reply-parser peers are measured (../shared/tools/replyeval
 * decodes every message once, then times passes over the decoded bodies).
 *
 *   bench_parse [--passes N] FILE.eml...
 *
 * Every file is read once. Then, timed separately:
 *   extract   reply_extract() alone over each message's decoded body
 *             (MIME, charsets and HTML done once, before the clock starts);
 *   pipeline  parse_message() over the raw bytes: pre-scan, MIME, charsets,
 *             HTML, reply extraction, check-in answers, feedback, commands,
 *             auto-reply classification, the JSON document.
 *   worst     each message alone, the pipeline's time per byte: the slowest
 *             against the median (no input may be worse than linear).
 * Output, one "key value" per line: messages, raw_bytes, body_bytes,
 * extract_msgs_s, extract_mb_s (of body text), pipeline_msgs_s,
 * pipeline_mb_s (of raw messages), worst_file, worst_ratio. Exit 1 if a
 * message could not be read.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mime.h"
#include "parse.h"
#include "reply.h"
#include "strbuf.h"
#include "util.h"

struct item {
	const char *name;
	double	 per_byte;
	char	*raw;
	size_t	 len;
	char	*body;
	size_t	 body_len;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "passes", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	struct parse_ctx ctx;
	struct item	*v;
	struct mail_msg	 m;
	struct reply	 r;
	struct strbuf	 out = STRBUF_INIT;
	char		 err[256];
	double		*costs;
	size_t		 n, i, worst = 0, raw_bytes = 0, body_bytes = 0, sink = 0;
	long		 passes = 50, p;
	double		 t0, te, tp;
	int		 c;

	while ((c = getopt_long(argc, argv, "p:", opts, NULL)) != -1) {
		if (c != 'p' || (passes = strtol(optarg, NULL, 10)) < 1) {
			fprintf(stderr, "usage: bench_parse [--passes N] FILE.eml...\n");
			return 2;
		}
	}
	n = (size_t)(argc - optind);
	if (n == 0) {
		fprintf(stderr, "usage: bench_parse [--passes N] FILE.eml...\n");
		return 2;
	}
	v = xcalloc(n, sizeof(*v));
	costs = xcalloc(n, sizeof(*costs));
	for (i = 0; i < n; i++) {
		if (read_file(argv[optind + (int)i], &v[i].raw, &v[i].len, 64u << 20) == -1) {
			perror(argv[optind + (int)i]);
			return 1;
		}
		v[i].name = argv[optind + (int)i];
		raw_bytes += v[i].len;
		memset(&m, 0, sizeof(m));
		if (mime_parse(v[i].raw, v[i].len, NULL, &m, err, sizeof(err)) == MIME_OK) {
			v[i].body = m.body;
			v[i].body_len = m.body_len;
			m.body = NULL;
		} else
			v[i].body = xstrdup("");
		body_bytes += v[i].body_len;
		mail_msg_free(&m);
	}

	t0 = now();
	for (p = 0; p < passes; p++)
		for (i = 0; i < n; i++) {
			if (reply_extract(v[i].body, v[i].body_len, &r) == 0)
				sink += r.len;
			reply_free(&r);
		}
	te = now() - t0;

	parse_ctx_init(&ctx);
	t0 = now();
	for (p = 0; p < passes; p++)
		for (i = 0; i < n; i++) {
			sb_reset(&out);
			if (parse_message(v[i].raw, v[i].len, &ctx, &out, 0) == 0)
				sink += out.len;
		}
	tp = now() - t0;

	for (i = 0; i < n; i++) {
		t0 = now();
		for (p = 0; p < passes; p++) {
			sb_reset(&out);
			if (parse_message(v[i].raw, v[i].len, &ctx, &out, 0) == 0)
				sink += out.len;
		}
		v[i].per_byte = (now() - t0) / (double)passes / (double)(v[i].len + 1);
		costs[i] = v[i].per_byte;
		if (v[i].per_byte > v[worst].per_byte)
			worst = i;
	}
	qsort(costs, n, sizeof(*costs), cmp_double);

	printf("messages %zu\nraw_bytes %zu\nbody_bytes %zu\n", n, raw_bytes, body_bytes);
	printf("extract_msgs_s %.0f\nextract_mb_s %.1f\n",
	    (double)(n * (size_t)passes) / te, (double)body_bytes * (double)passes / te / 1e6);
	printf("pipeline_msgs_s %.0f\npipeline_mb_s %.1f\n",
	    (double)(n * (size_t)passes) / tp, (double)raw_bytes * (double)passes / tp / 1e6);
	printf("worst_file %s\nworst_ratio %.1f\n", v[worst].name, v[worst].per_byte / costs[n / 2]);
	fprintf(stderr, "(%zu bytes of output)\n", sink);
	for (i = 0; i < n; i++) {
		free(v[i].raw);
		free(v[i].body);
	}
	free(v);
	free(costs);
	sb_free(&out);
	return 0;
}
