/* Unit tests for parsers/html.c */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "strbuf.h"

static char out[8192];

/* Convert and return the text (in a static buffer) for easy comparison. */
static const char *
conv(const char *html, enum html_quotes mode, unsigned *flags)
{
	struct html_result	 r;
	char			 err[128];

	ck_assert_int_eq(html_to_text(html, strlen(html), mode, &r, err,
	    sizeof(err)), 0);
	ck_assert_ptr_nonnull(r.text);
	ck_assert_uint_eq(strlen(r.text), r.len);
	snprintf(out, sizeof(out), "%s", r.text);
	if (flags != NULL)
		*flags = r.flags;
	html_result_free(&r);
	return out;
}

static const char *
mark(const char *html)
{
	return conv(html, HTML_QUOTES_MARK, NULL);
}

static const char *
drop(const char *html)
{
	return conv(html, HTML_QUOTES_DROP, NULL);
}

START_TEST(test_blocks_and_breaks)
{
	ck_assert_str_eq(mark("<div>one</div><div>two</div>"), "one\ntwo");
	ck_assert_str_eq(mark("<p>one</p><p>two</p>"), "one\n\ntwo");
	ck_assert_str_eq(mark("a<br>b<br><br>c"), "a\nb\n\nc");
	/* a <br> ending a block adds no empty line; an empty one does */
	ck_assert_str_eq(mark("<div>a<br></div><div>b</div>"), "a\nb");
	ck_assert_str_eq(mark("<div>a</div><div><br></div><div>b</div>"),
	    "a\n\nb");
	ck_assert_str_eq(mark("  lots   of\n\t white  space  "),
	    "lots of white space");
	ck_assert_str_eq(mark("<pre>  keep\n    this</pre>"), "  keep\n    this");
	ck_assert_str_eq(mark("<h1>Title</h1>text"), "Title\n\ntext");
}
END_TEST

START_TEST(test_lists_links_tables_entities)
{
	ck_assert_str_eq(mark("<ul><li>one</li><li>two</li></ul>"),
	    "- one\n- two");
	ck_assert_str_eq(mark("<ol><li>first</li><li>second</li></ol>"),
	    "1. first\n2. second");
	ck_assert_str_eq(mark("<ul><li>a<ul><li>b</li></ul></li></ul>"),
	    "- a\n  - b");
	ck_assert_str_eq(mark("see <a href=\"https://x.example/\">the docs</a>."),
	    "see the docs.");
	ck_assert_str_eq(mark("<table><tr><td>Hours</td><td>32</td></tr>"
	    "<tr><td>Mood</td><td>4</td></tr></table>"), "Hours 32\nMood 4");
	ck_assert_str_eq(mark("caf&eacute; &amp; &lt;b&gt; &#8364;5&nbsp;&nbsp;x"),
	    "caf\xc3\xa9 & <b> \xe2\x82\xac" "5  x");
}
END_TEST

START_TEST(test_invisible_dropped)
{
	ck_assert_str_eq(mark("<html><head><title>T</title><style>p{x:y}</style>"
	    "</head><body><script>alert(1)</script>shown"
	    "<div style=\"display: none\">hidden</div>"
	    "<img src=\"cid:x\" alt=\"pic\"></body></html>"), "shown");
	/* Word's <o:p> must not turn every line into a paragraph */
	ck_assert_str_eq(mark("<p class=MsoNormal>Hi<o:p></o:p></p>"
	    "<p class=MsoNormal><span>there<o:p></o:p></span></p>"), "Hi\nthere");
}
END_TEST

START_TEST(test_gmail_quote)
{
	const char *h = "<div dir=\"ltr\">Fine, thanks.</div><br>"
	    "<div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">"
	    "On Fri, Nov 27, 2026 at 9:00 AM Rapport &lt;r@example.org&gt; wrote:"
	    "<br></div><blockquote class=\"gmail_quote\">How are you?"
	    "</blockquote></div>";
	unsigned flags;

	ck_assert_str_eq(conv(h, HTML_QUOTES_DROP, &flags), "Fine, thanks.");
	ck_assert_uint_eq(flags & HTML_F_QUOTED, HTML_F_QUOTED);
	ck_assert_str_eq(mark(h), "Fine, thanks.\n\n"
	    ">> On Fri, Nov 27, 2026 at 9:00 AM Rapport <r@example.org> wrote:\n"
	    ">> How are you?");
}
END_TEST

