/* smtp_cli.c: SMTP connection options for the test and bench programs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtp_cli.h"
#include "util.h"

static void
print_trace(void *arg, int dir, const char *line)
{
	(void)arg;
	fprintf(stderr, "%c %s\n", dir, line);
}

static int
parse_tls(const char *s, enum smtp_tls *t)
{
	static const struct { const char *name; enum smtp_tls tls; } map[] = {
		{ "starttls", SMTP_TLS_STARTTLS }, { "smtps", SMTP_TLS_SMTPS },
		{ "optional", SMTP_TLS_OPTIONAL }, { "none", SMTP_TLS_NONE },
	};
	size_t i;

	for (i = 0; i < nitems(map); i++)
		if (strcmp(s, map[i].name) == 0) {
			*t = map[i].tls;
			return 0;
		}
	return -1;
}

static int
parse_auth(const char *s, enum smtp_auth *a)
{
	if (strcmp(s, "plain") == 0)
		*a = SMTP_AUTH_PLAIN;
	else if (strcmp(s, "login") == 0)
		*a = SMTP_AUTH_LOGIN;
	else if (strcmp(s, "xoauth2") == 0)
		*a = SMTP_AUTH_XOAUTH2;
	else
		return -1;
	return 0;
}

int
smtp_cli_option(int ch, const char *arg, struct smtp_conf *c)
{
	long v;

	switch (ch) {
	case 'H': c->host = arg; break;
	case 'p':
		if (parse_long(arg, 1, 65535, &v) == -1)
			return -1;
		c->port = (unsigned)v;
		break;
	case 's': return parse_tls(arg, &c->tls) == -1 ? -1 : 1;
	case 'u': c->user = arg; break;
	case 'w': c->password = arg; break;
	case 'W': c->password = getenv(arg); break;
	case 'a': return parse_auth(arg, &c->auth) == -1 ? -1 : 1;
	case 'k': c->oauth2_token = arg; break;
	case 'c': c->ca_file = arg; break;
	case 'n': c->tls_no_verify = 1; break;
	case 'e': c->helo = arg; break;
	case 'T': return parse_long(arg, 1, 3600, &c->timeout) == -1 ? -1 : 1;
	case 'v': c->trace = print_trace; break;
	default:
		return 0;
	}
	return 1;
}
