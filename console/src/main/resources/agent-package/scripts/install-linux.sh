#!/bin/sh
# Installs the VaultFleet agent as a systemd service. Run as root:  sh install-linux.sh [install-dir]
# Needs Java 21 or newer on PATH (or set JAVA=/path/to/java).
set -eu
DIR="${1:-/opt/vaultfleet-agent}"
JAVA="${JAVA:-$(command -v java || true)}"
[ "$(id -u)" -eq 0 ] || { echo "Run as root." >&2; exit 1; }
[ -n "$JAVA" ] || { echo "Java 21+ not found: install it or set JAVA." >&2; exit 1; }
HERE="$(cd "$(dirname "$0")" && pwd)"
JAR="$(ls "$HERE"/fleet-agent-*-all.jar | head -n 1)"
install -d -m 0700 "$DIR"
install -m 0600 "$JAR" "$DIR/fleet-agent.jar"
sed -e "s#@JAVA@#$JAVA#g" -e "s#@DIR@#$DIR#g" "$HERE/vaultfleet-agent.service" \
    > /etc/systemd/system/vaultfleet-agent.service
systemctl daemon-reload
systemctl enable --now vaultfleet-agent.service
echo "VaultFleet agent installed in $DIR and started (systemctl status vaultfleet-agent)."
