/*
 * lex.h: the small scanner shared by the parsers that read what people wrote
 * (dates, checkin, feedback, autoreply, commands): UTF-8 decoding, case and
 * accent folding, phrase tables and a tokenizer. Pure: no allocation, no
 * globals but the indexes of struct lex_table; every function reads a bounded amount past its starting point
 * (a word, a number, or one phrase), so a scanner that calls them once per
 * word start stays linear in its input.
 *
 * Folding maps text to lower-case ASCII so that tables can be written once:
 *  - ASCII letters to lower case;
 *  - Latin-1 and Latin Extended-A letters to their base letter
 *    (É→e, ñ→n, ł→l), with ß→ss, æ→ae, œ→oe, þ→th;
 *  - ’ ‘ ʼ ´ to ', – — ‑ − to -, “ ” „ to ", NBSP and other spaces to ' '.
 * Tables of words and phrases in the parsers are written in folded form
 * ("naechste" is NOT the folding of "nächste": it is "nachste").
 */
#ifndef RAPPORT_LEX_H
#define RAPPORT_LEX_H

#include <stddef.h>
#include <stdint.h>

#define LEX_WORD_MAX	47	/* folded bytes kept of one word */

struct lex_tok;

/* Decode the code point at s[i] (i < len); invalid bytes decode to U+FFFD
 * one byte at a time. Returns the number of bytes used (>= 1). */
size_t	 lex_utf8(const char *s, size_t len, size_t i, uint32_t *cp);
/* The length of the valid UTF-8 sequence at s (at most n bytes: 1 to 4),
 * or 0 if it is not one (overlong, a surrogate, past U+10FFFF, cut short). */
size_t	 lex_utf8_valid(const unsigned char *s, size_t n);
/* The start of the code point that ends just before s[i] (i > 0). */
size_t	 lex_prev(const char *s, size_t i);

/* Fold one code point into out (up to 2 bytes). Returns how many bytes were
 * written: 0 means "not a letter, digit, space or ASCII punctuation" (an
 * emoji, a CJK character). Newlines fold to '\n', other spaces to ' '. */
int	 lex_fold(uint32_t cp, char out[2]);
/* A letter or digit in any script (for word boundaries). */
int	 lex_is_alnum(uint32_t cp);
int	 lex_is_space(uint32_t cp);	/* horizontal white space (not \n) */

/* Is s[i] at a word start: i == 0 or the code point before is not alnum? */
int	 lex_word_start(const char *s, size_t len, size_t i);

/*
 * Match the folded pattern pat at s[i]. In pat, ' ' matches one or more
 * spaces (at most one newline among them); every other byte matches one
 * folded byte. When pat ends with a letter or digit the match must end at a
 * word boundary. Returns the end offset of the match, or 0 for no match.
 * It does not check the boundary before i: see lex_word_start().
 */
size_t	 lex_match(const char *s, size_t len, size_t i, const char *pat);

struct lex_phrase {
	const char	*pat;	/* folded */
	int		 val;
};

/* The longest phrase of tab that matches at s[i] (see lex_match).
 * Returns its index, or -1; *endp gets the end of the match. */
int	 lex_lookup(const char *s, size_t len, size_t i,
	    const struct lex_phrase *tab, size_t n, size_t *endp);

/*
 * A phrase table indexed by its first letter: lookups then try only the
 * phrases that start with the input's first two folded bytes. Same results
 * as lex_lookup().
 */
#define LEX_INDEX_MAX	512	/* phrases per indexed table */

#define LEX_INDEX_HASH	1024	/* chains of the word index, a power of 2 */

struct lex_index {
	const struct lex_phrase	*tab;
	size_t			 n;
	unsigned short		 first[28];	/* bucket b is order[first[b]..first[b+1]) */
	unsigned short		 order[LEX_INDEX_MAX];
	/* by the phrase's leading a-z letters: chain h starts at head[h] - 1
	 * (0: empty), goes on at next[k] - 1; in table order */
	unsigned short		 head[LEX_INDEX_HASH];
	unsigned short		 next[LEX_INDEX_MAX];
	unsigned		 key[LEX_INDEX_MAX];	/* the full hash of each phrase's letters */
};

