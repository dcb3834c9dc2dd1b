#!/bin/sh
# Benchmark: this agent against Debian restic on the same reproducible ~4.2 GiB data set, same disk, one run.
# Builds what it needs, writes bench/RESULTS.md, deletes its scratch data (set BENCH_KEEP=1 to keep it).
#
#   bench/run.sh                 # scratch under bench/work (same disk as the repo)
#   BENCH_WORK=/other/dir bench/run.sh
#   BENCH_SCALE=0.125 bench/run.sh   # large files scaled down (the 50,000 small files stay): for a busy machine
#   BENCH_BASELINE_JAR=/path/to/older/fleet-agent-all.jar bench/run.sh   # also time an older agent, same run
# The agent runs with the JVM options its service gives backup and restore processes (bench AgentJvmOptions prints
# them from jobs/BackupJobs), so the figures are the service's.
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
WORK="${BENCH_WORK:-$ROOT/bench/work}"
RESULTS="$ROOT/bench/RESULTS.md"
SCALE="${BENCH_SCALE:-1}"
BASELINE_JAR="${BENCH_BASELINE_JAR:-}"

JAVA=""
for j in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*21*; do
  if [ -n "$j" ] && [ -x "$j/bin/java" ] && "$j/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
    JAVA="$j/bin/java"; break
  fi
done
[ -n "$JAVA" ] || { echo "bench: need a JDK 21+" >&2; exit 1; }

build-tools/ensure-tools.sh restic
./mvnw -q -pl bench -am package -DskipTests
AGENT_JAR="$ROOT/fleet-agent/target/fleet-agent-0.1.0-SNAPSHOT-all.jar"
BENCH_CP="$AGENT_JAR:$ROOT/bench/target/bench-0.1.0-SNAPSHOT.jar"
DATA="$WORK/data"
DELETED=0
if [ "${BENCH_REUSE_DATA:-0}" = 1 ] && [ -f "$WORK/data.complete" ]; then
  find "$WORK" -mindepth 1 -maxdepth 1 ! -name data ! -name data.complete -exec rm -rf {} +
  DELETED=1
elif [ -d "$WORK" ]; then
  rm -rf "$WORK"
  DELETED=1
fi
mkdir -p "$WORK"
# a script, not a shell function, so /usr/bin/time can run it. The agent runs as the service runs its backup processes
# (jobs/BackupJobs, jobs/StartupCache): serial collector, and on Java 25+ the JVM's ahead-of-time cache trained once by
# `fleet-agent self-test` (below, before anything is timed); on older Java a class-data-sharing archive instead.
AGENT_OPTS="$("$JAVA" -cp "$BENCH_CP" io.vaultfleet.bench.AgentJvmOptions)"
AOT=0
if "$JAVA" -version 2>&1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'; then AOT=1; fi
if [ "$AOT" = 1 ]; then
  AGENT_CACHE_OPT="-XX:AOTCache=$WORK/agent-home/agent.aot"
else
  AGENT_CACHE_OPT="-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$WORK/agent-home/agent.jsa"
fi
AGENT="$WORK/agent.sh"
# set -f: an option may hold a method pattern (-XX:CompileCommand=MemLimit,*.*,...) the shell must not expand
printf '#!/bin/sh\nset -f\nexec "%s" %s %s -jar "%s" "$@"\n' "$JAVA" "$AGENT_OPTS" "$AGENT_CACHE_OPT" "$AGENT_JAR" > "$AGENT"
chmod +x "$AGENT"
BASE="$WORK/baseline.sh"
if [ -n "$BASELINE_JAR" ]; then
  printf '#!/bin/sh\nset -f\nexec "%s" %s -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="%s" -jar "%s" "$@"\n' \
    "$JAVA" "$AGENT_OPTS" "$WORK/baseline-home/agent.jsa" "$BASELINE_JAR" > "$BASE"
  chmod +x "$BASE"
