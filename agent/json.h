/*
 * json.h: a small streaming JSON writer into a strbuf. Strings are written
 * as UTF-8; invalid sequences become U+FFFD and control characters are
 * escaped, so any bytes from mail can be printed safely.
 */
#ifndef RAPPORT_JSON_H
#define RAPPORT_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

#define JSON_MAXDEPTH	32

struct json {
	struct strbuf	*sb;
	int		 pretty;
	int		 depth;
	int		 count[JSON_MAXDEPTH];	/* members written at each level */
};

void	 json_init(struct json *, struct strbuf *, int pretty);
/* key is the member name inside an object, NULL inside an array or at the top. */
void	 json_obj_begin(struct json *, const char *key);
void	 json_obj_end(struct json *);
void	 json_arr_begin(struct json *, const char *key);
void	 json_arr_end(struct json *);
void	 json_str(struct json *, const char *key, const char *);	/* NULL writes null */
void	 json_strn(struct json *, const char *key, const char *, size_t);
void	 json_int(struct json *, const char *key, int64_t);
void	 json_num(struct json *, const char *key, double);
void	 json_bool(struct json *, const char *key, int);
void	 json_null(struct json *, const char *key);
/* Write raw, already valid JSON as a member (e.g. from SQLite's json functions). */
void	 json_raw(struct json *, const char *key, const char *);

/* Append s as a JSON string literal (with quotes) to sb. */
void	 json_quote(struct strbuf *, const char *, size_t);

#endif
