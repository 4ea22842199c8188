/*
 * html.c: HTML mail to text with the quoted history marked; see html.h.
 *
 * libxml2 parses (and repairs) the document; one iterative walk over the tree
 * (parent/next pointers, no recursion) then classifies each element as it is
 * entered:
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

#include <libxml/HTMLparser.h>
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

/* --- attributes and names */

static const char *
h_name(const xmlNode *n)
{
	return n->name != NULL ? (const char *)n->name : "";
}

/* name: lower case */
static int
h_is(const xmlNode *n, const char *name)
{
	const char	*nm = h_name(n);
	int		 c = nm[0] >= 'A' && nm[0] <= 'Z' ? nm[0] + 32 : nm[0];

	return n->type == XML_ELEMENT_NODE && c == name[0] && strcasecmp(nm, name) == 0;
}

/* names: lower case */
static int
h_in(const xmlNode *n, const char *const *names)
{
	const char	*nm = h_name(n);
	int		 c = nm[0] >= 'A' && nm[0] <= 'Z' ? nm[0] + 32 : nm[0];

	for (; *names != NULL; names++)
		if ((*names)[0] == c && strcasecmp(nm, *names) == 0)
			return 1;
	return 0;
}

/* The value of attribute name, or NULL; libxml2 keeps it as children text. */
static const char *
h_attr(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	for (a = n->properties; a != NULL; a = a->next)
		if (a->name != NULL && strcasecmp((const char *)a->name, name) == 0)
			return a->children != NULL && a->children->content != NULL ?
			    (const char *)a->children->content : "";
	return NULL;
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
h_token(const xmlNode *n, const char *attr, const char *word, int sub)
{
	return h_word_in(h_attr(n, attr), word, sub);
}

/* The attributes classification looks at, read in one pass (the first of
 * each name, as h_attr() finds it); style with white space removed and
 * lowercased, cut at 511 bytes. */
struct h_attrs {
	const char	*id, *cls, *type, *data_marker, *name;
	int		 has_style;
	char		 style[512];
};

static void
h_attrs_read(const xmlNode *n, struct h_attrs *a)
{
	const xmlAttr	*p;
	const char	*nm, *v, *s = NULL;
	const char	**slot;
	size_t		 i = 0;

	a->id = a->cls = a->type = a->data_marker = a->name = NULL;
	for (p = n->properties; p != NULL; p = p->next) {
		if ((nm = (const char *)p->name) == NULL)
			continue;
		v = p->children != NULL && p->children->content != NULL ?
		    (const char *)p->children->content : "";
		slot = NULL;
		if (strcasecmp(nm, "id") == 0)
			slot = &a->id;
		else if (strcasecmp(nm, "class") == 0)
			slot = &a->cls;
		else if (strcasecmp(nm, "type") == 0)
			slot = &a->type;
		else if (strcasecmp(nm, "data-marker") == 0)
			slot = &a->data_marker;
		else if (strcasecmp(nm, "name") == 0)
			slot = &a->name;
		else if (strcasecmp(nm, "style") == 0 && s == NULL)
			s = v;
		if (slot != NULL && *slot == NULL)
			*slot = v;
	}
	a->has_style = s != NULL;
	for (; s != NULL && *s != '\0' && i < sizeof(a->style) - 1; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			a->style[i++] = (char)((*s >= 'A' && *s <= 'Z') ? *s + 32 : *s);
	a->style[i] = '\0';
}

static int
h_style_has(const struct h_attrs *a, const char *needle)
{
	return a->has_style && strstr(a->style, needle) != NULL;
}

/* --- classification */

static int
h_has_text(const xmlNode *n, size_t *budget)
{
	const xmlNode	*c;
	const char	*p;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		for (p = (const char *)n->content; p != NULL && *p != '\0'; p++)
			if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
				return 1;
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE)
		return 0;
	/* iterative, bounded: a very large container counts as text */
	for (c = n->children; c != NULL; ) {
		if ((*budget)-- == 0)
			return 1;
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
		    && h_has_text(c, budget))
			return 1;
		if (c->type == XML_ELEMENT_NODE && c->children != NULL) {
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

static int h_quote_child(const xmlNode *);

/*
 * A Gmail quote container holds the attribution and the quoted blocks; when
 * the person answered inline, their text sits in it between quoted blocks.
 * Then the container is transparent and only its quote children are quotes.
 */
static int
h_gmail_container_is_quote(const xmlNode *n)
{
	const xmlNode	*c;
	int		 seen_quote = 0;
	size_t		 budget = 10000;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE && h_quote_child(c))
			seen_quote = 1;
		else if (seen_quote && h_has_text(c, &budget))
			return 0;
	}
	return 1;
}

static int
h_quote_child(const xmlNode *n)
{
	return h_is(n, "blockquote") || h_token(n, "class", "gmail_attr", 0) ||
	    h_token(n, "class", "gmail_quote", 0);
}

static const char *const h_invisible[] = {
	"head", "style", "script", "title", "meta", "link", "template",
	"svg", "object", "iframe", "embed", "xml", "img", "map", "area",
	"audio", "video", "canvas", "select", "option", "input", "noembed",
	NULL
};

static enum h_class
h_classify(const xmlNode *n)
{
	struct h_attrs	 a;
	const char	*id, *cls;

	if (h_in(n, h_invisible))
		return HC_SKIP;
	h_attrs_read(n, &a);
	id = a.id;
	cls = a.cls;
	if (h_style_has(&a, "display:none"))
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
	    (h_is(n, "hr") && (strcasecmp(id, "stopSpelling") == 0 ||
	    strcasecmp(id, "zwchr") == 0 || strcasecmp(id, "replySplit") == 0))))
		return HC_CUT;
	if (h_is(n, "div") && h_style_has(&a, "border-top:solid#") &&
	    (h_style_has(&a, "#e1e1e1") || h_style_has(&a, "#b5c4df")))
		return HC_CUT;
	if (h_is(n, "blockquote")) {
		/* Gmail/Apple "indent" is a margin-only blockquote, not a quote */
		if (a.type == NULL && cls == NULL && h_style_has(&a, "border:none"))
			return HC_NONE;
		return HC_QUOTE;
	}
	if (cls == NULL && id == NULL && a.data_marker == NULL && a.name == NULL)
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
	if (a.data_marker != NULL && (strcmp(a.data_marker, "__QUOTED_TEXT__") == 0 ||
	    strcmp(a.data_marker, "__HEADERS__") == 0))
		return HC_QUOTE;
	if (a.name != NULL && (strcasecmp(a.name, "quote") == 0 ||
	    strcasecmp(a.name, "quoted-content") == 0))
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

