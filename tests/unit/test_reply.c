/*
 * Unit tests for parsers/reply.c: hand-written replies in the shapes the
 * major clients produce, in many languages, with the text we expect back.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "reply.h"
#include "strbuf.h"

struct rcase {
	const char	*name;
	const char	*body;
	const char	*want;
};

static const struct rcase cases[] = {
	/* --- English clients */
	{ "gmail top post",
	  "Done, see you Monday.\n\nOn Fri, Nov 27, 2026 at 9:00 AM Rapport <rapport@example.org> wrote:\n\n"
	  "> How did the week go?\n>\n> 1. Wins\n",
	  "Done, see you Monday." },
	{ "gmail wrapped attribution",
	  "Yes.\n\nOn Fri, Nov 27, 2026 at 9:00 AM Rapport Check-ins for the Team <\n"
	  "rapport+checkin-42@example.org> wrote:\n\n> Question?\n",
	  "Yes." },
	{ "apple mail attribution inside the quote",
	  "Sounds good!\n\nSent from my iPhone\n\n> On 27 Nov 2026, at 09:00, Rapport <rapport@example.org> wrote:\n>\n"
	  "> \xef\xbb\xbfHow did the week go?\n",
	  "Sounds good!" },
	{ "outlook desktop header block",
	  "Hi,\n\nAll done.\n\nRegards,\nJo\n\n________________________________\n"
	  "From: Rapport <rapport@example.org>\nSent: Friday, November 27, 2026 9:00 AM\n"
	  "To: Jo Martin <jo@example.net>\nSubject: Weekly check-in\n\nHow did the week go?\n",
	  "Hi,\n\nAll done.\n\nRegards,\nJo" },
	{ "outlook for mac",
	  "Thanks!\n\nFrom: Rapport <rapport@example.org>\nDate: Friday, 27 November 2026 at 09:00\n"
	  "To: Jo <jo@example.net>\nSubject: Weekly check-in\n\nHow did the week go?\n",
	  "Thanks!" },
	{ "original message rule",
	  "Will do.\n\n-----Original Message-----\nFrom: Rapport [mailto:rapport@example.org]\n"
	  "Sent: Friday, November 27, 2026 9:00 AM\nTo: Jo\nSubject: Task #12\n\nStatus?\n",
	  "Will do." },
	{ "samsung original message",
	  "On my way\n\n\n-------- Original message --------\nFrom: Rapport <rapport@example.org> \n"
	  "Date: 27/11/2026 09:00 (GMT+01:00) \nTo: jo@example.net \nSubject: Weekly check-in \n\nHow?\n",
	  "On my way" },
	{ "protonmail unicode dashes",
	  "Fine.\n\n\xe2\x80\x90\xe2\x80\x90\xe2\x80\x90\xe2\x80\x90\xe2\x80\x90\xe2\x80\x90\xe2\x80\x90 "
	  "Original Message \xe2\x80\x90\xe2\x80\x90\xe2\x80\x90\xe2\x80\x90\xe2\x80\x90\xe2\x80\x90\xe2\x80\x90\n"
	  "On Friday, November 27th, 2026 at 9:00 AM, Rapport <rapport@example.org> wrote:\n\n> Q\n",
	  "Fine." },
	{ "yahoo",
	  "Yes please\n\n    On Friday, November 27, 2026, 09:00:00 AM GMT+1, Rapport <rapport@example.org> wrote:  \n \n"
	  " How did the week go?\n",
	  "Yes please" },
	{ "fastmail without address",
	  "Nothing to report.\n\nOn Fri, 27 Nov 2026, at 09:00, Rapport wrote:\n> How did the week go?\n",
	  "Nothing to report." },
	{ "thunderbird",
	  "Good week.\n\nOn 27/11/2026 09:00, Rapport wrote:\n> How did the week go?\n>\n",
	  "Good week." },
	{ "zoho",
	  "ok\n\n---- On Fri, 27 Nov 2026 09:00:00 +0100 Rapport <rapport@example.org> wrote ----\n\nHow did the week go?\n",
	  "ok" },
	{ "android dashes",
	  "ok\n\n-------- Original Message --------\nSubject: Weekly check-in\nFrom: Rapport\nTo: Jo\n\nHow?\n",
	  "ok" },
	{ "gmail forward",
	  "FYI, see below.\n\n---------- Forwarded message ---------\nFrom: Bob <bob@example.com>\n"
	  "Date: Fri, Nov 27, 2026 at 9:00 AM\nSubject: Numbers\nTo: <jo@example.net>\n\nHere.\n",
	  "FYI, see below." },
	{ "apple forward",
	  "For you.\n\nBegin forwarded message:\n\nFrom: Bob <bob@example.com>\nSubject: Numbers\n"
	  "Date: 27 November 2026 at 09:00:00 CET\nTo: Jo <jo@example.net>\n\nHere.\n",
	  "For you." },
	/* --- other languages */
	{ "de gmail",
	  "Erledigt.\n\nAm Fr., 27. Nov. 2026 um 09:00 Uhr schrieb Rapport <rapport@example.org>:\n\n> Wie war die Woche?\n",
	  "Erledigt." },
	{ "de outlook",
	  "Erledigt.\n\nVon: Rapport <rapport@example.org>\nGesendet: Freitag, 27. November 2026 09:00\n"
	  "An: Jo <jo@example.net>\nBetreff: Check-in\n\nWie war die Woche?\n",
	  "Erledigt." },
	{ "de gmx",
	  "Passt.\n\n\nGesendet: Freitag, 27. November 2026 um 09:00 Uhr\nVon: \"Rapport\" <rapport@example.org>\n"
	  "An: jo@example.net\nBetreff: Check-in\n\nWie war die Woche?\n",
	  "Passt." },
	{ "tr footer, device first",
	  "Tamam, yar\xc4\xb1n g\xc3\xb6nderiyorum.\n\niPhone'umdan g\xc3\xb6nderildi\n",
	  "Tamam, yar\xc4\xb1n g\xc3\xb6nderiyorum." },
	{ "tr sentence that something was sent stays",
	  "Merhaba,\n\nRapor d\xc3\xbcn g\xc3\xb6nderildi\n",
	  "Merhaba,\n\nRapor d\xc3\xbcn g\xc3\xb6nderildi" },
	{ "ko footer",
	  "\xeb\x84\xa4, \xec\x99\x84\xeb\xa3\x8c\xed\x96\x88\xec\x8a\xb5\xeb\x8b\x88\xeb\x8b\xa4.\n\niPhone\xec\x97\x90\xec\x84\x9c \xeb\xb3\xb4\xeb\x83\x84\n",
	  "\xeb\x84\xa4, \xec\x99\x84\xeb\xa3\x8c\xed\x96\x88\xec\x8a\xb5\xeb\x8b\x88\xeb\x8b\xa4." },
	{ "pl windows mail footer",
	  "Zrobione.\n\nWys\xc5\x82" "ano z aplikacji Poczta w systemie Windows\n",
	  "Zrobione." },
	{ "ru mail.ru footer",
	  "\xd0\x93\xd0\xbe\xd1\x82\xd0\xbe\xd0\xb2\xd0\xbe.\n\n\xd0\x9e\xd1\x82\xd0\xbf\xd1\x80\xd0\xb0\xd0\xb2\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xbe \xd0\xb8\xd0\xb7 \xd0\xbc\xd0\xbe\xd0\xb1\xd0\xb8\xd0\xbb\xd1\x8c\xd0\xbd\xd0\xbe\xd0\xb9 \xd0\x9f\xd0\xbe\xd1\x87\xd1\x82\xd1\x8b Mail.ru\n",
	  "\xd0\x93\xd0\xbe\xd1\x82\xd0\xbe\xd0\xb2\xd0\xbe." },
	{ "pt get outlook footer",
	  "Feito, envio amanh\xc3\xa3.\n\nObter o Outlook para iOS\n",
	  "Feito, envio amanh\xc3\xa3." },
	{ "sv proton footer",
	  "Klart, skickar i morgon.\n\nSkickat med Proton Mail s\xc3\xa4ker e-post.\n",
	  "Klart, skickar i morgon." },
	{ "de footer",
	  "Passt.\n\nVon meinem iPhone gesendet\n\n> Am 27.11.2026 um 09:00 schrieb Rapport <rapport@example.org>:\n> Frage\n",
	  "Passt." },
	{ "fr gmail",
	  "C'est fait.\n\nLe ven. 27 nov. 2026 \xc3\xa0 09:00, Rapport <rapport@example.org> a \xc3\xa9"
	  "crit :\n\n> Comment s'est pass\xc3\xa9" "e la semaine ?\n",
	  "C'est fait." },
	{ "fr outlook",
	  "C'est fait.\n\nDe : Rapport <rapport@example.org>\nEnvoy\xc3\xa9 : vendredi 27 novembre 2026 09:00\n"
	  "\xc3\x80 : Jo <jo@example.net>\nObjet : Check-in\n\nQuestion\n",
	  "C'est fait." },
	{ "es gmail and footer",
	  "Listo.\n\nEnviado desde mi iPhone\n\nEl vie, 27 nov 2026 a las 9:00, Rapport (<rapport@example.org>) escribi\xc3\xb3:\n\n> \xc2\xbf" "Qu\xc3\xa9 tal?\n",
	  "Listo." },
	{ "es outlook",
	  "Listo.\n\nDe: Rapport <rapport@example.org>\nEnviado: viernes, 27 de noviembre de 2026 9:00\n"
	  "Para: Jo <jo@example.net>\nAsunto: Check-in\n\nPregunta\n",
	  "Listo." },
	{ "pt gmail",
	  "Feito.\n\nEm sex., 27 de nov. de 2026 \xc3\xa0s 09:00, Rapport <rapport@example.org> escreveu:\n\n> Pergunta\n",
	  "Feito." },
	{ "pt outlook",
	  "Feito.\n\nDe: Rapport <rapport@example.org>\nEnviada em: sexta-feira, 27 de novembro de 2026 09:00\n"
	  "Para: Jo <jo@example.net>\nAssunto: Check-in\n\nPergunta\n",
	  "Feito." },
	{ "it gmail",
	  "Fatto.\n\nIl giorno ven 27 nov 2026 alle ore 09:00 Rapport <rapport@example.org> ha scritto:\n\n> Domanda\n",
	  "Fatto." },
	{ "it outlook",
	  "Fatto.\n\nDa: Rapport <rapport@example.org>\nInviato: venerd\xc3\xac 27 novembre 2026 09:00\n"
	  "A: Jo <jo@example.net>\nOggetto: Check-in\n\nDomanda\n",
	  "Fatto." },
	{ "nl gmail",
	  "Klaar.\n\nOp vr 27 nov. 2026 om 09:00 schreef Rapport <rapport@example.org>:\n\n> Vraag\n",
	  "Klaar." },
	{ "pl gmail",
	  "Gotowe.\n\npt., 27 lis 2026 o 09:00 Rapport <rapport@example.org> napisa\xc5\x82(a):\n\n> Pytanie\n",
	  "Gotowe." },
	{ "pl outlook",
	  "Gotowe.\n\nOd: Rapport <rapport@example.org>\nWys\xc5\x82" "ano: pi\xc4\x85tek, 27 listopada 2026 09:00\n"
	  "Do: Jo <jo@example.net>\nTemat: Check-in\n\nPytanie\n",
	  "Gotowe." },
	{ "sv gmail",
	  "Klart.\n\nDen fre 27 nov. 2026 kl 09:00 skrev Rapport <rapport@example.org>:\n\n> Fr\xc3\xa5ga\n",
	  "Klart." },
	{ "sv outlook",
	  "Klart.\n\nFr\xc3\xa5n: Rapport <rapport@example.org>\nSkickat: den 27 november 2026 09:00\n"
	  "Till: Jo <jo@example.net>\n\xc3\x84mne: Check-in\n\nFr\xc3\xa5ga\n",
	  "Klart." },
	{ "da gmail",
	  "F\xc3\xa6rdig.\n\nDen fre. 27. nov. 2026 kl. 09.00 skrev Rapport <rapport@example.org>:\n\n> Sp\xc3\xb8rgsm\xc3\xa5l\n",
	  "F\xc3\xa6rdig." },
	{ "fi gmail",
	  "Valmis.\n\npe 27. marrask. 2026 klo 9.00 Rapport (rapport@example.org) kirjoitti:\n\n> Kysymys\n",
	  "Valmis." },
	{ "cs gmail",
	  "Hotovo.\n\np\xc3\xa1 27. 11. 2026 v 9:00 odes\xc3\xadlatel Rapport <rapport@example.org> napsal:\n\n> Ot\xc3\xa1zka\n",
	  "Hotovo." },
	{ "hu gmail",
	  "K\xc3\xa9sz.\n\nRapport <rapport@example.org> ezt \xc3\xadrta (id\xc5\x91pont: 2026. nov. 27., P, 9:00):\n\n> K\xc3\xa9rd\xc3\xa9s\n",
	  "K\xc3\xa9sz." },
	{ "tr gmail",
	  "Tamam.\n\nRapport <rapport@example.org>, 27 Kas 2026 Cum, 09:00 tarihinde \xc5\x9funu yazd\xc4\xb1:\n\n> Soru\n",
	  "Tamam." },
	{ "ru gmail",
	  "\xd0\x93\xd0\xbe\xd1\x82\xd0\xbe\xd0\xb2\xd0\xbe.\n\n\xd0\xbf\xd1\x82, 27 \xd0\xbd\xd0\xbe\xd1\x8f\xd0\xb1. 2026 \xd0\xb3. "
	  "\xd0\xb2 09:00, Rapport <rapport@example.org>:\n\n> \xd0\x92\xd0\xbe\xd0\xbf\xd1\x80\xd0\xbe\xd1\x81\n",
	  "\xd0\x93\xd0\xbe\xd1\x82\xd0\xbe\xd0\xb2\xd0\xbe." },
	{ "ru outlook",
	  "\xd0\x93\xd0\xbe\xd1\x82\xd0\xbe\xd0\xb2\xd0\xbe.\n\n\xd0\x9e\xd1\x82: Rapport <rapport@example.org>\n"
	  "\xd0\x9e\xd1\x82\xd0\xbf\xd1\x80\xd0\xb0\xd0\xb2\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xbe: 27 \xd0\xbd\xd0\xbe\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8f 2026 \xd0\xb3. 9:00\n"
	  "\xd0\x9a\xd0\xbe\xd0\xbc\xd1\x83: Jo\n\xd0\xa2\xd0\xb5\xd0\xbc\xd0\xb0: Check-in\n\n\xd0\x92\xd0\xbe\xd0\xbf\xd1\x80\xd0\xbe\xd1\x81\n",
	  "\xd0\x93\xd0\xbe\xd1\x82\xd0\xbe\xd0\xb2\xd0\xbe." },
	{ "ru mail.ru",
	  "\xd0\x94\xd0\xb0.\n\n\xd0\x9f\xd1\x8f\xd1\x82\xd0\xbd\xd0\xb8\xd1\x86\xd0\xb0, 27 \xd0\xbd\xd0\xbe\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8f 2026, 9:00 +03:00 "
	  "\xd0\xbe\xd1\x82 Rapport <rapport@example.org>:\n\n\xd0\x92\xd0\xbe\xd0\xbf\xd1\x80\xd0\xbe\xd1\x81\n",
	  "\xd0\x94\xd0\xb0." },
	{ "uk gmail",
	  "\xd0\x93\xd0\xbe\xd1\x82\xd0\xbe\xd0\xb2\xd0\xbe.\n\n\xd0\xbf\xd1\x82, 27 \xd0\xbb\xd0\xb8\xd1\x81\xd1\x82. 2026 \xd1\x80. \xd0\xbe 09:00 "
	  "Rapport <rapport@example.org> \xd0\xbf\xd0\xb8\xd1\x88\xd0\xb5:\n\n> \xd0\x9f\xd0\xb8\xd1\x82\xd0\xb0\xd0\xbd\xd0\xbd\xd1\x8f\n",
	  "\xd0\x93\xd0\xbe\xd1\x82\xd0\xbe\xd0\xb2\xd0\xbe." },
	{ "ja gmail",
	  "\xe5\xae\x8c\xe4\xba\x86\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x97\xe3\x81\x9f\xe3\x80\x82\n\n"
	  "2026\xe5\xb9\xb4""11\xe6\x9c\x88""27\xe6\x97\xa5(\xe9\x87\x91) 9:00 Rapport <rapport@example.org>:\n\n> \xe8\xb3\xaa\xe5\x95\x8f\n",
	  "\xe5\xae\x8c\xe4\xba\x86\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x97\xe3\x81\x9f\xe3\x80\x82" },
	{ "ja apple",
	  "\xe4\xba\x86\xe8\xa7\xa3\xe3\x81\xa7\xe3\x81\x99\n\n2026/11/27 9:00\xe3\x80\x81Rapport <rapport@example.org>\xe3\x81\xae\xe3\x83\xa1\xe3\x83\x83\xe3\x82\xbb\xe3\x83\xbc\xe3\x82\xb8:\n\n> \xe8\xb3\xaa\xe5\x95\x8f\n",
	  "\xe4\xba\x86\xe8\xa7\xa3\xe3\x81\xa7\xe3\x81\x99" },
	{ "ja outlook",
	  "\xe4\xba\x86\xe8\xa7\xa3\n\n\xe5\xb7\xae\xe5\x87\xba\xe4\xba\xba: Rapport <rapport@example.org>\n"
	  "\xe9\x80\x81\xe4\xbf\xa1\xe6\x97\xa5\xe6\x99\x82: 2026\xe5\xb9\xb4""11\xe6\x9c\x88""27\xe6\x97\xa5 9:00\n"
	  "\xe5\xae\x9b\xe5\x85\x88: Jo\n\xe4\xbb\xb6\xe5\x90\x8d: Check-in\n\n\xe8\xb3\xaa\xe5\x95\x8f\n",
	  "\xe4\xba\x86\xe8\xa7\xa3" },
	{ "zh apple",
	  "\xe5\xa5\xbd\xe7\x9a\x84\n\n\xe5\x9c\xa8 2026\xe5\xb9\xb4""11\xe6\x9c\x88""27\xe6\x97\xa5\xef\xbc\x8c\xe4\xb8\x8a\xe5\x8d\x88""9:00\xef\xbc\x8c"
	  "Rapport <rapport@example.org> \xe5\x86\x99\xe9\x81\x93\xef\xbc\x9a\n\n> \xe9\x97\xae\xe9\xa2\x98\n",
	  "\xe5\xa5\xbd\xe7\x9a\x84" },
	{ "zh foxmail",
	  "\xe5\xa5\xbd\xe7\x9a\x84\n\n------------------\xc2\xa0\xe5\x8e\x9f\xe5\xa7\x8b\xe9\x82\xae\xe4\xbb\xb6\xc2\xa0------------------\n"
	  "\xe5\x8f\x91\xe4\xbb\xb6\xe4\xba\xba: \"Rapport\"<rapport@example.org>;\n\n\xe9\x97\xae\xe9\xa2\x98\n",
	  "\xe5\xa5\xbd\xe7\x9a\x84" },
	{ "ko gmail",
	  "\xec\x99\x84\xeb\xa3\x8c\n\n2026\xeb\x85\x84 11\xec\x9b\x94 27\xec\x9d\xbc (\xea\xb8\x88) \xec\x98\xa4\xec\xa0\x84 9:00, Rapport <rapport@example.org>\xeb\x8b\x98\xec\x9d\xb4 \xec\x9e\x91\xec\x84\xb1:\n\n> \xec\xa7\x88\xeb\xac\xb8\n",
	  "\xec\x99\x84\xeb\xa3\x8c" },
	{ "vi gmail",
	  "Xong.\n\nV\xc3\xa0o Th 6, 27 thg 11, 2026 l\xc3\xba" "c 09:00 Rapport <rapport@example.org> \xc4\x91\xc3\xa3 vi\xe1\xba\xbft:\n\n> H\xe1\xbb\x8fi\n",
	  "Xong." },
	{ "ca gmail",
	  "Fet.\n\nEl dv., 27 de nov. 2026, a les 9:00, Rapport (<rapport@example.org>) va escriure:\n\n> Pregunta\n",
	  "Fet." },
	/* --- inline answers, signatures, traps */
	{ "inline answers",
	  "On Fri, Nov 27, 2026 at 9:00 AM Rapport <rapport@example.org> wrote:\n\n> 1. What went well?\n\n"
	  "Shipped the importer.\n\n> 2. Blocked on?\n\nNothing.\n\n> 3. Hours?\n\n32\n",
	  "Shipped the importer.\n\nNothing.\n\n32" },
	{ "inline answers directly under questions",
	  "> What went well?\nShipped it.\n> Blocked on?\nNothing.\n",
	  "Shipped it.\nNothing." },
	{ "signature",
	  "Done.\n\n-- \nJo Martin\nAcme Corp\n+1 555 0100\n",
	  "Done." },
	{ "sign-off kept",
	  "Done.\n\nThanks,\nJo\n\nOn Fri, Nov 27, 2026 at 9:00 AM Rapport <rapport@example.org> wrote:\n> Q\n",
	  "Done.\n\nThanks,\nJo" },
	{ "list dashes are not signatures",
	  "Plans:\n-- nothing new\n- write tests\n---\nthat's it\n",
	  "Plans:\n-- nothing new\n- write tests\n---\nthat's it" },
	{ "sentence with sent from",
	  "Sent from the office, this took longer than I hoped.\n",
	  "Sent from the office, this took longer than I hoped." },
	{ "dates and colons in text",
	  "Schedule for 2026-12-01:\n09:00 standup\n10:30 review with bob@example.com\n",
	  "Schedule for 2026-12-01:\n09:00 standup\n10:30 review with bob@example.com" },
	{ "vacation dates are not headers",
	  "Out next week.\nFrom: Monday 30th\nTo: Friday 4th\n",
	  "Out next week.\nFrom: Monday 30th\nTo: Friday 4th" },
	{ "long question, short answer right under it",
	  "> 1. What went well this week? Tell us about the wins, big or small, in a line or two.\n"
	  "Shipped the importer\n> 2. What are you blocked on?\nNothing\n",
	  "Shipped the importer\nNothing" },
	{ "wrapped quote artefact",
	  "Agreed.\n\nOn Fri, Nov 27, 2026 at 9:00 AM Rapport <rapport@example.org> wrote:\n"
	  "> Please describe what you shipped this week and what is still open, in a\n"
	  "few words.\n> Thanks\n",
	  "Agreed." },
	{ "forward intro in any language",
	  "Zie hieronder.\n\nDoorgestuurd bericht begint:\n\nVan: Bob <bob@example.com>\n"
	  "Datum: 27 november 2026 om 09:00\nAan: Jo <jo@example.net>\nOnderwerp: Cijfers\n\nHier.\n",
	  "Zie hieronder." },
	{ "framed attribution",
	  "Brunch.\n\n------On 12/29/1987 17:32 PM, Julius Caesar wrote-----\n\nOld text.\n",
	  "Brunch." },
	{ "dutch long verb",
	  "Klaar.\n\nOp 17-feb.-2015, om 13:18 heeft Julius Caesar <pantheon@rome.com> het volgende geschreven:\n\n"
	  "Old text.\n",
	  "Klaar." },
	{ "decoration is not a quote",
	  "Visit us now for assistance...\n>>> >>>  http://www.domain.com <<<\nVisit our site by clicking the link above\n",
	  "Visit us now for assistance...\n>>> >>>  http://www.domain.com <<<\nVisit our site by clicking the link above" },
	{ "underscores as a plain rule",
	  "I'm happy to keep the 6-2.\n______________\nWe can always play center-set.\n-Conrad\n",
	  "I'm happy to keep the 6-2.\n______________\nWe can always play center-set.\n-Conrad" },
	{ "mailing list footer",
	  "Thanks all.\n\n_______________________________________________\nteam mailing list\n"
	  "team@lists.example.org\nhttps://lists.example.org/listinfo/team\n",
	  "Thanks all." },
	{ "pipe quoting under an attribution",
	  "Still broken for me.\n\n2013/7/20 Rapport via Team <rapport@example.org>\n\n"
	  "| How is the group setup going?\n|\n| Reply to this email.\n",
	  "Still broken for me." },
	{ "pipes without an attribution are text",
	  "| DO NOT REPLY TO THIS EMAIL\n|\n| https://bugs.example.org/1\n\nChanged.\n",
	  "| DO NOT REPLY TO THIS EMAIL\n|\n| https://bugs.example.org/1\n\nChanged." },
	{ "tracking mark before a signature",
	  "Done.\n\n\xe1\x90\xa7\n--\nJo\n", "Done." },
	{ "nothing but quote", "> only a quote\n", "" },
	{ "empty", "", "" },
	{ "crlf",
	  "Yes.\r\n\r\nOn Fri, Nov 27, 2026 at 9:00 AM Rapport <rapport@example.org> wrote:\r\n> Q\r\n",
	  "Yes." },
};

