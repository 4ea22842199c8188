/* lex.c: UTF-8 decoding, folding, phrase matching, tokens; see lex.h. */
#include <pthread.h>
#include <string.h>

#include "lex.h"

static pthread_mutex_t lex_table_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * Folding of U+00C0..U+00FF and U+0100..U+017F to base letters. Digits in
 * the tables stand for two-letter foldings: 1 ae, 2 th, 3 ss, 4 oe, and
 * 0 marks a non-letter (× ÷).
 */
static const char fold_latin1[64 + 1] =
    "aaaaaa1ceeeeiiiidnooooo0ouuuuy23"
    "aaaaaa1ceeeeiiiidnooooo0ouuuuy2y";
static const char fold_latin_ext_a[128 + 1] =
    "aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh"
    "iiiiiiiiii" "ii" "jj" "kkk" "llllllllll" "nnnnnnnnn" "oooooo" "44"
    "rrrrrr" "ssssssss" "tttttt" "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";

_Static_assert(sizeof(fold_latin1) == 65, "latin-1 fold table");
_Static_assert(sizeof(fold_latin_ext_a) == 129, "latin ext-a fold table");

size_t
lex_utf8(const char *s, size_t len, size_t i, uint32_t *cp)
{
	const unsigned char	*u = (const unsigned char *)s + i;
	size_t			 n, k, avail = len - i;
	uint32_t		 c, min;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		n = 2;
		c = u[0] & 0x1f;
		min = 0x80;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		n = 3;
		c = u[0] & 0x0f;
		min = 0x800;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		n = 4;
		c = u[0] & 0x07;
		min = 0x10000;
	} else
		goto bad;
	if (n > avail)
		goto bad;
	for (k = 1; k < n; k++) {
		if ((u[k] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (u[k] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return n;
bad:
	*cp = 0xfffd;
	return 1;
}

size_t
lex_utf8_valid(const unsigned char *s, size_t n)
{
	unsigned int	 cp;
	size_t		 len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

size_t
lex_prev(const char *s, size_t i)
{
	size_t j = i - 1;

	while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xc0) == 0x80)
		j--;
	return j;
}

static int
fold_pair(char code, char out[2])
{
	static const char *pairs[] = { "ae", "th", "ss", "oe" };

	if (code == '0')
		return 0;
	if (code >= '1' && code <= '4') {
		memcpy(out, pairs[code - '1'], 2);
		return 2;
	}
	out[0] = code;
	return 1;
}

/* Spaces, quotes and dashes from the general punctuation block. */
static int
fold_punct(uint32_t cp, char out[2])
{
	switch (cp) {
	case 0x00a0: case 0x1680: case 0x202f: case 0x205f: case 0x3000:
	case 0x200b: case 0xfeff:
		out[0] = ' ';
		return 1;
	case 0x0085: case 0x2028: case 0x2029:
		out[0] = '\n';
		return 1;
	case 0x00b4: case 0x02bc: case 0x2018: case 0x2019: case 0x201b:
	case 0x2032:
		out[0] = '\'';
		return 1;
	case 0x00ab: case 0x00bb: case 0x201c: case 0x201d: case 0x201e:
		out[0] = '"';
		return 1;
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212:
		out[0] = '-';
		return 1;
	case 0x2026:
		out[0] = '.';
		return 1;
	case 0x00aa:
		out[0] = 'a';
		return 1;
	case 0x00ba:
		out[0] = 'o';
		return 1;
	}
	if (cp >= 0x2000 && cp <= 0x200a) {
		out[0] = ' ';
		return 1;
	}
	return 0;
}

int
lex_fold(uint32_t cp, char out[2])
{
	if (cp < 0x80) {
		if (cp == '\n') {
			out[0] = '\n';
			return 1;
		}
		if (cp == '\t' || cp == '\r' || cp == '\v' || cp == '\f') {
			out[0] = ' ';
			return 1;
		}
		if (cp < 0x20 || cp == 0x7f)
			return 0;
		out[0] = (cp >= 'A' && cp <= 'Z') ? (char)(cp + 32) : (char)cp;
		return 1;
	}
	if (cp >= 0xc0 && cp <= 0xff)
		return fold_pair(fold_latin1[cp - 0xc0], out);
	if (cp >= 0x100 && cp <= 0x17f)
		return fold_pair(fold_latin_ext_a[cp - 0x100], out);
	return fold_punct(cp, out);
}

/* lex_fold() for one ASCII byte: the folded byte, or 0. */
static inline char
fold_ascii(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return (char)(c | 0x20);
	if (c >= 0x20 && c < 0x7f)
		return (char)c;
	if (c == '\n')
		return '\n';
	if (c == '\t' || c == '\r' || c == '\v' || c == '\f')
		return ' ';
	return 0;
}

int
lex_is_alnum(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		    (cp >= 'A' && cp <= 'Z');
	if (cp == 0xaa || cp == 0xb5 || cp == 0xba)
		return 1;
	if (cp >= 0xc0 && cp <= 0x24f)
		return cp != 0xd7 && cp != 0xf7;
	if (cp >= 0x370 && cp < 0x2000)
		return 1;
	if (cp >= 0x3040 && cp <= 0x9fff)
		return 1;
	return cp >= 0xac00 && cp <= 0xd7af;
}

int
lex_is_space(uint32_t cp)
{
	char f[2];

	return lex_fold(cp, f) == 1 && f[0] == ' ';
}

int
lex_word_start(const char *s, size_t len, size_t i)
{
	uint32_t cp;

	if (i == 0)
		return 1;
	if ((unsigned char)s[i - 1] < 0x80) {	/* the common case */
		char c = s[i - 1];

		return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z'));
	}
	lex_utf8(s, len, lex_prev(s, i), &cp);
	return !lex_is_alnum(cp);
}

static int
is_alnum_ascii(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
}

/* Consume a run of spaces holding at most one newline; 0 if none. */
static size_t
match_space(const char *s, size_t len, size_t i)
{
	size_t		 j = i, n;
	int		 nl = 0;
	uint32_t	 cp;
	char		 f[2];

	while (j < len) {
		n = lex_utf8(s, len, j, &cp);
		if (lex_fold(cp, f) != 1 || (f[0] != ' ' && f[0] != '\n'))
			break;
		if (f[0] == '\n' && ++nl > 1)
			break;
		j += n;
	}
	return j > i ? j : 0;
}

size_t
lex_match(const char *s, size_t len, size_t i, const char *pat)
{
	char		 pend[2];
	int		 npend = 0;
	uint32_t	 cp;
	const char	*p;

	if (*pat == '\0')
		return 0;
	for (p = pat; *p != '\0'; p++) {
		if (*p == ' ' && npend == 0) {
			if ((i = match_space(s, len, i)) == 0)
				return 0;
			continue;
		}
		if (npend == 0) {
			if (i >= len)
				return 0;
			if ((unsigned char)s[i] < 0x80) {
				if ((pend[0] = fold_ascii((unsigned char)s[i++])) == 0)
					return 0;
				npend = 1;
			} else {
				i += lex_utf8(s, len, i, &cp);
				if ((npend = lex_fold(cp, pend)) == 0)
					return 0;
			}
		}
		if (pend[0] != *p)
			return 0;
		pend[0] = pend[1];
		npend--;
	}
	if (npend != 0)
		return 0;
	if (is_alnum_ascii(p[-1]) && i < len) {
		lex_utf8(s, len, i, &cp);
		if (lex_is_alnum(cp))
			return 0;
	}
	return i;
}

static int
bucket(char c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' : 26;
}

/* The first two folded bytes at i ('\n' counts as a space). */
static int
fold2(const char *s, size_t len, size_t i, char f[2])
{
	uint32_t	 cp;
	char		 g[2];
	int		 n;

	f[0] = f[1] = '\0';
	if (i >= len)
		return 0;
	if ((unsigned char)s[i] < 0x80 && (i + 1 >= len ||
	    (unsigned char)s[i + 1] < 0x80)) {
		if ((f[0] = fold_ascii((unsigned char)s[i])) == 0)
			return 0;
		if (i + 1 < len && (f[1] = fold_ascii((unsigned char)s[i + 1])) ==
		    '\n')
			f[1] = ' ';
		return 1;
	}
	i += lex_utf8(s, len, i, &cp);
	if ((n = lex_fold(cp, g)) == 0)
		return 0;
	f[0] = g[0];
	if (n == 2)
		f[1] = g[1];
	else if (i < len) {
		lex_utf8(s, len, i, &cp);
		if (lex_fold(cp, g) > 0)
			f[1] = g[0] == '\n' ? ' ' : g[0];
	}
	return 1;
}

int
lex_lookup(const char *s, size_t len, size_t i,
    const struct lex_phrase *tab, size_t n, size_t *endp)
{
	size_t		 k, e, best_end = 0;
	int		 best = -1;
	char		 f[2];

	if (!fold2(s, len, i, f))
		return -1;
	for (k = 0; k < n; k++) {
		if (tab[k].pat[0] != f[0] || (tab[k].pat[1] != '\0' &&
		    tab[k].pat[1] != f[1]))
			continue;
		if ((e = lex_match(s, len, i, tab[k].pat)) > best_end) {
			best_end = e;
			best = (int)k;
		}
	}
	if (best >= 0 && endp != NULL)
		*endp = best_end;
	return best;
}

/* One lower-case letter more of the word index's key. */
static unsigned
letters_step(unsigned h, unsigned char c)
{
	return h * 31 + c;
}

/* The key of the word index: a hash of the leading a-z letters of s
 * (read_word() and lex_plain_word() compute the same as they go). */
static unsigned
letters_hash(const char *s)
{
	unsigned h = 0;

	for (; *s >= 'a' && *s <= 'z'; s++)
		h = letters_step(h, (unsigned char)*s);
	return h;
}

void
lex_index_init(struct lex_index *ix, const struct lex_phrase *tab, size_t n)
{
	unsigned short	 count[28] = { 0 }, tail[LEX_INDEX_HASH] = { 0 };
	size_t		 k;
	unsigned	 h;
	int		 b;

	if (n > LEX_INDEX_MAX)
		n = LEX_INDEX_MAX;
	ix->tab = tab;
	ix->n = n;
	for (k = 0; k < n; k++)
		count[bucket(tab[k].pat[0]) + 1]++;
	ix->first[0] = 0;
	for (b = 1; b < 28; b++)
		ix->first[b] = (unsigned short)(ix->first[b - 1] + count[b]);
	memcpy(count, ix->first, sizeof(count));
	for (k = 0; k < n; k++)
		ix->order[count[bucket(tab[k].pat[0])]++] = (unsigned short)k;
	memset(ix->head, 0, sizeof(ix->head));
	for (k = 0; k < n; k++) {
		ix->key[k] = letters_hash(tab[k].pat);
		ix->next[k] = 0;
		h = ix->key[k] & (LEX_INDEX_HASH - 1);
		if (tail[h] == 0)
			ix->head[h] = (unsigned short)(k + 1);
		else
			ix->next[tail[h] - 1] = (unsigned short)(k + 1);
		tail[h] = (unsigned short)(k + 1);
	}
}

const struct lex_index *
lex_table_index(struct lex_table *t)
{
	if (__atomic_load_n(&t->ready, __ATOMIC_ACQUIRE))
		return &t->ix;
	pthread_mutex_lock(&lex_table_lock);
	if (!__atomic_load_n(&t->ready, __ATOMIC_RELAXED)) {
		lex_index_init(&t->ix, t->tab, t->n);
		__atomic_store_n(&t->ready, 1, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&lex_table_lock);
	return &t->ix;
}

int
lex_index_lookup(const struct lex_index *ix, const char *s, size_t len,
    size_t i, size_t *endp)
{
	const char	*pat;
	size_t		 k, e, best_end = 0;
	int		 b, best = -1;
	char		 f[2];

	if (!fold2(s, len, i, f))
		return -1;
	b = bucket(f[0]);
	for (k = ix->first[b]; k < ix->first[b + 1]; k++) {
		pat = ix->tab[ix->order[k]].pat;
		if (pat[0] != f[0] || (pat[1] != '\0' && pat[1] != f[1]))
			continue;
		if ((e = lex_match(s, len, i, pat)) > best_end) {
			best_end = e;
			best = ix->order[k];
		}
	}
	if (best >= 0 && endp != NULL)
		*endp = best_end;
	return best;
}

int
lex_plain_word(const char *s, size_t len, size_t i,
    const struct lex_index *const *ix, size_t nix, size_t *start, size_t *end)
{
	size_t		j, k;
	unsigned	h = 0, c;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	/* the letters, lower-cased into the hash read_word() computes */
	for (j = k = i; k < len && (c = (unsigned char)s[k] | 0x20) - 'a' < 26; k++)
		h = letters_step(h, (unsigned char)c);
	if (k == j || k - j > LEX_WORD_MAX)
		return 0;
	/* an apostrophe or a letter of another script may go on with it */
	if (k < len && (s[k] == '\'' || (unsigned char)s[k] >= 0x80))
		return 0;
	for (; nix > 0; ix++, nix--)
		if (*ix != NULL && (*ix)->head[h & (LEX_INDEX_HASH - 1)] != 0)
			return 0;
	*start = j;
	*end = k;
	return 1;
}

int
lex_index_word(const struct lex_index *ix, const struct lex_tok *t)
{
	size_t k;

	if (t->kind != LEX_WORD || t->trunc)
		return -1;
	for (k = ix->head[t->wkey & (LEX_INDEX_HASH - 1)]; k != 0; k = ix->next[k - 1])
		if (ix->key[k - 1] == t->wkey && strcmp(ix->tab[k - 1].pat, t->w) == 0)
			return (int)k - 1;
	return -1;
}

int
lex_index_lookup_tok(const struct lex_index *ix, const char *s, size_t len,
    const struct lex_tok *t, size_t *endp)
{
	const char	*pat;
	size_t		 k, e, wl, best_end = 0;
	int		 best = -1;
	unsigned	 h;
	char		 c;

	if (t->kind != LEX_WORD || t->trunc || t->w[0] == '\0')
		return -1;
	wl = t->wlen;
	/*
	 * A phrase can only match if it starts with the word and no letter
	 * follows: then its leading a-z letters are the word's (or, for a
	 * word with an apostrophe or a folded non-ASCII letter, the word's
	 * leading a-z letters), which is what the chains are keyed by.
	 */
	h = t->wkey;
	for (k = ix->head[h & (LEX_INDEX_HASH - 1)]; k != 0; k = ix->next[k - 1]) {
		if (ix->key[k - 1] != h)
			continue;
		pat = ix->tab[k - 1].pat;
		if (strncmp(pat, t->w, wl) != 0)
			continue;
		c = pat[wl];
		if (c == '\0')
			e = t->end;		/* the phrase is this word */
		else if (c >= 'a' && c <= 'z')
			continue;		/* a longer word */
		else
			e = lex_match(s, len, t->start, pat);
		if (e > best_end) {
			best_end = e;
			best = (int)k - 1;
		}
	}
	if (best >= 0 && endp != NULL)
		*endp = best_end;
	return best;
}

size_t
lex_skip_space(const char *s, size_t len, size_t i)
{
	uint32_t	 cp;
	size_t		 n;

	while (i < len) {
		if (s[i] == ' ' || s[i] == '\t') {
			i++;
			continue;
		}
		if ((unsigned char)s[i] < 0x80 && s[i] != '\r' && s[i] != '\v' &&
		    s[i] != '\f')
			break;
		n = lex_utf8(s, len, i, &cp);
		if (!lex_is_space(cp))
			break;
		i += n;
	}
	return i;
}

size_t
lex_line_end(const char *s, size_t len, size_t i)
{
	const char *nl;

	if (i >= len)
		return len;
	nl = memchr(s + i, '\n', len - i);
	return nl == NULL ? len : (size_t)(nl - s);
}

static size_t
read_number(const char *s, size_t len, size_t i, struct lex_tok *t)
{
	t->kind = LEX_NUM;
	t->num = 0;
	t->ndig = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9') {
		if (t->num < 100000000)
			t->num = t->num * 10 + (s[i] - '0');
		else
			t->num = 999999999;
		t->ndig++;
		i++;
	}
	return i;
}

static void
word_add(struct lex_tok *t, size_t *wl, const char *f, int nf)
{
	int k;

	if (nf == 0)
		t->trunc = 1;	/* a letter we cannot fold: never matches */
	for (k = 0; k < nf; k++) {
		if (*wl < LEX_WORD_MAX)
			t->w[(*wl)++] = f[k];
		else
			t->trunc = 1;
	}
}

static size_t
read_word(const char *s, size_t len, size_t i, struct lex_tok *t)
{
	size_t		 wl = 0, n, n2;
	uint32_t	 cp, cp2;
	char		 f[2];
	int		 nf, ascii = 1;
	unsigned	 h = 0;

	t->kind = LEX_WORD;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			if (wl < LEX_WORD_MAX) {
				t->w[wl++] = (char)(c | 0x20);
				h = letters_step(h, c | 0x20);
			} else
				t->trunc = 1;
			i++;
			continue;
		}
		if (c < 0x80 && c != '\'')
			break;		/* not a letter: the word ends */
		ascii = 0;
		n = lex_utf8(s, len, i, &cp);
		nf = lex_fold(cp, f);
		if (nf == 1 && f[0] == '\'' && wl > 0 && i + n < len) {
			/* an apostrophe inside a word: don't, aujourd'hui */
			n2 = lex_utf8(s, len, i + n, &cp2);
			if (!lex_is_alnum(cp2) || (cp2 >= '0' && cp2 <= '9'))
				break;
			word_add(t, &wl, f, 1);
			i += n;
			(void)n2;
			continue;
		}
		if (!lex_is_alnum(cp) || (cp >= '0' && cp <= '9'))
			break;
		word_add(t, &wl, f, nf);
		i += n;
	}
	t->w[wl] = '\0';
	t->wlen = wl;
	/* once, for every table looked up */
	t->wkey = ascii ? h : letters_hash(t->w);
	return i;
}

