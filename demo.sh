#!/bin/bash
# demo.sh: the README's first command. On a fresh Debian 12 machine it
# installs the packages rapport needs (with sudo when not root), builds
# rapport, starts Dovecot and an SMTP server on 127.0.0.1, and runs one
# simulated week of rapport with a moved clock:
#
#   check-ins go out in each person's own time zone -> the people reply from
#   different mail clients (one top-posted from a phone, one HTML-only, one
#   late, after the reminder) -> rapport reads the replies over IMAP -> a task
#   is missed and followed up -> 1:1 review invites go out, one is accepted and
#   one declined -> the manager's digest is printed and its HTML saved.
#
# Everything lives in a throwaway directory under /tmp; the servers are
# stopped at the end. Options: --no-deps (skip the package step), --keep
# (keep the directory and print its path).
set -eu
cd "$(dirname "$0")"
TOP=$(pwd)
NO_DEPS= KEEP_DIR=
for a in "$@"; do
  case "$a" in
  --no-deps) NO_DEPS=1 ;;
  --keep) KEEP_DIR=1 ;;
  *) echo "usage: $0 [--no-deps] [--keep]" >&2; exit 64 ;;
  esac
done

PACKAGES="build-essential autoconf automake libtool pkgconf libetpan-dev libcurl4-gnutls-dev
 libsqlite3-dev libical-dev libxml2-dev libinih-dev libgnutls28-dev check dovecot-imapd
 python3-aiosmtpd openssl sqlite3 curl ca-certificates"

bold() { printf '\n\033[1m%s\033[0m\n' "$*"; }
step() { printf '\n\033[1;34m== %s\033[0m\n' "$*"; }
say() { printf '   %s\n' "$*"; }

if [ -z "$NO_DEPS" ]; then
  missing=
  for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    step "installing Debian packages:$missing"
    SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing > /dev/null
  fi
fi

if [ ! -x ./rapport ] || [ -n "$(find agent parsers templates -newer ./rapport -type f 2>/dev/null | head -1)" ]; then
  step "building rapport"
  [ -f configure ] || ./autogen.sh > /dev/null
  [ -f Makefile ] || ./configure > /dev/null
  make -j"$(nproc)" > /dev/null
fi

DEMO=$(mktemp -d /tmp/rapport-demo.XXXXXX)
chmod 755 "$DEMO"
. "$TOP/tests/harness/mailservers.sh"
MS_USERS="manager:managerpw agent:agentpw anna:annapw ben:benpw"
cleanup() {
  ms_stop_dir "$DEMO/mail" 2>/dev/null || true
  if [ -n "$KEEP_DIR" ]; then echo "kept $DEMO"; else rm -rf "$DEMO"; fi
}
trap cleanup EXIT
step "starting Dovecot (IMAP) and an SMTP server on 127.0.0.1"
mkdir -p "$DEMO/mail"
ms_start "$DEMO/mail" > /dev/null || { echo "could not start the mail servers" >&2; exit 69; }
trap cleanup EXIT
say "IMAP 127.0.0.1:$MS_IMAP_PORT (STARTTLS), SMTP submission 127.0.0.1:$MS_SUBMISSION_PORT"

export HOME=$DEMO/home RAPPORT_CONFIG=$DEMO/rapport.conf
mkdir -p "$HOME"
printf 'agentpw\n' > "$DEMO/agent.pw"; chmod 600 "$DEMO/agent.pw"
cat > "$RAPPORT_CONFIG" <<CONF
[agent]
database = $DEMO/rapport.db
state_dir = $DEMO/state
log = $DEMO/rapport.log

[manager]
name = Maria Rossi
email = manager@localhost
tz = Europe/Rome

[imap]
url = imap://localhost:$MS_IMAP_PORT
user = agent
password_file = $DEMO/agent.pw
ca_file = $MS_CAFILE

[smtp]
url = smtp://localhost:$MS_SUBMISSION_PORT
user = agent
password_file = $DEMO/agent.pw
ca_file = $MS_CAFILE
from = agent@localhost
CONF
chmod 600 "$RAPPORT_CONFIG"
R="$TOP/rapport"
at() { "$R" --now "$1" "${@:2}"; }

step "Monday Nov 23: Maria sets rapport up"
$R init > /dev/null
at 2026-11-23T08:00:00Z person add "Anna Lee" --email anna@localhost --tz Asia/Manila \
  --days Mon-Fri --hours 09:00-17:00
at 2026-11-23T08:00:00Z person add "Ben Ortiz" --email ben@localhost --tz America/Los_Angeles \
  --days Mon-Fri --hours 07:00-15:00 --checkin "FREQ=WEEKLY;BYDAY=FR;BYHOUR=14"
at 2026-11-23T08:00:00Z goal add anna "Inbox under 20 emails" --metric "emails in inbox" --target 20 \
  --due 2026-12-31 > /dev/null
