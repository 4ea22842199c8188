#!/bin/bash
# Commands by email end to end on the loopback servers. The manager replies
# from an HTML-only client (Gmail's shape, the old email quoted under it)
# with three commands and a typo; `rapport poll` reads the reply over IMAP
# and carries them out: kudos recorded and emailed, a task moved, a person
# paused; `rapport tick` sends one confirmation to the manager's mailbox
# listing what was done and the closest form of the typo. Fetched again or
# reprocessed, nothing happens twice. A forged sender (the manager's name,
# another address) is quarantined and nothing it asks is done. A check-in
# answer gets a receipt; a reply to the receipt with `hours 30` replaces
# the recorded hours (the history kept) and an updated receipt confirms it.
# `rapport do` runs the same commands from the command line.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/harness/mailservers.sh"
py=/usr/bin/python3
ms_start || skip "cannot start Dovecot and the SMTP server here"
t_config "[agent]
daily_cap = 20"
R=$RAPPORT
"$R" --now 2026-11-20T00:00:00Z person add "Anna Lee" --email anna@localhost --tz Asia/Manila > /dev/null || exit 99
"$R" --now 2026-11-20T00:00:00Z person add "Ben Ortiz" --email ben@localhost --tz America/Los_Angeles > /dev/null || exit 99
"$R" --now 2026-11-23T01:00:00Z task add anna "Prepare the Q4 report" --due 2026-12-04 > /dev/null
"$R" --now 2026-11-23T01:00:00Z task add ben "Update the CRM" --due 2026-12-01 > /dev/null

# body FILE: the text/plain part of a delivered message, decoded
body() {
  "$py" - "$1" <<'PY'
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
p = m.get_body(preferencelist=("plain",))
sys.stdout.write(p.get_content() if p is not None else "")
PY
}
# mail_with USER TEXT: the newest message in USER's mailbox whose headers or body hold TEXT
mail_with() {
  grep -l -- "$2" "$MS_MAIL/$1/Maildir/new/"* "$MS_MAIL/$1/Maildir/cur/"* 2>/dev/null | xargs -r ls -t | head -1
}

# --- the manager replies to a digest-like email from an HTML-only client
{
  printf 'From: Maria Rossi <manager@localhost>\r\nTo: agent@localhost\r\n'
  printf 'Subject: Re: Your weekly digest: Nov 16 - Nov 22\r\nDate: Wed, 25 Nov 2026 09:02:00 +0100\r\n'
  printf 'Message-ID: <CAmaria-cmd-1@mail.gmail.example>\r\n'
  printf 'In-Reply-To: <rapport.digest.47.0123456789abcdef@localhost>\r\n'
  printf 'MIME-Version: 1.0\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n'
  printf '<div dir="ltr"><div>kudos anna: great work on the launch</div>'
  printf '<div>move #1 to Dec 12: the client needs another week</div>'
  printf '<div>pause ben until Jan 4</div><div>mvoe #2 to Dec 18</div><div><br></div><div>Maria</div></div><br>'
  printf '<div class="gmail_quote"><div class="gmail_attr">On Mon, Nov 23, 2026 rapport wrote:</div>'
  printf '<blockquote class="gmail_quote">Reply with any of these lines:<br>cancel #2<br>kudos Ben: thank you</blockquote></div>\r\n'
} > "$T_DIR/cmd.eml"
send_mail manager agent "$T_DIR/cmd.eml"
ms_wait_count agent 1 || fail "the manager's mail did not reach the agent's mailbox"
export RAPPORT_NOW=2026-11-25T08:05:00Z	# 09:05 in Rome, 16:05 in Manila, 00:05 in Los Angeles
expect_rc 0 "poll" "$R" poll
contains "$OUT" "1 recorded" "the manager's mail is recorded"
equals "$(sq "select kind || ' ' || person_id || ' ' || text from feedback")" "kudos 1 great work on the launch" \
  "the kudos is recorded for Anna"
equals "$(sq "select due from tasks where id = 1")" 2026-12-12 "#1 moved to Dec 12"
equals "$(sq "select reason || ' / ' || source from task_history where task_id = 1 and kind = 'moved'")" \
  "the client needs another week / email" "with the reason, from email"
