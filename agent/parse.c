/* parse.c: raw message to the parse document; see parse.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "caps.h"
#include "itip.h"
#include "json.h"
#include "autoreply.h"
#include "checkin.h"
#include "commands.h"
#include "dates.h"
#include "feedback.h"
#include "mime.h"
#include "reply.h"
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
	char	 buf[256], *s = buf;
	size_t	 n;

	if (id == NULL) {
		json_null(j, key);
		return;
	}
	/* "<id>", on the stack for any usual id */
	n = strlen(id);
	if (n + 3 > sizeof(buf))
		s = xmalloc(n + 3);
	s[0] = '<';
	memcpy(s + 1, id, n);
	s[n + 1] = '>';
	s[n + 2] = '\0';
	json_strn(j, key, s, n + 2);
	if (s != buf)
		free(s);
}

static int
is_itip(const struct mail_msg *m)
{
	return m->ncalendars > 0;
}

static const char *
classify(const struct mail_msg *m, const struct parse_ctx *c, const struct autoreply *ar,
    const struct reply *r)
{
	if (m->is_dsn)
		return "bounce";
	if (is_itip(m))
		return "itip";
	if (ar->class == AUTOREPLY_OOO)
		return "auto_reply";
	if (ar->class == AUTOREPLY_AUTO)
		return "unknown";	/* a machine's message, not a person's answer */
	if (c->manager != NULL && m->from.addr != NULL && strcasecmp(m->from.addr, c->manager) == 0)
		return "command";
	if (r->len > 0)
		return "answer";
	return "unknown";
}

static time_t
msg_date(const struct mail_msg *m, const struct parse_ctx *c)
{
	return m->has_date ? m->date : (c->now != 0 ? c->now : time(NULL));
}

static void
emit_span(struct json *j, const char *key, size_t start, size_t end)
{
	json_arr_begin(j, key);
	json_int(j, NULL, (int64_t)start);
	json_int(j, NULL, (int64_t)end);
	json_arr_end(j);
}

