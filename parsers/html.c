/*
 * html.c: HTML mail to text with the quoted history marked; see html.h.
 *
 * libxml2 parses (and repairs) the document; its SAX events build a small
 * tree of our own in one arena (struct h_node: the same shape libxml2's own
 * tree builder gives, without its per-node allocations, and with each
 * element's name kind and the few attributes looked at read once). One
 * iterative walk over that tree (parent/next pointers, no recursion) then
 * classifies each element as it is entered:
 *  - invisible (head, style, script...): skipped with its subtree;
 *  - a quote (blockquote type=cite, gmail_attr, yahoo_quoted...): its subtree
 *    is one quote level deeper, or skipped in HTML_QUOTES_DROP mode;
 *  - a cut (divRplyFwdMsg, the Outlook header border, hr#zwchr...): it and
 *    everything after it in document order is quoted history.
 * Text is written through a small line writer that collapses white space,
 * turns block boundaries into line breaks and prefixes quoted lines.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <stddef.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "html.h"
#include "caps.h"
#include "strbuf.h"

enum h_class {
	HC_NONE,	/* render normally */
	HC_SKIP,	/* invisible: skip the subtree */
	HC_QUOTE,	/* quoted history: one level deeper */
	HC_CUT		/* quoted history from here to the end */
};

struct h_out {
	struct strbuf	 sb;
	enum html_quotes mode;
	unsigned	 flags;
	size_t		 level;		/* quote level of the text being written */
	size_t		 line_level;	/* quote level of the current output line */
	int		 at_bol;	/* nothing written on the current line */
	int		 space;		/* a collapsed space is pending */
	unsigned	 nl;		/* line breaks pending before the next text */
	const char	*marker;	/* list marker pending ("- ") */
	char		 num[24];	/* numbered list marker */
	size_t		 indent;	/* list nesting, for the marker's indent */
	int		 pre;		/* inside <pre> */
	int		 row_cells;	/* cells written in the current table row */
	size_t		 texts;		/* text runs written so far */
};

/* --- the tree */

enum h_type {
	HN_ELEMENT,
	HN_TEXT,
	HN_CDATA,
	HN_OTHER	/* a comment or a processing instruction */
};

/* What an element's name makes it (names are lower case from libxml2). */
#define HK_INVISIBLE	0x0001	/* head, style, script... */
#define HK_PARA		0x0002	/* a blank line around it */
#define HK_BLOCK	0x0004	/* a line break around it */
#define HK_P		0x0008
#define HK_BR		0x0010
#define HK_PRE		0x0020
#define HK_LIST		0x0040	/* ul, ol */
#define HK_OL		0x0080
#define HK_LI		0x0100
#define HK_TR		0x0200
#define HK_CELL		0x0400	/* td, th */
#define HK_HR		0x0800
#define HK_DIV		0x1000
#define HK_BLOCKQUOTE	0x2000

/* The attributes classification looks at: the first of each name (NULL:
 * none; a value-less one is ""), style with white space removed and
 * lowercased, cut at 511 bytes. */
struct h_attrs {
	const char	*id, *cls, *type, *data_marker, *name, *style;
};

/*
 * x is the node as libxml2's parser sees it: its ctxt->node (where the DOM
 * builder would be) decides whether white space between tags is text
 * (areBlanks() looks at the node's last child, its type and name), so the
 * open element, its children's types, names and prev links are kept there.
 */
struct h_node {
	xmlNode		 x;
	enum h_type	 type;
	unsigned	 kind;		/* HK_*, elements */
	const char	*name;		/* elements: local name, lower case */
	char		*text;		/* text and CDATA: NUL-terminated */
	size_t		 textlen, textcap;
	struct h_attrs	 a;
	struct h_node	*parent, *children, *last, *next, *prev;
};

/* A chunk of the arena; nodes and strings are carved from its data. */
struct h_chunk {
	struct h_chunk	*next;
	size_t		 used, size;
	max_align_t	 data[];
};

/* The tree builder, as libxml2's own (SAX2.c) would have built the DOM. */
struct h_tree {
	struct h_chunk	*chunks;
	int		 oom;
	struct h_node	*cur;		/* the open element (libxml2's ctxt->node) */
	size_t		 depth;		/* elements open */
	/* the open elements, as libxml2's nodeTab (an element attached at
	 * document level is not its parent's child there) */
	struct h_node	*open[LIMIT_HTML_DEPTH + 2];
	int		 doc_has;	/* the document has a child */
	struct h_node	*first;		/* its first child when that is an element */
	struct h_node	*root;		/* the first element at document level */
};

