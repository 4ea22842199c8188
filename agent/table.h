/*
 * table.h: aligned text tables for the CLI (`rapport person list`, ...).
 * Cells are copied; widths are measured in characters (UTF-8 code points),
 * and control characters in data are shown as '?', so a name from a mail
 * can never move the terminal's cursor.
 */
#ifndef RAPPORT_TABLE_H
#define RAPPORT_TABLE_H

#include <stdio.h>

struct table;

struct table	*table_new(int ncols, const char *const *headers);
/* Add one row of ncols cells (NULL cells print as "-"). */
void		 table_row(struct table *, const char *const *cells);
void		 table_print(struct table *, FILE *);
void		 table_free(struct table *);
int		 table_rows(const struct table *);

#endif
