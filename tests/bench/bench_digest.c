/*
 * bench_digest: the weekly digest, `rapport report` and `rapport export` on
 * PEOPLE x WEEKS of history (tests/tools/seed.c: check-ins with answers,
 * tasks and their history, goals, feedback, reviews and RSVPs, surveys,
 * outbox rows and inbound messages with their bytes).
 *
 *   bench_digest [--people 100] [--weeks 52] [--dir DIR]
 *
 * The database is seeded once (in DIR, default a temporary directory that is
 * removed afterwards); then each step runs in a fresh process, so that its
 * peak RSS is its own and its cache is cold for SQLite (warm for the OS).
 * Output, one "key value" per line:
 *
 *   people, weeks, db_mb, seed_s,
 *   digest_ms, digest_rss_kb, digest_text_kb, digest_html_kb,
 *   report_ms, report_rss_kb, export_ms, export_rss_kb, export_mb
 *
 * and a last line comparing with the targets (digest under 200 ms and
 * 30 MB, report and export under 1 s). Exit 1 if a step failed, 0 otherwise:
 * timings on a shared machine are figures, not a test.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "digest.h"
#include "export.h"
#include "people.h"
#include "report.h"
#include "seed.h"
#include "util.h"

#define WEEK	"2026-W48"

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
die(const char *what, const char *why)
{
	fprintf(stderr, "bench_digest: %s: %s\n", what, why);
	exit(1);
}

static void
open_all(const char *dir, struct config **c, struct db **db)
{
	struct strbuf	 errs = STRBUF_INIT;
	char		 path[512], err[256];

	snprintf(path, sizeof(path), "%s/rapport.conf", dir);
	if ((*c = config_load(path, &errs, NULL)) == NULL)
		die(path, sb_str(&errs));
	if ((*db = db_open((*c)->database, 0, err, sizeof(err))) == NULL)
		die((*c)->database, err);
}

/* --- the steps, each in its own process: print "ms [extra...]" */

static int
step_digest(const char *dir)
{
	struct config	*c;
	struct db	*db;
	struct digest	*d;
	char		*subject, *text, *html, why[256];
	double		 t0;

	open_all(dir, &c, &db);
	t0 = now_s();
	if (digest_build(db, c, WEEK, time(NULL), &d, why, sizeof(why)) != 0)
		die("digest", why);
	if (digest_render(d, c, &subject, &text, &html, why, sizeof(why)) == -1)
		die("render", why);
	printf("%.1f %zu %zu %zu\n", (now_s() - t0) * 1000, d->npeople, strlen(text), strlen(html));
	free(subject);
	free(text);
	free(html);
	digest_free(d);
	db_close(db);
	config_free(c);
	return 0;
}

static int
step_report(const char *dir, int weeks)
{
	struct config	*c;
	struct db	*db;
	struct person	*v;
	size_t		 n;
	FILE		*f;
	double		 t0;

	open_all(dir, &c, &db);
	if ((f = fopen("/dev/null", "w")) == NULL)
		die("/dev/null", "cannot open");
	t0 = now_s();
	if (person_list(db, 0, &v, &n) == -1 || report_write(db, v, n, WEEK, weeks, REPORT_JSON, f) == -1)
		die("report", db_errmsg(db));
	fflush(f);
	printf("%.1f\n", (now_s() - t0) * 1000);
	fclose(f);
	person_list_free(v, n);
	db_close(db);
	config_free(c);
	return 0;
}

static int
step_export(const char *dir)
{
	struct config	*c;
	struct db	*db;
	struct stat	 st;
	char		 path[512], why[256];
	FILE		*f;
	double		 t0;

	open_all(dir, &c, &db);
	snprintf(path, sizeof(path), "%s/export.json", dir);
	if ((f = fopen(path, "w")) == NULL)
		die(path, "cannot create");
	t0 = now_s();
	if (export_json(db, f, why, sizeof(why)) == -1)
		die("export", why);
	fclose(f);
	printf("%.1f %.1f\n", (now_s() - t0) * 1000,
	    stat(path, &st) == 0 ? (double)st.st_size / (1 << 20) : 0.0);
	unlink(path);
	db_close(db);
	config_free(c);
	return 0;
}

