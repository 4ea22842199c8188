/* tls.c: verified GnuTLS (and plain) mailstream_low drivers for libetpan. */
#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "tls.h"
#include "util.h"

/* Bytes read from the socket at a time for GnuTLS: a mailbox import is
 * megabytes of records, and one recv() for each record's header and body
 * cost more than the decryption. */
#define TLS_INBUF	(64 * 1024)

struct tls_low {
	int					 fd;
	long				 timeout;
	gnutls_session_t		 session;	/* NULL for plain */
	gnutls_certificate_credentials_t creds;
	unsigned char			*in;		/* TLS_INBUF bytes: read, not yet given to GnuTLS */
	size_t				 inpos, inlen;
};

/* GnuTLS's transport: its reads come from our buffer, refilled by one recv(). */
static ssize_t
tls_pull(gnutls_transport_ptr_t p, void *buf, size_t len)
{
	struct tls_low	*t = p;
	ssize_t		 r;

	if (t->inpos == t->inlen) {
		r = recv(t->fd, t->in, TLS_INBUF, 0);
		if (r <= 0) {
			gnutls_transport_set_errno(t->session, r == 0 ? 0 : errno);
			return r;
		}
		t->inpos = 0;
		t->inlen = (size_t)r;
	}
	if (len > t->inlen - t->inpos)
		len = t->inlen - t->inpos;
	memcpy(buf, t->in + t->inpos, len);
	t->inpos += len;
	return (ssize_t)len;
}

static int
tls_pull_timeout(gnutls_transport_ptr_t p, unsigned ms)
{
	struct tls_low	*t = p;
	struct pollfd	 pfd = { .fd = t->fd, .events = POLLIN };

	if (t->inpos < t->inlen)
		return 1;
	return poll(&pfd, 1, (int)ms);
}

static ssize_t
tls_push(gnutls_transport_ptr_t p, const void *buf, size_t len)
{
	struct tls_low	*t = p;
	ssize_t		 r;

	if ((r = send(t->fd, buf, len, MSG_NOSIGNAL)) < 0)
		gnutls_transport_set_errno(t->session, errno);
	return r;
}

/* Wait for fd to be ready; 1 ready, 0 timeout, -1 error. */
static int
wait_fd(int fd, short events, long timeout)
{
	struct pollfd	pfd = { .fd = fd, .events = events };
	int		r;

	do
		r = poll(&pfd, 1, timeout > 0 ? (int)(timeout * 1000) : -1);
	while (r == -1 && errno == EINTR);
	return r;
}

static void
set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl != -1)
		(void)fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static long
low_timeout(mailstream_low *s, struct tls_low *t)
{
	return s->timeout > 0 ? (long)s->timeout : t->timeout;
}

/* A GnuTLS result as read(2) and write(2) give theirs: -1 and EAGAIN for
 * "try again", -1 and EIO for a failure. */
static ssize_t
tls_errno(ssize_t r)
{
	if (r >= 0)
		return r;
	errno = r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED ? EAGAIN : EIO;
	return -1;
}

/*
 * The socket is non-blocking: a stalled peer (half a TLS record, then
 * nothing) must hit the timeout, not block recv() forever.
 */
static ssize_t
tls_read(mailstream_low *s, void *buf, size_t len)
{
	struct tls_low	*t = s->data;
	ssize_t		 r;

	for (;;) {
		if (t->session == NULL)
			r = read(t->fd, buf, len);
		else if ((r = gnutls_record_recv(t->session, buf, len)) ==
		    GNUTLS_E_PREMATURE_TERMINATION)
			return 0;
		else
			r = tls_errno(r);
		if (r >= 0)
			return r;
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			return -1;
		/* (GnuTLS says "again" after a record it kept, such as a session
		 * ticket: what follows may be in our buffer already) */
		if (t->inpos < t->inlen)
			continue;
		if (wait_fd(t->fd, POLLIN, low_timeout(s, t)) <= 0)
			return -1;	/* timeout or error: the caller reconnects */
	}
}

static ssize_t
tls_write(mailstream_low *s, const void *buf, size_t len)
{
	struct tls_low	*t = s->data;
	ssize_t		 r;

	for (;;) {
		r = t->session == NULL ? write(t->fd, buf, len) :
		    tls_errno(gnutls_record_send(t->session, buf, len));
		if (r >= 0)
			return r;
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			return -1;
		if (wait_fd(t->fd, POLLOUT, low_timeout(s, t)) <= 0)
			return -1;
	}
}

static int
tls_close(mailstream_low *s)
{
	struct tls_low *t = s->data;

	if (t->fd == -1)
		return 0;
	if (t->session != NULL)
		(void)gnutls_bye(t->session, GNUTLS_SHUT_WR);
	close(t->fd);
	t->fd = -1;
	return 0;
}

static int
tls_get_fd(mailstream_low *s)
{
	return ((struct tls_low *)s->data)->fd;
}

static void
tls_free(mailstream_low *s)
{
	struct tls_low *t = s->data;

	if (t != NULL) {
		if (t->session != NULL)
			gnutls_deinit(t->session);
		if (t->creds != NULL)
			gnutls_certificate_free_credentials(t->creds);
		free(t->in);
		free(t);
	}
	free(s);
}

static void
tls_cancel(mailstream_low *s)
{
	(void)s;
}

static struct mailstream_cancel *
tls_get_cancel(mailstream_low *s)
{
	(void)s;
	return NULL;
}

