/* ingest.c: fetch, store raw, parse in the worker, record, then change the server. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "caps.h"
#include "config.h"
#include "db.h"
#include "imap.h"
#include "ingest.h"
#include "jsonp.h"
#include "localmail.h"
#include "log.h"
#include "parse.h"
#include "people.h"
#include "rawhdr.h"
#include "record.h"
#include "tasks.h"
#include "util.h"
#include "worker.h"

#define BATCH_BYTES	(8u * 1024 * 1024)	/* most bytes fetched in one UID FETCH */

int
ingest_init(struct ingest *in, struct db *db, const struct config *cfg, char *why, size_t len)
{
	struct worker_limits	 lim;
	const char		*path;

	memset(in, 0, sizeof(*in));
	in->db = db;
	in->cfg = cfg;
	lim.memory = cfg->worker_memory;
	lim.cpu = cfg->worker_cpu;
	lim.timeout = cfg->worker_timeout;
	if ((in->worker = worker_start(&lim, why, len)) == NULL)
		return -1;
	/* an import writes the bytes of every message: its commits should not
	 * wait for them to be copied into the database file */
	if (db_background_checkpoints(db) == -1)
		log_warn("ingest: no background checkpoints: %s", db_errmsg(db));
	/* The account and mailbox, not the URL: switching imap:// to imaps:// or
	 * naming the host differently is the same mailbox (a different server shows
	 * as a UIDVALIDITY change, and is rescanned with de-duplication). */
	if (localmail_url(cfg->imap.url, &path))
		in->source = xasprintf("maildir:%s", path);
	else
		in->source = xasprintf("%s/%s", cfg->imap.user != NULL ? cfg->imap.user : "local",
		    cfg->mailbox);
	return 0;
}

void
ingest_free(struct ingest *in)
{
	worker_stop(in->worker);
	free(in->source);
	memset(in, 0, sizeof(*in));
}

static void
digest_hex(const char *raw, size_t len, char *out)
{
	unsigned char	d[32];
	int		i;

	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, raw, len, d) < 0)
		memset(d, 0, sizeof(d));
	for (i = 0; i < 32; i++)
		snprintf(out + i * 2, 3, "%02x", d[i]);
}

/* The digest of a stored row's bytes: kept in the row, computed the first
 * time it is needed. Returns 0, or -1 on a database error. */
static int
row_digest(struct ingest *in, int64_t id, const char *have, char out[65])
{
	sqlite3_stmt *st;

	if (have != NULL && strlen(have) == 64) {
		memcpy(out, have, 65);
		return 0;
	}
	if ((st = db_query(in->db, "SELECT raw FROM message_raw WHERE id = ?", "i", id)) == NULL)
		return -1;
	if (db_step(st) != 1) {
		db_done(st);
		out[0] = '\0';		/* no bytes: compares equal to nothing */
		return 0;
	}
	digest_hex(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), out);
	db_done(st);
	return db_run(in->db, "UPDATE messages SET digest = ? WHERE id = ?", "ti", out, id);
}

struct same_key {
	int64_t	 id, done;
	char	*digest;
};

