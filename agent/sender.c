/* sender.c: the outbox transport over smtp.c; see sender.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "secret.h"
#include "sender.h"
#include "smtp.h"
#include "util.h"

/* smtp[s]://host[:port][/ehlo-name] */
static int
parse_url(const char *url, struct smtp_conf *sc, char **host, char **helo, char *why, size_t len)
{
	const char	*h, *end, *colon;
	long		 port = 0;
	char		*ps;

	if (strncmp(url, "smtps://", 8) == 0) {
		h = url + 8;
		sc->tls = SMTP_TLS_SMTPS;
	} else if (strncmp(url, "smtp://", 7) == 0)
		h = url + 7;
	else {
		snprintf(why, len, "[smtp] url '%s' is not smtp:// or smtps://", url);
		return -1;
	}
	end = h + strcspn(h, "/");
	colon = h[0] == '[' ? strstr(h, "]:") : memchr(h, ':', (size_t)(end - h));
	if (h[0] == '[') {
		const char *rb = memchr(h, ']', (size_t)(end - h));
		*host = rb != NULL ? xstrndup(h + 1, (size_t)(rb - h - 1)) : xstrdup("");
		if (colon != NULL)
			colon++;
	} else
		*host = xstrndup(h, (size_t)((colon != NULL && colon < end ? colon : end) - h));
	if (colon != NULL && colon < end) {
		ps = xstrndup(colon + 1, (size_t)(end - colon - 1));
		if (parse_long(ps, 1, 65535, &port) == -1) {
			snprintf(why, len, "[smtp] url '%s': bad port", url);
			free(ps);
			return -1;
		}
		free(ps);
	}
	sc->port = (unsigned)port;
	*helo = *end == '/' && end[1] != '\0' ? xstrdup(end + 1) : NULL;
	return 0;
}

static int
s_open(void *ctx, char *why, size_t len)
{
	struct sender		*s = ctx;
	const struct config	*c = s->cfg;
	struct smtp_conf	 sc;
	char			*host = NULL, *helo = NULL, *secret = NULL, swhy[256];
	int			 r = -1;

	s->session_failed = 0;
	if (c->smtp.url == NULL) {
		snprintf(why, len, "[smtp] url is not set: nothing can be sent");
		return -1;
	}
	memset(&sc, 0, sizeof(sc));
	if (parse_url(c->smtp.url, &sc, &host, &helo, why, len) == -1)
		goto out;
	if (sc.tls != SMTP_TLS_SMTPS && !c->smtp.starttls) {
		sc.tls = SMTP_TLS_NONE;
		log_warn("smtp: starttls = no: sending in clear text to %s", host);
	}
	sc.host = host;
	sc.helo = helo != NULL ? helo : c->domain;
	sc.user = c->smtp.user;
	sc.ca_file = c->smtp.ca_file;
	sc.ca_path = c->smtp.ca_path;
	sc.tls_no_verify = !c->smtp.tls_verify;
	sc.timeout = c->smtp.timeout;
	sc.connect_timeout = c->smtp.timeout < 30 ? c->smtp.timeout : 30;
	if (!c->smtp.tls_verify)
		log_warn("smtp: tls_verify = no: the server's certificate is not checked");
	switch (c->smtp.auth) {
	case AUTH_PLAIN: sc.auth = SMTP_AUTH_PLAIN; break;
	case AUTH_LOGIN: sc.auth = SMTP_AUTH_LOGIN; break;
	case AUTH_XOAUTH2: sc.auth = SMTP_AUTH_XOAUTH2; break;
	case AUTH_NONE: sc.user = NULL; break;
	default: sc.auth = SMTP_AUTH_DEFAULT; break;
	}
	if (sc.user != NULL && c->smtp.auth == AUTH_XOAUTH2) {
		if (secret_token(c->smtp.oauth2_token_cmd, &secret, swhy, sizeof(swhy)) != 0) {
			snprintf(why, len, "[smtp] %s", secret == NULL && c->smtp.oauth2_token_cmd == NULL ?
			    "auth = xoauth2 needs oauth2_token_cmd" : swhy);
			goto out;
		}
		sc.oauth2_token = secret;
	} else if (sc.user != NULL) {
		if ((r = secret_get(&c->smtp.pass, &secret, swhy, sizeof(swhy))) != 0) {
			snprintf(why, len, "[smtp] %s", r == 1 ? "user is set but no password source "
			    "(password_cmd, password_env or password_file)" : swhy);
			r = -1;
			goto out;
		}
		sc.password = secret;
	}
	if ((s->smtp = smtp_open(&sc, why, len)) == NULL)
		goto out;
	r = 0;
out:
	secret_free(secret);
	free(host);
	free(helo);
	return r;
}

static enum send_result
s_send(void *ctx, const char *from, const char *const *rcpts, size_t n, const char *data, size_t len,
    char *resp, size_t resplen)
{
	struct sender		*s = ctx;
	struct smtp_result	 res;
	enum send_result	 out;

	if (s->session_failed) {
		snprintf(resp, resplen, "%s", s->session_why);
		return (enum send_result)s->session_status;
	}
	if (smtp_send(s->smtp, from, rcpts, n, data, len, &res) == 0)
		return SEND_OK;
	out = res.status == SMTP_PERMFAIL ? SEND_PERMFAIL : SEND_TEMPFAIL;
	snprintf(resp, resplen, "%s", res.text);
	if (res.scope == SMTP_SCOPE_SESSION) {
		/* The server, the login or TLS failed, not this message: it waits
		 * (with backoff) until the configuration or the server is fixed. */
		out = SEND_TEMPFAIL;
		s->session_failed = 1;
		s->session_status = out;
		snprintf(s->session_why, sizeof(s->session_why), "%s", res.text);
		log_error("smtp: %s", res.text);
	}
	return out;
}

static void
s_close(void *ctx)
{
	struct sender *s = ctx;

	smtp_close(s->smtp);
	s->smtp = NULL;
}

void
sender_init(struct sender *s, const struct config *c, struct outbox_transport *tr)
{
	memset(s, 0, sizeof(*s));
	s->cfg = c;
	tr->open = s_open;
	tr->send = s_send;
	tr->close = s_close;
	tr->ctx = s;
}