/* HTML-only replies: html_to_text (quotes kept as "> ") then reply_extract. */
static const struct rcase html_cases[] = {
	{ "gmail",
	  "<div dir=\"ltr\">All good here.<div><br></div><div>Jo</div></div><br>"
	  "<div class=\"gmail_quote gmail_quote_container\"><div dir=\"ltr\" class=\"gmail_attr\">"
	  "On Fri, Nov 27, 2026 at 9:00\xe2\x80\xaf" "AM Rapport &lt;<a href=\"mailto:r@example.org\">"
	  "r@example.org</a>&gt; wrote:<br></div><blockquote class=\"gmail_quote\" style=\"margin:0px "
	  "0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex\">How did the week go?"
	  "</blockquote></div>",
	  "All good here.\n\nJo" },
	{ "gmail inline",
	  "<div dir=\"ltr\"><br></div><div class=\"gmail_quote\"><div class=\"gmail_attr\">On Fri, "
	  "Nov 27, 2026 at 9:00 AM Rapport &lt;r@example.org&gt; wrote:<br></div><blockquote "
	  "class=\"gmail_quote\">1. Wins?</blockquote><div>Shipped the importer.</div><div><br></div>"
	  "<blockquote class=\"gmail_quote\">2. Blockers?</blockquote><div>None.</div></div>",
	  "Shipped the importer.\n\nNone." },
	{ "apple mail",
	  "<html><head><meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\"></head>"
	  "<body dir=\"auto\"><div dir=\"ltr\">Yes, done.</div><div dir=\"ltr\"><br><blockquote "
	  "type=\"cite\">On 27 Nov 2026, at 09:00, Rapport &lt;r@example.org&gt; wrote:<br><br></blockquote>"
	  "</div><blockquote type=\"cite\"><div dir=\"ltr\">\xef\xbb\xbfHow did the week go?</div>"
	  "</blockquote></body></html>",
	  "Yes, done." },
	{ "apple mail attribution outside",
	  "<div>Yes.</div><div><br><div>On 27 Nov 2026, at 09:00, Rapport &lt;r@example.org&gt; wrote:"
	  "</div><br class=\"Apple-interchange-newline\"><blockquote type=\"cite\"><div>Q</div>"
	  "</blockquote></div><br>",
	  "Yes." },
	{ "outlook web",
	  "<html><head><style type=\"text/css\" style=\"display:none;\"> P {margin-top:0;margin-bottom:0;} "
	  "</style></head><body dir=\"ltr\"><div class=\"elementToProof\" style=\"font-family: Aptos; "
	  "font-size: 12pt;\">Hi,</div><div class=\"elementToProof\">#12 done.</div><div id=\"appendonsend\">"
	  "</div><hr style=\"display:inline-block;width:98%\" tabindex=\"-1\"><div id=\"divRplyFwdMsg\" "
	  "dir=\"ltr\"><font face=\"Calibri, sans-serif\" style=\"font-size:11pt\" color=\"#000000\">"
	  "<b>From:</b> Rapport &lt;r@example.org&gt;<br><b>Sent:</b> Friday, November 27, 2026 9:00 AM<br>"
	  "<b>To:</b> Jo<br><b>Subject:</b> Task #12</font><div>&nbsp;</div></div><div>Status?</div>"
	  "</body></html>",
	  "Hi,\n#12 done." },
	{ "outlook desktop word",
	  "<html><body lang=EN-US><div class=WordSection1><p class=MsoNormal>Hi Rapport,<o:p></o:p></p>"
	  "<p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Blocked on the VPN again.<o:p></o:p>"
	  "</p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Jo<o:p></o:p></p><p class=MsoNormal>"
	  "<o:p>&nbsp;</o:p></p><div><div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt "
	  "0in 0in 0in'><p class=MsoNormal><b>From:</b> Rapport &lt;r@example.org&gt; <br><b>Sent:</b> "
	  "Friday, November 27, 2026 9:00 AM<br><b>To:</b> Jo<br><b>Subject:</b> Check-in<o:p></o:p></p>"
	  "</div></div><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>How did the week go?"
	  "<o:p></o:p></p></div></body></html>",
	  "Hi Rapport,\n\nBlocked on the VPN again.\n\nJo" },
	{ "outlook mobile",
	  "<div dir=\"ltr\">Will do</div><div id=\"ms-outlook-mobile-signature\"><div><br></div>Get "
	  "<a href=\"https://aka.ms/o0ukef\">Outlook for iOS</a></div><hr style=\"display:inline-block;"
	  "width:98%\" tabindex=\"-1\"><div id=\"divRplyFwdMsg\" dir=\"ltr\"><b>From:</b> Rapport<br>"
	  "<b>Sent:</b> Friday, November 27, 2026 9:00:00 AM</div><div>Q</div>",
	  "Will do" },
	{ "yahoo",
	  "<html><head></head><body><div class=\"ydp5a1b2c3yahoo-style-wrap\"><div>Sure thing.</div>"
	  "</div><div id=\"ydp9f8e7yahoo_quoted_1234\" class=\"ydp9f8e7yahoo_quoted\"><div style=\""
	  "font-family:'Helvetica Neue', Helvetica, Arial, sans-serif;font-size:13px;color:#26282a;\">"
	  "<div>On Friday, November 27, 2026, 09:00:00 AM GMT+1, Rapport &lt;r@example.org&gt; wrote:"
	  "</div><div><br></div><div>How did the week go?</div></div></div></body></html>",
	  "Sure thing." },
	{ "thunderbird",
	  "<html><body><p>Fine, thanks.<br></p><div class=\"moz-cite-prefix\">On 27/11/2026 09:00, "
	  "Rapport wrote:<br></div><blockquote type=\"cite\" cite=\"mid:x@example.org\">How did the week "
	  "go?</blockquote><br></body></html>",
	  "Fine, thanks." },
	{ "outlook russian header block",
	  "<div>\xd0\x93\xd0\xbe\xd1\x82\xd0\xbe\xd0\xb2\xd0\xbe.</div><div><br></div><div style=\""
	  "padding-top: 5px; border-top-color: rgb(229, 229, 229); border-top-width: 1px; border-top-style: "
	  "solid;\"><b>\xd0\x9e\xd1\x82:</b>&nbsp;Rapport<br><b>\xd0\x9e\xd1\x82\xd0\xbf\xd1\x80\xd0\xb0"
	  "\xd0\xb2\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xbe:</b>&nbsp;27 \xd0\xbd\xd0\xbe\xd1\x8f\xd0\xb1\xd1\x80"
	  "\xd1\x8f 2026 \xd0\xb3. 9:00<br><b>\xd0\x9a\xd0\xbe\xd0\xbc\xd1\x83:</b>&nbsp;Jo</div><div>Q</div>",
	  "\xd0\x93\xd0\xbe\xd1\x82\xd0\xbe\xd0\xb2\xd0\xbe." },
	{ "zimbra",
	  "<html><body><div style=\"font-family: arial\"><div>OK for me.</div><div><br></div>"
	  "<hr id=\"zwchr\" data-marker=\"__DIVIDER__\"><div data-marker=\"__HEADERS__\"><b>From: "
	  "</b>\"Rapport\" &lt;r@example.org&gt;<br><b>To: </b>Jo<br><b>Sent: </b>Friday, November 27, "
	  "2026 9:00:00 AM<br></div><br><div data-marker=\"__QUOTED_TEXT__\">Q</div></div></body></html>",
	  "OK for me." },
	{ "protonmail",
	  "<div>Done.</div><div class=\"protonmail_signature_block\"></div><br><div "
	  "class=\"protonmail_quote\">On Friday, November 27th, 2026 at 9:00 AM, Rapport "
	  "&lt;r@example.org&gt; wrote:<br><blockquote class=\"protonmail_quote\" type=\"cite\">Q"
	  "</blockquote><br></div>",
	  "Done." },
};

