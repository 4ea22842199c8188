#!/bin/bash
# mailservers.sh: a throwaway Dovecot (IMAP, STARTTLS, IMAPS) and SMTP server
# (smtp_server.py, delivering into Dovecot's Maildirs) on 127.0.0.1 high ports,
# everything under one directory; nothing in /etc is read or changed.
#
# Use from a test (bash):   . "$top_srcdir/tests/harness/mailservers.sh"
#                           ms_start || exit 77     # skip when servers can't run
#                           ... $MS_IMAP_PORT $MS_SMTP_PORT $MS_CAFILE ...
#                           (ms_stop runs on EXIT; it is trapped by ms_start)
# Or by hand:               tests/harness/mailservers.sh start DIR   (prints the env)
#                           tests/harness/mailservers.sh stop DIR
#
# Knobs: MS_USERS ("user:password ..."; default manager, agent, anna, ben, eve),
# MS_SMTP_ARGS (extra smtp_server.py flags, e.g. --tempfail 2).
# Works as root (mail owned by the 'mail' user: Dovecot refuses uid 0) and
# unprivileged (everything runs as the current user).

MS_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MS_PY=${PYTHON3:-/usr/bin/python3}
[ -x /usr/bin/python3 ] && MS_PY=/usr/bin/python3   # Debian's: it has aiosmtpd
MS_DOVECOT=${DOVECOT:-/usr/sbin/dovecot}

ms_log() { echo "mailservers: $*" >&2; }

