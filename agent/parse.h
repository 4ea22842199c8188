/*
 * parse.h: the whole parse of one inbound message, from raw bytes to the
 * JSON document that `rapport parse --json` prints and the ingester records.
 * It strings the pure parsers together (pre-scan, MIME, HTML, reply
 * extraction, check-in answers, auto-reply, bounce, iTIP, commands) and
 * does no I/O of its own, so the worker process can run it on untrusted
 * input behind resource limits.
 *
 * The document's top-level shape is fixed by DESIGN.md ("rapport parse
 * --json"): message_id, in_reply_to, from, date, class, reply_text,
 * checkin, auto_reply, bounce, itip, commands, defects; fields are null
 * when they do not apply, and more may be added.
 */
#ifndef RAPPORT_PARSE_H
#define RAPPORT_PARSE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "prescan.h"
#include "strbuf.h"

struct parse_ctx {
	const char	*tz;		/* sender's zone for relative dates; NULL: the Date offset */
	const char	*manager;	/* mail from this address is read as commands */
	const int64_t	*task_ids;	/* the sender's open tasks, for "#12 done" */
	size_t		 ntasks;
	const char *const *people;	/* known names, for command suggestions */
	size_t		 npeople;
	time_t		 now;		/* for messages without a usable Date */
	struct prescan_limits limits;
};

void	 parse_ctx_init(struct parse_ctx *);

/*
 * Parse and append the JSON document to out. Returns 0 when the message
 * was understood (class may still be "unknown"), 1 when it was refused or
 * unreadable (the document then says why in "error", class "unknown"),
 * -1 on allocation failure.
 */
int	 parse_message(const char *raw, size_t len, const struct parse_ctx *,
	    struct strbuf *out, int pretty);

/* Encode/decode a parse context as text, for the worker's pipe. */
void	 parse_ctx_encode(const struct parse_ctx *, struct strbuf *);
/* Decodes in place; pointers refer into buf and into *storage (caller frees storage). */
int	 parse_ctx_decode(char *buf, struct parse_ctx *, void **storage);
void	 parse_ctx_storage_free(void *);

#endif