START_TEST(test_gmail_inline_answers_kept)
{
	const char *h = "<div class=\"gmail_quote\"><div class=\"gmail_attr\">"
	    "On Fri, Rapport wrote:</div>"
	    "<blockquote class=\"gmail_quote\">1. Wins?</blockquote>"
	    "<div>Shipped it.</div>"
	    "<blockquote class=\"gmail_quote\">2. Blockers?</blockquote>"
	    "<div>None.</div></div>";

	ck_assert_str_eq(mark(h), "> On Fri, Rapport wrote:\n> 1. Wins?\n"
	    "Shipped it.\n> 2. Blockers?\nNone.");
	ck_assert_str_eq(drop(h), "Shipped it.\nNone.");
}
END_TEST

START_TEST(test_apple_and_thunderbird)
{
	ck_assert_str_eq(drop("Yes.<br><div>On 27 Nov 2026, at 09:00, R "
	    "&lt;r@example.org&gt; wrote:<br></div><blockquote type=\"cite\">"
	    "<div>Question?</div></blockquote>"),
	    "Yes.\nOn 27 Nov 2026, at 09:00, R <r@example.org> wrote:");
	ck_assert_str_eq(mark("Yes.<div class=\"moz-cite-prefix\">On 27/11/2026 "
	    "R wrote:<br></div><blockquote type=\"cite\" cite=\"mid:x@y\">Q<br>"
	    "<blockquote type=\"cite\">older</blockquote></blockquote>"),
	    "Yes.\n> On 27/11/2026 R wrote:\n> Q\n>> older");
	/* an "indent" blockquote is not a quote */
	ck_assert_str_eq(drop("<blockquote style=\"margin: 0 0 0 40px; border: "
	    "none; padding: 0px;\">indented</blockquote>"), "indented");
}
END_TEST

START_TEST(test_outlook_markers)
{
	ck_assert_str_eq(drop("<div>Done.</div><div id=\"appendonsend\"></div>"
	    "<hr><div id=\"divRplyFwdMsg\"><b>From:</b> R<br><b>Sent:</b> x</div>"
	    "<div>Task #12?</div>"), "Done.");
	ck_assert_str_eq(mark("<div>Done.</div><div id=\"divRplyFwdMsg\">"
	    "<b>From:</b> R</div><div>Task #12?</div>"),
	    "Done.\n> From: R\n> Task #12?");
	ck_assert_str_eq(drop("<div class=WordSection1><p class=MsoNormal>Done."
	    "</p><div><div style='border:none;border-top:solid #E1E1E1 1.0pt;"
	    "padding:3.0pt 0in 0in 0in'><p class=MsoNormal><b>From:</b> R</p>"
	    "</div></div><p class=MsoNormal>Task #12?</p></div>"), "Done.");
	ck_assert_str_eq(drop("<p class=MsoNormal>Done.</p><div style="
	    "'border:none;border-top:solid #B5C4DF 1.0pt'><b>Von:</b> R</div>"
	    "<p>old</p>"), "Done.");
	ck_assert_str_eq(drop("Reply<span id=\"OLK_SRC_BODY_SECTION\"><div>"
	    "From: Bob</div></span><div>old</div>"), "Reply");
}
END_TEST

START_TEST(test_other_clients)
{
	ck_assert_str_eq(drop("Ok<div class=\"ydp3f2yahoo_quoted\">On Friday, "
	    "R wrote: old</div>"), "Ok");
	ck_assert_str_eq(drop("Ok<div class=\"yahoo_quoted\">old</div>"), "Ok");
	ck_assert_str_eq(drop("Ok<hr id=\"zwchr\"><b>From: </b>R<br>old"), "Ok");
	ck_assert_str_eq(drop("Ok<hr id=stopSpelling>From: R<br>old"), "Ok");
	ck_assert_str_eq(drop("Ok<div class=\"protonmail_quote\">old</div>"), "Ok");
	ck_assert_str_eq(drop("Ok<blockquote class=\"tutanota_quote\">old"
	    "</blockquote>"), "Ok");
	ck_assert_str_eq(drop("Ok<div name=\"quote\">old</div>"), "Ok");
	ck_assert_str_eq(drop("Ok<div id=\"mail-editor-reference-message-"
	    "container\">old</div>"), "Ok");
	/* the mobile clients' signature containers, in any language */
	ck_assert_str_eq(drop("<div>Feito.</div><div id=\"ms-outlook-mobile-"
	    "signature\"><div>Obter o <a href=\"https://aka.ms/x\">Outlook para "
	    "iOS</a></div></div>"), "Feito.");
	ck_assert_str_eq(drop("<div>Klart.</div><div class=\"protonmail_signature_"
	    "block\"><div>Skickat med Proton Mail</div></div>"), "Klart.");
}
END_TEST

