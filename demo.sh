#!/bin/bash
# demo.sh: the README's first command. On a fresh Debian 12 machine it
# installs the packages rapport needs (with sudo when not root), builds
# rapport, and runs the demo in a throwaway directory: a manager and two
# people in different time zones, with goals and tasks.
#
#   ./demo.sh            install (if needed), build, run the demo
#   ./demo.sh --no-deps  skip the package step
set -eu
cd "$(dirname "$0")"
TOP=$(pwd)

PACKAGES="build-essential autoconf automake libtool pkgconf libetpan-dev libcurl4-gnutls-dev
 libsqlite3-dev libical-dev libxml2-dev libinih-dev libgnutls28-dev check dovecot-imapd python3-aiosmtpd
 openssl sqlite3 curl ca-certificates"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if [ "${1:-}" != "--no-deps" ]; then
  missing=
  for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    step "installing Debian packages:$missing"
    SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
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
export HOME=$DEMO/home RAPPORT_NOW=2026-11-23T07:00:00Z
mkdir -p "$HOME"
R="$TOP/rapport"

step "rapport init (the manager: Maria Rossi, Europe/Rome)"
$R init --manager "Maria Rossi" --email manager@localhost --tz Europe/Rome

step "people in different time zones"
$R person add "Anna Lee" --email anna@localhost --tz Asia/Manila --days Mon-Fri --hours 09:00-17:00
$R person add "Ben Ortiz" --email ben@localhost --tz America/Los_Angeles --days Tue-Sat \
  --hours 08:00-16:00 --checkin "FREQ=WEEKLY;BYDAY=FR;BYHOUR=14"

step "goals and tasks"
$R goal add anna "Inbox under 20 emails" --metric "emails in inbox" --target 20 --due 2026-12-31
$R goal add ben "Reply to every client within 4 hours" --metric "median reply hours" --target 4
$R task add anna "Prepare the Q4 report" --due 2026-11-27
$R task add anna "Book the team offsite venue" --due 2026-12-04
$R task add ben "Clean up the CRM contacts" --due 2026-11-20

step "what rapport knows"
$R person list
echo
$R task list
echo
$R goal list
echo
echo "demo data: $DEMO (config $HOME/.config/rapport/rapport.conf)"
