/*
 * cmd_doctor.c: `rapport doctor`: check a new installation end to end and
 * say in plain words what is wrong and how to fix it: the config and file
 * modes, the database, time zones, templates, IMAP (TLS, login, mailbox,
 * folder), SMTP, then a round trip (a test email to the agent's own address,
 * read back over IMAP), and the next scheduled sends.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"
#include "config.h"
#include "db.h"
#include "imap.h"
#include "localmail.h"
#include "log.h"
#include "mail.h"
#include "mustache.h"
#include "outbox.h"
#include "people.h"
#include "schedule.h"
#include "sender.h"
#include "util.h"
#include "validate.h"
#include "worktime.h"

struct doc {
	int	fails;
	int	warns;
};

static void
okline(const char *what, const char *detail)
{
	printf("ok    %-10s %s\n", what, detail);
}

static void
fail(struct doc *d, const char *what, const char *problem, const char *fix)
{
	d->fails++;
	printf("FAIL  %-10s %s\n", what, problem);
	if (fix != NULL)
		printf("      %-10s fix: %s\n", "", fix);
}

static void
warn(struct doc *d, const char *what, const char *problem, const char *fix)
{
	d->warns++;
	printf("warn  %-10s %s\n", what, problem);
	if (fix != NULL)
		printf("      %-10s fix: %s\n", "", fix);
}

static void
check_mode(struct doc *d, const char *what, const char *path)
{
	struct stat	st;
	char		buf[600], fix[600];

	if (stat(path, &st) == -1) {
		snprintf(buf, sizeof(buf), "%s: cannot stat", path);
		fail(d, what, buf, NULL);
		return;
	}
	if (st.st_mode & 077) {
		snprintf(buf, sizeof(buf), "%s is readable by others (mode %03o)", path,
		    (unsigned)(st.st_mode & 0777));
		snprintf(fix, sizeof(fix), "chmod 600 %s", path);
		warn(d, what, buf, fix);
	} else {
		snprintf(buf, sizeof(buf), "%s (mode %03o)", path, (unsigned)(st.st_mode & 0777));
		okline(what, buf);
	}
}

/* A hint for the usual login problems of the big providers. */
static const char *
login_fix(const char *url)
{
	if (url != NULL && (strstr(url, "gmail") != NULL || strstr(url, "google") != NULL))
		return "Gmail no longer takes account passwords over IMAP/SMTP: use an app password, "
		    "or auth = xoauth2 with oauth2_token_cmd";
	if (url != NULL && (strstr(url, "office365") != NULL || strstr(url, "outlook") != NULL))
		return "Microsoft 365 needs auth = xoauth2 with oauth2_token_cmd (basic auth is off)";
	return "check [imap]/[smtp] user and the password source (password_cmd, password_env or password_file)";
}

static void
check_people(struct doc *d, struct db *db, const struct config *c)
{
	struct person	*v;
	size_t		 n, i;
	char		 why[256], buf[300];
	unsigned	 bad = 0;

	if (person_list(db, 0, &v, &n) == -1) {
		fail(d, "people", db_errmsg(db), NULL);
		return;
	}
	for (i = 0; i < n; i++) {
		if (valid_zone(v[i].tz, why, sizeof(why)) == -1) {
			snprintf(buf, sizeof(buf), "%s: %s", v[i].name, why);
			fail(d, "zones", buf, "rapport person edit NAME --tz ZONE");
			bad++;
		}
		if (v[i].checkin_rrule != NULL && valid_rrule(v[i].checkin_rrule, why, sizeof(why)) == -1) {
			snprintf(buf, sizeof(buf), "%s: %s", v[i].name, why);
			fail(d, "schedule", buf, "rapport person edit NAME --checkin RRULE|default");
			bad++;
		}
	}
	if (n == 0)
		warn(d, "people", "nobody is registered yet",
		    "rapport person add NAME --email ADDR --tz ZONE");
	else if (bad == 0) {
		snprintf(buf, sizeof(buf), "%zu people; the manager's zone %s and every person's zone are known",
		    n, c->manager_tz);
		okline("zones", buf);
	}
	person_list_free(v, n);
}