size_t
lex_token(const char *s, size_t len, size_t i, struct lex_tok *t)
{
	uint32_t	 cp;
	size_t		 n;
	char		 f[2];

	/* every field but w, which only LEX_WORD fills (the struct is large
	 * and this runs once per token) */
	t->trunc = 0;
	t->num = 0;
	t->ndig = 0;
	t->c = 0;
	t->cp = 0;
	t->w[0] = '\0';
	t->wlen = 0;
	i = lex_skip_space(s, len, i);
	t->start = i;
	if (i >= len) {
		t->kind = LEX_END;
		t->end = i;
		return i;
	}
	if ((unsigned char)s[i] < 0x80) {	/* the common case, inline */
		char c = s[i];

		if (c >= '0' && c <= '9')
			t->end = read_number(s, len, i, t);
		else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			t->end = read_word(s, len, i, t);
		else {
			t->kind = c == '\n' ? LEX_NL : LEX_PUNCT;
			t->cp = (unsigned char)c;
			t->c = fold_ascii((unsigned char)c);
			t->end = i + 1;
		}
		return t->end;
	}
	n = lex_utf8(s, len, i, &cp);
	if (cp >= '0' && cp <= '9')
		t->end = read_number(s, len, i, t);
	else if (lex_is_alnum(cp))
		t->end = read_word(s, len, i, t);
	else {
		t->kind = LEX_PUNCT;
		t->cp = cp;
		if (lex_fold(cp, f) == 1)
			t->c = f[0];
		if (t->c == '\n')
			t->kind = LEX_NL;
		t->end = i + n;
	}
	return t->end;
}

