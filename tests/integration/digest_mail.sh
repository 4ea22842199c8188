#!/bin/bash
# The weekly digest end to end: `rapport tick` at Monday 08:00 in the
# manager's zone queues the digest of the week before and sends it over SMTP
# (STARTTLS + AUTH) into the manager's real mailbox, as text and HTML; later
# ticks do not send it again.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/harness/mailservers.sh"
SEED=$top_builddir/tests/tools/digest_seed
[ -x "$SEED" ] || skip "tests/tools/digest_seed is not built"
ms_start || skip "cannot start Dovecot and the SMTP server here"
t_config
R=$RAPPORT
"$SEED" "$DB" demo || { fail "digest_seed"; done_testing; }

expect_rc 0 "tick on Monday 07:59 in Rome" "$R" --now 2026-11-30T06:59:00Z tick
contains "$OUT" "digests 0" "nothing before Monday 08:00 in Rome"
expect_rc 0 "tick on Monday 08:00 in Rome" "$R" --now 2026-11-30T07:00:00Z tick
contains "$OUT" "digests 1" "the digest is queued"
ms_wait_count manager 1 || fail "the digest did not arrive"
msg=$(find "$MS_MAIL/manager/Maildir/new" "$MS_MAIL/manager/Maildir/cur" -type f | head -1)
out=$(/usr/bin/python3 - "$msg" <<'PY'
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
text = m.get_body(("plain",)).get_content()
html = m.get_body(("html",)).get_content()
print(m["Subject"])
print(m.get_content_type(), m["Auto-Submitted"])
print("NEEDS ATTENTION" in text, "answered Sun Nov 29 23:40 (Australia/Sydney)" in text)
print('bgcolor="#0969da"' in html, "Chlo\u00e9 Martin" in html)
PY
)
contains "$out" "Weekly digest 2026-W48: 7 need attention, 6 to celebrate" "the subject"
contains "$out" "multipart/alternative auto-generated" "text and HTML, marked as automatic"
contains "$out" $'True True\nTrue True' "both parts carry the digest"
expect_rc 0 "tick again" "$R" --now 2026-11-30T07:30:00Z tick
contains "$OUT" "digests 0" "not queued twice"
sleep 0.5
equals "$(ms_count manager)" 1 "one digest in the manager's mailbox"
done_testing
