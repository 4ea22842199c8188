/* parse.c: raw message to the parse document; see parse.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "caps.h"
#include "json.h"
#include "mime.h"
#include "parse.h"
#include "util.h"

void
parse_ctx_init(struct parse_ctx *c)
{
	memset(c, 0, sizeof(*c));
	prescan_limits_default(&c->limits);
}

static void
iso_with_offset(time_t t, int offset_min, char *buf, size_t len)
{
	struct tm	tm;
	time_t		local = t + offset_min * 60;

	gmtime_r(&local, &tm);
	if (offset_min == 0)
		strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
	else {
		int a = offset_min < 0 ? -offset_min : offset_min;
		size_t n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(buf + n, len - n, "%c%02d:%02d", offset_min < 0 ? '-' : '+', a / 60, a % 60);
	}
}

/* "<id>" as in the design document: ids travel with their angle brackets. */
static void
json_msgid(struct json *j, const char *key, const char *id)
{
	char *s;

	if (id == NULL) {
		json_null(j, key);
		return;
	}
	s = xasprintf("<%s>", id);
	json_str(j, key, s);
	free(s);
}

static int
is_itip(const struct mail_msg *m)
{
	return m->ncalendars > 0;
}

static const char *
classify(const struct mail_msg *m, const struct parse_ctx *c)
{
	if (m->is_dsn)
		return "bounce";
	if (is_itip(m))
		return "itip";
	if (c->manager != NULL && m->from.addr != NULL && strcasecmp(m->from.addr, c->manager) == 0)
		return "command";
	if (m->body_len > 0)
		return "answer";
	return "unknown";
}

static void
emit_bounce(struct json *j, const struct mail_msg *m)
{
	const struct mail_dsn_rcpt	*r;
	const char			*rcpt;
	size_t				 i;

	if (!m->is_dsn) {
		json_null(j, "bounce");
		return;
	}
	/* The first failed recipient decides; "delayed" reports are kept too. */
	r = m->ndsn > 0 ? &m->dsn[0] : NULL;
	for (i = 0; i < m->ndsn; i++)
		if (m->dsn[i].action != NULL && strcasecmp(m->dsn[i].action, "failed") == 0) {
			r = &m->dsn[i];
			break;
		}
	json_obj_begin(j, "bounce");
	rcpt = r != NULL ? r->final_recipient : NULL;
	if (rcpt != NULL && strchr(rcpt, ';') != NULL)
		for (rcpt = strchr(rcpt, ';') + 1; *rcpt == ' '; rcpt++)
			;
	json_str(j, "recipient", rcpt);
	json_str(j, "status", r != NULL ? r->status : NULL);
	json_str(j, "action", r != NULL ? r->action : NULL);
	json_str(j, "diagnostic", r != NULL ? r->diagnostic : NULL);
	json_msgid(j, "original_message_id", m->dsn_message_id);
	json_obj_end(j);
}

static void
emit_header(struct json *j, const struct mail_msg *m)
{
	char	buf[40];
	size_t	i;

	json_msgid(j, "message_id", m->message_id);
	json_msgid(j, "in_reply_to", m->in_reply_to);
	json_arr_begin(j, "references");
	for (i = 0; i < m->nreferences; i++) {
		char *s = xasprintf("<%s>", m->references[i]);
		json_str(j, NULL, s);
		free(s);
	}
	json_arr_end(j);
	json_str(j, "from", m->from.addr);
	json_str(j, "from_name", m->from.name);
	json_str(j, "subject", m->subject);
	if (m->has_date) {
		iso_with_offset(m->date, m->date_offset, buf, sizeof(buf));
		json_str(j, "date", buf);
	} else
		json_null(j, "date");
}

static void
emit_auto_headers(struct json *j, const struct mail_msg *m)
{
	json_obj_begin(j, "headers");
	json_str(j, "auto_submitted", m->auto_submitted);
	json_str(j, "x_autoreply", m->x_autoreply);
	json_str(j, "x_autorespond", m->x_autorespond);
	json_str(j, "precedence", m->precedence);
	json_str(j, "list_id", m->list_id);
	json_obj_end(j);
}

static void
emit_defects(struct json *j, const struct mail_msg *m, const char *extra)
{
	size_t i;

	json_arr_begin(j, "defects");
	if (extra != NULL)
		json_str(j, NULL, extra);
	for (i = 0; i < m->ndefects; i++)
		json_str(j, NULL, m->defects[i]);
	json_arr_end(j);
}

