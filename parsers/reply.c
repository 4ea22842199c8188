/*
 * reply.c: the person's own new words in a reply; see reply.h.
 *
 * Talon's shape, written by hand: classify every line once, then cut with a
 * single forward pass. No regular expressions; every look-ahead or
 * look-behind is bounded (an attribution is at most 4 lines and 512 bytes, a
 * header block at most 8 lines), so the whole is linear in the input.
 *
 * What marks quoted history, in the order the cutting pass tests it:
 *  - an attribution: 1-4 joined lines ending in ':' (or in a "wrote" verb)
 *    that carry an e-mail address, a date or time, or such a verb, and are
 *    followed by a quote block. With the verb or a trailing address and a
 *    date it also stands alone, before unquoted original text. This needs no
 *    language table: a verb table only adds confidence;
 *  - a block of '>' lines (blank lines and wrap artefacts inside it too);
 *  - an Outlook-style header block: 2+ "Label: value" lines with labels
 *    From/Sent/Date/To/Cc/Subject in some 25 languages, bold or indented;
 *    a "-----Original Message-----"-style or forward separator; a rule of
 *    underscores; "-- " (a signature); these cut everything after them;
 *  - a client footer ("Sent from my iPhone") when it stands alone near the
 *    end of what the person wrote.
 * Everything else is the person's (inline answers between quote blocks
 * included).
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "reply.h"
#include "strbuf.h"

#define R_ATTR_LINES	4	/* lines an attribution may span */
#define R_ATTR_BYTES	512	/* its joined length */
#define R_LINE_MAX	400	/* longer lines are never markers */
#define R_HDR_SPAN	8	/* lines a header block is looked for in */

/* --- tables */

struct r_word {
	const char	*s;
	size_t		 n;
};
#define W(x)	{ x, sizeof(x) - 1 }

/* Verbs of attribution lines ("X wrote:"); ASCII compared case-blind. */
static const struct r_word r_verbs[] = {
	W("wrote"), W("writes"), W("schrieb"), W("geschrieben"), W("a \xc3\xa9" "crit"),
	W("\xc3\xa9" "crit"), W("escribi\xc3\xb3"), W("escribio"), W("escreveu"),
	W("ha scritto"), W("scrisse"), W("schreef"), W("geschreven"),
	W("skrev"), W("skrevet"), W("kirjoitti"), W("napisa\xc5\x82"),
	W("napisa\xc5\x82" "a"), W("napsal"), W("napsala"), W("nap\xc3\xadsal"),
	W("\xd0\xbd\xd0\xb0\xd0\xbf\xd0\xb8\xd1\x81\xd0\xb0\xd0\xbb"),		/* написал */
	W("\xd0\xbd\xd0\xb0\xd0\xbf\xd0\xb8\xd1\x81\xd0\xb0\xd0\xb2"),		/* написав */
	W("\xd0\xbf\xd0\xb8\xd1\x88\xd0\xb5\xd1\x82"),				/* пишет */
	W("\xd0\xbf\xd0\xb8\xd1\x88\xd0\xb5"),					/* пише */
	W("\xc3\xadrta"), W("yazd\xc4\xb1"), W("a scris"), W("va escriure"),
	W("menulis"), W("vi\xe1\xba\xbft"),					/* viết */
	W("\xce\xad\xce\xb3\xcf\x81\xce\xb1\xcf\x88\xce\xb5"),	/* έγραψε */
	W("\xd7\x9b\xd7\xaa\xd7\x91"),						/* כתב */
	W("\xd9\x83\xd8\xaa\xd8\xa8"),						/* كتب */
	W("\xe5\x86\x99\xe9\x81\x93"), W("\xe5\xaf\xab\xe9\x81\x93"),		/* 写道 寫道 */
	W("\xe3\x81\xae\xe3\x83\xa1\xe3\x83\x83\xe3\x82\xbb\xe3\x83\xbc\xe3\x82\xb8"), /* のメッセージ */
	W("\xe6\x9b\xb8\xe3\x81\x8d\xe3\x81\xbe\xe3\x81\x97\xe3\x81\x9f"),	/* 書きました */
	W("\xec\x9e\x91\xec\x84\xb1"),						/* 작성 */
};

enum r_label {
	RL_NONE, RL_FROM, RL_DATE, RL_TO, RL_CC, RL_SUBJECT, RL_REPLYTO
};

struct r_label_word {
	const char	*s;
	size_t		 n;
	enum r_label	 kind;
};
#define L(x, k)	{ x, sizeof(x) - 1, k }

