#!/usr/bin/env bash
# Installs (or with --uninstall removes) the VaultFleet agent as the systemd service vaultfleet-agent.
#
#   sudo ./install.sh --console https://backup.example.com:8443 [--vault-credentials FILE]
#                     [--install-dir /opt/vaultfleet-agent] [--cache-dir /var/lib/vaultfleet-agent]
#                     [--jar ./fleet-agent.jar] [--java /usr/bin/java]
#   sudo ./install.sh --uninstall [--remove-cache]
set -euo pipefail

install_dir=/opt/vaultfleet-agent
cache_dir=/var/lib/vaultfleet-agent
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/fleet-agent.jar"
java="$(command -v java || true)"
console_url=""
vault_credentials=""
uninstall=false
remove_cache=false
unit=/etc/systemd/system/vaultfleet-agent.service

die() { echo "install.sh: $*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --console) console_url="${2:?--console needs a URL}"; shift 2 ;;
    --vault-credentials) vault_credentials="${2:?--vault-credentials needs a file}"; shift 2 ;;
    --install-dir) install_dir="${2:?--install-dir needs a folder}"; shift 2 ;;
    --cache-dir) cache_dir="${2:?--cache-dir needs a folder}"; shift 2 ;;
    --jar) jar="${2:?--jar needs a file}"; shift 2 ;;
    --java) java="${2:?--java needs a file}"; shift 2 ;;
    --uninstall) uninstall=true; shift ;;
    --remove-cache) remove_cache=true; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

[[ $(id -u) -eq 0 ]] || die "run as root (sudo)"

if $uninstall; then
  systemctl disable --now vaultfleet-agent.service 2>/dev/null || true
  rm -f "$unit"
  systemctl daemon-reload
  rm -rf "$install_dir"
  if $remove_cache; then
    rm -rf "$cache_dir"
    echo "VaultFleet agent removed, cache $cache_dir deleted."
  else
    echo "VaultFleet agent removed. $cache_dir is kept (registration and secrets); --remove-cache deletes it."
  fi
  exit 0
fi

[[ -n "$console_url" ]] || die "--console URL is required"
[[ -f "$jar" ]] || die "agent jar not found at $jar (use --jar)"
[[ -n "$java" && -x "$java" ]] || die "no Java runtime found (Java 21 or later; use --java)"
[[ "$install_dir" != "$cache_dir" ]] || die "choose different folders for --install-dir and --cache-dir"

install -d -m 0755 "$install_dir"
install -m 0644 "$jar" "$install_dir/fleet-agent.jar"
install -m 0755 "$here/agent-loop.sh" "$install_dir/agent-loop.sh"
install -d -m 0700 "$cache_dir"

if [[ -n "$vault_credentials" ]]; then
  [[ -f "$vault_credentials" ]] || die "vault credentials file $vault_credentials not found"
  "$java" --enable-native-access=ALL-UNNAMED -jar "$install_dir/fleet-agent.jar" register \
    --vault-credentials "$vault_credentials" --home "$cache_dir" \
    || die "registration failed; the agent is installed but not started"
fi

sed -e "s|@INSTALL_DIR@|$install_dir|g" -e "s|@CACHE_DIR@|$cache_dir|g" \
    -e "s|@JAVA@|$java|g" -e "s|@CONSOLE_URL@|$console_url|g" \
    "$here/vaultfleet-agent.service" > "$unit"
chmod 0644 "$unit"
systemctl daemon-reload
systemctl enable --now vaultfleet-agent.service
echo "VaultFleet agent installed in $install_dir, cache in $cache_dir; service vaultfleet-agent started."
