#!/bin/bash
# `rapport run`: one instance per database, IDLE wakes it within a second of
# new mail, SIGHUP reloads, SIGTERM stops it cleanly, no busy loop, and
# `rapport status` tells the truth about it.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/harness/mailservers.sh"
ms_start || skip "cannot start Dovecot and the SMTP server here"
t_config
R=$RAPPORT
"$R" person add "Anna Lee" --email anna@localhost --tz Asia/Manila > /dev/null

run_pid=
stop_run() { [ -n "$run_pid" ] && kill "$run_pid" 2>/dev/null; wait "$run_pid" 2>/dev/null; run_pid=; }
at_exit stop_run

"$R" run 2> "$T_DIR/run.stderr" &
run_pid=$!
for i in $(seq 50); do grep -q "run: started" "$T_DIR/rapport.log" 2>/dev/null && break; sleep 0.1; done
grep -q "run: started" "$T_DIR/rapport.log" && ok "rapport run started" || fail "rapport run did not start"
sleep 0.5
run "$R" status
contains "$OUT" "running (pid $run_pid)" "status: running, with its pid"
expect_rc 75 "a second rapport run is refused" "$R" run
contains "$ERR" "already serving" "with a clear message"

# IDLE: a reply is recorded within a second or two of its delivery
printf 'From: Anna Lee <anna@localhost>\r\nTo: agent@localhost\r\nSubject: hello\r\nMessage-ID: <idle.1@test>\r\n\r\nquick note\r\n' > "$T_DIR/m.eml"
start=$(date +%s.%N)
send_mail anna agent "$T_DIR/m.eml"
got=
for i in $(seq 60); do
  [ "$(sq "select count(*) from messages where state != 'new'")" = 1 ] && { got=1; break; }
  sleep 0.05
done
end=$(date +%s.%N)
[ -n "$got" ] && ok "new mail recorded by the running agent" || fail "the running agent did not pick up new mail"
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
echo "# IDLE: delivered and recorded in ${secs}s"
[ "$(awk -v s="$secs" 'BEGIN { print (s < 2.5) }')" = 1 ] && ok "IDLE woke the agent within seconds (${secs}s)" || fail "took ${secs}s"

# the session keeps its mailbox selected: the next messages are found
# without a new SELECT
for k in 2 3; do
  printf 'From: Anna Lee <anna@localhost>\r\nTo: agent@localhost\r\nSubject: again\r\nMessage-ID: <idle.%s@test>\r\n\r\nanother note\r\n' "$k" > "$T_DIR/m$k.eml"
  send_mail anna agent "$T_DIR/m$k.eml"
  got=
  for i in $(seq 60); do
    [ "$(sq "select count(*) from messages where state != 'new'")" = "$k" ] && { got=1; break; }
    sleep 0.05
  done
  [ -n "$got" ] && ok "message $k recorded in the same session" || fail "message $k not picked up"
done

# no busy loop: CPU time over 3 idle seconds
cpu() { awk '{print $14 + $15}' "/proc/$run_pid/stat"; }
c1=$(cpu); sleep 3; c2=$(cpu)
ticks=$((c2 - c1))
echo "# idle CPU: $ticks clock ticks in 3 s"
[ "$ticks" -le 5 ] && ok "idle CPU ~0 ($ticks ticks in 3 s)" || fail "busy while idle: $ticks ticks in 3 s"

# SIGHUP reloads the configuration
kill -HUP "$run_pid"
for i in $(seq 50); do grep -q "reloaded" "$T_DIR/rapport.log" && break; sleep 0.1; done
grep -q "configuration and templates reloaded" "$T_DIR/rapport.log" && ok "SIGHUP reloads" || fail "no reload on SIGHUP"
# a broken config on reload is refused, the agent keeps running
cp "$CONF" "$T_DIR/conf.good"
echo "bogus_key = 1" >> "$CONF"
kill -HUP "$run_pid"
for i in $(seq 50); do grep -q "keeping the old configuration" "$T_DIR/rapport.log" && break; sleep 0.1; done
grep -q "keeping the old configuration" "$T_DIR/rapport.log" && ok "a bad config on reload is refused" || fail "bad config not reported"
kill -0 "$run_pid" 2>/dev/null && ok "and the agent keeps running" || fail "the agent died on a bad reload"
cp "$T_DIR/conf.good" "$CONF"

# SIGTERM: clean exit
kill -TERM "$run_pid"
for i in $(seq 100); do kill -0 "$run_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$run_pid" 2>/dev/null && fail "still running 10 s after SIGTERM" || ok "SIGTERM stops it"
wait "$run_pid"; rc=$?; run_pid=
equals "$rc" 0 "with exit status 0"
grep -q "run: stopping" "$T_DIR/rapport.log" && ok "and says so in the log" || fail "no stop line"
run "$R" status
contains "$OUT" "not running" "status: not running"
grep -q "agentpw" "$T_DIR/rapport.log" "$T_DIR/run.stderr" && fail "a password reached the log" || ok "no password in the logs"
done_testing
