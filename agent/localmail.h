/*
 * localmail.h: a local Maildir as the source of replies ([imap] url =
 * maildir:///path), for mail delivered to this machine. Read with libetpan's
 * maildir driver; the same store-first, record, then move order as IMAP
 * (ingest.h). Each file is stored once (remembered by its Maildir unique
 * name); with [imap] after = move it is then moved into the Maildir++
 * subfolder named by [imap] processed_folder (.rapport), otherwise left
 * where it is (libetpan's update moves new/ files into cur/, as any mail
 * reader does; flags are never changed).
 */
#ifndef RAPPORT_LOCALMAIL_H
#define RAPPORT_LOCALMAIL_H

#include <stddef.h>

struct ingest;

/* 1 if url is a maildir:// URL; then *path points into it. */
int	 localmail_url(const char *url, const char **path);
/* One pass over the Maildir. 0, or -1 with why. */
int	 localmail_poll(struct ingest *, const char *path, char *why, size_t);

#endif
