/*
 * mime_test.h: TEST-ONLY stand-in for the MIME layer, enough to pull the
 * text/calendar part out of the iTIP corpus (.eml) for test_itip. It trusts
 * its input (corpus files), handles multipart nesting, folded headers,
 * base64 and quoted-printable. Real mail goes through parsers/mime.c; once
 * that exists, test_itip should use it instead.
 */
#ifndef RAPPORT_MIME_TEST_H
#define RAPPORT_MIME_TEST_H

#include <stddef.h>

/* The first text/calendar part of msg, decoded (*cal malloc'd, caller
 * frees), its method= parameter (raw, "" if none) and the message's From
 * address ("" if none). 1 found, 0 none. */
int	 mt_find_calendar(const char *msg, size_t len, char **cal,
	    size_t *cal_len, char *method, size_t mlen, char *from, size_t flen);

#endif
