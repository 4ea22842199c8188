#!/bin/bash
# Outbound mail end to end: `rapport tick` at a scheduled moment puts correct
# check-ins into the people's real mailboxes (over SMTP, STARTTLS + AUTH),
# nothing outside working hours, one reminder, deadline follow-ups, retries
# on 4xx, permanent failure on 5xx, the daily cap, and a crash between send
# and commit resends once with the same Message-ID, never loses.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/harness/mailservers.sh"
ms_start || skip "cannot start Dovecot and the SMTP server here"
t_config "[agent]
daily_cap = 50"
R=$RAPPORT
# Anna: Manila (UTC+8), Mon-Fri 09:00-17:00, check-in Friday 15:00 (the default),
# added the week before
"$R" --now 2026-11-20T00:00:00Z person add "Anna Lee" --email anna@localhost --tz Asia/Manila > /dev/null
# Ben: Los Angeles, Tue-Sat, check-in Thursday 16:00; added on Thursday
# evening, after this week's check-in time (people are added at a simulated
# time, as everything here: the tests must not depend on the real date)
"$R" --now 2026-11-27T00:30:00Z person add "Ben Ortiz" --email ben@localhost --tz America/Los_Angeles --days Tue-Sat \
  --checkin "FREQ=WEEKLY;BYDAY=TH;BYHOUR=16" > /dev/null
"$R" --now 2026-11-23T01:00:00Z task add anna "Prepare the Q4 report" --due 2026-12-04 > /dev/null
"$R" --now 2026-11-23T01:00:00Z task add anna "Send the invoices" --due 2026-11-26 > /dev/null

anna_msgs() { find "$MS_MAIL/anna/Maildir/new" "$MS_MAIL/anna/Maildir/cur" -type f 2>/dev/null | sort; }
header() { grep -m1 -i "^$2:" "$1" | cut -d' ' -f2- | tr -d '\r'; }

# Friday 2026-11-27 00:59 UTC = 08:59 in Manila: nothing yet
expect_rc 0 "tick before Anna's working day" "$R" --now 2026-11-27T00:59:00Z tick
equals "$(ms_count anna)" 0 "nothing before 09:00 Manila"
# 01:00 UTC = 09:00: the working morning after Thursday's missed deadline
expect_rc 0 "tick at 09:00 Manila" "$R" --now 2026-11-27T01:00:00Z tick
contains "$OUT" "follow-ups 1" "the missed deadline of Thursday gets its follow-up the morning after"
contains "$OUT" "check-ins 0" "the check-in is not due before 15:00"
ms_wait_count anna 1 || fail "the follow-up did not arrive"
fu=$(grep -l "^Message-ID: <rapport.followup.2\." $(anna_msgs) | head -1)
[ -n "$fu" ] && ok "the follow-up names task #2" || fail "no follow-up for task #2"
grep -q "#2 Send the invoices" "$fu" && ok "it quotes the task" || fail "the task is not in the follow-up"
# 07:00 UTC = 15:00 Manila: Anna's check-in
expect_rc 0 "tick at Anna's check-in time" "$R" --now 2026-11-27T07:00:00Z tick
contains "$OUT" "check-ins 1" "one check-in queued"
ms_wait_count anna 2 || fail "Anna's check-in did not arrive"
equals "$(ms_count ben)" 0 "Ben (Thursday 23:00 in Los Angeles) gets nothing"
ci=$(grep -l "^Message-ID: <rapport.checkin\." $(anna_msgs) | head -1)
[ -n "$ci" ] && ok "the check-in arrived over SMTP into Anna's mailbox" || fail "no check-in in Anna's mailbox"
contains "$(header "$ci" From)" "Maria Rossi" "From shows the manager's name"
contains "$(header "$ci" From)" "<agent@localhost>" "From is the agent's address"
equals "$(header "$ci" Reply-To)" "agent@localhost" "Reply-To routes answers to the agent's mailbox"
equals "$(header "$ci" Auto-Submitted)" "auto-generated" "Auto-Submitted: auto-generated"
contains "$(header "$ci" Message-ID)" "<rapport.checkin." "the Message-ID names the check-in"
contains "$(header "$ci" Date)" "+0800" "Date in Anna's own offset"
grep -q "multipart/alternative" "$ci" && ok "text and HTML parts" || fail "not multipart/alternative"
grep -q "1. Wins this week" "$ci" && grep -q "7. Anything you need from me" "$ci" && ok "the numbered questions" \
  || fail "questions missing"
grep -q "#1 Prepare the Q4 report" "$ci" && ok "open tasks with their ids" || fail "tasks missing"
subj=$(grep -m1 "^Subject:" "$ci")
contains "$subj" "=?UTF-8?" "a non-ASCII subject is RFC 2047 encoded"
grep -q "auth=agent tls=yes" "$MS_ROOT/smtp/deliveries.log" && ok "sent with STARTTLS and AUTH" || fail "not TLS+AUTH"
expect_rc 0 "tick again at the same moment" "$R" --now 2026-11-27T07:05:00Z tick
contains "$OUT" "queued 0" "nothing is sent twice"

