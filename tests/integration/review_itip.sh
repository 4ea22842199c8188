#!/bin/bash
# The exact emails `rapport review schedule|move|cancel --dry-run --output`
# write (and the ones it queues) pass ../shared/tools/itip/itip_check.py
# --strict, and ical.js, reading our VTIMEZONE, puts the meeting at the
# instant we meant across a DST change: the person is in New York, the
# manager in Berlin; the invite goes out in October (EDT; Berlin already
# on CET) for a meeting after New York's change on November 1 (EST).
#
# Needs python3-icalendar, python3-vobject, node and ical.js (ICALJS_DIR,
# default /tmp/icalval/node_modules/ical.js); skips (77) without them.
. "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
tools=$SHARED/tools/itip
ICALJS_DIR=${ICALJS_DIR:-/tmp/icalval/node_modules/ical.js}
export ICALJS_DIR
[ -f "$tools/itip_check.py" ] || skip "$tools/itip_check.py not found"
[ -x "$py" ] || skip "$py not found"
"$py" -c 'import icalendar, vobject' 2>/dev/null || skip "python3-icalendar / python3-vobject not installed"
command -v node > /dev/null 2>&1 || skip "node not found"
[ -f "$ICALJS_DIR/dist/ical.js" ] || skip "ical.js not found in $ICALJS_DIR"
command -v sqlite3 > /dev/null 2>&1 || skip "sqlite3 not found"

R=$RAPPORT
CONF=$T_DIR/rapport.conf
DB=$T_DIR/rapport.db
cat > "$CONF" <<CONF
[agent]
database = $DB
address = rapport@example.com
log = $T_DIR/rapport.log

[manager]
name = Jürgen Weiß
email = juergen@example.com
tz = Europe/Berlin

[smtp]
from = rapport@example.com
CONF
export RAPPORT_CONFIG=$CONF RAPPORT_NOW=2026-10-28T12:00:00Z
"$R" init > /dev/null || exit 99
"$R" person add "Anna Lee" --email anna@example.com --tz America/New_York --review-slot "TU 10:00" > /dev/null || exit 99
# last week's check-in, answered with non-ASCII text (folding, base64)
sq "INSERT INTO checkins (person_id, period, due_at, sent_at, status, answered_at) VALUES (1, '2026-W44', 1793300000, 1793300000, 'answered', 1793300000);
    INSERT INTO answers (checkin_id, key, text, at, source) VALUES
      (1, 'wins', 'Praise from the client: « très réactive, merci ! » — and 12 tickets closed ahead of plan, which nobody expected this early in the quarter', 0, 'reply'),
      (1, 'support', 'A decision on the Q1 budget', 0, 'reply');
    INSERT INTO answers (checkin_id, key, num, at, source) VALUES (1, 'mood', 4, 0, 'reply');"

# Tuesday Nov 3, 10:00 in New York (EST, -05:00) = 15:00Z = 16:00 in Berlin
want_start=$("$py" -c 'import datetime as d; print(int(d.datetime(2026,11,3,15,0,tzinfo=d.timezone.utc).timestamp()))')

expect_rc 0 "schedule --dry-run" "$R" review schedule anna --at 2026-11-03T10:00 --dry-run --output "$T_DIR/schedule.eml"
contains "$OUT" "nothing was queued" "a dry run says so"
equals "$(sq 'select count(*) from reviews') $(sq 'select count(*) from outbox')" "0 0" "a dry run leaves nothing behind"
[ -s "$T_DIR/schedule.eml" ] && [ -s "$T_DIR/schedule-manager.eml" ] && ok "both copies written" || fail "dry-run files missing"

expect_rc 0 "schedule" "$R" review schedule anna --at "2026-11-03 10:00"
contains "$OUT" "review #1" "review #1 scheduled"
equals "$(sq 'select start_at from reviews where id = 1')" "$want_start" "stored at 15:00Z"
equals "$(sq 'select count(*) from outbox')" 2 "two emails queued"
sq "select writefile('$T_DIR/queued.eml', bytes) from outbox where person_id = 1" > /dev/null
sq "select writefile('$T_DIR/queued-manager.eml', bytes) from outbox where person_id is null" > /dev/null

expect_rc 65 "a time outside the manager's hours is refused" "$R" review move 1 "2026-11-05T15:00"
contains "$ERR" "outside Jürgen Weiß's working hours" "the error names whose hours"
expect_rc 65 "a time outside the person's hours is refused" "$R" review move 1 "2026-11-05T08:00"
contains "$ERR" "outside Anna Lee's working hours" "the error names the person"
expect_rc 64 "a bad time is a usage error" "$R" review move 1 "Nov 5 10:00"
expect_rc 64 "--dry-run needs --output" "$R" review cancel 1 --dry-run

expect_rc 0 "move --dry-run" "$R" review move 1 "2026-11-05T10:30" --dry-run --output "$T_DIR/move.eml"
expect_rc 0 "cancel --dry-run" "$R" review cancel 1 --dry-run --output "$T_DIR/cancel.eml"
equals "$(sq 'select sequence from reviews where id = 1')" 0 "dry runs did not bump SEQUENCE"
expect_rc 0 "monthly --dry-run" "$R" review schedule anna --monthly --dry-run --output "$T_DIR/monthly.eml"