/* Header block labels; ASCII compared case-blind, the rest as written. */
static const struct r_label_word r_labels[] = {
	L("from", RL_FROM), L("von", RL_FROM), L("de", RL_FROM), L("da", RL_FROM),
	L("van", RL_FROM), L("fra", RL_FROM), L("fr\xc3\xa5n", RL_FROM),
	L("od", RL_FROM), L("exp\xc3\xa9" "diteur", RL_FROM), L("remitente", RL_FROM),
	L("mittente", RL_FROM), L("afzender", RL_FROM), L("avs\xc3\xa4ndare", RL_FROM),
	L("nadawca", RL_FROM), L("l\xc3\xa4hett\xc3\xa4j\xc3\xa4", RL_FROM),
	L("felad\xc3\xb3", RL_FROM), L("kimden", RL_FROM), L("absender", RL_FROM),
	L("g\xc3\xb6nderen", RL_FROM), L("t\xe1\xbb\xab", RL_FROM),		/* Từ */
	L("\xce\x91\xcf\x80\xcf\x8c", RL_FROM),					/* Από */
	L("\xd7\x9e\xd7\x90\xd7\xaa", RL_FROM),					/* מאת */
	L("\xd0\x9e\xd1\x82", RL_FROM), L("\xd0\xbe\xd1\x82", RL_FROM),		/* От от */
	L("\xd0\x92\xd1\x96\xd0\xb4", RL_FROM),					/* Від */
	L("\xe5\x8f\x91\xe4\xbb\xb6\xe4\xba\xba", RL_FROM),	/* 发件人 */
	L("\xe5\xaf\x84\xe4\xbb\xb6\xe8\x80\x85", RL_FROM),	/* 寄件者 */
	L("\xe5\xb7\xae\xe5\x87\xba\xe4\xba\xba", RL_FROM),	/* 差出人 */
	L("\xeb\xb3\xb4\xeb\x82\xb8 \xec\x82\xac\xeb\x9e\x8c", RL_FROM),	/* 보낸 사람 */
	L("sent", RL_DATE), L("date", RL_DATE), L("datum", RL_DATE),
	L("gesendet", RL_DATE), L("envoy\xc3\xa9", RL_DATE),
	L("envoy\xc3\xa9 le", RL_DATE), L("enviado", RL_DATE),
	L("enviado el", RL_DATE), L("enviada em", RL_DATE), L("inviato", RL_DATE),
	L("verzonden", RL_DATE), L("verstuurd", RL_DATE), L("sendt", RL_DATE),
	L("skickat", RL_DATE), L("wys\xc5\x82" "ano", RL_DATE), L("data", RL_DATE),
	L("fecha", RL_DATE), L("l\xc3\xa4hetetty", RL_DATE), L("elk\xc3\xbc" "ldve", RL_DATE),
	L("d\xc3\xa1tum", RL_DATE), L("tarih", RL_DATE), L("message du", RL_DATE),
	L("date d'envoi", RL_DATE), L("odesl\xc3\xa1no", RL_DATE),
	L("enviado em", RL_DATE), L("enviada", RL_DATE), L("enviat", RL_DATE),
	L("g\xc3\xb6nderildi", RL_DATE), L("g\xc3\xb6nderilme tarihi", RL_DATE),
	L("\xc4\x90\xc3\xa3 g\xe1\xbb\xad" "i", RL_DATE),	/* Đã gửi */
	L("\xce\xa3\xcf\x84\xce\xac\xce\xbb\xce\xb8\xce\xb7\xce\xba\xce\xb5", RL_DATE), /* Στάλθηκε */
	L("\xe5\xaf\x84\xe4\xbb\xb6\xe6\x97\xa5\xe6\x9c\x9f", RL_DATE),	/* 寄件日期 */
	L("\xe6\x97\xa5\xe4\xbb\x98", RL_DATE),					/* 日付 */
	L("\xd0\x9e\xd1\x82\xd0\xbf\xd1\x80\xd0\xb0\xd0\xb2\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xbe", RL_DATE), /* Отправлено */
	L("\xd0\x94\xd0\xb0\xd1\x82\xd0\xb0", RL_DATE),				/* Дата */
	L("\xd0\x9d\xd0\xb0\xd0\xb4\xd1\x96\xd1\x81\xd0\xbb\xd0\xb0\xd0\xbd\xd0\xbe", RL_DATE), /* Надіслано */
	L("\xe5\x8f\x91\xe9\x80\x81\xe6\x97\xb6\xe9\x97\xb4", RL_DATE),		/* 发送时间 */
	L("\xe6\x97\xa5\xe6\x9c\x9f", RL_DATE),					/* 日期 */
	L("\xe9\x80\x81\xe4\xbf\xa1\xe6\x97\xa5\xe6\x99\x82", RL_DATE),		/* 送信日時 */
	L("\xeb\xb3\xb4\xeb\x82\xb8 \xeb\x82\xa0\xec\xa7\x9c", RL_DATE),	/* 보낸 날짜 */
	L("to", RL_TO), L("an", RL_TO), L("\xc3\xa0", RL_TO), L("a", RL_TO),
	L("para", RL_TO), L("aan", RL_TO), L("til", RL_TO), L("till", RL_TO),
	L("do", RL_TO), L("destinataire", RL_TO), L("vastaanottaja", RL_TO),
	L("c\xc3\xadmzett", RL_TO), L("al\xc4\xb1" "c\xc4\xb1", RL_TO), L("komu", RL_TO),
	L("kime", RL_TO), L("per a", RL_TO), L("\xc4\x91\xe1\xba\xbfn", RL_TO),	/* đến */
	L("\xce\xa0\xcf\x81\xce\xbf\xcf\x82", RL_TO),				/* Προς */
	L("\xe6\x94\xb6\xe4\xbb\xb6\xe8\x80\x85", RL_TO),	/* 收件者 */
	L("\xd7\x90\xd7\x9c", RL_TO),						/* אל */
	L("\xd0\x9a\xd0\xbe\xd0\xbc\xd1\x83", RL_TO),				/* Кому */
	L("\xd0\x94\xd0\xbe", RL_TO),						/* До */
	L("\xe6\x94\xb6\xe4\xbb\xb6\xe4\xba\xba", RL_TO),	/* 收件人 */
	L("\xe5\xae\x9b\xe5\x85\x88", RL_TO),					/* 宛先 */
	L("\xeb\xb0\x9b\xeb\x8a\x94 \xec\x82\xac\xeb\x9e\x8c", RL_TO),		/* 받는 사람 */
	L("cc", RL_CC), L("kopie", RL_CC), L("copie", RL_CC), L("copie \xc3\xa0", RL_CC),
	L("cco", RL_CC), L("ccn", RL_CC), L("kopio", RL_CC), L("kopia", RL_CC),
	L("m\xc3\xa1solat", RL_CC), L("\xd0\x9a\xd0\xbe\xd0\xbf\xd0\xb8\xd1\x8f", RL_CC), /* Копия */
	L("\xe6\x8a\x84\xe9\x80\x81", RL_CC),					/* 抄送 */
	L("subject", RL_SUBJECT), L("betreff", RL_SUBJECT), L("objet", RL_SUBJECT),
	L("asunto", RL_SUBJECT), L("assunto", RL_SUBJECT), L("oggetto", RL_SUBJECT),
	L("onderwerp", RL_SUBJECT), L("emne", RL_SUBJECT), L("\xc3\xa4mne", RL_SUBJECT),
	L("\xc3\x84mne", RL_SUBJECT), L("temat", RL_SUBJECT), L("aihe", RL_SUBJECT),
	L("t\xc3\xa1rgy", RL_SUBJECT), L("konu", RL_SUBJECT), L("sujet", RL_SUBJECT),
	L("p\xc5\x99" "edm\xc4\x9bt", RL_SUBJECT), L("predmet", RL_SUBJECT),
	L("assumpte", RL_SUBJECT), L("ch\xe1\xbb\xa7 \xc4\x91\xe1\xbb\x81", RL_SUBJECT), /* chủ đề */
	L("\xce\x98\xce\xad\xce\xbc\xce\xb1", RL_SUBJECT),	/* Θέμα */
	L("\xd7\xa0\xd7\x95\xd7\xa9\xd7\x90", RL_SUBJECT),	/* נושא */
	L("\xd0\xa2\xd0\xb5\xd0\xbc\xd0\xb0", RL_SUBJECT),	/* Тема */
	L("\xe4\xb8\xbb\xe9\xa2\x98", RL_SUBJECT),				/* 主题 */
	L("\xe4\xb8\xbb\xe6\x97\xa8", RL_SUBJECT),				/* 主旨 */
	L("\xe4\xbb\xb6\xe5\x90\x8d", RL_SUBJECT),				/* 件名 */
	L("\xec\xa0\x9c\xeb\xaa\xa9", RL_SUBJECT),				/* 제목 */
	L("reply-to", RL_REPLYTO), L("antwort an", RL_REPLYTO),
	L("r\xc3\xa9pondre \xc3\xa0", RL_REPLYTO), L("responder a", RL_REPLYTO),
	/* Arabic, Persian, Indonesian, Malay, Thai, Romanian, Croatian,
	 * Slovenian, Estonian, Lithuanian, Latvian, Serbian, Bulgarian, Hindi,
	 * Hebrew and Slovak labels that the lists above lack (only ASCII letters
	 * compare without case: other capitals are listed as written) */
	L("\xd9\x85\xd9\x86", RL_FROM),	/* من */
	L("\xd8\xa7\xd8\xb2", RL_FROM),	/* از */
	L("dari", RL_FROM),
	L("daripada", RL_FROM),
	L("\xe0\xb8\x88\xe0\xb8\xb2\xe0\xb8\x81", RL_FROM),	/* จาก */
	L("de la", RL_FROM),
	L("\xc5\xa1" "alje", RL_FROM),	/* šalje */
	L("saatja", RL_FROM),
	L("nuo", RL_FROM),
	L("no", RL_FROM),
	L("\xc5\xa0" "alje", RL_FROM),	/* Šalje */
	L("\xd0\x9f\xd0\xbe\xd1\x81\xd0\xbb\xd0\xb0\xd1\x82\xd0\xbe", RL_DATE),	/* Послато */
	L("\xd0\x98\xd0\xb7\xd0\xbf\xd1\x80\xd0\xb0\xd1\x82\xd0\xb5\xd0\xbd\xd0\xbe", RL_DATE),	/* Изпратено */
	L("\xd0\x97\xd0\xb0", RL_TO),	/* За */
	L("\xd0\x9e\xd0\xb4", RL_FROM),	/* Од */
	L("\xe0\xa4\xaa\xe0\xa5\x8d\xe0\xa4\xb0\xe0\xa5\x87\xe0\xa4\xb7\xe0\xa4\x95", RL_FROM),	/* प्रेषक */
	L("\xd8\xaa\xd8\xa7\xd8\xb1\xd9\x8a\xd8\xae \xd8\xa7\xd9\x84\xd8\xa5\xd8\xb1\xd8\xb3\xd8\xa7\xd9\x84", RL_DATE),	/* تاريخ الإرسال */
	L("\xd8\xa7\xd8\xb1\xd8\xb3\xd8\xa7\xd9\x84 \xd8\xb4\xd8\xaf\xd9\x87", RL_DATE),	/* ارسال شده */
	L("dikirim", RL_DATE),
	L("dihantar", RL_DATE),
	L("\xe0\xb8\xaa\xe0\xb9\x88\xe0\xb8\x87", RL_DATE),	/* ส่ง */
	L("trimis", RL_DATE),
	L("poslano", RL_DATE),
	L("saatmisaeg", RL_DATE),
	L("i\xc5\xa1si\xc5\xb3sta", RL_DATE),	/* išsiųsta */
	L("nos\xc5\xabt\xc4\xabts", RL_DATE),	/* nosūtīts */
	L("\xd0\xbf\xd0\xbe\xd1\x81\xd0\xbb\xd0\xb0\xd1\x82\xd0\xbe", RL_DATE),	/* послато */
	L("\xd0\xb8\xd0\xb7\xd0\xbf\xd1\x80\xd0\xb0\xd1\x82\xd0\xb5\xd0\xbd\xd0\xbe", RL_DATE),	/* изпратено */
	L("\xe0\xa4\xad\xe0\xa5\x87\xe0\xa4\x9c\xe0\xa4\xbe \xe0\xa4\x97\xe0\xa4\xaf\xe0\xa4\xbe", RL_DATE),	/* भेजा गया */
	L("\xd7\xa0\xd7\xa9\xd7\x9c\xd7\x97", RL_DATE),	/* נשלח */
	L("odoslan\xc3\xa9", RL_DATE),	/* odoslané */
	L("\xd8\xa5\xd9\x84\xd9\x89", RL_TO),	/* إلى */
	L("\xd8\xa8\xd9\x87", RL_TO),	/* به */
	L("kepada", RL_TO),
	L("\xe0\xb8\x96\xe0\xb8\xb6\xe0\xb8\x87", RL_TO),	/* ถึง */
	L("c\xc4\x83tre", RL_TO),	/* către */
	L("prima", RL_TO),
	L("za", RL_TO),
	L("adressaat", RL_TO),
	L("kam", RL_TO),
	L("\xd0\xb7\xd0\xb0", RL_TO),	/* за */
	L("\xe0\xa4\xaa\xe0\xa5\x8d\xe0\xa4\xb0\xe0\xa4\xa4\xe0\xa4\xbf", RL_TO),	/* प्रति */
	L("\xd9\x86\xd8\xb3\xd8\xae\xd8\xa9", RL_CC),	/* نسخة */
	L("tembusan", RL_CC),
	L("\xd8\xa7\xd9\x84\xd9\x85\xd9\x88\xd8\xb6\xd9\x88\xd8\xb9", RL_SUBJECT),	/* الموضوع */
	L("\xd9\x85\xd9\x88\xd8\xb6\xd9\x88\xd8\xb9", RL_SUBJECT),	/* موضوع */
	L("perihal", RL_SUBJECT),
	L("subjek", RL_SUBJECT),
	L("\xe0\xb9\x80\xe0\xb8\xa3\xe0\xb8\xb7\xe0\xb9\x88\xe0\xb8\xad\xe0\xb8\x87", RL_SUBJECT),	/* เรื่อง */
	L("subiect", RL_SUBJECT),
	L("zadeva", RL_SUBJECT),
	L("teema", RL_SUBJECT),
	L("tema", RL_SUBJECT),
	L("t\xc4\x93ma", RL_SUBJECT),	/* tēma */
	L("\xe0\xa4\xb5\xe0\xa4\xbf\xe0\xa4\xb7\xe0\xa4\xaf", RL_SUBJECT),	/* विषय */
};

