/*
 * Unit tests for agent/smtp.c: configuration checks, URL parsing, local
 * refusals (no connection is made for a bad address), and the protocol
 * handling against a scripted server forked by the test (one connection,
 * replies chosen per case): line ends, dot-stuffing, reply classes and
 * scopes, the server's words kept past QUIT, AUTH that was not offered.
 * The real servers are in tests/integration/smtp_send.sh.
 */
#include <check.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "smtp.h"
#include "strbuf.h"
#include "util.h"

/* --- a scripted one-connection server */

struct script {
	const char	*ext;		/* EHLO extensions after the first line, e.g. "AUTH PLAIN" */
	int		 mail;		/* reply code to MAIL (250 if 0) */
	int		 rcpt;		/* to RCPT */
	int		 data;		/* after the data */
};

static pid_t	 server_pid;
static int	 data_pipe[2];

static int
readline(int fd, char *buf, size_t len)
{
	size_t	 n = 0;
	char	 c;

	while (n + 1 < len && read(fd, &c, 1) == 1) {
		buf[n++] = c;
		if (c == '\n')
			break;
	}
	buf[n] = '\0';
	return n > 0 ? 0 : -1;
}

static void
say(int fd, int code, const char *text)
{
	char	 buf[256];
	int	 n = snprintf(buf, sizeof(buf), "%d %s\r\n", code, text);

	if (write(fd, buf, (size_t)n) != n)
		_exit(3);
}

static const char *
text_for(int code)
{
	return code >= 500 ? "5.0.0 scripted refusal" : code >= 400 ? "4.0.0 scripted delay" : "ok";
}

static void
serve_one(int ls, const struct script *sc)
{
	char	 line[1024], ehlo[256];
	int	 fd = accept(ls, NULL, NULL), n;

	if (fd == -1)
		_exit(2);
	say(fd, 220, "scripted ESMTP");
	while (readline(fd, line, sizeof(line)) == 0) {
		if (strncasecmp(line, "EHLO", 4) == 0) {
			n = snprintf(ehlo, sizeof(ehlo), "250-scripted\r\n250 %s\r\n",
			    sc->ext != NULL ? sc->ext : "8BITMIME");
			if (write(fd, ehlo, (size_t)n) != n)
				_exit(3);
		} else if (strncasecmp(line, "AUTH", 4) == 0) {
			if (strchr(line + 5, ' ') == NULL) {	/* no initial response */
				say(fd, 334, "");
				if (readline(fd, line, sizeof(line)) == -1)
					break;
			}
			say(fd, 235, "2.7.0 ok");
		} else if (strncasecmp(line, "MAIL", 4) == 0)
			say(fd, sc->mail ? sc->mail : 250, text_for(sc->mail));
		else if (strncasecmp(line, "RCPT", 4) == 0)
			say(fd, sc->rcpt ? sc->rcpt : 250, text_for(sc->rcpt));
		else if (strncasecmp(line, "DATA", 4) == 0) {
			say(fd, 354, "go on");
			while (readline(fd, line, sizeof(line)) == 0 && strcmp(line, ".\r\n") != 0)
				if (write(data_pipe[1], line, strlen(line)) < 0)
					_exit(3);
			close(data_pipe[1]);
			say(fd, sc->data ? sc->data : 250, text_for(sc->data));
		} else if (strncasecmp(line, "QUIT", 4) == 0) {
			say(fd, 221, "bye");
			break;
		} else
			say(fd, 250, "ok");
	}
	close(fd);
	_exit(0);
}

