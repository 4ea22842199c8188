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

#endif