/* "-----Original Message-----" and the like, framed by dashes. */
static const struct r_word r_originals[] = {
	W("original message"), W("original"), W("reply message"),
	W("oprindelig meddelelse"), W("original meddelelse"),
	W("ursprungliche nachricht"), W("urspr\xc3\xbcngliche nachricht"),
	W("original-nachricht"), W("original nachricht"), W("originalnachricht"),
	W("antwort nachricht"), W("message d'origine"), W("message original"),
	W("mensaje original"), W("messaggio originale"), W("mensagem original"),
	W("oorspronkelijk bericht"), W("origineel bericht"),
	W("ursprungligt meddelande"), W("opprinnelig melding"),
	W("alkuper\xc3\xa4inen viesti"), W("wiadomo\xc5\x9b\xc4\x87 oryginalna"),
	W("oryginalna wiadomo\xc5\x9b\xc4\x87"), W("p\xc5\xafvodn\xc3\xad zpr\xc3\xa1va"),
	W("eredeti \xc3\xbczenet"), W("orijinal mesaj"),
	W("\xd0\x98\xd1\x81\xd1\x85\xd0\xbe\xd0\xb4\xd0\xbd\xd0\xbe\xd0\xb5 \xd1\x81\xd0\xbe\xd0\xbe\xd0\xb1\xd1\x89\xd0\xb5\xd0\xbd\xd0\xb8\xd0\xb5"), /* Исходное сообщение */
	W("\xd0\x9e\xd1\x80\xd0\xb8\xd0\xb3\xd0\xb8\xd0\xbd\xd0\xb0\xd0\xbb\xd1\x8c\xd0\xbd\xd0\xbe\xd0\xb5 \xd1\x81\xd0\xbe\xd0\xbe\xd0\xb1\xd1\x89\xd0\xb5\xd0\xbd\xd0\xb8\xd0\xb5"), /* Оригинальное сообщение */
	W("\xe5\x8e\x9f\xe5\xa7\x8b\xe9\x82\xae\xe4\xbb\xb6"),	/* 原始邮件 */
	W("\xe5\x8e\x9f\xe5\xa7\x8b\xe9\x83\xb5\xe4\xbb\xb6"),	/* 原始郵件 */
	W("\xe5\x85\x83\xe3\x81\xae\xe3\x83\xa1\xe3\x83\x83\xe3\x82\xbb\xe3\x83\xbc\xe3\x82\xb8"), /* 元のメッセージ */
	W("\xec\x9b\x90\xeb\xb3\xb8 \xeb\xa9\x94\xec\x8b\x9c\xec\xa7\x80"),	/* 원본 메시지 */
};

/* Forward markers, framed by dashes or ending in ':'. */
static const struct r_word r_forwards[] = {
	W("forwarded message"), W("forwarded message:"), W("begin forwarded message:"),
	W("start of forwarded message"), W("forwarded"), W("forward"),
	W("weitergeleitete nachricht"), W("anfang der weitergeleiteten nachricht:"),
	W("message transf\xc3\xa9r\xc3\xa9"), W("d\xc3\xa9" "but du message r\xc3\xa9" "exp\xc3\xa9" "di\xc3\xa9 :"),
	W("d\xc3\xa9" "but du message r\xc3\xa9" "exp\xc3\xa9" "di\xc3\xa9:"),
	W("mensaje reenviado"), W("inicio del mensaje reenviado:"),
	W("messaggio inoltrato"), W("inizio messaggio inoltrato:"),
	W("mensagem encaminhada"), W("in\xc3\xad" "cio da mensagem reencaminhada:"),
	W("doorgestuurd bericht"), W("begin doorgestuurd bericht:"),
	W("videresendt meddelelse"), W("videresendt melding"),
	W("vidarebefordrat meddelande"), W("wiadomo\xc5\x9b\xc4\x87 przekazana"),
	W("wiadomo\xc5\x9b\xc4\x87 przekazana dalej"), W("vidarebefordrat brev:"),
	W("videresendt besked:"), W("videresendt melding:"),
	W("v\xc3\xa4litetty viesti alkaa:"), W("doorgestuurd bericht:"),
	W("pocz\xc4\x85tek przekazywanej wiadomo\xc5\x9b" "ci:"),
	W("\xd0\x9f\xd0\xb5\xd1\x80\xd0\xb5\xd1\x81\xd0\xbb\xd0\xb0\xd0\xbd\xd0\xbd\xd0\xbe\xd0\xb5 \xd0\xbf\xd0\xb8\xd1\x81\xd1\x8c\xd0\xbc\xd0\xbe:"), /* Пересланное письмо: */
	W("\xd0\x9f\xd0\xb5\xd1\x80\xd0\xb5\xd1\x81\xd1\x8b\xd0\xbb\xd0\xb0\xd0\xb5\xd0\xbc\xd0\xbe\xd0\xb5 \xd1\x81\xd0\xbe\xd0\xbe\xd0\xb1\xd1\x89\xd0\xb5\xd0\xbd\xd0\xb8\xd0\xb5"), /* Пересылаемое сообщение */
	W("\xd0\x9f\xd0\xb5\xd1\x80\xd0\xb5\xd1\x81\xd0\xbb\xd0\xb0\xd0\xbd\xd0\xbd\xd0\xbe\xd0\xb5 \xd1\x81\xd0\xbe\xd0\xbe\xd0\xb1\xd1\x89\xd0\xb5\xd0\xbd\xd0\xb8\xd0\xb5"), /* Пересланное сообщение */
	W("\xe8\xbd\xac\xe5\x8f\x91\xe9\x82\xae\xe4\xbb\xb6"),	/* 转发邮件 */
	W("\xe8\xbd\xac\xe5\x8f\x91\xe7\x9a\x84\xe9\x82\xae\xe4\xbb\xb6"),	/* 转发的邮件 */
	W("\xe8\xbb\xa2\xe9\x80\x81\xe3\x81\x95\xe3\x82\x8c\xe3\x81\x9f\xe3\x83\xa1\xe3\x83\x83\xe3\x82\xbb\xe3\x83\xbc\xe3\x82\xb8"), /* 転送されたメッセージ */
};

/* Client footers: how a line must start. */
static const struct r_word r_footers[] = {
	W("sent from "), W("sent with "), W("sent via "), W("sent using "),
	W("sent by "), W("get outlook for "), W("envoy\xc3\xa9 de "),
	W("envoy\xc3\xa9 depuis "), W("envoy\xc3\xa9 \xc3\xa0 partir de "),
	W("envoy\xc3\xa9 avec "), W("gesendet von "), W("gesendet mit "),
	W("von meinem "), W("enviado desde "), W("enviado do meu "),
	W("enviado de "), W("enviado con "), W("enviado com "), W("inviato da "),
	W("inviato dal "), W("verzonden vanaf "), W("verstuurd vanaf "),
	W("verzonden met "), W("verstuurd met "), W("skickat fr\xc3\xa5n "),
	W("sendt fra "), W("l\xc3\xa4hetetty "), W("wys\xc5\x82" "ane z "),
	W("odesl\xc3\xa1no z "),
	W("\xd0\x9e\xd1\x82\xd0\xbf\xd1\x80\xd0\xb0\xd0\xb2\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xbe \xd1\x81 "), /* Отправлено с */
	W("\xd0\x9d\xd0\xb0\xd0\xb4\xd1\x96\xd1\x81\xd0\xbb\xd0\xb0\xd0\xbd\xd0\xbe \xd0\xb7 "), /* Надіслано з */
	W("\xe5\x8f\x91\xe8\x87\xaa\xe6\x88\x91\xe7\x9a\x84"),	/* 发自我的 */
	W("\xe5\xbe\x9e\xe6\x88\x91\xe7\x9a\x84"),				/* 從我的 */
	W("\xe4\xbb\x8e\xe6\x88\x91\xe7\x9a\x84"),				/* 从我的 */
	W("\xe5\xaf\x84\xe8\x87\xaa\xe6\x88\x91\xe7\x9a\x84"),	/* 寄自我的 */
	W("iphone\xe3\x81\x8b\xe3\x82\x89\xe9\x80\x81\xe4\xbf\xa1"),		/* iPhoneから送信 */
	W("wys\xc5\x82" "ano z "),						/* Wysłano z */
	/* "Get Outlook for iOS" and "Sent with ..." in other languages */
	W("obter o outlook para "), W("obtener outlook para "),
	W("t\xc3\xa9l\xc3\xa9" "charger outlook pour "), W("scarica outlook per "),
	W("h\xc3\xa4mta outlook f\xc3\xb6r "), W("hent outlook til "),
	W("f\xc3\xa5 outlook for "), W("hanki outlook "),
	W("pobierz aplikacj\xc4\x99 outlook"), W("skickat med "), W("sendt med "),
	W("inviato con "), W("enviado com "), W("wys\xc5\x82" "ane z "),
	W("\xd0\x9e\xd1\x82\xd0\xbf\xd1\x80\xd0\xb0\xd0\xb2\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xbe \xd0\xb8\xd0\xb7 "), /* Отправлено из */
};

/* Footers that name the device first: "iPhone'umdan gönderildi" (Turkish:
 * "from my ..." ends in -mdan/-mden, which a sentence saying that something
 * was sent does not), "iPhone에서 보냄" (Korean), "iPhoneから送信". */