at 2026-11-23T08:00:00Z goal add ben "Reply to every client within 4 hours" --metric "median reply hours" \
  --target 4 > /dev/null
at 2026-11-23T08:00:00Z task add anna "Prepare the Q4 report" --due 2026-12-04 > /dev/null
at 2026-11-23T08:00:00Z task add anna "Book the team offsite venue" --due 2026-12-11 > /dev/null
at 2026-11-23T08:00:00Z task add ben "Clean up the CRM contacts" --due 2026-11-26 > /dev/null
$R task list

message_id_of() { grep -m1 -i "^Message-ID:" "$1" | cut -d' ' -f2 | tr -d '\r'; }
newest_in() { ls -t "$MS_MAIL/$1/Maildir/new/"* 2>/dev/null | head -1; }
send_as() { # USER FILE
  curl -sS --ssl-reqd --cacert "$MS_CAFILE" "smtp://localhost:$MS_SUBMISSION_PORT/demo" \
    -u "$1:${1}pw" --mail-from "$1@localhost" --mail-rcpt agent@localhost -T "$2"
}
tick() { at "$1" tick | sed 's/^/   /'; }
poll() { at "$1" poll --quiet; at "$1" inbox list | sed -n '2,$p' | head -3 | sed 's/^/   /' || true; }

step "Friday Nov 27, 09:00 in Manila: nothing is due for Anna yet"
tick 2026-11-27T01:00:00Z
step "Friday Nov 27, 15:00 in Manila (08:00 in Rome): Anna's check-in"
tick 2026-11-27T07:00:00Z
anna_ci=$(newest_in anna)
say "in Anna's mailbox: $(grep -m1 '^Subject:' "$anna_ci" | cut -c1-70)"
step "Friday Nov 27, 09:00 in Los Angeles: Ben's missed-deadline follow-up"
tick 2026-11-27T17:00:00Z
step "Friday Nov 27, 14:00 in Los Angeles (23:00 in Rome): Ben's check-in"
tick 2026-11-27T22:00:00Z
ben_ci=$(newest_in ben)

step "Anna replies from her phone: top-posted, numbered, quoting the check-in"
cat > "$DEMO/anna-reply.eml" <<EOF
From: Anna Lee <anna@localhost>
To: Maria Rossi <agent@localhost>
Subject: Re: Weekly check-in
Date: Fri, 27 Nov 2026 17:40:00 +0800
Message-ID: <CAF1anna.reply.1@mail.gmail.example>
In-Reply-To: $(message_id_of "$anna_ci")
References: $(message_id_of "$anna_ci")
Content-Type: text/plain; charset=utf-8

1. Closed the Henderson account and cleaned up the shared inbox (down to 35).
2. Q4 report: the numbers are in, writing the summary.
3. None
4. Finish the Q4 report and send it for review.
5. about 38 hours
6. 4/5
7. Could you introduce me to the finance lead?

#1 60%

Sent from my iPhone

On Fri, Nov 27, 2026 at 3:00 PM Maria Rossi <agent@localhost> wrote:
> Hi Anna,
>
> Time for your weekly check-in for the week of Nov 23.
>
> 1. Wins this week
> 2. In progress
> 3. Blockers
EOF
send_as anna "$DEMO/anna-reply.eml"
sleep 0.5
poll 2026-11-27T10:00:00Z

step "Wednesday Dec 2: Ben has not answered; one polite reminder (after 24 working hours)"
tick 2026-12-02T23:00:00Z
step "Ben answers late, in HTML only (Outlook), and the CRM task slipped"
cat > "$DEMO/ben-reply.eml" <<EOF
From: Ben Ortiz <ben@localhost>
To: agent@localhost
Subject: RE: Weekly check-in
Date: Wed, 02 Dec 2026 16:05:00 -0800
Message-ID: <BN8PR11MB.ben.reply@outlook.example>
In-Reply-To: $(message_id_of "$ben_ci")
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><body><div>Sorry for the delay!</div>
<div><b>Wins:</b> onboarded two new clients</div>
<div><b>Blocked on:</b> the CRM export keeps timing out</div>
<div><b>Next week:</b> finish the CRM cleanup</div>
<div><b>Hours:</b> 30-35</div>
<div><b>Mood:</b> rough week, a bit overwhelmed</div>
<div>#3 new date Dec 9: waiting on the export fix</div>
<div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Maria Rossi &lt;agent@localhost&gt;<br>
<b>Sent:</b> Friday, November 27, 2026 2:00 PM<br><b>Subject:</b> Weekly check-in</div>
<div>1. Wins this week<br>2. In progress</div></body></html>
EOF
send_as ben "$DEMO/ben-reply.eml"
sleep 0.5
poll 2026-12-03T00:00:00Z