static void *
h_alloc(struct h_tree *t, size_t n)
{
	struct h_chunk	*c = t->chunks;
	size_t		 size;

	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	if (c == NULL || c->size - c->used < n) {
		size = n > 16384 ? n : 16384;
		if ((c = malloc(sizeof(*c) + size)) == NULL) {
			t->oom = 1;
			return NULL;
		}
		c->next = t->chunks;
		c->used = 0;
		c->size = size;
		t->chunks = c;
	}
	c->used += n;
	return (char *)c->data + c->used - n;
}

static char *
h_strdup(struct h_tree *t, const char *s)
{
	size_t	 n = strlen(s) + 1;
	char	*d;

	if ((d = h_alloc(t, n)) != NULL)
		memcpy(d, s, n);
	return d;
}

static void
h_tree_free(struct h_tree *t)
{
	struct h_chunk *c, *next;

	for (c = t->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	t->chunks = NULL;
}

static struct h_node *
h_new(struct h_tree *t, enum h_type type)
{
	struct h_node *n;

	static const xmlElementType xt[] = {
		XML_ELEMENT_NODE, XML_TEXT_NODE, XML_CDATA_SECTION_NODE, XML_COMMENT_NODE
	};

	if ((n = h_alloc(t, sizeof(*n))) != NULL) {
		memset(n, 0, sizeof(*n));
		n->type = type;
		n->x.type = xt[type];
	}
	return n;
}

static void
h_append(struct h_node *parent, struct h_node *n)
{
	n->parent = parent;
	n->prev = parent->last;
	if (parent->last != NULL)
		parent->last->next = n;
	else
		parent->children = n;
	parent->last = n;
	n->x.prev = n->prev != NULL ? &n->prev->x : NULL;
	parent->x.last = &n->x;
}

/* Where libxml2's DOM builder would be: the open element, or none. */
static void
h_set_cur(void *ctx, struct h_tree *t, struct h_node *n)
{
	t->cur = n;
	((htmlParserCtxtPtr)ctx)->node = n != NULL ? &n->x : NULL;
}

static unsigned
h_kind(const char *nm)
{
	static const struct {
		const char	*name;
		unsigned	 kind;
	} kinds[] = {
		{ "head", HK_INVISIBLE }, { "style", HK_INVISIBLE },
		{ "script", HK_INVISIBLE }, { "title", HK_INVISIBLE },
		{ "meta", HK_INVISIBLE }, { "link", HK_INVISIBLE },
		{ "template", HK_INVISIBLE }, { "svg", HK_INVISIBLE },
		{ "object", HK_INVISIBLE }, { "iframe", HK_INVISIBLE },
		{ "embed", HK_INVISIBLE }, { "xml", HK_INVISIBLE },
		{ "img", HK_INVISIBLE }, { "map", HK_INVISIBLE },
		{ "area", HK_INVISIBLE }, { "audio", HK_INVISIBLE },
		{ "video", HK_INVISIBLE }, { "canvas", HK_INVISIBLE },
		{ "select", HK_INVISIBLE }, { "option", HK_INVISIBLE },
		{ "input", HK_INVISIBLE }, { "noembed", HK_INVISIBLE },
		{ "p", HK_PARA | HK_P }, { "h1", HK_PARA }, { "h2", HK_PARA },
		{ "h3", HK_PARA }, { "h4", HK_PARA }, { "h5", HK_PARA },
		{ "h6", HK_PARA }, { "pre", HK_PARA | HK_PRE },
		{ "table", HK_PARA }, { "dl", HK_PARA }, { "figure", HK_PARA },
		{ "form", HK_PARA }, { "fieldset", HK_PARA },
		{ "div", HK_BLOCK | HK_DIV }, { "address", HK_BLOCK },
		{ "article", HK_BLOCK }, { "aside", HK_BLOCK },
		{ "blockquote", HK_BLOCK | HK_BLOCKQUOTE }, { "center", HK_BLOCK },
		{ "dd", HK_BLOCK }, { "details", HK_BLOCK }, { "dialog", HK_BLOCK },
		{ "dir", HK_BLOCK }, { "dt", HK_BLOCK }, { "figcaption", HK_BLOCK },
		{ "footer", HK_BLOCK }, { "header", HK_BLOCK }, { "hgroup", HK_BLOCK },
		{ "hr", HK_BLOCK | HK_HR }, { "li", HK_BLOCK | HK_LI },
		{ "main", HK_BLOCK }, { "menu", HK_BLOCK }, { "nav", HK_BLOCK },
		{ "ol", HK_BLOCK | HK_LIST | HK_OL }, { "section", HK_BLOCK },
		{ "summary", HK_BLOCK }, { "tbody", HK_BLOCK }, { "thead", HK_BLOCK },
		{ "tfoot", HK_BLOCK }, { "tr", HK_BLOCK | HK_TR },
		{ "ul", HK_BLOCK | HK_LIST }, { "caption", HK_BLOCK },
		{ "body", HK_BLOCK }, { "html", HK_BLOCK }, { "legend", HK_BLOCK },
		{ "br", HK_BR }, { "td", HK_CELL }, { "th", HK_CELL },
	};
	size_t	i;
	int	c = nm[0] >= 'A' && nm[0] <= 'Z' ? nm[0] + 32 : nm[0];

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].name[0] == c && strcasecmp(nm, kinds[i].name) == 0)
			return kinds[i].kind;
	return 0;
}

