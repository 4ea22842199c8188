#!/bin/bash
# Review invites end to end on the loopback servers: `rapport tick` sends
# Anna's check-in, she answers it by mail, `rapport poll` records it, and
# the next `rapport tick` schedules next week's 1:1 and sends the invite
# over SMTP to Dovecot for her and the manager; REPLYs built from Google's and
# Outlook's shapes (the corpus fixtures, UID and attendee rewritten) come
# back over SMTP to the agent's mailbox; `rapport poll` records ACCEPTED.
# A reschedule reaches both mailboxes with SEQUENCE 1; a reply to the old
# SEQUENCE is kept as stale; a counter-proposal is shown, refused when it
# is outside working hours, accepted (SEQUENCE 2) when not; the cancel
# has SEQUENCE 3. A person in New York gets an invite sent before the DST
# change for a meeting after it, at the right instant.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/harness/mailservers.sh"
need_shared corpus/itip
py=/usr/bin/python3
ms_start || skip "cannot start Dovecot and the SMTP server here"
t_config "[agent]
receipts = no"
R=$RAPPORT
CORPUS=$SHARED/corpus/itip
export RAPPORT_NOW=2026-11-25T08:00:00Z
"$R" person add "Anna Lee" --email anna@localhost --tz Asia/Manila --review-slot "FR 15:00" > /dev/null || exit 99

# send_queued: `rapport tick --no-schedule` sends the outbox over SMTP
# (inside Anna's working hours: 16:45 in Manila at RAPPORT_NOW)
send_queued() {
  run "$R" tick --no-schedule
  [ "$RC" -eq 0 ] || fail "tick --no-schedule: $ERR"
  equals "$(sq "select count(*) from outbox where state != 'sent'")" 0 "the outbox is empty after the tick"
}

# cal_of MAILDIR_FILE: the text/calendar part, decoded
cal_of() {
  "$py" - "$1" <<'PY'
import email, email.policy, re, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
cals = [p for p in m.walk() if p.get_content_type() == "text/calendar"]
sys.stdout.write(re.sub(r"\r?\n[ \t]", "", cals[0].get_content()) if cals else "")
PY
}
newest() { ls -t "$MS_MAIL/$1/Maildir/new/"* "$MS_MAIL/$1/Maildir/cur/"* 2>/dev/null | head -1; }

# reply_from FIXTURE FROM_ADDR ATTENDEE UID SEQUENCE PARTSTAT OUT: a real
# producer's REPLY with our UID, attendee and organizer put in
reply_from() {
  "$py" - "$@" <<'PY'
import email, email.policy, email.encoders, os, re, sys
fixture, sender, attendee, uid, seq, partstat, out = sys.argv[1:]
msg = email.message_from_binary_file(open(fixture, "rb"))
def rewrite(ics):
    ics = re.sub(r"\r?\n[ \t]", "", ics)
    ics = re.sub(r"(?m)^UID:.*$", "UID:" + uid, ics)
    ics = re.sub(r"(?m)^SEQUENCE:.*$", "SEQUENCE:" + seq, ics)
    ics = re.sub(r"(?mi)^(ATTENDEE[^\r\n]*?)PARTSTAT=[A-Z-]+", r"\1PARTSTAT=" + partstat, ics)
    ics = re.sub(r"(?mi)^(ATTENDEE[^\r\n]*?):mailto:\S+$", r"\1:mailto:" + attendee, ics)
    if os.environ.get("PROPOSE_START"):
        ics = re.sub(r"(?m)^DTSTART[;:].*$", "DTSTART:" + os.environ["PROPOSE_START"], ics)
        ics = re.sub(r"(?m)^DTEND[;:].*$", "DTEND:" + os.environ["PROPOSE_END"], ics)
    ics = re.sub(r"(?mi)^(ORGANIZER[^\r\n]*?):mailto:\S+$", r"\1:mailto:agent@localhost", ics)
    return ics.replace("\r\n", "\n").replace("\n", "\r\n")
for part in msg.walk():
    if part.get_content_type() in ("text/calendar", "application/ics"):
        cte = (part.get("Content-Transfer-Encoding") or "7bit").lower()
        data = rewrite(part.get_payload(decode=True).decode("utf-8"))
        del part["Content-Transfer-Encoding"]
        part.set_payload(data.encode("utf-8"))
        if cte == "base64":
            email.encoders.encode_base64(part)
        else:
            part["Content-Transfer-Encoding"] = "8bit"
for h, v in (("From", "<%s>" % sender), ("To", "<agent@localhost>"),
             ("Message-ID", "<reply.%s.%s.%s@test>" % (seq, partstat, sender))):
    del msg[h]
    msg[h] = v
open(out, "wb").write(msg.as_bytes(policy=email.policy.SMTP))
PY
}

