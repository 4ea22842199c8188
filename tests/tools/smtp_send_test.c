/*
 * smtp_send_test: drive agent/smtp.c from the command line, for the
 * integration tests (tests/integration/smtp_send.sh).
 *
 *   smtp_send_test --host 127.0.0.1 --port 10587 --user bob --password-env PW \
 *       --ca-file cert.pem --from alice@localhost --to bob@localhost \
 *       [--count N] [--retry N] [--expect sent|tempfail|permfail] [--trace]
 *
 * Composes N small messages (compose.c) and sends them over one session.
 * Prints one line per attempt: "MSG ATTEMPT STATUS CODE SCOPE TEXT".  Exits
 * 0 when the last attempt of every message ended as --expect says (default
 * "sent"), 1 otherwise, 2 on bad usage.  --retry N retries a temporary
 * failure up to N times (what the outbox will do, without the backoff).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compose.h"
#include "smtp.h"
#include "smtp_cli.h"
#include "util.h"

static void
usage(void)
{
	fputs("usage: smtp_send_test\n" SMTP_CLI_USAGE
	    "    --from ADDR --to ADDR... [--count N] [--retry N] [--expect STATUS]\n", stderr);
	exit(2);
}

static char *
message(const char *from, const char *const *to, size_t nto, int i, size_t *len)
{
	struct compose_addr	 rcpt[16];
	struct compose_msg	 m;
	char			 subject[64], mid[COMPOSE_MSGID_MAX], ref[16], *out, err[256];
	size_t			 k;

	memset(&m, 0, sizeof(m));
	for (k = 0; k < nto && k < nitems(rcpt); k++) {
		rcpt[k].name = "Test Recipient";
		rcpt[k].addr = to[k];
	}
	snprintf(subject, sizeof(subject), "smtp test %d — ünïcödé", i);
	snprintf(ref, sizeof(ref), "%d", i);
	if (compose_message_id("test", ref, strrchr(from, '@') + 1, mid, sizeof(mid)) == -1) {
		fprintf(stderr, "smtp_send_test: cannot make a Message-ID\n");
		exit(2);
	}
	m.from.name = "rapport test";
	m.from.addr = from;
	m.to = rcpt;
	m.nto = k;
	m.subject = subject;
	m.message_id = mid;
	m.text = "This is a test message from smtp_send_test.\n.\nA line with a lone dot above.\n";
	m.html = "<p>This is a test message from <b>smtp_send_test</b>.</p>\n";
	if (compose_build(&m, &out, len, err, sizeof(err)) == -1) {
		fprintf(stderr, "smtp_send_test: %s\n", err);
		exit(2);
	}
	return out;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		SMTP_CLI_LONGOPTS,
		{ "from", required_argument, NULL, 'f' }, { "to", required_argument, NULL, 't' },
		{ "count", required_argument, NULL, 'N' }, { "retry", required_argument, NULL, 'r' },
		{ "expect", required_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 }
	};
	struct smtp_conf	 c;
	struct smtp_result	 r;
	struct smtp		*s;
	const char		*from = NULL, *to[16], *expect = "sent";
	char			 err[256], *msg;
	size_t			 nto = 0, len;
	long			 count = 1, retries = 0;
	int			 ch, i, attempt, bad = 0, k;
	struct timespec		 pause = { 0, 200 * 1000 * 1000 };

	memset(&c, 0, sizeof(c));
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if ((k = smtp_cli_option(ch, optarg, &c)) == -1)
			usage();
		if (k == 1)
			continue;
		switch (ch) {
		case 'f': from = optarg; break;
		case 't':
			if (nto == nitems(to))
				usage();
			to[nto++] = optarg;
			break;
		case 'N': if (parse_long(optarg, 1, 1000000, &count) == -1) usage(); break;
		case 'r': if (parse_long(optarg, 0, 100, &retries) == -1) usage(); break;
		case 'x': expect = optarg; break;
		default:
			usage();
		}
	}
	if (c.host == NULL || from == NULL || nto == 0 || optind != argc)
		usage();
	if ((s = smtp_open(&c, err, sizeof(err))) == NULL) {
		fprintf(stderr, "smtp_send_test: %s\n", err);
		return 2;
	}
	for (i = 1; i <= count; i++) {
		msg = message(from, to, nto, i, &len);
		for (attempt = 1; ; attempt++) {
			smtp_send(s, from, to, nto, msg, len, &r);
			printf("%d %d %s %d %s %s\n", i, attempt, smtp_status_name(r.status), r.code,
			    r.scope == SMTP_SCOPE_SESSION ? "session" : "message", r.text);
			if (r.status != SMTP_TEMPFAIL || attempt > retries)
				break;
			nanosleep(&pause, NULL);
		}
		if (strcmp(smtp_status_name(r.status), expect) != 0)
			bad = 1;
		free(msg);
	}
	smtp_close(s);
	return bad;
}
