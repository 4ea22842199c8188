#!/bin/bash
# The command line: usage and exit codes, init, people, tasks, goals, and
# config errors that name the file, line and key.
. "$(dirname "$0")/lib.sh"
R=$RAPPORT
CONF=$HOME/.config/rapport/rapport.conf
DB=$HOME/.local/share/rapport/rapport.db

# --- usage and exit codes (sysexits)
expect_rc 64 "no command: usage" "$R"
contains "$ERR" "usage: rapport" "usage is printed on misuse"
expect_rc 64 "unknown command" "$R" frobnicate
expect_rc 0 "--version" "$R" --version
contains "$OUT" "rapport " "version printed"
expect_rc 0 "help person" "$R" help person
contains "$OUT" "rapport person add" "help lists subcommands"
expect_rc 64 "unknown option" "$R" person list --bogus
expect_rc 66 "no config yet: EX_NOINPUT" "$R" person list
contains "$ERR" "rapport init" "the error says how to start"

# --- init
expect_rc 0 "init" "$R" init --manager "Maria Rossi" --email maria@example.com --tz Europe/Rome
equals "$(stat -c %a "$CONF")" 600 "config file is 0600"
equals "$(stat -c %a "$DB")" 600 "database file is 0600"
equals "$(stat -c %a "$(dirname "$DB")")" 700 "data directory is 0700"
cp "$CONF" "$T_DIR/conf.before"
expect_rc 0 "init again keeps the config" "$R" init --manager Other --email other@example.com
contains "$OUT" "kept $CONF" "init says it kept the existing config"
cmp -s "$CONF" "$T_DIR/conf.before" && ok "the config is unchanged" || fail "init changed an existing config"
expect_rc 0 "config --check on the example" "$R" config --check
expect_rc 64 "init with a bad zone" "$R" -c "$T_DIR/x.conf" init --tz Mars/Olympus
contains "$ERR" "unknown time zone 'Mars/Olympus'" "bad zone named"

# --- people
expect_rc 0 "person add" "$R" person add "Anna Lee" --email anna@example.com --tz Asia/Manila \
  --days Mon-Fri --hours 09:00-17:00
expect_rc 0 "person add with own schedule" "$R" person add "Ben Ortiz" --email Ben@Example.com \
  --tz America/Los_Angeles --days Tue-Sat --hours 08:30-16:30 --checkin "FREQ=WEEKLY;BYDAY=TH;BYHOUR=16"
expect_rc 64 "bad zone" "$R" person add Carl --email carl@example.com --tz Europe/Atlantis
contains "$ERR" "unknown time zone 'Europe/Atlantis'" "bad zone is a clear error"
expect_rc 64 "bad address" "$R" person add Carl --email carl.example.com --tz UTC
contains "$ERR" "'carl.example.com' is not an email address" "bad address is a clear error"
expect_rc 64 "header injection in an address" "$R" person add Carl --email $'carl@example.com\r\nBcc: x@y.z' --tz UTC
expect_rc 64 "bad day range" "$R" person add Carl --email carl@example.com --tz UTC --days Mon-Funday
contains "$ERR" "bad day range" "bad day range is a clear error"
expect_rc 64 "bad hours" "$R" person add Carl --email carl@example.com --tz UTC --hours 17:00-09:00
contains "$ERR" "is not after the" "bad hours are a clear error"
expect_rc 64 "bad RRULE" "$R" person add Carl --email carl@example.com --tz UTC --checkin "FREQ=SOMETIMES"
contains "$ERR" "bad RRULE" "bad RRULE is a clear error"
expect_rc 64 "RRULE more often than daily" "$R" person add Carl --email carl@example.com --tz UTC --checkin "FREQ=HOURLY"
expect_rc 64 "missing --email" "$R" person add Carl --tz UTC
expect_rc 65 "duplicate address (case-insensitive)" "$R" person add "Anna Two" --email ANNA@example.com --tz UTC
expect_rc 0 "person list" "$R" person list
contains "$OUT" "Anna Lee" "list shows Anna"
contains "$OUT" "Tue-Sat" "list shows Ben's days"
run "$R" person list --json
equals "$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d), d[1]["tz"], d[1]["checkin_default"])')" \
  "2 America/Los_Angeles False" "list --json is valid JSON with the fields"
expect_rc 0 "show by first name" "$R" person show ben
contains "$OUT" "FREQ=WEEKLY;BYDAY=TH;BYHOUR=16" "show has the check-in rule"
expect_rc 67 "unknown person" "$R" person show zed
expect_rc 0 "edit" "$R" person edit anna --hours 10:00-18:00 --add-alias anna.lee@gmail.com --review-slot "fr 15:00"
run "$R" person show anna --json
contains "$OUT" '"hours": "10:00-18:00"' "edit changed the hours"
contains "$OUT" '"anna.lee@gmail.com"' "edit added the alias"
contains "$OUT" '"review_slot": "FR 15:00"' "edit set the review slot"
expect_rc 0 "pause until a date" "$R" --now 2026-11-27T10:00:00Z person pause ben --until 2026-12-07
contains "$OUT" "back on 2026-12-07" "pause reports the return date"
run "$R" --now 2026-11-28T10:00:00Z person list
contains "$OUT" "paused" "paused while away"
run "$R" --now 2026-12-08T10:00:00Z person list
lacks "$OUT" "paused" "active again after the return date"
expect_rc 0 "resume" "$R" person resume ben
expect_rc 65 "resume when not paused" "$R" person resume ben