equals "$(sq "select date(paused_until, 'unixepoch') from people where name = 'Ben Ortiz'")" 2027-01-04 \
  "Ben is paused until Jan 4 (midnight in Los Angeles is 08:00 UTC)"
equals "$(sq "select status || ' ' || due from tasks where id = 2")" "open 2026-12-01" \
  "the quoted 'cancel #2' and the typo changed nothing"
equals "$(sq "select count(*) from feedback where person_id = 2")" 0 "the quoted kudos for Ben was not sent"
expect_rc 0 "tick sends the confirmation and the kudos" "$R" tick --no-schedule
ms_wait_count manager 1 || fail "no confirmation in the manager's mailbox"
ms_wait_count anna 1 || fail "the kudos did not reach Anna"
conf=$(mail_with manager "Subject: Not done: kudos anna")
[ -n "$conf" ] && ok "one confirmation, subject names the first command" || fail "no confirmation: $(ls "$MS_MAIL/manager/Maildir/new")"
text=$(body "$conf")
contains "$text" "kudos sent to Anna Lee: “great work on the launch”" "confirmation: the kudos"
contains "$text" "task #1 “Prepare the Q4 report” (Anna Lee) moved to Sat Dec 12 (was Fri Dec 4)" "confirmation: the move"
contains "$text" "Ben Ortiz paused until Mon Jan 4 (the first day back)" "confirmation: the pause"
contains "$text" "“mvoe #2 to Dec 18”: unknown command “mvoe”; did you mean \`move #2 to Dec 18\`?" \
  "confirmation: the typo, with the closest valid form"
lacks "$text" "“Maria”" "the manager's name under the commands is a signature, not an error"
grep -qi "^In-Reply-To: <CAmaria-cmd-1@mail.gmail.example>" "$conf" && ok "threaded under the manager's mail" ||
  fail "the confirmation is not a reply"
grep -qi "^Auto-Submitted: auto-replied" "$conf" && ok "marked auto-replied" || fail "no Auto-Submitted"
grep -q "great work on the launch" "$(mail_with anna "Subject:")" && ok "Anna got the kudos" || fail "kudos mail"

# --- fetched again or reprocessed: nothing twice
id=$(sq "select id from messages where from_addr = 'manager@localhost'")
expect_rc 0 "reprocess the command mail" "$R" inbox reprocess "$id"
send_mail manager agent "$T_DIR/cmd.eml"	# the same message delivered again
ms_wait_count agent 1 && expect_rc 0 "poll the copy" "$R" poll
equals "$(sq "select count(*) from feedback")" 1 "no second kudos"
equals "$(sq "select count(*) from task_history where kind = 'moved'")" 1 "no second move"
equals "$(sq "select count(*) from events where kind = 'person.pause'")" 1 "no second pause"
equals "$(sq "select count(*) from outbox where kind = 'confirmation'")" 1 "no second confirmation"
equals "$(sq "select count(*) from mail_actions where kind = 'commands'")" 1 "the commands are carried out once"

# --- a forged sender: the manager's name, another address
{
  printf 'From: "Maria Rossi (manager@localhost)" <eve@localhost>\r\nTo: agent@localhost\r\n'
  printf 'Subject: Re: Your weekly digest\r\nDate: Wed, 25 Nov 2026 09:30:00 +0100\r\n'
  printf 'Message-ID: <forged-1@evil.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'
  printf 'cancel #1\r\nresume ben\r\nkudos anna: you are fired\r\n'
} > "$T_DIR/forged.eml"
send_mail eve agent "$T_DIR/forged.eml"
expect_rc 0 "poll the forged mail" "$R" poll
contains "$OUT" "1 quarantined" "the forged mail is quarantined"
equals "$(sq "select state from messages where message_id like '%forged-1@evil.example%'")" quarantined "stored as quarantined"
equals "$(sq "select status from tasks where id = 1")" open "its cancel was not carried out"
equals "$(sq "select count(*) from people where paused_from > 0")" 1 "Ben is still paused"
equals "$(sq "select count(*) from feedback")" 1 "its kudos was not sent"