static void
emit_calendars(struct json *j, const struct mail_msg *m)
{
	size_t i;

	json_arr_begin(j, "calendars");
	for (i = 0; i < m->ncalendars; i++) {
		json_obj_begin(j, NULL);
		json_str(j, "content_type_method", m->calendars[i].method);
		json_strn(j, "data", m->calendars[i].data, m->calendars[i].len);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void
emit_prescan(struct json *j, const struct prescan_result *p)
{
	json_obj_begin(j, "shape");
	json_int(j, "size", (int64_t)p->size);
	json_int(j, "header_count", (int64_t)p->header_count);
	json_int(j, "depth", (int64_t)p->depth);
	json_int(j, "parts", (int64_t)p->parts);
	json_int(j, "longest_line", (int64_t)p->longest_line);
	json_obj_end(j);
}

int
parse_message(const char *raw, size_t len, const struct parse_ctx *c, struct strbuf *out, int pretty)
{
	struct mail_msg		 m;
	struct json		 j;
	enum mime_status	 st;
	char			 err[256];
	const char		*cls;

	memset(&m, 0, sizeof(m));
	json_init(&j, out, pretty);
	st = mime_parse(raw, len, &c->limits, &m, err, sizeof(err));
	json_obj_begin(&j, NULL);
	if (st != MIME_OK) {
		json_null(&j, "message_id");
		json_str(&j, "class", "unknown");
		json_str(&j, "error", err);
		json_str(&j, "refused", st == MIME_REFUSED ? prescan_verdict_name(m.prescan.verdict) : NULL);
		emit_prescan(&j, &m.prescan);
		json_obj_end(&j);
		mail_msg_free(&m);
		return st == MIME_NOMEM ? -1 : 1;
	}
	cls = classify(&m, c);
	emit_header(&j, &m);
	json_str(&j, "class", cls);
	json_bool(&j, "body_from_html", m.body_from_html);
	json_strn(&j, "body", m.body, m.body_len);
	json_strn(&j, "reply_text", m.body, m.body_len);
	json_null(&j, "checkin");
	json_null(&j, "auto_reply");
	emit_bounce(&j, &m);
	json_null(&j, "itip");
	emit_calendars(&j, &m);
	json_arr_begin(&j, "commands");
	json_arr_end(&j);
	emit_auto_headers(&j, &m);
	emit_prescan(&j, &m.prescan);
	emit_defects(&j, &m, NULL);
	json_obj_end(&j);
	mail_msg_free(&m);
	return sb_error(out) ? -1 : 0;
}

/*
 * The context travels to the worker as "key=value" lines ending with an
 * empty line; values never contain newlines (zone names, an address, ids).
 */
void
parse_ctx_encode(const struct parse_ctx *c, struct strbuf *sb)
{
	size_t i;

	if (c->tz != NULL)
		sb_printf(sb, "tz=%s\n", c->tz);
	if (c->manager != NULL)
		sb_printf(sb, "manager=%s\n", c->manager);
	sb_printf(sb, "now=%lld\n", (long long)c->now);
	for (i = 0; i < c->ntasks; i++)
		sb_printf(sb, "task=%lld\n", (long long)c->task_ids[i]);
	for (i = 0; i < c->npeople; i++)
		sb_printf(sb, "person=%s\n", c->people[i]);
	sb_printf(sb, "limits=%zu,%zu,%zu,%zu,%zu,%zu\n", c->limits.message_size, c->limits.header_count,
	    c->limits.header_size, c->limits.line_length, c->limits.mime_depth, c->limits.mime_parts);
	sb_addc(sb, '\n');
}

struct ctx_storage {
	int64_t		*tasks;
	const char	**people;
};

int
parse_ctx_decode(char *buf, struct parse_ctx *c, void **storage)
{
	struct ctx_storage	*st = xcalloc(1, sizeof(*st));
	char			*line, *next, *v;
	size_t			 ntasks = 0, npeople = 0;
	long			 n;

	parse_ctx_init(c);
	*storage = st;
	for (line = buf; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((v = strchr(line, '=')) == NULL)
			continue;
		*v++ = '\0';
		if (strcmp(line, "tz") == 0)
			c->tz = v;
		else if (strcmp(line, "manager") == 0)
			c->manager = v;
		else if (strcmp(line, "now") == 0 && parse_long(v, 0, 1L << 40, &n) == 0)
			c->now = n;
		else if (strcmp(line, "task") == 0 && parse_long(v, 1, 1L << 53, &n) == 0 &&
		    ntasks < LIMIT_ANSWERS * 4) {
			st->tasks = xrealloc(st->tasks, (ntasks + 1) * sizeof(int64_t));
			st->tasks[ntasks++] = n;
		} else if (strcmp(line, "person") == 0 && npeople < 10000) {
			st->people = xrealloc(st->people, (npeople + 1) * sizeof(char *));
			st->people[npeople++] = v;
		} else if (strcmp(line, "limits") == 0)
			(void)sscanf(v, "%zu,%zu,%zu,%zu,%zu,%zu", &c->limits.message_size,
			    &c->limits.header_count, &c->limits.header_size, &c->limits.line_length,
			    &c->limits.mime_depth, &c->limits.mime_parts);
	}
	c->task_ids = st->tasks;
	c->ntasks = ntasks;
	c->people = st->people;
	c->npeople = npeople;
	return 0;
}

void
parse_ctx_storage_free(void *p)
{
	struct ctx_storage *st = p;

	if (st == NULL)
		return;
	free(st->tasks);
	free(st->people);
	free(st);
}
