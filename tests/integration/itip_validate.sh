#!/bin/sh
# Every invite rapport generates must pass ../shared/tools/itip/itip_check.py
# --strict (0 errors, 0 warnings: MIME shape, content lines, iTIP rules,
# python-icalendar, vobject and ical.js), and ical.js, reading our own
# VTIMEZONE, must put DTSTART/DTEND at the instants we meant.
#
# Needs: python3-icalendar python3-vobject (apt), node + ical.js:
#   mkdir -p /tmp/icalval && (cd /tmp/icalval && npm install ical.js)
# ICALJS_DIR overrides /tmp/icalval/node_modules/ical.js. Skips (77) when
# any of that, or ../shared, is missing.
set -eu

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
py=/usr/bin/python3
tools=$top_srcdir/../shared/tools/itip
gen=$top_builddir/tests/tools/itip_gen
ICALJS_DIR=${ICALJS_DIR:-/tmp/icalval/node_modules/ical.js}
export ICALJS_DIR

skip() { echo "SKIP: $*"; exit 77; }
[ -f "$tools/itip_check.py" ] || skip "$tools/itip_check.py not found"
[ -x "$py" ] || skip "$py not found"
"$py" -c 'import icalendar, vobject' 2>/dev/null ||
	skip "python3-icalendar / python3-vobject not installed"
command -v node >/dev/null 2>&1 || skip "node not found"
[ -f "$ICALJS_DIR/dist/ical.js" ] || skip "ical.js not found in $ICALJS_DIR"
[ -x "$gen" ] || { echo "FAIL: $gen not built"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/itip_validate.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

"$gen" "$tmp"
n=$(wc -l < "$tmp/MANIFEST")
[ "$n" -ge 9 ] || { echo "FAIL: only $n invites generated"; exit 1; }

"$py" "$tools/itip_check.py" --strict -q "$tmp"/*.eml "$tmp"/*.ics

fail=0
while read -r name start end; do
	node "$tools/itip_icaljs.mjs" < "$tmp/$name.ics" > "$tmp/$name.json"
	if ! "$py" - "$tmp/$name.json" "$start" "$end" <<'EOF'
import json, sys
res = json.load(open(sys.argv[1]))
ev = res["events"][0]
want = (int(sys.argv[2]), int(sys.argv[3]))
got = (ev.get("dtstartUnix"), ev.get("dtendUnix"))
if not res["ok"] or got != want:
    print(f"ical.js: {got} != {want} {res['errors']}")
    sys.exit(1)
EOF
	then
		echo "FAIL: $name"
		fail=1
	fi
done < "$tmp/MANIFEST"
[ "$fail" -eq 0 ] || exit 1
echo "ok: $n invites (.ics and .eml) pass itip_check --strict and ical.js instants"
