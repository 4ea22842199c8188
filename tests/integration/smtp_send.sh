#!/bin/sh
# smtp_send.sh: agent/smtp.c against real SMTP servers on loopback.
#
# aiosmtpd delivering into Dovecot Maildirs (the reference servers in
# ../shared/tools/mailservers, or $MAILSERVERS) for the real paths: plain,
# STARTTLS, SMTPS, AUTH PLAIN/LOGIN, wrong password, unknown recipient, a
# server that demands STARTTLS, an untrusted certificate.  A scripted server
# (tests/tools/smtp_fault_server.py) for what real servers will not do on
# demand: 451 then accept, no AUTH advertised, no STARTTLS offered, XOAUTH2.
#
# Skips (77) when the servers cannot be started.  Ports: $SMTP_TEST_PORT_BASE
# and the next 7 (default: derived from the PID, in 30000-34990).
set -u

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
TOOL=$top_builddir/tests/tools/smtp_send_test
FAULT=$top_srcdir/tests/tools/smtp_fault_server.py
PY=/usr/bin/python3
MAILSERVERS=${MAILSERVERS:-$top_srcdir/../shared/tools/mailservers}

skip() { echo "SKIP: $*"; exit 77; }
[ -x "$TOOL" ] || { echo "FAIL: $TOOL not built (make check builds it)"; exit 99; }
[ -x "$MAILSERVERS/start.sh" ] || skip "no mail servers at $MAILSERVERS"
[ -x "$PY" ] && "$PY" -c 'import aiosmtpd' 2>/dev/null || skip "$PY with aiosmtpd is needed"

BASE=${SMTP_TEST_PORT_BASE:-$((30000 + ($$ % 500) * 10))}
MB_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/rapport-smtp.XXXXXX") || exit 99
export MB_ROOT
export IMAP_PORT=$BASE IMAPS_PORT=$((BASE + 1)) SMTP_PORT=$((BASE + 2))
export SUBMISSION_PORT=$((BASE + 3)) SMTPS_PORT=$((BASE + 4))
FAULT_PORT=$((BASE + 5))
CLOSED_PORT=$((BASE + 6))
FAULT_PID=

