/* cmd_init.c: `rapport init` and `rapport config`. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"
#include "config.h"
#include "db.h"
#include "util.h"
#include "validate.h"

#define INIT_SYNOPSIS "[--force] [--manager NAME] [--email ADDR] [--tz ZONE] [--database FILE]"

static void
init_help(void)
{
	printf("usage: rapport init " INIT_SYNOPSIS "\n"
	    "\n"
	    "Write a commented example config (mode 0600) and create the database.\n"
	    "\n"
	    "  --manager NAME   your name, as people will see it\n"
	    "  --email ADDR     your address (the digest goes here; commands come from it)\n"
	    "  --tz ZONE        your time zone, e.g. Europe/Berlin (default: UTC)\n"
	    "  --database FILE  where the SQLite database lives\n"
	    "                   (default: ~/.local/share/rapport/rapport.db)\n"
	    "  --force          overwrite an existing config file\n");
}

int
cmd_init(struct rapport *r, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "manager", required_argument, NULL, 'm' },
		{ "email", required_argument, NULL, 'e' },
		{ "tz", required_argument, NULL, 'z' },
		{ "database", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*name = "Your Name", *email = "you@example.com", *tz = "UTC";
	char		*path, *dbpath = NULL, *dir, *slash, why[256], err[512];
	struct strbuf	 sb = STRBUF_INIT, errs = STRBUF_INIT;
	struct config	*cfg;
	struct db	*db;
	struct stat	 st;
	int		 ch, force = 0, rc = EX_OK;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f': force = 1; break;
		case 'm': name = optarg; break;
		case 'e': email = optarg; break;
		case 'z': tz = optarg; break;
		case 'd': dbpath = optarg; break;
		case 'h': init_help(); return EX_OK;
		default: return cli_usage("init", INIT_SYNOPSIS, NULL);
		}
	}
	if (optind != argc)
		return cli_usage("init", INIT_SYNOPSIS, "unexpected argument: %s", argv[optind]);
	if (str_has_ctl(name) || *name == '\0')
		return cli_usage("init", INIT_SYNOPSIS, "--manager: a name without control characters");
	if (valid_email(email, why, sizeof(why)) == -1)
		return cli_usage("init", INIT_SYNOPSIS, "--email: %s", why);
	if (valid_zone(tz, why, sizeof(why)) == -1)
		return cli_usage("init", INIT_SYNOPSIS, "--tz: %s", why);
	if (dbpath != NULL && *dbpath != '/')
		return cli_usage("init", INIT_SYNOPSIS, "--database: give an absolute path");

	path = r->config_path != NULL ? xstrdup(r->config_path) : config_default_path();
	if (!force && stat(path, &st) == 0) {
		/* An existing config is the user's: keep it, make sure the database exists. */
		printf("kept %s (use --force to overwrite it with the example)\n", path);
		goto open_db;
	}
	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (mkdir_p(dir, 0700) == -1) {
			cli_err("%s: %s", dir, strerror(errno));
			free(dir);
			free(path);
			return EX_CANTCREAT;
		}
	}
	free(dir);
	config_example(&sb, name, email, tz, dbpath);
	if (write_file_atomic(path, sb_str(&sb), sb.len, 0600) == -1) {
		cli_err("%s: %s", path, strerror(errno));
		rc = EX_CANTCREAT;
		goto out;
	}
open_db:
	if ((cfg = config_load(path, &errs, NULL)) == NULL) {
		fputs(sb_str(&errs), stderr);
		rc = EX_CONFIG;
		goto out;
	}
	if ((db = db_open(cfg->database, DB_OPEN_CREATE, err, sizeof(err))) == NULL) {
		cli_err("%s", err);
		config_free(cfg);
		rc = EX_CANTCREAT;
		goto out;
	}
	if (sb.len > 0)
		printf("wrote %s\n", path);
	printf("database %s (schema version %d)\n", cfg->database, db_version(db));
	if (sb.len == 0)
		;
	else if (strcmp(email, "you@example.com") == 0)
		printf("next: edit %s ([manager], [imap], [smtp]), then `rapport person add`\n", path);
	else
		printf("next: fill in [imap] and [smtp] in %s, then `rapport person add`\n", path);
	db_close(db);
	config_free(cfg);
out:
	sb_free(&sb);
	sb_free(&errs);
	free(path);
	return rc;
}

int
cmd_config(struct rapport *r, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "check", no_argument, NULL, 'k' },
		{ "example", no_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct config	*cfg;
	struct strbuf	 sb = STRBUF_INIT;
	int		 ch, check = 0;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'k': check = 1; break;
		case 'x':
			config_example(&sb, NULL, NULL, NULL, NULL);
			fputs(sb_str(&sb), stdout);
			sb_free(&sb);
			return EX_OK;
		case 'h':
			printf("usage: rapport config [--check | --example]\n\n"
			    "Print every setting in effect (secrets are never shown); --check only\n"
			    "validates the file (every problem is reported as FILE:LINE: [section] key:\n"
			    "reason); --example prints the commented example config.\n");
			return EX_OK;
		default: return cli_usage("config", "[--check | --example]", NULL);
		}
	}
	if (optind != argc)
		return cli_usage("config", "[--check]", "unexpected argument: %s", argv[optind]);
	if ((cfg = cli_config(r)) == NULL)
		return cli_fail_code(r);
	if (check) {
		printf("%s: ok\n", cfg->path);
		return EX_OK;
	}
	config_dump(cfg, &sb);
	fputs(sb_str(&sb), stdout);
	sb_free(&sb);
	return EX_OK;
}