START_TEST(test_html_cases)
{
	const struct rcase	*c = &html_cases[_i];
	struct html_result	 h;
	struct reply		 r;
	char			 err[64];

	ck_assert_int_eq(html_to_text(c->body, strlen(c->body), HTML_QUOTES_MARK,
	    &h, err, sizeof(err)), 0);
	ck_assert_int_eq(reply_extract(h.text, h.len, &r), 0);
	ck_assert_msg(strcmp(r.text, c->want) == 0,
	    "%s:\n--- html text\n%s\n--- got\n%s\n--- want\n%s\n", c->name,
	    h.text, r.text, c->want);
	reply_free(&r);
	html_result_free(&h);
}
END_TEST

START_TEST(test_cases)
{
	struct reply	 r;
	const struct rcase *c = &cases[_i];

	ck_assert_int_eq(reply_extract(c->body, strlen(c->body), &r), 0);
	ck_assert_msg(strcmp(r.text, c->want) == 0,
	    "%s:\n--- got\n%s\n--- want\n%s\n", c->name, r.text, c->want);
	ck_assert_uint_eq(strlen(r.text), r.len);
	reply_free(&r);
}
END_TEST

/* segs[] covers the input in order, without gaps; NEW ones locate the text. */
START_TEST(test_segments_cover)
{
	const struct rcase	*c = &cases[_i];
	struct reply		 r;
	size_t			 k, at = 0, len = strlen(c->body);

	ck_assert_int_eq(reply_extract(c->body, len, &r), 0);
	ck_assert_uint_gt(r.nsegs, 0);
	for (k = 0; k < r.nsegs; k++) {
		ck_assert_uint_eq(r.segs[k].start, at);
		ck_assert_uint_ge(r.segs[k].end, r.segs[k].start);
		at = r.segs[k].end;
		if (k > 0)
			ck_assert_int_ne(r.segs[k].kind, r.segs[k - 1].kind);
		if (r.segs[k].kind == REPLY_NEW) {
			ck_assert_uint_le(r.segs[k].out_end, r.len);
			ck_assert_uint_le(r.segs[k].out_start, r.segs[k].out_end);
		}
	}
	ck_assert_uint_eq(at, len);
	reply_free(&r);
}
END_TEST