static const struct {
	const char	*end, *word_end[2];
} r_footer_ends[] = {
	{ "dan g\xc3\xb6nderildi", { "umdan", "\xc4\xb1mdan" } },	/* -umdan, -ımdan gönderildi */
	{ "den g\xc3\xb6nderildi", { "imden", "\xc3\xbcmden" } },	/* -imden, -ümden gönderildi */
	{ "\xec\x97\x90\xec\x84\x9c \xeb\xb3\xb4\xeb\x83\x84", { "", NULL } },	/* 에서 보냄 */
	{ "\xe3\x81\x8b\xe3\x82\x89\xe9\x80\x81\xe4\xbf\xa1", { "", NULL } },	/* から送信 */
};

/* Does the short line p end like a device-first footer? */
static int
r_footer_end(const char *p, size_t n)
{
	size_t	 i, k, e, w, words = 0;
	const char *we;

	/* the ends below finish with 'i', 0x84 or 0xa1 */
	if (n > 60 || n < 4 || (p[n - 1] != 'i' && (unsigned char)p[n - 1] != 0x84 &&
	    (unsigned char)p[n - 1] != 0xa1))
		return 0;
	for (i = 0; i < n; i++)
		if (p[i] == ' ')
			words++;
	if (words > 4)
		return 0;
	for (i = 0; i < sizeof(r_footer_ends) / sizeof(r_footer_ends[0]); i++) {
		e = strlen(r_footer_ends[i].end);
		if (n < e || memcmp(p + n - e, r_footer_ends[i].end, e) != 0)
			continue;
		for (k = 0; k < 2 && (we = r_footer_ends[i].word_end[k]) != NULL; k++) {
			w = strlen(we);
			/* the word before the verb ends so (the suffix's own
			 * "dan"/"den" is part of the table's end) */
			if (*we == '\0' || (n - e + 3 >= w &&
			    memcmp(p + n - e + 3 - w, we, w) == 0))
				return 1;
		}
	}
	return 0;
}

/* --- lines */

#define RF_BLANK	0x0001
#define RF_QUOTE	0x0002
#define RF_HDR		0x0004	/* a header block starts here */
#define RF_ORIG		0x0008	/* "-----Original Message-----" */
#define RF_FWD		0x0010	/* a forward marker */
#define RF_SIG		0x0020	/* "-- " */
#define RF_USCORE	0x0040	/* a rule of underscores */
#define RF_DASHES	0x0080	/* a rule of dashes */
#define RF_EQUALS	0x0100	/* a rule of '=' after a blank line */
#define RF_FOOTER	0x0200	/* "Sent from my iPhone" */
#define RF_LABEL	0x0400	/* a "From:"-like label line */
#define RF_WRAPEND	0x0800	/* ">:" ending a wrapped attribution */
#define RF_ATTR_EV	0x1000	/* its attribution has an address or a verb */
#define RF_PIPE		0x2000	/* "| text": quoting, when under an attribution */

enum r_attr { RA_NONE, RA_WEAK, RA_STRONG };

struct r_line {
	size_t		 start, end;	/* the line, without its line break */
	size_t		 tstart, tend;	/* the same trimmed (r_trim) */
	size_t		 next;		/* where the next line starts */
	size_t		 attr_off;	/* where an attribution starts in it */
	uint32_t	 attr_end;	/* last line of the attribution it tops */
	uint16_t	 flags;
	uint8_t		 attr;		/* enum r_attr, for the window it tops */
	uint8_t		 label;		/* enum r_label */
	uint8_t		 ev;		/* has an address or a date: 0 not known yet, 1 no, 2 yes */
};

#define R_SMALL_LINES	128

/*
 * The word tables chained by a byte, built once (r_chains_init): the first
 * entry (index + 1, 0: none) starting with each byte, and from each entry
 * the next with the same byte, in table order.
 */
struct r_chains {
	unsigned char	 verb1[256];	/* r_verbs by the first byte */
	unsigned char	 verbn[sizeof(r_verbs) / sizeof(r_verbs[0])];
	unsigned char	 verbz[256];	/* r_verbs by the last byte */
	unsigned char	 verbzn[sizeof(r_verbs) / sizeof(r_verbs[0])];
	unsigned char	 label1[256];	/* r_labels by the first byte, lower case */
	unsigned char	 labeln[sizeof(r_labels) / sizeof(r_labels[0])];
	unsigned char	 foot1[256];	/* r_footers by the first byte */
	unsigned char	 footn[sizeof(r_footers) / sizeof(r_footers[0])];
};

static struct r_chains	r_ch;
static pthread_once_t	r_ch_once = PTHREAD_ONCE_INIT;

struct r_ctx {
	const char	*s;
	size_t		 len;
	struct r_line	*l;
	size_t		 n;		/* lines classified */
	uint32_t	*nnb;		/* next non-blank line at or after i */
	struct reply_seg *segs;
	size_t		 nsegs, asegs;
	int		 oom;
	const struct r_chains *ch;
	/* most replies are short: their lines need no allocation (and no
	 * clearing: r_split() clears each line it uses) */
	struct r_line	 l_small[R_SMALL_LINES];
	uint32_t	 nnb_small[R_SMALL_LINES + 1];
};

/* --- byte helpers */

static int
r_lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Length of a space-like character at p (0 if none): ASCII blanks, NBSP,
 * zero-width and direction marks, BOM, ideographic space. */
static size_t
r_space(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;

	if (n == 0)
		return 0;
	if (u[0] == ' ' || u[0] == '\t' || u[0] == '\r' || u[0] == '\f' ||
	    u[0] == '\v')
		return 1;
	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 &&
	    (u[2] == 0x8b || u[2] == 0x8c || u[2] == 0x8d || u[2] == 0x8e ||
	    u[2] == 0x8f || u[2] == 0xaf || u[2] == 0x87))
		return 3;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x81 && u[2] == 0xa0)
		return 3;
	if (n >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		return 3;
	if (n >= 3 && u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	/* U+1427, which mail-tracking extensions leave as an invisible mark */
	if (n >= 3 && u[0] == 0xe1 && u[1] == 0x90 && u[2] == 0xa7)
		return 3;
	return 0;
}

/* Trim space-like characters at both ends of [*p, *p + *n). */
static void
r_trim(const char **p, size_t *n)
{
	size_t k, i;

	while (*n > 0 && (k = r_space(*p, *n)) > 0) {
		*p += k;
		*n -= k;
	}
	for (;;) {
		if (*n > 0 && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t' ||
		    (*p)[*n - 1] == '\r')) {
			(*n)--;
			continue;
		}
		/* a multi-byte space at the end (its last byte is not ASCII) */
		if (*n < 2 || (unsigned char)(*p)[*n - 1] < 0x80)
			return;
		for (i = 2; i <= 3 && i <= *n; i++)
			if (r_space(*p + *n - i, i) == i)
				break;
		if (i <= 3 && i <= *n) {
			*n -= i;
			continue;
		}
		return;
	}
}

static int
r_prefix_ci(const char *p, size_t n, const char *w, size_t wn)
{
	size_t i;

	if (n < wn)
		return 0;
	for (i = 0; i < wn; i++)
		if (r_lc((unsigned char)p[i]) != r_lc((unsigned char)w[i]))
			return 0;
	return 1;
}

static int
r_eq_ci(const char *p, size_t n, const char *w, size_t wn)
{
	return n == wn && r_prefix_ci(p, n, w, wn);
}

/* Does [p, p + n) contain the string lit? (short texts only) */
static int
r_has(const char *p, size_t n, const char *lit)
{
	size_t i, k = strlen(lit);

	for (i = 0; i + k <= n; i++)
		if (memcmp(p + i, lit, k) == 0)
			return 1;
	return 0;
}

static int
r_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static int
r_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* The line's text, trimmed. */
static void
r_text(const struct r_ctx *c, size_t i, const char **p, size_t *n)
{
	*p = c->s + c->l[i].tstart;
	*n = c->l[i].tend - c->l[i].tstart;
}

static int
r_is(const struct r_ctx *c, size_t i, unsigned flag)
{
	return i < c->n && (c->l[i].flags & flag) != 0;
}

/* --- features of a short text: e-mail address, date or time, verb */

struct r_feat {
	int	 email;
	int	 date;
	int	 verb;
	size_t	 email_end;	/* offset just past the last address (and its > or )) */
};

static int
r_email_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    r_digit(c) || c == '.' || c == '_' || c == '-' || c == '+' ||
	    c == '%' || c == '=' || c >= 0x80;
}

static size_t
r_digits(const unsigned char *u, size_t n, size_t i)
{
	size_t d;

	for (d = 0; i + d < n && r_digit(u[i + d]); d++)
		;
	return d;
}

/* A year (1900-2099), a time (9:00, 17.50) or a numeric date (26.06.2014,
 * 4/4/12), or digits before 年/月/日, starting at u[i]. */
static int
r_date_at(const unsigned char *u, size_t n, size_t i)
{
	size_t	 d = r_digits(u, n, i), d2, d3, k = i + d;
	int	 sep;

	if (d == 4 && ((u[i] == '1' && u[i + 1] == '9') ||
	    (u[i] == '2' && u[i + 1] == '0')))
		return 1;
	if (k + 3 <= n && u[k] == 0xe5 && u[k + 1] == 0xb9 && u[k + 2] == 0xb4)
		return 1;
	if (k + 3 <= n && u[k] == 0xe6 && ((u[k + 1] == 0x9c &&
	    u[k + 2] == 0x88) || (u[k + 1] == 0x97 && u[k + 2] == 0xa5)))
		return 1;
	if (d == 0 || d > 4 || k >= n)
		return 0;
	sep = u[k];
	if (sep != ':' && sep != '.' && sep != '/' && sep != '-')
		return 0;
	d2 = r_digits(u, n, k + 1);
	if (d2 == 0)
		return 0;
	if (d <= 2 && d2 == 2 && (sep == ':' || sep == '.') &&
	    (k + 3 >= n || u[k + 3] != sep))
		return 1;
	if (d2 > 2 || k + 1 + d2 >= n || u[k + 1 + d2] != sep)
		return 0;
	d3 = r_digits(u, n, k + 2 + d2);
	return d3 >= 2 && d3 <= 4;
}