static void
h_attrs_read(struct h_tree *t, struct h_node *n, const xmlChar **atts)
{
	const char	*nm, *v, *s = NULL;
	const char	**slot;
	char		*st;
	size_t		 i, k = 0;

	for (i = 0; atts != NULL && atts[i] != NULL; i += 2) {
		nm = (const char *)atts[i];
		v = atts[i + 1] != NULL ? (const char *)atts[i + 1] : "";
		slot = NULL;
		if (strcasecmp(nm, "id") == 0)
			slot = &n->a.id;
		else if (strcasecmp(nm, "class") == 0)
			slot = &n->a.cls;
		else if (strcasecmp(nm, "type") == 0)
			slot = &n->a.type;
		else if (strcasecmp(nm, "data-marker") == 0)
			slot = &n->a.data_marker;
		else if (strcasecmp(nm, "name") == 0)
			slot = &n->a.name;
		else if (strcasecmp(nm, "style") == 0 && s == NULL)
			s = v;
		if (slot != NULL && *slot == NULL)
			*slot = h_strdup(t, v);
	}
	if (s == NULL || (st = h_alloc(t, 512)) == NULL)
		return;
	for (; *s != '\0' && k < 511; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			st[k++] = (char)((*s >= 'A' && *s <= 'Z') ? *s + 32 : *s);
	st[k] = '\0';
	n->a.style = st;
}

static struct h_tree *
h_tree_of(void *ctx)
{
	return ((htmlParserCtxtPtr)ctx)->_private;
}

/* libxml2's ctxt->node is NULL: where a new node goes at document level. */
static struct h_node *
h_doc_level(struct h_tree *t, struct h_node *n)
{
	if (!t->doc_has) {
		t->doc_has = 1;
		if (n->type == HN_ELEMENT)
			t->first = t->root = n;
		return NULL;
	}
	/* an element goes into the first child when that is an element, else
	 * after it: the first such is the root, the others are not walked */
	if (n->type == HN_ELEMENT) {
		if (t->first != NULL)
			return t->first;
		if (t->root == NULL)
			t->root = n;
	}
	return NULL;
}

static void
h_sax_start(void *ctx, const xmlChar *fullname, const xmlChar **atts)
{
	struct h_tree	*t = h_tree_of(ctx);
	struct h_node	*n, *parent = t->cur;
	xmlChar		*local, *prefix = NULL;
	const char	*nm = (const char *)fullname;

	if (t->oom)
		return;
	/* libxml2 stops a document nested deeper than xmlParserMaxDepth */
	if (t->depth > xmlParserMaxDepth || t->depth > LIMIT_HTML_DEPTH) {
		xmlStopParser(ctx);
		return;
	}
	if ((n = h_new(t, HN_ELEMENT)) == NULL)
		return;
	/* "o:p" is "p", as libxml2 names it */
	if (strchr(nm, ':') != NULL) {
		if ((local = xmlSplitQName(ctx, fullname, &prefix)) == NULL) {
			t->oom = 1;
			return;
		}
		n->name = h_strdup(t, (const char *)local);
		xmlFree(local);
		xmlFree(prefix);
	} else
		n->name = h_strdup(t, nm);
	if (n->name == NULL)
		return;
	n->x.name = (const xmlChar *)n->name;
	n->kind = h_kind(n->name);
	h_attrs_read(t, n, atts);
	if (parent == NULL)
		parent = h_doc_level(t, n);
	if (parent != NULL)
		h_append(parent, n);
	t->open[t->depth++] = n;
	h_set_cur(ctx, t, n);
}

static void
h_sax_end(void *ctx, const xmlChar *name)
{
	struct h_tree *t = h_tree_of(ctx);

	(void)name;
	if (t->depth > 0) {
		t->depth--;
		h_set_cur(ctx, t, t->depth > 0 ? t->open[t->depth - 1] : NULL);
	}
}

static void
h_sax_text(struct h_tree *t, const char *s, size_t len, enum h_type type)
{
	struct h_node	*n, *last;
	size_t		 cap;
	char		*nt;

	if (t->oom || t->cur == NULL)
		return;		/* text outside any element is dropped */
	last = t->cur->last;
	if (last != NULL && last->type == type) {
		if (last->textlen + len + 1 > last->textcap) {
			cap = (last->textcap + len) * 2;
			if ((nt = h_alloc(t, cap)) == NULL)
				return;
			memcpy(nt, last->text, last->textlen);
			last->text = nt;
			last->textcap = cap;
		}
		memcpy(last->text + last->textlen, s, len);
		last->textlen += len;
		last->text[last->textlen] = '\0';
		return;
	}
	if ((n = h_new(t, type)) == NULL || (n->text = h_alloc(t, len + 1)) == NULL)
		return;
	memcpy(n->text, s, len);
	n->text[len] = '\0';
	n->textlen = len;
	n->textcap = len + 1;
	h_append(t->cur, n);
}

static void
h_sax_characters(void *ctx, const xmlChar *s, int len)
{
	h_sax_text(h_tree_of(ctx), (const char *)s, (size_t)len, HN_TEXT);
}

static void
h_sax_cdata(void *ctx, const xmlChar *s, int len)
{
	h_sax_text(h_tree_of(ctx), (const char *)s, (size_t)len, HN_CDATA);
}

/* A comment or processing instruction: nothing of it is written, but it
 * is a child all the same. */
static void
h_sax_other(struct h_tree *t, xmlElementType xt, const xmlChar *name)
{
	struct h_node *n;

	if (t->oom || (n = h_new(t, HN_OTHER)) == NULL)
		return;
	n->x.type = xt;
	if (name != NULL && (n->x.name = (const xmlChar *)h_strdup(t, (const char *)name)) == NULL)
		return;
	if (t->cur != NULL)
		h_append(t->cur, n);
	else
		(void)h_doc_level(t, n);
}

static void
h_sax_comment(void *ctx, const xmlChar *value)
{
	(void)value;
	h_sax_other(h_tree_of(ctx), XML_COMMENT_NODE, NULL);
}

static void
h_sax_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	(void)data;
	h_sax_other(h_tree_of(ctx), XML_PI_NODE, target);
}

