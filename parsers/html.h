/*
 * html.h: HTML mail to plain text, with the quoted history found by its
 * structure (libxml2's HTML parser; nothing is ever fetched).
 *
 * Rendering: block elements become lines, <br> a line break, paragraphs and
 * headings are separated by a blank line, list items start with "- ", links
 * show their text, table rows become lines with cells separated by two
 * spaces, entities are decoded, <head>, <style>, <script> and other
 * invisible elements are dropped, white space is collapsed as a browser
 * does (except in <pre>).
 *
 * Quoted history is recognised before rendering, from what mail clients
 * write: Gmail's gmail_quote / gmail_attr, blockquote type=cite (Apple Mail,
 * Thunderbird; also moz-cite-prefix), Outlook's divRplyFwdMsg, #appendonsend
 * and the bordered header block (border-top:solid #E1E1E1 / #B5C4DF) and
 * everything after them, OLK_SRC_BODY_SECTION, Yahoo's yahoo_quoted,
 * Zimbra's hr#zwchr and data-marker blocks, Hotmail's hr#stopSpelling,
 * ProtonMail, Tutanota, Skiff, Airmail, Fastmail, Zoho, GMX/web.de, QQ/139
 * mail and Outlook's mail-editor-reference container. HTML_QUOTES_DROP leaves it out; HTML_QUOTES_MARK keeps it with
 * each line prefixed by "> " (one per level), so that inline answers keep
 * the question they follow and reply.c can still cut the history.
 *
 * The tree walk is iterative; what is nested deeper than LIMIT_HTML_DEPTH
 * is left out (libxml2 itself stops at 256 levels), and the output is
 * capped at LIMIT_TEXT_SIZE.
 * Pure: no I/O, no globals of ours (libxml2's parser keeps its own).
 */
#ifndef RAPPORT_HTML_H
#define RAPPORT_HTML_H

#include <stddef.h>

enum html_quotes {
	HTML_QUOTES_DROP,	/* leave the quoted history out */
	HTML_QUOTES_MARK	/* keep it as "> " lines */
};

/* html_result.flags */
#define HTML_F_QUOTED	0x01	/* quoted history was recognised */
#define HTML_F_DEEP	0x02	/* nesting over LIMIT_HTML_DEPTH was flattened */
#define HTML_F_TRUNC	0x04	/* the text reached LIMIT_TEXT_SIZE and was cut */

struct html_result {
	char		*text;	/* UTF-8, NUL-terminated, owned: html_result_free() */
	size_t		 len;
	unsigned	 flags;
};

/*
 * Convert len bytes of UTF-8 HTML (callers convert other charsets first).
 * 0 on success; -1 on failure (allocation), with err filled in and out
 * zeroed. Malformed HTML is not a failure: it is repaired as a browser would.
 */
int	 html_to_text(const char *html, size_t len, enum html_quotes,
	    struct html_result *out, char *err, size_t errlen);
void	 html_result_free(struct html_result *);

#endif