int
ingest_store(struct ingest *in, uint32_t uidvalidity, uint32_t uid, const char *raw, size_t len,
    int64_t *idp)
{
	char		 mid[1000], dig[65], rdig[65], key[1100], from[320], subject[200];
	struct same_key	*v = NULL;
	int64_t		 id;
	size_t		 n = 0, i;
	sqlite3_stmt	*st;
	int		 r = 0, have_dig = 0;

	if (uid != 0 && db_int(in->db, &id, "SELECT id FROM messages WHERE source = ? AND uidvalidity = ? "
	    "AND uid = ?", "tii", in->source, (int64_t)uidvalidity, (int64_t)uid) == 0)
		return 1;
	if (rawhdr_message_id(raw, len, mid, sizeof(mid)) == 0)
		snprintf(key, sizeof(key), "%s", mid);
	else {
		digest_hex(raw, len, dig);
		have_dig = 1;
		snprintf(key, sizeof(key), "sha256:%s", dig);
	}
	/* The same message seen again (the same key and the same bytes): keep one
	 * row; point it at the newest copy if the server still has to be changed.
	 * The digests are computed only when there is a row to compare with. */
	if ((st = db_query(in->db, "SELECT id, server_done, digest FROM messages WHERE message_id = ?",
	    "t", key)) == NULL)
		return -1;
	while ((r = db_step(st)) == 1) {
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n].id = sqlite3_column_int64(st, 0);
		v[n].done = sqlite3_column_int64(st, 1);
		v[n++].digest = sqlite3_column_type(st, 2) == SQLITE_NULL ? NULL : xstrdup(db_col_text(st, 2));
	}
	db_done(st);
	for (i = 0; i < n && r == 0; i++) {
		if (!have_dig) {
			digest_hex(raw, len, dig);
			have_dig = 1;
		}
		if ((r = row_digest(in, v[i].id, v[i].digest, rdig)) == 0 && strcmp(rdig, dig) == 0)
			break;
	}
	if (r == 0 && i < n) {
		in->st.duplicates++;
		if (!v[i].done && db_run(in->db, "UPDATE messages SET source = ?, uidvalidity = ?, uid = ? "
		    "WHERE id = ?", "tiii", in->source, (int64_t)uidvalidity, (int64_t)uid, v[i].id) == -1)
			r = -1;
		else
			r = 1;
	}
	for (i = 0; i < n; i++)
		free(v[i].digest);
	free(v);
	if (r != 0)
		return r;
	/* From and Subject as written, so even a message the parser refuses is
	 * recognisable in `rapport inbox list`; the parse replaces them. */
	if (rawhdr_from_addr(raw, len, from, sizeof(from)) == -1)
		from[0] = '\0';
	if (rawhdr_get(raw, len, "Subject", subject, sizeof(subject)) == -1)
		subject[0] = '\0';
	if (db_run(in->db, "INSERT INTO messages (source, uidvalidity, uid, message_id, digest, size, "
	    "received_at, state, from_addr, subject) VALUES (?, ?, ?, ?, ?, ?, ?, 'new', ?, ?)",
	    "tiottiitt", in->source, (int64_t)uidvalidity, uid != 0 ? (int64_t)uid : (int64_t)-1, key,
	    have_dig ? dig : NULL, (int64_t)len, (int64_t)now_utc(), *from != '\0' ? from : NULL,
	    *subject != '\0' ? subject : NULL) != 0)
		return -1;
	id = db_last_id(in->db);
	if (db_run(in->db, "INSERT INTO message_raw (id, raw) VALUES (?, ?)", "ib", id, raw, len) != 0)
		return -1;
	if (idp != NULL)
		*idp = id;
	in->st.stored++;
	return 0;
}

/* The parse context for one message: the sender's zone and open tasks. */
static void
context_for(struct ingest *in, const char *raw, size_t len, struct parse_ctx *ctx,
    struct person *p, int64_t **tasks)
{
	char		 from[512];
	struct task	*tv;
	size_t		 n, i;

