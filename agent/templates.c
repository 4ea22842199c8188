/*
 * templates.c: built-in and overridden email templates; see templates.h.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "mustache.h"
#include "strbuf.h"
#include "templates.h"
#include "util.h"

const char *const templates_emails[] = {
	"checkin", "checkin_reminder", "deadline_followup", "feedback_praise",
	"feedback_constructive", "survey", "review_invite", "review_monthly",
	"digest", "receipt", "command_confirmation", "doctor_test", NULL
};

/* overrides[i] replaces templates_builtin[i] when not NULL */
static char	**overrides;
static size_t	  noverrides;

static size_t
builtin_count(void)
{
	size_t n = 0;

	while (templates_builtin[n].name != NULL)
		n++;
	return n;
}

static ssize_t
builtin_index(const char *file)
{
	size_t i;

	for (i = 0; templates_builtin[i].name != NULL; i++)
		if (strcmp(templates_builtin[i].name, file) == 0)
			return (ssize_t)i;
	return -1;
}

static void
free_set(char **set, size_t n)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < n; i++)
		free(set[i]);
	free(set);
}

void
templates_unload(void)
{
	free_set(overrides, noverrides);
	overrides = NULL;
	noverrides = 0;
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

static int
is_template_name(const char *s)
{
	return has_suffix(s, ".txt") || has_suffix(s, ".html") || has_suffix(s, ".subject");
}

/* Read and check one override file into set[idx]. */
static int
load_one(const char *dir, const char *name, char **set, char *err, size_t errlen)
{
	char	*path, *buf, merr[200];
	size_t	 len;
	ssize_t	 idx;
	int	 rv = -1;

	path = xasprintf("%s/%s", dir, name);
	if ((idx = builtin_index(name)) == -1)
		snprintf(err, errlen, "%s: not a template rapport knows (see %s)",
		    path, "templates/README.md");
	else if (read_file(path, &buf, &len, TEMPLATE_MAX_SIZE) == -1)
		snprintf(err, errlen, "%s: %s", path,
		    errno == EFBIG ? "larger than 256 KiB" : strerror(errno));
	else if (memchr(buf, '\0', len) != NULL) {
		snprintf(err, errlen, "%s: contains a NUL byte", path);
		free(buf);
	} else if (mustache_check(buf, len, merr, sizeof(merr)) == -1) {
		snprintf(err, errlen, "%s: %s", path, merr);
		free(buf);
	} else {
		free(set[idx]);
		set[idx] = buf;
		rv = 0;
	}
	free(path);
	return rv;
}

int
templates_load(const char *dir, char *err, size_t errlen)
{
	size_t		 n = builtin_count();
	char		**set = xcalloc(n, sizeof(*set));
	DIR		*d;
	struct dirent	*de;
	int		 rv = 0;

	if (dir != NULL) {
		if ((d = opendir(dir)) == NULL) {
			snprintf(err, errlen, "%s: %s", dir, strerror(errno));
			free(set);
			return -1;
		}
		while (rv == 0 && (de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.' || !is_template_name(de->d_name))
				continue;
			rv = load_one(dir, de->d_name, set, err, errlen);
		}
		closedir(d);
	}
	if (rv == -1) {
		free_set(set, n);
		return -1;
	}
	templates_unload();
	overrides = set;
	noverrides = n;
	return 0;
}

const char *
templates_get(const char *file, int *overridden)
{
	ssize_t i = builtin_index(file);

	if (overridden != NULL)
		*overridden = 0;
	if (i == -1)
		return NULL;
	if ((size_t)i < noverrides && overrides[i] != NULL) {
		if (overridden != NULL)
			*overridden = 1;
		return overrides[i];
	}
	return templates_builtin[i].text;
}

/* {{> name}} is _name.txt or _name.html, by the kind of the template using it. */
static int
find_partial(void *arg, const char *name, const char **tmpl, size_t *len)
{
	const char	*ext = arg;
	char		 file[128];
	int		 n;

	n = snprintf(file, sizeof(file), "_%s%s", name, ext);
	if (n < 0 || (size_t)n >= sizeof(file) || (*tmpl = templates_get(file, NULL)) == NULL)
		return -1;
	*len = strlen(*tmpl);
	return 0;
}

/* Render NAME+ext into *out (NULL if there is no such file). */
static int
render_file(const char *name, const char *ext, const struct mvalue *data,
    char **out, char *err, size_t errlen)
{
	struct mustache_opts	 o;
	struct strbuf		 sb = STRBUF_INIT;
	const char		*src;
	char			 file[128], merr[200];

	*out = NULL;
	snprintf(file, sizeof(file), "%s%s", name, ext);
	if ((src = templates_get(file, NULL)) == NULL)
		return 0;
	o.escape = strcmp(ext, ".html") == 0 ? MUSTACHE_ESCAPE_HTML : MUSTACHE_ESCAPE_NONE;
	o.partial = find_partial;
	o.partial_arg = (void *)(strcmp(ext, ".html") == 0 ? ".html" : ".txt");
	o.max_output = 0;
	if (mustache_render(src, strlen(src), data, &o, &sb, merr, sizeof(merr)) == -1 ||
	    (*out = sb_detach(&sb, NULL)) == NULL) {
		snprintf(err, errlen, "template %s: %s", file,
		    sb_error(&sb) ? "out of memory" : merr);
		sb_free(&sb);
		return -1;
	}
	return 0;
}

/* A subject is one line: blank runs (newlines included) become one space. */
static void
one_line(char *s)
{
	char	*w = s, *r;
	int	 blank = 0;

	for (r = s; *r != '\0'; r++) {
		if (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\n') {
			blank = w > s;
			continue;
		}
		if (blank)
			*w++ = ' ';
		blank = 0;
		*w++ = *r;
	}
	*w = '\0';
}

static int
name_valid(const char *name)
{
	size_t n = 0;

	for (; *name != '\0'; name++, n++)
		if (!((*name >= 'a' && *name <= 'z') || *name == '_' ||
		    (*name >= '0' && *name <= '9')))
			return 0;
	return n > 0 && n < 64;
}

int
templates_render(const char *name, const struct mvalue *data,
    char **subject, char **text, char **html, char *err, size_t errlen)
{
	char	*s = NULL, *t = NULL, *h = NULL;

	if (name == NULL || !name_valid(name) || name[0] == '_') {
		snprintf(err, errlen, "invalid template name");
		return -1;
	}
	if (render_file(name, ".txt", data, &t, err, errlen) == -1)
		return -1;
	if (t == NULL) {
		snprintf(err, errlen, "no template %s.txt", name);
		return -1;
	}
	if ((html != NULL && render_file(name, ".html", data, &h, err, errlen) == -1) ||
	    (subject != NULL && render_file(name, ".subject", data, &s, err, errlen) == -1)) {
		free(t);
		free(h);
		return -1;
	}
	if (s != NULL)
		one_line(s);
	if (subject != NULL)
		*subject = s;
	if (html != NULL)
		*html = h;
	*text = t;
	return 0;
}

static int
blank_line(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

void
templates_set_text(struct mvalue *map, const char *key, const char *text)
{
	struct mvalue	*paras, *para = NULL;
	const char	*p, *nl, *next;
	char		*pkey;
	size_t		 n;

	mv_set_str(map, key, text);
	pkey = xasprintf("%s_paras", key);
	paras = mv_set_list(map, pkey);
	free(pkey);
	for (p = text != NULL ? text : ""; *p != '\0'; p = next) {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		next = p + n + (nl != NULL);
		if (blank_line(p, n)) {
			para = NULL;
			continue;
		}
		if (p[n - 1] == '\r')
			n--;
		if (para == NULL)
			para = mv_push(paras, mv_list());
		mv_push(para, mv_strn(p, n));
	}
}
