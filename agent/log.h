/*
 * log.h: one line per event, to stderr, syslog or a file, with a level.
 * Lines name the module first ("imap: ..."), never carry a secret (callers
 * never pass one), and carry no control characters from data: they are
 * escaped, so a hostile subject cannot forge log lines.
 */
#ifndef RAPPORT_LOG_H
#define RAPPORT_LOG_H

enum rlog_level { RLOG_ERROR, RLOG_WARN, RLOG_INFO, RLOG_DEBUG };

/* target: "stderr", "syslog" or a file path; level by name. 0 or -1. */
int	 log_open(const char *target, const char *level);
void	 log_set_level(enum rlog_level);
void	 log_close(void);
int	 log_enabled(enum rlog_level);

void	 log_error(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
