/*
 * parse_reply: run a message through mime_parse() and reply_extract() and
 * print the reply text, as `rapport parse` will. A test and scoring tool:
 *
 *   parse_reply FILE.eml              the reply text on standard output
 *   parse_reply --segments FILE.eml   each segment, its kind and its text
 *   parse_reply --body FILE.eml       the decoded body, before extraction
 *   parse_reply --batch OUTDIR F...   OUTDIR/<name>.out.txt for each file
 *                                     (reply_eval.sh --batch-cmd protocol)
 *
 * Exit status: 0, or 65 (EX_DATAERR) when a message could not be read
 * (the reason goes to standard error; in batch mode the others go on).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "mime.h"
#include "reply.h"

enum mode { M_TEXT, M_SEGMENTS, M_BODY };

static char *
slurp(const char *path, size_t *lenp)
{
	FILE	*fp;
	char	*buf = NULL, *nb;
	size_t	 len = 0, cap = 0, n;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	for (;;) {
		if (cap - len < 65536) {
			cap = cap == 0 ? 65536 : cap * 2;
			if ((nb = realloc(buf, cap)) == NULL) {
				free(buf);
				fclose(fp);
				return NULL;
			}
			buf = nb;
		}
		if ((n = fread(buf + len, 1, cap - len, fp)) == 0)
			break;
		len += n;
	}
	fclose(fp);
	*lenp = len;
	return buf;
}

static int
run(const char *path, FILE *out, enum mode mode)
{
	struct mail_msg	 msg;
	struct reply	 r;
	char		*raw, err[256];
	size_t		 len, i;

	if ((raw = slurp(path, &len)) == NULL) {
		fprintf(stderr, "parse_reply: %s: cannot read\n", path);
		return -1;
	}
	if (mime_parse(raw, len, NULL, &msg, err, sizeof(err)) != MIME_OK) {
		fprintf(stderr, "parse_reply: %s: %s\n", path, err);
		free(raw);
		mail_msg_free(&msg);
		return -1;
	}
	free(raw);
	if (mode == M_BODY) {
		fwrite(msg.body, 1, msg.body_len, out);
		mail_msg_free(&msg);
		return 0;
	}
	if (reply_extract(msg.body, msg.body_len, &r) == -1) {
		fprintf(stderr, "parse_reply: %s: out of memory\n", path);
		mail_msg_free(&msg);
		return -1;
	}
	if (mode == M_SEGMENTS) {
		for (i = 0; i < r.nsegs; i++)
			fprintf(out, "=== %s [%zu,%zu)\n%.*s",
			    reply_seg_kind_name(r.segs[i].kind),
			    r.segs[i].start, r.segs[i].end,
			    (int)(r.segs[i].end - r.segs[i].start),
			    msg.body + r.segs[i].start);
		fprintf(out, "=== text\n");
	}
	fwrite(r.text, 1, r.len, out);
	fputc('\n', out);
	reply_free(&r);
	mail_msg_free(&msg);
	return 0;
}

static int
batch(const char *outdir, int argc, char **argv)
{
	char		 path[4096];
	const char	*base, *dot;
	FILE		*out;
	int		 i, bad = 0;

	for (i = 0; i < argc; i++) {
		base = strrchr(argv[i], '/');
		base = base != NULL ? base + 1 : argv[i];
		dot = strrchr(base, '.');
		snprintf(path, sizeof(path), "%s/%.*s.out.txt", outdir,
		    (int)(dot != NULL ? dot - base : (long)strlen(base)), base);
		if ((out = fopen(path, "w")) == NULL) {
			fprintf(stderr, "parse_reply: %s: cannot write\n", path);
			return EX_CANTCREAT;
		}
		if (run(argv[i], out, M_TEXT) == -1)
			bad = 1;
		fclose(out);
	}
	return bad ? EX_DATAERR : 0;
}

int
main(int argc, char **argv)
{
	enum mode mode = M_TEXT;

	if (argc >= 3 && strcmp(argv[1], "--batch") == 0)
		return batch(argv[2], argc - 3, argv + 3);
	if (argc == 3 && strcmp(argv[1], "--segments") == 0) {
		mode = M_SEGMENTS;
		argv++;
	} else if (argc == 3 && strcmp(argv[1], "--body") == 0) {
		mode = M_BODY;
		argv++;
	} else if (argc != 2) {
		fprintf(stderr, "usage: parse_reply [--segments | --body] FILE\n"
		    "       parse_reply --batch OUTDIR FILE...\n");
		return EX_USAGE;
	}
	return run(argv[1], stdout, mode) == -1 ? EX_DATAERR : 0;
}
