#!/bin/bash
# Load (long: `make check-long`, or RAPPORT_LONG=1): 200 people, 10,000
# replies waiting in the mailbox, 1,000 emails due. One `rapport tick` and one
# `rapport poll` complete, everything is sent and recorded, and peak memory
# stays bounded (reported).
. "$(dirname "$0")/lib.sh"
[ -n "${RAPPORT_LONG:-}" ] || skip "a long test: run it with make check-long"
. "$top_srcdir/tests/harness/mailservers.sh"
MS_USERS="manager:managerpw agent:agentpw bench:benchpw"
ms_start || skip "cannot start Dovecot and the SMTP server here"
t_config "[agent]
daily_cap = 50
log_level = warn
receipts = no
[imap]
after = move
[schedule]
weekly_reviews = no
monthly_reviews = no"
R=$RAPPORT
# 200 people (bench+N@localhost all reach bench's mailbox), each with 4 overdue
# tasks and a check-in due: 200 check-ins + 800 follow-ups = 1,000 emails
/usr/bin/python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
with db:
    for i in range(200):
        db.execute("INSERT INTO people (name, email, tz, days, day_start, day_end, checkin_rrule, created_at) "
                   "VALUES (?, ?, 'UTC', 127, 0, 1440, 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0', 1795000000)",
                   ("Person %d" % i, "bench+%d@localhost" % i))
        pid = db.execute("SELECT last_insert_rowid()").fetchone()[0]
        for k in range(4):
            db.execute("INSERT INTO tasks (person_id, text, due, created_at) VALUES (?, ?, '2026-11-20', 1795000000)",
                       (pid, "Task %d of person %d" % (k, i)))
PY
own=""
[ "$(id -u)" = 0 ] && own="--uid $(id -u mail) --gid $(id -g mail)"
# shellcheck disable=SC2086
/usr/bin/python3 "$top_srcdir/tests/bench/gen_replies.py" "$MS_MAIL/agent/Maildir" 10000 $own
peak() { /usr/bin/python3 -c '
import resource, subprocess, sys, time
t = time.time(); r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
print("%d %.1f %d" % (r.returncode, time.time() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024))' "$@"; }
read -r rc secs mb < <(peak "$R" --now 2026-11-27T09:30:00Z tick)
echo "# tick: 1,000 emails queued and sent in ${secs}s, peak RSS ${mb} MB"
equals "$rc" 0 "the tick completes"
equals "$(sq "select count(*) from outbox where state = 'sent'")" 1000 "1,000 emails sent"
[ "$mb" -lt 64 ] && ok "tick memory bounded (${mb} MB)" || fail "tick used ${mb} MB"
read -r rc secs mb < <(peak "$R" --now 2026-11-27T09:30:00Z poll --quiet)
echo "# poll: 10,000 replies fetched, stored, parsed, recorded and moved in ${secs}s, peak RSS ${mb} MB"
equals "$rc" 0 "the poll completes"
equals "$(sq "select count(*) from messages where state != 'new'")" 10000 "10,000 replies recorded"
equals "$(ms_count agent)" 0 "and moved to the processed folder"
[ "$mb" -lt 64 ] && ok "poll memory bounded (${mb} MB)" || fail "poll used ${mb} MB"
equals "$(sq "pragma integrity_check")" ok "the database is intact"
done_testing