/* <!DOCTYPE ...>: libxml2 makes it the document's first child (and its
 * parser looks at it in the document it keeps). */
static void
h_sax_doctype(void *ctx, const xmlChar *name, const xmlChar *eid, const xmlChar *sid)
{
	struct h_tree *t = h_tree_of(ctx);

	xmlSAX2InternalSubset(ctx, name, eid, sid);
	t->doc_has = 1;
	t->first = NULL;
}

/* --- attributes and names */

static int
h_is(const struct h_node *n, unsigned kind)
{
	return n->type == HN_ELEMENT && (n->kind & kind) != 0;
}

/* Does the whitespace-separated list v (an attribute's value, or NULL)
 * contain word (or, with sub, a token ending in word: yahoo's
 * "ydp1234yahoo_quoted")? */
static int
h_word_in(const char *v, const char *word, int sub)
{
	const char	*p, *e;
	size_t		 wl = strlen(word), tl;

	if (v == NULL)
		return 0;
	for (p = v; *p != '\0'; p = e) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		for (e = p; *e != '\0' && *e != ' ' && *e != '\t' &&
		    *e != '\n' && *e != '\r'; e++)
			;
		tl = (size_t)(e - p);
		if (tl == wl && strncasecmp(p, word, wl) == 0)
			return 1;
		if (sub && tl > wl && strncasecmp(e - wl, word, wl) == 0)
			return 1;
	}
	return 0;
}

static int
h_style_has(const struct h_node *n, const char *needle)
{
	return n->a.style != NULL && strstr(n->a.style, needle) != NULL;
}

/* --- classification */

static int
h_has_text(const struct h_node *n, size_t *budget)
{
	const struct h_node	*c;
	const char		*p;

	if (n->type == HN_TEXT || n->type == HN_CDATA) {
		for (p = n->text; p != NULL && *p != '\0'; p++)
			if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
				return 1;
		return 0;
	}
	if (n->type != HN_ELEMENT)
		return 0;
	/* iterative, bounded: a very large container counts as text */
	for (c = n->children; c != NULL; ) {
		if ((*budget)-- == 0)
			return 1;
		if ((c->type == HN_TEXT || c->type == HN_CDATA) && h_has_text(c, budget))
			return 1;
		if (c->type == HN_ELEMENT && c->children != NULL) {
			c = c->children;
			continue;
		}
		while (c != NULL && c->next == NULL && c != n)
			c = c->parent;
		if (c == NULL || c == n)
			break;
		c = c->next;
	}
	return 0;
}

static int
h_quote_child(const struct h_node *n)
{
	return h_is(n, HK_BLOCKQUOTE) || h_word_in(n->a.cls, "gmail_attr", 0) ||
	    h_word_in(n->a.cls, "gmail_quote", 0);
}

/*
 * A Gmail quote container holds the attribution and the quoted blocks; when
 * the person answered inline, their text sits in it between quoted blocks.
 * Then the container is transparent and only its quote children are quotes.
 */
