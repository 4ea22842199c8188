/*
 * record.h: what a parsed inbound message means, written to the database.
 *
 * record_message() reads the parse document (parse.h), finds the thread it
 * belongs to (In-Reply-To / References against the outbox's Message-IDs;
 * else the sender's latest open item), checks the sender (only the
 * registered address or an alias of the thread's person counts; the
 * manager's address for the manager's threads; anything else is
 * quarantined: stored, not counted), and records what it says: check-in
 * answers and task updates, feedback replies, survey scores, RSVPs,
 * out-of-office absences, bounces. It runs inside the caller's
 * transaction and changes nothing outside the database.
 */
#ifndef RAPPORT_RECORD_H
#define RAPPORT_RECORD_H

#include <stdint.h>

struct config;
struct db;
struct jp;

struct record_result {
	char		state[16];	/* recorded, quarantined, ignored, failed */
	char		why[256];	/* for quarantined/ignored/failed */
	int64_t		person_id;	/* -1 if none */
	char		thread_kind[16];
	int64_t		thread_ref;
};

/* 0, or -1 on a database error (the caller rolls the savepoint back). */
int	 record_message(struct db *, const struct config *, int64_t message_row,
	    const struct jp *doc, struct record_result *);

/*
 * Make text/num the current answer for key of a check-in; the answer it
 * replaces keeps its row, with replaced_at set. num and num_max are NAN
 * when absent (num_max: the upper end of a range). source: "reply",
 * "correction", "cli". 0 or -1.
 */
int	 record_put_answer(struct db *, int64_t checkin, int64_t message_row, const char *key,
	    const char *text, double num, double num_max, const char *source);

#endif