# --- the check-in, its answer, and the 1:1 the next tick schedules
# Friday 2026-11-27 15:00 in Manila: the check-in goes out
expect_rc 0 "tick at the check-in time" "$R" --now 2026-11-27T07:00:00Z tick
contains "$OUT" "check-ins 1" "the check-in is queued"
contains "$OUT" "reviews 0" "no 1:1 before the check-in is answered"
ms_wait_count anna 1 || fail "no check-in for Anna"
printf 'From: Anna Lee <anna@localhost>\r\nTo: agent@localhost\r\nSubject: Re: check-in\r\nMessage-ID: <answer.1@test>\r\nDate: Fri, 27 Nov 2026 15:30:00 +0800\r\n\r\n1. Wins this week: shipped the invoice export\r\n7. Anything you need from me: a decision on the Q1 budget\r\n' > "$T_DIR/answer.eml"
send_mail anna agent "$T_DIR/answer.eml"
ms_wait_count agent 1 || fail "the answer did not arrive"
expect_rc 0 "poll the answer" "$R" --now 2026-11-27T07:45:00Z poll
equals "$(sq "select status from checkins where person_id = 1")" answered "the check-in is answered"
expect_rc 0 "the next tick" "$R" --now 2026-11-27T08:00:00Z tick
contains "$OUT" "reviews 1" "the 1:1 for next week is scheduled"
contains "$OUT" "sent 2" "and its invites are sent"
equals "$(sq "select count(*) from outbox where kind = 'review' and state = 'sent'")" 2 "two invites sent over SMTP"
UID_=$(sq "select uid from reviews where id = 1")
equals "$UID_" "rapport-1on1-1-2026-W49@localhost" "a stable UID per person and week"
equals "$(sq "select start_at from reviews where id = 1")" \
  "$(/usr/bin/python3 -c 'import datetime as d; print(int(d.datetime(2026,12,4,8,0,tzinfo=d.timezone.utc).timestamp()))')" \
  "on Anna's preferred Friday, at the first time the manager works (16:00 Manila, 09:00 Rome)"
ms_wait_count anna 2 && ok "the invite reached Anna's mailbox" || fail "no invite for Anna"
ms_wait_count manager 1 && ok "and the manager's" || fail "no invite for the manager"
expect_rc 0 "tick again" "$R" --now 2026-11-27T08:30:00Z tick
contains "$OUT" "reviews 0" "one 1:1 per week"
export RAPPORT_NOW=2026-11-27T08:45:00Z
cal=$(cal_of "$(newest anna)")
contains "$cal" "METHOD:REQUEST" "Anna's copy is a REQUEST"
contains "$cal" "UID:$UID_" "with the review's UID"
contains "$cal" "SEQUENCE:0" "SEQUENCE 0"
contains "$cal" "shipped the invoice export" "the agenda holds her answer (wins)"
contains "$cal" "a decision on the Q1 budget" "and what she needs from the manager"
contains "$cal" "ORGANIZER;CN=Maria Rossi:mailto:agent@localhost" "organized by the agent's address, named for the manager"
grep -q "^From: Maria Rossi <agent@localhost>" "$(newest manager)" && ok "From is the ORGANIZER address" ||
  fail "From differs from the ORGANIZER"

# --- Anna accepts from Google Calendar, the manager from Outlook
reply_from "$CORPUS/google-reply-accepted.eml" anna@localhost anna@localhost "$UID_" 0 ACCEPTED "$T_DIR/r1.eml"
reply_from "$CORPUS/outlook2010-reply-accepted.eml" manager@localhost manager@localhost "$UID_" 0 ACCEPTED "$T_DIR/r2.eml"
send_mail anna agent "$T_DIR/r1.eml"
send_mail manager agent "$T_DIR/r2.eml"
ms_wait_count agent 2 || fail "the replies did not reach the agent's mailbox"
expect_rc 0 "poll" "$R" poll
contains "$OUT" "2 recorded" "both replies recorded"
equals "$(sq "select partstat from rsvps where attendee = 'anna@localhost' and status = 'current'")" ACCEPTED \
  "Anna's ACCEPTED is recorded"
equals "$(sq "select partstat from rsvps where attendee = 'manager@localhost' and status = 'current'")" ACCEPTED \
  "the manager's too (Outlook's REPLY has no ORGANIZER)"
equals "$(sq "select count(*) from messages where class = 'itip' and thread_kind = 'review' and thread_ref = 1")" 2 \
  "both messages are filed under review #1"
expect_rc 0 "review list" "$R" review list
contains "$OUT" "ACCEPTED" "review list shows the answers"

# --- a reply from someone not on the invite
reply_from "$CORPUS/google-reply-accepted.eml" eve@localhost eve@localhost "$UID_" 0 DECLINED "$T_DIR/r3.eml"
send_mail eve agent "$T_DIR/r3.eml"
ms_wait_count agent 1
expect_rc 0 "poll" "$R" poll
contains "$OUT" "1 quarantined" "a stranger's reply is quarantined"
equals "$(sq "select count(*) from rsvps")" 2 "and not stored"

