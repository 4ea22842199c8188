/* secret.c: passwords from a command, the environment or a private file. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "secret.h"
#include "util.h"

#define SECRET_MAX	8192

/* Keep the first line only, without its newline. */
static void
first_line(char *s)
{
	s[strcspn(s, "\r\n")] = '\0';
}

/* Run cmd with /bin/sh -c; its stdout (first line) is the secret; stderr
 * passes through so the user sees why a password manager failed. */
static int
run_cmd(const char *cmd, char **out, char *why, size_t len)
{
	int	 fds[2], status;
	pid_t	 pid;
	char	*buf;
	size_t	 n = 0;
	ssize_t	 r;

	if (pipe(fds) == -1) {
		snprintf(why, len, "pipe: %s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) == -1) {
		snprintf(why, len, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		if (devnull != -1)
			dup2(devnull, STDIN_FILENO);
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	buf = xmalloc(SECRET_MAX + 1);
	while (n < SECRET_MAX && (r = read(fds[0], buf + n, SECRET_MAX - n)) != 0) {
		if (r == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		n += (size_t)r;
	}
	buf[n] = '\0';
	close(fds[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		secret_free(buf);
		snprintf(why, len, "the command exited with %s %d", WIFEXITED(status) ? "status" : "signal",
		    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		return -1;
	}
	first_line(buf);
	if (*buf == '\0') {
		secret_free(buf);
		snprintf(why, len, "the command printed nothing");
		return -1;
	}
	*out = buf;
	return 0;
}

static int
read_private(const char *path, char **out, char *why, size_t len)
{
	struct stat	 st;
	int		 fd;
	char		*buf;
	ssize_t		 r;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		snprintf(why, len, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || (st.st_mode & 077)) {
		snprintf(why, len, "%s must be a regular file with mode 0600 (chmod 600 %s)", path, path);
		close(fd);
		return -1;
	}
	buf = xmalloc(SECRET_MAX + 1);
	r = read(fd, buf, SECRET_MAX);
	close(fd);
	if (r < 0) {
		snprintf(why, len, "%s: %s", path, strerror(errno));
		free(buf);
		return -1;
	}
	buf[r] = '\0';
	first_line(buf);
	if (*buf == '\0') {
		secret_free(buf);
		snprintf(why, len, "%s is empty", path);
		return -1;
	}
	*out = buf;
	return 0;
}

int
secret_get(const struct secret_src *s, char **out, char *why, size_t len)
{
	const char *v;

	*out = NULL;
	if (s->cmd != NULL) {
		if (run_cmd(s->cmd, out, why, len) == -1) {
			char tmp[256];
			snprintf(tmp, sizeof(tmp), "password_cmd: %s", why);
			snprintf(why, len, "%s", tmp);
			return -1;
		}
		return 0;
	}
	if (s->env != NULL) {
		if ((v = getenv(s->env)) == NULL || *v == '\0') {
			snprintf(why, len, "password_env: $%s is not set", s->env);
			return -1;
		}
		*out = xstrdup(v);
		return 0;
	}
	if (s->file != NULL)
		return read_private(s->file, out, why, len);
	return 1;
}

int
secret_token(const char *cmd, char **out, char *why, size_t len)
{
	*out = NULL;
	if (cmd == NULL)
		return 1;
	if (run_cmd(cmd, out, why, len) == -1) {
		char tmp[256];
		snprintf(tmp, sizeof(tmp), "oauth2_token_cmd: %s", why);
		snprintf(why, len, "%s", tmp);
		return -1;
	}
	return 0;
}

void
secret_free(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}
