#!/bin/bash
# The check-in cycle end to end: rapport sends the check-in over SMTP, the
# person replies from their own mail client (top-posted, HTML-only, or inline
# under the quoted questions), rapport reads the reply over IMAP and records
# the answers, hours, mood and task updates exactly once.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/harness/mailservers.sh"
ms_start || skip "cannot start Dovecot and the SMTP server here"
t_config "[agent]
daily_cap = 20"
R=$RAPPORT
"$R" --now 2026-11-20T00:00:00Z person add "Anna Lee" --email anna@localhost --tz Asia/Manila > /dev/null
"$R" --now 2026-11-20T00:00:00Z person add "Ben Ortiz" --email ben@localhost --tz America/Los_Angeles > /dev/null
"$R" --now 2026-11-23T01:00:00Z task add anna "Prepare the Q4 report" --due 2026-12-04 > /dev/null
"$R" --now 2026-11-23T01:00:00Z task add anna "Book the offsite venue" --due 2026-12-11 > /dev/null

expect_rc 0 "Anna's check-in goes out" "$R" --now 2026-11-27T07:00:00Z tick
expect_rc 0 "Ben's check-in goes out" "$R" --now 2026-11-27T23:00:00Z tick
ms_wait_count anna 1 && ms_wait_count ben 1 || fail "check-ins did not arrive"
ci=$(find "$MS_MAIL/anna/Maildir/new" -type f | head -1)
mid=$(grep -m1 -i "^Message-ID:" "$ci" | cut -d' ' -f2 | tr -d '\r')
bci=$(find "$MS_MAIL/ben/Maildir/new" -type f | head -1)
bmid=$(grep -m1 -i "^Message-ID:" "$bci" | cut -d' ' -f2 | tr -d '\r')

# Anna top-posts numbered answers from a phone, quoting the whole check-in
{
  printf 'From: Anna Lee <anna@localhost>\r\nTo: Maria Rossi <agent@localhost>\r\n'
  printf 'Subject: Re: Weekly check-in\r\nDate: Fri, 27 Nov 2026 17:40:00 +0800\r\n'
  printf 'Message-ID: <anna-reply-1@phone.example>\r\nIn-Reply-To: %s\r\nReferences: %s\r\n' "$mid" "$mid"
  printf 'Content-Type: text/plain; charset=utf-8\r\n\r\n'
  printf '1. Closed the Henderson account.\r\n2. Q4 report is half done.\r\n3. none\r\n'
  printf '4. Finish the report.\r\n5. about 32 hours\r\n6. 4/5\r\n7. Nothing this week, thanks!\r\n\r\n'
  printf '#1 50%%\r\n#2 new date Dec 18: the venue needs a deposit first\r\n\r\nSent from my iPhone\r\n\r\n'
  printf 'On Fri, Nov 27, 2026 at 3:00 PM Maria Rossi <agent@localhost> wrote:\r\n'
  for l in "Hi Anna," "" "Time for your weekly check-in for the week of Nov 23." "" \
    "1. Wins this week" "" "2. In progress" "" "3. Blockers" "" "4. Plan for next week" "" \
    "5. Hours worked" "" "6. Mood (1-5)" "" "7. Anything you need from me" "" \
    "Your open tasks:" "  #1 Prepare the Q4 report - due Fri Dec 4" "" "Thank you!" "Maria"; do
    printf '> %s\r\n' "$l"
  done
} > "$T_DIR/anna.eml"
# Ben answers in HTML only (Gmail style), with his reply above the gmail_quote
{
  printf 'From: Ben Ortiz <ben@localhost>\r\nTo: agent@localhost\r\nSubject: Re: Weekly check-in\r\n'
  printf 'Date: Fri, 27 Nov 2026 16:10:00 -0800\r\nMessage-ID: <ben-reply-1@mail.gmail.example>\r\n'
  printf 'In-Reply-To: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n' "$bmid"
  printf '<div dir="ltr"><div>Wins: shipped the new onboarding flow</div><div>Blockers: waiting on legal for the contract</div>'
  printf '<div>Hours: 30-35</div><div>Mood: rough week, honestly. I feel burned out.</div></div><br>'
  printf '<div class="gmail_quote"><div class="gmail_attr">On Fri, Nov 27, 2026 Maria Rossi wrote:</div>'
  printf '<blockquote class="gmail_quote">1. Wins this week<br>2. In progress</blockquote></div>\r\n'
} > "$T_DIR/ben.eml"
send_mail anna agent "$T_DIR/anna.eml"
send_mail ben agent "$T_DIR/ben.eml"
ms_wait_count agent 2 || fail "replies did not reach the agent's mailbox"

expect_rc 0 "poll" "$R" --now 2026-11-28T02:00:00Z poll
contains "$OUT" "2 recorded" "both replies recorded"
a() { sq "select coalesce(text, num) from answers a join checkins c on c.id = a.checkin_id join people p on p.id = c.person_id where p.name like '$1%' and a.key = '$2' and a.replaced_at is null"; }
equals "$(a Anna wins)" "Closed the Henderson account." "Anna's wins"
equals "$(a Anna hours)" "32.0" "Anna's hours"
equals "$(a Anna mood)" "4.0" "Anna's mood"
equals "$(a Anna blockers_none)" "none" "'none' blockers recorded as none"
equals "$(sq "select status from checkins where person_id = 1")" answered "Anna's check-in is answered"
equals "$(sq "select percent from tasks where id = 1")" 50 "#1 50% recorded"
equals "$(sq "select due from tasks where id = 2")" 2026-12-18 "#2 moved to Dec 18"
equals "$(sq "select reason from task_history where task_id = 2 and kind = 'moved'")" \
  "the venue needs a deposit first" "with the reason given"
equals "$(a Ben wins)" "shipped the new onboarding flow" "Ben's HTML-only answer under his own headings"
equals "$(sq "select num || '-' || num_max from answers where key = 'hours' and checkin_id = 2")" "30.0-35.0" "Ben's hour range"
contains "$(a Ben blockers)" "waiting on legal" "Ben's blockers"
contains "$(sq "select group_concat(text) from answers where key = 'concern'")" "burned out" "words of concern flagged"
lacks "$(sq "select reply_text from messages where from_addr = 'ben@localhost'")" "Wins this week" "the quoted check-in is not part of Ben's words"
expect_rc 0 "a second poll" "$R" --now 2026-11-28T02:05:00Z poll
equals "$(sq "select count(*) from answers where key = 'wins'")" 2 "nothing recorded twice"
expect_rc 0 "no reminder for an answered check-in" "$R" --now 2026-12-03T07:30:00Z tick
contains "$OUT" "reminders 0" "answered check-ins get no reminder"
done_testing
