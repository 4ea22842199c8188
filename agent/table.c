/* table.c: aligned text tables; see table.h. */
#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "util.h"

struct table {
	int	  ncols;
	int	  nrows;	/* including the header row */
	int	  cap;
	char	**cells;	/* nrows * ncols */
};

static char *
sanitize(const char *s)
{
	char	*r, *p;

	if (s == NULL)
		s = "-";
	r = xstrdup(s);
	for (p = r; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return r;
}

static size_t
width(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

struct table *
table_new(int ncols, const char *const *headers)
{
	struct table *t = xcalloc(1, sizeof(*t));

	t->ncols = ncols;
	table_row(t, headers);
	return t;
}

void
table_row(struct table *t, const char *const *cells)
{
	int i;

	if (t->nrows == t->cap) {
		t->cap = t->cap == 0 ? 16 : t->cap * 2;
		t->cells = xrealloc(t->cells, (size_t)t->cap * (size_t)t->ncols * sizeof(char *));
	}
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = sanitize(cells[i]);
	t->nrows++;
}

int
table_rows(const struct table *t)
{
	return t->nrows - 1;
}

void
table_print(struct table *t, FILE *fp)
{
	size_t	*w = xcalloc((size_t)t->ncols, sizeof(size_t)), cw;
	int	 r, c;

	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++)
			if ((cw = width(t->cells[r * t->ncols + c])) > w[c])
				w[c] = cw;
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];
			fputs(s, fp);
			if (c + 1 < t->ncols)
				fprintf(fp, "%*s", (int)(w[c] - width(s) + 2), "");
		}
		fputc('\n', fp);
	}
	free(w);
}

void
table_free(struct table *t)
{
	int i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}
