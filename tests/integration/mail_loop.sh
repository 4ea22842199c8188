#!/bin/bash
# The test mail servers work end to end: a message sent with libcurl over
# SMTP (STARTTLS + AUTH, certificate verified) is read back over IMAP with
# libetpan, intact.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/harness/mailservers.sh"
ms_start || skip "cannot start Dovecot and the SMTP server here"

expect_rc 0 "send over SMTP, read back over IMAP" \
  "$top_builddir/tests/tools/mail_loop" "$MS_SUBMISSION_PORT" "$MS_IMAP_PORT" "$MS_CAFILE" \
  manager managerpw anna annapw
contains "$OUT" "read back over IMAP intact" "the bytes came back unchanged"
equals "$(ms_count anna)" 1 "exactly one message delivered to anna"
grep -q "auth=manager tls=yes" "$MS_ROOT/smtp/deliveries.log" && ok "the SMTP session was TLS and authenticated" \
  || fail "deliveries.log shows no authenticated TLS session"
expect_rc 1 "a wrong password is refused" \
  "$top_builddir/tests/tools/mail_loop" "$MS_SUBMISSION_PORT" "$MS_IMAP_PORT" "$MS_CAFILE" \
  manager wrong anna annapw
# the harness's TLS listeners: IMAP STARTTLS and IMAPS, verified against the test CA
run curl -sS --ssl-reqd --cacert "$MS_CAFILE" "imap://localhost:$MS_IMAP_PORT/INBOX" -u anna:annapw \
  -X 'STATUS INBOX (MESSAGES)'
contains "$OUT" "MESSAGES 1" "IMAP with STARTTLS (certificate verified) sees the message"
run curl -sS --cacert "$MS_CAFILE" "imaps://localhost:$MS_IMAPS_PORT/INBOX" -u anna:annapw \
  -X 'STATUS INBOX (MESSAGES)'
contains "$OUT" "MESSAGES 1" "IMAPS (certificate verified) sees the message"
expect_rc 60 "a client trusting another CA refuses the server" \
  curl -sS --cacert "$MS_OTHER_CAFILE" "imaps://localhost:$MS_IMAPS_PORT/INBOX" -u anna:annapw \
  -X 'STATUS INBOX (MESSAGES)'
run curl -sS --ssl-reqd --cacert "$MS_CAFILE" "smtps://localhost:$MS_SMTPS_PORT/x" -u ben:benpw \
  --mail-from ben@localhost --mail-rcpt eve@localhost -T - <<< $'Subject: smtps\r\n\r\nvia SMTPS\r\n'
ms_wait_count eve 1 && ok "SMTPS with AUTH delivers" || fail "SMTPS delivery did not arrive"
done_testing
