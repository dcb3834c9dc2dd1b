#!/bin/sh
# Benchmark (issue 8): 1,000 servers triggered at once by one Back Up Now must all receive their command within
# 2 seconds. Starts a real console and 1,000 protocol-speaking agents in one JVM (console/src/test/.../
# FleetTriggerBenchmark.java), and writes its section of bench/RESULTS.md (between the trigger markers).
#
#   bench/trigger.sh                        # 1,000 servers, 5 rounds
#   BENCH_SERVERS=5000 BENCH_ROUNDS=3 bench/trigger.sh
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
./mvnw -q -pl console -am test -Dtest=FleetTriggerBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest.excluded.groups=none -Dbench.servers="${BENCH_SERVERS:-1000}" -Dbench.rounds="${BENCH_ROUNDS:-5}" \
  -Dbench.results="$ROOT/bench/RESULTS.md"
sed -n '/<!-- trigger:begin/,/<!-- trigger:end -->/p' "$ROOT/bench/RESULTS.md"
