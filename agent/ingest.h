/*
 * ingest.h: inbound mail, loss-free. The order never changes:
 *
 *   1. fetch a batch (BODY.PEEK[], nothing marked read);
 *   2. store the raw bytes and advance the mailbox's last UID, in one
 *      transaction (a crash before this commit refetches the batch);
 *   3. parse each stored message in the worker and record what it says,
 *      one transaction per batch, one savepoint per message (a message
 *      that fails is marked failed with the reason, never dropped);
 *   4. only then change the server: move to the processed folder or set
 *      the keyword, and remember that it was done (a crash before this
 *      repeats the move at the next start, never the recording).
 *
 * Messages are keyed by (source, UIDVALIDITY, UID); a Message-ID plus
 * digest match is the same message seen again (after a UIDVALIDITY
 * change, or a copy), which is never recorded twice.
 */
#ifndef RAPPORT_INGEST_H
#define RAPPORT_INGEST_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct db;
struct imap;
struct worker;

struct ingest_stats {
	unsigned	listed;		/* new UIDs seen on the server */
	unsigned	stored;
	unsigned	duplicates;
	unsigned	recorded;
	unsigned	quarantined;
	unsigned	failed;
	unsigned	ignored;
	unsigned	oversize;
	unsigned	server_done;	/* moved or flagged */
};

struct ingest {
	struct db		*db;
	const struct config	*cfg;
	struct worker		*worker;
	char			*source;	/* "imap://user@host/INBOX" */
	int			 progress;	/* draw progress on stderr */
	struct ingest_stats	 st;
};

int	 ingest_init(struct ingest *, struct db *, const struct config *, char *why, size_t);
void	 ingest_free(struct ingest *);

/* One pass over the mailbox: steps 1-4 for every new message. */
int	 ingest_poll(struct ingest *, struct imap *, char *why, size_t);

/* Step 2 for one message: 0 stored (id set), 1 already known, -1 error.
 * uid 0: a message without a UID (a local Maildir file). */
int	 ingest_store(struct ingest *, uint32_t uidvalidity, uint32_t uid,
	    const char *raw, size_t len, int64_t *id);
/* Step 3 for every stored message still 'new' (also after a crash). */
int	 ingest_process_pending(struct ingest *);
/* Parse and record one stored message again (rapport inbox reprocess). */
int	 ingest_reprocess(struct ingest *, int64_t id, char *why, size_t);
/* Step 4 for every recorded message of this source not yet moved/flagged. */
int	 ingest_server_updates(struct ingest *, struct imap *, uint32_t uidvalidity);

/* Crash points for the tests (util.h crash_point()): after-store,
 * after-record, after-move. */

#endif