/*
 * The tree is built from libxml2's SAX events where its own DOM builder
 * (SAX2.c) would put each node, so repaired documents read as they did:
 * an element opened after the root closed goes into the root, unless the
 * document starts with a DOCTYPE or a comment (then it is a sibling, not
 * read); text outside any element is dropped; white space between tags is
 * text or not as libxml2 decides from the open element's last child; "o:p"
 * is a "p"; past 256 levels libxml2 stops.
 */
START_TEST(test_tree_as_libxml2_builds_it)
{
	char	*deep;
	size_t	 i;

	ck_assert_str_eq(mark("<html><body><p>one</p></body></html><p>two</p>"), "one\n\ntwo");
	ck_assert_str_eq(mark("<!DOCTYPE html><html><body><p>one</p></body></html><p>two</p>"), "one");
	ck_assert_str_eq(mark("<!----><!><html"), "!>");
	ck_assert_str_eq(mark("</html>></html><"), ">");
	ck_assert_str_eq(mark("<!-- x --><p>a <b>b</b> <i>c</i></p><p> </p>"
	    "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><p>d</p>"), "a b c\n\nd");
	/* Word's empty paragraph holds an <o:p>: an empty line, not a nested <p> */
	ck_assert_str_eq(mark("<p class=MsoNormal>a<o:p></o:p></p>"
	    "<p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>b</p>"), "a\n\nb");
	deep = malloc(300 * 11 + 32);
	ck_assert_ptr_nonnull(deep);
	for (i = 0, deep[0] = '\0'; i < 300; i++)
		strcat(deep, "<div>");
	strcat(deep, "deep");
	for (i = 0; i < 300; i++)
		strcat(deep, "</div>");
	strcat(deep, "<p>after</p>");
	ck_assert_str_eq(mark(deep), "");
	free(deep);
}
END_TEST

START_TEST(test_hostile)
{
	struct strbuf		 sb;
	struct html_result	 r;
	char			 err[64];
	char			*h;
	int			 i;

	/* 100,000 nested elements: libxml2 stops at 256, the walk is iterative */
	sb_init(&sb, 0);
	for (i = 0; i < 100000; i++)
		sb_adds(&sb, "<div><blockquote type=cite>");
	sb_adds(&sb, "deep");
	h = sb_detach(&sb, NULL);
	ck_assert_int_eq(html_to_text(h, strlen(h), HTML_QUOTES_MARK, &r, err,
	    sizeof(err)), 0);
	html_result_free(&r);
	free(h);
	/* NULs, junk, nothing */
	ck_assert_int_eq(html_to_text("a\0b<\0>", 7, HTML_QUOTES_DROP, &r, err,
	    sizeof(err)), 0);
	html_result_free(&r);
	ck_assert_str_eq(mark(""), "");
	ck_assert_ptr_nonnull(strstr(mark("<<<>>><!-- x"), ">>>"));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("html");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_blocks_and_breaks);
	tcase_add_test(tc, test_lists_links_tables_entities);
	tcase_add_test(tc, test_invisible_dropped);
	tcase_add_test(tc, test_gmail_quote);
	tcase_add_test(tc, test_gmail_inline_answers_kept);
	tcase_add_test(tc, test_apple_and_thunderbird);
	tcase_add_test(tc, test_outlook_markers);
	tcase_add_test(tc, test_other_clients);
	tcase_add_test(tc, test_tree_as_libxml2_builds_it);
	tcase_add_test(tc, test_hostile);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