files="schedule schedule-manager queued queued-manager move move-manager cancel cancel-manager monthly monthly-manager"
for f in $files; do
  if "$py" "$tools/itip_check.py" --strict -q "$T_DIR/$f.eml" > "$T_DIR/$f.check" 2>&1; then
    ok "$f.eml passes itip_check --strict"
  else
    fail "$f.eml: $(cat "$T_DIR/$f.check")"
  fi
done

# what each email says, read back with Python's email and icalendar, and
# the meeting's instants as ical.js (Thunderbird) computes them
check() { # FILE METHOD SEQUENCE START_UNIX
  "$py" - "$T_DIR/$1.eml" "$2" "$3" "$4" "$tools/itip_icaljs.mjs" <<'PY'
import email, email.policy, json, subprocess, sys
path, method, seq, start, mjs = sys.argv[1:]
msg = email.message_from_binary_file(open(path, "rb"), policy=email.policy.default)
cal = [p for p in msg.walk() if p.get_content_type() == "text/calendar"][0]
ics = cal.get_content()
assert cal.get_param("method") == method, cal.get_param("method")
assert "METHOD:%s\r\n" % method in ics, "METHOD"
assert "SEQUENCE:%s\r\n" % seq in ics, "SEQUENCE"
assert "UID:rapport-1on1-1-2026-W45@example.com\r\n" in ics, "UID"
assert ("STATUS:CANCELLED" in ics) == (method == "CANCEL"), "STATUS"
res = json.loads(subprocess.run(["node", mjs], input=ics.encode(), capture_output=True).stdout)
ev = res["events"][0]
assert res["ok"], res["errors"]
assert ev["dtstartUnix"] == int(start), (ev["dtstartUnix"], start)
PY
}
move_start=$("$py" -c 'import datetime as d; print(int(d.datetime(2026,11,5,15,30,tzinfo=d.timezone.utc).timestamp()))')
check schedule REQUEST 0 "$want_start" && ok "schedule: REQUEST, SEQUENCE 0, ical.js reads 15:00Z" || fail "schedule.eml content"
check queued-manager REQUEST 0 "$want_start" && ok "the queued manager's copy says the same" || fail "queued-manager.eml content"
check move REQUEST 1 "$move_start" && ok "move: same UID, SEQUENCE 1, 15:30Z" || fail "move.eml content"
check cancel CANCEL 1 "$want_start" && ok "cancel: METHOD:CANCEL, STATUS:CANCELLED, SEQUENCE 1" || fail "cancel.eml content"

subj=$("$py" -c 'import email,email.policy,sys; print(email.message_from_binary_file(open(sys.argv[1],"rb"),policy=email.policy.default)["subject"])' "$T_DIR/schedule-manager.eml")
contains "$subj" "Tue Nov 3, 16:00" "the manager's copy shows Berlin time"
subj=$("$py" -c 'import email,email.policy,sys; print(email.message_from_binary_file(open(sys.argv[1],"rb"),policy=email.policy.default)["subject"])' "$T_DIR/schedule.eml")
contains "$subj" "Tue Nov 3, 10:00" "the person's copy shows New York time"
grep -q "très réactive" <("$py" -c 'import email,email.policy,sys
m=email.message_from_binary_file(open(sys.argv[1],"rb"),policy=email.policy.default)
print([p for p in m.walk() if p.get_content_type()=="text/calendar"][0].get_content())' "$T_DIR/schedule.eml") &&
  ok "the agenda (DESCRIPTION) carries the check-in's words" || fail "agenda missing from DESCRIPTION"

# `rapport parse --json` reads iTIP back from our own emails and from a bare .ics
"$py" -c 'import email,email.policy,sys
m=email.message_from_binary_file(open(sys.argv[1],"rb"),policy=email.policy.default)
sys.stdout.write([p for p in m.walk() if p.get_content_type()=="text/calendar"][0].get_content())' \
  "$T_DIR/move.eml" > "$T_DIR/move.ics"
for f in move.eml move.ics; do
  run "$R" parse --json "$T_DIR/$f"
  got=$(printf '%s' "$OUT" | "$py" -c 'import json,sys; d=json.load(sys.stdin); i=d["itip"]
print(d["class"], i["method"], i["uid"], i["sequence"], i["start"], len(d["calendars"]))')
  want_n=$([ "$f" = move.eml ] && echo 2 || echo 1)
  equals "$got" "itip REQUEST rapport-1on1-1-2026-W45@example.com 1 2026-11-05T15:30:00Z $want_n" \
    "rapport parse --json $f: method, UID, SEQUENCE, start"
done
run "$R" parse --json "$SHARED/corpus/itip/google-counter.eml"
got=$(printf '%s' "$OUT" | "$py" -c 'import json,sys; i=json.load(sys.stdin)["itip"]
print(i["method"], i["attendee"], i["partstat"], i["proposed_start"], i["content_type_mismatch"])')
equals "$got" "COUNTER mailto:max@gmail.com TENTATIVE 2021-01-13T18:45:00Z True" \
  "rapport parse --json: Google's COUNTER (METHOD from the VCALENDAR, not the Content-Type)"
done_testing
