#!/bin/sh
# Issue 17 benchmark: millions of small files, this agent beside Debian restic on the same tree, same disk, one run.
#
#   bench/many-files.sh                      # 1,000,000 files (1,000 folders x 1,000 files of 0-100 bytes)
#   BENCH_FOLDERS=300 bench/many-files.sh    # 300,000 files (a busy machine)
#   BENCH_HUGE=5000 bench/many-files.sh      # also 100 x 1,000 and 5,000 x 1,000 empty/tiny files: first and unchanged
#                                            # backup of each (BENCH_HUGE_BASE=100: the issue compares 5M with 100k)
#   BENCH_WORK=/other/dir bench/many-files.sh
#
# Steps, each under /usr/bin/time (wall seconds, peak RSS): first backup, unchanged backup, backup after 5% of the
# files changed (rewritten with new content), full restore (checked against the source with diff -r). The agent runs
# as a command with the JVM options its service gives backup processes (bench AgentJvmOptions, from
# jobs/BackupJobs: -Xmx320m -XX:+UseSerialGC ...); restic with its defaults. Writes $WORK/many-files.md (rows
# to copy into bench/RESULTS.md) and deletes the scratch data unless BENCH_KEEP=1.
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
WORK="${BENCH_WORK:-$ROOT/bench/work/many-files}"
FOLDERS="${BENCH_FOLDERS:-1000}"
PER_FOLDER="${BENCH_PER_FOLDER:-1000}"
HUGE="${BENCH_HUGE:-0}"

JAVA=""
for j in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*21*; do
  if [ -n "$j" ] && [ -x "$j/bin/java" ] && "$j/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
    JAVA="$j/bin/java"; break
  fi
done
[ -n "$JAVA" ] || { echo "bench: need a JDK 21+" >&2; exit 1; }
command -v restic > /dev/null || build-tools/ensure-tools.sh restic
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -pl bench -am package -DskipTests
fi
AGENT_JAR="$ROOT/fleet-agent/target/fleet-agent-0.1.0-SNAPSHOT-all.jar"
BENCH_CP="$AGENT_JAR:$ROOT/bench/target/bench-0.1.0-SNAPSHOT.jar"
AGENT_OPTS="$("$JAVA" -cp "$BENCH_CP" io.vaultfleet.bench.AgentJvmOptions)"

rm -rf "$WORK"
mkdir -p "$WORK"
export VAULTFLEET_PASSPHRASE="benchmark passphrase, not secret"
export RESTIC_PASSWORD="$VAULTFLEET_PASSPHRASE"
export RESTIC_CACHE_DIR="$WORK/restic-cache"
TIMES="$WORK/times.tsv"
: > "$TIMES"
AGENT="$WORK/agent.sh"
printf '#!/bin/sh\nset -f\nexec "%s" %s -jar "%s" "$@"\n' "$JAVA" "$AGENT_OPTS" "$AGENT_JAR" > "$AGENT"
chmod +x "$AGENT"

# make DIR FOLDERS PER_FOLDER MAXLEN: FOLDERS x PER_FOLDER files of 0..MAXLEN random bytes (fixed seed)
make_tree() {
  python3 - "$@" <<'PY'
import os, random, sys
root, folders, per, maxlen = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(17)
for d in range(folders):
    folder = os.path.join(root, "d%04d" % d)
    os.makedirs(folder)
    for f in range(per):
        with open(os.path.join(folder, "f%07d.txt" % (d * per + f)), "wb") as out:
            if maxlen:
                out.write(rnd.randbytes(rnd.randint(0, maxlen)))
PY
}

# timed STEP TOOL command...: wall seconds and peak RSS (KiB) into times.tsv
timed() {
  step="$1"; tool="$2"; shift 2
  sync
  /usr/bin/time -f "%e %M" -o "$WORK/time.out" "$@" > "$WORK/$step-$tool.log" 2>&1 || {
    echo "bench: $tool $step failed:" >&2; tail -n 20 "$WORK/$step-$tool.log" >&2; exit 1; }
  printf '%s\t%s\t%s\t%s\n' "$step" "$tool" "$(tail -n 1 "$WORK/time.out" | tr ' ' '\t')" \
    "$(cut -d ' ' -f 1 /proc/loadavg)" >> "$TIMES"
  echo "bench: $step $tool: $(tail -n 1 "$WORK/time.out") (s, KiB)" >&2
}

