#!/bin/bash
# Inbound mail over real IMAP: replies are stored raw, recorded or
# quarantined, moved to the processed folder, never fetched twice; crashes at
# every step lose nothing and double nothing; TLS is verified; UIDVALIDITY
# changes are survived.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/harness/mailservers.sh"
ms_start || skip "cannot start Dovecot and the SMTP server here"
t_config
R=$RAPPORT
"$R" person add "Anna Lee" --email anna@localhost --tz Asia/Manila > /dev/null

msg() { # FROM SUBJECT BODY -> file
  local f=$T_DIR/msg.$RANDOM.eml
  printf 'From: %s\r\nTo: agent@localhost\r\nSubject: %s\r\nMessage-ID: <%s.%s@test>\r\nDate: Fri, 27 Nov 2026 10:00:00 +0800\r\n\r\n%s\r\n' \
    "$1" "$2" "$RANDOM" "$RANDOM" "$3" > "$f"
  echo "$f"
}
inbox() { ms_count agent; }
processed() { find "$MS_MAIL/agent/Maildir/.rapport/cur" "$MS_MAIL/agent/Maildir/.rapport/new" -type f 2>/dev/null | wc -l; }

send_mail anna agent "$(msg 'Anna Lee <anna@localhost>' 'Re: check-in' 'All good this week.')"
send_mail eve agent "$(msg '"anna@localhost" <eve@localhost>' 'Re: check-in' 'I am Anna, trust me.')"
ms_wait_count agent 2 || fail "mail did not arrive"

expect_rc 0 "poll" "$R" poll
contains "$OUT" "2 new, 2 stored, 1 recorded, 1 quarantined" "one recorded, the forged one quarantined"
equals "$(sq "select count(*) from messages")" 2 "both stored"
equals "$(sq "select state from messages where from_addr = 'eve@localhost'")" quarantined \
  "a display name that looks like Anna's address does not make it Anna's"
equals "$(sq "select person_id from messages where from_addr = 'anna@localhost'")" 1 "Anna's reply is hers"
equals "$(sq "select count(*) from messages join message_raw using (id) where length(raw) = size and size > 0")" 2 "raw bytes kept"
equals "$(inbox)" 0 "INBOX emptied"
equals "$(processed)" 2 "both moved to the processed folder"
seen=$(find "$MS_MAIL/agent/Maildir/.rapport/cur" -name '*:2,*S*' 2>/dev/null | wc -l)
equals "$seen" 0 "nothing was marked \\Seen"

expect_rc 0 "second poll" "$R" poll
contains "$OUT" "0 new, 0 stored" "a second poll ingests nothing"
equals "$(sq "select count(*) from messages")" 2 "still two messages"

expect_rc 0 "inbox list --quarantined" "$R" inbox list --quarantined
contains "$OUT" "eve@localhost" "quarantined messages are listed"
contains "$OUT" "unknown sender eve@localhost" "with the reason"
id=$(sq "select id from messages where from_addr = 'eve@localhost'")
expect_rc 0 "inbox show" "$R" inbox show "$id"
contains "$OUT" "quarantined" "show says what became of it"
run "$R" inbox show "$id" --raw
contains "$OUT" "I am Anna, trust me." "show --raw prints the stored bytes"

# --- crashes at every step: nothing lost, nothing doubled
for step in after-store after-record after-move; do
  send_mail anna agent "$(msg 'Anna Lee <anna@localhost>' "crash $step" "body $step")"
  ms_wait_count agent 1 || fail "mail for $step did not arrive"
  RAPPORT_CRASH_AT=$step "$R" poll > /dev/null 2>&1
  rc=$?
  [ $rc -eq 137 ] || [ $rc -gt 128 ] && ok "killed at $step" || fail "not killed at $step (rc $rc)"
  expect_rc 0 "poll after a crash at $step" "$R" poll
  equals "$(sq "select count(*) from messages where subject = 'crash $step'")" 1 \
    "the message of $step is stored exactly once"
  equals "$(sq "select state from messages where subject = 'crash $step'")" recorded "and recorded"
  equals "$(inbox)" 0 "and moved off the INBOX after the crash at $step"
