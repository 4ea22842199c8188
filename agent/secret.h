/*
 * secret.h: passwords and OAuth2 tokens, from a command (like mbsync's
 * PassCmd), an environment variable, or a 0600 file. A secret never goes
 * into a log line or an error message: errors say where it should have come
 * from, not what it was.
 */
#ifndef RAPPORT_SECRET_H
#define RAPPORT_SECRET_H

#include <stddef.h>

struct secret_src;

/*
 * Fetch the secret. On success *out is a NUL-terminated string the caller
 * must release with secret_free() (which wipes it). Returns 0, 1 when no
 * source is configured, or -1 with why set.
 */
int	 secret_get(const struct secret_src *, char **out, char *why, size_t);
/* Run an OAuth2 token command; same contract. */
int	 secret_token(const char *cmd, char **out, char *why, size_t);
void	 secret_free(char *);

#endif
