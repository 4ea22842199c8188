/* imap.c: the IMAP client; see imap.h. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "config.h"
#include "imap.h"
#include "secret.h"
#include "tls.h"
#include "util.h"

struct imap {
	mailimap		*m;
	struct imap_target	 target;
	int			 ok;
	long			 timeout;
	char			 err[512];
	char			*selected;	/* the mailbox this session has selected, or NULL */
	uint32_t		 uidvalidity;	/* its UIDVALIDITY at the SELECT */
	time_t			 selected_at;
	int			 synced;	/* IDLE just brought the news: no NOOP needed */
};

/* A SELECT costs the server a scan of the mailbox (~200 ms for 100,000
 * messages in a Dovecot Maildir); a session that keeps its mailbox selected
 * asks NOOP instead, and selects again this often all the same. */
#define RESELECT_SECONDS	3600

int
imap_parse_url(const char *url, int starttls, struct imap_target *t, char *why, size_t len)
{
	const char	*h, *colon, *end;
	long		 port;
	char		*ps;

	memset(t, 0, sizeof(*t));
	if (strncmp(url, "imaps://", 8) == 0) {
		h = url + 8;
		t->tls = IMAP_TLS_IMPLICIT;
		t->port = 993;
	} else if (strncmp(url, "imap://", 7) == 0) {
		h = url + 7;
		t->tls = starttls ? IMAP_TLS_STARTTLS : IMAP_TLS_NONE;
		t->port = 143;
	} else {
		snprintf(why, len, "'%s' is not an imap:// or imaps:// URL", url);
		return -1;
	}
	end = h + strcspn(h, "/?");
	colon = memchr(h, ':', (size_t)(end - h));
	if (h[0] == '[') {	/* [v6-address]:port */
		const char *rb = memchr(h, ']', (size_t)(end - h));
		if (rb == NULL) {
			snprintf(why, len, "bad IPv6 address in '%s'", url);
			return -1;
		}
		t->host = xstrndup(h + 1, (size_t)(rb - h - 1));
		colon = rb[1] == ':' ? rb + 1 : NULL;
	} else
		t->host = xstrndup(h, (size_t)((colon != NULL ? colon : end) - h));
	if (colon != NULL) {
		ps = xstrndup(colon + 1, (size_t)(end - colon - 1));
		if (parse_long(ps, 1, 65535, &port) == -1) {
			snprintf(why, len, "bad port in '%s'", url);
			free(ps);
			imap_target_clear(t);
			return -1;
		}
		free(ps);
		t->port = (uint16_t)port;
	}
	if (*t->host == '\0') {
		snprintf(why, len, "no host in '%s'", url);
		imap_target_clear(t);
		return -1;
	}
	return 0;
}

void
imap_target_clear(struct imap_target *t)
{
	free(t->host);
	t->host = NULL;
}

/* Connect with a timeout; returns a blocking socket or -1. */
static int
tcp_connect(const char *host, uint16_t port, long timeout, char *why, size_t len)
{
	struct addrinfo	 hints, *res, *ai;
	char		 ports[8];
	int		 fd = -1, r, err = 0, flags;
	socklen_t	 sl = sizeof(err);
	struct pollfd	 pfd;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	snprintf(ports, sizeof(ports), "%u", port);
	if ((r = getaddrinfo(host, ports, &hints, &res)) != 0) {
		snprintf(why, len, "%s: %s", host, gai_strerror(r));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol)) == -1)
			continue;
		flags = fcntl(fd, F_GETFL);
		fcntl(fd, F_SETFL, flags | O_NONBLOCK);
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			goto connected;
		if (errno == EINPROGRESS) {
			pfd.fd = fd;
			pfd.events = POLLOUT;
			do
				r = poll(&pfd, 1, (int)(timeout * 1000));
			while (r == -1 && errno == EINTR);
			if (r == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &sl) == 0 && err == 0)
				goto connected;
			errno = r == 0 ? ETIMEDOUT : err;
		}
		snprintf(why, len, "connect to %s:%u: %s", host, port, strerror(errno));
		close(fd);
		fd = -1;
		continue;
connected:
		fcntl(fd, F_SETFL, flags);
		break;
	}
	freeaddrinfo(res);
	return fd;
}

