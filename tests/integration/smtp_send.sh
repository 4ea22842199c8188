#!/bin/bash
# smtp_send.sh: agent/smtp.c against real SMTP servers on loopback.
#
# The harness's servers (aiosmtpd delivering into Dovecot's Maildirs) for the
# real paths: plain, STARTTLS, SMTPS, AUTH PLAIN/LOGIN, connection reuse, a
# wrong password, an unknown recipient, a server that demands STARTTLS, an
# untrusted certificate, 451-then-accept and 554 (the harness's fault
# control).  A scripted server (tests/tools/smtp_fault_server.py) for what
# a real server will not do on demand: offer no AUTH, offer no STARTTLS,
# speak XOAUTH2.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/harness/mailservers.sh"
ms_start || skip "cannot start Dovecot and the SMTP server here"

TOOL=$top_builddir/tests/tools/smtp_send_test
FAULT=$top_srcdir/tests/tools/smtp_fault_server.py
[ -x "$TOOL" ] || { echo "$TOOL is not built (make check builds it)"; exit 99; }
export AGENTPW=agentpw
FAULT_PID=

stop_fault() { [ -n "$FAULT_PID" ] && kill "$FAULT_PID" 2>/dev/null; FAULT_PID=; }
at_exit stop_fault

# fault_start ARGS...: (re)start the scripted server on a fresh port
fault_start() {
  local i
  stop_fault
  FAULT_PORT=$(ms_free_port)
  : > "$T_DIR/fault.log"
  : > "$T_DIR/fault.out"
  /usr/bin/python3 "$FAULT" --port "$FAULT_PORT" --log "$T_DIR/fault.log" "$@" \
    > "$T_DIR/fault.out" 2>&1 < /dev/null &
  FAULT_PID=$!
  for ((i = 0; i < 100; i++)); do
    grep -q ready "$T_DIR/fault.out" && return 0
    sleep 0.05
  done
  echo "the fault server did not start: $(cat "$T_DIR/fault.out")"
  exit 99
}

# send ARGS...: the test program, from agent to anna unless told otherwise
send() { run "$TOOL" --from agent@localhost --to anna@localhost "$@"; ALL="$OUT"$'\n'"$ERR"; }
matches() { # TEXT ERE DESC
  if printf '%s\n' "$1" | grep -Eq -- "$2"; then ok "$3"; else fail "$3: /$2/ not in: $1"; fi
}
lastlog() { tail -n 1 "$MS_ROOT/smtp/deliveries.log"; }
SUB=(--host 127.0.0.1 --port "$MS_SUBMISSION_PORT" --ca-file "$MS_CAFILE")
AUTH=(--user agent --password-env AGENTPW)

# --- the real server

send --host 127.0.0.1 --port "$MS_SMTP_PORT" --tls none
matches "$OUT" '^1 1 sent 250 message 250 ' "plain SMTP, clear text (explicit), no AUTH"
contains "$(lastlog)" "auth=- tls=no" "  delivered in clear text"

send --host 127.0.0.1 --port "$MS_SMTP_PORT" --ca-file "$MS_CAFILE"
matches "$OUT" '^1 1 sent 250 ' "STARTTLS by default"
contains "$(lastlog)" "auth=- tls=yes" "  delivered over TLS"

before=$(ms_count anna)
send "${SUB[@]}" "${AUTH[@]}" --count 5 --trace
matches "$OUT" '^5 1 sent 250 ' "submission: STARTTLS + AUTH PLAIN, 5 messages"
lacks "$OUT" "fail " "  none of them failed"
equals "$(grep -c '^> EHLO ' <<< "$ERR") $(grep -c '^> AUTH PLAIN' <<< "$ERR")" "2 1" \
  "  one connection: EHLO before and after STARTTLS, AUTH once"
lacks "$ALL" "agentpw" "  the password is not in the trace"
contains "$(lastlog)" "auth=agent tls=yes" "  delivered authenticated, over TLS"
ms_wait_count anna $((before + 5)) && ok "  all 5 in the mailbox" || fail "  not all 5 arrived"

send "${SUB[@]}" "${AUTH[@]}" --auth login
matches "$OUT" '^1 1 sent 250 ' "submission: AUTH LOGIN"

send --host localhost --port "$MS_SMTPS_PORT" --tls smtps --ca-file "$MS_CAFILE" "${AUTH[@]}"
matches "$OUT" '^1 1 sent 250 ' "SMTPS + AUTH (host name checked: localhost)"
contains "$(lastlog)" "auth=agent tls=yes" "  delivered over TLS"

