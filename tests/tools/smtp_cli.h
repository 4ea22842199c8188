/*
 * smtp_cli.h: the SMTP connection options shared by the test and bench
 * programs (smtp_send_test, bench_send), so both speak the same flags.
 */
#ifndef RAPPORT_SMTP_CLI_H
#define RAPPORT_SMTP_CLI_H

#include <getopt.h>

#include "smtp.h"

#define SMTP_CLI_LONGOPTS \
	{ "host", required_argument, NULL, 'H' }, \
	{ "port", required_argument, NULL, 'p' }, \
	{ "tls", required_argument, NULL, 's' }, \
	{ "user", required_argument, NULL, 'u' }, \
	{ "password", required_argument, NULL, 'w' }, \
	{ "password-env", required_argument, NULL, 'W' }, \
	{ "auth", required_argument, NULL, 'a' }, \
	{ "token", required_argument, NULL, 'k' }, \
	{ "ca-file", required_argument, NULL, 'c' }, \
	{ "no-verify", no_argument, NULL, 'n' }, \
	{ "helo", required_argument, NULL, 'e' }, \
	{ "timeout", required_argument, NULL, 'T' }, \
	{ "trace", no_argument, NULL, 'v' }

#define SMTP_CLI_USAGE \
	"    --host H [--port P] [--tls starttls|smtps|optional|none]\n" \
	"    [--user U (--password P | --password-env VAR)] [--auth plain|login|xoauth2]\n" \
	"    [--token T] [--ca-file F] [--no-verify] [--helo NAME] [--timeout S] [--trace]\n"

/* 1: ch was a connection option (applied to c); 0: not one; -1: bad value. */
int	 smtp_cli_option(int ch, const char *arg, struct smtp_conf *c);

#endif