/*
 * The plain word at s[i] (after spaces and tabs): ASCII letters up to a
 * byte that cannot continue a word, no longer than LEX_WORD_MAX, and the
 * start of no phrase of the nix indexes (NULL ones are skipped). 1 and
 * [*start, *end) when so: lex_token() would read exactly that LEX_WORD,
 * and no lookup in those indexes would match at it. 0 otherwise: read the
 * token with lex_token(). Scanners use it to pass most words cheaply.
 */
int	 lex_plain_word(const char *s, size_t len, size_t i,
	    const struct lex_index *const *ix, size_t nix, size_t *start,
	    size_t *end);

/* The phrase of an indexed table that is exactly the word t (the first
 * such in table order), or -1: a hashed strcmp() over the table. */
int	 lex_index_word(const struct lex_index *, const struct lex_tok *t);

/* n must not exceed LEX_INDEX_MAX (extra phrases are ignored). */
void	 lex_index_init(struct lex_index *, const struct lex_phrase *tab,
	    size_t n);
int	 lex_index_lookup(const struct lex_index *, const char *s, size_t len,
	    size_t i, size_t *endp);

/*
 * A static phrase table with its index, built on first use (once, under a
 * lock, so threads may share it) and never changed after: the only static
 * state of parsers/, and it cannot change a result, only save rebuilding
 * the index for every message.
 *	static struct lex_table status = LEX_TABLE(status_tab);
 *	k = lex_index_lookup_tok(lex_table_index(&status), ...);
 */
struct lex_table {
	const struct lex_phrase	*tab;
	size_t			 n;
	int			 ready;		/* atomic: ix is built */
	struct lex_index	 ix;
};
#define LEX_TABLE(t)	{ (t), sizeof(t) / sizeof((t)[0]), 0, { 0 } }

const struct lex_index *lex_table_index(struct lex_table *);

/* The same for a LEX_WORD token, using its folded word: cheaper, since
 * most phrases are rejected by comparing their first word. */
int	 lex_index_lookup_tok(const struct lex_index *, const char *s,
	    size_t len, const struct lex_tok *t, size_t *endp);

/* Skip horizontal space from i; returns the first other offset. */
size_t	 lex_skip_space(const char *s, size_t len, size_t i);
/* Offset of the '\n' ending the line that holds i, or len. */
size_t	 lex_line_end(const char *s, size_t len, size_t i);

enum lex_kind {
	LEX_END,	/* end of input */
	LEX_NL,		/* a newline */
	LEX_WORD,	/* letters (and apostrophes between them) */
	LEX_NUM,	/* ASCII digits */
	LEX_PUNCT	/* anything else, one code point */
};

struct lex_tok {
	enum lex_kind	 kind;
	size_t		 start, end;	/* bytes in the input */
	char		 w[LEX_WORD_MAX + 1];	/* LEX_WORD: folded, NUL-terminated */
	size_t		 wlen;		/* LEX_WORD: strlen(w) */
	unsigned	 wkey;		/* LEX_WORD: hash of w's leading a-z letters */
	int		 trunc;		/* LEX_WORD: longer than LEX_WORD_MAX */
	long		 num;		/* LEX_NUM: value, capped at 999999999 */
	int		 ndig;		/* LEX_NUM: digits */
	char		 c;		/* LEX_PUNCT: folded ASCII, or 0 */
	uint32_t	 cp;		/* LEX_PUNCT: the code point */
};

/* Skip horizontal space from i, then read one token into t.
 * Returns t->end (== i == len for LEX_END). */
size_t	 lex_token(const char *s, size_t len, size_t i, struct lex_tok *t);
/* Like lex_token() without skipping space: LEX_END unless a token starts
 * exactly at i. */
size_t	 lex_token_adj(const char *s, size_t len, size_t i, struct lex_tok *t);
/* Is the token the word w (folded)? */
int	 lex_is_word(const struct lex_tok *t, const char *w);
/* Is the token punctuation folding to c? */
int	 lex_is_punct(const struct lex_tok *t, char c);

/* Levenshtein distance between two short folded strings, capped at max+1
 * (strings longer than LEX_WORD_MAX compare as "far"). */
int	 lex_distance(const char *a, const char *b, int max);

#endif