static int
fail(struct imap *im, const char *what, int r)
{
	const char *resp = im->m != NULL ? im->m->imap_response : NULL;

	if (r == MAILIMAP_ERROR_STREAM || r == MAILIMAP_ERROR_PARSE || r == MAILIMAP_ERROR_CONNECTION_REFUSED)
		im->ok = 0;
	free(im->selected);	/* after any failure, the next poll selects again */
	im->selected = NULL;
	snprintf(im->err, sizeof(im->err), "%s failed%s%s%s", what,
	    resp != NULL ? ": " : (r == MAILIMAP_ERROR_STREAM ? ": connection lost or timed out" : ""),
	    resp != NULL ? resp : "", "");
	return -1;
}

const char *
imap_error(const struct imap *im)
{
	return im->err;
}

int
imap_ok(const struct imap *im)
{
	return im != NULL && im->ok;
}

int
imap_has(struct imap *im, const char *cap)
{
	return mailimap_has_extension(im->m, (char *)cap);
}

static int
refresh_caps(struct imap *im)
{
	struct mailimap_capability_data	*caps = NULL;
	int				 r;

	if ((r = mailimap_capability(im->m, &caps)) != MAILIMAP_NO_ERROR)
		return fail(im, "CAPABILITY", r);
	mailimap_capability_data_free(caps);
	return 0;
}

static int
starttls(struct imap *im, int fd, const struct tls_conf *tc, char *why, size_t len)
{
	mailstream_low	*low, *nlow;
	int		 r;

	if (!imap_has(im, "STARTTLS")) {
		snprintf(why, len, "%s does not offer STARTTLS; use imaps://, or set starttls = no "
		    "only for a trusted local server", im->target.host);
		return -1;
	}
	if ((r = mailimap_starttls(im->m)) != MAILIMAP_NO_ERROR) {
		fail(im, "STARTTLS", r);
		snprintf(why, len, "%s", im->err);
		return -1;
	}
	/* Bytes already buffered after the STARTTLS reply were injected before
	 * the TLS handshake: refuse (the CVE-2020-15953 class of attack). */
	if (im->m->imap_stream->read_buffer_len != 0) {
		snprintf(why, len, "%s sent data after STARTTLS before the handshake; refusing",
		    im->target.host);
		return -1;
	}
	if ((nlow = tls_low_open(fd, tc, why, len)) == NULL)
		return -1;
	low = mailstream_get_low(im->m->imap_stream);
	mailstream_low_free(low);	/* frees the plain wrapper; fd lives on in nlow */
	mailstream_set_low(im->m->imap_stream, nlow);
	return refresh_caps(im) == -1 ? (snprintf(why, len, "%s", im->err), -1) : 0;
}

static int
authenticate(struct imap *im, const struct config *c, char *why, size_t len)
{
	char	*secret = NULL, swhy[256];
	int	 r, mech = c->imap.auth;

	if (c->imap.user == NULL) {
		snprintf(why, len, "[imap] user is not set");
		return -1;
	}
	if (mech == AUTH_XOAUTH2) {
		if ((r = secret_token(c->imap.oauth2_token_cmd, &secret, swhy, sizeof(swhy))) != 0) {
			snprintf(why, len, "%s", r == 1 ? "[imap] auth = xoauth2 needs oauth2_token_cmd" : swhy);
			return -1;
		}
		r = mailimap_oauth2_authenticate(im->m, c->imap.user, secret);
	} else {
		if ((r = secret_get(&c->imap.pass, &secret, swhy, sizeof(swhy))) != 0) {
			snprintf(why, len, "[imap] %s", r == 1 ? "no password source: set password_cmd, "
			    "password_env or password_file" : swhy);
			return -1;
		}
		if (mech == AUTH_AUTO && imap_has(im, "LOGINDISABLED"))
			mech = AUTH_PLAIN;
		if (mech == AUTH_PLAIN)
			r = mailimap_authenticate(im->m, "PLAIN", im->target.host, NULL, NULL,
			    c->imap.user, c->imap.user, secret, NULL);
		else
			r = mailimap_login(im->m, c->imap.user, secret);
	}
	secret_free(secret);
	if (r != MAILIMAP_NO_ERROR) {
		fail(im, "login", r);
		snprintf(why, len, "IMAP login as %s failed%s%s (check the password; Gmail and Microsoft 365 "
		    "need an app password or auth = xoauth2)", c->imap.user,
		    im->m->imap_response != NULL ? ": " : "",
		    im->m->imap_response != NULL ? im->m->imap_response : "");
		return -1;
	}
	return refresh_caps(im) == -1 ? (snprintf(why, len, "%s", im->err), -1) : 0;
}

