/*
 * fixture.h: the scratch directory of the unit tests that need the agent's
 * state: a config file written from a template, and its database.
 */
#ifndef RAPPORT_TEST_FIXTURE_H
#define RAPPORT_TEST_FIXTURE_H

struct config;
struct db;

/* Write dir/rapport.conf from conf, each "@DIR@" in it standing for dir,
 * load it and open its database (created). The test fails on any error. */
void	 fixture_open(const char *dir, const char *conf, struct config **,
	    struct db **);
/* Remove dir and all in it, and put template (for mkdtemp) back into it. */
void	 fixture_remove(char *dir, const char *template);

#endif