static int
h_gmail_container_is_quote(const struct h_node *n)
{
	const struct h_node	*c;
	int			 seen_quote = 0;
	size_t			 budget = 10000;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == HN_ELEMENT && h_quote_child(c))
			seen_quote = 1;
		else if (seen_quote && h_has_text(c, &budget))
			return 0;
	}
	return 1;
}

static enum h_class
h_classify(const struct h_node *n)
{
	const char *id = n->a.id, *cls = n->a.cls;

	if (n->kind & HK_INVISIBLE)
		return HC_SKIP;
	if (h_style_has(n, "display:none"))
		return HC_SKIP;
	/* the mobile clients' signature containers ("Get Outlook for iOS",
	 * "Sent with Proton Mail"): a delimited signature */
	if ((id != NULL && strcasecmp(id, "ms-outlook-mobile-signature") == 0) ||
	    h_word_in(cls, "protonmail_signature_block", 0))
		return HC_SKIP;
	if (id != NULL && (strcasecmp(id, "divRplyFwdMsg") == 0 ||
	    strcasecmp(id, "x_divRplyFwdMsg") == 0 ||
	    strcasecmp(id, "appendonsend") == 0 ||
	    strcasecmp(id, "x_appendonsend") == 0 ||
	    strcasecmp(id, "OLK_SRC_BODY_SECTION") == 0 ||
	    ((n->kind & HK_HR) && (strcasecmp(id, "stopSpelling") == 0 ||
	    strcasecmp(id, "zwchr") == 0 || strcasecmp(id, "replySplit") == 0))))
		return HC_CUT;
	if ((n->kind & HK_DIV) && h_style_has(n, "border-top:solid#") &&
	    (h_style_has(n, "#e1e1e1") || h_style_has(n, "#b5c4df")))
		return HC_CUT;
	if (n->kind & HK_BLOCKQUOTE) {
		/* Gmail/Apple "indent" is a margin-only blockquote, not a quote */
		if (n->a.type == NULL && cls == NULL && h_style_has(n, "border:none"))
			return HC_NONE;
		return HC_QUOTE;
	}
	if (cls == NULL && id == NULL && n->a.data_marker == NULL && n->a.name == NULL)
		return HC_NONE;		/* most elements */
	if (h_word_in(cls, "gmail_quote", 0))
		return h_gmail_container_is_quote(n) ? HC_QUOTE : HC_NONE;
	if (h_word_in(cls, "gmail_attr", 0) ||
	    h_word_in(cls, "moz-cite-prefix", 0) ||
	    h_word_in(cls, "yahoo_quoted", 1) ||
	    h_word_in(cls, "protonmail_quote", 0) ||
	    h_word_in(cls, "tutanota_quote", 0) ||
	    h_word_in(cls, "zmail_extra", 0) ||
	    h_word_in(cls, "OutlookMessageHeader", 0) ||
	    h_word_in(cls, "skiff_quote", 0) ||
	    h_word_in(cls, "airmail_ext_on", 0) ||
	    (id != NULL && (strcasecmp(id, "mail-editor-reference-message-container") == 0 ||
	    strcasecmp(id, "qt") == 0 || strcasecmp(id, "isForwardContent") == 0 ||
	    strcasecmp(id, "isReplyContent") == 0 || strcasecmp(id, "origbody") == 0 ||
	    strcasecmp(id, "reply139content") == 0 ||
	    strcasecmp(id, "oriMsgHtmlSeperator") == 0)))
		return HC_QUOTE;
	/* Zimbra marks its header block and the quoted text */
	if (n->a.data_marker != NULL && (strcmp(n->a.data_marker, "__QUOTED_TEXT__") == 0 ||
	    strcmp(n->a.data_marker, "__HEADERS__") == 0))
		return HC_QUOTE;
	if (n->a.name != NULL && (strcasecmp(n->a.name, "quote") == 0 ||
	    strcasecmp(n->a.name, "quoted-content") == 0))
		return HC_QUOTE;
	return HC_NONE;
}

/* --- the line writer */

static void
h_prefix(struct h_out *o, size_t level, int blank)
{
	size_t i;

	for (i = 0; i < level; i++)
		sb_adds(&o->sb, i + 1 < level || blank ? ">" : "> ");
}