	parse_ctx_init(ctx);
	ctx->manager = in->cfg->manager_email;
	ctx->now = now_utc();
	ctx->limits.message_size = (size_t)in->cfg->max_message_size;
	ctx->limits.header_count = (size_t)in->cfg->max_header_count;
	ctx->limits.header_size = (size_t)in->cfg->max_header_size;
	ctx->limits.line_length = (size_t)in->cfg->max_line_length;
	ctx->limits.mime_depth = (size_t)in->cfg->max_mime_depth;
	ctx->limits.mime_parts = (size_t)in->cfg->max_parts;
	*tasks = NULL;
	memset(p, 0, sizeof(*p));
	if (rawhdr_from_addr(raw, len, from, sizeof(from)) == -1)
		return;
	if (strcasecmp(from, in->cfg->manager_email) == 0) {
		ctx->tz = in->cfg->manager_tz;
		return;
	}
	if (person_by_address(in->db, from, p) != 0)
		return;
	ctx->tz = p->tz;
	if (task_list(in->db, p->id, TASK_OPEN, NULL, &tv, &n) == 0) {
		*tasks = xcalloc(n + 1, sizeof(int64_t));
		for (i = 0; i < n && i < LIMIT_ANSWERS * 4; i++)
			(*tasks)[i] = tv[i].id;
		ctx->task_ids = *tasks;
		ctx->ntasks = i;
		task_list_free(tv, n);
	}
}

static int
set_failed(struct ingest *in, int64_t id, const char *why)
{
	in->st.failed++;
	log_warn("ingest: message %lld not parsed: %s", (long long)id, why);
	return db_run(in->db, "UPDATE messages SET state = 'failed', error = ?, processed_at = ? "
	    "WHERE id = ?", "tii", why, (int64_t)now_utc(), id);
}

/* One stored message on its way through the worker. */
struct pending {
	int64_t			 id;
	char			*raw;	/* NULL until loaded */
	size_t			 len;
	struct parse_ctx	 ctx;
	struct person		 p;
	int64_t			*tasks;
	int			 sent;
	unsigned		 gen;	/* the worker generation it was sent to */
};

static void
pending_free(struct pending *pm)
{
	free(pm->raw);
	free(pm->tasks);
	person_clear(&pm->p);
	memset(pm, 0, sizeof(*pm));
}

/* The bytes (given, or read back from the database) and the parse context. */
static int
pending_fill(struct ingest *in, struct pending *pm, const char *raw, size_t len)
{
	sqlite3_stmt *st = NULL;

	if (raw == NULL) {
		st = db_query(in->db, "SELECT raw FROM message_raw WHERE id = ?", "i", pm->id);
		if (st == NULL || db_step(st) != 1) {
			db_done(st);
			return -1;
		}
		len = (size_t)sqlite3_column_bytes(st, 0);
		raw = sqlite3_column_blob(st, 0);
	}
	pm->len = len;
	pm->raw = xmalloc(len + LIBETPAN_PAD);
	if (len > 0)
		memcpy(pm->raw, raw, len);
	memset(pm->raw + len, 0, LIBETPAN_PAD);
	db_done(st);
	context_for(in, pm->raw, pm->len, &pm->ctx, &pm->p, &pm->tasks);
	return 0;
}

static void
pending_send(struct ingest *in, struct pending *pm)
{
	char why[256];

	pm->sent = worker_send(in->worker, pm->raw, pm->len, &pm->ctx, why, sizeof(why)) == 0;
	pm->gen = worker_generation(in->worker);
}

/* Get the parse (sending again if the worker lost it) and record it in a savepoint. */
static int
pending_finish(struct ingest *in, struct pending *pm)
{
	struct strbuf		 json = STRBUF_INIT;
	struct record_result	 res;
	struct jp		*doc;
	char			 why[512];
	int			 r;

	if (!pm->sent || pm->gen != worker_generation(in->worker))
		pending_send(in, pm);
	r = pm->sent ? worker_recv(in->worker, &json, why, sizeof(why)) : -1;
	if (!pm->sent)
		snprintf(why, sizeof(why), "the parser worker could not be started");
	if (r == -1) {
		sb_free(&json);
		return set_failed(in, pm->id, why);
	}
	doc = jp_parse(sb_str(&json), json.len, why, sizeof(why));
	sb_free(&json);
	if (doc == NULL)
		return set_failed(in, pm->id, why);
	if (db_run(in->db, "SAVEPOINT record", "") == -1) {
		jp_free(doc);
		return -1;
	}
	memset(&res, 0, sizeof(res));
	r = record_message(in->db, in->cfg, pm->id, doc, &res);
	jp_free(doc);
	if (r == -1) {
		snprintf(why, sizeof(why), "recording failed: %s", db_errmsg(in->db));
		(void)db_run(in->db, "ROLLBACK TO record", "");
		(void)db_run(in->db, "RELEASE record", "");
		return set_failed(in, pm->id, why);
	}
	if (db_run(in->db, "RELEASE record", "") == -1)
		return -1;
	if (strcmp(res.state, "recorded") == 0)
		in->st.recorded++;
	else if (strcmp(res.state, "quarantined") == 0)
		in->st.quarantined++;
	else if (strcmp(res.state, "failed") == 0)
		in->st.failed++;
	else
		in->st.ignored++;
	return 0;
}