# --- a check-in answer gets a receipt; a correction replaces the hours
export RAPPORT_NOW=2026-11-27T07:00:00Z	# Friday 15:00 in Manila
expect_rc 0 "Anna's check-in goes out (Ben is paused)" "$R" tick
ms_wait_count anna 2 || fail "no check-in for Anna"
ci=$(mail_with anna "^Message-ID: <rapport.checkin.")
mid=$(grep -m1 -i "^Message-ID:" "$ci" | cut -d' ' -f2 | tr -d '\r')
{
  printf 'From: Anna Lee <anna@localhost>\r\nTo: agent@localhost\r\nSubject: Re: Weekly check-in\r\n'
  printf 'Date: Fri, 27 Nov 2026 15:40:00 +0800\r\nMessage-ID: <anna-answer-1@phone.example>\r\n'
  printf 'In-Reply-To: %s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n' "$mid"
  printf '1. Closed the Henderson account.\r\n2. Q4 report\r\n3. none\r\n4. Finish the report\r\n'
  printf '5. 32\r\n6. 4\r\n7. nothing\r\n'
} > "$T_DIR/answer.eml"
send_mail anna agent "$T_DIR/answer.eml"
expect_rc 0 "poll the answer" "$R" --now 2026-11-27T07:45:00Z poll
expect_rc 0 "tick sends the receipt" "$R" --now 2026-11-27T07:46:00Z tick --no-schedule
ms_wait_count anna 3 || fail "no receipt for Anna"
rc_mail=$(mail_with anna "Subject: Got it: your check-in")
[ -n "$rc_mail" ] && ok "Anna got a receipt" || fail "no receipt"
text=$(body "$rc_mail")
contains "$text" "1. Wins this week: Closed the Henderson account." "the receipt shows her wins"
contains "$text" "5. Hours worked: 32" "and her hours"
contains "$text" "\"hours 30\"" "and how to correct them"
rmid=$(grep -m1 -i "^Message-ID:" "$rc_mail" | cut -d' ' -f2 | tr -d '\r')
{
  printf 'From: Anna Lee <anna@localhost>\r\nTo: agent@localhost\r\nSubject: Re: Got it: your check-in\r\n'
  printf 'Date: Fri, 27 Nov 2026 16:00:00 +0800\r\nMessage-ID: <anna-correction-1@phone.example>\r\n'
  printf 'In-Reply-To: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n' "$rmid"
  printf '<div>hours 30</div><div>Sorry, I miscounted!</div><br><div class="gmail_quote">On Fri rapport wrote:'
  printf '<blockquote class="gmail_quote">5. Hours worked: 32</blockquote></div>\r\n'
} > "$T_DIR/correction.eml"
send_mail anna agent "$T_DIR/correction.eml"
expect_rc 0 "poll the correction" "$R" --now 2026-11-27T08:05:00Z poll
equals "$(sq "select num from answers where key = 'hours' and replaced_at is null")" 30.0 "the hours are now 30"
equals "$(sq "select group_concat(num || '/' || source, ' ') from (select * from answers where key = 'hours' order by id)")" \
  "32.0/reply 30.0/correction" "the 32 stays in the history"
expect_rc 0 "tick sends the updated receipt" "$R" --now 2026-11-27T08:06:00Z tick --no-schedule
ms_wait_count anna 4 || fail "no updated receipt"
up=$(mail_with anna "Subject: Updated: your check-in")
text=$(body "$up")
contains "$text" "hours: 30 (was 32)" "the updated receipt says what changed"
contains "$text" "“Sorry, I miscounted!”: not a correction" "and which line it did not understand"
contains "$text" "5. Hours worked: 30" "and shows the check-in as it stands"
expect_rc 0 "Ben's check-in time passes while he is paused" "$R" --now 2026-11-27T23:00:00Z tick
equals "$(sq "select count(*) from checkins where person_id = 2")" 0 "no check-in for Ben while paused"

# --- rapport do: the same commands from the command line
expect_rc 0 "rapport do resume" "$R" --now 2026-11-27T23:05:00Z do "resume ben"
contains "$OUT" "Ben Ortiz resumed" "rapport do prints what was done"
expect_rc 65 "rapport do with an unknown task" "$R" --now 2026-11-27T23:05:00Z do "done #12"
contains "$OUT" "no task #12 (open: #2, #1); did you mean \`done #2\`?" "and the closest valid form"
done_testing