fi
export VAULTFLEET_PASSPHRASE="benchmark passphrase, not secret"
export RESTIC_PASSWORD="$VAULTFLEET_PASSPHRASE"
export RESTIC_CACHE_DIR="$WORK/restic-cache"
TIMES="$WORK/times.tsv"
: > "$TIMES"

# trained before the data set is made, on a few small files: deleting many files just before timed steps slows
# file creation on ext4 for minutes (PERFORMANCE.md), and the restores come later
mkdir -p "$WORK/agent-home"
if [ "$AOT" = 1 ]; then
  echo "bench: training the agent's JVM startup cache (fleet-agent self-test, as the service does once per version)" >&2
  # shellcheck disable=SC2086
  set -f
  "$JAVA" $AGENT_OPTS -XX:AOTCacheOutput="$WORK/agent-home/agent.aot" -jar "$AGENT_JAR" self-test \
    --work "$WORK/self-test" --small-files 200 > "$WORK/self-test.log" 2>&1 || { echo "bench: self-test failed:" >&2; tail -n 20 "$WORK/self-test.log" >&2; exit 1; }
  set +f
fi
if [ ! -f "$WORK/data.complete" ]; then
  echo "bench: generating data set in $DATA" >&2
  "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$BENCH_CP" io.vaultfleet.bench.DataSet create "$DATA" "$SCALE"
  touch "$WORK/data.complete"
fi
SOURCE_BYTES=$(du -sb "$DATA" | cut -f1)
SOURCE_FILES=$(find "$DATA" -type f | wc -l)

# prepare PATH...: what every timed step starts from. No dirty pages left by the step before (sync) and, where the
# benchmark may (root), an emptied page cache (drop_caches) holding then only the programs' files and the given paths
# (read once). Without this, a step ran with whatever the steps before had left: the page cache full (the data set,
# three repositories and a restore fill 24 GiB), so a restore paid for evicting pages as it wrote, and its kernel time
# swung 5-12 s between identical runs.
PREPARE="$WORK/prepare.sh"
cat > "$PREPARE" <<PREP
#!/bin/sh
sync
if [ -w /proc/sys/vm/drop_caches ]; then echo 3 > /proc/sys/vm/drop_caches; fi
cat "$(command -v restic)" "$AGENT_JAR" "$(dirname "$(dirname "$JAVA")")/lib/modules" > /dev/null
for p in "\$@"; do if [ -e "\$p" ]; then tar cf - "\$p" > /dev/null 2>&1; fi; done
PREP
chmod +x "$PREPARE"
if [ -w /proc/sys/vm/drop_caches ]; then CACHES="emptied (\`drop_caches\`)"; else CACHES="not emptied (the benchmark did not run as root)"; fi
# state STEP-TOOL: a tool's own small state a backup reads (not the packs): restic's cache, the agent's home and index
restic_state() { echo "$WORK/restic-cache $WORK/repo-restic/index $WORK/repo-restic/snapshots $WORK/repo-restic/keys $WORK/repo-restic/config"; }
agent_state() { echo "$WORK/$1 $WORK/$2/index $WORK/$2/snapshots $WORK/$2/keys $WORK/$2/config $WORK/agent-home/agent.aot"; }

echo "bench: single-core stage throughput" >&2
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$BENCH_CP" io.vaultfleet.bench.StageThroughput > "$WORK/stages.md"

# as much as a restore writes, from the same prepared state: writing less than the kernel's dirty-page limits
# measures memory copies, not the disk
echo "bench: disk write ceiling (as many bytes as the data set, page cache, like a restore)" >&2
"$PREPARE"
DD=$(dd if=/dev/zero of="$WORK/ddtest" bs=4M count=$((SOURCE_BYTES / 4194304)) 2>&1 | tail -n 1)
rm -f "$WORK/ddtest"