static void
r_features(const struct r_ctx *c, const char *p, size_t n, struct r_feat *f)
{
	const unsigned char	*u = (const unsigned char *)p, *q;
	size_t			 i, j, k;
	const struct r_word	*v;

	memset(f, 0, sizeof(*f));
	/* three passes, each with little to test per byte: addresses from
	 * each '@', a date at the start of a run of digits, a verb at the
	 * start of a word */
	for (q = memchr(u, '@', n); q != NULL; q = memchr(u + i + 1, '@', n - i - 1)) {
		i = (size_t)(q - u);
		if (i > 0 && r_email_char(u[i - 1])) {
			for (j = i + 1, k = 0; j < n && r_email_char(u[j]); j++)
				if (u[j] == '.' && j + 1 < n && r_alpha(u[j + 1]))
					k = 1;
			if (k && j > i + 1) {
				f->email = 1;
				while (j < n && (u[j] == '>' || u[j] == ')' ||
				    u[j] == ']'))
					j++;
				f->email_end = j;
			}
		}
		if (i + 1 >= n)
			break;
	}
	for (i = 0; i < n && !f->date; i++)
		if (r_digit(u[i]) && (i == 0 || !r_digit(u[i - 1])) &&
		    r_date_at(u, n, i))
			f->date = 1;
	for (i = 0; i < n && !f->verb; i++) {
		if ((i > 0 && u[i - 1] < 0x80 && r_alpha(u[i - 1])) ||
		    c->ch->verb1[r_lc(u[i])] == 0)
			continue;
		for (k = c->ch->verb1[r_lc(u[i])]; k != 0; k = c->ch->verbn[k - 1]) {
			v = &r_verbs[k - 1];
			if (!r_prefix_ci(p + i, n - i, v->s, v->n))
				continue;
			/* ASCII verbs are whole words */
			if (i + v->n < n && u[i + v->n] < 0x80 &&
			    r_alpha(u[i + v->n]) && v->s[v->n - 1] < 0x7f &&
			    v->s[v->n - 1] > 0)
				continue;
			f->verb = 1;
			break;
		}
	}
	if (n >= 7 && memcmp(p, "mailto:", 7) == 0)
		f->email = 1;
}

/* Does the text end like an attribution: ':' (also full-width), or a
 * verb, possibly followed by dashes ("wrote ----")? */
static int
r_endlike(const struct r_ctx *c, const char *p, size_t n)
{
	const struct r_word	*v;
	size_t			 k, m;

	if (n >= 1 && p[n - 1] == ':')
		return 1;
	if (n >= 3 && memcmp(p + n - 3, "\xef\xbc\x9a", 3) == 0)
		return 1;
	while (n > 0 && (p[n - 1] == '-' || p[n - 1] == ' '))
		n--;
	if (n == 0)
		return 0;
	for (k = c->ch->verbz[r_lc((unsigned char)p[n - 1])]; k != 0; k = c->ch->verbzn[k - 1]) {
		v = &r_verbs[k - 1];
		m = v->n;
		if (n >= m && r_eq_ci(p + n - m, m, v->s, m) &&
		    (n == m || !r_alpha((unsigned char)p[n - m - 1]) ||
		    (unsigned char)p[n - m - 1] >= 0x80))
			return 1;
	}
	return 0;
}

/* --- labels, header blocks, separators, rules, footers */

/* "From:", "*From:*", "  De :", "发件人:"; returns the label kind and sets
 * *val to the value's offset in the line. */
static enum r_label
r_label_at(const struct r_ctx *c, const char *p, size_t n, size_t *val)
{
	size_t				 i = 0, e, k, m;
	const struct r_label_word	*w;

	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	while (i < n && p[i] == '*')
		i++;
	for (e = i; e < n && e - i < 40 && p[e] != ':' &&
	    !((unsigned char)p[e] == 0xef && e + 3 <= n &&
	    memcmp(p + e, "\xef\xbc\x9a", 3) == 0); e++)
		;
	if (e >= n || e - i >= 40)
		return RL_NONE;
	k = e;
	while (k > i && (p[k - 1] == ' ' || p[k - 1] == '*' || p[k - 1] == '\t' ||
	    (k >= i + 2 && (unsigned char)p[k - 2] == 0xc2 &&
	    (unsigned char)p[k - 1] == 0xa0)))
		k -= (unsigned char)p[k - 1] == 0xa0 ? 2 : 1;
	if (k == i)
		return RL_NONE;
	for (m = c->ch->label1[r_lc((unsigned char)p[i])]; m != 0; m = c->ch->labeln[m - 1]) {
		w = &r_labels[m - 1];
		if (w->n == k - i && r_eq_ci(p + i, k - i, w->s, w->n)) {
			e += p[e] == ':' ? 1 : 3;
			while (e < n && (p[e] == '*' || p[e] == ' '))
				e++;
			*val = e;
			return w->kind;
		}
	}
	return RL_NONE;
}

/* A second label later in the line: "From: bob Date: Thu, 24 Mar". */
static int
r_two_labels(const char *p, size_t n)
{
	static const char *const more[] = {
		" Date:", " Sent:", " To:", " Subject:", " Datum:", " An:",
		" Gesendet:", " Envoy\xc3\xa9", " Objet", " Betreff:", NULL
	};
	const char *const	*m;
	size_t			 i, k;

	/* every one starts with a space: look only where the line has one */
	for (i = 0; i < n; i++) {
		if (p[i] != ' ')
			continue;
		for (m = more; *m != NULL; m++)
			if ((k = strlen(*m)) <= n - i && r_prefix_ci(p + i, n - i, *m, k))
				return 1;
	}
	return 0;
}

/*
 * Does a header block start at line i? Two or more label lines of different
 * kinds, one of them From/To, with an address or a time somewhere in them,
 * allowing a wrapped value or two; or one line holding two labels.
 */
/* Does line i hold an address or a date? Worked out once per line: the
 * lines of a header block are looked at from each of its labels. */
static int
r_line_ev(struct r_ctx *c, size_t i, const char *p, size_t n)
{
	struct r_feat f;

	if (c->l[i].ev == 0) {
		r_features(c, p, n, &f);
		c->l[i].ev = f.email || f.date ? 2 : 1;
	}
	return c->l[i].ev == 2;
}

static int
r_header_block(struct r_ctx *c, size_t i)
{
	unsigned	 kinds = 0, nlabels = 0, cont = 0;
	size_t		 j, n;
	const char	*p;
	int		 evidence = 0;

	if (!(c->l[i].flags & RF_LABEL))
		return 0;
	r_text(c, i, &p, &n);
	if (c->l[i].label == RL_FROM && n <= R_LINE_MAX && r_two_labels(p, n))
		return r_line_ev(c, i, p, n);
	for (j = i; j < c->n && j < i + R_HDR_SPAN; j++) {
		if (c->l[j].flags & (RF_BLANK | RF_QUOTE))
			break;
		r_text(c, j, &p, &n);
		if (n > R_LINE_MAX)
			break;
		if (c->l[j].flags & RF_LABEL) {
			kinds |= 1u << c->l[j].label;
			nlabels++;
		} else if (++cont > 2)
			break;
		if (!evidence && r_line_ev(c, j, p, n))
			evidence = 1;
	}
	if (nlabels < 2 || __builtin_popcount(kinds) < 2)
		return 0;
	if (!(kinds & ((1u << RL_FROM) | (1u << RL_TO))))
		return 0;
	return evidence || __builtin_popcount(kinds) >= 3;
}

/* Framed by two or more of '-', '=', '_' or '*' on the left (and maybe the
 * right): return the words between. */
/* A rule character: - = _ * or a Unicode dash (ProtonMail writes U+2010). */
static size_t
r_rulech(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;

	if (n == 0)
		return 0;
	if (u[0] == '-' || u[0] == '=' || u[0] == '_' || u[0] == '*')
		return 1;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 && u[2] >= 0x90 &&
	    u[2] <= 0x95)
		return 3;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x88 && u[2] == 0x92)
		return 3;
	return 0;
}

static int
r_framed(const char *p, size_t n, const char **w, size_t *wn, int *closed)
{
	size_t i = 0, k, e, cnt = 0, m;

	while ((k = r_rulech(p + i, n - i)) > 0) {
		i += k;
		cnt++;
	}
	if (cnt < 2)
		return 0;
	while ((k = r_space(p + i, n - i)) > 0)
		i += k;
	for (e = i; e < n; e++) {
		if ((k = r_rulech(p + e, n - e)) > 0 &&
		    (m = r_rulech(p + e + k, n - e - k)) > 0 && p[e] != '_' &&
		    p[e] != '*')
			break;
	}
	*closed = e < n;
	k = e;
	while (k > i && (p[k - 1] == ' ' || ((unsigned char)p[k - 1] == 0xa0 &&
	    k >= i + 2 && (unsigned char)p[k - 2] == 0xc2)))
		k -= p[k - 1] == ' ' ? 1 : 2;
	*w = p + i;
	*wn = k - i;
	return k > i;
}

