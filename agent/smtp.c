/*
 * smtp.c: SMTP submission over one reused libcurl handle; see smtp.h.
 *
 * libcurl does the protocol; this file adds what it leaves to us:
 *  - it reads every protocol line through the debug callback, to keep the
 *    server's last reply (libcurl only keeps the code), to see what AUTH
 *    the server offered and whether ours was accepted (235), and to give a
 *    trace with the AUTH exchange blanked out;
 *  - it refuses to go on to MAIL FROM when a user is configured but no
 *    AUTH succeeded (libcurl skips AUTH silently when the server does not
 *    advertise it), from the pre-request callback, and once more from the
 *    read callback in case a libcurl reaches DATA without calling it;
 *  - it sorts the outcome into sent / try again / a human must act.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <curl/curl.h>

#include "compose.h"
#include "smtp.h"
#include "strbuf.h"
#include "util.h"

#define LINE_MAX_SHOWN	512

struct smtp {
	CURL		*curl;
	char		*url;
	int		 need_auth;
	smtp_trace_fn	 trace;
	void		*trace_arg;
	char		 errbuf[CURL_ERROR_SIZE];

	/* the current connection, as seen in the protocol lines */
	int		 auth_ok;
	int		 in_auth;
	char		 offered[128];	/* "PLAIN LOGIN", from the EHLO reply */
	char		 last_reply[LINE_MAX_SHOWN];
	int		 last_code;
	char		 err_reply[LINE_MAX_SHOWN];	/* the first 4xx/5xx of this message */
	int		 err_code;
	char		 refused[256];	/* why we stopped libcurl, if we did */

	/* the message being sent */
	const char	*data;
	size_t		 len;
	size_t		 off;
};

static int	 curl_ready;

const char *
smtp_status_name(enum smtp_status st)
{
	switch (st) {
	case SMTP_SENT:
		return "sent";
	case SMTP_TEMPFAIL:
		return "tempfail";
	case SMTP_PERMFAIL:
		return "permfail";
	}
	return "?";
}

/* --- protocol lines */

static void
trace(struct smtp *s, int dir, const char *line)
{
	if (s->trace != NULL)
		s->trace(s->trace_arg, dir, line);
}

/* A line from the network, fit for logs: no controls, bounded. */
static void
shown_line(char *dst, size_t dlen, const char *src, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 1 < dlen; i++)
		dst[o++] = (unsigned char)src[i] < 0x20 || src[i] == 0x7f ? '?' : src[i];
	dst[o] = '\0';
}

static int
reply_code(const char *l)
{
	if (l[0] < '2' || l[0] > '5' || l[1] < '0' || l[1] > '9' || l[2] < '0' || l[2] > '9')
		return 0;
	return (l[0] - '0') * 100 + (l[1] - '0') * 10 + (l[2] - '0');
}

static void
on_reply(struct smtp *s, const char *line)
{
	int code = reply_code(line);

	if (s->in_auth && code != 334) {
		s->in_auth = 0;
		if (code == 235)
			s->auth_ok = 1;
	}
	if (code == 250 && (line[3] == '-' || line[3] == ' ') &&
	    strncasecmp(line + 4, "AUTH", 4) == 0 && (line[8] == ' ' || line[8] == '='))
		strlcpy_r(s->offered, line + 9, sizeof(s->offered));
	if (code != 0) {
		strlcpy_r(s->last_reply, line, sizeof(s->last_reply));
		s->last_code = code;
	}
	if (code >= 400 && s->err_code == 0) {
		/* kept apart: libcurl says QUIT after a failure, and "221" would hide it */
		strlcpy_r(s->err_reply, line, sizeof(s->err_reply));
		s->err_code = code;
	}
	trace(s, '<', line);
}

static void
on_command(struct smtp *s, const char *line)
{
	char	 shown[64];
	size_t	 n;

	if (strncasecmp(line, "EHLO ", 5) == 0 || strncasecmp(line, "HELO ", 5) == 0) {
		/* a new connection, or the one after STARTTLS: forget what we knew */
		s->auth_ok = 0;
		s->in_auth = 0;
		s->offered[0] = '\0';
	}
	if (strncasecmp(line, "AUTH ", 5) == 0) {
		s->in_auth = 1;
		n = strcspn(line + 5, " ");
		snprintf(shown, sizeof(shown), "AUTH %.*s <redacted>", (int)(n < 20 ? n : 20), line + 5);
		trace(s, '>', shown);
	} else if (s->in_auth)
		trace(s, '>', "<redacted>");
	else
		trace(s, '>', line);
}

