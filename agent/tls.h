/*
 * tls.h: TLS for the IMAP connection, done by rapport with GnuTLS, because
 * libetpan does not verify the server's certificate at all.
 *
 * tls_low_open() wraps a connected socket in a libetpan mailstream_low whose
 * I/O goes through a GnuTLS session that verified the certificate chain
 * (system trust store, or ca_file / ca_path) and the host name (or IP
 * address) before any byte of the protocol is exchanged. Verification is
 * skipped only when verify is 0, which the config allows only explicitly.
 * Every read and write honours the timeout.
 */
#ifndef RAPPORT_TLS_H
#define RAPPORT_TLS_H

#include <stddef.h>

#include <libetpan/libetpan.h>

struct tls_conf {
	const char	*host;		/* name (or address) to verify and send as SNI */
	int		 verify;
	const char	*ca_file;
	const char	*ca_path;
	long		 timeout;	/* seconds */
};

/* NULL on failure with why set; on success the stream owns fd. */
mailstream_low	*tls_low_open(int fd, const struct tls_conf *, char *why, size_t);

/* A plain-socket low stream with the same timeout behaviour. */
mailstream_low	*tls_low_plain(int fd, long timeout);

/* Bytes already decrypted and waiting in the low stream (for IDLE waits). */
size_t		 tls_low_pending(mailstream_low *);

#endif