# --- tasks and goals
expect_rc 0 "task add" "$R" task add anna "Prepare Q4 report" --due 2026-12-04
expect_rc 0 "task add (overdue)" "$R" --now 2026-11-27T10:00:00Z task add ben "Clean up CRM" --due 2026-11-20
expect_rc 64 "task add with a bad date" "$R" task add anna "x" --due 2026-02-30
expect_rc 64 "task add without --due" "$R" task add anna "x"
run "$R" --now 2026-11-27T10:00:00Z task list --overdue --json
equals "$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print([t["id"] for t in d])')" "[2]" "only the overdue task is listed"
expect_rc 0 "task move" "$R" task move 2 2026-12-02 --reason "waiting on client"
expect_rc 0 "task done" "$R" task done 1
expect_rc 65 "task done twice" "$R" task done 1
expect_rc 65 "unknown task" "$R" task done 99
run "$R" task list --all
contains "$OUT" "done" "done task listed with --all"
equals "$(sqlite3 "$DB" "select old_due||'>'||new_due||':'||reason from task_history where kind='moved'")" \
  "2026-11-20>2026-12-02:waiting on client" "the move is kept in the task's history"
expect_rc 0 "goal add" "$R" goal add anna "Inbox under 20" --metric "emails in inbox" --target 20 --due 2026-12-31
expect_rc 0 "goal progress" "$R" goal progress 1 35
expect_rc 64 "goal progress with junk" "$R" goal progress 1 lots
expect_rc 0 "goal done" "$R" goal done 1
run "$R" goal list --all --json
contains "$OUT" '"status": "done"' "goal marked done"

# --- remove keeps history
expect_rc 0 "remove" "$R" person remove ben
run "$R" person list
lacks "$OUT" "Ben Ortiz" "removed people are not listed"
run "$R" person list --all
contains "$OUT" "removed" "but are kept"
equals "$(sqlite3 "$DB" "select count(*) from tasks where person_id = 2")" 1 "their tasks are kept"

# --- config errors name the file, line and key
BAD=$T_DIR/bad.conf
cat > "$BAD" <<CONF
[manager]
name = Maria
email = maria@example.com
tz = Europe/Rome

[agent]
daily_cap = lots
colour = blue

[imap]
url = http://example.com/
[nosuch]
key = 1
CONF
expect_rc 78 "bad config: EX_CONFIG" "$R" -c "$BAD" config --check
contains "$ERR" "$BAD:7: [agent] daily_cap: 'lots' is not a number" "bad value names file:line: key"
contains "$ERR" "$BAD:8: [agent] colour: unknown key" "unknown key names file:line: key"
contains "$ERR" "$BAD:11: [imap] url:" "bad URL named"
contains "$ERR" "$BAD:13: [nosuch] key: unknown section" "unknown section named"
printf '[manager]\nname = M\n' > "$BAD"
expect_rc 78 "missing required keys" "$R" -c "$BAD" config --check
contains "$ERR" "[manager] email: required" "missing key named"
printf 'secret\n' > "$T_DIR/pw"; chmod 644 "$T_DIR/pw"
printf '[manager]\nname = M\nemail = m@example.com\ntz = UTC\n[smtp]\npassword_file = %s\n' "$T_DIR/pw" > "$BAD"
expect_rc 78 "world-readable password file refused" "$R" -c "$BAD" config --check
contains "$ERR" "$BAD:6: [smtp] password_file: $T_DIR/pw is readable by others" "bad file mode named"
chmod 600 "$T_DIR/pw"
expect_rc 0 "a 0600 password file is accepted" "$R" -c "$BAD" config --check
run "$R" -c "$BAD" config
contains "$OUT" "smtp.password_file = (set)" "config output never shows secrets' paths or values"
lacks "$OUT" "secret" "the password itself is never printed"
printf '[manager]\nname = M\nemail = m@example.com\ntz = UTC\n[smtp]\npassword_env = A\npassword_cmd = echo x\n' > "$BAD"
expect_rc 78 "two password sources refused" "$R" -c "$BAD" config --check

# --- the shipped example and the docs cannot drift from the key table
run "$R" config --example
if cmp -s <(printf '%s\n' "$OUT") "$top_srcdir/conf/rapport.conf.example"; then
  ok "conf/rapport.conf.example is what rapport config --example prints"
else
  fail "conf/rapport.conf.example is stale: regenerate with rapport config --example"
fi
for key in $(printf '%s\n' "$OUT" | sed -n 's/^#\{0,1\}\([a-z_0-9]*\) =.*/\1/p' | sort -u); do
  grep -q "Ic $key\b\|Ic [a-z_, ]*\b$key\b" "$top_srcdir/man/rapport.conf.5" || fail "rapport.conf(5) misses $key"
  grep -q "\b$key\b" "$top_srcdir/README.md" || fail "README misses config key $key"
done
ok "every config key is documented in rapport.conf(5) and the README"
done_testing