# A free TCP port on 127.0.0.1 (the kernel picks; a race with another test is
# possible but unlikely, and ms_start retries with new ports).
ms_free_port() {
  "$MS_PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

ms_wait_greeting() { # port: wait up to 15 s for "* OK" (auth ready), not just an open port
  local line end=$((SECONDS + 15))
  while ((SECONDS < end)); do
    # (the braces matter: "exec ... 2>/dev/null" alone would silence this shell's stderr for good)
    if { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null; then
      line=
      read -r -t 2 line <&3 || true
      printf 'a LOGOUT\r\n' >&3 2>/dev/null || true
      exec 3<&-
      case "$line" in "* OK"*) return 0 ;; esac
    fi
    sleep 0.1
  done
  return 1
}

ms_wait_port() { # port
  local i
  for ((i = 0; i < 200; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}

ms_have() {
  [ -x "$MS_DOVECOT" ] || { ms_log "no dovecot ($MS_DOVECOT): apt-get install dovecot-imapd"; return 1; }
  "$MS_PY" -c 'import aiosmtpd' 2>/dev/null || { ms_log "no aiosmtpd for $MS_PY: apt-get install python3-aiosmtpd"; return 1; }
  command -v openssl >/dev/null || { ms_log "no openssl"; return 1; }
}

# ms_setup ROOT: users, certificate, config (no processes)
ms_setup() {
  local root=$1 up u p home
  mkdir -p "$root/dovecot/run" "$root/dovecot/state" "$root/tls" "$root/mail" "$root/smtp"
  if [ "$(id -u)" = 0 ]; then
    MS_MAIL_UID=$(id -u mail); MS_MAIL_GID=$(id -g mail)
    local iu=dovecot ig=dovecot lu=dovenull
  else
    MS_MAIL_UID=$(id -u); MS_MAIL_GID=$(id -g)
    local iu ig lu
    iu=$(id -un); ig=$(id -gn); lu=$(id -un)
  fi
  if [ ! -s "$root/tls/cert.pem" ]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
      -keyout "$root/tls/key.pem" -out "$root/tls/cert.pem" -days 30 -subj /CN=localhost \
      -addext subjectAltName=DNS:localhost,IP:127.0.0.1 2>/dev/null || return 1
    chmod 600 "$root/tls/key.pem"
    # a second, unrelated CA: a client trusting only it must refuse our servers
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
      -keyout "$root/tls/other-key.pem" -out "$root/tls/other-ca.pem" -days 30 -subj /CN=other 2>/dev/null
  fi
  : > "$root/dovecot/users"
  for up in ${MS_USERS:-manager:managerpw agent:agentpw anna:annapw ben:benpw eve:evepw}; do
    u=${up%%:*}; p=${up#*:}; home=$root/mail/$u
    mkdir -p "$home/Maildir/cur" "$home/Maildir/new" "$home/Maildir/tmp"
    echo "$u:{PLAIN}$p:$MS_MAIL_UID:$MS_MAIL_GID::$home::" >> "$root/dovecot/users"
  done
  chmod 644 "$root/dovecot/users"
  [ "$(id -u)" = 0 ] && chown -R "$MS_MAIL_UID:$MS_MAIL_GID" "$root/mail"
  sed -e "s|@ROOT@|$root|g" -e "s|@IMAP_PORT@|$MS_IMAP_PORT|g" -e "s|@IMAPS_PORT@|$MS_IMAPS_PORT|g" \
      -e "s|@INTERNAL_USER@|$iu|" -e "s|@INTERNAL_GROUP@|$ig|" -e "s|@LOGIN_USER@|$lu|" \
      -e "s|@MAIL_UID@|$MS_MAIL_UID|" "$MS_HERE/dovecot.conf.in" > "$root/dovecot/dovecot.conf"
}

ms_start_once() {
  local root=$1
  MS_IMAP_PORT=$(ms_free_port); MS_IMAPS_PORT=$(ms_free_port)
  MS_SMTP_PORT=$(ms_free_port); MS_SUBMISSION_PORT=$(ms_free_port); MS_SMTPS_PORT=$(ms_free_port)
  ms_setup "$root" || return 1
  "$MS_DOVECOT" -c "$root/dovecot/dovecot.conf" 2>>"$root/dovecot/start.log" || return 1
  if ! ms_wait_greeting "$MS_IMAP_PORT"; then
    ms_log "dovecot did not answer on $MS_IMAP_PORT; see $root/dovecot/dovecot.log"
    ms_stop_dir "$root"
    return 1
  fi
  # shellcheck disable=SC2086
  "$MS_PY" "$MS_HERE/smtp_server.py" --users "$root/dovecot/users" \
    --cert "$root/tls/cert.pem" --key "$root/tls/key.pem" \
    --port "$MS_SMTP_PORT" --submission-port "$MS_SUBMISSION_PORT" --smtps-port "$MS_SMTPS_PORT" \
    --log "$root/smtp/deliveries.log" --pidfile "$root/smtp/smtp.pid" \
    --control "$root/smtp/control" ${MS_SMTP_ARGS:-} \
    > "$root/smtp/smtp.log" 2>&1 < /dev/null &
  echo $! > "$root/smtp/smtp.pid"
  if ! ms_wait_port "$MS_SMTP_PORT" || ! ms_wait_port "$MS_SUBMISSION_PORT" || ! ms_wait_port "$MS_SMTPS_PORT"; then
    ms_log "SMTP server did not start; see $root/smtp/smtp.log"
    ms_stop_dir "$root"
    return 1
  fi
  cat > "$root/env.sh" <<ENV
export MS_ROOT=$root
export MS_IMAP_PORT=$MS_IMAP_PORT MS_IMAPS_PORT=$MS_IMAPS_PORT
export MS_SMTP_PORT=$MS_SMTP_PORT MS_SUBMISSION_PORT=$MS_SUBMISSION_PORT MS_SMTPS_PORT=$MS_SMTPS_PORT
export MS_CAFILE=$root/tls/cert.pem MS_OTHER_CAFILE=$root/tls/other-ca.pem
export MS_MAIL=$root/mail
ENV
}

# ms_start [ROOT]: start both servers (3 tries with fresh ports); sets MS_* and
# traps EXIT to stop them. Returns 1 when the servers cannot run here.
ms_start() {
  local root=${1:-} try
  ms_have || return 1
  if [ -z "$root" ]; then
    root=$(mktemp -d "${TMPDIR:-/tmp}/rapport-ms.XXXXXX") || return 1
    MS_OWN_ROOT=1
  fi
  chmod 755 "$root"
  for try in 1 2 3; do
    if ms_start_once "$root"; then
      # shellcheck disable=SC1091
      . "$root/env.sh"
      if declare -F at_exit > /dev/null; then at_exit ms_stop; else trap 'ms_stop' EXIT; fi
      return 0
    fi
    ms_log "start attempt $try failed"
  done
  return 1
}

ms_stop_dir() {
  local root=$1 pid i
  if [ -s "$root/smtp/smtp.pid" ]; then
    pid=$(cat "$root/smtp/smtp.pid"); kill "$pid" 2>/dev/null
  fi
  if [ -s "$root/dovecot/run/master.pid" ]; then
    pid=$(cat "$root/dovecot/run/master.pid"); kill "$pid" 2>/dev/null
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$root/smtp/smtp.pid"
}

ms_stop() {
  [ -n "${MS_ROOT:-}" ] || return 0
  ms_stop_dir "$MS_ROOT"
  if [ -n "${MS_OWN_ROOT:-}" ] && [ -z "${MS_KEEP:-}" ]; then rm -rf "$MS_ROOT"; fi
  MS_ROOT=
}

# ms_count USER: messages in USER's INBOX (new + cur), read from the Maildir
ms_count() {
  local d=$MS_MAIL/$1/Maildir
  find "$d/new" "$d/cur" -type f 2>/dev/null | wc -l
}

# ms_wait_count USER N [SECONDS]: wait until USER's INBOX holds at least N messages
ms_wait_count() {
  local end=$((SECONDS + ${3:-10}))
  while ((SECONDS < end)); do
    [ "$(ms_count "$1")" -ge "$2" ] && return 0
    sleep 0.1
  done
  return 1
}

# ms_deliver USER FILE: drop a message straight into USER's Maildir (as the
# mail owner), the way a local delivery agent would
ms_deliver() {
  local d=$MS_MAIL/$1/Maildir name
  MS_DELIVERED=$(( ${MS_DELIVERED:-0} + 1 ))
  name="$(date +%s.%N).$$.$MS_DELIVERED.test"
  tr -d '\r' < "$2" > "$d/tmp/$name"
  [ "$(id -u)" = 0 ] && chown "$MS_MAIL_UID:$MS_MAIL_GID" "$d/tmp/$name"
  mv "$d/tmp/$name" "$d/new/$name"
}

# ms_fault tempfail|permfail N: the next N messages get 451 / 554 at DATA
ms_fault() { echo "$1 $2" > "$MS_ROOT/smtp/control.tmp" && mv "$MS_ROOT/smtp/control.tmp" "$MS_ROOT/smtp/control"; }

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
  start)
    [ -n "${2:-}" ] || { echo "usage: $0 start DIR | stop DIR" >&2; exit 64; }
    mkdir -p "$2"
    ms_start "$(cd "$2" && pwd)" || exit 69
    trap - EXIT
    cat "$MS_ROOT/env.sh"
    ;;
  stop)
    [ -n "${2:-}" ] || { echo "usage: $0 start DIR | stop DIR" >&2; exit 64; }
    ms_stop_dir "$2"
    ;;
  *) echo "usage: $0 start DIR | stop DIR" >&2; exit 64 ;;
  esac
fi