static struct imap *
check_imap(struct doc *d, const struct config *c)
{
	struct imap	*im;
	uint32_t	 uv, next, exists;
	char		 why[1024], buf[1200];

	const char	*path;
	struct stat	 st;

	if (c->imap.url == NULL) {
		fail(d, "imap", "[imap] url is not set: rapport cannot read replies",
		    "set [imap] url = imaps://your.server (and user, password source)");
		return NULL;
	}
	if (localmail_url(c->imap.url, &path)) {
		snprintf(buf, sizeof(buf), "%s/cur", path);
		if (stat(buf, &st) == -1 || !S_ISDIR(st.st_mode))
			fail(d, "maildir", path, "point [imap] url = maildir:///path at a Maildir (new/, cur/, tmp/)");
		else
			okline("maildir", path);
		return NULL;
	}
	if ((im = imap_open(c, why, sizeof(why))) == NULL) {
		fail(d, "imap", why, strstr(why, "not trusted") != NULL ?
		    "set [imap] ca_file to the CA that signed the server's certificate "
		    "(tls_verify = no only for a test server)" :
		    strstr(why, "login") != NULL ? login_fix(c->imap.url) :
		    strstr(why, "STARTTLS") != NULL ? "use imaps://, or starttls = no for a trusted local server" :
		    "check [imap] url: host, port, and that the server is up");
		return NULL;
	}
	snprintf(buf, sizeof(buf), "%s: TLS verified, logged in as %s", c->imap.url, c->imap.user);
	okline("imap", c->imap.tls_verify ? buf : "logged in (certificate NOT verified: tls_verify = no)");
	if (imap_select(im, c->mailbox, &uv, &next, &exists) == -1) {
		snprintf(buf, sizeof(buf), "cannot open mailbox %s: %s", c->mailbox, imap_error(im));
		fail(d, "mailbox", buf, "set [imap] mailbox to an existing folder (INBOX)");
		imap_close(im);
		return NULL;
	}
	snprintf(buf, sizeof(buf), "%s: %u messages", c->mailbox, exists);
	okline("mailbox", buf);
	if (c->after == AFTER_MOVE) {
		if (imap_ensure_folder(im, c->processed_folder) == -1) {
			snprintf(buf, sizeof(buf), "cannot create folder %s: %s", c->processed_folder,
			    imap_error(im));
			fail(d, "folder", buf, "create it, or set [imap] after = flag");
		} else {
			snprintf(buf, sizeof(buf), "processed mail goes to %s", c->processed_folder);
			okline("folder", buf);
		}
	}
	if (!imap_has(im, "IDLE"))
		warn(d, "imap", "the server has no IDLE: replies are picked up every poll_interval", NULL);
	return im;
}

/* Queue a test email to the agent's own address, send it, and wait to read it back. */
static void
round_trip(struct doc *d, struct db *db, const struct config *c, struct imap *im)
{
	struct mvalue		*data;
	struct mail_out		 o;
	struct sender		 s;
	struct outbox_transport	 tr;
	struct outbox_stats	 os;
	struct person		 self;
	uint32_t		 uv, next, exists, uid = 0;
	char			 buf[700], host[256], *err = NULL;
	int			 i;

	memset(&self, 0, sizeof(self));
	self.id = -1;
	self.name = (char *)"rapport";
	self.email = (char *)(c->address != NULL ? c->address : c->from);
	self.tz = (char *)c->manager_tz;
	if (self.email == NULL) {
		fail(d, "roundtrip", "no agent address: set [agent] address or [smtp] from", NULL);
		return;
	}
	data = mail_base_data(c, &self);
	mv_set_str(data, "version", PACKAGE_VERSION);
	if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "?");
	mv_set_str(data, "host", host);
	fmt_iso_utc(now_utc(), buf, sizeof(buf));
	mv_set_str(data, "sent_at", buf);
	memset(&o, 0, sizeof(o));
	o.kind = "test";
	o.ref = -1;
	o.person = &self;
	o.tmpl = "doctor_test";
	o.now = now_utc();
	if (db_begin(db) == -1 || mail_queue(db, c, &o, data) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		mv_free(data);
		fail(d, "roundtrip", "could not build the test email (see the log)", NULL);
		return;
	}
	mv_free(data);
	/* this test email is the agent's own: ingestion will recognise it */
	(void)db_run(db, "UPDATE outbox SET person_id = NULL WHERE id = ?", "i", o.outbox_id);
	sender_init(&s, c, &tr);
	if (outbox_flush(db, c, now_utc(), 1, &tr, &os) == -1 || os.sent != 1) {
		(void)db_text(db, &err, "SELECT last_error FROM outbox WHERE id = ?", "i", o.outbox_id);
		snprintf(buf, sizeof(buf), "sending to %s failed: %s", self.email, err != NULL ? err : "?");
		fail(d, "smtp", buf, err != NULL && (strstr(err, "auth") || strstr(err, "535") ||
		    strstr(err, "login")) ? login_fix(c->smtp.url) :
		    "check [smtp] url, user, password source and ca_file");
		free(err);
		return;
	}
	snprintf(buf, sizeof(buf), "%s accepted the test email to %s", c->smtp.url, self.email);
	okline("smtp", buf);
	if (im == NULL)
		return;
	o.message_id[strlen(o.message_id) - 1] = '\0';
	for (i = 0; i < 60 && uid == 0; i++) {
		if (imap_select(im, c->mailbox, &uv, &next, &exists) == -1 ||
		    imap_find_message_id(im, o.message_id + 1, &uid) == -1)
			break;
		if (uid == 0)
			usleep(500000);
	}
	if (uid == 0) {
		snprintf(buf, sizeof(buf), "the test email did not arrive in %s within 30 s", c->mailbox);
		fail(d, "roundtrip", buf, "make sure [agent] address (or [smtp] from) delivers into the "
		    "[imap] mailbox rapport reads");
		return;
	}
	snprintf(buf, sizeof(buf), "the test email came back over IMAP in %.1f s", i * 0.5);
	okline("roundtrip", buf);
}