struct imap *
imap_open(const struct config *c, char *why, size_t len)
{
	struct imap	*im = xcalloc(1, sizeof(*im));
	struct tls_conf	 tc;
	mailstream_low	*low;
	mailstream	*stream;
	int		 fd, r;

	if (c->imap.url == NULL) {
		snprintf(why, len, "[imap] url is not set");
		free(im);
		return NULL;
	}
	if (imap_parse_url(c->imap.url, c->imap.starttls, &im->target, why, len) == -1) {
		free(im);
		return NULL;
	}
	im->timeout = c->imap.timeout;
	memset(&tc, 0, sizeof(tc));
	tc.host = im->target.host;
	tc.verify = c->imap.tls_verify;
	tc.ca_file = c->imap.ca_file;
	tc.ca_path = c->imap.ca_path;
	tc.timeout = c->imap.timeout;
	if ((fd = tcp_connect(im->target.host, im->target.port, im->timeout, why, len)) == -1)
		goto bad;
	if (im->target.tls == IMAP_TLS_IMPLICIT)
		low = tls_low_open(fd, &tc, why, len);
	else
		low = tls_low_plain(fd, im->timeout);
	if (low == NULL) {
		close(fd);
		goto bad;
	}
	if ((stream = mailstream_new(low, 8192)) == NULL) {
		mailstream_low_close(low);
		mailstream_low_free(low);
		snprintf(why, len, "out of memory");
		goto bad;
	}
	im->m = mailimap_new(0, NULL);
	mailimap_set_timeout(im->m, im->timeout);
	r = mailimap_connect(im->m, stream);
	if (r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED && r != MAILIMAP_NO_ERROR_AUTHENTICATED) {
		snprintf(why, len, "%s:%u did not greet as an IMAP server", im->target.host, im->target.port);
		goto bad;
	}
	im->ok = 1;
	if (refresh_caps(im) == -1) {
		snprintf(why, len, "%s", im->err);
		goto bad;
	}
	if (im->target.tls == IMAP_TLS_STARTTLS && starttls(im, fd, &tc, why, len) == -1)
		goto bad;
	if (r == MAILIMAP_NO_ERROR_NON_AUTHENTICATED && authenticate(im, c, why, len) == -1)
		goto bad;
	return im;
bad:
	imap_close(im);
	return NULL;
}

void
imap_close(struct imap *im)
{
	if (im == NULL)
		return;
	if (im->m != NULL) {
		if (im->ok)
			(void)mailimap_logout(im->m);
		mailimap_free(im->m);
	}
	imap_target_clear(&im->target);
	free(im->selected);
	free(im);
}

int
imap_select(struct imap *im, const char *mailbox, uint32_t *uidvalidity, uint32_t *uidnext,
    uint32_t *exists)
{
	time_t	now = time(NULL);
	int	r;

	if (im->selected != NULL && strcmp(im->selected, mailbox) == 0 &&
	    now - im->selected_at < RESELECT_SECONDS && now >= im->selected_at &&
	    im->m->imap_selection_info != NULL) {
		/* still selected: new messages arrive as untagged EXISTS (during
		 * IDLE, or at a NOOP, which costs the server another scan of the
		 * mailbox); the caller finds them with UID FETCH (uidnext 0: unknown) */
		if (!im->synced && (r = mailimap_noop(im->m)) != MAILIMAP_NO_ERROR)
			return fail(im, "NOOP", r);
		im->synced = 0;
		*uidvalidity = im->uidvalidity;
		*uidnext = 0;
		*exists = im->m->imap_selection_info->sel_exists;
		return 0;
	}
	free(im->selected);
	im->selected = NULL;
	if ((r = mailimap_select(im->m, mailbox)) != MAILIMAP_NO_ERROR)
		return fail(im, "SELECT", r);
	*uidvalidity = im->m->imap_selection_info->sel_uidvalidity;
	*uidnext = im->m->imap_selection_info->sel_uidnext;
	*exists = im->m->imap_selection_info->sel_exists;
	im->selected = xstrdup(mailbox);
	im->uidvalidity = *uidvalidity;
	im->selected_at = now;
	return 0;
}

