/*
 * digest_seed: fill a rapport database (created and migrated if missing)
 * with the digest's demo week or the benchmark's history.
 *
 *   digest_seed DB demo
 *   digest_seed DB bench PEOPLE WEEKS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "seed.h"
#include "util.h"

int
main(int argc, char **argv)
{
	struct db	*db;
	char		 err[512];
	long		 people = 0, weeks = 0;
	int		 r;

	if (argc < 3 || (strcmp(argv[2], "demo") != 0 && (strcmp(argv[2], "bench") != 0 || argc != 5 ||
	    parse_long(argv[3], 1, 10000, &people) == -1 || parse_long(argv[4], 1, 520, &weeks) == -1))) {
		fputs("usage: digest_seed DB demo | digest_seed DB bench PEOPLE WEEKS\n", stderr);
		return 2;
	}
	if ((db = db_open(argv[1], DB_OPEN_CREATE, err, sizeof(err))) == NULL) {
		fprintf(stderr, "digest_seed: %s\n", err);
		return 1;
	}
	r = strcmp(argv[2], "demo") == 0 ? seed_demo(db) : seed_bench(db, (int)people, (int)weeks);
	if (r != 0)
		fprintf(stderr, "digest_seed: %s\n", db_errmsg(db));
	db_close(db);
	return r != 0;
}
