#!/bin/sh
# Benchmark (issue 4): the Registered servers view opens as fast with 10,000 servers as with 10. Times the view's
# count and page queries in a real console (console/src/test/.../ServerListBenchmark.java) and writes its section of
# bench/RESULTS.md (between the servers markers).
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
./mvnw -q -pl console -am test -Dtest=ServerListBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest.excluded.groups=none -Dbench.results="$ROOT/bench/RESULTS.md"
sed -n '/<!-- servers:begin/,/<!-- servers:end -->/p' "$ROOT/bench/RESULTS.md"