step "what rapport recorded"
"$R" task list --all | sed 's/^/   /'
sqlite3 "$DEMO/rapport.db" "select '   ' || p.name || ': ' || a.key || ' = ' || coalesce(a.text, a.num) || coalesce('-' || a.num_max, '')
  from answers a join checkins c on c.id = a.checkin_id join people p on p.id = c.person_id
  where a.replaced_at is null order by p.name, a.id"

# rsvp USER UID SEQUENCE PARTSTAT STYLE: the calendar's answer, as Google
# Calendar (text/calendar in multipart/alternative) or Outlook (no ORGANIZER,
# base64 text/calendar) would send it
rsvp() {
  local user=$1 uid=$2 seq=$3 partstat=$4 style=$5 f="$DEMO/rsvp-$1.eml" ics org= comment= prodid start
  prodid='Microsoft Exchange Server 2010'
  if [ "$style" = google ]; then
    prodid='-//Google Inc//Google Calendar 70.9054//EN'
    printf -v org 'ORGANIZER;CN=Maria Rossi:mailto:agent@localhost\r\n'
  else
    printf -v comment 'COMMENT:Sorry, I am with a client then. Could we do Friday?\r\n'
  fi
  start=$(sqlite3 "$DEMO/rapport.db" "select strftime('%Y%m%dT%H%M%SZ', start_at, 'unixepoch') from reviews where uid = '$uid'")
  printf -v ics 'BEGIN:VCALENDAR\r\nPRODID:%s\r\nVERSION:2.0\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nDTSTART:%s\r\nDTSTAMP:20261203T090000Z\r\n%sUID:%s\r\nSEQUENCE:%s\r\nATTENDEE;CN=%s;PARTSTAT=%s:mailto:%s@localhost\r\n%sEND:VEVENT\r\nEND:VCALENDAR\r\n' \
    "$prodid" "$start" "$org" "$uid" "$seq" "$user" "$partstat" "$user" "$comment"
  {
    printf 'From: %s <%s@localhost>\r\nTo: agent@localhost\r\nSubject: %s: 1:1\r\n' "$user" "$user" \
      "$([ "$partstat" = ACCEPTED ] && echo Accepted || echo Declined)"
    printf 'Date: Thu, 03 Dec 2026 09:00:00 +0000\r\nMessage-ID: <rsvp.%s.%s@demo>\r\nMIME-Version: 1.0\r\n' "$user" "$seq"
    printf 'Content-Type: multipart/alternative; boundary="b1"\r\n\r\n--b1\r\n'
    printf 'Content-Type: text/plain; charset=UTF-8\r\n\r\n%s has %s this invitation.\r\n--b1\r\n' "$user" \
      "$([ "$partstat" = ACCEPTED ] && echo accepted || echo declined)"
    if [ "$style" = outlook ]; then
      printf 'Content-Type: text/calendar; charset="utf-8"; method=REPLY\r\nContent-Transfer-Encoding: base64\r\n\r\n'
      printf '%s' "$ics" | base64
    else
      printf 'Content-Type: text/calendar; charset="UTF-8"; method=REPLY\r\n\r\n%s' "$ics"
    fi
    printf '\r\n--b1--\r\n'
  } > "$f"
  send_as "$user" "$f"
}

if "$R" help review > /dev/null 2>&1; then
  step "Thursday Dec 3: 1:1 review invites for this week, inside both people's working hours"
  tick 2026-12-03T01:00:00Z
  tick 2026-12-03T15:30:00Z
  "$R" review list | sed 's/^/   /'
  step "Anna accepts from Google Calendar; Ben declines from Outlook"
  a_uid=$(sqlite3 "$DEMO/rapport.db" "select uid from reviews where person_id = 1 and kind = 'weekly'")
  b_uid=$(sqlite3 "$DEMO/rapport.db" "select uid from reviews where person_id = 2 and kind = 'weekly'")
  [ -n "$a_uid" ] && rsvp anna "$a_uid" 0 ACCEPTED google
  [ -n "$b_uid" ] && rsvp ben "$b_uid" 0 DECLINED outlook
  sleep 0.5
  at 2026-12-03T16:00:00Z poll --quiet
  "$R" review list | sed 's/^/   /'
fi

if "$R" help digest > /dev/null 2>&1; then
  step "Monday Dec 7, 08:00 in Rome: the digest goes out; here is the one for the week of the check-ins"
  tick 2026-12-07T07:00:00Z
  at 2026-12-07T07:00:00Z digest --print --week 2026-W48 --html "$DEMO/digest.html" || true
  [ -s "$DEMO/digest.html" ] && KEEP_DIR=1 && bold "the digest's HTML: $DEMO/digest.html"
fi

step "the outbox"
"$R" outbox list --all | sed 's/^/   /'
bold "demo done: $(sqlite3 "$DEMO/rapport.db" "select count(*) from outbox where state = 'sent'") emails sent, $(sqlite3 "$DEMO/rapport.db" "select count(*) from messages where state = 'recorded'") replies recorded"
