/*
 * commands.h: the command language, one command per line, in plain words.
 * The manager writes these to rapport's address or in reply to any rapport
 * email (and `rapport do "..."` takes the same text); a person writes the
 * receipt corrections in reply to their check-in receipt.
 *
 * Manager (COMMANDS_MANAGER):
 *   kudos NAME: TEXT            praise NAME: TEXT       feedback NAME: TEXT
 *   task NAME: TEXT [due DATE]  (also "by DATE")
 *   goal NAME: TEXT [by DATE]
 *   done #ID                    cancel #ID              (the '#' is optional)
 *   move #ID to DATE [: reason]
 *   pause NAME [until DATE]     resume NAME
 *   review NAME DAY TIME        ("review anna friday 15:00", "... tomorrow 3pm")
 *   accept counter #ID          digest                  status [NAME]
 * Person (COMMANDS_PERSON), to correct what the receipt says:
 *   hours 30 | hours 30-35      mood 4
 *   #ID not done | #ID done | #ID 50% | #ID new date DATE | #ID blocked: why
 *   wins: TEXT | in progress: TEXT | blockers: TEXT | next week: TEXT |
 *   support: TEXT
 * Verbs are case-insensitive; "kudos to anna: ..." and "complete/finish #12"
 * (done), "delete/drop #12" (cancel), "reschedule/postpone #12 to ..."
 * (move), "unpause" (resume) are accepted too. A NAME of several words
 * needs the colon form, or must be one of the known names.
 *
 * Lines the caller already removed: quotes and signatures. Blank lines,
 * greetings and sign-offs ("Hi,", "Thanks!", a name after "Thanks,") are
 * skipped. Every other line becomes a command or an error; an error says
 * why and gives the closest valid form ("did you mean `move #12 to
 * DATE`?"): unknown verbs within two edits of a real one, names within two
 * edits of a known one, missing ids, unreadable, past or ambiguous dates.
 * Names are not resolved here: a command carries the name as written, and
 * the known names (optional) only serve to catch typos.
 *
 * At most LIMIT_ANSWERS commands and errors together (truncated says more
 * lines were present). Pure; dates resolve against ctx->date in ctx->tzid.
 */
#ifndef RAPPORT_COMMANDS_H
#define RAPPORT_COMMANDS_H

#include <stddef.h>
#include <time.h>

#include "checkin.h"
#include "dates.h"

enum command_verb {
	COMMAND_KUDOS,
	COMMAND_PRAISE,
	COMMAND_FEEDBACK,
	COMMAND_TASK,
	COMMAND_DONE,
	COMMAND_MOVE,
	COMMAND_CANCEL,
	COMMAND_GOAL,
	COMMAND_PAUSE,
	COMMAND_RESUME,
	COMMAND_REVIEW,
	COMMAND_ACCEPT_COUNTER,
	COMMAND_DIGEST,
	COMMAND_STATUS,
	COMMAND_HOURS,		/* person: hours */
	COMMAND_MOOD,		/* person: mood */
	COMMAND_TASK_UPDATE,	/* person: "#12 not done" and other updates */
	COMMAND_ANSWER		/* person: "wins: ..." */
};

#define COMMANDS_MANAGER	0x1
#define COMMANDS_PERSON		0x2

struct command {
	enum command_verb	 verb;
	char			*person;	/* owned; as written, or NULL */
	long			 task_id;	/* -1 when none */
	char			*text;		/* owned; praise, title, goal, reason, answer; or NULL */
	int			 has_date;
	struct dates_match	 date;		/* due, new date, until, review time */
	struct checkin_hours	 hours;		/* COMMAND_HOURS */
	int			 mood;		/* COMMAND_MOOD: 1-5 */
	enum checkin_key	 key;		/* COMMAND_ANSWER */
	struct checkin_task_update update;	/* COMMAND_TASK_UPDATE (reason owned) */
	size_t			 line_start, line_end;	/* the line in the text */
};

struct command_error {
	size_t		 line_start, line_end;
	char		*message;	/* owned: why, and the closest valid form */
	char		*suggestion;	/* owned: the closest valid form, or NULL */
};

struct command_list {
	struct command		*cmds;		/* owned */
	size_t			 ncmds;
	struct command_error	*errs;		/* owned */
	size_t			 nerrs;
	int			 truncated;
};

struct commands_ctx {
	time_t			 date;		/* the mail's Date (or now) */
	const char		*tzid;		/* the writer's zone; NULL = UTC */
	const char *const	*names;		/* known people, or NULL */
	size_t			 nnames;
	unsigned		 allow;		/* COMMANDS_MANAGER | COMMANDS_PERSON */
};

/*
 * Parse text (the writer's new words). Returns 0, or -1 with *errp set
 * (unknown zone, out of memory; out is then empty). Free with
 * commands_free().
 */
int	 commands_parse(const char *text, size_t len, const struct commands_ctx *,
	    struct command_list *out, const char **errp);
void	 commands_free(struct command_list *);
const char *commands_verb_name(enum command_verb);	/* "accept_counter" */
const char *commands_usage(enum command_verb);		/* "move #ID to DATE" */

#endif