START_TEST(test_inline_segments)
{
	const char	*b = "On Fri, Rapport <r@example.org> wrote:\n> Wins?\n\n"
	    "Shipped it.\n\n> Blockers?\n\nNone.\n";
	struct reply	 r;
	size_t		 k;
	int		 news = 0;

	ck_assert_int_eq(reply_extract(b, strlen(b), &r), 0);
	ck_assert_str_eq(r.text, "Shipped it.\n\nNone.");
	for (k = 0; k < r.nsegs; k++) {
		if (r.segs[k].kind != REPLY_NEW)
			continue;
		/* the quote just before each answer holds its question */
		ck_assert_uint_gt(k, 0);
		ck_assert_int_eq(r.segs[k - 1].kind, REPLY_QUOTE);
		ck_assert_ptr_nonnull(strstr(b + r.segs[k - 1].start,
		    news == 0 ? "Wins?" : "Blockers?"));
		ck_assert(strncmp(r.text + r.segs[k].out_start,
		    news == 0 ? "Shipped it." : "None.",
		    r.segs[k].out_end - r.segs[k].out_start) == 0);
		news++;
	}
	ck_assert_int_eq(news, 2);
	ck_assert_str_eq(reply_seg_kind_name(REPLY_ATTRIBUTION), "attribution");
	reply_free(&r);
}
END_TEST

