#!/bin/sh
# Runs the VaultFleet agent, installs an upgrade the agent staged, and puts the previous version back when the new
# one does not start or is not welcomed by the console. systemd runs this script (see vaultfleet-agent.service).
#
#   agent-loop.sh JAVA JAR AGENT-ARGUMENTS...
#
# The agent exits with 75 after it staged JAR.new (verified: hash, console signature, version inside), and with 76
# when, running as a new version, it was not welcomed in time. Files are swapped here, while no JVM has them open.
set -u
java="$1"
jar="$2"
shift 2
failures_on_trial=0
delay=2

roll_back() {
  echo "agent-loop: version on trial failed; restoring the previous agent" >&2
  mv -f "$jar.previous" "$jar"
  failures_on_trial=0
}

while :; do
  if [ -f "$jar.new" ]; then
    echo "agent-loop: installing the staged upgrade" >&2
    cp -p "$jar" "$jar.previous"
    mv -f "$jar.new" "$jar"
    failures_on_trial=0
  fi
  "$java" --enable-native-access=ALL-UNNAMED -jar "$jar" "$@"
  code=$?
  case "$code" in
    0) exit 0 ;;
    75) continue ;;
    76) [ -f "$jar.previous" ] && roll_back ;;
    *)
      # a version on trial that keeps failing to start is not given a fourth chance
      if [ -f "$jar.previous" ]; then
        failures_on_trial=$((failures_on_trial + 1))
        [ "$failures_on_trial" -ge 3 ] && roll_back
      fi
      sleep "$delay"
      ;;
  esac
done