int
imap_ensure_folder(struct imap *im, const char *folder)
{
	clist	*list = NULL;
	int	 r, found;

	if ((r = mailimap_list(im->m, "", folder, &list)) != MAILIMAP_NO_ERROR)
		return fail(im, "LIST", r);
	found = list != NULL && clist_count(list) > 0;
	if (list != NULL)
		mailimap_list_result_free(list);
	if (found)
		return 0;
	if ((r = mailimap_create(im->m, folder)) != MAILIMAP_NO_ERROR)
		return fail(im, "CREATE", r);
	return 0;
}

/* Read UID, RFC822.SIZE and a BODY section out of one FETCH response. */
static void
msg_atts(struct mailimap_msg_att *att, uint32_t *uid, uint32_t *size, const char **body, size_t *blen)
{
	clistiter *it;

	*uid = 0;
	*size = 0;
	*body = NULL;
	*blen = 0;
	for (it = clist_begin(att->att_list); it != NULL; it = clist_next(it)) {
		struct mailimap_msg_att_item	*item = clist_content(it);
		struct mailimap_msg_att_static	*st;

		if (item->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
			continue;
		st = item->att_data.att_static;
		switch (st->att_type) {
		case MAILIMAP_MSG_ATT_UID:
			*uid = st->att_data.att_uid;
			break;
		case MAILIMAP_MSG_ATT_RFC822_SIZE:
			*size = st->att_data.att_rfc822_size;
			break;
		case MAILIMAP_MSG_ATT_BODY_SECTION:
			*body = st->att_data.att_body_section->sec_body_part;
			*blen = st->att_data.att_body_section->sec_length;
			break;
		default:
			break;
		}
	}
}

int
imap_list_uids(struct imap *im, uint32_t from, uint32_t **uidsp, uint32_t **sizesp, size_t *np)
{
	struct mailimap_fetch_type	*ft;
	struct mailimap_set		*set;
	clist				*res = NULL;
	clistiter			*it;
	uint32_t			*uids = NULL, *sizes = NULL, uid, size;
	const char			*b;
	size_t				 n = 0, cap = 0, bl;
	int				 r;

	*uidsp = *sizesp = NULL;
	*np = 0;
	set = mailimap_set_new_interval(from == 0 ? 1 : from, 0);
	ft = mailimap_fetch_type_new_fetch_att_list_empty();
	mailimap_fetch_type_new_fetch_att_list_add(ft, mailimap_fetch_att_new_uid());
	mailimap_fetch_type_new_fetch_att_list_add(ft, mailimap_fetch_att_new_rfc822_size());
	r = mailimap_uid_fetch(im->m, set, ft, &res);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (r == MAILIMAP_ERROR_FETCH || (r == MAILIMAP_NO_ERROR && res == NULL))
		return 0;	/* an empty mailbox answers NO/BAD to "1:*" on some servers */
	if (r != MAILIMAP_NO_ERROR)
		return fail(im, "UID FETCH (UID RFC822.SIZE)", r);
	for (it = clist_begin(res); it != NULL; it = clist_next(it)) {
		msg_atts(clist_content(it), &uid, &size, &b, &bl);
		if (uid < from || uid == 0)	/* "n:*" also returns the last message when n > max */
			continue;
		if (n == cap) {
			cap = cap == 0 ? 256 : cap * 2;
			uids = xrealloc(uids, cap * sizeof(*uids));
			sizes = xrealloc(sizes, cap * sizeof(*sizes));
		}
		uids[n] = uid;
		sizes[n++] = size;
	}
	mailimap_fetch_list_free(res);
	/* servers answer in sequence order, which is UID order; make sure */
	for (size_t i = 1; i < n; i++) {
		if (uids[i] < uids[i - 1]) {
			for (size_t j = i; j > 0 && uids[j] < uids[j - 1]; j--) {
				uint32_t t = uids[j]; uids[j] = uids[j - 1]; uids[j - 1] = t;
				t = sizes[j]; sizes[j] = sizes[j - 1]; sizes[j - 1] = t;
			}
		}
	}
	*uidsp = uids;
	*sizesp = sizes;
	*np = n;
	return 0;
}

static struct mailimap_set *
uid_set(const uint32_t *uids, size_t n)
{
	struct mailimap_set	*set = mailimap_set_new_empty();
	size_t			 i, j;

	/* consecutive runs become ranges: a batch is usually one range */
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && uids[j] == uids[j - 1] + 1; j++)
			;
		if (j - i == 1)
			mailimap_set_add_single(set, uids[i]);
		else
			mailimap_set_add_interval(set, uids[i], uids[j - 1]);
	}
	return set;
}