/* Flush pending line breaks and the quote prefix before some text. */
static void
h_begin_text(struct h_out *o)
{
	size_t	 blank_level;
	unsigned i;

	if (o->sb.len > 0 && o->nl > 0) {
		sb_addc(&o->sb, '\n');
		blank_level = o->line_level < o->level ? o->line_level : o->level;
		for (i = 1; i < o->nl; i++) {
			h_prefix(o, blank_level, 1);
			sb_addc(&o->sb, '\n');
		}
		o->at_bol = 1;
	}
	o->nl = 0;
	o->texts++;
	if (o->at_bol) {
		h_prefix(o, o->level, 0);
		o->line_level = o->level;
		if (o->marker != NULL) {
			for (i = 1; i < o->indent; i++)
				sb_adds(&o->sb, "  ");
			sb_adds(&o->sb, o->marker);
			o->marker = NULL;
		}
		o->at_bol = 0;
		o->space = 0;
	} else if (o->space) {
		sb_addc(&o->sb, ' ');
		o->space = 0;
	}
}

/* Ask for at least n line breaks before the next text (1: new line,
 * 2: a blank line between). */
static void
h_break(struct h_out *o, unsigned n)
{
	if (o->sb.len == 0 && o->at_bol)
		return;
	if (o->nl < n)
		o->nl = n;
	o->space = 0;
}

static void
h_br(struct h_out *o)
{
	if (o->nl == 0 && o->at_bol && o->sb.len == 0)
		return;
	o->nl++;
	o->space = 0;
}

static void
h_text(struct h_out *o, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*run;

	while (*p != '\0') {
		if (!o->pre && (*p == ' ' || *p == '\t' || *p == '\n' ||
		    *p == '\r' || *p == '\f')) {
			if (!o->at_bol || o->nl > 0)
				o->space = 1;
			p++;
			continue;
		}
		if (o->pre && *p == '\n') {
			h_br(o);
			p++;
			continue;
		}
		if (o->pre && *p == '\r') {
			p++;
			continue;
		}
		/* a no-break space is a space that does not collapse */
		if (p[0] == 0xc2 && p[1] == 0xa0) {
			h_begin_text(o);
			sb_addc(&o->sb, ' ');
			p += 2;
			continue;
		}
		/* a run up to the next white space */
		for (run = p; *p != '\0' && *p != ' ' && *p != '\t' &&
		    *p != '\n' && *p != '\r' && *p != '\f' &&
		    !(p[0] == 0xc2 && p[1] == 0xa0); p++)
			;
		h_begin_text(o);
		sb_add(&o->sb, run, (size_t)(p - run));
		if (o->pre) {
			for (run = p; *p == ' ' || *p == '\t'; p++)
				;
			sb_add(&o->sb, run, (size_t)(p - run));
		}
	}
}

/* --- elements */

/* How many line breaks surround this element (0: inline). */
/* libxml2 reads Word's <o:p> as <p>; a real <p> never nests in one. */
static int
h_office_p(const struct h_node *n)
{
	const struct h_node	*a;
	int			 i;

	for (i = 0, a = n->parent; a != NULL && i < 16; a = a->parent, i++)
		if (h_is(a, HK_P))
			return 1;
	return 0;
}

/* Word's paragraphs: no margins, and an empty one is an empty line. */
static int
h_word_para(const struct h_node *n)
{
	const char *cls = n->a.cls;

	return h_is(n, HK_P) && (h_word_in(cls, "MsoNormal", 0) ||
	    h_word_in(cls, "MsoPlainText", 0) ||
	    h_word_in(cls, "MsoListParagraph", 0) ||
	    h_word_in(cls, "MsoListParagraphCxSpFirst", 0) ||
	    h_word_in(cls, "MsoListParagraphCxSpMiddle", 0) ||
	    h_word_in(cls, "MsoListParagraphCxSpLast", 0));
}

static unsigned
h_breaks(const struct h_node *n)
{
	if (h_is(n, HK_P) && h_office_p(n))
		return 0;
	if (h_word_para(n))
		return 1;
	if (n->kind & HK_PARA)
		return 2;
	if (n->kind & HK_BLOCK)
		return 1;
	return 0;
}

static void
h_enter(struct h_out *o, const struct h_node *n)
{
	unsigned		 b;
	const struct h_node	*p;
	size_t			 k;

	if ((b = h_breaks(n)) > 0)
		h_break(o, b);
	if (h_is(n, HK_BR)) {
		h_br(o);
	} else if (h_is(n, HK_PRE)) {
		o->pre++;
	} else if (h_is(n, HK_LIST)) {
		o->indent++;
	} else if (h_is(n, HK_LI)) {
		o->marker = "- ";
		if (n->parent != NULL && h_is(n->parent, HK_OL)) {
			for (k = 1, p = n->prev; p != NULL; p = p->prev)
				if (h_is(p, HK_LI) && ++k > 9999)
					break;
			snprintf(o->num, sizeof(o->num), "%zu. ", k);
			o->marker = o->num;
		}
	} else if (h_is(n, HK_TR)) {
		o->row_cells = 0;
	} else if (h_is(n, HK_CELL)) {
		if (o->row_cells++ > 0 && !o->at_bol)
			o->space = 1;
	}
}