cleanup() {
	[ -n "$FAULT_PID" ] && kill "$FAULT_PID" 2>/dev/null
	"$MAILSERVERS/stop.sh" --clean >/dev/null 2>&1
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# setsid: the servers must not hold the test's stdout or process group
if ! setsid "$MAILSERVERS/start.sh" >"$MB_ROOT/start.log" 2>&1 </dev/null; then
	cat "$MB_ROOT/start.log"
	skip "the mail servers did not start"
fi
. "$MB_ROOT/env.sh"
export BOBPW=bobpw

fault_start() { # args for the fault server
	[ -n "$FAULT_PID" ] && kill "$FAULT_PID" 2>/dev/null && sleep 0.2
	: >"$MB_ROOT/fault.log"
	setsid "$PY" "$FAULT" --port "$FAULT_PORT" --log "$MB_ROOT/fault.log" \
	    --pidfile "$MB_ROOT/fault.pid" "$@" >"$MB_ROOT/fault.out" 2>&1 </dev/null &
	FAULT_PID=$!
	i=0
	while [ $i -lt 50 ] && ! grep -q ready "$MB_ROOT/fault.out" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	grep -q ready "$MB_ROOT/fault.out" || { cat "$MB_ROOT/fault.out"; echo "FAIL: fault server"; exit 99; }
}

n=0
failed=0
check() { # description, extended regex, text
	n=$((n + 1))
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1 (wanted /$2/)"
		printf '%s\n' "$3" | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
}
check_not() { # description, extended regex, text
	n=$((n + 1))
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		echo "not ok $n - $1 (found /$2/)"
		printf '%s\n' "$3" | sed 's/^/#   /'
		failed=$((failed + 1))
	else
		echo "ok $n - $1"
	fi
}
send() { "$TOOL" --from alice@localhost --to bob@localhost "$@" 2>&1; }
delivered() { ls "$MB_MAIL/bob/Maildir/new" | wc -l | tr -d ' '; }
lastlog() { tail -n 1 "$MB_ROOT/smtp/deliveries.log"; }

# --- the real server

before=$(delivered)
out=$(send --host 127.0.0.1 --port "$SMTP_PORT" --tls none)
check "plain SMTP, no TLS (explicit), no AUTH" '^1 1 sent 250 message 250 ' "$out"
check "  delivered in clear text" 'auth=- tls=no' "$(lastlog)"

out=$(send --host 127.0.0.1 --port "$SMTP_PORT" --ca-file "$MB_CAFILE")
check "STARTTLS by default" '^1 1 sent 250 ' "$out"
check "  delivered over TLS" 'auth=- tls=yes' "$(lastlog)"

out=$(send --host 127.0.0.1 --port "$SUBMISSION_PORT" --ca-file "$MB_CAFILE" \
    --user bob --password-env BOBPW --count 5 --trace)
check "submission: STARTTLS + AUTH PLAIN, 5 messages" '^5 1 sent 250 ' "$out"
check_not "  none of them failed" '^[0-9]+ [0-9]+ (tempfail|permfail)' "$out"
check "  one connection: EHLO twice (before and after STARTTLS), AUTH once" \
    '^2 1$' "$(printf '%s\n' "$out" | grep -c '^> EHLO ') $(printf '%s\n' "$out" | grep -c '^> AUTH PLAIN')"
check_not "  the password is not in the trace" 'bobpw' "$out"
check "  delivered, authenticated, over TLS" 'auth=bob tls=yes' "$(lastlog)"
check "  all 5 in the mailbox" "^$((before + 7))\$" "$(delivered)"

out=$(send --host 127.0.0.1 --port "$SUBMISSION_PORT" --ca-file "$MB_CAFILE" \
    --user bob --password-env BOBPW --auth login)
check "submission: AUTH LOGIN" '^1 1 sent 250 ' "$out"

out=$(send --host localhost --port "$SMTPS_PORT" --tls smtps --ca-file "$MB_CAFILE" \
    --user bob --password-env BOBPW)
check "SMTPS + AUTH" '^1 1 sent 250 ' "$out"
check "  delivered over TLS" 'auth=bob tls=yes' "$(lastlog)"

before=$(delivered)
out=$(BADPW=not-bobpw-secret send --host 127.0.0.1 --port "$SUBMISSION_PORT" \
    --ca-file "$MB_CAFILE" --user bob --password-env BADPW --trace --expect permfail)
check "wrong password: permanent, for the session" '^1 1 permfail 535 session authentication failed: 535 ' "$out"
check_not "  the password is not in the output" 'not-bobpw-secret' "$out"

out=$(send --host 127.0.0.1 --port "$SUBMISSION_PORT" --ca-file "$MB_CAFILE" \
    --user bob --password-env BOBPW --to nobody@localhost --expect permfail)
check "unknown recipient: permanent, for this message, with the server's words" \
    '^1 1 permfail 550 message .*550 5\.1\.1 .*no such user' "$out"

out=$(send --host 127.0.0.1 --port "$SUBMISSION_PORT" --tls none --expect permfail)
check "server demands STARTTLS, we are set to clear text: refused by the server" \
    '^1 1 permfail 530 session .*STARTTLS' "$out"

out=$(send --host 127.0.0.1 --port "$SUBMISSION_PORT" --tls none --user bob \
    --password-env BOBPW --expect permfail)
check "clear text with a user, server offers AUTH only after STARTTLS: we refuse" \
    '^1 1 permfail 0 session the server did not offer AUTH' "$out"

out=$(send --host 127.0.0.1 --port "$SUBMISSION_PORT" --user bob --password-env BOBPW \
    --expect permfail)
check "untrusted certificate: refused" '^1 1 permfail 0 session .*certificate' "$out"
check "  nothing was delivered by the refused attempts" "^$before\$" "$(delivered)"

out=$(send --host 127.0.0.1 --port "$SUBMISSION_PORT" --user bob --password-env BOBPW --no-verify)
check "untrusted certificate with verification off (explicit): sent" '^1 1 sent 250 ' "$out"

out=$(send --host 127.0.0.1 --port "$CLOSED_PORT" --tls none --expect tempfail)
check "nobody listening: temporary, for the session" '^1 1 tempfail 0 session ' "$out"

# --- the scripted server

fault_start --tempfail 1 --password pw
out=$(PW=pw send --host 127.0.0.1 --port "$FAULT_PORT" --tls none --user bob --password-env PW --retry 2)
check "451 at the end of DATA: temporary, for this message" \
    '^1 1 tempfail 451 message .*451 4\.3\.0 ' "$out"
check "  the retry is accepted" '^1 2 sent 250 ' "$out"
check "  the server got the message once" '^1$' "$(grep -c '^ACCEPTED' "$MB_ROOT/fault.log")"
check "  on the same connection" '^1$' "$(grep -c '^EHLO' "$MB_ROOT/fault.log")"

fault_start --no-auth
out=$(PW=pw send --host 127.0.0.1 --port "$FAULT_PORT" --tls none --user bob --password-env PW \
    --expect permfail)
check "AUTH configured, server does not offer it: refused" \
    '^1 1 permfail 0 session the server did not offer AUTH' "$out"
check_not "  before MAIL FROM" '^MAIL' "$(cat "$MB_ROOT/fault.log")"

fault_start
out=$(send --host 127.0.0.1 --port "$FAULT_PORT" --expect permfail)
check "STARTTLS required, server does not offer it: refused" \
    '^1 1 permfail 0 session the server does not offer STARTTLS' "$out"
check_not "  before MAIL FROM" '^MAIL' "$(cat "$MB_ROOT/fault.log")"

fault_start --token good-token
out=$(send --host 127.0.0.1 --port "$FAULT_PORT" --tls none --user bob --token good-token)
check "XOAUTH2 with a good token" '^1 1 sent 250 ' "$out"
check "  the server saw XOAUTH2" 'AUTH XOAUTH2 ok' "$(cat "$MB_ROOT/fault.log")"
out=$(send --host 127.0.0.1 --port "$FAULT_PORT" --tls none --user bob --token bad-token \
    --expect permfail --trace)
check "XOAUTH2 with a bad token: permanent" '^1 1 permfail 0 session authentication failed' "$out"
check_not "  the token is not in the trace" 'bad-token' "$out"

echo "1..$n"
[ "$failed" -eq 0 ] || { echo "$failed of $n failed"; exit 1; }
exit 0
