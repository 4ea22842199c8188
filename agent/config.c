/* config.c: rapport.conf, parsed with inih against one table of keys. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <ini.h>

#include "config.h"
#include "util.h"
#include "validate.h"

enum ctype {
	T_STR,		/* any single-line string */
	T_PATH,		/* ~ and $XDG_* expanded */
	T_EMAIL,
	T_ZONE,
	T_DAYS,
	T_HOURS,
	T_RRULE,
	T_URL,
	T_INT,
	T_BOOL,
	T_DURATION,	/* 30s 5m 24h 7d, or plain seconds */
	T_SIZE,		/* 512K 50M 1G, or plain bytes */
	T_AUTH,
	T_AFTER,
	T_LOG,
};

struct ckey {
	const char	*section;
	const char	*name;
	enum ctype	 type;
	size_t		 off;
	const char	*def;		/* default, as written in the file; NULL = unset */
	long		 min, max;	/* T_INT, T_DURATION, T_SIZE */
	const char	*help;
};

#define O(f)	offsetof(struct config, f)

static const struct ckey keys[] = {
	{ "agent", "database", T_PATH, O(database), "$XDG_DATA_HOME/rapport/rapport.db", 0, 0,
	  "SQLite database file (created 0600)" },
	{ "agent", "state_dir", T_PATH, O(state_dir), "$XDG_DATA_HOME/rapport", 0, 0,
	  "directory for the lock file and runtime state" },
	{ "agent", "address", T_EMAIL, O(address), NULL, 0, 0,
	  "the agent's own mailbox: replies go here (Reply-To); default: [smtp] from" },
	{ "agent", "domain", T_STR, O(domain), NULL, 0, 0,
	  "domain of the Message-IDs rapport makes; default: the domain of the agent's address" },
	{ "agent", "log", T_LOG, O(log), "stderr", 0, 0,
	  "where log lines go: stderr, syslog, or a file path" },
	{ "agent", "log_level", T_STR, O(log_level), "info", 0, 0,
	  "error, warn, info or debug" },
	{ "agent", "templates_dir", T_PATH, O(templates_dir), NULL, 0, 0,
	  "directory of template overrides (NAME.txt, NAME.html, NAME.subject)" },
	{ "agent", "daily_cap", T_INT, O(daily_cap), "3", 1, 50,
	  "most emails rapport sends one person in one of their days" },
	{ "agent", "poll_interval", T_DURATION, O(poll_interval), "5m", 10, 86400,
	  "how often to poll when the server has no IDLE" },
	{ "agent", "receipts", T_BOOL, O(receipts), "yes", 0, 0,
	  "send people a short receipt of what was understood from their check-in" },

	{ "manager", "name", T_STR, O(manager_name), NULL, 0, 0,
	  "the manager's name, as people see it" },
	{ "manager", "email", T_EMAIL, O(manager_email), NULL, 0, 0,
	  "the manager's address: the digest goes here, commands come from here" },
	{ "manager", "tz", T_ZONE, O(manager_tz), NULL, 0, 0,
	  "the manager's time zone (IANA name, e.g. Europe/Berlin)" },
	{ "manager", "days", T_DAYS, O(manager_days), "Mon-Fri", 0, 0,
	  "the manager's working days" },
	{ "manager", "hours", T_HOURS, O(manager_hours), "09:00-17:00", 0, 0,
	  "the manager's working hours, in their zone" },
	{ "manager", "digest", T_RRULE, O(digest_rrule), "FREQ=WEEKLY;BYDAY=MO;BYHOUR=8;BYMINUTE=0", 0, 0,
	  "when the weekly digest is sent, in the manager's zone" },

	{ "schedule", "checkin", T_RRULE, O(checkin_rrule), "FREQ=WEEKLY;BYDAY=FR;BYHOUR=15;BYMINUTE=0", 0, 0,
	  "default check-in schedule, in each person's zone" },
	{ "schedule", "reminder_after", T_DURATION, O(reminder_after), "24h", 3600, 30 * 86400L,
	  "working time after an unanswered check-in before its one reminder" },
	{ "schedule", "survey", T_RRULE, O(survey_rrule), "FREQ=MONTHLY;BYDAY=1WE;BYHOUR=10;BYMINUTE=0", 0, 0,
	  "when the monthly support survey goes out, in each person's zone" },
	{ "schedule", "weekly_reviews", T_BOOL, O(weekly_reviews), "yes", 0, 0,
	  "invite each person to a weekly 1:1 review" },
	{ "schedule", "review_minutes", T_INT, O(review_minutes), "30", 10, 240,
	  "length of the weekly 1:1" },
	{ "schedule", "monthly_reviews", T_BOOL, O(monthly_reviews), "yes", 0, 0,
	  "invite each person to a monthly performance review" },
	{ "schedule", "monthly_review_minutes", T_INT, O(monthly_review_minutes), "60", 15, 480,
	  "length of the monthly review" },

	{ "imap", "url", T_URL, O(imap.url), NULL, 0, 0,
	  "imap://host[:port] (STARTTLS), imaps://host[:port], or maildir:///path" },
	{ "imap", "user", T_STR, O(imap.user), NULL, 0, 0, "login name" },
	{ "imap", "password_cmd", T_STR, O(imap.pass.cmd), NULL, 0, 0,
	  "command printing the password (e.g. pass show mail/rapport)" },
	{ "imap", "password_env", T_STR, O(imap.pass.env), NULL, 0, 0,
	  "environment variable holding the password" },
	{ "imap", "password_file", T_PATH, O(imap.pass.file), NULL, 0, 0,
	  "file holding the password; must be mode 0600" },
	{ "imap", "auth", T_AUTH, O(imap.auth), "auto", 0, 0,
	  "auto, plain, login or xoauth2" },
	{ "imap", "oauth2_token_cmd", T_STR, O(imap.oauth2_token_cmd), NULL, 0, 0,
	  "command printing a fresh OAuth2 access token (auth = xoauth2)" },
	{ "imap", "starttls", T_BOOL, O(imap.starttls), "yes", 0, 0,
	  "require STARTTLS on imap:// (set no only for a trusted local server)" },
	{ "imap", "tls_verify", T_BOOL, O(imap.tls_verify), "yes", 0, 0,
	  "verify the server's certificate and host name" },
	{ "imap", "ca_file", T_PATH, O(imap.ca_file), NULL, 0, 0, "CA bundle to trust instead of the system's" },
	{ "imap", "ca_path", T_PATH, O(imap.ca_path), NULL, 0, 0, "directory of CA certificates" },
	{ "imap", "timeout", T_DURATION, O(imap.timeout), "60s", 1, 3600, "network read timeout" },
	{ "imap", "mailbox", T_STR, O(mailbox), "INBOX", 0, 0, "mailbox to read replies from" },
	{ "imap", "processed_folder", T_STR, O(processed_folder), "rapport", 0, 0,
	  "folder processed messages are moved to (after = move)" },
	{ "imap", "after", T_AFTER, O(after), "move", 0, 0,
	  "what to do with a message once recorded: move, flag or none" },
	{ "imap", "flag_keyword", T_STR, O(flag_keyword), "$rapport", 0, 0,
	  "keyword set on recorded messages (after = flag); never \\Seen" },
	{ "imap", "batch", T_INT, O(batch), "100", 1, 5000, "messages fetched per UID FETCH" },
	{ "imap", "idle", T_BOOL, O(idle), "yes", 0, 0, "use IMAP IDLE when the server has it" },

	{ "smtp", "url", T_URL, O(smtp.url), NULL, 0, 0,
	  "smtp://host[:port] (STARTTLS) or smtps://host[:port]" },
	{ "smtp", "user", T_STR, O(smtp.user), NULL, 0, 0, "login name" },
	{ "smtp", "password_cmd", T_STR, O(smtp.pass.cmd), NULL, 0, 0, "command printing the password" },
	{ "smtp", "password_env", T_STR, O(smtp.pass.env), NULL, 0, 0,
	  "environment variable holding the password" },
	{ "smtp", "password_file", T_PATH, O(smtp.pass.file), NULL, 0, 0,
	  "file holding the password; must be mode 0600" },
	{ "smtp", "auth", T_AUTH, O(smtp.auth), "auto", 0, 0, "auto, plain, login, xoauth2 or none" },
	{ "smtp", "oauth2_token_cmd", T_STR, O(smtp.oauth2_token_cmd), NULL, 0, 0,
	  "command printing a fresh OAuth2 access token (auth = xoauth2)" },
	{ "smtp", "starttls", T_BOOL, O(smtp.starttls), "yes", 0, 0, "require STARTTLS on smtp://" },
	{ "smtp", "tls_verify", T_BOOL, O(smtp.tls_verify), "yes", 0, 0,
	  "verify the server's certificate and host name" },
	{ "smtp", "ca_file", T_PATH, O(smtp.ca_file), NULL, 0, 0, "CA bundle to trust instead of the system's" },
	{ "smtp", "ca_path", T_PATH, O(smtp.ca_path), NULL, 0, 0, "directory of CA certificates" },
	{ "smtp", "timeout", T_DURATION, O(smtp.timeout), "60s", 1, 3600, "network timeout" },
	{ "smtp", "from", T_EMAIL, O(from), NULL, 0, 0, "envelope and header From address" },
	{ "smtp", "from_name", T_STR, O(from_name), NULL, 0, 0,
	  "display name on From; default: the manager's name" },

	{ "limits", "max_message_size", T_SIZE, O(max_message_size), "50M", 1024, 1L << 30,
	  "larger messages are stored and marked, not parsed" },
	{ "limits", "max_header_count", T_INT, O(max_header_count), "10000", 10, 1000000, "header fields per message" },
	{ "limits", "max_header_size", T_SIZE, O(max_header_size), "1M", 1024, 1L << 30, "bytes of all headers" },
	{ "limits", "max_line_length", T_SIZE, O(max_line_length), "1M", 1000, 1L << 30, "longest line" },
	{ "limits", "max_mime_depth", T_INT, O(max_mime_depth), "100", 1, 1000, "MIME nesting depth" },
	{ "limits", "max_parts", T_INT, O(max_parts), "10000", 1, 1000000, "MIME parts per message" },
	{ "limits", "worker_memory", T_SIZE, O(worker_memory), "512M", 32L << 20, 1L << 40,
	  "address-space limit of the parser worker" },
	{ "limits", "worker_cpu", T_DURATION, O(worker_cpu), "10s", 1, 3600, "CPU time per message in the parser worker" },
	{ "limits", "worker_timeout", T_DURATION, O(worker_timeout), "30s", 1, 3600,
	  "wall-clock time per message before the worker is restarted" },
};