/* Fork the server; returns its port. */
static unsigned
serve(const struct script *sc)
{
	struct sockaddr_in	 sin;
	socklen_t		 sl = sizeof(sin);
	int			 ls = socket(AF_INET, SOCK_STREAM, 0);

	ck_assert_int_ge(ls, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(ls, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(listen(ls, 1), 0);
	ck_assert_int_eq(getsockname(ls, (struct sockaddr *)&sin, &sl), 0);
	ck_assert_int_eq(pipe(data_pipe), 0);
	if ((server_pid = fork()) == 0)
		serve_one(ls, sc);
	ck_assert_int_gt(server_pid, 0);
	close(ls);
	close(data_pipe[1]);
	return ntohs(sin.sin_port);
}

/* What the server received as DATA (until it closed the pipe). */
static char *
received(void)
{
	struct strbuf	 sb = STRBUF_INIT;
	char		 buf[4096];
	ssize_t		 n;

	while ((n = read(data_pipe[0], buf, sizeof(buf))) > 0)
		sb_add(&sb, buf, (size_t)n);
	close(data_pipe[0]);
	return sb_detach(&sb, NULL);
}

static void
reap(void)
{
	int st;

	int i;

	close(data_pipe[0]);
	if (server_pid <= 0)		/* never kill(0) or kill(-1) */
		return;
	/* The server exits by itself after QUIT or EOF; only a stuck one is killed. */
	for (i = 0; i < 200 && waitpid(server_pid, &st, WNOHANG) == 0; i++)
		usleep(10000);
	if (i == 200) {
		kill(server_pid, SIGKILL);
		waitpid(server_pid, &st, 0);
	}
	server_pid = -1;
}

static struct smtp *
open_plain(unsigned port, const char *user)
{
	struct smtp_conf	 c;
	struct smtp		*s;
	char			 err[256];

	memset(&c, 0, sizeof(c));
	c.host = "127.0.0.1";
	c.port = port;
	c.tls = SMTP_TLS_NONE;
	c.helo = "test.example";
	c.user = user;
	c.password = user != NULL ? "secret-pw" : NULL;
	c.timeout = 10;
	s = smtp_open(&c, err, sizeof(err));
	ck_assert_msg(s != NULL, "smtp_open: %s", err);
	return s;
}

static const char *const to_anna[] = { "anna@example.com" };

/* --- tests */

START_TEST(test_url)
{
	struct smtp_conf	 c;
	char			 host[64], err[128];

	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(smtp_url_parse("smtp://mail.example.com:587", &c, host, sizeof(host), err, sizeof(err)), 0);
	ck_assert_str_eq(c.host, "mail.example.com");
	ck_assert_uint_eq(c.port, 587);
	ck_assert_int_eq(c.tls, SMTP_TLS_STARTTLS);
	ck_assert_int_eq(smtp_url_parse("smtps://[::1]/", &c, host, sizeof(host), err, sizeof(err)), 0);
	ck_assert_str_eq(c.host, "::1");
	ck_assert_uint_eq(c.port, 0);
	ck_assert_int_eq(c.tls, SMTP_TLS_SMTPS);
	ck_assert_int_eq(smtp_url_parse("smtp://localhost", &c, host, sizeof(host), err, sizeof(err)), 0);
	ck_assert_str_eq(c.host, "localhost");

	ck_assert_int_eq(smtp_url_parse("imap://x", &c, host, sizeof(host), err, sizeof(err)), -1);
	ck_assert_int_eq(smtp_url_parse("smtp://", &c, host, sizeof(host), err, sizeof(err)), -1);
	ck_assert_int_eq(smtp_url_parse("smtp://u:p@host", &c, host, sizeof(host), err, sizeof(err)), -1);
	ck_assert_int_eq(smtp_url_parse("smtp://host:0", &c, host, sizeof(host), err, sizeof(err)), -1);
	ck_assert_int_eq(smtp_url_parse("smtp://host:65536", &c, host, sizeof(host), err, sizeof(err)), -1);
	ck_assert_int_eq(smtp_url_parse("smtp://host:25x", &c, host, sizeof(host), err, sizeof(err)), -1);
	ck_assert_int_eq(smtp_url_parse("smtp://host/ehlo", &c, host, sizeof(host), err, sizeof(err)), -1);
	ck_assert_int_eq(smtp_url_parse("smtp://ho st", &c, host, sizeof(host), err, sizeof(err)), -1);
	ck_assert_int_eq(smtp_url_parse("smtp://[::1", &c, host, sizeof(host), err, sizeof(err)), -1);
	ck_assert_int_eq(smtp_url_parse("smtp://averyveryveryverylonghostname.example.com.averyveryveryverylong",
	    &c, host, 16, err, sizeof(err)), -1);
}
END_TEST

START_TEST(test_conf_checks)
{
	struct smtp_conf	 c;
	char			 err[256];
	struct smtp		*s;

#define REFUSED(field, value) do { \
		memset(&c, 0, sizeof(c)); \
		c.host = "mail.example.com"; \
		field = value; \
		ck_assert_ptr_null(smtp_open(&c, err, sizeof(err))); \
	} while (0)
	REFUSED(c.host, NULL);
	REFUSED(c.host, "mail example.com");
	REFUSED(c.host, "mail.example.com\r\nX");
	REFUSED(c.port, 65536);
	REFUSED(c.helo, "me/you");
	REFUSED(c.user, "bob\r\n");
	REFUSED(c.user, "");
	REFUSED(c.auth, SMTP_AUTH_XOAUTH2);
	REFUSED(c.auth, SMTP_AUTH_PLAIN);
	REFUSED(c.oauth2_token, "tok\nen");
#undef REFUSED
	memset(&c, 0, sizeof(c));
	c.host = "mail.example.com";
	c.user = "bob";
	c.password = "pw";
	c.auth = SMTP_AUTH_LOGIN;
	s = smtp_open(&c, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	smtp_close(s);
	smtp_close(NULL);
	ck_assert_str_eq(smtp_status_name(SMTP_SENT), "sent");
	ck_assert_str_eq(smtp_status_name(SMTP_TEMPFAIL), "tempfail");
	ck_assert_str_eq(smtp_status_name(SMTP_PERMFAIL), "permfail");
}
END_TEST

/* Bad addresses are refused before any connection: port 1 would give "connect". */
START_TEST(test_local_refusals)
{
	struct smtp		*s = open_plain(1, NULL);
	struct smtp_result	 r;
	const char *const	 evil[] = { "anna@example.com>\r\nRCPT TO:<eve@example.com" };

	ck_assert_int_eq(smtp_send(s, "agent@example.com", evil, 1, "x\r\n", 3, &r), -1);
	ck_assert_int_eq(r.status, SMTP_PERMFAIL);
	ck_assert_int_eq(r.scope, SMTP_SCOPE_MESSAGE);
	ck_assert_str_eq(r.text, "invalid recipient address");
	ck_assert_int_eq(smtp_send(s, "agent@example.com\n", to_anna, 1, "x\r\n", 3, &r), -1);
	ck_assert_str_eq(r.text, "invalid sender address");
	ck_assert_int_eq(smtp_send(s, "agent@example.com", to_anna, 0, "x\r\n", 3, &r), -1);
	ck_assert_str_eq(r.text, "no recipient");
	/* and a good one does try to connect, and fails for the session */
	ck_assert_int_eq(smtp_send(s, "agent@example.com", to_anna, 1, "x\r\n", 3, &r), -1);
	ck_assert_int_eq(r.status, SMTP_TEMPFAIL);
	ck_assert_int_eq(r.scope, SMTP_SCOPE_SESSION);
	ck_assert_int_eq(r.code, 0);
	smtp_close(s);
}
END_TEST

START_TEST(test_bytes_on_the_wire)
{
	struct script		 sc = { NULL, 0, 0, 0 };
	struct smtp		*s = open_plain(serve(&sc), NULL);
	struct smtp_result	 r;
	const char		*msg = "Subject: x\n\nline\n.\n..two\r\nend";
	char			*got;

	ck_assert_int_eq(smtp_send(s, "agent@example.com", to_anna, 1, msg, strlen(msg), &r), 0);
	ck_assert_int_eq(r.status, SMTP_SENT);
	ck_assert_int_eq(r.code, 250);
	ck_assert_str_eq(r.text, "250 ok");
	got = received();
	/* bare LFs became CRLF, lines starting with '.' were dot-stuffed */
	ck_assert_str_eq(got, "Subject: x\r\n\r\nline\r\n..\r\n...two\r\nend\r\n");
	free(got);
	smtp_close(s);
	reap();
}
END_TEST

struct reply_case {
	struct script		 sc;
	enum smtp_status	 status;
	enum smtp_scope		 scope;
	int			 code;
};

static const struct reply_case reply_cases[] = {
	{ { NULL, 452, 0, 0 }, SMTP_TEMPFAIL, SMTP_SCOPE_MESSAGE, 452 },
	{ { NULL, 421, 0, 0 }, SMTP_TEMPFAIL, SMTP_SCOPE_SESSION, 421 },
	{ { NULL, 0, 550, 0 }, SMTP_PERMFAIL, SMTP_SCOPE_MESSAGE, 550 },
	{ { NULL, 530, 0, 0 }, SMTP_PERMFAIL, SMTP_SCOPE_SESSION, 530 },
	{ { NULL, 0, 0, 451 }, SMTP_TEMPFAIL, SMTP_SCOPE_MESSAGE, 451 },
	{ { NULL, 0, 0, 552 }, SMTP_PERMFAIL, SMTP_SCOPE_MESSAGE, 552 },
};

START_TEST(test_reply_classes)
{
	const struct reply_case	*rc = &reply_cases[_i];
	struct smtp		*s = open_plain(serve(&rc->sc), NULL);
	struct smtp_result	 r;
	char			 want[64];

	ck_assert_int_eq(smtp_send(s, "agent@example.com", to_anna, 1, "x\r\n", 3, &r), -1);
	ck_assert_int_eq(r.status, rc->status);
	ck_assert_int_eq(r.scope, rc->scope);
	ck_assert_int_eq(r.code, rc->code);
	/* the server's own words, not the "221 bye" of the QUIT that followed */
	snprintf(want, sizeof(want), "the server said: %d %s", rc->code, text_for(rc->code));
	ck_assert_msg(strstr(r.text, want) != NULL, "[%s] lacks [%s]", r.text, want);
	smtp_close(s);
	reap();
}
END_TEST

START_TEST(test_auth_required)
{
	struct script		 none = { "8BITMIME", 0, 0, 0 }, plain = { "AUTH PLAIN", 0, 0, 0 };
	struct smtp		*s;
	struct smtp_result	 r;
	char			*got;

	/* a user is configured, the server offers no AUTH: stop before MAIL */
	s = open_plain(serve(&none), "bob");
	ck_assert_int_eq(smtp_send(s, "agent@example.com", to_anna, 1, "x\r\n", 3, &r), -1);
	ck_assert_int_eq(r.status, SMTP_PERMFAIL);
	ck_assert_int_eq(r.scope, SMTP_SCOPE_SESSION);
	ck_assert_ptr_nonnull(strstr(r.text, "did not offer AUTH"));
	smtp_close(s);
	got = received();
	ck_assert_str_eq(got, "");	/* no DATA reached the server */
	free(got);
	reap();

	/* it does offer it, and says 235: sent */
	s = open_plain(serve(&plain), "bob");
	smtp_send(s, "agent@example.com", to_anna, 1, "x\r\n", 3, &r);
	ck_assert_msg(r.status == SMTP_SENT, "%s", r.text);
	ck_assert_int_eq(r.status, SMTP_SENT);
	ck_assert_ptr_null(strstr(r.text, "secret-pw"));
	smtp_close(s);
	reap();
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("smtp");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	signal(SIGPIPE, SIG_IGN);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_url);
	tcase_add_test(tc, test_conf_checks);
	tcase_add_test(tc, test_local_refusals);
	tcase_add_test(tc, test_bytes_on_the_wire);
	tcase_add_loop_test(tc, test_reply_classes, 0, (int)nitems(reply_cases));
	tcase_add_test(tc, test_auth_required);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