# timed STEP TOOL command...: wall seconds and peak RSS (KiB) into times.tsv (run `prepare` first)
timed() {
  step="$1"; tool="$2"; shift 2
  /usr/bin/time -f "%e %M" -o "$WORK/time.out" "$@" > "$WORK/$step-$tool.log" 2>&1 || {
    echo "bench: $tool $step failed:" >&2; tail -n 20 "$WORK/$step-$tool.log" >&2; exit 1; }
  printf '%s\t%s\t%s\t%s\n' "$step" "$tool" "$(tail -n 1 "$WORK/time.out" | tr ' ' '\t')" "$(cut -d ' ' -f 1 /proc/loadavg)" >> "$TIMES"
  echo "bench: $step $tool: $(tail -n 1 "$WORK/time.out")" >&2
}

# timed_standby STEP backup-args...: the agent's backup as its service runs a job (jobs/BackupJobs): in the warm
# standby process (`fleet-agent standby`), timed from handing the job over to the process's end; `prepare` runs
# while the standby waits. Peak RSS is the standby process's over its whole life (warm-up included).
timed_standby() {
  step="$1"; shift
  r=$("$JAVA" -cp "$BENCH_CP" io.vaultfleet.bench.StandbyBackup "$WORK/time.out" "$WORK/$step-agent.log" \
      "$WORK/agent-home" "'$PREPARE' '$DATA' $(agent_state agent-home repo-agent)" "$AGENT" backup "$@") || {
    echo "bench: agent $step (standby) failed:" >&2; tail -n 20 "$WORK/$step-agent.log.err" >&2; exit 1; }
  set -- $r
  [ "$2" = 0 ] || { echo "bench: agent $step (standby) exited with $2:" >&2; tail -n 20 "$WORK/$step-agent.log.err" >&2; exit 1; }
  printf '%s\t%s\t%s\t%s\t%s\n' "$step" agent "$1" "$(cut -d ' ' -f 2 "$WORK/time.out")" "$(cut -d ' ' -f 1 /proc/loadavg)" >> "$TIMES"
  printf '%s\t%s\n' "$step" "$3" >> "$WORK/idle-rss.tsv"
  echo "bench: $step agent (standby): $1 s, peak $(cut -d ' ' -f 2 "$WORK/time.out") KiB, idle $3 KiB" >&2
}

if [ "$DELETED" = 1 ]; then
  # ext4 creates files slowly for ~10 minutes after mass deletions (PERFORMANCE.md): let it settle before timing
  echo "bench: waiting ${BENCH_SETTLE:-600} s for the file system to settle after deleting the previous run" >&2
  sleep "${BENCH_SETTLE:-600}"
fi
restic -r "$WORK/repo-restic" init > /dev/null
"$AGENT" init --repo "folder:$WORK/repo-agent" > /dev/null
"$AGENT" init --repo "folder:$WORK/repo-agent-cli" > /dev/null
mkdir -p "$WORK/agent-cli-home"
if [ -n "$BASELINE_JAR" ]; then
  mkdir -p "$WORK/baseline-home"; "$BASE" init --repo "folder:$WORK/repo-baseline" > /dev/null
fi
: > "$WORK/idle-rss.tsv"
# baseline STEP args...: the older agent, when asked for
baseline() { step="$1"; shift; if [ -n "$BASELINE_JAR" ]; then timed "$step" baseline "$BASE" "$@"; fi; }
# each backup step: restic, the agent as its service runs it (standby process), the agent as a command (a new JVM)
backups() {
  step="$1"
  "$PREPARE" "$DATA" $(restic_state)
  timed "$step" restic restic -r "$WORK/repo-restic" backup "$DATA"
  timed_standby "$step" --repo "folder:$WORK/repo-agent" --home "$WORK/agent-home" "$DATA"
  "$PREPARE" "$DATA" $(agent_state agent-cli-home repo-agent-cli)
  timed "$step" agentcli "$AGENT" backup --repo "folder:$WORK/repo-agent-cli" --home "$WORK/agent-cli-home" "$DATA"
  if [ -n "$BASELINE_JAR" ]; then
    "$PREPARE" "$DATA" $(agent_state baseline-home repo-baseline)
    baseline "$step" backup --repo "folder:$WORK/repo-baseline" --home "$WORK/baseline-home" "$DATA"
  fi
}