struct loadctx {
	struct config	*cfg;
	const char	*path;
	struct strbuf	*errs;
	FILE		*fp;
	int		 lineno;
	int		 at_line_start;
	int		 nerr;
	unsigned char	 seen[nitems(keys)];
};

static void
cerr(struct loadctx *lc, const char *section, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
cerr(struct loadctx *lc, const char *section, const char *name, const char *fmt, ...)
{
	va_list ap;

	sb_printf(lc->errs, "%s:%d: [%s] %s: ", lc->path, lc->lineno, section, name);
	va_start(ap, fmt);
	sb_vprintf(lc->errs, fmt, ap);
	va_end(ap);
	sb_addc(lc->errs, '\n');
	lc->nerr++;
}

/* Expand a leading ~/ and $HOME, $XDG_CONFIG_HOME, $XDG_DATA_HOME. */
static char *
expand_path(const char *v)
{
	const char	*home = getenv("HOME");
	char		*data = config_default_data_dir(), *r, *cfgdir;
	const char	*xc = getenv("XDG_CONFIG_HOME");

	if (home == NULL)
		home = "/";
	if (xc != NULL && *xc == '/')
		cfgdir = xstrdup(xc);
	else
		cfgdir = xasprintf("%s/.config", home);
	/* data is "$XDG_DATA_HOME/rapport"; strip "/rapport" for the variable */
	data[strlen(data) - strlen("/rapport")] = '\0';
	if (strncmp(v, "~/", 2) == 0)
		r = xasprintf("%s/%s", home, v + 2);
	else if (strncmp(v, "$HOME/", 6) == 0)
		r = xasprintf("%s/%s", home, v + 6);
	else if (strncmp(v, "$XDG_DATA_HOME/", 15) == 0)
		r = xasprintf("%s/%s", data, v + 15);
	else if (strncmp(v, "$XDG_CONFIG_HOME/", 17) == 0)
		r = xasprintf("%s/%s", cfgdir, v + 17);
	else
		r = xstrdup(v);
	free(data);
	free(cfgdir);
	return r;
}

static int
parse_scaled(const char *v, const char *units, const long *mult, long *out)
{
	char	*end;
	long	 n;
	size_t	 i;

	errno = 0;
	n = strtol(v, &end, 10);
	if (end == v || errno != 0 || n < 0)
		return -1;
	if (*end == '\0') {
		*out = n;
		return 0;
	}
	for (i = 0; units[i] != '\0'; i++) {
		if ((*end == units[i] || *end == (units[i] ^ 0x20)) && end[1] == '\0') {
			if (n > LONG_MAX / mult[i])
				return -1;
			*out = n * mult[i];
			return 0;
		}
	}
	return -1;
}

/* A password file must exist and be private: no group or other access. */
static int
check_secret_file(struct loadctx *lc, const char *section, const struct ckey *k, const char *path)
{
	struct stat st;

	if (stat(path, &st) == -1) {
		cerr(lc, section, k->name, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		cerr(lc, section, k->name, "%s is not a regular file", path);
		return -1;
	}
	if (st.st_mode & 077) {
		cerr(lc, section, k->name, "%s is readable by others (mode %03o); run chmod 600 %s",
		    path, (unsigned)(st.st_mode & 0777), path);
		return -1;
	}
	return 0;
}

static int
set_value(struct loadctx *lc, const struct ckey *k, const char *v, const char *section)
{
	char		 why[256];
	void		*field = (char *)lc->cfg + k->off;
	char	       **sp = field;
	long		*lp = field;
	int		*ip = field;
	unsigned	 mask;
	int		 a, b;
	static const long dmult[] = { 1, 60, 3600, 86400 };
	static const long smult[] = { 1024L, 1024L * 1024, 1024L * 1024 * 1024 };

	switch (k->type) {
	case T_STR:
		if (str_has_ctl(v)) {
			cerr(lc, section, k->name, "control characters are not allowed");
			return -1;
		}
		break;
	case T_PATH:
		if (*v != '/' && *v != '~' && *v != '$') {
			cerr(lc, section, k->name, "'%s' is not an absolute path", v);
			return -1;
		}
		free(*sp);
		*sp = expand_path(v);
		if (strcmp(k->name, "password_file") == 0 && check_secret_file(lc, section, k, *sp) == -1)
			return -1;
		return 0;
	case T_EMAIL:
		if (valid_email(v, why, sizeof(why)) == -1) {
			cerr(lc, section, k->name, "%s", why);
			return -1;
		}
		break;
	case T_ZONE:
		if (valid_zone(v, why, sizeof(why)) == -1) {
			cerr(lc, section, k->name, "%s", why);
			return -1;
		}
		break;
	case T_DAYS:
		if (valid_days(v, &mask, why, sizeof(why)) == -1) {
			cerr(lc, section, k->name, "%s", why);
			return -1;
		}
		break;
	case T_HOURS:
		if (valid_hours(v, &a, &b, why, sizeof(why)) == -1) {
			cerr(lc, section, k->name, "%s", why);
			return -1;
		}
		break;
	case T_RRULE:
		if (valid_rrule(v, why, sizeof(why)) == -1) {
			cerr(lc, section, k->name, "%s", why);
			return -1;
		}
		break;
	case T_URL:
		if (strncmp(v, "imap://", 7) != 0 && strncmp(v, "imaps://", 8) != 0 &&
		    strncmp(v, "maildir://", 10) != 0 && strncmp(v, "smtp://", 7) != 0 &&
		    strncmp(v, "smtps://", 8) != 0) {
			cerr(lc, section, k->name, "'%s' is not an imap://, imaps://, maildir://, "
			    "smtp:// or smtps:// URL", v);
			return -1;
		}
		if (str_has_ctl(v) || strchr(v, ' ') != NULL) {
			cerr(lc, section, k->name, "spaces or control characters in URL");
			return -1;
		}
		if ((strcmp(section, "smtp") == 0) != (strncmp(v, "smtp", 4) == 0)) {
			cerr(lc, section, k->name, "'%s' is the wrong kind of URL for [%s]", v, section);
			return -1;
		}
		break;
	case T_INT:
		if (parse_long(v, k->min, k->max, lp) == -1) {
			cerr(lc, section, k->name, "'%s' is not a number from %ld to %ld", v, k->min, k->max);
			return -1;
		}
		return 0;
	case T_BOOL:
		if (str_eq_ci(v, "yes") || str_eq_ci(v, "true") || str_eq_ci(v, "on") || strcmp(v, "1") == 0)
			*ip = 1;
		else if (str_eq_ci(v, "no") || str_eq_ci(v, "false") || str_eq_ci(v, "off") || strcmp(v, "0") == 0)
			*ip = 0;
		else {
			cerr(lc, section, k->name, "'%s' is not yes or no", v);
			return -1;
		}
		return 0;
	case T_DURATION:
		if (parse_scaled(v, "smhd", dmult, lp) == -1 || *lp < k->min || *lp > k->max) {
			cerr(lc, section, k->name, "'%s' is not a duration from %lds to %lds (e.g. 30s, 5m, 24h, 7d)",
			    v, k->min, k->max);
			return -1;
		}
		return 0;
	case T_SIZE:
		if (parse_scaled(v, "KMG", smult, lp) == -1 || *lp < k->min || *lp > k->max) {
			cerr(lc, section, k->name, "'%s' is not a size from %ld to %ld bytes (e.g. 512K, 50M)",
			    v, k->min, k->max);
			return -1;
		}
		return 0;
	case T_AUTH: {
		enum auth_mech *mp = field;
		if (str_eq_ci(v, "auto"))
			*mp = AUTH_AUTO;
		else if (str_eq_ci(v, "plain"))
			*mp = AUTH_PLAIN;
		else if (str_eq_ci(v, "login"))
			*mp = AUTH_LOGIN;
		else if (str_eq_ci(v, "xoauth2"))
			*mp = AUTH_XOAUTH2;
		else if (str_eq_ci(v, "none") && strcmp(section, "smtp") == 0)
			*mp = AUTH_NONE;
		else {
			cerr(lc, section, k->name, "'%s' is not one of auto, plain, login, xoauth2%s", v,
			    strcmp(section, "smtp") == 0 ? ", none" : "");
			return -1;
		}
		return 0;
	}
	case T_AFTER: {
		enum imap_after *ap = field;
		if (str_eq_ci(v, "move"))
			*ap = AFTER_MOVE;
		else if (str_eq_ci(v, "flag"))
			*ap = AFTER_FLAG;
		else if (str_eq_ci(v, "none"))
			*ap = AFTER_NONE;
		else {
			cerr(lc, section, k->name, "'%s' is not move, flag or none", v);
			return -1;
		}
		return 0;
	}
	case T_LOG:
		if (strcmp(v, "stderr") == 0)
			lc->cfg->log_target = LOG_STDERR;
		else if (strcmp(v, "syslog") == 0)
			lc->cfg->log_target = LOG_SYSLOG;
		else if (*v == '/' || *v == '~' || *v == '$') {
			lc->cfg->log_target = LOG_FILE;
			free(*sp);
			*sp = expand_path(v);
			return 0;
		} else {
			cerr(lc, section, k->name, "'%s' is not stderr, syslog or an absolute path", v);
			return -1;
		}
		break;
	}
	free(*sp);
	*sp = xstrdup(v);
	return 0;
}

static const struct ckey *
find_key(const char *section, const char *name, int *section_known)
{
	size_t i;

	*section_known = 0;
	for (i = 0; i < nitems(keys); i++) {
		if (strcmp(keys[i].section, section) != 0)
			continue;
		*section_known = 1;
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	}
	return NULL;
}

static int
ini_cb(void *user, const char *section, const char *name, const char *value)
{
	struct loadctx		*lc = user;
	const struct ckey	*k;
	int			 known;
	size_t			 i;

	if (*section == '\0') {
		cerr(lc, "", name, "key outside any [section]");
		return 1;
	}
	if ((k = find_key(section, name, &known)) == NULL) {
		if (!known)
			cerr(lc, section, name, "unknown section [%s]", section);
		else
			cerr(lc, section, name, "unknown key");
		return 1;
	}
	i = (size_t)(k - keys);
	if (lc->seen[i]) {
		cerr(lc, section, name, "given twice");
		return 1;
	}
	lc->seen[i] = 1;
	(void)set_value(lc, k, value, section);
	return 1;	/* keep going: report every problem */
}

/* fgets-style reader that counts lines, so errors can name them. */
static char *
counting_reader(char *str, int num, void *stream)
{
	struct loadctx	*lc = stream;
	char		*r;

	r = fgets(str, num, lc->fp);
	if (r != NULL) {
		if (lc->at_line_start)
			lc->lineno++;
		lc->at_line_start = strchr(r, '\n') != NULL;
	}
	return r;
}

static void
apply_defaults(struct loadctx *lc)
{
	size_t	 i;
	int	 save = lc->lineno;

	lc->lineno = 0;
	for (i = 0; i < nitems(keys); i++) {
		if (keys[i].def != NULL)
			(void)set_value(lc, &keys[i], keys[i].def, keys[i].section);
	}
	lc->lineno = save;
}

static void
check_secret(struct loadctx *lc, const char *section, const struct secret_src *s)
{
	int n = (s->cmd != NULL) + (s->env != NULL) + (s->file != NULL);

	if (n > 1) {
		sb_printf(lc->errs, "%s: [%s] password_cmd, password_env, password_file: "
		    "give only one password source\n", lc->path, section);
		lc->nerr++;
	}
}

static void
derive_and_check(struct loadctx *lc)
{
	struct config	*c = lc->cfg;
	const char	*at;
	size_t		 i;
	static const char *required[][2] = {
		{ "manager", "name" }, { "manager", "email" }, { "manager", "tz" },
	};

	for (i = 0; i < nitems(required); i++)
		if (config_require(c, required[i][0], required[i][1], NULL, lc->errs) == -1)
			lc->nerr++;
	check_secret(lc, "imap", &c->imap.pass);
	check_secret(lc, "smtp", &c->smtp.pass);
	if (c->address == NULL && c->from != NULL)
		c->address = xstrdup(c->from);
	if (c->from_name == NULL && c->manager_name != NULL)
		c->from_name = xstrdup(c->manager_name);
	if (c->domain == NULL) {
		const char *a = c->address != NULL ? c->address : c->manager_email;
		if (a != NULL && (at = strchr(a, '@')) != NULL)
			c->domain = xstrdup(at + 1);
		else
			c->domain = xstrdup("rapport.invalid");
	}
}

struct config *
config_load(const char *path, struct strbuf *errs, int *missing)
{
	struct loadctx	 lc;
	int		 r;

	memset(&lc, 0, sizeof(lc));
	lc.path = path;
	lc.errs = errs;
	lc.at_line_start = 1;
	if (missing != NULL)
		*missing = 0;
	if ((lc.fp = fopen(path, "r")) == NULL) {
		if (missing != NULL && errno == ENOENT)
			*missing = 1;
		sb_printf(errs, "%s: %s\n", path, strerror(errno));
		return NULL;
	}
	lc.cfg = xcalloc(1, sizeof(*lc.cfg));
	lc.cfg->path = xstrdup(path);
	apply_defaults(&lc);
	/* Values may hold ';' (RRULEs, shell commands): no inline comments. */
	ini_allow_inline_comments = 0;
	ini_allow_multiline = 0;
	ini_use_stack = 0;
	ini_allow_realloc = 1;
	ini_max_line = 4096;
	r = ini_parse_stream(counting_reader, &lc, ini_cb, &lc);
	fclose(lc.fp);
	if (r > 0 && lc.nerr == 0) {
		sb_printf(errs, "%s:%d: syntax error (expected [section] or key = value)\n", path, r);
		lc.nerr++;
	} else if (r < 0) {
		sb_printf(errs, "%s: cannot parse (%s)\n", path, r == -2 ? "out of memory" : "read error");
		lc.nerr++;
	}
	if (lc.nerr == 0)
		derive_and_check(&lc);
	if (lc.nerr > 0) {
		config_free(lc.cfg);
		return NULL;
	}
	return lc.cfg;
}

void
config_free(struct config *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < nitems(keys); i++) {
		switch (keys[i].type) {
		case T_INT: case T_BOOL: case T_DURATION: case T_SIZE: case T_AUTH: case T_AFTER:
			break;
		default:
			free(*(char **)((char *)c + keys[i].off));
		}
	}
	free(c->path);
	free(c);
}

int
config_require(const struct config *c, const char *section, const char *name,
    const char *why, struct strbuf *errs)
{
	size_t	 i;
	char	*v;

	for (i = 0; i < nitems(keys); i++) {
		if (strcmp(keys[i].section, section) != 0 || strcmp(keys[i].name, name) != 0)
			continue;
		v = *(char **)((const char *)c + keys[i].off);
		if (v != NULL && *v != '\0')
			return 0;
		sb_printf(errs, "%s: [%s] %s: required%s%s\n", c->path, section, name,
		    why != NULL ? " for " : "", why != NULL ? why : "");
		return -1;
	}
	sb_printf(errs, "%s: [%s] %s: unknown key\n", c->path, section, name);
	return -1;
}

char *
config_default_path(void)
{
	const char *e = getenv("RAPPORT_CONFIG"), *xc, *home;

	if (e != NULL && *e != '\0')
		return xstrdup(e);
	if ((xc = getenv("XDG_CONFIG_HOME")) != NULL && *xc == '/')
		return xasprintf("%s/rapport/rapport.conf", xc);
	if ((home = getenv("HOME")) == NULL)
		home = "/";
	return xasprintf("%s/.config/rapport/rapport.conf", home);
}

char *
config_default_data_dir(void)
{
	const char *xd, *home;

	if ((xd = getenv("XDG_DATA_HOME")) != NULL && *xd == '/')
		return xasprintf("%s/rapport", xd);
	if ((home = getenv("HOME")) == NULL)
		home = "/";
	return xasprintf("%s/.local/share/rapport", home);
}

const char *
auth_mech_name(enum auth_mech m)
{
	switch (m) {
	case AUTH_PLAIN: return "plain";
	case AUTH_LOGIN: return "login";
	case AUTH_XOAUTH2: return "xoauth2";
	case AUTH_NONE: return "none";
	default: return "auto";
	}
}

void
config_example(struct strbuf *sb, const char *mname, const char *memail, const char *mtz,
    const char *database)
{
	size_t		 i;
	const char	*section = "", *v;

	sb_adds(sb,
	    "# rapport.conf: the agent's configuration (INI).\n"
	    "# Lines starting with # or ; are comments; there are no comments after values.\n"
	    "# Every key is shown with its default; uncomment and edit what you need.\n"
	    "# Reference: rapport.conf(5).\n");
	for (i = 0; i < nitems(keys); i++) {
		const struct ckey *k = &keys[i];
		if (strcmp(section, k->section) != 0) {
			section = k->section;
			sb_printf(sb, "\n[%s]\n", section);
		}
		sb_printf(sb, "# %s\n", k->help);
		v = NULL;
		if (strcmp(section, "manager") == 0 && strcmp(k->name, "name") == 0)
			v = mname;
		else if (strcmp(section, "manager") == 0 && strcmp(k->name, "email") == 0)
			v = memail;
		else if (strcmp(section, "manager") == 0 && strcmp(k->name, "tz") == 0)
			v = mtz;
		else if (strcmp(section, "agent") == 0 && strcmp(k->name, "database") == 0)
			v = database;
		if (v != NULL)
			sb_printf(sb, "%s = %s\n", k->name, v);
		else if (k->def != NULL)
			sb_printf(sb, "#%s = %s\n", k->name, k->def);
		else
			sb_printf(sb, "#%s =\n", k->name);
	}
}

void
config_dump(const struct config *c, struct strbuf *sb)
{
	size_t		 i;
	const void	*field;

	for (i = 0; i < nitems(keys); i++) {
		const struct ckey *k = &keys[i];
		field = (const char *)c + k->off;
		sb_printf(sb, "%s.%s = ", k->section, k->name);
		switch (k->type) {
		case T_INT: case T_DURATION: case T_SIZE:
			sb_printf(sb, "%ld\n", *(const long *)field);
			break;
		case T_BOOL:
			sb_printf(sb, "%s\n", *(const int *)field ? "yes" : "no");
			break;
		case T_AUTH:
			sb_printf(sb, "%s\n", auth_mech_name(*(const enum auth_mech *)field));
			break;
		case T_AFTER: {
			enum imap_after a = *(const enum imap_after *)field;
			sb_printf(sb, "%s\n", a == AFTER_MOVE ? "move" : a == AFTER_FLAG ? "flag" : "none");
			break;
		}
		default: {
			const char *s = *(char *const *)field;
			if (s != NULL && strncmp(k->name, "password_", 9) == 0)
				s = "(set)";
			sb_printf(sb, "%s\n", s == NULL ? "" : s);
		}
		}
	}
}
