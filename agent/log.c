/* log.c: leveled, single-line logging to stderr, syslog or a file. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

static enum rlog_level	 log_level = RLOG_INFO;
static int		 log_syslog;
static FILE		*log_fp;

int
log_open(const char *target, const char *level)
{
	if (level != NULL) {
		if (strcmp(level, "error") == 0)
			log_level = RLOG_ERROR;
		else if (strcmp(level, "warn") == 0)
			log_level = RLOG_WARN;
		else if (strcmp(level, "debug") == 0)
			log_level = RLOG_DEBUG;
		else
			log_level = RLOG_INFO;
	}
	log_close();
	if (target == NULL || strcmp(target, "stderr") == 0)
		return 0;
	if (strcmp(target, "syslog") == 0) {
		openlog("rapport", LOG_PID, LOG_MAIL);
		log_syslog = 1;
		return 0;
	}
	{
		/* logs name people and subjects: private, like the database */
		int fd = open(target, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
		if (fd == -1 || (log_fp = fdopen(fd, "a")) == NULL) {
			if (fd != -1)
				close(fd);
			return -1;
		}
	}
	setvbuf(log_fp, NULL, _IOLBF, 0);
	return 0;
}

void
log_set_level(enum rlog_level l)
{
	log_level = l;
}

void
log_close(void)
{
	if (log_fp != NULL)
		fclose(log_fp);
	log_fp = NULL;
	if (log_syslog)
		closelog();
	log_syslog = 0;
}

int
log_enabled(enum rlog_level l)
{
	return l <= log_level;
}

static void
vlog(enum rlog_level l, const char *fmt, va_list ap)
{
	static const char	*names[] = { "error", "warn", "info", "debug" };
	static const int	 prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	char			 msg[2048], ts[32];
	FILE			*fp;
	size_t			 i;
	int			 e = errno;

	if (!log_enabled(l))
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	for (i = 0; msg[i] != '\0'; i++)	/* one event, one line */
		if ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7f)
			msg[i] = '?';
	if (log_syslog)
		syslog(prio[l], "%s", msg);
	else {
		fp = log_fp != NULL ? log_fp : stderr;
		fmt_iso_utc(time(NULL), ts, sizeof(ts));
		fprintf(fp, "%s rapport[%ld]: %s: %s\n", ts, (long)getpid(), names[l], msg);
	}
	errno = e;
}

#define LOGFN(name, level)				\
void							\
name(const char *fmt, ...)				\
{							\
	va_list ap;					\
	va_start(ap, fmt);				\
	vlog(level, fmt, ap);				\
	va_end(ap);					\
}

LOGFN(log_error, RLOG_ERROR)
LOGFN(log_warn, RLOG_WARN)
LOGFN(log_info, RLOG_INFO)
LOGFN(log_debug, RLOG_DEBUG)