backups first
backups unchanged
MUTATE=$("$JAVA" --enable-native-access=ALL-UNNAMED -cp "$BENCH_CP" io.vaultfleet.bench.DataSet mutate "$DATA")
backups changed
STORED_RESTIC=$(du -sb "$WORK/repo-restic" | cut -f1)
STORED_AGENT=$(du -sb "$WORK/repo-agent" | cut -f1)
# restores read their whole repository: each starts with it in page cache (as the source was for backups)
"$PREPARE" "$WORK/repo-restic" "$WORK/restic-cache"
timed restore restic restic -r "$WORK/repo-restic" restore latest --target "$WORK/restore-restic"
"$PREPARE" "$WORK/repo-agent" "$WORK/agent-home"
timed restore agent "$AGENT" restore --repo "folder:$WORK/repo-agent" --home "$WORK/agent-home" latest --target "$WORK/restore-agent"
if [ -n "$BASELINE_JAR" ]; then
  "$PREPARE" "$WORK/repo-baseline" "$WORK/baseline-home"
  baseline restore restore --repo "folder:$WORK/repo-baseline" --home "$WORK/baseline-home" latest --target "$WORK/restore-baseline"
fi

echo "bench: checking the agent's restore against the source" >&2
if diff -rq "$DATA" "$WORK/restore-agent$DATA" > "$WORK/diff.txt"; then RESTORE_OK="identical"; else RESTORE_OK="DIFFERENT ($(wc -l < "$WORK/diff.txt") paths)"; fi

python3 - "$TIMES" "$RESULTS" "$SOURCE_BYTES" "$SOURCE_FILES" "$STORED_RESTIC" "$STORED_AGENT" "$WORK/stages.md" \
    "$DD" "$MUTATE" "$RESTORE_OK" "$(uptime)" "$(restic version | head -n 1)" "$("$JAVA" -version 2>&1 | head -n 1)" \
    "$SCALE" "$BASELINE_JAR" "$(git rev-parse --short HEAD)" "$WORK/idle-rss.tsv" "$CACHES" "$AGENT_OPTS" <<'PY'
import sys, datetime
times, results, src, files, st_r, st_a, stages, dd, mutate, restore_ok, uptime, restic_v, java_v, scale, baseline_jar, commit, idle_rss, caches, agent_opts = sys.argv[1:]
src = int(src); st_r = int(st_r); st_a = int(st_a)
t = {}
load_at = []
for line in open(times):
    step, tool, wall, rss, load = line.split()
    t[(step, tool)] = (float(wall), int(rss))
    load_at.append((step, tool, load))
has_base = ("first", "baseline") in t
mib = src / 1048576
def rate(step, tool):
    return mib / t[(step, tool)][0]
rows = []
targets = {"first": ("≥ 1.5× restic throughput", 1.5), "unchanged": ("≥ 1.0× (at least as fast)", 1.0),
           "changed": ("≥ 1.5× restic throughput", 1.5), "restore": ("≥ 1.5× (issue); ≥ 1.25× (PERFORMANCE.md)", 1.5)}
