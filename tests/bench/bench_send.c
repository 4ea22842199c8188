/*
 * bench_send: render N check-ins (templates + compose), then send them all
 * over one SMTP session, and report the rates.
 *
 *   bench_send --host 127.0.0.1 --port 10587 --user bench --password-env PW \
 *       --ca-file cert.pem --from rapport@localhost --to bench@localhost [--count 1000]
 *
 * Output, one "key value" per line (for the bench driver to compare with
 * msmtp and curl): messages, bytes, render_s, send_s, msgs_per_s,
 * failed, maxrss_kb.  Exit 1 if any message was not sent.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "compose.h"
#include "mustache.h"
#include "smtp.h"
#include "smtp_cli.h"
#include "templates.h"
#include "util.h"

static void
usage(void)
{
	fputs("usage: bench_send\n" SMTP_CLI_USAGE
	    "    --from ADDR --to ADDR [--count N]\n", stderr);
	exit(2);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct mvalue *
checkin_data(long i)
{
	struct mvalue	*d = mv_map(), *m, *l;
	int		 k;

	m = mv_set_map(d, "person");
	mv_set_strf(m, "name", "Person %ld Ünïcödé", i);
	mv_set_strf(m, "first_name", "Person%ld", i);
	m = mv_set_map(d, "manager");
	mv_set_str(m, "name", "Sam Boss");
	mv_set_str(m, "first_name", "Sam");
	mv_set_str(d, "week", "Nov 23");
	mv_set_bool(d, "has_tasks", 1);
	mv_set_int(d, "example_id", 10 + i);
	l = mv_set_list(d, "tasks");
	for (k = 0; k < 3; k++) {
		m = mv_push_map(l);
		mv_set_int(m, "id", 10 + i + k);
		mv_set_strf(m, "title", "Task number %d for person %ld", k, i);
		mv_set_str(m, "due", "Fri Dec 4");
	}
	return d;
}

static char *
render_one(long i, const char *from, const char *to, size_t *len)
{
	struct mvalue		*d = checkin_data(i);
	struct compose_addr	 rcpt = { NULL, to };
	struct compose_msg	 m;
	char			*subject, *text, *html, *out, err[256], mid[COMPOSE_MSGID_MAX], ref[24];

	if (templates_render("checkin", d, &subject, &text, &html, err, sizeof(err)) == -1) {
		fprintf(stderr, "bench_send: %s\n", err);
		exit(2);
	}
	snprintf(ref, sizeof(ref), "%ld", i);
	if (compose_message_id("checkin", ref, strrchr(from, '@') + 1, mid, sizeof(mid)) == -1)
		exit(2);
	memset(&m, 0, sizeof(m));
	rcpt.name = mv_string(mv_get(mv_get(d, "person"), "name"), NULL);
	m.from.name = "Sam Boss (rapport)";
	m.from.addr = from;
	m.reply_to.addr = from;
	m.to = &rcpt;
	m.nto = 1;
	m.subject = subject;
	m.text = text;
	m.html = html;
	m.message_id = mid;
	if (compose_build(&m, &out, len, err, sizeof(err)) == -1) {
		fprintf(stderr, "bench_send: %s\n", err);
		exit(2);
	}
	free(subject);
	free(text);
	free(html);
	mv_free(d);
	return out;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		SMTP_CLI_LONGOPTS,
		{ "from", required_argument, NULL, 'f' }, { "to", required_argument, NULL, 't' },
		{ "count", required_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 }
	};
	struct smtp_conf	 c;
	struct smtp_result	 r;
	struct smtp		*s;
	struct rusage		 ru;
	const char		*from = NULL, *to = NULL;
	char			**msgs, err[256];
	size_t			*lens, bytes = 0;
	long			 count = 1000, i, failed = 0;
	double			 t0, t1, t2;
	int			 ch, k;

	memset(&c, 0, sizeof(c));
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if ((k = smtp_cli_option(ch, optarg, &c)) == -1)
			usage();
		if (k == 1)
			continue;
		switch (ch) {
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'N': if (parse_long(optarg, 1, 10000000, &count) == -1) usage(); break;
		default: usage();
		}
	}
	if (c.host == NULL || from == NULL || to == NULL || !compose_addr_valid(from) || optind != argc)
		usage();
	msgs = xcalloc((size_t)count, sizeof(*msgs));
	lens = xcalloc((size_t)count, sizeof(*lens));
	t0 = now_s();
	for (i = 0; i < count; i++) {
		msgs[i] = render_one(i, from, to, &lens[i]);
		bytes += lens[i];
	}
	t1 = now_s();
	if ((s = smtp_open(&c, err, sizeof(err))) == NULL) {
		fprintf(stderr, "bench_send: %s\n", err);
		return 2;
	}
	for (i = 0; i < count; i++) {
		if (smtp_send(s, from, &to, 1, msgs[i], lens[i], &r) == -1) {
			if (failed++ < 5)
				fprintf(stderr, "bench_send: message %ld: %s %d %s\n", i,
				    smtp_status_name(r.status), r.code, r.text);
		}
	}
	smtp_close(s);
	t2 = now_s();
	getrusage(RUSAGE_SELF, &ru);
	printf("messages %ld\nbytes %zu\nrender_s %.3f\nsend_s %.3f\nmsgs_per_s %.1f\n"
	    "failed %ld\nmaxrss_kb %ld\n", count, bytes, t1 - t0, t2 - t1,
	    (double)count / (t2 - t1), failed, ru.ru_maxrss);
	for (i = 0; i < count; i++)
		free(msgs[i]);
	free(msgs);
	free(lens);
	return failed == 0 ? 0 : 1;
}
