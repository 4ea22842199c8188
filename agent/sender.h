/*
 * sender.h: the outbox's transport over SMTP (smtp.c), configured from
 * [smtp]. The password or OAuth2 token is fetched when the connection is
 * opened (only if something is due) and wiped when it closes. A failure
 * that concerns the session (refused login, TLS) fails the rest of the
 * batch without touching the network again.
 */
#ifndef RAPPORT_SENDER_H
#define RAPPORT_SENDER_H

#include "outbox.h"

struct config;

struct sender {
	const struct config	*cfg;
	struct smtp		*smtp;
	int			 session_failed;
	int			 session_status;	/* SEND_TEMPFAIL or SEND_PERMFAIL */
	char			 session_why[512];
};

/* Fill tr with callbacks bound to s. */
void	 sender_init(struct sender *, const struct config *, struct outbox_transport *tr);

#endif