/* A FETCH response handed to us as libetpan reads it (and then freed by
 * it), so that a batch is never held in memory whole and each message is
 * stored while the server sends the next. */
struct fetch_state {
	imap_msg_cb	 cb;
	void		*arg;
	int		 r;
};

static void
fetch_handler(struct mailimap_msg_att *att, void *arg)
{
	struct fetch_state	*fs = arg;
	uint32_t		 uid, size;
	const char		*body;
	size_t			 blen;

	msg_atts(att, &uid, &size, &body, &blen);
	if (uid == 0 || body == NULL || fs->r != 0)
		return;		/* an unsolicited FETCH (flags changed elsewhere), or we failed */
	fs->r = fs->cb(uid, body, blen, fs->arg);
}

static void
fetch_progress(size_t current, size_t maximum, void *arg)
{
	(void)current;
	(void)maximum;
	(void)arg;
}

int
imap_fetch(struct imap *im, const uint32_t *uids, size_t n, int header_only, imap_msg_cb cb, void *arg)
{
	struct mailimap_fetch_type	*ft;
	struct mailimap_section		*sec;
	struct mailimap_set		*set;
	struct fetch_state		 fs = { cb, arg, 0 };
	clist				*res = NULL;
	int				 r;

	if (n == 0)
		return 0;
	set = uid_set(uids, n);
	sec = header_only ? mailimap_section_new_header() : mailimap_section_new(NULL);
	ft = mailimap_fetch_type_new_fetch_att_list_empty();
	mailimap_fetch_type_new_fetch_att_list_add(ft, mailimap_fetch_att_new_uid());
	mailimap_fetch_type_new_fetch_att_list_add(ft, mailimap_fetch_att_new_body_peek_section(sec));
	/* (libetpan calls the handler only when a progress callback is set) */
	mailimap_set_progress_callback(im->m, NULL, fetch_progress, NULL);
	mailimap_set_msg_att_handler(im->m, fetch_handler, &fs);
	r = mailimap_uid_fetch(im->m, set, ft, &res);
	mailimap_set_msg_att_handler(im->m, NULL, NULL);
	mailimap_set_progress_callback(im->m, NULL, NULL, NULL);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (res != NULL)
		mailimap_fetch_list_free(res);
	if (r != MAILIMAP_NO_ERROR)
		return fail(im, "UID FETCH BODY.PEEK[]", r);
	return fs.r;
}

static int
store_flag(struct imap *im, struct mailimap_set *set, struct mailimap_flag *flag)
{
	struct mailimap_flag_list	*fl = mailimap_flag_list_new_empty();
	struct mailimap_store_att_flags	*sf;
	int				 r;

	mailimap_flag_list_add(fl, flag);
	sf = mailimap_store_att_flags_new_add_flags_silent(fl);
	r = mailimap_uid_store(im->m, set, sf);
	mailimap_store_att_flags_free(sf);
	return r;
}

