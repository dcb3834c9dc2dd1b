#!/bin/sh
# Benchmark (issue 22) at scale: PostgreSQL, HAProxy (Debian's), THREE packaged console nodes (-Xmx512m) and 10,000
# simulated agents in one JVM (test-support AgentFleet: enroll through /agent/enroll, connect proof, hello, heartbeat
# every 15 s, Back Up Now answered like the real agent). Measures Back Up Now for 1,000 servers issued on one node,
# kill -9 of one node (agents back on the others, no job lost or run twice, page/API answer times through HAProxy
# meanwhile), all three nodes restarted, and memory and CPU per node; writes the cluster-scale section of
# bench/RESULTS.md (e2e/src/test/.../ClusterScaleBenchmark.java).
#
#   bench/cluster-scale.sh                       # 10,000 agents, 60 s load windows
#   BENCH_AGENTS=3000 BENCH_STEADY_SECONDS=30 bench/cluster-scale.sh
#
# Needs: postgresql, haproxy, chromium + chromium-driver (build-tools/ensure-tools.sh installs them). 10,000 agents
# need about 10,000 file descriptors in the benchmark JVM and twice that per HAProxy process: the script raises the
# soft limit to the hard one; above 9,000 agents the benchmark runs two HAProxy processes (half the agents each).
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "open files limit: $(ulimit -n)"
# package, not test: the e2e module runs the packaged console jar
./mvnw -q -pl e2e -am package -Dtest=ClusterScaleBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest.excluded.groups=none -Dbench.agents="${BENCH_AGENTS:-10000}" \
  -Dbench.steady-seconds="${BENCH_STEADY_SECONDS:-60}" -Dvaultfleet.console.start-seconds=600 \
  -Dbench.results="$ROOT/bench/RESULTS.md"
sed -n '/<!-- cluster-scale:begin/,/<!-- cluster-scale:end -->/p' "$ROOT/bench/RESULTS.md"
