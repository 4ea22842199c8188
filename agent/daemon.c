/*
 * daemon.c: `rapport run`, the always-on agent, and `rapport status`.
 *
 * One process per database (a lock file in state_dir). The loop: queue and
 * send what is due (tick_once), fetch and record new mail (ingest_poll),
 * then wait — in IMAP IDLE when the server has it, else for the poll
 * interval — until the next due moment, new mail, or a signal. No busy
 * loop: waiting is one poll(2). SIGTERM/SIGINT finish the current step and
 * exit; SIGHUP reloads the config and templates. Network errors reconnect
 * with exponential backoff; nothing is lost (see ingest.h and outbox.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"
#include "config.h"
#include "db.h"
#include "imap.h"
#include "ingest.h"
#include "localmail.h"
#include "log.h"
#include "outbox.h"
#include "schedule.h"
#include "templates.h"
#include "util.h"

#define MAX_SLEEP	300	/* wake at least every 5 minutes: the schedule is minute-grained */
#define IDLE_MAX	(25 * 60)	/* re-IDLE well inside the server's 30-minute limit */
#define BACKOFF_MAX	300

static volatile sig_atomic_t	got_stop, got_hup;
static int			wake_pipe[2] = { -1, -1 };

static void
on_signal(int sig)
{
	int e = errno;

	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_stop = 1;
	if (wake_pipe[1] != -1)
		(void)write(wake_pipe[1], "x", 1);
	errno = e;
}

static void
drain_wake(void)
{
	char buf[64];

	while (read(wake_pipe[0], buf, sizeof(buf)) > 0)
		;
}

/* Hold the lock for the database's lifetime; -1 with the holder's pid in *pid. */
static int
take_lock(const struct config *c, int *fdp, long *pid)
{
	char	*path, buf[32];
	int	 fd;
	ssize_t	 n;

	if (mkdir_p(c->state_dir, 0700) == -1)
		return -2;
	path = xasprintf("%s/rapport.lock", c->state_dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(path);
	if (fd == -1)
		return -2;
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		n = read(fd, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = '\0';
		*pid = strtol(buf, NULL, 10);
		close(fd);
		return -1;
	}
	if (ftruncate(fd, 0) == 0) {
		n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
		(void)pwrite(fd, buf, (size_t)n, 0);
	}
	*fdp = fd;
	return 0;
}

/* 1 if another process holds the lock (rapport run is up). */
static int
lock_held(const struct config *c, long *pid)
{
	char	*path, buf[32];
	int	 fd, held;
	ssize_t	 n;

	path = xasprintf("%s/rapport.lock", c->state_dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd == -1)
		return 0;
	held = flock(fd, LOCK_SH | LOCK_NB) == -1 && errno == EWOULDBLOCK;
	n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	*pid = strtol(buf, NULL, 10);
	close(fd);
	return held;
}

/* Seconds until the next thing is due (outbox retry or a scheduled email). */
static long
next_wake(struct db *db, const struct config *c, time_t now)
{
	struct sched_item	*v;
	size_t			 n, i;
	time_t			 t = 0;
	long			 w = MAX_SLEEP;

	if (outbox_next_due(db, &t) == 0 && t > 0 && t - now < w)
		w = (long)(t - now);
	if (schedule_plan(db, c, now, &v, &n) == 0) {
		for (i = 0; i < n; i++)
			if (v[i].send_at > now && v[i].send_at - now < w)
				w = (long)(v[i].send_at - now);
		free(v);
	}
	return w < 1 ? 1 : w;
}

static void
status_kv(struct db *db, const char *key, time_t t)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lld", (long long)t);
	(void)db_kv_set(db, key, buf);
}

static struct config *
reload(struct rapport *r, struct config *old)
{
	struct strbuf	 errs = STRBUF_INIT;
	struct config	*c;
	char		 err[512];

	c = config_load(old->path, &errs, NULL);
	if (c == NULL) {
		log_error("reload: keeping the old configuration: %s", sb_str(&errs));
		sb_free(&errs);
		return old;
	}
	sb_free(&errs);
	if (templates_load(c->templates_dir, err, sizeof(err)) == -1) {
		log_error("reload: keeping the old configuration: templates: %s", err);
		config_free(c);
		return old;
	}
	log_open(c->log, r->verbose > 1 ? "debug" : c->log_level);
	log_info("run: configuration and templates reloaded");
	config_free(old);
	r->cfg = c;
	return c;
}

