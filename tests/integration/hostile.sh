#!/bin/bash
# Hostile input through the real IMAP path: every malformed message of
# ../shared/corpus/badinput, and generated ones (a 50 MB attachment, 10,000-
# deep multipart, 60,000-deep message/rfc822, a 1 MB header line, NUL bytes,
# invalid UTF-8, an encoded-word flood, 20,000 parts, deep HTML, a calendar
# bomb), is stored and then either parsed or marked failed with a reason:
# no crash, no hang, nothing lost, and the agent keeps working afterwards.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/harness/mailservers.sh"
ms_start || skip "cannot start Dovecot and the SMTP server here"
t_config
R=$RAPPORT
"$R" person add "Anna Lee" --email anna@localhost --tz Asia/Manila > /dev/null

gen=$T_DIR/gen
/usr/bin/python3 "$top_srcdir/tests/tools/gen_hostile.py" "$gen" --big-mb 50 || fail "generator failed"
n=0
for f in "$gen"/*.eml; do ms_deliver agent "$f"; n=$((n + 1)); done
if [ -d "$SHARED/corpus/badinput/files" ]; then
  for f in "$SHARED"/corpus/badinput/files/*; do ms_deliver agent "$f"; n=$((n + 1)); done
else
  echo "# ../shared/corpus/badinput is absent: generated messages only"
fi
equals "$(ms_count agent)" "$n" "$n hostile messages are in the mailbox"

start=$(date +%s)
run timeout 600 "$R" poll
took=$(( $(date +%s) - start ))
echo "# poll of $n hostile messages: ${took}s"
equals "$RC" 0 "the poll completes (no crash, no hang)"
echo "# $OUT"
stored=$(sq "select count(*) from messages")
dups=$(printf '%s' "$OUT" | sed -n 's/.* \([0-9]*\) duplicates.*/\1/p')
equals "$((stored + dups))" "$n" "every message is stored or recognised as a copy of a stored one ($stored stored, $dups copies)"
equals "$(sq "select count(*) from messages where state = 'new'")" 0 "none is left unprocessed"
equals "$(sq "select count(*) from messages where state = 'failed' and (error is null or error = '')")" 0 \
  "every failed message says why"
failed=$(sq "select count(*) from messages where state = 'failed'")
echo "# $failed marked failed with a reason:"
sq "select '#   ' || substr(coalesce(subject, '?'), 1, 40) || ': ' || error from messages where state = 'failed' limit 40"
ok_big=$(sq "select count(*) from messages where message_id = 'big.50@hostile.test' and state = 'failed' and error like '%larger than max_message_size%'")
equals "$ok_big" 1 "the 50 MB message is refused by size, its header stored, the message left on the server"
for id in deep.mp.10000@hostile.test deep.822.60000@hostile.test longhdr@hostile.test; do
  equals "$(sq "select state from messages where message_id = '$id'")" failed "$id is refused by the pre-scan"
done
equals "$(sq "select count(*) from messages where message_id = 'badutf8@hostile.test' and state != 'failed'")" 1 \
  "invalid UTF-8 is parsed (replaced), not refused"
equals "$(sq "pragma integrity_check")" ok "the database is intact"
grep -q "agent.*crash\|Segmentation" "$T_DIR/rapport.log" && fail "the agent crashed" || ok "the agent never crashed"

# the parser worker dies on one message and spins on another: both are marked
# failed with the reason, the worker is restarted, the next message is fine
sed -i "/^\[limits\]/d; /^worker_/d" "$CONF"
printf '[limits]\nworker_cpu = 2s\nworker_timeout = 4s\n' >> "$CONF"
# Around and between them, ordinary replies that the worker holds in flight
# when it dies (more than it takes at once: some wait to be sent): each must
# still be recorded with its own words.
normal() {
  printf 'From: Anna Lee <anna@localhost>\r\nTo: agent@localhost\r\nSubject: normal %s\r\nMessage-ID: <normal.%s@test>\r\n\r\nShipped item %s today.\r\n' \
    "$1" "$1" "$1" > "$T_DIR/normal-$1.eml"
  ms_deliver agent "$T_DIR/normal-$1.eml"
}
normal 1
for fault in crash spin; do
  printf 'From: Anna Lee <anna@localhost>\r\nTo: agent@localhost\r\nSubject: fault %s\r\nMessage-ID: <fault.%s@test>\r\nX-Rapport-Test-Fault: %s\r\n\r\n1. Wins: none\r\n' \
    "$fault" "$fault" "$fault" > "$T_DIR/fault-$fault.eml"
  ms_deliver agent "$T_DIR/fault-$fault.eml"
  for k in $(seq 2 80); do normal "$fault$k"; done
done
RAPPORT_TEST_WORKER_FAULTS=1 run timeout 120 "$R" poll
equals "$RC" 0 "the agent survives a crashing and a spinning parser"
equals "$(sq "select count(*) from messages where message_id like 'normal.%' and state = 'recorded' and
  reply_text = 'Shipped item ' || substr(message_id, 8, length(message_id) - 12) || ' today.'")" 159 \
  "the replies in flight around the failures are recorded, each with its own text"
# (a sanitizer build reports the SIGSEGV itself and exits 1 instead)
e=$(sq "select error from messages where message_id = 'fault.crash@test'")
case "$e" in *"signal 11"*|*"exited with status 1"*) ok "the crash is recorded as the reason: $e" ;;
  *) fail "the crash is not recorded: '$e'" ;; esac
contains "$(sq "select error from messages where message_id = 'fault.spin@test'")" "parser worker" \
  "the runaway parse is stopped and recorded"

# the agent still works after all that
printf 'From: Anna Lee <anna@localhost>\r\nTo: agent@localhost\r\nSubject: after\r\nMessage-ID: <after@test>\r\n\r\nstill here\r\n' > "$T_DIR/after.eml"
send_mail anna agent "$T_DIR/after.eml"
ms_wait_count agent 2
expect_rc 0 "a normal poll afterwards" "$R" poll
equals "$(sq "select state from messages where message_id = 'after@test'")" recorded "a normal reply is recorded"
done_testing