static int
r_in(const char *p, size_t n, const struct r_word *tab, size_t ntab)
{
	size_t i;

	for (i = 0; i < ntab; i++)
		if (r_eq_ci(p, n, tab[i].s, tab[i].n))
			return 1;
	return 0;
}

#define NTAB(t)	(sizeof(t) / sizeof((t)[0]))

/* RF_ORIG or RF_FWD for a separator line, 0 otherwise. */
static unsigned
r_separator(const struct r_ctx *c, size_t i)
{
	const char	*p, *w;
	size_t		 n, wn, k;
	int		 closed;

	r_text(c, i, &p, &n);
	if (n > R_LINE_MAX)
		return 0;
	if (r_framed(p, n, &w, &wn, &closed)) {
		if (r_in(w, wn, r_originals, NTAB(r_originals)))
			return RF_ORIG;
		if (r_in(w, wn, r_forwards, NTAB(r_forwards)))
			return RF_FWD;
		/* any words framed both sides, right above a header block */
		k = c->nnb[i + 1];
		if (closed && wn <= 40 && k < c->n && (c->l[k].flags & RF_LABEL))
			return RF_ORIG;
		return 0;
	}
	if (n > 0 && p[n - 1] == ':' && r_in(p, n, r_forwards, NTAB(r_forwards)))
		return RF_FWD;
	if (n > 3 && memcmp(p + n - 3, "\xef\xbc\x9a", 3) == 0 &&
	    r_in(p, n - 3, r_forwards, NTAB(r_forwards)))
		return RF_FWD;
	return 0;
}

/* A line of one repeated character (spaces allowed), at least min long. */
static int
r_rule(const char *p, size_t n, char ch, size_t min)
{
	size_t i, cnt = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == ch)
			cnt++;
		else if (p[i] != ' ')
			return 0;
	}
	return cnt >= min;
}

static int
r_sig(const char *p, size_t n)
{
	size_t i;

	if ((n == 2 && memcmp(p, "--", 2) == 0))
		return 1;
	/* one or more em dashes */
	for (i = 0; i + 3 <= n; i += 3)
		if (memcmp(p + i, "\xe2\x80\x94", 3) != 0)
			return 0;
	return n > 0 && i == n;
}

/* "Sent from my iPhone": a known start, a few words, no sentence. */
static int
r_footer(const struct r_ctx *c, const char *p, size_t n)
{
	size_t			 i, k, words = 1;

	if (n > 160 || n == 0)
		return 0;
	if (r_footer_end(p, n))
		return 1;
	for (k = c->ch->foot1[r_lc((unsigned char)p[0])]; k != 0; k = c->ch->footn[k - 1])
		if (r_prefix_ci(p, n, r_footers[k - 1].s, r_footers[k - 1].n))
			break;
	if (k == 0)
		return 0;
	/* the device or app name, up to a link */
	for (i = 0; i < n && p[i] != '<' && p[i] != '(' && p[i] != '['; i++) {
		if (p[i] == ' ')
			words++;
		if (p[i] == ',' || p[i] == '!' || p[i] == '?' || p[i] == ';' ||
		    (p[i] == '.' && i + 1 < n && p[i + 1] == ' '))
			return 0;
	}
	return words <= 9;
}

/* --- pass 1: lines */

static int
r_split(struct r_ctx *c)
{
	const char	*nl;
	size_t		 pos = 0, cap = 64, k;
	struct r_line	*nlines, *l;
	const char	*p;
	size_t		 n, i;

	c->l = c->l_small;
	cap = R_SMALL_LINES;
	while (pos < c->len && c->n < LIMIT_REPLY_LINES) {
		if (c->n == cap) {
			if (c->l == c->l_small) {
				if ((nlines = reallocarray(NULL, cap * 2,
				    sizeof(*nlines))) == NULL)
					return -1;
				memcpy(nlines, c->l_small, sizeof(c->l_small));
			} else if ((nlines = reallocarray(c->l, cap * 2,
			    sizeof(*nlines))) == NULL)
				return -1;
			c->l = nlines;
			cap *= 2;
		}
		l = &c->l[c->n++];
		memset(l, 0, sizeof(*l));
		l->start = pos;
		nl = memchr(c->s + pos, '\n', c->len - pos);
		l->end = nl != NULL ? (size_t)(nl - c->s) : c->len;
		l->next = nl != NULL ? l->end + 1 : c->len;
		if (l->end > l->start && c->s[l->end - 1] == '\r')
			l->end--;
		pos = l->next;
		p = c->s + l->start;
		n = l->end - l->start;
		r_trim(&p, &n);
		l->tstart = (size_t)(p - c->s);
		l->tend = l->tstart + n;
		if (n == 0) {
			l->flags |= RF_BLANK;
			continue;
		}
		if (p[0] == '>')
			l->flags |= RF_QUOTE;
		else if (p[0] == '|')
			l->flags |= RF_PIPE;
	}
	/* what is past the cap belongs to the last line classified */
	if (c->n > 0 && pos < c->len)
		c->l[c->n - 1].next = c->len;
	if (c->n < R_SMALL_LINES)
		c->nnb = c->nnb_small;
	else if ((c->nnb = reallocarray(NULL, c->n + 1, sizeof(*c->nnb))) == NULL)
		return -1;
	c->nnb[c->n] = (uint32_t)c->n;
	for (i = c->n; i-- > 0; )
		c->nnb[i] = (c->l[i].flags & RF_BLANK) ? c->nnb[i + 1] : (uint32_t)i;
	(void)k;
	return 0;
}

/* An unclosed '<' in the line: the address wraps onto the next one. */
static int
r_open_angle(const char *p, size_t n)
{
	size_t i;
	int open = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == '<')
			open = 1;
		else if (p[i] == '>')
			open = 0;
	}
	return open;
}

/* --- pass 2: per-line markers */

static void
r_mark(struct r_ctx *c)
{
	const char	*p, *pp;
	size_t		 i, n, pn, val;
	struct r_line	*l;

	for (i = 0; i < c->n; i++) {
		l = &c->l[i];
		if (l->flags & RF_BLANK)
			continue;
		r_text(c, i, &p, &n);
		/* ">:" or "> wrote:" closing "Name <\naddr\n" */
		if ((l->flags & RF_QUOTE) && i > 0 && n <= 30 && n >= 2 &&
		    r_endlike(c, p, n) && !(c->l[i - 1].flags & (RF_BLANK | RF_QUOTE))) {
			r_text(c, i - 1, &pp, &pn);
			if (pn <= R_LINE_MAX && (r_open_angle(pp, pn) ||
			    (pn > 7 && memcmp(pp, "mailto:", 7) == 0))) {
				l->flags &= ~RF_QUOTE;
				l->flags |= RF_WRAPEND;
			}
		}
		if (l->flags & RF_QUOTE)
			continue;
		if (n <= R_LINE_MAX && (l->label = r_label_at(c, p, n, &val)) != RL_NONE)
			l->flags |= RF_LABEL;
		if (r_sig(p, n))
			l->flags |= RF_SIG;
		else if (r_rule(p, n, '_', 8))
			l->flags |= RF_USCORE;
		else if (r_rule(p, n, '-', 8))
			l->flags |= RF_DASHES;
		else if (r_rule(p, n, '=', 3) && (i == 0 ||
		    (c->l[i - 1].flags & RF_BLANK)))
			l->flags |= RF_EQUALS;
		if (r_footer(c, p, n))
			l->flags |= RF_FOOTER;
	}
	for (i = 0; i < c->n; i++) {
		l = &c->l[i];
		if (l->flags & (RF_BLANK | RF_QUOTE))
			continue;
		l->flags |= r_separator(c, i);
		if (r_header_block(c, i))
			l->flags |= RF_HDR;
	}
}

/* --- pass 3: attributions */

/* Lines a and b (a just above b) read as one wrapped line. */
static int
r_joins(const struct r_ctx *c, size_t a, size_t b, int complete, int is_end)
{
	const char	*pa, *pb;
	size_t		 na, nb;
	unsigned char	 ea, sb;

	r_text(c, a, &pa, &na);
	r_text(c, b, &pb, &nb);
	if (na == 0 || nb == 0 || na > R_LINE_MAX)
		return 0;
	ea = (unsigned char)pa[na - 1];
	sb = (unsigned char)pb[0];
	/* structure says so: an open bracket, a comma, an address going on */
	if (ea == '<' || ea == '(' || ea == '[' || ea == ',' ||
	    r_open_angle(pa, na) || sb == '<' || sb == '(' || sb == '[' ||
	    (sb == '>' && nb <= 30) || (sb >= 'a' && sb <= 'z'))
		return 1;
	if (complete)
		return 0;
	/* a wrapped long line, or a short tail like "a écrit :" */
	if (is_end && nb <= 30)
		return 1;
	return na >= 60 && ea != '.' && ea != '!' && ea != '?';
}

struct r_window {
	size_t		 top, off;
	char		 buf[R_ATTR_BYTES];
	size_t		 len;
	struct r_feat	 f;
};

/* Join lines top..e (the first from off) into w->buf and measure it. */
static int
r_window_text(const struct r_ctx *c, size_t top, size_t off, size_t e,
    struct r_window *w)
{
	const char	*p;
	size_t		 i, n;