/* Wait for new mail, the next due moment, or a signal. 1 new mail, 0 otherwise, -1 IMAP error. */
static int
wait_for(struct imap *im, int use_idle, long secs)
{
	struct pollfd	pfd;
	int		r;

	if (im != NULL && use_idle && imap_has(im, "IDLE"))
		return imap_idle(im, (int)(secs > IDLE_MAX ? IDLE_MAX : secs), wake_pipe[0]);
	pfd.fd = wake_pipe[0];
	pfd.events = POLLIN;
	do
		r = poll(&pfd, 1, (int)(secs * 1000));
	while (r == -1 && errno == EINTR && !got_stop && !got_hup);
	return 0;
}

int
cmd_run(struct rapport *r, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "once", no_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct config		*cfg;
	struct db		*db;
	struct imap		*im = NULL;
	struct ingest		 in;
	struct tick_stats	 ts;
	struct outbox_stats	 os;
	struct sigaction	 sa;
	char			 why[1024];
	const char		*lpath;
	long			 holder = 0, backoff = 1, secs;
	time_t			 retry_at = 0, now, plan_at = 0, planned = 0;
	int64_t			 dv = -1, v;
	unsigned		 stored = 0;
	int			 ch, lockfd = -1, once = 0, got, full;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'o': once = 1; break;
		case 'h':
			printf("usage: rapport run [--once]\n\n"
			    "The always-on agent: sends what is due, reads replies as they arrive (IMAP\n"
			    "IDLE, or a poll every [agent] poll_interval), and sleeps in between.\n"
			    "SIGTERM/SIGINT stop it cleanly, SIGHUP reloads the config and templates.\n"
			    "One per database. --once does a single round and exits.\n");
			return EX_OK;
		default: return cli_usage("run", "[--once]", NULL);
		}
	}
	if (optind != argc)
		return cli_usage("run", "[--once]", "unexpected argument: %s", argv[optind]);
	if ((cfg = cli_config(r)) == NULL || (db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	switch (take_lock(cfg, &lockfd, &holder)) {
	case -1:
		cli_err("another rapport run (pid %ld) is already serving %s", holder, cfg->database);
		return EX_TEMPFAIL;
	case -2:
		cli_err("%s: cannot create the lock file: %s", cfg->state_dir, strerror(errno));
		return EX_CANTCREAT;
	}
	log_open(cfg->log, r->verbose > 1 ? "debug" : cfg->log_level);
	if (cli_templates(cfg) == -1)
		return EX_CONFIG;
	if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) == -1) {
		cli_err("pipe: %s", strerror(errno));
		return EX_OSERR;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (ingest_init(&in, db, cfg, why, sizeof(why)) == -1) {
		cli_err("%s", why);
		return EX_OSERR;
	}
	status_kv(db, "run_started", now_utc());
	log_info("run: started (pid %ld) for %s", (long)getpid(), cfg->database);
	while (!got_stop) {
		if (got_hup) {
			got_hup = 0;
			cfg = reload(r, cfg);
			in.cfg = cfg;
			imap_close(im);
			im = NULL;
		}
		now = now_utc();
		/*
		 * The schedule is worked out again only when something may be due:
		 * its next planned time came, another process (the CLI) changed the
		 * database, or ten minutes passed (mail stored here forces a round
		 * below). The outbox is looked at on every wake.
		 */
		if (db_int(db, &v, "PRAGMA data_version", "") != 0)
			v = -2;
		full = now >= plan_at || now - planned >= 600 || v != dv;
		if (tick_once(db, cfg, now, full, 1, &ts, &os) == -1)
			log_error("run: tick: %s", db_errmsg(db));
		else if (full) {
			dv = v;
			planned = now;
		}
		if (os.sent > 0)
			status_kv(db, "last_send", now);
		if (localmail_url(cfg->imap.url, &lpath)) {
			if (localmail_poll(&in, lpath, why, sizeof(why)) == -1)
				log_warn("run: %s", why);
			else
				status_kv(db, "last_poll", now_utc());
		} else if (cfg->imap.url != NULL && im == NULL && now >= retry_at) {
			if ((im = imap_open(cfg, why, sizeof(why))) == NULL) {
				log_warn("run: imap: %s (retrying in %lds)", why, backoff);
				retry_at = now + backoff;
				backoff = backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX : backoff * 2;
			} else
				backoff = 1;
		}
		if (im != NULL) {
			if (ingest_poll(&in, im, why, sizeof(why)) == -1) {
				log_warn("run: poll: %s", why);
				if (!imap_ok(im)) {
					imap_close(im);
					im = NULL;
					retry_at = now_utc() + backoff;
				}
			} else
				status_kv(db, "last_poll", now_utc());
		}
		if (once || got_stop)
			break;
		if (in.st.stored != stored) {
			/* what new mail makes due (a receipt, the 1:1 invite once a
			 * check-in is answered) is worked out at once */
			stored = in.st.stored;
			plan_at = 0;
			continue;
		}
		if (full) {
			secs = next_wake(db, cfg, now_utc());
			plan_at = planned == now ? now_utc() + secs : 0;
		} else
			secs = plan_at > now_utc() ? (long)(plan_at - now_utc()) : 1;
		if (im == NULL && cfg->imap.url != NULL && retry_at > now_utc() && retry_at - now_utc() < secs)
			secs = (long)(retry_at - now_utc());
		if (localmail_url(cfg->imap.url, &lpath) && secs > cfg->poll_interval)
			secs = cfg->poll_interval;
		if (im != NULL && !cfg->idle && secs > cfg->poll_interval)
			secs = cfg->poll_interval;
		if (im != NULL && cfg->idle && !imap_has(im, "IDLE") && secs > cfg->poll_interval)
			secs = cfg->poll_interval;
		got = wait_for(im, cfg->idle, secs);
		drain_wake();
		if (got == -1 && im != NULL) {
			log_warn("run: imap: %s", imap_error(im));
			imap_close(im);
			im = NULL;
		}
	}
	log_info("run: stopping");
	ingest_free(&in);
	imap_close(im);
	(void)db_kv_set(db, "run_started", NULL);
	close(lockfd);
	return EX_OK;
}

