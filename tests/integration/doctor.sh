#!/bin/bash
# rapport doctor: a good installation passes end to end (including a round
# trip through the real servers); each broken part is named with its fix.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/harness/mailservers.sh"
ms_start || skip "cannot start Dovecot and the SMTP server here"
t_config
R=$RAPPORT
"$R" person add "Anna Lee" --email anna@localhost --tz Asia/Manila > /dev/null

expect_rc 0 "doctor on a good installation" "$R" doctor
contains "$OUT" "ok    imap" "IMAP ok"
contains "$OUT" "TLS verified" "TLS verified"
contains "$OUT" "ok    roundtrip  the test email came back over IMAP" "the round trip works"
contains "$OUT" "weekly check-in for Anna Lee" "the next sends are listed"
contains "$OUT" "all good: 0 problems" "the verdict"
expect_rc 0 "poll after the doctor" "$R" poll
equals "$(sq "select state from messages where subject like '%rapport%test%' or class = 'answer' limit 1")" ignored \
  "the test email is recognised as rapport's own, not quarantined"

chmod 644 "$CONF"
run "$R" doctor --no-send
contains "$OUT" "warn  config" "a config readable by others is a warning"
contains "$OUT" "chmod 600 $CONF" "with the fix"
chmod 600 "$CONF"

printf 'wrong\n' > "$T_DIR/agent.pw"
expect_rc 69 "doctor with a wrong password" "$R" doctor --no-send
contains "$OUT" "FAIL  imap" "IMAP fails"
contains "$OUT" "fix:" "and says how to fix it"
lacks "$OUT" "wrong" "the password is never shown"
printf 'agentpw\n' > "$T_DIR/agent.pw"

sed -i "s|^ca_file = $MS_CAFILE|ca_file = $MS_OTHER_CAFILE|" "$CONF"
expect_rc 69 "doctor against an untrusted certificate" "$R" doctor --no-send
contains "$OUT" "not trusted" "the certificate problem is named"
contains "$OUT" "fix: set [imap] ca_file" "and the fix"
done_testing
