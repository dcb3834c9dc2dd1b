#!/bin/sh
# Benchmark (issue 22): Back Up Now for 1,000 servers issued on one console node, with the agents spread over two
# nodes on one PostgreSQL, must reach every agent within 2 seconds. Starts PostgreSQL, two console nodes and 1,000
# protocol-speaking agents in one JVM (console/src/test/.../cluster/ClusterTriggerBenchmark.java), and writes its
# section of bench/RESULTS.md (between the cluster-trigger markers).
#
#   bench/cluster-trigger.sh                        # 1,000 servers, 5 rounds
#   BENCH_SERVERS=2000 BENCH_ROUNDS=3 bench/cluster-trigger.sh
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
./mvnw -q -pl console -am test -Dtest=ClusterTriggerBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest.excluded.groups=none -Dbench.servers="${BENCH_SERVERS:-1000}" -Dbench.rounds="${BENCH_ROUNDS:-5}" \
  -Dbench.results="$ROOT/bench/RESULTS.md"
sed -n '/<!-- cluster-trigger:begin/,/<!-- cluster-trigger:end -->/p' "$ROOT/bench/RESULTS.md"
