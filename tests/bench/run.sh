#!/bin/bash
# make bench: rapport's speed and memory, side by side with the established
# tools doing the same work on the same loopback servers, as ratios.
#
#   send    render, queue and send N check-ins (`rapport tick`, STARTTLS +
#           AUTH, outbox commits included) vs msmtp (a process per message,
#           as a cron script would) and the curl CLI (one reused connection:
#           the libcurl floor)
#   ingest  fetch, store, parse and record M replies (`rapport poll`) vs
#           mbsync copying the same mailbox to a Maildir (FSync no)
#   idle    on a mailbox of 100,000 messages: a new one detected and stored by
#           a running `rapport run` (IDLE), the CPU of a poll with nothing new,
#           and mbsync's incremental sync of the same mailbox
#   parse   the shared reply corpus: `rapport parse --batch`, then in memory
#           (tests/bench/bench_parse) reply extraction alone and the whole
#           pipeline, next to the npm reply parsers (fetched with npm when
#           they are missing), as ratios
#   digest  the digest, report and export for 100 people x 52 weeks
#
# Knobs: BENCH_SEND=1000 BENCH_INGEST=10000 BENCH_MAILBOX=100000
#        BENCH_REPEAT=3 (runs of each side of the ingest and parse comparisons: both
#        vary by a third from run to run here, so medians are compared)
#        BENCH_ONLY="send ingest ..."
# Needs: msmtp, isync (mbsync) and curl for the peers (skipped if missing).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${top_builddir:-$top}
R=$build/rapport
PY=/usr/bin/python3
N_SEND=${BENCH_SEND:-1000}
N_INGEST=${BENCH_INGEST:-10000}
N_MAILBOX=${BENCH_MAILBOX:-100000}
N_REPEAT=${BENCH_REPEAT:-3}
ONLY=${BENCH_ONLY:-send ingest idle parse digest}
W=$(mktemp -d /tmp/rapport-bench.XXXXXX)
chmod 755 "$W"
RESULTS=$W/results.txt
: > "$RESULTS"
. "$top/tests/harness/mailservers.sh"
MS_USERS="agent:agentpw bench:benchpw manager:managerpw"
cleanup() { ms_stop_dir "$W/ms" 2> /dev/null; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$W"; }
trap cleanup EXIT
mkdir -p "$W/ms"
ms_start "$W/ms" > /dev/null || { echo "bench: cannot start the mail servers"; exit 77; }
trap cleanup EXIT

want() { case " $ONLY " in *" $1 "*) return 0 ;; esac; return 1; }
note() { echo "$*" | tee -a "$RESULTS"; }
# measure CMD...: run it; print "SECONDS MAXRSS_KB" (wall time, peak RSS of the command)
measure() {
  "$PY" - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.time()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=sys.stderr)
el = time.time() - t
print("%.3f %d %d" % (el, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode))
PY
}
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
best() { printf '%s\n' "$@" | sort -n | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }'; }

# mbsyncrc SSLTYPE: $W/mbsyncrc, copying the agent's INBOX to $W/mbsync/local
mbsyncrc() {
  cat > "$W/mbsyncrc" <<RC
FSync no

IMAPAccount bench
Host localhost
Port $MS_IMAP_PORT
User agent
Pass agentpw
SSLType $1
CertificateFile $MS_CAFILE

IMAPStore remote
Account bench

MaildirStore local
Path $W/mbsync/local/
Inbox $W/mbsync/local/INBOX

Channel c
Far :remote:
Near :local:
Sync Pull
Create Near
SyncState *
RC
}

config() { # DB [extra ini]
  cat > "$W/rapport.conf" <<CONF
[agent]
database = $1
state_dir = $W/state
log = $W/rapport.log
log_level = warn
daily_cap = 50
receipts = no

[manager]
name = Maria Rossi
email = manager@localhost
tz = UTC

[schedule]
weekly_reviews = no
monthly_reviews = no

[imap]
url = imap://localhost:$MS_IMAP_PORT
user = agent
password_env = BENCH_PW
ca_file = $MS_CAFILE
after = none

[smtp]
url = smtp://localhost:$MS_SUBMISSION_PORT
user = bench
password_env = BENCH_PW2
ca_file = $MS_CAFILE
from = agent@localhost
CONF
  printf '%s\n' "${2:-}" >> "$W/rapport.conf"
  chmod 600 "$W/rapport.conf"
  export RAPPORT_CONFIG=$W/rapport.conf BENCH_PW=agentpw BENCH_PW2=benchpw
  rm -f "$1"
  "$R" init > /dev/null
}