# --- reschedule: SEQUENCE 1 to both
expect_rc 0 "review move" "$R" review move 1 "2026-12-03T16:00"
send_queued
ms_wait_count anna 3 && ms_wait_count manager 2 && ok "the update reached both mailboxes" || fail "update missing"
for who in anna manager; do
  cal=$(cal_of "$(newest $who)")
  contains "$cal" "SEQUENCE:1" "$who: the update has SEQUENCE 1"
  contains "$cal" "UID:$UID_" "$who: same UID"
  contains "$cal" "DTSTART;TZID=Asia/Manila:20261203T160000" "$who: the new time"
done
# Anna's old acceptance no longer counts; a late reply to SEQUENCE 0 is stale
reply_from "$CORPUS/google-reply-tentative.eml" anna@localhost anna@localhost "$UID_" 0 DECLINED "$T_DIR/r4.eml"
send_mail anna agent "$T_DIR/r4.eml"
ms_wait_count agent 1
expect_rc 0 "poll" "$R" poll
equals "$(sq "select status from rsvps where partstat = 'DECLINED'")" stale "a reply to SEQUENCE 0 is stale"
equals "$(sq "select count(*) from rsvps where status = 'current'")" 0 "nothing current until someone answers the update"
# she proposes another time from Google Calendar (a COUNTER)
reply_from "$CORPUS/google-counter.eml" anna@localhost anna@localhost "$UID_" 1 TENTATIVE "$T_DIR/r5.eml"
send_mail anna agent "$T_DIR/r5.eml"
ms_wait_count agent 1
expect_rc 0 "poll" "$R" poll
equals "$(sq "select method from rsvps where status = 'current' and proposed_start is not null")" COUNTER \
  "the counter-proposal is recorded"
expect_rc 0 "review list" "$R" review list
contains "$OUT" "accept-counter 1" "review list offers to accept it"
expect_rc 65 "a proposal outside working hours is not accepted" "$R" review accept-counter 1
contains "$ERR" "does not fit" "and the error says why"
# a proposal both can make: Friday 16:30 in Manila, 09:30 in Rome
PROPOSE_START=20261204T083000Z PROPOSE_END=20261204T090000Z \
  reply_from "$CORPUS/google-counter.eml" anna@localhost anna@localhost "$UID_" 1 TENTATIVE "$T_DIR/r6.eml"
send_mail anna agent "$T_DIR/r6.eml"
ms_wait_count agent 1
expect_rc 0 "poll" "$R" poll
expect_rc 0 "review accept-counter" "$R" review accept-counter 1
contains "$OUT" "SEQUENCE 2" "accepting reschedules with SEQUENCE 2"
send_queued
ms_wait_count anna 4 && ms_wait_count manager 3 && ok "the accepted time reached both mailboxes" || fail "accept missing"
cal=$(cal_of "$(newest anna)")
contains "$cal" "SEQUENCE:2" "SEQUENCE 2 in the update"
contains "$cal" "DTSTART;TZID=Asia/Manila:20261204T163000" "at the proposed time"
lacks "$(sq "select group_concat(cast(bytes as text)) from outbox")" "DECLINECOUNTER" "no DECLINECOUNTER is ever sent"

# --- cancel: METHOD:CANCEL, SEQUENCE 3 to both
expect_rc 0 "review cancel" "$R" review cancel 1
send_queued
ms_wait_count anna 5 && ms_wait_count manager 4 && ok "the cancellation reached both mailboxes" || fail "cancel missing"
for who in anna manager; do
  cal=$(cal_of "$(newest $who)")
  contains "$cal" "METHOD:CANCEL" "$who: METHOD:CANCEL"
  contains "$cal" "STATUS:CANCELLED" "$who: STATUS:CANCELLED"
  contains "$cal" "SEQUENCE:3" "$who: SEQUENCE 3"
done
grep -Eq 'method="?CANCEL' "$(newest anna)" && ok "Content-Type says method=CANCEL" || fail "no method=CANCEL"
expect_rc 65 "a cancelled review cannot accept a counter" "$R" review accept-counter 1

# --- DST between the invite (EDT, October) and the meeting (EST, November)
export RAPPORT_NOW=2026-10-28T12:00:00Z
"$R" person add "Ben Okoro" --email ben@localhost --tz America/New_York > /dev/null || exit 99
expect_rc 0 "schedule across New York's DST change" "$R" review schedule ben --at "2026-11-03T09:00"
"$R" --now 2026-10-28T14:00:00Z tick --no-schedule > /dev/null || fail "tick for Ben's invite"
ms_wait_count ben 1 && ok "Ben's invite arrived" || fail "Ben's invite missing"
want=$("$py" -c 'import datetime as d; print(int(d.datetime(2026,11,3,14,0,tzinfo=d.timezone.utc).timestamp()))')
equals "$(sq "select start_at from reviews where person_id = 2")" "$want" "09:00 EST is 14:00Z"
if "$py" -c 'import icalendar' 2>/dev/null; then
  got=$(cal_of "$(newest ben)" | "$py" -c '
import sys, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.read())
ev = [c for c in cal.walk("VEVENT")][0]
print(int(ev.decoded("DTSTART").timestamp()))')
  equals "$got" "$want" "python-icalendar reads the delivered invite at 14:00Z (through our VTIMEZONE)"
fi
done_testing