/* Large and hostile inputs finish, in time linear in their size. */
/*
 * Outlook's header block in languages beyond the cases above, with and
 * without addresses (Outlook often shows names only): the block and all
 * below it go, whatever the labels' language.
 */
START_TEST(test_outlook_labels)
{
	static const struct {
		const char *lang, *from, *sent, *to, *subject;
	} v[] = {
	{ "ar", "\xd9\x85\xd9\x86:", "\xd8\xaa\xd8\xa7\xd8\xb1\xd9\x8a\xd8\xae \xd8\xa7\xd9\x84\xd8\xa5\xd8\xb1\xd8\xb3\xd8\xa7\xd9\x84:", "\xd8\xa5\xd9\x84\xd9\x89:", "\xd8\xa7\xd9\x84\xd9\x85\xd9\x88\xd8\xb6\xd9\x88\xd8\xb9:" },
	{ "fa", "\xd8\xa7\xd8\xb2:", "\xd8\xa7\xd8\xb1\xd8\xb3\xd8\xa7\xd9\x84 \xd8\xb4\xd8\xaf\xd9\x87:", "\xd8\xa8\xd9\x87:", "\xd9\x85\xd9\x88\xd8\xb6\xd9\x88\xd8\xb9:" },
	{ "id", "Dari:", "Dikirim:", "Kepada:", "Perihal:" },
	{ "ms", "Daripada:", "Dihantar:", "Kepada:", "Subjek:" },
	{ "th", "\xe0\xb8\x88\xe0\xb8\xb2\xe0\xb8\x81:", "\xe0\xb8\xaa\xe0\xb9\x88\xe0\xb8\x87:", "\xe0\xb8\x96\xe0\xb8\xb6\xe0\xb8\x87:", "\xe0\xb9\x80\xe0\xb8\xa3\xe0\xb8\xb7\xe0\xb9\x88\xe0\xb8\xad\xe0\xb8\x87:" },
	{ "ro", "De la:", "Trimis:", "C\xc4\x83tre:", "Subiect:" },
	{ "hr", "\xc5\xa0" "alje:", "Poslano:", "Prima:", "Predmet:" },
	{ "sl", "Od:", "Poslano:", "Za:", "Zadeva:" },
	{ "et", "Saatja:", "Saatmisaeg:", "Adressaat:", "Teema:" },
	{ "lt", "Nuo:", "I\xc5\xa1si\xc5\xb3sta:", "Kam:", "Tema:" },
	{ "lv", "No:", "Nos\xc5\xabt\xc4\xabts:", "Kam:", "T\xc4\x93ma:" },
	{ "sr", "\xd0\x9e\xd0\xb4:", "\xd0\x9f\xd0\xbe\xd1\x81\xd0\xbb\xd0\xb0\xd1\x82\xd0\xbe:", "\xd0\x97\xd0\xb0:", "\xd0\xa2\xd0\xb5\xd0\xbc\xd0\xb0:" },
	{ "bg", "\xd0\x9e\xd1\x82:", "\xd0\x98\xd0\xb7\xd0\xbf\xd1\x80\xd0\xb0\xd1\x82\xd0\xb5\xd0\xbd\xd0\xbe:", "\xd0\x94\xd0\xbe:", "\xd0\xa2\xd0\xb5\xd0\xbc\xd0\xb0:" },
	{ "hi", "\xe0\xa4\xaa\xe0\xa5\x8d\xe0\xa4\xb0\xe0\xa5\x87\xe0\xa4\xb7\xe0\xa4\x95:", "\xe0\xa4\xad\xe0\xa5\x87\xe0\xa4\x9c\xe0\xa4\xbe \xe0\xa4\x97\xe0\xa4\xaf\xe0\xa4\xbe:", "\xe0\xa4\xaa\xe0\xa5\x8d\xe0\xa4\xb0\xe0\xa4\xa4\xe0\xa4\xbf:", "\xe0\xa4\xb5\xe0\xa4\xbf\xe0\xa4\xb7\xe0\xa4\xaf:" },
	{ "he", "\xd7\x9e\xd7\x90\xd7\xaa:", "\xd7\xa0\xd7\xa9\xd7\x9c\xd7\x97:", "\xd7\x90\xd7\x9c:", "\xd7\xa0\xd7\x95\xd7\xa9\xd7\x90:" },
	{ "sk", "Od:", "Odoslan\xc3\xa9:", "Komu:", "Predmet:" },
	};
	struct strbuf	 sb = STRBUF_INIT;
	struct reply	 r;
	size_t		 i;
	int		 names;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		for (names = 0; names < 2; names++) {
			sb_reset(&sb);
			sb_printf(&sb, "Done, sending it tomorrow.\n\n%s %s\n%s %s\n%s %s\n"
			    "%s Weekly check-in\n\n1. Wins this week?\n2. In progress?\n",
			    v[i].from, names ? "Anna Lee" : "Anna Lee <anna@example.com>",
			    v[i].sent, names ? "Friday, November 27, 2026 9:00 AM" :
			    "27 Nov 2026 09:00", v[i].to, names ? "Ben Ortiz" :
			    "Ben <ben@example.com>", v[i].subject);
			ck_assert_int_eq(reply_extract(sb_str(&sb), sb.len, &r), 0);
			ck_assert_msg(strcmp(r.text, "Done, sending it tomorrow.") == 0,
			    "%s%s: got \"%s\"", v[i].lang, names ? " (names)" : "", r.text);
			reply_free(&r);
		}
	sb_free(&sb);
}
END_TEST