static carray *
tls_get_chain(mailstream_low *s)
{
	(void)s;
	return NULL;
}

static int
tls_no_idle(mailstream_low *s)
{
	(void)s;
	return -1;
}

static mailstream_low_driver tls_driver = {
	tls_read, tls_write, tls_close, tls_get_fd, tls_free, tls_cancel, tls_get_cancel,
	tls_get_chain, tls_no_idle, tls_no_idle, tls_no_idle,
};

static int
is_ip(const char *host)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, host, buf) == 1 || inet_pton(AF_INET6, host, buf) == 1;
}

static void
tls_discard(struct tls_low *t)
{
	if (t->session != NULL)
		gnutls_deinit(t->session);
	if (t->creds != NULL)
		gnutls_certificate_free_credentials(t->creds);
	free(t->in);
	free(t);
}

static void
tls_fail(struct tls_low *t, char *why, size_t len, const char *what, int err)
{
	snprintf(why, len, "TLS: %s: %s", what, gnutls_strerror(err));
	tls_discard(t);
}

mailstream_low *
tls_low_open(int fd, const struct tls_conf *c, char *why, size_t len)
{
	struct tls_low		*t = xcalloc(1, sizeof(*t));
	mailstream_low		*low;
	time_t			 deadline;
	unsigned		 status;
	gnutls_datum_t		 out;
	int			 r, dir;

	t->fd = fd;
	t->timeout = c->timeout;
	if ((r = gnutls_certificate_allocate_credentials(&t->creds)) < 0) {
		tls_fail(t, why, len, "credentials", r);
		return NULL;
	}
	if (c->ca_file != NULL)
		r = gnutls_certificate_set_x509_trust_file(t->creds, c->ca_file, GNUTLS_X509_FMT_PEM);
	else if (c->ca_path != NULL)
		r = gnutls_certificate_set_x509_trust_dir(t->creds, c->ca_path, GNUTLS_X509_FMT_PEM);
	else
		r = gnutls_certificate_set_x509_system_trust(t->creds);
	if (r <= 0 && c->verify) {
		snprintf(why, len, "TLS: no trusted certificates loaded from %s",
		    c->ca_file != NULL ? c->ca_file : c->ca_path != NULL ? c->ca_path : "the system store");
		tls_discard(t);
		return NULL;
	}
	if ((r = gnutls_init(&t->session, GNUTLS_CLIENT)) < 0 ||
	    (r = gnutls_set_default_priority(t->session)) < 0 ||
	    (r = gnutls_credentials_set(t->session, GNUTLS_CRD_CERTIFICATE, t->creds)) < 0) {
		tls_fail(t, why, len, "setup", r);
		return NULL;
	}
	if (!is_ip(c->host))
		(void)gnutls_server_name_set(t->session, GNUTLS_NAME_DNS, c->host, strlen(c->host));
	if (c->verify)
		gnutls_session_set_verify_cert(t->session, c->host, 0);
	t->in = xmalloc(TLS_INBUF);
	gnutls_transport_set_ptr(t->session, t);
	gnutls_transport_set_pull_function(t->session, tls_pull);
	gnutls_transport_set_pull_timeout_function(t->session, tls_pull_timeout);
	gnutls_transport_set_push_function(t->session, tls_push);
	set_nonblock(fd);
	deadline = time(NULL) + (c->timeout > 0 ? c->timeout : 60);
	for (;;) {
		r = gnutls_handshake(t->session);
		if (r >= 0 || gnutls_error_is_fatal(r))
			break;
		if (r != GNUTLS_E_AGAIN)
			continue;
		dir = gnutls_record_get_direction(t->session);
		/* nothing to wait for when what GnuTLS wants to read is in our buffer */
		if (deadline <= time(NULL) || ((dir || t->inpos == t->inlen) &&
		    wait_fd(fd, dir ? POLLOUT : POLLIN, (long)(deadline - time(NULL))) <= 0)) {
			r = GNUTLS_E_TIMEDOUT;
			break;
		}
	}
	if (r < 0) {
		if (r == GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR) {
			status = gnutls_session_get_verify_cert_status(t->session);
			if (gnutls_certificate_verification_status_print(status,
			    gnutls_certificate_type_get(t->session), &out, 0) == 0) {
				snprintf(why, len, "TLS: the certificate of %s is not trusted: %s "
				    "(set ca_file, or tls_verify = no only for a test server)", c->host, out.data);
				gnutls_free(out.data);
				tls_discard(t);
				return NULL;
			}
		}
		tls_fail(t, why, len, "handshake", r);
		return NULL;
	}
	if ((low = mailstream_low_new(t, &tls_driver)) == NULL) {
		tls_fail(t, why, len, "stream", GNUTLS_E_MEMORY_ERROR);
		return NULL;
	}
	return low;
}

mailstream_low *
tls_low_plain(int fd, long timeout)
{
	struct tls_low	*t = xcalloc(1, sizeof(*t));
	mailstream_low	*low;

	set_nonblock(fd);
	t->fd = fd;
	t->timeout = timeout;
	if ((low = mailstream_low_new(t, &tls_driver)) == NULL)
		free(t);
	return low;
}

size_t
tls_low_pending(mailstream_low *s)
{
	struct tls_low *t = s->data;

	return t->session != NULL ? gnutls_record_check_pending(t->session) + (t->inlen - t->inpos) : 0;
}