/* libcurl hands over protocol lines here (CURLOPT_VERBOSE is on for this). */
static int
debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *arg)
{
	struct smtp	*s = arg;
	char		 line[LINE_MAX_SHOWN];
	size_t		 i = 0, n;

	(void)h;
	if (type != CURLINFO_HEADER_IN && type != CURLINFO_HEADER_OUT && type != CURLINFO_TEXT)
		return 0;
	if (type == CURLINFO_TEXT && s->trace == NULL)
		return 0;
	while (i < size) {
		n = 0;
		while (i + n < size && data[i + n] != '\r' && data[i + n] != '\n')
			n++;
		shown_line(line, sizeof(line), data + i, n);
		if (n > 0) {
			if (type == CURLINFO_HEADER_IN)
				on_reply(s, line);
			else if (type == CURLINFO_HEADER_OUT)
				on_command(s, line);
			else
				trace(s, '*', line);
		}
		i += n;
		while (i < size && (data[i] == '\r' || data[i] == '\n'))
			i++;
	}
	return 0;
}

static int
auth_missing(struct smtp *s)
{
	if (!s->need_auth || s->auth_ok)
		return 0;
	if (s->offered[0] == '\0')
		snprintf(s->refused, sizeof(s->refused),
		    "the server did not offer AUTH, and a user is configured: "
		    "refusing to send without logging in");
	else
		snprintf(s->refused, sizeof(s->refused),
		    "AUTH did not succeed (the server offers: %.100s): refusing to send", s->offered);
	return 1;
}

#if LIBCURL_VERSION_NUM >= 0x075000
/* After EHLO/STARTTLS/AUTH, before MAIL FROM. */
static int
prereq_cb(void *arg, char *ip, char *lip, int port, int lport)
{
	(void)ip;
	(void)lip;
	(void)port;
	(void)lport;
	return auth_missing(arg) ? CURL_PREREQFUNC_ABORT : CURL_PREREQFUNC_OK;
}
#endif

static size_t
read_cb(char *buf, size_t size, size_t nitems, void *arg)
{
	struct smtp	*s = arg;
	size_t		 n = size * nitems, left = s->len - s->off;

	if (s->off == 0 && auth_missing(s))
		return CURL_READFUNC_ABORT;
	if (n > left)
		n = left;
	memcpy(buf, s->data + s->off, n);
	s->off += n;
	return n;
}

/* --- setup */

static int
hostname_valid(const char *h, int allow_colon)
{
	size_t n = 0;

	for (; *h != '\0'; h++, n++)
		if (!((*h >= 'a' && *h <= 'z') || (*h >= 'A' && *h <= 'Z') ||
		    (*h >= '0' && *h <= '9') || *h == '.' || *h == '-' ||
		    (allow_colon && *h == ':')))
			return 0;
	return n > 0 && n <= 253;
}

static int
conf_check(const struct smtp_conf *c, char *err, size_t errlen)
{
	if (c->host == NULL || !hostname_valid(c->host, 1))
		snprintf(err, errlen, "smtp: bad host name");
	else if (c->port > 65535)
		snprintf(err, errlen, "smtp: bad port %u", c->port);
	else if (c->helo != NULL && !hostname_valid(c->helo, 0))
		snprintf(err, errlen, "smtp: bad EHLO name");
	else if (c->user != NULL && (*c->user == '\0' || str_has_ctl(c->user)))
		snprintf(err, errlen, "smtp: bad user name");
	else if (c->auth == SMTP_AUTH_XOAUTH2 && (c->user == NULL || c->oauth2_token == NULL))
		snprintf(err, errlen, "smtp: XOAUTH2 needs a user and a token");
	else if (c->oauth2_token != NULL && str_has_ctl(c->oauth2_token))
		snprintf(err, errlen, "smtp: bad OAuth2 token");
	else if (c->auth != SMTP_AUTH_DEFAULT && c->auth != SMTP_AUTH_XOAUTH2 &&
	    (c->user == NULL || c->password == NULL))
		snprintf(err, errlen, "smtp: an AUTH mechanism needs a user and a password");
	else
		return 0;
	return -1;
}

