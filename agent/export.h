/*
 * export.h: the whole database as one JSON document, and back, to move an
 * installation.
 *
 * Every table (by name), every column, rows in rowid order, written by
 * SQLite's own JSON functions (json_object per row) and read back with
 * json_each / json_extract, so each value keeps its SQLite type: integer,
 * real, text or null; a BLOB is written as {"hex": "..."}. One row per
 * line:
 *
 *   {"format":"rapport-export","version":1,"schema":4,"tables":{
 *   "checkins":[
 *   {"id":1,"person_id":1,...},
 *   ...
 *   ]}}
 *
 * Import goes into an empty database of the same schema version, in one
 * transaction with foreign keys checked at commit; anything wrong (bad
 * JSON, an unknown table or column, a constraint) rolls it all back.
 * export -> import -> export gives the same bytes.
 *
 * The export and insert statements are built from the schema itself
 * (pragma_table_info), so they cannot be string literals for db.h's cache:
 * they are prepared directly on the connection, with identifiers from the
 * schema quoted and every value bound.
 */
#ifndef RAPPORT_EXPORT_H
#define RAPPORT_EXPORT_H

#include <stddef.h>
#include <stdio.h>

struct db;

#define EXPORT_FORMAT	"rapport-export"
#define EXPORT_VERSION	1
#define EXPORT_MAX_SIZE	((size_t)8 << 30)	/* the largest file import reads */

/* Write the export to fp. 0, or -1 with why. */
int	 export_json(struct db *, FILE *fp, char *why, size_t);

/* Import json[0..len) into the (empty) database. 0, 1 when the file or the
 * database is not fit (why says so), -1 on a database error. */
int	 import_json(struct db *, const char *json, size_t len, char *why, size_t);

#endif
