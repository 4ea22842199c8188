/*
 * outbox.h: every email rapport sends is first a row here — the exact bytes,
 * the envelope, and a Message-ID fixed at that moment — written in the same
 * transaction as the change that caused it. Only then is it sent.
 *
 * States: pending -> sending -> sent | failed. Rows are marked sending in
 * one transaction per batch before the network is touched, and sent (or
 * back to pending with a later attempt) in one transaction after it: a crash
 * in between leaves them "sending", and the next run sends them again with
 * the same Message-ID, which clients de-duplicate. Nothing is ever lost.
 * Temporary failures (connection errors, 4xx) retry with exponential
 * backoff and jitter; permanent ones (5xx) stop and are shown.
 */
#ifndef RAPPORT_OUTBOX_H
#define RAPPORT_OUTBOX_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct config;
struct db;

#define OUTBOX_MAX_ATTEMPTS	12	/* about three days of backoff */

struct outbox_msg {
	const char	*kind;		/* checkin, reminder, followup, ... */
	int64_t		 ref;		/* what it is about, or -1 */
	int64_t		 person_id;	/* -1 for mail to the manager */
	const char	*message_id;	/* without angle brackets */
	const char	*from;		/* envelope sender */
	const char	*rcpts;		/* comma-separated envelope recipients */
	const char	*subject;
	const char	*data;		/* CRLF bytes */
	size_t		 len;
	time_t		 not_before;	/* 0: now */
};

/* Insert within the caller's transaction; *id set. -2 on a duplicate Message-ID. */
int	 outbox_enqueue(struct db *, const struct outbox_msg *, int64_t *id);

enum send_result { SEND_OK = 0, SEND_TEMPFAIL = 1, SEND_PERMFAIL = 2 };

/*
 * The transport: open a connection (once per flush, only if something is
 * due), send one message, close. resp gets the server's answer or the
 * library's error text. Implemented over smtp.c by the agent, and by tests.
 */
struct outbox_transport {
	int	(*open)(void *ctx, char *why, size_t);
	enum send_result (*send)(void *ctx, const char *from, const char *const *rcpts, size_t nrcpts,
		    const char *data, size_t len, char *resp, size_t);
	void	(*close)(void *ctx);
	void	*ctx;
};

struct outbox_stats {
	unsigned	sent, tempfail, permfail, deferred;
};

/*
 * Send what is due at now, at most max messages. Person-bound messages are
 * sent only inside the person's working hours (else deferred to the next
 * allowed minute). Returns 0, or -1 on a database error.
 */
int	 outbox_flush(struct db *, const struct config *, time_t now, size_t max,
	    const struct outbox_transport *, struct outbox_stats *);

/* The delay before attempt n+1 (n >= 1), with +-20% jitter from rnd in [0,1). */
long	 outbox_backoff(int attempts, double rnd);

/* Put a failed (or any not-sent) message back to pending now. 0, 1 no such/sent, -1. */
int	 outbox_retry(struct db *, int64_t id);
/* Delete sent messages older than age seconds; *n how many. */
int	 outbox_purge_sent(struct db *, time_t now, long age, int64_t *n);
/* The next instant something is due (for the daemon's sleep); 0 if nothing. */
int	 outbox_next_due(struct db *, time_t *when);

#endif