# --- the reminder: 24 working hours later (Fri 15:00 + 2h + Mon 8h + Tue 8h + Wed 6h = Wed 15:00)
expect_rc 0 "tick on Wednesday morning" "$R" --now 2026-12-02T02:00:00Z tick
contains "$OUT" "reminders 0" "no reminder before 24 working hours"
expect_rc 0 "tick on Wednesday 15:30 Manila" "$R" --now 2026-12-02T07:30:00Z tick
contains "$OUT" "reminders 1" "one reminder"
ms_wait_count anna 3
rem=$(grep -l "^Message-ID: <rapport.reminder\." $(anna_msgs) | head -1)
[ -n "$rem" ] && equals "$(header "$rem" In-Reply-To)" "$(header "$ci" Message-ID)" "the reminder continues the check-in's thread" \
  || fail "no reminder found"
expect_rc 0 "tick Thursday" "$R" --now 2026-12-03T07:30:00Z tick
contains "$OUT" "reminders 0" "never a second reminder"

# --- nothing outside working hours: Ben's Thursday 16:00 rule, but he is paused
sq "update people set paused_from = 1, paused_until = null where name = 'Ben Ortiz'" 2>/dev/null || true
expect_rc 0 "tick at Ben's check-in time while paused" "$R" --now 2026-12-04T00:00:00Z tick
equals "$(ms_count ben)" 0 "a paused person gets nothing"
"$R" person resume ben > /dev/null
# a rule outside working hours waits for the next allowed minute
"$R" person edit ben --checkin "FREQ=WEEKLY;BYDAY=TH;BYHOUR=20" > /dev/null
expect_rc 0 "tick at Thursday 20:00 Los Angeles" "$R" --now 2026-12-11T04:00:00Z tick
equals "$(ms_count ben)" 0 "20:00 is outside Ben's hours: it waits"
expect_rc 0 "tick at Friday 09:00 Los Angeles" "$R" --now 2026-12-11T17:00:00Z tick
ms_wait_count ben 1 && ok "sent at the first working minute" || fail "Ben's check-in not sent Friday morning"

# --- a 4xx is retried with backoff; a 5xx fails for good and is shown
sq "delete from checkins where person_id = 1 and period = '2026-W50'"
ms_fault tempfail 1
expect_rc 75 "tick with a 451 from the server" "$R" --now 2026-12-11T07:00:00Z tick
contains "$OUT" "retrying 1" "a temporary failure is retried later"
equals "$(sq "select state || ' ' || attempts from outbox where kind = 'checkin' order by id desc limit 1")" \
  "pending 1" "still pending after one attempt"
contains "$(sq "select last_error from outbox where kind = 'checkin' order by id desc limit 1")" "451" "the server's 451 is kept"
expect_rc 0 "tick right after: not yet (backoff)" "$R" --now 2026-12-11T07:00:20Z tick
contains "$OUT" "sent 0" "backoff: not retried at once"
expect_rc 0 "tick after the backoff" "$R" --now 2026-12-11T07:10:00Z tick
contains "$OUT" "sent 1" "sent on the retry"
"$R" --now 2026-12-11T07:15:00Z goal add anna "g" > /dev/null
ms_fault permfail 1
sq "delete from checkins where person_id = 1 and period = '2026-W50'"
"$R" --now 2026-12-11T07:20:00Z tick > /dev/null 2>&1
equals "$(sq "select state from outbox where kind = 'checkin' order by id desc limit 1")" failed "a 554 fails for good"
run "$R" outbox list --failed
contains "$OUT" "554" "outbox list --failed shows the server's answer"
id=$(sq "select id from outbox where state = 'failed' order by id desc limit 1")
expect_rc 0 "outbox retry" "$R" --now 2026-12-11T07:20:30Z outbox retry "$id"
expect_rc 0 "tick after retry" "$R" --now 2026-12-11T07:21:00Z tick
contains "$OUT" "sent 1" "a failed message can be sent again by hand"

# --- crash between send and commit: resent once, same Message-ID, never lost
before=$(ms_count anna)
sq "delete from checkins where person_id = 1 and period = '2026-W50'"
RAPPORT_CRASH_AT=after-send "$R" --now 2026-12-11T07:30:00Z tick > /dev/null 2>&1
[ $? -gt 128 ] && ok "killed between send and commit" || fail "not killed"
ms_wait_count anna $((before + 1)) || fail "the message was not sent before the crash"
equals "$(sq "select state from outbox order by id desc limit 1")" sending "left 'sending' by the crash"
expect_rc 0 "tick after the crash" "$R" --now 2026-12-11T07:31:00Z tick
ms_wait_count anna $((before + 2))
mid=$(sq "select message_id from outbox order by id desc limit 1")
equals "$(grep -l "^Message-ID: <$mid>" $(anna_msgs) | wc -l)" 2 "sent at most twice, with the same Message-ID"
equals "$(sq "select state from outbox order by id desc limit 1")" sent "then marked sent"

# --- the daily cap
sed -i "s/^daily_cap = 50/daily_cap = 1/" "$CONF"
"$R" --now 2026-12-11T07:55:00Z task add anna "Something overdue" --due 2026-12-09 > /dev/null
expect_rc 0 "tick with a cap of 1 on a day Anna already got mail" "$R" --now 2026-12-11T08:00:00Z tick
contains "$OUT" "capped" "the cap holds"
contains "$OUT" "follow-ups 0" "no follow-up beyond the cap"

# --- rapport schedule shows the next sends in both zones
run "$R" --now 2026-12-11T08:00:00Z schedule
contains "$OUT" "Asia/Manila" "the person's zone"
contains "$OUT" "Europe/Rome" "and the manager's"
done_testing
