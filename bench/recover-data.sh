#!/bin/sh
# Benchmark (issue 19): Recover Data. On the same recovery point in one run, a restore run as a console job (the
# wizard in Chromium, the packaged console and a real agent as processes) against the same restore typed as
# `fleet-agent restore`, target at most 10% longer; and the first page of a folder of 100,000 entries browsed through
# the console (e2e/src/test/.../RecoverDataBenchmark.java). Writes its section of bench/RESULTS.md (between the
# recover-data markers).
#
#   bench/recover-data.sh                                   # 256 MiB restored, 100,000 entries, 3 rounds
#   BENCH_MIB=1024 BENCH_ENTRIES=100000 BENCH_ROUNDS=5 bench/recover-data.sh
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# package, not test: the e2e module runs the packaged console and agent jars
./mvnw -q -pl e2e -am package -Dtest=RecoverDataBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest.excluded.groups=none -Dbench.mib="${BENCH_MIB:-256}" -Dbench.entries="${BENCH_ENTRIES:-100000}" \
  -Dbench.rounds="${BENCH_ROUNDS:-3}" -Dbench.results="$ROOT/bench/RESULTS.md"
sed -n '/<!-- recover-data:begin/,/<!-- recover-data:end -->/p' "$ROOT/bench/RESULTS.md"
