#!/bin/bash
# Network faults between rapport and its servers (a fault-injecting proxy of
# the tests' own): refused connections, a connection dropped mid-command, a
# stall past the timeout, a truncated response. rapport reports a temporary
# failure, loses nothing, records nothing twice, and recovers on the next try.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/harness/mailservers.sh"
ms_start || skip "cannot start Dovecot and the SMTP server here"
R=$RAPPORT
IP=$(ms_free_port); SP=$(ms_free_port)
/usr/bin/python3 "$top_srcdir/tests/harness/faultproxy.py" "$IP" "$MS_IMAP_PORT" "$T_DIR/imap.mode" "$T_DIR/ip.pid" &
/usr/bin/python3 "$top_srcdir/tests/harness/faultproxy.py" "$SP" "$MS_SUBMISSION_PORT" "$T_DIR/smtp.mode" "$T_DIR/sp.pid" &
at_exit 'kill $(cat "$T_DIR/ip.pid" "$T_DIR/sp.pid" 2>/dev/null) 2>/dev/null'
ms_wait_port "$IP"; ms_wait_port "$SP"
t_config "[imap]
url = imap://localhost:$IP
timeout = 3s
[smtp]
url = smtp://localhost:$SP
timeout = 5s
[agent]
daily_cap = 50"
"$R" --now 2026-11-20T00:00:00Z person add "Anna Lee" --email anna@localhost --tz Asia/Manila > /dev/null
imode() { echo "$*" > "$T_DIR/imap.mode"; }
smode() { echo "$*" > "$T_DIR/smtp.mode"; }

# 30 replies waiting, about 1 KB each
for i in $(seq 30); do
  printf 'From: Anna Lee <anna@localhost>\r\nTo: agent@localhost\r\nSubject: reply %s\r\nMessage-ID: <r%s@test>\r\n\r\n%s\r\n' \
    "$i" "$i" "$(head -c 600 /dev/zero | tr '\0' 'x')" > "$T_DIR/r$i.eml"
  ms_deliver agent "$T_DIR/r$i.eml"
done

imode refuse
expect_rc 69 "IMAP connection refused" "$R" poll
imode drop 4000
expect_rc 75 "connection dropped in the middle of the FETCH" "$R" poll
equals "$(sq "select count(*) from messages")" 0 "nothing half-stored"
imode truncate 4000
expect_rc 75 "a truncated response" "$R" poll
imode stall 4000
start=$(date +%s)
expect_rc 75 "a server that stalls" "$R" poll
took=$(( $(date +%s) - start ))
[ "$took" -le 12 ] && ok "the stall is cut by the timeout (${took}s)" || fail "a stalled server held the poll ${took}s"
imode pass
expect_rc 0 "the next poll, with the network back" "$R" poll
equals "$(sq "select count(*) from messages")" 30 "all 30 replies stored"
equals "$(sq "select count(distinct message_id) from messages")" 30 "each once"
equals "$(ms_count agent)" 0 "and moved off the INBOX"

# SMTP: refused, dropped during DATA, stalled; then sent once the network is back
"$R" --now 2026-11-23T01:00:00Z task add anna "Q4 report" --due 2026-12-04 > /dev/null
smode refuse
expect_rc 75 "SMTP connection refused: the check-in waits" "$R" --now 2026-11-27T07:00:00Z tick
equals "$(sq "select state from outbox")" pending "still queued"
smode drop 600
expect_rc 75 "SMTP dropped mid-conversation" "$R" --now 2026-11-27T07:05:00Z tick
smode stall 300
expect_rc 75 "SMTP stalled" "$R" --now 2026-11-27T07:30:00Z tick
smode pass
expect_rc 0 "sent once the network is back" "$R" --now 2026-11-27T08:30:00Z tick
equals "$(sq "select state from outbox")" sent "sent"
ms_wait_count anna 1
n=$(ms_count anna)
[ "$n" -ge 1 ] && [ "$n" -le 2 ] && ok "delivered at least once, at most twice ($n)" || fail "delivered $n times"
mid=$(sq "select message_id from outbox")
equals "$(grep -l "^Message-ID: <$mid>" "$MS_MAIL"/anna/Maildir/new/* | wc -l)" "$n" "every copy has the same Message-ID"
grep -q "agentpw" "$T_DIR/rapport.log" && fail "a password reached the log" || ok "no password in the log"
done_testing
