/*
 * rawhdr.h: read one header field straight from raw message bytes, before
 * (and without) the MIME parser: the ingester needs Message-ID and From to
 * store and route a message before the worker parses it. Bounded: only
 * the first RAWHDR_SCAN bytes are looked at. Pure.
 */
#ifndef RAPPORT_RAWHDR_H
#define RAPPORT_RAWHDR_H

#include <stddef.h>

#define RAWHDR_SCAN	(256u * 1024)

/* Is the line l (n bytes) a header field: "Name:" or "Name :" with a name of
 * printable ASCII? Returns the name's length (0 if not) and sets *colon to
 * the offset of the ':'. */
size_t	 rawhdr_field_name(const char *l, size_t n, size_t *colon);

/*
 * Copy the unfolded value of the first field called name (case-insensitive)
 * into out (NUL-terminated, control characters dropped, truncated to fit).
 * Returns 0 if found, -1 if not.
 */
int	 rawhdr_get(const char *raw, size_t len, const char *name, char *out, size_t outlen);
/* The first <...> token of Message-ID, without brackets, into out; 0 or -1. */
int	 rawhdr_message_id(const char *raw, size_t len, char *out, size_t outlen);
/* The address in From ("Anna <a@b>" -> "a@b", lower-cased domain); 0 or -1. */
int	 rawhdr_from_addr(const char *raw, size_t len, char *out, size_t outlen);

#endif
