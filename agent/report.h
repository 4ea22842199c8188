/*
 * report.h: `rapport report`: the digest's weekly figures for each person
 * over a range of weeks (digest.h: digest_weeks()), with the "needs
 * attention" rules that held each week, as an aligned text table, JSON or
 * CSV.
 *
 * Weeks are the person's own ISO weeks; weeks that ended before the person
 * was added are left out.
 */
#ifndef RAPPORT_REPORT_H
#define RAPPORT_REPORT_H

#include <stdint.h>
#include <stdio.h>

struct db;
struct person;

enum report_format { REPORT_TEXT, REPORT_JSON, REPORT_CSV };

/* "text", "json", "csv"; -1 for anything else. */
int	 report_format_parse(const char *, enum report_format *);

/*
 * Write the report for people[0..n) over `weeks` weeks ending with `last`
 * ("2026-W48") to fp. 0, or -1 on a database error (db_errmsg() says why)
 * or a bad week.
 */
int	 report_write(struct db *, const struct person *people, size_t n, const char *last,
	    int weeks, enum report_format, FILE *fp);

#endif