/*
 * Stored messages on their way through the worker, recorded in the order
 * they were stored. Each goes to the worker as soon as it can take it (see
 * worker_can_send_ahead()), so the worker parses while the agent fetches,
 * stores and records the others.
 */
struct queue {
	struct pending	*v;
	size_t		 n, cap;
	size_t		 done;	/* v[0, done) are recorded */
	size_t		 nsent;	/* v[done, nsent) are with the worker */
};

static struct pending *
queue_add(struct queue *q, int64_t id)
{
	if (q->n == q->cap) {
		q->cap = q->cap == 0 ? 16 : q->cap * 2;
		q->v = xrealloc(q->v, q->cap * sizeof(*q->v));
	}
	memset(&q->v[q->n], 0, sizeof(q->v[q->n]));
	q->v[q->n].id = id;
	return &q->v[q->n++];
}

static void
queue_free(struct queue *q)
{
	size_t i;

	for (i = q->done; i < q->n; i++)
		pending_free(&q->v[i]);
	free(q->v);
	memset(q, 0, sizeof(*q));
}

/* Send, in order, what the worker can take now (at least v[done]). */
static int
queue_send(struct ingest *in, struct queue *q)
{
	struct pending *pm;

	/* the worker was restarted: what was in flight is lost, send it again */
	if (q->nsent > q->done && q->v[q->done].gen != worker_generation(in->worker))
		q->nsent = q->done;
	while (q->nsent < q->n) {
		pm = &q->v[q->nsent];
		if (pm->raw == NULL && pending_fill(in, pm, NULL, 0) == -1)
			return -1;
		if (worker_inflight(in->worker) > 0 && !worker_can_send_ahead(in->worker, pm->len))
			break;
		pending_send(in, pm);
		q->nsent++;
		if (!pm->sent)
			break;	/* pending_finish() tries again, and says why */
	}
	return 0;
}

/* Record v[done] (in the open transaction), sending first what the worker
 * can take. */
static int
queue_record_one(struct ingest *in, struct queue *q)
{
	struct pending	*pm;
	int		 r;

	if (queue_send(in, q) == -1)
		return -1;
	pm = &q->v[q->done];
	r = pending_finish(in, pm);
	pending_free(pm);
	q->done++;
	return r;
}

/* Record everything queued, in one transaction: a crash redoes at most this. */
static int
queue_record(struct ingest *in, struct queue *q)
{
	int r = 0;

	if (db_begin(in->db) == -1)
		return -1;
	while (q->done < q->n && r == 0)
		r = queue_record_one(in, q);
	if (r == -1 && q->nsent > q->done)
		worker_reset(in->worker);	/* its answers must not be read for other messages */
	if (r == 0 && db_commit(in->db) == -1)
		r = -1;
	if (r == -1)
		db_rollback(in->db);
	crash_point("after-record");
	return r;
}