static const char *const h_para[] = {
	"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "dl",
	"figure", "form", "fieldset", NULL
};

static const char *const h_block[] = {
	"div", "address", "article", "aside", "blockquote", "center", "dd",
	"details", "dialog", "dir", "dt", "figcaption", "footer", "header",
	"hgroup", "hr", "li", "main", "menu", "nav", "ol", "section",
	"summary", "tbody", "thead", "tfoot", "tr", "ul", "caption", "body",
	"html", "legend", NULL
};

/* How many line breaks surround this element (0: inline). */
/* libxml2 reads Word's <o:p> as <p>; a real <p> never nests in one. */
static int
h_office_p(const xmlNode *n)
{
	const xmlNode	*a;
	int		 i;

	for (i = 0, a = n->parent; a != NULL && i < 16; a = a->parent, i++)
		if (h_is(a, "p"))
			return 1;
	return 0;
}

/* Word's paragraphs: no margins, and an empty one is an empty line. */
static int
h_word_para(const xmlNode *n)
{
	return h_is(n, "p") && (h_token(n, "class", "MsoNormal", 0) ||
	    h_token(n, "class", "MsoPlainText", 0) ||
	    h_token(n, "class", "MsoListParagraph", 0) ||
	    h_token(n, "class", "MsoListParagraphCxSpFirst", 0) ||
	    h_token(n, "class", "MsoListParagraphCxSpMiddle", 0) ||
	    h_token(n, "class", "MsoListParagraphCxSpLast", 0));
}

static unsigned
h_breaks(const xmlNode *n)
{
	if (h_is(n, "p") && h_office_p(n))
		return 0;
	if (h_word_para(n))
		return 1;
	if (h_in(n, h_para))
		return 2;
	if (h_in(n, h_block))
		return 1;
	return 0;
}

static void
h_enter(struct h_out *o, const xmlNode *n)
{
	unsigned	 b;
	const xmlNode	*p;
	size_t		 k;

	if ((b = h_breaks(n)) > 0)
		h_break(o, b);
	if (h_is(n, "br")) {
		h_br(o);
	} else if (h_is(n, "pre")) {
		o->pre++;
	} else if (h_is(n, "ul") || h_is(n, "ol")) {
		o->indent++;
	} else if (h_is(n, "li")) {
		o->marker = "- ";
		if (n->parent != NULL && h_is(n->parent, "ol")) {
			for (k = 1, p = n->prev; p != NULL; p = p->prev)
				if (h_is(p, "li") && ++k > 9999)
					break;
			snprintf(o->num, sizeof(o->num), "%zu. ", k);
			o->marker = o->num;
		}
	} else if (h_is(n, "tr")) {
		o->row_cells = 0;
	} else if (h_is(n, "td") || h_is(n, "th")) {
		if (o->row_cells++ > 0 && !o->at_bol)
			o->space = 1;
	}
}

static void
h_leave(struct h_out *o, const xmlNode *n, int empty)
{
	unsigned b;

	if (h_is(n, "pre") && o->pre > 0)
		o->pre--;
	else if ((h_is(n, "ul") || h_is(n, "ol")) && o->indent > 0)
		o->indent--;
	if ((b = h_breaks(n)) > 0)
		h_break(o, b);
	if (empty && h_word_para(n) && !h_office_p(n))
		o->nl++;
	if (h_is(n, "li"))
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
h_walk(struct h_out *o, xmlNode *root)
{
	struct h_walk	*w;
	xmlNode		*n = root;
	enum h_class	 c;
	size_t		 q = 0;		/* quote levels open */
	int		 descend;

	if ((w = calloc(1, sizeof(*w))) == NULL) {
		o->sb.err = ENOMEM;
		return;
	}
	w->o = o;
	while (n != NULL) {
		descend = 0;
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content != NULL)
				h_text(o, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE) {
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
	htmlDocPtr	 doc;
	xmlNode		*root;
	struct h_out	 o;
	char		*wrapped = NULL;

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
	doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_RECOVER | HTML_PARSE_COMPACT);
	free(wrapped);
	if (doc != NULL && (root = xmlDocGetRootElement(doc)) != NULL)
		h_walk(&o, root);
	if (doc != NULL)
		xmlFreeDoc(doc);
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
