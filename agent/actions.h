/*
 * actions.h: what the command language (parsers/commands.h) does. One
 * executor serves the manager's mail, `rapport do "..."` and the people's
 * corrections to their check-in receipts, so every path changes the
 * database in the same way (through tasks.h, people.h, mail.h).
 *
 * The manager (ctx->person NULL, COMMANDS_MANAGER):
 *   kudos/praise/feedback NAME: TEXT   recorded and emailed (mail_feedback())
 *   task NAME: TEXT due DATE           task_add()
 *   goal NAME: TEXT [by DATE]          goal_add()
 *   done / cancel #ID                  task_done(), task_cancel()
 *   move #ID to DATE [: reason]        task_move()
 *   pause NAME [until DATE]            no check-ins, reminders or follow-ups
 *                                      until DATE (the first day back)
 *   resume NAME                        end the pause
 *   review NAME DAY TIME               this week's 1:1 (the ISO week of
 *                                      the time, in the manager's zone):
 *                                      review_move(), else review_schedule();
 *                                      refused outside either person's hours
 *   accept counter #ID                 review_accept_counter(), if it fits
 *   digest                             refused as "not available yet" until
 *                                      the digest module lands
 *   status [NAME]                      a few lines of status
 * A person (ctx->person set, ctx->checkin the check-in the receipt was
 * for; COMMANDS_PERSON): hours, mood, "wins: ..." and the other sections
 * replace the recorded answer (the old one is kept, replaced_at set);
 * "#12 not done", "#12 done", "#12 50%", "#12 new date DATE",
 * "#12 blocked: why" change their own tasks only.
 *
 * Names are resolved with person_find() (id, full name, address, or an
 * unambiguous first name or prefix); a miss names the closest person in
 * the suggestion. Every command runs in its own savepoint inside the
 * caller's transaction: a command that is refused changes nothing, the
 * others still apply. Each line of the input ends up as one line of
 * `done` (what was done) or of `errors` (the line, why, and the closest
 * valid form), in the order written.
 *
 * Ownership: every string in a struct actions_result belongs to it;
 * actions_result_free() frees them.
 */
#ifndef RAPPORT_ACTIONS_H
#define RAPPORT_ACTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct command_list;
struct config;
struct db;
struct jp;
struct mvalue;
struct person;
struct record_result;

struct actions_ctx {
	struct db		*db;
	const struct config	*cfg;
	time_t			 date;		/* the writer's "now": the mail's Date; dates resolve against it */
	const char		*source;	/* task history: "email", "cli" or "reply" */
	int64_t			 message;	/* the inbound messages row, or -1 */
	const struct person	*person;	/* a person correcting their receipt; NULL: the manager */
	int64_t			 checkin;	/* with person: the check-in being corrected */
};

struct actions_result {
	char	**done;		/* "kudos sent to Anna Lee: “great work”" */
	size_t	  ndone;
	char	**errors;	/* "“mvoe #12 to Dec 8”: unknown command ...; did you mean `...`?" */
	size_t	  nerrors;
	char	 *first;	/* the first command line as written, for a subject; or NULL */
	size_t	  nlines;	/* lines read as commands or errors */
	size_t	  ncommands;	/* lines read as commands (carried out or refused) */
	int	  truncated;	/* more lines than LIMIT_ANSWERS: the rest were not read */
};

/*
 * Parse text with commands_parse() (names known from the people table,
 * dates against ctx->date in the writer's zone) and apply it with
 * actions_apply(). 0, or -1 on a database error (the caller rolls back).
 */
int	 actions_run(const struct actions_ctx *, const char *text, size_t len,
	    struct actions_result *);
/* Apply commands already parsed from text (offsets in the list refer to it). */
int	 actions_apply(const struct actions_ctx *, const char *text,
	    const struct command_list *, struct actions_result *);
void	 actions_result_free(struct actions_result *);

/* What `rapport do` prints: "Done:" and "Not done:" with a line each. Caller frees. */
char	*actions_result_text(const struct actions_result *);
/* Template data of command_confirmation (templates/README.md), added to base. */
void	 actions_confirmation_data(const struct actions_result *, struct mvalue *base);

/*
 * Mail from the manager's address (record.c): carry out the commands of
 * the reply text once per message key, queue one confirmation to the
 * manager threaded under their mail, and fill res. A message whose
 * commands were already carried out (fetched again, `rapport inbox
 * reprocess`) is recorded without doing anything. Inside the caller's
 * transaction; 0 or -1 on a database error.
 */
int	 actions_from_mail(struct db *, const struct config *, int64_t message_row,
	    const struct jp *doc, struct record_result *);

/*
 * Once per inbound message (mail_actions): 0 not yet, 1 done already (*at
 * set when not NULL), -1 on error. actions_once_mark() records it (in the
 * caller's transaction). kind: "commands", "receipt", "correction".
 */
int	 actions_once_seen(struct db *, int64_t message_row, const char *kind, int64_t *at);
int	 actions_once_mark(struct db *, int64_t message_row, const char *kind,
	    const struct actions_result *, int64_t outbox_id);

/*
 * The digest as a control panel: command lines that fit the week
 * [start, end): a ready `kudos NAME: ...` per task finished and goal
 * reached in the week, a `move #ID to DATE` per task still open and due
 * before end (DATE a week after now, in the person's zone). Each line
 * parses back with commands_parse() as one manager command. The kudos
 * lines come first, then the moves, each by person. *out is an array the
 * caller frees with actions_suggest_free().
 */
struct actions_suggestion {
	int64_t		 person_id;
	const char	*kind;		/* static: "kudos" or "move" */
	int64_t		 ref;		/* the task or goal id */
	char		*line;
};

int	 actions_suggest(struct db *, const struct config *, time_t start, time_t end,
	    time_t now, struct actions_suggestion **out, size_t *n);
void	 actions_suggest_free(struct actions_suggestion *, size_t);

#endif