DATA="$WORK/data"
both_backups() {
  timed "$1" restic restic -r "$WORK/repo-restic" backup "$DATA"
  timed "$1" agent "$AGENT" backup --repo "folder:$WORK/repo-agent" --home "$WORK/agent-home" "$DATA"
}
RESTORE_OK="not run"
if [ "$FOLDERS" -gt 0 ]; then # BENCH_FOLDERS=0 with BENCH_HUGE: only the empty/tiny trees
echo "bench: making $FOLDERS x $PER_FOLDER files of 0-100 bytes in $DATA" >&2
make_tree "$DATA" "$FOLDERS" "$PER_FOLDER" 100
restic -r "$WORK/repo-restic" init > /dev/null
"$AGENT" init --repo "folder:$WORK/repo-agent" > /dev/null
mkdir -p "$WORK/agent-home"
both_backups first
both_backups unchanged
echo "bench: changing 5% of the files" >&2
python3 - "$DATA" "$FOLDERS" "$PER_FOLDER" <<'PY'
import os, random, sys
root, folders, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(5)
for i in rnd.sample(range(folders * per), folders * per // 20):
    with open(os.path.join(root, "d%04d" % (i // per), "f%07d.txt" % i), "wb") as out:
        out.write(rnd.randbytes(rnd.randint(1, 100)))
PY
both_backups changed
timed restore restic restic -r "$WORK/repo-restic" restore latest --target "$WORK/restore-restic"
timed restore agent "$AGENT" restore --repo "folder:$WORK/repo-agent" --home "$WORK/agent-home" latest \
  --target "$WORK/restore-agent"
if diff -rq "$DATA" "$WORK/restore-agent$DATA" > "$WORK/diff.txt"; then RESTORE_OK="identical"; else
  RESTORE_OK="DIFFERENT ($(wc -l < "$WORK/diff.txt") paths)"; fi
rm -rf "$WORK/restore-restic" "$WORK/restore-agent"
fi

# tiny STEP_PREFIX FOLDERS: a new tree of FOLDERS x 1000 empty/tiny files, first and unchanged backup into new repositories
tiny() {
  echo "bench: making $2 x 1000 empty/tiny files" >&2
  rm -rf "$DATA" "$WORK/repo-restic" "$WORK/repo-agent" "$WORK/agent-home" "$WORK/restic-cache"
  make_tree "$DATA" "$2" 1000 2
  restic -r "$WORK/repo-restic" init > /dev/null
  "$AGENT" init --repo "folder:$WORK/repo-agent" > /dev/null
  mkdir -p "$WORK/agent-home"
  both_backups "$1-first"
  both_backups "$1-unchanged"
}
if [ "$HUGE" -gt 0 ]; then
  # the same kind of tree at 100,000 files first, in the same run: the issue compares the peak at 5,000,000 with it
  tiny base "${BENCH_HUGE_BASE:-100}"
  tiny huge "$HUGE"
fi

python3 - "$TIMES" "$WORK/many-files.md" "$FOLDERS" "$PER_FOLDER" "$HUGE" "$RESTORE_OK" "$(uptime)" \
    "$(restic version | head -n 1)" "$("$JAVA" -version 2>&1 | head -n 1)" "$(git rev-parse --short HEAD)" \
    "$AGENT_OPTS" "${BENCH_HUGE_BASE:-100}" <<'PY'
import sys, datetime
times, out, folders, per, huge, restore_ok, uptime, restic_v, java_v, commit, opts, base_folders = sys.argv[1:]
t = {}
for line in open(times):
    step, tool, wall, rss, load = line.split()
    t[(step, tool)] = (float(wall), int(rss), load)
n = int(folders) * int(per)
rows = []
def row(step, label, files):
    a, r = t.get((step, "agent")), t.get((step, "restic"))
    if not a or not r:
        return
    rows.append("| %s | %s | %.1f s (%.1f µs/file) | %.1f s | %.2f× | %d MiB | %d MiB | %.2f× | %s / %s |" % (
        label, f"{files:,}", a[0], a[0] * 1e6 / files, r[0], a[0] / r[0], a[1] // 1024, r[1] // 1024,
        a[1] / r[1], a[2], r[2]))
row("first", "first backup", n)
row("unchanged", "unchanged backup", n)
row("changed", "backup after 5% changed", n)
row("restore", "full restore", n)
if int(huge):
    base = int(base_folders) * 1000
    row("base-first", "first backup (empty/tiny files)", base)
    row("base-unchanged", "unchanged backup (empty/tiny files)", base)
    row("huge-first", "first backup (empty/tiny files)", int(huge) * 1000)
    row("huge-unchanged", "unchanged backup (empty/tiny files)", int(huge) * 1000)
with open(out, "w") as f:
    f.write("Run %s UTC, commit %s (%s). %s; %s. Agent: `java %s -jar fleet-agent-*-all.jar` as a command.\n\n" % (
        datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"), commit, uptime.strip(), restic_v, java_v, opts))
    f.write("| step | files | agent | restic | time agent/restic | agent peak RSS | restic peak RSS | RSS agent/restic | load after (agent / restic) |\n")
    f.write("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
    f.write("\n".join(rows) + "\n\n")
    f.write("Agent restore checked against the source with `diff -r`: %s.\n" % restore_ok)
    for step in ("first", "unchanged"):
        h, b = t.get(("huge-" + step, "agent")), t.get(("base-" + step, "agent"))
        if h and b:
            f.write("Agent peak RSS, %s backup of empty/tiny files: %s files %d MiB against %s files %d MiB (%+.1f%%).\n" % (
                step, f"{int(huge) * 1000:,}", h[1] // 1024, f"{int(base_folders) * 1000:,}", b[1] // 1024,
                (h[1] / b[1] - 1) * 100))
print(open(out).read())
PY
if [ "${BENCH_KEEP:-0}" != 1 ]; then
  rm -rf "$DATA" "$WORK/repo-restic" "$WORK/repo-agent" "$WORK/restic-cache" "$WORK/agent-home"
fi
