/* cmd_parse.c: `rapport parse`: what the parsers understand in one message. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "caps.h"
#include "cli.h"
#include "cmds.h"
#include "jsonp.h"
#include "parse.h"
#include "util.h"
#include "validate.h"

#define PARSE_SYN "[--json] [--tz ZONE] [--manager ADDR] [--task ID]... FILE|-\n" \
	"       rapport parse --batch OUTDIR [--json] FILE..."

static int
read_input(const char *path, char **buf, size_t *len)
{
	struct strbuf	sb;
	char		tmp[65536];
	size_t		n;

	if (strcmp(path, "-") != 0) {
		if (read_file(path, buf, len, LIMIT_MESSAGE_SIZE * 2u) == -1) {
			cli_err("%s: %s", path, errno == EFBIG ? "too large" : strerror(errno));
			return -1;
		}
		return 0;
	}
	sb_init(&sb, LIMIT_MESSAGE_SIZE * 2u);
	while ((n = fread(tmp, 1, sizeof(tmp), stdin)) > 0)
		sb_add(&sb, tmp, n);
	if (ferror(stdin) || sb_error(&sb)) {
		cli_err("standard input: %s", sb_error(&sb) ? "too large" : strerror(errno));
		sb_free(&sb);
		return -1;
	}
	*buf = sb_detach(&sb, len);
	return 0;
}

/* Parse one file; print JSON, or the reply text, to fp. 0, 1 (unreadable message), -1. */
static int
parse_one(const char *path, const struct parse_ctx *ctx, int json, FILE *fp)
{
	struct strbuf	 out = STRBUF_INIT;
	struct jp	*doc;
	char		*raw, why[128];
	size_t		 len;
	int		 r;

	if (read_input(path, &raw, &len) == -1)
		return -1;
	r = parse_message(raw, len, ctx, &out, json);
	free(raw);
	if (r == -1) {
		cli_err("%s: out of memory", path);
		sb_free(&out);
		return -1;
	}
	if (json)
		fputs(sb_str(&out), fp);
	else if ((doc = jp_parse(sb_str(&out), out.len, why, sizeof(why))) != NULL) {
		const char *t = jp_str(jp_get(doc, "reply_text"));
		if (t != NULL && *t != '\0')
			fprintf(fp, "%s\n", t);
		else if (jp_str(jp_get(doc, "error")) != NULL)
			cli_err("%s: %s", path, jp_str(jp_get(doc, "error")));
		jp_free(doc);
	}
	sb_free(&out);
	return r;
}

static int
batch(const char *outdir, char **files, int n, const struct parse_ctx *ctx, int json)
{
	int	 i, rc = EX_OK;
	char	*base, *dot, *path;
	FILE	*fp;

	for (i = 0; i < n; i++) {
		base = strrchr(files[i], '/');
		base = xstrdup(base != NULL ? base + 1 : files[i]);
		if ((dot = strrchr(base, '.')) != NULL && strcmp(dot, ".eml") == 0)
			*dot = '\0';
		path = xasprintf("%s/%s.%s", outdir, base, json ? "json" : "out.txt");
		if ((fp = fopen(path, "w")) == NULL) {
			cli_err("%s: %s", path, strerror(errno));
			rc = EX_CANTCREAT;
		} else {
			if (parse_one(files[i], ctx, json, fp) == -1)
				rc = EX_DATAERR;
			fclose(fp);
		}
		free(path);
		free(base);
	}
	return rc;
}

int
cmd_parse(struct rapport *r, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "tz", required_argument, NULL, 'z' },
		{ "manager", required_argument, NULL, 'm' },
		{ "task", required_argument, NULL, 't' },
		{ "batch", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct parse_ctx	 ctx;
	const char		*outdir = NULL;
	int64_t			 tasks[LIMIT_ANSWERS];
	char			 why[256];
	long			 id;
	int			 ch, json = 0, rc;

	(void)r;
	parse_ctx_init(&ctx);
	ctx.now = now_utc();
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'z':
			if (valid_zone(optarg, why, sizeof(why)) == -1)
				return cli_usage("parse", PARSE_SYN, "--tz: %s", why);
			ctx.tz = optarg;
			break;
		case 'm':
			if (valid_email(optarg, why, sizeof(why)) == -1)
				return cli_usage("parse", PARSE_SYN, "--manager: %s", why);
			ctx.manager = optarg;
			break;
		case 't':
			if (parse_long(*optarg == '#' ? optarg + 1 : optarg, 1, 1L << 53, &id) == -1 ||
			    ctx.ntasks == LIMIT_ANSWERS)
				return cli_usage("parse", PARSE_SYN, "--task: a task id");
			tasks[ctx.ntasks++] = id;
			ctx.task_ids = tasks;
			break;
		case 'b':
			outdir = optarg;
			break;
		case 'h':
			printf("usage: rapport parse " PARSE_SYN "\n\n"
			    "Show what rapport understands in one message, with no database or config:\n"
			    "by default the sender's own new words (the reply text); with --json every\n"
			    "field the parsers found (class, answers by section, hours, mood, task\n"
			    "updates, auto-reply, bounce, iTIP, commands, defects) and source offsets.\n"
			    "--tz is the sender's zone for relative dates (default: the Date header's\n"
			    "offset); --manager marks mail from that address as commands; --task lists\n"
			    "the sender's open task ids. --batch writes OUTDIR/NAME.out.txt (or .json)\n"
			    "for each FILE.\n");
			return EX_OK;
		default:
			return cli_usage("parse", PARSE_SYN, NULL);
		}
	}
	if (outdir != NULL) {
		if (optind == argc)
			return cli_usage("parse", PARSE_SYN, "--batch needs files");
		return batch(outdir, argv + optind, argc - optind, &ctx, json);
	}
	if (argc - optind != 1)
		return cli_usage("parse", PARSE_SYN, "give one FILE, or - for standard input");
	rc = parse_one(argv[optind], &ctx, json, stdout);
	return rc == -1 ? EX_NOINPUT : rc == 1 ? EX_DATAERR : EX_OK;
}