static void
emit_auto_reply(struct json *j, const struct autoreply *ar)
{
	char	day[32];
	time_t	t;

	if (ar->class != AUTOREPLY_OOO) {
		json_null(j, "auto_reply");
		return;
	}
	json_obj_begin(j, "auto_reply");
	dates_format_day(&ar->ret, day, sizeof(day));
	if (ar->ret_kind == AUTOREPLY_AWAY_UNTIL && *day != '\0') {
		/* the last day away: the person is back the day after */
		t = ar->ret.when + 36 * 3600;
		struct tm tm;
		gmtime_r(&t, &tm);
		snprintf(day, sizeof(day), "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	}
	json_str(j, "return_date", ar->ret_kind != AUTOREPLY_NO_RETURN && *day != '\0' ? day : NULL);
	json_str(j, "why", ar->why);
	json_obj_end(j);
}

static void
emit_update(struct json *j, const struct checkin_task_update *u)
{
	char day[16];

	json_obj_begin(j, NULL);
	json_int(j, "id", u->id);
	json_str(j, "status", checkin_task_status_name(u->status));
	if (u->status == CHECKIN_TASK_PROGRESS && u->percent >= 0)
		json_int(j, "percent", u->percent);
	else
		json_null(j, "percent");
	dates_format_day(&u->date, day, sizeof(day));
	json_str(j, "new_date", u->has_date && *day != '\0' ? day : NULL);
	if (u->has_date && u->date.status != DATES_OK)
		json_str(j, "date_status", u->date.status == DATES_PAST ? "past" : "ambiguous");
	json_str(j, "reason", u->reason);
	json_bool(j, "unknown_id", u->unknown_id);
	emit_span(j, "offsets", u->span.start, u->span.end);
	json_obj_end(j);
}

static void
emit_checkin(struct json *j, const struct reply *r, const struct checkin *ck)
{
	size_t	i, k;

	json_obj_begin(j, "checkin");
	json_obj_begin(j, "sections");
	for (k = 0; k < CHECKIN_NKEYS; k++)
		if (k != CHECKIN_HOURS && k != CHECKIN_MOOD && ck->sections[k].text != NULL)
			json_str(j, checkin_key_name((enum checkin_key)k), ck->sections[k].text);
	json_obj_end(j);
	json_obj_begin(j, "offsets");
	for (k = 0; k < CHECKIN_NKEYS; k++) {
		const struct checkin_section *sec = &ck->sections[k];
		if (k != CHECKIN_HOURS && k != CHECKIN_MOOD && sec->text != NULL && sec->nspans > 0)
			emit_span(j, checkin_key_name((enum checkin_key)k), sec->spans[0].start,
			    sec->spans[sec->nspans - 1].end);
	}
	if (ck->hours.present)
		emit_span(j, "hours", ck->hours.span.start, ck->hours.span.end);
	if (ck->mood.value > 0)
		emit_span(j, "mood", ck->mood.span.start, ck->mood.span.end);
	if (ck->notes.text != NULL && ck->notes.nspans > 0)
		emit_span(j, "notes", ck->notes.spans[0].start, ck->notes.spans[ck->notes.nspans - 1].end);
	json_obj_end(j);
	json_bool(j, "blockers_none", ck->blockers_none);
	if (!ck->hours.present)
		json_null(j, "hours");
	else {
		json_obj_begin(j, "hours");
		if (ck->hours.range) {
			json_num(j, "min", ck->hours.min);
			json_num(j, "max", ck->hours.max);
		} else
			json_num(j, "value", ck->hours.value);
		json_obj_end(j);
	}
	if (ck->mood.value > 0)
		json_int(j, "mood", ck->mood.value);
	else
		json_null(j, "mood");
	json_arr_begin(j, "task_updates");
	for (i = 0; i < ck->nupdates; i++)
		emit_update(j, &ck->updates[i]);
	json_arr_end(j);
	json_arr_begin(j, "concerns");
	for (i = 0; i < ck->nconcerns; i++) {
		const struct checkin_concern *cc = &ck->concerns[i];
		json_obj_begin(j, NULL);
		json_strn(j, "text", r->text + cc->span.start, cc->span.end - cc->span.start);
		json_str(j, "term", cc->term);
		json_int(j, "start", (int64_t)cc->span.start);
		json_int(j, "end", (int64_t)cc->span.end);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_str(j, "notes", ck->notes.text);
	json_obj_end(j);
}

static void
emit_survey(struct json *j, const struct feedback_survey *fs)
{
	int	k, any = 0;

	for (k = 0; k < FEEDBACK_NRATINGS; k++)
		any |= fs->ratings[k].value > 0;
	if (!any) {	/* no rating: not a survey answer (a check-in's "4." is not question 4) */
		json_null(j, "survey");
		return;
	}
	json_obj_begin(j, "survey");
	for (k = 0; k < FEEDBACK_NRATINGS; k++) {
		if (fs->ratings[k].value > 0)
			json_int(j, feedback_key_name((enum feedback_key)k), fs->ratings[k].value);
		else
			json_null(j, feedback_key_name((enum feedback_key)k));
	}
	json_str(j, "comment", fs->better.text);
	json_obj_end(j);
}

static void
emit_feedback(struct json *j, const struct feedback_reply *fr)
{
	size_t i;

	json_obj_begin(j, "feedback");
	json_str(j, "signal", feedback_signal_name(fr->signal));
	json_arr_begin(j, "cues");
	for (i = 0; i < fr->ncues; i++)
		json_str(j, NULL, fr->cues[i].term);
	json_arr_end(j);
	json_obj_end(j);
}

static void
emit_commands(struct json *j, const struct reply *r, const struct command_list *cl)
{
	size_t	i;
	char	day[16];

	json_arr_begin(j, "commands");
	for (i = 0; cl != NULL && i < cl->ncmds; i++) {
		const struct command *cm = &cl->cmds[i];
		json_obj_begin(j, NULL);
		json_str(j, "verb", commands_verb_name(cm->verb));
		json_str(j, "person", cm->person);
		if (cm->task_id >= 0)
			json_int(j, "task_id", cm->task_id);
		else
			json_null(j, "task_id");
		json_str(j, "text", cm->text);
		dates_format_day(&cm->date, day, sizeof(day));
		json_str(j, "date", cm->has_date && *day != '\0' ? day : NULL);
		if (cm->has_date && cm->date.has_time) {
			char hm[8];
			snprintf(hm, sizeof(hm), "%02d:%02d", cm->date.hour, cm->date.minute);
			json_str(j, "time", hm);
		}
		if (cm->has_date && cm->date.status != DATES_OK)
			json_str(j, "date_status", cm->date.status == DATES_PAST ? "past" : "ambiguous");
		if (cm->verb == COMMAND_HOURS && cm->hours.present) {
			if (cm->hours.range) {
				json_num(j, "hours_min", cm->hours.min);
				json_num(j, "hours_max", cm->hours.max);
			} else
				json_num(j, "hours", cm->hours.value);
		}
		if (cm->verb == COMMAND_MOOD)
			json_int(j, "mood", cm->mood);
		if (cm->verb == COMMAND_ANSWER)
			json_str(j, "key", checkin_key_name(cm->key));
		if (cm->verb == COMMAND_TASK_UPDATE)
			json_str(j, "status", checkin_task_status_name(cm->update.status));
		json_strn(j, "line", r->text + cm->line_start, cm->line_end - cm->line_start);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_arr_begin(j, "command_errors");
	for (i = 0; cl != NULL && i < cl->nerrs; i++) {
		const struct command_error *ce = &cl->errs[i];
		json_obj_begin(j, NULL);
		json_strn(j, "line", r->text + ce->line_start, ce->line_end - ce->line_start);
		json_str(j, "error", ce->message);
		json_str(j, "suggestion", ce->suggestion);
		json_obj_end(j);
	}
	json_arr_end(j);
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
	for (i = 0; i < m->nreferences; i++)
		json_msgid(j, NULL, m->references[i]);
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

/* --- iTIP (issue 6): what parsers/itip.c reads in each calendar part */

static void
json_itip_time(struct json *j, const char *key, const struct itip_time *t)
{
	char	buf[32];

	if (!t->set) {
		json_null(j, key);
		return;
	}
	fmt_iso_utc(t->t, buf, sizeof(buf));
	if (t->is_date)
		buf[10] = '\0';	/* a DATE: "2026-12-03" */
	json_str(j, key, buf);
}

/* The "itip" object of DESIGN.md (method, uid, sequence, recurrence_id,
 * attendee as "mailto:addr", partstat, comment, proposed_start), plus what
 * else the parser found. */
static void
emit_itip_obj(struct json *j, const char *key, const struct itip *it)
{
	char	*s;
	size_t	 i;

	json_obj_begin(j, key);
	json_str(j, "method", it->method != ITIP_NONE ? itip_method_name(it->method) : NULL);
	json_bool(j, "content_type_mismatch", it->ct_mismatch);
	json_str(j, "uid", it->uid);
	json_int(j, "sequence", it->sequence);
	json_itip_time(j, "recurrence_id", &it->recurrence_id);
	if (it->attendee != NULL) {
		s = xasprintf("mailto:%s", it->attendee);
		json_str(j, "attendee", s);
		free(s);
	} else
		json_null(j, "attendee");
	json_str(j, "attendee_name", it->attendee_cn);
	json_str(j, "partstat", it->partstat != ITIP_PS_NONE ? itip_partstat_name(it->partstat) : NULL);
	json_str(j, "delegated_to", it->delegated_to);
	json_str(j, "comment", it->comment);
	json_itip_time(j, "proposed_start", &it->proposed_start);
	json_itip_time(j, "proposed_end", &it->proposed_end);
	json_itip_time(j, "start", &it->start);
	json_itip_time(j, "end", &it->end);
	json_str(j, "organizer", it->organizer);
	json_str(j, "summary", it->summary);
	json_str(j, "status", it->status);
	json_int(j, "events", (int64_t)it->nevents);
	json_int(j, "attendees", (int64_t)it->nattendees);
	json_arr_begin(j, "defects");
	for (i = 0; i < it->ndefects; i++)
		json_str(j, NULL, it->defects[i]);
	json_arr_end(j);
	json_obj_end(j);
}

/*
 * Each calendar part gets its own "itip" (or "itip_error"); the top-level
 * "itip" is the first part that parsed, preferring a text/calendar part
 * with a method= parameter (the invitation itself) over a bare .ics
 * attachment. ncal is 1 for a bare .ics file.
 */
static void
emit_calendars(struct json *j, const struct mail_calendar *cal, size_t ncal, const char *from)
{
	struct itip	*its;
	char		 err[256];
	size_t		 i, best = ncal;
	int		*ok;

	if (ncal == 0) {	/* most messages */
		json_arr_begin(j, "calendars");
		json_arr_end(j);
		json_null(j, "itip");
		return;
	}
	its = xcalloc(ncal + 1, sizeof(*its));
	ok = xcalloc(ncal + 1, sizeof(*ok));
	json_arr_begin(j, "calendars");
	for (i = 0; i < ncal; i++) {
		json_obj_begin(j, NULL);
		json_str(j, "content_type_method", cal[i].method);
		json_strn(j, "data", cal[i].data, cal[i].len);
		ok[i] = itip_parse(cal[i].data, cal[i].len, cal[i].method, from, &its[i], err,
		    sizeof(err)) == 0;
		if (ok[i]) {
			emit_itip_obj(j, "itip", &its[i]);
			if (best == ncal || (cal[best].method == NULL && cal[i].method != NULL))
				best = i;
		} else
			json_str(j, "itip_error", err);
		json_obj_end(j);
	}
	json_arr_end(j);
	if (best < ncal)
		emit_itip_obj(j, "itip", &its[best]);
	else
		json_null(j, "itip");
	for (i = 0; i < ncal; i++)
		if (ok[i])
			itip_free(&its[i]);
	free(its);
	free(ok);
}

/* A bare .ics file (`rapport parse invite.ics`): starts with BEGIN:VCALENDAR,
 * after an optional UTF-8 BOM and blank lines. */
static int
is_bare_calendar(const char *raw, size_t len)
{
	static const char	 tag[] = "BEGIN:VCALENDAR";
	size_t			 i = 0;

	if (len >= 3 && memcmp(raw, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (raw[i] == '\r' || raw[i] == '\n' || raw[i] == ' ' || raw[i] == '\t'))
		i++;
	return len - i >= sizeof(tag) - 1 && strncasecmp(raw + i, tag, sizeof(tag) - 1) == 0;
}

static int
parse_bare_calendar(const char *raw, size_t len, const struct parse_ctx *c, struct strbuf *out,
    int pretty)
{
	struct mail_calendar	 cal;
	struct json		 j;

	json_init(&j, out, pretty);
	json_obj_begin(&j, NULL);
	if (len > c->limits.message_size || len > LIMIT_ICAL_SIZE) {
		json_null(&j, "message_id");
		json_str(&j, "class", "unknown");
		json_str(&j, "error", "calendar file too large");
		json_obj_end(&j);
		return 1;
	}
	json_null(&j, "message_id");
	json_null(&j, "in_reply_to");
	json_null(&j, "from");
	json_null(&j, "date");
	json_str(&j, "class", "itip");
	json_null(&j, "reply_text");
	json_null(&j, "checkin");
	json_null(&j, "auto_reply");
	json_null(&j, "bounce");
	cal.data = (char *)raw;
	cal.len = len;
	cal.method = NULL;
	emit_calendars(&j, &cal, 1, NULL);
	json_arr_begin(&j, "commands");
	json_arr_end(&j);
	json_arr_begin(&j, "defects");
	json_str(&j, NULL, "a bare calendar file, not a message");
	json_arr_end(&j);
	json_obj_end(&j);
	return sb_error(out) ? -1 : 0;
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

/* What the person (or the manager) said: reply text, class, answers, commands. */
static int
semantic(const struct mail_msg *m, const struct parse_ctx *c, struct json *j)
{
	struct reply		 r;
	struct autoreply	 ar;
	struct autoreply_header	 hv[4];
	struct checkin		 ck;
	struct checkin_ctx	 cc;
	struct feedback_survey	 fs;
	struct feedback_reply	 fr;
	struct command_list	 cl;
	struct commands_ctx	 mc;
	const char		*cls, *e = NULL;
	long			 open[LIMIT_ANSWERS * 4];
	size_t			 nh = 0, i;
	int			 have_ck = 0, have_fs = 0, have_cl = 0;

	memset(&ck, 0, sizeof(ck));
	memset(&fs, 0, sizeof(fs));
	memset(&cl, 0, sizeof(cl));
	if (reply_extract(m->body, m->body_len, &r) == -1)
		return -1;
	if (m->auto_submitted != NULL)
		hv[nh].name = "Auto-Submitted", hv[nh++].value = m->auto_submitted;
	if (m->x_autoreply != NULL)
		hv[nh].name = "X-Autoreply", hv[nh++].value = m->x_autoreply;
	if (m->x_autorespond != NULL)
		hv[nh].name = "X-Autorespond", hv[nh++].value = m->x_autorespond;
	if (m->precedence != NULL)
		hv[nh].name = "Precedence", hv[nh++].value = m->precedence;
	if (autoreply_classify(hv, nh, m->subject, m->body, m->body_len, msg_date(m, c), c->tz, &ar, &e) == -1)
		memset(&ar, 0, sizeof(ar));
	cls = classify(m, c, &ar, &r);
	json_str(j, "class", cls);
	json_bool(j, "body_from_html", m->body_from_html);
	json_strn(j, "reply_text", r.text, r.len);
	emit_auto_reply(j, &ar);
	if (strcmp(cls, "answer") == 0) {
		memset(&cc, 0, sizeof(cc));
		cc.date = msg_date(m, c);
		cc.tzid = c->tz;
		for (i = 0; i < c->ntasks && i < sizeof(open) / sizeof(open[0]); i++)
			open[i] = (long)c->task_ids[i];
		cc.open_ids = c->ntasks > 0 ? open : NULL;
		cc.nopen_ids = i;
		have_ck = checkin_parse(r.text, r.len, m->body, m->body_len, r.segs, r.nsegs, &cc, &ck, &e) == 0;
		have_fs = feedback_survey_parse(r.text, r.len, m->body, m->body_len, r.segs, r.nsegs,
		    have_ck ? &ck : NULL, &fs, &e) == 0;
		feedback_reply_parse(r.text, r.len, &fr);
	}
	if (have_ck)
		emit_checkin(j, &r, &ck);
	else
		json_null(j, "checkin");
	if (have_fs)
		emit_survey(j, &fs);
	else
		json_null(j, "survey");
	if (strcmp(cls, "answer") == 0)
		emit_feedback(j, &fr);
	else
		json_null(j, "feedback");
	if (strcmp(cls, "command") == 0) {
		memset(&mc, 0, sizeof(mc));
		mc.date = msg_date(m, c);
		mc.tzid = c->tz;
		mc.names = c->people;
		mc.nnames = c->npeople;
		mc.allow = COMMANDS_MANAGER;
		have_cl = commands_parse(r.text, r.len, &mc, &cl, &e) == 0;
	}
	emit_commands(j, &r, have_cl ? &cl : NULL);
	if (have_cl)
		commands_free(&cl);
	if (have_ck)
		checkin_free(&ck);
	if (have_fs)
		feedback_survey_free(&fs);
	reply_free(&r);
	return 0;
}

int
parse_message(const char *raw, size_t len, const struct parse_ctx *c, struct strbuf *out, int pretty)
{
	struct mail_msg		 m;
	struct json		 j;
	enum mime_status	 st;
	char			 err[256];
	int			 rc;

	if (is_bare_calendar(raw, len))
		return parse_bare_calendar(raw, len, c, out, pretty);
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
	emit_header(&j, &m);
	rc = semantic(&m, c, &j);
	emit_bounce(&j, &m);
	emit_calendars(&j, m.calendars, m.ncalendars, m.from.addr);	/* "calendars" and "itip" */
	emit_auto_headers(&j, &m);
	emit_prescan(&j, &m.prescan);
	emit_defects(&j, &m, NULL);
	json_obj_end(&j);
	mail_msg_free(&m);
	return rc == -1 || sb_error(out) ? -1 : 0;
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