START_TEST(test_hostile)
{
	struct strbuf	 sb;
	struct reply	 r;
	char		*b;
	size_t		 n, i;

	sb_init(&sb, 0);
	for (i = 0; i < 200000; i++)
		sb_adds(&sb, i % 3 ? "On 2026-11-27 a@b.cc wrote:\n" :
		    "From: x@y.zz\nTo: x\n:\n>\n\xe2\x80\x94\n");
	b = sb_detach(&sb, &n);
	ck_assert_int_eq(reply_extract(b, n, &r), 0);
	reply_free(&r);
	free(b);
	/* one huge line, NULs, lone CRs */
	n = 4u * 1024 * 1024;
	b = malloc(n);
	for (i = 0; i < n; i++)
		b[i] = "a:\r\0<@>"[i % 8];
	ck_assert_int_eq(reply_extract(b, n, &r), 0);
	reply_free(&r);
	free(b);
	/* texts that end right after a label, in buffers of their exact size
	 * (no NUL after them: under ASan a read past the end fails) */
	{
		static const char *const ends[] = {
			"Hello\n\n----- Original Message ----\nFrom: ",
			"Hi\n\nFrom: a@b.cc\nSent: Monday\nTo: x\nSubject: ma",
			"Hi\n\nFrom: a@b.cc\nTo: x\nmai",
			"From: a@b.cc To: c@d.ee\nm",
		};

		for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
			n = strlen(ends[i]);
			b = malloc(n);
			memcpy(b, ends[i], n);
			ck_assert_int_eq(reply_extract(b, n, &r), 0);
			reply_free(&r);
			free(b);
		}
	}
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("reply");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;
	int	 n = (int)(sizeof(cases) / sizeof(cases[0]));

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_cases, 0, n);
	tcase_add_loop_test(tc, test_segments_cover, 0, n);
	tcase_add_loop_test(tc, test_html_cases, 0,
	    (int)(sizeof(html_cases) / sizeof(html_cases[0])));
	tcase_add_test(tc, test_inline_segments);
	tcase_add_test(tc, test_hostile);
	tcase_add_test(tc, test_outlook_labels);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