for step, label in [("first", "first backup"), ("unchanged", "unchanged second backup"),
                    ("changed", "backup after changing 5% of files"), ("restore", "full restore")]:
    wr, rr = t[(step, "restic")]; wa, ra = t[(step, "agent")]
    ratio = wr / wa
    target, need = targets[step]
    cli = "–"
    if (step, "agentcli") in t:
        wc, rc = t[(step, "agentcli")]
        cli = f"{wc:.2f} s ({wr / wc:.2f}×, {rc/1024:.0f} MiB)"
    base = ""
    if has_base:
        wb, rb = t[(step, "baseline")]
        base = f" {wb:.2f} s ({wr / wb:.2f}×, {rb/1024:.0f} MiB) |"
    rows.append(f"| {label} | {wr:.2f} s ({mib/wr:.0f} MiB/s) | {wa:.2f} s ({mib/wa:.0f} MiB/s) | **{ratio:.2f}×** | {target} | {'met' if ratio >= need else 'MISSED'} | {rr/1024:.0f} MiB | {ra/1024:.0f} MiB | {cli} |{base}")
idle = [int(l.split()[1]) for l in open(idle_rss) if l.strip()]
peak_agent = max(v[1] for k, v in t.items() if k[1] in ("agent", "agentcli")) / 1024
loads = [f"{step} {tool} {load}" for step, tool, load in load_at]
peak_restic = max(v[1] for k, v in t.items() if k[1] == "restic") / 1024
ddrate = dd.split(",")[-1].strip()
try:
    num, unit = ddrate.split()
    ceiling = float(num) * (1000 if unit.startswith("G") else 1) / 1.048576  # dd reports MB/s or GB/s (decimal)
except Exception:
    ceiling = None
restore_agent = rate("restore", "agent")
out = []
out.append("# Benchmark: fleet-agent against restic\n")
# a hand-written summary across runs (between summary markers) stays at the top when the file is rewritten
import os
previous = open(results).read() if os.path.exists(results) else ""
begin, end = previous.find("<!-- summary:begin"), previous.find("<!-- summary:end -->")
if begin >= 0 and end > begin:
    out.append(previous[begin:end + len("<!-- summary:end -->")] + "\n")
out.append("## Latest run (generated by bench/run.sh)\n")
# the load average right after a step counts the benchmark's own processes (a tool's threads, the prepare step's tar
# and sync, the standby's helper): 2-3.2 on these 2 cores with nothing else running
busy = max(float(l) for _, _, l in load_at) > 4.0
out.append(f"Run {datetime.datetime.utcnow().strftime('%Y-%m-%d %H:%M UTC')} on this machine ({uptime.strip()}). "
           + ("**Other work was running on the same 2 cores during the run** (see the load averages below): "
              "absolute figures are noisy; " if busy else "Nothing else ran (load at most 4 after every step, the benchmark's own processes included); ")
           + "the tools ran back to back on the same data, restic first at each step.\n")
out.append("Reproduce: `bench/run.sh` (builds the agent and the `bench` module, installs Debian restic with "
           "`build-tools/ensure-tools.sh restic`, generates the data set under `bench/work/`, runs, writes this file, "
           "deletes the scratch data).\n")
scaled = "" if float(scale) == 1 else f"; **scaled down** with `BENCH_SCALE={scale}`: large files × {scale}, the 50,000 small files unchanged"
out.append(f"- Data set: {src/1073741824:.2f} GiB in {files} files (`bench/src/main/java/io/vaultfleet/bench/DataSet.java`: "
           "1.5 GiB random, 1 GiB log-like text, 768 MiB duplicates, a 512 MiB half-text/half-random file, "
           f"50,000 small files of 1–16 KiB{scaled}). Before each timed step: `sync`, the page cache {caches}, then the programs' files, the source and the tool's own small state (cache, index) read once (`tar cf - > /dev/null`); before a restore, the tool's whole repository.")
out.append(f"- 5% change: {mutate.strip()}.")
out.append(f"- Tools: {restic_v} (default `--compression auto`, local folder repository); fleet-agent shaded jar on {java_v}, "
           f"`{agent_opts}` (the options the service starts backup and restore processes with), default settings (zstd level 1, 16 MiB packs, Argon2id 19 MiB × 2), with the JVM "
           "ahead-of-time cache (`-XX:AOTCache`, Java 25) that `fleet-agent self-test` trained once before anything was "
           "timed (jobs/StartupCache; the service trains it once per agent version and runtime). A baseline agent, if any, "
           "runs with a class-data-sharing archive created by its `init` run.")