done
equals "$(processed)" 5 "five messages in the processed folder"

# --- TLS: IMAPS verified; another CA refused; refused unless tls_verify = no
sed -i "s|^url = imap://localhost:$MS_IMAP_PORT|url = imaps://localhost:$MS_IMAPS_PORT|" "$CONF"
expect_rc 0 "IMAPS with the test CA" "$R" poll
sed -i "s|^ca_file = $MS_CAFILE|ca_file = $MS_OTHER_CAFILE|" "$CONF"
expect_rc 69 "IMAPS with an untrusted certificate is refused" "$R" poll
contains "$ERR" "not trusted" "the error says the certificate is not trusted"
printf '[imap]\ntls_verify = no\n' > /dev/null
sed -i "/^\[imap\]/a tls_verify = no" "$CONF"
expect_rc 0 "accepted only with tls_verify = no" "$R" poll
sed -i "/^tls_verify = no/d; s|^ca_file = $MS_OTHER_CAFILE|ca_file = $MS_CAFILE|" "$CONF"
sed -i "s|^url = imaps://localhost:$MS_IMAPS_PORT|url = imap://127.0.0.1:$MS_IMAP_PORT|" "$CONF"
expect_rc 0 "STARTTLS to an IP address verified against the certificate's IP SAN" "$R" poll
printf 'wrong\n' > "$T_DIR/agent.pw"
expect_rc 69 "a wrong password" "$R" poll
contains "$ERR" "login as agent failed" "says the login failed"
lacks "$ERR" "wrong" "and never shows the password"
printf 'agentpw\n' > "$T_DIR/agent.pw"
[ -s "$T_DIR/rapport.log" ] && ok "the log has lines" || fail "empty log"
grep -q "login as agent failed" "$T_DIR/rapport.log" && ok "the login failure is logged" || fail "login failure not logged"
grep -q "agentpw\|wrong" "$T_DIR/rapport.log" && fail "a password reached the log" || ok "no password in the log"
equals "$(stat -c %a "$T_DIR/rapport.log")" 600 "the log file is private"

# --- UIDVALIDITY change (after = flag keeps messages in the INBOX)
sed -i "/^\[imap\]/a after = flag" "$CONF"
send_mail anna agent "$(msg 'Anna Lee <anna@localhost>' 'flagged one' 'stays in the inbox')"
ms_wait_count agent 1
expect_rc 0 "poll with after = flag" "$R" poll
equals "$(inbox)" 1 "flagged, not moved"
before=$(sq "select count(*) from messages")
sleep 1   # Dovecot makes the new UIDVALIDITY from the clock
rm -f "$MS_MAIL/agent/Maildir/dovecot-uidlist" "$MS_MAIL/agent/Maildir/dovecot-uidvalidity"* \
  "$MS_MAIL/agent/Maildir/dovecot.index"*
expect_rc 0 "poll after UIDVALIDITY changed" "$R" poll
contains "$OUT" "1 duplicates" "the rescan recognises the message it already has"
equals "$(sq "select count(*) from messages")" "$before" "nothing ingested twice"
grep -q "UIDVALIDITY changed" "$T_DIR/rapport.log" && ok "the change is logged" || fail "UIDVALIDITY change not logged"

# --- the same Message-ID on different bytes is a different message
for body in 'first version' 'second version'; do
  printf 'From: Anna Lee <anna@localhost>\r\nTo: agent@localhost\r\nSubject: same id\r\nMessage-ID: <same.id@test>\r\n\r\n%s\r\n' \
    "$body" > "$T_DIR/same.eml"
  ms_deliver agent "$T_DIR/same.eml"
done
expect_rc 0 "poll two messages sharing a Message-ID" "$R" poll
equals "$(sq "select count(*) from messages where message_id = 'same.id@test'")" 2 "both are kept"
equals "$(sq "select count(distinct digest) from messages where message_id = 'same.id@test' and length(digest) = 64")" 2 \
  "told apart by the digests of their bytes"
done_testing
