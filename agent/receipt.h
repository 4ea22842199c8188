/*
 * receipt.h: the short receipt a person gets once their check-in answer is
 * recorded — what rapport understood: the answers by section, hours, mood
 * and the task updates of that reply — and the corrections they send back
 * by replying to it, in the command language (parsers/commands.h,
 * COMMANDS_PERSON: "hours 30", "mood 4", "#12 not done", "wins: ...").
 *
 * Receipts are on unless [agent] receipts = no or the person's receipts
 * are off (`rapport person edit NAME --receipts no`). A correction replaces
 * the recorded answer (the old row stays, with replaced_at set) and is
 * confirmed with an updated receipt that lists what changed and, for each
 * line not understood, why and the closest valid form. Each is done at
 * most once per inbound message (actions_once_seen()), so a message
 * fetched again or reprocessed sends nothing twice.
 *
 * All functions run inside the caller's transaction and return 0, or -1
 * on a database error.
 */
#ifndef RAPPORT_RECEIPT_H
#define RAPPORT_RECEIPT_H

#include <stdint.h>
#include <time.h>

struct config;
struct db;
struct jp;
struct mvalue;
struct person;
struct record_result;

/* After record.c recorded message_row as the answer to check-in `checkin`:
 * queue the receipt, threaded under the person's mail (in_reply_to "<...>"). */
int	 receipt_after_answer(struct db *, const struct config *, const struct person *,
	    int64_t checkin, int64_t message_row, const char *in_reply_to, time_t now);

/*
 * A reply to a receipt (the parse document doc): apply its corrections to
 * check-in `checkin` and confirm them; fills res. Returns 2, changing
 * nothing, when no line reads as a correction but the check-in parser
 * found answers in it (a fresh answer: the caller records it as one).
 */
int	 receipt_correct(struct db *, const struct config *, const struct person *,
	    int64_t checkin, int64_t message_row, const struct jp *doc, struct record_result *);

/* The receipt template's data (templates/README.md) for the check-in as
 * recorded now, with the task updates made by message_row; added to d. */
void	 receipt_data(struct db *, const struct person *, int64_t checkin, int64_t message_row,
	    struct mvalue *d);

#endif