int
imap_move(struct imap *im, const uint32_t *uids, size_t n, const char *folder)
{
	struct mailimap_set	*set;
	int			 r;

	if (n == 0)
		return 0;
	set = uid_set(uids, n);
	if (imap_has(im, "MOVE")) {
		r = mailimap_uid_move(im->m, set, folder);
		mailimap_set_free(set);
		return r == MAILIMAP_NO_ERROR ? 0 : fail(im, "UID MOVE", r);
	}
	if ((r = mailimap_uid_copy(im->m, set, folder)) != MAILIMAP_NO_ERROR ||
	    (r = store_flag(im, set, mailimap_flag_new_deleted())) != MAILIMAP_NO_ERROR) {
		mailimap_set_free(set);
		return fail(im, "UID COPY/STORE", r);
	}
	/* Only UID EXPUNGE removes just our messages; a plain EXPUNGE would also
	 * remove whatever else the mailbox's owner marked \Deleted. */
	if (imap_has(im, "UIDPLUS") && (r = mailimap_uid_expunge(im->m, set)) != MAILIMAP_NO_ERROR) {
		mailimap_set_free(set);
		return fail(im, "UID EXPUNGE", r);
	}
	mailimap_set_free(set);
	return 0;
}

int
imap_flag(struct imap *im, const uint32_t *uids, size_t n, const char *keyword)
{
	struct mailimap_set	*set;
	int			 r;

	if (n == 0)
		return 0;
	set = uid_set(uids, n);
	r = store_flag(im, set, mailimap_flag_new_flag_keyword(xstrdup(keyword)));
	mailimap_set_free(set);
	return r == MAILIMAP_NO_ERROR ? 0 : fail(im, "UID STORE", r);
}

int
imap_find_message_id(struct imap *im, const char *message_id, uint32_t *uid)
{
	struct mailimap_search_key	*key;
	clist				*found = NULL;
	int				 r;

	*uid = 0;
	key = mailimap_search_key_new_header(xstrdup("Message-ID"), xstrdup(message_id));
	r = mailimap_uid_search(im->m, NULL, key, &found);
	mailimap_search_key_free(key);
	if (r != MAILIMAP_NO_ERROR)
		return fail(im, "UID SEARCH", r);
	if (found != NULL && clist_count(found) > 0)
		*uid = *(uint32_t *)clist_content(clist_begin(found));
	if (found != NULL)
		mailimap_search_result_free(found);
	return 0;
}

int
imap_noop(struct imap *im)
{
	int r = mailimap_noop(im->m);

	return r == MAILIMAP_NO_ERROR ? 0 : fail(im, "NOOP", r);
}

int
imap_idle(struct imap *im, int timeout, int wake_fd)
{
	struct pollfd	 pfd[2];
	mailstream_low	*low;
	int		 r, n, changed = 0;

	low = mailstream_get_low(im->m->imap_stream);
	/*
	 * New mail announced since the last IDLE, in the answer to one of our
	 * own commands (libetpan's IDLE clears that flag without a look), or
	 * something still unread (an EXISTS: libetpan's IDLE reads what comes
	 * before its "+ idling" and drops it): go and look instead of idling.
	 */
	if (im->m->imap_selection_info != NULL && im->m->imap_selection_info->sel_has_exists) {
		im->m->imap_selection_info->sel_has_exists = 0;
		return 1;
	}
	pfd[0].fd = mailstream_low_get_fd(low);
	pfd[0].events = POLLIN;
	if (im->m->imap_stream->read_buffer_len > 0 || tls_low_pending(low) > 0 ||
	    poll(pfd, 1, 0) > 0)
		return 1;
	if ((r = mailimap_idle(im->m)) != MAILIMAP_NO_ERROR)
		return fail(im, "IDLE", r);
	if (im->m->imap_stream->read_buffer_len > 0 || tls_low_pending(low) > 0)
		changed = 1;
	else {
		pfd[0].fd = mailstream_low_get_fd(low);
		pfd[0].events = POLLIN;
		pfd[1].fd = wake_fd;
		pfd[1].events = POLLIN;
		n = wake_fd >= 0 ? 2 : 1;
		do
			r = poll(pfd, (nfds_t)n, timeout * 1000);
		while (r == -1 && errno == EINTR && wake_fd < 0);
		if (r > 0 && (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)))
			changed = 1;
	}
	if ((r = mailimap_idle_done(im->m)) != MAILIMAP_NO_ERROR)
		return fail(im, "IDLE DONE", r);
	im->synced = 1;
	changed = changed || im->m->imap_selection_info->sel_has_exists;
	im->m->imap_selection_info->sel_has_exists = 0;	/* told */
	return changed;
}
