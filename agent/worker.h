/*
 * worker.h: the parser worker. Untrusted mail is parsed in a separate,
 * long-lived process with resource limits (address space, CPU time per
 * message, stack, no files), fed raw bytes over a pipe and answering with
 * the parse document (parse.h). If it crashes, runs out of memory or
 * time, the message is marked failed with the reason and the worker is
 * restarted; the agent itself never parses untrusted bytes.
 */
#ifndef RAPPORT_WORKER_H
#define RAPPORT_WORKER_H

#include <stddef.h>

#include "parse.h"
#include "strbuf.h"

struct worker;

struct worker_limits {
	long	memory;		/* bytes of address space */
	long	cpu;		/* CPU seconds per message */
	long	timeout;	/* wall-clock seconds per message */
};

struct worker	*worker_start(const struct worker_limits *, char *why, size_t);
/*
 * Parse one message. On 0, json holds the document (appended). On -1 the
 * worker failed on this message (crash, limit, timeout): why says how, and
 * the next call restarts it.
 */
int		 worker_parse(struct worker *, const char *raw, size_t len,
		    const struct parse_ctx *, struct strbuf *json, char *why, size_t);
/*
 * The same in two halves, so the agent can fetch and record messages while
 * the worker parses others: answers come back in the order of the requests.
 * Requests may be sent ahead of unread answers while those in flight come
 * to at most WORKER_PIPELINE_MAX bytes (and WORKER_INFLIGHT_MAX requests):
 * the request pipe holds that much, so the agent never blocks on a write
 * while the worker waits for its answers to be read. When the worker dies,
 * every request in flight is lost: worker_generation() changes, and the
 * caller sends them again.
 */
#define WORKER_PIPELINE_MAX	(768u * 1024)
#define WORKER_INFLIGHT_MAX	64
int		 worker_send(struct worker *, const char *raw, size_t len,
		    const struct parse_ctx *, char *why, size_t);
int		 worker_recv(struct worker *, struct strbuf *json, char *why, size_t);
unsigned	 worker_generation(const struct worker *);
/* Stop the worker and forget what is in flight (it restarts on the next send). */
void		 worker_reset(struct worker *);
/* Requests sent whose answers were not read yet. */
unsigned	 worker_inflight(const struct worker *);
/* May a request of len bytes be sent before the answers in flight are read? */
int		 worker_can_send_ahead(const struct worker *, size_t len);
void		 worker_stop(struct worker *);
/* How many times the worker had to be restarted (for logs and tests). */
unsigned	 worker_restarts(const struct worker *);

#endif
