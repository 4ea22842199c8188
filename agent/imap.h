/*
 * imap.h: the IMAP client (libetpan's mailimap, with rapport's own verified
 * TLS from tls.c).
 *
 * One struct imap is one logged-in session with one selected mailbox. Every
 * read has a timeout; any network error leaves the session unusable
 * (imap_ok() is 0) and the caller reconnects with backoff. Nothing here
 * touches the database: ingest.c decides what to fetch and when the server
 * may be changed (only after the database commit).
 *
 * Errors: functions return 0 on success and -1 on failure with the reason
 * in imap_error(), which never contains a password or token.
 */
#ifndef RAPPORT_IMAP_H
#define RAPPORT_IMAP_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct imap;

enum imap_tls { IMAP_TLS_STARTTLS, IMAP_TLS_IMPLICIT, IMAP_TLS_NONE };

struct imap_target {
	char		*host;
	uint16_t	 port;
	enum imap_tls	 tls;
};

/* Parse imap://host[:port] or imaps://host[:port]. 0, or -1 with why. */
int	 imap_parse_url(const char *url, int starttls, struct imap_target *, char *why, size_t);
void	 imap_target_clear(struct imap_target *);

/*
 * Connect, secure (STARTTLS or implicit TLS, certificate verified unless
 * the config opts out), authenticate (LOGIN, AUTHENTICATE PLAIN or XOAUTH2
 * with the password / token fetched from the configured source) and read
 * capabilities. NULL with why on failure; why says what to fix.
 */
struct imap	*imap_open(const struct config *, char *why, size_t);
void		 imap_close(struct imap *);
const char	*imap_error(const struct imap *);
int		 imap_ok(const struct imap *);
int		 imap_has(struct imap *, const char *capability);	/* "IDLE", "MOVE", "UIDPLUS" */

/* SELECT; reports UIDVALIDITY, UIDNEXT and EXISTS. */
int	 imap_select(struct imap *, const char *mailbox, uint32_t *uidvalidity,
	    uint32_t *uidnext, uint32_t *exists);
/* CREATE the folder if LIST does not show it. */
int	 imap_ensure_folder(struct imap *, const char *folder);

/* UIDs >= from in the selected mailbox, ascending, with their sizes. Caller frees both. */
int	 imap_list_uids(struct imap *, uint32_t from, uint32_t **uids, uint32_t **sizes, size_t *n);

/*
 * Fetch BODY.PEEK[] (never sets \Seen) for the given UIDs, in one UID FETCH;
 * calls cb once per message with its bytes (valid during the call only), as
 * each arrives: cb's work overlaps the server's sending of the next. With
 * header_only, fetches BODY.PEEK[HEADER] (for messages over the size
 * limit). cb returns 0 to go on, -1 to stop (the rest of the response is
 * read and dropped); imap_fetch() then returns -1.
 */
typedef int (*imap_msg_cb)(uint32_t uid, const char *data, size_t len, void *arg);
int	 imap_fetch(struct imap *, const uint32_t *uids, size_t n, int header_only,
	    imap_msg_cb, void *arg);

/* Move to folder (MOVE, else COPY + \Deleted + UID EXPUNGE); or add a keyword flag. */
int	 imap_move(struct imap *, const uint32_t *uids, size_t n, const char *folder);
int	 imap_flag(struct imap *, const uint32_t *uids, size_t n, const char *keyword);
/* UID of the message with this Message-ID in the selected mailbox; 0 if none. */
int	 imap_find_message_id(struct imap *, const char *message_id, uint32_t *uid);

int	 imap_noop(struct imap *);
/*
 * IDLE until the server reports a change or timeout seconds pass (the
 * caller re-IDLEs well inside the server's 30-minute limit).
 * Returns 1 when something changed, 0 on timeout, -1 on error.
 * wake_fd, when >= 0, is also watched (a signal pipe): readable returns 0.
 */
int	 imap_idle(struct imap *, int timeout, int wake_fd);

#endif