static void
next_sends(struct db *db, const struct config *c)
{
	struct sched_item	*v;
	size_t			 n, i;
	char			 when[96], *name;

	if (schedule_plan(db, c, now_utc(), &v, &n) == -1)
		return;
	for (i = 0; i < n && i < 12; i++) {
		name = NULL;
		if (v[i].person_id >= 0)
			(void)db_text(db, &name, "SELECT name FROM people WHERE id = ?", "i", v[i].person_id);
		worktime_format_both(v[i].send_at, c->manager_tz, c->manager_tz, when, sizeof(when));
		printf("next  %-10s %s for %s, %s\n", "", v[i].what, name != NULL ? name : "you", when);
		free(name);
	}
	free(v);
}

int
cmd_doctor(struct rapport *r, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "no-send", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct doc	 d;
	struct config	*c;
	struct db	*db;
	struct imap	*im;
	char		 buf[600];
	int		 ch, send = 1;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'n': send = 0; break;
		case 'h':
			printf("usage: rapport doctor [--no-send]\n\n"
			    "Check the installation end to end and say what to fix: config and file\n"
			    "modes, database, zones, templates, IMAP (TLS, login, mailbox, folder), SMTP,\n"
			    "a round trip (a test email to the agent's own address, read back over IMAP;\n"
			    "--no-send skips it), and the next scheduled sends.\n");
			return EX_OK;
		default: return cli_usage("doctor", "[--no-send]", NULL);
		}
	}
	memset(&d, 0, sizeof(d));
	if ((c = cli_config(r)) == NULL) {
		printf("FAIL  %-10s the configuration has errors (above)\n", "config");
		return cli_fail_code(r);
	}
	check_mode(&d, "config", c->path);
	if ((db = cli_db(r)) == NULL) {
		fail(&d, "database", "cannot open it (above)", "rapport init");
		return cli_fail_code(r);
	}
	check_mode(&d, "database", c->database);
	{
		char *qc = NULL;
		if (db_text(db, &qc, "PRAGMA quick_check", "") == 0 && qc != NULL && strcmp(qc, "ok") == 0) {
			snprintf(buf, sizeof(buf), "schema version %d, integrity ok", db_version(db));
			okline("database", buf);
		} else
			fail(&d, "database", qc != NULL ? qc : "integrity check failed",
			    "restore from a backup, or `rapport export` what is readable");
		free(qc);
	}
	if (cli_templates(c) == -1)
		fail(&d, "templates", "a template override is broken (above)", "fix or remove the file");
	else
		okline("templates", c->templates_dir != NULL ? c->templates_dir : "built in");
	check_people(&d, db, c);
	im = check_imap(&d, c);
	if (c->smtp.url == NULL)
		fail(&d, "smtp", "[smtp] url is not set: rapport cannot send", "set [smtp] url, user, password source, from");
	else if (send)
		round_trip(&d, db, c, im);
	else
		okline("smtp", "not tried (--no-send)");
	imap_close(im);
	next_sends(db, c);
	printf("\n%s: %d problem%s, %d warning%s\n", d.fails == 0 ? "all good" : "needs fixing", d.fails,
	    d.fails == 1 ? "" : "s", d.warns, d.warns == 1 ? "" : "s");
	return d.fails == 0 ? EX_OK : EX_UNAVAILABLE;
}
