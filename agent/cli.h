/*
 * cli.h: the command line. One table of commands (cli.c); each command group
 * lives in its own file (cmd_person.c, cmd_task.c, ...) and exports one
 * entry point with the signature of cli_fn.
 *
 * Commands return a sysexits.h code. They print results to stdout and
 * errors to stderr as "rapport: ...". Misuse prints the command's usage and
 * returns EX_USAGE.
 */
#ifndef RAPPORT_CLI_H
#define RAPPORT_CLI_H

#include <stdint.h>
#include <stdio.h>

struct config;
struct db;

/* What every command gets: global options, and lazily opened resources. */
struct rapport {
	const char	*config_path;	/* -c FILE, or NULL for the default */
	int		 config_explicit;
	int		 verbose;	/* -v count */
	struct config	*cfg;		/* cli_config() loads it */
	struct db	*db;		/* cli_db() opens it */
	const char	*prog;		/* "rapport" */
};

typedef int (*cli_fn)(struct rapport *, int, char **);

struct cli_cmd {
	const char	*name;
	cli_fn		 fn;
	const char	*synopsis;	/* arguments, after the command name */
	const char	*summary;	/* one line for `rapport help` */
};

int	 cli_main(int, char **);

/* Run one of a group's subcommands: argv[0] is the group name. */
int	 cli_dispatch(struct rapport *, const char *group,
	    const struct cli_cmd *, size_t, int, char **);

/* Print "rapport: <msg>" and the usage line; returns EX_USAGE. */
int	 cli_usage(const char *cmd, const char *synopsis, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	 cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	 cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Load the config / open the database; on failure print why and return NULL. */
struct config	*cli_config(struct rapport *);
struct db	*cli_db(struct rapport *);

/* sysexits code for the last cli_config()/cli_db() failure. */
int	 cli_fail_code(struct rapport *);
/* Print the database's last error; returns EX_SOFTWARE. */
int	 cli_db_failed(struct db *);
/* An id argument ("12" or "#12"); on a bad one, usage saying what it is
 * not ("an id", "a review id") and EX_USAGE. */
int	 cli_parse_id(const char *cmd, const char *synopsis, const char *what, const char *s,
	    int64_t *id);

/*
 * A date given on the command line, resolved in zone tz: YYYY-MM-DD,
 * "today", "tomorrow", or +N (days from today). Writes YYYY-MM-DD to out
 * (>= 11 bytes); -1 with a reason printed on a bad value.
 */
int	 cli_parse_date(const char *opt, const char *s, const char *tz, char *out, size_t);

/* Reset getopt_long for a subcommand's own options. */
void	 cli_getopt_reset(void);

#endif