int
ingest_process_pending(struct ingest *in)
{
	sqlite3_stmt	*st;
	struct queue	 q;
	int64_t		*ids = NULL;
	size_t		 n = 0, i, k;
	int		 r = 0;

	st = db_query(in->db, "SELECT id FROM messages WHERE state = 'new' ORDER BY id", "");
	if (st == NULL)
		return -1;
	while (db_step(st) == 1) {
		ids = xrealloc(ids, (n + 1) * sizeof(*ids));
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	db_done(st);
	for (i = 0; i < n && r == 0; i += 100) {
		memset(&q, 0, sizeof(q));
		for (k = i; k < n && k < i + 100; k++)
			queue_add(&q, ids[k]);
		r = queue_record(in, &q);
		queue_free(&q);
	}
	free(ids);
	return r;
}

int
ingest_reprocess(struct ingest *in, int64_t id, char *why, size_t len)
{
	int64_t state;

	if (db_int(in->db, &state, "SELECT 1 FROM messages WHERE id = ?", "i", id) != 0) {
		snprintf(why, len, "no inbound message %lld", (long long)id);
		return 1;
	}
	if (db_begin(in->db) == -1 ||
	    db_run(in->db, "UPDATE messages SET state = 'new', error = NULL, class = NULL WHERE id = ?",
	    "i", id) == -1 || db_commit(in->db) == -1) {
		db_rollback(in->db);
		snprintf(why, len, "%s", db_errmsg(in->db));
		return -1;
	}
	return ingest_process_pending(in) == -1 ? (snprintf(why, len, "%s", db_errmsg(in->db)), -1) : 0;
}

struct fetchctx {
	struct ingest	*in;
	uint32_t	 uidvalidity;
	int		 failed;
	int		 headers_only;	/* an oversize message: stored, not parsed */
	struct queue	 q;	/* what this batch stores, parsed as it arrives */
	struct queue	 prev;	/* the batch before (stored and committed): recorded
				   while this one arrives, in the same transaction */
};

static int
store_cb(uint32_t uid, const char *data, size_t len, void *arg)
{
	struct fetchctx	*fc = arg;
	int64_t		 id;
	int		 r;

	if ((r = ingest_store(fc->in, fc->uidvalidity, uid, data, len, &id)) == -1) {
		fc->failed = 1;
		return -1;
	}
	if (r == 0 && !fc->headers_only && pending_fill(fc->in, queue_add(&fc->q, id), data, len) == -1) {
		fc->failed = 1;
		return -1;
	}
	/*
	 * One message of the batch before is recorded for each one stored, while
	 * the server sends the next. The worker answers in the order it was asked,
	 * so this batch goes to it only after all of the batch before.
	 */
	if ((fc->prev.done < fc->prev.n && queue_record_one(fc->in, &fc->prev) == -1) ||
	    queue_send(fc->in, &fc->prev) == -1 ||
	    (fc->prev.nsent == fc->prev.n && queue_send(fc->in, &fc->q) == -1)) {
		fc->failed = 1;
		return -1;
	}
	return 0;
}

int
ingest_server_updates(struct ingest *in, struct imap *im, uint32_t uidvalidity)
{
	sqlite3_stmt	*st;
	uint32_t	*uids = NULL;
	int64_t		*ids = NULL;
	size_t		 n = 0, i;
	int		 r = 0;

	if (in->cfg->after == AFTER_NONE)
		return db_run(in->db, "UPDATE messages SET server_done = 1 WHERE source = ? AND server_done = 0 "
		    "AND state != 'new'", "t", in->source);
	st = db_query(in->db, "SELECT id, uid FROM messages WHERE source = ? AND uidvalidity = ? "
	    "AND server_done = 0 AND state != 'new' ORDER BY uid", "ti", in->source, (int64_t)uidvalidity);
	if (st == NULL)
		return -1;
	while (db_step(st) == 1) {
		uids = xrealloc(uids, (n + 1) * sizeof(*uids));
		ids = xrealloc(ids, (n + 1) * sizeof(*ids));
		ids[n] = sqlite3_column_int64(st, 0);
		uids[n++] = (uint32_t)sqlite3_column_int64(st, 1);
	}
	db_done(st);
	/* what the server is about to forget must survive a power cut here */
	if (n > 0 && db_sync(in->db) == -1)
		r = -1;
	if (n > 0 && r == 0) {
		if (in->cfg->after == AFTER_MOVE)
			r = imap_ensure_folder(im, in->cfg->processed_folder) == -1 ? -1 :
			    imap_move(im, uids, n, in->cfg->processed_folder);
		else
			r = imap_flag(im, uids, n, in->cfg->flag_keyword);
		crash_point("after-move");
		if (r == 0 && db_begin(in->db) == 0) {
			for (i = 0; i < n && r == 0; i++)
				r = db_run(in->db, "UPDATE messages SET server_done = 1 WHERE id = ?", "i", ids[i]);
			if (r == 0 && db_commit(in->db) == 0)
				in->st.server_done += (unsigned)n;
			else {
				db_rollback(in->db);
				r = -1;
			}
		}
	}
	/* Rows from an older UIDVALIDITY can no longer be addressed by UID:
	 * they were found again by Message-ID at the rescan, or are gone. */
	if (r == 0)
		r = db_run(in->db, "UPDATE messages SET server_done = 1 WHERE source = ? AND uidvalidity != ? "
		    "AND server_done = 0 AND state != 'new'", "ti", in->source, (int64_t)uidvalidity);
	free(uids);
	free(ids);
	return r;
}

static void
progress(struct ingest *in, size_t done, size_t total, time_t start)
{
	double	el = difftime(time(NULL), start);
	double	rate = el > 0 ? done / el : 0;

	if (!in->progress)
		return;
	fprintf(stderr, "\rrapport: fetched %zu/%zu (%.0f msg/s, %.0fs left)   ", done, total, rate,
	    rate > 0 ? (total - done) / rate : 0.0);
	if (done == total)
		fputc('\n', stderr);
}

int
ingest_poll(struct ingest *in, struct imap *im, char *why, size_t len)
{
	uint32_t	 uidvalidity, uidnext, exists, *uids = NULL, *sizes = NULL, last = 0;
	int64_t		 v;
	size_t		 n = 0, i, j, bytes;
	struct fetchctx	 fc;
	time_t		 start = time(NULL);
	int		 rc = -1, rescan = 0, r;

	memset(&fc, 0, sizeof(fc));
	if (imap_select(im, in->cfg->mailbox, &uidvalidity, &uidnext, &exists) == -1) {
		snprintf(why, len, "%s", imap_error(im));
		return -1;
	}
	if (db_int(in->db, &v, "SELECT uidvalidity FROM mailbox_state WHERE source = ?", "t", in->source) == 0) {
		if ((uint32_t)v != uidvalidity) {
			log_warn("ingest: %s: UIDVALIDITY changed (%u -> %u): rescanning, de-duplicating "
			    "by Message-ID", in->source, (unsigned)v, uidvalidity);
			rescan = 1;
		} else if (db_int(in->db, &v, "SELECT last_uid FROM mailbox_state WHERE source = ?", "t",
		    in->source) == 0)
			last = (uint32_t)v;
	}
	if (rescan || last == 0) {
		if (db_run(in->db, "INSERT INTO mailbox_state (source, uidvalidity, last_uid, updated_at) "
		    "VALUES (?, ?, 0, ?) ON CONFLICT (source) DO UPDATE SET uidvalidity = excluded.uidvalidity, "
		    "last_uid = 0, updated_at = excluded.updated_at", "tii", in->source, (int64_t)uidvalidity,
		    (int64_t)now_utc()) == -1)
			goto dberr;
	}
	/* Work left over from a crash: record first, then the server. */
	if (ingest_process_pending(in) == -1 || ingest_server_updates(in, im, uidvalidity) == -1)
		goto dberr_or_imap;
	if (uidnext != 0 && uidnext <= last + 1 && !rescan) {
		rc = 0;		/* nothing new: no FETCH at all */
		goto out;
	}
	if (imap_list_uids(im, last + 1, &uids, &sizes, &n) == -1) {
		snprintf(why, len, "%s", imap_error(im));
		goto out;
	}
	in->st.listed += (unsigned)n;
	in->progress = in->progress && n >= 50;
	fc.in = in;
	fc.uidvalidity = uidvalidity;
	for (i = 0; i < n; i = j) {
		/* a batch: up to [imap] batch messages and BATCH_BYTES bytes, at least one */
		for (j = i, bytes = 0; j < n && j - i < (size_t)in->cfg->batch &&
		    (j == i || bytes + sizes[j] <= BATCH_BYTES); j++) {
			if (sizes[j] > (uint32_t)in->cfg->max_message_size) {
				if (j == i)
					j++;
				break;
			}
			bytes += sizes[j];
		}
		if (db_begin(in->db) == -1)
			goto dberr;
		if (j == i + 1 && sizes[i] > (uint32_t)in->cfg->max_message_size) {
			fc.headers_only = 1;
			r = imap_fetch(im, &uids[i], 1, 1, store_cb, &fc);
			fc.headers_only = 0;
			if (r == -1 ||
			    db_run(in->db, "UPDATE messages SET state = 'failed', size = ?, server_done = 1, "
			    "error = 'message larger than max_message_size: only its header is stored; it stays "
			    "in the mailbox' WHERE source = ? AND uidvalidity = ? AND uid = ? AND state = 'new'",
			    "itii", (int64_t)sizes[i], in->source, (int64_t)uidvalidity, (int64_t)uids[i]) == -1) {
				db_rollback(in->db);
				goto imap_or_db;
			}
			in->st.oversize++;
		} else if (imap_fetch(im, &uids[i], j - i, 0, store_cb, &fc) == -1 || fc.failed) {
			db_rollback(in->db);
			goto imap_or_db;
		}
		/* what is left of the batch before, then one commit for both */
		for (r = 0; r == 0 && fc.prev.done < fc.prev.n; )
			r = queue_record_one(in, &fc.prev);
		if (r == -1 || db_run(in->db, "UPDATE mailbox_state SET last_uid = ?, updated_at = ? WHERE source = ?",
		    "iit", (int64_t)uids[j - 1], (int64_t)now_utc(), in->source) == -1 || db_commit(in->db) == -1) {
			db_rollback(in->db);
			goto dberr;
		}
		crash_point("after-store");
		progress(in, j, n, start);
		queue_free(&fc.prev);
		fc.prev = fc.q;
		memset(&fc.q, 0, sizeof(fc.q));
		if (ingest_server_updates(in, im, uidvalidity) == -1)
			goto dberr_or_imap;
	}
	/* the last batch, and anything else still unrecorded */
	r = fc.prev.n > 0 ? queue_record(in, &fc.prev) : 0;
	queue_free(&fc.prev);
	if (r == -1 || ingest_process_pending(in) == -1)
		goto dberr;
	if (ingest_server_updates(in, im, uidvalidity) == -1)
		goto dberr_or_imap;
	rc = 0;
	goto out;
imap_or_db:
	if (fc.failed)
		goto dberr;
	snprintf(why, len, "%s", imap_error(im));
	goto out;
dberr_or_imap:
	if (!imap_ok(im)) {
		snprintf(why, len, "%s", imap_error(im));
		goto out;
	}
	/* FALLTHROUGH */
dberr:
	snprintf(why, len, "database: %s", db_errmsg(in->db));
out:
	if (fc.q.nsent > fc.q.done || fc.prev.nsent > fc.prev.done)
		worker_reset(in->worker);	/* answers for messages not recorded */
	queue_free(&fc.q);
	queue_free(&fc.prev);
	free(uids);
	free(sizes);
	return rc;
}
