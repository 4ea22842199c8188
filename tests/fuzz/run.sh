#!/bin/bash
# run.sh [SECONDS]: build every libFuzzer target in tests/fuzz with clang
# (ASan + UBSan, coverage on our parsers) and run each for SECONDS (default
# 60) on its seeds, the tests' fixtures and ../shared/corpus/badinput when
# present. Exit 0 when no target found a crash, leak or timeout; 77 when
# clang or libFuzzer is missing. `make fuzz` runs it; CI runs a short round
# through tests/integration/fuzz_smoke.sh.
#
# A longer campaign: tests/fuzz/run.sh 3600 (crashes are kept in
# $FUZZ_OUT/<target>/crash-* with the input that caused them).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
secs=${1:-60}
out=${FUZZ_OUT:-${TMPDIR:-/tmp}/rapport-fuzz}
CC=${FUZZ_CC:-clang}
command -v "$CC" > /dev/null || { echo "SKIP: no $CC (apt-get install clang libclang-rt-14-dev)"; exit 77; }
mkdir -p "$out/obj"
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' > "$out/probe.c"
"$CC" -fsanitize=fuzzer "$out/probe.c" -o "$out/probe" 2> /dev/null ||
  { echo "SKIP: $CC cannot build libFuzzer targets (apt-get install libclang-rt-14-dev)"; exit 77; }

deps="libetpan libxml-2.0 libical"
CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -D_GNU_SOURCE -iquote $top/parsers"
CFLAGS="$CFLAGS $(pkg-config --cflags $deps)"
LIBS="$(pkg-config --libs $deps | sed 's/-specs=[^ ]*//g')"

objs=()
for src in "$top"/parsers/*.c; do
  o="$out/obj/$(basename "$src" .c).o"
  "$CC" $CFLAGS -c "$src" -o "$o" || { echo "FAIL: cannot build $src"; exit 1; }
  objs+=("$o")
done

fails=0
for t in "$here"/fuzz_*.c; do
  name=$(basename "$t" .c)
  kind=${name#fuzz_}
  "$CC" $CFLAGS -fsanitize=fuzzer "$t" "${objs[@]}" $LIBS -o "$out/$name" || { echo "FAIL: cannot build $name"; fails=$((fails + 1)); continue; }
  mkdir -p "$out/$name.corpus" "$out/$name.crashes"
  seeds=()
  [ -d "$here/seeds/$kind" ] && seeds+=("$here/seeds/$kind")
  [ -d "$top/tests/fixtures/mime" ] && seeds+=("$top/tests/fixtures/mime")
  [ -d "$top/../shared/corpus/badinput/files" ] && seeds+=("$top/../shared/corpus/badinput/files")
  [ "$kind" = itip ] && [ -d "$top/../shared/corpus/itip" ] && seeds+=("$top/../shared/corpus/itip")
  [ "$kind" = reply ] && [ -d "$top/../shared/corpus/replies" ] && seeds+=("$top/../shared/corpus/replies")
  echo "== $name: ${secs}s"
  if ! (cd "$out/$name.crashes" && UBSAN_OPTIONS=halt_on_error=1 "$out/$name" -max_total_time="$secs" \
      -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      "$out/$name.corpus" "${seeds[@]}" > "$out/$name.log" 2>&1); then
    echo "FAIL: $name found a problem; see $out/$name.log and $out/$name.crashes"
    grep -m5 -E "ERROR|SUMMARY|crash-" "$out/$name.log"
    fails=$((fails + 1))
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss" "$out/$name.log" | tr '\n' ' '; echo
  fi
done
[ "$fails" -eq 0 ] && echo "fuzz: every target ran clean for ${secs}s" || echo "fuzz: $fails target(s) failed"
[ "$fails" -eq 0 ]
