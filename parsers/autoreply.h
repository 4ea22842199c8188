/*
 * autoreply.h: is a message an out-of-office or other automatic reply, and
 * when is the person back?
 *
 * Signals:
 *  - headers (RFC 3834 and common practice): Auto-Submitted other than "no"
 *    ("auto-replied" marks a reply, "auto-generated"/"auto-notified" a
 *    machine message); X-Autoreply, X-Autorespond, X-Autoresponder,
 *    X-Autoresponse (any value but "no"/"false"); Precedence: auto_reply
 *    (a reply), bulk or junk (a machine message). X-Auto-Response-Suppress
 *    is a request about replies to this message, NOT a signal.
 *  - subject: "Out of Office", "Automatic reply", "Autoreply", "Auto-reply",
 *    "Abwesenheitsnotiz", "Automatische Antwort", "Réponse automatique",
 *    "Respuesta automática", "Fuera de la oficina", "Resposta automática",
 *    "Automatisch antwoord", "Afwezigheidsbericht", "Risposta automatica",
 *    "... is out of the office" and others, anywhere in the subject but
 *    after a "Re:"/"AW:"/"Fwd:" prefix (that is a person writing about it);
 *    weaker words ("Absence", "Absent", "Ausente", "Afwezig", "Abwesend",
 *    "Vacation", "Urlaub") only at the start and only with another signal.
 *  - body phrases ("I am out of the office", "on annual leave", "ich bin
 *    abwesend", "je suis absent", "estoy fuera de la oficina", "estou
 *    ausente", "met vakantie"): they confirm, never decide alone (a person
 *    may write "I'll be out of office next week" in a real answer).
 * Class: AUTOREPLY_OOO when a header or a strong subject says so and there
 * is an out-of-office cue (subject, body phrase or a return date);
 * AUTOREPLY_AUTO for other automatic messages; AUTOREPLY_NONE otherwise.
 *
 * Return date: the first date after a "back" cue ("I will be back on
 * December 7", "returning Monday", "wieder im Büro am 7.12.", "de retour le
 * 7 décembre", "de vuelta el lunes", "volto dia 7/12", "terug op 7
 * december") is AUTOREPLY_BACK_ON; failing that, the first after an
 * "until" cue ("until Dec 4", "bis zum 4.12.", "jusqu'au 4 décembre",
 * "hasta el 4", "até 4 de dezembro", "tot en met 4 december") or the end
 * of a range ("Dec 1 - Dec 4") is AUTOREPLY_AWAY_UNTIL (the last day
 * away: the caller decides whether that day counts). Dates resolve with
 * dates.h against the message date in the person's zone; a past or
 * ambiguous date is returned with its status. Only the first
 * AUTOREPLY_SCAN_MAX bytes of the body are read.
 *
 * Pure. The caller passes decoded header values (RFC 2047 done) and the
 * body as UTF-8 text.
 */
#ifndef RAPPORT_AUTOREPLY_H
#define RAPPORT_AUTOREPLY_H

#include <stddef.h>
#include <time.h>

#include "dates.h"

#define AUTOREPLY_SCAN_MAX	16384	/* body bytes read for cues and dates */

struct autoreply_header {
	const char	*name;		/* any case */
	const char	*value;
};

enum autoreply_class {
	AUTOREPLY_NONE,
	AUTOREPLY_AUTO,		/* machine-generated, not an out-of-office */
	AUTOREPLY_OOO		/* out of office / vacation */
};

enum autoreply_return {
	AUTOREPLY_NO_RETURN,
	AUTOREPLY_BACK_ON,	/* the first day back */
	AUTOREPLY_AWAY_UNTIL	/* the last day away */
};

#define AUTOREPLY_SIG_HEADER	0x1	/* a header said auto-replied */
#define AUTOREPLY_SIG_MACHINE	0x2	/* a header said auto-generated/bulk */
#define AUTOREPLY_SIG_SUBJECT	0x4	/* a strong subject */
#define AUTOREPLY_SIG_WEAK	0x8	/* a weak subject word at the start */
#define AUTOREPLY_SIG_BODY	0x10	/* an out-of-office phrase in the body */

struct autoreply {
	enum autoreply_class	 class;
	unsigned		 signals;	/* AUTOREPLY_SIG_* */
	const char		*why;		/* static: the first signal, for logs */
	enum autoreply_return	 ret_kind;
	struct dates_match	 ret;		/* offsets into the body */
};

/*
 * Classify. headers may be NULL when nh is 0; subject and body may be NULL.
 * date/tzid resolve relative return dates. Returns 0, or -1 with *errp set
 * when the zone is unknown.
 */
int	 autoreply_classify(const struct autoreply_header *headers, size_t nh,
	    const char *subject, const char *body, size_t body_len,
	    time_t date, const char *tzid, struct autoreply *out,
	    const char **errp);
const char *autoreply_class_name(enum autoreply_class);	/* "auto_reply" */

#endif
