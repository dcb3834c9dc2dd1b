#!/bin/sh
# Benchmark (issue 20): geo-replication throughput next to a plain copy of the same blobs in the same run (`cp -r` +
# `sync -f`, the durable peer, and `cp -r` alone for folders; the SDK's own server-side copy between two Azurite
# accounts), medians of 3 rounds of 100 packs of 4 MiB, the fixed cost of a pass, and the replication lag after a 5%
# change (console/src/test/.../ReplicationBenchmark.java). Writes its section of bench/RESULTS.md (between the
# replication markers).
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
./mvnw -q -pl console -am test -Dtest=ReplicationBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest.excluded.groups=none -Dbench.results="$ROOT/bench/RESULTS.md"
sed -n '/<!-- replication:begin/,/<!-- replication:end -->/p' "$ROOT/bench/RESULTS.md"