static void
h_leave(struct h_out *o, const struct h_node *n, int empty)
{
	unsigned b;

	if (h_is(n, HK_PRE) && o->pre > 0)
		o->pre--;
	else if (h_is(n, HK_LIST) && o->indent > 0)
		o->indent--;
	if ((b = h_breaks(n)) > 0)
		h_break(o, b);
	if (empty && h_word_para(n) && !h_office_p(n))
		o->nl++;
	if (h_is(n, HK_LI))
		o->marker = NULL;
}

/*
 * The walk. Quote levels are counted per element entered and left; a cut
 * raises the level of everything after it (DROP mode stops there).
 */
struct h_walk {
	struct h_out	*o;
	size_t		 base;		/* levels added by cuts */
	size_t		 depth;
	size_t		 qstack[LIMIT_HTML_DEPTH + 1];	/* levels added per depth */
	size_t		 tstack[LIMIT_HTML_DEPTH + 1];	/* texts written at entry */
};

static void
h_set_level(struct h_walk *w, size_t qlevel)
{
	size_t lvl = w->base + qlevel;

	if (lvl != w->o->level) {
		h_break(w->o, 1);
		w->o->level = lvl;
	}
}

static void
h_walk(struct h_out *o, const struct h_node *root)
{
	struct h_walk		*w;
	const struct h_node	*n = root;
	enum h_class		 c;
	size_t			 q = 0;		/* quote levels open */
	int			 descend;

	if ((w = calloc(1, sizeof(*w))) == NULL) {
		o->sb.err = ENOMEM;
		return;
	}
	w->o = o;
	while (n != NULL) {
		descend = 0;
		if (n->type == HN_TEXT || n->type == HN_CDATA) {
			if (n->text != NULL)
				h_text(o, n->text);
		} else if (n->type == HN_ELEMENT) {
			c = h_classify(n);
			if (c == HC_CUT) {
				o->flags |= HTML_F_QUOTED;
				if (o->mode == HTML_QUOTES_DROP)
					break;
				if (w->base == 0)
					w->base = 1;
				h_set_level(w, q);
			}
			if (c == HC_QUOTE) {
				o->flags |= HTML_F_QUOTED;
				if (o->mode == HTML_QUOTES_DROP)
					c = HC_SKIP;
			}
			if (c != HC_SKIP) {
				if (c == HC_QUOTE) {
					q++;
					h_set_level(w, q);
				}
				h_enter(o, n);
				if (n->children != NULL && w->depth < LIMIT_HTML_DEPTH) {
					w->tstack[w->depth] = o->texts;
					w->qstack[w->depth++] = c == HC_QUOTE;
					descend = 1;
				} else {
					if (n->children != NULL)
						o->flags |= HTML_F_DEEP;
					h_leave(o, n, 1);
					if (c == HC_QUOTE) {
						q--;
						h_set_level(w, q);
					}
				}
			}
		}
		if (descend) {
			n = n->children;
			continue;
		}
		/* climb until a node with a next sibling */
		while (n != root && n->next == NULL) {
			n = n->parent;
			if (n == NULL || w->depth == 0)
				break;
			w->depth--;
			h_leave(o, n, o->texts == w->tstack[w->depth]);
			if (w->qstack[w->depth]) {
				q--;
				h_set_level(w, q);
			}
		}
		if (n == NULL || n == root)
			break;
		n = n->next;
	}
	free(w);
}

/* Drop trailing blanks of each line and trailing empty lines. */
static void
h_tidy(struct strbuf *sb)
{
	char	*s = sb->s, *w, *r, *eol;
	size_t	 n;

	if (s == NULL)
		return;
	for (r = w = s; *r != '\0'; ) {
		eol = strchr(r, '\n');
		n = eol != NULL ? (size_t)(eol - r) : strlen(r);
		while (n > 0 && (r[n - 1] == ' ' || r[n - 1] == '\t'))
			n--;
		memmove(w, r, n);
		w += n;
		if (eol == NULL)
			break;
		*w++ = '\n';
		r = eol + 1;
	}
	while (w > s && w[-1] == '\n')
		w--;
	*w = '\0';
	sb->len = (size_t)(w - s);
}

/* Does the document start (after blanks, comments, <!DOCTYPE>, <?...?>)
 * with something other than <html>, <head> or <body>? */