	w->len = 0;
	for (i = top; i <= e; i++) {
		if (c->l[i].flags & RF_BLANK)
			continue;
		p = c->s + (i == top ? off : c->l[i].start);
		n = c->l[i].end - (size_t)(p - c->s);
		r_trim(&p, &n);
		if (w->len + n + 1 > sizeof(w->buf))
			return -1;
		if (w->len > 0)
			w->buf[w->len++] = ' ';
		memcpy(w->buf + w->len, p, n);
		w->len += n;
	}
	r_features(c, w->buf, w->len, &w->f);
	return 0;
}

/* Where in the top line the attribution starts: after a reply glued on
 * before "--- On ... wrote:". */
static size_t
r_glued(const struct r_ctx *c, size_t top)
{
	const char	*s = c->s;
	size_t		 a = c->l[top].start, e = c->l[top].end, i, k, best = a;

	for (i = a; i + 3 <= e; i++) {
		if (s[i] != '-' || s[i + 1] != '-' || s[i + 2] != '-' ||
		    (i > a && s[i - 1] == '-'))
			continue;
		/* dashes with words after them, not a closing "wrote ----" */
		for (k = i; k < e && (s[k] == '-' || s[k] == ' '); k++)
			;
		if (k < e)
			best = i;
	}
	if (best == a)
		return a;
	for (i = a; i < best; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '-')
			return best;
	return a;
}

/* Is line k a quote whose text is a header label ("> From: x")? */
static int
r_quoted_label(const struct r_ctx *c, size_t k)
{
	const char	*p;
	size_t		 n, val;

	if (!r_is(c, k, RF_QUOTE))
		return 0;
	r_text(c, k, &p, &n);
	while (n > 0 && (*p == '>' || *p == ' ')) {
		p++;
		n--;
	}
	return n <= R_LINE_MAX && r_label_at(c, p, n, &val) != RL_NONE;
}

static void
r_attribution(struct r_ctx *c, size_t e)
{
	struct r_window	 w;
	const char	*p;
	size_t		 n, top, k, count, nq;
	int		 endlike, complete, level = RA_NONE;

	r_text(c, e, &p, &n);
	if (n > R_LINE_MAX)
		return;
	endlike = r_endlike(c, p, n);
	nq = c->nnb[e + 1];
	if (!endlike && !r_is(c, nq, RF_QUOTE | RF_PIPE))
		return;		/* the common case: an ordinary line */
	top = e;
	if (r_window_text(c, e, c->l[e].start, e, &w) == -1)
		return;
	complete = w.f.date && (w.f.email || w.f.verb);
	/* grow upwards over wrapped lines, unless glued to a reply line */
	for (count = r_glued(c, e) != c->l[e].start ? R_ATTR_LINES : 1;
	    top > 0 && count < R_ATTR_LINES; count++) {
		k = top - 1;
		/* Polymail puts a lone "<" after a blank line */
		if ((c->l[k].flags & RF_BLANK) && k > 0 &&
		    c->l[top].end - c->l[top].start <= 2 &&
		    c->s[c->l[top].start] == '<')
			k--;
		if (c->l[k].flags & (RF_BLANK | RF_QUOTE))
			break;
		if (!r_joins(c, k, top, complete, top == e))
			break;
		top = k;
		if (r_window_text(c, top, c->l[top].start, e, &w) == -1)
			return;
		complete = w.f.date && (w.f.email || w.f.verb);
	}
	if (r_window_text(c, top, r_glued(c, top), e, &w) == -1)
		return;
	if (w.len > R_ATTR_BYTES - 1)
		return;
	if (endlike) {
		if ((w.f.verb && (w.f.email || w.f.date)) || (w.f.email &&
		    w.f.date && w.f.email_end + 3 >= w.len))
			level = RA_STRONG;
		else if (w.f.email || w.f.date || w.f.verb)
			level = RA_WEAK;
		else if (w.len <= 60 && r_quoted_label(c, nq))
			level = RA_WEAK;	/* "Forwarded message:" + quote */
	} else if (w.f.email && w.f.date && w.len <= 150 &&
	    r_is(c, nq, RF_QUOTE | RF_PIPE))
		level = RA_WEAK;		/* "2011/4/7 Name <e>" */
	if (level == RA_NONE)
		return;
	if (c->l[top].attr != RA_NONE && c->l[top].attr_end > e)
		return;
	c->l[top].attr = (uint8_t)level;
	c->l[top].attr_end = (uint32_t)e;
	if (w.f.email || w.f.verb)
		c->l[top].flags |= RF_ATTR_EV;
	else
		c->l[top].flags &= ~RF_ATTR_EV;
	c->l[top].attr_off = r_glued(c, top);
}

static void
r_attributions(struct r_ctx *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!(c->l[i].flags & (RF_BLANK | RF_QUOTE)))
			r_attribution(c, i);
}

/* --- pass 4: cut */

static int
r_emit(struct r_ctx *c, enum reply_seg_kind kind, size_t at)
{
	struct reply_seg	*ns;
	size_t			 na;

	if (c->nsegs > 0 && c->segs[c->nsegs - 1].kind == kind)
		return 0;
	if (c->nsegs > 0) {
		if (at == c->segs[c->nsegs - 1].start) {
			/* nothing in the open one: relabel it */
			c->segs[c->nsegs - 1].kind = kind;
			if (c->nsegs > 1 && c->segs[c->nsegs - 2].kind == kind)
				c->nsegs--;
			return 0;
		}
		c->segs[c->nsegs - 1].end = at;
	}
	if (c->nsegs == c->asegs) {
		na = c->asegs == 0 ? 8 : c->asegs * 2;
		if ((ns = reallocarray(c->segs, na, sizeof(*ns))) == NULL)
			return -1;
		c->segs = ns;
		c->asegs = na;
	}
	ns = &c->segs[c->nsegs++];
	memset(ns, 0, sizeof(*ns));
	ns->kind = kind;
	ns->start = c->nsegs == 1 ? 0 : at;
	ns->end = c->len;
	return 0;
}

static int
r_long_quote(const struct r_ctx *c, size_t i)
{
	const char	*p;
	size_t		 n;

	r_text(c, i, &p, &n);
	return n >= 60;
}

/* "Forwarded:", "Below:" - a short line ending in ':' */
static int
r_intro(const struct r_ctx *c, size_t i)
{
	const char	*p;
	size_t		 n, k, words = 1;

	r_text(c, i, &p, &n);
	if (n == 0 || n > 60 || !r_endlike(c, p, n) || (p[n - 1] != ':' &&
	    !(n >= 3 && memcmp(p + n - 3, "\xef\xbc\x9a", 3) == 0)))
		return 0;
	for (k = 0; k < n; k++)
		if (p[k] == ' ')
			words++;
	return words <= 6;
}

/* A line wrapped out of the quote around it ("> long line that wr\naps\n>"). */
static int
r_artefact(const struct r_ctx *c, size_t j)
{
	const char	*p, *pp;
	size_t		 n, pn;

	if (j == 0 || j + 1 >= c->n || !r_is(c, j - 1, RF_QUOTE) ||
	    !r_is(c, j + 1, RF_QUOTE))
		return 0;
	r_text(c, j, &p, &n);
	r_text(c, j - 1, &pp, &pn);
	if (r_open_angle(pp, pn))
		return 1;
	/* the tail of a long quoted line: it goes on in lower case, or is
	 * itself a long line of the same paragraph; a short answer in capitals
	 * right under a long question is the person's */
	if (r_long_quote(c, j - 1) && n > 0 && (!(p[0] >= 'A' && p[0] <= 'Z') ||
	    n >= 60))
		return 1;
	if (pn > 0 && memchr(pp, '(', pn) != NULL && memchr(pp, ')', pn) == NULL)
		return 1;
	return n > 0 && (p[0] == '(' || p[0] == '<' || p[0] == '[' ||
	    p[0] == '_' || r_has(p, n, "://"));
}

/*
 * ">>> >>> http://example.com <<<" set in running text: one line, three or
 * more markers deep with nothing shallower around it, text right above and
 * below. Quoting nests one level at a time, so this is decoration.
 */
static int
r_decoration(const struct r_ctx *c, size_t i)
{
	const char	*p;
	size_t		 n;

	if (i == 0 || i + 1 >= c->n ||
	    (c->l[i - 1].flags & (RF_BLANK | RF_QUOTE)) ||
	    (c->l[i + 1].flags & (RF_BLANK | RF_QUOTE)))
		return 0;
	r_text(c, i, &p, &n);
	return n >= 3 && p[0] == '>' && p[1] == '>' && p[2] == '>';
}

/* The first line after the quote block starting at i. */
static size_t
r_quote_end(const struct r_ctx *c, size_t i)
{
	size_t j = i, k;

	while (j < c->n) {
		if (c->l[j].flags & RF_QUOTE) {
			j++;
			continue;
		}
		if (c->l[j].flags & RF_BLANK) {
			k = c->nnb[j];
			if (k < c->n && (c->l[k].flags & RF_QUOTE)) {
				j = k;
				continue;
			}
			break;
		}
		if (r_artefact(c, j)) {
			j++;
			continue;
		}
		break;
	}
	return j;
}

/*
 * A rule of underscores delimits a mailing-list or company footer: the few
 * lines after it carry an address, a link or a list name. Under a rule
 * followed by ordinary sentences, it is only a rule.
 */
static int
r_footer_block(const struct r_ctx *c, size_t i)
{
	const char	*p;
	size_t		 n, j, seen;

	for (j = i + 1, seen = 0; j < c->n && seen < 6; j++) {
		if (c->l[j].flags & RF_BLANK)
			continue;
		seen++;
		r_text(c, j, &p, &n);
		if (n > R_LINE_MAX)
			continue;
		if (r_has(p, n, "://") || r_has(p, n, "www.") ||
		    memchr(p, '@', n) != NULL || r_has(p, n, "mailing list"))
			return 1;
	}
	return seen == 0;
}