/* Run `self --step NAME DIR WEEKS`; its first output line into out, its peak RSS in KiB. */
static long
run_step(const char *self, const char *name, const char *dir, int weeks, char *out, size_t len)
{
	struct rusage	 ru;
	char		 w[16];
	int		 fd[2], status;
	pid_t		 pid;
	FILE		*f;

	snprintf(w, sizeof(w), "%d", weeks);
	if (pipe(fd) == -1 || (pid = fork()) == -1)
		die(name, "cannot fork");
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execl(self, self, "--step", name, dir, w, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	f = fdopen(fd[0], "r");
	if (fgets(out, (int)len, f) == NULL)
		*out = '\0';
	fclose(f);
	if (wait4(pid, &status, 0, &ru) == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die(name, "the step failed");
	out[strcspn(out, "\n")] = '\0';
	return ru.ru_maxrss;
}

static void
setup(const char *dir, int people, int weeks)
{
	struct config	*c;
	struct db	*db;
	char		 path[512], err[256];
	double		 t0;
	FILE		*f;

	snprintf(path, sizeof(path), "%s/rapport.conf", dir);
	if ((f = fopen(path, "w")) == NULL)
		die(path, "cannot create");
	fprintf(f, "[agent]\ndatabase = %s/rapport.db\n[manager]\nname = Maria Rossi\nemail = maria@example.com\n"
	    "tz = Europe/Rome\n[smtp]\nfrom = rapport@example.com\n", dir);
	fclose(f);
	snprintf(path, sizeof(path), "%s/rapport.db", dir);
	if ((db = db_open(path, DB_OPEN_CREATE, err, sizeof(err))) == NULL)
		die(path, err);
	t0 = now_s();
	if (seed_bench(db, people, weeks) != 0)
		die("seed", db_errmsg(db));
	printf("seed_s %.1f\n", now_s() - t0);
	db_close(db);
	(void)c;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "people", required_argument, NULL, 'p' },
		{ "weeks", required_argument, NULL, 'w' },
		{ "dir", required_argument, NULL, 'd' },
		{ "step", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	char		 tmp[] = "/tmp/bench-digest.XXXXXX", out[256], path[600], self[512];
	const char	*dir = NULL;
	struct stat	 st;
	long		 people = 100, weeks = 52, rss_d, rss_r, rss_e;
	double		 d_ms = 0, r_ms = 0, e_ms = 0, e_mb = 0;
	size_t		 np = 0, text = 0, html = 0;
	ssize_t		 n;
	int		 ch, step = 0;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			if (parse_long(optarg, 1, 10000, &people) == -1)
				die("--people", optarg);
			break;
		case 'w':
			if (parse_long(optarg, 1, 520, &weeks) == -1)
				die("--weeks", optarg);
			break;
		case 'd': dir = optarg; break;
		case 's': step = 1; break;
		default:
			fputs("usage: bench_digest [--people N] [--weeks N] [--dir DIR]\n", stderr);
			return 2;
		}
	}
	if (step) {
		if (argc - optind != 3 || parse_long(argv[optind + 2], 1, 520, &weeks) == -1)
			return 2;
		if (strcmp(argv[optind], "digest") == 0)
			return step_digest(argv[optind + 1]);
		if (strcmp(argv[optind], "report") == 0)
			return step_report(argv[optind + 1], (int)weeks);
		return step_export(argv[optind + 1]);
	}
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) == -1)
		die("/proc/self/exe", "cannot read");
	self[n] = '\0';
	if (dir == NULL && (dir = mkdtemp(tmp)) == NULL)
		die(tmp, "cannot create");
	printf("people %ld\nweeks %ld\n", people, weeks);
	fflush(stdout);
	setup(dir, (int)people, (int)weeks);
	snprintf(path, sizeof(path), "%s/rapport.db", dir);
	printf("db_mb %.1f\n", stat(path, &st) == 0 ? (double)st.st_size / (1 << 20) : 0.0);
	fflush(stdout);

	rss_d = run_step(self, "digest", dir, (int)weeks, out, sizeof(out));
	if (sscanf(out, "%lf %zu %zu %zu", &d_ms, &np, &text, &html) != 4)
		die("digest", out);
	printf("digest_ms %.1f\ndigest_rss_kb %ld\ndigest_people %zu\ndigest_text_kb %zu\ndigest_html_kb %zu\n",
	    d_ms, rss_d, np, text / 1024, html / 1024);
	rss_r = run_step(self, "report", dir, (int)weeks, out, sizeof(out));
	if (sscanf(out, "%lf", &r_ms) != 1)
		die("report", out);
	printf("report_ms %.1f\nreport_rss_kb %ld\n", r_ms, rss_r);
	rss_e = run_step(self, "export", dir, (int)weeks, out, sizeof(out));
	if (sscanf(out, "%lf %lf", &e_ms, &e_mb) != 2)
		die("export", out);
	printf("export_ms %.1f\nexport_rss_kb %ld\nexport_mb %.1f\n", e_ms, rss_e, e_mb);
	printf("targets: digest %s (< 200 ms, < 30 MB); report %s, export %s (< 1 s)\n",
	    d_ms < 200 && rss_d < 30 * 1024 ? "ok" : "OVER", r_ms < 1000 ? "ok" : "OVER",
	    e_ms < 1000 ? "ok" : "OVER");
	if (dir == tmp) {
		snprintf(path, sizeof(path), "rm -rf '%s'", dir);
		if (system(path) != 0)
			fprintf(stderr, "bench_digest: could not remove %s\n", dir);
	}
	return 0;
}
