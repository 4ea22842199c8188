/*
 * smtp.h: submit messages to an SMTP server with libcurl.
 *
 * One struct smtp holds one libcurl easy handle, so a batch of messages
 * sent through it shares one connection (libcurl reconnects by itself if
 * the server closed it).  The defaults are the safe ones: STARTTLS is
 * required on smtp://, certificates are verified, and if a user name is
 * configured the message is only sent after the server accepted our AUTH
 * (libcurl would otherwise skip AUTH silently when the server does not
 * offer it, and send unauthenticated).
 *
 * Passwords and tokens are copied into libcurl's handle and never appear
 * in a result, an error message or the trace (AUTH exchanges are shown as
 * "<redacted>").
 *
 * Call curl_global_init(CURL_GLOBAL_DEFAULT) once at program start, before
 * any thread exists; smtp_open() does it on first use if the program has not.
 */
#ifndef RAPPORT_SMTP_H
#define RAPPORT_SMTP_H

#include <stddef.h>

enum smtp_tls {
	SMTP_TLS_STARTTLS = 0,	/* smtp://, STARTTLS required (the default) */
	SMTP_TLS_SMTPS,		/* smtps://, TLS from the first byte */
	SMTP_TLS_OPTIONAL,	/* smtp://, STARTTLS if offered (explicit opt-in) */
	SMTP_TLS_NONE		/* smtp:// in clear text (explicit opt-in) */
};

enum smtp_auth {
	SMTP_AUTH_DEFAULT = 0,	/* with a user: PLAIN or LOGIN, whichever the server offers */
	SMTP_AUTH_PLAIN,
	SMTP_AUTH_LOGIN,
	SMTP_AUTH_XOAUTH2	/* needs oauth2_token */
};

/* A protocol trace line: dir is '>' (sent), '<' (received) or '*' (libcurl). */
typedef void (*smtp_trace_fn)(void *arg, int dir, const char *line);

struct smtp_conf {
	const char	*host;		/* name or address; IPv6 without brackets */
	unsigned	 port;		/* 0: 587, or 465 for SMTP_TLS_SMTPS */
	enum smtp_tls	 tls;
	const char	*helo;		/* EHLO name; NULL: this host's name */
	const char	*user;		/* NULL: no AUTH */
	const char	*password;
	enum smtp_auth	 auth;
	const char	*oauth2_token;	/* bearer token for XOAUTH2, from the caller */
	const char	*ca_file;	/* trust these CAs; NULL (and no ca_path): */
	const char	*ca_path;	/* the system's store. Either replaces it. */
	int		 tls_no_verify;	/* 1: accept any certificate (explicit opt-in) */
	long		 connect_timeout;	/* seconds; 0: 30 */
	long		 timeout;	/* seconds for one message; 0: 120 */
	smtp_trace_fn	 trace;		/* NULL: no trace */
	void		*trace_arg;
};

enum smtp_status {
	SMTP_SENT = 0,
	SMTP_TEMPFAIL,		/* try again later: 4xx, connection or timeout problems */
	SMTP_PERMFAIL		/* a human must act: 5xx, refused credentials, TLS refused */
};

/* Does the failure concern this message only, or the session (server, login, TLS)? */
enum smtp_scope {
	SMTP_SCOPE_MESSAGE = 0,
	SMTP_SCOPE_SESSION	/* later messages would fail the same way: stop the batch */
};

struct smtp_result {
	enum smtp_status status;
	enum smtp_scope	 scope;
	int		 code;		/* the server's reply code: 250 when sent, 4xx/5xx when
					   it refused; 0 when the failure was not its answer */
	int		 curl_code;	/* CURLcode */
	char		 text[512];	/* the server's last reply, or why we failed */
};

struct smtp;

/*
 * Split an [smtp] url, "smtp://host[:port][/]" or "smtps://host[:port][/]"
 * (IPv6 as [addr]), into c->host (copied into hostbuf), c->port and c->tls
 * (SMTP_TLS_STARTTLS for smtp://, SMTP_TLS_SMTPS for smtps://; the caller
 * may then relax STARTTLS on explicit configuration).  Returns -1 with a
 * reason for anything else: another scheme, user info, a path, a bad port.
 */
int		 smtp_url_parse(const char *url, struct smtp_conf *c, char *hostbuf,
		    size_t hostlen, char *err, size_t errlen);

/*
 * Check conf and prepare a session (no connection is made yet).  Returns
 * NULL with a reason in err for a bad configuration.  conf's strings are
 * copied.  Free with smtp_close().
 */
struct smtp	*smtp_open(const struct smtp_conf *, char *err, size_t errlen);

/*
 * Send one message: data[0..len) are the message bytes with CRLF line ends
 * (bare LFs are converted; dot-stuffing is libcurl's).  from and each of the
 * n recipients must be plain addr-specs (compose_addr_valid).  Fills r;
 * returns 0 when the server accepted the message, -1 otherwise.
 */
int		 smtp_send(struct smtp *, const char *from, const char *const *rcpts,
		    size_t n, const char *data, size_t len, struct smtp_result *r);

/* Say QUIT (if connected) and free everything. NULL is fine. */
void		 smtp_close(struct smtp *);

const char	*smtp_status_name(enum smtp_status);	/* "sent", "tempfail", "permfail" */

#endif