int
smtp_url_parse(const char *url, struct smtp_conf *c, char *hostbuf, size_t hostlen,
    char *err, size_t errlen)
{
	const char	*p, *h, *e;
	size_t		 n;
	long		 port = 0;
	char		 num[8];

	if (strncmp(url, "smtp://", 7) == 0) {
		c->tls = SMTP_TLS_STARTTLS;
		p = url + 7;
	} else if (strncmp(url, "smtps://", 8) == 0) {
		c->tls = SMTP_TLS_SMTPS;
		p = url + 8;
	} else {
		snprintf(err, errlen, "smtp: the URL must start with smtp:// or smtps://");
		return -1;
	}
	if (*p == '[') {	/* [IPv6] */
		h = p + 1;
		if ((e = strchr(h, ']')) == NULL)
			goto bad;
		n = (size_t)(e - h);
		p = e + 1;
	} else {
		h = p;
		n = strcspn(p, ":/");
		p += n;
	}
	if (n == 0 || n >= hostlen)
		goto bad;
	memcpy(hostbuf, h, n);
	hostbuf[n] = '\0';
	if (*p == ':') {
		n = strcspn(++p, "/");
		if (n == 0 || n >= sizeof(num))
			goto bad;
		memcpy(num, p, n);
		num[n] = '\0';
		if (parse_long(num, 1, 65535, &port) == -1)
			goto bad;
		p += n;
	}
	if (*p != '\0' && strcmp(p, "/") != 0)
		goto bad;
	if (!hostname_valid(hostbuf, 1))
		goto bad;
	c->host = hostbuf;
	c->port = (unsigned)port;
	return 0;
bad:
	snprintf(err, errlen, "smtp: bad URL (want smtp://host[:port] or smtps://host[:port])");
	return -1;
}

static char *
make_url(const struct smtp_conf *c)
{
	char		 me[256];
	const char	*helo = c->helo;
	unsigned	 port = c->port;
	int		 v6 = strchr(c->host, ':') != NULL;

	if (helo == NULL) {
		if (gethostname(me, sizeof(me)) == -1 || (me[sizeof(me) - 1] = '\0', !hostname_valid(me, 0)))
			snprintf(me, sizeof(me), "localhost");
		helo = me;
	}
	if (port == 0)
		port = c->tls == SMTP_TLS_SMTPS ? 465 : 587;
	/* the URL's path is the EHLO name */
	return xasprintf("%s://%s%s%s:%u/%s", c->tls == SMTP_TLS_SMTPS ? "smtps" : "smtp",
	    v6 ? "[" : "", c->host, v6 ? "]" : "", port, helo);
}

static int
set_auth(struct smtp *s, const struct smtp_conf *c)
{
	const char	*opt = NULL;
	CURLcode	 rc = CURLE_OK;

	if (c->user == NULL)
		return 0;
	s->need_auth = 1;
	switch (c->oauth2_token != NULL && c->auth == SMTP_AUTH_DEFAULT ? SMTP_AUTH_XOAUTH2 : c->auth) {
	case SMTP_AUTH_DEFAULT:
		break;
	case SMTP_AUTH_PLAIN:
		opt = "AUTH=PLAIN";
		break;
	case SMTP_AUTH_LOGIN:
		opt = "AUTH=LOGIN";
		break;
	case SMTP_AUTH_XOAUTH2:
		opt = "AUTH=XOAUTH2";
		rc = curl_easy_setopt(s->curl, CURLOPT_XOAUTH2_BEARER, c->oauth2_token);
		break;
	}
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(s->curl, CURLOPT_USERNAME, c->user);
	if (rc == CURLE_OK && c->password != NULL)
		rc = curl_easy_setopt(s->curl, CURLOPT_PASSWORD, c->password);
	if (rc == CURLE_OK && opt != NULL)
		rc = curl_easy_setopt(s->curl, CURLOPT_LOGIN_OPTIONS, opt);
	return rc == CURLE_OK ? 0 : -1;
}