if want send; then
  echo "== send: $N_SEND check-ins over STARTTLS + AUTH"
  config "$W/send.db"
  "$PY" - "$W/send.db" "$N_SEND" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
with db:
    for i in range(int(sys.argv[2])):
        db.execute("INSERT INTO people (name, email, tz, days, day_start, day_end, checkin_rrule, created_at) "
                   "VALUES (?, ?, 'UTC', 127, 0, 1440, 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0', 1700000000)",
                   ("Person %d" % i, "bench+%d@localhost" % i))
PY
  read -r secs rss rc < <(measure "$R" --now 2026-11-27T09:00:00Z tick)
  sent=$(sqlite3 "$W/send.db" "select count(*) from outbox where state = 'sent'")
  r_rate=$(rate "$sent" "$secs")
  note "rapport tick: $sent of $N_SEND sent in ${secs}s = $r_rate msgs/s, peak RSS $(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }') MB"
  mkdir -p "$W/msgs"
  sqlite3 "$W/send.db" "select id from outbox order by id limit 200" | while read -r id; do
    sqlite3 "$W/send.db" "select writefile('$W/msgs/$id.eml', bytes) from outbox where id = $id" > /dev/null
  done
  if command -v msmtp > /dev/null; then
    n=50
    start=$(date +%s.%N)
    for f in $(ls "$W"/msgs/*.eml | head -$n); do
      msmtp --host=localhost --port="$MS_SUBMISSION_PORT" --tls=on --tls-starttls=on \
        --tls-trust-file="$MS_CAFILE" --auth=on --user=bench --passwordeval='echo benchpw' \
        --from=agent@localhost bench@localhost < "$f" || echo "msmtp failed"
    done
    m_secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
    m_rate=$(rate "$n" "$m_secs")
    note "msmtp, one process per message: $n in ${m_secs}s = $m_rate msgs/s -> rapport is $(ratio "$r_rate" "$m_rate")x msmtp"
  else
    note "msmtp: not installed (apt-get install msmtp)"
  fi
  if command -v curl > /dev/null; then
    cfg=$W/curl.cfg
    : > "$cfg"
    k=0
    for f in "$W"/msgs/*.eml; do
      [ $k -gt 0 ] && echo "next" >> "$cfg"
      printf 'url = "smtp://localhost:%s/bench"\nssl-reqd\ncacert = "%s"\nuser = "bench:benchpw"\nmail-from = "agent@localhost"\nmail-rcpt = "bench@localhost"\nupload-file = "%s"\nsilent\n' \
        "$MS_SUBMISSION_PORT" "$MS_CAFILE" "$f" >> "$cfg"
      k=$((k + 1))
    done
    read -r c_secs c_rss c_rc < <(measure curl -K "$cfg")
    c_rate=$(rate "$k" "$c_secs")
    note "curl CLI, one reused connection: $k in ${c_secs}s = $c_rate msgs/s -> rapport is $(ratio "$r_rate" "$c_rate")x curl"
  fi
fi

if want ingest; then
  echo "== ingest: $N_INGEST replies from Dovecot ($N_REPEAT runs of each side; medians compared)"
  people() {
    for p in "Anna Lee:anna" "Ben Ortiz:ben" "Chloé Martin:chloe" "Dmitri Ivanov:dmitri" "Eva Müller:eva" "Farah Khan:farah"; do
      "$R" person add "${p%%:*}" --email "${p#*:}@example.com" --tz UTC > /dev/null
    done
  }
  config "$W/ingest.db"
  own=""
  [ "$(id -u)" = 0 ] && own="--uid $(id -u mail) --gid $(id -g mail)"
  # shellcheck disable=SC2086
  "$PY" "$top/tests/bench/gen_replies.py" "$MS_MAIL/agent/Maildir" "$N_INGEST" $own | sed 's/^/   /'
  mb=$(du -sm "$MS_MAIL/agent/Maildir/new" | cut -f1)
  # warm Dovecot's index, as a server in use has it
  curl -sS "imap://localhost:$MS_IMAP_PORT/INBOX" -u agent:agentpw -X 'STATUS INBOX (MESSAGES)' > /dev/null
  # (after = none: the mailbox stays as it is for the next run and for mbsync)
  r_times=()
  for k in $(seq "$N_REPEAT"); do
    config "$W/ingest.db"
    people
    read -r secs rss rc < <(measure "$R" poll --quiet)
    rec=$(sqlite3 "$W/ingest.db" "select count(*) from messages where state != 'new'")
    note "   rapport poll (STARTTLS) run $k: $rec of $N_INGEST stored, parsed and recorded in ${secs}s ($(rate "$rec" "$secs") msgs/s, ${mb} MB), peak RSS $(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }') MB"
    r_times+=("$secs")
  done
  i_secs=$(median "${r_times[@]}")
  note "rapport poll (STARTTLS): median ${i_secs}s, best $(best "${r_times[@]}")s = $(rate "$N_INGEST" "$i_secs") msgs/s"
  if command -v mbsync > /dev/null; then
    for mode in STARTTLS None; do
      mbsyncrc "$mode"
      m_times=()
      runs=$N_REPEAT
      [ "$mode" = None ] && runs=1
      for k in $(seq "$runs"); do
        rm -rf "$W/mbsync" && mkdir -p "$W/mbsync/local"
        read -r m_secs m_rss m_rc < <(measure mbsync -c "$W/mbsyncrc" -a -q 2> "$W/mbsync.err")
        [ "$m_rc" = 0 ] || { note "mbsync failed (exit $m_rc): $(head -3 "$W/mbsync.err")"; continue 2; }
        m_times+=("$m_secs")
      done
      note "mbsync (SSLType $mode, FSync no): median $(median "${m_times[@]}")s, best $(best "${m_times[@]}")s (runs: ${m_times[*]}), peak RSS $((m_rss / 1024)) MB"
      if [ "$mode" = STARTTLS ]; then
        note "   -> rapport poll takes $(ratio "$i_secs" "$(median "${m_times[@]}")")x mbsync's median time for the same mailbox over TLS (target: at most 2x); best against best: $(ratio "$(best "${r_times[@]}")" "$(best "${m_times[@]}")")x"
      fi
    done
  else
    note "mbsync: not installed (apt-get install isync)"
  fi
fi

if want idle; then
  echo "== idle: a mailbox of $N_MAILBOX messages under a running rapport run"
  config "$W/idle.db"
  "$R" person add "Anna Lee" --email anna@example.com --tz UTC > /dev/null
  # top the mailbox up to N_MAILBOX small messages, written as a delivery agent would
  own=""
  [ "$(id -u)" = 0 ] && own="$(id -u mail):$(id -g mail)"
  "$PY" - "$MS_MAIL/agent/Maildir" "$N_MAILBOX" "$own" <<'PY'
import os, sys, time
d, n, own = sys.argv[1], int(sys.argv[2]), sys.argv[3]
have = sum(len(os.listdir(os.path.join(d, s))) for s in ("new", "cur"))
uid = gid = None
if own:
    uid, gid = (int(x) for x in own.split(":"))
t = int(time.time())
for i in range(have, n):
    body = ("From: Person %d <p%d@example.com>\nTo: agent@localhost\nSubject: note %d\n"
            "Message-ID: <big.%d@example.com>\nDate: Fri, 27 Nov 2026 10:00:00 +0000\n\n"
            "An older message that rapport has seen already.\n" % (i % 97, i % 97, i, i))
    name = os.path.join(d, "cur", "%d.big%07d.host,S=%d:2,S" % (t, i, len(body)))
    with open(name, "w") as f:
        f.write(body)
    if uid is not None:
        os.chown(name, uid, gid)
PY
  # Dovecot's own delay: a bare IMAP client in IDLE on the same mailbox
  read -r d_ms d_sync < <("$PY" "$top/tests/bench/idle_latency.py" dovecot "$MS_IMAP_PORT" "$MS_CAFILE" \
      "$MS_MAIL/agent/Maildir" "${own:--}" 3)
  # rapport is told it has seen all of the mailbox, as after its first poll
  # (mailbox_state is where it keeps that)
  st=$(curl -sS --cacert "$MS_CAFILE" --ssl-reqd "imap://localhost:$MS_IMAP_PORT/INBOX" -u agent:agentpw \
      -X 'STATUS INBOX (MESSAGES UIDVALIDITY UIDNEXT)')
  msgs=$(echo "$st" | sed -n 's/.*MESSAGES \([0-9]*\).*/\1/p')
  uv=$(echo "$st" | sed -n 's/.*UIDVALIDITY \([0-9]*\).*/\1/p')
  un=$(echo "$st" | sed -n 's/.*UIDNEXT \([0-9]*\).*/\1/p')
  sqlite3 "$W/idle.db" "INSERT OR REPLACE INTO mailbox_state (source, uidvalidity, last_uid, updated_at) VALUES ('agent/INBOX', $uv, $((un - 1)), 0)"
  export RAPPORT_CONFIG=$W/rapport.conf
  "$R" run 2> /dev/null &
  pid=$!
  sleep 3
  r_ms=$("$PY" "$top/tests/bench/idle_latency.py" rapport "$W/idle.db" "$MS_MAIL/agent/Maildir" "${own:--}" 3)
  c1=$(awk '{print $1}' "/proc/$pid/schedstat"); sleep 5; c2=$(awk '{print $1}' "/proc/$pid/schedstat")
  kill "$pid"; wait "$pid" 2> /dev/null
  note "rapport run (IDLE) on $msgs messages: a new one written to the Maildir is stored in $r_ms ms (median of 3)"
  note "   Dovecot itself tells a bare IMAP client in IDLE after $d_ms ms (it waits 0.5 s after a change),"
  note "   and hands the new message over in $d_sync ms more (the first access to it looks for its file among $msgs):"
  # (the three are medians of separate runs: a difference under zero means
  # rapport's share is lost in their spread)
  note "   rapport's own share is $(awk -v a="$r_ms" -v b="$d_ms" -v c="$d_sync" 'BEGIN { if (a == "-" || b == "-") print "-"; else if (a - b - c < 1) printf "under the spread of the measurements (%.0f ms)", a - b - c; else printf "%.0f ms", a - b - c }') (target 50 ms)"
  note "rapport run idle: $(awk -v a="$c1" -v b="$c2" 'BEGIN { printf "%.1f", (b - a) / 1e6 }') ms of CPU in 5 s"
  # one wake-up with nothing new (poll instead of IDLE, session kept open):
  # the CPU of the process over three wake-ups, divided
  # the window opens after its first round (start-up, TLS, SELECT, the
  # first schedule) is over: that round is no wake-up with nothing new
  sed -i 's/^\[imap\]$/[imap]\nidle = no/; s/^\[agent\]$/[agent]\npoll_interval = 10s/' "$W/rapport.conf"
  sqlite3 "$W/idle.db" "DELETE FROM kv WHERE key = 'last_poll'"
  "$R" run 2> /dev/null &
  pid=$!
  for _ in $(seq 100); do
    [ -n "$(sqlite3 "$W/idle.db" "SELECT 1 FROM kv WHERE key = 'last_poll'" 2> /dev/null)" ] && break
    sleep 0.1
  done
  sleep 1
  c1=$(awk '{print $1}' "/proc/$pid/schedstat"); sleep 30; c2=$(awk '{print $1}' "/proc/$pid/schedstat")
  kill "$pid"; wait "$pid" 2> /dev/null
  note "rapport run, a poll every 10 s on $msgs messages with no change: $(awk -v a="$c1" -v b="$c2" 'BEGIN { printf "%.1f", (b - a) / 3 / 1e6 }') ms of CPU a poll (target 5 ms)"
  if command -v mbsync > /dev/null; then
    rm -rf "$W/mbsync" && mkdir -p "$W/mbsync/local"
    mbsyncrc STARTTLS
    mbsync -c "$W/mbsyncrc" -a -q > /dev/null 2>&1
    printf 'From: Anna Lee <anna@example.com>\r\nSubject: ping\r\nMessage-ID: <mbsync.bench@x>\r\n\r\nping\r\n' > "$W/ping.eml"
    ms_deliver agent "$W/ping.eml"
    read -r m_secs m_rss m_rc < <(measure mbsync -c "$W/mbsyncrc" -a -q)
    note "mbsync's incremental sync of the same mailbox with one new message: $(awk -v s="$m_secs" 'BEGIN { printf "%.0f", s * 1000 }') ms"
  fi
fi

if want parse; then
  corpus=$top/../shared/corpus/replies
  if [ -d "$corpus" ]; then
    echo "== parse: the whole pipeline over $corpus"
    files=("$corpus"/*.eml)
    mkdir -p "$W/parse"
    bytes=$(cat "${files[@]}" | wc -c)
    reps=50
    all=()
    for i in $(seq $reps); do all+=("${files[@]}"); done
    start=$(date +%s.%N)
    "$R" parse --batch "$W/parse" "${all[@]}"
    p_secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
    n=${#all[@]}
    note "rapport parse --batch (MIME, charsets, HTML, reply extraction, answers; one process, files read from disk): $n messages in ${p_secs}s = $(rate "$n" "$p_secs") msgs/s, $(awk -v b="$bytes" -v r="$reps" -v s="$p_secs" 'BEGIN { printf "%.1f", b * r / s / 1e6 }') MB/s"
    (cd "$build" && make -s tests/bench/bench_parse > /dev/null 2>&1)
    if [ -x "$build/tests/bench/bench_parse" ]; then
      # both sides vary by a tenth or more from run to run here: each is
      # run $N_REPEAT times and the medians are compared
      : > "$W/parse.all"
      for k in $(seq "$N_REPEAT"); do
        "$build/tests/bench/bench_parse" --passes 50 "${files[@]}" 2> /dev/null >> "$W/parse.all"
      done
      kv() { median $(awk -v k="$1" '$1 == k { print $2 }' "$W/parse.all"); }
      kvs() { awk -v k="$1" '$1 == k { printf "%s%s", sep, $2; sep = " " }' "$W/parse.all"; }
      note "   in one process, messages in memory (as the peers are measured), the median of $N_REPEAT runs:"
      note "   reply extraction alone: $(kv extract_msgs_s) msgs/s, $(kv extract_mb_s) MB/s of decoded body text"
      note "   whole pipeline: $(kv pipeline_msgs_s) msgs/s, $(kv pipeline_mb_s) MB/s of raw messages (runs: $(kvs pipeline_msgs_s))"
      note "   worst message per byte: $(basename "$(awk '$1 == "worst_file" { f = $2 } END { print f }' "$W/parse.all")") at $(kv worst_ratio)x the median (target: within 10x)"
    fi
    # the npm peers over the same corpus (../shared/tools/replyeval), fetched once if npm can
    prefix=${REPLYEVAL_NODE_PREFIX:-/tmp/replyeval/node}
    if [ ! -d "$prefix/node_modules/email-reply-parser" ] && command -v npm > /dev/null; then
      timeout 300 npm install --silent --prefix "$prefix" --legacy-peer-deps \
          email-reply-parser planer node-email-reply-parser mailparser jsdom > /dev/null 2>&1 || true
    fi
    if [ -d "$prefix/node_modules/email-reply-parser" ] && command -v node > /dev/null; then
      best_msgs=0 best_mb=0 best=
      for peer in email-reply-parser node-email-reply-parser planer; do
        ms=() mbs=()
        for k in $(seq "$N_REPEAT"); do
          line=$(REPLYEVAL_NODE_PREFIX=$prefix "$top/../shared/tools/replyeval/reply_eval.sh" --peer "$peer" \
              --iters 50 "$corpus" 2> /dev/null | grep -E "msgs/s, .* MB/s of parser input" | head -1)
          [ -n "$line" ] || continue
          ms+=("$(echo "$line" | awk '{ print $1 }')")
          mbs+=("$(echo "$line" | awk '{ print $3 }')")
        done
        [ ${#ms[@]} -gt 0 ] || continue
        m=$(median "${ms[@]}"); mb=$(median "${mbs[@]}")
        note "   peer $peer (extraction only): $m msgs/s, $mb MB/s of parser input, the median of ${#ms[@]} runs (runs: ${ms[*]})"
        if awk -v a="$m" -v b="$best_msgs" 'BEGIN { exit !(a > b) }'; then best_msgs=$m best_mb=$mb best=$peer; fi
      done
      if [ -n "$best" ] && [ -s "$W/parse.all" ]; then
        note "   ratios to the fastest peer ($best): extraction $(awk -v a="$(kv extract_mb_s)" -v b="$best_mb" 'BEGIN { printf "%.1f", a / b }')x its MB/s (target 20x); whole pipeline $(awk -v a="$(kv pipeline_msgs_s)" -v b="$best_msgs" 'BEGIN { printf "%.1f", a / b }')x its msgs/s (target 10x)"
      fi
    else
      note "   (npm peers not installed and npm could not fetch them: see ../shared/notes/replies.md; measured there: fastest peer ~3.9k msgs/s, 2.2 MB/s, extraction only)"
    fi
  fi
fi

if want digest; then
  echo "== digest: 100 people x 52 weeks"
  (cd "$build" && make -s tests/bench/bench_digest > /dev/null 2>&1)
  if [ -x "$build/tests/bench/bench_digest" ]; then
    "$build/tests/bench/bench_digest" 2>&1 | sed 's/^/   /' | tee -a "$RESULTS"
  fi
fi

echo
echo "== summary"
cat "$RESULTS"
