/* localmail.c: a local Maildir as the source of replies; see localmail.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "caps.h"
#include "config.h"
#include "db.h"
#include "ingest.h"
#include "localmail.h"
#include "log.h"
#include "util.h"

int
localmail_url(const char *url, const char **path)
{
	if (url == NULL || strncmp(url, "maildir://", 10) != 0)
		return 0;
	*path = url + 10;
	return 1;
}

/* Move a processed file into the Maildir++ subfolder .FOLDER/cur, keeping its name. */
static int
move_done(const char *root, const char *folder, const char *file)
{
	char	*dir, *sub, *dst;
	const char *base = strrchr(file, '/');
	int	 r;

	dir = xasprintf("%s/.%s", root, folder);
	sub = xasprintf("%s/cur", dir);
	if (mkdir_p(sub, 0700) == -1) {
		free(dir);
		free(sub);
		return -1;
	}
	free(sub);
	sub = xasprintf("%s/new", dir);
	(void)mkdir_p(sub, 0700);
	free(sub);
	sub = xasprintf("%s/tmp", dir);
	(void)mkdir_p(sub, 0700);
	free(sub);
	dst = xasprintf("%s/cur/%s", dir, base != NULL ? base + 1 : file);
	r = rename(file, dst);
	free(dst);
	free(dir);
	return r;
}

int
localmail_poll(struct ingest *in, const char *path, char *why, size_t len)
{
	struct maildir	*md;
	unsigned int	 i;
	int64_t		 seen;
	int		 r = 0;
	char		*raw, *file;
	size_t		 rawlen;

	if ((md = maildir_new(path)) == NULL) {
		snprintf(why, len, "%s: cannot open the Maildir", path);
		return -1;
	}
	if (maildir_update(md) != MAILDIR_NO_ERROR) {
		snprintf(why, len, "%s: not a Maildir (needs new/, cur/ and tmp/)", path);
		maildir_free(md);
		return -1;
	}
	if (db_begin(in->db) == -1) {
		maildir_free(md);
		snprintf(why, len, "database: %s", db_errmsg(in->db));
		return -1;
	}
	for (i = 0; i < carray_count(md->mdir_msg_list) && r == 0; i++) {
		struct maildir_msg *m = carray_get(md->mdir_msg_list, i);

		if (db_int(in->db, &seen, "SELECT 1 FROM maildir_seen WHERE source = ? AND uniq = ?", "tt",
		    in->source, m->msg_uid) == 0)
			continue;
		in->st.listed++;
		if ((file = maildir_message_get(md, m->msg_uid)) == NULL)
			continue;
		if (read_file(file, &raw, &rawlen, (size_t)in->cfg->max_message_size) == -1) {
			log_warn("localmail: %s: %s (left where it is)", file,
			    errno == EFBIG ? "larger than max_message_size" : strerror(errno));
			free(file);
			continue;
		}
		free(file);
		r = ingest_store(in, 0, 0, raw, rawlen, NULL) == -1 ? -1 : 0;
		free(raw);
		if (r == 0 && db_run(in->db, "INSERT INTO maildir_seen (source, uniq) VALUES (?, ?)", "tt",
		    in->source, m->msg_uid) == -1)
			r = -1;
	}
	if (r == -1 || db_commit(in->db) == -1) {
		db_rollback(in->db);
		snprintf(why, len, "database: %s", db_errmsg(in->db));
		maildir_free(md);
		return -1;
	}
	crash_point("after-store");
	if (ingest_process_pending(in) == -1) {
		snprintf(why, len, "database: %s", db_errmsg(in->db));
		maildir_free(md);
		return -1;
	}
	/* then the files: recorded messages move to the processed folder, once
	 * their records would survive a power cut */
	if (in->cfg->after == AFTER_MOVE && db_sync(in->db) == 0) {
		for (i = 0; i < carray_count(md->mdir_msg_list); i++) {
			struct maildir_msg *m = carray_get(md->mdir_msg_list, i);
			if ((file = maildir_message_get(md, m->msg_uid)) == NULL)
				continue;
			if (access(file, F_OK) == 0 && move_done(path, in->cfg->processed_folder, file) == 0)
				in->st.server_done++;
			free(file);
		}
	}
	(void)db_run(in->db, "UPDATE messages SET server_done = 1 WHERE source = ? AND server_done = 0 "
	    "AND state != 'new'", "t", in->source);
	maildir_free(md);
	return 0;
}
