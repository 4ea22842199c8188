#!/bin/bash
# A local Maildir as the source ([imap] url = maildir:///path): replies are
# stored, recorded once, and moved into the .rapport subfolder; a forged
# sender is quarantined; a second poll finds nothing new.
. "$(dirname "$0")/lib.sh"
R=$RAPPORT
MD=$T_DIR/Maildir
mkdir -p "$MD/new" "$MD/cur" "$MD/tmp"
cat > "$T_DIR/rapport.conf" <<CONF
[agent]
database = $T_DIR/rapport.db
state_dir = $T_DIR/state
[manager]
name = Maria Rossi
email = manager@example.com
tz = Europe/Rome
[imap]
url = maildir://$MD
CONF
export RAPPORT_CONFIG=$T_DIR/rapport.conf
DB=$T_DIR/rapport.db
"$R" init > /dev/null
"$R" person add "Anna Lee" --email anna@example.com --tz Asia/Manila > /dev/null
for who in "Anna Lee <anna@example.com>" "Eve <eve@example.com>"; do
  n=$((${n:-0} + 1))
  printf 'From: %s\nTo: agent@example.com\nSubject: hello %s\nMessage-ID: <local.%s@test>\n\n1. Wins: it works\n' \
    "$who" "$n" "$n" > "$MD/tmp/m$n" && mv "$MD/tmp/m$n" "$MD/new/1795748400.m$n.host"
done
expect_rc 0 "poll a local Maildir" "$R" poll
contains "$OUT" "2 new, 2 stored, 1 recorded, 1 quarantined" "Anna's reply recorded, Eve's quarantined"
equals "$(ls "$MD/new" "$MD/cur" | grep -c host)" 0 "both moved out of the inbox"
equals "$(ls "$MD/.rapport/cur" | wc -l)" 2 "into the .rapport subfolder"
expect_rc 0 "second poll" "$R" poll
contains "$OUT" "0 new, 0 stored" "nothing new"
equals "$(sq "select count(*) from messages")" 2 "each stored once"
run "$R" doctor --no-send
contains "$OUT" "ok    maildir" "doctor checks the Maildir"
done_testing
