/*
 * tasks.h: tasks (with due dates and their history) and goals (with a metric
 * and a target). Shared by the CLI, the email commands and the reply
 * recorder, so every path records the same history.
 *
 * `source` is where a change came from: "cli", "email" (a manager's command)
 * or "reply" (a person's check-in answer); message_id is the inbound message
 * row it came from, or -1.
 * Functions return 0, 1 when the task/goal does not exist (or is in the wrong
 * state; why says which), or -1 on a database error.
 */
#ifndef RAPPORT_TASKS_H
#define RAPPORT_TASKS_H

#include <stddef.h>
#include <stdint.h>

struct db;

struct task {
	int64_t	 id;
	int64_t	 person_id;
	char	*person;	/* name, for listings */
	char	*text;
	char	*due;		/* YYYY-MM-DD */
	char	*status;	/* open, done, cancelled */
	int	 percent;	/* -1 if never reported */
	char	*blocked;	/* reason, or NULL */
	int64_t	 created_at;
	int64_t	 done_at;
	int	 moves;		/* how many times the due date moved */
};

struct goal {
	int64_t	 id;
	int64_t	 person_id;
	char	*person;
	char	*text;
	char	*metric;
	double	 target;	/* NaN if none */
	double	 current;	/* NaN if no progress yet */
	char	*due;
	char	*status;	/* open, done, dropped */
	int64_t	 created_at;
	int64_t	 done_at;
};

#define TASK_OPEN	0x01
#define TASK_DONE	0x02
#define TASK_CANCELLED	0x04
#define TASK_ANY	0x07

void	 task_clear(struct task *);
void	 task_list_free(struct task *, size_t);
int	 task_load(struct db *, int64_t id, struct task *);
/* person_id < 0: everyone; overdue_before: only open tasks due before this date ("" = no filter). */
int	 task_list(struct db *, int64_t person_id, int states, const char *due_before,
	    struct task **, size_t *);
int	 task_add(struct db *, int64_t person_id, const char *text, const char *due,
	    const char *source, int64_t message_id, int64_t *idp);
int	 task_done(struct db *, int64_t id, const char *source, int64_t message_id, char *why, size_t);
int	 task_reopen(struct db *, int64_t id, const char *source, int64_t message_id, char *why, size_t);
int	 task_move(struct db *, int64_t id, const char *new_due, const char *reason,
	    const char *source, int64_t message_id, char *why, size_t);
int	 task_cancel(struct db *, int64_t id, const char *source, int64_t message_id, char *why, size_t);
int	 task_progress(struct db *, int64_t id, int percent, const char *source, int64_t message_id,
	    char *why, size_t);
int	 task_block(struct db *, int64_t id, const char *reason, const char *source,
	    int64_t message_id, char *why, size_t);

void	 goal_clear(struct goal *);
void	 goal_list_free(struct goal *, size_t);
int	 goal_load(struct db *, int64_t id, struct goal *);
int	 goal_list(struct db *, int64_t person_id, int all, struct goal **, size_t *);
int	 goal_add(struct db *, int64_t person_id, const char *text, const char *metric,
	    double target, const char *due, int64_t *idp);
int	 goal_progress(struct db *, int64_t id, double value, const char *source, char *why, size_t);
int	 goal_done(struct db *, int64_t id, const char *source, char *why, size_t);

#endif