static void
show_time(struct db *db, const char *label, const char *key)
{
	char	*v = db_kv_get(db, key), buf[32];
	long	 t;

	if (v != NULL && parse_long(v, 1, 1L << 40, &t) == 0) {
		fmt_iso_utc((time_t)t, buf, sizeof(buf));
		printf("%-16s %s\n", label, buf);
	} else
		printf("%-16s never\n", label);
	free(v);
}

int
cmd_status(struct rapport *r, int argc, char **argv)
{
	struct config		*cfg;
	struct db		*db;
	struct sched_item	*v;
	size_t			 n, i;
	int64_t			 q[6];
	long			 pid = 0;
	char			 when[64];

	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
			printf("usage: rapport status\n\nIs `rapport run` running; when it last polled and "
			    "sent; what is queued, failed or quarantined; what is next for each person.\n");
			return EX_OK;
		}
		return cli_usage("status", "", "unexpected argument: %s", argv[1]);
	}
	if ((cfg = cli_config(r)) == NULL || (db = cli_db(r)) == NULL)
		return cli_fail_code(r);
	if (lock_held(cfg, &pid))
		printf("%-16s running (pid %ld)\n", "agent:", pid);
	else
		printf("%-16s not running\n", "agent:");
	show_time(db, "last poll:", "last_poll");
	show_time(db, "last send:", "last_send");
	memset(q, 0, sizeof(q));
	(void)db_int(db, &q[0], "SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending')", "");
	(void)db_int(db, &q[1], "SELECT count(*) FROM outbox WHERE state = 'failed'", "");
	(void)db_int(db, &q[2], "SELECT count(*) FROM messages WHERE state = 'new'", "");
	(void)db_int(db, &q[3], "SELECT count(*) FROM messages WHERE state = 'failed'", "");
	(void)db_int(db, &q[4], "SELECT count(*) FROM messages WHERE state = 'quarantined'", "");
	(void)db_int(db, &q[5], "SELECT count(*) FROM people WHERE active = 1", "");
	printf("%-16s %lld queued, %lld failed\n", "outbox:", (long long)q[0], (long long)q[1]);
	printf("%-16s %lld waiting, %lld failed, %lld quarantined\n", "inbox:", (long long)q[2],
	    (long long)q[3], (long long)q[4]);
	printf("%-16s %lld\n", "people:", (long long)q[5]);
	if (schedule_plan(db, cfg, now_utc(), &v, &n) == 0) {
		for (i = 0; i < n; i++) {
			char *name = NULL;
			if (v[i].person_id >= 0)
				(void)db_text(db, &name, "SELECT name FROM people WHERE id = ?", "i", v[i].person_id);
			fmt_iso_utc(v[i].send_at, when, sizeof(when));
			printf("next:            %s for %s at %s\n", v[i].what, name != NULL ? name : "you", when);
			free(name);
		}
		free(v);
	}
	return EX_OK;
}
