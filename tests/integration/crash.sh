#!/bin/bash
# Crash safety: a full cycle (check-ins queued and sent, 60 replies fetched,
# stored, parsed and recorded, receipts queued, messages moved) while the
# agent is killed with SIGKILL at random moments (CRASH_KILLS, default 12;
# `make check-long` runs 100). Afterwards: the database is intact, every reply
# that reached the mailbox is recorded exactly once, and every email that was
# due was sent at least once and at most twice with the same Message-ID.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/harness/mailservers.sh"
MS_USERS="manager:managerpw agent:agentpw p1:p1pw p2:p2pw p3:p3pw p4:p4pw p5:p5pw"
ms_start || skip "cannot start Dovecot and the SMTP server here"
KILLS=${CRASH_KILLS:-12}
t_config "[agent]
daily_cap = 50
log_level = warn
[schedule]
weekly_reviews = no
monthly_reviews = no
[imap]
batch = 7"	# the replies span batches, each recorded while the next arrives
R=$RAPPORT
export RAPPORT_NOW=2026-11-20T12:00:00Z	# the people exist a week before the cycle
zones=(Asia/Manila America/Los_Angeles Europe/Berlin Asia/Kolkata Australia/Sydney)
for i in 1 2 3 4 5; do
  "$R" person add "Person $i" --email "p$i@localhost" --tz "${zones[$((i - 1))]}" --days Mon-Sun \
    --hours 00:00-24:00 --checkin "FREQ=DAILY;BYHOUR=0;BYMINUTE=5" > /dev/null
  "$R" task add "Person $i" "Task of person $i" --due 2026-11-24 > /dev/null
done
export RAPPORT_NOW=2026-11-27T12:00:00Z
n=60
for k in $(seq $n); do
  i=$(( (k % 5) + 1 ))
  printf 'From: Person %s <p%s@localhost>\r\nTo: agent@localhost\r\nSubject: Re: check-in %s\r\nMessage-ID: <crash.%s@test>\r\nDate: Fri, 27 Nov 2026 12:00:00 +0000\r\n\r\n1. Win number %s\r\n5. %s\r\n6. 4\r\n' \
    "$i" "$i" "$k" "$k" "$k" "$((30 + k % 10))" > "$T_DIR/r$k.eml"
  ms_deliver agent "$T_DIR/r$k.eml"
done

killed=0
for k in $(seq "$KILLS"); do
  case $((k % 3)) in
  0) "$R" run > /dev/null 2>&1 & ;;
  1) "$R" tick > /dev/null 2>&1 & ;;
  2) "$R" poll --quiet > /dev/null 2>&1 & ;;
  esac
  pid=$!
  sleep "0.$(printf '%03d' $((RANDOM % 150 + 5)))"
  if kill -0 "$pid" 2> /dev/null; then kill -KILL "$pid"; killed=$((killed + 1)); fi
  wait "$pid" 2> /dev/null
done
echo "# $killed of $KILLS runs were killed with SIGKILL mid-flight"
# converge
for k in 1 2; do "$R" tick > /dev/null 2>&1; "$R" poll --quiet > /dev/null 2>&1; done
"$R" tick > /dev/null

equals "$(sq "pragma integrity_check")" ok "PRAGMA integrity_check: ok"
equals "$(sq "select count(*) from messages where message_id like 'crash.%@test'")" $n "all $n replies stored"
equals "$(sq "select count(distinct message_id) from messages where message_id like 'crash.%@test'")" $n "each exactly once"
equals "$(sq "select count(*) from messages where state = 'new'")" 0 "none left unrecorded"
equals "$(ms_count agent)" 0 "all moved off the INBOX"
recorded=$(sq "select count(*) from messages where state = 'recorded'")
echo "# $recorded replies recorded"
equals "$(sq "select count(*) from outbox where state != 'sent'")" 0 "every queued email was sent"
bad=0 total=0 twice=0
while IFS='|' read -r mid rcpt; do
  total=$((total + 1))
  user=${rcpt%%@*}
  c=$(grep -l "^Message-ID: <$mid>" "$MS_MAIL/$user"/Maildir/new/* "$MS_MAIL/$user"/Maildir/cur/* 2> /dev/null | wc -l)
  [ "$c" -ge 1 ] && [ "$c" -le 2 ] || { bad=$((bad + 1)); echo "# $mid reached $user $c times"; }
  [ "$c" -eq 2 ] && twice=$((twice + 1))
done < <(sq "select message_id, rcpts from outbox")
echo "# $total emails sent; $twice of them twice (a crash between sending and recording)"
equals "$bad" 0 "every email sent at least once and at most twice, with the same Message-ID"
equals "$(sq "select count(*) from (select person_id, period from checkins group by 1, 2 having count(*) > 1)")" 0 \
  "no check-in created twice"
done_testing