size_t
lex_token_adj(const char *s, size_t len, size_t i, struct lex_tok *t)
{
	lex_token(s, len, i, t);
	if (t->start != i) {
		t->trunc = 0;
		t->num = 0;
		t->ndig = 0;
		t->c = 0;
		t->cp = 0;
		t->w[0] = '\0';
		t->wlen = 0;
		t->kind = LEX_END;
		t->start = t->end = i;
	}
	return t->end;
}

int
lex_is_word(const struct lex_tok *t, const char *w)
{
	return t->kind == LEX_WORD && !t->trunc && strcmp(t->w, w) == 0;
}

int
lex_is_punct(const struct lex_tok *t, char c)
{
	return t->kind == LEX_PUNCT && t->c == c;
}

int
lex_distance(const char *a, const char *b, int max)
{
	int	 row[LEX_WORD_MAX + 2], prev, cur, best;
	size_t	 la = strlen(a), lb = strlen(b), i, j;

	if (la > LEX_WORD_MAX || lb > LEX_WORD_MAX)
		return max + 1;
	for (j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = (int)i;
		best = row[0];
		for (j = 1; j <= lb; j++) {
			cur = row[j];
			row[j] = prev + (a[i - 1] != b[j - 1]);
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (cur + 1 < row[j])
				row[j] = cur + 1;
			prev = cur;
			if (row[j] < best)
				best = row[j];
		}
		if (best > max)
			return max + 1;
	}
	return row[lb] > max ? max + 1 : row[lb];
}