before=$(ms_count anna)
BADPW=not-agentpw-secret send "${SUB[@]}" --user agent --password-env BADPW --trace --expect permfail
matches "$OUT" '^1 1 permfail 535 session authentication failed: 535 ' \
  "wrong password: permanent, for the session"
lacks "$ALL" "not-agentpw-secret" "  the password is not in the output or trace"

send "${SUB[@]}" "${AUTH[@]}" --to nobody@localhost --expect permfail
matches "$OUT" '^1 1 permfail 550 message .*550 5\.1\.1 .*no such user' \
  "unknown recipient: permanent, for this message, in the server's words"

send --host 127.0.0.1 --port "$MS_SUBMISSION_PORT" --tls none --expect permfail
matches "$OUT" '^1 1 permfail 530 session .*STARTTLS' \
  "server demands STARTTLS, we are set to clear text: the server refuses"

send --host 127.0.0.1 --port "$MS_SUBMISSION_PORT" --tls none "${AUTH[@]}" --expect permfail
matches "$OUT" '^1 1 permfail 0 session the server did not offer AUTH' \
  "clear text with a user, AUTH offered only after STARTTLS: we refuse"

send --host 127.0.0.1 --port "$MS_SUBMISSION_PORT" --ca-file "$MS_OTHER_CAFILE" "${AUTH[@]}" \
  --expect permfail
matches "$OUT" '^1 1 permfail 0 session .*certificate' "a certificate from a CA we do not trust: refused"
send --host 127.0.0.1 --port "$MS_SUBMISSION_PORT" "${AUTH[@]}" --expect permfail
matches "$OUT" '^1 1 permfail 0 session .*certificate' "  and with the system's CAs: refused"
equals "$(ms_count anna)" "$before" "  nothing was delivered by the refused attempts"

send --host 127.0.0.1 --port "$MS_SUBMISSION_PORT" "${AUTH[@]}" --no-verify
matches "$OUT" '^1 1 sent 250 ' "untrusted certificate with verification off (explicit): sent"

ms_fault tempfail 1
send "${SUB[@]}" "${AUTH[@]}" --retry 2
matches "$OUT" '^1 1 tempfail 451 message .*451 4\.3\.0' "451 at DATA: temporary, for this message"
matches "$OUT" '^1 2 sent 250 ' "  the retry is accepted"

ms_fault permfail 1
send "${SUB[@]}" "${AUTH[@]}" --retry 2 --expect permfail
matches "$OUT" '^1 1 permfail 554 message .*554 5\.7\.1' "554 at DATA: permanent, not retried"
lacks "$OUT" "1 2 " "  no second attempt"

send --host 127.0.0.1 --port "$(ms_free_port)" --tls none --expect tempfail
matches "$OUT" '^1 1 tempfail 0 session ' "nobody listening: temporary, for the session"

# --- the scripted server

fault_start --tempfail 1 --password pw
PW=pw send --host 127.0.0.1 --port "$FAULT_PORT" --tls none --user x --password-env PW --retry 2
matches "$OUT" '^1 1 tempfail 451 message ' "scripted 451: temporary"
matches "$OUT" '^1 2 sent 250 ' "  the retry is accepted"
equals "$(grep -c '^ACCEPTED' "$T_DIR/fault.log") $(grep -c '^EHLO' "$T_DIR/fault.log")" "1 1" \
  "  the message arrived once, over the same connection"

fault_start --no-auth
PW=pw send --host 127.0.0.1 --port "$FAULT_PORT" --tls none --user x --password-env PW --expect permfail
matches "$OUT" '^1 1 permfail 0 session the server did not offer AUTH' \
  "a user is configured, the server offers no AUTH: refused"
lacks "$(cat "$T_DIR/fault.log")" "MAIL FROM" "  before MAIL FROM"

fault_start
send --host 127.0.0.1 --port "$FAULT_PORT" --expect permfail
matches "$OUT" '^1 1 permfail 0 session the server does not offer STARTTLS' \
  "STARTTLS required, the server does not offer it: refused"
lacks "$(cat "$T_DIR/fault.log")" "MAIL FROM" "  before MAIL FROM"

fault_start --token good-token
send --host 127.0.0.1 --port "$FAULT_PORT" --tls none --user agent --token good-token
matches "$OUT" '^1 1 sent 250 ' "XOAUTH2 with a good token"
contains "$(cat "$T_DIR/fault.log")" "AUTH XOAUTH2 ok" "  the server saw XOAUTH2"
send --host 127.0.0.1 --port "$FAULT_PORT" --tls none --user agent --token bad-token \
  --expect permfail --trace
matches "$OUT" '^1 1 permfail 0 session authentication failed' "XOAUTH2 with a bad token: permanent"
lacks "$ALL" "bad-token" "  the token is not in the trace"

done_testing