out.append("- **fleet-agent** backups run as the agent service runs a job (jobs/BackupJobs): in its warm standby process "
           "(`fleet-agent standby`: started and warmed up on data of its own before the job, decision 017), timed from "
           "handing the job's command line over to the process's end; its peak RSS is the standby process's over its "
           "whole life, warm-up included. **fleet-agent command** is the same backup typed as `fleet-agent backup` (a new "
           "JVM, its own repository), speed-up against restic in brackets. Restores run as a command (the only way they run).")
out.append("- Times are whole-process wall time as a user sees it (JVM start, key derivation and repository open included); "
           "peak memory is max RSS from `/usr/bin/time`.\n")
out.append(f"- Agent: commit {commit} (working tree as built by this script)."
           + (f" Baseline: `{baseline_jar}`, timed right after the agent at each step (its own repository and cache); "
              "its column gives its wall time, restic time / baseline time (its speed-up, as for the agent), and its peak RSS." if has_base else "") + "\n")
if has_base:
    out.append("| step | restic | fleet-agent | agent speed-up | target | | restic peak RSS | agent peak RSS | fleet-agent command (time, speed-up, RSS) | baseline agent (time, restic/baseline, RSS) |")
    out.append("| --- | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: |")
else:
    out.append("| step | restic | fleet-agent | agent speed-up | target | | restic peak RSS | agent peak RSS | fleet-agent command (time, speed-up, RSS) |")
    out.append("| --- | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: |")
out.extend(rows)
out.append("")
out.append(f"- Stored bytes: restic {st_r/1048576:.0f} MiB, fleet-agent {st_a/1048576:.0f} MiB: agent/restic = **{st_a/st_r:.3f}** "
           f"(target within 5%: {'met' if abs(st_a/st_r-1) <= 0.05 else 'MISSED'}); repository/source = {st_a/src:.3f} (restic {st_r/src:.3f}).")
out.append(f"- Agent peak memory over all steps: **{peak_agent:.0f} MiB** (target < 512 MiB: {'met' if peak_agent < 512 else 'MISSED'}; restic {peak_restic:.0f} MiB)."
           + (f" A standby process waiting for its job: {min(idle)/1024:.0f}–{max(idle)/1024:.0f} MiB resident." if idle else ""))
if ceiling:
    out.append(f"- Restore: agent {restore_agent:.0f} MiB/s = {restore_agent/ceiling*100:.0f}% of the disk write ceiling measured in the same run "
               f"({ceiling:.0f} MiB/s, `dd` of as many bytes as the data set into page cache); target ≥ 78%.")
out.append(f"- Agent restore compared with the source (`diff -r`): {restore_ok}.")
out.append("- 1-minute load average right after each timed step: " + "; ".join(loads) + ".\n")
out.append("## Stages on one core (steady state, after warm-up)\n")
out.append("`StageThroughput` in the bench module: each agent stage through its own code path next to the bare primitive, "
           "1 MiB chunks.\n")
out.append(open(stages).read())
# keep every section the other bench/*.sh scripts write (trigger, servers, ..., cluster-scale) when rewriting the
# file: any "<!-- NAME:begin ... NAME:end -->" but the summary above (a list of names dropped a new one once)
if previous:
    import re
    for m in re.finditer(r"<!-- ([a-z0-9-]+):begin", previous):
        name = m.group(1)
        end = previous.find("<!-- " + name + ":end -->", m.start())
        if name != "summary" and end > m.start():
            out.append("\n" + previous[m.start():end + len("<!-- " + name + ":end -->")])
open(results, "w").write("\n".join(out) + "\n")
PY
echo "bench: wrote $RESULTS" >&2
if [ "${BENCH_KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi
