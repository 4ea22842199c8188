/*
 * mail_loop: prove the test mail servers' loop with the libraries rapport
 * uses. A message is sent with libcurl (STARTTLS, AUTH PLAIN, certificate
 * verified against the test CA) to the SMTP submission port, then read back
 * over IMAP with libetpan (UID SEARCH by Message-ID, BODY.PEEK[]) and
 * compared with what was sent.
 *
 * usage: mail_loop SUBMISSION_PORT IMAP_PORT CAFILE FROM_USER FROM_PASS TO_USER TO_PASS
 * Exit 0 when the bytes came back intact; 1 otherwise, with why on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <libetpan/libetpan.h>

struct src {
	const char	*p;
	size_t		 left;
};

static size_t
read_cb(char *buf, size_t size, size_t n, void *arg)
{
	struct src	*s = arg;
	size_t		 len = size * n < s->left ? size * n : s->left;

	memcpy(buf, s->p, len);
	s->p += len;
	s->left -= len;
	return len;
}

static int
send_mail(const char *port, const char *cafile, const char *user, const char *pass,
    const char *to, const char *msg)
{
	CURL			*c = curl_easy_init();
	struct curl_slist	*rcpt = NULL;
	struct src		 s = { msg, strlen(msg) };
	char			 url[128], from[128], rto[128];
	CURLcode		 rc;

	snprintf(url, sizeof(url), "smtp://localhost:%s/mail-loop.test", port);
	snprintf(from, sizeof(from), "<%s@localhost>", user);
	snprintf(rto, sizeof(rto), "<%s@localhost>", to);
	rcpt = curl_slist_append(rcpt, rto);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	curl_easy_setopt(c, CURLOPT_CAINFO, cafile);
	curl_easy_setopt(c, CURLOPT_USERNAME, user);
	curl_easy_setopt(c, CURLOPT_PASSWORD, pass);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &s);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		fprintf(stderr, "mail_loop: send: %s\n", curl_easy_strerror(rc));
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	return rc == CURLE_OK ? 0 : -1;
}

/* Find the message by Message-ID and return its bytes (caller frees). */
static char *
fetch_mail(const char *port, const char *user, const char *pass, const char *msgid)
{
	mailimap			*imap = mailimap_new(0, NULL);
	struct mailimap_search_key	*key;
	struct mailimap_fetch_type	*ft;
	struct mailimap_set		*set;
	clist				*found = NULL, *res = NULL;
	clistiter			*it;
	char				*out = NULL, *h = strdup("Message-ID"), *v = strdup(msgid);
	uint32_t			 uid;
	int				 r;

	if (mailimap_socket_connect(imap, "127.0.0.1", (uint16_t)atoi(port)) != MAILIMAP_NO_ERROR_NON_AUTHENTICATED ||
	    mailimap_login(imap, user, pass) != MAILIMAP_NO_ERROR ||
	    mailimap_select(imap, "INBOX") != MAILIMAP_NO_ERROR) {
		fprintf(stderr, "mail_loop: IMAP login/select failed\n");
		free(h);
		free(v);
		goto out;
	}
	key = mailimap_search_key_new_header(h, v);
	r = mailimap_uid_search(imap, NULL, key, &found);
	mailimap_search_key_free(key);
	if (r != MAILIMAP_NO_ERROR || found == NULL || clist_count(found) != 1) {
		fprintf(stderr, "mail_loop: UID SEARCH found %d messages\n",
		    found == NULL ? -1 : clist_count(found));
		goto out;
	}
	uid = *(uint32_t *)clist_content(clist_begin(found));
	set = mailimap_set_new_single(uid);
	ft = mailimap_fetch_type_new_fetch_att(
	    mailimap_fetch_att_new_body_peek_section(mailimap_section_new(NULL)));
	r = mailimap_uid_fetch(imap, set, ft, &res);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR || res == NULL || clist_count(res) != 1)
		goto out;
	for (it = clist_begin(((struct mailimap_msg_att *)clist_content(clist_begin(res)))->att_list);
	    it != NULL; it = clist_next(it)) {
		struct mailimap_msg_att_item *item = clist_content(it);
		if (item->att_type == MAILIMAP_MSG_ATT_ITEM_STATIC &&
		    item->att_data.att_static->att_type == MAILIMAP_MSG_ATT_BODY_SECTION) {
			struct mailimap_msg_att_body_section *b = item->att_data.att_static->att_data.att_body_section;
			out = strndup(b->sec_body_part, b->sec_length);
		}
	}
out:
	if (found != NULL)
		mailimap_search_result_free(found);
	if (res != NULL)
		mailimap_fetch_list_free(res);
	mailimap_logout(imap);
	mailimap_free(imap);
	return out;
}

int
main(int argc, char **argv)
{
	char	 msg[1024], msgid[128], *got, *body;
	int	 tries;

	if (argc != 8) {
		fprintf(stderr, "usage: mail_loop SUBMISSION_PORT IMAP_PORT CAFILE FROM_USER FROM_PASS "
		    "TO_USER TO_PASS\n");
		return 64;
	}
	curl_global_init(CURL_GLOBAL_ALL);
	snprintf(msgid, sizeof(msgid), "<loop.%ld.%d@rapport.test>", (long)time(NULL), (int)getpid());
	snprintf(msg, sizeof(msg),
	    "From: <%s@localhost>\r\nTo: <%s@localhost>\r\nSubject: loop test\r\n"
	    "Message-ID: %s\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\n\r\n"
	    "The loop works: SMTP in, IMAP out.\r\n", argv[4], argv[6], msgid);
	if (send_mail(argv[1], argv[3], argv[4], argv[5], argv[6], msg) == -1)
		return 1;
	for (tries = 0; tries < 50; tries++) {
		if ((got = fetch_mail(argv[2], argv[6], argv[7], msgid)) != NULL)
			break;
		usleep(100000);
	}
	if (got == NULL) {
		fprintf(stderr, "mail_loop: the message never arrived over IMAP\n");
		return 1;
	}
	/* The server prepends trace headers; what we sent must follow them intact. */
	body = strstr(got, "From: <");
	if (body == NULL || strcmp(body, msg) != 0) {
		fprintf(stderr, "mail_loop: the message came back changed:\n%s\n", got);
		free(got);
		return 1;
	}
	printf("mail_loop: %s sent over SMTP and read back over IMAP intact\n", msgid);
	free(got);
	curl_global_cleanup();
	return 0;
}