static int
set_tls(struct smtp *s, const struct smtp_conf *c)
{
	long		 use;
	CURLcode	 rc;

	switch (c->tls) {
	case SMTP_TLS_OPTIONAL:
		use = CURLUSESSL_TRY;
		break;
	case SMTP_TLS_NONE:
		use = CURLUSESSL_NONE;
		break;
	default:
		use = CURLUSESSL_ALL;
		break;
	}
	rc = curl_easy_setopt(s->curl, CURLOPT_USE_SSL, use);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(s->curl, CURLOPT_SSL_VERIFYPEER, c->tls_no_verify ? 0L : 1L);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(s->curl, CURLOPT_SSL_VERIFYHOST, c->tls_no_verify ? 0L : 2L);
	if (rc == CURLE_OK && c->ca_file != NULL)
		rc = curl_easy_setopt(s->curl, CURLOPT_CAINFO, c->ca_file);
	/* a CA file alone means "trust this", not "this as well as the system's
	 * store" (which would also cost ~8 MB of parsed certificates) */
	if (rc == CURLE_OK && (c->ca_path != NULL || c->ca_file != NULL))
		rc = curl_easy_setopt(s->curl, CURLOPT_CAPATH, c->ca_path);
	return rc == CURLE_OK ? 0 : -1;
}

static int
set_common(struct smtp *s, const struct smtp_conf *c)
{
	long	 ct = c->connect_timeout > 0 ? c->connect_timeout : 30;
	long	 t = c->timeout > 0 ? c->timeout : 120;
	int	 bad = 0;

#define SET(opt, val)	bad |= curl_easy_setopt(s->curl, opt, val) != CURLE_OK
	SET(CURLOPT_URL, s->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
	SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
	SET(CURLOPT_UPLOAD, 1L);
	SET(CURLOPT_READFUNCTION, read_cb);
	SET(CURLOPT_READDATA, s);
	SET(CURLOPT_ERRORBUFFER, s->errbuf);
	SET(CURLOPT_VERBOSE, 1L);	/* for debug_cb; nothing is printed */
	SET(CURLOPT_DEBUGFUNCTION, debug_cb);
	SET(CURLOPT_DEBUGDATA, s);
#if LIBCURL_VERSION_NUM >= 0x075000
	SET(CURLOPT_PREREQFUNCTION, prereq_cb);
	SET(CURLOPT_PREREQDATA, s);
#endif
	SET(CURLOPT_CONNECTTIMEOUT, ct);
	SET(CURLOPT_TIMEOUT, t);
	SET(CURLOPT_SERVER_RESPONSE_TIMEOUT, t);
	SET(CURLOPT_TCP_NODELAY, 1L);
	SET(CURLOPT_TCP_KEEPALIVE, 1L);
	SET(CURLOPT_NOSIGNAL, 1L);
#undef SET
	return bad ? -1 : 0;
}

struct smtp *
smtp_open(const struct smtp_conf *c, char *err, size_t errlen)
{
	struct smtp *s;

	if (conf_check(c, err, errlen) == -1)
		return NULL;
	if (!curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			snprintf(err, errlen, "smtp: libcurl initialisation failed");
			return NULL;
		}
		curl_ready = 1;
	}
	s = xcalloc(1, sizeof(*s));
	s->trace = c->trace;
	s->trace_arg = c->trace_arg;
	s->url = make_url(c);
	if ((s->curl = curl_easy_init()) == NULL || set_common(s, c) == -1 ||
	    set_tls(s, c) == -1 || set_auth(s, c) == -1) {
		snprintf(err, errlen, "smtp: libcurl refused an option (is it built with SMTP and TLS?)");
		smtp_close(s);
		return NULL;
	}
	return s;
}

void
smtp_close(struct smtp *s)
{
	if (s == NULL)
		return;
	if (s->curl != NULL)
		curl_easy_cleanup(s->curl);	/* says QUIT on a live connection */
	free(s->url);
	free(s);
}

/* --- sending */

static int
session_code(int code)
{
	return code == 421 || code == 454 || code == 530 || code == 534 ||
	    code == 535 || code == 538;
}

static void
result_text(struct smtp *s, struct smtp_result *r, const char *why)
{
	const char *curl_says = s->errbuf[0] != '\0' ? s->errbuf :
	    curl_easy_strerror((CURLcode)r->curl_code);

	if (why != NULL)
		strlcpy_r(r->text, why, sizeof(r->text));
	else if (s->err_code != 0)
		snprintf(r->text, sizeof(r->text), "%.190s; the server said: %.290s",
		    curl_says, s->err_reply);
	else
		strlcpy_r(r->text, curl_says, sizeof(r->text));
}

