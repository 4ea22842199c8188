#!/bin/bash
# The digest, report, export/import, kudos and feedback commands on the demo
# week (tests/tools/digest_seed): output, formats, exit codes, and an
# export -> import -> export round trip that gives the same bytes.
. "$(dirname "$0")/lib.sh"
R=$RAPPORT
SEED=$top_builddir/tests/tools/digest_seed
[ -x "$SEED" ] || skip "tests/tools/digest_seed is not built"
NOW=--now=2026-11-30T08:00:00Z

cat > "$T_DIR/a.conf" <<CONF
[agent]
database = $T_DIR/a.db
[manager]
name = Maria Rossi
email = maria@example.com
tz = Europe/Rome
[smtp]
from = rapport@example.com
CONF
sed "s|a.db|b.db|" "$T_DIR/a.conf" > "$T_DIR/b.conf"
expect_rc 0 "init" "$R" -c "$T_DIR/a.conf" init
"$SEED" "$T_DIR/a.db" demo || { fail "digest_seed"; done_testing; }
A=(-c "$T_DIR/a.conf")

# --- digest
expect_rc 0 "digest --print (last week by default)" "$R" "${A[@]}" $NOW digest --print --html "$T_DIR/d.html"
contains "$OUT" "Subject: Weekly digest 2026-W48: 7 need attention, 6 to celebrate" "the subject counts"
contains "$OUT" "NEEDS ATTENTION" "needs attention first"
contains "$OUT" "! Chloé Martin: mood 2/5, down from an average of 4.5" "the mood drop is flagged"
contains "$OUT" "→ kudos Anna: Congratulations on reaching “Inbox under 20”!" "a ready kudos line"
contains "$OUT" "answered Sun Nov 29 23:40 (Australia/Sydney) / Sun Nov 29 13:40" "Sunday night in Sydney is that week's answer"
[ -s "$T_DIR/d.html" ] && ok "--html wrote the HTML part" || fail "no HTML written"
equals "$(stat -c %a "$T_DIR/d.html")" 600 "the HTML file is private (0600)"
grep -q '<table role="presentation"' "$T_DIR/d.html" && ok "HTML is made of tables" || fail "no tables in the HTML"
expect_rc 0 "digest for an explicit week" "$R" "${A[@]}" $NOW digest --print --week 2026-W47
contains "$OUT" "Weekly digest 2026-W47" "the week asked for"
expect_rc 64 "a bad week" "$R" "${A[@]}" digest --print --week 2026-W60
contains "$ERR" "not an ISO week" "the bad week is named"
expect_rc 64 "digest needs --print or --html" "$R" "${A[@]}" digest
# words from mail never drive the terminal
/usr/bin/python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("UPDATE answers SET text = text || char(27) || ? WHERE key = ?", ("[2J", "wins")); c.commit()' "$T_DIR/a.db"
run "$R" "${A[@]}" $NOW digest --print
case "$OUT" in *$'\033'*) fail "an escape sequence from a reply reached the terminal" ;; *) ok "control characters are shown as ?" ;; esac
contains "$OUT" "start of the month.?[2J" "the rest of the words are kept"

# --- report
expect_rc 0 "report (text)" "$R" "${A[@]}" $NOW report
contains "$OUT" "Weeks 2026-W41 to 2026-W48" "8 weeks by default, ending last week"
contains "$OUT" "Chloé Martin (Australia/Sydney)" "each person"
expect_rc 0 "report one person, json" "$R" "${A[@]}" $NOW report chloé --weeks 4 --format json
equals "$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); p=d["people"][0]; w=p["weeks"][-1]; print(len(d["people"]), len(p["weeks"]), w["week"], w["mood"], ",".join(w["attention"]))')" \
  "1 4 2026-W48 2 mood,concern,review" "JSON: one person, 4 weeks, the rules of the week"
expect_rc 0 "report csv" "$R" "${A[@]}" $NOW report --format csv --weeks 2
equals "$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import csv,sys; r=list(csv.DictReader(sys.stdin)); print(len(r), r[-1]["person"], r[-1]["attention"])')" \
  "7 Dev Patel bounce" "CSV: a row per person and week (Dev only since he joined)"
expect_rc 64 "report --format xml" "$R" "${A[@]}" report --format xml
expect_rc 64 "report --weeks 0" "$R" "${A[@]}" report --weeks 0
expect_rc 67 "report for nobody" "$R" "${A[@]}" report zed

# --- kudos and feedback: recorded and queued
expect_rc 0 "kudos" "$R" "${A[@]}" kudos anna "Great work on the vendor review!"
contains "$OUT" "queued kudos for Anna Lee" "kudos queued"
expect_rc 0 "feedback --constructive" "$R" "${A[@]}" feedback ben --constructive $'Please send the invoices first.\nThanks!'
expect_rc 64 "feedback needs a kind" "$R" "${A[@]}" feedback ben "x"
expect_rc 64 "feedback takes one kind" "$R" "${A[@]}" feedback ben --praise --constructive "x"
expect_rc 64 "kudos refuses control characters" "$R" "${A[@]}" kudos anna "$(printf 'a\033[2Jb')"
expect_rc 67 "kudos to nobody" "$R" "${A[@]}" kudos zed "thanks"
run "$R" "${A[@]}" outbox list
contains "$OUT" "feedback" "the notes are in the outbox"

# --- export -> import -> export
expect_rc 0 "export" "$R" "${A[@]}" export --json
printf '%s\n' "$OUT" > "$T_DIR/a.json"
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["format"] == "rapport-export"; assert len(d["tables"]["people"]) == 4' "$T_DIR/a.json" \
  && ok "the export is JSON with every table" || fail "the export is not the JSON expected"
expect_rc 0 "init an empty database" "$R" -c "$T_DIR/b.conf" init
expect_rc 0 "import" "$R" -c "$T_DIR/b.conf" import --json "$T_DIR/a.json"
"$R" -c "$T_DIR/b.conf" export --json > "$T_DIR/b.json"
cmp -s "$T_DIR/a.json" "$T_DIR/b.json" && ok "export -> import -> export is identical" || fail "the second export differs"
expect_rc 65 "import into a database that is not empty" "$R" -c "$T_DIR/b.conf" import --json "$T_DIR/a.json"
contains "$ERR" "not empty" "says why"
expect_rc 66 "import a missing file" "$R" -c "$T_DIR/b.conf" import --json "$T_DIR/none.json"
run "$R" -c "$T_DIR/b.conf" $NOW digest --print
run2=$OUT
run "$R" "${A[@]}" $NOW digest --print
equals "$run2" "$OUT" "the imported database gives the same digest"
done_testing
