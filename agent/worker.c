/* worker.c: the parser worker process; see worker.h. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "parse.h"
#include "util.h"
#include "worker.h"

#define WORKER_STACK	(16L * 1024 * 1024)

struct worker {
	struct worker_limits	 lim;
	pid_t			 pid;
	int			 to;	/* requests */
	int			 from;	/* answers */
	unsigned		 restarts;
	unsigned		 gen;	/* bumped when the worker dies: requests in flight are lost */
	int			 pipeline;	/* the pipes are large enough to send ahead */
	size_t			 sizes[WORKER_INFLIGHT_MAX];	/* requests in flight, oldest first */
	unsigned		 first, ninflight;
	size_t			 inflight;	/* their bytes */
};

/* Pipes this large hold a whole request and a whole answer for pipelined
 * messages (see worker_send), so neither side can block the other. */
#define WORKER_PIPE_SIZE	(1024 * 1024)

static int
write_full(int fd, const void *buf, size_t len)
{
	const char	*p = buf;
	ssize_t		 w;

	while (len > 0) {
		if ((w = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

static int
read_full(int fd, void *buf, size_t len)
{
	char	*p = buf;
	ssize_t	 r;

	while (len > 0) {
		if ((r = read(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			return -1;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

/* Give each message its own CPU budget: the soft limit is what was used so far plus cpu. */
static void
budget_cpu(long cpu)
{
	struct rusage	ru;
	struct rlimit	rl;

	if (getrusage(RUSAGE_SELF, &ru) == -1)
		return;
	rl.rlim_cur = (rlim_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + 1 + cpu);
	rl.rlim_max = rl.rlim_cur + 1;
	(void)setrlimit(RLIMIT_CPU, &rl);
}

/*
 * Tests only: with RAPPORT_TEST_WORKER_FAULTS=1 in the environment, a message
 * carrying "X-Rapport-Test-Fault: crash" or "...: spin" makes the worker die
 * on SIGSEGV or spin until its CPU or wall-clock limit, so the tests can
 * prove the agent survives and the message is marked failed.
 */
static void
test_fault(const char *raw, size_t len)
{
	static const char	 tag[] = "X-Rapport-Test-Fault: ";
	const char		*p;
	volatile unsigned long	 n = 0;

	if (getenv("RAPPORT_TEST_WORKER_FAULTS") == NULL ||
	    (p = memmem(raw, len, tag, sizeof(tag) - 1)) == NULL)
		return;
	p += sizeof(tag) - 1;
	if ((size_t)(raw + len - p) >= 5 && memcmp(p, "crash", 5) == 0)
		raise(SIGSEGV);
	if ((size_t)(raw + len - p) >= 4 && memcmp(p, "spin", 4) == 0)
		for (;;)
			n++;
}

static void __attribute__((noreturn))
child_main(int in, int out, const struct worker_limits *lim)
{
	struct rlimit	 rl;
	struct strbuf	 json;
	struct parse_ctx ctx;
	void		*storage;
	uint32_t	 hdr[2], len;
	char		*cbuf, *raw;
	int		 fd;

	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	for (fd = 3; fd < 1024; fd++)
		if (fd != in && fd != out)
			(void)close(fd);
#if !defined(__SANITIZE_ADDRESS__)
	/* (AddressSanitizer reserves terabytes of shadow address space: a
	 * sanitizer build keeps the CPU, stack and time limits only.) */
	rl.rlim_cur = rl.rlim_max = (rlim_t)lim->memory;
	(void)setrlimit(RLIMIT_AS, &rl);
#endif
	rl.rlim_cur = rl.rlim_max = WORKER_STACK;
	(void)setrlimit(RLIMIT_STACK, &rl);
	rl.rlim_cur = rl.rlim_max = 0;
	(void)setrlimit(RLIMIT_CORE, &rl);
#if !defined(__SANITIZE_ADDRESS__)
	/* The worker writes no files: a library that tries gets EFBIG. Its
	 * stderr goes nowhere, so library chatter cannot reach a log file
	 * (sanitizer builds keep stderr for their reports). */
	if ((fd = open("/dev/null", O_WRONLY | O_CLOEXEC)) != -1) {
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
	signal(SIGXFSZ, SIG_IGN);
	(void)setrlimit(RLIMIT_FSIZE, &rl);
#endif
	for (;;) {
		if (read_full(in, hdr, sizeof(hdr)) == -1)
			_exit(0);	/* the agent closed the pipe */
		if (hdr[0] > 1024 * 1024 || hdr[1] > LIMIT_MESSAGE_SIZE * 2u)
			_exit(2);
		cbuf = malloc(hdr[0] + 1);
		raw = malloc(hdr[1] + LIBETPAN_PAD);
		if (cbuf == NULL || raw == NULL || read_full(in, cbuf, hdr[0]) == -1 ||
		    read_full(in, raw, hdr[1]) == -1)
			_exit(3);
		cbuf[hdr[0]] = '\0';
		memset(raw + hdr[1], 0, LIBETPAN_PAD);
		parse_ctx_decode(cbuf, &ctx, &storage);
		budget_cpu(lim->cpu);
		test_fault(raw, hdr[1]);
		sb_init(&json, 0);
		(void)parse_message(raw, hdr[1], &ctx, &json, 0);
		len = sb_error(&json) ? 0 : (uint32_t)json.len;
		if (write_full(out, &len, sizeof(len)) == -1 ||
		    write_full(out, sb_str(&json), len) == -1)
			_exit(4);
		sb_free(&json);
		parse_ctx_storage_free(storage);
		free(cbuf);
		free(raw);
	}
}

static int
spawn(struct worker *w, char *why, size_t len)
{
	int	req[2], ans[2];
	pid_t	pid;

	if (pipe2(req, O_CLOEXEC) == -1 || pipe2(ans, O_CLOEXEC) == -1) {
		snprintf(why, len, "worker: pipe: %s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) == -1) {
		snprintf(why, len, "worker: fork: %s", strerror(errno));
		close(req[0]); close(req[1]); close(ans[0]); close(ans[1]);
		return -1;
	}
	if (pid == 0) {
		close(req[1]);
		close(ans[0]);
		child_main(req[0], ans[1], &w->lim);
	}
	close(req[0]);
	close(ans[1]);
	w->pipeline = fcntl(req[1], F_SETPIPE_SZ, WORKER_PIPE_SIZE) >= WORKER_PIPE_SIZE &&
	    fcntl(ans[0], F_SETPIPE_SZ, WORKER_PIPE_SIZE) >= WORKER_PIPE_SIZE;
	w->pid = pid;
	w->to = req[1];
	w->from = ans[0];
	return 0;
}

struct worker *
worker_start(const struct worker_limits *lim, char *why, size_t len)
{
	struct worker *w = xcalloc(1, sizeof(*w));

	w->lim = *lim;
	w->pid = -1;
	w->to = w->from = -1;
	/* A broken pipe to a dead worker must be an error, not our death. */
	signal(SIGPIPE, SIG_IGN);
	if (spawn(w, why, len) == -1) {
		free(w);
		return NULL;
	}
	return w;
}

/* Reap the worker and describe how it ended. */
static void
reap(struct worker *w, int kill_it, char *why, size_t len)
{
	int	status = 0;

	if (w->pid <= 0)
		return;
	if (kill_it)
		kill(w->pid, SIGKILL);
	while (waitpid(w->pid, &status, 0) == -1 && errno == EINTR)
		;
	if (why != NULL && !kill_it) {
		if (WIFSIGNALED(status))
			snprintf(why, len, "parser worker died on signal %d (%s)%s", WTERMSIG(status),
			    strsignal(WTERMSIG(status)), WTERMSIG(status) == SIGXCPU ? ": CPU limit" : "");
		else
			snprintf(why, len, "parser worker exited with status %d (likely out of memory)",
			    WEXITSTATUS(status));
	}
	close(w->to);
	close(w->from);
	w->pid = -1;
	w->to = w->from = -1;
	w->gen++;
	w->first = w->ninflight = 0;
	w->inflight = 0;
}

/* An answer was read (or lost): its request is no longer in flight. */
static void
answered(struct worker *w)
{
	if (w->ninflight == 0)
		return;
	w->inflight -= w->sizes[w->first];
	w->first = (w->first + 1) % WORKER_INFLIGHT_MAX;
	w->ninflight--;
}

int
worker_send(struct worker *w, const char *raw, size_t len, const struct parse_ctx *ctx,
    char *why, size_t whylen)
{
	struct strbuf	 cs = STRBUF_INIT;
	uint32_t	 hdr[2];

	if (w->pid <= 0) {
		if (spawn(w, why, whylen) == -1)
			return -1;
		w->restarts++;
	}
	parse_ctx_encode(ctx, &cs);
	hdr[0] = (uint32_t)cs.len;
	hdr[1] = (uint32_t)len;
	if (write_full(w->to, hdr, sizeof(hdr)) == -1 || write_full(w->to, sb_str(&cs), cs.len) == -1 ||
	    write_full(w->to, raw, len) == -1) {
		sb_free(&cs);
		reap(w, 0, why, whylen);
		return -1;
	}
	if (w->ninflight < WORKER_INFLIGHT_MAX) {
		w->sizes[(w->first + w->ninflight++) % WORKER_INFLIGHT_MAX] = sizeof(hdr) + cs.len + len;
		w->inflight += sizeof(hdr) + cs.len + len;
	}
	sb_free(&cs);
	return 0;
}

int
worker_recv(struct worker *w, struct strbuf *json, char *why, size_t whylen)
{
	struct pollfd	 pfd;
	uint32_t	 alen;
	int		 r;
	time_t		 deadline;

	if (w->pid <= 0) {
		snprintf(why, whylen, "parser worker is not running");
		return -1;
	}
	deadline = time(NULL) + w->lim.timeout;
	pfd.fd = w->from;
	pfd.events = POLLIN;
	for (;;) {
		long left = (long)(deadline - time(NULL));
		if (left <= 0) {
			reap(w, 1, NULL, 0);
			snprintf(why, whylen, "parser worker took longer than %lds; stopped", w->lim.timeout);
			return -1;
		}
		r = poll(&pfd, 1, (int)(left * 1000));
		if (r == -1 && errno == EINTR)
			continue;
		if (r > 0)
			break;
	}
	if (read_full(w->from, &alen, sizeof(alen)) == -1) {
		reap(w, 0, why, whylen);
		return -1;
	}
	if (alen == 0) {
		answered(w);
		snprintf(why, whylen, "parser worker ran out of memory on this message");
		return -1;
	}
	/* straight into the caller's buffer */
	if (sb_reserve(json, alen) == -1) {
		reap(w, 1, NULL, 0);
		snprintf(why, whylen, "out of memory for the parse of this message");
		return -1;
	}
	if (read_full(w->from, json->s + json->len, alen) == -1) {
		json->s[json->len] = '\0';
		reap(w, 0, why, whylen);
		return -1;
	}
	json->len += alen;
	json->s[json->len] = '\0';
	answered(w);
	return 0;
}

int
worker_parse(struct worker *w, const char *raw, size_t len, const struct parse_ctx *ctx,
    struct strbuf *json, char *why, size_t whylen)
{
	if (worker_send(w, raw, len, ctx, why, whylen) == -1)
		return -1;
	return worker_recv(w, json, why, whylen);
}

unsigned
worker_generation(const struct worker *w)
{
	return w->gen;
}

void
worker_reset(struct worker *w)
{
	reap(w, 1, NULL, 0);
}

unsigned
worker_inflight(const struct worker *w)
{
	return w->pid > 0 ? w->ninflight : 0;
}

int
worker_can_send_ahead(const struct worker *w, size_t len)
{
	/* the header and context are small: a page covers them */
	return w->pid > 0 && w->pipeline && w->ninflight < WORKER_INFLIGHT_MAX &&
	    w->inflight + len + 4096 <= WORKER_PIPELINE_MAX;
}

void
worker_stop(struct worker *w)
{
	if (w == NULL)
		return;
	if (w->pid > 0) {
		close(w->to);	/* EOF: the worker exits */
		w->to = -1;
		reap(w, 0, NULL, 0);
	}
	free(w);
}

unsigned
worker_restarts(const struct worker *w)
{
	return w->restarts;
}
