/*
 * config.h: rapport.conf, an INI file read with inih.
 *
 * Every key is a row in the table in config.c (section, name, type, default,
 * help); parsing, validation, the commented example written by
 * `rapport init`, and `rapport config` all come from that table.
 *
 * Errors name the place: "FILE:LINE: [section] key: reason". All errors in
 * the file are collected, not just the first. Unknown sections and keys are
 * errors. Keys that only some commands need (the [imap] url for a poll) are
 * checked by config_require() where they are used.
 *
 * Ownership: config_load() returns a struct the caller frees with
 * config_free(); every string in it belongs to it.
 */
#ifndef RAPPORT_CONFIG_H
#define RAPPORT_CONFIG_H

#include <stddef.h>

#include "strbuf.h"

/* Where a secret comes from; exactly one of these may be set. */
struct secret_src {
	char	*cmd;		/* password_cmd: run with /bin/sh -c, first line of stdout */
	char	*env;		/* password_env: name of an environment variable */
	char	*file;		/* password_file: must be mode 0600 or stricter */
};

enum auth_mech { AUTH_AUTO, AUTH_PLAIN, AUTH_LOGIN, AUTH_XOAUTH2, AUTH_NONE };

struct net_conf {
	char		*url;
	char		*user;
	struct secret_src pass;
	enum auth_mech	 auth;
	char		*oauth2_token_cmd;
	int		 starttls;	/* 1 = required (default) for imap:// and smtp:// */
	int		 tls_verify;	/* 1 = verify the server certificate (default) */
	char		*ca_file;
	char		*ca_path;
	long		 timeout;	/* seconds, for every network read */
};

enum imap_after { AFTER_MOVE, AFTER_FLAG, AFTER_NONE };
enum log_target { LOG_STDERR, LOG_SYSLOG, LOG_FILE };

struct config {
	char	*path;			/* the file read */

	/* [agent] */
	char	*database;
	char	*state_dir;
	char	*address;		/* the agent's own mailbox: Reply-To of everything sent */
	char	*domain;		/* right-hand side of Message-IDs */
	char	*log;			/* "stderr", "syslog" or a file path */
	enum log_target log_target;
	char	*log_level;
	char	*templates_dir;
	long	 daily_cap;
	long	 poll_interval;		/* seconds, when IDLE is not available */
	int	 receipts;

	/* [manager] */
	char	*manager_name;
	char	*manager_email;
	char	*manager_tz;
	char	*manager_days;
	char	*manager_hours;
	char	*digest_rrule;

	/* [schedule] */
	char	*checkin_rrule;		/* default for people without their own */
	long	 reminder_after;	/* seconds of working time */
	char	*survey_rrule;
	long	 review_minutes;
	long	 monthly_review_minutes;
	int	 weekly_reviews;
	int	 monthly_reviews;

	/* [imap] */
	struct net_conf imap;
	char	*mailbox;
	char	*processed_folder;
	enum imap_after after;
	char	*flag_keyword;
	long	 batch;
	int	 idle;

	/* [smtp] */
	struct net_conf smtp;
	char	*from;
	char	*from_name;

	/* [limits] */
	long	 max_message_size;
	long	 max_header_count;
	long	 max_header_size;
	long	 max_line_length;
	long	 max_mime_depth;
	long	 max_parts;
	long	 worker_memory;
	long	 worker_cpu;
	long	 worker_timeout;
};

/*
 * Load a config file. On failure returns NULL and appends every problem,
 * one per line, to errs. A missing file is reported as such (errno ENOENT
 * is left in *missing when missing is not NULL).
 */
struct config	*config_load(const char *path, struct strbuf *errs, int *missing);
void		 config_free(struct config *);

/* The default config path: $RAPPORT_CONFIG, else $XDG_CONFIG_HOME/rapport/rapport.conf
 * (~/.config/rapport/rapport.conf). Caller frees. */
char		*config_default_path(void);
/* The default data directory: $XDG_DATA_HOME/rapport (~/.local/share/rapport). Caller frees. */
char		*config_default_data_dir(void);

/*
 * Check that a key needed by the current command is set; if not, append
 * "FILE: [section] key: required for WHY" to errs and return -1.
 */
int		 config_require(const struct config *, const char *section,
		    const char *key, const char *why, struct strbuf *errs);

/* Write the commented example config (all keys, defaults, help) to sb,
 * with the manager's and mailbox values filled in where given (may be NULL). */
void		 config_example(struct strbuf *, const char *manager_name,
		    const char *manager_email, const char *manager_tz,
		    const char *database);

/* One line per key, "section.key = value", for `rapport config`;
 * secrets' values are never shown, only where they come from. */
void		 config_dump(const struct config *, struct strbuf *);

const char	*auth_mech_name(enum auth_mech);

#endif
