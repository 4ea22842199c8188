# lib.sh: helpers for rapport's shell tests (sourced; bash).
# Each test gets a private HOME and working directory, removed on success.
# Exit codes follow automake: 0 pass, 1 fail, 77 skip, 99 hard error.

set -u
: "${top_srcdir:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${RAPPORT:=$top_builddir/rapport}"
export RAPPORT top_srcdir top_builddir
SHARED=$top_srcdir/../shared

T_NAME=$(basename "$0" .sh)
T_DIR=$(mktemp -d "${TMPDIR:-/tmp}/rapport-$T_NAME.XXXXXX") || exit 99
chmod 755 "$T_DIR"
export HOME=$T_DIR/home XDG_CONFIG_HOME= XDG_DATA_HOME= RAPPORT_CONFIG= RAPPORT_NOW=
mkdir -p "$HOME"
T_FAILS=0
T_CHECKS=0
cd "$T_DIR" || exit 99

t_cleanup() {
  if [ "$T_FAILS" -eq 0 ] && [ -z "${KEEP:-}" ]; then rm -rf "$T_DIR"; else echo "kept $T_DIR" >&2; fi
}
# at_exit CMD: run CMD when the test exits (last registered first), then clean up.
T_AT_EXIT=
at_exit() { T_AT_EXIT="$1; $T_AT_EXIT"; }
t_exit() { eval "$T_AT_EXIT"; t_cleanup; }
trap t_exit EXIT

ok()   { T_CHECKS=$((T_CHECKS + 1)); echo "ok $T_CHECKS - $*"; }
fail() { T_CHECKS=$((T_CHECKS + 1)); T_FAILS=$((T_FAILS + 1)); echo "FAIL $T_CHECKS - $*"; }
skip() { echo "SKIP: $*"; exit 77; }
done_testing() {
  echo "$T_NAME: $((T_CHECKS - T_FAILS)) of $T_CHECKS checks passed"
  [ "$T_FAILS" -eq 0 ] && [ "$T_CHECKS" -gt 0 ]
  exit $?
}

# run CMD...: run and capture stdout/stderr/status in OUT, ERR, RC
run() {
  OUT=$("$@" 2>"$T_DIR/.stderr"); RC=$?
  ERR=$(cat "$T_DIR/.stderr")
}

# expect_rc N DESC CMD...: the command exits with N
expect_rc() {
  local want=$1 desc=$2; shift 2
  run "$@"
  if [ "$RC" -eq "$want" ]; then ok "$desc"; else fail "$desc (exit $RC, wanted $want; stderr: $ERR)"; fi
}

# contains HAYSTACK NEEDLE DESC
contains() {
  case "$1" in *"$2"*) ok "$3" ;; *) fail "$3: '$2' not in: $1" ;; esac
}
lacks() {
  case "$1" in *"$2"*) fail "$3: '$2' found in: $1" ;; *) ok "$3" ;; esac
}
equals() {
  if [ "$1" = "$2" ]; then ok "$3"; else fail "$3: got '$1', wanted '$2'"; fi
}

need_shared() { [ -d "$SHARED/${1:-}" ] || skip "../shared/${1:-} is not present (a user's clone)"; }

# sqlite QUERY: ask the test database directly (read-only checks)
sq() { sqlite3 -batch -noheader "$DB" "$@"; }

# t_config [EXTRA-INI]: an installation wired to the harness's servers: the
# manager is manager@localhost, the agent reads agent@localhost's INBOX over
# IMAP with STARTTLS and sends over the submission port, both verified
# against the test CA; the password comes from a 0600 file.
t_config() {
  CONF=$T_DIR/rapport.conf
  DB=$T_DIR/rapport.db
  printf 'agentpw\n' > "$T_DIR/agent.pw"
  chmod 600 "$T_DIR/agent.pw"
  cat > "$CONF" <<CONF
[agent]
database = $DB
state_dir = $T_DIR/state
address = agent@localhost
log = $T_DIR/rapport.log
log_level = debug

[manager]
name = Maria Rossi
email = manager@localhost
tz = Europe/Rome

[imap]
url = imap://localhost:$MS_IMAP_PORT
user = agent
password_file = $T_DIR/agent.pw
ca_file = $MS_CAFILE
timeout = 10s

[smtp]
url = smtp://localhost:$MS_SUBMISSION_PORT
user = agent
password_file = $T_DIR/agent.pw
ca_file = $MS_CAFILE
from = agent@localhost
timeout = 10s
CONF
  if [ -n "${1:-}" ]; then
    /usr/bin/python3 - "$CONF" "$1" <<'PY'
import sys, configparser
path, extra = sys.argv[1], sys.argv[2]
base = configparser.ConfigParser(interpolation=None, delimiters=("=",))
base.optionxform = str
base.read(path)
more = configparser.ConfigParser(interpolation=None, delimiters=("=",))
more.optionxform = str
more.read_string(extra)
for s in more.sections():
    if not base.has_section(s):
        base.add_section(s)
    for k, v in more.items(s):
        base.set(s, k, v)
with open(path, "w") as f:
    base.write(f)
PY
  fi
  export RAPPORT_CONFIG=$CONF
  "$RAPPORT" init > /dev/null || { echo "t_config: rapport init failed" >&2; exit 99; }
}

# send_mail FROM_USER TO_USER FILE: submit FILE over SMTP as FROM_USER (AUTH, STARTTLS)
send_mail() {
  curl -sS --ssl-reqd --cacert "$MS_CAFILE" "smtp://localhost:$MS_SUBMISSION_PORT/test" \
    -u "$1:${1}pw" --mail-from "$1@localhost" --mail-rcpt "$2@localhost" -T "$3"
}