/* What cuts the rest of the message at line i, if anything. */
static int
r_cut_kind(const struct r_ctx *c, size_t i, enum reply_seg_kind *kind)
{
	unsigned	 f = c->l[i].flags;
	size_t		 k = c->nnb[i + 1];

	if (f & RF_FWD)
		*kind = REPLY_FORWARD;
	else if (!(f & RF_LABEL) && k < c->n && (c->l[k].flags & RF_HDR) &&
	    r_intro(c, i))
		*kind = REPLY_FORWARD;	/* "Begin forwarded message:" in any tongue */
	else if (f & (RF_ORIG | RF_HDR))
		*kind = REPLY_HEADERS;
	else if ((f & (RF_USCORE | RF_DASHES | RF_EQUALS)) && k < c->n &&
	    (c->l[k].flags & (RF_HDR | RF_ORIG)))
		*kind = REPLY_HEADERS;
	else if ((f & (RF_USCORE | RF_DASHES)) && k < c->n &&
	    (c->l[k].flags & RF_FWD))
		*kind = REPLY_FORWARD;
	else if ((f & RF_SIG) || ((f & RF_USCORE) && r_footer_block(c, i)))
		*kind = REPLY_SIGNATURE;
	else
		return 0;
	return 1;
}

/* Does an attribution at line i count, given what follows it? */
static int
r_attr_counts(const struct r_ctx *c, size_t i, int *alone)
{
	const struct r_line	*l = &c->l[i];
	size_t			 k = c->nnb[l->attr_end + 1];

	*alone = 0;
	if (l->attr == RA_NONE)
		return 0;
	if (k < c->n && (c->l[k].flags & (RF_QUOTE | RF_PIPE)))
		return 1;
	*alone = 1;
	return l->attr == RA_STRONG || (k == c->n && (l->flags & RF_ATTR_EV));
}

/* Nothing of the person's after line i: the end, a quote, a cut. */
static int
r_near_end(const struct r_ctx *c, size_t i)
{
	enum reply_seg_kind	 kind;
	size_t			 k = c->nnb[i + 1];
	int			 alone;

	return k >= c->n || (c->l[k].flags & (RF_QUOTE | RF_FOOTER)) ||
	    r_cut_kind(c, k, &kind) || r_attr_counts(c, k, &alone);
}

static int
r_cut(struct r_ctx *c)
{
	size_t			 i = 0, j;
	enum reply_seg_kind	 kind;
	int			 alone;

	while (i < c->n) {
		if (c->l[i].flags & RF_BLANK) {
			i++;
			continue;
		}
		if (r_attr_counts(c, i, &alone)) {
			if (r_emit(c, REPLY_ATTRIBUTION, c->l[i].attr_off) == -1)
				return -1;
			j = c->l[i].attr_end + 1;
			if (alone) {
				/* the unquoted original follows */
				if (j < c->n && c->nnb[j] < c->n &&
				    r_emit(c, REPLY_QUOTE, c->l[c->nnb[j]].start) == -1)
					return -1;
				return 0;
			}
			i = j;
			/* some clients quote with '|' */
			if ((j = c->nnb[i]) < c->n && (c->l[j].flags & RF_PIPE)) {
				if (r_emit(c, REPLY_QUOTE, c->l[j].start) == -1)
					return -1;
				while (j < c->n && (c->l[j].flags & (RF_PIPE | RF_BLANK)) &&
				    c->nnb[j] < c->n && (c->l[c->nnb[j]].flags & RF_PIPE))
					j = c->nnb[j] + 1;
				i = j;
			}
			continue;
		}
		if ((c->l[i].flags & RF_QUOTE) && !r_decoration(c, i)) {
			if (r_emit(c, REPLY_QUOTE, c->l[i].start) == -1)
				return -1;
			i = r_quote_end(c, i);
			continue;
		}
		if (r_cut_kind(c, i, &kind))
			return r_emit(c, kind, c->l[i].start);
		kind = (c->l[i].flags & RF_FOOTER) && r_near_end(c, i) ?
		    REPLY_FOOTER : REPLY_NEW;
		if (r_emit(c, kind, c->l[i].start) == -1)
			return -1;
		i++;
	}
	return 0;
}

/* --- pass 5: the text */

static int
r_blank_span(const char *p, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		if (p[i] == '\n')
			i++;
		else if ((k = r_space(p + i, n - i)) > 0)
			i += k;
		else
			return 0;
	}
	return 1;
}

static int
r_build(struct r_ctx *c, struct reply *out)
{
	struct strbuf		 sb;
	struct reply_seg	*sg;
	size_t			 k, a, b, e, ls;
	int			 gap = 0, blank_before = 0;

	sb_init(&sb, 0);
	for (k = 0; k < c->nsegs; k++) {
		sg = &c->segs[k];
		if (sg->kind != REPLY_NEW) {
			gap = 1;
			continue;
		}
		/* drop leading blank lines and trailing white space */
		a = sg->start;
		b = sg->end;
		for (;;) {
			e = a;
			while (e < b && c->s[e] != '\n')
				e++;
			if (e >= b || !r_blank_span(c->s + a, e - a))
				break;
			a = e + 1;
		}
		ls = b;
		for (;;) {
			if (b > a && (c->s[b - 1] == '\n' ||
			    r_space(c->s + b - 1, 1) == 1))
				b--;
			else if (b >= a + 2 && r_space(c->s + b - 2, 2) == 2)
				b -= 2;
			else if (b >= a + 3 && r_space(c->s + b - 3, 3) == 3)
				b -= 3;
			else
				break;
		}
		if (b <= a) {
			sg->out_start = sg->out_end = sb.len;
			continue;
		}
		if (sb.len > 0)
			sb_adds(&sb, gap && blank_before ? "\n\n" : "\n");
		sg->out_start = sb.len;
		sb_add(&sb, c->s + a, b - a);
		sg->out_end = sb.len;
		/* did the person leave a blank line before what was cut? */
		for (blank_before = 0, e = b; e < ls; e++)
			if (c->s[e] == '\n')
				blank_before++;
		blank_before = blank_before >= 2;
		gap = 0;
	}
	if (sb_add(&sb, "", 0) == -1) {
		sb_free(&sb);
		return -1;
	}
	out->text = sb_detach(&sb, &out->len);
	return 0;
}

/* --- entry points */

static void
r_ctx_free(struct r_ctx *c)
{
	if (c->l != c->l_small)
		free(c->l);
	if (c->nnb != c->nnb_small)
		free(c->nnb);
}

static void
r_chains_init(void)
{
	struct r_chains	*ch = &r_ch;
	size_t		 k;
	unsigned char	 b;

	for (k = NTAB(r_verbs); k-- > 0; ) {
		b = (unsigned char)r_verbs[k].s[0];
		ch->verbn[k] = ch->verb1[b];
		ch->verb1[b] = (unsigned char)(k + 1);
		b = (unsigned char)r_verbs[k].s[r_verbs[k].n - 1];
		ch->verbzn[k] = ch->verbz[b];
		ch->verbz[b] = (unsigned char)(k + 1);
	}
	for (k = NTAB(r_labels); k-- > 0; ) {
		b = (unsigned char)r_lc((unsigned char)r_labels[k].s[0]);
		ch->labeln[k] = ch->label1[b];
		ch->label1[b] = (unsigned char)(k + 1);
	}
	for (k = NTAB(r_footers); k-- > 0; ) {
		b = (unsigned char)r_footers[k].s[0];
		ch->footn[k] = ch->foot1[b];
		ch->foot1[b] = (unsigned char)(k + 1);
	}
}

/* the chains hold an index + 1 in a byte */
_Static_assert(NTAB(r_verbs) < 255 && NTAB(r_footers) < 255 && NTAB(r_labels) < 255,
    "r_verbs, r_footers, r_labels: too many");

int
reply_extract(const char *body, size_t len, struct reply *out)
{
	struct r_ctx	 c;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, offsetof(struct r_ctx, l_small));
	pthread_once(&r_ch_once, r_chains_init);
	c.ch = &r_ch;
	c.s = body;
	c.len = len;
	if (r_split(&c) == -1)
		goto fail;
	r_mark(&c);
	r_attributions(&c);
	if (r_cut(&c) == -1)
		goto fail;
	if (c.nsegs == 0 && r_emit(&c, REPLY_NEW, 0) == -1)
		goto fail;
	c.segs[c.nsegs - 1].end = len;
	if (r_build(&c, out) == -1)
		goto fail;
	out->segs = c.segs;
	out->nsegs = c.nsegs;
	r_ctx_free(&c);
	return 0;
fail:
	r_ctx_free(&c);
	free(c.segs);
	reply_free(out);
	return -1;
}

void
reply_free(struct reply *r)
{
	free(r->text);
	free(r->segs);
	memset(r, 0, sizeof(*r));
}

const char *
reply_seg_kind_name(enum reply_seg_kind k)
{
	switch (k) {
	case REPLY_NEW:		return "new";
	case REPLY_QUOTE:	return "quote";
	case REPLY_ATTRIBUTION:	return "attribution";
	case REPLY_HEADERS:	return "headers";
	case REPLY_FORWARD:	return "forward";
	case REPLY_SIGNATURE:	return "signature";
	case REPLY_FOOTER:	return "footer";
	}
	return "unknown";
}
