/* cmds.h: the entry point of every command group (see the table in cli.c). */
#ifndef RAPPORT_CMDS_H
#define RAPPORT_CMDS_H

struct rapport;

int	cmd_init(struct rapport *, int, char **);
int	cmd_config(struct rapport *, int, char **);
int	cmd_person(struct rapport *, int, char **);
int	cmd_goal(struct rapport *, int, char **);
int	cmd_task(struct rapport *, int, char **);
int	cmd_parse(struct rapport *, int, char **);
int	cmd_poll(struct rapport *, int, char **);
int	cmd_inbox(struct rapport *, int, char **);
int	cmd_digest(struct rapport *, int, char **);
int	cmd_report(struct rapport *, int, char **);
int	cmd_kudos(struct rapport *, int, char **);
int	cmd_feedback(struct rapport *, int, char **);
int	cmd_export(struct rapport *, int, char **);
int	cmd_import(struct rapport *, int, char **);
int	cmd_review(struct rapport *, int, char **);
int	cmd_tick(struct rapport *, int, char **);
int	cmd_schedule(struct rapport *, int, char **);
int	cmd_outbox(struct rapport *, int, char **);
int	cmd_run(struct rapport *, int, char **);
int	cmd_status(struct rapport *, int, char **);
int	cmd_do(struct rapport *, int, char **);
int	cmd_doctor(struct rapport *, int, char **);

/* Shared by tick and the daemon (cmd_send.c). */
struct config;
struct db;
struct tick_stats;
struct outbox_stats;
int	cli_templates(struct config *);
int	tick_once(struct db *, struct config *, long long now, int schedule, int send,
	    struct tick_stats *, struct outbox_stats *);

#endif
