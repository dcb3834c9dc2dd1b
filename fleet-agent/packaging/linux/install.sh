#!/usr/bin/env bash
# Installs (or with --uninstall removes) the VaultFleet agent as the systemd service vaultfleet-agent.
#
#   sudo ./install.sh --console https://backup.example.com:8443 [--vault-credentials FILE]
#                     [--passphrase-file FILE] [--allow-insecure-http]
#                     [--install-dir /opt/vaultfleet-agent] [--cache-dir /var/lib/vaultfleet-agent]
#                     [--jar ./fleet-agent.jar] [--java /usr/bin/java] [--root DIR]
#   sudo ./install.sh --uninstall [--remove-cache]
#
# --allow-insecure-http: register with a console on plain http:// (the console's default; development only).
# --passphrase-file: the encryption passphrase for registration, for unattended installs (else it is asked for).
# --root DIR: install into the system image at DIR (folders and unit under DIR; nothing is started there).
set -euo pipefail

install_dir=/opt/vaultfleet-agent
cache_dir=/var/lib/vaultfleet-agent
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# the downloaded zip keeps the jar one folder up, beside the Windows scripts; a jar next to this script wins
jar="$here/fleet-agent.jar"
[[ -f "$jar" ]] || jar="$(dirname "$here")/fleet-agent.jar"
java="$(command -v java || true)"
console_url=""
vault_credentials=""
passphrase_file=""
allow_insecure_http=false
root=""
uninstall=false
remove_cache=false
unit=/etc/systemd/system/vaultfleet-agent.service

die() { echo "install.sh: $*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --console) console_url="${2:?--console needs a URL}"; shift 2 ;;
    --vault-credentials) vault_credentials="${2:?--vault-credentials needs a file}"; shift 2 ;;
    --passphrase-file) passphrase_file="${2:?--passphrase-file needs a file}"; shift 2 ;;
    --allow-insecure-http) allow_insecure_http=true; shift ;;
    --root) root="${2:?--root needs a folder}"; shift 2 ;;
    --install-dir) install_dir="${2:?--install-dir needs a folder}"; shift 2 ;;
    --cache-dir) cache_dir="${2:?--cache-dir needs a folder}"; shift 2 ;;
    --jar) jar="${2:?--jar needs a file}"; shift 2 ;;
    --java) java="${2:?--java needs a file}"; shift 2 ;;
    --uninstall) uninstall=true; shift ;;
    --remove-cache) remove_cache=true; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

# into another system image (--root) files are only written, so root is not needed there
[[ -n "$root" || $(id -u) -eq 0 ]] || die "run as root (sudo)"
[[ -z "$root" || -d "$root" ]] || die "--root $root is not a folder"

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
if [[ "$console_url" == http://* ]] && ! $allow_insecure_http; then
  die "the console $console_url is on plain http://: add --allow-insecure-http to use it anyway (development only)"
fi
[[ -f "$jar" ]] || die "agent jar not found at $jar (use --jar)"
[[ -n "$java" && -x "$java" ]] || die "no Java runtime found (Java 21 or later; use --java)"
[[ "$install_dir" != "$cache_dir" ]] || die "choose different folders for --install-dir and --cache-dir"

# the unit names folders as the installed system sees them; files are written under --root when one is given
install -d -m 0755 "$root$install_dir"
install -m 0644 "$jar" "$root$install_dir/fleet-agent.jar"
install -m 0755 "$here/agent-loop.sh" "$root$install_dir/agent-loop.sh"
install -d -m 0700 "$root$cache_dir"

if [[ -n "$vault_credentials" ]]; then
  [[ -f "$vault_credentials" ]] || die "vault credentials file $vault_credentials not found"
  register=(register --vault-credentials "$vault_credentials" --home "$root$cache_dir")
  if [[ -n "$passphrase_file" ]]; then
    [[ -f "$passphrase_file" ]] || die "passphrase file $passphrase_file not found"
    register+=(--passphrase-file "$passphrase_file")
  fi
  if $allow_insecure_http; then
    register+=(--allow-insecure-http)
  fi
  "$java" --enable-native-access=ALL-UNNAMED -jar "$root$install_dir/fleet-agent.jar" "${register[@]}" \
    || die "registration failed; the agent is installed but not started"
fi

install -d -m 0755 "$(dirname "$root$unit")"
sed -e "s|@INSTALL_DIR@|$install_dir|g" -e "s|@CACHE_DIR@|$cache_dir|g" \
    -e "s|@JAVA@|$java|g" -e "s|@CONSOLE_URL@|$console_url|g" \
    "$here/vaultfleet-agent.service" > "$root$unit"
chmod 0644 "$root$unit"
if [[ -n "$root" ]]; then
  echo "VaultFleet agent installed into $root ($install_dir, cache $cache_dir); not started there:" \
       "enable it with systemctl --root=$root enable vaultfleet-agent.service or on first boot."
  exit 0
fi
systemctl daemon-reload
systemctl enable --now vaultfleet-agent.service
echo "VaultFleet agent installed in $install_dir, cache in $cache_dir; service vaultfleet-agent started."
