#!/bin/bash
# The digest's HTML part as a browser engine draws it (headless Chromium):
# its charts are there (their colours are counted in the screenshot), and it
# uses nothing mail clients strip or block: no scripts, no <style> blocks,
# no images, no web fonts, nothing fetched. The screenshots are kept as
# tests/artifacts/digest.png (the first screen) and digest-full.png.
. "$(dirname "$0")/lib.sh"
R=$RAPPORT
SEED=$top_builddir/tests/tools/digest_seed
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || skip "no $CHROMIUM (apt-get install chromium)"
[ -x "$SEED" ] || skip "tests/tools/digest_seed is not built"
ART=$top_builddir/tests/artifacts
mkdir -p "$ART"

cat > "$T_DIR/rapport.conf" <<CONF
[agent]
database = $T_DIR/rapport.db
[manager]
name = Maria Rossi
email = maria@example.com
tz = Europe/Rome
CONF
R=("$RAPPORT" -c "$T_DIR/rapport.conf")
expect_rc 0 "init" "${R[@]}" init
"$SEED" "$T_DIR/rapport.db" demo || { fail "digest_seed"; done_testing; }
expect_rc 0 "render the demo week" "${R[@]}" digest --week 2026-W48 --html "$T_DIR/digest.html"
H=$T_DIR/digest.html

# --- what mail clients strip or block
for bad in '<script' '<style' '<img' '<link' '<iframe' '<object' '<svg' 'url(' '@import' '@font-face' \
    'javascript:' 'http://' 'https://' ' src=' ' class=' 'position:'; do
  grep -qiF -- "$bad" "$H" && fail "the HTML uses $bad" || ok "no $bad"
done
grep -q 'bgcolor="#0969da"' "$H" && ok "chart cells carry bgcolor (Outlook)" || fail "no bgcolor on the chart cells"

# --- drawn by a browser engine
shoot() {
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$T_DIR/chromium" \
    --screenshot="$1" --window-size="$2" "file://$H" > "$T_DIR/chromium.log" 2>&1
}
shoot "$ART/digest.png" 900,2000 || fail "chromium failed: $(tail -3 "$T_DIR/chromium.log")"
[ -s "$ART/digest.png" ] && ok "screenshot $ART/digest.png" || { fail "no screenshot"; done_testing; }
# colours: this week's hours (#0969da) and the weeks before (#9ec5f0), good mood (#2da44e),
# overdue (#cf222e), the "needs attention" (#fff8c5) and "to celebrate" (#dafbe1) boxes
out=$(/usr/bin/python3 "$top_srcdir/tests/tools/png_colors.py" "$ART/digest.png" 0969da 9ec5f0 2da44e cf222e fff8c5 dafbe1)
equals "$(printf '%s\n' "$out" | head -1)" 900x2000 "the screenshot's size"
for c in 0969da 9ec5f0 2da44e cf222e fff8c5 dafbe1; do
  n=$(printf '%s\n' "$out" | awk -v c=$c '$1 == c { print $2 }')
  [ "${n:-0}" -ge 300 ] && ok "#$c is drawn ($n pixels)" || fail "#$c is missing from the screenshot ($n pixels)"
done
# one bar of the hours chart: 13 px wide, 30 px high (38 of 40 hours) for Anna's week
n=$(printf '%s\n' "$out" | awk '$1 == "9ec5f0" { print $2 }')
[ "$n" -ge $((13 * 28 * 7)) ] && ok "the hours bars have their height" || fail "the hours bars are too small ($n)"
shoot "$ART/digest-full.png" 900,3000 || fail "chromium failed on the full page"
n=$(/usr/bin/python3 "$top_srcdir/tests/tools/png_colors.py" "$ART/digest-full.png" e16f24 | awk '$1 == "e16f24" { print $2 }')
[ "${n:-0}" -ge 13 ] && ok "Chloé's mood drop (#e16f24) is drawn" || fail "the low mood bar is missing ($n)"
done_testing
