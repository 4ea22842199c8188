#!/bin/bash
# A short fuzzing round of every parser target under ASan + UBSan (libFuzzer):
# no crash, no leak, no timeout. `make fuzz` runs a longer one.
top_srcdir=${top_srcdir:-.}
exec bash "$top_srcdir/tests/fuzz/run.sh" "${FUZZ_SMOKE_SECONDS:-15}"