static int
h_needs_body(const char *s, size_t n)
{
	size_t		 i = 0;
	const char	*e;

	for (;;) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
		    s[i] == '\n' || s[i] == '\f'))
			i++;
		if (i + 4 <= n && memcmp(s + i, "<!--", 4) == 0) {
			for (i += 4; i + 3 <= n && memcmp(s + i, "-->", 3) != 0; i++)
				;
			if (i + 3 > n)
				return 1;
			i += 3;
		} else if (i + 2 <= n && s[i] == '<' && (s[i + 1] == '!' ||
		    s[i + 1] == '?')) {
			e = memchr(s + i, '>', n - i);
			if (e == NULL)
				return 1;
			i = (size_t)(e - s) + 1;
		} else
			break;
	}
	return !(i + 5 <= n && (strncasecmp(s + i, "<html", 5) == 0 ||
	    strncasecmp(s + i, "<head", 5) == 0 ||
	    strncasecmp(s + i, "<body", 5) == 0));
}

static void
h_err(char *err, size_t errlen, const char *msg)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s", msg);
}

int
html_to_text(const char *html, size_t len, enum html_quotes mode,
    struct html_result *out, char *err, size_t errlen)
{
	htmlParserCtxtPtr	 ctxt;
	xmlCharEncodingHandlerPtr enc;
	struct h_tree		 t;
	struct h_out		 o;
	char			*wrapped = NULL;

	memset(out, 0, sizeof(*out));
	memset(&o, 0, sizeof(o));
	sb_init(&o.sb, LIMIT_TEXT_SIZE);
	o.mode = mode;
	o.at_bol = 1;
	if (len > (size_t)LIMIT_MESSAGE_SIZE) {
		h_err(err, errlen, "HTML too large");
		return -1;
	}
	/* libxml2 wraps text that comes before any element in an implied
	 * <p>, which a browser does not: open the body ourselves then */
	if (h_needs_body(html, len)) {
		if ((wrapped = malloc(len + 6)) == NULL) {
			sb_free(&o.sb);
			h_err(err, errlen, "out of memory converting HTML");
			return -1;
		}
		memcpy(wrapped, "<body>", 6);
		memcpy(wrapped + 6, html, len);
		html = wrapped;
		len += 6;
	}
	/* what htmlReadMemory(html, len, NULL, "UTF-8", options) does, step
	 * by step, with our tree builder in place of libxml2's */
	memset(&t, 0, sizeof(t));
	xmlInitParser();
	if ((ctxt = xmlCreateMemoryParserCtxt(html, (int)len)) == NULL ||
	    ctxt->sax == NULL) {
		if (ctxt != NULL)
			xmlFreeParserCtxt(ctxt);
		free(wrapped);
		sb_free(&o.sb);
		h_err(err, errlen, "out of memory converting HTML");
		return -1;
	}
	htmlDefaultSAXHandlerInit();
	memcpy(ctxt->sax, &htmlDefaultSAXHandler, sizeof(xmlSAXHandlerV1));
	htmlCtxtUseOptions(ctxt, HTML_PARSE_NONET | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER | HTML_PARSE_COMPACT);
	ctxt->html = 1;
	if ((enc = xmlFindCharEncodingHandler("UTF-8")) != NULL) {
		xmlSwitchToEncoding(ctxt, enc);
		if (ctxt->input->encoding != NULL)
			xmlFree((xmlChar *)ctxt->input->encoding);
		ctxt->input->encoding = xmlStrdup((const xmlChar *)"UTF-8");
	}
	ctxt->_private = &t;
	ctxt->sax->internalSubset = h_sax_doctype;
	ctxt->sax->startElement = h_sax_start;
	ctxt->sax->endElement = h_sax_end;
	ctxt->sax->characters = h_sax_characters;
	ctxt->sax->cdataBlock = h_sax_cdata;
	ctxt->sax->comment = h_sax_comment;
	ctxt->sax->processingInstruction = h_sax_pi;
	htmlParseDocument(ctxt);
	/* the document libxml2 keeps holds the DTD only */
	if (ctxt->myDoc != NULL)
		xmlFreeDoc(ctxt->myDoc);
	ctxt->myDoc = NULL;
	ctxt->node = NULL;
	xmlFreeParserCtxt(ctxt);
	free(wrapped);
	if (t.oom) {
		h_tree_free(&t);
		sb_free(&o.sb);
		h_err(err, errlen, "out of memory converting HTML");
		return -1;
	}
	if (t.root != NULL)
		h_walk(&o, t.root);
	h_tree_free(&t);
	if (o.sb.err == E2BIG)
		o.flags |= HTML_F_TRUNC;
	else if (o.sb.err != 0) {
		sb_free(&o.sb);
		h_err(err, errlen, "out of memory converting HTML");
		return -1;
	}
	o.sb.err = 0;
	if (sb_add(&o.sb, "", 0) == -1) {
		sb_free(&o.sb);
		h_err(err, errlen, "out of memory converting HTML");
		return -1;
	}
	h_tidy(&o.sb);
	out->flags = o.flags;
	out->text = sb_detach(&o.sb, &out->len);
	return 0;
}

void
html_result_free(struct html_result *r)
{
	free(r->text);
	memset(r, 0, sizeof(*r));
}