static void
classify(struct smtp *s, CURLcode rc, struct smtp_result *r)
{
	long code = 0;

	curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK)
		r->code = code > 0 ? (int)code : s->last_code;
	else if (s->err_code != 0)
		r->code = s->err_code;
	else
		r->code = code >= 400 ? (int)code : 0;	/* not the server's answer */
	r->curl_code = (int)rc;
	r->status = SMTP_PERMFAIL;
	r->scope = SMTP_SCOPE_SESSION;
	switch (rc) {
	case CURLE_OK:
		r->status = SMTP_SENT;
		r->scope = SMTP_SCOPE_MESSAGE;
		strlcpy_r(r->text, s->last_reply, sizeof(r->text));
		return;
	case CURLE_ABORTED_BY_CALLBACK:
		result_text(s, r, s->refused[0] != '\0' ? s->refused : NULL);
		return;
	case CURLE_LOGIN_DENIED:
		snprintf(r->text, sizeof(r->text), "authentication failed: %.480s",
		    s->err_reply[0] != '\0' ? s->err_reply :
		    s->last_reply[0] != '\0' ? s->last_reply : "the server refused the login");
		return;
	case CURLE_USE_SSL_FAILED:
		result_text(s, r, "the server does not offer STARTTLS, which is required "
		    "(set starttls = optional only if you accept clear text)");
		return;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		result_text(s, r, NULL);
		return;
	default:
		break;
	}
	result_text(s, r, NULL);
	if (r->code >= 500 && r->code <= 599)
		r->scope = session_code(r->code) ? SMTP_SCOPE_SESSION : SMTP_SCOPE_MESSAGE;
	else if (r->code >= 400 && r->code <= 499) {
		r->status = SMTP_TEMPFAIL;
		r->scope = session_code(r->code) ? SMTP_SCOPE_SESSION : SMTP_SCOPE_MESSAGE;
	} else
		r->status = SMTP_TEMPFAIL;	/* connection, TLS handshake, timeout */
}

/* Bare LFs to CRLF; NULL when the data is already clean. */
static char *
crlf_copy(const char *d, size_t len, size_t *outlen)
{
	struct strbuf	 sb;
	size_t		 i, bare = 0;

	for (i = 0; i < len; i++)
		if (d[i] == '\n' && (i == 0 || d[i - 1] != '\r'))
			bare++;
	if (bare == 0)
		return NULL;
	sb_init(&sb, 0);
	sb_reserve(&sb, len + bare);
	for (i = 0; i < len; i++) {
		if (d[i] == '\n' && (i == 0 || d[i - 1] != '\r'))
			sb_addc(&sb, '\r');
		sb_addc(&sb, d[i]);
	}
	if (sb_error(&sb))
		return NULL;
	return sb_detach(&sb, outlen);
}

static void
fail_local(struct smtp_result *r, const char *why)
{
	r->status = SMTP_PERMFAIL;
	r->scope = SMTP_SCOPE_MESSAGE;
	snprintf(r->text, sizeof(r->text), "%s", why);
}

int
smtp_send(struct smtp *s, const char *from, const char *const *rcpts, size_t n,
    const char *data, size_t len, struct smtp_result *r)
{
	struct curl_slist	*list = NULL, *l;
	char			*owned, *addr;
	size_t			 i, olen;
	CURLcode		 rc;

	memset(r, 0, sizeof(*r));
	if (!compose_addr_valid(from)) {
		fail_local(r, "invalid sender address");
		return -1;
	}
	if (n == 0) {
		fail_local(r, "no recipient");
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!compose_addr_valid(rcpts[i])) {
			curl_slist_free_all(list);
			fail_local(r, "invalid recipient address");
			return -1;
		}
		addr = xasprintf("<%s>", rcpts[i]);
		l = curl_slist_append(list, addr);
		free(addr);
		if (l == NULL) {
			curl_slist_free_all(list);
			fail_local(r, "out of memory");
			return -1;
		}
		list = l;
	}
	owned = crlf_copy(data, len, &olen);
	s->data = owned != NULL ? owned : data;
	s->len = owned != NULL ? olen : len;
	s->off = 0;
	s->errbuf[0] = '\0';
	s->last_reply[0] = '\0';
	s->last_code = 0;
	s->err_reply[0] = '\0';
	s->err_code = 0;
	s->refused[0] = '\0';
	addr = xasprintf("<%s>", from);
	curl_easy_setopt(s->curl, CURLOPT_MAIL_FROM, addr);
	curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, list);
	curl_easy_setopt(s->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)s->len);
	rc = curl_easy_perform(s->curl);
	classify(s, rc, r);
	curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, NULL);
	curl_slist_free_all(list);
	free(addr);
	free(owned);
	s->data = NULL;
	return r->status == SMTP_SENT ? 0 : -1;
}
